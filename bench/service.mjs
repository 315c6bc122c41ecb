// The service desk in wasm: on the 10,000-customer `bench` workspace, every ticket's SLA states
// and facts, the queue of all of them, and the figures overall with each breakdown (engineer,
// region, month), as the service page times them, over several fresh page loads; next to the
// native time of the same computation that `cargo run --example service_speed` wrote to
// bench/out/service.json just before, in the same run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../tests/e2e/support/suite.mjs";
import { loadBenchWorkspace, median, ratio, start, writeResult } from "./common.mjs";

const LOADS = 5;

const native = JSON.parse(readFileSync(path.join(ROOT, "bench", "out", "service.json"), "utf8"));
const { server, browser } = await start();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const loadSeconds = await loadBenchWorkspace(context, server);
  const runs = { facts: [], queue: [], figures: [] };
  for (let load = 0; load < LOADS; load++) {
    const page = await context.newPage();
    await page.goto(server.url + "#/service");
    await page.getByTestId("service-scope").selectOption("all", { timeout: 120_000 });
    await page.getByTestId("service-show").selectOption("all");
    const shown = page.getByTestId("service-shown");
    await page.getByTestId("service-table").waitFor({ timeout: 120_000 });
    runs.facts.push(Number(await shown.getAttribute("data-facts-ms")));
    runs.queue.push(Number(await shown.getAttribute("data-compute-ms")));
    // Each breakdown adds the facts up again: the figures' share of the desk.
    await page.getByTestId("service-tab-figures").click();
    let figures = 0;
    for (const by of ["engineer", "region", "month"]) {
      await page.getByTestId("figures-by").selectOption(by);
      const shownFigures = page.locator(`[data-testid="figures"]`);
      await shownFigures.waitFor();
      figures += Number(await shownFigures.getAttribute("data-compute-ms"));
    }
    runs.figures.push(figures);
    await page.getByTestId("service-tab-queue").click();
    await page.close();
  }
  const wasm = {
    facts_ms: median(runs.facts),
    queue_ms: median(runs.queue),
    figures_ms: median(runs.figures),
  };
  wasm.desk_ms = Number((wasm.facts_ms + wasm.queue_ms + wasm.figures_ms).toFixed(1));
  const result = {
    ...native,
    workspace_load_s: Math.round(loadSeconds),
    wasm_runs_ms: runs,
    wasm,
    wasm_vs_native_ratio: ratio(wasm.desk_ms, native.desk_ms.median),
  };
  writeResult("service", result);
  console.log(
    `service: ${native.workspace.tickets} tickets in wasm: SLA states and facts ${wasm.facts_ms} ms, queue ` +
      `${wasm.queue_ms} ms, figures by engineer, region and month ${wasm.figures_ms} ms: desk ${wasm.desk_ms} ms, ` +
      `median of ${LOADS} loads (native ${native.desk_ms.median.toFixed(1)} ms, ratio ${result.wasm_vs_native_ratio}; ` +
      `goal ≤ 100 ms in wasm)`
  );
} finally {
  await browser.close();
  server.stop();
}
