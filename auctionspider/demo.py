"""`make demo`: the whole pipeline offline, against the project's own replay site.

A synthetic Ludopedia (games, lots, auctions ending over several months) is served on
127.0.0.1; the real spider crawls it once a simulated week — the first crawl with
`jogos=` to fill the watchlist — into var/demo.sqlite3, then a summary is printed.
`make serve-demo` opens the web app on that database.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapy.crawler import CrawlerRunner
from scrapy.utils.log import configure_logging
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor
from sqlalchemy import func, select

from auctionspider.db.engine import PROJECT_ROOT, get_engine
from auctionspider.db.models import Auction, CrawlRun, Game
from auctionspider.parsing.money import format_brl
from auctionspider.replaysite.server import ReplaySite
from auctionspider.replaysite.world import World

DEMO_DB = PROJECT_ROOT / "var" / "demo.sqlite3"


def run_crawls(site: ReplaySite, world: World, db_url: str, weeks: int, watch: list[str]) -> None:
    """One crawl per simulated week, in one Twisted reactor (Scrapy cannot restart it)."""
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from twisted.internet import defer, reactor

    settings = get_project_settings()
    settings.setdict({
        "LUDOPEDIA_BASE_URL": site.base_url, "DATABASE_URL": db_url, "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "LOG_LEVEL": "WARNING",
    })
    configure_logging(settings)
    runner = CrawlerRunner(settings)

    @defer.inlineCallbacks
    def crawl_weekly():
        try:
            for week in range(weeks + 1):
                if week:
                    world.advance(timedelta(days=7))
                os.environ["LEILOES_NOW"] = world.now.isoformat()
                kwargs = {"jogos": ",".join(watch)} if week == 0 else {}
                crawler = runner.create_crawler("leiloes")
                yield runner.crawl(crawler, **kwargs)
                stats = crawler.stats.get_stats()
                print(f"  {world.now:%Y-%m-%d}  crawl {week + 1:>2}: "
                      f"{stats.get('response_received_count', 0):>4} pages, "
                      f"{stats.get('leiloes/items_stored', 0):>4} items stored, "
                      f"{stats.get('item_dropped_count', 0)} dropped", flush=True)
        finally:
            reactor.stop()

    reactor.callWhenRunning(crawl_weekly)
    reactor.run()


def summary(db_url: str) -> str:
    engine = get_engine(db_url)
    auction = Auction.__table__
    with engine.connect() as conn:
        by_status = dict(conn.execute(select(auction.c.status, func.count()).group_by(auction.c.status)).all())
        runs = conn.execute(select(func.count()).select_from(CrawlRun.__table__)).scalar_one()
        # The game with the most sales of the game itself (combos and accessories apart).
        top = conn.execute(
            select(Game.__table__.c.slug, Game.__table__.c.name, func.count().label("n"))
            .join(auction, auction.c.game_id == Game.__table__.c.id)
            .where(auction.c.status == "sold", auction.c.kind == "game")
            .group_by(Game.__table__.c.slug, Game.__table__.c.name).order_by(func.count().desc()).limit(1)
        ).first()
        prices = []
        if top:
            prices = sorted(conn.execute(
                select(auction.c.final_price_cents).join(Game.__table__).where(
                    Game.__table__.c.slug == top.slug, auction.c.status == "sold", auction.c.kind == "game")
            ).scalars())
    lines = [f"{runs} crawls, {sum(by_status.values())} auctions: " +
             ", ".join(f"{by_status.get(s, 0)} {s}" for s in ("open", "sold", "unsold", "canceled"))]
    if len(prices) >= 2:
        q1, median, q3 = statistics.quantiles(prices, n=4, method="inclusive")
        lines.append(f"{top.name} ({top.slug}), {len(prices)} copies sold: min {format_brl(prices[0])}, "
                     f"p25 {format_brl(round(q1))}, median {format_brl(round(median))}, "
                     f"p75 {format_brl(round(q3))}, max {format_brl(prices[-1])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auctionspider.demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--games", type=int, default=12)
    parser.add_argument("--weeks", type=int, default=26, help="simulated weeks of crawling")
    parser.add_argument("--watch", type=int, default=6, help="games put on the watchlist")
    parser.add_argument("--database", type=Path, default=DEMO_DB)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)

    args.database.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.database}{suffix}").unlink(missing_ok=True)
    db_url = f"sqlite:///{args.database}"
    # The replayed weeks end today, so the dashboard's "last 365 days" covers them and
    # the auctions still running at the end show as "ending soon".
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(weeks=args.weeks)
    world = World.generate(games=args.games, lots=args.games * (args.weeks + 2), seed=args.seed, now=start,
                           days_before=0, days_after=7 * args.weeks + 12)
    watch = sorted(world.games)[:args.watch]
    logging.getLogger("scrapy").setLevel(logging.WARNING)
    with ReplaySite(world=world, fixtures_dir=None) as site:
        print(f"Replay site on {site.base_url}: {len(world.games)} games, {len(world.auctions)} auctions; "
              f"crawling {args.weeks + 1} simulated weeks into {args.database}", flush=True)
        run_crawls(site, world, db_url, args.weeks, watch)
    print()
    print(summary(db_url))
    print(f"\nBrowse it: make serve-demo  (DATABASE_URL=sqlite:///{args.database})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
