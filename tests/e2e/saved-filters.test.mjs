// Saved filters: the customer list's filters and order saved under a name, applied again in one
// tap, kept across a reload, replaced when saved again under the same name, and deleted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openDemo, visit } from "./support/actions.mjs";
import { shownCustomers } from "./support/checks.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("save a filter, apply it after clearing and reloading, replace it and delete it", async () => {
  const { page } = await env.open({ locale: "en-US", ...PORTRAIT_TABLET });
  await openDemo(page);
  await visit(page, "#/customers");
  await page.getByTestId("customer-row").first().waitFor();
  await page.getByTestId("filters-toggle").tap();

  // A nameless save is refused with the reason.
  await page.getByTestId("saved-filter-save").tap();
  assert.match(await page.getByTestId("saved-filter-message").innerText(), /Give the filter a name/);

  await page.getByTestId("filter-lifecycle").selectOption({ label: "Existing" });
  await page.getByTestId("filter-application").selectOption({ label: "Mining" });
  await page.getByTestId("filter-count").waitFor();
  const mining = await shownCustomers(page);
  assert.ok(mining > 0 && mining < 300, `existing mining customers: ${mining}`);
  await page.getByTestId("saved-filter-name").fill("  Existing mining  ");
  await page.getByTestId("saved-filter-save").tap();
  await page.getByTestId("saved-filter-message").getByText("Saved as “Existing mining”.").waitFor();
  assert.equal(await page.getByTestId("saved-filter-pick").inputValue(), "Existing mining");
  await shot(page, "saved-filters-en-768x1024", { fullPage: false });

  // Clearing leaves the saved filter; picking it brings the filters back, also after a reload.
  await page.getByTestId("filters-clear").tap();
  assert.equal(await shownCustomers(page), 300);
  assert.equal(await page.getByTestId("saved-filter-pick").inputValue(), "");
  await page.reload();
  await page.getByTestId("customer-row").first().waitFor();
  await page.getByTestId("filters-toggle").tap();
  await page.getByTestId("saved-filter-pick").selectOption("Existing mining");
  await page.getByTestId("filter-count").waitFor();
  assert.equal(await shownCustomers(page), mining);
  assert.equal(await page.getByTestId("filter-lifecycle").locator("option:checked").innerText(), "Existing");

  // Saving again under the same name (another case) replaces it.
  await page.getByTestId("filter-application").selectOption({ label: "Excavation" });
  const excavation = await shownCustomers(page);
  await page.getByTestId("saved-filter-name").fill("existing MINING");
  await page.getByTestId("saved-filter-save").tap();
  await page.getByTestId("saved-filter-message").getByText("Saved as “existing MINING”.").waitFor();
  assert.equal(await page.getByTestId("saved-filter-pick").locator("option").count(), 2, "one saved filter, and None");
  await page.getByTestId("filters-clear").tap();
  await page.getByTestId("saved-filter-pick").selectOption("existing MINING");
  assert.equal(await shownCustomers(page), excavation);

  await page.getByTestId("saved-filter-delete").tap();
  await page.getByTestId("saved-filter-delete").waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("saved-filter-pick").locator("option").count(), 1);
  await page.reload();
  await page.getByTestId("customer-row").first().waitFor();
  await page.getByTestId("filters-toggle").tap();
  assert.equal(await page.getByTestId("saved-filter-pick").locator("option").count(), 1, "deleted for good");
});
