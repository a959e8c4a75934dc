# Shared by .ci/serve and .ci/test (sourced): finds or installs each tool the build needs, and
# says what it is doing. A tool already present at the right version is left alone, so a second
# run does no installing.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/end2end/node_modules/.bin:$PATH"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

ensure_rust_tools() {
  if ! command -v cargo >/dev/null; then
    echo "Rust (cargo, rustc 1.95) is required: see https://rustup.rs" >&2
    exit 1
  fi
  # webauthn-rs (passkeys) builds against the system's OpenSSL.
  if ! pkg-config --exists openssl 2>/dev/null; then
    say "installing OpenSSL's headers and pkg-config (for webauthn-rs)"
    apt_install libssl-dev pkg-config
  fi
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target (for the browser bundle)"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen CLI, which must match the library in Cargo.lock. Built without optimisation,
# in a target folder of its own (TARGET_DIR): it runs once per build on one file, and an
# unoptimised build takes a third of the time.
ensure_wasm_bindgen() { # target_dir
  local version
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$version"; then
    say "installing wasm-bindgen-cli $version (matches Cargo.lock)"
    # Not --locked: its lock file names a yanked crate.
    CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=false \
      cargo install wasm-bindgen-cli --version "$version" --force --bin wasm-bindgen \
      --target-dir "$1"
  fi
}

# Runs a command and says how long it took; the times are kept for `timings`.
STEP_TIMES=()
timed() { # what, command...
  local what=$1 start=$SECONDS
  shift
  say "$what"
  "$@"
  STEP_TIMES+=("$(printf '%5d s  %s' $((SECONDS - start)) "$what")")
}

timings() {
  say "time per step"
  printf '%s\n' "${STEP_TIMES[@]}" >&2
}

# Starts the browser bundles' build in the background; `finish_site` waits for it. BUNDLE_NICE
# (CI: 19) lets it take only the cores other steps leave idle.
start_bundles() {
  local target=${CARGO_TARGET_DIR:-$ROOT/target}
  local front=$target/front
  BUNDLE_LOG=$(mktemp)
  BUNDLE_STARTED=$SECONDS
  say "browser bundles: building in the background (cargo build --target wasm32-unknown-unknown --profile wasm-release; log $BUNDLE_LOG)"
  # Two bundles: every island, and the login page's own (feature login-bundle, build.rs). Both
  # builds write latch.wasm, so each is copied aside; and since each makes the other's output
  # stale in cargo's eyes, they are skipped when the sources are as they were for the copies.
  (
    set -e
    renice -n "${BUNDLE_NICE:-0}" -p "$BASHPID" >/dev/null
    ensure_wasm_bindgen "$front/tools"
    local sources
    sources=$(cd "$ROOT" && find src build.rs Cargo.toml Cargo.lock -type f -print0 | sort -z \
      | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$front/bundles.stamp" 2>/dev/null)" != "$sources" ] \
      || [ ! -f "$front/hydrate.wasm" ] || [ ! -f "$front/login-bundle.wasm" ]; then
      for bundle in hydrate login-bundle; do
        LEPTOS_OUTPUT_NAME=latch cargo build --lib --target wasm32-unknown-unknown \
          --profile wasm-release --no-default-features --features "$bundle" --target-dir "$front"
        cp "$front/wasm32-unknown-unknown/wasm-release/latch.wasm" "$front/$bundle.wasm"
      done
      echo "$sources" >"$front/bundles.stamp"
    fi
    echo $((SECONDS - BUNDLE_STARTED)) >"$BUNDLE_LOG.seconds"
  ) >"$BUNDLE_LOG" 2>&1 &
  BUNDLE_PID=$!
}

# Waits for the bundles, then lays out the site for the server binary in BIN_DIR.
finish_site() { # bin_dir
  local front=${CARGO_TARGET_DIR:-$ROOT/target}/front
  local site=${LEPTOS_SITE_ROOT:-$ROOT/target/site}
  if ! wait "$BUNDLE_PID"; then
    cat "$BUNDLE_LOG" >&2
    say "the browser bundle did not build (above)"
    return 1
  fi
  STEP_TIMES+=("$(printf '%5d s  %s' "$(cat "$BUNDLE_LOG.seconds")" "browser bundles, in the background (wasm-bindgen CLI when missing, the WASM of every island and the login page's)")")
  rm -f "$BUNDLE_LOG" "$BUNDLE_LOG.seconds"
  timed "site (wasm-bindgen, wasm-opt, esbuild, hashes; skipped when nothing changed)" \
    node "$ROOT/.ci/site.mjs" --wasm "$front/hydrate.wasm" --login-wasm "$front/login-bundle.wasm" \
    --site "$site" --hash-file "$1/hash.txt"
}

# The site as `cargo leptos build --release` makes it, with the tools this script installs (no
# cargo-leptos, whose own build took 18 minutes): the server binary of PROFILE (`release`, or
# `serve`: faster to compile, see Cargo.toml), the islands' WASM (profile `wasm-release`), then
# .ci/site.mjs (wasm-bindgen, wasm-opt, esbuild, content-hashed names, `hash.txt` beside the
# binary, public/). The site goes to LEPTOS_SITE_ROOT (target/site).
#
# The browser half (the wasm-bindgen CLI when missing, then the WASM) builds beside the server,
# in a target folder of its own as cargo-leptos' `front` one: the two share no compiled crate
# (different targets), and the long one-core tail of each (LTO, linking) leaves a core idle that
# the other one uses.
build_site() { # profile
  local profile=${1:-release}
  local bin_dir=${CARGO_TARGET_DIR:-$ROOT/target}/$profile
  [ "$profile" = dev ] && bin_dir=${CARGO_TARGET_DIR:-$ROOT/target}/debug
  start_bundles
  # What cargo-leptos sets while building; only the output name is read (leptos' fallback file
  # names), and both builds get it so either tool's artifacts are the same.
  timed "server (cargo build --profile $profile)" \
    env LEPTOS_OUTPUT_NAME=latch cargo build --profile "$profile" --features ssr --bin latch
  finish_site "$bin_dir"
}

ensure_npm_packages() {
  if ! command -v npm >/dev/null; then
    say "installing Node.js and npm"
    apt_install nodejs npm
  fi
  # Playwright; wasm-opt from npm's binaryen (Debian's older wasm-opt breaks hydration); esbuild.
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright/test ] \
    || [ ! -x end2end/node_modules/.bin/esbuild ] \
    || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing npm packages in end2end/ (Playwright, binaryen)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-fund --no-audit)
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's Chromium for the browser tests"
    apt_install chromium
  fi
}

ensure_deploy_tools() {
  # deploy/local.sh and the chaos tests: HAProxy, PostgreSQL's server, Patroni and etcd, all
  # from Debian. Their packaged services stay off: local.sh runs its own on its own ports.
  local missing=()
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v patroni >/dev/null || missing+=(patroni)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v curl >/dev/null || missing+=(curl)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (deploy/local.sh and the chaos tests)"
    apt_install "${missing[@]}"
  fi
}
