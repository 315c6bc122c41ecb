// PWA: the service worker precaches the build, so a reload with no network still works.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { dashboardReady, launch, openPage, serveDist, shot } from "./support.mjs";

let server, browser;
let problems = [];
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});
afterEach(() => {
  const found = problems;
  problems = [];
  assert.deepEqual(found, [], "no console errors, page errors or off-origin requests");
});

test("after the first load the app works offline, deep links included", async () => {
  const { context, page } = await openPage(browser, server, problems, { locale: "zh-CN" });
  await page.goto(server.url);
  await dashboardReady(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(cached.some((p) => p.endsWith(".wasm")), `wasm precached: ${cached}`);
  assert.ok(cached.some((p) => p.endsWith("index.html")), `index precached: ${cached}`);

  await context.setOffline(true);
  await page.reload();
  await dashboardReady(page);
  await page.goto(server.url + "#/settings");
  await page.reload();
  await page.getByTestId("settings").waitFor();
  await shot(page, "offline-settings-zh-CN");
  await context.setOffline(false);
  await context.close();
});

test("the manifest makes the app installable from any sub-path", async () => {
  const { context, page } = await openPage(browser, server, problems, { locale: "en-US" });
  await page.goto(server.url);
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
    const response = await page.request.get(new URL(icon.src, server.url).href);
    assert.equal(response.headers()["content-type"], "image/png", icon.src);
  }
  await context.close();
});
