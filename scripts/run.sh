#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the release site, loads the demo content
# into an embedded SQLite file and serves Sportello Lavoro at http://127.0.0.1:3000.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tools.sh"
cd "$ROOT"

ensure_build_tools
"$ROOT/scripts/build-style.sh"
cargo leptos build --release

export DATABASE_URL="${DATABASE_URL:-sqlite:data/sportello.db}"
export SPORTELLO_SITE_ROOT="${SPORTELLO_SITE_ROOT:-target/site}"
# Demo mode: made-up data, the demo identity provider (personas) and a banner on every page.
export SPORTELLO_MODE="${SPORTELLO_MODE:-demo}"
target/release/server seed --demo
log "Sportello Lavoro: http://${SPORTELLO_LISTEN:-127.0.0.1:3000} (Ctrl-C to stop)"
exec target/release/server serve
