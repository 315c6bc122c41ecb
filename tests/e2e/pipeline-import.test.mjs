// Maven's CRM files through the import page on a tablet, as they come: the sales teams (owners),
// the accounts (customers), then the pipeline with its product price list — 8,800 opportunities
// checked, counted by stage and imported in one write; importing it again adds nothing. The
// funnel and the forecast then work on those deals: the forecast breaks down by owner, and an
// owner's quota typed wrong is refused with a message until it is fixed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { checkImport, checkPipeline, confirmImport, pickImport, switchLanguage, visit } from "./support/actions.mjs";
import { columnCount } from "./support/checks.mjs";
import { fixture } from "./support/inputs.mjs";
import { kanbanColumn } from "./support/locators.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite();
const maven = (name) => fixture("maven-crm", name);

test("Maven's pipeline imports through the page with its price list, once, and feeds the forecast", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await visit(page);

  await pickImport(page, maven("sales_teams.csv"), { kind: "users" });
  assert.match(await confirmImport(page), /41 people added/);
  await pickImport(page, maven("accounts.csv"));
  await checkImport(page);
  assert.match(await confirmImport(page), /85 new/);

  await checkPipeline(page, maven("sales_pipeline.csv"), maven("products.csv"));
  assert.match(await page.getByTestId("import-summary").innerText(), /sales_pipeline\.csv: 8,800 rows, 8 columns/);
  assert.match(await page.getByTestId("import-counts").innerText(), /8,800 rows are ready to import; 0 rows have errors/);
  assert.match(
    await page.getByTestId("import-pipeline-stages").innerText(),
    /Identify 500.*Develop 1,589.*Won 4,238.*Lost 2,473/
  );
  assert.match(await page.getByTestId("import-pipeline-no-account").innerText(), /1,425 deals name no account/);
  assert.equal(await page.getByTestId("import-preview-row").count(), 20);
  const first = await page.getByTestId("import-preview-row").first().innerText();
  assert.match(first, /1C1I7A6R\s+Moses Frase\s+Cancity\s+GTX Plus Basic\s+Won\s+¥1,054\.00/);
  assert.match(await page.getByTestId("import-confirm").innerText(), /Import 8,800 opportunities/);
  await shot(page, "pipeline-import-checked-en-1024x768");
  assert.match(await confirmImport(page), /sales_pipeline\.csv: 8,800 opportunities added, 0 updated, 0 unchanged/);

  // The same file again: every deal is found by its id, as the file has it.
  await checkPipeline(page, maven("sales_pipeline.csv"), maven("products.csv"));
  assert.match(await page.getByTestId("import-duplicates").innerText(), /0 opportunities already stored are updated from the file; 8,800 are already/);
  assert.match(await page.getByTestId("import-confirm").innerText(), /Import 0 opportunities/);
  assert.ok(await page.getByTestId("import-confirm").isDisabled());

  // The funnel holds the deals: the open ones in their columns, the results counted.
  await visit(page, "#/funnel");
  await kanbanColumn(page, "identify").getByTestId("kanban-card").first().waitFor();
  assert.deepEqual(
    [await columnCount(page, "identify"), await columnCount(page, "develop"), await columnCount(page, "won"), await columnCount(page, "lost")],
    [500, 1589, 4238, 2473]
  );
  await shot(page, "pipeline-kanban-en-1024x768", { fullPage: false });

  // The forecast breaks down by owner: one row per salesperson of the file.
  const agents = new Set(
    readFileSync(maven("sales_pipeline.csv"), "utf8").trim().split("\n").slice(1).map((line) => line.split(",")[1])
  );
  await visit(page, "#/forecast");
  const breakdown = page.getByTestId("breakdown-table");
  await breakdown.waitFor({ timeout: 60_000 });
  assert.equal(await breakdown.getAttribute("data-dimension"), "owner");
  assert.equal(await page.getByTestId("breakdown-row").count(), agents.size);
  const moses = page.getByTestId("breakdown-row").filter({ hasText: "Moses Frase" });
  assert.equal(await moses.getByTestId("breakdown-quota").innerText(), "—", "no quota yet");
  await page.getByTestId("breakdown-region").tap();
  await page.locator('[data-testid="breakdown-table"][data-dimension="region"]').waitFor();
  const regions = await page.getByTestId("breakdown-row").locator("td:first-child").allInnerTexts();
  assert.deepEqual(regions.sort(), ["Central", "East", "West"], "deals without a province count in the owner's office");
  await page.getByTestId("breakdown-product").tap();
  await page.locator('[data-testid="breakdown-table"][data-dimension="product"]').waitFor();
  assert.equal(await page.getByTestId("breakdown-row").count(), 7);
  await page.getByTestId("breakdown-owner").tap();

  // An owner's quota for this quarter: a bad amount is refused with what and where; fixed, it is set.
  await visit(page, "#/settings");
  const settings = page.getByTestId("funnel-settings");
  await settings.getByTestId("quota-target").waitFor();
  await settings.getByTestId("quota-target").selectOption({ label: "Moses Frase" });
  const quarter = await settings.getByTestId("quota-period").locator("option:checked").innerText();
  assert.match(quarter, /^Q[1-4] 20\d\d$/);
  await settings.getByTestId("quota-amount").fill("12O,000");
  await settings.getByTestId("quota-set").tap();
  assert.equal(
    await settings.getByTestId("quota-error").innerText(),
    `Quota of Moses Frase for ${quarter}: Not an amount: digits with an optional decimal point, e.g. 1,234.50.`
  );
  assert.equal(await settings.getByTestId("quota-row").count(), 0, "nothing set");
  await settings.getByTestId("quota-amount").fill("-5");
  await settings.getByTestId("quota-set").tap();
  assert.match(await settings.getByTestId("quota-error").innerText(), /Cannot be negative/);
  await settings.getByTestId("quota-amount").fill("120,000");
  await settings.getByTestId("quota-set").tap();
  await settings.getByTestId("quota-error").waitFor({ state: "detached" });
  assert.match(await settings.getByTestId("quota-row").innerText(), new RegExp(`Moses Frase\\s+${quarter}\\s+¥120,000\\.00`));
  await settings.getByTestId("quota-set").scrollIntoViewIfNeeded();
  await shotOf(settings.getByTestId("quota-list"), "pipeline-quota-list-en");
  await shot(page, "pipeline-quota-en-1024x768", { fullPage: false });
  await settings.getByTestId("save-funnel-settings").tap();
  await settings.getByText("Saved.").waitFor();

  // Reloaded, the forecast holds the quota against Moses Frase's band.
  await visit(page, "#/forecast");
  await page.reload();
  await breakdown.waitFor({ timeout: 60_000 });
  assert.match(await moses.getByTestId("breakdown-quota").innerText(), /¥120(K|,000)/);
  assert.match(await moses.getByTestId("breakdown-attainment").innerText(), /^\d+ %$/);
  await page.getByTestId("forecast-breakdown").scrollIntoViewIfNeeded();
  await shotOf(page.getByTestId("forecast-breakdown"), "pipeline-breakdown-en");
  await shot(page, "pipeline-forecast-en-1024x768");

  // The same in Chinese.
  await switchLanguage(page, "zh-CN");
  await page.getByText("按负责人、区域和产品的预测").waitFor();
  assert.match(await moses.getByTestId("breakdown-quota").innerText(), /¥12(\.00)?万/);
  await shotOf(page.getByTestId("forecast-breakdown"), "pipeline-breakdown-zh-CN");
  await shot(page, "pipeline-forecast-zh-CN-1024x768");
  await visit(page, "#/settings");
  await settings.getByTestId("quota-target").selectOption({ label: "Moses Frase" });
  await settings.getByTestId("quota-amount").fill("abc");
  await settings.getByTestId("quota-set").tap();
  assert.match(await settings.getByTestId("quota-error").innerText(), /^Moses Frase（20\d\d年第[1-4]季度）的指标：不是金额/);
  await settings.getByTestId("quota-error").scrollIntoViewIfNeeded();
  await shot(page, "pipeline-quota-zh-CN-1024x768", { fullPage: false });
  await checkPipeline(page, maven("sales_pipeline.csv"), maven("products.csv"));
  assert.match(await page.getByTestId("import-counts").innerText(), /8,800 行可以导入；0 行有错误/);
  await shot(page, "pipeline-import-checked-zh-CN-1024x768");
});
