//! A lost customer's response as work (docs/domain.md §3, seed 003): the win-back tasks of its
//! kind of loss become a follow-up with an owner and a due date, so they land in the owner's
//! follow-up queue instead of staying a label on the grades page.

use crate::domain::date::Date;
use crate::domain::grading::retention::WinBackTask;
use crate::domain::model::{Id, Interaction, InteractionKind};

use super::form::{InteractionError, InteractionField};

/// Days after today a response is due unless the user says otherwise: a lost customer's
/// apology or visit cannot wait a month.
pub const DEFAULT_DUE_DAYS: i32 = 7;

/// A response being planned, as typed: whose it is and by when (`YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WinBackDraft {
    /// 0 while nobody is chosen.
    pub owner: Id,
    pub due: String,
    pub notes: String,
}

/// Where a problem of the plan is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WinBackField {
    Owner,
    Due,
    Notes,
}

impl WinBackDraft {
    /// Owned by `owner` (the account lead), due [`DEFAULT_DUE_DAYS`] from `today`, noting `notes`.
    pub fn new(owner: Id, today: Date, notes: String) -> WinBackDraft {
        WinBackDraft { owner, due: today.add_days(DEFAULT_DUE_DAYS).to_string(), notes }
    }

    /// Every problem, each at its field: someone must own it, and it is due on a date from today on.
    pub fn validate(&self, today: Date) -> Vec<(WinBackField, InteractionError)> {
        let mut problems = Vec::new();
        if self.owner == 0 {
            problems.push((WinBackField::Owner, InteractionError::Required));
        }
        if let Err(error) = super::form::reschedule(&self.due, None, today) {
            problems.push((WinBackField::Due, error));
        }
        let notes = super::form::InteractionDraft { notes: self.notes.clone(), ..Default::default() };
        let notes_problem =
            super::form::validate(&notes, today).into_iter().find(|(f, _)| *f == InteractionField::Notes);
        problems.extend(notes_problem.map(|(_, error)| (WinBackField::Notes, error)));
        problems
    }

    /// The follow-up to store for customer `customer_id` with `tasks`: planned today, owned by
    /// the owner, open until done. A visit when the response starts with one in person, a call
    /// otherwise. Call only when [`WinBackDraft::validate`] found nothing.
    pub fn to_interaction(&self, id: Id, customer_id: Id, tasks: &[WinBackTask], today: Date) -> Interaction {
        let in_person = tasks.iter().any(|t| matches!(t, WinBackTask::Visit | WinBackTask::Apologise));
        Interaction {
            id,
            customer_id,
            contact_id: None,
            kind: if in_person { InteractionKind::Visit } else { InteractionKind::Call },
            date: Some(today),
            by: self.owner,
            notes: self.notes.trim().to_owned(),
            follow_up: Date::parse(self.due.trim()).ok(),
            follow_up_done: false,
        }
    }
}

/// The open follow-up customer `customer_id` already has, earliest due first: a lost customer
/// with one is being worked on.
pub fn open_follow_up(interactions: &[Interaction], customer_id: Id) -> Option<&Interaction> {
    interactions
        .iter()
        .filter(|i| i.customer_id == customer_id && i.follow_up.is_some() && !i.follow_up_done)
        .min_by_key(|i| (i.follow_up, i.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::MAX_LONG_TEXT;
    use WinBackTask::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn a_plan_needs_an_owner_and_a_due_date_from_today_on() {
        let today = day("2026-05-20");
        let fresh = WinBackDraft::new(7, today, "道歉 → 拜访".into());
        assert_eq!(fresh.due, "2026-05-27");
        let long = "字".repeat(MAX_LONG_TEXT + 1);
        for (owner, due, notes, expected) in [
            (7, "2026-05-27", "道歉", vec![]),
            (7, "2026-05-20", "", vec![]),
            (0, "2026-05-27", "", vec![(WinBackField::Owner, InteractionError::Required)]),
            (7, "", "", vec![(WinBackField::Due, InteractionError::Required)]),
            (7, "2026-02-30", "", vec![(WinBackField::Due, InteractionError::InvalidDate)]),
            (7, "2026-05-19", "", vec![(WinBackField::Due, InteractionError::InPast)]),
            (
                7,
                "2026-05-27",
                long.as_str(),
                vec![(WinBackField::Notes, InteractionError::TooLong { max: MAX_LONG_TEXT })],
            ),
            (
                0,
                "next week",
                "",
                vec![
                    (WinBackField::Owner, InteractionError::Required),
                    (WinBackField::Due, InteractionError::InvalidDate),
                ],
            ),
        ] {
            let draft = WinBackDraft { owner, due: due.into(), notes: notes.into() };
            assert_eq!(draft.validate(today), expected, "{owner} {due:?}");
        }
    }

    /// Seed 003's four kinds of loss: the dissatisfied customer is visited, the competitor's
    /// worth winning back too; the others are called. Owner and due date are the plan's.
    #[test]
    fn the_follow_up_is_owned_and_due_as_planned() {
        let today = day("2026-05-20");
        let draft = WinBackDraft { owner: 12, due: " 2026-05-25 ".into(), notes: " 道歉 → 拜访 ".into() };
        for (tasks, kind) in [
            (&[Apologise, Visit, FindCause, FixProductOrService][..], InteractionKind::Visit),
            (&[Visit, WinBack, Differentiate][..], InteractionKind::Visit),
            (&[LetGo][..], InteractionKind::Call),
            (&[ReduceEffort, LetGo][..], InteractionKind::Call),
        ] {
            let got = draft.to_interaction(90, 5, tasks, today);
            let expected = Interaction {
                id: 90,
                customer_id: 5,
                contact_id: None,
                kind,
                date: Some(today),
                by: 12,
                notes: "道歉 → 拜访".into(),
                follow_up: Some(day("2026-05-25")),
                follow_up_done: false,
            };
            assert_eq!(got, expected, "{tasks:?}");
        }
    }

    #[test]
    fn the_open_follow_up_is_the_earliest_not_done() {
        let at = |id, customer_id, due: Option<&str>, done| Interaction {
            id,
            customer_id,
            follow_up: due.map(day),
            follow_up_done: done,
            ..Interaction::default()
        };
        let interactions = [
            at(1, 5, Some("2026-05-01"), true),
            at(2, 5, None, false),
            at(3, 5, Some("2026-06-10"), false),
            at(4, 5, Some("2026-05-30"), false),
            at(5, 6, Some("2026-05-02"), false),
        ];
        assert_eq!(open_follow_up(&interactions, 5).map(|i| i.id), Some(4));
        assert_eq!(open_follow_up(&interactions, 6).map(|i| i.id), Some(5));
        assert_eq!(open_follow_up(&interactions, 7), None);
    }
}
