//! The IndexedDB implementation of [`Store`]: one database per workspace.

use super::record::{AnyRecord, Entity, Key, Record};
use super::revision::{base_holds, Base, Rev, Revision, Stamp};
use super::schema::{self, v4, v5, Migration, Step};
use super::{
    Arrival, Batch, Delete, EntityCounts, Incoming, Lookup, Outgoing, Put, ReadSet, Reads, Store, StoreError,
    StoreErrorKind, Tombstone, WriteStamps,
};
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error as IdbError, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::{KeyPath, KeyRange};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod outbox;

/// Something that happened to the database outside any one call, for the app to show or to
/// tell other tabs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreEvent {
    /// A write through this connection committed, storing or deleting records of these kinds.
    Wrote(Vec<Entity>),
    /// The team's records arrived through this connection, of these kinds: other tabs show
    /// them, and there is nothing to hand over.
    Arrived(Vec<Entity>),
    /// Our upgrade waits: another tab holds the old version open.
    UpgradeBlocked,
    /// The blocked upgrade went through after all.
    UpgradeUnblocked,
    /// Another tab upgraded the database; this connection closed itself.
    VersionChanged,
}

/// Receives [`StoreEvent`]s.
pub type EventSink = Rc<dyn Fn(StoreEvent)>;

/// When each schema step ran on this database.
#[derive(Serialize, Deserialize)]
struct LedgerEntry {
    version: u32,
    applied_at_ms: f64,
    upgraded_from: u32,
}

pub struct IdbStore {
    db: Database,
    /// Whether the schema has the tombstones store (not when a test opens an older schema).
    keeps_tombstones: bool,
    /// Whether the schema has the outbox store (likewise).
    has_outbox: bool,
    events: EventSink,
    closed: Rc<Cell<bool>>,
    stamps: WriteStamps,
    // Kept alive as long as the connection: the browser calls it on another tab's upgrade.
    _on_version_change: Closure<dyn FnMut(web_sys::Event)>,
}

fn dom_error(name: &str, message: String) -> StoreError {
    StoreError::new(StoreError::kind_for_dom_name(name), format!("{name}: {message}"))
}

fn idb_error(error: IdbError) -> StoreError {
    match error {
        IdbError::DomException(e) => {
            let e: web_sys::DomException = e.into();
            dom_error(&e.name(), e.message())
        }
        IdbError::Serialisation(e) => StoreError::new(StoreErrorKind::Data, e.to_string()),
        other => StoreError::new(StoreErrorKind::Other, other.to_string()),
    }
}

fn open_error(error: OpenDbError) -> StoreError {
    match error {
        OpenDbError::Base(e) => idb_error(e),
        other => StoreError::new(StoreErrorKind::Unavailable, other.to_string()),
    }
}

/// The error of a failed transaction: the request error that aborted it, when the browser says.
fn transaction_error(tx: &web_sys::IdbTransaction, fallback: IdbError) -> StoreError {
    match tx.error() {
        Some(e) => dom_error(&e.name(), e.message()),
        None => idb_error(fallback),
    }
}

/// Adds a step's stores and indexes, and starts its migration of the stored records, all in
/// the upgrade transaction (reached through a store the step adds: a migrating step adds one).
fn apply_step(db: &Database, step: &Step) -> Result<(), IdbError> {
    let mut upgrade = None;
    for spec in step.stores {
        let store = db.create_object_store(spec.name).with_key_path(KeyPath::One(spec.key_path)).build()?;
        for index in spec.indexes {
            store.create_index(index.name, KeyPath::One(index.key_path)).with_unique(index.unique).build()?;
        }
        let raw: &web_sys::IdbObjectStore = store.as_sys();
        upgrade = Some(raw.transaction());
    }
    match (step.migration, upgrade) {
        (Some(Migration::AddRevisions), Some(upgrade)) => {
            // Only kinds whose stores exist by now: a later step creates its own after, empty.
            for entity in Entity::ALL.iter().filter(|e| db.object_store_names().any(|n| n == e.store_name())) {
                add_first_revisions(&upgrade, entity.store_name()).map_err(IdbError::from)?;
            }
        }
        (Some(_), None) => return Err(IdbError::from(JsValue::from_str("a migrating step must add a store"))),
        (None, _) => {}
    }
    Ok(())
}

/// Gives every record of `store` stored without a revision its first one, inside the upgrade
/// transaction (its requests keep it alive until done; a failure aborts the whole upgrade).
fn add_first_revisions(upgrade: &web_sys::IdbTransaction, store: &str) -> Result<(), JsValue> {
    let object_store = upgrade.object_store(store)?;
    let request = object_store.get_all()?;
    let (read, tx) = (request.clone(), upgrade.clone());
    let on_read = Closure::once_into_js(move |_: web_sys::Event| {
        let revise = || -> Result<(), JsValue> {
            let at_ms = js_sys::Date::now();
            for value in js_sys::Array::from(&read.result()?).iter() {
                if js_sys::Reflect::has(&value, &REV.into())? {
                    continue;
                }
                let json: String = js_sys::JSON::stringify(&value)?.into();
                let rev = v4::first_revision(&json);
                js_sys::Reflect::set(&value, &REV.into(), &rev.to_string().into())?;
                js_sys::Reflect::set(&value, &AT.into(), &at_ms.into())?;
                object_store.put(&value)?;
            }
            Ok(())
        };
        if revise().is_err() {
            let _ = tx.abort();
        }
    });
    request.set_onsuccess(Some(on_read.unchecked_ref()));
    Ok(())
}

/// The properties a record's revision is stored under, beside the record's own fields (which
/// never start with `_`): CouchDB's own name for the revision, and who wrote it when.
const REV: &str = "_rev";
const AT: &str = "_at";
const BY: &str = "_by";

/// The revision stored with `value`, if it has one.
fn stored_revision(value: &JsValue) -> Option<Revision> {
    let get = |name: &str| js_sys::Reflect::get(value, &name.into()).ok();
    let rev = Rev::parse(&get(REV)?.as_string()?)?;
    let at_ms = get(AT).and_then(|v| v.as_f64()).unwrap_or(0.0) as i64;
    let by = get(BY).and_then(|v| v.as_f64()).map(|by| by as u64);
    Some(Revision { rev, at_ms, by })
}

/// Writes `revision` into a record's stored form.
fn set_revision(value: &JsValue, revision: Revision) -> Result<(), JsValue> {
    js_sys::Reflect::set(value, &REV.into(), &revision.rev.to_string().into())?;
    js_sys::Reflect::set(value, &AT.into(), &(revision.at_ms as f64).into())?;
    if let Some(by) = revision.by {
        js_sys::Reflect::set(value, &BY.into(), &(by as f64).into())?;
    }
    Ok(())
}

/// `record` as stored: its fields as IndexedDB's serde support writes them, and `revision`.
fn stored_value(record: &AnyRecord, revision: Revision) -> Result<JsValue, StoreError> {
    let data = |e: String| StoreError::new(StoreErrorKind::Data, e).in_store(record.entity().store_name());
    let value = record
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .map_err(|e| data(e.to_string()))?;
    set_revision(&value, revision).map_err(|e| data(format!("{e:?}")))?;
    Ok(value)
}

impl IdbStore {
    /// Opens (creating or upgrading as needed) the workspace database `name`.
    pub async fn open(name: &str, events: EventSink) -> Result<IdbStore, StoreError> {
        IdbStore::open_with_steps(name, schema::STEPS, events).await
    }

    /// Opens `name` at the last of `steps`. Tests pass extra steps to exercise upgrades.
    pub async fn open_with_steps(
        name: &str,
        steps: &'static [Step],
        events: EventSink,
    ) -> Result<IdbStore, StoreError> {
        let target = steps.last().map_or(1, |s| s.version);
        let blocked = Rc::new(Cell::new(false));
        let upgraded_from = Rc::new(Cell::new(None::<u32>));
        let db = {
            let (blocked, events) = (blocked.clone(), events.clone());
            let upgraded_from = upgraded_from.clone();
            Database::open(name)
                .with_version(target)
                .with_on_blocked(move |_| {
                    blocked.set(true);
                    events(StoreEvent::UpgradeBlocked);
                    Ok(())
                })
                .with_on_upgrade_needed(move |event, db| {
                    let current = event.old_version() as u32;
                    upgraded_from.set(Some(current));
                    schema::pending(steps, current, target).try_for_each(|step| apply_step(&db, step))
                })
                .await
                .map_err(open_error)?
        };
        if blocked.get() {
            events(StoreEvent::UpgradeUnblocked);
        }

        let closed = Rc::new(Cell::new(false));
        let on_version_change = {
            let (closed, raw, events) = (closed.clone(), db.as_sys().clone(), events.clone());
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                raw.close();
                closed.set(true);
                events(StoreEvent::VersionChanged);
            })
        };
        db.as_sys().set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        let keeps_tombstones = db.object_store_names().any(|name| name == v4::TOMBSTONES);
        let has_outbox = db.object_store_names().any(|name| name == v5::OUTBOX);
        let store = IdbStore {
            db,
            keeps_tombstones,
            has_outbox,
            closed,
            events,
            stamps: WriteStamps::default(),
            _on_version_change: on_version_change,
        };
        if let Some(from) = upgraded_from.get() {
            store.record_upgrade(steps, from, target).await?;
        }
        Ok(store)
    }

    async fn record_upgrade(&self, steps: &'static [Step], from: u32, target: u32) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(schema::v1::SCHEMA_LEDGER)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(idb_error)?;
        let ledger = tx.object_store(schema::v1::SCHEMA_LEDGER).map_err(idb_error)?;
        let now = js_sys::Date::now();
        for step in schema::pending(steps, from, target) {
            let entry = LedgerEntry { version: step.version, applied_at_ms: now, upgraded_from: from };
            ledger.put(entry).serde().map_err(idb_error)?;
        }
        tx.commit().await.map_err(idb_error)
    }

    /// The schema versions recorded as applied, oldest first.
    pub async fn applied_versions(&self) -> Result<Vec<u32>, StoreError> {
        self.check_open()?;
        let tx = self.db.transaction(schema::v1::SCHEMA_LEDGER).build().map_err(idb_error)?;
        let ledger = tx.object_store(schema::v1::SCHEMA_LEDGER).map_err(idb_error)?;
        let entries: Vec<LedgerEntry> = ledger
            .get_all()
            .serde()
            .map_err(idb_error)?
            .await
            .map_err(idb_error)?
            .collect::<Result<_, _>>()
            .map_err(idb_error)?;
        Ok(entries.into_iter().map(|e| e.version).collect())
    }

    /// Every tombstone, read in `tx`.
    async fn tombstones_in(
        &self,
        tx: &indexed_db_futures::transaction::Transaction<'_>,
    ) -> Result<Vec<Tombstone>, StoreError> {
        let store = tx.object_store(v4::TOMBSTONES).map_err(idb_error)?;
        let values = store.get_all::<JsValue>().primitive().map_err(idb_error)?.await.map_err(idb_error)?;
        values
            .map(|value| {
                let value = value.map_err(idb_error)?;
                tombstone_from(&value).ok_or_else(|| {
                    StoreError::new(StoreErrorKind::Data, "unreadable tombstone").in_store(v4::TOMBSTONES)
                })
            })
            .collect()
    }

    /// The database's name.
    pub fn name(&self) -> String {
        self.db.name()
    }

    /// The object stores the database holds.
    pub fn store_names(&self) -> Vec<String> {
        self.db.object_store_names().collect()
    }

    /// Marks `entities` as written by another tab, so caches keyed by write stamps read again.
    pub fn written_elsewhere(&self, entities: &[Entity]) {
        self.stamps.touch(entities);
    }

    /// Whether another tab's upgrade closed this connection.
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// Closes the connection (before deleting the database, say).
    pub fn close(&self) {
        self.closed.set(true);
        let raw: &web_sys::IdbDatabase = self.db.as_sys();
        raw.close();
    }

    /// Deletes the database `name` and everything in it.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name).map_err(open_error)?.await.map_err(idb_error)
    }

    fn check_open(&self) -> Result<(), StoreError> {
        if self.closed.get() {
            return Err(StoreError::new(StoreErrorKind::VersionChanged, "connection closed"));
        }
        Ok(())
    }

    fn read(&self, stores: &[&'static str]) -> Result<indexed_db_futures::transaction::Transaction<'_>, StoreError> {
        self.check_open()?;
        self.db.transaction(stores).build().map_err(idb_error)
    }

    /// A write transaction over `entities`' stores, the tombstones (which a write of a
    /// naturally keyed record clears and a deletion fills) and the outbox where the schema has
    /// them: tests open older schemas to write what an older release would have.
    fn write_transaction(
        &self,
        entities: &[Entity],
    ) -> Result<indexed_db_futures::transaction::Transaction<'_>, StoreError> {
        let tombstones = self.keeps_tombstones.then_some(v4::TOMBSTONES);
        let outbox = self.has_outbox.then_some(v5::OUTBOX);
        let names: Vec<&'static str> =
            entities.iter().map(|e| e.store_name()).chain(tombstones).chain(outbox).collect();
        self.db.transaction(names.as_slice()).with_mode(TransactionMode::Readwrite).build().map_err(idb_error)
    }

    /// A transaction over every kind's store, the tombstones and the outbox.
    fn whole_transaction(
        &self,
        mode: TransactionMode,
    ) -> Result<indexed_db_futures::transaction::Transaction<'_>, StoreError> {
        self.check_open()?;
        let names: Vec<&'static str> =
            Entity::ALL.iter().map(|e| e.store_name()).chain([v4::TOMBSTONES, v5::OUTBOX]).collect();
        self.db.transaction(names.as_slice()).with_mode(mode).build().map_err(idb_error)
    }

    /// The notes of a write in `tx`: an empty list to fill when the outbox is kept, else `None`.
    async fn notes(
        &self,
        tx: &indexed_db_futures::transaction::Transaction<'_>,
    ) -> Result<Option<Vec<outbox::Note>>, StoreError> {
        if !self.has_outbox {
            return Ok(None);
        }
        Ok(outbox::kept(tx).await?.then(Vec::new))
    }
}

/// A key as IndexedDB compares it: a number or a string.
fn js_key(key: &Key) -> JsValue {
    match key {
        Key::Id(id) => JsValue::from_f64(*id as f64),
        Key::Text(text) => JsValue::from_str(text),
    }
}

/// The revision stored under each of `keys` of `entity` (`None`: nothing stored; `Some(None)`:
/// a record without a revision), read in `tx` with every request out before any is awaited.
async fn stored_revisions(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    wanted: &[(Entity, &Key)],
) -> Result<Vec<Option<Option<Revision>>>, StoreError> {
    let mut requests = Vec::with_capacity(wanted.len());
    for (entity, key) in wanted {
        let name = entity.store_name();
        let store = tx.object_store(name).map_err(idb_error)?;
        let request = store.get_all::<JsValue>().with_query::<JsValue, _>(KeyRange::Only(js_key(key))).primitive();
        requests.push((name, request.map_err(|e| idb_error(e).in_store(name))?));
    }
    let mut found = Vec::with_capacity(requests.len());
    for (name, request) in requests {
        let mut values = request.await.map_err(|e| idb_error(e).in_store(name))?;
        let value = values.next().transpose().map_err(|e| idb_error(e).in_store(name))?;
        found.push(value.map(|v| stored_revision(&v)));
    }
    Ok(found)
}

/// Whether a put of `entity` with `base` must read what is stored first: to check it, or to
/// count the new revision on from it. A new id-keyed record needs no read (`add` refuses a
/// stored key).
fn reads_before(entity: Entity, base: Base) -> bool {
    base != Base::New || entity.has_natural_key()
}

/// Refuses a put or delete whose base does not hold against what is stored.
fn check_base(entity: Entity, key: &Key, base: Base, stored: Option<Option<Revision>>) -> Result<(), StoreError> {
    if base_holds(base, stored.map(|s| s.map(|r| r.rev))) {
        Ok(())
    } else {
        Err(StoreError::changed(entity, key))
    }
}

/// Puts sent before waiting for the browser to take them: a large write (an import, a restore)
/// then never holds more than this many serialised records in the tab at once, whatever its size.
const PUTS_IN_FLIGHT: usize = 1000;

/// Sends every put, [`PUTS_IN_FLIGHT`] at a time: for each group, the stored revisions the group
/// needs are read first (all requests out at once), every base is checked, then the records go
/// out with their new revisions (requests complete in order, and the transaction stays active
/// while one is pending). The transaction commits once all succeed; the first failure or
/// refused base aborts it whole.
async fn put_all<P: std::borrow::Borrow<Put>>(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    stamp: Stamp,
    into: Stores,
    puts: impl IntoIterator<Item = P>,
    mut notes: Option<&mut Vec<outbox::Note>>,
    mut progress: impl FnMut(usize),
) -> Result<(), StoreError> {
    let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    let emptied = into == Stores::Emptied;
    let tombstones = tx.object_store(v4::TOMBSTONES).ok().filter(|_| !emptied);
    // Over stores this transaction emptied nothing is stored to read a revision from.
    let reads_before = |entity, base| !emptied && reads_before(entity, base);
    // Each store is opened once: an import interleaves customers, contacts and audit entries.
    let mut stores: Vec<(Entity, indexed_db_futures::object_store::ObjectStore<'_>)> = Vec::new();
    let mut puts = puts.into_iter().peekable();
    let mut sent = 0;
    while puts.peek().is_some() {
        let group: Vec<P> = puts.by_ref().take(PUTS_IN_FLIGHT).collect();
        let keys: Vec<(Entity, Key)> =
            group.iter().map(|p| (p.borrow().record.entity(), p.borrow().record.key())).collect();
        let wanted: Vec<(Entity, &Key)> = group
            .iter()
            .zip(&keys)
            .filter(|(p, (entity, _))| reads_before(*entity, p.borrow().base))
            .map(|(_, (entity, key))| (*entity, key))
            .collect();
        let mut stored = stored_revisions(tx, &wanted).await?.into_iter();
        let mut last = None;
        for (put, (entity, key)) in group.iter().zip(&keys) {
            let Put { record, base } = put.borrow();
            let previous = if reads_before(*entity, *base) { stored.next().flatten() } else { None };
            check_base(*entity, key, *base, previous)?;
            if let Some(notes) = notes.as_deref_mut() {
                notes.push(outbox::Note {
                    entity: *entity,
                    key: key.clone(),
                    previous: previous.flatten().map(|r| r.rev),
                });
            }
            let at = match stores.iter().position(|(e, _)| e == entity) {
                Some(at) => at,
                None => {
                    stores.push((*entity, tx.object_store(entity.store_name()).map_err(idb_error)?));
                    stores.len() - 1
                }
            };
            let store = &stores[at].1;
            let in_store = |e| idb_error(e).in_store(entity.store_name());
            let value = stored_value(record, stamp.revision(previous.flatten().map(|r| r.rev)))?;
            let request = if *base == Base::New && !entity.has_natural_key() {
                store.add(value).primitive().map_err(in_store)?
            } else {
                store.put(value).primitive().map_err(in_store)?
            };
            if let Some(tombstones) = tombstones.as_ref().filter(|_| entity.has_natural_key()) {
                let key = Key::tombstone_of(*entity, key).into();
                tombstones.delete::<JsValue, KeyRange<JsValue>>(KeyRange::Only(key)).primitive().map_err(idb_error)?;
            }
            last = Some(request);
        }
        sent += group.len();
        if let Some(request) = last {
            // An earlier put's failure aborts this one too: report the cause, not the abort.
            request.await.map_err(|e| transaction_error(&raw_tx, e))?;
        }
        progress(sent);
    }
    Ok(())
}

/// What the stores a [`put_all`] writes into hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stores {
    /// Whatever was stored before.
    AsStored,
    /// Nothing: this transaction cleared them (a restore).
    Emptied,
}

/// Deletes what `deletes` name, each checked against its base, leaving a tombstone with the
/// revision the deletion makes; a record already gone is left gone.
async fn delete_all(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    stamp: Stamp,
    deletes: &[Delete],
    mut notes: Option<&mut Vec<outbox::Note>>,
) -> Result<(), StoreError> {
    let wanted: Vec<(Entity, &Key)> = deletes.iter().map(|d| (d.entity, &d.key)).collect();
    let stored = stored_revisions(tx, &wanted).await?;
    let tombstones = tx.object_store(v4::TOMBSTONES).ok();
    for (delete, stored) in deletes.iter().zip(stored) {
        let Some(previous) = stored else { continue };
        check_base(delete.entity, &delete.key, delete.base, Some(previous))?;
        if let Some(notes) = notes.as_deref_mut() {
            notes.push(outbox::Note {
                entity: delete.entity,
                key: delete.key.clone(),
                previous: previous.map(|r| r.rev),
            });
        }
        let name = delete.entity.store_name();
        let store = tx.object_store(name).map_err(idb_error)?;
        store
            .delete::<JsValue, KeyRange<JsValue>>(KeyRange::Only(js_key(&delete.key)))
            .primitive()
            .map_err(|e| idb_error(e).in_store(name))?;
        let Some(tombstones) = &tombstones else { continue };
        let revision = stamp.revision(previous.map(|r| r.rev));
        let value = tombstone_value(delete.entity, &delete.key, revision)
            .map_err(|e| StoreError::new(StoreErrorKind::Data, format!("{e:?}")).in_store(v4::TOMBSTONES))?;
        tombstones.put(value).primitive().map_err(|e| idb_error(e).in_store(v4::TOMBSTONES))?;
    }
    Ok(())
}

/// A tombstone as stored: its own key, the record's store and key, and the revision.
fn tombstone_value(entity: Entity, key: &Key, revision: Revision) -> Result<JsValue, JsValue> {
    let value: JsValue = js_sys::Object::new().into();
    js_sys::Reflect::set(&value, &"id".into(), &Key::tombstone_of(entity, key).into())?;
    js_sys::Reflect::set(&value, &"store".into(), &entity.store_name().into())?;
    js_sys::Reflect::set(&value, &"key".into(), &js_key(key))?;
    set_revision(&value, revision)?;
    Ok(value)
}

/// A stored tombstone back; `None` for one this version cannot read.
fn tombstone_from(value: &JsValue) -> Option<Tombstone> {
    let get = |name: &str| js_sys::Reflect::get(value, &name.into()).ok();
    let entity = Entity::from_store_name(&get("store")?.as_string()?)?;
    let key = record_key(&get("key")?)?;
    Some(Tombstone { entity, key, revision: stored_revision(value)? })
}

fn record_key(key: &JsValue) -> Option<Key> {
    match key.as_f64() {
        Some(id) => Some(Key::Id(id as u64)),
        None => Some(Key::Text(key.as_string()?)),
    }
}

/// The connection lives exactly as long as its store: dropping it closes the database, so a
/// later delete or upgrade is never blocked by a connection nobody holds any more.
impl Drop for IdbStore {
    fn drop(&mut self) {
        let raw: &web_sys::IdbDatabase = self.db.as_sys();
        raw.set_onversionchange(None);
        raw.close();
    }
}

impl Store for IdbStore {
    fn write_stamp(&self, entity: Entity) -> u64 {
        self.stamps.of(entity)
    }

    async fn write(&self, batch: Batch) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        self.check_open()?;
        self.stamps.touch(&batch.entities());
        let tx = self.write_transaction(&batch.entities())?;
        let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let mut notes = self.notes(&tx).await?;
        delete_all(&tx, batch.stamp, &batch.deletes, notes.as_mut()).await?;
        put_all(&tx, batch.stamp, Stores::AsStored, &batch.puts, notes.as_mut(), |_| {}).await?;
        if let Some(notes) = notes {
            outbox::note_all(&tx, notes).await?;
        }
        tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))?;
        (self.events)(StoreEvent::Wrote(batch.entities()));
        Ok(())
    }

    async fn put_stream(
        &self,
        stamp: Stamp,
        entities: &[Entity],
        puts: impl Iterator<Item = Put>,
        progress: impl FnMut(usize),
    ) -> Result<(), StoreError> {
        self.check_open()?;
        self.stamps.touch(entities);
        let tx = self.write_transaction(entities)?;
        let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let mut notes = self.notes(&tx).await?;
        put_all(&tx, stamp, Stores::AsStored, puts, notes.as_mut(), progress).await?;
        if let Some(notes) = notes {
            outbox::note_all(&tx, notes).await?;
        }
        tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))?;
        (self.events)(StoreEvent::Wrote(entities.to_vec()));
        Ok(())
    }

    async fn get<R: Record>(&self, key: Key) -> Result<Option<R>, StoreError> {
        let name = R::ENTITY.store_name();
        let tx = self.read(&[name])?;
        let store = tx.object_store(name).map_err(idb_error)?;
        store.get(KeyRange::Only(key)).serde().map_err(idb_error)?.await.map_err(|e| idb_error(e).in_store(name))
    }

    async fn get_all<R: Record>(&self) -> Result<Vec<R>, StoreError> {
        let name = R::ENTITY.store_name();
        let tx = self.read(&[name])?;
        let store = tx.object_store(name).map_err(idb_error)?;
        let records = store.get_all().serde().map_err(idb_error)?.await.map_err(idb_error)?;
        records.collect::<Result<Vec<R>, _>>().map_err(|e| idb_error(e).in_store(name))
    }

    async fn get_by_index<R: Record>(&self, index: &str, key: Key) -> Result<Vec<R>, StoreError> {
        let name = R::ENTITY.store_name();
        let tx = self.read(&[name])?;
        let store = tx.object_store(name).map_err(idb_error)?;
        let index = store.index(index).map_err(|e| idb_error(e).in_store(name))?;
        let records =
            index.get_all().with_query(KeyRange::Only(key)).serde().map_err(idb_error)?.await.map_err(idb_error)?;
        records.collect::<Result<Vec<R>, _>>().map_err(|e| idb_error(e).in_store(name))
    }

    async fn read_many(&self, reads: &Reads) -> Result<ReadSet, StoreError> {
        let lookups = reads.lookups();
        let mut names: Vec<&'static str> = lookups.iter().map(|l| l.entity().store_name()).collect();
        names.sort_unstable();
        names.dedup();
        if names.is_empty() {
            return Ok(ReadSet::default());
        }
        let tx = self.read(&names)?;
        // Every request goes out before any is awaited, so the reads run in one pass of the
        // transaction; a key lookup is a getAll over that one key, so all share one shape.
        let mut requests = Vec::with_capacity(lookups.len());
        for lookup in lookups {
            let name = lookup.entity().store_name();
            let store = tx.object_store(name).map_err(idb_error)?;
            let request = match lookup {
                Lookup::Key(_, key) => {
                    store.get_all::<JsValue>().with_query::<JsValue, _>(KeyRange::Only(js_key(key))).primitive()
                }
                Lookup::Index(_, index, key) => store
                    .index(index)
                    .map_err(|e| idb_error(e).in_store(name))?
                    .get_all::<JsValue>()
                    .with_query::<JsValue, _>(KeyRange::Only(js_key(key)))
                    .primitive(),
                Lookup::All(_) => store.get_all::<JsValue>().primitive(),
            };
            requests.push((lookup.entity(), request.map_err(|e| idb_error(e).in_store(name))?));
        }
        let (mut found, mut revisions) = (Vec::with_capacity(requests.len()), Vec::with_capacity(requests.len()));
        for (position, (entity, request)) in requests.into_iter().enumerate() {
            let name = entity.store_name();
            let wanted = reads.wants_revisions(position);
            let values = request.await.map_err(|e| idb_error(e).in_store(name))?;
            let mut revised = Vec::new();
            let records = values
                .map(|value| {
                    let value = value.map_err(|e| idb_error(e).in_store(name))?;
                    if wanted {
                        revised.push(stored_revision(&value));
                    }
                    AnyRecord::deserialize_as(entity, serde_wasm_bindgen::Deserializer::from(value))
                        .map_err(|e| StoreError::new(StoreErrorKind::Data, e.to_string()).in_store(name))
                })
                .collect::<Result<Vec<_>, _>>()?;
            found.push(records);
            revisions.push(revised);
        }
        Ok(ReadSet::new(found, revisions))
    }

    async fn counts(&self) -> Result<EntityCounts, StoreError> {
        let names: Vec<&'static str> = Entity::ALL.iter().map(|e| e.store_name()).collect();
        let tx = self.read(&names)?;
        let mut requests = Vec::with_capacity(names.len());
        for entity in Entity::ALL {
            let store = tx.object_store(entity.store_name()).map_err(idb_error)?;
            requests.push((*entity, store.count().primitive().map_err(idb_error)?));
        }
        let mut counts = Vec::with_capacity(requests.len());
        for (entity, request) in requests {
            counts.push((entity, request.await.map_err(idb_error)?));
        }
        Ok(EntityCounts(counts))
    }

    async fn clear(&self) -> Result<(), StoreError> {
        self.check_open()?;
        self.stamps.touch(Entity::ALL);
        let tx = self.write_transaction(Entity::ALL)?;
        let kept = self.notes(&tx).await?.is_some();
        let tombstones = self.keeps_tombstones.then_some(v4::TOMBSTONES);
        let outbox = self.has_outbox.then_some(v5::OUTBOX);
        for name in Entity::ALL.iter().map(|e| e.store_name()).chain(tombstones).chain(outbox) {
            tx.object_store(name).map_err(idb_error)?.clear().map_err(idb_error)?;
        }
        if kept {
            outbox::put_marker(&tx)?;
        }
        tx.commit().await.map_err(idb_error)?;
        (self.events)(StoreEvent::Wrote(Entity::ALL.to_vec()));
        Ok(())
    }

    async fn replace_all(&self, stamp: Stamp, records: Vec<AnyRecord>) -> Result<(), StoreError> {
        self.check_open()?;
        self.stamps.touch(Entity::ALL);
        let tx = self.write_transaction(Entity::ALL)?;
        let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let mut notes = self.notes(&tx).await?;
        let tombstones = self.keeps_tombstones.then_some(v4::TOMBSTONES);
        let outbox = notes.is_some().then_some(v5::OUTBOX);
        for name in Entity::ALL.iter().map(|e| e.store_name()).chain(tombstones).chain(outbox) {
            tx.object_store(name).map_err(idb_error)?.clear().map_err(|e| idb_error(e).in_store(name))?;
        }
        // Over emptied stores every record is new, and `put` without reading first (so two with one
        // key keep the last, as a backup file's order says). Dropping the transaction on an early
        // return rolls the clears back too. With an outbox, every restored record is new to the team.
        let puts = records.into_iter().map(|record| Put { record, base: Base::Latest });
        put_all(&tx, stamp, Stores::Emptied, puts, notes.as_mut(), |_| {}).await?;
        if let Some(notes) = notes {
            outbox::put_marker(&tx)?;
            outbox::note_all(&tx, notes).await?;
        }
        tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))?;
        (self.events)(StoreEvent::Wrote(Entity::ALL.to_vec()));
        Ok(())
    }

    async fn tombstones(&self) -> Result<Vec<Tombstone>, StoreError> {
        self.tombstones_in(&self.read(&[v4::TOMBSTONES])?).await
    }

    async fn keep_outbox(&self, on: bool) -> Result<(), StoreError> {
        outbox::keep(self, on).await
    }

    async fn keeps_outbox(&self) -> Result<bool, StoreError> {
        if !self.has_outbox {
            return Ok(false);
        }
        outbox::kept(&self.read(&[v5::OUTBOX])?).await
    }

    async fn outgoing(&self, limit: usize) -> Result<Vec<Outgoing>, StoreError> {
        outbox::outgoing(self, limit).await
    }

    async fn outbox_ids(&self) -> Result<Vec<String>, StoreError> {
        if !self.has_outbox {
            return Ok(Vec::new());
        }
        outbox::ids(&self.read(&[v5::OUTBOX])?).await
    }

    async fn handed_over(&self, records: &[(Entity, Key, Rev)]) -> Result<(), StoreError> {
        outbox::handed_over(self, records).await
    }

    async fn revisions_of(&self, keys: &[(Entity, Key)]) -> Result<Vec<Option<Rev>>, StoreError> {
        outbox::revisions_of(self, keys).await
    }

    async fn arrive(&self, incoming: Vec<Incoming>) -> Result<Vec<Arrival>, StoreError> {
        outbox::arrive(self, incoming).await
    }
}
