//! Settings → Parts stock policy: target service level, the days-of-cover band and when stock
//! is dead, validated field by field; saving plans every part again with them.

use crate::domain::parts::policy_form::{PolicyDraft, PolicyField, PolicyProblem};
use crate::i18n::{args, Tr};
use crate::state::{parts, use_app};
use crate::ui::errors::error_text;
use crate::ui::fields::Shown;
use crate::ui::kit::{invalid, Write};
use leptos::prelude::*;

fn problem_text(tr: Tr, field: PolicyField, problem: PolicyProblem) -> String {
    match problem {
        PolicyProblem::NotANumber if field == PolicyField::ServiceLevel => tr.policy_not_a_number().to_owned(),
        PolicyProblem::NotANumber => tr.policy_not_whole().to_owned(),
        PolicyProblem::OutOfRange { min, max } => tr.row_out_of_range(args::RowOutOfRange { min, max }),
        PolicyProblem::BandReversed => tr.policy_band_reversed().to_owned(),
    }
}

#[component]
pub fn PolicySettings() -> impl IntoView {
    let app = use_app();
    // Read once the workspace is open, and again when another one is.
    let stored = LocalResource::new(move || {
        let open = app.workspace_open();
        async move {
            if open {
                Some(parts::policy(app).await)
            } else {
                None
            }
        }
    });
    move || {
        match stored.get().flatten() {
        None => None,
        Some(Err(error)) => Some(
            view! { <p class="error-text" role="alert">{app.tr().policy_failed(args::PolicyFailed { error: error_text(app.tr(), &error) })}</p> }
                .into_any(),
        ),
        Some(Ok(choice)) => Some(view! { <PolicyForm draft=choice.draft() /> }.into_any()),
    }
    }
}

#[component]
fn PolicyForm(draft: PolicyDraft) -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(draft);
    // How the last save ended, until the next edit.
    let message = RwSignal::new(None::<(bool, String)>);
    let write = Write::new(move |choice| async move {
        let tr = app.tr_untracked();
        let saved = parts::save_policy(app, choice).await;
        message.set(Some(match &saved {
            Ok(()) => (true, tr.policy_saved().to_owned()),
            Err(error) => (false, tr.policy_failed(args::PolicyFailed { error: error_text(tr, error) })),
        }));
        saved
    });
    let problems = Memo::new(move |_| draft.with(|d| d.validate().err().unwrap_or_default()));
    let shown = Shown::new(problems);
    let field = move |field: PolicyField,
                      test_id: &'static str,
                      label: fn(Tr) -> &'static str,
                      get: fn(&PolicyDraft) -> String,
                      set: fn(&mut PolicyDraft, String)| {
        let problem = shown.problem(field);
        view! {
            <label class="field">
                <span>{move || label(app.tr())}</span>
                <input
                    type="text"
                    inputmode="decimal"
                    data-testid=test_id
                    aria-invalid=invalid(problem)
                    prop:value=move || draft.with(get)
                    on:input=move |e| {
                        let text = event_target_value(&e);
                        message.set(None);
                        draft.update(|d| set(d, text));
                    }
                    on:blur=move |_| shown.touch(field)
                />
                {move || problem.get().map(|p| view! {
                    <span class="field-error" role="alert" data-testid=format!("{test_id}-error")>{problem_text(app.tr(), field, p)}</span>
                })}
            </label>
        }
    };
    let save = move |_| {
        shown.submitted.set(true);
        if let Ok(choice) = draft.with_untracked(PolicyDraft::validate) {
            write.start(choice);
        }
    };
    view! {
        <section class="card" data-testid="policy-settings">
            <h2>{move || app.tr().policy_title()}</h2>
            <p class="muted">{move || app.tr().policy_hint()}</p>
            <div class="filter-grid">
                {field(PolicyField::ServiceLevel, "policy-service-level", |t| t.policy_service_level(),
                    |d| d.service_level_percent.clone(), |d, v| d.service_level_percent = v)}
                {field(PolicyField::CoverDaysMin, "policy-cover-min", |t| t.policy_cover_min(),
                    |d| d.cover_days_min.clone(), |d, v| d.cover_days_min = v)}
                {field(PolicyField::CoverDaysMax, "policy-cover-max", |t| t.policy_cover_max(),
                    |d| d.cover_days_max.clone(), |d, v| d.cover_days_max = v)}
                {field(PolicyField::DeadAfterMonths, "policy-dead-months", |t| t.policy_dead_months(),
                    |d| d.dead_after_months.clone(), |d, v| d.dead_after_months = v)}
            </div>
            <div class="actions">
                <button class="button" data-testid="policy-save" disabled=write.pending() on:click=save>
                    {move || app.tr().policy_save()}
                </button>
            </div>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice ok" } else { "error-text" } role=if ok { "status" } else { "alert" } data-testid="policy-message">{text}</p>
            })}
        </section>
    }
}
