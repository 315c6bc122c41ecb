// The floor under Kehu's team sync: plain PouchDB-to-PouchDB replication of N small
// Kehu-shaped documents, then an incremental replication of 100 changed ones, each in a fresh
// Node process so its peak RSS is its own. Figures for docs/decisions/0001-sync-client.md.
//
//   node bench/sync-floor.mjs [memory|leveldb] [N ...]     (default: memory 20000 100000)
//
// memory: the shipped browser bundle (tools/node_modules/pouchdb/dist) with its memory adapter,
// the same replication code the tablet runs; leveldb: Node's pouchdb on disk in a temp folder.
// Writes bench/out/sync-floor-ADAPTER.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const POUCH = path.join(ROOT, "tools/node_modules/pouchdb");
const BATCH = 500; // as public/sync.js replicates
const CHANGED = 100;

function loadPouch(adapter) {
  if (adapter === "leveldb") return createRequire(import.meta.url)(POUCH);
  globalThis.window = globalThis;
  globalThis.self = globalThis;
  for (const file of ["pouchdb.min.js", "pouchdb.memory.min.js"]) {
    vm.runInThisContext(readFileSync(path.join(POUCH, "dist", file), "utf8"), { filename: file });
  }
  return globalThis.PouchDB;
}

// A stable pseudo-random stream, so every run replicates the same documents.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const hex16 = (rand) =>
  Array.from({ length: 2 }, () => Math.floor(rand() * 2 ** 32).toString(16).padStart(8, "0")).join("");

const CITIES = ["徐州", "长沙", "柳州", "济宁", "临沂", "厦门", "常州", "郑州"];

// The bench workspace's mix, in small: customers, opportunities, parts, orders.
function kehuDoc(i, rand, gen = 1, previous = []) {
  const kind = ["customers", "opportunities", "parts", "orders", "orders", "orders"][i % 6];
  const key = String(1714000000000000 + i);
  const ids = [hex16(rand), ...previous];
  const at = 1714000000000 + i * 1000 + gen;
  const record = {
    id: Number(key),
    name: `客户 ${i} 工程机械有限公司`,
    city: CITIES[i % CITIES.length],
    phone: `138${String(i).padStart(8, "0")}`,
    value_cents: Math.floor(rand() * 1e9),
    stage: ["lead", "qualified", "quote", "won"][i % 4],
    notes: gen > 1 ? `changed in generation ${gen}` : "",
  };
  return {
    _id: `${kind}/${key}`,
    _rev: `${gen}-${ids[0]}`,
    _revisions: { start: gen, ids },
    kind,
    at,
    by: 1714000000000999,
    record,
  };
}

function sampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

const mb = (bytes) => Math.round(bytes / 1048576);

async function child(adapter, n) {
  const PouchDB = loadPouch(adapter);
  const dir = mkdtempSync(path.join(tmpdir(), "kehu-sync-floor-"));
  const open = (name) => new PouchDB(adapter === "leveldb" ? path.join(dir, name) : `${name}-${n}`, { adapter });
  const source = open("source");
  const target = open("target");
  const rand = rng(20);
  const revs = [];
  for (let i = 0; i < n; i += 1000) {
    const docs = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) {
      const d = kehuDoc(j, rand);
      revs[j] = d._revisions.ids;
      docs.push(d);
    }
    await source.bulkDocs(docs, { new_edits: false });
  }
  const sizeBytes = Buffer.byteLength(JSON.stringify(kehuDoc(1, rng(1))));
  global.gc?.();
  const before = process.memoryUsage().rss;
  const stopFirst = sampler();
  let t0 = performance.now();
  const first = await PouchDB.replicate(source, target, { batch_size: BATCH });
  const firstS = (performance.now() - t0) / 1000;
  const firstPeak = stopFirst();

  const changed = [];
  for (let k = 0; k < CHANGED; k++) {
    const j = Math.floor((k * n) / CHANGED);
    changed.push(kehuDoc(j, rand, 2, revs[j]));
  }
  await source.bulkDocs(changed, { new_edits: false });
  const stopInc = sampler();
  t0 = performance.now();
  const inc = await PouchDB.replicate(source, target, { batch_size: BATCH });
  const incS = (performance.now() - t0) / 1000;
  const incPeak = stopInc();
  const check = await target.get(changed[0]._id);
  if (check._rev !== changed[0]._rev || first.docs_written !== n || inc.docs_written !== CHANGED) {
    throw new Error("the replication lost documents");
  }
  await source.destroy();
  await target.destroy();
  rmSync(dir, { recursive: true, force: true });
  return {
    adapter,
    docs: n,
    doc_bytes: sizeBytes,
    first: {
      seconds: Number(firstS.toFixed(2)),
      docs_per_s: Math.round(n / firstS),
      rss_before_mb: mb(before),
      peak_rss_mb: mb(firstPeak),
    },
    incremental: { docs: CHANGED, ms: Math.round(incS * 1000), peak_rss_mb: mb(incPeak) },
  };
}

const args = process.argv.slice(2);
if (args[0] === "--child") {
  process.stdout.write(JSON.stringify(await child(args[1], Number(args[2]))));
} else {
  const adapter = ["memory", "leveldb"].includes(args[0]) ? args.shift() : "memory";
  const sizes = args.length ? args.map(Number) : [20000, 100000];
  const runs = sizes.map((n) =>
    JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child", adapter, String(n)], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      }),
    ),
  );
  const result = { node: process.version, pouchdb: JSON.parse(readFileSync(path.join(POUCH, "package.json"))).version, runs };
  mkdirSync(path.join(ROOT, "bench/out"), { recursive: true });
  writeFileSync(path.join(ROOT, `bench/out/sync-floor-${adapter}.json`), JSON.stringify(result, null, 2) + "\n");
  for (const r of runs) {
    console.log(
      `${r.adapter} ${r.docs} docs (${r.doc_bytes} B each): first ${r.first.seconds} s, ${r.first.docs_per_s} docs/s, ` +
        `RSS ${r.first.rss_before_mb} → peak ${r.first.peak_rss_mb} MB; ` +
        `incremental ${r.incremental.docs} docs ${r.incremental.ms} ms, peak ${r.incremental.peak_rss_mb} MB`,
    );
  }
}
