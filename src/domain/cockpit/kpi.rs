//! The cockpit's sales, customer and service figures, each a pure function of plain totals the
//! pages behind the tiles already show, so a tile and its page cannot disagree. A figure
//! without a base (no quota, no new opportunities, no graded customers, no answers) is `None`.

use super::judge::{Judgement, Rule};
use crate::domain::funnel::quota::{attainment, CategoryTotals};
use crate::domain::grading::grade::Grade;
use crate::domain::grading::score::GradeCounts;
use crate::domain::money::Cny;

/// Won against the quota of a month or quarter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuotaProgress {
    /// Won ÷ quota (above 1 once the quota is beaten).
    pub share: f64,
    /// What is left to win (zero once the quota is reached).
    pub remaining: Cny,
}

/// `None` without a (positive) quota. The funnel's attainment, so the tile reads as the quota
/// page does.
pub fn quota_progress(won: Cny, quota: Cny) -> Option<QuotaProgress> {
    let reached = attainment(quota, &CategoryTotals { closed: won, ..CategoryTotals::default() });
    Some(QuotaProgress { share: reached.attained?, remaining: reached.gap })
}

/// Open pipeline against what is left of the quota.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Coverage {
    /// No quota set for the period: nothing to cover.
    NoQuota,
    /// Won already reaches the quota: any pipeline is a surplus, there is no ratio to show.
    QuotaMet,
    /// Open pipeline ÷ remaining quota.
    Times(f64),
}

impl Coverage {
    /// A met quota is acceptable whatever the lines; without a quota there is nothing to judge.
    pub fn judge(self, rule: &Rule) -> Option<Judgement> {
        match self {
            Coverage::NoQuota => None,
            Coverage::QuotaMet => Some(Judgement::Acceptable),
            Coverage::Times(times) => rule.judge(Some(times)),
        }
    }
}

/// Pipeline coverage = open pipeline ÷ remaining quota (Salesforce's definition, issue 23).
pub fn pipeline_coverage(open_pipeline: Cny, won: Cny, quota: Cny) -> Coverage {
    match quota_progress(won, quota) {
        None => Coverage::NoQuota,
        Some(progress) if progress.remaining == Cny::ZERO => Coverage::QuotaMet,
        Some(progress) => Coverage::Times(open_pipeline.fen() as f64 / progress.remaining.fen() as f64),
    }
}

/// Conversion of new opportunities: of those created in the period, the share won so far.
pub fn conversion(created: u32, won: u32) -> Option<f64> {
    ratio(won.into(), created.into())
}

/// The grade mix of graded active customers (the grading page's `Distribution::active`), each
/// grade's share as a fraction, indexed by [`Grade::index`]; `None` without graded customers.
/// The D share is the tile the seed's 3 % line judges.
pub fn grade_shares(active: &GradeCounts) -> Option<[f64; Grade::COUNT]> {
    let graded: u32 = active.graded.iter().sum();
    (graded > 0).then(|| active.graded.map(|count| f64::from(count) / f64::from(graded)))
}

/// What the parts counter did with requests in a period, counted in order lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartsRequests {
    /// Lines filled from stock and paid.
    pub sales: u32,
    /// Lines the customer asked for and went without (bought elsewhere).
    pub lost_sales: u32,
    /// Lines not in stock, ordered in specially for the customer.
    pub special_orders: u32,
}

/// Parts fill rate = paid sales ÷ (sales + lost sales + special orders).
pub fn fill_rate(requests: &PartsRequests) -> Option<f64> {
    let asked = u64::from(requests.sales) + u64::from(requests.lost_sales) + u64::from(requests.special_orders);
    ratio(requests.sales.into(), asked)
}

/// Service absorption = (parts + service gross profit) ÷ fixed costs: how much of the dealer's
/// fixed costs the aftermarket pays for. `None` without fixed costs.
pub fn service_absorption(parts_gross_profit: Cny, service_gross_profit: Cny, fixed_costs: Cny) -> Option<f64> {
    (fixed_costs > Cny::ZERO)
        .then(|| (parts_gross_profit + service_gross_profit).fen() as f64 / fixed_costs.fen() as f64)
}

/// SLA met % = tickets that met their SLA ÷ tickets whose SLA came due in the period.
pub fn sla_met(met: u32, missed: u32) -> Option<f64> {
    ratio(met.into(), u64::from(met) + u64::from(missed))
}

/// CSAT = answers at `satisfied_from` or above ÷ answers, on a 1–5 scale; ratings off the scale
/// are not answers.
pub fn csat(ratings: &[u8], satisfied_from: u8) -> Option<f64> {
    let answers = ratings.iter().filter(|r| (1..=5).contains(*r));
    let (count, satisfied) = answers
        .fold((0u32, 0u32), |(count, satisfied), &rating| (count + 1, satisfied + u32::from(rating >= satisfied_from)));
    ratio(satisfied.into(), count.into())
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cockpit::judge::CockpitSettings;

    fn yuan(amount: i64) -> Cny {
        Cny::from_yuan(amount)
    }

    #[test]
    fn won_against_quota() {
        for (won, quota, expected) in [
            // ¥300 of ¥1,000: 30 %, ¥700 to go.
            (300, 1_000, Some((0.3, 700))),
            // ¥1,500 of ¥1,000: 150 %, nothing left.
            (1_500, 1_000, Some((1.5, 0))),
            (0, 800, Some((0.0, 800))),
            // No quota: no figure.
            (500, 0, None),
        ] {
            let got = quota_progress(yuan(won), yuan(quota)).map(|p| (p.share, p.remaining));
            assert_eq!(got, expected.map(|(share, left)| (share, yuan(left))), "{won} of {quota}");
        }
    }

    #[test]
    fn coverage_of_the_remaining_quota() {
        for (open, won, quota, expected) in [
            // ¥2,800 open against ¥1,000 − ¥300 = ¥700 left: 4×.
            (2_800, 300, 1_000, Coverage::Times(4.0)),
            // ¥1,050 against ¥700: 1.5×.
            (1_050, 300, 1_000, Coverage::Times(1.5)),
            // Nothing open, ¥700 left: 0×.
            (0, 300, 1_000, Coverage::Times(0.0)),
            // Exactly met, or beaten: no ratio.
            (5_000, 1_000, 1_000, Coverage::QuotaMet),
            (0, 1_200, 1_000, Coverage::QuotaMet),
            (5_000, 0, 0, Coverage::NoQuota),
        ] {
            assert_eq!(pipeline_coverage(yuan(open), yuan(won), yuan(quota)), expected, "{open} {won} {quota}");
        }
        let rule = CockpitSettings::default().pipeline_coverage;
        for (coverage, expected) in [
            (Coverage::Times(4.0), Some(Judgement::Acceptable)),
            (Coverage::Times(1.5), Some(Judgement::Critical)),
            (Coverage::QuotaMet, Some(Judgement::Acceptable)),
            (Coverage::NoQuota, None),
        ] {
            assert_eq!(coverage.judge(&rule), expected, "{coverage:?}");
        }
    }

    #[test]
    fn ratios_without_a_base_are_no_figure() {
        for (got, expected) in [
            // 6 of 24 new opportunities won: 25 %.
            (conversion(24, 6), Some(0.25)),
            (conversion(0, 0), None),
            // 17 met, 3 missed: 17 ÷ 20 = 85 %.
            (sla_met(17, 3), Some(0.85)),
            (sla_met(0, 4), Some(0.0)),
            (sla_met(0, 0), None),
            // 90 paid lines, 6 lost, 4 special orders: 90 ÷ 100.
            (fill_rate(&PartsRequests { sales: 90, lost_sales: 6, special_orders: 4 }), Some(0.9)),
            (fill_rate(&PartsRequests { sales: 0, lost_sales: 5, special_orders: 0 }), Some(0.0)),
            (fill_rate(&PartsRequests::default()), None),
            // (¥600 + ¥300) ÷ ¥750 = 120 %; a loss in service pulls it down: (¥600 − ¥150) ÷ ¥750 = 60 %.
            (service_absorption(yuan(600), yuan(300), yuan(750)), Some(1.2)),
            (service_absorption(yuan(600), yuan(-150), yuan(750)), Some(0.6)),
            (service_absorption(yuan(600), yuan(300), Cny::ZERO), None),
        ] {
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn csat_counts_the_top_boxes() {
        for (ratings, from, expected) in [
            // 5, 4, 4 satisfied of 5 answers: 60 %.
            (&[5, 4, 3, 4, 1][..], 4, Some(0.6)),
            // With only 5 satisfied: 1 of 5.
            (&[5, 4, 3, 4, 1][..], 5, Some(0.2)),
            // 0 and 9 are not on the scale: 1 of 2.
            (&[0, 5, 9, 2][..], 4, Some(0.5)),
            (&[][..], 4, None),
            (&[0, 6][..], 4, None),
        ] {
            assert_eq!(csat(ratings, from), expected, "{ratings:?}");
        }
    }

    #[test]
    fn grade_mix_and_the_d_share() {
        // 10 A, 30 B, 56 C, 4 D of 100 graded; the ungraded do not count.
        let counts = GradeCounts { graded: [10, 30, 56, 4], ungraded: 7 };
        assert_eq!(grade_shares(&counts), Some([0.1, 0.3, 0.56, 0.04]));
        let d_share = grade_shares(&counts).map(|s| s[Grade::D.index()]);
        // 4 % is over the 3 % line.
        assert_eq!(CockpitSettings::default().d_share.judge(d_share), Some(Judgement::Critical));
        assert_eq!(grade_shares(&GradeCounts { graded: [0; 4], ungraded: 3 }), None);
    }
}
