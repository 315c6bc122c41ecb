// Parts speed in wasm: the parts page's full recompute (the blend learned from every history,
// every part's selection, the calibration from their holdouts, then every part's forecast,
// drivers and stock policy), as the page times it
// (`data-recompute-ms`), over several fresh page loads, on two workspaces: the 2,674 carparts
// series imported as a user would, and the `bench` demo workspace (20,000 parts × 60 months with
// its machines and opportunities, so the installed-base and pipeline drivers run). Next to the
// native and statsforecast times that `parts_speed` wrote to bench/out/parts-speed.json just
// before, in the same run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../tests/e2e/support/suite.mjs";
import { loadBenchWorkspace, median, ratio, start, writeResult } from "./common.mjs";

const LOADS = 5;
const CARPARTS = process.env.CARPARTS || path.join(ROOT, "..", "shared", "data", "carparts.csv");

const native = JSON.parse(readFileSync(path.join(ROOT, "bench", "out", "parts-speed.json"), "utf8"));

/** The parts page's recompute time of `LOADS` fresh page loads, in ms. */
async function recomputeRuns(context, server) {
  const runs = [];
  let parts = "";
  for (let load = 0; load < LOADS; load++) {
    const page = await context.newPage();
    await page.goto(server.url + "#/parts");
    const note = page.getByTestId("parts-recompute");
    await note.waitFor({ timeout: 600_000 });
    runs.push(Number(await note.getAttribute("data-recompute-ms")));
    parts = await page.getByTestId("parts-shown").innerText();
    await page.close();
  }
  return { runs, parts };
}

/** Imports `file` as demand history through the import page. */
async function importDemand(context, server, file) {
  const page = await context.newPage();
  await page.goto(server.url + "#/import");
  await page.getByTestId("import-kind").selectOption("demand");
  await page.getByTestId("import-file").setInputFiles(file);
  await page.getByTestId("import-demand-summary").waitFor({ timeout: 120_000 });
  await page.getByTestId("import-confirm").click();
  await page.getByTestId("import-message").waitFor({ timeout: 300_000 });
  await page.close();
}

const { server, browser } = await start();
try {
  const carpartsContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  await importDemand(carpartsContext, server, CARPARTS);
  const carparts = await recomputeRuns(carpartsContext, server);
  await carpartsContext.close();

  const benchContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  const loadSeconds = await loadBenchWorkspace(benchContext, server);
  const bench = await recomputeRuns(benchContext, server);

  const auto = native.methods.find((m) => m.method === "auto");
  const carpartsMs = median(carparts.runs);
  const benchMs = median(bench.runs);
  const result = {
    ...native,
    wasm: {
      note: "the parts page's full recompute (blend, every part's selection, calibration, forecast, drivers and policy), median of fresh page loads",
      carparts: {
        parts: carparts.parts,
        recompute_ms_runs: carparts.runs,
        recompute_ms_median: carpartsMs,
        statsforecast_candidates_ms: auto.statsforecast_seconds == null ? null : auto.statsforecast_seconds * 1e3,
        ratio_vs_statsforecast:
          auto.statsforecast_seconds == null ? null : ratio(auto.statsforecast_seconds * 1e3, carpartsMs),
      },
      bench_workspace: {
        parts: bench.parts,
        workspace_load_s: Math.round(loadSeconds),
        recompute_ms_runs: bench.runs,
        recompute_ms_median: benchMs,
        wasm_vs_native_ratio: ratio(benchMs, native.bench_demo_workspace.recompute_with_drivers_seconds * 1e3),
      },
    },
  };
  writeResult("parts-speed", result);
  const versus =
    result.wasm.carparts.ratio_vs_statsforecast == null
      ? ""
      : `, statsforecast's candidate methods ${result.wasm.carparts.statsforecast_candidates_ms.toFixed(1)} ms: ` +
        `${result.wasm.carparts.ratio_vs_statsforecast}× (goal ≥ 5×)`;
  console.log(`parts-speed wasm: carparts (${carparts.parts}) full recompute ${carpartsMs} ms median of ${LOADS}${versus}`);
  console.log(
    `parts-speed wasm: bench workspace (${bench.parts}, with drivers) full recompute ${benchMs} ms median of ${LOADS} ` +
      `(native ${(native.bench_demo_workspace.recompute_with_drivers_seconds * 1e3).toFixed(0)} ms; goal ≤ 500 ms in wasm)`
  );
} finally {
  await browser.close();
  server.stop();
}
