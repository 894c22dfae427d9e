"""/api/v1/health: is the database reachable, and how did the last crawl end."""
from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import Router

try:  # django-ninja >= 1.6
    from ninja import Status
except ImportError:  # pragma: no cover
    def Status(code, body):  # noqa: N802
        return code, body

from webapi.api.filters import CRAWL_RUN_FIELDS
from webapi.api.schemas import HealthOut
from webapi.models import CrawlRun

router = Router(tags=["health"])


def ping() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@router.get("", response={200: HealthOut, 503: HealthOut}, summary="Health", url_name="health")
def health(request: HttpRequest):
    """`database` "ok" and the last crawl run (null if none); 503 with "error" when the
    database does not answer."""
    try:
        ping()
        last = CrawlRun.objects.order_by("-started_at", "-id").values(*CRAWL_RUN_FIELDS).first()
    except DatabaseError:
        return Status(503, {"database": "error", "last_crawl": None})
    return Status(200, {"database": "ok", "last_crawl": last})
