"""Response schemas: flat rows, every field described (they become the OpenAPI docs)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Generic, Optional, TypeVar

from ninja import Field, Schema
from pydantic import WithJsonSchema

#: Reais as a JSON number with exactly two decimals (e.g. 120.00).
Reais = Annotated[
    Decimal, WithJsonSchema({"type": "number", "format": "decimal", "multipleOf": 0.01})
]


def reais(cents: int | None) -> Decimal | None:
    """12000 → Decimal('120.00'): exact, two decimals."""
    return None if cents is None else Decimal(cents).scaleb(-2)


T = TypeVar("T")

TIME_NOTE = "ISO 8601, UTC, with offset (e.g. 2025-08-26T22:00:00+00:00)."


def _cents(what: str) -> str:
    return f"{what} in integer centavos (exact)."


def _reais(what: str) -> str:
    return f"{what} in reais: a number with two decimals, equal to the `_cents` field / 100."


class Page(Schema, Generic[T]):
    results: list[T] = Field(..., description="The rows of this page, in a stable order.")
    next: Optional[str] = Field(
        None,
        description="Absolute URL of the next page (same filters, a new `cursor`); "
        "null on the last page.",
    )
    limit: int = Field(..., description="The page size used.")


class GameOut(Schema):
    id: int = Field(..., description="Internal game id.")
    slug: str = Field(..., description="Ludopedia slug, from /jogo/<slug>.")
    name: str = Field(..., description="Game name.")
    ludopedia_id: Optional[int] = Field(None, description="Ludopedia's numeric game id.")
    watched: bool = Field(..., description="On the watchlist (crawled on every run).")
    ludostore_price_cents: Optional[int] = Field(
        None, description=_cents("Ludostore's price for a new copy")
    )
    ludostore_price: Optional[Reais] = Field(
        None, description=_reais("Ludostore's price for a new copy")
    )
    created_at: datetime = Field(..., description=f"When the game was first recorded. {TIME_NOTE}")
    updated_at: datetime = Field(..., description=f"Last change of the game row. {TIME_NOTE}")


class GameDetailOut(GameOut):
    auction_count: int = Field(..., description="Auctions recorded for this game.")
    open_auction_count: int = Field(..., description="Of those, still open.")
    sold_auction_count: int = Field(..., description="Of those, sold.")
    active_listing_count: int = Field(..., description="Fixed-price ads currently active.")


class AuctionOut(Schema):
    id: int = Field(..., description="Ludopedia's auction item id (/leilao/<id>/…).")
    lot_id: Optional[int] = Field(None, description="The seller's lot that groups items.")
    game_id: Optional[int] = Field(None, description="Internal game id; null if unknown.")
    game_slug: Optional[str] = Field(None, description="Game slug; null if unknown.")
    game_name: Optional[str] = Field(None, description="Game name; null if unknown.")
    title: str = Field(..., description="Item title.")
    kind: str = Field(..., description="game | combo | accessory | unknown.")
    condition: str = Field(..., description="new | sealed | used | unknown.")
    edition: Optional[str] = Field(None, description="Edition / publisher.")
    seller: Optional[str] = Field(None, description="Seller's Ludopedia user name.")
    city: Optional[str] = Field(None, description="Seller's city.")
    state: Optional[str] = Field(None, description="Seller's state (UF, two letters).")
    status: str = Field(..., description="open | sold | unsold | canceled.")
    current_bid_cents: Optional[int] = Field(
        None, description=_cents("Current (or winning) bid; null without bids")
    )
    current_bid: Optional[Reais] = Field(None, description=_reais("Current (or winning) bid"))
    bid_count: int = Field(..., description="Number of bids.")
    buy_now_cents: Optional[int] = Field(None, description=_cents("Buy-now price"))
    buy_now: Optional[Reais] = Field(None, description=_reais("Buy-now price"))
    final_price_cents: Optional[int] = Field(
        None, description=_cents("Final price, set when sold")
    )
    final_price: Optional[Reais] = Field(None, description=_reais("Final price"))
    ends_at: Optional[datetime] = Field(None, description=f"Auction end. {TIME_NOTE}")
    followers: Optional[int] = Field(None, description="Users following the item.")
    views: Optional[int] = Field(None, description="Page views.")
    url: str = Field(..., description="Ludopedia URL of the item.")
    first_seen_at: datetime = Field(..., description=f"First crawled. {TIME_NOTE}")
    last_seen_at: datetime = Field(..., description=f"Last crawled. {TIME_NOTE}")
    updated_at: datetime = Field(
        ..., description=f"Last change of any value (use with `updated_since`). {TIME_NOTE}"
    )


class AuctionDetailOut(AuctionOut):
    description: Optional[str] = Field(None, description="The seller's description.")
    snapshot_count: int = Field(..., description="Recorded snapshots (bid history points).")


class SnapshotOut(Schema):
    id: int = Field(..., description="Snapshot id.")
    auction_id: int = Field(..., description="The auction.")
    observed_at: datetime = Field(..., description=f"When the values were observed. {TIME_NOTE}")
    current_bid_cents: Optional[int] = Field(None, description=_cents("Bid at that time"))
    current_bid: Optional[Reais] = Field(None, description=_reais("Bid at that time"))
    bid_count: int = Field(..., description="Bids at that time.")
    followers: Optional[int] = Field(None, description="Followers at that time.")
    views: Optional[int] = Field(None, description="Views at that time.")


class ListingOut(Schema):
    id: int = Field(..., description="Ludopedia's ad id (/produto/<id>/…).")
    game_id: Optional[int] = Field(None, description="Internal game id.")
    game_slug: Optional[str] = Field(None, description="Game slug.")
    game_name: Optional[str] = Field(None, description="Game name.")
    title: str = Field(..., description="Ad title.")
    kind: str = Field(..., description="game | combo | accessory | unknown.")
    condition: str = Field(..., description="new | sealed | used | unknown.")
    city: Optional[str] = Field(None, description="Seller's city.")
    notes: Optional[str] = Field(None, description="The ad's notes (Obs).")
    price_cents: int = Field(..., description=_cents("Asking price"))
    price: Reais = Field(..., description=_reais("Asking price"))
    url: str = Field(..., description="Ludopedia URL of the ad.")
    active: bool = Field(..., description="Still listed at the last crawl.")
    first_seen_at: datetime = Field(..., description=f"First crawled. {TIME_NOTE}")
    last_seen_at: datetime = Field(..., description=f"Last crawled. {TIME_NOTE}")


class CrawlRunOut(Schema):
    id: int = Field(..., description="Run id.")
    spider: str = Field(..., description="Spider name.")
    started_at: datetime = Field(..., description=f"Start. {TIME_NOTE}")
    finished_at: Optional[datetime] = Field(None, description=f"End; null while running. {TIME_NOTE}")
    finish_reason: Optional[str] = Field(None, description="Scrapy's finish reason (finished, …).")
    pages: int = Field(..., description="Pages fetched.")
    items_stored: int = Field(..., description="Items stored.")
    items_dropped: int = Field(..., description="Items dropped by validation.")
    errors: int = Field(..., description="Errors logged.")


class HealthOut(Schema):
    database: str = Field(..., description='"ok" when the database answers, else "error".')
    last_crawl: Optional[CrawlRunOut] = Field(
        None, description="The most recent crawl run (its times and result); null if none."
    )


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong.")
