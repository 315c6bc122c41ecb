//! The service queue: whose tickets (mine — taken or worked —, my team's, all), which (open,
//! overdue, all) and one status, most urgent first, each with its SLA states and the repeat-visit
//! flag; a tap opens the ticket. The filter is kept while the user opens a ticket and comes back.
//! A second tab shows the desk's figures, a third (its own route) the planned services due.

use super::figures::FiguresView;
use super::sla_badge;
use crate::domain::money::format_int;
use crate::domain::service::queue::{queue, QueueFilter, QueueRow, Scope, Show};
use crate::domain::service::record::TicketStatus;
use crate::i18n::args;
use crate::state::route::Route;
use crate::state::service::{self, ServiceBook};
use crate::state::{browser, use_app};
use crate::ui::fields::SelectField;
use crate::ui::kit::table::{columns, mark, table};
use crate::ui::kit::Loader;
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

/// Rows shown at once: a filter narrows a long queue rather than a long scroll.
const SHOWN: usize = 200;

thread_local! {
    static FILTER: std::cell::Cell<Option<QueueFilter>> = const { std::cell::Cell::new(None) };
    /// Whether the figures tab was open, kept like the filter.
    static SHOW_FIGURES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Opens the desk on its figures tab (or its queue) next time: what the due list's tabs do.
pub(super) fn show_figures(figures: bool) {
    SHOW_FIGURES.set(figures);
}

#[component]
pub fn Service() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || async move { service::book(app).await.map(Rc::new) });
    let figures = RwSignal::new(SHOW_FIGURES.get());
    Effect::new(move |_| SHOW_FIGURES.set(figures.get()));
    view! {
        <section class="page wide" data-testid="service">
            <div class="title-row">
                <h1>{move || app.tr().service_title()}</h1>
                <div class="actions">
                    <a class="button" data-testid="ticket-new" href=Route::NewTicket.href()>{move || app.tr().ticket_new()}</a>
                </div>
            </div>
            <p class="subtitle">{move || app.tr().service_subtitle()}</p>
            <div class="tabs" role="group">
                <button type="button" class="tab" data-testid="service-tab-queue" aria-pressed=move || (!figures.get()).to_string()
                    on:click=move |_| figures.set(false)>{move || app.tr().service_tab_queue()}</button>
                <button type="button" class="tab" data-testid="service-tab-figures" aria-pressed=move || figures.get().to_string()
                    on:click=move |_| figures.set(true)>{move || app.tr().service_tab_figures()}</button>
                <a class="tab" data-testid="service-tab-due" href=Route::ServiceDue.href()>{move || app.tr().service_tab_due()}</a>
            </div>
            <Loader resource=book let:book>
                {
                    let book = StoredValue::new_local(book);
                    move || if figures.get() { view! { <FiguresView book /> }.into_any() } else { view! { <Queue book /> }.into_any() }
                }
            </Loader>
        </section>
    }
}

#[component]
fn Queue(book: StoredValue<Rc<ServiceBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    // Without a current user "mine" is nobody's: start on everyone's.
    let start = FILTER.get().unwrap_or(QueueFilter {
        scope: if app.current_user.get_untracked().is_some() { Scope::Mine } else { Scope::All },
        ..QueueFilter::default()
    });
    let filter = RwSignal::new(start);
    Effect::new(move |_| FILTER.set(Some(filter.get())));
    let now = browser::now_ms();
    let total = book.with_value(|b| b.tickets.len());
    // Worked out once: a filter changed only picks among them.
    let (facts, facts_ms) = book.with_value(|b| b.facts(now));
    let facts = StoredValue::new_local(facts);
    let select = |test_id: &'static str,
                  label: fn(crate::i18n::Tr) -> &'static str,
                  options: fn(crate::i18n::Tr) -> Vec<(String, String)>,
                  current: fn(&QueueFilter) -> String,
                  pick: fn(&mut QueueFilter, &str),
                  empty: Option<fn(crate::i18n::Tr) -> &'static str>| {
        view! {
            <SelectField
                test_id
                label
                options=Signal::derive(move || options(app.tr()))
                current=Signal::derive(move || filter.with(current))
                pick=Callback::new(move |value: String| filter.update(|f| pick(f, &value)))
                empty
            />
        }
    };
    let rows = move || {
        let tr = app.tr();
        if total == 0 {
            return view! { <p class="empty-state" data-testid="service-empty">{tr.service_empty()}</p> }.into_any();
        }
        let me = app.current_user.get();
        let filter = filter.get();
        book.with_value(|b| {
            let team = me.map(|me| b.team_of(me)).unwrap_or_default();
            let started = browser::now_precise_ms();
            let found = facts.with_value(|facts| queue(&b.tickets, facts, filter, me, &team));
            let queue_ms = browser::now_precise_ms() - started;
            let count = view! {
                <p class="muted" data-testid="service-shown" data-facts-ms=format!("{facts_ms:.1}") data-compute-ms=format!("{queue_ms:.1}")>
                    {tr.service_count(args::ServiceCount { shown: format_int(found.len() as i64), total: format_int(total as i64) })}
                </p>
            };
            if found.is_empty() {
                return view! { {count} <p class="muted" data-testid="service-none">{tr.service_none()}</p> }.into_any();
            }
            let capped = (found.len() > SHOWN).then(|| {
                view! { <p class="muted small">{tr.service_capped(args::ServiceCapped { limit: format_int(SHOWN as i64) })}</p> }
            });
            let c = columns::<&QueueRow>();
            let person = |id| b.user_name(id).map(str::to_owned).unwrap_or_default();
            // Seven columns fit a 1024-px tablet: the priority under the number, the flag under
            // the status.
            let columns = [
                c.text(tr.ticket_col_number(), |r| {
                    view! {
                        <a href=Route::Ticket(r.ticket.id).href()>{r.ticket.reference()}</a>
                        <br />
                        <span class="muted small">{labels::priority(tr, r.ticket.priority)}</span>
                    }
                })
                .row_heading(),
                c.text(tr.ticket_col_customer(), |r| b.customer_name(r.ticket.customer_id)).cells("company"),
                c.text(tr.ticket_col_summary(), |r| r.ticket.summary.clone()),
                c.text(tr.ticket_col_status(), |r| {
                    let flag = r.flagged.then(|| {
                        view! { <br /> <span class="flag" data-testid="repeat-visit">{tr.ticket_repeat_visit()}</span> }
                    });
                    view! { <span data-testid="ticket-status">{labels::ticket_status(tr, r.ticket.status)}</span> {flag} }
                }),
                c.text(tr.ticket_col_owner(), move |r| person(r.ticket.owner)),
                c.text(tr.ticket_col_response(), |r| sla_badge(tr, r.sla.map(|s| s.response), "sla-response")),
                c.text(tr.ticket_col_resolution(), |r| sla_badge(tr, r.sla.map(|s| s.resolution), "sla-resolution")),
            ];
            let row_mark = |r: &&QueueRow| mark("ticket-row").record("data-id", r.ticket.id.to_string());
            let shown: Vec<&QueueRow> = found.iter().take(SHOWN).collect();
            let table = table("service-table", Some("service-table"), &columns, shown, row_mark);
            view! { {count} {table} {capped} }.into_any()
        })
    };
    let status_options = |tr| {
        TicketStatus::ALL.iter().map(|s| (s.as_str().to_owned(), labels::ticket_status(tr, *s).to_owned())).collect()
    };
    view! {
        <div class="list-toolbar filters">
            {select("service-scope", |t| t.queue_scope(), |tr| Scope::ALL.iter().map(|s| (s.as_str().to_owned(), labels::queue_scope(tr, *s).to_owned())).collect(), |f| f.scope.as_str().to_owned(), |f, v| f.scope = Scope::parse(v).unwrap_or_default(), None)}
            {select("service-show", |t| t.queue_show(), |tr| Show::ALL.iter().map(|s| (s.as_str().to_owned(), labels::queue_show(tr, *s).to_owned())).collect(), |f| f.show.as_str().to_owned(), |f, v| f.show = Show::parse(v).unwrap_or_default(), None)}
            {select("service-status", |t| t.ticket_col_status(), status_options, |f| f.status.map(|s| s.as_str().to_owned()).unwrap_or_default(), |f, v| f.status = TicketStatus::parse(v), Some(|t| t.filter_any()))}
        </div>
        {rows}
    }
}
