//! A record two devices changed without seeing each other's change (docs/domain.md §10): the
//! replica keeps both revisions; here they are read back with the revision they grew from,
//! merged field by field like a stale form's save (`domain::merge`), and settled once the user
//! decided — the kept record written as the next revision of the replica's winner, the other
//! branch ended by a tombstone marked as a resolution, so every device sees it settled.

use super::sync::{doc_id, winner_of, Conflict, Doc, History, RemoteDoc, Replica, SyncError};
use super::{Clashed, Context, Decision};
use crate::domain::audit;
use crate::domain::merge::{self, Clash, Mergeable};
use crate::domain::model::{FieldChange, Id};
use crate::store::{AnyRecord, Entity, Key, Record, Rev, Revised, Revision, Store};

/// One side of a conflict: a leaf of the record's revision tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub rev: String,
    pub at_ms: i64,
    pub by: Option<Id>,
    /// `None`: this side deleted the record.
    pub record: Option<AnyRecord>,
}

impl Version {
    fn of(doc: &RemoteDoc) -> Version {
        Version { rev: doc.rev.clone(), at_ms: doc.at_ms, by: doc.by, record: doc.record.clone() }
    }
}

/// What merging the two sides gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Both hold the same record, or both deleted it: nothing to decide.
    Same,
    /// They changed different fields: this record keeps both changes.
    Merged(AnyRecord),
    /// Both changed these fields to different values; `merged` holds every other change and the
    /// winner's value of each clashing field.
    Clashes { merged: AnyRecord, clashes: Vec<Clash> },
    /// One side deleted the record, the other changed it.
    Deletion,
    /// A kind only ever kept whole (records derived from others): one side or the other.
    Whole,
}

impl Outcome {
    /// Whether the user has nothing to decide.
    pub fn is_clean(&self) -> bool {
        matches!(self, Outcome::Same | Outcome::Merged(_))
    }
}

/// A conflict as the user settles it: the replica's winner (the version this device stores),
/// one other version, and what merging them gave. A record with more than two leaves is settled
/// one other version at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub entity: Entity,
    pub key: Key,
    pub winner: Version,
    pub other: Version,
    /// Other versions still waiting after this one.
    pub more: usize,
    pub outcome: Outcome,
}

/// What the user kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Whatever needs no decision: the same record, or the clean merge.
    Clean,
    /// The winner as it is (its deletion, when it deleted the record).
    Winner,
    /// The other version as it is.
    Other,
    /// One decision per clash of [`Outcome::Clashes`], in order: `KeepStored` keeps the
    /// winner's value, `KeepMine` the other version's.
    Fields(Vec<Decision>),
}

/// How settling ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    Done,
    /// This device changed the record since it stored the winner: that change goes to the team
    /// first, and the conflict is settled over it afterwards.
    ChangedHere,
}

/// The conflict on `entity`/`key` as the replica holds it now; `None` when nothing is left to
/// settle (another device settled it meanwhile).
pub async fn open(replica: &impl Replica, entity: Entity, key: &Key) -> Result<Option<Case>, SyncError> {
    let id = doc_id(entity, key);
    let leaves = replica.leaves(&id).await?;
    let Some(winner) = winner_of(&leaves) else { return Ok(None) };
    let mut others: Vec<&RemoteDoc> = leaves
        .iter()
        .filter(|doc| doc.rev != winner.rev && !doc.resolved && !(doc.deleted && winner.deleted))
        .collect();
    // Live versions first: they hold changes someone may want to keep.
    others.sort_by_key(|doc| doc.deleted);
    let Some(other) = others.first() else { return Ok(None) };
    let base = match common_ancestor(winner, other) {
        Some(rev) => replica.revision(&id, &rev).await?.and_then(|doc| doc.record),
        None => None,
    };
    let outcome = match (&winner.record, &other.record) {
        (theirs, mine) if theirs == mine => Outcome::Same,
        (Some(theirs), Some(mine)) => merged(base.as_ref(), mine, theirs),
        _ => Outcome::Deletion,
    };
    Ok(Some(Case {
        entity,
        key: key.clone(),
        winner: Version::of(winner),
        other: Version::of(other),
        more: others.len() - 1,
        outcome,
    }))
}

/// The newest revision both sides grew from.
fn common_ancestor(a: &RemoteDoc, b: &RemoteDoc) -> Option<String> {
    a.history.iter().find(|rev| **rev != a.rev && b.history.contains(rev)).cloned()
}

/// Calls macro `$by_kind` with every record kind `domain::merge` merges field by field.
macro_rules! mergeable_kinds {
    ($by_kind:ident) => {
        $by_kind!(
            User,
            Customer,
            Contact,
            Interaction,
            Order,
            Opportunity,
            Part,
            Stock,
            Machine,
            ServiceTicket,
            Setting,
            Supplier,
            TradePartner,
            Ratings,
            Show,
            Lead,
            Sighting,
            Market
        )
    };
}

/// Merges the other version (`mine`, as a stale save would) into the winner (`theirs`).
fn merged(base: Option<&AnyRecord>, mine: &AnyRecord, theirs: &AnyRecord) -> Outcome {
    macro_rules! by_kind {
        ($($variant:ident),+) => {
            match (mine, theirs) {
                $((AnyRecord::$variant(mine), AnyRecord::$variant(theirs)) => merge_kind(base, mine, theirs),)+
                _ => Outcome::Whole,
            }
        };
    }
    mergeable_kinds!(by_kind)
}

fn merge_kind<T: Mergeable + Record>(base: Option<&AnyRecord>, mine: &T, theirs: &T) -> Outcome {
    let base = base.and_then(T::from_any);
    let merge::Merged { record, clashes, .. } = merge::merge(base, Some(mine), Some(theirs));
    match record {
        Some(record) if clashes.is_empty() => Outcome::Merged(record.into_any()),
        Some(record) => Outcome::Clashes { merged: record.into_any(), clashes },
        None => Outcome::Deletion,
    }
}

/// The record the user keeps (`None`: deleted).
pub fn kept(case: &Case, choice: &Choice) -> Option<AnyRecord> {
    match (choice, &case.outcome) {
        (Choice::Other, _) => case.other.record.clone(),
        (Choice::Clean, Outcome::Merged(record)) => Some(record.clone()),
        (Choice::Fields(decisions), Outcome::Clashes { merged, clashes }) => {
            Some(decided(merged, case.other.record.as_ref(), clashes, decisions))
        }
        _ => case.winner.record.clone(),
    }
}

fn decided(merged: &AnyRecord, mine: Option<&AnyRecord>, clashes: &[Clash], decisions: &[Decision]) -> AnyRecord {
    macro_rules! by_kind {
        ($($variant:ident),+) => {
            match (merged, mine) {
                $((AnyRecord::$variant(merged), Some(AnyRecord::$variant(mine))) => {
                    AnyRecord::$variant(decide_kind(merged, mine, clashes, decisions))
                })+
                _ => merged.clone(),
            }
        };
    }
    mergeable_kinds!(by_kind)
}

fn decide_kind<T: Mergeable>(merged: &T, mine: &T, clashes: &[Clash], decisions: &[Decision]) -> T {
    let mut record = merged.clone();
    for (clash, decision) in clashes.iter().zip(decisions) {
        match decision {
            Decision::KeepStored => {}
            Decision::Typed(text) if T::is_text(clash.field) => record.set_text(clash.field, text),
            Decision::KeepMine | Decision::Typed(_) => record.take(mine, clash),
        }
    }
    record
}

/// Settles `case` keeping `keep` (`None`: the record deleted): the next revision of the winner
/// when it changes anything, and a resolution's tombstone ending the other version's branch —
/// one write to the replica, which syncs it to the team and hands it to the store like any
/// team change.
pub async fn settle(
    store: &impl Store,
    replica: &impl Replica,
    ctx: &mut Context,
    case: &Case,
    keep: Option<AnyRecord>,
) -> Result<Settled, SyncError> {
    let stored = store.revisions_of(&[(case.entity, case.key.clone())]).await?;
    if stored.first().copied().flatten() != Rev::parse(&case.winner.rev) {
        return Ok(Settled::ChangedHere);
    }
    let mut docs = Vec::with_capacity(2);
    if keep != case.winner.record {
        docs.push(child(ctx, case, &case.winner.rev, keep, false));
    }
    docs.push(child(ctx, case, &case.other.rev, None, true));
    replica.put(&docs).await?;
    Ok(Settled::Done)
}

/// The next revision after `parent` on its branch, holding `record` (`None`: a deletion).
fn child(ctx: &mut Context, case: &Case, parent: &str, record: Option<AnyRecord>, resolved: bool) -> Doc {
    let stamp = ctx.stamp();
    let parent = Rev::parse(parent);
    let rev = Rev::after(parent, stamp.tag);
    let ids = std::iter::once(rev).chain(parent).map(|r| r.tag_text()).collect();
    Doc {
        id: doc_id(case.entity, &case.key),
        rev: rev.to_string(),
        revisions: History { start: rev.generation, ids },
        deleted: record.is_none(),
        kind: case.entity.store_name(),
        at: stamp.at_ms,
        by: stamp.by,
        record,
        resolved,
    }
}

/// Settles each of `conflicts` that needs no decision (the same record on both sides, or
/// changes to different fields, merged); returns those left for the user and how many were
/// merged.
pub async fn settle_clean(
    store: &impl Store,
    replica: &impl Replica,
    ctx: &mut Context,
    conflicts: Vec<Conflict>,
) -> Result<(Vec<Conflict>, usize), SyncError> {
    let mut left = Vec::new();
    let mut settled = 0;
    for conflict in conflicts {
        let case = open(replica, conflict.entity, &conflict.key).await?;
        match case {
            Some(case) if case.outcome.is_clean() => {
                let keep = kept(&case, &Choice::Clean);
                match settle(store, replica, ctx, &case, keep).await? {
                    Settled::Done => settled += 1,
                    Settled::ChangedHere => left.push(conflict),
                }
            }
            Some(_) => left.push(conflict),
            None => {}
        }
    }
    Ok((left, settled))
}

/// The clashes of `case` as the history words changes: each field the two versions hold
/// differently (`before` the winner's value, `after` the other's), with the indexes of the
/// clashes it decides — one text may stand for several clashes (an order's lines, a claim's
/// parts). Empty for kinds the history does not keep, and when nothing clashes.
pub fn worded(case: &Case) -> Vec<(FieldChange, Vec<usize>)> {
    let (Outcome::Clashes { clashes, .. }, Some(winner), Some(other)) =
        (&case.outcome, &case.winner.record, &case.other.record)
    else {
        return Vec::new();
    };
    let mut rows: Vec<(FieldChange, Vec<usize>)> = Vec::new();
    for change in differences(winner, other) {
        let decided: Vec<usize> =
            clashes.iter().enumerate().filter(|(_, c)| words(c, &change)).map(|(i, _)| i).collect();
        if !decided.is_empty() {
            rows.push((change, decided));
        }
    }
    for (index, clash) in clashes.iter().enumerate() {
        if rows.iter().any(|(_, decided)| decided.contains(&index)) {
            continue;
        }
        let Some(source) = derived_from(case.entity, clash.field) else { continue };
        if let Some((_, decided)) = rows.iter_mut().find(|(change, _)| words(&Clash::field(source), change)) {
            decided.push(index);
        }
    }
    rows
}

/// The field `field` of an `entity` record is computed from, which no history words on its own:
/// its clash goes the way its source's does (a customer's market type is its province's).
fn derived_from(entity: Entity, field: &str) -> Option<&'static str> {
    match (entity, field) {
        (Entity::Customer, "market") => Some("province"),
        _ => None,
    }
}

/// Whether history change `change` words clash `clash`: the same field (`team.lead` is stored
/// as `team_lead`), one of its parts (`claim` as `claim_amount`…), or the field it is part of
/// (`man.money` as `man`); a custom field by its name.
fn words(clash: &Clash, change: &FieldChange) -> bool {
    if let (Some(name), "custom") = (&clash.item, clash.field) {
        return change.field.strip_prefix("custom:") == Some(name.as_str());
    }
    let name = clash.field.replace('.', "_");
    let field = change.field.rsplit('/').next().unwrap_or(&change.field);
    field == name
        || field.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('_'))
        || name.strip_prefix(field).is_some_and(|rest| rest.starts_with('_'))
}

fn differences(winner: &AnyRecord, other: &AnyRecord) -> Vec<FieldChange> {
    macro_rules! by_kind {
        ($($variant:ident),+) => {
            match (winner, other) {
                $((AnyRecord::$variant(winner), AnyRecord::$variant(other)) => audit::diff(Some(winner), Some(other)),)+
                _ => Vec::new(),
            }
        };
    }
    by_kind!(Customer, Contact, Interaction, Order, Opportunity, Ratings, Supplier, TradePartner, Machine)
}

/// The fields both versions of `case` changed, as a form's save that clashed: the winner as
/// stored, the other version as "mine", so a page words them with its own clash rows; `None`
/// when nothing clashes or the records are of another kind.
pub fn clashed<T: Record + Clone>(case: &Case) -> Option<Clashed<T>> {
    let Outcome::Clashes { merged, clashes } = &case.outcome else { return None };
    let winner = T::from_any(case.winner.record.as_ref()?)?.clone();
    let mine = T::from_any(case.other.record.as_ref()?)?.clone();
    let revision =
        Rev::parse(&case.winner.rev).map(|rev| Revision { rev, at_ms: case.winner.at_ms, by: case.winner.by });
    Some(Clashed {
        stored: Revised { record: winner, revision },
        merged: T::from_any(merged)?.clone(),
        mine,
        clashes: clashes.clone(),
    })
}
