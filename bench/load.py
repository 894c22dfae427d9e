"""Load test: gunicorn `webapi.wsgi` on MariaDB with a large synthetic database, every read
endpoint under concurrent clients from another process (bench.loadgen) for a bounded time,
127.0.0.1 only. Reports requests served, errors and p50/p99; the target is zero errors.

    python -m bench.load [--rows 1000000] [--seconds 30] [--concurrency 16] [--workers 4]

Also the `load` row of `make bench` (the 1,000,000-auction database of bench.gen_db).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys

from bench import gen_db
from bench.api import pct
from bench.common import PROJECT_ROOT, Row, fmt_time
from bench.server import Gunicorn, create_api_key


def endpoints(rows: int, seed: int = 7) -> dict[str, list[str]]:
    """A mixed workload over every JSON read endpoint of the API (the CSV exports are
    streams of the whole table: the export row of the bench measures them)."""
    rng = random.Random(seed)
    games = [gen_db.game_slug(i) for i in range(1, 21)]
    ids = [gen_db.auction_id(rng.randrange(rows)) for _ in range(50)]
    v1 = "/api/v1"
    return {
        "health": [f"{v1}/health"],
        "games": [f"{v1}/games?limit=50", f"{v1}/games?watched=true", f"{v1}/games?q=bench+1"],
        "game": [f"{v1}/games/{g}" for g in games],
        "auctions?game": [f"{v1}/auctions?game={g}&limit=100" for g in games],
        "auctions?filters": [f"{v1}/auctions?status=sold&condition=used&state=SP&limit=100",
                             f"{v1}/auctions?ended_after=2026-01-01T00:00:00Z&limit=100",
                             f"{v1}/auctions?kind=combo&limit=100"],
        "auction": [f"{v1}/auctions/{i}" for i in ids],
        "snapshots": [f"{v1}/auctions/{i}/snapshots" for i in ids],
        "listings": [f"{v1}/listings?limit=100"],
        "crawl-runs": [f"{v1}/crawl-runs"],
        "price-stats": [f"{v1}/games/{g}/price-stats" for g in games],
        "fair-price": [f"{v1}/games/{g}/fair-price?price=150" for g in games],
    }


def run_load(db_url: str, rows: int, seconds: float, concurrency: int = 16,
             workers: int = 4) -> dict:
    """Serve `db_url` with gunicorn and load it for `seconds`; return the loadgen's JSON
    plus a summary {"requests", "errors", "p50", "p99", "per_second"}."""
    key = create_api_key(db_url)
    paths = endpoints(rows)
    with Gunicorn(db_url, workers=workers) as server:
        cfg = {"host": "127.0.0.1", "port": server.port, "key": key, "paths": paths,
               "seconds": seconds, "concurrency": concurrency}
        done = subprocess.run([sys.executable, "-m", "bench.loadgen", json.dumps(cfg)],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, check=True,
                              timeout=seconds + 120)
    res = json.loads(done.stdout)
    latencies = [t for label in paths for t in res[label]]
    ok = len(latencies)
    res["summary"] = {
        "requests": ok + res["errors"], "errors": res["errors"],
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": pct(latencies, 0.99), "per_second": (ok + res["errors"]) / seconds,
        "by_label": {label: {"n": len(res[label]), "p50": statistics.median(res[label]),
                             "p99": pct(res[label], 0.99)}
                     for label in paths if res[label]},
    }
    return res


def describe(summary: dict) -> str:
    return (f"{summary['requests']:,} requests ({summary['per_second']:.0f}/s), "
            f"{summary['errors']} errors, p50 {fmt_time(summary['p50'])}, "
            f"p99 {fmt_time(summary['p99'])}")


def run(quick: bool = False) -> list[Row]:
    rows = 100_000 if quick else 1_000_000
    url = gen_db.generate(rows, "leiloes_bench_quick" if quick else gen_db.DEFAULT_DB)
    seconds, concurrency, workers = (10, 8, 4) if quick else (30, 16, 4)
    summary = run_load(url, rows, seconds, concurrency, workers)["summary"]
    return [Row("load: errors", "load",
                f"gunicorn {workers} workers, MariaDB {rows:,} auctions, {concurrency} clients "
                f"for {seconds} s over all {len(endpoints(rows))} JSON read endpoints",
                describe(summary), "-", float(summary["errors"]), "<= 0")]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--db", default=gen_db.DEFAULT_DB)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--workers", type=int, default=4)
    args = p.parse_args(argv)
    url = gen_db.generate(args.rows, args.db)
    res = run_load(url, args.rows, args.seconds, args.concurrency, args.workers)
    summary = res["summary"]
    print(describe(summary))
    for label, s in summary["by_label"].items():
        print(f"  {label:18} {s['n']:6,}  p50 {fmt_time(s['p50']):>8}  p99 {fmt_time(s['p99']):>8}")
    for sample in res["error_samples"]:
        print("  error:", sample)
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
