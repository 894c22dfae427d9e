"""Django test support shared by tests/webapi, tests/stats and tests/dashboard: a pytest
plugin (registered by `pytest_plugins` in tests/conftest.py), so its session fixture
`django_db_setup` is one fixture for the whole run and the test database is set up once.

Those folders' conftests call `setup_django()` on import: a run that collects none of them
(the crawl tests alone) neither imports nor needs the web app.

The backend is the one in DATABASE_URL (default: SQLite), like the app itself: `make test`
runs these folders once on SQLite and once with DATABASE_URL set to the MariaDB test server.
Django creates its test database (a file in a temporary folder for SQLite,
`test_leiloes_<pid>` on MySQL) and runs its own migrations; then Alembic creates the crawl
tables on that same database (`auctionspider.db.schema.upgrade`). A MySQL server that cannot
be reached makes the tests error out (fail), never skip.

Fixtures: django_db_setup, test_db_url, api_key, api (a GET helper sending the key), now
and build (crawl rows with every required column filled).
"""
from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone as dt_timezone
from pathlib import Path

import pytest

PROJECT_ROOT = str(Path(__file__).resolve().parents[1])
CRAWL_TABLES = ("auction_snapshot", "auction", "listing", "game", "crawl_run")
T0 = datetime(2025, 8, 1, 12, 0, tzinfo=dt_timezone.utc)  # the time of tests/webapi's rows


def setup_django() -> None:
    """Django with the project's settings (once per process)."""
    # tests/webapi is named like the package: with tests/ on sys.path (rootdir conftest),
    # `import webapi` could resolve to a namespace package made of tests/webapi. Put the
    # project root first so the real package wins.
    if sys.path[:1] != [PROJECT_ROOT]:
        sys.path.insert(0, PROJECT_ROOT)
    if getattr(sys.modules.get("webapi"), "__file__", "") is None:  # a namespace import slipped in
        del sys.modules["webapi"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapi.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)

    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def is_mysql() -> bool:
    from django.db import connections

    return connections["default"].vendor == "mysql"


_TEST_URL = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, tmp_path_factory):
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    from auctionspider.db.engine import get_engine
    from auctionspider.db.schema import upgrade
    from webapi.database import sqlalchemy_url_for

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


def ensure_mysql_time_zones() -> None:
    """Django on MySQL with USE_TZ converts with CONVERT_TZ(..., 'UTC', 'America/Sao_Paulo')
    (admin date_hierarchy, date truncation): the server needs its time zone tables. Managed
    servers (RDS) ship them; a bare MariaDB does not, so the test server gets them here."""
    import shutil
    import subprocess

    from django.db import connections

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


# --- data builders (tests/stats, tests/dashboard) ----------------------------------------


@pytest.fixture
def now():
    from django.utils import timezone

    return timezone.now().replace(microsecond=0)


class Builder:
    """Creates crawl rows with every required column filled."""

    def __init__(self, now):
        self.now = now
        self._next_id = 1000

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    def game(self, slug="brass-birmingham", name=None, watched=True, ludostore=None):
        from webapi.models import Game

        game = Game(slug=slug, name=name or "", watched=watched, ludostore_price_cents=ludostore)
        game.save()
        return game

    def auction(self, game, *, price=None, days_ago=10.0, status="sold", kind="game",
                condition="used", bid=None, ends_at=None, title=None, **extra):
        """A sold auction by default; `price` in centavos is its final price."""
        from webapi.models import Auction

        auction_id = extra.pop("id", None) or self._id()
        ends_at = ends_at or self.now - timedelta(days=days_ago)
        return Auction.objects.create(
            id=auction_id, game=game, title=title or f"{getattr(game, 'name', 'x')} #{auction_id}",
            kind=kind, condition=condition, status=status,
            current_bid_cents=bid if bid is not None else price,
            final_price_cents=price if status == "sold" else None,
            bid_count=extra.pop("bid_count", 3), ends_at=ends_at,
            url=f"https://ludopedia.com.br/leilao/{auction_id}/x",
            first_seen_at=ends_at - timedelta(days=7), last_seen_at=ends_at,
            updated_at=ends_at, **extra,
        )

    def listing(self, game, price, *, condition="used", kind="game", active=True):
        from webapi.models import Listing

        listing_id = self._id()
        return Listing.objects.create(
            id=listing_id, game=game, title="anúncio", kind=kind, condition=condition,
            price_cents=price, url=f"https://ludopedia.com.br/produto/{listing_id}/x",
            active=active, first_seen_at=self.now, last_seen_at=self.now,
        )


@pytest.fixture
def build(now):
    return Builder(now)
