//! `bench/run funnel-speed` (native part): the full funnel forecast on the demo generator's bench
//! workspace (50,000 opportunities) with 10,000 Monte Carlo draws, the median of several runs,
//! broken down by owner and without a breakdown. Writes bench/out/funnel-speed.json and prints
//! its figures last. The wasm timing in Chromium is measured separately.

use kehu::demo::{DemoGenerator, DemoSize};
use kehu::domain::date::Date;
use kehu::domain::funnel::calibration::ForecastSettings;
use kehu::domain::funnel::deal::{Deal, DealKeys, Dimension};
use kehu::domain::funnel::forecast::{forecast, ForecastRequest};
use kehu::domain::model::{Id, Opportunity};
use serde_json::json;
use std::collections::HashMap;
use std::time::Instant;

const RUNS: usize = 7;
const DRAWS: u32 = 10_000;

fn median_ms(mut run: impl FnMut()) -> (f64, Vec<f64>) {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_secs_f64() * 1_000.0
        })
        .collect();
    let all = times.clone();
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], all)
}

fn main() {
    let today = Date::parse("2026-11-22").expect("date");
    let mut opportunities: Vec<Opportunity> = Vec::new();
    let mut province: HashMap<Id, String> = HashMap::new();
    for batch in DemoGenerator::new(DemoSize::Bench, 1, today) {
        province.extend(batch.customers.iter().map(|c| (c.id, c.province.clone())));
        opportunities.extend(batch.opportunities);
    }
    let mut regions: Vec<&str> = province.values().map(String::as_str).collect();
    regions.sort_unstable();
    regions.dedup();
    let mut products: Vec<&str> = opportunities.iter().map(|o| o.product.as_str()).collect();
    products.sort_unstable();
    products.dedup();
    let region_index: HashMap<&str, u32> = regions.iter().enumerate().map(|(i, r)| (*r, i as u32)).collect();
    let product_index: HashMap<&str, u32> = products.iter().enumerate().map(|(i, p)| (*p, i as u32)).collect();
    let build = || -> Vec<Deal> {
        opportunities
            .iter()
            .map(|o| {
                let region = province.get(&o.customer_id).map_or(0, |p| region_index[p.as_str()]);
                let keys = DealKeys { owner: o.owner, region, product: product_index[o.product.as_str()] };
                Deal::of(o, keys, today)
            })
            .collect()
    };
    let (build_ms, _) = median_ms(|| {
        std::hint::black_box(build());
    });
    let deals = build();
    let settings = ForecastSettings::default();
    let request = |group_by| ForecastRequest {
        cutoff: today,
        horizon_days: 90,
        draws: DRAWS,
        seed: 1,
        group_by,
        undated_known: true,
    };
    let sample = forecast(&deals, &request(Some(Dimension::Owner)), &settings);
    let (by_owner_ms, by_owner_runs) = median_ms(|| {
        std::hint::black_box(forecast(&deals, &request(Some(Dimension::Owner)), &settings));
    });
    let (total_ms, total_runs) = median_ms(|| {
        std::hint::black_box(forecast(&deals, &request(None), &settings));
    });
    let band = sample.horizon.calibrated;
    let report = json!({
        "name": "funnel-speed",
        "opportunities": deals.len(),
        "open_deals": sample.open_deals,
        "simulated_one_by_one": sample.simulated_one_by_one,
        "owners": sample.groups.len(),
        "draws": DRAWS,
        "horizon_days": 90,
        "runs": RUNS,
        "native": {
            "forecast_by_owner_ms_median": by_owner_ms,
            "forecast_by_owner_ms_runs": by_owner_runs,
            "forecast_total_ms_median": total_ms,
            "forecast_total_ms_runs": total_runs,
            "deals_from_opportunities_ms_median": build_ms,
        },
        "horizon_yuan": { "expected": band.expected.fen() / 100, "p10": band.p10.fen() / 100, "p50": band.p50.fen() / 100, "p90": band.p90.fen() / 100 },
    });
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/out");
    std::fs::create_dir_all(out).expect("bench/out");
    std::fs::write(format!("{out}/funnel-speed.json"), serde_json::to_string_pretty(&report).unwrap() + "\n")
        .expect("write");
    println!(
        "funnel-speed (native): {} opportunities, {} open ({} simulated one by one), {DRAWS} draws, median of {RUNS}",
        deals.len(),
        sample.open_deals,
        sample.simulated_one_by_one
    );
    println!("forecast by owner ({} owners) {by_owner_ms:.1} ms", sample.groups.len());
    println!("forecast, total only        {total_ms:.1} ms");
    println!("deals from opportunities    {build_ms:.1} ms");
}
