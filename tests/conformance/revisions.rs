//! Revisions, stale bases and tombstones, on both stores.

use super::{contact, rich_customer, stamp};
use kehu::domain::model::*;
use kehu::store::{Base, Batch, Entity, Key, Put, Reads, Record, Rev, Revision, Store, StoreErrorKind, Tombstone};

/// The customer `id` as stored, with its revision.
pub(crate) async fn revised<S: Store>(store: &S, id: Id) -> Option<(Customer, Option<Revision>)> {
    let mut reads = Reads::new();
    let handle = reads.key::<Customer>(id);
    let handle = reads.with_revisions(handle);
    let found = store.read_many(&reads).await.unwrap().one_revised(handle)?;
    Some((found.record, found.revision))
}

/// Every write gives the records it stores a revision one generation up, tagged by its stamp
/// and saying who wrote it when; a read that does not ask for revisions gets none.
pub async fn every_write_makes_a_new_revision<S: Store>(store: &S) {
    store.write(Batch::stamped(stamp(1, Some(7))).create(rich_customer(1))).await.unwrap();
    let (customer, revision) = revised(store, 1).await.unwrap();
    assert_eq!(customer, rich_customer(1));
    let first = revision.expect("a revision");
    assert_eq!(first, Revision { rev: Rev { generation: 1, tag: 1 }, at_ms: 1_780_000_000_001, by: Some(7) });

    let renamed = Customer { company: "改名".into(), ..rich_customer(1) };
    store.write(Batch::stamped(stamp(2, None)).update(renamed.clone(), Base::At(first.rev))).await.unwrap();
    let (customer, revision) = revised(store, 1).await.unwrap();
    assert_eq!(customer, renamed);
    assert_eq!(revision.map(|r| (r.rev, r.by)), Some((Rev { generation: 2, tag: 2 }, None)));

    store.write(Batch::stamped(stamp(3, Some(8))).put(rich_customer(1))).await.unwrap();
    assert_eq!(revised(store, 1).await.unwrap().1.map(|r| r.rev), Some(Rev { generation: 3, tag: 3 }));

    let mut reads = Reads::new();
    let plain = reads.key::<Customer>(1);
    assert_eq!(store.read_many(&reads).await.unwrap().take_revised(plain)[0].revision, None);
}

/// A save that started from an older revision writes nothing, not even its other records, and
/// says which kind of record changed.
pub async fn a_write_from_a_stale_revision_is_refused_whole<S: Store>(store: &S) {
    store.write(Batch::stamped(stamp(1, None)).create(rich_customer(1))).await.unwrap();
    let first = revised(store, 1).await.unwrap().1.unwrap().rev;
    let theirs = Customer { phone: "0731-8888 1234".into(), ..rich_customer(1) };
    store.write(Batch::stamped(stamp(2, None)).update(theirs.clone(), Base::At(first))).await.unwrap();

    let mine = Customer { city: "长沙".into(), ..rich_customer(1) };
    let stale = Batch::stamped(stamp(3, None)).create(contact(5, 1)).update(mine, Base::At(first));
    let error = store.write(stale).await.unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::Changed { entity: Entity::Customer }, "{error}");
    assert_eq!(revised(store, 1).await.unwrap().0, theirs, "the other save stays");
    assert_eq!(store.counts().await.unwrap().get(Entity::Contact), 0, "nothing half-written");

    // Gone meanwhile: an update of it is refused the same way.
    store.write(Batch::stamped(stamp(4, None)).delete::<Customer>(Key::Id(1))).await.unwrap();
    let late = Batch::stamped(stamp(5, None)).update(rich_customer(1), Base::At(first));
    assert_eq!(store.write(late).await.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Customer });
    assert_eq!(store.counts().await.unwrap().get(Entity::Customer), 0);
}

/// A new record never replaces a stored one: a new id that is taken fails like a unique index,
/// a setting (keyed by its name) another window created meanwhile is a change to merge.
pub async fn a_new_record_over_a_stored_key_is_refused<S: Store>(store: &S) {
    let setting = |value: &str| Setting { key: "funnel".into(), value: value.into() };
    store.write(Batch::stamped(stamp(1, None)).create(rich_customer(1)).create(setting("1"))).await.unwrap();
    let again = Batch::stamped(stamp(2, None)).create(Customer { company: "另一家".into(), ..rich_customer(1) });
    assert_eq!(store.write(again).await.unwrap_err().kind, StoreErrorKind::Constraint);
    let twice = Batch::stamped(stamp(3, None)).create(setting("2"));
    assert_eq!(store.write(twice).await.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Setting });
    assert_eq!(store.get::<Customer>(Key::Id(1)).await.unwrap(), Some(rich_customer(1)));
    assert_eq!(store.get::<Setting>(Key::from("funnel")).await.unwrap(), Some(setting("1")));
}

/// A deletion leaves a tombstone with the revision it made, which no read or count shows; a
/// deletion from a stale revision is refused; a record gone already stays gone; a setting
/// written again takes its tombstone away.
pub async fn deletes_leave_tombstones_that_nothing_else_sees<S: Store>(store: &S) {
    let setting = Setting { key: "demo.size".into(), value: "\"demo\"".into() };
    let batch =
        Batch::stamped(stamp(1, None)).create(rich_customer(1)).create(rich_customer(2)).create(setting.clone());
    store.write(batch).await.unwrap();
    let first = revised(store, 1).await.unwrap().1.unwrap().rev;
    store.write(Batch::stamped(stamp(2, None)).put(rich_customer(1))).await.unwrap();
    let stale = Batch::stamped(stamp(3, None)).delete_at::<Customer>(Key::Id(1), Base::At(first));
    assert_eq!(store.write(stale).await.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Customer });
    assert!(store.tombstones().await.unwrap().is_empty());

    let current = revised(store, 1).await.unwrap().1.unwrap().rev;
    let delete = Batch::stamped(stamp(4, Some(9)))
        .delete_at::<Customer>(Key::Id(1), Base::At(current))
        .delete::<Setting>(Key::from("demo.size"))
        .delete::<Customer>(Key::Id(99));
    store.write(delete).await.unwrap();
    let tombstones = store.tombstones().await.unwrap();
    let revision = |generation, by| Revision { rev: Rev { generation, tag: 4 }, at_ms: 1_780_000_000_004, by };
    assert_eq!(
        tombstones,
        vec![
            Tombstone { entity: Entity::Customer, key: Key::Id(1), revision: revision(3, Some(9)) },
            Tombstone { entity: Entity::Setting, key: Key::from("demo.size"), revision: revision(2, Some(9)) },
        ]
    );
    assert_eq!(store.counts().await.unwrap().total(), 1, "tombstones are not records");
    assert_eq!(store.get_all::<Customer>().await.unwrap(), vec![rich_customer(2)]);

    store.write(Batch::stamped(stamp(5, None)).create(setting)).await.unwrap();
    assert_eq!(store.tombstones().await.unwrap().len(), 1, "the setting is back");
}

/// A streamed write checks each record's base too: a stale one far into the stream refuses
/// everything before it.
pub async fn a_stream_checks_every_base_and_refuses_whole<S: Store>(store: &S) {
    store.write(Batch::stamped(stamp(1, None)).create(rich_customer(1))).await.unwrap();
    let first = revised(store, 1).await.unwrap().1.unwrap().rev;
    store.write(Batch::stamped(stamp(2, None)).put(rich_customer(1))).await.unwrap();
    let puts = (10..2_510)
        .map(|i| Put { record: contact(i, 1).into_any(), base: Base::New })
        .chain([Put { record: rich_customer(1).into_any(), base: Base::At(first) }]);
    let error = store.put_stream(stamp(3, None), &[Entity::Contact, Entity::Customer], puts, |_| {}).await.unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::Changed { entity: Entity::Customer });
    assert_eq!(store.counts().await.unwrap().get(Entity::Contact), 0, "nothing half-written");

    let current = revised(store, 1).await.unwrap().1.unwrap().rev;
    let puts = [Put { record: rich_customer(1).into_any(), base: Base::At(current) }].into_iter();
    store.put_stream(stamp(4, None), &[Entity::Customer], puts, |_| {}).await.unwrap();
    assert_eq!(revised(store, 1).await.unwrap().1.unwrap().rev, Rev { generation: 3, tag: 4 });
}

/// A restore (of a backup from any version) gives every record its first revision, of the
/// restore's stamp, and leaves no tombstone behind.
pub async fn a_restore_gives_every_record_a_first_revision<S: Store>(store: &S) {
    store.write(Batch::stamped(stamp(1, None)).create(rich_customer(1))).await.unwrap();
    store.write(Batch::stamped(stamp(2, None)).delete::<Customer>(Key::Id(1))).await.unwrap();
    let records = vec![rich_customer(1).into_any(), rich_customer(2).into_any()];
    store.replace_all(stamp(3, Some(4)), records).await.unwrap();
    for id in [1, 2] {
        let revision = revised(store, id).await.unwrap().1.unwrap();
        assert_eq!(revision.rev, Rev { generation: 1, tag: 3 }, "#{id}");
        assert_eq!(revision.by, Some(4));
    }
    assert!(store.tombstones().await.unwrap().is_empty());
}
