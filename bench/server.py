"""A gunicorn `webapi.wsgi` on 127.0.0.1 for the api and export rows."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PROJECT_ROOT, var_dir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def web_env(db_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": db_url, "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_DEBUG": "0",
            # the per-key rate limit would answer 429 to the load generator
            "API_RATE_LIMIT": "0"}


def create_api_key(db_url: str) -> str:
    done = subprocess.run([sys.executable, "-m", "webapi", "create_api_key", "bench"],
                          cwd=PROJECT_ROOT, env=web_env(db_url), capture_output=True,
                          text=True, check=True, timeout=120)
    return done.stdout.strip().splitlines()[-1]


class Gunicorn:
    def __init__(self, db_url: str, workers: int = 2, timeout: int = 30):
        self.db_url, self.workers, self.timeout = db_url, workers, timeout
        self.port = free_port()
        self.proc = None

    def __enter__(self):
        exe = Path(sys.executable).with_name("gunicorn")
        log = open(var_dir() / "gunicorn.log", "a")
        env = web_env(self.db_url)
        env["XDG_RUNTIME_DIR"] = str(var_dir())
        self.proc = subprocess.Popen(
            [str(exe), "webapi.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--timeout", str(self.timeout)],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/api/v1/health")
                conn.getresponse().read()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("gunicorn exited; see var/bench/gunicorn.log")
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer in 60s")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(x) for x in path.read_text().split()]

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def vm_hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0
