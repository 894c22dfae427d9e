"""What a parsed page must look like before it may be stored (helpers for test_mutations.py).

Stated independently of auctionspider.validation, from the database's columns and the
site's meaning: the mutation tests check "validation accepts it => it is well-formed".
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

INT_MAX = 2**31 - 1  # INTEGER columns (MySQL): prices in centavos, counters, game ids
BIGINT_MAX = 2**63 - 1  # BIGINT columns: auction, lot and listing ids
TEXT_BYTES = 65_535  # a MySQL TEXT column
EARLIEST, LATEST = 2000, 2100  # a sane range for an auction's end
AUCTION_KINDS = {"game", "combo", "accessory", "unknown"}
CONDITIONS = {"new", "sealed", "used", "unknown"}
STATUSES = {"open", "sold", "unsold", "canceled"}
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
PRICES = ("current_bid_cents", "buy_now_cents", "final_price_cents", "ludostore_price_cents")


def is_int(value, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def check_id(value, what: str, high: int = BIGINT_MAX) -> None:
    assert is_int(value, 1, high), f"{what}: {value!r}"


def check_count(value, what: str, optional: bool = True) -> None:
    assert (optional and value is None) or is_int(value, 0, INT_MAX), f"{what}: {value!r}"


def check_text(value, what: str, max_len: int, optional: bool = True) -> None:
    if value is None and optional:
        return
    assert isinstance(value, str), f"{what}: {value!r}"
    assert len(value) <= max_len, f"{what}: {len(value)} characters"
    assert value == value.strip(), f"{what} not stripped: {value[:60]!r}"


def check_url(value, what: str, max_len: int = 500) -> None:
    assert isinstance(value, str) and len(value) <= max_len, f"{what}: {value[:100]!r}"
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https") and parts.netloc, f"{what}: {value!r}"


def check_auction(item: dict, url: str) -> None:
    """An auction item (a parsed page plus its kind) that validation let through."""
    check_id(item["id"], "id")
    assert item["status"] in STATUSES
    assert item["url"] == url
    if item["deleted"]:
        assert item["status"] == "canceled"
        return
    if item["lot_id"] is not None:
        check_id(item["lot_id"], "lot_id")
    title = item["title"]
    check_text(title, "title", 500, optional=False)
    assert title, "empty title"
    assert isinstance(item["subtitle"], str)  # not stored
    for field, limit in (("edition", 200), ("seller", 100), ("city", 100), ("game_name", 300)):
        check_text(item[field], field, limit)
        assert item[field] != "", f"{field} is '' instead of None"
    assert item["state"] is None or re.fullmatch(r"[A-Z]{2}", item["state"]), item["state"]
    if item["game_slug"] is not None:
        assert SLUG.fullmatch(item["game_slug"]) and len(item["game_slug"]) <= 200
    if item["ludopedia_game_id"] is not None:
        check_id(item["ludopedia_game_id"], "ludopedia_game_id", INT_MAX)
    assert item["condition"] in CONDITIONS and item["kind"] in AUCTION_KINDS
    for field in PRICES + ("followers", "views"):
        check_count(item[field], field)
    check_count(item["bid_count"], "bid_count", optional=False)
    description = item["description"]
    assert description is None or (
        isinstance(description, str) and description and len(description.encode()) <= TEXT_BYTES)

    ends_at = item["ends_at"]
    assert isinstance(ends_at, datetime) and ends_at.utcoffset() == timedelta(0), ends_at
    assert EARLIEST <= ends_at.year < LATEST, ends_at

    bid, final = item["current_bid_cents"], item["final_price_cents"]
    if bid is None:
        assert item["bid_count"] == 0
    if item["status"] == "sold":
        assert final is not None and final == bid
    else:
        assert final is None
    if item["status"] == "unsold":
        assert bid is None

    ids = [other["id"] for other in item["lot_items"]]
    assert len(ids) == len(set(ids)) and item["id"] not in ids, ids
    for other in item["lot_items"]:
        check_id(other["id"], "lot item id")
        check_url(other["url"], "lot item url")
        path = urlsplit(other["url"]).path
        assert re.search(rf"/leilao/0*{other['id']}(/|$)", path), other["url"]
        assert isinstance(other["title"], str)


def check_game(game: dict, url: str) -> None:
    assert SLUG.fullmatch(game["slug"]) and len(game["slug"]) <= 200, game["slug"]
    check_text(game["name"], "game name", 300, optional=False)
    assert game["name"]
    if game["ludopedia_id"] is not None:
        check_id(game["ludopedia_id"], "ludopedia_id", INT_MAX)


def check_ads_row(row: dict) -> None:
    """Any row the ads parser returns: auction rows become requests, so they count too."""
    check_id(row["id"], "row id")
    assert row["kind"] in AUCTION_KINDS and row["condition"] in CONDITIONS
    assert row["link_type"] in ("auction", "listing")
    assert isinstance(row["product"], str) and row["product"]
    assert type(row["price_cents"]) is int and row["price_cents"] >= 0
    check_url(row["url"], "row url", max_len=10**9)  # a request (auction) or checked below
    path = "leilao" if row["link_type"] == "auction" else "produto"
    assert re.search(rf"/{path}/0*{row['id']}(/|$)", urlsplit(row["url"]).path), row["url"]


def check_listing(item: dict) -> None:
    """A listing item (a row as the spider stores it) that validation let through."""
    check_id(item["id"], "listing id")
    check_count(item["price_cents"], "price_cents", optional=False)
    check_text(item["title"], "listing title", 500, optional=False)
    assert item["title"]
    check_text(item["city"], "city", 100)
    assert item["notes"] is None or len(item["notes"].encode()) <= TEXT_BYTES
    check_url(item["url"], "listing url")


def check_auction_links(links, base_url: str) -> None:
    ids = [auction_id for auction_id, _ in links]
    assert len(ids) == len(set(ids)), ids
    for auction_id, link in links:
        check_id(auction_id, "linked auction id")
        check_url(link, "auction link", max_len=10**9)  # a request, not stored as such
        assert re.match(rf"/leilao/0*{auction_id}(/|$)", urlsplit(link).path), link


def check_listing_links(links) -> None:
    assert len(links) == len(set(links))
    for link in links:
        check_url(link, "listing link", max_len=10**9)
        parts = urlsplit(link)
        assert parts.path.rstrip("/") == "/leiloes" and parts.query, link
