// What every browser benchmark shares: the built dist/ served under the sub-path with the
// plain-JS floor pages beside it, Debian's Chromium, the `bench` workspace, and medians.
import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, launch, serveDist } from "../tests/e2e/support/suite.mjs";

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const ratio = (a, b) => Number((a / b).toFixed(3));

/** Serves dist/ plus bench/*.html|js (the floors) at the origin's root, and opens a browser. */
export async function start() {
  const server = await serveDist();
  for (const file of readdirSync(path.join(ROOT, "bench")).filter((f) => /^floor.*\.(html|js)$/.test(f))) {
    copyFileSync(path.join(ROOT, "bench", file), path.join(server.www, file));
  }
  const browser = await launch();
  return { server, browser };
}

/** Creates the `bench` Demo workspace through the UI; returns the seconds it took. */
export async function loadBenchWorkspace(context, server) {
  const setup = await context.newPage();
  await setup.goto(server.url + "#/settings");
  const started = Date.now();
  await setup.getByTestId("create-bench").click();
  await setup.locator('[data-testid="workspace-badge"][data-workspace="demo"]').waitFor({ timeout: 30 * 60_000 });
  await setup.close();
  return (Date.now() - started) / 1000;
}

/** Writes bench/out/NAME.json. */
export function writeResult(name, result) {
  writeFileSync(path.join(ROOT, "bench", "out", `${name}.json`), JSON.stringify(result, null, 2) + "\n");
}
