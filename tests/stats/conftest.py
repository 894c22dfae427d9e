"""The price-statistics tests run against Django: the test database, `api`, `now` and
`build` come from tests/django_support.py."""
from __future__ import annotations

from django_support import setup_django

# tests/webapi's test modules do `from conftest import PROJECT_ROOT, T0`, which reads the
# conftest imported last: in `pytest tests/webapi tests/stats ...` that may be this one.
from django_support import PROJECT_ROOT, T0  # noqa: F401

setup_django()
