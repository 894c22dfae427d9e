"""Per-API-key rate limit: a fixed-window request counter in Django's cache.

`API_RATE_LIMIT` ("600/minute"; "0" or "" = off) is parsed by `parse_rate`, which the
settings call at start so a typo stops the app instead of silently disabling the limit.
The counter lives in the default cache, which in production is a file cache shared by
every gunicorn worker (see settings.CACHES). A window is a fixed slice of time (a whole
minute for "/minute"); over the limit a request gets 429 with Retry-After = the seconds
until the window ends (django-ninja's throttling sends both).

Counting is get-then-set, not atomic: concurrent requests of one key in different workers
can each miss the other's hit, so a key may get a few requests more than the limit per
window (at most one per concurrent request), never fewer.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache

_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60,
          "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
_RATE = re.compile(r"(\d+)\s*/\s*(\d*)\s*([a-z]+?)s?")

clock = time.time  # the time source of `hit` (tests move it)


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.requests} requests per {self.seconds} s"


@lru_cache(maxsize=16)
def parse_rate(text: str | None) -> Rate | None:
    """"600/minute", "10/s", "5000/hour", "100/15min" → Rate; "", "0", "off" → None (no limit).

    ValueError for anything else.
    """
    value = (text or "").strip().lower()
    if value in ("", "0", "off", "none"):
        return None
    match = _RATE.fullmatch(value)
    if match is None or match.group(3) not in _UNITS:
        raise ValueError(
            f"API_RATE_LIMIT={text!r}: expected <requests>/<period>, e.g. 600/minute, "
            "10/second, 5000/hour, 100/15min; 0 or empty to disable"
        )
    requests, multiplier, unit = int(match.group(1)), int(match.group(2) or 1), match.group(3)
    if requests == 0:
        return None
    if multiplier == 0:
        raise ValueError(f"API_RATE_LIMIT={text!r}: the period cannot be 0")
    return Rate(requests, multiplier * _UNITS[unit])


def window_of(rate: Rate, now: float) -> tuple[int, float]:
    """(index of the window holding `now`, seconds until that window ends)."""
    index = int(now // rate.seconds)
    return index, (index + 1) * rate.seconds - now


def hit(cache, name: str, rate: Rate, now: float | None = None) -> tuple[bool, float]:
    """Count one request of `name`: (allowed, seconds until its window ends)."""
    now = clock() if now is None else now
    index, remaining = window_of(rate, now)
    key = f"ratelimit:{name}:{rate.seconds}:{index}"
    count = cache.get(key, 0)
    if count >= rate.requests:
        return False, remaining  # refused requests are not counted: nothing to write
    # The entry dies with its window (+1 s so a late reader never sees it vanish early).
    cache.set(key, count + 1, timeout=remaining + 1)
    return True, remaining
