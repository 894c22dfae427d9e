"""deploy/powerbi/*.pq: static checks that the M queries match the API."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapi.api.rows import AUCTION_COLUMNS
from webapi.api.schemas import AuctionOut

POWERBI = Path(__file__).resolve().parents[2] / "deploy" / "powerbi"


@pytest.mark.parametrize("name", ["auctions.pq", "auctions_incremental.pq"])
def test_power_query_file(name):
    text = (POWERBI / name).read_text(encoding="utf-8")
    assert re.search(r"Web\.Contents\(\s*BaseUrl\s*,", text)
    assert 'RelativePath = "api/v1/auctions"' in text
    assert 'ApiKeyName = "api_key"' in text and "List.Generate" in text
    assert "Uri.Parts(nextUrl)[Query][cursor]" in text and "Table.FromRecords" in text
    typed = dict(re.findall(r'\{"(\w+)", (Int64\.Type|Currency\.Type|type \w+)\}', text))
    assert set(typed) == set(AUCTION_COLUMNS) == set(AuctionOut.model_fields)
    for column, m_type in typed.items():
        if column.endswith("_cents") or column in ("id", "lot_id", "game_id", "bid_count", "followers", "views"):
            assert m_type == "Int64.Type", column
        elif column.endswith("_at"):
            assert m_type == "type datetimezone", column
        elif column in ("current_bid", "buy_now", "final_price"):
            assert m_type == "Currency.Type", column
        else:
            assert m_type == "type text", column
    if "incremental" in name:
        assert "updated_since = Since" in text and "RangeStart" in text


def test_readme_has_the_connection_steps():
    text = (POWERBI / "README.md").read_text(encoding="utf-8")
    for needle in ("Blank query", "Advanced editor", "Web API", "create_api_key", "Scheduled refresh", "gateway"):
        assert needle in text
