//! Use cases: every write of the app against the [`Store`](crate::store::Store) trait, with the
//! clock, new ids and the current user passed in as a [`Context`], so they run natively (tests
//! on `MemoryStore`) as well as in the browser. `state` builds the context and calls them.

pub mod conflicts;
pub mod customer_import;
pub mod customers;
pub mod demo;
pub mod grades;
pub mod interactions;
pub mod machines;
pub mod market;
pub mod opportunities;
pub mod orders;
pub mod partners;
pub mod parts;
pub mod pipeline_import;
pub mod saved_filters;
pub mod service;
pub mod settings;
pub mod shows;
pub mod sync;
pub mod users;

use crate::domain::date::Date;
use crate::domain::merge::{self, Clash, Mergeable};
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

/// How a form's save from the revision it opened ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved<T> {
    /// Stored as `record`. `merged_with` is the other write the save was merged with, when the
    /// record changed (in other fields) since the form opened.
    Stored { record: T, merged_with: Option<Revision> },
    /// Changed since the form opened in the same fields as this save: nothing was stored.
    Clashed(Box<Clashed<T>>),
}

/// What a form's save that clashed leaves the user to decide.
#[derive(Clone, Debug, PartialEq)]
pub struct Clashed<T> {
    /// The record as stored now: what a save of the decisions starts from.
    pub stored: Revised<T>,
    /// Every change of this save that clashes with nothing, over the stored record; the clashing
    /// fields still hold the stored values.
    pub merged: T,
    /// The record as this save would have stored it.
    pub mine: T,
    /// The fields both sides changed, to different values.
    pub clashes: Vec<Clash>,
}

/// What the user decided for one clash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    KeepStored,
    KeepMine,
    /// A text typed instead of either (text fields only).
    Typed(String),
}

impl<T: Mergeable> Clashed<T> {
    /// The record to save after the user decided every clash, in the order of
    /// [`Clashed::clashes`]: the merged record with each decided value.
    pub fn resolve(&self, decisions: &[Decision]) -> T {
        let mut record = self.merged.clone();
        for (clash, decision) in self.clashes.iter().zip(decisions) {
            match decision {
                Decision::KeepStored => {}
                Decision::KeepMine => record.take(&self.mine, clash),
                Decision::Typed(text) if T::is_text(clash.field) => record.set_text(clash.field, text),
                Decision::Typed(_) => record.take(&self.mine, clash),
            }
        }
        record
    }
}

/// `mine` — a form's record `id` of kind `T`, built over `opened`, the record as the form opened
/// it — over what is stored now: as it is when nothing changed meanwhile, merged field by field
/// when the change touched other fields, and the clashes for the user to decide when it touched
/// the same ones; refused as not found when the record is gone.
pub(crate) async fn over_opened<T: Mergeable + Record>(
    store: &impl Store,
    id: Id,
    opened: &Revised<T>,
    mine: T,
) -> Result<Result<Over<T>, Clashed<T>>, StoreError> {
    let stored = get_revised::<T>(store, id).await?.ok_or_else(|| StoreError::not_found(T::ENTITY, id))?;
    let base = stored.base();
    Ok(rebase(opened, mine, &stored).map(|(record, merged_with)| Over {
        before: stored.record,
        record,
        base,
        merged_with,
    }))
}

/// `mine`, a form's record built over `opened`, over `stored` as just read: as it is when nothing
/// changed meanwhile, merged field by field with the other write when it touched other fields
/// (returned with it, when it changed anything), and the clashes when it touched the same ones.
pub(crate) fn rebase<T: Mergeable>(
    opened: &Revised<T>,
    mine: T,
    stored: &Revised<T>,
) -> Result<(T, Option<Revision>), Clashed<T>> {
    if stored.revision == opened.revision {
        return Ok((mine, None));
    }
    let merge::Merged { record, clashes, deletion } =
        merge::merge(Some(&opened.record), Some(&mine), Some(&stored.record));
    match record {
        Some(record) if clashes.is_empty() && deletion.is_none() => {
            Ok((record, (stored.record != opened.record).then_some(stored.revision).flatten()))
        }
        record => {
            let merged = record.unwrap_or_else(|| stored.record.clone());
            Err(Clashed { merged, stored: stored.clone(), mine, clashes })
        }
    }
}

/// Saves `mine`, a form's record `id` built over `opened`, through `write` (which stores the
/// [`Over`] it is given in one transaction) from the revision the form opened: merged with what
/// changed since, or handed back as [`Saved::Clashed`] with nothing written. A write refused
/// because another save landed in between is tried again over what is stored then.
pub(crate) async fn save_opened<T: Mergeable + Record>(
    store: &impl Store,
    id: Id,
    opened: &Revised<T>,
    mine: &T,
    mut write: impl AsyncFnMut(&Over<T>) -> Result<(), StoreError>,
) -> Result<Saved<T>, StoreError> {
    retrying(async || match over_opened(store, id, opened, mine.clone()).await? {
        Err(clashed) => Ok(Saved::Clashed(Box::new(clashed))),
        Ok(over) => {
            write(&over).await?;
            Ok(Saved::Stored { record: over.record, merged_with: over.merged_with })
        }
    })
    .await
}
