"""SQLAlchemy models for the crawl tables.

These tables are a contract (see DESIGN.md): Power BI, Django (`managed = False`) and
Alembic read them, so names are fixed. Money is integer centavos; times are naive UTC.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments an INTEGER PRIMARY KEY; MySQL gets a BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")

AUCTION_KINDS = ("game", "combo", "accessory", "unknown")
CONDITIONS = ("new", "sealed", "used", "unknown")
STATUSES = ("open", "sold", "unsold", "canceled")
FINAL_STATUSES = ("sold", "unsold", "canceled")


class Base(DeclarativeBase):
    pass


class Game(Base):
    __tablename__ = "game"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    ludopedia_id: Mapped[int | None] = mapped_column(Integer)
    watched: Mapped[bool] = mapped_column(Boolean, default=False)
    ludostore_price_cents: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Auction(Base):
    __tablename__ = "auction"
    __table_args__ = (
        Index("ix_auction_game_status_ends", "game_id", "status", "ends_at"),
        Index("ix_auction_status_ends", "status", "ends_at"),
        Index("ix_auction_updated_at", "updated_at", "id"),
        Index("ix_auction_ends_at", "ends_at", "id"),
        Index("ix_auction_seller", "seller"),
        Index("ix_auction_lot_id", "lot_id"),
    )

    # The number in /leilao/<id>/<slug>: Ludopedia's id, not ours.
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    lot_id: Mapped[int | None] = mapped_column(BigInteger)
    game_id: Mapped[int | None] = mapped_column(ForeignKey("game.id"))
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16), default="unknown")
    condition: Mapped[str] = mapped_column(String(16), default="unknown")
    edition: Mapped[str | None] = mapped_column(String(200))
    seller: Mapped[str | None] = mapped_column(String(100))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16), default="open")
    current_bid_cents: Mapped[int | None] = mapped_column(Integer)
    bid_count: Mapped[int] = mapped_column(Integer, default=0)
    buy_now_cents: Mapped[int | None] = mapped_column(Integer)
    final_price_cents: Mapped[int | None] = mapped_column(Integer)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    followers: Mapped[int | None] = mapped_column(Integer)
    views: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuctionSnapshot(Base):
    __tablename__ = "auction_snapshot"
    __table_args__ = (Index("ix_auction_snapshot_auction_observed", "auction_id", "observed_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    auction_id: Mapped[int] = mapped_column(ForeignKey("auction.id"))
    observed_at: Mapped[datetime] = mapped_column(DateTime)
    current_bid_cents: Mapped[int | None] = mapped_column(Integer)
    bid_count: Mapped[int] = mapped_column(Integer)
    followers: Mapped[int | None] = mapped_column(Integer)
    views: Mapped[int | None] = mapped_column(Integer)


class Listing(Base):
    __tablename__ = "listing"
    __table_args__ = (Index("ix_listing_game_active", "game_id", "active"),)

    # The number in /produto/<id>/<slug>.
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    game_id: Mapped[int | None] = mapped_column(ForeignKey("game.id"))
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16), default="unknown")
    condition: Mapped[str] = mapped_column(String(16), default="unknown")
    city: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    price_cents: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)


class CrawlRun(Base):
    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    spider: Mapped[str] = mapped_column(String(50))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    items_stored: Mapped[int] = mapped_column(Integer, default=0)
    items_dropped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
