// The app shell: language on first load, switching, deep links under a sub-path, layouts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { switchLanguage, visit } from "./support/actions.mjs";
import { dashboardReady } from "./support/checks.mjs";
import { e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("first load in a Chinese browser is in Simplified Chinese", async () => {
  const { context, page } = await env.open({ locale: "zh-CN" });
  await visit(page);
  await dashboardReady(page);
  assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
  assert.equal(await page.locator("h1").innerText(), "仪表盘");
  assert.equal(await page.getByTestId("workspace-badge").innerText(), "我的数据");
  await page.getByTestId("empty-workspace").waitFor();
  await shot(page, "first-load-zh-CN");
  await context.close();
});

test("first load in an English browser is in English; zh-TW browsers get Chinese", async () => {
  const english = await env.open({ locale: "en-US" });
  await visit(english.page);
  await dashboardReady(english.page);
  assert.equal(await english.page.locator("h1").innerText(), "Dashboard");
  assert.equal(await english.page.locator("html").getAttribute("lang"), "en");
  await shot(english.page, "first-load-en");
  await english.context.close();

  const traditional = await env.open({ locale: "zh-TW" });
  await visit(traditional.page);
  await dashboardReady(traditional.page);
  assert.equal(await traditional.page.locator("h1").innerText(), "仪表盘");
  await traditional.context.close();
});

test("switching language applies at once and is remembered across reloads", async () => {
  const { context, page } = await env.open({ locale: "en-US" });
  await visit(page);
  await dashboardReady(page);
  await switchLanguage(page, "zh-CN");
  assert.equal(await page.locator("h1").innerText(), "仪表盘");
  assert.equal(await page.getByTestId("nav-settings").innerText(), "设置");
  assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
  await page.reload();
  await dashboardReady(page);
  assert.equal(await page.locator("h1").innerText(), "仪表盘");
  await switchLanguage(page, "en");
  assert.equal(await page.locator("h1").innerText(), "Dashboard");
  await context.close();
});

test("deep links survive a reload under the sub-path; back and forward work", async () => {
  const { context, page } = await env.open({ locale: "en-US" });
  await visit(page, "#/settings");
  await page.getByTestId("settings").waitFor();
  await page.reload();
  await page.getByTestId("settings").waitFor();
  assert.equal(await page.getByTestId("nav-settings").getAttribute("aria-current"), "page");
  await page.getByTestId("nav-dashboard").click();
  await dashboardReady(page);
  assert.ok(page.url().startsWith(env.server.url), page.url());
  await page.goBack();
  await page.getByTestId("settings").waitFor();
  await page.goForward();
  await dashboardReady(page);
  await visit(page, "#/no-such-page");
  await page.getByTestId("not-found").waitFor();
  await shot(page, "not-found-en");
  await context.close();
});

test("layouts: bottom navigation in portrait, side navigation in landscape, 44 px targets", async () => {
  for (const [width, height, placement] of [
    [768, 1024, "bottom"],
    [1280, 800, "side"],
    [1920, 1080, "side"],
  ]) {
    const { context, page } = await env.open({
      locale: "zh-CN",
      viewport: { width, height },
      hasTouch: width < 1000,
    });
    await visit(page, "#/settings");
    await page.getByTestId("settings").waitFor();
    const nav = await page.locator("nav.nav").boundingBox();
    if (placement === "bottom") {
      assert.ok(nav.y + nav.height >= height - 2 && nav.width >= width - 2, `${width}x${height}: ${JSON.stringify(nav)}`);
    } else {
      assert.ok(nav.x === 0 && nav.height > nav.width, `${width}x${height}: ${JSON.stringify(nav)}`);
    }
    for (const target of await page.locator("a.nav-link, button").all()) {
      if (!(await target.isVisible())) continue;
      const box = await target.boundingBox();
      assert.ok(box.height >= 44, `${width}x${height}: ${await target.innerText()} is ${box.height}px tall`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${width}x${height}: page scrolls sideways by ${overflow}px`);
    await shot(page, `settings-${width}x${height}`);
    if (placement === "bottom") {
      // Eleven sections overflow the bar: the current one is scrolled into view, whole.
      await visit(page, "#/market");
      const current = page.getByTestId("nav-market");
      await page.waitForFunction(() => {
        const link = document.querySelector('[data-testid="nav-market"]').getBoundingClientRect();
        return link.left >= 0 && link.right <= window.innerWidth;
      });
      assert.equal(await current.getAttribute("aria-current"), "page");
      await shot(page, `market-bottom-bar-${width}x${height}`, { fullPage: false });
    }
    await context.close();
  }
});

test("portrait: a long form's Save and a focused field stay clear of the bottom bar", async () => {
  const { context, page } = await env.open({ locale: "zh-CN", viewport: { width: 768, height: 1024 }, hasTouch: true });
  await visit(page, "#/customers/new");
  const save = page.getByTestId("save-customer");
  await save.waitFor();
  const nav = await page.locator("nav.nav").boundingBox();
  const box = await save.boundingBox();
  assert.ok(box.y + box.height <= nav.y, `Save ${JSON.stringify(box)} above the bar ${JSON.stringify(nav)}`);
  // What a finger on Save touches is Save, not the bar drawn over it.
  const hit = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.closest("[data-testid]")?.dataset.testid,
    [box.x + box.width / 2, box.y + box.height / 2],
  );
  assert.equal(hit, "save-customer");
  // A field reached with the keyboard scrolls into sight above the Save bar, not under it.
  const last = page.locator("form input, form select, form textarea").last();
  await last.focus();
  const field = await last.boundingBox();
  assert.ok(field.y + field.height <= box.y, `focused field ${JSON.stringify(field)} above Save ${JSON.stringify(box)}`);
  await shot(page, "portrait-form-save-zh-CN", { fullPage: false });
  await context.close();
});
