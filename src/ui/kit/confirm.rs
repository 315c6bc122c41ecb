//! Deleting after asking: a danger button opens a confirmation with the question, any extra
//! fields (a reason), Confirm and Cancel.

use crate::state::use_app;
use leptos::prelude::*;

/// The ask / confirm / cancel pattern of every delete. The confirmation is a `role="alertdialog"`
/// marked `delete-confirmation`, its buttons `confirm-delete` and `cancel-delete`.
#[component]
pub fn DeleteConfirmation(
    /// The `data-testid` of the button that asks.
    ask_id: &'static str,
    /// The asking button's label, in the user's language.
    #[prop(into)]
    ask: Signal<String>,
    /// The question the confirmation asks.
    #[prop(into)]
    question: Signal<String>,
    /// The confirming button's label.
    #[prop(into)]
    confirm: Signal<String>,
    /// While true, both danger buttons are disabled (a write is running).
    #[prop(into)]
    busy: Signal<bool>,
    /// Runs when the user confirms.
    on_confirm: Callback<()>,
    /// Fields shown between the question and the buttons.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let app = use_app();
    let confirming = RwSignal::new(false);
    let children = StoredValue::new(children);
    view! {
        <button type="button" class="button danger" data-testid=ask_id disabled=busy on:click=move |_| confirming.set(true)>
            {ask}
        </button>
        <Show when=move || confirming.get()>
            <div class="confirm-delete" role="alertdialog" data-testid="delete-confirmation">
                <p>{question}</p>
                {children.with_value(|c| c.as_ref().map(|c| c()))}
                <div class="actions">
                    <button type="button" class="button danger" data-testid="confirm-delete" disabled=busy on:click=move |_| on_confirm.run(())>
                        {confirm}
                    </button>
                    <button type="button" class="button secondary" data-testid="cancel-delete" on:click=move |_| confirming.set(false)>
                        {move || app.tr().cancel()}
                    </button>
                </div>
            </div>
        </Show>
    }
}
