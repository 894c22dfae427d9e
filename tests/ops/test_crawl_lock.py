"""`scrapy crawl` takes a lock (one crawl at a time, released by the kernel when a crawl
is killed) and exits non-zero when it did not do its job: lock held (75), database
unreachable (69), items dead-lettered (65)."""
from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from auctionspider.db.engine import get_engine
from auctionspider.db.schema import upgrade
from auctionspider.replaysite.server import ReplaySite
from auctionspider.replaysite.world import World
from ops_support import crawl_env, run_crawl, start_crawl

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)


def small_world():
    return World.generate(games=2, lots=4, seed=3, now=NOW)


def wait_for_lock_holder(lock: Path, pid: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(pid):
            return
        time.sleep(0.05)
    raise AssertionError(f"crawl {pid} never took the lock {lock}")


def test_a_second_crawl_exits_at_once_while_one_is_running(db_url, tmp_path):
    with ReplaySite(world=small_world(), fixtures_dir=None, page_size=10) as site:
        site.faults.add(r"^/leiloes", "delay", seconds=4, times=1)
        env = crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path)
        first = start_crawl(env)
        try:
            wait_for_lock_holder(tmp_path / "crawl.lock", first.pid)
            started = time.monotonic()
            second = run_crawl(env, timeout=60)
            took = time.monotonic() - started
            assert first.poll() is None, "the first crawl should still be running"
        finally:
            first_log, _ = first.communicate(timeout=120)
    assert second.returncode == 75, second.log[-3000:]
    assert f"another crawl is running (pid {first.pid}); not starting" in second.log
    assert "Spider opened" not in second.log and took < 10
    assert first.returncode == 0, first_log[-3000:]


def test_a_killed_crawl_does_not_block_the_next_one(db_url, tmp_path):
    with ReplaySite(world=small_world(), fixtures_dir=None, page_size=10) as site:
        site.faults.add(r"^/leiloes", "delay", seconds=30, times=1)
        env = crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path)
        victim = start_crawl(env)
        wait_for_lock_holder(tmp_path / "crawl.lock", victim.pid)
        os.kill(victim.pid, signal.SIGKILL)
        victim.communicate(timeout=30)
        assert victim.returncode == -signal.SIGKILL
        assert (tmp_path / "crawl.lock").read_text().strip() == str(victim.pid)  # the file stays...
        site.faults.clear()
        result = run_crawl(env)  # ...but the lock went with the process
    assert result.returncode == 0, result.log[-3000:]
    assert "another crawl is running" not in result.log


def test_an_unreachable_database_is_one_line_and_a_non_zero_exit(tmp_path):
    env = crawl_env("http://127.0.0.1:9", "mysql+pymysql://root@127.0.0.1:1/x", NOW.isoformat(), tmp_path)
    started = time.monotonic()
    result = run_crawl(env, timeout=120)
    assert result.returncode == 69, result.log[-3000:]
    lines = [line for line in result.log.splitlines() if "database unavailable" in line]
    assert len(lines) == 1 and "Connection refused" in lines[0], result.log[-3000:]
    assert "Traceback" not in result.log
    assert time.monotonic() - started < 60


def test_dead_lettered_items_make_a_non_zero_exit_that_says_how_to_store_them(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'refusing.sqlite3'}"
    upgrade(db_url)
    with get_engine(db_url).begin() as conn:  # the database accepts crawl_run, refuses items
        conn.execute(text("CREATE TRIGGER refuse_games BEFORE INSERT ON game "
                          "BEGIN SELECT RAISE(ABORT, 'disk full'); END"))
    get_engine(db_url).dispose()
    with ReplaySite(world=small_world(), fixtures_dir=None, page_size=10) as site:
        result = run_crawl(crawl_env(site.base_url, db_url, NOW.isoformat(), tmp_path))
    assert result.returncode == 65, result.log[-3000:]
    files = sorted((tmp_path / "deadletter").glob("deadletter-*.jsonl"))
    assert files
    assert f"python -m auctionspider.replay {files[0]}" in result.log
    assert "items could not be stored and were dead-lettered" in result.log
