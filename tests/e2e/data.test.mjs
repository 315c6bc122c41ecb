// Settings → Export and Backup and restore: files a user downloads and picks, as a user would.
import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { addPerson, download, openDemo, pickBackup, visit } from "./support/actions.mjs";
import { tileCount, withoutTime } from "./support/checks.mjs";
import { fixture, tempFile } from "./support/inputs.mjs";
import { personOption } from "./support/locators.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("backup, change, restore, backup again gives the same file; damaged files change nothing", async () => {
  const { page } = await env.open({ locale: "en-US", acceptDownloads: true });
  await openDemo(page);
  await page.getByTestId("backup").scrollIntoViewIfNeeded();

  await page.getByTestId("backup-gzip").uncheck();
  const plain = await download(page, "backup-download");
  assert.match(plain.name, /^kehu-demo-backup-\d{4}-\d{2}-\d{2}\.json$/);
  assert.match(await page.getByTestId("backup-message").innerText(), /Saved kehu-demo-backup-.*\.json/);
  const backup = JSON.parse(plain.bytes.toString("utf8"));
  assert.equal(backup.format, "kehu-backup");
  assert.equal(backup.stores.customers.length, 300);

  await page.getByTestId("backup-gzip").check();
  const packed = await download(page, "backup-download");
  assert.match(packed.name, /\.json\.gz$/);
  assert.ok(packed.bytes.length * 4 < plain.bytes.length, `gzip ${packed.bytes.length} vs ${plain.bytes.length}`);
  assert.equal(withoutTime(gunzipSync(packed.bytes)), withoutTime(plain.bytes));

  // A change after the backup: a new colleague.
  await addPerson(page, "Temporary Colleague");
  const colleague = personOption(page, "Temporary Colleague");

  // Damaged and foreign files are refused with the reason, and nothing changes.
  const cut = tempFile("cut.json", plain.bytes.subarray(0, Math.floor(plain.bytes.length / 2)));
  await pickBackup(page, cut);
  const truncated = await page.getByTestId("backup-message").innerText();
  assert.match(truncated, /ends too early \(line \d+, character \d+\).*Nothing was changed/);
  const foreign = tempFile("other.json", Buffer.from('{"hello": "world"}'));
  await pickBackup(page, foreign);
  assert.match(await page.getByTestId("backup-message").innerText(), /not a Kehu backup/);
  const broken = tempFile("broken.json", Buffer.from(plain.bytes.toString("utf8").replace('"customers":[', '"customers":[}')));
  await pickBackup(page, broken);
  assert.match(await page.getByTestId("backup-message").innerText(), /damaged at line \d+, character \d+/);
  await shot(page, "backup-refused-en");
  assert.equal(await page.getByTestId("restore-summary").count(), 0);
  await colleague.waitFor({ state: "attached" });

  // The good backup: a summary first, then the replacement.
  await pickBackup(page, tempFile(plain.name, plain.bytes));
  const summary = await page.getByTestId("restore-summary").innerText();
  assert.match(summary, /Backup of “kehu-demo”/);
  assert.match(summary, /Customers: 300/);
  await shot(page, "backup-restore-summary-en");
  await page.getByTestId("restore-confirm").click();
  await page.getByText(/Restored [\d,]+ records from \S*kehu-demo-backup-\d{4}-\d{2}-\d{2}\.json\./).waitFor({ timeout: 60_000 });
  assert.equal(await colleague.count(), 0);

  const again = await download(page, "backup-download");
  assert.equal(withoutTime(gunzipSync(again.bytes)), withoutTime(plain.bytes), "backup → restore → backup is identical");

  await visit(page, "#/");
  assert.equal(await tileCount(page, "customers"), 300);
});

test("a backup from the first schema restores on a tablet, in Chinese", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET });
  await visit(page, "#/settings");
  await pickBackup(page, fixture("backup", "v1-before-custom-fields.json"));
  assert.match(await page.getByTestId("restore-summary").innerText(), /数据结构 v1/);
  await page.getByTestId("restore-confirm").tap();
  await page.getByText(/已从 v1-before-custom-fields\.json 恢复 5 条记录/).waitFor();
  await shot(page, "backup-restored-zh-CN-768x1024");
  await visit(page, "#/customers");
  await page.getByText("新疆天山路桥工程有限公司").first().waitFor();
});

test("exports: an Excel workbook, GBK and UTF-8 CSV, and contact cards", async () => {
  const { page } = await env.open({ locale: "zh-CN", acceptDownloads: true });
  await openDemo(page);
  await visit(page, "#/");
  const contacts = await tileCount(page, "contacts");
  await visit(page, "#/settings");
  await page.getByTestId("export").scrollIntoViewIfNeeded();

  const workbook = await download(page, "export-button");
  assert.match(workbook.name, /^kehu-customers-\d{4}-\d{2}-\d{2}\.xlsx$/);
  assert.equal(workbook.bytes.subarray(0, 2).toString(), "PK");
  assert.match(await page.getByTestId("export-message").innerText(), /已导出 300 行/);

  await page.getByTestId("export-format").selectOption("csv-gbk");
  const gbk = await download(page, "export-button");
  const text = new TextDecoder("gbk").decode(gbk.bytes);
  const lines = text.trimEnd().split("\r\n");
  assert.ok(lines[0].startsWith("客户编号,公司名称,"), lines[0]);
  assert.equal(lines.length, 301);

  await page.getByTestId("export-table").selectOption("orders");
  await page.getByTestId("export-format").selectOption("csv");
  const orders = await download(page, "export-button");
  assert.deepEqual([...orders.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with BOM, so Excel reads it");
  assert.ok(orders.bytes.toString("utf8").includes("订单号"));

  await page.getByTestId("export-table").selectOption("contacts");
  await page.getByTestId("export-format").selectOption("vcf");
  const cards = await download(page, "export-button");
  const vcf = cards.bytes.toString("utf8");
  assert.equal(vcf.match(/^BEGIN:VCARD\r$/gm).length, contacts);
  assert.equal(vcf.match(/^END:VCARD\r$/gm).length, contacts);
  await shot(page, "export-zh-CN");

  // Address-book cards are for contacts only: another table falls back to Excel.
  await page.getByTestId("export-table").selectOption("interactions");
  assert.equal(await page.getByTestId("export-format").inputValue(), "xlsx");
  assert.equal(await page.getByTestId("export-format").locator('option[value="vcf"]').count(), 0);
});
