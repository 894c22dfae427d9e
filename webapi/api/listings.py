"""/api/v1/listings: fixed-price ads."""
from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from webapi.api.filters import ListingFilters, listing_rows
from webapi.api.pagination import BY_ID, PageQuery, keyset_page
from webapi.api.rows import listing_row
from webapi.api.schemas import ListingOut, Page

router = Router(tags=["listings"])


@router.get("", response=Page[ListingOut], summary="List fixed-price ads", url_name="listings")
def list_listings(request: HttpRequest, filters: Query[ListingFilters], page: PageQuery):
    """Fixed-price ads as flat rows, ordered by id. Filter with `game` and `active`."""
    return keyset_page(request, listing_rows(filters), BY_ID, page, listing_row)
