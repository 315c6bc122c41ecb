//! `bench/run grades`, native part: scores and grades the `bench` demo workspace (10,000
//! customers with their orders and interactions) with `grading::score::recompute`, the median
//! of several runs, plus the portfolio, retention, preview and learned-grading figures.
//! Writes bench/out/grades.json and prints the figures last. Measures; never passes or fails.

use kehu::demo::{DemoGenerator, DemoSize};
use kehu::domain::date::Date;
use kehu::domain::grading::indicators::Ratings;
use kehu::domain::grading::learn::{learn, Learned};
use kehu::domain::grading::portfolio::{distribution, portfolio};
use kehu::domain::grading::retention::retention;
use kehu::domain::grading::score::{preview, recompute, CustomerScore};
use kehu::domain::grading::settings::{GradingSettings, ScoringSettings};
use kehu::domain::model::{Customer, Id, Interaction, Order, ServiceTicket};
use kehu::domain::rng::Rng;
use std::collections::HashMap;
use std::time::Instant;

/// The app's demo seed, so the figures describe the workspace a user sees.
const SEED: u64 = 20_261_122;
const RUNS: usize = 7;

struct Workspace {
    customers: Vec<Customer>,
    orders: Vec<Order>,
    interactions: Vec<Interaction>,
    /// Read by the churn flags (complaints, low closing ratings).
    tickets: Vec<ServiceTicket>,
}

fn workspace(size: DemoSize, today: Date) -> Workspace {
    let mut ws = Workspace { customers: Vec::new(), orders: Vec::new(), interactions: Vec::new(), tickets: Vec::new() };
    for batch in DemoGenerator::new(size, SEED, today) {
        ws.customers.extend(batch.customers);
        ws.orders.extend(batch.orders);
        ws.interactions.extend(batch.interactions);
        ws.tickets.extend(batch.tickets);
    }
    ws
}

/// The demo has no ratings: about 60 % of customers rated, each indicator 1–5 at random.
fn ratings(customers: &[Customer], seed: u64) -> Vec<Ratings> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for customer in customers {
        if !rng.chance(0.6) {
            continue;
        }
        let mut rate = || if rng.chance(0.8) { rng.range_u32(1, 5) as u8 } else { 0 };
        out.push(Ratings {
            customer_id: customer.id,
            industry_influence: rate(),
            new_product: rate(),
            price_sensitivity: rate(),
            communication: rate(),
            confirmed_grade: None,
        });
    }
    out
}

/// Median and fastest wall time of `RUNS` runs after one warm-up, in milliseconds. The
/// fastest shows the cost on an idle machine; the median, what a busy one gives.
fn timed<T>(mut run: impl FnMut() -> T) -> (Timing, T) {
    let mut out = run();
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            out = run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (Timing { median: times[RUNS / 2], fastest: times[0] }, out)
}

#[derive(Clone, Copy)]
struct Timing {
    median: f64,
    fastest: f64,
}

impl Timing {
    fn json(self) -> serde_json::Value {
        serde_json::json!({ "median": self.median, "fastest": self.fastest })
    }
}

/// Confirms the computed grade of a seeded `share` of graded customers, as a user accepting
/// the suggestions would: what the classifier learns on demo data.
fn confirm(scores: &[CustomerScore], ratings: &mut Vec<Ratings>, share: f64, seed: u64) {
    let mut rng = Rng::new(seed);
    let mut at: HashMap<Id, usize> = ratings.iter().enumerate().map(|(i, r)| (r.customer_id, i)).collect();
    for score in scores.iter().filter(|s| s.grade.is_some()) {
        if !rng.chance(share) {
            continue;
        }
        let i = *at.entry(score.customer_id).or_insert_with(|| {
            ratings.push(Ratings { customer_id: score.customer_id, ..Ratings::default() });
            ratings.len() - 1
        });
        ratings[i].confirmed_grade = score.grade;
    }
}

struct LearnFigures {
    labelled: u32,
    accuracy: Option<f64>,
    ms: f64,
}

fn learn_figures(scores: &[CustomerScore], ratings: &[Ratings], settings: &GradingSettings) -> LearnFigures {
    let start = Instant::now();
    let learned = learn(scores, ratings, &settings.learning);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    match learned {
        Learned::Trained(t) => LearnFigures { labelled: t.labelled, accuracy: Some(t.accuracy), ms },
        Learned::NotEnoughLabels(s) => {
            eprintln!("not enough labels: {s:?}");
            LearnFigures { labelled: s.labelled, accuracy: None, ms }
        }
    }
}

fn main() {
    let today = Date::from_ymd(2025, 6, 30).expect("a real date");
    let settings = GradingSettings::default();
    let bench = workspace(DemoSize::Bench, today);
    let bench_ratings = ratings(&bench.customers, SEED);
    let (recompute_ms, result) = timed(|| {
        recompute(
            &bench.customers,
            &bench.orders,
            &bench.interactions,
            &bench.tickets,
            &bench_ratings,
            &settings,
            today,
        )
    });
    let (portfolio_ms, book) =
        timed(|| portfolio(&bench.customers, &bench.orders, &result.scores, &settings.portfolio, today));
    let (retention_ms, kept) = timed(|| retention(&bench.orders, today));
    let stretched = ScoringSettings { capacity_shift: 5.0, ..settings.scoring.clone() };
    let (preview_ms, previewed) = timed(|| preview(&result.scores, &stretched));
    let grades = distribution(&bench.customers, &result.scores, &settings.portfolio);

    let demo = workspace(DemoSize::Demo, today);
    let mut demo_ratings = ratings(&demo.customers, SEED);
    let demo_scores =
        recompute(&demo.customers, &demo.orders, &demo.interactions, &demo.tickets, &demo_ratings, &settings, today)
            .scores;
    confirm(&demo_scores, &mut demo_ratings, 0.5, SEED);
    let demo_learn = learn_figures(&demo_scores, &demo_ratings, &settings);
    let mut bench_labelled = bench_ratings.clone();
    confirm(&result.scores, &mut bench_labelled, 0.5, SEED);
    let bench_learn = learn_figures(&result.scores, &bench_labelled, &settings);

    let counts = grades.all.graded;
    let core = book.tiers[0];
    let json = serde_json::json!({
        "workspace": {
            "customers": bench.customers.len(),
            "orders": bench.orders.len(),
            "interactions": bench.interactions.len(),
            "ratings": bench_ratings.len(),
        },
        "runs": RUNS,
        "recompute_ms": recompute_ms.json(),
        "portfolio_ms": portfolio_ms.json(),
        "retention_ms": retention_ms.json(),
        "capacity_preview_ms": preview_ms.json(),
        "grades": { "a": counts[0], "b": counts[1], "c": counts[2], "d": counts[3], "ungraded": grades.all.ungraded },
        "d_percent_active": grades.d_percent,
        "d_alert": grades.d_alert,
        "churn_risks": result.churn.len(),
        "capacity_plus_5_changes": previewed.changes.len(),
        "core_revenue_percent": core.revenue_percent,
        "customers_for_80_percent_profit": book.customers_for_80_percent,
        "ranked_customers": book.rows.len(),
        "repurchase_rate": kept.rate,
        "learn_demo": { "labelled": demo_learn.labelled, "cv_accuracy": demo_learn.accuracy, "ms": demo_learn.ms },
        "learn_bench": { "labelled": bench_learn.labelled, "cv_accuracy": bench_learn.accuracy, "ms": bench_learn.ms },
    });
    std::fs::create_dir_all("bench/out").expect("bench/out can be made");
    std::fs::write("bench/out/grades.json", serde_json::to_string_pretty(&json).expect("plain JSON"))
        .expect("bench/out/grades.json can be written");

    let percent = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.1} %"));
    println!(
        "bench workspace: {} customers, {} orders, {} interactions, {} rated",
        bench.customers.len(),
        bench.orders.len(),
        bench.interactions.len(),
        bench_ratings.len()
    );
    println!(
        "grades A/B/C/D/ungraded: {}/{}/{}/{}/{}; D among active {}; churn risks {}",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        grades.all.ungraded,
        percent(grades.d_percent),
        result.churn.len()
    );
    println!(
        "core {} customers bring {:.1} % of revenue; {} of {} ranked bring 80 % of profit; repurchase {}",
        core.customers,
        core.revenue_percent,
        book.customers_for_80_percent.unwrap_or(0),
        book.rows.len(),
        percent(kept.rate.map(|r| r * 100.0))
    );
    println!("capacity +5 points would change {} grades", previewed.changes.len());
    let accuracy = |f: &LearnFigures| percent(f.accuracy.map(|a| a * 100.0));
    println!(
        "learned grading, 5-fold CV (labels: confirmed computed grades): demo {} labels {} in {:.0} ms; bench {} labels {} in {:.0} ms",
        demo_learn.labelled,
        accuracy(&demo_learn),
        demo_learn.ms,
        bench_learn.labelled,
        accuracy(&bench_learn),
        bench_learn.ms
    );
    let ms = |t: Timing| format!("{:.1} ms (fastest {:.1})", t.median, t.fastest);
    println!(
        "median of {RUNS}: recompute {}, portfolio {}, retention {}, capacity preview {}",
        ms(recompute_ms),
        ms(portfolio_ms),
        ms(retention_ms),
        ms(preview_ms)
    );
}
