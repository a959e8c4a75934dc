#!/usr/bin/env bash
# Measures POST /api/v1/login/password (a correct password: one argon2id verification, the
# failure counter reserved and reset, a session written) under a short local load with wrk,
# against the release build. Each request comes from its own address through a trusted proxy
# (`X-Forwarded-For`), so the per-address login limit measures nothing here.
#
#   bash benches/password_login.sh                  # SQLite in a temporary folder
#   BIN=/path/to/other/latch bash benches/password_login.sh   # another build, same load
#
# 8 connections: with 2 cores, 2 hash and 6 wait, under the hasher's queue bound (4 × cores),
# so every answer is a login and none a `503 busy`. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN="${BIN:-${CARGO_TARGET_DIR:-target}/release/latch}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"

[ -x "$BIN" ] || { echo "build first: LATCH_PROFILE=release bash .ci/serve, or bash .ci/test" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
export DATABASE_URL="${DATABASE_URL:-sqlite://$work/latch.db}"
LATCH_ADDR=127.0.0.1:0 RUST_LOG=warn TRUSTED_PROXIES=127.0.0.1 "$BIN" > "$work/out.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/out.log" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/out.log")

email="bench.$RANDOM$RANDOM@example.com"
phone="+1201555$(printf '%04d' $((RANDOM % 10000)))"
password="benchmarking is fun 42"
curl -fsS "$base/api/v1/register" -H 'content-type: application/json' \
  -d "{\"first_name\":\"Bench\",\"last_name\":\"Mark\",\"email\":\"$email\",\"phone\":\"$phone\",\"password\":\"$password\"}" >/dev/null
for _ in $(seq 50); do grep -q 'verification code is' "$work/out.log" && break; sleep 0.1; done
code=$(sed -n 's/^Your verification code is \([0-9]\{6\}\).*/\1/p' "$work/out.log" | tail -1)
curl -fsS "$base/api/v1/email/verify" -H 'content-type: application/json' -d "{\"email\":\"$email\",\"code\":\"$code\"}" >/dev/null

source benches/lib.sh
login_script "$email" "$password" > "$work/login.lua"
curl -fsS -o /dev/null "$base/api/v1/login/password" -H 'content-type: application/json' \
  -d "{\"identifier\":\"$email\",\"password\":\"$password\"}"
echo "POST /api/v1/login/password, $CONNECTIONS connections, $THREADS threads, $DURATION, database ${DATABASE_URL%%:*}, $BIN"
# wrk prints "Non-2xx or 3xx responses: N" when any answer was not a login.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/login.lua" "$base/api/v1/login/password"
