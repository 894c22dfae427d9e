"""export row: GET /api/v1/export/auctions.csv of the big MariaDB (1,000,000 rows) from a
1-worker gunicorn, vs reading the same rows (auction joined with game, by id) with a raw
unbuffered pymysql cursor in this process. Peak memory is the gunicorn worker's VmHWM."""
from __future__ import annotations

import http.client
import time

import pymysql

from bench import gen_db
from bench.common import Row, fmt_rate
from bench.server import Gunicorn, create_api_key, vm_hwm_kb

RAW_SQL = (
    "SELECT a.id, a.lot_id, a.game_id, g.slug, g.name, a.title, a.kind, a.`condition`, "
    "a.edition, a.seller, a.city, a.state, a.status, a.current_bid_cents, a.bid_count, "
    "a.buy_now_cents, a.final_price_cents, a.ends_at, a.followers, a.views, a.url, "
    "a.first_seen_at, a.last_seen_at, a.updated_at "
    "FROM auction a LEFT JOIN game g ON g.id = a.game_id ORDER BY a.id")


def raw_cursor(db: str) -> tuple[int, float]:
    conn = pymysql.connect(host="127.0.0.1", port=3306, user="root", database=db,
                           charset="utf8mb4", cursorclass=pymysql.cursors.SSCursor)
    t0 = time.perf_counter()
    n = 0
    with conn.cursor() as cur:
        cur.execute(RAW_SQL)
        while True:
            chunk = cur.fetchmany(2000)
            if not chunk:
                break
            n += len(chunk)
    elapsed = time.perf_counter() - t0
    conn.close()
    return n, elapsed


def http_export(port: int, key: str) -> tuple[int, float]:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    conn.request("GET", "/api/v1/export/auctions.csv", headers={"X-API-Key": key})
    resp = conn.getresponse()
    if resp.status != 200:
        raise RuntimeError(f"export answered {resp.status}: {resp.read()[:300]!r}")
    lines = 0
    while True:
        block = resp.read(256 * 1024)
        if not block:
            break
        lines += block.count(b"\n")  # (a "\r\n" may straddle two blocks)
    conn.close()
    return lines - 1, time.perf_counter() - t0  # minus the header


def run(quick: bool = False) -> list[Row]:
    rows_n = 100_000 if quick else 1_000_000
    db = gen_db.DEFAULT_DB if not quick else "leiloes_bench_quick"
    url = gen_db.generate(rows_n, db)
    key = create_api_key(url)
    n_raw, t_raw = raw_cursor(db)
    with Gunicorn(url, workers=1, timeout=900) as server:
        (worker,) = server.worker_pids()
        before = vm_hwm_kb(worker)
        n_csv, t_csv = http_export(server.port, key)
        peak = vm_hwm_kb(worker)
    n_raw2, t_raw2 = raw_cursor(db)  # before and after: the better of the two
    t_raw = min(t_raw, t_raw2)
    if n_csv != rows_n or n_raw != rows_n:
        raise RuntimeError(f"export gave {n_csv:,} rows, raw cursor {n_raw:,}, expected {rows_n:,}")
    ours, base = n_csv / t_csv, n_raw / t_raw
    workload = f"CSV export of {rows_n:,} rows (MariaDB, gunicorn 1 worker)"
    return [
        Row("export rows/s", "export", workload, f"{fmt_rate(ours, 'rows/s')} ({t_csv:.0f}s)",
            f"raw pymysql cursor {fmt_rate(base, 'rows/s')} ({t_raw:.1f}s)", ours / base,
            ">= 0.5"),
        Row("export peak memory", "export", workload,
            f"worker VmHWM {peak / 1024:.0f} MB (idle {before / 1024:.0f} MB)", "limit 300 MB",
            peak / 1024 / 300, "<= 1"),
    ]
