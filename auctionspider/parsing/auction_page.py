"""An auction item page ``/leilao/<id>/<slug>`` -> a plain dict (see DESIGN.md, "Page anatomy").

One lxml parse per page; every lookup below is a precompiled XPath scoped to the
page's main container (``id('page-content')``, a hash lookup), never a repeated
scan of the whole document with its menus and login modals.
"""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from auctionspider.parsing._html import (
    BLOCK_TAGS,
    block_text,
    fold,
    has_class,
    load_document,
    norm,
    text_of,
)
from auctionspider.parsing.dates import infer_year, parse_site_datetime
from auctionspider.parsing.errors import ParseError
from auctionspider.parsing.money import parse_money_cents
from auctionspider.parsing.numbers import parse_count, parse_id
from auctionspider.parsing.urls import absolute_url, split_href

__all__ = ["parse_auction_page", "AUCTION_KEYS", "auction_id_from_url"]

AUCTION_KEYS = (
    "id", "lot_id", "title", "subtitle", "game_slug", "game_name", "ludopedia_game_id",
    "edition", "condition", "seller", "city", "state", "status", "current_bid_cents",
    "bid_count", "buy_now_cents", "final_price_cents", "ends_at", "ludostore_price_cents",
    "followers", "views", "description", "url", "lot_items", "deleted",
)

_AUCTION_PATH = re.compile(r"/leilao/([0-9]+)(?:/|$)")
# an href (absolute with any host, or relative) to an auction item
_AUCTION_HREF = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://[^/?#]*)?/leilao/([0-9]+)(?:[/?#]|$)")
_JOGO_PATH = re.compile(r"/jogo/([^/?#]+)")
_CITY_UF = re.compile(r"\(\s*([^()]*?)\s*/\s*([A-Za-z]{2})\s*\)")
_PAREN_COUNT = re.compile(r"\(\s*([0-9]+)\s*\)")
_LANCES_COUNT = re.compile(r"lances?\s*\(\s*([0-9]+)\s*\)", re.IGNORECASE)
_FINALIZADO = re.compile(
    r"finalizad[oa]\s*\(?\s*([0-9]{1,2})/([0-9]{1,2})(?:/[0-9]{2,4})?\s+([0-9]{1,2}):([0-9]{2})",
    re.IGNORECASE,
)
_BR_DATE_TITLE = re.compile(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}")
_MONEY_IN_TEXT = re.compile(r"R\$\s*[0-9][0-9.]*(?:,[0-9]+)?")

_CONDITIONS = {"usado": "used", "lacrado": "sealed", "novo": "new"}

# --- precompiled XPath (evaluated on an element, so './/' stays inside it) ---------
_X_MAIN = etree.XPath("id('page-content')")
_X_TITLE = etree.XPath(f".//h3[{has_class('title')}]")
_X_NEXT_H4 = etree.XPath("following-sibling::*[1][self::h4]")
_X_BREADCRUMB_HREFS = etree.XPath(
    f"./ol[{has_class('breadcrumb')}]//a/@href | ./*/ol[{has_class('breadcrumb')}]//a/@href"
)
_X_BREADCRUMB_HREFS_ANYWHERE = etree.XPath(f".//ol[{has_class('breadcrumb')}]//a/@href")
_COLUMN_CLASSES = (
    "nm-loja", "leilao-dados-lance", "vl_compre_ja", "vl_produto_store", "ludostore-box",
    "total-follow-item", "tot-count-view",
)
_COLUMN_CLASS_SET = frozenset(_COLUMN_CLASSES)
_X_BID_BLOCK = etree.XPath(f".//div[{has_class('leilao-dados-lance')}]")
_X_TERMINO = etree.XPath(f".//span[{has_class('termino')}]")
_X_COUNTDOWN = etree.XPath(".//*[@data-dt_hr_fim]/@data-dt_hr_fim")
_X_TITLES = etree.XPath(".//*[@title]/@title")
_X_VL_PRODUTO = etree.XPath(f".//*[{has_class('vl-produto')}]")
_X_BOLD = etree.XPath(".//b|.//strong")
_X_BTN_LANCES = etree.XPath(".//a[@id='btn-lances']")
_X_STORE_LINK = etree.XPath("ancestor::a[contains(@href, 'id_jogo=')][1]/@href")
_X_ID_JOGO_HREFS = etree.XPath(".//a[contains(@href, 'id_jogo=')]/@href")
_X_DESCRIPTION = etree.XPath("id('bloco-descricao-item')")
_X_LOT_BLOCK = etree.XPath("id('bloco-itens-leilao')")
_X_ALERTS = etree.XPath(f".//div[{has_class('alert-danger')}]")
_X_ID_ANUNCIO = etree.XPath("id('id_anuncio')/@value")


def auction_id_from_url(url: str | None) -> int | None:
    if not url:
        return None
    m = _AUCTION_PATH.search(urlsplit(url).path)
    return parse_id(m.group(1)) if m else None


def _empty_result(auction_id: int, url: str) -> dict:
    return {
        "id": auction_id, "lot_id": None, "title": "", "subtitle": "", "game_slug": None,
        "game_name": None, "ludopedia_game_id": None, "edition": None, "condition": "unknown",
        "seller": None, "city": None, "state": None, "status": "canceled",
        "current_bid_cents": None, "bid_count": 0, "buy_now_cents": None,
        "final_price_cents": None, "ends_at": None, "ludostore_price_cents": None,
        "followers": None, "views": None, "description": None, "url": url, "lot_items": [],
        "deleted": True,
    }


def _is_deleted_notice(main) -> bool:
    for alert in _X_ALERTS(main):
        text = fold(text_of(alert))
        if "nao encontrado" in text or "excluido" in text:
            return True
    return False


def _money(text: str, url: str, what: str) -> int | None:
    """A price inside some text: tolerant of words around "R$ ...", strict on the number."""
    m = _MONEY_IN_TEXT.search(text)
    try:
        return parse_money_cents(m.group(0) if m else text)
    except ParseError as exc:
        raise ParseError(f"{what}: {exc.reason}", url) from None


def _parse_end(termino, url: str, observed_at: datetime, previous_ends_at):
    """(ended, ends_at) from span.termino's three forms."""
    text = text_of(termino)
    m = _FINALIZADO.search(text)
    if m:
        day, month, hour, minute = (int(g) for g in m.groups())
        try:
            return True, infer_year(day, month, hour, minute, observed_at, previous_ends_at)
        except ParseError as exc:
            raise ParseError(f"end time {text!r}: {exc.reason}", url) from None
    if "finalizad" in fold(text):
        raise ParseError(f"unrecognised end time {text!r}", url)
    for value in _X_COUNTDOWN(termino):  # under 24 h: span.count-down data-dt_hr_fim
        if value.strip():
            try:
                return False, parse_site_datetime(value)
            except ParseError as exc:
                raise ParseError(f"end time: {exc.reason}", url) from None
    for value in _X_TITLES(termino):  # more than 24 h: title="03/09/2025 às 22:30"
        if _BR_DATE_TITLE.search(value):
            try:
                return False, parse_site_datetime(value)
            except ParseError as exc:
                raise ParseError(f"end time: {exc.reason}", url) from None
    raise ParseError(f"unrecognised end time {text!r}", url)


def _parse_bid(block, url: str) -> tuple[bool, int | None]:
    """(has_value, cents) of the current/winning bid; (True, None) means SEM LANCES."""
    for el in _X_VL_PRODUTO(block):
        text = text_of(el)
        if not text:
            continue
        if "sem lance" in fold(text):
            return True, None
        return True, _money(text, url, "bid")
    # A won auction may show the value in a <b> instead (see fixtures README).
    for el in _X_BOLD(block):
        text = text_of(el)
        if "R$" in text:
            return True, _money(text, url, "bid")
        if "sem lance" in fold(text):
            return True, None
    return False, None


def _bid_count(block) -> int | None:
    for a in _X_BTN_LANCES(block):
        m = _PAREN_COUNT.search(a.text_content())
        if m:
            return parse_count(m.group(1))
    m = _LANCES_COUNT.search(block.text_content())
    return parse_count(m.group(1)) if m else None


def _column_parts(column) -> tuple[dict[str, object], dict[str, object]]:
    """({folded label: its <b>}, {class: first element}) from one walk over the column.

    A plain Python walk: libxml2's XPath contains() costs more than the walk itself.
    """
    rows: dict[str, object] = {}
    by_class: dict[str, object] = {}
    wanted = _COLUMN_CLASS_SET
    for el in column.iter():
        if el.tag == "b":
            label = fold(norm(el.text_content())).rstrip(": ").strip()
            if label and label not in rows:
                rows[label] = el
            continue
        cls = el.get("class")
        if cls:
            for token in cls.split():
                if token in wanted and token not in by_class:
                    by_class[token] = el
    return rows, by_class


def _after_label(b):
    """The elements after a "<b>Label : </b>" up to the next label or block: its value.

    Not the whole rest of the parent: a row without its own div would take in the next rows.
    """
    for el in b.itersiblings():
        if isinstance(el.tag, str) and (el.tag == "b" or el.tag in BLOCK_TAGS):
            break
        yield el


def _value_after_label(b) -> str:
    """The text of a "<b>Label : </b> value" row without the label."""
    parts = [b.tail or ""]
    for el in _after_label(b):
        if isinstance(el.tag, str):
            parts.append(el.text_content())
        parts.append(el.tail or "")
    return norm("".join(parts))


def _game_link(ficha) -> tuple[str | None, str | None]:
    """(slug, name) from the /jogo/<slug> link of the "Ficha" row."""
    for el in _after_label(ficha):
        if not isinstance(el.tag, str):
            continue
        for a in el.iter("a"):
            parts = split_href(a.get("href"))
            m = _JOGO_PATH.search(parts.path) if parts else None
            if m:
                return m.group(1), text_of(a) or None
    return None, None


def _lot_items(main, url: str, own_id: int) -> list[dict]:
    found = _X_LOT_BLOCK(main)
    scope = found[0] if found else main
    items, seen = [], {own_id}
    for div in scope.iter("div"):
        cls = div.get("class")
        if not cls or "item-leilao" not in cls.split():
            continue
        href = title = None
        for el in div.iter("a", "h4", "h5", "span", "div", "p"):
            if el.tag == "a":
                h = el.get("href")
                if href is None and h and "/leilao/" in h:
                    href = h.strip()
            elif title is None:
                c = el.get("class")
                if c and "nome-produto" in c.split():
                    title = text_of(el)
        if href is None:
            continue
        m = _AUCTION_HREF.match(href)
        if not m:
            continue
        item_id = parse_id(m.group(1))
        link = absolute_url(url, href)
        if item_id is None or link is None or item_id in seen:
            continue
        seen.add(item_id)
        items.append({"id": item_id, "url": link, "title": title or ""})
    return items


def parse_auction_page(html: str, url: str, observed_at: datetime,
                       previous_ends_at: datetime | None = None) -> dict:
    """Parse an auction item page. See the module docstring and DESIGN.md.

    ``observed_at`` (when the page was fetched) and ``previous_ends_at`` (the end time
    stored from an earlier visit) give the year of "Finalizado (dd/mm HH:MM)".
    Raises ParseError for anything that is not a complete auction page.
    """
    doc = load_document(html, url)
    found = _X_MAIN(doc)
    main = found[0] if found else doc

    # Everything about the item sits in the column holding h3.title; scanning just
    # that column (not the whole page with its carousel, rules and questions) is
    # what keeps parsing close to the cost of lxml's own parse.
    url_id = auction_id_from_url(url)
    titles = _X_TITLE(main)
    column = titles[0].getparent() if titles else None
    rows, pieces = _column_parts(column) if column is not None else ({}, {})
    block = pieces.get("leilao-dados-lance")
    if block is None:
        blocks = _X_BID_BLOCK(main)
        block = blocks[0] if blocks else None

    if not titles and block is None:
        if _is_deleted_notice(main):
            if url_id is None:
                raise ParseError("deleted auction page without an auction id in the URL", url)
            return _empty_result(url_id, url)
        raise ParseError("not an auction page: no title and no bid block", url)
    if block is None:
        raise ParseError("not an auction page: no bid block", url)
    if not titles:
        raise ParseError("not an auction page: no title", url)

    auction_id = url_id
    if auction_id is None:
        for value in _X_ID_ANUNCIO(doc):
            auction_id = parse_id(value)
            break
    lot_id = None
    for href in _X_BREADCRUMB_HREFS(main) or _X_BREADCRUMB_HREFS_ANYWHERE(main):
        parts = split_href(href)
        if parts is None:
            continue
        if lot_id is None and parts.path.rstrip("/").endswith("/leiloes"):
            ids = parse_qs(parts.query).get("id_leilao")
            if ids:
                lot_id = parse_id(ids[0])
        if auction_id is None:
            m = _AUCTION_PATH.search(parts.path)
            if m:
                auction_id = parse_id(m.group(1))
    if auction_id is None:
        raise ParseError("not an auction page: no auction id in the URL or the page", url)

    title_el = titles[0]
    title = text_of(title_el)
    if not title:
        raise ParseError("auction page with an empty title", url)
    h4 = _X_NEXT_H4(title_el)
    subtitle = text_of(h4[0]) if h4 else ""

    # --- Ficha / Edição / Estado do Item ---------------------------------------
    game_slug, game_name = _game_link(rows["ficha"]) if "ficha" in rows else (None, None)
    edition = _value_after_label(rows["edicao"]) if "edicao" in rows else ""
    condition_text = _value_after_label(rows["estado do item"]) if "estado do item" in rows else ""
    condition = _CONDITIONS.get(fold(condition_text), "unknown")

    # --- seller "(City/UF)" -----------------------------------------------------
    seller = city = state = None
    seller_el = pieces.get("nm-loja")
    if seller_el is not None:
        seller = text_of(seller_el) or None
        m = _CITY_UF.search(seller_el.tail or "") or _CITY_UF.search(
            text_of(seller_el.getparent())
        )
        if m:
            city, state = (m.group(1) or None), m.group(2).upper()

    # --- the bid block -------------------------------------------------------------
    terminos = _X_TERMINO(block)
    if not terminos:
        raise ParseError("bid block without an end time (span.termino)", url)
    ended, ends_at = _parse_end(terminos[0], url, observed_at, previous_ends_at)

    has_value, bid = _parse_bid(block, url)
    if not has_value:
        raise ParseError("bid block without a bid value (span.vl-produto)", url)
    if bid is None:
        bid_count = 0
    else:
        bid_count = _bid_count(block)
        if bid_count is None:
            raise ParseError("bid block shows a bid but no bid count", url)

    if ended:
        status = "sold" if bid is not None else "unsold"
    else:
        status = "open"
    final_price = bid if status == "sold" else None

    buy_now = None
    el = pieces.get("vl_compre_ja")
    if el is not None:
        text = norm(el.get("value")) if el.tag == "input" else text_of(el)
        if text:
            buy_now = _money(text, url, "buy-now price")

    # --- Ludostore --------------------------------------------------------------------
    store_price = ludopedia_game_id = None
    el = pieces.get("vl_produto_store")
    if el is not None:
        text = text_of(el)
        if text:
            store_price = _money(text, url, "Ludostore price")
        for href in _X_STORE_LINK(el):
            ludopedia_game_id = _id_jogo(href)
            break
    box = pieces.get("ludostore-box")
    if ludopedia_game_id is None and box is not None:
        for href in _X_ID_JOGO_HREFS(box):
            ludopedia_game_id = _id_jogo(href)
            if ludopedia_game_id is not None:
                break

    el = pieces.get("total-follow-item")
    followers = parse_count(el.text_content()) if el is not None else None
    el = pieces.get("tot-count-view")
    views = parse_count(el.text_content()) if el is not None else None

    desc = _X_DESCRIPTION(doc)
    description = block_text(desc[0]) if desc else None

    return {
        "id": auction_id,
        "lot_id": lot_id,
        "title": title,
        "subtitle": subtitle,
        "game_slug": game_slug,
        "game_name": game_name,
        "ludopedia_game_id": ludopedia_game_id,
        "edition": edition or None,
        "condition": condition,
        "seller": seller,
        "city": city,
        "state": state,
        "status": status,
        "current_bid_cents": bid,
        "bid_count": bid_count,
        "buy_now_cents": buy_now,
        "final_price_cents": final_price,
        "ends_at": ends_at,
        "ludostore_price_cents": store_price,
        "followers": followers,
        "views": views,
        "description": description,
        "url": url,
        "lot_items": _lot_items(main, url, auction_id),
        "deleted": False,
    }


def _id_jogo(href: str) -> int | None:
    parts = split_href(href)
    values = parse_qs(parts.query).get("id_jogo") if parts else None
    return parse_id(values[0]) if values else None
