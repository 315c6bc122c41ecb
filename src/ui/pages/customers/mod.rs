//! Customers (客户): the list with search, filters and saved filters; a customer's page with its
//! timeline, value card, machines, orders and deals, and the records of its file two synced devices
//! changed at once; the create/edit form with duplicate warnings; logging an interaction.

mod clash;
mod conflicts;
mod detail;
mod duplicates;
mod edit;
mod history;
mod list;
mod log_interaction;
mod related;
mod timeline;
mod value_card;

pub use detail::CustomerDetail;
pub use edit::CustomerEdit;
pub use list::Customers;

use crate::i18n::Tr;
use crate::state::{use_app, AppState, StoreError};
use leptos::prelude::*;

/// A write's outcome, its failure shown as the app's alert: for writes started where the page has
/// no line of its own for it (the timeline, the reassign form).
fn alerted<T>(app: AppState, done: Result<T, StoreError>) -> Result<T, StoreError> {
    if let Err(error) = &done {
        app.report(error.clone());
    }
    done
}

/// A button (marked `test_id`, labelled `label`) that opens `children` in its place, until `open`
/// is cleared (a form's Cancel).
#[component]
fn Unfold(
    open: RwSignal<bool>,
    class: &'static str,
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let app = use_app();
    let ask = move || {
        view! {
            <button class=class data-testid=test_id on:click=move |_| open.set(true)>
                {move || label(app.tr())}
            </button>
        }
    };
    view! {
        <Show when=move || open.get() fallback=ask>
            {children()}
        </Show>
    }
}

/// A confirming button (marked `test_id`, styled `class`, disabled while `pending`) beside Cancel.
#[component]
fn ConfirmCancel(
    class: &'static str,
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    #[prop(into)] pending: Signal<bool>,
    confirm: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="actions">
            <button class=class data-testid=test_id disabled=pending on:click=move |_| confirm.run(())>
                {move || label(app.tr())}
            </button>
            <button class="button secondary" on:click=move |_| cancel.run(())>{move || app.tr().cancel()}</button>
        </div>
    }
}

/// The non-empty `parts`, between middle dots.
fn dotted<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ")
}
