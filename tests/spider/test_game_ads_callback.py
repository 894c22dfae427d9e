"""What the spider makes of a game's ads page: which stored ads it may mark inactive, and
that a page it cannot read is a dropped item (counted), not silence."""
from pathlib import Path

from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from auctionspider.items import GameItem, ListingItem
from auctionspider.spiders.leiloes import LeiloesSpider

SNIPPETS = Path(__file__).resolve().parents[1] / "parsing" / "snippets"
URL = "http://127.0.0.1:8123/jogo/wingspan?v=anuncios"


def callback_output(html: str) -> list:
    crawler = get_crawler(LeiloesSpider, {"LUDOPEDIA_BASE_URL": "http://127.0.0.1:8123"})
    spider = LeiloesSpider.from_crawler(crawler)
    spider.known, spider.ads_games, spider.now = {}, {"wingspan"}, None
    response = HtmlResponse(URL, body=html.encode("utf-8"), encoding="utf-8")
    return list(spider.parse_game_ads(response, watched=True))


def game_item(out: list) -> GameItem:
    [game] = [x for x in out if isinstance(x, GameItem)]
    return game


def without_bad_rows(html: str) -> str:
    """The snippet with its two unreadable rows (Recife, Natal) removed."""
    rows = html.split("<tr")
    return "<tr".join(r for r in rows if "Recife" not in r and "Natal" not in r)


def test_a_fully_read_table_lists_the_ads_that_are_still_there():
    out = callback_output(without_bad_rows((SNIPPETS / "game_ads.html").read_text()))
    listings = [x["id"] for x in out if isinstance(x, ListingItem)]
    assert listings and game_item(out)["listing_ids"] == listings


def test_an_unreadable_row_deactivates_nothing():
    """That row may be a live ad: leaving listing_ids unset keeps every stored ad active."""
    out = callback_output((SNIPPETS / "game_ads.html").read_text())
    assert [x for x in out if isinstance(x, ListingItem)]  # the readable rows still stored
    assert game_item(out)["listing_ids"] is None


def test_an_unreadable_page_is_an_item_with_its_reason():
    out = callback_output((SNIPPETS / "not_ludopedia.html").read_text())
    game = game_item(out)
    assert game["url"] == URL and "ads page not understood" in game["parse_error"]
    assert "slug" not in game
