//! The installed base (保有设备): every machine in the field with search as you type; a tap
//! opens one to edit. Reached from the parts list, since the parts forecast is what it feeds.

use super::link_button;
use crate::domain::money::format_int;
use crate::domain::parts::machine_form;
use crate::i18n::args;
use crate::state::machines::{self, MachineBook};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::kit::{Loader, SearchBox};
use crate::ui::machines::machine_table;
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
    let book = app.watch(move || async move { machines::book(app).await.map(Rc::new) });
    view! {
        <section class="page wide" data-testid="machines">
            <a class="back-link" href=Route::Parts.href()>{move || format!("← {}", app.tr().parts_title())}</a>
            <div class="title-row">
                <h1>{move || app.tr().machines_title()}</h1>
                <div class="actions">{link_button("", "machines-add", Route::NewMachine, |t| t.machines_add())}</div>
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
        let table = book.with_value(|b| {
            let shown = found.iter().take(SHOWN).map(|&i| &b.machines[i]);
            let customer = |id| b.customer_name(id);
            machine_table(tr, "machines-table", Some("machine-list"), "machine-row", shown, Some(&customer))
        });
        view! {
            {table}
            {capped}
        }
        .into_any()
    };
    view! {
        <div class="list-toolbar">
            <SearchBox test_id="machines-search" hint=|tr| tr.machines_search() value=search input=Callback::new(move |text| search.set(text)) />
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
