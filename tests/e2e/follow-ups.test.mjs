// Interactions and follow-ups on a tablet: log a visit from a customer's page (an invalid one
// saves nothing), see it on the timeline and in the follow-up queue's right bucket, mark one done,
// move another, survive a reload, and export the queue as an .ics calendar in both languages.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAsFirstPerson, createDemo, download, logInteraction, openDemo, openFirstCustomer, switchLanguage, visit } from "./support/actions.mjs";
import { historyCount, icsSummaries } from "./support/checks.mjs";
import { day } from "./support/inputs.mjs";
import { followUp } from "./support/locators.mjs";
import { PORTRAIT_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

test("log interactions with follow-ups, work the queue and export it", async () => {
  const { page } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET, acceptDownloads: true });
  await openDemo(page);

  // Who I am: every interaction and change records its author.
  const me = await actAsFirstPerson(page);
  const company = await openFirstCustomer(page);
  const before = await historyCount(page, "interaction");

  // A follow-up before the interaction is refused, in Chinese, and nothing is saved.
  await logInteraction(page, { kind: "拜访", date: day(0), followUp: day(-1), notes: "无效的跟进日期" });
  const problem = page.getByTestId("interaction-form").getByTestId("field-error");
  await problem.waitFor();
  assert.equal(await problem.innerText(), "跟进日期不能早于往来日期。");
  assert.equal(await page.getByTestId("interaction-follow-up").getAttribute("aria-invalid"), "true");
  await shot(page, "follow-ups-invalid-zh-CN-768x1024");
  await page.getByTestId("cancel-interaction").tap();
  assert.equal(await historyCount(page, "interaction"), before);
  assert.equal(await page.getByText("无效的跟进日期").count(), 0);

  // A visit today to follow up today, and a call ten days ago whose follow-up is 3 days late.
  const visit = "E2E 拜访：现场试驾 SY215C，今天回复报价";
  const call = "E2E 电话：催问付款进度";
  await logInteraction(page, { kind: "拜访", date: day(0), followUp: day(0), notes: visit });
  await page.getByTestId("timeline-interaction").filter({ hasText: visit }).waitFor();
  await logInteraction(page, { kind: "电话", date: day(-10), followUp: day(-3), notes: call });
  await page.getByTestId("timeline-interaction").filter({ hasText: call }).waitFor();
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="timeline-kind-interaction"] .chip-count')?.textContent === String(n),
    before + 2,
  );
  const logged = page.getByTestId("timeline-change").filter({ hasText: "记录往来：拜访" });
  assert.equal(await logged.count(), 1, "the audit entry is on the timeline");
  assert.match(await logged.innerText(), new RegExp(me));
  await shot(page, "follow-ups-logged-zh-CN-768x1024");

  // The queue: mine, the visit today, the call overdue by 3 days.
  await page.getByTestId("nav-follow-ups").tap();
  await page.getByTestId("queue-summary").waitFor();
  assert.equal(await page.getByTestId("scope-mine").getAttribute("aria-pressed"), "true");
  await page.getByTestId("bucket-today").getByTestId("follow-up").filter({ hasText: visit }).waitFor();
  const overdue = page.getByTestId("bucket-overdue").getByTestId("follow-up").filter({ hasText: call });
  assert.equal(await overdue.getByTestId("days-overdue").innerText(), "逾期 3 天");
  assert.equal(await overdue.getByTestId("follow-up-customer").innerText(), company);
  assert.match(await overdue.getByTestId("follow-up-meta").innerText(), new RegExp(`${me} 记录于 `));
  const metas = await page.getByTestId("follow-up-meta").allInnerTexts();
  assert.ok(metas.every((meta) => meta.includes(me)), "mine shows only my follow-ups");
  await shot(page, "follow-ups-queue-zh-CN-768x1024");

  // Done: it leaves the queue, and stays gone after a reload.
  await followUp(page, visit).getByTestId("complete-follow-up").tap();
  await followUp(page, visit).waitFor({ state: "detached" });
  await page.reload();
  await page.getByTestId("queue-summary").waitFor();
  await followUp(page, call).waitFor();
  assert.equal(await followUp(page, visit).count(), 0);

  // Moved to a week from tomorrow: it goes to "later". A day already past is refused.
  await followUp(page, call).getByTestId("reschedule-follow-up").tap();
  await followUp(page, call).getByTestId("reschedule-date").fill(day(-1));
  await followUp(page, call).getByTestId("confirm-reschedule").tap();
  assert.equal(await followUp(page, call).getByTestId("field-error").innerText(), "该日期已过。");
  await followUp(page, call).getByTestId("reschedule-date").fill(day(8));
  await followUp(page, call).getByTestId("confirm-reschedule").tap();
  await page.getByTestId("bucket-later").getByTestId("follow-up").filter({ hasText: call }).waitFor();

  // The calendar holds exactly what the queue shows, titled in Chinese.
  const shown = await page.getByTestId("follow-up").count();
  const zh = await download(page, "export-ics");
  assert.equal(zh.name, `kehu-follow-ups-${day(0)}.ics`);
  assert.equal(zh.text.match(/^BEGIN:VEVENT\r$/gm)?.length, shown);
  assert.ok(icsSummaries(zh.text).includes(`跟进：${company}`), `a SUMMARY for ${company}`);
  assert.ok(!zh.text.includes("无效的跟进日期"));
  assert.equal(await page.getByTestId("queue-message").innerText(), `已导出 ${shown} 项跟进：${zh.name}`);

  // English, and the whole team: more follow-ups, titled in English.
  await switchLanguage(page, "en");
  assert.match(await page.getByTestId("queue-message").innerText(), new RegExp(`^${shown} follow-ups saved as kehu-follow-ups-`));
  await page.getByTestId("scope-team").tap();
  await page.getByTestId("scope-person").waitFor();
  assert.match(await page.getByTestId("bucket-later").locator("h2").innerText(), /^Later\s+\d+$/);
  const team = await page.getByTestId("follow-up").count();
  assert.ok(team > shown, `the team has more follow-ups (${team}) than I do (${shown})`);
  await shot(page, "follow-ups-team-en-768x1024", { fullPage: false });
  const en = await download(page, "export-ics");
  assert.equal(en.text.match(/^BEGIN:VEVENT\r$/gm)?.length, team);
  assert.ok(icsSummaries(en.text).includes(`Follow up: ${company}`));
  assert.ok(icsSummaries(en.text).every((summary) => summary.startsWith("Follow up: ")));

  // One person's follow-ups only.
  await page.getByTestId("scope-person").selectOption({ label: me });
  await followUp(page, call).waitFor();
  assert.equal(await page.getByTestId("follow-up").count(), shown);

  // The customer's history says what happened to the follow-ups.
  await followUp(page, call).getByTestId("follow-up-customer").tap();
  await page.getByTestId("customer-company").waitFor();
  const done = page.getByTestId("timeline-change").filter({ hasText: "Follow-up done" });
  assert.match(await done.getByTestId("history-change").innerText(), /^Visit of .+ · Follow-up done\s+No\s+→\s+Yes$/);
  const moved = page.getByTestId("timeline-change").filter({ hasText: "Follow-up rescheduled" });
  assert.match(await moved.innerText(), /Call of .+ · Follow-up date/);
  await shot(page, "follow-ups-history-en-768x1024");

  // The call's follow-up closed from the timeline leaves the queue too.
  const callEntry = page.getByTestId("timeline-interaction").filter({ hasText: call });
  await callEntry.getByTestId("timeline-complete-follow-up").tap();
  await callEntry.filter({ hasText: "Followed up" }).waitFor();
  assert.equal(await callEntry.getByTestId("timeline-complete-follow-up").count(), 0);
  await page.getByTestId("nav-follow-ups").tap();
  await page.getByTestId("queue-summary").waitFor();
  assert.equal(await followUp(page, call).count(), 0);
});

test("the queue at 1280×800 and with nothing to follow up", async () => {
  const { page } = await env.open({ locale: "en-US" });
  await visit(page, "#/follow-ups");
  await page.getByTestId("queue-empty").waitFor();
  // No current user: "mine" cannot be chosen, the whole team shows, and nothing can be changed.
  await page.getByTestId("no-current-user").waitFor();
  assert.equal(await page.getByTestId("scope-mine").isDisabled(), true);
  assert.equal(await page.getByTestId("scope-team").getAttribute("aria-pressed"), "true");
  await shot(page, "follow-ups-empty-en-1280x800");
  await createDemo(page);
  await page.getByTestId("nav-follow-ups").click();
  await page.getByTestId("queue-summary").waitFor();
  assert.ok((await page.getByTestId("follow-up").count()) > 0);
  assert.equal(await page.getByTestId("complete-follow-up").first().isDisabled(), true);
  await switchLanguage(page, "zh-CN");
  await shot(page, "follow-ups-team-zh-CN-1280x800", { fullPage: false });

  // The dashboard's tile counts the same overdue follow-ups and leads to them.
  const overdue = await page.getByTestId("bucket-overdue").getByTestId("bucket-count").innerText();
  await page.getByTestId("nav-dashboard").click();
  const tile = page.getByTestId("tile-overdue");
  assert.equal(await tile.getByTestId("tile-value").innerText(), overdue);
  assert.match(await tile.innerText(), /逾期跟进/);
  await shot(page, "follow-ups-dashboard-zh-CN-1280x800", { fullPage: false });
  await tile.click();
  await page.getByTestId("bucket-overdue").waitFor();
});
