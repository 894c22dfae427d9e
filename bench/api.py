"""API row: gunicorn `webapi.wsgi` on the big MariaDB (1,000,000 auctions); each endpoint
under load from concurrent clients in another process (bench.loadgen), interleaved with
`health` under that same load; p99 of the endpoint / p99 of health."""
from __future__ import annotations

import json
import statistics
import subprocess
import sys

from bench import gen_db
from bench.common import PROJECT_ROOT, Row, fmt_time
from bench.server import Gunicorn, create_api_key

CONCURRENCY = 8
WORKERS = 4


def pct(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def load(port: int, key: str, paths: dict, requests: int) -> dict:
    cfg = {"host": "127.0.0.1", "port": port, "key": key, "paths": paths,
           "requests": requests, "concurrency": CONCURRENCY}
    done = subprocess.run([sys.executable, "-m", "bench.loadgen", json.dumps(cfg)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=True,
                          timeout=900)
    return json.loads(done.stdout)


def run(quick: bool = False) -> list[Row]:
    rows_n = 100_000 if quick else 1_000_000
    url = gen_db.generate(rows_n, gen_db.DEFAULT_DB if not quick else "leiloes_bench_quick")
    key = create_api_key(url)
    games = [gen_db.game_slug(i) for i in range(1, 21)]
    endpoints = {
        "auctions?game=…&limit=100": [f"/api/v1/auctions?game={g}&limit=100" for g in games],
        "price-stats": [f"/api/v1/games/{g}/price-stats" for g in games],
        "fair-price": [f"/api/v1/games/{g}/fair-price?price=150" for g in games],
    }
    n = 300 if quick else 1_200
    out = []
    with Gunicorn(url, workers=WORKERS) as server:
        # warm up every worker and the DB buffer pool
        load(server.port, key, {**endpoints, "health": ["/api/v1/health"]}, 120)
        for label, paths in endpoints.items():
            res = load(server.port, key, {label: paths, "health": ["/api/v1/health"]}, n)
            if res["errors"]:
                raise RuntimeError(f"{label}: {res['errors']} failed requests")
            p99, h99 = pct(res[label], 0.99), pct(res["health"], 0.99)
            out.append(Row(
                f"API {label}", "API",
                f"gunicorn {WORKERS} workers, MariaDB {rows_n:,} auctions, {CONCURRENCY} "
                f"clients, {len(res[label])} + {len(res['health'])} health requests",
                f"p50 {fmt_time(statistics.median(res[label]))}, p99 {fmt_time(p99)}",
                f"health p50 {fmt_time(statistics.median(res['health']))}, p99 {fmt_time(h99)}",
                p99 / h99, "<= 3"))
    return out
