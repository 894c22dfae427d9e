"""The price-statistics tests run against Django: the test database, `api`, `now` and
`build` come from tests/django_support.py."""
from __future__ import annotations

from django_support import setup_django

setup_django()
