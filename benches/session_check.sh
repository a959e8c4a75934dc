#!/usr/bin/env bash
# Measures GET /api/v1/session (the call other apps make on every request) under a short local
# load: median and p99 latency and throughput, with wrk, against the release build.
#
#   bash benches/session_check.sh            # SQLite in a temporary folder
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/latch_bench bash benches/session_check.sh
#   TARGET=/account bash benches/session_check.sh   # a hosted page, with the session cookie
#
# Needs the release build (`LATCH_PROFILE=release bash .ci/serve, or bash .ci/test`, or `bash .ci/serve` once) and wrk
# (`apt-get install wrk`; installed here when missing). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN="${BIN:-${CARGO_TARGET_DIR:-target}/release/latch}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
TARGET="${TARGET:-/api/v1/session}"

[ -x "$BIN" ] || { echo "build first: LATCH_PROFILE=release bash .ci/serve, or bash .ci/test" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
export DATABASE_URL="${DATABASE_URL:-sqlite://$work/latch.db}"
LATCH_ADDR=127.0.0.1:0 RUST_LOG=warn "$BIN" > "$work/out.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/out.log" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/out.log")

email="bench.$RANDOM$RANDOM@example.com"
phone="+1201555$(printf '%04d' $((RANDOM % 10000)))"
curl -fsS "$base/api/v1/register" -H 'content-type: application/json' \
  -d "{\"first_name\":\"Bench\",\"last_name\":\"Mark\",\"email\":\"$email\",\"phone\":\"$phone\",\"password\":\"benchmarking is fun 42\"}" >/dev/null
for _ in $(seq 50); do grep -q 'verification code is' "$work/out.log" && break; sleep 0.1; done
code=$(sed -n 's/^Your verification code is \([0-9]\{6\}\).*/\1/p' "$work/out.log" | tail -1)
curl -fsS "$base/api/v1/email/verify" -H 'content-type: application/json' -d "{\"email\":\"$email\",\"code\":\"$code\"}" >/dev/null
token=$(curl -fsS "$base/api/v1/login/password" -H 'content-type: application/json' \
  -d "{\"identifier\":\"$email\",\"password\":\"benchmarking is fun 42\"}" | sed -n 's/.*"session_token":"\([^"]*\)".*/\1/p')
curl -fsS "$base/api/v1/session" -H "authorization: Bearer $token" >/dev/null

# The API takes the token as a bearer token; pages, like a browser, as the session cookie.
case "$TARGET" in
  /api/*) credential="Authorization: Bearer $token"; how="bearer token" ;;
  *) credential="Cookie: latch_session=$token"; how="session cookie" ;;
esac
curl -fsS -o /dev/null -H "$credential" "$base$TARGET"
echo "GET $TARGET, $how, $CONNECTIONS connections, $THREADS threads, $DURATION, database ${DATABASE_URL%%:*}"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$credential" "$base$TARGET"
