"""Fixtures for the price-statistics and dashboard tests (tests/stats, tests/dashboard).

The test database is the one tests/webapi/conftest.py sets up (reused, not copied): the
backend in DATABASE_URL — SQLite by default (a file in a temporary folder), MariaDB when
`make test` runs again with DATABASE_URL=mysql+pymysql://root@127.0.0.1:3306/test —
with Django's tables migrated and the crawl tables created by Alembic. tests/ is not a
package, so that conftest is loaded by path (once per process); its `django_db_setup`
runs once for tests/stats and tests/dashboard together.

tests/dashboard/conftest.py re-exports these fixtures.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

import pytest  # noqa: E402


def _load(name: str, path: Path):
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module


#: tests/webapi/conftest.py (Django settings, test database, API key helpers).
webapi_conftest = _load(
    "leiloes_tests_webapi_conftest", Path(__file__).resolve().parents[1] / "webapi" / "conftest.py"
)
CRAWL_TABLES = webapi_conftest.CRAWL_TABLES


def public_helpers(module) -> dict:
    """A conftest's public non-fixture names (constants, helpers).

    tests/webapi's test modules do `from conftest import T0`, which reads whichever
    conftest was imported last under the name `conftest`; when pytest is given tests/webapi
    together with tests/stats or tests/dashboard, that is one of ours. Re-exporting those
    names keeps their import working in a combined run.
    """
    from _pytest.fixtures import FixtureFunctionDefinition

    return {
        name: value for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, FixtureFunctionDefinition)
        and not isinstance(value, type(sys))
    }


for _name, _value in public_helpers(webapi_conftest).items():
    globals().setdefault(_name, _value)
# Kept on the shared (cached) module: this file may be loaded twice (as tests/stats' conftest
# and by path from tests/dashboard/conftest.py) but the setup must run once.
_SETUP_DONE = webapi_conftest.__dict__.setdefault("_prices_setup_done", pytest.StashKey[bool]())


def test_database_active() -> bool:
    """True once some conftest has switched Django to a test database in this process."""
    from django.conf import settings
    from django.db import connections

    from webapi.database import django_database

    configured = django_database(settings.DATABASE_URL)["NAME"]
    return connections["default"].settings_dict["NAME"] != configured


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, tmp_path_factory):
    """tests/webapi's test database setup, run at most once per test session.

    In a run that includes tests/webapi its own django_db_setup may have run first (pytest
    cannot share one session fixture between sibling folders): then that database, with
    its crawl tables, is used as is.
    """
    if request.config.stash.get(_SETUP_DONE, False) or test_database_active():
        yield
        return
    request.config.stash[_SETUP_DONE] = True
    setup = webapi_conftest.django_db_setup._get_wrapped_function()
    yield from setup(request, django_test_environment, django_db_blocker, tmp_path_factory)


def clear_crawl_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in CRAWL_TABLES:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


@pytest.fixture
def crawl_tables(transactional_db):
    """Empty crawl tables for a transactional test (Django's flush skips unmanaged tables)."""
    clear_crawl_tables()
    yield
    clear_crawl_tables()


api_key = webapi_conftest.api_key
api = webapi_conftest.api


# --- data builders --------------------------------------------------------------------------


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
