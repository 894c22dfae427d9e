"""/api/v1/games/{slug}/price-stats and /fair-price: "is this price fair?".

Mounted on /api/v1/games (see webapi.api). The statistics are computed by webapi.stats
(one documented percentile method, identical on SQLite and MySQL). Money is given twice,
as exact integer centavos (`*_cents`) and as reais with two decimals, like the rest of the
API; times are UTC with an offset.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, Optional

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from webapi import stats
from webapi.api.filters import GameSlug
from webapi.api.pagination import param_error
from webapi.api.schemas import TIME_NOTE, ErrorOut, Reais, reais
from webapi.models import Game

router = Router(tags=["prices"])

Condition = Literal["new", "sealed", "used"]
Verdict = Literal["bargain", "fair", "expensive", "insufficient_data"]

_SALES = (
    "Sales are auctions of this game that ended `sold`, of kind `game` (combos and "
    "accessories never count), with `ends_at` in the last `days` days."
)


def _cents(what: str) -> str:
    return f"{what}, integer centavos; null without data."


def _reais(what: str) -> str:
    return f"{what}, reais with two decimals (= `_cents` / 100); null without data."


class StatsQuery(Schema):
    condition: Optional[Condition] = Field(
        None, description="Only this condition (new, sealed or used); omit for every condition."
    )
    days: int = Field(
        stats.DEFAULT_DAYS, ge=1, le=stats.MAX_DAYS,
        description=f"Window: sales that ended in the last `days` days (1..{stats.MAX_DAYS}).",
    )


class FairPriceQuery(StatsQuery):
    price: str = Field(
        ...,
        max_length=30,
        description="The price to judge, in reais: `250`, `250.5`, `250,50` or `1.234,56`. "
        "Non-negative, at most two decimals.",
    )


class GameRef(Schema):
    id: int = Field(..., description="Internal game id.")
    slug: str = Field(..., description="Ludopedia slug.")
    name: str = Field(..., description="Game name.")


class Summary(Schema):
    count: int = Field(..., description="Number of sales.")
    min_cents: Optional[int] = Field(None, description=_cents("Lowest price"))
    min: Optional[Reais] = Field(None, description=_reais("Lowest price"))
    p10_cents: Optional[int] = Field(None, description=_cents("10th percentile"))
    p10: Optional[Reais] = Field(None, description=_reais("10th percentile"))
    p25_cents: Optional[int] = Field(None, description=_cents("25th percentile"))
    p25: Optional[Reais] = Field(None, description=_reais("25th percentile"))
    median_cents: Optional[int] = Field(None, description=_cents("Median (50th percentile)"))
    median: Optional[Reais] = Field(None, description=_reais("Median"))
    p75_cents: Optional[int] = Field(None, description=_cents("75th percentile"))
    p75: Optional[Reais] = Field(None, description=_reais("75th percentile"))
    p90_cents: Optional[int] = Field(None, description=_cents("90th percentile"))
    p90: Optional[Reais] = Field(None, description=_reais("90th percentile"))
    max_cents: Optional[int] = Field(None, description=_cents("Highest price"))
    max: Optional[Reais] = Field(None, description=_reais("Highest price"))
    mean_cents: Optional[int] = Field(None, description=_cents("Mean, rounded half up"))
    mean: Optional[Reais] = Field(None, description=_reais("Mean"))


class ConditionSummary(Summary):
    condition: Condition = Field(..., description="new, sealed or used.")


class MonthOut(Schema):
    month: str = Field(..., description="Calendar month in Brasília time, `YYYY-MM`.")
    count: int = Field(..., description="Sales in that month (0 for a month without sales).")
    median_cents: Optional[int] = Field(None, description=_cents("Median price that month"))
    median: Optional[Reais] = Field(None, description=_reais("Median price that month"))


class SaleOut(Schema):
    auction_id: int = Field(..., description="Ludopedia auction item id.")
    title: str = Field(..., description="Item title.")
    condition: str = Field(..., description="new, sealed, used or unknown.")
    seller: Optional[str] = Field(None, description="Seller's user name.")
    final_price_cents: int = Field(..., description="Winning bid, integer centavos.")
    final_price: Reais = Field(..., description="Winning bid in reais.")
    ends_at: datetime = Field(..., description=f"When the auction ended. {TIME_NOTE}")
    url: str = Field(..., description="Ludopedia URL of the item.")


class ListingsRef(Schema):
    count: int = Field(..., description="Active fixed-price ads of the game (kind `game`).")
    median_cents: Optional[int] = Field(None, description=_cents("Median asking price"))
    median: Optional[Reais] = Field(None, description=_reais("Median asking price"))


class PriceStatsOut(Schema):
    game: GameRef
    condition: Optional[Condition] = Field(None, description="The `condition` filter, if any.")
    days: int = Field(..., description="Window length in days.")
    window_start: datetime = Field(..., description=f"Start of the window. {TIME_NOTE}")
    window_end: datetime = Field(..., description=f"End of the window (now). {TIME_NOTE}")
    percentile_method: str = Field(..., description="How percentiles are computed.")
    overall: Summary = Field(..., description=f"Every sale in the window. {_SALES}")
    by_condition: list[ConditionSummary] = Field(
        ..., description="The same per condition (new, sealed, used; only the filtered one "
        "with `condition`). Sales of unknown condition count in `overall` only."
    )
    monthly: list[MonthOut] = Field(
        ..., description="Every Brasília month of the window, oldest first: count and median."
    )
    last_sales: list[SaleOut] = Field(..., description="The 10 most recent sales, newest first.")
    listings: ListingsRef = Field(..., description="Active fixed-price ads (asking prices).")
    ludostore_price_cents: Optional[int] = Field(
        None, description=_cents("Ludostore's price for a new copy")
    )
    ludostore_price: Optional[Reais] = Field(None, description=_reais("Ludostore's price"))


class FairPriceOut(Schema):
    game: GameRef
    condition: Optional[Condition] = Field(None, description="The `condition` filter, if any.")
    days: int = Field(..., description="Window length in days.")
    price_cents: int = Field(..., description="The price judged, integer centavos.")
    price: Reais = Field(..., description="The price judged, reais.")
    verdict: Verdict = Field(
        ...,
        description="`bargain` (price <= p25), `fair` (p25 < price <= p75), `expensive` "
        f"(price > p75); `insufficient_data` with fewer than {stats.MIN_SALES} sales.",
    )
    percentile: Optional[Decimal] = Field(
        None,
        description="Share of the sales at or below the price, in percent with one decimal "
        "(empirical CDF); null without sales.",
    )
    count: int = Field(..., description="Sales the verdict is based on.")
    p25_cents: Optional[int] = Field(None, description=_cents("25th percentile"))
    p25: Optional[Reais] = Field(None, description=_reais("25th percentile"))
    median_cents: Optional[int] = Field(None, description=_cents("Median"))
    median: Optional[Reais] = Field(None, description=_reais("Median"))
    p75_cents: Optional[int] = Field(None, description=_cents("75th percentile"))
    p75: Optional[Reais] = Field(None, description=_reais("75th percentile"))
    stats: Summary = Field(..., description="Every statistic of those sales.")
    listings: ListingsRef = Field(..., description="Reference: active fixed-price ads.")
    ludostore_price_cents: Optional[int] = Field(None, description=_cents("Reference: Ludostore"))
    ludostore_price: Optional[Reais] = Field(None, description=_reais("Reference: Ludostore"))
    explanation: str = Field(..., description="The verdict and the numbers behind it, in words.")
    percentile_method: str = Field(..., description="How percentiles are computed.")


# --- shaping ---------------------------------------------------------------------------------


def _game(slug: str) -> Game:
    game = Game.objects.filter(slug=slug).only("id", "slug", "name", "ludostore_price_cents").first()
    if game is None:
        raise HttpError(404, f"Unknown game slug: {slug!r}")
    return game


def _money(prefix: str, cents: int | None) -> dict[str, Any]:
    return {f"{prefix}_cents": cents, prefix: reais(cents)}


def summary_out(summary: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"count": summary["count"]}
    for key in stats.SUMMARY_KEYS:
        out.update(_money(key, summary[key]))
    return out


def _listings_out(listings: dict[str, Any]) -> dict[str, Any]:
    return {"count": listings["count"], **_money("median", listings["median"])}


def _game_ref(game: Game) -> dict[str, Any]:
    return {"id": game.id, "slug": game.slug, "name": game.name}


def _fmt(cents: int | None) -> str:
    return "n/a" if cents is None else f"{reais(cents)}"


def explain(result: dict[str, Any], price_cents: int, days: int) -> str:
    s = result["summary"]
    if result["verdict"] == stats.INSUFFICIENT:
        refs = []
        if result["listings"]["median"] is not None:
            refs.append(
                f"median asking price of {result['listings']['count']} active ads "
                f"{_fmt(result['listings']['median'])}"
            )
        if result["ludostore_price"] is not None:
            refs.append(f"Ludostore new price {_fmt(result['ludostore_price'])}")
        tail = f" References: {'; '.join(refs)}." if refs else " No other reference price."
        return (
            f"Only {s['count']} sale(s) in the last {days} days (at least {stats.MIN_SALES} "
            f"are needed for a verdict).{tail}"
        )
    where = {
        stats.BARGAIN: "at or below the 25th percentile",
        stats.FAIR: "between the 25th and 75th percentiles",
        stats.EXPENSIVE: "above the 75th percentile",
    }[result["verdict"]]
    return (
        f"{_fmt(price_cents)} is {where} of {s['count']} sales in the last {days} days "
        f"(p25 {_fmt(s['p25'])}, median {_fmt(s['median'])}, p75 {_fmt(s['p75'])}); "
        f"{result['percentile']}% of those sales were at or below this price."
    )


# --- endpoints -------------------------------------------------------------------------------


@router.get(
    "/{slug}/price-stats",
    response={200: PriceStatsOut, 404: ErrorOut},
    summary="Price statistics of a game's sales",
    url_name="price_stats",
)
def price_stats(request: HttpRequest, slug: GameSlug, query: Query[StatsQuery]):
    """What copies of the game sold for: count, min, p10, p25, median, p75, p90, max and
    mean, overall and per condition; a monthly series (Brasília months); the last 10 sales;
    the median asking price of active fixed-price ads; Ludostore's new price.

    Percentiles: linear interpolation between closest ranks (numpy's default, Excel
    PERCENTILE.INC) on integer centavos, rounded half up. Unknown slug → 404.
    """
    game = _game(slug)
    result = stats.price_stats(game, days=query.days, condition=query.condition)
    return {
        "game": _game_ref(game),
        "condition": query.condition,
        "days": query.days,
        "window_start": result["window_start"],
        "window_end": result["window_end"],
        "percentile_method": stats.PERCENTILE_METHOD,
        "overall": summary_out(result["overall"]),
        "by_condition": [
            {"condition": c, **summary_out(s)} for c, s in result["by_condition"].items()
        ],
        "monthly": [
            {"month": m["month"], "count": m["count"], **_money("median", m["median"])}
            for m in result["monthly"]
        ],
        "last_sales": [
            {
                "auction_id": row["id"],
                "title": row["title"],
                "condition": row["condition"],
                "seller": row["seller"],
                **_money("final_price", row["final_price_cents"]),
                "ends_at": row["ends_at"],
                "url": row["url"],
            }
            for row in result["last_sales"]
        ],
        "listings": _listings_out(result["listings"]),
        **_money("ludostore_price", result["ludostore_price"]),
    }


@router.get(
    "/{slug}/fair-price",
    response={200: FairPriceOut, 404: ErrorOut},
    summary="Is this price a bargain, fair or expensive?",
    url_name="fair_price",
)
def fair_price(request: HttpRequest, slug: GameSlug, query: Query[FairPriceQuery]):
    """Judges `price` (reais) against the game's sales in the window: its percentile (share
    of sales at or below it) and a verdict — `bargain` at or below p25, `fair` up to p75,
    `expensive` above p75. With fewer than 5 sales the verdict is `insufficient_data` and
    the references (active ads' median asking price, Ludostore's price) are still given.
    """
    try:
        price_cents = stats.parse_reais(query.price)
    except ValueError as exc:
        raise param_error("price", str(exc)) from None
    game = _game(slug)
    result = stats.fair_price(game, price_cents, condition=query.condition, days=query.days)
    summary = result["summary"]
    return {
        "game": _game_ref(game),
        "condition": query.condition,
        "days": query.days,
        **_money("price", price_cents),
        "verdict": result["verdict"],
        "percentile": result["percentile"],
        "count": summary["count"],
        **_money("p25", summary["p25"]),
        **_money("median", summary["median"]),
        **_money("p75", summary["p75"]),
        "stats": summary_out(summary),
        "listings": _listings_out(result["listings"]),
        **_money("ludostore_price", result["ludostore_price"]),
        "explanation": explain(result, price_cents, query.days),
        "percentile_method": stats.PERCENTILE_METHOD,
    }
