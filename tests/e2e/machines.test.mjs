// The installed base on a tablet: a machine added by touch (its form refusing a taken serial and
// fractional hours first, each under its field) is listed, audited, and counted by the parts
// forecast of the parts that fit its model; the list and form in Chinese.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openDemo, visit } from "./support/actions.mjs";
import { installedBaseExpected } from "./support/checks.mjs";
import { lastMonth, lastMonthShown } from "./support/inputs.mjs";
import { machineFieldError } from "./support/locators.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("a machine added by touch counts in the installed base of the parts that fit its model", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await openDemo(page);

  // A smooth part (steady demand, so its rate per 1,000 hours is well above zero).
  await page.getByTestId("nav-parts").tap();
  await page.getByTestId("parts-recompute").waitFor({ timeout: 120_000 });
  await page.getByTestId("parts-filter-class").selectOption({ label: "Smooth" });
  await page.getByTestId("part-row").first().tap();
  await page.getByTestId("part-drivers").waitFor({ timeout: 120_000 });
  const partUrl = page.url();
  const model = (await page.getByTestId("part-supplier-line").getAttribute("data-fits")).split("\n")[0];
  assert.ok(model.length > 0, "the part fits a model");
  const before = await installedBaseExpected(page);

  // The machines list, from the parts list.
  await visit(page, "#/parts");
  await page.getByTestId("parts-machines").tap();
  const rows = page.getByTestId("machine-row");
  await rows.first().waitFor();
  const total = Number((await page.getByTestId("machines-shown").innerText()).match(/of ([\d,]+) machines/)[1].replaceAll(",", ""));
  assert.ok(total > 0, "the demo has machines");
  const takenSerial = await rows.first().getAttribute("data-serial");
  const customer = await rows.first().locator("td").nth(2).innerText();
  await page.getByTestId("machines-search").fill(model);
  await rows.first().waitFor();
  for (const cell of await rows.locator("td:nth-child(2)").allInnerTexts()) assert.equal(cell, model);
  await shot(page, "machines-list-en-1024x768", { fullPage: false });

  // The form: a taken serial and fractional hours are refused under their fields.
  await page.getByTestId("machines-add").tap();
  await page.getByTestId("field-serial").fill(takenSerial.toLowerCase());
  await page.getByTestId("field-model").fill(model);
  await page.getByTestId("field-customer").fill("No Such Customer Ltd");
  await page.getByTestId("field-delivered").fill(lastMonth());
  await page.getByTestId("field-hours").fill("12.5");
  await page.getByTestId("field-hours-per-month").fill("700");
  await page.getByTestId("save-machine").tap();
  assert.equal(await machineFieldError(page, "serial").innerText(), "Another machine already has this serial number.");
  assert.equal(await machineFieldError(page, "customer").innerText(), "No customer has this name.");
  assert.equal(await machineFieldError(page, "hours").innerText(), "A whole number from 0 to 262800.");
  assert.equal(await page.getByTestId("form-problems").isVisible(), true);
  assert.equal(page.url().endsWith("#/parts/machines/new"), true, "nothing saved");
  await shot(page, "machine-form-errors-en-1024x768");

  await page.getByTestId("field-serial").fill("E2E-0001");
  await page.getByTestId("field-customer").fill(customer);
  await page.getByTestId("field-hours").fill("600");
  await page.getByTestId("field-status").selectOption({ label: "Active" });
  await page.getByTestId("save-machine").tap();
  await page.getByTestId("machine-list").waitFor();
  await page.getByTestId("machines-search").fill("e2e-0001");
  assert.equal(await rows.count(), 1);
  assert.deepEqual(await rows.first().locator("td").allInnerTexts(), ["E2E-0001", model, customer, lastMonthShown(), "600", "700", "Active"]);
  assert.match(await page.getByTestId("machines-shown").innerText(), new RegExp(`^1 of ${(total + 1).toLocaleString("en-US")} machines$`));

  // The part's forecast counts it: 700 h a month more on its model.
  await page.goto(partUrl);
  await page.getByTestId("part-drivers").waitFor({ timeout: 120_000 });
  const after = await installedBaseExpected(page);
  assert.ok(after > before, `installed base ${before} → ${after} units`);
  await shot(page, "machine-part-installed-base-en-1024x768");

  // Edited: an idle machine does not work forward, so the part's installed base falls again.
  await visit(page, "#/parts/machines");
  await page.getByTestId("machines-search").fill("E2E-0001");
  await rows.first().locator("a").tap();
  await page.getByTestId("field-status").selectOption({ label: "Idle" });
  await page.getByTestId("save-machine").tap();
  await page.getByTestId("machine-list").waitFor();
  await page.goto(partUrl);
  await page.getByTestId("part-drivers").waitFor({ timeout: 120_000 });
  const idle = await installedBaseExpected(page);
  assert.ok(idle < after, `idle: ${after} → ${idle} units`);

  // Survives a reload.
  await visit(page, "#/parts/machines");
  await page.reload();
  await page.getByTestId("machines-search").fill("E2E-0001");
  assert.equal(await rows.locator("td").last().innerText(), "Idle");
});

test("the installed base in Chinese: list, empty form problems", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await openDemo(page);
  await visit(page, "#/parts/machines");
  await page.getByTestId("machine-row").first().waitFor();
  assert.match(await page.getByTestId("machines-shown").innerText(), /^共 [\d,]+ 台，显示 [\d,]+ 台$/);
  await shot(page, "machines-list-zh-CN-1024x768", { fullPage: false });
  await page.getByTestId("machines-add").tap();
  await page.getByTestId("field-delivered").fill("2999-01-01");
  await page.getByTestId("field-hours-per-month").fill("800");
  await page.getByTestId("save-machine").tap();
  assert.equal(await machineFieldError(page, "serial").innerText(), "必填。");
  assert.equal(await machineFieldError(page, "delivered").innerText(), "交付日期不能晚于今天。");
  assert.equal(await machineFieldError(page, "hours-per-month").innerText(), "请输入 0 到 744 之间的整数。");
  await shot(page, "machine-form-errors-zh-CN-1024x768");
});
