// The set-up every e2e file shares: the built dist/ served by a plain static server under a
// sub-path, Debian's Chromium driven by playwright-core, and watchers that fail a test on
// console errors, page errors or any request to another origin.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before } from "node:test";
import { fileURLToPath } from "node:url";

export const tools = createRequire(new URL("../../../tools/package.json", import.meta.url));
const { chromium } = tools("playwright-core");

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const SUB_PATH = "/kehu/";

/** The devices the journeys run on, as options for `env.open` (the default is a 1280×800 screen). */
export const PORTRAIT_TABLET = { viewport: { width: 768, height: 1024 }, hasTouch: true };
export const LANDSCAPE_TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true };

// The node test runner runs each e2e file in a process of its own, with one server.
let served;

/** The app's address under the sub-path, with `route` (a hash such as "#/settings") after it. */
export function appUrl(route = "") {
  assert.ok(served, "the suite's server runs (e2eSuite's before hook)");
  return served.url + route;
}

/**
 * Serves a copy of dist/ (or of the build KEHU_DIST names, so builds of work in progress can be
 * tested side by side) at http://127.0.0.1:PORT/kehu/ with Python's static server.
 */
export async function serveDist() {
  const www = mkdtempSync(path.join(os.tmpdir(), "kehu-www-"));
  cpSync(process.env.KEHU_DIST ?? path.join(ROOT, "dist"), path.join(www, SUB_PATH), { recursive: true });
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
    env.server = served = await serveDist();
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
  /** Another watched page of `context`, as a second tab: the same storage, so the same databases. */
  env.openTab = async (context) => watch(await context.newPage(), env.server.origin, env.problems);
  /** Drops the problems a test provoked on purpose. */
  env.excuse = (text) => {
    const kept = env.problems.filter((problem) => !problem.includes(text));
    env.problems.splice(0, env.problems.length, ...kept);
  };
  return env;
}
