"""pytest-django setup for the web app tests.

The backend is the one in DATABASE_URL (default: SQLite), like the app itself: `make test`
runs this folder once on SQLite and once with DATABASE_URL set to the MariaDB test server.
Django creates its test database (a file in a temporary folder for SQLite, `test_<name>`
on MySQL) and runs its own migrations; then Alembic creates the crawl tables on that same
database (`auctionspider.db.schema.upgrade`). A MySQL server that cannot be reached makes
the tests error out (fail), never skip.
"""
from __future__ import annotations

import itertools
import os
import sys
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest

# This folder is named like the package: with tests/ on sys.path (rootdir conftest),
# `import webapi` could resolve to a namespace package made of tests/webapi. Put the
# project root first so the real package wins.
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if sys.path[:1] != [PROJECT_ROOT]:
    sys.path.insert(0, PROJECT_ROOT)
if getattr(sys.modules.get("webapi"), "__file__", "") is None:  # a namespace import slipped in
    del sys.modules["webapi"]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapi.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402

from webapi.database import sqlalchemy_url_for  # noqa: E402

UTC = dt_timezone.utc
T0 = datetime(2025, 8, 1, 12, 0, tzinfo=UTC)
CRAWL_TABLES = ("auction_snapshot", "auction", "listing", "game", "crawl_run")


def is_mysql() -> bool:
    return connections["default"].vendor == "mysql"


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, tmp_path_factory):
    from django.test.utils import setup_databases, teardown_databases

    from auctionspider.db.engine import get_engine
    from auctionspider.db.schema import upgrade

    settings_dict = connections["default"].settings_dict
    if "sqlite" in settings_dict["ENGINE"]:
        # A file, not :memory:, so Alembic's own connection sees the same database.
        settings_dict.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("webapi-db") / "test.sqlite3"
        )
    else:
        # One test database per run: two runs on one server must not drop each other's.
        settings_dict.setdefault("TEST", {})["NAME"] = f"test_leiloes_{os.getpid()}"
    with django_db_blocker.unblock():
        old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)
        if is_mysql():
            ensure_mysql_time_zones()
        test_url = sqlalchemy_url_for(connections["default"].settings_dict)
        upgrade(test_url)
        get_engine.cache_clear()
    request.config.stash[_TEST_URL] = test_url
    yield
    with django_db_blocker.unblock():
        teardown_databases(old_config, verbosity=0)


_TEST_URL = pytest.StashKey[str]()


def ensure_mysql_time_zones() -> None:
    """Django on MySQL with USE_TZ converts with CONVERT_TZ(..., 'UTC', 'America/Sao_Paulo')
    (admin date_hierarchy, date truncation): the server needs its time zone tables. Managed
    servers (RDS) ship them; a bare MariaDB does not, so the test server gets them here."""
    import shutil
    import subprocess

    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT CONVERT_TZ('2025-01-01 00:00:00', 'UTC', 'America/Sao_Paulo')")
        if cursor.fetchone()[0] is not None:
            return
    tool = shutil.which("mariadb-tzinfo-to-sql") or shutil.which("mysql_tzinfo_to_sql")
    client = shutil.which("mariadb") or shutil.which("mysql")
    assert tool and client, "MySQL time zone tables are empty and no tzinfo-to-sql/client tool is installed"
    sql = subprocess.run([tool, "/usr/share/zoneinfo"], capture_output=True, check=True).stdout
    db = connections["default"].settings_dict
    command = [client, "--host", db["HOST"] or "localhost", "--user", db["USER"] or "root"]
    if db["PORT"]:
        command += ["--port", str(db["PORT"])]
    if db["PASSWORD"]:
        command += [f"--password={db['PASSWORD']}"]
    subprocess.run([*command, "mysql"], input=sql, capture_output=True, check=True)
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT CONVERT_TZ('2025-01-01 00:00:00', 'UTC', 'America/Sao_Paulo')")
        assert cursor.fetchone()[0] is not None, "could not load MySQL time zone tables"


@pytest.fixture
def test_db_url(request, django_db_setup) -> str:
    """SQLAlchemy URL of the Django test database (crawl tables included)."""
    return request.config.stash[_TEST_URL]


@pytest.fixture
def sa_engine(test_db_url, transactional_db):
    """A SQLAlchemy engine on the test database, for tests that write like the crawl.

    Uses `transactional_db` (rows are committed, visible to other connections); the crawl
    tables are not Django-managed so Django's flush leaves them: they are emptied here.
    """
    from sqlalchemy import text

    from auctionspider.db.engine import make_engine

    engine = make_engine(test_db_url)
    yield engine
    with engine.begin() as conn:
        for table in CRAWL_TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
    engine.dispose()


class Factory:
    """Rows in the crawl tables through the Django ORM (inside the test's transaction)."""

    def __init__(self) -> None:
        self._ids = itertools.count(1000)

    def game(self, slug: str | None = None, **kw):
        from webapi.models import Game

        n = next(self._ids)
        slug = slug or f"game-{n}"
        values = dict(name=slug.replace("-", " ").title(), watched=False,
                      created_at=T0, updated_at=T0)
        values.update(kw)
        return Game.objects.create(slug=slug, **values)

    def auction(self, **kw):
        from webapi.models import Auction

        n = kw.pop("id", None) or next(self._ids)
        values = dict(
            title=f"Auction {n}", kind="game", condition="used", status="open",
            current_bid_cents=10000 + n, bid_count=1, url=f"https://ludopedia.com.br/leilao/{n}/x",
            ends_at=T0 + timedelta(days=1), first_seen_at=T0, last_seen_at=T0, updated_at=T0,
            state="SP", seller="vendedor", city="São Paulo",
        )
        values.update(kw)
        return Auction.objects.create(id=n, **values)

    def snapshot(self, auction, **kw):
        from webapi.models import AuctionSnapshot

        values = dict(observed_at=T0, current_bid_cents=10000, bid_count=1)
        values.update(kw)
        return AuctionSnapshot.objects.create(auction=auction, **values)

    def listing(self, **kw):
        from webapi.models import Listing

        n = kw.pop("id", None) or next(self._ids)
        values = dict(
            title=f"Listing {n}", kind="game", condition="used", price_cents=15000,
            url=f"https://ludopedia.com.br/produto/{n}/x", active=True,
            first_seen_at=T0, last_seen_at=T0, city="Curitiba",
        )
        values.update(kw)
        return Listing.objects.create(id=n, **values)

    def crawl_run(self, **kw):
        from webapi.models import CrawlRun

        values = dict(spider="leiloes", started_at=T0, finished_at=T0 + timedelta(minutes=5),
                      finish_reason="finished", pages=10, items_stored=8, items_dropped=1, errors=0)
        values.update(kw)
        return CrawlRun.objects.create(**values)


@pytest.fixture
def make(db) -> Factory:
    return Factory()


@pytest.fixture
def api_key(db) -> str:
    from webapi.models import ApiKey

    _, key = ApiKey.generate("tests")
    return key


@pytest.fixture
def api(client, api_key):
    """GET helper: `api("/api/v1/games", watched="true")` → response (key in the header)."""

    def get(path: str, **params):
        return client.get(path, params, HTTP_X_API_KEY=api_key)

    return get
