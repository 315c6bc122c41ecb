//! The in-memory twin of the IndexedDB store: same contract, no browser. Used by native tests
//! and wherever a throwaway workspace is enough.

use super::record::{AnyRecord, Entity, Key, Record};
use super::revision::Rev;
use super::revision::{base_holds, Base, Revision, Stamp};
use super::schema;
use super::{
    Arrival, Batch, EntityCounts, Incoming, Lookup, Outgoing, Put, ReadSet, Reads, Store, StoreError, StoreErrorKind,
    Tombstone, WriteStamps,
};
use std::cell::RefCell;
use std::collections::BTreeMap;

type Table = BTreeMap<Key, (AnyRecord, Revision)>;

/// The outbox by `store/key`: the record's kind and key, and the revisions made here before its
/// current one since the last hand-over, newest first.
type Outbox = BTreeMap<String, (Entity, Key, Vec<Rev>)>;

/// Notes in `outbox` (when kept) that this device made a new revision of a record whose revision
/// before was `previous`.
fn note(outbox: &mut Option<Outbox>, entity: Entity, key: &Key, previous: Option<Rev>) {
    let Some(outbox) = outbox else { return };
    let (_, _, revs) =
        outbox.entry(Key::tombstone_of(entity, key)).or_insert_with(|| (entity, key.clone(), Vec::new()));
    if let Some(previous) = previous {
        revs.insert(0, previous);
    }
}

#[derive(Default)]
pub struct MemoryStore {
    tables: RefCell<BTreeMap<Entity, Table>>,
    tombstones: RefCell<BTreeMap<String, Tombstone>>,
    /// `None` while no outbox is kept.
    outbox: RefCell<Option<Outbox>>,
    stamps: WriteStamps,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

/// Fails like IndexedDB's `ConstraintError` when two records of a store share a unique index value.
fn check_unique(table: &Table, entity: Entity) -> Result<(), StoreError> {
    let store = entity.store_name();
    let unique = schema::STEPS
        .iter()
        .flat_map(|step| step.stores)
        .filter(|s| s.name == store)
        .flat_map(|s| s.indexes)
        .filter(|i| i.unique);
    for index in unique {
        let mut seen = BTreeMap::new();
        for (key, (record, _)) in table {
            if let Some(value) = record.index_key(index.name) {
                if let Some(other) = seen.insert(value.clone(), key) {
                    return Err(StoreError::new(
                        StoreErrorKind::Constraint,
                        format!("{value:?} in index {} for keys {other:?} and {key:?}", index.name),
                    )
                    .in_store(store));
                }
            }
        }
    }
    Ok(())
}

/// Refuses a put or delete whose base does not hold against `stored`, as IndexedDB's write
/// refuses it: a new id-keyed record over a stored one like `add` (a constraint error), any
/// other mismatch as a change made meanwhile.
fn check_base(entity: Entity, key: &Key, base: Base, stored: Option<&Revision>) -> Result<(), StoreError> {
    if base_holds(base, stored.map(|r| Some(r.rev))) {
        return Ok(());
    }
    if base == Base::New && !entity.has_natural_key() {
        return Err(StoreError::new(StoreErrorKind::Constraint, format!("{key:?} already exists"))
            .in_store(entity.store_name()));
    }
    Err(StoreError::changed(entity, key))
}

impl MemoryStore {
    /// Applies `batch` to copies of the tables it touches and swaps them in only when every
    /// check passed.
    fn apply(&self, batch: Batch) -> Result<(), StoreError> {
        let mut tables = self.tables.borrow_mut();
        let mut staged: BTreeMap<Entity, Table> =
            batch.entities().into_iter().map(|e| (e, tables.get(&e).cloned().unwrap_or_default())).collect();
        let mut tombstones = self.tombstones.borrow().clone();
        let mut outbox = self.outbox.borrow().clone();
        let stamp = batch.stamp;
        for delete in batch.deletes {
            let table = staged.entry(delete.entity).or_default();
            // Deleted meanwhile: the deletion is done either way.
            let Some((_, stored)) = table.get(&delete.key) else { continue };
            check_base(delete.entity, &delete.key, delete.base, Some(stored))?;
            let revision = stamp.revision(Some(stored.rev));
            note(&mut outbox, delete.entity, &delete.key, Some(stored.rev));
            table.remove(&delete.key);
            let key = Key::tombstone_of(delete.entity, &delete.key);
            tombstones.insert(key, Tombstone { entity: delete.entity, key: delete.key, revision });
        }
        for Put { record, base } in batch.puts {
            let (entity, key) = (record.entity(), record.key());
            let table = staged.entry(entity).or_default();
            let stored = table.get(&key).map(|(_, r)| *r);
            check_base(entity, &key, base, stored.as_ref())?;
            tombstones.remove(&Key::tombstone_of(entity, &key));
            note(&mut outbox, entity, &key, stored.map(|r| r.rev));
            table.insert(key, (record, stamp.revision(stored.map(|r| r.rev))));
        }
        for (entity, table) in &staged {
            check_unique(table, *entity)?;
        }
        tables.extend(staged);
        *self.tombstones.borrow_mut() = tombstones;
        *self.outbox.borrow_mut() = outbox;
        Ok(())
    }

    /// Where `incoming` stands against what is stored and the outbox.
    fn arrival(&self, incoming: &Incoming) -> Arrival {
        let id = Key::tombstone_of(incoming.entity, &incoming.key);
        if self.outbox.borrow().as_ref().is_some_and(|outbox| outbox.contains_key(&id)) {
            return Arrival::ChangedHere;
        }
        let stored = match self.tables.borrow().get(&incoming.entity).and_then(|t| t.get(&incoming.key)) {
            Some((_, revision)) => Some(revision.rev),
            None => self.tombstones.borrow().get(&id).map(|t| t.revision.rev),
        };
        if stored == Some(incoming.revision.rev) {
            Arrival::Known
        } else if stored == incoming.base {
            Arrival::Stored
        } else {
            Arrival::ChangedHere
        }
    }
}

impl Store for MemoryStore {
    fn write_stamp(&self, entity: Entity) -> u64 {
        self.stamps.of(entity)
    }

    async fn write(&self, batch: Batch) -> Result<(), StoreError> {
        self.stamps.touch(&batch.entities());
        self.apply(batch)
    }

    async fn get<R: Record>(&self, key: Key) -> Result<Option<R>, StoreError> {
        let tables = self.tables.borrow();
        Ok(tables.get(&R::ENTITY).and_then(|t| t.get(&key)).and_then(|(r, _)| R::from_any(r)).cloned())
    }

    async fn get_all<R: Record>(&self) -> Result<Vec<R>, StoreError> {
        let tables = self.tables.borrow();
        Ok(tables
            .get(&R::ENTITY)
            .map_or_else(Vec::new, |t| t.values().filter_map(|(r, _)| R::from_any(r)).cloned().collect()))
    }

    async fn get_by_index<R: Record>(&self, index: &str, key: Key) -> Result<Vec<R>, StoreError> {
        if schema::index(R::ENTITY.store_name(), index).is_none() {
            return Err(
                StoreError::new(StoreErrorKind::Other, format!("no index {index}")).in_store(R::ENTITY.store_name())
            );
        }
        let tables = self.tables.borrow();
        Ok(tables.get(&R::ENTITY).map_or_else(Vec::new, |t| {
            t.values()
                .filter(|(r, _)| r.index_key(index).as_ref() == Some(&key))
                .filter_map(|(r, _)| R::from_any(r))
                .cloned()
                .collect()
        }))
    }

    async fn read_many(&self, reads: &Reads) -> Result<ReadSet, StoreError> {
        let lookups = reads.lookups();
        let tables = self.tables.borrow();
        let (mut found, mut revisions) = (Vec::with_capacity(lookups.len()), Vec::with_capacity(lookups.len()));
        for (position, lookup) in lookups.iter().enumerate() {
            let entity = lookup.entity();
            let table = tables.get(&entity);
            let records: Vec<&(AnyRecord, Revision)> = match lookup {
                Lookup::Key(_, key) => table.and_then(|t| t.get(key)).into_iter().collect(),
                Lookup::Index(_, index, key) => {
                    if schema::index(entity.store_name(), index).is_none() {
                        return Err(StoreError::new(StoreErrorKind::Other, format!("no index {index}"))
                            .in_store(entity.store_name()));
                    }
                    table.map_or_else(Vec::new, |t| {
                        t.values().filter(|(r, _)| r.index_key(index).as_ref() == Some(key)).collect()
                    })
                }
                Lookup::All(_) => table.map_or_else(Vec::new, |t| t.values().collect()),
            };
            let wanted = reads.wants_revisions(position);
            revisions.push(if wanted { records.iter().map(|(_, r)| Some(*r)).collect() } else { Vec::new() });
            found.push(records.into_iter().map(|(r, _)| r.clone()).collect());
        }
        Ok(ReadSet::new(found, revisions))
    }

    async fn counts(&self) -> Result<EntityCounts, StoreError> {
        let tables = self.tables.borrow();
        Ok(EntityCounts(Entity::ALL.iter().map(|e| (*e, tables.get(e).map_or(0, |t| t.len() as u32))).collect()))
    }

    async fn clear(&self) -> Result<(), StoreError> {
        self.stamps.touch(Entity::ALL);
        self.tables.borrow_mut().clear();
        self.tombstones.borrow_mut().clear();
        if let Some(outbox) = self.outbox.borrow_mut().as_mut() {
            outbox.clear();
        }
        Ok(())
    }

    async fn put_stream(
        &self,
        stamp: Stamp,
        entities: &[Entity],
        puts: impl Iterator<Item = Put>,
        mut progress: impl FnMut(usize),
    ) -> Result<(), StoreError> {
        let batch = Batch { stamp, puts: puts.collect(), deletes: Vec::new() };
        if let Some(stray) = batch.entities().into_iter().find(|e| !entities.contains(e)) {
            return Err(StoreError::new(StoreErrorKind::Other, "not a kind of this write").in_store(stray.store_name()));
        }
        let count = batch.puts.len();
        self.stamps.touch(entities);
        self.apply(batch)?;
        progress(count);
        Ok(())
    }

    async fn replace_all(&self, stamp: Stamp, records: Vec<AnyRecord>) -> Result<(), StoreError> {
        self.stamps.touch(Entity::ALL);
        let mut staged: BTreeMap<Entity, Table> = BTreeMap::new();
        let revision = stamp.revision(None);
        for record in records {
            staged.entry(record.entity()).or_default().insert(record.key(), (record, revision));
        }
        for (entity, table) in &staged {
            check_unique(table, *entity)?;
        }
        if let Some(outbox) = self.outbox.borrow_mut().as_mut() {
            // Every restored record is a new revision for the team.
            *outbox = staged
                .iter()
                .flat_map(|(entity, table)| {
                    table.keys().map(|key| (Key::tombstone_of(*entity, key), (*entity, key.clone(), Vec::new())))
                })
                .collect();
        }
        *self.tables.borrow_mut() = staged;
        self.tombstones.borrow_mut().clear();
        Ok(())
    }

    async fn tombstones(&self) -> Result<Vec<Tombstone>, StoreError> {
        Ok(self.tombstones.borrow().values().cloned().collect())
    }

    async fn keep_outbox(&self, on: bool) -> Result<(), StoreError> {
        let outbox = on.then(|| {
            let tables = self.tables.borrow();
            let stored = tables.iter().flat_map(|(entity, table)| table.keys().map(move |key| (*entity, key.clone())));
            let deleted = self.tombstones.borrow().values().map(|t| (t.entity, t.key.clone())).collect::<Vec<_>>();
            stored
                .chain(deleted)
                .map(|(entity, key)| (Key::tombstone_of(entity, &key), (entity, key, Vec::new())))
                .collect()
        });
        *self.outbox.borrow_mut() = outbox;
        Ok(())
    }

    async fn keeps_outbox(&self) -> Result<bool, StoreError> {
        Ok(self.outbox.borrow().is_some())
    }

    async fn outbox_ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.outbox.borrow().as_ref().map(|outbox| outbox.keys().cloned().collect()).unwrap_or_default())
    }

    async fn outgoing(&self, limit: usize) -> Result<Vec<Outgoing>, StoreError> {
        let (outbox, tables, tombstones) = (self.outbox.borrow(), self.tables.borrow(), self.tombstones.borrow());
        let Some(outbox) = outbox.as_ref() else { return Ok(Vec::new()) };
        Ok(outbox
            .iter()
            .take(limit)
            .filter_map(|(id, (entity, key, revs))| {
                let (record, revision) = match tables.get(entity).and_then(|t| t.get(key)) {
                    Some((record, revision)) => (Some(record.clone()), *revision),
                    None => (None, tombstones.get(id)?.revision),
                };
                let history = std::iter::once(revision.rev).chain(revs.iter().copied()).collect();
                Some(Outgoing { entity: *entity, key: key.clone(), record, revision, history })
            })
            .collect())
    }

    async fn handed_over(&self, records: &[(Entity, Key, Rev)]) -> Result<(), StoreError> {
        let mut outbox = self.outbox.borrow_mut();
        let Some(outbox) = outbox.as_mut() else { return Ok(()) };
        let tables = self.tables.borrow();
        let tombstones = self.tombstones.borrow();
        for (entity, key, rev) in records {
            let id = Key::tombstone_of(*entity, key);
            let current = match tables.get(entity).and_then(|t| t.get(key)) {
                Some((_, revision)) => Some(revision.rev),
                None => tombstones.get(&id).map(|t| t.revision.rev),
            };
            if current == Some(*rev) {
                outbox.remove(&id);
            } else if let Some((_, _, revs)) = outbox.get_mut(&id) {
                // Written again since: what was handed over stays the newer revision's history.
                if let Some(at) = revs.iter().position(|r| r == rev) {
                    revs.truncate(at + 1);
                }
            }
        }
        Ok(())
    }

    async fn revisions_of(&self, keys: &[(Entity, Key)]) -> Result<Vec<Option<Rev>>, StoreError> {
        let (tables, tombstones) = (self.tables.borrow(), self.tombstones.borrow());
        Ok(keys
            .iter()
            .map(|(entity, key)| match tables.get(entity).and_then(|t| t.get(key)) {
                Some((_, revision)) => Some(revision.rev),
                None => tombstones.get(&Key::tombstone_of(*entity, key)).map(|t| t.revision.rev),
            })
            .collect())
    }

    async fn arrive(&self, incoming: Vec<Incoming>) -> Result<Vec<Arrival>, StoreError> {
        let arrivals: Vec<Arrival> = incoming.iter().map(|i| self.arrival(i)).collect();
        let mut staged: BTreeMap<Entity, Table> = self.tables.borrow().clone();
        let mut tombstones = self.tombstones.borrow().clone();
        let mut touched = Vec::new();
        for (incoming, arrival) in incoming.into_iter().zip(&arrivals) {
            if *arrival != Arrival::Stored {
                continue;
            }
            let Incoming { entity, key, record, revision, .. } = incoming;
            touched.push(entity);
            let id = Key::tombstone_of(entity, &key);
            let table = staged.entry(entity).or_default();
            match record {
                Some(record) => {
                    tombstones.remove(&id);
                    table.insert(key, (record, revision));
                }
                None => {
                    table.remove(&key);
                    tombstones.insert(id, Tombstone { entity, key, revision });
                }
            }
        }
        for entity in &touched {
            check_unique(&staged[entity], *entity)?;
        }
        touched.sort_unstable();
        touched.dedup();
        self.stamps.touch(&touched);
        *self.tables.borrow_mut() = staged;
        *self.tombstones.borrow_mut() = tombstones;
        Ok(arrivals)
    }
}
