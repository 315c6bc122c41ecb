// Planned maintenance on a 1024×768 touch tablet with the Demo workspace, in English and
// Chinese: an SY215C due for its 500-hour service shows in the service desk's due list with
// why (the hours its meter reaches), becomes a planned-maintenance ticket naming the interval,
// after which the row shows that ticket instead of offering another; the service's kit shows in
// its part's demand drivers. Settings → Planned maintenance refuses a kit part the catalogue
// lacks at its field, nothing stored.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAsFirstPerson, openDemo, press, switchLanguage, visit } from "./support/actions.mjs";
import { fieldError } from "./support/locators.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite();

/** The 500-hour service's fuel filter in the default SY215C programme. */
const KIT_PART = "SY-63823-01";

const WORDS = {
  en: {
    byHours: /^Hour meter reaches [\d,]+ h$/,
    summary: "Planned maintenance: 500 h",
    kind: "Planned maintenance",
    driver: /^Planned maintenance: [\d,]+ services due in 90 days use this part \([\d,]+ units\)\.$/,
    unknown: "Line 1: no part in the catalogue has this number.",
  },
  "zh-CN": {
    byHours: /^小时表达到 [\d,]+ 小时$/,
    summary: "定期保养：500 h",
    kind: "定期保养",
    driver: /^定期保养：90 天内到期的 [\d,]+ 项保养使用此配件（[\d,]+ 件）。$/,
    unknown: "第 1 行：配件目录中没有这个配件号。",
  },
};

for (const [locale, lang] of [
  ["en-US", "en"],
  ["zh-CN", "zh-CN"],
]) {
  test(`a machine due for its 500-hour service becomes a ticket and its kit a parts driver (${lang})`, async () => {
    const w = WORDS[lang];
    const { page } = await env.open({ locale, ...LANDSCAPE_TABLET });
    await openDemo(page);
    await switchLanguage(page, lang);
    await actAsFirstPerson(page);

    // The due list: 30 days, then 90; a 500 h service of an SY215C due by its hours.
    await visit(page, "#/service");
    await press(page.getByTestId("service-tab-due"));
    await page.getByTestId("due-table").waitFor({ timeout: 60_000 });
    const in30 = await page.getByTestId("due-row").count();
    await page.getByTestId("due-window").selectOption("90");
    await page.getByTestId("due-count").waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="due-row"]').length > n, in30);
    const row = page
      .getByTestId("due-row")
      .filter({ hasText: "SY215C" })
      .filter({ has: page.getByTestId("due-interval").getByText("500 h", { exact: true }) })
      .filter({ has: page.getByTestId("due-create") })
      .first();
    await row.waitFor();
    assert.match(await row.getByTestId("due-why").innerText(), w.byHours);
    const machine = await row.getAttribute("data-machine");
    await shot(page, `maintenance-due-${lang}-1024x768`, { fullPage: false });

    // Becomes a ticket: the row shows it, and offers no second one.
    await press(row.getByTestId("due-create"));
    const same = page.locator(`[data-testid="due-row"][data-machine="${machine}"]`).filter({
      has: page.getByTestId("due-interval").getByText("500 h", { exact: true }),
    });
    await same.getByTestId("due-ticket").waitFor();
    assert.equal(await same.getByTestId("due-create").count(), 0);
    await shotOf(same, `maintenance-due-ticket-${lang}`);
    await press(same.getByTestId("due-ticket"));
    await page.getByTestId("ticket-title").waitFor();
    assert.match(await page.getByTestId("ticket").innerText(), new RegExp(w.summary));
    assert.match(await page.getByTestId("ticket").innerText(), new RegExp(w.kind));
    await shot(page, `maintenance-ticket-${lang}-1024x768`, { fullPage: false });

    // The kit's part: planned maintenance among its demand drivers.
    await press(page.getByTestId("nav-parts"));
    await page.getByTestId("parts-recompute").waitFor({ timeout: 120_000 });
    await page.getByTestId("parts-search").fill(KIT_PART);
    await press(page.getByTestId("part-row").first());
    await page.getByTestId("part-drivers").waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId("driver-maintenance").innerText(), w.driver);
    await page.getByTestId("part-drivers").scrollIntoViewIfNeeded();
    await shotOf(page.getByTestId("part-drivers"), `maintenance-part-drivers-${lang}`);

    // Settings: a kit part not in the catalogue is refused at its field, nothing stored.
    await visit(page, "#/settings");
    const kit = page.getByTestId("maintenance-0-0-kit");
    await kit.fill("SY-00000-00 × 2");
    await press(page.getByTestId("maintenance-save"));
    assert.equal(await fieldError(page, "maintenance-0-0-kit").innerText(), w.unknown);
    assert.equal(await page.getByTestId("maintenance-message").count(), 0);
    await shotOf(page.getByTestId("maintenance-settings"), `maintenance-settings-refused-${lang}`);
  });
}
