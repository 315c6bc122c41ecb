//! Backup files: round trips, every reading error with its position, older schemas, retired
//! stores.

use super::*;
use crate::domain::date::{Date, Month};
use crate::domain::grading::grade::Grade;
use crate::domain::grading::indicators::Ratings;
use crate::domain::grading::snapshot::{GradeSnapshot, SnapshotEntry};
use crate::domain::model::*;
use crate::domain::money::Cny;
use crate::store::schema::{IndexSpec, StoreSpec};
use crate::store::Record;

const CREATED: i64 = 1_717_171_717_000;

fn date(text: &str) -> Option<Date> {
    Date::parse(text).ok()
}

/// Text that must survive as text: quotes, backslashes, every control character, markup,
/// formulas, CJK and a character outside the BMP.
fn awkward(n: u32) -> String {
    let controls: String = (0u8..0x20).map(char::from).collect();
    format!("新疆天山路桥 \"{n}\" \\ / <script> =SUM(A1) {controls}\u{7f} 😀 \u{2028}")
}

/// A record of every kind (two customers), with every awkward value JSON can meet.
fn sample() -> Vec<AnyRecord> {
    let customer = |id: Id| Customer {
        id,
        company: awkward(id as u32),
        province: "CN-XJ".into(),
        main_products: vec!["挖掘机".into(), String::new()],
        industry: "矿业".into(),
        custom: vec![CustomField { name: "employees".into(), value: "2822".into() }],
        credit_index: 255,
        lifecycle: Lifecycle::Lost,
        lost_kind: Some(LostKind::Competitor),
        market: Some(crate::domain::region::MarketType::Resource),
        team: AccountTeam { lead: 3, members: vec![4, 5] },
        created_at: date("1969-12-31"),
        ..Customer::default()
    };
    vec![
        // Out of order on purpose: a backup sorts by kind, then key.
        AuditEntry {
            id: (1 << 53) - 1,
            at_ms: -1,
            user: Some(3),
            target: "customers/1".into(),
            action: AuditAction::Update,
            changes: vec![FieldChange { field: "company".into(), before: "a".into(), after: awkward(0) }],
            reason: "renamed after merger".into(),
        }
        .into_any(),
        customer(20).into_any(),
        customer(3).into_any(),
        User { id: 3, name: "李娜".into(), active: true, manager: Some(1), ..User::default() }.into_any(),
        Contact { id: 2, customer_id: 3, name: "王建国".into(), primary: true, ..Contact::default() }.into_any(),
        Interaction { id: 4, customer_id: 3, follow_up: date("2026-11-25"), ..Interaction::default() }.into_any(),
        Order {
            id: 7,
            customer_id: 3,
            lines: vec![OrderLine { quantity: u32::MAX, unit_price: Cny(i64::MIN), ..OrderLine::default() }],
            claim: Some(Claim { amount: Cny(12_345), reason: "运输损坏".into(), settled: true }),
            credit_days: u16::MAX,
            ..Order::default()
        }
        .into_any(),
        Opportunity {
            id: 9,
            history: vec![StageChange { stage: FunnelStage::Won, date: date("2026-03-02") }],
            ..Opportunity::default()
        }
        .into_any(),
        Part { id: 5, number: "SY-60234-01".into(), fits_models: vec!["SY215C".into()], ..Part::default() }.into_any(),
        PartDemand { part_id: 5, start: Some(Month::new(2022, 1)), quantities: vec![Some(0), None, Some(3)] }
            .into_any(),
        StockLevel { id: 6, part_id: 5, location: "总库".into(), on_hand: 12 }.into_any(),
        Machine { id: 8, serial: "SY215C-2024-00001".into(), customer_id: 3, ..Machine::default() }.into_any(),
        ServiceTicket { id: 10, customer_id: 3, machine_id: Some(8), ..ServiceTicket::default() }.into_any(),
        Setting { key: "grade.thresholds".into(), value: "[80,60,40]".into() }.into_any(),
        Setting { key: "a".into(), value: String::new() }.into_any(),
        TradePartner {
            id: 12,
            name: "中国建设银行长沙分行".into(),
            kind: PartnerKind::Bank,
            reference: awkward(12),
            created_at: date("2025-03-01"),
            ..TradePartner::default()
        }
        .into_any(),
        Supplier {
            id: 11,
            name: awkward(11),
            products: vec!["液压泵".into(), "滤芯".into()],
            price_level: 3,
            quality: 5,
            notes: "交货快\n价格偏高".into(),
            ..Supplier::default()
        }
        .into_any(),
        Ratings {
            customer_id: 3,
            industry_influence: 4,
            price_sensitivity: 5,
            confirmed_grade: Some(Grade::B),
            ..Ratings::default()
        }
        .into_any(),
        GradeSnapshot {
            date: date("2025-06-30"),
            entries: vec![SnapshotEntry { customer_id: 3, score_tenths: 612, grade: Some(Grade::B) }],
        }
        .into_any(),
        crate::domain::shows::Show { id: 13, name: "宝马展".into(), staff: vec![1, 2], ..Default::default() }
            .into_any(),
        crate::domain::shows::Lead { id: 14, show_id: 13, mobile: "13800000001".into(), ..Default::default() }
            .into_any(),
        crate::domain::market::SiteSighting { id: 15, brand: "卡特彼勒".into(), units: 2, ..Default::default() }
            .into_any(),
        crate::domain::market::Market {
            id: 16,
            province: "CN-JS".into(),
            year: 2026,
            units: 1200,
            ..Default::default()
        }
        .into_any(),
    ]
}

/// `"schema_version":N,` as this build writes it.
fn version_field() -> String {
    format!("\"schema_version\":{},", schema::VERSION)
}

fn backup() -> Backup {
    Backup::new("kehu-mine", CREATED, sample())
}

fn json() -> String {
    backup().to_json().unwrap()
}

fn parse(text: &str) -> Result<Backup, BackupError> {
    parse_backup(text.as_bytes())
}

fn reader(text: &str) -> Reader<'_> {
    Reader { text, pos: 0, depth: 0 }
}

#[test]
fn backup_then_read_then_backup_is_byte_identical() {
    let first = json();
    let read = parse(&first).unwrap();
    assert_eq!(read, backup());
    assert_eq!(read.schema_version, schema::VERSION);
    assert_eq!(read.to_json().unwrap(), first);
}

#[test]
fn the_file_holds_one_record_a_line_by_store_in_schema_order_and_by_key() {
    let small = Backup::new(
        "kehu-demo",
        7,
        vec![
            Setting { key: "b".into(), value: "2".into() }.into_any(),
            Setting { key: "a".into(), value: "1".into() }.into_any(),
            StockLevel { id: 10, part_id: 2, location: "总库".into(), on_hand: 1 }.into_any(),
            StockLevel { id: 9, ..StockLevel::default() }.into_any(),
        ],
    );
    let expected = r#"{"format":"kehu-backup","format_version":1,"schema_version":7,"workspace":"kehu-demo","created_ms":7,
"stores":{
"users":[],
"customers":[],
"contacts":[],
"interactions":[],
"orders":[],
"opportunities":[],
"parts":[],
"part_demand":[],
"stock":[
{"id":9,"part_id":0,"location":"","on_hand":0},
{"id":10,"part_id":2,"location":"总库","on_hand":1}
],
"machines":[],
"service_tickets":[],
"settings":[
{"key":"a","value":"1"},
{"key":"b","value":"2"}
],
"audit_log":[],
"suppliers":[],
"trade_partners":[],
"value_ratings":[],
"grade_snapshots":[],
"shows":[],
"leads":[],
"sightings":[],
"markets":[]
}}
"#;
    assert_eq!(small.to_json().unwrap(), expected);
    assert_eq!(Entity::ALL.len(), 21, "a new kind adds a store to the expected file above");
    assert_eq!(schema::VERSION, 7, "a new step changes the version in the expected file above");
}

/// Any JSON layout reads: indented, header fields in another order, unknown header fields.
#[test]
fn any_json_layout_of_a_backup_reads() {
    let mut stores = serde_json::Map::new();
    for entity in Entity::ALL {
        let records: Vec<AnyRecord> = sample().into_iter().filter(|r| r.entity() == *entity).collect();
        stores.insert(entity.store_name().into(), serde_json::to_value(&records).unwrap());
    }
    let document = serde_json::json!({
        "stores": stores,
        "created_ms": CREATED,
        "workspace": "kehu-mine",
        "schema_version": schema::VERSION,
        "format_version": 1,
        "format": "kehu-backup",
        "comment": ["later formats may add fields", {"nested": null}],
    });
    let pretty = serde_json::to_string_pretty(&document).unwrap();
    assert_eq!(parse(&pretty).unwrap(), backup());
}

#[test]
fn gzip_is_recognised_by_its_magic_bytes_and_round_trips() {
    let packed = backup().encode(Compression::Gzip).unwrap();
    let plain = backup().encode(Compression::None).unwrap();
    assert!(is_gzip(&packed) && !is_gzip(&plain));
    assert!(packed.len() < plain.len());
    assert_eq!(backup().encode(Compression::Gzip).unwrap(), packed, "deterministic");
    assert_eq!(parse_backup(&packed).unwrap(), backup());
    assert_eq!(parse_backup(&packed).unwrap().to_json().unwrap().into_bytes(), plain);
}

#[test]
fn damaged_gzip_is_reported_as_such() {
    let packed = backup().encode(Compression::Gzip).unwrap();
    let cut = parse_backup(&packed[..packed.len() / 2]).unwrap_err();
    assert!(matches!(cut, BackupError::Gzip { .. }), "{cut:?}");
    let mut flipped = packed.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    assert!(matches!(parse_backup(&flipped), Err(BackupError::Gzip { .. })));
    assert!(matches!(parse_backup(&GZIP_MAGIC), Err(BackupError::Gzip { .. })));
}

/// A file cut anywhere — even inside a multi-byte character or an escape — is truncated,
/// and says where it ends.
#[test]
fn a_backup_cut_anywhere_is_truncated() {
    let text = json();
    let bytes = text.trim_end().as_bytes();
    for cut in 0..bytes.len() {
        match parse_backup(&bytes[..cut]) {
            Err(BackupError::Truncated { at }) => assert_eq!(at.offset, cut),
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
    assert!(parse_backup(bytes).is_ok());
    let at = match parse_backup(&bytes[..bytes.len() - 3]) {
        Err(BackupError::Truncated { at }) => at,
        other => panic!("{other:?}"),
    };
    assert_eq!((at.line, at.column), (text.lines().count() - 1, 2), "just after the last ']'");
    assert!(matches!(parse(""), Err(BackupError::Truncated { .. })));
    assert!(matches!(parse(" \n"), Err(BackupError::Truncated { .. })));
}

#[test]
fn syntax_errors_say_where_in_lines_and_characters() {
    let at = |text: &str| match parse(text) {
        Err(BackupError::Syntax { at, detail }) => (at.line, at.column, detail),
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(at("{\"format\":\"kehu-backup\",,}"), (1, 25, "expected a string"));
    assert_eq!(at("{\"a\":1}x"), (1, 8, "text after the end of the backup"));
    assert_eq!(at("{\n\"汉字\": tru }"), (2, 10, "expected a value"));
    assert_eq!(at("{\"a\" 1}"), (1, 6, "expected ':'"));
    assert_eq!(at("{\"a\":[1 2]}"), (1, 9, "expected ',' or ']'"));
    assert_eq!(at("{\"a\":01}"), (1, 7, "expected ',' or '}'"));
    assert_eq!(at("{\"a\":-x}"), (1, 7, "expected a digit"));
    assert_eq!(at("{\"a\":1.e5}"), (1, 8, "expected a digit"));
    assert_eq!(at("{\"a\":1e999}"), (1, 6, "number out of range"));
    assert_eq!(at("{\"a\":\"x\ty\"}"), (1, 8, "control character in string"));
    assert_eq!(at("{\"a\":\"\\x\"}"), (1, 8, "invalid escape"));
    assert_eq!(at("{\"a\":\"\\u12g4\"}"), (1, 11, "invalid \\u escape"));
    assert_eq!(at("{\"a\":\"\\ud83d\"}"), (1, 13, "unpaired surrogate"));
    assert_eq!(at("{\"a\":\"\\ude00\"}"), (1, 13, "unpaired surrogate"));
    assert_eq!(at("{\"a\":\"\\ud83d\\u0041\"}"), (1, 19, "unpaired surrogate"));
    assert_eq!(at(&format!("{{\"a\":{}1{}}}", "[".repeat(70), "]".repeat(70))), (1, 69, "nested too deeply"));
    let mut bytes = b"{\"a\":\"".to_vec();
    bytes.extend([0xff, b'"', b'}']);
    match parse_backup(&bytes) {
        Err(BackupError::Syntax { at, detail: "invalid UTF-8" }) => assert_eq!(at.offset, 6),
        other => panic!("{other:?}"),
    }
    // A byte-order mark is skipped and not counted as a column.
    let mut bom = BOM.as_bytes().to_vec();
    bom.extend(b"{,}");
    match parse_backup(&bom) {
        Err(BackupError::Syntax { at, .. }) => assert_eq!((at.offset, at.line, at.column), (4, 1, 2)),
        other => panic!("{other:?}"),
    }
    let mut with_bom = BOM.as_bytes().to_vec();
    with_bom.extend(json().bytes());
    assert_eq!(parse_backup(&with_bom).unwrap(), backup());
}

#[test]
fn other_files_are_not_backups() {
    for text in [
        "[1,2]",
        "\"kehu-backup\"",
        "null",
        "{}",
        "{\"name\":\"kehu\",\"version\":\"0.1.0\"}",
        "{\"format\":\"kehu-export\",\"format_version\":1}",
        "{\"format\":1}",
        "id,company\n1,x\n",
        "<html></html>",
    ] {
        assert_eq!(parse(text), Err(BackupError::NotABackup), "{text}");
    }
    assert_eq!(parse_backup(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(BackupError::NotABackup));
    assert_eq!(parse_backup(b"PK\x03\x04\x14\0\x06\0"), Err(BackupError::NotABackup));
}

#[test]
fn backups_from_a_newer_build_are_refused_with_both_versions() {
    let newer = json().replacen(&version_field(), &format!("\"schema_version\":{},", schema::VERSION + 1), 1);
    assert_eq!(parse(&newer), Err(BackupError::TooNew { found: schema::VERSION + 1, supported: schema::VERSION }));
    let huge = json().replacen(&version_field(), "\"schema_version\":99999999999,", 1);
    assert_eq!(parse(&huge), Err(BackupError::TooNew { found: u32::MAX, supported: schema::VERSION }));
    let format = json().replacen("\"format_version\":1,", "\"format_version\":2,", 1);
    assert_eq!(parse(&format), Err(BackupError::FormatTooNew { found: 2, supported: FORMAT_VERSION }));
}

#[test]
fn header_fields_must_be_there_once_with_their_types() {
    let text = json();
    let current = version_field();
    let twice = current.repeat(2);
    for (from, to, field) in [
        ("\"format_version\":1,", "", "format_version"),
        ("\"format_version\":1,", "\"format_version\":0,", "format_version"),
        ("\"format_version\":1,", "\"format_version\":\"1\",", "format_version"),
        (current.as_str(), "", "schema_version"),
        (current.as_str(), "\"schema_version\":0,", "schema_version"),
        (current.as_str(), "\"schema_version\":1.0,", "schema_version"),
        (current.as_str(), "\"schema_version\":-1,", "schema_version"),
        (current.as_str(), twice.as_str(), "schema_version"),
        ("\"workspace\":\"kehu-mine\",", "", "workspace"),
        ("\"workspace\":\"kehu-mine\",", "\"workspace\":null,", "workspace"),
        ("\"created_ms\":1717171717000,", "", "created_ms"),
        ("\"created_ms\":1717171717000,", "\"created_ms\":1.5,", "created_ms"),
        ("\"created_ms\":1717171717000,", "\"created_ms\":9223372036854775808,", "created_ms"),
        ("\"stores\":{", "\"stores\":[],\"x\":{", "stores"),
    ] {
        assert!(text.contains(from), "{from}");
        assert_eq!(parse(&text.replacen(from, to, 1)), Err(BackupError::BadHeader { field }), "{from} → {to}");
    }
    let no_stores =
        "{\"format\":\"kehu-backup\",\"format_version\":1,\"schema_version\":1,\"workspace\":\"\",\"created_ms\":-5}";
    assert_eq!(parse(no_stores), Err(BackupError::BadHeader { field: "stores" }));
    // Header fields in another order, and unknown ones, are fine.
    let moved = text.replacen("\"format\":\"kehu-backup\",", "\"app\":{\"version\":[0,1]},", 1).replacen(
        "\n}}\n",
        "\n},\"format\":\"kehu-backup\"}",
        1,
    );
    assert_eq!(parse(&moved).unwrap(), backup());
    let negative = text.replacen("\"created_ms\":1717171717000,", "\"created_ms\":-5,", 1);
    assert_eq!(parse(&negative).unwrap().created_ms, -5);
}

#[test]
fn stores_must_be_known_lists_each_once_and_all_there() {
    let text = Backup::new("kehu-mine", 0, Vec::new()).to_json().unwrap();
    assert!(parse(&text).is_ok());
    let unknown = text.replacen("\"users\":[", "\"quotes\":[],\n\"users\":[", 1);
    assert_eq!(parse(&unknown), Err(BackupError::UnknownStore { store: "quotes".into() }));
    let ledger = text.replacen("\"users\":[", "\"schema_ledger\":[],\n\"users\":[", 1);
    assert_eq!(parse(&ledger), Err(BackupError::UnknownStore { store: "schema_ledger".into() }));
    let twice = text.replacen("\"users\":[", "\"stock\":[],\n\"users\":[", 1);
    assert_eq!(parse(&twice), Err(BackupError::BadStore { store: "stock".into() }));
    let not_a_list = text.replacen("\"orders\":[]", "\"orders\":{}", 1);
    assert_eq!(parse(&not_a_list), Err(BackupError::BadStore { store: "orders".into() }));
    let missing = text.replacen("\"orders\":[],\n", "", 1);
    assert_eq!(parse(&missing), Err(BackupError::MissingStore { store: "orders" }));
    // A schema-2 backup must have the stores step 2 added; a schema-1 backup need not.
    let no_suppliers = text.replacen("\"suppliers\":[],\n", "", 1);
    assert_eq!(parse(&no_suppliers), Err(BackupError::MissingStore { store: "suppliers" }));
    let v1 =
        no_suppliers.replacen(&version_field(), "\"schema_version\":1,", 1).replacen(",\n\"trade_partners\":[]", "", 1);
    assert_eq!(parse(&v1).map(|b| (b.schema_version, b.counts().total())), Ok((1, 0)));
}

#[test]
fn a_record_that_does_not_read_names_its_store_and_position() {
    let text = json();
    let bad = |from: &str, to: &str| {
        assert!(text.contains(from), "{from}");
        parse(&text.replacen(from, to, 1)).unwrap_err()
    };
    // Records are one a line: change the second customer's only.
    let second = text.lines().find(|l| l.starts_with("{\"id\":20,")).unwrap();
    match bad(second, &second.replacen("\"credit_index\":255", "\"credit_index\":256", 1)) {
        BackupError::BadRecord { store: "customers", record: 1, detail } => {
            assert!(detail.contains("256"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    match bad("\"lifecycle\":\"lost\"", "\"lifecycle\":\"zombie\"") {
        BackupError::BadRecord { store: "customers", record: 0, detail } => {
            assert!(detail.contains("zombie"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    match bad("{\"key\":\"a\",\"value\":\"\"}", "[\"a\",\"b\",\"c\"]") {
        BackupError::BadRecord { store: "settings", record: 0, .. } => {}
        other => panic!("{other:?}"),
    }
    match bad("{\"key\":\"a\",\"value\":\"\"}", "42") {
        BackupError::BadRecord { store: "settings", record: 0, .. } => {}
        other => panic!("{other:?}"),
    }
    match bad("\"created_at\":\"1969-12-31\"", "\"created_at\":\"2023-02-29\"") {
        BackupError::BadRecord { store: "customers", record: 0, .. } => {}
        other => panic!("{other:?}"),
    }
    match bad("\"on_hand\":12", "\"on_hand\":-12") {
        BackupError::BadRecord { store: "stock", record: 0, .. } => {}
        other => panic!("{other:?}"),
    }
    // A field no build knows is ignored, as IndexedDB keeps it: it may come from a newer
    // build of the same schema version.
    let extra = text.replacen("\"on_hand\":12", "\"on_hand\":12,\"bin\":{\"row\":[1,\"a\"]}", 1);
    assert_eq!(parse(&extra).unwrap(), backup());
}

#[test]
fn duplicate_keys_and_unique_index_values_are_refused() {
    let text = json();
    let setting = "{\"key\":\"a\",\"value\":\"\"}";
    let twice = text.replacen(setting, &format!("{setting},\n{setting}"), 1);
    assert_eq!(parse(&twice), Err(BackupError::DuplicateKey { store: "settings", record: 1, key: Key::from("a") }));
    let part = "{\"id\":5,\"number\":\"SY-60234-01\"";
    let clash = text.replacen(part, &format!("{{\"id\":6,\"number\":\"SY-60234-01\"}},\n{part}"), 1);
    assert_eq!(
        parse(&clash),
        Err(BackupError::DuplicateIndexValue {
            store: "parts",
            index: "number",
            record: 1,
            value: Key::from("SY-60234-01")
        })
    );
}

#[test]
fn an_old_backup_reads_with_defaults_for_newer_fields() {
    let old = include_bytes!("../../../tests/fixtures/backup/v1-before-custom-fields.json");
    let backup = parse_backup(old).unwrap();
    assert_eq!(
        (backup.workspace.as_str(), backup.created_ms, backup.schema_version),
        ("kehu-mine", 1_717_171_717_000, 1)
    );
    let records = backup.records();
    let customer = records.iter().find_map(Customer::from_any).unwrap();
    assert_eq!(customer.company, "新疆天山路桥工程有限公司");
    assert_eq!(customer.market, Some(crate::domain::region::MarketType::Resource));
    assert_eq!((customer.industry.as_str(), customer.parent_company.as_str()), ("", ""));
    assert!(customer.custom.is_empty());
    let user = records.iter().find_map(User::from_any).unwrap();
    assert_eq!((user.id, user.manager, user.office.as_str()), (3, None, ""));
    let audit = records.iter().find_map(AuditEntry::from_any).unwrap();
    assert_eq!((audit.at_ms, audit.reason.as_str()), (1_700_000_000_123, ""));
    assert_eq!(backup.counts().total(), 5);
    assert_eq!((backup.counts().get(Entity::Supplier), backup.counts().get(Entity::TradePartner)), (0, 0));
    // Written again, it is a current backup.
    assert!(backup.to_json().unwrap().contains("\"industry\":\"\""));
}

#[test]
fn a_backup_with_suppliers_and_trade_partners_round_trips() {
    let text = json();
    assert!(text.contains("\n\"suppliers\":[\n{\"id\":11,"), "suppliers are a store of the file");
    let read = parse(&text).unwrap();
    let supplier = read.records().iter().find_map(Supplier::from_any).unwrap();
    assert_eq!((supplier.name.clone(), supplier.products.len(), supplier.quality), (awkward(11), 2, 5));
    let partner = read.records().iter().find_map(TradePartner::from_any).unwrap();
    assert_eq!((partner.kind, partner.reference.clone()), (PartnerKind::Bank, awkward(12)));
    assert_eq!((read.counts().get(Entity::Supplier), read.counts().get(Entity::TradePartner)), (1, 1));
    assert_eq!(read.to_json().unwrap(), text);
    // A supplier written before a field existed reads with its default.
    let older = text.replacen(",\"quality\":5", "", 1);
    let older = parse(&older).unwrap();
    assert_eq!(older.records().iter().find_map(Supplier::from_any).map(|s| s.quality), Some(0));
    let bad = text.replacen("\"kind\":\"bank\"", "\"kind\":\"casino\"", 1);
    assert!(matches!(parse(&bad), Err(BackupError::BadRecord { store: "trade_partners", record: 0, .. })));
}

/// A schema two steps long, as a later build would have: `audit_log` and its unique index
/// added by step 2, and a retired store.
static LATER: &[Step] = &[
    Step { version: 1, stores: &[], migration: None },
    Step {
        version: 2,
        stores: &[StoreSpec {
            name: "audit_log",
            key_path: "id",
            indexes: &[IndexSpec { name: "target", key_path: "target", unique: true }],
        }],
        migration: None,
    },
    Step { version: 3, stores: &[], migration: None },
];

#[test]
fn a_store_a_later_step_added_may_be_missing_from_an_older_backup() {
    let without = json().replacen(&version_field(), "\"schema_version\":1,", 1).replacen(
        "\"audit_log\":[",
        "\"old_quotes\":[",
        1,
    );
    let with_steps = |text: &str| parse_with(text.as_bytes(), LATER, &["old_quotes"]);
    let read = with_steps(&without).unwrap();
    assert_eq!(read.schema_version, 1);
    assert_eq!(read.counts().get(Entity::Audit), 0, "the retired store's records are dropped");
    assert_eq!(read.counts().total(), backup().counts().total() - 1);
    let at_two = without.replacen("\"schema_version\":1,", "\"schema_version\":2,", 1);
    assert_eq!(with_steps(&at_two), Err(BackupError::MissingStore { store: "audit_log" }));
    let four = without.replacen("\"schema_version\":1,", "\"schema_version\":4,", 1);
    assert_eq!(with_steps(&four), Err(BackupError::TooNew { found: 4, supported: 3 }));
    // Unique indexes are checked as the schema defines them.
    let entry = |id| format!("{{\"id\":{id},\"target\":\"customers/1\"}}");
    let clash = json().replacen(&version_field(), "\"schema_version\":3,", 1).replacen(
        "\"audit_log\":[",
        &format!("\"audit_log\":[\n{},\n{},", entry(1), entry(2)),
        1,
    );
    assert_eq!(
        with_steps(&clash),
        Err(BackupError::DuplicateIndexValue {
            store: "audit_log",
            index: "target",
            record: 1,
            value: Key::from("customers/1")
        })
    );
    assert_eq!(parse(&without), Err(BackupError::UnknownStore { store: "old_quotes".into() }));
}

/// The frame's strings (the workspace name) are escaped as the records' are.
#[test]
fn strings_escape_as_serde_json_does_and_read_back() {
    let all: String = (0u32..0x300).filter_map(char::from_u32).chain(['😀', '\u{2028}', '\u{ffff}']).collect();
    let mut written = String::new();
    json_string(&mut written, &all);
    assert_eq!(written, serde_json::to_string(&all).unwrap());
    assert_eq!(reader(&written).string().unwrap(), all);
    let escapes = r#""\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\\u4E2D""#;
    assert_eq!(reader(escapes).string().unwrap(), "é😀/\u{8}\u{c}\n\r\t\"\\中");
    assert!(matches!(reader("\"plain\"").string().unwrap(), Cow::Borrowed("plain")));
    let named = Backup::new(all.clone(), 0, Vec::new());
    assert_eq!(parse(&named.to_json().unwrap()).unwrap().workspace, all);
}

#[test]
fn numbers_are_integers_when_they_can_be() {
    let number = |text: &str| reader(text).number().unwrap();
    assert_eq!(number("18446744073709551615"), Number::Unsigned(u64::MAX));
    assert_eq!(number("-9223372036854775808"), Number::Signed(i64::MIN));
    assert_eq!(number("18446744073709551616"), Number::Float(18446744073709551616.0));
    assert_eq!(number("1.0"), Number::Float(1.0));
    assert_eq!(number("-1e3"), Number::Float(-1000.0));
    assert!(matches!(number("-0"), Number::Float(z) if z == 0.0 && z.is_sign_negative()));
    assert_eq!((Number::Unsigned(1 << 63).as_i64(), Number::Float(1.0).as_u64()), (None, None));
}

#[test]
fn new_sorts_by_kind_and_key_and_keeps_the_last_of_equal_keys() {
    let backup = Backup::new(
        "w",
        0,
        vec![
            Setting { key: "x".into(), value: "old".into() }.into_any(),
            User { id: 2, ..User::default() }.into_any(),
            Setting { key: "x".into(), value: "new".into() }.into_any(),
            User { id: 1, ..User::default() }.into_any(),
        ],
    );
    let keys: Vec<(Entity, Key)> = backup.records().iter().map(|r| (r.entity(), r.key())).collect();
    assert_eq!(keys, vec![(Entity::User, Key::Id(1)), (Entity::User, Key::Id(2)), (Entity::Setting, "x".into())]);
    assert_eq!(Setting::from_any(&backup.records()[2]).unwrap().value, "new");
    assert_eq!(backup.counts().get(Entity::User), 2);
    assert_eq!(backup.counts().0.len(), Entity::ALL.len());
}
