"""JSON rendering: reais as JSON numbers with exactly two decimals, times with an offset.

`json` can only print a Decimal as a string; Power BI wants numbers. Decimals are encoded
as a tagged string and the tag is then stripped, leaving the bare number (`120.00`).
Datetimes are ISO 8601 with an explicit offset (`+00:00` for UTC), never the `Z` that
Django's encoder uses.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

_TAG = "\x00dec:"
_TAGGED = re.compile(r'"\\u0000dec:(-?[0-9]+(?:\.[0-9]+)?)"')


def iso(value: datetime) -> str:
    """ISO 8601 with an offset; aware UTC datetimes give `...+00:00`."""
    return value.isoformat()


class ApiJSONEncoder(NinjaJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            if not o.is_finite():
                return None
            return f"{_TAG}{o:f}"
        if isinstance(o, datetime):
            return iso(o)
        if isinstance(o, date):
            return o.isoformat()
        return super().default(o)


def dumps(data: Any) -> str:
    text = json.dumps(data, cls=ApiJSONEncoder, ensure_ascii=False)
    if "\\u0000dec:" in text:
        text = _TAGGED.sub(r"\1", text)
    return text


class ApiRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return dumps(data)
