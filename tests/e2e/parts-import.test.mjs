// Parts master data, stock on hand and machines through the importer on a tablet: each file
// with one bad row names the row, column and value and stores nothing; fixed, it imports in
// one go, and the parts list shows the parts with their stock. The errors also in Chinese.
import assert from "node:assert/strict";
import { test } from "node:test";
import { confirmImport, pickImport, visit } from "./support/actions.mjs";
import { tempFile } from "./support/inputs.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

const PARTS_HEADER = "part number,name,English name,models,unit cost,price,supplier,lead time,pack size,criticality";
const PARTS_GOOD = [
  "60-0001,液压油滤芯,Hydraulic filter,SY215C、SY235C,¥85.00,128,恒立液压,21,10,high",
  "60-0002,斗齿,Bucket tooth,SY215C,42,63.5,宁波中策,30,5,medium",
];

test("parts, stock and machines files: a bad row is named and nothing stored; fixed, they import", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await visit(page);

  // Parts: the second row's cost is no amount and its criticality unknown.
  const badParts = [PARTS_HEADER, PARTS_GOOD[0], "60-0002,斗齿,Bucket tooth,SY215C,abc,63.5,宁波中策,30,5,vital"].join("\n");
  await pickImport(page, tempFile("bad-parts.csv", badParts), { kind: "parts" });
  assert.match(await page.getByTestId("import-records-errors").innerText(), /^1 rows have errors\. Nothing is imported/);
  const errors = await page.getByTestId("import-error").allInnerTexts();
  assert.equal(errors.length, 2);
  assert.match(errors[0], /^3\s+unit cost\s+abc\s+Not an amount/);
  assert.match(errors[1], /^3\s+criticality\s+vital\s+Not a criticality: low, medium or high\./);
  assert.equal(await page.getByTestId("import-confirm").count(), 0, "no import while a row has an error");
  await shot(page, "parts-master-import-errors-en-1024x768");
  await visit(page, "#/parts");
  await page.getByTestId("parts-empty").waitFor({ timeout: 60_000 });

  await pickImport(page, tempFile("parts.csv", [PARTS_HEADER, ...PARTS_GOOD].join("\n")), { kind: "parts" });
  assert.equal(await page.getByTestId("import-records-matches").innerText(), "2 new, 0 to update.");
  assert.equal(await confirmImport(page), "parts.csv: 2 parts created, 0 updated.");

  // Stock: a part number no part has.
  const stockHeader = "part number,location,on hand";
  const badStock = [stockHeader, "60-0001,长沙总部,12", "60-0009,长沙总部,3", "60-0001,成都分公司,4"].join("\n");
  await pickImport(page, tempFile("bad-stock.csv", badStock), { kind: "stock" });
  const stockErrors = await page.getByTestId("import-error").allInnerTexts();
  assert.equal(stockErrors.length, 1);
  assert.match(stockErrors[0], /^3\s+part number\s+60-0009\s+No part has this number\. Import the parts first\./);
  await shot(page, "parts-stock-import-errors-en-1024x768");
  await pickImport(page, tempFile("stock.csv", [stockHeader, "60-0001,长沙总部,12", "60-0002,长沙总部,3", "60-0001,成都分公司,4"].join("\n")), { kind: "stock" });
  assert.equal(await confirmImport(page), "stock.csv: stock set at 3 new and 0 existing locations.");

  // A second parts file updates by number, only in the cells it fills.
  await pickImport(page, tempFile("prices.csv", "配件号,售价\n60-0001,135\n60-0003,9.9\n"), { kind: "parts" });
  assert.equal(await page.getByTestId("import-records-matches").innerText(), "1 new, 1 to update.");
  assert.equal(await confirmImport(page), "prices.csv: 1 parts created, 1 updated.");

  // The parts list: three parts, with the stock summed over locations.
  await page.getByTestId("import-show-parts").tap();
  await page.getByTestId("parts-recompute").waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId("parts-shown").innerText(), "3 of 3 parts");
  await page.getByTestId("parts-search").fill("hydraulic");
  const row = page.getByTestId("part-row");
  assert.match(await row.innerText(), /60-0001[\s\S]*Hydraulic filter[\s\S]*On hand\s+16/);
  await shot(page, "parts-imported-en-1024x768", { fullPage: false });
  // Three parts without any history teach no blend: the page says why each part's own errors decide.
  await row.tap();
  await page.getByTestId("part-method").waitFor();
  assert.equal(
    await page.getByTestId("part-method-why").innerText(),
    "Chosen for this part by the least error over rolling holdouts of its own history: the workspace has too few parts with 24 months of history to learn a blend yet."
  );
  assert.equal(await page.getByTestId("part-blend").count(), 0);

  // Machines: a delivery in the future; fixed, both are stored and listed.
  const machinesHeader = "serial,model,customer,delivery date,hours,hours per month,status";
  const badMachines = [machinesHeader, "SY215C-2024-77001,SY215C,,2024/3/5,2100,150,active", "SY215C-2099-77002,SY215C,,2099-01-01,0,150,"].join("\n");
  await pickImport(page, tempFile("bad-machines.csv", badMachines), { kind: "machines" });
  const machineErrors = await page.getByTestId("import-error").allInnerTexts();
  assert.equal(machineErrors.length, 1);
  assert.match(machineErrors[0], /^3\s+delivery date\s+2099-01-01\s+A machine cannot be delivered after today\./);
  await pickImport(page, tempFile("machines.csv", [machinesHeader, "SY215C-2024-77001,SY215C,,2024/3/5,2100,150,active", "SY215C-2025-77002,SY215C,,2025-01-01,0,150,闲置"].join("\n")), { kind: "machines" });
  assert.equal(await confirmImport(page), "machines.csv: 2 machines created, 0 updated.");
  await visit(page, "#/parts/machines");
  await page.getByTestId("machine-row").first().waitFor();
  assert.equal(await page.getByTestId("machines-shown").innerText(), "2 of 2 machines");
  assert.deepEqual(
    await page.getByTestId("machine-row").first().locator("td").allInnerTexts(),
    ["SY215C-2024-77001", "SY215C", "", "5 Mar 2024", "2,100", "150", "Active"]
  );
  await shot(page, "machines-imported-en-1024x768", { fullPage: false });
});

test("a bad parts file in Chinese names its row and column", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await visit(page);
  const bad = ["配件号,名称,成本,交期,包装数量", "60-0001,液压油滤芯,85,21,10", "60-0001,斗齿,42,一个月,0"].join("\n");
  await pickImport(page, tempFile("bad-parts-zh.csv", bad), { kind: "parts" });
  const errors = await page.getByTestId("import-error").allInnerTexts();
  assert.equal(errors.length, 3);
  assert.match(errors[0], /^3\s+配件号\s+60-0001\s+与第 2 行重复。/);
  assert.match(errors[1], /^3\s+交期\s+一个月\s+请输入 0 到 730 之间的整数。/);
  assert.match(errors[2], /^3\s+包装数量\s+0\s+请输入 1 到 10000000 之间的整数。/);
  await shot(page, "parts-master-import-errors-zh-CN-1024x768");
});
