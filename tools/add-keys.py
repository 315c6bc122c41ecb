#!/usr/bin/env python3
"""Merges translation keys into locales/*.json, sorted.

Usage: tools/add-keys.py KEYS.json, where KEYS.json is {"key": {"en": "...", "zh-CN": "..."}}.
Takes a lock so that several people adding keys at once do not lose each other's."""
import fcntl, json, pathlib, sys

root = pathlib.Path(__file__).resolve().parent.parent
new = json.loads(pathlib.Path(sys.argv[1]).read_text())
with open(root / "locales" / ".lock", "w") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    for loc in ("en", "zh-CN"):
        path = root / "locales" / f"{loc}.json"
        table = json.loads(path.read_text())
        for key, text in new.items():
            if key in table and table[key] != text[loc]:
                print("overwrite", key)
            table[key] = text[loc]
        path.write_text(json.dumps(dict(sorted(table.items())), ensure_ascii=False, indent=2) + "\n")
