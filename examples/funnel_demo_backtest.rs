//! The funnel backtest on the app's demo workspace (`DemoSize::Demo`, the data a new user sees):
//! for cutoffs every 30 days before the last one whose 90 days are known, the calibrated forecast
//! made from what was known then against what was won. Run with
//! `cargo run --release --example funnel_demo_backtest [YYYY-MM-DD today] [seed]`.

use kehu::demo::{DemoGenerator, DemoSize};
use kehu::domain::date::Date;
use kehu::domain::funnel::backtest::{backtest, deals_as_of, relative_error, BacktestRow};
use kehu::domain::funnel::calibration::ForecastSettings;
use kehu::domain::funnel::deal::DealKeys;
use kehu::domain::model::{Id, Opportunity};
use kehu::domain::money::Cny;
use std::collections::HashMap;

const HORIZON_DAYS: u32 = 90;
const DRAWS: u32 = 10_000;
const CUTOFFS: i32 = 8;

fn main() {
    let mut args = std::env::args().skip(1);
    let today = args.next().map_or(Date::from_ymd(2026, 12, 1), |t| Date::parse(&t).ok()).expect("today as YYYY-MM-DD");
    // By default the seed the app's demo button uses (`state::demo`).
    let seed: u64 = args.next().map_or(20_261_122, |s| s.parse().expect("seed"));
    let mut opportunities: Vec<Opportunity> = Vec::new();
    let mut province: HashMap<Id, String> = HashMap::new();
    for batch in DemoGenerator::new(DemoSize::Demo, seed, today) {
        province.extend(batch.customers.iter().map(|c| (c.id, c.province.clone())));
        opportunities.extend(batch.opportunities);
    }
    let mut regions: Vec<&str> = province.values().map(String::as_str).collect();
    regions.sort_unstable();
    regions.dedup();
    let keys = |o: &Opportunity| DealKeys {
        owner: o.owner,
        region: province.get(&o.customer_id).and_then(|p| regions.iter().position(|r| r == p)).unwrap_or(0) as u32,
        product: 0,
    };
    let settings = ForecastSettings::default();
    let rows: Vec<BacktestRow> = (0..CUTOFFS)
        .rev()
        .map(|k| {
            let cutoff = today.add_days(-(HORIZON_DAYS as i32) - 30 * k);
            backtest(&deals_as_of(&opportunities, keys, cutoff), cutoff, HORIZON_DAYS, DRAWS, 1, &settings)
        })
        .collect();
    let k = |c: Cny| format!("{:.1}M", c.yuan() / 1e6);
    let pct =
        |f: Cny, r: &BacktestRow| relative_error(f, r.actual).map_or("–".into(), |e| format!("{:+.1}%", e * 100.0));
    println!(
        "funnel demo backtest: {} opportunities, today {today}, seed {seed}, 90-day won value",
        opportunities.len()
    );
    println!(
        "{:<10} {:>5} {:>9} {:>8} {:>9} {:>8} {:>10} {:>8} {:>9} {:>17} {:>3}",
        "cutoff", "open", "pipeline", "actual", "of open", "baseline", "err", "calib.", "err", "P10–P90", "in"
    );
    for r in &rows {
        println!(
            "{:<10} {:>5} {:>9} {:>8} {:>9} {:>8} {:>10} {:>8} {:>9} {:>17} {:>3}",
            r.cutoff.to_string(),
            r.open_deals,
            k(r.open_pipeline),
            k(r.actual),
            k(r.actual_from_open),
            k(r.baseline),
            pct(r.baseline, r),
            k(r.calibrated.expected),
            pct(r.calibrated.expected, r),
            format!("{}–{}", k(r.calibrated.p10), k(r.calibrated.p90)),
            if r.inside_band() { "yes" } else { "no" },
        );
    }
    let mean_abs = |f: fn(&BacktestRow) -> Cny| {
        rows.iter().filter_map(|r| relative_error(f(r), r.actual)).map(f64::abs).sum::<f64>() / rows.len() as f64
    };
    let mean = |f: fn(&BacktestRow) -> Cny| {
        rows.iter().filter_map(|r| relative_error(f(r), r.actual)).sum::<f64>() / rows.len() as f64
    };
    println!("baseline.mean_abs_error   {:.1}%", mean_abs(|r| r.baseline) * 100.0);
    println!("calibrated.mean_error     {:+.1}%", mean(|r| r.calibrated.expected) * 100.0);
    println!(
        "calibrated.mean_abs_error {:.1}%  (P10–P90 coverage {} of {})",
        mean_abs(|r| r.calibrated.expected) * 100.0,
        rows.iter().filter(|r| r.inside_band()).count(),
        rows.len()
    );
}
