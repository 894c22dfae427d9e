"""Plain regression tests for the bugs test_mutations.py found, one small example each:
a real page with one value changed, or the piece of the parser that broke."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from auctionspider import validation
from auctionspider.parsing import (
    ParseError,
    auction_links,
    listing_page_links,
    parse_auction_page,
    parse_game_ads,
    parse_money_cents,
    parse_site_datetime,
)
from auctionspider.parsing.kinds import infer_kind
from mutations import fresh_copy, serialize
from parsing_support import ADS_PAGE, ADS_URL, BASE, OBSERVED, OPEN_PAGE, OPEN_URL

UTC = timezone.utc


def open_page(fixture_html, old: str, new: str) -> dict:
    html = fixture_html(OPEN_PAGE)
    assert old in html
    return parse_auction_page(html.replace(old, new), OPEN_URL, OBSERVED)


def stored_item(page: dict) -> dict:
    return dict(page, kind=infer_kind(page)[0])  # what the spider hands to validation


# --- crashes: an exception other than ParseError -------------------------------------------
def test_superscript_digit_in_an_id_is_no_id(fixture_html):
    # "²".isdigit() is True but int("²") raised ValueError
    page = open_page(fixture_html, "id_jogo=25605", "id_jogo=²")
    assert page["ludopedia_game_id"] is None
    page = open_page(fixture_html, "id_leilao=87356", "id_leilao=²")
    assert page["lot_id"] is None


@pytest.mark.parametrize("bad_id", ["²", "0"])  # isdigit() but int() fails; no id 0
def test_bad_game_id_on_the_ads_page_is_no_id(fixture_html, bad_id):
    html = fixture_html(ADS_PAGE).replace('value="25605" id="id_jogo"', f'value="{bad_id}" id="id_jogo"')
    assert parse_game_ads(html, ADS_URL)["game"]["ludopedia_id"] == 25605  # from the links
    html = html.replace("id_jogo=25605", f"id_jogo={bad_id}")
    assert parse_game_ads(html, ADS_URL)["game"]["ludopedia_id"] is None


def test_end_time_in_year_9999_is_a_parse_error():
    # Brasília 23:59 on 31/12/9999 is past datetime.max in UTC: OverflowError
    with pytest.raises(ParseError):
        parse_site_datetime("31/12/9999 às 23:59")


def test_end_time_in_year_9999_on_the_page(fixture_html):
    html = fixture_html(OPEN_PAGE)
    assert "03/09/2025" in html
    with pytest.raises(ParseError, match="end time"):
        parse_auction_page(html.replace("03/09/2025", "31/12/9999"), OPEN_URL, OBSERVED)


def test_counter_of_5000_digits_is_no_count(fixture_html):
    # int() refuses strings of more than 4300 digits (ValueError)
    page = open_page(fixture_html, ">40</span>", f">{'9' * 5000}</span>")
    assert page["followers"] is None


def test_price_of_5000_digits_is_a_parse_error():
    with pytest.raises(ParseError, match="implausible price"):
        parse_money_cents("R$ " + "9" * 5000 + ",00")


# --- garbage returned as data -------------------------------------------------------------
def test_price_past_decimal_precision_is_not_rounded():
    # Decimal's 28 digits turned this into 10**31 centavos
    with pytest.raises(ParseError):
        parse_money_cents("R$ 99999999999999999999999999999,99")


@pytest.mark.parametrize("text", ["R$ ١٢٠,٠٠", "R$ １２０,００", "١٢٠"])
def test_non_ascii_digits_are_not_a_price(text):
    with pytest.raises(ParseError):
        parse_money_cents(text)


def test_non_ascii_digits_are_not_a_date():
    with pytest.raises(ParseError):
        parse_site_datetime("٠٣/٠٩/٢٠٢٥ às 22:30")


def test_non_ascii_digits_are_not_a_count(fixture_html):
    page = open_page(fixture_html, ">40</span>", ">٤٠</span>")
    assert page["followers"] is None


def test_id_zero_is_no_id(fixture_html):
    assert open_page(fixture_html, "id_leilao=87356", "id_leilao=0")["lot_id"] is None
    assert open_page(fixture_html, "id_jogo=25605", "id_jogo=0")["ludopedia_game_id"] is None


def test_ads_row_linking_to_id_zero_is_a_bad_row(fixture_html):
    html = fixture_html(ADS_PAGE).replace("/produto/33825/", "/produto/0/")
    page = parse_game_ads(html, ADS_URL)
    assert 0 not in {row["id"] for row in page["rows"]}
    assert 33825 not in {row["id"] for row in page["rows"]}
    assert any("link" in bad["reason"] for bad in page["bad_rows"])


def test_links_to_auction_zero_or_beyond_64_bits_are_skipped():
    html = ('<a href="/leilao/0/x">a</a><a href="/leilao/99999999999999999999/x">b</a>'
            '<a href="/leilao/627426/the-red-cathedral">c</a>')
    assert auction_links(html, f"{BASE}/leiloes") == [
        (627426, f"{BASE}/leilao/627426/the-red-cathedral")]


# --- validation let through what the database cannot hold -----------------------------------
@pytest.mark.parametrize(("old", "new", "field"), [
    (">40</span>", ">3000000000</span>", "followers"),  # an INT column
    ("R$ 203,55", "R$ 30.000.000,55", "ludostore_price_cents"),  # game.ludostore_price_cents
    ("The Red Cathedral</h3>", "x" * 501 + "</h3>", "title"),  # VARCHAR(500)
])
def test_auction_values_beyond_their_columns_are_dropped(fixture_html, old, new, field):
    page = open_page(fixture_html, old, new)
    problems = validation.auction_problems(stored_item(page))
    assert any(problem.startswith(field) for problem in problems), problems


def test_auction_description_beyond_a_text_column_is_dropped(fixture_html):
    page = open_page(fixture_html, "Com sleeves!", "ção " * 17_000)
    problems = validation.auction_problems(stored_item(page))
    assert any(problem.startswith("description longer than") for problem in problems), problems


@pytest.mark.parametrize("ends_at", [datetime(1, 1, 1, 3, 6, tzinfo=UTC),
                                     datetime(9998, 1, 1, tzinfo=UTC), "2025-09-04"])
def test_auction_end_time_out_of_range_is_dropped(fixture_html, ends_at):
    item = stored_item(parse_auction_page(fixture_html(OPEN_PAGE), OPEN_URL, OBSERVED))
    assert validation.auction_problems(item) == []
    problems = validation.auction_problems(dict(item, ends_at=ends_at))
    assert any(problem.startswith("bad end time") for problem in problems), problems


def test_listing_price_beyond_an_int_column_is_dropped(fixture_html):
    html = fixture_html(ADS_PAGE)
    assert "R$ 272,80" in html
    page = parse_game_ads(html.replace("R$ 272,80", "R$ 21.474.837,00"), ADS_URL)
    row = next(row for row in page["rows"] if row["id"] == 33825)
    assert row["price_cents"] == 2_147_483_700
    item = {"id": row["id"], "title": "The Red Cathedral", "price_cents": row["price_cents"],
            "url": row["url"], "game_slug": "the-red-cathedral"}
    assert any(p.startswith("price_cents out of range") for p in validation.listing_problems(item))


def test_game_id_zero_or_beyond_an_int_column_is_dropped():
    assert validation.game_problems({"slug": "x", "name": "X", "ludopedia_id": 25605}) == []
    assert validation.game_problems({"slug": "x", "name": "X", "ludopedia_id": 0})
    assert validation.game_problems({"slug": "x", "name": "X", "ludopedia_id": 2**31})
    assert validation.game_problems({"slug": "x", "name": "X" * 301})


def test_label_rows_without_their_own_div_keep_their_values(fixture_html):
    # A row's value was everything after its label in the parent: with the row divs
    # unwrapped, "Edição" took in the rest of the column (305 characters).
    doc = fresh_copy(fixture_html(OPEN_PAGE))
    for label in ("Ficha", "Edição", "Estado do Item"):
        doc.xpath(f"//b[starts-with(., '{label}')]/..")[0].drop_tag()
    page = parse_auction_page(serialize(doc), OPEN_URL, OBSERVED)
    assert (page["game_slug"], page["edition"], page["condition"]) == (
        "the-red-cathedral", "Devir Brasil", "used")


# --- hrefs urllib cannot parse ("http://[::1/..." raised ValueError) -------------------------
BAD_HREF = "http://[::1/leilao/5/x"


def test_malformed_href_is_no_link():
    html = (f'<a href="{BAD_HREF}">a</a><a href="https://[/leiloes?pagina=3">b</a>'
            '<a href="/leilao/627426/x">c</a><a href="/leiloes?pagina=2">d</a>')
    assert auction_links(html, f"{BASE}/leiloes") == [(627426, f"{BASE}/leilao/627426/x")]
    assert listing_page_links(html, f"{BASE}/leiloes") == [f"{BASE}/leiloes?pagina=2"]


def test_malformed_lot_item_href_is_skipped(fixture_html):
    page = open_page(fixture_html, f"{BASE}/leilao/627431/", "http://[::1/leilao/627431/")
    assert len(page["lot_items"]) == 14 and 627431 not in {i["id"] for i in page["lot_items"]}


def test_lot_item_href_with_another_scheme_is_skipped(fixture_html):
    page = open_page(fixture_html, f"{BASE}/leilao/627431/", "javascript:/leilao/627431/")
    assert 627431 not in {item["id"] for item in page["lot_items"]}


def test_malformed_href_in_the_ads_table_is_a_bad_row(fixture_html):
    html = fixture_html(ADS_PAGE).replace(f"{BASE}/produto/33825/", "http://[::1/produto/33825/")
    page = parse_game_ads(html, ADS_URL)
    assert 33825 not in {row["id"] for row in page["rows"]}
    assert len(page["rows"]) == 14 and len(page["bad_rows"]) == 1
