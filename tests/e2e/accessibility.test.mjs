// Accessibility: every page of the app (each route of src/state/route.rs), filled with the Demo
// workspace, in English and in Chinese, has no axe-core violation of impact "serious" or
// "critical". axe runs in an isolated world, so the page under test keeps its CSP.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAsFirstPerson, openDemo, press, visit } from "./support/actions.mjs";
import { dashboardReady, seriousViolations } from "./support/checks.mjs";
import { shot } from "./support/shots.mjs";
import { e2eSuite } from "./support/suite.mjs";

const env = e2eSuite();

/** Where a link found by `locator` leads: its hash route. */
const routeOf = async (locator) => (await locator.first().getAttribute("href")).replace(/^.*#/, "#");

// The lifecycle of customers who have bought, so that their page lists orders.
const EXISTING = { en: "Existing", "zh-CN": "现有客户" };

for (const locale of ["en", "zh-CN"]) {
  test(`every page in ${locale} has no serious or critical axe violation`, async () => {
    const { page } = await env.open({ locale });
    await openDemo(page);
    await actAsFirstPerson(page);

    // The Demo workspace has no partners: one of each, so their lists have a row to open.
    await visit(page, "#/partners/suppliers/new");
    await page.getByTestId("field-name").fill("Hengli Hydraulic");
    await press(page.getByTestId("save-supplier"));
    await page.getByTestId("supplier-list").waitFor();
    const supplier = await routeOf(page.getByTestId("supplier-row"));
    await visit(page, "#/partners/trade/new");
    await page.getByTestId("field-name").fill("PICC Property and Casualty");
    await press(page.getByTestId("save-trade-partner"));
    await page.getByTestId("trade-partner-list").waitFor();
    const tradePartner = await routeOf(page.getByTestId("trade-partner-row"));

    // The pages that show one record open the first the lists show.
    await visit(page, "#/customers");
    await press(page.getByTestId("filters-toggle"));
    await page.getByTestId("filter-lifecycle").selectOption({ label: EXISTING[locale] });
    await page.getByTestId("filter-count").waitFor();
    const customerId = await page.getByTestId("customer-row").first().getAttribute("data-id");
    const customer = `#/customers/${customerId}`;
    await visit(page, customer);
    await visit(page, `${customer}/orders`);
    const order = await routeOf(page.getByTestId("customer-order-link"));
    await visit(page, "#/parts");
    await page.getByTestId("parts-recompute").waitFor({ timeout: 120_000 });
    const part = await routeOf(page.getByTestId("part-row"));
    await visit(page, "#/parts/machines");
    const machine = await routeOf(page.getByTestId("machine-row").locator("a"));
    await visit(page, "#/funnel/list");
    const opportunity = await routeOf(page.getByTestId("opportunity-row"));
    await visit(page, "#/service");
    await page.getByTestId("service-scope").selectOption("all");
    await page.getByTestId("service-show").selectOption("all");
    const ticket = await routeOf(page.getByTestId("ticket-row").locator("a"));

    // Each route with the test id that shows it is drawn.
    const pages = [
      ["#/", "dashboard-ready"],
      ["#/customers", "customer-row"],
      [customer, "customer-detail"],
      [`${customer}/orders`, "related-orders"],
      [`${customer}/tickets`, "related-tickets"],
      [`${customer}/machines`, "related-machines"],
      ["#/customers/new", "field-company"],
      [`${customer}/edit`, "field-company"],
      [`${customer}/orders/new`, "order-number"],
      [order, "order-number"],
      [`${customer}/machines/new`, "field-serial"],
      ["#/import", "import-kind"],
      ["#/follow-ups", "queue-summary"],
      ["#/grades", "grade-distribution"],
      ["#/partners", "supplier-list"],
      ["#/partners/trade", "trade-partner-list"],
      ["#/partners/suppliers/new", "supplier-form"],
      [supplier, "supplier-form"],
      ["#/partners/trade/new", "trade-partner-form"],
      [tradePartner, "trade-partner-form"],
      ["#/settings", "settings"],
      ["#/parts", "part-row"],
      [part, "part-drivers"],
      ["#/parts/reorder", "reorder-line"],
      ["#/parts/machines", "machine-row"],
      ["#/parts/machines/new", "field-serial"],
      [machine, "field-serial"],
      ["#/funnel", "kanban-card"],
      ["#/funnel/list", "opportunity-row"],
      ["#/opportunities/new", "opportunity-customer-search"],
      [opportunity, "opportunity-page"],
      ["#/forecast", "forecast-chart"],
      ["#/service", "service-shown"],
      ["#/service/due", "due-count"],
      ["#/service/new", "field-customer"],
      [`${customer}/tickets/new`, "field-customer"],
      [ticket, "ticket-title"],
      ["#/shows", "shows"],
      ["#/shows/report", "shows-report"],
      ["#/market", "province-map"],
      ["#/market/sightings", "sightings"],
      ["#/market/sightings/new", "sighting-edit"],
      ["#/no-such-page", "not-found"],
    ];
    const found = [];
    for (const [index, [route, drawn]] of pages.entries()) {
      await visit(page, route);
      await page.getByTestId(drawn).first().waitFor({ timeout: 120_000 });
      // Every page in both languages, to be looked at: the first screen of each.
      await shot(page, `page-${String(index + 1).padStart(2, "0")}-${drawn}-${locale}`, { fullPage: false });
      for (const { rule, impact, help, targets } of await seriousViolations(page)) {
        found.push(`${route} ${rule} (${impact}, ${help}): ${targets.join(" | ")}`);
      }
    }
    assert.equal(found.length, 0, `axe violations in ${locale}:\n${found.join("\n")}`);
  });
}

test("axe runs beside the app, which keeps its Content-Security-Policy", async () => {
  const { page } = await env.open({ locale: "en" });
  await visit(page);
  await dashboardReady(page);
  assert.ok(Array.isArray(await seriousViolations(page)));
  assert.equal(await page.evaluate(() => typeof window.axe), "undefined", "axe is not in the app's world");
  // An inline script is still refused, as the CSP says.
  const refused = await page.evaluate(
    () =>
      new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation", (event) => resolve(event.effectiveDirective), { once: true });
        const script = document.createElement("script");
        script.textContent = "document.documentElement.dataset.inline = 'ran';";
        document.head.append(script);
        setTimeout(() => resolve(document.documentElement.dataset.inline ?? "no violation reported"), 2_000);
      })
  );
  assert.equal(refused, "script-src-elem");
  env.excuse("Content Security Policy");
});
