//! `bench/run service`, native part: the service desk of the `bench` demo workspace — every
//! ticket's SLA states and facts, the queue of all of them, and the desk's figures overall and
//! by engineer, region and month — timed as the service page computes them (medians of several
//! runs). Writes bench/out/service.json; `bench/service.mjs` adds the same in wasm.

use kehu::demo::{DemoGenerator, DemoSize};
use kehu::domain::date::Date;
use kehu::domain::model::{Id, ServiceTicket};
use kehu::domain::service::calendar::instant_at;
use kehu::domain::service::figures::{engineers, facts, figures, figures_by, Context};
use kehu::domain::service::queue::{queue, QueueFilter, Scope, Show};
use kehu::domain::service::settings::ServiceSettings;
use std::collections::HashMap;
use std::time::Instant;

/// The app's demo seed, so the figures describe the workspace a user sees.
const SEED: u64 = 20_261_122;
const RUNS: usize = 7;

/// Median and fastest of `RUNS` runs after one warm-up, in milliseconds.
fn timed<T>(mut run: impl FnMut() -> T) -> (f64, f64, T) {
    let mut out = run();
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            out = run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], times[0], out)
}

fn main() {
    let today = Date::from_ymd(2025, 6, 30).expect("a real date");
    let now = instant_at(today, 10 * 60);
    let (mut tickets, mut provinces, mut machines) = (Vec::<ServiceTicket>::new(), HashMap::<Id, String>::new(), 0);
    for batch in DemoGenerator::new(DemoSize::Bench, SEED, today) {
        tickets.extend(batch.tickets);
        machines += batch.machines.len();
        provinces.extend(batch.customers.into_iter().map(|c| (c.id, c.province)));
    }
    let settings = ServiceSettings::default();
    let calendar = settings.calendar();
    let context =
        Context { calendar: &calendar, sla: &settings.sla, tickets: &settings.tickets, satisfied_from: 4, now };
    let (facts_ms, facts_fastest, facts) = timed(|| facts(&tickets, &context));
    let filter = QueueFilter { scope: Scope::All, show: Show::All, status: None };
    let (queue_ms, queue_fastest, shown) = timed(|| queue(&tickets, &facts, filter, None, &[]).len());
    let (figures_ms, figures_fastest, groups) = timed(|| {
        let all = figures(&facts);
        let by_engineer = figures_by(&tickets, &facts, engineers);
        let province = |t: &ServiceTicket| Some(provinces.get(&t.customer_id).map_or("", String::as_str));
        let by_region = figures_by(&tickets, &facts, province);
        let by_month = figures_by(&tickets, &facts, |t| t.opened.map(|d| d.month_of()));
        (all.tickets, by_engineer.len() + by_region.len() + by_month.len())
    });
    let desk_ms = facts_ms + queue_ms + figures_ms;
    let result = serde_json::json!({
        "workspace": { "tickets": tickets.len(), "machines": machines, "customers": provinces.len() },
        "facts_ms": { "median": facts_ms, "fastest": facts_fastest },
        "queue_ms": { "median": queue_ms, "fastest": queue_fastest, "rows": shown },
        "figures_ms": { "median": figures_ms, "fastest": figures_fastest, "groups": groups.1 },
        "desk_ms": { "median": desk_ms },
    });
    std::fs::create_dir_all("bench/out").expect("bench/out");
    std::fs::write("bench/out/service.json", serde_json::to_string_pretty(&result).expect("json")).expect("write");
    println!(
        "service (native): {} tickets of {machines} machines; SLA states and facts {facts_ms:.1} ms, queue \
         {queue_ms:.1} ms, figures (all, by engineer, region, month) {figures_ms:.1} ms: desk {desk_ms:.1} ms \
         (medians of {RUNS})",
        tickets.len()
    );
}
