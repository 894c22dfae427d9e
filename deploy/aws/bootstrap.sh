#!/usr/bin/env bash
# Runs once as root on a fresh Amazon Linux 2023 instance, from the CloudFormation user
# data in leiloes.yaml, after the project was cloned into /opt/leiloes.
# Log: /var/log/leiloes-bootstrap.log
#
# Environment (set by the user data):
#   LEILOES_ROLE       crawl (enable the hourly timer) or web (start the API)
#   DB_SECRET_ARN      Secrets Manager secret {"username", "password", "host", "port"}
#   DB_HOST DB_PORT DB_NAME AWS_REGION
#   API_PORT           web only: port gunicorn binds on all interfaces (default 8000)
#   SENTRY_DSN SENTRY_ENVIRONMENT   optional
set -euo pipefail

: "${LEILOES_ROLE:?crawl or web}"
: "${DB_SECRET_ARN:?}" "${DB_HOST:?}" "${AWS_REGION:?}"
case "$LEILOES_ROLE" in crawl|web) ;; *) echo "LEILOES_ROLE must be crawl or web" >&2; exit 2 ;; esac

APP_DIR="${APP_DIR:-/opt/leiloes}"
CONF_DIR="${CONF_DIR:-/etc/leiloes}"
PYTHON="${PYTHON:-python3.11}"
RDS_CA_URL="${RDS_CA_URL:-https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem}"

# 1. Python 3.11 (AL2023's default python3 is 3.9; the project needs >= 3.11)
dnf -y install "$PYTHON" "$PYTHON-pip"

# 2. the project in its venv. Editable, so the project root (and its var/ data
#    directory, migrations, templates) stays /opt/leiloes, as the units expect.
"$PYTHON" -m venv "$APP_DIR/.venv"
"$APP_DIR/.venv/bin/pip" install --quiet --upgrade pip
"$APP_DIR/.venv/bin/pip" install --quiet -e "$APP_DIR"

# 3. what write-env.sh needs to (re)build /etc/leiloes/leiloes.env at every boot
install -d -m 0755 "$CONF_DIR"
curl -fsSL --retry 5 -o "$CONF_DIR/rds-ca.pem" "$RDS_CA_URL"   # RDS requires TLS
chmod 0644 "$CONF_DIR/rds-ca.pem"
umask 077
{
    printf 'LEILOES_ROLE=%q\n' "$LEILOES_ROLE"
    printf 'DB_SECRET_ARN=%q\n' "$DB_SECRET_ARN"
    printf 'DB_HOST=%q\n' "$DB_HOST"
    printf 'DB_PORT=%q\n' "${DB_PORT:-3306}"
    printf 'DB_NAME=%q\n' "${DB_NAME:-leiloes}"
    printf 'AWS_REGION=%q\n' "$AWS_REGION"
    printf 'API_PORT=%q\n' "${API_PORT:-8000}"
    printf 'SENTRY_DSN=%q\n' "${SENTRY_DSN:-}"
    printf 'SENTRY_ENVIRONMENT=%q\n' "${SENTRY_ENVIRONMENT:-production}"
} > "$CONF_DIR/aws.env"
umask 022

install -m 0644 "$APP_DIR/deploy/aws/leiloes-env.service" /etc/systemd/system/leiloes-env.service
systemctl daemon-reload
systemctl enable leiloes-env.service
systemctl start leiloes-env.service      # writes /etc/leiloes/leiloes.env from the secret

# 4. the units; install.sh keeps the env file written above
bash "$APP_DIR/deploy/systemd/install.sh" --only "$LEILOES_ROLE"

if [ "$LEILOES_ROLE" = crawl ]; then
    # first crawl now rather than at the next hour (it also runs the Alembic migration)
    systemctl start --no-block leiloes-crawl.service
fi
echo "leiloes bootstrap ($LEILOES_ROLE) done"
