//! Persistence. Owns IndexedDB: the versioned schema, the record ↔ store mapping, and one
//! transaction per use case. Two implementations of [`Store`] — [`memory::MemoryStore`] and
//! (in the browser) [`idb::IdbStore`] — pass one shared conformance suite (`tests/conformance`).

pub mod backup;
mod error;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod json;
pub mod memory;
mod record;
pub mod revision;
pub mod schema;

pub use error::{StoreError, StoreErrorKind};
pub use record::{AnyRecord, Entity, Key, Record};
pub use revision::{Base, Rev, Revision, Stamp};

use std::marker::PhantomData;

/// One record a write puts, with what it expects to find under the record's key.
#[derive(Clone, Debug, PartialEq)]
pub struct Put {
    pub record: AnyRecord,
    pub base: Base,
}

/// One record a write deletes (leaving a tombstone with its last revision), with what it
/// expects to find.
#[derive(Clone, Debug, PartialEq)]
pub struct Delete {
    pub entity: Entity,
    pub key: Key,
    pub base: Base,
}

/// What a deletion leaves behind: the record's kind and key and the revision the deletion made,
/// so the deletion can travel to other devices later. Pages and counts never see tombstones.
#[derive(Clone, Debug, PartialEq)]
pub struct Tombstone {
    pub entity: Entity,
    pub key: Key,
    pub revision: Revision,
}

/// A record this device changed since it last handed its changes to the sync replica: what is
/// stored now (`None`: deleted, its tombstone's revision in `revision`) and the revisions made
/// here since, newest first — the current one, then those before it back to the revision the
/// first of them started from (which the replica already has, or none for a new record).
#[derive(Clone, Debug, PartialEq)]
pub struct Outgoing {
    pub entity: Entity,
    pub key: Key,
    pub record: Option<AnyRecord>,
    pub revision: Revision,
    pub history: Vec<Rev>,
}

/// A record as the team's replica holds it, to store at the revision it carries: `record`
/// `None` is a deletion made elsewhere. `base` is the revision this device stored when the
/// replica's version was chosen (a tombstone's for a deleted record; `None`: nothing), checked
/// inside the write.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    pub entity: Entity,
    pub key: Key,
    pub record: Option<AnyRecord>,
    pub revision: Revision,
    pub base: Option<Rev>,
}

/// What became of each [`Incoming`] record, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Stored (or deleted) at the replica's revision.
    Stored,
    /// Already stored at that revision: nothing to do.
    Known,
    /// Left alone: this device changed the record since (a change still in the outbox, or one
    /// made after `base` was read). The next push and pull decide it.
    ChangedHere,
}

/// Every write that belongs together: applied in one transaction, all or nothing, every record
/// getting a new revision tagged by the batch's [`Stamp`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    pub stamp: Stamp,
    pub puts: Vec<Put>,
    pub deletes: Vec<Delete>,
}

impl Batch {
    /// A batch without an author or time (tests, the store's own writes); use cases take
    /// theirs from their `Context`.
    pub fn new() -> Batch {
        Batch::default()
    }

    pub fn stamped(stamp: Stamp) -> Batch {
        Batch { stamp, ..Batch::default() }
    }

    fn with(mut self, record: impl Record, base: Base) -> Batch {
        self.puts.push(Put { record: record.into_any(), base });
        self
    }

    /// Puts `record` over whatever is stored under its key (see [`Base::Latest`]).
    pub fn put(self, record: impl Record) -> Batch {
        self.with(record, Base::Latest)
    }

    pub fn put_all<R: Record>(mut self, records: impl IntoIterator<Item = R>) -> Batch {
        self.puts.extend(records.into_iter().map(|r| Put { record: r.into_any(), base: Base::Latest }));
        self
    }

    /// Puts a new record: refused if its key is already stored.
    pub fn create(self, record: impl Record) -> Batch {
        self.with(record, Base::New)
    }

    /// Puts new records of any kinds (see [`Batch::create`]).
    pub fn create_any(mut self, records: impl IntoIterator<Item = AnyRecord>) -> Batch {
        self.puts.extend(records.into_iter().map(|record| Put { record, base: Base::New }));
        self
    }

    pub fn create_all<R: Record>(mut self, records: impl IntoIterator<Item = R>) -> Batch {
        self.puts.extend(records.into_iter().map(|r| Put { record: r.into_any(), base: Base::New }));
        self
    }

    /// Puts `record`, which was read at `base`: refused if it changed since (see [`Base`]).
    pub fn update(self, record: impl Record, base: Base) -> Batch {
        self.with(record, base)
    }

    /// Puts each record, which was read at its base (see [`Batch::update`]).
    pub fn update_all<R: Record>(mut self, records: impl IntoIterator<Item = (R, Base)>) -> Batch {
        self.puts.extend(records.into_iter().map(|(record, base)| Put { record: record.into_any(), base }));
        self
    }

    /// Deletes whatever is stored under `key`.
    pub fn delete<R: Record>(self, key: Key) -> Batch {
        self.delete_at::<R>(key, Base::Latest)
    }

    /// Deletes the record under `key` as read at `base`: refused if it changed since.
    pub fn delete_at<R: Record>(mut self, key: Key, base: Base) -> Batch {
        self.deletes.push(Delete { entity: R::ENTITY, key, base });
        self
    }

    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }

    pub fn len(&self) -> usize {
        self.puts.len() + self.deletes.len()
    }

    /// The object stores this batch touches, each once, in schema order.
    pub fn entities(&self) -> Vec<Entity> {
        Entity::ALL
            .iter()
            .copied()
            .filter(|e| {
                self.puts.iter().any(|p| p.record.entity() == *e) || self.deletes.iter().any(|d| d.entity == *e)
            })
            .collect()
    }
}

/// How many records each kind holds, read in one transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityCounts(pub Vec<(Entity, u32)>);

impl EntityCounts {
    pub fn get(&self, entity: Entity) -> u32 {
        self.0.iter().find(|(e, _)| *e == entity).map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> u64 {
        self.0.iter().map(|(_, n)| u64::from(*n)).sum()
    }
}

/// One read of `Store::read_many`, as the store carries it out; callers build them through
/// [`Reads`], which hands back a typed [`Handle`] for each.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    /// The record with this key, if there is one.
    Key(Entity, Key),
    /// Every record whose `index` holds exactly this key, in primary-key order.
    Index(Entity, &'static str, Key),
    /// Every record of the kind, in key order.
    All(Entity),
}

impl Lookup {
    pub fn entity(&self) -> Entity {
        match self {
            Lookup::Key(entity, _) | Lookup::Index(entity, _, _) | Lookup::All(entity) => *entity,
        }
    }
}

/// Which lookup of a [`Reads`] to take from its [`ReadSet`], and the kind it reads: the kind is
/// the lookup's own, so a result cannot be read back as another kind or from another position.
pub struct Handle<R> {
    position: usize,
    kind: PhantomData<fn() -> R>,
}

impl<R> Clone for Handle<R> {
    fn clone(&self) -> Handle<R> {
        *self
    }
}

impl<R> Copy for Handle<R> {}

/// The lookups of one `Store::read_many`, built one at a time, each giving its [`Handle`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reads {
    lookups: Vec<Lookup>,
    /// Per lookup, whether its records' revisions are read too (a form's, a merge's base).
    revised: Vec<bool>,
}

impl Reads {
    pub fn new() -> Reads {
        Reads::default()
    }

    fn push<R: Record>(&mut self, lookup: Lookup) -> Handle<R> {
        self.lookups.push(lookup);
        self.revised.push(false);
        Handle { position: self.lookups.len() - 1, kind: PhantomData }
    }

    /// The record of kind `R` with this key, if there is one.
    pub fn key<R: Record>(&mut self, key: impl Into<Key>) -> Handle<R> {
        self.push(Lookup::Key(R::ENTITY, key.into()))
    }

    /// Every record of kind `R` whose `index` holds exactly this key, in primary-key order.
    pub fn index<R: Record>(&mut self, index: &'static str, key: impl Into<Key>) -> Handle<R> {
        self.push(Lookup::Index(R::ENTITY, index, key.into()))
    }

    /// Every record of kind `R`, in key order.
    pub fn all<R: Record>(&mut self) -> Handle<R> {
        self.push(Lookup::All(R::ENTITY))
    }

    /// Reads the revisions of what `handle`'s lookup finds too, for [`ReadSet::take_revised`].
    /// Only where a write will name them: reading them costs a little per record.
    pub fn with_revisions<R>(&mut self, handle: Handle<R>) -> Handle<R> {
        self.revised[handle.position] = true;
        handle
    }

    /// Every record of `entity` untyped, for reads of the whole workspace (a backup), which
    /// take them back with [`ReadSet::into_records`].
    pub fn all_of(&mut self, entity: Entity) {
        self.lookups.push(Lookup::All(entity));
        self.revised.push(false);
    }

    pub fn lookups(&self) -> &[Lookup] {
        &self.lookups
    }

    /// Whether the lookup at `position` reads revisions.
    pub fn wants_revisions(&self, position: usize) -> bool {
        self.revised.get(position).copied().unwrap_or(false)
    }
}

/// A record as read, with its revision (`None` where the read did not ask for revisions, or
/// for a record stored before revisions existed).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Revised<R> {
    pub record: R,
    pub revision: Option<Revision>,
}

impl<R> Revised<R> {
    /// What a write of this record, as read, expects to find.
    pub fn base(&self) -> Base {
        self.revision.map_or(Base::Latest, |r| Base::At(r.rev))
    }
}

/// What `Store::read_many` found: one list per lookup, in the order of the lookups, and the
/// revisions of the lookups that asked for them.
#[derive(Debug, Default)]
pub struct ReadSet {
    records: Vec<Vec<AnyRecord>>,
    revisions: Vec<Vec<Option<Revision>>>,
}

impl ReadSet {
    /// `records` per lookup, with `revisions` per lookup (empty where none were read).
    pub fn new(records: Vec<Vec<AnyRecord>>, revisions: Vec<Vec<Option<Revision>>>) -> ReadSet {
        ReadSet { records, revisions }
    }

    /// Moves out the records found by the lookup of `handle` (nothing the second time).
    pub fn take<R: Record>(&mut self, handle: Handle<R>) -> Vec<R> {
        self.take_revised(handle).into_iter().map(|r| r.record).collect()
    }

    /// [`ReadSet::take`] with each record's revision (`None` unless the lookup asked for them).
    pub fn take_revised<R: Record>(&mut self, handle: Handle<R>) -> Vec<Revised<R>> {
        let records = self.records.get_mut(handle.position).map(std::mem::take).unwrap_or_default();
        let revisions = self.revisions.get_mut(handle.position).map(std::mem::take).unwrap_or_default();
        let mut revisions = revisions.into_iter();
        records
            .into_iter()
            .filter_map(|any| {
                let revision = revisions.next().flatten();
                R::from_any_owned(any).map(|record| Revised { record, revision })
            })
            .collect()
    }

    /// The record a key lookup found, if any.
    pub fn one<R: Record>(&mut self, handle: Handle<R>) -> Option<R> {
        self.take(handle).into_iter().next()
    }

    /// The record a key lookup found, if any, with its revision.
    pub fn one_revised<R: Record>(&mut self, handle: Handle<R>) -> Option<Revised<R>> {
        self.take_revised(handle).into_iter().next()
    }

    /// How many lookups were answered.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Every record found, in the order of the lookups.
    pub fn into_records(self) -> Vec<AnyRecord> {
        self.records.into_iter().flatten().collect()
    }
}

/// Which write last touched each kind of record, so a state module can keep what it read of
/// some kinds across writes of others. Stamps come from one counter for every connection, so a
/// stamp of one workspace never matches another's. A write stamps its kinds before its
/// transaction starts: a read that begins after a stamp was taken sees that write's records.
pub struct WriteStamps {
    opened: u64,
    last: std::cell::RefCell<std::collections::BTreeMap<Entity, u64>>,
}

static NEXT_STAMP: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_stamp() -> u64 {
    NEXT_STAMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Default for WriteStamps {
    fn default() -> WriteStamps {
        WriteStamps { opened: next_stamp(), last: Default::default() }
    }
}

impl WriteStamps {
    /// The stamp of the last write of `entity` through this connection (its opening's without one).
    pub fn of(&self, entity: Entity) -> u64 {
        self.last.borrow().get(&entity).copied().unwrap_or(self.opened)
    }

    /// Marks `entities` as written now.
    pub fn touch(&self, entities: &[Entity]) {
        let stamp = next_stamp();
        let mut last = self.last.borrow_mut();
        for &entity in entities {
            last.insert(entity, stamp);
        }
    }
}

/// A workspace's records. Async because IndexedDB is; the in-memory twin resolves at once.
#[allow(async_fn_in_trait)] // single-threaded (wasm): no Send bound wanted on these futures
pub trait Store {
    /// Applies every put and delete of `batch` in one transaction, each checked against its
    /// [`Base`] inside it; on error (a [`StoreErrorKind::Changed`] record among them) nothing is
    /// written.
    async fn write(&self, batch: Batch) -> Result<(), StoreError>;
    /// Puts every record `puts` yields into the kinds `entities` (which must name every kind
    /// yielded) in one transaction, all or nothing like `write`, taking the records one at a time
    /// so a very large write (an import) never holds them all at once. `progress` hears how many
    /// have been sent so far.
    async fn put_stream(
        &self,
        stamp: Stamp,
        entities: &[Entity],
        puts: impl Iterator<Item = Put>,
        progress: impl FnMut(usize),
    ) -> Result<(), StoreError>;
    async fn get<R: Record>(&self, key: Key) -> Result<Option<R>, StoreError>;
    /// Every record of a kind, in key order.
    async fn get_all<R: Record>(&self) -> Result<Vec<R>, StoreError>;
    /// Records whose `index` equals `key`, in primary-key order.
    async fn get_by_index<R: Record>(&self, index: &str, key: Key) -> Result<Vec<R>, StoreError>;
    /// Several reads in one transaction, so they see one consistent state of the workspace.
    async fn read_many(&self, reads: &Reads) -> Result<ReadSet, StoreError>;
    /// Record counts of every kind.
    async fn counts(&self) -> Result<EntityCounts, StoreError>;
    /// Removes every record of every kind in one transaction.
    async fn clear(&self) -> Result<(), StoreError>;
    /// Replaces every record of every kind with `records` in one transaction (a restore): on
    /// success the workspace holds exactly these, each at a first revision of `stamp`, and no
    /// tombstones; on error still exactly what it held before.
    async fn replace_all(&self, stamp: Stamp, records: Vec<AnyRecord>) -> Result<(), StoreError>;
    /// Every tombstone, in key order.
    async fn tombstones(&self) -> Result<Vec<Tombstone>, StoreError>;
    /// Starts (`true`) or stops keeping the outbox. Starting puts every stored record and
    /// tombstone in it, so a workspace's first sync sends everything it holds; stopping empties
    /// it. While on, every write puts what it changes in the outbox in its own transaction.
    async fn keep_outbox(&self, on: bool) -> Result<(), StoreError>;
    /// Whether the outbox is kept.
    async fn keeps_outbox(&self) -> Result<bool, StoreError>;
    /// Up to `limit` records of the outbox, in key order, with what is stored now.
    async fn outgoing(&self, limit: usize) -> Result<Vec<Outgoing>, StoreError>;
    /// The records in the outbox, each named `store/key` (its document id in the team's
    /// database).
    async fn outbox_ids(&self) -> Result<Vec<String>, StoreError>;
    /// Takes the records the replica has now got out of the outbox: each named with the
    /// revision handed over, so a record written again since stays in with its newer revisions.
    async fn handed_over(&self, records: &[(Entity, Key, Rev)]) -> Result<(), StoreError>;
    /// The revision stored under each key: the record's, else its tombstone's, else `None`.
    async fn revisions_of(&self, keys: &[(Entity, Key)]) -> Result<Vec<Option<Rev>>, StoreError>;
    /// Stores what the team's replica holds, in one transaction, without putting it in the
    /// outbox; each record is checked on its own (see [`Arrival`]).
    async fn arrive(&self, incoming: Vec<Incoming>) -> Result<Vec<Arrival>, StoreError>;
    /// [`WriteStamps::of`] this connection: equal stamps mean no write of `entity` in between.
    fn write_stamp(&self, entity: Entity) -> u64;
}
