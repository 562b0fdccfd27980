#!/usr/bin/env bash
# Load test of `pubsite serve` on loopback: wrk with 1,000 concurrent connections against a paper
# page and the home page of the example site; prints requests/s, errors and the server's peak RSS.
# usage: bench/serve_load.sh [SECONDS]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
cargo build --profile dist --quiet
site=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$site"' EXIT
cp -r site.toml content "$site/"
log="$site/serve.log"
./target/dist/pubsite serve --root "$site" --port 0 >"$log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^Serving ' "$log" && break; sleep 0.1; done
url=$(grep '^Serving ' "$log" | awk '{print $2}')
[ -n "$url" ] || { cat "$log"; exit 1; }
paper=$(ls "$site/content/papers" | head -1); paper=${paper%.md}
ulimit -n 8192
for path in "papers/$paper/" ""; do
    echo "== wrk -t2 -c1000 -d${seconds}s ${url}${path}"
    wrk -t2 -c1000 -d"${seconds}s" --timeout 10s "${url}${path}" | grep -E "Requests/sec|Transfer/sec|Socket errors|Non-2xx|requests in|Latency"
done
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' /proc/$server/status)"
kill -0 "$server" && echo "server still running"
