//! The foot of every record form (why the last save failed, how many problems stop it, and
//! Save with a delete beside it) and the notice that a write needs a current user.

use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::state::{use_app, StoreError};
use crate::ui::kit::SaveFailure;
use leptos::prelude::*;

/// Says that writes need a current user (the audit trail names them), with a link to
/// Settings where one is picked; nothing once there is one.
#[component]
pub fn NoCurrentUser(
    /// What the page cannot do without one; that a save needs one when not given.
    #[prop(optional)]
    message: Option<fn(Tr) -> &'static str>,
) -> impl IntoView {
    let app = use_app();
    let message = message.unwrap_or(|tr| tr.form_no_current_user());
    view! {
        <Show when=move || app.current_user.get().is_none()>
            <p class="notice" data-testid="no-current-user">
                {move || message(app.tr())} " "
                <a href=Route::Settings.href()>{move || app.tr().nav_settings()}</a>
            </p>
        </Show>
    }
}

/// Save stays disabled without a current user (unless `anyone` may save); pair the footer with
/// [`NoCurrentUser`].
#[component]
pub fn FormFooter(
    /// The Save button's `data-testid`; the button submits the form.
    save_id: &'static str,
    /// How many problems stop the save.
    #[prop(into)]
    problems: Signal<usize>,
    /// Whether a save was tried (the count shows from then on).
    #[prop(into)]
    submitted: Signal<bool>,
    /// While true, Save is disabled (a write is running).
    #[prop(into)]
    pending: Signal<bool>,
    /// Why the last save or delete failed.
    #[prop(into)]
    failure: Signal<Option<StoreError>>,
    /// Whether the record saves without a current user (no audit entry names one).
    #[prop(optional)]
    anyone: bool,
    /// What stands beside Save (a delete confirmation).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let app = use_app();
    let no_current_user = move || !anyone && app.current_user.get().is_none();
    let blocked = move || submitted.get() && problems.get() != 0;
    view! {
        <SaveFailure failure />
        <Show when=blocked>
            <p class="error-text" role="alert" data-testid="form-problems">
                {move || app.tr().form_has_problems(args::FormHasProblems { count: problems.get() })}
            </p>
        </Show>
        <div class="actions sticky-actions">
            <button type="submit" class="button" data-testid=save_id disabled=move || pending.get() || no_current_user()>
                {move || app.tr().form_save()}
            </button>
            {children.map(|children| children())}
        </div>
    }
}
