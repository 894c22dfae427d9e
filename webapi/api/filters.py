"""Query-parameter filters shared by the JSON lists and the CSV exports."""
from __future__ import annotations

import unicodedata
from datetime import datetime, timezone as dt_timezone
from typing import Annotated, Literal, Optional

from django.db.models import F, Q, QuerySet
from ninja import Field, Path, Schema
from pydantic import AfterValidator

from webapi.models import Auction, Game, Listing

Status = Literal["open", "sold", "unsold", "canceled"]
Kind = Literal["game", "combo", "accessory", "unknown"]
Condition = Literal["new", "sealed", "used", "unknown"]

_TIME_PARAM = (
    "ISO 8601 date or datetime (e.g. 2025-08-01 or 2025-08-01T12:00:00-03:00); "
    "a date means midnight UTC and a time without offset is UTC."
)


def as_utc(value: datetime) -> datetime:
    """Naive → UTC; aware → converted to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt_timezone.utc)
    return value.astimezone(dt_timezone.utc)


def _utc_in_range(value: datetime) -> datetime:
    # 9999-12-31T23:00-03:00 parses but has no UTC equivalent: a 422, not a 500.
    try:
        return as_utc(value)
    except OverflowError:
        raise ValueError("date out of range") from None


def _no_control_characters(value: str) -> str:
    # A NUL or other control character is never part of a name; MySQL's collations would
    # also ignore some of them (`'abc\0' = 'abc'`), so they are refused on every backend.
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("control characters (such as NUL) are not allowed")
    return value


#: A datetime query parameter, converted to UTC (naive = UTC); out-of-range → 422.
UtcDatetime = Annotated[datetime, AfterValidator(_utc_in_range)]
#: A free-text parameter: any printable text, matched literally (never as SQL or a pattern).
Text = Annotated[str, AfterValidator(_no_control_characters)]


def game_id_for(slug: str) -> int | None:
    return Game.objects.filter(slug=slug).values_list("id", flat=True).first()


class GameFilters(Schema):
    watched: Optional[bool] = Field(None, description="Only games on (true) or off (false) the watchlist.")
    q: Optional[Text] = Field(
        None, max_length=200, description="Text contained in the game's name or slug (case-insensitive)."
    )


class AuctionFilters(Schema):
    game: Optional[Text] = Field(None, max_length=200, description="Game slug (e.g. `brass-birmingham`).")
    status: Optional[Status] = Field(None, description="Auction status: open, sold, unsold or canceled.")
    kind: Optional[Kind] = Field(None, description="Item kind: game, combo, accessory or unknown.")
    condition: Optional[Condition] = Field(None, description="Item condition: new, sealed, used or unknown.")
    state: Optional[str] = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="Seller's state (UF), two letters, e.g. SP."
    )
    seller: Optional[Text] = Field(None, max_length=100, description="Seller's user name (exact).")
    ended_after: Optional[UtcDatetime] = Field(
        None, description=f"Only auctions ending at or after this time. {_TIME_PARAM}"
    )
    ended_before: Optional[UtcDatetime] = Field(
        None, description=f"Only auctions ending strictly before this time. {_TIME_PARAM}"
    )
    updated_since: Optional[UtcDatetime] = Field(
        None,
        description="Only auctions changed at or after this time (`updated_at >= updated_since`), "
        f"for incremental refresh; rows are then ordered by (updated_at, id). {_TIME_PARAM}",
    )


class ListingFilters(Schema):
    game: Optional[Text] = Field(None, max_length=200, description="Game slug.")
    active: Optional[bool] = Field(None, description="Only active (true) or inactive (false) ads.")


# --- row queries --------------------------------------------------------------------------

GAME_FIELDS = (
    "id", "slug", "name", "ludopedia_id", "watched", "ludostore_price_cents",
    "created_at", "updated_at",
)

AUCTION_FIELDS = (
    "id", "lot_id", "game_id", "title", "kind", "condition", "edition", "seller", "city",
    "state", "status", "current_bid_cents", "bid_count", "buy_now_cents", "final_price_cents",
    "ends_at", "followers", "views", "url", "first_seen_at", "last_seen_at", "updated_at",
)

LISTING_FIELDS = (
    "id", "game_id", "title", "kind", "condition", "city", "notes", "price_cents", "url",
    "active", "first_seen_at", "last_seen_at",
)

SNAPSHOT_FIELDS = (
    "id", "auction_id", "observed_at", "current_bid_cents", "bid_count", "followers", "views",
)

CRAWL_RUN_FIELDS = (
    "id", "spider", "started_at", "finished_at", "finish_reason", "pages", "items_stored",
    "items_dropped", "errors",
)


def game_rows(filters: GameFilters) -> QuerySet:
    qs = Game.objects.all()
    if filters.watched is not None:
        qs = qs.filter(watched=filters.watched)
    if filters.q:  # icontains escapes % and _: they match literally
        qs = qs.filter(Q(name__icontains=filters.q) | Q(slug__icontains=filters.q))
    return qs.values(*GAME_FIELDS)


def auction_rows(filters: AuctionFilters) -> QuerySet:
    qs = Auction.objects.all()
    if filters.game:
        game_id = game_id_for(filters.game)
        qs = qs.filter(game_id=game_id) if game_id is not None else qs.none()
    for name in ("status", "kind", "condition", "seller"):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{name: value})
    if filters.state:
        qs = qs.filter(state=filters.state.upper())
    if filters.ended_after is not None:
        qs = qs.filter(ends_at__gte=as_utc(filters.ended_after))
    if filters.ended_before is not None:
        qs = qs.filter(ends_at__lt=as_utc(filters.ended_before))
    if filters.updated_since is not None:
        qs = qs.filter(updated_at__gte=as_utc(filters.updated_since))
    return qs.values(*AUCTION_FIELDS, game_slug=F("game__slug"), game_name=F("game__name"))


def listing_rows(filters: ListingFilters) -> QuerySet:
    qs = Listing.objects.all()
    if filters.game:
        game_id = game_id_for(filters.game)
        qs = qs.filter(game_id=game_id) if game_id is not None else qs.none()
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return qs.values(*LISTING_FIELDS, game_slug=F("game__slug"), game_name=F("game__name"))


# --- path parameters ------------------------------------------------------------------------

GameSlug = Annotated[
    Text, Path(description="The game's Ludopedia slug (from /jogo/<slug>).", max_length=200)
]
AuctionId = Annotated[
    int, Path(description="Ludopedia's auction item id (/leilao/<id>/…).", ge=1, le=2**63 - 1)
]
