//! `bench/run funnel-backtest`: the funnel forecast backtested on Maven's sales_pipeline.csv.
//! For each month-end cutoff from 2017-03-31 to 2017-09-30 it forecasts the value won in the
//! following 90 days from what was known at the cutoff, and compares the configured baseline,
//! the calibrated forecast (with its P10–P90 band) and two reference methods with what was won.
//! Writes bench/out/funnel-backtest.json and prints the table last.

use kehu::domain::date::Month;
use kehu::domain::funnel::backtest::{backtest, deals_as_of, relative_error, BacktestRow};
use kehu::domain::funnel::calibration::ForecastSettings;
use kehu::domain::funnel::deal::DealKeys;
use kehu::domain::import::csv::parse;
use kehu::domain::import::pipeline::{convert_pipeline, read_products, PipelineContext};
use kehu::domain::import::users::convert_users;
use kehu::domain::model::{Customer, Id, Opportunity};
use kehu::domain::money::Cny;
use serde_json::json;
use std::collections::HashMap;
use std::path::Path;

const HORIZON_DAYS: u32 = 90;
const DRAWS: u32 = 10_000;
const SEED: u64 = 20_170_331;

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::args().nth(1).map_or_else(|| root.join("tests/fixtures/maven-crm"), Into::into);
    let users = convert_users(&parse(&read(&dir, "sales_teams.csv")).expect("teams"), &[]).expect("users");
    let accounts = parse(&read(&dir, "accounts.csv")).expect("accounts");
    let customers: Vec<Customer> = accounts
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| Customer { id: i as Id + 1, company: row.cells[0].clone(), ..Customer::default() })
        .collect();
    let (products, product_errors) =
        read_products(&parse(&read(&dir, "products.csv")).expect("products")).expect("products");
    assert!(product_errors.is_empty(), "{product_errors:?}");
    let ctx = PipelineContext { users: &users, customers: &customers, products: &products };
    let import =
        convert_pipeline(&parse(&read(&dir, "sales_pipeline.csv")).expect("pipeline"), &ctx).expect("pipeline");
    assert!(import.errors.is_empty(), "{:?}", &import.errors[..import.errors.len().min(5)]);
    let opportunities: Vec<Opportunity> = import.rows.into_iter().map(|r| r.opportunity).collect();

    let mut offices: Vec<&str> = users.iter().map(|u| u.office.as_str()).collect();
    offices.sort_unstable();
    offices.dedup();
    let office_of: HashMap<Id, u32> =
        users.iter().map(|u| (u.id, offices.iter().position(|o| *o == u.office).unwrap_or(0) as u32)).collect();
    let keys = |o: &Opportunity| DealKeys {
        owner: o.owner,
        region: office_of.get(&o.owner).copied().unwrap_or(0),
        product: products.iter().position(|p| p.name == o.product).unwrap_or(0) as u32,
    };

    let settings = ForecastSettings::default();
    let started = std::time::Instant::now();
    let rows: Vec<BacktestRow> = (3..=9)
        .map(|month| {
            let cutoff = (Month::new(2017, month) + 1).first_day().add_days(-1);
            let deals = deals_as_of(&opportunities, keys, cutoff);
            backtest(&deals, cutoff, HORIZON_DAYS, DRAWS, SEED, &settings)
        })
        .collect();
    let elapsed = started.elapsed();

    let error = |f: fn(&BacktestRow) -> Cny, row: &BacktestRow| relative_error(f(row), row.actual).unwrap_or(0.0);
    let mean = |values: Vec<f64>| values.iter().sum::<f64>() / values.len().max(1) as f64;
    let mean_abs = |f: fn(&BacktestRow) -> Cny| mean(rows.iter().map(|r| error(f, r).abs()).collect());
    let coverage = rows.iter().filter(|r| r.inside_band()).count() as f64 / rows.len() as f64;
    let versus_eventual: Vec<f64> =
        rows.iter().filter_map(|r| relative_error(r.win_rate_reference, r.eventual_from_open)).collect();
    let coverage_rows: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.coverage_reference.and_then(|c| relative_error(c, r.actual)).map(f64::abs))
        .collect();
    let fraction = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let yuan = |c: Cny| c.fen() / 100;
    let json_rows: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({
                "cutoff": r.cutoff.to_string(),
                "actual": yuan(r.actual),
                "actual_from_open_deals": yuan(r.actual_from_open),
                "open_deals": r.open_deals,
                "open_pipeline": yuan(r.open_pipeline),
                "known_results": r.known_results,
                "baseline": yuan(r.baseline),
                "baseline_error": fraction(error(|r| r.baseline, r)),
                "calibrated": yuan(r.calibrated.expected),
                "calibrated_error": fraction(error(|r| r.calibrated.expected, r)),
                "p10": yuan(r.calibrated.p10),
                "p50": yuan(r.calibrated.p50),
                "p90": yuan(r.calibrated.p90),
                "inside_p10_p90": r.inside_band(),
                "win_rate_reference": yuan(r.win_rate_reference),
                "win_rate_reference_error": fraction(error(|r| r.win_rate_reference, r)),
                "eventual_wins_of_open_deals": yuan(r.eventual_from_open),
                "win_rate_reference_error_vs_eventual":
                    relative_error(r.win_rate_reference, r.eventual_from_open).map(fraction),
                "coverage_ratio_reference": r.coverage_reference.map(yuan),
                "coverage_ratio_reference_error":
                    r.coverage_reference.and_then(|c| relative_error(c, r.actual)).map(fraction),
            })
        })
        .collect();
    let (baseline_mae, calibrated_mae) = (mean_abs(|r| r.baseline), mean_abs(|r| r.calibrated.expected));
    let report = json!({
        "name": "funnel-backtest",
        "data": "Maven CRM sales_pipeline.csv (8,800 deals), imported through domain::import::pipeline",
        "horizon_days": HORIZON_DAYS,
        "draws": DRAWS,
        "seed": SEED,
        "settings": {
            "stage_percent": settings.stage_percent,
            "prior_deals": settings.prior_deals,
            "run_rate_days": settings.run_rate_days,
            "min_month_results": settings.min_month_results,
            "default_monthly_spread": settings.default_monthly_spread,
            "default_flow_spread": settings.default_flow_spread,
        },
        "rows": json_rows,
        "baseline": { "mean_abs_error": fraction(baseline_mae) },
        "calibrated": {
            "mean_abs_error": fraction(calibrated_mae),
            "p50_mean_abs_error": fraction(mean_abs(|r| r.calibrated.p50)),
            "p10_p90_coverage": fraction(coverage),
        },
        "reference_win_rate": {
            "mean_abs_error": fraction(mean_abs(|r| r.win_rate_reference)),
            "mean_error_vs_eventual_wins_of_open_deals": fraction(mean(versus_eventual.clone())),
        },
        "reference_coverage_ratio": { "mean_abs_error": fraction(mean(coverage_rows.clone())) },
        "seconds": elapsed.as_secs_f64(),
    });
    let out = root.join("bench/out");
    std::fs::create_dir_all(&out).expect("bench/out");
    std::fs::write(out.join("funnel-backtest.json"), serde_json::to_string_pretty(&report).unwrap() + "\n")
        .expect("write");

    let k = |c: Cny| format!("{:.0}k", c.yuan() / 1_000.0);
    let pct = |x: f64| format!("{:+.1}%", x * 100.0);
    println!("funnel-backtest: 90-day won value after each cutoff (thousands), errors vs actual");
    println!(
        "{:<10} {:>7} {:>9} {:>8} {:>10} {:>8} {:>17} {:>4} {:>9} {:>8} {:>9} {:>8}",
        "cutoff",
        "actual",
        "baseline",
        "err",
        "calibrated",
        "err",
        "P10–P90",
        "in",
        "win-rate",
        "err",
        "coverage",
        "err"
    );
    for r in &rows {
        println!(
            "{:<10} {:>7} {:>9} {:>8} {:>10} {:>8} {:>17} {:>4} {:>9} {:>8} {:>9} {:>8}",
            r.cutoff.to_string(),
            k(r.actual),
            k(r.baseline),
            pct(error(|r| r.baseline, r)),
            k(r.calibrated.expected),
            pct(error(|r| r.calibrated.expected, r)),
            format!("{}–{}", k(r.calibrated.p10), k(r.calibrated.p90)),
            if r.inside_band() { "yes" } else { "no" },
            k(r.win_rate_reference),
            pct(error(|r| r.win_rate_reference, r)),
            r.coverage_reference.map_or("–".into(), k),
            r.coverage_reference.and_then(|c| relative_error(c, r.actual)).map_or("–".into(), pct),
        );
    }
    println!("baseline.mean_abs_error   {:.1}%", baseline_mae * 100.0);
    println!("calibrated.mean_abs_error {:.1}%  (P10–P90 coverage {:.0}%)", calibrated_mae * 100.0, coverage * 100.0);
    println!(
        "reference win-rate: mean |error| {:.1}% vs 90-day wins, mean error {:+.1}% vs eventual wins of open deals",
        mean_abs(|r| r.win_rate_reference) * 100.0,
        mean(versus_eventual) * 100.0
    );
    println!("reference coverage-ratio: mean |error| {:.1}%", mean(coverage_rows) * 100.0);
}
