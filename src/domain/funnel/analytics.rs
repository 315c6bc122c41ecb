//! Stage conversion analytics: per open stage, how many deals entered it, moved on, were lost
//! in it or are still in it, the conversion and win rates, the days deals spend in it, and how
//! many open deals have stayed longer than nearly all past ones did (where deals stall).

use super::deal::{Deal, StateAsOf};
use super::stage::{rank, OPEN_STAGES};
use crate::domain::date::Date;
use crate::domain::model::FunnelStage;

/// When an open deal counts as stalled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StallRule {
    /// Stalled once in the stage longer than this share of past deals stayed (0–1).
    pub percentile: f64,
    /// Past deals that must have left the stage before anything is called stalled.
    pub min_exits: usize,
}

impl Default for StallRule {
    fn default() -> StallRule {
        StallRule { percentile: 0.9, min_exits: 10 }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageFlow {
    pub stage: FunnelStage,
    /// Deals that entered the stage by the cutoff (an undated deal counts where it is now).
    pub entered: usize,
    /// Left it for a later stage or won.
    pub advanced: usize,
    /// Lost while in it.
    pub lost: usize,
    /// Went back to an earlier stage.
    pub stepped_back: usize,
    /// In it at the cutoff.
    pub open: usize,
    /// advanced / (advanced + lost).
    pub conversion: Option<f64>,
    /// Of the deals that entered and have a result: the share won.
    pub win_rate: Option<f64>,
    /// Days in the stage of the deals that left it with both days known.
    pub median_days: Option<u32>,
    /// The days beyond which a deal in the stage is stalled (`None` with too few exits).
    pub stall_days: Option<u32>,
    pub stalled: usize,
}

/// The flow through every open stage as known at the end of `cutoff`.
pub fn stage_flow(deals: &[Deal], cutoff: Date, undated_known: bool, rule: StallRule) -> Vec<StageFlow> {
    let mut flows: Vec<StageFlow> =
        OPEN_STAGES.iter().map(|&stage| StageFlow { stage, ..StageFlow::default() }).collect();
    let mut days: Vec<Vec<u32>> = vec![Vec::new(); OPEN_STAGES.len()];
    let mut open_ages: Vec<Vec<u32>> = vec![Vec::new(); OPEN_STAGES.len()];
    let mut results: Vec<(usize, usize)> = vec![(0, 0); OPEN_STAGES.len()];
    for deal in deals {
        let Some(state) = deal.as_of(cutoff, undated_known) else { continue };
        let known = |d: Option<Date>| d.filter(|&d| d <= cutoff);
        let closed = match state {
            StateAsOf::Won(day) | StateAsOf::Lost(day) => day,
            StateAsOf::Open { .. } => None,
        };
        if let StateAsOf::Open { stage, since: None } = state {
            flows[rank(stage)].entered += 1;
            flows[rank(stage)].open += 1;
            continue;
        }
        for (r, entered) in deal.entered.iter().enumerate() {
            let Some(entered) = known(*entered) else { continue };
            let flow = &mut flows[r];
            flow.entered += 1;
            match state {
                StateAsOf::Won(_) => results[r].0 += 1,
                StateAsOf::Lost(_) => results[r].1 += 1,
                StateAsOf::Open { .. } => {}
            }
            let next_entry = deal
                .entered
                .iter()
                .enumerate()
                .filter_map(|(other, d)| known(*d).filter(|&d| other != r && d > entered).map(|d| (d, other)))
                .min();
            let next_close = closed.filter(|&d| d >= entered);
            let (left, how) = match (next_entry, next_close) {
                (Some((day, other)), close) if close.is_none_or(|c| day <= c) => (day, Some(other)),
                (_, Some(close)) => (close, None),
                _ => {
                    if matches!(state, StateAsOf::Open { since: Some(since), .. } if since == entered) {
                        flow.open += 1;
                        open_ages[r].push(cutoff.days_since(entered).max(0) as u32);
                    }
                    continue;
                }
            };
            match (how, state) {
                (Some(other), _) if other > r => flow.advanced += 1,
                (Some(_), _) => flow.stepped_back += 1,
                (None, StateAsOf::Won(_)) => flow.advanced += 1,
                (None, _) => flow.lost += 1,
            }
            days[r].push(left.days_since(entered).max(0) as u32);
        }
    }
    for (r, flow) in flows.iter_mut().enumerate() {
        let decided = flow.advanced + flow.lost;
        flow.conversion = (decided > 0).then(|| flow.advanced as f64 / decided as f64);
        let (won, lost) = results[r];
        flow.win_rate = (won + lost > 0).then(|| won as f64 / (won + lost) as f64);
        days[r].sort_unstable();
        flow.median_days = quantile(&days[r], 0.5);
        flow.stall_days =
            (days[r].len() >= rule.min_exits.max(1)).then(|| quantile(&days[r], rule.percentile)).flatten();
        flow.stalled = flow.stall_days.map_or(0, |limit| open_ages[r].iter().filter(|&&age| age > limit).count());
    }
    flows
}

/// Nearest-rank quantile of sorted values.
fn quantile(sorted: &[u32], q: f64) -> Option<u32> {
    let n = sorted.len();
    (n > 0).then(|| sorted[((q * n as f64).ceil() as usize).clamp(1, n) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Cny;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// A deal with the open stages entered on day offsets from 2024-01-01 (`None`: not entered),
    /// its final stage and the offset it closed on.
    fn deal(entered: [Option<i32>; 4], stage: FunnelStage, closed: Option<i32>) -> Deal {
        let day = |offset: i32| d("2024-01-01").add_days(offset);
        Deal {
            value: Cny::from_yuan(100),
            created: entered.iter().flatten().min().map(|&o| day(o)),
            entered: entered.map(|o| o.map(day)),
            stage,
            closed: closed.map(day),
            ..Deal::default()
        }
    }

    #[test]
    fn flow_counts_rates_and_days() {
        use FunnelStage as S;
        let deals = [
            deal([Some(0), Some(10), Some(30), Some(40)], S::Won, Some(60)),
            deal([Some(0), Some(20), None, None], S::Lost, Some(25)),
            deal([Some(0), None, None, None], S::Identify, None),
            deal([Some(0), Some(5), Some(15), None], S::Won, Some(45)),
            deal([Some(0), Some(40), Some(30), None], S::Qualify, None),
            Deal { stage: S::Propose, ..Deal::default() },
        ];
        let flows = stage_flow(&deals, d("2024-12-31"), true, StallRule { percentile: 0.9, min_exits: 2 });
        let summary: Vec<_> =
            flows.iter().map(|f| (f.stage, f.entered, f.advanced, f.lost, f.stepped_back, f.open)).collect();
        assert_eq!(
            summary,
            [
                (S::Identify, 5, 4, 0, 0, 1),
                (S::Qualify, 4, 2, 1, 0, 1),
                (S::Develop, 3, 2, 0, 1, 0),
                (S::Propose, 2, 1, 0, 0, 1),
            ]
        );
        let identify = &flows[0];
        assert_eq!(identify.conversion, Some(1.0));
        assert_eq!(identify.win_rate, Some(2.0 / 3.0));
        // Days in identify of those who left: 10, 20, 5, 30 → median 10 (nearest rank), P90 30.
        assert_eq!((identify.median_days, identify.stall_days), (Some(10), Some(30)));
        assert_eq!(identify.stalled, 1, "the deal in identify since day 0");
        let qualify = &flows[1];
        assert_eq!(qualify.conversion, Some(2.0 / 3.0));
        // Qualify: 20 (to develop), 5 (lost), 10 (to develop) → median 10.
        assert_eq!(qualify.median_days, Some(10));
        assert_eq!(flows[3].stall_days, None, "one exit is too few");
    }

    #[test]
    fn only_the_past_of_the_cutoff_counts() {
        use FunnelStage as S;
        let deals = [deal([Some(0), Some(10), None, None], S::Won, Some(50))];
        let flows = stage_flow(&deals, d("2024-01-20"), false, StallRule::default());
        assert_eq!((flows[0].advanced, flows[1].open, flows[1].advanced), (1, 1, 0));
        assert_eq!(flows[1].win_rate, None);
    }
}
