// Settings → Service desk on a 1024×768 touch tablet, in English and Chinese: a working period
// that ends before it starts and a target of 0 are refused at their inputs with nothing stored;
// a make-up Sunday and a company holiday are saved and shown again after a reload; a longer
// High resolution target moves an open High ticket's due time on its page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAs, addPerson, newCustomer, openRelated, press, visit } from "./support/actions.mjs";
import { fieldError } from "./support/locators.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
import { shotOf } from "./support/shots.mjs";

const env = e2eSuite();

const WORDS = {
  en: {
    person: "Wang Fang",
    company: "Hunan Ridge Quarries Ltd",
    reversed: "The period must end after it starts.",
    target: "Enter hours from 0.02 (one minute) to 1,875.",
    saved: "Service settings saved. Tickets are judged by them now.",
    due: /^Due /,
  },
  "zh-CN": {
    person: "王芳",
    company: "湖南岭峰矿业有限公司",
    reversed: "时段的结束时间必须晚于开始时间。",
    target: "请输入 0.02（一分钟）到 1,875 之间的小时数。",
    saved: "服务设置已保存，工单已按新设置判断。",
    due: / 到期$/,
  },
};

/** Opens a High ticket for a new customer's machine; returns its page's address. */
async function openHighTicket(page, company) {
  await newCustomer(page, company);
  await openRelated(page, "machines");
  await press(page.getByTestId("customer-add-machine"));
  await page.getByTestId("field-serial").fill("SY-0001");
  await page.getByTestId("field-model").fill("SY215C");
  await page.getByTestId("field-delivered").fill("2024-03-01");
  await page.getByTestId("field-hours").fill("1200");
  await page.getByTestId("field-hours-per-month").fill("150");
  await press(page.getByTestId("save-machine"));
  await page.getByTestId("customer-machines").waitFor();
  await openRelated(page, "tickets");
  await press(page.getByTestId("customer-add-ticket"));
  await page.getByTestId("ticket-call").waitFor();
  await page.getByTestId("field-machine").selectOption({ index: 1 });
  await page.getByTestId("field-priority").selectOption({ index: 2 });
  await page.getByTestId("field-summary").fill("Boom lifts slowly");
  await page.getByTestId("field-meter").fill("1250");
  await press(page.getByTestId("save-ticket"));
  await page.getByTestId("ticket-title").waitFor();
  return page.url();
}

async function openSettings(page) {
  await visit(page, "#/settings");
  await page.getByTestId("service-settings").waitFor();
  return page.getByTestId("service-settings");
}

for (const [locale, lang] of [
  ["en-US", "en"],
  ["zh-CN", "zh-CN"],
]) {
  test(`the service desk's calendar and targets (${lang})`, async () => {
    const w = WORDS[lang];
    const { page } = await env.open({ locale, ...LANDSCAPE_TABLET });
    await visit(page);
    await addPerson(page, w.person);
    await actAs(page, w.person);
    const ticketUrl = await openHighTicket(page, w.company);
    const dueBefore = await page.getByTestId("ticket-sla-resolution").innerText();

    // A period ending before it starts and a target of 0: refused at their inputs, nothing stored.
    let form = await openSettings(page);
    await shotOf(form, `service-settings-${lang}`);
    await form.getByTestId("service-period-1-end").fill("13:00");
    await form.getByTestId("service-target-high-resolution").fill("0");
    await press(form.getByTestId("service-settings-save"));
    assert.equal(await fieldError(form, "service-period-1-end").innerText(), w.reversed);
    assert.equal(await fieldError(form, "service-target-high-resolution").innerText(), w.target);
    assert.equal(await form.getByTestId("service-settings-message").count(), 0);
    await shotOf(form.getByTestId("service-periods"), `service-settings-refused-${lang}`);
    await page.reload();
    form = await openSettings(page);
    assert.equal(await form.getByTestId("service-period-1-end").inputValue(), "17:30");
    assert.equal(await form.getByTestId("service-target-high-resolution").inputValue(), "15");

    // A make-up Sunday, a company holiday and a longer High resolution target, saved.
    const makeup = await form.locator('[data-testid^="service-makeup-"][data-testid$="-date"]').count();
    await press(form.getByTestId("service-makeup-add"));
    await form.getByTestId(`service-makeup-${makeup}-date`).fill("2027-01-10");
    const holiday = await form.locator('[data-testid^="service-holiday-"][data-testid$="-first"]').count();
    await press(form.getByTestId("service-holiday-add"));
    await form.getByTestId(`service-holiday-${holiday}-festival`).selectOption("company");
    await form.getByTestId(`service-holiday-${holiday}-first`).fill("2027-02-01");
    await form.getByTestId(`service-holiday-${holiday}-last`).fill("2027-02-02");
    await form.getByTestId("service-target-high-resolution").fill("30");
    await press(form.getByTestId("service-settings-save"));
    assert.equal(await form.getByTestId("service-settings-message").innerText(), w.saved);

    await page.reload();
    form = await openSettings(page);
    assert.equal(await form.getByTestId(`service-makeup-${makeup}-date`).inputValue(), "2027-01-10");
    assert.equal(await form.getByTestId(`service-holiday-${holiday}-festival`).inputValue(), "company");
    assert.equal(await form.getByTestId(`service-holiday-${holiday}-first`).inputValue(), "2027-02-01");
    assert.equal(await form.getByTestId(`service-holiday-${holiday}-last`).inputValue(), "2027-02-02");
    assert.equal(await form.getByTestId("service-target-high-resolution").inputValue(), "30");

    // The ticket is judged by the new target: its resolution falls due later.
    await page.goto(ticketUrl);
    await page.getByTestId("ticket-title").waitFor();
    const dueAfter = await page.getByTestId("ticket-sla-resolution").innerText();
    assert.notEqual(dueAfter, dueBefore);
    assert.match(dueAfter, w.due);
  });
}
