#!/usr/bin/env python3
"""Trunk post-build hook: writes sw.js precaching exactly the files this build emitted.

The cache version is a hash of those files' contents, so an identical rebuild yields an
identical sw.js (no false "new version" prompt) and any change yields a new one.
"""
import hashlib
import json
import os
import pathlib

staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
template = pathlib.Path(__file__).with_name("sw.template.js").read_text(encoding="utf-8")

files = sorted(
    p.relative_to(staging).as_posix()
    for p in staging.rglob("*")
    if p.is_file() and p.name != "sw.js"
)
digest = hashlib.sha256()
for name in files:
    digest.update(name.encode())
    digest.update((staging / name).read_bytes())
version = digest.hexdigest()[:16]

header = f"const VERSION = {json.dumps(version)};\nconst FILES = {json.dumps(files, indent=2)};\n\n"
(staging / "sw.js").write_text(header + template, encoding="utf-8")
print(f"sw.js: {len(files)} files, version {version}")
