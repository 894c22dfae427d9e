"""Dashboard views (pt-BR, Brasília time): the watchlist and a game's page.

Every view needs a logged-in user (Django auth; login at /login/). Each section is one
query: the watchlist fetches the sales of every watched game at once; the game page
fetches its sales, last sales, active ads and auctions ending soon — no N+1.
"""
from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from webapi import stats
from webapi.dashboard.chart import render_price_chart
from webapi.dashboard.forms import AddGameForm, PriceForm
from webapi.models import Auction, Game, Listing

LOGIN_URL = "dashboard:login"
ENDING_SOON_DAYS = 7
ENDING_SOON_LIMIT = 30
WINDOW_CHOICES = (90, 180, 365, 730)

dashboard_login_required = login_required(login_url=LOGIN_URL)


def _trend_arrow(trend) -> str:
    if trend is None:
        return ""
    if trend >= 2:
        return "▲"
    if trend <= -2:
        return "▼"
    return "▬"


@dashboard_login_required
def watchlist(request):
    games = list(
        Game.objects.filter(watched=True)
        .only("id", "slug", "name", "ludostore_price_cents")
        .order_by("name")
    )
    rows = stats.watchlist_rows(games)
    for row in rows:
        row["arrow"] = _trend_arrow(row["trend"])
    return render(
        request,
        "dashboard/watchlist.html",
        {"rows": rows, "form": AddGameForm(), "days": stats.DEFAULT_DAYS, "trend_days": stats.TREND_DAYS},
    )


@dashboard_login_required
@require_POST
def add_game(request):
    form = AddGameForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("jogo", []):
            messages.error(request, error)
        return redirect("dashboard:watchlist")
    slug = form.cleaned_data["jogo"]
    game = Game.objects.filter(slug=slug).first()
    if game is None:
        game = Game(slug=slug, watched=True)
        game.save()
        messages.success(
            request,
            f"{game.name} entrou na watchlist. O crawler coleta os leilões na próxima execução "
            f"(ou agora: scrapy crawl leiloes -a jogos={slug}).",
        )
    elif not game.watched:
        game.watched = True
        game.save()
        messages.success(request, f"{game.name} voltou para a watchlist.")
    else:
        messages.info(request, f"{game.name} já está na watchlist.")
    return redirect("dashboard:game", slug=slug)


@dashboard_login_required
@require_POST
def remove_game(request, slug: str):
    game = get_object_or_404(Game, slug=slug)
    if game.watched:
        game.watched = False
        game.save()
    messages.info(request, f"{game.name} saiu da watchlist.")
    return redirect("dashboard:watchlist")


def _listing_refs(game_id: int) -> dict[str | None, dict]:
    """Active fixed-price ads (kind game): count and median, overall (None) and per condition."""
    rows = list(
        Listing.objects.filter(game_id=game_id, active=True, kind="game")
        .order_by()
        .values_list("price_cents", "condition")
    )
    refs = {}
    for condition in (None, *stats.CONDITIONS):
        prices = sorted(p for p, c in rows if condition is None or c == condition)
        refs[condition] = {"count": len(prices), "median": stats.median(prices)}
    return refs


def _summary_rows(computed: dict) -> list[dict]:
    rows = [{"label": "Todas as condições", "condition": "", **computed["overall"]}]
    for condition, summary in computed["by_condition"].items():
        rows.append({"label": stats.CONDITION_LABELS[condition], "condition": condition, **summary})
    return rows


@dashboard_login_required
def game_page(request, slug: str):
    game = get_object_or_404(
        Game.objects.only("id", "slug", "name", "watched", "ludostore_price_cents"), slug=slug
    )
    try:
        days = int(request.GET.get("dias", stats.DEFAULT_DAYS))
    except ValueError:
        days = stats.DEFAULT_DAYS
    if days not in WINDOW_CHOICES:
        days = stats.DEFAULT_DAYS
    start, end = stats.window(days)

    sales = stats.sold_sales(game.id, start, end)
    computed = stats.stats_from_sales(sales, start, end)
    overall = computed["overall"]
    listing_refs = _listing_refs(game.id)
    recent = stats.last_sales(game.id, start, end)

    # Open auctions ending in the next 7 days, their bid placed against the fair range
    # of their condition (or of every sale when that condition has too few).
    soon = list(
        Auction.objects.filter(
            game_id=game.id, status="open", ends_at__gte=end,
            ends_at__lte=end + timedelta(days=ENDING_SOON_DAYS),
        )
        .order_by("ends_at", "id")
        .values("id", "title", "kind", "condition", "current_bid_cents", "bid_count",
                "buy_now_cents", "ends_at", "url")[:ENDING_SOON_LIMIT]
    )
    for auction in soon:
        summary = computed["by_condition"].get(auction["condition"])
        if summary is None or summary["count"] < stats.MIN_SALES:
            summary = overall
        auction["range"] = summary
        auction["verdict"] = None
        if auction["kind"] == "game" and auction["current_bid_cents"] is not None:
            auction["verdict"] = stats.verdict(auction["current_bid_cents"], summary)

    # "Quanto você vai pagar?"
    answer = None
    form = PriceForm(request.GET if "preco" in request.GET else None)
    if request.method == "POST":
        form = PriceForm(request.POST)
    if form.is_bound and form.is_valid():
        price = form.cleaned_data["preco"]
        condition = form.cleaned_data["condicao"] or None
        chosen = [s for s in sales if condition is None or s.condition == condition]
        answer = stats.assess(price, chosen, listing_refs[condition], game.ludostore_price_cents)
        answer.update(
            price=price,
            condition=condition,
            condition_label=stats.CONDITION_LABELS.get(condition, "qualquer condição"),
        )

    # The chart's band and rolling median follow the condition asked about, if any.
    focus = answer["condition"] if answer else request.GET.get("condicao") or None
    if focus not in stats.CONDITIONS:
        focus = None
    if focus and computed["by_condition"][focus]["count"] < stats.MIN_SALES:
        focus = None
    band = computed["by_condition"][focus] if focus else overall
    chart = render_price_chart(
        sales, start, end, p25=band["p25"], p75=band["p75"],
        ludostore=game.ludostore_price_cents, focus=focus,
        title=f"Preços de venda de {game.name} nos últimos {days} dias",
    )
    return render(
        request,
        "dashboard/game.html",
        {
            "game": game,
            "days": days,
            "window_choices": WINDOW_CHOICES,
            "start": start,
            "end": end,
            "chart": chart,
            "sale_count": len(sales),
            "overall": overall,
            "summary_rows": _summary_rows(computed),
            "focus": focus,
            "listings": listing_refs[None],
            "recent": recent,
            "soon": soon,
            "soon_days": ENDING_SOON_DAYS,
            "form": form,
            "answer": answer,
            "min_sales": stats.MIN_SALES,
            "method": stats.PERCENTILE_METHOD,
        },
    )
