//! Saves of the order form opened before another window (or device) saved the same order:
//! lines merge by their own ids (lines stored before they had ids by position), the same line or
//! field changed on both sides stores nothing until the user decides and then exactly as
//! decided, and a delete of an order changed since it was shown is refused.

use super::*;
use kehu::domain::merge::Clash;
use kehu::domain::money::Cny;
use kehu::usecases::{Clashed, Decision, Saved as FormSaved};

/// A line's id as the app draws new ones: far above the positions of lines stored without one.
const LINE: Id = 1 << 51;

fn line(id: Id, product: &str, quantity: u32) -> OrderLine {
    OrderLine { id, product: product.into(), quantity, unit_price: Cny::from_yuan(100), ..OrderLine::default() }
}

/// Order 70 of customer 5 with `lines`.
fn order_with(lines: Vec<OrderLine>) -> Order {
    Order { lines, ..stored_order() }
}

/// A store holding order 70 with `lines`, and the form opened on it.
fn opened_store(lines: Vec<OrderLine>) -> (Recorder, Revised<Order>) {
    let store = Recorder::with(Batch::new().create(order_with(lines)));
    let opened = run(usecases::orders::open(&store, 70)).unwrap().unwrap();
    (store, opened)
}

/// The form opened on `opened`, with `edit` made to its draft.
fn edited(opened: &Revised<Order>, edit: impl Fn(&mut OrderDraft)) -> OrderDraft {
    let mut draft = OrderDraft::of(&opened.record);
    edit(&mut draft);
    draft
}

/// Another window's save of order 70 from `opened`, changing `edit` of the draft.
fn other_window_saves(store: &Recorder, opened: &Revised<Order>, edit: impl Fn(&mut OrderDraft)) {
    let saved =
        run(usecases::orders::save(store, &mut context(Some(11), 5_000), 5, Some(opened), &edited(opened, edit)));
    assert!(matches!(saved, Ok(FormSaved::Stored { .. })), "{saved:?}");
    store.writes();
}

fn my_save(store: &Recorder, opened: &Revised<Order>, draft: &OrderDraft) -> FormSaved<Order> {
    run(usecases::orders::save(store, &mut context(Some(USER), 6_000), 5, Some(opened), draft)).unwrap()
}

fn stored(store: &Recorder) -> Order {
    run(store.get::<Order>(Key::Id(70))).unwrap().unwrap()
}

fn clashed(saved: FormSaved<Order>) -> Clashed<Order> {
    match saved {
        FormSaved::Clashed(clashed) => *clashed,
        other => panic!("expected clashes, got {other:?}"),
    }
}

/// Each line as (product, quantity).
fn summary(order: &Order) -> Vec<(String, u32)> {
    order.lines.iter().map(|l| (l.product.clone(), l.quantity)).collect()
}

fn lines(expected: &[(&str, u32)]) -> Vec<(String, u32)> {
    expected.iter().map(|(product, quantity)| (product.to_string(), *quantity)).collect()
}

#[test]
fn two_windows_editing_different_lines_both_keep_theirs() {
    let (store, opened) = opened_store(vec![line(LINE, "XE215", 1), line(LINE + 1, "斗齿", 10)]);
    other_window_saves(&store, &opened, |d| d.lines[0].quantity = "2".into());
    let theirs = run(usecases::orders::open(&store, 70)).unwrap().unwrap().revision;
    let draft = edited(&opened, |d| {
        d.lines[1].quantity = "20".into();
        d.lines.push(LineDraft {
            product: "保养".into(),
            unit_price: "500".into(),
            unit_cost: "300".into(),
            ..LineDraft::default()
        });
    });
    let saved = my_save(&store, &opened, &draft);
    let order = stored(&store);
    assert_eq!(saved, FormSaved::Stored { record: order.clone(), merged_with: theirs });
    assert_eq!(summary(&order), lines(&[("XE215", 2), ("斗齿", 20), ("保养", 1)]));
    assert_eq!(order.lines[2].id, 6_000, "a line added in the form gets a new id");
    let writes = store.writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].puts[0].base, Base::At(theirs.unwrap().rev), "written from the revision it merged with");
}

#[test]
fn the_same_line_changed_twice_stores_nothing_and_comes_back_to_decide() {
    let (store, opened) = opened_store(vec![line(LINE, "XE215", 1), line(LINE + 1, "斗齿", 10)]);
    other_window_saves(&store, &opened, |d| d.lines[1].quantity = "12".into());
    let before = stored(&store);
    let draft = edited(&opened, |d| {
        d.lines[1].quantity = "15".into();
        d.status = OrderStatus::Shipped;
        d.shipped = "2026-05-18".into();
    });
    let clashed = clashed(my_save(&store, &opened, &draft));
    assert_eq!(store.writes(), Vec::<Batch>::new(), "nothing written");
    assert_eq!(stored(&store), before);
    assert_eq!(clashed.clashes, vec![Clash::item("lines", LINE + 1)]);
    assert_eq!(clashed.stored.record, before, "a retry starts from what is stored now");
    assert_eq!(
        (clashed.merged.status, clashed.merged.lines[1].quantity),
        (OrderStatus::Shipped, 12),
        "mine kept apart"
    );
}

#[test]
fn lines_stored_without_ids_merge_by_position() {
    // Stored before lines had ids: both windows key them by position, alike.
    let (store, opened) = opened_store(vec![line(0, "XE215", 1), line(0, "斗齿", 10)]);
    assert_eq!(opened.record.lines.iter().map(|l| l.id).collect::<Vec<_>>(), vec![1, 2]);
    other_window_saves(&store, &opened, |d| d.lines[0].quantity = "2".into());
    let draft = edited(&opened, |d| {
        d.lines[1].quantity = "20".into();
    });
    assert!(matches!(my_save(&store, &opened, &draft), FormSaved::Stored { merged_with: Some(_), .. }));
    assert_eq!(summary(&stored(&store)), lines(&[("XE215", 2), ("斗齿", 20)]));

    // Changed meanwhile by a write that keeps lines as they were stored (a customer merge moving
    // the order): its lines are keyed the same way, so my line change merges with it.
    let (store, opened) = opened_store(vec![line(0, "XE215", 1), line(0, "斗齿", 10), line(0, "保养", 1)]);
    let moved =
        Order { customer_id: 6, ..order_with(vec![line(0, "XE215", 1), line(0, "斗齿", 10), line(0, "保养", 1)]) };
    run(store.write(Batch::new().put(moved))).unwrap();
    store.writes();
    let draft = edited(&opened, |d| {
        d.lines[1].quantity = "20".into();
        d.lines.remove(2);
    });
    assert!(matches!(my_save(&store, &opened, &draft), FormSaved::Stored { merged_with: Some(_), .. }));
    let order = stored(&store);
    assert_eq!((order.customer_id, summary(&order)), (6, lines(&[("XE215", 1), ("斗齿", 20)])));
    let history: Vec<AuditEntry> = run(store.get_by_index("target", Key::from("customers/6"))).unwrap();
    assert_eq!(history.len(), 1, "the entry goes under the order's customer now");
    assert_eq!(order.lines.iter().map(|l| l.id).collect::<Vec<_>>(), vec![1, 2], "written keyed");
}

#[test]
fn each_decision_on_a_clashed_order_is_stored_as_chosen() {
    let cases = [
        ([Decision::KeepStored, Decision::KeepStored], "SO-2026-000002", 12),
        ([Decision::KeepMine, Decision::KeepMine], "SO-2026-000003", 15),
        ([Decision::Typed(" SO-2026-000009 ".into()), Decision::KeepMine], "SO-2026-000009", 15),
        // A typed value of a line, which is not text, keeps mine.
        ([Decision::KeepStored, Decision::Typed("99".into())], "SO-2026-000002", 15),
    ];
    for (decisions, number, quantity) in cases {
        let (store, opened) = opened_store(vec![line(LINE, "XE215", 1), line(LINE + 1, "斗齿", 10)]);
        other_window_saves(&store, &opened, |d| {
            d.number = "SO-2026-000002".into();
            d.lines[1].quantity = "12".into();
        });
        let draft = edited(&opened, |d| {
            d.number = "SO-2026-000003".into();
            d.lines[1].quantity = "15".into();
            d.credit_days = "60".into();
        });
        let clashed = clashed(my_save(&store, &opened, &draft));
        assert_eq!(clashed.clashes, vec![Clash::field("number"), Clash::item("lines", LINE + 1)]);
        let decided = OrderDraft::of(&clashed.resolve(&decisions));
        let saved = my_save(&store, &clashed.stored, &decided);
        assert!(matches!(saved, FormSaved::Stored { merged_with: None, .. }), "{decisions:?}: {saved:?}");
        let order = stored(&store);
        let got = (order.number.as_str(), order.lines[1].quantity, order.credit_days, order.lines.len());
        assert_eq!(got, (number, quantity, 60, 2), "{decisions:?}");
    }
}

#[test]
fn a_delete_of_an_order_changed_since_it_was_shown_is_refused() {
    let (store, shown) = opened_store(vec![line(LINE, "XE215", 1)]);
    other_window_saves(&store, &shown, |d| d.credit_days = "30".into());
    let result = run(usecases::orders::delete(&store, &mut context(Some(USER), 1), &shown, ""));
    assert_refused(result, StoreErrorKind::Changed { entity: Entity::Order }, &store);
    assert_eq!(stored(&store).credit_days, 30, "the order stays");

    let shown = run(usecases::orders::open(&store, 70)).unwrap().unwrap();
    run(usecases::orders::delete(&store, &mut context(Some(USER), 1), &shown, "")).unwrap();
    assert_eq!(run(store.get::<Order>(Key::Id(70))).unwrap(), None, "shown as stored: deleted");
}

#[test]
fn a_number_taken_meanwhile_is_still_refused() {
    let (store, opened) = opened_store(vec![line(LINE, "XE215", 1)]);
    let other = Order { id: 71, number: "SO-2026-000005".into(), ..stored_order() };
    run(store.write(Batch::new().create(other))).unwrap();
    store.writes();
    let draft = edited(&opened, |d| d.number = "so-2026-000005".into());
    let result = run(usecases::orders::save(&store, &mut context(Some(USER), 1), 5, Some(&opened), &draft));
    assert_refused(result, StoreErrorKind::NumberTaken, &store);
}
