//! The planned services due, a tab of the service desk: within the next 30, 60 or 90 days
//! (overdue ones first), per machine with its customer, the interval, the due date and why —
//! the hours reached or the months passed. A tap opens a planned-maintenance ticket naming the
//! interval; from then on the row shows that ticket instead of offering another.

use super::problem_at;
use crate::domain::money::format_int;
use crate::domain::service::form::NewTicket;
use crate::domain::service::maintenance::{DueBy, DueRow};
use crate::domain::service::record::{Priority, TicketKind};
use crate::domain::service::ticket::{TicketField, TicketProblem};
use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::state::service::{self, ServiceBook};
use crate::state::{browser, use_app};
use crate::ui::fields::SelectField;
use crate::ui::format;
use crate::ui::kit::table::{columns, mark, table};
use crate::ui::kit::{Loader, SaveFailure, Write};
use leptos::prelude::*;
use std::rc::Rc;

/// The windows offered, in days.
const WINDOWS: [u32; 3] = [30, 60, 90];

thread_local! {
    /// The window chosen, kept while the user opens a ticket and comes back.
    static WINDOW: std::cell::Cell<u32> = const { std::cell::Cell::new(30) };
}

fn why(tr: Tr, row: &DueRow) -> String {
    let hours = format_int(i64::from(row.hours));
    match row.by {
        DueBy::Hours => tr.due_by_hours(args::DueByHours { hours }),
        DueBy::Months => tr.due_by_months(args::DueByMonths { months: row.months, hours }),
    }
}

#[component]
pub fn DueList() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || async move { service::book(app).await.map(Rc::new) });
    view! {
        <section class="page wide" data-testid="service-due">
            <div class="title-row">
                <h1>{move || app.tr().service_title()}</h1>
                <div class="actions">
                    <a class="button" data-testid="ticket-new" href=Route::NewTicket.href()>{move || app.tr().ticket_new()}</a>
                </div>
            </div>
            <p class="subtitle">{move || app.tr().service_subtitle()}</p>
            <div class="tabs" role="group">
                <a class="tab" data-testid="service-tab-queue" href=Route::Service.href()
                    on:click=move |_| super::queue::show_figures(false)>{move || app.tr().service_tab_queue()}</a>
                <a class="tab" data-testid="service-tab-figures" href=Route::Service.href()
                    on:click=move |_| super::queue::show_figures(true)>{move || app.tr().service_tab_figures()}</a>
                <a class="tab" data-testid="service-tab-due" aria-current="page" href=Route::ServiceDue.href()>
                    {move || app.tr().service_tab_due()}
                </a>
            </div>
            <Loader resource=book let:book>
                <Due book />
            </Loader>
        </section>
    }
}

#[component]
fn Due(book: Rc<ServiceBook>) -> impl IntoView {
    let app = use_app();
    let book = StoredValue::new_local(book);
    let days = RwSignal::new(WINDOW.get());
    Effect::new(move |_| WINDOW.set(days.get()));
    let problems = RwSignal::new(Vec::<TicketProblem>::new());
    let create = Write::new(move |row: DueRow| async move {
        let tr = app.tr_untracked();
        let call = NewTicket {
            customer_id: row.customer_id,
            machine_id: Some(row.machine_id),
            kind: TicketKind::Maintenance,
            priority: Priority::Normal,
            summary: tr.due_ticket_summary(args::DueTicketSummary { interval: &row.interval }),
            interval: row.interval.clone(),
            ..NewTicket::default()
        };
        problems.set(service::open(app, &call).await?.err().unwrap_or_default());
        Ok(())
    });
    let options = move || {
        let tr = app.tr();
        WINDOWS.iter().map(|d| (d.to_string(), tr.due_window(args::DueWindow { days: *d }))).collect::<Vec<_>>()
    };
    let rows = move || {
        let tr = app.tr();
        let today = browser::today();
        let days = days.get();
        book.with_value(|b| {
            let due = b.due(today, days);
            let count = view! {
                <p class="muted" data-testid="due-count">{tr.due_count(args::DueCount { count: format_int(due.len() as i64) })}</p>
            };
            if due.is_empty() {
                return view! { {count} <p class="empty-state" data-testid="due-none">{tr.due_none()}</p> }.into_any();
            }
            let c = columns::<&DueRow>();
            let columns = [
                c.text(tr.due_col_machine(), |r| b.machine_label(r.machine_id).unwrap_or_default()).row_heading(),
                c.text(tr.ticket_col_customer(), |r| {
                    view! { <a href=Route::Customer(r.customer_id).href()>{b.customer_name(r.customer_id)}</a> }
                })
                .cells("company"),
                c.text(tr.due_col_interval(), |r| view! { <span data-testid="due-interval">{r.interval.clone()}</span> }),
                c.text(tr.due_col_date(), |r| {
                    let overdue = r.overdue.then(|| view! { <br /> <span class="flag" data-testid="due-overdue">{tr.due_overdue()}</span> });
                    view! { <span data-testid="due-date">{format::date(tr, r.date)}</span> {overdue} }
                }),
                c.text(tr.due_col_why(), |r| view! { <span data-testid="due-why">{why(tr, r)}</span> }),
                c.text(tr.due_col_ticket(), |r| match r.ticket.and_then(|id| b.ticket(id)) {
                    Some(ticket) => view! {
                        <a data-testid="due-ticket" href=Route::Ticket(ticket.id).href()>{ticket.reference()}</a>
                    }
                    .into_any(),
                    None => {
                        let row = (*r).clone();
                        view! {
                            <button type="button" class="button secondary" data-testid="due-create"
                                disabled=create.pending() on:click=move |_| create.start(row.clone())>
                                {tr.due_create()}
                            </button>
                        }
                        .into_any()
                    }
                }),
            ];
            let row_mark = |r: &&DueRow| mark("due-row").record("data-machine", r.machine_id.to_string());
            let table = table("due-table", Some("due-table"), &columns, due.iter(), row_mark);
            view! { {count} {table} }.into_any()
        })
    };
    view! {
        <div class="list-toolbar filters">
            <SelectField
                test_id="due-window"
                label=|t| t.due_window_label()
                options=Signal::derive(options)
                current=Signal::derive(move || days.get().to_string())
                pick=Callback::new(move |value: String| days.set(value.parse().unwrap_or(30)))
                empty=None
            />
        </div>
        {move || {
            let tr = app.tr();
            problems.with(|p| {
                [TicketField::Interval, TicketField::Machine, TicketField::Customer]
                    .into_iter()
                    .find_map(|field| problem_at(tr, p, field))
                    .map(|text| view! { <p class="error-text" role="alert" data-testid="due-problem">{text}</p> })
            })
        }}
        <SaveFailure failure=create.failure() />
        {rows}
    }
}
