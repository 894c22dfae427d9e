"""Helpers for the parsing tests (a module of its own: importing from conftest is fragile).

The real Ludopedia pages live outside the project (read-only test data):
``$LUDOPEDIA_FIXTURES`` or ``<project root>/../shared/fixtures/ludopedia``. When the
folder is missing, tests that need it skip locally but FAIL when ``CI`` is set.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(
    os.environ.get("LUDOPEDIA_FIXTURES", PROJECT_ROOT.parent / "shared" / "fixtures" / "ludopedia")
)
SNIPPETS = Path(__file__).resolve().parent / "snippets"

BASE = "https://ludopedia.com.br"
REPLAY = "http://127.0.0.1:8123"
BRT = timezone(timedelta(hours=-3))

OPEN_PAGE = "leilao_627426_aberto_com_lances.html"
UNSOLD_PAGE = "leilao_627783_finalizado_sem_lances.html"
SOLD_PAGE = "derived/leilao_627426_finalizado_com_lances.html"
DELETED_PAGE = "derived/leilao_excluido.html"
ADS_PAGE = "jogo_the-red-cathedral_anuncios.html"

OPEN_URL = f"{BASE}/leilao/627426/the-red-cathedral"
UNSOLD_URL = f"{BASE}/leilao/627783/assyria"
ADS_URL = f"{BASE}/jogo/the-red-cathedral?v=anuncios"
# "fetched at 2025-08-27 11:30 -03:00" (fixtures README)
OBSERVED = datetime(2025, 8, 27, 11, 30, tzinfo=BRT)


def read_fixture(name: str) -> str:
    path = FIXTURES / name
    if not path.is_file():
        message = f"Ludopedia fixture missing: {path} (set LUDOPEDIA_FIXTURES)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def read_snippet(name: str) -> str:
    return (SNIPPETS / name).read_text(encoding="utf-8")
