//! Parts inventory: the workspace's parts planned (every part's forecast and stock policy, with
//! its models' installed base, the funnel's expected deliveries and the kits of planned
//! maintenance as drivers), the stock-policy
//! settings, and importing demand history.
//!
//! The plan is recomputed in time slices of ~[`SLICE_MS`] (the page shows progress) after the
//! workspace changed, and cached until the next write of what it reads: going from the list to a
//! part and back, or editing a customer, computes nothing. A recompute first learns the blend's
//! weights from every part's history (`BlendLearner`, a quick pass), then analyses every part's
//! history (the selection, the costly half), learns the calibration factor from all their
//! holdouts (`learn_calibration`), and finishes every part's plan with it.

use super::app::{AppState, Notice};
use super::cache::Cached;
use super::import::one_import_at_a_time;
use super::{browser, drafts};
use crate::domain::import::carparts::ImportedDemand;
use crate::domain::import::records::{PartUpdate, StockRow};
use crate::domain::model::{Id, Machine, Opportunity, Part, PartDemand, ServiceTicket, Setting, StockLevel};
use crate::domain::parts::blend::Blend;
use crate::domain::parts::classify::{AbcClass, DemandClass, XyzClass};
use crate::domain::parts::drivers::DriverSettings;
use crate::domain::parts::plan::{PlanSettings, ReorderReason};
use crate::domain::parts::policy::{Policy, StockStatus};
use crate::domain::parts::policy_form::{PolicyChoice, SETTING_KEY};
use crate::domain::parts::select::learn_calibration;
use crate::domain::parts::workspace::{
    abc_classes, analyse_stored_part, plan_analysed_part, plan_stored_part, Fleet, Maintenance, PartInput, Pipeline,
    RateLearner, StoredPartPlan, WorkspaceContext,
};
use crate::domain::service::maintenance::{self, MaintenanceSettings};
use crate::store::json::from_json;
use crate::store::{Entity, Reads, Revised, Store, StoreError};
pub use crate::usecases::parts::{DemandCounts, RecordCounts};
use crate::usecases::{self, Saved};
use leptos::prelude::Set;
use std::collections::HashMap;
use std::rc::Rc;

/// Longest stretch of planning before the page gets to paint.
const SLICE_MS: f64 = 40.0;
/// Parts planned between two looks at the clock.
const PARTS_PER_CHECK: usize = 50;

/// One part as the list and the reorder list show it.
pub struct PartRow {
    pub part: Part,
    pub on_hand: u32,
    pub class: DemandClass,
    pub abc: AbcClass,
    pub xyz: Option<XyzClass>,
    pub status: StockStatus,
    pub days_of_cover: Option<f64>,
    pub reorder_point: u32,
    pub order_up_to: u32,
    pub order_quantity: u32,
    pub reasons: Vec<ReorderReason>,
    /// The policy the figures above come from (the cockpit sums its expected demand).
    pub policy: Policy,
    /// Number, names and supplier, lower-cased, for the search.
    haystack: String,
}

/// Every part of the workspace planned, with what a part's page needs to plan it again in full.
pub struct PartsBook {
    pub rows: Vec<PartRow>,
    demand: HashMap<Id, PartDemand>,
    context: WorkspaceContext,
    pub policy: PolicyChoice,
    /// The factor learned in this recompute.
    pub calibration: f64,
    /// Time spent computing (slices only, not the pauses between them), in ms.
    pub compute_ms: f64,
}

/// What one part's page shows.
pub struct PartDetail {
    pub history: Vec<Option<u32>>,
    pub planned: StoredPartPlan,
}

impl PartsBook {
    /// The probability the forecast range holds a month's demand.
    pub fn range_level(&self) -> f64 {
        self.context.plan.range_level
    }

    pub fn row(&self, id: Id) -> Option<&PartRow> {
        self.rows.iter().find(|r| r.part.id == id)
    }

    /// The blend's weights learned in this recompute; `None` when too few parts had the
    /// history to teach them.
    pub fn blend(&self) -> Option<&Blend> {
        self.context.plan.forecast.blend.as_ref()
    }

    /// Known months a part needs to teach the blend.
    pub fn months_to_teach_blend(&self) -> usize {
        self.context.plan.months_to_teach_blend()
    }

    /// Part `id` planned again with everything kept (the same numbers as its row).
    pub fn detail(&self, id: Id) -> Option<PartDetail> {
        let row = self.row(id)?;
        let demand = self.demand.get(&id);
        let input = PartInput { part: &row.part, demand, on_hand: row.on_hand };
        let history = demand.map(|d| d.quantities.clone()).unwrap_or_default();
        Some(PartDetail { history, planned: plan_stored_part(&input, &self.context) })
    }

    /// Rows whose text holds every term of `text` and that pass the filters, in list order.
    pub fn query(&self, text: &str, status: Option<StockStatus>, class: Option<DemandClass>) -> Vec<usize> {
        let terms: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        (0..self.rows.len())
            .filter(|&i| {
                let row = &self.rows[i];
                status.is_none_or(|s| row.status == s)
                    && class.is_none_or(|c| row.class == c)
                    && terms.iter().all(|t| row.haystack.contains(t.as_str()))
            })
            .collect()
    }

    /// The reorder list: rows with something to order, stock-out risks first, then by value.
    pub fn reorder(&self) -> Vec<&PartRow> {
        let mut rows: Vec<&PartRow> = self.rows.iter().filter(|r| r.order_quantity > 0).collect();
        let urgency = |r: &PartRow| u8::from(r.status != StockStatus::StockOutRisk);
        let value = |r: &PartRow| r.part.unit_cost.fen() * i64::from(r.order_quantity);
        rows.sort_by(|a, b| {
            urgency(a).cmp(&urgency(b)).then(value(b).cmp(&value(a))).then(a.part.number.cmp(&b.part.number))
        });
        rows
    }
}

/// The kinds a book is computed from: writes of any other kind (customers, orders, contacts)
/// keep it.
const READS: [Entity; 7] = [
    Entity::Part,
    Entity::PartDemand,
    Entity::Stock,
    Entity::Machine,
    Entity::Opportunity,
    Entity::Setting,
    // Planned-maintenance tickets move the services due, whose kits are a driver.
    Entity::ServiceTicket,
];

thread_local! {
    /// The last book computed, with the write stamps of what it read.
    static BOOK: Cached<Vec<u64>, PartsBook> = const { Cached::new() };
}

fn stamps(db: &impl Store) -> Vec<u64> {
    READS.iter().map(|&entity| db.write_stamp(entity)).collect()
}

/// The book if it is computed for the records as they are.
pub fn cached(app: AppState) -> Option<Rc<PartsBook>> {
    let db = app.store()?;
    BOOK.with(|book| book.get(&stamps(&*db)))
}

/// The active workspace's parts planned (see the module docs); `progress` hears parts done of
/// twice their number (the analyses, then the plans).
pub async fn book(app: AppState, progress: impl Fn(usize, usize)) -> Result<Rc<PartsBook>, StoreError> {
    if let Some(book) = cached(app) {
        return Ok(book);
    }
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let stamps = stamps(&*db);
    let mut reads = Reads::new();
    let (parts, demand, stock) = (reads.all::<Part>(), reads.all::<PartDemand>(), reads.all::<StockLevel>());
    let (machines, opportunities) = (reads.all::<Machine>(), reads.all::<Opportunity>());
    let policy = reads.key::<Setting>(SETTING_KEY);
    let (tickets, programmes) = (reads.all::<ServiceTicket>(), reads.key::<Setting>(maintenance::SETTING_KEY));
    let mut read = db.read_many(&reads).await?;
    let parts = read.take(parts);
    let demand: HashMap<Id, PartDemand> = read.take(demand).into_iter().map(|d| (d.part_id, d)).collect();
    let mut on_hand: HashMap<Id, u32> = HashMap::new();
    for level in read.take(stock) {
        *on_hand.entry(level.part_id).or_default() += level.on_hand;
    }
    let machines = read.take(machines);
    let opportunities = read.take(opportunities);
    let policy: PolicyChoice = read.one(policy).and_then(|s| from_json(&s.value)).unwrap_or_default();
    let tickets = read.take(tickets);
    let programmes: MaintenanceSettings = read.one(programmes).and_then(|s| from_json(&s.value)).unwrap_or_default();

    let today = browser::today();
    let mut compute_ms = 0.0;
    let started = js_sys::Date::now();
    let mut plan = PlanSettings::default();
    plan.policy = policy.apply(&plan.policy);
    // The forecast starts the month after today's, which the history ends with.
    let first = today.month_of() + 1;
    let kits = maintenance::Fleet::new(&programmes, &machines, &tickets, today).kit_demand(today, first, plan.horizon);
    drop(tickets);
    let mut context = WorkspaceContext {
        fleet: Fleet::new(&machines, today, &DriverSettings::default()),
        pipeline: Pipeline::new(&opportunities, today),
        drivers: DriverSettings::default(),
        plan,
        maintenance: Maintenance { first: Some(first), by_part: kits },
    };
    drop((machines, opportunities));
    let total = parts.len() * 2;
    compute_ms += js_sys::Date::now() - started;

    let count = parts.len();
    let part_input = |i: usize| input(&parts[i], &demand, &on_hand);
    let mut blend = context.plan.blend_learner();
    in_slices(count, &mut compute_ms, |i| blend.add_history(part_input(i).history()), |_| {}).await;
    context.plan.forecast.blend = blend.learn();

    let mut analyses = Vec::with_capacity(count);
    let analyse = |i| analyses.push(analyse_stored_part(&part_input(i), &context.plan));
    in_slices(count, &mut compute_ms, analyse, |done| progress(done, total)).await;
    context.plan.calibration = learn_calibration(analyses.iter().map(|a| a.holdout_sums));

    let mut planned = Vec::with_capacity(count);
    let mut learner = RateLearner::default();
    let mut analyses = analyses.into_iter();
    let plan = |i| {
        let analysis = analyses.next().expect("one analysis per part");
        planned.push(plan_analysed_part(&part_input(i), analysis, &context, &mut learner).plan);
    };
    in_slices(count, &mut compute_ms, plan, |done| progress(count + done, total)).await;

    let started = js_sys::Date::now();
    let values: Vec<(&Part, f64)> =
        parts.iter().zip(&planned).map(|(part, plan)| (part, plan.analysis.mean_demand)).collect();
    let abc = abc_classes(&values, &context.plan.classes);
    drop(values);
    let rows: Vec<PartRow> = parts
        .into_iter()
        .zip(planned)
        .zip(abc)
        .map(|((part, plan), abc)| {
            let haystack =
                [part.number.as_str(), &part.name_zh, &part.name_en, &part.supplier].join("\n").to_lowercase();
            PartRow {
                on_hand: on_hand.get(&part.id).copied().unwrap_or(0),
                class: plan.analysis.profile.class,
                abc,
                xyz: plan.analysis.xyz,
                status: plan.policy.status,
                days_of_cover: plan.policy.days_of_cover,
                reorder_point: plan.policy.reorder_point,
                order_up_to: plan.policy.order_up_to,
                order_quantity: plan.policy.order_quantity,
                reasons: plan.reasons,
                policy: plan.policy,
                haystack,
                part,
            }
        })
        .collect();
    compute_ms += js_sys::Date::now() - started;
    let calibration = context.plan.calibration;
    // Kept for the next start; a setting, not a change of the workspace's records: no re-read.
    let book = Rc::new(PartsBook { rows, demand, context, policy, calibration, compute_ms });
    BOOK.with(|b| b.keep(stamps, book.clone()));
    Ok(book)
}

/// Calls `step` for items 0..`count` in slices of ~[`SLICE_MS`], the page painting between
/// them; adds the time spent to `compute_ms` and tells `after_slice` how many are done.
async fn in_slices(count: usize, compute_ms: &mut f64, mut step: impl FnMut(usize), after_slice: impl Fn(usize)) {
    let mut done = 0;
    while done < count {
        let started = js_sys::Date::now();
        while done < count && js_sys::Date::now() - started < SLICE_MS {
            let end = (done + PARTS_PER_CHECK).min(count);
            (done..end).for_each(&mut step);
            done = end;
        }
        *compute_ms += js_sys::Date::now() - started;
        after_slice(done);
        browser::sleep(0).await;
    }
}

fn input<'a>(part: &'a Part, demand: &'a HashMap<Id, PartDemand>, on_hand: &HashMap<Id, u32>) -> PartInput<'a> {
    PartInput { part, demand: demand.get(&part.id), on_hand: on_hand.get(&part.id).copied().unwrap_or(0) }
}

/// The workspace's stock-policy settings with their revision, as the form opens them.
pub async fn opened_policy(app: AppState) -> Result<Revised<PolicyChoice>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::parts::opened_policy(&*db).await
}

/// Stores the stock-policy settings from the revision the form opened (see
/// [`usecases::parts::save_policy`]); every part is planned again with what is stored. A save
/// merged with a change made meanwhile says so.
pub async fn save_policy(
    app: AppState,
    opened: &Revised<PolicyChoice>,
    choice: PolicyChoice,
) -> Result<Saved<PolicyChoice>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::parts::save_policy(&*db, &mut app.context(), opened, &choice).await?;
    if let Saved::Stored { merged_with, .. } = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// The stock-policy form's name among kept drafts.
const POLICY_FORM: &str = "stock_policy";

/// The stock-policy choice kept from a save that could not be made, with what it was opened from.
pub fn kept_policy(app: AppState) -> Option<drafts::Kept<Revised<PolicyChoice>, PolicyChoice>> {
    drafts::kept(app, POLICY_FORM, None)
}

/// Keeps `choice` (opened from `opened`) for this tab.
pub fn keep_policy(app: AppState, opened: &Revised<PolicyChoice>, choice: &PolicyChoice) {
    drafts::keep(app, POLICY_FORM, None, Some(opened), choice);
}

/// Forgets the kept stock-policy choice.
pub fn discard_policy(app: AppState) {
    drafts::discard(app, POLICY_FORM, None);
}

/// Every stored part's number and id, to match a demand file's parts.
pub async fn part_numbers(app: AppState) -> Result<HashMap<String, Id>, StoreError> {
    let db = app.open_store().await.ok_or_else(StoreError::not_open)?;
    let parts: Vec<Part> = db.get_all().await?;
    Ok(parts.into_iter().map(|p| (p.number, p.id)).collect())
}

/// Stores the histories of a demand file (see [`usecases::parts::commit_demand`]); the
/// workspace counts as changed even when the write failed, as the import page reads it again.
pub async fn commit_demand(
    app: AppState,
    series: Vec<ImportedDemand>,
    numbers: &HashMap<String, Id>,
    progress: impl FnMut(usize),
) -> Result<DemandCounts, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::parts::commit_demand(&*db, &mut ctx, series, numbers, progress)).await
}

/// Stores a parts-master file's rows (see [`usecases::parts::commit_parts`]).
pub async fn commit_parts(app: AppState, updates: &[PartUpdate]) -> Result<RecordCounts, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::parts::commit_parts(&*db, &mut ctx, updates)).await
}

/// Stores a stock file's rows (see [`usecases::parts::commit_stock`]).
pub async fn commit_stock(app: AppState, rows: &[StockRow]) -> Result<RecordCounts, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::parts::commit_stock(&*db, &mut ctx, rows)).await
}
