"""Shared helpers: parse once with lxml, tolerant text extraction."""
from __future__ import annotations

import re
import unicodedata

import lxml.html
from lxml import etree

from auctionspider.parsing.errors import ParseError

_CLOSING_TAG = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_WS = re.compile(r"\s+")


def has_class(name: str) -> str:
    """XPath predicate: the element's class list contains ``name`` (a whole token)."""
    # the cheap contains() first: the token test only runs on the few candidates
    return (f"contains(@class, '{name}') and "
            f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")


def _closed_further_back(html) -> bool:
    """Slow path for pages with a long trailer after </html> (scripts, comments)."""
    tail = html[-262144:]
    if isinstance(tail, bytes):
        tail = tail.decode("ascii", "ignore")
    return _CLOSING_TAG.search(tail) is not None


def load_document(html, url: str | None, *, what: str = "page"):
    """One lxml parse of the page. Empty, truncated or unparseable input -> ParseError."""
    if isinstance(html, bytes):
        if not html.strip():
            raise ParseError(f"empty {what}", url)
        tail = html[-4096:].decode("ascii", "ignore")
    elif isinstance(html, str):
        if not html.strip():
            raise ParseError(f"empty {what}", url)
        tail = html[-4096:]
    else:
        raise ParseError(f"{what} is not text: {type(html).__name__}", url)
    # Every real page ends with </body></html>; a download cut short does not, and
    # lxml would silently close whatever was open (a half-read bid block, a price
    # "R$ 12" cut from "R$ 120,00"). Refuse rather than return wrong data.
    if not _CLOSING_TAG.search(tail) and not _closed_further_back(html):
        raise ParseError(f"truncated {what}: no closing </body> or </html>", url)
    try:
        if isinstance(html, str) and html.lstrip().startswith("<?xml"):
            html = html.encode("utf-8")
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"unparseable {what}: {exc}", url) from None


def norm(text: str | None) -> str:
    """Collapse all whitespace (including NBSP) to single spaces and strip."""
    if not text:
        return ""
    return " ".join(text.split())


def text_of(el) -> str:
    return norm(el.text_content()) if el is not None else ""


def fold(text: str) -> str:
    """Lower case without accents: 'Condição' -> 'condicao'."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer",
})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})


def block_text(el) -> str | None:
    """Text with line breaks where the page breaks lines (<br>, block elements).

    Whitespace inside a line is collapsed, source newlines are just spaces, lines are
    stripped and blank lines dropped. None when there is no text.
    """
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(_WS.sub(" ", node.text))
        for child in node:
            tag = child.tag
            if isinstance(tag, str):
                tag = tag.lower()
                if tag == "br":
                    parts.append("\n")
                elif tag in _SKIP_TAGS:
                    pass
                elif tag in BLOCK_TAGS:
                    parts.append("\n")
                    walk(child)
                    parts.append("\n")
                else:
                    walk(child)
            if child.tail:
                parts.append(_WS.sub(" ", child.tail))

    walk(el)
    # source whitespace is already spaces: the only "\n" left are our line breaks
    lines = (norm(line) for line in "".join(parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    return text or None


def snippet(el, limit: int = 200) -> str:
    try:
        return etree.tostring(el, encoding="unicode", with_tail=False)[:limit]
    except Exception:  # pragma: no cover - defensive
        return repr(el)[:limit]
