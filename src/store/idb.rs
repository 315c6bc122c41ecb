//! The IndexedDB implementation of [`Store`]: one database per workspace.

use super::record::{AnyRecord, Entity, Key, Record};
use super::schema::{self, Step};
use super::{Batch, EntityCounts, Lookup, ReadSet, Reads, Store, StoreError, StoreErrorKind, WriteStamps};
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

/// Something that happened to the database outside any one call, for the app to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreEvent {
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

fn apply_step(db: &Database, step: &Step) -> Result<(), IdbError> {
    for spec in step.stores {
        let store = db.create_object_store(spec.name).with_key_path(KeyPath::One(spec.key_path)).build()?;
        for index in spec.indexes {
            store.create_index(index.name, KeyPath::One(index.key_path)).with_unique(index.unique).build()?;
        }
    }
    Ok(())
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
            let (closed, raw) = (closed.clone(), db.as_sys().clone());
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                raw.close();
                closed.set(true);
                events(StoreEvent::VersionChanged);
            })
        };
        let raw: &web_sys::IdbDatabase = db.as_sys();
        raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        let store = IdbStore { db, closed, stamps: WriteStamps::default(), _on_version_change: on_version_change };
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

    /// The database's name.
    pub fn name(&self) -> String {
        self.db.name()
    }

    /// The object stores the database holds.
    pub fn store_names(&self) -> Vec<String> {
        self.db.object_store_names().collect()
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
}

/// A key as IndexedDB compares it: a number or a string.
fn js_key(key: &Key) -> JsValue {
    match key {
        Key::Id(id) => JsValue::from_f64(*id as f64),
        Key::Text(text) => JsValue::from_str(text),
    }
}

/// Puts sent before waiting for the browser to take them: a large write (an import, a restore)
/// then never holds more than this many serialised records in the tab at once, whatever its size.
const PUTS_IN_FLIGHT: usize = 1000;

/// Sends a put for every record, waiting for every [`PUTS_IN_FLIGHT`]th to be done (requests
/// complete in order, and the transaction stays active while one is pending). The transaction
/// commits once all succeed, and the first failure aborts it whole.
async fn put_all<R: std::borrow::Borrow<AnyRecord>>(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    records: impl IntoIterator<Item = R>,
    mut progress: impl FnMut(usize),
) -> Result<(), StoreError> {
    let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    // Each store is opened once: an import interleaves customers, contacts and audit entries.
    let mut stores: Vec<(Entity, indexed_db_futures::object_store::ObjectStore<'_>)> = Vec::new();
    let mut total = 0;
    for (sent, record) in records.into_iter().enumerate() {
        total = sent + 1;
        let record = record.borrow();
        let entity = record.entity();
        let at = match stores.iter().position(|(e, _)| *e == entity) {
            Some(at) => at,
            None => {
                stores.push((entity, tx.object_store(entity.store_name()).map_err(idb_error)?));
                stores.len() - 1
            }
        };
        let store = &stores[at].1;
        let in_store = |e| idb_error(e).in_store(entity.store_name());
        let request = store.put(record).serde().map_err(in_store)?;
        if (sent + 1) % PUTS_IN_FLIGHT == 0 {
            // An earlier put's failure aborts this one too: report the cause, not the abort.
            request.await.map_err(|e| transaction_error(&raw_tx, e))?;
            progress(sent + 1);
        }
    }
    progress(total);
    Ok(())
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
        let names: Vec<&'static str> = batch.entities().iter().map(|e| e.store_name()).collect();
        let tx =
            self.db.transaction(names.as_slice()).with_mode(TransactionMode::Readwrite).build().map_err(idb_error)?;
        let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        for (entity, key) in &batch.deletes {
            let store = tx.object_store(entity.store_name()).map_err(idb_error)?;
            store.delete(KeyRange::Only(key)).serde().map_err(idb_error)?;
        }
        put_all(&tx, &batch.puts, |_| {}).await?;
        tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))
    }

    async fn put_stream(
        &self,
        entities: &[Entity],
        records: impl Iterator<Item = AnyRecord>,
        progress: impl FnMut(usize),
    ) -> Result<(), StoreError> {
        self.check_open()?;
        self.stamps.touch(entities);
        let names: Vec<&'static str> = entities.iter().map(|e| e.store_name()).collect();
        let tx =
            self.db.transaction(names.as_slice()).with_mode(TransactionMode::Readwrite).build().map_err(idb_error)?;
        let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        put_all(&tx, records, progress).await?;
        tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))
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
        let mut found = Vec::with_capacity(requests.len());
        for (entity, request) in requests {
            let name = entity.store_name();
            let values = request.await.map_err(|e| idb_error(e).in_store(name))?;
            let records = values
                .map(|value| {
                    let value = value.map_err(|e| idb_error(e).in_store(name))?;
                    AnyRecord::deserialize_as(entity, serde_wasm_bindgen::Deserializer::from(value))
                        .map_err(|e| StoreError::new(StoreErrorKind::Data, e.to_string()).in_store(name))
                })
                .collect::<Result<Vec<_>, _>>()?;
            found.push(records);
        }
        Ok(ReadSet(found))
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
        let names: Vec<&'static str> = Entity::ALL.iter().map(|e| e.store_name()).collect();
        let tx =
            self.db.transaction(names.as_slice()).with_mode(TransactionMode::Readwrite).build().map_err(idb_error)?;
        for name in &names {
            tx.object_store(name).map_err(idb_error)?.clear().map_err(idb_error)?;
        }
        tx.commit().await.map_err(idb_error)
    }

    async fn replace_all(&self, records: Vec<AnyRecord>) -> Result<(), StoreError> {
        self.check_open()?;
        self.stamps.touch(Entity::ALL);
        let names: Vec<&'static str> = Entity::ALL.iter().map(|e| e.store_name()).collect();
        let tx =
            self.db.transaction(names.as_slice()).with_mode(TransactionMode::Readwrite).build().map_err(idb_error)?;
        let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        for name in &names {
            tx.object_store(name).map_err(idb_error)?.clear().map_err(|e| idb_error(e).in_store(name))?;
        }
        // Dropping the transaction on an early return rolls the clears back too.
        put_all(&tx, &records, |_| {}).await?;
        tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))
    }
}
