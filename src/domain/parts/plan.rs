//! The per-part recompute: one history (a plain slice) → class, chosen method, forecast with
//! range and driver contributions, and the stock policy for every forecast month. Everything a
//! part's pages and the reorder list show comes from [`plan_part`], so recomputing a workspace
//! is one call per part.

use super::blend::BlendLearner;
use super::classify::{mean_variance, profile, xyz, ClassSettings, DemandProfile, XyzClass};
use super::forecast::{forecast, Forecast, ForecastSettings, Method, Observed};
use super::policy::{normal_quantile, policy, Policy, PolicyInput, PolicySettings, StockStatus};
use super::select::{select, CalibrationSums, Pull, SelectionSettings};
use crate::domain::model::Id;

#[derive(Clone, Debug, PartialEq)]
pub struct PlanSettings {
    pub forecast: ForecastSettings,
    pub selection: SelectionSettings,
    pub classes: ClassSettings,
    pub policy: PolicySettings,
    /// Months forecast.
    pub horizon: usize,
    /// Probability the forecast range holds a month's demand (central interval).
    pub range_level: f64,
    /// Factor on the statistical forecasts of the per-part methods (not the blend), learned by
    /// a workspace recompute with [`learn_calibration`](super::select::learn_calibration) over
    /// every part's [`Analysis::holdout_sums`]; 1 until then.
    pub calibration: f64,
}

impl PlanSettings {
    /// A learner for the blend these settings forecast with: their windows, and origins shaped
    /// as the selection's holdout.
    pub fn blend_learner(&self) -> BlendLearner {
        BlendLearner::new(&self.forecast.blend_windows, self.selection.horizon, self.selection.min_train)
    }

    /// Known months a part needs to teach the blend ([`BlendLearner::months_needed`]).
    pub fn months_to_teach_blend(&self) -> usize {
        self.blend_learner().months_needed()
    }
}

impl Default for PlanSettings {
    fn default() -> PlanSettings {
        PlanSettings {
            forecast: ForecastSettings::default(),
            selection: SelectionSettings::default(),
            classes: ClassSettings::default(),
            policy: PolicySettings::default(),
            horizon: 12,
            range_level: 0.8,
            calibration: 1.0,
        }
    }
}

/// Driver contributions per horizon month (see [`super::drivers::driver_demand`]); empty
/// slices, or months past their end, add nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Drivers<'a> {
    pub installed_base_change: &'a [f64],
    pub pipeline: &'a [f64],
    /// The timing of planned-maintenance kits (see [`KitDemand::change`](crate::domain::service::maintenance::KitDemand::change)).
    pub maintenance: &'a [f64],
}

/// One forecast month.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MonthPlan {
    /// The chosen method's forecast from the part's own history.
    pub statistical: f64,
    pub installed_base_change: f64,
    pub pipeline: f64,
    pub maintenance: f64,
    /// The four together, never negative.
    pub forecast: f64,
    /// The range holding the month's demand with probability [`PlanSettings::range_level`].
    pub low: f64,
    pub high: f64,
    /// The policy as it would stand at the start of this month.
    pub reorder_point: u32,
    pub order_up_to: u32,
}

/// Why a part is on the reorder list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReorderReason {
    /// The stock position is at or below the reorder point.
    BelowReorderPoint,
    /// The stock position does not even cover the demand within the lead time.
    StockOutRisk,
    /// The installed base grows: it adds demand within the protection period.
    InstalledBaseGrowth,
    /// Machines to be delivered add demand within the protection period.
    PipelineDeliveries,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartPlan {
    /// What the part's own history gave.
    pub analysis: Analysis,
    pub months: Vec<MonthPlan>,
    /// The policy now (from the first forecast month).
    pub policy: Policy,
    /// Why to reorder; empty when nothing is to be ordered.
    pub reasons: Vec<ReorderReason>,
}

/// A line of the reorder list: what, how many, why.
#[derive(Clone, Debug, PartialEq)]
pub struct ReorderSuggestion {
    pub part_id: Id,
    pub quantity: u32,
    pub status: StockStatus,
    pub reasons: Vec<ReorderReason>,
}

/// What a part's own history gives, before the workspace's calibration, its drivers and its
/// stock: the costly half of a plan (the selection), so a workspace recompute analyses every
/// part once, learns the calibration from all of them, then finishes each with
/// [`plan_analysed`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    pub profile: DemandProfile,
    pub xyz: Option<XyzClass>,
    /// `None` without any known month.
    pub method: Option<Method>,
    /// Mean squared rolling-holdout error per candidate that applies, in candidate order
    /// ([`Selection::errors`](super::select::Selection::errors)).
    pub holdout_errors: Vec<(Method, f64)>,
    /// Mean demand per known month (for ABC values and the list).
    pub mean_demand: f64,
    /// Known months since the last demand; `None` when there never was one.
    pub months_since_demand: Option<usize>,
    /// The chosen method's forecast over the horizon, uncalibrated.
    pub statistical: Forecast,
    /// The method pulling the blend toward itself and its forecast, uncalibrated
    /// ([`Chosen::toward`](super::select::Chosen::toward)).
    pub pull: Option<(Pull, Forecast)>,
    /// Actual and forecast demand over the reference method's holdout, uncalibrated
    /// ([`calibration_sums`](super::select::calibration_sums)).
    pub holdout_sums: CalibrationSums,
}

/// [`plan_part_with`] without drivers.
pub fn plan_part(history: &[Option<u32>], first_phase: u8, stock: &PolicyInput, settings: &PlanSettings) -> PartPlan {
    plan_part_with(history, first_phase, stock, Drivers::default(), settings)
}

/// Plans one part: `history[i]` is the demand of the `i`-th month (`None` unknown), the first
/// in month of the year `first_phase` (0 = January); the forecast starts the month after the
/// history.
pub fn plan_part_with(
    history: &[Option<u32>],
    first_phase: u8,
    stock: &PolicyInput,
    drivers: Drivers,
    settings: &PlanSettings,
) -> PartPlan {
    plan_analysed(analyse(history, first_phase, settings), stock, drivers, settings)
}

/// Analyses one part's history (laid out as for [`plan_part_with`]); of the settings, the
/// calibration and the policy are not used here but in [`plan_analysed`].
pub fn analyse(history: &[Option<u32>], first_phase: u8, settings: &PlanSettings) -> Analysis {
    let observed = Observed::new(history, first_phase);
    let (mean_demand, _) = mean_variance(&observed.values);
    let mut analysis = Analysis {
        profile: profile(&observed.values, &settings.classes),
        xyz: (!observed.is_empty()).then(|| xyz(&observed.values, &settings.classes)),
        mean_demand,
        months_since_demand: observed.values.iter().rposition(|&v| v > 0.0).map(|last| observed.len() - 1 - last),
        ..Analysis::default()
    };
    if !observed.is_empty() {
        let (selection, chosen) = select(&observed, &settings.forecast, &settings.selection);
        let horizon = settings.horizon.max(1);
        analysis.method = Some(selection.method);
        analysis.holdout_errors = selection.errors;
        analysis.statistical = forecast(&chosen.fit, &observed, horizon);
        analysis.pull = chosen.toward.map(|(pull, fit)| (pull, forecast(&fit, &observed, horizon)));
        analysis.holdout_sums = selection.calibration_sums;
    }
    analysis
}

/// Finishes an analysed part's plan: the calibration on its statistical forecast, the drivers
/// added, the range, and the stock policy for every forecast month.
pub fn plan_analysed(analysis: Analysis, stock: &PolicyInput, drivers: Drivers, settings: &PlanSettings) -> PartPlan {
    let horizon = settings.horizon.max(1);
    let months_since_demand = analysis.months_since_demand;
    let (statistical, spread) = statistical_forecast(&analysis, settings.calibration, horizon);
    let at = |values: &[f64], h: usize| values.get(h).copied().unwrap_or(0.0);
    let point: Vec<f64> = (0..horizon)
        .map(|h| {
            let drivers = at(drivers.installed_base_change, h) + at(drivers.pipeline, h) + at(drivers.maintenance, h);
            (statistical[h] + drivers).max(0.0)
        })
        .collect();
    let z = normal_quantile(0.5 + settings.range_level / 2.0);
    let months = (0..horizon)
        .map(|h| {
            let later = policy(&point[h..], &spread[h..], months_since_demand, stock, &settings.policy);
            MonthPlan {
                statistical: at(&statistical, h),
                installed_base_change: at(drivers.installed_base_change, h),
                pipeline: at(drivers.pipeline, h),
                maintenance: at(drivers.maintenance, h),
                forecast: point[h],
                low: (point[h] - z * spread[h]).max(0.0),
                high: point[h] + z * spread[h],
                reorder_point: later.reorder_point,
                order_up_to: later.order_up_to,
            }
        })
        .collect();
    let now = policy(&point, &spread, months_since_demand, stock, &settings.policy);
    let mut reasons = Vec::new();
    if now.order_quantity > 0 {
        reasons.push(ReorderReason::BelowReorderPoint);
        if now.status == StockStatus::StockOutRisk {
            reasons.push(ReorderReason::StockOutRisk);
        }
        let protection = (f64::from(stock.lead_time_days) / super::policy::DAYS_PER_MONTH
            + settings.policy.review_months)
            .ceil() as usize;
        let within = |values: &[f64]| values.iter().take(protection.max(1)).sum::<f64>() > 0.0;
        if within(drivers.installed_base_change) {
            reasons.push(ReorderReason::InstalledBaseGrowth);
        }
        if within(drivers.pipeline) {
            reasons.push(ReorderReason::PipelineDeliveries);
        }
    }
    PartPlan { analysis, months, policy: now, reasons }
}

/// An analysed part's statistical forecast and its spread over `horizon` months: the chosen
/// method's, calibrated by `calibration` unless it is the blend (whose weights are learned
/// unbiased already), moved the pull's weight toward the pulling method's (calibrated: a
/// per-part method). The spreads mix alike, which bounds the mixture's one-step error from above.
pub fn statistical_forecast(analysis: &Analysis, calibration: f64, horizon: usize) -> (Vec<f64>, Vec<f64>) {
    let factor = if analysis.method == Some(Method::Blend) { 1.0 } else { calibration };
    let at = |values: &[f64], h: usize| values.get(h).copied().unwrap_or(0.0);
    let chosen = &analysis.statistical;
    (0..horizon)
        .map(|h| {
            let (point, spread) = (at(&chosen.point, h) * factor, at(&chosen.spread, h));
            match &analysis.pull {
                None => (point, spread),
                Some((pull, toward)) => {
                    let w = pull.weight;
                    (
                        (1.0 - w) * point + w * calibration * at(&toward.point, h),
                        (1.0 - w) * spread + w * at(&toward.spread, h),
                    )
                }
            }
        })
        .unzip()
}

/// The reorder-list line of a planned part, when it is to be ordered.
pub fn reorder_suggestion(part_id: Id, plan: &PartPlan) -> Option<ReorderSuggestion> {
    (plan.policy.order_quantity > 0).then(|| ReorderSuggestion {
        part_id,
        quantity: plan.policy.order_quantity,
        status: plan.policy.status,
        reasons: plan.reasons.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parts::blend::Blend;
    use crate::domain::parts::classify::DemandClass;

    fn stock(on_hand: u32) -> PolicyInput {
        PolicyInput { lead_time_days: 30, pack_size: 1, min_order: 1, on_hand, on_order: 0 }
    }

    #[test]
    fn a_steady_part_is_planned_end_to_end() {
        // 24 months of 10: every method forecasts 10 with no spread.
        let history = vec![Some(10); 24];
        let plan = plan_part(&history, 0, &stock(5), &PlanSettings::default());
        assert_eq!(plan.analysis.profile.class, DemandClass::Smooth);
        assert_eq!(plan.analysis.xyz, Some(XyzClass::X));
        assert_eq!(plan.analysis.months_since_demand, Some(0));
        assert_eq!(plan.months.len(), 12);
        let first = plan.months[0];
        assert!((first.forecast - 10.0).abs() < 1e-9 && first.low == first.forecast && first.high == first.forecast);
        // s = ⌈10 · 1.9856⌉ = 20; S = ⌈10 · 4.271⌉ = 43; 5 on hand < one month: stock-out risk.
        assert_eq!((first.reorder_point, first.order_up_to), (20, 43));
        assert_eq!(plan.policy.status, StockStatus::StockOutRisk);
        assert_eq!(plan.reasons, [ReorderReason::BelowReorderPoint, ReorderReason::StockOutRisk]);
        assert_eq!(
            reorder_suggestion(7, &plan),
            Some(ReorderSuggestion {
                part_id: 7,
                quantity: 38,
                status: StockStatus::StockOutRisk,
                reasons: plan.reasons.clone()
            })
        );
    }

    #[test]
    fn drivers_add_to_the_forecast_and_give_reasons() {
        let history = vec![Some(10); 24];
        let growth = [2.0; 12];
        let pipeline = [0.0, 1.0];
        let drivers = Drivers { installed_base_change: &growth, pipeline: &pipeline, maintenance: &[] };
        let plan = plan_part_with(&history, 0, &stock(15), drivers, &PlanSettings::default());
        assert!((plan.months[0].forecast - 12.0).abs() < 1e-9);
        assert!((plan.months[1].forecast - 13.0).abs() < 1e-9 && plan.months[1].pipeline == 1.0);
        assert!((plan.months[2].forecast - 12.0).abs() < 1e-9);
        assert_eq!(
            plan.reasons,
            [ReorderReason::BelowReorderPoint, ReorderReason::InstalledBaseGrowth, ReorderReason::PipelineDeliveries]
        );
    }

    #[test]
    fn calibration_scales_the_statistical_forecast() {
        let history = vec![Some(10); 24];
        let settings = PlanSettings { calibration: 0.5, ..PlanSettings::default() };
        let plan = plan_part(&history, 0, &stock(100), &settings);
        assert!((plan.months[0].statistical - 5.0).abs() < 1e-9 && (plan.months[0].forecast - 5.0).abs() < 1e-9);
        // The holdout (12 origins × up to 12 months, 78 pairs) is reported uncalibrated.
        assert!(
            (plan.analysis.holdout_sums.actual - 780.0).abs() < 1e-9
                && (plan.analysis.holdout_sums.forecast - 780.0).abs() < 1e-6
        );
    }

    #[test]
    fn the_blend_is_not_calibrated() {
        // 24 months of 10, blend = the last 6 months' mean: chosen (no method leads it when all
        // forecast 10), and the calibration leaves it alone.
        let history = vec![Some(10); 24];
        let mut settings = PlanSettings { calibration: 0.5, ..PlanSettings::default() };
        settings.forecast.blend = Some(Blend { windows: vec![6], weights: vec![1.0], parts: 3 });
        let plan = plan_part(&history, 0, &stock(100), &settings);
        assert_eq!(plan.analysis.method, Some(Method::Blend));
        assert!((plan.months[0].statistical - 10.0).abs() < 1e-9);
    }

    #[test]
    fn a_pull_moves_the_blend_toward_the_calibrated_method() {
        // Blend 10 (spread 2) pulled ¾ of the way toward SES at 6 (spread 4), calibration ½:
        // ¼ × 10 + ¾ × ½ × 6 = 4.75, spread ¼ × 2 + ¾ × 4 = 3.5.
        let flat = |point: f64, spread: f64| Forecast { point: vec![point; 2], spread: vec![spread; 2] };
        let analysis = Analysis {
            method: Some(Method::Blend),
            statistical: flat(10.0, 2.0),
            pull: Pull::of(Method::Ses, 2.0).map(|pull| (pull, flat(6.0, 4.0))),
            ..Analysis::default()
        };
        let (point, spread) = statistical_forecast(&analysis, 0.5, 3);
        assert_eq!((point, spread), (vec![4.75, 4.75, 0.0], vec![3.5, 3.5, 0.0]));
        // Without the pull, the blend as it is.
        let alone = Analysis { pull: None, ..analysis.clone() };
        assert_eq!(statistical_forecast(&alone, 0.5, 1), (vec![10.0], vec![2.0]));
        // A per-part method chosen (no blend learned) is calibrated itself.
        let own = Analysis { method: Some(Method::Ses), ..alone };
        assert_eq!(statistical_forecast(&own, 0.5, 1), (vec![5.0], vec![2.0]));
    }

    #[test]
    fn the_blend_is_taught_by_histories_as_long_as_the_holdout_needs() {
        let settings = PlanSettings::default();
        assert_eq!(settings.months_to_teach_blend(), 24);
        let mut learner = settings.blend_learner();
        // Nine parts of 24 months (the first 12 at 1, the next 12 at 3): one origin each, whose
        // window means are 1, 1 and 1 against a year of 3, so unbiased the weights sum to 3. Nine
        // more one month short teach nothing.
        let history: Vec<Option<u32>> = (0..24).map(|m| Some(if m < 12 { 1 } else { 3 })).collect();
        for _ in 0..9 {
            learner.add_history(&history);
            learner.add_history(&history[..23]);
        }
        let blend = learner.learn().expect("nine parts teach three weights");
        assert_eq!((blend.parts, &blend.windows[..]), (9, &[6, 12, 24][..]));
        assert!((blend.weights.iter().sum::<f64>() - 3.0).abs() < 1e-6, "{:?}", blend.weights);
    }

    #[test]
    fn nothing_known_plans_nothing() {
        let plan = plan_part(&[None, None], 0, &stock(4), &PlanSettings::default());
        assert_eq!(
            (plan.analysis.method, plan.analysis.xyz, plan.analysis.profile.class),
            (None, None, DemandClass::NoDemand)
        );
        assert_eq!(plan.policy.status, StockStatus::DeadStock);
        assert!(plan.months.iter().all(|m| m.forecast == 0.0 && m.reorder_point == 0));
        assert_eq!(reorder_suggestion(1, &plan), None);
    }
}
