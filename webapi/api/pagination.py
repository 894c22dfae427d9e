"""Keyset (cursor) pagination shared by every list endpoint and the CSV export.

Rows are ordered by a unique key (`id`, or `updated_at, id`); a page is "the next `limit`
rows after the last key seen", so each page is one index range scan whatever the page
number, and rows inserted while a client pages never shift the pages. The cursor is the
last row's sort key, JSON-encoded and urlsafe-base64'd (opaque to clients).
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone
from typing import Any, Callable, Iterator
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Schema, Field
from ninja.errors import ValidationError


def param_error(name: str, message: str, where: str = "query") -> ValidationError:
    """A 422 naming the parameter, shaped like Ninja's own validation errors."""
    return ValidationError([{"type": "value_error", "loc": [where, name], "msg": message}])


CURSOR_MAX_LENGTH = 500  # real cursors are ~100 characters


class PageParams(Schema):
    limit: int = Field(
        settings.API_DEFAULT_LIMIT,
        ge=1,
        le=settings.API_MAX_LIMIT,
        description=f"Rows per page, 1..{settings.API_MAX_LIMIT} (default {settings.API_DEFAULT_LIMIT}).",
    )
    cursor: str | None = Field(
        None,
        max_length=CURSOR_MAX_LENGTH,
        description="Opaque position from a previous page's `next` URL; omit for the first page.",
    )


PageQuery = Query[PageParams]


@dataclass(frozen=True)
class Ordering:
    """A unique sort key: `fields` are (name, descending) pairs, all NOT NULL columns.

    The names must be columns selected by the queryset's `.values()`; `key_types` (int or
    datetime, one per field) is what a cursor's key must hold.
    """

    name: str
    fields: tuple[tuple[str, bool], ...]
    key_types: tuple[type, ...]

    def order_by(self) -> list[str]:
        return [("-" if desc else "") + name for name, desc in self.fields]

    def after(self, key: list[Any]) -> Q:
        """Rows strictly after `key` in this order: (a > x) or (a = x and b > y) ..."""
        condition = Q()
        for i, (name, desc) in enumerate(self.fields):
            clause = Q(**{f"{name}__{'lt' if desc else 'gt'}": key[i]})
            for prev_name, _ in self.fields[:i]:
                clause &= Q(**{prev_name: key[self._index(prev_name)]})
            condition |= clause
        return condition

    def _index(self, name: str) -> int:
        return [n for n, _ in self.fields].index(name)

    def key_of(self, row: dict[str, Any]) -> list[Any]:
        return [row[name] for name, _ in self.fields]


BY_ID = Ordering("id", (("id", False),), (int,))
BY_ID_DESC = Ordering("-id", (("id", True),), (int,))

# Keys are BIGINT columns: a larger number in a forged cursor is refused, not sent to the
# database (SQLite cannot bind it).
_BIGINT = range(-(2**63), 2**63)


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.astimezone(dt_timezone.utc).isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"dt"} and isinstance(value["dt"], str):
        parsed = datetime.fromisoformat(value["dt"])
        if parsed.tzinfo is None:
            raise ValueError("naive datetime")
        return parsed.astimezone(dt_timezone.utc)  # OverflowError at the edges of time
    if isinstance(value, int) and not isinstance(value, bool) and value in _BIGINT:
        return value
    raise ValueError("bad key value")


def encode_cursor(ordering: Ordering, key: list[Any]) -> str:
    payload = json.dumps({"o": ordering.name, "k": [_encode_value(v) for v in key]},
                         separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(ordering: Ordering, cursor: str) -> list[Any]:
    """The key in `cursor`; a 422 naming `cursor` if it is malformed or for another order."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        if not isinstance(payload, dict) or payload.get("o") != ordering.name:
            raise ValueError("cursor for another ordering")
        key = [_decode_value(v) for v in payload["k"]]
        if tuple(type(v) for v in key) != ordering.key_types:
            raise ValueError("wrong key types")
        return key
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError, binascii.Error):
        raise param_error(
            "cursor", "Invalid cursor: use the `next` URL of a previous page with the same filters."
        ) from None


def next_url(request: HttpRequest, cursor: str) -> str:
    """This request's absolute URL with `cursor` replaced (every other parameter kept)."""
    params = request.GET.copy()
    params.setlist("cursor", [cursor])
    return request.build_absolute_uri(request.path) + "?" + urlencode(list(params.lists()), doseq=True)


def keyset_page(
    request: HttpRequest,
    rows: QuerySet,
    ordering: Ordering,
    page: PageParams,
    transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One page of a `.values()` queryset: {"results", "next", "limit"}."""
    qs = rows.order_by(*ordering.order_by())
    if page.cursor:
        qs = qs.filter(ordering.after(decode_cursor(ordering, page.cursor)))
    fetched = list(qs[: page.limit + 1])
    more = len(fetched) > page.limit
    fetched = fetched[: page.limit]
    following = None
    if more and fetched:
        following = next_url(request, encode_cursor(ordering, ordering.key_of(fetched[-1])))
    results = [transform(r) for r in fetched] if transform else fetched
    return {"results": results, "next": following, "limit": page.limit}


def iterate_keyset(rows: QuerySet, ordering: Ordering, chunk_size: int = 2000) -> Iterator[dict]:
    """Every row of a `.values()` queryset, fetched in keyset chunks (constant memory)."""
    qs = rows.order_by(*ordering.order_by())
    key = None
    while True:
        chunk_qs = qs.filter(ordering.after(key)) if key is not None else qs
        chunk = list(chunk_qs[:chunk_size])
        yield from chunk
        if len(chunk) < chunk_size:
            return
        key = ordering.key_of(chunk[-1])
