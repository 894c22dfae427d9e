"""Fixtures for the replay-site tests: a small world and the real saved pages."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from auctionspider.replaysite.world import World

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 8, 27, 14, 30, tzinfo=timezone.utc)


def fixtures_path() -> Path:
    env = os.environ.get("LUDOPEDIA_FIXTURES")
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "fixtures" / "ludopedia"


@pytest.fixture
def fixtures_dir() -> Path:
    """The real saved pages: missing is a failure when CI is set, a skip elsewhere."""
    path = fixtures_path()
    if not (path / "leilao_627426_aberto_com_lances.html").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"Ludopedia fixture folder missing in CI: {path}")
        pytest.skip(f"no Ludopedia fixture folder at {path}")
    return path


@pytest.fixture
def small_world() -> World:
    return World.generate(games=6, lots=20, seed=3, now=NOW)
