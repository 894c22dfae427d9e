"""Load test in `make test`: gunicorn on MariaDB with a synthetic database, every JSON read
endpoint under concurrent clients from another process, bounded in time, 127.0.0.1 only.
Zero errors allowed. (`make bench` runs the same against 1,000,000 auctions.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bench import gen_db
from bench.common import PROJECT_ROOT
from bench.load import describe, endpoints, run_load
from bench.server import Gunicorn

pytestmark = pytest.mark.mysql

ROWS = 20_000


@pytest.fixture(scope="module")
def big_db(mysql_server_url):
    name = f"leiloes_load_{os.getpid()}"
    with pytest.MonkeyPatch.context() as mp:  # gen_db builds on the test server, not the bench's
        mp.setattr(gen_db, "MYSQL_SERVER", mysql_server_url)
        try:
            yield gen_db.generate(ROWS, name, games=100, force=True, log=lambda *_: None)
        finally:
            gen_db.drop(name)


def test_mixed_load_on_gunicorn_has_no_errors(big_db):
    res = run_load(big_db, ROWS, seconds=6, concurrency=8, workers=2)
    summary = res["summary"]
    print("\nload:", describe(summary))
    assert summary["errors"] == 0, res["error_samples"]
    assert set(summary["by_label"]) == set(endpoints(ROWS)), "an endpoint was never served"
    assert summary["requests"] >= 100
    assert summary["p50"] <= summary["p99"]


def test_load_generator_counts_failures(big_db):
    """The zero above means something: a wrong key makes every request an error."""
    with Gunicorn(big_db, workers=1) as server:
        cfg = {"host": "127.0.0.1", "port": server.port, "key": "wrong-key",
               "paths": {"auctions": ["/api/v1/auctions?limit=10"]}, "seconds": 1,
               "concurrency": 2}
        done = subprocess.run([sys.executable, "-m", "bench.loadgen", json.dumps(cfg)],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    res = json.loads(done.stdout)
    assert res["errors"] > 0 and res["auctions"] == []
    assert set(res["statuses"]) == {"401"}
