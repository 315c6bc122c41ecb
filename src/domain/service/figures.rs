//! The service desk's figures (docs/domain.md §6): how many tickets are open, and for the
//! tickets opened in a period — by engineer, region or month — the SLA met rate, the first-time
//! fix rate, visits per finished job, working time to resolve, the callback rate (the third
//! impression) and customer satisfaction.
//!
//! - SLA met counts tickets whose resolution target is decided: met, or failed (even if still
//!   open: a missed target stays missed).
//! - A first-time fix is a finished job whose first visit fixed it and that was never reopened;
//!   a ticket stored with only a count of visits is one when that count is one.
//! - Visits and time to resolve count finished jobs (resolved or closed) that had a visit, and
//!   that hold their moves, respectively; time is working time on the desk's calendar.
//! - The callback rate is the share of closed tickets called back.
//! - CSAT is the share of ratings whose overall score (the mean of the five, rounded) is at the
//!   cockpit's "satisfied from" score or above.

use super::calendar::WorkingCalendar;
use super::record::{ServiceTicket, TicketStatus, VisitResult};
use super::sla::{SlaSettings, SlaStatus};
use super::ticket::TicketSettings;
use crate::domain::date::Date;
use crate::domain::model::{labelled_enum, Id};
use std::collections::BTreeMap;

labelled_enum!(
    /// How the figures are broken down.
    Breakdown { Engineer = "engineer", Region = "region", Month = "month" }
);

/// A count out of a whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Share {
    pub part: u32,
    pub whole: u32,
}

impl Share {
    /// As a percentage; `None` of nothing.
    pub fn percent(self) -> Option<f64> {
        (self.whole > 0).then(|| f64::from(self.part) * 100.0 / f64::from(self.whole))
    }

    fn add(&mut self, hit: bool) {
        self.whole += 1;
        self.part += u32::from(hit);
    }
}

/// A sum and how many were summed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Mean {
    pub sum: f64,
    pub count: u32,
}

impl Mean {
    pub fn value(self) -> Option<f64> {
        (self.count > 0).then(|| self.sum / f64::from(self.count))
    }

    fn add(&mut self, value: f64) {
        self.sum += value;
        self.count += 1;
    }
}

/// The figures of a set of tickets.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    pub tickets: u32,
    /// Not closed yet.
    pub open: u32,
    pub sla_met: Share,
    pub first_time_fix: Share,
    pub visits: Mean,
    /// Working minutes from the call to the resolution.
    pub resolve_minutes: Mean,
    pub called_back: Share,
    pub satisfied: Share,
}

/// What the desk's pages need of one ticket, worked out once: a queue filtered again or figures
/// broken down another way only add them up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Facts {
    /// `None` for a ticket stored without its moves.
    pub sla: Option<SlaStatus>,
    /// One fault has needed the threshold's number of visits.
    pub flagged: bool,
    open: bool,
    /// Whether the resolution target was met, once decided.
    sla_met: Option<bool>,
    /// Of a finished job that had a visit.
    first_time_fix: Option<bool>,
    visits: Option<u8>,
    resolve_minutes: Option<i64>,
    /// Of a closed ticket.
    called_back: Option<bool>,
    /// Of a rated ticket.
    satisfied: Option<bool>,
}

impl Facts {
    pub fn of(ticket: &ServiceTicket, context: &Context) -> Facts {
        use super::sla::TargetState::{Failed, Met};
        let finished = matches!(ticket.status, TicketStatus::Resolved | TicketStatus::Closed);
        let clock = ticket.has_history().then(|| ticket.clock());
        let sla = clock.as_ref().map(|clock| ticket.sla_on(clock, context.calendar, context.sla, context.now));
        let sla_met = sla.and_then(|sla| match sla.resolution {
            Met { .. } => Some(true),
            Failed { .. } => Some(false),
            _ => None,
        });
        let visited = finished && ticket.visits > 0;
        let first_time_fix = visited.then(|| {
            let reopened = ticket.changes.iter().any(|c| c.status == TicketStatus::Reopened);
            let first_fixed = match ticket.site_visits.first() {
                Some(visit) => visit.result == VisitResult::Fixed && ticket.visits == 1,
                None => ticket.visits == 1,
            };
            first_fixed && !reopened
        });
        let resolve_minutes = clock.filter(|_| finished).and_then(|clock| {
            clock.stopped_at(context.now).map(|stopped| clock.elapsed_minutes(context.calendar, stopped))
        });
        let rating = ticket.closing.as_ref().and_then(|c| c.rating.as_ref());
        Facts {
            sla,
            flagged: ticket.is_repeat_visit(context.tickets),
            open: ticket.status != TicketStatus::Closed,
            sla_met,
            first_time_fix,
            visits: visited.then_some(ticket.visits),
            resolve_minutes,
            called_back: (ticket.status == TicketStatus::Closed).then_some(ticket.followed_up),
            satisfied: rating.map(|r| r.overall() >= context.satisfied_from),
        }
    }
}

/// The facts of every ticket, in their order.
pub fn facts(tickets: &[ServiceTicket], context: &Context) -> Vec<Facts> {
    tickets.iter().map(|t| Facts::of(t, context)).collect()
}

impl Figures {
    fn add(&mut self, facts: &Facts) {
        self.tickets += 1;
        self.open += u32::from(facts.open);
        if let Some(met) = facts.sla_met {
            self.sla_met.add(met);
        }
        if let Some(fixed) = facts.first_time_fix {
            self.first_time_fix.add(fixed);
        }
        if let Some(visits) = facts.visits {
            self.visits.add(f64::from(visits));
        }
        if let Some(minutes) = facts.resolve_minutes {
            self.resolve_minutes.add(minutes as f64);
        }
        if let Some(called) = facts.called_back {
            self.called_back.add(called);
        }
        if let Some(satisfied) = facts.satisfied {
            self.satisfied.add(satisfied);
        }
    }
}

/// What the figures are computed with.
pub struct Context<'a> {
    pub calendar: &'a WorkingCalendar,
    pub sla: &'a SlaSettings,
    pub tickets: &'a TicketSettings,
    /// The overall score that counts as satisfied (the cockpit's setting).
    pub satisfied_from: u8,
    pub now: i64,
}

/// The figures of all tickets, from their facts.
pub fn figures<'a>(facts: impl IntoIterator<Item = &'a Facts>) -> Figures {
    let mut figures = Figures::default();
    for facts in facts {
        figures.add(facts);
    }
    figures
}

/// The figures per group: a ticket counts in every group `groups` names for it (each of its
/// engineers, say), in the groups' order. `facts` are the tickets', in their order.
pub fn figures_by<'a, K: Ord, G: IntoIterator<Item = K>>(
    tickets: &'a [ServiceTicket],
    facts: &[Facts],
    groups: impl Fn(&'a ServiceTicket) -> G,
) -> BTreeMap<K, Figures> {
    let mut by: BTreeMap<K, Figures> = BTreeMap::new();
    for (ticket, facts) in tickets.iter().zip(facts) {
        for key in groups(ticket) {
            by.entry(key).or_default().add(facts);
        }
    }
    by
}

/// The cockpit's service tiles: the Figures tab's totals over every ticket, and the same figures
/// of the tickets called in this month and last month (the tab's month rows) for the trend.
#[derive(Clone, Copy, Debug)]
pub struct ServiceFigures {
    pub all: Figures,
    pub this_month: Figures,
    pub last_month: Figures,
}

/// The figures of `tickets` (with their `facts`, in their order) for the month of `today`,
/// computed as the desk's Figures tab does (its totals, and its month rows by the day the call
/// came in).
pub fn this_and_last_month(tickets: &[ServiceTicket], facts: &[Facts], today: Date) -> ServiceFigures {
    let month = today.month_of();
    let called_in = |m| {
        let called = tickets.iter().zip(facts).filter(|(t, _)| t.opened.is_some_and(|d| d.month_of() == m));
        figures(called.map(|(_, facts)| facts))
    };
    ServiceFigures { all: figures(facts), this_month: called_in(month), last_month: called_in(month + -1) }
}

/// A ticket's engineers, for [`figures_by`]; a ticket nobody worked counts for nobody.
pub fn engineers(ticket: &ServiceTicket) -> impl Iterator<Item = Id> + '_ {
    ticket.assignees.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::super::calendar::tests::{at, official};
    use super::super::record::{Callback, Closing, FollowUp, Priority, Rating, Visit};
    use super::super::settings::ServiceSettings;
    use super::super::ticket::Move;
    use super::*;

    fn visit(day: &str, engineer: Id, result: VisitResult) -> Visit {
        Visit { date: Date::parse(day).ok(), engineer, worked_minutes: 60, result, fault: "leak".into() }
    }

    fn rating(score: u8) -> Rating {
        Rating {
            reliability: score,
            timeliness: score,
            consistency: score,
            attitude: score,
            facilities: score,
            ..Rating::default()
        }
    }

    /// Opened Mon 2025-09-22 09:00 (High: resolution within 900 working minutes), visited by
    /// `engineers` in turn with `results`, resolved at `resolved` when given, then closed.
    fn job(
        engineers: &[Id],
        results: &[VisitResult],
        resolved: Option<&str>,
        closing: Option<Closing>,
    ) -> ServiceTicket {
        let mut ticket = ServiceTicket::open(3, Priority::High, 1, at("2025-09-22 09:00"));
        ticket.apply(Move::Start, at("2025-09-22 09:30")).unwrap();
        for (engineer, result) in engineers.iter().zip(results) {
            ticket.add_visit(visit("2025-09-22", *engineer, *result), Date::parse("2025-09-30").unwrap()).unwrap();
        }
        if let Some(resolved) = resolved {
            ticket.apply(Move::Resolve, at(resolved)).unwrap();
        }
        if let Some(closing) = closing {
            ticket.apply(Move::Close(closing), at("2025-09-26 10:00")).unwrap();
        }
        ticket
    }

    fn called(score: Option<u8>) -> Closing {
        let follow_up = FollowUp::Callback(Callback { by: 1, at: at("2025-09-26 09:00"), said: "ok".into() });
        Closing { follow_up, rating: score.map(rating) }
    }

    fn not_called() -> Closing {
        Closing { follow_up: FollowUp::NotCalled { reason: "no answer".into() }, rating: None }
    }

    #[test]
    fn the_figures_of_a_handful_of_jobs() {
        use VisitResult::{Fixed, NotFixed};
        let tickets = [
            // Fixed at the first visit, resolved Mon 11:00 (120 working minutes: met), rated 5.
            job(&[7], &[Fixed], Some("2025-09-22 11:00"), Some(called(Some(5)))),
            // Two visits by two engineers, resolved Wed 16:00 (1,230 minutes: failed), rated 3.
            job(&[7, 8], &[NotFixed, Fixed], Some("2025-09-24 16:00"), Some(called(Some(3)))),
            // Resolved Tue 09:30 (480 minutes: met), closed without a callback or rating.
            job(&[8], &[Fixed], Some("2025-09-23 09:30"), Some(not_called())),
            // Still open, its resolution target running on Tue 12:00.
            job(&[8], &[NotFixed], None, None),
        ];
        let (calendar, sla, settings) = (official(), SlaSettings::default(), TicketSettings::default());
        let context = Context {
            calendar: &calendar,
            sla: &sla,
            tickets: &settings,
            satisfied_from: 4,
            now: at("2025-09-23 12:00"),
        };
        let all = figures(&facts(&tickets, &context));
        assert_eq!((all.tickets, all.open), (4, 1));
        // At Tue 12:00 the second and fourth jobs have used 630 of their 900 minutes: undecided.
        assert_eq!(all.sla_met, Share { part: 2, whole: 2 });
        // A week later the second was resolved late and the fourth, still open, has failed.
        let later = Context { now: at("2025-09-30 12:00"), ..context };
        let later_facts = facts(&tickets, &later);
        let all = figures(&later_facts);
        assert_eq!(all.sla_met, Share { part: 2, whole: 4 });
        assert_eq!(all.first_time_fix, Share { part: 2, whole: 3 });
        assert_eq!(all.visits.value(), Some(4.0 / 3.0));
        assert_eq!(all.resolve_minutes.value(), Some((120.0 + 1_230.0 + 480.0) / 3.0));
        assert_eq!(all.called_back, Share { part: 2, whole: 3 });
        assert_eq!(all.satisfied, Share { part: 1, whole: 2 });
        assert_eq!(all.satisfied.percent(), Some(50.0));

        // By engineer: the two-engineer job counts for both.
        let by = figures_by(&tickets, &later_facts, engineers);
        assert_eq!(by.keys().copied().collect::<Vec<_>>(), vec![7, 8]);
        assert_eq!((by[&7].tickets, by[&8].tickets), (2, 3));
        assert_eq!(by[&7].first_time_fix, Share { part: 1, whole: 2 });
        assert_eq!(by[&8].open, 1);
    }

    #[test]
    fn a_rating_s_overall_score_is_its_rounded_mean() {
        for (scores, overall) in
            [([4, 3, 4, 5, 4], 4), ([3, 3, 3, 4, 4], 3), ([3, 3, 4, 4, 4], 4), ([1, 1, 1, 1, 2], 1), ([5; 5], 5)]
        {
            let [reliability, timeliness, consistency, attitude, facilities] = scores;
            let rating = Rating { reliability, timeliness, consistency, attitude, facilities, ..Rating::default() };
            assert_eq!(rating.overall(), overall, "{scores:?}");
        }
    }

    #[test]
    fn tickets_stored_with_only_counts() {
        let legacy = |visits, status, followed_up| ServiceTicket {
            visits,
            status,
            followed_up,
            opened: Date::parse("2025-09-01").ok(),
            ..ServiceTicket::default()
        };
        let tickets = [
            legacy(1, TicketStatus::Closed, true),
            legacy(3, TicketStatus::Closed, false),
            legacy(2, TicketStatus::InProgress, false),
        ];
        let (calendar, sla, settings) = (official(), SlaSettings::default(), TicketSettings::default());
        let context = Context {
            calendar: &calendar,
            sla: &sla,
            tickets: &settings,
            satisfied_from: 4,
            now: at("2025-09-30 12:00"),
        };
        let all = figures(&facts(&tickets, &context));
        assert_eq!(all.sla_met, Share::default(), "no clock to tell");
        assert_eq!(all.first_time_fix, Share { part: 1, whole: 2 });
        assert_eq!(all.visits.value(), Some(2.0));
        assert_eq!(all.resolve_minutes.value(), None);
        assert_eq!(all.called_back, Share { part: 1, whole: 2 });
        assert_eq!(all.open, 1);
    }

    /// A ticket stored with its summary only: called in on `opened`, rated `score` if closed.
    fn summary_ticket(opened: &str, score: Option<u8>) -> ServiceTicket {
        let closing = score.map(|s| Closing {
            follow_up: FollowUp::NotCalled { reason: "no answer".into() },
            rating: Some(Rating {
                reliability: s,
                timeliness: s,
                consistency: s,
                attitude: s,
                facilities: s,
                ..Rating::default()
            }),
        });
        ServiceTicket {
            status: if closing.is_some() { TicketStatus::Closed } else { TicketStatus::InProgress },
            closing,
            opened: Date::parse(opened).ok(),
            ..ServiceTicket::default()
        }
    }

    #[test]
    fn the_service_tiles_are_the_tab_s_totals_and_months() {
        let settings = ServiceSettings::default();
        let calendar = settings.calendar();
        let context =
            Context { calendar: &calendar, sla: &settings.sla, tickets: &settings.tickets, satisfied_from: 4, now: 0 };
        let tickets = [
            // This month: one open, two rated (5 and 3).
            summary_ticket("2026-12-03", None),
            summary_ticket("2026-12-01", Some(5)),
            summary_ticket("2026-12-02", Some(3)),
            // Last month: two rated 4, one open.
            summary_ticket("2026-11-30", Some(4)),
            summary_ticket("2026-11-01", Some(4)),
            summary_ticket("2026-11-15", None),
            // Earlier, and one without a day: in the totals only.
            summary_ticket("2026-09-10", Some(1)),
            ServiceTicket { opened: None, ..summary_ticket("2026-12-01", None) },
        ];
        let today = Date::parse("2026-12-07").unwrap();
        let facts = facts(&tickets, &context);
        let got = this_and_last_month(&tickets, &facts, today);
        assert_eq!(got.all, figures(&facts), "the tab's totals");
        assert_eq!((got.all.tickets, got.all.open), (8, 3));
        assert_eq!(got.all.satisfied, Share { part: 3, whole: 5 });
        assert_eq!((got.this_month.tickets, got.this_month.open), (3, 1));
        assert_eq!(got.this_month.satisfied, Share { part: 1, whole: 2 });
        assert_eq!((got.last_month.tickets, got.last_month.open), (3, 1));
        assert_eq!(got.last_month.satisfied, Share { part: 2, whole: 2 });
        // January looks back at December across the year.
        let january = this_and_last_month(&tickets, &facts, Date::parse("2027-01-02").unwrap());
        assert_eq!((january.this_month.tickets, january.last_month.tickets), (0, 3));
    }
}
