"""A private MariaDB server for tests that make the database go away.

The shared server (TEST_MYSQL_URL) is used by every other test and helper, so a test that
kills its database gets a server of its own: a fresh data directory in /tmp, a free port
on 127.0.0.1, root without a password. It can be killed and started again on the same
data directory and port; the fixture always kills it at the end, and the kernel kills it
if the test process dies first (no orphan mariadbd).

    def test_x(private_mariadb):
        url = private_mariadb.create_database("leiloes")   # mysql+pymysql://root@127.0.0.1:<port>/leiloes
        private_mariadb.kill()                              # SIGKILL: the database is gone
        private_mariadb.start()                             # back, same data
        private_mariadb.freeze(); private_mariadb.thaw()    # SIGSTOP / SIGCONT: it hangs

Without MariaDB binaries the test skips locally and fails in CI (CI set).
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pymysql
import pytest

INSTALL_DB = shutil.which("mariadb-install-db")
MARIADBD = shutil.which("mariadbd") or next(
    (p for p in ("/usr/sbin/mariadbd", "/usr/sbin/mysqld") if os.access(p, os.X_OK)), None)
# Small and quick: this server holds a few hundred rows.
SERVER_OPTIONS = ["--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M", "--skip-name-resolve",
                  "--skip-log-bin", "--performance-schema=OFF"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_PRCTL = ctypes.CDLL(None).prctl  # looked up before fork: the child only calls it
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # If pytest is killed, the kernel kills this mariadbd too.
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


class PrivateMariaDB:
    def __init__(self, home: Path):
        self.home = home  # short path: a unix socket path is limited to 107 bytes
        self.datadir = home / "data"
        self.error_log = home / "error.log"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def install(self) -> None:
        done = subprocess.run(
            [INSTALL_DB, "--no-defaults", f"--datadir={self.datadir}", "--user=root",
             "--auth-root-authentication-method=normal", "--skip-test-db", *SERVER_OPTIONS],
            capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"mariadb-install-db failed ({done.returncode}):\n{done.stdout[-2000:]}"
                               f"{done.stderr[-2000:]}")

    def start(self, timeout: float = 30) -> None:
        assert self.process is None, "already running"
        self.process = subprocess.Popen(
            [MARIADBD, "--no-defaults", f"--datadir={self.datadir}", f"--socket={self.home / 'sock'}",
             f"--pid-file={self.home / 'pid'}", f"--log-error={self.error_log}", "--user=root",
             "--bind-address=127.0.0.1", f"--port={self.port}", *SERVER_OPTIONS],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while True:
            try:
                pymysql.connect(host="127.0.0.1", port=self.port, user="root", connect_timeout=1).close()
                return
            except pymysql.err.OperationalError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"mariadbd did not come up on port {self.port}:\n{self.log_tail()}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: the server is gone at once, like a crashed or unplugged database."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None

    def freeze(self) -> None:
        """SIGSTOP: the server keeps its port but answers nothing (a hung host, a lost route)."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def url(self, database: str = "") -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        with pymysql.connect(host="127.0.0.1", port=self.port, user="root") as conn:
            conn.cursor().execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        return self.url(name)

    def log_tail(self, lines: int = 20) -> str:
        if not self.error_log.exists():
            return "(no error log)"
        return "\n".join(self.error_log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def private_mariadb():
    if not (INSTALL_DB and MARIADBD):
        message = "mariadb-install-db / mariadbd not installed (apt-get install mariadb-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = PrivateMariaDB(Path(tempfile.mkdtemp(prefix="leiloes-mariadb-")))
    try:
        server.install()
        server.start()
        yield server
    finally:
        server.kill()
        shutil.rmtree(server.home, ignore_errors=True)
