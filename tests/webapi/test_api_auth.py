"""Every endpoint needs a valid key, in the X-API-Key header or the api_key parameter."""
from __future__ import annotations

import pytest

from webapi.models import ApiKey, hash_key

ENDPOINTS = [
    "/api/v1/games",
    "/api/v1/games/brass",
    "/api/v1/auctions",
    "/api/v1/auctions/1",
    "/api/v1/auctions/1/snapshots",
    "/api/v1/listings",
    "/api/v1/crawl-runs",
    "/api/v1/health",
    "/api/v1/export/auctions.csv",
    "/api/v1/export/listings.csv",
]


@pytest.fixture
def data(make):
    game = make.game("brass", watched=True)
    auction = make.auction(id=1, game=game)
    make.snapshot(auction)
    make.listing(game=game)
    make.crawl_run()


@pytest.mark.parametrize("path", ENDPOINTS)
def test_missing_key_is_401_without_data(client, data, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "api key" in response.json()["detail"].lower()


@pytest.mark.parametrize("path", ENDPOINTS)
def test_wrong_key_is_401(client, data, api_key, path):
    assert client.get(path, HTTP_X_API_KEY=api_key + "x").status_code == 401
    assert client.get(path, {"api_key": "nope"}).status_code == 401


@pytest.mark.parametrize("path", ENDPOINTS)
def test_valid_key_in_header_or_query(client, data, api_key, path):
    assert client.get(path, HTTP_X_API_KEY=api_key).status_code == 200
    assert client.get(path, {"api_key": api_key}).status_code == 200


def test_revoked_key_is_401(client, data, api_key):
    ApiKey.objects.filter(key_hash=hash_key(api_key)).update(revoked=True)
    assert client.get("/api/v1/games", HTTP_X_API_KEY=api_key).status_code == 401
    assert client.get("/api/v1/games", {"api_key": api_key}).status_code == 401


def test_keys_are_stored_hashed_and_last_use_recorded(client, db):
    row, key = ApiKey.generate("powerbi")
    stored = ApiKey.objects.values().get(pk=row.pk)
    assert key not in str(stored.values())
    assert stored["key_hash"] == hash_key(key) and len(stored["key_hash"]) == 64
    assert stored["prefix"] == key[:8] and stored["last_used_at"] is None
    assert client.get("/api/v1/games", {"api_key": key}).status_code == 200
    assert ApiKey.objects.get(pk=row.pk).last_used_at is not None


def test_docs_and_openapi_describe_every_parameter_and_field(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/games", "/api/v1/games/{slug}", "/api/v1/auctions", "/api/v1/auctions/{auction_id}",
        "/api/v1/auctions/{auction_id}/snapshots", "/api/v1/listings", "/api/v1/crawl-runs",
        "/api/v1/health", "/api/v1/export/auctions.csv", "/api/v1/export/listings.csv",
    ):
        assert path in paths, path
        for parameter in paths[path]["get"].get("parameters", []):
            if parameter["in"] == "query":
                assert parameter.get("description"), (path, parameter["name"])
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            if set(spec) == {"$ref"}:
                continue  # a nested object: its own fields are checked
            assert spec.get("description"), (name, field)
    security = schema["components"]["securitySchemes"]
    assert {s["name"] for s in security.values()} == {"X-API-Key", "api_key"}
