// Two tabs of one browser on one customer: a write in one tab shows in the other without a
// reload; a save that meets a change made meanwhile in other fields is merged, in the same field
// it asks the user (stored, mine or another value, or cancel); a draft that could not be saved
// survives a reload of its tab.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fillCustomer, openCustomerForm, press, twoTabs, visit } from "./support/actions.mjs";
import { customerProfile, texts } from "./support/checks.mjs";
import { customerCompanies } from "./support/locators.mjs";
import { e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

// What each language calls the fields and people the journeys touch.
const WORDS = {
  "zh-CN": { phone: "电话", city: "城市", people: ["王芳", "李强"] },
  en: { phone: "Phone", city: "City", people: ["Ann Lee", "Bob Wu"] },
};

/** Creates a customer from the new-customer form in `page` and returns its page's URL. */
async function createCustomer(page, fields) {
  await visit(page, "#/customers/new");
  await fillCustomer(page, fields);
  await press(page.getByTestId("save-customer"));
  await page.getByTestId("customer-detail").waitFor();
  return page.url();
}

/** Tab A opens the customer's form, changes `fields` and saves it. */
async function saveIn(page, url, fields) {
  await openCustomerForm(page, url);
  await fillCustomer(page, fields);
  await press(page.getByTestId("save-customer"));
  await page.getByTestId("customer-detail").waitFor();
}

/**
 * B's form is open; A saves the phone `theirs`; B then saves the phone `mine` and the city
 * `city`. Returns B's clash dialog, once shown.
 */
async function clash(a, b, url, { theirs, mine, city }) {
  await openCustomerForm(b, url);
  await saveIn(a, url, { phone: theirs });
  await fillCustomer(b, { phone: mine, city });
  await press(b.getByTestId("save-customer"));
  const dialog = b.getByTestId("clash-dialog");
  await dialog.waitFor();
  return dialog;
}

/** The customer as stored now, read afresh in `page` (tab A) by leaving its page and coming back. */
async function storedProfile(page, url) {
  await visit(page, "#/customers");
  await page.goto(url);
  await page.getByTestId("customer-company").waitFor();
  return customerProfile(page);
}

/** The phone and city a page's form shows. */
async function formValues(page) {
  return { phone: await page.getByTestId("field-phone").inputValue(), city: await page.getByTestId("field-city").inputValue() };
}

test("a customer created in one tab shows in the other tab's list without a reload", async () => {
  const { context, a, b } = await twoTabs(env, "zh-CN", WORDS["zh-CN"].people);
  await visit(a, "#/customers");
  await visit(b, "#/customers");
  await b.getByTestId("customers-empty").waitFor();
  await b.evaluate(() => {
    window.kehuSameDocument = true;
  });

  await press(a.getByTestId("new-customer"));
  await fillCustomer(a, { company: "长沙中联工程机械经销部" });
  await press(a.getByTestId("save-customer"));
  await a.getByTestId("customer-detail").waitFor();

  await customerCompanies(b).filter({ hasText: "长沙中联工程机械经销部" }).waitFor();
  assert.equal(await b.evaluate(() => window.kehuSameDocument), true, "tab B was not reloaded");

  // Each tab holds a writer number of its own, so their new ids never meet.
  const writers = await a.evaluate(async () =>
    (await navigator.locks.query()).held.map((lock) => lock.name).filter((name) => name.startsWith("kehu-writer-")),
  );
  assert.equal(new Set(writers).size, 2, `two tabs, two writer numbers: ${writers}`);
  await context.close();
});

for (const locale of ["zh-CN", "en"]) {
  test(`a change saved in another tab to other fields is merged into this tab's save (${locale})`, async () => {
    const { phone, city } = WORDS[locale];
    const { context, a, b, first, second } = await twoTabs(env, locale, WORDS[locale].people);
    const url = await createCustomer(a, { company: "湘潭钢铁物流有限公司", phone: "0731-5555 0001", city: "湘潭" });

    await openCustomerForm(b, url);
    await saveIn(a, url, { phone: "0731-5555 0002" });
    // B learns of A's save before saving: the form says who changed the customer, and when.
    const banner = b.getByTestId("changed-elsewhere");
    await banner.waitFor();
    assert.match(await banner.innerText(), new RegExp(first));
    await shot(b, `two-tabs-changed-elsewhere-${locale}-768x1024`);

    await fillCustomer(b, { city: "株洲" });
    await press(b.getByTestId("save-customer"));
    await b.getByTestId("customer-detail").waitFor();
    const notice = b.getByTestId("notice");
    await notice.waitFor();
    const [time] = (await notice.innerText()).match(/\d{2}:\d{2}/) ?? [];
    assert.ok(time, "the notice names the time of the change it merged with");
    const profile = await customerProfile(b);
    assert.equal(profile[phone], "0731-5555 0002", "A's phone is kept");
    assert.equal(profile[city], "株洲", "B's city is saved");

    // Each save has its own entry, newest first: B's lists the city only, A's the phone.
    await b.getByTestId("timeline-change").nth(2).waitFor();
    const [mine, theirs] = await texts(b, "timeline-change");
    assert.match(mine, new RegExp(`${second}[\\s\\S]*${city}[\\s\\S]*湘潭[\\s\\S]*株洲`));
    assert.doesNotMatch(mine, new RegExp(`${phone}|0731-5555`), "B's entry does not list the phone");
    assert.match(theirs, new RegExp(`${first}[\\s\\S]*${time}[\\s\\S]*${phone}[\\s\\S]*0731-5555 0001[\\s\\S]*0731-5555 0002`));
    assert.doesNotMatch(theirs, new RegExp(city), "A's entry does not list the city");
    await shot(b, `two-tabs-merged-${locale}-768x1024`);

    // A's page shows B's save without a reload.
    await a.getByTestId("customer-detail").locator("dd", { hasText: "株洲" }).waitFor();
    await context.close();
  });
}

test("the same field changed in two tabs: the dialog shows both values and each way to settle it", async () => {
  const { phone, city } = WORDS["zh-CN"];
  const { context, a, b, first } = await twoTabs(env, "zh-CN", WORDS["zh-CN"].people);
  const url = await createCustomer(a, { company: "岳阳港务机械有限公司", phone: "0730-6000 0000", city: "岳阳" });

  // Keep the stored value: A's phone, and B's city (which clashed with nothing).
  let dialog = await clash(a, b, url, { theirs: "0730-6000 0001", mine: "0730-6000 0101", city: "汨罗" });
  const field = dialog.getByTestId("clash-field");
  assert.equal(await field.count(), 1, "only the phone clashes");
  assert.match(await field.innerText(), new RegExp(`${phone}[\\s\\S]*${first}[\\s\\S]*0730-6000 0001[\\s\\S]*0730-6000 0101`));
  assert.match(await dialog.innerText(), new RegExp(first));
  // The dialog's decisions replace the draft: the form takes no edits while it is open.
  assert.equal(await b.locator("form.customer-form").getAttribute("inert"), "", "the form is inert");
  await shot(b, "two-tabs-clash-zh-CN-768x1024", { fullPage: false });
  let stored = await storedProfile(a, url);
  assert.equal(stored[phone], "0730-6000 0001", "nothing of B's was stored");
  assert.equal(stored[city], "岳阳", "nothing of B's was stored");
  await press(dialog.getByTestId("clash-stored-0"));
  await press(dialog.getByTestId("clash-save"));
  await b.getByTestId("customer-detail").waitFor();
  let profile = await customerProfile(b);
  assert.equal(profile[phone], "0730-6000 0001");
  assert.equal(profile[city], "汨罗");

  // Keep mine.
  dialog = await clash(a, b, url, { theirs: "0730-6000 0002", mine: "0730-6000 0202", city: "临湘" });
  await press(dialog.getByTestId("clash-mine-0"));
  await press(dialog.getByTestId("clash-save"));
  await b.getByTestId("customer-detail").waitFor();
  profile = await customerProfile(b);
  assert.equal(profile[phone], "0730-6000 0202");
  assert.equal(profile[city], "临湘");

  // Type a third value.
  dialog = await clash(a, b, url, { theirs: "0730-6000 0003", mine: "0730-6000 0303", city: "华容" });
  await press(dialog.getByTestId("clash-typed-0"));
  await dialog.getByTestId("clash-text-0").fill("0730-6000 9999");
  await press(dialog.getByTestId("clash-save"));
  await b.getByTestId("customer-detail").waitFor();
  profile = await customerProfile(b);
  assert.equal(profile[phone], "0730-6000 9999");
  assert.equal(profile[city], "华容");
  stored = await storedProfile(a, url);
  assert.equal(stored[phone], "0730-6000 9999", "tab A reads what B stored");
  await context.close();
});

test("a cancelled clash stores nothing, and its draft survives a reload until saved or discarded", async () => {
  const { phone, city } = WORDS.en;
  const { context, a, b, first } = await twoTabs(env, "en", WORDS.en.people);
  const url = await createCustomer(a, { company: "Changde Quarry Services", phone: "0736-7000 0000", city: "Changde" });

  const dialog = await clash(a, b, url, { theirs: "0736-7000 0001", mine: "0736-7000 0101", city: "Jinshi" });
  assert.match(await dialog.innerText(), new RegExp(`${first}[\\s\\S]*0736-7000 0001[\\s\\S]*0736-7000 0101`));
  await shot(b, "two-tabs-clash-en-768x1024", { fullPage: false });
  await press(dialog.getByTestId("clash-cancel"));
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual(await formValues(b), { phone: "0736-7000 0101", city: "Jinshi" }, "B's values stay in the form");
  assert.equal(await b.locator("form.customer-form").getAttribute("inert"), null, "the form takes edits again");
  const stored = await storedProfile(a, url);
  assert.equal(stored[phone], "0736-7000 0001", "nothing of B's was stored");
  assert.equal(stored[city], "Changde", "nothing of B's was stored");

  // Reloading the tab keeps the draft; saving it meets the same clash again.
  await b.reload();
  await b.getByTestId("draft-kept").waitFor();
  assert.deepEqual(await formValues(b), { phone: "0736-7000 0101", city: "Jinshi" }, "the draft survived the reload");
  await shot(b, "two-tabs-draft-kept-en-768x1024");
  await press(b.getByTestId("save-customer"));
  await b.getByTestId("clash-dialog").waitFor();
  await press(b.getByTestId("clash-cancel"));
  await b.getByTestId("clash-dialog").waitFor({ state: "detached" });

  // Discarding the draft puts the stored values back.
  await press(b.getByTestId("draft-discard"));
  await b.getByTestId("draft-kept").waitFor({ state: "detached" });
  assert.deepEqual(await formValues(b), { phone: "0736-7000 0001", city: "Changde" });
  await b.getByTestId("changed-elsewhere").waitFor({ state: "detached" });
  await context.close();
});
