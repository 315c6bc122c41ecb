// Suppliers & partners on a portrait tablet: a supplier with ratings (validation first, then an
// edit), search, a bank as trade partner with the kind filter, delete with confirmation, and
// everything still there after a reload; the history of each change is in the audit log.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addPerson, visit } from "./support/actions.mjs";
import { dashboardReady, texts, tileCount } from "./support/checks.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("suppliers and trade partners: create, validate, edit, search, filter, delete, reload", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET });
  await visit(page, "#/settings");
  await addPerson(page, "王芳");

  await page.getByTestId("nav-partners").tap();
  await page.getByTestId("partners").waitFor();
  assert.equal(await page.getByTestId("nav-partners").getAttribute("aria-current"), "page");
  assert.equal(await page.locator("h1").innerText(), "供应商与合作伙伴");
  await page.getByTestId("suppliers-empty").waitFor();

  // A supplier: saving with an empty name and a bad e-mail shows both problems and saves nothing.
  await page.getByTestId("new-supplier").tap();
  await page.getByTestId("supplier-form").waitFor();
  await page.getByTestId("field-email").fill("sales@");
  await page.getByTestId("save-supplier").tap();
  await page.getByTestId("form-problems").waitFor();
  assert.equal(await page.getByTestId("field-name").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByTestId("field-email").getAttribute("aria-invalid"), "true");
  const errors = await page.locator(".field-error").allInnerTexts();
  assert.ok(errors.some((e) => /必填/.test(e)), `required error shown: ${errors}`);
  assert.ok(errors.some((e) => /邮箱/.test(e)), `e-mail error shown: ${errors}`);
  await shot(page, "supplier-form-errors-zh-CN-768x1024");

  await page.getByTestId("field-name").fill("徐州液压件有限公司");
  await page.getByTestId("field-email").fill("sales@xzhyd.com.cn");
  await page.getByTestId("field-contact").fill("张敏");
  await page.getByTestId("field-phone").fill("0516-8773 8888");
  await page.getByTestId("field-products").fill("液压泵、多路阀");
  await page.getByTestId("rating-price-level-3").tap();
  await page.getByTestId("rating-delivery-speed-4").tap();
  await page.getByTestId("rating-quality-5").tap();
  assert.equal(await page.getByTestId("rating-quality-5").getAttribute("aria-pressed"), "true");
  assert.equal(await page.getByTestId("field-email").getAttribute("aria-invalid"), "false");
  await shot(page, "supplier-form-zh-CN-768x1024");
  await page.getByTestId("save-supplier").tap();

  await page.getByTestId("supplier-list").waitFor();
  assert.deepEqual(await texts(page, "supplier-name"), ["徐州液压件有限公司"]);
  assert.equal(await page.getByTestId("supplier-average").innerText(), "4.0");

  // A second supplier, unrated, then an edit of the first that rates its service.
  await page.getByTestId("new-supplier").tap();
  await page.getByTestId("field-name").fill("玉柴机器配件中心");
  await page.getByTestId("field-products").fill("发动机、滤芯");
  await page.getByTestId("save-supplier").tap();
  await page.getByTestId("supplier-row").nth(1).waitFor();

  await page.getByTestId("supplier-row").filter({ hasText: "徐州液压件" }).tap();
  await page.getByTestId("supplier-form").waitFor();
  assert.equal(await page.getByTestId("field-products").inputValue(), "液压泵、多路阀");
  await page.getByTestId("field-name").fill("徐州液压件集团");
  await page.getByTestId("rating-service-level-5").tap();
  await page.getByTestId("save-supplier").tap();
  await page.getByTestId("supplier-list").waitFor();
  await page.getByTestId("supplier-row").filter({ hasText: "徐州液压件集团" }).waitFor();

  // Search as you type over name, contact and products; sort by rating puts the unrated last.
  await page.getByTestId("supplier-search").fill("滤芯");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="supplier-row"]').length === 1);
  assert.deepEqual(await texts(page, "supplier-name"), ["玉柴机器配件中心"]);
  await page.getByTestId("supplier-search").fill("张敏");
  await page.waitForFunction(() => document.querySelector('[data-testid="supplier-name"]')?.textContent === "徐州液压件集团");
  await page.getByTestId("supplier-search").fill("挖掘机");
  await page.getByTestId("suppliers-no-match").waitFor();
  await page.getByTestId("supplier-search").fill("");
  await page.getByTestId("supplier-sort").selectOption("rating");
  assert.deepEqual(await texts(page, "supplier-name"), ["徐州液压件集团", "玉柴机器配件中心"]);
  assert.equal(await page.getByTestId("supplier-average").first().innerText(), "4.3");
  await shot(page, "suppliers-zh-CN-768x1024");

  // Trade partners: a bank and a courier, then the filter by kind.
  await page.getByTestId("tab-trade-partners").tap();
  await page.getByTestId("trade-partners-empty").waitFor();
  await page.getByTestId("new-trade-partner").tap();
  await page.getByTestId("field-name").fill("中国建设银行长沙分行");
  await page.getByTestId("field-kind").selectOption({ label: "银行" });
  await page.getByTestId("field-reference").fill("4300 1234 5678");
  await page.getByTestId("field-phone").fill("95533");
  await page.getByTestId("save-trade-partner").tap();
  await page.getByTestId("trade-partner-list").waitFor();
  await page.getByTestId("new-trade-partner").tap();
  await page.getByTestId("field-name").fill("顺丰速运");
  await page.getByTestId("field-kind").selectOption({ label: "快递" });
  await page.getByTestId("save-trade-partner").tap();
  await page.getByTestId("trade-partner-row").nth(1).waitFor();
  await page.getByTestId("partner-kind-filter").selectOption({ label: "银行" });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="trade-partner-row"]').length === 1);
  assert.deepEqual(await texts(page, "trade-partner-name"), ["中国建设银行长沙分行"]);
  assert.equal(await page.getByTestId("trade-partner-kind").innerText(), "银行");
  await page.getByTestId("partner-kind-filter").selectOption({ label: "物流" });
  await page.getByTestId("trade-partners-no-match").waitFor();
  await page.getByTestId("partner-kind-filter").selectOption({ label: "全部类型" });
  await page.getByTestId("trade-partner-row").nth(1).waitFor();
  await shot(page, "trade-partners-zh-CN-768x1024");

  // Delete asks first: cancelling keeps it, confirming removes it.
  await page.getByTestId("trade-partner-row").filter({ hasText: "顺丰速运" }).tap();
  await page.getByTestId("delete-partner").tap();
  assert.match(await page.getByTestId("delete-confirmation").innerText(), /删除“顺丰速运”/);
  await shot(page, "trade-partner-delete-zh-CN-768x1024");
  await page.getByTestId("cancel-delete").tap();
  assert.equal(await page.getByTestId("delete-confirmation").count(), 0);
  await page.getByTestId("delete-partner").tap();
  await page.getByTestId("confirm-delete").tap();
  await page.getByTestId("trade-partner-list").waitFor();
  assert.deepEqual(await texts(page, "trade-partner-name"), ["中国建设银行长沙分行"]);

  // Reload: the tab (it is the route) and the data are kept.
  await page.reload();
  await page.getByTestId("trade-partner-list").waitFor();
  assert.deepEqual(await texts(page, "trade-partner-name"), ["中国建设银行长沙分行"]);
  await page.getByTestId("tab-suppliers").tap();
  await page.getByTestId("supplier-row").nth(1).waitFor();
  assert.equal(await page.getByTestId("supplier-row").count(), 2);

  // Every write wrote an audit entry: 3 supplier saves, 2 partner saves, 1 delete.
  await page.getByTestId("nav-dashboard").tap();
  await dashboardReady(page);
  assert.equal(await tileCount(page, "suppliers"), 2);
  assert.equal(await tileCount(page, "trade_partners"), 1);
  assert.equal(await tileCount(page, "audit_log"), 6);
});

test("the partners pages in English at 1280×800", async () => {
  const { page } = await env.open({ locale: "en-US" });
  await visit(page, "#/settings");
  await addPerson(page, "Ann Lee");
  await visit(page, "#/partners/suppliers/new");
  await page.getByTestId("field-name").fill("Hengli Hydraulic");
  await page.getByTestId("field-contact").fill("Li Wei");
  await page.getByTestId("field-products").fill("Hydraulic pumps, cylinders");
  await page.getByTestId("field-notes").fill("Ships within a week.\nPrices firm until June.");
  for (const [rating, value] of [["price-level", 4], ["delivery-speed", 5], ["service-level", 4], ["quality", 5]]) {
    await page.getByTestId(`rating-${rating}-${value}`).click();
  }
  await page.getByTestId("field-phone").fill("12");
  await page.getByTestId("field-contact").click();
  assert.equal(await page.getByTestId("field-phone").getAttribute("aria-invalid"), "true");
  assert.match(await page.locator(".field-error").first().innerText(), /phone/i);
  await shot(page, "supplier-form-en-1280x800");
  await page.getByTestId("field-phone").fill("+86 519 8689 0000");
  await page.getByTestId("save-supplier").click();
  await page.getByTestId("supplier-list").waitFor();
  assert.equal(await page.getByTestId("supplier-average").innerText(), "4.5");
  assert.match(await page.getByTestId("supplier-ratings").innerText(), /Price\s*4[\s\S]*Quality\s*5/);
  assert.equal(await page.getByTestId("nav-partners").innerText(), "Suppliers & partners");
  await shot(page, "suppliers-en-1280x800");

  await page.getByTestId("tab-trade-partners").click();
  await page.getByTestId("new-trade-partner").click();
  await page.getByTestId("field-name").fill("PICC Property and Casualty");
  await page.getByTestId("field-kind").selectOption({ label: "Insurer" });
  await page.getByTestId("field-email").fill("fleet@picc.com.cn");
  await page.getByTestId("field-reference").fill("PICC-2025-00417");
  await page.getByTestId("save-trade-partner").click();
  await page.getByTestId("trade-partner-list").waitFor();
  assert.equal(await page.getByTestId("trade-partner-kind").innerText(), "Insurer");
  await shot(page, "trade-partners-en-1280x800");
});
