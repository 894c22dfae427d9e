"""Row shaping shared by JSON and CSV: money in centavos and reais, flat game columns."""
from __future__ import annotations

from typing import Any

from webapi.api.schemas import reais

AUCTION_COLUMNS = (
    "id", "lot_id", "game_id", "game_slug", "game_name", "title", "kind", "condition",
    "edition", "seller", "city", "state", "status", "current_bid_cents", "current_bid",
    "bid_count", "buy_now_cents", "buy_now", "final_price_cents", "final_price", "ends_at",
    "followers", "views", "url", "first_seen_at", "last_seen_at", "updated_at",
)

LISTING_COLUMNS = (
    "id", "game_id", "game_slug", "game_name", "title", "kind", "condition", "city", "notes",
    "price_cents", "price", "url", "active", "first_seen_at", "last_seen_at",
)


def game_row(row: dict[str, Any]) -> dict[str, Any]:
    row["ludostore_price"] = reais(row["ludostore_price_cents"])
    return row


def auction_row(row: dict[str, Any]) -> dict[str, Any]:
    row["current_bid"] = reais(row["current_bid_cents"])
    row["buy_now"] = reais(row["buy_now_cents"])
    row["final_price"] = reais(row["final_price_cents"])
    return row


def listing_row(row: dict[str, Any]) -> dict[str, Any]:
    row["price"] = reais(row["price_cents"])
    return row


def snapshot_row(row: dict[str, Any]) -> dict[str, Any]:
    row["current_bid"] = reais(row["current_bid_cents"])
    return row
