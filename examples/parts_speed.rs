//! Forecasting speed, natively, against statsforecast timed in the same run: every method and
//! the automatic selection on all 2674 carparts series (full history, 12 months ahead), plus
//! the per-part recompute ([`plan_part`]) of a bench-sized workspace (20,000 parts × 60
//! months, the carparts histories repeated), and the full recompute of the `bench` demo
//! workspace (its 20,000 parts, machines and opportunities) with and without the installed-base
//! and pipeline drivers, as the parts page runs it. `bench/run parts-speed` passes statsforecast's
//! timings (`bench/statsforecast_speed.py`) as the first argument; writes
//! `bench/out/parts-speed.json` and prints the figures last.

use kehu::demo::{DemoGenerator, DemoSize};
use kehu::domain::date::Date;
use kehu::domain::import::carparts::convert_demand;
use kehu::domain::import::csv;
use kehu::domain::model::{Id, Machine, Opportunity, Part, PartDemand};
use kehu::domain::parts::drivers::DriverSettings;
use kehu::domain::parts::forecast::{forecast, forecast_with, ForecastSettings, Method, Observed};
use kehu::domain::parts::plan::{plan_part, PlanSettings};
use kehu::domain::parts::policy::PolicyInput;
use kehu::domain::parts::select::{learn_calibration, select, SelectionSettings};
use kehu::domain::parts::workspace::{
    analyse_stored_part, plan_analysed_part, Fleet, PartInput, Pipeline, RateLearner, WorkspaceContext,
};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

const HORIZON: usize = 12;
const REPEATS: usize = 5;
const BENCH_PARTS: usize = 20_000;
const BENCH_MONTHS: usize = 60;

/// The app's demo seed, so the figures describe the workspace a user sees.
const SEED: u64 = 20_261_122;

/// The `bench` demo workspace's parts records.
struct Workspace {
    parts: Vec<Part>,
    demand: HashMap<Id, PartDemand>,
    on_hand: HashMap<Id, u32>,
    machines: Vec<Machine>,
    opportunities: Vec<Opportunity>,
}

fn bench_workspace(today: Date) -> Workspace {
    let mut ws = Workspace {
        parts: Vec::new(),
        demand: HashMap::new(),
        on_hand: HashMap::new(),
        machines: Vec::new(),
        opportunities: Vec::new(),
    };
    for batch in DemoGenerator::new(DemoSize::Bench, SEED, today) {
        ws.parts.extend(batch.parts);
        ws.demand.extend(batch.part_demand.into_iter().map(|d| (d.part_id, d)));
        for level in batch.stock {
            *ws.on_hand.entry(level.part_id).or_default() += level.on_hand;
        }
        ws.machines.extend(batch.machines);
        ws.opportunities.extend(batch.opportunities);
    }
    ws
}

/// The parts page's recompute (`state::parts::book` without its time slices): the context, the
/// blend learned from every history, every part analysed, the calibration from their holdouts,
/// then every part's plan finished. Returns the sum of every forecast month, so the work is not
/// optimised away and two runs can be compared.
fn recompute(ws: &Workspace, today: Date, drivers: bool) -> f64 {
    let (machines, opportunities): (&[Machine], &[Opportunity]) =
        if drivers { (&ws.machines, &ws.opportunities) } else { (&[], &[]) };
    let mut context = WorkspaceContext {
        fleet: Fleet::new(machines, today, &DriverSettings::default()),
        pipeline: Pipeline::new(opportunities, today),
        drivers: DriverSettings::default(),
        plan: PlanSettings::default(),
        maintenance: Default::default(),
    };
    let input = |part| PartInput {
        part,
        demand: ws.demand.get(&part.id),
        on_hand: ws.on_hand.get(&part.id).copied().unwrap_or(0),
    };
    let mut blend = context.plan.blend_learner();
    for part in &ws.parts {
        blend.add_history(input(part).history());
    }
    context.plan.forecast.blend = blend.learn();
    let analyses: Vec<_> = ws.parts.iter().map(|p| analyse_stored_part(&input(p), &context.plan)).collect();
    context.plan.calibration = learn_calibration(analyses.iter().map(|a| a.holdout_sums));
    let mut learner = RateLearner::default();
    ws.parts
        .iter()
        .zip(analyses)
        .map(|(p, a)| {
            plan_analysed_part(&input(p), a, &context, &mut learner).plan.months.iter().map(|m| m.forecast).sum::<f64>()
        })
        .sum()
}

/// The fastest of [`REPEATS`] runs of `work`, in seconds.
fn fastest(mut work: impl FnMut()) -> f64 {
    (0..REPEATS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let path = std::env::var("CARPARTS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/carparts.csv").to_owned());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let import = convert_demand(&csv::parse(&text).expect("carparts.csv is a table"));
    let series: Vec<(Vec<Option<u32>>, u8)> = import
        .series
        .iter()
        .map(|s| (s.demand.quantities.clone(), (s.demand.start.expect("a month").month() - 1) as u8))
        .collect();
    let observed: Vec<Observed> = series.iter().map(|(history, phase)| Observed::new(history, *phase)).collect();
    let learn_blend = |histories: &mut dyn Iterator<Item = &[Option<u32>]>| {
        let mut learner = PlanSettings::default().blend_learner();
        histories.for_each(|history| learner.add_history(history));
        learner.learn()
    };
    let blend_seconds = fastest(|| {
        black_box(learn_blend(&mut series.iter().map(|(history, _)| &history[..])));
    });
    let settings =
        ForecastSettings { blend: learn_blend(&mut series.iter().map(|(h, _)| &h[..])), ..ForecastSettings::default() };

    let mut native: Vec<(&str, f64)> = Method::ALL
        .iter()
        .map(|&method| {
            let seconds = fastest(|| {
                for o in &observed {
                    black_box(forecast_with(method, o, HORIZON, &settings));
                }
            });
            (method.as_str(), seconds)
        })
        .collect();
    let selection = SelectionSettings::default();
    native.push((
        "auto",
        fastest(|| {
            for o in &observed {
                // As the app forecasts: the chosen method's, and the pulling method's when one pulls.
                let (_, chosen) = select(o, &settings, &selection);
                black_box(forecast(&chosen.fit, o, HORIZON));
                black_box(chosen.toward.map(|(_, fit)| forecast(&fit, o, HORIZON)));
            }
        }),
    ));

    // A bench workspace: carparts histories laid end to end to 60 months per part.
    let workspace: Vec<Vec<Option<u32>>> = (0..BENCH_PARTS)
        .map(|i| {
            let (history, _) = &series[i % series.len()];
            let known: Vec<Option<u32>> = history.iter().copied().filter(Option::is_some).collect();
            known.iter().cycle().take(BENCH_MONTHS).copied().collect()
        })
        .collect();
    let mut plan_settings = PlanSettings::default();
    plan_settings.forecast.blend = learn_blend(&mut workspace.iter().map(|h| &h[..]));
    let stock = PolicyInput { lead_time_days: 30, pack_size: 1, min_order: 1, on_hand: 2, on_order: 0 };
    let workspace_seconds = fastest(|| {
        for history in &workspace {
            black_box(plan_part(history, 0, &stock, &plan_settings));
        }
    });

    let today = Date::from_ymd(2025, 6, 30).expect("a real date");
    let bench = bench_workspace(today);
    let recompute_seconds = |drivers: bool| {
        fastest(|| {
            black_box(recompute(&bench, today, drivers));
        })
    };
    let without_drivers_seconds = recompute_seconds(false);
    let with_drivers_seconds = recompute_seconds(true);

    let reference: Option<serde_json::Value> = std::env::args().nth(1).map(|path| {
        serde_json::from_str(&std::fs::read_to_string(&path).expect("statsforecast timings")).expect("JSON")
    });
    let theirs = |name: &str| -> Option<f64> {
        let seconds = reference.as_ref()?.get("seconds")?;
        match name {
            // Selection fits every candidate; statsforecast's nearest equivalent is fitting all.
            "auto" => Some(
                Method::ALL
                    .iter()
                    .filter(|m| selection.candidates.contains(m))
                    .filter_map(|m| seconds.get(m.as_str())?.as_f64())
                    .sum(),
            ),
            _ => seconds.get(name)?.as_f64(),
        }
    };
    let rows: Vec<serde_json::Value> = native
        .iter()
        .map(|&(name, ours)| {
            let theirs = theirs(name);
            serde_json::json!({
                "method": name,
                "kehu_seconds": ours,
                "statsforecast_seconds": theirs,
                "ratio": theirs.map(|t| t / ours),
            })
        })
        .collect();
    let json = serde_json::json!({
        "series": observed.len(),
        "horizon": HORIZON,
        "note": "fastest of 5 runs each; statsforecast 2.1.1 on one core in the same run; auto vs the sum of statsforecast's times for the candidates",
        "methods": rows,
        "statsforecast": reference,
        "learn_blend_seconds": blend_seconds,
        "bench_workspace": { "parts": BENCH_PARTS, "months": BENCH_MONTHS, "plan_part_seconds": workspace_seconds },
        "bench_demo_workspace": {
            "parts": bench.parts.len(),
            "machines": bench.machines.len(),
            "opportunities": bench.opportunities.len(),
            "recompute_without_drivers_seconds": without_drivers_seconds,
            "recompute_with_drivers_seconds": with_drivers_seconds,
        },
    });
    let out_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/out");
    std::fs::create_dir_all(out_dir).unwrap();
    std::fs::write(format!("{out_dir}/parts-speed.json"), serde_json::to_string_pretty(&json).unwrap()).unwrap();

    println!("{:<12} {:>12} {:>16} {:>8}", "method", "kehu ms", "statsforecast ms", "ratio");
    for &(name, ours) in &native {
        match theirs(name) {
            Some(t) => println!("{name:<12} {:>12.2} {:>16.1} {:>7.0}×", ours * 1e3, t * 1e3, t / ours),
            None => println!("{name:<12} {:>12.2} {:>16} {:>8}", ours * 1e3, "-", "-"),
        }
    }
    println!("learning the blend from all {} series: {:.2} ms", observed.len(), blend_seconds * 1e3);
    println!(
        "bench workspace ({BENCH_PARTS} parts × {BENCH_MONTHS} months), plan_part for every part natively: {:.0} ms",
        workspace_seconds * 1e3
    );
    println!(
        "bench demo workspace ({} parts, {} machines, {} opportunities), full recompute natively: {:.0} ms with drivers, {:.0} ms without",
        bench.parts.len(),
        bench.machines.len(),
        bench.opportunities.len(),
        with_drivers_seconds * 1e3,
        without_drivers_seconds * 1e3
    );
}
