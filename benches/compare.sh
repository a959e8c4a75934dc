#!/usr/bin/env bash
# Compares two builds of Latch under the same loads, in the same run: the session check
# (benches/session_check.sh) and password logins (benches/password_login.sh), alternating the
# builds round by round so that whatever else the machine does falls on both. Prints each
# round's requests per second, the medians, and new/old.
#
#   bash benches/compare.sh OLD_BINARY NEW_BINARY [ROUNDS]
#
# Build the old one from its commit, e.g.:
#   git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release --features ssr --bin latch)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old="$1"
new="$2"
rounds="${3:-5}"
export DURATION="${DURATION:-8s}"

rate() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A results
for bench in session_check password_login; do
  for round in $(seq "$rounds"); do
    for side in old new; do
      bin="${!side}"
      r=$(BIN="$bin" bash "benches/$bench.sh" 2>/dev/null | rate)
      results[$bench.$side]+="$r "
      echo "$bench round $round $side: $r req/s"
    done
  done
done

echo
printf '%-16s %10s %10s %8s\n' bench old new new/old
for bench in session_check password_login; do
  o=$(tr ' ' '\n' <<<"${results[$bench.old]}" | grep . | median)
  n=$(tr ' ' '\n' <<<"${results[$bench.new]}" | grep . | median)
  printf '%-16s %10.1f %10.1f %8.3f\n' "$bench" "$o" "$n" "$(awk -v a="$o" -v b="$n" 'BEGIN {print b / a}')"
done
