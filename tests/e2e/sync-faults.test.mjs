// Team sync when things go wrong: the server killed in the middle of a device's first push and
// restarted on the same data resumes, and the server then holds every record once, which a
// second device gets whole; an account removed from the company's database while signed in is
// told so, and the device keeps every record it holds; a record the server's rules refused
// (shown as it happens in sync.test.mjs) is still on the device and still flagged after a reload.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addPerson, checkImport, confirmImport, newCustomer, pickImport, press, signIn, switchLanguage, syncStatusSays, visit } from "./support/actions.mjs";
import { dashboardReady, tileCount } from "./support/checks.mjs";
import { personOption } from "./support/locators.mjs";
import { editOnServer, serverCompanies, serverDocCount, serverDocs, setRoles, setUpCompany } from "./support/couch.mjs";
import { KINDS } from "../../tools/couch/design.mjs";
import { tempFile } from "./support/inputs.mjs";
import { LANDSCAPE_TABLET, PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite({ couch: true });

const PASSWORD = "kehu-sync-test";
const WORDS = {
  "zh-CN": { synced: "已同步", offline: "离线", noAccess: "无权访问" },
  en: { synced: "Synced", offline: "Offline", noAccess: "No access" },
};

/** The document ids (`store/key`) of every record My workspace holds on the device of `page`, sorted. */
async function deviceRecordIds(page) {
  return page.evaluate(async (kinds) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open("kehu-mine");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const present = kinds.filter((kind) => db.objectStoreNames.contains(kind));
    const tx = db.transaction(present, "readonly");
    const keys = await Promise.all(
      present.map(
        (kind) =>
          new Promise((resolve, reject) => {
            const request = tx.objectStore(kind).getAllKeys();
            request.onsuccess = () => resolve(request.result.map((key) => `${kind}/${key}`));
            request.onerror = () => reject(request.error);
          }),
      ),
    );
    db.close();
    return keys.flat().sort();
  }, KINDS);
}

/**
 * Drops what the browser logs of the replication's own requests: the 404s of PouchDB probing for
 * checkpoints the server does not have yet, the requests cut off by the server going away, and
 * the proxy's 502 while nothing listens behind it, as nginx answers for a stopped CouchDB.
 */
function excuseReplicationNoise() {
  for (const text of ["404 (Not Found)", "502 (Bad Gateway)", "net::ERR_FAILED", "net::ERR_EMPTY_RESPONSE"]) env.excuse(text);
}

/**
 * Waits until the device's replica has pushed every change it holds to `db`: the push checkpoint
 * public/sync.js keeps has caught up with the replica's changes.
 */
async function pushedEverything(page, db) {
  const checkpoint = `_local/kehu-push:${env.server.origin}/couchdb/${db}`;
  await page.waitForFunction(
    async (id) => {
      const replica = new window.PouchDB("kehu-mine-sync", { adapter: "indexeddb" });
      const since = await replica.get(id).then((doc) => doc.last_seq, () => 0);
      const { results } = await replica.changes({ since });
      return results.every((change) => change.id.startsWith("_design/"));
    },
    checkpoint,
    { polling: 250, timeout: 60_000 },
  );
}

/** The ids of `ids` that `others` lacks. */
function missing(ids, others) {
  const there = new Set(others);
  return ids.filter((id) => !there.has(id));
}

/** A customer CSV of `rows` companies, as an office's export would be. */
function customersCsv(rows) {
  const lines = ["company,city,phone"];
  for (let i = 0; i < rows; i++) lines.push(`故障测试客户 ${String(i).padStart(5, "0")} 有限公司,City ${i % 40},139${String(i).padStart(8, "0")}`);
  return tempFile("sync-faults-customers.csv", Buffer.from(lines.join("\n")));
}

/** Resolves with the number of records the server holds of `db` once some but not all `total` are there. */
async function pushUnderWay(couch, db, total) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    // Less its one design document and the device's claim on its number.
    const count = (await serverDocCount(couch, db)) - 2;
    if (count > 0 && count < total) return count;
    assert.ok(count < total, `the whole push (${count} of ${total}) landed before the server could be killed mid-way`);
    assert.ok(Date.now() < deadline, `the push did not start within 2 minutes (${count} of ${total} on the server)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Notes each text the shell's sync status shows on `page` from now on; returns a reader of the texts noted. */
async function noteStatuses(page) {
  await page.evaluate(() => {
    window.kehuStatuses = [];
    const note = () => {
      const text = document.querySelector('[data-testid="sync-status"]')?.innerText;
      if (text && window.kehuStatuses.at(-1) !== text) window.kehuStatuses.push(text);
    };
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => window.kehuStatuses);
}

/**
 * What the status says, in the page's language, once the replication has told the app it cannot
 * go on (between its retries it says it is syncing again); `also` lists other words that do not
 * say so.
 */
async function statusOnceStalled(page, also = []) {
  const status = page.getByTestId("sync-status");
  const language = await page.evaluate(() => document.documentElement.lang);
  const chinese = /[\u4e00-\u9fff]/;
  const inLanguage = language.startsWith("zh") ? status.filter({ hasText: chinese }) : status.filter({ hasNotText: chinese });
  let stalled = inLanguage.filter({ hasNotText: /^(正在同步|正在另一个窗口|Syncing)/ });
  for (const words of also) stalled = stalled.filter({ hasNotText: words });
  await stalled.waitFor({ timeout: 90_000 });
  return status.innerText();
}

test("the server killed in the middle of a first push and restarted: the sync resumes, and the server and a second device hold every record once", async (t) => {
  const db = "kilo";
  const customers = 3000;
  await setUpCompany(env.couch, db, [
    { name: "sun.li", password: PASSWORD, role: "manager" },
    { name: "qian.hao", password: PASSWORD, role: "sales" },
  ]);
  const { context, page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await addPerson(page, "孙丽");
  await pickImport(page, customersCsv(customers), { from: "customers" });
  await checkImport(page);
  assert.match(await confirmImport(page), new RegExp(`新增 ${customers.toLocaleString("en")}`));
  const held = await deviceRecordIds(page);
  assert.equal(held.filter((id) => id.startsWith("customers/")).length, customers);

  await signIn(page, db, "sun.li", PASSWORD);
  const before = await pushUnderWay(env.couch, db, held.length);
  const statuses = await noteStatuses(page);
  await env.couch.kill();
  let outage;
  try {
    await statusOnceStalled(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "sync-server-down-zh-CN", { fullPage: false });
    await switchLanguage(page, "en");
    await statusOnceStalled(page);
    await shot(page, "sync-server-down-en", { fullPage: false });
    // Down long enough for the replication to back off more than once.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    outage = (await statuses()).filter((text) => !/^(正在同步|Syncing)/.test(text));
  } finally {
    await env.couch.restart();
  }
  const restarted = Date.now();
  await syncStatusSays(page, WORDS.en.synced, 120_000);
  t.diagnostic(`${before} of ${held.length} records on the server when it was killed; synced ${Date.now() - restarted} ms after the restart`);
  const stored = await serverDocs(env.couch, db);
  const storedIds = stored.map((doc) => doc._id).sort();
  assert.deepEqual(missing(storedIds, held), [], "the server holds no record the device does not");
  assert.deepEqual(missing(held, storedIds), [], "the server holds every record of the device");
  assert.equal(storedIds.length, held.length, "each record once");
  const companies = stored.filter((doc) => doc.kind === "customers").map((doc) => doc.record.company);
  assert.equal(new Set(companies).size, customers, "no customer stored twice under two ids");
  assert.deepEqual(stored.filter((doc) => doc._conflicts), [], "no record became a conflict with itself");
  await visit(page, "#/settings");
  await shotOf(page.getByTestId("team-sync"), "sync-resumed-en");
  await switchLanguage(page, "zh-CN");
  await syncStatusSays(page, WORDS["zh-CN"].synced);
  await shotOf(page.getByTestId("team-sync"), "sync-resumed-zh-CN");

  // A second device signing in gets them all.
  const second = await env.open({ locale: "en", ...PORTRAIT_TABLET });
  await signIn(second.page, db, "qian.hao", PASSWORD);
  await syncStatusSays(second.page, WORDS.en.synced, 180_000);
  const got = await deviceRecordIds(second.page);
  assert.deepEqual(missing(held, got), [], "the second device holds every record of the first");
  await visit(second.page);
  await dashboardReady(second.page);
  assert.equal(await tileCount(second.page, "customers"), customers);
  await second.context.close();
  await context.close();
  excuseReplicationNoise();
  // Asserted last, after the records are checked, so a wrong word does not hide a lost record.
  assert.ok(outage.length > 0, "the status told of the outage");
  for (const text of outage) {
    assert.match(text, new RegExp(`^(${WORDS["zh-CN"].offline}|${WORDS.en.offline})`), `while the server is down the status says it is offline: ${JSON.stringify(outage)}`);
    const waiting = Number(text.match(/[\d,]+/)?.[0].replaceAll(",", ""));
    assert.ok(waiting > 0 && waiting <= held.length, `${text}: ${before} of ${held.length} records were on the server when it went down`);
  }
});

for (const locale of ["en", "zh-CN"]) {
  test(`an account removed from the company's database while signed in is told so, and the device keeps every record (${locale})`, async () => {
    const words = WORDS[locale];
    const db = `lima-${locale.toLowerCase()}`;
    const user = { name: `zhou.min.${locale.toLowerCase()}`, password: PASSWORD, role: "sales" };
    await setUpCompany(env.couch, db, [user]);
    const { context, page } = await env.open({ locale, ...LANDSCAPE_TABLET });
    await addPerson(page, "周敏");
    const kept = `移除测试公司甲 ${locale}`;
    await newCustomer(page, kept);
    await signIn(page, db, user.name, PASSWORD);
    await syncStatusSays(page, words.synced);

    await setRoles(env.couch, user.name, []);
    // Work goes on: the push of the next record meets the server's refusal.
    const made = `移除测试公司乙 ${locale}`;
    await newCustomer(page, made);
    await statusOnceStalled(page, [words.synced]);
    const held = await deviceRecordIds(page);
    assert.equal(held.filter((id) => id.startsWith("customers/")).length, 2);

    // Reloaded, the device still holds everything, and says why it does not sync.
    await visit(page);
    await page.reload();
    await dashboardReady(page);
    assert.deepEqual(await deviceRecordIds(page), held, "every record is still on the device");
    assert.equal(await tileCount(page, "customers"), 2);
    const told = await statusOnceStalled(page, [words.synced]);
    await shot(page, `sync-removed-${locale}`, { fullPage: false });
    await visit(page, "#/settings");
    await shotOf(page.getByTestId("team-sync"), `sync-removed-settings-${locale}`);
    // The server's refusals of a member no more: 401 from pouchdb-server, 403 from CouchDB.
    env.excuse("401 (Unauthorized)");
    env.excuse("403 (Forbidden)");

    // Made a member again, the device sends what it kept once the user tries again.
    await setRoles(env.couch, user.name, [user.role]);
    await press(page.getByTestId("team-sync").getByTestId("sync-retry"));
    await syncStatusSays(page, words.synced);
    const companies = await serverCompanies(env.couch, db);
    assert.deepEqual(companies.sort(), [kept, made].sort(), "the record made meanwhile reached the team");
    await context.close();
    excuseReplicationNoise();
    // Asserted last, after the records are checked, so a wrong word does not hide a lost record.
    assert.match(told, new RegExp(words.noAccess), "the device says it may no longer open the team's database");
  });
}

test("a record the server's rules refused is still on the device, and still flagged, after a reload", async () => {
  const db = "mike";
  await setUpCompany(env.couch, db, [{ name: "wu.lei", password: PASSWORD, role: "sales" }]);
  const { context, page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await signIn(page, db, "wu.lei", PASSWORD);
  await syncStatusSays(page, WORDS["zh-CN"].synced);
  // Only a manager changes the team's people.
  await addPerson(page, "吴磊");
  const refused = page.getByTestId("sync-refused").filter({ hasText: "吴磊" });
  await refused.filter({ hasText: "只有经理可以修改此项" }).waitFor({ timeout: 60_000 });
  const held = await deviceRecordIds(page);
  // The replication has moved past the refused record, and PouchDB has written its own
  // checkpoints (on both sides, right after Kehu's): a reload does not send the record again.
  await pushedEverything(page, db);
  await page.waitForTimeout(2_000);

  await page.reload();
  await personOption(page, "吴磊").waitFor({ state: "attached" });
  assert.deepEqual(await deviceRecordIds(page), held, "every record is still on the device");
  // Synced: the replication has been through everything it had to send since the reload.
  await syncStatusSays(page, WORDS["zh-CN"].synced);
  await shotOf(page.getByTestId("team-sync"), "sync-refused-reloaded-zh-CN");
  const flaggedZh = await refused.filter({ hasText: "只有经理可以修改此项" }).count();
  await switchLanguage(page, "en");
  await syncStatusSays(page, WORDS.en.synced);
  await shotOf(page.getByTestId("team-sync"), "sync-refused-reloaded-en");
  const flaggedEn = await refused.filter({ hasText: "only a manager may change this" }).count();
  assert.deepEqual([flaggedZh, flaggedEn], [1, 1], "the refused record is still flagged, with the reason, in each language");
  assert.ok(!(await serverDocs(env.couch, db)).some((doc) => doc.kind === "users"), "the server took no person from a salesperson");
  await context.close();
  excuseReplicationNoise();
});

test("a record edited on the server outside Kehu is left out and listed, never taken in over Kehu's history", async () => {
  const db = "lima";
  await setUpCompany(env.couch, db, [{ name: "zhou.yan", password: PASSWORD, role: "manager" }]);
  const { context, page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await addPerson(page, "周燕");
  const company = "外部修改测试机械有限公司";
  const url = await newCustomer(page, company);
  await signIn(page, db, "zhou.yan", PASSWORD);
  await syncStatusSays(page, WORDS["zh-CN"].synced);
  const id = `customers/${new URL(url).hash.split("/").pop()}`;
  const rev = await editOnServer(env.couch, db, id, (doc) => ({ ...doc, record: { ...doc.record, company: "Edited in Fauxton" } }));
  assert.match(rev, /^2-[0-9a-f]{32}$/, "the server drew a revision of its own");
  await page.getByTestId("sync-attention").filter({ hasText: "1" }).waitFor({ timeout: 60_000 });
  await visit(page, "#/settings");
  const leftOut = page.getByTestId("sync-left-out");
  await leftOut.getByRole("listitem").filter({ hasText: company }).waitFor();
  await shotOf(page.getByTestId("team-sync"), "sync-left-out-zh-CN");
  await switchLanguage(page, "en");
  await leftOut.getByText("Left out").waitFor();
  await shotOf(page.getByTestId("team-sync"), "sync-left-out-en");
  await page.goto(url);
  assert.equal(await page.getByTestId("customer-company").innerText(), company, "the device keeps Kehu's version");
  await context.close();
  excuseReplicationNoise();
});
