from datetime import datetime, timedelta, timezone

import pytest

from auctionspider.parsing import ParseError, infer_year, parse_site_datetime

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/09/2025 às 22:30", datetime(2025, 9, 4, 1, 30, tzinfo=UTC)),
        ("2025-08-26 22:00:00", datetime(2025, 8, 27, 1, 0, tzinfo=UTC)),
        ("  03/09/2025 às 22:30 ", datetime(2025, 9, 4, 1, 30, tzinfo=UTC)),
        ("31/12/2025 às 23:59", datetime(2026, 1, 1, 2, 59, tzinfo=UTC)),
        ("2025-01-01 00:00:00", datetime(2025, 1, 1, 3, 0, tzinfo=UTC)),
        ("03/09/2025 22:30", datetime(2025, 9, 4, 1, 30, tzinfo=UTC)),
        # Brazil still had daylight saving time in 2018/19: UTC-2 in January 2019
        ("15/01/2019 às 12:00", datetime(2019, 1, 15, 14, 0, tzinfo=UTC)),
    ],
)
def test_parse_site_datetime_is_aware_utc(text, expected):
    result = parse_site_datetime(text)
    assert result == expected
    assert result.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text", ["", "amanhã", "Hoje às 22:00", "32/01/2025 às 10:00", "2025-02-30 10:00:00", None, 20250101]
)
def test_parse_site_datetime_rejects_garbage(text):
    with pytest.raises(ParseError):
        parse_site_datetime(text)


def test_infer_year_uses_latest_date_not_after_observation():
    observed = datetime(2025, 8, 27, 14, 30, tzinfo=UTC)  # 11:30 in Brasília
    assert infer_year(26, 8, 22, 0, observed, None) == datetime(2025, 8, 27, 1, 0, tzinfo=UTC)


def test_infer_year_across_new_year():
    # observed on 2 Jan 2026; "Finalizado (31/12 22:00)" is 2025-12-31 22:00 Brasília
    observed = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
    result = infer_year(31, 12, 22, 0, observed, None)
    assert result == datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
    assert result.utcoffset() == timedelta(0)


def test_infer_year_date_later_in_the_year_than_observation_is_last_year():
    observed = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    assert infer_year(20, 11, 21, 0, observed, None) == datetime(2024, 11, 21, 0, 0, tzinfo=UTC)


def test_infer_year_tolerates_a_little_clock_skew():
    # the site says it ended at 11:35 Brasília; our clock says 11:30: same day, not 2024
    observed = datetime(2025, 8, 27, 14, 30, tzinfo=UTC)
    assert infer_year(27, 8, 11, 35, observed, None) == datetime(2025, 8, 27, 14, 35, tzinfo=UTC)


def test_infer_year_previous_overrides_the_year():
    observed = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)  # a year after the auction ended
    previous = datetime(2025, 9, 4, 1, 30, tzinfo=UTC)
    assert infer_year(3, 9, 22, 30, observed, None) == datetime(2026, 9, 4, 1, 30, tzinfo=UTC)
    assert infer_year(3, 9, 22, 30, observed, previous) == datetime(2025, 9, 4, 1, 30, tzinfo=UTC)


def test_infer_year_previous_year_is_taken_in_brasilia_time():
    # stored end 2026-01-01 01:00 UTC is 2025-12-31 22:00 in Brasília: year 2025
    previous = datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
    observed = datetime(2027, 6, 1, tzinfo=UTC)
    assert infer_year(31, 12, 22, 0, observed, previous) == previous


def test_infer_year_previous_across_new_year_picks_the_nearest():
    # stored end 31/12/2025 23:50 Brasília, extended past midnight to 01/01 00:10
    previous = datetime(2026, 1, 1, 2, 50, tzinfo=UTC)
    result = infer_year(1, 1, 0, 10, datetime(2026, 1, 5, tzinfo=UTC), previous)
    assert result == datetime(2026, 1, 1, 3, 10, tzinfo=UTC)


def test_infer_year_leap_day_goes_back_to_a_leap_year():
    observed = datetime(2026, 3, 1, tzinfo=UTC)
    assert infer_year(29, 2, 20, 0, observed, None) == datetime(2024, 2, 29, 23, 0, tzinfo=UTC)


def test_infer_year_naive_datetimes_are_utc():
    assert infer_year(26, 8, 22, 0, datetime(2025, 8, 27, 14, 30), None) == datetime(
        2025, 8, 27, 1, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(("day", "month"), [(32, 1), (0, 5), (10, 13), (31, 2)])
def test_infer_year_impossible_dates(day, month):
    with pytest.raises(ParseError):
        infer_year(day, month, 10, 0, datetime(2025, 8, 27, tzinfo=UTC), None)
