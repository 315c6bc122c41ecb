// The sales funnel on a tablet with touch: a card dragged across stages by finger (real touch
// events through the DevTools protocol, which Chromium turns into pointer events) is held at a
// gate until its criteria are ticked, or moves past it with a logged reason; a loss asks for its
// reason and competitor; the opportunity page shows the MAN code with its strategy, the stage
// history and the override; the list filters; the forecast draws its band chart.
import assert from "node:assert/strict";
import { test } from "node:test";
import { dragCard, openFunnel, visit } from "./support/actions.mjs";
import { columnCount } from "./support/checks.mjs";
import { kanbanCard, kanbanColumn } from "./support/locators.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("drag a card across stages by touch: the gate holds it until its criteria are ticked", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  page.on("console", (m) => m.text().startsWith("DBG") && console.log(m.text()));
  await openFunnel(page);
  await shot(page, "funnel-kanban-en-1024x768", { fullPage: false });
  const identify = kanbanColumn(page, "identify");
  const card = identify.getByTestId("kanban-card").first();
  const id = await card.getAttribute("data-id");
  const title = await card.locator(".card-title").innerText();
  const counts = async () =>
    Object.fromEntries(await Promise.all(["identify", "qualify", "develop"].map(async (s) => [s, await columnCount(page, s)])));
  const before = await counts();

  // Dropped on 资质判定: the gate of 鉴别商机 is unmet, so the dialog lists its criteria.
  await dragCard(page, id, "qualify");
  const dialog = page.getByTestId("gate-dialog");
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Move to Qualify/);
  const criteria = dialog.getByTestId("gate-criterion");
  assert.deepEqual(await criteria.allInnerTexts(), ["Contact person known", "Need described"]);
  assert.ok(await dialog.getByTestId("gate-move").isDisabled(), "blocked until every criterion is ticked");
  await shot(page, "funnel-gate-dialog-en-1024x768", { fullPage: false });
  await criteria.nth(0).locator("input").tap();
  assert.ok(await dialog.getByTestId("gate-move").isDisabled(), "one of two is not enough");
  await criteria.nth(1).locator("input").tap();
  await dialog.getByTestId("gate-move").tap();
  await dialog.waitFor({ state: "detached" });
  await kanbanCard(kanbanColumn(page, "qualify"), id).waitFor();
  const moved = await counts();
  assert.deepEqual([moved.identify, moved.qualify], [before.identify - 1, before.qualify + 1]);

  // On to 开发阶段 with MAN unmet: an override needs a reason, and is kept.
  await dragCard(page, id, "develop");
  await dialog.waitFor();
  await dialog.getByTestId("gate-override").tap();
  await dialog.getByTestId("gate-override-needs").waitFor();
  await dialog.getByTestId("gate-override-reason").fill("Budget approved by phone");
  await dialog.getByTestId("gate-override").tap();
  await dialog.waitFor({ state: "detached" });
  const developed = kanbanCard(kanbanColumn(page, "develop"), id);
  await developed.waitFor();

  // A tap (no drag) opens the opportunity: MAN code and strategy, history with the override.
  await developed.tap();
  await page.getByTestId("opportunity-page").waitFor();
  await page.getByTestId("stage-bar").waitFor();
  assert.equal(await page.getByTestId("opportunity-title").innerText(), title);
  assert.equal(await page.getByTestId("stage-bar").getAttribute("data-stage"), "develop");
  assert.equal(await page.getByTestId("stage-history-entry").count() >= 3, true);
  assert.match(await page.getByTestId("gate-override-entry").innerText(), /Qualify → Develop with unmet .*Budget approved by phone/);
  for (const which of ["money", "authority", "need"]) await page.getByTestId(`man-${which}`).uncheck();
  assert.equal(await page.getByTestId("man-code").innerText(), "man");
  assert.match(await page.getByTestId("man-strategy").innerText(), /Not an opportunity yet/);
  await page.getByTestId("man-money").check();
  await page.getByTestId("man-need").check();
  assert.equal(await page.getByTestId("man-code").innerText(), "MaN");
  assert.match(await page.getByTestId("man-strategy").innerText(), /get introduced to whoever decides/);
  await page.getByTestId("save-opportunity").tap();
  await page.getByTestId("opportunity-saved").waitFor();
  await shot(page, "funnel-opportunity-en-1024x768");

  // The moves are on the customer's timeline, in words: which opportunity, which stage.
  await page.getByTestId("opportunity-customer").tap();
  const changes = page.getByTestId("timeline-change").filter({ hasText: `Opportunity ${title} changed` });
  await changes.filter({ hasText: "MAN maN → MaN" }).waitFor();
  assert.match(await changes.filter({ hasText: "Stage" }).first().innerText(), /Stage Qualify → Develop/);
  // Gate criteria and the override by their names, not their ids.
  const met = await changes.filter({ hasText: "Criteria met" }).first().innerText();
  assert.match(met, /Contact person known, Need described/);
  const override = await changes.filter({ hasText: "Budget approved by phone" }).first().innerText();
  assert.match(override, /Qualify → Develop with unmet .+: Budget approved by phone/);
  assert.doesNotMatch(met + override, /identify_|qualify_|>/, "no raw criterion ids");
  await shot(page, "funnel-customer-timeline-en-1024x768");
});

test("a loss asks for its reason and competitor; the list filters by stage", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await openFunnel(page);
  const card = kanbanColumn(page, "propose").getByTestId("kanban-card").first();
  const id = await card.getAttribute("data-id");
  const lostBefore = await columnCount(page, "lost");
  await dragCard(page, id, "lost");
  const dialog = page.getByTestId("gate-dialog");
  await dialog.waitFor();
  await dialog.getByTestId("lost-confirm").tap();
  assert.match(await dialog.innerText(), /请填写丢单原因和竞争对手/);
  await dialog.getByTestId("lost-reason").fill("价格高于对手");
  await dialog.getByTestId("lost-competitor").fill("卡特彼勒");
  await shot(page, "funnel-lost-dialog-zh-CN-1024x768", { fullPage: false });
  await dialog.getByTestId("lost-confirm").tap();
  await dialog.waitFor({ state: "detached" });
  // The column is virtualised: the card takes its place in the order, perhaps below the fold.
  await page.waitForFunction(
    ([before]) => document.querySelector('[data-stage="lost"] [data-testid="column-count"]').textContent.replaceAll(",", "") == before + 1,
    [lostBefore]
  );
  assert.equal(await columnCount(page, "lost"), lostBefore + 1);
  await shot(page, "funnel-kanban-zh-CN-1024x768", { fullPage: false });
  await visit(page, `#/opportunities/${id}`);
  assert.match(await page.getByTestId("outcome").innerText(), /价格高于对手.*卡特彼勒/);
  assert.equal(await page.getByTestId("stage-bar").getAttribute("data-stage"), "lost");
  await visit(page, "#/funnel");

  await page.getByTestId("funnel-list-tab").tap();
  await page.getByTestId("opportunity-row").first().waitFor();
  await page.getByTestId("funnel-filters-toggle").tap();
  await page.getByTestId("filter-stage").selectOption("won");
  const tags = await page.getByTestId("opportunity-row").locator(".tag").allInnerTexts();
  assert.ok(tags.length > 0 && tags.every((t) => t === "赢单"), tags.join());
  await shot(page, "funnel-list-zh-CN-1024x768", { fullPage: false });
});

test("the forecast draws its band against quota and actual, with history depth and a backtest", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  await openFunnel(page);
  await page.getByTestId("nav-forecast").tap();
  const chart = page.getByTestId("forecast-chart");
  await chart.waitFor();
  const band = await chart.getByTestId("forecast-band").getAttribute("points");
  assert.ok(band.split(" ").length >= 6, `a band over the horizon's months: ${band}`);
  assert.ok((await chart.getByTestId("forecast-p50-line").getAttribute("points")).length > 0);
  assert.ok((await chart.getByTestId("forecast-actual").count()) > 0, "past months' wins are drawn");
  const ms = Number(await page.getByTestId("forecast").getAttribute("data-compute-ms"));
  assert.ok(ms > 0, `compute time ${ms}`);
  assert.equal(await page.getByTestId("calibration-row").count(), 4);
  assert.equal(await page.getByTestId("flow-row").count(), 4);
  assert.equal(await page.getByTestId("funnel-bar").count(), 4);
  await page.getByTestId("backtest-run").tap();
  await page.getByTestId("backtest-result").waitFor();
  assert.match(await page.getByTestId("backtest-inside").innerText(), /P10–P90/);
  await shot(page, "forecast-en-1024x768");
});

test("a new opportunity's customer is found by typing part of its name", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...LANDSCAPE_TABLET });
  await openFunnel(page);
  await page.getByTestId("new-opportunity").tap();
  const search = page.getByTestId("opportunity-customer-search");
  await search.fill("有限");
  const options = page.getByTestId("customer-option");
  await options.first().waitFor();
  assert.ok((await options.count()) <= 8, "a short list, not every customer");
  const name = await options.nth(1).innerText();
  assert.ok(name.includes("有限"), name);
  await shot(page, "funnel-customer-picker-zh-CN-1024x768", { fullPage: false });
  await options.nth(1).tap();
  assert.equal(await search.inputValue(), name);
  assert.equal(await page.getByTestId("customer-options").count(), 0, "the list closes once picked");
  await search.fill("zzzz没有这个");
  await page.getByTestId("customer-none").waitFor();
  await search.fill(name);
  await page.getByTestId("customer-option").filter({ hasText: name }).first().tap();
  await page.getByTestId("opportunity-title-input").fill("二期扩建：2台挖掘机");
  await page.getByTestId("opportunity-value").fill("1,200,000");
  await page.getByTestId("save-opportunity").tap();
  await page.getByTestId("opportunity-customer").waitFor();
  assert.equal(await page.getByTestId("opportunity-customer").innerText(), name);
  assert.equal(await page.getByTestId("opportunity-title").innerText(), "二期扩建：2台挖掘机");
});
