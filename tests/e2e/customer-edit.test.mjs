// Creating and editing customers on a tablet: people in Settings, the form with inline
// validation, contacts, the history of every change, and handing accounts to a colleague.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addPerson, newCustomer, openRelated, visit } from "./support/actions.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("create a customer with contacts, edit it, reassign it and read the history", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET });
  await visit(page, "#/settings");

  // People: the first one added becomes the current user.
  await addPerson(page, "王芳");
  await addPerson(page, "李强");
  await addPerson(page, "赵敏");
  assert.equal(await page.getByTestId("current-user").locator("option:checked").innerText(), "王芳");

  await visit(page, "#/customers");
  await page.getByTestId("new-customer").tap();
  await page.getByTestId("field-company").waitFor();

  // Saving an empty form shows where the problems are and saves nothing.
  await page.getByTestId("save-customer").tap();
  await page.getByTestId("form-problems").waitFor();
  assert.equal(await page.getByTestId("field-company").getAttribute("aria-invalid"), "true");

  await page.getByTestId("field-company").fill("湖南路桥建设集团有限公司");
  await page.getByTestId("field-phone").fill("12");
  await page.getByTestId("field-email").fill("sales@");
  await page.getByTestId("field-city").click();
  assert.equal(await page.getByTestId("field-phone").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByTestId("field-email").getAttribute("aria-invalid"), "true");
  await page.getByTestId("field-phone").fill("0731-8888 1234");
  await page.getByTestId("field-email").fill("sales@hnlq.com.cn");
  await page.getByTestId("field-province").selectOption({ label: "湖南" });
  await page.getByTestId("field-city").fill("长沙");
  // Markup is data: it must come back as text, never as a tag.
  await page.getByTestId("field-address").fill("<b>岳麓区</b> 麓谷大道 <script>alert(1)</script>");
  await page.getByTestId("field-lifecycle").selectOption({ label: "现有客户" });
  await page.getByTestId("field-team-lead").selectOption({ label: "王芳" });
  await page.getByTestId("team-member-李强").check();

  await page.getByTestId("add-contact").tap();
  await page.getByTestId("add-contact").tap();
  const contacts = page.getByTestId("contact-fields");
  await contacts.nth(0).getByTestId("field-contact-name").fill("刘建国");
  await contacts.nth(0).getByTestId("field-contact-phone").fill("138 0013 8000");
  await contacts.nth(0).getByTestId("field-contact-role").selectOption({ label: "决策者" });
  await contacts.nth(1).getByTestId("field-contact-name").fill("陈静");
  await contacts.nth(1).getByTestId("field-contact-email").fill("chenjing@hnlq.com.cn");
  await shot(page, "customer-form-zh-CN-768x1024");
  await page.getByTestId("save-customer").tap();

  await page.getByTestId("customer-detail").waitFor();
  assert.equal(await page.getByTestId("customer-company").innerText(), "湖南路桥建设集团有限公司");
  await openRelated(page, "contacts");
  assert.equal(await page.getByTestId("contact").count(), 2);
  await openRelated(page, "history");
  assert.match(await page.locator(".facts").first().innerText(), /<b>岳麓区<\/b> 麓谷大道 <script>alert\(1\)<\/script>/);
  assert.equal(await page.locator(".facts b").count(), 0, "no markup rendered");
  const created = page.getByTestId("timeline-change");
  assert.equal(await created.count(), 1);
  assert.match(await created.innerText(), /创建客户[\s\S]*王芳/);

  // Edit: change the phone and remove a contact; the history lists both, field by field.
  await page.getByTestId("edit-customer").tap();
  await page.getByTestId("field-phone").fill("0731-8888 9999");
  await page.getByTestId("contact-fields").nth(1).getByTestId("remove-contact").tap();
  await page.getByTestId("save-customer").tap();
  await page.getByTestId("customer-detail").waitFor();
  await page.getByTestId("timeline-change").nth(1).waitFor();
  const edited = await page.getByTestId("timeline-change").first().innerText();
  assert.match(edited, /编辑客户/);
  assert.match(edited, /电话[\s\S]*0731-8888 1234[\s\S]*0731-8888 9999/);
  assert.match(edited, /联系人 陈静/);
  await openRelated(page, "contacts");
  assert.equal(await page.getByTestId("contact").count(), 1);
  await openRelated(page, "history");

  // Reassign with a reason: the team changes and the history says who, why.
  await page.getByTestId("reassign").tap();
  await page.getByTestId("confirm-reassign").tap();
  await page.getByRole("alert").filter({ hasText: "请选择新负责人" }).waitFor();
  await page.getByTestId("reassign-to").selectOption({ label: "赵敏" });
  await page.getByTestId("reassign-reason").fill("王芳调往成都分公司");
  await page.getByTestId("confirm-reassign").tap();
  await page.getByTestId("timeline-change").nth(2).waitFor();
  const team = await page.getByTestId("team-member").allInnerTexts();
  assert.match(team[0], /赵敏[\s\S]*负责人/);
  assert.ok(team.some((t) => t.includes("王芳")), "the previous lead stays on the team");
  const reassigned = await page.getByTestId("timeline-change").first().innerText();
  assert.match(reassigned, /客户移交[\s\S]*客户负责人[\s\S]*王芳[\s\S]*赵敏/);
  assert.match(reassigned, /原因：王芳调往成都分公司/);
  await shot(page, "customer-history-zh-CN-768x1024");

  // The history survives a reload (it is stored, not kept in memory).
  await page.reload();
  await page.getByTestId("timeline-change").nth(2).waitFor();
  assert.equal(await page.getByTestId("timeline-change").count(), 3);
});

test("a departing salesperson's accounts go to a colleague in one step", async () => {
  const { page } = await env.open({ locale: "en" });
  await visit(page, "#/settings");
  await addPerson(page, "Ann Lee");
  await addPerson(page, "Bob Wu");
  for (const company of ["Alpha Mining", "Beta Earthworks"]) await newCustomer(page, company, { lead: "Ann Lee" });
  await visit(page, "#/settings");
  await page.getByTestId("reassign-all-from").selectOption({ label: "Ann Lee" });
  await page.getByTestId("reassign-all-to").selectOption({ label: "Bob Wu" });
  await page.getByTestId("reassign-all-reason").fill("Ann left the company");
  await page.getByTestId("reassign-all").click();
  assert.match(await page.getByTestId("reassign-all-done").innerText(), /2 customers reassigned/);
  await shot(page, "settings-people-en");

  await visit(page, "#/customers");
  await page.getByTestId("filters-toggle").click();
  await page.getByTestId("filter-team").selectOption({ label: "Bob Wu" });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="customer-row"]').length === 2);
  await page.getByTestId("customer-row").first().click();
  const history = await page.getByTestId("timeline-change").first().innerText();
  assert.match(history, /Accounts reassigned[\s\S]*Ann Lee/);
  assert.match(history, /Reason: Ann left the company/);
});
