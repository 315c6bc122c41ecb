//! The "log interaction" form (记录往来) and the follow-up reschedule: drafts as typed, their
//! validation (each problem tied to its input), and the interaction a valid draft stores.

use crate::domain::date::Date;
use crate::domain::fields::{is_forbidden_control, MAX_LONG_TEXT};
use crate::domain::model::{Id, Interaction, InteractionKind};

/// The interaction as being typed. Dates are the text of a date input (`YYYY-MM-DD`, or empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InteractionDraft {
    pub kind: InteractionKind,
    pub date: String,
    pub contact_id: Option<Id>,
    pub notes: String,
    pub follow_up: String,
}

/// Which input a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InteractionField {
    Date,
    FollowUp,
    Notes,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InteractionError {
    Required,
    /// Not a calendar date.
    InvalidDate,
    /// An interaction is logged once it happened; plans are follow-ups.
    InFuture,
    /// A follow-up before the interaction it follows.
    BeforeInteraction,
    /// A new follow-up date that has already passed.
    InPast,
    TooLong {
        max: usize,
    },
    ControlCharacters,
}

pub type InteractionProblems = Vec<(InteractionField, InteractionError)>;

impl InteractionDraft {
    /// An empty visit on `today`, with no follow-up.
    pub fn new(today: Date) -> InteractionDraft {
        InteractionDraft { date: today.to_string(), ..InteractionDraft::default() }
    }

    /// The interaction to store for customer `customer_id`, recorded by `by`: notes trimmed, the
    /// follow-up still open. Call only when [`validate`] found nothing.
    pub fn to_interaction(&self, id: Id, customer_id: Id, by: Id) -> Interaction {
        Interaction {
            id,
            customer_id,
            contact_id: self.contact_id,
            kind: self.kind,
            date: Date::parse(self.date.trim()).ok(),
            by,
            notes: self.notes.trim().to_owned(),
            follow_up: optional_date(&self.follow_up).and_then(Result::ok),
            follow_up_done: false,
        }
    }
}

/// `None` for empty text, else the date or why it is not one.
fn optional_date(text: &str) -> Option<Result<Date, InteractionError>> {
    let text = text.trim();
    (!text.is_empty()).then(|| Date::parse(text).map_err(|_| InteractionError::InvalidDate))
}

/// Every problem of `draft`, in form order; empty when it can be saved.
pub fn validate(draft: &InteractionDraft, today: Date) -> InteractionProblems {
    let mut problems = InteractionProblems::new();
    let date = match optional_date(&draft.date) {
        None => Err(InteractionError::Required),
        Some(parsed) => parsed,
    };
    match date {
        Err(error) => problems.push((InteractionField::Date, error)),
        Ok(date) if date > today => problems.push((InteractionField::Date, InteractionError::InFuture)),
        Ok(_) => {}
    }
    match (optional_date(&draft.follow_up), date) {
        (Some(Err(error)), _) => problems.push((InteractionField::FollowUp, error)),
        (Some(Ok(follow_up)), Ok(date)) if follow_up < date => {
            problems.push((InteractionField::FollowUp, InteractionError::BeforeInteraction))
        }
        _ => {}
    }
    if let Some(error) = notes_problem(&draft.notes) {
        problems.push((InteractionField::Notes, error));
    }
    problems
}

fn notes_problem(notes: &str) -> Option<InteractionError> {
    if notes.chars().count() > MAX_LONG_TEXT {
        Some(InteractionError::TooLong { max: MAX_LONG_TEXT })
    } else if notes.chars().any(is_forbidden_control) {
        Some(InteractionError::ControlCharacters)
    } else {
        None
    }
}

/// The new date of a follow-up moved from the queue, or why it cannot be: it must be a date,
/// not before the interaction (`since`) and not already past.
pub fn reschedule(text: &str, since: Option<Date>, today: Date) -> Result<Date, InteractionError> {
    let date = optional_date(text).unwrap_or(Err(InteractionError::Required))?;
    if since.is_some_and(|since| date < since) {
        Err(InteractionError::BeforeInteraction)
    } else if date < today {
        Err(InteractionError::InPast)
    } else {
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InteractionError as E;
    use InteractionField as F;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    const TODAY: &str = "2026-12-01";

    fn draft(day: &str, follow_up: &str, notes: &str) -> InteractionDraft {
        InteractionDraft { date: day.into(), follow_up: follow_up.into(), notes: notes.into(), ..Default::default() }
    }

    #[test]
    fn a_new_draft_is_a_visit_today_and_valid() {
        let new = InteractionDraft::new(date(TODAY));
        assert_eq!((new.kind, new.date.as_str(), new.follow_up.as_str()), (InteractionKind::Visit, TODAY, ""));
        assert_eq!(validate(&new, date(TODAY)), vec![]);
    }

    #[test]
    fn reports_each_problem_at_its_field() {
        let long = "报".repeat(MAX_LONG_TEXT + 1);
        let cases: Vec<(InteractionDraft, InteractionProblems)> = vec![
            (draft(TODAY, "", "拜访设备处, 谈 SY215C 置换"), vec![]),
            (draft("2026-11-20", "2026-11-20", ""), vec![]),
            (draft(TODAY, "2026-12-08", "周二再打电话"), vec![]),
            (draft(" 2026-11-30 ", " 2026-12-01 ", ""), vec![]),
            (draft("", "", ""), vec![(F::Date, E::Required)]),
            (draft("  ", "", ""), vec![(F::Date, E::Required)]),
            (draft("2026-13-01", "", ""), vec![(F::Date, E::InvalidDate)]),
            (draft("1.12.2026", "", ""), vec![(F::Date, E::InvalidDate)]),
            (draft("2026-12-02", "", ""), vec![(F::Date, E::InFuture)]),
            (draft(TODAY, "2026-11-30", ""), vec![(F::FollowUp, E::BeforeInteraction)]),
            (draft(TODAY, "2026-02-30", ""), vec![(F::FollowUp, E::InvalidDate)]),
            // Without a valid date there is nothing to compare the follow-up with.
            (draft("", "2026-11-30", ""), vec![(F::Date, E::Required)]),
            (draft(TODAY, "", &long), vec![(F::Notes, E::TooLong { max: MAX_LONG_TEXT })]),
            (draft(TODAY, "", &"报".repeat(MAX_LONG_TEXT)), vec![]),
            (draft(TODAY, "", "第一行\n\t第二行"), vec![]),
            (draft(TODAY, "", "bell\u{7}"), vec![(F::Notes, E::ControlCharacters)]),
            (
                draft("2026-12-05", "2026-12-04", "\u{0}"),
                vec![(F::Date, E::InFuture), (F::FollowUp, E::BeforeInteraction), (F::Notes, E::ControlCharacters)],
            ),
        ];
        for (draft, expected) in cases {
            assert_eq!(validate(&draft, date(TODAY)), expected, "{draft:?}");
        }
    }

    #[test]
    fn a_valid_draft_becomes_an_open_interaction() {
        let draft = InteractionDraft {
            kind: InteractionKind::Call,
            date: "2026-11-30".into(),
            contact_id: Some(11),
            notes: "  报价已发, 等回复 \n".into(),
            follow_up: "2026-12-03".into(),
        };
        assert_eq!(
            draft.to_interaction(5, 7, 3),
            Interaction {
                id: 5,
                customer_id: 7,
                contact_id: Some(11),
                kind: InteractionKind::Call,
                date: Some(date("2026-11-30")),
                by: 3,
                notes: "报价已发, 等回复".into(),
                follow_up: Some(date("2026-12-03")),
                follow_up_done: false,
            }
        );
        let without = InteractionDraft { follow_up: " ".into(), ..draft };
        assert_eq!(without.to_interaction(5, 7, 3).follow_up, None);
    }

    #[test]
    fn reschedules_only_to_a_coming_day_after_the_interaction() {
        let since = Some(date("2026-11-20"));
        for (text, since, expected) in [
            (TODAY, since, Ok(date(TODAY))),
            ("2026-12-09", since, Ok(date("2026-12-09"))),
            ("2026-12-09", None, Ok(date("2026-12-09"))),
            ("2026-11-30", since, Err(E::InPast)),
            ("2026-11-19", since, Err(E::BeforeInteraction)),
            // An interaction dated later than today (clock moved back) still bounds it.
            ("2026-12-02", Some(date("2026-12-03")), Err(E::BeforeInteraction)),
            ("", since, Err(E::Required)),
            ("2026-12-32", since, Err(E::InvalidDate)),
        ] {
            assert_eq!(reschedule(text, since, date(TODAY)), expected, "{text}");
        }
    }
}
