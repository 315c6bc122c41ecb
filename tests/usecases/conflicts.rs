//! Settling a record two devices changed without seeing each other's change, through the
//! replica of `sync.rs`'s tests: merged at once when they changed different fields, asked field
//! by field when they changed the same ones, deletion against edit decided either way — and
//! settled on one device, gone on both.

use super::sync::{company, Device, FakeReplica};
use super::*;
use kehu::usecases::conflicts::{self, Case, Choice, Outcome, Settled};
use kehu::usecases::sync::Conflict;
use kehu::usecases::Decision;

/// Two devices holding customer 1, synced.
fn two_devices() -> (FakeReplica, Device, Device) {
    let (replica, desk, tablet) = (FakeReplica::default(), Device::new(100), Device::new(200));
    run(desk.store.write(desk.batch().create(company(1)))).unwrap();
    desk.sync(&replica);
    tablet.sync(&replica);
    (replica, desk, tablet)
}

/// Both devices sync until neither has anything more to hand over or take in; the conflicts
/// the last rounds reported.
fn settle_down(replica: &FakeReplica, devices: [&Device; 2]) -> Vec<Conflict> {
    let mut reported = Vec::new();
    for _ in 0..3 {
        reported = devices.iter().flat_map(|d| d.sync(replica).taken_in.conflicts).collect();
    }
    reported
}

/// A version of a conflict made by [`USER`] now.
fn version(rev: &str, record: impl Record) -> conflicts::Version {
    conflicts::Version { rev: rev.into(), at_ms: NOW_MS, by: Some(USER), record: Some(record.into_any()) }
}

fn open_case(replica: &FakeReplica) -> Option<Case> {
    run(conflicts::open(replica, Entity::Customer, &Key::Id(1))).unwrap()
}

fn settle(device: &Device, replica: &FakeReplica, case: &Case, choice: Choice) -> Settled {
    let keep = conflicts::kept(case, &choice);
    run(conflicts::settle(&device.store, replica, &mut device.context(), case, keep)).unwrap()
}

#[test]
fn changes_to_different_fields_merge_with_nothing_to_decide_and_leave_no_conflict() {
    let (replica, desk, tablet) = two_devices();
    desk.edit(1, |c| c.city = "株洲".into());
    tablet.edit(1, |c| c.phone = "0731-8888 1234".into());
    desk.sync(&replica);
    let conflicts = tablet.sync(&replica).taken_in.conflicts;
    assert_eq!(conflicts.len(), 1);

    let case = open_case(&replica).unwrap();
    assert!(matches!(case.outcome, Outcome::Merged(_)), "{:?}", case.outcome);
    let (left, merged) =
        run(conflicts::settle_clean(&tablet.store, &replica, &mut tablet.context(), conflicts)).unwrap();
    assert_eq!((left, merged), (vec![], 1));

    assert_eq!(settle_down(&replica, [&desk, &tablet]), vec![]);
    for device in [&desk, &tablet] {
        let (customer, rev) = device.customer(1).unwrap();
        assert_eq!((customer.city.as_str(), customer.phone.as_str(), rev.generation), ("株洲", "0731-8888 1234", 3));
    }
    assert_eq!(desk.customer(1), tablet.customer(1));
    assert_eq!(open_case(&replica), None, "nothing left to settle");
    assert_eq!(replica.leaf_revs("customers/1").len(), 2, "the settled revision and the ended branch");
}

#[test]
fn the_same_field_changed_on_both_is_asked_and_the_choice_reaches_both_devices() {
    for decision in [Decision::KeepStored, Decision::KeepMine] {
        let (replica, desk, tablet) = two_devices();
        desk.edit(1, |c| {
            c.phone = "0731-2222 2222".into();
            c.city = "湘潭".into();
        });
        tablet.edit(1, |c| c.phone = "0731-3333 3333".into());
        desk.sync(&replica);
        tablet.sync(&replica);

        let case = open_case(&replica).unwrap();
        let Outcome::Clashes { clashes, .. } = &case.outcome else { panic!("{:?}", case.outcome) };
        assert_eq!(clashes.iter().map(|c| c.field).collect::<Vec<_>>(), ["phone"]);
        let phone_of = |version: &conflicts::Version| match &version.record {
            Some(AnyRecord::Customer(c)) => c.phone.clone(),
            other => panic!("{other:?}"),
        };
        let expected = if decision == Decision::KeepStored { phone_of(&case.winner) } else { phone_of(&case.other) };
        assert_eq!(settle(&tablet, &replica, &case, Choice::Fields(vec![decision.clone()])), Settled::Done);

        assert_eq!(settle_down(&replica, [&desk, &tablet]), vec![], "{decision:?}");
        for device in [&desk, &tablet] {
            let (customer, _) = device.customer(1).unwrap();
            assert_eq!((customer.phone.as_str(), customer.city.as_str()), (expected.as_str(), "湘潭"), "{decision:?}");
        }
        assert_eq!(open_case(&replica), None);
    }
}

#[test]
fn a_deletion_against_an_edit_is_asked_and_either_choice_settles_it_everywhere() {
    for keep_edit in [true, false] {
        let (replica, desk, tablet) = two_devices();
        let rev = desk.customer(1).unwrap().1;
        run(desk.store.write(desk.batch().delete_at::<Customer>(Key::Id(1), Base::At(rev)))).unwrap();
        tablet.edit(1, |c| c.city = "株洲".into());
        desk.sync(&replica);
        let reported = tablet.sync(&replica).taken_in.conflicts;
        assert_eq!(reported.len(), 1, "a deletion that lost to an edit is a conflict");

        let case = open_case(&replica).unwrap();
        assert_eq!(case.outcome, Outcome::Deletion);
        assert!(case.winner.record.is_some(), "CouchDB's winner is the edit");
        assert_eq!(case.other.record, None);
        let (left, merged) =
            run(conflicts::settle_clean(&tablet.store, &replica, &mut tablet.context(), reported)).unwrap();
        assert_eq!((left.len(), merged), (1, 0), "never settled without the user");

        let choice = if keep_edit { Choice::Winner } else { Choice::Other };
        assert_eq!(
            settle(&desk, &replica, &case, choice.clone()),
            Settled::ChangedHere,
            "the desk stores its deletion"
        );
        desk.sync(&replica);
        assert_eq!(settle(&desk, &replica, &case, choice), Settled::Done, "settled on the device that deleted it");
        assert_eq!(settle_down(&replica, [&desk, &tablet]), vec![], "keep the edit: {keep_edit}");
        for device in [&desk, &tablet] {
            let city = device.customer(1).map(|(c, _)| c.city);
            assert_eq!(city.as_deref(), keep_edit.then_some("株洲"), "keep the edit: {keep_edit}");
        }
        assert_eq!(open_case(&replica), None);
    }
}

#[test]
fn both_devices_settling_one_conflict_at_once_end_in_one_record() {
    let (replica, desk, tablet) = two_devices();
    desk.edit(1, |c| c.city = "株洲".into());
    tablet.edit(1, |c| c.phone = "0731-8888 1234".into());
    desk.sync(&replica);
    tablet.sync(&replica);
    desk.sync(&replica);
    // Each merges the same two versions before seeing the other's settlement.
    let case = open_case(&replica).unwrap();
    for device in [&desk, &tablet] {
        assert_eq!(settle(device, &replica, &case, Choice::Clean), Settled::Done);
    }
    let again: Vec<Conflict> = [&desk, &tablet].iter().flat_map(|d| d.sync(&replica).taken_in.conflicts).collect();
    assert_eq!(again.len(), 2, "two settlements of the same record meet, on both: {again:?}");
    assert_eq!(open_case(&replica).unwrap().outcome, Outcome::Same);
    for device in [&desk, &tablet] {
        run(conflicts::settle_clean(&device.store, &replica, &mut device.context(), vec![again[0].clone()])).unwrap();
    }
    assert_eq!(settle_down(&replica, [&desk, &tablet]), vec![]);
    assert_eq!(open_case(&replica), None);
    assert_eq!(desk.customer(1), tablet.customer(1));
    let (customer, _) = desk.customer(1).unwrap();
    assert_eq!((customer.city.as_str(), customer.phone.as_str()), ("株洲", "0731-8888 1234"));
}

#[test]
fn a_record_changed_here_since_is_not_settled_over() {
    let (replica, desk, tablet) = two_devices();
    desk.edit(1, |c| c.phone = "0731-2222 2222".into());
    tablet.edit(1, |c| c.phone = "0731-3333 3333".into());
    desk.sync(&replica);
    tablet.sync(&replica);
    let case = open_case(&replica).unwrap();
    tablet.edit(1, |c| c.city = "岳阳".into());
    assert_eq!(settle(&tablet, &replica, &case, Choice::Winner), Settled::ChangedHere);
    assert_eq!(tablet.customer(1).unwrap().0.city, "岳阳", "the change made here stays");
}

#[test]
fn a_conflict_is_remembered_as_one_line() {
    let conflicts = [
        Conflict {
            entity: Entity::Customer,
            key: Key::Id(17),
            winner: "3-00000000000000aa".into(),
            others: vec!["3-00000000000000bb".into(), "2-00000000000000cc".into()],
        },
        Conflict { entity: Entity::Setting, key: Key::from("grading.settings"), winner: "2-1".into(), others: vec![] },
    ];
    for conflict in conflicts {
        assert_eq!(Conflict::from_line(&conflict.to_line()), Some(conflict.clone()));
    }
    for bad in ["", "customers/17", "nothing/1\t1-a\t", "customers/x\t1-a\t"] {
        assert_eq!(Conflict::from_line(bad), None, "{bad:?}");
    }
}

#[test]
fn the_fields_both_changed_are_worded_as_the_history_words_them() {
    use kehu::domain::model::{Order, OrderLine};
    let line = |id: Id, quantity: u32| OrderLine { id, product: "SY215C".into(), quantity, ..OrderLine::default() };
    let base =
        Order { id: 7, customer_id: 1, number: "SO-7".into(), lines: vec![line(1, 1), line(2, 1)], ..Order::default() };
    let winner = Order { lines: vec![line(1, 2), line(2, 3)], credit_days: 30, ..base.clone() };
    let other = Order { lines: vec![line(1, 4), line(2, 5)], credit_days: 60, ..base.clone() };
    let mut case = Case {
        entity: Entity::Order,
        key: Key::Id(7),
        winner: version("2-00000000000000aa", winner.clone()),
        other: version("2-00000000000000bb", other.clone()),
        more: 0,
        outcome: Outcome::Same,
    };
    let merged = kehu::domain::merge::merge(Some(&base), Some(&other), Some(&winner));
    let clashes = merged.clashes.clone();
    case.outcome = Outcome::Clashes { merged: merged.record.unwrap().into_any(), clashes: clashes.clone() };
    let worded = conflicts::worded(&case);
    let named: Vec<(String, Vec<String>)> = worded
        .iter()
        .map(|(change, decides)| (change.field.clone(), decides.iter().map(|&i| clashes[i].field.to_owned()).collect()))
        .collect();
    assert_eq!(
        named,
        [
            ("orders/7/credit_days".to_owned(), vec!["credit_days".to_owned()]),
            ("orders/7/lines".to_owned(), vec!["lines".to_owned(), "lines".to_owned()])
        ],
        "both lines' clashes are decided by the one text of the lines"
    );
    assert!(worded[0].0.before.contains("30") && worded[0].0.after.contains("60"), "{:?}", worded[0].0);
    let clashed = conflicts::clashed::<Order>(&case).unwrap();
    assert_eq!((clashed.stored.record.credit_days, clashed.mine.credit_days, clashed.clashes.len()), (30, 60, 3));
    assert_eq!(clashed.stored.revision.map(|r| r.rev.to_string()).as_deref(), Some("2-00000000000000aa"));
    assert_eq!(conflicts::clashed::<Customer>(&case), None, "another kind");
}

#[test]
fn a_customers_team_lead_and_custom_fields_are_worded_by_their_columns() {
    use kehu::domain::model::{AccountTeam, CustomField};
    let custom = |value: &str| vec![CustomField { name: "付款习惯".into(), value: value.into() }];
    let base = Customer { team: AccountTeam { lead: 1, members: vec![] }, custom: custom("月结"), ..company(1) };
    let winner = Customer { team: AccountTeam { lead: 2, members: vec![] }, custom: custom("现款"), ..base.clone() };
    let other =
        Customer { team: AccountTeam { lead: 3, members: vec![] }, custom: custom("票到30天"), ..base.clone() };
    let (case, _) = customer_case(&base, winner, other);
    let fields: Vec<String> = conflicts::worded(&case).into_iter().map(|(change, _)| change.field).collect();
    assert_eq!(fields, ["team_lead", "custom:付款习惯"]);
}

#[test]
fn a_customers_market_type_goes_the_way_of_its_province() {
    use kehu::domain::region::MarketType;
    let base = Customer { province: "CN-JS".into(), market: Some(MarketType::Construction), ..company(1) };
    let winner = Customer { province: "CN-SX".into(), market: Some(MarketType::Resource), ..base.clone() };
    let other = Customer { province: "CN-HN".into(), market: Some(MarketType::Enterprise), ..base.clone() };
    let (case, clashes) = customer_case(&base, winner, other);
    let worded: Vec<(String, Vec<&str>)> = conflicts::worded(&case)
        .into_iter()
        .map(|(change, decides)| (change.field, decides.iter().map(|&i| clashes[i].field).collect()))
        .collect();
    assert_eq!(worded, [("province".to_owned(), vec!["province", "market"])], "one row decides both");
}

/// Customer 1's conflict between two devices' versions grown from `base`, and its clashes.
fn customer_case(base: &Customer, winner: Customer, other: Customer) -> (Case, Vec<kehu::domain::merge::Clash>) {
    let merged = kehu::domain::merge::merge(Some(base), Some(&other), Some(&winner));
    let clashes = merged.clashes.clone();
    let case = Case {
        entity: Entity::Customer,
        key: Key::Id(1),
        winner: version("2-00000000000000aa", winner),
        other: version("2-00000000000000bb", other),
        more: 0,
        outcome: Outcome::Clashes { merged: merged.record.unwrap().into_any(), clashes: merged.clashes },
    };
    (case, clashes)
}
