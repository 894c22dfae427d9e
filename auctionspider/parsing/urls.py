"""The URLs a page's hrefs point to.

urllib raises ValueError on some malformed hrefs ("http://[::1/x": an unclosed IPv6
host); on a page that is just a link we cannot follow, never a reason to fail the page.
"""
from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit

__all__ = ["absolute_url", "split_href"]


def split_href(href: str | None) -> SplitResult | None:
    """The parts of an href, or None when urllib cannot parse it."""
    try:
        return urlsplit((href or "").strip())
    except ValueError:
        return None


def absolute_url(base_url: str, href: str | None) -> str | None:
    """The absolute http(s) URL of an href; None for other schemes (javascript:, mailto:)
    and for hrefs urllib cannot parse."""
    try:
        absolute = urljoin(base_url, (href or "").strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute
