"""Price statistics: "what do copies of this game actually sell for, in this condition?".

Two layers:

* **Pure functions** on integer centavos (`percentile`, `summarize`, `cdf_percent`,
  `verdict`, `rolling_median`, `monthly_series`, `trend_percent`): no database, exact
  arithmetic with `fractions.Fraction`, results rounded once at the end.
* **Query functions** (`sold_sales`, `price_stats`, `fair_price`, `watchlist_rows`, …) that
  fetch only the few columns they need with `values_list` and leave the maths to the pure
  functions, so SQLite and MySQL/MariaDB give identical numbers by construction (no
  database-specific PERCENTILE_CONT / window functions).

What counts as a sale
---------------------
An auction of the game with `status = 'sold'`, `kind = 'game'` (combos and accessories
never mix into a game's prices), a `final_price_cents`, and `ends_at` inside the window
`[now - days, now]`. The query is a range scan of the index
`ix_auction_game_status_ends (game_id, status, ends_at)`; `kind` is checked on the rows
the index found. Sales of condition `unknown` count in the overall figures only; the
per-condition breakdown has `new`, `sealed` and `used`.

Percentile method (one method, everywhere)
------------------------------------------
Linear interpolation between closest ranks — Hyndman & Fan "type 7", the default of
numpy.percentile / R's quantile() and Excel's PERCENTILE.INC. For the sorted values
x[0] <= … <= x[n-1] and p in [0, 100]:

    h = (n - 1) * p / 100,   k = floor(h)
    P(p) = x[k] + (h - k) * (x[k+1] - x[k])        (P = x[n-1] when k = n - 1)

computed exactly on integer centavos and rounded to whole centavos **half up**
(0.5 centavo → up). The median is P(50); the mean is rounded the same way.

"Percentile of a price" (fair-price) is the empirical CDF: the share of sales whose price
is <= the price, in percent, rounded half up to one decimal (`7 of 10 sales` → 70.0).

Verdict: fewer than MIN_SALES (5) sales → `insufficient_data`; otherwise
price <= p25 → `bargain`; p25 < price <= p75 → `fair`; price > p75 → `expensive`
(p25/p75 as rounded centavos, the numbers the user sees: exactly p25 is a bargain,
exactly p75 is fair).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor
from typing import Any, Iterable, Sequence

from django.utils import timezone

PERCENTILE_METHOD = (
    "Linear interpolation between closest ranks (Hyndman-Fan type 7; numpy default, "
    "Excel PERCENTILE.INC) on integer centavos, rounded half up to whole centavos."
)
CDF_METHOD = "Share of sales with price <= the given price (empirical CDF), in percent, one decimal."

#: Conditions with their own breakdown (and accepted by `condition=`).
CONDITIONS = ("new", "sealed", "used")
CONDITION_LABELS = {"new": "Novo", "sealed": "Lacrado", "used": "Usado", "unknown": "Não informado"}

DEFAULT_DAYS = 365
MAX_DAYS = 3650
MIN_SALES = 5
LAST_SALES = 10
TREND_DAYS = 90
ROLLING_WINDOW = 9

BARGAIN, FAIR, EXPENSIVE, INSUFFICIENT = "bargain", "fair", "expensive", "insufficient_data"
VERDICT_LABELS = {
    BARGAIN: "Barganha",
    FAIR: "Preço justo",
    EXPENSIVE: "Caro",
    INSUFFICIENT: "Dados insuficientes",
}

SUMMARY_KEYS = ("min", "p10", "p25", "median", "p75", "p90", "max", "mean")


# --- pure functions ------------------------------------------------------------------------


def round_half_up(value: Fraction | int) -> int:
    """Exact rational → nearest integer, halves up (2.5 → 3, 2.4999 → 2)."""
    return floor(Fraction(value) + Fraction(1, 2))


def percentile(sorted_cents: Sequence[int], p: int | float | Fraction) -> int | None:
    """The p-th percentile (0..100) of already sorted centavos; None for no values.

    Type 7 / linear interpolation between closest ranks, rounded half up (module docs).
    """
    n = len(sorted_cents)
    if n == 0:
        return None
    p = Fraction(p)
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    h = (n - 1) * p / 100
    k = floor(h)
    if k >= n - 1:
        return int(sorted_cents[-1])
    low, high = sorted_cents[k], sorted_cents[k + 1]
    return round_half_up(low + (h - k) * (high - low))


def median(sorted_cents: Sequence[int]) -> int | None:
    return percentile(sorted_cents, 50)


def mean(values: Sequence[int]) -> int | None:
    """Arithmetic mean in centavos, rounded half up; None for no values."""
    if not values:
        return None
    return round_half_up(Fraction(sum(values), len(values)))


def summarize(cents: Iterable[int]) -> dict[str, int | None]:
    """count, min, p10, p25, median, p75, p90, max, mean (centavos; None when empty)."""
    values = sorted(int(c) for c in cents)
    if not values:
        return {"count": 0, **{key: None for key in SUMMARY_KEYS}}
    return {
        "count": len(values),
        "min": values[0],
        "p10": percentile(values, 10),
        "p25": percentile(values, 25),
        "median": percentile(values, 50),
        "p75": percentile(values, 75),
        "p90": percentile(values, 90),
        "max": values[-1],
        "mean": mean(values),
    }


def cdf_percent(sorted_cents: Sequence[int], price_cents: int) -> Decimal | None:
    """Share of values <= price, in percent with one decimal (half up); None when empty."""
    n = len(sorted_cents)
    if n == 0:
        return None
    at_or_below = sum(1 for value in sorted_cents if value <= price_cents)
    share = Decimal(100 * at_or_below) / Decimal(n)
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def verdict(price_cents: int, summary: dict[str, Any]) -> str:
    """bargain / fair / expensive from p25 and p75; insufficient_data under MIN_SALES."""
    if summary["count"] < MIN_SALES:
        return INSUFFICIENT
    if price_cents <= summary["p25"]:
        return BARGAIN
    if price_cents <= summary["p75"]:
        return FAIR
    return EXPENSIVE


def rolling_median(values: Sequence[int], window: int = ROLLING_WINDOW) -> list[int]:
    """Trailing rolling median: item i is the median of values[max(0, i-window+1) : i+1]."""
    out = []
    for i in range(len(values)):
        out.append(median(sorted(values[max(0, i - window + 1) : i + 1])))
    return out


def local_month(moment: datetime) -> tuple[int, int]:
    """(year, month) of an aware datetime in Brasília time (settings.TIME_ZONE)."""
    local = timezone.localtime(moment)
    return local.year, local.month


def month_range(start: datetime, end: datetime) -> list[tuple[int, int]]:
    """Every Brasília (year, month) from start's month to end's month, inclusive."""
    year, month = local_month(start)
    last = local_month(end)
    months = []
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_series(
    sales: Iterable[tuple[int, datetime]], start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Per Brasília month from start to end: {"month": "YYYY-MM", "count", "median"}.

    Months without sales are included with count 0 and median None.
    """
    buckets: dict[tuple[int, int], list[int]] = {m: [] for m in month_range(start, end)}
    for cents, moment in sales:
        key = local_month(moment)
        if key in buckets:
            buckets[key].append(cents)
    return [
        {"month": f"{y:04d}-{m:02d}", "count": len(v), "median": median(sorted(v))}
        for (y, m), v in buckets.items()
    ]


def trend_percent(recent: Sequence[int], previous: Sequence[int]) -> Decimal | None:
    """Change of the median, recent vs previous, in percent (one decimal); None if either is empty."""
    if not recent or not previous:
        return None
    now_median, before = median(sorted(recent)), median(sorted(previous))
    if not before:
        return None
    change = Decimal(now_median - before) * 100 / Decimal(before)
    return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sale:
    auction_id: int
    price_cents: int
    ends_at: datetime
    condition: str


def window(days: int, now: datetime | None = None) -> tuple[datetime, datetime]:
    end = now or timezone.now()
    return end - timedelta(days=days), end


def _sold_game_auctions():
    from webapi.models import Auction

    return Auction.objects.filter(
        status="sold", kind="game", final_price_cents__isnull=False
    ).order_by()


def sold_sales(
    game_id: int, start: datetime, end: datetime, condition: str | None = None
) -> list[Sale]:
    """The game's sales in [start, end], oldest first: one indexed query, four columns."""
    qs = _sold_game_auctions().filter(game_id=game_id, ends_at__gte=start, ends_at__lte=end)
    if condition:
        qs = qs.filter(condition=condition)
    rows = qs.values_list("id", "final_price_cents", "ends_at", "condition")
    sales = [Sale(*row) for row in rows]
    sales.sort(key=lambda s: (s.ends_at, s.auction_id))
    return sales


def last_sales(
    game_id: int, start: datetime, end: datetime, condition: str | None = None,
    limit: int = LAST_SALES,
) -> list[dict[str, Any]]:
    """The newest `limit` sales in the window (ends_at descending), with title and URL."""
    qs = _sold_game_auctions().filter(game_id=game_id, ends_at__gte=start, ends_at__lte=end)
    if condition:
        qs = qs.filter(condition=condition)
    return list(
        qs.order_by("-ends_at", "-id").values(
            "id", "title", "condition", "final_price_cents", "ends_at", "seller", "url"
        )[:limit]
    )


def listing_prices(game_id: int, condition: str | None = None) -> list[int]:
    """Asking prices of the game's active fixed-price ads of kind `game`."""
    from webapi.models import Listing

    qs = Listing.objects.filter(game_id=game_id, active=True, kind="game").order_by()
    if condition:
        qs = qs.filter(condition=condition)
    return sorted(qs.values_list("price_cents", flat=True))


def listings_summary(game_id: int, condition: str | None = None) -> dict[str, Any]:
    prices = listing_prices(game_id, condition)
    return {"count": len(prices), "median": median(prices)}


def stats_from_sales(
    sales: Sequence[Sale], start: datetime, end: datetime, condition: str | None = None
) -> dict[str, Any]:
    """overall, by_condition and monthly from already fetched sales (no queries)."""
    conditions = (condition,) if condition else CONDITIONS
    return {
        "overall": summarize(s.price_cents for s in sales),
        "by_condition": {
            c: summarize(s.price_cents for s in sales if s.condition == c) for c in conditions
        },
        "monthly": monthly_series(((s.price_cents, s.ends_at) for s in sales), start, end),
    }


def price_stats(
    game, days: int = DEFAULT_DAYS, condition: str | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """Everything /price-stats returns, in centavos (`game` has id and ludostore_price_cents).

    Three queries: the sales (4 columns), the last 10 sales, the active listings' prices.
    """
    start, end = window(days, now)
    sales = sold_sales(game.id, start, end, condition)
    result = stats_from_sales(sales, start, end, condition)
    result.update(
        window_start=start,
        window_end=end,
        last_sales=last_sales(game.id, start, end, condition),
        listings=listings_summary(game.id, condition),
        ludostore_price=game.ludostore_price_cents,
    )
    return result


def assess(
    price_cents: int, sales: Sequence[Sale], listings: dict[str, Any], ludostore_price: int | None
) -> dict[str, Any]:
    """The fair-price answer from fetched data: verdict, percentile and the numbers behind it."""
    values = sorted(s.price_cents for s in sales)
    summary = summarize(values)
    return {
        "verdict": verdict(price_cents, summary),
        "percentile": cdf_percent(values, price_cents),
        "summary": summary,
        "listings": listings,
        "ludostore_price": ludostore_price,
    }


def fair_price(
    game, price_cents: int, condition: str | None = None, days: int = DEFAULT_DAYS,
    now: datetime | None = None,
) -> dict[str, Any]:
    start, end = window(days, now)
    sales = sold_sales(game.id, start, end, condition)
    result = assess(
        price_cents, sales, listings_summary(game.id, condition), game.ludostore_price_cents
    )
    result.update(window_start=start, window_end=end)
    return result


def watchlist_rows(games: Sequence, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per game: median and count of the last 365 days, trend (last 90 d vs the 90 before).

    One query for every game's sales (game_id IN (...), the composite index per game),
    grouped in Python.
    """
    end = now or timezone.now()
    start = end - timedelta(days=DEFAULT_DAYS)
    recent_from = end - timedelta(days=TREND_DAYS)
    previous_from = recent_from - timedelta(days=TREND_DAYS)
    ids = [g.id for g in games]
    by_game: dict[int, list[tuple[int, datetime]]] = {i: [] for i in ids}
    if ids:
        rows = (
            _sold_game_auctions()
            .filter(game_id__in=ids, ends_at__gte=start, ends_at__lte=end)
            .values_list("game_id", "final_price_cents", "ends_at")
        )
        for game_id, cents, moment in rows:
            by_game[game_id].append((cents, moment))
    out = []
    for game in games:
        sales = by_game[game.id]
        prices = sorted(c for c, _ in sales)
        recent = [c for c, m in sales if m >= recent_from]
        previous = [c for c, m in sales if previous_from <= m < recent_from]
        out.append(
            {
                "game": game,
                "count": len(prices),
                "median": median(prices),
                "p25": percentile(prices, 25),
                "p75": percentile(prices, 75),
                "trend": trend_percent(recent, previous),
            }
        )
    return out


_PRICE = re.compile(r"([0-9]*)(?:\.([0-9]{1,2}))?")


def parse_reais(text: str) -> int:
    """'250' / '250.5' / '250,50' / 'R$ 1.234,56' → centavos. ValueError if not a price.

    With both separators the last one is the decimal mark; a lone ',' is decimal; a lone '.'
    is decimal unless it groups thousands ('1.234' → 1234,00). At most two decimals; no
    negatives.
    """
    raw = (text or "").strip().replace("R$", "").replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise ValueError("a price is required")
    if raw.startswith("-"):
        raise ValueError("the price cannot be negative")
    if "," in raw and "." in raw:
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif "," in raw:
        if raw.count(",") > 1:
            raise ValueError(f"not a price: {text!r}")
        raw = raw.replace(",", ".")
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.split(".")[1]) == 3):
        parts = raw.split(".")
        if all(len(p) == 3 for p in parts[1:]) and parts[0]:
            raw = "".join(parts)  # 1.234 / 1.234.567: thousands
    match = _PRICE.fullmatch(raw)
    if match is None:
        raise ValueError(f"not a price (digits, at most two decimals): {text!r}")
    integer, decimals = match.group(1), match.group(2) or ""
    cents = int(integer or "0") * 100 + int(decimals.ljust(2, "0"))
    if cents > 100_000_000_00:
        raise ValueError("the price is too large")
    return cents
