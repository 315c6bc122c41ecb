// Team sync between two devices (two browser contexts, each with its own storage) through a
// CouchDB-protocol server on loopback, reached on the app's own origin under /couchdb/ as behind
// the production proxy: signing in, a record made on one device shown on the other without a
// reload, both devices offline editing one customer, and back online the conflict shown on both
// with one version stored on both; wrong passwords and non-members told what is wrong.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addPerson, deskAndTablet, fillCustomer, newCustomer, openCustomerForm, openWorkspace, press, signIn, syncStatusSays, visit } from "./support/actions.mjs";
import { profileAt } from "./support/checks.mjs";
import { serverCompanies, setUpCompany, userWithoutRole } from "./support/couch.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite({ couch: true });

const PASSWORD = "kehu-sync-test";
const WORDS = {
  "zh-CN": { synced: "已同步", offline: "离线", signedOut: "重新登录", wrongPassword: "不接受", noAccess: "无权打开", otherOrigin: "不在此地址" },
  en: { synced: "Synced", offline: "Offline", signedOut: "sign in again", wrongPassword: "did not accept", noAccess: "may not open", otherOrigin: "is elsewhere" },
};

/**
 * Drops what the browser logs of the replication's own requests: the 404s of PouchDB probing for
 * checkpoints the server does not have yet (at every start), and the requests cut off by going
 * offline or by a restart of the replication.
 */
function excuseReplicationNoise() {
  for (const text of ["404 (Not Found)", "net::ERR_FAILED", "net::ERR_INTERNET_DISCONNECTED"]) env.excuse(text);
}

test("a customer made on one device reaches the other, and edits made offline on both become one conflict both see", async () => {
  const db = "acme";
  // The manager signs in first and adds the team's people; the salesperson's tablet gets them.
  const { desk, tablet } = await deskAndTablet(env, db, PASSWORD);
  await shotOf(tablet.page.getByTestId("team-sync"), "sync-signed-in-zh-CN");
  await shotOf(desk.page.getByTestId("team-sync"), "sync-signed-in-en");

  // Only a manager changes the team's people: the server refuses the salesperson's new person,
  // which stays on the tablet, flagged with the reason.
  await addPerson(tablet.page, "张三");
  const refused = tablet.page.getByTestId("sync-refused");
  await refused.filter({ hasText: "只有经理可以修改此项" }).waitFor({ timeout: 60_000 });
  await tablet.page.getByTestId("sync-attention").filter({ hasText: "1" }).waitFor();
  await shotOf(tablet.page.getByTestId("team-sync"), "sync-refused-zh-CN");

  const company = "长沙同步测试机械有限公司";
  const url = await newCustomer(tablet.page, company);
  const path = new URL(url).hash;
  // Each device claimed its own number from the server, and writes ids with that number's
  // writer numbers (the low 11 bits, 8 to a device): no other device of the team makes them.
  const deviceOf = async (page) => Number((await page.evaluate(() => localStorage.getItem("kehu.sync.device"))).split(" ")[0]);
  const [deskNumber, tabletNumber] = [await deviceOf(desk.page), await deviceOf(tablet.page)];
  assert.notEqual(deskNumber, tabletNumber, "two devices, two numbers");
  assert.equal(Number(BigInt(path.split("/").pop()) % 2048n) >> 3, tabletNumber, `the new customer's id ${path} is the tablet's`);
  // The desk sees it without reloading: its list reads again when the team's change comes in.
  await visit(desk.page, "#/customers");
  await desk.page.locator('[data-testid="customer-row"]', { hasText: company }).waitFor({ timeout: 60_000 });
  const deskUrl = desk.page.url().replace(/#.*$/, path);

  await openCustomerForm(desk.page, deskUrl);
  await fillCustomer(desk.page, { phone: "0731-2222 2222" });
  await press(desk.page.getByTestId("save-customer"));
  await desk.page.getByTestId("customer-detail").waitFor();
  await tablet.page.goto(url);
  await tablet.page.getByTestId("customer-detail").filter({ hasText: "0731-2222 2222" }).waitFor({ timeout: 60_000 });

  // Both offline, both change the phone.
  await tablet.context.setOffline(true);
  await desk.context.setOffline(true);
  for (const [side, phone] of [[tablet, "0731-3333 3333"], [desk, "0731-4444 4444"]]) {
    await openCustomerForm(side.page, side === tablet ? url : deskUrl);
    await fillCustomer(side.page, { phone });
    await press(side.page.getByTestId("save-customer"));
    await side.page.getByTestId("customer-detail").waitFor();
  }
  await syncStatusSays(tablet.page, WORDS["zh-CN"].offline);
  await syncStatusSays(desk.page, WORDS.en.offline);
  await shot(tablet.page, "sync-offline-zh-CN", { fullPage: false });

  await tablet.context.setOffline(false);
  await desk.context.setOffline(false);
  // The conflict joins the tablet's refusal in its count.
  await tablet.page.getByTestId("sync-attention").filter({ hasText: "2" }).waitFor({ timeout: 90_000 });
  await desk.page.getByTestId("sync-attention").filter({ hasText: "1" }).waitFor({ timeout: 90_000 });
  await syncStatusSays(tablet.page, WORDS["zh-CN"].synced, 90_000);
  await syncStatusSays(desk.page, WORDS.en.synced, 90_000);
  // Each in its own language: the same phone, and the same author of the last change.
  const onTablet = await profileAt(tablet.page, url);
  const onDesk = await profileAt(desk.page, deskUrl);
  assert.equal(onTablet["电话"], onDesk.Phone, "both devices store the same version");
  assert.ok(["0731-3333 3333", "0731-4444 4444"].includes(onDesk.Phone), onDesk.Phone);
  assert.equal(onTablet["最近修改"].endsWith(onDesk["Last modified"].split(" by ")[1]), true);

  await visit(desk.page, "#/settings");
  await desk.page.getByTestId("sync-conflicts").waitFor();
  assert.match(await desk.page.getByTestId("sync-conflicts").innerText(), /Changed on two devices at once: 1/);
  await shotOf(desk.page.getByTestId("team-sync"), "sync-conflict-en");
  await visit(tablet.page, "#/settings");
  await shotOf(tablet.page.getByTestId("team-sync"), "sync-conflict-zh-CN");
  await tablet.context.close();
  await desk.context.close();
  excuseReplicationNoise();
});

test("a session the server ended is signed in again, and what was made meanwhile reaches the team", async () => {
  const db = "delta";
  await setUpCompany(env.couch, db, [{ name: "zhou.jie", password: PASSWORD, role: "manager" }]);
  for (const locale of ["en", "zh-CN"]) {
    const { context, page } = await env.open({ locale, ...LANDSCAPE_TABLET });
    await addPerson(page, "周杰");
    await signIn(page, db, "zhou.jie", PASSWORD);
    await syncStatusSays(page, WORDS[locale].synced);
    // As when the cookie expires on a tablet offline for long: the server no longer knows it.
    await page.evaluate(() => fetch("/couchdb/_session", { method: "DELETE", credentials: "include" }));
    const company = `会话过期测试公司 ${locale}`;
    await newCustomer(page, company);
    await syncStatusSays(page, WORDS[locale].signedOut);
    env.excuse("401 (Unauthorized)");
    await visit(page, "#/settings");
    const again = page.getByTestId("sync-sign-in-again");
    await again.getByTestId("sync-password").fill(PASSWORD);
    await shotOf(page.getByTestId("team-sync"), `sync-sign-in-again-${locale}`);
    await press(again.getByTestId("sync-sign-in"));
    await syncStatusSays(page, WORDS[locale].synced);
    const companies = await serverCompanies(env.couch, db);
    assert.ok(companies.includes(company), `${company} reached the server: ${companies}`);
    await context.close();
    excuseReplicationNoise();
  }
});

test("a device signed in before devices had numbers claims one when it starts syncing, and writes its ids with it", async () => {
  const db = "foxtrot";
  await setUpCompany(env.couch, db, [{ name: "sun.li", password: PASSWORD, role: "manager" }]);
  const { context, page } = await env.open({ locale: "en", ...LANDSCAPE_TABLET });
  await addPerson(page, "孙丽");
  // Another tab, open before the sign-in, takes the device's numbers too once it is signed in.
  const otherTab = await context.newPage();
  await otherTab.goto(page.url());
  await signIn(page, db, "sun.li", PASSWORD);
  await syncStatusSays(page, WORDS.en.synced);
  const deviceNumber = () => page.evaluate(() => localStorage.getItem("kehu.sync.device"));
  const first = Number((await deviceNumber()).split(" ")[0]);
  const writerOf = (url) => Number(BigInt(new URL(url).hash.split("/").pop()) % 2048n);
  const fromOtherTab = await newCustomer(otherTab, "另一窗口设备编号测试公司");
  assert.equal(writerOf(fromOtherTab) >> 3, first, `${fromOtherTab} is written with the device's number`);
  assert.notEqual(writerOf(fromOtherTab), writerOf(await newCustomer(page, "本窗口设备编号测试公司")), "two tabs, two writers");
  await otherTab.close();
  // As a device signed in by a release before device numbers: no number kept, its own claim unknown.
  await page.evaluate(() => localStorage.removeItem("kehu.sync.device"));
  await page.reload();
  await syncStatusSays(page, WORDS.en.synced);
  const claimed = await deviceNumber();
  assert.ok(claimed, "a number claimed on start");
  const second = Number(claimed.split(" ")[0]);
  assert.notEqual(second, first, "the number still held on the server is not claimed twice");
  const url = await newCustomer(page, "设备编号测试公司");
  assert.equal(writerOf(url) >> 3, second, `${url} is written with the new number`);
  await context.close();
  excuseReplicationNoise();
});

test("a wrong password and an account that is not a member are told what is wrong, in each language", async () => {
  const db = "bravo";
  await setUpCompany(env.couch, db, [{ name: "zhao.min", password: PASSWORD, role: "service" }]);
  await userWithoutRole(env.couch, "outsider", PASSWORD);
  for (const locale of ["zh-CN", "en"]) {
    const { context, page } = await env.open({ locale, ...LANDSCAPE_TABLET });
    await signIn(page, db, "zhao.min", "wrong-password");
    const problem = page.getByTestId("sync-problem");
    await problem.filter({ hasText: WORDS[locale].wrongPassword }).waitFor();
    // The refused sign-in and the database that refuses a non-member answer 401, on purpose.
    env.excuse("401 (Unauthorized)");
    await signIn(page, db, "outsider", PASSWORD);
    await problem.filter({ hasText: WORDS[locale].noAccess }).waitFor();
    env.excuse("401 (Unauthorized)");
    await shotOf(page.getByTestId("team-sync"), `sync-no-access-${locale}`);
    // A server on another origin is refused before any request: the app may reach its own only.
    await page.getByTestId("team-sync").getByTestId("sync-server").fill("https://couch.example.com/");
    await press(page.getByTestId("team-sync").getByTestId("sync-sign-in"));
    await problem.filter({ hasText: WORDS[locale].otherOrigin }).waitFor();
    assert.equal(await page.getByTestId("sync-status").count(), 0, "not signed in: no status");
    await shotOf(page.getByTestId("team-sync"), `sync-other-origin-${locale}`);
    await context.close();
  }
});

test("the Demo workspace never syncs", async () => {
  const { context, page } = await env.open({ locale: "en" });
  await visit(page, "#/settings");
  await page.getByTestId("create-demo").click();
  await page.getByTestId("workspace-badge").filter({ hasText: "Demo" }).waitFor({ timeout: 60_000 });
  await page.getByTestId("sync-demo").waitFor();
  assert.equal(await page.getByTestId("sync-sign-in").count(), 0);
  await openWorkspace(page, "mine");
  await page.getByTestId("sync-sign-in").waitFor();
  await context.close();
});
