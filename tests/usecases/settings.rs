//! The use cases of settings that hold a structured value: saved filters, the funnel's and the
//! stock policy's settings, and a new demo's grade history.

use super::*;
use kehu::domain::customers::query::{CustomerFilter, CustomerSort};
use kehu::domain::customers::saved_filters::SavedFilter;
use kehu::domain::funnel::settings::FunnelSettings;
use kehu::domain::money::Cny;
use kehu::domain::parts::policy_form::PolicyChoice;

fn setting(key: &str, value: String) -> Setting {
    Setting { key: key.into(), value }
}

#[test]
fn saved_filters_replace_one_of_the_same_name_and_delete_by_name() {
    let store = Recorder::default();
    let named = |name: &str, search: &str| SavedFilter {
        name: name.into(),
        filter: CustomerFilter { text: search.into(), ..CustomerFilter::default() },
        sort: CustomerSort::default(),
    };
    let first = run(usecases::saved_filters::save(&store, &mut context(None, 1), named("华东", "上海"))).unwrap();
    let second = run(usecases::saved_filters::save(&store, &mut context(None, 1), named("华南", "广州"))).unwrap();
    let replaced = run(usecases::saved_filters::save(&store, &mut context(None, 1), named("华东", "杭州"))).unwrap();
    assert_eq!(first, vec![named("华东", "上海")]);
    assert_eq!(second.len(), 2);
    assert_eq!(replaced, vec![named("华东", "杭州"), named("华南", "广州")]);
    let left = run(usecases::saved_filters::delete(&store, &mut context(None, 1), "华东")).unwrap();
    assert_eq!(left, vec![named("华南", "广州")]);
    let key = "customers.saved_filters";
    let writes: Vec<Batch> = store.writes();
    assert_eq!(writes.len(), 4, "one write a change");
    // Each change is written from the revision it read: the third write's.
    let third = Base::At(Rev { generation: 3, tag: FIRST_TAG });
    assert_eq!(writes[3], Batch::new().update(setting(key, to_json(&left).unwrap()), third));
    assert_eq!(run(usecases::saved_filters::list(&store)), Ok(left));
}

#[test]
fn a_damaged_saved_filters_setting_reads_as_none_and_is_replaced_on_save() {
    let store = Recorder::with(Batch::new().put(setting("customers.saved_filters", "[{".into())));
    assert_eq!(run(usecases::saved_filters::list(&store)), Ok(Vec::new()));
    let saved = SavedFilter { name: "A".into(), ..SavedFilter::default() };
    assert_eq!(run(usecases::saved_filters::save(&store, &mut context(None, 1), saved.clone())), Ok(vec![saved]));
}

#[test]
fn funnel_settings_are_stored_as_one_setting_and_read_back_whole() {
    let store = Recorder::default();
    let mut funnel = FunnelSettings::default();
    funnel.strategies.push(("a-cold".into(), "先电话，再上门".into()));
    let opened = run(usecases::opportunities::opened_settings(&store)).unwrap();
    run(usecases::opportunities::save_settings(&store, &mut context(None, 1), &opened, &funnel)).unwrap();
    let stored = setting("funnel", to_json(&funnel).unwrap());
    assert_eq!(store.writes(), vec![Batch::new().create(stored)]);
    assert_eq!(run(usecases::settings::read(&store, "funnel")), Ok(Some(funnel)));
}

#[test]
fn the_stock_policy_reads_back_as_saved_and_as_the_defaults_when_missing_or_damaged() {
    let store = Recorder::default();
    assert_eq!(run(usecases::parts::policy(&store)), Ok(PolicyChoice::default()));
    let choice = PolicyChoice { service_level: 0.9, cover_days_min: 10, cover_days_max: 45, dead_after_months: 18 };
    let opened = run(usecases::parts::opened_policy(&store)).unwrap();
    run(usecases::parts::save_policy(&store, &mut context(None, 1), &opened, &choice)).unwrap();
    assert_eq!(store.writes(), vec![Batch::new().create(setting("parts.policy", to_json(&choice).unwrap()))]);
    assert_eq!(run(usecases::parts::policy(&store)), Ok(choice));
    let damaged = Recorder::with(Batch::new().put(setting("parts.policy", "{\"service_level\":".into())));
    assert_eq!(run(usecases::parts::policy(&damaged)), Ok(PolicyChoice::default()));
}

#[test]
fn a_grade_history_writes_month_end_snapshots_and_their_changes_by_no_one_in_one_write() {
    let customer = stored_customer();
    let order = |id, day: &str, amount| Order {
        id,
        customer_id: customer.id,
        status: OrderStatus::Completed,
        ordered: Some(date(day)),
        lines: vec![OrderLine {
            product: "XE215".into(),
            quantity: 1,
            unit_price: Cny::from_yuan(amount),
            ..OrderLine::default()
        }],
        ..Order::default()
    };
    let store = Recorder::with(
        Batch::new()
            .put(customer.clone())
            .put(order(40, "2025-06-10", 2_000_000))
            .put(order(41, "2025-11-03", 9_000_000))
            .put(order(42, "2026-03-15", 6_000_000)),
    );
    run(usecases::grades::write_history(&store, &mut context(Some(USER), 3000))).unwrap();
    let writes = store.writes();
    assert_eq!(writes.len(), 1, "one transaction");
    let snapshots: Vec<&GradeSnapshot> = writes[0]
        .puts
        .iter()
        .filter_map(|p| if let AnyRecord::GradeSnapshot(s) = &p.record { Some(s) } else { None })
        .collect();
    assert_eq!(snapshots.len(), 12, "one a month before today's");
    assert_eq!(snapshots.last().and_then(|s| s.date), Some(date("2026-04-30")));
    let entries: Vec<&AuditEntry> = writes[0]
        .puts
        .iter()
        .filter_map(|p| if let AnyRecord::Audit(e) = &p.record { Some(e) } else { None })
        .collect();
    assert!(!entries.is_empty(), "the orders move the grade");
    assert!(entries.iter().all(|e| e.user.is_none() && e.target == "customers/5"), "{entries:?}");
    let last = setting("grading.last_snapshot", "2026-04-30".into());
    assert!(writes[0].puts.iter().any(|p| p.record == last.clone().into_any()));
}
