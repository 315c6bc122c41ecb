//! The service desk's queue: which tickets a person sees (their own — taken or worked — their
//! team's, or all), narrowed to the open ones, the overdue ones or one status, most urgent first:
//! a target already failed, then at risk, then running by when it falls due, then waiting on
//! hold; finished tickets after, newest first.

use super::figures::Facts;
use super::record::{ServiceTicket, TicketStatus};
use super::sla::{SlaStatus, TargetState};
use crate::domain::model::{labelled_enum, Id, User};

labelled_enum!(
    /// Whose tickets.
    Scope { Mine = "mine", Team = "team", All = "all" }
);

labelled_enum!(
    /// Which of them.
    Show { Open = "open", Overdue = "overdue", All = "all" }
);

/// The queue's filter: whose tickets, which of them, and optionally one status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub scope: Scope,
    pub show: Show,
    pub status: Option<TicketStatus>,
}

/// One ticket of the queue with its SLA state now.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueRow<'a> {
    pub ticket: &'a ServiceTicket,
    /// `None` for a ticket stored without its moves.
    pub sla: Option<SlaStatus>,
    /// One fault has needed the threshold's number of visits.
    pub flagged: bool,
}

impl QueueRow<'_> {
    /// Whether a target failed, or is at risk, while the ticket is still being worked.
    pub fn is_overdue(&self) -> bool {
        let open = !matches!(self.ticket.status, TicketStatus::Resolved | TicketStatus::Closed);
        let late = |state: TargetState| matches!(state, TargetState::AtRisk { .. } | TargetState::Failed { .. });
        open && self.sla.is_some_and(|sla| late(sla.response) || late(sla.resolution))
    }

    /// Rank and instant to sort by: lower first.
    fn urgency(&self) -> (u8, i64) {
        if matches!(self.ticket.status, TicketStatus::Resolved | TicketStatus::Closed) {
            return (5, -self.ticket.opened_instant());
        }
        let Some(sla) = self.sla else { return (4, self.ticket.opened_instant()) };
        [sla.response, sla.resolution]
            .into_iter()
            .map(|state| match state {
                TargetState::Failed { due, done: None } => (0, due),
                TargetState::AtRisk { due } => (1, due),
                TargetState::Running { due } => (2, due),
                TargetState::Paused { .. } => (3, self.ticket.opened_instant()),
                TargetState::Met { .. } | TargetState::Failed { done: Some(_), .. } => (4, i64::MAX),
            })
            .min()
            .unwrap_or((4, i64::MAX))
    }
}

/// `me` and the people whose work `me` follows: those reporting to `me` and those of `me`'s
/// office.
pub fn team_of(users: &[User], me: Id) -> Vec<Id> {
    let office = users.iter().find(|u| u.id == me).map(|u| u.office.trim()).filter(|o| !o.is_empty());
    let mut team = vec![me];
    for user in users.iter().filter(|u| u.id != me) {
        if user.manager == Some(me) || office.is_some_and(|o| user.office.trim() == o) {
            team.push(user.id);
        }
    }
    team
}

/// Whether `ticket` is one of `people`'s: taken by one of them or worked by one.
fn belongs_to(ticket: &ServiceTicket, people: &[Id]) -> bool {
    people.contains(&ticket.owner) || ticket.assignees.iter().any(|a| people.contains(a))
}

/// The queue of `tickets` (with their `facts`, in their order) for `filter`, seen by `me` (and
/// `team`).
pub fn queue<'a>(
    tickets: &'a [ServiceTicket],
    facts: &[Facts],
    filter: QueueFilter,
    me: Option<Id>,
    team: &[Id],
) -> Vec<QueueRow<'a>> {
    let mine: Vec<Id> = me.into_iter().collect();
    let people = match filter.scope {
        Scope::Mine => Some(&mine[..]),
        Scope::Team => Some(team),
        Scope::All => None,
    };
    let mut rows: Vec<QueueRow> = tickets
        .iter()
        .zip(facts)
        .filter(|(t, _)| people.is_none_or(|people| belongs_to(t, people)))
        .filter(|(t, _)| filter.status.is_none_or(|status| t.status == status))
        .filter(|(t, _)| filter.show != Show::Open || t.status != TicketStatus::Closed)
        .map(|(ticket, facts)| QueueRow { ticket, sla: facts.sla, flagged: facts.flagged })
        .filter(|row| filter.show != Show::Overdue || row.is_overdue())
        .collect();
    rows.sort_by_cached_key(|row| (row.urgency(), row.ticket.id));
    rows
}

#[cfg(test)]
mod tests {
    use super::super::calendar::tests::{at, official};
    use super::super::figures::{facts, Context};
    use super::super::record::{Closing, FollowUp, HoldReason, Priority, Visit};
    use super::super::sla::SlaSettings;
    use super::super::ticket::Move;
    use super::super::ticket::TicketSettings;
    use super::*;
    use crate::domain::date::Date;

    /// Ticket `id` taken by `owner` at `opened` (High: 60 and 900 working minutes), then `steps`.
    fn ticket(id: Id, owner: Id, opened: &str, steps: &[(Move, &str)]) -> ServiceTicket {
        let mut ticket = ServiceTicket::open(3, Priority::High, owner, at(opened));
        ticket.id = id;
        for (step, when) in steps {
            ticket.apply(step.clone(), at(when)).unwrap();
        }
        ticket
    }

    fn ids(rows: &[QueueRow]) -> Vec<Id> {
        rows.iter().map(|r| r.ticket.id).collect()
    }

    #[test]
    fn the_queue_by_scope_show_and_urgency() {
        let now = "2025-09-23 10:00";
        let mut worked = ticket(5, 1, "2025-09-23 09:00", &[]);
        worked.assign(2).unwrap();
        let tickets = vec![
            // Taken Monday 09:00, never answered: the response failed Monday 10:00.
            ticket(1, 1, "2025-09-22 09:00", &[]),
            // Answered in ten minutes: the resolution runs.
            ticket(2, 2, "2025-09-22 09:00", &[(Move::Start, "2025-09-22 09:10")]),
            ticket(
                3,
                2,
                "2025-09-22 09:00",
                &[(Move::Start, "2025-09-22 09:10"), (Move::Hold(HoldReason::Parts), "2025-09-22 11:00")],
            ),
            ticket(4, 1, "2025-09-19 09:00", &[(Move::Resolve, "2025-09-19 10:00")]),
            // Taken today 09:00 by 1, worked by 2, not answered: its response falls due at 10:00.
            worked,
        ];
        let (calendar, sla, settings) = (official(), SlaSettings::default(), TicketSettings::default());
        let context = Context { calendar: &calendar, sla: &sla, tickets: &settings, satisfied_from: 4, now: at(now) };
        let facts = facts(&tickets, &context);
        let run = |scope, show, status, me| {
            let filter = QueueFilter { scope, show, status };
            ids(&queue(&tickets, &facts, filter, me, &[1, 7]))
        };
        // Failed first (1 due Monday, 5 due now), then running 2, paused 3, resolved 4.
        assert_eq!(run(Scope::All, Show::All, None, Some(1)), vec![1, 5, 2, 3, 4]);
        assert_eq!(run(Scope::Mine, Show::All, None, Some(1)), vec![1, 5, 4]);
        assert_eq!(run(Scope::Mine, Show::All, None, Some(2)), vec![5, 2, 3]);
        assert_eq!(run(Scope::Mine, Show::All, None, None), Vec::<Id>::new());
        assert_eq!(run(Scope::Team, Show::All, None, Some(7)), vec![1, 5, 4]);
        assert_eq!(run(Scope::All, Show::Overdue, None, Some(1)), vec![1, 5]);
        assert_eq!(run(Scope::All, Show::All, Some(TicketStatus::OnHold), Some(1)), vec![3]);
        let closed = ticket(
            6,
            1,
            "2025-09-19 09:00",
            &[
                (Move::Resolve, "2025-09-19 10:00"),
                (
                    Move::Close(Closing {
                        follow_up: FollowUp::NotCalled { reason: "no answer".into() },
                        rating: None,
                    }),
                    "2025-09-19 11:00",
                ),
            ],
        );
        let with_closed = [tickets.clone(), vec![closed]].concat();
        let with_closed_facts = super::super::figures::facts(&with_closed, &context);
        let filter = QueueFilter { scope: Scope::All, show: Show::Open, status: None };
        let open = queue(&with_closed, &with_closed_facts, filter, None, &[]);
        assert_eq!(ids(&open), vec![1, 5, 2, 3, 4]);
        let all = QueueFilter { show: Show::All, ..filter };
        assert_eq!(ids(&queue(&with_closed, &with_closed_facts, all, None, &[])), vec![1, 5, 2, 3, 4, 6]);
    }

    #[test]
    fn repeat_visits_are_flagged_in_the_queue() {
        let mut ticket = ticket(1, 1, "2025-09-22 09:00", &[(Move::Start, "2025-09-22 09:10")]);
        for day in ["2025-09-22", "2025-09-23", "2025-09-24"] {
            let visit = Visit {
                date: Date::parse(day).ok(),
                engineer: 2,
                worked_minutes: 60,
                fault: "leak".into(),
                ..Visit::default()
            };
            ticket.add_visit(visit, Date::parse("2025-09-24").unwrap()).unwrap();
        }
        let tickets = [ticket];
        let (calendar, sla, settings) = (official(), SlaSettings::default(), TicketSettings::default());
        let now = at("2025-09-24 10:00");
        let context = Context { calendar: &calendar, sla: &sla, tickets: &settings, satisfied_from: 4, now };
        let filter = QueueFilter { scope: Scope::All, show: Show::All, status: None };
        let rows = queue(&tickets, &facts(&tickets, &context), filter, None, &[]);
        assert!(rows[0].flagged);
    }

    #[test]
    fn a_team_is_who_reports_to_me_and_my_office() {
        let user = |id, manager, office: &str| User { id, manager, office: office.into(), ..User::default() };
        let users = [
            user(1, None, "长沙"),
            user(2, Some(1), "株洲"),
            user(3, None, "长沙"),
            user(4, None, "岳阳"),
            user(5, None, ""),
        ];
        assert_eq!(team_of(&users, 1), vec![1, 2, 3]);
        assert_eq!(team_of(&users, 5), vec![5]);
        assert_eq!(team_of(&users, 9), vec![9]);
    }
}
