#!/usr/bin/env bash
# Every performance figure of Latch in one run, on this machine, printed as one table: each
# figure, its goal, and where it is a ratio, the ratio. Numbers on a shared machine vary run to
# run: compare figures only within one run (benches/compare.sh alternates two builds).
#
#   bash benches/run.sh                 # builds release, SQLite and (when it answers) PostgreSQL
#   SKIP_BUILD=1 bash benches/run.sh    # measures the builds already there
#   DURATION=5s bash benches/run.sh     # each load phase's length (default 8s)
#
# Loads come from wrk (Debian's package, installed when missing) on the same cores as the
# server, 2 threads; page weights from Debian's Chromium through Playwright (end2end/). Traffic
# stays on 127.0.0.1. PostgreSQL: TEST_POSTGRES_URL's server (default postgres://postgres@
# 127.0.0.1:5432/test), in a database of its own created and dropped here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/lib.sh
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${BIN:-$TARGET_DIR/release/latch}"
CEILING="$TARGET_DIR/release/examples/ceiling"
TOKEN_BENCH="$TARGET_DIR/release/examples/token_endpoint"
DURATION="${DURATION:-8s}"
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
CORES=$(nproc)

command -v wrk >/dev/null || apt_install wrk
command -v psql >/dev/null || apt_install postgresql-client
if [ -z "${SKIP_BUILD:-}" ]; then
  ensure_rust_tools
  ensure_npm_packages
  ensure_chromium
  say "building release (the site, as .ci/serve builds it) and the ceiling"
  build_site release
  cargo build --release --features ssr --example ceiling --example token_endpoint
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${pg_db:-}" ] && psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

source benches/lib.sh


say "ceiling: a bare axum handler answering constant JSON"
"$CEILING" > "$work/ceiling.log" &
pids+=("$!")
for _ in $(seq 100); do grep -q '^listening on ' "$work/ceiling.log" && break; sleep 0.05; done
load 32 "$(sed -n 's/^listening on //p' "$work/ceiling.log")/"
ceiling=$(rate "$work/wrk.out")
kill "${pids[-1]}"
row "ceiling: bare axum, constant JSON (req/s)" "$ceiling" "" ""
hash_ms=$("$CEILING" hash)
bound=$(awk -v c="$CORES" -v ms="$hash_ms" 'BEGIN { printf "%.1f", c * 1000 / ms }')
row "argon2id hash, Latch's parameters (ms)" "$hash_ms" "" ""
row "login bound: $CORES cores / hash time (per s)" "$bound" "" ""

measure() { # measure NAME DATABASE_URL
  local name=$1 url=$2 log="$work/$1.log"
  say "$name: starting Latch on a fresh database"
  start_latch "$url" "$log"
  local idle
  idle=$(rss_mb "$server")
  make_account "$log"
  # The two hashes of that account's set-up keep their workers' argon2 areas for 10 s; the
  # session check's own footprint is measured once they are given back (the logins' is below).
  sleep 11

  load 32 -H "authorization: Bearer $token" "$base/api/v1/session"
  local unloaded
  unloaded=$(rate "$work/wrk.out")
  local goal=35000
  [ "$name" = postgres ] && goal=15000
  row "$name: session check, bearer (req/s)" "$unloaded" ">= $goal" "$(ratio "$unloaded" "$ceiling")"
  row "$name: session check, bearer p99 (ms)" "$(p99 "$work/wrk.out")" "< 5" ""
  [ -z "$(non2xx "$work/wrk.out")" ] || { echo "session checks failed:" >&2; cat "$work/wrk.out" >&2; exit 1; }
  local loaded_rss
  loaded_rss=$(rss_mb "$server")

  load 32 -H "cookie: latch_session=$token" "$base/api/v1/session"
  row "$name: session check, cookie (req/s)" "$(rate "$work/wrk.out")" ">= $goal" "$(ratio "$(rate "$work/wrk.out")" "$ceiling")"

  load 32 "$base/login"
  row "$name: GET /login, anonymous (req/s)" "$(rate "$work/wrk.out")" ">= 10000" ""
  load 32 -H "cookie: latch_session=$token" "$base/account"
  row "$name: GET /account, logged in (req/s)" "$(rate "$work/wrk.out")" ">= 5000" ""

  load 8 -s "$work/login.lua" "$base/api/v1/login/password"
  local logins
  logins=$(rate "$work/wrk.out")
  row "$name: password logins (per s)" "$logins" ">= 0.9 bound" "$(ratio "$logins" "$bound")"
  [ -z "$(non2xx "$work/wrk.out")" ] || echo "note: some logins were refused: $(non2xx "$work/wrk.out")" >&2

  # Logins saturating every core while the session check runs.
  # 8 at once: 2 hashing and 6 waiting stay under the queue bound (4 per core), so the logins
  # are real ones, not `503 busy`.
  wrk -t1 -c8 -d"$DURATION" -s "$work/login.lua" "$base/api/v1/login/password" > "$work/logins.out" 2>&1 &
  local hashing=$!
  sleep 1
  load 32 -H "authorization: Bearer $token" "$base/api/v1/session"
  wait "$hashing" || true
  local under
  under=$(rate "$work/wrk.out")
  row "$name: session check under login load (req/s)" "$under" ">= 0.5 unloaded" "$(ratio "$under" "$unloaded")"
  row "$name: session check under login load p99 (ms)" "$(p99 "$work/wrk.out")" "< 10" ""
  row "$name: logins meanwhile (per s)" "$(rate "$work/logins.out")" "" ""
  [ -z "$(non2xx "$work/logins.out")" ] || echo "note: logins refused meanwhile: $(non2xx "$work/logins.out")" >&2

  row "$name: RSS idle (MB)" "$idle" "< 30" ""
  row "$name: RSS after the session-check load (MB)" "$loaded_rss" "< 60" ""
  row "$name: RSS after the logins (MB)" "$(rss_mb "$server")" "<= 64" ""
  sleep 12
  row "$name: RSS 12 s after the logins (MB)" "$(rss_mb "$server")" "idle + 10" ""

  # OpenID Connect: codes for a logged-in browser, their exchange, refresh-token rotation, each
  # with 16 at once (benches/token_endpoint.rs), for a first-party app registered here.
  local app
  app=$(DATABASE_URL="$url" "$BIN" client add --name Bench --first-party --redirect-uri http://127.0.0.1:9/cb)
  "$TOKEN_BENCH" "$base" "$token" "$(sed -n 's/^client_id: //p' <<<"$app")" \
    "$(sed -n 's/^client_secret: //p' <<<"$app")" http://127.0.0.1:9/cb "${DURATION%s}" > "$work/oidc.out"
  while read -r phase rps p99ms failures; do
    [ "$failures" = 0 ] || echo "note: $failures failed $phase requests" >&2
    row "$name: OIDC $phase (req/s)" "$rps" "" ""
    row "$name: OIDC $phase p99 (ms)" "$p99ms" "" ""
  done < "$work/oidc.out"

  # Start to ready on the database just used.
  kill "$server"
  wait "$server" 2>/dev/null || true
  start_latch "$url" "$log.2"
  row "$name: start to /readyz 200, existing db (ms)" "$ready_ms" "< 200" ""
  if [ "$name" = sqlite ]; then
    say "page weight: the login page in Chromium, first visit"
    node benches/page_weight.mjs "$base" /login > "$work/weight.out"
    while read -r page js bytes requests scripts; do
      local goal=100
      [ "$js" = off ] && goal=15
      row "page weight $page, JavaScript $js (KB)" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1024 }')" "<= $goal" ""
      row "  requests / scripts and WASM fetched" "$requests / $scripts" "$([ "$js" = off ] && echo "scripts 0")" ""
    done < "$work/weight.out"
  fi
  kill "$server"
}

measure sqlite "sqlite://$work/latch.db"
if psql -q "$PG_URL" -c 'SELECT 1' >/dev/null 2>&1; then
  pg_db="latch_bench_$$"
  psql -q "$PG_URL" -c "CREATE DATABASE $pg_db" >/dev/null
  measure postgres "${PG_URL%/*}/$pg_db"
else
  echo "PostgreSQL: no server at $PG_URL, its rows are skipped" >&2
fi

echo
echo "Latch benchmarks, $(date -u +%Y-%m-%d), $CORES cores, $(git rev-parse --short HEAD), wrk -t2 $DURATION"
printf '%-44s %14s %16s %8s\n' "figure" "value" "goal" "ratio"
printf '%s\n' "${rows[@]}"
echo "(ratio: session checks to the ceiling, logins to the bound, loaded to unloaded)"
