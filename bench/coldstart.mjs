// Cold start: from navigation to the dashboard showing the `bench` workspace's counts, next to
// two floors measured in the same run by a plain-JS page on the same database: reading every
// store with getAll(), and counting every store with count() (what the dashboard itself reads).
// `node bench/coldstart.mjs cockpit` measures instead until the cockpit has painted every tile
// (every figure read and computed), against the same floors.
import { loadBenchWorkspace, median, ratio as ratioOf, start, writeResult } from "./common.mjs";

const RUNS = 7;
const MEASURES = {
  coldstart: { ready: '[data-testid="dashboard-ready"]', what: "dashboard interactive" },
  cockpit: { ready: '[data-testid="cockpit"][data-ready="true"]', what: "cockpit's tiles all painted" },
};
const name = process.argv[2] ?? "coldstart";
const measure = MEASURES[name];
if (!measure) throw new Error(`no such measure: ${name}`);

const { server, browser } = await start();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const loadSeconds = await loadBenchWorkspace(context, server);

  // Marks when the measured view appears, in ms since navigation start.
  await context.addInitScript((ready) => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(ready)) {
        window.dashboardReadyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, attributes: true });
  }, measure.ready);

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
  const ratio = (floor) => ratioOf(median(app), median(floor));
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
  writeResult(name, result);
  console.log(
    `${name}: ${measure.what} ${result.app_median_ms} ms; raw-IndexedDB floors ` +
      `getAll ${result.getall_floor_median_ms} ms (ratio ${result.ratio_vs_getall}), ` +
      `count ${result.count_floor_median_ms} ms (ratio ${result.ratio_vs_count}); ` +
      `${records} records, median of ${RUNS}; bench workspace loaded in ${loadSeconds.toFixed(1)} s`
  );
} finally {
  await browser.close();
  server.stop();
}
