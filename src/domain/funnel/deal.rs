//! An opportunity as forecasts and analytics see it: plain `Copy` data (dates, a value, group
//! keys), so the forecast takes a plain slice and can be called from wasm without records.
//! A [`Deal`] holds the whole known history; [`Deal::as_of`] is what was known on a past day.

use super::stage::{expected_close_as_of, rank, OPEN_STAGES};
use crate::domain::date::Date;
use crate::domain::model::{FunnelStage, Id, Opportunity};
use crate::domain::money::Cny;

/// What a forecast is broken down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    Owner,
    Region,
    Product,
}

/// A deal's group in each dimension. Regions and products are indexes into lists the caller
/// keeps (a province's or office's position, a product's), so a breakdown is by number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DealKeys {
    pub owner: Id,
    pub region: u32,
    pub product: u32,
}

impl DealKeys {
    pub fn key(&self, dimension: Dimension) -> u64 {
        match dimension {
            Dimension::Owner => self.owner,
            Dimension::Region => u64::from(self.region),
            Dimension::Product => u64::from(self.product),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Deal {
    pub value: Cny,
    /// The first day the deal is known to exist.
    pub created: Option<Date>,
    /// The last time each open stage was entered, by [`rank`]; `None` when never or not dated.
    pub entered: [Option<Date>; 4],
    /// The latest stage.
    pub stage: FunnelStage,
    /// The day it was won or lost.
    pub closed: Option<Date>,
    pub expected_close: Option<Date>,
    /// Left out of forecasts by its owner (category "omitted").
    pub omitted: bool,
    pub keys: DealKeys,
}

/// A deal's state on a day: open in a stage since a day (if known), won, lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateAsOf {
    Open { stage: FunnelStage, since: Option<Date> },
    Won(Option<Date>),
    Lost(Option<Date>),
}

impl Deal {
    /// The deal for `opportunity`, with the expected close date as it stood on `known_on` (the
    /// forecast's cutoff; see [`expected_close_as_of`]).
    pub fn of(opportunity: &Opportunity, keys: DealKeys, known_on: Date) -> Deal {
        let mut entered = [None; 4];
        let mut closed = None;
        for change in &opportunity.history {
            match change.stage {
                FunnelStage::Won | FunnelStage::Lost => closed = change.date.or(closed),
                stage => {
                    if change.date.is_some() {
                        entered[rank(stage)] = change.date;
                    }
                }
            }
        }
        let first_dated = opportunity.history.iter().filter_map(|c| c.date).min();
        Deal {
            value: opportunity.value,
            created: match (opportunity.created, first_dated) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            entered,
            stage: opportunity.stage,
            closed: if opportunity.stage.is_open() { None } else { closed },
            expected_close: expected_close_as_of(opportunity, known_on),
            omitted: opportunity.stage.is_open()
                && opportunity.forecast_category == Some(crate::domain::model::ForecastCategory::Omitted),
            keys,
        }
    }

    /// Whether the deal carries no date at all (then it cannot be placed on a past day).
    pub fn is_undated(&self) -> bool {
        self.created.is_none() && self.closed.is_none() && self.entered.iter().all(Option::is_none)
    }

    /// The deal's state at the end of `day`, or `None` when it was not known yet. An undated deal
    /// is known only when `undated_known` (it is in the book now, but its past is unknown).
    pub fn as_of(&self, day: Date, undated_known: bool) -> Option<StateAsOf> {
        if self.is_undated() {
            return undated_known.then_some(match self.stage {
                FunnelStage::Won => StateAsOf::Won(None),
                FunnelStage::Lost => StateAsOf::Lost(None),
                stage => StateAsOf::Open { stage, since: None },
            });
        }
        if self.created.is_some_and(|c| c > day) {
            return None;
        }
        match (self.stage, self.closed) {
            (FunnelStage::Won, Some(closed)) if closed <= day => return Some(StateAsOf::Won(Some(closed))),
            (FunnelStage::Lost, Some(closed)) if closed <= day => return Some(StateAsOf::Lost(Some(closed))),
            _ => {}
        }
        let latest = OPEN_STAGES
            .iter()
            .zip(self.entered)
            .filter_map(|(&stage, date)| date.filter(|&d| d <= day).map(|d| (d, rank(stage), stage)))
            .max();
        Some(match latest {
            Some((since, _, stage)) => StateAsOf::Open { stage, since: Some(since) },
            None if self.stage.is_open() => StateAsOf::Open { stage: self.stage, since: None },
            None => StateAsOf::Open { stage: FunnelStage::Identify, since: None },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{CloseDateChange, ForecastCategory, StageChange};

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn change(stage: FunnelStage, date: &str) -> StageChange {
        StageChange { stage, date: Some(d(date)) }
    }

    #[test]
    fn a_deal_as_it_stood_on_past_days() {
        use FunnelStage as S;
        let opportunity = Opportunity {
            value: Cny::from_yuan(5_000),
            stage: S::Won,
            created: Some(d("2024-01-05")),
            expected_close: Some(d("2024-04-30")),
            close_date_changes: vec![CloseDateChange {
                changed: Some(d("2024-03-01")),
                from: Some(d("2024-03-15")),
                to: Some(d("2024-04-30")),
            }],
            history: vec![
                change(S::Identify, "2024-01-05"),
                change(S::Qualify, "2024-01-20"),
                change(S::Develop, "2024-02-10"),
                change(S::Won, "2024-04-02"),
            ],
            ..Opportunity::default()
        };
        let deal = Deal::of(&opportunity, DealKeys { owner: 3, region: 1, product: 2 }, d("2024-02-15"));
        assert_eq!(deal.expected_close, Some(d("2024-03-15")), "as it stood on the day");
        assert_eq!(deal.closed, Some(d("2024-04-02")));
        assert_eq!(deal.entered, [Some(d("2024-01-05")), Some(d("2024-01-20")), Some(d("2024-02-10")), None]);
        for (day, expected) in [
            ("2024-01-04", None),
            ("2024-01-05", Some(StateAsOf::Open { stage: S::Identify, since: Some(d("2024-01-05")) })),
            ("2024-01-31", Some(StateAsOf::Open { stage: S::Qualify, since: Some(d("2024-01-20")) })),
            ("2024-04-01", Some(StateAsOf::Open { stage: S::Develop, since: Some(d("2024-02-10")) })),
            ("2024-04-02", Some(StateAsOf::Won(Some(d("2024-04-02"))))),
        ] {
            assert_eq!(deal.as_of(d(day), false), expected, "{day}");
        }
    }

    #[test]
    fn undated_deals_are_known_only_now() {
        let opportunity = Opportunity {
            stage: FunnelStage::Identify,
            history: vec![StageChange { stage: FunnelStage::Identify, date: None }],
            forecast_category: Some(ForecastCategory::Omitted),
            ..Opportunity::default()
        };
        let deal = Deal::of(&opportunity, DealKeys::default(), d("2024-01-01"));
        assert!(deal.is_undated() && deal.omitted);
        assert_eq!(deal.as_of(d("2024-01-01"), false), None);
        assert_eq!(
            deal.as_of(d("2024-01-01"), true),
            Some(StateAsOf::Open { stage: FunnelStage::Identify, since: None })
        );
    }

    #[test]
    fn a_step_back_is_the_latest_entry() {
        use FunnelStage as S;
        let opportunity = Opportunity {
            stage: S::Qualify,
            history: vec![
                change(S::Identify, "2024-01-01"),
                change(S::Develop, "2024-02-01"),
                change(S::Qualify, "2024-03-01"),
            ],
            ..Opportunity::default()
        };
        let deal = Deal::of(&opportunity, DealKeys::default(), d("2024-03-05"));
        assert_eq!(
            deal.as_of(d("2024-03-05"), false),
            Some(StateAsOf::Open { stage: S::Qualify, since: Some(d("2024-03-01")) })
        );
        assert_eq!(
            deal.as_of(d("2024-02-15"), false),
            Some(StateAsOf::Open { stage: S::Develop, since: Some(d("2024-02-01")) })
        );
    }
}
