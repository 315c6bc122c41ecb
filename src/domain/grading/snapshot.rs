//! Grade history: a dated snapshot of every customer's score and grade, kept at each
//! recompute, the grade changes between two snapshots (for the customers' timelines), and one
//! customer's trend across snapshots.

use crate::domain::date::Date;
use crate::domain::model::{Customer, Id, Interaction, Order};
use serde::{Deserialize, Serialize};

use super::grade::Grade;
use super::indicators::Ratings;
use super::score::{recompute, CustomerScore, GradeChange};
use super::settings::GradingSettings;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnapshotEntry {
    pub customer_id: Id,
    /// The total in tenths of a point (725 = 72.5), compact to store.
    pub score_tenths: u16,
    pub grade: Option<Grade>,
}

/// Every customer's grade on one date, sorted by customer id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradeSnapshot {
    pub date: Option<Date>,
    pub entries: Vec<SnapshotEntry>,
}

/// The snapshot of a recompute's scores on `date`.
pub fn snapshot(scores: &[CustomerScore], date: Date) -> GradeSnapshot {
    let mut entries: Vec<SnapshotEntry> = scores
        .iter()
        .map(|s| SnapshotEntry {
            customer_id: s.customer_id,
            score_tenths: (s.total * 10.0).round().clamp(0.0, 1000.0) as u16,
            grade: s.grade,
        })
        .collect();
    entries.sort_unstable_by_key(|e| e.customer_id);
    GradeSnapshot { date: Some(date), entries }
}

impl GradeSnapshot {
    pub fn entry(&self, customer_id: Id) -> Option<&SnapshotEntry> {
        self.entries.binary_search_by_key(&customer_id, |e| e.customer_id).ok().map(|i| &self.entries[i])
    }
}

/// Customers whose grade differs from `older` to `newer`, by id. A customer new in `newer`
/// changes from `None` when it has a grade; a customer gone from `newer` (deleted) is left out.
pub fn diff(older: &GradeSnapshot, newer: &GradeSnapshot) -> Vec<GradeChange> {
    newer
        .entries
        .iter()
        .filter_map(|entry| {
            let from = older.entry(entry.customer_id).and_then(|e| e.grade);
            (from != entry.grade).then_some(GradeChange { customer_id: entry.customer_id, from, to: entry.grade })
        })
        .collect()
}

/// One point of a customer's grade trend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrendPoint {
    pub date: Date,
    pub score_tenths: u16,
    pub grade: Option<Grade>,
}

/// A customer's grade over time, oldest first, from snapshots in any order.
pub fn trend(snapshots: &[GradeSnapshot], customer_id: Id) -> Vec<TrendPoint> {
    let mut points: Vec<TrendPoint> = snapshots
        .iter()
        .filter_map(|s| {
            let entry = s.entry(customer_id)?;
            Some(TrendPoint { date: s.date?, score_tenths: entry.score_tenths, grade: entry.grade })
        })
        .collect();
    points.sort_by_key(|p| p.date);
    points
}

/// The snapshots of the last day of each of the `months` whole months before `today`'s, oldest
/// first, each recomputed as of that day: only orders dated by then count, and ages and gaps are
/// measured from it. A workspace that arrives with years of orders (the demo, an import) so has a
/// grade trend from the start instead of one point.
pub fn month_end_history(
    customers: &[Customer],
    orders: &[Order],
    interactions: &[Interaction],
    ratings: &[Ratings],
    settings: &GradingSettings,
    today: Date,
    months: u32,
) -> Vec<GradeSnapshot> {
    let this_month = today.month_of();
    (1..=months as i32)
        .rev()
        .map(|back| {
            let month_end = (this_month + (1 - back)).first_day().add_days(-1);
            // Snapshots keep the grades only, which no ticket changes.
            snapshot(&recompute(customers, orders, interactions, &[], ratings, settings, month_end).scores, month_end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::fixtures::{customer, day, line, order};
    use crate::domain::model::{Lifecycle, ProductKind};

    fn scores(list: &[(Id, f64, Option<Grade>)]) -> Vec<CustomerScore> {
        list.iter()
            .map(|&(customer_id, total, grade)| CustomerScore { customer_id, total, grade, ..CustomerScore::default() })
            .collect()
    }

    #[test]
    fn snapshots_sort_by_id_and_round_scores() {
        let got = snapshot(&scores(&[(9, 72.46, Some(Grade::A)), (3, 12.06, None)]), day(2024, 5, 1));
        assert_eq!(got.date, Some(day(2024, 5, 1)));
        assert_eq!(
            got.entries,
            vec![
                SnapshotEntry { customer_id: 3, score_tenths: 121, grade: None },
                SnapshotEntry { customer_id: 9, score_tenths: 725, grade: Some(Grade::A) },
            ]
        );
        let text = serde_json::to_string(&got).unwrap();
        assert_eq!(serde_json::from_str::<GradeSnapshot>(&text).unwrap(), got);
    }

    #[test]
    fn diff_lists_changed_and_newly_graded_customers() {
        let older = snapshot(
            &scores(&[(1, 0.0, Some(Grade::A)), (2, 0.0, Some(Grade::B)), (3, 0.0, None), (4, 0.0, Some(Grade::C))]),
            day(2024, 1, 1),
        );
        let newer = snapshot(
            &scores(&[
                (1, 0.0, Some(Grade::B)),
                (2, 0.0, Some(Grade::B)),
                (3, 0.0, Some(Grade::D)),
                (5, 0.0, Some(Grade::C)),
                (6, 0.0, None),
            ]),
            day(2024, 2, 1),
        );
        let change = |customer_id, from, to| GradeChange { customer_id, from, to };
        assert_eq!(
            diff(&older, &newer),
            vec![
                change(1, Some(Grade::A), Some(Grade::B)),
                change(3, None, Some(Grade::D)),
                change(5, None, Some(Grade::C))
            ]
        );
        assert_eq!(diff(&newer, &newer), vec![]);
    }

    #[test]
    fn trend_orders_points_by_date() {
        let a = snapshot(&scores(&[(1, 60.0, Some(Grade::B))]), day(2024, 3, 1));
        let b = snapshot(&scores(&[(1, 71.0, Some(Grade::A))]), day(2024, 1, 1));
        let c = snapshot(&scores(&[(2, 71.0, Some(Grade::A))]), day(2024, 2, 1));
        assert_eq!(
            trend(&[a, b, c], 1),
            vec![
                TrendPoint { date: day(2024, 1, 1), score_tenths: 710, grade: Some(Grade::A) },
                TrendPoint { date: day(2024, 3, 1), score_tenths: 600, grade: Some(Grade::B) },
            ]
        );
    }

    #[test]
    fn month_end_history_counts_only_the_orders_known_then() {
        let customers = [customer(1, Lifecycle::Existing), customer(2, Lifecycle::Existing)];
        let machine = || vec![line(ProductKind::Machine, 1, 100_000, 80_000)];
        let orders = [
            order(1, day(2023, 6, 10), machine()),
            order(1, day(2024, 1, 20), machine()),
            order(2, day(2024, 2, 5), machine()),
        ];
        let history =
            month_end_history(&customers, &orders, &[], &[], &GradingSettings::default(), day(2024, 3, 15), 3);
        let dates: Vec<Option<Date>> = history.iter().map(|s| s.date).collect();
        assert_eq!(dates, [Some(day(2023, 12, 31)), Some(day(2024, 1, 31)), Some(day(2024, 2, 29))]);
        let graded = |s: &GradeSnapshot, id| s.entry(id).and_then(|e| e.grade).is_some();
        // Customer 2's first order is in February: no grade at the end of December or January.
        assert!(graded(&history[0], 1) && !graded(&history[0], 2));
        assert!(!graded(&history[1], 2));
        assert!(graded(&history[2], 2));
        // Customer 1's January order raises its order frequency, and with it its score.
        let score = |s: &GradeSnapshot| s.entry(1).map(|e| e.score_tenths);
        assert_ne!(score(&history[0]), score(&history[1]));
        assert!(month_end_history(&customers, &orders, &[], &[], &GradingSettings::default(), day(2024, 3, 15), 0)
            .is_empty());
    }
}
