// Sales orders on a tablet: add an order with two lines from a customer's page and watch its
// totals follow the typing; a bad price, a shipping date before the order and a number already
// used show translated errors and save nothing; the saved order shows on the timeline with its
// revenue, opens again for an edit (a claim, a new status) that the history records, survives a
// reload, and is deleted after confirmation. Also the form on a landscape tablet (1280×800).
import assert from "node:assert/strict";
import { test } from "node:test";
import { fillOrderLine, openDemoCustomer, openRelated, switchLanguage } from "./support/actions.mjs";
import { historyCount } from "./support/checks.mjs";
import { day } from "./support/inputs.mjs";
import { fieldError } from "./support/locators.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("add, check, edit and delete a sales order on a tablet", async () => {
  const { page } = await env.open({ locale: "en-US", ...PORTRAIT_TABLET });
  const company = await openDemoCustomer(page);
  const orders = page.getByTestId("timeline-order");
  // The history shows a page at a time: its chip counts every order.
  const before = await historyCount(page, "order");
  assert.ok(before > 0, "the demo customer has orders");
  await openRelated(page, "orders");
  const usedNumber = await page.getByTestId("customer-order-link").first().innerText();
  await openRelated(page, "history");

  await page.getByTestId("add-order").tap();
  await page.getByTestId("order-form").waitFor();
  await page.getByTestId("order-number").waitFor();
  assert.equal(await page.getByTestId("order-customer").innerText(), company);
  const number = await page.getByTestId("order-number").inputValue();
  assert.match(number, /^SO-\d{4}-\d{6}$/, "the next free number is suggested");
  assert.equal(await page.getByTestId("order-ordered").inputValue(), day(0));
  assert.notEqual(await page.getByTestId("order-owner").inputValue(), "", "the current user owns it");

  // Totals follow the lines as they are typed.
  const lines = page.getByTestId("order-line");
  await fillOrderLine(lines.nth(0), {
    product: "E2E SY215C excavator",
    kind: "Machine",
    quantity: "1",
    price: "1,200,000",
    cost: "1,000,000",
  });
  assert.equal(await page.getByTestId("total-revenue").locator(".total-exact").innerText(), "¥1,200,000.00");
  assert.equal(await page.getByTestId("total-revenue").locator(".total-value").innerText(), "¥1.2M");
  await page.getByTestId("add-line").tap();
  assert.equal(await lines.count(), 2);
  await fillOrderLine(lines.nth(1), { product: "E2E filter 滤芯", kind: "Parts", quantity: "10", price: "85.5", cost: "60" });
  assert.equal(await page.getByTestId("total-revenue").locator(".total-exact").innerText(), "¥1,200,855.00");
  assert.equal(await page.getByTestId("total-cost").locator(".total-exact").innerText(), "¥1,000,600.00");
  assert.equal(await page.getByTestId("total-margin-percent").innerText(), "¥200,255.00 · 16.7 %");

  // Cost above price is allowed, with a warning.
  await lines.nth(1).getByTestId("order-unit-cost").fill("90");
  await lines.nth(1).getByTestId("negative-margin").waitFor();
  await lines.nth(1).getByTestId("order-unit-cost").fill("60");
  await lines.nth(1).getByTestId("negative-margin").waitFor({ state: "detached" });

  // A price with three decimals, shipping before the order and a used number: errors, no save.
  await lines.nth(1).getByTestId("order-unit-price").fill("85.555");
  await page.getByTestId("order-shipped").fill(day(-3));
  await page.getByTestId("order-number").fill(usedNumber);
  await page.getByTestId("save-order").tap();
  await page.getByTestId("form-problems").waitFor();
  assert.equal(await fieldError(lines.nth(1), "order-unit-price").innerText(), "At most two decimals (fen).");
  assert.equal(await fieldError(page, "order-shipped").innerText(), "Cannot be before the order date.");
  assert.equal(await fieldError(page, "order-number").innerText(), "Another order already has this number.");
  assert.equal(await page.getByTestId("order-shipped").getAttribute("aria-invalid"), "true");
  await shot(page, "orders-invalid-en-768x1024");
  await switchLanguage(page, "zh-CN");
  assert.equal(await fieldError(lines.nth(1), "order-unit-price").innerText(), "最多两位小数（到分）。");
  assert.equal(await fieldError(page, "order-shipped").innerText(), "不能早于下单日期。");
  assert.equal(await fieldError(page, "order-number").innerText(), "该订单号已被其他订单使用。");
  assert.equal(await page.getByTestId("total-revenue").locator(".total-value").innerText(), "¥120万", "an invalid price counts as nothing");
  await shot(page, "orders-invalid-zh-CN-768x1024");
  await switchLanguage(page, "en");
  assert.ok(page.url().includes("/orders/new"), "still on the form");

  await lines.nth(1).getByTestId("order-unit-price").fill("85.5");
  await page.getByTestId("order-shipped").fill("");
  await page.getByTestId("order-number").fill(number);
  await page.getByTestId("save-order").tap();
  await page.getByTestId("customer-company").waitFor();
  const saved = orders.filter({ hasText: number });
  await saved.waitFor();
  assert.equal(await historyCount(page, "order"), before + 1, "exactly one order saved");
  assert.match(await saved.innerText(), /2 lines · ¥1,200,855\.00 · Confirmed/);
  assert.match(await saved.innerText(), /Margin ¥200,255\.00 \(16\.7 %\)/);
  const created = page.getByTestId("timeline-change").filter({ hasText: `Order ${number} created` });
  await created.waitFor();

  // Reopen it: add a claim and ship it.
  await saved.getByTestId("timeline-order-link").tap();
  await page.getByTestId("order-number").waitFor();
  assert.equal(await page.getByTestId("order-number").inputValue(), number);
  assert.equal(await lines.count(), 2);
  assert.equal(await lines.nth(1).getByTestId("order-unit-price").inputValue(), "85.50");
  await page.getByTestId("order-status").selectOption({ label: "Shipped" });
  await page.getByTestId("order-ready").fill(day(0));
  await page.getByTestId("order-shipped").fill(day(0));
  await page.getByTestId("order-has-claim").check();
  await page.getByTestId("save-order").tap();
  await fieldError(page, "order-claim-amount").waitFor();
  await page.getByTestId("order-claim-amount").fill("3,000");
  await page.getByTestId("order-claim-reason").fill("E2E leaking hydraulic hose");
  await page.getByTestId("order-claim-settled").check();
  await shot(page, "orders-edit-en-768x1024");
  await page.getByTestId("save-order").tap();
  await page.getByTestId("customer-company").waitFor();
  await saved.filter({ hasText: "Shipped" }).waitFor();
  assert.match(await saved.innerText(), /Claim: E2E leaking hydraulic hose/);
  const edited = page.getByTestId("timeline-change").filter({ hasText: `Order ${number} edited` });
  await edited.waitFor();
  const changes = await edited.getByTestId("history-change").allInnerTexts();
  assert.ok(changes.some((c) => /Status\s+Confirmed\s+→\s+Shipped/.test(c)), changes.join("\n"));
  assert.ok(changes.some((c) => /Claim amount \(CNY\)\s+\(empty\)\s+→\s+¥3,000\.00/.test(c)), changes.join("\n"));
  assert.ok(changes.some((c) => /Settled: the customer accepted the settlement\s+No\s+→\s+Yes/.test(c)), changes.join("\n"));
  await shot(page, "orders-timeline-en-768x1024");

  // It was stored, not just shown.
  await page.reload();
  await page.getByTestId("customer-company").waitFor();
  await saved.filter({ hasText: "Shipped" }).waitFor();
  assert.match(await saved.innerText(), /¥1,200,855\.00/);
  await switchLanguage(page, "zh-CN");
  await page.getByTestId("timeline-change").filter({ hasText: `修改订单 ${number}` }).waitFor();
  assert.match(await saved.innerText(), /2 行 · ¥1,200,855\.00 · 已发货/);
  await shot(page, "orders-timeline-zh-CN-768x1024");
  await saved.getByTestId("timeline-order-link").tap();
  await page.getByTestId("order-claim-amount").waitFor();
  assert.equal(await page.getByTestId("order-claim-amount").inputValue(), "3000");
  await shot(page, "orders-edit-zh-CN-768x1024");

  // Delete it, after confirming, with a reason the history keeps.
  await page.getByTestId("delete-order").tap();
  await page.getByTestId("delete-confirmation").waitFor();
  await page.getByTestId("cancel-delete").tap();
  await page.getByTestId("delete-confirmation").waitFor({ state: "detached" });
  await page.getByTestId("delete-order").tap();
  await page.getByTestId("delete-reason").fill("E2E 重复录入");
  await shot(page, "orders-delete-zh-CN-768x1024", { fullPage: false });
  await page.getByTestId("confirm-delete").tap();
  await page.getByTestId("customer-company").waitFor();
  const deleted = page.getByTestId("timeline-change").filter({ hasText: `删除订单 ${number}` });
  await deleted.waitFor();
  assert.match(await deleted.getByTestId("history-reason").innerText(), /E2E 重复录入/);
  assert.equal(await historyCount(page, "order"), before);
  assert.equal(await orders.filter({ hasText: number }).count(), 0);
});

test("the order form on a landscape tablet at 1280×800", async () => {
  const { page } = await env.open({ locale: "zh-CN", hasTouch: true });
  await openDemoCustomer(page);
  await page.getByTestId("add-order").tap();
  await page.getByTestId("order-number").waitFor();
  const lines = page.getByTestId("order-line");
  await fillOrderLine(lines.nth(0), { product: "SY365H 挖掘机", kind: "整机", quantity: "2", price: "2,150,000", cost: "1,890,000" });
  await page.getByTestId("add-line").tap();
  await fillOrderLine(lines.nth(1), { product: "保养套餐", kind: "服务", quantity: "1", price: "8000", cost: "9500" });
  await lines.nth(1).getByTestId("negative-margin").waitFor();
  assert.equal(await page.getByTestId("total-revenue").locator(".total-value").innerText(), "¥430.8万");
  await shot(page, "orders-form-zh-CN-1280x800");
  await switchLanguage(page, "en");
  await shot(page, "orders-form-en-1280x800");
});
