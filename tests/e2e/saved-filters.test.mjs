// Saved filters: the customer list's filters and order saved under a name, applied again in one
// tap, kept across a reload, replaced when saved again under the same name, and deleted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createDemo, e2eSuite, shot } from "./support.mjs";

const env = e2eSuite();

/** The number of customers shown ("12 of 300 customers"). */
async function shown(page) {
  const text = await page.getByTestId("customers-shown").innerText();
  return Number(text.match(/[\d,]+/)[0].replaceAll(",", ""));
}

test("save a filter, apply it after clearing and reloading, replace it and delete it", async () => {
  const { page } = await env.open({ locale: "en-US", viewport: { width: 768, height: 1024 }, hasTouch: true });
  await page.goto(env.server.url);
  await createDemo(page);
  await page.goto(env.server.url + "#/customers");
  await page.getByTestId("customer-row").first().waitFor();
  await page.getByTestId("filters-toggle").tap();

  // A nameless save is refused with the reason.
  await page.getByTestId("saved-filter-save").tap();
  assert.match(await page.getByTestId("saved-filter-message").innerText(), /Give the filter a name/);

  await page.getByTestId("filter-lifecycle").selectOption({ label: "Existing" });
  await page.getByTestId("filter-application").selectOption({ label: "Mining" });
  await page.getByTestId("filter-count").waitFor();
  const mining = await shown(page);
  assert.ok(mining > 0 && mining < 300, `existing mining customers: ${mining}`);
  await page.getByTestId("saved-filter-name").fill("  Existing mining  ");
  await page.getByTestId("saved-filter-save").tap();
  await page.getByTestId("saved-filter-message").getByText("Saved as “Existing mining”.").waitFor();
  assert.equal(await page.getByTestId("saved-filter-pick").inputValue(), "Existing mining");
  await shot(page, "saved-filters-en-768x1024", { fullPage: false });

  // Clearing leaves the saved filter; picking it brings the filters back, also after a reload.
  await page.getByTestId("filters-clear").tap();
  assert.equal(await shown(page), 300);
  assert.equal(await page.getByTestId("saved-filter-pick").inputValue(), "");
  await page.reload();
  await page.getByTestId("customer-row").first().waitFor();
  await page.getByTestId("filters-toggle").tap();
  await page.getByTestId("saved-filter-pick").selectOption("Existing mining");
  await page.getByTestId("filter-count").waitFor();
  assert.equal(await shown(page), mining);
  assert.equal(await page.getByTestId("filter-lifecycle").locator("option:checked").innerText(), "Existing");

  // Saving again under the same name (another case) replaces it.
  await page.getByTestId("filter-application").selectOption({ label: "Excavation" });
  const excavation = await shown(page);
  await page.getByTestId("saved-filter-name").fill("existing MINING");
  await page.getByTestId("saved-filter-save").tap();
  await page.getByTestId("saved-filter-message").getByText("Saved as “existing MINING”.").waitFor();
  assert.equal(await page.getByTestId("saved-filter-pick").locator("option").count(), 2, "one saved filter, and None");
  await page.getByTestId("filters-clear").tap();
  await page.getByTestId("saved-filter-pick").selectOption("existing MINING");
  assert.equal(await shown(page), excavation);

  await page.getByTestId("saved-filter-delete").tap();
  await page.getByTestId("saved-filter-delete").waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("saved-filter-pick").locator("option").count(), 1);
  await page.reload();
  await page.getByTestId("customer-row").first().waitFor();
  await page.getByTestId("filters-toggle").tap();
  assert.equal(await page.getByTestId("saved-filter-pick").locator("option").count(), 1, "deleted for good");
});
