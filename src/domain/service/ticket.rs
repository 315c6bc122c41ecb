//! A service ticket's rules (docs/domain.md §6), each refusal a typed error at its field.
//!
//! - First-contact responsibility (首问负责制, seed 004): whoever takes the call owns the ticket to
//!   the end; assigning engineers, or engineers visiting, never moves it.
//! - The status flow: open → in progress ⇄ on hold → resolved → closed. A ticket answered on the
//!   call is resolved from new; a resolved one the customer is not happy with is reopened and
//!   worked again. Closed is final: a fault coming back later is a new ticket.
//! - The second impression (seed 000: the fifth visit and the machine still broken): visits are
//!   recorded with their fault, and a ticket is flagged once one fault has needed a third visit
//!   (a setting); the repeat-visit rate is the share of visited tickets flagged.
//! - The third impression (seed 000: was the customer called back?): closing needs a callback —
//!   who called, when, what the customer said — or the reason there was none, and takes the
//!   customer's rating on the five service-quality dimensions (seed 000, 千里马).
//! - A machine's hour meter only goes up: a reading below the last one is refused.

use super::calendar::{instant_at, local_time, WorkingCalendar};
use super::record::{
    Closing, FollowUp, HoldReason, Priority, QualityDimension, ServiceTicket, StatusChange, TicketStatus, Visit,
    MAX_SCORE,
};
use super::sla::{Clock, ClockChange, ClockPhase, SlaSettings, SlaStatus};
use crate::domain::date::Date;
use crate::domain::fields::{text_problem, FormError, MAX_LONG_TEXT, MAX_TEXT};
use crate::domain::import::folded_chars;
use crate::domain::model::Id;
use crate::domain::parts::machine_form::MAX_HOURS;
use serde::{Deserialize, Serialize};

impl TicketStatus {
    /// What the SLA clock does in this status: on hold pauses it, resolved stops it.
    pub fn clock_phase(self) -> ClockPhase {
        match self {
            TicketStatus::Open | TicketStatus::InProgress | TicketStatus::Reopened => ClockPhase::Running,
            TicketStatus::OnHold => ClockPhase::Paused,
            TicketStatus::Resolved | TicketStatus::Closed => ClockPhase::Stopped,
        }
    }
}

/// Whether the flow allows a move from one status to another.
pub fn can_move(from: TicketStatus, to: TicketStatus) -> bool {
    use TicketStatus::*;
    matches!(
        (from, to),
        (Open | Reopened | OnHold, InProgress)
            | (Open | Reopened | InProgress | OnHold, Resolved)
            | (InProgress, OnHold)
            | (Resolved, Closed | Reopened)
    )
}

/// A step through the flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    /// To in progress: starting, resuming after a hold, or working a reopened ticket.
    Start,
    Hold(HoldReason),
    Resolve,
    Close(Closing),
    Reopen,
}

impl Move {
    pub fn to(&self) -> TicketStatus {
        match self {
            Move::Start => TicketStatus::InProgress,
            Move::Hold(_) => TicketStatus::OnHold,
            Move::Resolve => TicketStatus::Resolved,
            Move::Close(_) => TicketStatus::Closed,
            Move::Reopen => TicketStatus::Reopened,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TicketSettings {
    /// A ticket is flagged once one fault has needed this many visits.
    pub repeat_visit_threshold: u32,
}

impl Default for TicketSettings {
    /// The third visit for the same fault (issue 21).
    fn default() -> TicketSettings {
        TicketSettings { repeat_visit_threshold: 3 }
    }
}

/// The input (or the part of the closing form) a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketField {
    Customer,
    Machine,
    Summary,
    Complaint,
    Cause,
    Correction,
    Status,
    Meter,
    Assignee,
    VisitDate,
    VisitEngineer,
    VisitHours,
    VisitFault,
    CallbackBy,
    CallbackAt,
    CallbackSaid,
    NotCalledReason,
    Rating(QualityDimension),
    RatingComment,
    /// The planned-maintenance interval a ticket is opened for.
    Interval,
    AboutOrder,
    AboutPart,
    AboutTicket,
    ComplaintOwner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketError {
    Form(FormError),
    /// The flow has no such move.
    NotAllowed {
        from: TicketStatus,
        to: TicketStatus,
    },
    /// Earlier than the ticket's last change (or its opening).
    BeforeLastChange,
    /// An hour-meter reading below the machine's last one.
    BelowLastReading {
        last: u32,
    },
    FutureDate,
    /// A visit dated before the ticket was opened.
    BeforeOpened,
    /// A callback made before the job was resolved.
    BeforeResolved,
    /// A callback dated after the closing it is for.
    AfterClosing,
    /// The ticket is closed.
    Closed,
    /// No stored customer has this id (deleted meanwhile).
    UnknownCustomer,
    /// No stored machine of the ticket's customer has this id (deleted, or another's).
    UnknownMachine,
    /// A ticket for this machine's planned-maintenance interval is open already.
    MaintenanceOpen,
    /// A complaint's subject that is not the customer's own (another's, or deleted).
    NotTheCustomers,
    /// A complaint about itself.
    SameTicket,
}

pub type TicketProblem = (TicketField, TicketError);

fn text(text: &str, max: usize) -> Option<FormError> {
    text_problem(text, max).or(text.trim().is_empty().then_some(FormError::Required))
}

impl ServiceTicket {
    /// A new ticket for the call `taken_by` took at `at`: they own it.
    pub fn open(customer_id: Id, priority: Priority, taken_by: Id, at: i64) -> ServiceTicket {
        ServiceTicket {
            customer_id,
            priority,
            owner: taken_by,
            opened_at: at,
            opened: Some(local_time(at).0),
            status: TicketStatus::Open,
            ..ServiceTicket::default()
        }
    }

    /// When the call was taken: the instant, or for a ticket stored before instants were, the
    /// start of its opening day.
    pub fn opened_instant(&self) -> i64 {
        match (self.opened_at, self.opened) {
            (0, Some(date)) => instant_at(date, 0),
            (at, _) => at,
        }
    }

    /// Whether the ticket holds its moves: one stored before the desk existed has only a status.
    pub fn has_history(&self) -> bool {
        self.opened_at != 0
    }

    /// Adds `engineer` to the ticket's engineers; the owner stays.
    pub fn assign(&mut self, engineer: Id) -> Result<(), TicketProblem> {
        if self.status == TicketStatus::Closed {
            return Err((TicketField::Status, TicketError::Closed));
        }
        if engineer == 0 {
            return Err((TicketField::Assignee, TicketError::Form(FormError::Required)));
        }
        if !self.assignees.contains(&engineer) {
            self.assignees.push(engineer);
        }
        Ok(())
    }

    /// Takes the step at `at`, or refuses it with every problem and changes nothing.
    pub fn apply(&mut self, step: Move, at: i64) -> Result<(), Vec<TicketProblem>> {
        let to = step.to();
        let mut problems = Vec::new();
        if !can_move(self.status, to) {
            problems.push((TicketField::Status, TicketError::NotAllowed { from: self.status, to }));
        } else if at < self.changes.last().map_or(self.opened_instant(), |c| c.at) {
            problems.push((TicketField::Status, TicketError::BeforeLastChange));
        }
        if let Move::Close(closing) = &step {
            problems.extend(self.closing_problems(closing, at));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let hold = match &step {
            Move::Hold(reason) => Some(*reason),
            _ => None,
        };
        if let Move::Close(closing) = step {
            self.followed_up = matches!(closing.follow_up, FollowUp::Callback(_));
            self.closed = Some(local_time(at).0);
            self.closing = Some(closing);
        }
        if to == TicketStatus::Reopened {
            self.closed = None;
        }
        self.status = to;
        self.changes.push(StatusChange { at, status: to, hold });
        Ok(())
    }

    fn closing_problems(&self, closing: &Closing, at: i64) -> Vec<TicketProblem> {
        let mut problems = Vec::new();
        match &closing.follow_up {
            FollowUp::Callback(callback) => {
                if callback.by == 0 {
                    problems.push((TicketField::CallbackBy, TicketError::Form(FormError::Required)));
                }
                let resolved = self.changes.last().filter(|c| c.status == TicketStatus::Resolved).map(|c| c.at);
                if resolved.is_some_and(|resolved| callback.at < resolved) {
                    problems.push((TicketField::CallbackAt, TicketError::BeforeResolved));
                } else if callback.at > at {
                    problems.push((TicketField::CallbackAt, TicketError::AfterClosing));
                }
                if let Some(error) = text(&callback.said, MAX_LONG_TEXT) {
                    problems.push((TicketField::CallbackSaid, TicketError::Form(error)));
                }
            }
            FollowUp::NotCalled { reason } => {
                if let Some(error) = text(reason, MAX_LONG_TEXT) {
                    problems.push((TicketField::NotCalledReason, TicketError::Form(error)));
                }
            }
        }
        if let Some(rating) = &closing.rating {
            for &dimension in QualityDimension::ALL {
                if !(1..=MAX_SCORE).contains(&rating.score(dimension)) {
                    let range = FormError::OutOfRange { min: 1, max: u32::from(MAX_SCORE) };
                    problems.push((TicketField::Rating(dimension), TicketError::Form(range)));
                }
            }
            if let Some(error) = text_problem(&rating.comment, MAX_LONG_TEXT) {
                problems.push((TicketField::RatingComment, TicketError::Form(error)));
            }
        }
        problems
    }

    /// Records an hour-meter reading of the ticket's machine, whose last reading was
    /// `machine_hours`; returns the machine's hours now.
    pub fn record_meter(&mut self, reading: u32, machine_hours: u32) -> Result<u32, TicketProblem> {
        if self.status == TicketStatus::Closed {
            return Err((TicketField::Status, TicketError::Closed));
        }
        let last = machine_hours.max(self.meter.unwrap_or(0));
        if reading > MAX_HOURS {
            return Err((TicketField::Meter, TicketError::Form(FormError::OutOfRange { min: 0, max: MAX_HOURS })));
        }
        if reading < last {
            return Err((TicketField::Meter, TicketError::BelowLastReading { last }));
        }
        self.meter = Some(reading);
        Ok(reading)
    }

    /// Records a visit made by `visit.engineer`, who joins the ticket's engineers; refused with
    /// every problem on a closed ticket, a date after `today` or before the opening, no
    /// engineer, hours outside 1 minute–24 hours, or no fault.
    pub fn add_visit(&mut self, visit: Visit, today: Date) -> Result<(), Vec<TicketProblem>> {
        let mut problems = Vec::new();
        if self.status == TicketStatus::Closed {
            problems.push((TicketField::Status, TicketError::Closed));
        }
        match visit.date {
            None => problems.push((TicketField::VisitDate, TicketError::Form(FormError::Required))),
            Some(date) if date > today => problems.push((TicketField::VisitDate, TicketError::FutureDate)),
            Some(date) if date < local_time(self.opened_instant()).0 => {
                problems.push((TicketField::VisitDate, TicketError::BeforeOpened))
            }
            Some(_) => {}
        }
        if visit.engineer == 0 {
            problems.push((TicketField::VisitEngineer, TicketError::Form(FormError::Required)));
        }
        if !(1..=24 * 60).contains(&visit.worked_minutes) {
            problems.push((TicketField::VisitHours, TicketError::Form(FormError::OutOfRange { min: 1, max: 24 * 60 })));
        }
        if let Some(error) = text(&visit.fault, MAX_TEXT) {
            problems.push((TicketField::VisitFault, TicketError::Form(error)));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if !self.assignees.contains(&visit.engineer) {
            self.assignees.push(visit.engineer);
        }
        self.site_visits.push(visit);
        self.visits = self.visits.saturating_add(1);
        Ok(())
    }

    /// Whether one fault has needed the settings' number of visits or more. A ticket stored
    /// before visits were recorded one by one was about one fault, so its count decides.
    pub fn is_repeat_visit(&self, settings: &TicketSettings) -> bool {
        if self.site_visits.is_empty() {
            return u32::from(self.visits) >= settings.repeat_visit_threshold;
        }
        // Too few visits to repeat one fault that often: no need to compare faults.
        if (self.site_visits.len() as u32) < settings.repeat_visit_threshold {
            return false;
        }
        // Pairwise: a ticket has a handful of visits, and folding without building texts keeps
        // a desk of 50,000 tickets from allocating for each.
        let same_fault = |a: &Visit, b: &Visit| a.fault == b.fault || folded_chars(&a.fault).eq(folded_chars(&b.fault));
        self.site_visits.iter().any(|visit| {
            let times = self.site_visits.iter().filter(|other| same_fault(visit, other)).count();
            times as u32 >= settings.repeat_visit_threshold
        })
    }

    /// The first response: the first move off new (work started, put on hold to wait for the
    /// customer, or answered on the call).
    pub fn first_response_at(&self) -> Option<i64> {
        self.changes.first().map(|c| c.at)
    }

    /// The SLA clock the ticket's moves make.
    pub fn clock(&self) -> Clock {
        let changes = self.changes.iter().map(|c| ClockChange { at: c.at, phase: c.status.clock_phase() }).collect();
        Clock { opened: self.opened_at, changes }
    }

    /// Both SLA targets at `now`, with the customer's contract targets where set; `None` for a
    /// ticket without its moves, whose clock cannot be told.
    pub fn sla(&self, calendar: &WorkingCalendar, settings: &SlaSettings, now: i64) -> Option<SlaStatus> {
        self.has_history().then(|| self.sla_on(&self.clock(), calendar, settings, now))
    }

    /// Both SLA targets at `now` on `clock`, this ticket's [`ServiceTicket::clock`] made once
    /// by a caller that also needs it for something else.
    pub fn sla_on(&self, clock: &Clock, calendar: &WorkingCalendar, settings: &SlaSettings, now: i64) -> SlaStatus {
        let targets = settings.targets(self.priority, self.customer_id);
        clock.status(calendar, targets, self.first_response_at(), settings.at_risk_percent, now)
    }
}

/// How many tickets had a visit, and how many of those were flagged for repeat visits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RepeatVisitRate {
    pub visited: usize,
    pub flagged: usize,
}

impl RepeatVisitRate {
    /// Flagged as a percentage of visited; `None` without a visited ticket.
    pub fn percent(self) -> Option<f64> {
        (self.visited > 0).then(|| self.flagged as f64 * 100.0 / self.visited as f64)
    }
}

/// The repeat-visit rate of `tickets`: a ticket without a visit could not repeat one and does
/// not count.
pub fn repeat_visit_rate<'a>(
    tickets: impl IntoIterator<Item = &'a ServiceTicket>,
    settings: &TicketSettings,
) -> RepeatVisitRate {
    let mut rate = RepeatVisitRate::default();
    for ticket in tickets.into_iter().filter(|t| t.visits > 0) {
        rate.visited += 1;
        rate.flagged += usize::from(ticket.is_repeat_visit(settings));
    }
    rate
}

#[cfg(test)]
mod tests {
    use super::super::calendar::tests::{at, official};
    use super::super::record::{Callback, Rating, VisitResult};
    use super::super::sla::TargetState;
    use super::*;
    use TicketStatus::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn visit(date: &str, engineer: Id, fault: &str, result: VisitResult) -> Visit {
        Visit { date: Some(d(date)), engineer, worked_minutes: 120, result, fault: fault.to_owned() }
    }

    fn rating(scores: [u8; 5], comment: &str) -> Rating {
        let [reliability, timeliness, consistency, attitude, facilities] = scores;
        Rating { reliability, timeliness, consistency, attitude, facilities, comment: comment.to_owned() }
    }

    fn callback(by: Id, when: &str, said: &str) -> FollowUp {
        FollowUp::Callback(Callback { by, at: at(when), said: said.to_owned() })
    }

    /// A ticket opened Mon 2025-09-22 09:00 by user 5, moved through `steps` an hour apart.
    fn ticket_after(steps: &[Move]) -> ServiceTicket {
        let mut ticket = ServiceTicket::open(11, Priority::High, 5, at("2025-09-22 09:00"));
        for (i, step) in steps.iter().enumerate() {
            ticket.apply(step.clone(), at("2025-09-22 10:00") + i as i64 * 3_600_000).unwrap();
        }
        ticket
    }

    fn closing(follow_up: FollowUp, rating: Option<Rating>) -> Move {
        Move::Close(Closing { follow_up, rating })
    }

    #[test]
    fn the_status_flow() {
        let allowed = [
            (Open, InProgress),
            (Open, Resolved),
            (InProgress, OnHold),
            (InProgress, Resolved),
            (OnHold, InProgress),
            (OnHold, Resolved),
            (Resolved, Closed),
            (Resolved, Reopened),
            (Reopened, InProgress),
            (Reopened, Resolved),
        ];
        for &from in TicketStatus::ALL {
            for &to in TicketStatus::ALL {
                assert_eq!(can_move(from, to), allowed.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn moves_outside_the_flow_are_refused() {
        let not_allowed = |from, to| Err(vec![(TicketField::Status, TicketError::NotAllowed { from, to })]);
        let ok_closing = || closing(FollowUp::NotCalled { reason: "customer unreachable".into() }, None);
        for (steps, step, result) in [
            (vec![], Move::Hold(HoldReason::Customer), not_allowed(Open, OnHold)),
            (vec![], Move::Reopen, not_allowed(Open, Reopened)),
            (vec![], ok_closing(), not_allowed(Open, Closed)),
            (vec![Move::Start], ok_closing(), not_allowed(InProgress, Closed)),
            (
                vec![Move::Start, Move::Hold(HoldReason::Parts)],
                Move::Hold(HoldReason::Customer),
                not_allowed(OnHold, OnHold),
            ),
            (vec![Move::Resolve, ok_closing()], Move::Reopen, not_allowed(Closed, Reopened)),
            (vec![Move::Resolve, ok_closing()], Move::Start, not_allowed(Closed, InProgress)),
            (vec![Move::Start], Move::Resolve, Ok(())),
            (vec![Move::Start, Move::Hold(HoldReason::Parts)], Move::Start, Ok(())),
            (vec![Move::Resolve], Move::Reopen, Ok(())),
            (vec![Move::Resolve], ok_closing(), Ok(())),
        ] {
            let mut ticket = ticket_after(&steps);
            let before = ticket.clone();
            let outcome = ticket.apply(step.clone(), at("2025-09-23 09:00"));
            assert_eq!(outcome, result, "{steps:?} then {step:?}");
            if outcome.is_err() {
                assert_eq!(ticket, before, "nothing changes");
            } else {
                assert_eq!(ticket.status, step.to());
            }
        }
        // A move dated before the last one.
        let mut ticket = ticket_after(&[Move::Start]);
        assert_eq!(
            ticket.apply(Move::Resolve, at("2025-09-22 09:59")),
            Err(vec![(TicketField::Status, TicketError::BeforeLastChange)])
        );
        let mut fresh = ServiceTicket::open(11, Priority::Normal, 5, at("2025-09-22 09:00"));
        assert_eq!(
            fresh.apply(Move::Start, at("2025-09-22 08:00")),
            Err(vec![(TicketField::Status, TicketError::BeforeLastChange)])
        );
        // The hold keeps its reason.
        let held = ticket_after(&[Move::Start, Move::Hold(HoldReason::Parts)]);
        assert_eq!(
            held.changes[1],
            StatusChange { at: at("2025-09-22 11:00"), status: OnHold, hold: Some(HoldReason::Parts) }
        );
    }

    #[test]
    fn the_first_contact_owner_stays() {
        let mut ticket = ServiceTicket::open(11, Priority::Normal, 5, at("2025-09-22 09:00"));
        assert_eq!(ticket.owner, 5);
        ticket.assign(8).unwrap();
        ticket.assign(8).unwrap();
        ticket.add_visit(visit("2025-09-22", 9, "engine overheats", VisitResult::Fixed), d("2025-09-22")).unwrap();
        assert_eq!((ticket.owner, ticket.assignees.clone()), (5, vec![8, 9]));
        assert_eq!(ticket.assign(0), Err((TicketField::Assignee, TicketError::Form(FormError::Required))));
        let mut closed =
            ticket_after(&[Move::Resolve, closing(FollowUp::NotCalled { reason: "no phone".into() }, None)]);
        assert_eq!(closed.assign(8), Err((TicketField::Status, TicketError::Closed)));
    }

    #[test]
    fn meter_readings_only_go_up() {
        for (ticket_reading, machine_hours, reading, result) in [
            (None, 1_200, 1_150, Err((TicketField::Meter, TicketError::BelowLastReading { last: 1_200 }))),
            (None, 1_200, 1_200, Ok(1_200)),
            (None, 1_200, 1_310, Ok(1_310)),
            // The ticket's own earlier reading counts too.
            (Some(1_400), 1_200, 1_350, Err((TicketField::Meter, TicketError::BelowLastReading { last: 1_400 }))),
            (
                None,
                0,
                MAX_HOURS + 1,
                Err((TicketField::Meter, TicketError::Form(FormError::OutOfRange { min: 0, max: MAX_HOURS }))),
            ),
        ] {
            let mut ticket = ServiceTicket::open(11, Priority::Normal, 5, at("2025-09-22 09:00"));
            ticket.meter = ticket_reading;
            assert_eq!(
                ticket.record_meter(reading, machine_hours),
                result,
                "{ticket_reading:?} {machine_hours} {reading}"
            );
            let expected = if result.is_ok() { Some(reading) } else { ticket_reading };
            assert_eq!(ticket.meter, expected);
        }
    }

    #[test]
    fn visits_are_checked() {
        let mut ticket = ServiceTicket::open(11, Priority::Normal, 5, at("2025-09-22 09:00"));
        let bad = Visit {
            date: Some(d("2025-09-25")),
            engineer: 0,
            worked_minutes: 0,
            result: VisitResult::Fixed,
            fault: " ".into(),
        };
        assert_eq!(
            ticket.add_visit(bad, d("2025-09-24")),
            Err(vec![
                (TicketField::VisitDate, TicketError::FutureDate),
                (TicketField::VisitEngineer, TicketError::Form(FormError::Required)),
                (TicketField::VisitHours, TicketError::Form(FormError::OutOfRange { min: 1, max: 1_440 })),
                (TicketField::VisitFault, TicketError::Form(FormError::Required)),
            ])
        );
        let early = Visit { worked_minutes: 1_441, ..visit("2025-09-21", 8, "leak", VisitResult::Fixed) };
        assert_eq!(
            ticket.add_visit(early, d("2025-09-24")),
            Err(vec![
                (TicketField::VisitDate, TicketError::BeforeOpened),
                (TicketField::VisitHours, TicketError::Form(FormError::OutOfRange { min: 1, max: 1_440 })),
            ])
        );
        assert!(ticket.site_visits.is_empty() && ticket.visits == 0 && ticket.assignees.is_empty());
    }

    #[test]
    fn repeat_visits_for_one_fault_are_flagged() {
        let settings = TicketSettings::default();
        let today = d("2025-09-30");
        let mut ticket = ServiceTicket::open(11, Priority::Normal, 5, at("2025-09-22 09:00"));
        for (date, fault, flagged) in [
            ("2025-09-22", "hydraulic leak", false),
            ("2025-09-23", "engine overheats", false),
            ("2025-09-24", "Hydraulic leak ", false),
            // The third visit for the leak, typed full-width.
            ("2025-09-25", "ＨＹＤＲＡＵＬＩＣ leak", true),
        ] {
            ticket.add_visit(visit(date, 8, fault, VisitResult::NotFixed), today).unwrap();
            assert_eq!(ticket.is_repeat_visit(&settings), flagged, "after {date}");
        }
        // A stricter desk flags the second visit.
        let mut two = ServiceTicket::open(11, Priority::Normal, 5, at("2025-09-22 09:00"));
        two.site_visits = ticket.site_visits[..3].to_vec();
        assert!(two.is_repeat_visit(&TicketSettings { repeat_visit_threshold: 2 }));
        two.site_visits.truncate(2);
        two.visits = 2;
        assert!(!two.is_repeat_visit(&TicketSettings { repeat_visit_threshold: 2 }));

        // The rate: the never-visited ticket does not count; 1 flagged of 3 visited.
        let tickets = [
            ticket,
            two.clone(),
            ServiceTicket { site_visits: two.site_visits[..1].to_vec(), visits: 1, ..two.clone() },
            ServiceTicket { site_visits: Vec::new(), visits: 0, ..two },
        ];
        let rate = repeat_visit_rate(&tickets, &settings);
        assert_eq!(rate, RepeatVisitRate { visited: 3, flagged: 1 });
        assert!((rate.percent().unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(repeat_visit_rate(&tickets[3..], &settings).percent(), None);
    }

    #[test]
    fn closing_needs_the_follow_up_and_a_valid_rating() {
        let resolved = ticket_after(&[Move::Start, Move::Resolve]); // resolved Mon 11:00
        let good = rating([5, 4, 4, 5, 3], "fast, the workshop is far");
        let closing_at = at("2025-09-23 10:00");
        let range = TicketError::Form(FormError::OutOfRange { min: 1, max: 5 });
        for (follow_up, rating, problems) in [
            (callback(5, "2025-09-23 09:30", "running well"), Some(good.clone()), vec![]),
            (callback(5, "2025-09-23 09:30", "running well"), None, vec![]),
            (FollowUp::NotCalled { reason: "customer asked not to be called".into() }, None, vec![]),
            (
                callback(0, "2025-09-22 10:30", "  "),
                None,
                vec![
                    (TicketField::CallbackBy, TicketError::Form(FormError::Required)),
                    (TicketField::CallbackAt, TicketError::BeforeResolved),
                    (TicketField::CallbackSaid, TicketError::Form(FormError::Required)),
                ],
            ),
            (callback(5, "2025-09-23 10:01", "ok"), None, vec![(TicketField::CallbackAt, TicketError::AfterClosing)]),
            (
                FollowUp::NotCalled { reason: String::new() },
                None,
                vec![(TicketField::NotCalledReason, TicketError::Form(FormError::Required))],
            ),
            (
                callback(5, "2025-09-23 09:30", "running well"),
                Some(rating([0, 5, 6, 1, 5], "")),
                vec![
                    (TicketField::Rating(QualityDimension::Reliability), range),
                    (TicketField::Rating(QualityDimension::Consistency), range),
                ],
            ),
            (
                callback(5, "2025-09-23 09:30", "running well"),
                Some(rating([5, 5, 5, 5, 5], "\u{7}")),
                vec![(TicketField::RatingComment, TicketError::Form(FormError::ControlCharacters))],
            ),
        ] {
            let mut ticket = resolved.clone();
            let step = closing(follow_up.clone(), rating.clone());
            match ticket.apply(step, closing_at) {
                Ok(()) => {
                    assert!(problems.is_empty(), "{follow_up:?} {rating:?} closed");
                    assert_eq!(ticket.status, Closed);
                    assert_eq!(ticket.closing, Some(Closing { follow_up, rating }));
                }
                Err(found) => {
                    assert_eq!(found, problems, "{follow_up:?} {rating:?}");
                    assert_eq!(ticket, resolved, "nothing changes");
                }
            }
        }
        // Closing an unresolved ticket names the status as well as the follow-up's problems.
        let mut working = ticket_after(&[Move::Start]);
        assert_eq!(
            working.apply(closing(FollowUp::NotCalled { reason: String::new() }, None), closing_at),
            Err(vec![
                (TicketField::Status, TicketError::NotAllowed { from: InProgress, to: Closed }),
                (TicketField::NotCalledReason, TicketError::Form(FormError::Required)),
            ])
        );
    }

    /// The service call: taken by one person, worked by two engineers over three visits
    /// (flagged), held for parts overnight and resumed, closed after a callback with a rating.
    #[test]
    fn a_whole_service_call() {
        let calendar = official();
        let sla = SlaSettings::default(); // High: first response 60, resolution 900 working minutes
        let today = d("2025-09-24");
        let mut ticket = ServiceTicket::open(11, Priority::High, 5, at("2025-09-22 09:00"));
        assert_eq!(ticket.record_meter(4_210, 4_180), Ok(4_210));
        ticket.assign(8).unwrap();
        ticket.apply(Move::Start, at("2025-09-22 09:30")).unwrap();
        ticket.add_visit(visit("2025-09-22", 8, "hydraulic leak", VisitResult::NeedsParts), today).unwrap();
        ticket.apply(Move::Hold(HoldReason::Parts), at("2025-09-22 15:00")).unwrap();
        // On hold Tue 09:00: answered after 30 of 60 minutes; the resolution clock ran
        // Mon 09:00→12:00 = 180 and 13:30→15:00 = 90, so 900 − 270 = 630 are left.
        assert_eq!(
            ticket.sla(&calendar, &sla, at("2025-09-23 09:00")).unwrap(),
            SlaStatus {
                response: TargetState::Met { at: at("2025-09-22 09:30") },
                resolution: TargetState::Paused { remaining_minutes: 630 },
            }
        );
        ticket.apply(Move::Start, at("2025-09-23 10:00")).unwrap();
        // Resumed Tue 10:00 with 630 left: Tue 10:00→12:00 = 120, 13:30→17:30 = 240 (360),
        // Wed 24th 08:30→12:00 = 210 (570), 13:30 + 60 → due Wed 14:30.
        assert_eq!(
            ticket.sla(&calendar, &sla, at("2025-09-23 11:00")).unwrap().resolution,
            TargetState::Running { due: at("2025-09-24 14:30") }
        );
        ticket.add_visit(visit("2025-09-23", 9, "Hydraulic leak", VisitResult::Temporary), today).unwrap();
        assert!(!ticket.is_repeat_visit(&TicketSettings::default()));
        ticket.add_visit(visit("2025-09-24", 8, "hydraulic leak", VisitResult::Fixed), today).unwrap();
        assert!(ticket.is_repeat_visit(&TicketSettings::default()));
        ticket.apply(Move::Resolve, at("2025-09-24 11:00")).unwrap();
        let without_callback = closing(FollowUp::NotCalled { reason: String::new() }, None);
        assert!(ticket.apply(without_callback, at("2025-09-24 16:30")).is_err());
        let rated = Closing {
            follow_up: callback(5, "2025-09-24 16:00", "machine running, engineer was polite"),
            rating: Some(rating([4, 3, 4, 5, 4], "")),
        };
        ticket.apply(Move::Close(rated), at("2025-09-24 16:30")).unwrap();
        assert_eq!((ticket.status, ticket.owner, ticket.assignees.clone()), (Closed, 5, vec![8, 9]));
        assert_eq!(
            ticket.closing.as_ref().and_then(|c| c.rating.as_ref()).map(|r| r.score(QualityDimension::Timeliness)),
            Some(3)
        );
        // Resolved Wed 11:00, 270 + 360 + 150 (Wed 08:30→11:00) = 780 of 900 used: met.
        assert_eq!(
            ticket.sla(&calendar, &sla, at("2025-09-25 09:00")).unwrap().resolution,
            TargetState::Met { at: at("2025-09-24 11:00") }
        );
        assert_eq!(ticket.clock().elapsed_minutes(&calendar, at("2025-09-25 09:00")), 780);
    }
}
