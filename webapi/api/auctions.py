"""/api/v1/auctions: one row per auctioned item, and its snapshots."""
from __future__ import annotations

from datetime import datetime

from django.db.models import F
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from webapi.api.filters import (
    AUCTION_FIELDS, SNAPSHOT_FIELDS, AuctionFilters, AuctionId, auction_rows,
)
from webapi.api.pagination import BY_ID, Ordering, PageQuery, keyset_page
from webapi.api.rows import auction_row, snapshot_row
from webapi.api.schemas import AuctionDetailOut, AuctionOut, ErrorOut, Page, SnapshotOut
from webapi.models import Auction, AuctionSnapshot

router = Router(tags=["auctions"])

BY_UPDATED = Ordering("updated_at,id", (("updated_at", False), ("id", False)), (datetime, int))


def auction_ordering(filters: AuctionFilters) -> Ordering:
    """By id; by (updated_at, id) for incremental loads (the (updated_at, id) index)."""
    return BY_UPDATED if filters.updated_since is not None else BY_ID


@router.get("", response=Page[AuctionOut], summary="List auctions", url_name="auctions")
def list_auctions(request: HttpRequest, filters: Query[AuctionFilters], page: PageQuery):
    """Auction items as flat rows (game slug and name inline), ordered by id, or by
    (updated_at, id) when `updated_since` is given. Follow `next` to the last page."""
    return keyset_page(
        request, auction_rows(filters), auction_ordering(filters), page, auction_row
    )


@router.get(
    "/{auction_id}",
    response={200: AuctionDetailOut, 404: ErrorOut},
    summary="One auction",
    url_name="auction",
)
def get_auction(request: HttpRequest, auction_id: AuctionId):
    """An auction item by its Ludopedia id, with its description. Unknown id → 404."""
    row = (
        Auction.objects.filter(id=auction_id)
        .values(*AUCTION_FIELDS, "description", game_slug=F("game__slug"), game_name=F("game__name"))
        .first()
    )
    if row is None:
        raise HttpError(404, f"Unknown auction id: {auction_id}")
    row["snapshot_count"] = AuctionSnapshot.objects.filter(auction_id=auction_id).count()
    return auction_row(row)


@router.get(
    "/{auction_id}/snapshots",
    response={200: Page[SnapshotOut], 404: ErrorOut},
    summary="An auction's snapshots (bid history)",
    url_name="auction-snapshots",
)
def list_snapshots(request: HttpRequest, auction_id: AuctionId, page: PageQuery):
    """The values observed for an auction over time, oldest first. Unknown id → 404."""
    if not Auction.objects.filter(id=auction_id).exists():
        raise HttpError(404, f"Unknown auction id: {auction_id}")
    rows = AuctionSnapshot.objects.filter(auction_id=auction_id).values(*SNAPSHOT_FIELDS)
    return keyset_page(request, rows, BY_ID, page, snapshot_row)
