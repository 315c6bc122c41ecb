//! The forecast of won value after a cutoff: per calendar month and quarter of the horizon, the
//! configured weighted pipeline (the baseline peers show) and the calibrated forecast with its
//! P10 / P50 / P90 from a seeded Monte Carlo, in total and broken down by owner, region or
//! product. [`forecast`] is the one entry point: a plain slice of [`Deal`]s and a request in,
//! plain numbers out.
//!
//! The calibrated chance that an open deal is won within a month is learned per stage from the
//! days since it entered the stage ([`super::survival`]): a deal as old as most past wins is
//! due, one older than every past win is unlikely. It is blended with the configured stage
//! percentage (placed at the expected close date, or spread over the horizon without one) by
//! the depth of history. New deals arrive at the recent run-rate and convert as past deals did
//! from their first day. Each simulated month draws its own win-rate level, as much as the
//! workspace's months have varied, and its own flow of new deals; and each draw first draws how
//! far the learned win rates and run-rate are from the truth (they are estimates from finite
//! history: the fewer months and results, the wider), so the band carries those risks and not
//! only the luck of single deals.

use super::calibration::{calibrate, Calibration, ForecastSettings};
use super::deal::{Deal, DealKeys, Dimension, StateAsOf};
use super::quota::Period;
use super::stage::rank;
use crate::domain::date::Date;
use crate::domain::model::FunnelStage;
use crate::domain::money::Cny;
use crate::domain::rng::Rng;
use std::collections::HashMap;

/// What to forecast.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForecastRequest {
    /// The last day whose facts are used (today, or a past day for a backtest).
    pub cutoff: Date,
    /// Days after the cutoff forecast.
    pub horizon_days: u32,
    /// Monte Carlo draws (0: expectations only, the bands equal them).
    pub draws: u32,
    pub seed: u64,
    pub group_by: Option<Dimension>,
    /// Whether deals without any date are in the book (true for today: they exist now; false
    /// for a past cutoff: nobody knows since when).
    pub undated_known: bool,
}

/// A forecast value: its expectation and the simulated percentiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Band {
    pub expected: Cny,
    pub p10: Cny,
    pub p50: Cny,
    pub p90: Cny,
}

/// One span of the horizon.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpanForecast {
    /// The calendar month or quarter; `None` for the whole horizon.
    pub period: Option<Period>,
    /// Won in the period on or before the cutoff (known, not forecast).
    pub won_before_cutoff: Cny,
    /// The configured weighted pipeline expected to close in the span.
    pub baseline: Cny,
    /// Won after the cutoff within the span (and the horizon).
    pub calibrated: Band,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupForecast {
    pub key: u64,
    pub horizon: SpanForecast,
    pub periods: Vec<SpanForecast>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    pub horizon: SpanForecast,
    /// The months of the horizon, then its quarters (the parts inside the horizon).
    pub periods: Vec<SpanForecast>,
    /// Per key of `group_by`, ordered by key; empty without it.
    pub groups: Vec<GroupForecast>,
    pub calibration: Calibration,
    /// Open deals counted, and how many of them (the lumpy ones) the Monte Carlo drew one by one.
    pub open_deals: usize,
    pub simulated_one_by_one: usize,
    /// Expected won value from deals not yet created.
    pub expected_from_new_deals: Cny,
}

/// A month of the horizon as day offsets after the cutoff: days `from + 1 ..= to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    period: Period,
    from: i64,
    to: i64,
}

fn month_windows(cutoff: Date, horizon: u32) -> Vec<Window> {
    let last = cutoff.add_days(horizon as i32);
    let mut windows = Vec::new();
    let mut month = cutoff.add_days(1).month_of();
    while horizon > 0 && month.first_day() <= last {
        let from = i64::from(month.first_day().days_since(cutoff) - 1).max(0);
        let to = i64::from((month + 1).first_day().add_days(-1).days_since(cutoff)).min(i64::from(horizon));
        windows.push(Window { period: Period::Month(month), from, to });
        month = month + 1;
    }
    windows
}

/// One open deal's expected value per month of the horizon, calibrated and configured.
struct OpenDeal {
    value: f64,
    group: usize,
    calibrated: Vec<f64>,
    baseline: Vec<f64>,
}

/// Learned chances of being won by the end of each window, per open stage and days in it: many
/// open deals share a stage and an age, and each answer walks the stage's history.
type WonByCache = HashMap<(usize, i64), Vec<f64>>;

fn open_deal_chances(
    cal: &Calibration,
    cache: &mut WonByCache,
    stage: FunnelStage,
    since: Option<Date>,
    expected_close: Option<Date>,
    windows: &[Window],
    horizon: i64,
) -> (Vec<f64>, Vec<f64>) {
    let Some(s) = cal.stage(stage) else {
        return (vec![0.0; windows.len()], vec![0.0; windows.len()]);
    };
    let due = expected_close.map(|d| i64::from(d.days_since(cal.cutoff)).max(1));
    let baseline: Vec<f64> = windows
        .iter()
        .map(|w| match due {
            Some(due) => {
                if w.from < due && due <= w.to {
                    s.configured
                } else {
                    0.0
                }
            }
            None => s.configured * (w.to - w.from) as f64 / horizon as f64,
        })
        .collect();
    let (weight, age) = match since {
        Some(since) => (s.history_weight, i64::from(cal.cutoff.days_since(since).max(0))),
        None => (0.0, 0),
    };
    let won_by = cache.entry((rank(stage), age)).or_insert_with(|| {
        let ends: Vec<i64> = windows.iter().map(|w| w.to).collect();
        cal.won_within(stage, age, &ends)
    });
    let calibrated = windows
        .iter()
        .enumerate()
        .zip(&baseline)
        .map(|((m, _), configured)| {
            let learned = won_by[m] - if m == 0 { 0.0 } else { won_by[m - 1] };
            weight * learned.max(0.0) + (1.0 - weight) * configured
        })
        .collect();
    (calibrated, baseline)
}

/// Expected wins per day of new-deal arrivals, per month: a deal created on day `s` of the
/// horizon is won in the month with the chance learned from deals' first days.
fn new_deal_wins(cal: &Calibration, windows: &[Window], horizon: i64) -> Vec<f64> {
    windows
        .iter()
        .map(|w| (1..=horizon).map(|s| cal.from_creation.won_by(w.to - s) - cal.from_creation.won_by(w.from - s)).sum())
        .collect()
}

/// Forecasts won value after `request.cutoff` from everything known then (see the module docs).
pub fn forecast(deals: &[Deal], request: &ForecastRequest, settings: &ForecastSettings) -> Forecast {
    let dimension = request.group_by;
    let key_of = |keys: &DealKeys| dimension.map_or(0, |d| keys.key(d));
    let cal = calibrate(deals, request.cutoff, request.undated_known, settings, Some(&key_of));
    let windows = month_windows(request.cutoff, request.horizon_days);
    let horizon = i64::from(request.horizon_days.max(1));
    let months = windows.len();

    let mut keys: Vec<u64> = cal.by_group.keys().copied().collect();
    let mut open = Vec::new();
    let mut won_before: Vec<(u64, Date, f64)> = Vec::new();
    let mut cache = WonByCache::new();
    for deal in deals {
        match deal.as_of(request.cutoff, request.undated_known) {
            Some(StateAsOf::Open { stage, since }) if !deal.omitted => {
                let (calibrated, baseline) =
                    open_deal_chances(&cal, &mut cache, stage, since, deal.expected_close, &windows, horizon);
                keys.push(key_of(&deal.keys));
                open.push((key_of(&deal.keys), deal.value.fen() as f64, calibrated, baseline));
            }
            Some(StateAsOf::Won(Some(day))) => won_before.push((key_of(&deal.keys), day, deal.value.fen() as f64)),
            _ => {}
        }
    }
    if dimension.is_none() {
        keys = vec![0];
    }
    keys.sort_unstable();
    keys.dedup();
    let group_index: HashMap<u64, usize> = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let open: Vec<OpenDeal> = open
        .into_iter()
        .map(|(key, value, calibrated, baseline)| OpenDeal { value, group: group_index[&key], calibrated, baseline })
        .collect();

    let cells = keys.len() * months;
    let mut baseline = vec![0.0; cells];
    let mut expected = vec![0.0; cells];
    for deal in &open {
        for m in 0..months {
            baseline[deal.group * months + m] += deal.value * deal.baseline[m];
            expected[deal.group * months + m] += deal.value * deal.calibrated[m];
        }
    }
    // New deals: a compound Poisson per group and month (count × a won deal's value).
    let per_day_wins = new_deal_wins(&cal, &windows, horizon);
    let mut new_mean = vec![0.0; cells];
    let mut new_var = vec![0.0; cells];
    for (g, key) in keys.iter().enumerate() {
        let rate = match dimension {
            Some(_) => cal.by_group.get(key).copied().unwrap_or_default(),
            None => {
                super::calibration::GroupRate { new_deals_per_day: cal.new_deals_per_day, won_value: cal.won_value }
            }
        };
        for m in 0..months {
            let count = rate.new_deals_per_day * per_day_wins[m];
            new_mean[g * months + m] = count * rate.won_value.mean;
            new_var[g * months + m] = count * rate.won_value.mean_square;
            expected[g * months + m] += count * rate.won_value.mean;
        }
    }

    let spreads = Spreads {
        level: cal.level_spread,
        monthly: cal.monthly_spread,
        run_rate: cal.run_rate_spread,
        flow: cal.flow_spread,
    };
    let (samples, exact) = simulate(&open, &new_mean, &new_var, keys.len(), months, spreads, request, settings);

    // Spans: each month, each quarter (its months in the horizon), the whole horizon.
    let mut spans: Vec<(Option<Period>, Vec<usize>)> =
        windows.iter().enumerate().map(|(m, w)| (Some(w.period), vec![m])).collect();
    for (m, w) in windows.iter().enumerate() {
        let Period::Month(month) = w.period else { continue };
        let quarter = Period::quarter_of(month);
        match spans.iter_mut().find(|(p, _)| *p == Some(quarter)) {
            Some((_, members)) => members.push(m),
            None => spans.push((Some(quarter), vec![m])),
        }
    }
    // Only wins from the first span's start on fall in a span: keep those, with their group.
    let earliest = spans.iter().filter_map(|(p, _)| p.map(Period::first_day)).min().unwrap_or(request.cutoff);
    let won_before: Vec<(usize, Date, f64)> = won_before
        .into_iter()
        .filter(|w| w.1 >= earliest)
        .map(|(key, day, value)| (group_index[&key], day, value))
        .collect();
    let span_of = |group: Option<usize>, period: Option<Period>, members: &[usize]| {
        let groups: Vec<usize> = group.map_or_else(|| (0..keys.len()).collect(), |g| vec![g]);
        let sum = |values: &[f64]| {
            groups.iter().flat_map(|g| members.iter().map(move |m| values[g * months + m])).sum::<f64>()
        };
        let won = period.map_or(0.0, |p| {
            won_before
                .iter()
                .filter(|(g, day, _)| group.is_none_or(|group| group == *g) && p.contains(*day))
                .map(|w| w.2)
                .sum()
        });
        let expected = sum(&expected);
        let (p10, p50, p90) = samples.percentiles(&groups, members).unwrap_or((expected, expected, expected));
        SpanForecast {
            period,
            won_before_cutoff: fen(won),
            baseline: fen(sum(&baseline)),
            calibrated: Band { expected: fen(expected), p10: fen(p10), p50: fen(p50), p90: fen(p90) },
        }
    };
    let all_months: Vec<usize> = (0..months).collect();
    let groups = match dimension {
        None => Vec::new(),
        Some(_) => keys
            .iter()
            .enumerate()
            .map(|(g, &key)| GroupForecast {
                key,
                horizon: span_of(Some(g), None, &all_months),
                periods: spans.iter().map(|(p, members)| span_of(Some(g), *p, members)).collect(),
            })
            .collect(),
    };
    Forecast {
        horizon: span_of(None, None, &all_months),
        periods: spans.iter().map(|(p, members)| span_of(None, *p, members)).collect(),
        groups,
        open_deals: open.len(),
        simulated_one_by_one: exact,
        expected_from_new_deals: fen(new_mean.iter().sum()),
        calibration: cal,
    }
}

fn fen(value: f64) -> Cny {
    Cny(value.round() as i64)
}

/// Simulated won value per draw, group and month.
struct Samples {
    draws: usize,
    months: usize,
    /// `values[(group * months + month) * draws + draw]`.
    values: Vec<f32>,
}

impl Samples {
    /// P10, P50 and P90 of the sum over `groups` × `months`; `None` without draws.
    fn percentiles(&self, groups: &[usize], months: &[usize]) -> Option<(f64, f64, f64)> {
        if self.draws == 0 {
            return None;
        }
        let mut sums = vec![0.0f64; self.draws];
        for g in groups {
            for m in months {
                let cell = &self.values[(g * self.months + m) * self.draws..][..self.draws];
                for (sum, value) in sums.iter_mut().zip(cell) {
                    *sum += f64::from(*value);
                }
            }
        }
        Some(percentiles(&mut sums))
    }
}

/// P10, P50, P90 by nearest rank.
fn percentiles(values: &mut [f64]) -> (f64, f64, f64) {
    let n = values.len();
    let rank = |q: f64| ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
    let (i10, i50, i90) = (rank(0.1), rank(0.5), rank(0.9));
    let (left, p50, right) = values.select_nth_unstable_by(i50, f64::total_cmp);
    let p50 = *p50;
    let p10 = if i10 < i50 { *left.select_nth_unstable_by(i10, f64::total_cmp).1 } else { p50 };
    let p90 = if i90 > i50 { *right.select_nth_unstable_by(i90 - i50 - 1, f64::total_cmp).1 } else { p50 };
    (p10, p50, p90)
}

/// Standard normal numbers in pairs (Marsaglia's polar method: no trigonometry, one logarithm
/// per pair), as the Monte Carlo needs hundreds per draw.
#[derive(Default)]
struct Normals {
    spare: Option<f64>,
}

impl Normals {
    fn next(&mut self, rng: &mut Rng) -> f64 {
        if let Some(spare) = self.spare.take() {
            return spare;
        }
        loop {
            let (u, v) = (2.0 * rng.unit() - 1.0, 2.0 * rng.unit() - 1.0);
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let scale = (-2.0 * s.ln() / s).sqrt();
                self.spare = Some(v * scale);
                return u * scale;
            }
        }
    }
}

/// Standard deviations of the logarithms of the Monte Carlo's multipliers (see [`Calibration`]).
#[derive(Clone, Copy, Debug)]
struct Spreads {
    /// The learned win-rate level's error, shared by every month of a draw.
    level: f64,
    /// A month's own win-rate level around it.
    monthly: f64,
    /// The run-rate's error, shared by every month of a draw.
    run_rate: f64,
    /// A month's own flow of new deals around it.
    flow: f64,
}

/// The logarithm of a log-normal multiplier with mean 1, from a standard normal `z` (summed in
/// logarithms, a draw's multipliers cost one exponential each).
fn log_multiplier(spread: f64, z: f64) -> f64 {
    spread * z - spread * spread / 2.0
}

/// The Monte Carlo: per draw, a win-rate level error and a run-rate error shared by the horizon,
/// then per month a win-rate level `k` and a flow `r` around them (log-normal, mean 1, so the
/// expectation stays the analytic one); lumpy open deals are each won in at most one month with
/// chance `k × p`, the rest of each group and month is a normal sum with its mean and variance:
/// small open deals' scaled by `k`, new deals' by `k × r`. Returns the samples and how many deals
/// were drawn one by one.
#[allow(clippy::too_many_arguments)]
fn simulate(
    open: &[OpenDeal],
    new_mean: &[f64],
    new_var: &[f64],
    groups: usize,
    months: usize,
    spreads: Spreads,
    request: &ForecastRequest,
    settings: &ForecastSettings,
) -> (Samples, usize) {
    let draws = request.draws as usize;
    let cells = groups * months;
    let horizon_chance = |d: &OpenDeal| d.calibrated.iter().sum::<f64>().min(1.0);
    let variance = |d: &OpenDeal| d.value * d.value * horizon_chance(d) * (1.0 - horizon_chance(d));
    let mut group_variance = vec![0.0; groups];
    for deal in open {
        group_variance[deal.group] += variance(deal);
    }
    // A deal is lumpy when one win of it moves its group's total by more than the set share of
    // the group's spread: a normal sum would smooth it away.
    let lumpiness = |d: &OpenDeal| d.value / group_variance[d.group].sqrt().max(f64::MIN_POSITIVE);
    let mut lumpy: Vec<usize> = (0..open.len())
        .filter(|&i| horizon_chance(&open[i]) > 0.0 && lumpiness(&open[i]) > settings.lumpy_share)
        .collect();
    lumpy.sort_by(|&a, &b| lumpiness(&open[b]).total_cmp(&lumpiness(&open[a])));
    lumpy.truncate(settings.exact_deals as usize);
    let mut exact_flags = vec![false; open.len()];
    lumpy.iter().for_each(|&i| exact_flags[i] = true);
    let mut smooth_mean = vec![0.0; cells];
    let mut smooth_var = vec![0.0; cells];
    for (deal, _) in open.iter().zip(&exact_flags).filter(|(_, exact)| !**exact) {
        for (m, &p) in deal.calibrated.iter().enumerate() {
            smooth_mean[deal.group * months + m] += deal.value * p;
            smooth_var[deal.group * months + m] += deal.value * deal.value * p * (1.0 - p);
        }
    }
    let smooth_cells: Vec<usize> = (0..cells).filter(|&c| smooth_mean[c] > 0.0 || new_mean[c] > 0.0).collect();
    // Lumpy deals, flat: value, first cell, chance within the horizon, then a chance per month.
    let stride = months + 3;
    let mut exact = Vec::with_capacity(lumpy.len() * stride);
    for &i in &lumpy {
        let deal = &open[i];
        exact.extend([deal.value, (deal.group * months) as f64, horizon_chance(deal)]);
        exact.extend(&deal.calibrated);
    }

    let mut rng = Rng::new(request.seed);
    let mut normals = Normals::default();
    let mut values = vec![0.0f32; cells * draws];
    let mut sums = vec![0.0f32; cells];
    let mut level = vec![1.0f64; months];
    // Per month the win-rate level and, for new deals, that level times the flow.
    let mut level_flow = vec![1.0f64; months];
    for draw in 0..draws {
        sums.iter_mut().for_each(|s| *s = 0.0);
        let shared_level = log_multiplier(spreads.level, normals.next(&mut rng));
        let shared_flow = log_multiplier(spreads.run_rate, normals.next(&mut rng));
        for (k, kr) in level.iter_mut().zip(level_flow.iter_mut()) {
            let log_k = shared_level + log_multiplier(spreads.monthly, normals.next(&mut rng));
            *k = log_k.exp();
            *kr = (log_k + shared_flow + log_multiplier(spreads.flow, normals.next(&mut rng))).exp();
        }
        let highest = level.iter().copied().fold(0.0, f64::max);
        for &cell in &smooth_cells {
            let k = level[cell % months];
            let kr = level_flow[cell % months];
            let mean = smooth_mean[cell] * k + new_mean[cell] * kr;
            let var = smooth_var[cell] * k + new_var[cell] * kr;
            sums[cell] += (mean + var.sqrt() * normals.next(&mut rng)).max(0.0) as f32;
        }
        for deal in exact.chunks_exact(stride) {
            let u = rng.unit();
            if u >= highest * deal[2] {
                continue;
            }
            let mut reached = 0.0;
            for (m, &p) in deal[3..].iter().enumerate() {
                reached += level[m] * p;
                if u < reached {
                    sums[deal[1] as usize + m] += deal[0] as f32;
                    break;
                }
            }
        }
        for (cell, sum) in sums.iter().enumerate() {
            values[cell * draws + draw] = *sum;
        }
    }
    (Samples { draws, months, values }, lumpy.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Month;
    use crate::domain::model::FunnelStage;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn horizon_months_as_day_offsets() {
        let check = |cutoff: &str, horizon, expected: &[(u32, i64, i64)]| {
            let windows: Vec<(u32, i64, i64)> = month_windows(d(cutoff), horizon)
                .iter()
                .map(|w| match w.period {
                    Period::Month(m) => (m.month(), w.from, w.to),
                    Period::Quarter { .. } => unreachable!("months only"),
                })
                .collect();
            assert_eq!(windows, expected, "{cutoff} + {horizon}");
        };
        check("2017-03-31", 90, &[(4, 0, 30), (5, 30, 61), (6, 61, 90)]);
        check("2024-01-15", 20, &[(1, 0, 16), (2, 16, 20)]);
        check("2024-01-31", 29, &[(2, 0, 29)]);
        check("2024-01-31", 0, &[]);
    }

    #[test]
    fn normals_have_mean_zero_and_unit_spread() {
        let mut rng = Rng::new(4);
        let mut normals = Normals::default();
        let values: Vec<f64> = (0..40_000).map(|_| normals.next(&mut rng)).collect();
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let var = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / values.len() as f64;
        assert!(mean.abs() < 0.02 && (var.sqrt() - 1.0).abs() < 0.02, "{mean} {var}");
        let below = values.iter().filter(|&&x| x < -1.2816).count() as f64 / values.len() as f64;
        assert!((below - 0.1).abs() < 0.01, "P10 of a standard normal is -1.2816: {below}");
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut values: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        assert_eq!(percentiles(&mut values), (1.0, 5.0, 9.0));
        assert_eq!(percentiles(&mut [7.0]), (7.0, 7.0, 7.0));
        let mut hundred: Vec<f64> = (0..100).map(f64::from).collect();
        assert_eq!(percentiles(&mut hundred), (9.0, 49.0, 89.0));
    }

    /// `count` open deals of `yuan` each, in development since `since`, and a history of 100
    /// deals that entered development 100 days before the cutoff: `won` of them won 20 days
    /// later, the rest lost 20 days later.
    fn book(count: usize, yuan: i64, since: &str, won: usize) -> Vec<Deal> {
        let cutoff = d("2024-06-30");
        let start = cutoff.add_days(-100);
        let closed = |win: bool| Deal {
            value: Cny::from_yuan(yuan),
            created: Some(start),
            entered: [None, None, Some(start), None],
            stage: if win { FunnelStage::Won } else { FunnelStage::Lost },
            closed: Some(start.add_days(20)),
            ..Deal::default()
        };
        let mut deals: Vec<Deal> = (0..100).map(|i| closed(i < won)).collect();
        deals.extend((0..count).map(|i| Deal {
            value: Cny::from_yuan(yuan),
            created: Some(d(since)),
            entered: [None, None, Some(d(since)), None],
            stage: FunnelStage::Develop,
            keys: DealKeys { owner: 1 + (i % 2) as u64, region: 0, product: 0 },
            ..Deal::default()
        }));
        deals
    }

    fn request(draws: u32, seed: u64) -> ForecastRequest {
        ForecastRequest { cutoff: d("2024-06-30"), horizon_days: 90, draws, seed, group_by: None, undated_known: false }
    }

    /// History only (no prior), no run-rate of new deals (the history is too old), no spread,
    /// every deal drawn one by one.
    fn learned_only() -> ForecastSettings {
        ForecastSettings {
            prior_deals: 0,
            run_rate_days: 5,
            default_monthly_spread: 0.0,
            lumpy_share: 0.0,
            ..ForecastSettings::default()
        }
    }

    #[test]
    fn expectation_matches_the_analytic_value() {
        // 60 of 100 past deals won 20 days into development; 50 open deals 10 days in: each is
        // won with 0.6 within the horizon, 10 days after the cutoff (in July).
        let deals = book(50, 1_000, "2024-06-20", 60);
        let f = forecast(&deals, &request(0, 1), &learned_only());
        let expected = Cny::from_yuan(50 * 600);
        assert_eq!(f.horizon.calibrated.expected, expected);
        assert_eq!(f.horizon.baseline, Cny::from_yuan(50 * 500), "configured 50 % without a close date");
        let july = &f.periods[0];
        assert_eq!((july.period, july.calibrated.expected), (Some(Period::Month(Month::new(2024, 7))), expected));
        assert_eq!(f.periods[1].calibrated.expected, Cny::ZERO);
        assert_eq!(f.periods.last().unwrap().period, Some(Period::Quarter { year: 2024, quarter: 3 }));
        assert_eq!(f.expected_from_new_deals, Cny::ZERO);
        assert_eq!((f.open_deals, f.horizon.calibrated.p50), (50, expected), "no draws: bands are the expectation");
    }

    #[test]
    fn monte_carlo_is_reproducible_ordered_and_centred() {
        let deals = book(400, 1_000, "2024-06-20", 60);
        let settings = learned_only();
        let a = forecast(&deals, &request(4_000, 7), &settings);
        let b = forecast(&deals, &request(4_000, 7), &settings);
        assert_eq!(a, b, "same seed, same forecast");
        // Few draws, so percentiles of another seed's draws differ.
        let few = |seed| forecast(&deals, &request(25, seed), &settings).horizon.calibrated;
        assert_eq!(few(7), few(7));
        assert_ne!(few(7), few(8), "another seed, other draws");
        let band = a.horizon.calibrated;
        assert!(band.p10 <= band.p50 && band.p50 <= band.p90, "{band:?}");
        // The learned 60 % comes from 100 results in one month: with Jeffreys' half win and half
        // loss it is off by √((40.5/101) / (100 × 60.5/101)) = √(40.5/6050) in its logarithm.
        let level = (40.5f64 / 6_050.0).sqrt();
        assert!((a.calibration.level_spread - level).abs() < 1e-12, "{}", a.calibration.level_spread);
        // Binomial(400, 0.6) × ¥1,000: mean ¥240,000, sd ¥9,798; the level's doubt adds
        // ¥240,000 × 0.0818 of spread; P10/P90 at ∓1.2816 sd of the (nearly normal) sum.
        let sd = ((400.0f64 * 0.6 * 0.4) * 1e6 + (240_000.0 * level).powi(2)).sqrt();
        let near = |value: Cny, target: f64| (value.yuan() - target).abs() < 0.15 * sd + 1_000.0;
        assert_eq!(band.expected, Cny::from_yuan(240_000));
        assert!(near(band.p50, 240_000.0), "{band:?}");
        assert!(near(band.p10, 240_000.0 - 1.2816 * sd) && near(band.p90, 240_000.0 + 1.2816 * sd), "{band:?}");
    }

    /// Poisson by Knuth's product of uniforms (fine for the small daily rates here).
    fn poisson(rng: &mut Rng, mean: f64) -> u32 {
        let (limit, mut product, mut count) = ((-mean).exp(), rng.unit(), 0);
        while product > limit {
            product *= rng.unit();
            count += 1;
        }
        count
    }

    /// A workspace from a known process, from `start` to `end`: new deals arrive at `per_day` a
    /// day, each calendar month's flow scaled by its own log-normal factor (spread `flow`, mean
    /// 1); a deal enters development when created and has its result 10–60 days later, won with
    /// 40 % × its result month's own log-normal level (spread `monthly`); values ¥1,000–¥5,000.
    fn known_process(seed: u64, start: Date, end: Date, per_day: f64, monthly: f64, flow: f64) -> Vec<Deal> {
        let mut rng = Rng::new(seed);
        let mut normals = Normals::default();
        let first = start.month_of();
        let factors: Vec<(f64, f64)> = (0..=end.add_days(60).month_of().since(first))
            .map(|_| {
                let flow = log_multiplier(flow, normals.next(&mut rng)).exp();
                (flow, log_multiplier(monthly, normals.next(&mut rng)).exp())
            })
            .collect();
        let factor = |day: Date| factors[day.month_of().since(first) as usize];
        let mut deals = Vec::new();
        let mut day = start;
        while day <= end {
            for _ in 0..poisson(&mut rng, per_day * factor(day).0) {
                let closed = day.add_days(rng.range_u32(10, 60) as i32);
                let won = rng.chance(0.4 * factor(closed).1);
                deals.push(Deal {
                    value: Cny::from_yuan(i64::from(rng.range_u32(1_000, 5_000))),
                    created: Some(day),
                    entered: [None, None, Some(day), None],
                    stage: if won { FunnelStage::Won } else { FunnelStage::Lost },
                    closed: Some(closed),
                    ..Deal::default()
                });
            }
            day = day.add_days(1);
        }
        deals
    }

    /// The 90-day forecast after `months` months of the known process (monthly and flow spreads
    /// as given), and what was won.
    fn known_process_trial(seed: u64, months: i32, spreads: (f64, f64), draws: u32) -> (Band, Cny) {
        let start = d("2023-01-01");
        let cutoff = (start.month_of() + months).first_day().add_days(-1);
        let end = cutoff.add_days(90);
        let deals = known_process(seed, start, end, 8.0, spreads.0, spreads.1);
        let request = ForecastRequest { cutoff, horizon_days: 90, draws, seed, group_by: None, undated_known: false };
        let band = forecast(&deals, &request, &ForecastSettings::default()).horizon.calibrated;
        let won = deals
            .iter()
            .filter(|d| d.stage == FunnelStage::Won && d.closed.is_some_and(|c| cutoff < c && c <= end))
            .map(|d| d.value)
            .sum();
        (band, won)
    }

    #[test]
    fn the_band_covers_four_in_five_outcomes_of_a_known_process() {
        // Each seed is another world drawn from the same process: its own months' flows and win
        // levels, deals and results. An 80 % band should hold the actual in about 80 % of them;
        // with 150 worlds the share is within ±3.3 points of the truth one time in three.
        let worlds = 150;
        let inside = (0..worlds)
            .filter(|&seed| {
                let (band, won) = known_process_trial(seed, 9, (0.2, 0.15), 400);
                band.p10 <= won && won <= band.p90
            })
            .count();
        let coverage = inside as f64 / worlds as f64;
        assert!((0.72..=0.88).contains(&coverage), "P10–P90 held {inside} of {worlds}");
    }

    #[test]
    fn less_history_gives_a_wider_band() {
        // Two months of history (the win rate from few results, no monthly spread or flow
        // spread learned yet) against a year, in the same worlds, relative to the expectation.
        // The worlds vary as much as the settings' defaults assume, so only the depth of history
        // differs.
        let defaults = ForecastSettings::default();
        let spreads = (defaults.default_monthly_spread, defaults.default_flow_spread);
        let width = |months| {
            (0..8)
                .map(|seed| {
                    let (band, _) = known_process_trial(seed, months, spreads, 1_000);
                    (band.p90.yuan() - band.p10.yuan()) / band.expected.yuan()
                })
                .sum::<f64>()
                / 8.0
        };
        let (short, long) = (width(2), width(12));
        assert!(short > 1.15 * long, "relative P10–P90 width: 2 months {short:.3}, 12 months {long:.3}");
    }

    #[test]
    fn deals_simulated_as_a_normal_sum_keep_the_distribution() {
        let deals = book(400, 1_000, "2024-06-20", 60);
        let exact = forecast(&deals, &request(4_000, 3), &learned_only());
        let smooth = forecast(&deals, &request(4_000, 3), &ForecastSettings { exact_deals: 10, ..learned_only() });
        assert_eq!(smooth.simulated_one_by_one, 10);
        let (a, b) = (exact.horizon.calibrated, smooth.horizon.calibrated);
        for (x, y) in [(a.p10, b.p10), (a.p50, b.p50), (a.p90, b.p90)] {
            assert!((x.yuan() - y.yuan()).abs() < 2_500.0, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn a_lumpy_deal_is_drawn_on_its_own() {
        // 100 deals of ¥1,000 and one of ¥1,000,000, each won with 0.6: the big one decides.
        let mut deals = book(101, 1_000, "2024-06-20", 60);
        deals[200].value = Cny::from_yuan(1_000_000);
        let settings = ForecastSettings { lumpy_share: 0.25, ..learned_only() };
        let f = forecast(&deals, &request(2_000, 5), &settings);
        assert_eq!(f.simulated_one_by_one, 1);
        let band = f.horizon.calibrated;
        assert_eq!(band.expected, Cny::from_yuan(660_000));
        assert!(band.p10 < Cny::from_yuan(100_000) && band.p50 > Cny::from_yuan(1_000_000), "{band:?}");
    }

    #[test]
    fn groups_split_the_total() {
        let deals = book(40, 1_000, "2024-06-20", 60);
        let f =
            forecast(&deals, &ForecastRequest { group_by: Some(Dimension::Owner), ..request(500, 2) }, &learned_only());
        let keys: Vec<u64> = f.groups.iter().map(|g| g.key).collect();
        assert_eq!(keys, [0, 1, 2], "owner 0 holds the closed history");
        let expected: Vec<Cny> = f.groups.iter().map(|g| g.horizon.calibrated.expected).collect();
        assert_eq!(expected, [Cny::ZERO, Cny::from_yuan(12_000), Cny::from_yuan(12_000)]);
        for group in &f.groups {
            let band = group.horizon.calibrated;
            assert!(band.p10 <= band.p50 && band.p50 <= band.p90);
            assert_eq!(group.periods.len(), f.periods.len());
        }
    }

    #[test]
    fn old_deals_and_omitted_deals_count_less() {
        // Open 30 days: older than every past result (20 days), so history gives nothing.
        let deals = book(10, 1_000, "2024-05-31", 60);
        let f = forecast(&deals, &request(0, 1), &learned_only());
        assert_eq!(f.horizon.calibrated.expected, Cny::ZERO);
        let mut omitted = book(10, 1_000, "2024-06-20", 60);
        omitted.iter_mut().for_each(|d| d.omitted = true);
        assert_eq!(forecast(&omitted, &request(0, 1), &learned_only()).open_deals, 0);
    }

    #[test]
    fn configured_chances_go_to_the_expected_close_month() {
        let mut deals = book(2, 1_000, "2024-06-20", 60);
        deals[100].expected_close = Some(d("2024-08-15"));
        deals[101].expected_close = Some(d("2025-01-15"));
        let settings = ForecastSettings { prior_deals: 1_000_000, ..learned_only() };
        let f = forecast(&deals, &request(0, 1), &settings);
        let baseline: Vec<Cny> = f.periods.iter().map(|p| p.baseline).collect();
        assert_eq!(baseline, [Cny::ZERO, Cny::from_yuan(500), Cny::ZERO, Cny::from_yuan(500)]);
        assert!((f.horizon.calibrated.expected.yuan() - 500.0).abs() < 1.0, "almost only the configured chance");
    }
}
