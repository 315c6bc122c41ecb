//! What the user can change about grading: the rule scoring each measure, the indicator
//! weights, the grade thresholds and capacity (承受能力), and the settings of the portfolio,
//! retention and learning views. Every number here is a documented default (docs/domain.md: a rule's
//! number is a setting, never a constant buried in code). All of it is one serde record, so the
//! app can keep it as one setting.

use serde::{Deserialize, Serialize};

use crate::domain::model::labelled_enum;

use super::grade::Grade;
use super::indicators::{Indicator, Measure};
use super::learn::LearnSettings;
use super::portfolio::PortfolioSettings;
use super::retention::RetentionSettings;

/// A point of a banded rule: at `raw`, the score is `score`; between points the score is
/// interpolated linearly, outside them it stays at the nearest end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BandPoint {
    pub raw: f64,
    pub score: f64,
}

/// How a measure's raw value becomes a 0–100 score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Fixed bands, the same for every workspace: for rates, days and ratings, whose good and
    /// bad values do not depend on the dealer's size.
    Bands(Vec<BandPoint>),
    /// The share of the other measured customers below this one (ties count half), 0–100:
    /// for amounts and counts, where "big" only means something against the dealer's own base.
    /// For order composition with fewer products scoring higher, the share above instead.
    Percentile,
}

labelled_enum!(
    /// Which way order composition (products per order) scores. Seed 003 is a trading house,
    /// for whom every extra product adds handling cost; a dealer selling full solutions (machine,
    /// parts, service, seed 000) wants the opposite.
    CompositionDirection {
        /// Fewer products per order score higher (seed 003). The default.
        Fewer = "fewer",
        /// More products per order score higher.
        More = "more",
    }
);

impl Scale {
    fn bands(points: &[(f64, f64)]) -> Scale {
        Scale::Bands(points.iter().map(|&(raw, score)| BandPoint { raw, score }).collect())
    }

    /// The documented default rule of each measure, composition's with fewer products scoring higher.
    pub fn default_for(measure: Measure) -> Scale {
        match measure {
            Measure::Margin => Scale::bands(&[(0.0, 0.0), (5.0, 25.0), (10.0, 50.0), (20.0, 85.0), (30.0, 100.0)]),
            Measure::ProfitShare | Measure::AverageOrder | Measure::OrdersPerYear => Scale::Percentile,
            // Fewer products score higher; [`ScoringSettings::default_rule`] mirrors it for more.
            Measure::KindsPerOrder => Scale::bands(&[(1.0, 100.0), (2.0, 80.0), (5.0, 40.0), (10.0, 0.0)]),
            Measure::Prepaid => Scale::bands(&[(0.0, 0.0), (100.0, 100.0)]),
            Measure::CreditDays => Scale::bands(&[(0.0, 100.0), (30.0, 80.0), (90.0, 40.0), (180.0, 0.0)]),
            Measure::CooperationYears => {
                Scale::bands(&[(0.0, 0.0), (1.0, 30.0), (3.0, 60.0), (5.0, 80.0), (10.0, 100.0)])
            }
            Measure::ShippingDays => Scale::bands(&[(0.0, 100.0), (3.0, 80.0), (7.0, 50.0), (14.0, 20.0), (30.0, 0.0)]),
            Measure::PaymentDelay => Scale::bands(&[(0.0, 100.0), (7.0, 80.0), (30.0, 40.0), (60.0, 0.0)]),
            Measure::ClaimRate => Scale::bands(&[(0.0, 100.0), (2.0, 80.0), (5.0, 50.0), (15.0, 0.0)]),
            Measure::SettledClaims => Scale::bands(&[(0.0, 0.0), (100.0, 100.0)]),
            Measure::InfluenceRating | Measure::NewProductRating | Measure::CommunicationRating => {
                Scale::bands(&[(1.0, 0.0), (5.0, 100.0)])
            }
            Measure::PriceSensitivityRating => Scale::bands(&[(1.0, 100.0), (5.0, 0.0)]),
        }
    }
}

/// The score of `raw` on banded points (raw strictly increasing; see [`ScoringSettings::validate`]).
pub fn band_score(points: &[BandPoint], raw: f64) -> f64 {
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return 0.0 };
    if raw <= first.raw {
        return first.score;
    }
    if raw >= last.raw {
        return last.score;
    }
    let upper = points.partition_point(|p| p.raw <= raw);
    let (lo, hi) = (points[upper - 1], points[upper]);
    lo.score + (hi.score - lo.score) * (raw - lo.raw) / (hi.raw - lo.raw)
}

/// Percentile scores of the present values (see [`Scale::Percentile`]); `None` stays `None`.
/// One measured customer alone scores 50.
pub fn percentile_scores(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut sorted: Vec<f64> = values.iter().flatten().copied().collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len();
    values
        .iter()
        .map(|value| {
            let v = (*value)?;
            if n == 1 {
                return Some(50.0);
            }
            let below = sorted.partition_point(|x| *x < v);
            let equal = sorted.partition_point(|x| *x <= v) - below;
            Some(100.0 * (below as f64 + (equal - 1) as f64 / 2.0) / (n - 1) as f64)
        })
        .collect()
}

/// The rule of one measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureRule {
    pub measure: Measure,
    pub scale: Scale,
}

/// Indicator weights in tenths of a percent (125 = 12.5 %), indexed by [`Indicator::index`];
/// valid when they sum to 1000 (100 %). Integers, so "sums to 100 %" is exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Weights(pub [u16; Indicator::COUNT]);

/// 100 % in weight units.
pub const FULL_WEIGHT: u32 = 1000;

impl Default for Weights {
    /// Profit first (docs/domain.md: rank by profit), then size and frequency, payment terms; the
    /// rest share what is left. Sums to 100 %.
    fn default() -> Self {
        // Indicator order: profit, size/frequency, composition, payment terms, influence,
        // cooperation, new product, shipping, payment, price sensitivity, communication, claims.
        Weights([200, 150, 50, 100, 80, 80, 50, 40, 80, 60, 50, 60])
    }
}

impl Weights {
    pub fn get(&self, indicator: Indicator) -> u16 {
        self.0[indicator.index()]
    }

    /// The weight as a percentage.
    pub fn percent(&self, indicator: Indicator) -> f64 {
        f64::from(self.get(indicator)) / 10.0
    }

    pub fn sum(&self) -> u32 {
        self.0.iter().map(|w| u32::from(*w)).sum()
    }

    /// Σ weight × score ÷ 100 %: the 0–100 total of indicator scores.
    pub fn total(&self, scores: &[f64; Indicator::COUNT]) -> f64 {
        self.0.iter().zip(scores).map(|(w, s)| f64::from(*w) * s).sum::<f64>() / f64::from(FULL_WEIGHT)
    }
}

/// A weight typed in percent ("12.5", "7,5") as tenths of a percent; `None` unless it is 0–100
/// with at most one decimal, the precision weights are kept in.
pub fn parse_weight_percent(text: &str) -> Option<u16> {
    let value: f64 = text.trim().replace(['，', ','], ".").parse().ok()?;
    let tenths = value * 10.0;
    ((0.0..=f64::from(FULL_WEIGHT)).contains(&tenths) && (tenths - tenths.round()).abs() < 1e-6)
        .then(|| tenths.round() as u16)
}

/// A number typed by the user ("55", "7,5", "-3"), `None` when it is not one (or not finite).
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().replace(['，', ','], ".").parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A score or bar typed by the user: a number from 0 to 100.
pub fn parse_score(text: &str) -> Option<f64> {
    parse_number(text).filter(|v| in_score_range(*v))
}

/// Banded points as the user types them: `raw:score` pairs separated by commas, semicolons or
/// new lines ("0:0, 5:25, 10:50"; the Chinese "：", "，" and "；" too).
pub fn parse_band_points(text: &str) -> Result<Vec<BandPoint>, BandTextError> {
    let normalized = text.replace('：', ":").replace(['，', '；', ';', '\n'], ",");
    let mut points = Vec::new();
    for (i, part) in normalized.split(',').map(str::trim).filter(|p| !p.is_empty()).enumerate() {
        let point = part.split_once(':').and_then(|(raw, score)| {
            let raw = raw.trim().parse::<f64>().ok().filter(|v| v.is_finite())?;
            let score = score.trim().parse::<f64>().ok().filter(|v| v.is_finite())?;
            Some(BandPoint { raw, score })
        });
        points.push(point.ok_or_else(|| BandTextError { position: i + 1, text: part.to_owned() })?);
    }
    Ok(points)
}

/// Banded points as [`parse_band_points`] reads them back.
pub fn format_band_points(points: &[BandPoint]) -> String {
    points.iter().map(|p| format!("{}:{}", p.raw, p.score)).collect::<Vec<_>>().join(", ")
}

/// A point of typed bands that is not `raw:score`: its 1-based position and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BandTextError {
    pub position: usize,
    pub text: String,
}

/// Lowest totals (0–100) of grades A, B and C; below `c` is D.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { a: 70.0, b: 55.0, c: 40.0 }
    }
}

impl Thresholds {
    /// The bar for `grade` (D's bar is 0).
    pub fn bar(&self, grade: Grade) -> f64 {
        match grade {
            Grade::A => self.a,
            Grade::B => self.b,
            Grade::C => self.c,
            Grade::D => 0.0,
        }
    }

    pub fn grade(&self, total: f64) -> Grade {
        if total >= self.a {
            Grade::A
        } else if total >= self.b {
            Grade::B
        } else if total >= self.c {
            Grade::C
        } else {
            Grade::D
        }
    }
}

/// How a score is made: rules, weights, thresholds, capacity and the scores of missing values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoringSettings {
    pub weights: Weights,
    /// Rules that differ from [`ScoringSettings::default_rule`]; a measure without one uses the default.
    pub rules: Vec<MeasureRule>,
    pub thresholds: Thresholds,
    /// Capacity (承受能力): points added to the A, B and C bars alike. Positive when the company
    /// is stretched (a stricter bar for whom to take on at all: fewer A, B and C customers, more
    /// given up as D), negative when it has room. Default 0.
    pub capacity_shift: f64,
    /// Which way order composition scores. Default fewer (seed 003); settings stored before it
    /// existed read as the default.
    pub composition_direction: CompositionDirection,
    /// Score of a rated indicator the user has not rated (shown as not rated). Default 50.
    pub unrated_score: f64,
    /// Score of a derived, non-volume indicator without data (no shipped order for shipping
    /// efficiency, …). Default 50: neither rewarded nor punished.
    pub no_data_score: f64,
}

impl Default for ScoringSettings {
    fn default() -> Self {
        ScoringSettings {
            weights: Weights::default(),
            rules: Vec::new(),
            thresholds: Thresholds::default(),
            capacity_shift: 0.0,
            composition_direction: CompositionDirection::Fewer,
            unrated_score: 50.0,
            no_data_score: 50.0,
        }
    }
}

/// What is wrong with scoring settings; the UI names each.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingsError {
    /// Weights sum to this many tenths of a percent, not 1000.
    WeightsSum { tenths: u32 },
    /// Thresholds must fall from A to C, each within 0–100.
    ThresholdsOrder,
    /// With the capacity shift, the A bar passes 100 or the C bar falls below 0.
    CapacityOutOfRange,
    /// The not-rated or no-data score is outside 0–100.
    DefaultScoreOutOfRange,
    /// A measure has two rules.
    DuplicateRule(Measure),
    /// A banded rule has no point.
    NoBands(Measure),
    /// A banded rule's raw values do not strictly increase (or one is not a number).
    BandsNotIncreasing(Measure),
    /// A banded rule has a score outside 0–100.
    BandScoreOutOfRange(Measure),
    /// A banded rule's scores go against the measure's direction (composition's scores rise
    /// while fewer products should score higher, or fall while more should).
    BandsAgainstDirection(Measure),
    /// The churn flag's order-gap multiple is outside 1–20.
    GapFactorOutOfRange,
    /// The churn flag's value drop is not strictly between 0 and 100 %.
    FallPercentOutOfRange,
    /// The retention projection's horizon is outside 1–30 years.
    ProjectionYearsOutOfRange,
    /// The core key-account share is not above 0 and at most 100 %.
    CorePercentOutOfRange,
    /// The next tier's share is outside 0–100 %.
    NextPercentOutOfRange,
    /// The core and next tiers together pass 100 %.
    TiersOverHundred,
}

fn in_score_range(value: f64) -> bool {
    (0.0..=100.0).contains(&value)
}

impl ScoringSettings {
    /// The rule of every measure, indexed by [`Measure::index`].
    pub fn resolved_rules(&self) -> Vec<Scale> {
        Measure::ALL.iter().map(|m| self.rule(*m)).collect()
    }

    /// The rule `measure` is scored by.
    pub fn rule(&self, measure: Measure) -> Scale {
        self.rules.iter().find(|r| r.measure == measure).map_or_else(|| self.default_rule(measure), |r| r.scale.clone())
    }

    /// The default rule of `measure` under these settings: composition's in the chosen direction.
    pub fn default_rule(&self, measure: Measure) -> Scale {
        match (Scale::default_for(measure), self.direction(measure)) {
            (Scale::Bands(points), Some(CompositionDirection::More)) => {
                Scale::Bands(points.iter().map(|p| BandPoint { raw: p.raw, score: 100.0 - p.score }).collect())
            }
            (scale, _) => scale,
        }
    }

    /// The direction `measure` must score in, `None` for a measure the user does not choose it
    /// for (the others' direction is in their default bands).
    pub fn direction(&self, measure: Measure) -> Option<CompositionDirection> {
        (measure == Measure::KindsPerOrder).then_some(self.composition_direction)
    }

    /// Whether a percentile of `measure` counts the customers above rather than below.
    pub fn percentile_falls(&self, measure: Measure) -> bool {
        self.direction(measure) == Some(CompositionDirection::Fewer)
    }

    /// Scores `measure` by `scale`; a scale equal to the default keeps no rule, so a later
    /// change of the default reaches it.
    pub fn set_rule(&mut self, measure: Measure, scale: Scale) {
        self.rules.retain(|r| r.measure != measure);
        if scale != self.default_rule(measure) {
            self.rules.push(MeasureRule { measure, scale });
            self.rules.sort_by_key(|r| r.measure.index());
        }
    }

    /// The thresholds in force: every bar moved by capacity, the C bar too, since seed 000 raises
    /// the bar for whom to take on at all when the company is stretched. One shift for all three
    /// keeps the gaps between grades, so A > B > C still holds.
    pub fn effective_thresholds(&self) -> Thresholds {
        let (t, shift) = (self.thresholds, self.capacity_shift);
        Thresholds { a: t.a + shift, b: t.b + shift, c: t.c + shift }
    }

    /// Every problem, in a stable order; empty when the settings may be applied.
    pub fn validate(&self) -> Vec<SettingsError> {
        let mut errors = Vec::new();
        if self.weights.sum() != FULL_WEIGHT {
            errors.push(SettingsError::WeightsSum { tenths: self.weights.sum() });
        }
        let t = self.thresholds;
        if !(in_score_range(t.a) && in_score_range(t.c) && t.a > t.b && t.b > t.c) {
            errors.push(SettingsError::ThresholdsOrder);
        }
        let e = self.effective_thresholds();
        if !(e.a <= 100.0 && e.c >= 0.0 && self.capacity_shift.is_finite()) {
            errors.push(SettingsError::CapacityOutOfRange);
        }
        if !(in_score_range(self.unrated_score) && in_score_range(self.no_data_score)) {
            errors.push(SettingsError::DefaultScoreOutOfRange);
        }
        for (i, rule) in self.rules.iter().enumerate() {
            if self.rules[..i].iter().any(|r| r.measure == rule.measure) {
                errors.push(SettingsError::DuplicateRule(rule.measure));
            }
            if let Scale::Bands(points) = &rule.scale {
                if points.is_empty() {
                    errors.push(SettingsError::NoBands(rule.measure));
                }
                if points.iter().any(|p| !p.raw.is_finite()) || points.windows(2).any(|w| w[0].raw >= w[1].raw) {
                    errors.push(SettingsError::BandsNotIncreasing(rule.measure));
                }
                if points.iter().any(|p| !in_score_range(p.score)) {
                    errors.push(SettingsError::BandScoreOutOfRange(rule.measure));
                }
                let against = match self.direction(rule.measure) {
                    Some(CompositionDirection::Fewer) => points.windows(2).any(|w| w[1].score > w[0].score),
                    Some(CompositionDirection::More) => points.windows(2).any(|w| w[1].score < w[0].score),
                    None => false,
                };
                if against {
                    errors.push(SettingsError::BandsAgainstDirection(rule.measure));
                }
            }
        }
        errors
    }
}

/// All grading settings, as the app stores them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradingSettings {
    pub scoring: ScoringSettings,
    pub portfolio: PortfolioSettings,
    pub retention: RetentionSettings,
    pub learning: LearnSettings,
}

impl GradingSettings {
    /// Every problem of the settings the grades page edits: scoring, key accounts, retention.
    pub fn validate(&self) -> Vec<SettingsError> {
        [self.scoring.validate(), self.portfolio.validate(), self.retention.validate()].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands(points: &[(f64, f64)]) -> Vec<BandPoint> {
        points.iter().map(|&(raw, score)| BandPoint { raw, score }).collect()
    }

    #[test]
    fn bands_interpolate_and_clamp() {
        let rising = bands(&[(0.0, 0.0), (10.0, 50.0), (20.0, 100.0)]);
        let falling = bands(&[(0.0, 100.0), (30.0, 40.0)]);
        for (points, raw, expected) in [
            (&rising, -5.0, 0.0),
            (&rising, 0.0, 0.0),
            (&rising, 5.0, 25.0),
            (&rising, 10.0, 50.0),
            (&rising, 12.5, 62.5),
            (&rising, 20.0, 100.0),
            (&rising, 99.0, 100.0),
            (&falling, 15.0, 70.0),
            (&falling, 60.0, 40.0),
        ] {
            assert!((band_score(points, raw) - expected).abs() < 1e-9, "{raw}: {}", band_score(points, raw));
        }
        assert_eq!(band_score(&[], 3.0), 0.0);
    }

    /// The default rule of every measure at hand-picked raw values.
    #[test]
    fn default_rules() {
        let check = |measure: Measure, raw: f64, expected: f64| {
            let Scale::Bands(points) = Scale::default_for(measure) else { panic!("{measure:?} is banded") };
            let got = band_score(&points, raw);
            assert!((got - expected).abs() < 1e-9, "{measure:?} at {raw}: {got} ≠ {expected}");
        };
        check(Measure::Margin, 15.0, 67.5);
        check(Measure::Margin, 35.0, 100.0);
        check(Measure::Margin, -4.0, 0.0);
        // Fewer products per order score higher (the other direction is tested below).
        check(Measure::KindsPerOrder, 1.0, 100.0);
        check(Measure::KindsPerOrder, 1.5, 90.0);
        check(Measure::KindsPerOrder, 4.0, 160.0 / 3.0);
        check(Measure::KindsPerOrder, 12.0, 0.0);
        // More prepayment higher, longer credit lower.
        check(Measure::Prepaid, 30.0, 30.0);
        check(Measure::CreditDays, 60.0, 60.0);
        check(Measure::CreditDays, 180.0, 0.0);
        check(Measure::CooperationYears, 2.0, 45.0);
        check(Measure::CooperationYears, 12.0, 100.0);
        check(Measure::ShippingDays, 1.5, 90.0);
        check(Measure::ShippingDays, 10.5, 35.0);
        check(Measure::PaymentDelay, 0.0, 100.0);
        check(Measure::PaymentDelay, 45.0, 20.0);
        check(Measure::ClaimRate, 10.0, 25.0);
        check(Measure::SettledClaims, 50.0, 50.0);
        check(Measure::InfluenceRating, 4.0, 75.0);
        check(Measure::CommunicationRating, 1.0, 0.0);
        // Higher price sensitivity scores lower.
        check(Measure::PriceSensitivityRating, 4.0, 25.0);
        check(Measure::PriceSensitivityRating, 1.0, 100.0);
        for measure in [Measure::ProfitShare, Measure::AverageOrder, Measure::OrdersPerYear] {
            assert_eq!(Scale::default_for(measure), Scale::Percentile);
        }
    }

    /// Composition's default rule in each direction, hand-worked: "more" mirrors "fewer"; no
    /// other measure's rule depends on the direction.
    #[test]
    fn composition_direction_turns_its_default_round() {
        let at = |direction, raw| {
            let settings = ScoringSettings { composition_direction: direction, ..ScoringSettings::default() };
            let Scale::Bands(points) = settings.default_rule(Measure::KindsPerOrder) else { panic!("banded") };
            band_score(&points, raw)
        };
        for (raw, fewer) in [(1.0, 100.0), (2.0, 80.0), (3.5, 60.0), (5.0, 40.0), (7.5, 20.0), (10.0, 0.0), (20.0, 0.0)]
        {
            assert!((at(CompositionDirection::Fewer, raw) - fewer).abs() < 1e-9, "fewer at {raw}");
            assert!((at(CompositionDirection::More, raw) - (100.0 - fewer)).abs() < 1e-9, "more at {raw}");
        }
        let more = ScoringSettings { composition_direction: CompositionDirection::More, ..ScoringSettings::default() };
        assert_eq!(more.default_rule(Measure::Margin), Scale::default_for(Measure::Margin));
        assert!(ScoringSettings::default().percentile_falls(Measure::KindsPerOrder));
        assert!(!more.percentile_falls(Measure::KindsPerOrder));
        assert!(!ScoringSettings::default().percentile_falls(Measure::AverageOrder));
        // The default direction's bands are not kept as a rule; in the other direction they are.
        let mut settings = more.clone();
        settings.set_rule(Measure::KindsPerOrder, Scale::default_for(Measure::KindsPerOrder));
        assert_eq!(settings.rules.len(), 1);
        settings.set_rule(Measure::KindsPerOrder, more.default_rule(Measure::KindsPerOrder));
        assert!(settings.rules.is_empty());
    }

    /// A composition band rule must score the way the direction says; flat steps are fine.
    #[test]
    fn composition_bands_follow_the_direction() {
        let with = |direction, points: &[(f64, f64)]| {
            ScoringSettings {
                composition_direction: direction,
                rules: vec![MeasureRule { measure: Measure::KindsPerOrder, scale: Scale::Bands(bands(points)) }],
                ..ScoringSettings::default()
            }
            .validate()
        };
        let against = vec![SettingsError::BandsAgainstDirection(Measure::KindsPerOrder)];
        use CompositionDirection::{Fewer, More};
        for (direction, points, expected) in [
            (Fewer, &[(1.0, 100.0), (3.0, 100.0), (6.0, 0.0)][..], vec![]),
            (Fewer, &[(1.0, 50.0), (3.0, 60.0), (6.0, 0.0)][..], against.clone()),
            (More, &[(1.0, 0.0), (4.0, 100.0)][..], vec![]),
            (More, &[(1.0, 100.0), (4.0, 0.0)][..], against.clone()),
            (More, &[(1.0, 30.0)][..], vec![]),
        ] {
            assert_eq!(with(direction, points), expected, "{direction:?} {points:?}");
        }
        // Other measures have no direction to follow.
        let rising_days = ScoringSettings {
            rules: vec![MeasureRule {
                measure: Measure::ShippingDays,
                scale: Scale::Bands(bands(&[(0.0, 0.0), (30.0, 100.0)])),
            }],
            ..ScoringSettings::default()
        };
        assert!(rising_days.validate().is_empty());
    }

    #[test]
    fn percentiles_span_the_base_and_share_ties() {
        for (values, expected) in [
            (
                vec![Some(1.0), Some(2.0), Some(3.0), Some(4.0)],
                vec![Some(0.0), Some(100.0 / 3.0), Some(200.0 / 3.0), Some(100.0)],
            ),
            (vec![Some(5.0), None, Some(5.0), Some(1.0)], vec![Some(75.0), None, Some(75.0), Some(0.0)]),
            (vec![Some(7.0)], vec![Some(50.0)]),
            (vec![Some(2.0), Some(2.0), Some(2.0)], vec![Some(50.0), Some(50.0), Some(50.0)]),
            (vec![None], vec![None]),
        ] {
            let got = percentile_scores(&values);
            assert_eq!(got.len(), expected.len());
            for (g, e) in got.iter().zip(&expected) {
                match (g, e) {
                    (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{values:?}: {got:?}"),
                    _ => assert_eq!(g, e, "{values:?}"),
                }
            }
        }
    }

    #[test]
    fn weighted_total_divides_by_full_weight() {
        let mut scores = [0.0; Indicator::COUNT];
        scores[Indicator::Profit.index()] = 100.0;
        scores[Indicator::Claims.index()] = 50.0;
        // 20 % × 100 + 6 % × 50 = 23.
        assert!((Weights::default().total(&scores) - 23.0).abs() < 1e-9);
        assert!((Weights::default().total(&[100.0; Indicator::COUNT]) - 100.0).abs() < 1e-9);
        assert_eq!(Weights::default().sum(), FULL_WEIGHT);
        assert_eq!(Weights::default().percent(Indicator::Profit), 20.0);
    }

    #[test]
    fn thresholds_grade_totals() {
        let t = Thresholds::default();
        for (total, expected) in [
            (100.0, Grade::A),
            (70.0, Grade::A),
            (69.99, Grade::B),
            (55.0, Grade::B),
            (54.9, Grade::C),
            (40.0, Grade::C),
            (39.9, Grade::D),
            (0.0, Grade::D),
        ] {
            assert_eq!(t.grade(total), expected, "{total}");
        }
        assert_eq!(Grade::D.better(), Some(Grade::C));
        assert_eq!(Grade::A.better(), None);
    }

    /// Capacity moves all three bars (seed 000: "能力不够的时候……调高"), hand-worked against the
    /// default bars A 70, B 55, C 40: a stretched company gives up more customers as D, one with
    /// room fewer, and the order A > B > C holds at every shift.
    #[test]
    fn capacity_moves_every_bar() {
        for (shift, bars, graded) in [
            // Totals 72, 66, 58, 50, 42, 38, 30 under each shift.
            (0.0, (70.0, 55.0, 40.0), [Grade::A, Grade::B, Grade::B, Grade::C, Grade::C, Grade::D, Grade::D]),
            // Stretched: A from 80, B from 65, C from 50; 42 is given up now.
            (10.0, (80.0, 65.0, 50.0), [Grade::B, Grade::B, Grade::C, Grade::C, Grade::D, Grade::D, Grade::D]),
            // Room: A from 65, B from 50, C from 35; 38 is kept as C.
            (-5.0, (65.0, 50.0, 35.0), [Grade::A, Grade::A, Grade::B, Grade::B, Grade::C, Grade::C, Grade::D]),
            // Much room: the C bar reaches 0 and nobody is given up.
            (-40.0, (30.0, 15.0, 0.0), [Grade::A; 7]),
        ] {
            let settings = ScoringSettings { capacity_shift: shift, ..ScoringSettings::default() };
            let e = settings.effective_thresholds();
            assert_eq!(e, Thresholds { a: bars.0, b: bars.1, c: bars.2 }, "shift {shift}");
            assert!(e.a > e.b && e.b > e.c, "shift {shift}: {e:?}");
            let got: Vec<Grade> = [72.0, 66.0, 58.0, 50.0, 42.0, 38.0, 30.0].map(|t| e.grade(t)).to_vec();
            assert_eq!(got, graded, "shift {shift}");
            assert!(settings.validate().is_empty(), "shift {shift}");
        }
    }

    #[test]
    fn validation_names_every_problem() {
        let check = |settings: ScoringSettings, expected: Vec<SettingsError>| {
            assert_eq!(settings.validate(), expected);
        };
        check(ScoringSettings::default(), vec![]);
        let mut weights = Weights::default();
        weights.0[0] += 5;
        check(
            ScoringSettings { weights, ..ScoringSettings::default() },
            vec![SettingsError::WeightsSum { tenths: 1005 }],
        );
        check(
            ScoringSettings { weights: Weights([0; Indicator::COUNT]), ..ScoringSettings::default() },
            vec![SettingsError::WeightsSum { tenths: 0 }],
        );
        check(
            ScoringSettings { thresholds: Thresholds { a: 50.0, b: 60.0, c: 40.0 }, ..ScoringSettings::default() },
            vec![SettingsError::ThresholdsOrder],
        );
        check(
            ScoringSettings { thresholds: Thresholds { a: 120.0, b: 60.0, c: 40.0 }, ..ScoringSettings::default() },
            vec![SettingsError::ThresholdsOrder, SettingsError::CapacityOutOfRange],
        );
        check(
            ScoringSettings { capacity_shift: 31.0, ..ScoringSettings::default() },
            vec![SettingsError::CapacityOutOfRange],
        );
        // The C bar, at 40, may fall to 0 but not below.
        check(ScoringSettings { capacity_shift: -40.0, ..ScoringSettings::default() }, vec![]);
        check(
            ScoringSettings { capacity_shift: -40.5, ..ScoringSettings::default() },
            vec![SettingsError::CapacityOutOfRange],
        );
        check(
            ScoringSettings { capacity_shift: f64::NAN, ..ScoringSettings::default() },
            vec![SettingsError::CapacityOutOfRange],
        );
        check(
            ScoringSettings { unrated_score: 101.0, ..ScoringSettings::default() },
            vec![SettingsError::DefaultScoreOutOfRange],
        );
        let rule = |measure, scale| MeasureRule { measure, scale };
        check(
            ScoringSettings {
                rules: vec![
                    rule(Measure::Margin, Scale::Bands(bands(&[(0.0, 0.0), (0.0, 120.0)]))),
                    rule(Measure::Margin, Scale::Percentile),
                    rule(Measure::ShippingDays, Scale::Bands(vec![])),
                ],
                ..ScoringSettings::default()
            },
            vec![
                SettingsError::BandsNotIncreasing(Measure::Margin),
                SettingsError::BandScoreOutOfRange(Measure::Margin),
                SettingsError::DuplicateRule(Measure::Margin),
                SettingsError::NoBands(Measure::ShippingDays),
            ],
        );
    }

    #[test]
    fn a_rule_replaces_only_its_measure() {
        let settings = ScoringSettings {
            rules: vec![MeasureRule { measure: Measure::Margin, scale: Scale::Percentile }],
            ..ScoringSettings::default()
        };
        let rules = settings.resolved_rules();
        assert_eq!(rules[Measure::Margin.index()], Scale::Percentile);
        assert_eq!(rules[Measure::Prepaid.index()], Scale::default_for(Measure::Prepaid));
    }

    #[test]
    fn settings_round_trip_through_json_and_read_when_empty() {
        let settings = GradingSettings::default();
        let text = serde_json::to_string(&settings).unwrap();
        assert_eq!(serde_json::from_str::<GradingSettings>(&text).unwrap(), settings);
        assert_eq!(serde_json::from_str::<GradingSettings>("{}").unwrap(), settings);
        let more = GradingSettings {
            scoring: ScoringSettings {
                composition_direction: CompositionDirection::More,
                ..ScoringSettings::default()
            },
            ..GradingSettings::default()
        };
        let text = serde_json::to_string(&more).unwrap();
        assert!(text.contains(r#""composition_direction":"more""#), "{text}");
        assert_eq!(serde_json::from_str::<GradingSettings>(&text).unwrap(), more);
    }

    /// Settings stored before composition had a direction read with the seed's: fewer.
    #[test]
    fn settings_stored_before_the_direction_read() {
        let stored = r#"{"scoring":{"weights":[200,150,50,100,80,80,50,40,80,60,50,60],
            "rules":[{"measure":"kinds_per_order","scale":{"bands":[{"raw":1.0,"score":100.0},{"raw":3.0,"score":0.0}]}}],
            "thresholds":{"a":70.0,"b":55.0,"c":40.0},"capacity_shift":5.0,"unrated_score":50.0,"no_data_score":50.0}}"#;
        let settings: GradingSettings = serde_json::from_str(stored).unwrap();
        assert_eq!(settings.scoring.composition_direction, CompositionDirection::Fewer);
        assert_eq!(settings.scoring.capacity_shift, 5.0);
        assert_eq!(settings.scoring.rule(Measure::KindsPerOrder), Scale::Bands(bands(&[(1.0, 100.0), (3.0, 0.0)])));
        assert!(settings.scoring.validate().is_empty());
    }

    #[test]
    fn band_points_are_typed_as_raw_score_pairs() {
        let ok =
            |text: &str, expected: &[(f64, f64)]| assert_eq!(parse_band_points(text), Ok(bands(expected)), "{text:?}");
        ok("0:0, 5:25, 10:50", &[(0.0, 0.0), (5.0, 25.0), (10.0, 50.0)]);
        ok("0：100；30：40", &[(0.0, 100.0), (30.0, 40.0)]);
        ok(" -5 : 0 \n 2.5:60,", &[(-5.0, 0.0), (2.5, 60.0)]);
        ok("", &[]);
        let bad = |text: &str, position: usize, part: &str| {
            assert_eq!(parse_band_points(text), Err(BandTextError { position, text: part.to_owned() }), "{text:?}");
        };
        bad("0:0, 5-25", 2, "5-25");
        bad("x:1", 1, "x:1");
        bad("1:2, 3:, 4:5", 2, "3:");
        bad("1:inf", 1, "1:inf");
        let points = bands(&[(0.0, 100.0), (7.5, 80.0), (60.0, 0.0)]);
        assert_eq!(format_band_points(&points), "0:100, 7.5:80, 60:0");
        assert_eq!(parse_band_points(&format_band_points(&points)), Ok(points));
    }

    #[test]
    fn a_rule_equal_to_the_default_is_not_kept() {
        let mut settings = ScoringSettings::default();
        settings.set_rule(Measure::ShippingDays, Scale::Percentile);
        settings.set_rule(Measure::Margin, Scale::Percentile);
        assert_eq!(
            settings.rules.iter().map(|r| r.measure).collect::<Vec<_>>(),
            [Measure::Margin, Measure::ShippingDays]
        );
        assert_eq!(settings.rule(Measure::Margin), Scale::Percentile);
        settings.set_rule(Measure::Margin, Scale::default_for(Measure::Margin));
        assert_eq!(settings.rules.len(), 1);
        assert_eq!(settings.rule(Measure::Margin), Scale::default_for(Measure::Margin));
    }
}
