//! Service tickets as a customer's page and a machine's page list them, and the SLA badge every
//! ticket shows (the desk's pages draw it too).

use crate::domain::model::ServiceTicket;
use crate::domain::money::format_int;
use crate::domain::service::settings::ServiceSettings;
use crate::domain::service::sla::TargetState;
use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::ui::format;
use crate::ui::kit::table::{columns, mark, table};
use crate::ui::labels;
use leptos::prelude::*;

/// Working minutes as `7 h 30 min` / `7小时30分`.
pub fn working_time(tr: Tr, minutes: i64) -> String {
    let (hours, minutes) = (minutes / 60, minutes % 60);
    match (hours, minutes) {
        (0, minutes) => tr.duration_minutes(args::DurationMinutes { minutes }),
        (hours, 0) => tr.duration_hours(args::DurationHours { hours }),
        (hours, minutes) => tr.duration_hours_minutes(args::DurationHoursMinutes { hours, minutes }),
    }
}

/// One SLA target's state as a badge with words (the colour is never the only sign); a dash for
/// a ticket whose clock cannot be told.
pub fn sla_badge(tr: Tr, state: Option<TargetState>, test_id: &'static str) -> AnyView {
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

/// `tickets` newest first as a table, each row marked `row_testid` with its id: the number
/// opening the ticket, opened, summary, kind, status, the resolution target's state at `now`
/// (milliseconds) by the desk's `settings`, and visits.
pub fn ticket_table(
    tr: Tr,
    tickets: &[ServiceTicket],
    settings: &ServiceSettings,
    now: i64,
    row_testid: &'static str,
) -> AnyView {
    let calendar = settings.calendar();
    let mut tickets: Vec<&ServiceTicket> = tickets.iter().collect();
    tickets.sort_by_key(|t| (std::cmp::Reverse(t.opened_instant()), std::cmp::Reverse(t.id)));
    let c = columns::<&ServiceTicket>();
    let columns = [
        c.text(tr.ticket_col_number(), |t| {
            view! { <a href=Route::Ticket(t.id).href() data-testid="ticket-link">{t.reference()}</a> }
        })
        .row_heading(),
        c.text(tr.ticket_opened(), |t| t.opened.map(|d| format::date(tr, d))),
        c.text(tr.ticket_col_summary(), |t| t.summary.clone()),
        c.text(tr.ticket_kind(), |t| labels::ticket_kind(tr, t.kind)),
        c.text(tr.ticket_col_status(), |t| labels::ticket_status(tr, t.status)),
        c.text(tr.ticket_col_resolution(), move |t| {
            sla_badge(tr, t.sla(&calendar, &settings.sla, now).map(|s| s.resolution), "ticket-row-sla")
        }),
        c.number(tr.ticket_col_visits(), |t| format_int(i64::from(t.visits))),
    ];
    table("", None, &columns, tickets, |t| mark(row_testid).record("data-id", t.id.to_string()))
}
