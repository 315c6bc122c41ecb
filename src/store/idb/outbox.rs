//! The outbox in IndexedDB (schema v5): what each write changed while it is kept, what the
//! sync replica gets, and the team's records stored at their own revisions.

use super::{
    idb_error, js_key, record_key, stored_revision, stored_value, tombstone_from, tombstone_value, transaction_error,
    IdbStore, StoreEvent, PUTS_IN_FLIGHT,
};
use crate::store::record::{AnyRecord, Entity, Key};
use crate::store::revision::{Rev, Revision};
use crate::store::schema::{v4, v5};
use crate::store::{Arrival, Incoming, Outgoing, StoreError, StoreErrorKind};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// That a write made a new revision of a record whose revision before was `previous`, for the
/// outbox.
pub(super) struct Note {
    pub entity: Entity,
    pub key: Key,
    pub previous: Option<Rev>,
}

/// The outbox's key saying it is kept: never a record's, which all hold a `/`.
const OUTBOX_KEPT: &str = "kept";

pub(super) async fn kept(tx: &indexed_db_futures::transaction::Transaction<'_>) -> Result<bool, StoreError> {
    let outbox = tx.object_store(v5::OUTBOX).map_err(idb_error)?;
    let request = outbox.count().with_query::<JsValue, _>(KeyRange::Only(JsValue::from_str(OUTBOX_KEPT)));
    let count = request.primitive().map_err(idb_error)?.await.map_err(|e| idb_error(e).in_store(v5::OUTBOX))?;
    Ok(count > 0)
}

/// The outbox's entries, by their keys (`store/key`), the marker left out.
pub(super) async fn ids(tx: &indexed_db_futures::transaction::Transaction<'_>) -> Result<Vec<String>, StoreError> {
    let outbox = tx.object_store(v5::OUTBOX).map_err(idb_error)?;
    let keys = outbox.get_all_keys::<JsValue>().primitive().map_err(idb_error)?;
    let mut ids = Vec::new();
    for key in keys.await.map_err(|e| idb_error(e).in_store(v5::OUTBOX))? {
        let key = key.map_err(|e| idb_error(e).in_store(v5::OUTBOX))?;
        ids.extend(key.as_string().filter(|id| id != OUTBOX_KEPT));
    }
    Ok(ids)
}

pub(super) fn put_marker(tx: &indexed_db_futures::transaction::Transaction<'_>) -> Result<(), StoreError> {
    let value: JsValue = js_sys::Object::new().into();
    let data = |e: JsValue| StoreError::new(StoreErrorKind::Data, format!("{e:?}")).in_store(v5::OUTBOX);
    js_sys::Reflect::set(&value, &"id".into(), &OUTBOX_KEPT.into()).map_err(data)?;
    let outbox = tx.object_store(v5::OUTBOX).map_err(idb_error)?;
    outbox.put(value).primitive().map_err(|e| idb_error(e).in_store(v5::OUTBOX))?;
    Ok(())
}

/// An outbox entry as stored: its own key, the record's store and key, and the revisions made
/// here before the current one, newest first.
fn entry_value(entity: Entity, key: &Key, revs: &[Rev]) -> Result<JsValue, StoreError> {
    let data = |e: JsValue| StoreError::new(StoreErrorKind::Data, format!("{e:?}")).in_store(v5::OUTBOX);
    let value: JsValue = js_sys::Object::new().into();
    js_sys::Reflect::set(&value, &"id".into(), &Key::tombstone_of(entity, key).into()).map_err(data)?;
    js_sys::Reflect::set(&value, &"store".into(), &entity.store_name().into()).map_err(data)?;
    js_sys::Reflect::set(&value, &"key".into(), &js_key(key)).map_err(data)?;
    let revs: js_sys::Array = revs.iter().map(|r| JsValue::from_str(&r.to_string())).collect();
    js_sys::Reflect::set(&value, &"revs".into(), &revs).map_err(data)?;
    Ok(value)
}

/// A stored outbox entry back; `None` for the marker or one this version cannot read.
fn outbox_entry(value: &JsValue) -> Option<(Entity, Key, Vec<Rev>)> {
    let get = |name: &str| js_sys::Reflect::get(value, &name.into()).ok();
    let entity = Entity::from_store_name(&get("store")?.as_string()?)?;
    let key = record_key(&get("key")?)?;
    let revs = js_sys::Array::from(&get("revs")?).iter().map(|r| Rev::parse(&r.as_string()?)).collect::<Option<_>>()?;
    Some((entity, key, revs))
}

/// Puts each record `notes` names in the outbox, its revision before the write first in its
/// list, [`PUTS_IN_FLIGHT`] at a time.
pub(super) async fn note_all(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    notes: Vec<Note>,
) -> Result<(), StoreError> {
    let outbox = tx.object_store(v5::OUTBOX).map_err(idb_error)?;
    for group in notes.chunks(PUTS_IN_FLIGHT) {
        let ids: Vec<(&'static str, JsValue)> =
            group.iter().map(|n| (v5::OUTBOX, Key::tombstone_of(n.entity, &n.key).into())).collect();
        let rows = values_at(tx, &ids).await?;
        // A batch naming a record twice notes both writes on one entry.
        let mut updated: Vec<(Entity, &Key, Vec<Rev>)> = Vec::new();
        for (note, row) in group.iter().zip(rows) {
            let at = match updated.iter().position(|(e, k, _)| *e == note.entity && **k == note.key) {
                Some(at) => at,
                None => {
                    let revs = row.as_ref().and_then(outbox_entry).map(|(_, _, revs)| revs).unwrap_or_default();
                    updated.push((note.entity, &note.key, revs));
                    updated.len() - 1
                }
            };
            if let Some(previous) = note.previous {
                updated[at].2.insert(0, previous);
            }
        }
        for (entity, key, revs) in updated {
            outbox.put(entry_value(entity, key, &revs)?).primitive().map_err(|e| idb_error(e).in_store(v5::OUTBOX))?;
        }
    }
    Ok(())
}

pub(super) async fn keep(store: &IdbStore, on: bool) -> Result<(), StoreError> {
    let tx = store.whole_transaction(TransactionMode::Readwrite)?;
    let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    let outbox = tx.object_store(v5::OUTBOX).map_err(idb_error)?;
    outbox.clear().map_err(|e| idb_error(e).in_store(v5::OUTBOX))?;
    if on {
        put_marker(&tx)?;
        for entity in Entity::ALL {
            let name = entity.store_name();
            let records = tx.object_store(name).map_err(idb_error)?;
            let keys = records.get_all_keys::<JsValue>().primitive().map_err(idb_error)?;
            for key in keys.await.map_err(|e| idb_error(e).in_store(name))? {
                let key = key.map_err(|e| idb_error(e).in_store(name))?;
                let key =
                    record_key(&key).ok_or_else(|| StoreError::new(StoreErrorKind::Data, "key").in_store(name))?;
                outbox.put(entry_value(*entity, &key, &[])?).primitive().map_err(idb_error)?;
            }
        }
        for tombstone in store.tombstones_in(&tx).await? {
            outbox.put(entry_value(tombstone.entity, &tombstone.key, &[])?).primitive().map_err(idb_error)?;
        }
    }
    tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))
}

pub(super) async fn outgoing(store: &IdbStore, limit: usize) -> Result<Vec<Outgoing>, StoreError> {
    let tx = store.whole_transaction(TransactionMode::Readonly)?;
    let outbox = tx.object_store(v5::OUTBOX).map_err(idb_error)?;
    // One more than asked: the marker may be among them.
    let request = outbox.get_all::<JsValue>().with_limit(limit.saturating_add(1).min(u32::MAX as usize) as u32);
    let rows = request.primitive().map_err(idb_error)?.await.map_err(|e| idb_error(e).in_store(v5::OUTBOX))?;
    let mut entries = Vec::new();
    for row in rows {
        let row = row.map_err(|e| idb_error(e).in_store(v5::OUTBOX))?;
        entries.extend(outbox_entry(&row));
    }
    entries.truncate(limit);
    let wanted: Vec<(&'static str, JsValue)> = entries
        .iter()
        .flat_map(|(entity, key, _)| {
            [(entity.store_name(), js_key(key)), (v4::TOMBSTONES, Key::tombstone_of(*entity, key).into())]
        })
        .collect();
    let mut values = values_at(&tx, &wanted).await?.into_iter();
    let mut outgoing = Vec::with_capacity(entries.len());
    for (entity, key, revs) in entries {
        let (record, tombstone) = (values.next().flatten(), values.next().flatten());
        let Some(revision) = current_revision(record.as_ref(), tombstone.as_ref()) else { continue };
        let record = match record {
            Some(value) => Some(
                AnyRecord::deserialize_as(entity, serde_wasm_bindgen::Deserializer::from(value))
                    .map_err(|e| StoreError::new(StoreErrorKind::Data, e.to_string()).in_store(entity.store_name()))?,
            ),
            None => None,
        };
        let history = std::iter::once(revision.rev).chain(revs).collect();
        outgoing.push(Outgoing { entity, key, record, revision, history });
    }
    Ok(outgoing)
}

pub(super) async fn handed_over(store: &IdbStore, records: &[(Entity, Key, Rev)]) -> Result<(), StoreError> {
    let tx = store.whole_transaction(TransactionMode::Readwrite)?;
    let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    let outbox = tx.object_store(v5::OUTBOX).map_err(idb_error)?;
    let wanted: Vec<(&'static str, JsValue)> = records
        .iter()
        .flat_map(|(entity, key, _)| {
            let id: JsValue = Key::tombstone_of(*entity, key).into();
            [(entity.store_name(), js_key(key)), (v4::TOMBSTONES, id.clone()), (v5::OUTBOX, id)]
        })
        .collect();
    let mut values = values_at(&tx, &wanted).await?.into_iter();
    for (entity, key, rev) in records {
        let (record, tombstone, row) = (values.next().flatten(), values.next().flatten(), values.next().flatten());
        let Some((_, _, mut revs)) = row.as_ref().and_then(outbox_entry) else { continue };
        let id: JsValue = Key::tombstone_of(*entity, key).into();
        if current_revision(record.as_ref(), tombstone.as_ref()).map(|r| r.rev) == Some(*rev) {
            outbox.delete::<JsValue, KeyRange<JsValue>>(KeyRange::Only(id)).primitive().map_err(idb_error)?;
        } else if let Some(at) = revs.iter().position(|r| r == rev) {
            // Written again since: what was handed over stays the newer revision's history.
            revs.truncate(at + 1);
            outbox.put(entry_value(*entity, key, &revs)?).primitive().map_err(idb_error)?;
        }
    }
    tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))
}

pub(super) async fn revisions_of(store: &IdbStore, keys: &[(Entity, Key)]) -> Result<Vec<Option<Rev>>, StoreError> {
    let tx = store.whole_transaction(TransactionMode::Readonly)?;
    let places = Places { tombstones: holds_any(&tx, v4::TOMBSTONES).await?, outbox: false };
    let wanted: Vec<(&'static str, JsValue)> = keys.iter().flat_map(|(entity, key)| places.of(*entity, key)).collect();
    let mut values = values_at(&tx, &wanted).await?.into_iter();
    let mut revisions = Vec::with_capacity(keys.len());
    for _ in keys {
        let (record, tombstone, _) = places.take(&mut values);
        revisions.push(current_revision(record.as_ref(), tombstone.as_ref()).map(|r| r.rev));
    }
    Ok(revisions)
}

/// Where a record's revision and its outbox entry may be: its store always, its tombstone and
/// outbox entry only where those stores hold any (read once per batch), so a first sync into an
/// empty device reads one value per record instead of three.
struct Places {
    tombstones: bool,
    outbox: bool,
}

impl Places {
    fn of(&self, entity: Entity, key: &Key) -> impl Iterator<Item = (&'static str, JsValue)> {
        let id: JsValue = Key::tombstone_of(entity, key).into();
        [
            Some((entity.store_name(), js_key(key))),
            self.tombstones.then(|| (v4::TOMBSTONES, id.clone())),
            self.outbox.then_some((v5::OUTBOX, id)),
        ]
        .into_iter()
        .flatten()
    }

    /// The values [`Places::of`] asked for one record: its record, tombstone and outbox entry.
    fn take(
        &self,
        values: &mut impl Iterator<Item = Option<JsValue>>,
    ) -> (Option<JsValue>, Option<JsValue>, Option<JsValue>) {
        let record = values.next().flatten();
        let tombstone = if self.tombstones { values.next().flatten() } else { None };
        let row = if self.outbox { values.next().flatten() } else { None };
        (record, tombstone, row)
    }
}

/// Whether the store `name` of `tx` holds anything; the outbox's marker does not count.
async fn holds_any(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    name: &'static str,
) -> Result<bool, StoreError> {
    let count = tx.object_store(name).map_err(idb_error)?.count().primitive().map_err(idb_error)?;
    let count = count.await.map_err(|e| idb_error(e).in_store(name))?;
    Ok(match name {
        v5::OUTBOX => count > u32::from(kept(tx).await?),
        _ => count > 0,
    })
}

pub(super) async fn arrive(store: &IdbStore, incoming: Vec<Incoming>) -> Result<Vec<Arrival>, StoreError> {
    let tx = store.whole_transaction(TransactionMode::Readwrite)?;
    let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    let places =
        Places { tombstones: holds_any(&tx, v4::TOMBSTONES).await?, outbox: holds_any(&tx, v5::OUTBOX).await? };
    let wanted: Vec<(&'static str, JsValue)> = incoming.iter().flat_map(|i| places.of(i.entity, &i.key)).collect();
    let mut values = values_at(&tx, &wanted).await?.into_iter();
    let tombstones = tx.object_store(v4::TOMBSTONES).map_err(idb_error)?;
    let mut arrivals = Vec::with_capacity(incoming.len());
    let mut touched = Vec::new();
    let mut last = None;
    for arriving in &incoming {
        let (record, tombstone, row) = places.take(&mut values);
        let stored = current_revision(record.as_ref(), tombstone.as_ref()).map(|r| r.rev);
        let arrival = if row.is_some() {
            Arrival::ChangedHere
        } else if stored == Some(arriving.revision.rev) {
            Arrival::Known
        } else if stored == arriving.base {
            Arrival::Stored
        } else {
            Arrival::ChangedHere
        };
        arrivals.push(arrival);
        if arrival != Arrival::Stored {
            continue;
        }
        let (entity, name) = (arriving.entity, arriving.entity.store_name());
        touched.push(entity);
        let records = tx.object_store(name).map_err(idb_error)?;
        let id: JsValue = Key::tombstone_of(entity, &arriving.key).into();
        let in_store = |e| idb_error(e).in_store(name);
        last = Some(match &arriving.record {
            Some(record) => {
                if tombstone.is_some() {
                    tombstones
                        .delete::<JsValue, KeyRange<JsValue>>(KeyRange::Only(id))
                        .primitive()
                        .map_err(idb_error)?;
                }
                records.put(stored_value(record, arriving.revision)?).primitive().map_err(in_store)?
            }
            None => {
                let key = KeyRange::Only(js_key(&arriving.key));
                records.delete::<JsValue, KeyRange<JsValue>>(key).primitive().map_err(in_store)?;
                let value = tombstone_value(entity, &arriving.key, arriving.revision)
                    .map_err(|e| StoreError::new(StoreErrorKind::Data, format!("{e:?}")).in_store(v4::TOMBSTONES))?;
                tombstones.put(value).primitive().map_err(|e| idb_error(e).in_store(v4::TOMBSTONES))?
            }
        });
    }
    if let Some(request) = last {
        request.await.map_err(|e| transaction_error(&raw_tx, e))?;
    }
    touched.sort_unstable();
    touched.dedup();
    store.stamps.touch(&touched);
    tx.commit().await.map_err(|e| transaction_error(&raw_tx, e))?;
    if !touched.is_empty() {
        (store.events)(StoreEvent::Arrived(touched));
    }
    Ok(arrivals)
}

/// The value stored under `id` in `store` of `tx`, every request out before any is awaited.
async fn values_at(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    wanted: &[(&'static str, JsValue)],
) -> Result<Vec<Option<JsValue>>, StoreError> {
    let mut requests = Vec::with_capacity(wanted.len());
    for (name, key) in wanted {
        let store = tx.object_store(name).map_err(idb_error)?;
        let request = store.get::<JsValue, JsValue, _>(KeyRange::Only(key.clone())).primitive();
        requests.push((*name, request.map_err(|e| idb_error(e).in_store(name))?));
    }
    let mut found = Vec::with_capacity(requests.len());
    for (name, request) in requests {
        found.push(request.await.map_err(|e| idb_error(e).in_store(name))?);
    }
    Ok(found)
}

/// The revision stored for `key` of `entity`: the record's, else its tombstone's.
fn current_revision(record: Option<&JsValue>, tombstone: Option<&JsValue>) -> Option<Revision> {
    match record {
        Some(value) => stored_revision(value),
        None => tombstone.and_then(tombstone_from).map(|t| t.revision),
    }
}
