"""Every crawl ends with one summary line, and gets its `crawl_run` row — also when it
failed, was closed early or was stopped."""
from __future__ import annotations

import re
import signal
import time
from datetime import UTC, datetime

from sqlalchemy import select

from auctionspider.db.engine import get_engine
from auctionspider.db.models import CrawlRun
from auctionspider.replaysite.server import ReplaySite
from auctionspider.replaysite.world import World
from ops_support import crawl_env, run_crawl, start_crawl

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
SUMMARY = re.compile(r"crawl (\S+): (\d+) pages, (\d+) items stored, (\d+) dropped, (\d+) dead-lettered, "
                     r"(\d+) errors in (\d+\.\d)s")


def runs(db_url):
    with get_engine(db_url).connect() as conn:
        return [dict(r) for r in conn.execute(select(CrawlRun.__table__)).mappings()]


def small_world():
    return World.generate(games=2, lots=4, seed=3, now=NOW)


def test_a_crawl_ends_with_one_summary_line_matching_its_crawl_run(db_url, tmp_path):
    with ReplaySite(world=small_world(), fixtures_dir=None, page_size=10) as site:
        result = run_crawl(crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path))
    assert result.returncode == 0, result.log[-3000:]
    lines = SUMMARY.findall(result.log)
    assert len(lines) == 1, result.log[-3000:]
    reason, pages, stored, dropped, dead, errors, _ = lines[0]
    (run,) = runs(db_url)
    assert run["finished_at"] is not None and run["finish_reason"] == reason == "finished"
    assert (run["pages"], run["items_stored"], run["items_dropped"], run["errors"]) == \
        (int(pages), int(stored), int(dropped), int(errors))
    assert int(pages) > 0 and int(stored) > 0 and (dropped, dead, errors) == ("0", "0", "0")


def test_a_crawl_closed_early_is_recorded_with_its_reason(db_url, tmp_path):
    with ReplaySite(world=small_world(), fixtures_dir=None, page_size=10) as site:
        result = run_crawl(crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path),
                           "-s", "CLOSESPIDER_PAGECOUNT=2")
    (run,) = runs(db_url)
    assert run["finished_at"] is not None and run["finish_reason"] == "closespider_pagecount", result.log[-3000:]
    assert "crawl closespider_pagecount: " in result.log


def test_a_crawl_whose_pages_fail_is_recorded_with_its_errors(db_url, tmp_path):
    with ReplaySite(world=small_world(), fixtures_dir=None, page_size=10) as site:
        site.faults.add(r"^/leilao/", "status", status=500, times=None)
        result = run_crawl(crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path))
    (run,) = runs(db_url)
    assert run["finished_at"] is not None and run["finish_reason"] == "finished"
    assert run["errors"] > 0 and f"{run['errors']} errors in" in result.log


def test_a_stopped_crawl_is_recorded_as_shutdown(db_url, tmp_path):
    with ReplaySite(world=small_world(), fixtures_dir=None, page_size=10) as site:
        site.faults.add(r"/leiloes", "delay", seconds=4, times=None)
        process = start_crawl(crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path))
        deadline = time.monotonic() + 60
        while not runs(db_url) and time.monotonic() < deadline:  # the run has started
            time.sleep(0.2)
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)  # what systemd sends at TimeoutStartSec
        log, _ = process.communicate(timeout=60)
    (run,) = runs(db_url)
    assert run["finished_at"] is not None and run["finish_reason"] == "shutdown", log[-3000:]
