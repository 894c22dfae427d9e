"""Hypothesis mutations of a real page's lxml tree (helpers for test_mutations.py).

A mutation draws, with ``st.data()``, where to act (an element, a text node, an attribute,
a run of digits) among the nodes of the *current* tree, so several mutations compose.
Each returns a short description for the failure report (``note``).

Where: a scope is drawn first, either the whole document or one of the page's "hot"
subtrees (the item column, the ads table...): a uniform pick among the ~1300 elements of
a page would almost always hit the menus, which the parser never reads.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache

import lxml.html
from hypothesis import note
from hypothesis import strategies as st

_DIGIT_RUN = re.compile(r"\d+")

# What a node's text or a run of digits becomes: numbers of every size (a price cell
# holding 10^30), non-numbers, empty, Unicode digits ("²" passes str.isdigit() but not
# int(); "١٢" passes \d), and near-misses of the site's own formats.
SITE_LIKE_TEXTS = (
    "", " ", "0", "-1", "00", "1e309", "NaN", "Infinity", "²", "١٢٣", "１２", "1.2.3", "1,2,3",
    "R$", "R$ ", "R$ 0,00", "R$ -5,00", "R$ 1,234", "R$ 1.234,56", "R$ 99.999.999.999,99",
    "R$ 21.474.836,48", "R$ " + "9" * 41 + ",00", "SEM LANCES", "sem lance", "Lances (0)",
    "Lances (99999999999999999999)", "( 3 )", "Finalizado", "Finalizado (31/02 25:61)",
    "Finalizado (29/02 10:00)", "Finalizado (00/00 00:00)", "Finalizado (03/09/2025 22:30)",
    "03/09/9999 às 23:59", "31/12/9999 às 23:59", "01/01/0001 às 00:00", "00/00/0000 às 00:00",
    "9999-12-31 23:59:59", "0001-01-01 00:00:00", "2025-13-45 99:99", "( São Paulo / sp )",
    "(/)", "Usado", "Lacrado", "Jogo", "Combo", "Estado do Item:", "Ficha:", "Edição:",
    "/leilao/0/", "/leilao/99999999999999999999999/x", "?id_jogo=²",
    "?id_leilao=99999999999999999999",
    "Leilão não encontrado ou excluído", "\u00a0\u2003", "🎲" * 3, "<b>R$ 1,00</b>",
    "ção " * 17_000,  # 85 kB of text: more than a MySQL TEXT column holds
    "9" * 5000,  # int() refuses more than 4300 digits
)
_day, _month, _hour, _minute = (st.integers(0, n) for n in (40, 14, 25, 61))
_years = st.one_of(st.integers(2020, 2030), st.integers(0, 9999))
br_dates = st.builds("{:02d}/{:02d}/{:04d} às {:02d}:{:02d}".format,
                     _day, _month, _years, _hour, _minute)
iso_dates = st.builds("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:00".format,
                      _years, _month, _day, _hour, _minute)
ended = st.builds("Finalizado ({:02d}/{:02d} {:02d}:{:02d})".format,
                  _day, _month, _hour, _minute)


def _brl(cents: int) -> str:
    return "R$ " + f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


prices = st.integers(0, 10**25).map(_brl)
text_values = st.one_of(
    st.sampled_from(SITE_LIKE_TEXTS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    br_dates, iso_dates, ended, prices,
    st.text(max_size=30),
)
# What an href becomes: odd but possible links, and ones urllib refuses ("[::1" -> ValueError).
LINKS = (
    "", "#", "?pagina=2", " /leiloes?pagina=2 ", "/leiloes?id_leilao=0", "/leilao/0/x",
    "/leilao/627426", "/leilao/627426/x?a=1#b", "/leilao/99999999999999999999999/x",
    "/leilao/²/x", "/leilao/١٢/x", "/produto/0/x", "/produto/33825/x", "/jogo/",
    "/jogo/A Red Cathedral/", "//outro.example/leilao/5/x", "javascript:/produto/5/x",
    "mailto:/leilao/7/", "http://[::1/leilao/5/x", "https://[/leiloes?pagina=3",
    "https://ludopedia.com.br:99999/leilao/5/", "http://ludopedia.com.br/leilao/5/\n\t",
    "https://ludopedia.com.br/loja/itens?id_jogo=²", "https://ludopedia.com.br/x?id_jogo=0",
    "{{ item.link }}", "&amp;&#x0;&#99999999;",
)
link_values = st.one_of(
    st.sampled_from(LINKS),
    st.builds("/{}/{}/{}".format, st.sampled_from(("leilao", "produto", "leiloes", "jogo")),
              st.text(max_size=8), st.text(max_size=8)),
    st.text(max_size=30),
)
digit_values = st.one_of(
    st.from_regex(r"\A[0-9]{1,30}\Z"),
    st.sampled_from(("", "x", "-1", "0", "00", "²", "١٢", "１", "9" * 40, "9" * 5000, " ", ".", ",",
                     "1.000.000")),
    st.text(max_size=5),
)


@lru_cache(maxsize=None)
def parsed(html: str):
    """The page's tree, parsed once; tests mutate deep copies of it."""
    return lxml.html.document_fromstring(html)


def fresh_copy(html: str):
    return copy.deepcopy(parsed(html))


def serialize(doc) -> str:
    return lxml.html.tostring(doc.getroottree(), encoding="unicode")


def _elements(scope) -> list:
    return [el for el in scope.iter() if isinstance(el.tag, str)]


def _draw_scope(data, doc, hot_xpaths: tuple[str, ...]):
    """The whole document or a hot subtree: an XPath first, then one of its matches."""
    xpath = data.draw(st.sampled_from(("/*", *hot_xpaths)), label="scope xpath")
    scope = _draw(data, doc.xpath(xpath), "scope")
    return doc if scope is None else scope


def _draw(data, items: list, label: str):
    if not items:
        return None
    return items[data.draw(st.integers(0, len(items) - 1), label=label)]


def _text_slots(scope) -> list[tuple[object, str]]:
    slots = []
    for el in _elements(scope):
        if el.text and el.text.strip():
            slots.append((el, "text"))
        if el is not scope and el.tail and el.tail.strip():
            slots.append((el, "tail"))
    return slots


def _get(el, where: str) -> str:
    return getattr(el, where) if where in ("text", "tail") else el.get(where, "")


def _set(el, where: str, value: str) -> None:
    # lxml refuses NUL and other XML-illegal characters; the page could not hold them either
    value = "".join(c for c in value if c in "\t\n\r" or ord(c) >= 0x20)
    value = "".join(c for c in value if not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff")
    if where in ("text", "tail"):
        setattr(el, where, value)
    else:
        el.set(where, value)


def _describe(el) -> str:
    attrs = " ".join(f'{k}="{v[:60]}"' for k, v in list(el.attrib.items())[:3])
    return f"<{el.tag} {attrs}>".replace(" >", ">")


# --- the mutations ------------------------------------------------------------------------
def delete_node(data, scope):
    """Remove an element with its subtree (its tail text stays)."""
    el = _draw(data, [e for e in _elements(scope) if e.getparent() is not None], "element")
    if el is None:
        return "nothing to delete"
    el.drop_tree()
    return f"deleted {_describe(el)}"


def unwrap_node(data, scope):
    """Remove an element's tag but keep its content (a <b> label, a span around a price)."""
    el = _draw(data, [e for e in _elements(scope) if e.getparent() is not None], "element")
    if el is None:
        return "nothing to unwrap"
    el.drop_tag()
    return f"unwrapped {_describe(el)}"


def empty_node(data, scope):
    """Empty all the text inside an element, keeping its child elements."""
    el = _draw(data, _elements(scope), "element")
    for node in el.iter():
        node.text = None
        if node is not el:
            node.tail = None
    return f"emptied {_describe(el)}"


def replace_text(data, scope):
    """Replace one text node with another value."""
    slot = _draw(data, _text_slots(scope), "text node")
    if slot is None:
        return "no text to replace"
    el, where = slot
    value = data.draw(text_values, label="new text")
    old = _get(el, where)
    _set(el, where, value)
    return f"{where} of {_describe(el)}: {old.strip()[:40]!r} -> {value[:40]!r}"


def insert_text(data, scope):
    """Insert a value at some position inside a text node."""
    slot = _draw(data, _text_slots(scope), "text node")
    if slot is None:
        return "no text to insert into"
    el, where = slot
    old = _get(el, where)
    at = data.draw(st.integers(0, len(old)), label="offset")
    value = data.draw(text_values, label="inserted")
    _set(el, where, old[:at] + value + old[at:])
    return f"inserted {value[:40]!r} at {at} in {where} of {_describe(el)}"


def change_digits(data, scope):
    """Replace one run of digits, in a text node or an attribute, with another value."""
    slots = _text_slots(scope)
    for el in _elements(scope):
        slots.extend((el, name) for name, value in el.attrib.items() if _DIGIT_RUN.search(value))
    slots = [(el, where) for el, where in slots if _DIGIT_RUN.search(_get(el, where))]
    slot = _draw(data, slots, "node with digits")
    if slot is None:
        return "no digits"
    el, where = slot
    old = _get(el, where)
    run = _draw(data, list(_DIGIT_RUN.finditer(old)), "digit run")
    value = data.draw(digit_values, label="new digits")
    _set(el, where, old[:run.start()] + value + old[run.end():])
    return f"{where} of {_describe(el)}: digits {run.group(0)!r} -> {value!r}"


def drop_attribute(data, scope):
    """Delete one attribute (a class, an href, an id, a value)."""
    el = _draw(data, [e for e in _elements(scope) if e.attrib], "element with attributes")
    if el is None:
        return "no attributes"
    name = data.draw(st.sampled_from(sorted(el.attrib)), label="attribute")
    del el.attrib[name]
    return f"dropped {name} of {_describe(el)}"


def change_attribute(data, scope):
    """Set one attribute to another value."""
    el = _draw(data, [e for e in _elements(scope) if e.attrib], "element with attributes")
    if el is None:
        return "no attributes"
    name = data.draw(st.sampled_from(sorted(el.attrib)), label="attribute")
    value = data.draw(text_values, label="new value")
    _set(el, name, value)
    return f"{name} of {_describe(el)} -> {value[:40]!r}"


def duplicate_node(data, scope):
    """Insert a copy of an element right after it (two titles, two bid blocks...)."""
    el = _draw(data, [e for e in _elements(scope) if e.getparent() is not None], "element")
    if el is None:
        return "nothing to duplicate"
    el.addnext(copy.deepcopy(el))
    return f"duplicated {_describe(el)}"


def change_link(data, scope):
    """Point one link somewhere else (odd, foreign or malformed URLs)."""
    el = _draw(data, [e for e in _elements(scope) if e.get("href") is not None], "link")
    if el is None:
        return "no links"
    value = data.draw(link_values, label="new href")
    old = el.get("href")
    _set(el, "href", value)
    return f"href {old[:60]!r} -> {value[:60]!r}"


_TAGS = ("div", "span", "b", "p", "a", "h3", "h4", "td", "th", "input")


def rename_tag(data, scope):
    """Change an element's tag (an h3 becomes a div, a span a b...)."""
    el = _draw(data, [e for e in _elements(scope) if e.getparent() is not None], "element")
    if el is None:
        return "nothing to rename"
    old = el.tag
    el.tag = data.draw(st.sampled_from(_TAGS), label="tag")
    return f"renamed <{old}> to <{el.tag}>"


MUTATIONS = (
    delete_node, unwrap_node, empty_node, replace_text, insert_text, change_digits,
    drop_attribute, change_attribute, change_link, duplicate_node, rename_tag,
)


def mutate(data, html: str, hot_xpaths: tuple[str, ...], max_mutations: int = 3,
           mutations: tuple = MUTATIONS) -> str:
    """A copy of the page with 1..max_mutations tree mutations, serialized back to HTML."""
    doc = fresh_copy(html)
    count = data.draw(st.integers(1, max_mutations), label="mutations")
    for _ in range(count):
        mutation = data.draw(st.sampled_from(mutations), label="mutation")
        scope = _draw_scope(data, doc, hot_xpaths)
        note(mutation(data, scope))
    return serialize(doc)


def truncate(data, html: str, *, close: bool) -> bytes:
    """The page's UTF-8 bytes cut at any offset (possibly inside a character); with
    ``close`` the cut page gets its ``</body></html>`` back, as if the server sent it."""
    raw = html.encode("utf-8")
    at = data.draw(st.integers(0, len(raw)), label="cut at byte")
    cut = raw[:at]
    note(f"cut at byte {at} of {len(raw)}: ...{cut[-60:]!r}")
    return cut + b"</body></html>" if close else cut

