//! The bar of a long, time-sliced task (an import's check or save, the parts recompute), with
//! Cancel where the task can stop.

use crate::state::use_app;
use leptos::prelude::*;

/// `done` of `total` steps as a labelled `<progress>`; drawn again by the caller as the task
/// moves. An empty total shows as complete.
#[component]
pub fn ProgressBar(
    /// The `data-testid` of the bar's box.
    test_id: &'static str,
    /// What is progressing, with its counts, in the user's language.
    label: String,
    /// Steps done.
    done: usize,
    /// Steps in all.
    total: usize,
    /// Stops the task; without it the bar has no Cancel button.
    #[prop(optional)]
    cancel: Option<Callback<()>>,
) -> impl IntoView {
    let app = use_app();
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    view! {
        <div class="import-progress" data-testid=test_id role="status">
            <span>{label}</span>
            <progress max="100" value=percent.to_string()></progress>
            {cancel.map(|cancel| view! {
                <button class="button secondary" data-testid="import-cancel" on:click=move |_| cancel.run(())>
                    {move || app.tr().cancel()}
                </button>
            })}
        </div>
    }
}
