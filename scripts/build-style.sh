#!/usr/bin/env bash
# Compiles style/main.scss (Bootstrap Italia subset + ours) into style/generated/main.css and copies the
# Titillium Web fonts into public/fonts. cargo-leptos then minifies and hashes the CSS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STYLE="$ROOT/style"
mkdir -p "$STYLE/generated" "$ROOT/public/fonts"
"$STYLE/node_modules/.bin/sass" --no-source-map --quiet --load-path="$STYLE/node_modules" \
  "$STYLE/main.scss" "$STYLE/generated/main.css"
FONTS="$STYLE/node_modules/bootstrap-italia/dist/fonts/Titillium_Web"
for weight in regular 600 700; do
  cp -u "$FONTS/titillium-web-v10-latin-ext_latin-$weight.woff2" "$ROOT/public/fonts/"
done
cp -u "$FONTS/OFL.txt" "$ROOT/public/fonts/OFL.txt"
