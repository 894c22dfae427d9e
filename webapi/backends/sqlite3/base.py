"""Django's SQLite backend, writing datetimes the way SQLAlchemy does.

SQLite has no datetime type: values are text and compared as text. SQLAlchemy (the crawl)
stores `2025-08-26 22:00:00.000000` (always six fractional digits); stock Django sends
`2025-08-26 22:00:00` when the microseconds are zero, which compares *less* than the
stored value and breaks `=`, `>` and `<=` on datetimes written by the crawl (keyset
pagination on `updated_at`, for one). Rendering every datetime parameter in SQLAlchemy's
format keeps text order equal to time order for rows written by either side.
"""
from __future__ import annotations

from django.conf import settings
from django.db.backends.sqlite3 import base, operations
from django.utils import timezone

SQLALCHEMY_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


class DatabaseOperations(operations.DatabaseOperations):
    def adapt_datetimefield_value(self, value):
        if value is None:
            return None
        if hasattr(value, "resolve_expression"):
            return value
        if timezone.is_aware(value):
            if settings.USE_TZ:
                value = timezone.make_naive(value, self.connection.timezone)
            else:
                raise ValueError(
                    "SQLite backend does not support timezone-aware datetimes when USE_TZ is False."
                )
        return value.strftime(SQLALCHEMY_SQLITE_DATETIME)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
