// Cold start: from navigation to the dashboard showing the `bench` workspace's counts, next to
// two floors measured in the same run by a plain-JS page on the same database: reading every
// store with getAll(), and counting every store with count() (what the dashboard itself reads).
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

  // Runs the plain-JS floor page and returns its time since navigation start and record count.
  async function measureFloor(read) {
    const page = await context.newPage();
    await page.goto(`${server.origin}/floor.html?db=kehu-demo&read=${read}`);
    await page.waitForFunction(() => window.floorDoneAt !== undefined, null, { timeout: 60_000 });
    const measured = await page.evaluate(() => ({
      ms: window.floorDoneAt,
      records: Object.values(window.floorCounts).reduce((a, b) => a + b, 0),
    }));
    await page.close();
    return measured;
  }

  const app = [];
  const getAllFloor = [];
  const countFloor = [];
  let records = 0;
  for (let run = 0; run < RUNS; run++) {
    // Interleave, so drift in the machine's load hits every side alike.
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.dashboardReadyAt !== undefined, null, { timeout: 60_000 });
    app.push(await page.evaluate(() => window.dashboardReadyAt));
    await page.close();

    const full = await measureFloor("getAll");
    getAllFloor.push(full.ms);
    records = full.records;
    countFloor.push((await measureFloor("count")).ms);
  }
  const ratio = (floor) => Number((median(app) / median(floor)).toFixed(3));
  const result = {
    runs: RUNS,
    records,
    bench_load_seconds: loadSeconds,
    app_ms: app.map(Math.round),
    getall_floor_ms: getAllFloor.map(Math.round),
    count_floor_ms: countFloor.map(Math.round),
    app_median_ms: Math.round(median(app)),
    getall_floor_median_ms: Math.round(median(getAllFloor)),
    count_floor_median_ms: Math.round(median(countFloor)),
    ratio_vs_getall: ratio(getAllFloor),
    ratio_vs_count: ratio(countFloor),
  };
  writeFileSync(path.join(ROOT, "bench", "out", "coldstart.json"), JSON.stringify(result, null, 2) + "\n");
  console.log(
    `coldstart: dashboard interactive ${result.app_median_ms} ms; raw-IndexedDB floors ` +
      `getAll ${result.getall_floor_median_ms} ms (ratio ${result.ratio_vs_getall}), ` +
      `count ${result.count_floor_median_ms} ms (ratio ${result.ratio_vs_count}); ` +
      `${records} records, median of ${RUNS}; bench workspace loaded in ${loadSeconds.toFixed(1)} s`
  );
} finally {
  await browser.close();
  server.stop();
}
