"""Retries that wait before retrying.

Scrapy's RetryMiddleware puts a failed request back in the queue at once and never reads
`Retry-After`, so a struggling or rate-limiting site gets hammered right when it asks us
to slow down. BackoffRetryMiddleware keeps its rules (RETRY_TIMES, RETRY_HTTP_CODES,
RETRY_EXCEPTIONS, its `retry/*` stats and its "Gave up retrying" error) and waits before
each retry, without blocking the reactor:

- the server's `Retry-After` (seconds or an HTTP-date; sent with 429, sometimes 503),
  at most RETRY_AFTER_MAX so a hostile value cannot stall the crawl for hours;
- otherwise exponential backoff: RETRY_BACKOFF_BASE·2^(n-1) seconds before retry n, at
  most RETRY_BACKOFF_MAX, with jitter so parallel retries do not come back in step.

Every retry is logged with its URL, wait and reason; `retry/wait_seconds` sums the waits.
"""
from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)

_SECONDS = re.compile(r"\d+(?:\.\d+)?")


def parse_http_date(value: str | bytes | None) -> datetime | None:
    """An HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT") as an aware datetime, or None."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def parse_retry_after(value: str | bytes | None, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header, or None when absent or unreadable.

    Either delay-seconds ("120") or an HTTP-date, counted from ``now`` (a date already
    past means "retry now": 0).
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    when = parse_http_date(value)
    if when is None:
        return None
    return max(0.0, (when - now).total_seconds())


def backoff_delay(retry: int, base: float, cap: float,
                  rand: Callable[[], float] = random.random) -> float:
    """Seconds before retry number ``retry`` (1, 2, ...): base·2^(retry-1), at most
    ``cap``, then a random point between half of that and all of it."""
    delay = min(cap, base * 2.0 ** min(retry - 1, 60))
    return delay * (0.5 + rand() / 2)


def retry_delay(retry: int, retry_after: float | None, *, base: float, cap: float,
                retry_after_max: float, rand: Callable[[], float] = random.random) -> float:
    """What the server asked for (capped), else exponential backoff."""
    if retry_after is not None:
        return min(retry_after, retry_after_max)
    return backoff_delay(retry, base, cap, rand)


def describe(reason) -> str:
    """"503 Service Unavailable", "DownloadTimeoutError: Getting ... took longer than 1.0 seconds." """
    if not isinstance(reason, BaseException):
        return str(reason)
    # Twisted's connection errors arrive wrapped ("[<twisted.python.failure.Failure ...>]").
    failures = getattr(reason.__cause__, "reasons", None)
    if failures:
        text = "; ".join(_named(f.value) for f in failures)
        return f"{type(reason).__name__}: {text}"
    return _named(reason)


def _named(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits (Retry-After or backoff) before each retry."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 30.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        # An HTTP-date counts from the server's clock (its Date header), not ours.
        now = parse_http_date(response.headers.get("Date")) or datetime.now(UTC)
        retry_after = parse_retry_after(response.headers.get("Retry-After"), now)
        retry = await self._retry_later(request, response_status_message(response.status), retry_after)
        return retry or response

    async def process_exception(self, request, exception):
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        return await self._retry_later(request, exception, None)

    async def _retry_later(self, request, reason, retry_after: float | None):
        retry = self._retry(request, reason)  # None once the retries are used up (logged as an error)
        if retry is None:
            return None
        number = retry.meta["retry_times"]
        delay = retry_delay(number, retry_after, base=self.backoff_base, cap=self.backoff_max,
                            retry_after_max=self.retry_after_max)
        asked = ""
        if retry_after is not None:
            self.crawler.stats.inc_value("retry/retry_after_count")
            asked = f", Retry-After {retry_after:g}s" + (
                f" capped at {self.retry_after_max:g}s" if retry_after > self.retry_after_max else "")
        logger.info("retrying %s in %.2fs (retry %d of %d%s): %s", request.url, delay, number,
                    request.meta.get("max_retry_times", self.max_retry_times), asked, describe(reason))
        stats = self.crawler.stats
        stats.set_value("retry/wait_seconds", round(stats.get_value("retry/wait_seconds", 0) + delay, 3))
        await sleep(delay)
        return retry
