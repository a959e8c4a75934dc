#!/usr/bin/env bash
# Latch's resident memory (RSS) around 1,000 password logins, sent 8 at once and then 64 at once,
# on the release build and a fresh SQLite database: idle, after a session-check load, right after
# each batch of logins and 12 s later (the hashing workers give their argon2 areas back after
# 10 quiet seconds). At 64 at once most logins are refused `503 busy` by the bounded hashing
# queue, by design; the answers are counted and printed.
#
#   bash benches/memory.sh               # the build of benches/run.sh (target/release/latch)
#   BIN=path/to/latch bash benches/memory.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/lib.sh
BIN="${BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/latch}"
DURATION="${DURATION:-6s}"
command -v wrk >/dev/null || apt_install wrk

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
source benches/lib.sh

start_latch "sqlite://$work/latch.db?mode=rwc" "$work/latch.log"
row "RSS idle (MB)" "$(rss_mb "$server")" "< 30" ""
make_account "$work/latch.log"
sleep 11
load 32 -H "authorization: Bearer $token" "$base/api/v1/session"
row "RSS after the session-check load (MB)" "$(rss_mb "$server")" "< 60" ""
for at_once in 8 64; do
  answers=$(python3 - "$base" "$email" "$password" "$at_once" <<'PY'
import collections, concurrent.futures, json, sys, urllib.error, urllib.request
base, email, password, at_once = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def log_in(n):
    # Each from its own address, as the trusted proxy reports it: the per-address limit is not
    # what is measured.
    request = urllib.request.Request(
        base + "/api/v1/login/password",
        data=json.dumps({"identifier": email, "password": password}).encode(),
        headers={"content-type": "application/json",
                 "x-forwarded-for": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
    counts = collections.Counter(pool.map(log_in, range(1000)))
print(" ".join(f"{status}:{n}" for status, n in sorted(counts.items())))
PY
)
  row "RSS after 1,000 logins, $at_once at once (MB)" "$(rss_mb "$server")" "<= 64" ""
  row "  answers (status:count)" "$answers" "" ""
  sleep 12
  row "RSS 12 s later (MB)" "$(rss_mb "$server")" "within 10 of after" ""
done
printf '%s\n' "${rows[@]}"
