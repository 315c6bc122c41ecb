// Shared set-up for the end-to-end tests: the built dist/ served by a plain static server
// under a sub-path, Debian's Chromium driven by playwright-core, and watchers that fail a
// test on console errors, page errors or any request to another origin.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before } from "node:test";
import { fileURLToPath } from "node:url";

const require = createRequire(new URL("../../tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SHOTS = path.join(ROOT, "tests", "e2e", "screenshots");
export const SUB_PATH = "/kehu/";

/** Serves a copy of dist/ at http://127.0.0.1:PORT/kehu/ with Python's static server. */
export async function serveDist() {
  const www = mkdtempSync(path.join(os.tmpdir(), "kehu-www-"));
  cpSync(path.join(ROOT, "dist"), path.join(www, SUB_PATH), { recursive: true });
  const server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", www], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`static server did not start: ${output}`)), 10_000);
    server.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /port (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    server.on("exit", (code) => reject(new Error(`static server exited with ${code}: ${output}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + SUB_PATH,
    www,
    stop() {
      server.kill();
      rmSync(www, { recursive: true, force: true });
    },
  };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Records what must never happen on a page: console errors, uncaught exceptions, and requests
 * to any origin but the app's own. `problems` is checked at the end of every test.
 */
export function watch(page, origin, problems) {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.origin !== origin) problems.push(`off-origin request: ${request.url()}`);
  });
  return page;
}

/** A fresh browser context (fresh storage) with one watched page. */
export async function openPage(browser, server, problems, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.on("serviceworker", (worker) => {
    if (new URL(worker.url()).origin !== server.origin) problems.push(`foreign worker ${worker.url()}`);
  });
  const page = watch(await context.newPage(), server.origin, problems);
  return { context, page };
}

/**
 * Registers the hooks every e2e file shares — one static server and one browser per file, and
 * a check after each test that nothing in `problems` happened — and returns them.
 */
export function e2eSuite() {
  const env = { server: undefined, browser: undefined, problems: [] };
  before(async () => {
    env.server = await serveDist();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  afterEach(() => {
    const found = env.problems.splice(0);
    assert.deepEqual(found, [], "no console errors, page errors or off-origin requests");
  });
  env.open = (options) => openPage(env.browser, env.server, env.problems, options);
  /** Drops the problems a test provoked on purpose. */
  env.excuse = (text) => {
    const kept = env.problems.filter((problem) => !problem.includes(text));
    env.problems.splice(0, env.problems.length, ...kept);
  };
  return env;
}

/** Saves a screenshot to look at; `fullPage: false` for virtualised lists, whose page is mostly empty. */
export async function shot(page, name, { fullPage = true } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  // From the top, so the sticky bar is drawn where it belongs and not over the content below.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** Saves a screenshot of one element; the sticky bar and menu stay in the page's flow meanwhile,
 * so an element taller than the viewport is not drawn with the bar across its middle. */
export async function shotOf(locator, name) {
  mkdirSync(SHOTS, { recursive: true });
  // Through the CSSOM: the app's CSP refuses the <style> that Playwright's `style` option adds.
  const unstick = (position) => {
    for (const bar of document.querySelectorAll(".topbar, .nav")) bar.style.position = position;
  };
  await locator.page().evaluate(unstick, "static");
  await locator.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await locator.page().evaluate(unstick, "");
}

/** Creates the Demo workspace from Settings and waits until it is the active one. */
export async function createDemo(page) {
  await page.goto(page.url().split("#")[0] + "#/settings");
  await page.getByTestId("create-demo").click();
  await page.locator('[data-testid="workspace-badge"][data-workspace="demo"]').waitFor({ timeout: 60_000 });
}

/** Waits for the dashboard's counts to be rendered. */
export async function dashboardReady(page) {
  await page.getByTestId("dashboard-ready").waitFor({ timeout: 30_000 });
}

/** Reads the number shown on a dashboard tile ("1,234" → 1234). */
export async function tileCount(page, store) {
  const text = await page.getByTestId(`count-${store}`).locator(".tile-value").innerText();
  return Number(text.replaceAll(",", ""));
}
