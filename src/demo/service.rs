//! Service tickets with their whole history: the call taken by a service coordinator, the
//! engineers' visits (some faults need three or more), holds for parts, the resolution (reopened
//! when the fault comes back) and the callback with the customer's rating, each step taken
//! through the ticket's own rules.

use super::*;
use crate::domain::service::calendar::instant_at;
use crate::domain::service::record::{Callback, Closing, FollowUp, HoldReason, Priority, Rating, Visit, VisitResult};
use crate::domain::service::ticket::Move;

const MS_PER_MINUTE: i64 = 60_000;

impl CustomerCtx<'_> {
    pub(super) fn ticket(
        &self,
        rng: &mut Rng,
        customer: &Customer,
        machine: Option<&Machine>,
        ids: &mut Ids,
    ) -> ServiceTicket {
        let today = self.today;
        let since = machine.and_then(|m| m.delivered).unwrap_or(today.add_days(-365));
        let opened = since.add_days(days(rng, 7, today.days_since(since).max(8) as u32)).min(today);
        // TicketKind::ALL: repair, maintenance, inspection, complaint, warranty, inquiry.
        let kind = if machine.is_some() {
            choose_in(rng, TicketKind::ALL, &[34, 34, 10, 6, 10, 6])
        } else {
            TicketKind::Complaint
        };
        let age = today.days_since(opened);
        use TicketStatus::{Closed, InProgress, OnHold, Open, Reopened, Resolved};
        // Old tickets are done; a ticket taken today has not been worked yet.
        let status = match age {
            0 => choose(rng, &[(Open, 60), (InProgress, 40)]),
            1..=9 => choose(rng, &[(Open, 15), (InProgress, 40), (OnHold, 15), (Resolved, 20), (Closed, 10)]),
            10..=45 => choose(rng, &[(InProgress, 10), (OnHold, 5), (Resolved, 20), (Reopened, 5), (Closed, 60)]),
            _ => choose(rng, &[(Resolved, 5), (Closed, 95)]),
        };
        let model = machine.map_or("", |m| m.model.as_str());
        let summary = rng.pick(ticket_summaries(kind)).replace("{model}", model);
        let owner = *rng.pick(&self.staff.service);
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
        take(&mut ticket, Move::Start, taken_at + i64::from(rng.range_u32(10, 240)) * MS_PER_MINUTE);
        // "Five visits and still broken" is the failure case: a few faults take four or more.
        let visits = choose(rng, &[(1, 52), (2, 28), (3, 13), (4, 4), (5, 3)]);
        let done = matches!(status, Resolved | Reopened | Closed);
        // A finished job's last visit was before today, so its resolution is in the past.
        let last_day = if done { today.add_days(-1) } else { today };
        let mut day = opened;
        for i in 0..visits {
            if i > 0 {
                day = day.add_days(days(rng, 1, 4)).min(last_day);
            }
            let last = i + 1 == visits;
            let result = match (last, done) {
                (true, true) => VisitResult::Fixed,
                (true, false) if status == OnHold => VisitResult::NeedsParts,
                _ => choose(
                    rng,
                    &[(VisitResult::NotFixed, 2), (VisitResult::Temporary, 1), (VisitResult::NeedsParts, 1)],
                ),
            };
            let visit = Visit {
                date: Some(day.max(opened)),
                engineer: *rng.pick(&self.staff.service),
                worked_minutes: 30 * rng.range_u32(2, 13),
                result,
                fault: ticket.summary.clone(),
            };
            ticket.add_visit(visit, today).expect("the demo's visits are valid");
        }
        let evening = instant_at(day.max(opened), 17 * 60).max(ticket.changes[0].at + MS_PER_MINUTE);
        match status {
            OnHold => {
                let reason = choose(rng, &[(HoldReason::Parts, 3), (HoldReason::Customer, 1)]);
                take(&mut ticket, Move::Hold(reason), evening);
            }
            Resolved | Reopened | Closed => take(&mut ticket, Move::Resolve, evening),
            _ => {}
        }
        let called_day = day.max(opened).add_days(days(rng, 1, 4));
        // The customer, called back, says the fault is back.
        if status == Reopened && called_day <= today {
            take(&mut ticket, Move::Reopen, instant_at(called_day, 10 * 60));
        }
        if status == Closed && called_day <= today {
            let called = instant_at(called_day, 10 * 60);
            let follow_up = if rng.chance(0.88) {
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
