#!/usr/bin/env bash
# Runs every test, cheapest first: format, lints (host and wasm32), native tests, the sync
# server's rules and the sync bridge in Node, browser tests in headless Chromium, the release
# build, and end-to-end tests against dist/ (the sync tests with their own server on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
kehu_setup test
# A test run builds each crate once: incremental caches would only cost disk.
export CARGO_INCREMENTAL=0

step() { printf '\n=== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (host)"
cargo clippy --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

step "native tests"
cargo test

step "sync server rules and the browser's sync bridge (node, pouchdb-server on loopback)"
node --test --test-concurrency=1 tests/sync/

step "browser tests (wasm-bindgen-test, headless Chromium)"
# The runner's limit is for a whole test file, not one test: the store suite takes ~20 s.
export WASM_BINDGEN_TEST_TIMEOUT=180
cargo test --target wasm32-unknown-unknown --test browser
cargo test --target wasm32-unknown-unknown --test fixture_upgrade

step "release build"
trunk build --release

step "end-to-end tests (playwright-core, Debian Chromium, dist/ under /kehu/)"
node --test --test-concurrency=1 tests/e2e/
