"""A local replay of ludopedia.com.br for demos, end-to-end tests, benchmarks and faults.

* ``world.World`` - a deterministic synthetic site with a settable clock;
* ``templates`` - Ludopedia-like pages mirroring the real markup;
* ``server.ReplaySite`` - the HTTP server (``with ReplaySite(world) as site: site.base_url``);
* ``faults.FaultPlan`` - fault injection (``site.faults.add(...)``);
* ``python -m auctionspider.replaysite --port 8123`` - the CLI.
"""
from .faults import FaultPlan, FaultRule
from .server import ReplaySite, default_fixtures_dir, rewrite_links
from .world import (BRT, DEFAULT_NOW, UTC, Auction, AuctionState, Bid, Game, Listing, Lot, World,
                    format_brl, slugify)

__all__ = [
    "ReplaySite", "World", "Game", "Lot", "Auction", "AuctionState", "Bid", "Listing",
    "FaultPlan", "FaultRule", "BRT", "UTC", "DEFAULT_NOW", "format_brl", "slugify",
    "default_fixtures_dir", "rewrite_links",
]
