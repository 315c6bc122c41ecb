// Workspaces: the Demo workspace is created, shown, kept apart from "My data", reset and
// deleted; storage failures and another tab's upgrade produce clear, translated alerts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createDemo, openWorkspace, visit } from "./support/actions.mjs";
import { dashboardReady, tileCount } from "./support/checks.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("the Demo workspace is created, shown, and never mixed with my data", async () => {
  const { context, page } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET });
  await visit(page);
  await dashboardReady(page);
  assert.equal(await tileCount(page, "customers"), 0);

  await createDemo(page);
  assert.equal(await page.getByTestId("workspace-badge").innerText(), "演示");
  // The size line is read from the new workspace after the switch, so it appears a moment later.
  await page
    .getByTestId("demo-size")
    .filter({ hasText: /演示规模，生成于 \d{4}年\d{1,2}月\d{1,2}日/ })
    .waitFor({ timeout: 10_000 });
  await page.getByTestId("nav-dashboard").tap();
  await dashboardReady(page);
  assert.equal(await tileCount(page, "customers"), 300);
  for (const store of ["contacts", "orders", "opportunities", "machines", "service_tickets", "parts", "stock"]) {
    assert.ok((await tileCount(page, store)) > 0, `demo has ${store}`);
  }
  await shot(page, "data-counts-demo-768x1024");
  await page.getByTestId("nav-dashboard").tap();
  await page.locator('[data-testid="cockpit"][data-ready="true"]').waitFor({ timeout: 60_000 });
  await shot(page, "dashboard-demo-768x1024");
  // Landscape tablet: side navigation; this shot is the README's docs/screenshot.png.
  await page.setViewportSize({ width: 1280, height: 800 });
  await dashboardReady(page);
  await shot(page, "dashboard-demo-1280x800");

  // The choice survives a reload; my data stays empty.
  await page.reload();
  await dashboardReady(page);
  assert.equal(await tileCount(page, "customers"), 300);
  await openWorkspace(page, "mine");
  await page.getByTestId("nav-dashboard").tap();
  await dashboardReady(page);
  assert.equal(await tileCount(page, "customers"), 0);

  // Reset regenerates the same demo; delete removes it and returns to my data.
  await openWorkspace(page, "demo");
  await page.getByTestId("reset-demo").tap();
  await page.getByTestId("progress").waitFor({ state: "detached", timeout: 60_000 });
  await page.getByTestId("demo-size").filter({ hasText: "演示规模" }).waitFor();
  await shot(page, "settings-demo-zh-CN");
  await page.getByTestId("delete-demo").tap();
  await page.getByTestId("confirm-delete-demo").tap();
  await page.getByTestId("create-demo").waitFor();
  assert.equal(await page.getByTestId("workspace-badge").getAttribute("data-workspace"), "mine");
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.deepEqual(databases, ["kehu-mine"]);
  await context.close();
});

test("a full disk shows a translated alert and leaves no half-created demo", async () => {
  const { context, page } = await env.open({ locale: "en-US" });
  // Every put fails as it does when the browser's quota is used up.
  await context.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  await visit(page, "#/settings");
  await page.getByTestId("create-demo").click();
  const alert = page.getByTestId("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /no more storage for Kehu/);
  assert.equal(await page.getByTestId("workspace-badge").getAttribute("data-workspace"), "mine");
  await page.getByTestId("create-demo").waitFor();
  // Chromium lists a database until its deletion has finished, which can lag the alert a moment:
  // wait for it (a half-created demo that stays would still fail here).
  await page.waitForFunction(async () => (await indexedDB.databases()).every((d) => d.name !== "kehu-demo"), null, { timeout: 10_000 });
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.deepEqual(databases, ["kehu-mine"]);
  await shot(page, "alert-quota-en");
  await context.close();
});

test("another tab's upgrade closes this tab's database and asks for a reload", async () => {
  const { context, page } = await env.open({ locale: "zh-CN" });
  await visit(page);
  await dashboardReady(page);
  // A newer build opened in another tab upgrades the database.
  const other = await context.newPage();
  await visit(other, "#/settings");
  await other.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open("kehu-mine", 99);
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      })
  );
  const alert = page.getByTestId("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /已在另一个标签页中更新/);
  await page.getByTestId("alert-reload").waitFor();
  await shot(page, "alert-version-changed-zh-CN");
  // The reloaded old build meets a newer database and says so instead of failing silently.
  await page.getByTestId("alert-reload").click();
  await page.getByTestId("alert").waitFor();
  assert.match(await page.getByTestId("alert").innerText(), /更新版本/);
  // The other tab, which held the old connection, also saw the alert; it's expected there.
  env.excuse("VersionError");
  await context.close();
});
