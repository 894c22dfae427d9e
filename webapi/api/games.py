"""/api/v1/games: the games seen by the crawl (and the watchlist)."""
from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError

from webapi.api.filters import GAME_FIELDS, GameFilters, GameSlug, game_rows
from webapi.api.pagination import BY_ID, PageQuery, keyset_page
from webapi.api.rows import game_row
from webapi.api.schemas import ErrorOut, GameDetailOut, GameOut, Page
from webapi.models import Auction, Game, Listing

router = Router(tags=["games"])


@router.get("", response=Page[GameOut], summary="List games", url_name="games")
def list_games(request: HttpRequest, filters: Query[GameFilters], page: PageQuery):
    """Games ordered by id. Filter with `watched` and `q`."""
    return keyset_page(request, game_rows(filters), BY_ID, page, game_row)


@router.get(
    "/{slug}",
    response={200: GameDetailOut, 404: ErrorOut},
    summary="One game, with counts",
    url_name="game",
)
def get_game(request: HttpRequest, slug: GameSlug):
    """A game by its Ludopedia slug, with its auction and listing counts. Unknown slug → 404."""
    row = Game.objects.filter(slug=slug).values(*GAME_FIELDS).first()
    if row is None:
        raise HttpError(404, f"Unknown game slug: {slug!r}")
    counts = Auction.objects.filter(game_id=row["id"]).aggregate(
        auction_count=Count("id"),
        open_auction_count=Count("id", filter=Q(status="open")),
        sold_auction_count=Count("id", filter=Q(status="sold")),
    )
    row.update(counts)
    row["active_listing_count"] = Listing.objects.filter(game_id=row["id"], active=True).count()
    return game_row(row)
