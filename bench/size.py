#!/usr/bin/env python3
"""Sizes of the release build: raw and gzip (level 9) per file and in total."""
import gzip
import json
import pathlib

dist = pathlib.Path(__file__).resolve().parent.parent / "dist"
files = []
for path in sorted(p for p in dist.rglob("*") if p.is_file()):
    data = path.read_bytes()
    files.append({"file": path.relative_to(dist).as_posix(), "raw": len(data), "gzip": len(gzip.compress(data, 9))})
total = {"raw": sum(f["raw"] for f in files), "gzip": sum(f["gzip"] for f in files)}
wasm = next(f for f in files if f["file"].endswith(".wasm"))
result = {"files": files, "total": total, "wasm": wasm}
out = pathlib.Path(__file__).resolve().parent / "out" / "size.json"
out.write_text(json.dumps(result, indent=2) + "\n")
for f in files:
    print(f"{f['raw']:>9} {f['gzip']:>9}  {f['file']}")
print(
    f"size: wasm {wasm['raw'] / 1000:.1f} KB raw / {wasm['gzip'] / 1000:.1f} KB gzip; "
    f"total {total['raw'] / 1000:.1f} KB raw / {total['gzip'] / 1000:.1f} KB gzip ({len(files)} files)"
)
