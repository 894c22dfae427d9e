"""/api/v1/games/{slug}/price-stats and /fair-price on a small hand-computed data set.

Runs on the backend in DATABASE_URL: SQLite by default, MariaDB in `make test`'s second
pass — the numbers must be the same on both.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

PRICE_STATS = "/api/v1/games/{}/price-stats"
FAIR_PRICE = "/api/v1/games/{}/fair-price"

USED = [100, 120, 150, 180, 200, 220]  # reais
SEALED = [250, 300, 350, 500]


@pytest.fixture
def brass(db, build):
    """Ten sales in the window plus everything that must not count.

    All ten (sorted): 100 120 150 180 200 220 250 300 350 500 — h = 9p/100:
      p10 = 100 + .9*20 = 118.00   p25 = 150 + .25*30 = 157.50   median = 200 + .5*20 = 210.00
      p75 = 250 + .75*50 = 287.50  p90 = 350 + .1*150 = 365.00   mean = 2370/10 = 237.00
    Used (6): h = 5p/100:
      p10 = 100 + .5*20 = 110.00   p25 = 120 + .25*30 = 127.50   median = 150 + .5*30 = 165.00
      p75 = 180 + .75*20 = 195.00  p90 = 200 + .5*20 = 210.00    mean = 970/6 = 161.666… → 161.67
    Sealed (4): h = 3p/100:
      p10 = 250 + .3*50 = 265.00   p25 = 250 + .75*50 = 287.50   median = 300 + .5*50 = 325.00
      p75 = 350 + .25*150 = 387.50 p90 = 350 + .7*150 = 455.00   mean = 1400/4 = 350.00
    """
    game = build.game("brass-birmingham", name="Brass: Birmingham", ludostore=699_90)
    other = build.game("arcs", name="Arcs")
    for i, price in enumerate(USED):
        build.auction(game, price=price * 100, condition="used", days_ago=5 + 30 * i)
    for i, price in enumerate(SEALED):
        build.auction(game, price=price * 100, condition="sealed", days_ago=8 + 40 * i)
    # never counted:
    build.auction(game, price=900_00, kind="combo", days_ago=3)
    build.auction(game, price=50_00, kind="accessory", days_ago=3)
    build.auction(game, status="unsold", bid=None, days_ago=4)
    build.auction(game, status="canceled", bid=80_00, days_ago=4)
    build.auction(game, status="open", bid=10_00, days_ago=-2)
    build.auction(other, price=999_00, days_ago=4)
    build.auction(game, price=1000_00, condition="used", days_ago=400)  # outside 365 days
    # fixed-price ads: used 200, 240, 300; sealed 400 (+ an inactive one and a combo)
    for price, condition in ((200_00, "used"), (240_00, "used"), (300_00, "used"), (400_00, "sealed")):
        build.listing(game, price, condition=condition)
    build.listing(game, 100_00, active=False)
    build.listing(game, 50_00, kind="combo")
    return game


def money(body: dict, key: str) -> int | None:
    """The `_cents` value, checked against its reais twin."""
    cents = body[f"{key}_cents"]
    assert body[key] == (None if cents is None else cents / 100)
    return cents


def summary(body: dict) -> dict:
    return {"count": body["count"], **{k: money(body, k) for k in
            ("min", "p10", "p25", "median", "p75", "p90", "max", "mean")}}


OVERALL = {"count": 10, "min": 100_00, "p10": 118_00, "p25": 157_50, "median": 210_00,
           "p75": 287_50, "p90": 365_00, "max": 500_00, "mean": 237_00}
BY_USED = {"count": 6, "min": 100_00, "p10": 110_00, "p25": 127_50, "median": 165_00,
           "p75": 195_00, "p90": 210_00, "max": 220_00, "mean": 161_67}
BY_SEALED = {"count": 4, "min": 250_00, "p10": 265_00, "p25": 287_50, "median": 325_00,
             "p75": 387_50, "p90": 455_00, "max": 500_00, "mean": 350_00}
EMPTY = {"count": 0, **{k: None for k in ("min", "p10", "p25", "median", "p75", "p90", "max", "mean")}}


def test_price_stats_overall_and_by_condition(api, brass):
    r = api(PRICE_STATS.format("brass-birmingham"))
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["game"] == {"id": brass.id, "slug": "brass-birmingham", "name": "Brass: Birmingham"}
    assert body["days"] == 365 and body["condition"] is None
    assert summary(body["overall"]) == OVERALL
    by = {row["condition"]: summary(row) for row in body["by_condition"]}
    assert by == {"new": EMPTY, "sealed": BY_SEALED, "used": BY_USED}
    assert "interpolation" in body["percentile_method"]
    # reais are JSON numbers with two decimals
    assert '"p25": 157.50' in r.content.decode()


def test_condition_narrows_everything(api, brass):
    body = api(PRICE_STATS.format("brass-birmingham"), condition="sealed").json()
    assert body["condition"] == "sealed"
    assert summary(body["overall"]) == BY_SEALED
    assert [row["condition"] for row in body["by_condition"]] == ["sealed"]
    assert sum(m["count"] for m in body["monthly"]) == 4
    assert {s["condition"] for s in body["last_sales"]} == {"sealed"}
    assert body["listings"] == {"count": 1, "median_cents": 400_00, "median": 400.0}
    assert money(body, "ludostore_price") == 699_90


def test_days_window(api, brass):
    body = api(PRICE_STATS.format("brass-birmingham"), days=500).json()
    assert body["overall"]["count"] == 11 and money(body["overall"], "max") == 1000_00
    body = api(PRICE_STATS.format("brass-birmingham"), days=30).json()
    # used at 5 days, sealed at 8 days ago
    assert body["overall"]["count"] == 2
    assert money(body["overall"], "median") == 175_00  # (100 + 250) / 2


def test_last_sales_newest_first_and_at_most_ten(api, build, brass):
    for i in range(3):
        build.auction(brass, price=(400 + i) * 100, condition="used", days_ago=1 + i / 10)
    body = api(PRICE_STATS.format("brass-birmingham")).json()
    sales = body["last_sales"]
    assert len(sales) == 10
    ends = [datetime.fromisoformat(s["ends_at"]) for s in sales]
    assert ends == sorted(ends, reverse=True)
    assert [money(s, "final_price") for s in sales[:3]] == [400_00, 401_00, 402_00]
    assert all(s["url"].startswith("https://ludopedia.com.br/leilao/") for s in sales)
    assert 900_00 not in [s["final_price_cents"] for s in sales]  # the combo
    assert body["overall"]["count"] == 13


def test_listings_median_and_ludostore(api, brass):
    body = api(PRICE_STATS.format("brass-birmingham")).json()
    # active, kind game: 200 240 300 400 → (240 + 300) / 2
    assert body["listings"] == {"count": 4, "median_cents": 270_00, "median": 270.0}
    assert money(body, "ludostore_price") == 699_90
    used = api(PRICE_STATS.format("brass-birmingham"), condition="used").json()
    assert used["listings"]["median_cents"] == 240_00


def test_monthly_series_covers_every_brasilia_month(api, build):
    game = build.game("azul")
    local_now = timezone.localtime(build.now)
    this_month = local_now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    previous_month = (this_month - timedelta(days=1)).replace(day=1)
    boundary = previous_month  # 00:00 Brasília = 03:00 UTC on the 1st
    build.auction(game, price=100_00, ends_at=boundary - timedelta(hours=1))  # month before
    build.auction(game, price=300_00, ends_at=boundary + timedelta(hours=1))
    build.auction(game, price=500_00, ends_at=boundary + timedelta(hours=2))
    body = api(PRICE_STATS.format("azul")).json()
    months = [m["month"] for m in body["monthly"]]
    start = timezone.localtime(build.now - timedelta(days=365))
    assert months[0] == f"{start.year:04d}-{start.month:02d}"
    assert months[-1] == f"{local_now.year:04d}-{local_now.month:02d}"
    assert len(months) == len(set(months)) and months == sorted(months)
    by_month = {m["month"]: m for m in body["monthly"]}
    before = (boundary - timedelta(days=1))
    assert by_month[f"{before.year:04d}-{before.month:02d}"]["count"] == 1
    prev = by_month[f"{boundary.year:04d}-{boundary.month:02d}"]
    assert prev["count"] == 2 and money(prev, "median") == 400_00
    assert sum(m["count"] for m in body["monthly"]) == 3
    assert all(m["median_cents"] is None for m in body["monthly"] if m["count"] == 0)


def test_unknown_condition_counts_overall_only(api, build):
    game = build.game("wingspan")
    for price in (100, 200, 300, 400, 500):
        build.auction(game, price=price * 100, condition="used")
    build.auction(game, price=600_00, condition="unknown")
    body = api(PRICE_STATS.format("wingspan")).json()
    assert body["overall"]["count"] == 6
    assert {r["condition"]: r["count"] for r in body["by_condition"]} == {"new": 0, "sealed": 0, "used": 5}


def test_a_game_without_sales(api, build):
    build.game("vazio")
    body = api(PRICE_STATS.format("vazio")).json()
    assert summary(body["overall"]) == EMPTY
    assert body["last_sales"] == [] and body["listings"]["count"] == 0
    assert body["ludostore_price_cents"] is None and body["ludostore_price"] is None


@pytest.mark.parametrize(
    "price, verdict, percentile",
    [
        ("100", "bargain", 10.0),
        ("157,50", "bargain", 30.0),  # exactly p25
        ("157.51", "fair", 30.0),
        ("250", "fair", 70.0),
        ("287.5", "fair", 70.0),  # exactly p75
        ("287,51", "expensive", 70.0),
        ("99,99", "bargain", 0.0),
        ("1.000,00", "expensive", 100.0),
    ],
)
def test_fair_price_verdicts(api, brass, price, verdict, percentile):
    r = api(FAIR_PRICE.format("brass-birmingham"), price=price)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["verdict"] == verdict
    assert body["percentile"] == percentile
    assert body["count"] == 10
    assert (money(body, "p25"), money(body, "median"), money(body, "p75")) == (157_50, 210_00, 287_50)
    assert summary(body["stats"]) == OVERALL
    assert money(body, "ludostore_price") == 699_90
    assert "10 sales" in body["explanation"]


def test_fair_price_accepts_reais_formats(api, brass):
    for text, cents in (("250", 250_00), ("250.5", 250_50), ("250,50", 250_50)):
        body = api(FAIR_PRICE.format("brass-birmingham"), price=text).json()
        assert money(body, "price") == cents


def test_fair_price_by_condition(api, brass):
    body = api(FAIR_PRICE.format("brass-birmingham"), price="127,50", condition="used").json()
    assert body["verdict"] == "bargain" and body["count"] == 6
    assert body["percentile"] == 33.3  # 2 of 6
    body = api(FAIR_PRICE.format("brass-birmingham"), price="195", condition="used").json()
    assert body["verdict"] == "fair" and body["percentile"] == 66.7  # 4 of 6


def test_insufficient_data_gives_the_references(api, brass):
    # 4 sealed sales (< 5): no verdict, but the listings' median and Ludostore's price
    body = api(FAIR_PRICE.format("brass-birmingham"), price="300", condition="sealed").json()
    assert body["verdict"] == "insufficient_data"
    assert body["count"] == 4
    assert body["percentile"] == 50.0  # 250, 300 of 4
    assert body["listings"] == {"count": 1, "median_cents": 400_00, "median": 400.0}
    assert money(body, "ludostore_price") == 699_90
    assert "Ludostore" in body["explanation"]
    body = api(FAIR_PRICE.format("brass-birmingham"), price="300", condition="new").json()
    assert body["verdict"] == "insufficient_data" and body["count"] == 0
    assert body["percentile"] is None and body["p25_cents"] is None


@pytest.mark.parametrize(
    "path, params, name",
    [
        (PRICE_STATS, {"days": 0}, "days"),
        (PRICE_STATS, {"days": 3651}, "days"),
        (PRICE_STATS, {"days": "x"}, "days"),
        (PRICE_STATS, {"condition": "unknown"}, "condition"),
        (PRICE_STATS, {"condition": "mint"}, "condition"),
        (FAIR_PRICE, {"price": "abc"}, "price"),
        (FAIR_PRICE, {"price": "-5"}, "price"),
        (FAIR_PRICE, {"price": "1,234"}, "price"),
        (FAIR_PRICE, {}, "price"),
        (FAIR_PRICE, {"price": "100", "condition": "boxed"}, "condition"),
        (FAIR_PRICE, {"price": "100", "days": 4000}, "days"),
    ],
)
def test_invalid_parameters_are_422_naming_the_parameter(api, brass, path, params, name):
    r = api(path.format("brass-birmingham"), **params)
    assert r.status_code == 422, r.content
    assert name in [err["loc"][-1] for err in r.json()["detail"]]


def test_days_limits_are_accepted(api, brass):
    assert api(PRICE_STATS.format("brass-birmingham"), days=1).status_code == 200
    assert api(PRICE_STATS.format("brass-birmingham"), days=3650).status_code == 200


def test_unknown_slug_is_404(api, db):
    assert api(PRICE_STATS.format("nope")).status_code == 404
    r = api(FAIR_PRICE.format("nope"), price="10")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_an_api_key_is_required(client, brass):
    assert client.get(PRICE_STATS.format("brass-birmingham")).status_code == 401
    assert client.get(FAIR_PRICE.format("brass-birmingham"), {"price": "1"}).status_code == 401


def test_price_stats_is_a_few_narrow_queries(api, brass, django_assert_max_num_queries):
    # auth (key lookup + last_used update), game, sales, last sales, listings
    with django_assert_max_num_queries(7):
        assert api(PRICE_STATS.format("brass-birmingham")).status_code == 200
