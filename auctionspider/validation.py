"""Checks an item must pass before it is stored (pure: item in, list of problems out)."""
from __future__ import annotations

import re

from auctionspider.db.models import AUCTION_KINDS, CONDITIONS, STATUSES

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MONEY_FIELDS = ("current_bid_cents", "buy_now_cents", "final_price_cents", "ludostore_price_cents")


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _money_or_none(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def auction_problems(item: dict) -> list[str]:
    if item.get("parse_error"):
        return [item["parse_error"]]
    problems = []
    if not _positive_int(item.get("id")):
        problems.append(f"missing or bad auction id {item.get('id')!r}")
    if item.get("status") not in STATUSES:
        problems.append(f"unknown status {item.get('status')!r}")
    if item.get("deleted"):
        return problems
    if not (item.get("title") or "").strip():
        problems.append("no title")
    if item.get("kind") not in AUCTION_KINDS:
        problems.append(f"unknown kind {item.get('kind')!r}")
    if item.get("condition") not in CONDITIONS:
        problems.append(f"unknown condition {item.get('condition')!r}")
    for field in MONEY_FIELDS:
        if not _money_or_none(item.get(field)):
            problems.append(f"bad price {field}={item.get(field)!r}")
    bids = item.get("bid_count")
    if not (isinstance(bids, int) and bids >= 0):
        problems.append(f"bad bid count {bids!r}")
    if item.get("status") == "sold" and item.get("final_price_cents") is None:
        problems.append("sold without a final price")
    if item.get("game_slug") is not None and not SLUG.match(item["game_slug"]):
        problems.append(f"bad game slug {item['game_slug']!r}")
    return problems


def listing_problems(item: dict) -> list[str]:
    problems = []
    if not _positive_int(item.get("id")):
        problems.append(f"missing or bad listing id {item.get('id')!r}")
    if not (isinstance(item.get("price_cents"), int) and item["price_cents"] >= 0):
        problems.append(f"bad price {item.get('price_cents')!r}")
    if not (item.get("title") or "").strip():
        problems.append("no title")
    if item.get("game_slug") is not None and not SLUG.match(item["game_slug"]):
        problems.append(f"bad game slug {item['game_slug']!r}")
    return problems


def game_problems(item: dict) -> list[str]:
    if not SLUG.match(item.get("slug") or ""):
        return [f"bad game slug {item.get('slug')!r}"]
    return []
