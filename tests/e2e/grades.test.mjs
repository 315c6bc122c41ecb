// Customer value on a tablet, with the Demo workspace: the grade distribution, the Pareto chart
// and the key accounts render; raising one weight (and lowering another to keep 100 %) changes
// grades, and the customer's breakdown explains its score with the new weight; a weight sum off
// 100 % is refused; a D-share alert appears when its threshold is lowered; ratings are saved and
// audited; saving today's grades puts the changes on the timelines.
import assert from "node:assert/strict";
import { test } from "node:test";
import path from "node:path";
import { SHOTS, createDemo, e2eSuite, shot } from "./support.mjs";

const env = e2eSuite();

/** The number the count element of grade `g` starts with. */
async function gradeCount(page, g) {
  const text = await page.getByTestId(`grade-count-${g}`).locator(".count").innerText();
  return Number(text.split("·")[0].replace(/[^\d]/g, ""));
}

test("grades explain themselves and follow the weights", async () => {
  const { page } = await env.open({ locale: "en-US", viewport: { width: 1024, height: 768 }, hasTouch: true });
  await page.goto(env.server.url);
  await createDemo(page);
  await page.getByTestId("current-user").selectOption({ index: 1 });

  await page.getByTestId("nav-grades").tap();
  await page.getByTestId("grade-distribution").waitFor();
  const before = [];
  for (const g of ["a", "b", "c", "d"]) before.push(await gradeCount(page, g));
  assert.ok(before.reduce((a, b) => a + b) > 100, `the demo's customers are graded: ${before}`);
  assert.ok(before.filter((n) => n > 0).length >= 3, `grades are spread: ${before}`);
  await page.getByTestId("pareto-chart").locator("polyline").waitFor();
  assert.ok((await page.getByTestId("pareto-row").count()) > 0, "key accounts listed");
  assert.match(await page.getByTestId("tier-core").innerText(), /Core 5 %.*\d+ customers/s);
  assert.match(await page.getByTestId("retention-projection").innerText(), /gone in 5 years/);
  await shot(page, "grades-portfolio");
  for (const part of ["grade-distribution", "weights", "pareto", "retention"]) {
    await page.getByTestId(part).screenshot({ path: path.join(SHOTS, `grades-${part}.png`) });
  }

  // A sum off 100 % is refused and says so.
  await page.getByTestId("weight-profit").fill("30");
  await page.getByTestId("weight-profit").dispatchEvent("change");
  assert.match(await page.getByTestId("weights-sum").innerText(), /110\.0%/);
  await page.getByTestId("weights-apply").tap();
  await page.getByTestId("weights-problems").getByText("must sum to 100 %").waitFor();

  // Profit weighs 30 %, size and reorders 5 %: the preview counts the change, applying it regrades.
  await page.getByTestId("weight-size_frequency").fill("5");
  await page.getByTestId("weight-size_frequency").dispatchEvent("change");
  assert.match(await page.getByTestId("weights-sum").innerText(), /100\.0%/);
  const preview = Number((await page.getByTestId("weights-preview").innerText()).replace(/[^\d]/g, ""));
  assert.ok(preview > 0, "the preview counts changed grades");
  await page.getByTestId("weights-apply").tap();
  await page.waitForFunction(
    (old) => ["a", "b", "c", "d"].some((g, i) => {
      const el = document.querySelector(`[data-testid="grade-count-${g}"] .count`);
      return el && Number(el.textContent.split("·")[0].replace(/[^\d]/g, "")) !== old[i];
    }),
    before
  );
  await page.getByTestId("weights-problems").locator("li").waitFor({ state: "detached" });

  // Raising the C bar to just under B's makes more customers D: past 3 % of the active ones the
  // alert shows.
  assert.equal(await page.getByTestId("d-share-alert").count(), 0);
  await page.getByTestId("threshold-c").fill("54.5");
  await page.getByTestId("threshold-c").dispatchEvent("change");
  await page.getByTestId("weights-apply").tap();
  await page.getByTestId("d-share-alert").waitFor();
  assert.match(await page.getByTestId("d-share-alert").innerText(), /above the 3\.0% limit/);
  await shot(page, "grades-d-alert");

  // The top key account's breakdown: weights as applied, contributions adding up to the score.
  await page.getByTestId("pareto-row").first().locator("a").tap();
  const value = page.getByTestId("customer-value");
  await value.getByTestId("value-breakdown").waitFor();
  assert.equal(await value.getByTestId("breakdown-profit").getByTestId("breakdown-weight").innerText(), "30.0%");
  assert.equal(await value.getByTestId("breakdown-size_frequency").getByTestId("breakdown-weight").innerText(), "5.0%");
  const points = await value.getByTestId("breakdown-contribution").allInnerTexts();
  const total = Number(await value.getByTestId("value-score").innerText());
  assert.equal(points.length, 12);
  assert.ok(Math.abs(points.reduce((a, p) => a + Number(p), 0) - total) < 0.7, `${points} add up to ${total}`);
  assert.match(await value.getByTestId("breakdown-industry_influence").innerText(), /not rated/);

  // Rating it moves the score and is audited.
  await value.getByTestId("rating-industry_influence").selectOption("5");
  await value.getByTestId("rating-confirmed-grade").selectOption("a");
  await value.getByTestId("ratings-save").tap();
  await value.getByTestId("ratings-message").waitFor();
  await page.waitForFunction(
    (old) => Number(document.querySelector('[data-testid="value-score"]')?.textContent) > old,
    total
  );
  assert.match(await value.getByTestId("breakdown-industry_influence").innerText(), /5 \/ 5.*100.*rated/s);
  await page.getByTestId("timeline-change").filter({ hasText: "Value ratings changed" }).waitFor();
  await shot(page, "grades-customer-value");
  await value.screenshot({ path: path.join(SHOTS, "grades-value-card.png") });

  // Saving today's grades puts grade changes on the timelines.
  await page.getByTestId("nav-grades").tap();
  await page.getByTestId("grades-snapshot").tap();
  assert.match(await page.getByTestId("grades-message").innerText(), /Today's grades saved; \d+ changed/);
  await page.getByTestId("grades-snapshot-note").filter({ hasText: /, 0 customers changed grade/ }).waitFor();
  // The demo's manager confirmed about a hundred grades: the classifier learns them and says
  // how well it does on customers it did not see.
  await page.getByTestId("learn").tap();
  const accuracy = await page.getByTestId("learn-accuracy").innerText();
  const [, percent, labelled] = accuracy.match(/accuracy ([\d.]+)% on (\d+) confirmed grades \(5 folds\)/);
  assert.ok(Number(labelled) >= 60 && Number(percent) > 50, accuracy);
  const confusion = (await page.getByTestId("confusion").locator("td").allInnerTexts()).map(Number);
  assert.equal(confusion.reduce((a, b) => a + b), Number(labelled), "every label is counted once");
  const differing = Number((await page.getByTestId("learned").locator("h3").innerText()).match(/(\d+)$/)[1]);
  assert.equal(await page.getByTestId("suggestion").count(), Math.min(differing, 20));
  await page.getByTestId("learned").screenshot({ path: path.join(SHOTS, "grades-learned.png") });
  await page.getByTestId("pareto-row").first().locator("a").tap();
  await page.getByTestId("timeline-change").filter({ hasText: "Grade changed" }).waitFor();
});
