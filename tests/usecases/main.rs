//! The use cases on the in-memory store, each checked by the exact batch it writes (records and
//! audit entries) through a store that records every write; a refused write writes nothing.

use kehu::domain::audit;
use kehu::domain::customers::form::CustomerDraft;
use kehu::domain::date::{Date, Month};
use kehu::domain::funnel::form::OpportunityDraft;
use kehu::domain::funnel::gates::GateSettings;
use kehu::domain::funnel::stage::MoveError;
use kehu::domain::grading::grade::Grade;
use kehu::domain::grading::indicators::Ratings;
use kehu::domain::grading::score::CustomerScore;
use kehu::domain::grading::settings::GradingSettings;
use kehu::domain::grading::snapshot::{GradeSnapshot, SnapshotEntry};
use kehu::domain::import::carparts::ImportedDemand;
use kehu::domain::import::pipeline::PipelineWrite;
use kehu::domain::import::records::{PartUpdate, StockRow};
use kehu::domain::interactions::form::InteractionDraft;
use kehu::domain::model::{
    AccountTeam, AuditAction, AuditEntry, Contact, Customer, FieldChange, FunnelStage, GateOverride, Id, Interaction,
    InteractionKind, Machine, Opportunity, Order, OrderLine, OrderStatus, Part, PartDemand, PartnerKind, ServiceTicket,
    Setting, StageChange, StockLevel, Supplier, TradePartner, User, UserRole,
};
use kehu::domain::money::Cny;
use kehu::domain::orders::form::{LineDraft, OrderDraft};
use kehu::domain::partners::form::SupplierDraft;
use kehu::domain::parts::machine_form::{MachineDraft, MachineError, MachineField};
use kehu::store::json::to_json;
use kehu::store::memory::MemoryStore;
use kehu::store::{
    AnyRecord, Arrival, Base, Batch, Entity, EntityCounts, Incoming, Key, Outgoing, Put, ReadSet, Reads, Record, Rev,
    Revised, Stamp, Store, StoreError, StoreErrorKind, Tombstone,
};
use kehu::usecases::customers::{Opened, Saved};
use kehu::usecases::opportunities::MoveDecision;
use kehu::usecases::parts::{DemandCounts, RecordCounts};
use kehu::usecases::{self, Context};
use std::cell::RefCell;
use std::collections::HashMap;

/// A `MemoryStore` that keeps a copy of every write (a `put_stream` as a batch of its puts).
#[derive(Default)]
struct Recorder {
    inner: MemoryStore,
    writes: RefCell<Vec<Batch>>,
    /// Another tab's write, landing just before this tab's next write (not recorded).
    interloper: RefCell<Option<Batch>>,
}

impl Recorder {
    /// A store holding `batch`, with no write recorded yet.
    fn with(batch: Batch) -> Recorder {
        let store = Recorder::default();
        pollster::block_on(store.inner.write(batch)).unwrap();
        store
    }

    /// The same store, where `other` is written just before the next write lands: as if another
    /// tab saved between the use case's read and its transaction.
    fn interloped(self, other: Batch) -> Recorder {
        *self.interloper.borrow_mut() = Some(other);
        self
    }

    /// The writes so far, forgotten.
    fn writes(&self) -> Vec<Batch> {
        self.writes.take()
    }
}

impl Store for Recorder {
    async fn write(&self, batch: Batch) -> Result<(), StoreError> {
        let other = self.interloper.borrow_mut().take();
        if let Some(other) = other {
            self.inner.write(other).await?;
        }
        self.writes.borrow_mut().push(unstamped(&batch));
        self.inner.write(batch).await
    }

    async fn put_stream(
        &self,
        stamp: Stamp,
        entities: &[Entity],
        puts: impl Iterator<Item = Put>,
        progress: impl FnMut(usize),
    ) -> Result<(), StoreError> {
        let puts: Vec<Put> = puts.collect();
        self.writes.borrow_mut().push(Batch { stamp: Stamp::default(), puts: puts.clone(), deletes: Vec::new() });
        self.inner.put_stream(stamp, entities, puts.into_iter(), progress).await
    }

    async fn get<R: Record>(&self, key: Key) -> Result<Option<R>, StoreError> {
        self.inner.get(key).await
    }

    async fn get_all<R: Record>(&self) -> Result<Vec<R>, StoreError> {
        self.inner.get_all().await
    }

    async fn get_by_index<R: Record>(&self, index: &str, key: Key) -> Result<Vec<R>, StoreError> {
        self.inner.get_by_index(index, key).await
    }

    async fn read_many(&self, reads: &Reads) -> Result<ReadSet, StoreError> {
        self.inner.read_many(reads).await
    }

    async fn counts(&self) -> Result<EntityCounts, StoreError> {
        self.inner.counts().await
    }

    async fn clear(&self) -> Result<(), StoreError> {
        self.inner.clear().await
    }

    async fn replace_all(&self, stamp: Stamp, records: Vec<AnyRecord>) -> Result<(), StoreError> {
        self.inner.replace_all(stamp, records).await
    }

    async fn tombstones(&self) -> Result<Vec<Tombstone>, StoreError> {
        self.inner.tombstones().await
    }

    async fn keep_outbox(&self, on: bool) -> Result<(), StoreError> {
        self.inner.keep_outbox(on).await
    }

    async fn keeps_outbox(&self) -> Result<bool, StoreError> {
        self.inner.keeps_outbox().await
    }

    async fn outgoing(&self, limit: usize) -> Result<Vec<Outgoing>, StoreError> {
        self.inner.outgoing(limit).await
    }

    async fn outbox_ids(&self) -> Result<Vec<String>, StoreError> {
        self.inner.outbox_ids().await
    }

    async fn handed_over(&self, records: &[(Entity, Key, Rev)]) -> Result<(), StoreError> {
        self.inner.handed_over(records).await
    }

    async fn revisions_of(&self, keys: &[(Entity, Key)]) -> Result<Vec<Option<Rev>>, StoreError> {
        self.inner.revisions_of(keys).await
    }

    async fn arrive(&self, incoming: Vec<Incoming>) -> Result<Vec<Arrival>, StoreError> {
        self.inner.arrive(incoming).await
    }

    fn write_stamp(&self, entity: Entity) -> u64 {
        self.inner.write_stamp(entity)
    }
}

const NOW_MS: i64 = 1_780_000_000_000;
const USER: Id = 7;

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn today() -> Date {
    date("2026-05-20")
}

/// The base of a write of a record the test store was given: its first revision, of the
/// recorder's unstamped setup write.
const FIRST: Base = Base::At(Rev { generation: 1, tag: 0 });

/// The first tag of a test context's writes: far from any id a test names.
const FIRST_TAG: u64 = 1 << 40;

/// A context of `user` at `NOW_MS` whose new ids count up from `first`, and its writes' tags
/// from [`FIRST_TAG`].
fn context(user: Option<Id>, first: Id) -> Context {
    let (mut next, mut tag) = (first, FIRST_TAG);
    let ids = move || {
        next += 1;
        next - 1
    };
    let tags = move || {
        tag += 1;
        tag - 1
    };
    Context::new(user, NOW_MS, today(), ids, tags)
}

/// `batch` as the recorder keeps it: what it writes, without its stamp, which
/// `writes_are_stamped_by_who_and_when_each_with_its_own_tag` checks on its own.
fn unstamped(batch: &Batch) -> Batch {
    Batch { stamp: Stamp::default(), ..batch.clone() }
}

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    pollster::block_on(future)
}

fn change(field: &str, before: &str, after: &str) -> FieldChange {
    FieldChange { field: field.into(), before: before.into(), after: after.into() }
}

/// The entry a use case writes at `NOW_MS` by `user` under `target`.
fn entry(id: Id, user: Option<Id>, target: &str, action: AuditAction, changes: Vec<FieldChange>) -> AuditEntry {
    AuditEntry { id, at_ms: NOW_MS, user, target: target.into(), action, changes, reason: String::new() }
}

fn assert_refused<T: std::fmt::Debug>(result: Result<T, StoreError>, kind: StoreErrorKind, store: &Recorder) {
    assert_eq!(result.unwrap_err().kind, kind);
    assert_eq!(store.writes(), Vec::<Batch>::new(), "a refused write writes nothing");
}

// Customers ----------------------------------------------------------------------------------

fn contact(id: Id, customer_id: Id, name: &str, primary: bool) -> Contact {
    Contact { id, customer_id, name: name.into(), primary, ..Contact::default() }
}

fn stored_customer() -> Customer {
    Customer {
        id: 5,
        company: "徐工机械".into(),
        country: "CN".into(),
        city: "徐州".into(),
        team: AccountTeam { lead: 10, members: vec![11] },
        created_by: 10,
        created_at: Some(date("2024-03-01")),
        ..Customer::default()
    }
}

#[test]
fn saving_a_new_customer_writes_it_its_contacts_and_one_create_entry() {
    let store = Recorder::default();
    let draft = CustomerDraft {
        customer: Customer { company: " 三一重工 ".into(), country: "cn".into(), ..Customer::default() },
        main_products: "挖掘机、泵车".into(),
        credit_index: "80".into(),
        contacts: vec![contact(0, 0, "王伟", false), contact(0, 0, "李娜", true)],
    };
    let saved = run(usecases::customers::save(&store, &mut context(Some(USER), 100), None, &draft)).unwrap();
    assert_eq!(saved, Saved::Stored { id: 100, merged_with: None });
    let customer = Customer {
        id: 100,
        company: "三一重工".into(),
        country: "CN".into(),
        main_products: vec!["挖掘机".into(), "泵车".into()],
        credit_index: 80,
        created_by: USER,
        created_at: Some(today()),
        modified_by: USER,
        modified_at: Some(today()),
        ..Customer::default()
    };
    let contacts = vec![contact(101, 100, "王伟", false), contact(102, 100, "李娜", true)];
    let mut changes = audit::diff(None, Some(&customer));
    assert!(changes.contains(&change("company", "", "三一重工")));
    assert!(changes.contains(&change("main_products", "", "挖掘机; 泵车")));
    changes.extend([
        change("contacts/101/name", "", "王伟"),
        change("contacts/101/role", "", "decision_maker"),
        change("contacts/102/name", "", "李娜"),
        change("contacts/102/role", "", "decision_maker"),
        change("contacts/102/primary", "", "true"),
    ]);
    let expected = Batch::new().create(customer).create_all(contacts).create(entry(
        103,
        Some(USER),
        "customers/100",
        AuditAction::Create,
        changes,
    ));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn saving_a_customer_lists_exactly_the_changed_fields_and_deletes_removed_contacts() {
    let stored = stored_customer();
    let store = Recorder::with(Batch::new().put(stored.clone()).put_all([
        contact(51, 5, "王伟", true),
        contact(52, 5, "李娜", false),
        contact(53, 6, "其他公司", true),
    ]));
    let mut edited = contact(51, 5, "王伟", true);
    edited.phone = "138 0000 0000".into();
    let opened = run(usecases::customers::open(&store, 5)).unwrap().unwrap();
    let mut draft = CustomerDraft::of(&stored, &[edited, contact(0, 5, "赵强", false)]);
    draft.customer.city = "南京".into();
    draft.customer.industry = "工程机械".into();
    let saved = run(usecases::customers::save(&store, &mut context(Some(USER), 200), Some(&opened), &draft)).unwrap();
    assert_eq!(saved, Saved::Stored { id: 5, merged_with: None });
    let customer = Customer {
        city: "南京".into(),
        industry: "工程机械".into(),
        modified_by: USER,
        modified_at: Some(today()),
        ..stored
    };
    let kept = Contact { phone: "138 0000 0000".into(), ..contact(51, 5, "王伟", true) };
    let changes = vec![
        change("city", "徐州", "南京"),
        change("industry", "", "工程机械"),
        change("contacts/51/phone", "", "138 0000 0000"),
        change("contacts/200/name", "", "赵强"),
        change("contacts/200/role", "", "decision_maker"),
        change("contacts/52/name", "李娜", ""),
        change("contacts/52/role", "decision_maker", ""),
    ];
    // Each record is written from the revision the form opened it at (the fixture's first).
    let expected = Batch::new()
        .update(customer, FIRST)
        .update(kept, FIRST)
        .create(contact(200, 5, "赵强", false))
        .delete_at::<Contact>(Key::Id(52), FIRST)
        .create(entry(201, Some(USER), "customers/5", AuditAction::Update, changes));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn saving_a_customer_without_a_current_user_records_no_author() {
    // The customer form never refused a save without a current user: it stamps 0.
    let store = Recorder::default();
    let draft =
        CustomerDraft { customer: Customer { company: "柳工".into(), ..Customer::default() }, ..Default::default() };
    run(usecases::customers::save(&store, &mut context(None, 1), None, &draft)).unwrap();
    let writes = store.writes();
    let saved: &Customer = Customer::from_any(&writes[0].puts[0].record).unwrap();
    assert_eq!((saved.created_by, saved.modified_by), (0, 0));
    let entry: &AuditEntry = AuditEntry::from_any(&writes[0].puts[1].record).unwrap();
    assert_eq!((entry.id, entry.user, entry.action), (2, None, AuditAction::Create));
}

#[test]
fn saving_a_customer_that_is_gone_writes_nothing() {
    let store = Recorder::default();
    let draft = CustomerDraft::of(&stored_customer(), &[]);
    let opened = Opened { customer: Revised { record: stored_customer(), revision: None }, contacts: Vec::new() };
    let result = run(usecases::customers::save(&store, &mut context(Some(USER), 1), Some(&opened), &draft));
    assert_refused(result, StoreErrorKind::NotFound { entity: Entity::Customer, id: 5 }, &store);
}

#[test]
fn a_merge_moves_every_kind_of_record_keeps_the_history_where_it_is_and_deletes_the_absorbed_customer() {
    let kept = stored_customer();
    let other = Customer {
        id: 6,
        company: "徐工集团".into(),
        country: "CN".into(),
        phone: "0516-8773 8888".into(),
        team: AccountTeam { lead: 12, members: vec![] },
        created_at: Some(date("2025-01-01")),
        ..Customer::default()
    };
    let interaction = Interaction { id: 61, customer_id: 6, notes: "拜访".into(), ..Interaction::default() };
    let order = Order { id: 62, customer_id: 6, number: "SO-2026-000001".into(), ..Order::default() };
    let opportunity = Opportunity { id: 63, customer_id: 6, title: "XE215".into(), ..Opportunity::default() };
    let machine = Machine { id: 64, customer_id: 6, serial: "XUG0001".into(), ..Machine::default() };
    let ticket = ServiceTicket { id: 65, customer_id: 6, summary: "液压".into(), ..ServiceTicket::default() };
    let history = entry(66, Some(USER), "customers/6", AuditAction::Create, vec![change("company", "", "徐工集团")]);
    let untouched = Interaction { id: 67, customer_id: 5, ..Interaction::default() };
    let store = Recorder::with(
        Batch::new()
            .put_all([kept.clone(), other.clone()])
            .put_all([contact(51, 5, "王伟", true), contact(60, 6, "陈静", true)])
            .put_all([interaction.clone(), untouched])
            .put(order.clone())
            .put(opportunity.clone())
            .put(machine.clone())
            .put(ticket.clone())
            .put(history.clone()),
    );
    let moved = run(usecases::customers::merge(&store, &mut context(Some(USER), 300), 5, 6)).unwrap();
    assert_eq!(moved, 6);
    let merged = Customer {
        phone: "0516-8773 8888".into(),
        team: AccountTeam { lead: 10, members: vec![11, 12] },
        absorbed: vec![6],
        modified_by: USER,
        modified_at: Some(today()),
        ..kept
    };
    let changes = vec![
        change("phone", "", "0516-8773 8888"),
        change("team_members", "11", "11,12"),
        change("contacts/60/name", "", "陈静"),
        change("contacts/60/role", "", "decision_maker"),
    ];
    let merge_entry = AuditEntry {
        reason: "徐工集团 (#6)".into(),
        ..entry(300, Some(USER), "customers/5", AuditAction::Merge, changes)
    };
    let expected = Batch::new()
        .update(merged, FIRST)
        .update(contact(60, 5, "陈静", false), FIRST)
        .update(Interaction { customer_id: 5, ..interaction }, FIRST)
        .update(Order { customer_id: 5, ..order }, FIRST)
        .update(Opportunity { customer_id: 5, ..opportunity }, FIRST)
        .update(Machine { customer_id: 5, ..machine }, FIRST)
        .update(ServiceTicket { customer_id: 5, ..ticket }, FIRST)
        .create(merge_entry)
        .delete_at::<Customer>(Key::Id(6), FIRST);
    assert_eq!(store.writes(), vec![expected]);
    assert_eq!(run(store.get::<Customer>(Key::Id(6))).unwrap(), None);
    // Audit entries never change (a team's server refuses it): the absorbed customer's stays.
    assert_eq!(run(store.get::<AuditEntry>(Key::Id(66))).unwrap(), Some(history));
}

#[test]
fn a_merge_with_a_customer_that_is_gone_writes_nothing() {
    let store = Recorder::with(Batch::new().put(stored_customer()));
    let result = run(usecases::customers::merge(&store, &mut context(Some(USER), 1), 5, 6));
    assert_refused(result, StoreErrorKind::NotFound { entity: Entity::Customer, id: 6 }, &store);
}

#[test]
fn a_reassignment_makes_the_new_lead_and_records_why() {
    let lead_changed = change("team_lead", "10", "20");
    for (keep_previous, members, changes) in [
        (true, vec![10, 11], vec![lead_changed.clone(), change("team_members", "11", "10,11")]),
        (false, vec![11], vec![lead_changed.clone()]),
    ] {
        let store = Recorder::with(Batch::new().put(stored_customer()));
        let ctx = &mut context(Some(USER), 400);
        assert!(run(usecases::customers::reassign(&store, ctx, 5, 20, keep_previous, " 离职 ")).unwrap());
        let customer = Customer {
            team: AccountTeam { lead: 20, members },
            modified_by: USER,
            modified_at: Some(today()),
            ..stored_customer()
        };
        let entry = AuditEntry {
            reason: "离职".into(),
            ..entry(400, Some(USER), "customers/5", AuditAction::Update, changes)
        };
        let expected = Batch::new().update(customer, FIRST).create(entry);
        assert_eq!(store.writes(), vec![expected], "keep previous: {keep_previous}");
    }
}

#[test]
fn reassigning_to_the_same_lead_writes_nothing() {
    let store = Recorder::with(Batch::new().put(stored_customer()));
    assert!(!run(usecases::customers::reassign(&store, &mut context(Some(USER), 1), 5, 10, false, "x")).unwrap());
    assert_eq!(store.writes(), Vec::<Batch>::new());
}

#[test]
fn reassigning_every_account_of_a_departing_user_writes_one_bulk_entry_each() {
    let led = stored_customer();
    let member = Customer { id: 6, team: AccountTeam { lead: 12, members: vec![10, 13] }, ..Customer::default() };
    let other = Customer { id: 8, team: AccountTeam { lead: 12, members: vec![] }, ..Customer::default() };
    let store = Recorder::with(Batch::new().put_all([led.clone(), member.clone(), other]));
    let count = run(usecases::customers::reassign_all(&store, &mut context(Some(USER), 500), 10, 20, "离职")).unwrap();
    assert_eq!(count, 2);
    let stamp = |c: Customer, team| Customer { team, modified_by: USER, modified_at: Some(today()), ..c };
    let bulk = |id, target: &str, changes| AuditEntry {
        reason: "离职".into(),
        ..entry(id, Some(USER), target, AuditAction::Bulk, changes)
    };
    let expected = Batch::new()
        .update(stamp(led, AccountTeam { lead: 20, members: vec![11] }), FIRST)
        .create(bulk(500, "customers/5", vec![change("team_lead", "10", "20")]))
        .update(stamp(member, AccountTeam { lead: 12, members: vec![13] }), FIRST)
        .create(bulk(501, "customers/6", vec![change("team_members", "10,13", "13")]));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn a_reassignment_without_a_reason_is_refused() {
    for reason in ["", "  "] {
        let store = Recorder::with(Batch::new().put(stored_customer()));
        let result = run(usecases::customers::reassign(&store, &mut context(Some(USER), 1), 5, 20, true, reason));
        assert_refused(result, StoreErrorKind::ReasonRequired, &store);
        let result = run(usecases::customers::reassign_all(&store, &mut context(Some(USER), 1), 10, 20, reason));
        assert_refused(result, StoreErrorKind::ReasonRequired, &store);
    }
}

// Orders -------------------------------------------------------------------------------------

fn stored_order() -> Order {
    Order {
        id: 70,
        customer_id: 5,
        number: "SO-2026-000001".into(),
        status: OrderStatus::Confirmed,
        owner: 10,
        ordered: Some(date("2026-05-01")),
        lines: vec![OrderLine { product: "XE215".into(), quantity: 1, ..OrderLine::default() }],
        ..Order::default()
    }
}

#[test]
fn saving_a_new_order_writes_it_and_a_create_entry_under_its_customer() {
    let store = Recorder::with(Batch::new().put(stored_order()));
    let draft = OrderDraft {
        lines: vec![LineDraft { product: "XE60".into(), quantity: "2".into(), ..LineDraft::default() }],
        ..OrderDraft::new(" SO-2026-000002 ".into(), date("2026-05-19"), Some(10))
    };
    let saved = run(usecases::orders::save(&store, &mut context(Some(USER), 700), 5, None, &draft)).unwrap();
    let order = Order {
        id: 700,
        customer_id: 5,
        number: "SO-2026-000002".into(),
        status: OrderStatus::Confirmed,
        owner: 10,
        ordered: Some(date("2026-05-19")),
        lines: vec![OrderLine { id: 701, product: "XE60".into(), quantity: 2, ..OrderLine::default() }],
        ..Order::default()
    };
    assert_eq!(saved, usecases::Saved::Stored { record: order.clone(), merged_with: None });
    let changes = vec![
        change("orders/700/number", "", "SO-2026-000002"),
        change("orders/700/status", "", "confirmed"),
        change("orders/700/owner", "", "10"),
        change("orders/700/ordered", "", "2026-05-19"),
        change("orders/700/prepaid_percent", "", "0"),
        change("orders/700/credit_days", "", "0"),
        change("orders/700/lines", "", &audit::line_text(&order.lines[0])),
    ];
    let expected =
        Batch::new().create(order).create(entry(702, Some(USER), "customers/5", AuditAction::Create, changes));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn saving_an_order_lists_the_changed_fields_and_may_keep_its_own_number() {
    let store = Recorder::with(Batch::new().put(stored_order()));
    let opened = run(usecases::orders::open(&store, 70)).unwrap().unwrap();
    let draft =
        OrderDraft { status: OrderStatus::Shipped, shipped: "2026-05-18".into(), ..OrderDraft::of(&opened.record) };
    run(usecases::orders::save(&store, &mut context(Some(USER), 710), 5, Some(&opened), &draft)).unwrap();
    // The stored line had no id: it is written keyed by its position, which no entry lists.
    let mut order = Order { status: OrderStatus::Shipped, shipped: Some(date("2026-05-18")), ..stored_order() };
    order.lines[0].id = 1;
    let changes =
        vec![change("orders/70/status", "confirmed", "shipped"), change("orders/70/shipped", "", "2026-05-18")];
    let expected =
        Batch::new().update(order, FIRST).create(entry(710, Some(USER), "customers/5", AuditAction::Update, changes));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn deleting_an_order_keeps_every_field_and_the_reason_in_its_entry() {
    let store = Recorder::with(Batch::new().put(stored_order()));
    let shown = run(usecases::orders::open(&store, 70)).unwrap().unwrap();
    run(usecases::orders::delete(&store, &mut context(Some(USER), 720), &shown, " 重复录入 ")).unwrap();
    let entry = AuditEntry {
        reason: "重复录入".into(),
        ..entry(720, Some(USER), "customers/5", AuditAction::Delete, audit::diff(Some(&stored_order()), None))
    };
    assert!(entry.changes.contains(&change("orders/70/number", "SO-2026-000001", "")));
    assert_eq!(store.writes(), vec![Batch::new().delete_at::<Order>(Key::Id(70), FIRST).put(entry)]);
}

#[test]
fn refused_order_writes_write_nothing() {
    let taken = OrderDraft::new("so-2026-000001".into(), today(), Some(10));
    let free = OrderDraft::new("SO-2026-000009".into(), today(), Some(10));
    let gone = StoreErrorKind::NotFound { entity: Entity::Order, id: 71 };
    let gone_order = Revised { record: Order { id: 71, ..stored_order() }, revision: None };
    let cases = [
        ("a new order with a taken number", Some(USER), None, &taken, StoreErrorKind::NumberTaken),
        ("no current user", None, None, &free, StoreErrorKind::NoCurrentUser),
        ("an order that is gone", Some(USER), Some(&gone_order), &free, gone),
        ("no current user, number taken", None, None, &taken, StoreErrorKind::NoCurrentUser),
    ];
    for (case, user, opened, draft, kind) in cases {
        let store = Recorder::with(Batch::new().put(stored_order()));
        let result = run(usecases::orders::save(&store, &mut context(user, 1), 5, opened, draft));
        assert_eq!(result.as_ref().map_err(|e| e.kind), Err(kind), "{case}");
        assert_refused(result, kind, &store);
    }
    for (case, user, shown, kind) in [
        ("delete by no current user", None, None, StoreErrorKind::NoCurrentUser),
        ("delete of an order that is gone", Some(USER), Some(&gone_order), gone),
    ] {
        let store = Recorder::with(Batch::new().put(stored_order()));
        let opened = run(usecases::orders::open(&store, 70)).unwrap().unwrap();
        let result = run(usecases::orders::delete(&store, &mut context(user, 1), shown.unwrap_or(&opened), ""));
        assert_eq!(result.as_ref().map_err(|e| e.kind), Err(kind), "{case}");
        assert_refused(result, kind, &store);
    }
}

// Opportunities ------------------------------------------------------------------------------

fn stored_opportunity() -> Opportunity {
    Opportunity {
        id: 80,
        customer_id: 5,
        title: "XE215 两台".into(),
        owner: 10,
        stage: FunnelStage::Identify,
        created: Some(date("2026-04-01")),
        history: vec![StageChange { stage: FunnelStage::Identify, date: Some(date("2026-04-01")) }],
        ..Opportunity::default()
    }
}

#[test]
fn saving_a_new_opportunity_enters_identify_today_with_a_create_entry() {
    let store = Recorder::default();
    let draft = OpportunityDraft {
        customer: Some(5),
        title: " XE215 两台 ".into(),
        owner: Some(10),
        ..OpportunityDraft::default()
    };
    let saved = run(usecases::opportunities::save(&store, &mut context(Some(USER), 800), None, &draft)).unwrap();
    let opportunity = Opportunity {
        id: 800,
        created: Some(today()),
        history: vec![StageChange { stage: FunnelStage::Identify, date: Some(today()) }],
        ..stored_opportunity()
    };
    assert_eq!(saved, usecases::Saved::Stored { record: opportunity.clone(), merged_with: None });
    let changes = audit::diff(None, Some(&opportunity));
    assert!(changes.contains(&change("opportunities/800/stage", "", "identify")));
    let expected =
        Batch::new().create(opportunity).create(entry(801, Some(USER), "customers/5", AuditAction::Create, changes));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn saving_an_opportunity_lists_the_changed_fields() {
    let store = Recorder::with(Batch::new().put(stored_opportunity()));
    let draft = OpportunityDraft {
        customer: Some(5),
        title: "XE215 三台".into(),
        owner: Some(10),
        ..OpportunityDraft::default()
    };
    let opened = run(usecases::get_revised::<Opportunity>(&store, 80)).unwrap().unwrap();
    run(usecases::opportunities::save(&store, &mut context(Some(USER), 810), Some(&opened), &draft)).unwrap();
    let opportunity = Opportunity { title: "XE215 三台".into(), ..stored_opportunity() };
    let changes = vec![change("opportunities/80/title", "XE215 两台", "XE215 三台")];
    let expected = Batch::new().update(opportunity, FIRST).create(entry(
        810,
        Some(USER),
        "customers/5",
        AuditAction::Update,
        changes,
    ));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn a_gated_stage_move_writes_the_move_with_its_criteria_or_its_override() {
    let gates = GateSettings::default();
    let unmet = vec!["identify_contact_known".to_owned(), "identify_need_described".to_owned()];
    let ticked = MoveDecision { ticked: unmet.clone(), ..MoveDecision::default() };
    let overridden = MoveDecision { override_reason: Some(" 老客户 ".into()), ..MoveDecision::default() };
    let moved = Opportunity {
        stage: FunnelStage::Qualify,
        history: vec![
            StageChange { stage: FunnelStage::Identify, date: Some(date("2026-04-01")) },
            StageChange { stage: FunnelStage::Qualify, date: Some(today()) },
        ],
        ..stored_opportunity()
    };
    let with_ticks = Opportunity { criteria_met: unmet.clone(), ..moved.clone() };
    let override_ = GateOverride {
        date: Some(today()),
        by: USER,
        from: FunnelStage::Identify,
        to: FunnelStage::Qualify,
        unmet: unmet.clone(),
        reason: "老客户".into(),
    };
    let with_override = Opportunity { gate_overrides: vec![override_.clone()], ..moved };
    let stage = change("opportunities/80/stage", "identify", "qualify");
    let cases = [
        (
            "criteria ticked",
            ticked,
            with_ticks,
            vec![stage.clone(), change("opportunities/80/criteria_met", "", &unmet.join(","))],
            "",
        ),
        (
            "override",
            overridden,
            with_override,
            vec![stage, change("opportunities/80/gate_overrides", "", &audit::override_text(&override_))],
            "老客户",
        ),
    ];
    for (case, decision, after, changes, reason) in cases {
        let store = Recorder::with(Batch::new().put(stored_opportunity()));
        let ctx = &mut context(Some(USER), 820);
        let result = run(usecases::opportunities::move_to(&store, ctx, 80, FunnelStage::Qualify, &decision, &gates));
        assert_eq!(result, Ok(Ok(after.clone())), "{case}");
        let entry =
            AuditEntry { reason: reason.into(), ..entry(820, Some(USER), "customers/5", AuditAction::Update, changes) };
        assert_eq!(store.writes(), vec![Batch::new().update(after, FIRST).create(entry)], "{case}");
    }
}

#[test]
fn a_refused_stage_move_writes_nothing() {
    let gates = GateSettings::default();
    let unmet = vec!["identify_contact_known".to_owned(), "identify_need_described".to_owned()];
    let blank_override = MoveDecision { override_reason: Some("  ".into()), ..MoveDecision::default() };
    let cases = [
        ("gated without its criteria", FunnelStage::Qualify, MoveDecision::default(), MoveError::Blocked { unmet }),
        ("override without a reason", FunnelStage::Develop, blank_override, MoveError::MissingOverrideReason),
        ("lost without a reason", FunnelStage::Lost, MoveDecision::default(), MoveError::MissingLostReason),
        ("to the same stage", FunnelStage::Identify, MoveDecision::default(), MoveError::SameStage),
    ];
    for (case, to, decision, refusal) in cases {
        let store = Recorder::with(Batch::new().put(stored_opportunity()));
        let result =
            run(usecases::opportunities::move_to(&store, &mut context(Some(USER), 1), 80, to, &decision, &gates));
        assert_eq!(result, Ok(Err(refusal)), "{case}");
        assert_eq!(store.writes(), Vec::<Batch>::new(), "{case}");
    }
}

#[test]
fn opportunity_writes_need_a_current_user_and_a_stored_opportunity() {
    let gates = GateSettings::default();
    let draft = OpportunityDraft { customer: Some(5), title: "XE60".into(), ..OpportunityDraft::default() };
    let gone = StoreErrorKind::NotFound { entity: Entity::Opportunity, id: 81 };
    let deleted = Revised { record: Opportunity { id: 81, ..stored_opportunity() }, revision: None };
    for (case, user, opened, kind) in [
        ("save by no current user", None, None, StoreErrorKind::NoCurrentUser),
        ("save of an opportunity that is gone", Some(USER), Some(&deleted), gone),
    ] {
        let store = Recorder::with(Batch::new().put(stored_opportunity()));
        let result = run(usecases::opportunities::save(&store, &mut context(user, 1), opened, &draft));
        assert_eq!(result.as_ref().map_err(|e| e.kind), Err(kind), "{case}");
        assert_refused(result, kind, &store);
    }
    let decision = MoveDecision::default();
    for (case, user, id, kind) in [
        ("move by no current user", None, 80, StoreErrorKind::NoCurrentUser),
        ("move of an opportunity that is gone", Some(USER), 81, gone),
    ] {
        let store = Recorder::with(Batch::new().put(stored_opportunity()));
        let ctx = &mut context(user, 1);
        let result = run(usecases::opportunities::move_to(&store, ctx, id, FunnelStage::Develop, &decision, &gates));
        assert_eq!(result.as_ref().map_err(|e| e.kind), Err(kind), "{case}");
        assert_refused(result, kind, &store);
    }
}

// Interactions -------------------------------------------------------------------------------

fn stored_interaction() -> Interaction {
    Interaction {
        id: 90,
        customer_id: 5,
        kind: InteractionKind::Visit,
        date: Some(date("2026-05-10")),
        by: 10,
        notes: "试机".into(),
        follow_up: Some(date("2026-05-15")),
        ..Interaction::default()
    }
}

#[test]
fn logging_an_interaction_writes_it_by_the_current_user_with_a_create_entry() {
    let store = Recorder::default();
    let draft = InteractionDraft {
        kind: InteractionKind::Call,
        date: "2026-05-19".into(),
        contact_id: Some(51),
        notes: " 报价 ".into(),
        follow_up: "2026-05-26".into(),
    };
    let id = run(usecases::interactions::log(&store, &mut context(Some(USER), 900), 5, &draft)).unwrap();
    assert_eq!(id, 900);
    let interaction = Interaction {
        id: 900,
        customer_id: 5,
        contact_id: Some(51),
        kind: InteractionKind::Call,
        date: Some(date("2026-05-19")),
        by: USER,
        notes: "报价".into(),
        follow_up: Some(date("2026-05-26")),
        follow_up_done: false,
    };
    let changes = vec![
        change("interactions/900/kind", "", "call"),
        change("interactions/900/date", "", "2026-05-19"),
        change("interactions/900/contact", "", "51"),
        change("interactions/900/notes", "", "报价"),
        change("interactions/900/follow_up", "", "2026-05-26"),
    ];
    let expected =
        Batch::new().put(interaction).put(entry(901, Some(USER), "customers/5", AuditAction::Create, changes));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn logging_an_interaction_without_a_current_user_is_refused() {
    let store = Recorder::default();
    let draft = InteractionDraft { date: "2026-05-19".into(), ..InteractionDraft::default() };
    let result = run(usecases::interactions::log(&store, &mut context(None, 1), 5, &draft));
    assert_refused(result, StoreErrorKind::NoCurrentUser, &store);
}

#[test]
fn a_follow_up_done_or_moved_writes_the_interaction_and_its_entry() {
    let moved_to = date("2026-05-29");
    let cases = [
        (
            "done",
            Interaction { follow_up_done: true, ..stored_interaction() },
            change("interactions/90/follow_up_done", "", "true"),
        ),
        (
            "moved",
            Interaction { follow_up: Some(moved_to), ..stored_interaction() },
            change("interactions/90/follow_up", "2026-05-15", "2026-05-29"),
        ),
    ];
    for (case, after, changed) in cases {
        let store = Recorder::with(Batch::new().put(stored_interaction()));
        let ctx = &mut context(Some(USER), 910);
        let wrote = match case {
            "done" => run(usecases::interactions::complete_follow_up(&store, ctx, 90)),
            _ => run(usecases::interactions::reschedule_follow_up(&store, ctx, 90, moved_to)),
        };
        assert_eq!(wrote, Ok(true), "{case}");
        let entry = entry(910, Some(USER), "customers/5", AuditAction::Update, vec![changed]);
        assert_eq!(store.writes(), vec![Batch::new().update(after, FIRST).create(entry)], "{case}");
    }
}

#[test]
fn a_follow_up_change_that_changes_nothing_or_finds_nothing_writes_nothing() {
    let store = Recorder::with(Batch::new().put(stored_interaction()));
    let same = date("2026-05-15");
    assert_eq!(run(usecases::interactions::reschedule_follow_up(&store, &mut context(None, 1), 90, same)), Ok(false));
    assert_eq!(store.writes(), Vec::<Batch>::new());
    let result = run(usecases::interactions::complete_follow_up(&store, &mut context(None, 1), 91));
    assert_refused(result, StoreErrorKind::NotFound { entity: Entity::Interaction, id: 91 }, &store);
}

// Partners -----------------------------------------------------------------------------------

#[test]
fn saving_a_new_supplier_stamps_it_and_writes_a_create_entry_under_its_target() {
    let store = Recorder::default();
    let draft = SupplierDraft {
        supplier: Supplier { name: " 恒立液压 ".into(), quality: 4, ..Supplier::default() },
        products: "油缸、泵".into(),
    };
    let saved = run(usecases::partners::save_supplier(&store, &mut context(Some(USER), 1000), None, &draft)).unwrap();
    let supplier = Supplier {
        id: 1000,
        name: "恒立液压".into(),
        products: vec!["油缸".into(), "泵".into()],
        quality: 4,
        created_by: USER,
        created_at: Some(today()),
        modified_by: USER,
        modified_at: Some(today()),
        ..Supplier::default()
    };
    assert_eq!(saved, usecases::Saved::Stored { record: supplier.clone(), merged_with: None });
    let changes = vec![change("name", "", "恒立液压"), change("products", "", "油缸; 泵"), change("quality", "", "4")];
    let expected =
        Batch::new().create(supplier).create(entry(1001, Some(USER), "suppliers/1000", AuditAction::Create, changes));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn saving_a_trade_partner_lists_the_changed_fields() {
    let stored =
        TradePartner { id: 1010, name: "招商银行".into(), kind: PartnerKind::Bank, ..TradePartner::default() };
    let store = Recorder::with(Batch::new().put(stored.clone()));
    let edited = TradePartner { reference: " 6225 8800 ".into(), ..stored.clone() };
    let opened = run(usecases::get_revised::<TradePartner>(&store, 1010)).unwrap().unwrap();
    let ctx = &mut context(Some(USER), 1020);
    let saved = run(usecases::partners::save_trade_partner(&store, ctx, Some(&opened), &edited));
    let partner =
        TradePartner { reference: "6225 8800".into(), modified_by: USER, modified_at: Some(today()), ..stored };
    assert_eq!(saved, Ok(usecases::Saved::Stored { record: partner.clone(), merged_with: None }));
    let changes = vec![change("reference", "", "6225 8800")];
    let expected = Batch::new().update(partner, FIRST).create(entry(
        1020,
        Some(USER),
        "trade_partners/1010",
        AuditAction::Update,
        changes,
    ));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn deleting_a_partner_keeps_its_fields_in_a_delete_entry() {
    let supplier = Supplier { id: 1030, name: "恒立液压".into(), ..Supplier::default() };
    let partner =
        TradePartner { id: 1031, name: "顺丰".into(), kind: PartnerKind::Courier, ..TradePartner::default() };
    let store = Recorder::with(Batch::new().put(supplier).put(partner));
    let shown = run(usecases::get_revised::<Supplier>(&store, 1030)).unwrap().unwrap();
    run(usecases::partners::delete_supplier(&store, &mut context(None, 1040), &shown)).unwrap();
    let shown = run(usecases::get_revised::<TradePartner>(&store, 1031)).unwrap().unwrap();
    run(usecases::partners::delete_trade_partner(&store, &mut context(Some(USER), 1041), &shown)).unwrap();
    let supplier_entry = entry(1040, None, "suppliers/1030", AuditAction::Delete, vec![change("name", "恒立液压", "")]);
    let partner_changes = vec![change("name", "顺丰", ""), change("kind", "courier", "")];
    let partner_entry = entry(1041, Some(USER), "trade_partners/1031", AuditAction::Delete, partner_changes);
    assert_eq!(
        store.writes(),
        vec![
            Batch::new().delete_at::<Supplier>(Key::Id(1030), FIRST).put(supplier_entry),
            Batch::new().delete_at::<TradePartner>(Key::Id(1031), FIRST).put(partner_entry),
        ]
    );

    // A partner changed after the form showed it is not deleted unseen.
    let shown = Revised { record: Supplier { id: 1032, ..Supplier::default() }, revision: None };
    let store = Recorder::with(Batch::new().create(shown.record.clone()));
    let shown = run(usecases::get_revised::<Supplier>(&store, 1032)).unwrap().unwrap();
    let renamed = Supplier { name: "恒立".into(), ..shown.record.clone() };
    run(usecases::partners::save_supplier(
        &store,
        &mut context(None, 1050),
        Some(&shown),
        &SupplierDraft::of(&renamed),
    ))
    .unwrap();
    store.writes();
    let result = run(usecases::partners::delete_supplier(&store, &mut context(None, 1060), &shown));
    assert_eq!(result.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Supplier });
    let kept = run(store.get::<Supplier>(Key::Id(1032))).unwrap().map(|s| s.name);
    assert_eq!(kept.as_deref(), Some("恒立"), "refused in its transaction: the supplier stays");
    let entries: Vec<AuditEntry> = run(store.get_all()).unwrap();
    assert!(entries.iter().all(|e| e.action != AuditAction::Delete), "and no deletion entry");
}

#[test]
fn partner_writes_of_a_record_that_is_gone_write_nothing() {
    let store = Recorder::default();
    let ctx = &mut context(Some(USER), 1);
    let supplier = |id| StoreErrorKind::NotFound { entity: Entity::Supplier, id };
    let partner = |id| StoreErrorKind::NotFound { entity: Entity::TradePartner, id };
    let draft = SupplierDraft::default();
    let opened = Revised { record: Supplier { id: 1, ..Supplier::default() }, revision: None };
    assert_refused(run(usecases::partners::save_supplier(&store, ctx, Some(&opened), &draft)), supplier(1), &store);
    let edited = TradePartner::default();
    let opened = Revised { record: TradePartner { id: 2, ..TradePartner::default() }, revision: None };
    let result = run(usecases::partners::save_trade_partner(&store, ctx, Some(&opened), &edited));
    assert_refused(result, partner(2), &store);
    let shown = Revised { record: Supplier { id: 3, ..Supplier::default() }, revision: None };
    assert_refused(run(usecases::partners::delete_supplier(&store, ctx, &shown)), supplier(3), &store);
    let shown = Revised { record: TradePartner { id: 4, ..TradePartner::default() }, revision: None };
    assert_refused(run(usecases::partners::delete_trade_partner(&store, ctx, &shown)), partner(4), &store);
}

// Machines -----------------------------------------------------------------------------------

fn stored_machine() -> Machine {
    Machine {
        id: 1100,
        serial: "XUG0001".into(),
        model: "XE215".into(),
        customer_id: 5,
        delivered: Some(date("2025-03-01")),
        hours: 1200,
        ..Machine::default()
    }
}

#[test]
fn saving_a_machine_writes_it_with_its_entry_or_its_problems_and_nothing() {
    let base = || Batch::new().put(stored_customer()).put(stored_machine());
    let draft = MachineDraft {
        serial: " XUG0002 ".into(),
        model: "XE60".into(),
        customer: "徐工机械".into(),
        delivered: "2026-05-01".into(),
        hours: "30".into(),
        ..MachineDraft::default()
    };
    let store = Recorder::with(base());
    let saved = run(usecases::machines::save(&store, &mut context(Some(USER), 1110), None, &draft)).unwrap();
    let machine = Machine {
        id: 1110,
        serial: "XUG0002".into(),
        model: "XE60".into(),
        customer_id: 5,
        delivered: Some(date("2026-05-01")),
        hours: 30,
        ..Machine::default()
    };
    assert_eq!(saved, Ok(usecases::Saved::Stored { record: machine.clone(), merged_with: None }));
    let changes = audit::diff(None, Some(&machine));
    assert!(changes.contains(&change("serial", "", "XUG0002")));
    let expected =
        Batch::new().create(machine).create(entry(1111, Some(USER), "machines/1110", AuditAction::Create, changes));
    assert_eq!(store.writes(), vec![expected]);

    let store = Recorder::with(base());
    let taken = MachineDraft { serial: "xug0001".into(), ..draft };
    let saved = run(usecases::machines::save(&store, &mut context(Some(USER), 1120), None, &taken)).unwrap();
    assert_eq!(saved, Err(vec![(MachineField::Serial, MachineError::DuplicateSerial)]));
    assert_eq!(store.writes(), Vec::<Batch>::new(), "a refused machine writes nothing");
}

#[test]
fn committing_a_machines_file_writes_every_machine_and_an_entry_each() {
    let store = Recorder::with(Batch::new().put(stored_machine()));
    let updated = Machine { hours: 1500, ..stored_machine() };
    let created = Machine { id: 1130, serial: "XUG0003".into(), model: "XE60".into(), ..Machine::default() };
    let file = [updated.clone(), created.clone()];
    let counts = run(usecases::machines::commit(&store, &mut context(Some(USER), 1140), &[stored_machine()], &file));
    assert_eq!(counts, Ok((1, 1)));
    let update_entry =
        entry(1140, Some(USER), "machines/1100", AuditAction::Update, vec![change("hours", "1200", "1500")]);
    let create_entry = entry(1141, Some(USER), "machines/1130", AuditAction::Create, audit::diff(None, Some(&created)));
    let expected =
        Batch::new().update(updated, FIRST).put(update_entry).update(created.clone(), Base::New).put(create_entry);
    assert_eq!(store.writes(), vec![expected]);

    // A machine changed in another tab after the file was checked refuses the whole file.
    let store = Recorder::with(Batch::new().put(Machine { hours: 1300, ..stored_machine() }));
    let result = run(usecases::machines::commit(&store, &mut context(Some(USER), 1140), &[stored_machine()], &file));
    assert_refused(result, StoreErrorKind::Changed { entity: Entity::Machine }, &store);
}

// Parts imports ------------------------------------------------------------------------------

fn stored_part() -> Part {
    Part { id: 1200, number: "P-1".into(), name_zh: "滤芯".into(), pack_size: 1, ..Part::default() }
}

#[test]
fn a_demand_import_replaces_stored_histories_and_creates_parts_for_new_series() {
    let store = Recorder::with(Batch::new().put(stored_part()));
    let history =
        |part_id, quantities: Vec<Option<u32>>| PartDemand { part_id, start: Some(Month::new(2025, 1)), quantities };
    let series = vec![
        ImportedDemand { part: "P-1".into(), line: 2, demand: history(0, vec![Some(3), None]) },
        ImportedDemand { part: "P-2".into(), line: 4, demand: history(0, vec![Some(0), Some(1)]) },
    ];
    let numbers = HashMap::from([("P-1".to_owned(), 1200)]);
    let ctx = &mut context(Some(USER), 1210);
    let counts = run(usecases::parts::commit_demand(&store, ctx, series, &numbers, |_| {})).unwrap();
    assert_eq!(counts, DemandCounts { created: 1, updated: 1 });
    let expected = Batch::new()
        .put(history(1200, vec![Some(3), None]))
        .create(Part { id: 1210, number: "P-2".into(), pack_size: 1, ..Part::default() })
        .put(history(1210, vec![Some(0), Some(1)]));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn a_parts_master_import_updates_the_cells_a_row_filled_and_creates_new_numbers() {
    let store = Recorder::with(Batch::new().put(stored_part()));
    let updates = [
        PartUpdate { number: "P-1".into(), name_en: Some("Filter".into()), ..PartUpdate::default() },
        PartUpdate { number: "P-2".into(), name_zh: Some("油封".into()), ..PartUpdate::default() },
    ];
    let counts = run(usecases::parts::commit_parts(&store, &mut context(Some(USER), 1220), &updates)).unwrap();
    assert_eq!(counts, RecordCounts { created: 1, updated: 1 });
    let expected = Batch::new().update(Part { name_en: "Filter".into(), ..stored_part() }, FIRST).create(Part {
        id: 1220,
        number: "P-2".into(),
        name_zh: "油封".into(),
        pack_size: 1,
        ..Part::default()
    });
    assert_eq!(store.writes(), vec![expected]);

    // A part edited in another tab between the import's read and its write keeps that edit.
    let priced = Part { unit_price: Cny::from_yuan(120), ..stored_part() };
    let store = Recorder::with(Batch::new().put(stored_part())).interloped(Batch::new().put(priced));
    run(usecases::parts::commit_parts(&store, &mut context(Some(USER), 1220), &updates[..1])).unwrap();
    let part = run(store.get::<Part>(Key::Id(1200))).unwrap().unwrap();
    assert_eq!((part.name_en.as_str(), part.unit_price), ("Filter", Cny::from_yuan(120)));
}

#[test]
fn a_stock_import_replaces_a_location_s_quantity_or_adds_the_location() {
    let stored = StockLevel { id: 1230, part_id: 1200, location: "Main".into(), on_hand: 3 };
    let store = Recorder::with(Batch::new().put(stored_part()).put(stored.clone()));
    let rows = [
        StockRow { part_id: 1200, location: "ＭＡＩＮ".into(), on_hand: 5 },
        StockRow { part_id: 1200, location: "上海".into(), on_hand: 2 },
    ];
    let counts = run(usecases::parts::commit_stock(&store, &mut context(Some(USER), 1240), &rows)).unwrap();
    assert_eq!(counts, RecordCounts { created: 1, updated: 1 });
    let expected = Batch::new().update(StockLevel { on_hand: 5, ..stored }, FIRST).create(StockLevel {
        id: 1240,
        part_id: 1200,
        location: "上海".into(),
        on_hand: 2,
    });
    assert_eq!(store.writes(), vec![expected]);
}

// Pipeline import and people -----------------------------------------------------------------

#[test]
fn a_pipeline_import_streams_every_opportunity_with_its_entry() {
    let store = Recorder::with(Batch::new().put(stored_opportunity()));
    let created = Opportunity { id: 1300, customer_id: 6, title: "GTX Pro".into(), ..Opportunity::default() };
    let after = Opportunity { owner: 12, ..stored_opportunity() };
    let writes = vec![
        PipelineWrite::Created(created.clone()),
        PipelineWrite::Updated { before: Box::new(stored_opportunity()), after: after.clone() },
    ];
    let mut sent = 0;
    let ctx = &mut context(Some(USER), 1310);
    run(usecases::pipeline_import::commit(&store, ctx, writes, " 导入 ", |n| sent = n)).unwrap();
    assert_eq!(sent, 4);
    let with_reason = |entry: AuditEntry| AuditEntry { reason: "导入".into(), ..entry };
    let create_changes = audit::diff(None, Some(&created));
    let update_changes = vec![change("opportunities/80/owner", "10", "12")];
    let expected = Batch::new()
        .create(created)
        .create(with_reason(entry(1310, Some(USER), "customers/6", AuditAction::Create, create_changes)))
        .put(after)
        .create(with_reason(entry(1311, Some(USER), "customers/5", AuditAction::Update, update_changes)));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn adding_a_user_writes_an_active_user_under_a_new_id() {
    let store = Recorder::default();
    let id = run(usecases::users::add(&store, &mut context(None, 1400), " 赵平 ", UserRole::Sales)).unwrap();
    assert_eq!(id, 1400);
    let user = User { id: 1400, name: "赵平".into(), role: UserRole::Sales, active: true, ..User::default() };
    assert_eq!(store.writes(), vec![Batch::new().put(user.clone())]);
    let team =
        vec![User { name: "赵平 (上海)".into(), ..user }, User { id: 1401, name: "蒋峰斌".into(), ..User::default() }];
    run(usecases::users::commit(&store, &mut context(None, 1), team.clone())).unwrap();
    assert_eq!(store.writes(), vec![Batch::new().put_all(team)]);
}

// Customer value -----------------------------------------------------------------------------

#[test]
fn saving_ratings_writes_them_with_their_entry_and_nothing_when_unchanged() {
    let stored = Ratings { customer_id: 5, industry_influence: 3, ..Ratings::default() };
    let store = Recorder::with(Batch::new().put(stored.clone()));
    let rated = Ratings { new_product: 4, confirmed_grade: Some(Grade::A), ..stored.clone() };
    let saved = run(usecases::grades::save_ratings(&store, &mut context(Some(USER), 1500), &stored, rated.clone()));
    assert_eq!(saved, Ok(true));
    let changes = vec![change("value/new_product", "", "4"), change("value/confirmed_grade", "", "a")];
    let expected = Batch::new().update(rated.clone(), FIRST).create(entry(
        1500,
        Some(USER),
        "customers/5",
        AuditAction::Update,
        changes,
    ));
    assert_eq!(store.writes(), vec![expected]);
    assert_eq!(
        run(usecases::grades::save_ratings(&store, &mut context(Some(USER), 1), &rated, rated.clone())),
        Ok(false)
    );
    assert_eq!(store.writes(), Vec::<Batch>::new(), "unchanged ratings write nothing");

    // Another window rated communication since this card showed the ratings: both are kept; the
    // same rating changed on both sides is refused, nothing written.
    let communicated = Ratings { communication: 2, ..rated.clone() };
    run(usecases::grades::save_ratings(&store, &mut context(Some(USER), 1), &rated, communicated)).unwrap();
    store.writes();
    let priced = Ratings { price_sensitivity: 5, ..rated.clone() };
    assert_eq!(run(usecases::grades::save_ratings(&store, &mut context(Some(USER), 1600), &rated, priced)), Ok(true));
    let now = run(store.get::<Ratings>(Key::Id(5))).unwrap().unwrap();
    assert_eq!((now.communication, now.price_sensitivity, now.new_product), (2, 5, 4));
    store.writes();
    let clashing = Ratings { communication: 4, ..rated.clone() };
    let result = run(usecases::grades::save_ratings(&store, &mut context(Some(USER), 1), &rated, clashing));
    assert_refused(result, StoreErrorKind::Changed { entity: Entity::Ratings }, &store);
}

#[test]
fn a_snapshot_keeps_today_s_grades_and_puts_each_changed_grade_on_its_timeline() {
    let score = |customer_id, total, grade| CustomerScore {
        customer_id,
        total,
        grade: Some(grade),
        ..CustomerScore::default()
    };
    let scores = [score(5, 81.0, Grade::A), score(6, 40.0, Grade::C), score(8, 60.0, Grade::B)];
    let entry_of = |customer_id, score_tenths, grade| SnapshotEntry { customer_id, score_tenths, grade: Some(grade) };
    let latest = GradeSnapshot {
        date: Some(date("2026-04-30")),
        entries: vec![entry_of(5, 700, Grade::B), entry_of(6, 400, Grade::C)],
    };
    let today_snapshot = GradeSnapshot {
        date: Some(today()),
        entries: vec![entry_of(5, 810, Grade::A), entry_of(6, 400, Grade::C), entry_of(8, 600, Grade::B)],
    };
    let last_date = Setting { key: "grading.last_snapshot".into(), value: "2026-05-20".into() };
    let graded = |id, target: &str, before, after| {
        entry(id, Some(USER), target, AuditAction::Update, vec![change("value/grade", before, after)])
    };
    let store = Recorder::default();
    let changed = run(usecases::grades::take_snapshot(&store, &mut context(Some(USER), 1600), Some(&latest), &scores));
    assert_eq!(changed, Ok(2));
    let expected = Batch::new()
        .put(graded(1600, "customers/5", "b", "a"))
        .put(graded(1601, "customers/8", "", "b"))
        .put(today_snapshot.clone())
        .put(last_date.clone());
    assert_eq!(store.writes(), vec![expected.clone()]);
    let ctx = &mut context(Some(USER), 1600);
    let grading = GradingSettings::default();
    let opened = Revised { record: GradingSettings::default(), revision: None };
    let saved =
        run(usecases::grades::save_settings(&store, ctx, &opened, &grading, Some(&latest), |_| scores.to_vec()));
    assert_eq!(saved, Ok((usecases::Saved::Stored { record: grading.clone(), merged_with: None }, 2)));
    let settings = Setting { key: "grading.settings".into(), value: to_json(&grading).unwrap() };
    assert_eq!(store.writes(), vec![expected.create(settings)], "settings go with the snapshot they give");
}

mod conflicts;
mod customer_import;
mod demo;
mod machine_forms;
mod market;
mod order_forms;
mod revisions;
mod service;
mod settings;
mod settings_forms;
mod shows;
mod sync;
mod win_back;
