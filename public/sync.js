// Kehu's bridge to PouchDB for team sync. Loaded on demand after pouchdb.min.js and
// pouchdb.indexeddb.min.js; the wasm calls window.KehuSync (docs/decisions/0001-sync-client.md).
"use strict";

(function () {
  const PouchDB = window.PouchDB;

  // Retries start after 1 s and double up to 30 s: PouchDB's default backoff grows to 10 minutes,
  // which would leave a tablet that is back online unsynced for that long.
  const MAX_BACK_OFF_MS = 30000;

  function backOff(delay) {
    return delay === 0 ? 1000 : Math.min(delay * 2, MAX_BACK_OFF_MS);
  }

  // Devices' claims on writer numbers (writers/<n>) travel with the records but are not records.
  const DEVICE_CLAIM = "writers/";

  function isRecord(id) {
    return !id.startsWith("_design/") && !id.startsWith(DEVICE_CLAIM);
  }

  // A plain { status, reason } the wasm can read; status 0 when the network failed.
  function failure(err) {
    const status = err && typeof err.status === "number" ? err.status : 0;
    const reason = (err && (err.reason || err.message)) || String(err);
    return { status, reason };
  }

  // The push checkpoint Kehu keeps itself: PouchDB's own one sits under a replication id that
  // depends on the server's uuid, which cannot be read offline, when the figure matters most.
  function pushCheckpointId(remoteUrl) {
    return "_local/kehu-push:" + remoteUrl;
  }

  async function savePushCheckpoint(db, remoteUrl, seq) {
    const id = pushCheckpointId(remoteUrl);
    let rev;
    try {
      rev = (await db.get(id))._rev;
    } catch (err) {
      if (err.status !== 404) throw err;
    }
    await db.put({ _id: id, _rev: rev, last_seq: seq });
  }

  function open(name, adapter = "indexeddb") {
    return { db: new PouchDB(name, { adapter }), sync: null, saving: Promise.resolve() };
  }

  async function push(h, docs) {
    let refused;
    try {
      // With new_edits: false PouchDB answers only the documents it refused.
      refused = await h.db.bulkDocs(docs, { new_edits: false });
    } catch (err) {
      throw failure(err);
    }
    if (refused.length > 0) {
      const first = refused[0];
      throw { status: first.status || 400, reason: first.id + ": " + (first.reason || first.message), id: first.id };
    }
    return { written: docs.length };
  }

  // style "all_docs" lists every leaf, deleted ones too: a deletion that lost to an edit is a
  // conflict for Kehu but CouchDB never puts it in _conflicts, so it is added as
  // _deleted_conflicts — except the tombstones that ended a resolved conflict's losing branches.
  async function changes(h, since, limit) {
    const res = await h.db.changes({
      // Local sequences are integers: a string since would make the adapters start over.
      since: Number(since),
      limit,
      include_docs: true,
      conflicts: true,
      style: "all_docs",
    });
    const results = [];
    for (const c of res.results.filter((c) => isRecord(c.id))) {
      const doc = c.doc;
      const live = new Set([doc._rev].concat(doc._conflicts || []));
      const deleted = c.changes.map((ch) => ch.rev).filter((rev) => !live.has(rev));
      if (!c.deleted && deleted.length > 0) {
        const leaves = await h.db.get(c.id, { open_revs: deleted });
        const unresolved = leaves.filter((leaf) => leaf.ok && !leaf.ok.resolved).map((leaf) => leaf.ok._rev);
        if (unresolved.length > 0) doc._deleted_conflicts = unresolved;
      }
      results.push({ id: c.id, seq: String(c.seq), deleted: Boolean(c.deleted), doc });
    }
    return { results, last_seq: String(res.last_seq) };
  }

  // Every leaf of the document with its history, for settling a conflict.
  async function leaves(h, id) {
    let found;
    try {
      found = await h.db.get(id, { open_revs: "all", revs: true });
    } catch (err) {
      throw failure(err);
    }
    return found.filter((leaf) => leaf.ok).map((leaf) => leaf.ok);
  }

  // One revision's body; null once compacted away or never held here (a revision another
  // device made and replaced before this one synced).
  async function revision(h, id, rev) {
    try {
      return await h.db.get(id, { rev });
    } catch (err) {
      if (err.status === 404) return null;
      throw failure(err);
    }
  }

  async function sessionRequest(base, method, body) {
    let response;
    try {
      response = await fetch(base + "_session", {
        method,
        credentials: "include",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw { status: 0, reason: err.message || String(err) };
    }
    let json = {};
    try {
      json = await response.json();
    } catch (err) {
      if (response.ok) throw { status: response.status, reason: "not a CouchDB answer" };
    }
    if (!response.ok) {
      throw { status: response.status, reason: json.reason || json.error || response.statusText };
    }
    return json;
  }

  async function signIn(base, user, password) {
    const json = await sessionRequest(base, "POST", { name: user, password });
    return { name: json.name, roles: json.roles || [] };
  }

  async function signOut(base) {
    await sessionRequest(base, "DELETE");
  }

  // Who the server takes this device for now: null once its session ended.
  async function session(base) {
    const json = await sessionRequest(base, "GET");
    return (json.userCtx && json.userCtx.name) || null;
  }

  const HELD = "kehu: a device number is held";
  const CLAIM_ATTEMPTS = 16;

  // Claims a device number below `devices` that no other device of the team holds, by creating
  // its writers/<n> document on the server (only one device's creation can succeed); null when
  // every number is held. A number is picked at random among the free ones, so two devices
  // claiming at once rarely pick the same and retry.
  async function claimDevice(remoteUrl, user, devices) {
    const remote = new PouchDB(remoteUrl, { skip_setup: true });
    try {
      for (let attempt = 0; ; attempt++) {
        const held = await remote.allDocs({ startkey: DEVICE_CLAIM, endkey: DEVICE_CLAIM + "\ufff0" });
        const taken = new Set(held.rows.map((row) => Number(row.id.slice(DEVICE_CLAIM.length))));
        const free = [];
        for (let n = 0; n < devices; n++) if (!taken.has(n)) free.push(n);
        if (free.length === 0) return null;
        const n = free[Math.floor(Math.random() * free.length)];
        const claim = { _id: DEVICE_CLAIM + n, kind: "writers", at: Date.now(), by: null, record: { user } };
        try {
          await remote.put(claim);
          return n;
        } catch (err) {
          // Another device claimed it first: CouchDB answers a conflict, pouchdb-server lets the
          // rules refuse it as held.
          const lost = err.status === 409 || (err.status === 403 && String(err.reason).startsWith(HELD));
          if (!lost || attempt === CLAIM_ATTEMPTS) throw err;
        }
      }
    } catch (err) {
      throw failure(err);
    } finally {
      await remote.close();
    }
  }

  // Gives device number `n` back to the team; one already given back is no failure.
  async function releaseDevice(remoteUrl, n) {
    const remote = new PouchDB(remoteUrl, { skip_setup: true });
    try {
      await remote.remove(await remote.get(DEVICE_CLAIM + n));
    } catch (err) {
      if (err.status !== 404) throw failure(err);
    } finally {
      await remote.close();
    }
  }

  // Listens to each direction itself: PouchDB's sync object drops the error a paused event
  // carries, and says "paused" when one side stopped on an error while the other is idle.
  function start(h, remoteUrl, onEvent) {
    if (h.sync) throw new Error("KehuSync: already started");
    // skip_setup: a member may not create the database (PouchDB would try PUT on a 404).
    const remote = new PouchDB(remoteUrl, { skip_setup: true });
    const sync = PouchDB.sync(h.db, remote, {
      live: true,
      retry: true,
      batch_size: 500,
      back_off_function: backOff,
    });
    h.sync = sync;
    // How many records the team holds, read once: the pull's progress is how many of them this
    // device's replica holds (the server may not report what is pending).
    let teamHolds = null;
    remote
      .info()
      .then((info) => {
        teamHolds = info.doc_count;
      })
      .catch(() => {});
    const idle = { push: false, pull: false };
    const watch = (rep, direction) => {
      const other = direction === "push" ? "pull" : "push";
      rep.on("active", () => {
        idle[direction] = false;
        onEvent({ kind: "active", direction });
      });
      rep.on("paused", (err) => {
        if (err) {
          idle[direction] = false;
          onEvent(Object.assign({ kind: "paused", direction }, failure(err)));
          return;
        }
        idle[direction] = true;
        if (idle[other]) onEvent({ kind: "paused" });
      });
      rep.on("change", (res) => {
        onEvent({ kind: "change", direction, written: res.docs.length, ids: res.docs.map((doc) => doc._id) });
        if (direction !== "pull" || teamHolds === null) return;
        h.db
          .info()
          .then((local) => onEvent({ kind: "progress", held: Math.min(local.doc_count, teamHolds), total: teamHolds }))
          .catch(() => {});
      });
      // Replication reports a document the server's validate_doc_update refused here, and
      // goes on with the others. PouchDB gives such a per-document refusal status 500, so the
      // status is read from its name.
      rep.on("denied", (err) => {
        const status = err.name === "unauthorized" ? 401 : 403;
        onEvent({ kind: "denied", direction, id: err.id, status, reason: failure(err).reason });
      });
    };
    watch(sync.push, "push");
    watch(sync.pull, "pull");
    sync.push.on("checkpoint", (cp) => {
      if (cp.checkpoint === undefined) return;
      // One write at a time, or two quick batches would collide on the document's revision.
      h.saving = h.saving
        .then(() => savePushCheckpoint(h.db, remoteUrl, cp.checkpoint))
        .catch((err) => onEvent(Object.assign({ kind: "error", direction: "push" }, failure(err))));
    });
    // 401/403 end the sync even with retry (signed out, or removed from the database).
    sync.on("error", (err) => {
      if (h.sync === sync) h.sync = null;
      onEvent(Object.assign({ kind: "error" }, failure(err)));
    });
  }

  async function stop(h) {
    const sync = h.sync;
    if (!sync) return;
    h.sync = null;
    // A direction waiting out a retry backoff writes nothing more once cancelled; waiting for it
    // would take until its timer fires.
    const running = [sync.push, sync.pull].filter((rep) => rep.state !== "stopped");
    sync.cancel();
    await Promise.allSettled(running);
  }

  // The records the server has not got from this replica yet, by document id.
  async function pending(h, remoteUrl) {
    let since = 0;
    try {
      since = (await h.db.get(pushCheckpointId(remoteUrl))).last_seq;
    } catch (err) {
      if (err.status !== 404) throw err;
    }
    const res = await h.db.changes({ since, return_docs: true });
    return res.results.filter((c) => isRecord(c.id)).map((c) => c.id);
  }

  async function destroy(h) {
    await stop(h);
    await h.db.destroy();
  }

  // PouchDB 9's live replication, retrying while the network is down, leaves the promise of its
  // http adapter's `info` request unhandled; the same failure reaches the replication's own
  // handlers (and so the sync status), so only that network error from PouchDB's own file is
  // kept out of the page's uncaught errors.
  window.addEventListener("unhandledrejection", (event) => {
    const reason = event.reason;
    if (reason instanceof TypeError && String(reason.stack).includes("pouchdb.min.js")) event.preventDefault();
  });

  window.KehuSync = {
    open,
    push,
    changes,
    leaves,
    revision,
    signIn,
    signOut,
    session,
    claimDevice,
    releaseDevice,
    start,
    stop,
    pending,
    destroy,
  };
})();
