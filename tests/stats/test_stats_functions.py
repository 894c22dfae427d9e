"""webapi.stats pure functions: the one percentile method, by hand and against the stdlib."""
from __future__ import annotations

import statistics
from datetime import datetime, timezone as dt_timezone
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from webapi import stats

# Ten sold prices in reais (sorted). Type 7: h = (n - 1) * p / 100 = 9p/100,
# P = x[floor(h)] + (h - floor(h)) * (x[floor(h)+1] - x[floor(h)]).
TEN = [100, 120, 150, 180, 200, 220, 250, 300, 350, 500]
TEN_CENTS = [r * 100 for r in TEN]


def test_hand_computed_ten_sales():
    s = stats.summarize(TEN_CENTS)
    assert s["count"] == 10
    assert s["min"] == 100_00
    # p10: h = 0.9  → 100 + 0.9 * (120 - 100) = 118.00
    assert s["p10"] == 118_00
    # p25: h = 2.25 → 150 + 0.25 * (180 - 150) = 157.50
    assert s["p25"] == 157_50
    # p50: h = 4.5  → 200 + 0.5 * (220 - 200) = 210.00
    assert s["median"] == 210_00
    # p75: h = 6.75 → 250 + 0.75 * (300 - 250) = 287.50
    assert s["p75"] == 287_50
    # p90: h = 8.1  → 350 + 0.1 * (500 - 350) = 365.00
    assert s["p90"] == 365_00
    assert s["max"] == 500_00
    # mean: 2370 / 10 = 237.00
    assert s["mean"] == 237_00


def test_order_of_input_does_not_matter():
    assert stats.summarize(reversed(TEN_CENTS)) == stats.summarize(TEN_CENTS)


def test_rounding_is_half_up_to_whole_centavos():
    assert stats.percentile([1, 2], 50) == 2  # 1.5 → 2
    assert stats.percentile([0, 3], 50) == 2  # 1.5 → 2
    assert stats.percentile([0, 1], 25) == 0  # 0.25 → 0
    assert stats.percentile([0, 1], 75) == 1  # 0.75 → 1
    assert stats.percentile([10, 13], 50) == 12  # 11.5 → 12
    assert stats.mean([1, 2]) == 2  # 1.5 → 2
    assert stats.mean([1, 1, 2]) == 1  # 1.333 → 1
    assert stats.round_half_up(Fraction(5, 2)) == 3
    assert stats.round_half_up(Fraction(249, 100)) == 2


def test_edges_of_the_percentile():
    assert stats.percentile([], 50) is None
    assert stats.percentile([700], 10) == 700
    assert stats.percentile(TEN_CENTS, 0) == 100_00
    assert stats.percentile(TEN_CENTS, 100) == 500_00
    with pytest.raises(ValueError):
        stats.percentile(TEN_CENTS, 101)
    empty = stats.summarize([])
    assert empty["count"] == 0 and all(empty[k] is None for k in stats.SUMMARY_KEYS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5_000_000), min_size=2, max_size=60),
       st.integers(min_value=1, max_value=99))
def test_matches_the_inclusive_method_of_the_standard_library(values, p):
    """statistics.quantiles(method="inclusive") is type 7 too (in floats: ±1 centavo)."""
    ordered = sorted(values)
    expected = statistics.quantiles(ordered, n=100, method="inclusive")[p - 1]
    assert abs(stats.percentile(ordered, p) - expected) <= 1


def test_cdf_percent_is_the_share_at_or_below_with_one_decimal():
    assert stats.cdf_percent(TEN_CENTS, 250_00) == Decimal("70.0")
    assert stats.cdf_percent(TEN_CENTS, 249_99) == Decimal("60.0")
    assert stats.cdf_percent(TEN_CENTS, 99_99) == Decimal("0.0")
    assert stats.cdf_percent(TEN_CENTS, 10_000_00) == Decimal("100.0")
    assert stats.cdf_percent([1, 2, 3], 1) == Decimal("33.3")
    assert stats.cdf_percent([1, 2, 3], 2) == Decimal("66.7")
    assert stats.cdf_percent([1, 2, 3, 4, 5, 6, 7, 8], 1) == Decimal("12.5")
    assert stats.cdf_percent([], 1) is None


@pytest.mark.parametrize(
    "price, expected",
    [
        (100_00, "bargain"),
        (157_50, "bargain"),  # exactly p25
        (157_51, "fair"),
        (210_00, "fair"),
        (287_50, "fair"),  # exactly p75
        (287_51, "expensive"),
        (999_00, "expensive"),
    ],
)
def test_verdict_thresholds(price, expected):
    assert stats.verdict(price, stats.summarize(TEN_CENTS)) == expected


def test_fewer_than_five_sales_is_insufficient_data():
    assert stats.verdict(100, stats.summarize([100, 200, 300, 400])) == "insufficient_data"
    assert stats.verdict(100, stats.summarize([100, 200, 300, 400, 500])) == "bargain"
    assert stats.verdict(100, stats.summarize([])) == "insufficient_data"


def test_rolling_median_is_trailing():
    assert stats.rolling_median([5, 1, 3, 9, 7], window=3) == [5, 3, 3, 3, 7]
    assert stats.rolling_median([], window=9) == []


def test_trend_percent():
    assert stats.trend_percent([110, 110], [100]) == Decimal("10.0")
    assert stats.trend_percent([90], [120]) == Decimal("-25.0")
    assert stats.trend_percent([], [100]) is None
    assert stats.trend_percent([100], []) is None


def test_monthly_series_groups_by_brasilia_month():
    utc = dt_timezone.utc
    start = datetime(2025, 1, 15, tzinfo=utc)
    end = datetime(2025, 3, 20, tzinfo=utc)
    sales = [
        (100, datetime(2025, 2, 1, 2, 0, tzinfo=utc)),  # 31/01 23:00 in Brasília → January
        (200, datetime(2025, 2, 1, 4, 0, tzinfo=utc)),  # 01/02 01:00 → February
        (400, datetime(2025, 2, 10, tzinfo=utc)),
    ]
    assert stats.monthly_series(sales, start, end) == [
        {"month": "2025-01", "count": 1, "median": 100},
        {"month": "2025-02", "count": 2, "median": 300},
        {"month": "2025-03", "count": 0, "median": None},
    ]


@pytest.mark.parametrize(
    "text, cents",
    [("250", 25000), ("250.5", 25050), ("250,50", 25050), ("250,5", 25050), ("0", 0),
     ("R$ 1.234,56", 123456), ("1.234", 123400), ("1,234.56", 123456), (" 99,9 ", 9990),
     (",50", 50)],
)
def test_parse_reais(text, cents):
    assert stats.parse_reais(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "-5", "-0,01", "1,2,3", "2.50.1", "1e3", "12,345", "１２"])
def test_parse_reais_rejects(text):
    with pytest.raises(ValueError):
        stats.parse_reais(text)
