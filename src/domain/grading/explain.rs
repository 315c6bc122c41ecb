//! Why a customer has its grade (docs/domain.md §2: every grade must be explainable): each
//! indicator's raw values, scores, weight and contribution to the total, and what would move the
//! customer to the next better grade.

use crate::domain::model::Id;

use super::grade::Grade;
use super::indicators::{Indicator, Measure};
use super::score::{Basis, CustomerScore};
use super::settings::{ScoringSettings, FULL_WEIGHT};

/// One measure of a breakdown row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeasureRow {
    pub measure: Measure,
    /// In the unit of [`Measure`]; `None` when there was nothing to measure.
    pub raw: Option<f64>,
    pub score: Option<f64>,
}

/// One indicator's part in the total.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakdownRow {
    pub indicator: Indicator,
    pub measures: Vec<MeasureRow>,
    pub score: f64,
    pub basis: Basis,
    pub weight_percent: f64,
    /// Points of the total this indicator gives: score × weight.
    pub contribution: f64,
}

/// An indicator worth improving to reach the next grade.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lever {
    pub indicator: Indicator,
    pub score: f64,
    /// Points of the total gained if this indicator reached 100.
    pub max_gain: f64,
    /// The score this indicator alone would need for the next grade, `None` if even 100 is
    /// not enough.
    pub score_needed: Option<f64>,
}

/// What the next better grade takes.
#[derive(Clone, Debug, PartialEq)]
pub struct NextGrade {
    pub grade: Grade,
    /// Its bar, with capacity.
    pub bar: f64,
    pub points_needed: f64,
    /// Indicators with room to improve, biggest possible gain first.
    pub levers: Vec<Lever>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub customer_id: Id,
    pub total: f64,
    pub grade: Option<Grade>,
    /// In indicator order; contributions sum to the total.
    pub rows: Vec<BreakdownRow>,
    /// `None` for grade A and for customers without a grade.
    pub next: Option<NextGrade>,
}

/// The explanation of `score` under the settings it was computed with.
pub fn explain(score: &CustomerScore, scoring: &ScoringSettings) -> Explanation {
    let weights = &scoring.weights;
    let rows = Indicator::ALL
        .iter()
        .map(|&indicator| {
            let value = score.indicator(indicator);
            let measures = indicator
                .measures()
                .iter()
                .map(|&m| MeasureRow { measure: m, raw: score.raw.get(m), score: score.measure_scores[m.index()] })
                .collect();
            BreakdownRow {
                indicator,
                measures,
                score: value.score,
                basis: value.basis,
                weight_percent: weights.percent(indicator),
                contribution: value.score * f64::from(weights.get(indicator)) / f64::from(FULL_WEIGHT),
            }
        })
        .collect();
    let next = score.grade.and_then(Grade::better).map(|grade| {
        let bar = scoring.effective_thresholds().bar(grade);
        let points_needed = (bar - score.total).max(0.0);
        let mut levers: Vec<Lever> = Indicator::ALL
            .iter()
            .filter_map(|&indicator| {
                let weight = f64::from(weights.get(indicator)) / f64::from(FULL_WEIGHT);
                let current = score.indicator(indicator).score;
                let max_gain = (100.0 - current) * weight;
                (max_gain > 0.0).then(|| {
                    let needed = current + points_needed / weight;
                    Lever { indicator, score: current, max_gain, score_needed: (needed <= 100.0).then_some(needed) }
                })
            })
            .collect();
        levers.sort_by(|a, b| b.max_gain.total_cmp(&a.max_gain).then(a.indicator.cmp(&b.indicator)));
        NextGrade { grade, bar, points_needed, levers }
    });
    Explanation { customer_id: score.customer_id, total: score.total, grade: score.grade, rows, next }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::score::{regrade, IndicatorScore};
    use crate::domain::grading::settings::Weights;

    /// Profit 60 % and claims 40 % of the weight, the rest 0.
    fn scoring() -> ScoringSettings {
        let mut weights = [0; Indicator::COUNT];
        weights[Indicator::Profit.index()] = 600;
        weights[Indicator::Claims.index()] = 400;
        ScoringSettings { weights: Weights(weights), ..ScoringSettings::default() }
    }

    fn scored(profit: f64, claims: f64) -> CustomerScore {
        let mut score = CustomerScore { customer_id: 7, counted_orders: 3, ..CustomerScore::default() };
        score.indicators[Indicator::Profit.index()] = IndicatorScore { score: profit, basis: Basis::Measured };
        score.indicators[Indicator::Claims.index()] = IndicatorScore { score: claims, basis: Basis::Measured };
        score.raw.set(Measure::Margin, Some(12.0));
        score.measure_scores[Measure::Margin.index()] = Some(60.0);
        regrade(std::slice::from_mut(&mut score), &scoring());
        score
    }

    #[test]
    fn rows_add_up_to_the_total() {
        // 0.6 × 50 + 0.4 × 80 = 62: grade B.
        let got = explain(&scored(50.0, 80.0), &scoring());
        assert_eq!(got.grade, Some(Grade::B));
        assert!((got.total - 62.0).abs() < 1e-9);
        assert_eq!(got.rows.len(), Indicator::COUNT);
        let sum: f64 = got.rows.iter().map(|r| r.contribution).sum();
        assert!((sum - got.total).abs() < 1e-9);
        let profit = &got.rows[Indicator::Profit.index()];
        assert_eq!((profit.weight_percent, profit.contribution), (60.0, 30.0));
        assert_eq!(profit.measures[0], MeasureRow { measure: Measure::Margin, raw: Some(12.0), score: Some(60.0) });
        assert_eq!(profit.measures[1].measure, Measure::ProfitShare);
    }

    #[test]
    fn next_grade_names_the_points_and_the_levers() {
        // 62 → A at 70: 8 points. Profit could add 0.6 × 50 = 30 (alone it needs 50 + 8 / 0.6);
        // claims 0.4 × 20 = 8 (alone it needs exactly 100).
        let got = explain(&scored(50.0, 80.0), &scoring()).next.expect("B can rise");
        assert_eq!((got.grade, got.bar), (Grade::A, 70.0));
        assert!((got.points_needed - 8.0).abs() < 1e-9);
        assert_eq!(got.levers.len(), 2);
        let [profit, claims] = [got.levers[0], got.levers[1]];
        assert_eq!(profit.indicator, Indicator::Profit);
        assert!((profit.max_gain - 30.0).abs() < 1e-9);
        assert!((profit.score_needed.unwrap() - (50.0 + 8.0 / 0.6)).abs() < 1e-9);
        assert_eq!(claims.indicator, Indicator::Claims);
        assert!((claims.max_gain - 8.0).abs() < 1e-9);
        assert!((claims.score_needed.unwrap() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_lever_that_cannot_do_it_alone_says_so() {
        // 0.6 × 10 + 0.4 × 90 = 42: C. B at 55 needs 13 points; claims can give 0.4 × 10 = 4.
        let got = explain(&scored(10.0, 90.0), &scoring()).next.unwrap();
        assert_eq!(got.grade, Grade::B);
        let claims = got.levers.iter().find(|l| l.indicator == Indicator::Claims).unwrap();
        assert_eq!(claims.score_needed, None);
        assert!((claims.max_gain - 4.0).abs() < 1e-9);
    }

    #[test]
    fn grade_a_and_ungraded_have_no_next_grade() {
        assert_eq!(explain(&scored(100.0, 100.0), &scoring()).next, None);
        let mut prospect = scored(50.0, 50.0);
        prospect.grade = None;
        assert_eq!(explain(&prospect, &scoring()).next, None);
    }

    #[test]
    fn capacity_raises_the_bar_to_reach() {
        let stretched = ScoringSettings { capacity_shift: 5.0, ..scoring() };
        let got = explain(&scored(50.0, 80.0), &stretched).next.unwrap();
        assert_eq!(got.bar, 75.0);
        assert!((got.points_needed - 13.0).abs() < 1e-9);
        // 0.6 × 30 + 0.4 × 60 = 42: C at the default bars, but D when the C bar rises to 45, and
        // what it takes to be kept is 3 points.
        let mut score = scored(30.0, 60.0);
        assert_eq!(score.grade, Some(Grade::C));
        regrade(std::slice::from_mut(&mut score), &stretched);
        let given_up = explain(&score, &stretched);
        assert_eq!(given_up.grade, Some(Grade::D));
        let keep = given_up.next.unwrap();
        assert_eq!((keep.grade, keep.bar), (Grade::C, 45.0));
        assert!((keep.points_needed - 3.0).abs() < 1e-9);
    }
}
