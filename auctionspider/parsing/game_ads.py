"""A game's market page ``/jogo/<slug>?v=anuncios`` -> the game and its ads table.

Table columns: ``Produto | Cidade | Condição | Obs | Valor | Link``. Columns are found
by their header text, so a reordered or extended table still parses.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from auctionspider.parsing._html import fold, load_document, norm, snippet, text_of
from auctionspider.parsing.errors import ParseError
from auctionspider.parsing.money import parse_money_cents
from auctionspider.parsing.numbers import parse_id
from auctionspider.parsing.urls import absolute_url, split_href

__all__ = ["parse_game_ads"]

_JOGO_PATH = re.compile(r"/jogo/([^/?#]+)")
_LINK_PATH = re.compile(r"/(produto|leilao)/([0-9]+)(?:/|$)")
_CONDITIONS = {"usado": "used", "lacrado": "sealed", "novo": "new"}
_KINDS = {"jogo": "game", "combo": "combo"}
_HEADERS = {
    "produto": "product", "cidade": "city", "condicao": "condition", "obs": "notes",
    "observacao": "notes", "observacoes": "notes", "valor": "price", "preco": "price",
    "link": "link",
}
_REQUIRED = ("product", "price", "link")

_X_MAIN = etree.XPath("id('page-content')")
_X_ANUNCIOS = etree.XPath("id('anuncios')")
_X_TABLES = etree.XPath(".//table")
_X_AD_LINKS = etree.XPath(".//a[contains(@href, '/produto/') or contains(@href, '/leilao/')]")
_X_HEADER_CELLS = etree.XPath("(thead/tr | tr)[th][1]/th")
_X_BODY_ROWS = etree.XPath("tbody/tr[td] | tr[td]")
_X_ID_JOGO_VALUE = etree.XPath("id('id_jogo')/@value")
_X_NM_JOGO_VALUE = etree.XPath("id('nm_jogo')/@value")
_X_ID_JOGO_HREFS = etree.XPath(".//a[contains(@href, 'id_jogo=')]/@href")
_X_GAME_HEADING_LINKS = etree.XPath(".//h3/a[contains(@href, '/jogo/')]")
_X_BREADCRUMB_ACTIVE = etree.XPath(
    ".//ol[contains(@class, 'breadcrumb')]/li[contains(@class, 'active')]//a"
)


def _columns(table) -> dict[str, int] | None:
    """{field: column index} from the header row, or None if it is not the ads table."""
    cols: dict[str, int] = {}
    for i, th in enumerate(_X_HEADER_CELLS(table)):
        field = _HEADERS.get(fold(text_of(th)))
        if field and field not in cols:
            cols[field] = i
    if all(f in cols for f in _REQUIRED):
        return cols
    return None


def _find_table(scope):
    for table in _X_TABLES(scope):
        cols = _columns(table)
        if cols is not None:
            return table, cols
    return None, None


def _game(doc, main, url: str) -> dict:
    slug = None
    m = _JOGO_PATH.search(urlsplit(url or "").path)
    if m:
        slug = m.group(1)
    name = None
    for value in _X_NM_JOGO_VALUE(doc):
        name = norm(value) or None
        break
    for a in _X_GAME_HEADING_LINKS(main):
        parts = split_href(a.get("href"))
        hm = _JOGO_PATH.search(parts.path) if parts else None
        if hm:
            slug = slug or hm.group(1)
            name = name or text_of(a) or None
            break
    if name is None:
        for a in _X_BREADCRUMB_ACTIVE(main):
            name = text_of(a) or None
            break
    ludopedia_id = None
    for value in _X_ID_JOGO_VALUE(doc):
        ludopedia_id = parse_id(value)
        break
    if ludopedia_id is None:
        for href in _X_ID_JOGO_HREFS(main):
            parts = split_href(href)
            values = parse_qs(parts.query).get("id_jogo") if parts else None
            ludopedia_id = parse_id(values[0]) if values else None
            if ludopedia_id is not None:
                break
    if slug is None:
        raise ParseError("not a game page: no /jogo/<slug> in the URL or the page", url)
    if not name:
        raise ParseError("game page without the game's name", url)
    return {"slug": slug, "name": name, "ludopedia_id": ludopedia_id}


def _row(tr, cols: dict[str, int], url: str) -> dict:
    """One ads row -> dict; ParseError (with a reason) when it cannot be understood."""
    cells = tr.findall("td")
    if len(cells) <= max(cols.values()):
        raise ParseError(f"row has {len(cells)} cells, expected {max(cols.values()) + 1}")

    def cell(field):
        return cells[cols[field]] if field in cols else None

    product = text_of(cell("product"))
    if not product:
        raise ParseError("row without a product")
    kind = _KINDS.get(fold(product), "accessory")

    link = link_type = item_id = None
    for a in cell("link").iter("a"):
        parts = split_href(a.get("href"))
        m = _LINK_PATH.search(parts.path) if parts else None
        item_id = parse_id(m.group(2)) if m else None
        link = absolute_url(url, a.get("href")) if item_id else None
        if link is not None:
            link_type = m.group(1)
            break
    if link is None:
        raise ParseError("row without a /produto/<id> or /leilao/<id> link")

    price_text = text_of(cell("price"))
    price = parse_money_cents(price_text)  # ParseError on garbage
    if price is None:
        raise ParseError(f"row without a price ({price_text!r})")

    city_el, cond_el, notes_el = cell("city"), cell("condition"), cell("notes")
    condition = _CONDITIONS.get(fold(text_of(cond_el)), "unknown") if cond_el is not None else "unknown"
    notes = text_of(notes_el) if notes_el is not None else ""
    return {
        "kind": kind,
        "product": product,
        "city": (text_of(city_el) or None) if city_el is not None else None,
        "condition": condition,
        "notes": notes or None,
        "price_cents": price,
        "link_type": "auction" if link_type == "leilao" else "listing",
        "id": item_id,
        "url": link,
    }


def parse_game_ads(html: str, url: str) -> dict:
    """Parse ``/jogo/<slug>?v=anuncios``.

    Returns ``{"game": {...}, "rows": [...], "bad_rows": [...]}``. A page without the
    ads table raises ParseError; a row that cannot be understood is skipped and
    reported in ``bad_rows`` as ``{"reason", "html_snippet"}``.
    """
    doc = load_document(html, url)
    found = _X_MAIN(doc)
    main = found[0] if found else doc

    anuncios = _X_ANUNCIOS(doc)
    table, cols = _find_table(anuncios[0]) if anuncios else (None, None)
    if table is None:
        table, cols = _find_table(main)
    if table is None:
        if anuncios and (_X_TABLES(anuncios[0]) or _X_AD_LINKS(anuncios[0])):
            # Ads are there but not in a table we recognise (headers renamed?): "no ads"
            # would mark every stored listing of the game inactive.
            raise ParseError("ads block with ads but no recognised ads table (Produto | ... | Link)", url)
        if anuncios:  # the market block is there, just without any ad
            return {"game": _game(doc, main, url), "rows": [], "bad_rows": []}
        raise ParseError("not a game ads page: no ads table (Produto | ... | Link)", url)

    game = _game(doc, main, url)
    rows, bad_rows = [], []
    for tr in _X_BODY_ROWS(table):
        try:
            rows.append(_row(tr, cols, url))
        except ParseError as exc:
            bad_rows.append({"reason": exc.reason, "html_snippet": snippet(tr)})
    return {"game": game, "rows": rows, "bad_rows": bad_rows}
