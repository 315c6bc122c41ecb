//! The ticket forms: the call as taken (customer, machine, kind, priority, what is wrong, the
//! hour meter) and the work order's details edited later, each problem at its input.
//!
//! - The customer must be stored; a machine, when named, must be stored and the customer's.
//! - A meter reading is a whole number, typed in any width, and never below the machine's hours.
//! - The summary is required; the work order's three Cs (complaint, cause, correction) are
//!   optional long texts. A closed ticket's details no longer change.
//! - A complaint may point at an order, a part or another ticket, each the customer's own
//!   ([`Subjects`]); it has a root cause and an owner. Other kinds keep none of these.

use super::record::{Priority, RootCause, ServiceTicket, TicketKind, TicketStatus};
use super::ticket::{TicketError, TicketField, TicketProblem};
use crate::domain::fields::{half_width_number, next_in_series, text_problem, FormError, MAX_LONG_TEXT, MAX_TEXT};
use crate::domain::model::{Id, Machine};
use crate::domain::parts::machine_form::MAX_HOURS;
use serde::{Deserialize, Serialize};

/// A new ticket as typed while the customer is on the phone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTicket {
    pub customer_id: Id,
    pub machine_id: Option<Id>,
    pub kind: TicketKind,
    pub priority: Priority,
    pub summary: String,
    pub complaint: String,
    /// The hour meter as the customer reads it, or empty.
    pub meter: String,
    /// The planned-maintenance interval the ticket is for (from the due list), or empty.
    pub interval: String,
}

/// The details of a ticket that are edited as the work goes on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    pub kind: TicketKind,
    pub priority: Priority,
    pub summary: String,
    pub complaint: String,
    pub cause: String,
    pub correction: String,
    pub about_order: Option<Id>,
    pub about_part: Option<Id>,
    pub about_ticket: Option<Id>,
    pub root_cause: Option<RootCause>,
    pub complaint_owner: Option<Id>,
}

impl Details {
    pub fn of(ticket: &ServiceTicket) -> Details {
        Details {
            kind: ticket.kind,
            priority: ticket.priority,
            summary: ticket.summary.clone(),
            complaint: ticket.complaint.clone(),
            cause: ticket.cause.clone(),
            correction: ticket.correction.clone(),
            about_order: ticket.about_order,
            about_part: ticket.about_part,
            about_ticket: ticket.about_ticket,
            root_cause: ticket.root_cause,
            complaint_owner: ticket.complaint_owner,
        }
    }
}

/// What a complaint of one customer may point at: its orders, the parts fitting its machines,
/// its tickets, as stored now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Subjects {
    pub orders: Vec<Id>,
    pub parts: Vec<Id>,
    pub tickets: Vec<Id>,
}

impl Subjects {
    /// The problems of `details`' subjects on ticket `id`: each must be among these.
    fn problems(&self, id: Id, details: &Details) -> Vec<TicketProblem> {
        let mut problems = Vec::new();
        for (field, chosen, own) in [
            (TicketField::AboutOrder, details.about_order, &self.orders),
            (TicketField::AboutPart, details.about_part, &self.parts),
            (TicketField::AboutTicket, details.about_ticket, &self.tickets),
        ] {
            match chosen {
                Some(chosen) if field == TicketField::AboutTicket && chosen == id => {
                    problems.push((field, TicketError::SameTicket))
                }
                Some(chosen) if !own.contains(&chosen) => problems.push((field, TicketError::NotTheCustomers)),
                _ => {}
            }
        }
        problems
    }
}

/// The next free ticket number for a call taken in `year`: `SR-<year>-NNNNNN`.
pub fn next_number(taken: &[String], year: i32) -> String {
    next_in_series(&format!("SR-{year}-"), taken)
}

/// A meter reading as typed: a whole number of hours, 0–[`MAX_HOURS`]; `None` when empty.
pub fn meter_reading(text: &str) -> Result<Option<u32>, TicketProblem> {
    // Digits grouped as people write long numbers: "4,210", "4 210".
    let typed: String =
        half_width_number(text, &['h', 'H', '小', '时']).chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect();
    if typed.is_empty() {
        return Ok(None);
    }
    let range = (TicketField::Meter, TicketError::Form(FormError::OutOfRange { min: 0, max: MAX_HOURS }));
    let reading = (typed.len() <= 9 && typed.bytes().all(|b| b.is_ascii_digit()))
        .then(|| typed.parse::<u32>().ok())
        .flatten()
        .ok_or(range)?;
    (reading <= MAX_HOURS).then_some(Some(reading)).ok_or(range)
}

fn texts(summary: &str, complaint: &str, cause: &str, correction: &str) -> Vec<TicketProblem> {
    let mut problems = Vec::new();
    match text_problem(summary, MAX_TEXT) {
        Some(error) => problems.push((TicketField::Summary, TicketError::Form(error))),
        None if summary.trim().is_empty() => {
            problems.push((TicketField::Summary, TicketError::Form(FormError::Required)))
        }
        None => {}
    }
    for (field, text) in
        [(TicketField::Complaint, complaint), (TicketField::Cause, cause), (TicketField::Correction, correction)]
    {
        if let Some(error) = text_problem(text, MAX_LONG_TEXT) {
            problems.push((field, TicketError::Form(error)));
        }
    }
    problems
}

impl NewTicket {
    /// The ticket the call makes, taken by `taken_by` at `at` (milliseconds), with the machine's
    /// hours after the reading; or every problem. `customer_exists` answers for the customer,
    /// `machine` is the named machine as stored (`None` when gone).
    pub fn check(
        &self,
        customer_exists: bool,
        machine: Option<&Machine>,
        taken_by: Id,
        at: i64,
    ) -> Result<(ServiceTicket, Option<Machine>), Vec<TicketProblem>> {
        let mut problems = Vec::new();
        if self.customer_id == 0 {
            problems.push((TicketField::Customer, TicketError::Form(FormError::Required)));
        } else if !customer_exists {
            problems.push((TicketField::Customer, TicketError::UnknownCustomer));
        }
        let machine = match (self.machine_id, machine) {
            (None, _) => None,
            (Some(_), Some(machine)) if machine.customer_id == self.customer_id => Some(machine),
            (Some(_), _) => {
                problems.push((TicketField::Machine, TicketError::UnknownMachine));
                None
            }
        };
        problems.extend(texts(&self.summary, &self.complaint, "", ""));
        let mut ticket = ServiceTicket::open(self.customer_id, self.priority, taken_by, at);
        ticket.machine_id = self.machine_id;
        ticket.kind = self.kind;
        ticket.summary = self.summary.trim().to_owned();
        ticket.complaint = self.complaint.trim().to_owned();
        ticket.interval = self.interval.trim().to_owned();
        if !ticket.interval.is_empty() && self.machine_id.is_none() {
            problems.push((TicketField::Machine, TicketError::Form(FormError::Required)));
        }
        let mut updated = None;
        match meter_reading(&self.meter) {
            Err(problem) => problems.push(problem),
            Ok(None) => {}
            Ok(Some(_)) if self.machine_id.is_none() => {
                problems.push((TicketField::Machine, TicketError::Form(FormError::Required)))
            }
            Ok(Some(reading)) => {
                if let Some(machine) = machine {
                    match ticket.record_meter(reading, machine.hours) {
                        Ok(hours) => updated = Some(Machine { hours, ..machine.clone() }),
                        Err(problem) => problems.push(problem),
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok((ticket, updated))
        } else {
            Err(problems)
        }
    }
}

impl Details {
    /// `ticket` with these details, or every problem; a closed ticket is refused. A complaint's
    /// subjects must be among `subjects`; a ticket of another kind keeps no complaint fields.
    pub fn apply(&self, ticket: &ServiceTicket, subjects: &Subjects) -> Result<ServiceTicket, Vec<TicketProblem>> {
        let mut problems = texts(&self.summary, &self.complaint, &self.cause, &self.correction);
        if ticket.status == TicketStatus::Closed {
            problems.insert(0, (TicketField::Status, TicketError::Closed));
        }
        let complaint = self.kind == TicketKind::Complaint;
        if complaint {
            problems.extend(subjects.problems(ticket.id, self));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let kept = |value: Option<Id>| value.filter(|_| complaint);
        Ok(ServiceTicket {
            about_order: kept(self.about_order),
            about_part: kept(self.about_part),
            about_ticket: kept(self.about_ticket),
            root_cause: self.root_cause.filter(|_| complaint),
            complaint_owner: kept(self.complaint_owner),
            kind: self.kind,
            priority: self.priority,
            summary: self.summary.trim().to_owned(),
            complaint: self.complaint.trim().to_owned(),
            cause: self.cause.trim().to_owned(),
            correction: self.correction.trim().to_owned(),
            ..ticket.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(id: Id, customer_id: Id, hours: u32) -> Machine {
        Machine { id, customer_id, hours, serial: format!("SN{id}"), ..Machine::default() }
    }

    fn call(customer_id: Id, machine_id: Option<Id>, summary: &str, meter: &str) -> NewTicket {
        NewTicket {
            customer_id,
            machine_id,
            summary: summary.into(),
            meter: meter.into(),
            priority: Priority::High,
            ..NewTicket::default()
        }
    }

    #[test]
    fn ticket_numbers_count_up_within_the_year() {
        let taken = |numbers: &[&str]| numbers.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(next_number(&[], 2026), "SR-2026-000001");
        assert_eq!(
            next_number(&taken(&["SR-2026-000007", "sr-2026-000002", "SR-2025-000040"]), 2026),
            "SR-2026-000008"
        );
        assert_eq!(next_number(&taken(&["SR-2025-000040", "SO-2026-000009"]), 2026), "SR-2026-000001");
        assert_eq!(ServiceTicket { id: 9, ..ServiceTicket::default() }.reference(), "#9");
        let numbered = ServiceTicket { id: 9, number: "SR-2026-000001".into(), ..ServiceTicket::default() };
        assert_eq!(numbered.reference(), "SR-2026-000001");
    }

    #[test]
    fn meter_readings_as_typed() {
        let range = Err((TicketField::Meter, TicketError::Form(FormError::OutOfRange { min: 0, max: MAX_HOURS })));
        for (typed, expected) in [
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("4210", Ok(Some(4_210))),
            ("４２１０", Ok(Some(4_210))),
            ("4210 h", Ok(Some(4_210))),
            ("4,210", Ok(Some(4_210))),
            ("4 210", Ok(Some(4_210))),
            ("4210小时", Ok(Some(4_210))),
            ("42.5", range),
            ("-3", range),
            ("abc", range),
            ("262801", range),
            ("99999999999", range),
        ] {
            assert_eq!(meter_reading(typed), expected, "{typed:?}");
        }
    }

    #[test]
    fn a_call_is_checked_against_what_is_stored() {
        let m = machine(8, 3, 1_200);
        let other = machine(9, 4, 10);
        let required = |field| (field, TicketError::Form(FormError::Required));
        for (draft, customer_exists, stored, problems) in [
            (call(3, Some(8), "leak", "1250"), true, Some(&m), vec![]),
            (call(3, None, "leak", ""), true, None, vec![]),
            (
                call(0, None, " ", ""),
                false,
                None,
                vec![required(TicketField::Customer), required(TicketField::Summary)],
            ),
            (call(3, None, "leak", ""), false, None, vec![(TicketField::Customer, TicketError::UnknownCustomer)]),
            // A machine deleted meanwhile, and another customer's machine.
            (call(3, Some(8), "leak", ""), true, None, vec![(TicketField::Machine, TicketError::UnknownMachine)]),
            (
                call(3, Some(9), "leak", ""),
                true,
                Some(&other),
                vec![(TicketField::Machine, TicketError::UnknownMachine)],
            ),
            (
                call(3, Some(8), "leak", "1150"),
                true,
                Some(&m),
                vec![(TicketField::Meter, TicketError::BelowLastReading { last: 1_200 })],
            ),
            (call(3, None, "leak", "1150"), true, None, vec![required(TicketField::Machine)]),
            // Planned maintenance is of a machine.
            (
                NewTicket { interval: "500 h".into(), ..call(3, None, "service", "") },
                true,
                None,
                vec![required(TicketField::Machine)],
            ),
        ] {
            let result = draft.check(customer_exists, stored, 5, 1_000);
            match result {
                Ok((ticket, updated)) => {
                    assert!(problems.is_empty(), "{draft:?}");
                    assert_eq!((ticket.owner, ticket.opened_at, ticket.status), (5, 1_000, TicketStatus::Open));
                    assert_eq!(
                        (ticket.customer_id, ticket.machine_id, ticket.priority),
                        (3, draft.machine_id, Priority::High)
                    );
                    let expected = (!draft.meter.is_empty()).then(|| Machine { hours: 1_250, ..m.clone() });
                    assert_eq!(updated, expected);
                    assert_eq!(ticket.meter, expected.map(|m| m.hours));
                }
                Err(found) => assert_eq!(found, problems, "{draft:?}"),
            }
        }
    }

    #[test]
    fn details_change_until_closing() {
        let ticket = ServiceTicket { summary: "leak".into(), ..ServiceTicket::default() };
        let details = Details {
            cause: " worn seal ".into(),
            correction: "seal replaced".into(),
            priority: Priority::Urgent,
            ..Details::of(&ticket)
        };
        let changed = details.apply(&ticket, &Subjects::default()).unwrap();
        assert_eq!((changed.cause.as_str(), changed.priority), ("worn seal", Priority::Urgent));
        assert_eq!(Details::of(&changed), Details { cause: "worn seal".into(), ..details.clone() });
        let closed = ServiceTicket { status: TicketStatus::Closed, ..ticket.clone() };
        assert_eq!(details.apply(&closed, &Subjects::default()), Err(vec![(TicketField::Status, TicketError::Closed)]));
        let blank = Details { summary: "".into(), complaint: "\u{7}".into(), ..details };
        assert_eq!(
            blank.apply(&ticket, &Subjects::default()),
            Err(vec![
                (TicketField::Summary, TicketError::Form(FormError::Required)),
                (TicketField::Complaint, TicketError::Form(FormError::ControlCharacters)),
            ])
        );
    }

    #[test]
    fn a_complaint_points_at_the_customers_own_records() {
        let ticket = ServiceTicket { id: 5, summary: "parts late".into(), ..ServiceTicket::default() };
        let subjects = Subjects { orders: vec![10, 11], parts: vec![20], tickets: vec![4, 5] };
        let complaint = |order, part, about| Details {
            kind: TicketKind::Complaint,
            about_order: order,
            about_part: part,
            about_ticket: about,
            root_cause: Some(RootCause::PartsLate),
            complaint_owner: Some(7),
            ..Details::of(&ticket)
        };
        let not_theirs = TicketError::NotTheCustomers;
        for (details, expected) in [
            (complaint(Some(10), Some(20), Some(4)), Ok(())),
            (complaint(None, None, None), Ok(())),
            // Another customer's order (or one deleted meanwhile), part and ticket.
            (complaint(Some(99), None, None), Err(vec![(TicketField::AboutOrder, not_theirs)])),
            (
                complaint(Some(10), Some(21), Some(6)),
                Err(vec![(TicketField::AboutPart, not_theirs), (TicketField::AboutTicket, not_theirs)]),
            ),
            (complaint(None, None, Some(5)), Err(vec![(TicketField::AboutTicket, TicketError::SameTicket)])),
        ] {
            let got = details.apply(&ticket, &subjects);
            match expected {
                Ok(()) => {
                    let saved = got.unwrap();
                    assert_eq!(
                        (saved.about_order, saved.about_part, saved.about_ticket),
                        (details.about_order, details.about_part, details.about_ticket)
                    );
                    assert_eq!((saved.root_cause, saved.complaint_owner), (Some(RootCause::PartsLate), Some(7)));
                }
                Err(problems) => assert_eq!(got, Err(problems), "{details:?}"),
            }
        }
        // A repair keeps no complaint fields, and its subjects are not checked.
        let repair = Details { kind: TicketKind::Repair, ..complaint(Some(99), None, None) };
        let saved = repair.apply(&ticket, &subjects).unwrap();
        assert_eq!((saved.about_order, saved.root_cause, saved.complaint_owner), (None, None, None));
    }
}
