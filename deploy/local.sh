#!/usr/bin/env bash
# The production layout on one machine, every port on loopback: HAProxy in front of three Latch
# instances on one PostgreSQL (or, with --ha, a three-node Patroni cluster behind HAProxy).
#
#   bash deploy/local.sh [--ha]         start everything (installs what is missing, builds Latch)
#   bash deploy/local.sh down           stop everything (the data stays; `wipe` removes it)
#   bash deploy/local.sh status         each instance as HAProxy sees it
#   bash deploy/local.sh restart        a rolling restart: one instance at a time, drained first
#   bash deploy/local.sh stop|start|kill N      one Latch instance (kill: SIGKILL, no drain)
#   bash deploy/local.sh pg restart|stop|start  the PostgreSQL server (not with --ha)
#   bash deploy/local.sh pg leader|stop-leader  with --ha: name the leader, or stop its node
#
# Ports, from PORT_BASE (default 8080): HAProxy on PORT_BASE, the instances on PORT_BASE+1..3,
# HAProxy's statistics page on PORT_BASE+4, PostgreSQL (or the HA leader through HAProxy) on
# PORT_BASE+5. With --ha, the nodes' PostgreSQL on PORT_BASE+11..13, their Patroni REST APIs on
# PORT_BASE+21..23, etcd on PORT_BASE+31 and +32.
# State (databases, logs, pid files) lives in STATE (default /tmp/latch-deploy-PORT_BASE).
# LATCH_BIN names a Latch binary to run instead of building one; the instances inherit the
# caller's environment, so SMTP_URL, SMS_PROVIDER, LATCH_LIMIT_* and RUST_LOG pass through.

set -euo pipefail
DEPLOY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$DEPLOY")
PORT_BASE=${PORT_BASE:-8080}
STATE=${STATE:-/tmp/latch-deploy-$PORT_BASE}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
INSTANCES=(1 2 3)
HTTP_PORT=$PORT_BASE
STATS_PORT=$((PORT_BASE + 4))
PG_PORT=$((PORT_BASE + 5))

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'local.sh: %s\n' "$*" >&2; exit 1; }

# PostgreSQL and Patroni refuse to run as root: as root, their commands run as `postgres`.
# setpriv execs the command itself (runuser would stay as its parent, and on SIGTERM kill it
# 2 s later, mid-shutdown), so a pid file names the real process.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    HOME=$STATE setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

ensure_packages() {
  local missing=()
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v curl >/dev/null || missing+=(curl)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  if [ "$(mode)" = ha ]; then
    command -v patroni >/dev/null || missing+=(patroni)
    command -v etcd >/dev/null || missing+=(etcd-server)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    # Debian starts the packaged services; these ports are ours, the packaged ones stay off.
    for service in haproxy etcd patroni; do
      $sudo systemctl disable --now "$service" >/dev/null 2>&1 || true
    done
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
}

latch_bin() {
  if [ -n "${LATCH_BIN:-}" ]; then
    echo "$LATCH_BIN"
    return
  fi
  local target=${CARGO_TARGET_DIR:-$ROOT/target}
  if [ ! -x "$target/release/latch" ] || [ -n "$(find "$ROOT/src" "$ROOT/Cargo.toml" -newer "$target/release/latch" -print -quit)" ]; then
    say "building Latch (release; the first build takes a while)"
    (source "$ROOT/.ci/lib.sh" && ensure_rust_tools && ensure_npm_packages && build_site release >&2)
  fi
  echo "$target/release/latch"
}

mode() { cat "$STATE/mode" 2>/dev/null || echo "${MODE:-single}"; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not come up within $seconds s (logs in $STATE)"
    sleep 0.2
  done
}

# --- PostgreSQL, one server ------------------------------------------------------------------

pg_ctl_() { as_postgres "$PG_BIN/pg_ctl" -D "$STATE/pg" "$@"; }

pg_start() {
  if [ ! -f "$STATE/pg/PG_VERSION" ]; then
    say "creating a PostgreSQL cluster in $STATE/pg"
    mkdir -p "$STATE/pg"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$STATE/pg"
    as_postgres "$PG_BIN/initdb" -D "$STATE/pg" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  touch "$STATE/pg.log"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$STATE/pg.log"
  pg_ctl_ -l "$STATE/pg.log" -w -t 30 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$STATE/pg -c max_connections=100" \
    start >/dev/null
}

pg_stop() { pg_ctl_ -m fast -w stop >/dev/null 2>&1 || true; }

# --- PostgreSQL, a Patroni cluster -----------------------------------------------------------

etcd_start() {
  local client=$((PORT_BASE + 31)) peer=$((PORT_BASE + 32))
  mkdir -p "$STATE/ha"
  pid_alive "$STATE/etcd.pid" && return
  setsid etcd --name latch-etcd --data-dir "$STATE/ha/etcd" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "latch-etcd=http://127.0.0.1:$peer" >"$STATE/etcd.log" 2>&1 &
  echo $! >"$STATE/etcd.pid"
  wait_for etcd 20 curl -fsS "http://127.0.0.1:$client/health"
}

patroni_config() { # node
  local n=$1
  cat <<YAML
scope: latch
name: pg$n
restapi:
  listen: 127.0.0.1:$((PORT_BASE + 20 + n))
  connect_address: 127.0.0.1:$((PORT_BASE + 20 + n))
etcd3:
  host: 127.0.0.1:$((PORT_BASE + 31))
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    # A commit returns once a standby has it too, and only that standby may take over: a
    # failover loses no acknowledged write.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_log_hints: "on"
        max_connections: 100
  initdb:
    - encoding: UTF8
    - data-checksums
  pg_hba:
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
    - local all all trust
postgresql:
  listen: 127.0.0.1:$((PORT_BASE + 10 + n))
  connect_address: 127.0.0.1:$((PORT_BASE + 10 + n))
  data_dir: $STATE/ha/pg$n
  bin_dir: $PG_BIN
  pgpass: $STATE/ha/pgpass$n
  authentication:
    superuser:
      username: postgres
      password: latch-local
    replication:
      username: replicator
      password: latch-local
    rewind:
      username: rewinder
      password: latch-local
  parameters:
    unix_socket_directories: $STATE/ha
YAML
}

patroni_start() { # node
  local n=$1
  pid_alive "$STATE/patroni$n.pid" && return
  patroni_config "$n" >"$STATE/ha/patroni$n.yml"
  [ "$(id -u)" -ne 0 ] || chown -R postgres: "$STATE/ha"
  touch "$STATE/patroni$n.log"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$STATE/patroni$n.log"
  if [ "$(id -u)" -eq 0 ]; then
    HOME=$STATE setsid setpriv --reuid=postgres --regid=postgres --init-groups -- \
      patroni "$STATE/ha/patroni$n.yml" >>"$STATE/patroni$n.log" 2>&1 &
  else
    setsid patroni "$STATE/ha/patroni$n.yml" >>"$STATE/patroni$n.log" 2>&1 &
  fi
  echo $! >"$STATE/patroni$n.pid"
}

patroni_role() { # node -> primary | replica | (nothing)
  curl -fsS "http://127.0.0.1:$((PORT_BASE + 20 + $1))/patroni" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("role",""))' 2>/dev/null || true
}

ha_leader() {
  local n
  for n in "${INSTANCES[@]}"; do
    case "$(patroni_role "$n")" in primary | master) echo "$n"; return 0 ;; esac
  done
  return 1
}

sync_standby_ready() {
  curl -fsS "http://127.0.0.1:$((PORT_BASE + 21))/cluster" |
    python3 -c 'import json,sys; m=json.load(sys.stdin)["members"]; sys.exit(0 if any(x["role"]=="sync_standby" and x["state"] in ("streaming","running") for x in m) else 1)'
}

ha_up() {
  etcd_start
  local n
  for n in "${INSTANCES[@]}"; do patroni_start "$n"; done
  wait_for "the Patroni leader" 90 ha_leader
  wait_for "a synchronous standby" 90 sync_standby_ready
}

ha_stop() {
  local n
  for n in "${INSTANCES[@]}"; do stop_pidfile "$STATE/patroni$n.pid" 30; done
  stop_pidfile "$STATE/etcd.pid" 10
}

# --- HAProxy and the Latch instances ---------------------------------------------------------

haproxy_env() {
  export LATCH_DEPLOY=$DEPLOY
  export LATCH_HTTP_BIND=127.0.0.1:$HTTP_PORT LATCH_STATS_BIND=127.0.0.1:$STATS_PORT
  export LATCH_1=127.0.0.1:$((PORT_BASE + 1)) LATCH_2=127.0.0.1:$((PORT_BASE + 2)) LATCH_3=127.0.0.1:$((PORT_BASE + 3))
  export LATCH_PG_BIND=127.0.0.1:$PG_PORT
  local n
  for n in "${INSTANCES[@]}"; do
    export "PG_$n=127.0.0.1:$((PORT_BASE + 10 + n))" "PATRONI_$n=$((PORT_BASE + 20 + n))"
  done
}

haproxy_start() {
  pid_alive "$STATE/haproxy.pid" && return
  haproxy_env
  local configs=(-f "$DEPLOY/haproxy.cfg")
  [ "$(mode)" = ha ] && configs+=(-f "$DEPLOY/haproxy-postgres.cfg")
  haproxy -c -q "${configs[@]}" || die "HAProxy refuses its configuration"
  setsid haproxy -db "${configs[@]}" >>"$STATE/haproxy.log" 2>&1 &
  echo $! >"$STATE/haproxy.pid"
  wait_for HAProxy 10 curl -fsS "http://127.0.0.1:$STATS_PORT/"
}

latch_env() { # instance: the settings every instance shares, and its own address
  export LATCH_ADDR=127.0.0.1:$((PORT_BASE + $1))
  export PUBLIC_URL=${PUBLIC_URL:-http://localhost:$HTTP_PORT}
  export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
  export LATCH_SECRET
  LATCH_SECRET=$(cat "$STATE/secret")
  export TRUSTED_PROXIES=127.0.0.1
  export LATCH_SHUTDOWN_DELAY=${LATCH_SHUTDOWN_DELAY:-3}
  # The site is built under the project's target/, whatever CARGO_TARGET_DIR says.
  export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-$ROOT/target/site}
}

latch_start() { # instance
  local n=$1
  pid_alive "$STATE/latch$n.pid" && return
  (
    latch_env "$n"
    cd "$ROOT"
    exec setsid "$(cat "$STATE/bin")" >>"$STATE/latch$n.log" 2>&1
  ) &
  echo $! >"$STATE/latch$n.pid"
  wait_for "Latch $n" 60 curl -fsS "http://127.0.0.1:$((PORT_BASE + n))/readyz"
}

# HAProxy's view of instance N: UP, DOWN, MAINT, or a transition like "UP 1/2".
haproxy_state() {
  curl -fsS "http://127.0.0.1:$STATS_PORT/;csv" |
    awk -F, -v s="latch$1" '$1 == "latch" && $2 == s { print $18 }'
}

haproxy_sees_up() { [ "$(haproxy_state "$1")" = UP ]; }

# With --ha: HAProxy sends PostgreSQL connections to the leader, and only to it.
haproxy_routes_to_leader() {
  local leader up
  leader=$(ha_leader) || return 1
  up=$(curl -fsS "http://127.0.0.1:$STATS_PORT/;csv" |
    awk -F, '$1 == "postgres" && $2 ~ /^pg[0-9]$/ && $18 == "UP" { print substr($2, 3) }')
  [ "$up" = "$leader" ]
}

# SIGTERM, then wait up to `seconds` for the process to exit; SIGKILL past that.
stop_pidfile() { # pidfile, seconds
  local pidfile=$1 seconds=$2
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      say "$pidfile: still running after $seconds s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  rm -f "$pidfile"
}

latch_stop() { stop_pidfile "$STATE/latch$1.pid" 30; }

latch_kill() {
  local pidfile="$STATE/latch$1.pid"
  pid_alive "$pidfile" || return 0
  kill -KILL "$(cat "$pidfile")"
  while pid_alive "$pidfile"; do sleep 0.05; done
  rm -f "$pidfile"
}

# --- commands --------------------------------------------------------------------------------

up() {
  mkdir -p "$STATE"
  if [ -f "$STATE/mode" ] && [ "$(cat "$STATE/mode")" != "$MODE" ]; then
    die "$STATE holds a $(cat "$STATE/mode") setup: run \`$0 wipe\` first"
  fi
  echo "$MODE" >"$STATE/mode"
  ensure_packages
  latch_bin >"$STATE/bin.new"
  mv "$STATE/bin.new" "$STATE/bin"
  [ -f "$STATE/secret" ] || head -c 48 /dev/urandom | base64 | tr -d '\n=' >"$STATE/secret"
  if [ "$MODE" = ha ]; then
    say "starting etcd and three Patroni nodes"
    ha_up
    haproxy_start
    # HAProxy counts a server up until its checks say otherwise: wait until only the leader is.
    wait_for "HAProxy's checks of the nodes" 30 haproxy_routes_to_leader
  else
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    pg_start
    haproxy_start
  fi
  say "starting three Latch instances"
  local n
  for n in "${INSTANCES[@]}"; do latch_start "$n"; done
  for n in "${INSTANCES[@]}"; do wait_for "HAProxy's check of Latch $n" 20 haproxy_sees_up "$n"; done
  say "Latch: http://localhost:$HTTP_PORT  (HAProxy statistics: http://127.0.0.1:$STATS_PORT/)"
  say "logs and data: $STATE; stop with: bash $0 down"
}

down() {
  [ -d "$STATE" ] || return 0
  local n
  for n in "${INSTANCES[@]}"; do latch_stop "$n" & done
  wait
  stop_pidfile "$STATE/haproxy.pid" 10
  if [ "$(mode)" = ha ]; then ha_stop; else pg_stop; fi
  say "stopped; the data stays in $STATE (\`$0 wipe\` removes it)"
}

status() {
  local n
  for n in "${INSTANCES[@]}"; do
    local process=stopped
    pid_alive "$STATE/latch$n.pid" && process="running (pid $(cat "$STATE/latch$n.pid"))"
    printf 'latch%s  127.0.0.1:%s  %-24s HAProxy: %s\n' "$n" $((PORT_BASE + n)) "$process" "$(haproxy_state "$n" 2>/dev/null || echo '?')"
  done
  if [ "$(mode)" = ha ]; then
    printf 'PostgreSQL leader: node %s\n' "$(ha_leader || echo none)"
  fi
}

# One instance at a time: SIGTERM (it drains: /readyz 503, HAProxy takes it out, requests in
# flight finish), start it again, and wait until HAProxy sends it traffic before the next.
rolling_restart() {
  local n
  for n in "${INSTANCES[@]}"; do
    say "restarting Latch $n"
    latch_stop "$n"
    latch_start "$n"
    wait_for "HAProxy's check of Latch $n" 20 haproxy_sees_up "$n"
  done
}

instance() { # N
  [[ "${1:-}" =~ ^[123]$ ]] || die "name an instance: 1, 2 or 3"
  echo "$1"
}

MODE=single
args=()
for arg in "$@"; do
  case "$arg" in
    --ha) MODE=ha ;;
    *) args+=("$arg") ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"

case "${1:-up}" in
  up) up ;;
  down) down ;;
  wipe) down; rm -rf "$STATE"; say "removed $STATE" ;;
  status) status ;;
  restart) rolling_restart ;;
  stop) latch_stop "$(instance "${2:-}")" ;;
  start) latch_start "$(instance "${2:-}")"; wait_for "HAProxy's check of Latch $2" 20 haproxy_sees_up "$2" ;;
  kill) latch_kill "$(instance "${2:-}")" ;;
  pg)
    case "${2:-}" in
      restart) pg_ctl_ -m fast -w -t 30 -l "$STATE/pg.log" restart >/dev/null ;;
      stop) pg_stop ;;
      start) pg_start ;;
      leader) ha_leader || die "no leader" ;;
      stop-leader)
        leader=$(ha_leader) || die "no leader"
        stop_pidfile "$STATE/patroni$leader.pid" 30
        echo "$leader"
        ;;
      start-node) patroni_start "$(instance "${3:-}")" ;;
      *) die "pg restart|stop|start|leader|stop-leader|start-node N" ;;
    esac
    ;;
  *) die "unknown command ${1}: see the top of $0" ;;
esac
