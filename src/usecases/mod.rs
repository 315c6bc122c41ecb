//! Use cases: every write of the app against the [`Store`](crate::store::Store) trait, with the
//! clock, new ids and the current user passed in as a [`Context`], so they run natively (tests
//! on `MemoryStore`) as well as in the browser. `state` builds the context and calls them.

pub mod customer_import;
pub mod customers;
pub mod demo;
pub mod grades;
pub mod interactions;
pub mod machines;
pub mod opportunities;
pub mod orders;
pub mod partners;
pub mod parts;
pub mod pipeline_import;
pub mod saved_filters;
pub mod settings;
pub mod users;

use crate::domain::date::Date;
use crate::domain::merge::{self, Mergeable};
use crate::domain::model::Id;
use crate::store::{Base, Batch, Key, Reads, Record, Revised, Revision, Stamp, Store, StoreError, StoreErrorKind};

/// Who acts, and when, and where new ids come from: everything a use case would otherwise ask
/// the browser for.
pub struct Context {
    /// The device's current user, recorded as the author of every change.
    pub user: Option<Id>,
    /// Now, in milliseconds since the epoch (audit entries' time).
    pub now_ms: i64,
    /// Today in the user's time zone (created/modified dates, stage moves, checks).
    pub today: Date,
    ids: Box<dyn FnMut() -> Id>,
    tags: Box<dyn FnMut() -> u64>,
}

impl Context {
    /// `tags` name writes (see [`Context::stamp`]): unique across devices like ids, and the
    /// app draws both from one source; tests keep them apart so a write's tag never moves the
    /// ids its records get.
    pub fn new(
        user: Option<Id>,
        now_ms: i64,
        today: Date,
        ids: impl FnMut() -> Id + 'static,
        tags: impl FnMut() -> u64 + 'static,
    ) -> Context {
        Context { user, now_ms, today, ids: Box::new(ids), tags: Box::new(tags) }
    }

    /// A new record id.
    pub fn new_id(&mut self) -> Id {
        (self.ids)()
    }

    /// Who writes now, tagged by a new id: every record a write stores gets a revision of it.
    pub fn stamp(&mut self) -> Stamp {
        Stamp { tag: (self.tags)(), at_ms: self.now_ms, by: self.user }
    }

    /// An empty write of this context's [`Context::stamp`].
    pub fn batch(&mut self) -> Batch {
        Batch::stamped(self.stamp())
    }

    /// The current user, for changes that must name their author.
    pub fn author(&self) -> Result<Id, StoreError> {
        self.user.ok_or_else(StoreError::no_current_user)
    }
}

/// How often a use case reads and writes again when its write meets a change made between its
/// read and its transaction: each time means someone else saved within milliseconds.
const ATTEMPTS: usize = 3;

/// Runs `attempt` — a read, a change of what it read, and a write from the revisions read — again
/// while its write is refused because another tab or device changed a record meanwhile, so the
/// change applies to what is stored now instead of undoing the other.
pub(crate) async fn retrying<T>(mut attempt: impl AsyncFnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let mut tries = 1;
    loop {
        match attempt().await {
            Err(error) if matches!(error.kind, StoreErrorKind::Changed { .. }) && tries < ATTEMPTS => tries += 1,
            done => return done,
        }
    }
}

/// The record of kind `R` under `key` with its revision, if one is stored.
pub async fn get_revised<R: Record>(store: &impl Store, key: impl Into<Key>) -> Result<Option<Revised<R>>, StoreError> {
    let mut reads = Reads::new();
    let handle = reads.key::<R>(key);
    let handle = reads.with_revisions(handle);
    Ok(store.read_many(&reads).await?.one_revised(handle))
}

/// A form's record over what is stored now: the stored record, the record to write, the base
/// the write expects, and the other write it was merged with (when the record changed since the
/// form opened).
pub(crate) struct Over<T> {
    pub before: T,
    pub record: T,
    pub base: Base,
    pub merged_with: Option<Revision>,
}

/// `mine` — a form's record `id` of kind `T`, built over `opened`, the record as the form opened
/// it — over what is stored now: as it is when nothing changed meanwhile, merged field by field
/// when the change touched other fields; refused as [`StoreErrorKind::Changed`] when it touched
/// the same ones (forms without a clash dialog leave the decision to a fresh look), and as not
/// found when the record is gone.
pub(crate) async fn over_opened<T: Mergeable + Record>(
    store: &impl Store,
    id: Id,
    opened: &Revised<T>,
    mine: T,
) -> Result<Over<T>, StoreError> {
    let stored = get_revised::<T>(store, id).await?.ok_or_else(|| StoreError::not_found(T::ENTITY, id))?;
    let base = stored.base();
    if stored.revision == opened.revision {
        return Ok(Over { before: stored.record, record: mine, base, merged_with: None });
    }
    let merged = merge::merge(Some(&opened.record), Some(&mine), Some(&stored.record));
    match merged.record {
        Some(record) if merged.is_clean() => {
            let merged_with = (stored.record != opened.record).then_some(stored.revision).flatten();
            Ok(Over { before: stored.record, record, base, merged_with })
        }
        _ => Err(StoreError::changed(T::ENTITY, &Key::Id(id))),
    }
}
