// Customers: the list searches as you type, filters by the classification dimensions and renders
// only the rows on screen; a customer opens with its contacts, team and timeline; deep links work.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openDemo, openRelated, press, visit } from "./support/actions.mjs";
import { shownAndTotal } from "./support/checks.mjs";
import { customerCompanies } from "./support/locators.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("search, filter and open a customer in the Demo workspace", async () => {
  const { context, page } = await env.open({ locale: "zh-CN" });
  await openDemo(page);
  await page.getByTestId("nav-customers").click();
  await page.getByTestId("customer-row").first().waitFor();
  assert.deepEqual(await shownAndTotal(page), [300, 300]);
  const rendered = await page.getByTestId("customer-row").count();
  assert.ok(rendered > 5 && rendered < 60, `only the rows on screen are rendered, got ${rendered}`);
  await shot(page, "customers-zh-CN-1280x800", { fullPage: false });

  // Scrolling far down renders the rows there, not the first ones.
  const first = (await customerCompanies(page).allInnerTexts())[0];
  await page.mouse.wheel(0, 76 * 200);
  await page.waitForFunction((name) => {
    const rows = [...document.querySelectorAll('[data-testid="customer-row"] .row-company')];
    return rows.length > 0 && !rows.some((row) => row.textContent === name);
  }, first);

  // Typing narrows the list to the customers whose name holds the text.
  const company = first;
  const needle = [...company].slice(0, Math.min(4, [...company].length)).join("");
  await page.getByTestId("customer-search").fill(needle);
  await page.waitForFunction(
    (text) => [...document.querySelectorAll('[data-testid="customer-row"] .row-company')].every((r) => r.textContent.includes(text)) ||
      document.querySelector('[data-testid="customer-row"]') === null,
    needle
  );
  const [shown] = await shownAndTotal(page);
  assert.ok(shown >= 1 && shown < 300, `search "${needle}" shows ${shown}`);
  assert.ok((await customerCompanies(page).allInnerTexts()).includes(company));

  // A dimension filter: lost customers only.
  await page.getByTestId("customer-search").fill("");
  await page.getByTestId("filters-toggle").click();
  await page.getByTestId("filter-lifecycle").selectOption({ label: "流失客户" });
  await page.getByTestId("filter-count").waitFor();
  const [lost] = await shownAndTotal(page);
  assert.ok(lost > 0 && lost < 300, `lost customers: ${lost}`);
  const tags = await page.locator('[data-testid="customer-row"] .tag.lifecycle-lost').count();
  assert.equal(tags, await page.getByTestId("customer-row").count(), "every row shown is a lost customer");
  await shot(page, "customers-filtered-zh-CN", { fullPage: false });

  // Open one; the detail shows its profile, contacts, team and timeline.
  const target = page.getByTestId("customer-row").first();
  const targetName = await target.locator(".row-company").innerText();
  const id = await target.getAttribute("data-id");
  await target.click();
  await page.getByTestId("customer-company").waitFor();
  assert.equal(await page.getByTestId("customer-company").innerText(), targetName);
  assert.equal(await page.getByTestId("customer-lifecycle").innerText(), "流失客户");
  await openRelated(page, "contacts");
  assert.ok((await page.getByTestId("contact").count()) >= 1, "has contacts");
  assert.ok((await page.getByTestId("team-member").count()) >= 1, "has an account team");
  assert.match(page.url(), new RegExp(`#/customers/${id}/contacts$`));
  await shot(page, "customer-detail-zh-CN");

  // Back keeps the filter; a deep link to the customer survives a reload.
  await page.getByTestId("back-to-customers").click();
  await page.getByTestId("filter-count").waitFor();
  assert.equal((await shownAndTotal(page))[0], lost);
  await visit(page, `#/customers/${id}`);
  await page.reload();
  await page.getByTestId("customer-company").waitFor();
  assert.equal(await page.getByTestId("customer-company").innerText(), targetName);
  await visit(page, "#/customers/999999999");
  await page.getByTestId("customer-not-found").waitFor();
  await context.close();
});

test("the customer list in English on a portrait tablet, with the timeline of a key account", async () => {
  const { context, page } = await env.open({ locale: "en-US", ...PORTRAIT_TABLET });
  await openDemo(page);
  await page.getByTestId("nav-customers").tap();
  await page.getByTestId("customer-row").first().waitFor();
  assert.deepEqual(await shownAndTotal(page), [300, 300]);
  // Highest credit first.
  await page.getByTestId("customer-sort").selectOption({ label: "Credit index" });
  await page.getByTestId("sort-direction").tap();
  const credits = (await page.locator('[data-testid="customer-row"] .row-credit').allInnerTexts()).map(Number);
  assert.deepEqual(credits, [...credits].sort((a, b) => b - a), "sorted by credit index, highest first");
  await shot(page, "customers-en-768x1024", { fullPage: false });
  // Existing customers have bought: their timeline shows orders.
  await page.getByTestId("filters-toggle").tap();
  await page.getByTestId("filter-lifecycle").selectOption({ label: "Existing" });
  await page.getByTestId("filter-count").waitFor();
  await page.getByTestId("customer-row").first().tap();
  await page.getByTestId("customer-company").waitFor();
  await openRelated(page, "orders");
  assert.ok((await page.getByTestId("customer-order").count()) >= 1, "an existing customer has orders");
  await openRelated(page, "history");
  await press(page.getByTestId("timeline-kind-order"));
  assert.ok((await page.getByTestId("timeline-order").count()) >= 1, "its history shows them");
  assert.match(await page.getByTestId("customer-summary").innerText(), /\d+ orders, ¥/);
  await shot(page, "customer-detail-en-768x1024");
  await context.close();
});
