//! The after-sales service desk: the queue of tickets with their SLA states, the planned
//! services due, taking a call as a ticket, and the ticket's page where the work is done —
//! engineers, visits, holds, the meter reading, the work order's details, and closing with the
//! callback and the customer's rating.

mod call;
mod closing;
mod complaint;
mod due;
mod figures;
mod queue;
mod ticket;
mod work;

pub use call::TicketCall;
pub use due::DueList;
pub use queue::Service;
pub use ticket::TicketPage;

use crate::domain::service::ticket::{TicketError, TicketField, TicketProblem};
use crate::i18n::Tr;
use crate::ui::problems;
use crate::ui::tickets::{sla_badge, working_time};

/// The problem of `field` among `problems`, in words.
fn problem_at(tr: Tr, problems: &[TicketProblem], field: TicketField) -> Option<String> {
    problems.iter().find(|(f, _)| *f == field).map(|&(field, error)| problems::ticket(tr, field, error))
}

/// Problems that belong to no input of the form they came from (a move the flow no longer
/// allows because someone else moved the ticket), in words.
fn status_problems(tr: Tr, problems: &[TicketProblem]) -> Vec<String> {
    problems
        .iter()
        .filter(|(field, error)| *field == TicketField::Status || matches!(error, TicketError::NotAllowed { .. }))
        .map(|&(field, error)| problems::ticket(tr, field, error))
        .collect()
}
