from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auctionspider.parsing import ParseError, format_brl, parse_money_cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("R$ 3.138,00", 313800),
        ("R$ 120,00", 12000),
        ("R$ 1.234.567,89", 123456789),
        ("R$ 75", 7500),
        (" R$ 250,00 ", 25000),
        ("\n\t\tR$ 272,80\t\t\n", 27280),
        ("R$\xa0203,55", 20355),
        ("R$ 1.234", 123400),
        ("R$ 0,05", 5),
        ("R$ 10,5", 1050),
        ("59,90", 5990),
    ],
)
def test_prices_become_integer_centavos(text, cents):
    result = parse_money_cents(text)
    assert result == cents
    assert type(result) is int


@pytest.mark.parametrize("text", [None, "", "   ", "SEM LANCES", "Sem lances", " SEM  LANCES "])
def test_no_price_is_none(text):
    assert parse_money_cents(text) is None


@pytest.mark.parametrize(
    "text", ["R$ abc", "abc", "R$ 12abc", "R$ 1,234", "R$ 1.23,00", "-R$ 5,00", "US$ 10,00", "R$ 1,2,3"]
)
def test_garbage_raises_parse_error(text):
    with pytest.raises(ParseError) as info:
        parse_money_cents(text)
    assert "unparseable price" in info.value.reason
    assert isinstance(info.value, ValueError)


def test_no_float_on_the_way(monkeypatch):
    # 0.1 + 0.2 style errors cannot happen: the amount is a Decimal throughout
    assert parse_money_cents("R$ 0,29") == 29
    assert parse_money_cents("R$ 1.000.000,01") == 100000001


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (313800, "R$ 3.138,00"),
        (12000, "R$ 120,00"),
        (123456789, "R$ 1.234.567,89"),
        (5, "R$ 0,05"),
        (0, "R$ 0,00"),
        (100000, "R$ 1.000,00"),
        (-150, "-R$ 1,50"),
    ],
)
def test_format_brl(cents, text):
    assert format_brl(cents) == text


def test_format_brl_accepts_decimal_cents():
    assert format_brl(Decimal(313800)) == "R$ 3.138,00"


@given(st.integers(min_value=0, max_value=10**12))
def test_format_then_parse_round_trips(cents):
    assert parse_money_cents(format_brl(cents)) == cents


@given(st.text(alphabet="R$ abcxyz.,-!", max_size=12))
def test_never_returns_garbage(text):
    # any text without digits is either "no price" or a ParseError, never a number
    try:
        result = parse_money_cents(text)
    except ParseError:
        return
    assert result is None
