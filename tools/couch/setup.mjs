#!/usr/bin/env node
// Sets up a company's database on a CouchDB 3 server (or the tests' pouchdb-server) for Kehu's
// team sync, idempotently: creates the database, sets its security object (members: the roles
// manager, sales and service; no database admins), installs or updates `_design/kehu` (the
// rules of tools/couch/design.mjs), and creates or updates users, each with a password and one
// role. Running it again changes only what differs. Node 20+, no dependencies.
//
// Usage:
//   node tools/couch/setup.mjs --server URL --admin NAME:PASSWORD --db NAME [--user NAME:PASSWORD:ROLE]...
// e.g.
//   node tools/couch/setup.mjs --server http://127.0.0.1:5984 --admin admin:pw --db acme \
//     --user li.wei:secret:sales --user zhang.min:secret2:manager
//
// ROLE is manager, sales or service. A password may contain ':' (the name ends at the first
// ':', the role starts after the last). The admin password can come from the environment
// instead, to keep it out of the shell history: --admin admin with KEHU_COUCH_ADMIN_PASSWORD set.
// Prints one line per step; exits with 1 and a `setup:` message when something fails.
import { pathToFileURL } from "node:url";
import { designDoc } from "./design.mjs";

export const ROLES = ["manager", "sales", "service"];

/** The security object of a company database: only Kehu's roles are members. */
export const SECURITY = {
  admins: { names: [], roles: [] },
  members: { names: [], roles: ROLES },
};

// CouchDB's rule for database names.
const DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

class SetupError extends Error {}

/**
 * Sets up `db` on `server` as the admin `admin` ({ name, password }) with `users`
 * ([{ name, password, role }]). Resolves with the lines it reports (also passed to `log`).
 */
export async function setUpCompany({ server, admin, db, users = [], log = () => {} }) {
  const base = server.endsWith("/") ? server : server + "/";
  if (!DB_NAME.test(db)) {
    throw new SetupError(`"${db}" is not a CouchDB database name (lower-case letter first, then a-z 0-9 _$()+/-)`);
  }
  for (const user of users) checkUser(user);
  const lines = [];
  const report = (line) => {
    lines.push(line);
    log(line);
  };
  const call = request.bind(null, base, admin);

  const session = await call("GET", "_session");
  if (session.status === 401 || !session.body.userCtx?.roles?.includes("_admin")) {
    throw new SetupError(`${base} did not accept "${admin.name}" as a server admin: check --admin`);
  }

  const dbPath = encodeURIComponent(db);
  const existing = await call("GET", dbPath);
  if (existing.status === 404) {
    expect(await call("PUT", dbPath), [201, 202], `create database ${db}`);
    report(`database ${db}: created`);
  } else {
    expect(existing, [200], `read database ${db}`);
    report(`database ${db}: exists`);
  }

  const security = expect(await call("GET", `${dbPath}/_security`), [200], `read ${db}/_security`).body;
  if (sameSecurity(security, SECURITY)) {
    report(`security of ${db}: unchanged (members: ${ROLES.join(", ")})`);
  } else {
    expect(await call("PUT", `${dbPath}/_security`, SECURITY), [200], `set ${db}/_security`);
    report(`security of ${db}: set (members: ${ROLES.join(", ")}; no database admins)`);
  }

  const design = await call("GET", `${dbPath}/${designDoc._id}`);
  if (design.status === 404) {
    expect(await call("PUT", `${dbPath}/${designDoc._id}`, designDoc), [201, 202], `install ${designDoc._id}`);
    report(`${designDoc._id}: installed`);
  } else {
    const current = expect(design, [200], `read ${designDoc._id}`).body;
    const { _rev, ...stored } = current;
    if (sameFields(stored, designDoc)) {
      report(`${designDoc._id}: unchanged`);
    } else {
      expect(await call("PUT", `${dbPath}/${designDoc._id}`, { ...designDoc, _rev }), [201, 202], `update ${designDoc._id}`);
      report(`${designDoc._id}: updated`);
    }
  }

  if (users.length > 0) {
    const usersDb = await call("GET", "_users");
    if (usersDb.status === 404) {
      throw new SetupError(`${base} has no _users database: finish CouchDB's single-node set-up first (docs/sync/couchdb.md)`);
    }
  }
  for (const user of users) report(await setUpUser(base, call, user));
  return lines;
}

async function setUpUser(base, call, { name, password, role }) {
  const path = `_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
  const found = await call("GET", path);
  const doc = { name, password, roles: [role], type: "user" };
  if (found.status === 404) {
    expect(await call("PUT", path, doc), [201, 202], `create user ${name}`);
    return `user ${name}: created (${role})`;
  }
  const current = expect(found, [200], `read user ${name}`).body;
  const sameRoles = JSON.stringify(current.roles ?? []) === JSON.stringify([role]);
  // The stored password is only a hash: signing in as the user tells whether it still holds.
  const login = await request(base, { name, password }, "GET", "_session");
  const samePassword = login.status === 200 && login.body.userCtx?.name === name;
  if (sameRoles && samePassword) return `user ${name}: unchanged (${role})`;
  // A password sent again is hashed anew, which ends every session of the user: only a changed
  // one is sent.
  const update = samePassword ? { ...current, roles: [role] } : { ...current, ...doc };
  expect(await call("PUT", path, update), [201, 202], `update user ${name}`);
  const changed = [sameRoles ? null : "role", samePassword ? null : "password"].filter(Boolean).join(" and ");
  return `user ${name}: ${changed} updated (${role})`;
}

function checkUser({ name, password, role }) {
  if (!name || name.startsWith("_")) throw new SetupError(`user name "${name}" must not be empty or start with "_"`);
  if (!password) throw new SetupError(`user ${name} needs a password`);
  if (!ROLES.includes(role)) throw new SetupError(`user ${name}: role "${role}" is not one of ${ROLES.join(", ")}`);
}

// Servers return fields in their own order.
function sameFields(a, b) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

function sameSecurity(actual, wanted) {
  const section = (s) => ({ names: [...(s?.names ?? [])].sort(), roles: [...(s?.roles ?? [])].sort() });
  const norm = (sec) => JSON.stringify({ admins: section(sec?.admins), members: section(sec?.members) });
  return norm(actual) === norm(wanted);
}

async function request(base, { name, password }, method, path, body) {
  const headers = { Authorization: `Basic ${Buffer.from(`${name}:${password}`).toString("base64")}`, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new SetupError(`cannot reach ${base}: ${error.cause?.message ?? error.message}`);
  }
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { reason: text.slice(0, 200) };
  }
  return { status: response.status, body: parsed, what: `${method} ${path}` };
}

function expect(response, statuses, doing) {
  if (statuses.includes(response.status)) return response;
  const { error, reason } = response.body;
  throw new SetupError(`could not ${doing}: ${response.what} answered ${response.status} ${error ?? ""} ${reason ?? ""}`.trim());
}

/** Parses the command line (see the header); throws a SetupError on a bad one. */
export function parseArgs(argv, env = {}) {
  const options = { users: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!["--server", "--admin", "--db", "--user"].includes(flag)) throw new SetupError(`unknown argument ${flag}`);
    if (value === undefined) throw new SetupError(`${flag} needs a value`);
    i += 1;
    if (flag === "--server") options.server = value;
    if (flag === "--db") options.db = value;
    if (flag === "--admin") {
      const colon = value.indexOf(":");
      options.admin =
        colon === -1
          ? { name: value, password: env.KEHU_COUCH_ADMIN_PASSWORD }
          : { name: value.slice(0, colon), password: value.slice(colon + 1) };
    }
    if (flag === "--user") {
      const first = value.indexOf(":");
      const last = value.lastIndexOf(":");
      if (first === -1 || first === last) throw new SetupError(`--user ${value}: expected NAME:PASSWORD:ROLE`);
      options.users.push({ name: value.slice(0, first), password: value.slice(first + 1, last), role: value.slice(last + 1) });
    }
  }
  for (const flag of ["server", "admin", "db"]) {
    if (!options[flag]) throw new SetupError(`--${flag} is required (usage: see the header of tools/couch/setup.mjs)`);
  }
  if (!options.admin.password) throw new SetupError("--admin needs NAME:PASSWORD (or NAME with KEHU_COUCH_ADMIN_PASSWORD set)");
  try {
    new URL(options.server);
  } catch {
    throw new SetupError(`--server ${options.server} is not a URL (e.g. http://127.0.0.1:5984)`);
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    await setUpCompany({ ...parseArgs(process.argv.slice(2), process.env), log: (line) => console.log(line) });
  } catch (error) {
    console.error(`setup: ${error instanceof SetupError ? error.message : error.stack}`);
    process.exit(1);
  }
}
