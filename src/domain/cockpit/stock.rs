//! The whole dealer's parts stock from the parts plans: stock value at cost, dead stock's part of
//! it, and days of cover against the 130–150-day band (docs/domain.md §5).
//!
//! Each part's expected daily demand and status come from its stock policy
//! ([`crate::domain::parts::policy::policy`]), so the cockpit reads the parts page's numbers and
//! never forecasts again. Units of different parts do not add up, so the dealer's days of cover
//! are in money: stock value ÷ the cost of a day's expected demand. All stock counts, dead stock
//! too: it is cash tied up like the rest, and it lengthens the cover as it does on the books.

use crate::domain::money::Cny;
use crate::domain::parts::policy::{Policy, StockStatus};

/// One part as its plan stands: cost, stock on hand over all locations, and its policy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PartStock {
    pub unit_cost: Cny,
    pub on_hand: u32,
    pub policy: Policy,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StockFigures {
    /// On hand × unit cost over every part.
    pub value: Cny,
    /// The value of parts whose status is dead stock.
    pub dead_value: Cny,
    /// Dead value ÷ value; `None` without stock.
    pub dead_share: Option<f64>,
    /// Value ÷ the cost of a day's expected demand; `None` when no part expects demand.
    pub days_of_cover: Option<f64>,
}

pub fn stock_figures(parts: &[PartStock]) -> StockFigures {
    let mut figures = StockFigures::default();
    let mut daily_cost = 0.0;
    for part in parts {
        let value = part.unit_cost * i64::from(part.on_hand);
        figures.value += value;
        if part.policy.status == StockStatus::DeadStock {
            figures.dead_value += value;
        }
        daily_cost += part.policy.daily_demand * part.unit_cost.fen() as f64;
    }
    let value = figures.value.fen() as f64;
    figures.dead_share = (figures.value > Cny::ZERO).then(|| figures.dead_value.fen() as f64 / value);
    figures.days_of_cover = (daily_cost > 0.0).then(|| value / daily_cost);
    figures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cockpit::judge::{CockpitSettings, Judgement};
    use crate::domain::parts::policy::{policy, PolicyInput, PolicySettings, DAYS_PER_MONTH};

    /// A part planned by the parts policy with a flat monthly forecast.
    fn part(yuan: i64, on_hand: u32, per_month: f64, months_since_demand: Option<usize>) -> PartStock {
        let input = PolicyInput { on_hand, lead_time_days: 14, pack_size: 1, ..PolicyInput::default() };
        let policy = policy(&[per_month], &[0.0], months_since_demand, &input, &PolicySettings::default());
        PartStock { unit_cost: Cny::from_yuan(yuan), on_hand, policy }
    }

    #[test]
    fn value_dead_share_and_cover_by_hand() {
        // A month is 30.4375 days, so these forecasts are 1 and 2 units a day.
        let parts = [
            // ¥100 × 140 = ¥14,000; a day's demand costs ¥100.
            part(100, 140, DAYS_PER_MONTH, Some(0)),
            // ¥50 × 60 = ¥3,000; 2 a day cost ¥100.
            part(50, 60, 2.0 * DAYS_PER_MONTH, Some(1)),
            // ¥200 × 10 = ¥2,000, nothing sold for 12 months: dead stock, no demand.
            part(200, 10, 0.0, Some(12)),
            // Out of stock: no value, but its demand (½ a day × ¥40 = ¥20) counts.
            part(40, 0, 0.5 * DAYS_PER_MONTH, Some(0)),
        ];
        assert_eq!(parts[2].policy.status, StockStatus::DeadStock);
        let got = stock_figures(&parts);
        // ¥19,000 of stock, ¥2,000 dead: 2/19 = 10.53 %.
        assert_eq!((got.value, got.dead_value), (Cny::from_yuan(19_000), Cny::from_yuan(2_000)));
        assert!((got.dead_share.unwrap() - 0.105_263_157_9).abs() < 1e-9);
        // ¥19,000 ÷ (¥100 + ¥100 + ¥20) a day = 86.36 days.
        assert!((got.days_of_cover.unwrap() - 86.363_636_36).abs() < 1e-6);
        // 86 days is 44 short of the band, beyond its 20-day margin.
        let band = CockpitSettings::default().days_of_cover;
        assert_eq!(band.judge(got.days_of_cover), Some(Judgement::Critical));
    }

    #[test]
    fn one_part_reads_as_the_parts_page() {
        // 140 on hand at 1 a day: the policy's own days of cover, 140.
        let single = part(100, 140, DAYS_PER_MONTH, Some(0));
        let got = stock_figures(&[single]);
        assert_eq!(single.policy.days_of_cover, Some(140.0));
        assert_eq!(got.days_of_cover, Some(140.0));
        assert_eq!(got.dead_share, Some(0.0));
        assert_eq!(CockpitSettings::default().days_of_cover.judge(got.days_of_cover), Some(Judgement::Acceptable));
    }

    #[test]
    fn no_stock_or_no_demand_is_no_figure() {
        assert_eq!(stock_figures(&[]), StockFigures::default());
        // Only dead stock: a value, all of it dead, and no demand to cover.
        let got = stock_figures(&[part(200, 10, 0.0, None)]);
        assert_eq!((got.value, got.dead_share, got.days_of_cover), (Cny::from_yuan(2_000), Some(1.0), None));
        // Demand, no stock: zero days.
        let got = stock_figures(&[part(40, 0, DAYS_PER_MONTH, Some(0))]);
        assert_eq!((got.value, got.dead_share, got.days_of_cover), (Cny::ZERO, None, Some(0.0)));
    }
}
