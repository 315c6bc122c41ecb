#!/usr/bin/env bash
# Builds the release app and serves it at http://127.0.0.1:8080 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/setup.sh
kehu_setup serve
trunk build --release
port=${PORT:-8080}
echo
echo "Kehu is at http://127.0.0.1:$port/"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
