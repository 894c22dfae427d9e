"""Turn the SQLAlchemy `DATABASE_URL` shared with the crawl into Django's DATABASES entry."""
from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

from auctionspider.db.engine import MYSQL_TIMEOUTS, normalize_url

_MYSQLDB_INSTALLED = False


def _install_pymysql() -> None:
    """Let Django's MySQL backend run on PyMySQL (pure Python, no mysqlclient build)."""
    global _MYSQLDB_INSTALLED
    if _MYSQLDB_INSTALLED:
        return
    import pymysql

    # Django checks the mysqlclient version; PyMySQL implements the API it needs.
    pymysql.version_info = (2, 2, 7, "final", 0)
    pymysql.__version__ = "2.2.7"
    pymysql.install_as_MySQLdb()
    _MYSQLDB_INSTALLED = True


def django_database(url: str) -> dict[str, Any]:
    """A Django DATABASES["default"] dict for a SQLAlchemy URL (sqlite or mysql)."""
    parsed = normalize_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        name = parsed.database or ":memory:"
        return {
            "ENGINE": "webapi.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                # The crawl writes through SQLAlchemy (WAL mode): wait rather than fail.
                "timeout": 10,
                "init_command": "PRAGMA foreign_keys=ON;",
            },
            "TEST": {},
        }
    if backend in ("mysql", "mariadb"):
        _install_pymysql()
        options: dict[str, Any] = {
            "charset": parsed.query.get("charset", "utf8mb4"),
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
            # A database that stops answering fails the request instead of hanging a
            # worker; same defaults (and the same URL overrides) as the crawl.
            **{name: int(parsed.query.get(name, default)) for name, default in MYSQL_TIMEOUTS.items()},
        }
        if "ssl_ca" in parsed.query:  # RDS with require_secure_transport (deploy/aws)
            options["ssl"] = {"ca": parsed.query["ssl_ca"]}
        return {
            "ENGINE": "django.db.backends.mysql",
            "NAME": parsed.database or "",
            "USER": parsed.username or "",
            "PASSWORD": parsed.password or "",
            "HOST": parsed.host or "",
            "PORT": str(parsed.port or ""),
            # Stored datetimes are naive UTC: with USE_TZ and no TIME_ZONE here Django
            # reads and writes them as UTC.
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    raise ValueError(f"DATABASE_URL: unsupported backend {backend!r} (use sqlite or mysql+pymysql)")


def sqlalchemy_url_for(database: dict[str, Any]) -> str:
    """The SQLAlchemy URL of a Django DATABASES entry (used to run Alembic on test DBs)."""
    from sqlalchemy.engine import URL

    engine = database["ENGINE"]
    if "sqlite" in engine:
        return f"sqlite:///{database['NAME']}"
    if "mysql" in engine:
        return URL.create(
            "mysql+pymysql",
            username=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=int(database["PORT"]) if database.get("PORT") else None,
            database=database["NAME"],
            query={"charset": "utf8mb4"},
        ).render_as_string(hide_password=False)
    raise ValueError(f"unsupported Django engine {engine}")


__all__ = ["django_database", "sqlalchemy_url_for", "make_url"]
