//! The pieces of a list page: the search box over it and the virtual list of its rows.

use super::rows;
use crate::i18n::Tr;
use crate::state::use_app;
use leptos::prelude::*;
use std::ops::Range;

/// A search box (`class="search"`): the list narrows as the user types.
#[component]
pub fn SearchBox(
    /// The box's `data-testid`.
    test_id: &'static str,
    /// The hint shown in the empty box, in the user's language.
    hint: fn(Tr) -> &'static str,
    /// What screen readers announce the box as; the hint when not given.
    #[prop(optional)]
    label: Option<fn(Tr) -> &'static str>,
    /// The text searched for.
    #[prop(into)]
    value: Signal<String>,
    /// Runs with the text on every keystroke.
    input: Callback<String>,
) -> impl IntoView {
    let app = use_app();
    let label = label.unwrap_or(hint);
    view! {
        <input
            class="search"
            type="search"
            data-testid=test_id
            autocomplete="off"
            placeholder=move || hint(app.tr())
            aria-label=move || label(app.tr())
            prop:value=value
            on:input=move |event| input.run(event_target_value(&event))
        />
    }
}

/// A `role="list"` as tall as all its rows, of which only those on screen (in the window's
/// scroll) are drawn, so 10,000 rows scroll as smoothly as 100. Each row is `row_height` px and
/// places itself at `index × row_height` (through the CSSOM, which the CSP allows).
#[component]
pub fn VirtualList<V, F>(
    /// The list's `data-testid`.
    test_id: &'static str,
    /// How many rows the list has.
    #[prop(into)]
    count: Signal<usize>,
    /// Every row's height, px.
    row_height: f64,
    /// Rows drawn beyond each edge of the screen, so fast flicks never show a gap.
    overscan: usize,
    /// Tracks what starts a new set of results (a search, an order): the window then scrolls
    /// back to the list's top.
    #[prop(optional)]
    restart: Option<Callback<()>>,
    /// Draws the rows of a range of indexes.
    rows: F,
) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(Range<usize>) -> V + Send + Sync + 'static,
{
    let list = NodeRef::<leptos::html::Div>::new();
    let restart = move || {
        if let Some(restart) = restart {
            restart.run(());
        }
    };
    let visible = rows::on_screen_in_window(list, count, restart, row_height, overscan);
    view! {
        <div
            class="virtual-list"
            node_ref=list
            data-testid=test_id
            role="list"
            style:height=move || format!("{}px", count.get() as f64 * row_height)
        >
            {move || rows(visible())}
        </div>
    }
}
