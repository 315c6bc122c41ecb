//! One contract, two stores: every case here runs against the in-memory twin natively
//! (`tests/store_memory.rs`) and against IndexedDB in headless Chromium (`tests/browser.rs`),
//! each on a fresh, empty store.

mod outbox;
mod revisions;
pub use outbox::*;
pub use revisions::*;

use kehu::demo::{DemoBatch, DemoGenerator, DemoSize};
use kehu::domain::date::{Date, Month};
use kehu::domain::grading::grade::Grade;
use kehu::domain::grading::indicators::Ratings;
use kehu::domain::grading::snapshot::{GradeSnapshot, SnapshotEntry};
use kehu::domain::market::size::{ProductLine as Line, TonnageClass};
use kehu::domain::market::{Market, SiteSighting, SizeSource};
use kehu::domain::model::*;
use kehu::domain::money::Cny;
use kehu::domain::shows::{Conversion, Interest, Lead, ProductLine, Show, Temperature};
use kehu::store::backup::{self, Backup, BackupError, Compression};
use kehu::store::{Base, Batch, Entity, Put, Reads, Record, Stamp, Store, StoreErrorKind};

/// Calls `$run!(case, case, …)` with every case, so both runners list the same cases.
#[macro_export]
macro_rules! conformance_cases {
    ($run:ident) => {
        $run!(
            round_trips_every_kind,
            missing_keys_read_as_none,
            put_replaces_the_record_with_the_same_key,
            index_queries_match_exact_values,
            unset_fields_stay_out_of_indexes,
            unique_violation_aborts_the_whole_batch,
            duplicate_inside_one_batch_aborts_it,
            deletes_and_puts_apply_together,
            counts_every_kind,
            clear_empties_every_kind,
            numeric_keys_sort_as_numbers,
            large_batches_round_trip,
            a_large_batch_failing_early_or_late_writes_nothing,
            a_stream_of_puts_writes_all_or_nothing,
            unknown_index_is_an_error,
            read_many_reads_keys_indexes_and_all_in_one_go,
            backup_restore_backup_is_byte_identical,
            restore_replaces_everything_that_was_there,
            a_failed_restore_leaves_the_workspace_as_it_was,
            a_gzip_backup_restores_like_the_plain_one,
            an_old_schema_backup_restores_with_defaults,
            a_backup_file_is_the_same_on_every_store,
            writes_stamp_only_the_kinds_they_touch,
            every_write_makes_a_new_revision,
            a_write_from_a_stale_revision_is_refused_whole,
            a_new_record_over_a_stored_key_is_refused,
            deletes_leave_tombstones_that_nothing_else_sees,
            a_stream_checks_every_base_and_refuses_whole,
            a_restore_gives_every_record_a_first_revision,
            the_outbox_keeps_each_change_with_its_history,
            a_refused_write_leaves_the_outbox_alone,
            arrivals_store_the_replicas_revision_unless_changed_here,
        );
    };
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// A customer with every field set, including text that must survive as text.
pub fn rich_customer(id: Id) -> Customer {
    Customer {
        id,
        company: format!("新疆天山路桥工程有限公司 <script>alert({id})</script> =SUM(A1)"),
        country: "CN".into(),
        province: "CN-XJ".into(),
        city: "乌鲁木齐".into(),
        address: "乌鲁木齐市天山区解放北路88号".into(),
        phone: "0991-2345678".into(),
        email: "sales@tsbridge.com.cn".into(),
        wechat: "tslq_88".into(),
        other_channels: "QQ 12345".into(),
        main_products: vec!["挖掘机".into(), "装载机".into()],
        industry: "矿业".into(),
        parent_company: "中国中铁".into(),
        custom: vec![CustomField { name: "employees".into(), value: "2822".into() }],
        source: LeadSource::TradeShow,
        communication: CommunicationStatus::Negotiating,
        credit_index: 87,
        lifecycle: Lifecycle::Lost,
        lost_kind: Some(LostKind::Competitor),
        lost_reason: "价格 \"更低\"".into(),
        customer_type: CustomerType::StateOwned,
        buyer_role: BuyerRole::Purchaser,
        concern: Concern::Productivity,
        application: Application::Mining,
        market: Some(kehu::domain::region::MarketType::Resource),
        market_override: None,
        key_account: false,
        key_account_reason: String::new(),
        team: AccountTeam { lead: 3, members: vec![4, 5] },
        created_by: 3,
        created_at: Some(date("2021-03-04")),
        modified_by: 4,
        modified_at: Some(date("2026-11-01")),
        absorbed: vec![17, 18],
    }
}

pub(crate) fn contact(id: Id, customer_id: Id) -> Contact {
    Contact { id, customer_id, name: format!("王建国{id}"), role: ContactRole::DecisionMaker, ..Contact::default() }
}

fn part(id: Id, number: &str) -> Part {
    Part { id, number: number.into(), name_zh: "斗齿".into(), name_en: "Bucket tooth".into(), ..Part::default() }
}

pub async fn round_trips_every_kind<S: Store>(store: &S) {
    let order = Order {
        id: 7,
        customer_id: 1,
        number: "SO-2024-0007".into(),
        status: OrderStatus::Completed,
        owner: 3,
        lines: vec![OrderLine {
            id: 0,
            product: "SY215C".into(),
            kind: ProductKind::Machine,
            quantity: 2,
            unit_price: Cny::from_yuan(980_000),
            unit_cost: Cny::from_yuan(850_000),
        }],
        ordered: Some(date("2024-01-05")),
        ready: Some(date("2024-01-20")),
        shipped: Some(date("2024-01-22")),
        documents_sent: Some(date("2024-01-23")),
        paid: None,
        prepaid_percent: 30,
        credit_days: 90,
        claim: Some(Claim { amount: Cny(12_345), reason: "运输损坏".into(), settled: true }),
    };
    let opportunity = Opportunity {
        id: 9,
        customer_id: 1,
        stage: FunnelStage::Propose,
        man: Man { money: true, authority: false, need: true },
        history: vec![
            StageChange { stage: FunnelStage::Identify, date: Some(date("2026-01-02")) },
            StageChange { stage: FunnelStage::Propose, date: Some(date("2026-03-02")) },
        ],
        ..Opportunity::default()
    };
    let demand = PartDemand { part_id: 5, start: Some(Month::new(2022, 1)), quantities: vec![Some(0), None, Some(3)] };
    let audit = AuditEntry {
        id: 1,
        at_ms: 1_700_000_000_123,
        user: Some(3),
        target: "customers/1".into(),
        action: AuditAction::Update,
        changes: vec![FieldChange { field: "company".into(), before: "a".into(), after: "b".into() }],
        reason: "renamed after merger".into(),
    };
    let batch = Batch::new()
        .put(User {
            id: 3,
            name: "李娜".into(),
            role: UserRole::Sales,
            active: true,
            manager: Some(1),
            office: "长沙".into(),
        })
        .put(rich_customer(1))
        .put(contact(2, 1))
        .put(Interaction { id: 4, customer_id: 1, follow_up: Some(date("2026-11-25")), ..Interaction::default() })
        .put(order.clone())
        .put(opportunity.clone())
        .put(part(5, "SY-60234-01"))
        .put(demand.clone())
        .put(StockLevel { id: 6, part_id: 5, location: "总库".into(), on_hand: 12 })
        .put(Machine { id: 8, serial: "SY215C-2024-00001".into(), customer_id: 1, ..Machine::default() })
        .put(ServiceTicket { id: 10, customer_id: 1, machine_id: Some(8), visits: 5, ..ServiceTicket::default() })
        .put(Setting { key: "grade.thresholds".into(), value: "[80,60,40]".into() })
        .put(audit.clone())
        .put(supplier(11))
        .put(bank(12))
        .put(ratings(1))
        .put(snapshot(&[1]))
        .put(show(20))
        .put(lead(21, 20, "13800000001"))
        .put(lead(22, 20, "13900000002"))
        .put(sighting(23))
        .put(market(24));
    assert_eq!(batch.entities().len(), Entity::ALL.len());
    store.write(batch).await.unwrap();

    assert_eq!(store.get::<Customer>(1.into()).await.unwrap(), Some(rich_customer(1)));
    assert_eq!(store.get::<Order>(7.into()).await.unwrap(), Some(order));
    assert_eq!(store.get::<Opportunity>(9.into()).await.unwrap(), Some(opportunity));
    assert_eq!(store.get::<PartDemand>(5.into()).await.unwrap(), Some(demand));
    assert_eq!(store.get::<AuditEntry>(1.into()).await.unwrap(), Some(audit));
    let setting = store.get::<Setting>("grade.thresholds".into()).await.unwrap().unwrap();
    assert_eq!(setting.value, "[80,60,40]");
    assert_eq!(store.get::<StockLevel>(6.into()).await.unwrap().unwrap().on_hand, 12);
    assert_eq!(store.get::<Supplier>(11.into()).await.unwrap(), Some(supplier(11)));
    assert_eq!(store.get::<TradePartner>(12.into()).await.unwrap(), Some(bank(12)));
    assert_eq!(store.get_by_index::<Supplier>("name", "徐工液压件有限公司".into()).await.unwrap(), vec![supplier(11)]);
    assert_eq!(store.get_by_index::<TradePartner>("kind", "bank".into()).await.unwrap(), vec![bank(12)]);
    assert!(store.get_by_index::<TradePartner>("kind", "courier".into()).await.unwrap().is_empty());
    assert_eq!(store.get::<Ratings>(1.into()).await.unwrap(), Some(ratings(1)));
    assert_eq!(store.get::<GradeSnapshot>(date("2026-06-30").into()).await.unwrap(), Some(snapshot(&[1])));
    assert_eq!(store.get::<Show>(20.into()).await.unwrap(), Some(show(20)));
    assert_eq!(store.get_by_index::<Lead>("show_id", 20.into()).await.unwrap().len(), 2);
    assert_eq!(
        store.get_by_index::<Lead>("mobile", "13900000002".into()).await.unwrap(),
        vec![lead(22, 20, "13900000002")]
    );
    assert_eq!(store.get::<SiteSighting>(23.into()).await.unwrap(), Some(sighting(23)));
    assert_eq!(store.get::<Market>(24.into()).await.unwrap(), Some(market(24)));
}

/// Machines seen on a site with every field set.
pub fn sighting(id: Id) -> SiteSighting {
    SiteSighting {
        id,
        brand: "卡特彼勒".into(),
        model: "320GC".into(),
        line: Line::Excavator,
        tonnage: Some(TonnageClass::Medium),
        province: "CN-JS".into(),
        place: "徐州 地铁6号线".into(),
        seen_on: Some(date("2026-11-20")),
        units: 3,
        logged_by: 4,
        note: "租赁公司的".into(),
    }
}

/// An estimated market size, fractional, of one class.
pub fn market(id: Id) -> Market {
    Market {
        id,
        province: "CN-JS".into(),
        line: Line::Excavator,
        year: 2026,
        tonnage: Some(TonnageClass::Large),
        units: 412,
        source: SizeSource::Estimated,
    }
}

/// A trade show with every field set.
pub fn show(id: Id) -> Show {
    Show {
        id,
        name: "2026 上海宝马展".into(),
        place: "上海新国际博览中心".into(),
        starts: Some(date("2026-11-24")),
        ends: Some(date("2026-11-27")),
        booth: "E5-610".into(),
        cost: Cny::from_yuan(180_000),
        staff: vec![3, 4],
        closed: Some(date("2026-11-28")),
        created_by: 3,
        created_at: Some(date("2026-10-01")),
        modified_by: 4,
        modified_at: Some(date("2026-11-28")),
    }
}

/// A converted lead of show `show_id` with every field set.
pub fn lead(id: Id, show_id: Id, mobile: &str) -> Lead {
    Lead {
        id,
        show_id,
        captured_by: 3,
        captured_at: 1_790_000_000_000,
        mobile: mobile.into(),
        name: "王芳".into(),
        company: "徐州恒达机械有限公司".into(),
        province: "CN-JS".into(),
        interest: Interest {
            line: Some(ProductLine::Excavator),
            model: "SY215C".into(),
            quantity: 2,
            ..Interest::default()
        },
        man: Man { money: true, authority: false, need: true },
        financing: true,
        trade_in: false,
        temperature: Temperature::Warm,
        note: "要分期".into(),
        customer_id: None,
        contact_id: None,
        converted: Some(Conversion {
            customer_id: 1,
            contact_id: Some(2),
            new_customer: true,
            opportunity_id: None,
            follow_up_id: 4,
            owner: 3,
        }),
    }
}

/// The user's ratings of customer `id`, one left unrated, with a confirmed grade.
pub fn ratings(id: Id) -> Ratings {
    Ratings {
        customer_id: id,
        industry_influence: 5,
        new_product: 0,
        price_sensitivity: 4,
        communication: 2,
        confirmed_grade: Some(Grade::B),
    }
}

/// The grade snapshot of 2026-06-30 holding `customers`, one graded per grade in turn.
pub fn snapshot(customers: &[Id]) -> GradeSnapshot {
    let entries = customers
        .iter()
        .zip([Some(Grade::A), None, Some(Grade::D)].into_iter().cycle())
        .map(|(&customer_id, grade)| SnapshotEntry { customer_id, score_tenths: 725, grade })
        .collect();
    GradeSnapshot { date: Some(date("2026-06-30")), entries }
}

/// A supplier with every field set.
pub fn supplier(id: Id) -> Supplier {
    Supplier {
        id,
        name: "徐工液压件有限公司".into(),
        address: "江苏省徐州市经济开发区".into(),
        contact: "张敏".into(),
        phone: "0516-8773 8888".into(),
        email: "parts@xcmg-hyd.com".into(),
        wechat: "xcmg_parts".into(),
        products: vec!["液压泵".into(), "多路阀".into()],
        price_level: 3,
        delivery_speed: 4,
        service_level: 0,
        quality: 5,
        notes: "账期 60 天\n春节前备货".into(),
        created_by: 3,
        created_at: Some(date("2025-03-01")),
        modified_by: 3,
        modified_at: Some(date("2025-04-02")),
    }
}

/// A bank as a trade partner, with every field set.
pub fn bank(id: Id) -> TradePartner {
    TradePartner {
        id,
        name: "中国建设银行长沙分行".into(),
        kind: PartnerKind::Bank,
        contact: "刘行长".into(),
        phone: "95533".into(),
        email: "cs@ccb.com".into(),
        address: "长沙市芙蓉区".into(),
        reference: "4300 1234 5678".into(),
        notes: "按揭合作".into(),
        created_by: 3,
        created_at: Some(date("2025-03-01")),
        ..TradePartner::default()
    }
}

pub async fn missing_keys_read_as_none<S: Store>(store: &S) {
    assert_eq!(store.get::<Customer>(404.into()).await.unwrap(), None);
    assert_eq!(store.get::<Setting>("nope".into()).await.unwrap(), None);
    assert!(store.get_all::<Contact>().await.unwrap().is_empty());
}

pub async fn put_replaces_the_record_with_the_same_key<S: Store>(store: &S) {
    store.write(Batch::new().put(rich_customer(1))).await.unwrap();
    let renamed = Customer { company: "浙江宏达建设集团有限公司".into(), ..rich_customer(1) };
    store.write(Batch::new().put(renamed.clone())).await.unwrap();
    assert_eq!(store.get_all::<Customer>().await.unwrap(), vec![renamed]);
}

pub async fn index_queries_match_exact_values<S: Store>(store: &S) {
    let batch = Batch::new().put_all([contact(1, 10), contact(2, 20), contact(3, 10), contact(4, 100)]).put_all(
        FunnelStage::ALL.iter().enumerate().map(|(i, stage)| Opportunity {
            id: i as Id + 1,
            stage: *stage,
            ..Opportunity::default()
        }),
    );
    store.write(batch).await.unwrap();
    let of_ten: Vec<Id> =
        store.get_by_index::<Contact>("customer_id", 10.into()).await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(of_ten, vec![1, 3]);
    let won = store.get_by_index::<Opportunity>("stage", "won".into()).await.unwrap();
    assert_eq!(won.len(), 1);
    assert_eq!(won[0].stage, FunnelStage::Won);
    assert!(store.get_by_index::<Contact>("customer_id", 11.into()).await.unwrap().is_empty());
}

pub async fn unset_fields_stay_out_of_indexes<S: Store>(store: &S) {
    let due = Interaction { id: 1, follow_up: Some(date("2026-11-25")), ..Interaction::default() };
    let none = Interaction { id: 2, follow_up: None, ..Interaction::default() };
    store.write(Batch::new().put(due.clone()).put(none)).await.unwrap();
    assert_eq!(store.get_by_index::<Interaction>("follow_up", date("2026-11-25").into()).await.unwrap(), vec![due]);
    // An empty text is a key like any other: two machines without a serial collide.
    let error = store
        .write(Batch::new().put(Machine { id: 1, ..Machine::default() }).put(Machine { id: 2, ..Machine::default() }))
        .await
        .unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::Constraint);
}

pub async fn unique_violation_aborts_the_whole_batch<S: Store>(store: &S) {
    store.write(Batch::new().put(part(1, "SY-1"))).await.unwrap();
    let clash = Batch::new().put(rich_customer(5)).put(contact(6, 5)).put(part(2, "SY-1"));
    let error = store.write(clash).await.unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::Constraint, "{error}");
    assert_eq!(store.get::<Customer>(5.into()).await.unwrap(), None, "nothing half-written");
    assert!(store.get_all::<Contact>().await.unwrap().is_empty());
    assert_eq!(store.get_all::<Part>().await.unwrap(), vec![part(1, "SY-1")]);
}

pub async fn duplicate_inside_one_batch_aborts_it<S: Store>(store: &S) {
    let error = store.write(Batch::new().put(part(1, "X")).put(part(2, "X"))).await.unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::Constraint);
    assert_eq!(store.counts().await.unwrap().total(), 0);
}

pub async fn deletes_and_puts_apply_together<S: Store>(store: &S) {
    store.write(Batch::new().put_all([contact(1, 1), contact(2, 1)])).await.unwrap();
    store.write(Batch::new().delete::<Contact>(1.into()).put(contact(3, 1))).await.unwrap();
    let ids: Vec<Id> = store.get_all::<Contact>().await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![2, 3]);
    // Deleting what is not there is not an error.
    store.write(Batch::new().delete::<Contact>(99.into())).await.unwrap();
}

pub async fn counts_every_kind<S: Store>(store: &S) {
    let batch =
        Batch::new().put_all((1..=3).map(rich_customer)).put_all((1..=5).map(|i| contact(i, 1))).put(part(1, "A"));
    store.write(batch).await.unwrap();
    let counts = store.counts().await.unwrap();
    assert_eq!(counts.0.len(), Entity::ALL.len());
    assert_eq!(counts.get(Entity::Customer), 3);
    assert_eq!(counts.get(Entity::Contact), 5);
    assert_eq!(counts.get(Entity::Part), 1);
    assert_eq!(counts.get(Entity::Machine), 0);
    assert_eq!(counts.total(), 9);
}

pub async fn clear_empties_every_kind<S: Store>(store: &S) {
    store.write(Batch::new().put(rich_customer(1)).put(part(1, "A"))).await.unwrap();
    store.clear().await.unwrap();
    assert_eq!(store.counts().await.unwrap().total(), 0);
    store.write(Batch::new().put(part(1, "A"))).await.unwrap();
    assert_eq!(store.counts().await.unwrap().total(), 1, "usable after clear");
}

pub async fn numeric_keys_sort_as_numbers<S: Store>(store: &S) {
    store.write(Batch::new().put_all([contact(10, 1), contact(2, 1), contact(1, 1)])).await.unwrap();
    let ids: Vec<Id> = store.get_all::<Contact>().await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![1, 2, 10]);
}

pub async fn large_batches_round_trip<S: Store>(store: &S) {
    store.write(Batch::new().put_all((1..=2_000).map(|i| contact(i, i % 7)))).await.unwrap();
    let all = store.get_all::<Contact>().await.unwrap();
    assert_eq!(all.len(), 2_000);
    assert_eq!(all[1_999], contact(2_000, 2_000 % 7));
    assert_eq!(store.get_by_index::<Contact>("customer_id", 3.into()).await.unwrap().len(), 286);
}

/// Thousands of puts go out in slices; a failure in any slice still aborts all of them, and is
/// reported as what it is.
pub async fn a_large_batch_failing_early_or_late_writes_nothing<S: Store>(store: &S) {
    let contacts = || (1..=2_500).map(|i| contact(i, 1));
    let late = Batch::new().put(part(1, "X")).put_all(contacts()).put(part(2, "X"));
    let early = Batch::new().put(part(1, "Y")).put(part(2, "Y")).put_all(contacts());
    for batch in [late, early] {
        let error = store.write(batch).await.unwrap_err();
        assert_eq!(error.kind, StoreErrorKind::Constraint, "{error}");
        assert_eq!(store.counts().await.unwrap().total(), 0, "nothing half-written");
    }
}

/// A streamed write is one transaction like a batch: every record or none, and it says how far
/// it got.
pub async fn a_stream_of_puts_writes_all_or_nothing<S: Store>(store: &S) {
    let kinds = [Entity::Contact, Entity::Part];
    let mut heard = Vec::new();
    let records = (1..=2_500).map(|i| latest(contact(i, i % 3))).chain([latest(part(1, "X"))]);
    store.put_stream(Stamp::default(), &kinds, records, |sent| heard.push(sent)).await.unwrap();
    assert_eq!(store.counts().await.unwrap().total(), 2_501);
    assert!(heard.windows(2).all(|w| w[0] < w[1]), "progress only grows: {heard:?}");
    assert_eq!(heard.last(), Some(&2_501), "{heard:?}");

    let clash = (5_000..=7_000).map(|i| latest(contact(i, 1))).chain([latest(part(2, "X"))]);
    let error = store.put_stream(Stamp::default(), &kinds, clash, |_| {}).await.unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::Constraint, "{error}");
    assert_eq!(store.counts().await.unwrap().total(), 2_501, "nothing half-written");
    let stray = [latest(part(3, "Y"))].into_iter();
    assert!(store.put_stream(Stamp::default(), &[Entity::Contact], stray, |_| {}).await.is_err());
    assert_eq!(store.counts().await.unwrap().total(), 2_501);
}

/// A cache keyed by the stamps of the kinds it read must see every write of them, and only those.
pub async fn writes_stamp_only_the_kinds_they_touch<S: Store>(store: &S) {
    let stamps = |kinds: &[Entity]| kinds.iter().map(|&e| store.write_stamp(e)).collect::<Vec<u64>>();
    let all = stamps(Entity::ALL);
    assert_eq!(stamps(Entity::ALL), all, "reading changes nothing");
    store.write(Batch::new().put(rich_customer(1))).await.unwrap();
    let after_customer = stamps(Entity::ALL);
    for (i, &entity) in Entity::ALL.iter().enumerate() {
        assert_eq!(after_customer[i] != all[i], entity == Entity::Customer, "{entity:?}");
    }
    store.get_all::<Customer>().await.unwrap();
    assert_eq!(stamps(Entity::ALL), after_customer);
    // A delete is a write of its kind; a streamed write stamps the kinds it names.
    let customer = store.write_stamp(Entity::Customer);
    store.write(Batch::new().delete::<Customer>(1.into())).await.unwrap();
    assert_ne!(store.write_stamp(Entity::Customer), customer);
    let before = stamps(&[Entity::Contact, Entity::Part, Entity::Order]);
    let kinds = [Entity::Contact, Entity::Part];
    store.put_stream(Stamp::default(), &kinds, [latest(contact(1, 1))].into_iter(), |_| {}).await.unwrap();
    let after = stamps(&[Entity::Contact, Entity::Part, Entity::Order]);
    assert!(after[0] != before[0] && after[1] != before[1] && after[2] == before[2], "{before:?} {after:?}");
    // Clearing and restoring touch every kind.
    for round in 0..2 {
        let before = stamps(Entity::ALL);
        if round == 0 {
            store.clear().await.unwrap();
        } else {
            store.replace_all(Stamp::default(), vec![part(1, "A").into_any()]).await.unwrap();
        }
        let after = stamps(Entity::ALL);
        assert!(before.iter().zip(&after).all(|(b, a)| b != a), "round {round}");
    }
}

pub async fn unknown_index_is_an_error<S: Store>(store: &S) {
    assert!(store.get_by_index::<Contact>("no_such_index", 1.into()).await.is_err());
}

pub async fn read_many_reads_keys_indexes_and_all_in_one_go<S: Store>(store: &S) {
    let users = [
        User { id: 1, name: "蒋峰斌".into(), ..User::default() },
        User { id: 2, name: "赵平".into(), ..User::default() },
    ];
    let batch = Batch::new()
        .put(rich_customer(10))
        .put(rich_customer(11))
        .put_all([contact(1, 10), contact(2, 11), contact(3, 10)])
        .put_all(users.clone())
        .put(part(1, "SY-1"));
    store.write(batch).await.unwrap();
    let mut reads = Reads::new();
    let customer = reads.key::<Customer>(10);
    let contacts = reads.index::<Contact>("customer_id", 10);
    let all_users = reads.all::<User>();
    let missing = reads.key::<Customer>(99);
    let one_part = reads.key::<Part>(1);
    let no_contacts = reads.index::<Contact>("customer_id", 12);
    let mut read = store.read_many(&reads).await.unwrap();
    assert_eq!(read.len(), 6, "one result per lookup");
    assert_eq!(read.take(customer), vec![rich_customer(10)]);
    assert_eq!(read.take(contacts), vec![contact(1, 10), contact(3, 10)]);
    assert_eq!(read.take(all_users), users.to_vec());
    assert_eq!(read.one(missing), None, "a missing key reads as nothing");
    assert_eq!(read.one(one_part), Some(part(1, "SY-1")));
    assert!(read.take(no_contacts).is_empty());
    assert!(read.take(contacts).is_empty(), "a lookup's records are taken once");
    assert!(store.read_many(&Reads::new()).await.unwrap().is_empty());
    let mut bad = Reads::new();
    bad.index::<Contact>("no_such_index", 1);
    assert!(store.read_many(&bad).await.is_err());
}

// Backup and restore --------------------------------------------------------------------------

const CREATED_MS: i64 = 1_780_000_000_000;

/// A record of every kind with awkward values, ids far from the demo's.
pub fn every_kind() -> Batch {
    const BASE: Id = 1_000_000;
    Batch::new()
        .put(User { id: BASE, name: "李娜".into(), active: true, manager: Some(1), ..User::default() })
        .put(rich_customer(BASE))
        .put(contact(BASE + 1, BASE))
        // The largest id a JavaScript number holds exactly.
        .put(contact((1 << 53) - 1, BASE))
        .put(Interaction {
            id: BASE,
            customer_id: BASE,
            notes: "line one\nline two\t\"quoted\" \\ 😀 \u{7f}\u{2028}".into(),
            follow_up: Some(date("2026-11-25")),
            ..Interaction::default()
        })
        .put(Order {
            id: BASE,
            customer_id: BASE,
            lines: vec![OrderLine { quantity: 2, unit_price: Cny(-1), ..OrderLine::default() }],
            claim: Some(Claim { amount: Cny(12_345), reason: "运输损坏".into(), settled: true }),
            ..Order::default()
        })
        .put(Opportunity { id: BASE, customer_id: BASE, stage: FunnelStage::Won, ..Opportunity::default() })
        .put(part(BASE, "KEHU-TEST-0001"))
        .put(PartDemand { part_id: BASE, start: Some(Month::new(2022, 1)), quantities: vec![Some(0), None, Some(3)] })
        .put(StockLevel { id: BASE, part_id: BASE, location: "总库".into(), on_hand: 12 })
        .put(Machine { id: BASE, serial: "KEHU-TEST-0001".into(), customer_id: BASE, ..Machine::default() })
        .put(ServiceTicket { id: BASE, customer_id: BASE, machine_id: Some(BASE), ..ServiceTicket::default() })
        .put(Setting { key: "grade.thresholds".into(), value: "[80,60,40]".into() })
        .put(Setting { key: "demo.size".into(), value: "\"demo\"".into() })
        .put(AuditEntry {
            id: BASE,
            at_ms: 1_700_000_000_123,
            user: Some(BASE),
            target: format!("customers/{BASE}"),
            action: AuditAction::Update,
            changes: vec![FieldChange { field: "company".into(), before: String::new(), after: "\u{0}\u{1f}".into() }],
            reason: "renamed after merger".into(),
        })
        .put(supplier(BASE))
        .put(bank(BASE))
        .put(ratings(BASE))
        .put(snapshot(&[1, BASE, (1 << 53) - 1]))
        .put(show(BASE))
        .put(lead(BASE, BASE, "13800000001"))
        .put(sighting(BASE))
        .put(market(BASE))
}

/// [`every_kind`], then the demo's users and its first 40 customers with everything that hangs
/// off them (about 1,900 records).
pub fn populated() -> Batch {
    let mut batch = every_kind();
    for demo in DemoGenerator::new(DemoSize::Demo, 7, date("2026-11-01")).take(2) {
        batch = put_demo(batch, demo);
    }
    batch
}

fn put_demo(batch: Batch, b: DemoBatch) -> Batch {
    const CUSTOMERS: Id = 40;
    batch
        .put_all(b.users)
        .put_all(b.customers.into_iter().filter(|r| r.id <= CUSTOMERS))
        .put_all(b.contacts.into_iter().filter(|r| r.customer_id <= CUSTOMERS))
        .put_all(b.interactions.into_iter().filter(|r| r.customer_id <= CUSTOMERS))
        .put_all(b.orders.into_iter().filter(|r| r.customer_id <= CUSTOMERS))
        .put_all(b.opportunities.into_iter().filter(|r| r.customer_id <= CUSTOMERS))
        .put_all(b.machines.into_iter().filter(|r| r.customer_id <= CUSTOMERS))
        .put_all(b.tickets.into_iter().filter(|r| r.customer_id <= CUSTOMERS))
        .put_all(b.ratings.into_iter().filter(|r| r.customer_id <= CUSTOMERS))
}

async fn export<S: Store>(store: &S, compression: Compression) -> Vec<u8> {
    backup::export(store, "kehu-mine", CREATED_MS, compression).await.unwrap()
}

/// Compares two backup files without printing megabytes when they differ.
fn assert_same_bytes(left: &[u8], right: &[u8]) {
    if let Some(at) = left.iter().zip(right).position(|(a, b)| a != b) {
        let around = |bytes: &[u8]| {
            String::from_utf8_lossy(&bytes[at.saturating_sub(80)..(at + 80).min(bytes.len())]).into_owned()
        };
        panic!("backups differ at byte {at}:\n{}\n---\n{}", around(left), around(right));
    }
    assert_eq!(left.len(), right.len(), "one backup is a prefix of the other");
}

pub async fn backup_restore_backup_is_byte_identical<S: Store>(store: &S) {
    store.write(populated()).await.unwrap();
    let counts = store.counts().await.unwrap();
    assert!(Entity::ALL.iter().all(|e| counts.get(*e) > 0), "every kind is populated: {counts:?}");
    let first = export(store, Compression::None).await;
    let backup = backup::parse_backup(&first).unwrap();
    assert_eq!(backup.counts(), counts);
    store.clear().await.unwrap();
    backup::restore(store, Stamp::default(), backup).await.unwrap();
    assert_eq!(store.counts().await.unwrap(), counts);
    assert_eq!(store.get::<Customer>(1_000_000.into()).await.unwrap(), Some(rich_customer(1_000_000)));
    let second = export(store, Compression::None).await;
    assert_same_bytes(&first, &second);
    // Restoring over the same data (no clear first) changes nothing either.
    backup::restore(store, Stamp::default(), backup::parse_backup(&second).unwrap()).await.unwrap();
    assert_same_bytes(&first, &export(store, Compression::None).await);
}

pub async fn restore_replaces_everything_that_was_there<S: Store>(store: &S) {
    store.write(Batch::new().put(rich_customer(1)).put(contact(5, 1)).put(part(1, "SY-1"))).await.unwrap();
    // The new part takes the old one's unique number: the old is gone within the same transaction.
    let backup = Backup::new("kehu-mine", 0, vec![rich_customer(2).into_any(), part(2, "SY-1").into_any()]);
    backup::restore(store, Stamp::default(), backup).await.unwrap();
    assert_eq!(store.get_all::<Customer>().await.unwrap(), vec![rich_customer(2)]);
    assert_eq!(store.get_all::<Part>().await.unwrap(), vec![part(2, "SY-1")]);
    assert!(store.get_all::<Contact>().await.unwrap().is_empty());
    assert_eq!(store.get_by_index::<Customer>("province", "CN-XJ".into()).await.unwrap().len(), 1);
    // An empty backup empties the workspace.
    backup::restore(store, Stamp::default(), Backup::new("kehu-mine", 0, Vec::new())).await.unwrap();
    assert_eq!(store.counts().await.unwrap().total(), 0);
}

pub async fn a_failed_restore_leaves_the_workspace_as_it_was<S: Store>(store: &S) {
    store.write(populated()).await.unwrap();
    let before = export(store, Compression::None).await;
    // Two parts with one number: the store refuses them part-way through the transaction, after
    // the clears and the first puts went out.
    let mut records = vec![rich_customer(1).into_any(), contact(1, 1).into_any()];
    records.extend((1..=200).map(|i| part(i, &format!("P-{i}")).into_any()));
    records.push(part(201, "P-1").into_any());
    let error = backup::restore(store, Stamp::default(), Backup::new("kehu-mine", 0, records)).await.unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::Constraint, "{error}");
    assert_same_bytes(&before, &export(store, Compression::None).await);
    // A file that does not read never reaches the store.
    let cut = &before[..before.len() / 2];
    assert!(matches!(backup::parse_backup(cut), Err(BackupError::Truncated { .. })));
    assert_same_bytes(&before, &export(store, Compression::None).await);
}

pub async fn a_gzip_backup_restores_like_the_plain_one<S: Store>(store: &S) {
    store.write(populated()).await.unwrap();
    let plain = export(store, Compression::None).await;
    let packed = export(store, Compression::Gzip).await;
    assert!(backup::is_gzip(&packed) && !backup::is_gzip(&plain));
    assert!(packed.len() * 5 < plain.len(), "{} gzipped from {}", packed.len(), plain.len());
    store.clear().await.unwrap();
    backup::restore(store, Stamp::default(), backup::parse_backup(&packed).unwrap()).await.unwrap();
    assert_same_bytes(&plain, &export(store, Compression::None).await);
    assert_eq!(export(store, Compression::Gzip).await, packed, "gzip output is deterministic too");
}

pub async fn an_old_schema_backup_restores_with_defaults<S: Store>(store: &S) {
    store.write(Batch::new().put(part(1, "SY-1"))).await.unwrap();
    let old = include_bytes!("../fixtures/backup/v1-before-custom-fields.json");
    let backup = backup::parse_backup(old).unwrap();
    assert_eq!(backup.schema_version, 1);
    backup::restore(store, Stamp::default(), backup).await.unwrap();
    let customer = store.get::<Customer>(1.into()).await.unwrap().unwrap();
    assert_eq!(customer.company, "新疆天山路桥工程有限公司");
    assert_eq!((customer.industry.as_str(), customer.parent_company.as_str()), ("", ""));
    assert!(customer.custom.is_empty());
    let user = store.get::<User>(3.into()).await.unwrap().unwrap();
    assert_eq!((user.name.as_str(), user.manager, user.office.as_str()), ("李娜", None, ""));
    let audit = store.get::<AuditEntry>(1.into()).await.unwrap().unwrap();
    assert_eq!((audit.target.as_str(), audit.reason.as_str()), ("customers/1", ""));
    assert_eq!(store.get_by_index::<Contact>("customer_id", 1.into()).await.unwrap().len(), 1);
    assert!(store.get_all::<Part>().await.unwrap().is_empty(), "what was there before is replaced");
    assert_eq!(store.counts().await.unwrap().total(), 5);
    // Backed up again, it is a backup of the current schema, with the new fields.
    let again = export(store, Compression::None).await;
    let text = String::from_utf8(again).unwrap();
    assert!(text.contains(&format!("\"schema_version\":{}", kehu::store::schema::VERSION)));
    assert!(text.contains("\"industry\":\"\",\"parent_company\":\"\",\"custom\":[]"));
}

/// The backup file of [`every_kind`], as `tests/fixtures/backup/every-kind.json` holds it.
pub async fn every_kind_file<S: Store>(store: &S) -> Vec<u8> {
    store.write(every_kind()).await.unwrap();
    export(store, Compression::None).await
}

/// The browser writes records with `JSON.stringify`, native code with serde_json: both must
/// give the file the fixture holds. After an intended change of the model, the fixtures above or
/// the format, rewrite it as `backup_fixture_is_current` in `tests/store_memory.rs` says.
pub async fn a_backup_file_is_the_same_on_every_store<S: Store>(store: &S) {
    let expected = include_bytes!("../fixtures/backup/every-kind.json");
    assert_same_bytes(&every_kind_file(store).await, expected);
    let backup = backup::parse_backup(expected).unwrap();
    assert_eq!(backup.counts().total(), 23);
}

/// A put over whatever is stored (the stream tests do not check bases).
fn latest(record: impl Record) -> Put {
    Put { record: record.into_any(), base: Base::Latest }
}

pub(crate) fn stamp(tag: u64, by: Option<Id>) -> Stamp {
    Stamp { tag, at_ms: 1_780_000_000_000 + tag as i64, by }
}
