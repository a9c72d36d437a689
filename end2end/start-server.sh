#!/usr/bin/env bash
# Starts the release server for the end-to-end tests on a fresh SQLite database with demo content.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${E2E_PORT:-3100}"
DB_DIR="target/e2e"
rm -rf "$DB_DIR" && mkdir -p "$DB_DIR"
export DATABASE_URL="sqlite:$DB_DIR/e2e.db"
export SPORTELLO_SITE_ROOT="target/site"
export SPORTELLO_LISTEN="127.0.0.1:$PORT"
export SPORTELLO_PUBLIC_ORIGIN="http://127.0.0.1:$PORT"
export SPORTELLO_LOG="${SPORTELLO_LOG:-warn}"
# Demo mode: the demo identity provider and its personas are part of what the tests exercise.
export SPORTELLO_MODE=demo
# Every browser of every project comes from 127.0.0.1, so the per-address limits would throttle the
# suite itself; their behaviour is tested in server/tests/auth_http.rs.
export SPORTELLO_LOGIN_RATE_PER_MINUTE=100000
export SPORTELLO_API_RATE_PER_MINUTE=100000
# The SPID-like login of login-oidc.spec.ts goes through the OpenID provider Playwright starts first
# (oidc/provider.mjs); its providers file is written here because it names the provider's port.
OIDC_PORT="${OIDC_PORT:-3199}"
export SPORTELLO_OIDC_E2E_SECRET="${OIDC_CLIENT_SECRET:-e2e-client-secret-not-for-production}"
cat >"$DB_DIR/oidc-providers.json" <<JSON
{"providers":[{"id":"spid","label":"SPID","issuer":"http://127.0.0.1:$OIDC_PORT",
  "client_id":"sportello-e2e","client_secret_env":"SPORTELLO_OIDC_E2E_SECRET",
  "scopes":["openid","profile"],"acr_values":"https://www.spid.gov.it/SpidL2",
  "userinfo":true,"prompt_login":true}]}
JSON
export SPORTELLO_OIDC_PROVIDERS="$DB_DIR/oidc-providers.json"
target/release/server seed --demo
exec target/release/server serve
