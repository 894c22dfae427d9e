"""deploy/systemd: the units verify, are hardened, and install.sh installs them.

Offline: `systemd-analyze verify` only reads the unit files (no running systemd needed).
verify refuses units whose ExecStart= binaries don't exist, and /opt/leiloes/.venv/bin/*
doesn't exist here, so the units are verified as copies whose /opt/leiloes/.venv/bin/
prefix is rewritten to a temp directory of stub executables; nothing else is changed, so
a real syntax error still fails (see the negative tests).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD_DIR = ROOT / "deploy" / "systemd"
INSTALL_SH = SYSTEMD_DIR / "install.sh"
SERVICES = ["leiloes-crawl.service", "leiloes-web.service"]
UNITS = [*SERVICES, "leiloes-crawl.timer"]
VENV_BIN = "/opt/leiloes/.venv/bin/"


def _systemd_analyze() -> str | None:
    found = shutil.which("systemd-analyze") or (
        "/usr/bin/systemd-analyze" if os.access("/usr/bin/systemd-analyze", os.X_OK) else None
    )
    if found is None and os.environ.get("CI"):
        pytest.fail("systemd-analyze not found (apt-get install systemd) and CI is set")
    return found


def parse_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """Unit file -> {section: {key: [values...]}} (a key may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{path.name}: key outside a section: {line}"
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def last(unit: dict, section: str, key: str) -> str | None:
    values = unit.get(section, {}).get(key)
    return values[-1] if values else None


@pytest.fixture(scope="module")
def stub_bin(tmp_path_factory) -> Path:
    """A directory with an executable stub for every /opt/leiloes/.venv/bin/X the units run."""
    bindir = tmp_path_factory.mktemp("stubbin")
    names = set()
    for unit in UNITS:
        names.update(re.findall(re.escape(VENV_BIN) + r"([\w.-]+)", (SYSTEMD_DIR / unit).read_text()))
    assert names, "the services should run binaries from the project venv"
    for name in names:
        stub = bindir / name
        stub.write_text("#!/bin/sh\nexit 0\n")
        stub.chmod(0o755)
    return bindir


def verifiable_copy(dest: Path, stub_bin: Path, edit=None) -> list[Path]:
    """Copy every unit into dest with the venv path pointed at the stubs; edit() may break one."""
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for unit in UNITS:
        text = (SYSTEMD_DIR / unit).read_text().replace(VENV_BIN, f"{stub_bin}/")
        if edit is not None:
            text = edit(unit, text)
        path = dest / unit
        path.write_text(text)
        paths.append(path)
    return paths


def verify(paths: list[Path]) -> subprocess.CompletedProcess:
    exe = _systemd_analyze()
    if exe is None:
        pytest.skip("systemd-analyze not installed")
    return subprocess.run(
        [exe, "verify", "--man=no", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SYSTEMD_LOG_COLOR": "0", "SYSTEMD_PAGER": ""},
    )


def assert_clean(result: subprocess.CompletedProcess) -> None:
    # verify only *warns* (exit 0) about unknown keys or unparsable values: treat any
    # output as a failure, so a typo in a directive can't slip through.
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and not output, output


# --- systemd-analyze verify ------------------------------------------------


def test_units_verify(tmp_path, stub_bin):
    assert_clean(verify(verifiable_copy(tmp_path, stub_bin)))


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_verifies_on_its_own(tmp_path, stub_bin, unit):
    paths = verifiable_copy(tmp_path, stub_bin)
    # the timer needs its service next to it, which verifiable_copy provides
    assert_clean(verify([p for p in paths if p.name == unit]))


def test_verify_fails_on_a_broken_unit(tmp_path, stub_bin):
    def break_it(unit, text):
        # a misspelled section: the [Service] section disappears, no ExecStart= left
        return text.replace("[Service]", "[Servce]") if unit == "leiloes-crawl.service" else text

    result = verify(verifiable_copy(tmp_path, stub_bin, break_it))
    assert result.returncode != 0, result.stdout + result.stderr
    assert "leiloes-crawl.service" in result.stdout + result.stderr


def test_verify_flags_a_misspelled_directive(tmp_path, stub_bin):
    def typo(unit, text):
        return text.replace("NoNewPrivileges=yes", "NoNewPrivilege=yes") if unit == "leiloes-web.service" else text

    result = verify(verifiable_copy(tmp_path, stub_bin, typo))
    with pytest.raises(AssertionError):
        assert_clean(result)
    assert "NoNewPrivilege" in result.stderr


def test_verify_flags_a_missing_binary(tmp_path, stub_bin):
    # without the rewrite, verify complains about the absent /opt/leiloes/.venv binaries:
    # proof that it checks ExecStart= and that the stubs are what makes it pass.
    if Path(VENV_BIN).exists():
        pytest.skip(f"{VENV_BIN} exists on this machine")
    for unit in UNITS:
        shutil.copy(SYSTEMD_DIR / unit, tmp_path / unit)
    result = verify([tmp_path / u for u in UNITS])
    assert result.returncode != 0
    assert VENV_BIN in result.stdout + result.stderr


# --- what the units say ----------------------------------------------------

HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ReadWritePaths": "/opt/leiloes/var",
    "PrivateTmp": "yes",
    "ProtectHome": "yes",
    "PrivateDevices": "yes",
    "ProtectKernelTunables": "yes",
    "ProtectKernelModules": "yes",
    "ProtectControlGroups": "yes",
    "RestrictSUIDSGID": "yes",
    "LockPersonality": "yes",
    "RestrictRealtime": "yes",
    "RestrictNamespaces": "yes",
    "SystemCallArchitectures": "native",
}


@pytest.mark.parametrize("service", SERVICES)
def test_services_are_hardened(service):
    unit = parse_unit(SYSTEMD_DIR / service)
    for key, value in HARDENING.items():
        assert last(unit, "Service", key) == value, f"{service}: {key}"
    assert last(unit, "Service", "User") == "leiloes"
    assert last(unit, "Service", "WorkingDirectory") == "/opt/leiloes"
    assert last(unit, "Service", "EnvironmentFile") == "/etc/leiloes/leiloes.env"
    # no capability beyond binding a low port (web), none at all for the crawl
    caps = last(unit, "Service", "CapabilityBoundingSet")
    assert caps is not None and set(caps.split()) <= {"CAP_NET_BIND_SERVICE"}
    # the only writable path is the data directory
    assert unit["Service"]["ReadWritePaths"] == ["/opt/leiloes/var"]


def test_crawl_service_runs_the_spider_once():
    unit = parse_unit(SYSTEMD_DIR / "leiloes-crawl.service")
    assert last(unit, "Service", "Type") == "oneshot"
    assert unit["Service"]["ExecStart"] == ["/opt/leiloes/.venv/bin/scrapy crawl leiloes"]
    assert last(unit, "Service", "CapabilityBoundingSet") == ""
    assert "Install" not in unit, "the timer starts the crawl; the service itself is not enabled"


def test_web_service_runs_gunicorn():
    unit = parse_unit(SYSTEMD_DIR / "leiloes-web.service")
    (exec_start,) = unit["Service"]["ExecStart"]
    argv = exec_start.split()
    assert argv[:2] == ["/opt/leiloes/.venv/bin/gunicorn", "webapi.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "${LEILOES_WEB_BIND}"
    env = " ".join(unit["Service"]["Environment"])
    assert "LEILOES_WEB_BIND=127.0.0.1:8000" in env and "LEILOES_WEB_WORKERS=3" in env
    # Environment= defaults come first so EnvironmentFile= can override them
    text = (SYSTEMD_DIR / "leiloes-web.service").read_text()
    assert text.index("LEILOES_WEB_BIND=") < text.index("EnvironmentFile=")
    assert last(unit, "Install", "WantedBy") == "multi-user.target"


def test_timer_is_hourly_persistent_and_randomized():
    path = SYSTEMD_DIR / "leiloes-crawl.timer"
    unit = parse_unit(path)
    timer = unit["Timer"]
    assert timer["OnCalendar"] == ["hourly"]
    # the schedule is a one-line change: exactly one OnCalendar= line in the file
    assert len(re.findall(r"^OnCalendar=", path.read_text(), re.M)) == 1
    assert last(unit, "Timer", "Persistent") == "true"
    assert last(unit, "Timer", "RandomizedDelaySec")
    assert last(unit, "Timer", "Unit") == "leiloes-crawl.service"
    assert last(unit, "Install", "WantedBy") == "timers.target"


def test_env_example_documents_every_setting():
    text = (SYSTEMD_DIR / "leiloes.env.example").read_text()
    active = dict(
        line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    for key in ["DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "SENTRY_DSN",
                "SENTRY_ENVIRONMENT", "LOG_LEVEL"]:
        assert key in active, key
    assert active["DATABASE_URL"].startswith("mysql+pymysql://")
    assert re.search(r"^#\s*LUDOPEDIA_BASE_URL=", text, re.M)
    # systemd EnvironmentFile syntax: no `export`, KEY=value
    for key in active:
        assert re.fullmatch(r"[A-Z_][A-Z0-9_]*", key), key


# --- install.sh --------------------------------------------------------------


def run_install(*args, env=None, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", str(INSTALL_SH), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_install_dry_run_touches_nothing(tmp_path):
    result = run_install("--dry-run", env={"DESTDIR": str(tmp_path)})
    assert list(tmp_path.iterdir()) == []
    out = result.stdout
    for unit in UNITS:
        assert f"{tmp_path}/etc/systemd/system/{unit}" in out
    assert f"{tmp_path}/etc/leiloes/leiloes.env" in out
    assert "nothing was changed" in out


def test_install_dry_run_on_the_live_system_lists_every_step():
    # No DESTDIR: what `make install-systemd` would do, printed, not done.
    result = run_install("--dry-run", env={"DESTDIR": ""})
    out = result.stdout
    lines = out.splitlines()
    assert all(line.startswith("[dry-run]") or not line.startswith("+") for line in lines)
    assert "install -m 0644" in out and "/etc/systemd/system/leiloes-crawl.timer" in out
    assert "systemctl daemon-reload" in out
    assert re.search(r"systemctl enable --now leiloes-crawl\.timer leiloes-web\.service", out)
    if not Path("/etc/leiloes/leiloes.env").exists():
        assert "install -m 0600" in out and "/etc/leiloes/leiloes.env" in out
    assert out.index("daemon-reload") < out.index("enable --now")


def test_install_into_destdir(tmp_path):
    result = run_install(env={"DESTDIR": str(tmp_path)})
    for unit in UNITS:
        installed = tmp_path / "etc/systemd/system" / unit
        assert installed.read_text() == (SYSTEMD_DIR / unit).read_text()
        assert stat.S_IMODE(installed.stat().st_mode) == 0o644
    env_file = tmp_path / "etc/leiloes/leiloes.env"
    assert env_file.read_text() == (SYSTEMD_DIR / "leiloes.env.example").read_text()
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert (tmp_path / "opt/leiloes/var").is_dir()
    # live-system actions are not performed against a staged root
    assert "[skipped: DESTDIR set] systemctl daemon-reload" in result.stdout
    assert "[skipped: DESTDIR set] systemctl enable --now leiloes-crawl.timer leiloes-web.service" in result.stdout
    assert "[skipped: DESTDIR set] useradd" in result.stdout

    # a second run keeps the (edited) env file: it holds the secrets
    env_file.write_text("DATABASE_URL=mysql+pymysql://u:secret@db/leiloes\n")
    again = run_install(env={"DESTDIR": str(tmp_path)})
    assert "keeping existing" in again.stdout
    assert env_file.read_text() == "DATABASE_URL=mysql+pymysql://u:secret@db/leiloes\n"


def test_install_with_another_prefix_rewrites_the_units(tmp_path, stub_bin):
    run_install(env={"DESTDIR": str(tmp_path), "PREFIX": "/srv/leiloes"})
    crawl = parse_unit(tmp_path / "etc/systemd/system/leiloes-crawl.service")
    assert last(crawl, "Service", "WorkingDirectory") == "/srv/leiloes"
    assert last(crawl, "Service", "ExecStart") == "/srv/leiloes/.venv/bin/scrapy crawl leiloes"
    assert last(crawl, "Service", "ReadWritePaths") == "/srv/leiloes/var"
    assert (tmp_path / "srv/leiloes/var").is_dir()


@pytest.mark.parametrize(
    ("role", "enabled"),
    [("crawl", "leiloes-crawl.timer"), ("web", "leiloes-web.service")],
)
def test_install_only_one_role(tmp_path, role, enabled):
    out = run_install("--dry-run", "--only", role, env={"DESTDIR": ""}).stdout
    (enable_line,) = [line for line in out.splitlines() if " enable " in line]
    assert enable_line.endswith(f"enable --now {enabled}")


def test_install_rejects_unknown_arguments():
    assert run_install("--frobnicate", check=False).returncode == 2
    assert run_install("--only", "db", check=False).returncode == 2


def test_install_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(INSTALL_SH)]).returncode == 0
    assert os.access(INSTALL_SH, os.X_OK)
