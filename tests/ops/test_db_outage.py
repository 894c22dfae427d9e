"""The database goes away mid-crawl: nothing is lost.

A private MariaDB (tests/ops/private_mariadb.py; the shared one stays up) is killed, or
frozen, once the crawl has stored its first batches. The crawl must not crash or hang: the
items it could not write go to a dead-letter file, it exits 65 with one line naming the
file and the replay command, no traceback. With the database back,
`python -m auctionspider.replay` stores them, and the database then holds exactly what a
clean crawl of the same replay world stores into a fresh database: zero items lost.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from auctionspider.db.engine import get_engine, make_engine
from auctionspider.db.models import Auction, AuctionSnapshot, Game, Listing
from auctionspider.db.schema import upgrade
from auctionspider.replaysite.server import ReplaySite
from auctionspider.replaysite.world import World
from ops_support import PROJECT_ROOT, crawl_env, run_crawl, start_crawl
from private_mariadb import private_mariadb  # noqa: F401  (the fixture)

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
SUMMARY = re.compile(r"crawl finished: \d+ pages, (\d+) items stored, (\d+) dropped, (\d+) dead-lettered")
BATCH = "5"  # small batches: some are stored before the outage, some fail during it
# When a row was written (a replay runs later), not what the crawl saw.
WRITE_TIMES = {"created_at", "updated_at", "first_seen_at", "last_seen_at"}


@pytest.fixture(scope="module")
def site():
    """One replay world for every crawl here. Ads pages (games and listings) come at once,
    auction pages a second later: a crawl is still running when its database goes, and
    every crawl discovers the auctions in the same order (an auction's kind comes from the
    ads page that linked it)."""
    with ReplaySite(world=World.generate(games=4, lots=10, seed=5, now=NOW), fixtures_dir=None,
                    page_size=10) as site:
        site.faults.delay(r"^/leilao/", seconds=1, times=None)
        yield site


@pytest.fixture(scope="module")
def clean_crawl(site, tmp_path_factory) -> tuple[int, dict]:
    """The same world crawled with nothing going wrong, into a fresh database (SQLite: the
    crawl stores the same rows on both backends): how many items a crawl produces, and
    what it stores."""
    home = tmp_path_factory.mktemp("clean")
    url = f"sqlite:///{home / 'clean.sqlite3'}"
    clean = run_crawl(crawl_env(site.base_url, url, NOW.isoformat(), home, STORE_BATCH_SIZE=BATCH),
                      "-a", jogos(site), timeout=90)
    assert clean.returncode == 0, clean.log[-4000:]
    produced, dropped, deadlettered = summary(clean.log)
    assert produced > 0 and dropped == deadlettered == 0, clean.log[-4000:]
    yield produced, contents(url)
    get_engine(url).dispose()


def jogos(site: ReplaySite) -> str:
    return "jogos=" + ",".join(sorted(site.world.games))


def count(url: str, table: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def wait_for_first_batch(crawl: subprocess.Popen, url: str) -> None:
    """Until the crawl has stored something (and is still running); then let go of the DB."""
    wait_until(lambda: count(url, "game") > 0 or crawl.poll() is not None, 60, "a first stored batch")
    assert crawl.poll() is None, f"the crawl ended before the outage:\n{finish(crawl)[-4000:]}"
    get_engine(url).dispose()


def summary(log: str) -> tuple[int, int, int]:
    """(stored, dropped, dead-lettered) from the crawl's one summary line."""
    found = SUMMARY.findall(log)
    assert len(found) == 1, log[-4000:]
    return tuple(int(n) for n in found[0])


@contextmanager
def crawling(site: ReplaySite, url: str, tmp_path: Path):
    """`scrapy crawl leiloes` running in the background (killed if the test fails first)."""
    crawl = start_crawl(crawl_env(site.base_url, url, NOW.isoformat(), tmp_path, STORE_BATCH_SIZE=BATCH),
                        "-a", jogos(site))
    try:
        yield crawl
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.communicate()


def finish(crawl: subprocess.Popen, timeout: float = 90) -> str:
    log, _ = crawl.communicate(timeout=timeout)
    return log


def contents(url: str) -> dict[str, dict]:
    """Every crawled fact, keyed by natural ids (game ids differ between databases)."""
    with get_engine(url).connect() as conn:
        slugs = dict(conn.execute(select(Game.id, Game.slug)).all())

        def rows(model, key, surrogate=()):
            result = {}
            for row in conn.execute(select(model.__table__)).mappings():
                row = {k: v for k, v in row.items() if k not in WRITE_TIMES and k not in surrogate}
                if "game_id" in row:
                    row["game_id"] = slugs.get(row["game_id"])
                result[key(row)] = row
            return result

        return {
            "game": rows(Game, lambda r: r["slug"], surrogate={"id"}),
            "auction": rows(Auction, lambda r: r["id"]),
            "listing": rows(Listing, lambda r: r["id"]),
            "auction_snapshot": rows(AuctionSnapshot, lambda r: (r["auction_id"], r["observed_at"]),
                                     surrogate={"id"}),
        }


def assert_dead_lettered_crawl(returncode: int, log: str, deadletter_dir: Path) -> tuple[int, int, Path]:
    """Exit 65, no traceback, and a last line that names the file and the replay command."""
    assert returncode == 65, log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    stored, dropped, deadlettered = summary(log)
    assert stored > 0 and deadlettered > 0 and dropped == 0, log[-4000:]
    (dead_file,) = deadletter_dir.glob("deadletter-*.jsonl")
    assert len(dead_file.read_text().splitlines()) == deadlettered
    assert log.rstrip().splitlines()[-1] == (
        f"{deadlettered} items could not be stored and were dead-lettered; once the database is back, "
        f"store them with: python -m auctionspider.replay {dead_file}")
    assert len(re.findall(r"ERROR: database write failed", log)) == 1, log[-4000:]  # one per outage
    return stored, deadlettered, dead_file


def replay(dead_file: Path, url: str) -> None:
    """`python -m auctionspider.replay <file>`, later, on the wall clock."""
    records = len(dead_file.read_text().splitlines())
    done = subprocess.run([sys.executable, "-m", "auctionspider.replay", "--database-url", url, str(dead_file)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == f"{dead_file}: {records} items stored"


def assert_nothing_lost(clean_crawl, url: str, stored: int, deadlettered: int) -> None:
    """After the replay the database holds every item and fact the clean crawl stored."""
    produced, expected = clean_crawl
    print(f"\nitems produced {produced}: stored during the crawl {stored}, dead-lettered {deadlettered}, "
          f"replayed {deadlettered}, lost {produced - stored - deadlettered}")
    assert stored + deadlettered == produced
    recovered = contents(url)
    for table, rows in expected.items():
        assert rows, f"the clean crawl stored no {table}"
        missing = sorted(set(rows) - set(recovered[table]), key=str)
        assert not missing, f"{table}: {len(missing)} lost, e.g. {missing[:5]}"
        assert recovered[table] == rows, table


def test_a_killed_database_mid_crawl_loses_no_item(private_mariadb, site, clean_crawl, tmp_path):
    started = time.monotonic()
    url = private_mariadb.create_database("leiloes")
    upgrade(url)
    with crawling(site, url, tmp_path) as crawl:
        wait_for_first_batch(crawl, url)
        private_mariadb.kill()
        killed = time.monotonic()
        log = finish(crawl)
    assert time.monotonic() - killed < 30, "the crawl hung on the dead database"
    stored, deadlettered, dead_file = assert_dead_lettered_crawl(crawl.returncode, log, tmp_path / "deadletter")
    assert "could not record the crawl run (OperationalError: (2003" in log

    private_mariadb.start()  # the same data directory
    replay(dead_file, url)
    assert_nothing_lost(clean_crawl, url, stored, deadlettered)
    print(f"crawl exit {crawl.returncode}; test took {time.monotonic() - started:.1f}s")


def test_a_database_that_hangs_mid_crawl_times_out_and_loses_no_item(private_mariadb, site, clean_crawl, tmp_path):
    started = time.monotonic()
    # Short timeouts through the URL (the defaults, 10 s and 60 s, are for real networks).
    url = private_mariadb.create_database("leiloes") + "?connect_timeout=1&read_timeout=1&write_timeout=1"
    upgrade(url)
    deadletter_dir = tmp_path / "deadletter"
    with crawling(site, url, tmp_path) as crawl:
        wait_for_first_batch(crawl, url)
        private_mariadb.freeze()
        try:  # without timeouts the crawl would wait for ever on its next write
            wait_until(lambda: any(deadletter_dir.glob("*.jsonl")) or crawl.poll() is not None, 20,
                       "a batch dead-lettered while the database hangs")
            assert crawl.poll() is None, "the crawl ended before the database came back"
        finally:
            private_mariadb.thaw()
        log = finish(crawl)
    stored, deadlettered, dead_file = assert_dead_lettered_crawl(crawl.returncode, log, deadletter_dir)
    assert "Lost connection" in log or "timed out" in log, log[-4000:]
    # Back mid-crawl: the pool's dead connection is replaced and the crawl stores again.
    assert "database writes work again" in log, log[-4000:]
    with get_engine(url).connect() as conn:
        (run,) = conn.execute(text("SELECT finish_reason, items_stored FROM crawl_run")).all()
    assert tuple(run) == ("finished", stored)

    replay(dead_file, url)
    assert_nothing_lost(clean_crawl, url, stored, deadlettered)
    print(f"crawl exit {crawl.returncode}; test took {time.monotonic() - started:.1f}s")


def test_mysql_connections_give_up_on_a_silent_server_unless_the_url_says_otherwise():
    def connect_args(url):
        engine = make_engine(url)
        try:
            return engine.dialect.create_connect_args(engine.url)[1]
        finally:
            engine.dispose()

    defaults = connect_args("mysql+pymysql://leiloes@db.example/leiloes")
    assert (defaults["connect_timeout"], defaults["read_timeout"], defaults["write_timeout"]) == (10, 60, 60)
    assert defaults["charset"] == "utf8mb4"
    assert connect_args("mysql+pymysql://leiloes@db.example/leiloes?read_timeout=600")["read_timeout"] == 600
