//! The after-sales service desk: the queue of tickets with their SLA states, the planned
//! services due, taking a call as a ticket, and the ticket's page where the work is done —
//! engineers, visits, holds, the meter reading, the work order's details, and closing with the
//! callback and the customer's rating.

mod call;
mod closing;
mod due;
mod figures;
mod queue;
mod ticket;
mod work;

pub use call::TicketCall;
pub use due::DueList;
pub use queue::Service;
pub use ticket::TicketPage;

use crate::domain::service::sla::TargetState;
use crate::domain::service::ticket::{TicketError, TicketField, TicketProblem};
use crate::i18n::{args, Tr};
use crate::ui::format;
use crate::ui::problems;
use leptos::prelude::*;

/// Working minutes as `7 h 30 min` / `7小时30分`.
fn working_time(tr: Tr, minutes: i64) -> String {
    let (hours, minutes) = (minutes / 60, minutes % 60);
    match (hours, minutes) {
        (0, minutes) => tr.duration_minutes(args::DurationMinutes { minutes }),
        (hours, 0) => tr.duration_hours(args::DurationHours { hours }),
        (hours, minutes) => tr.duration_hours_minutes(args::DurationHoursMinutes { hours, minutes }),
    }
}

/// One SLA target's state as a badge with words (the colour is never the only sign); a dash for
/// a ticket whose clock cannot be told.
fn sla_badge(tr: Tr, state: Option<TargetState>, test_id: &'static str) -> AnyView {
    let (class, text) = match state {
        None => return view! { <span class="muted" data-testid=test_id>"–"</span> }.into_any(),
        Some(TargetState::Running { due }) => {
            ("sla-running", tr.sla_due(args::SlaDue { time: format::moment(tr, due) }))
        }
        Some(TargetState::AtRisk { due }) => {
            ("sla-at-risk", tr.sla_at_risk(args::SlaAtRisk { time: format::moment(tr, due) }))
        }
        Some(TargetState::Paused { remaining_minutes }) => {
            ("sla-paused", tr.sla_paused(args::SlaPaused { left: working_time(tr, remaining_minutes) }))
        }
        Some(TargetState::Met { .. }) => ("sla-met", tr.sla_met().to_owned()),
        Some(TargetState::Failed { due, .. }) => {
            ("sla-failed", tr.sla_failed(args::SlaFailed { time: format::moment(tr, due) }))
        }
    };
    view! { <span class=format!("sla-badge {class}") data-testid=test_id>{text}</span> }.into_any()
}

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
