"""Load generator, run as a separate process: `python -m bench.loadgen CONFIG_JSON`.

CONFIG: {"host", "port", "key", "paths": {label: [path, ...]}, "requests", "concurrency"}.
Each of `concurrency` threads sends requests (one connection per request: gunicorn's sync
workers close after each response) cycling through the labels, so every label runs under
the same mixed load. Prints JSON {label: [latency seconds, ...], "errors": n}.
"""
from __future__ import annotations

import http.client
import itertools
import json
import sys
import threading
import time


def main() -> None:
    cfg = json.loads(sys.argv[1])
    labels = list(cfg["paths"])
    plan = list(itertools.islice(
        ((label, cfg["paths"][label][i % len(cfg["paths"][label])])
         for i in itertools.count() for label in labels), cfg["requests"]))
    lock = threading.Lock()
    out: dict[str, list[float]] = {label: [] for label in labels}
    errors = [0]
    it = iter(plan)

    def worker():
        while True:
            with lock:
                job = next(it, None)
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
                ok = resp.status == 200
            except OSError:
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    out[label].append(dt)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(cfg["concurrency"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({**out, "errors": errors[0]}))


if __name__ == "__main__":
    main()
