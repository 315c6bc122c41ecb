//! The in-memory twin of the IndexedDB store: same contract, no browser. Used by native tests
//! and wherever a throwaway workspace is enough.

use super::record::{AnyRecord, Entity, Key, Record};
use super::revision::{base_holds, Base, Revision, Stamp};
use super::schema;
use super::{
    Batch, EntityCounts, Lookup, Put, ReadSet, Reads, Store, StoreError, StoreErrorKind, Tombstone, WriteStamps,
};
use std::cell::RefCell;
use std::collections::BTreeMap;

type Table = BTreeMap<Key, (AnyRecord, Revision)>;

#[derive(Default)]
pub struct MemoryStore {
    tables: RefCell<BTreeMap<Entity, Table>>,
    tombstones: RefCell<BTreeMap<String, Tombstone>>,
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
        let stamp = batch.stamp;
        for delete in batch.deletes {
            let table = staged.entry(delete.entity).or_default();
            // Deleted meanwhile: the deletion is done either way.
            let Some((_, stored)) = table.get(&delete.key) else { continue };
            check_base(delete.entity, &delete.key, delete.base, Some(stored))?;
            let revision = stamp.revision(Some(stored.rev));
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
            table.insert(key, (record, stamp.revision(stored.map(|r| r.rev))));
        }
        for (entity, table) in &staged {
            check_unique(table, *entity)?;
        }
        tables.extend(staged);
        *self.tombstones.borrow_mut() = tombstones;
        Ok(())
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
        *self.tables.borrow_mut() = staged;
        self.tombstones.borrow_mut().clear();
        Ok(())
    }

    async fn tombstones(&self) -> Result<Vec<Tombstone>, StoreError> {
        Ok(self.tombstones.borrow().values().cloned().collect())
    }
}
