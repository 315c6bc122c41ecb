// The cockpit on a 1280×800 screen with the Demo workspace, in English and Chinese: its tiles
// show the numbers their own pages show (won this month on the forecast page, the grade mix and
// churn risks on the value page, overdue follow-ups in the queue), a tile opens its page, the
// record counts are in Settings → Data, and a threshold changed in Settings changes a tile's
// state at once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openDemo, press, switchLanguage, visit } from "./support/actions.mjs";
import { gradeCount, tileCount } from "./support/checks.mjs";
import { e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite();

/** "1,234" → 1234. */
const number = (text) => Number(text.replace(/[^\d.]/g, ""));

const tile = (page, key) => page.getByTestId(`tile-${key}`);
const tileValue = (page, key) => tile(page, key).getByTestId("tile-value").innerText();

/** Opens the dashboard and waits until every tile's book is read. */
async function openCockpit(page) {
  await visit(page, "#/");
  await page.locator('[data-testid="cockpit"][data-ready="true"]').waitFor({ timeout: 60_000 });
}

const WORDS = {
  en: { critical: "Critical", unjudged: "No threshold set", overdue: "Overdue follow-ups" },
  "zh-CN": { critical: "严重", unjudged: "未设阈值", overdue: "逾期跟进" },
};

for (const [locale, lang] of [
  ["en-US", "en"],
  ["zh-CN", "zh-CN"],
]) {
  test(`the cockpit's tiles equal their pages and follow the thresholds (${lang})`, async () => {
    const { page } = await env.open({ locale });
    await openDemo(page);
    await switchLanguage(page, lang);
    await openCockpit(page);
    for (const key of ["won-month", "won-quarter", "forecast", "coverage", "new-opportunities", "d-share", "churn", "overdue"]) {
      await tile(page, key).waitFor();
    }
    for (const key of ["days-of-cover", "stock-value", "dead-stock"]) await tile(page, key).waitFor();
    // Every tile says its state in words as well as colour.
    for (const state of await page.getByTestId("tile-state").allInnerTexts()) assert.ok(state.trim().length > 1, state);
    assert.match(await tile(page, "overdue").innerText(), new RegExp(WORDS[lang].overdue));
    await shot(page, `cockpit-${lang}-1280x800`, { fullPage: false });
    await shot(page, `cockpit-${lang}-full`);

    const wonMonth = await tileValue(page, "won-month");
    const mix = (await tile(page, "d-share").getByTestId("tile-detail").innerText()).split("·").map(number);
    const churn = await tileValue(page, "churn");
    const overdue = await tileValue(page, "overdue");

    // Won this month: the forecast page's row of this month, "won so far".
    await press(tile(page, "won-month"));
    await page.getByTestId("forecast-month-row").first().waitFor();
    const rows = page.getByTestId("forecast-month-row");
    // Six past months, then this month first among the forecast's.
    assert.equal(await rows.nth(6).locator("td").nth(2).innerText(), wonMonth);

    // The grade mix and the churn risks: the value page's bars and churn card.
    await visit(page, "#/grades");
    await page.getByTestId("grade-distribution").waitFor();
    const counts = [];
    for (const g of ["a", "b", "c", "d"]) counts.push(await gradeCount(page, g));
    assert.deepEqual(mix, counts);
    assert.ok(counts[3] > 0, "the demo has D customers");
    assert.equal(number(await page.getByTestId("churn").locator("p.muted").first().innerText()), number(churn));

    // The record counts live in Settings → Data now.
    assert.equal(await page.getByTestId("dashboard").getByTestId("record-counts").count(), 0);
    assert.equal(await tileCount(page, "customers"), 300);

    // Overdue follow-ups: the queue's overdue bucket (everyone's: no current person).
    await visit(page, "#/follow-ups");
    await page.getByTestId("queue-summary").waitFor();
    assert.equal(await page.getByTestId("bucket-overdue").getByTestId("bucket-count").innerText(), overdue);

    // The D share judged against lines of 0 %: critical at once; both lines cleared: no threshold.
    await openCockpit(page);
    const before = await tile(page, "d-share").getAttribute("data-state");
    assert.notEqual(before, "critical");
    await visit(page, "#/settings");
    await page.getByTestId("threshold-settings").waitFor();
    await page.getByTestId("threshold-d-share-acceptable").fill("0");
    await page.getByTestId("threshold-d-share-critical").fill("0");
    await press(page.getByTestId("thresholds-save"));
    await page.getByTestId("thresholds-message").waitFor();
    await shotOf(page.getByTestId("threshold-settings"), `cockpit-thresholds-${lang}`);
    await openCockpit(page);
    assert.equal(await tile(page, "d-share").getAttribute("data-state"), "critical");
    assert.match(await tile(page, "d-share").getByTestId("tile-state").innerText(), new RegExp(WORDS[lang].critical));
    await shot(page, `cockpit-critical-${lang}-1280x800`, { fullPage: false });

    await visit(page, "#/settings");
    await page.getByTestId("threshold-d-share-acceptable").fill("");
    await page.getByTestId("threshold-d-share-critical").fill("");
    await press(page.getByTestId("thresholds-save"));
    await page.getByTestId("thresholds-message").waitFor();
    await openCockpit(page);
    assert.equal(await tile(page, "d-share").getAttribute("data-state"), "unjudged");
    assert.match(await tile(page, "d-share").getByTestId("tile-state").innerText(), new RegExp(WORDS[lang].unjudged));
  });
}

test("a threshold typed wrong is refused field by field", async () => {
  const { page } = await env.open({ locale: "en-US" });
  await openDemo(page);
  await visit(page, "#/settings");
  await page.getByTestId("threshold-settings").waitFor();
  await page.getByTestId("threshold-coverage-acceptable").fill("2");
  await page.getByTestId("threshold-coverage-critical").fill("5");
  await page.getByTestId("threshold-band-low").fill("abc");
  await press(page.getByTestId("thresholds-save"));
  assert.match(await page.getByTestId("threshold-coverage-critical-error").innerText(), /beyond the acceptable line/);
  assert.match(await page.getByTestId("threshold-band-low-error").innerText(), /number/);
  assert.equal(await page.getByTestId("thresholds-message").count(), 0);
});
