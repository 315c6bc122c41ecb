// Two tabs of one browser on the settings forms: a save meets a change made meanwhile to other
// fields and is merged; to the same field it asks the user (stored or mine, or cancel); a choice
// that could not be saved survives a reload of its tab. The stock policy, the funnel and the
// service desk's settings.
import assert from "node:assert/strict";
import { test } from "node:test";
import { press, twoTabs, visit } from "./support/actions.mjs";
import { e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

const PEOPLE = { "zh-CN": ["王芳", "李强"], en: ["Ann Lee", "Bob Wu"] };

/** The stock-policy inputs by field. */
const POLICY = {
  service: "policy-service-level",
  min: "policy-cover-min",
  max: "policy-cover-max",
  dead: "policy-dead-months",
};

/**
 * Two tabs of one browser context on My workspace, on a portrait tablet, tab A acting as the
 * first person and B as the second, both on Settings.
 */
async function twoTabsOnSettings(locale) {
  const tabs = await twoTabs(env, locale, PEOPLE[locale]);
  for (const page of [tabs.a, tabs.b]) await openSettings(page);
  return tabs;
}

/** Opens Settings in `page`, the policy form ready. */
async function openSettings(page) {
  await visit(page, "#/settings");
  await page.getByTestId("policy-settings").waitFor();
}

/** Types `fields` (by the keys of POLICY) into `page`'s policy form. */
async function fillPolicy(page, fields) {
  for (const [field, value] of Object.entries(fields)) await page.getByTestId(POLICY[field]).fill(value);
}

/** Types `fields` and saves the policy, waiting for the saved message. */
async function savePolicy(page, fields) {
  await fillPolicy(page, fields);
  await press(page.getByTestId("policy-save"));
  await page.getByTestId("policy-message").waitFor();
}

/** The policy as stored now, read afresh in `page` by reloading it. */
async function storedPolicy(page) {
  await page.reload();
  await openSettings(page);
  const values = {};
  for (const [field, id] of Object.entries(POLICY)) values[field] = await page.getByTestId(id).inputValue();
  return values;
}

/**
 * B opened the form and typed `mine`; A saves `theirs`; B saves and gets the clash dialog, which
 * is returned.
 */
async function policyClash(a, b, theirs, mine) {
  await openSettings(b);
  await fillPolicy(b, mine);
  await savePolicy(a, theirs);
  await b.getByTestId("changed-elsewhere").waitFor();
  await press(b.getByTestId("policy-save"));
  const dialog = b.getByTestId("clash-dialog");
  await dialog.waitFor();
  return dialog;
}

test("the stock policy changed in two tabs in different fields keeps both", async () => {
  const { context, a, b } = await twoTabsOnSettings("zh-CN");
  await fillPolicy(b, { dead: "6" });
  await savePolicy(a, { service: "97.5" });
  await b.getByTestId("changed-elsewhere").waitFor();
  assert.equal(await b.getByTestId(POLICY.dead).inputValue(), "6", "B's form keeps what B typed");
  await press(b.getByTestId("policy-save"));
  await b.getByTestId("notice").waitFor();
  assert.match(await b.getByTestId("policy-message").innerText(), /库存策略已保存/);
  assert.deepEqual(await storedPolicy(a), { service: "97.5", min: "130", max: "150", dead: "6" });
  await context.close();
});

for (const locale of ["zh-CN", "en"]) {
  test(`the same stock-policy field changed in two tabs asks which to keep (${locale})`, async () => {
    const { context, a, b, first } = await twoTabsOnSettings(locale);
    // Keep mine for the lower bound; B's upper bound, changed alone, is saved with it.
    let dialog = await policyClash(a, b, { min: "100" }, { min: "120", max: "170" });
    assert.equal(await dialog.getByTestId("clash-field").count(), 1, "only the lower bound clashes");
    assert.match(await dialog.innerText(), new RegExp(`${first}[\\s\\S]*100[\\s\\S]*120`));
    await shot(b, `two-tabs-policy-clash-${locale}-768x1024`, { fullPage: false });
    await press(dialog.getByTestId("clash-mine-0"));
    await press(dialog.getByTestId("clash-save"));
    await dialog.waitFor({ state: "detached" });
    await b.getByTestId("policy-message").waitFor();
    assert.deepEqual(await storedPolicy(a), { service: "95", min: "120", max: "170", dead: "12" });

    // Keep the stored value.
    dialog = await policyClash(a, b, { dead: "18" }, { dead: "24" });
    await press(dialog.getByTestId("clash-stored-0"));
    await press(dialog.getByTestId("clash-save"));
    await dialog.waitFor({ state: "detached" });
    await b.getByTestId("policy-message").waitFor();
    assert.equal((await storedPolicy(a)).dead, "18");
    await context.close();
  });
}

test("a cancelled stock-policy clash keeps the draft through a reload", async () => {
  const { context, a, b } = await twoTabsOnSettings("zh-CN");
  const dialog = await policyClash(a, b, { service: "90" }, { service: "99" });
  await press(dialog.getByTestId("clash-cancel"));
  await dialog.waitFor({ state: "detached" });
  assert.equal(await b.getByTestId(POLICY.service).inputValue(), "99");
  assert.equal((await storedPolicy(a)).service, "90", "nothing of B's stored");
  await b.reload();
  await b.getByTestId("draft-kept").waitFor();
  assert.equal(await b.getByTestId(POLICY.service).inputValue(), "99", "the draft survived");
  await press(b.getByTestId("policy-save"));
  const again = b.getByTestId("clash-dialog");
  await again.waitFor();
  await press(again.getByTestId("clash-mine-0"));
  await press(again.getByTestId("clash-save"));
  await b.getByTestId("draft-kept").waitFor({ state: "detached" });
  assert.equal((await storedPolicy(a)).service, "99");
  await context.close();
});

test("the funnel settings changed in two tabs at different stages keep both percentages", async () => {
  const { context, a, b } = await twoTabsOnSettings("en");
  const percent = (page, stage) => page.getByTestId("funnel-settings").getByTestId(`stage-percent-${stage}`);
  const setPercent = async (page, stage, value) => {
    await percent(page, stage).fill(value);
    await percent(page, stage).dispatchEvent("change");
  };
  await percent(b, "identify").waitFor();
  await setPercent(b, "develop", "60");
  await setPercent(a, "identify", "15");
  await press(a.getByTestId("save-funnel-settings"));
  await a.getByTestId("funnel-settings").getByText("Saved.").waitFor();
  await b.getByTestId("changed-elsewhere").waitFor();
  await press(b.getByTestId("save-funnel-settings"));
  await b.getByTestId("funnel-settings").getByText("Saved.").waitFor();
  await b.getByTestId("notice").waitFor();
  await a.reload();
  await percent(a, "identify").waitFor();
  assert.equal(await percent(a, "identify").inputValue(), "15");
  assert.equal(await percent(a, "develop").inputValue(), "60");
  await context.close();
});

/** Settings → Service desk in `page`, the form ready. */
async function serviceForm(page) {
  await visit(page, "#/settings");
  const form = page.getByTestId("service-settings");
  await form.getByTestId("service-settings-save").waitFor();
  return form;
}

/** Types `values` (by test id) into `page`'s service settings and saves, waiting for the saved message. */
async function saveService(page, values) {
  const form = await serviceForm(page);
  for (const [id, value] of Object.entries(values)) await form.getByTestId(id).fill(value);
  await press(form.getByTestId("service-settings-save"));
  await form.getByTestId("service-settings-message").waitFor();
}

/** The service settings' `ids` as stored now, read afresh in `page` by reloading it. */
async function storedService(page, ids) {
  await page.reload();
  const form = await serviceForm(page);
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await form.getByTestId(id).inputValue()])));
}

for (const locale of ["zh-CN", "en"]) {
  test(`the service desk's settings in two tabs: other parts merge, the same part asks which to keep (${locale})`, async () => {
    const { context, a, b } = await twoTabs(env, locale, PEOPLE[locale]);
    const HIGH = "service-target-high-resolution";
    const URGENT = "service-target-urgent-resolution";
    const VISITS = "service-repeat-visits";

    // B changes the repeat-visit threshold while A changes a target: both are kept.
    let form = await serviceForm(b);
    await form.getByTestId(VISITS).fill("4");
    await saveService(a, { [HIGH]: "20" });
    await b.getByTestId("changed-elsewhere").waitFor();
    await press(form.getByTestId("service-settings-save"));
    await b.getByTestId("notice").waitFor();
    assert.deepEqual(await storedService(a, [HIGH, VISITS]), { [HIGH]: "20", [VISITS]: "4" });

    // Both change the targets: the dialog shows A's and B's in words; B keeps its own.
    form = await serviceForm(b);
    await form.getByTestId(URGENT).fill("6");
    await saveService(a, { [URGENT]: "8" });
    await b.getByTestId("changed-elsewhere").waitFor();
    await press(form.getByTestId("service-settings-save"));
    const dialog = b.getByTestId("clash-dialog");
    await dialog.waitFor();
    assert.equal(await dialog.getByTestId("clash-field").count(), 1, "only the targets clash");
    // Stored 8 h first, then mine, 6 h (tab A reloaded since, so it saved as whoever was chosen last).
    assert.match(await dialog.getByTestId("clash-field").innerText(), /\/ 8 h[\s\S]*\/ 6 h/);
    await shot(b, `two-tabs-service-settings-clash-${locale}-768x1024`, { fullPage: false });
    await press(dialog.getByTestId("clash-mine-0"));
    await press(dialog.getByTestId("clash-save"));
    await dialog.waitFor({ state: "detached" });
    await form.getByTestId("service-settings-message").waitFor();
    assert.deepEqual(await storedService(a, [URGENT, HIGH, VISITS]), { [URGENT]: "6", [HIGH]: "20", [VISITS]: "4" });
    await context.close();
  });
}
