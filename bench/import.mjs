// Import: a 100,000-row customer CSV through the import page as a user does it (pick the file,
// check it, import), next to two plain-JS floors (bench/floor-import.js) in the same run: the very
// records the import stored bulk-put into raw IndexedDB in one transaction, and a naive read of
// the same file into small customer and contact objects bulk-put the same way.
// The tab's peak memory is the largest resident size of a Chromium renderer process, sampled
// while the app imports.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../tests/e2e/support/suite.mjs";
import { median, ratio, start, writeResult } from "./common.mjs";

const ROWS = 100_000;
const FLOOR_RUNS = 3;

/** A dealer's customer file: Chinese companies in every province, phones, e-mail, a contact. */
function customerCsv(rows) {
  let seed = 20_261_201;
  const next = (n) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const provinces = ["新疆", "内蒙古", "山西", "四川", "江苏", "浙江", "云南", "广西", "湖南", "湖北", "福建", "山东"];
  const cities = ["乌鲁木齐", "包头", "太原", "成都", "南京", "杭州", "昆明", "南宁", "长沙", "武汉", "福州", "济南"];
  const trades = ["工程机械", "矿业", "路桥", "建设", "机械租赁", "土石方", "水利工程", "市政工程"];
  const forms = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司"];
  const surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
  const given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇"];
  const types = ["国营企业", "大型承包商", "自买自用", "政府"];
  const lines = ["公司名称,省份,城市,地址,电话,邮箱,联系人,联系人电话,客户类型"];
  for (let i = 0; i < rows; i++) {
    const p = next(provinces.length);
    const name = `${cities[p]}${trades[next(trades.length)]}${i}号${forms[next(forms.length)]}`;
    const phone = `0${100 + next(900)}-${String(10_000_000 + i).slice(-8)}`;
    const person = surnames[next(surnames.length)] + given[next(given.length)];
    const mobile = `13${next(10)}${String(i).padStart(8, "0")}`;
    lines.push(
      [name, provinces[p], cities[p], `${cities[p]}市人民路${1 + next(999)}号`, phone, `sales${i}@dealer${p}.cn`,
        person, mobile, types[next(types.length)]].join(",")
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/** The largest resident memory (MB) of any Chromium renderer process right now. */
function rendererPeakMb() {
  const out = execFileSync("ps", ["-eo", "rss,args"], { encoding: "utf8" });
  const sizes = out.split("\n").filter((line) => line.includes("--type=renderer")).map((line) => Number(line.trim().split(/\s+/)[0]));
  return sizes.length ? Math.max(...sizes) / 1024 : 0;
}

const file = path.join(ROOT, "bench", "out", "import-100k.csv");
const text = customerCsv(ROWS);
writeFileSync(file, text);

const { server, browser } = await start();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const app = await context.newPage();
  await app.goto(server.url + "#/import");
  await app.getByTestId("import-file").waitFor();
  let peakMb = rendererPeakMb();
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, rendererPeakMb());
  }, 200);
  const t0 = Date.now();
  await app.getByTestId("import-file").setInputFiles(file);
  await app.getByTestId("import-check").waitFor({ timeout: 10 * 60_000 });
  const t1 = Date.now();
  await app.getByTestId("import-check").click();
  await app.getByTestId("import-confirm").waitFor({ timeout: 10 * 60_000 });
  const t2 = Date.now();
  const counts = await app.getByTestId("import-counts").innerText();
  await app.getByTestId("import-confirm").click();
  await app.getByTestId("import-message").waitFor({ timeout: 10 * 60_000 });
  const t3 = Date.now();
  clearInterval(sampler);
  peakMb = Math.max(peakMb, rendererPeakMb());
  const message = await app.getByTestId("import-message").innerText();
  // Its renderer keeps the memory the import grew (wasm memory never shrinks): close it, so the
  // floors' peaks are their own.
  await app.close();

  const sameRuns = [];
  for (let run = 0; run < FLOOR_RUNS; run++) {
    const floor = await context.newPage();
    await floor.goto(`${server.origin}/floor-import.html`);
    sameRuns.push(await floor.evaluate((run) => window.floorSame(run), run));
    await floor.close();
  }
  await context.close();
  const floorRuns = [];
  let floorPeakMb = 0;
  for (let run = 0; run < FLOOR_RUNS; run++) {
    const context = await browser.newContext();
    const floor = await context.newPage();
    await floor.goto(`${server.origin}/floor-import.html`);
    await floor.locator("#file").setInputFiles(file);
    const sampler = setInterval(() => {
      floorPeakMb = Math.max(floorPeakMb, rendererPeakMb());
    }, 200);
    floorRuns.push(await floor.evaluate((run) => window.floorPut(run), run));
    clearInterval(sampler);
    await context.close();
  }

  const samePut = median(sameRuns.map((r) => r.put_ms));
  const floorPut = median(floorRuns.map((r) => r.put_ms));
  const floorTotal = median(floorRuns.map((r) => r.total_ms));
  const appTotal = t3 - t0;
  const result = {
    rows: ROWS,
    file_mb: Number((Buffer.byteLength(text) / 1e6).toFixed(1)),
    app_read_ms: t1 - t0,
    app_check_ms: t2 - t1,
    app_commit_ms: t3 - t2,
    app_total_ms: appTotal,
    app_counts: counts,
    app_message: message,
    same_records: sameRuns[0].records,
    same_runs: sameRuns.map((r) => ({ put_ms: Math.round(r.put_ms), total_ms: Math.round(r.total_ms) })),
    same_put_median_ms: Math.round(samePut),
    ratio_vs_same_records_put: ratio(appTotal, samePut),
    floor_runs: floorRuns.map((r) => ({ put_ms: Math.round(r.put_ms), total_ms: Math.round(r.total_ms) })),
    floor_put_median_ms: Math.round(floorPut),
    floor_total_median_ms: Math.round(floorTotal),
    ratio_vs_floor_put: ratio(appTotal, floorPut),
    ratio_vs_floor_total: ratio(appTotal, floorTotal),
    commit_ratio_vs_floor_put: ratio(t3 - t2, floorPut),
    renderer_peak_mb: Math.round(peakMb),
    floor_renderer_peak_mb: Math.round(floorPeakMb),
  };
  writeResult("import", result);
  console.log(
    `import: ${ROWS} rows (${result.file_mb} MB CSV) in ${appTotal} ms (read ${result.app_read_ms}, check ` +
      `${result.app_check_ms}, write ${result.app_commit_ms}) vs raw-IndexedDB bulk put of the same ` +
      `${result.same_records} records ${result.same_put_median_ms} ms (ratio ${result.ratio_vs_same_records_put}); vs ` +
      `naive small records ${result.floor_put_median_ms} ms (ratio ${result.ratio_vs_floor_put}); tab peak ${result.renderer_peak_mb} MB (floor's ${result.floor_renderer_peak_mb} MB); ${message}`
  );
} finally {
  await browser.close();
  server.stop();
}
