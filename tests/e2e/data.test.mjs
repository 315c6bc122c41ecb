// Settings → Export and Backup and restore: files a user downloads and picks, as a user would.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { ROOT, createDemo, e2eSuite, shot, tileCount } from "./support.mjs";

const env = e2eSuite();

/** Clicks `testId` and returns the downloaded file's name and bytes. */
async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** Writes `bytes` to a temporary file named `name`, for a file input. */
function tempFile(name, bytes) {
  const file = path.join(os.tmpdir(), `kehu-e2e-${process.pid}-${name}`);
  writeFileSync(file, bytes);
  return file;
}

/** Picks a backup file and waits for the summary or the error. */
async function pickBackup(page, file) {
  await page.getByTestId("restore-file").setInputFiles(file);
  await page.locator('[data-testid="restore-summary"], [data-testid="backup-message"]').first().waitFor();
}

/** The added colleague, as the current-user picker lists them. */
const colleague = (page) => page.getByTestId("current-user").locator("option", { hasText: "Temporary Colleague" });

const withoutTime = (bytes) => bytes.toString("utf8").replace(/"created_ms":\d+/, '"created_ms":0');

test("backup, change, restore, backup again gives the same file; damaged files change nothing", async () => {
  const { page } = await env.open({ locale: "en-US", acceptDownloads: true });
  await page.goto(env.server.url);
  await createDemo(page);
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
  await page.getByTestId("new-user-name").fill("Temporary Colleague");
  await page.getByTestId("add-user").click();
  await colleague(page).waitFor({ state: "attached" });

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
  await colleague(page).waitFor({ state: "attached" });

  // The good backup: a summary first, then the replacement.
  await pickBackup(page, tempFile(plain.name, plain.bytes));
  const summary = await page.getByTestId("restore-summary").innerText();
  assert.match(summary, /Backup of “kehu-demo”/);
  assert.match(summary, /Customers: 300/);
  await shot(page, "backup-restore-summary-en");
  await page.getByTestId("restore-confirm").click();
  await page.getByText(/Restored [\d,]+ records from \S*kehu-demo-backup-\d{4}-\d{2}-\d{2}\.json\./).waitFor({ timeout: 60_000 });
  assert.equal(await colleague(page).count(), 0);

  const again = await download(page, "backup-download");
  assert.equal(withoutTime(gunzipSync(again.bytes)), withoutTime(plain.bytes), "backup → restore → backup is identical");

  await page.goto(env.server.url + "#/");
  assert.equal(await tileCount(page, "customers"), 300);
});

test("a backup from the first schema restores on a tablet, in Chinese", async () => {
  const { page } = await env.open({ locale: "zh-CN", viewport: { width: 768, height: 1024 }, hasTouch: true });
  await page.goto(env.server.url + "#/settings");
  await pickBackup(page, path.join(ROOT, "tests/fixtures/backup/v1-before-custom-fields.json"));
  assert.match(await page.getByTestId("restore-summary").innerText(), /数据结构 v1/);
  await page.getByTestId("restore-confirm").tap();
  await page.getByText(/已从 v1-before-custom-fields\.json 恢复 5 条记录/).waitFor();
  await shot(page, "backup-restored-zh-CN-768x1024");
  await page.goto(env.server.url + "#/customers");
  await page.getByText("新疆天山路桥工程有限公司").first().waitFor();
});

test("exports: an Excel workbook, GBK and UTF-8 CSV, and contact cards", async () => {
  const { page } = await env.open({ locale: "zh-CN", acceptDownloads: true });
  await page.goto(env.server.url);
  await createDemo(page);
  await page.goto(env.server.url + "#/");
  const contacts = await tileCount(page, "contacts");
  await page.goto(env.server.url + "#/settings");
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
