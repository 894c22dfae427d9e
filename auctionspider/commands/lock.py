"""The crawl lock: one crawl at a time per database.

An exclusive `fcntl.flock` on CRAWL_LOCK_FILE, held for the life of the process. The
kernel releases it when the process ends in any way (SIGKILL, OOM, power loss of the
container), so a killed crawl never leaves a stale lock. The file holds the holder's pid,
only for the message; its mere existence means nothing.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockBusy(Exception):
    def __init__(self, path: Path, pid: str | None):
        self.path, self.pid = path, pid
        super().__init__(f"another crawl is running (pid {pid or 'unknown'}); not starting (lock {path})")


class CrawlLock:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.fd: int | None = None

    def acquire(self) -> CrawlLock:
        """Take the lock or raise LockBusy at once (never waits)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                pid = os.read(fd, 64).decode("ascii", "replace").strip() or None
            finally:
                os.close(fd)
            raise LockBusy(self.path, pid) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> CrawlLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
