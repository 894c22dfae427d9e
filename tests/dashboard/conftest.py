"""Fixtures of the dashboard tests. Django, the test database, `now` and `build`:
tests/django_support.py."""
from __future__ import annotations

import pytest

from django_support import CRAWL_TABLES, setup_django

setup_django()


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
