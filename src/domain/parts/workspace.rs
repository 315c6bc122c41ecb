//! A workspace's parts planned from its stored records: each part's history, stock on hand over
//! all locations, the installed base of the models it fits, and the machines the funnel expects
//! to deliver. The state layer reads the records, teaches the blend every part's history
//! ([`PartInput::history`]), analyses every part ([`analyse_stored_part`], in time slices),
//! learns the calibration from all the analyses' holdouts, then finishes each part's plan with
//! it ([`plan_analysed_part`]).
//!
//! - The installed base is built once per workspace as hours by model, month and age band
//!   ([`Fleet`]), so a part's rates and driver demand cost a few lookups per model and month
//!   instead of a walk over every machine.
//! - The pipeline: each open opportunity whose product is a machine model delivers one machine
//!   in its expected closing month (this month when that date has passed), with the chance
//!   learned from the workspace's closed opportunities ([`stage_win_rates`]): of those that
//!   reached the stage, the share won. A stage no closed opportunity reached expects nothing.
//! - Planned maintenance: the kits of the services the machines' programmes make due, by part
//!   number ([`Maintenance`]); a part no kit uses gets nothing from it.

use super::classify::{abc, AbcClass, ClassSettings};
use super::drivers::{driver_demand, each_once, DriverDemand, DriverSettings, ExpectedDelivery};
pub use super::drivers::{Fleet, RateLearner};
use super::plan::{analyse, plan_analysed, Analysis, Drivers, PartPlan, PlanSettings};
use super::policy::PolicyInput;
use crate::domain::date::{Date, Month};
use crate::domain::model::{FunnelStage, Opportunity, Part, PartDemand};
use crate::domain::service::maintenance::KitDemand;
use std::collections::HashMap;

/// Per open stage, the share of closed opportunities that reached it and were won; `None` where
/// no closed opportunity reached the stage.
pub fn stage_win_rates(opportunities: &[Opportunity]) -> Vec<(FunnelStage, Option<f64>)> {
    FunnelStage::ALL
        .iter()
        .copied()
        .filter(|stage| stage.is_open())
        .map(|stage| {
            let reached = |o: &&Opportunity| o.stage == stage || o.history.iter().any(|c| c.stage == stage);
            let closed: Vec<&Opportunity> =
                opportunities.iter().filter(|o| !o.stage.is_open()).filter(reached).collect();
            let won = closed.iter().filter(|o| o.stage == FunnelStage::Won).count();
            (stage, (!closed.is_empty()).then(|| won as f64 / closed.len() as f64))
        })
        .collect()
}

/// Machines the open opportunities are expected to deliver, by model (see the module docs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pipeline {
    by_model: HashMap<String, Vec<ExpectedDelivery>>,
}

impl Pipeline {
    pub fn new(opportunities: &[Opportunity], today: Date) -> Pipeline {
        let rates = stage_win_rates(opportunities);
        let mut by_model: HashMap<String, Vec<ExpectedDelivery>> = HashMap::new();
        for opportunity in opportunities.iter().filter(|o| o.stage.is_open() && !o.product.is_empty()) {
            let Some(count) = rates.iter().find(|(s, _)| *s == opportunity.stage).and_then(|(_, rate)| *rate) else {
                continue;
            };
            if count <= 0.0 {
                continue;
            }
            let month = opportunity.expected_close.map_or(today.month_of(), |d| d.month_of()).max(today.month_of());
            let deliveries = by_model.entry(opportunity.product.clone()).or_default();
            // One delivery per model and month, the expectations summed: fewer to walk per part.
            match deliveries.iter_mut().find(|d| d.month == month) {
                Some(delivery) => delivery.count += count,
                None => deliveries.push(ExpectedDelivery { model: opportunity.product.clone(), month, count }),
            }
        }
        for deliveries in by_model.values_mut() {
            deliveries.sort_by_key(|d| d.month);
        }
        Pipeline { by_model }
    }

    /// Deliveries of `models`, each model once.
    pub fn of(&self, models: &[String]) -> Vec<&ExpectedDelivery> {
        each_once(models).flat_map(|model| self.by_model.get(model).into_iter().flatten()).collect()
    }
}

/// Planned-maintenance kit demand by part number (case-folded), worked out from month `first`
/// ([`crate::domain::service::maintenance::Fleet::kit_demand`]).
#[derive(Clone, Debug, Default)]
pub struct Maintenance {
    pub first: Option<Month>,
    pub by_part: HashMap<String, KitDemand>,
}

impl Maintenance {
    /// Part `number`'s kit demand over `horizon` months from `first`; empty when no kit uses it.
    /// Months outside those worked out take the steady rate: no change.
    pub fn of(&self, number: &str, first: Month, horizon: usize) -> KitDemand {
        let (Some(from), Some(kit)) = (self.first, self.by_part.get(&number.trim().to_lowercase())) else {
            return KitDemand::default();
        };
        let offset = first.since(from);
        let due = (0..horizon as i32)
            .map(|h| usize::try_from(h + offset).ok().and_then(|i| kit.due.get(i).copied()).unwrap_or(kit.steady))
            .collect();
        KitDemand { due, ..kit.clone() }
    }
}

/// What every part's plan shares.
#[derive(Clone, Debug)]
pub struct WorkspaceContext {
    pub fleet: Fleet,
    pub pipeline: Pipeline,
    pub drivers: DriverSettings,
    pub plan: PlanSettings,
    pub maintenance: Maintenance,
}

/// One stored part with what it is planned from.
#[derive(Clone, Copy, Debug)]
pub struct PartInput<'a> {
    pub part: &'a Part,
    pub demand: Option<&'a PartDemand>,
    /// Stock on hand over all locations.
    pub on_hand: u32,
}

impl PartInput<'_> {
    /// Demand per month from the first stored one; empty without any.
    pub fn history(&self) -> &[Option<u32>] {
        self.demand.map_or(&[][..], |d| &d.quantities)
    }

    fn first_phase(&self) -> u8 {
        self.demand.and_then(|d| d.start).map_or(0, |m| (m.month() - 1) as u8)
    }
}

/// A stored part planned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoredPartPlan {
    pub plan: PartPlan,
    /// The drivers' demand per forecast month (empty without a fleet or pipeline).
    pub drivers: DriverDemand,
    /// The planned-maintenance kits that use the part (empty when none does).
    pub maintenance: KitDemand,
    /// The first forecast month: the month after the history; `None` without a history.
    pub first_month: Option<Month>,
}

/// The part's own history analysed (the costly half of its plan).
pub fn analyse_stored_part(input: &PartInput, settings: &PlanSettings) -> Analysis {
    analyse(input.history(), input.first_phase(), settings)
}

/// Plans one part: its own history, its models' installed base and pipeline as drivers.
pub fn plan_stored_part(input: &PartInput, context: &WorkspaceContext) -> StoredPartPlan {
    plan_analysed_part(input, analyse_stored_part(input, &context.plan), context, &mut RateLearner::default())
}

/// Finishes the plan of a part analysed by [`analyse_stored_part`] with the same settings;
/// `learner` is best shared by every part of a recompute.
pub fn plan_analysed_part(
    input: &PartInput,
    analysis: Analysis,
    context: &WorkspaceContext,
    learner: &mut RateLearner,
) -> StoredPartPlan {
    let history = input.history();
    let stock = PolicyInput {
        lead_time_days: u32::from(input.part.lead_time_days),
        pack_size: input.part.pack_size.max(1),
        min_order: 0,
        on_hand: input.on_hand,
        on_order: 0,
    };
    let start = input.demand.and_then(|d| d.start);
    let first_month = start.map(|s| s + history.len() as i32);
    let models = &input.part.fits_models;
    let deliveries = context.pipeline.of(models);
    let drivers = match (start, first_month) {
        (Some(start), Some(first)) if context.fleet.has_any(models) || !deliveries.is_empty() => {
            let rates = learner.learn(history, start, &context.fleet, models);
            let horizon = context.plan.horizon.max(1);
            driver_demand(first, horizon, &context.fleet, models, &deliveries, &rates, &context.drivers)
        }
        _ => DriverDemand::default(),
    };
    let maintenance = first_month
        .map(|first| context.maintenance.of(&input.part.number, first, context.plan.horizon.max(1)))
        .unwrap_or_default();
    let timing = maintenance.change();
    let plan = plan_analysed(
        analysis,
        &stock,
        Drivers {
            installed_base_change: &drivers.installed_base_change,
            pipeline: &drivers.pipeline,
            maintenance: &timing,
        },
        &context.plan,
    );
    StoredPartPlan { plan, drivers, maintenance, first_month }
}

/// ABC classes of planned parts by yearly demand value (mean monthly demand × 12 × unit cost),
/// in input order.
pub fn abc_classes(parts: &[(&Part, f64)], settings: &ClassSettings) -> Vec<AbcClass> {
    let values: Vec<f64> = parts.iter().map(|(part, mean)| mean * 12.0 * part.unit_cost.yuan()).collect();
    abc(&values, settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Machine, MachineStatus, StageChange};
    use crate::domain::money::Cny;
    use crate::domain::parts::policy::StockStatus;

    fn today() -> Date {
        Date::from_ymd(2024, 12, 31).unwrap()
    }

    fn machine(model: &str, delivered: (i32, u32, u32), hours_per_month: u32, status: MachineStatus) -> Machine {
        Machine {
            model: model.into(),
            delivered: Date::from_ymd(delivered.0, delivered.1, delivered.2),
            hours_per_month,
            status,
            ..Machine::default()
        }
    }

    fn opportunity(stage: FunnelStage, reached: &[FunnelStage], product: &str, close: (i32, u32)) -> Opportunity {
        Opportunity {
            stage,
            product: product.into(),
            history: reached.iter().map(|&stage| StageChange { stage, date: None }).collect(),
            expected_close: Date::from_ymd(close.0, close.1, 10),
            ..Opportunity::default()
        }
    }

    #[test]
    fn win_rates_are_learned_per_stage_from_closed_opportunities() {
        use FunnelStage::*;
        let all = [Identify, Qualify, Develop, Propose];
        let closed = [
            opportunity(Won, &all, "SY215", (2024, 1)),
            opportunity(Lost, &all, "SY215", (2024, 1)),
            opportunity(Lost, &[Identify, Qualify], "SY215", (2024, 1)),
            opportunity(Lost, &[Identify], "SY215", (2024, 1)),
        ];
        let rates = stage_win_rates(&closed);
        // Identify: 1 of 4 won; qualify 1 of 3; develop and propose 1 of 2.
        assert_eq!(
            rates,
            [(Identify, Some(0.25)), (Qualify, Some(1.0 / 3.0)), (Develop, Some(0.5)), (Propose, Some(0.5))]
        );
        assert_eq!(stage_win_rates(&[]), [(Identify, None), (Qualify, None), (Develop, None), (Propose, None)]);
    }

    #[test]
    fn the_pipeline_expects_open_opportunities_at_their_win_rate() {
        use FunnelStage::*;
        let mut opportunities = vec![
            opportunity(Won, &[Identify, Propose], "SY215", (2024, 1)),
            opportunity(Lost, &[Identify, Propose], "SY215", (2024, 1)),
            // Open: a proposal closing in March, one overdue (this month), one never judged.
            opportunity(Propose, &[Identify, Propose], "SY215", (2025, 3)),
            opportunity(Propose, &[Identify, Propose], "XE60", (2024, 6)),
            opportunity(Qualify, &[Identify, Qualify], "SY215", (2025, 3)),
        ];
        opportunities.push(opportunity(Propose, &[Propose], "", (2025, 3)));
        let pipeline = Pipeline::new(&opportunities, today());
        assert_eq!(
            pipeline.of(&["SY215".into(), "XE60".into(), "SY215".into()]),
            [
                &ExpectedDelivery { model: "SY215".into(), month: Month::new(2025, 3), count: 0.5 },
                &ExpectedDelivery { model: "XE60".into(), month: Month::new(2024, 12), count: 0.5 },
            ]
        );
    }

    fn part(models: &[&str]) -> Part {
        Part {
            id: 1,
            fits_models: models.iter().map(|m| m.to_string()).collect(),
            lead_time_days: 30,
            pack_size: 1,
            unit_cost: Cny::from_yuan(10),
            ..Part::default()
        }
    }

    fn context(machines: &[Machine], opportunities: &[Opportunity]) -> WorkspaceContext {
        WorkspaceContext {
            fleet: Fleet::new(machines, today(), &DriverSettings::default()),
            pipeline: Pipeline::new(opportunities, today()),
            drivers: DriverSettings::default(),
            plan: PlanSettings::default(),
            maintenance: Maintenance::default(),
        }
    }

    #[test]
    fn planned_maintenance_adds_the_timing_of_kits_to_the_parts_they_use() {
        let demand = PartDemand { part_id: 1, start: Some(Month::new(2023, 1)), quantities: vec![Some(10); 24] };
        let kit =
            KitDemand { due: vec![4.0, 0.0, 2.0], steady: 2.0, services_within_90_days: 3, units_within_90_days: 6 };
        let maintenance = Maintenance {
            first: Some(Month::new(2024, 12)),
            by_part: [("sy-1".to_owned(), kit.clone())].into_iter().collect(),
        };
        let with_kits = WorkspaceContext { maintenance, ..context(&[], &[]) };
        let kit_part = Part { number: " SY-1".into(), ..part(&["SY215"]) };
        let planned = plan_stored_part(&PartInput { part: &kit_part, demand: Some(&demand), on_hand: 0 }, &with_kits);
        // The forecast starts in January 2025: a month after the kits were worked out from.
        assert_eq!(&planned.maintenance.due[..3], &[0.0, 2.0, 2.0]);
        let months: Vec<(f64, f64)> = planned.plan.months[..3].iter().map(|m| (m.maintenance, m.forecast)).collect();
        assert_eq!(months, vec![(-2.0, 8.0), (0.0, 10.0), (0.0, 10.0)]);
        assert_eq!(planned.maintenance.services_within_90_days, 3);
        // A part no kit uses is planned as before.
        let input = PartInput { part: &part(&["SY215"]), demand: Some(&demand), on_hand: 0 };
        let plain = plan_stored_part(&input, &with_kits);
        assert_eq!(plain, plan_stored_part(&input, &context(&[], &[])));
        assert_eq!(plain.maintenance, KitDemand::default());
    }

    #[test]
    fn a_part_without_fleet_is_planned_from_its_history_alone() {
        let demand = PartDemand { part_id: 1, start: Some(Month::new(2023, 1)), quantities: vec![Some(10); 24] };
        let input = PartInput { part: &part(&["SY215"]), demand: Some(&demand), on_hand: 5 };
        let planned = plan_stored_part(&input, &context(&[], &[]));
        assert_eq!(planned.first_month, Some(Month::new(2025, 1)));
        assert_eq!(planned.drivers, DriverDemand::default());
        // As plan_part's steady case: s = 20, S = 43, 5 on hand is a stock-out risk, order 38.
        assert_eq!((planned.plan.policy.reorder_point, planned.plan.policy.order_up_to), (20, 43));
        assert_eq!((planned.plan.policy.status, planned.plan.policy.order_quantity), (StockStatus::StockOutRisk, 38));
        assert!((analyse_stored_part(&input, &PlanSettings::default()).holdout_sums.actual - 780.0).abs() < 1e-9);
    }

    #[test]
    fn a_growing_fleet_adds_its_change_to_the_forecast() {
        // 10 machines × 100 h since 2020 consumed 10 a month: 10 per 1,000 h. Ten more machines
        // of 100 h from January 2025 (delivered in December) add 10 a month.
        let mut machines: Vec<Machine> =
            (0..10).map(|_| machine("SY215", (2020, 1, 1), 100, MachineStatus::Active)).collect();
        machines.extend((0..10).map(|_| machine("SY215", (2024, 12, 1), 100, MachineStatus::Active)));
        let demand = PartDemand { part_id: 1, start: Some(Month::new(2023, 1)), quantities: vec![Some(10); 24] };
        let settings = DriverSettings { age_band_limits_years: vec![], ..DriverSettings::default() };
        let fleet = Fleet::new(&machines, today(), &settings);
        let context = WorkspaceContext { fleet, drivers: settings, ..context(&[], &[]) };
        let planned =
            plan_stored_part(&PartInput { part: &part(&["SY215"]), demand: Some(&demand), on_hand: 0 }, &context);
        let first = planned.plan.months[0];
        assert!((first.installed_base_change - 10.0).abs() < 1e-6, "{first:?}");
        assert!((first.forecast - 20.0).abs() < 1e-6);
        assert!((planned.drivers.installed_base[0] - 20.0).abs() < 1e-6);
        // Another model's fleet is no driver of this part.
        let other =
            plan_stored_part(&PartInput { part: &part(&["XE60"]), demand: Some(&demand), on_hand: 0 }, &context);
        assert!(other.drivers.installed_base.is_empty() && (other.plan.months[0].forecast - 10.0).abs() < 1e-9);
    }

    #[test]
    fn no_history_plans_nothing() {
        let planned = plan_stored_part(&PartInput { part: &part(&[]), demand: None, on_hand: 3 }, &context(&[], &[]));
        assert_eq!((planned.first_month, planned.plan.analysis.method), (None, None));
        assert_eq!(planned.plan.policy.status, StockStatus::DeadStock);
        let input = PartInput { part: &part(&[]), demand: None, on_hand: 3 };
        assert_eq!(analyse_stored_part(&input, &PlanSettings::default()).holdout_sums, Default::default());
    }

    #[test]
    fn abc_ranks_by_yearly_value() {
        let cheap = Part { unit_cost: Cny::from_yuan(1), ..Part::default() };
        let dear = Part { unit_cost: Cny::from_yuan(100), ..Part::default() };
        // Values 12 · 10 · 1 = 120, 12 · 1 · 100 = 1,200 and 0: the dear part is A; before the
        // cheap one lie 1,200 / 1,320 = 91 % of the value: B; no demand is C.
        let classes = abc_classes(&[(&cheap, 10.0), (&dear, 1.0), (&cheap, 0.0)], &ClassSettings::default());
        assert_eq!(classes, [AbcClass::B, AbcClass::A, AbcClass::C]);
    }
}
