#!/usr/bin/env python3
"""Trunk post-build hook (one hook: Trunk runs a stage's hooks concurrently, and sw.js must
list the compressed files): writes a gzip copy of each big file, then sw.js.

`X.gz` beside the wasm, JS and CSS lets any static host send gzip's size: boot.js fetches the
wasm's `.gz` and decompresses it itself when the host compressed nothing, and hosts that serve
precompressed files (nginx gzip_static, Caddy's precompressed) use the others. Brotli is left
out: no browser's DecompressionStream reads it, so only such hosts could, and not for the wasm,
which boot.js asks for as `.gz`. Release builds compress at level 9; development builds at
level 1, for speed. mtime 0: an identical build gives identical files.

sw.js precaches exactly the files boot needs: every emitted file but the compressed copies,
with the wasm as boot.js fetches it (the `.gz` where the browser can decompress it). The cache
version is a hash of the files' contents, so an identical rebuild yields an identical sw.js (no
false "new version" prompt) and any change yields a new one.
"""
import gzip
import hashlib
import json
import os
import pathlib

COMPRESSED = (".wasm", ".js", ".css")
MIN_SIZE = 4096

staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
level = 9 if os.environ.get("TRUNK_PROFILE") == "release" else 1

for path in sorted(staging.rglob("*")):
    if path.is_file() and path.suffix in COMPRESSED and path.stat().st_size >= MIN_SIZE:
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), level, mtime=0))

emitted = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file() and p.name != "sw.js")
wasm = [name for name in emitted if name.endswith(".wasm")]
if len(wasm) != 1:
    raise SystemExit(f"post-build: expected one .wasm, found {wasm}")
files = [name for name in emitted if not name.endswith(".gz") and name != wasm[0]]

digest = hashlib.sha256()
for name in emitted:
    digest.update(name.encode())
    digest.update((staging / name).read_bytes())
version = digest.hexdigest()[:16]

template = pathlib.Path(__file__).with_name("sw.template.js").read_text(encoding="utf-8")
header = (
    f"const VERSION = {json.dumps(version)};\n"
    f"const WASM = {json.dumps(wasm[0])};\n"
    f"const FILES = {json.dumps(files, indent=2)};\n\n"
)
(staging / "sw.js").write_text(header + template, encoding="utf-8")
print(f"sw.js: {len(files) + 1} files, version {version}; gzip level {level}")
