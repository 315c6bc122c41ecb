// Screenshots to look at, saved under tests/e2e/screenshots/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./suite.mjs";

export const SHOTS = path.join(ROOT, "tests", "e2e", "screenshots");

/** Saves a screenshot to look at; `fullPage: false` for virtualised lists, whose page is mostly empty. */
export async function shot(page, name, { fullPage = true } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  // From the top, so the sticky bar is drawn where it belongs and not over the content below.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** Saves a screenshot of one element; the sticky bar and menu stay in the page's flow meanwhile,
 * so an element taller than the viewport is not drawn with the bar across its middle. */
export async function shotOf(locator, name) {
  mkdirSync(SHOTS, { recursive: true });
  // Through the CSSOM: the app's CSP refuses the <style> that Playwright's `style` option adds.
  const unstick = (position) => {
    for (const bar of document.querySelectorAll(".topbar, .nav")) bar.style.position = position;
  };
  await locator.page().evaluate(unstick, "static");
  await locator.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  await locator.page().evaluate(unstick, "");
}
