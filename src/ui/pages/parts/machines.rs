//! The installed base (保有设备): every machine in the field with search as you type; a tap
//! opens one to edit. Reached from the parts list, since the parts forecast is what it feeds.

use crate::domain::model::Machine;
use crate::domain::money::format_int;
use crate::domain::parts::machine_form;
use crate::i18n::args;
use crate::state::machines::{self, MachineBook};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::kit::Loader;
use crate::ui::{format, labels};
use leptos::prelude::*;
use std::rc::Rc;

/// Rows shown at once: a search narrows a large fleet down rather than a long scroll.
const SHOWN: usize = 200;

thread_local! {
    /// The search, kept while the user opens a machine and comes back.
    static SEARCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

#[component]
pub fn Machines() -> impl IntoView {
    let app = use_app();
    let book = LocalResource::new(move || {
        app.track_workspace();
        app.revision.track();
        async move { machines::book(app).await.map(Rc::new) }
    });
    view! {
        <section class="page wide" data-testid="machines">
            <a class="back-link" href=Route::Parts.href()>{move || format!("← {}", app.tr().parts_title())}</a>
            <div class="title-row">
                <h1>{move || app.tr().machines_title()}</h1>
                <div class="actions">
                    <a class="button" data-testid="machines-add" href=Route::NewMachine.href()>
                        {move || app.tr().machines_add()}
                    </a>
                </div>
            </div>
            <p class="subtitle">{move || app.tr().machines_subtitle()}</p>
            <Loader resource=book let:book>
                <MachineList book=StoredValue::new_local(book) />
            </Loader>
        </section>
    }
}

#[component]
fn MachineList(book: StoredValue<Rc<MachineBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let search = RwSignal::new(SEARCH.with_borrow(Clone::clone));
    Effect::new(move |_| SEARCH.set(search.get()));
    let total = book.with_value(|b| b.machines.len());
    let found = Memo::new(move |_| {
        let text = search.get();
        book.with_value(|b| machine_form::search(&b.machines, |id| b.customer_name(id), &text))
    });
    let rows = move || {
        let tr = app.tr();
        if total == 0 {
            return view! { <p class="empty-state" data-testid="machines-empty">{tr.machines_empty()}</p> }.into_any();
        }
        let found = found.get();
        if found.is_empty() {
            return view! { <p class="muted" data-testid="machines-none">{tr.machines_no_match(args::MachinesNoMatch { text: search.get() })}</p> }
                .into_any();
        }
        let capped = (found.len() > SHOWN).then(|| {
            view! { <p class="muted small" data-testid="machines-capped">{tr.machines_capped(args::MachinesCapped { limit: format_int(SHOWN as i64) })}</p> }
        });
        let items = book.with_value(|b| {
            found
                .iter()
                .take(SHOWN)
                .map(|&i| {
                    let machine = &b.machines[i];
                    view! { <MachineRow machine=machine.clone() customer=b.customer_name(machine.customer_id) /> }
                })
                .collect_view()
        });
        let headings = vec![
            heading(tr.machine_col_serial()),
            heading(tr.machine_col_model()),
            heading(tr.machine_col_customer()),
            heading(tr.machine_col_delivered()),
            numeric(tr.machine_col_hours()),
            numeric(tr.machine_col_hours_per_month()),
            heading(tr.machine_col_status()),
        ];
        view! {
            {data_table("machines-table", Some("machine-list"), headings, items)}
            {capped}
        }
        .into_any()
    };
    view! {
        <div class="list-toolbar">
            <input
                type="search"
                class="search"
                data-testid="machines-search"
                aria-label=move || app.tr().machines_search()
                placeholder=move || app.tr().machines_search()
                prop:value=search
                on:input=move |event| search.set(event_target_value(&event))
            />
        </div>
        <p class="muted" data-testid="machines-shown">
            {move || app.tr().machines_count(args::MachinesCount {
                shown: format_int(found.with(Vec::len) as i64),
                total: format_int(total as i64),
            })}
        </p>
        {rows}
    }
}

#[component]
fn MachineRow(machine: Machine, customer: String) -> impl IntoView {
    let app = use_app();
    let href = Route::EditMachine(machine.id).href();
    let status = machine.status;
    view! {
        <tr data-testid="machine-row" data-serial=machine.serial.clone()>
            <td><a href=href>{machine.serial.clone()}</a></td>
            <td>{machine.model.clone()}</td>
            <td>{customer}</td>
            <td>{move || machine.delivered.map(|d| format::date(app.tr(), d)).unwrap_or_default()}</td>
            <td class="num">{format_int(i64::from(machine.hours))}</td>
            <td class="num">{format_int(i64::from(machine.hours_per_month))}</td>
            <td>{move || labels::machine_status(app.tr(), status)}</td>
        </tr>
    }
}
