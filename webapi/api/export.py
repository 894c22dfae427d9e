"""/api/v1/export/*.csv: every row, streamed in keyset chunks (constant memory).

UTF-8 with BOM (Excel and Power BI detect the encoding), comma-separated, decimal point,
a header row; same columns and filters as the JSON lists. Empty cell = null.

Written for speed (bench/export.py: at least half the rows/s of a raw cursor reading the
same rows, 1,000,000 of them): each chunk's SQL comes from the filtered queryset but its rows
are read as the driver returns them (Django's per-value converters cost more than the CSV),
converted column by column with converters chosen once from the model fields (only times,
booleans and money need one; the csv module writes ints, text and None itself), and written
with one writerows() call.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any, Callable, Iterator, Sequence

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections, models
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router

from webapi.api.auctions import auction_ordering
from webapi.api.filters import (
    AuctionFilters, ListingFilters, as_utc, auction_rows, listing_rows,
)
from webapi.api.pagination import BY_ID, Ordering
from webapi.api.rows import AUCTION_COLUMNS, LISTING_COLUMNS

router = Router(tags=["export"])

BOM = "\ufeff"
CHUNK_SIZE = 5000  # rows per keyset query and per write (~1.5 MB of CSV)

Converter = Callable[[Any], Any]
Plan = list[tuple[int, Converter | None]]


def utc_iso_text(value: datetime | None) -> str | None:
    """A stored (naive UTC) time → `2025-08-02T12:00:00+00:00`, as the JSON API writes it."""
    return None if value is None else value.isoformat() + "+00:00"


def bool_text(value):
    return None if value is None else ("true" if value else "false")


def reais_text(cents: int | None) -> str | None:
    """12000 → `120.00`, -5 → `-0.05`: the API's reais, exact, without a Decimal per cell."""
    if cents is None:
        return None
    whole, fraction = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole}.{fraction:02d}"


def column_plan(rows: QuerySet, columns: Sequence[str]) -> tuple[list[str], Plan]:
    """The fields to select for `columns` and, per column, (index of its field, converter).

    A column `x` that is no model field but has an `x_cents` column is money in reais.
    The converter is None when the csv module writes the value right (ints, text, None).
    """
    fields: list[str] = []
    plan: Plan = []
    for name in columns:
        try:
            field = rows.model._meta.get_field(name)
        except FieldDoesNotExist:  # an annotation (game_slug) or a money column
            field = None
        source, converter = name, None
        if field is None and name + "_cents" in columns:
            source, converter = name + "_cents", reais_text
        elif isinstance(field, models.DateTimeField):
            converter = utc_iso_text
        elif isinstance(field, models.BooleanField):
            converter = bool_text
        if source not in fields:
            fields.append(source)
        plan.append((fields.index(source), converter))
    return fields, plan


def raw_rows(qs: QuerySet) -> tuple[list[str], list[tuple]]:
    """The column names and rows of `qs`, values as the database driver returns them."""
    try:
        sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:  # qs.none(), e.g. an unknown game
        return [], []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [column[0] for column in cursor.description], cursor.fetchall()


def keyset_chunks(
    rows: QuerySet, ordering: Ordering, fields: Sequence[str], size: int
) -> Iterator[list[tuple]]:
    """Lists of up to `size` raw row tuples of `fields` in `ordering`, each chunk one index
    range scan after the last key of the previous one."""
    qs = rows.values_list(*fields).order_by(*ordering.order_by())
    key_at = [fields.index(name) for name, _ in ordering.fields]
    key = None
    while True:
        names, chunk = raw_rows((qs.filter(ordering.after(key)) if key else qs)[:size])
        if not chunk:
            return
        if names != list(fields):
            raise RuntimeError(f"export: expected columns {fields}, the query gave {names}")
        yield chunk
        if len(chunk) < size:
            return
        # Times come back naive UTC, as stored; the ORM wants them aware.
        key = [as_utc(v) if isinstance(v, datetime) else v for v in (chunk[-1][i] for i in key_at)]


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
    fields, plan = column_plan(rows, columns)
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
