//! How a tile reads its figure: acceptable / warning / critical against settable lines, and the
//! trend against the previous period, better or worse by the KPI's direction (the way dealer
//! systems such as IntelliDealer show KPIs, issue 23).
//!
//! Every figure is an `Option<f64>`: `None` is "no figure" (no quota, no sales, no answers) and
//! is neither judged nor trended, so a tile never shows NaN or a division by zero.

use crate::domain::grading::portfolio::PortfolioSettings;
use crate::domain::parts::policy::PolicySettings;
use serde::{Deserialize, Serialize};

/// Which way a KPI improves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
}

/// A tile's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Judgement {
    Acceptable,
    Warning,
    Critical,
}

/// Two lines on the KPI's own scale. On the good side of `acceptable` (the line included) the
/// figure is acceptable, beyond `critical` (the line excluded) critical, a warning in between;
/// equal lines leave no warning zone.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    pub acceptable: f64,
    pub critical: f64,
}

/// A one-sided KPI's rule: which way is better and, where the user or a reference gives them,
/// the lines it is judged against (without lines the tile shows its figure and trend only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub direction: Direction,
    pub limits: Option<Limits>,
}

impl Rule {
    fn new(direction: Direction, limits: Option<Limits>) -> Rule {
        Rule { direction, limits }
    }

    pub fn judge(&self, value: Option<f64>) -> Option<Judgement> {
        let (value, limits) = (value?, self.limits?);
        // Turned so that higher is better on both sides.
        let sign = match self.direction {
            Direction::HigherIsBetter => 1.0,
            Direction::LowerIsBetter => -1.0,
        };
        Some(if sign * value >= sign * limits.acceptable {
            Judgement::Acceptable
        } else if sign * value >= sign * limits.critical {
            Judgement::Warning
        } else {
            Judgement::Critical
        })
    }

    pub fn trend(&self, current: Option<f64>, previous: Option<f64>, flat_within: f64) -> Option<Trend> {
        let (current, previous) = (current?, previous?);
        let movement = movement(current, previous, flat_within);
        let verdict = match (movement, self.direction) {
            (Movement::Flat, _) => Verdict::Same,
            (Movement::Up, Direction::HigherIsBetter) | (Movement::Down, Direction::LowerIsBetter) => Verdict::Better,
            _ => Verdict::Worse,
        };
        Some(Trend { movement, verdict })
    }
}

/// A two-sided KPI (days of cover): acceptable from `low` to `high`, a warning up to `margin`
/// outside either end, critical farther out. Too little is a stock-out risk, too much is cash
/// tied up (docs/domain.md §5).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub low: f64,
    pub high: f64,
    pub margin: f64,
}

impl Band {
    /// How far `value` lies outside the band (0 inside).
    fn distance(&self, value: f64) -> f64 {
        (self.low - value).max(value - self.high).max(0.0)
    }

    pub fn judge(&self, value: Option<f64>) -> Option<Judgement> {
        let distance = self.distance(value?);
        Some(if distance == 0.0 {
            Judgement::Acceptable
        } else if distance <= self.margin {
            Judgement::Warning
        } else {
            Judgement::Critical
        })
    }

    /// Better is closer to the band; moving inside it is neither better nor worse.
    pub fn trend(&self, current: Option<f64>, previous: Option<f64>, flat_within: f64) -> Option<Trend> {
        let (current, previous) = (current?, previous?);
        let movement = movement(current, previous, flat_within);
        let (now, before) = (self.distance(current), self.distance(previous));
        let verdict = if movement == Movement::Flat || now == before {
            Verdict::Same
        } else if now < before {
            Verdict::Better
        } else {
            Verdict::Worse
        };
        Some(Trend { movement, verdict })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Movement {
    Up,
    Down,
    Flat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    Better,
    Worse,
    Same,
}

/// This period against the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Trend {
    pub movement: Movement,
    pub verdict: Verdict,
}

/// Flat when the change is at most `flat_within` of the previous figure's size; from zero, any
/// change is a move.
fn movement(current: f64, previous: f64, flat_within: f64) -> Movement {
    let change = current - previous;
    if change.abs() <= flat_within * previous.abs() {
        Movement::Flat
    } else if change > 0.0 {
        Movement::Up
    } else {
        Movement::Down
    }
}

/// The setting the cockpit's thresholds are stored under.
pub const SETTING_KEY: &str = "cockpit";

/// The cockpit's rules, one per tile. Ratios are fractions (0.85 is 85 %), coverage is times the
/// remaining quota, days of cover days, stock value yuan. Where the issue or the seed gives a
/// reference range, its lower end is where critical begins and its upper end where acceptable
/// begins, so the range itself is the warning zone; a single reference value is both lines.
/// Tiles with no reference have no lines until the user sets them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CockpitSettings {
    /// Won ÷ quota in the month or quarter.
    pub quota_attainment: Rule,
    /// Open pipeline ÷ remaining quota: Salesforce's rule of thumb 3–4×.
    pub pipeline_coverage: Rule,
    /// Won ÷ new opportunities of the period.
    pub conversion: Rule,
    /// D customers ÷ graded active customers: at most 3 % (seed 000, 天远), the grading
    /// settings' alert.
    pub d_share: Rule,
    /// Whole-dealer days of cover: the 130–150-day band of docs/domain.md §5, the parts
    /// policy's band; a warning within the band's own width outside it.
    pub days_of_cover: Band,
    /// Stock value at cost: lower ties up less working capital (docs/domain.md §5).
    pub stock_value: Rule,
    /// Dead stock value ÷ stock value.
    pub dead_stock_share: Rule,
    /// Paid sales ÷ (sales + lost sales + special orders): target 85–95 %.
    pub fill_rate: Rule,
    /// (Parts + service gross profit) ÷ fixed costs: at least 100 %.
    pub service_absorption: Rule,
    /// Tickets that met their SLA ÷ tickets whose SLA came due.
    pub sla_met: Rule,
    /// Satisfied answers ÷ answers.
    pub csat: Rule,
    /// The lowest rating, on the 1–5 scale, that counts as satisfied: 4, CSAT's usual top two
    /// boxes.
    pub csat_satisfied_from: u8,
    /// A change of at most this share of the previous figure reads as flat. Default 1 %, so a
    /// tile whose percentage does not visibly move does not claim a trend.
    pub flat_within: f64,
}

impl Default for CockpitSettings {
    fn default() -> CockpitSettings {
        use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower};
        let lines = |critical, acceptable| Some(Limits { acceptable, critical });
        let policy = PolicySettings::default();
        let (low, high) = (f64::from(policy.cover_days_min), f64::from(policy.cover_days_max));
        let d_share = PortfolioSettings::default().d_share_alert_percent / 100.0;
        CockpitSettings {
            quota_attainment: Rule::new(Higher, None),
            pipeline_coverage: Rule::new(Higher, lines(3.0, 4.0)),
            conversion: Rule::new(Higher, None),
            d_share: Rule::new(Lower, lines(d_share, d_share)),
            days_of_cover: Band { low, high, margin: high - low },
            stock_value: Rule::new(Lower, None),
            dead_stock_share: Rule::new(Lower, None),
            fill_rate: Rule::new(Higher, lines(0.85, 0.95)),
            service_absorption: Rule::new(Higher, lines(1.0, 1.0)),
            sla_met: Rule::new(Higher, None),
            csat: Rule::new(Higher, None),
            csat_satisfied_from: 4,
            flat_within: 0.01,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Judgement::{Acceptable as A, Critical as C, Warning as W};

    #[test]
    fn defaults_come_from_the_references() {
        let s = CockpitSettings::default();
        assert_eq!(s.pipeline_coverage.limits, Some(Limits { acceptable: 4.0, critical: 3.0 }));
        assert_eq!(s.fill_rate.limits, Some(Limits { acceptable: 0.95, critical: 0.85 }));
        assert_eq!(s.service_absorption.limits, Some(Limits { acceptable: 1.0, critical: 1.0 }));
        // 3 % of the grading settings, as a fraction.
        assert_eq!(
            s.d_share,
            Rule { direction: Direction::LowerIsBetter, limits: Some(Limits { acceptable: 0.03, critical: 0.03 }) }
        );
        // 130–150 days; the band is 20 days wide.
        assert_eq!(s.days_of_cover, Band { low: 130.0, high: 150.0, margin: 20.0 });
        assert_eq!((s.sla_met.limits, s.csat.limits, s.quota_attainment.limits), (None, None, None));
    }

    #[test]
    fn one_sided_rules_judge_by_direction() {
        let s = CockpitSettings::default();
        for (rule, value, expected) in [
            // Coverage: below 3× critical, 3× up to 4× a warning, from 4× acceptable.
            (s.pipeline_coverage, Some(2.99), Some(C)),
            (s.pipeline_coverage, Some(3.0), Some(W)),
            (s.pipeline_coverage, Some(3.5), Some(W)),
            (s.pipeline_coverage, Some(4.0), Some(A)),
            (s.pipeline_coverage, Some(12.0), Some(A)),
            // Fill rate: 84 % critical, 90 % warning, 95 % acceptable.
            (s.fill_rate, Some(0.84), Some(C)),
            (s.fill_rate, Some(0.90), Some(W)),
            (s.fill_rate, Some(0.95), Some(A)),
            // Absorption: no warning zone; 99 % does not cover the fixed costs.
            (s.service_absorption, Some(0.99), Some(C)),
            (s.service_absorption, Some(1.0), Some(A)),
            // D share, lower is better: 3 % is still acceptable, 3.1 % is over the line.
            (s.d_share, Some(0.03), Some(A)),
            (s.d_share, Some(0.031), Some(C)),
            (s.d_share, Some(0.0), Some(A)),
            // No figure, or no lines: no state.
            (s.fill_rate, None, None),
            (s.sla_met, Some(0.5), None),
        ] {
            assert_eq!(rule.judge(value), expected, "{rule:?} {value:?}");
        }
        // A lower-is-better rule with a warning zone: ≤ 10 acceptable, ≤ 20 warning, above critical.
        let overdue = Rule::new(Direction::LowerIsBetter, Some(Limits { acceptable: 10.0, critical: 20.0 }));
        for (value, expected) in [(10.0, A), (10.5, W), (20.0, W), (20.5, C)] {
            assert_eq!(overdue.judge(Some(value)), Some(expected), "{value}");
        }
    }

    #[test]
    fn the_band_judges_both_sides() {
        let band = CockpitSettings::default().days_of_cover;
        for (days, expected) in [
            (130.0, A),
            (150.0, A),
            // 20 days short or over is still a warning; 21 is critical.
            (110.0, W),
            (170.0, W),
            (109.0, C),
            (171.0, C),
        ] {
            assert_eq!(band.judge(Some(days)), Some(expected), "{days}");
        }
        assert_eq!(band.judge(None), None);
    }

    #[test]
    fn trends_are_better_or_worse_by_direction() {
        use Movement::{Down, Flat, Up};
        use Verdict::{Better, Same, Worse};
        let higher = Rule::new(Direction::HigherIsBetter, None);
        let lower = Rule::new(Direction::LowerIsBetter, None);
        for (rule, current, previous, expected) in [
            (higher, 0.9, 0.8, Some((Up, Better))),
            (higher, 0.7, 0.8, Some((Down, Worse))),
            (lower, 0.04, 0.02, Some((Up, Worse))),
            (lower, 0.01, 0.02, Some((Down, Better))),
            // 1 % of 200 is 2: a move of 2 is flat, of 2.5 is not.
            (higher, 202.0, 200.0, Some((Flat, Same))),
            (higher, 197.5, 200.0, Some((Down, Worse))),
            // From zero every change moves; zero to zero is flat.
            (higher, 0.1, 0.0, Some((Up, Better))),
            (lower, 0.0, 0.0, Some((Flat, Same))),
        ] {
            let got = rule.trend(Some(current), Some(previous), 0.01).map(|t| (t.movement, t.verdict));
            assert_eq!(got, expected, "{rule:?} {current} {previous}");
        }
        assert_eq!(higher.trend(None, Some(1.0), 0.01), None);
        assert_eq!(higher.trend(Some(1.0), None, 0.01), None);
    }

    #[test]
    fn band_trends_are_better_towards_the_band() {
        use Movement::{Down, Flat, Up};
        use Verdict::{Better, Same, Worse};
        let band = CockpitSettings::default().days_of_cover;
        for (current, previous, expected) in [
            // 200 → 180 days: down, 30 days closer to 150: better.
            (180.0, 200.0, (Down, Better)),
            // 120 → 100: 10 days short became 30 days short.
            (100.0, 120.0, (Down, Worse)),
            (125.0, 100.0, (Up, Better)),
            // 160 → 120: 10 over became 10 short, as far out as before.
            (120.0, 160.0, (Down, Same)),
            // Moving inside the band is neither better nor worse.
            (145.0, 135.0, (Up, Same)),
            (100.5, 100.0, (Flat, Same)),
        ] {
            let got = band.trend(Some(current), Some(previous), 0.01).map(|t| (t.movement, t.verdict));
            assert_eq!(got, Some(expected), "{previous} → {current}");
        }
        assert_eq!(band.trend(Some(140.0), None, 0.01), None);
    }
}
