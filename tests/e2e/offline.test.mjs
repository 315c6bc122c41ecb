// PWA: the service worker precaches the build, so a reload with no network still works.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { visit } from "./support/actions.mjs";
import { dashboardReady } from "./support/checks.mjs";
import { SUB_PATH, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("after the first load the app works offline, deep links included", async () => {
  const { context, page } = await env.open({ locale: "zh-CN" });
  await visit(page);
  await dashboardReady(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(cached.some((p) => p.endsWith(".wasm.gz")), `wasm (its gzip copy, which boot fetches) precached: ${cached}`);
  assert.ok(cached.some((p) => p.endsWith("index.html")), `index precached: ${cached}`);

  await context.setOffline(true);
  await page.reload();
  await dashboardReady(page);
  await visit(page, "#/settings");
  await page.reload();
  await page.getByTestId("settings").waitFor();
  await shot(page, "offline-settings-zh-CN");
  await context.setOffline(false);
  await context.close();
});

test("the manifest makes the app installable from any sub-path", async () => {
  const { context, page } = await env.open({ locale: "en-US" });
  await visit(page);
  await dashboardReady(page);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]');
    return (await fetch(link.href)).json();
  });
  assert.equal(manifest.start_url, "./");
  assert.equal(manifest.display, "standalone");
  const sizes = manifest.icons.map((i) => `${i.sizes}/${i.purpose}`);
  assert.deepEqual(sizes.sort(), ["192x192/any", "512x512/any", "512x512/maskable"]);
  for (const icon of manifest.icons) {
    const response = await page.request.get(new URL(icon.src, env.server.url).href);
    assert.equal(response.headers()["content-type"], "image/png", icon.src);
  }
  await context.close();
});

test("a new deployment offers 'new version — reload', and reloading runs it", async () => {
  const { context, page } = await env.open({ locale: "zh-CN" });
  await visit(page);
  await dashboardReady(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  assert.equal(await page.getByTestId("update-banner").count(), 0, "no prompt without a new build");

  // Deploy a new build: the post-build hook gives any change a new sw.js version.
  const sw = path.join(env.server.www, SUB_PATH, "sw.js");
  const original = readFileSync(sw, "utf8");
  const [, version] = /const VERSION = "(\w+)"/.exec(original);
  writeFileSync(sw, original.replace(version, `${version}next`));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const banner = page.getByTestId("update-banner");
  await banner.waitFor({ timeout: 20_000 });
  assert.match(await banner.innerText(), /新版本已就绪/);
  await shot(page, "update-available-zh-CN");

  const reloaded = page.waitForEvent("load");
  await banner.getByRole("button").click();
  await reloaded;
  await dashboardReady(page);
  const caches = await page.evaluate(() => caches.keys());
  assert.deepEqual(caches, [`kehu-${version}next`], "the new worker took over and dropped the old cache");
  writeFileSync(sw, original);
  await context.close();
});
