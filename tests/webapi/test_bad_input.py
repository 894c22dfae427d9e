"""The API under bad input: 422 naming the parameter, SQL metacharacters matched literally,
JSON 404/405 under /api/.

Endpoints and their parameters come from the OpenAPI schema, so a new endpoint or
parameter is covered automatically (and a parameter type nobody taught these tests about
fails loudly instead of being skipped).
"""
from __future__ import annotations

import base64
import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import Client

from django_support import T0

# --- the API as its schema describes it ------------------------------------------------------


def api_operations() -> list[tuple[str, str, dict]]:
    """(method, path, operation) of every API endpoint, from the OpenAPI schema."""
    from webapi.api import api

    paths = api.get_openapi_schema()["paths"]
    return [(method.upper(), path, op) for path, ops in paths.items() for method, op in ops.items()]


OPERATIONS = api_operations()


def test_the_schema_lists_the_endpoints():
    assert len(OPERATIONS) >= 12, OPERATIONS
    assert all(path.startswith("/api/v1/") for _, path, _ in OPERATIONS)


def _ids(items):
    return [f"{method} {path}" + (f" {name}" if name else "") for method, path, name, *_ in items]


# Values that exist in the `world` fixture, for path parameters and required parameters.
PATH_VALUES = {"slug": "brass", "auction_id": "1"}
REQUIRED_QUERY = {"price": "100"}


def url_for(path: str, **path_values: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        assert name in PATH_VALUES, f"teach the tests a value for path parameter {name!r}"
        return quote(str(path_values.get(name, PATH_VALUES[name])), safe="")

    return re.sub(r"\{(\w+)\}", value, path)


def required_params(op: dict) -> dict[str, str]:
    params = {}
    for p in op.get("parameters", []):
        if p["in"] == "query" and p.get("required"):
            assert p["name"] in REQUIRED_QUERY, f"teach the tests a value for {p['name']!r}"
            params[p["name"]] = REQUIRED_QUERY[p["name"]]
    return params


def plain(schema: dict) -> dict:
    """The non-null alternative of an Optional parameter's schema."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    assert len(options) == 1, schema
    return {**schema, **options[0]}


def parameters(where: str) -> list[tuple[str, str, str, dict, dict]]:
    return [
        (method, path, p["name"], plain(p["schema"]), op)
        for method, path, op in OPERATIONS
        for p in op.get("parameters", [])
        if p["in"] == where
    ]


QUERY_PARAMETERS = parameters("query")
PATH_PARAMETERS = parameters("path")


@pytest.fixture
def world(make):
    """Two of everything the lists page through, a game with enough sales for prices."""
    brass = make.game("brass", name="Brass: Birmingham", watched=True)
    arcs = make.game("arcs", name="Arcs")
    for i, game in ((1, brass), (2, arcs)):
        auction = make.auction(id=i, game=game, status="sold", final_price_cents=20000 + i,
                               ends_at=T0 - timedelta(days=i))
        make.snapshot(auction, observed_at=T0)
        make.snapshot(auction, observed_at=T0 + timedelta(hours=1))
        make.listing(game=game)
        make.crawl_run(started_at=T0 + timedelta(hours=i))


def get(client, api_key, path, params=None):
    return client.get(path, params or {}, HTTP_X_API_KEY=api_key)


def body(response) -> bytes:
    """The bytes of a response, streamed (CSV export) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_422_naming(response, where: str, name: str, value) -> None:
    assert response.status_code == 422, (name, value, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    locs = [error["loc"] for error in response.json()["detail"]]
    assert [where, name] in locs, (name, value, locs)


# --- 422: bad values by parameter type --------------------------------------------------------

DATETIME_BAD = [
    "yesterday", "2025-13-01", "2025-02-30", "2025-08-01T25:00", "2025-08-01T12:00:00+25:00",
    "", "01/08/2025",
    # parse, but have no UTC equivalent (a 500 before)
    "9999-12-31T23:59:59-03:00", "0001-01-01T00:00:00+01:00",
]
PRICE_BAD = [
    "-1", "-0,01", "R$ -5", "abc", "1,2,3", "10.5.5", "1e5", "NaN", "inf", "0x10", "", " ",
    "12,345", "99999999999", "1" * 31, "1\x00",
]


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def bad_cursors(real: str) -> list[str]:
    """Forged and broken variants of a real cursor of the same list (same ordering)."""
    payload = json.loads(base64.urlsafe_b64decode(real + "=" * (-len(real) % 4)))
    key = payload["k"]
    wrong_types = ["x", True, 1.5, None, [1], {"dt": "2025-01-01T00:00:00"}, {"dt": 5}]
    return [
        "not-a-cursor", "%%%", "eyJ", "x" * 501, _cursor("just a string"), _cursor([1, 2]),
        _cursor({"o": payload["o"]}), _cursor({"o": "another-order", "k": key}),
        _cursor({"o": payload["o"], "k": []}), _cursor({"o": payload["o"], "k": key + key}),
        _cursor({"o": payload["o"], "k": [2**70] * len(key)}),
        _cursor({"o": payload["o"], "k": [-(2**63) - 1] * len(key)}),
        *[_cursor({"o": payload["o"], "k": [bad] * len(key)}) for bad in wrong_types],
        base64.urlsafe_b64encode(b"[" * 300 + b"]" * 60).decode()[:500],  # deep nesting
    ]


def bad_values(name: str, schema: dict, real_cursor: str | None = None) -> list[str]:
    """Values that must be refused with 422, from the parameter's schema."""
    if name == "cursor":
        return bad_cursors(real_cursor)
    if name == "price":
        return PRICE_BAD
    kind = schema.get("type")
    if "enum" in schema:
        return ["bogus", "", str(schema["enum"][0]).upper(), f"{schema['enum'][0]}' OR '1'='1"]
    if kind == "integer":
        values = ["abc", "1.5", "", "1e3", "0x10", " ", "١"]
        values.append(str(schema["minimum"] - 1) if "minimum" in schema else "-" + "9" * 30)
        values.append(str(schema["maximum"] + 1) if "maximum" in schema else "9" * 30)
        return values
    if kind == "boolean":
        return ["maybe", "2", "", "yess", "' OR 1=1 --"]
    if kind == "string" and schema.get("format") == "date-time":
        return DATETIME_BAD
    if kind == "string" and "pattern" in schema:
        candidates = ["", "S", "SPX", "1'", "S\x00", "%%", "' OR 1=1 --", "SP\n"]
        values = [v for v in candidates if not re.fullmatch(schema["pattern"], v)]
        assert len(values) >= 3, schema
        return values
    if kind == "string" and "maxLength" in schema:
        return ["x" * (schema["maxLength"] + 1), "a\x00b", "\x1b[31m"]
    pytest.fail(f"no bad values known for parameter {name!r} {schema}: add them here")


def real_cursor_for(client, api_key, path, op) -> str:
    response = get(client, api_key, url_for(path), {**required_params(op), "limit": 1})
    assert response.status_code == 200, response.content
    following = response.json()["next"]
    assert following, f"{path}: the fixture needs two rows to get a cursor"
    cursor = parse_qs(urlsplit(following).query)["cursor"][0]
    assert get(client, api_key, url_for(path), {"limit": 1, "cursor": cursor}).status_code == 200
    return cursor


@pytest.mark.parametrize(
    "method,path,name,schema,op", QUERY_PARAMETERS, ids=_ids(QUERY_PARAMETERS)
)
def test_bad_query_values_are_422_naming_the_parameter(client, api_key, world, method, path,
                                                      name, schema, op):
    cursor = real_cursor_for(client, api_key, path, op) if name == "cursor" else None
    values = bad_values(name, schema, cursor)
    for value in values:
        params = {**required_params(op), name: value}
        assert_422_naming(get(client, api_key, url_for(path), params), "query", name, value)


PATH_BAD = {
    "slug": ["a\x00b", "\x07", "x" * 201],
    "auction_id": ["abc", "0", "-1", "1.5", "1e3", "9" * 20, "٣"],
}


@pytest.mark.parametrize(
    "method,path,name,schema,op", PATH_PARAMETERS, ids=_ids(PATH_PARAMETERS)
)
def test_bad_path_values_are_422_naming_the_parameter(client, api_key, world, method, path,
                                                     name, schema, op):
    assert name in PATH_BAD, f"teach the tests bad values for path parameter {name!r}"
    for value in PATH_BAD[name]:
        response = get(client, api_key, url_for(path, **{name: value}), required_params(op))
        assert_422_naming(response, "path", name, value)


def test_limit_bounds(api, world):
    for path in ("/api/v1/games", "/api/v1/auctions", "/api/v1/crawl-runs"):
        for limit in ("0", "-1", "1001", "1000000"):
            assert_422_naming(api(path, limit=limit), "query", "limit", limit)
        assert api(path, limit="1000").status_code == 200
        assert api(path, limit="1").json()["limit"] == 1


def test_cursor_of_the_updated_since_order_is_checked_too(api, world):
    first = api("/api/v1/auctions", updated_since="2025-01-01", limit=1).json()["next"]
    real = parse_qs(urlsplit(first).query)["cursor"][0]
    key = json.loads(base64.urlsafe_b64decode(real + "=" * (-len(real) % 4)))["k"]
    assert isinstance(key[0], dict) and isinstance(key[1], int)
    for forged in ([key[1], key[1]], [key[0], key[0]], [{"dt": "9999-12-31T23:59:59-03:00"}, 1],
                   [{"dt": "2025-01-01T00:00:00"}, 1], [key[0], "1"]):
        cursor = _cursor({"o": "updated_at,id", "k": forged})
        response = api("/api/v1/auctions", updated_since="2025-01-01", cursor=cursor)
        assert_422_naming(response, "query", "cursor", forged)
    assert api("/api/v1/auctions", updated_since="2025-01-01", cursor=real).status_code == 200


def test_fair_price_refuses_malformed_and_negative_prices(api, world):
    for price in PRICE_BAD:
        assert_422_naming(api("/api/v1/games/brass/fair-price", price=price), "query", "price", price)
    missing = api("/api/v1/games/brass/fair-price")
    assert_422_naming(missing, "query", "price", None)
    for price in ("0", "250", "250,50", "1.234,56", "R$ 99,9"):
        assert api("/api/v1/games/brass/fair-price", price=price).status_code == 200, price


def test_extreme_but_valid_values_answer_normally(api, world):
    """Edge values are not errors: never a 500, on SQLite or MySQL."""
    big = str(2**63 - 1)
    assert api(f"/api/v1/auctions/{big}").status_code == 404
    assert api(f"/api/v1/auctions/{big}/snapshots").status_code == 404
    assert api("/api/v1/auctions", cursor=_cursor({"o": "id", "k": [2**63 - 1]})).json()["results"] == []
    assert len(api("/api/v1/auctions", cursor=_cursor({"o": "id", "k": [-(2**63)]})).json()["results"]) == 2
    for params in ({"ended_after": "0001-01-01"}, {"ended_before": "9999-12-31T23:59:59Z"},
                   {"updated_since": "1970-01-01T00:00:00-03:00"}, {"ended_after": "2025-07-01"}):
        response = api("/api/v1/auctions", **params)
        assert response.status_code == 200, (params, response.content)
        assert len(response.json()["results"]) == 2, params
    assert api("/api/v1/auctions", ended_after="9999-12-31").json()["results"] == []
    assert api("/api/v1/games/brass/price-stats", days="3650").status_code == 200
    assert api("/api/v1/games/brass/fair-price", price="1.000.000,00").status_code == 200


# --- SQL metacharacters: matched literally, never as SQL or as a LIKE pattern ------------------

PAYLOADS = [
    "' OR 1=1 --", "' OR '1'='1", "%", "%%", "a%", "_", "\\", "\\%", "\"; DROP TABLE auction; --",
    "'; DELETE FROM game; --", "1' UNION SELECT key_hash FROM webapi_apikey --",
    "Ünïcødé ação 🎲", "ação", "\x00", "abc\x00' OR 1=1 --",
]
NO_MATCH = "zz-nothing-has-this"


def text_filters() -> list[tuple[str, str, str, dict, dict]]:
    """Free-text query parameters: strings that are not an enum, a date, a cursor or a price."""
    return [
        (method, path, name, schema, op)
        for method, path, name, schema, op in QUERY_PARAMETERS
        if schema.get("type") == "string" and "enum" not in schema and "format" not in schema
        and name not in ("cursor", "price")
    ]


TEXT_FILTERS = text_filters()


def test_text_filters_are_found():
    names = {(path, name) for _, path, name, *_ in TEXT_FILTERS}
    assert {("/api/v1/games", "q"), ("/api/v1/auctions", "seller"), ("/api/v1/auctions", "game"),
            ("/api/v1/listings", "game"), ("/api/v1/export/auctions.csv", "seller")} <= names


def table_counts() -> dict[str, int]:
    from django.contrib.auth.models import User
    from django.db import connection

    from webapi.models import ApiKey

    counts = {"apikey": ApiKey.objects.count(), "user": User.objects.count()}
    with connection.cursor() as cursor:
        for table in ("game", "auction", "auction_snapshot", "listing", "crawl_run"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.parametrize("method,path,name,schema,op", TEXT_FILTERS, ids=_ids(TEXT_FILTERS))
def test_sql_metacharacters_in_text_filters_change_nothing(client, api_key, world, method, path,
                                                          name, schema, op):
    before = table_counts()
    url = url_for(path)
    pattern = schema.get("pattern")
    no_match = next(v for v in (NO_MATCH, "ZZ") if not pattern or re.fullmatch(pattern, v))
    baseline = get(client, api_key, url, {**required_params(op), name: no_match})
    assert baseline.status_code == 200
    expected = body(baseline)
    for payload in PAYLOADS:
        response = get(client, api_key, url, {**required_params(op), name: payload})
        if "\x00" in payload or (pattern and not re.fullmatch(pattern, payload)):
            assert_422_naming(response, "query", name, payload)  # a clear error, nothing run
            continue
        assert response.status_code == 200, (payload, response.content[:300])
        # Nothing in the fixture contains these characters: exactly the non-matching answer.
        assert body(response) == expected, (name, payload)
    assert table_counts() == before


@pytest.mark.parametrize(
    "method,path,name,schema,op",
    [p for p in PATH_PARAMETERS if p[3].get("type") == "string"],
    ids=_ids([p for p in PATH_PARAMETERS if p[3].get("type") == "string"]),
)
def test_sql_metacharacters_in_path_text_are_unknown_not_sql(client, api_key, world, method, path,
                                                            name, schema, op):
    before = table_counts()
    for payload in PAYLOADS:
        response = get(client, api_key, url_for(path, **{name: payload}), required_params(op))
        if "\x00" in payload:
            assert_422_naming(response, "path", name, payload)
        else:
            assert response.status_code == 404, (payload, response.content[:300])
            assert response.json()["detail"] == f"Unknown game slug: {payload!r}"
    assert table_counts() == before


@pytest.fixture
def literal_world(make):
    """A game, an auction and an ad whose text IS each payload (or contains it)."""
    made = {}
    for i, payload in enumerate(p for p in PAYLOADS if "\x00" not in p):
        game = make.game(payload, name=f"Jogo {payload}")
        auction = make.auction(id=500 + i, game=game, seller=payload)
        listing = make.listing(id=700 + i, game=game)
        made[payload] = (game, auction, listing)
    make.game("plain", name="Plain Game")
    make.auction(id=999, seller="vendedor")
    return made


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "\x00" not in p])
def test_metacharacters_match_literally(api, literal_world, payload):
    from webapi.models import Game

    game, auction, listing = literal_world[payload]
    before = table_counts()
    # icontains: % and _ and \ are literal, not wildcards
    expected = sorted(
        g.id for g in Game.objects.all()
        if payload.casefold() in g.name.casefold() or payload.casefold() in g.slug.casefold()
    )
    found = sorted(row["id"] for row in api("/api/v1/games", q=payload, limit=1000).json()["results"])
    assert found == expected and game.id in found, (payload, found, expected)
    # exact filters: only the row with exactly this text
    by_seller = api("/api/v1/auctions", seller=payload).json()["results"]
    assert [row["id"] for row in by_seller] == [auction.id]
    by_game = api("/api/v1/auctions", game=payload).json()["results"]
    assert [row["id"] for row in by_game] == [auction.id]
    assert [row["id"] for row in api("/api/v1/listings", game=payload).json()["results"]] == [listing.id]
    csv_rows = body(api("/api/v1/export/auctions.csv", seller=payload)).decode("utf-8-sig").splitlines()
    assert len(csv_rows) == 2 and csv_rows[1].startswith(f"{auction.id},")
    # the slug in the path
    assert api(f"/api/v1/games/{quote(payload, safe='')}").json()["slug"] == payload
    stats = api(f"/api/v1/games/{quote(payload, safe='')}/price-stats").json()
    assert stats["game"]["id"] == game.id
    assert table_counts() == before


def test_percent_and_underscore_are_not_wildcards(api, literal_world):
    # Unescaped, `%` and `_` would match every game name; escaped, only the ones containing them.
    everything = api("/api/v1/games", limit=1000).json()["results"]
    for payload in ("%", "_", "%%", "\\%"):
        found = api("/api/v1/games", q=payload, limit=1000).json()["results"]
        assert 0 < len(found) < len(everything)
        assert all(payload in row["name"] for row in found), (payload, found)


# --- unknown routes and wrong methods ---------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nope", "/api/nope", "/api/", "/api/v2/games", "/api/v1/games/brass/nope",
     "/api/v1/auctions/1/nope", "/api/v1/games/", "/api/v1/export/auctions.json"],
)
def test_unknown_api_routes_are_404_json(client, api_key, world, path):
    for headers in ({}, {"HTTP_X_API_KEY": api_key}):
        response = client.get(path, **headers)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json"), path
        assert "not found" in response.json()["detail"].lower()


def test_unknown_pages_elsewhere_are_the_normal_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


WRITE_METHODS = ("post", "put", "patch", "delete")


@pytest.mark.parametrize("method,path,op", [(m, p, o) for m, p, o in OPERATIONS],
                         ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_wrong_methods_are_405_json(api_key, world, method, path, op):
    client = Client(enforce_csrf_checks=True)
    url = url_for(path)
    for verb in WRITE_METHODS:
        response = getattr(client, verb)(url, HTTP_X_API_KEY=api_key)
        assert response.status_code == 405, (verb, url, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        assert response["Allow"] == method
        assert "method not allowed" in response.json()["detail"].lower()
    assert client.get(url, required_params(op), HTTP_X_API_KEY=api_key).status_code == 200
