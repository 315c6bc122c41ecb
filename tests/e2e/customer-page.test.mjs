// A customer's page on a 1024×768 touch tablet, in English and Chinese: the related lists sit
// behind tabs with their counts (one tap each, the tab kept in the route through a reload and
// Back), the history is filtered by kind and paged, so the page stays a screen or two tall; a
// machine's page lists its tickets with their SLA state; a complaint about a late parts order
// (its order, root cause and owner chosen from the customer's own) shows in the customer's churn
// warnings and on the grading page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAsFirstPerson, openDemo, press } from "./support/actions.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shot } from "./support/shots.mjs";

const env = e2eSuite();

const WORDS = {
  en: {
    page: /^Page 1 of \d+$/,
    complaint: "Complaint",
    late: "Parts late",
    summary: "Hydraulic filters promised for Friday arrived a week late",
    churn: /\d+ complaint\(s\): latest SR-\d{4}-\d{6} \(Parts late, open\)/,
  },
  "zh-CN": {
    page: /^第 1 页，共 \d+ 页$/,
    complaint: "投诉",
    late: "配件迟到",
    summary: "承诺周五到的液压滤芯晚到了一周",
    churn: /\d+ 起投诉：最近 SR-\d{4}-\d{6}（配件迟到，未结）/,
  },
};

const height = (page) => page.evaluate(() => document.documentElement.scrollHeight);
const tabCount = async (page, tab) =>
  Number((await page.getByTestId(`related-tab-${tab}`).getByTestId("related-count").innerText()).replace(/,/g, ""));

/** Taps a related list's tab and waits for its list. */
async function openTab(page, tab) {
  await press(page.getByTestId(`related-tab-${tab}`));
  await page.getByTestId(`related-${tab}`).waitFor();
}

for (const [locale, lang] of [
  ["en-US", "en"],
  ["zh-CN", "zh-CN"],
]) {
  test(`a customer's related lists, history, machine tickets and a complaint (${lang})`, async () => {
    const w = WORDS[lang];
    const { page } = await env.open({ locale, ...LANDSCAPE_TABLET });
    await openDemo(page);
    await actAsFirstPerson(page);
    // The most profitable customer: years of orders, machines and tickets (8,668 px tall on this
    // tablet when its page listed everything).
    await press(page.getByTestId("nav-grades"));
    const top = page.getByTestId("pareto-row").first().locator("a").first();
    const company = await top.innerText();
    await press(top);
    await page.getByTestId("customer-value").getByTestId("value-grade").waitFor();
    await page.getByTestId("related-history").waitFor();
    const tall = await height(page);
    console.log(`customer page height (${lang}, history tab): ${tall} px`);
    await shot(page, `customer-page-history-${lang}-1024x768`);
    assert.ok(tall < 4500, `the page is a few screens, not the whole history: ${tall} px`);

    // Every list is one tap away, its count the rows it shows.
    for (const [tab, row] of [
      ["contacts", "contact"],
      ["orders", "customer-order"],
      ["opportunities", "customer-opportunity"],
      ["machines", "customer-machine"],
      ["tickets", "customer-ticket"],
    ]) {
      await openTab(page, tab);
      assert.equal(await page.getByTestId(row).count(), await tabCount(page, tab), `${tab}: rows and count agree`);
      assert.equal(await page.getByTestId(`related-tab-${tab}`).getAttribute("aria-selected"), "true");
      assert.match(page.url(), new RegExp(`#/customers/\\d+/${tab}$`));
    }
    assert.ok((await tabCount(page, "orders")) > 0 && (await tabCount(page, "machines")) > 0);
    await shot(page, `customer-page-tickets-${lang}-1024x768`);

    // The tab survives a reload, and Back returns to the one before.
    await page.reload();
    await page.getByTestId("related-tickets").waitFor();
    await page.goBack();
    await page.getByTestId("related-machines").waitFor();

    // The history: 20 entries a page, the chips filter by kind with their counts.
    await openTab(page, "history");
    const total = await tabCount(page, "history");
    assert.ok(total > 20, `the demo customer's history is long: ${total}`);
    assert.equal(await page.locator('[data-testid="timeline"] > li').count(), 20);
    assert.match(await page.getByTestId("timeline-page").innerText(), w.page);
    const firstPage = await page.locator('[data-testid="timeline"] > li').first().innerText();
    await press(page.getByTestId("timeline-next"));
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="timeline"] > li')?.innerText !== text,
      firstPage,
    );
    assert.equal(await page.getByTestId("timeline-previous").isDisabled(), false);
    await press(page.getByTestId("timeline-kind-order"));
    assert.equal(await page.getByTestId("timeline-kind-order").getAttribute("aria-pressed"), "true");
    const orders = await tabCount(page, "orders");
    const shown = await page.getByTestId("timeline-order").count();
    assert.equal(shown, Math.min(orders, 20), "the orders filter shows orders only, from page 1");
    assert.equal(await page.locator('[data-testid="timeline"] > li').count(), shown);
    await shot(page, `customer-page-history-orders-${lang}-1024x768`);
    await press(page.getByTestId("timeline-kind-all"));

    // A machine's page lists its tickets.
    await openTab(page, "machines");
    await press(page.getByTestId("customer-machine").first().locator("a"));
    await page.getByTestId("machine-tickets").getByTestId("machine-tickets-title").waitFor();
    const machineTickets = await page.getByTestId("machine-ticket").count();
    assert.match(await page.getByTestId("machine-tickets-title").innerText(), new RegExp(`${machineTickets}`));
    if (machineTickets > 0) {
      const row = page.getByTestId("machine-ticket").first();
      assert.match(await row.getByTestId("ticket-link").innerText(), /^(SR-\d{4}-\d{6}|#\d+)$/);
      await row.getByTestId("ticket-row-sla").waitFor();
    } else {
      await page.getByTestId("machine-tickets-empty").waitFor();
    }
    await page.getByTestId("machine-tickets").scrollIntoViewIfNeeded();
    await shot(page, `machine-tickets-${lang}-1024x768`, { fullPage: false });
    await page.goBack();
    await page.getByTestId("related-machines").waitFor();

    // A complaint about a late parts order, from the tickets tab.
    await openTab(page, "tickets");
    const tickets = await tabCount(page, "tickets");
    await press(page.getByTestId("customer-add-ticket"));
    await page.getByTestId("ticket-call").waitFor();
    assert.equal(await page.getByTestId("field-customer").inputValue(), company);
    await page.getByTestId("field-kind").selectOption({ label: w.complaint });
    await page.getByTestId("field-summary").fill(w.summary);
    await press(page.getByTestId("save-ticket"));
    await page.getByTestId("ticket-title").waitFor();
    const number = (await page.getByTestId("ticket-title").innerText()).split(" · ")[0];
    const section = page.getByTestId("complaint-section");
    await section.waitFor();
    await section.getByTestId("complaint-order").selectOption({ index: 1 });
    await section.getByTestId("complaint-cause").selectOption({ label: w.late });
    await section.getByTestId("complaint-owner").selectOption({ index: 1 });
    await press(page.getByTestId("details-save"));
    await page.getByTestId("details-saved").waitFor();
    await section.scrollIntoViewIfNeeded();
    await shot(page, `complaint-${lang}-1024x768`, { fullPage: false });

    // The customer's churn warnings name it, and so does the grading page's churn list.
    await press(page.getByTestId("ticket-customer"));
    const churn = page.getByTestId("value-churn");
    await churn.waitFor();
    assert.match(await churn.innerText(), w.churn);
    assert.ok((await churn.innerText()).includes(number), `the warning names ${number}`);
    assert.equal(await tabCount(page, "tickets"), tickets + 1);
    await churn.scrollIntoViewIfNeeded();
    await shot(page, `customer-page-churn-${lang}-1024x768`, { fullPage: false });
    await press(page.getByTestId("nav-grades"));
    const risk = page.getByTestId("churn-risk").filter({ hasText: company });
    await risk.waitFor();
    assert.ok((await risk.innerText()).includes(number));
    await page.getByTestId("churn").scrollIntoViewIfNeeded();
    await shot(page, `grades-churn-complaint-${lang}-1024x768`, { fullPage: false });
  });
}
