//! Saves from a form opened before another window (or device) saved the same customer: changes
//! to different fields merge and say with which write; changes to the same field store nothing
//! until the user decides, and then exactly as decided; contacts merge by their ids.

use super::*;
use kehu::domain::merge::{Clash, DeletionClash};
use kehu::domain::money::Cny;
use kehu::usecases::customers::{resolve, ClashAt, Clashes};
use kehu::usecases::{Decision, Saved as FormSaved};

/// A store holding customer 5 with two contacts, and the form opened on it.
fn opened_store() -> (Recorder, Opened) {
    let stored = Customer { phone: "0731-1111 1111".into(), ..stored_customer() };
    let store = Recorder::with(
        Batch::new().create(stored).create_all([contact(51, 5, "王伟", true), contact(52, 5, "李娜", false)]),
    );
    let opened = run(usecases::customers::open(&store, 5)).unwrap().unwrap();
    (store, opened)
}

/// Another window's save of customer 5 from `opened`, changing `edit` of the draft.
fn other_window_saves(store: &Recorder, opened: &Opened, edit: impl Fn(&mut CustomerDraft)) -> Saved {
    let mut draft = opened.draft();
    edit(&mut draft);
    run(usecases::customers::save(store, &mut context(Some(11), 5_000), Some(opened), &draft)).unwrap()
}

fn my_save(store: &Recorder, opened: &Opened, draft: &CustomerDraft) -> Saved {
    run(usecases::customers::save(store, &mut context(Some(USER), 6_000), Some(opened), draft)).unwrap()
}

fn stored(store: &Recorder) -> Customer {
    run(store.get::<Customer>(Key::Id(5))).unwrap().unwrap()
}

fn clashes(saved: Saved) -> Clashes {
    match saved {
        Saved::Clashed(clashes) => *clashes,
        other => panic!("expected clashes, got {other:?}"),
    }
}

#[test]
fn changes_to_different_fields_merge_and_say_with_which_write() {
    let (store, opened) = opened_store();
    other_window_saves(&store, &opened, |d| d.customer.phone = "0731-8888 1234".into());
    let theirs = run(usecases::customers::open(&store, 5)).unwrap().unwrap().customer.revision.unwrap();
    store.writes();
    let mut draft = opened.draft();
    draft.customer.city = "长沙".into();
    let saved = my_save(&store, &opened, &draft);
    assert_eq!(saved, Saved::Stored { id: 5, merged_with: Some(theirs) });
    assert_eq!(theirs.by, Some(11));
    let customer = stored(&store);
    assert_eq!((customer.phone.as_str(), customer.city.as_str()), ("0731-8888 1234", "长沙"), "both changes kept");
    // My entry lists my change only: the other window's phone is not put back.
    let history: Vec<AuditEntry> = run(store.get_by_index("target", Key::from("customers/5"))).unwrap();
    let changes: Vec<Vec<FieldChange>> = history.iter().map(|e| e.changes.clone()).collect();
    assert_eq!(
        changes,
        vec![vec![change("phone", "0731-1111 1111", "0731-8888 1234")], vec![change("city", "徐州", "长沙")]]
    );
    let writes = store.writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].puts[0].base, Base::At(theirs.rev), "written from the revision it merged with");
}

#[test]
fn a_save_without_a_change_meanwhile_names_no_merge() {
    let (store, opened) = opened_store();
    let mut draft = opened.draft();
    draft.customer.city = "长沙".into();
    assert_eq!(my_save(&store, &opened, &draft), Saved::Stored { id: 5, merged_with: None });
}

#[test]
fn the_same_field_changed_twice_stores_nothing_and_shows_both_values() {
    let (store, opened) = opened_store();
    other_window_saves(&store, &opened, |d| d.customer.phone = "0731-8888 1234".into());
    let before = stored(&store);
    store.writes();
    let mut draft = opened.draft();
    draft.customer.phone = "0731-2222 3333".into();
    draft.customer.city = "长沙".into();
    let clashes = clashes(my_save(&store, &opened, &draft));
    assert_eq!(store.writes(), Vec::<Batch>::new(), "nothing written");
    assert_eq!(stored(&store), before);
    assert_eq!(
        clashes.fields,
        vec![(change("phone", "0731-8888 1234", "0731-2222 3333"), ClashAt::Customer(Clash::field("phone")))]
    );
    assert_eq!(clashes.stored.customer.record, before, "a retry starts from what is stored now");
    assert_eq!(clashes.merged.customer.city, "长沙", "my other changes are kept");
    assert_eq!(clashes.merged.customer.phone, "0731-8888 1234");
}

#[test]
fn each_decision_on_a_clash_is_stored_as_decided() {
    for (decision, phone) in [
        (Decision::KeepStored, "0731-8888 1234"),
        (Decision::KeepMine, "0731-2222 3333"),
        (Decision::Typed(" 0731-5555 0000 ".into()), "0731-5555 0000"),
    ] {
        let (store, opened) = opened_store();
        other_window_saves(&store, &opened, |d| d.customer.phone = "0731-8888 1234".into());
        let mut draft = opened.draft();
        draft.customer.phone = "0731-2222 3333".into();
        draft.customer.city = "长沙".into();
        let clashes = clashes(my_save(&store, &opened, &draft));
        let resolved = resolve(&clashes, std::slice::from_ref(&decision));
        let saved = my_save(&store, &clashes.stored, &resolved);
        assert_eq!(saved, Saved::Stored { id: 5, merged_with: None }, "{decision:?}");
        let customer = stored(&store);
        assert_eq!((customer.phone.as_str(), customer.city.as_str()), (phone, "长沙"), "{decision:?}");
    }
}

#[test]
fn contacts_merge_by_id_and_a_removed_contact_edited_elsewhere_is_asked() {
    let (store, opened) = opened_store();
    // The other window adds a contact and edits 李娜's title; I edit 王伟's phone and add one.
    other_window_saves(&store, &opened, |d| {
        d.contacts.push(contact(0, 5, "赵强", false));
        d.contacts[1].title = "采购经理".into();
    });
    let mut draft = opened.draft();
    draft.contacts[0].phone = "138 0000 0000".into();
    draft.contacts.push(contact(0, 5, "陈静", false));
    assert!(matches!(my_save(&store, &opened, &draft), Saved::Stored { merged_with: Some(_), .. }));
    let mut contacts: Vec<Contact> = run(store.get_by_index("customer_id", Key::Id(5))).unwrap();
    contacts.sort_by_key(|c| c.id);
    let summary: Vec<(&str, &str, &str)> =
        contacts.iter().map(|c| (c.name.as_str(), c.title.as_str(), c.phone.as_str())).collect();
    assert_eq!(
        summary,
        vec![("王伟", "", "138 0000 0000"), ("李娜", "采购经理", ""), ("赵强", "", ""), ("陈静", "", "")]
    );

    // Now the other window edits 李娜 again while I remove her: my save asks.
    let opened = run(usecases::customers::open(&store, 5)).unwrap().unwrap();
    other_window_saves(&store, &opened, |d| d.contacts.iter_mut().for_each(|c| c.wechat = "wx".into()));
    let mut draft = opened.draft();
    draft.contacts.retain(|c| c.name != "李娜");
    let clashes = clashes(my_save(&store, &opened, &draft));
    let removed: Vec<&ClashAt> = clashes.fields.iter().map(|(_, at)| at).collect();
    assert_eq!(removed, vec![&ClashAt::ContactRemoved(52, DeletionClash::MineDeletedTheirsEdited)]);
    assert_eq!(clashes.fields[0].0.before, "李娜");
    // Keeping mine removes her; keeping the stored one keeps her with the other window's edit.
    for (decision, kept) in [(Decision::KeepMine, false), (Decision::KeepStored, true)] {
        let resolved = resolve(&clashes, std::slice::from_ref(&decision));
        assert_eq!(resolved.contacts.iter().any(|c| c.id == 52 && c.wechat == "wx"), kept, "{decision:?}");
    }
}

#[test]
fn a_customer_gone_meanwhile_is_refused_as_not_found() {
    let (store, opened) = opened_store();
    run(store.write(Batch::new().delete::<Customer>(Key::Id(5)))).unwrap();
    store.writes();
    let result = run(usecases::customers::save(&store, &mut context(Some(USER), 1), Some(&opened), &opened.draft()));
    assert_refused(result, StoreErrorKind::NotFound { entity: Entity::Customer, id: 5 }, &store);
}

#[test]
fn writes_are_stamped_by_who_and_when_each_with_its_own_tag() {
    let store = MemoryStore::new();
    let ctx = &mut context(Some(USER), 100);
    let draft =
        CustomerDraft { customer: Customer { company: "柳工".into(), ..Customer::default() }, ..Default::default() };
    run(usecases::customers::save(&store, ctx, None, &draft)).unwrap();
    run(usecases::customers::save(&store, ctx, None, &draft)).unwrap();
    let mut reads = Reads::new();
    let all = reads.all::<Customer>();
    let all = reads.with_revisions(all);
    let revisions: Vec<_> =
        run(store.read_many(&reads)).unwrap().take_revised(all).into_iter().map(|r| r.revision.unwrap()).collect();
    assert_eq!(revisions.len(), 2);
    for revision in &revisions {
        assert_eq!((revision.at_ms, revision.by, revision.rev.generation), (NOW_MS, Some(USER), 1));
        assert!(revision.rev.tag >= FIRST_TAG, "tags come from the context's own source");
    }
    assert_ne!(revisions[0].rev.tag, revisions[1].rev.tag, "each write has its own tag");
}

#[test]
fn a_write_that_meets_a_change_made_after_its_read_applies_to_what_is_stored_now() {
    // A reassignment while another tab saves the phone: both land.
    let phoned = Customer { phone: "0516-8773 8888".into(), ..stored_customer() };
    let store = Recorder::with(Batch::new().create(stored_customer())).interloped(Batch::new().put(phoned));
    let changed = run(usecases::customers::reassign(&store, &mut context(Some(USER), 1), 5, 20, true, "交接"));
    assert_eq!(changed, Ok(true));
    assert_eq!(store.writes().len(), 2, "refused once, then written from what is stored now");
    let customer = run(store.get::<Customer>(Key::Id(5))).unwrap().unwrap();
    assert_eq!((customer.phone.as_str(), customer.team.lead), ("0516-8773 8888", 20));

    // A kanban move while another tab retitles the opportunity: both land.
    let retitled = Opportunity { title: "XE215 三台".into(), ..stored_opportunity() };
    let store = Recorder::with(Batch::new().create(stored_opportunity())).interloped(Batch::new().put(retitled));
    let decision = usecases::opportunities::MoveDecision {
        ticked: vec!["identify_contact_known".into(), "identify_need_described".into()],
        ..Default::default()
    };
    let gates = GateSettings::default();
    let moved = run(usecases::opportunities::move_to(
        &store,
        &mut context(Some(USER), 1),
        80,
        FunnelStage::Qualify,
        &decision,
        &gates,
    ));
    assert!(matches!(moved, Ok(Ok(_))), "{moved:?}");
    let opportunity = run(store.get::<Opportunity>(Key::Id(80))).unwrap().unwrap();
    assert_eq!((opportunity.title.as_str(), opportunity.stage), ("XE215 三台", FunnelStage::Qualify));

    // A customer merge while another tab edits an order the merge moves: the order keeps the
    // edit and moves to the kept customer.
    let absorbed = Customer { id: 6, company: "徐工集团".into(), ..Customer::default() };
    let order = Order { id: 62, customer_id: 6, number: "SO-2026-000001".into(), ..Order::default() };
    let paid = Order { credit_days: 60, ..order.clone() };
    let store = Recorder::with(Batch::new().create(stored_customer()).create(absorbed).create(order))
        .interloped(Batch::new().put(paid));
    assert_eq!(run(usecases::customers::merge(&store, &mut context(Some(USER), 1), 5, 6)), Ok(1));
    assert_eq!(store.writes().len(), 2, "refused once, then written from what is stored now");
    let order = run(store.get::<Order>(Key::Id(62))).unwrap().unwrap();
    assert_eq!((order.customer_id, order.credit_days), (5, 60));
}

#[test]
fn a_form_merges_a_change_made_since_it_opened_or_hands_back_the_clash_to_decide() {
    let stored = Supplier { id: 30, name: "恒立液压".into(), phone: "0519-1111".into(), ..Supplier::default() };
    let supplier =
        |phone: &str, address: &str| Supplier { phone: phone.into(), address: address.into(), ..stored.clone() };
    // (phone, address) on each side.
    type Fields = (&'static str, &'static str);
    let merges: [(Fields, Fields, Option<Fields>); 2] = [
        // Different fields: both kept, and the save says with which write it merged.
        (("0519-2222", ""), ("0519-1111", "苏州"), Some(("0519-2222", "苏州"))),
        // The same field changed to different values: nothing written, the clash comes back.
        (("0519-2222", "常州"), ("0519-3333", "苏州"), None),
    ];
    for (theirs, mine, merged) in merges {
        let store = Recorder::with(Batch::new().create(stored.clone()));
        let opened = run(usecases::get_revised::<Supplier>(&store, 30)).unwrap().unwrap();
        let other = SupplierDraft::of(&supplier(theirs.0, theirs.1));
        run(usecases::partners::save_supplier(&store, &mut context(Some(11), 50), Some(&opened), &other)).unwrap();
        let theirs_revision = run(usecases::get_revised::<Supplier>(&store, 30)).unwrap().unwrap().revision;
        store.writes();
        let draft = SupplierDraft::of(&supplier(mine.0, mine.1));
        let saved = run(usecases::partners::save_supplier(&store, &mut context(Some(USER), 60), Some(&opened), &draft));
        let now = run(store.get::<Supplier>(Key::Id(30))).unwrap().unwrap();
        match (merged, saved.unwrap()) {
            (Some((phone, address)), FormSaved::Stored { record, merged_with }) => {
                assert_eq!(merged_with, theirs_revision);
                assert_eq!((now.phone.as_str(), now.address.as_str()), (phone, address));
                assert_eq!(record, now);
            }
            (None, FormSaved::Clashed(clashed)) => {
                assert_eq!(store.writes(), Vec::<Batch>::new(), "nothing written");
                assert_eq!(now.phone, theirs.0, "the other save stays");
                assert_eq!(clashed.clashes, vec![Clash::field("address"), Clash::field("phone")]);
                assert_eq!((clashed.merged.phone.as_str(), clashed.stored.revision), (theirs.0, theirs_revision));
            }
            (expected, saved) => panic!("expected {expected:?}, got {saved:?}"),
        }
    }
}

#[test]
fn each_decision_on_a_clashed_form_is_stored_as_chosen() {
    let stored =
        Supplier { id: 30, name: "恒立液压".into(), phone: "0519-1111".into(), quality: 3, ..Supplier::default() };
    for (decisions, phone, quality) in [
        ([Decision::KeepStored, Decision::KeepStored], "0519-2222", 4),
        ([Decision::KeepMine, Decision::KeepMine], "0519-3333", 5),
        ([Decision::Typed("0519-4444".into()), Decision::KeepStored], "0519-4444", 4),
        // A typed value of a field that is not text keeps mine.
        ([Decision::KeepStored, Decision::Typed("2".into())], "0519-2222", 5),
    ] {
        let store = Recorder::with(Batch::new().create(stored.clone()));
        let opened = run(usecases::get_revised::<Supplier>(&store, 30)).unwrap().unwrap();
        let theirs = Supplier { phone: "0519-2222".into(), quality: 4, ..stored.clone() };
        run(usecases::partners::save_supplier(
            &store,
            &mut context(Some(11), 50),
            Some(&opened),
            &SupplierDraft::of(&theirs),
        ))
        .unwrap();
        let mine = SupplierDraft::of(&Supplier {
            phone: "0519-3333".into(),
            quality: 5,
            name: "恒立".into(),
            ..stored.clone()
        });
        let Ok(FormSaved::Clashed(clashed)) =
            run(usecases::partners::save_supplier(&store, &mut context(Some(USER), 60), Some(&opened), &mine))
        else {
            panic!("the same fields changed on both sides clash");
        };
        assert_eq!(clashed.clashes, vec![Clash::field("quality"), Clash::field("phone")]);
        let decided = SupplierDraft::of(&clashed.resolve(&[decisions[1].clone(), decisions[0].clone()]));
        let saved = run(usecases::partners::save_supplier(
            &store,
            &mut context(Some(USER), 70),
            Some(&clashed.stored),
            &decided,
        ));
        assert!(matches!(saved, Ok(FormSaved::Stored { merged_with: None, .. })), "{saved:?}");
        let now = run(store.get::<Supplier>(Key::Id(30))).unwrap().unwrap();
        assert_eq!((now.phone.as_str(), now.quality, now.name.as_str()), (phone, quality, "恒立"), "{decisions:?}");
    }
}

#[test]
fn an_opportunity_form_keeps_a_stage_move_made_while_it_was_open() {
    let gates = GateSettings::default();
    let ticked = vec!["identify_contact_known".into(), "identify_need_described".into()];
    let moved = MoveDecision { ticked, ..MoveDecision::default() };
    for (case, value, merged) in
        [("the form changed the title only", None, true), ("both changed the value", Some("1,200,000"), false)]
    {
        let store = Recorder::with(Batch::new().create(stored_opportunity()));
        let opened = run(usecases::get_revised::<Opportunity>(&store, 80)).unwrap().unwrap();
        // Another tab moves the card on the board and sets a value.
        run(usecases::opportunities::move_to(
            &store,
            &mut context(Some(11), 50),
            80,
            FunnelStage::Qualify,
            &moved,
            &gates,
        ))
        .unwrap()
        .unwrap();
        let theirs = run(usecases::get_revised::<Opportunity>(&store, 80)).unwrap().unwrap();
        let other = OpportunityDraft { value: "900,000".into(), ..OpportunityDraft::of(&theirs.record) };
        run(usecases::opportunities::save(&store, &mut context(Some(11), 60), Some(&theirs), &other)).unwrap();
        store.writes();
        let mut draft = OpportunityDraft { title: "XE215 三台".into(), ..OpportunityDraft::of(&opened.record) };
        draft.value = value.map_or(draft.value, str::to_owned);
        let saved =
            run(usecases::opportunities::save(&store, &mut context(Some(USER), 70), Some(&opened), &draft)).unwrap();
        let now = run(store.get::<Opportunity>(Key::Id(80))).unwrap().unwrap();
        assert_eq!(now.stage, FunnelStage::Qualify, "{case}: the move stays");
        assert!(now.criteria_met.contains(&"identify_need_described".to_owned()), "{case}");
        if merged {
            assert!(matches!(saved, FormSaved::Stored { merged_with: Some(_), .. }), "{case}: {saved:?}");
            assert_eq!((now.title.as_str(), now.value), ("XE215 三台", Cny::from_yuan(900_000)), "{case}");
        } else {
            let FormSaved::Clashed(clashed) = saved else { panic!("{case}: expected a clash") };
            assert_eq!(clashed.clashes, vec![Clash::field("value")], "{case}");
            assert_eq!(store.writes(), Vec::<Batch>::new(), "{case}: nothing written");
            assert_eq!(clashed.merged.title, "XE215 三台", "{case}: the title waits in the merged record");
        }
    }
}
