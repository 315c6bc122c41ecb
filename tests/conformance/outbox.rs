//! The outbox and records arriving from the team's replica (schema v5), on both stores.

use super::revisions::revised;
use super::{contact, rich_customer, stamp};
use kehu::domain::model::*;
use kehu::store::{Arrival, Base, Batch, Entity, Incoming, Key, Record, Rev, Revision, Store, Tombstone};

fn rev(generation: u32, tag: u64) -> Rev {
    Rev { generation, tag }
}

/// The outbox's records as `(key, deleted, history)`.
async fn outbox<S: Store>(store: &S) -> Vec<(Key, bool, Vec<Rev>)> {
    let outgoing = store.outgoing(100).await.unwrap();
    outgoing.into_iter().map(|o| (o.key, o.record.is_none(), o.history)).collect()
}

/// Nothing goes in the outbox until it is kept; then everything stored does, and every later
/// write adds its revision on top of those made since the last hand-over, a deletion included.
/// A record written again after it was handed over stays in with only its newer revisions.
pub async fn the_outbox_keeps_each_change_with_its_history<S: Store>(store: &S) {
    store.write(Batch::stamped(stamp(1, None)).create(rich_customer(1)).create(rich_customer(2))).await.unwrap();
    assert!(!store.keeps_outbox().await.unwrap());
    assert_eq!(outbox(store).await, vec![]);
    assert_eq!(store.outbox_ids().await.unwrap(), Vec::<String>::new());

    store.keep_outbox(true).await.unwrap();
    assert!(store.keeps_outbox().await.unwrap());
    assert_eq!(outbox(store).await, vec![(Key::Id(1), false, vec![rev(1, 1)]), (Key::Id(2), false, vec![rev(1, 1)])]);
    let first = store.outgoing(1).await.unwrap();
    assert_eq!(first.len(), 1, "at most the limit");
    assert_eq!(first[0].record, Some(rich_customer(1).into_any()));
    assert_eq!(first[0].revision.at_ms, 1_780_000_000_001);
    store
        .handed_over(&[(Entity::Customer, Key::Id(1), rev(1, 1)), (Entity::Customer, Key::Id(2), rev(1, 1))])
        .await
        .unwrap();
    assert_eq!(outbox(store).await, vec![]);

    store.write(Batch::stamped(stamp(3, None)).update(rich_customer(1), Base::At(rev(1, 1)))).await.unwrap();
    store.write(Batch::stamped(stamp(4, None)).update(rich_customer(1), Base::At(rev(2, 3)))).await.unwrap();
    store.write(Batch::stamped(stamp(5, None)).delete_at::<Customer>(Key::Id(2), Base::At(rev(1, 1)))).await.unwrap();
    store.write(Batch::stamped(stamp(6, None)).create(contact(7, 1))).await.unwrap();
    // In key order: `contacts/7`, then `customers/1` and `customers/2`.
    let expected = vec![
        (Key::Id(7), false, vec![rev(1, 6)]),
        (Key::Id(1), false, vec![rev(3, 4), rev(2, 3), rev(1, 1)]),
        (Key::Id(2), true, vec![rev(2, 5), rev(1, 1)]),
    ];
    assert_eq!(outbox(store).await, expected);
    let ids = store.outbox_ids().await.unwrap();
    assert_eq!(ids, ["contacts/7", "customers/1", "customers/2"], "named as documents, the marker left out");

    // Handed over at 3-4, then written again before the hand-over was noted.
    store.write(Batch::stamped(stamp(8, None)).update(rich_customer(1), Base::At(rev(3, 4)))).await.unwrap();
    let handed = [(Entity::Customer, Key::Id(1), rev(3, 4)), (Entity::Customer, Key::Id(2), rev(2, 5))];
    store.handed_over(&handed).await.unwrap();
    assert_eq!(
        outbox(store).await,
        vec![(Key::Id(7), false, vec![rev(1, 6)]), (Key::Id(1), false, vec![rev(4, 8), rev(3, 4)])]
    );

    store.keep_outbox(false).await.unwrap();
    store.write(Batch::stamped(stamp(9, None)).create(rich_customer(3))).await.unwrap();
    assert!(!store.keeps_outbox().await.unwrap());
    assert_eq!(outbox(store).await, vec![], "stopping empties it");
}

/// A write refused for a stale base leaves the outbox as it was, like every store it touches.
pub async fn a_refused_write_leaves_the_outbox_alone<S: Store>(store: &S) {
    store.keep_outbox(true).await.unwrap();
    store.write(Batch::stamped(stamp(1, None)).create(rich_customer(1))).await.unwrap();
    let stale = Batch::stamped(stamp(2, None)).create(rich_customer(2)).update(rich_customer(1), Base::At(rev(7, 7)));
    assert!(store.write(stale).await.is_err());
    assert_eq!(outbox(store).await, vec![(Key::Id(1), false, vec![rev(1, 1)])]);
}

/// The team's version of a record is stored at its own revision, without going in the outbox;
/// one already stored is known; one this device changed since (in the outbox, or since the
/// base was read) is left alone; a deletion from elsewhere leaves its tombstone.
pub async fn arrivals_store_the_replicas_revision_unless_changed_here<S: Store>(store: &S) {
    store.keep_outbox(true).await.unwrap();
    store.write(Batch::stamped(stamp(1, None)).create(rich_customer(1)).create(rich_customer(2))).await.unwrap();
    store
        .handed_over(&[(Entity::Customer, Key::Id(1), rev(1, 1)), (Entity::Customer, Key::Id(2), rev(1, 1))])
        .await
        .unwrap();
    let theirs = Customer { phone: "0731-8888 1234".into(), ..rich_customer(1) };
    let revision = |generation, tag| Revision { rev: rev(generation, tag), at_ms: 1_790_000_000_000, by: Some(42) };
    let arriving = |id: Id, record: Option<Customer>, revision, base| Incoming {
        entity: Entity::Customer,
        key: Key::Id(id),
        record: record.map(Record::into_any),
        revision,
        base,
    };

    let arrivals = store
        .arrive(vec![
            arriving(1, Some(theirs.clone()), revision(2, 0xa1), Some(rev(1, 1))),
            arriving(2, None, revision(2, 0xa2), Some(rev(1, 1))),
            arriving(3, Some(rich_customer(3)), revision(1, 0xa3), None),
        ])
        .await
        .unwrap();
    assert_eq!(arrivals, vec![Arrival::Stored; 3]);
    assert_eq!(revised(store, 1).await.unwrap(), (theirs.clone(), Some(revision(2, 0xa1))));
    assert_eq!(revised(store, 3).await.unwrap().1, Some(revision(1, 0xa3)));
    let tombstone = Tombstone { entity: Entity::Customer, key: Key::Id(2), revision: revision(2, 0xa2) };
    assert_eq!(store.tombstones().await.unwrap(), vec![tombstone]);
    assert_eq!(outbox(store).await, vec![], "what came from the team is not sent back");

    let keys = [(Entity::Customer, Key::Id(1)), (Entity::Customer, Key::Id(2)), (Entity::Customer, Key::Id(9))];
    let revisions = store.revisions_of(&keys).await.unwrap();
    assert_eq!(revisions, vec![Some(rev(2, 0xa1)), Some(rev(2, 0xa2)), None], "a record's, a tombstone's, none");

    let again = store.arrive(vec![arriving(1, Some(theirs.clone()), revision(2, 0xa1), Some(rev(1, 1)))]).await;
    assert_eq!(again.unwrap(), vec![Arrival::Known]);

    let stale = arriving(1, Some(rich_customer(1)), revision(3, 0xb1), Some(rev(1, 1)));
    assert_eq!(store.arrive(vec![stale]).await.unwrap(), vec![Arrival::ChangedHere]);
    store.write(Batch::stamped(stamp(5, None)).update(rich_customer(3), Base::At(rev(1, 0xa3)))).await.unwrap();
    let over_mine = arriving(3, None, revision(2, 0xb3), Some(rev(1, 0xa3)));
    assert_eq!(store.arrive(vec![over_mine]).await.unwrap(), vec![Arrival::ChangedHere]);
    assert_eq!(revised(store, 1).await.unwrap().0, theirs);
    assert_eq!(revised(store, 3).await.unwrap().1.map(|r| r.rev), Some(rev(2, 5)), "the change made here stays");

    let made_again = arriving(2, Some(rich_customer(2)), revision(3, 0xc2), Some(rev(2, 0xa2)));
    assert_eq!(store.arrive(vec![made_again]).await.unwrap(), vec![Arrival::Stored]);
    assert_eq!(store.tombstones().await.unwrap(), vec![], "a record made again elsewhere is no longer deleted here");
    assert_eq!(revised(store, 2).await.unwrap().1, Some(revision(3, 0xc2)));
}
