// Conflicts between two devices (two browser contexts) syncing through the loopback team server:
// both offline, they edit one customer — different fields merge on their own; the same field is
// decided on one device, field by field, and the conflict is gone on both — and one deletes a
// supplier the other edits, which is decided on the other. One device reloads while offline.
// Nothing is lost: the server ends holding one revision of each record, with no conflict.
// A machine serial both devices entered is held back on each, named, until one is changed.
// A first sync of a company with thousands of records shows its progress, and a reload in the
// middle of it goes on from where it was. A backup restored into a synced workspace adds back
// only what it no longer holds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { actAs, addMachineFromInstalledBase, addPerson, deskAndTablet, download, fillCustomer, fillOrderLine, newCustomer, openCustomerForm, pickBackup, press, SYNCED, signIn, syncStatusSays, visit } from "./support/actions.mjs";
import { dashboardReady, profileAt, tileCount } from "./support/checks.mjs";
import { serverDocs, setUpCompany } from "./support/couch.mjs";
import { LANDSCAPE_TABLET, PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite({ couch: true });

const PASSWORD = "kehu-sync-test";
const SYNC_WAIT = 90_000;


/** Both devices offline, `edits` made on each, then both back online and synced. */
async function apart(devices, edits) {
  for (const side of devices) await side.context.setOffline(true);
  for (const [side, edit] of devices.map((side, i) => [side, edits[i]])) await edit(side);
  for (const side of devices) await side.context.setOffline(false);
  for (const side of devices) await syncStatusSays(side.page, SYNCED[side.locale], SYNC_WAIT);
}

/** Waits until the shell counts `count` records needing attention (none: no count shown). */
async function attention(side, count) {
  const badge = side.page.getByTestId("sync-attention");
  if (count === 0) {
    await badge.waitFor({ state: "detached", timeout: SYNC_WAIT });
  } else {
    await badge.filter({ hasText: String(count) }).waitFor({ timeout: SYNC_WAIT });
  }
}

async function editCustomer(side, url, fields) {
  await openCustomerForm(side.page, url);
  await fillCustomer(side.page, fields);
  await press(side.page.getByTestId("save-customer"));
  await side.page.getByTestId("customer-detail").waitFor();
}

/** Every record on the server has one live revision: nothing left in conflict. */
async function noServerConflicts(db) {
  const docs = await serverDocs(env.couch, db);
  const conflicted = docs.filter((doc) => (doc._conflicts ?? []).length > 0).map((doc) => doc._id);
  assert.deepEqual(conflicted, [], "the server holds no conflict");
  return docs;
}

test("edits made apart merge, or are decided on one device and settled on both; a deletion against an edit too", async () => {
  const db = "echo";
  const { desk, tablet } = await deskAndTablet(env, db, PASSWORD);

  const company = "株洲冲突测试工程机械有限公司";
  const url = await newCustomer(tablet.page, company);
  await visit(desk.page, "#/customers");
  await desk.page.locator('[data-testid="customer-row"]', { hasText: company }).waitFor({ timeout: SYNC_WAIT });
  const deskUrl = desk.page.url().replace(/#.*$/, new URL(url).hash);

  // Different fields: merged on their own, nothing to decide. The tablet reloads while offline.
  await apart([tablet, desk], [
    async (side) => {
      await editCustomer(side, url, { city: "株洲" });
      await side.page.reload();
      await side.page.getByTestId("customer-detail").filter({ hasText: "株洲" }).waitFor();
    },
    (side) => editCustomer(side, deskUrl, { phone: "0731-5555 5555" }),
  ]);
  for (const [side, at] of [[tablet, url], [desk, deskUrl]]) {
    await side.page.getByTestId("sync-status").waitFor();
    await side.page.waitForFunction(() => !document.querySelector('[data-testid="sync-attention"]'));
    await side.page.goto(at);
    await side.page.getByTestId("customer-detail").filter({ hasText: "0731-5555 5555" }).waitFor({ timeout: SYNC_WAIT });
    await side.page.getByTestId("customer-detail").filter({ hasText: "株洲" }).waitFor({ timeout: SYNC_WAIT });
  }
  assert.equal(await desk.page.getByTestId("sync-conflict").count(), 0, "nothing to decide");

  // The same field: asked on both, decided on the desk.
  await apart([tablet, desk], [
    (side) => editCustomer(side, url, { phone: "0731-6666 6666" }),
    (side) => editCustomer(side, deskUrl, { phone: "0731-7777 7777" }),
  ]);
  await attention(tablet, 1);
  await attention(desk, 1);
  await tablet.page.goto(url);
  const tabletBanner = tablet.page.getByTestId("sync-conflict");
  await tabletBanner.filter({ hasText: company }).waitFor();
  await shot(tablet.page, "sync-conflict-banner-zh-CN", { fullPage: false });
  await desk.page.goto(deskUrl);
  await desk.page.getByTestId("sync-conflict").waitFor();
  await shot(desk.page, "sync-conflict-banner-en", { fullPage: false });
  await press(desk.page.getByTestId("sync-conflict").getByTestId("sync-resolve"));
  const dialog = desk.page.getByTestId("clash-dialog");
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Other device \(/, "the other side is the other device's version");
  const rows = dialog.getByTestId("clash-field");
  assert.equal(await rows.count(), 1, "only the phone is asked");
  assert.match(await rows.first().innerText(), /Phone/);
  await shotOf(dialog, "sync-conflict-dialog-en");
  const other = (await rows.first().locator(".clash-value").nth(1).innerText()).trim();
  assert.ok(["0731-6666 6666", "0731-7777 7777"].includes(other), other);
  await press(dialog.getByTestId("clash-mine-0"));
  await press(dialog.getByTestId("clash-save"));
  await dialog.waitFor({ state: "detached" });
  await attention(desk, 0);
  await attention(tablet, 0);
  const onTablet = await profileAt(tablet.page, url);
  const onDesk = await profileAt(desk.page, deskUrl);
  assert.equal(onDesk.Phone, other, "the desk keeps the value it chose");
  assert.equal(onTablet["电话"], other, "and so does the tablet");
  assert.equal(await tablet.page.getByTestId("sync-conflict").count(), 0);

  // An order both change the credit days of: asked on its own page, decided on the tablet.
  await tablet.page.goto(url);
  await press(tablet.page.getByTestId("add-order"));
  await fillOrderLine(tablet.page.getByTestId("order-line").first(), { product: "SY215C 挖掘机", kind: "整机", quantity: "1", price: "1,200,000", cost: "1,000,000" });
  await press(tablet.page.getByTestId("save-order"));
  await tablet.page.getByTestId("customer-detail").waitFor();
  const orderOn = async (side, at) => {
    await side.page.goto(at);
    const order = side.page.getByTestId("timeline-order").first();
    await order.waitFor({ timeout: SYNC_WAIT });
    await press(order.getByTestId("timeline-order-link"));
    await side.page.getByTestId("order-form").waitFor();
  };
  await orderOn(desk, deskUrl);
  await apart([tablet, desk], [
    async (side) => {
      await orderOn(side, url);
      await side.page.getByTestId("order-credit-days").fill("30");
      await press(side.page.getByTestId("save-order"));
      await side.page.getByTestId("customer-detail").waitFor();
    },
    async (side) => {
      await orderOn(side, deskUrl);
      await side.page.getByTestId("order-credit-days").fill("60");
      await press(side.page.getByTestId("save-order"));
      await side.page.getByTestId("customer-detail").waitFor();
    },
  ]);
  await attention(tablet, 1);
  await orderOn(tablet, url);
  await press(tablet.page.getByTestId("sync-conflict").getByTestId("sync-resolve"));
  const orderDialog = tablet.page.getByTestId("clash-dialog");
  await orderDialog.waitFor();
  assert.equal(await orderDialog.getByTestId("clash-field").count(), 1, "only the credit days are asked");
  await shotOf(orderDialog, "sync-conflict-order-zh-CN");
  const days = (await orderDialog.locator(".clash-value").nth(1).innerText()).trim();
  await press(orderDialog.getByTestId("clash-mine-0"));
  await press(orderDialog.getByTestId("clash-save"));
  await orderDialog.waitFor({ state: "detached" });
  await attention(tablet, 0);
  await attention(desk, 0);
  for (const [side, at] of [[tablet, url], [desk, deskUrl]]) {
    await orderOn(side, at);
    assert.equal(await side.page.getByTestId("order-credit-days").inputValue(), days.replace(/\D/g, ""), "the same credit days on both");
  }

  // A supplier the desk deletes while the tablet edits it: asked, and decided on the tablet.
  const supplier = "徐州液压件有限公司";
  await visit(desk.page, "#/partners/suppliers/new");
  await desk.page.getByTestId("field-name").fill(supplier);
  await desk.page.getByTestId("field-phone").fill("0516-8773 8888");
  await press(desk.page.getByTestId("save-supplier"));
  await desk.page.getByTestId("supplier-list").waitFor();
  await visit(tablet.page, "#/partners");
  const tabletRow = tablet.page.getByTestId("supplier-row").filter({ hasText: supplier });
  await tabletRow.waitFor({ timeout: SYNC_WAIT });
  await apart([tablet, desk], [
    async (side) => {
      await press(tabletRow);
      await side.page.getByTestId("field-phone").fill("0516-8773 9999");
      await press(side.page.getByTestId("save-supplier"));
      await side.page.getByTestId("supplier-list").waitFor();
    },
    async (side) => {
      await press(side.page.getByTestId("supplier-row").filter({ hasText: supplier }));
      await press(side.page.getByTestId("delete-partner"));
      await press(side.page.getByTestId("confirm-delete"));
      await side.page.getByTestId("suppliers-empty").waitFor();
    },
  ]);
  await attention(tablet, 1);
  await attention(desk, 1);
  await visit(tablet.page, "#/settings");
  const listed = tablet.page.getByTestId("sync-conflicts");
  await listed.filter({ hasText: supplier }).waitFor();
  await shotOf(tablet.page.getByTestId("team-sync"), "sync-conflict-list-zh-CN");
  await press(listed.getByTestId("sync-conflict-open"));
  await tablet.page.getByTestId("supplier-form").waitFor();
  await press(tablet.page.getByTestId("sync-conflict").getByTestId("sync-resolve"));
  const versions = tablet.page.getByTestId("sync-versions");
  await versions.waitFor();
  assert.match(await versions.innerText(), /删除了此记录/);
  await shotOf(versions, "sync-conflict-deletion-zh-CN");
  await press(versions.getByTestId("sync-keep-other"));
  await versions.waitFor({ state: "detached" });
  await attention(tablet, 0);
  await attention(desk, 0);
  for (const side of [tablet, desk]) {
    await visit(side.page, "#/partners");
    await side.page.getByTestId("suppliers-empty").waitFor({ timeout: SYNC_WAIT });
  }

  const docs = await noServerConflicts(db);
  const customers = docs.filter((doc) => doc.kind === "customers");
  assert.deepEqual(customers.map((doc) => doc.record.phone), [other], "one customer, with the phone chosen");
  assert.equal(customers[0].record.city, "株洲", "and the change merged earlier");
  assert.equal(docs.filter((doc) => doc.kind === "suppliers").length, 0, "the supplier deleted as decided");
  await tablet.context.close();
  await desk.context.close();
  for (const text of ["404 (Not Found)", "net::ERR_FAILED", "net::ERR_INTERNET_DISCONNECTED"]) env.excuse(text);
});

/** Puts `count` customers on the server as another device would have sent them. */
async function seedCustomers(db, count) {
  const auth = `Basic ${Buffer.from(`${env.couch.admin.name}:${env.couch.admin.password}`).toString("base64")}`;
  const first = 1_800_000_000_000_000;
  for (let start = 0; start < count; start += 500) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const id = first + i;
      const record = { id, company: `湖南第${i + 1}号工程机械有限公司`, province: "湖南", city: "长沙" };
      const rev = `1-${(i + 1).toString(16).padStart(16, "0")}`;
      docs.push({ _id: `customers/${id}`, _rev: rev, kind: "customers", at: Date.now(), by: null, record });
    }
    const response = await fetch(`${env.couch.url}/${db}/_bulk_docs`, {
      method: "POST",
      headers: { Authorization: auth, "Content-Type": "application/json" },
      body: JSON.stringify({ docs, new_edits: false }),
    });
    assert.ok(response.ok, `seeding ${db}: ${response.status}`);
  }
}

test("a first sync of thousands of records shows its progress and goes on after a reload", async () => {
  const db = "foxtrot";
  const count = 4000;
  await setUpCompany(env.couch, db, [{ name: "sun.li", password: PASSWORD, role: "sales" }]);
  await seedCustomers(db, count);
  for (const locale of ["zh-CN", "en"]) {
    const { context, page } = await env.open({ locale, ...LANDSCAPE_TABLET });
    await signIn(page, db, "sun.li", PASSWORD);
    const progress = page.getByTestId("sync-progress");
    await progress.waitFor({ timeout: SYNC_WAIT });
    await shotOf(page.getByTestId("team-sync"), `sync-first-progress-${locale}`);
    if (locale === "zh-CN") {
      // Left in the middle: the next start goes on from the last checkpoint.
      await page.reload();
    }
    await syncStatusSays(page, SYNCED[locale], 4 * SYNC_WAIT);
    assert.equal(await progress.count(), 0, "no progress once synced");
    await visit(page, "#/");
    await dashboardReady(page);
    assert.equal(await tileCount(page, "customers"), count, "every record, once");
    await context.close();
  }
  for (const text of ["404 (Not Found)", "net::ERR_FAILED"]) env.excuse(text);
});

/** Saves a new supplier named `name` from the list. */
async function newSupplier(page, name) {
  await visit(page, "#/partners/suppliers/new");
  await page.getByTestId("field-name").fill(name);
  await press(page.getByTestId("save-supplier"));
  await page.getByTestId("supplier-list").waitFor();
}

test("a backup restored into a synced workspace adds back only what it no longer holds", async () => {
  for (const locale of ["en", "zh-CN"]) {
    const db = `golf-${locale.toLowerCase()}`;
    await setUpCompany(env.couch, db, [{ name: "qian.yu", password: PASSWORD, role: "manager" }]);
    const { context, page } = await env.open({ locale, ...PORTRAIT_TABLET, acceptDownloads: true });
    await signIn(page, db, "qian.yu", PASSWORD);
    await syncStatusSays(page, SYNCED[locale]);
    await addPerson(page, "钱宇");
    await actAs(page, "钱宇");
    const [kept, lost] = [`常州齿轮厂 ${locale}`, `无锡轴承厂 ${locale}`];
    await newSupplier(page, kept);
    await newSupplier(page, lost);
    await visit(page, "#/settings");
    const backup = await download(page, "backup-download");
    const file = path.join(os.tmpdir(), `kehu-sync-restore-${locale}-${backup.name}`);
    writeFileSync(file, backup.bytes);

    // After the backup: one supplier renamed, the other deleted, both synced.
    await visit(page, "#/partners");
    await press(page.getByTestId("supplier-row").filter({ hasText: kept }));
    await page.getByTestId("field-name").fill(`${kept}（改名）`);
    await press(page.getByTestId("save-supplier"));
    await page.getByTestId("supplier-list").waitFor();
    await press(page.getByTestId("supplier-row").filter({ hasText: lost }));
    await press(page.getByTestId("delete-partner"));
    await press(page.getByTestId("confirm-delete"));
    await page.getByTestId("supplier-list").waitFor();
    await page.getByTestId("supplier-row").filter({ hasText: lost }).waitFor({ state: "detached" });
    await syncStatusSays(page, SYNCED[locale]);

    await visit(page, "#/settings");
    await pickBackup(page, file);
    await page.getByTestId("restore-synced").waitFor();
    await shotOf(page.getByTestId("backup"), `sync-restore-${locale}`);
    await press(page.getByTestId("restore-confirm"));
    await page.getByTestId("backup-message").filter({ hasText: locale === "en" ? "Added back" : "补回" }).waitFor();
    await visit(page, "#/partners");
    await page.getByTestId("supplier-row").filter({ hasText: lost }).waitFor();
    await page.getByTestId("supplier-row").filter({ hasText: `${kept}（改名）` }).waitFor();
    assert.equal(await page.getByTestId("supplier-row").count(), 2, "the renamed supplier is not put back as it was");
    // The team had deleted it: back, and listed for the team to decide.
    await attention({ page }, 1);
    await syncStatusSays(page, SYNCED[locale]);
    const names = (await serverDocs(env.couch, db)).filter((doc) => doc.kind === "suppliers").map((doc) => doc.record.name);
    assert.deepEqual(names.sort(), [`${kept}（改名）`, lost].sort(), "the server holds both, the rename kept");
    await context.close();
  }
  for (const text of ["404 (Not Found)", "net::ERR_FAILED"]) env.excuse(text);
});

test("a machine serial both devices entered is held back on each, by name, until one of them is changed", async () => {
  const { desk, tablet } = await deskAndTablet(env, "hotel", PASSWORD);
  const company = "徐州重型机械测试有限公司";
  await newCustomer(tablet.page, company);
  await visit(desk.page, "#/customers");
  await desk.page.locator('[data-testid="customer-row"]', { hasText: company }).waitFor({ timeout: SYNC_WAIT });
  const serial = "XUG-SYNC-0001";
  const machine = (status) => ({ serial, model: "XE215DA", delivered: "2025-03-01", hours: "1200", perMonth: "150", status });
  await apart([tablet, desk], [
    (side) => addMachineFromInstalledBase(side.page, company, machine("在用")),
    (side) => addMachineFromInstalledBase(side.page, company, { ...machine("Active"), model: "XE215C" }),
  ]);
  for (const [side, other] of [[tablet, "XE215C"], [desk, "XE215DA"]]) {
    await attention(side, 1);
    await visit(side.page, "#/settings");
    const held = side.page.getByTestId("sync-held-back");
    await held.filter({ hasText: serial }).waitFor();
    await shotOf(side.page.getByTestId("team-sync"), `sync-held-back-${side.locale}`);
    // Each keeps its own machine; the other's waits in the replica.
    await visit(side.page, "#/parts/machines");
    await side.page.getByTestId("machine-row").filter({ hasText: serial }).waitFor();
    assert.equal(await side.page.getByTestId("machine-row").filter({ hasText: other }).count(), 0);
  }
  // The desk corrects its serial: both machines then reach both devices.
  await press(desk.page.getByTestId("machine-row").filter({ hasText: serial }).locator("a").first());
  await desk.page.getByTestId("field-serial").fill("XUG-SYNC-0002");
  await press(desk.page.getByTestId("save-machine"));
  await desk.page.getByTestId("machine-list").waitFor();
  for (const side of [tablet, desk]) {
    await attention(side, 0);
    await visit(side.page, "#/parts/machines");
    await side.page.getByTestId("machine-row").filter({ hasText: "XUG-SYNC-0002" }).waitFor({ timeout: SYNC_WAIT });
    await side.page.getByTestId("machine-row").filter({ hasText: serial }).waitFor({ timeout: SYNC_WAIT });
  }
  await tablet.context.close();
  await desk.context.close();
  for (const text of ["404 (Not Found)", "net::ERR_FAILED", "net::ERR_INTERNET_DISCONNECTED"]) env.excuse(text);
});
