"""`make demo` end to end, at a small size: replay site, weekly crawls, summary."""
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from auctionspider.db.engine import get_engine
from auctionspider.db.models import Auction, CrawlRun


def test_demo_crawls_the_replay_site_and_prints_a_summary(tmp_path):
    database = tmp_path / "demo.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "auctionspider.demo", "--games", "4", "--weeks", "3", "--watch", "2",
         "--database", str(database)],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "Replay site on http://127.0.0.1:" in out and "crawl  4:" in out
    engine = get_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        runs = conn.execute(select(func.count()).select_from(CrawlRun)).scalar_one()
        by_status = dict(conn.execute(select(Auction.status, func.count()).group_by(Auction.status)).all())
    assert runs == 4
    assert by_status.get("sold", 0) > 0 and by_status.get("open", 0) > 0
    assert f"4 crawls, {sum(by_status.values())} auctions: {by_status.get('open', 0)} open, " \
           f"{by_status.get('sold', 0)} sold" in out
    assert "copies sold: min R$ " in out
