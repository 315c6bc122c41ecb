// Funnel speed in wasm: the forecast page's full forecast (calibration from the closed history,
// 10,000 seeded Monte Carlo draws over the open deals and the new-deal run-rate) on the
// 50,000-opportunity `bench` workspace, as the page times it, over several fresh page loads;
// next to the native time that `cargo run --example funnel_speed` wrote to
// bench/out/funnel-speed.json just before, in the same run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../tests/e2e/support/suite.mjs";
import { loadBenchWorkspace, median, ratio, start, writeResult } from "./common.mjs";

const LOADS = 5;

const native = JSON.parse(readFileSync(path.join(ROOT, "bench", "out", "funnel-speed.json"), "utf8"));
const { server, browser } = await start();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const loadSeconds = await loadBenchWorkspace(context, server);
  const runs = [];
  let deals = 0;
  for (let load = 0; load < LOADS; load++) {
    const page = await context.newPage();
    await page.goto(server.url + "#/forecast");
    const figures = page.locator("[data-compute-ms]");
    await figures.waitFor({ timeout: 300_000 });
    runs.push(Number(await figures.getAttribute("data-compute-ms")));
    deals = Number(await figures.getAttribute("data-deals"));
    await page.close();
  }
  const wasm = median(runs);
  const result = {
    ...native,
    workspace_load_s: Math.round(loadSeconds),
    wasm: { deals, forecast_ms_runs: runs, forecast_ms_median: wasm },
    wasm_vs_native_total_ratio: ratio(wasm, native.native.forecast_total_ms_median),
  };
  writeResult("funnel-speed", result);
  console.log(
    `funnel-speed: full forecast of ${deals} deals with ${native.draws} draws in wasm ${wasm} ms median of ${LOADS} ` +
      `(native total ${native.native.forecast_total_ms_median.toFixed(1)} ms, ratio ${result.wasm_vs_native_total_ratio}; ` +
      `native by owner ${native.native.forecast_by_owner_ms_median.toFixed(1)} ms; goal ≤ 150 ms in wasm)`
  );
} finally {
  await browser.close();
  server.stop();
}
