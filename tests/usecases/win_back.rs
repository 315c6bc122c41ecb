//! A lost customer's response planned as a follow-up (issue 24, rule 7), and the customer form's
//! own market type (rule 4) written with its history.

use super::*;
use kehu::domain::grading::retention::WinBackTask;
use kehu::domain::interactions::win_back::WinBackDraft;
use kehu::domain::region::{MarketType, MarketTypes};

#[test]
fn a_planned_response_is_a_follow_up_of_its_owner_with_the_planners_entry() {
    let store = Recorder::default();
    let draft = WinBackDraft { owner: 12, due: "2026-05-27".into(), notes: " 道歉 → 拜访 ".into() };
    let tasks = [WinBackTask::Apologise, WinBackTask::Visit];
    let id = run(usecases::interactions::plan_win_back(&store, &mut context(Some(USER), 900), 5, &draft, &tasks));
    assert_eq!(id, Ok(900));
    let interaction = Interaction {
        id: 900,
        customer_id: 5,
        contact_id: None,
        kind: InteractionKind::Visit,
        date: Some(today()),
        by: 12,
        notes: "道歉 → 拜访".into(),
        follow_up: Some(date("2026-05-27")),
        follow_up_done: false,
    };
    let changes = vec![
        change("interactions/900/kind", "", "visit"),
        change("interactions/900/date", "", "2026-05-20"),
        change("interactions/900/notes", "", "道歉 → 拜访"),
        change("interactions/900/follow_up", "", "2026-05-27"),
    ];
    // The owner's, not the planner's: it lands in the owner's queue; the entry says who planned it.
    let expected =
        Batch::new().put(interaction).put(entry(901, Some(USER), "customers/5", AuditAction::Create, changes));
    assert_eq!(store.writes(), vec![expected]);
}

#[test]
fn planning_a_response_without_a_current_user_is_refused() {
    let store = Recorder::default();
    let draft = WinBackDraft { owner: 12, due: "2026-05-27".into(), notes: String::new() };
    let result = run(usecases::interactions::plan_win_back(&store, &mut context(None, 1), 5, &draft, &[]));
    assert_refused(result, StoreErrorKind::NoCurrentUser, &store);
}

/// A customer set apart from its province's market type keeps it, and the history names it.
#[test]
fn a_customers_own_market_type_is_saved_with_its_entry() {
    let stored = Customer { province: "CN-JS".into(), market: Some(MarketType::Construction), ..stored_customer() };
    let store = Recorder::with(Batch::new().put(stored.clone()));
    let opened = run(usecases::customers::open(&store, 5)).unwrap().unwrap();
    let mut draft = CustomerDraft::of(&stored, &[]);
    draft.customer.market_override = Some(MarketType::Resource);
    let saved = run(usecases::customers::save(&store, &mut context(Some(USER), 200), Some(&opened), &draft)).unwrap();
    assert_eq!(saved, Saved::Stored { id: 5, merged_with: None });
    let customer = Customer {
        market_override: Some(MarketType::Resource),
        modified_by: USER,
        modified_at: Some(today()),
        ..stored
    };
    // Its province's type stays the built-in table's; what it is judged by is its own.
    assert_eq!(customer.market, Some(MarketType::Construction));
    assert_eq!(MarketTypes::default().of(&customer), Some(MarketType::Resource));
    let changes = vec![change("market_override", "", "resource")];
    let expected = Batch::new().update(customer, FIRST).create(entry(
        200,
        Some(USER),
        "customers/5",
        AuditAction::Update,
        changes,
    ));
    assert_eq!(store.writes(), vec![expected]);
}
