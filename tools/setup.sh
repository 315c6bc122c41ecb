#!/usr/bin/env bash
# Installs what Kehu's build (and, given `test`, its tests; given `size`, bench/run size) needs,
# each at its pinned version, skipping whatever is already there at that version. Sourced by serve.sh and test.sh, so the
# PATH it sets (cargo's bin, then the pinned wasm-opt first) holds for them.

kehu_fail() {
  echo "setup: $*" >&2
  exit 1
}

kehu_setup() {
  local want_tests=$1
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  export PATH="$HOME/.cargo/bin:$PATH"
  command -v cargo >/dev/null || kehu_fail "cargo not found: install Rust with rustup (https://rustup.rs)"
  command -v npm >/dev/null || kehu_fail "npm not found: install Node.js 20+ (Debian: apt-get install nodejs npm)"
  command -v python3 >/dev/null || kehu_fail "python3 not found (Trunk's post-build hook writes sw.js with it)"

  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "setup: adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || kehu_fail "could not add the wasm32 target"
  fi

  local trunk_version=0.21.14
  if ! trunk --version 2>/dev/null | grep -q " $trunk_version\$"; then
    echo "setup: installing trunk $trunk_version (about 9 minutes on 2 cores)"
    cargo install trunk --version "$trunk_version" --locked || kehu_fail "could not install trunk $trunk_version"
  fi

  # The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
  local bindgen_version
  bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
  [ -n "$bindgen_version" ] || kehu_fail "no wasm-bindgen version in Cargo.lock"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen_version\$" ||
    ! wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $bindgen_version\$"; then
    echo "setup: installing wasm-bindgen-cli $bindgen_version"
    # Not --locked: the locked tree needs a crate version this mirror lacks.
    cargo install wasm-bindgen-cli --version "$bindgen_version" --force ||
      kehu_fail "could not install wasm-bindgen-cli $bindgen_version"
  fi

  # twiggy, the code-size profiler bench/run size reads the wasm with: only for that benchmark.
  local twiggy_version=0.8.0
  if [ "$want_tests" = size ] && ! twiggy --version 2>/dev/null | grep -q " $twiggy_version\$"; then
    echo "setup: installing twiggy $twiggy_version (about 3 minutes on 2 cores)"
    cargo install twiggy --version "$twiggy_version" --locked || kehu_fail "could not install twiggy $twiggy_version"
  fi

  # binaryen 132 (wasm-opt) and playwright-core, from the committed lockfile.
  # node_modules/.kehu-lock is the lockfile it was installed from.
  if ! cmp -s "$root/tools/package-lock.json" "$root/tools/node_modules/.kehu-lock"; then
    echo "setup: installing npm packages from tools/package-lock.json"
    (cd "$root/tools" && npm ci --no-audit --no-fund) || kehu_fail "npm ci failed in tools/"
    cp "$root/tools/package-lock.json" "$root/tools/node_modules/.kehu-lock"
  fi
  export PATH="$root/tools/node_modules/.bin:$PATH"
  wasm-opt --version | grep -q "version 132" || kehu_fail "wasm-opt on PATH is not binaryen 132"

  if [ "$want_tests" = test ]; then
    local missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
    # Without a CJK font, screenshots show Chinese as empty boxes. grep reads all of fc-list's
    # output (no -q): an early exit would kill fc-list with SIGPIPE and fail the pipeline.
    fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
    if [ ${#missing[@]} -gt 0 ]; then
      echo "setup: installing ${missing[*]} from Debian"
      local sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo apt-get update -qq || kehu_fail "apt-get update failed"
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver fonts-noto-cjk fontconfig >/dev/null ||
        kehu_fail "could not install ${missing[*]} with apt-get"
    fi
    export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}

    # The sync tests' server (pouchdb-server), installed like tools/ above.
    if ! cmp -s "$root/tests/sync-server/package-lock.json" "$root/tests/sync-server/node_modules/.kehu-lock"; then
      echo "setup: installing the sync test server from tests/sync-server/package-lock.json (about 2 minutes)"
      (cd "$root/tests/sync-server" && npm ci --no-audit --no-fund) || kehu_fail "npm ci failed in tests/sync-server/"
      cp "$root/tests/sync-server/package-lock.json" "$root/tests/sync-server/node_modules/.kehu-lock"
    fi
  fi
}
