// Team sync: the first sync of the `bench` workspace's records into an empty device, then an
// incremental sync of 100 records changed on the server, each next to a floor measured in the
// same run on the same server database: plain PouchDB (the bundle the app ships) replicating
// the server's documents into an empty indexeddb database, as the app's pull side does (live,
// retry, batches of 500). Each side runs in a browser of its own, so the renderer's peak RSS and
// JS heap are that side's alone.
//
//   node bench/sync.mjs            KEHU_SYNC_BENCH_SCALE=0.1 takes a tenth of each store
//
// The server is pouchdb-server (tests/e2e/support/couch.mjs) behind the same-origin proxy the
// e2e tests use, filled with every record of the `bench` workspace the app generates, as the
// documents Kehu's sync writes (src/usecases/sync.rs `doc_of`).
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { loadBenchWorkspace, median, ratio, writeResult } from "./common.mjs";
import { setUpCompany, startCouch } from "../tests/e2e/support/couch.mjs";
import { KINDS } from "../tools/couch/design.mjs";
import { launch, serveDist } from "../tests/e2e/support/suite.mjs";

const SCALE = Number(process.env.KEHU_SYNC_BENCH_SCALE ?? "1");
const DB = "bench";
const USER = { name: "bench.manager", password: "kehu-bench-sync", role: "manager" };
const CHANGED = 100;
const INCREMENTAL_RUNS = 3;
// Waiting longer than this for a side is a finding, not a figure.
const GIVE_UP_MS = 45 * 60_000;
// A side whose counts stop moving for this long has left records out.
const STALL_MS = 3 * 60_000;
const SAMPLE_MS = 250;
// Counting walks every store in the tab under test, so it is done rarely while the sync runs (at
// once when the status says synced): often enough to see a stall, not so often it slows the sync.
const COUNT_MS = 15_000;
const PAGE = 4096;
const CLOCK_TICKS = 100; // per second, as /proc counts CPU time (getconf CLK_TCK)
// How often a long side says how far it got (on stderr).
const PROGRESS_MS = 30_000;

const seconds = (ms) => Number((ms / 1000).toFixed(2));
const mb = (bytes) => Math.round(bytes / 1048576);
const log = (line) => console.error(`[sync bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

if (!(SCALE > 0 && SCALE <= 1)) throw new Error(`KEHU_SYNC_BENCH_SCALE must be in (0, 1], not ${SCALE}`);

const couch = await startCouch();
const adminAuth = `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString("base64")}`;
await setUpCompany(couch, DB, [USER]);
const server = await serveDist({ couch: couch.url });

async function admin(method, path, body) {
  const response = await fetch(`${couch.url}/${DB}/${path}`, {
    method,
    headers: { Authorization: adminAuth, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

// --- Peak memory and CPU time: the processes this script started, read from /proc. ---

function processTable() {
  const table = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      table.push({ pid: Number(name), ppid });
    } catch {
      // Gone meanwhile.
    }
  }
  return table;
}

/**
 * This script's child processes that matter, each as `tab` (a Chromium renderer), `browser`
 * (Chromium's other processes) or `server` (pouchdb-server).
 */
function watchedProcesses() {
  const table = processTable();
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { pid, ppid } of table) {
      if (mine.has(ppid) && !mine.has(pid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  const found = [];
  for (const pid of mine) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmdline.includes("pouchdb-server")) found.push({ pid, group: "server" });
      else if (cmdline.includes("chromium")) found.push({ pid, group: cmdline.includes("--type=renderer") ? "tab" : "browser" });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

function rss(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE;
  } catch {
    return 0;
  }
}

/** Proportional set size: the browser's processes share much, so their RSS would count it twice. */
function pss(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))[1]) * 1024;
  } catch {
    return 0;
  }
}

/** User plus system CPU time so far, in clock ticks; undefined once the process is gone. */
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Samples, every SAMPLE_MS until stopped, the biggest renderer's RSS (the one tab open), the
 * PSS of all the browser's processes together and the page's JS heap (CDP), and counts the CPU
 * time the tab, the browser's other processes and the server spent meanwhile. `stop()` gives
 * the peaks and the CPU seconds.
 */
async function sampler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  let processes = watchedProcesses();
  const firstTicks = new Map(processes.map(({ pid }) => [pid, cpuTicks(pid) ?? 0]));
  const lastTicks = new Map();
  const groupOf = new Map();
  let ticks = 0;
  const peak = { tab_rss: 0, browser_pss: 0, js_heap: 0 };
  let heapAsked = false;
  const sample = () => {
    if (++ticks % 8 === 0) processes = watchedProcesses();
    let tab = 0;
    let all = 0;
    for (const { pid, group } of processes) {
      groupOf.set(pid, group);
      const cpu = cpuTicks(pid);
      if (cpu !== undefined) lastTicks.set(pid, cpu);
      if (group === "server") continue;
      all += pss(pid);
      if (group === "tab") tab = Math.max(tab, rss(pid));
    }
    peak.tab_rss = Math.max(peak.tab_rss, tab);
    peak.browser_pss = Math.max(peak.browser_pss, all);
    // One question at a time: a busy page answers late.
    if (!heapAsked) {
      heapAsked = true;
      cdp
        .send("Performance.getMetrics")
        .then(({ metrics }) => {
          const used = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
          peak.js_heap = Math.max(peak.js_heap, used);
        })
        .catch(() => {})
        .finally(() => {
          heapAsked = false;
        });
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      cdp.detach().catch(() => {});
      const cpu = { tab: 0, browser: 0, server: 0 };
      for (const [pid, last] of lastTicks) cpu[groupOf.get(pid)] += last - (firstTicks.get(pid) ?? 0);
      return {
        tab_rss_mb: mb(peak.tab_rss),
        browser_pss_mb: mb(peak.browser_pss),
        js_heap_mb: mb(peak.js_heap),
        cpu_s: Object.fromEntries(Object.entries(cpu).map(([group, t]) => [group, Number((t / CLOCK_TICKS).toFixed(1))])),
      };
    },
  };
}

/** Counts the page's requests to the server by what they ask (`_changes`, `_bulk_get`…). */
function countRequests(page) {
  const counts = {};
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (!pathname.startsWith("/couchdb/")) return;
    const [, , db, ...rest] = pathname.split("/");
    const what = db === DB ? rest.join("/").replace(/^_local\/.*/, "_local") || "db info" : db;
    counts[`${request.method()} ${what}`] = (counts[`${request.method()} ${what}`] ?? 0) + 1;
  });
  return counts;
}

// --- The server's documents: the bench workspace, as the app generates it. ---

/**
 * Creates the `bench` Demo workspace in a browser of its own, and writes its records (a share of
 * each store by key order when SCALE < 1) to the server as Kehu's documents, in batches with
 * `new_edits: false`. Resolves with how many of each kind went.
 */
async function fillServer() {
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: "en" });
    const loadSeconds = await loadBenchWorkspace(context, server);
    log(`bench workspace created in ${loadSeconds.toFixed(1)} s; writing it to the server`);
    const page = await context.newPage();
    // Any page of the origin reads the workspace's database; the folder listing runs no app.
    await page.goto(server.origin + "/");
    const started = Date.now();
    const counts = await page.evaluate(
      async ({ kinds, scale, auth, db }) => {
        const idb = await new Promise((resolve, reject) => {
          const open = indexedDB.open("kehu-demo");
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const ask = (request) =>
          new Promise((resolve, reject) => {
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
        const post = async (docs) => {
          const response = await fetch(`/couchdb/${db}/_bulk_docs`, {
            method: "POST",
            headers: { Authorization: auth, "Content-Type": "application/json" },
            body: JSON.stringify({ docs, new_edits: false }),
          });
          const answer = await response.json();
          if (!response.ok || answer.length > 0) throw new Error(`_bulk_docs: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
        };
        const BATCH = 1000;
        const counts = {};
        let posting = Promise.resolve();
        for (const kind of kinds) {
          const total = await ask(idb.transaction(kind).objectStore(kind).count());
          const wanted = Math.ceil(total * scale);
          counts[kind] = 0;
          let after;
          while (counts[kind] < wanted) {
            const tx = idb.transaction(kind);
            const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
            const limit = Math.min(BATCH, wanted - counts[kind]);
            const [keys, values] = await Promise.all([
              ask(tx.objectStore(kind).getAllKeys(range, limit)),
              ask(tx.objectStore(kind).getAll(range, limit)),
            ]);
            if (keys.length === 0) break;
            after = keys[keys.length - 1];
            // src/usecases/sync.rs `doc_of`: the record's fields without the stored revision.
            const docs = values.map((value, i) => {
              const { _rev, _at, _by, ...record } = value;
              return { _id: `${kind}/${keys[i]}`, _rev, kind, at: _at ?? 0, by: _by ?? null, record };
            });
            counts[kind] += docs.length;
            // One batch in flight while the next is read.
            await posting;
            posting = post(docs);
          }
        }
        await posting;
        idb.close();
        return counts;
      },
      { kinds: KINDS, scale: SCALE, auth: adminAuth, db: DB },
    );
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    log(`server holds ${total} records, written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { counts, total, bench_load_seconds: loadSeconds, server_fill_seconds: seconds(Date.now() - started) };
  } finally {
    await browser.close();
  }
}

/**
 * Prepares a change of CHANGED customers on the server (the `round`th spread of them): a new
 * Kehu-shaped revision of each, its address changed. Resolves with the new documents and
 * `write()`, which stores them.
 */
async function changeOnServer(round) {
  const { rows } = await admin("GET", `_all_docs?startkey=${encodeURIComponent('"customers/"')}&endkey=${encodeURIComponent('"customers/\uffff"')}`);
  const ids = Array.from({ length: CHANGED }, (_, i) => rows[Math.floor(((i + round / 7) * rows.length) / CHANGED) % rows.length].id);
  const { rows: current } = await admin("POST", "_all_docs?include_docs=true", { keys: ids });
  const docs = current.map(({ doc }) => {
    const [generation, tag] = doc._rev.split("-");
    const start = Number(generation) + 1;
    const newTag = randomBytes(8).toString("hex");
    return {
      ...doc,
      _rev: `${start}-${newTag}`,
      _revisions: { start, ids: [newTag, tag] },
      at: Date.now(),
      record: { ...doc.record, address: `${doc.record.address} (moved ${round})` },
    };
  });
  return { docs, write: () => admin("POST", "_bulk_docs", { docs, new_edits: false }) };
}

/**
 * INCREMENTAL_RUNS times: changes CHANGED customers on the server and waits for `arrived` (run in
 * the page with each changed id's new revision) to resolve the times they arrived where it
 * looks (`replica`: the local PouchDB, `store`: Kehu's store). Gives each run's milliseconds from
 * the server's write, and their medians.
 */
async function incrementals(page, side, arrived) {
  const runs = [];
  for (let run = 0; run < INCREMENTAL_RUNS; run++) {
    const change = await changeOnServer(side === "floor" ? 2 * run : 2 * run + 1);
    const memory = await sampler(page);
    const waiting = page.evaluate(arrived, Object.fromEntries(change.docs.map((d) => [d._id, d._rev])));
    const changedAt = Date.now();
    await change.write();
    const at = await waiting;
    runs.push({ ...Object.fromEntries(Object.entries(at).map(([where, t]) => [`${where}_ms`, t - changedAt])), peak: memory.stop() });
    // Let the replication's own follow-up (checkpoints, the push side) end before the next run.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  const ms = median(runs.map((r) => r.store_ms ?? r.replica_ms));
  log(`${side}: ${CHANGED} changed records in ${runs.map((r) => r.store_ms ?? r.replica_ms).join(", ")} ms`);
  return { docs: CHANGED, ms, replica_ms: median(runs.map((r) => r.replica_ms)), runs };
}

// --- Floor: plain PouchDB replicating the server's database into an empty indexeddb one. ---

async function floorSide(expectedDocs) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: "en" });
    const page = await context.newPage();
    await page.goto(server.origin + "/");
    for (const file of ["pouchdb.min.js", "pouchdb.indexeddb.min.js"]) {
      await page.addScriptTag({ url: `/kehu/${file}` });
    }
    await page.evaluate(async ({ user, db }) => {
      const response = await fetch("/couchdb/_session", {
        method: "POST",
        credentials: "include",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: user.name, password: user.password }),
      });
      if (!response.ok) throw new Error(`floor sign-in: ${response.status}`);
      window.floorRemote = `${location.origin}/couchdb/${db}`;
    }, { user: USER, db: DB });

    const requests = countRequests(page);
    const memory = await sampler(page);
    const started = Date.now();
    await page.evaluate(() => {
      window.floorLocal = new PouchDB("floor-sync", { adapter: "indexeddb" });
      window.floorErrors = [];
      const remote = new PouchDB(window.floorRemote, { skip_setup: true });
      // As public/sync.js replicates, pull side only.
      window.floorRep = PouchDB.replicate(remote, window.floorLocal, { live: true, retry: true, batch_size: 500 });
      window.floorRep.on("error", (e) => window.floorErrors.push(String(e)));
      window.floorRep.on("denied", (e) => window.floorErrors.push(String(e)));
    });
    let docs = 0;
    let last = { docs: -1, at: Date.now() };
    for (;;) {
      docs = await page.evaluate(async () => (await window.floorLocal.info()).doc_count);
      if (docs >= expectedDocs) break;
      if (docs !== last.docs) last = { ...last, docs, at: Date.now() };
      if (Date.now() - (last.said ?? started) > PROGRESS_MS) {
        last.said = Date.now();
        log(`floor: ${docs} documents after ${seconds(Date.now() - started)} s`);
      }
      if (Date.now() - last.at > STALL_MS || Date.now() - started > GIVE_UP_MS) {
        throw new Error(`floor stopped at ${docs} of ${expectedDocs} documents: ${await page.evaluate(() => window.floorErrors.join("; "))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
    const firstMs = Date.now() - started;
    const firstMemory = memory.stop();
    log(`floor: ${docs} documents in ${seconds(firstMs)} s, ${JSON.stringify(firstMemory)}`);

    const incremental = await incrementals(page, "floor", async (wanted) => {
      for (;;) {
        const { rows } = await window.floorLocal.allDocs({ keys: Object.keys(wanted) });
        if (rows.every((row) => row.value?.rev === wanted[row.key])) return { replica: Date.now() };
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    return {
      docs,
      first: { seconds: seconds(firstMs), docs_per_s: Math.round(docs / (firstMs / 1000)), peak: firstMemory, requests: { ...requests } },
      incremental,
    };
  } finally {
    await browser.close();
  }
}

// --- Kehu: the app on an empty device, signed in through Settings → Team sync. ---

/**
 * The shell's sync status and, with `counting`, the `kehu-mine` store counts and the documents of
 * the local replica (PouchDB's indexeddb database `kehu-mine-sync`, design document included),
 * read in the page.
 */
const readKehu = (page, counting) =>
  page.evaluate(async ({ kinds, counting }) => {
    const status = document.querySelector('[data-testid="sync-status"]');
    const shown = {
      // The badge's own text, without the count of records needing attention beside it.
      status: status ? [...status.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim() : "",
      attention: document.querySelector('[data-testid="sync-attention"]')?.textContent ?? "0",
    };
    if (!counting) return shown;
    const idb = await new Promise((resolve, reject) => {
      const open = indexedDB.open("kehu-mine");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = idb.transaction(kinds.filter((k) => idb.objectStoreNames.contains(k)));
    const counts = {};
    await Promise.all(
      [...tx.objectStoreNames].map(
        (kind) =>
          new Promise((resolve) => {
            const request = tx.objectStore(kind).count();
            request.onsuccess = () => resolve((counts[kind] = request.result));
          }),
      ),
    );
    idb.close();
    let replica = 0;
    // Opening a database that does not exist yet would create it under PouchDB.
    if ((await indexedDB.databases()).some((d) => d.name === "_pouch_kehu-mine-sync")) {
      replica = await new Promise((resolve) => {
        const open = indexedDB.open("_pouch_kehu-mine-sync");
        open.onsuccess = () => {
          const db = open.result;
          // PouchDB asks for a new version at each open: never hold it up.
          db.onversionchange = () => db.close();
          const request = db.transaction("docs").objectStore("docs").count();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => resolve(0);
        };
        open.onerror = () => resolve(0);
      });
    }
    return { ...shown, counts, replica };
  }, { kinds: KINDS, counting });

async function kehuSide(expected, expectedReplica) {
  const browser = await launch();
  const problems = [];
  try {
    const context = await browser.newContext({ locale: "en", viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().includes("404 (Not Found)")) problems.push(message.text());
    });
    await page.goto(server.url + "#/settings");
    const section = page.getByTestId("team-sync");
    await section.getByTestId("sync-database").fill(DB);
    await section.getByTestId("sync-user").fill(USER.name);
    await section.getByTestId("sync-password").fill(USER.password);
    const before = await readKehu(page, true);
    for (const [kind, n] of Object.entries(before.counts)) if (n > 0) log(`kehu: the empty device already holds ${n} ${kind}`);
    // A record the fresh workspace made itself under the same key counts once.
    const wanted = Object.fromEntries(KINDS.map((k) => [k, Math.max(expected[k] ?? 0, before.counts[k] ?? 0)]));

    const requests = countRequests(page);
    const memory = await sampler(page);
    const started = Date.now();
    await section.getByTestId("sync-sign-in").click();
    let state;
    let complete;
    let syncedAt;
    let replicaAt;
    let last = { total: -1, at: Date.now() };
    let countedAt = 0;
    for (;;) {
      // A count walks the whole store (IndexedDB keeps no count): every COUNT_MS, or once synced.
      const shown = await readKehu(page, false);
      const counting = Date.now() - countedAt >= COUNT_MS || shown.status === "Synced";
      state = counting ? await readKehu(page, true) : { ...state, ...shown };
      if (counting) countedAt = Date.now();
      const now = Date.now();
      const total = Object.values(state.counts).reduce((a, b) => a + b, 0);
      complete = KINDS.every((k) => (state.counts[k] ?? 0) >= wanted[k]);
      if (state.replica >= expectedReplica) replicaAt ??= now;
      if (state.status === "Synced") syncedAt ??= now;
      else syncedAt = undefined;
      if (complete && syncedAt !== undefined) break;
      if (total !== last.total || state.status !== last.status) last = { ...last, total, status: state.status, at: now };
      if (now - (last.said ?? started) > PROGRESS_MS) {
        last.said = now;
        log(`kehu: ${total} records, replica ${state.replica} documents, status "${state.status}" after ${seconds(now - started)} s`);
      }
      if (now - last.at > STALL_MS || now - started > GIVE_UP_MS) break;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
    const firstMs = Date.now() - started;
    const firstMemory = memory.stop();
    const docs = Object.values(state.counts).reduce((a, b) => a + b, 0);
    const missing = Object.fromEntries(KINDS.filter((k) => (state.counts[k] ?? 0) < wanted[k]).map((k) => [k, wanted[k] - (state.counts[k] ?? 0)]));
    log(`kehu: ${docs} records in ${seconds(firstMs)} s (replica complete at ${replicaAt && seconds(replicaAt - started)} s, status "${state.status}", attention ${state.attention}), ${JSON.stringify(firstMemory)}`);
    const first = {
      complete,
      status: state.status,
      attention: Number(state.attention),
      records: docs,
      missing,
      seconds: seconds(firstMs),
      docs_per_s: Math.round(docs / (firstMs / 1000)),
      // When the local replica held every document, before the store had taken them all in.
      replica_complete_seconds: replicaAt && seconds(replicaAt - started),
      peak: firstMemory,
      requests: { ...requests },
    };
    if (!complete) return { first, incremental: null, problems };

    const incremental = await incrementals(page, "kehu", async (wanted) => {
      const open = (name) =>
        new Promise((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      // Every changed record's revision in `store` of database `name`, `rev` read from each.
      const revisions = async (name, store, keys, rev) => {
        const db = await open(name);
        db.onversionchange = () => db.close();
        const objects = db.transaction(store).objectStore(store);
        const found = await Promise.all(
          keys.map(
            (key) =>
              new Promise((resolve) => {
                const request = objects.get(key);
                request.onsuccess = () => resolve(request.result && rev(request.result));
                request.onerror = () => resolve(undefined);
              }),
          ),
        );
        db.close();
        return found;
      };
      const ids = Object.keys(wanted);
      const keys = ids.map((id) => Number(id.slice("customers/".length)));
      const arrived = {};
      for (;;) {
        const now = Date.now();
        if (arrived.replica === undefined) {
          const revs = await revisions("_pouch_kehu-mine-sync", "docs", ids, (doc) => doc.rev);
          if (revs.every((rev, i) => rev === wanted[ids[i]])) arrived.replica = now;
        }
        const revs = await revisions("kehu-mine", "customers", keys, (record) => record._rev);
        if (revs.every((rev, i) => rev === wanted[ids[i]])) return { ...arrived, store: now };
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    return { first, incremental, problems };
  } finally {
    await browser.close();
  }
}

try {
  const filled = await fillServer();
  const { doc_count: serverDocs } = await admin("GET", "");
  const floor = await floorSide(serverDocs);
  const kehu = await kehuSide(filled.counts, serverDocs);
  const result = {
    scale: SCALE,
    records: filled.total,
    records_by_kind: filled.counts,
    server_docs: serverDocs,
    bench_load_seconds: filled.bench_load_seconds,
    server_fill_seconds: filled.server_fill_seconds,
    floor,
    kehu,
    first_time_ratio: ratio(kehu.first.seconds, floor.first.seconds),
    first_tab_memory_ratio: ratio(kehu.first.peak.tab_rss_mb, floor.first.peak.tab_rss_mb),
    first_browser_memory_ratio: ratio(kehu.first.peak.browser_pss_mb, floor.first.peak.browser_pss_mb),
    incremental_kehu_s: kehu.incremental && seconds(kehu.incremental.ms),
    incremental_floor_s: seconds(floor.incremental.ms),
  };
  writeResult("sync", result);
  if (kehu.problems.length > 0) console.log(`sync: the app reported ${kehu.problems.length} errors, first: ${kehu.problems[0]}`);
  const k = kehu.first;
  const f = floor.first;
  const side = (name, x) =>
    `${name} ${x.seconds} s, ${x.docs_per_s} docs/s, tab peak ${x.peak.tab_rss_mb} MB RSS (JS heap ${x.peak.js_heap_mb} MB, ` +
    `browser ${x.peak.browser_pss_mb} MB PSS), CPU s tab ${x.peak.cpu_s.tab} browser ${x.peak.cpu_s.browser} server ${x.peak.cpu_s.server}`;
  console.log(
    `sync first (${filled.total} records${k.complete ? "" : `, INCOMPLETE: ${JSON.stringify(k.missing)} missing`}): ` +
      `${side("Kehu", k)}, its replica complete at ${k.replica_complete_seconds} s; ${side("PouchDB floor", f)}; ` +
      `ratio time ${result.first_time_ratio}, tab memory ${result.first_tab_memory_ratio}, ` +
      `browser memory ${result.first_browser_memory_ratio}`,
  );
  console.log(
    `sync incremental (${CHANGED} changed records, median of ${INCREMENTAL_RUNS}): Kehu ${result.incremental_kehu_s ?? "not run"} s ` +
      `(its replica ${kehu.incremental && seconds(kehu.incremental.replica_ms)} s), PouchDB floor ${result.incremental_floor_s} s`,
  );
} finally {
  server.stop();
  await couch.stop();
}
