"""/api/v1/export/*.csv: every row, streamed in keyset chunks (constant memory).

UTF-8 with BOM (Excel and Power BI detect the encoding), comma-separated, decimal point,
a header row; same columns and filters as the JSON lists. Empty cell = null.
"""
from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from typing import Any, Iterable, Iterator

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router

from webapi.api.auctions import auction_ordering
from webapi.api.filters import AuctionFilters, ListingFilters, auction_rows, listing_rows
from webapi.api.pagination import BY_ID, iterate_keyset
from webapi.api.rows import AUCTION_COLUMNS, LISTING_COLUMNS, auction_row, listing_row

router = Router(tags=["export"])

BOM = "\ufeff"
CHUNK_SIZE = 2000


class _Echo:
    """A file-like object whose write() returns the line (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def csv_lines(columns: Iterable[str], rows: Iterable[dict], transform) -> Iterator[str]:
    columns = tuple(columns)
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM + writer.writerow(columns)
    for row in rows:
        row = transform(row)
        yield writer.writerow([_cell(row[c]) for c in columns])


def _buffered(lines: Iterator[str], size: int = 64 * 1024) -> Iterator[bytes]:
    """Join lines into ~64 KiB chunks (fewer, larger writes to the socket)."""
    parts: list[str] = []
    length = 0
    for line in lines:
        parts.append(line)
        length += len(line)
        if length >= size:
            yield "".join(parts).encode("utf-8")
            parts, length = [], 0
    if parts:
        yield "".join(parts).encode("utf-8")


def csv_response(filename: str, lines: Iterator[str]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_buffered(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/auctions.csv",
    summary="All auctions as CSV",
    url_name="export-auctions",
    response={200: str},
    openapi_extra={"responses": {200: {"description": "CSV file", "content": {"text/csv": {}}}}},
)
def export_auctions(request: HttpRequest, filters: Query[AuctionFilters]):
    """Every auction matching the filters (same as /auctions), one CSV row each, streamed."""
    rows = iterate_keyset(auction_rows(filters), auction_ordering(filters), CHUNK_SIZE)
    return csv_response("auctions.csv", csv_lines(AUCTION_COLUMNS, rows, auction_row))


@router.get(
    "/listings.csv",
    summary="All fixed-price ads as CSV",
    url_name="export-listings",
    response={200: str},
    openapi_extra={"responses": {200: {"description": "CSV file", "content": {"text/csv": {}}}}},
)
def export_listings(request: HttpRequest, filters: Query[ListingFilters]):
    """Every ad matching the filters (same as /listings), one CSV row each, streamed."""
    rows = iterate_keyset(listing_rows(filters), BY_ID, CHUNK_SIZE)
    return csv_response("listings.csv", csv_lines(LISTING_COLUMNS, rows, listing_row))
