// A customer's machines on its page, on a tablet: a new customer shows the empty state; "Add
// machine" opens the form with the customer chosen and returns to its page with the row; a
// machine added from the installed base for that customer is listed too, newest delivery
// first, each row opening its form. In Chinese, a Demo customer lists exactly the machines the
// installed base holds for it. Writing a machine keeps the grade book; writing a customer does not.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addMachineFromInstalledBase,
  addPerson,
  fillMachine,
  newCustomer,
  openDemo,
  openRelated,
  visit,
} from "./support/actions.mjs";
import { customerMachineRows } from "./support/checks.mjs";
import { customerMachine, machineFieldError } from "./support/locators.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("a customer's machines: empty state, added from its page and from the installed base", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await visit(page);
  await addPerson(page, "Wang Fang");
  const company = "Hunan Ridge Quarries Ltd";
  await newCustomer(page, company);
  // The machines are one tap away, behind their tab (kept in the address).
  await openRelated(page, "machines");
  const customerUrl = page.url();

  // No machines yet: the empty state and a zero count.
  const card = page.getByTestId("customer-machines");
  assert.equal(await page.getByTestId("customer-machines-title").innerText(), "Machines (0)");
  assert.equal(
    await page.getByTestId("customer-machines-empty").innerText(),
    "No machines recorded for this customer yet. Add the ones they run, so the parts forecast counts their demand."
  );
  assert.equal(await page.getByTestId("customer-machine").count(), 0);
  await card.scrollIntoViewIfNeeded();
  await shot(page, "customer-machines-empty-en-1024x768", { fullPage: false });

  // "Add machine" opens the form with this customer chosen and a way back to it.
  await page.getByTestId("customer-add-machine").tap();
  await page.getByTestId("machine-form").waitFor();
  assert.match(page.url(), /#\/customers\/\d+\/machines\/new$/);
  assert.equal(await page.getByTestId("field-customer").inputValue(), company);
  assert.equal(await page.getByTestId("machine-back").innerText(), `← ${company}`);
  assert.equal(await page.getByTestId("machine-back").getAttribute("href"), new URL(customerUrl).hash);
  // The form's validation is the same as from the installed base.
  await page.getByTestId("save-machine").tap();
  assert.equal(await machineFieldError(page, "serial").innerText(), "Required.");
  assert.equal(await machineFieldError(page, "customer").count(), 0, "the chosen customer is valid");
  await fillMachine(page, {
    serial: "HRQ-0001",
    model: "SY215C",
    delivered: "2024-03-15",
    hours: "5200",
    perMonth: "180",
    status: "Active",
  });
  await shot(page, "customer-machine-form-en-1024x768");
  await page.getByTestId("save-machine").tap();

  // Saved: back on the customer's page with the row.
  await page.getByTestId("customer-machine").first().waitFor();
  assert.equal(page.url(), customerUrl);
  assert.equal(await page.getByTestId("customer-machines-title").innerText(), "Machines (1)");
  assert.equal(await page.getByTestId("customer-machines-empty").count(), 0);
  assert.deepEqual(await customerMachineRows(page), [["HRQ-0001", "SY215C", "15 Mar 2024", "5,200", "180", "Active"]]);

  // One added from the installed base for this customer is listed too, the newest delivery first.
  await addMachineFromInstalledBase(page, company, {
    serial: "HRQ-0002",
    model: "XE60",
    delivered: "2025-06-01",
    hours: "900",
    perMonth: "0",
    status: "Idle",
  });
  await page.goto(customerUrl);
  await page.getByTestId("customer-machine").nth(1).waitFor();
  assert.equal(await page.getByTestId("customer-machines-title").innerText(), "Machines (2)");
  assert.deepEqual(await customerMachineRows(page), [
    ["HRQ-0002", "XE60", "1 Jun 2025", "900", "0", "Idle"],
    ["HRQ-0001", "SY215C", "15 Mar 2024", "5,200", "180", "Active"],
  ]);
  // Only the active one is in use; the idle one is listed but not counted there.
  assert.match(await page.getByTestId("customer-summary").innerText(), /· machines in use: 1 ·/);
  await card.scrollIntoViewIfNeeded();
  await shot(page, "customer-machines-en-1024x768", { fullPage: false });

  // A row opens that machine's form; both survive a reload.
  await customerMachine(page, "HRQ-0001").locator("a").tap();
  await page.getByTestId("machine-form").waitFor();
  assert.equal(await page.getByTestId("field-serial").inputValue(), "HRQ-0001");
  assert.equal(await page.getByTestId("field-customer").inputValue(), company);
  await page.goto(customerUrl);
  await page.reload();
  await page.getByTestId("customer-machine").nth(1).waitFor();
  assert.equal(await page.getByTestId("customer-machine").count(), 2);

  // Another customer's page does not list them.
  await newCustomer(page, "Changsha Roadworks Co");
  await openRelated(page, "machines");
  assert.equal(await page.getByTestId("customer-machines-title").innerText(), "Machines (0)");
  await page.getByTestId("customer-machines-empty").waitFor();
});

test("a Demo customer's machines in Chinese, and one added from its page", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await openDemo(page);

  // The installed base's machines of the first listed machine's customer.
  await visit(page, "#/parts/machines");
  const rows = page.getByTestId("machine-row");
  await rows.first().waitFor();
  // The dealer's own machines have no customer.
  const customers = (await rows.locator("td:nth-child(3)").allInnerTexts()).filter((name) => name.length > 0);
  assert.ok(customers.length > 0, "the demo has customers' machines");
  const customer = customers[0];
  await page.getByTestId("machines-search").fill(customer);
  await rows.first().waitFor();
  const expected = new Map();
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).locator("td").allInnerTexts();
    // The search also finds other customers whose name holds this one.
    if (cells[2] === customer) expected.set(cells[0], [cells[1], cells[6]]);
  }
  assert.ok(expected.size > 0);

  // Its page, from the customer list.
  await visit(page, "#/customers");
  await page.getByTestId("customer-search").fill(customer);
  const exactly = new RegExp("^" + customer.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "$");
  const row = page.getByTestId("customer-row").filter({ has: page.locator(".row-company", { hasText: exactly }) });
  await row.first().tap();
  await openRelated(page, "machines");
  await page.getByTestId("customer-machines").waitFor();
  assert.equal(await page.getByTestId("customer-company").innerText(), customer);
  const customerUrl = page.url();
  assert.equal(await page.getByTestId("customer-machines-title").innerText(), `设备（${expected.size} 台）`);
  const listed = await customerMachineRows(page);
  assert.deepEqual(
    new Map(listed.map((cells) => [cells[0], [cells[1], cells[5]]])),
    expected,
    "serial, model and status as the installed base has them"
  );
  for (const cells of listed) {
    assert.match(cells[2], /^(\d{4}年\d{1,2}月\d{1,2}日)?$/, `delivery date in Chinese: ${cells[2]}`);
    assert.ok(["在用", "闲置", "报废"].includes(cells[5]), `status label: ${cells[5]}`);
  }
  await page.getByTestId("customer-machines").scrollIntoViewIfNeeded();
  await shot(page, "customer-machines-zh-CN-1024x768", { fullPage: false });

  // Added from its page: the form has the customer chosen and returns with one row more.
  await page.getByTestId("customer-add-machine").tap();
  assert.equal(await page.getByTestId("field-customer").inputValue(), customer);
  await fillMachine(page, {
    serial: "E2E-ZH-0001",
    model: "SY75C",
    delivered: "2024-03-15",
    hours: "1200",
    perMonth: "150",
    status: "闲置",
  });
  await shot(page, "customer-machine-form-zh-CN-1024x768");
  await page.getByTestId("save-machine").tap();
  await customerMachine(page, "E2E-ZH-0001").waitFor();
  assert.equal(page.url(), customerUrl);
  assert.equal(await page.getByTestId("customer-machines-title").innerText(), `设备（${expected.size + 1} 台）`);
  assert.deepEqual(
    await customerMachine(page, "E2E-ZH-0001").locator("td").allInnerTexts(),
    ["E2E-ZH-0001", "SY75C", "2024年3月15日", "1,200", "150", "闲置"]
  );
});

test("a customer without machines in Chinese shows the empty state", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await visit(page);
  await addPerson(page, "王芳");
  await newCustomer(page, "岳阳港务工程有限公司");
  await openRelated(page, "machines");
  assert.equal(await page.getByTestId("customer-machines-title").innerText(), "设备（0 台）");
  assert.equal(
    await page.getByTestId("customer-machines-empty").innerText(),
    "还没有该客户的设备记录。录入其在用设备后，配件预测会计入它们的需求。"
  );
  assert.equal(await page.getByTestId("customer-add-machine").innerText(), "新增设备");
  await page.getByTestId("customer-machines").scrollIntoViewIfNeeded();
  await shot(page, "customer-machines-empty-zh-CN-1024x768", { fullPage: false });
});

test("the grade book is kept across machine writes and read again after a customer write", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await visit(page);
  await addPerson(page, "Wang Fang");
  const company = "Xiangtan Gravel Works";
  await newCustomer(page, company);
  const gradesRevision = async () => {
    await visit(page, "#/grades");
    return Number(await page.getByTestId("grade-distribution").getAttribute("data-revision"));
  };
  const before = await gradesRevision();

  // A machine is no input of a customer's grade: the book read before it is shown again.
  await addMachineFromInstalledBase(page, company, {
    serial: "XGW-0001",
    model: "SY215C",
    delivered: "2024-03-15",
    hours: "5200",
    perMonth: "180",
    status: "Active",
  });
  assert.equal(await gradesRevision(), before);

  // A new customer is: the book is read again at a later revision.
  await newCustomer(page, "Zhuzhou Crushing Co");
  assert.ok((await gradesRevision()) > before);
});
