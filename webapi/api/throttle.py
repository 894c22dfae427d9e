"""django-ninja throttle: the per-API-key rate limit (webapi.ratelimit) on every endpoint.

Ninja runs it after authentication (a request without a valid key gets 401 and is not
counted) and answers a refusal with 429 and `Retry-After` (the seconds `wait()` returns,
rounded up). The rate is read from settings on each request, so `API_RATE_LIMIT` changes
(tests) apply at once; the counter is keyed by the key's hash, never by the key itself.
"""
from __future__ import annotations

import threading

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from webapi.ratelimit import hit, parse_rate


class ApiKeyThrottle(BaseThrottle):
    def __init__(self) -> None:
        # Ninja keeps one throttle object per API and calls wait() right after a refusal:
        # the seconds are kept per thread (runserver serves requests in threads).
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        rate = parse_rate(settings.API_RATE_LIMIT)
        key = getattr(request, "auth", None)
        if rate is None or key is None:
            return True
        allowed, self._local.wait = hit(cache, f"apikey:{key.key_hash}", rate)
        return allowed

    def wait(self) -> float:
        return self._local.wait
