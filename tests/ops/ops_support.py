"""Helpers of the operations tests: run `scrapy crawl leiloes` in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


PROJECT_ROOT = Path(__file__).resolve().parents[2]
FAKE_DSN = "https://public@sentry.example.invalid/1"
SCRAPY = str(Path(sys.executable).with_name("scrapy"))


@dataclass
class CrawlResult:
    returncode: int
    log: str


def crawl_env(base_url: str, db_url: str, now: str, tmp_path: Path, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SENTRY_")}
    env.update({
        "LUDOPEDIA_BASE_URL": base_url,
        "DATABASE_URL": db_url,
        "LEILOES_POLITE": "0",
        "LEILOES_NOW": now,
        "LOG_LEVEL": "INFO",
        "DEADLETTER_DIR": str(tmp_path / "deadletter"),
        "CRAWL_LOCK_FILE": str(tmp_path / "crawl.lock"),
    })
    env.update(extra)
    return env


def start_crawl(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([SCRAPY, "crawl", "leiloes", *args], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def run_crawl(env: dict, *args: str, timeout: float = 240) -> CrawlResult:
    done = subprocess.run([SCRAPY, "crawl", "leiloes", *args], cwd=PROJECT_ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return CrawlResult(done.returncode, done.stdout)


