//! The follow-up queue (跟进): every open follow-up of the chosen people, grouped by how urgent it
//! is. Unanswered follow-ups are a warning sign of a customer about to be lost (docs/domain.md §3).

use crate::domain::date::Date;
use crate::domain::export::ics::FollowUpEvent;
use crate::domain::model::{Customer, Id, Interaction};
use std::collections::HashMap;

/// How far the "coming days" bucket reaches after today.
pub const COMING_DAYS: i32 = 7;

/// Whose follow-ups to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Everyone,
    /// Those recorded by one person ("mine" is the current user).
    Person(Id),
}

/// Urgency, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bucket {
    Overdue,
    Today,
    /// Tomorrow to [`COMING_DAYS`] days ahead.
    Coming,
    Later,
}

impl Bucket {
    pub const ALL: [Bucket; 4] = [Bucket::Overdue, Bucket::Today, Bucket::Coming, Bucket::Later];

    /// The bucket of a follow-up due on `due`.
    pub fn of(due: Date, today: Date) -> Bucket {
        match due.days_since(today) {
            ..0 => Bucket::Overdue,
            0 => Bucket::Today,
            1..=COMING_DAYS => Bucket::Coming,
            _ => Bucket::Later,
        }
    }

    /// The stable name used in test ids and class names.
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Overdue => "overdue",
            Bucket::Today => "today",
            Bucket::Coming => "coming",
            Bucket::Later => "later",
        }
    }
}

/// One open follow-up with the customer it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct FollowUp<'a> {
    pub interaction: &'a Interaction,
    pub customer: &'a Customer,
    pub due: Date,
    pub bucket: Bucket,
    /// Days since it was due; 0 unless overdue.
    pub days_overdue: i32,
}

/// The open follow-ups of `scope` whose customer still exists, most urgent first: by bucket,
/// then due date (the longest overdue on top), then company and interaction for a stable order.
pub fn queue<'a>(
    interactions: &'a [Interaction],
    customers: &'a HashMap<Id, Customer>,
    scope: Scope,
    today: Date,
) -> Vec<FollowUp<'a>> {
    let mut items: Vec<FollowUp> = interactions
        .iter()
        .filter(|i| !i.follow_up_done && scope.includes(i.by))
        .filter_map(|interaction| {
            let due = interaction.follow_up?;
            let customer = customers.get(&interaction.customer_id)?;
            let bucket = Bucket::of(due, today);
            Some(FollowUp { interaction, customer, due, bucket, days_overdue: today.days_since(due).max(0) })
        })
        .collect();
    items.sort_by(|a, b| {
        (a.bucket, a.due, &a.customer.company, a.interaction.id).cmp(&(
            b.bucket,
            b.due,
            &b.customer.company,
            b.interaction.id,
        ))
    });
    items
}

/// How many open follow-ups of `scope` are overdue, without building the queue.
pub fn overdue_count(interactions: &[Interaction], scope: Scope, today: Date) -> usize {
    interactions
        .iter()
        .filter(|i| !i.follow_up_done && scope.includes(i.by) && i.follow_up.is_some_and(|due| due < today))
        .count()
}

impl Scope {
    fn includes(self, by: Id) -> bool {
        match self {
            Scope::Everyone => true,
            Scope::Person(id) => by == id,
        }
    }
}

/// The first `max` characters of `notes` on one line, with `…` when cut.
pub fn excerpt(notes: &str, max: usize) -> String {
    let line = notes.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// The queue as calendar events; `summary` titles each one from its company, in the user's
/// language. Every event reminds at 9:00 on its day.
pub fn calendar_events(items: &[FollowUp], summary: impl Fn(&str) -> String) -> Vec<FollowUpEvent> {
    items
        .iter()
        .map(|item| FollowUpEvent {
            interaction_id: item.interaction.id,
            date: item.due,
            summary: summary(&item.customer.company),
            description: item.interaction.notes.clone(),
            alarm: true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: &str = "2026-12-01";

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn today() -> Date {
        date(TODAY)
    }

    fn customers() -> HashMap<Id, Customer> {
        [(1, "三一重工"), (2, "徐工机械"), (3, "Anhui Heli")]
            .into_iter()
            .map(|(id, company)| (id, Customer { id, company: company.into(), ..Customer::default() }))
            .collect()
    }

    fn follow_up(id: Id, customer_id: Id, by: Id, due_in_days: i32) -> Interaction {
        Interaction {
            id,
            customer_id,
            by,
            date: Some(today().add_days(-10)),
            follow_up: Some(today().add_days(due_in_days)),
            notes: format!("note {id}"),
            ..Interaction::default()
        }
    }

    fn ids(items: &[FollowUp]) -> Vec<(Id, Bucket, i32)> {
        items.iter().map(|f| (f.interaction.id, f.bucket, f.days_overdue)).collect()
    }

    #[test]
    fn buckets_at_their_boundaries() {
        for (days, bucket) in [
            (-400, Bucket::Overdue),
            (-1, Bucket::Overdue),
            (0, Bucket::Today),
            (1, Bucket::Coming),
            (COMING_DAYS, Bucket::Coming),
            (COMING_DAYS + 1, Bucket::Later),
            (365, Bucket::Later),
        ] {
            assert_eq!(Bucket::of(today().add_days(days), today()), bucket, "{days}");
        }
        // Across a month and a year end.
        assert_eq!(Bucket::of(date("2026-11-30"), today()), Bucket::Overdue);
        assert_eq!(Bucket::of(date("2027-01-01"), date("2026-12-31")), Bucket::Coming);
        assert_eq!(Bucket::of(date("2027-01-07"), date("2026-12-31")), Bucket::Coming);
        assert_eq!(Bucket::of(date("2027-01-08"), date("2026-12-31")), Bucket::Later);
    }

    #[test]
    fn groups_filters_and_sorts() {
        let done = Interaction { follow_up_done: true, ..follow_up(20, 1, 5, -3) };
        let no_follow_up = Interaction { follow_up: None, ..follow_up(21, 1, 5, 0) };
        let interactions = vec![
            follow_up(1, 1, 5, 8),
            follow_up(2, 1, 5, 7),
            follow_up(3, 2, 5, 0),
            follow_up(4, 1, 5, 0),
            follow_up(5, 1, 5, -1),
            follow_up(6, 2, 5, -30),
            follow_up(7, 1, 6, -2),
            // A customer since deleted (or merged away) has nobody to follow up.
            follow_up(8, 99, 5, -5),
            done,
            no_follow_up,
            follow_up(9, 3, 6, 1),
        ];
        let customers = customers();
        let mine = queue(&interactions, &customers, Scope::Person(5), today());
        assert_eq!(
            ids(&mine),
            [
                (6, Bucket::Overdue, 30),
                (5, Bucket::Overdue, 1),
                // Same day: by company, so 三一重工 (U+4E09) before 徐工机械 (U+5F90).
                (4, Bucket::Today, 0),
                (3, Bucket::Today, 0),
                (2, Bucket::Coming, 0),
                (1, Bucket::Later, 0),
            ]
        );
        let theirs = queue(&interactions, &customers, Scope::Person(6), today());
        assert_eq!(ids(&theirs), [(7, Bucket::Overdue, 2), (9, Bucket::Coming, 0)]);
        let everyone = queue(&interactions, &customers, Scope::Everyone, today());
        assert_eq!(everyone.len(), 8);
        assert_eq!(everyone[0].customer.company, "徐工机械");
        assert!(queue(&interactions, &customers, Scope::Person(404), today()).is_empty());
        assert!(queue(&[], &customers, Scope::Everyone, today()).is_empty());
    }

    #[test]
    fn counts_overdue_like_the_queue() {
        let interactions = vec![
            follow_up(1, 1, 5, -1),
            follow_up(2, 1, 5, 0),
            follow_up(3, 1, 6, -9),
            Interaction { follow_up_done: true, ..follow_up(4, 1, 5, -3) },
        ];
        for (scope, expected) in
            [(Scope::Everyone, 2), (Scope::Person(5), 1), (Scope::Person(6), 1), (Scope::Person(7), 0)]
        {
            assert_eq!(overdue_count(&interactions, scope, today()), expected, "{scope:?}");
        }
    }

    #[test]
    fn excerpts_cut_on_characters_on_one_line() {
        for (notes, max, expected) in [
            ("短", 10, "短"),
            ("", 10, ""),
            ("客户反馈:\n发货单据晚了三天", 40, "客户反馈: 发货单据晚了三天"),
            ("客户反馈发货单据晚了三天", 4, "客户反馈…"),
            ("call back on Friday", 5, "call…"),
            ("abcde", 5, "abcde"),
        ] {
            assert_eq!(excerpt(notes, max), expected, "{notes:?}");
        }
    }

    #[test]
    fn calendar_events_follow_the_queue() {
        let interactions = vec![follow_up(1, 1, 5, 0), follow_up(2, 3, 5, -2)];
        let customers = customers();
        let items = queue(&interactions, &customers, Scope::Everyone, today());
        let events = calendar_events(&items, |company| format!("Follow up: {company}"));
        assert_eq!(
            events,
            [
                FollowUpEvent {
                    interaction_id: 2,
                    date: today().add_days(-2),
                    summary: "Follow up: Anhui Heli".into(),
                    description: "note 2".into(),
                    alarm: true,
                },
                FollowUpEvent {
                    interaction_id: 1,
                    date: today(),
                    summary: "Follow up: 三一重工".into(),
                    description: "note 1".into(),
                    alarm: true,
                },
            ]
        );
    }
}
