"""The real spider, through Scrapy, against the replay site; then read the database."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text

from auctionspider.db.engine import get_engine
from auctionspider.db.models import Auction, AuctionSnapshot, CrawlRun, Game, Listing
from auctionspider.replaysite.server import ReplaySite
from auctionspider.replaysite.world import World

FIXTURE_NOW = "2025-08-27T14:30:00Z"  # when the real pages were saved (11:30 Brasília)
AFTER_END = "2025-09-05T12:00:00Z"


def table(db_url, model, *where):
    with get_engine(db_url).connect() as conn:
        query = select(model.__table__).where(*where) if where else select(model.__table__)
        return [dict(r) for r in conn.execute(query).mappings()]


def test_crawl_of_the_real_pages_stores_every_value_from_the_fixtures_readme(db_url, crawl, ludopedia_fixtures):
    fixtures = ludopedia_fixtures
    with ReplaySite(world=World(now=datetime(2025, 8, 27, 14, 30, tzinfo=UTC)), fixtures_dir=fixtures,
                    fixture_stage="open") as site:
        result = crawl(site.base_url, db_url, FIXTURE_NOW, "-a", "jogos=the-red-cathedral")
        assert result.returncode == 0, result.log[-3000:]
        assert "ludopedia.com.br" not in "".join(path for _, path, _ in site.request_log)

        (game,) = table(db_url, Game)
        assert (game["slug"], game["name"], game["ludopedia_id"], game["ludostore_price_cents"], game["watched"]) == \
            ("the-red-cathedral", "The Red Cathedral", 25605, 20355, True)

        auction = table(db_url, Auction, Auction.id == 627426)[0]
        assert {k: auction[k] for k in (
            "lot_id", "game_id", "title", "kind", "condition", "edition", "seller", "city", "state", "status",
            "current_bid_cents", "bid_count", "buy_now_cents", "final_price_cents", "ends_at", "followers", "views",
        )} == {
            "lot_id": 87356, "game_id": game["id"], "title": "The Red Cathedral", "kind": "game",
            "condition": "used", "edition": "Devir Brasil", "seller": "cassiusf", "city": "Rio de Janeiro",
            "state": "RJ", "status": "open", "current_bid_cents": 12000, "bid_count": 8, "buy_now_cents": None,
            "final_price_cents": None, "ends_at": datetime(2025, 9, 4, 1, 30), "followers": 40, "views": 184,
        }
        assert auction["description"].startswith("Usado, em ótimo estado, edição em português Devir.")
        assert auction["description"].endswith("Com sleeves!")
        assert auction["url"] == f"{site.base_url}/leilao/627426/the-red-cathedral"
        # 628542 (in the ads table) and the 15 other items of the lot answer "deleted":
        # never seen alive, so no rows for them.
        assert [a["id"] for a in table(db_url, Auction)] == [627426]

        listings = {row["id"]: row for row in table(db_url, Listing)}
        assert len(listings) == 13 and all(row["active"] for row in listings.values())
        insert = listings[244141]
        assert (insert["title"], insert["kind"], insert["condition"], insert["price_cents"]) == \
            ("The Red Cathedral - Insert 3D", "accessory", "sealed", 7500)
        assert (listings[33825]["kind"], listings[33825]["city"], listings[33825]["condition"],
                listings[33825]["price_cents"]) == ("game", "Sao Paulo", "sealed", 27280)

        (run,) = table(db_url, CrawlRun)
        assert run["finish_reason"] == "finished" and run["items_dropped"] == 0
        assert run["pages"] >= 18 and run["items_stored"] == 1 + 13 + 1 + 16  # game, ads, 627426, deleted pages

        # The auction ends; the next plain crawl revisits it and records the sale.
        site.fixture_stage = "ended"
        site.clear_cache()
        site.reset_log()
        result = crawl(site.base_url, db_url, AFTER_END)
        assert result.returncode == 0, result.log[-3000:]
        assert ("GET", "/leilao/627426/the-red-cathedral", 200) in site.request_log
        sold = table(db_url, Auction, Auction.id == 627426)[0]
        assert (sold["status"], sold["final_price_cents"], sold["bid_count"], sold["ends_at"]) == \
            ("sold", 25000, 12, datetime(2025, 9, 4, 1, 30))
        snapshots = table(db_url, AuctionSnapshot)
        assert [(s["current_bid_cents"], s["bid_count"]) for s in snapshots] == [(12000, 8), (25000, 12)]


def test_a_stored_open_auction_that_ended_without_bids_is_recorded_unsold(db_url, crawl, ludopedia_fixtures):
    fixtures = ludopedia_fixtures
    # As if an earlier crawl had seen Assyria open (its page is only saved ended).
    with get_engine(db_url).begin() as conn:
        conn.execute(text(
            "INSERT INTO auction (id, title, kind, `condition`, status, bid_count, url, ends_at,"
            " first_seen_at, last_seen_at, updated_at) VALUES (627783, 'Assyria', 'unknown', 'used', 'open', 0,"
            " 'https://ludopedia.com.br/leilao/627783/assyria', '2025-08-27 01:00:00', '2025-08-20 12:00:00',"
            " '2025-08-20 12:00:00', '2025-08-20 12:00:00')".replace("`", '"' if db_url.startswith("sqlite") else "`")))
    with ReplaySite(world=World(now=datetime(2025, 8, 27, 14, 30, tzinfo=UTC)), fixtures_dir=fixtures) as site:
        result = crawl(site.base_url, db_url, FIXTURE_NOW)
        assert result.returncode == 0, result.log[-3000:]
    row = table(db_url, Auction, Auction.id == 627783)[0]
    assert {k: row[k] for k in ("status", "final_price_cents", "current_bid_cents", "bid_count", "lot_id", "seller",
                                 "city", "state", "edition", "followers", "views", "ends_at", "kind")} == {
        "status": "unsold", "final_price_cents": None, "current_bid_cents": None, "bid_count": 0, "lot_id": 87439,
        "seller": "GSReis", "city": "Rio de Janeiro", "state": "RJ", "edition": "Rio Grande Games",
        "followers": 1, "views": 59, "ends_at": datetime(2025, 8, 27, 1, 0), "kind": "game",
    }
    assert table(db_url, Game)[0]["slug"] == "assyria"


def test_synthetic_site_crawl_discovers_by_url_and_records_endings(db_url, crawl):
    world = World.generate(games=4, lots=12, seed=7, now=datetime(2025, 3, 10, 15, 0, tzinfo=UTC))
    watched = sorted(world.games)[:2]
    with ReplaySite(world=world, fixtures_dir=None, page_size=10) as site:
        first = crawl(site.base_url, db_url, world.now.isoformat(), "-a", f"jogos={','.join(watched)}")
        assert first.returncode == 0, first.log[-3000:]
        second = crawl(site.base_url, db_url, world.now.isoformat())
        assert second.returncode == 0, second.log[-3000:]
        stored = {a["id"]: a for a in table(db_url, Auction)}
        open_now = {a.id for a in world.open_auctions(world.now)}
        assert open_now <= set(stored)  # every open item, found through /leiloes pages and lots
        for auction_id in open_now:
            assert stored[auction_id]["status"] == "open"
            expected = world.auction(auction_id).state(world.now)
            assert (stored[auction_id]["current_bid_cents"], stored[auction_id]["bid_count"]) == \
                (expected.current_bid_cents, expected.bid_count)
        assert {g["slug"] for g in table(db_url, Game) if g["watched"]} == set(watched)

        # Twelve days later every one of them has ended: one more crawl records how.
        world.advance(timedelta(days=12))
        third = crawl(site.base_url, db_url, world.now.isoformat())
        assert third.returncode == 0, third.log[-3000:]
        stored = {a["id"]: a for a in table(db_url, Auction)}
        for auction_id in open_now:
            expected = world.auction(auction_id).state(world.now)
            want = "canceled" if expected.status == "deleted" else expected.status
            assert (stored[auction_id]["status"], stored[auction_id]["final_price_cents"]) == \
                (want, expected.final_price_cents if want == "sold" else None), auction_id
