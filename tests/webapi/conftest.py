"""Fixtures of the web API tests: `make` (crawl rows through the ORM, inside the test's
transaction) and `sa_engine` (rows written like the crawl writes them).

Django, the test database, `api_key` and `api`: tests/django_support.py.
"""
from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from django_support import CRAWL_TABLES, T0, setup_django

setup_django()


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
