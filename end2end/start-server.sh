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
target/release/server seed --demo
exec target/release/server serve
