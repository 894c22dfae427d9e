"""Ids and counters written on a page, as ints.

ASCII digits only: ``str.isdigit()`` accepts "²" (which ``int()`` refuses) and ``\\d``
accepts "١٢"; neither is something the site writes.
"""
from __future__ import annotations

import re

__all__ = ["MAX_ID", "parse_count", "parse_id"]

MAX_ID = 2**63 - 1  # ids are stored as signed 64-bit integers
_MAX_DIGITS = 18  # and so are counters; also keeps int() far from its 4300-digit limit
_COUNT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+")


def parse_id(text: str | None) -> int | None:
    """``"627426"`` -> ``627426``; ``None`` for anything that is not a positive id."""
    text = (text or "").strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_count(text: str | None) -> int | None:
    """``"184"`` or ``"1.234"`` -> an int; ``None`` for anything else (or absurdly long)."""
    text = " ".join((text or "").split())
    if not _COUNT.fullmatch(text):
        return None
    digits = text.replace(".", "")
    return int(digits) if len(digits) <= _MAX_DIGITS else None
