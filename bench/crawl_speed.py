"""crawl speed row: the real crawl (politeness off) of a replay site with ~5,000 open
auction pages into a fresh SQLite DB, vs `scrapy bench` on the same machine (both as
pages/s = response_received_count / elapsed_time_seconds from Scrapy's final stats).
`scrapy bench` runs outside the project (no scrapy.cfg) so it gets Scrapy's defaults; it is
run before and after our crawl and the median is taken."""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from auctionspider.db import schema
from auctionspider.db.engine import make_engine
from auctionspider.db.models import Game
from auctionspider.replaysite import ReplaySite, World
from bench.common import Row, fmt_rate, fresh_sqlite
from bench.crawlrun import run_crawl

NOW = datetime(2025, 8, 27, 14, 30, tzinfo=UTC)


def _stats_rate(log: str) -> tuple[int, float]:
    pages = re.findall(r"'response_received_count': (\d+)", log)
    secs = re.findall(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not pages or not secs:
        raise RuntimeError("no final stats in the log:\n" + log[-1500:])
    return int(pages[-1]), float(secs[-1])


def scrapy_bench(seconds: int = 10) -> float:
    scrapy = Path(sys.executable).with_name("scrapy")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run([str(scrapy), "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
                              cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=seconds + 60)
    pages, secs = _stats_rate(done.stdout + done.stderr)
    return pages / secs


def _watch_all(url: str, world: World) -> None:
    """The crawl starts from the watched games and the listing: watch every game."""
    now = NOW.replace(tzinfo=None)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Game.__table__), [
            {"slug": g.slug, "name": g.name, "ludopedia_id": g.ludopedia_id, "watched": True,
             "created_at": now, "updated_at": now} for g in world.games.values()])
    engine.dispose()


def run(quick: bool = False) -> list[Row]:
    lots = 300 if quick else 1_430  # ~3.5 items per lot; all end in the next 10 days
    world = World.generate(games=20, lots=lots, seed=5, now=NOW, days_before=0, days_after=10)
    n_open = len(world.open_auctions(NOW))
    url = fresh_sqlite("crawl_speed.sqlite3")
    schema.upgrade(url)
    _watch_all(url, world)
    base_rates = [scrapy_bench(5 if quick else 10)]
    with ReplaySite(world=world, fixtures_dir=None) as site:
        rc, log = run_crawl(site.base_url, url, NOW)
        served = len(site.request_log)
    if rc != 0:
        raise RuntimeError(f"crawl exited {rc}: {log[-2000:]}")
    pages, secs = _stats_rate(log)
    base_rates.append(scrapy_bench(5 if quick else 10))
    ours, base = pages / secs, statistics.median(base_rates)
    return [Row("crawl speed", "crawl speed",
                f"replay site, politeness off: {n_open:,} open auctions, {pages:,} pages "
                f"({served:,} served) into SQLite", f"{fmt_rate(ours, 'pages/s')} ({secs:.0f}s)",
                f"scrapy bench {fmt_rate(base, 'pages/s')} (median of {len(base_rates)})",
                ours / base, ">= 0.5")]
