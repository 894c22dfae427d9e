from auctionspider.db.engine import database_url, get_engine, make_engine
from auctionspider.db.models import Auction, AuctionSnapshot, Base, CrawlRun, Game, Listing

__all__ = [
    "Auction", "AuctionSnapshot", "Base", "CrawlRun", "Game", "Listing",
    "database_url", "get_engine", "make_engine",
]
