//! Service tickets with their whole history: the call taken by a service coordinator, the
//! engineers' visits (some faults need three or more), holds for parts, the resolution (reopened
//! when the fault comes back) and the callback with the customer's rating, each step taken
//! through the ticket's own rules.

/// What a ticket was before it had a history: drawn as earlier releases drew it.
struct Drawn {
    opened: Date,
    kind: TicketKind,
    status: TicketStatus,
    visits: u8,
    closed: Option<Date>,
    summary: String,
    owner: Id,
    called_back: bool,
}

use super::*;
use crate::domain::service::calendar::instant_at;
use crate::domain::service::record::{Callback, Closing, FollowUp, HoldReason, Priority, Rating, Visit, VisitResult};
use crate::domain::service::ticket::Move;

const MS_PER_MINUTE: i64 = 60_000;

impl CustomerCtx<'_> {
    /// A ticket of `customer` (about `machine`, when one). What earlier releases stored of a
    /// ticket — its opening day, kind, status, visits, closing day, summary, owner and callback —
    /// is drawn from the customer's own stream as they drew it, so the customer's other records
    /// stay as they were; the history behind it comes from the tickets' own stream.
    pub(super) fn ticket(
        &self,
        rng: &mut Rng,
        customer: &Customer,
        machine: Option<&Machine>,
        ids: &mut Ids,
    ) -> ServiceTicket {
        use TicketKind::{Complaint, Inspection, Maintenance, Repair};
        use TicketStatus::{Closed, InProgress, Open, Resolved};
        let today = self.today;
        let since = machine.and_then(|m| m.delivered).unwrap_or(today.add_days(-365));
        let opened = since.add_days(days(rng, 7, today.days_since(since).max(8) as u32)).min(today);
        let kind = if machine.is_some() {
            choose_in(rng, &[Repair, Maintenance, Inspection, Complaint], &[38, 38, 14, 10])
        } else {
            Complaint
        };
        let age = today.days_since(opened);
        // Old tickets are done.
        let status = choose_in(
            rng,
            &[Open, InProgress, Resolved, Closed],
            match age {
                0..=9 => &[40, 40, 20, 0],
                10..=45 => &[0, 15, 25, 60],
                _ => &[0, 0, 5, 95],
            },
        );
        // "Five visits and still broken" is the failure case: a few faults take four or more.
        let visits = if status == Open { 1 } else { choose(rng, &[(1, 52), (2, 28), (3, 13), (4, 4), (5, 3)]) };
        let closed = (status == Closed).then(|| opened.add_days(days(rng, 1, 5 * u32::from(visits) + 3)).min(today));
        let model = machine.map_or("", |m| m.model.as_str());
        let summary = rng.pick(ticket_summaries(kind)).replace("{model}", model);
        let owner = *rng.pick(&self.staff.service);
        // The callback after the job (third impression) is mostly made, not always.
        let called_back = status == Closed && rng.chance(0.88);
        let drawn = Drawn { opened, kind, status, visits, closed, summary, owner, called_back };
        self.history(&mut self.tickets.borrow_mut(), customer, machine, drawn, ids)
    }

    /// The ticket `drawn` describes, with the history that led there: the call, the start, the
    /// visits, a hold for parts or a reopening now and then, the resolution, and the closing
    /// with the callback and, mostly, the customer's rating.
    fn history(
        &self,
        rng: &mut Rng,
        customer: &Customer,
        machine: Option<&Machine>,
        drawn: Drawn,
        ids: &mut Ids,
    ) -> ServiceTicket {
        use TicketStatus::{Closed, InProgress, Open, Resolved};
        let today = self.today;
        let Drawn { opened, mut kind, status, visits, closed, mut summary, owner, called_back } = drawn;
        let model = machine.map_or("", |m| m.model.as_str());
        // A repair in the machine's first year is a warranty job; some inspections were questions.
        let in_warranty = machine.and_then(|m| m.delivered).is_some_and(|d| opened.days_since(d) < 365);
        let reworded = match kind {
            TicketKind::Repair if in_warranty => Some(TicketKind::Warranty),
            TicketKind::Inspection if rng.chance(0.3) => Some(TicketKind::Inquiry),
            _ => None,
        };
        if let Some(new_kind) = reworded {
            kind = new_kind;
            summary = rng.pick(ticket_summaries(kind)).replace("{model}", model);
        }
        let priority = choose_in(rng, Priority::ALL, &[15, 50, 25, 10]);
        let taken_at = instant_at(opened, 8 * 60 + 30 + rng.range_u32(0, 510));
        let mut ticket = ServiceTicket::open(customer.id, priority, owner, taken_at);
        ticket.id = next_id(&mut ids.ticket);
        // Unique, since ids are: the series of a year is what the desk numbers on from.
        ticket.number = format!("SR-{}-{:06}", opened.year(), ticket.id);
        ticket.machine_id = machine.map(|m| m.id);
        ticket.kind = kind;
        ticket.complaint = summary.clone();
        ticket.summary = summary;
        if status == Open {
            return ticket;
        }
        let take = |ticket: &mut ServiceTicket, step: Move, at: i64| {
            ticket.apply(step, at).expect("the demo's moves follow the flow");
        };
        let started = taken_at + i64::from(rng.range_u32(10, 240)) * MS_PER_MINUTE;
        take(&mut ticket, Move::Start, started);
        let done = matches!(status, Resolved | Closed);
        // A finished job's last visit was before the day it closed (or before today).
        let last_day = match closed {
            Some(closed) => closed.add_days(-1).max(opened),
            None if done => today.add_days(-1).max(opened),
            None => today,
        };
        let held = status == InProgress && rng.chance(0.3);
        let mut day = opened;
        for i in 0..visits {
            if i > 0 {
                day = day.add_days(days(rng, 1, 4)).min(last_day);
            }
            let last = i + 1 == visits;
            let result = match (last, done) {
                (true, true) => VisitResult::Fixed,
                (true, false) if held => VisitResult::NeedsParts,
                _ => choose(
                    rng,
                    &[(VisitResult::NotFixed, 2), (VisitResult::Temporary, 1), (VisitResult::NeedsParts, 1)],
                ),
            };
            let visit = Visit {
                date: Some(day),
                engineer: *rng.pick(&self.staff.service),
                worked_minutes: 30 * rng.range_u32(2, 13),
                result,
                fault: ticket.summary.clone(),
            };
            ticket.add_visit(visit, today).expect("the demo's visits are valid");
        }
        let evening = instant_at(day, 17 * 60).max(started + MS_PER_MINUTE);
        if held {
            let reason = choose(rng, &[(HoldReason::Parts, 3), (HoldReason::Customer, 1)]);
            take(&mut ticket, Move::Hold(reason), evening);
        }
        if !done {
            return ticket;
        }
        take(&mut ticket, Move::Resolve, evening);
        let called = instant_at(closed.unwrap_or(today), 10 * 60).max(evening + 30 * MS_PER_MINUTE);
        // Called back, the customer of a resolved job now and then says the fault is back.
        if status == Resolved && today.days_since(opened) <= 45 && day < today.add_days(-2) && rng.chance(0.3) {
            take(&mut ticket, Move::Reopen, instant_at(day.add_days(2), 10 * 60));
            return ticket;
        }
        if status == Closed {
            let follow_up = if called_back {
                FollowUp::Callback(Callback { by: owner, at: called, said: rng.pick(&CALLBACK_SAYINGS).to_string() })
            } else {
                FollowUp::NotCalled { reason: rng.pick(&NOT_CALLED_REASONS).to_string() }
            };
            let rating = rng.chance(0.75).then(|| self.rating(rng, visits));
            take(&mut ticket, Move::Close(Closing { follow_up, rating }), called + 30 * MS_PER_MINUTE);
        }
        ticket
    }

    /// Mostly good scores; jobs that took many visits score lower on reliability and timeliness.
    fn rating(&self, rng: &mut Rng, visits: u8) -> Rating {
        let penalty = u32::from(visits.saturating_sub(2));
        let comment = if rng.chance(0.4) { rng.pick(&RATING_COMMENTS).to_string() } else { String::new() };
        let mut score = |worse: u32| (rng.range_u32(3, 6).saturating_sub(worse)).clamp(1, 5) as u8;
        Rating {
            reliability: score(penalty),
            timeliness: score(penalty),
            consistency: score(0),
            attitude: score(0),
            facilities: score(0),
            comment,
        }
    }
}
