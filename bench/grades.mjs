// Grades in wasm: the recompute of every score and grade of the 10,000-customer `bench`
// workspace (its orders, interactions and ratings), as the customer-value page times it on
// opening, over several fresh page loads; next to the native time of the same entry point that
// `cargo run --example grades` wrote to bench/out/grades.json just before, in the same run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../tests/e2e/support/suite.mjs";
import { loadBenchWorkspace, median, ratio, start, writeResult } from "./common.mjs";

const LOADS = 7;

const native = JSON.parse(readFileSync(path.join(ROOT, "bench", "out", "grades.json"), "utf8"));
const { server, browser } = await start();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const loadSeconds = await loadBenchWorkspace(context, server);
  const runs = [];
  for (let load = 0; load < LOADS; load++) {
    const page = await context.newPage();
    await page.goto(server.url + "#/grades");
    const bars = page.locator("[data-recompute-ms]");
    await bars.waitFor({ timeout: 120_000 });
    runs.push(Number(await bars.getAttribute("data-recompute-ms")));
    await page.close();
  }
  const wasm = median(runs);
  const result = {
    ...native,
    workspace_load_s: Math.round(loadSeconds),
    wasm_recompute_runs_ms: runs,
    wasm_recompute_median_ms: wasm,
    wasm_vs_native_ratio: ratio(wasm, native.recompute_ms.median),
  };
  writeResult("grades", result);
  console.log(
    `grades: recompute of ${native.workspace.customers} customers in wasm ${wasm} ms median of ${LOADS} ` +
      `(native ${native.recompute_ms.median.toFixed(1)} ms, ratio ${result.wasm_vs_native_ratio}; goal ≤ 100 ms in wasm)`
  );
} finally {
  await browser.close();
  server.stop();
}
