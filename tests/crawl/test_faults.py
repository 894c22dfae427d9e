"""The crawl under faults: the real spider (`scrapy crawl leiloes`) against a replay site
told to misbehave (auctionspider/replaysite/faults.py).

- Transient faults (5xx, dropped connections, 429, timeouts, a download cut short) are
  retried after a wait (backoff or Retry-After) and lose nothing: the database ends up
  exactly as after a clean crawl.
- Bad pages (truncated, empty, not Ludopedia, a changed layout) are dropped with their URL
  and reason and overwrite nothing already stored.

Waits are measured on the replay site's side: the time between a failed answer and the
next request for the same page.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import formatdate

import pytest
from sqlalchemy import delete, insert, select

from auctionspider.db.engine import get_engine
from auctionspider.db.models import Auction, AuctionSnapshot, CrawlRun, Game, Listing
from auctionspider.db.schema import upgrade
from auctionspider.middlewares import backoff_delay, parse_http_date, parse_retry_after, retry_delay
from auctionspider.replaysite.server import ReplaySite, Response
from auctionspider.replaysite.world import World

WORLD_NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
LATER = WORLD_NOW + timedelta(hours=25)  # past AUCTION_REFRESH_HOURS: every page is fetched again
FAST = {"RETRY_BACKOFF_BASE": "0.2", "RETRY_BACKOFF_MAX": "5", "RETRY_AFTER_MAX": "2",
        "DOWNLOAD_TIMEOUT": "1"}
DATA_TABLES = (AuctionSnapshot, Auction, Listing, Game)
# Columns that legitimately differ between two crawls of the same site: our own
# autoincrement ids and when a row was seen or written.
BOOKKEEPING = {
    "game": {"id", "created_at", "updated_at"},
    "listing": {"first_seen_at", "last_seen_at"},
    "auction": {"first_seen_at", "last_seen_at", "updated_at"},
    "auction_snapshot": {"id", "observed_at"},
}


# --- helpers ---------------------------------------------------------------------------

def small_world() -> World:
    # 4 games, 16 open auctions in 5 lots (2 pages of /leiloes with page_size=10), 18 ads
    return World.generate(games=4, lots=8, seed=4, now=WORLD_NOW)


def watch(db_url: str, world: World) -> None:
    """Put every game of the world on the watchlist, so one plain crawl covers the ads
    pages, /leiloes and its pages, and every auction and lot."""
    now = WORLD_NOW.replace(tzinfo=None)
    with get_engine(db_url).begin() as conn:
        conn.execute(insert(Game.__table__), [
            {"slug": g.slug, "name": g.name, "watched": True, "created_at": now, "updated_at": now}
            for g in world.games.values()])


def wipe(db_url: str) -> None:
    with get_engine(db_url).begin() as conn:
        for model in (*DATA_TABLES, CrawlRun):
            conn.execute(delete(model.__table__))


def dump(db_url: str) -> dict[str, list[tuple]]:
    """Every row of the data tables, without bookkeeping columns, comparable across crawls
    (a game is named by its slug, not by our id)."""
    with get_engine(db_url).connect() as conn:
        slugs = dict(conn.execute(select(Game.id, Game.slug)).all())
        tables = {}
        for model in DATA_TABLES:
            name = model.__tablename__
            rows = []
            for row in conn.execute(select(model.__table__)).mappings():
                row = {k: v for k, v in row.items() if k not in BOOKKEEPING[name]}
                if "game_id" in row:
                    row["game_id"] = slugs.get(row["game_id"])
                rows.append(tuple(sorted(row.items())))
            tables[name] = sorted(rows, key=repr)
    return tables


def differences(got: dict, expected: dict) -> dict:
    """Per table, the rows only one of two dumps has (empty when they are equal)."""
    diff = {}
    for name in expected:
        missing = Counter(expected[name]) - Counter(got[name])
        extra = Counter(got[name]) - Counter(expected[name])
        if missing or extra:
            diff[name] = {"missing": list(missing.elements()), "extra": list(extra.elements())}
    return diff


def rows_by_id(db_url: str, model) -> dict:
    with get_engine(db_url).connect() as conn:
        return {r["id"]: dict(r) for r in conn.execute(select(model.__table__)).mappings()}


def record_times(site: ReplaySite) -> list[tuple[float, str, int]]:
    """(monotonic time, target, status) of every answer the site sends, in order."""
    times: list[tuple[float, str, int]] = []
    log = site._log

    def timed(method: str, target: str, status: int) -> None:
        times.append((time.monotonic(), target, status))
        log(method, target, status)

    site._log = timed
    return times


def gaps(times, pattern: str) -> list[float]:
    """Seconds between consecutive answers for the targets matching ``pattern``."""
    stamps = [t for t, target, _ in times if re.search(pattern, target)]
    return [b - a for a, b in zip(stamps, stamps[1:])]


def answer_429_with_http_date(site: ReplaySite, pattern: str, seconds: float) -> None:
    """Answer the first request matching ``pattern`` with 429 and an HTTP-date
    Retry-After ``seconds`` ahead (the fault plan only sends delay-seconds)."""
    respond, pending = site.respond, [True]

    def respond_once(target: str) -> Response:
        if pending and re.search(pattern, target):
            pending.clear()
            until = formatdate(time.time() + seconds, usegmt=True)
            return Response(429, b"<html><body>429</body></html>", headers=(("Retry-After", until),))
        return respond(target)

    site.respond = respond_once


def stat(log: str, name: str) -> int | float:
    """A value from the stats Scrapy dumps at the end of the crawl (0 when absent)."""
    m = re.search(rf"'{re.escape(name)}': ([\d.]+)", log)
    return float(m.group(1)) if m and "." in m.group(1) else int(m.group(1)) if m else 0


def exactly(path: str) -> str:
    """A fault pattern for one page."""
    return f"^{re.escape(path)}$"


def ads_path(slug: str) -> str:
    return f"/jogo/{slug}?v=anuncios"


def cut_inside_the_bid(site: ReplaySite, path: str) -> int:
    """Where to cut an auction page so that its current bid reads "R$ 1" (of "R$ 190,00")."""
    body = site.respond(path).body
    bid = body.index(b'class="vl-produto"', body.index(b'class="termino"'))
    return body.index(b"R$", bid) + 4


def cut_after_the_first_ad(site: ReplaySite, path: str) -> int:
    """Where to cut an ads page so that only its first row is left."""
    body = site.respond(path).body
    return body.index(b"</tr>", body.index(b"<tbody>")) + len(b"</tr>")


def auction_path(world: World, index: int) -> str:
    return world.open_auctions(WORLD_NOW)[index].path


@pytest.fixture
def sqlite_url(tmp_path):
    """For behaviour that does not depend on the database: one backend is enough."""
    url = f"sqlite:///{tmp_path / 'leiloes.sqlite3'}"
    upgrade(url)
    yield url
    get_engine(url).dispose()


# --- Retry-After and backoff (pure) ----------------------------------------------------

NOW = datetime(2025, 10, 21, 7, 28, tzinfo=UTC)


@pytest.mark.parametrize("header, seconds", [
    ("120", 120.0), (b" 7 ", 7.0), ("1.5", 1.5), ("0", 0.0),
    ("Tue, 21 Oct 2025 07:30:00 GMT", 120.0),              # HTTP-date: counted from now
    ("Tuesday, 21-Oct-25 07:28:30 GMT", 30.0),             # obsolete RFC 850 form
    ("Tue, 21 Oct 2025 07:00:00 GMT", 0.0),                # already past: retry now
])
def test_retry_after_reads_seconds_and_http_dates(header, seconds):
    assert parse_retry_after(header, NOW) == seconds


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "1e3", "Tue, 99 Foo 2025"])
def test_retry_after_that_cannot_be_read_is_none(header):
    assert parse_retry_after(header, NOW) is None


def test_http_date_without_a_zone_is_utc():
    assert parse_http_date("Tue, 21 Oct 2025 07:30:00 -0000") == datetime(2025, 10, 21, 7, 30, tzinfo=UTC)
    assert parse_http_date(b"garbage") is None


def test_backoff_doubles_up_to_the_cap_with_jitter_between_half_and_all():
    top = [backoff_delay(n, 1.0, 30.0, rand=lambda: 1.0) for n in range(1, 8)]
    bottom = [backoff_delay(n, 1.0, 30.0, rand=lambda: 0.0) for n in range(1, 8)]
    assert top == [1, 2, 4, 8, 16, 30, 30]
    assert bottom == [0.5, 1, 2, 4, 8, 15, 15]
    assert backoff_delay(10_000, 0.5, 60.0, rand=lambda: 1.0) == 60.0  # no overflow


def test_retry_after_wins_over_backoff_but_is_capped():
    kw = {"base": 1.0, "cap": 30.0, "retry_after_max": 120.0, "rand": lambda: 1.0}
    assert retry_delay(1, 3.0, **kw) == 3.0
    assert retry_delay(4, 0.0, **kw) == 0.0
    assert retry_delay(1, 7200.0, **kw) == 120.0  # a hostile Retry-After: two hours
    assert retry_delay(3, None, **kw) == 4.0


# --- transient faults: retried after a wait ---------------------------------------------

def test_retries_wait_with_backoff_and_honour_a_capped_retry_after(sqlite_url, crawl):
    world = small_world()
    watch(sqlite_url, world)
    a = [auction_path(world, i) for i in range(5)]
    with ReplaySite(world=world, fixtures_dir=None, page_size=10) as site:
        times = record_times(site)
        rules = [
            site.faults.status(exactly(a[0]), 503, times=3),          # backoff 0.2, 0.4, 0.8 s (±jitter)
            site.faults.rate_limit(exactly(a[1]), retry_after=1),     # Retry-After: 1
            site.faults.rate_limit(exactly(a[3]), retry_after=3600),  # hostile: capped at RETRY_AFTER_MAX=2
            site.faults.drop(exactly(a[4]), times=2),
        ]
        answer_429_with_http_date(site, exactly(a[2]), seconds=2)
        result = crawl(site.base_url, sqlite_url, WORLD_NOW.isoformat(), env=FAST)
    assert result.returncode == 0, result.log[-3000:]
    assert [r.hits for r in rules] == [r.times for r in rules]
    stored = rows_by_id(sqlite_url, Auction)
    assert {a.id for a in world.open_auctions(WORLD_NOW)} <= set(stored)  # nothing lost

    # 503 three times: the waits grow (each at least half its nominal delay) ...
    waits = gaps(times, exactly(a[0]))
    assert len(waits) == 3
    for n, wait in enumerate(waits, 1):
        nominal = 0.2 * 2 ** (n - 1)
        assert nominal / 2 * 0.9 <= wait <= nominal + 1.5, waits
    assert waits[2] > 0.2, waits  # more than a constant 0.2 s backoff could ever give
    # ... and Retry-After is honoured, in seconds and as an HTTP-date, where backoff
    # alone would wait at most 0.2 s.
    (wait,) = gaps(times, exactly(a[1]))
    assert 0.95 <= wait <= 3, wait
    (wait,) = gaps(times, exactly(a[2]))
    assert 0.95 <= wait <= 4, wait  # 2 s ahead, to the second: 1 to 2 s
    (wait,) = gaps(times, exactly(a[3]))
    assert 1.9 <= wait <= 5, wait

    url = site.base_url
    assert re.search(rf"retrying {url}{a[0]} in [\d.]+s \(retry 3 of 4\): 503 Service Unavailable", result.log)
    assert re.search(rf"retrying {url}{a[1]} in 1\.00s \(retry 1 of 4, Retry-After 1s\): 429", result.log)
    assert f"retrying {url}{a[3]} in 2.00s (retry 1 of 4, Retry-After 3600s capped at 2s): 429" in result.log
    assert re.search(rf"retrying {url}{a[4]} in [\d.]+s \(retry 1 of 4\): DownloadFailedError: ConnectionDone", result.log)
    # Every fault is retried once by us, but Twisted's pool retries a request dropped on a
    # reused connection itself (one of the two drops, at most).
    assert 3 + 3 + 1 <= stat(result.log, "retry/count") <= 3 + 3 + 2
    assert stat(result.log, "retry/retry_after_count") == 3
    assert stat(result.log, "retry/wait_seconds") >= 0.1 + 0.2 + 0.4 + 1 + 1 + 2


def test_a_page_that_never_answers_in_time_is_given_up_and_the_crawl_goes_on(sqlite_url, crawl):
    world = small_world()
    watch(sqlite_url, world)
    stuck = world.open_auctions(WORLD_NOW)[0]
    with ReplaySite(world=world, fixtures_dir=None, page_size=10) as site:
        rule = site.faults.delay(exactly(stuck.path), seconds=15, times=None)  # DOWNLOAD_TIMEOUT is 1 s
        started = time.monotonic()
        result = crawl(site.base_url, sqlite_url, WORLD_NOW.isoformat(), env={**FAST, "RETRY_TIMES": "2"})
        elapsed = time.monotonic() - started
    assert result.returncode == 0, result.log[-3000:]
    assert rule.hits == 3  # the first try and two retries
    assert f"Gave up retrying <GET {site.base_url}{stuck.path}> (failed 3 times)" in result.log
    assert f"auction page failed: {site.base_url}{stuck.path}" in result.log
    assert elapsed < 15  # never waited for the stuck page itself
    stored = rows_by_id(sqlite_url, Auction)
    assert stuck.id not in stored
    assert {a.id for a in world.open_auctions(WORLD_NOW)} - {stuck.id} <= set(stored)
    assert len(rows_by_id(sqlite_url, Listing)) == len(world.listings)


def test_a_crawl_through_transient_faults_stores_exactly_what_a_clean_crawl_stores(db_url, crawl):
    world = small_world()
    slugs = sorted(world.games)
    a = [auction_path(world, i) for i in range(5)]
    with ReplaySite(world=world, fixtures_dir=None, page_size=10) as site:
        watch(db_url, world)
        clean = crawl(site.base_url, db_url, WORLD_NOW.isoformat(), env=FAST)
        assert clean.returncode == 0, clean.log[-3000:]
        expected = dump(db_url)
        assert len(expected["auction"]) >= len(world.open_auctions(WORLD_NOW)) == 16
        assert len(expected["listing"]) == len(world.listings)

        wipe(db_url)
        watch(db_url, world)
        f = site.faults
        rules = [
            f.status(r"^/leiloes$", 503),
            f.drop(r"^/leiloes\?pagina=2$", times=2),
            f.status(exactly(ads_path(slugs[0])), 500),
            f.rate_limit(exactly(ads_path(slugs[0])), retry_after=1),
            f.delay(exactly(ads_path(slugs[1])), seconds=2.5),  # > DOWNLOAD_TIMEOUT
            f.status(exactly(a[0]), 502, times=2),
            f.truncate(exactly(a[1]), at_bytes=3000, declare_full_length=True),  # connection cut
            f.drop(exactly(a[2])),
            f.rate_limit(exactly(a[3]), retry_after=1),
            f.delay(exactly(a[4]), seconds=2.5),
        ]
        faulty = crawl(site.base_url, db_url, WORLD_NOW.isoformat(), env=FAST)
    assert faulty.returncode == 0, faulty.log[-3000:]
    assert [r.hits for r in rules] == [r.times for r in rules]  # 12 faults, all served
    assert differences(dump(db_url), expected) == {}  # 0 items lost, nothing different
    assert "Gave up retrying" not in faulty.log
    # One retry per fault, but Twisted's pool retries a request dropped on a reused
    # connection itself (at most the two drops of pagina=2 and the one of a[2] minus one).
    assert 10 <= stat(faulty.log, "retry/count") <= 12
    assert stat(faulty.log, "item_dropped_count") == 0


# --- bad pages: dropped, nothing overwritten -------------------------------------------

def test_bad_pages_are_dropped_with_their_reason_and_overwrite_nothing(db_url, crawl):
    world = small_world()
    slugs = sorted(world.games)
    with_bids = [x.path for x in world.open_auctions(WORLD_NOW) if x.state(WORLD_NOW).bid_count]
    a = with_bids[:1] + [x.path for x in world.open_auctions(WORLD_NOW) if x.path not in with_bids][:3]
    ads = [ads_path(slug) for slug in slugs]
    with ReplaySite(world=world, fixtures_dir=None, page_size=10) as site:
        base = site.base_url
        watch(db_url, world)
        first = crawl(base, db_url, WORLD_NOW.isoformat())
        assert first.returncode == 0, first.log[-3000:]
        before = dump(db_url)

        # A day later every page is due again; some come back broken, every time. The
        # truncated ones are well-formed responses cut where a careless parser would store
        # a wrong bid, or deactivate the ads the page no longer shows.
        f = site.faults
        f.truncate(exactly(a[0]), at_bytes=cut_inside_the_bid(site, a[0]), times=None)
        f.empty(exactly(a[1]), times=None)
        f.foreign(exactly(a[2]), times=None)
        f.layout(exactly(a[3]), times=None)
        f.foreign(exactly(ads[0]), times=None)
        f.empty(exactly(ads[1]), times=None)
        f.truncate(exactly(ads[2]), at_bytes=cut_after_the_first_ad(site, ads[2]), times=None)
        f.layout(exactly(ads[3]), times=None)  # read by its header texts: still understood
        site.reset_log()
        second = crawl(base, db_url, LATER.isoformat())
        answered = {(target, status) for _, target, status in site.request_log}
    assert second.returncode == 0, second.log[-3000:]
    assert {(p, 200) for p in a + ads} <= answered  # every broken page was fetched again

    assert differences(dump(db_url), before) == {}
    # The pages that came back fine were stored again; the broken ones touched nothing.
    auctions, later = rows_by_id(db_url, Auction), LATER.replace(tzinfo=None)
    broken = {int(p.split("/")[2]) for p in a}
    assert {i for i, row in auctions.items() if row["last_seen_at"] != later} == broken
    listings = rows_by_id(db_url, Listing)
    game_ids = {g["slug"]: g["id"] for g in rows_by_id(db_url, Game).values()}
    assert {row["last_seen_at"] == later for row in listings.values()
            if row["game_id"] == game_ids[slugs[3]]} == {True}
    assert {row["last_seen_at"] == later for row in listings.values()
            if row["game_id"] != game_ids[slugs[3]]} == {False}

    log = second.log
    for path, reason in zip(a, ("truncated page", "empty page", "not an auction page",
                                "not an auction page")):
        assert f"Dropped: auction at {base}{path}: auction page not understood: {reason}" in log
    for path, reason in zip(ads, ("not a game ads page", "empty page", "truncated page")):
        assert f"Dropped: game at {base}{path}: ads page not understood: {reason}" in log
    assert stat(log, "leiloes/parse_errors/auction") == 4
    assert stat(log, "leiloes/parse_errors/game_ads") == 3
    # the 4 auction pages and the 3 ads pages: every page we could not read is counted
    assert stat(log, "item_dropped_count") == 7
    with get_engine(db_url).connect() as conn:
        runs = conn.execute(select(CrawlRun.items_dropped).order_by(CrawlRun.id)).scalars().all()
    assert runs == [0, 7]
