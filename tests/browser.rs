//! Browser tests in headless Chromium: the store conformance suite against IndexedDB, the
//! migration loop, and the events another tab's upgrade causes. Each test uses a fresh database.
#![cfg(target_arch = "wasm32")]

mod conformance;

use kehu::domain::grading::indicators::Ratings;
use kehu::domain::grading::snapshot::GradeSnapshot;
use kehu::domain::model::{Customer, Supplier, TradePartner};
use kehu::store::backup::{self, Compression};
use kehu::store::idb::{EventSink, IdbStore, StoreEvent};
use kehu::store::schema::{self, v1, v2, v3, Step, StoreSpec};
use kehu::store::{Batch, Entity, Store, StoreErrorKind};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A schema one step newer than the app's, as the next release would ship.
static NEXT_STEPS: &[Step] = &[
    v1::STEP,
    v2::STEP,
    v3::STEP,
    Step { version: 4, stores: &[StoreSpec { name: "test_extra", key_path: "id", indexes: &[] }] },
];

/// The schema the first release shipped.
static V1_STEPS: &[Step] = &[v1::STEP];
/// The schema with suppliers and trade partners, before customer value.
static V2_STEPS: &[Step] = &[v1::STEP, v2::STEP];

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
    assert_eq!(new.applied_versions().await.unwrap(), vec![1, 2, 3, 4]);
    let customers: Vec<Customer> = new.get_all().await.unwrap();
    assert_eq!(customers, vec![conformance::rich_customer(1)]);
    new.close();

    // Reopening at the same version runs nothing and records nothing.
    let again = IdbStore::open_with_steps(&name, NEXT_STEPS, ignore()).await.unwrap();
    assert_eq!(again.applied_versions().await.unwrap(), vec![1, 2, 3, 4]);
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
    let mut records = conformance::populated();
    records.puts.retain(|r| !missing.contains(&r.entity()));
    // Counted from the records, not the store: counting reads every current store, which an
    // older database lacks.
    let before = backup::Backup::new("kehu-mine", 0, records.puts.clone()).counts();
    old.write(records).await.unwrap();
    old.close();

    let store = IdbStore::open(&name, ignore()).await.unwrap();
    assert_eq!(store.applied_versions().await.unwrap(), (1..=schema::VERSION).collect::<Vec<_>>());
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
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_v1_database_upgrades_keeping_its_data_and_gaining_every_later_store() {
    let missing = [Entity::Supplier, Entity::TradePartner, Entity::Ratings, Entity::GradeSnapshot];
    upgrades_keeping_its_data("v1-up", V1_STEPS, &missing).await;
}

#[wasm_bindgen_test]
async fn a_v2_database_upgrades_keeping_its_data_and_gaining_the_value_stores() {
    upgrades_keeping_its_data("v2-up", V2_STEPS, &[Entity::Ratings, Entity::GradeSnapshot]).await;
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
    assert_eq!(store.applied_versions().await.unwrap(), vec![1, 2, 3, 4]);
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_full_disk_is_reported_as_quota_exceeded_and_writes_nothing() {
    let name = fresh_name("quota");
    let store = IdbStore::open(&name, ignore()).await.unwrap();
    let prototype = js_sys::Reflect::get(&js_sys::global(), &"IDBObjectStore".into())
        .and_then(|c| js_sys::Reflect::get(&c, &"prototype".into()))
        .unwrap();
    let real_put = js_sys::Reflect::get(&prototype, &"put".into()).unwrap();
    let failing_put =
        js_sys::Function::new_no_args("throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')");
    js_sys::Reflect::set(&prototype, &"put".into(), &failing_put).unwrap();
    let result = store.write(Batch::new().put(conformance::rich_customer(1)).put(conformance::rich_customer(2))).await;
    js_sys::Reflect::set(&prototype, &"put".into(), real_put.unchecked_ref()).unwrap();
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

    let prototype = js_sys::Reflect::get(&js_sys::global(), &"IDBObjectStore".into())
        .and_then(|c| js_sys::Reflect::get(&c, &"prototype".into()))
        .unwrap();
    let real_put = js_sys::Reflect::get(&prototype, &"put".into()).unwrap();
    let make_failing = js_sys::Function::new_with_args(
        "real",
        "let n = 0; return function () { if (++n > 50) throw new DOMException('The quota has been exceeded.', \
         'QuotaExceededError'); return real.apply(this, arguments); };",
    );
    let failing_put = make_failing.call1(&wasm_bindgen::JsValue::NULL, &real_put).unwrap();
    js_sys::Reflect::set(&prototype, &"put".into(), &failing_put).unwrap();
    let result = backup::restore(&store, replacement).await;
    js_sys::Reflect::set(&prototype, &"put".into(), real_put.unchecked_ref()).unwrap();

    assert_eq!(result.unwrap_err().kind, StoreErrorKind::QuotaExceeded);
    let after = backup::export(&store, "kehu-mine", 1, Compression::None).await.unwrap();
    assert!(after == before, "the workspace changed");
    store.close();
    IdbStore::delete(&name).await.unwrap();
}
