"""Property-based tests: the real Ludopedia pages, mutated, parse to well-formed data or
raise ParseError, nothing else.

Mutations (tests/parsing/mutations.py) act on the lxml tree of the saved pages: delete,
unwrap, empty, duplicate or rename an element; replace a text node, insert text into one,
replace a run of digits (huge numbers, Unicode digits, non-numbers); drop or change an
attribute. Plus raw byte truncation, with and without the closing tags put back.

The property: the parser returns data or raises ParseError. When it returns data, what
the spider would make of it either fails validation (dropped with a reason, fine) or is
well-formed (tests/parsing/well_formed.py: ids positive and within BIGINT, prices and
counters non-negative and within INT, the end time aware UTC within 2000-2100, texts
within their columns, status consistent with the prices).

Hypothesis runs derandomized: the same examples on every run, CI included, and no example
database (.hypothesis/, git-ignored, stays unused). ``pytest --hypothesis-show-statistics``
shows how the examples ended (``event``): parse error, dropped by validation, or checked.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from auctionspider import validation
from auctionspider.parsing import (
    AUCTION_KEYS,
    ParseError,
    auction_links,
    listing_page_links,
    parse_auction_page,
    parse_game_ads,
)
from auctionspider.parsing.kinds import infer_kind
from auctionspider.spiders.leiloes import _listing_title
from mutations import MUTATIONS, change_link, mutate, parsed, serialize, truncate
from parsing_support import (
    ADS_PAGE,
    ADS_URL,
    BASE,
    DELETED_PAGE,
    OBSERVED,
    OPEN_PAGE,
    OPEN_URL,
    SNIPPETS,
    SOLD_PAGE,
    UNSOLD_PAGE,
    UNSOLD_URL,
    read_fixture,
)
from well_formed import (
    check_ads_row,
    check_auction,
    check_auction_links,
    check_game,
    check_listing,
    check_listing_links,
)

UTC = timezone.utc
AFTER_THE_END = datetime(2025, 9, 5, 12, 0, tzinfo=UTC)

# The parts of each page the parser reads (a mutation picks its target there or anywhere).
AUCTION_HOT = (
    "id('page-content')//h3[contains(@class, 'title')]/..",
    "//div[contains(@class, 'leilao-dados-lance')]",
    "//span[contains(@class, 'termino')]",
    "id('page-content')//ol[contains(@class, 'breadcrumb')]",
    "id('bloco-itens-leilao')",
    "id('bloco-descricao-item')",
    "//div[contains(@class, 'alert-danger')]",
    "id('id_anuncio')",
    # single nodes holding one value each, so a mutation lands on them often
    "//*[@data-dt_hr_fim] | //span[contains(@class, 'termino')]/*[@title]",
    "//*[contains(@class, 'vl-produto')] | //a[@id='btn-lances']",
    "//*[contains(@class, 'vl_compre_ja')] | //*[contains(@class, 'vl_produto_store')]/..",
    "//a[contains(@href, 'id_jogo=')]",
    "//*[contains(@class, 'total-follow-item')] | //*[contains(@class, 'tot-count-view')]",
    "//*[contains(@class, 'nm-loja')]/..",
    "//b[contains(., 'Ficha') or contains(., 'Edi') or contains(., 'Estado')]/..",
)
ADS_HOT = (
    "id('anuncios')",
    "id('anuncios')//tr",
    "id('page-content')//h3",
    "id('page-content')//ol[contains(@class, 'breadcrumb')]",
    "id('id_jogo') | id('nm_jogo')",
    "id('anuncios')//td",
    "//a[contains(@href, 'id_jogo=')]",
)
LINKS_HOT = ("id('bloco-itens-leilao')", "id('anuncios')", "//ul[contains(@class, 'pagination')]")
LINK_MUTATIONS = (change_link,) * 5 + MUTATIONS  # discovery reads nothing but the hrefs

# (page, url, observed_at, previous_ends_at)
AUCTION_PAGES = {
    "open": (OPEN_PAGE, OPEN_URL, OBSERVED, None),
    "unsold": (UNSOLD_PAGE, UNSOLD_URL, OBSERVED, None),
    "sold": (SOLD_PAGE, OPEN_URL, AFTER_THE_END, datetime(2025, 9, 4, 1, 30, tzinfo=UTC)),
    "deleted": (DELETED_PAGE, OPEN_URL, OBSERVED, None),
}
LINK_PAGES = {"open": OPEN_PAGE, "ads": ADS_PAGE, "listing": None}  # None: our snippet

# Derandomized: the examples are the same on every run. max_examples keeps the whole file
# around 20 s here, well under a minute on a slow 2-core machine; MUTATION_SCALE=20 (say)
# multiplies them for a longer bug hunt.
SCALE = int(os.environ.get("MUTATION_SCALE", "1"))
MUTATION_SETTINGS = settings(
    max_examples=150 * SCALE, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRUNCATION_SETTINGS = settings(MUTATION_SETTINGS, max_examples=60 * SCALE)


def _page(name: str | None) -> str:
    if name is None:
        return (SNIPPETS / "leiloes_listing.html").read_text(encoding="utf-8")
    return read_fixture(name)


# --- what the spider makes of a parse, then checked -----------------------------------------
def outcome(text: str) -> None:
    if currently_in_test_context():  # the round-trip tests below share these checks
        event(text)


def check_auction_result(html, url, observed_at, previous) -> None:
    try:
        page = parse_auction_page(html, url, observed_at, previous)
    except ParseError as exc:
        assert exc.reason and exc.url == url
        outcome("auction: ParseError")
        return
    assert set(page) == set(AUCTION_KEYS)
    item = dict(page, kind=infer_kind(page)[0])  # as the spider's AuctionItem
    if validation.auction_problems(item):
        outcome("auction: dropped by validation")
    else:
        outcome("auction: well-formed, deleted" if page["deleted"] else "auction: well-formed")
        check_auction(item, url)


def check_ads_result(html, url) -> None:
    try:
        page = parse_game_ads(html, url)
    except ParseError as exc:
        assert exc.reason and exc.url == url
        outcome("ads page: ParseError")
        return
    outcome(f"ads page: {len(page['rows'])} rows, {len(page['bad_rows'])} bad")
    game = page["game"]
    if not validation.game_problems(game):
        check_game(game, url)
    for bad in page["bad_rows"]:
        assert isinstance(bad["reason"], str) and bad["reason"]
        assert isinstance(bad["html_snippet"], str)
    for row in page["rows"]:
        check_ads_row(row)
        if row["link_type"] == "listing":
            item = {  # as the spider's ListingItem
                "id": row["id"], "game_slug": game["slug"], "title": _listing_title(row, game),
                "kind": row["kind"], "condition": row["condition"], "city": row["city"],
                "notes": row["notes"], "price_cents": row["price_cents"], "url": row["url"],
            }
            if not validation.listing_problems(item):
                check_listing(item)


def check_links(html, url) -> None:
    check_auction_links(auction_links(html, url), url)
    check_listing_links(listing_page_links(html, url))


# --- the round trip itself changes nothing ------------------------------------------------
@pytest.mark.parametrize("name", sorted(AUCTION_PAGES))
def test_unmutated_round_trip_parses_as_the_saved_page(name):
    page, url, observed_at, previous = AUCTION_PAGES[name]
    html = read_fixture(page)
    again = serialize(parsed(html))
    assert parse_auction_page(again, url, observed_at, previous) == \
        parse_auction_page(html, url, observed_at, previous)
    check_auction_result(again, url, observed_at, previous)


def test_unmutated_ads_round_trip_parses_as_the_saved_page():
    html = read_fixture(ADS_PAGE)
    again = serialize(parsed(html))
    assert parse_game_ads(again, ADS_URL) == parse_game_ads(html, ADS_URL)
    check_ads_result(again, ADS_URL)


# --- mutated trees ------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(AUCTION_PAGES))
@MUTATION_SETTINGS
@given(data=st.data())
def test_mutated_auction_page(name, data):
    page, url, observed_at, previous = AUCTION_PAGES[name]
    html = mutate(data, read_fixture(page), AUCTION_HOT)
    check_auction_result(html, url, observed_at, previous)


@settings(MUTATION_SETTINGS, max_examples=300 * SCALE)
@given(data=st.data())
def test_mutated_game_ads_page(data):
    html = mutate(data, read_fixture(ADS_PAGE), ADS_HOT)
    check_ads_result(html, ADS_URL)


@pytest.mark.parametrize("name", sorted(LINK_PAGES))
@settings(MUTATION_SETTINGS, max_examples=100 * SCALE)
@given(data=st.data())
def test_mutated_page_links(name, data):
    html = mutate(data, _page(LINK_PAGES[name]), LINKS_HOT, mutations=LINK_MUTATIONS)
    check_links(html, f"{BASE}/leiloes")


# --- truncated downloads ------------------------------------------------------------------
@pytest.mark.parametrize("close", [False, True], ids=["cut", "cut-and-closed"])
@pytest.mark.parametrize("name", sorted(AUCTION_PAGES))
@TRUNCATION_SETTINGS
@given(data=st.data())
def test_truncated_auction_page(name, close, data):
    page, url, observed_at, previous = AUCTION_PAGES[name]
    raw = truncate(data, read_fixture(page), close=close)
    check_auction_result(raw, url, observed_at, previous)  # bytes, as downloaded
    check_auction_result(raw.decode("utf-8", "replace"), url, observed_at, previous)


@pytest.mark.parametrize("close", [False, True], ids=["cut", "cut-and-closed"])
@TRUNCATION_SETTINGS
@given(data=st.data())
def test_truncated_game_ads_page(close, data):
    raw = truncate(data, read_fixture(ADS_PAGE), close=close)
    check_ads_result(raw, ADS_URL)
    check_ads_result(raw.decode("utf-8", "replace"), ADS_URL)


@pytest.mark.parametrize("name", sorted(LINK_PAGES))
@TRUNCATION_SETTINGS
@given(data=st.data())
def test_truncated_page_links(name, data):
    raw = truncate(data, _page(LINK_PAGES[name]), close=False)
    check_links(raw, f"{BASE}/leiloes")
    check_links(raw.decode("utf-8", "replace"), f"{BASE}/leiloes")
