// Writes a database fixture: a release of Kehu, driven in Debian's Chromium as a user drives it,
// fills the Demo workspace and puts a handful of records of every kind into "My workspace" —
// including deletions (a contact removed, an order and a supplier deleted, a duplicate customer
// merged away), which from schema v4 on leave tombstones; then every Kehu IndexedDB database of
// the origin is dumped, value for value, to a gzipped JSON file that
// tests/fixtures/idb/restore.mjs puts back. One fixture per schema version: an upgrade is proven
// on what a released build wrote, not on records written by test code.
//
// Usage: node tools/fixture-db.mjs DIST_DIR OUTPUT.json.gz [COMMIT]
//
// Each committed fixture was made from a release build (`trunk build --release` of the commit,
// its dist/ kept aside), with the script as it stood then:
//   v3.json.gz (schema v3), commit ff97c01, before the deletions were driven:
//     node tools/fixture-db.mjs /tmp/release-ff97c01-dist tests/fixtures/idb/v3.json.gz ff97c01
//   v4.json.gz (schema v4), commit 2b20c66 (dist/ of a clean-clone CI run):
//     node tools/fixture-db.mjs /tmp/release-v4-dist tests/fixtures/idb/v4.json.gz 2b20c66
//   v5.json.gz (schema v5), commit 9ac7885:
//     node tools/fixture-db.mjs /tmp/release-v5-dist tests/fixtures/idb/v5.json.gz 9ac7885
//   v6.json.gz (schema v6), commit d1e25c0, the first with a show and its leads:
//     node tools/fixture-db.mjs /tmp/release-v6-dist tests/fixtures/idb/v6.json.gz d1e25c0
// The v3 release offers every page and control driven here but the trade shows (v6 on), so the
// script drives the v6 release and later; an older one needs the script as it stood then.
// The records carry the day and time they were written (the Demo workspace is generated for that
// day, ids come from the clock), so a second run gives another file of the same shape.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { launch } from "../tests/e2e/support/suite.mjs";

const [distDir, outPath, writtenBy = "ff97c01"] = process.argv.slice(2);
if (!distDir || !outPath) {
  console.error("usage: node tools/fixture-db.mjs DIST_DIR OUTPUT.json.gz [COMMIT]");
  process.exit(2);
}
const CODEC = readFileSync(new URL("../tests/fixtures/idb/restore.mjs", import.meta.url), "utf8").replace(/^export /gm, "");
const SUB_PATH = "/kehu/";

/** Serves a copy of `dir` under SUB_PATH on 127.0.0.1 with Python's static server, as the e2e suite does. */
async function serve(dir) {
  const www = mkdtempSync(path.join(os.tmpdir(), "kehu-fixture-www-"));
  cpSync(dir, path.join(www, SUB_PATH), { recursive: true });
  const server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", www], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise((resolve, reject) => {
    let output = "";
    server.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    server.on("exit", (code) => reject(new Error(`static server exited with ${code}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}${SUB_PATH}`,
    stop() {
      server.kill();
      rmSync(www, { recursive: true, force: true });
    },
  };
}

const server = await serve(distDir);
const browser = await launch();
try {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  page.on("pageerror", (error) => problems.push(error.message));
  const visit = (route = "") => page.goto(server.url + route);
  const step = (what) => console.log(`· ${what}`);
  const today = new Date().toISOString().slice(0, 10);

  step("people: the first added is the current user");
  await visit("#/settings");
  for (const name of ["王芳", "李强"]) {
    await page.getByTestId("new-user-name").fill(name);
    await page.getByTestId("add-user").click();
    await page.getByTestId("current-user").locator("option", { hasText: name }).waitFor({ state: "attached" });
  }

  step("a customer with three contacts, then edited once: the phone changed, a contact removed");
  await visit("#/customers/new");
  await page.getByTestId("field-company").fill("湖南路桥建设集团有限公司");
  await page.getByTestId("field-phone").fill("0731-8888 1234");
  await page.getByTestId("field-email").fill("sales@hnlq.com.cn");
  await page.getByTestId("field-province").selectOption({ label: "湖南" });
  await page.getByTestId("field-city").fill("长沙");
  await page.getByTestId("field-lifecycle").selectOption({ label: "现有客户" });
  await page.getByTestId("field-team-lead").selectOption({ label: "王芳" });
  await page.getByTestId("team-member-李强").check();
  for (let i = 0; i < 3; i++) await page.getByTestId("add-contact").click();
  const contacts = page.getByTestId("contact-fields");
  await contacts.nth(0).getByTestId("field-contact-name").fill("刘建国");
  await contacts.nth(0).getByTestId("field-contact-phone").fill("138 0013 8000");
  await contacts.nth(0).getByTestId("field-contact-role").selectOption({ label: "决策者" });
  await contacts.nth(1).getByTestId("field-contact-name").fill("陈静");
  await contacts.nth(1).getByTestId("field-contact-email").fill("chenjing@hnlq.com.cn");
  await contacts.nth(2).getByTestId("field-contact-name").fill("周磊");
  await contacts.nth(2).getByTestId("field-contact-phone").fill("139 0731 0000");
  await page.getByTestId("save-customer").click();
  await page.getByTestId("customer-detail").waitFor();
  const customerUrl = page.url();
  await page.getByTestId("edit-customer").click();
  await page.getByTestId("field-phone").fill("0731-8888 9999");
  await contacts.nth(2).getByTestId("remove-contact").click();
  await page.getByTestId("save-customer").click();
  await page.getByTestId("customer-detail").waitFor();
  await page.getByTestId("timeline-change").nth(1).waitFor();

  step("an interaction with a follow-up");
  await page.getByTestId("log-interaction").click();
  await page.getByTestId("interaction-kind").selectOption({ label: "拜访" });
  await page.getByTestId("interaction-date").fill(today);
  await page.getByTestId("interaction-follow-up").fill(today);
  await page.getByTestId("interaction-notes").fill("演示新机型，客户关心油耗");
  await page.getByTestId("save-interaction").click();
  await page.getByTestId("timeline-interaction").first().waitFor();

  step("an order of two lines");
  await page.getByTestId("add-order").click();
  await page.getByTestId("order-form").waitFor();
  const lines = page.getByTestId("order-line");
  const fillLine = async (line, [product, kind, quantity, price, cost]) => {
    await line.getByTestId("order-product").fill(product);
    await line.getByTestId("order-kind").selectOption({ label: kind });
    await line.getByTestId("order-quantity").fill(quantity);
    await line.getByTestId("order-unit-price").fill(price);
    await line.getByTestId("order-unit-cost").fill(cost);
  };
  await fillLine(lines.nth(0), ["SY215C 挖掘机", "整机", "1", "1,200,000", "1,000,000"]);
  await page.getByTestId("add-line").click();
  await fillLine(lines.nth(1), ["液压油滤芯", "配件", "10", "85.5", "60"]);
  await page.getByTestId("save-order").click();
  await page.getByTestId("timeline-order").first().waitFor();

  step("an order entered by mistake, deleted with a reason");
  await page.getByTestId("add-order").click();
  await page.getByTestId("order-form").waitFor();
  await fillLine(lines.nth(0), ["斗齿", "配件", "5", "63.5", "42"]);
  await page.getByTestId("save-order").click();
  await page.getByTestId("timeline-order").nth(1).waitFor();
  await page.getByTestId("timeline-order").filter({ hasText: "¥317.50" }).getByTestId("timeline-order-link").click();
  await page.getByTestId("delete-order").click();
  await page.getByTestId("delete-reason").fill("重复录入");
  await page.getByTestId("confirm-delete").click();
  await page.getByTestId("customer-detail").waitFor();
  await page.getByTestId("timeline-order").nth(1).waitFor({ state: "detached" });

  step("value ratings");
  const value = page.getByTestId("customer-value");
  await value.getByTestId("rating-industry_influence").selectOption("4");
  await value.getByTestId("ratings-save").click();
  await value.getByTestId("ratings-message").waitFor();

  step("an opportunity, moved one stage");
  await visit("#/opportunities/new");
  await page.getByTestId("opportunity-customer-search").fill("湖南路桥");
  await page.getByTestId("customer-option").first().click();
  await page.getByTestId("opportunity-title-input").fill("二期扩建：2台挖掘机");
  await page.getByTestId("opportunity-value").fill("2,400,000");
  await page.getByTestId("save-opportunity").click();
  await page.getByTestId("stage-bar").waitFor();
  await page.getByTestId("move-qualify").click();
  const gate = page.getByTestId("gate-dialog");
  await gate.waitFor();
  const criteria = gate.getByTestId("gate-criterion");
  for (let i = 0; i < (await criteria.count()); i++) await criteria.nth(i).locator("input").check();
  await gate.getByTestId("gate-move").click();
  await page.locator('[data-testid="stage-bar"][data-stage="qualify"]').waitFor();

  step("a supplier, another entered by mistake and deleted, and a trade partner");
  await visit("#/partners/suppliers/new");
  await page.getByTestId("field-name").fill("徐州液压件有限公司");
  await page.getByTestId("field-contact").fill("张敏");
  await page.getByTestId("field-products").fill("液压泵、多路阀");
  await page.getByTestId("rating-quality-5").click();
  await page.getByTestId("save-supplier").click();
  await page.getByTestId("supplier-list").waitFor();
  await visit("#/partners/suppliers/new");
  await page.getByTestId("field-name").fill("临时供应商（测试）");
  await page.getByTestId("save-supplier").click();
  await page.getByTestId("supplier-list").waitFor();
  await page.getByTestId("supplier-row").filter({ hasText: "临时供应商" }).click();
  await page.getByTestId("delete-partner").click();
  await page.getByTestId("confirm-delete").click();
  await page.getByTestId("supplier-list").waitFor();
  await page.getByTestId("supplier-row").filter({ hasText: "临时供应商" }).waitFor({ state: "detached" });
  await visit("#/partners/trade/new");
  await page.getByTestId("field-name").fill("中国建设银行长沙分行");
  await page.getByTestId("field-kind").selectOption({ label: "银行" });
  await page.getByTestId("field-reference").fill("4300 1234 5678");
  await page.getByTestId("save-trade-partner").click();
  await page.getByTestId("trade-partner-list").waitFor();

  step("two parts and their stock, imported");
  const dir = mkdtempSync(path.join(os.tmpdir(), "kehu-fixture-files-"));
  const importFile = async (kind, name, text, until) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    await visit("#/import");
    await page.getByTestId("import-kind").selectOption(kind);
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId(until).waitFor({ timeout: 60_000 });
    await page.getByTestId("import-confirm").click();
    await page.getByTestId("import-message").waitFor({ timeout: 60_000 });
  };
  const parts = [
    "part number,name,English name,models,unit cost,price,supplier,lead time,pack size,criticality",
    "60-0001,液压油滤芯,Hydraulic filter,SY215C,¥85.00,128,徐州液压件有限公司,21,10,high",
    "60-0002,斗齿,Bucket tooth,SY215C,42,63.5,宁波中策,30,5,medium",
  ];
  await importFile("parts", "parts.csv", parts.join("\n"), "import-records-summary");
  await importFile("stock", "stock.csv", "part number,location,on hand\n60-0001,长沙总部,12\n60-0002,长沙总部,3\n", "import-records-summary");
  rmSync(dir, { recursive: true, force: true });

  step("a machine at the customer");
  await visit("#/parts/machines/new");
  await page.getByTestId("field-serial").fill("SY215C-FX-0001");
  await page.getByTestId("field-model").fill("SY215C");
  await page.getByTestId("field-customer").fill("湖南路桥建设集团有限公司");
  await page.getByTestId("field-delivered").fill(`${today.slice(0, 8)}01`);
  await page.getByTestId("field-hours").fill("600");
  await page.getByTestId("field-hours-per-month").fill("180");
  await page.getByTestId("field-status").selectOption({ label: "在用" });
  await page.getByTestId("save-machine").click();
  await page.getByTestId("machine-list").waitFor();
  await page.goto(customerUrl);
  await page.getByTestId("related-tab-machines").click();
  await page.getByTestId("customer-machine").first().waitFor();

  step("the customer entered again with a contact of its own, merged into the first");
  await visit("#/customers/new");
  await page.getByTestId("field-company").fill("湖南路桥建设集团");
  await page.getByTestId("duplicate-warning").waitFor();
  await page.getByTestId("add-contact").click();
  await contacts.nth(0).getByTestId("field-contact-name").fill("赵工");
  await contacts.nth(0).getByTestId("field-contact-phone").fill("137 3100 0000");
  await page.getByTestId("save-customer").click();
  await page.getByTestId("customer-detail").waitFor();
  await page.goto(customerUrl);
  await page.getByTestId("duplicates").getByTestId("merge").click();
  await page.getByTestId("merge-confirm-button").click();
  await page.getByTestId("merge-message").waitFor();
  await page.getByTestId("related-tab-contacts").click();
  await page.getByTestId("contact").filter({ hasText: "赵工" }).waitFor();

  step("a trade show with its staff, and two leads captured at its booth (schema v6 on)");
  await visit("#/shows");
  await page.getByTestId("show-new").click();
  await page.getByTestId("show-name").fill("2026 长沙国际工程机械展");
  await page.getByTestId("show-place").fill("长沙国际会展中心");
  await page.getByTestId("show-starts").fill(today);
  await page.getByTestId("show-ends").fill(today);
  await page.getByTestId("show-booth").fill("E2-18");
  await page.getByTestId("show-cost").fill("85000");
  const staff = page.getByTestId("show-staff");
  for (let i = 0; i < (await staff.count()); i++) {
    if ((await staff.nth(i).getAttribute("aria-pressed")) !== "true") await staff.nth(i).click();
  }
  await page.getByTestId("show-save").click();
  await page.getByTestId("show-page").waitFor();
  await page.getByTestId("show-capture").click();
  for (const [mobile, name, line] of [
    ["139 0731 0000", "", "excavator"],
    ["13612345678", "孙丽", "loader"],
  ]) {
    await page.getByTestId("lead-mobile").fill(mobile);
    if (name) await page.getByTestId("lead-name").fill(name);
    await page.getByTestId("lead-temperature-hot").click();
    await page.getByTestId(`lead-line-${line}`).click();
    await page.getByTestId("lead-save").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="lead-mobile"]').value === "");
  }
  await page.getByTestId("capture-count").filter({ hasText: "2" }).waitFor();

  step("the Demo workspace, filled");
  await visit("#/settings");
  await page.getByTestId("create-demo").click();
  await page.locator('[data-testid="workspace-badge"][data-workspace="demo"]').waitFor({ timeout: 180_000 });
  await page.getByTestId("progress").waitFor({ state: "detached", timeout: 180_000 });

  step("dumping every Kehu database");
  const { databases, tally } = await page.evaluate(`(async () => { ${CODEC}; return dumpDatabases("kehu"); })()`);
  assert.deepEqual(problems, [], "no console or page errors while writing");
  const dump = { format: 1, written_by: writtenBy, databases };
  const bytes = gzipSync(JSON.stringify(dump), { level: 9 });
  writeFileSync(outPath, bytes);
  for (const db of databases) {
    const counts = db.stores.map((s) => `${s.name} ${s.records.length}`).join(", ");
    console.log(`${db.name} v${db.version}: ${counts}`);
  }
  console.log(`tags: ${JSON.stringify(tally)}`);
  console.log(`${outPath}: ${bytes.length} bytes gzip`);
} finally {
  await browser.close();
  server.stop();
}
