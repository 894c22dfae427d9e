"""Pure parsing of Ludopedia pages: HTML text + URL in, plain data out.

No I/O, no Scrapy, no database. See DESIGN.md, "Page anatomy".
"""
from auctionspider.parsing.auction_page import AUCTION_KEYS, parse_auction_page
from auctionspider.parsing.dates import BRASILIA, infer_year, parse_site_datetime
from auctionspider.parsing.discovery import auction_links, listing_page_links
from auctionspider.parsing.errors import ParseError
from auctionspider.parsing.game_ads import parse_game_ads
from auctionspider.parsing.money import format_brl, parse_money_cents

__all__ = [
    "AUCTION_KEYS", "BRASILIA", "ParseError", "auction_links", "format_brl", "infer_year",
    "listing_page_links", "parse_auction_page", "parse_game_ads", "parse_money_cents",
    "parse_site_datetime",
]
