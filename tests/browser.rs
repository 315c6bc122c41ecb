//! Browser tests in headless Chromium: the store conformance suite against IndexedDB, the
//! migration loop, and the events another tab's upgrade causes. Each test uses a fresh database.
#![cfg(target_arch = "wasm32")]

mod conformance;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use kehu::domain::grading::indicators::Ratings;
use kehu::domain::grading::snapshot::GradeSnapshot;
use kehu::domain::market::{Market, SiteSighting};
use kehu::domain::model::{Customer, Setting, Supplier, TradePartner};
use kehu::domain::shows::Lead;
use kehu::store::backup::{self, Compression};
use kehu::store::idb::{EventSink, IdbStore, StoreEvent};
use kehu::store::schema::{self, v1, v2, v3, v4, v5, v6, v7, Step, StoreSpec};
use kehu::store::{
    Arrival, Base, Batch, Entity, Incoming, Key, Reads, Record, Rev, Revised, Revision, Stamp, Store, StoreErrorKind,
};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A schema one step newer than the app's, as the next release would ship.
static NEXT_STEPS: &[Step] = &[
    v1::STEP,
    v2::STEP,
    v3::STEP,
    v4::STEP,
    v5::STEP,
    v6::STEP,
    v7::STEP,
    Step {
        version: schema::VERSION + 1,
        stores: &[StoreSpec { name: "test_extra", key_path: "id", indexes: &[] }],
        migration: None,
    },
];

/// The schema the first release shipped.
static V1_STEPS: &[Step] = &[v1::STEP];
/// The schema with suppliers and trade partners, before customer value.
static V2_STEPS: &[Step] = &[v1::STEP, v2::STEP];
/// The last schema before revisions: what release ff97c01 shipped.
static V3_STEPS: &[Step] = &[v1::STEP, v2::STEP, v3::STEP];
/// The last schema before the outbox.
static V4_STEPS: &[Step] = &[v1::STEP, v2::STEP, v3::STEP, v4::STEP];
/// The last schema before trade shows: what release 9ac7885 shipped.
static V5_STEPS: &[Step] = &[v1::STEP, v2::STEP, v3::STEP, v4::STEP, v5::STEP];

/// The last schema before the market view: what release 6127bc3 shipped.
static V6_STEPS: &[Step] = &[v1::STEP, v2::STEP, v3::STEP, v4::STEP, v5::STEP, v6::STEP];

/// The kinds schema v7 added.
const MARKET_KINDS: [Entity; 2] = [Entity::Sighting, Entity::Market];
/// The kinds schemas v6 and v7 added.
const SINCE_V6: [Entity; 4] = [Entity::Show, Entity::Lead, Entity::Sighting, Entity::Market];

fn fresh_name(test: &str) -> String {
    format!("kehu-test-{test}-{}", js_sys::Math::random().to_bits())
}

/// An event sink that remembers what it was told.
fn recorder() -> (EventSink, Rc<RefCell<Vec<StoreEvent>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (Rc::new(move |event| sink.borrow_mut().push(event)), seen)
}

fn ignore() -> EventSink {
    Rc::new(|_| {})
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

macro_rules! idb_cases {
    ($($case:ident),+ $(,)?) => {
        $(
            #[wasm_bindgen_test]
            async fn $case() {
                let name = fresh_name(stringify!($case));
                let store = IdbStore::open(&name, ignore()).await.unwrap();
                conformance::$case(&store).await;
                store.close();
                IdbStore::delete(&name).await.unwrap();
            }
        )+
    };
}

conformance_cases!(idb_cases);

#[wasm_bindgen_test]
async fn fresh_database_gets_every_store_and_a_ledger() {
    let name = fresh_name("fresh");
    let store = IdbStore::open(&name, ignore()).await.unwrap();
    let mut names = store.store_names();
    names.sort();
    let mut expected: Vec<String> =
        schema::STEPS.iter().flat_map(|step| step.stores).map(|s| s.name.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    // A fresh database runs every step in one upgrade, and the ledger says so.
    assert_eq!(store.applied_versions().await.unwrap(), (1..=schema::VERSION).collect::<Vec<_>>());
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn upgrade_runs_only_the_missing_step_and_keeps_data() {
    let name = fresh_name("upgrade");
    let old = IdbStore::open(&name, ignore()).await.unwrap();
    old.write(Batch::new().put(conformance::rich_customer(1))).await.unwrap();
    old.close();

    let new = IdbStore::open_with_steps(&name, NEXT_STEPS, ignore()).await.unwrap();
    assert!(new.store_names().contains(&"test_extra".to_string()));
    assert_eq!(new.applied_versions().await.unwrap(), (1..=schema::VERSION + 1).collect::<Vec<_>>());
    let customers: Vec<Customer> = new.get_all().await.unwrap();
    assert_eq!(customers, vec![conformance::rich_customer(1)]);
    new.close();

    // Reopening at the same version runs nothing and records nothing.
    let again = IdbStore::open_with_steps(&name, NEXT_STEPS, ignore()).await.unwrap();
    assert_eq!(again.applied_versions().await.unwrap(), (1..=schema::VERSION + 1).collect::<Vec<_>>());
    again.close();
    IdbStore::delete(&name).await.unwrap();
}

/// A user's database from an older release (`steps`, lacking the kinds `missing`): opening it
/// with this build runs the missing steps only, keeps every record, and the new stores work
/// (with their indexes) at once.
async fn upgrades_keeping_its_data(test: &str, steps: &'static [Step], missing: &[Entity]) {
    let name = fresh_name(test);
    let old = IdbStore::open_with_steps(&name, steps, ignore()).await.unwrap();
    for entity in missing {
        assert!(!old.store_names().contains(&entity.store_name().to_string()));
    }
    if steps.len() < v5::STEP.version as usize {
        assert!(!old.store_names().contains(&v5::OUTBOX.to_string()));
    }
    let mut records = conformance::populated();
    records.puts.retain(|p| !missing.contains(&p.record.entity()));
    // Counted from the records, not the store: counting reads every current store, which an
    // older database lacks.
    let before = backup::Backup::new("kehu-mine", 0, records.puts.iter().map(|p| p.record.clone()).collect()).counts();
    old.write(records).await.unwrap();
    old.close();

    let store = IdbStore::open(&name, ignore()).await.unwrap();
    assert_eq!(store.applied_versions().await.unwrap(), (1..=schema::VERSION).collect::<Vec<_>>());
    assert!(store.store_names().contains(&v4::TOMBSTONES.to_string()));
    assert_eq!(store.tombstones().await.unwrap(), []);
    assert!(!store.keeps_outbox().await.unwrap(), "an upgraded workspace syncs only once signed in");
    let after = store.counts().await.unwrap();
    for entity in Entity::ALL {
        assert_eq!(after.get(*entity), before.get(*entity), "{entity:?} kept");
    }
    assert!(after.get(Entity::Customer) > 0);
    assert_eq!(store.get::<Customer>(1_000_000.into()).await.unwrap(), Some(conformance::rich_customer(1_000_000)));
    let added = Batch::new()
        .put(conformance::supplier(1))
        .put(conformance::bank(2))
        .put(conformance::ratings(1))
        .put(conformance::snapshot(&[1, 2]));
    store.write(added).await.unwrap();
    // The new stores' indexes answer at once (the populated data may hold others of the kind).
    let by_name: Vec<Supplier> = store.get_by_index("name", "徐工液压件有限公司".into()).await.unwrap();
    assert!(by_name.contains(&conformance::supplier(1)));
    let banks: Vec<TradePartner> = store.get_by_index("kind", "bank".into()).await.unwrap();
    assert!(banks.contains(&conformance::bank(2)));
    assert_eq!(store.get::<Ratings>(1.into()).await.unwrap(), Some(conformance::ratings(1)));
    let snapshot = conformance::snapshot(&[1, 2]);
    let key = snapshot.date.expect("dated").into();
    assert_eq!(store.get::<GradeSnapshot>(key).await.unwrap(), Some(snapshot));
    store.write(Batch::new().put(conformance::show(1)).put(conformance::lead(2, 1, "13700000007"))).await.unwrap();
    let leads: Vec<Lead> = store.get_by_index("mobile", "13700000007".into()).await.unwrap();
    assert_eq!(leads, vec![conformance::lead(2, 1, "13700000007")]);
    store.write(Batch::new().put(conformance::sighting(3)).put(conformance::market(4))).await.unwrap();
    assert_eq!(store.get::<SiteSighting>(3.into()).await.unwrap(), Some(conformance::sighting(3)));
    assert_eq!(store.get::<Market>(4.into()).await.unwrap(), Some(conformance::market(4)));
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_v1_database_upgrades_keeping_its_data_and_gaining_every_later_store() {
    let missing = [
        Entity::Supplier,
        Entity::TradePartner,
        Entity::Ratings,
        Entity::GradeSnapshot,
        Entity::Show,
        Entity::Lead,
        Entity::Sighting,
        Entity::Market,
    ];
    upgrades_keeping_its_data("v1-up", V1_STEPS, &missing).await;
}

#[wasm_bindgen_test]
async fn a_v2_database_upgrades_keeping_its_data_and_gaining_the_value_stores() {
    let missing =
        [Entity::Ratings, Entity::GradeSnapshot, Entity::Show, Entity::Lead, Entity::Sighting, Entity::Market];
    upgrades_keeping_its_data("v2-up", V2_STEPS, &missing).await;
}

#[wasm_bindgen_test]
async fn a_v3_database_upgrades_keeping_its_data_and_gaining_the_tombstones() {
    upgrades_keeping_its_data("v3-up", V3_STEPS, &SINCE_V6).await;
}

#[wasm_bindgen_test]
async fn a_v4_database_upgrades_keeping_its_data_and_gaining_the_outbox() {
    upgrades_keeping_its_data("v4-up", V4_STEPS, &SINCE_V6).await;
}

#[wasm_bindgen_test]
async fn a_v5_database_upgrades_keeping_its_data_and_gaining_the_show_stores() {
    upgrades_keeping_its_data("v5-up", V5_STEPS, &SINCE_V6).await;
}

#[wasm_bindgen_test]
async fn a_v6_database_upgrades_keeping_its_data_and_gaining_the_market_stores() {
    upgrades_keeping_its_data("v6-up", V6_STEPS, &MARKET_KINDS).await;
}

#[wasm_bindgen_test]
async fn an_older_build_refuses_a_newer_database() {
    let name = fresh_name("too-new");
    IdbStore::open_with_steps(&name, NEXT_STEPS, ignore()).await.unwrap().close();
    let error = IdbStore::open(&name, ignore()).await.err().expect("older schema must not open");
    assert_eq!(error.kind, StoreErrorKind::TooNew, "{error}");
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_write_is_announced_to_hand_over_and_the_teams_records_only_as_arrived() {
    let name = fresh_name("arrived");
    let (sink, seen) = recorder();
    let store = IdbStore::open(&name, sink).await.unwrap();
    let customer = |id| Customer { id, company: format!("客户 {id}"), ..Customer::default() };
    store.write(Batch::new().create(customer(1))).await.unwrap();
    let revision = Revision { rev: Rev::parse("1-00000000000000a2").unwrap(), at_ms: 1_790_000_000_000, by: None };
    let incoming = Incoming {
        entity: Entity::Customer,
        key: Key::Id(2),
        record: Some(customer(2).into_any()),
        revision,
        base: None,
    };
    assert_eq!(store.arrive(vec![incoming]).await.unwrap(), vec![Arrival::Stored]);
    assert_eq!(
        *seen.borrow(),
        vec![StoreEvent::Wrote(vec![Entity::Customer]), StoreEvent::Arrived(vec![Entity::Customer])]
    );
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn another_tabs_upgrade_closes_this_connection_and_says_so() {
    let name = fresh_name("versionchange");
    let (sink, seen) = recorder();
    let this_tab = IdbStore::open(&name, sink).await.unwrap();
    let other_tab = IdbStore::open_with_steps(&name, NEXT_STEPS, ignore()).await.unwrap();
    assert_eq!(*seen.borrow(), vec![StoreEvent::VersionChanged]);
    assert!(this_tab.is_closed());
    let error = this_tab.counts().await.unwrap_err();
    assert_eq!(error.kind, StoreErrorKind::VersionChanged);
    other_tab.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_an_old_tab_reports_it_and_completes_when_it_closes() {
    let name = fresh_name("blocked");
    IdbStore::open(&name, ignore()).await.unwrap().close();
    // An old tab that, unlike ours, does not close on `versionchange`.
    let old_tab =
        indexed_db_futures::database::Database::open(name.as_str()).with_version(schema::VERSION).await.unwrap();
    wasm_bindgen_futures::spawn_local(async move {
        sleep(200).await;
        old_tab.close();
    });
    let (sink, seen) = recorder();
    let store = IdbStore::open_with_steps(&name, NEXT_STEPS, sink).await.unwrap();
    assert_eq!(*seen.borrow(), vec![StoreEvent::UpgradeBlocked, StoreEvent::UpgradeUnblocked]);
    assert_eq!(store.applied_versions().await.unwrap(), (1..=schema::VERSION + 1).collect::<Vec<_>>());
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

/// `IDBObjectStore.prototype.put` replaced, until dropped (a failing assertion included, so
/// no later test meets the stub).
struct PutStub {
    prototype: JsValue,
    real: JsValue,
}

impl PutStub {
    /// Puts `make(real put)` in place of `put`.
    fn new(make: impl FnOnce(&JsValue) -> JsValue) -> PutStub {
        let prototype = js_sys::Reflect::get(&js_sys::global(), &"IDBObjectStore".into())
            .and_then(|c| js_sys::Reflect::get(&c, &"prototype".into()))
            .unwrap();
        let real = js_sys::Reflect::get(&prototype, &"put".into()).unwrap();
        js_sys::Reflect::set(&prototype, &"put".into(), &make(&real)).unwrap();
        PutStub { prototype, real }
    }

    /// A `put` that always throws `name`, as the browser does when that goes wrong.
    fn throwing(name: &str) -> PutStub {
        PutStub::new(|_| js_sys::Function::new_no_args(&format!("throw new DOMException('stubbed', '{name}')")).into())
    }
}

impl Drop for PutStub {
    fn drop(&mut self) {
        js_sys::Reflect::set(&self.prototype, &"put".into(), &self.real).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_full_disk_is_reported_as_quota_exceeded_and_writes_nothing() {
    let name = fresh_name("quota");
    let store = IdbStore::open(&name, ignore()).await.unwrap();
    let stub = PutStub::throwing("QuotaExceededError");
    let result = store.write(Batch::new().put(conformance::rich_customer(1)).put(conformance::rich_customer(2))).await;
    drop(stub);
    assert_eq!(result.unwrap_err().kind, StoreErrorKind::QuotaExceeded);
    assert_eq!(store.counts().await.unwrap().total(), 0);
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

/// A restore that runs out of space part-way (after the clears and 50 puts went out) rolls back
/// whole: the workspace still holds what it held.
#[wasm_bindgen_test]
async fn a_restore_that_runs_out_of_space_leaves_the_workspace_as_it_was() {
    let name = fresh_name("restore-quota");
    let store = IdbStore::open(&name, ignore()).await.unwrap();
    store.write(conformance::populated()).await.unwrap();
    let before = backup::export(&store, "kehu-mine", 1, Compression::None).await.unwrap();
    let mut records = backup::parse_backup(&before).unwrap().into_records();
    records.retain(|r| r.entity() != Entity::Setting);
    let replacement = backup::Backup::new("kehu-mine", 1, records);

    let stub = PutStub::new(|real| {
        let make_failing = js_sys::Function::new_with_args(
            "real",
            "let n = 0; return function () { if (++n > 50) throw new DOMException('The quota has been exceeded.', \
             'QuotaExceededError'); return real.apply(this, arguments); };",
        );
        make_failing.call1(&JsValue::NULL, real).unwrap()
    });
    let result = backup::restore(&store, Stamp::default(), replacement).await;
    drop(stub);

    assert_eq!(result.unwrap_err().kind, StoreErrorKind::QuotaExceeded);
    let after = backup::export(&store, "kehu-mine", 1, Compression::None).await.unwrap();
    assert!(after == before, "the workspace changed");
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

/// A record as a release before revisions stored it (no `_rev`), with the JSON of the value
/// written: what the v4 migration hashes into the record's first revision.
struct Unrevised {
    store: &'static str,
    value: JsValue,
    json: String,
}

impl Unrevised {
    /// `record` serialised as the store serialises records.
    fn of(store: &'static str, record: &impl Serialize) -> Unrevised {
        let value = record.serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true)).unwrap();
        Unrevised::from_value(store, value)
    }

    /// A record an early release stored with its id alone, every other field at its default.
    fn bare(store: &'static str, id: u64) -> Unrevised {
        Unrevised::from_value(store, js_sys::JSON::parse(&format!(r#"{{"id":{id}}}"#)).unwrap())
    }

    fn from_value(store: &'static str, value: JsValue) -> Unrevised {
        let json = js_sys::JSON::stringify(&value).unwrap().into();
        Unrevised { store, value, json }
    }
}

/// Customers 1 and 41, suppliers 2 and 41 (each 41 its id alone: one content in two stores),
/// a customer's ratings and a setting (naturally keyed, one by number and one by text).
fn unrevised_records() -> Vec<Unrevised> {
    vec![
        Unrevised::of(v1::CUSTOMERS, &conformance::rich_customer(1)),
        Unrevised::bare(v1::CUSTOMERS, 41),
        Unrevised::of(v2::SUPPLIERS, &conformance::supplier(2)),
        Unrevised::bare(v2::SUPPLIERS, 41),
        Unrevised::of(v3::VALUE_RATINGS, &conformance::ratings(1)),
        Unrevised::of(v1::SETTINGS, &Setting { key: "funnel".into(), value: r#"{"stages":[]}"#.into() }),
    ]
}

/// The JSON of every record written into `store`, sorted.
fn written_json(records: &[Unrevised], store: &str) -> Vec<String> {
    let mut json: Vec<String> = records.iter().filter(|r| r.store == store).map(|r| r.json.clone()).collect();
    json.sort();
    json
}

/// A v3 database (the schema release ff97c01 shipped) named `name` holding `records` as that
/// release stored them: put through a raw transaction, without revisions.
async fn v3_database_without_revisions(name: &str, records: &[Unrevised]) {
    IdbStore::open_with_steps(name, V3_STEPS, ignore()).await.unwrap().close();
    let db = Database::open(name).await.unwrap();
    let stores = stores_of(records);
    let tx = db.transaction(stores.as_slice()).with_mode(TransactionMode::Readwrite).build().unwrap();
    for record in records {
        tx.object_store(record.store).unwrap().put(record.value.clone()).primitive().unwrap().await.unwrap();
    }
    tx.commit().await.unwrap();
    db.close();
}

/// Database `name` as stored, bypassing the store: its version, its object stores, and every
/// value of `stores` in key order.
async fn raw_database(name: &str, stores: &[&str]) -> (u32, Vec<String>, Vec<Vec<JsValue>>) {
    let db = Database::open(name).await.unwrap();
    let names: Vec<String> = db.object_store_names().collect();
    let mut values = Vec::new();
    {
        let tx = db.transaction(stores).build().unwrap();
        for store in stores {
            let found = tx.object_store(store).unwrap().get_all::<JsValue>().primitive().unwrap().await.unwrap();
            values.push(found.map(Result::unwrap).collect());
        }
    }
    let version = db.version() as u32;
    db.close();
    (version, names, values)
}

/// Takes the stored revision off `value`: its `_rev` text and its `_at` time.
fn take_revision(value: &JsValue) -> (Option<String>, Option<f64>) {
    let object: &js_sys::Object = value.unchecked_ref();
    let take = |property: &str| {
        let found = js_sys::Reflect::get(object, &property.into()).unwrap();
        js_sys::Reflect::delete_property(object, &property.into()).unwrap();
        found
    };
    (take("_rev").as_string(), take("_at").as_f64())
}

fn records<R: Clone>(revised: &[Revised<R>]) -> Vec<R> {
    revised.iter().map(|r| r.record.clone()).collect()
}

/// The stores `records` go to, each once (they are grouped by store).
fn stores_of(records: &[Unrevised]) -> Vec<&'static str> {
    let mut stores: Vec<&'static str> = records.iter().map(|r| r.store).collect();
    stores.dedup();
    stores
}

/// The v4 data migration: every record a release before revisions stored gets a first revision
/// tagged by the FNV-1a hash of its stored JSON, and nothing else about it changes; the
/// revisions then guard writes like any other.
#[wasm_bindgen_test]
async fn the_v4_upgrade_gives_every_record_a_first_revision_named_by_its_content() {
    let name = fresh_name("v4-migration");
    let written = unrevised_records();
    v3_database_without_revisions(&name, &written).await;
    let store = IdbStore::open(&name, ignore()).await.unwrap();
    assert_eq!(store.applied_versions().await.unwrap(), (1..=schema::VERSION).collect::<Vec<_>>());

    let stores = stores_of(&written);
    let (version, names, values) = raw_database(&name, &stores).await;
    assert_eq!(version, schema::VERSION);
    assert!(names.contains(&v4::TOMBSTONES.to_string()));
    for (store_name, values) in stores.iter().zip(values) {
        let mut stored = Vec::new();
        for value in values {
            let (rev, at) = take_revision(&value);
            let json: String = js_sys::JSON::stringify(&value).unwrap().into();
            assert_eq!(rev, Some(v4::first_revision(&json).to_string()), "{store_name}: {json}");
            assert!(at.is_some_and(|at| at > 0.0), "{store_name}: {json} has its time");
            stored.push(json);
        }
        stored.sort();
        assert_eq!(stored, written_json(&written, store_name), "{store_name} as written");
    }

    let mut reads = Reads::new();
    let customers = reads.all::<Customer>();
    let customers = reads.with_revisions(customers);
    let suppliers = reads.all::<Supplier>();
    let suppliers = reads.with_revisions(suppliers);
    let ratings = reads.all::<Ratings>();
    let ratings = reads.with_revisions(ratings);
    let settings = reads.all::<Setting>();
    let settings = reads.with_revisions(settings);
    let mut found = store.read_many(&reads).await.unwrap();
    let customers = found.take_revised(customers);
    let suppliers = found.take_revised(suppliers);
    let ratings = found.take_revised(ratings);
    let settings = found.take_revised(settings);
    assert_eq!(records(&customers), [conformance::rich_customer(1), Customer { id: 41, ..Customer::default() }]);
    assert_eq!(records(&suppliers), [conformance::supplier(2), Supplier { id: 41, ..Supplier::default() }]);
    assert_eq!(records(&ratings), [conformance::ratings(1)]);
    // Key order matches the order written, so the revisions line up with `written`.
    let revs: Vec<Rev> = (customers.iter().map(|r| r.revision))
        .chain(suppliers.iter().map(|r| r.revision))
        .chain(ratings.iter().map(|r| r.revision))
        .chain(settings.iter().map(|r| r.revision))
        .map(|revision| revision.expect("every record has a revision").rev)
        .collect();
    let expected: Vec<Rev> = written.iter().map(|r| v4::first_revision(&r.json)).collect();
    assert_eq!(revs, expected);
    assert!(revs.iter().all(|rev| rev.generation == 1));
    assert_eq!(revs[1], revs[3], "one content, one revision, whatever the store");
    assert_eq!(revs.iter().collect::<HashSet<_>>().len(), revs.len() - 1, "other contents, other revisions");

    let first = revs[0];
    let stamp = Stamp { tag: 0x5eed, at_ms: 1_780_000_000_000, by: Some(3) };
    let renamed = Customer { company: "改名".into(), ..conformance::rich_customer(1) };
    store.write(Batch::stamped(stamp).update(renamed.clone(), Base::At(first))).await.unwrap();
    let mut reads = Reads::new();
    let handle = reads.key::<Customer>(1);
    let handle = reads.with_revisions(handle);
    let read = store.read_many(&reads).await.unwrap().one_revised(handle).unwrap();
    assert_eq!(read.record, renamed);
    assert_eq!(read.revision.map(|r| r.rev), Some(Rev { generation: 2, tag: 0x5eed }));

    let stale = store.write(Batch::stamped(stamp).update(conformance::rich_customer(1), Base::At(first))).await;
    assert_eq!(stale.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Customer });
    let wrong = Rev { generation: 1, tag: revs[2].tag ^ 1 };
    let supplier = Supplier { name: "改名".into(), ..conformance::supplier(2) };
    let refused = store.write(Batch::stamped(stamp).update(supplier, Base::At(wrong))).await;
    assert_eq!(refused.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Supplier });
    assert_eq!(store.get::<Customer>(1.into()).await.unwrap(), Some(renamed));
    assert_eq!(store.get::<Supplier>(2.into()).await.unwrap(), Some(conformance::supplier(2)));
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

/// The migration runs in the upgrade transaction: when a record cannot be written, the upgrade
/// rolls back whole, new stores and version included, and the next opening runs it again.
#[wasm_bindgen_test]
async fn a_failing_migration_leaves_the_v3_database_as_it_was() {
    let name = fresh_name("v4-abort");
    let written = unrevised_records();
    v3_database_without_revisions(&name, &written).await;
    let stub = PutStub::throwing("UnknownError");
    let opened = IdbStore::open(&name, ignore()).await;
    drop(stub);
    assert!(opened.is_err(), "the upgrade must fail");

    let stores = stores_of(&written);
    let (version, names, values) = raw_database(&name, &stores).await;
    assert_eq!(version, 3);
    assert!(!names.contains(&v4::TOMBSTONES.to_string()));
    for (store_name, values) in stores.iter().zip(values) {
        let mut stored: Vec<String> =
            values.iter().map(|value| js_sys::JSON::stringify(value).unwrap().into()).collect();
        stored.sort();
        assert_eq!(stored, written_json(&written, store_name), "{store_name} untouched");
    }

    let store = IdbStore::open(&name, ignore()).await.unwrap();
    assert_eq!(store.applied_versions().await.unwrap(), (1..=schema::VERSION).collect::<Vec<_>>());
    let mut reads = Reads::new();
    let handle = reads.key::<Customer>(1);
    let handle = reads.with_revisions(handle);
    let read = store.read_many(&reads).await.unwrap().one_revised(handle).unwrap();
    assert_eq!(read.revision.map(|r| r.rev), Some(v4::first_revision(&written[0].json)));
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

/// One import at a time per workspace: while one holds the workspace's lock, another (here, as
/// from another tab of the origin) is refused without running; once released, the next runs.
#[wasm_bindgen_test]
async fn a_held_import_lock_refuses_a_second_import_until_released() {
    use kehu::state::browser::exclusively;
    let lock = fresh_name("import-lock");
    let first = Rc::new(RefCell::new(None));
    {
        let (lock, first) = (lock.clone(), first.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let done = exclusively(&lock, async {
                sleep(300).await;
                "first"
            })
            .await;
            *first.borrow_mut() = Some(done);
        });
    }
    sleep(50).await;
    let ran = Rc::new(RefCell::new(false));
    let second = exclusively(&lock, async { *ran.borrow_mut() = true }).await;
    assert_eq!(second, None, "refused while the first holds the lock");
    assert!(!*ran.borrow(), "a refused import does not run");
    while first.borrow().is_none() {
        sleep(20).await;
    }
    assert_eq!(*first.borrow(), Some(Some("first")));
    assert_eq!(exclusively(&lock, async { "third" }).await, Some("third"), "free again once released");
}
