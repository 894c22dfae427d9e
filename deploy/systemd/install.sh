#!/usr/bin/env bash
# Installs the leiloes systemd units on this machine (used by `make install-systemd`
# and by the AWS instances' user data).
#
#   sudo bash deploy/systemd/install.sh [--dry-run] [--only crawl|web] [--no-start]
#
# What it does:
#   1. creates the system user `leiloes` if missing (no login shell, home = data dir);
#   2. creates the data directory /opt/leiloes/var owned by leiloes;
#   3. copies leiloes-crawl.service, leiloes-crawl.timer, leiloes-web.service
#      to /etc/systemd/system;
#   4. creates /etc/leiloes/leiloes.env from leiloes.env.example if it is missing (mode 600;
#      an existing file is never overwritten);
#   5. systemctl daemon-reload, then enable --now the timer and/or the web service.
#
# Options:
#   --dry-run      print every action instead of doing it (nothing is touched)
#   --only crawl   enable only leiloes-crawl.timer (the crawler machine)
#   --only web     enable only leiloes-web.service (the API machine)
#   --no-start     install and enable, but do not start now (enable without --now)
#
# Environment overrides:
#   DESTDIR        stage into this root instead of / (packaging, tests). With DESTDIR set
#                  the user is not created, ownership is not changed and systemctl is not
#                  called (they would act on the running system, not on the staged root).
#   PREFIX         where the project is installed (default /opt/leiloes). The units name
#                  /opt/leiloes; another PREFIX is substituted into the copied units.
#   SYSTEMD_DIR    default /etc/systemd/system
#   CONF_DIR       default /etc/leiloes
#   LEILOES_USER   default leiloes
#   SYSTEMCTL      default systemctl
set -euo pipefail

SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DESTDIR="${DESTDIR:-}"
PREFIX="${PREFIX:-/opt/leiloes}"
SYSTEMD_DIR="${SYSTEMD_DIR:-/etc/systemd/system}"
CONF_DIR="${CONF_DIR:-/etc/leiloes}"
LEILOES_USER="${LEILOES_USER:-leiloes}"
SYSTEMCTL="${SYSTEMCTL:-systemctl}"
DATA_DIR="$PREFIX/var"

DRY_RUN=0
ONLY=all
START=1

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run|-n) DRY_RUN=1 ;;
        --only) shift; ONLY="${1:-}" ;;
        --only=*) ONLY="${1#--only=}" ;;
        --no-start) START=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
case "$ONLY" in
    all|crawl|web) ;;
    *) echo "install.sh: --only takes crawl or web, not '$ONLY'" >&2; exit 2 ;;
esac

UNITS=(leiloes-crawl.service leiloes-crawl.timer leiloes-web.service)
ENABLE=()
case "$ONLY" in
    all) ENABLE=(leiloes-crawl.timer leiloes-web.service) ;;
    crawl) ENABLE=(leiloes-crawl.timer) ;;
    web) ENABLE=(leiloes-web.service) ;;
esac

# Print the command (shell-quoted); run it unless --dry-run.
run() {
    if [ "$DRY_RUN" = 1 ]; then
        printf '[dry-run]'; printf ' %q' "$@"; printf '\n'
    else
        printf '+'; printf ' %q' "$@"; printf '\n'
        "$@"
    fi
}
# Actions that change the live system: skipped when staging into DESTDIR.
run_live() {
    if [ -n "$DESTDIR" ]; then
        printf '[skipped: DESTDIR set]'; printf ' %q' "$@"; printf '\n'
    else
        run "$@"
    fi
}

if [ -z "$DESTDIR" ] && [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (or use --dry-run, or DESTDIR=... to stage)" >&2
    exit 1
fi

for unit in "${UNITS[@]}" leiloes.env.example; do
    [ -f "$SRC_DIR/$unit" ] || { echo "install.sh: missing $SRC_DIR/$unit" >&2; exit 1; }
done

# 1. the user
if [ -n "$DESTDIR" ] || ! id -u "$LEILOES_USER" >/dev/null 2>&1; then
    NOLOGIN="$(command -v nologin 2>/dev/null || echo /usr/sbin/nologin)"
    run_live useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
        --shell "$NOLOGIN" --comment "leiloes crawler and web app" "$LEILOES_USER"
else
    echo "user $LEILOES_USER exists"
fi

# 2. the data directory (the only place the services may write)
run install -d -m 0755 "$DESTDIR$PREFIX"
run install -d -m 0750 "$DESTDIR$DATA_DIR"
run_live chown "$LEILOES_USER:$LEILOES_USER" "$DESTDIR$DATA_DIR"

# 3. the units
run install -d -m 0755 "$DESTDIR$SYSTEMD_DIR"
for unit in "${UNITS[@]}"; do
    if [ "$PREFIX" = /opt/leiloes ]; then
        run install -m 0644 "$SRC_DIR/$unit" "$DESTDIR$SYSTEMD_DIR/$unit"
    elif [ "$DRY_RUN" = 1 ]; then
        printf '[dry-run] sed s#/opt/leiloes#%q#g %q > %q\n' "$PREFIX" "$SRC_DIR/$unit" \
            "$DESTDIR$SYSTEMD_DIR/$unit"
    else
        printf '+ sed s#/opt/leiloes#%q#g %q > %q\n' "$PREFIX" "$SRC_DIR/$unit" \
            "$DESTDIR$SYSTEMD_DIR/$unit"
        sed "s#/opt/leiloes#$PREFIX#g" "$SRC_DIR/$unit" > "$DESTDIR$SYSTEMD_DIR/$unit"
        chmod 0644 "$DESTDIR$SYSTEMD_DIR/$unit"
    fi
done

# 4. the environment file: created once, never overwritten (it holds the secrets)
run install -d -m 0755 "$DESTDIR$CONF_DIR"
if [ -e "$DESTDIR$CONF_DIR/leiloes.env" ]; then
    echo "keeping existing $DESTDIR$CONF_DIR/leiloes.env"
else
    run install -m 0600 "$SRC_DIR/leiloes.env.example" "$DESTDIR$CONF_DIR/leiloes.env"
    echo "created $DESTDIR$CONF_DIR/leiloes.env from the example: edit it (DATABASE_URL, DJANGO_SECRET_KEY, SENTRY_DSN)"
fi

# 5. systemd
run_live "$SYSTEMCTL" daemon-reload
if [ "$START" = 1 ]; then
    run_live "$SYSTEMCTL" enable --now "${ENABLE[@]}"
else
    run_live "$SYSTEMCTL" enable "${ENABLE[@]}"
fi

if [ "$DRY_RUN" = 1 ]; then
    echo "dry run: nothing was changed"
else
    echo "done. Check: systemctl list-timers leiloes-crawl.timer; journalctl -u leiloes-crawl.service"
fi
