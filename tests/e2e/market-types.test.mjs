// Market types as the dealer judges them (issue 24, rule 4): Settings → Market types holds the
// province → market type table with Kehu's own as the default; a province set apart changes every
// customer there, in the customer's page and the list's filter; one customer can be set apart
// from its province on its form (a mining company in Jiangsu), audited in its history.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addPerson, newCustomer, openCustomerForm, press, visit } from "./support/actions.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite();

/** The market type the customer's page shows. */
async function shownMarket(page) {
  const card = page.getByTestId("customer-classification");
  await card.waitFor();
  return card.innerText();
}

/** Saves the customer form open on `page` and waits for the customer's page. */
async function saveCustomer(page) {
  await press(page.getByTestId("save-customer"));
  await page.getByTestId("customer-detail").waitFor();
}

/** The companies the list shows with its market filter at `label` ("" for every market). */
async function companiesIn(page, label) {
  await visit(page, "#/customers");
  await page.getByTestId("customers-shown").waitFor();
  // The filters stay open, and set, while the tab lives.
  if (!(await page.getByTestId("filter-market").isVisible())) await press(page.getByTestId("filters-toggle"));
  await page.getByTestId("filter-market").selectOption(label ? { label } : "");
  await page.getByTestId("customer-row").first().waitFor();
  // The list is drawn from the filter at once; give the redraw its frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  return page.locator('[data-testid="customer-row"] .row-company').allInnerTexts();
}

test("the dealer's market types and a customer set apart", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await visit(page, "#/settings");
  await addPerson(page, "Li Wei");

  // Two customers: a quarry in Shandong, a mining company in Jiangsu set apart as a resource market.
  const quarry = await newCustomer(page, "Shandong Quarry Co.");
  await openCustomerForm(page, quarry);
  await page.getByTestId("field-province").selectOption({ label: "Shandong" });
  assert.equal(await page.getByTestId("field-market-override").inputValue(), "");
  await saveCustomer(page);
  assert.match(await shownMarket(page), /Construction market/);

  const mine = await newCustomer(page, "Jiangsu Mining Group");
  await openCustomerForm(page, mine);
  await page.getByTestId("field-province").selectOption({ label: "Jiangsu" });
  await page.getByTestId("field-market-override").selectOption({ label: "Resource market" });
  await shotOf(page.locator("fieldset.card").nth(1), "market-override-form");
  await saveCustomer(page);
  assert.match(await shownMarket(page), /Resource market \(set for this customer\)/);
  await page
    .getByTestId("timeline-change")
    .filter({ hasText: /Market type of this customer[\s\S]*As its province[\s\S]*Resource market/ })
    .waitFor();
  await shot(page, "market-override-detail");

  assert.deepEqual(await companiesIn(page, "Resource market"), ["Jiangsu Mining Group"]);
  assert.deepEqual(await companiesIn(page, "Construction market"), ["Shandong Quarry Co."]);

  // Shandong judged a resource market: the quarry follows, the list's filter too.
  await visit(page, "#/settings");
  const section = page.getByTestId("market-type-settings");
  await section.waitFor();
  const shandong = section.getByTestId("market-type-CN-SD");
  assert.equal(await shandong.inputValue(), "construction");
  assert.match(await shandong.locator("option:checked").innerText(), /Construction market \(built-in\)/);
  await shandong.selectOption("resource");
  await press(section.getByTestId("market-types-save"));
  assert.equal(await section.getByTestId("market-types-message").innerText(), "Market types saved.");
  await shotOf(section, "market-types-settings");
  await page.goto(quarry);
  assert.match(await shownMarket(page), /Resource market/);
  assert.deepEqual((await companiesIn(page, "Resource market")).sort(), ["Jiangsu Mining Group", "Shandong Quarry Co."]);

  // Back to the built-in table: the quarry is a construction customer again, the mine stays set apart.
  await visit(page, "#/settings");
  await press(section.getByTestId("market-types-reset"));
  assert.equal(await shandong.inputValue(), "construction");
  await press(section.getByTestId("market-types-save"));
  await section.getByTestId("market-types-message").waitFor();
  assert.deepEqual(await companiesIn(page, "Resource market"), ["Jiangsu Mining Group"]);
  assert.deepEqual(await companiesIn(page, "Construction market"), ["Shandong Quarry Co."]);
});

test("market types in Chinese", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await visit(page, "#/settings");
  await addPerson(page, "王芳");
  const section = page.getByTestId("market-type-settings");
  await section.getByText("市场类型", { exact: true }).waitFor();
  const henan = section.getByTestId("market-type-CN-HA");
  assert.match(await henan.locator("xpath=..").innerText(), /河南/);
  assert.match(await henan.locator("option:checked").innerText(), /企业型市场（内置）/);
  await henan.selectOption("construction");
  await press(section.getByTestId("market-types-save"));
  assert.equal(await section.getByTestId("market-types-message").innerText(), "市场类型已保存。");
  await shotOf(section, "market-types-settings-zh");

  const url = await newCustomer(page, "郑州建工集团");
  await openCustomerForm(page, url);
  await page.getByTestId("field-province").selectOption({ label: "河南" });
  assert.match(await page.getByTestId("field-market-override").locator("option:checked").innerText(), /按所在省份/);
  await saveCustomer(page);
  assert.match(await shownMarket(page), /建筑型市场/);
  await openCustomerForm(page, url);
  await page.getByTestId("field-market-override").selectOption({ label: "资源型市场" });
  await saveCustomer(page);
  assert.match(await shownMarket(page), /资源型市场（为该客户单独设定）/);
  await page.getByTestId("timeline-change").filter({ hasText: /该客户的市场类型/ }).waitFor();
  await shot(page, "market-override-detail-zh");
});
