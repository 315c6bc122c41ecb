// Parts inventory on a tablet: the real carparts demand file imported as it is (long format,
// missing values), a lumpy part's forecast with its range and stock policy, the reorder list
// exported as CSV and XLSX for purchasing, a bad demand file that names its row and column and
// writes nothing, and the stock-policy settings validated.
import assert from "node:assert/strict";
import { test } from "node:test";
import { confirmImport, download, openCarpartsPart, openParts, pickImport, visit } from "./support/actions.mjs";
import { fixture, tempFile } from "./support/inputs.mjs";
import { holdoutRow } from "./support/locators.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();
const CARPARTS = fixture("parts", "carparts.csv");

test("carparts imports as it is; a lumpy part shows its forecast range and policy; the reorder list exports", async () => {
  const { page } = await env.open({ locale: "en-US", acceptDownloads: true, ...LANDSCAPE_TABLET });
  await visit(page);

  await pickImport(page, CARPARTS, { kind: "demand", from: "parts" });
  assert.match(await page.getByTestId("import-summary").innerText(), /carparts\.csv: 136,374 rows, 3 columns/);
  // 2674 series × 51 months; the 165 series that stop early have unknown months, not zeros.
  const summary = await page.getByTestId("import-demand-summary").innerText();
  assert.match(summary, /^2,674 parts: [\d,]+ months with a quantity, [1-9][\d,]* unknown months$/);
  assert.match(await page.getByTestId("import-demand-matches").innerText(), /^2,674 new parts/);
  await shot(page, "parts-import-en-1024x768");
  assert.equal(await confirmImport(page), "carparts.csv: 2,674 parts created, 0 histories replaced.");
  await page.getByTestId("import-show-parts").tap();

  await page.getByTestId("parts-recompute").waitFor({ timeout: 120_000 });
  assert.equal(await page.getByTestId("nav-parts").getAttribute("aria-current"), "page");
  assert.equal(await page.getByTestId("parts-shown").innerText(), "2,674 of 2,674 parts");
  const ms = Number(await page.getByTestId("parts-recompute").getAttribute("data-recompute-ms"));
  assert.ok(ms > 0, `the recompute took ${ms} ms`);
  await shot(page, "parts-list-en-1024x768", { fullPage: false });

  // Lumpy parts only, then one of them.
  await page.getByTestId("parts-filter-class").selectOption({ label: "Lumpy" });
  await page.getByTestId("part-row").first().waitFor();
  const shown = await page.getByTestId("parts-shown").innerText();
  assert.match(shown, /^[\d,]+ of 2,674 parts$/);
  assert.notEqual(shown, "2,674 of 2,674 parts");
  await page.getByTestId("parts-search").fill("zzz-no-such-part");
  await page.getByTestId("parts-none").waitFor();
  // A complete series with demand in 23 of 51 months, of sizes varying a lot (ADI 2.2, CV² 0.94).
  const number = "21049767";
  await page.getByTestId("parts-search").fill(number);
  const lumpy = page.getByTestId("part-row");
  await page.getByTestId("parts-shown").getByText(/^1 of 2,674 parts$/).waitFor();
  assert.equal(await lumpy.getAttribute("data-class"), "lumpy");
  await lumpy.tap();

  await page.getByTestId("part-chart").locator("svg polygon.range").waitFor();
  assert.equal(await page.getByTestId("part-number").innerText(), number);
  assert.match(await page.getByTestId("part-class").innerText(), /^ADI 2\.22 · CV² 0\.94 · Lumpy/);
  // The blend every part starts from, learned from the imported histories (two years or more),
  // kept here: none of the part's own methods beat it significantly.
  assert.equal(await page.getByTestId("part-method-name").innerText(), "Learned blend of recent means");
  assert.match(await page.getByTestId("part-method-why").innerText(), /^The blend below, learned from every part of the workspace, is kept: none/);
  assert.match(
    await page.getByTestId("part-blend").innerText(),
    /^Blend learned from [\d,]+ parts' histories: -?\d\.\d\d × mean of the last 6 months \+ -?\d\.\d\d × mean of the last 12 months \+ -?\d\.\d\d × mean of the last 24 months\.$/,
  );
  // Every candidate's holdout error, the chosen method marked.
  assert.ok((await page.getByTestId("holdout-error").count()) >= 7);
  const chosen = holdoutRow(page, ".chosen");
  assert.equal(await chosen.count(), 1);
  assert.equal(await chosen.locator("td").first().innerText(), await page.getByTestId("part-method-name").innerText());
  assert.match(await chosen.locator("td").nth(1).innerText(), /^\d\.\d\d$/);
  assert.equal(await chosen.getByTestId("holdout-vs-blend").innerText(), "—", "the blend is kept");
  assert.equal(await holdoutRow(page, ".toward").count(), 0, "and pulled toward none");
  assert.equal(await page.getByTestId("part-method-seasonal").count(), 0, "its seasonal method is behind");
  for (const change of await page.getByTestId("holdout-vs-blend").allInnerTexts()) {
    assert.match(change, /^(—|[+-]\d+\.\d\u00a0%|0\.0\u00a0%)$/);
  }
  assert.equal(await page.getByTestId("part-chart").locator("svg rect.bar").count() + (await page.getByTestId("part-chart").locator("svg rect.unknown").count()), 51);
  const ranges = await page.getByTestId("forecast-range").allInnerTexts();
  assert.equal(ranges.length, 12, "a range for each of the 12 forecast months");
  for (const range of ranges) {
    const [low, high] = range.split("–").map(Number);
    assert.ok(low >= 0 && high > low, `a range with width: ${range}`);
  }
  assert.match(await page.getByTestId("part-days-cover").innerText(), /target 130–150 days/);
  const reorderPoint = Number((await page.getByTestId("part-reorder-point").innerText()).replaceAll(",", ""));
  const orderUpTo = Number((await page.getByTestId("part-order-up-to").innerText()).replaceAll(",", ""));
  assert.ok(orderUpTo >= reorderPoint && reorderPoint >= 0, `s = ${reorderPoint}, S = ${orderUpTo}`);
  assert.match(await page.getByTestId("part-drivers").innerText(), /own history alone/);
  await shot(page, "parts-lumpy-part-en-1024x768");

  // The reorder list and its exports.
  await visit(page, "#/parts/reorder");
  const lines = page.getByTestId("reorder-line");
  await lines.first().waitFor({ timeout: 120_000 });
  const count = Number((await page.getByTestId("reorder-count").innerText()).match(/^([\d,]+) parts to order/)[1].replaceAll(",", ""));
  assert.ok(count > 0);
  await shot(page, "parts-reorder-en-1024x768", { fullPage: false });

  const csv = await download(page, "reorder-export-csv");
  assert.match(csv.name, /^kehu-reorder-\d{4}-\d\d-\d\d\.csv$/);
  const bytes = csv.bytes;
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with BOM, for Excel");
  const rows = bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
  assert.equal(rows[0], "Part number,Name,Supplier,Status,On hand,Reorder point,Order-up-to,Order quantity,Unit cost (CNY),Order value (CNY),Lead time (days),Why");
  assert.equal(rows.length, count + 1, "a line per part to order");
  const first = rows[1].split(",");
  const shownFirst = await lines.first().locator("td").allInnerTexts();
  assert.equal(first[0], shownFirst[0], "the export starts with the line the page starts with");
  assert.equal(Number(first[7]), Number(shownFirst[7].replaceAll(",", "")), "with its quantity");
  assert.ok(Number(first[7]) > 0);
  assert.match(await page.getByTestId("reorder-message").innerText(), new RegExp(`^${count.toLocaleString("en-US")} lines exported to kehu-reorder-`));

  const xlsx = await download(page, "reorder-export-xlsx");
  assert.match(xlsx.name, /\.xlsx$/);
  const workbook = xlsx.bytes;
  assert.equal(workbook.subarray(0, 2).toString("latin1"), "PK", "a zip: XLSX");
  assert.ok(workbook.includes(Buffer.from("xl/worksheets/sheet1.xml")));

  // A bad demand file: its row and column named, nothing written.
  const bad = tempFile("bad-demand.csv", "series_id,month,qty\nNEW-1,2024-01,3\nNEW-1,2024-13,2\nNEW-2,2024-01,lots\n");
  await pickImport(page, bad, { kind: "demand", from: "parts" });
  await page.getByTestId("import-demand-errors").waitFor();
  const errors = await page.getByTestId("import-error").allInnerTexts();
  assert.equal(errors.length, 2);
  assert.match(errors[0], /^3\s+month\s+2024-13\s+Not a month/);
  assert.match(errors[1], /^4\s+qty\s+lots\s+Not a whole number/);
  assert.match(await page.getByTestId("import-demand-errors").innerText(), /2 rows have errors\. Nothing is imported/);
  assert.equal(await page.getByTestId("import-confirm").count(), 0, "no import while rows have errors");
  await shot(page, "parts-import-errors-en-1024x768");
  await openParts(page);
  // Still every carparts part, and the list kept its filter while the user was away.
  assert.equal(await page.getByTestId("parts-shown").innerText(), "1 of 2,674 parts");
  await page.getByTestId("parts-search").fill("");
  assert.equal(await page.getByTestId("parts-shown").innerText(), shown);
  await page.getByTestId("parts-filter-class").selectOption({ label: "All" });
  assert.equal(await page.getByTestId("parts-shown").innerText(), "2,674 of 2,674 parts");
  await page.getByTestId("parts-search").fill("NEW-");
  await page.getByTestId("parts-none").waitFor();

  // An intermittent part whose own method leads the blend by more than noise: the blend is
  // pulled toward it, as far as the lead is sure, and the page says how far and why.
  await openCarpartsPart(page, "21050410");
  const pulled = (await page.getByTestId("part-method-name").innerText()).match(
    /^Learned blend of recent means, pulled (\d+\.\d)\u00a0% toward ADIDA \(temporal aggregation\)$/,
  );
  assert.ok(pulled, await page.getByTestId("part-method-name").innerText());
  const why = (await page.getByTestId("part-method-why").innerText()).match(
    /^Over rolling holdouts of this part's history, the error of ADIDA \(temporal aggregation\) was (\d+\.\d)\u00a0% below that of the blend learned from every part of the workspace, a lead of (\d+\.\d\d) standard errors\. So the forecast moves 1 − 1\/t² = (\d+\.\d)\u00a0% of the way/,
  );
  assert.ok(why, await page.getByTestId("part-method-why").innerText());
  const [, lead, t, weight] = why;
  assert.equal(weight, pulled[1], "the name and the sentence give one weight");
  assert.ok(Number(t) > 1 && Math.abs(Number(weight) / 100 - (1 - 1 / Number(t) ** 2)) < 0.005, `t ${t}, weight ${weight} %`);
  // The blend stays the chosen row; ADIDA's row is marked as the one pulling, and its change
  // against the blend is the lead the sentence quotes. Three significant digits tell the two
  // errors apart (at two decimals both were 0.31).
  const blendRow = holdoutRow(page, ".chosen");
  assert.equal(await blendRow.getAttribute("data-method"), "blend");
  assert.equal(await blendRow.getByTestId("holdout-vs-blend").innerText(), "—");
  const toward = holdoutRow(page, ".toward");
  assert.equal(await toward.locator("td").first().innerText(), "ADIDA (temporal aggregation)");
  assert.equal(await toward.getByTestId("holdout-vs-blend").innerText(), `-${lead}\u00a0%`);
  const [towardError, blendError] = [await toward.locator("td").nth(1).innerText(), await blendRow.locator("td").nth(1).innerText()];
  assert.match(towardError, /^0\.\d{3}$/);
  assert.ok(Number(towardError) < Number(blendError), `${towardError} against the blend's ${blendError}`);
  await shot(page, "parts-pulled-blend-en-1024x768");

  // A part whose seasonal method is ahead of the blend in its holdout: it does not pull, and
  // the page says why.
  await openParts(page);
  await openCarpartsPart(page, "21029700");
  assert.match(await holdoutRow(page, '[data-method="seasonal"]').getByTestId("holdout-vs-blend").innerText(), /^-\d+\.\d\u00a0%$/);
  assert.equal(await holdoutRow(page, '[data-method="seasonal"].toward').count(), 0);
  assert.equal(
    await page.getByTestId("part-method-seasonal").innerText(),
    "The seasonal method's lower error does not count here: its indices were fitted on those very months.",
  );
  await shot(page, "parts-seasonal-ahead-en-1024x768");

  // A series with 12 known months, one short of a holdout: the blend as it is, and no table.
  await openParts(page);
  await openCarpartsPart(page, "22682727");
  assert.equal(await page.getByTestId("part-method-name").innerText(), "Learned blend of recent means");
  assert.match(await page.getByTestId("part-method-why").innerText(), /^This part's history is too short for a rolling holdout, so it uses the blend below/);
  assert.equal(await page.getByTestId("holdout-error").count(), 0);
});

test("the stock policy is validated in Settings and every part is planned with it (zh-CN, portrait tablet)", async () => {
  const { page } = await env.open({ locale: "zh-CN", viewport: { width: 800, height: 1280 }, hasTouch: true });
  await visit(page, "#/settings");
  const card = page.getByTestId("policy-settings");
  await card.waitFor();
  assert.equal(await page.getByTestId("policy-service-level").inputValue(), "95");
  assert.equal(await page.getByTestId("policy-cover-min").inputValue(), "130");
  assert.equal(await page.getByTestId("policy-cover-max").inputValue(), "150");
  await page.getByTestId("policy-service-level").fill("100");
  await page.getByTestId("policy-cover-max").fill("120");
  await page.getByTestId("policy-dead-months").fill("半年");
  await page.getByTestId("policy-save").tap();
  assert.equal(await page.getByTestId("policy-service-level-error").innerText(), "应在 50 到 99.9 之间。");
  assert.equal(await page.getByTestId("policy-cover-max-error").innerText(), "不能低于下限。");
  assert.equal(await page.getByTestId("policy-dead-months-error").innerText(), "请输入整数。");
  assert.equal(await page.getByTestId("policy-message").count(), 0, "nothing saved");
  await card.scrollIntoViewIfNeeded();
  await shot(page, "parts-policy-errors-zh-CN-800x1280");
  await page.getByTestId("policy-service-level").fill("97.5");
  await page.getByTestId("policy-cover-max").fill("160");
  await page.getByTestId("policy-dead-months").fill("６");
  await page.getByTestId("policy-save").tap();
  assert.match(await page.getByTestId("policy-message").innerText(), /库存策略已保存/);

  await pickImport(page, CARPARTS, { kind: "demand", from: "parts" });
  await confirmImport(page);
  await openParts(page);
  await page.getByTestId("part-row").first().tap();
  await page.getByTestId("part-policy").waitFor();
  assert.match(await page.getByTestId("part-days-cover").innerText(), /目标 130–160 天/);
  assert.match(await page.getByTestId("part-policy").innerText(), /按 97\.5% 服务水平/);
  assert.match(await page.getByTestId("part-blend").innerText(), /^由 [\d,]+ 个配件的历史学得的组合：-?\d\.\d\d × 近 6 个月均值 \+ .+ × 近 24 个月均值。$/);
  await shot(page, "parts-part-zh-CN-800x1280");
  await page.reload();
  await page.getByTestId("part-policy").waitFor({ timeout: 120_000 });
  assert.match(await page.getByTestId("part-days-cover").innerText(), /目标 130–160 天/);
});
