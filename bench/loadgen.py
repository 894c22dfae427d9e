"""Load generator, run as a separate process: `python -m bench.loadgen CONFIG_JSON`.

CONFIG: {"host", "port", "key", "paths": {label: [path, ...]}, "concurrency", and
"requests" (a total) and/or "seconds" (a time bound)}. Each of `concurrency` threads sends
requests (one connection per request: gunicorn's sync workers close after each response)
cycling through the labels, so every label runs under the same mixed load. Prints JSON
{label: [latency seconds of the 200 answers], "errors": n, "statuses": {code: n},
"error_samples": ["label path -> status", ...]}; status 0 is a connection error.
"""
from __future__ import annotations

import http.client
import itertools
import json
import sys
import threading
import time
from collections import Counter


def plan(paths: dict[str, list[str]]):
    """(label, path) forever, labels interleaved, each label cycling through its paths."""
    return ((label, paths[label][i % len(paths[label])])
            for i in itertools.count() for label in paths)


def main() -> None:
    cfg = json.loads(sys.argv[1])
    jobs = plan(cfg["paths"])
    if cfg.get("requests"):
        jobs = itertools.islice(jobs, cfg["requests"])
    deadline = time.monotonic() + cfg["seconds"] if cfg.get("seconds") else None
    lock = threading.Lock()
    out: dict[str, list[float]] = {label: [] for label in cfg["paths"]}
    statuses: Counter[int] = Counter()
    samples: list[str] = []

    def worker():
        while deadline is None or time.monotonic() < deadline:
            with lock:
                job = next(jobs, None)
            if job is None:
                return
            label, path = job
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(cfg["host"], cfg["port"], timeout=60)
                conn.request("GET", path, headers={"X-API-Key": cfg["key"]})
                resp = conn.getresponse()
                resp.read()
                conn.close()
                status = resp.status
            except OSError:
                status = 0
            dt = time.perf_counter() - t0
            with lock:
                statuses[status] += 1
                if status == 200:
                    out[label].append(dt)
                elif len(samples) < 20:
                    samples.append(f"{label} {path} -> {status}")

    threads = [threading.Thread(target=worker) for _ in range(cfg["concurrency"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = sum(n for code, n in statuses.items() if code != 200)
    print(json.dumps({**out, "errors": errors, "statuses": statuses, "error_samples": samples}))


if __name__ == "__main__":
    main()
