//! Backtest: the forecast made on a past day from only what was known then, against what was
//! actually won in the following days, beside two reference methods peers use. The product's
//! "pick a past date" backtest and `bench/run funnel-backtest` both run this.

use super::calibration::ForecastSettings;
use super::deal::{Deal, DealKeys, StateAsOf};
use super::forecast::{forecast, Band, ForecastRequest};
use crate::domain::date::Date;
use crate::domain::model::{FunnelStage, Opportunity};
use crate::domain::money::Cny;

/// One cutoff's forecasts and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BacktestRow {
    pub cutoff: Date,
    pub horizon_days: u32,
    /// Won in the `horizon_days` after the cutoff, by deals known then or created later.
    pub actual: Cny,
    /// Of that, by deals open at the cutoff.
    pub actual_from_open: Cny,
    /// What the deals open at the cutoff were ever won for (up to the data's end).
    pub eventual_from_open: Cny,
    pub open_deals: usize,
    pub open_pipeline: Cny,
    /// Results (won or lost) known at the cutoff.
    pub known_results: usize,
    /// The configured weighted pipeline.
    pub baseline: Cny,
    pub calibrated: Band,
    /// Reference: the open pipeline × the win rate of all results so far.
    pub win_rate_reference: Cny,
    /// Reference: the open pipeline × the share of the pipeline one horizon earlier that was won
    /// in the horizon since (`None` when there was no pipeline then).
    pub coverage_reference: Option<Cny>,
}

/// `(forecast − actual) / actual`; `None` when nothing was won.
pub fn relative_error(forecast: Cny, actual: Cny) -> Option<f64> {
    (actual.fen() != 0).then(|| (forecast.fen() - actual.fen()) as f64 / actual.fen() as f64)
}

impl BacktestRow {
    pub fn inside_band(&self) -> bool {
        self.calibrated.p10 <= self.actual && self.actual <= self.calibrated.p90
    }
}

/// The deals of `opportunities` with expected close dates as known on `cutoff`.
pub fn deals_as_of(opportunities: &[Opportunity], keys: impl Fn(&Opportunity) -> DealKeys, cutoff: Date) -> Vec<Deal> {
    opportunities.iter().map(|o| Deal::of(o, keys(o), cutoff)).collect()
}

/// Backtests `deals` (see [`deals_as_of`]) on `cutoff` over `horizon_days`.
pub fn backtest(
    deals: &[Deal],
    cutoff: Date,
    horizon_days: u32,
    draws: u32,
    seed: u64,
    settings: &ForecastSettings,
) -> BacktestRow {
    let end = cutoff.add_days(horizon_days as i32);
    let won_within = |deal: &Deal, from: Date, to: Date| {
        deal.stage == FunnelStage::Won && deal.closed.is_some_and(|c| from < c && c <= to)
    };
    let pipeline = |day: Date| -> Vec<&Deal> {
        deals.iter().filter(|d| !d.omitted && matches!(d.as_of(day, false), Some(StateAsOf::Open { .. }))).collect()
    };
    let value = |deals: &[&Deal]| deals.iter().map(|d| d.value).sum::<Cny>();
    let open = pipeline(cutoff);
    let (mut won, mut results) = (0usize, 0usize);
    for deal in deals {
        match deal.as_of(cutoff, false) {
            Some(StateAsOf::Won(_)) => (won, results) = (won + 1, results + 1),
            Some(StateAsOf::Lost(_)) => results += 1,
            _ => {}
        }
    }
    let open_pipeline = value(&open);
    let earlier = cutoff.add_days(-(horizon_days as i32));
    let earlier_open = pipeline(earlier);
    let earlier_value = value(&earlier_open);
    let won_since: Cny = earlier_open.iter().filter(|d| won_within(d, earlier, cutoff)).map(|d| d.value).sum();
    let request = ForecastRequest { cutoff, horizon_days, draws, seed, group_by: None, undated_known: false };
    let forecast = forecast(deals, &request, settings);
    BacktestRow {
        cutoff,
        horizon_days,
        actual: deals.iter().filter(|d| won_within(d, cutoff, end)).map(|d| d.value).sum(),
        actual_from_open: open.iter().filter(|d| won_within(d, cutoff, end)).map(|d| d.value).sum(),
        eventual_from_open: open.iter().filter(|d| d.stage == FunnelStage::Won).map(|d| d.value).sum(),
        open_deals: open.len(),
        open_pipeline,
        known_results: results,
        baseline: forecast.horizon.baseline,
        calibrated: forecast.horizon.calibrated,
        win_rate_reference: if results > 0 { open_pipeline.scale(won as f64 / results as f64) } else { Cny::ZERO },
        coverage_reference: (earlier_value.fen() > 0)
            .then(|| open_pipeline.scale(won_since.fen() as f64 / earlier_value.fen() as f64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::StageChange;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn opportunity(yuan: i64, engaged: &str, result: Option<(FunnelStage, &str)>) -> Opportunity {
        let mut history = vec![StageChange { stage: FunnelStage::Develop, date: Some(d(engaged)) }];
        if let Some((stage, day)) = result {
            history.push(StageChange { stage, date: Some(d(day)) });
        }
        Opportunity {
            value: Cny::from_yuan(yuan),
            stage: result.map_or(FunnelStage::Develop, |r| r.0),
            created: Some(d(engaged)),
            history,
            ..Opportunity::default()
        }
    }

    #[test]
    fn a_past_day_sees_only_its_past() {
        use FunnelStage::{Lost, Won};
        let opportunities = [
            // Known and decided before the cutoff (2024-03-31).
            opportunity(100, "2024-01-01", Some((Won, "2024-02-01"))),
            opportunity(100, "2024-01-01", Some((Lost, "2024-02-01"))),
            opportunity(100, "2024-01-01", Some((Won, "2024-03-01"))),
            opportunity(500, "2024-02-15", Some((Won, "2024-03-20"))),
            // Open at the cutoff; won within 30 days, won later, lost, never decided.
            opportunity(1_000, "2024-03-01", Some((Won, "2024-04-10"))),
            opportunity(2_000, "2024-03-01", Some((Won, "2024-06-10"))),
            opportunity(4_000, "2024-03-01", Some((Lost, "2024-04-10"))),
            opportunity(8_000, "2024-03-01", None),
            // Created after the cutoff and won within the horizon.
            opportunity(300, "2024-04-02", Some((Won, "2024-04-20"))),
        ];
        let deals = deals_as_of(&opportunities, |_| DealKeys::default(), d("2024-03-31"));
        let row = backtest(&deals, d("2024-03-31"), 30, 200, 1, &ForecastSettings::default());
        let yuan = Cny::from_yuan;
        assert_eq!((row.actual, row.actual_from_open, row.eventual_from_open), (yuan(1_300), yuan(1_000), yuan(3_000)));
        assert_eq!((row.open_deals, row.open_pipeline, row.known_results), (4, yuan(15_000), 4));
        assert_eq!(row.win_rate_reference, yuan(11_250), "15,000 × 3/4");
        // One horizon earlier (2024-03-01) ¥15,500 was open (the deal won that day had closed);
        // ¥500 of it was won by the cutoff.
        assert_eq!(row.coverage_reference, Some(Cny(48_387)), "15,000 × 500 / 15,500");
        assert!(row.calibrated.p10 <= row.calibrated.p50 && row.calibrated.p50 <= row.calibrated.p90);
        assert_eq!(relative_error(yuan(1_560), yuan(1_300)), Some(0.2));
        assert_eq!(relative_error(yuan(1), Cny::ZERO), None);
    }
}
