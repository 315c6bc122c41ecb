//! The show form and the quick-capture form: what each field may hold, every problem tied to
//! its field.

use super::{dedup, Interest, Lead, Show, Temperature};
use crate::domain::date::Date;
use crate::domain::fields::{text_problem, FormError, MAX_LONG_TEXT, MAX_TEXT};
use crate::domain::model::{Id, Man};
use crate::domain::money::{parse_cny, AmountError, Cny};
use crate::domain::region;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShowField {
    Name,
    Place,
    Starts,
    Ends,
    Booth,
    Cost,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShowError {
    Form(FormError),
    InvalidDate,
    EndsBeforeStarts,
    Amount(AmountError),
}

/// The show form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShowDraft {
    pub name: String,
    pub place: String,
    pub starts: String,
    pub ends: String,
    pub booth: String,
    pub cost: String,
    pub staff: Vec<Id>,
}

impl ShowDraft {
    pub fn of(show: &Show) -> ShowDraft {
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        ShowDraft {
            name: show.name.clone(),
            place: show.place.clone(),
            starts: date(show.starts),
            ends: date(show.ends),
            booth: show.booth.clone(),
            cost: if show.cost == Cny(0) { String::new() } else { crate::domain::money::amount_text(show.cost) },
            staff: show.staff.clone(),
        }
    }

    /// Every problem, in form order; empty when the show can be saved.
    pub fn validate(&self) -> Vec<(ShowField, ShowError)> {
        let mut problems = Vec::new();
        let text = |field, text: &str, required: bool, problems: &mut Vec<_>| {
            if required && text.trim().is_empty() {
                problems.push((field, ShowError::Form(FormError::Required)));
            } else if let Some(error) = text_problem(text, MAX_TEXT) {
                problems.push((field, ShowError::Form(error)));
            }
        };
        text(ShowField::Name, &self.name, true, &mut problems);
        text(ShowField::Place, &self.place, false, &mut problems);
        let date = |field, text: &str, problems: &mut Vec<_>| match text.trim() {
            "" => {
                problems.push((field, ShowError::Form(FormError::Required)));
                None
            }
            text => Date::parse(text).map_err(|_| problems.push((field, ShowError::InvalidDate))).ok(),
        };
        let starts = date(ShowField::Starts, &self.starts, &mut problems);
        let ends = date(ShowField::Ends, &self.ends, &mut problems);
        if let (Some(starts), Some(ends)) = (starts, ends) {
            if ends < starts {
                problems.push((ShowField::Ends, ShowError::EndsBeforeStarts));
            }
        }
        text(ShowField::Booth, &self.booth, false, &mut problems);
        if !self.cost.trim().is_empty() {
            if let Err(error) = parse_cny(&self.cost) {
                problems.push((ShowField::Cost, ShowError::Amount(error)));
            }
        }
        problems
    }

    /// `show` with this draft's values. Call only when [`ShowDraft::validate`] found nothing.
    pub fn apply(&self, show: &Show) -> Show {
        Show {
            name: self.name.trim().to_owned(),
            place: self.place.trim().to_owned(),
            starts: Date::parse(self.starts.trim()).ok(),
            ends: Date::parse(self.ends.trim()).ok(),
            booth: self.booth.trim().to_owned(),
            cost: parse_cny(&self.cost).unwrap_or_default(),
            staff: self.staff.clone(),
            ..show.clone()
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadField {
    Mobile,
    Name,
    Company,
    Province,
    Model,
    Quantity,
    Note,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadError {
    Form(FormError),
    NotAMobile,
    /// Neither a mobile number, a name nor a company: nobody to follow up.
    Nobody,
}

/// Most machines one lead can ask for: more is a typing slip.
pub const MAX_QUANTITY: u32 = 999;

/// The quick-capture form as typed and tapped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeadDraft {
    pub mobile: String,
    pub name: String,
    pub company: String,
    pub province: String,
    pub interest: Interest,
    pub quantity: String,
    pub man: Man,
    pub financing: bool,
    pub trade_in: bool,
    pub temperature: Temperature,
    pub note: String,
}

impl LeadDraft {
    /// Every problem, in form order; empty when the lead can be saved.
    pub fn validate(&self) -> Vec<(LeadField, LeadError)> {
        let mut problems = Vec::new();
        if !self.mobile.trim().is_empty() && dedup::mobile(&self.mobile).is_err() {
            problems.push((LeadField::Mobile, LeadError::NotAMobile));
        }
        for (field, text) in [(LeadField::Name, &self.name), (LeadField::Company, &self.company)] {
            if let Some(error) = text_problem(text, MAX_TEXT) {
                problems.push((field, LeadError::Form(error)));
            }
        }
        if !self.province.is_empty() && region::province(&self.province).is_none() {
            problems.push((LeadField::Province, LeadError::Form(FormError::UnknownProvince)));
        }
        if let Some(error) = text_problem(&self.interest.model, MAX_TEXT) {
            problems.push((LeadField::Model, LeadError::Form(error)));
        }
        if self.quantity_value().is_none() {
            problems.push((LeadField::Quantity, LeadError::Form(FormError::OutOfRange { min: 1, max: MAX_QUANTITY })));
        }
        if let Some(error) = text_problem(&self.note, MAX_LONG_TEXT) {
            problems.push((LeadField::Note, LeadError::Form(error)));
        }
        if self.mobile.trim().is_empty() && self.name.trim().is_empty() && self.company.trim().is_empty() {
            problems.push((LeadField::Mobile, LeadError::Nobody));
        }
        problems
    }

    /// The typed quantity: 0 when empty, `None` when not a whole number from 1 to [`MAX_QUANTITY`].
    fn quantity_value(&self) -> Option<u32> {
        let text = crate::domain::fields::half_width_number(&self.quantity, &['台']);
        if text.is_empty() {
            return Some(0);
        }
        text.parse::<u32>().ok().filter(|q| (1..=MAX_QUANTITY).contains(q))
    }

    /// The lead to store, captured by `by` at `at` for `show_id`, attached to the customer and
    /// contact it matched. Call only when [`LeadDraft::validate`] found nothing.
    pub fn to_lead(&self, id: Id, show_id: Id, by: Id, at: i64, matched: Option<&dedup::Match>) -> Lead {
        Lead {
            id,
            show_id,
            captured_by: by,
            captured_at: at,
            mobile: dedup::mobile(&self.mobile).unwrap_or_default(),
            name: self.name.trim().to_owned(),
            company: self.company.trim().to_owned(),
            province: self.province.clone(),
            interest: Interest {
                model: self.interest.model.trim().to_owned(),
                quantity: self.quantity_value().unwrap_or(0),
                ..self.interest.clone()
            },
            man: self.man,
            financing: self.financing,
            trade_in: self.trade_in,
            temperature: self.temperature,
            note: self.note.trim().to_owned(),
            customer_id: matched.and_then(dedup::Match::customer),
            contact_id: matched.and_then(dedup::Match::contact),
            converted: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shows::dedup::{Match, Matched, MatchedBy};

    #[test]
    fn the_show_form_reports_each_field() {
        let good = ShowDraft {
            name: "2026 上海宝马展".into(),
            starts: "2026-11-24".into(),
            ends: "2026-11-27".into(),
            cost: "120000".into(),
            ..ShowDraft::default()
        };
        let cases: Vec<(ShowDraft, Vec<(ShowField, ShowError)>)> = vec![
            (good.clone(), vec![]),
            (
                ShowDraft { name: " ".into(), ..good.clone() },
                vec![(ShowField::Name, ShowError::Form(FormError::Required))],
            ),
            (ShowDraft { starts: "24/11".into(), ..good.clone() }, vec![(ShowField::Starts, ShowError::InvalidDate)]),
            (
                ShowDraft { ends: "2026-11-23".into(), ..good.clone() },
                vec![(ShowField::Ends, ShowError::EndsBeforeStarts)],
            ),
            (
                ShowDraft { ends: "".into(), ..good.clone() },
                vec![(ShowField::Ends, ShowError::Form(FormError::Required))],
            ),
            (
                ShowDraft { cost: "-5".into(), ..good.clone() },
                vec![(ShowField::Cost, ShowError::Amount(AmountError::Negative))],
            ),
        ];
        for (draft, expected) in cases {
            assert_eq!(draft.validate(), expected, "{draft:?}");
        }
        let show = good.apply(&Show { id: 4, ..Show::default() });
        assert_eq!((show.id, show.cost, show.ends), (4, Cny::from_yuan(120_000), Date::from_ymd(2026, 11, 27)));
        assert_eq!(ShowDraft::of(&show), good);
    }

    #[test]
    fn the_capture_form_keeps_a_bad_mobile_at_its_field() {
        let good = LeadDraft { mobile: "+86 138 0000 0001".into(), ..LeadDraft::default() };
        let cases: Vec<(LeadDraft, Vec<(LeadField, LeadError)>)> = vec![
            (good.clone(), vec![]),
            (LeadDraft { name: "王芳".into(), ..LeadDraft::default() }, vec![]),
            (LeadDraft { mobile: "12345".into(), ..good.clone() }, vec![(LeadField::Mobile, LeadError::NotAMobile)]),
            (LeadDraft::default(), vec![(LeadField::Mobile, LeadError::Nobody)]),
            (
                LeadDraft { province: "XX".into(), ..good.clone() },
                vec![(LeadField::Province, LeadError::Form(FormError::UnknownProvince))],
            ),
            (
                LeadDraft { quantity: "０".into(), ..good.clone() },
                vec![(LeadField::Quantity, LeadError::Form(FormError::OutOfRange { min: 1, max: MAX_QUANTITY }))],
            ),
            (LeadDraft { quantity: "２台".into(), ..good.clone() }, vec![]),
        ];
        for (draft, expected) in cases {
            assert_eq!(draft.validate(), expected, "{draft:?}");
        }
        let matched = Match {
            matched: Matched::Contact { customer: 3, contact: 4 },
            by: MatchedBy::Mobile,
            name: "恒达".into(),
            person: "王芳".into(),
            owner: 7,
        };
        let lead = LeadDraft { quantity: "２台".into(), ..good }.to_lead(9, 1, 2, 1000, Some(&matched));
        assert_eq!((lead.mobile.as_str(), lead.interest.quantity), ("13800000001", 2));
        assert_eq!((lead.customer_id, lead.contact_id), (Some(3), Some(4)));
    }
}
