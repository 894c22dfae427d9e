"""/api/v1/crawl-runs: one row per crawl."""
from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from webapi.api.filters import CRAWL_RUN_FIELDS
from webapi.api.pagination import BY_ID_DESC, PageQuery, keyset_page
from webapi.api.schemas import CrawlRunOut, Page
from webapi.models import CrawlRun

router = Router(tags=["crawl runs"])


@router.get("", response=Page[CrawlRunOut], summary="List crawl runs", url_name="crawl-runs")
def list_crawl_runs(request: HttpRequest, page: PageQuery):
    """Crawl runs, newest first."""
    return keyset_page(request, CrawlRun.objects.values(*CRAWL_RUN_FIELDS), BY_ID_DESC, page)
