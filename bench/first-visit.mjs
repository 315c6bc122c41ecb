// First visit on a phone at the booth: a fresh browser with a phone's profile (CPU throttled 4×,
// 4 Mbps down, 150 ms round trip) opens the app from a static server that compresses nothing,
// then creates the Demo workspace. Measures the bytes transferred until the first screen is
// drawn (the empty workspace's dashboard), the time to it, and the time from "create the demo"
// to the Demo workspace's dashboard. Each run is a fresh context: nothing cached.
import { median, writeResult } from "./common.mjs";
import { launch, serveStatic } from "../tests/e2e/support/suite.mjs";

const RUNS = 3;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" };
const NETWORK = { offline: false, latency: 150, downloadThroughput: 4_000_000 / 8, uploadThroughput: 1_000_000 / 8 };

const server = await serveStatic({ encoding: "none" });
const browser = await launch();
try {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext(PHONE);
    // Marks when the dashboard is drawn, in ms since navigation start: the first time
    // (any dashboard) and the time it shows the cockpit's tiles (a workspace with data).
    await context.addInitScript(() => {
      new MutationObserver(() => {
        const ready = document.querySelector('[data-testid="dashboard-ready"]');
        if (ready && window.firstScreenAt === undefined) window.firstScreenAt = performance.now();
        if (ready && window.demoDashboardAt === undefined && !ready.querySelector('[data-testid="empty-workspace"]'))
          window.demoDashboardAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", NETWORK);

    await page.goto(server.url);
    await page.waitForFunction(() => window.firstScreenAt !== undefined, null, { timeout: 120_000 });
    const first = await page.evaluate(() => {
      const until = window.firstScreenAt;
      const navigation = performance.getEntriesByType("navigation")[0];
      const resources = performance.getEntriesByType("resource").filter((r) => r.responseEnd <= until);
      return {
        ms: until,
        bytes: navigation.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
        files: resources.map((r) => `${new URL(r.name).pathname.split("/").pop()} ${r.transferSize}`),
      };
    });

    await page.goto(server.url + "#/settings");
    const clicked = await page.evaluate(() => performance.now());
    await page.getByTestId("create-demo").tap();
    await page.locator('[data-testid="workspace-badge"][data-workspace="demo"]').waitFor({ timeout: 300_000 });
    await page.goto(server.url + "#/");
    await page.waitForFunction(() => window.demoDashboardAt !== undefined, null, { timeout: 300_000 });
    const demoMs = (await page.evaluate(() => window.demoDashboardAt)) - clicked;
    runs.push({ first_screen_ms: Math.round(first.ms), bytes_before_first_screen: first.bytes, demo_dashboard_ms: Math.round(demoMs), files: first.files });
    await context.close();
  }
  const result = {
    runs: RUNS,
    profile: { cpu_throttling: 4, down_mbps: 4, rtt_ms: 150, server: "static, no compression" },
    first_screen_median_ms: median(runs.map((r) => r.first_screen_ms)),
    bytes_before_first_screen: median(runs.map((r) => r.bytes_before_first_screen)),
    demo_dashboard_median_ms: median(runs.map((r) => r.demo_dashboard_ms)),
    detail: runs,
  };
  writeResult("first-visit", result);
  console.log(
    `first-visit: ${(result.bytes_before_first_screen / 1000).toFixed(1)} KB transferred before the first screen; ` +
      `first screen ${(result.first_screen_median_ms / 1000).toFixed(1)} s, the Demo workspace's dashboard ` +
      `${(result.demo_dashboard_median_ms / 1000).toFixed(1)} s after "create"; phone profile, median of ${RUNS}`
  );
} finally {
  await browser.close();
  server.stop();
}
