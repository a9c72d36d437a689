#!/usr/bin/env bash
# Benchmarks (not part of the test command). Prints, for this machine and this run:
#  - SSR of the public home page vs a trivial axum handler: req/s, p50/p99 and the ratio;
#  - the release WASM and JS sizes, raw and brotli.
# Usage: scripts/bench.sh [duration_secs=15] [connections=64]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tools.sh"
cd "$ROOT"
DURATION="${1:-15}"
CONNECTIONS="${2:-64}"

for pkg in wrk brotli; do
  command -v "$pkg" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null; }
done
ensure_build_tools
"$ROOT/scripts/build-style.sh"
cargo leptos build --release >/dev/null
cargo build --release --example baseline -p server >/dev/null 2>&1

WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite:$WORK/bench.db" SPORTELLO_SITE_ROOT=target/site SPORTELLO_LOG=warn
target/release/server seed --demo
target/release/server serve --listen 127.0.0.1:3200 --public-origin http://127.0.0.1:3200 &
target/release/examples/baseline 127.0.0.1:3201 &
for port in 3200 3201; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
done

measure() { # url -> "req/s p50_ms p99_ms"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1" | awk '
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { printf "%s %.2f %.2f\n", rps, ms(p50), ms(p99) }'
}

read -r base_rps base_p50 base_p99 < <(measure "http://127.0.0.1:3201/")
read -r ssr_rps ssr_p50 ssr_p99 < <(measure "http://127.0.0.1:3200/")

echo "== Sportello Lavoro benchmark — $(date -u +%Y-%m-%d) — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "wrk: 2 threads, $CONNECTIONS connections, ${DURATION}s each, loopback"
printf "%-32s %10s %10s %10s\n" "target" "req/s" "p50 ms" "p99 ms"
printf "%-32s %10.0f %10.2f %10.2f\n" "baseline (axum, static 'ok')" "$base_rps" "$base_p50" "$base_p99"
printf "%-32s %10.0f %10.2f %10.2f\n" "SSR home page (/)" "$ssr_rps" "$ssr_p50" "$ssr_p99"
awk -v s="$ssr_rps" -v b="$base_rps" 'BEGIN { printf "SSR / baseline throughput ratio: %.3f\n", s/b }'

echo "== Release bundle (first load)"
for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  raw=$(stat -c %s "$f")
  br=$(brotli -c -q 11 "$f" | wc -c)
  printf "%-48s raw %8d B   brotli %7d B (%.1f KB)\n" "$(basename "$f")" "$raw" "$br" "$(echo "$br/1024" | bc -l)"
done
