//! Forecast categories and quotas: what the owners call (pipeline / best case / commit), what
//! is closed, and how that compares with a quota per owner or region per month or quarter.

use super::stage::closed_on;
use crate::domain::date::{Date, Month};
use crate::domain::model::{ForecastCategory, FunnelStage, Id, Opportunity};
use crate::domain::money::Cny;
use serde::{Deserialize, Serialize};

/// The category an opportunity counts in: closed when won, omitted when lost, otherwise the
/// owner's call (pipeline until made; a call of "closed" on an open deal counts as commit).
pub fn category(opportunity: &Opportunity) -> ForecastCategory {
    match opportunity.stage {
        FunnelStage::Won => ForecastCategory::Closed,
        FunnelStage::Lost => ForecastCategory::Omitted,
        _ => match opportunity.forecast_category.unwrap_or(ForecastCategory::Pipeline) {
            ForecastCategory::Closed => ForecastCategory::Commit,
            other => other,
        },
    }
}

/// A calendar month or quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Period {
    Month(Month),
    /// `quarter` is 1–4.
    Quarter {
        year: i32,
        quarter: u32,
    },
}

impl Period {
    /// The quarter holding `month`.
    pub fn quarter_of(month: Month) -> Period {
        Period::Quarter { year: month.year(), quarter: (month.month() - 1) / 3 + 1 }
    }

    pub fn first_day(self) -> Date {
        match self {
            Period::Month(month) => month.first_day(),
            Period::Quarter { year, quarter } => Month::new(year, quarter.clamp(1, 4) * 3 - 2).first_day(),
        }
    }

    /// The first day after the period.
    pub fn end(self) -> Date {
        match self {
            Period::Month(month) => (month + 1).first_day(),
            Period::Quarter { .. } => self.first_day().add_months(3),
        }
    }

    pub fn contains(self, date: Date) -> bool {
        self.first_day() <= date && date < self.end()
    }
}

/// A target of won value for one owner, one region, or (both `None`) the whole company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub owner: Option<Id>,
    /// The region's key as the caller names regions (a province code, an office).
    pub region: Option<String>,
    pub period: Period,
    pub amount: Cny,
}

/// Value per category in a period: closed counts deals won in it, the others open deals
/// expected to close in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CategoryTotals {
    pub closed: Cny,
    pub commit: Cny,
    pub best_case: Cny,
    pub pipeline: Cny,
    pub omitted: Cny,
}

/// The category totals in `period` of the opportunities `belongs` keeps (an owner's, a region's).
pub fn category_totals<'a>(
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
    period: Period,
    belongs: impl Fn(&Opportunity) -> bool,
) -> CategoryTotals {
    let mut totals = CategoryTotals::default();
    for opportunity in opportunities.into_iter().filter(|o| belongs(o)) {
        let day = match opportunity.stage {
            FunnelStage::Won | FunnelStage::Lost => closed_on(opportunity),
            _ => opportunity.expected_close,
        };
        if !day.is_some_and(|day| period.contains(day)) {
            continue;
        }
        let slot = match category(opportunity) {
            ForecastCategory::Closed => &mut totals.closed,
            ForecastCategory::Commit => &mut totals.commit,
            ForecastCategory::BestCase => &mut totals.best_case,
            ForecastCategory::Pipeline => &mut totals.pipeline,
            ForecastCategory::Omitted => continue,
        };
        *slot += opportunity.value;
    }
    totals
}

/// A quota against what is closed and called: each forecast level includes the ones before it
/// (commit = closed + commit, best case = commit + best case). Ratios are `None` for a zero quota.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Attainment {
    pub quota: Cny,
    pub closed: Cny,
    pub commit: Cny,
    pub best_case: Cny,
    /// closed / quota.
    pub attained: Option<f64>,
    pub commit_ratio: Option<f64>,
    pub best_case_ratio: Option<f64>,
    /// What is left to win to reach the quota (zero once reached).
    pub gap: Cny,
}

pub fn attainment(quota: Cny, totals: &CategoryTotals) -> Attainment {
    let commit = totals.closed + totals.commit;
    let best_case = commit + totals.best_case;
    let ratio = |value: Cny| (quota.fen() > 0).then(|| value.fen() as f64 / quota.fen() as f64);
    Attainment {
        quota,
        closed: totals.closed,
        commit,
        best_case,
        attained: ratio(totals.closed),
        commit_ratio: ratio(commit),
        best_case_ratio: ratio(best_case),
        gap: Cny((quota.fen() - totals.closed.fen()).max(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::StageChange;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn categories_follow_results_and_calls() {
        use ForecastCategory as C;
        use FunnelStage as S;
        for (stage, call, expected) in [
            (S::Won, Some(C::Pipeline), C::Closed),
            (S::Lost, Some(C::Commit), C::Omitted),
            (S::Develop, None, C::Pipeline),
            (S::Propose, Some(C::Commit), C::Commit),
            (S::Qualify, Some(C::BestCase), C::BestCase),
            (S::Identify, Some(C::Omitted), C::Omitted),
            (S::Propose, Some(C::Closed), C::Commit),
        ] {
            let o = Opportunity { stage, forecast_category: call, ..Opportunity::default() };
            assert_eq!(category(&o), expected, "{stage:?} {call:?}");
        }
    }

    #[test]
    fn periods_know_their_days() {
        let q2 = Period::quarter_of(Month::new(2024, 5));
        assert_eq!(q2, Period::Quarter { year: 2024, quarter: 2 });
        assert_eq!((q2.first_day(), q2.end()), (d("2024-04-01"), d("2024-07-01")));
        let q4 = Period::Quarter { year: 2024, quarter: 4 };
        assert_eq!(q4.end(), d("2025-01-01"));
        let feb = Period::Month(Month::new(2024, 2));
        assert!(feb.contains(d("2024-02-29")) && !feb.contains(d("2024-03-01")) && !feb.contains(d("2024-01-31")));
    }

    #[test]
    fn totals_and_attainment() {
        let deal = |stage, call, yuan, day: &str| {
            let date = Some(d(day));
            Opportunity {
                stage,
                forecast_category: call,
                value: Cny::from_yuan(yuan),
                owner: 1,
                expected_close: date,
                history: vec![StageChange { stage, date }],
                ..Opportunity::default()
            }
        };
        use ForecastCategory as C;
        use FunnelStage as S;
        let deals = [
            deal(S::Won, None, 300, "2024-04-10"),
            deal(S::Won, None, 999, "2024-03-31"),
            deal(S::Lost, None, 500, "2024-05-01"),
            deal(S::Propose, Some(C::Commit), 200, "2024-06-30"),
            deal(S::Develop, Some(C::BestCase), 150, "2024-05-15"),
            deal(S::Qualify, None, 400, "2024-04-20"),
            deal(S::Qualify, Some(C::Omitted), 800, "2024-04-20"),
            deal(S::Propose, Some(C::Commit), 700, "2024-07-01"),
        ];
        let q2 = Period::Quarter { year: 2024, quarter: 2 };
        let totals = category_totals(&deals, q2, |o| o.owner == 1);
        let yuan = Cny::from_yuan;
        assert_eq!(
            totals,
            CategoryTotals {
                closed: yuan(300),
                commit: yuan(200),
                best_case: yuan(150),
                pipeline: yuan(400),
                omitted: Cny::ZERO
            }
        );
        assert_eq!(category_totals(&deals, q2, |o| o.owner == 2), CategoryTotals::default());
        let a = attainment(yuan(1_000), &totals);
        assert_eq!((a.closed, a.commit, a.best_case, a.gap), (yuan(300), yuan(500), yuan(650), yuan(700)));
        assert_eq!((a.attained, a.commit_ratio, a.best_case_ratio), (Some(0.3), Some(0.5), Some(0.65)));
        let over = attainment(yuan(200), &totals);
        assert_eq!((over.attained, over.gap), (Some(1.5), Cny::ZERO));
        assert_eq!(attainment(Cny::ZERO, &totals).attained, None);
    }
}
