//! A machine's service tickets on its page, newest first, each with its status and SLA state and
//! opening the ticket; read again on every write.

use crate::domain::model::Id;
use crate::domain::money::format_int;
use crate::i18n::args;
use crate::state::{browser, service, use_app};
use crate::ui::kit::Loader;
use crate::ui::tickets::ticket_table;
use leptos::prelude::*;

#[component]
pub fn MachineTickets(id: Id) -> impl IntoView {
    let app = use_app();
    let tickets = app.watch(move || service::machine_tickets(app, id));
    view! {
        <section class="card wide-card" data-testid="machine-tickets">
            <Loader resource=tickets let:found>
                {
                    let found = StoredValue::new_local(found);
                    move || found.with_value(|found| {
                        let tr = app.tr();
                        let list = if found.tickets.is_empty() {
                            view! { <p class="muted" data-testid="machine-tickets-empty">{tr.machine_tickets_empty()}</p> }.into_any()
                        } else {
                            ticket_table(tr, &found.tickets, &found.settings, browser::now_ms(), "machine-ticket")
                        };
                        view! {
                            <h2 data-testid="machine-tickets-title">
                                {tr.machine_tickets_title(args::MachineTicketsTitle { count: format_int(found.tickets.len() as i64) })}
                            </h2>
                            {list}
                        }
                    })
                }
            </Loader>
        </section>
    }
}
