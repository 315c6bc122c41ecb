//! A form field's error line, announced to screen readers as it appears.

use crate::i18n::args;
use crate::state::{use_app, StoreError};
use crate::ui::errors::error_text;
use leptos::prelude::*;

/// The problem of one field, in the user's language, under its control; nothing while the
/// field has none. Pair it with `aria-invalid` on the control ([`invalid`]).
#[component]
pub fn FieldError(
    /// The problem's text, once the form shows it.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <Show when=move || error.with(Option::is_some)>
            <span class="field-error" role="alert" data-testid="field-error">{move || error.get().unwrap_or_default()}</span>
        </Show>
    }
}

/// The `aria-invalid` value of a control whose field shows `problem`.
pub fn invalid<E: Send + Sync + 'static>(problem: Signal<Option<E>>) -> impl Fn() -> &'static str + Copy {
    move || if problem.with(Option::is_some) { "true" } else { "false" }
}

/// Why a form's save or delete failed, under its buttons; nothing while it has not.
#[component]
pub fn SaveFailure(
    /// The failed write's error, until the next try.
    #[prop(into)]
    failure: Signal<Option<StoreError>>,
) -> impl IntoView {
    let app = use_app();
    let text = move || {
        failure.with(|f| {
            f.as_ref().map(|error| {
                let tr = app.tr();
                tr.form_save_failed(args::FormSaveFailed { error: error_text(tr, error) })
            })
        })
    };
    view! {
        <Show when=move || failure.with(Option::is_some)>
            <p class="error-text" role="alert">{text}</p>
        </Show>
    }
}
