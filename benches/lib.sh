# Helpers shared by benches/run.sh and benches/scale.sh: starting Latch, an account to load
# with, reading wrk's output. The caller sets BIN, DURATION, $work and the pids array.

rows=()
# row NAME VALUE GOAL RATIO
row() { rows+=("$(printf '%-44s %14s %16s %8s' "$1" "$2" "$3" "${4:-}")"); }
rate() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1" | awk '{printf "%.0f", $1}'; }
# wrk prints the 99th percentile as e.g. "99%  3.74ms" or "99%  812.00us"; this gives ms.
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.2f", v }' "$1"; }
non2xx() { sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# start_latch DATABASE_URL LOG: starts Latch, sets $server and $base.
start_latch() {
  local started
  started=$(date +%s%N)
  DATABASE_URL="$1" LATCH_ADDR=127.0.0.1:0 RUST_LOG=warn TRUSTED_PROXIES=127.0.0.1 \
    "$BIN" > "$2" 2>&1 &
  server=$!
  pids+=("$server")
  for _ in $(seq 200); do grep -q '^listening on ' "$2" && break; sleep 0.01; done
  base=$(sed -n 's/^listening on //p' "$2")
  [ -n "$base" ] || { cat "$2"; exit 1; }
  until curl -fsS -o /dev/null "$base/readyz"; do sleep 0.005; done
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
}

# A verified account, its bearer token (also the cookie's value), on the running server.
make_account() {
  email="bench.$RANDOM$RANDOM@example.com"
  password="benchmarking is fun 42"
  curl -fsS "$base/api/v1/register" -H 'content-type: application/json' \
    -d "{\"first_name\":\"Bench\",\"last_name\":\"Mark\",\"email\":\"$email\",\"phone\":\"+1201555$(printf '%04d' $((RANDOM % 10000)))\",\"password\":\"$password\"}" >/dev/null
  local code=""
  for _ in $(seq 100); do
    code=$(sed -n 's/^Your verification code is \([0-9]\{6\}\).*/\1/p' "$1" | tail -1)
    [ -n "$code" ] && break
    sleep 0.05
  done
  curl -fsS "$base/api/v1/email/verify" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"code\":\"$code\"}" >/dev/null
  token=$(curl -fsS "$base/api/v1/login/password" -H 'content-type: application/json' \
    -d "{\"identifier\":\"$email\",\"password\":\"$password\"}" | sed -n 's/.*"session_token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "could not log in" >&2; exit 1; }
  login_script "$email" "$password" > "$work/login.lua"
}

# login_script EMAIL PASSWORD: a wrk script logging in with these, each request from a fresh
# address as the trusted proxy reports it (the per-address login limit is not what is measured).
login_script() {
  cat <<LUA
wrk.method = "POST"
wrk.body = '{"identifier":"$1","password":"$2"}'
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
    math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  return wrk.format()
end
LUA
}

load() { wrk -t2 -c"$1" -d"$DURATION" --latency "${@:2}" > "$work/wrk.out" 2>&1 || true; }
