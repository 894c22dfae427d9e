"""What the spider reads from the database before crawling."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, or_, select

from auctionspider.db.models import Auction, Game

AUCTION = Auction.__table__
GAME = Game.__table__


@dataclass(frozen=True)
class KnownAuction:
    status: str
    ends_at: datetime | None
    last_seen_at: datetime
    url: str


def watched_slugs(conn: Connection) -> list[str]:
    return list(conn.execute(
        select(GAME.c.slug).where(GAME.c.watched.is_(True)).order_by(GAME.c.slug)).scalars())


def known_auctions(conn: Connection, now: datetime, recent_days: int = 60) -> dict[int, KnownAuction]:
    """Open auctions, and those that ended recently (still linked from lot pages).

    Auctions that ended long ago are never linked any more, so they are not loaded.
    """
    since = now - timedelta(days=recent_days)
    rows = conn.execute(
        select(AUCTION.c.id, AUCTION.c.status, AUCTION.c.ends_at, AUCTION.c.last_seen_at,
               AUCTION.c.url)
        .where(or_(AUCTION.c.status == "open", AUCTION.c.ends_at >= since,
                   AUCTION.c.last_seen_at >= since)))
    return {row.id: KnownAuction(row.status, row.ends_at, row.last_seen_at, row.url) for row in rows}


def needs_fetch(known: KnownAuction | None, now: datetime, refresh_hours: float) -> bool:
    """Fetch an auction page when it is new to us, has ended since we last saw it open,
    or (open) has not been looked at for `refresh_hours` (to follow its bids)."""
    if known is None:
        return True
    if known.status != "open":
        return False
    if known.ends_at is not None and known.ends_at <= now:
        return True
    return bool(refresh_hours) and now - known.last_seen_at >= timedelta(hours=refresh_hours)
