// Duplicates: the new-customer form warns when a company is already stored, and two records of
// one company merge into one without losing anything recorded about either.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAsFirstPerson, openDemo, openRelated, switchLanguage, visit } from "./support/actions.mjs";
import { tileCount } from "./support/checks.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("a duplicate is named while it is typed, then merged into the stored customer on a tablet", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET });
  await openDemo(page);
  await actAsFirstPerson(page);

  // A stored customer with a file of its own.
  await visit(page, "#/customers");
  await page.getByTestId("customer-row").first().tap();
  await page.getByTestId("customer-detail").waitFor();
  const stored = await page.getByTestId("customer-company").innerText();
  await openRelated(page, "contacts");
  const storedUrl = page.url();
  const storedContacts = await page.getByTestId("contact").count();
  assert.equal(await page.getByTestId("duplicates").count(), 0, "no duplicate yet");

  // The same company typed again, with its legal form left off and a contact of its own.
  await visit(page, "#/customers/new");
  const typed = stored.replace(/(股份有限公司|有限责任公司|有限公司|集团)$/, "");
  await page.getByTestId("field-company").fill(typed);
  const warning = page.getByTestId("duplicate-warning");
  await warning.waitFor();
  assert.match(await warning.innerText(), new RegExp(`${stored}[\\s\\S]*公司名称相同`));
  await page.getByTestId("field-company").fill("完全不同的一家公司");
  await warning.waitFor({ state: "detached" });
  await page.getByTestId("field-company").fill(typed);
  await page.getByTestId("add-contact").tap();
  await page.getByTestId("contact-fields").first().getByTestId("field-contact-name").fill("合并测试联系人");
  await warning.waitFor();
  // Switching the language keeps what was typed, and the warning follows the language.
  await switchLanguage(page, "en");
  await warning.getByText("same company name").waitFor();
  assert.equal(await page.getByTestId("field-company").inputValue(), typed);
  assert.equal(await page.getByTestId("contact-fields").first().getByTestId("field-contact-name").inputValue(), "合并测试联系人");
  await switchLanguage(page, "zh-CN");
  await warning.getByText("公司名称相同").waitFor();
  await shot(page, "duplicate-warning-zh-CN-768x1024");
  await page.getByTestId("save-customer").tap();
  await page.getByTestId("customer-detail").waitFor();
  await visit(page, "#/");
  assert.equal(await tileCount(page, "customers"), 301);

  // The stored customer's page lists the new record; merging keeps the stored one.
  await page.goto(storedUrl);
  const duplicates = page.getByTestId("duplicates");
  await duplicates.waitFor();
  assert.match(await duplicates.getByTestId("duplicate").innerText(), new RegExp(`${typed}[\\s\\S]*公司名称相同`));
  await duplicates.getByTestId("merge").tap();
  assert.match(await page.getByTestId("merge-confirm").innerText(), new RegExp(`确定将“${typed}”合并到“${stored}”`));
  await shot(page, "duplicate-merge-confirm-zh-CN-768x1024");
  await page.getByTestId("merge-confirm-button").tap();
  assert.match(await page.getByTestId("merge-message").innerText(), /已合并：\d+ 条相关记录已转到这里/);

  assert.equal(await page.getByTestId("customer-company").innerText(), stored);
  await page.getByTestId("contact").filter({ hasText: "合并测试联系人" }).waitFor();
  assert.equal(await page.getByTestId("contact").count(), storedContacts + 1);
  await openRelated(page, "history");
  const merged = page.getByTestId("timeline-change").filter({ hasText: "与另一条记录合并" });
  await merged.waitFor();
  assert.match(await merged.innerText(), new RegExp(typed));
  // The absorbed customer's own history (its creation) is read here too, where it never moved.
  const absorbed = page.getByTestId("timeline-change").filter({ hasText: typed }).filter({ hasNotText: "与另一条记录合并" });
  await absorbed.first().waitFor();
  await shot(page, "duplicate-merged-zh-CN-768x1024");

  await page.reload();
  await openRelated(page, "contacts");
  await page.getByTestId("contact").filter({ hasText: "合并测试联系人" }).waitFor();
  await visit(page, "#/");
  assert.equal(await tileCount(page, "customers"), 300);
});
