"""Security of the web app: API keys on every endpoint, production settings (`check
--deploy`, HTTPS, headers, cookies), admin only for staff, CSRF on every form."""
from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client

from django_support import PROJECT_ROOT
from webapi.models import ApiKey, Game, hash_key

# --- 401: every API endpoint, from the OpenAPI schema ----------------------------------------


def api_operations() -> list[tuple[str, str, dict]]:
    from webapi.api import api

    paths = api.get_openapi_schema()["paths"]
    return [(method.upper(), path, op) for path, ops in paths.items() for method, op in ops.items()]


OPERATIONS = api_operations()
PATH_VALUES = {"slug": "brass", "auction_id": "1"}
REQUIRED_QUERY = {"price": "100"}


def request_for(path: str, op: dict) -> tuple[str, dict]:
    """A URL and query that answer 200 with a valid key (for the `data` fixture)."""
    def value(match):
        assert match.group(1) in PATH_VALUES, f"teach the tests a value for {match.group(1)!r}"
        return PATH_VALUES[match.group(1)]

    query = {}
    for p in op.get("parameters", []):
        if p["in"] == "query" and p.get("required"):
            assert p["name"] in REQUIRED_QUERY, f"teach the tests a value for {p['name']!r}"
            query[p["name"]] = REQUIRED_QUERY[p["name"]]
    return re.sub(r"\{(\w+)\}", value, path), query


def test_every_endpoint_is_enumerated_and_protected_in_the_schema():
    assert len(OPERATIONS) >= 12
    for method, path, op in OPERATIONS:
        assert op.get("security"), f"{method} {path} has no security requirement"


SECRET_NAME = "Jogo Secreto 7391"  # appears in data responses only


@pytest.fixture
def data(make):
    game = make.game("brass", name=SECRET_NAME, watched=True)
    auction = make.auction(id=1, game=game)
    make.snapshot(auction)
    make.listing(game=game)
    make.crawl_run()


def assert_401(response, what):
    assert response.status_code == 401, (what, response.status_code)
    assert response["Content-Type"].startswith("application/json"), what
    assert "api key" in response.json()["detail"].lower(), what
    assert SECRET_NAME.encode() not in response.content


@pytest.mark.parametrize("method,path,op", OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_every_endpoint_needs_a_valid_key(client, data, api_key, method, path, op):
    url, query = request_for(path, op)
    assert method == "GET"
    assert_401(client.get(url, query), "no key")
    assert_401(client.get(url, query, HTTP_X_API_KEY=""), "empty header")
    assert_401(client.get(url, query, HTTP_X_API_KEY=api_key[:-1]), "truncated key")
    assert_401(client.get(url, query, HTTP_X_API_KEY=api_key.upper()), "wrong case")
    assert_401(client.get(url, query, HTTP_X_API_KEY=hash_key(api_key)), "the stored hash")
    assert_401(client.get(url, {**query, "api_key": "nope"}), "wrong query key")
    assert_401(client.get(url, query, HTTP_AUTHORIZATION=f"Bearer {api_key}"), "unsupported scheme")
    # the same request with the key works: the 401s were about the key, nothing else
    assert client.get(url, query, HTTP_X_API_KEY=api_key).status_code == 200
    if "{slug}" in path or path == "/api/v1/games":
        assert SECRET_NAME in client.get(url, query, HTTP_X_API_KEY=api_key).content.decode()
    assert client.get(url, {**query, "api_key": api_key}).status_code == 200
    ApiKey.objects.filter(key_hash=hash_key(api_key)).update(revoked=True)
    assert_401(client.get(url, query, HTTP_X_API_KEY=api_key), "revoked key in the header")
    assert_401(client.get(url, {**query, "api_key": api_key}), "revoked key in the query")


def test_revoke_command_locks_a_key_out(client, data, api_key):
    from django.core.management import call_command

    assert client.get("/api/v1/health", HTTP_X_API_KEY=api_key).status_code == 200
    call_command("revoke_api_key", "tests")
    assert_401(client.get("/api/v1/health", HTTP_X_API_KEY=api_key), "revoked by command")


def test_docs_are_public_but_hold_no_data(client, data):
    # By design (README): the OpenAPI page and schema need no key; they describe, never serve, data.
    for path in ("/api/docs", "/api/openapi.json"):
        response = client.get(path)
        assert response.status_code == 200
        assert SECRET_NAME.encode() not in response.content


# --- production settings -------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "leiloes.example.org",
    "DJANGO_BEHIND_PROXY": "1",
    "DJANGO_SECURE_SSL": "1",
}
SECURITY_SETTINGS = (
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "USE_X_FORWARDED_HOST",
)


def run_webapi(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`python -m webapi ...` with a clean environment plus `env_overrides`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "SENTRY_", "API_RATE"))}
    env.update(env_overrides)
    return subprocess.run([sys.executable, *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def settings_under(env_overrides: dict[str, str]) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_webapi({"DJANGO_SETTINGS_MODULE": "webapi.settings", **env_overrides}, "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings():
    result = run_webapi(PRODUCTION_ENV, "-m", "webapi", "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
    assert "no issues" in output


def test_check_deploy_warns_without_https():
    # The control: the same command does see the problems HTTPS settings fix.
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECURE_SSL"}
    result = run_webapi(env, "-m", "webapi", "check", "--deploy")
    output = result.stdout + result.stderr
    assert "WARNINGS" in output
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output


@pytest.fixture(scope="module")
def production_settings() -> dict:
    return settings_under(PRODUCTION_ENV)


def test_production_settings_from_the_environment(production_settings):
    s = production_settings
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    custom = settings_under({**PRODUCTION_ENV, "DJANGO_HSTS_SECONDS": "600"})
    assert custom["SECURE_HSTS_SECONDS"] == 600


def test_development_settings_work_over_plain_http():
    s = settings_under({})
    assert s["SECURE_SSL_REDIRECT"] is False and s["SECURE_HSTS_SECONDS"] == 0
    assert s["SESSION_COOKIE_SECURE"] is False and s["CSRF_COOKIE_SECURE"] is False
    # headers that cost nothing on HTTP are on everywhere
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] is True and s["X_FRAME_OPTIONS"] == "DENY"
    assert s["SECURE_REFERRER_POLICY"] == "same-origin" and s["SESSION_COOKIE_HTTPONLY"] is True


@pytest.fixture
def in_production(settings, production_settings):
    """This process's settings as the production environment sets them."""
    # (DEBUG is off in tests already; setting it would reset the template engines.)
    for name, value in production_settings.items():
        if name != "DEBUG":
            setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    settings.ALLOWED_HOSTS = ["leiloes.example.org"]
    return Client(HTTP_HOST="leiloes.example.org")


HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # what the TLS proxy adds


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_responses_carry_hsts_and_the_security_headers(in_production, data, api_key):
    for path, headers in (("/login/", {}), ("/api/v1/health", {"HTTP_X_API_KEY": api_key}),
                          ("/api/v1/nope", {})):
        response = in_production.get(path, **HTTPS, **headers)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert_common_headers(response)


def test_plain_http_is_redirected_without_hsts(in_production, db):
    response = in_production.get("/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://leiloes.example.org/login/"
    assert "Strict-Transport-Security" not in response


def test_no_hsts_on_plain_http_in_development(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
    assert_common_headers(response)


def test_cookies_are_secure_in_production(in_production, db):
    User.objects.create_user("ana", password="s3nha-longa-o-bastante")
    page = in_production.get("/login/", **HTTPS)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = in_production.post("/login/", {"username": "ana", "password": "s3nha-longa-o-bastante"},
                                  **HTTPS)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


# --- admin: staff only -------------------------------------------------------------------------

ADMIN_PAGES = ("/admin/", "/admin/webapi/auction/", "/admin/webapi/apikey/", "/admin/webapi/game/")


def assert_sent_to_admin_login(response, path):
    assert response.status_code == 302, (path, response.status_code)
    assert response["Location"].startswith("/admin/login/"), response["Location"]


def test_admin_is_for_staff_only(client, data, api_key):
    for path in ADMIN_PAGES:
        assert_sent_to_admin_login(client.get(path), path)
        assert_sent_to_admin_login(client.get(path, HTTP_X_API_KEY=api_key), path)
        assert_sent_to_admin_login(client.get(path, {"api_key": api_key}), path)
    client.force_login(User.objects.create_user("bea", password="x" * 20))  # not staff
    for path in ADMIN_PAGES:
        assert_sent_to_admin_login(client.get(path), path)
    staff = Client()
    staff.force_login(User.objects.create_user("caio", password="x" * 20, is_staff=True,
                                               is_superuser=True))
    for path in ADMIN_PAGES:
        assert staff.get(path).status_code == 200, path


def test_a_non_staff_password_does_not_open_the_admin(db):
    User.objects.create_user("bea", password="senha-da-bea-123")
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": "bea", "password": "senha-da-bea-123"})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
    assert_sent_to_admin_login(client.get("/admin/"), "/admin/")


# --- CSRF on every form ----------------------------------------------------------------------


@pytest.fixture
def csrf_client(db):
    return Client(enforce_csrf_checks=True)


def csrf_token(client, page: str) -> str:
    assert client.get(page).status_code == 200
    return client.cookies["csrftoken"].value


def test_admin_login_needs_the_csrf_token(csrf_client):
    User.objects.create_user("caio", password="senha-do-caio-123", is_staff=True)
    form = {"username": "caio", "password": "senha-do-caio-123"}
    assert csrf_client.post("/admin/login/", form).status_code == 403
    assert "_auth_user_id" not in csrf_client.session
    token = csrf_token(csrf_client, "/admin/login/")
    response = csrf_client.post("/admin/login/?next=/admin/", {**form, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_dashboard_login_needs_the_csrf_token(csrf_client):
    User.objects.create_user("ana", password="senha-da-ana-123")
    form = {"username": "ana", "password": "senha-da-ana-123"}
    assert csrf_client.post("/login/", form).status_code == 403
    token = csrf_token(csrf_client, "/login/")
    assert csrf_client.post("/login/", {**form, "csrfmiddlewaretoken": token}).status_code == 302


def test_dashboard_forms_need_the_csrf_token(csrf_client, make):
    make.game("arcs", watched=True)
    csrf_client.force_login(User.objects.create_user("ana", password="x" * 20))
    # without the token: refused, nothing changes
    assert csrf_client.post("/watchlist/adicionar/", {"jogo": "brass"}).status_code == 403
    assert not Game.objects.filter(slug="brass").exists()
    assert csrf_client.post("/jogo/arcs/remover/").status_code == 403
    assert Game.objects.get(slug="arcs").watched is True
    assert csrf_client.post("/logout/").status_code == 403
    assert "_auth_user_id" in csrf_client.session
    # with it: done
    token = csrf_token(csrf_client, "/")
    assert csrf_client.post("/watchlist/adicionar/", {"jogo": "brass", "csrfmiddlewaretoken": token}).status_code == 302
    assert Game.objects.get(slug="brass").watched is True
    assert csrf_client.post("/jogo/arcs/remover/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Game.objects.get(slug="arcs").watched is False
    assert csrf_client.post("/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in csrf_client.session
