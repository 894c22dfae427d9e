"""Per-API-key rate limit: 429 with Retry-After after N requests, reset when the window
ends, off with API_RATE_LIMIT=0, shared by the processes of a real gunicorn deployment."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager

import pytest
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

from django_support import PROJECT_ROOT
from webapi import ratelimit
from webapi.models import ApiKey
from webapi.ratelimit import Rate, hit, parse_rate, window_of

# --- the rate syntax ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,rate",
    [
        ("600/minute", Rate(600, 60)), ("600/minutes", Rate(600, 60)), ("600/m", Rate(600, 60)),
        ("600/min", Rate(600, 60)), (" 600 / minute ", Rate(600, 60)), ("10/s", Rate(10, 1)),
        ("10/second", Rate(10, 1)), ("10/sec", Rate(10, 1)), ("5000/hour", Rate(5000, 3600)),
        ("5000/h", Rate(5000, 3600)), ("100000/day", Rate(100000, 86400)),
        ("100/15min", Rate(100, 900)), ("2/2s", Rate(2, 2)), ("600/MINUTE", Rate(600, 60)),
    ],
)
def test_rates(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", [None, "", "  ", "0", "0/minute", "off", "OFF", "none"])
def test_zero_or_empty_turns_the_limit_off(text):
    assert parse_rate(text) is None


@pytest.mark.parametrize(
    "text", ["abc", "600", "600/", "/minute", "600/fortnight", "-1/minute", "600/0min",
             "600/minute/2", "6.5/minute", "600 per minute", "1e3/minute"],
)
def test_bad_rates_are_refused(text):
    with pytest.raises(ValueError, match="API_RATE_LIMIT"):
        parse_rate(text)


def test_a_bad_rate_stops_the_app_at_start():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    env.update(API_RATE_LIMIT="600/fortnight", DJANGO_SECRET_KEY="x" * 50)
    result = subprocess.run([sys.executable, "-m", "webapi", "check"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "API_RATE_LIMIT='600/fortnight'" in result.stderr


def test_windows():
    assert window_of(Rate(600, 60), 120.0) == (2, 60.0)
    assert window_of(Rate(600, 60), 179.5) == (2, 0.5)
    assert window_of(Rate(5, 3600), 7200 + 1800) == (2, 1800.0)


# --- the counter, on the production cache backend ----------------------------------------------


@pytest.fixture
def file_cache(settings, tmp_path):
    """The production cache backend (a file cache) in a fresh folder."""
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }}
    assert isinstance(caches["default"], FileBasedCache)
    return caches["default"]


def test_hit_counts_per_name_and_window(file_cache):
    rate = Rate(3, 60)
    t = 6000.0  # a window start
    assert [hit(file_cache, "a", rate, t + i)[0] for i in range(5)] == [True, True, True, False, False]
    assert hit(file_cache, "a", rate, t + 10) == (False, 50.0)
    assert hit(file_cache, "b", rate, t + 10) == (True, 50.0)  # another key, its own count
    assert hit(file_cache, "a", rate, t + 60) == (True, 60.0)  # the next window


def test_the_production_cache_setting_is_a_file_cache_under_var():
    from django.conf import settings

    from webapi import settings as project_settings

    backend = project_settings.CACHES["default"]
    assert backend["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    expected = os.environ.get("DJANGO_CACHE_DIR") or str(settings.BASE_DIR / "var" / "cache")
    assert backend["LOCATION"] == expected


# --- through the API ---------------------------------------------------------------------------

WINDOW_START = 1_800_000_000.0  # divisible by 60: a minute window starts here


@pytest.fixture
def clock(monkeypatch):
    """The rate limit's clock, moved by the test."""
    now = [WINDOW_START + 10]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    return now


def test_429_after_n_requests_then_reset(client, settings, file_cache, clock, api_key, db):
    settings.API_RATE_LIMIT = "3/minute"
    other_key = ApiKey.generate("other")[1]
    get = lambda path, key=api_key: client.get(path, HTTP_X_API_KEY=key)  # noqa: E731

    # the limit is per key, across endpoints
    assert [get(p).status_code for p in ("/api/v1/games", "/api/v1/auctions", "/api/v1/health")] == [200] * 3
    refused = get("/api/v1/games")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"  # the window ends at WINDOW_START + 60
    assert refused["Content-Type"].startswith("application/json")
    assert refused.json() == {"detail": "Rate limit exceeded for this API key: retry in 50 s.",
                              "retry_after": 50}
    assert get("/api/v1/listings").status_code == 429
    assert get("/api/v1/games", other_key).status_code == 200  # other keys are not affected
    assert client.get("/api/v1/games").status_code == 401  # no key: 401, not counted
    assert client.get("/api/docs").status_code == 200  # the docs are not rate limited

    clock[0] = WINDOW_START + 59.2
    assert get("/api/v1/games")["Retry-After"] == "1"  # rounded up, never 0
    clock[0] = WINDOW_START + 60  # Retry-After later: a new window
    assert [get("/api/v1/games").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_off_with_zero_or_empty(client, settings, file_cache, api_key, db):
    for value in ("0", ""):
        settings.API_RATE_LIMIT = value
        assert {client.get("/api/v1/health", HTTP_X_API_KEY=api_key).status_code for _ in range(30)} == {200}
    settings.API_RATE_LIMIT = "5/hour"
    codes = [client.get("/api/v1/health", HTTP_X_API_KEY=api_key).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_retry_after_really_is_enough_in_real_time(client, settings, file_cache, db):
    settings.API_RATE_LIMIT = "2/2s"
    for _ in range(3):  # a burst that straddles a window boundary proves nothing: retry
        key = ApiKey.generate("realtime")[1]
        window = int(time.time() // 2)
        codes = [client.get("/api/v1/health", HTTP_X_API_KEY=key) for _ in range(3)]
        if int(time.time() // 2) == window:
            break
    assert [r.status_code for r in codes] == [200, 200, 429]
    wait = int(codes[-1]["Retry-After"])
    assert 1 <= wait <= 2
    time.sleep(wait)
    assert client.get("/api/v1/health", HTTP_X_API_KEY=key).status_code == 200


# --- two gunicorn servers sharing the production cache -------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, key: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"X-API-Key": key} if key else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@contextmanager
def gunicorn(env: dict[str, str]):
    """A real gunicorn (one worker) on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "webapi.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if http_get(f"{base}/api/openapi.json")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_limit_is_shared_by_separate_gunicorn_processes(test_db_url, transactional_db, tmp_path):
    key = ApiKey.generate("gunicorn")[1]  # committed: the servers see it
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="webapi.settings", DATABASE_URL=test_db_url,
        DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"), API_RATE_LIMIT="4/day",
    )
    with ExitStack() as stack:
        first, second = (stack.enter_context(gunicorn(env)) for _ in range(2))
        answers = [http_get(f"{base}/api/v1/health", key) for base in (first, second) * 3]
    assert [status for status, _ in answers] == [200, 200, 200, 200, 429, 429]
    for _, headers in answers[4:]:
        assert 0 < int(headers["Retry-After"]) <= 86400
    assert any((tmp_path / "cache").iterdir())  # the counter lives in the shared folder
