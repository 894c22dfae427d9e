"""Links worth following, found by URL pattern only (never by page layout).

A regex over the raw ``href`` attributes: no DOM parse at all, so it costs little and
works on any page, including ones whose layout we have never seen.
"""
from __future__ import annotations

import html as _html
import re
from urllib.parse import parse_qs, urldefrag, urlsplit

from auctionspider.parsing.numbers import parse_id
from auctionspider.parsing.urls import absolute_url

__all__ = ["auction_links", "listing_page_links"]

# "href" as an attribute name of its own: not Vue's ":href" / "v-bind:href" templates
# (the real pages have `:href="jogo.link"`), not "data-href".
# (A literal prefix rather than IGNORECASE or a look-behind keeps the scan ~6x faster;
# the character before the name is checked in Python.)
_HREF = re.compile(r"""(?:href|HREF|Href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_NAME_BOUNDARY = frozenset(" \t\r\n\f\"'/")
_AUCTION_PATH = re.compile(r"/leilao/([0-9]+)(?:/|$)")
_LISTING_KEYS = ("pagina", "id_leilao")


def _hrefs(html: str, base_url: str, needle: str):
    """Absolute http(s) URLs (fragment removed) of the hrefs containing ``needle``.

    The substring test skips urljoin for the hundreds of irrelevant links on a page.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    if not html:
        return
    for m in _HREF.finditer(html):
        start = m.start()
        if start == 0 or html[start - 1] not in _NAME_BOUNDARY:
            continue
        href = m.group(1) if m.group(1) is not None else (
            m.group(2) if m.group(2) is not None else m.group(3))
        if needle not in href and not href.lstrip().startswith("?"):
            continue  # ("?pagina=3" is relative to the page: it may be /leiloes too)
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")) or "{{" in href:
            continue
        if "&" in href:
            href = _html.unescape(href)
        absolute = absolute_url(base_url, href)  # None: not http(s), or malformed
        if absolute is not None:
            absolute = urldefrag(absolute)[0]
            yield absolute, urlsplit(absolute)


def auction_links(html: str, base_url: str) -> list[tuple[int, str]]:
    """Every ``/leilao/<digits>/`` link as ``(id, absolute url)``, first occurrence per id."""
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    for absolute, parts in _hrefs(html, base_url, "/leilao/"):
        m = _AUCTION_PATH.match(parts.path)
        auction_id = parse_id(m.group(1)) if m else None  # not /leilao/0/ nor 30 digits
        if auction_id is not None and auction_id not in seen:
            seen.add(auction_id)
            out.append((auction_id, absolute))
    return out


def listing_page_links(html: str, base_url: str) -> list[str]:
    """Links to pages of the site-wide ``/leiloes`` listing: ``?pagina=`` or ``?id_leilao=``."""
    out: list[str] = []
    seen: set[str] = set()
    for absolute, parts in _hrefs(html, base_url, "leiloes"):
        if parts.path.rstrip("/") != "/leiloes" or not parts.query:
            continue
        query = parse_qs(parts.query, keep_blank_values=True)
        if not any(key in query for key in _LISTING_KEYS):
            continue
        if absolute not in seen:
            seen.add(absolute)
            out.append(absolute)
    return out
