"""The one exception the parsing functions raise."""
from __future__ import annotations


class ParseError(ValueError):
    """A page (or a piece of one) that cannot be understood.

    ``reason`` is a human-readable explanation ("not an auction page: no bid block"),
    ``url`` the page it came from when known.
    """

    def __init__(self, reason: str, url: str | None = None):
        self.reason = reason
        self.url = url
        super().__init__(f"{reason} ({url})" if url else reason)

    def __reduce__(self):  # keep pickling (multiprocessing, Scrapy) working
        return (type(self), (self.reason, self.url))
