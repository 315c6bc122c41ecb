//! Trade shows: a show saved and edited from the revision it opened; a lead captured at an open
//! show attached to the contact it matched, refused at a closed one; closing the show writing
//! every lead's follow-up, customer, contact, opportunity and history in one batch, and a close
//! that does not fit, or meets a show changed since, writing nothing.

use super::*;
use kehu::domain::model::{CommunicationStatus, LeadSource, Lifecycle, Man};
use kehu::domain::shows::close::{self, Assignment, CloseError, FollowUpDays};
use kehu::domain::shows::dedup::DedupIndex;
use kehu::domain::shows::form::{LeadDraft, ShowDraft};
use kehu::domain::shows::{Interest, Lead, ProductLine, Show, Temperature, Timeline};
use kehu::usecases::shows;
use kehu::usecases::Saved;

fn show() -> Show {
    Show {
        id: 1,
        name: "2026 宝马展".into(),
        starts: Some(date("2026-05-17")),
        ends: Some(date("2026-05-19")),
        staff: vec![USER, 8],
        ..Show::default()
    }
}

fn customer() -> Customer {
    Customer {
        id: 5,
        company: "徐州恒达机械有限公司".into(),
        team: AccountTeam { lead: 9, members: vec![] },
        ..Customer::default()
    }
}

fn known_contact() -> Contact {
    Contact { id: 6, customer_id: 5, name: "李强".into(), phone: "13800000001".into(), ..Contact::default() }
}

fn stored() -> Batch {
    Batch::new().put(show()).put(customer()).put(known_contact())
}

#[test]
fn a_show_is_created_then_edited_from_the_revision_it_opened() {
    let store = Recorder::default();
    let draft = ShowDraft {
        name: "宝马展".into(),
        starts: "2026-11-24".into(),
        ends: "2026-11-27".into(),
        staff: vec![USER],
        ..ShowDraft::default()
    };
    let saved = run(shows::save_show(&store, &mut context(Some(USER), 100), None, &draft)).unwrap();
    let Saved::Stored { record: created, .. } = saved else { panic!("not stored") };
    assert_eq!((created.id, created.created_by, created.created_at), (100, USER, Some(today())));
    assert_eq!(store.writes().len(), 1);
    let opened = run(usecases::get_revised::<Show>(&store, 100)).unwrap().unwrap();
    let edited = ShowDraft { booth: "E5-610".into(), ..draft };
    let saved = run(shows::save_show(&store, &mut context(Some(8), 200), Some(&opened), &edited)).unwrap();
    assert!(matches!(saved, Saved::Stored { record: Show { ref booth, modified_by: 8, .. }, .. } if booth == "E5-610"));
    assert_eq!(store.writes().len(), 1);
    assert_refused(
        run(shows::save_show(&store, &mut context(None, 300), None, &ShowDraft::default())),
        StoreErrorKind::NoCurrentUser,
        &store,
    );
}

#[test]
fn a_lead_is_captured_attached_to_the_contact_its_mobile_matched() {
    let store = Recorder::with(stored());
    let index = DedupIndex::new(&[customer()], &[known_contact()], &[]);
    let draft = LeadDraft { mobile: "+86 138-0000-0001".into(), temperature: Temperature::Hot, ..LeadDraft::default() };
    let matched = index.find(&draft.mobile, &draft.company);
    let lead = run(shows::capture(&store, &mut context(Some(USER), 100), 1, &draft, matched)).unwrap().unwrap();
    let expected = Lead {
        id: 100,
        show_id: 1,
        captured_by: USER,
        captured_at: NOW_MS,
        mobile: "13800000001".into(),
        customer_id: Some(5),
        contact_id: Some(6),
        ..Lead::default()
    };
    assert_eq!(lead, expected);
    assert_eq!(store.writes(), vec![Batch::new().create(expected)]);

    let closed = Batch::new().put(Show { closed: Some(today()), ..show() });
    let store = Recorder::with(closed);
    let refused = run(shows::capture(&store, &mut context(Some(USER), 100), 1, &draft, None)).unwrap();
    assert_eq!(refused, Err(CloseError::AlreadyClosed));
    assert_eq!(store.writes(), Vec::<Batch>::new());
    assert_refused(
        run(shows::capture(&store, &mut context(Some(USER), 100), 2, &draft, None)),
        StoreErrorKind::NotFound { entity: Entity::Show, id: 2 },
        &store,
    );
}

fn leads() -> Vec<Lead> {
    vec![
        Lead {
            id: 20,
            show_id: 1,
            captured_by: USER,
            captured_at: 1,
            mobile: "13900000002".into(),
            name: "王芳".into(),
            company: "长沙远大路桥".into(),
            province: "CN-HN".into(),
            interest: Interest {
                line: Some(ProductLine::Excavator),
                model: "SY215C".into(),
                quantity: 2,
                timeline: Some(Timeline::Quarter),
                ..Interest::default()
            },
            man: Man { money: true, authority: true, need: true },
            temperature: Temperature::Hot,
            note: "要分期".into(),
            ..Lead::default()
        },
        Lead {
            id: 21,
            show_id: 1,
            captured_by: 8,
            captured_at: 2,
            mobile: "13800000001".into(),
            temperature: Temperature::Cold,
            customer_id: Some(5),
            contact_id: Some(6),
            ..Lead::default()
        },
    ]
}

#[test]
fn closing_a_show_writes_every_follow_up_customer_and_opportunity_in_one_batch() {
    let store = Recorder::with(stored().put_all(leads()));
    let opened = run(usecases::get_revised::<Show>(&store, 1)).unwrap().unwrap();
    let plan = close::plan(&opened.record, &leads(), |c| (c == 5).then_some(9), FollowUpDays::default(), today());
    assert_eq!(
        plan,
        [
            Assignment { lead: 20, owner: USER, due: date("2026-05-22") },
            Assignment { lead: 21, owner: 9, due: date("2026-06-19") }
        ]
    );
    let done = run(shows::close_show(&store, &mut context(Some(USER), 100), &opened, &plan)).unwrap().unwrap();
    assert_eq!(done, shows::Closed { follow_ups: 2, customers: 1, opportunities: 1 });
    let writes = store.writes();
    assert_eq!(writes.len(), 1, "one transaction");
    let records: Vec<&AnyRecord> = writes[0].puts.iter().map(|p| &p.record).collect();
    let customers: Vec<&Customer> = records.iter().filter_map(|r| Customer::from_any(r)).collect();
    assert_eq!(customers.len(), 1);
    let new = customers[0];
    assert_eq!(
        (new.company.as_str(), new.province.as_str(), new.lifecycle, new.source, new.communication, new.team.lead),
        ("长沙远大路桥", "CN-HN", Lifecycle::Potential, LeadSource::TradeShow, CommunicationStatus::NotContacted, USER)
    );
    let contacts: Vec<&Contact> = records.iter().filter_map(|r| Contact::from_any(r)).collect();
    assert_eq!(
        (contacts[0].name.as_str(), contacts[0].phone.as_str(), contacts[0].customer_id),
        ("王芳", "13900000002", new.id)
    );
    let opportunities: Vec<&Opportunity> = records.iter().filter_map(|r| Opportunity::from_any(r)).collect();
    assert_eq!(opportunities.len(), 1);
    let opportunity = opportunities[0];
    assert_eq!(
        (opportunity.stage, opportunity.owner, opportunity.product.as_str(), opportunity.expected_close),
        (FunnelStage::Identify, USER, "SY215C", Some(date("2026-08-18")))
    );
    let follow_ups: Vec<(Id, Id, Option<Date>)> =
        records.iter().filter_map(|r| Interaction::from_any(r)).map(|i| (i.customer_id, i.by, i.follow_up)).collect();
    assert_eq!(follow_ups, [(new.id, USER, Some(date("2026-05-22"))), (5, 9, Some(date("2026-06-19")))]);
    let history: Vec<&AuditEntry> = records.iter().filter_map(|r| AuditEntry::from_any(r)).collect();
    assert_eq!(history.len(), 5, "customer, contact, opportunity and two follow-ups");
    assert!(history.iter().all(|e| e.reason == "2026 宝马展"), "each names the show");
    let show_after = records.iter().find_map(|r| Show::from_any(r)).unwrap();
    assert_eq!(show_after.closed, Some(today()));
    let converted: Vec<(Id, Id, bool)> = records
        .iter()
        .filter_map(|r| Lead::from_any(r))
        .map(|l| l.converted.as_ref().map(|c| (c.customer_id, c.owner, c.new_customer)).unwrap())
        .collect();
    assert_eq!(converted, [(new.id, USER, true), (5, 9, false)]);

    // The queue of follow-ups not yet done holds both, by owner.
    let leads_now = run(store.get_all::<Lead>()).unwrap();
    let interactions = run(store.get_all::<Interaction>()).unwrap();
    let queue = close::not_contacted(&leads_now, &interactions);
    assert_eq!(queue.keys().copied().collect::<Vec<_>>(), [USER, 9]);
}

#[test]
fn a_close_that_does_not_fit_or_meets_a_changed_show_writes_nothing() {
    let store = Recorder::with(stored().put_all(leads()));
    let opened = run(usecases::get_revised::<Show>(&store, 1)).unwrap().unwrap();
    let ok = |lead| Assignment { lead, owner: USER, due: today() };
    let refused = run(shows::close_show(&store, &mut context(Some(USER), 100), &opened, &[ok(20), ok(99)])).unwrap();
    assert_eq!(refused, Err(CloseError::UnknownLead(99)));
    assert_eq!(store.writes(), Vec::<Batch>::new(), "a refused close writes nothing");
    assert_refused(
        run(shows::close_show(&store, &mut context(None, 100), &opened, &[ok(20)])),
        StoreErrorKind::NoCurrentUser,
        &store,
    );
    // Another tab renamed the show after the confirm table opened.
    run(store.inner.write(Batch::new().update(Show { name: "改名".into(), ..show() }, FIRST))).unwrap();
    assert_refused(
        run(shows::close_show(&store, &mut context(Some(USER), 100), &opened, &[ok(20), ok(21)])),
        StoreErrorKind::Changed { entity: Entity::Show },
        &store,
    );
    // A lead changed between the read and the write: the transaction refuses it as a whole.
    let store = Recorder::with(stored().put_all(leads()));
    let opened = run(usecases::get_revised::<Show>(&store, 1)).unwrap().unwrap();
    let store = store.interloped(Batch::new().update(Lead { note: "另一台设备".into(), ..leads()[1].clone() }, FIRST));
    let result = run(shows::close_show(&store, &mut context(Some(USER), 100), &opened, &[ok(20), ok(21)]));
    assert_eq!(result.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Lead });
    assert_eq!(run(store.get_all::<Customer>()).unwrap(), [customer()], "no customer half-written");
    assert!(run(store.get_all::<Interaction>()).unwrap().is_empty(), "no follow-up half-written");
    assert_eq!(run(store.get::<Show>(Key::Id(1))).unwrap().unwrap().closed, None, "the show still open");
}
