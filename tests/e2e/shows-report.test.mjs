// The show report and the booth kiosk.
// Report (1280×800, English and Chinese): a show with two people at its booth, four leads — one
// recognised as an existing contact, one repeating an earlier lead's mobile number, one captured
// by the second person — closed into follow-ups, one of them done; the report's figures equal
// what the show's page and the shows list show, and the exported CSV holds them.
// Kiosk (768×1024 touch tablet, Chinese and English): locked with a PIN on the Demo workspace,
// settings, import and export are unreachable by the navigation and by URL, also after a reload;
// a wrong PIN is refused with a translated message, the right one leaves; "reset the demo"
// restores the record counts of a fresh demo after a visitor's edits.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  actAs,
  actAsFirstPerson,
  addPerson,
  createDemo,
  createShow,
  download,
  newCustomer,
  press,
  visit,
} from "./support/actions.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

const WORDS = {
  "zh-CN": {
    perLead: "¥4.5万",
    cost: "¥18万",
    wangCost: "¥13.5万",
    header: "类别,名称,线索,识别的重复,已联系,已联系 %",
    wrongPin: "PIN 不正确",
    notDigits: "请输入 4 到 8 位数字",
  },
  en: {
    perLead: "¥45K",
    cost: "¥180K",
    wangCost: "¥135K",
    header: "Row,Name,Leads,Duplicates caught,Contacted,Contacted %",
    wrongPin: "Wrong PIN",
    notDigits: "Type 4 to 8 digits",
  },
};

/** The report's cells `testId` of its row `row` in table `table` (report-shows, report-staff). */
const cell = (page, table, row, testId) => page.getByTestId(table).locator("tbody tr").nth(row).getByTestId(testId).innerText();

/** Captures one lead at the capture page: a mobile number and, when `hot`, an interest. */
async function capture(page, mobile, who, { hot = true, matched = false } = {}) {
  await page.getByTestId("lead-mobile").fill(mobile);
  if (matched) await page.getByTestId("lead-match").waitFor();
  if (hot) {
    await press(page.getByTestId("lead-temperature-hot"));
    await press(page.getByTestId("lead-line-excavator"));
    await press(page.getByTestId("lead-tonnage-medium"));
  }
  await press(page.getByTestId("lead-save"));
  await page.getByTestId("lead-saved").filter({ hasText: who }).waitFor();
  assert.equal(await page.getByTestId("lead-mobile").inputValue(), "");
}

for (const [locale, lang] of [
  ["en-US", "en"],
  ["zh-CN", "zh-CN"],
]) {
  test(`the show report equals the show's page, by show and by person, and exports (${lang})`, async () => {
    const { context, page } = await env.open({ locale });
    const words = WORDS[lang];
    await visit(page);
    await addPerson(page, "王芳");
    await addPerson(page, "李强");
    // An existing customer whose contact visits the booth.
    await visit(page, "#/customers/new");
    await page.getByTestId("field-company").fill("徐州恒达机械有限公司");
    await press(page.getByTestId("add-contact"));
    const contact = page.getByTestId("contact-fields").first();
    await contact.getByTestId("field-contact-name").fill("刘建国");
    await contact.getByTestId("field-contact-phone").fill("13800138000");
    await press(page.getByTestId("save-customer"));
    await page.getByTestId("customer-detail").waitFor();

    const showUrl = await createShow(page, "2026 上海宝马展");

    // 王芳 captures three: a new visitor, the known contact, the first visitor again.
    await press(page.getByTestId("show-capture"));
    await page.getByTestId("capture-form").waitFor();
    await capture(page, "13900000101", "13900000101");
    await capture(page, "13800138000", "13800138000", { matched: true });
    await capture(page, "139 0000 0101", "13900000101", { matched: true });
    // 李强 captures a cold one with no interest.
    await actAs(page, "李强");
    await page.goto(showUrl);
    await press(page.getByTestId("show-capture"));
    await capture(page, "13900000104", "13900000104", { hot: false });

    // The show's page and its report agree: 4 leads, 2 duplicates, ¥45,000 a lead.
    await page.goto(showUrl);
    await page.getByTestId("report-shows").waitFor();
    const rows = await page.getByTestId("lead-row").count();
    assert.equal(rows, 4);
    assert.equal(await cell(page, "report-shows", 0, "report-leads"), String(rows));
    assert.equal(await cell(page, "report-shows", 0, "report-duplicates"), "2");
    assert.equal(await cell(page, "report-shows", 0, "report-opportunities"), "0");
    assert.equal(await cell(page, "report-shows", 0, "report-cost"), words.cost);
    assert.equal(await cell(page, "report-shows", 0, "report-cost-per-lead"), words.perLead);
    assert.equal(await cell(page, "report-shows", 0, "report-cost-per-won"), "–");
    assert.match(await page.getByTestId("show-lead-counts").innerText(), /4/);

    // Closed: an opportunity per lead with an interest (three), a follow-up per lead.
    await press(page.getByTestId("show-close"));
    await press(page.getByTestId("show-close-confirm"));
    await page.getByTestId("show-queue").waitFor();
    await page.getByTestId("report-shows").waitFor();
    assert.equal(await cell(page, "report-shows", 0, "report-opportunities"), "3");
    assert.equal(await cell(page, "report-shows", 0, "report-contacted"), "0 · 0%");
    const queued = (await page.getByTestId("queue-owner-count").allInnerTexts()).map(Number);
    assert.equal(queued.reduce((a, b) => a + b, 0), rows, "every lead waits in the queue");

    // One follow-up done: that lead is contacted.
    await visit(page, "#/follow-ups");
    const first = page.getByTestId("follow-up").first();
    const done = page.locator(`[data-testid="follow-up"][data-id="${await first.getAttribute("data-id")}"]`);
    await press(first.getByTestId("complete-follow-up"));
    await done.waitFor({ state: "detached" });
    await page.goto(showUrl);
    await page.getByTestId("report-shows").waitFor();
    assert.equal(await cell(page, "report-shows", 0, "report-contacted"), "1 · 25%");
    const stillQueued = (await page.getByTestId("queue-owner-count").allInnerTexts()).map(Number);
    assert.equal(stillQueued.reduce((a, b) => a + b, 0), 3, "the queue and the report agree");

    // By person: 王芳 three leads, both duplicates, ¾ of the cost; 李强 one.
    const people = await page.getByTestId("report-staff").getByTestId("report-name").allInnerTexts();
    assert.deepEqual(people, ["王芳", "李强"]);
    assert.equal(await cell(page, "report-staff", 0, "report-leads"), "3");
    assert.equal(await cell(page, "report-staff", 0, "report-duplicates"), "2");
    assert.equal(await cell(page, "report-staff", 0, "report-cost"), words.wangCost);
    assert.equal(await cell(page, "report-staff", 1, "report-leads"), "1");
    assert.equal(await cell(page, "report-staff", 1, "report-cost-per-lead"), words.perLead);
    await shot(page, `shows-report-show-${lang}-1280x800`);

    // The shows list counts the same leads; the report over every show says the same.
    await visit(page, "#/shows");
    assert.equal(await page.getByTestId("show-lead-count").first().innerText(), String(rows));
    await press(page.getByTestId("shows-report-link"));
    await page.getByTestId("shows-report").waitFor();
    await page.getByTestId("report-shows").waitFor();
    assert.equal(await cell(page, "report-shows", 0, "report-leads"), String(rows));
    // Every column, the costs last, fits a 1280 px screen: no table scrolls sideways.
    for (const table of ["report-shows", "report-staff"]) {
      const overflow = await page.getByTestId(table).evaluate((t) => t.parentElement.scrollWidth - t.parentElement.clientWidth);
      assert.ok(overflow <= 0, `${table} scrolls ${overflow} px sideways`);
    }
    await shot(page, `shows-report-${lang}-1280x800`);

    const csv = await download(page, "report-export-csv");
    assert.match(csv.name, /^kehu-shows-report-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    assert.ok(lines[0].startsWith(words.header), lines[0]);
    assert.ok(lines[1].includes(",2026 上海宝马展,4,2,1,25,3,0,0,0,180000,45000,"), lines[1]);
    assert.ok(lines[2].includes(",王芳,3,2,"), lines[2]);
    assert.ok(lines[2].endsWith(",135000,45000,"), lines[2]);
    assert.ok(lines[3].includes(",李强,1,0,"), lines[3]);
    assert.equal(lines.length, 4);
    const xlsx = await download(page, "report-export-xlsx");
    assert.match(xlsx.name, /\.xlsx$/);
    assert.equal(xlsx.bytes.subarray(0, 2).toString(), "PK");
    await page.getByTestId("report-message").waitFor();

    // Settings → Data counts the show and its leads.
    await visit(page, "#/settings");
    assert.equal(await page.getByTestId("count-shows").locator(".tile-value").innerText(), "1");
    assert.equal(await page.getByTestId("count-leads").locator(".tile-value").innerText(), "4");
    await context.close();
  });
}

/** Every record count of Settings → Data, by its tile's test id. */
async function recordCounts(page) {
  await visit(page, "#/settings");
  await page.getByTestId("record-counts").waitFor();
  const tiles = page.getByTestId("record-counts").locator(".tile");
  const counts = {};
  for (let i = 0; i < (await tiles.count()); i++) {
    counts[await tiles.nth(i).getAttribute("data-testid")] = await tiles.nth(i).locator(".tile-value").innerText();
  }
  return counts;
}

for (const [locale, lang] of [
  ["zh-CN", "zh-CN"],
  ["en-US", "en"],
]) {
  test(`the booth kiosk keeps visitors in the demo until the PIN, and resets it (${lang})`, async () => {
    const { page } = await env.open({ locale, ...PORTRAIT_TABLET });
    const words = WORDS[lang];
    await visit(page);
    await createDemo(page);
    const pristine = await recordCounts(page);
    // The person the booth's changes are recorded as is chosen before locking: Settings is locked.
    await actAsFirstPerson(page);
    assert.ok(Number(pristine["count-customers"].replace(/,/g, "")) > 0, JSON.stringify(pristine));

    // Locked with a PIN typed twice; a PIN that is no PIN is refused at its field.
    await visit(page, "#/shows");
    await page.getByTestId("kiosk-pin").fill("12");
    await page.getByTestId("kiosk-pin-again").fill("12");
    await press(page.getByTestId("kiosk-enter"));
    const pinField = page.locator('label.field:has([data-testid="kiosk-pin"])');
    assert.match(await pinField.locator(".field-error").innerText(), new RegExp(words.notDigits));
    await shot(page, `shows-kiosk-start-${lang}-768x1024`);
    await page.getByTestId("kiosk-pin").fill("2468");
    await page.getByTestId("kiosk-pin-again").fill("2468");
    await press(page.getByTestId("kiosk-enter"));
    await page.getByTestId("kiosk-bar").waitFor();

    // Neither the navigation nor a typed URL reaches settings, import or an export.
    const refused = async (route) => {
      await visit(page, route);
      await page.getByTestId("kiosk-refused").waitFor();
      assert.equal(await page.getByTestId("nav-settings").count(), 0, `no settings in the nav at ${route}`);
    };
    for (const route of ["#/settings", "#/import", "#/parts/reorder"]) await refused(route);
    await shot(page, `shows-kiosk-refused-${lang}-768x1024`);
    await visit(page, "#/follow-ups");
    await page.getByTestId("follow-ups").waitFor();
    assert.equal(await page.getByTestId("export-ics").count(), 0, "no calendar export");
    await visit(page, "#/shows/report");
    await page.getByTestId("show-report").waitFor();
    assert.equal(await page.getByTestId("report-export-csv").count(), 0, "no report export");
    assert.equal(await page.getByTestId("workspace-badge").getAttribute("href"), null, "the badge leads nowhere");
    // A reload keeps the kiosk.
    await page.reload();
    await page.getByTestId("kiosk-bar").waitFor();
    await refused("#/settings");

    // A visitor adds a customer; "reset the demo" restores the fresh demo.
    await newCustomer(page, "展台访客有限公司");
    await press(page.getByTestId("kiosk-reset"));
    await shot(page, `shows-kiosk-reset-${lang}-768x1024`);
    const started = Date.now();
    await press(page.getByTestId("kiosk-reset-yes"));
    await page.getByTestId("kiosk-reset-done").waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="workspace-badge"][data-workspace="demo"]').waitFor();
    console.log(`[kiosk ${lang}] demo reset in ${Date.now() - started} ms`);

    // A wrong PIN is refused with a translated message; the right one leaves.
    await press(page.getByTestId("kiosk-leave"));
    await page.getByTestId("kiosk-leave-pin").fill("1357");
    await press(page.getByTestId("kiosk-leave-confirm"));
    const leaveField = page.locator('label.field:has([data-testid="kiosk-leave-pin"])');
    assert.match(await leaveField.locator(".field-error").innerText(), new RegExp(words.wrongPin));
    await page.getByTestId("kiosk-bar").waitFor();
    await shot(page, `shows-kiosk-wrong-pin-${lang}-768x1024`);
    await page.getByTestId("kiosk-leave-pin").fill("2468");
    await press(page.getByTestId("kiosk-leave-confirm"));
    await page.getByTestId("kiosk-bar").waitFor({ state: "detached" });
    await page.getByTestId("nav-settings").waitFor();
    assert.deepEqual(await recordCounts(page), pristine, "the reset demo counts as a fresh one");
  });
}
