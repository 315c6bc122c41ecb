// Two tabs of one browser on one sales order: each changes a different line and both changes are
// stored; both change the same line and the second save asks (keep the stored line or mine, each
// stored as chosen); cancelling the dialog stores nothing and keeps the draft in the form.
import assert from "node:assert/strict";
import { test } from "node:test";
import { newCustomer, press, twoTabs, visit } from "./support/actions.mjs";
import { e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

const PEOPLE = { "zh-CN": ["王芳", "李强"], en: ["Ann Lee", "Bob Wu"] };

// How the dialog names the order's second line, and the kind of a line left at its default.
const WORDS = { "zh-CN": { line: "第 2 行明细", kind: "整机" }, en: { line: "Line 2", kind: "Machine" } };

/** Fills line `index` of the order form open in `page`. */
async function fillLine(page, index, { product, quantity, price, cost }) {
  const line = page.getByTestId("order-line").nth(index);
  await line.getByTestId("order-product").fill(product);
  await line.getByTestId("order-quantity").fill(quantity);
  await line.getByTestId("order-unit-price").fill(price);
  await line.getByTestId("order-unit-cost").fill(cost);
}

/** Creates a customer with an order of two lines in `page`; returns the order form's URL. */
async function createOrder(page, company) {
  await newCustomer(page, company);
  await press(page.getByTestId("add-order"));
  await page.getByTestId("order-number").waitFor();
  await fillLine(page, 0, { product: "XE215 挖掘机", quantity: "1", price: "680000", cost: "600000" });
  await press(page.getByTestId("add-line"));
  await fillLine(page, 1, { product: "斗齿", quantity: "10", price: "1200", cost: "800" });
  await press(page.getByTestId("save-order"));
  await page.getByTestId("customer-company").waitFor();
  await press(page.getByTestId("timeline-order-link").first());
  await page.getByTestId("save-order").waitFor();
  return page.url();
}

/** Opens the order form at `url` afresh in `page`. */
async function openOrder(page, url) {
  await visit(page, "#/customers");
  await page.goto(url);
  await page.getByTestId("order-line").first().waitFor();
}

/** Sets line `index`'s quantity in the form open in `page`. */
const setQuantity = (page, index, quantity) =>
  page.getByTestId("order-line").nth(index).getByTestId("order-quantity").fill(quantity);

/** Saves the order form in `page` and waits until it is back on the customer's page. */
async function saveOrder(page) {
  await press(page.getByTestId("save-order"));
  await page.getByTestId("customer-company").waitFor();
}

/** Each line's quantity as stored now, read afresh in `page`. */
async function storedQuantities(page, url) {
  await openOrder(page, url);
  return page.getByTestId("order-quantity").evaluateAll((inputs) => inputs.map((input) => input.value));
}

/**
 * B's form is open on the order; A saves line 2's quantity `theirs`; B then saves `mine` for it
 * and the credit days `days`. Returns B's clash dialog, once shown.
 */
async function clash(a, b, url, { theirs, mine, days }) {
  await openOrder(b, url);
  await openOrder(a, url);
  await setQuantity(a, 1, theirs);
  await saveOrder(a);
  await b.getByTestId("changed-elsewhere").waitFor();
  await setQuantity(b, 1, mine);
  await b.getByTestId("order-credit-days").fill(days);
  await press(b.getByTestId("save-order"));
  const dialog = b.getByTestId("clash-dialog");
  await dialog.waitFor();
  return dialog;
}

test("two tabs changing different lines of one order both keep their change", async () => {
  const { context, a, b, first } = await twoTabs(env, "zh-CN", PEOPLE["zh-CN"]);
  const url = await createOrder(a, "株洲工程机械租赁有限公司");

  await openOrder(b, url);
  await openOrder(a, url);
  await setQuantity(a, 0, "2");
  await saveOrder(a);
  // B learns of A's save before saving: the form says who changed the order.
  const banner = b.getByTestId("changed-elsewhere");
  await banner.waitFor();
  assert.match(await banner.innerText(), new RegExp(first));
  await setQuantity(b, 1, "20");
  await saveOrder(b);
  await b.getByTestId("notice").waitFor();

  assert.deepEqual(await storedQuantities(a, url), ["2", "20"], "both lines' changes are stored");
  await context.close();
});

for (const locale of ["zh-CN", "en"]) {
  test(`the same line changed in two tabs: keep the stored line or mine, each stored as chosen (${locale})`, async () => {
    const { context, a, b, first } = await twoTabs(env, locale, PEOPLE[locale]);
    const url = await createOrder(a, `岳阳港务机械有限公司 ${locale}`);

    // Keep the stored line: A's quantity, and B's credit days (which clashed with nothing).
    let dialog = await clash(a, b, url, { theirs: "11", mine: "12", days: "30" });
    const field = dialog.getByTestId("clash-field");
    assert.equal(await field.count(), 1, "only the line clashes");
    const { line, kind } = WORDS[locale];
    const words = `${line}[\\s\\S]*${first}[\\s\\S]*斗齿 \\[${kind}\\] 11 × ¥1,200\\.00 / ¥800\\.00[\\s\\S]*斗齿 \\[${kind}\\] 12 ×`;
    assert.match(await field.innerText(), new RegExp(words), "the line as the history words it, stored then mine");
    assert.equal(await dialog.getByTestId("clash-text-0").count(), 0, "a line is not typed");
    assert.equal(await b.locator("form.order-form").getAttribute("inert"), "", "the form is inert");
    await shot(b, `two-tabs-orders-clash-${locale}-768x1024`, { fullPage: false });
    assert.deepEqual(await storedQuantities(a, url), ["1", "11"], "nothing of B's was stored");
    await press(dialog.getByTestId("clash-stored-0"));
    await press(dialog.getByTestId("clash-save"));
    await b.getByTestId("customer-company").waitFor();
    assert.deepEqual(await storedQuantities(a, url), ["1", "11"]);
    assert.equal(await a.getByTestId("order-credit-days").inputValue(), "30");

    // Keep mine.
    dialog = await clash(a, b, url, { theirs: "13", mine: "14", days: "45" });
    await press(dialog.getByTestId("clash-mine-0"));
    await press(dialog.getByTestId("clash-save"));
    await b.getByTestId("customer-company").waitFor();
    assert.deepEqual(await storedQuantities(a, url), ["1", "14"]);
    assert.equal(await a.getByTestId("order-credit-days").inputValue(), "45");
    await context.close();
  });
}

test("a cancelled order clash stores nothing and keeps the draft in the form", async () => {
  const { context, a, b } = await twoTabs(env, "en", PEOPLE.en);
  const url = await createOrder(a, "Changde Quarry Services");

  const dialog = await clash(a, b, url, { theirs: "15", mine: "16", days: "60" });
  await press(dialog.getByTestId("clash-cancel"));
  await dialog.waitFor({ state: "detached" });
  assert.equal(await b.getByTestId("order-quantity").nth(1).inputValue(), "16", "B's line stays in the form");
  assert.equal(await b.getByTestId("order-credit-days").inputValue(), "60");
  assert.equal(await b.locator("form.order-form").getAttribute("inert"), null, "the form takes edits again");
  assert.deepEqual(await storedQuantities(a, url), ["1", "15"], "nothing of B's was stored");
  assert.equal(await a.getByTestId("order-credit-days").inputValue(), "0");

  // Reloading the tab keeps the draft; discarding it puts the stored order back.
  await b.reload();
  await b.getByTestId("draft-kept").waitFor();
  assert.equal(await b.getByTestId("order-quantity").nth(1).inputValue(), "16", "the draft survived the reload");
  await press(b.getByTestId("draft-discard"));
  await b.getByTestId("draft-kept").waitFor({ state: "detached" });
  assert.equal(await b.getByTestId("order-quantity").nth(1).inputValue(), "15");
  await context.close();
});
