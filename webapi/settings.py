"""Django settings, from the environment.

Variables: DJANGO_SECRET_KEY, DJANGO_DEBUG (default off), DJANGO_ALLOWED_HOSTS
(comma-separated), DJANGO_CSRF_TRUSTED_ORIGINS (comma-separated), DATABASE_URL (a
SQLAlchemy URL shared with the crawl; default the SQLite file under var/),
DJANGO_BEHIND_PROXY, DJANGO_SECURE_SSL, DJANGO_HSTS_SECONDS (HTTPS), DJANGO_CACHE_DIR,
API_RATE_LIMIT (see below).
With no variables set this is a working development setup on localhost.
"""
from __future__ import annotations

import os
import warnings

from django.core.exceptions import ImproperlyConfigured

from auctionspider.db.engine import PROJECT_ROOT, database_url
from webapi.database import django_database
from webapi.ratelimit import parse_rate

BASE_DIR = PROJECT_ROOT


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _env_int(name: str, default: int) -> int:
    value = (os.environ.get(name) or "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number") from None


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = _env_bool("DJANGO_DEBUG", False)

_DEV_SECRET_KEY = "django-insecure-leiloes-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _DEV_SECRET_KEY
if SECRET_KEY == _DEV_SECRET_KEY:
    warnings.warn(
        "DJANGO_SECRET_KEY is not set: using the development key. "
        "Set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS) in production.",
        stacklevel=1,
    )

ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS") or ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

try:  # whitenoise serves static files under gunicorn; optional in development.
    import whitenoise  # noqa: F401

    _WHITENOISE = True
except ImportError:  # pragma: no cover
    _WHITENOISE = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "webapi.apps.WebapiConfig",
    "webapi.dashboard.apps.DashboardConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if _WHITENOISE else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so the middleware above still adds their headers to its JSON errors.
    "webapi.middleware.JsonErrorsUnderApi",
]

ROOT_URLCONF = "webapi.urls"
WSGI_APPLICATION = "webapi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Each app's templates/ folder (the dashboard's, the admin's).
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = database_url()
DATABASES = {"default": django_database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pt-br"
TIME_ZONE = "America/Sao_Paulo"  # admin and dashboard show Brasília time
USE_I18N = True
USE_TZ = True  # the database stores naive UTC; Django reads it as UTC on both backends

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"  # `python -m webapi collectstatic` fills it
try:  # whitenoise warns about a missing STATIC_ROOT on every start
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:  # pragma: no cover - read-only checkout
    pass
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedStaticFilesStorage"
            if _WHITENOISE
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (make serve), whitenoise serves straight from the apps' folders.
WHITENOISE_USE_FINDERS = True

# Behind a TLS-terminating proxy (nginx, ALB) in production.
if _env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# --- security headers and HTTPS ----------------------------------------------------------
# Always (Django's defaults, spelled out because they are part of the contract): no MIME
# sniffing, no framing, no referrer to other origins, session cookie out of JavaScript.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# DJANGO_SECURE_SSL=1 when the site is reached over HTTPS (directly, or through a TLS proxy
# together with DJANGO_BEHIND_PROXY=1): plain HTTP is redirected to HTTPS, the session and
# CSRF cookies are Secure, and HTTPS responses carry HSTS (SecurityMiddleware never sends it
# on plain HTTP). Off, the app works over plain HTTP (development, an SSH tunnel).
SECURE_SSL = _env_bool("DJANGO_SECURE_SSL", False)
SECURE_SSL_REDIRECT = SECURE_SSL
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
# HSTS: a year by default; DJANGO_HSTS_SECONDS=0 turns it off (e.g. while trying HTTPS out).
SECURE_HSTS_SECONDS = _env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600) if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True  # only a flag: nothing is preloaded unless the domain is submitted

# --- cache (the API rate limit's counters) --------------------------------------------------
# A file cache: shared by every gunicorn worker on the host (LocMem would give each worker
# its own counters), needs no table or service, and costs no database query per request.
# The deployment has one API host; with several, point every host at one shared cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DJANGO_CACHE_DIR") or str(BASE_DIR / "var" / "cache"),
    }
}

# Per API key: "<requests>/<period>" (600/minute, 10/second, 5000/hour, 100/15min);
# "0" or empty turns the limit off (benchmarks, load tests). Beyond it → 429 + Retry-After.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/minute")
try:
    parse_rate(API_RATE_LIMIT)
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# API: pagination limits shared by every list endpoint.
API_DEFAULT_LIMIT = 100
API_MAX_LIMIT = 1000

# --- Sentry (errors of the web app) ---------------------------------------------------
# On when SENTRY_DSN is set (SENTRY_ENVIRONMENT, SENTRY_RELEASE: see
# auctionspider/observability.py); unset, nothing is initialised or sent. The Django
# integration reports unhandled view errors with the request path, no PII.
from auctionspider.observability import init_sentry as _init_sentry  # noqa: E402

SENTRY_ENABLED = _init_sentry("web")
# --- end Sentry --------------------------------------------------------------------------
