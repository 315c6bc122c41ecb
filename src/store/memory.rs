//! The in-memory twin of the IndexedDB store: same contract, no browser. Used by native tests
//! and wherever a throwaway workspace is enough.

use super::record::{AnyRecord, Entity, Key, Record};
use super::schema;
use super::{Batch, EntityCounts, Lookup, ReadSet, Reads, Store, StoreError, StoreErrorKind, WriteStamps};
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Default)]
pub struct MemoryStore {
    tables: RefCell<BTreeMap<Entity, BTreeMap<Key, AnyRecord>>>,
    stamps: WriteStamps,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

/// Fails like IndexedDB's `ConstraintError` when two records of a store share a unique index value.
fn check_unique(table: &BTreeMap<Key, AnyRecord>, entity: Entity) -> Result<(), StoreError> {
    let store = entity.store_name();
    let unique = schema::STEPS
        .iter()
        .flat_map(|step| step.stores)
        .filter(|s| s.name == store)
        .flat_map(|s| s.indexes)
        .filter(|i| i.unique);
    for index in unique {
        let mut seen = BTreeMap::new();
        for (key, record) in table {
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

impl Store for MemoryStore {
    fn write_stamp(&self, entity: Entity) -> u64 {
        self.stamps.of(entity)
    }

    async fn write(&self, batch: Batch) -> Result<(), StoreError> {
        self.stamps.touch(&batch.entities());
        let mut tables = self.tables.borrow_mut();
        // Work on copies of the touched tables and swap them in only when every check passed.
        let mut staged: BTreeMap<Entity, BTreeMap<Key, AnyRecord>> =
            batch.entities().into_iter().map(|e| (e, tables.get(&e).cloned().unwrap_or_default())).collect();
        for (entity, key) in batch.deletes {
            staged.entry(entity).or_default().remove(&key);
        }
        for record in batch.puts {
            staged.entry(record.entity()).or_default().insert(record.key(), record);
        }
        for (entity, table) in &staged {
            check_unique(table, *entity)?;
        }
        tables.extend(staged);
        Ok(())
    }

    async fn get<R: Record>(&self, key: Key) -> Result<Option<R>, StoreError> {
        let tables = self.tables.borrow();
        Ok(tables.get(&R::ENTITY).and_then(|t| t.get(&key)).and_then(R::from_any).cloned())
    }

    async fn get_all<R: Record>(&self) -> Result<Vec<R>, StoreError> {
        let tables = self.tables.borrow();
        Ok(tables.get(&R::ENTITY).map_or_else(Vec::new, |t| t.values().filter_map(R::from_any).cloned().collect()))
    }

    async fn get_by_index<R: Record>(&self, index: &str, key: Key) -> Result<Vec<R>, StoreError> {
        if schema::index(R::ENTITY.store_name(), index).is_none() {
            return Err(
                StoreError::new(StoreErrorKind::Other, format!("no index {index}")).in_store(R::ENTITY.store_name())
            );
        }
        let tables = self.tables.borrow();
        Ok(tables.get(&R::ENTITY).map_or_else(Vec::new, |t| {
            t.values().filter(|r| r.index_key(index).as_ref() == Some(&key)).filter_map(R::from_any).cloned().collect()
        }))
    }

    async fn read_many(&self, reads: &Reads) -> Result<ReadSet, StoreError> {
        let lookups = reads.lookups();
        let tables = self.tables.borrow();
        let mut found = Vec::with_capacity(lookups.len());
        for lookup in lookups {
            let entity = lookup.entity();
            let table = tables.get(&entity);
            let records: Vec<AnyRecord> = match lookup {
                Lookup::Key(_, key) => table.and_then(|t| t.get(key)).into_iter().cloned().collect(),
                Lookup::Index(_, index, key) => {
                    if schema::index(entity.store_name(), index).is_none() {
                        return Err(StoreError::new(StoreErrorKind::Other, format!("no index {index}"))
                            .in_store(entity.store_name()));
                    }
                    table.map_or_else(Vec::new, |t| {
                        t.values().filter(|r| r.index_key(index).as_ref() == Some(key)).cloned().collect()
                    })
                }
                Lookup::All(_) => table.map_or_else(Vec::new, |t| t.values().cloned().collect()),
            };
            found.push(records);
        }
        Ok(ReadSet(found))
    }

    async fn counts(&self) -> Result<EntityCounts, StoreError> {
        let tables = self.tables.borrow();
        Ok(EntityCounts(Entity::ALL.iter().map(|e| (*e, tables.get(e).map_or(0, |t| t.len() as u32))).collect()))
    }

    async fn clear(&self) -> Result<(), StoreError> {
        self.stamps.touch(Entity::ALL);
        self.tables.borrow_mut().clear();
        Ok(())
    }

    async fn put_stream(
        &self,
        entities: &[Entity],
        records: impl Iterator<Item = AnyRecord>,
        mut progress: impl FnMut(usize),
    ) -> Result<(), StoreError> {
        let batch = Batch { puts: records.collect(), deletes: Vec::new() };
        if let Some(stray) = batch.entities().into_iter().find(|e| !entities.contains(e)) {
            return Err(StoreError::new(StoreErrorKind::Other, "not a kind of this write").in_store(stray.store_name()));
        }
        let count = batch.puts.len();
        self.stamps.touch(entities);
        self.write(batch).await?;
        progress(count);
        Ok(())
    }

    async fn replace_all(&self, records: Vec<AnyRecord>) -> Result<(), StoreError> {
        self.stamps.touch(Entity::ALL);
        let mut staged: BTreeMap<Entity, BTreeMap<Key, AnyRecord>> = BTreeMap::new();
        for record in records {
            staged.entry(record.entity()).or_default().insert(record.key(), record);
        }
        for (entity, table) in &staged {
            check_unique(table, *entity)?;
        }
        *self.tables.borrow_mut() = staged;
        Ok(())
    }
}
