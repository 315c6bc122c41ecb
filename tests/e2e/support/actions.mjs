// What a user does, one step at a time: open a page, pick a file, confirm, add a person, switch
// the language… Each waits until the app has done what the step asks, so a journey reads as a
// script. On a touch device a button is tapped, elsewhere clicked.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { kanbanCard, kanbanColumn, personOption, workspaceBadge } from "./locators.mjs";
import { setUpCompany } from "./couch.mjs";
import { LANDSCAPE_TABLET, PORTRAIT_TABLET, appUrl, toFront } from "./suite.mjs";

/** Opens `route` (a hash such as "#/settings"; the dashboard without one) of the app. */
export const visit = (page, route = "") => page.goto(appUrl(route));

/** Taps `locator` on a touch device, clicks it elsewhere. */
export async function press(locator) {
  await toFront(locator.page());
  const touch = await locator.page().evaluate(() => navigator.maxTouchPoints > 0);
  await (touch ? locator.tap() : locator.click());
}

/** Switches the app's language with the header's button for `tag` ("en", "zh-CN"). */
export const switchLanguage = (page, tag) => press(page.locator("header").getByTestId(`lang-${tag}`));

/** Creates the Demo workspace from Settings and waits until it is the active one. */
export async function createDemo(page) {
  await visit(page, "#/settings");
  await page.getByTestId("create-demo").click();
  await workspaceBadge(page, "demo").waitFor({ timeout: 60_000 });
}

/** Loads the app, then creates the Demo workspace; Settings stays open. */
export async function openDemo(page) {
  await visit(page);
  await createDemo(page);
}

/** Makes `workspace` ("mine", "demo") the active one from Settings. */
export async function openWorkspace(page, workspace) {
  await visit(page, "#/settings");
  await press(page.getByTestId(`open-${workspace}`));
  await workspaceBadge(page, workspace).waitFor();
}

/** Chooses the first person in the current-user picker and returns their name. */
export async function actAsFirstPerson(page) {
  await page.getByTestId("current-user").selectOption({ index: 1 });
  return page.getByTestId("current-user").locator("option:checked").innerText();
}

/** Makes `name` this tab's current user with the picker in Settings (opening it unless it is open). */
export async function actAs(page, name) {
  if (!page.url().endsWith("#/settings")) await visit(page, "#/settings");
  await personOption(page, name).waitFor({ state: "attached" });
  await page.getByTestId("current-user").selectOption({ label: name });
}

/** Adds a person in Settings (opening it unless it is open); the first one becomes the current user. */
export async function addPerson(page, name) {
  if (!page.url().endsWith("#/settings")) await visit(page, "#/settings");
  await page.getByTestId("new-user-name").fill(name);
  await press(page.getByTestId("add-user"));
  await personOption(page, name).waitFor({ state: "attached" });
}

/**
 * Two tabs of one browser context (`env`'s) on My workspace, on a portrait tablet, with the
 * people `first` and `second`: tab A acts as the first, tab B as the second.
 */
export async function twoTabs(env, locale, [first, second]) {
  const { context, page: a } = await env.open({ locale, ...PORTRAIT_TABLET });
  await addPerson(a, first);
  await addPerson(a, second);
  await actAs(a, first);
  const b = await env.openTab(context);
  await actAs(b, second);
  return { context, a, b, first, second };
}

/** Creates a customer with a company name (and a team lead) and returns its page's URL. */
export async function newCustomer(page, company, { lead } = {}) {
  await visit(page, "#/customers/new");
  await page.getByTestId("field-company").fill(company);
  if (lead) await page.getByTestId("field-team-lead").selectOption({ label: lead });
  await press(page.getByTestId("save-customer"));
  await page.getByTestId("customer-detail").waitFor();
  assert.equal(await page.getByTestId("customer-company").innerText(), company);
  return page.url();
}

/** Fills the customer form's fields by their test ids' names: `{ phone: "…", city: "…" }`. */
export async function fillCustomer(page, fields) {
  for (const [name, value] of Object.entries(fields)) await page.getByTestId(`field-${name}`).fill(value);
}

/** Opens the customer's page at `url` and, with its edit button, its form; waits until the form shows the customer. */
export async function openCustomerForm(page, url) {
  await page.goto(url);
  await press(page.getByTestId("edit-customer"));
  await page.getByTestId("save-customer").waitFor();
}

/** Opens the first customer of the list from the navigation and returns its company. */
export async function openFirstCustomer(page) {
  await press(page.getByTestId("nav-customers"));
  await page.getByTestId("customer-row").first().waitFor();
  await press(page.getByTestId("customer-row").first());
  await page.getByTestId("customer-company").waitFor();
  // The value card above the timeline grows when its grade arrives: a tap on the timeline's
  // buttons before then can land where they no longer are.
  await page.getByTestId("customer-value").getByTestId("value-grade").waitFor();
  return page.getByTestId("customer-company").innerText();
}

/** Opens the Demo workspace as its first person and the first customer's page; returns the company. */
export async function openDemoCustomer(page) {
  await openDemo(page);
  await actAsFirstPerson(page);
  return openFirstCustomer(page);
}

/** Shows a related list of the customer's page open (`history`, `contacts`, `orders`,
 * `opportunities`, `machines`, `tickets`) by its tab. */
export async function openRelated(page, tab) {
  await press(page.getByTestId(`related-tab-${tab}`));
  await page.getByTestId(`related-${tab}`).waitFor();
}

/** Logs an interaction from the customer's page (the form's problems, if any, stay shown). */
export async function logInteraction(page, { kind, date, followUp, notes }) {
  await press(page.getByTestId("log-interaction"));
  await page.getByTestId("interaction-kind").selectOption({ label: kind });
  await page.getByTestId("interaction-date").fill(date);
  await page.getByTestId("interaction-follow-up").fill(followUp);
  await page.getByTestId("interaction-notes").fill(notes);
  await press(page.getByTestId("save-interaction"));
}

/** Fills one line of the order form. */
export async function fillOrderLine(line, { product, kind, quantity, price, cost }) {
  await line.getByTestId("order-product").fill(product);
  await line.getByTestId("order-kind").selectOption({ label: kind });
  await line.getByTestId("order-quantity").fill(quantity);
  await line.getByTestId("order-unit-price").fill(price);
  await line.getByTestId("order-unit-cost").fill(cost);
}

/** Fills the machine form's own fields (the customer is left as it is). */
export async function fillMachine(page, { serial, model, delivered, hours, perMonth, status }) {
  await page.getByTestId("field-serial").fill(serial);
  await page.getByTestId("field-model").fill(model);
  await page.getByTestId("field-delivered").fill(delivered);
  await page.getByTestId("field-hours").fill(hours);
  await page.getByTestId("field-hours-per-month").fill(perMonth);
  await page.getByTestId("field-status").selectOption({ label: status });
}

/** Adds `machine` for `company` from the installed base's page. */
export async function addMachineFromInstalledBase(page, company, machine) {
  await visit(page, "#/parts/machines");
  await press(page.getByTestId("machines-add"));
  await fillMachine(page, machine);
  await page.getByTestId("field-customer").fill(company);
  await press(page.getByTestId("save-machine"));
  await page.getByTestId("machine-list").waitFor();
}

// How the import page is reached: by its address, or with the import button of a list.
const IMPORT_FROM = {
  import: (page) => visit(page, "#/import"),
  market: async (page) => {
    await visit(page, "#/market");
    await press(page.getByTestId("market-import"));
  },
  customers: async (page) => {
    await visit(page, "#/customers");
    await press(page.getByTestId("import-customers"));
  },
  parts: async (page) => {
    await visit(page, "#/parts");
    await press(page.getByTestId("parts-import"));
  },
};

// What shows that a file was read: the rows of parts, stock and machines are checked at once,
// a demand history is summed up, and other tables wait for their columns to be mapped.
const IMPORT_READ = {
  markets: "import-records-summary",
  parts: "import-records-summary",
  stock: "import-records-summary",
  machines: "import-records-summary",
  demand: "import-demand-summary",
};

/**
 * Opens the import page (by its address or `from` a list), picks `file` as `kind`, and waits
 * until it is read: until the test id `until` shows (a refused file shows "import-message").
 */
export async function pickImport(page, file, { kind = "customers", from = "import", until = IMPORT_READ[kind] ?? "import-mapping" } = {}) {
  await IMPORT_FROM[from](page);
  await page.getByTestId("import-kind").selectOption(kind);
  await page.getByTestId("import-file").setInputFiles(file);
  await page.getByTestId(until).waitFor({ timeout: 60_000 });
}

/** Checks every row of the picked file and waits for the result. */
export async function checkImport(page) {
  await press(page.getByTestId("import-check"));
  await page.getByTestId("import-result").waitFor({ timeout: 60_000 });
}

/** Confirms the import and returns the message that says what was stored. */
export async function confirmImport(page) {
  await press(page.getByTestId("import-confirm"));
  const message = page.getByTestId("import-message");
  await message.waitFor({ timeout: 120_000 });
  return message.innerText();
}

/** Picks an opportunities file and its product price list (the check needs both), and checks every row. */
export async function checkPipeline(page, pipeline, prices) {
  await pickImport(page, pipeline, { kind: "opportunities" });
  assert.ok(await page.getByTestId("import-check").isDisabled(), "no check without the price list");
  await page.getByTestId("import-products-file").setInputFiles(prices);
  assert.match(await page.getByTestId("import-products-summary").innerText(), /products\.csv[:：] ?7 /);
  await checkImport(page);
}

/** Picks a backup file in Settings and waits for its summary or the reason it is refused. */
export async function pickBackup(page, file) {
  await page.getByTestId("restore-file").setInputFiles(file);
  await page.locator('[data-testid="restore-summary"], [data-testid="backup-message"]').first().waitFor();
}

/** Presses `testId` and returns the downloaded file's name, bytes and text. */
export async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent("download"), press(page.getByTestId(testId))]);
  const bytes = readFileSync(await file.path());
  return { name: file.suggestedFilename(), bytes, text: bytes.toString("utf8") };
}

/** Opens the parts list from the navigation and waits until every part is planned. */
export async function openParts(page) {
  await press(page.getByTestId("nav-parts"));
  await page.getByTestId("parts-recompute").waitFor({ timeout: 120_000 });
}

/** From the parts list, finds carparts part `number` and opens its page. */
export async function openCarpartsPart(page, number) {
  await page.getByTestId("parts-search").fill(number);
  await page.getByTestId("parts-shown").getByText(/^1 of 2,674 parts$/).waitFor();
  await press(page.getByTestId("part-row"));
  await page.getByTestId("part-method-why").waitFor();
}

/** Opens the Demo workspace's funnel as its first person, once its first column is drawn. */
export async function openFunnel(page) {
  await openDemo(page);
  await actAsFirstPerson(page);
  await press(page.getByTestId("nav-funnel"));
  await kanbanColumn(page, "identify").getByTestId("kanban-card").first().waitFor();
}

/** Drags with one finger from `from` to `to` (viewport points), in small steps as a hand does. */
export async function touchDrag(page, from, to, steps = 14) {
  const cdp = await page.context().newCDPSession(page);
  const point = (x, y) => [{ x: Math.round(x), y: Math.round(y), id: 1 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: point(from.x, from.y) });
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: point(x, y) });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
  // A hand takes a moment from lifting off to tapping the dialog; a tap sent within Chromium's
  // double-tap window after the drag is sometimes taken as part of that gesture and dropped.
  await page.waitForTimeout(500);
}

/** Drags opportunity `id`'s card onto the middle of `stage`'s column. */
export async function dragCard(page, id, stage) {
  const card = kanbanCard(page, id);
  // A moved card takes its place in the column's order, maybe below the column's fold.
  await card.scrollIntoViewIfNeeded();
  const from = await card.boundingBox();
  const to = await kanbanColumn(page, stage).boundingBox();
  await touchDrag(page, { x: from.x + from.width / 2, y: from.y + 30 }, { x: to.x + to.width / 2, y: to.y + 200 });
}

/** Signs `page` in to the company database `db` from Settings as `user`. */
export async function signIn(page, db, user, password) {
  await visit(page, "#/settings");
  const section = page.getByTestId("team-sync");
  await section.getByTestId("sync-database").fill(db);
  await section.getByTestId("sync-user").fill(user);
  await section.getByTestId("sync-password").fill(password);
  await press(section.getByTestId("sync-sign-in"));
}

/** What the shell's sync status says once synced, in each language. */
export const SYNCED = { "zh-CN": "已同步", en: "Synced" };

/** A device of `env` (a fresh browser context in `locale`, on `screen`) signed in to `db` as `user`, and synced. */
export async function syncedDevice(env, { db, user, password, locale, screen }) {
  const { context, page } = await env.open({ locale, ...screen });
  await signIn(page, db, user, password);
  await syncStatusSays(page, SYNCED[locale]);
  return { context, page, locale };
}

/**
 * A team of two on `db`: the manager 王芳 on the office's desk (English, landscape) signs in
 * first and adds the team's people, then the salesperson 李伟 on a tablet (简体中文, portrait);
 * each acts as themselves.
 */
export async function deskAndTablet(env, db, password) {
  await setUpCompany(env.couch, db, [
    { name: "wang.fang", password, role: "manager" },
    { name: "li.wei", password, role: "sales" },
  ]);
  const desk = await syncedDevice(env, { db, user: "wang.fang", password, locale: "en", screen: LANDSCAPE_TABLET });
  await addPerson(desk.page, "王芳");
  await addPerson(desk.page, "李伟");
  await actAs(desk.page, "王芳");
  const tablet = await syncedDevice(env, { db, user: "li.wei", password, locale: "zh-CN", screen: PORTRAIT_TABLET });
  await actAs(tablet.page, "李伟");
  return { desk, tablet };
}

/** Waits until the shell's sync status says `text`; fails saying what it says instead. */
export async function syncStatusSays(page, text, timeout = 60_000) {
  try {
    await page.getByTestId("sync-status").filter({ hasText: text }).waitFor({ timeout });
  } catch (error) {
    const shown = await page.getByTestId("sync-status").allInnerTexts();
    const problem = await page.getByTestId("sync-problem").allInnerTexts();
    throw new Error(`the sync status says ${JSON.stringify(shown)} (${problem}), not ${text}: ${error.message}`);
  }
}

/** Creates show `name` from the shows page with everyone at the booth; returns its page's URL. */
export async function createShow(page, name) {
  await visit(page, "#/shows");
  await press(page.getByTestId("show-new"));
  await page.getByTestId("show-name").fill(name);
  await page.getByTestId("show-place").fill("上海新国际博览中心");
  await page.getByTestId("show-starts").fill("2026-11-24");
  await page.getByTestId("show-ends").fill("2026-11-27");
  await page.getByTestId("show-booth").fill("E5-610");
  await page.getByTestId("show-cost").fill("180000");
  const staff = page.getByTestId("show-staff");
  for (let i = 0; i < (await staff.count()); i++) {
    if ((await staff.nth(i).getAttribute("aria-pressed")) !== "true") await press(staff.nth(i));
  }
  await press(page.getByTestId("show-save"));
  await page.getByTestId("show-page").waitFor();
  assert.equal(await page.getByTestId("show-title").innerText(), name);
  return page.url();
}
