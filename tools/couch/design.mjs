// The `_design/kehu` document of a company database: the rules the server checks on every write,
// whoever writes (docs/sync/couchdb.md). Records are documents `{ _id: "<kind>/<key>", kind, at,
// by, record }`; roles are manager, sales and service.
//
// `validate` runs inside the server, not here: it is stored as source text, so it must stay ES5
// (CouchDB 3's SpiderMonkey: no arrow functions, let/const, template strings) and throws
// `{ forbidden: reason }`. The reasons are stable strings the app translates by prefix.

/** The object stores Kehu syncs: a document's `kind`, and the first segment of its `_id`. */
export const KINDS = [
  "users",
  "customers",
  "contacts",
  "interactions",
  "orders",
  "opportunities",
  "parts",
  "part_demand",
  "stock",
  "machines",
  "service_tickets",
  "settings",
  "audit_log",
  "suppliers",
  "trade_partners",
  "value_ratings",
  "grade_snapshots",
  "shows",
  "leads",
  "sightings",
  "markets",
];

/**
 * A device's claim on a writer number, `writers/<n>` (0 ≤ n < DEVICES): the part of every new
 * record id that keeps two devices of the team from making the same id. Not a record.
 */
export const WRITERS_KIND = "writers";
export const DEVICES = 256;

/** Settings only a manager (or a server admin) may create, change or delete; so is every `users/` document. */
export const MANAGER_ONLY_IDS = ["settings/grading.settings", "settings/funnel", "settings/parts.policy"];

/** The server's refusals, as `validate` throws them. */
export const REASONS = {
  noRole: "kehu: a Kehu role (manager, sales or service) is needed to write",
  unknownKind: "kehu: unknown kind",
  idMismatch: "kehu: the id does not start with the kind",
  managerOnly: "kehu: only a manager may change this",
  auditNeverChanges: "kehu: audit entries never change",
  interactionNeverDeleted: "kehu: interactions are never deleted",
  deviceNumber: "kehu: not a device number",
  deviceHeld: "kehu: a device number is held by the device that claimed it",
};

// `$KINDS`, `$MANAGER_ONLY_IDS` and `$REASONS` are replaced by the constants above in the text
// the server stores, which therefore has no free variables.
function validate(newDoc, oldDoc, userCtx) {
  var KINDS = $KINDS;
  var WRITERS_KIND = $WRITERS_KIND;
  var DEVICES = $DEVICES;
  var MANAGER_ONLY_IDS = $MANAGER_ONLY_IDS;
  var REASONS = $REASONS;
  var roles = userCtx.roles || [];
  function has(role) {
    return roles.indexOf(role) !== -1;
  }
  var manager = has("_admin") || has("manager");
  if (!manager && !has("sales") && !has("service")) {
    throw { forbidden: REASONS.noRole };
  }

  var id = newDoc._id;
  var slash = id.indexOf("/");
  // A deletion may arrive as a bare stub (DELETE, or a conflict's losing branch removed): its
  // kind is then the id's, so the rules below still see what is being deleted.
  var kind = newDoc.kind;
  if (kind === undefined && newDoc._deleted && slash > 0) {
    kind = id.substring(0, slash);
  }
  if (kind === WRITERS_KIND) {
    var number = id.substring(slash + 1);
    if (id.indexOf(WRITERS_KIND + "/") !== 0 || !/^(0|[1-9][0-9]*)$/.test(number) || Number(number) >= DEVICES) {
      throw { forbidden: REASONS.deviceNumber };
    }
    // Claimed by the user it names; given up only by that user or a manager; never changed.
    var live = oldDoc && !oldDoc._deleted;
    var holder = live ? oldDoc.record && oldDoc.record.user : newDoc.record && newDoc.record.user;
    if ((live && !newDoc._deleted) || (holder !== userCtx.name && !(newDoc._deleted && manager))) {
      throw { forbidden: REASONS.deviceHeld };
    }
    return;
  }
  if (typeof kind !== "string" || KINDS.indexOf(kind) === -1) {
    throw { forbidden: REASONS.unknownKind };
  }
  if (id.indexOf(kind + "/") !== 0) {
    throw { forbidden: REASONS.idMismatch };
  }
  if ((kind === "users" || MANAGER_ONLY_IDS.indexOf(id) !== -1) && !manager) {
    throw { forbidden: REASONS.managerOnly };
  }
  // Audit entries are append-only, for admins too.
  if (kind === "audit_log" && (newDoc._deleted || (oldDoc && !oldDoc._deleted))) {
    throw { forbidden: REASONS.auditNeverChanges };
  }
  // A resolved conflict's losing branch ends in a tombstone; the interaction itself stays.
  if (kind === "interactions" && newDoc._deleted && newDoc.resolved !== true) {
    throw { forbidden: REASONS.interactionNeverDeleted };
  }
}

const source = String(validate)
  .replace("$KINDS", JSON.stringify(KINDS))
  .replace("$WRITERS_KIND", JSON.stringify(WRITERS_KIND))
  .replace("$DEVICES", JSON.stringify(DEVICES))
  .replace("$MANAGER_ONLY_IDS", JSON.stringify(MANAGER_ONLY_IDS))
  .replace("$REASONS", JSON.stringify(REASONS));

/** The design document itself, as `PUT /<db>/_design/kehu` takes it (plus `_rev` to update). */
export const designDoc = {
  _id: "_design/kehu",
  language: "javascript",
  validate_doc_update: source,
};

export default designDoc;
