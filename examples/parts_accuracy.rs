//! Forecast accuracy on real spare-parts demand (`shared/data/carparts.csv`): the 2509 complete
//! series are trained on their first 39 months and forecast for the last 12. Prints the table
//! last and writes `bench/out/parts-accuracy.json` and `bench/out/carparts-forecast.csv`.
//!
//! Metrics per series, then averaged: MAE, RMSE, bias (mean forecast − actual), MASE and RMSSE
//! (MAE and RMSE over the in-sample one-step naive MAE and RMSE; series whose training months
//! are all equal have no scale and are left out of these two, as in the reference), and the
//! absolute error of the 12-month total.
//!
//! The 165 incomplete series stop after 12–14 known months; their last 12 months are unknown,
//! so they are scored separately on their own known months: trained on all but the last 4, the
//! last 4 forecast.

use kehu::domain::import::carparts::convert_demand;
use kehu::domain::import::csv;
use kehu::domain::parts::forecast::{forecast_with, Method, Observed};
use kehu::domain::parts::plan::{analyse, plan_part, statistical_forecast, PlanSettings};
use kehu::domain::parts::policy::PolicyInput;
use kehu::domain::parts::select::{calibration_sums, learn_calibration, SelectionSettings};
use std::fmt::Write as _;

const TRAIN: usize = 39;
const HORIZON: usize = 12;
const SHORT_HORIZON: usize = 4;

/// What is scored: one method, the automatic selection, or the zero forecast (the harness check).
#[derive(Clone, Copy, PartialEq)]
enum Entry {
    Method(Method),
    /// Automatic selection, uncalibrated.
    Selected,
    /// Automatic selection times the calibration learned from every series' training holdout:
    /// what the app forecasts.
    Auto,
    Zero,
}

impl Entry {
    fn name(self) -> &'static str {
        match self {
            Entry::Method(method) => method.as_str(),
            Entry::Selected => "selected",
            Entry::Auto => "auto",
            Entry::Zero => "zero",
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Sums {
    series: usize,
    scaled: usize,
    mae: f64,
    rmse: f64,
    bias: f64,
    mase: f64,
    rmsse: f64,
    total: f64,
}

impl Sums {
    fn add(&mut self, train: &[f64], actual: &[f64], forecast: &[f64]) {
        let h = actual.len() as f64;
        let errors: Vec<f64> = forecast.iter().zip(actual).map(|(f, a)| f - a).collect();
        let mae = errors.iter().map(|e| e.abs()).sum::<f64>() / h;
        let rmse = (errors.iter().map(|e| e * e).sum::<f64>() / h).sqrt();
        self.series += 1;
        self.mae += mae;
        self.rmse += rmse;
        self.bias += errors.iter().sum::<f64>() / h;
        self.total += errors.iter().sum::<f64>().abs();
        let steps: Vec<f64> = train.windows(2).map(|w| w[1] - w[0]).collect();
        let scale_abs = steps.iter().map(|d| d.abs()).sum::<f64>() / steps.len() as f64;
        let scale_sq = (steps.iter().map(|d| d * d).sum::<f64>() / steps.len() as f64).sqrt();
        if scale_abs > 0.0 {
            self.scaled += 1;
            self.mase += mae / scale_abs;
            self.rmsse += rmse / scale_sq;
        }
    }

    fn row(&self) -> [f64; 6] {
        let n = self.series as f64;
        let s = self.scaled as f64;
        [self.mae / n, self.rmse / n, self.bias / n, self.mase / s, self.rmsse / s, self.total / n]
    }
}

fn entries() -> Vec<Entry> {
    let mut entries: Vec<Entry> = Method::ALL.iter().map(|&m| Entry::Method(m)).collect();
    entries.push(Entry::Selected);
    entries.push(Entry::Auto);
    entries.push(Entry::Zero);
    entries
}

/// The forecast of `entry` for `horizon` months after `history` (its first month in month of
/// the year `first_phase`; its known months `observed`); `None` when the method does not apply.
fn forecast_entry(
    entry: Entry,
    history: &[Option<u32>],
    first_phase: u8,
    observed: &Observed,
    horizon: usize,
    plan: &PlanSettings,
) -> Option<Vec<f64>> {
    match entry {
        Entry::Method(method) => forecast_with(method, observed, horizon, &plan.forecast).map(|f| f.point),
        Entry::Selected | Entry::Auto => {
            // As the app plans: the calibration is for the per-part methods, not the blend.
            let calibration = if entry == Entry::Auto { plan.calibration } else { 1.0 };
            let analysis = analyse(history, first_phase, plan);
            Some(statistical_forecast(&analysis, calibration, horizon).0)
        }
        Entry::Zero => Some(vec![0.0; horizon]),
    }
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/carparts.csv");
    let path = std::env::var("CARPARTS").unwrap_or_else(|_| path.to_owned());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let import = convert_demand(&csv::parse(&text).expect("carparts.csv is a table"));
    assert_eq!(import.error_count, 0, "{:?}", import.errors.first());

    // The blend and the calibration are learned as the app learns them: from every series'
    // history as the forecast sees it (the training months only), pooled over the workspace.
    let mut plan_settings = PlanSettings::default();
    let mut learner = plan_settings.blend_learner();
    for series in &import.series {
        learner.add_history(&series.demand.quantities[..TRAIN]);
    }
    plan_settings.forecast.blend = learner.learn();
    let settings = plan_settings.forecast.clone();
    let calibration = learn_calibration(import.series.iter().map(|series| {
        let start = series.demand.start.expect("every series has a month");
        let observed = Observed::new(&series.demand.quantities[..TRAIN], (start.month() - 1) as u8);
        calibration_sums(&observed, &settings, &SelectionSettings::default())
    }));
    plan_settings.calibration = calibration;
    let entries = entries();
    let mut complete = vec![Sums::default(); entries.len()];
    let mut incomplete = vec![Sums::default(); entries.len()];
    // How often each method is chosen, and how often each pulls the blend toward itself.
    let mut chosen = vec![0usize; Method::ALL.len()];
    let mut pulled = vec![0usize; Method::ALL.len()];
    let mut out = String::from("series_id,month,forecast,reorder_point,order_up_to\n");
    let policy_input = PolicyInput { lead_time_days: 30, pack_size: 1, min_order: 1, on_hand: 0, on_order: 0 };

    for series in &import.series {
        let history = &series.demand.quantities;
        let start = series.demand.start.expect("every series has a month");
        let first_phase = (start.month() - 1) as u8;
        let known: Vec<f64> = history.iter().flatten().map(|&q| f64::from(q)).collect();
        let is_complete = known.len() == history.len();
        let (train_history, sums, horizon) = if is_complete {
            (&history[..TRAIN], &mut complete, HORIZON)
        } else {
            let last_known = history.iter().rposition(Option::is_some).expect("some month is known");
            (&history[..last_known + 1 - SHORT_HORIZON], &mut incomplete, SHORT_HORIZON)
        };
        let observed = Observed::new(train_history, first_phase);
        let actual: Vec<f64> = if is_complete {
            known[TRAIN..].to_vec()
        } else {
            known[observed.len()..observed.len() + SHORT_HORIZON].to_vec()
        };
        for (entry, sums) in entries.iter().zip(sums.iter_mut()) {
            let Some(forecast) = forecast_entry(*entry, train_history, first_phase, &observed, horizon, &plan_settings)
            else {
                continue;
            };
            sums.add(&observed.values, &actual, &forecast);
        }
        if is_complete {
            let analysis = analyse(train_history, first_phase, &plan_settings);
            let index = |method: Method| Method::ALL.iter().position(|&m| m == method).unwrap();
            chosen[index(analysis.method.expect("some month is known"))] += 1;
            if let Some((pull, _)) = analysis.pull {
                pulled[index(pull.method)] += 1;
            }
        }

        // The policy file: every series forecast from its first 39 months (the incomplete ones
        // from the months known among them), with the policy for each forecast month.
        let plan = plan_part(&history[..TRAIN], first_phase, &policy_input, &plan_settings);
        for (h, month) in plan.months.iter().enumerate() {
            let label = start + (TRAIN + h) as i32;
            writeln!(
                out,
                "{},{:04}-{:02},{:.4},{},{}",
                series.part,
                label.year(),
                label.month(),
                month.forecast,
                month.reorder_point,
                month.order_up_to
            )
            .unwrap();
        }
    }

    let out_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/out");
    std::fs::create_dir_all(out_dir).unwrap();
    std::fs::write(format!("{out_dir}/carparts-forecast.csv"), out).unwrap();

    let metrics = ["mae", "rmse", "bias", "mase", "rmsse", "total_abs_error"];
    let json_rows = |sums: &[Sums]| -> Vec<serde_json::Value> {
        entries
            .iter()
            .zip(sums)
            .filter(|(_, s)| s.series > 0)
            .map(|(entry, s)| {
                let mut row = serde_json::Map::new();
                row.insert("method".into(), entry.name().into());
                row.insert("series".into(), s.series.into());
                row.insert("scaled_series".into(), s.scaled.into());
                for (name, value) in metrics.iter().zip(s.row()) {
                    row.insert((*name).into(), value.into());
                }
                serde_json::Value::Object(row)
            })
            .collect()
    };
    let by_method = |counts: &[usize]| -> serde_json::Map<String, serde_json::Value> {
        Method::ALL.iter().zip(counts).map(|(m, &c)| (m.as_str().to_owned(), c.into())).collect()
    };
    let json = serde_json::json!({
        "data": "carparts.csv",
        "split": { "train_months": TRAIN, "horizon": HORIZON },
        "complete": json_rows(&complete),
        "incomplete": { "train": "known months but the last 4", "horizon": SHORT_HORIZON, "rows": json_rows(&incomplete) },
        "auto_chosen": by_method(&chosen),
        "auto_pulled_toward": by_method(&pulled),
        "calibration": calibration,
        "blend": settings.blend.as_ref().map(|b| serde_json::json!({ "windows": b.windows, "weights": b.weights, "parts": b.parts })),
        "reference_statsforecast_2_1_1": {
            "imapa": { "rmsse": 0.710, "bias": 0.030 }, "adida": { "rmsse": 0.714 },
            "tsb_0.1_0.1": { "rmsse": 0.725 }, "croston_sba": { "rmsse": 0.802 },
            "zero": { "mase": 0.828, "rmsse": 0.721 }
        }
    });
    std::fs::write(format!("{out_dir}/parts-accuracy.json"), serde_json::to_string_pretty(&json).unwrap()).unwrap();

    let table = |title: &str, sums: &[Sums]| {
        println!("{title}");
        println!(
            "{:<10} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}",
            "method", "series", "MAE", "RMSE", "bias", "MASE", "RMSSE", "|total|"
        );
        for (entry, s) in entries.iter().zip(sums).filter(|(_, s)| s.series > 0) {
            let [mae, rmse, bias, mase, rmsse, total] = s.row();
            println!(
                "{:<10} {:>6} {mae:>8.3} {rmse:>8.3} {bias:>+8.3} {mase:>8.3} {rmsse:>8.3} {total:>9.3}",
                entry.name(),
                s.series
            );
        }
    };
    let listed = |counts: &[usize]| -> String {
        let listed: Vec<String> = Method::ALL
            .iter()
            .zip(counts)
            .filter(|(_, &c)| c > 0)
            .map(|(m, c)| format!("{} {c}", m.as_str()))
            .collect();
        listed.join(", ")
    };
    println!(
        "auto chose: {}; pulled the blend toward: {}; calibration learned from the training holdouts: {calibration:.3}",
        listed(&chosen),
        listed(&pulled)
    );
    if let Some(blend) = &settings.blend {
        let terms: Vec<String> =
            blend.windows.iter().zip(&blend.weights).map(|(w, b)| format!("{b:.3} × {w}-month mean")).collect();
        println!("blend learned from {} training histories: {}", blend.parts, terms.join(" + "));
    }
    table(
        &format!("incomplete series (known months but the last {SHORT_HORIZON} → last {SHORT_HORIZON})"),
        &incomplete,
    );
    table(&format!("complete series (first {TRAIN} months → last {HORIZON}); reference statsforecast 2.1.1: IMAPA RMSSE 0.710 bias +0.030, ADIDA 0.714, TSB 0.725, SBA 0.802, zero MASE 0.828 RMSSE 0.721"), &complete);
}
