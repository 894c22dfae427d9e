"""The Ninja API: `api`, mounted at /api/ (endpoints under /api/v1/, docs at /api/docs).

Every endpoint requires an API key (see webapi.api.auth). Routers live one per resource
in this package; lists share webapi.api.pagination.
"""
from __future__ import annotations

import math

from django.db import DatabaseError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled

from webapi.api.auth import api_key_auth
from webapi.api.renderers import ApiRenderer
from webapi.api.throttle import ApiKeyThrottle

API_PREFIX = "/v1"

api = NinjaAPI(
    title="Leilões API",
    version="1",
    description=(
        "Read-only data about Ludopedia board-game auctions and fixed-price ads, for Power BI "
        "and scripts.\n\n"
        "**Authentication**: every endpoint needs an API key, sent as header `X-API-Key` or "
        "query parameter `api_key` (create one with `python -m webapi create_api_key <name>`). "
        "A missing, wrong or revoked key gets 401.\n\n"
        "**Rate limit**: each key may make a limited number of requests per time window "
        "(`API_RATE_LIMIT`, e.g. 600/minute); beyond it → 429 with `Retry-After` (seconds "
        "until the window ends).\n\n"
        "**Lists** return flat rows and are paginated with `limit` (default 100, max 1000) "
        "and an opaque `cursor`; follow `next` (an absolute URL, null on the last page).\n\n"
        "**Money** is given twice: exact integer centavos (`*_cents`) and reais as a JSON "
        "number with two decimals (e.g. `120.00`). **Times** are ISO 8601 in UTC with an "
        "explicit offset (`2025-08-26T22:00:00+00:00`).\n\n"
        "**Errors**: invalid parameters → 422 with `detail[].loc` naming the parameter; "
        "unknown slug or id → 404; an unknown URL under /api/ → 404 and a method other than "
        "GET → 405, both JSON `{\"detail\": ...}`. Text filters match literally (`%` and `_` "
        "are not wildcards); control characters such as NUL → 422."
    ),
    auth=api_key_auth,
    throttle=[ApiKeyThrottle()],
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=ApiRenderer(),
)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request,
        {"detail": "A valid API key is required (header X-API-Key or query parameter api_key)."},
        status=401,
    )


@api.exception_handler(Throttled)
def _rate_limited(request: HttpRequest, exc: Throttled):
    # Ninja adds the Retry-After header (the same seconds, rounded up) to this response.
    seconds = math.ceil(exc.wait or 1)
    return api.create_response(
        request,
        {"detail": f"Rate limit exceeded for this API key: retry in {seconds} s.",
         "retry_after": seconds},
        status=429,
    )


@api.exception_handler(DatabaseError)
def _database_unavailable(request: HttpRequest, exc: DatabaseError):
    return api.create_response(
        request, {"detail": "The database is unavailable.", "database": "error"}, status=503
    )


from webapi.api.games import router as games_router  # noqa: E402
from webapi.api.auctions import router as auctions_router  # noqa: E402
from webapi.api.listings import router as listings_router  # noqa: E402
from webapi.api.crawl_runs import router as crawl_runs_router  # noqa: E402
from webapi.api.health import router as health_router  # noqa: E402
from webapi.api.export import router as export_router  # noqa: E402

api.add_router(f"{API_PREFIX}/games", games_router)
api.add_router(f"{API_PREFIX}/auctions", auctions_router)
api.add_router(f"{API_PREFIX}/listings", listings_router)
api.add_router(f"{API_PREFIX}/crawl-runs", crawl_runs_router)
api.add_router(f"{API_PREFIX}/health", health_router)
api.add_router(f"{API_PREFIX}/export", export_router)

# --- price statistics (webapi/api/prices.py, another module) ------------------------------
# Its router is mounted on /api/v1/games too, so its paths are relative to a game:
# "/{slug}/price-stats", "/{slug}/fair-price". Replace this block with a plain
#     from webapi.api.prices import router as prices_router
#     api.add_router(f"{API_PREFIX}/games", prices_router)
# once the module exists.
try:
    from webapi.api.prices import router as prices_router  # noqa: E402
except ModuleNotFoundError as exc:  # pragma: no cover - until prices.py lands
    if exc.name != "webapi.api.prices":
        raise
    prices_router = None
if prices_router is not None:
    api.add_router(f"{API_PREFIX}/games", prices_router)
