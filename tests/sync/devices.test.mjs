// Device numbers (public/sync.js claimDevice / releaseDevice) against a running pouchdb-server
// with the team's rules: every device of a team writes ids with writer numbers no other device
// holds, so two devices never make the same id in the same millisecond.
// Run: node --test tests/sync/devices.test.mjs
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import vm from "node:vm";
import { TEAM, setUpCompany, startCouch } from "../e2e/support/couch.mjs";

const root = new URL("../../", import.meta.url);
globalThis.window = globalThis;
globalThis.self = globalThis;
globalThis.addEventListener = () => {};
for (const file of ["tools/node_modules/pouchdb/dist/pouchdb.min.js", "public/sync.js"]) {
  vm.runInThisContext(readFileSync(new URL(file, root), "utf8"), { filename: file });
}
const { KehuSync } = globalThis;

const DB = "acme";
const USERS = TEAM;
const [MANAGER, SALES, SERVICE] = USERS;

let couch;

before(async () => {
  couch = await startCouch();
  await setUpCompany(couch, DB, USERS);
});

after(() => couch?.stop());

/** The company database's address as `user` reaches it (basic auth; the app uses its cookie). */
function remote(user) {
  return couch.url.replace("http://", `http://${user.name}:${user.password}@`) + `/${DB}`;
}

test("devices claiming at once each get their own number; none is left once all are held", async () => {
  const claimed = await Promise.all([SALES, SERVICE, MANAGER, SALES].map((user) => KehuSync.claimDevice(remote(user), user.name, 4)));
  assert.deepEqual([...claimed].sort(), [0, 1, 2, 3]);
  assert.equal(await KehuSync.claimDevice(remote(SERVICE), SERVICE.name, 4), null);
});

test("a number given up by its holder is claimed again; another member cannot take it away", async () => {
  const [mine] = await Promise.all([KehuSync.claimDevice(remote(SALES), SALES.name, 6)]);
  assert.ok(mine >= 4 && mine < 6, `a free number: ${mine}`);
  await assert.rejects(KehuSync.releaseDevice(remote(SERVICE), mine), (err) => err.status === 403);
  await KehuSync.releaseDevice(remote(SALES), mine);
  await KehuSync.releaseDevice(remote(SALES), mine);
  const other = await KehuSync.claimDevice(remote(SERVICE), SERVICE.name, 6);
  const last = await KehuSync.claimDevice(remote(SERVICE), SERVICE.name, 6);
  assert.deepEqual([other, last].sort(), [4, 5]);
});
