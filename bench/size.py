#!/usr/bin/env python3
"""Sizes of the release build, and where the wasm's bytes go.

Files: raw and gzip (level 9) per file and in total; the `.gz` copies the build ships are listed
beside their file, not counted again. Then twiggy (pinned by tools/setup.sh) on the wasm as
cargo wrote it, before wasm-bindgen and wasm-opt, so every function still has its name: the
biggest items, the dominators (what a function keeps in the binary through everything only it
calls) and the code summed by crate and by Kehu's module (its features). Those are pre-wasm-opt
bytes, so compare their shares, not their sum with the shipped file.
"""
import gzip
import json
import os
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIST = pathlib.Path(os.environ.get("KEHU_DIST") or ROOT / "dist")
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
WASM = TARGET / "wasm32-unknown-unknown" / "release" / "kehu.wasm"
TOP = 15
DOMINATORS = 25
ROLLUP = 20

# Items that are not code: sections wasm-opt strips or keeps as they are.
NOT_CODE = ('"function names"', "custom section", "data segment", "export ", "import ", "elem[", "table[", "type[")
# Wrappers twiggy puts above every function reachable through the indirect-call table.
WRAPPERS = ("<meta root>", "table[0]", "elem[0]")
PREFIXES = ("<", "&", "mut ", "*const ", "*mut ", "dyn ", "[", "(")
DROP = "core::ptr::drop_in_place<"
HASH = re.compile(r"::h[0-9a-f]{16}$")


def strip(name):
    while True:
        for prefix in PREFIXES:
            if name.startswith(prefix):
                name = name[len(prefix) :]
                break
        else:
            return name


def crate_of(name):
    """The crate a function's code comes from: its path's first segment, the type's for an
    impl of a trait, the trait's for a generic type, the dropped type's for drop glue."""
    if name.startswith(DROP):
        return crate_of(name[len(DROP) :])
    if name.startswith(("__wbindgen", "__wbg", "__externref")):
        return "wasm-bindgen glue"
    path = strip(name)
    match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(::)?", path)
    if match and match.group(2):
        return match.group(1)
    trait = re.search(r" as ([A-Za-z_][A-Za-z0-9_]*)::", path)
    return trait.group(1) if trait else "(no path)"


def feature_of(name):
    """Kehu's module a function belongs to: ui::pages::FEATURE, LAYER::MODULE, or demo."""
    if name.startswith(DROP):
        name = name[len(DROP) :]
    segments = HASH.sub("", strip(name)).split("<")[0].split(" ")[0].split("::")
    if segments[0] != "kehu" or len(segments) < 2:
        return None
    rest = segments[1:]
    depth = 3 if rest[:2] == ["ui", "pages"] else 2 if rest[0] in ("ui", "domain", "state", "store", "usecases") else 1
    return "::".join(rest[:depth])


def rollup(items, key):
    sums = {}
    for item in items:
        group = key(item["name"])
        if group is not None:
            sums[group] = sums.get(group, 0) + item["shallow_size"]
    return sorted(({"name": k, "bytes": v} for k, v in sums.items()), key=lambda g: -g["bytes"])


def dominators(tree, code):
    """The functions that keep ≥ 0.5 % of the code each, with the code they keep, to depth 4
    below the indirect-call table (the nesting shows whose share a child's is). Data is left
    out: twiggy hands the one `.rodata` segment every function reads to whichever dominates it."""
    found = []

    def kept(node):
        own = 0 if node["name"].startswith(NOT_CODE) else node["shallow_size"]
        node["code"] = own + sum(kept(child) for child in node.get("children", []))
        return node["code"]

    def walk(node, depth):
        if node["name"] in WRAPPERS:
            for child in node.get("children", []):
                walk(child, depth)
            return
        if node["code"] < code * 0.005:
            return
        found.append({"name": HASH.sub("", node["name"]), "retained": node["code"], "depth": depth})
        if depth < 3:
            for child in sorted(node.get("children", []), key=lambda c: -c["code"]):
                walk(child, depth + 1)

    for root in tree:
        kept(root)
    for root in tree:
        walk(root, 0)
    return found[:DOMINATORS]


def twiggy(*args):
    return json.loads(subprocess.run(["twiggy", *args, "-f", "json", str(WASM)], check=True, capture_output=True, text=True).stdout)


files = []
for path in sorted(p for p in DIST.rglob("*") if p.is_file() and p.suffix != ".gz"):
    data = path.read_bytes()
    shipped = path.with_name(path.name + ".gz")
    entry = {"file": path.relative_to(DIST).as_posix(), "raw": len(data), "gzip": len(gzip.compress(data, 9))}
    if shipped.exists():
        entry["shipped_gz"] = shipped.stat().st_size
    files.append(entry)
total = {"raw": sum(f["raw"] for f in files), "gzip": sum(f["gzip"] for f in files)}
wasm = next(f for f in files if f["file"].endswith(".wasm"))

items = twiggy("top", "-n", "1000000")
code_items = [i for i in items if not i["name"].startswith(NOT_CODE)]
code = sum(i["shallow_size"] for i in code_items)
analysis = {
    "wasm": str(WASM.relative_to(TARGET)),
    "bytes": sum(i["shallow_size"] for i in items),
    "code": code,
    "data": sum(i["shallow_size"] for i in items if i["name"].startswith("data segment")),
    "top": [{"name": HASH.sub("", i["name"]), "bytes": i["shallow_size"]} for i in code_items[:TOP]],
    "dominators": dominators(twiggy("dominators")["items"], code),
    "by_crate": rollup(code_items, crate_of)[:ROLLUP],
    "by_feature": rollup(code_items, feature_of)[:ROLLUP],
}
result = {"files": files, "total": total, "wasm": wasm, "twiggy": analysis}
out = ROOT / "bench" / "out" / "size.json"
out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


def share(n):
    return f"{n / 1000:>8.1f} KB {100 * n / code:>5.1f}%"


for f in files:
    note = f"  (.gz shipped: {f['shipped_gz']})" if "shipped_gz" in f else ""
    print(f"{f['raw']:>9} {f['gzip']:>9}  {f['file']}{note}")
print(f"\ntwiggy on {analysis['wasm']} (before wasm-bindgen and wasm-opt): {code / 1000:.1f} KB of code, {analysis['data'] / 1000:.1f} KB of data")
print("\nbiggest functions:")
for i in analysis["top"]:
    print(f"{share(i['bytes'])}  {i['name'][:110]}")
print("\ndominators (retained):")
for d in analysis["dominators"]:
    print(f"{share(d['retained'])}  {'  ' * d['depth']}{d['name'][:100]}")
print("\ncode by crate:")
for c in analysis["by_crate"]:
    print(f"{share(c['bytes'])}  {c['name']}")
print("\nkehu's code by module:")
for c in analysis["by_feature"]:
    print(f"{share(c['bytes'])}  {c['name']}")
print(
    f"\nsize: wasm {wasm['raw'] / 1000:.1f} KB raw / {wasm['gzip'] / 1000:.1f} KB gzip; "
    f"total {total['raw'] / 1000:.1f} KB raw / {total['gzip'] / 1000:.1f} KB gzip ({len(files)} files); "
    f"code by crate: "
    + ", ".join(f"{c['name']} {100 * c['bytes'] / code:.0f}%" for c in analysis["by_crate"][:5])
)
