// Two tabs of one browser on one machine, and on one supplier: a save that meets a change made
// meanwhile in other fields is merged; in the same field it asks the user, each field in words
// (stored, mine or another value, or cancel); a draft that could not be saved survives a reload
// of its tab.
import assert from "node:assert/strict";
import { test } from "node:test";
import { newCustomer, press, twoTabs, visit } from "./support/actions.mjs";
import { e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

// What each language calls the people, customers and values the journeys touch.
const WORDS = {
  "zh-CN": {
    people: ["王芳", "李强"],
    customers: ["长沙恒通土方工程有限公司", "株洲顺达矿山机械有限公司"],
    status: { active: "在用", idle: "闲置", scrapped: "报废" },
    serial: "序列号",
    march: /2025年3月1日/,
  },
  en: {
    people: ["Ann Lee", "Bob Wu"],
    customers: ["Hengtong Earthworks", "Shunda Mining"],
    status: { active: "Active", idle: "Idle", scrapped: "Scrapped" },
    serial: "Serial number",
    march: /1 Mar 2025/,
  },
};

/** Creates machine `serial` of `company` in tab `page` and returns its form's URL. */
async function createMachine(page, company, serial) {
  await visit(page, "#/parts/machines/new");
  await fillFields(page, { serial, model: "SY215C", customer: company, delivered: "2025-01-15", hours: "1200", "hours-per-month": "150" });
  await press(page.getByTestId("save-machine"));
  await page.getByTestId("machine-list").waitFor();
  await page.getByTestId("machines-search").fill(serial);
  const href = await page.getByTestId("machine-row").filter({ hasText: serial }).locator("a").first().getAttribute("href");
  return new URL(href, page.url()).href;
}

/** Waits until a saved machine form is back on the installed base (its search may hide the machine). */
async function backOnList(page) {
  await page.waitForURL(/#\/parts\/machines$/);
  await page.getByTestId("machines-search").waitFor();
}

/** Opens the form at `url` freshly (leaving for the list first) and waits until it shows. */
async function openForm(page, url, list = "#/parts/machines", save = "save-machine") {
  await visit(page, list);
  await page.goto(url);
  await page.getByTestId(save).waitFor();
}

/** Sets the machine form's fields by their test ids' names; `status` by its label. */
async function fillFields(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const field = page.getByTestId(`field-${name}`);
    await (name === "status" ? field.selectOption({ label: value }) : field.fill(value));
  }
}

/** Tab A opens the machine's form, changes `fields` and saves it. */
async function saveIn(page, url, fields) {
  await openForm(page, url);
  await fillFields(page, fields);
  await press(page.getByTestId("save-machine"));
  await backOnList(page);
}

/** The machine as stored now, as a freshly opened form in `page` shows it. */
async function storedMachine(page, url) {
  await openForm(page, url);
  const value = (name) => page.getByTestId(`field-${name}`).inputValue();
  const status = await page.getByTestId("field-status").locator("option:checked").innerText();
  return { serial: await value("serial"), customer: await value("customer"), delivered: await value("delivered"), hours: await value("hours"), status };
}

/** B's form is open; A saves `theirs`; B then saves `mine`. Returns B's clash dialog, once shown. */
async function clash(a, b, url, theirs, mine) {
  await openForm(b, url);
  await saveIn(a, url, theirs);
  await fillFields(b, mine);
  await press(b.getByTestId("save-machine"));
  const dialog = b.getByTestId("clash-dialog");
  await dialog.waitFor();
  return dialog;
}

/** Saves the dialog's decisions and waits until B is back on the list. */
async function decide(b, dialog) {
  await press(dialog.getByTestId("clash-save"));
  await backOnList(b);
}

test("a machine changed in another tab: the banner says so, and other fields are merged (en)", async () => {
  const { context, a, b, first } = await twoTabs(env, "en", WORDS.en.people);
  const [company] = WORDS.en.customers;
  await newCustomer(a, company);
  const url = await createMachine(a, company, "MRG-0001");

  await openForm(b, url);
  await saveIn(a, url, { hours: "1500" });
  const banner = b.getByTestId("changed-elsewhere");
  await banner.waitFor();
  assert.match(await banner.innerText(), new RegExp(first));

  await fillFields(b, { serial: "MRG-0001-B" });
  await press(b.getByTestId("save-machine"));
  await backOnList(b);
  await b.getByTestId("notice").waitFor();
  const stored = await storedMachine(a, url);
  assert.equal(stored.hours, "1500", "A's hours are kept");
  assert.equal(stored.serial, "MRG-0001-B", "B's serial is saved");
  await context.close();
});

test("a machine's same fields changed in two tabs: the dialog in words, and each way to settle it (zh-CN)", async () => {
  const { context, a, b, first } = await twoTabs(env, "zh-CN", WORDS["zh-CN"].people);
  const { customers, status, serial } = WORDS["zh-CN"];
  await newCustomer(a, customers[0]);
  await newCustomer(a, customers[1]);
  const url = await createMachine(a, customers[0], "CLS-0001");

  // Four fields clash; B's hours clash with nothing. Keep every stored value.
  let dialog = await clash(
    a,
    b,
    url,
    { serial: "CLS-0001-A", customer: customers[1], delivered: "2025-03-01", status: status.idle },
    { serial: "CLS-0001-B", customer: "", delivered: "2025-02-01", status: status.scrapped, hours: "1300" },
  );
  const fields = dialog.getByTestId("clash-field");
  assert.equal(await fields.count(), 4);
  const rows = await fields.allInnerTexts();
  assert.match(rows.join("\n"), new RegExp(`${customers[1]}[\\s\\S]*未设置`), "the customer by its name");
  assert.match(rows.join("\n"), WORDS["zh-CN"].march, "the date as the app writes dates");
  assert.match(rows.join("\n"), new RegExp(`${status.idle}[\\s\\S]*${status.scrapped}`), "the status by its label");
  const serialRow = fields.filter({ hasText: serial });
  assert.match(await serialRow.innerText(), new RegExp(`${first}[\\s\\S]*CLS-0001-A[\\s\\S]*CLS-0001-B`));
  assert.equal(await dialog.locator("input.clash-text").count(), 1, "only the serial, a text, may be typed");
  assert.match(await dialog.innerText(), new RegExp(first));
  assert.equal(await b.locator("form.customer-form").getAttribute("inert"), "", "the form is inert");
  await shot(b, "two-tabs-machine-clash-zh-CN-768x1024", { fullPage: false });
  let stored = await storedMachine(a, url);
  assert.deepEqual(stored, { serial: "CLS-0001-A", customer: customers[1], delivered: "2025-03-01", hours: "1200", status: status.idle }, "nothing of B's was stored");
  for (let i = 0; i < 4; i++) await press(dialog.getByTestId(`clash-stored-${i}`));
  await decide(b, dialog);
  stored = await storedMachine(a, url);
  assert.deepEqual(stored, { serial: "CLS-0001-A", customer: customers[1], delivered: "2025-03-01", hours: "1300", status: status.idle });

  // Keep mine.
  dialog = await clash(a, b, url, { serial: "CLS-0002-A" }, { serial: "CLS-0002-B" });
  await press(dialog.getByTestId("clash-mine-0"));
  await decide(b, dialog);
  assert.equal((await storedMachine(a, url)).serial, "CLS-0002-B");

  // Type another.
  dialog = await clash(a, b, url, { serial: "CLS-0003-A" }, { serial: "CLS-0003-B" });
  await press(dialog.getByTestId("clash-typed-0"));
  await dialog.getByTestId("clash-text-0").fill("CLS-0003-C");
  await decide(b, dialog);
  assert.equal((await storedMachine(a, url)).serial, "CLS-0003-C");
  await context.close();
});

test("a machine's cancelled clash stores nothing, and its draft survives a reload until discarded (en)", async () => {
  const { context, a, b, first } = await twoTabs(env, "en", WORDS.en.people);
  const { customers, status } = WORDS.en;
  await newCustomer(a, customers[0]);
  const url = await createMachine(a, customers[0], "CAN-0001");

  const dialog = await clash(
    a,
    b,
    url,
    { serial: "CAN-0001-A", delivered: "2025-03-01", status: status.idle },
    { serial: "CAN-0001-B", delivered: "2025-02-01", status: status.scrapped },
  );
  const text = await dialog.innerText();
  assert.match(text, new RegExp(`${first}[\\s\\S]*CAN-0001-A[\\s\\S]*CAN-0001-B`));
  assert.match(text, WORDS.en.march);
  assert.match(text, new RegExp(`${status.idle}[\\s\\S]*${status.scrapped}`));
  await shot(b, "two-tabs-machine-clash-en-768x1024", { fullPage: false });
  await press(dialog.getByTestId("clash-cancel"));
  await dialog.waitFor({ state: "detached" });
  assert.equal(await b.getByTestId("field-serial").inputValue(), "CAN-0001-B", "B's values stay in the form");
  const stored = await storedMachine(a, url);
  assert.equal(stored.serial, "CAN-0001-A", "nothing of B's was stored");
  assert.equal(stored.status, status.idle, "nothing of B's was stored");

  // Reloading the tab keeps the draft; saving it meets the same clash again.
  await b.reload();
  await b.getByTestId("draft-kept").waitFor();
  assert.equal(await b.getByTestId("field-serial").inputValue(), "CAN-0001-B", "the draft survived the reload");
  assert.equal(await b.getByTestId("field-delivered").inputValue(), "2025-02-01");
  await shot(b, "two-tabs-machine-draft-kept-en-768x1024");
  await press(b.getByTestId("save-machine"));
  await b.getByTestId("clash-dialog").waitFor();
  await press(b.getByTestId("clash-cancel"));
  await b.getByTestId("clash-dialog").waitFor({ state: "detached" });

  // Discarding the draft puts the stored values back.
  await press(b.getByTestId("draft-discard"));
  await b.getByTestId("draft-kept").waitFor({ state: "detached" });
  assert.equal(await b.getByTestId("field-serial").inputValue(), "CAN-0001-A");
  await b.getByTestId("changed-elsewhere").waitFor({ state: "detached" });
  await context.close();
});

test("a supplier's same field changed in two tabs: keep mine is stored (zh-CN)", async () => {
  const { context, a, b, first } = await twoTabs(env, "zh-CN", WORDS["zh-CN"].people);
  await visit(a, "#/partners/suppliers/new");
  await a.getByTestId("field-name").fill("徐州液压件有限公司");
  await a.getByTestId("field-phone").fill("0516-8773 0000");
  await press(a.getByTestId("save-supplier"));
  const row = a.getByTestId("supplier-row").filter({ hasText: "徐州液压件有限公司" });
  await row.waitFor();
  const url = new URL(await row.getAttribute("href"), a.url()).href;
  const list = "#/partners";

  await openForm(b, url, list, "save-supplier");
  await openForm(a, url, list, "save-supplier");
  await a.getByTestId("field-phone").fill("0516-8773 0001");
  await press(a.getByTestId("rating-quality-4"));
  await press(a.getByTestId("save-supplier"));
  await a.getByTestId("supplier-list").waitFor();
  await b.getByTestId("changed-elsewhere").waitFor();

  await b.getByTestId("field-phone").fill("0516-8773 0002");
  await press(b.getByTestId("rating-quality-2"));
  await b.getByTestId("field-contact").fill("张敏");
  await press(b.getByTestId("save-supplier"));
  const dialog = b.getByTestId("clash-dialog");
  await dialog.waitFor();
  const fields = dialog.getByTestId("clash-field");
  assert.equal(await fields.count(), 2, "the quality and the phone clash");
  assert.match(await fields.nth(0).innerText(), /质量[\s\S]*4[\s\S]*2/);
  assert.match(await fields.nth(1).innerText(), new RegExp(`电话[\\s\\S]*${first}[\\s\\S]*0516-8773 0001[\\s\\S]*0516-8773 0002`));
  await shot(b, "two-tabs-supplier-clash-zh-CN-768x1024", { fullPage: false });
  await press(dialog.getByTestId("clash-mine-0"));
  await press(dialog.getByTestId("clash-mine-1"));
  await press(dialog.getByTestId("clash-save"));
  await b.getByTestId("supplier-list").waitFor();

  await openForm(a, url, list, "save-supplier");
  assert.equal(await a.getByTestId("field-phone").inputValue(), "0516-8773 0002");
  assert.equal(await a.getByTestId("field-contact").inputValue(), "张敏");
  assert.equal(await a.getByTestId("rating-quality-2").getAttribute("aria-pressed"), "true");
  await context.close();
});
