//! Stock policy from a forecast: safety stock for a service level over lead time and review
//! period, reorder point and order-up-to level (periodic review, (R, s, S)), days of cover
//! against the dealer's target band (docs/domain.md §5: 130–150 days), dead stock and the status.
//!
//! - Months have 365.25 / 12 days; a lead time in days is a fraction of months, and demand over
//!   a fraction of a month is that share of the month's forecast. Past the forecast horizon the
//!   last month's forecast continues.
//! - Months' errors are taken as independent: the spread over `k` months is the root of the sum
//!   of their squared spreads.
//! - Safety stock = z(service level) × spread over the protection period (lead time + review).
//! - Reorder point s = demand over the protection period + safety stock, rounded up: at or below
//!   it the stock would not last until an order placed at the next review arrives.
//! - Order-up-to S = the larger of s + the review period's demand and the demand of the
//!   target cover's lower bound, rounded up to whole packs: an order lifts the stock position
//!   to S, so stock on the shelf stays about within the cover band.
//! - An order is `S − position` (position = on hand + on order), at least the minimum order,
//!   rounded up to whole packs.

/// Days in the average month.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

#[derive(Clone, Debug, PartialEq)]
pub struct PolicySettings {
    /// Probability of not running out within a replenishment cycle (0.5–0.9999).
    pub service_level: f64,
    /// Months between reviews (orders placed).
    pub review_months: f64,
    /// The target band of days of cover: below the lower bound stock is short…
    pub cover_days_min: u32,
    /// … and above the upper bound (and above the order-up-to level) it is excess.
    pub cover_days_max: u32,
    /// Known months without demand after which stock on hand is dead stock.
    pub dead_after_months: usize,
}

impl Default for PolicySettings {
    fn default() -> PolicySettings {
        PolicySettings {
            service_level: 0.95,
            review_months: 1.0,
            cover_days_min: 130,
            cover_days_max: 150,
            dead_after_months: 12,
        }
    }
}

/// What the policy needs to know about one part besides its forecast.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PolicyInput {
    pub lead_time_days: u32,
    /// Units per pack; 0 is read as 1.
    pub pack_size: u32,
    /// Smallest quantity the supplier takes.
    pub min_order: u32,
    /// Stock on hand over all locations.
    pub on_hand: u32,
    /// Ordered, not yet received.
    pub on_order: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StockStatus {
    /// Stock that has not moved for [`PolicySettings::dead_after_months`].
    DeadStock,
    /// The position does not cover the expected demand until an order placed now arrives.
    StockOutRisk,
    /// At or below the reorder point: order now.
    BelowReorderPoint,
    /// More on hand than both the order-up-to level and the upper cover bound need.
    Excess,
    #[default]
    Healthy,
}

/// The policy numbers of one part.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Policy {
    /// Units, not rounded.
    pub safety_stock: f64,
    pub reorder_point: u32,
    pub order_up_to: u32,
    /// Expected demand per day (the forecast's first months).
    pub daily_demand: f64,
    /// Days the stock on hand lasts at `daily_demand`; `None` without demand.
    pub days_of_cover: Option<f64>,
    pub status: StockStatus,
    /// What to order now (0 when nothing).
    pub order_quantity: u32,
}

/// Demand expected over `months` (fractional) from the start of `point`.
pub fn demand_over(point: &[f64], months: f64) -> f64 {
    let mut total = 0.0;
    let mut left = months.max(0.0);
    let mut i = 0;
    while left > 0.0 {
        let month = point.get(i).or(point.last()).copied().unwrap_or(0.0);
        total += month * left.min(1.0);
        left -= 1.0;
        i += 1;
    }
    total
}

/// The spread of demand over `months` from the start of `spread` (independent months).
pub fn spread_over(spread: &[f64], months: f64) -> f64 {
    let mut total = 0.0;
    let mut left = months.max(0.0);
    let mut i = 0;
    while left > 0.0 {
        let month = spread.get(i).or(spread.last()).copied().unwrap_or(0.0);
        total += month * month * left.min(1.0);
        left -= 1.0;
        i += 1;
    }
    total.sqrt()
}

/// The policy for a part whose forecast (from the coming month on) is `point` ± `spread`;
/// `months_since_demand` counts known months since the last one with demand (`None`: never).
pub fn policy(
    point: &[f64],
    spread: &[f64],
    months_since_demand: Option<usize>,
    input: &PolicyInput,
    settings: &PolicySettings,
) -> Policy {
    let lead = f64::from(input.lead_time_days) / DAYS_PER_MONTH;
    let protection = lead + settings.review_months;
    let safety_stock = normal_quantile(settings.service_level) * spread_over(spread, protection);
    let reorder_point = round_up(demand_over(point, protection) + safety_stock);
    let cover = demand_over(point, f64::from(settings.cover_days_min) / DAYS_PER_MONTH);
    let pack = input.pack_size.max(1);
    let order_up_to = round_up_to(
        round_up(cover).max(reorder_point.saturating_add(round_up(demand_over(point, settings.review_months)))),
        pack,
    );
    let daily_demand = demand_over(point, 1.0) / DAYS_PER_MONTH;
    let days_of_cover = (daily_demand > 0.0).then(|| f64::from(input.on_hand) / daily_demand);
    let position = input.on_hand.saturating_add(input.on_order);
    let reorder = position <= reorder_point && position < order_up_to;
    let excess_above =
        order_up_to.max(round_up(demand_over(point, f64::from(settings.cover_days_max) / DAYS_PER_MONTH)));
    let dead = months_since_demand.is_none_or(|m| m >= settings.dead_after_months);
    let status = if dead && input.on_hand > 0 {
        StockStatus::DeadStock
    } else if reorder && f64::from(position) < demand_over(point, lead) {
        StockStatus::StockOutRisk
    } else if reorder {
        StockStatus::BelowReorderPoint
    } else if input.on_hand > excess_above {
        StockStatus::Excess
    } else {
        StockStatus::Healthy
    };
    let order_quantity = if reorder && status != StockStatus::DeadStock {
        round_up_to((order_up_to - position).max(input.min_order), pack)
    } else {
        0
    };
    Policy { safety_stock, reorder_point, order_up_to, daily_demand, days_of_cover, status, order_quantity }
}

/// Whole units, never negative; a tiny excess over a whole number from rounding is dropped.
fn round_up(units: f64) -> u32 {
    (units - 1e-9).ceil().clamp(0.0, f64::from(u32::MAX)) as u32
}

fn round_up_to(units: u32, pack: u32) -> u32 {
    units.div_ceil(pack).saturating_mul(pack)
}

/// The standard normal quantile (Acklam's rational approximation, relative error below
/// 1.2 × 10⁻⁹), for `p` in (0, 1); clamped to ±8.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] =
        [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    const LOW: f64 = 0.02425;
    if p <= 0.0 {
        return -8.0;
    }
    if p >= 1.0 {
        return 8.0;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
    .clamp(-8.0, 8.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles() {
        for (p, z) in
            [(0.5, 0.0), (0.95, 1.644_853_627), (0.99, 2.326_347_874), (0.8, 0.841_621_234), (0.01, -2.326_347_874)]
        {
            assert!((normal_quantile(p) - z).abs() < 1e-6, "{p}: {}", normal_quantile(p));
        }
    }

    #[test]
    fn demand_over_fractions_of_months_continues_the_last_month() {
        for (months, demand) in [(0.0, 0.0), (0.5, 5.0), (1.0, 10.0), (2.5, 40.0), (4.0, 70.0)] {
            assert!((demand_over(&[10.0, 20.0, 20.0], months) - demand).abs() < 1e-9, "{months}");
        }
        assert_eq!(demand_over(&[], 3.0), 0.0);
        // Spread over 4 months of 3 each: √(4 · 9) = 6.
        assert!((spread_over(&[3.0], 4.0) - 6.0).abs() < 1e-9);
    }

    struct Case {
        point: f64,
        spread: f64,
        since_demand: Option<usize>,
        input: PolicyInput,
        expected: (u32, u32, StockStatus, u32),
    }

    fn check(case: Case, settings: &PolicySettings) {
        let months = [case.point; 12];
        let spreads = [case.spread; 12];
        let got = policy(&months, &spreads, case.since_demand, &case.input, settings);
        assert_eq!(
            (got.reorder_point, got.order_up_to, got.status, got.order_quantity),
            case.expected,
            "{:?}",
            case.input
        );
    }

    #[test]
    fn reorder_point_order_up_to_and_status_by_hand() {
        let settings = PolicySettings::default();
        // 30 days of lead time are 0.9856 months; protection 1.9856. 10 a month, spread 3:
        // safety stock 1.6449 · 3 · √1.9856 = 6.95; s = ⌈19.86 + 6.95⌉ = 27. 130 days = 4.271
        // months: 42.71 → 43 > s + 10 = 37, so S = 43, in packs of 5: 45.
        let input = PolicyInput { lead_time_days: 30, pack_size: 5, min_order: 0, on_hand: 20, on_order: 0 };
        for case in [
            // Position 20 ≤ 27: order 45 − 20 = 25; lead-time demand 9.86 ≤ 20, so no risk.
            Case {
                point: 10.0,
                spread: 3.0,
                since_demand: Some(0),
                input,
                expected: (27, 45, StockStatus::BelowReorderPoint, 25),
            },
            // 5 on hand + 3 on order < one month's demand: stock-out risk; 45 − 8 = 37 → 40.
            Case {
                point: 10.0,
                spread: 3.0,
                since_demand: Some(0),
                input: PolicyInput { on_hand: 5, on_order: 3, ..input },
                expected: (27, 45, StockStatus::StockOutRisk, 40),
            },
            // Minimum order 50 lifts the order; 50 is whole packs.
            Case {
                point: 10.0,
                spread: 3.0,
                since_demand: Some(0),
                input: PolicyInput { min_order: 50, ..input },
                expected: (27, 45, StockStatus::BelowReorderPoint, 50),
            },
            // Above s, within 150 days (49.3 → 50 > S): healthy; above 50: excess.
            Case {
                point: 10.0,
                spread: 3.0,
                since_demand: Some(0),
                input: PolicyInput { on_hand: 50, ..input },
                expected: (27, 45, StockStatus::Healthy, 0),
            },
            Case {
                point: 10.0,
                spread: 3.0,
                since_demand: Some(0),
                input: PolicyInput { on_hand: 51, ..input },
                expected: (27, 45, StockStatus::Excess, 0),
            },
            // Nothing moved for 12 months: dead stock, never reordered.
            Case {
                point: 0.0,
                spread: 0.0,
                since_demand: Some(12),
                input: PolicyInput { on_hand: 3, ..input },
                expected: (0, 0, StockStatus::DeadStock, 0),
            },
            Case {
                point: 0.0,
                spread: 0.0,
                since_demand: None,
                input: PolicyInput { on_hand: 0, ..input },
                expected: (0, 0, StockStatus::Healthy, 0),
            },
        ] {
            check(case, &settings);
        }
    }

    #[test]
    fn cover_band_sets_order_up_to_and_excess() {
        // 30 a month, no spread, no lead time: s = ⌈30⌉ (review month) = 30, s + 30 = 60;
        // 130 days = 128.1 → 129 is S. 150 days = 147.8 → 148: excess above 148.
        let settings = PolicySettings::default();
        let input = PolicyInput { lead_time_days: 0, pack_size: 1, min_order: 1, on_hand: 148, on_order: 0 };
        check(
            Case {
                point: 30.0,
                spread: 0.0,
                since_demand: Some(0),
                input,
                expected: (30, 129, StockStatus::Healthy, 0),
            },
            &settings,
        );
        check(
            Case {
                point: 30.0,
                spread: 0.0,
                since_demand: Some(0),
                input: PolicyInput { on_hand: 149, ..input },
                expected: (30, 129, StockStatus::Excess, 0),
            },
            &settings,
        );
        // A 60–90-day band: S is s + a month = 60; excess above 89.
        let short = PolicySettings { cover_days_min: 60, cover_days_max: 90, ..settings };
        check(
            Case {
                point: 30.0,
                spread: 0.0,
                since_demand: Some(0),
                input: PolicyInput { on_hand: 90, ..input },
                expected: (30, 60, StockStatus::Excess, 0),
            },
            &short,
        );
        // Days of cover: 148 on hand at 30 / 30.4375 a day.
        let got = policy(&[30.0], &[0.0], Some(0), &input, &settings);
        assert!((got.days_of_cover.unwrap() - 148.0 * DAYS_PER_MONTH / 30.0).abs() < 1e-9);
    }
}
