// The team server of the sync tests: pouchdb-server (pinned in tests/sync-server) on loopback,
// with a fresh data directory, standing in for CouchDB 3 (see docs/sync/couchdb.md for how it
// differs). A watchdog ends the server when the test process goes, however it goes.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setUpCompany as setUp } from "../../../tools/couch/setup.mjs";

const SERVER_BIN = fileURLToPath(
  new URL("../../sync-server/node_modules/pouchdb-server/bin/pouchdb-server", import.meta.url),
);

// The child's program, run as `node -e` text (so `process.argv` reads as `node BIN ARGS...`).
// Its stdin closes when the test process ends, even by SIGKILL: it then removes its data
// directory (its working directory) and exits. Before starting pouchdb-server it mends
// pouchdb-validation 4.2.0, which overwrites a pushed document's `_revisions` with those of the
// stored one whenever a database has a `validate_doc_update`, so a replicated update is dropped
// while reported as written (pouchdb/pouchdb-server#419, unfixed): CouchDB keeps them.
function serverMain() {
  const fs = require("node:fs");
  const Module = require("node:module");
  const path = require("node:path");
  process.stdin
    .on("end", () => {
      fs.rmSync(process.cwd(), { recursive: true, force: true });
      process.exit(0);
    })
    .resume();

  const bin = process.argv[1];
  const file = require.resolve("pouchdb-validation", { paths: [path.dirname(bin)] });
  const source = fs.readFileSync(file, "utf8");
  const bug = "newDoc._revisions = (oldDoc || {})._revisions;";
  if (!source.includes(bug)) throw new Error(`${file} changed: check whether pouchdb-server#419 is still to be mended`);
  const mended = new Module(file, module);
  mended.filename = file;
  mended.paths = Module._nodeModulePaths(path.dirname(file));
  mended._compile(source.replace(bug, ""), file);
  mended.loaded = true;
  require.cache[file] = mended;
  require(bin);
}

const running = new Set();
const dataDirs = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** A free TCP port on 127.0.0.1 (free when asked; the server takes it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  // Held (see `launch`'s unref) so the process lives until the exit comes.
  child.ref();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function launch(port, dir) {
  const child = spawn(
    process.execPath,
    ["-e", `(${serverMain})();`, SERVER_BIN, "-o", "127.0.0.1", "-p", String(port), "-d", dir, "-c", path.join(dir, "config.json"), "-n"],
    { cwd: dir, stdio: ["pipe", "pipe", "pipe"] },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  // A test that forgets `stop()` must not keep its process alive: the exit hook ends the server.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream.unref();
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`pouchdb-server exited (${child.exitCode ?? child.signalCode}): ${output}`);
    }
    // It keeps running without listening when the port is taken.
    if (output.includes("already in use")) {
      child.kill("SIGKILL");
      throw new Error(`pouchdb-server: port ${port} is in use: ${output}`);
    }
    try {
      if ((await fetch(url + "/")).ok) return child;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`pouchdb-server did not answer on ${url} within 30 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A company's team for tests of the server's rules: one person in each of Kehu's roles. */
export const TEAM = [
  { name: "wang.fang", password: "manager-pw", role: "manager" },
  { name: "li.wei", password: "sales-pw", role: "sales" },
  { name: "zhao.lei", password: "service-pw", role: "service" },
];

/**
 * Starts pouchdb-server on 127.0.0.1 (a free port, a fresh temporary data directory) with a
 * server admin, and resolves with `{ url, admin: { name, password }, port, dir, stop, kill,
 * restart }`. `url` has no trailing slash.
 */
export async function startCouch() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kehu-couch-"));
  dataDirs.add(dir);
  const port = await freePort();
  const admin = { name: "admin", password: "kehu-test-admin" };
  let child;
  try {
    child = await launch(port, dir);
    // Before anything else: pouchdb-server crashes on `PUT /db` while it has no admin. The admin
    // lands in the data directory's config.json, so a restart keeps it.
    const response = await fetch(`http://127.0.0.1:${port}/_config/admins/${admin.name}`, {
      method: "PUT",
      body: JSON.stringify(admin.password),
    });
    if (!response.ok) throw new Error(`could not create the server admin: ${response.status} ${await response.text()}`);
    // pouchdb-server draws a new cookie secret at each start unless its config names one; CouchDB
    // keeps its own, so sessions outlive a restart there, and here too with this.
    const secret = await fetch(`http://127.0.0.1:${port}/_config/couch_httpd_auth/secret`, {
      method: "PUT",
      headers: { Authorization: `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString("base64")}` },
      body: JSON.stringify(randomBytes(16).toString("hex")),
    });
    if (!secret.ok) throw new Error(`could not set the cookie secret: ${secret.status} ${await secret.text()}`);
  } catch (error) {
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    dataDirs.delete(dir);
    throw error;
  }

  const couch = {
    url: `http://127.0.0.1:${port}`,
    admin,
    port,
    dir,
    /** Shuts the server down and removes its data directory. */
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited(child);
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      dataDirs.delete(dir);
    },
    /** SIGKILLs the server, as a crash would; its data directory stays for `restart`. */
    async kill() {
      child.kill("SIGKILL");
      await exited(child);
    },
    /** Starts the server again on the same port and data directory (killing it first if it runs). */
    async restart() {
      await couch.kill();
      child = await launch(port, dir);
    },
  };
  return couch;
}

/**
 * Sets up the company database `db` on `server` (a `startCouch()` result) with tools/couch/setup.mjs:
 * security, `_design/kehu`, and `users` ([{ name, password, role }]).
 */
export function setUpCompany(server, db, users = []) {
  return setUp({ server: server.url, admin: server.admin, db, users });
}

/** A server account with none of Kehu's roles, so a member of no company database. */
export async function userWithoutRole(couch, name, password) {
  const auth = `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString("base64")}`;
  const response = await fetch(`${couch.url}/_users/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { Authorization: auth, "Content-Type": "application/json" },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, roles: [], type: "user" }),
  });
  assert.ok(response.ok || response.status === 409, `user ${name}: ${response.status}`);
}

/** The company names of the customers the server holds in `db`, read as its admin. */
export async function serverCompanies(couch, db) {
  const auth = `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString("base64")}`;
  const response = await fetch(`${couch.url}/${db}/_all_docs?include_docs=true`, { headers: { Authorization: auth } });
  assert.ok(response.ok, `${db}: ${response.status}`);
  const { rows } = await response.json();
  return rows.filter((row) => row.doc.kind === "customers" && !row.doc._deleted).map((row) => row.doc.record.company);
}

/**
 * The records of `db` (design documents and devices' claims on their numbers left out), read as
 * the server's admin, with their `_conflicts`.
 */
export async function serverDocs(couch, db) {
  const auth = `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString("base64")}`;
  const response = await fetch(`${couch.url}/${db}/_all_docs?include_docs=true&conflicts=true`, { headers: { Authorization: auth } });
  assert.ok(response.ok, `${db}: ${response.status}`);
  const { rows } = await response.json();
  return rows.filter((row) => !row.id.startsWith("_design/") && !row.id.startsWith("writers/")).map((row) => row.doc);
}

/**
 * Changes document `id` of `db` on the server as its admin would in Fauxton: a plain update, so the
 * server draws the new revision itself. `change` gets the document and returns its new body.
 */
export async function editOnServer(couch, db, id, change) {
  const auth = `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString("base64")}`;
  const url = `${couch.url}/${db}/${encodeURIComponent(id)}`;
  const current = await fetch(url, { headers: { Authorization: auth } });
  assert.ok(current.ok, `${id}: ${current.status}`);
  const response = await fetch(url, {
    method: "PUT",
    headers: { Authorization: auth, "Content-Type": "application/json" },
    body: JSON.stringify(change(await current.json())),
  });
  const answer = await response.text();
  assert.equal(response.status, 201, `${id}: ${answer}`);
  return JSON.parse(answer).rev;
}

/** How many documents `db` holds, its design documents included: a cheap read to poll. */
export async function serverDocCount(couch, db) {
  const auth = `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString("base64")}`;
  const response = await fetch(`${couch.url}/${db}`, { headers: { Authorization: auth } });
  assert.ok(response.ok, `${db}: ${response.status}`);
  return (await response.json()).doc_count;
}

/**
 * Gives the server account `name` these `roles` and nothing else (none: a member of no company
 * database), leaving its password as it is, so its sessions stay valid.
 */
export async function setRoles(couch, name, roles) {
  const auth = `Basic ${Buffer.from(`${couch.admin.name}:${couch.admin.password}`).toString("base64")}`;
  const url = `${couch.url}/_users/org.couchdb.user:${name}`;
  const user = await fetch(url, { headers: { Authorization: auth } });
  assert.ok(user.ok, `user ${name}: ${user.status}`);
  const response = await fetch(url, {
    method: "PUT",
    headers: { Authorization: auth, "Content-Type": "application/json" },
    body: JSON.stringify({ ...(await user.json()), roles }),
  });
  assert.ok(response.ok, `user ${name} with roles ${roles}: ${response.status}`);
}
