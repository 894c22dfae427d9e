"""Shared test fixtures: real databases (a SQLite file and the MariaDB in TEST_MYSQL_URL).

Crawl-side tests take `db_url` and run once per backend. Without TEST_MYSQL_URL the MySQL
variant skips locally; in CI (CI set) it fails, as does a server that cannot be reached.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from auctionspider.db.engine import get_engine
from auctionspider.db.schema import upgrade

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(os.environ.get("LUDOPEDIA_FIXTURES", PROJECT_ROOT.parent / "shared" / "fixtures" / "ludopedia"))
CRAWL_TABLES = ("auction_snapshot", "auction", "listing", "game", "crawl_run")

# The Django test database and fixtures of tests/webapi, tests/stats and tests/dashboard.
pytest_plugins = ["django_support"]


def require_fixtures() -> Path:
    """The real Ludopedia pages; their absence is a failure in CI, a skip elsewhere."""
    if not (FIXTURES / "README.md").exists():
        if os.environ.get("CI"):
            pytest.fail(f"fixture folder missing in CI: {FIXTURES}")
        pytest.skip(f"no fixture folder at {FIXTURES}")
    return FIXTURES


@pytest.fixture
def ludopedia_fixtures() -> Path:
    return require_fixtures()


@pytest.fixture(scope="session")
def mysql_server_url():
    url = os.environ.get("TEST_MYSQL_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TEST_MYSQL_URL is not set in CI")
        pytest.skip("TEST_MYSQL_URL not set")
    # A database of our own per session, so parallel runs and old data do not interfere.
    name = f"leiloes_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # no skip on failure: a set but unreachable server fails
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
    test_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    upgrade(test_url)
    yield test_url
    get_engine(test_url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("mysql", marks=pytest.mark.mysql)])
def db_url(request, tmp_path):
    """A migrated, empty crawl database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'leiloes.sqlite3'}"
        upgrade(url)
        yield url
        get_engine(url).dispose()
        return
    url = request.getfixturevalue("mysql_server_url")
    with get_engine(url).begin() as conn:
        for table in CRAWL_TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
    yield url


@pytest.fixture
def engine(db_url):
    return get_engine(db_url)
