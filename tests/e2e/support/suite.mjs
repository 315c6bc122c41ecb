// The set-up every e2e file shares: the built dist/ served by a plain static server under a
// sub-path, Debian's Chromium driven by playwright-core, and watchers that fail a test on
// console errors, page errors or any request to another origin.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before } from "node:test";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

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

/** Where the app reaches its team server, on its own origin, as behind the production proxy. */
export const COUCH_PATH = "/couchdb/";

/**
 * Serves a copy of dist/ (or of the build KEHU_DIST names, so builds of work in progress can be
 * tested side by side) at http://127.0.0.1:PORT/kehu/ with Python's static server. Given
 * `couch` (a server's URL), a proxy in front also passes everything under /couchdb/ to that
 * server, as docs/sync/nginx.conf does in production.
 */
export async function serveDist({ couch } = {}) {
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
  const proxy = couch && (await sameOriginProxy(`http://127.0.0.1:${port}`, couch));
  const origin = proxy?.origin ?? `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + SUB_PATH,
    www,
    stop() {
      proxy?.stop();
      server.kill();
      rmSync(www, { recursive: true, force: true });
    },
  };
}

/**
 * A server on a free port passing /couchdb/… to `couch` (prefix removed) and everything else to
 * `files`: method, headers (cookies too) and body go through streamed, and so come the status,
 * headers (Set-Cookie too) and body back, so long-polled and continuous change feeds work. A
 * server that does not answer gives 502, as a reverse proxy does.
 */
async function sameOriginProxy(files, couch) {
  const agent = new http.Agent({ keepAlive: true });
  const couchBase = couch.replace(/\/$/, "");
  const server = http.createServer((request, response) => {
    const toCouch = request.url === COUCH_PATH.slice(0, -1) || request.url.startsWith(COUCH_PATH);
    const target = new URL(toCouch ? `${couchBase}/${request.url.slice(COUCH_PATH.length)}` : files + request.url);
    const headers = { ...request.headers, host: target.host };
    if (toCouch) {
      headers["x-forwarded-for"] = request.socket.remoteAddress;
      headers["x-forwarded-host"] = request.headers.host;
      headers["x-forwarded-proto"] = "http";
    }
    const upstream = http.request(target, { method: request.method, headers, agent }, (answer) => {
      const back = { ...answer.headers };
      // CouchDB names itself in Location (201 on a document write): name the proxy instead.
      if (toCouch && back.location?.startsWith(couchBase)) {
        back.location = COUCH_PATH.slice(0, -1) + back.location.slice(couchBase.length);
      }
      response.writeHead(answer.statusCode, back);
      response.flushHeaders();
      answer.pipe(response);
      answer.on("error", () => response.destroy());
    });
    upstream.on("error", (error) => {
      if (response.headersSent) {
        response.destroy();
      } else {
        response.writeHead(502, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: "bad_gateway", reason: error.message }));
      }
    });
    // A page that goes away ends its feed upstream too.
    response.on("close", () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    stop() {
      server.close();
      server.closeAllConnections();
      agent.destroy();
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
  front = page;
  return { context, page };
}

// The tab the user looks at: a page opened last is in front.
let front;

/**
 * Brings `page` to the front before the user acts in it, as a user switches tabs or devices:
 * Chromium draws a page behind another about every two seconds only, so an action waiting for
 * its element to stand still waits that long.
 */
export async function toFront(page) {
  if (page === front) return;
  await page.bringToFront();
  front = page;
}

/**
 * Registers the hooks every e2e file shares — one static server and one browser per file, and
 * a check after each test that nothing in `problems` happened — and returns them. With
 * `{ couch: true }`, a team server (tests/e2e/support/couch.mjs) runs on loopback for the file,
 * as `env.couch`, reached by the app under /couchdb/ on its own origin.
 */
export function e2eSuite({ couch = false } = {}) {
  const env = { server: undefined, browser: undefined, couch: undefined, problems: [] };
  before(async () => {
    if (couch) {
      // Loaded only here: the sync server's packages are a test-only install.
      const { startCouch } = await import("./couch.mjs");
      env.couch = await startCouch();
    }
    env.server = served = await serveDist({ couch: env.couch?.url });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
    await env.couch?.stop();
  });
  afterEach(() => {
    const found = env.problems.splice(0);
    assert.deepEqual(found, [], "no console errors, page errors or off-origin requests");
  });
  env.open = (options) => openPage(env.browser, env.server, env.problems, options);
  /** Another watched page of `context`, as a second tab: the same storage, so the same databases. */
  env.openTab = async (context) => {
    const page = watch(await context.newPage(), env.server.origin, env.problems);
    front = page;
    return page;
  };
  /** Drops the problems a test provoked on purpose. */
  env.excuse = (text) => {
    const kept = env.problems.filter((problem) => !problem.includes(text));
    env.problems.splice(0, env.problems.length, ...kept);
  };
  return env;
}

/** What the plain static hosts below send as Content-Type, by the file's last extension. */
const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".gz": "application/gzip",
  ".br": "application/octet-stream",
};

/**
 * Serves a copy of dist/ (or KEHU_DIST) at http://127.0.0.1:PORT/kehu/ as one of two kinds of
 * static host, with Node's http: `encoding: "none"` sends every file as stored (a USB stick's
 * server: no Content-Encoding ever); `"gzip"` compresses on the fly what the browser accepts and
 * sends a stored `.gz` file as its content with Content-Encoding: gzip (Apache's AddEncoding),
 * so the browser hands the page the decompressed bytes.
 */
export async function serveStatic({ encoding = "none" } = {}) {
  const www = mkdtempSync(path.join(os.tmpdir(), "kehu-www-"));
  cpSync(process.env.KEHU_DIST ?? path.join(ROOT, "dist"), path.join(www, SUB_PATH), { recursive: true });
  const host = { origin: "", url: "", www };
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, "http://host").pathname);
    let file = path.join(www, path.normalize(pathname));
    if (!file.startsWith(www) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    if (statSync(file).isDirectory()) file = path.join(file, "index.html");
    let body = readFileSync(file);
    let extension = path.extname(file);
    const headers = {};
    if (encoding === "gzip" && extension === ".gz") {
      headers["content-encoding"] = "gzip";
      extension = path.extname(file.slice(0, -".gz".length));
    } else if (encoding === "gzip" && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "") && extension !== ".png") {
      headers["content-encoding"] = "gzip";
      body = gzipSync(body);
    }
    headers["content-type"] = CONTENT_TYPES[extension] ?? "application/octet-stream";
    headers["content-length"] = body.length;
    response.writeHead(200, headers);
    response.end(request.method === "HEAD" ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  host.origin = `http://127.0.0.1:${server.address().port}`;
  host.url = host.origin + SUB_PATH;
  host.stop = () => {
    server.close();
    server.closeAllConnections();
    rmSync(www, { recursive: true, force: true });
  };
  return host;
}
