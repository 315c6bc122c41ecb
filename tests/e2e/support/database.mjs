// The databases a released build wrote, put back before the app under test opens them: the
// fixtures under tests/fixtures/idb (one per schema version, written by tools/fixture-db.mjs)
// restored with their own codec, tests/fixtures/idb/restore.mjs, in a page of the app's origin.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fixture } from "./inputs.mjs";
import { appUrl } from "./suite.mjs";

// Run as an expression through the DevTools protocol, which the app's CSP does not govern; a
// module's `export`s cannot stand in an expression, so they are dropped.
const CODEC = readFileSync(fixture("idb", "restore.mjs"), "utf8").replace(/^export /gm, "");

/** The dump of schema `version`'s fixture: `{ format, written_by, databases: [{ name, version, stores }] }`. */
export function fixtureDump(version) {
  return JSON.parse(gunzipSync(readFileSync(fixture("idb", `v${version}.json.gz`))).toString("utf8"));
}

/** The records of `store` in database `name` of a dump, as stored (`$`-tagged where JSON falls short). */
export function fixtureRecords(dump, name, store) {
  return dump.databases.find((d) => d.name === name).stores.find((s) => s.name === store).records;
}

/**
 * Restores schema `version`'s fixture into this page's browser context, before the app has
 * opened any database: from an empty page at the app's address, which runs no app and asks the
 * server for nothing (not even an icon). The page is left there; returns the dump.
 */
export async function restoreFixture(page, version) {
  const dump = fixtureDump(version);
  const blank = appUrl("restore-fixture.html");
  await page.route(blank, (route) => route.fulfill({ contentType: "text/html", body: '<!doctype html><link rel="icon" href="data:,">' }));
  await page.goto(blank);
  await page.evaluate(`(async () => { ${CODEC}; return restoreDatabases(${JSON.stringify(dump)}); })()`);
  await page.unroute(blank);
  return dump;
}
