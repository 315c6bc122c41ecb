//! The opportunity list's filters (owner, region, product, stage, age, close month) and its
//! order, shared by the kanban and the list. The region is the customer's province code, which
//! the caller looks up (`region_of`).

use super::stage::rank;
use crate::domain::customers::query::normalise;
use crate::domain::date::{Date, Month};
use crate::domain::model::{FunnelStage, Id, Opportunity};
use std::cmp::Reverse;

/// Every set field must match; the default matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpportunityFilter {
    pub owner: Option<Id>,
    pub region: Option<String>,
    pub product: Option<String>,
    pub stage: Option<FunnelStage>,
    /// At least this many days since the opportunity was created.
    pub min_age_days: Option<u32>,
    /// Expected to close in this month (a result: decided in it).
    pub close_month: Option<Month>,
}

/// Days since the opportunity was created (its first dated stage when `created` is missing);
/// `None` when nothing is dated.
pub fn age_days(opportunity: &Opportunity, today: Date) -> Option<i32> {
    let first = opportunity.created.or_else(|| opportunity.history.iter().filter_map(|c| c.date).min())?;
    Some(today.days_since(first).max(0))
}

/// The day an opportunity closes for the close-month filter: the result's day when decided,
/// else the expected close date.
pub fn close_day(opportunity: &Opportunity) -> Option<Date> {
    super::stage::closed_on(opportunity).or(opportunity.expected_close)
}

impl OpportunityFilter {
    pub fn matches(&self, opportunity: &Opportunity, region: &str, today: Date) -> bool {
        self.owner.is_none_or(|o| o == opportunity.owner)
            && self.region.as_deref().is_none_or(|r| r == region)
            && self.product.as_deref().is_none_or(|p| p == opportunity.product)
            && self.stage.is_none_or(|s| s == opportunity.stage)
            && self.min_age_days.is_none_or(|min| age_days(opportunity, today).is_some_and(|a| a >= min as i32))
            && self.close_month.is_none_or(|m| close_day(opportunity).is_some_and(|d| d.month_of() == m))
    }
}

/// Positions of the opportunities that match, in funnel order, then soonest close first (none
/// last), then largest value, then id.
pub fn query<'a>(
    opportunities: &[Opportunity],
    filter: &OpportunityFilter,
    region_of: impl Fn(Id) -> &'a str,
    today: Date,
) -> Vec<usize> {
    let mut found: Vec<usize> = (0..opportunities.len())
        .filter(|&i| filter.matches(&opportunities[i], region_of(opportunities[i].customer_id), today))
        .collect();
    found.sort_by_key(|&i| {
        let o = &opportunities[i];
        (
            rank(o.stage),
            o.stage == FunnelStage::Lost,
            o.expected_close.is_none(),
            o.expected_close,
            Reverse(o.value),
            o.id,
        )
    });
    found
}

/// The form's customer search: the customers (in the order given, by name) whose name holds
/// every term of `search` (width and case folded, as the customer list searches), names that
/// start with the first term first; at most `limit`, with the number matched in all.
pub fn customer_matches<'a>(customers: &[(Id, &'a str)], search: &str, limit: usize) -> (Vec<(Id, &'a str)>, usize) {
    let search = normalise(search);
    let terms: Vec<&str> = search.split(' ').filter(|t| !t.is_empty()).collect();
    let Some(first) = terms.first() else { return (Vec::new(), 0) };
    let mut found: Vec<(bool, Id, &str)> = customers
        .iter()
        .filter_map(|&(id, name)| {
            let folded = normalise(name);
            terms.iter().all(|t| folded.contains(t)).then(|| (!folded.starts_with(first), id, name))
        })
        .collect();
    let total = found.len();
    // Stable: within each kind the caller's order (by name) stays.
    found.sort_by_key(|(later, _, _)| *later);
    (found.into_iter().take(limit).map(|(_, id, name)| (id, name)).collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_search_finds_every_term_prefixes_first() {
        let customers = [
            (1, "Acme Corporation"),
            (2, "Betasoloin"),
            (3, "Cancity"),
            (4, "ＡＣＭＥ东方"),
            (5, "Big Acme Works"),
            (6, "Isdom"),
        ];
        for (search, limit, expected, total) in [
            ("acme", 10, vec![1, 4, 5], 3),
            ("  ACME  ", 2, vec![1, 4], 3),
            ("acme works", 10, vec![5], 1),
            ("ci", 10, vec![3], 1),
            ("东方", 10, vec![4], 1),
            ("o", 10, vec![1, 2, 5, 6], 4),
            ("zzz", 10, vec![], 0),
            ("", 10, vec![], 0),
        ] {
            let (found, n) = customer_matches(&customers, search, limit);
            assert_eq!((found.iter().map(|(id, _)| *id).collect::<Vec<_>>(), n), (expected, total), "{search:?}");
        }
    }
    use crate::domain::model::StageChange;
    use crate::domain::money::Cny;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn opportunities() -> Vec<Opportunity> {
        let o = |id, customer_id, owner, product: &str, stage, created: &str, close: Option<&str>, yuan| Opportunity {
            id,
            customer_id,
            owner,
            product: product.into(),
            stage,
            created: Some(d(created)),
            expected_close: close.map(d),
            value: Cny::from_yuan(yuan),
            history: vec![StageChange { stage, date: Some(d(created)) }],
            ..Opportunity::default()
        };
        use FunnelStage as S;
        vec![
            o(1, 10, 3, "SY215C", S::Develop, "2024-01-01", Some("2024-06-30"), 100),
            o(2, 11, 4, "SY75C", S::Identify, "2024-05-01", Some("2024-07-15"), 50),
            o(3, 10, 4, "SY215C", S::Won, "2024-02-01", Some("2024-04-30"), 80),
            o(4, 12, 3, "SY75C", S::Identify, "2024-05-20", None, 70),
            o(5, 12, 3, "SY75C", S::Identify, "2024-05-20", Some("2024-07-01"), 90),
            o(6, 11, 3, "SY75C", S::Lost, "2024-03-01", None, 10),
        ]
    }

    #[test]
    fn filters_combine_and_order_follows_the_funnel() {
        let all = opportunities();
        let region = |customer: Id| match customer {
            10 => "43",
            11 => "44",
            _ => "",
        };
        let today = d("2024-06-01");
        let check = |filter: OpportunityFilter, expected: &[Id]| {
            let ids: Vec<Id> = query(&all, &filter, region, today).iter().map(|&i| all[i].id).collect();
            assert_eq!(ids, expected, "{filter:?}");
        };
        let f = OpportunityFilter::default;
        check(f(), &[5, 2, 4, 1, 3, 6]);
        check(OpportunityFilter { owner: Some(4), ..f() }, &[2, 3]);
        check(OpportunityFilter { region: Some("44".into()), ..f() }, &[2, 6]);
        check(OpportunityFilter { product: Some("SY215C".into()), ..f() }, &[1, 3]);
        check(OpportunityFilter { stage: Some(FunnelStage::Identify), owner: Some(3), ..f() }, &[5, 4]);
        check(OpportunityFilter { min_age_days: Some(31), ..f() }, &[2, 1, 3, 6]);
        check(OpportunityFilter { min_age_days: Some(32), ..f() }, &[1, 3, 6]);
        check(OpportunityFilter { close_month: Some(Month::new(2024, 7)), ..f() }, &[5, 2]);
        // A won deal closes on its result's day, not its old expected date.
        check(OpportunityFilter { close_month: Some(Month::new(2024, 2)), ..f() }, &[3]);
        assert_eq!(age_days(&Opportunity::default(), today), None);
    }
}
