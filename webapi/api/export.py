"""/api/v1/export/*.csv: every row, streamed in keyset chunks (constant memory).

UTF-8 with BOM (Excel and Power BI detect the encoding), comma-separated, decimal point,
a header row; same columns and filters as the JSON lists. Empty cell = null.

Written for speed (bench/export.py: at least half the rows/s of a raw cursor reading the
same 1,000,000 rows): rows come as tuples, times as text rendered by the database (parsing
them into datetimes and formatting them back was half of a row's cost in PyMySQL and Django),
and each chunk is converted column by column, with converters chosen once from the model
fields (the csv module writes ints, text and None itself), and written with one writerows().
"""
from __future__ import annotations

import csv
import io
from typing import Any, Callable, Iterator, Sequence

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router

from webapi.api.auctions import auction_ordering
from webapi.api.filters import AuctionFilters, ListingFilters, auction_rows, listing_rows
from webapi.api.pagination import BY_ID, Ordering
from webapi.api.rows import AUCTION_COLUMNS, LISTING_COLUMNS

router = Router(tags=["export"])

BOM = "\ufeff"
CHUNK_SIZE = 5000  # rows per keyset query and per write (~1.5 MB of CSV, ~30 MB of memory)

Converter = Callable[[Any], Any]
Plan = list[tuple[int, Converter | None]]


def time_text(stored: str | None) -> str | None:
    """A stored UTC time as the database casts it to text (`2025-08-02 12:00:00`; SQLite
    keeps SQLAlchemy's `.000000`) → `2025-08-02T12:00:00+00:00`, datetime.isoformat()'s
    form, as in the JSON API."""
    if stored is None:
        return None
    if stored.endswith(".000000"):
        stored = stored[:-7]
    return stored.replace(" ", "T", 1) + "+00:00"


def bool_text(value: Any) -> str | None:
    return None if value is None else ("true" if value else "false")


def reais_text(cents: int | None) -> str | None:
    """12000 → `120.00`, -5 → `-0.05`: the API's reais, exact, without a Decimal per cell."""
    if cents is None:
        return None
    whole, fraction = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole}.{fraction:02d}"


def column_plan(rows: QuerySet, columns: Sequence[str]) -> tuple[QuerySet, list[str], Plan]:
    """The queryset and the values to select for `columns` and, per column, (index of its
    value, converter); the converter is None when the csv module writes the value right.

    A column `x` that is no model field but has an `x_cents` column is money in reais.
    """
    fields: list[str] = []
    plan: Plan = []
    for name in columns:
        try:
            field = rows.model._meta.get_field(name)
        except FieldDoesNotExist:  # an annotation (game_slug) or a money column
            field = None
        source, converter = name, None
        if field is None and f"{name}_cents" in columns:
            source, converter = f"{name}_cents", reais_text
        elif isinstance(field, models.DateTimeField):  # as text: no datetime round trip
            source, converter = f"{name}_text", time_text
            rows = rows.annotate(**{source: Cast(name, models.CharField())})
        elif isinstance(field, models.BooleanField):
            converter = bool_text
        if source not in fields:
            fields.append(source)
        plan.append((fields.index(source), converter))
    return rows, fields, plan


def keyset_chunks(
    rows: QuerySet, ordering: Ordering, fields: Sequence[str], size: int
) -> Iterator[list[tuple]]:
    """Lists of up to `size` row tuples of `fields` (then the sort key, if not among them)
    in `ordering`, each chunk one index range scan after the previous chunk's key."""
    key_fields = [name for name, _ in ordering.fields]
    fields = [*fields, *(name for name in key_fields if name not in fields)]
    key_at = [fields.index(name) for name in key_fields]
    qs = rows.values_list(*fields).order_by(*ordering.order_by())
    chunk = list(qs[:size])
    while chunk:
        yield chunk
        if len(chunk) < size:
            return
        key = [chunk[-1][i] for i in key_at]
        chunk = list(qs.filter(ordering.after(key))[:size])


def csv_chunks(header: Sequence[str], plan: Plan, chunks: Iterator[list[tuple]]) -> Iterator[bytes]:
    """The CSV file (BOM, header, rows) as one UTF-8 block per chunk of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header)
    for chunk in chunks:
        fields = list(zip(*chunk))  # the chunk as columns
        writer.writerows(zip(*(
            fields[i] if convert is None else map(convert, fields[i]) for i, convert in plan
        )))
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue().encode("utf-8")


def csv_export(
    filename: str, rows: QuerySet, ordering: Ordering, columns: Sequence[str]
) -> StreamingHttpResponse:
    rows, fields, plan = column_plan(rows, columns)
    chunks = keyset_chunks(rows, ordering, fields, CHUNK_SIZE)
    response = StreamingHttpResponse(
        csv_chunks(columns, plan, chunks), content_type="text/csv; charset=utf-8"
    )
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
    return csv_export("auctions.csv", auction_rows(filters), auction_ordering(filters),
                      AUCTION_COLUMNS)


@router.get(
    "/listings.csv",
    summary="All fixed-price ads as CSV",
    url_name="export-listings",
    response={200: str},
    openapi_extra={"responses": {200: {"description": "CSV file", "content": {"text/csv": {}}}}},
)
def export_listings(request: HttpRequest, filters: Query[ListingFilters]):
    """Every ad matching the filters (same as /listings), one CSV row each, streamed."""
    return csv_export("listings.csv", listing_rows(filters), BY_ID, LISTING_COLUMNS)
