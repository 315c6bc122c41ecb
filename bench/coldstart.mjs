// Cold start: from navigation to the dashboard showing the `bench` workspace's counts, next to
// the floor measured in the same run: a plain-JS page reading the same stores with getAll().
import { copyFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, launch, serveDist } from "../tests/e2e/support.mjs";

const RUNS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serveDist();
for (const file of ["floor.html", "floor.js"]) copyFileSync(path.join(ROOT, "bench", file), path.join(server.www, file));
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const setup = await context.newPage();
  await setup.goto(server.url + "#/settings");
  const loadStart = Date.now();
  await setup.getByTestId("create-bench").click();
  await setup.locator('[data-testid="workspace-badge"][data-workspace="demo"]').waitFor({ timeout: 30 * 60_000 });
  const loadSeconds = (Date.now() - loadStart) / 1000;
  await setup.close();

  // Marks when the dashboard's counts appear, in ms since navigation start.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="dashboard-ready"]')) {
        window.dashboardReadyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });

  const app = [];
  const floor = [];
  let records = 0;
  for (let run = 0; run < RUNS; run++) {
    // Alternate, so drift in the machine's load hits both sides alike.
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.dashboardReadyAt !== undefined, null, { timeout: 60_000 });
    app.push(await page.evaluate(() => window.dashboardReadyAt));
    await page.close();

    const raw = await context.newPage();
    await raw.goto(`${server.origin}/floor.html?db=kehu-demo`);
    await raw.waitForFunction(() => window.floorDoneAt !== undefined, null, { timeout: 60_000 });
    floor.push(await raw.evaluate(() => window.floorDoneAt));
    records = await raw.evaluate(() => Object.values(window.floorCounts).reduce((a, b) => a + b, 0));
    await raw.close();
  }
  const result = {
    runs: RUNS,
    records,
    bench_load_seconds: loadSeconds,
    app_ms: app.map((x) => Math.round(x)),
    floor_ms: floor.map((x) => Math.round(x)),
    app_median_ms: Math.round(median(app)),
    floor_median_ms: Math.round(median(floor)),
    ratio: Number((median(app) / median(floor)).toFixed(3)),
  };
  writeFileSync(path.join(ROOT, "bench", "out", "coldstart.json"), JSON.stringify(result, null, 2) + "\n");
  console.log(
    `coldstart: dashboard interactive ${result.app_median_ms} ms vs raw-IndexedDB getAll floor ` +
      `${result.floor_median_ms} ms (ratio ${result.ratio}) over ${records} records, median of ${RUNS}; ` +
      `bench workspace loaded in ${loadSeconds.toFixed(1)} s`
  );
} finally {
  await browser.close();
  server.stop();
}
