"""API-key authentication: header `X-API-Key` or query parameter `api_key`.

Power BI's `Web.Contents(..., [ApiKeyName="api_key"])` sends the key as a query parameter;
scripts can use the header. A missing, unknown or revoked key gets 401 and no data.
"""
from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader, APIKeyQuery

from webapi.models import ApiKey

# Record last use at most once a minute per key (a Power BI refresh makes many requests).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def check_key(request: HttpRequest, key: str | None) -> ApiKey | None:
    row = ApiKey.lookup(key)
    if row is None:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    request.api_key = row  # type: ignore[attr-defined]
    return row


class HeaderKey(APIKeyHeader):
    """API key in the `X-API-Key` header."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None):
        return check_key(request, key)


class QueryKey(APIKeyQuery):
    """API key in the `api_key` query parameter (what Power BI's ApiKeyName sends)."""

    param_name = "api_key"

    def authenticate(self, request: HttpRequest, key: str | None):
        return check_key(request, key)


#: Pass as `auth=` (NinjaAPI default): either form is accepted.
api_key_auth = [HeaderKey(), QueryKey()]
