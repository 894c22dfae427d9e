"""Site times (Brasília, America/Sao_Paulo) to aware UTC datetimes."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from auctionspider.parsing.errors import ParseError

BRASILIA = ZoneInfo("America/Sao_Paulo")
UTC = timezone.utc

# "03/09/2025 às 22:30" (title of the end-time span), also "03/09/2025 22:30[:00]"
_BR_FORMAT = re.compile(
    r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*(?:(?:às|as|à|a)\s*)?([0-9]{1,2})[:h]([0-9]{2})"
    r"(?::([0-9]{2}))?\s*",
    re.IGNORECASE,
)
# "2025-08-26 22:00:00" (data-dt_hr_fim of the count-down span)
_ISO_FORMAT = re.compile(
    r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\s*"
)

# A "Finalizado (dd/mm HH:MM)" a little after the crawl's own clock is clock skew,
# not an auction that ended a year ago.
_CLOCK_SKEW = timedelta(hours=1)


def _aware_utc(value: datetime) -> datetime:
    """Naive datetimes are taken to be UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _brasilia(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BRASILIA).astimezone(UTC)


def parse_site_datetime(text) -> datetime:
    """``"03/09/2025 às 22:30"`` or ``"2025-08-26 22:00:00"`` (Brasília) -> aware UTC."""
    if not isinstance(text, str):
        raise ParseError(f"unparseable date {text!r}: not text")
    m = _BR_FORMAT.fullmatch(text)
    if m:
        day, month, year, hour, minute, second = m.groups()
    else:
        m = _ISO_FORMAT.fullmatch(text)
        if not m:
            raise ParseError(f"unparseable date {text!r}")
        year, month, day, hour, minute, second = m.groups()
    try:
        return _brasilia(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except (ValueError, OverflowError) as exc:  # 31/02, or 31/12/9999 23:59 (past UTC's year 9999)
        raise ParseError(f"unparseable date {text!r}: {exc}") from None


def infer_year(day: int, month: int, hour: int, minute: int,
               observed_at: datetime, previous: datetime | None) -> datetime:
    """The aware UTC datetime of a Brasília ``dd/mm HH:MM`` shown without a year.

    With ``previous`` (the end time stored earlier) the year is taken from it: the
    candidate in its year, or the year before/after when that is closer (an end
    moved across New Year). Otherwise: the latest such date not after ``observed_at``
    (allowing an hour of clock skew). Naive datetimes are taken as UTC.
    """
    day, month, hour, minute = int(day), int(month), int(hour), int(minute)
    if not (1 <= month <= 12 and 1 <= day <= 31 and 0 <= hour <= 23 and 0 <= minute <= 59):
        raise ParseError(f"impossible date {day:02d}/{month:02d} {hour:02d}:{minute:02d}")

    if previous is not None:
        previous = _aware_utc(previous)
        base = previous.astimezone(BRASILIA).year
        candidates = []
        for year in (base, base - 1, base + 1):
            try:
                candidates.append(_brasilia(year, month, day, hour, minute))
            except ValueError:
                continue
        if not candidates:
            raise ParseError(f"impossible date {day:02d}/{month:02d}")
        # min() keeps the first of equals, so `base` wins ties.
        return min(candidates, key=lambda c: abs(c - previous))

    if observed_at is None:
        raise ParseError("cannot infer the year: no observation time")
    observed_at = _aware_utc(observed_at)
    limit = observed_at + _CLOCK_SKEW
    start = observed_at.astimezone(BRASILIA).year + 1
    for year in range(start, start - 10, -1):  # 29/02 may need a few years back
        try:
            candidate = _brasilia(year, month, day, hour, minute)
        except ValueError:
            continue
        if candidate <= limit:
            return candidate
    raise ParseError(f"impossible date {day:02d}/{month:02d}")
