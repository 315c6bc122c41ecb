// Key accounts as the company sees them (issue 24, rule 5), on the Demo workspace: the core and
// next shares and the ranking measure are grading settings, each refused at its field when out
// of range, and the tier names and Pareto heading follow them; a customer made a key account on
// its form needs a reason, is audited, and is listed as designated when its rank does not make
// it one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAsFirstPerson, openDemo, press } from "./support/actions.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite();

/** Types `text` into the grading form's field `testId` and leaves it. */
async function type(page, testId, text) {
  await page.getByTestId(testId).fill(text);
  await page.getByTestId(testId).dispatchEvent("change");
}

/** Opens an existing C customer's form (one buying, below the top tiers) and returns its company. */
async function openExistingC(page, { lifecycle, grade }) {
  await press(page.getByTestId("nav-customers"));
  await page.getByTestId("customer-row").first().waitFor();
  await press(page.getByTestId("filters-toggle"));
  await page.getByTestId("filter-lifecycle").selectOption({ label: lifecycle });
  await page.getByTestId("filter-grade").selectOption({ label: grade });
  await page.getByTestId("filter-count").waitFor();
  const row = page.getByTestId("customer-row").first();
  await row.waitFor();
  await press(row);
  const company = await page.getByTestId("customer-company").innerText();
  await press(page.getByTestId("edit-customer"));
  await page.getByTestId("save-customer").waitFor();
  return company;
}

test("key-account settings and a key account by the company's word", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await openDemo(page);
  await actAsFirstPerson(page);

  // A C customer made a key account: the reason is required, then it is saved and audited.
  const company = await openExistingC(page, { lifecycle: "Existing", grade: "C select" });
  await page.getByTestId("field-key-account").check();
  await press(page.getByTestId("save-customer"));
  await page.getByTestId("form-problems").waitFor();
  assert.equal(await page.getByTestId("field-key-account-reason").getAttribute("aria-invalid"), "true");
  await page.getByTestId("field-key-account-reason").fill("Reference site for the whole province");
  await shotOf(page.locator("fieldset.card").nth(1), "key-account-form");
  await press(page.getByTestId("save-customer"));
  await page.getByTestId("customer-key-account").waitFor();
  assert.match(await page.getByTestId("customer-classification").innerText(), /Key account \(the company's choice\)\s+Reference site/);
  await page.getByTestId("timeline-change").filter({ hasText: /Why it is a key account[\s\S]*Reference site/ }).waitFor();

  // The grades page: the seed's 5 % and 20 % by profit, then settings out of range at their fields.
  await press(page.getByTestId("nav-grades"));
  await page.getByTestId("grade-distribution").waitFor();
  assert.match(await page.getByTestId("pareto").locator("h2").innerText(), /Key accounts by profit/);
  assert.match(await page.getByTestId("tier-designated").innerText(), /Designated.*1 customers/s);
  await press(page.getByTestId("key-accounts-section").locator("summary"));
  await type(page, "core-percent", "0");
  assert.equal(await page.getByTestId("core-percent-error").innerText(), "Type a share above 0 and up to 100 %.");
  await type(page, "core-percent", "60");
  await type(page, "next-percent", "50");
  assert.equal(await page.getByTestId("next-percent-error").innerText(), "The core and next tiers together cannot pass 100 %.");
  await shotOf(page.getByTestId("key-accounts-section"), "key-accounts-settings-errors");

  // A core of 10 %, the next 30 %, ranked by revenue as seed 002 does: the labels follow.
  await type(page, "core-percent", "10");
  await type(page, "next-percent", "30");
  await page.getByTestId("rank-by").selectOption({ label: "revenue" });
  await press(page.getByTestId("weights-apply"));
  await page.getByTestId("grades-message").filter({ hasText: /Applied/ }).waitFor();
  await page.getByTestId("pareto").locator("h2").filter({ hasText: "Key accounts by revenue (Pareto)" }).waitFor();
  assert.match(await page.getByTestId("tier-core").innerText(), /Core 10 %/);
  assert.match(await page.getByTestId("tier-next").innerText(), /Next 30 %/);
  assert.match(await page.getByTestId("pareto-eighty").innerText(), /80 % of the revenue/);
  await shotOf(page.getByTestId("pareto"), "key-accounts-by-revenue");
  assert.ok(company.length > 0);
});

test("key accounts in Chinese", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await openDemo(page);
  await actAsFirstPerson(page);
  await openExistingC(page, { lifecycle: "现有客户", grade: "C 选择" });
  await page.getByTestId("field-key-account").check();
  await press(page.getByTestId("save-customer"));
  assert.equal(await page.locator("label.field:has([data-testid='field-key-account-reason']) .field-error").innerText(), "必填。");
  await page.getByTestId("field-key-account-reason").fill("全省样板工程");
  await press(page.getByTestId("save-customer"));
  await page.getByTestId("customer-key-account").filter({ hasText: "重点客户" }).waitFor();
  await shot(page, "key-account-detail-zh");
  await press(page.getByTestId("nav-grades"));
  await page.getByTestId("grade-distribution").waitFor();
  assert.match(await page.getByTestId("pareto").locator("h2").innerText(), /按利润排序的重点客户/);
  await press(page.getByTestId("key-accounts-section").locator("summary"));
  await page.getByTestId("rank-by").selectOption({ label: "收入" });
  await type(page, "next-percent", "120");
  assert.equal(await page.getByTestId("next-percent-error").innerText(), "请输入 0 到 100% 之间的比例。");
  await shotOf(page.getByTestId("key-accounts-section"), "key-accounts-settings-zh");
  await type(page, "next-percent", "20");
  await press(page.getByTestId("weights-apply"));
  await page.getByTestId("pareto").locator("h2").filter({ hasText: "按收入排序的重点客户（帕累托）" }).waitFor();
  assert.match(await page.getByTestId("tier-designated").innerText(), /公司认定/);
});
