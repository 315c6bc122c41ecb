// Churn and win-back as work (issue 24, rule 7), on the Demo workspace: the churn thresholds and
// the retention projection's horizon are grading settings, each refused at its field when out of
// range; a lost customer's response is planned as a follow-up with an owner and a due date,
// which the lost customers card then shows and the owner's follow-up queue lists.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAsFirstPerson, openDemo, press } from "./support/actions.mjs";
import { day } from "./support/inputs.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite();

/** Types `text` into the grading form's field `testId` and leaves it. */
async function type(page, testId, text) {
  await page.getByTestId(testId).fill(text);
  await page.getByTestId(testId).dispatchEvent("change");
}

/** The first lost customer still waiting for its response to be planned. */
const unplanned = (page) => page.getByTestId("lost-customer").filter({ has: page.getByTestId("win-back-plan") }).first();

test("churn settings and a lost customer's response as a follow-up", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await openDemo(page);
  const me = await actAsFirstPerson(page);
  await press(page.getByTestId("nav-grades"));
  await page.getByTestId("grade-distribution").waitFor();
  assert.match(await page.getByTestId("retention-projection").innerText(), /gone in 5 years/);
  const count = async () => Number((await page.getByTestId("churn").locator("p.muted").innerText()).replace(/[^\d]/g, ""));
  const before = await count();

  // Out of range, each at its field; nothing applied.
  await press(page.getByTestId("churn-section").locator("summary"));
  assert.equal(await page.getByTestId("churn-gap-factor").inputValue(), "3");
  await type(page, "churn-gap-factor", "0.5");
  await type(page, "churn-fall-percent", "100");
  assert.equal(await page.getByTestId("churn-gap-factor-error").innerText(), "Type a multiple from 1 to 20.");
  assert.equal(await page.getByTestId("churn-fall-percent-error").innerText(), "Type a percentage above 0 and below 100.");
  // What is not even a number of years is named first.
  await type(page, "churn-projection-years", "2.5");
  assert.equal(await page.getByTestId("churn-projection-years-error").innerText(), "Type a whole number of years from 1 to 30.");
  await shotOf(page.getByTestId("churn-section"), "churn-settings-errors");
  await press(page.getByTestId("weights-apply"));
  assert.match(await page.getByTestId("grades-message").innerText(), /Fix the problems below first/);

  // A patient dealer: gaps of 6× the usual interval, a fall of 60 %, ten years ahead.
  await type(page, "churn-gap-factor", "6");
  await type(page, "churn-fall-percent", "60");
  await type(page, "churn-projection-years", "10");
  await press(page.getByTestId("weights-apply"));
  await page.getByTestId("grades-message").filter({ hasText: /Applied/ }).waitFor();
  await page.getByTestId("retention-projection").filter({ hasText: /gone in 10 years/ }).waitFor();
  const after = await count();
  assert.ok(after < before, `fewer customers flagged: ${before} → ${after}`);

  // The lost customers' responses become work: an owner, a due date not past, then a follow-up.
  const lost = unplanned(page);
  await lost.waitFor();
  const company = await lost.locator("a").first().innerText();
  await press(lost.getByTestId("win-back-plan"));
  const form = page.getByTestId("win-back-form");
  const notes = await form.getByTestId("win-back-notes").inputValue();
  assert.match(notes, /→|Let go|Reduce/, notes);
  await form.getByTestId("win-back-owner").selectOption({ label: me });
  await form.getByTestId("win-back-due").fill(day(-1));
  await press(form.getByTestId("win-back-save"));
  assert.equal(await form.getByTestId("win-back-due-error").innerText(), "This day has already passed.");
  await form.getByTestId("win-back-owner").selectOption("0");
  assert.equal(await form.getByTestId("win-back-owner-error").innerText(), "Required.");
  await shotOf(page.getByTestId("lost"), "win-back-errors");
  await form.getByTestId("win-back-owner").selectOption({ label: me });
  await form.getByTestId("win-back-due").fill(day(3));
  await press(form.getByTestId("win-back-save"));
  const planned = page.getByTestId("lost-customer").filter({ hasText: company }).getByTestId("win-back-planned");
  await planned.waitFor();
  assert.match(await planned.innerText(), new RegExp(`follow-up due .* · ${me}`));
  await shotOf(page.getByTestId("lost"), "win-back-planned");

  // It is the owner's follow-up, due in three days.
  await press(page.getByTestId("nav-follow-ups"));
  const item = page.getByTestId("bucket-coming").getByTestId("follow-up").filter({ hasText: company });
  await item.waitFor();
  assert.match(await item.innerText(), new RegExp(notes.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await shot(page, "win-back-follow-up");
});

test("churn settings and win-back in Chinese", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await openDemo(page);
  const me = await actAsFirstPerson(page);
  await press(page.getByTestId("nav-grades"));
  await page.getByTestId("grade-distribution").waitFor();
  await press(page.getByTestId("churn-section").locator("summary"));
  assert.match(await page.getByTestId("churn-section").innerText(), /流失与保留[\s\S]*订单间隔达此倍数即预警/);
  await type(page, "churn-projection-years", "0");
  assert.equal(await page.getByTestId("churn-projection-years-error").innerText(), "请输入 1 到 30 之间的整数年数。");
  await shotOf(page.getByTestId("churn-section"), "churn-settings-zh");
  await type(page, "churn-projection-years", "8");
  await press(page.getByTestId("weights-apply"));
  await page.getByTestId("retention-projection").filter({ hasText: /8 年后/ }).waitFor();

  const lost = unplanned(page);
  const company = await lost.locator("a").first().innerText();
  await press(lost.getByTestId("win-back-plan"));
  const form = page.getByTestId("win-back-form");
  await form.getByTestId("win-back-owner").selectOption({ label: me });
  await form.getByTestId("win-back-due").fill(day(0));
  await press(form.getByTestId("win-back-save"));
  const planned = page.getByTestId("lost-customer").filter({ hasText: company }).getByTestId("win-back-planned");
  await planned.waitFor();
  assert.match(await planned.innerText(), new RegExp(`跟进截止 .* · ${me}`));
  await shotOf(page.getByTestId("lost"), "win-back-planned-zh");
  await press(page.getByTestId("nav-follow-ups"));
  await page.getByTestId("bucket-today").getByTestId("follow-up").filter({ hasText: company }).waitFor();
});
