//! The current build opening what a release wrote, in headless Chromium: each database of each
//! fixture (`tests/fixtures/idb/v3.json.gz`, written by release ff97c01 through its pages, and
//! `v4.json.gz`, by release 2b20c66 of the no-lost-updates work, through the same pages) is
//! restored under a fresh name exactly as the release left it, upgraded to the current schema by
//! `IdbStore::open`, and compared record by record and field by field with the fixture: a record
//! written before revisions gains its first revision (named by its content), and nothing else
//! changes — a v4 record keeps its revision, a v4 tombstone stays as it was. `v5.json.gz` and
//! `v6.json.gz` (releases 9ac7885 and d1e25c0, the latter with a trade show and its leads) go the
//! same way.
#![cfg(target_arch = "wasm32")]

use flate2::read::GzDecoder;
use kehu::domain::market::{Market, SiteSighting};
use kehu::domain::model::Customer;
use kehu::domain::shows::{Lead, Show};
use kehu::store::idb::{EventSink, IdbStore};
use kehu::store::schema::{self, v1, v4, v5};
use kehu::store::{Base, Batch, Entity, Key, Reads, Stamp, Store, StoreErrorKind};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Read;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

static FIXTURE_V3: &[u8] = include_bytes!("fixtures/idb/v3.json.gz");
static FIXTURE_V4: &[u8] = include_bytes!("fixtures/idb/v4.json.gz");
static FIXTURE_V5: &[u8] = include_bytes!("fixtures/idb/v5.json.gz");
static FIXTURE_V6: &[u8] = include_bytes!("fixtures/idb/v6.json.gz");
/// The dump's codec, the same source the e2e tests run in their pages.
static CODEC: &str = include_str!("fixtures/idb/restore.mjs");

/// The properties a stored record gains from the v4 migration: its first revision and when.
const REVISION: &str = "_rev";
const REVISED_AT: &str = "_at";

/// The fixture's text, and its JSON. Restores and hashes go from the text (parsed by the page):
/// `Value`'s maps sort their keys, and the order of a record's properties is part of its JSON.
struct Fixture {
    text: String,
    dump: Value,
}

fn fixture(gzipped: &[u8]) -> Fixture {
    let mut text = String::new();
    GzDecoder::new(gzipped).read_to_string(&mut text).expect("the fixture is gzip");
    let dump: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    assert_eq!(dump["format"], 1, "fixture format");
    Fixture { text, dump }
}

fn database<'a>(dump: &'a Value, name: &str) -> &'a Value {
    dump["databases"].as_array().unwrap().iter().find(|d| d["name"] == name).unwrap_or_else(|| panic!("no {name}"))
}

fn stores(database: &Value) -> &Vec<Value> {
    database["stores"].as_array().expect("stores")
}

fn fresh_name(workspace: &str) -> String {
    format!("kehu-fixture-{workspace}-{}", js_sys::Math::random().to_bits())
}

fn ignore() -> EventSink {
    Rc::new(|_| {})
}

/// Runs `body` beside the codec module's functions (as an async function body: it cannot hold
/// `export`s), with `argument` in scope.
async fn codec(body: &str, argument: JsValue) -> JsValue {
    let source = format!("return (async () => {{\n{}\n{body}\n}})();", CODEC.replace("\nexport ", "\n"));
    let call = js_sys::Function::new_with_args("argument", &source);
    let promise = call.call1(&JsValue::NULL, &argument).expect("the codec runs").unchecked_into::<js_sys::Promise>();
    JsFuture::from(promise).await.unwrap_or_else(|e| panic!("{body} failed: {e:?}"))
}

/// The fixture's text and `workspace`'s name, with `extra` named properties, for the codec.
fn codec_argument(fixture: &Fixture, workspace: &str, extra: Value) -> JsValue {
    let argument = js_sys::JSON::parse(&json!({ "workspace": workspace, "extra": extra }).to_string()).unwrap();
    js_sys::Reflect::set(&argument, &"text".into(), &fixture.text.as_str().into()).unwrap();
    argument
}

/// Restores the fixture's `workspace` database as it was stored, under `name`.
async fn restore(fixture: &Fixture, workspace: &str, name: &str) {
    let body = "const database = JSON.parse(argument.text).databases.find((d) => d.name === argument.workspace);\n\
                return restoreDatabases({ databases: [database] }, { rename: () => argument.extra.name });";
    codec(body, codec_argument(fixture, workspace, json!({ "name": name }))).await;
}

/// What the v4 migration hashes, per record of the fixture's `workspace`: by store name and key
/// (as [`key_of`] writes it), `JSON.stringify` of the record as restored.
async fn restored_json(fixture: &Fixture, workspace: &str) -> BTreeMap<(String, String), String> {
    let body = "const database = JSON.parse(argument.text).databases.find((d) => d.name === argument.workspace);\n\
                return database.stores.flatMap((store) => store.records.map((record) => {\n\
                  const stored = decode(record);\n\
                  return [store.name, JSON.stringify(stored[store.keyPath]), JSON.stringify(stored)];\n\
                }));";
    let triples = codec(body, codec_argument(fixture, workspace, json!({}))).await;
    let triples: Vec<(String, String, String)> =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&triples).unwrap())).unwrap();
    triples.into_iter().map(|(store, key, json)| ((store, key), json)).collect()
}

/// Database `name` read back through a raw IndexedDB transaction, encoded as the fixture is.
async fn raw_dump(name: &str) -> Value {
    let dumped = codec("return dumpDatabase(argument);", JsValue::from_str(name)).await;
    let text: String = js_sys::JSON::stringify(&dumped).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

/// The stores and indexes the schema steps up to `version` create, as the dump describes them.
fn schema_shape(version: u64) -> BTreeMap<String, Value> {
    let steps = schema::STEPS.iter().filter(|s| u64::from(s.version) <= version);
    steps
        .flat_map(|s| s.stores)
        .map(|store| {
            let mut indexes: Vec<Value> = store
                .indexes
                .iter()
                .map(|i| json!({ "name": i.name, "keyPath": i.key_path, "unique": i.unique, "multiEntry": false }))
                .collect();
            indexes.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
            (store.name.to_owned(), json!({ "keyPath": store.key_path, "autoIncrement": false, "indexes": indexes }))
        })
        .collect()
}

fn shape_of(stores: &[Value]) -> BTreeMap<String, Value> {
    stores
        .iter()
        .map(|s| {
            let shape =
                json!({ "keyPath": s["keyPath"], "autoIncrement": s["autoIncrement"], "indexes": s["indexes"] });
            (s["name"].as_str().unwrap().to_owned(), shape)
        })
        .collect()
}

/// A record's primary key under `key_path`, as text to match records by.
fn key_of(record: &Value, key_path: &Value) -> String {
    record[key_path.as_str().expect("a single key path")].to_string()
}

/// Every way `read` differs from `kept` (the fixture's record), property by property; the
/// revision the read one gained (checked by [`first_revisions`]) is no difference.
fn differences(place: &str, kept: &Value, read: &Value) -> Vec<String> {
    let (Some(kept), Some(read)) = (kept.as_object(), read.as_object()) else {
        return if kept == read { vec![] } else { vec![format!("{place}: kept {kept}, read {read}")] };
    };
    let mut found = Vec::new();
    for (property, value) in kept {
        match read.get(property) {
            None => found.push(format!("{place}.{property}: kept {value}, read back without it")),
            Some(other) if other != value => found.push(format!("{place}.{property}: kept {value}, read {other}")),
            Some(_) => {}
        }
    }
    for (property, value) in read {
        if property != REVISION && property != REVISED_AT && !kept.contains_key(property) {
            found.push(format!("{place}.{property}: not kept, read {value}"));
        }
    }
    found
}

/// Every store and record of `kept` is in `read`, field by field, and no store holds records
/// the fixture does not, except ledger entries of steps newer than the fixture.
fn compare_raw(kept: &Value, read: &Value) -> Vec<String> {
    let fixture_version = kept["version"].as_u64().unwrap();
    let mut found = Vec::new();
    for store in stores(kept) {
        let name = store["name"].as_str().unwrap();
        let Some(read_store) = stores(read).iter().find(|s| s["name"] == name) else {
            found.push(format!("store {name} is gone"));
            continue;
        };
        let key_path = &store["keyPath"];
        let read_records: BTreeMap<String, &Value> =
            read_store["records"].as_array().unwrap().iter().map(|r| (key_of(r, key_path), r)).collect();
        let kept_records = store["records"].as_array().unwrap();
        for record in kept_records {
            let key = key_of(record, key_path);
            match read_records.get(&key) {
                None => found.push(format!("{name}[{key}] is gone")),
                Some(read_record) => found.extend(differences(&format!("{name}[{key}]"), record, read_record)),
            }
        }
        let kept_keys: Vec<String> = kept_records.iter().map(|r| key_of(r, key_path)).collect();
        for (key, record) in &read_records {
            let newer_step = name == v1::SCHEMA_LEDGER && record["version"].as_u64() > Some(fixture_version);
            if !kept_keys.contains(key) && !newer_step {
                found.push(format!("{name}[{key}] is new: {record}"));
            }
        }
    }
    found
}

/// Every record of an entity's store in `read` (the upgraded database) carries the first
/// revision of its content as restored (`restored`, by [`restored_json`]) and when it got it.
fn first_revisions(read: &Value, restored: &BTreeMap<(String, String), String>) -> Vec<String> {
    let mut found = Vec::new();
    for store in stores(read) {
        let name = store["name"].as_str().unwrap();
        if Entity::from_store_name(name).is_none() {
            continue;
        }
        for record in store["records"].as_array().unwrap() {
            let key = key_of(record, &store["keyPath"]);
            let Some(json) = restored.get(&(name.to_owned(), key.clone())) else {
                found.push(format!("{name}[{key}] was not restored"));
                continue;
            };
            let expected = v4::first_revision(json).to_string();
            if record[REVISION] != json!(expected) {
                found.push(format!("{name}[{key}]: revision {}, not {expected}", record[REVISION]));
            }
            if !record[REVISED_AT].is_number() {
                found.push(format!("{name}[{key}]: revised at {}", record[REVISED_AT]));
            }
        }
    }
    found
}

/// `key` as [`key_of`] writes a stored record's.
fn key_text(key: &Key) -> String {
    match key {
        Key::Id(id) => id.to_string(),
        Key::Text(text) => json!(text).to_string(),
    }
}

/// Every revision a v4 database holds, by `store/key` as [`key_text`] writes it: each record's
/// and each tombstone's, the tombstone's marked deleted.
fn stored_revisions(database: &Value) -> BTreeMap<String, (String, bool)> {
    let mut revisions = BTreeMap::new();
    for store in stores(database) {
        let name = store["name"].as_str().unwrap();
        let deleted = name == v4::TOMBSTONES;
        if !deleted && Entity::from_store_name(name).is_none() {
            continue;
        }
        for record in store["records"].as_array().unwrap() {
            let place = if deleted {
                format!("{}/{}", record["store"].as_str().unwrap(), record["key"])
            } else {
                format!("{name}/{}", key_of(record, &store["keyPath"]))
            };
            let revision = record[REVISION].as_str().unwrap_or_else(|| panic!("{place} has no revision")).to_owned();
            revisions.insert(place, (revision, deleted));
        }
    }
    revisions
}

fn assert_none(workspace: &str, what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{workspace}: {} {what}, the first: {:#?}",
        problems.len(),
        &problems[..problems.len().min(20)]
    );
}

/// Restores the fixture's `workspace` database, upgrades it with this build, and checks it;
/// returns the upgraded store and its database's name.
async fn upgrades_as_written(fixture: &Fixture, workspace: &str) -> (IdbStore, String) {
    let kept = database(&fixture.dump, workspace);
    let version = kept["version"].as_u64().unwrap();
    assert_eq!(
        shape_of(stores(kept)),
        schema_shape(version),
        "{workspace}: the release's schema is the steps' up to v{version}"
    );

    let name = fresh_name(workspace);
    restore(fixture, workspace, &name).await;
    let restored = restored_json(fixture, workspace).await;
    let store = IdbStore::open(&name, ignore()).await.unwrap_or_else(|e| panic!("{workspace} opens: {e:?}"));

    let ledger = stores(kept).iter().find(|s| s["name"] == v1::SCHEMA_LEDGER).expect("a ledger");
    let mut applied: Vec<u32> =
        ledger["records"].as_array().unwrap().iter().map(|r| r["version"].as_u64().unwrap() as u32).collect();
    applied.extend(version as u32 + 1..=schema::VERSION);
    assert_eq!(store.applied_versions().await.unwrap(), applied, "{workspace}: the ledger holds the new steps");
    assert!(store.store_names().contains(&v4::TOMBSTONES.to_string()), "{workspace}: tombstones added");
    assert!(!store.keeps_outbox().await.unwrap(), "{workspace}: no outbox until the workspace signs in");

    // Every stored value still reads as the current types, kind by kind.
    let mut reads = Reads::new();
    for entity in Entity::ALL {
        reads.all_of(*entity);
    }
    let records = store.read_many(&reads).await.unwrap_or_else(|e| panic!("{workspace} reads: {e:?}"));
    let mut counted: BTreeMap<&str, usize> = BTreeMap::new();
    for record in records.into_records() {
        *counted.entry(record.entity().store_name()).or_default() += 1;
    }
    for kind in stores(kept) {
        let name = kind["name"].as_str().unwrap();
        let expected = kind["records"].as_array().unwrap().len();
        if name == v4::TOMBSTONES {
            let read = store.tombstones().await.unwrap_or_else(|e| panic!("{workspace} reads tombstones: {e:?}"));
            assert_eq!(read.len(), expected, "{workspace}: tombstones read");
        } else if name != v1::SCHEMA_LEDGER {
            assert_eq!(counted.get(name).copied().unwrap_or(0), expected, "{workspace}: records of {name} read");
        }
    }

    let read = raw_dump(&name).await;
    assert_eq!(read["version"], json!(schema::VERSION), "{workspace}: upgraded to the current schema");
    for store in stores(kept) {
        let found = stores(&read).iter().find(|s| s["name"] == store["name"]);
        let indexes = found.map(|s| s["indexes"].as_array().unwrap().clone()).unwrap_or_default();
        for index in store["indexes"].as_array().unwrap() {
            assert!(indexes.contains(index), "{workspace}: {}.{} kept as it was", store["name"], index["name"]);
        }
    }
    let outbox = stores(&read).iter().find(|s| s["name"] == v5::OUTBOX).expect("an outbox");
    assert_eq!(outbox["records"], json!([]), "{workspace}: the outbox is empty");
    assert_none(workspace, "differences", &compare_raw(kept, &read));
    if version < u64::from(v4::STEP.version) {
        let tombstones = stores(&read).iter().find(|s| s["name"] == v4::TOMBSTONES).expect("a tombstones store");
        assert_eq!(tombstones["records"], json!([]), "{workspace}: the tombstones store is empty");
        assert_none(workspace, "records without their first revision", &first_revisions(&read, &restored));
    }
    (store, name)
}

#[wasm_bindgen_test]
async fn my_workspace_written_by_the_v3_release_upgrades_keeping_every_record() {
    let fixture = fixture(FIXTURE_V3);
    assert_eq!(database(&fixture.dump, "kehu-mine")["version"], 3);
    let (store, name) = upgrades_as_written(&fixture, "kehu-mine").await;

    // The migrated revisions guard writes: two saves from one read, the second refused.
    let mut reads = Reads::new();
    let customers = reads.all::<Customer>();
    let customers = reads.with_revisions(customers);
    let read = store.read_many(&reads).await.unwrap().take_revised(customers).remove(0);
    let base = Base::At(read.revision.expect("a migrated revision").rev);
    let stamp = Stamp { tag: 0x5eed, at_ms: 1_780_000_000_000, by: Some(read.record.created_by) };
    let first = Customer { company: format!("{} (first save)", read.record.company), ..read.record.clone() };
    let second = Customer { company: format!("{} (second save)", read.record.company), ..read.record.clone() };
    store.write(Batch::stamped(stamp).update(first.clone(), base)).await.expect("the first save");
    let refused = store.write(Batch::stamped(stamp).update(second, base)).await.expect_err("the second save");
    assert_eq!(refused.kind, StoreErrorKind::Changed { entity: Entity::Customer }, "{refused}");
    assert_eq!(store.get::<Customer>(first.id.into()).await.unwrap(), Some(first));

    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_demo_workspace_written_by_the_v3_release_upgrades_keeping_every_record() {
    let fixture = fixture(FIXTURE_V3);
    assert_eq!(database(&fixture.dump, "kehu-demo")["version"], 3);
    let (store, name) = upgrades_as_written(&fixture, "kehu-demo").await;
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

/// The stores of a fixture's database that hold no record.
fn empty_stores(database: &Value) -> Vec<&str> {
    stores(database)
        .iter()
        .filter(|s| s["records"].as_array().unwrap().is_empty())
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn the_fixture_holds_every_kind_the_release_stored_in_my_workspace() {
    let fixture = fixture(FIXTURE_V3);
    assert_eq!(fixture.dump["written_by"], "ff97c01");
    let mine = database(&fixture.dump, "kehu-mine");
    // Demand history, tickets, settings and snapshots come from imports and the demo, not these pages.
    assert_eq!(empty_stores(mine), ["grade_snapshots", "part_demand", "service_tickets", "settings"]);
}

#[wasm_bindgen_test]
async fn my_workspace_written_by_the_v4_release_upgrades_and_sends_everything_once_signed_in() {
    let fixture = fixture(FIXTURE_V4);
    assert_eq!(database(&fixture.dump, "kehu-mine")["version"], 4);
    let (store, name) = upgrades_as_written(&fixture, "kehu-mine").await;

    // Signing in puts every record and tombstone in the outbox at the revision the release
    // gave it, with no history before it: the team gets everything once.
    let stored = store.counts().await.unwrap().total();
    let deleted = store.tombstones().await.unwrap().len();
    let kept = stored_revisions(database(&fixture.dump, "kehu-mine"));
    assert_eq!(deleted, kept.values().filter(|(_, deleted)| *deleted).count(), "the release's tombstones read");
    store.keep_outbox(true).await.unwrap();
    let outgoing = store.outgoing(usize::MAX).await.unwrap();
    assert_eq!(outgoing.len(), stored as usize + deleted, "every record and tombstone");
    assert_eq!(outgoing.iter().filter(|o| o.record.is_none()).count(), deleted);
    for record in &outgoing {
        assert_eq!(record.history, vec![record.revision.rev], "{:?} {:?}", record.entity, record.key);
    }
    let sent: BTreeMap<String, (String, bool)> = outgoing
        .iter()
        .map(|o| {
            let place = format!("{}/{}", o.entity.store_name(), key_text(&o.key));
            (place, (o.revision.rev.to_string(), o.record.is_none()))
        })
        .collect();
    assert_eq!(sent, kept, "each record and tombstone goes out at the revision the release stored");
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
fn the_v4_fixture_holds_every_kind_the_release_stored_in_my_workspace() {
    let fixture = fixture(FIXTURE_V4);
    assert_eq!(fixture.dump["written_by"], "2b20c66");
    let mine = database(&fixture.dump, "kehu-mine");
    // Demand history, tickets, settings and snapshots come from imports and the demo, not these pages.
    assert_eq!(empty_stores(mine), ["grade_snapshots", "part_demand", "service_tickets", "settings"]);

    // A removed contact, a deleted order and supplier, a customer merged away: each left a
    // tombstone, and every record and tombstone carries the release's revision.
    let revisions = stored_revisions(mine);
    let deleted: Vec<&str> = revisions
        .iter()
        .filter(|(_, (_, deleted))| *deleted)
        .map(|(place, _)| place.split('/').next().unwrap())
        .collect();
    assert_eq!(deleted, ["contacts", "customers", "orders", "suppliers"]);
    let demo = stored_revisions(database(&fixture.dump, "kehu-demo"));
    for (place, (revision, _)) in revisions.iter().chain(&demo) {
        let (generation, tag) = revision.split_once('-').unwrap_or_else(|| panic!("{place}: revision {revision}"));
        assert!(generation.parse::<u32>().is_ok_and(|g| g >= 1), "{place}: revision {revision}");
        assert!(tag.len() == 16 && tag.bytes().all(|b| b.is_ascii_hexdigit()), "{place}: revision {revision}");
    }
}

#[wasm_bindgen_test]
async fn the_demo_workspace_written_by_the_v4_release_upgrades_keeping_every_record() {
    let fixture = fixture(FIXTURE_V4);
    assert_eq!(database(&fixture.dump, "kehu-demo")["version"], 4);
    let (store, name) = upgrades_as_written(&fixture, "kehu-demo").await;
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn my_workspace_written_by_the_v5_release_upgrades_keeping_every_record_and_takes_shows() {
    let fixture = fixture(FIXTURE_V5);
    assert_eq!(database(&fixture.dump, "kehu-mine")["version"], 5);
    let (store, name) = upgrades_as_written(&fixture, "kehu-mine").await;

    // The v6 stores are there, empty, and take a show and its leads by their indexes.
    assert_eq!(store.counts().await.unwrap().get(Entity::Show), 0);
    let stamp = Stamp { tag: 0x5eed, at_ms: 1_780_000_000_000, by: None };
    let show = Show { id: 1, name: "宝马展".into(), ..Show::default() };
    let lead = Lead { id: 2, show_id: 1, mobile: "13800000001".into(), ..Lead::default() };
    store.write(Batch::stamped(stamp).create(show.clone()).create(lead.clone())).await.unwrap();
    assert_eq!(store.get::<Show>(1.into()).await.unwrap(), Some(show));
    assert_eq!(store.get_by_index::<Lead>("mobile", "13800000001".into()).await.unwrap(), vec![lead]);
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_demo_workspace_written_by_the_v5_release_upgrades_keeping_every_record() {
    let fixture = fixture(FIXTURE_V5);
    assert_eq!(database(&fixture.dump, "kehu-demo")["version"], 5);
    let (store, name) = upgrades_as_written(&fixture, "kehu-demo").await;
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
fn the_v5_fixture_holds_every_kind_the_release_stored_in_my_workspace() {
    let fixture = fixture(FIXTURE_V5);
    assert_eq!(fixture.dump["written_by"], "9ac7885");
    let mine = database(&fixture.dump, "kehu-mine");
    // Demand history, tickets, settings and snapshots come from imports and the demo, not these
    // pages; the outbox fills only once signed in to a team server.
    assert_eq!(empty_stores(mine), ["grade_snapshots", "outbox", "part_demand", "service_tickets", "settings"]);
}

#[wasm_bindgen_test]
async fn my_workspace_written_by_the_v6_release_upgrades_keeping_every_record_and_takes_the_market() {
    let fixture = fixture(FIXTURE_V6);
    assert_eq!(database(&fixture.dump, "kehu-mine")["version"], 6);
    let (store, name) = upgrades_as_written(&fixture, "kehu-mine").await;
    // The show and its leads the release captured are there, the v7 stores too, empty, and
    // they take a sighting and a market size.
    assert_eq!(store.counts().await.unwrap().get(Entity::Show), 1);
    assert_eq!(store.counts().await.unwrap().get(Entity::Lead), 2);
    assert_eq!(store.counts().await.unwrap().get(Entity::Sighting), 0);
    let stamp = Stamp { tag: 0x5eed, at_ms: 1_780_000_000_000, by: None };
    let sighting = SiteSighting { id: 1, brand: "卡特彼勒".into(), units: 2, ..SiteSighting::default() };
    let market = Market { id: 2, province: "CN-HN".into(), year: 2026, units: 120, ..Market::default() };
    store.write(Batch::stamped(stamp).create(sighting.clone()).create(market.clone())).await.unwrap();
    assert_eq!(store.get::<SiteSighting>(1.into()).await.unwrap(), Some(sighting));
    assert_eq!(store.get::<Market>(2.into()).await.unwrap(), Some(market));
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_demo_workspace_written_by_the_v6_release_upgrades_keeping_every_record() {
    let fixture = fixture(FIXTURE_V6);
    assert_eq!(database(&fixture.dump, "kehu-demo")["version"], 6);
    let (store, name) = upgrades_as_written(&fixture, "kehu-demo").await;
    store.close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
fn the_v6_fixture_holds_every_kind_the_release_stored_in_my_workspace() {
    let fixture = fixture(FIXTURE_V6);
    assert_eq!(fixture.dump["written_by"], "d1e25c0");
    let mine = database(&fixture.dump, "kehu-mine");
    // As v5, and now a show and its leads, captured through its pages.
    assert_eq!(empty_stores(mine), ["grade_snapshots", "outbox", "part_demand", "service_tickets", "settings"]);
}
