# Shared by .ci/serve and .ci/test (sourced): finds or installs each tool the build needs, and
# says what it is doing. A tool already present at the right version is left alone, so a second
# run does no installing.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.8

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
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (once; about 20 minutes on 2 cores)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  # cargo-leptos runs the wasm-bindgen CLI from PATH; it must match the library in Cargo.lock.
  local wasm_bindgen
  wasm_bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$wasm_bindgen"; then
    say "installing wasm-bindgen-cli $wasm_bindgen (matches Cargo.lock)"
    # Not --locked: its lock file names a yanked crate.
    cargo install wasm-bindgen-cli --version "$wasm_bindgen" --force
  fi
}

ensure_npm_packages() {
  if ! command -v npm >/dev/null; then
    say "installing Node.js and npm"
    apt_install nodejs npm
  fi
  # Playwright, and wasm-opt from npm's binaryen (Debian's older wasm-opt breaks hydration).
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright/test ] \
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
