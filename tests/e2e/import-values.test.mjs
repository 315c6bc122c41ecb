// Import: a dealer's own words for sources, statuses, customer types and provinces mapped once
// onto Kehu's choices (and remembered), and files refused with what they really are.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { checkImport, confirmImport, pickImport, press, visit } from "./support/actions.mjs";
import { tileCount } from "./support/checks.mjs";
import { fixture, tempFile } from "./support/inputs.mjs";
import { LANDSCAPE_TABLET, PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

// 20 words Kehu's choices do not hold: 6 sources, 5 statuses, 5 customer types, 4 provinces.
const SOURCES = ["B2B网站", "制造商线索", "阿里巴巴", "朋友介绍", "抖音", "百度推广"];
const STATUSES = ["意向客户", "成交客户", "潜客", "重点客户", "老主顾"];
const TYPES = ["个体户", "央企", "事业单位", "施工单位", "外资企业"];
const PROVINCES = ["苏", "湘", "江苏南京", "粤"];
/** The words no suggestion fits, kept as written. */
const AS_WRITTEN = ["抖音", "老主顾", "外资企业"];

function dealerList() {
  const lines = ["公司名称,客户来源,客户状态,客户类型,省份"];
  for (let i = 0; i < 20; i++) {
    const row = [`经销客户${i + 1}有限公司`, SOURCES[i % 6], STATUSES[i % 5], TYPES[i % 5], PROVINCES[i % 4]];
    lines.push(row.join(","));
  }
  return tempFile("经销商客户.csv", Buffer.from(lines.join("\n") + "\n"));
}

/** The select of the value step's row showing `word`. */
const valueSelect = (page, word) =>
  page.getByTestId("import-value-row").filter({ has: page.getByRole("rowheader", { name: word, exact: true }) }).locator("select");

/** Opens the customer called `company` from the list, found by its name. */
async function openImported(page, company) {
  await visit(page, "#/customers");
  await page.getByTestId("customer-search").fill(company);
  await page.getByText(company, { exact: true }).first().tap();
  await page.getByTestId("customer-company").filter({ hasText: company }).waitFor();
}

/** Whether every select of the import page ends inside the viewport (nothing cut off at the right). */
async function selectsFit(page) {
  const width = page.viewportSize().width;
  const rights = await page.locator('[data-testid="import"] select').evaluateAll((selects) =>
    selects.map((s) => s.getBoundingClientRect().right),
  );
  return rights.every((right) => right <= width);
}

test("a dealer's own words are mapped once, imported in Chinese, remembered, and kept as written", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET });
  await visit(page);
  const file = dealerList();
  await pickImport(page, file, { from: "customers" });
  await page.getByTestId("import-values").waitFor();
  assert.equal(await page.getByTestId("import-value-row").count(), 20, "each distinct word once");
  assert.match(await page.getByTestId("import-values").innerText(), /文件中有 20 个取值不在 Kehu 的选项中/);
  const suggested = [
    ["B2B网站", "b2b_site"],
    ["制造商线索", "manufacturer_lead"],
    ["朋友介绍", "referral"],
    ["潜客", "potential"],
    ["央企", "state_owned"],
    ["苏", "CN-JS"],
    ["江苏南京", "CN-JS"],
    ["粤", "CN-GD"],
  ];
  for (const [word, choice] of suggested) assert.equal(await valueSelect(page, word).inputValue(), choice, word);
  const count = page.getByTestId("import-value-row").filter({ has: page.getByRole("rowheader", { name: "苏", exact: true }) });
  assert.match(await count.innerText(), /\s5\s/, "苏 is on 5 rows");
  for (const word of AS_WRITTEN) {
    assert.equal(await valueSelect(page, word).inputValue(), "", `${word}: no suggestion`);
    await valueSelect(page, word).selectOption("*");
  }
  assert.ok(await selectsFit(page), "no select is cut off at 768 px");
  await shot(page, "import-values-zh-CN-768x1024");

  await checkImport(page);
  assert.match(await page.getByTestId("import-counts").innerText(), /20 行可以导入；0 行有错误/);
  assert.match(await confirmImport(page), /新增 20，更新 0，未变 0，跳过 0/);
  await visit(page, "#/");
  assert.equal(await tileCount(page, "customers"), 20);

  // Kept as written: the field takes "other" where it has one, and the word shows as typed.
  await openImported(page, "经销客户5有限公司");
  const custom = page.getByTestId("customer-custom");
  await custom.waitFor();
  assert.match(await custom.innerText(), /客户来源\s+抖音/);
  assert.match(await custom.innerText(), /客户状态\s+老主顾/);
  assert.match(await custom.innerText(), /客户类型\s+外资企业/);
  assert.match(await page.getByTestId("customer-detail").innerText(), /其他/);
  await shot(page, "import-values-customer-zh-CN-768x1024");
  await openImported(page, "经销客户1有限公司");
  const detail = await page.getByTestId("customer-detail").innerText();
  assert.match(detail, /B2B 平台/, "B2B网站 became Kehu's choice");
  assert.match(detail, /江苏/);
  assert.match(detail, /自买自用/);

  // The same file again: nothing to map, every row matches a stored customer.
  await pickImport(page, file, { from: "customers" });
  assert.equal(await page.getByTestId("import-values").count(), 0, "the words are remembered");
  await checkImport(page);
  assert.match(await page.getByTestId("import-counts").innerText(), /20 行可以导入；0 行有错误/);
  assert.match(await page.getByTestId("import-duplicates").innerText(), /20/);
});

test("the value step fits a landscape tablet, in English", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await visit(page);
  await pickImport(page, dealerList(), { from: "customers" });
  await page.getByTestId("import-values").waitFor();
  assert.match(await page.getByTestId("import-values").innerText(), /20 values in the file are not among Kehu's choices/);
  assert.equal(await valueSelect(page, "B2B网站").inputValue(), "b2b_site");
  assert.ok(await selectsFit(page), "no select is cut off at 1024 px");
  await shot(page, "import-values-en-1024x768");
  // Not mapped: the rows using the word fail with the values the field takes.
  await checkImport(page);
  assert.match(await page.getByTestId("import-counts").innerText(), /14 rows are ready to import; 6 rows have errors/);
});

for (const [locale, says] of [
  [
    "en-US",
    {
      header: /header\.csv has a header row \(5 columns\) but no rows of data under it/,
      text: /notes\.xlsx is a text file, not a workbook/,
      image: /photo\.xlsx is a PNG image, not a table/,
      pdf: /scan\.csv is a PDF document, not a table/,
      sheet: /The first sheet of 客户清单\.xls, “说明”, is empty/,
      other: /Read another sheet instead/,
      summary: /2 rows, 2 columns · Workbook, sheet “客户” · really an XLSX workbook, whatever its name says/,
    },
  ],
  [
    "zh-CN",
    {
      header: /header\.csv 只有表头（5 列），下面没有数据行/,
      text: /notes\.xlsx 是文本文件，不是工作簿/,
      image: /photo\.xlsx 是 PNG 图片，不是表格/,
      pdf: /scan\.csv 是 PDF 文档，不是表格/,
      sheet: /客户清单\.xls 的第一个工作表「说明」是空的/,
      other: /改为读取其他工作表/,
      summary: /2 行，2 列 · 工作簿（工作表「客户」） · 实为 XLSX 工作簿（与文件扩展名不符）/,
    },
  ],
]) {
  test(`refused files say what they are and where (${locale})`, async () => {
    const { page } = await env.open({ locale, ...PORTRAIT_TABLET });
    await visit(page);
    const refused = async (name, bytes, pattern) => {
      await pickImport(page, tempFile(name, bytes), { from: "customers", until: "import-message" });
      assert.match(await page.getByTestId("import-message").innerText(), pattern, name);
    };
    await refused("header.csv", Buffer.from("公司名称,客户来源,客户状态,客户类型,省份\n"), says.header);
    await refused("notes.xlsx", Buffer.from("Call Mr Wang on Monday about the loader.\n"), says.text);
    await refused("photo.xlsx", Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), Buffer.alloc(256)]), says.image);
    await refused("scan.csv", Buffer.from("%PDF-1.7\n%âãÏÓ\n"), says.pdf);

    // A workbook whose first sheet is empty, and named as another format of workbook.
    const workbook = tempFile("客户清单.xls", readFileSync(fixture("import", "empty-first-sheet.xlsx")));
    await pickImport(page, workbook, { from: "customers", until: "import-message" });
    assert.match(await page.getByTestId("import-message").innerText(), says.sheet);
    assert.match(await page.getByTestId("import-sheets").innerText(), says.other);
    await shot(page, `import-refused-sheet-${locale}-768x1024`);
    await press(page.getByTestId("import-sheets").getByRole("button", { name: "客户" }));
    await page.getByTestId("import-mapping").waitFor();
    assert.match(await page.getByTestId("import-summary").innerText(), says.summary);
  });
}
