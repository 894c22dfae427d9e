"""JSON, not HTML, for the errors Django itself answers under /api/.

Ninja answers its own errors (401, 404 for an unknown id, 422, 429) in JSON, but an
unknown URL under /api/ is Django's HTML 404 page and a wrong method is Ninja's plain-text
405. API clients (Power BI, scripts) get `{"detail": ...}` for those too; elsewhere (the
dashboard, the admin) the normal pages stay.
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"

_MESSAGES = {
    404: "Not found: no API endpoint at this URL (see /api/docs).",
    405: "Method not allowed: the API is read-only (GET).",
}


def is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class JsonErrorsUnderApi:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        status = response.status_code
        if status not in _MESSAGES or is_json(response) or not request.path.startswith(API_PREFIX):
            return response
        detail = _MESSAGES[status]
        if status == 405:
            detail = f"{detail} Allowed: {response.get('Allow', 'GET')}."
        json_response = JsonResponse({"detail": detail}, status=status)
        if response.has_header("Allow"):
            json_response["Allow"] = response["Allow"]
        return json_response
