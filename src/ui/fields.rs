//! Form controls shared by pages.

use crate::i18n::Tr;
use crate::state::use_app;
use leptos::prelude::*;

/// A labelled select over `options` (value, label). `empty` names a first choice with the empty
/// value ("All" in a filter, "Not set" in a form). One non-generic component, so each use costs
/// no code of its own.
#[component]
pub fn SelectField(
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    options: Signal<Vec<(String, String)>>,
    current: Signal<String>,
    pick: Callback<String>,
    empty: Option<fn(Tr) -> &'static str>,
) -> impl IntoView {
    let app = use_app();
    let items = move || {
        options
            .get()
            .into_iter()
            .map(|(value, text)| {
                let selected = value.clone();
                view! { <option value=value prop:selected=move || current.with(|c| *c == selected)>{text}</option> }
            })
            .collect_view()
    };
    let empty = empty.map(|name| {
        view! { <option value="" prop:selected=move || current.with(String::is_empty)>{move || name(app.tr())}</option> }
    });
    view! {
        <label class="field">
            <span>{move || label(app.tr())}</span>
            <select data-testid=test_id on:change=move |event| pick.run(event_target_value(&event))>
                {empty}
                {items}
            </select>
        </label>
    }
}
