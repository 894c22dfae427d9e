"""User-Agent provider for scrapy-fake-useragent that only hands out current browsers.

scrapy-fake-useragent's own FakeUserAgentProvider passes `fallback=None` to
fake-useragent 2.x, which raises; the middleware then silently falls back to Faker's
decades-old agents (Opera 8 on Windows 98). This provider asks fake-useragent for recent
desktop Chrome, Firefox, Edge and Safari only, with a string fallback.
"""
from __future__ import annotations

import fake_useragent
from scrapy_fake_useragent.middleware import RandomUserAgentMiddleware
from scrapy_fake_useragent.providers import BaseProvider

BROWSERS = ["Chrome", "Firefox", "Edge", "Safari"]
MIN_VERSION = 120.0  # anything older is not "current" any more


class CurrentBrowserProvider(BaseProvider):
    def __init__(self, settings):
        super().__init__(settings)
        self._ua = fake_useragent.UserAgent(
            browsers=BROWSERS,
            platforms=["desktop"],
            min_version=settings.getfloat("FAKEUSERAGENT_MIN_VERSION", MIN_VERSION),
            fallback=settings.get("FAKEUSERAGENT_FALLBACK"),
        )

    def get_random_ua(self) -> str:
        return self._ua.random


class UserAgentMiddleware(RandomUserAgentMiddleware):
    """scrapy-fake-useragent's middleware, with the spider-less signature Scrapy 2.13+ wants."""

    def process_request(self, request):
        super().process_request(request, None)
