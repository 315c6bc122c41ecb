//! The opportunity form (商机): the draft as typed, its validation (each problem tied to its
//! input, worded like the order form's), and the opportunity a valid draft stores. A new
//! opportunity starts in 鉴别商机 on the day it is created; an edit that moves the expected close
//! date records the change (a later date is a slip).

use super::stage::change_expected_close;
use crate::domain::date::Date;
use crate::domain::fields::{text_problem, FormError, MAX_TEXT};
use crate::domain::model::{ForecastCategory, FunnelStage, Id, LeadSource, Man, Opportunity, StageChange};
use crate::domain::money::{amount_text, parse_cny, AmountError};
use crate::domain::orders::form::OrderError;
use serde::{Deserialize, Serialize};

/// The opportunity as being edited; the value and the date stay text until they are valid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OpportunityDraft {
    pub customer: Option<Id>,
    pub title: String,
    pub product: String,
    pub value: String,
    /// Date-input text (`YYYY-MM-DD`), or empty when not yet known.
    pub expected_close: String,
    pub owner: Option<Id>,
    pub source: LeadSource,
    pub man: Man,
    pub forecast_category: Option<ForecastCategory>,
    /// Ids of the gate criteria ticked as met.
    pub criteria_met: Vec<String>,
    /// The combination whose strategy is recorded as a task (see [`Opportunity::strategy_task`]).
    pub strategy_task: String,
}

/// Which input a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpportunityField {
    Customer,
    Title,
    Product,
    Value,
    ExpectedClose,
    Owner,
}

impl OpportunityDraft {
    /// A new opportunity of `customer` (if known) owned by `owner`.
    pub fn new(customer: Option<Id>, owner: Option<Id>) -> OpportunityDraft {
        OpportunityDraft { customer, owner, ..OpportunityDraft::default() }
    }

    /// The draft of a stored opportunity.
    pub fn of(opportunity: &Opportunity) -> OpportunityDraft {
        OpportunityDraft {
            customer: (opportunity.customer_id != 0).then_some(opportunity.customer_id),
            title: opportunity.title.clone(),
            product: opportunity.product.clone(),
            value: amount_text(opportunity.value),
            expected_close: opportunity.expected_close.map(|d| d.to_string()).unwrap_or_default(),
            owner: (opportunity.owner != 0).then_some(opportunity.owner),
            source: opportunity.source,
            man: opportunity.man,
            forecast_category: opportunity.forecast_category,
            criteria_met: opportunity.criteria_met.clone(),
            strategy_task: opportunity.strategy_task.clone(),
        }
    }

    /// The opportunity to store: `base` (the stored one, or a new record with its id) with the
    /// draft's values; a new one (empty history) enters 鉴别商机 on `today`, a changed close date
    /// of a stored one is recorded on `today`. Call only for a draft [`validate`] accepts.
    pub fn apply(&self, base: &Opportunity, today: Date) -> Opportunity {
        let mut opportunity = base.clone();
        opportunity.customer_id = self.customer.unwrap_or(base.customer_id);
        opportunity.title = self.title.trim().to_owned();
        opportunity.product = self.product.trim().to_owned();
        opportunity.value = parse_cny(&self.value).unwrap_or(base.value);
        opportunity.owner = self.owner.unwrap_or(base.owner);
        opportunity.source = self.source;
        opportunity.man = self.man;
        opportunity.forecast_category = self.forecast_category;
        opportunity.criteria_met = self.criteria_met.clone();
        opportunity.strategy_task = self.strategy_task.clone();
        let close = Date::parse(self.expected_close.trim()).ok();
        if base.history.is_empty() {
            opportunity.stage = FunnelStage::Identify;
            opportunity.created = Some(today);
            opportunity.history = vec![StageChange { stage: FunnelStage::Identify, date: Some(today) }];
            opportunity.expected_close = close;
        } else {
            change_expected_close(&mut opportunity, close, today);
        }
        opportunity
    }
}

/// Every problem of `draft`, in form order; empty when it can be saved.
pub fn validate(draft: &OpportunityDraft) -> Vec<(OpportunityField, OrderError)> {
    let mut problems = Vec::new();
    let mut push = |field, error: OrderError| problems.push((field, error));
    if draft.customer.is_none() {
        push(OpportunityField::Customer, FormError::Required.into());
    }
    let title = draft.title.trim();
    if title.is_empty() {
        push(OpportunityField::Title, FormError::Required.into());
    } else if let Some(error) = text_problem(title, MAX_TEXT) {
        push(OpportunityField::Title, error.into());
    }
    if let Some(error) = text_problem(draft.product.trim(), MAX_TEXT) {
        push(OpportunityField::Product, error.into());
    }
    match parse_cny(&draft.value) {
        Ok(_) => {}
        Err(AmountError::Empty) => push(OpportunityField::Value, FormError::Required.into()),
        Err(error) => push(OpportunityField::Value, OrderError::Amount(error)),
    }
    let close = draft.expected_close.trim();
    if !close.is_empty() && Date::parse(close).is_err() {
        push(OpportunityField::ExpectedClose, OrderError::InvalidDate);
    }
    if draft.owner.is_none() {
        push(OpportunityField::Owner, FormError::Required.into());
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::CloseDateChange;
    use crate::domain::money::Cny;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn valid() -> OpportunityDraft {
        OpportunityDraft {
            customer: Some(7),
            title: " 二期土方：2台SY215C ".into(),
            product: "SY215C".into(),
            value: "1,200,000".into(),
            expected_close: "2024-06-30".into(),
            owner: Some(3),
            ..OpportunityDraft::default()
        }
    }

    #[test]
    fn validation_ties_each_problem_to_its_input() {
        use OpportunityField as F;
        let check = |edit: fn(&mut OpportunityDraft), expected: Vec<(F, OrderError)>| {
            let mut draft = valid();
            edit(&mut draft);
            assert_eq!(validate(&draft), expected, "{draft:?}");
        };
        check(|_| {}, vec![]);
        check(|d| d.expected_close.clear(), vec![]);
        check(|d| d.customer = None, vec![(F::Customer, FormError::Required.into())]);
        check(|d| d.title = "  ".into(), vec![(F::Title, FormError::Required.into())]);
        check(|d| d.title = "a\u{7}".into(), vec![(F::Title, FormError::ControlCharacters.into())]);
        check(|d| d.title = "x".repeat(201), vec![(F::Title, FormError::TooLong { max: 200 }.into())]);
        check(|d| d.value.clear(), vec![(F::Value, FormError::Required.into())]);
        check(|d| d.value = "-5".into(), vec![(F::Value, OrderError::Amount(AmountError::Negative))]);
        check(|d| d.value = "1.234".into(), vec![(F::Value, OrderError::Amount(AmountError::TooPrecise))]);
        check(|d| d.expected_close = "2024-02-30".into(), vec![(F::ExpectedClose, OrderError::InvalidDate)]);
        check(
            |d| {
                d.owner = None;
                d.customer = None;
            },
            vec![(F::Customer, FormError::Required.into()), (F::Owner, FormError::Required.into())],
        );
    }

    #[test]
    fn a_new_opportunity_starts_identified_today() {
        let base = Opportunity { id: 40, ..Opportunity::default() };
        let stored = valid().apply(&base, d("2024-03-01"));
        let expected = Opportunity {
            id: 40,
            customer_id: 7,
            title: "二期土方：2台SY215C".into(),
            product: "SY215C".into(),
            value: Cny::from_yuan(1_200_000),
            owner: 3,
            stage: FunnelStage::Identify,
            created: Some(d("2024-03-01")),
            expected_close: Some(d("2024-06-30")),
            history: vec![StageChange { stage: FunnelStage::Identify, date: Some(d("2024-03-01")) }],
            ..Opportunity::default()
        };
        assert_eq!(stored, expected);
        assert_eq!(OpportunityDraft::of(&stored).apply(&stored, d("2024-03-02")), stored, "an unchanged edit");
    }

    #[test]
    fn an_edit_records_a_moved_close_date_and_keeps_the_stage() {
        let stored = Opportunity {
            id: 40,
            customer_id: 7,
            stage: FunnelStage::Develop,
            expected_close: Some(d("2024-06-30")),
            history: vec![StageChange { stage: FunnelStage::Develop, date: Some(d("2024-02-01")) }],
            ..Opportunity::default()
        };
        let mut draft = OpportunityDraft::of(&stored);
        draft.title = "三期".into();
        draft.value = "10".into();
        draft.owner = Some(3);
        draft.expected_close = "2024-08-31".into();
        draft.man.need = true;
        draft.criteria_met = vec!["develop_site_visit_done".into()];
        let edited = draft.apply(&stored, d("2024-05-10"));
        assert_eq!((edited.stage, edited.history.len()), (FunnelStage::Develop, 1));
        assert_eq!(edited.expected_close, Some(d("2024-08-31")));
        assert_eq!(
            edited.close_date_changes,
            vec![CloseDateChange {
                changed: Some(d("2024-05-10")),
                from: Some(d("2024-06-30")),
                to: Some(d("2024-08-31"))
            }]
        );
        assert!(edited.man.need && edited.criteria_met == ["develop_site_visit_done"]);
        assert_eq!(edited.value, Cny::from_yuan(10));
    }
}
