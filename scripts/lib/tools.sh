# Tool installation shared by scripts/run.sh and scripts/test.sh.
# Every function is idempotent: it checks what is there and installs only what is missing.
# Nothing here downloads from outside the package registries (crates.io, npm, Debian, rustup targets):
# cargo-leptos would otherwise try to fetch wasm-bindgen/wasm-opt/sass from GitHub, which fails offline.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="${SPORTELLO_TOOLS_DIR:-$HOME/.cache/sportello-tools}"
CARGO_LEPTOS_VERSION="0.3.11"
BINARYEN_NPM_VERSION="132.0.0"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# Copies a crate's source out of the cargo registry by fetching it in a throwaway crate
# (the crates are binaries, so `cargo install` of their own lockfile needs a newer rustc).
fetch_crate_source() {
  local name="$1" version="$2" dest="$3"
  local scratch="$TOOLS_DIR/fetch-$name"
  rm -rf "$scratch" "$dest"
  mkdir -p "$scratch/src"
  printf '[package]\nname = "fetch-%s"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n%s = "=%s"\n' \
    "$name" "$name" "$version" >"$scratch/Cargo.toml"
  echo "fn main() {}" >"$scratch/src/main.rs"
  (cd "$scratch" && cargo fetch -q 2>/dev/null || true)
  local src
  src=$(ls -d "$HOME"/.cargo/registry/src/*/"$name-$version" 2>/dev/null | head -n 1)
  if [ -z "$src" ]; then
    log "could not fetch $name $version from crates.io"
    return 1
  fi
  cp -r "$src" "$dest"
}

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then return; fi
  log "building cargo-leptos $CARGO_LEPTOS_VERSION (once per machine, ~15 min)"
  mkdir -p "$TOOLS_DIR"
  local src="$TOOLS_DIR/cargo-leptos-src"
  fetch_crate_source cargo-leptos "$CARGO_LEPTOS_VERSION" "$src"
  # Its lockfile needs a newer rustc than the machine's; this pin is the one that builds on 1.95.
  (cd "$src" && cargo update -q -p cargo-util-schemas --precise 0.14.1)
  # Fat LTO and one codegen unit cost ~25 extra minutes on 2 cores for a dev tool: turn them off.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_TARGET_DIR="$TOOLS_DIR/target-cargo-leptos" \
    cargo install --locked --features no_downloads --path "$src"
}

ensure_wasm_bindgen_cli() {
  local want
  want=$(locked_wasm_bindgen_version)
  if wasm-bindgen --version 2>/dev/null | grep -q " $want"; then return; fi
  log "building wasm-bindgen-cli $want (must match Cargo.lock)"
  mkdir -p "$TOOLS_DIR"
  local src="$TOOLS_DIR/wasm-bindgen-cli-src"
  fetch_crate_source wasm-bindgen-cli "$want" "$src"
  # The registry here lacks webpki-roots 1.0.11, which the published lockfile names.
  (cd "$src" && cargo update -q -p webpki-roots --precise 1.0.10 || true)
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_TARGET_DIR="$TOOLS_DIR/target-wasm-bindgen" \
    cargo install --locked --path "$src"
}

# wasm-opt from npm binaryen: Debian's binaryen 108 breaks hydration (it rewrites the externref table),
# so ours must come first on PATH.
ensure_wasm_opt() {
  if [ -x "$TOOLS_DIR/node_modules/.bin/wasm-opt" ] &&
    "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "${BINARYEN_NPM_VERSION%%.*}"; then
    return
  fi
  log "installing wasm-opt (npm binaryen@$BINARYEN_NPM_VERSION)"
  mkdir -p "$TOOLS_DIR"
  (cd "$TOOLS_DIR" && [ -f package.json ] || echo '{"private":true}' >"$TOOLS_DIR/package.json")
  (cd "$TOOLS_DIR" && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_NPM_VERSION")
}

# Bootstrap Italia's CSS and fonts are vendored from npm at build time into style/ and public/.
ensure_style_packages() {
  if [ -d "$ROOT/style/node_modules/bootstrap-italia" ]; then return; fi
  log "installing style packages (npm ci in style/)"
  (cd "$ROOT/style" && npm ci --no-audit --no-fund --silent)
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  log "installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

ensure_end2end_packages() {
  # Every package the specs import must be there; a node_modules from before a new package was
  # added would otherwise pass this check.
  if [ -d "$ROOT/end2end/node_modules/@playwright/test" ] && [ -d "$ROOT/end2end/node_modules/oidc-provider" ]; then
    return
  fi
  log "installing end2end npm packages"
  (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --silent)
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_wasm_opt
  ensure_style_packages
  ensure_wasm_bindgen_cli
  ensure_cargo_leptos
}

# PostgreSQL runs on this kind of machine; start it if it was stopped. The store tests decide what a
# missing server means (skip loudly locally, fail under CI).
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
}

CARGO_AUDIT_VERSION="0.22.1"
ensure_cargo_audit() {
  if cargo audit --version 2>/dev/null | grep -q "$CARGO_AUDIT_VERSION"; then return; fi
  log "building cargo-audit $CARGO_AUDIT_VERSION (once per machine)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_TARGET_DIR="$TOOLS_DIR/target-cargo-audit" \
    cargo install --locked cargo-audit --version "$CARGO_AUDIT_VERSION"
}

# Runs one named step, printing its wall time; stops the script on failure.
step() {
  local name="$1"
  shift
  local start=$SECONDS
  log "▶ $name"
  if "$@"; then
    log "✔ $name ($((SECONDS - start)) s)"
  else
    local rc=$?
    log "✘ $name failed (exit $rc after $((SECONDS - start)) s)"
    exit "$rc"
  fi
}
