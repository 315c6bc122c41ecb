// Import: real files as they come — Maven's accounts and sales teams, a GBK CSV from Chinese
// Excel with bad rows, our own XLSX export read back, damaged files — tapped through on a tablet.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkImport, confirmImport, download, openDemo, openRelated, pickImport, visit } from "./support/actions.mjs";
import { tileCount } from "./support/checks.mjs";
import { fixture, tempFile } from "./support/inputs.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("Maven's sales teams and accounts import as the files are, and again without duplicates", async () => {
  const { page } = await env.open({ locale: "en-US", ...PORTRAIT_TABLET });
  await visit(page);

  await pickImport(page, fixture("maven-crm", "sales_teams.csv"), { kind: "users", from: "customers" });
  assert.equal(await page.getByTestId("import-user-row").count(), 41, "35 agents and 6 managers");
  await shot(page, "import-teams-en-768x1024");
  assert.match(await confirmImport(page), /41 people added, 0 updated/);

  await pickImport(page, fixture("maven-crm", "accounts.csv"), { from: "customers" });
  assert.match(await page.getByTestId("import-summary").innerText(), /accounts\.csv: 85 rows, 7 columns · UTF-8 · Comma/);
  assert.equal(await page.getByTestId("import-target-0").inputValue(), "company");
  assert.equal(await page.getByTestId("import-target-1").inputValue(), "industry");
  assert.equal(await page.getByTestId("import-target-3").inputValue(), "custom:revenue");
  assert.equal(await page.getByTestId("import-target-5").inputValue(), "country");
  assert.equal(await page.getByTestId("import-target-6").inputValue(), "parent_company");
  await checkImport(page);
  assert.match(await page.getByTestId("import-counts").innerText(), /85 rows are ready to import; 0 rows have errors/);
  assert.equal(await page.getByTestId("import-preview-row").count(), 20);
  await shot(page, "import-accounts-checked-en-768x1024");
  // A changed mapping needs a new check, which reads the file again.
  await page.getByTestId("import-target-4").selectOption("");
  await page.getByTestId("import-result").waitFor({ state: "detached" });
  await checkImport(page);
  assert.match(await page.getByTestId("import-counts").innerText(), /85 rows are ready to import; 0 rows have errors/);
  assert.match(await confirmImport(page), /85 new, 0 updated, 0 unchanged, 0 skipped/);

  await page.getByTestId("import-show-customers").tap();
  await page.getByText("Acme Corporation").first().waitFor();
  await visit(page, "#/");
  assert.equal(await tileCount(page, "customers"), 85);
  assert.equal(await tileCount(page, "users"), 41);

  // The same file again: every row is a stored customer, and the mapping is remembered.
  await pickImport(page, fixture("maven-crm", "accounts.csv"), { from: "customers" });
  await page.getByText(/mapped as the last time/).waitFor();
  await checkImport(page);
  assert.match(await page.getByTestId("import-duplicates").innerText(), /85 rows match customers already stored: 85 by company name/);
  assert.match(await page.getByTestId("import-confirm").innerText(), /Import 0 customers/);
  await page.getByTestId("import-policy-update").check();
  assert.match(await confirmImport(page), /0 new, 0 updated, 85 unchanged, 0 skipped/);
  await visit(page, "#/");
  assert.equal(await tileCount(page, "customers"), 85);
});

test("a GBK CSV from Chinese Excel: errors by row and column, then the good rows only", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET });
  await visit(page);
  await pickImport(page, fixture("import", "customers-gbk.csv"), { from: "customers" });
  assert.match(await page.getByTestId("import-summary").innerText(), /5 行，11 列 · GBK/);
  await checkImport(page);
  assert.match(await page.getByTestId("import-counts").innerText(), /3 行可以导入；2 行有错误/);
  const errors = await page.getByTestId("import-error").allInnerTexts();
  assert.equal(errors.length, 2);
  assert.match(errors[0], /^4\s+邮箱\s+not-an-email\s+不是有效的邮箱地址/);
  assert.match(errors[1], /^6\s+省份\s+火星\s+不是中国的省份或地区/);
  assert.ok(await page.getByTestId("import-confirm").isDisabled(), "nothing is imported while rows have errors");
  await shot(page, "import-gbk-errors-zh-CN-768x1024");

  await page.getByTestId("import-skip-errors").check();
  assert.match(await confirmImport(page), /新增 3，更新 0，未变 0，跳过 0/);
  await visit(page, "#/customers");
  await page.getByText("新疆天山矿业有限公司").first().tap();
  await openRelated(page, "contacts");
  await page.getByTestId("contact").getByText("艾力").waitFor();
  assert.match(await page.getByTestId("customer-detail").innerText(), /煤炭、铁矿石/);
  await openRelated(page, "history");
  // The import is on the customer's timeline, with the file it came from.
  assert.match(await page.getByTestId("history-reason").first().innerText(), /从 customers-gbk\.csv 导入/);
  await shot(page, "import-gbk-customer-zh-CN-768x1024");
});

test("a customer workbook exported from Kehu imports back unchanged", async () => {
  const { page } = await env.open({ locale: "en-US", acceptDownloads: true });
  await openDemo(page);
  await page.getByTestId("export").scrollIntoViewIfNeeded();
  const exported = await download(page, "export-button");
  const workbook = tempFile(exported.name, exported.bytes);

  await pickImport(page, workbook, { from: "customers" });
  assert.match(await page.getByTestId("import-summary").innerText(), /300 rows.*Workbook, first sheet/);
  await checkImport(page);
  assert.match(await page.getByTestId("import-counts").innerText(), /300 rows are ready to import; 0 rows have errors/);
  assert.match(await page.getByTestId("import-duplicates").innerText(), /300 by ID/);
  await page.getByTestId("import-policy-update").check();
  assert.match(await confirmImport(page), /0 new, 0 updated, 300 unchanged, 0 skipped/);
  await visit(page, "#/");
  assert.equal(await tileCount(page, "customers"), 300);
});

test("damaged, foreign and oversized files are refused with the reason; a long check can be cancelled", async () => {
  const { page } = await env.open({ locale: "en-US" });
  await visit(page);
  const refused = async (name, bytes, pattern) => {
    await pickImport(page, tempFile(name, bytes), { from: "customers", until: "import-message" });
    assert.match(await page.getByTestId("import-message").innerText(), pattern, name);
  };
  const png = Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), Buffer.alloc(256)]);
  await refused("photo.xlsx", png, /photo\.xlsx is a PNG image, not a table/);
  await refused("photo.csv", png, /photo\.csv is a PNG image, not a table/);
  await refused("data.csv", Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)), /neither a text file nor a spreadsheet/);
  await refused("empty.csv", Buffer.alloc(0), /empty\.csv is empty/);
  await refused("quote.csv", Buffer.from('company,city\n"Sany,Changsha\nXCMG,Xuzhou\n'), /quote opened in row 2, column 1 is never closed/);
  await refused("twice.csv", Buffer.from("company,Company\nSany,x\n"), /column 2 has the same name as column 1/);
  await refused("big.csv", Buffer.alloc(50_000_000, 0x41), /big\.csv is 50 MB; Kehu imports files of up to 32 MB/);
  await shot(page, "import-refused-en");

  // 150,000 rows, and Cancel tapped as soon as the progress shows: nothing is saved.
  const lines = ["company,city,phone"];
  for (let i = 0; i < 150_000; i++) lines.push(`Customer ${i} Ltd,City ${i % 50},138${String(i).padStart(8, "0")}`);
  await pickImport(page, tempFile("many.csv", Buffer.from(lines.join("\n"))), { from: "customers" });
  await page.evaluate(() => {
    new MutationObserver((_, observer) => {
      const cancel = document.querySelector('[data-testid="import-cancel"]');
      if (cancel) {
        observer.disconnect();
        cancel.click();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId("import-check").click();
  await page.getByText("The check was stopped. Nothing was saved.").waitFor({ timeout: 30_000 });
  await visit(page, "#/");
  assert.equal(await tileCount(page, "customers"), 0);
});
