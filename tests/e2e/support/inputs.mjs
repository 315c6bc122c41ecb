// What the journeys give the app: files from tests/fixtures, files written as a user's would be,
// and dates as the device's date inputs take them.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./suite.mjs";

/** A file under tests/fixtures. */
export const fixture = (...parts) => path.join(ROOT, "tests", "fixtures", ...parts);

let dir;

/** Writes `content` (text or bytes) to a file called exactly `name`, as the user's file would be. */
export function tempFile(name, content) {
  if (!dir) {
    dir = mkdtempSync(path.join(os.tmpdir(), "kehu-e2e-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const pad = (n) => String(n).padStart(2, "0");

/** The device's local day `offset` days from today, as a date input's value (YYYY-MM-DD). */
export function day(offset) {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The first day of last month, as an ISO date (a machine works from the month after delivery). */
export function lastMonth() {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-01`;
}

/** `lastMonth()` as the English lists show it, e.g. "1 Nov 2026". */
export function lastMonthShown() {
  const [year, month] = lastMonth().split("-").map(Number);
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `1 ${names[month - 1]} ${year}`;
}
