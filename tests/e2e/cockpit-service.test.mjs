// The cockpit's service tiles on a 1280×800 screen, in English and Chinese: with the Demo
// workspace's tickets, open tickets, SLA met and CSAT equal the service desk's Figures tab
// totals, each tile opens the desk, and SLA lines set in Settings judge the SLA tile at once; a
// workspace without tickets shows none of the three, not even as placeholders.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addPerson, newCustomer, openDemo, press, switchLanguage, visit } from "./support/actions.mjs";
import { e2eSuite } from "./support/suite.mjs";
import { shot, shotOf } from "./support/shots.mjs";

const env = e2eSuite();

const SERVICE_TILES = ["open-tickets", "sla-met", "csat"];

/** "1,234", "87 %", "87%" → the number. */
const number = (text) => Number(text.replace(/[^\d.]/g, ""));

const tile = (page, key) => page.getByTestId(`tile-${key}`);
const tileValue = (page, key) => tile(page, key).getByTestId("tile-value").innerText();

/** Opens the dashboard and waits until every tile's book is read. */
async function openCockpit(page) {
  await visit(page, "#/");
  await page.locator('[data-testid="cockpit"][data-ready="true"]').waitFor({ timeout: 60_000 });
}

/** Sets the SLA met lines in Settings → Cockpit thresholds (empty texts: no threshold). */
async function slaLines(page, acceptable, critical) {
  await visit(page, "#/settings");
  await page.getByTestId("threshold-settings").waitFor();
  await page.getByTestId("threshold-sla-met-acceptable").fill(acceptable);
  await page.getByTestId("threshold-sla-met-critical").fill(critical);
  await press(page.getByTestId("thresholds-save"));
  await page.getByTestId("thresholds-message").waitFor();
}

const WORDS = {
  en: { open: "Open tickets", sla: "SLA met", csat: "Satisfied (CSAT)", critical: "Critical", acceptable: "On target" },
  "zh-CN": { open: "未关闭工单", sla: "SLA 达标率", csat: "满意度（CSAT）", critical: "严重", acceptable: "达标" },
};

for (const [locale, lang] of [
  ["en-US", "en"],
  ["zh-CN", "zh-CN"],
]) {
  test(`the service tiles equal the desk's figures and follow the SLA lines (${lang})`, async () => {
    const { page } = await env.open({ locale });
    await openDemo(page);
    await switchLanguage(page, lang);
    await openCockpit(page);
    const w = WORDS[lang];
    for (const key of SERVICE_TILES) await tile(page, key).waitFor();
    assert.match(await tile(page, "open-tickets").innerText(), new RegExp(w.open));
    assert.match(await tile(page, "sla-met").innerText(), new RegExp(w.sla.replace(/[()（）]/g, ".")));
    assert.match(await tile(page, "csat").innerText(), new RegExp(w.csat.replace(/[()（）]/g, ".")));
    // A count without a threshold shows no state; the shares have no lines until a user sets them.
    assert.equal(await tile(page, "open-tickets").getByTestId("tile-state").count(), 0);
    assert.equal(await tile(page, "sla-met").getAttribute("data-state"), "unjudged");
    const tiles = {};
    for (const key of SERVICE_TILES) tiles[key] = number(await tileValue(page, key));
    await tile(page, "csat").scrollIntoViewIfNeeded();
    await shot(page, `cockpit-service-${lang}-1280x800`, { fullPage: false });
    await shot(page, `cockpit-service-${lang}-full`);

    // The tile opens the desk; its Figures tab's totals are the tiles' numbers.
    await press(tile(page, "sla-met"));
    await page.waitForURL(/#\/service$/);
    await press(page.getByTestId("service-tab-figures"));
    const figure = async (key) => number(await page.getByTestId(`figure-${key}`).getByTestId("figure-value").innerText());
    assert.deepEqual(
      { "open-tickets": await figure("open"), "sla-met": await figure("sla"), csat: await figure("csat") },
      tiles
    );
    assert.ok(tiles["open-tickets"] > 0 && tiles["sla-met"] > 0 && tiles.csat > 0, JSON.stringify(tiles));

    // SLA lines above the desk's rate: critical at once; below it: on target; cleared: unjudged.
    const sla = tiles["sla-met"];
    assert.ok(sla < 100, "the demo misses some targets");
    await slaLines(page, "100", String(sla + 0.5));
    await shotOf(page.getByTestId("threshold-settings"), `cockpit-service-thresholds-${lang}`);
    await openCockpit(page);
    assert.equal(await tile(page, "sla-met").getAttribute("data-state"), "critical");
    assert.match(await tile(page, "sla-met").getByTestId("tile-state").innerText(), new RegExp(w.critical));
    await slaLines(page, String(Math.max(0, sla - 1)), "0");
    await openCockpit(page);
    assert.equal(await tile(page, "sla-met").getAttribute("data-state"), "acceptable");
    assert.match(await tile(page, "sla-met").getByTestId("tile-state").innerText(), new RegExp(w.acceptable));
    await slaLines(page, "", "");
    await openCockpit(page);
    assert.equal(await tile(page, "sla-met").getAttribute("data-state"), "unjudged");
  });

  test(`a workspace without tickets shows no service tiles (${lang})`, async () => {
    const { page } = await env.open({ locale });
    await visit(page);
    await switchLanguage(page, lang);
    // Empty: the page points to the Demo workspace and shows no tile at all.
    await page.getByTestId("empty-workspace").waitFor();
    for (const key of SERVICE_TILES) assert.equal(await tile(page, key).count(), 0, key);
    // With a person and a customer but no ticket, the cockpit shows its other tiles and none of
    // the desk's.
    await addPerson(page, lang === "en" ? "Wang Fang" : "王芳");
    await newCustomer(page, lang === "en" ? "Hunan Ridge Quarries Ltd" : "湖南岭峰矿业有限公司");
    await openCockpit(page);
    await tile(page, "churn").waitFor();
    for (const key of SERVICE_TILES) assert.equal(await tile(page, key).count(), 0, key);
    await shot(page, `cockpit-service-none-${lang}-1280x800`, { fullPage: false });
  });
}
