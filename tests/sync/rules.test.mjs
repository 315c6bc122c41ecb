// The team server's rules (tools/couch/design.mjs, set up by tools/couch/setup.mjs) against a
// running pouchdb-server: who may read and write a company's database, what `_design/kehu`
// refuses and with which reason, how a refused replication push reports it, and a cookie
// sign-in through the same-origin proxy the app uses.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { DEVICES, MANAGER_ONLY_IDS, REASONS, designDoc } from "../../tools/couch/design.mjs";
import { TEAM, setUpCompany, startCouch } from "../e2e/support/couch.mjs";
import { COUCH_PATH, serveDist } from "../e2e/support/suite.mjs";

const DB = "acme";
const USERS = TEAM;
const [MANAGER, SALES, SERVICE] = USERS;
// A signed-up user with none of Kehu's roles.
const OUTSIDER = { name: "outsider", password: "outsider-pw" };
const ANONYMOUS = null;

// pouchdb-server answers 401 where CouchDB answers 403 (a signed-in user who is not a member).
const REFUSED_ACCESS = [401, 403];

/**
 * Whether a non-member's `_bulk_docs` was refused: CouchDB refuses the request (401/403);
 * pouchdb-server answers 201 with an `unauthorized` error for each document.
 */
function pushRefused(answer, docs) {
  if (REFUSED_ACCESS.includes(answer.status)) return true;
  return (
    answer.status === 201 &&
    answer.body.length === docs.length &&
    answer.body.every((result) => ["unauthorized", "forbidden"].includes(result.error))
  );
}

let couch;
let admin;

/** A record document as the app writes it. */
function record(id, fields = { name: "x" }) {
  return { _id: id, kind: id.slice(0, id.indexOf("/")), at: 1714000000000, by: 1714000000000999, record: fields };
}

/** Requests to the server as `user` ({ name, password }, or null for nobody) with basic auth. */
function as(user) {
  const call = async (method, target, body) => {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (user) headers.Authorization = `Basic ${Buffer.from(`${user.name}:${user.password}`).toString("base64")}`;
    const response = await fetch(`${couch.url}/${target}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  // Record ids hold a "/", which must be escaped or it reads as an attachment's path.
  const doc = (db, id) => `${db}/${encodeURIComponent(id)}`;
  return {
    get: (id, db = DB) => call("GET", doc(db, id)),
    put: (value, db = DB) => call("PUT", doc(db, value._id), value),
    remove: (id, rev, db = DB) => call("DELETE", `${doc(db, id)}?rev=${encodeURIComponent(rev)}`),
    bulk: (body, db = DB) => call("POST", `${db}/_bulk_docs`, body),
    call,
  };
}

/** Writes `value` as `user` and returns the new revision, failing the test if refused. */
async function write(user, value) {
  const answer = await as(user).put(value);
  assert.equal(answer.status, 201, `${user.name} writes ${value._id}: ${JSON.stringify(answer.body)}`);
  return answer.body.rev;
}

function refused(answer, reason, what) {
  assert.deepEqual(
    { status: answer.status, body: answer.body },
    { status: 403, body: { error: "forbidden", reason } },
    what,
  );
}

test("the rules are plain ES5, as CouchDB's JavaScript engine takes them", () => {
  const { parse } = createRequire(new URL("../sync-server/package.json", import.meta.url))("acorn");
  assert.doesNotThrow(() => parse(`(${designDoc.validate_doc_update})`, { ecmaVersion: 5 }));
  assert.doesNotMatch(designDoc.validate_doc_update, /\$[A-Z_]+/, "every placeholder is filled in");
});

before(async () => {
  couch = await startCouch();
  admin = couch.admin;
  await setUpCompany(couch, DB, USERS);
  const outsider = await as(admin).call("PUT", `_users/org.couchdb.user:${OUTSIDER.name}`, {
    ...OUTSIDER,
    roles: [],
    type: "user",
  });
  assert.equal(outsider.status, 201);
});

after(() => couch?.stop());

describe("membership", () => {
  const attempts = [
    ["read the database", (who) => as(who).call("GET", `${DB}/`)],
    ["list its documents", (who) => as(who).call("GET", `${DB}/_all_docs`)],
    ["read its changes", (who) => as(who).call("GET", `${DB}/_changes`)],
    ["write a document", (who) => as(who).put(record("customers/1714000000000001"))],
  ];
  const pushed = [{ ...record("customers/1714000000000002"), _rev: "1-0123456789abcdef" }];
  for (const [who, label] of [
    [ANONYMOUS, "anonymous"],
    [OUTSIDER, "a user without a Kehu role"],
  ]) {
    for (const [what, attempt] of attempts) {
      test(`${label} may not ${what}`, async () => {
        const answer = await attempt(who);
        assert.ok(REFUSED_ACCESS.includes(answer.status), `${label} ${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
      });
    }
    test(`${label} may not push documents`, async () => {
      const answer = await as(who).bulk({ docs: pushed, new_edits: false });
      assert.ok(pushRefused(answer, pushed), `${label} pushes: ${answer.status} ${JSON.stringify(answer.body)}`);
      assert.equal((await as(admin).get(pushed[0]._id)).status, 404);
    });
  }

  test("each Kehu role reads the database", async () => {
    for (const user of USERS) {
      const answer = await as(user).call("GET", `${DB}/`);
      assert.equal(answer.status, 200, user.role);
      assert.equal(answer.body.db_name, DB);
    }
  });

  test("a member without a Kehu role may read but not write", async () => {
    // A database whose security object also names the outsider: the design document still refuses.
    await setUpCompany(couch, "open", []);
    const security = { admins: { names: [], roles: [] }, members: { names: [OUTSIDER.name], roles: ["manager", "sales", "service"] } };
    assert.equal((await as(admin).call("PUT", "open/_security", security)).status, 200);
    assert.equal((await as(OUTSIDER).call("GET", "open/")).status, 200);
    refused(await as(OUTSIDER).put(record("customers/1714000000000003"), "open"), REASONS.noRole, "outsider writes");
  });

  test("the setup is idempotent and reports nothing changed the second time", async () => {
    const lines = await setUpCompany(couch, DB, USERS);
    assert.deepEqual(lines, [
      `database ${DB}: exists`,
      `security of ${DB}: unchanged (members: manager, sales, service)`,
      `${designDoc._id}: unchanged`,
      ...USERS.map((user) => `user ${user.name}: unchanged (${user.role})`),
    ]);
  });

  test("only a server admin changes the design document", async () => {
    const current = await as(admin).get(designDoc._id);
    for (const user of USERS) {
      const answer = await as(user).put({ ...current.body, validate_doc_update: "function () {}" });
      assert.ok(REFUSED_ACCESS.includes(answer.status), `${user.role}: ${answer.status}`);
    }
  });
});

describe("records", () => {
  test("every role creates, updates and deletes a customer", async () => {
    for (const [n, user] of USERS.entries()) {
      const id = `customers/17140000000001${n}0`;
      const first = await write(user, record(id));
      const second = await write(user, { ...record(id, { name: "y" }), _rev: first });
      const gone = await as(user).put({ _id: id, _rev: second, _deleted: true, kind: "customers", at: 1, by: null });
      assert.equal(gone.status, 201, `${user.role} deletes: ${JSON.stringify(gone.body)}`);
      assert.equal((await as(user).get(id)).status, 404);
    }
  });

  test("a bare deletion (no kind) of a customer counts as one", async () => {
    const id = "customers/1714000000000200";
    const rev = await write(SALES, record(id));
    const gone = await as(SALES).remove(id, rev);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
  });

  const malformed = [
    ["an unknown kind", { ...record("widgets/1"), kind: "widgets" }, REASONS.unknownKind],
    ["no kind", { _id: "customers/1714000000000300", record: {} }, REASONS.unknownKind],
    ["a kind that is not a string", { ...record("customers/1714000000000301"), kind: ["customers"] }, REASONS.unknownKind],
    ["an id of another kind", { ...record("customers/1714000000000302"), kind: "contacts" }, REASONS.idMismatch],
    ["an id without the kind's slash", { ...record("customers/x"), _id: "customers1714000000000303" }, REASONS.idMismatch],
    ["a bare deletion of an id without a kind", { _id: "1714000000000304", _deleted: true }, REASONS.unknownKind],
  ];
  for (const [what, value, reason] of malformed) {
    test(`a document with ${what} is refused`, async () => {
      refused(await as(MANAGER).put(value), reason, what);
      refused(await as(admin).put(value), reason, `${what}, by the admin`);
    });
  }
});

describe("manager-only documents", () => {
  const ids = [...MANAGER_ONLY_IDS, "users/1714000000000999"];
  for (const id of ids) {
    test(`${id}: sales and service are refused creating, changing and deleting it; a manager is not`, async () => {
      for (const user of [SALES, SERVICE]) {
        refused(await as(user).put(record(id)), REASONS.managerOnly, `${user.role} creates ${id}`);
      }
      const first = await write(MANAGER, record(id));
      for (const user of [SALES, SERVICE]) {
        refused(await as(user).put({ ...record(id, { v: 2 }), _rev: first }), REASONS.managerOnly, `${user.role} changes ${id}`);
        refused(await as(user).remove(id, first), REASONS.managerOnly, `${user.role} deletes ${id}`);
      }
      const second = await write(MANAGER, { ...record(id, { v: 2 }), _rev: first });
      assert.equal((await as(MANAGER).remove(id, second)).status, 200, `the manager deletes ${id}`);
    });
  }

  test("other settings are open to every role", async () => {
    await write(SALES, record("settings/ui.density"));
  });
});

describe("device numbers", () => {
  const claim = (n, user) => ({ _id: `writers/${n}`, kind: "writers", at: 1714000000000, by: null, record: { user: user.name } });

  for (const id of ["writers/x", "writers/01", "writers/-1", `writers/${DEVICES}`, "writers/"]) {
    test(`${id} is not a device number`, async () => {
      refused(await as(SALES).put({ ...claim(0, SALES), _id: id }), REASONS.deviceNumber, id);
    });
  }

  test("a device number is claimed once, in its claimer's name, and given up only by its holder or a manager", async () => {
    refused(await as(SALES).put(claim(1, SERVICE)), REASONS.deviceHeld, "a claim in another user's name");
    const rev = await write(SALES, claim(1, SALES));
    // CouchDB answers the conflict before it asks the rules; pouchdb-server asks the rules first.
    const taken = await as(SERVICE).put(claim(1, SERVICE));
    assert.ok(
      taken.status === 409 || (taken.status === 403 && taken.body.reason === REASONS.deviceHeld),
      `a held number cannot be claimed again: ${taken.status} ${JSON.stringify(taken.body)}`,
    );
    refused(await as(SALES).put({ ...claim(1, SALES), at: 2, _rev: rev }), REASONS.deviceHeld, "the holder changes it");
    refused(await as(SERVICE).remove("writers/1", rev), REASONS.deviceHeld, "another member gives it up");
    assert.equal((await as(SALES).remove("writers/1", rev)).status, 200, "the holder gives it up");
    const again = await write(SERVICE, claim(1, SERVICE));
    assert.equal((await as(MANAGER).remove("writers/1", again)).status, 200, "a manager frees a lost device's number");
  });
});

describe("append-only documents", () => {
  test("an audit entry is written once and then never changed or deleted, by anyone", async () => {
    const id = "audit_log/1714000000000500";
    const rev = await write(SALES, record(id, { action: "customer.create" }));
    for (const user of [...USERS, admin]) {
      refused(await as(user).put({ ...record(id, { action: "forged" }), _rev: rev }), REASONS.auditNeverChanges, `${user.name} changes it`);
      refused(await as(user).remove(id, rev), REASONS.auditNeverChanges, `${user.name} deletes it`);
    }
    assert.equal((await as(SALES).get(id)).body._rev, rev);
  });

  test("a pushed deletion of an audit entry is refused even where the server never had it", async () => {
    const answer = await as(SALES).bulk({
      new_edits: false,
      docs: [{ _id: "audit_log/1714000000000501", _rev: "2-00000000000000aa", _deleted: true, kind: "audit_log", at: 1, by: null }],
    });
    assert.deepEqual(answer.body, [{ id: "audit_log/1714000000000501", error: "forbidden", reason: REASONS.auditNeverChanges }]);
  });

  test("an interaction can be corrected but never deleted, by anyone", async () => {
    const id = "interactions/1714000000000600";
    const first = await write(SALES, record(id, { note: "visit" }));
    const second = await write(SALES, { ...record(id, { note: "visit, corrected" }), _rev: first });
    for (const user of [...USERS, admin]) {
      refused(await as(user).remove(id, second), REASONS.interactionNeverDeleted, `${user.name} deletes it`);
    }
  });

  test("two devices' versions of an interaction: the losing branch ends in a resolution's tombstone", async () => {
    const id = "interactions/1714000000000601";
    const base = { ...record(id, { note: "call" }), _rev: "1-00000000000000a1" };
    const mine = { ...record(id, { note: "call, quote sent" }), _rev: "2-00000000000000b1", _revisions: { start: 2, ids: ["00000000000000b1", "00000000000000a1"] } };
    const theirs = { ...record(id, { note: "call, visit planned" }), _rev: "2-00000000000000b2", _revisions: { start: 2, ids: ["00000000000000b2", "00000000000000a1"] } };
    const pushed = await as(SALES).bulk({ new_edits: false, docs: [base, mine, theirs] });
    assert.deepEqual(pushed.body, []);
    const ended = { _id: id, _deleted: true, resolved: true, kind: "interactions", at: 2, by: null, _rev: "3-00000000000000c1", _revisions: { start: 3, ids: ["00000000000000c1", "00000000000000b1"] } };
    assert.deepEqual((await as(SALES).bulk({ new_edits: false, docs: [ended] })).body, []);
    const kept = await as(SALES).call("GET", `${DB}/${encodeURIComponent(id)}?conflicts=true`);
    assert.equal(kept.body.record.note, "call, visit planned");
    assert.equal(kept.body._conflicts, undefined, "settled, the interaction itself kept");
  });
});

describe("a replication push (new_edits: false)", () => {
  test("keeps the app's revisions and reports each refused document with its reason", async () => {
    const good = { ...record("customers/1714000000000700"), _rev: "1-0123456789abcdef" };
    const managerOnly = { ...record("settings/funnel"), _rev: "1-0123456789abcdef" };
    const unknown = { ...record("widgets/1"), kind: "widgets", _rev: "1-0123456789abcdef" };
    const answer = await as(SALES).bulk({ new_edits: false, docs: [good, managerOnly, unknown] });
    assert.equal(answer.status, 201);
    // Written documents are not listed; errors come per document, matched by id (pouchdb-server
    // lists them first, not in the order sent).
    const byId = Object.fromEntries(answer.body.map(({ id, ...rest }) => [id, rest]));
    assert.deepEqual(byId, {
      "settings/funnel": { error: "forbidden", reason: REASONS.managerOnly },
      "widgets/1": { error: "forbidden", reason: REASONS.unknownKind },
    });
    const stored = await as(SALES).call("GET", `${DB}/${encodeURIComponent(good._id)}?revs=true`);
    assert.equal(stored.body._rev, "1-0123456789abcdef");
    assert.deepEqual(stored.body.record, good.record);
    assert.equal((await as(SALES).get("widgets/1")).status, 404);
  });

  test("a pushed update extends the stored history", async () => {
    // pouchdb-server drops it unless mended (see support/couch.mjs); CouchDB applies it.
    const id = "customers/1714000000000701";
    const first = { ...record(id, { name: "first" }), _rev: "1-00000000000000a1", _revisions: { start: 1, ids: ["00000000000000a1"] } };
    const third = {
      ...record(id, { name: "third" }),
      _rev: "3-00000000000000c3",
      _revisions: { start: 3, ids: ["00000000000000c3", "00000000000000b2", "00000000000000a1"] },
    };
    for (const doc of [first, third]) assert.deepEqual((await as(SERVICE).bulk({ new_edits: false, docs: [doc] })).body, []);
    const stored = await as(SERVICE).call("GET", `${DB}/${encodeURIComponent(id)}?revs=true&conflicts=true`);
    assert.equal(stored.body._rev, third._rev);
    assert.deepEqual(stored.body._revisions, third._revisions);
    assert.deepEqual(stored.body.record, third.record);
    assert.equal(stored.body._conflicts, undefined);
  });
});

describe("through the app's same-origin proxy", () => {
  let site;
  let served;

  before(async () => {
    // The proxy is what is under test, not the app: a one-page site stands in for dist/.
    site = mkdtempSync(path.join(os.tmpdir(), "kehu-site-"));
    writeFileSync(path.join(site, "index.html"), "<!doctype html><title>Kehu</title>");
    process.env.KEHU_DIST = site;
    served = await serveDist({ couch: couch.url });
  });

  after(() => {
    served?.stop();
    rmSync(site, { recursive: true, force: true });
  });

  const couchAt = (target) => `${served.origin}${COUCH_PATH}${target}`;

  async function signIn(user) {
    const response = await fetch(couchAt("_session"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: user.name, password: user.password }),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true, name: user.name, roles: [user.role] });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("AuthSession="));
    assert.ok(cookie, "the AuthSession cookie comes back through the proxy");
    return cookie.split(";")[0];
  }

  test("serves the app's files and the team server on one origin", async () => {
    const page = await fetch(`${served.url}index.html`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Kehu<\/title>/);
    const root = await fetch(couchAt(""));
    assert.equal(root.status, 200);
    assert.ok("version" in (await root.json()));
  });

  test("a cookie sign-in opens the database; without the cookie it stays shut", async () => {
    const cookie = await signIn(SALES);
    const session = await fetch(couchAt("_session"), { headers: { Cookie: cookie } });
    assert.equal((await session.json()).userCtx.name, SALES.name);
    const db = await fetch(couchAt(`${DB}/`), { headers: { Cookie: cookie } });
    assert.equal(db.status, 200);
    assert.equal((await db.json()).db_name, DB);
    const written = await fetch(couchAt(`${DB}/${encodeURIComponent("customers/1714000000000800")}`), {
      method: "PUT",
      headers: { Cookie: cookie, "Content-Type": "application/json" },
      body: JSON.stringify(record("customers/1714000000000800")),
    });
    assert.equal(written.status, 201);
    const shut = await fetch(couchAt(`${DB}/`));
    assert.ok(REFUSED_ACCESS.includes(shut.status));
  });

  test("change feeds pass through: a long poll and a continuous feed", async () => {
    const cookie = await signIn(SERVICE);
    const since = encodeURIComponent((await as(SERVICE).call("GET", `${DB}/`)).body.update_seq);
    // PouchDB's live sync long-polls.
    const poll = fetch(couchAt(`${DB}/_changes?feed=longpoll&since=${since}&timeout=10000`), { headers: { Cookie: cookie } });
    // pouchdb-server gzips a continuous feed without flushing it, so only an uncompressed one
    // streams; it shows that the proxy itself passes each chunk on at once.
    const abort = new AbortController();
    const deadline = setTimeout(() => abort.abort(), 10_000);
    const feed = await fetch(couchAt(`${DB}/_changes?feed=continuous&since=${since}&heartbeat=1000`), {
      headers: { Cookie: cookie, "Accept-Encoding": "identity" },
      signal: abort.signal,
    });
    assert.equal(feed.status, 200);
    const id = "customers/1714000000000801";
    await write(SERVICE, record(id));

    const polled = await poll;
    assert.equal(polled.status, 200);
    assert.deepEqual(
      (await polled.json()).results.map((change) => change.id),
      [id],
    );
    const reader = feed.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(JSON.stringify(id))) {
      const { value, done } = await reader.read();
      assert.ok(!done, "the feed stays open");
      text += decoder.decode(value, { stream: true });
    }
    clearTimeout(deadline);
    abort.abort();
  });

  test("a server that is down answers 502; once restarted it serves the same data", async () => {
    const cookie = await signIn(SALES);
    await couch.kill();
    const down = await fetch(couchAt(`${DB}/`), { headers: { Cookie: cookie } });
    assert.equal(down.status, 502);
    await couch.restart();
    const back = await fetch(couchAt(`${DB}/${encodeURIComponent("customers/1714000000000800")}`), { headers: { Cookie: cookie } });
    assert.equal(back.status, 200, "the session cookie outlives the restart");
    assert.equal((await back.json()).kind, "customers");
  });
});
