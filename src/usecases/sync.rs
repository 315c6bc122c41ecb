//! Team sync (docs/domain.md §10): the records this device changed, handed to the team's
//! replica as CouchDB documents with the revisions made here since the last hand-over, and the
//! team's records taken in at the revisions the replica chose. The replica (PouchDB in the
//! browser, replicating with the company's CouchDB) keeps every revision tree and every
//! conflict; this side only keeps the store and the replica agreeing.

use super::Context;
use crate::domain::model::Id;
use crate::store::{
    AnyRecord, Arrival, Entity, Incoming, Key, Outgoing, Rev, Revision, Store, StoreError, StoreErrorKind,
};
use serde::Serialize;
use std::collections::HashSet;

/// A record as a document of the company's database: `_id` is `store/key`, the record's own
/// fields sit under `record`, beside its kind and who wrote it when (what the server's rules
/// read). A deletion carries no record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Doc {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_rev")]
    pub rev: String,
    /// The revisions made here since the last hand-over, so the replica joins them to the
    /// branch it has instead of starting a conflicting one.
    #[serde(rename = "_revisions")]
    pub revisions: History,
    #[serde(rename = "_deleted", skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    pub kind: &'static str,
    pub at: i64,
    pub by: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<AnyRecord>,
    /// A deletion that ends a losing branch of a conflict someone resolved, not a deletion of
    /// the record: never itself a conflict (see [`RemoteDoc::conflicts`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resolved: bool,
}

/// CouchDB's `_revisions`: the newest generation, then each revision's tag back from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct History {
    pub start: u32,
    pub ids: Vec<String>,
}

/// A document as the replica holds it now: its winning revision, and the other leaves of its
/// revision tree when two devices changed it without seeing each other's change.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteDoc {
    pub id: String,
    pub rev: String,
    pub deleted: bool,
    pub at_ms: i64,
    pub by: Option<Id>,
    pub record: Option<AnyRecord>,
    /// The other leaves that still need a decision: live ones, and deletions of the record
    /// (not the tombstones of resolved branches) when this one is live.
    pub conflicts: Vec<String>,
    /// This revision's line back from it, newest first (`gen-tag`), where the replica gave it.
    pub history: Vec<String>,
    /// The tombstone of a resolved conflict's losing branch (see [`Doc::resolved`]).
    pub resolved: bool,
}

/// What the replica's changes feed gave after a checkpoint: the documents, and the checkpoint
/// to ask from next.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    pub docs: Vec<RemoteDoc>,
    pub last_seq: String,
}

/// What the replica said when it refused or failed: an HTTP-like status (0: unreachable) and
/// its reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaError {
    pub status: u16,
    pub reason: String,
}

/// The team's replica of the workspace.
#[allow(async_fn_in_trait)] // single-threaded (wasm): no Send bound wanted on these futures
pub trait Replica {
    /// Stores `docs` as they are, revisions and history included (CouchDB's `new_edits: false`).
    async fn put(&self, docs: &[Doc]) -> Result<(), ReplicaError>;
    /// Up to `limit` documents changed after `since` ("0": from the start).
    async fn changes(&self, since: &str, limit: usize) -> Result<Changes, ReplicaError>;
    /// Every leaf of document `id`'s revision tree, each with its history.
    async fn leaves(&self, id: &str) -> Result<Vec<RemoteDoc>, ReplicaError>;
    /// Revision `rev` of document `id`, if the replica still holds its body.
    async fn revision(&self, id: &str, rev: &str) -> Result<Option<RemoteDoc>, ReplicaError>;
}

#[derive(Clone, Debug, PartialEq)]
pub enum SyncError {
    Store(StoreError),
    Replica(ReplicaError),
}

impl From<StoreError> for SyncError {
    fn from(error: StoreError) -> SyncError {
        SyncError::Store(error)
    }
}

impl From<ReplicaError> for SyncError {
    fn from(error: ReplicaError) -> SyncError {
        SyncError::Replica(error)
    }
}

/// A record with revisions the team has not settled: the replica's winner is stored here, the
/// others stay readable in the replica until someone resolves them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub entity: Entity,
    pub key: Key,
    pub winner: String,
    pub others: Vec<String>,
}

impl Conflict {
    /// The conflict as one line of text (`store/key`, the winner, the others), as a device
    /// remembers its list between sessions.
    pub fn to_line(&self) -> String {
        format!("{}\t{}\t{}", doc_id(self.entity, &self.key), self.winner, self.others.join(","))
    }

    /// A conflict read back from [`Conflict::to_line`]; `None` for any other text.
    pub fn from_line(line: &str) -> Option<Conflict> {
        let mut parts = line.split('\t');
        let (entity, key) = record_of(parts.next()?)?;
        let winner = parts.next()?.to_owned();
        let others = parts.next()?.split(',').filter(|rev| !rev.is_empty()).map(str::to_owned).collect();
        Some(Conflict { entity, key, winner, others })
    }
}

/// What taking in the replica's documents did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TakenIn {
    /// Stored (or deleted) here at the team's revision.
    pub stored: usize,
    /// Changed here since: left for the next hand-over, after which the replica decides.
    pub changed_here: usize,
    pub conflicts: Vec<Conflict>,
    /// Records that came in without a conflict: any conflict shown on them is resolved.
    pub settled: Vec<(Entity, Key)>,
    /// Records left out because another record here holds the same part number or machine
    /// serial (two devices entered one part or machine each): the team's stays readable in
    /// the replica until one of the two is changed.
    pub held_back: Vec<(Entity, Key)>,
    /// Documents that are not Kehu records (a design document, a foreign id or revision).
    pub skipped: Vec<String>,
}

/// One round's account.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Round {
    pub handed_over: usize,
    pub taken_in: TakenIn,
    /// Where the next round's changes start.
    pub since: String,
}

/// Why the server's rules refused a record (`tools/couch/design.mjs`), read from its reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The account has none of Kehu's roles.
    NoRole,
    /// Only a manager may change grading, funnel and stock-policy settings and the team's people.
    ManagerOnly,
    /// Audit entries never change.
    AuditEntry,
    /// Interactions are never deleted.
    Interaction,
    /// Any other reason, as the server gave it.
    Other(String),
}

/// The server's reasons (`tools/couch/design.mjs`) for the refusals Kehu words itself.
const REASONS: [(&str, Refused); 4] = [
    ("kehu: a Kehu role (manager, sales or service) is needed to write", Refused::NoRole),
    ("kehu: only a manager may change this", Refused::ManagerOnly),
    ("kehu: audit entries never change", Refused::AuditEntry),
    ("kehu: interactions are never deleted", Refused::Interaction),
];

impl Refused {
    pub fn from_reason(reason: &str) -> Refused {
        REASONS
            .iter()
            .find(|(text, _)| *text == reason)
            .map_or_else(|| Refused::Other(reason.to_owned()), |(_, why)| why.clone())
    }

    /// The server's reason, as [`Refused::from_reason`] reads it.
    pub fn reason(&self) -> &str {
        match self {
            Refused::Other(reason) => reason,
            known => REASONS.iter().find(|(_, why)| why == known).map_or("", |(text, _)| text),
        }
    }
}

/// How many devices of one team can hold a writer number at once: each claims one from the
/// server (a `writers/<n>` document the server's rules let only its holder give back) when it
/// signs in, so no two devices of the team make the same id in the same millisecond.
pub const DEVICES: u64 = 256;
/// How many writer numbers (the low part of every new id) one device's number owns: one per tab
/// open at once.
pub const WRITERS_PER_DEVICE: u64 = 8;

/// The writer numbers device number `device` owns.
pub fn device_writers(device: u64) -> std::ops::Range<u64> {
    let first = device % DEVICES * WRITERS_PER_DEVICE;
    first..first + WRITERS_PER_DEVICE
}

/// How many records one hand-over or one read of the changes feed carries.
pub const BATCH: usize = 500;

/// A document's id: the record's store and key, as its tombstone is keyed.
pub fn doc_id(entity: Entity, key: &Key) -> String {
    Key::tombstone_of(entity, key)
}

/// The record a document id names; `None` for any other document.
pub fn record_of(id: &str) -> Option<(Entity, Key)> {
    let (store, key) = id.split_once('/')?;
    let entity = Entity::from_store_name(store)?;
    let key = if entity.has_text_key() { Key::Text(key.to_owned()) } else { Key::Id(key.parse().ok()?) };
    Some((entity, key))
}

/// The outbox entry as a document. CouchDB's history counts down one generation a step: a
/// record created again after a deletion starts a new line, so the history stops where the
/// generations break.
pub fn doc_of(outgoing: Outgoing) -> Doc {
    let Outgoing { entity, key, record, revision, history } = outgoing;
    let start = revision.rev.generation;
    let ids = history
        .iter()
        .enumerate()
        .take_while(|(step, rev)| rev.generation.checked_add(*step as u32) == Some(start))
        .map(|(_, rev)| rev.tag_text())
        .collect();
    Doc {
        id: doc_id(entity, &key),
        rev: revision.rev.to_string(),
        revisions: History { start, ids },
        deleted: record.is_none(),
        kind: entity.store_name(),
        at: revision.at_ms,
        by: revision.by,
        record,
        resolved: false,
    }
}

/// Hands everything in the outbox to the replica, [`BATCH`] records at a time, taking each
/// batch out of the outbox once the replica has it. Returns how many records went.
pub async fn hand_over(store: &impl Store, replica: &impl Replica) -> Result<usize, SyncError> {
    let mut handed = 0;
    loop {
        let outgoing = store.outgoing(BATCH).await?;
        if outgoing.is_empty() {
            return Ok(handed);
        }
        let count = outgoing.len();
        let names: Vec<(Entity, Key, Rev)> =
            outgoing.iter().map(|o| (o.entity, o.key.clone(), o.revision.rev)).collect();
        let docs: Vec<Doc> = outgoing.into_iter().map(doc_of).collect();
        replica.put(&docs).await?;
        store.handed_over(&names).await?;
        handed += count;
        if count < BATCH {
            return Ok(handed);
        }
    }
}

/// Stores the replica's documents here at their revisions, except where this device changed
/// the record since (see [`Arrival`]), in one transaction.
pub async fn take_in(store: &impl Store, docs: Vec<RemoteDoc>) -> Result<TakenIn, StoreError> {
    let mut taken = TakenIn::default();
    let mut readable = Vec::with_capacity(docs.len());
    for doc in docs {
        match (record_of(&doc.id), Rev::parse(&doc.rev)) {
            (Some((entity, key)), Some(rev))
                if doc.deleted || doc.record.as_ref().is_some_and(|r| r.entity() == entity) =>
            {
                readable.push((entity, key, rev, doc))
            }
            _ => taken.skipped.push(doc.id),
        }
    }
    let keys: Vec<(Entity, Key)> = readable.iter().map(|(entity, key, ..)| (*entity, key.clone())).collect();
    let bases = store.revisions_of(&keys).await?;
    let mut incoming = Vec::with_capacity(readable.len());
    for ((entity, key, rev, doc), base) in readable.into_iter().zip(bases) {
        if doc.conflicts.is_empty() {
            taken.settled.push((entity, key.clone()));
        } else {
            taken.conflicts.push(Conflict { entity, key: key.clone(), winner: doc.rev.clone(), others: doc.conflicts });
        }
        let revision = Revision { rev, at_ms: doc.at_ms, by: doc.by };
        let record = if doc.deleted { None } else { doc.record };
        incoming.push(Incoming { entity, key, record, revision, base });
    }
    let arrivals = match store.arrive(incoming.clone()).await {
        Err(error) if error.kind == StoreErrorKind::Constraint => one_by_one(store, incoming, &mut taken).await?,
        arrived => arrived?,
    };
    for arrival in arrivals {
        match arrival {
            Arrival::Stored => taken.stored += 1,
            Arrival::Known => {}
            Arrival::ChangedHere => taken.changed_here += 1,
        }
    }
    Ok(taken)
}

/// Stores `incoming` record by record, holding back those a unique value stored here refuses,
/// so one such record does not keep every other from arriving.
async fn one_by_one(
    store: &impl Store,
    incoming: Vec<Incoming>,
    taken: &mut TakenIn,
) -> Result<Vec<Arrival>, StoreError> {
    let mut arrivals = Vec::with_capacity(incoming.len());
    for one in incoming {
        let (entity, key) = (one.entity, one.key.clone());
        match store.arrive(vec![one]).await {
            Ok(arrived) => arrivals.extend(arrived),
            Err(error) if error.kind == StoreErrorKind::Constraint => {
                taken.settled.retain(|(e, k)| (*e, k) != (entity, &key));
                taken.held_back.push((entity, key));
            }
            Err(error) => return Err(error),
        }
    }
    Ok(arrivals)
}

/// CouchDB's choice among a document's leaves: a live one before a deletion, then the highest
/// generation, then the highest revision id.
pub(crate) fn winner_of(leaves: &[RemoteDoc]) -> Option<&RemoteDoc> {
    leaves.iter().max_by_key(|doc| (!doc.deleted, Rev::parse(&doc.rev).map(|r| r.generation), doc.rev.clone()))
}

/// Takes in again the team's versions of `records` held back earlier: the changes feed brings a
/// document once, and a change made here since (a part number corrected) may now let it in.
pub async fn take_in_again(
    store: &impl Store,
    replica: &impl Replica,
    records: &[(Entity, Key)],
) -> Result<TakenIn, SyncError> {
    let mut docs = Vec::with_capacity(records.len());
    for (entity, key) in records {
        let leaves = replica.leaves(&doc_id(*entity, key)).await?;
        docs.extend(winner_of(&leaves).cloned());
    }
    Ok(take_in(store, docs).await?)
}

/// One sync round: everything changed here goes to the replica first (so the replica decides
/// between it and the team's changes), then every change of the replica after `since` comes in.
pub async fn round(store: &impl Store, replica: &impl Replica, since: &str) -> Result<Round, SyncError> {
    let handed_over = hand_over(store, replica).await?;
    let mut round = Round { handed_over, since: since.to_owned(), ..Round::default() };
    loop {
        let changes = replica.changes(&round.since, BATCH).await?;
        let count = changes.docs.len();
        let taken = take_in(store, changes.docs).await?;
        round.taken_in.stored += taken.stored;
        round.taken_in.changed_here += taken.changed_here;
        round.taken_in.conflicts.extend(taken.conflicts);
        round.taken_in.settled.extend(taken.settled);
        round.taken_in.held_back.extend(taken.held_back);
        round.taken_in.skipped.extend(taken.skipped);
        round.since = changes.last_seq;
        if count < BATCH {
            return Ok(round);
        }
    }
}

/// What restoring a backup into a synced workspace did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// Records the workspace no longer held (never had, or deleted since), stored again.
    pub added: usize,
    /// Records the workspace holds: left as they are, the team's changes included.
    pub held: usize,
}

/// Restores a backup into a workspace that syncs with a team without overwriting anything the
/// team has: only the records it no longer holds come back, in one write (a new revision the
/// team sees, a conflict where the team deleted the record), and every record it holds stays.
pub async fn restore_missing(
    store: &impl Store,
    ctx: &mut Context,
    records: Vec<AnyRecord>,
) -> Result<Restored, StoreError> {
    let keys: Vec<(Entity, Key)> = records.iter().map(|r| (r.entity(), r.key())).collect();
    let revisions = store.revisions_of(&keys).await?;
    let deleted: HashSet<String> =
        store.tombstones().await?.into_iter().map(|t| Key::tombstone_of(t.entity, &t.key)).collect();
    let mut restored = Restored::default();
    let mut missing = Vec::new();
    for ((record, (entity, key)), revision) in records.into_iter().zip(&keys).zip(revisions) {
        if revision.is_none() || deleted.contains(&Key::tombstone_of(*entity, key)) {
            missing.push(record);
        } else {
            restored.held += 1;
        }
    }
    restored.added = missing.len();
    if !missing.is_empty() {
        store.write(ctx.batch().create_any(missing)).await?;
    }
    Ok(restored)
}
