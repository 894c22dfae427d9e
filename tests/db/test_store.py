"""Store pipeline and upserts against real SQLite and MariaDB databases."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from scrapy.exceptions import DropItem
from sqlalchemy import DateTime, event, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.pool import StaticPool

from auctionspider import deadletter, pipelines
from auctionspider.db import store as store_module
from auctionspider.db.engine import make_engine
from auctionspider.db.models import Auction, AuctionSnapshot, Game, Listing
from auctionspider.items import AuctionItem, GameItem, ListingItem
from auctionspider.pipelines import StorePipeline, ValidatePipeline, write_batch, item_record
from auctionspider.replay import main as replay_main

T0 = datetime(2025, 8, 27, 14, 30, tzinfo=UTC)


def auction(**overrides) -> AuctionItem:
    fields = dict(
        id=627426, lot_id=87356, title="The Red Cathedral", subtitle="", game_slug="the-red-cathedral",
        game_name="The Red Cathedral", ludopedia_game_id=25605, ludostore_price_cents=20355,
        kind="game", kind_source="page", condition="used", edition="Devir Brasil", seller="cassiusf",
        city="Rio de Janeiro", state="RJ", status="open", current_bid_cents=12000, bid_count=8,
        buy_now_cents=None, final_price_cents=None, ends_at=datetime(2025, 9, 4, 1, 30, tzinfo=UTC),
        followers=40, views=184, description="Usado, em ótimo estado.",
        url="https://ludopedia.com.br/leilao/627426/the-red-cathedral", lot_items=[], deleted=False,
        observed_at=T0,
    )
    fields.update(overrides)
    return AuctionItem(**fields)


def deleted(auction_id=627426, observed_at=T0) -> AuctionItem:
    return AuctionItem(id=auction_id, status="canceled", deleted=True, observed_at=observed_at,
                       url=f"https://ludopedia.com.br/leilao/{auction_id}/x", lot_items=[])


def store(engine, *items):
    write_batch(engine, [item_record(i) for i in items])


def rows(engine, model):
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(model.__table__).order_by(model.__table__.c.id)).mappings()]


def the_auction(engine, auction_id=627426) -> dict:
    return next(r for r in rows(engine, Auction) if r["id"] == auction_id)


def test_new_auction_is_stored_with_its_game_and_a_first_snapshot(engine):
    store(engine, auction())
    row = the_auction(engine)
    assert row["status"] == "open" and row["current_bid_cents"] == 12000 and row["bid_count"] == 8
    assert row["ends_at"] == datetime(2025, 9, 4, 1, 30)  # naive UTC in the database
    assert row["first_seen_at"] == row["last_seen_at"] == datetime(2025, 8, 27, 14, 30)
    (game,) = rows(engine, Game)
    assert (game["slug"], game["name"], game["ludopedia_id"], game["ludostore_price_cents"]) == \
        ("the-red-cathedral", "The Red Cathedral", 25605, 20355)
    assert row["game_id"] == game["id"] and game["watched"] is False
    assert [(s["current_bid_cents"], s["bid_count"]) for s in rows(engine, AuctionSnapshot)] == [(12000, 8)]


def test_storing_the_same_observations_twice_leaves_the_same_rows(engine):
    items = [auction(), auction(id=627427, title="Arcs", game_slug="arcs", game_name="Arcs")]
    store(engine, *items)
    first = (rows(engine, Auction), rows(engine, Game), rows(engine, AuctionSnapshot))
    store(engine, *items)
    assert (rows(engine, Auction), rows(engine, Game), rows(engine, AuctionSnapshot)) == first


def test_an_unchanged_observation_writes_no_auction_or_snapshot_row(engine):
    store(engine, auction())
    with _statements(engine) as sent:
        store(engine, auction())
    assert not [s for s in sent if s.startswith(("INSERT INTO auction", "UPDATE auction"))]
    store(engine, auction(observed_at=T0 + timedelta(hours=1)))  # only last_seen_at moves
    row = the_auction(engine)
    assert (row["last_seen_at"], row["updated_at"]) == \
        (datetime(2025, 8, 27, 15, 30), datetime(2025, 8, 27, 14, 30))
    assert len(rows(engine, AuctionSnapshot)) == 1


def test_one_batch_with_new_changed_repeated_and_unknown_deleted_auctions(engine):
    store(engine, auction())
    later = T0 + timedelta(hours=1)
    store(engine,
          auction(current_bid_cents=13000, bid_count=9, observed_at=later),  # changed
          auction(id=700001, views=10, observed_at=later),                   # new...
          auction(id=700001, views=12, observed_at=later + timedelta(minutes=5)),  # ...seen twice
          deleted(auction_id=700002, observed_at=later))                     # never stored
    assert [r["id"] for r in rows(engine, Auction)] == [627426, 700001]
    assert (the_auction(engine)["current_bid_cents"], the_auction(engine, 700001)["views"]) == (13000, 12)
    snaps = [(s["auction_id"], s["current_bid_cents"], s["views"], s["observed_at"])
             for s in rows(engine, AuctionSnapshot)]
    assert snaps == [(627426, 12000, 184, datetime(2025, 8, 27, 14, 30)),
                     (627426, 13000, 184, datetime(2025, 8, 27, 15, 30)),
                     (700001, 12000, 12, datetime(2025, 8, 27, 15, 35))]


def test_stored_times_match_times_in_sql_filters(engine):
    # The batch writes hand values to the driver directly: times must be stored the way
    # SQLAlchemy compares them (SQLite keeps them as text).
    store(engine, auction())
    ends, seen = datetime(2025, 9, 4, 1, 30), datetime(2025, 8, 27, 14, 30)
    with engine.connect() as conn:
        assert conn.execute(select(Auction.id).where(
            Auction.ends_at == ends, Auction.first_seen_at == seen, Auction.updated_at == seen,
        )).scalars().all() == [627426]
        assert conn.execute(select(AuctionSnapshot.auction_id).where(
            AuctionSnapshot.observed_at == seen)).scalars().all() == [627426]
        (game,) = rows(engine, Game)  # created at the time of the write
        assert conn.execute(select(Game.slug).where(Game.created_at == game["created_at"])).scalars().all() == \
            ["the-red-cathedral"]


def test_known_and_new_games_in_one_batch_get_their_own_ids(engine):
    store(engine, GameItem(slug="arcs", name="Arcs", watched=True, listing_ids=None))
    store(engine, auction(id=700001, game_slug="arcs", game_name="Arcs"),
          auction(id=700002, game_slug="kemet", game_name="Kemet"))
    games = {g["slug"]: g["id"] for g in rows(engine, Game)}
    assert {a["id"]: a["game_id"] for a in rows(engine, Auction)} == \
        {700001: games["arcs"], 700002: games["kemet"]}


@pytest.mark.parametrize("db_url", [pytest.param("mysql", marks=pytest.mark.mysql)], indirect=True)
def test_mysql_gets_each_batch_of_rows_as_one_insert_statement(db_url):
    # PyMySQL joins an executemany into one multi-row INSERT only when the SQL has the
    # shape it expects; otherwise it sends one statement (one round trip) per row.
    engine = make_engine(db_url, poolclass=StaticPool)  # one connection: its own counters

    def inserts():
        with engine.connect() as conn:
            return int(conn.execute(text("SHOW SESSION STATUS LIKE 'Com_insert'")).one()[1])

    items = [auction(id=700000 + n, game_slug=slug, game_name=slug.title())
             for n, slug in enumerate(["arcs", "kemet"] * 3)]
    before = inserts()
    store(engine, *items)
    assert inserts() - before == 2  # the games, the auctions (snapshots: INSERT ... SELECT)
    later = T0 + timedelta(hours=1)
    store(engine, *[auction(**{**item, "views": 500, "observed_at": later}) for item in items])
    assert inserts() - before == 3  # the changed auctions
    assert len(rows(engine, Auction)) == 6 and len(rows(engine, AuctionSnapshot)) == 12
    engine.dispose()


HOSTILE_TEXT = [
    "O'Brien's \\' \\\\ \"aspas\" `crase`", "50% off %s %(id)s %%", "nul \x00 and ctrl-z \x1a",
    "linha\nnova\r\ttab", "'); DROP TABLE auction; --", "Ação 🎲 Ñandú ß", "\\", "'",
]


def store_hostile_text(engine):
    items = [auction(id=710000 + n, title=text, seller=text[:100], description=text * 3,
                     game_slug=f"jogo-{n}", game_name=text)
             for n, text in enumerate(HOSTILE_TEXT)]
    store(engine, *items)
    stored = {row["id"]: row for row in rows(engine, Auction)}
    assert [(stored[i["id"]]["title"], stored[i["id"]]["seller"], stored[i["id"]]["description"])
            for i in items] == [(t, t[:100], t * 3) for t in HOSTILE_TEXT]
    assert sorted(g["name"] for g in rows(engine, Game)) == sorted(HOSTILE_TEXT)


def test_text_is_stored_exactly_whatever_it_holds(engine):
    """On MySQL the rows go as SQL text (store._mysql_insert_rows): quotes, backslashes,
    % signs and control characters must come back as they went in."""
    store_hostile_text(engine)


@pytest.mark.parametrize("db_url", [pytest.param("mysql", marks=pytest.mark.mysql)], indirect=True)
def test_text_is_stored_exactly_on_a_server_without_backslash_escapes(db_url):
    """A server whose sql_mode has NO_BACKSLASH_ESCAPES reads \\' as a backslash and the
    end of the string: text must then be escaped by doubling quotes only."""
    engine = make_engine(db_url, poolclass=StaticPool)  # one connection: the session's mode
    with engine.connect() as conn:
        conn.exec_driver_sql("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')")
    store_hostile_text(engine)
    engine.dispose()


@pytest.mark.parametrize("db_url", [pytest.param("mysql", marks=pytest.mark.mysql)], indirect=True)
def test_mysql_splits_a_batch_bigger_than_a_statement_should_be(db_url):
    """Rows go as multi-row INSERTs of about 1 MB at most, as PyMySQL's executemany sends
    them: a server's max_allowed_packet (16 MB by default on MariaDB) is never near."""
    engine = make_engine(db_url, poolclass=StaticPool)

    def inserts():
        with engine.connect() as conn:
            return int(conn.execute(text("SHOW SESSION STATUS LIKE 'Com_insert'")).one()[1])

    long_text = "Descrição longa, com 'aspas' e \\barras\\. " * 1400  # ~60 KB
    items = [auction(id=720000 + n, description=f"{n} {long_text}") for n in range(40)]  # ~2.4 MB
    before = inserts()
    store(engine, *items)
    # the game, then 40 auctions in 3 statements (about 16 rows each)
    assert inserts() - before == 1 + 3
    stored = rows(engine, Auction)
    assert [(r["id"], r["description"]) for r in stored] == \
        [(720000 + n, f"{n} {long_text}") for n in range(40)]
    engine.dispose()


def test_a_batch_bigger_than_a_lookup_chunk_merges_and_snapshots_every_auction(engine, monkeypatch):
    monkeypatch.setattr(store_module, "CHUNK", 3)  # ids looked up and copied 3 at a time
    store(engine, *[auction(id=730000 + n) for n in range(4)])
    later = T0 + timedelta(hours=1)
    store(engine, *[auction(id=730000 + n, views=300 + n, observed_at=later) for n in range(7)])
    assert {a["id"]: (a["views"], a["first_seen_at"]) for a in rows(engine, Auction)} == {
        730000 + n: (300 + n, datetime(2025, 8, 27, 14 if n < 4 else 15, 30)) for n in range(7)}
    snapshots = sorted((s["auction_id"], s["views"]) for s in rows(engine, AuctionSnapshot))
    assert snapshots == sorted([(730000 + n, 184) for n in range(4)] +
                               [(730000 + n, 300 + n) for n in range(7)])


def test_snapshot_only_when_bid_count_followers_or_views_change(engine):
    store(engine, auction())
    store(engine, auction(title="The Red Cathedral (nova foto)", observed_at=T0 + timedelta(hours=1)))
    assert len(rows(engine, AuctionSnapshot)) == 1
    store(engine, auction(views=190, observed_at=T0 + timedelta(hours=2)))
    store(engine, auction(current_bid_cents=13000, bid_count=9, views=190, observed_at=T0 + timedelta(hours=3)))
    snaps = rows(engine, AuctionSnapshot)
    assert [(s["current_bid_cents"], s["bid_count"], s["views"]) for s in snaps] == \
        [(12000, 8, 184), (12000, 8, 190), (13000, 9, 190)]
    assert snaps[-1]["observed_at"] == datetime(2025, 8, 27, 17, 30)


def test_status_only_moves_forward_and_an_ended_auction_keeps_its_result(engine):
    store(engine, auction())
    store(engine, auction(status="sold", final_price_cents=25000, current_bid_cents=25000, bid_count=12,
                          observed_at=T0 + timedelta(days=8)))
    sold = the_auction(engine)
    assert (sold["status"], sold["final_price_cents"], sold["bid_count"]) == ("sold", 25000, 12)
    # Later worse observations: a deleted page, then a stale open copy of the page.
    store(engine, deleted(observed_at=T0 + timedelta(days=9)))
    store(engine, auction(observed_at=T0 + timedelta(days=10), ends_at=datetime(2026, 1, 1, tzinfo=UTC)))
    after = the_auction(engine)
    assert (after["status"], after["final_price_cents"], after["ends_at"]) == \
        ("sold", 25000, datetime(2025, 9, 4, 1, 30))
    assert after["last_seen_at"] == datetime(2025, 9, 6, 14, 30)


def test_an_open_auction_that_disappears_is_canceled_but_keeps_what_we_knew(engine):
    store(engine, auction())
    store(engine, deleted(observed_at=T0 + timedelta(hours=5)))
    row = the_auction(engine)
    assert row["status"] == "canceled" and row["title"] == "The Red Cathedral" and row["current_bid_cents"] == 12000
    store(engine, auction(observed_at=T0 + timedelta(hours=6)))
    assert the_auction(engine)["status"] == "canceled"


def test_an_auction_deleted_before_we_ever_saw_it_is_not_stored(engine):
    store(engine, deleted(auction_id=628542))
    assert rows(engine, Auction) == []


def test_unsold_auction_has_no_final_price(engine):
    store(engine, auction(current_bid_cents=None, bid_count=0))
    store(engine, auction(status="unsold", current_bid_cents=None, bid_count=0, observed_at=T0 + timedelta(days=8)))
    row = the_auction(engine)
    assert (row["status"], row["final_price_cents"], row["current_bid_cents"]) == ("unsold", None, None)


def test_kind_from_the_ads_table_is_not_overwritten_by_the_item_page(engine):
    store(engine, auction(kind="combo", kind_source="ads"))
    store(engine, auction(kind="game", kind_source="page", observed_at=T0 + timedelta(hours=1)))
    assert the_auction(engine)["kind"] == "combo"
    store(engine, auction(id=700001, kind="unknown", kind_source="page"))
    store(engine, auction(id=700001, kind="accessory", kind_source="ads"))
    assert the_auction(engine, 700001)["kind"] == "accessory"


def test_watchlist_is_never_unset_by_a_crawl_and_names_are_not_blanked(engine):
    store(engine, GameItem(slug="arcs", name="Arcs", ludopedia_id=None, watched=True, listing_ids=None))
    store(engine, auction(game_slug="arcs", game_name=None, ludopedia_game_id=31000))
    (game,) = rows(engine, Game)
    assert (game["name"], game["watched"], game["ludopedia_id"]) == ("Arcs", True, 31000)


def test_listings_missing_from_the_ads_page_become_inactive(engine):
    def listing(lid, price):
        return ListingItem(id=lid, game_slug="arcs", title="Arcs", kind="game", condition="sealed",
                           city="São Paulo", notes=None, price_cents=price, url=f"https://x/produto/{lid}/arcs")
    store(engine, GameItem(slug="arcs", name="Arcs", watched=True, listing_ids=[1, 2]), listing(1, 30000), listing(2, 31000))
    store(engine, GameItem(slug="arcs", name="Arcs", watched=True, listing_ids=[2]), listing(2, 29900))
    got = {r["id"]: (r["active"], r["price_cents"]) for r in rows(engine, Listing)}
    assert got == {1: (False, 30000), 2: (True, 29900)}


def test_a_replayed_listing_keeps_the_time_it_was_seen(engine, db_url, tmp_path):
    """A dead-lettered ad stored a day later is recorded as seen when its page was read."""
    def listing(observed_at):
        return ListingItem(id=7, game_slug="arcs", title="Arcs", kind="game", condition="sealed",
                           city="São Paulo", notes=None, price_cents=30000,
                           url="https://x/produto/7/arcs", observed_at=observed_at)
    store(engine, listing(T0))
    path = deadletter.write(tmp_path / "dead.jsonl", [item_record(listing(T0 + timedelta(hours=5)))])
    assert replay_main([str(path), "--database-url", db_url]) == 0
    (row,) = rows(engine, Listing)
    assert (row["first_seen_at"], row["last_seen_at"]) == (datetime(2025, 8, 27, 14, 30),
                                                           datetime(2025, 8, 27, 19, 30))


def test_store_pipeline_writes_in_batches(engine, db_url):
    stats = _Stats()
    pipeline = StorePipeline(db_url, batch_size=100, stats=stats, deadletter_dir="unused")
    pipeline.open_spider()
    for n in range(250):
        pipeline.process_item(auction(id=800000 + n))
    assert len(rows(engine, Auction)) == 200  # two full batches written, 50 buffered
    pipeline.close_spider()
    assert len(rows(engine, Auction)) == 250
    assert stats.values["leiloes/items_stored"] == 250


def test_store_pipeline_writes_a_batch_once_its_oldest_item_has_waited(engine, db_url, monkeypatch):
    """A slow (polite) crawl never fills a batch: items still reach the database in time."""
    clock = [1000.0]
    monkeypatch.setattr(pipelines, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    pipeline = StorePipeline(db_url, batch_size=1000, stats=_Stats(), deadletter_dir="unused",
                             flush_seconds=60)
    pipeline.open_spider()
    pipeline.process_item(auction(id=810000))
    clock[0] += 59
    pipeline.process_item(auction(id=810001))
    assert rows(engine, Auction) == []
    clock[0] += 1  # the first item has now waited 60 s
    pipeline.process_item(auction(id=810002))
    assert len(rows(engine, Auction)) == 3
    clock[0] += 59  # the next batch's wait starts with its own first item
    pipeline.process_item(auction(id=810003))
    clock[0] += 59
    pipeline.process_item(auction(id=810004))
    assert len(rows(engine, Auction)) == 3
    pipeline.close_spider()
    assert len(rows(engine, Auction)) == 5


def test_a_batch_the_database_refuses_goes_to_a_dead_letter_file_and_replays(engine, db_url, tmp_path):
    stats = _Stats()
    broken = StorePipeline("sqlite:////nonexistent-dir/forbidden/x.sqlite3", batch_size=10, stats=stats,
                           deadletter_dir=str(tmp_path / "dead"))
    broken.engine = _unreachable_engine()
    items = [auction(id=900000 + n) for n in range(25)]
    for item in items:
        broken.process_item(item)
    broken.close_spider()
    assert stats.values["leiloes/items_deadlettered"] == 25
    (path,) = (tmp_path / "dead").glob("*.jsonl")
    assert stats.values["leiloes/deadletter_file"] == str(path)
    assert len(list(deadletter.read(path))) == 25
    assert replay_main([str(path), "--database-url", db_url]) == 0
    stored = rows(engine, Auction)
    assert sorted(r["id"] for r in stored) == [900000 + n for n in range(25)]
    assert stored[0]["ends_at"] == datetime(2025, 9, 4, 1, 30)
    assert not path.exists() and path.with_name(path.name + ".done").exists()


def test_validation_drops_bad_items_with_url_and_reason():
    stats = _Stats()
    validate = ValidatePipeline(stats)
    assert validate.process_item(auction()) is not None
    cases = [
        (auction(id=None), "missing or bad auction id"),
        (auction(current_bid_cents=-5), "bad price current_bid_cents"),
        (auction(status="sold", final_price_cents=None), "sold without a final price"),
        (AuctionItem(id=1, url="https://x/leilao/1/a", parse_error="auction page not understood: no bid block"),
         "no bid block"),
        (ListingItem(id=3, title="", price_cents=100, url="https://x/produto/3/a"), "no title"),
    ]
    for item, reason in cases:
        with pytest.raises(DropItem) as dropped:
            validate.process_item(item)
        assert reason in str(dropped.value) and str(item.get("url")) in str(dropped.value)
    assert stats.values == {"leiloes/dropped/auction": 4, "leiloes/dropped/listing": 1}


class _Stats:
    def __init__(self):
        self.values = {}

    def inc_value(self, key, count=1, start=0):
        self.values[key] = self.values.get(key, start) + count

    def set_value(self, key, value):
        self.values[key] = value


class _statements:
    """The SQL sent to the database while the block runs."""

    def __init__(self, engine):
        self.engine, self.sent = engine, []

    def _record(self, conn, cursor, statement, *args):
        self.sent.append(statement.strip())

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self.sent

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)


def _unreachable_engine():
    from sqlalchemy import create_engine
    return create_engine("mysql+pymysql://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})


@pytest.mark.parametrize("value", [datetime(2025, 9, 4, 1, 30), datetime(2025, 9, 4, 1, 30, 5, 120),
                                   datetime(999, 1, 2, 3, 4, 5), datetime(9999, 12, 31, 23, 59, 59, 999999)])
def test_sqlite_datetimes_are_written_as_sqlalchemy_writes_them(value):
    """SQLite compares DATETIMEs as text: the store's fast formatting must be SQLAlchemy's."""
    dialect = sqlite.dialect()
    assert store_module._sqlite_datetime(value) == \
        DateTime().dialect_impl(dialect).bind_processor(dialect)(value)
