"""Endpoints, filters, 422/404, money/time formats and keyset pagination."""
from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django_support import T0

LIST_PATHS = ["/api/v1/games", "/api/v1/auctions", "/api/v1/listings", "/api/v1/crawl-runs"]


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def walk(client, url, api_key):
    """Follow `next` from `url` to the end; returns (ids in order, number of pages)."""
    seen, pages = [], 0
    while url:
        response = client.get(url, HTTP_X_API_KEY=api_key)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        pages += 1
        url = body["next"]
        if url:
            assert url.startswith("http://testserver/api/v1/")
        assert pages < 1000
    return seen, pages


# --- games --------------------------------------------------------------------------------


def test_games_list_and_filters(api, make):
    brass = make.game("brass-birmingham", name="Brass: Birmingham", watched=True)
    azul = make.game("azul", name="Azul", watched=False)
    make.game("ark-nova", name="Ark Nova", watched=True, ludostore_price_cents=49990)
    assert sorted(ids(api("/api/v1/games"))) == sorted([brass.id, azul.id, brass.id + 2])
    assert set(ids(api("/api/v1/games", watched="true"))) == {brass.id, brass.id + 2}
    assert ids(api("/api/v1/games", watched="false")) == [azul.id]
    assert ids(api("/api/v1/games", q="BIRMINGHAM")) == [brass.id]
    assert ids(api("/api/v1/games", q="ark-")) == [brass.id + 2]
    row = api("/api/v1/games", q="ark").json()["results"][0]
    assert row["ludostore_price_cents"] == 49990 and row["ludostore_price"] == 499.9
    assert row["created_at"] == "2025-08-01T12:00:00+00:00"


def test_game_detail_counts_and_404(api, make):
    game = make.game("brass", watched=True)
    make.auction(game=game, status="open")
    make.auction(game=game, status="sold", final_price_cents=30000)
    make.auction(game=game, status="sold")
    make.auction(status="sold")  # another game-less auction
    make.listing(game=game, active=True)
    make.listing(game=game, active=False)
    body = api("/api/v1/games/brass").json()
    assert body["slug"] == "brass" and body["watched"] is True
    assert (body["auction_count"], body["open_auction_count"], body["sold_auction_count"]) == (3, 1, 2)
    assert body["active_listing_count"] == 1
    response = api("/api/v1/games/nope")
    assert response.status_code == 404 and "nope" in response.json()["detail"]


# --- auctions -----------------------------------------------------------------------------


@pytest.fixture
def auctions(make):
    brass = make.game("brass", name="Brass")
    azul = make.game("azul", name="Azul")
    rows = {
        "a": make.auction(id=11, game=brass, status="open", kind="game", condition="used",
                          state="SP", seller="ana", ends_at=T0 + timedelta(days=1),
                          updated_at=T0 + timedelta(hours=1)),
        "b": make.auction(id=12, game=brass, status="sold", kind="combo", condition="sealed",
                          state="RJ", seller="bia", ends_at=T0 - timedelta(days=2),
                          final_price_cents=25050, current_bid_cents=25050, buy_now_cents=30000,
                          updated_at=T0 + timedelta(hours=2)),
        "c": make.auction(id=13, game=azul, status="unsold", kind="accessory", condition="new",
                          state="SP", seller="ana", ends_at=T0 - timedelta(days=10),
                          current_bid_cents=None, bid_count=0),
        "d": make.auction(id=14, game=None, status="canceled", kind="unknown",
                          condition="unknown", state=None, seller=None, ends_at=None),
    }
    return rows


def test_auction_rows_are_flat_with_money_and_times(api, auctions):
    response = api("/api/v1/auctions")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["next"] is None and body["limit"] == 100
    assert [r["id"] for r in body["results"]] == [11, 12, 13, 14]
    b = body["results"][1]
    assert b["game_slug"] == "brass" and b["game_name"] == "Brass" and b["game_id"] is not None
    assert not any(isinstance(v, (dict, list)) for v in b.values())
    assert (b["final_price_cents"], b["final_price"]) == (25050, 250.5)
    assert (b["buy_now_cents"], b["buy_now"]) == (30000, 300)
    assert b["ends_at"] == "2025-07-30T12:00:00+00:00"
    d = body["results"][3]
    assert d["game_slug"] is None and d["ends_at"] is None and d["current_bid_cents"] == 10014
    # Reais are JSON numbers printed with exactly two decimals.
    text = response.content.decode()
    assert '"final_price": 250.50' in text and '"buy_now": 300.00' in text
    assert '"current_bid": null' in text


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"game": "brass"}, [11, 12]),
        ({"game": "azul"}, [13]),
        ({"game": "unknown-game"}, []),
        ({"status": "open"}, [11]),
        ({"status": "sold"}, [12]),
        ({"status": "canceled"}, [14]),
        ({"kind": "combo"}, [12]),
        ({"kind": "accessory"}, [13]),
        ({"condition": "sealed"}, [12]),
        ({"condition": "new"}, [13]),
        ({"state": "SP"}, [11, 13]),
        ({"state": "rj"}, [12]),
        ({"seller": "ana"}, [11, 13]),
        ({"ended_after": "2025-07-30T12:00:00Z"}, [11, 12]),
        ({"ended_after": "2025-07-31"}, [11]),
        ({"ended_before": "2025-07-30T12:00:00+00:00"}, [13]),
        ({"ended_before": "2025-07-30T09:00:01-03:00"}, [12, 13]),
        ({"ended_after": "2025-07-01", "ended_before": "2025-08-01"}, [12, 13]),
        ({"status": "sold", "game": "azul"}, []),
        ({"seller": "ana", "state": "SP", "kind": "game"}, [11]),
    ],
)
def test_auction_filters(api, auctions, params, expected):
    assert ids(api("/api/v1/auctions", **params)) == expected


def test_updated_since_orders_by_update_and_pages(client, api, api_key, auctions):
    assert ids(api("/api/v1/auctions", updated_since="2025-08-01T12:00:01+00:00")) == [11, 12]
    assert ids(api("/api/v1/auctions", updated_since="2025-08-01T13:30:00Z")) == [12]
    assert ids(api("/api/v1/auctions", updated_since="2025-08-01T12:00:00")) == [13, 14, 11, 12]
    seen, pages = walk(client, "/api/v1/auctions?updated_since=2025-08-01&limit=1", api_key)
    assert seen == [13, 14, 11, 12] and pages == 4


def test_auction_detail_and_snapshots(api, make, client, api_key):
    game = make.game("brass")
    auction = make.auction(id=77, game=game, description="Jogo completo, sem sleeves")
    for minutes in range(5):
        make.snapshot(auction, observed_at=T0 + timedelta(minutes=minutes), current_bid_cents=1000 + minutes,
                      bid_count=minutes)
    make.snapshot(make.auction(id=78), observed_at=T0)
    body = api("/api/v1/auctions/77").json()
    assert body["description"] == "Jogo completo, sem sleeves" and body["snapshot_count"] == 5
    assert body["game_slug"] == "brass"
    snaps = api("/api/v1/auctions/77/snapshots").json()["results"]
    assert [s["bid_count"] for s in snaps] == [0, 1, 2, 3, 4]
    assert snaps[1]["current_bid"] == 10.01 and snaps[1]["auction_id"] == 77
    seen, pages = walk(client, "/api/v1/auctions/77/snapshots?limit=2", api_key)
    assert len(seen) == 5 and len(set(seen)) == 5 and pages == 3
    assert api("/api/v1/auctions/77/snapshots", limit=0).status_code == 422


@pytest.mark.parametrize("path", ["/api/v1/auctions/999", "/api/v1/auctions/999/snapshots"])
def test_unknown_auction_is_404(api, db, path):
    response = api(path)
    assert response.status_code == 404
    assert "999" in response.json()["detail"]


# --- listings, crawl runs, health -----------------------------------------------------------


def test_listings_and_filters(api, make):
    brass = make.game("brass", name="Brass")
    a = make.listing(game=brass, active=True, price_cents=12345)
    b = make.listing(game=brass, active=False)
    c = make.listing(game=None, active=True)
    assert ids(api("/api/v1/listings")) == [a.id, b.id, c.id]
    assert ids(api("/api/v1/listings", game="brass")) == [a.id, b.id]
    assert ids(api("/api/v1/listings", active="true")) == [a.id, c.id]
    assert ids(api("/api/v1/listings", active="false")) == [b.id]
    assert ids(api("/api/v1/listings", game="brass", active="false")) == [b.id]
    assert ids(api("/api/v1/listings", game="nope")) == []
    row = api("/api/v1/listings").json()["results"][0]
    assert (row["game_slug"], row["game_name"], row["price_cents"], row["price"]) == ("brass", "Brass", 12345, 123.45)
    assert row["active"] is True


def test_crawl_runs_newest_first(api, make, client, api_key):
    runs = [make.crawl_run(started_at=T0 + timedelta(hours=i)) for i in range(5)]
    assert ids(api("/api/v1/crawl-runs")) == [r.id for r in reversed(runs)]
    seen, pages = walk(client, "/api/v1/crawl-runs?limit=2", api_key)
    assert seen == [r.id for r in reversed(runs)] and pages == 3


def test_health(api, make):
    body = api("/api/v1/health").json()
    assert body == {"database": "ok", "last_crawl": None}
    make.crawl_run(started_at=T0, finish_reason="finished")
    make.crawl_run(started_at=T0 + timedelta(days=1), finished_at=None, finish_reason=None,
                   items_stored=3, errors=2)
    last = api("/api/v1/health").json()["last_crawl"]
    assert last["started_at"] == "2025-08-02T12:00:00+00:00"
    assert (last["finished_at"], last["finish_reason"], last["items_stored"], last["errors"]) == (None, None, 3, 2)


def test_health_503_when_database_fails(api, db, monkeypatch):
    from django.db import OperationalError

    from webapi.api import health

    def broken():
        raise OperationalError("gone")

    monkeypatch.setattr(health, "ping", broken)
    response = api("/api/v1/health")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "last_crawl": None}


# --- parameter errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,params,name",
    [
        ("/api/v1/auctions", {"limit": "0"}, "limit"),
        ("/api/v1/auctions", {"limit": "1001"}, "limit"),
        ("/api/v1/auctions", {"limit": "ten"}, "limit"),
        ("/api/v1/auctions", {"status": "closed"}, "status"),
        ("/api/v1/auctions", {"kind": "book"}, "kind"),
        ("/api/v1/auctions", {"condition": "mint"}, "condition"),
        ("/api/v1/auctions", {"state": "SPX"}, "state"),
        ("/api/v1/auctions", {"ended_after": "yesterday"}, "ended_after"),
        ("/api/v1/auctions", {"ended_before": "2025-13-01"}, "ended_before"),
        ("/api/v1/auctions", {"updated_since": "2025-08-01T25:00"}, "updated_since"),
        ("/api/v1/auctions", {"cursor": "not-a-cursor"}, "cursor"),
        ("/api/v1/games", {"watched": "maybe"}, "watched"),
        ("/api/v1/games", {"cursor": "eyJvIjoiaWQiLCJrIjpbIngiLDFdfQ"}, "cursor"),
        ("/api/v1/listings", {"active": "perhaps"}, "active"),
        ("/api/v1/crawl-runs", {"limit": "-5"}, "limit"),
        ("/api/v1/export/auctions.csv", {"status": "closed"}, "status"),
        ("/api/v1/export/listings.csv", {"active": "x"}, "active"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(api, db, path, params, name):
    response = api(path, **params)
    assert response.status_code == 422, response.content
    locs = [error["loc"] for error in response.json()["detail"]]
    assert ["query", name] in locs, locs


def test_cursor_of_another_ordering_is_422(api, auctions):
    first = api("/api/v1/auctions", limit=1).json()["next"]
    cursor = parse_qs(urlsplit(first).query)["cursor"][0]
    response = api("/api/v1/auctions", cursor=cursor, updated_since="2025-01-01")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


# --- pagination ----------------------------------------------------------------------------------


@pytest.fixture
def many_auctions(make):
    game = make.game("brass")
    other = make.game("azul")
    from webapi.models import Auction

    rows = []
    for i in range(250):
        rows.append(Auction(
            id=100000 + (i * 7919) % 1000,  # ids not in insertion order
            game=game if i % 3 else other, title=f"Item {i}", kind="game", condition="used",
            status="sold" if i % 2 else "open", bid_count=0, url="https://x/",
            first_seen_at=T0, last_seen_at=T0,
            updated_at=T0 + timedelta(minutes=i % 10),  # many ties on updated_at
            ends_at=T0,
        ))
    Auction.objects.bulk_create(rows)
    return sorted(r.id for r in rows)


@pytest.mark.parametrize("limit", [100, 7, 1000, 250, 249])
def test_pagination_reaches_the_last_page_without_repeats_or_gaps(client, api_key, many_auctions, limit):
    seen, pages = walk(client, f"/api/v1/auctions?limit={limit}", api_key)
    assert seen == many_auctions
    assert pages == -(-250 // limit)


def test_pagination_with_filters_and_updated_since(client, api_key, many_auctions):
    from webapi.models import Auction

    expected = sorted(Auction.objects.filter(game__slug="brass", status="sold").values_list("id", flat=True))
    seen, _ = walk(client, "/api/v1/auctions?game=brass&status=sold&limit=7", api_key)
    assert seen == expected
    expected = list(
        Auction.objects.filter(updated_at__gte=T0 + timedelta(minutes=5))
        .order_by("updated_at", "id").values_list("id", flat=True)
    )
    seen, pages = walk(client, "/api/v1/auctions?updated_since=2025-08-01T12:05:00Z&limit=7", api_key)
    assert seen == expected and len(seen) == 125 and pages == 18


def test_next_url_keeps_the_other_parameters(api, many_auctions):
    next_url = api("/api/v1/auctions", status="sold", limit=10).json()["next"]
    parts = urlsplit(next_url)
    query = parse_qs(parts.query)
    assert parts.scheme == "http" and parts.netloc == "testserver" and parts.path == "/api/v1/auctions"
    assert query["status"] == ["sold"] and query["limit"] == ["10"] and len(query["cursor"]) == 1


def test_limit_default_and_max(api, many_auctions):
    assert len(api("/api/v1/auctions").json()["results"]) == 100
    body = api("/api/v1/auctions", limit=1000).json()
    assert len(body["results"]) == 250 and body["next"] is None


def test_rows_inserted_while_paging_are_not_skipped_or_repeated(client, api_key, make, many_auctions):
    first = client.get("/api/v1/auctions?limit=100", HTTP_X_API_KEY=api_key).json()
    make.auction(id=1)  # before the cursor: not seen by this walk
    make.auction(id=999999)  # after it: seen at the end
    seen, _ = walk(client, first["next"], api_key)
    assert [r["id"] for r in first["results"]] + seen == many_auctions + [999999]


def test_the_response_is_valid_json_with_decimal_numbers(api, make):
    make.auction(id=5, current_bid_cents=5, buy_now_cents=100, final_price_cents=0)
    text = api("/api/v1/auctions").content.decode()
    row = json.loads(text)["results"][0]
    assert (row["current_bid"], row["buy_now"], row["final_price"]) == (0.05, 1.0, 0.0)
    assert '"current_bid": 0.05' in text and '"buy_now": 1.00' in text and '"final_price": 0.00' in text
