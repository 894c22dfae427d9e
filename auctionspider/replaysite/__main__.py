"""``python -m auctionspider.replaysite --port 8123 --games 20 --seed 0 [--fixtures DIR]
[--now 2025-08-27T14:30:00Z]``: serve a replay site until killed.

The first line of stdout is ``Replay site on http://127.0.0.1:8123``.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from .server import ReplaySite
from .world import World


def parse_now(text: str) -> datetime:
    if text == "now":
        return datetime.now(timezone.utc).replace(second=0, microsecond=0)
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m auctionspider.replaysite",
                                description="Serve a local replay of ludopedia.com.br.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8123, help="0 picks a free port (default 8123)")
    p.add_argument("--games", type=int, default=20)
    p.add_argument("--lots", type=int, default=None, help="default: 3 per game")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--now", default="now",
                   help="the world's clock, ISO 8601 (e.g. 2025-08-27T14:30:00Z); default: the real time")
    p.add_argument("--fixtures", default=None,
                   help="folder of the real saved pages (default: $LUDOPEDIA_FIXTURES or ../shared/fixtures/ludopedia)")
    p.add_argument("--no-fixtures", action="store_true", help="serve only the synthetic world")
    p.add_argument("--fixture-stage", choices=("open", "ended", "auto"), default="open")
    p.add_argument("--page-size", type=int, default=40)
    args = p.parse_args(argv)

    world = World.generate(games=args.games, lots=args.lots, seed=args.seed, now=parse_now(args.now))
    kwargs = {}
    if args.no_fixtures:
        kwargs["fixtures_dir"] = None
    elif args.fixtures:
        kwargs["fixtures_dir"] = args.fixtures
    site = ReplaySite(world=world, host=args.host, port=args.port, page_size=args.page_size,
                      fixture_stage=args.fixture_stage, **kwargs).start()
    print(f"Replay site on {site.base_url}", flush=True)
    print(f"world: {len(world.games)} games, {len(world.lots)} lots, {len(world.auctions)} auctions, "
          f"{len(world.listings)} listings; now={world.now.isoformat()}; "
          f"fixtures={site.fixtures_dir or 'off'}", flush=True)
    try:
        site.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
