#!/usr/bin/env bash
# Does the cost of a request stay flat as the users pile up? Seeds N users, each with a session,
# straight into the tables, for each N in SIZES (default 10,000 and 1,000,000), on SQLite and
# PostgreSQL. Then it measures the session check (throughput and p99 with 32 connections) and
# the median of a password login (one connection), alternating the sizes round by round (ROUNDS,
# default 3) so that whatever else the machine does falls on each. Prints the medians, the
# largest size's ratio to the smallest, RSS, and the database's size per user.
#
#   bash benches/scale.sh                        # builds release first
#   SKIP_BUILD=1 ROUNDS=5 DURATION=6s bash benches/scale.sh
#
# PostgreSQL: TEST_POSTGRES_URL's server (default postgres://postgres@127.0.0.1:5432/test), in
# databases of its own, created and dropped here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/lib.sh
BIN="${BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/latch}"
DURATION="${DURATION:-6s}"
ROUNDS="${ROUNDS:-3}"
read -r -a SIZES <<< "${SIZES:-10000 1000000}"
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"

command -v wrk >/dev/null || apt_install wrk
command -v psql >/dev/null || apt_install postgresql-client
if [ -z "${SKIP_BUILD:-}" ]; then
  ensure_rust_tools
  build_site release
fi

work=$(mktemp -d)
pids=()
pg_dbs=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for db in "${pg_dbs[@]}"; do
    psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
source benches/lib.sh

p50() { awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.2f", v }' "$1"; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# seed DIALECT URL N: N users (each with the bench account's password hash, so any of them can
# log in with its password) and one live session each.
seed() {
  case "$1" in
    sqlite)
      python3 - "${2#sqlite://}" "$3" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
password_hash = db.execute("SELECT password_hash FROM users LIMIT 1").fetchone()[0]
now, week, month = "2026-01-01T00:00:00+00:00", "2099-01-08T00:00:00+00:00", "2099-01-31T00:00:00+00:00"
db.execute("""
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO users (id, first_name, last_name, email, phone, password_hash,
                       email_verified_at, created_at, updated_at)
    SELECT randomblob(16), 'Seed', 'User', 'seed' || i || '@example.com',
           '+1999' || printf('%09d', i), ?, ?, ?, ? FROM n""", (n, password_hash, now, now, now))
db.execute("INSERT INTO user_roles (user_id, role) SELECT id, 'user' FROM users WHERE email LIKE 'seed%'")
db.execute("""
    INSERT INTO sessions (id_hash, public_id, user_id, data, created_at, last_seen_at,
                          expires_at, absolute_expires_at)
    SELECT randomblob(32), randomblob(16), id, '{}', ?, ?, ?, ?
    FROM users WHERE email LIKE 'seed%'""", (now, now, week, month))
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("ANALYZE")
PY
      ;;
    postgres)
      psql -q "$2" -v ON_ERROR_STOP=1 >/dev/null <<SQL
INSERT INTO users (id, first_name, last_name, email, phone, password_hash, email_verified_at,
                   created_at, updated_at)
SELECT gen_random_uuid(), 'Seed', 'User', 'seed' || i || '@example.com',
       '+1999' || lpad(i::text, 9, '0'), (SELECT password_hash FROM users LIMIT 1), now(), now(), now()
FROM generate_series(1, $3) AS i;
INSERT INTO user_roles (user_id, role) SELECT id, 'user' FROM users WHERE email LIKE 'seed%';
INSERT INTO sessions (id_hash, public_id, user_id, data, created_at, last_seen_at, expires_at,
                      absolute_expires_at)
SELECT sha256(id::text::bytea), gen_random_uuid(), id, '{}', now(), now(),
       now() + interval '7 days', now() + interval '30 days'
FROM users WHERE email LIKE 'seed%';
VACUUM ANALYZE;
SQL
      ;;
  esac
}

db_bytes() {
  case "$1" in
    sqlite) stat -c %s "${2#sqlite://}" ;;
    postgres) psql -Atq "$2" -c "SELECT pg_database_size(current_database())" ;;
  esac
}

measure_dialect() {
  local dialect=$1
  declare -A url token_of email_of size_of
  for n in "${SIZES[@]}"; do
    if [ "$dialect" = sqlite ]; then
      url[$n]="sqlite://$work/scale-$n.db"
    else
      local db="latch_scale_${n}_$$"
      psql -q "$PG_URL" -c "CREATE DATABASE $db" >/dev/null
      pg_dbs+=("$db")
      url[$n]="${PG_URL%/*}/$db"
    fi
    start_latch "${url[$n]}" "$work/$dialect-$n.log"
    make_account "$work/$dialect-$n.log"
    token_of[$n]=$token
    email_of[$n]=$email
    kill "$server"
    wait "$server" 2>/dev/null || true
    say "$dialect: seeding $n users and sessions"
    local started=$SECONDS
    seed "$dialect" "${url[$n]}" "$n"
    echo "seeded in $((SECONDS - started)) s"
    size_of[$n]=$(db_bytes "$dialect" "${url[$n]}")
  done

  declare -A checks p99s logins rss
  for round in $(seq "$ROUNDS"); do
    for n in "${SIZES[@]}"; do
      start_latch "${url[$n]}" "$work/$dialect-$n.log"
      load 32 -H "authorization: Bearer ${token_of[$n]}" "$base/api/v1/session"
      [ -z "$(non2xx "$work/wrk.out")" ] || { echo "session checks failed" >&2; cat "$work/wrk.out" >&2; exit 1; }
      checks[$n]+="$(rate "$work/wrk.out") "
      p99s[$n]+="$(p99 "$work/wrk.out") "
      # A user from the middle of the seeded range, one login at a time.
      login_script "seed$((n / 2))@example.com" "$password" > "$work/seeded.lua"
      wrk -t1 -c1 -d"$DURATION" --latency -s "$work/seeded.lua" "$base/api/v1/login/password" > "$work/wrk.out" 2>&1 || true
      [ -z "$(non2xx "$work/wrk.out")" ] || { echo "logins failed" >&2; cat "$work/wrk.out" >&2; exit 1; }
      logins[$n]+="$(p50 "$work/wrk.out") "
      rss[$n]+="$(rss_mb "$server") "
      echo "$dialect round $round, $n users: session check $(echo "${checks[$n]}" | awk '{ print $NF }') req/s, login $(p50 "$work/wrk.out") ms"
      kill "$server"
      wait "$server" 2>/dev/null || true
    done
  done

  local smallest=${SIZES[0]} largest=${SIZES[-1]}
  for n in "${SIZES[@]}"; do
    local check login
    check=$(echo "${checks[$n]}" | median)
    login=$(echo "${logins[$n]}" | median)
    row "$dialect, $n users: session check (req/s)" "$check" "" "$(ratio "$check" "$(echo "${checks[$smallest]}" | median)")"
    row "$dialect, $n users: session check p99 (ms)" "$(echo "${p99s[$n]}" | median)" "" ""
    row "$dialect, $n users: login median (ms)" "$login" "" "$(ratio "$login" "$(echo "${logins[$smallest]}" | median)")"
    row "$dialect, $n users: RSS after the loads (MB)" "$(echo "${rss[$n]}" | median)" "" ""
    row "$dialect, $n users: database bytes per user" "$(awk -v b="${size_of[$n]}" -v n="$n" 'BEGIN { printf "%.0f", b / n }')" "" ""
  done
  row "$dialect: session check, $largest / $smallest users" "" ">= 0.90" "$(ratio "$(echo "${checks[$largest]}" | median)" "$(echo "${checks[$smallest]}" | median)")"
  row "$dialect: login median, $largest / $smallest users" "" "<= 1.20" "$(ratio "$(echo "${logins[$largest]}" | median)" "$(echo "${logins[$smallest]}" | median)")"
}

measure_dialect sqlite
if psql -q "$PG_URL" -c 'SELECT 1' >/dev/null 2>&1; then
  measure_dialect postgres
else
  echo "PostgreSQL: no server at $PG_URL, its rows are skipped" >&2
fi

echo
echo "Latch at scale, $(date -u +%Y-%m-%d), $(nproc) cores, $(git rev-parse --short HEAD), medians of $ROUNDS alternating rounds, wrk $DURATION"
printf '%-44s %14s %16s %8s\n' "figure" "value" "goal" "ratio"
printf '%s\n' "${rows[@]}"
echo "(ratio: to the smallest size)"
