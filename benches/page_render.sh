#!/usr/bin/env bash
# What speaking several languages costs a page: GET /login (anonymous) and GET /account (the
# session cookie) under the same wrk load, median latency, requests per second, and the RSS
# after start and after the load; for an older build with English alone, and for this build
# with English alone and with LATCH_LOCALES=en,pl,ar (the requests asking for Polish, so each
# page is rendered from the Polish catalogue). Rounds alternate the three, so whatever else the
# machine does falls on all of them. Prints each round, then the medians and new/old.
#
#   bash benches/page_render.sh OLD_BINARY NEW_BINARY [ROUNDS]
#
# Build the old one from its commit, e.g.:
#   git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release --features ssr --bin latch)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old="$1"
new="$2"
rounds="${3:-5}"
DURATION="${DURATION:-8s}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
source benches/lib.sh

# wrk's median, in ms ("50%  1.23ms", "812.00us").
p50() { awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.3f", v }' "$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A results
# measure NAME BINARY LOCALES ACCEPT_LANGUAGE
measure() {
  local name=$1 locales=$3 language=$4
  BIN=$2
  rm -f "$work/latch.db"*
  LATCH_LOCALES="$locales" start_latch "sqlite://$work/latch.db" "$work/out.log"
  make_account "$work/out.log"
  local idle
  idle=$(rss_mb "$server")
  wrk -t2 -c32 -d2s -H "accept-language: $language" "$base/login" >/dev/null 2>&1
  wrk -t2 -c32 -d"$DURATION" --latency -H "accept-language: $language" "$base/login" > "$work/login.out" 2>&1
  wrk -t2 -c32 -d"$DURATION" --latency -H "accept-language: $language" \
    -H "cookie: latch_session=$token" "$base/account" > "$work/account.out" 2>&1
  local after
  after=$(rss_mb "$server")
  [ -z "$(non2xx "$work/login.out")$(non2xx "$work/account.out")" ] || echo "note: $name: some pages were not 200" >&2
  results[$name.login_p50]+="$(p50 "$work/login.out") "
  results[$name.login_rate]+="$(rate "$work/login.out") "
  results[$name.account_p50]+="$(p50 "$work/account.out") "
  results[$name.account_rate]+="$(rate "$work/account.out") "
  results[$name.rss_idle]+="$idle "
  results[$name.rss_after]+="$after "
  echo "$name: /login p50 $(p50 "$work/login.out") ms, $(rate "$work/login.out")/s; /account p50 $(p50 "$work/account.out") ms, $(rate "$work/account.out")/s; RSS $idle → $after MB"
  kill "$server"
  wait "$server" 2>/dev/null || true
}

for round in $(seq "$rounds"); do
  echo "round $round"
  measure old-en "$old" en en
  measure new-en "$new" en en
  measure new-3 "$new" en,pl,ar pl
done

echo
printf '%-22s %10s %10s %10s %8s %8s\n' figure old-en new-en new-3 en/old 3/old
for figure in login_p50 login_rate account_p50 account_rate rss_idle rss_after; do
  o=$(tr ' ' '\n' <<<"${results[old-en.$figure]}" | grep . | median)
  e=$(tr ' ' '\n' <<<"${results[new-en.$figure]}" | grep . | median)
  t=$(tr ' ' '\n' <<<"${results[new-3.$figure]}" | grep . | median)
  printf '%-22s %10s %10s %10s %8.3f %8.3f\n' "$figure" "$o" "$e" "$t" \
    "$(awk -v a="$o" -v b="$e" 'BEGIN {print b / a}')" "$(awk -v a="$o" -v b="$t" 'BEGIN {print b / a}')"
done
