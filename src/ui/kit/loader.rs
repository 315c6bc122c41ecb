//! The four states of a read every page shows the same way: loading, failed (worded by
//! `ui::errors`), missing, and the value itself.

use crate::state::{use_app, StoreError};
use crate::ui::errors::error_text;
use leptos::prelude::*;

/// Shows a read of a value that always exists once read: "loading" (`data-testid="loading"`)
/// until it arrives, the failure in the user's language, then `children` of the value. Only
/// the read re-renders `children`: a language switch rewords the states and keeps what a form
/// holds.
#[component]
pub fn Loader<T, V, F>(
    /// The read whose state shows.
    resource: LocalResource<Result<T, StoreError>>,
    /// Draws the value once read.
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    move || read_state(resource.get(), |value| children(value).into_any())
}

/// Shows a read of one record that may not exist: as [`Loader`], and `missing` in a
/// `class="empty-state"` paragraph (marked `missing_id` when given) when it is not stored.
#[component]
pub fn RecordLoader<T, V, F>(
    /// The read whose state shows; `Ok(None)` when the record is not stored.
    resource: LocalResource<Result<Option<T>, StoreError>>,
    /// What to say when the record is not stored, in the user's language.
    #[prop(into)]
    missing: Signal<String>,
    /// The `data-testid` of the "not stored" paragraph, where tests look for it.
    #[prop(optional)]
    missing_id: Option<&'static str>,
    /// Draws the record once read.
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    move || {
        read_state(resource.get(), |record| match record {
            None => view! { <p class="empty-state" data-testid=missing_id>{missing}</p> }.into_any(),
            Some(value) => children(value).into_any(),
        })
    }
}

/// A read's view: loading until it arrives, its failure, or `loaded` of its value.
fn read_state<T>(read: Option<Result<T, StoreError>>, loaded: impl FnOnce(T) -> AnyView) -> AnyView {
    match read {
        None => loading(),
        Some(Err(error)) => failed(error),
        Some(Ok(value)) => loaded(value),
    }
}

/// A read on its way.
pub fn loading() -> AnyView {
    let app = use_app();
    view! { <p class="muted" data-testid="loading">{move || app.tr().loading()}</p> }.into_any()
}

/// A failed read, as the same alert everywhere.
pub fn failed(error: StoreError) -> AnyView {
    let app = use_app();
    view! { <p class="error-text" role="alert">{move || error_text(app.tr(), &error)}</p> }.into_any()
}
