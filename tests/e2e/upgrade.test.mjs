// Upgrading what a release wrote: both workspaces of each fixture (v3, written by release ff97c01,
// v4 by 2b20c66, v5 by 9ac7885 and v6 by d1e25c0, through their pages: tests/fixtures/idb) are
// put back before this build first loads, and every record shows: my customers in the list, the
// customer with its contacts, orders, interaction and history, the v6 show with its leads, every
// count on both dashboards, and nothing the release deleted (v4 kept tombstones of a removed
// contact, a deleted order and supplier and a customer merged away); and a customer the release
// stored is edited in two tabs at once, the saves merged.
import assert from "node:assert/strict";
import { test } from "node:test";
import { actAs, fillCustomer, openCustomerForm, openRelated, openWorkspace, press, visit } from "./support/actions.mjs";
import { customerProfile, dashboardReady, historyCount, texts, tileCount } from "./support/checks.mjs";
import { fixtureRecords, restoreFixture } from "./support/database.mjs";
import { customerCompanies, workspaceBadge } from "./support/locators.mjs";
import { PORTRAIT_TABLET, appUrl, e2eSuite } from "./support/suite.mjs";

const env = e2eSuite();

// The kinds the dashboard counts, by their stores.
const COUNTED = [
  "customers",
  "contacts",
  "interactions",
  "orders",
  "opportunities",
  "machines",
  "service_tickets",
  "parts",
  "stock",
  "part_demand",
  "suppliers",
  "trade_partners",
  "users",
  "audit_log",
];

/** Every dashboard count equals the records of the fixture's database `name`. */
async function dashboardMatches(page, dump, name) {
  await page.getByTestId("nav-dashboard").click();
  await dashboardReady(page);
  for (const store of COUNTED) {
    assert.equal(await tileCount(page, store), fixtureRecords(dump, name, store).length, `${name}: ${store}`);
  }
}

/** The history entries the customer's timeline shows: its own, and those of a duplicate merged
 * into it (no longer stored), which the timeline keeps with it. */
function customerHistory(dump, customer) {
  const stored = new Set(fixtureRecords(dump, "kehu-mine", "customers").map((c) => `customers/${c.id}`));
  const merged = (target) => target.startsWith("customers/") && !stored.has(target);
  return fixtureRecords(dump, "kehu-mine", "audit_log").filter((e) => e.target === `customers/${customer.id}` || merged(e.target));
}

for (const version of [3, 4, 5, 6]) {
  test(`both workspaces written by the v${version} release open in this build with every record`, async () => {
    const { page } = await env.open({ locale: "zh-CN" });
    const dump = await restoreFixture(page, version);
    const mine = (store) => fixtureRecords(dump, "kehu-mine", store);

    await visit(page, "#/customers");
    await customerCompanies(page).first().waitFor();
    assert.deepEqual(
      (await customerCompanies(page).allInnerTexts()).sort(),
      mine("customers").map((c) => c.company).sort(),
      "the list shows my customers"
    );

    // The customer: its contacts, orders and interaction, and its history with the edit.
    const [customer] = mine("customers");
    const of = (store) => mine(store).filter((r) => r.customer_id === customer.id);
    await visit(page, `#/customers/${customer.id}`);
    await page.getByTestId("customer-detail").waitFor();
    assert.equal(await page.getByTestId("customer-company").innerText(), customer.company);
    await openRelated(page, "contacts");
    const contacts = await page.getByTestId("contact").locator("strong").allInnerTexts();
    assert.deepEqual(contacts.sort(), of("contacts").map((c) => c.name).sort());
    await openRelated(page, "history");
    assert.equal(await historyCount(page, "order"), of("orders").length);
    assert.equal(await historyCount(page, "interaction"), of("interactions").length);
    const history = customerHistory(dump, customer);
    assert.equal(await historyCount(page, "change"), history.length);
    const edit = history.find((a) => a.action === "update" && a.changes.some((c) => c.field === "phone"));
    const phone = edit.changes.find((c) => c.field === "phone");
    await page.getByTestId("timeline-change").filter({ hasText: phone.before }).filter({ hasText: phone.after }).waitFor();
    await openRelated(page, "machines");
    assert.equal(await page.getByTestId("customer-machine").count(), of("machines").length);

    // What the release deleted stays deleted: the customer v4 merged away (a tombstone) is not found.
    if (version >= 4) {
      const [merged, ...others] = mine("tombstones").filter((t) => t.store === "customers");
      assert.equal(others.length, 0, "one customer merged away");
      await visit(page, `#/customers/${merged.key}`);
      await page.getByTestId("customer-not-found").waitFor();
    }

    // From v6: the show the release stored, with the leads captured at its booth.
    for (const show of version >= 6 ? mine("shows") : []) {
      await visit(page, "#/shows");
      const row = page.getByTestId("show-row").filter({ hasText: show.name });
      await row.waitFor();
      const leads = mine("leads").filter((l) => l.show_id === show.id).length;
      assert.ok(leads > 0, "the fixture captured leads");
      assert.equal(await row.getByTestId("show-lead-count").innerText(), String(leads));
    }

    await dashboardMatches(page, dump, "kehu-mine");
    await openWorkspace(page, "demo");
    await workspaceBadge(page, "demo").waitFor();
    await dashboardMatches(page, dump, "kehu-demo");
  });

  test(`a customer the v${version} release stored, edited in two tabs at once: both changes are kept`, async () => {
    const { context, page: a } = await env.open({ locale: "zh-CN", ...PORTRAIT_TABLET });
    const dump = await restoreFixture(a, version);
    const [customer] = fixtureRecords(dump, "kehu-mine", "customers");
    const history = customerHistory(dump, customer);
    const [first, second] = fixtureRecords(dump, "kehu-mine", "users").map((u) => u.name);
    await actAs(a, first);
    const b = await env.openTab(context);
    await actAs(b, second);
    const url = appUrl(`#/customers/${customer.id}`);

    await openCustomerForm(b, url);
    await openCustomerForm(a, url);
    await fillCustomer(a, { phone: "0731-8888 7777" });
    await press(a.getByTestId("save-customer"));
    await a.getByTestId("customer-detail").waitFor();
    await b.getByTestId("changed-elsewhere").waitFor();
    await fillCustomer(b, { city: "株洲" });
    await press(b.getByTestId("save-customer"));
    await b.getByTestId("customer-detail").waitFor();
    await b.getByTestId("notice").waitFor();

    const profile = await customerProfile(b);
    assert.equal(profile["电话"], "0731-8888 7777", "A's phone is kept");
    assert.equal(profile["城市"], "株洲", "B's city is saved");
    await b.waitForFunction(
      (n) => document.querySelector('[data-testid="timeline-kind-change"] .chip-count')?.textContent === String(n),
      history.length + 2,
    );
    const [mine, theirs] = await texts(b, "timeline-change");
    assert.match(mine, new RegExp(`${second}[\\s\\S]*城市[\\s\\S]*${customer.city}[\\s\\S]*株洲`));
    assert.doesNotMatch(mine, /电话/, "B's entry does not list the phone");
    assert.match(theirs, new RegExp(`${first}[\\s\\S]*电话[\\s\\S]*${customer.phone}[\\s\\S]*0731-8888 7777`));
    assert.doesNotMatch(theirs, /城市/, "A's entry does not list the city");
    await context.close();
  });
}
