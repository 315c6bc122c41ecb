//! The service desk's writes: a call taken as a ticket owned by whoever took it, with the
//! machine's hours in the same write; each step of the work applied to the ticket as stored now;
//! refusals (a meter reading below the last, a closing without a callback, a rating out of
//! range, a ticket for a deleted machine) writing nothing.

use super::*;
use kehu::domain::fields::FormError;
use kehu::domain::model::{TicketKind, TicketStatus};
use kehu::domain::service::calendar::local_time;
use kehu::domain::service::form::{Details, NewTicket};
use kehu::domain::service::record::{
    Callback, Closing, FollowUp, HoldReason, Priority, Rating, RootCause, Visit, VisitResult,
};
use kehu::domain::service::ticket::{Move, TicketError, TicketField};
use kehu::usecases::service::{self, Action};

/// The day of `NOW_MS` in China, where the desk works: today for these tests.
fn desk_today() -> Date {
    local_time(NOW_MS).0
}

/// A context of `user` at `NOW_MS` on the desk's day, new ids from `first`.
fn desk(user: Option<Id>, first: Id) -> Context {
    let (mut next, mut tag) = (first, FIRST_TAG);
    let ids = move || {
        next += 1;
        next - 1
    };
    let tags = move || {
        tag += 1;
        tag - 1
    };
    Context::new(user, NOW_MS, desk_today(), ids, tags)
}

fn store() -> Recorder {
    Recorder::with(Batch::new().create(stored_customer()).create(stored_machine()))
}

fn call(meter: &str) -> NewTicket {
    NewTicket {
        customer_id: 5,
        machine_id: Some(1100),
        kind: TicketKind::Repair,
        priority: Priority::High,
        summary: "动臂提升无力".into(),
        meter: meter.into(),
        ..NewTicket::default()
    }
}

fn open(store: &Recorder, by: Id) -> ServiceTicket {
    run(service::open(store, &mut desk(Some(by), 3000), &call(""))).unwrap().unwrap()
}

fn act(store: &Recorder, by: Id, id: Id, action: Action) -> Result<ServiceTicket, Vec<(TicketField, TicketError)>> {
    run(service::act(store, &mut desk(Some(by), 4000), id, &action)).unwrap()
}

fn stored_ticket(store: &Recorder, id: Id) -> ServiceTicket {
    run(store.get::<ServiceTicket>(Key::Id(id))).unwrap().unwrap()
}

fn visit(engineer: Id, fault: &str) -> Action {
    Action::Visit(Visit {
        date: Some(desk_today()),
        engineer,
        worked_minutes: 90,
        result: VisitResult::NotFixed,
        fault: fault.into(),
    })
}

#[test]
fn a_call_is_owned_by_who_took_it_and_its_meter_reading_moves_the_machine() {
    let store = store();
    let ticket = run(service::open(&store, &mut desk(Some(USER), 3000), &call("1 250"))).unwrap().unwrap();
    assert_eq!((ticket.id, ticket.owner, ticket.opened_at, ticket.meter), (3000, USER, NOW_MS, Some(1_250)));
    assert_eq!((ticket.status, ticket.opened), (TicketStatus::Open, Some(desk_today())));
    assert_eq!(ticket.number, format!("SR-{}-000001", desk_today().year()));
    let machine = Machine { hours: 1_250, ..stored_machine() };
    assert_eq!(store.writes(), vec![Batch::new().create(ticket.clone()).update(machine, FIRST)]);
    assert_eq!(stored_ticket(&store, 3000), ticket);
}

#[test]
fn a_visit_is_dated_by_the_desk_s_day_whatever_the_device_s_time_zone() {
    // At NOW_MS it is 20:26 UTC on 28 May and 04:26 on 29 May in China: a device set to UTC
    // calls it the 28th, the desk (and the ticket opened now) the 29th.
    let device_day = date("2026-05-28");
    assert_eq!(desk_today(), date("2026-05-29"));
    let store = store();
    let ticket = open(&store, USER);
    let on = |day: Date| {
        let mut ctx = desk(Some(21), 4000);
        ctx.today = device_day;
        let visit =
            Visit { date: Some(day), engineer: 21, worked_minutes: 60, result: VisitResult::Fixed, fault: "x".into() };
        run(service::act(&store, &mut ctx, ticket.id, &Action::Visit(visit))).unwrap()
    };
    assert_eq!(on(device_day).unwrap_err(), vec![(TicketField::VisitDate, TicketError::BeforeOpened)]);
    assert_eq!(on(desk_today()).unwrap().visits, 1, "the desk's today is no future date");
}

#[test]
fn a_refused_call_writes_nothing() {
    let store = store();
    let below = run(service::open(&store, &mut desk(Some(USER), 3000), &call("1100"))).unwrap();
    assert_eq!(below, Err(vec![(TicketField::Meter, TicketError::BelowLastReading { last: 1_200 })]));
    // The machine deleted meanwhile.
    run(store.inner.write(Batch::new().delete::<Machine>(Key::Id(1100)))).unwrap();
    let gone = run(service::open(&store, &mut desk(Some(USER), 3000), &call(""))).unwrap();
    assert_eq!(gone, Err(vec![(TicketField::Machine, TicketError::UnknownMachine)]));
    assert!(store.writes().is_empty());
    let nobody = run(service::open(&store, &mut desk(None, 3000), &call("")));
    assert!(nobody.is_err(), "a call needs who took it");
}

#[test]
fn the_work_is_applied_to_the_ticket_as_stored_now() {
    let store = store();
    let ticket = open(&store, USER);
    store.writes();
    // Two engineers work it; the owner stays who took the call.
    act(&store, 21, ticket.id, Action::Assign(21)).unwrap();
    act(&store, 21, ticket.id, Action::Step(Move::Start)).unwrap();
    act(&store, 21, ticket.id, visit(21, "hydraulic leak")).unwrap();
    act(&store, 22, ticket.id, visit(22, "Hydraulic leak")).unwrap();
    act(&store, 21, ticket.id, Action::Step(Move::Hold(HoldReason::Parts))).unwrap();
    act(&store, 21, ticket.id, Action::Step(Move::Start)).unwrap();
    let worked = act(&store, 22, ticket.id, visit(22, "hydraulic leak")).unwrap();
    assert_eq!((worked.owner, worked.assignees.clone(), worked.visits), (USER, vec![21, 22], 3));
    assert_eq!(stored_ticket(&store, ticket.id), worked);
    assert_eq!(store.writes().len(), 7, "one write a step");
    // Assigning an engineer already on it changes nothing and writes nothing.
    act(&store, 21, ticket.id, Action::Assign(21)).unwrap();
    assert!(store.writes().is_empty());

    // The meter reading moves the machine's hours with the ticket's.
    let read = act(&store, 21, ticket.id, Action::Meter("1300".into())).unwrap();
    let machine = Machine { hours: 1_300, ..stored_machine() };
    assert_eq!(
        store.writes(),
        vec![Batch::new().update(read.clone(), Base::At(Rev { generation: 8, tag: FIRST_TAG })).update(machine, FIRST)]
    );
}

#[test]
fn refused_steps_write_nothing() {
    let store = store();
    let ticket = open(&store, USER);
    act(&store, 21, ticket.id, Action::Step(Move::Resolve)).unwrap();
    store.writes();
    let below = act(&store, 21, ticket.id, Action::Meter("1199".into()));
    assert_eq!(below, Err(vec![(TicketField::Meter, TicketError::BelowLastReading { last: 1_200 })]));
    let blank = act(&store, 21, ticket.id, Action::Meter(" ".into()));
    assert_eq!(blank, Err(vec![(TicketField::Meter, TicketError::Form(FormError::Required))]));
    let without_callback = Move::Close(Closing { follow_up: FollowUp::NotCalled { reason: "".into() }, rating: None });
    assert_eq!(
        act(&store, USER, ticket.id, Action::Step(without_callback)),
        Err(vec![(TicketField::NotCalledReason, TicketError::Form(FormError::Required))])
    );
    let rating =
        Rating { reliability: 6, timeliness: 5, consistency: 5, attitude: 5, facilities: 5, comment: "".into() };
    let callback = Callback { by: USER, at: NOW_MS, said: "running".into() };
    let out_of_range = Move::Close(Closing { follow_up: FollowUp::Callback(callback.clone()), rating: Some(rating) });
    assert_eq!(
        act(&store, USER, ticket.id, Action::Step(out_of_range)),
        Err(vec![(
            TicketField::Rating(kehu::domain::service::record::QualityDimension::Reliability),
            TicketError::Form(FormError::OutOfRange { min: 1, max: 5 })
        )])
    );
    assert!(store.writes().is_empty());
    assert_eq!(stored_ticket(&store, ticket.id).status, TicketStatus::Resolved);
    // The machine deleted: a reading has nothing to go on.
    run(store.inner.write(Batch::new().delete::<Machine>(Key::Id(1100)))).unwrap();
    let gone = act(&store, 21, ticket.id, Action::Meter("1300".into()));
    assert_eq!(gone, Err(vec![(TicketField::Machine, TicketError::UnknownMachine)]));
    // Closed after the callback; a closed ticket takes no more work.
    let closed = act(
        &store,
        USER,
        ticket.id,
        Action::Step(Move::Close(Closing { follow_up: FollowUp::Callback(callback), rating: None })),
    )
    .unwrap();
    assert!(closed.followed_up && closed.closed == Some(desk_today()));
    assert_eq!(act(&store, 21, ticket.id, visit(21, "leak")), Err(vec![(TicketField::Status, TicketError::Closed)]));
}

#[test]
fn details_merge_with_a_step_taken_meanwhile() {
    let store = store();
    let ticket = open(&store, USER);
    let opened = run(usecases::get_revised::<ServiceTicket>(&store, ticket.id)).unwrap().unwrap();
    act(&store, 21, ticket.id, Action::Step(Move::Start)).unwrap();
    // The next call of the year takes the next number.
    let next = run(service::open(&store, &mut desk(Some(USER), 3100), &call(""))).unwrap().unwrap();
    assert_eq!(next.number, format!("SR-{}-000002", desk_today().year()));
    let details = Details { cause: "worn seal".into(), ..Details::of(&ticket) };
    let saved = run(service::save_details(&store, &mut desk(Some(USER), 5000), &opened, &details)).unwrap().unwrap();
    assert!(matches!(saved, usecases::Saved::Stored { merged_with: Some(_), .. }), "{saved:?}");
    let now = stored_ticket(&store, ticket.id);
    assert_eq!((now.cause.as_str(), now.status), ("worn seal", TicketStatus::InProgress));
}

#[test]
fn a_due_service_becomes_one_ticket_and_a_second_is_refused() {
    let store = store();
    let due =
        NewTicket { kind: TicketKind::Maintenance, interval: "500 h".into(), summary: "500 h".into(), ..call("") };
    let ticket = run(service::open(&store, &mut desk(Some(USER), 3000), &due)).unwrap().unwrap();
    assert_eq!(
        (ticket.kind, ticket.interval.as_str(), ticket.machine_id),
        (TicketKind::Maintenance, "500 h", Some(1100))
    );
    assert_eq!(store.writes(), vec![Batch::new().create(ticket.clone())]);
    // The same interval again, as typed by someone else: refused, nothing written.
    let again = NewTicket { interval: " 500 H".into(), ..due.clone() };
    let refused = run(service::open(&store, &mut desk(Some(USER), 3100), &again)).unwrap();
    assert_eq!(refused, Err(vec![(TicketField::Interval, TicketError::MaintenanceOpen)]));
    assert!(store.writes().is_empty());
    // Another interval of the machine is its own service.
    let other = NewTicket { interval: "1,000 h".into(), ..due };
    assert!(run(service::open(&store, &mut desk(Some(USER), 3200), &other)).unwrap().is_ok());
}

/// Issue 21: a complaint points only at its customer's own records; another customer's order
/// is refused at its field and nothing is written.
#[test]
fn a_complaint_links_only_its_customers_records() {
    let theirs = Order { id: 71, customer_id: 6, number: "SO-2026-000002".into(), ..stored_order() };
    let part = Part { id: 80, number: "P-80".into(), fits_models: vec!["XE215".into()], ..Part::default() };
    let stranger = Part { id: 81, number: "P-81".into(), fits_models: vec!["XE700".into()], ..Part::default() };
    let store = Recorder::with(
        Batch::new()
            .create(stored_customer())
            .create(stored_machine())
            .create(stored_order())
            .create(theirs)
            .create(part)
            .create(stranger),
    );
    let ticket = open(&store, USER);
    let opened = run(usecases::get_revised::<ServiceTicket>(&store, ticket.id)).unwrap().unwrap();
    let complaint = |order, part| Details {
        kind: TicketKind::Complaint,
        about_order: Some(order),
        about_part: Some(part),
        root_cause: Some(RootCause::PartsLate),
        complaint_owner: Some(21),
        ..Details::of(&ticket)
    };
    store.writes();
    for (details, problems) in [
        (complaint(71, 80), vec![(TicketField::AboutOrder, TicketError::NotTheCustomers)]),
        (complaint(70, 81), vec![(TicketField::AboutPart, TicketError::NotTheCustomers)]),
    ] {
        let refused = run(service::save_details(&store, &mut desk(Some(USER), 5000), &opened, &details)).unwrap();
        assert_eq!(refused, Err(problems));
        assert_eq!(store.writes(), vec![], "a refused complaint writes nothing");
    }
    run(service::save_details(&store, &mut desk(Some(USER), 5000), &opened, &complaint(70, 80))).unwrap().unwrap();
    let now = stored_ticket(&store, ticket.id);
    assert_eq!((now.kind, now.about_order, now.about_part), (TicketKind::Complaint, Some(70), Some(80)));
    assert_eq!((now.root_cause, now.complaint_owner), (Some(RootCause::PartsLate), Some(21)));
}
