import { test } from "node:test";
import { openDemoCustomer, press } from "./support/actions.mjs";
import { LANDSCAPE_TABLET, e2eSuite } from "./support/suite.mjs";
const env = e2eSuite();
test("height", async () => {
  const { page } = await env.open({ locale: "en-US", ...LANDSCAPE_TABLET });
  const company = await openDemoCustomer(page);
  await page.waitForTimeout(1500);
  console.log(`HEIGHT ${company}: ${await page.evaluate(() => document.documentElement.scrollHeight)} px`);
  await press(page.getByTestId("nav-grades"));
  const top = page.getByTestId("pareto-row").first().locator("a").first();
  await top.waitFor();
  const name = await top.innerText();
  await press(top);
  await page.getByTestId("customer-value").getByTestId("value-grade").waitFor();
  await page.waitForTimeout(1500);
  console.log(`HEIGHT top ${name}: ${await page.evaluate(() => document.documentElement.scrollHeight)} px`);
});
