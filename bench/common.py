"""Shared helpers for the bench rows: rows, timing, fixtures, databases."""
from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
VAR_DIR = Path(os.environ.get("BENCH_VAR", PROJECT_ROOT / "var" / "bench"))
MYSQL_SERVER = os.environ.get("BENCH_MYSQL_SERVER", "mysql+pymysql://root@127.0.0.1:3306")


@dataclass
class Row:
    name: str          # short id, e.g. "parse vs BeautifulSoup"
    what: str          # the "what" column
    workload: str
    measured: str      # human-readable figure for our code
    baseline: str      # human-readable figure for the baseline
    ratio: float | None
    target: str        # e.g. ">= 15" or "<= 2"
    extra: dict = field(default_factory=dict)

    @property
    def met(self) -> bool:
        if self.ratio is None:
            return False
        op, _, value = self.target.partition(" ")
        value = float(value)
        return self.ratio >= value if op == ">=" else self.ratio <= value


def median_time(fn, repeats: int, inner: int = 1) -> float:
    """Median seconds per call of fn() over `repeats` runs of `inner` calls each."""
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner)
    return statistics.median(samples)


def fixtures_dir() -> Path:
    env = os.environ.get("LUDOPEDIA_FIXTURES")
    if env:
        return Path(env)
    return PROJECT_ROOT.parent / "shared" / "fixtures" / "ludopedia"


def var_dir() -> Path:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return VAR_DIR


def mysql_available() -> bool:
    try:
        import pymysql
        conn = pymysql.connect(host="127.0.0.1", port=3306, user="root", connect_timeout=3)
        conn.close()
        return True
    except Exception:
        return False


def fresh_mysql_db(name: str) -> str:
    """Drop and create database `name`; return its SQLAlchemy URL."""
    import pymysql
    conn = pymysql.connect(host="127.0.0.1", port=3306, user="root", connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        conn.close()
    return f"{MYSQL_SERVER}/{name}?charset=utf8mb4"


def fresh_sqlite(name: str) -> str:
    path = var_dir() / name
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()
    return f"sqlite:///{path}"


def fmt_rate(x: float, unit: str) -> str:
    return f"{x:,.0f} {unit}" if x >= 100 else f"{x:,.2f} {unit}"


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:,.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:,.2f} ms"
    return f"{seconds:,.2f} s"
