// Static hosting: a host that compresses nothing still sends the wasm at gzip's size (boot.js
// fetches the build's `.wasm.gz` and decompresses it), a host that sends it with
// Content-Encoding: gzip works as well, and after the first visit either way the app works
// offline, deep links and writes included.
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { dashboardReady } from "./support/checks.mjs";
import { personOption } from "./support/locators.mjs";
import { SUB_PATH, e2eSuite, openPage, serveStatic } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

for (const { encoding, locale, person, company, title } of [
  { encoding: "none", locale: "en-US", person: "Ann Lee", company: "Offline Cranes Ltd", title: "Dashboard" },
  { encoding: "gzip", locale: "zh-CN", person: "李安", company: "离线机械有限公司", title: "仪表盘" },
]) {
  test(`a host sending ${encoding === "none" ? "files as stored" : "gzip"} serves the app, then it works offline (${locale})`, async () => {
    const server = await serveStatic({ encoding });
    try {
      const { context, page } = await openPage(env.browser, server, env.problems, { locale });
      const wasm = [];
      page.on("response", (response) => {
        if (/\.wasm(\.gz)?$/.test(response.url())) wasm.push(response);
      });
      await page.goto(server.url);
      await dashboardReady(page);
      assert.equal(await page.locator("h1").first().innerText(), title);

      // Only the gzip copy travelled: as stored, or decoded by the browser from Content-Encoding.
      assert.deepEqual(wasm.map((r) => path.extname(r.url())), [".gz"], "boot fetched the .wasm.gz, never the .wasm");
      const [response] = wasm;
      const gz = statSync(path.join(server.www, SUB_PATH, new URL(response.url()).pathname.split("/").pop())).size;
      assert.equal((await response.request().sizes()).responseBodySize, gz, "the body sent is the gzip file's size");
      assert.equal(await response.headerValue("content-encoding"), encoding === "gzip" ? "gzip" : null);

      // The worker precaches what boot fetches, so nothing else is needed offline.
      await page.evaluate(() => navigator.serviceWorker.ready);
      const cached = await page.evaluate(async () => {
        const cache = await caches.open((await caches.keys())[0]);
        return (await cache.keys()).map((request) => new URL(request.url).pathname);
      });
      assert.ok(cached.some((p) => p.endsWith(".wasm.gz")), `the .wasm.gz precached: ${cached}`);
      assert.ok(!cached.some((p) => p.endsWith(".wasm")), `not the plain .wasm: ${cached}`);

      // Offline, the wasm comes from the worker's cache, stored decompressed.
      await context.setOffline(true);
      wasm.length = 0;
      await page.reload();
      await dashboardReady(page);
      assert.equal(wasm.length, 1);
      assert.ok(wasm[0].fromServiceWorker(), "the wasm came from the service worker");
      assert.equal(await wasm[0].headerValue("x-kehu-wasm"), "plain");
      await page.goto(server.url + "#/settings");
      await page.reload();
      await page.getByTestId("new-user-name").fill(person);
      await page.getByTestId("add-user").click();
      await personOption(page, person).waitFor({ state: "attached" });
      await page.goto(server.url + "#/customers/new");
      await page.reload();
      await page.getByTestId("field-company").fill(company);
      await page.getByTestId("save-customer").click();
      await page.getByTestId("customer-detail").waitFor();
      assert.equal(await page.getByTestId("customer-company").innerText(), company);
      await shot(page, `hosting-${encoding}-offline-${locale}`);
      await context.setOffline(false);
      await context.close();
    } finally {
      server.stop();
    }
  });
}
