// public/sync.js without a browser: the shipped PouchDB bundle runs in Node, its memory adapter
// standing in for indexeddb, and a third memory database stands in for the team's server.
// Run: node --test tests/sync/bridge.test.mjs
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import vm from "node:vm";

const root = new URL("../../", import.meta.url);
globalThis.window = globalThis;
globalThis.self = globalThis;
// A page's event listeners (sync.js listens for unhandled rejections): no test raises one.
globalThis.addEventListener = () => {};
for (const file of [
  "tools/node_modules/pouchdb/dist/pouchdb.min.js",
  "tools/node_modules/pouchdb/dist/pouchdb.memory.min.js",
  "public/sync.js",
]) {
  vm.runInThisContext(readFileSync(new URL(file, root), "utf8"), { filename: file });
}
const { KehuSync, PouchDB } = globalThis;

let unique = 0;
const fresh = (what) => `${what}-${++unique}`;

// A live sync left running by a failed test would keep Node from exiting.
const handles = [];
function open(name) {
  const h = KehuSync.open(name, "memory");
  handles.push(h);
  return h;
}
after(() => {
  for (const h of handles) if (h.sync) h.sync.cancel();
});

// Kehu's revision ids: 16 hex digits.
const hex = (c) => c.repeat(16);

function customer(id, gen, ids, record) {
  return {
    _id: `customers/${id}`,
    _rev: `${gen}-${ids[0]}`,
    _revisions: { start: gen, ids },
    kind: "customers",
    at: 1714000000000 + gen,
    by: null,
    record,
  };
}

function tombstone(id, gen, ids) {
  return {
    _id: `customers/${id}`,
    _rev: `${gen}-${ids[0]}`,
    _revisions: { start: gen, ids },
    _deleted: true,
    kind: "customers",
    at: 1714000000000 + gen,
    by: null,
  };
}

async function until(what, check, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function device(server) {
  const events = [];
  const h = open(fresh("device"));
  return {
    h,
    events,
    start: () => KehuSync.start(h, server, (e) => events.push(e)),
    stop: () => KehuSync.stop(h),
  };
}

// Caught up: both directions idle and nothing left to push.
async function synced(dev, server) {
  await until("a sync", async () => (await KehuSync.pending(dev.h, server)).length === 0);
  const serverDb = new PouchDB(server, { adapter: "memory" });
  await until("the same documents", async () => {
    const [mine, theirs] = await Promise.all([dev.h.db.info(), serverDb.info()]);
    return mine.doc_count === theirs.doc_count;
  });
}

async function winner(h, id) {
  return h.db.get(id, { conflicts: true });
}

async function changedDoc(h, id) {
  const res = await KehuSync.changes(h, "0", 1000);
  return res.results.find((c) => c.id === id);
}

test("push with new_edits false keeps Kehu's revisions and history", async () => {
  const h = open(fresh("push"));
  const ids = [hex("c"), hex("b"), hex("a")];
  const res = await KehuSync.push(h, [customer(1, 3, ids, { name: "三一" })]);
  assert.deepEqual(res, { written: 1 });
  const doc = await h.db.get("customers/1", { revs: true });
  assert.equal(doc._rev, `3-${hex("c")}`);
  assert.deepEqual(doc._revisions, { start: 3, ids });
  assert.equal(doc.record.name, "三一");
  const i = await h.db.info();
  assert.deepEqual([i.doc_count, i.update_seq], [1, 1]);

  // The same revision again changes nothing; a refused document rejects.
  await KehuSync.push(h, [customer(1, 3, ids, { name: "三一" })]);
  assert.equal((await h.db.info()).update_seq, 1);
  await assert.rejects(KehuSync.push(h, [{ _id: "customers/2", _rev: "not-a-rev", kind: "customers" }]), {
    status: 400,
    reason: "Invalid rev format",
  });
  await KehuSync.destroy(h);
});

test("changes pages with string sequences and leaves design documents and device claims out", async () => {
  const h = open(fresh("changes"));
  await h.db.put({ _id: "_design/kehu", validate_doc_update: "function () {}" });
  await KehuSync.push(h, [
    customer(1, 1, [hex("1")], { name: "a" }),
    customer(2, 1, [hex("2")], { name: "b" }),
    tombstone(3, 1, [hex("3")]),
  ]);
  await h.db.put({ _id: "writers/7", kind: "writers", at: 1, by: null, record: { user: "li.wei" } });
  const first = await KehuSync.changes(h, "0", 2);
  assert.deepEqual(
    first.results.map((c) => c.id),
    ["customers/1"],
  );
  assert.equal(typeof first.last_seq, "string");
  const rest = await KehuSync.changes(h, first.last_seq, 10);
  assert.deepEqual(
    rest.results.map((c) => [c.id, c.deleted, typeof c.seq]),
    [
      ["customers/2", false, "string"],
      ["customers/3", true, "string"],
    ],
  );
  assert.equal(rest.results[0].doc.record.name, "b");
  assert.equal(rest.results[1].doc.kind, "customers");
  await KehuSync.destroy(h);
});

test("concurrent edits through the server become a conflict both devices see and resolve", async () => {
  const server = fresh("server");
  const a = device(server);
  const b = device(server);
  const v1 = customer(7, 1, [hex("1")], { name: "徐工", city: "徐州" });
  await KehuSync.push(a.h, [v1]);
  a.start();
  b.start();
  await synced(a, server);
  await synced(b, server);
  assert.equal((await b.h.db.get("customers/7")).record.name, "徐工");
  assert.ok(a.events.some((e) => e.kind === "change" && e.direction === "push" && e.written === 1));
  assert.ok(b.events.some((e) => e.kind === "change" && e.direction === "pull" && e.written === 1));
  assert.ok(a.events.some((e) => e.kind === "active" && e.direction === "push"));
  assert.ok(a.events.some((e) => e.kind === "paused" && e.status === undefined));

  // Both offline, both edit.
  await Promise.all([a.stop(), b.stop()]);
  const onA = customer(7, 2, [hex("a"), hex("1")], { name: "徐工集团", city: "徐州" });
  const onB = customer(7, 2, [hex("b"), hex("1")], { name: "徐工", city: "南京" });
  await KehuSync.push(a.h, [onA]);
  await KehuSync.push(b.h, [onB]);
  assert.equal((await KehuSync.pending(a.h, server)).length, 1);
  a.start();
  b.start();
  await synced(a, server);
  await synced(b, server);
  for (const dev of [a, b]) {
    await until("the conflict", async () => (await winner(dev.h, "customers/7"))._conflicts !== undefined);
    const c = await changedDoc(dev.h, "customers/7");
    // CouchDB's deterministic winner: same generation, the greater revision id.
    assert.equal(c.doc._rev, onB._rev);
    assert.deepEqual(c.doc._conflicts, [onA._rev]);
    // Both leaves with their histories, for finding the revision they grew from.
    const leaves = await KehuSync.leaves(dev.h, "customers/7");
    const byRev = Object.fromEntries(leaves.map((leaf) => [leaf._rev, leaf]));
    assert.equal(byRev[onA._rev].record.name, "徐工集团");
    assert.deepEqual(byRev[onA._rev]._revisions, { start: 2, ids: [hex("a"), hex("1")] });
    assert.deepEqual(byRev[onB._rev]._revisions, { start: 2, ids: [hex("b"), hex("1")] });
    // The common ancestor stays readable for the three-way merge on the device that had it.
    if (dev === a) assert.equal((await KehuSync.revision(dev.h, "customers/7", v1._rev)).record.city, "徐州");
  }
  assert.equal(await KehuSync.revision(a.h, "customers/7", `2-${hex("f")}`), null);

  // Settled as the wasm settles it: the next revision of the winner, and the other branch ended
  // by a tombstone marked as a resolution.
  const rev = `3-${hex("9")}`;
  const merged = { ...customer(7, 3, [hex("9"), hex("b")], { name: "徐工集团", city: "南京" }) };
  const ended = { ...tombstone(7, 3, [hex("8"), hex("a")]), resolved: true };
  await KehuSync.push(a.h, [merged, ended]);
  await synced(a, server);
  await synced(b, server);
  for (const dev of [a, b]) {
    await until("the resolution", async () => (await winner(dev.h, "customers/7"))._rev === rev);
    const doc = await winner(dev.h, "customers/7");
    assert.equal(doc._conflicts, undefined);
    assert.deepEqual(doc.record, { name: "徐工集团", city: "南京" });
    const changed = (await changedDoc(dev.h, "customers/7")).doc;
    assert.equal(changed._conflicts, undefined);
    assert.equal(changed._deleted_conflicts, undefined, "a resolution's tombstone is no deletion");
  }
  await Promise.all([KehuSync.destroy(a.h), KehuSync.destroy(b.h)]);
});

test("a deletion that loses to an edit is reported as a deleted conflict", async () => {
  const server = fresh("server");
  const a = device(server);
  const b = device(server);
  await KehuSync.push(a.h, [customer(9, 1, [hex("1")], { name: "柳工" })]);
  a.start();
  b.start();
  await synced(a, server);
  await synced(b, server);
  await Promise.all([a.stop(), b.stop()]);
  const gone = tombstone(9, 2, [hex("d"), hex("1")]);
  await KehuSync.push(a.h, [gone]);
  await KehuSync.push(b.h, [customer(9, 2, [hex("0"), hex("1")], { name: "柳工机械" })]);
  a.start();
  b.start();
  await synced(a, server);
  await synced(b, server);
  for (const dev of [a, b]) {
    await until("the edit on both", async () => (await changedDoc(dev.h, "customers/9")).deleted === false);
    const c = await changedDoc(dev.h, "customers/9");
    assert.equal(c.doc.record.name, "柳工机械");
    assert.equal(c.doc._conflicts, undefined);
    assert.deepEqual(c.doc._deleted_conflicts, [gone._rev]);
  }
  await Promise.all([KehuSync.destroy(a.h), KehuSync.destroy(b.h)]);
});

test("a document the server refuses is reported once as denied, and the others go through", async (t) => {
  const server = fresh("server");
  // The memory "server" cannot run validate_doc_update: its adapter is wrapped to refuse one
  // document, shaped as PouchDB's http adapter hands a _bulk_docs refusal to the replicator.
  const memory = PouchDB.adapters.memory;
  function refusing(opts, callback) {
    memory.call(this, opts, (err) => {
      if (!err && this.name === server) {
        const bulkDocs = this._bulkDocs;
        this._bulkDocs = (req, o, cb) => {
          const refused = req.docs.filter((d) => d._id === "settings/funnel");
          const rest = { ...req, docs: req.docs.filter((d) => !refused.includes(d)) };
          bulkDocs.call(this, rest, o, (e, res) => {
            const denied = refused.map((d) => ({
              id: d._id,
              error: "forbidden",
              name: "forbidden",
              reason: "kehu: only a manager may change this",
              status: 500,
            }));
            cb(e, e ? res : res.concat(denied));
          });
        };
      }
      callback(err);
    });
  }
  Object.assign(refusing, memory);
  PouchDB.adapters.memory = refusing;
  t.after(() => {
    PouchDB.adapters.memory = memory;
  });
  const a = device(server);
  const funnel = { ...customer(0, 1, [hex("f")], { stages: [] }), _id: "settings/funnel", kind: "settings" };
  await KehuSync.push(a.h, [funnel, customer(1, 1, [hex("1")], {})]);
  a.start();
  await until("the push", async () => (await KehuSync.pending(a.h, server)).length === 0);
  assert.deepEqual(
    a.events.filter((e) => e.kind === "denied"),
    [
      {
        kind: "denied",
        direction: "push",
        id: "settings/funnel",
        status: 403,
        reason: "kehu: only a manager may change this",
      },
    ],
  );
  const serverDb = new PouchDB(server, { adapter: "memory" });
  assert.equal((await serverDb.get("customers/1")).kind, "customers");
  await assert.rejects(serverDb.get("settings/funnel"), { status: 404 });
  // The local copy is kept.
  assert.equal((await a.h.db.get("settings/funnel"))._rev, funnel._rev);
  await KehuSync.destroy(a.h);
});

test("a deletion stays a conflict until a resolution's tombstone ends its branch", async () => {
  const h = open(fresh("resolve"));
  const edited = customer(5, 2, [hex("b"), hex("1")], { name: "edited" });
  const deleted = tombstone(5, 2, [hex("a"), hex("1")]);
  await KehuSync.push(h, [customer(5, 1, [hex("1")], {}), edited, deleted]);
  assert.deepEqual((await changedDoc(h, "customers/5")).doc._deleted_conflicts, [deleted._rev]);
  const leaves = await KehuSync.leaves(h, "customers/5");
  assert.deepEqual(leaves.map((leaf) => [leaf._rev, Boolean(leaf._deleted)]).sort(), [
    [deleted._rev, true],
    [edited._rev, false],
  ]);
  // Kept the edit: the deletion's branch ends in a marked tombstone, which the feed leaves out.
  await KehuSync.push(h, [{ ...tombstone(5, 3, [hex("c"), hex("a")]), resolved: true }]);
  const settled = (await changedDoc(h, "customers/5")).doc;
  assert.equal(settled._rev, edited._rev);
  assert.equal(settled._deleted_conflicts, undefined);
  await KehuSync.destroy(h);
});

test("pending names the local changes the server has not got, across restarts", async () => {
  const server = fresh("server");
  const a = device(server);
  await KehuSync.push(a.h, [
    customer(1, 1, [hex("1")], {}),
    customer(2, 1, [hex("2")], {}),
    customer(3, 1, [hex("3")], {}),
  ]);
  assert.equal((await KehuSync.pending(a.h, server)).length, 3);
  a.start();
  await synced(a, server);
  assert.equal((await KehuSync.pending(a.h, server)).length, 0);
  await a.stop();
  await KehuSync.push(a.h, [customer(1, 2, [hex("9"), hex("1")], {}), customer(4, 1, [hex("4")], {})]);
  assert.deepEqual((await KehuSync.pending(a.h, server)).sort(), ["customers/1", "customers/4"]);
  // The checkpoint is per server.
  assert.equal((await KehuSync.pending(a.h, fresh("other-server"))).length, 4);
  // A reopened handle (a reload) reads the same figure.
  const again = open(a.h.db.name);
  assert.equal((await KehuSync.pending(again, server)).length, 2);
  a.start();
  await synced(a, server);
  assert.equal((await KehuSync.pending(a.h, server)).length, 0);
  await KehuSync.destroy(a.h);
});

test("an unreachable server is reported as paused with status 0, and stop does not wait", async () => {
  const h = open(fresh("offline"));
  const events = [];
  KehuSync.start(h, "http://127.0.0.1:9/kehu", (e) => events.push(e));
  assert.throws(() => KehuSync.start(h, "http://127.0.0.1:9/kehu", () => {}));
  await until("an offline event", () => events.some((e) => e.kind === "paused" && e.status === 0));
  const offline = events.find((e) => e.kind === "paused" && e.status === 0);
  assert.ok(offline.direction === "push" || offline.direction === "pull");
  assert.equal(typeof offline.reason, "string");
  const t0 = Date.now();
  await KehuSync.stop(h);
  assert.ok(Date.now() - t0 < 300, "stop waited for the retry backoff");
  assert.equal(events.filter((e) => e.kind === "paused" && e.status === undefined).length, 0);
  await KehuSync.destroy(h);
});

test("the server's database is never created by a client", async (t) => {
  const seen = [];
  const srv = createServer((req, res) => {
    seen.push(req.method + " " + req.url.split("?")[0]);
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: "not_found", reason: "Database does not exist." }));
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  t.after(() => srv.close());
  const h = open(fresh("nodb"));
  const events = [];
  KehuSync.start(h, `http://127.0.0.1:${srv.address().port}/couchdb/kehu`, (e) => events.push(e));
  await until("a refusal", () => events.some((e) => e.status === 404));
  await KehuSync.stop(h);
  assert.ok(seen.length > 0);
  assert.deepEqual(
    seen.filter((s) => s.startsWith("PUT /couchdb/kehu")).filter((s) => !s.includes("_local")),
    [],
  );
  await KehuSync.destroy(h);
});

test("destroy deletes the local database", async () => {
  const name = fresh("gone");
  const h = open(name);
  await KehuSync.push(h, [customer(1, 1, [hex("1")], {})]);
  await KehuSync.destroy(h);
  const again = open(name);
  assert.equal((await again.db.info()).doc_count, 0);
});

test("signIn and signOut speak CouchDB's _session", async (t) => {
  const seen = [];
  const srv = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push([req.method, req.url, req.headers["content-type"], body]);
      const reply = (status, json) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (req.method === "POST") {
        const { name, password } = JSON.parse(body);
        if (password === "right") reply(200, { ok: true, name, roles: ["sales"] });
        else reply(401, { error: "unauthorized", reason: "Name or password is incorrect." });
      } else if (req.method === "GET") {
        reply(200, { ok: true, userCtx: { name: null, roles: [] } });
      } else {
        reply(200, { ok: true });
      }
    });
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  t.after(() => srv.close());
  const base = `http://127.0.0.1:${srv.address().port}/couchdb/`;

  assert.deepEqual(await KehuSync.signIn(base, "li.wei", "right"), { name: "li.wei", roles: ["sales"] });
  assert.deepEqual(seen[0], [
    "POST",
    "/couchdb/_session",
    "application/json",
    JSON.stringify({ name: "li.wei", password: "right" }),
  ]);
  await assert.rejects(KehuSync.signIn(base, "li.wei", "wrong"), {
    status: 401,
    reason: "Name or password is incorrect.",
  });
  await KehuSync.signOut(base);
  assert.deepEqual(
    seen.slice(2).map((s) => s.slice(0, 2)),
    [["DELETE", "/couchdb/_session"]],
  );
  await assert.rejects(KehuSync.signIn("http://127.0.0.1:9/", "x", "y"), (err) => {
    assert.equal(err.status, 0);
    return true;
  });
});
