//! What the workspace's own history says about its funnel, as known on a cutoff day: per open
//! stage, how likely and how soon a deal entering it is won ([`TimeToResult`] from the day it
//! entered the stage), the same from a deal's first day (for deals not created yet), how many
//! new deals arrive and what a won one is worth, and how much the win rate and the flow of new
//! deals move from month to month. History too thin to trust is blended with the configured stage
//! percentages. Every learned number is an estimate from finite history, so the calibration also
//! says how far off it may be ([`Calibration::level_spread`], [`Calibration::run_rate_spread`]):
//! the forecast's band carries that doubt, not only the luck of single deals.

use super::deal::{Deal, DealKeys, StateAsOf};
use super::stage::{rank, OPEN_STAGES};
use super::survival::{Exit, Leave, Sojourn, SojournCounts, TimeToResult};
use crate::domain::date::{Date, Month};
use crate::domain::model::FunnelStage;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The forecast's settings. Every number is a default the user may change, or a rule for
/// learning from the workspace's data; none is fitted to one data set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForecastSettings {
    /// Configured chance of winning a deal in each open stage, in percent, by funnel order: the
    /// weighted pipeline peers use, and the prior where history is thin.
    pub stage_percent: [u8; 4],
    /// How many closed deals the configured percentages weigh as: with `n` closed deals from a
    /// stage, history gets `n / (n + prior_deals)` of the weight.
    pub prior_deals: u32,
    /// Days before the cutoff whose new deals set the expected run-rate of new deals.
    pub run_rate_days: u32,
    /// Monthly win rates are learned from months with at least this many results.
    pub min_month_results: u32,
    /// How much a month's win rate varies (standard deviation of its logarithm) until at least
    /// three months of results say otherwise.
    pub default_monthly_spread: f64,
    /// How much a month's count of new deals varies beyond chance (standard deviation of its
    /// logarithm) until at least four months of new deals say otherwise.
    pub default_flow_spread: f64,
    /// The Monte Carlo draws an open deal one by one when its value exceeds this share of the
    /// standard deviation of its group's total (so a win of it visibly moves the total); the
    /// rest, each small beside the spread, enter as a normal sum with their exact mean and
    /// variance per month and group.
    pub lumpy_share: f64,
    /// At most this many lumpy deals are drawn one by one (the lumpiest), bounding the time.
    pub exact_deals: u32,
}

impl Default for ForecastSettings {
    fn default() -> ForecastSettings {
        ForecastSettings {
            stage_percent: [10, 25, 50, 75],
            prior_deals: 30,
            run_rate_days: 91,
            min_month_results: 20,
            default_monthly_spread: 0.15,
            default_flow_spread: 0.15,
            lumpy_share: 0.25,
            exact_deals: 2_000,
        }
    }
}

/// One open stage's history.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageCalibration {
    pub stage: FunnelStage,
    /// The configured chance, 0–1.
    pub configured: f64,
    /// Deals that entered the stage on a known day and have a result by the cutoff.
    pub results: usize,
    pub wins: usize,
    /// The weight history gets against the configured chance, 0–1: how thin history is.
    pub history_weight: f64,
    /// The chance a deal entering the stage is ever won, as history says (`None` without results).
    pub learned_win_rate: Option<f64>,
    /// The blend of learned and configured chance for a deal entering the stage.
    pub blended_win_rate: f64,
    /// From entering the stage, by any path.
    pub curve: TimeToResult,
    /// How deals left the stage: a deal still in it is judged by this (and the curves of the
    /// stages it may move to), not by `curve` of every unresolved deal.
    pub sojourn: Sojourn,
}

/// Everything learned on the cutoff.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    pub cutoff: Date,
    pub stages: Vec<StageCalibration>,
    /// From a deal's first day: how new deals convert.
    pub from_creation: TimeToResult,
    /// New deals per day over the run-rate window.
    pub new_deals_per_day: f64,
    /// Mean and mean square of a won deal's value in fen (recent wins; every win when none is
    /// recent), overall and per group key of the dimension asked for.
    pub won_value: ValueMoments,
    pub by_group: HashMap<u64, GroupRate>,
    /// Standard deviation of the logarithm of a month's win rate, beyond chance.
    pub monthly_spread: f64,
    /// Months the spread was learned from (0: the setting's default).
    pub spread_months: usize,
    /// Standard deviation of the logarithm of the error of the learned win-rate level: the
    /// monthly spread over the months results came from, plus the binomial error of a rate
    /// learned from that many results (the configured prior counting as its `prior_deals`).
    pub level_spread: f64,
    /// Standard deviation of the logarithm of a month's count of new deals, beyond chance.
    pub flow_spread: f64,
    /// Months the flow spread was learned from (0: the setting's default).
    pub flow_months: usize,
    /// Standard deviation of the logarithm of the error of the run-rate: the window's months
    /// vary by the flow spread, and its count is itself a Poisson draw.
    pub run_rate_spread: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ValueMoments {
    pub count: usize,
    pub mean: f64,
    pub mean_square: f64,
}

impl ValueMoments {
    fn add(&mut self, fen: f64) {
        let n = self.count as f64;
        self.mean = (self.mean * n + fen) / (n + 1.0);
        self.mean_square = (self.mean_square * n + fen * fen) / (n + 1.0);
        self.count += 1;
    }
}

/// A group's share of new deals and its won values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GroupRate {
    pub new_deals_per_day: f64,
    pub won_value: ValueMoments,
}

/// Learns from `deals` as known at the end of `cutoff`; groups by `group` when given (a function
/// of the deal's keys, so the forecast's breakdown gets its own run-rates).
pub fn calibrate(
    deals: &[Deal],
    cutoff: Date,
    undated_known: bool,
    settings: &ForecastSettings,
    group: Option<&dyn Fn(&DealKeys) -> u64>,
) -> Calibration {
    let mut stage_exits: [Vec<(u32, Exit)>; 4] = Default::default();
    let mut stays: [SojournCounts; 4] = Default::default();
    let mut creation_exits = Vec::new();
    let window_start = cutoff.add_days(-(settings.run_rate_days.max(1) as i32));
    let mut new_deals = 0usize;
    let (mut recent_won, mut all_won) = (ValueMoments::default(), ValueMoments::default());
    let mut groups: HashMap<u64, (usize, ValueMoments, ValueMoments)> = HashMap::new();
    let mut months: HashMap<Month, (u32, u32)> = HashMap::new();
    // New deals by days before the cutoff (months are told once per day afterwards: this loop
    // is per deal and hot).
    let mut created_days: Vec<u32> = Vec::new();
    for deal in deals {
        let Some(state) = deal.as_of(cutoff, undated_known) else { continue };
        let (exit, result_day) = match state {
            StateAsOf::Won(day) => (Exit::Won, day),
            StateAsOf::Lost(day) => (Exit::Lost, day),
            StateAsOf::Open { .. } => (Exit::Open, Some(cutoff)),
        };
        let age_from = |start: Date| result_day.map(|end| end.days_since(start)).filter(|&a| a >= 0).map(|a| a as u32);
        for (i, entered) in deal.entered.iter().enumerate() {
            let Some(entered) = entered.filter(|&e| e <= cutoff) else { continue };
            if let Some(age) = age_from(entered) {
                stage_exits[i].push((age, exit));
            }
            if let Some((age, leave)) = stay_in(deal, i, entered, exit, result_day, cutoff) {
                stays[i].add(age, leave);
            }
        }
        if let Some(age) = deal.created.and_then(age_from) {
            creation_exits.push((age, exit));
        }
        let key = group.map(|g| g(&deal.keys));
        let recent_creation = deal.created.is_some_and(|c| c > window_start);
        if let Some(created) = deal.created {
            let back = cutoff.days_since(created).max(0) as usize;
            if created_days.len() <= back {
                created_days.resize(back + 1, 0);
            }
            created_days[back] += 1;
        }
        if recent_creation {
            new_deals += 1;
        }
        if exit == Exit::Won {
            let fen = deal.value.fen() as f64;
            all_won.add(fen);
            let recent = result_day.is_some_and(|d| d > window_start);
            if recent {
                recent_won.add(fen);
            }
            if let Some(key) = key {
                let entry = groups.entry(key).or_default();
                entry.2.add(fen);
                if recent {
                    entry.1.add(fen);
                }
            }
        }
        if let (Some(key), true) = (key, recent_creation) {
            groups.entry(key).or_default().0 += 1;
        }
        if let (Exit::Won | Exit::Lost, Some(day)) = (exit, result_day) {
            let month = months.entry(day.month_of()).or_default();
            month.0 += 1;
            month.1 += u32::from(exit == Exit::Won);
        }
    }
    let days = f64::from(settings.run_rate_days.max(1));
    let won_value = if recent_won.count > 0 { recent_won } else { all_won };
    let by_group = groups
        .into_iter()
        .map(|(key, (created, recent, all))| {
            let moments = [recent, all].into_iter().find(|m| m.count > 0).unwrap_or(won_value);
            (key, GroupRate { new_deals_per_day: created as f64 / days, won_value: moments })
        })
        .collect();
    let (monthly_spread, spread_months) =
        monthly_spread(&months, cutoff, settings).unwrap_or((settings.default_monthly_spread, 0));
    let mut created_months: Vec<u32> = Vec::new();
    for (back, &count) in created_days.iter().enumerate().filter(|(_, &c)| c > 0) {
        let month = cutoff.month_of().since(cutoff.add_days(-(back as i32)).month_of()) as usize;
        if created_months.len() <= month {
            created_months.resize(month + 1, 0);
        }
        created_months[month] += count;
    }
    let (flow_spread, flow_months) = flow_spread(&created_months).unwrap_or((settings.default_flow_spread, 0));
    let level_spread = level_spread(&months, monthly_spread, settings);
    // The run-rate is the mean of the window's months: its error is a month's spread over their
    // number, plus the Poisson error of the count (half a deal keeps an empty window finite).
    let window_months = (days / 30.4375).max(1.0);
    let run_rate_spread = (flow_spread * flow_spread / window_months + 1.0 / (new_deals as f64).max(0.5)).sqrt();
    Calibration {
        cutoff,
        stages: OPEN_STAGES
            .iter()
            .zip(stage_exits)
            .zip(stays)
            .map(|((&stage, exits), stays)| {
                let mut s = stage_calibration(stage, TimeToResult::estimate(exits), settings);
                s.sojourn = stays.estimate();
                s
            })
            .collect(),
        from_creation: TimeToResult::estimate(creation_exits),
        new_deals_per_day: new_deals as f64 / days,
        won_value,
        by_group,
        monthly_spread,
        spread_months,
        level_spread,
        flow_spread,
        flow_months,
        run_rate_spread,
    }
}

/// How far the learned win-rate level may be from the coming months' level (standard deviation
/// of its logarithm). A level learned from `M` months whose rates scatter by `σ` is off by
/// `σ / √M` (the standard error of a mean), and a rate `p` from `n` results is off by the
/// binomial `√((1 − p) / (n p))`; the configured percentages weigh as `prior_deals` results, as in
/// the blend, so a workspace without history is not taken as certain either.
fn level_spread(months: &HashMap<Month, (u32, u32)>, monthly_spread: f64, settings: &ForecastSettings) -> f64 {
    let (results, wins) = months.values().fold((0u32, 0u32), |(r, w), &(mr, mw)| (r + mr, w + mw));
    let with_results = months.values().filter(|m| m.0 > 0).count().max(1) as f64;
    let n = f64::from(results) + f64::from(settings.prior_deals);
    // Jeffreys' half a win and half a loss keep the rate inside (0, 1).
    let rate = (f64::from(wins) + 0.5) / (f64::from(results) + 1.0);
    let binomial = (1.0 - rate) / (n.max(1.0) * rate);
    (monthly_spread * monthly_spread / with_results + binomial).sqrt()
}

/// The spread of monthly counts of new deals beyond Poisson chance, from `created[k]`, the count
/// `k` months before the cutoff's month. Only complete months count (the first month with new
/// deals may have started mid-month; the cutoff's month is not over). It is
/// read from the changes between consecutive months around their mean change, so a workspace
/// that grows steadily is not taken as erratic: for independent monthly deviations `σ` a change
/// varies by `2σ²`, and chance adds `1/a + 1/b` to the change of logarithms of counts `a`, `b`.
/// `None` with fewer than three changes.
fn flow_spread(created: &[u32]) -> Option<(f64, usize)> {
    let first = created.iter().rposition(|&c| c > 0)?;
    // Oldest first; half a deal keeps an empty month finite.
    let counts: Vec<f64> = (1..first).rev().map(|k| f64::from(created[k]).max(0.5)).collect();
    let changes: Vec<(f64, f64)> = counts.windows(2).map(|w| ((w[1] / w[0]).ln(), 1.0 / w[0] + 1.0 / w[1])).collect();
    if changes.len() < 3 {
        return None;
    }
    let n = changes.len() as f64;
    let mean = changes.iter().map(|c| c.0).sum::<f64>() / n;
    let observed = changes.iter().map(|c| (c.0 - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let chance = changes.iter().map(|c| c.1).sum::<f64>() / n;
    Some((((observed - chance) / 2.0).max(0.0).sqrt(), counts.len()))
}

/// How long the deal stayed in the open stage of `rank` it entered on `entered`, and how it left
/// (the next dated step: another stage, or the result), as known at the cutoff; `None` when its
/// dates contradict each other (a result before the entry).
fn stay_in(
    deal: &Deal,
    rank: usize,
    entered: Date,
    exit: Exit,
    result_day: Option<Date>,
    cutoff: Date,
) -> Option<(u32, Option<Leave>)> {
    // The result, unless a stage entry comes first, on the same day too: a later stage entered
    // the same day comes next, an earlier one came before (a plain loop: it runs per deal and
    // stage).
    let mut next = match (exit, result_day) {
        (Exit::Won, Some(day)) => Some((day, Leave::Won)),
        (Exit::Lost, Some(day)) => Some((day, Leave::Lost)),
        _ => None,
    };
    for (j, e) in deal.entered.iter().enumerate() {
        let Some(e) = *e else { continue };
        let after = e > entered || (e == entered && j > rank);
        // Of same-day entries the lowest rank comes first (the deal passed through it).
        let sooner = next.is_none_or(|(day, leave)| e < day || (e == day && !matches!(leave, Leave::To(_))));
        if j != rank && e <= cutoff && after && sooner {
            next = Some((e, Leave::To(j)));
        }
    }
    match next {
        Some((day, leave)) => (day >= entered).then(|| (day.days_since(entered) as u32, Some(leave))),
        None => Some((cutoff.days_since(entered).max(0) as u32, None)),
    }
}

fn stage_calibration(stage: FunnelStage, curve: TimeToResult, settings: &ForecastSettings) -> StageCalibration {
    let configured = f64::from(settings.stage_percent[rank(stage)].min(100)) / 100.0;
    let results = curve.results as f64;
    let history_weight = results / (results + f64::from(settings.prior_deals)).max(1.0);
    let learned = (curve.results > 0).then(|| curve.won_by(i64::MAX / 4));
    StageCalibration {
        stage,
        configured,
        results: curve.results,
        wins: curve.wins,
        history_weight,
        learned_win_rate: learned,
        blended_win_rate: history_weight * learned.unwrap_or(0.0) + (1.0 - history_weight) * configured,
        curve,
        sojourn: Sojourn::default(),
    }
}

/// The spread of monthly win rates beyond what their sizes explain, from complete months before
/// the cutoff's month with enough results; `None` with fewer than three such months.
fn monthly_spread(
    months: &HashMap<Month, (u32, u32)>,
    cutoff: Date,
    settings: &ForecastSettings,
) -> Option<(f64, usize)> {
    let logs: Vec<(f64, f64)> = months
        .iter()
        .filter(|(&month, &(results, _))| month < cutoff.month_of() && results >= settings.min_month_results.max(1))
        .map(|(_, &(results, wins))| {
            let n = f64::from(results);
            // Half a win keeps a month without wins finite.
            let rate = f64::from(wins).max(0.5) / n;
            (rate.ln(), (1.0 - rate) / (n * rate))
        })
        .collect();
    if logs.len() < 3 {
        return None;
    }
    let n = logs.len() as f64;
    let mean = logs.iter().map(|l| l.0).sum::<f64>() / n;
    let observed = logs.iter().map(|l| (l.0 - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let chance = logs.iter().map(|l| l.1).sum::<f64>() / n;
    Some(((observed - chance).max(0.0).sqrt(), logs.len()))
}

impl Calibration {
    pub fn stage(&self, stage: FunnelStage) -> Option<&StageCalibration> {
        self.stages.get(rank(stage))
    }

    /// The chance an open deal in `stage` since `since` (as of the cutoff) is ever won: learned
    /// (deals that stayed longer than any past deal get nothing) blended with the configured
    /// percentage.
    pub fn win_chance(&self, stage: FunnelStage, since: Option<Date>) -> f64 {
        let Some(s) = self.stage(stage) else { return 0.0 };
        match since {
            Some(since) => {
                let age = i64::from(self.cutoff.days_since(since).max(0));
                let ever = self.won_within(stage, age, &[i64::MAX / 4])[0];
                s.history_weight * ever + (1.0 - s.history_weight) * s.configured
            }
            None => s.configured,
        }
    }

    /// As history says (no blend): the chance that a deal in `stage` for `age` days, still
    /// there, is won within each of `days` days from now. It leaves the stage as past deals that
    /// stayed as long left it; won straight away, or on into another stage, whose deals are won
    /// as that stage's curve from entry says. Beyond the longest stay seen there is no chance.
    pub fn won_within(&self, stage: FunnelStage, age: i64, days: &[i64]) -> Vec<f64> {
        let Some(s) = self.stage(stage) else { return vec![0.0; days.len()] };
        let still = s.sojourn.stay(age);
        if still <= 0.0 {
            return vec![0.0; days.len()];
        }
        let (here, last) = (rank(stage), s.sojourn.max_age() as i64);
        days.iter()
            .map(|&x| {
                let end = age.saturating_add(x.max(0));
                let mut won = s.sojourn.left_by(end, Leave::Won) - s.sojourn.left_by(age, Leave::Won);
                for (to, next) in self.stages.iter().enumerate().filter(|&(to, _)| to != here) {
                    let mut before = s.sojourn.left_by(age, Leave::To(to));
                    for t in age + 1..=end.min(last) {
                        let by = s.sojourn.left_by(t, Leave::To(to));
                        if by > before {
                            won += (by - before) * next.curve.won_by(end - t);
                        }
                        before = by;
                    }
                }
                (won / still).clamp(0.0, 1.0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Cny;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// A deal in development since `entered`, won or lost on `closed` (open when `None`).
    fn developed(entered: &str, closed: Option<&str>, won: bool) -> Deal {
        let entered = d(entered);
        Deal {
            value: Cny::from_yuan(1_000),
            created: Some(entered),
            entered: [None, None, Some(entered), None],
            stage: match closed {
                None => FunnelStage::Develop,
                Some(_) if won => FunnelStage::Won,
                Some(_) => FunnelStage::Lost,
            },
            closed: closed.map(d),
            ..Deal::default()
        }
    }

    #[test]
    fn history_is_blended_with_the_configured_chance_by_its_depth() {
        let settings = ForecastSettings { prior_deals: 10, ..ForecastSettings::default() };
        // 10 results from development: 8 won after 20 days, 2 lost after 20 days.
        let mut deals: Vec<Deal> = (0..8).map(|_| developed("2024-01-01", Some("2024-01-21"), true)).collect();
        deals.extend((0..2).map(|_| developed("2024-01-01", Some("2024-01-21"), false)));
        let cal = calibrate(&deals, d("2024-03-01"), false, &settings, None);
        let develop = cal.stage(FunnelStage::Develop).unwrap();
        assert_eq!((develop.results, develop.wins), (10, 8));
        assert!((develop.history_weight - 0.5).abs() < 1e-12);
        assert_eq!(develop.learned_win_rate, Some(0.8));
        assert!((develop.blended_win_rate - (0.5 * 0.8 + 0.5 * 0.5)).abs() < 1e-12);
        let qualify = cal.stage(FunnelStage::Qualify).unwrap();
        assert_eq!((qualify.results, qualify.history_weight, qualify.blended_win_rate), (0, 0.0, 0.25));
        // A deal 10 days into development still has the learned 0.8 ahead; one older than every
        // past result (30 days) has only the configured half of the blend.
        assert!((cal.win_chance(FunnelStage::Develop, Some(d("2024-02-20"))) - 0.65).abs() < 1e-12);
        assert!((cal.win_chance(FunnelStage::Develop, Some(d("2024-01-31"))) - 0.25).abs() < 1e-12);
        assert_eq!(cal.win_chance(FunnelStage::Develop, None), 0.5);
    }

    #[test]
    fn a_deal_still_in_its_stage_is_judged_by_deals_that_stayed_as_long() {
        // Four deals entered 鉴别商机 on 1 Jan: two moved on to development on day 10 and were
        // won on day 20, two stayed and were lost on day 20.
        let start = d("2024-01-01");
        let deal = |won: bool| Deal {
            value: Cny::from_yuan(1_000),
            created: Some(start),
            entered: [Some(start), None, won.then(|| start.add_days(10)), None],
            stage: if won { FunnelStage::Won } else { FunnelStage::Lost },
            closed: Some(start.add_days(20)),
            ..Deal::default()
        };
        let deals = [deal(true), deal(true), deal(false), deal(false)];
        let cal = calibrate(&deals, d("2024-03-01"), false, &ForecastSettings::default(), None);
        let identify = FunnelStage::Identify;
        // From entry, half of them were won on day 20, so every unresolved deal of 15 days looks
        // even; but none that was still in the stage after day 10 was won.
        assert_eq!(cal.stage(identify).unwrap().curve.won_between(15, 0, 90), 0.5);
        assert_eq!(cal.won_within(identify, 15, &[90]), [0.0]);
        // Five days in, half move on at day 10 and are won 10 days later: not within 10 days
        // from now, all of it within 15.
        assert_eq!(cal.won_within(identify, 5, &[10, 15, 90]), [0.0, 0.5, 0.5]);
        // Blended: 4 results against a prior of 30 at the configured 10 %.
        assert!((cal.win_chance(identify, Some(d("2024-02-25"))) - (4.0 * 0.5 + 30.0 * 0.1) / 34.0).abs() < 1e-12);
        assert_eq!(cal.won_within(FunnelStage::Develop, 0, &[9, 10]), [0.0, 1.0]);
    }

    #[test]
    fn how_a_stage_was_left() {
        let (start, cutoff) = (d("2024-01-01"), d("2024-03-01"));
        let day = |n: i32| Some(start.add_days(n));
        let deal = |entered: [Option<Date>; 4], stage, closed: Option<Date>| Deal {
            entered,
            stage,
            closed,
            created: Some(start),
            ..Deal::default()
        };
        use FunnelStage::{Develop, Lost, Won};
        let stay = |deal: &Deal, rank: usize| {
            let (exit, result) = match deal.as_of(cutoff, false) {
                Some(StateAsOf::Won(day)) => (Exit::Won, day),
                Some(StateAsOf::Lost(day)) => (Exit::Lost, day),
                _ => (Exit::Open, None),
            };
            stay_in(deal, rank, deal.entered[rank].unwrap(), exit, result, cutoff)
        };
        // Through 资质判定 to development on day 5: 鉴别商机 was left for 资质判定, which was
        // left the same day.
        let skipped = deal([day(0), day(5), day(5), None], Won, day(30));
        assert_eq!(stay(&skipped, 0), Some((5, Some(Leave::To(1)))));
        assert_eq!(stay(&skipped, 1), Some((0, Some(Leave::To(2)))));
        assert_eq!(stay(&skipped, 2), Some((25, Some(Leave::Won))));
        // Won the day it entered a stage: the stage came first.
        let same_day = deal([day(0), None, day(9), None], Won, day(9));
        assert_eq!(stay(&same_day, 0), Some((9, Some(Leave::To(2)))));
        assert_eq!(stay(&same_day, 2), Some((0, Some(Leave::Won))));
        // Back from development to 资质判定 on day 20, still there at the cutoff (day 60).
        let back = deal([day(0), day(20), day(10), None], Develop, None);
        assert_eq!(stay(&back, 2), Some((10, Some(Leave::To(1)))));
        assert_eq!(stay(&back, 1), Some((40, None)));
        // Lost after the cutoff: still in the stage as far as is known.
        let later = deal([day(0), None, None, None], Lost, day(90));
        assert_eq!(stay(&later, 0), Some((60, None)));
        // A result dated before the entry says nothing.
        let muddled = deal([day(10), None, None, None], Lost, day(5));
        assert_eq!(stay_in(&muddled, 0, start.add_days(10), Exit::Lost, day(5), cutoff), None);
    }

    #[test]
    fn only_what_was_known_at_the_cutoff_is_learned() {
        let deals = [
            developed("2024-01-01", Some("2024-01-21"), true),
            developed("2024-01-01", Some("2024-03-21"), false),
            developed("2024-04-01", None, false),
        ];
        let cal = calibrate(&deals, d("2024-02-01"), false, &ForecastSettings::default(), None);
        let develop = cal.stage(FunnelStage::Develop).unwrap();
        assert_eq!((develop.results, develop.wins, develop.curve.deals), (1, 1, 2), "the later loss is still open");
        assert_eq!(cal.from_creation.deals, 2, "the April deal is not known yet");
    }

    #[test]
    fn run_rate_and_won_values() {
        let settings = ForecastSettings { run_rate_days: 10, ..ForecastSettings::default() };
        let mut deals = vec![
            developed("2024-02-25", None, false),
            developed("2024-02-28", Some("2024-02-29"), true),
            developed("2024-01-01", Some("2024-01-05"), true),
        ];
        deals[1].value = Cny::from_yuan(3_000);
        deals[0].keys.owner = 7;
        deals[1].keys.owner = 8;
        let group = |k: &DealKeys| k.owner;
        let cal = calibrate(&deals, d("2024-03-01"), false, &settings, Some(&group));
        assert!((cal.new_deals_per_day - 0.2).abs() < 1e-12, "2 deals in 10 days");
        assert_eq!(cal.won_value, ValueMoments { count: 1, mean: 300_000.0, mean_square: 9e10 });
        assert!((cal.by_group[&7].new_deals_per_day - 0.1).abs() < 1e-12);
        assert_eq!(cal.by_group[&7].won_value.mean, 300_000.0, "a group without wins takes the overall value");
        assert_eq!(cal.by_group[&8].won_value.count, 1);
    }

    #[test]
    fn the_learned_level_is_as_uncertain_as_its_months_and_results() {
        let settings = ForecastSettings { prior_deals: 30, ..ForecastSettings::default() };
        let months: HashMap<Month, (u32, u32)> =
            [(Month::new(2024, 1), (100, 60)), (Month::new(2024, 2), (50, 20))].into();
        // 150 results, 80 wins: rate 80.5/151; with the prior, n = 180; over 2 months.
        let binomial: f64 = (70.5 / 151.0) / (180.0 * 80.5 / 151.0);
        assert!((level_spread(&months, 0.2, &settings) - (0.04 / 2.0 + binomial).sqrt()).abs() < 1e-12);
        // Without history the configured percentages are a guess worth 30 results at even odds.
        let none = level_spread(&HashMap::new(), 0.15, &settings);
        assert!((none - (0.0225f64 + 1.0 / 30.0).sqrt()).abs() < 1e-12, "{none}");
        // Ten times the results and months: a third of the doubt, about.
        let deep: HashMap<Month, (u32, u32)> =
            (1..=20).map(|m| (Month::new(2023, 1) + m, (75, 40))).collect::<HashMap<_, _>>();
        assert!(level_spread(&deep, 0.2, &settings) < 0.4 * level_spread(&months, 0.2, &settings));
    }

    #[test]
    fn flow_spread_from_month_to_month_changes() {
        // Counts by months before the cutoff's month, which is not over (9 so far); the oldest
        // (5) may have started mid-month: the four months between count.
        let counts = [9, 110, 90, 120, 100, 5];
        let (spread, months) = flow_spread(&counts).unwrap();
        let changes = [1.2f64.ln(), 0.75f64.ln(), (110.0f64 / 90.0).ln()];
        let mean = changes.iter().sum::<f64>() / 3.0;
        let observed = changes.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / 2.0;
        let chance = (1.0 / 100.0 + 1.0 / 120.0 + 1.0 / 120.0 + 1.0 / 90.0 + 1.0 / 90.0 + 1.0 / 110.0) / 3.0;
        assert_eq!(months, 4);
        assert!((spread - ((observed - chance) / 2.0).sqrt()).abs() < 1e-12, "{spread}");
        assert_eq!(flow_spread(&counts[1..]), None, "two changes are too few");
        assert_eq!(flow_spread(&[4, 0, 0]), None, "no complete month");
        // Doubling every month is growth, not noise.
        let growing: Vec<u32> = (0..7).map(|k| 100 << (7 - k)).collect();
        assert_eq!(flow_spread(&growing), Some((0.0, 5)));
        // A month without new deals counts as half a deal: a collapse, not a gap.
        assert!(flow_spread(&[3, 100, 100, 0, 100, 100]).unwrap().0 > 2.0);
    }

    #[test]
    fn monthly_spread_needs_three_months_and_removes_chance() {
        let settings = ForecastSettings { min_month_results: 10, ..ForecastSettings::default() };
        let month = |y, m| Month::new(y, m);
        let same: HashMap<Month, (u32, u32)> =
            [(month(2024, 1), (100, 50)), (month(2024, 2), (100, 50)), (month(2024, 3), (100, 50))].into();
        assert_eq!(monthly_spread(&same, d("2024-04-15"), &settings), Some((0.0, 3)));
        assert_eq!(monthly_spread(&same, d("2024-03-15"), &settings), None, "March is not complete");
        let varied: HashMap<Month, (u32, u32)> = [
            (month(2024, 1), (1000, 800)),
            (month(2024, 2), (1000, 400)),
            (month(2024, 3), (1000, 600)),
            (month(2024, 4), (5, 5)),
        ]
        .into();
        let (spread, months) = monthly_spread(&varied, d("2024-05-01"), &settings).unwrap();
        let logs = [0.8f64.ln(), 0.4f64.ln(), 0.6f64.ln()];
        let mean = logs.iter().sum::<f64>() / 3.0;
        let observed = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / 2.0;
        let chance = (0.2 / 800.0 + 0.6 / 400.0 + 0.4 / 600.0) / 3.0;
        assert_eq!(months, 3, "April has too few results");
        assert!((spread - (observed - chance).sqrt()).abs() < 1e-12);
    }
}
