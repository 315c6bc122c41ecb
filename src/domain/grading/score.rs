//! Scoring and grading every customer ([`recompute`]), regrading after a weight, threshold or
//! capacity change, and the preview of such a change before it is applied.
//!
//! Invariants: a customer is graded iff it has a counted order (a prospect has no value to
//! grade yet, and no grade is better than an invented one); every indicator score is 0–100 and
//! the total is their weighted mean; lost customers are scored like everyone else (docs/domain.md §3:
//! they are still evaluated).

use crate::domain::date::Date;
use crate::domain::model::{Customer, Id, Interaction, Lifecycle, Order, ServiceTicket};
use std::collections::HashMap;

use super::grade::Grade;
use super::indicators::{Indicator, Measure, OrderTally, Ratings, Raw, Source};
use super::ledger::{IdHash, Ledger};
use super::retention::{churn_risks_ledger, ChurnRisk};
use super::settings::{band_score, percentile_scores, GradingSettings, Scale, ScoringSettings};

/// Where an indicator's score comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Basis {
    /// Derived from the customer's orders.
    #[default]
    Measured,
    /// From the user's rating.
    Rated,
    /// A rated indicator without a rating: the settings' not-rated score.
    NotRated,
    /// A derived indicator without data: 0 for volume indicators, else the no-data score.
    NoData,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct IndicatorScore {
    /// 0–100.
    pub score: f64,
    pub basis: Basis,
}

/// One customer's value evaluation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerScore {
    pub customer_id: Id,
    pub counted_orders: u32,
    pub raw: Raw,
    /// Each measure's 0–100 score, `None` where its raw value is.
    pub measure_scores: [Option<f64>; Measure::COUNT],
    /// Indexed by [`Indicator::index`].
    pub indicators: [IndicatorScore; Indicator::COUNT],
    /// Weighted total, 0–100.
    pub total: f64,
    /// `None` without a counted order.
    pub grade: Option<Grade>,
}

impl CustomerScore {
    pub fn indicator(&self, indicator: Indicator) -> IndicatorScore {
        self.indicators[indicator.index()]
    }

    /// The indicator scores alone, as the weights and the classifier read them.
    pub fn indicator_scores(&self) -> [f64; Indicator::COUNT] {
        self.indicators.map(|i| i.score)
    }
}

/// What a recompute produces.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recomputed {
    /// One per customer, in the order given.
    pub scores: Vec<CustomerScore>,
    /// Customers with at least one churn-risk flag, in customer order.
    pub churn: Vec<ChurnRisk>,
}

/// Scores and grades every customer and flags churn risks: the one entry point the app calls
/// (and the benchmark times). Orders, interactions, tickets and ratings of customers not in
/// `customers` are ignored; a customer without ratings is not rated. Only the churn flags read
/// the tickets.
pub fn recompute(
    customers: &[Customer],
    orders: &[Order],
    interactions: &[Interaction],
    tickets: &[ServiceTicket],
    ratings: &[Ratings],
    settings: &GradingSettings,
    today: Date,
) -> Recomputed {
    let ledger = Ledger::new(customers, orders, settings.retention.value_window_days, today);
    let scores = score_ledger(customers, &ledger, ratings, &settings.scoring, today);
    let churn = churn_risks_ledger(customers, &ledger, interactions, tickets, &settings.retention, today);
    Recomputed { scores, churn }
}

fn score_ledger(
    customers: &[Customer],
    ledger: &Ledger,
    ratings: &[Ratings],
    scoring: &ScoringSettings,
    today: Date,
) -> Vec<CustomerScore> {
    let tallies = &ledger.tallies;
    let total_profit: i64 = tallies.iter().map(OrderTally::profit).sum();
    let mut ratings_of = HashMap::with_capacity_and_hasher(ratings.len(), IdHash);
    ratings_of.extend(ratings.iter().map(|r| (r.customer_id, r)));
    let mut scores: Vec<CustomerScore> = customers
        .iter()
        .zip(tallies)
        .map(|(customer, tally)| {
            let end = match (customer.lifecycle, tally.last) {
                (Lifecycle::Lost, Some(last)) => last,
                _ => today,
            };
            let mut raw = tally.raw(total_profit, end, today);
            if let Some(r) = ratings_of.get(&customer.id) {
                raw.rate(r);
            }
            CustomerScore { customer_id: customer.id, counted_orders: tally.orders, raw, ..CustomerScore::default() }
        })
        .collect();

    for (m, scale) in scoring.resolved_rules().iter().enumerate() {
        match scale {
            Scale::Bands(points) => {
                for score in &mut scores {
                    score.measure_scores[m] = score.raw.values[m].map(|raw| band_score(points, raw));
                }
            }
            Scale::Percentile => {
                let column: Vec<Option<f64>> = scores.iter().map(|s| s.raw.values[m]).collect();
                let falls = scoring.percentile_falls(Measure::ALL[m]);
                for (score, percentile) in scores.iter_mut().zip(percentile_scores(&column)) {
                    score.measure_scores[m] = percentile.map(|p| if falls { 100.0 - p } else { p });
                }
            }
        }
    }
    for score in &mut scores {
        for indicator in Indicator::ALL {
            score.indicators[indicator.index()] = indicator_score(*indicator, &score.measure_scores, scoring);
        }
    }
    regrade(&mut scores, scoring);
    scores
}

/// The mean of the indicator's measured scores, or its score for missing data.
fn indicator_score(
    indicator: Indicator,
    measure_scores: &[Option<f64>; Measure::COUNT],
    scoring: &ScoringSettings,
) -> IndicatorScore {
    let (sum, n) = indicator
        .measures()
        .iter()
        .filter_map(|m| measure_scores[m.index()])
        .fold((0.0, 0), |(sum, n), s| (sum + s, n + 1));
    let rated = indicator.source() == Source::Rating;
    if n > 0 {
        return IndicatorScore { score: sum / f64::from(n), basis: if rated { Basis::Rated } else { Basis::Measured } };
    }
    missing_score(indicator, scoring)
}

fn missing_score(indicator: Indicator, scoring: &ScoringSettings) -> IndicatorScore {
    if indicator.source() == Source::Rating {
        IndicatorScore { score: scoring.unrated_score, basis: Basis::NotRated }
    } else if indicator.is_volume() {
        IndicatorScore { score: 0.0, basis: Basis::NoData }
    } else {
        IndicatorScore { score: scoring.no_data_score, basis: Basis::NoData }
    }
}

/// Totals and grades again under `scoring`'s weights, thresholds, capacity and missing-value
/// scores, keeping the measure scores: what applying those settings needs. A change of a
/// measure's rule needs a [`recompute`].
pub fn regrade(scores: &mut [CustomerScore], scoring: &ScoringSettings) {
    let thresholds = scoring.effective_thresholds();
    for score in scores {
        for indicator in Indicator::ALL {
            let slot = &mut score.indicators[indicator.index()];
            if matches!(slot.basis, Basis::NotRated | Basis::NoData) {
                *slot = missing_score(*indicator, scoring);
            }
        }
        score.total = scoring.weights.total(&score.indicator_scores());
        score.grade = (score.counted_orders > 0).then(|| thresholds.grade(score.total));
    }
}

/// A customer whose grade differs between two evaluations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradeChange {
    pub customer_id: Id,
    pub from: Option<Grade>,
    pub to: Option<Grade>,
}

/// Customers per grade, and those without a grade.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GradeCounts {
    /// Indexed by [`Grade::index`].
    pub graded: [u32; Grade::COUNT],
    pub ungraded: u32,
}

impl GradeCounts {
    pub fn of(grades: impl IntoIterator<Item = Option<Grade>>) -> GradeCounts {
        let mut counts = GradeCounts::default();
        for grade in grades {
            match grade {
                Some(g) => counts.graded[g.index()] += 1,
                None => counts.ungraded += 1,
            }
        }
        counts
    }

    pub fn get(&self, grade: Grade) -> u32 {
        self.graded[grade.index()]
    }
}

/// The effect of proposed settings before they are applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preview {
    /// Customers whose grade would change, in customer order.
    pub changes: Vec<GradeChange>,
    pub before: GradeCounts,
    pub after: GradeCounts,
}

/// What `proposed` would do to the grades in `scores` (weights, thresholds, capacity and
/// missing-value scores; see [`regrade`]), without changing them.
/// Changed rules need [`recompute`] and [`compare`] instead: a rule changes measured scores.
pub fn preview(scores: &[CustomerScore], proposed: &ScoringSettings) -> Preview {
    let mut after = scores.to_vec();
    regrade(&mut after, proposed);
    compare(scores, &after)
}

/// The grade changes from `before` to `after`, two evaluations of the same customers in the
/// same order.
pub fn compare(before: &[CustomerScore], after: &[CustomerScore]) -> Preview {
    let changes = before
        .iter()
        .zip(after)
        .filter(|(a, b)| a.grade != b.grade)
        .map(|(a, b)| GradeChange { customer_id: a.customer_id, from: a.grade, to: b.grade })
        .collect();
    Preview {
        changes,
        before: GradeCounts::of(before.iter().map(|s| s.grade)),
        after: GradeCounts::of(after.iter().map(|s| s.grade)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::fixtures::{customer, day, line, order};
    use crate::domain::grading::settings::{MeasureRule, Thresholds, Weights};
    use crate::domain::model::{OrderStatus, ProductKind};

    fn settings() -> GradingSettings {
        GradingSettings::default()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_prospect_is_scored_but_not_graded() {
        let today = day(2024, 12, 31);
        let got = recompute(&[customer(1, Lifecycle::Potential)], &[], &[], &[], &[], &settings(), today);
        let score = &got.scores[0];
        assert_eq!(score.grade, None);
        assert_eq!(score.counted_orders, 0);
        // Volume indicators 0; the others neutral 50 (no data, not rated): 100 % − 20 − 15 − 8
        // = 57 % of the weight at 50.
        assert!(close(score.total, 28.5), "{}", score.total);
        assert_eq!(score.indicator(Indicator::Profit), IndicatorScore { score: 0.0, basis: Basis::NoData });
        assert_eq!(score.indicator(Indicator::Shipping), IndicatorScore { score: 50.0, basis: Basis::NoData });
        assert_eq!(score.indicator(Indicator::Communication), IndicatorScore { score: 50.0, basis: Basis::NotRated });
    }

    /// Two customers, hand-scored indicator by indicator.
    #[test]
    fn indicators_and_total_of_a_small_base() {
        let today = day(2024, 12, 31);
        let customers = [customer(1, Lifecycle::Existing), customer(2, Lifecycle::Existing)];
        // Customer 1: one machine order, 10 % margin, ready → shipped 3 days, paid on terms,
        // fully prepaid. Customer 2: two parts orders with 25 % margin, one cancelled order.
        let mut big = order(1, day(2020, 12, 31), vec![line(ProductKind::Machine, 1, 1_000_000, 900_000)]);
        big.ready = Some(day(2021, 1, 10));
        big.shipped = Some(day(2021, 1, 13));
        big.documents_sent = Some(day(2021, 1, 13));
        big.paid = Some(day(2021, 1, 13));
        big.prepaid_percent = 100;
        let parts = |date| {
            let mut o = order(2, date, vec![line(ProductKind::Parts, 10, 1_000, 750)]);
            o.credit_days = 90;
            o
        };
        let mut cancelled = order(2, day(2024, 3, 1), vec![line(ProductKind::Machine, 1, 5_000_000, 1)]);
        cancelled.status = OrderStatus::Cancelled;
        let orders = [big, parts(day(2024, 1, 1)), parts(day(2024, 7, 1)), cancelled];
        let ratings = [Ratings { customer_id: 2, price_sensitivity: 5, communication: 3, ..Ratings::default() }];
        let got = recompute(&customers, &orders, &[], &[], &ratings, &settings(), today);
        let [one, two] = [&got.scores[0], &got.scores[1]];
        let check = |score: &CustomerScore, indicator: Indicator, expected: f64, basis: Basis| {
            let got = score.indicator(indicator);
            assert!(close(got.score, expected) && got.basis == basis, "{} {indicator:?}: {got:?}", score.customer_id);
        };
        // Profit: margin 10 % → 50, share 100,000 of 105,000 → top percentile 100: (50 + 100) / 2.
        check(one, Indicator::Profit, 75.0, Basis::Measured);
        // Margin 25 % → 92.5, share lowest → 0.
        check(two, Indicator::Profit, 46.25, Basis::Measured);
        // Size: ¥1M vs ¥10k per order (100 vs 0); frequency: 0.25/yr vs 2/yr (0 vs 100).
        check(one, Indicator::SizeFrequency, 50.0, Basis::Measured);
        check(two, Indicator::SizeFrequency, 50.0, Basis::Measured);
        check(one, Indicator::Composition, 100.0, Basis::Measured);
        // Prepaid 100 % → 100, 0 credit days → 100; customer 2: 0 % → 0, 90 days → 40.
        check(one, Indicator::PaymentTerms, 100.0, Basis::Measured);
        check(two, Indicator::PaymentTerms, 20.0, Basis::Measured);
        // Four years → 70; 0.5 years → 15.
        check(one, Indicator::Cooperation, 70.0 + 10.0 * (1461.0 / 365.25 - 4.0), Basis::Measured);
        check(two, Indicator::Cooperation, 30.0 * 365.0 / 365.25, Basis::Measured);
        check(one, Indicator::Shipping, 80.0, Basis::Measured);
        check(one, Indicator::Payment, 100.0, Basis::Measured);
        check(two, Indicator::Shipping, 50.0, Basis::NoData);
        check(two, Indicator::PriceSensitivity, 0.0, Basis::Rated);
        check(two, Indicator::Communication, 50.0, Basis::Rated);
        check(two, Indicator::IndustryInfluence, 50.0, Basis::NotRated);
        // Shipped without a claim: claim rate 0 → 100; settled share has no claims to measure.
        check(one, Indicator::Claims, 100.0, Basis::Measured);
        let expected_total = Weights::default().total(&one.indicator_scores());
        assert!(close(one.total, expected_total));
        assert_eq!(one.grade, Some(settings().scoring.effective_thresholds().grade(one.total)));
        assert!(got.scores.iter().all(|s| s.grade.is_some()));
    }

    #[test]
    fn a_lost_customer_keeps_its_evaluation() {
        let today = day(2024, 12, 31);
        let orders =
            [order(1, day(2019, 1, 1), vec![line(ProductKind::Parts, 1, 100, 80)]), order(1, day(2021, 1, 1), vec![])];
        let got = recompute(&[customer(1, Lifecycle::Lost)], &orders, &[], &[], &[], &settings(), today);
        assert!(got.scores[0].grade.is_some());
        // Cooperation ends at the last order: two years, 731 days.
        assert_eq!(got.scores[0].raw.get(Measure::CooperationYears), Some(731.0 / 365.25));
        assert!(got.churn.is_empty(), "a lost customer is no longer at risk");
    }

    #[test]
    fn a_rule_setting_changes_the_scale() {
        let today = day(2024, 12, 31);
        let customers = [customer(1, Lifecycle::Existing), customer(2, Lifecycle::Existing)];
        let orders = [
            order(1, day(2024, 1, 1), vec![line(ProductKind::Parts, 1, 100, 90)]),
            order(2, day(2024, 1, 1), vec![line(ProductKind::Parts, 1, 100, 70)]),
        ];
        let mut settings = settings();
        settings.scoring.rules = vec![MeasureRule { measure: Measure::Margin, scale: Scale::Percentile }];
        let got = recompute(&customers, &orders, &[], &[], &[], &settings, today);
        assert_eq!(got.scores[0].measure_scores[Measure::Margin.index()], Some(0.0));
        assert_eq!(got.scores[1].measure_scores[Measure::Margin.index()], Some(100.0));
    }

    /// A machine-only buyer (1 product per order) and a full-solution buyer (machine, two parts,
    /// a service: 4), scored on composition in each direction, by the default bands and by
    /// percentile.
    #[test]
    fn composition_scores_in_the_chosen_direction() {
        use crate::domain::grading::settings::CompositionDirection::{self, Fewer, More};
        use crate::domain::model::OrderLine;
        let today = day(2024, 12, 31);
        let customers = [customer(1, Lifecycle::Existing), customer(2, Lifecycle::Existing)];
        let named = |kind, product: &str| OrderLine { product: product.to_owned(), ..line(kind, 1, 100, 80) };
        let solution = vec![
            named(ProductKind::Machine, "SD16"),
            named(ProductKind::Parts, "Filter"),
            named(ProductKind::Parts, "Tooth"),
            named(ProductKind::Service, "Inspection"),
        ];
        let orders =
            [order(1, day(2024, 1, 1), vec![named(ProductKind::Machine, "SD16")]), order(2, day(2024, 1, 1), solution)];
        let composition = |direction: CompositionDirection, percentile: bool| {
            let mut settings = settings();
            settings.scoring.composition_direction = direction;
            if percentile {
                settings.scoring.set_rule(Measure::KindsPerOrder, Scale::Percentile);
            }
            let got = recompute(&customers, &orders, &[], &[], &[], &settings, today);
            [0, 1].map(|i| got.scores[i].indicator(Indicator::Composition).score)
        };
        // Fewer: 1 → 100; 4 lies between 2:80 and 5:40, so 80 − 40 × 2/3. More mirrors it.
        for (direction, percentile, expected) in [
            (Fewer, false, [100.0, 80.0 - 80.0 / 3.0]),
            (More, false, [0.0, 20.0 + 80.0 / 3.0]),
            (Fewer, true, [100.0, 0.0]),
            (More, true, [0.0, 100.0]),
        ] {
            let got = composition(direction, percentile);
            assert!(close(got[0], expected[0]) && close(got[1], expected[1]), "{direction:?} {percentile}: {got:?}");
        }
    }

    fn graded(id: Id, total_at_default: f64) -> CustomerScore {
        // Every indicator at the same score, so the total equals it under any weights.
        let mut score = CustomerScore { customer_id: id, counted_orders: 1, ..CustomerScore::default() };
        score.indicators = [IndicatorScore { score: total_at_default, basis: Basis::Measured }; Indicator::COUNT];
        regrade(std::slice::from_mut(&mut score), &ScoringSettings::default());
        score
    }

    #[test]
    fn capacity_preview_names_who_changes() {
        let scores: Vec<CustomerScore> = [(1, 72.0), (2, 58.0), (3, 66.0), (4, 45.0), (5, 90.0), (6, 42.0), (7, 37.0)]
            .iter()
            .map(|&(id, total)| graded(id, total))
            .collect();
        let grades: Vec<_> = scores.iter().map(|s| s.grade).collect();
        assert_eq!(
            grades,
            [
                Some(Grade::A),
                Some(Grade::B),
                Some(Grade::B),
                Some(Grade::C),
                Some(Grade::A),
                Some(Grade::C),
                Some(Grade::D)
            ]
        );
        let check = |shift: f64, expected: Vec<(Id, Grade, Grade)>, after: [u32; 4]| {
            let proposed = ScoringSettings { capacity_shift: shift, ..ScoringSettings::default() };
            let got = preview(&scores, &proposed);
            let expected: Vec<GradeChange> = expected
                .into_iter()
                .map(|(customer_id, f, t)| GradeChange { customer_id, from: Some(f), to: Some(t) })
                .collect();
            assert_eq!(got.changes, expected, "shift {shift}");
            assert_eq!(got.before.graded, [2, 2, 2, 1]);
            assert_eq!(got.after.graded, after, "shift {shift}");
        };
        check(0.0, vec![], [2, 2, 2, 1]);
        // Stretched: A from 75, B from 60, C from 45: customer 6 is given up.
        check(5.0, vec![(1, Grade::A, Grade::B), (2, Grade::B, Grade::C), (6, Grade::C, Grade::D)], [1, 2, 2, 2]);
        // Room to spare: A from 65, B from 50, C from 35: customer 7 is taken on again.
        check(-5.0, vec![(3, Grade::B, Grade::A), (7, Grade::D, Grade::C)], [3, 1, 3, 0]);
        // The preview leaves the scores as they were.
        assert_eq!(scores[0].grade, Some(Grade::A));
    }

    #[test]
    fn comparing_two_evaluations_names_who_changes() {
        let before = [graded(1, 72.0), graded(2, 58.0), graded(3, 30.0)];
        let after = [graded(1, 60.0), graded(2, 58.0), graded(3, 41.0)];
        let got = compare(&before, &after);
        assert_eq!(
            got.changes,
            [
                GradeChange { customer_id: 1, from: Some(Grade::A), to: Some(Grade::B) },
                GradeChange { customer_id: 3, from: Some(Grade::D), to: Some(Grade::C) },
            ]
        );
        assert_eq!(got.before.graded, [1, 1, 0, 1]);
        assert_eq!(got.after.graded, [0, 2, 1, 0]);
        assert!(compare(&before, &before).changes.is_empty());
    }

    #[test]
    fn regrading_applies_new_weights_and_missing_scores() {
        let mut score = CustomerScore { customer_id: 1, counted_orders: 1, ..CustomerScore::default() };
        score.indicators[Indicator::Profit.index()] = IndicatorScore { score: 100.0, basis: Basis::Measured };
        score.indicators[Indicator::Communication.index()] = IndicatorScore { score: 50.0, basis: Basis::NotRated };
        let mut weights = [0; Indicator::COUNT];
        weights[Indicator::Profit.index()] = 500;
        weights[Indicator::Communication.index()] = 500;
        let scoring = ScoringSettings {
            weights: Weights(weights),
            unrated_score: 0.0,
            thresholds: Thresholds { a: 80.0, b: 50.0, c: 20.0 },
            ..ScoringSettings::default()
        };
        let mut scores = vec![score];
        regrade(&mut scores, &scoring);
        assert!(close(scores[0].total, 50.0));
        assert_eq!(scores[0].grade, Some(Grade::B));
        assert_eq!(
            scores[0].indicator(Indicator::Communication),
            IndicatorScore { score: 0.0, basis: Basis::NotRated }
        );
    }

    #[test]
    fn grade_counts_count_ungraded_apart() {
        let counts = GradeCounts::of([Some(Grade::A), None, Some(Grade::D), Some(Grade::A)]);
        assert_eq!(counts, GradeCounts { graded: [2, 0, 0, 1], ungraded: 1 });
        assert_eq!(counts.get(Grade::A), 2);
    }
}
