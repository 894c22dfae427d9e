"""Database URL from the environment, engine/session factories, database errors in one line."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "leiloes.sqlite3"
# PyMySQL waits for ever by default: a database that stops answering (a frozen server, a
# dropped network path) would hang the crawl, with its unstored items, until systemd kills
# it. Seconds; a DATABASE_URL may set its own (`...?read_timeout=600` for a long migration).
MYSQL_TIMEOUTS = {"connect_timeout": "10", "read_timeout": "60", "write_timeout": "60"}


def database_url() -> str:
    """`DATABASE_URL` (a SQLAlchemy URL), else the SQLite file under var/."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalize_url(url: str):
    """MySQL always talks utf8mb4 and gives up on a silent server; SQLite files get their
    folder created."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "mysql":
        defaults = {"charset": "utf8mb4", **MYSQL_TIMEOUTS}
        parsed = parsed.update_query_dict({k: v for k, v in defaults.items() if k not in parsed.query})
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return parsed


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Upserts' statement journals in memory, not a temp file per statement; a 64 MiB page
    # cache keeps a crawl's index pages hot (the default is 2 MiB).
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def make_engine(url: str | None = None, **kwargs) -> Engine:
    parsed = normalize_url(url or database_url())
    if parsed.get_backend_name() == "mysql":
        kwargs.setdefault("pool_pre_ping", True)
        kwargs.setdefault("pool_recycle", 3600)
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL per process."""
    return make_engine(url)


def first_line(exc: BaseException) -> str:
    """A database error as one log line (the driver's message, without SQL or traceback)."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {text[0] if text else ''}"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
