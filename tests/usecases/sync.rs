//! Team sync between two devices' stores through a replica that keeps revision trees as
//! CouchDB does (`new_edits: false` puts, winners, conflicts, a changes feed with checkpoints).

use super::*;
use kehu::usecases::sync::{
    self, doc_of, record_of, Changes, Doc, History, RemoteDoc, Replica, ReplicaError, SyncError,
};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

/// One document's revision tree, as far as a test needs it: every revision seen with its parent
/// and the document it carried, the leaves, and the sequence of its last change.
#[derive(Default)]
struct Tree {
    parents: HashMap<Rev, Option<Rev>>,
    bodies: HashMap<Rev, Doc>,
    leaves: Vec<Rev>,
    seq: u64,
}

impl Tree {
    /// CouchDB's winner: a live leaf before a deleted one, then the highest generation, then
    /// the highest tag.
    fn winner(&self) -> Rev {
        *self.leaves.iter().max_by_key(|rev| (!self.bodies[rev].deleted, rev.generation, rev.tag)).expect("a leaf")
    }

    fn history(&self, rev: Rev) -> Vec<String> {
        std::iter::successors(Some(rev), |r| self.parents.get(r).copied().flatten()).map(|r| r.to_string()).collect()
    }

    fn remote(&self, id: &str, rev: Rev) -> RemoteDoc {
        let doc = &self.bodies[&rev];
        RemoteDoc {
            id: id.to_owned(),
            rev: rev.to_string(),
            deleted: doc.deleted,
            at_ms: doc.at,
            by: doc.by,
            record: doc.record.clone(),
            conflicts: vec![],
            history: self.history(rev),
            resolved: doc.resolved,
        }
    }
}

#[derive(Default)]
pub(super) struct FakeReplica {
    trees: RefCell<BTreeMap<String, Tree>>,
    seq: Cell<u64>,
    refusing: RefCell<Option<ReplicaError>>,
}

impl FakeReplica {
    pub(super) fn leaf_revs(&self, id: &str) -> Vec<String> {
        let trees = self.trees.borrow();
        let mut leaves: Vec<String> = trees[id].leaves.iter().map(Rev::to_string).collect();
        leaves.sort();
        leaves
    }
}

impl Replica for FakeReplica {
    async fn put(&self, docs: &[Doc]) -> Result<(), ReplicaError> {
        if let Some(error) = self.refusing.borrow().clone() {
            return Err(error);
        }
        let mut trees = self.trees.borrow_mut();
        for doc in docs {
            let path: Vec<Rev> = doc
                .revisions
                .ids
                .iter()
                .enumerate()
                .map(|(step, tag)| Rev {
                    generation: doc.revisions.start - step as u32,
                    tag: u64::from_str_radix(tag, 16).unwrap(),
                })
                .collect();
            assert_eq!(path[0].to_string(), doc.rev, "the history starts at the revision");
            let tree = trees.entry(doc.id.clone()).or_default();
            if tree.parents.contains_key(&path[0]) {
                continue;
            }
            for (step, rev) in path.iter().enumerate() {
                let parent = path.get(step + 1).copied();
                let known = tree.parents.entry(*rev).or_insert(parent);
                *known = known.or(parent);
            }
            tree.leaves.retain(|rev| !path.contains(rev));
            tree.leaves.push(path[0]);
            tree.bodies.insert(path[0], doc.clone());
            self.seq.set(self.seq.get() + 1);
            tree.seq = self.seq.get();
        }
        Ok(())
    }

    /// As `public/sync.js` reads PouchDB's feed: the winner, with the other live leaves and,
    /// when it is live, the deletions that are not a resolution's tombstones as its conflicts.
    async fn changes(&self, since: &str, limit: usize) -> Result<Changes, ReplicaError> {
        let since: u64 = since.parse().unwrap();
        let trees = self.trees.borrow();
        let mut changed: Vec<(&String, &Tree)> = trees.iter().filter(|(_, t)| t.seq > since).collect();
        changed.sort_by_key(|(_, t)| t.seq);
        changed.truncate(limit);
        let last_seq = changed.last().map_or(since, |(_, t)| t.seq).to_string();
        let docs = changed
            .into_iter()
            .map(|(id, tree)| {
                let winner = tree.winner();
                let live = !tree.bodies[&winner].deleted;
                let others = tree.leaves.iter().filter(|rev| {
                    let doc = &tree.bodies[rev];
                    **rev != winner && (!doc.deleted || (live && !doc.resolved))
                });
                RemoteDoc { conflicts: others.map(Rev::to_string).collect(), ..tree.remote(id, winner) }
            })
            .collect();
        Ok(Changes { docs, last_seq })
    }

    async fn leaves(&self, id: &str) -> Result<Vec<RemoteDoc>, ReplicaError> {
        let trees = self.trees.borrow();
        Ok(trees.get(id).map(|tree| tree.leaves.iter().map(|rev| tree.remote(id, *rev)).collect()).unwrap_or_default())
    }

    async fn revision(&self, id: &str, rev: &str) -> Result<Option<RemoteDoc>, ReplicaError> {
        let trees = self.trees.borrow();
        let rev = Rev::parse(rev).unwrap();
        Ok(trees.get(id).filter(|tree| tree.bodies.contains_key(&rev)).map(|tree| tree.remote(id, rev)))
    }
}

/// A device signed in to the team: its own store, keeping the outbox, and its checkpoint.
pub(super) struct Device {
    pub(super) store: MemoryStore,
    since: RefCell<String>,
    tag: Cell<u64>,
}

impl Device {
    pub(super) fn new(tag_base: u64) -> Device {
        let store = MemoryStore::new();
        run(store.keep_outbox(true)).unwrap();
        Device { store, since: RefCell::new("0".into()), tag: Cell::new(tag_base) }
    }

    pub(super) fn batch(&self) -> Batch {
        self.tag.set(self.tag.get() + 1);
        Batch::stamped(Stamp { tag: self.tag.get(), at_ms: NOW_MS + self.tag.get() as i64 % 1000, by: Some(USER) })
    }

    pub(super) fn sync(&self, replica: &FakeReplica) -> sync::Round {
        let since = self.since.borrow().clone();
        let round = run(sync::round(&self.store, replica, &since)).unwrap();
        *self.since.borrow_mut() = round.since.clone();
        round
    }

    pub(super) fn customer(&self, id: Id) -> Option<(Customer, Rev)> {
        let mut reads = Reads::new();
        let handle = reads.key::<Customer>(id);
        let handle = reads.with_revisions(handle);
        let found = run(self.store.read_many(&reads)).unwrap().one_revised(handle)?;
        Some((found.record, found.revision.unwrap().rev))
    }

    /// A context whose writes take this device's next tags.
    pub(super) fn context(&self) -> Context {
        let mut tag = self.tag.get();
        self.tag.set(tag + 1000);
        let tags = move || {
            tag += 1;
            tag
        };
        Context::new(Some(USER), NOW_MS, today(), || unreachable!("settling makes no records"), tags)
    }

    pub(super) fn edit(&self, id: Id, change: impl Fn(&mut Customer)) {
        let (mut customer, rev) = self.customer(id).unwrap();
        change(&mut customer);
        run(self.store.write(self.batch().update(customer, Base::At(rev)))).unwrap();
    }
}

pub(super) fn company(id: Id) -> Customer {
    Customer {
        id,
        company: format!("长沙{id}号工程机械有限公司"),
        phone: "0731-1111 1111".into(),
        ..Customer::default()
    }
}

#[test]
fn a_record_made_on_one_device_reaches_the_other_at_its_revision() {
    let (replica, desk, tablet) = (FakeReplica::default(), Device::new(100), Device::new(200));
    run(desk.store.write(desk.batch().create(company(1)).create(company(2)))).unwrap();
    let round = desk.sync(&replica);
    assert_eq!((round.handed_over, round.taken_in.stored), (2, 0), "its own records are known");
    assert_eq!(run(desk.store.outgoing(10)).unwrap(), vec![], "handed over");

    let round = tablet.sync(&replica);
    assert_eq!(round.taken_in.stored, 2);
    assert_eq!(tablet.customer(1), desk.customer(1), "the same record at the same revision");
    assert_eq!(run(tablet.store.outgoing(10)).unwrap(), vec![], "nothing to send back");
    assert_eq!(tablet.sync(&replica).taken_in, Default::default(), "the checkpoint moved on");
}

#[test]
fn edits_made_offline_travel_with_their_history_and_raise_no_conflict() {
    let (replica, desk, tablet) = (FakeReplica::default(), Device::new(100), Device::new(200));
    run(desk.store.write(desk.batch().create(company(1)))).unwrap();
    desk.sync(&replica);
    tablet.sync(&replica);

    tablet.edit(1, |c| c.city = "株洲".into());
    tablet.edit(1, |c| c.phone = "0731-8888 1234".into());
    tablet.sync(&replica);
    assert_eq!(replica.leaf_revs("customers/1"), vec![tablet.customer(1).unwrap().1.to_string()], "one branch");
    let round = desk.sync(&replica);
    assert_eq!(round.taken_in.conflicts, vec![]);
    let (customer, rev) = desk.customer(1).unwrap();
    assert_eq!((customer.city.as_str(), customer.phone.as_str(), rev.generation), ("株洲", "0731-8888 1234", 3));
}

#[test]
fn edits_of_one_record_on_two_devices_become_one_conflict_both_see_with_the_same_winner() {
    let (replica, desk, tablet) = (FakeReplica::default(), Device::new(100), Device::new(200));
    run(desk.store.write(desk.batch().create(company(1)))).unwrap();
    desk.sync(&replica);
    tablet.sync(&replica);

    desk.edit(1, |c| c.phone = "0731-2222 2222".into());
    tablet.edit(1, |c| c.phone = "0731-3333 3333".into());
    desk.sync(&replica);
    let tablet_round = tablet.sync(&replica);
    let desk_round = desk.sync(&replica);

    assert_eq!(replica.leaf_revs("customers/1").len(), 2, "both revisions kept");
    for round in [&tablet_round, &desk_round] {
        assert_eq!(round.taken_in.conflicts.len(), 1, "{round:?}");
        assert_eq!(round.taken_in.conflicts[0].key, Key::Id(1));
    }
    assert_eq!(desk.customer(1), tablet.customer(1), "both store the replica's winner");
    let winner = &tablet_round.taken_in.conflicts[0];
    assert_eq!(winner.others.len(), 1);
    assert_ne!(winner.others[0], winner.winner, "the loser stays readable in the replica");
}

#[test]
fn a_change_made_here_meanwhile_is_never_overwritten_and_goes_to_the_team_next() {
    let (replica, desk, tablet) = (FakeReplica::default(), Device::new(100), Device::new(200));
    run(desk.store.write(desk.batch().create(company(1)))).unwrap();
    desk.sync(&replica);
    tablet.sync(&replica);
    desk.edit(1, |c| c.city = "湘潭".into());
    desk.sync(&replica);

    // The tablet changes the record after handing over and before the team's version comes in.
    tablet.edit(1, |c| c.phone = "0731-3333 3333".into());
    let changes = run(replica.changes(&tablet.since.borrow(), 10)).unwrap();
    let taken = run(sync::take_in(&tablet.store, changes.docs)).unwrap();
    assert_eq!((taken.stored, taken.changed_here), (0, 1));
    assert_eq!(tablet.customer(1).unwrap().0.phone, "0731-3333 3333", "kept");

    let round = tablet.sync(&replica);
    assert_eq!(round.handed_over, 1);
    assert_eq!(round.taken_in.conflicts.len(), 1, "the replica holds both: nothing lost");
}

#[test]
fn a_deletion_reaches_the_other_device_as_a_tombstone() {
    let (replica, desk, tablet) = (FakeReplica::default(), Device::new(100), Device::new(200));
    run(desk.store.write(desk.batch().create(company(1)))).unwrap();
    desk.sync(&replica);
    tablet.sync(&replica);
    let rev = desk.customer(1).unwrap().1;
    run(desk.store.write(desk.batch().delete_at::<Customer>(Key::Id(1), Base::At(rev)))).unwrap();
    desk.sync(&replica);
    assert_eq!(tablet.sync(&replica).taken_in.stored, 1);
    assert_eq!(tablet.customer(1), None);
    let tombstones = run(tablet.store.tombstones()).unwrap();
    assert_eq!(tombstones.iter().map(|t| t.revision.rev.generation).collect::<Vec<_>>(), vec![2]);
}

#[test]
fn a_hand_over_the_replica_refuses_keeps_everything_in_the_outbox() {
    let (replica, desk) = (FakeReplica::default(), Device::new(100));
    run(desk.store.write(desk.batch().create(company(1)))).unwrap();
    let refusal = ReplicaError { status: 0, reason: "offline".into() };
    *replica.refusing.borrow_mut() = Some(refusal.clone());
    let since = desk.since.borrow().clone();
    assert_eq!(run(sync::round(&desk.store, &replica, &since)), Err(SyncError::Replica(refusal)));
    assert_eq!(run(desk.store.outgoing(10)).unwrap().len(), 1);
    *replica.refusing.borrow_mut() = None;
    assert_eq!(desk.sync(&replica).handed_over, 1);
}

#[test]
fn documents_that_are_not_kehu_records_are_skipped() {
    let desk = Device::new(100);
    let doc = |id: &str, rev: &str| RemoteDoc {
        id: id.into(),
        rev: rev.into(),
        deleted: false,
        at_ms: 0,
        by: None,
        record: Some(company(1).into_any()),
        conflicts: vec![],
        history: vec![],
        resolved: false,
    };
    let docs = vec![
        doc("_design/kehu", "1-0000000000000001"),
        doc("customers/1", "1-967a00dff5e02add41819138abb3284d"),
        doc("orders/1", "1-0000000000000001"),
        doc("customers/1", "1-0000000000000002"),
    ];
    let taken = run(sync::take_in(&desk.store, docs)).unwrap();
    assert_eq!(taken.skipped, ["_design/kehu", "customers/1", "orders/1"], "a design doc, a foreign rev, a wrong kind");
    assert_eq!(taken.stored, 1);
}

#[test]
fn a_document_id_names_the_records_store_and_key() {
    for (id, expected) in [
        ("customers/1714000000000123", Some((Entity::Customer, Key::Id(1_714_000_000_000_123)))),
        ("settings/grading.settings", Some((Entity::Setting, Key::from("grading.settings")))),
        ("grade_snapshots/2026-05-20", Some((Entity::GradeSnapshot, Key::from("2026-05-20")))),
        ("settings/a/b", Some((Entity::Setting, Key::from("a/b")))),
        ("customers/x", None),
        ("customers", None),
        ("_design/kehu", None),
        ("", None),
    ] {
        assert_eq!(record_of(id), expected, "{id}");
        if let Some((entity, key)) = expected {
            assert_eq!(sync::doc_id(entity, &key), id);
        }
    }
}

#[test]
fn a_document_carries_the_history_back_to_where_its_generations_break() {
    let rev = |generation, tag| Rev { generation, tag };
    let outgoing = |history: Vec<Rev>, record: Option<Customer>| kehu::store::Outgoing {
        entity: Entity::Customer,
        key: Key::Id(1),
        record: record.map(Record::into_any),
        revision: kehu::store::Revision { rev: history[0], at_ms: 5, by: Some(USER) },
        history,
    };
    let doc = doc_of(outgoing(vec![rev(3, 0xc), rev(2, 0xb), rev(1, 0xa)], Some(company(1))));
    assert_eq!(
        doc.revisions,
        History {
            start: 3,
            ids: vec!["000000000000000c".into(), "000000000000000b".into(), "000000000000000a".into()]
        }
    );
    // Created again after a deletion: the old line is not this one's history.
    let again = doc_of(outgoing(vec![rev(1, 0xd), rev(2, 0xc), rev(1, 0xa)], Some(company(1))));
    assert_eq!(again.revisions, History { start: 1, ids: vec!["000000000000000d".into()] });

    let json = serde_json::to_value(doc_of(outgoing(vec![rev(2, 0xb), rev(1, 0xa)], None))).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "_id": "customers/1", "_rev": "2-000000000000000b",
            "_revisions": { "start": 2, "ids": ["000000000000000b", "000000000000000a"] },
            "_deleted": true, "kind": "customers", "at": 5, "by": USER
        })
    );
    let live = serde_json::to_value(doc).unwrap();
    assert_eq!(live["record"]["company"], "长沙1号工程机械有限公司");
    assert!(live.get("_deleted").is_none());
}

#[test]
fn the_servers_reasons_read_as_what_the_rules_refuse() {
    use kehu::usecases::sync::Refused;
    let reasons = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tools/couch/design.mjs")).unwrap();
    for (reason, expected) in [
        ("kehu: a Kehu role (manager, sales or service) is needed to write", Refused::NoRole),
        ("kehu: only a manager may change this", Refused::ManagerOnly),
        ("kehu: audit entries never change", Refused::AuditEntry),
        ("kehu: interactions are never deleted", Refused::Interaction),
    ] {
        assert!(reasons.contains(&format!("\"{reason}\"")), "the server's rules give {reason:?}");
        assert_eq!(Refused::from_reason(reason), expected);
        assert_eq!(expected.reason(), reason, "remembered as the server said it");
    }
    assert_eq!(Refused::from_reason("kehu: unknown kind").reason(), "kehu: unknown kind");
    assert_eq!(Refused::from_reason("forbidden"), Refused::Other("forbidden".into()));
}

#[test]
fn a_part_number_both_devices_entered_is_held_back_and_stops_nothing_else() {
    let (replica, desk, tablet) = (FakeReplica::default(), Device::new(100), Device::new(200));
    let part = |id: Id| Part { id, number: "6I-6463".into(), name_zh: "斗齿".into(), ..Part::default() };
    run(desk.store.write(desk.batch().create(part(1)).create(company(5)))).unwrap();
    run(tablet.store.write(tablet.batch().create(part(2)))).unwrap();
    tablet.sync(&replica);
    let round = desk.sync(&replica);
    assert_eq!(round.taken_in.held_back, vec![(Entity::Part, Key::Id(2))]);
    assert_eq!(round.taken_in.stored, 0);
    assert_eq!(run(desk.store.get::<Part>(Key::Id(2))).unwrap(), None, "the desk keeps its own part 6I-6463");

    let round = tablet.sync(&replica);
    assert_eq!(round.taken_in.held_back, vec![(Entity::Part, Key::Id(1))]);
    assert_eq!(round.taken_in.stored, 1, "the customer still arrives");
    assert!(tablet.customer(5).is_some());
}

#[test]
fn a_backup_restored_into_a_synced_workspace_only_adds_back_what_it_no_longer_holds() {
    let (replica, desk) = (FakeReplica::default(), Device::new(100));
    run(desk.store.write(desk.batch().create(company(1)).create(company(2)))).unwrap();
    desk.sync(&replica);
    desk.edit(1, |c| c.city = "株洲".into());
    let rev = desk.customer(2).unwrap().1;
    run(desk.store.write(desk.batch().delete_at::<Customer>(Key::Id(2), Base::At(rev)))).unwrap();
    desk.sync(&replica);

    let backup = vec![company(1).into_any(), company(2).into_any(), company(3).into_any()];
    let restored = run(sync::restore_missing(&desk.store, &mut desk.context(), backup)).unwrap();
    assert_eq!(restored, sync::Restored { added: 2, held: 1 });
    assert_eq!(desk.customer(1).unwrap().0.city, "株洲", "the record held stays as the team has it");
    assert!(desk.customer(2).is_some() && desk.customer(3).is_some());
    let outgoing = run(desk.store.outgoing(10)).unwrap();
    assert_eq!(outgoing.iter().map(|o| o.key.clone()).collect::<Vec<_>>(), [Key::Id(2), Key::Id(3)], "for the team");

    let nothing = run(sync::restore_missing(&desk.store, &mut desk.context(), vec![company(1).into_any()])).unwrap();
    assert_eq!(nothing, sync::Restored { added: 0, held: 1 });
}

#[test]
fn a_held_back_record_comes_in_once_the_value_it_needs_is_freed_here() {
    let (replica, desk, tablet) = (FakeReplica::default(), Device::new(100), Device::new(200));
    let part = |id: Id, number: &str| Part { id, number: number.into(), name_zh: "斗齿".into(), ..Part::default() };
    run(desk.store.write(desk.batch().create(part(1, "6I-6463")))).unwrap();
    run(tablet.store.write(tablet.batch().create(part(2, "6I-6463")))).unwrap();
    tablet.sync(&replica);
    let held = desk.sync(&replica).taken_in.held_back;
    assert_eq!(held, vec![(Entity::Part, Key::Id(2))]);
    assert_eq!(run(sync::take_in_again(&desk.store, &replica, &held)).unwrap().held_back, held, "still taken");

    // The desk corrects its own part's number: the tablet's part can come in now.
    let mut reads = Reads::new();
    let handle = reads.key::<Part>(1u64);
    let handle = reads.with_revisions(handle);
    let mine = run(desk.store.read_many(&reads)).unwrap().one_revised(handle).unwrap();
    let corrected = Part { number: "6I-6464".into(), ..mine.record.clone() };
    run(desk.store.write(desk.batch().update(corrected, mine.base()))).unwrap();
    assert_eq!(desk.sync(&replica).handed_over, 1);
    let again = run(sync::take_in_again(&desk.store, &replica, &held)).unwrap();
    assert_eq!((again.stored, again.settled, again.held_back), (1, held.clone(), vec![]));
    assert_eq!(run(desk.store.get::<Part>(Key::Id(2))).unwrap().map(|p| p.number), Some("6I-6463".into()));
}

#[test]
fn every_device_number_owns_writer_numbers_no_other_device_owns() {
    let mut owner = vec![None; (sync::DEVICES * sync::WRITERS_PER_DEVICE) as usize];
    for device in 0..sync::DEVICES {
        let writers = sync::device_writers(device);
        assert_eq!(writers.end - writers.start, sync::WRITERS_PER_DEVICE);
        for writer in writers {
            let slot = &mut owner[writer as usize];
            assert_eq!(*slot, None, "writer {writer} owned by two devices");
            *slot = Some(device);
        }
    }
    assert!(owner.iter().all(Option::is_some), "every writer number belongs to a device");
}

#[test]
fn the_server_hands_out_as_many_device_numbers_as_the_app_splits_ids_for() {
    let rules = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tools/couch/design.mjs")).unwrap();
    let declared =
        rules.lines().find_map(|line| line.strip_prefix("export const DEVICES = ")).expect("DEVICES in design.mjs");
    assert_eq!(declared.trim_end_matches(';').parse::<u64>().unwrap(), sync::DEVICES);
}
