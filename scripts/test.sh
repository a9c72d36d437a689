#!/usr/bin/env bash
# The README's test command (and CI's): installs what is missing, then runs every check and test.
# Exits non-zero on the first failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tools.sh"
cd "$ROOT"
total_start=$SECONDS
# A one-shot run gains nothing from incremental caches, which cost gigabytes of disk.
export CARGO_INCREMENTAL=0

step "tools" ensure_build_tools
step "chromium" ensure_chromium
step "end2end packages" ensure_end2end_packages
step "postgresql" ensure_postgres
step "style" "$ROOT/scripts/build-style.sh"

step "reference data (validate committed tables)" python3 scripts/refdata/build.py --validate-only
step "cargo fmt" cargo fmt --all -- --check
step "clippy (server + ssr, host)" cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (hydrate, wasm32)" cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings
# Not --workspace: that would unify the frontend's hydrate features into the server build.
step "build the tests" cargo test -p app -p server --locked --no-run
# The tests fsync on every commit: let the freshly linked binaries reach the disk first, or the
# first tests' commits queue behind gigabytes of write-back.
step "flush the build to disk" sync
step "unit and integration tests (SQLite + PostgreSQL)" cargo test -p app -p server --locked
step "release build (cargo leptos)" cargo leptos build --release
step "end-to-end (Playwright + axe-core, Chromium)" bash -c "cd end2end && npx playwright test"

ADVISORY_DB="$ROOT/../shared/advisory-db"
if [ -d "$ADVISORY_DB" ]; then
  step "cargo-audit install" ensure_cargo_audit
  step "dependency audit (offline)" cargo audit --db "$ADVISORY_DB" --no-fetch --stale
else
  log "dependency audit skipped: no advisory database at $ADVISORY_DB"
fi

log "all checks passed in $((SECONDS - total_start)) s"
