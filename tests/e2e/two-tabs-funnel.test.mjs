// Two tabs of one browser on one opportunity: a save meets a change made meanwhile in other fields
// and is merged, in the same field it asks the user (stored, mine or another value, or cancel);
// a draft that could not be saved survives a reload of its tab.
import assert from "node:assert/strict";
import { test } from "node:test";
import { newCustomer, press, twoTabs, visit } from "./support/actions.mjs";
import { e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

const PEOPLE = { "zh-CN": ["王芳", "李强"], en: ["Ann Lee", "Bob Wu"] };

/**
 * Two tabs of one browser context on My workspace, on a portrait tablet, tab A acting as the
 * first person and B as the second; A creates a customer and an opportunity of it. Returns the
 * tabs and the opportunity page's URL.
 */
async function twoTabsOnAnOpportunity(locale, { company, title, value }) {
  const { context, a, b, first, second } = await twoTabs(env, locale, PEOPLE[locale]);
  await newCustomer(a, company);
  await visit(a, "#/opportunities/new");
  await a.getByTestId("opportunity-customer-search").fill(company);
  await press(a.getByTestId("customer-option").filter({ hasText: company }).first());
  await a.getByTestId("opportunity-title-input").fill(title);
  await a.getByTestId("opportunity-value").fill(value);
  await press(a.getByTestId("save-opportunity"));
  await a.getByTestId("opportunity-customer").waitFor();
  return { context, a, b, first, second, url: a.url() };
}

/** Opens the opportunity's page in `page`, its form ready. */
async function openOpportunity(page, url) {
  await page.goto(url);
  await page.getByTestId("opportunity-customer").waitFor();
}

/** Changes the form's `fields` (`title`, `value`) in `page`. */
async function fill(page, { title, value }) {
  if (title !== undefined) await page.getByTestId("opportunity-title-input").fill(title);
  if (value !== undefined) await page.getByTestId("opportunity-value").fill(value);
}

/** Fills `fields` and saves, waiting for the saved mark. */
async function saveIn(page, fields) {
  await fill(page, fields);
  await press(page.getByTestId("save-opportunity"));
  await page.getByTestId("opportunity-saved").waitFor();
}

/** The opportunity as stored now, read afresh in `page` by loading its page again. */
async function stored(page, url) {
  await visit(page, "#/funnel");
  await openOpportunity(page, url);
  return {
    title: await page.getByTestId("opportunity-title-input").inputValue(),
    value: await page.getByTestId("opportunity-value").inputValue(),
  };
}

for (const locale of ["zh-CN", "en"]) {
  test(`an opportunity changed in another tab in other fields is merged into this tab's save (${locale})`, async () => {
    const { context, a, b, first, url } = await twoTabsOnAnOpportunity(locale, {
      company: "株洲桥梁工程有限公司",
      title: "XE215 两台",
      value: "1,000,000",
    });
    // An untouched form follows what another tab stores.
    await openOpportunity(b, url);
    await saveIn(a, { value: "1,250,000" });
    await b.waitForFunction(() => document.querySelector('[data-testid="opportunity-value"]')?.value === "1250000");
    assert.equal(await b.getByTestId("changed-elsewhere").count(), 0, "nothing to warn of while B typed nothing");

    // Once B typed, A's next save leaves B's form as it is and says who changed it, and when.
    await fill(b, { title: "XE215 三台" });
    await saveIn(a, { value: "1,300,000" });
    const banner = b.getByTestId("changed-elsewhere");
    await banner.waitFor();
    assert.match(await banner.innerText(), new RegExp(first));
    assert.equal(await b.getByTestId("opportunity-value").inputValue(), "1250000", "B's form is not overwritten");
    await shot(b, `two-tabs-opportunity-changed-elsewhere-${locale}-768x1024`);

    await press(b.getByTestId("save-opportunity"));
    await b.getByTestId("opportunity-saved").waitFor();
    const notice = b.getByTestId("notice");
    await notice.waitFor();
    assert.match(await notice.innerText(), /\d{2}:\d{2}/, "the notice names the time of the change it merged with");
    assert.deepEqual(await stored(a, url), { title: "XE215 三台", value: "1300000" }, "both changes are stored");
    await b.getByTestId("changed-elsewhere").waitFor({ state: "detached" });
    await context.close();
  });
}

test("the same opportunity field changed in two tabs: the dialog settles it, or keeps the draft through a reload", async () => {
  const { context, a, b, first, url } = await twoTabsOnAnOpportunity("zh-CN", {
    company: "衡阳矿山机械有限公司",
    title: "SY365 一台",
    value: "2,000,000",
  });
  const clash = async (theirs, mine) => {
    await openOpportunity(b, url);
    await fill(b, mine);
    await saveIn(a, theirs);
    await b.getByTestId("changed-elsewhere").waitFor();
    await press(b.getByTestId("save-opportunity"));
    const dialog = b.getByTestId("clash-dialog");
    await dialog.waitFor();
    return dialog;
  };

  // Keep mine for the title; the value B changed alone is saved with it.
  let dialog = await clash({ title: "SY365 两台" }, { title: "SY365 三台", value: "2,400,000" });
  assert.equal(await dialog.getByTestId("clash-field").count(), 1, "only the title clashes");
  assert.match(await dialog.innerText(), new RegExp(`${first}[\\s\\S]*SY365 两台[\\s\\S]*SY365 三台`));
  await shot(b, "two-tabs-opportunity-clash-zh-CN-768x1024", { fullPage: false });
  assert.deepEqual(await stored(a, url), { title: "SY365 两台", value: "2000000" }, "nothing of B's stored");
  await press(dialog.getByTestId("clash-mine-0"));
  await press(dialog.getByTestId("clash-save"));
  await b.getByTestId("opportunity-saved").waitFor();
  assert.deepEqual(await stored(a, url), { title: "SY365 三台", value: "2400000" });

  // Type a third value.
  dialog = await clash({ title: "SY365 四台" }, { title: "SY365 五台" });
  await press(dialog.getByTestId("clash-typed-0"));
  await dialog.getByTestId("clash-text-0").fill("SY365 六台");
  await press(dialog.getByTestId("clash-save"));
  await b.getByTestId("opportunity-saved").waitFor();
  assert.equal((await stored(a, url)).title, "SY365 六台");

  // Cancel: nothing stored, the draft stays in the form and survives a reload.
  dialog = await clash({ title: "SY365 七台" }, { title: "SY365 八台" });
  await press(dialog.getByTestId("clash-cancel"));
  await dialog.waitFor({ state: "detached" });
  assert.equal(await b.getByTestId("opportunity-title-input").inputValue(), "SY365 八台");
  assert.equal((await stored(a, url)).title, "SY365 七台", "nothing of B's stored");
  await b.reload();
  await b.getByTestId("draft-kept").waitFor();
  assert.equal(await b.getByTestId("opportunity-title-input").inputValue(), "SY365 八台", "the draft survived");
  // Keep the stored value this time.
  await press(b.getByTestId("save-opportunity"));
  dialog = b.getByTestId("clash-dialog");
  await dialog.waitFor();
  await press(dialog.getByTestId("clash-stored-0"));
  await press(dialog.getByTestId("clash-save"));
  await b.getByTestId("opportunity-saved").waitFor();
  await b.getByTestId("draft-kept").waitFor({ state: "detached" });
  assert.equal(await b.getByTestId("opportunity-title-input").inputValue(), "SY365 七台");
  await context.close();
});

test("the opportunity dialog in English", async () => {
  const { context, a, b, url } = await twoTabsOnAnOpportunity("en", {
    company: "Xiangtan Port Cranes",
    title: "Two reach stackers",
    value: "3,000,000",
  });
  await openOpportunity(b, url);
  await fill(b, { value: "2,900,000" });
  await saveIn(a, { value: "3,100,000" });
  await b.getByTestId("changed-elsewhere").waitFor();
  await press(b.getByTestId("save-opportunity"));
  const dialog = b.getByTestId("clash-dialog");
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Value[\s\S]*3,100,000[\s\S]*2,900,000/);
  assert.equal(await dialog.getByTestId("clash-typed-0").count(), 0, "an amount is not typed in the dialog");
  await shot(b, "two-tabs-opportunity-clash-en-768x1024", { fullPage: false });
  await press(dialog.getByTestId("clash-stored-0"));
  await press(dialog.getByTestId("clash-save"));
  await b.getByTestId("opportunity-saved").waitFor();
  assert.equal((await stored(a, url)).value, "3100000");
  await context.close();
});
