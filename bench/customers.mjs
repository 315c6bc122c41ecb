// Customers: search keystroke → updated list, and opening a customer, in the 10,000-customer
// `bench` workspace, each next to a plain-JS floor (bench/floor-customers.js) doing the least the
// page must do on the same database, timed the same way in the same run: from the input (or
// navigation) until the next frame after the DOM has changed.
import { loadBenchWorkspace, median, ratio, start, writeResult } from "./common.mjs";

const COMPANIES = 6;
const PREFIX = 4;
const PHONE_DIGITS = 7;
const DETAILS = 15;

const { server, browser } = await start();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const loadSeconds = await loadBenchWorkspace(context, server);

  const floor = await context.newPage();
  await floor.goto(`${server.origin}/floor-customers.html?db=kehu-demo`);
  const index = await floor.evaluate(() => window.floorReady);

  // What a user types: the first characters of companies and of a phone number, one key at a
  // time, then clearing the box; picked evenly through the data, not chosen to suit the code.
  const picks = Array.from({ length: COMPANIES }, (_, i) => index[Math.floor(((i + 0.5) * index.length) / COMPANIES)]);
  const sequences = picks.map((c) => [...c.company].slice(0, PREFIX));
  sequences.push([...picks[0].phone.replace(/\D/g, "")].slice(0, PHONE_DIGITS));
  const keystrokes = sequences.flatMap((chars) => [...chars.map((_, n) => chars.slice(0, n + 1).join("")), ""]);

  const app = await context.newPage();
  await app.goto(server.url + "#/customers");
  await app.getByTestId("customer-row").first().waitFor({ timeout: 120_000 });

  const appKeys = [];
  const floorKeys = [];
  for (const text of keystrokes) {
    // A page in the background gets its frames throttled: measure each in the foreground.
    await app.bringToFront();
    appKeys.push(
      await app.evaluate(
        async (text) => {
          const input = document.querySelector('[data-testid="customer-search"]');
          const started = performance.now();
          input.value = text;
          input.dispatchEvent(new Event("input", { bubbles: true }));
          // Until the browser has rendered the frame following the change.
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return performance.now() - started;
        },
        text
      )
    );
    await floor.bringToFront();
    floorKeys.push(
      await floor.evaluate(
        async (text) => {
          const started = performance.now();
          window.floorSearch(text);
          // Until the browser has rendered the frame following the change.
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return performance.now() - started;
        },
        text
      )
    );
  }

  const appOpen = [];
  const floorOpen = [];
  for (let i = 0; i < DETAILS; i++) {
    const { id, company } = index[Math.floor(((i + 0.5) * index.length) / DETAILS)];
    await app.bringToFront();
    appOpen.push(
      await app.evaluate(
        async ([id, company]) => {
          const started = performance.now();
          location.hash = `#/customers/${id}`;
          while (document.querySelector('[data-testid="customer-company"]')?.textContent !== company) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
          }
          // Until the browser has rendered the frame following the change.
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return performance.now() - started;
        },
        [id, company]
      )
    );
    await floor.bringToFront();
    floorOpen.push(
      await floor.evaluate(
        async (id) => {
          const started = performance.now();
          await window.floorOpen(id);
          // Until the browser has rendered the frame following the change.
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return performance.now() - started;
        },
        id
      )
    );
  }

  const round = (xs) => xs.map((x) => Number(x.toFixed(1)));
  const result = {
    customers: index.length,
    bench_load_seconds: loadSeconds,
    keystrokes: keystrokes.length,
    keystroke_app_ms: round(appKeys),
    keystroke_floor_ms: round(floorKeys),
    keystroke_app_median_ms: Number(median(appKeys).toFixed(1)),
    keystroke_app_max_ms: Number(Math.max(...appKeys).toFixed(1)),
    keystroke_floor_median_ms: Number(median(floorKeys).toFixed(1)),
    keystroke_ratio: ratio(median(appKeys), median(floorKeys)),
    detail_opens: DETAILS,
    detail_app_ms: round(appOpen),
    detail_floor_ms: round(floorOpen),
    detail_app_median_ms: Number(median(appOpen).toFixed(1)),
    detail_floor_median_ms: Number(median(floorOpen).toFixed(1)),
    detail_ratio: ratio(median(appOpen), median(floorOpen)),
  };
  writeResult("customers", result);
  console.log(
    `customers: keystroke → list ${result.keystroke_app_median_ms} ms median (max ${result.keystroke_app_max_ms}) ` +
      `vs plain-JS floor ${result.keystroke_floor_median_ms} ms (ratio ${result.keystroke_ratio}) over ` +
      `${keystrokes.length} keystrokes; open customer ${result.detail_app_median_ms} ms vs floor ` +
      `${result.detail_floor_median_ms} ms (ratio ${result.detail_ratio}); ${index.length} customers`
  );
} finally {
  await browser.close();
  server.stop();
}
