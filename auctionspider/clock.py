"""The crawl's notion of "now".

Real time, unless LEILOES_NOW (an ISO 8601 instant) is set: the offline demo and the
benchmarks replay weeks of auctions against the replay site in minutes, so the crawl
must see the replay site's clock, not the wall clock.
"""
from __future__ import annotations

import os
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Aware UTC now, to the second (MySQL DATETIME keeps no fractions)."""
    fixed = os.environ.get("LEILOES_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(microsecond=0)
    return datetime.now(UTC).replace(microsecond=0)


def utcnow_naive() -> datetime:
    """Naive UTC now, as stored in the database."""
    return utcnow().replace(tzinfo=None)
