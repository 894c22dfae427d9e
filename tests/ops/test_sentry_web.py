"""A view error of the web app reaches Sentry (the SDK's transport interface, in memory)
with the request path; release and environment tagged."""
from __future__ import annotations

import os
import sys
import types

import pytest
import sentry_sdk

from auctionspider.observability import MemoryTransport, init_sentry

FAKE_DSN = "https://public@sentry.example.invalid/1"


def wsgi_get(app, path: str, query: str = "") -> str:
    from wsgiref.util import setup_testing_defaults

    environ = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    status = []
    body = app(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    getattr(body, "close", lambda: None)()
    return status[0]


@pytest.fixture
def django_app():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if sys.path[:1] != [root]:
        sys.path.insert(0, root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapi.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
    import django

    django.setup()


def test_a_view_error_reaches_sentry_with_the_request_path(django_app, monkeypatch, sentry_off, settings):
    from django.http import HttpResponse
    from django.urls import path

    def broken(request):
        raise RuntimeError("the dashboard broke")

    urls = types.ModuleType("ops_error_urls")
    urls.urlpatterns = [path("painel/quebrado/", broken), path("ok/", lambda r: HttpResponse("ok"))]
    settings.ROOT_URLCONF = urls
    settings.ALLOWED_HOSTS = ["*"]
    monkeypatch.setenv("SENTRY_ENVIRONMENT", "staging")
    monkeypatch.setenv("SENTRY_RELEASE", "leiloes@9.9.9")
    transport = MemoryTransport()
    assert init_sentry("web", dsn=FAKE_DSN, transport=transport)

    # Through the WSGI entry point, as under gunicorn (the integration wraps it).
    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    assert wsgi_get(app, "/ok/") == "200 OK"
    assert wsgi_get(app, "/painel/quebrado/", "x=1") == "500 Internal Server Error"
    sentry_sdk.flush()

    errors = [e for e in transport.events if e.get("exception")]
    assert len(errors) == 1, transport.events
    (event,) = errors
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["request"]["url"].endswith("/painel/quebrado/")
    assert event["request"]["method"] == "GET" and event["transaction"] == "/painel/quebrado/"
    assert (event["release"], event["environment"]) == ("leiloes@9.9.9", "staging")
    assert event["tags"]["component"] == "web"
    assert "user" not in event or not event["user"].get("ip_address")
