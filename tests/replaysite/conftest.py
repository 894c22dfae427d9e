"""Fixtures for the replay-site tests: a small world and the real saved pages."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from auctionspider.replaysite.world import World

NOW = datetime(2025, 8, 27, 14, 30, tzinfo=timezone.utc)


@pytest.fixture
def fixtures_dir(ludopedia_fixtures) -> Path:
    """The real saved pages (tests/conftest.py: missing fails in CI, skips elsewhere)."""
    return ludopedia_fixtures


@pytest.fixture
def small_world() -> World:
    return World.generate(games=6, lots=20, seed=3, now=NOW)
