"""Run the real `scrapy crawl leiloes` as a subprocess (as tests/crawl/conftest.py does)."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bench.common import PROJECT_ROOT, var_dir


def run_crawl(base_url: str, db_url: str, now: datetime, *args: str, env: dict | None = None,
              timeout: float = 600) -> tuple[int, str]:
    environment = {
        **os.environ,
        "LUDOPEDIA_BASE_URL": base_url,
        "DATABASE_URL": db_url,
        "LEILOES_POLITE": "0",
        "LEILOES_NOW": now.isoformat(),
        "LOG_LEVEL": "INFO",
        "CRAWL_LOCK_FILE": str(var_dir() / "crawl.lock"),
        "DEADLETTER_DIR": str(var_dir() / "deadletter"),
        **(env or {}),
    }
    scrapy = Path(sys.executable).with_name("scrapy")
    done = subprocess.run([str(scrapy), "crawl", "leiloes", *args], cwd=PROJECT_ROOT,
                          env=environment, capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout + done.stderr
