// What the page says, read as values the journeys assert on, and the checks they share.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { kanbanColumn } from "./locators.mjs";
import { tools } from "./suite.mjs";

/** "1,234" → 1234. */
const number = (text) => Number(text.replaceAll(",", ""));

/** Waits for the dashboard to be rendered (its tiles, or the empty workspace's way to the demo). */
export async function dashboardReady(page) {
  await page.getByTestId("dashboard-ready").waitFor({ timeout: 30_000 });
}

/** Reads how many records of `store` the workspace holds, in Settings → Data (opening Settings
 * unless it is open): "1,234" → 1234. */
export async function tileCount(page, store) {
  if (!page.url().endsWith("#/settings")) await page.goto(page.url().replace(/#.*$/, "") + "#/settings");
  await page.getByTestId("record-counts").waitFor({ timeout: 30_000 });
  return number(await page.getByTestId(`count-${store}`).locator(".tile-value").innerText());
}

/** The numbers in "共 300 个客户，显示 12 个" / "12 of 300 customers": [shown, total]. */
export async function shownAndTotal(page) {
  const text = await page.getByTestId("customers-shown").innerText();
  const [a, b] = text.match(/[\d,]+/g).map(number);
  return text.includes("显示") ? [b, a] : [a, b];
}

/** The profile of the customer at `url`, opened afresh (see `customerProfile`). */
export async function profileAt(page, url) {
  await page.goto(url);
  await page.getByTestId("customer-company").waitFor();
  return customerProfile(page);
}

/** The customer page's profile as `{ label: value }` (a field left empty is not shown). Read in
 * one step once a row is shown: another tab's write re-renders the page, and labels and values
 * read in two steps could come from different renders. */
export async function customerProfile(page) {
  const profile = page.getByTestId("customer-detail").locator("dl.facts").first();
  await profile.locator("dt").first().waitFor();
  return profile.evaluate((list) =>
    Object.fromEntries([...list.querySelectorAll("dt")].map((label) => [label.innerText, label.nextElementSibling?.innerText])),
  );
}

/** The number of customers the list shows. */
export const shownCustomers = async (page) => (await shownAndTotal(page))[0];

/** The count at the head of `stage`'s kanban column. */
export async function columnCount(page, stage) {
  return number(await kanbanColumn(page, stage).getByTestId("column-count").innerText());
}

/** The texts of every `testId` element, in the order shown. */
export const texts = (page, testId) => page.getByTestId(testId).allInnerTexts();

/** How many entries of `kind` ("all", "interaction", "order", "change") a customer's history
 * holds, as its chip counts them (the list itself shows a page at a time). */
export async function historyCount(page, kind) {
  const text = await page.getByTestId(`timeline-kind-${kind}`).locator(".chip-count").innerText();
  return Number(text.replace(/,/g, ""));
}

/** The customer page's machine rows, cell by cell. */
export async function customerMachineRows(page) {
  const rows = page.getByTestId("customer-machine");
  const cells = [];
  for (let i = 0; i < (await rows.count()); i++) cells.push(await rows.nth(i).locator("td").allInnerTexts());
  return cells;
}

/** The number the count element of grade `g` starts with. */
export async function gradeCount(page, g) {
  const text = await page.getByTestId(`grade-count-${g}`).locator(".count").innerText();
  return Number(text.split("·")[0].replace(/[^\d]/g, ""));
}

/** The share (%) of the commonest confirmed grade in a 4×4 confusion matrix, row by row. */
export function majorityPercent(cells) {
  const rows = [0, 1, 2, 3].map((r) => cells.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b));
  return (100 * Math.max(...rows)) / rows.reduce((a, b) => a + b);
}

/** What the part's machines in the field would use over the forecast, as the page says it. */
export async function installedBaseExpected(page) {
  const text = await page.getByTestId("part-drivers").innerText();
  const match = /Machines in the field would use (-?[\d,.]+) units/.exec(text);
  assert.ok(match, `the installed base is shown: ${text}`);
  return number(match[1]);
}

/** A calendar's events' summaries, unfolded (RFC 5545 folds long lines). */
export function icsSummaries(ics) {
  return ics
    .replaceAll("\r\n ", "")
    .split("\r\n")
    .filter((line) => line.startsWith("SUMMARY:"))
    .map((line) => line.slice("SUMMARY:".length));
}

/** A backup's text without the moment it was made, to compare two backups of the same data. */
export const withoutTime = (bytes) => bytes.toString("utf8").replace(/"created_ms":\d+/, '"created_ms":0');

const AXE = readFileSync(tools.resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's violations of impact "serious" or "critical" on the page as it is now, each with
 * its rule, impact and the selectors of the elements at fault. axe runs in an isolated world
 * made through the DevTools protocol: it reads the page's DOM and styles, but its script is
 * neither a <script> that the app's Content-Security-Policy would refuse nor a global the app
 * could see, and the page keeps its CSP.
 */
export async function seriousViolations(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await cdp.send("Page.getFrameTree");
    const { executionContextId } = await cdp.send("Page.createIsolatedWorld", {
      frameId: frameTree.frame.id,
      worldName: "kehu-axe",
    });
    const evaluate = async (expression) => {
      const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", {
        expression,
        contextId: executionContextId,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(`axe: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value;
    };
    await evaluate(AXE);
    return await evaluate(`axe.run(document, { resultTypes: ["violations"] }).then((results) =>
      results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) })))`);
  } finally {
    await cdp.detach();
  }
}
