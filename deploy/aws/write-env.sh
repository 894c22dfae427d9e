#!/usr/bin/env bash
# (Re)writes /etc/leiloes/leiloes.env from the RDS secret in Secrets Manager.
# Run at every boot by leiloes-env.service (before the crawl and the web app), and by hand
# after changing the database password:  systemctl restart leiloes-env.service
# Reads /etc/leiloes/aws.env, written once by bootstrap.sh.
#
# Overrides for testing: CONF_DIR, AWS (the aws CLI), PUBLIC_HOSTNAME / PUBLIC_IP (else
# asked from the instance metadata service, IMDSv2).
set -euo pipefail

CONF_DIR="${CONF_DIR:-/etc/leiloes}"
AWS="${AWS:-aws}"
# shellcheck source=/dev/null
. "$CONF_DIR/aws.env"

secret_json="$("$AWS" secretsmanager get-secret-value --region "$AWS_REGION" \
    --secret-id "$DB_SECRET_ARN" --query SecretString --output text)"

# DATABASE_URL from the secret; user and password URL-quoted.
database_url="$(SECRET="$secret_json" DB_HOST="$DB_HOST" DB_PORT="${DB_PORT:-3306}" \
    DB_NAME="${DB_NAME:-leiloes}" CA="$CONF_DIR/rds-ca.pem" python3 -c '
import json, os
from urllib.parse import quote
s = json.loads(os.environ["SECRET"])
host = s.get("host") or os.environ["DB_HOST"]
port = s.get("port") or os.environ["DB_PORT"]
print("mysql+pymysql://%s:%s@%s:%s/%s?charset=utf8mb4&ssl_ca=%s" % (
    quote(s["username"], safe=""), quote(s["password"], safe=""), host, port,
    os.environ["DB_NAME"], os.environ["CA"]))
')"

# Django's secret key: made once, kept across boots.
if [ ! -s "$CONF_DIR/django-secret-key" ]; then
    (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > "$CONF_DIR/django-secret-key")
fi
django_secret_key="$(cat "$CONF_DIR/django-secret-key")"

imds() {
    local token
    token="$(curl -fsS -m 5 -X PUT http://169.254.169.254/latest/api/token \
        -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')" || return 0
    curl -fsS -m 5 -H "X-aws-ec2-metadata-token: $token" \
        "http://169.254.169.254/latest/meta-data/$1" || true
}

allowed_hosts="localhost,127.0.0.1"
csrf_origins=""
web_bind="127.0.0.1:8000"
if [ "${LEILOES_ROLE:-}" = web ]; then
    public_hostname="${PUBLIC_HOSTNAME-$(imds public-hostname)}"
    public_ip="${PUBLIC_IP-$(imds public-ipv4)}"
    for host in $public_hostname $public_ip; do
        allowed_hosts="$allowed_hosts,$host"
        csrf_origins="${csrf_origins:+$csrf_origins,}http://$host:${API_PORT:-8000}"
    done
    web_bind="0.0.0.0:${API_PORT:-8000}"
fi

tmp="$(mktemp "$CONF_DIR/.leiloes.env.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
chmod 0600 "$tmp"
cat > "$tmp" <<ENV
# Written by deploy/aws/write-env.sh from Secrets Manager at boot: edit aws.env, not this.
DATABASE_URL=$database_url
DJANGO_SECRET_KEY=$django_secret_key
DJANGO_ALLOWED_HOSTS=$allowed_hosts
DJANGO_CSRF_TRUSTED_ORIGINS=$csrf_origins
SENTRY_DSN=${SENTRY_DSN:-}
SENTRY_ENVIRONMENT=${SENTRY_ENVIRONMENT:-production}
LOG_LEVEL=INFO
LEILOES_WEB_BIND=$web_bind
LEILOES_WEB_WORKERS=3
ENV
mv -f "$tmp" "$CONF_DIR/leiloes.env"
trap - EXIT
echo "wrote $CONF_DIR/leiloes.env"
