//! Settings → Parts stock policy: target service level, the days-of-cover band and when stock
//! is dead, validated field by field; saving plans every part again with them. The form saves
//! from the revision it opened: another window's change to other fields merges in, one to the
//! same field asks which to keep; a choice not saved yet is kept for the tab.

use crate::domain::model::{Id, User};
use crate::domain::parts::policy_form::{PolicyChoice, PolicyDraft, PolicyField, PolicyProblem};
use crate::i18n::{args, Tr};
use crate::state::{browser, parts, use_app, users, AppState, Clashed, Decision, Revised, Revision, Saved, StoreError};
use crate::ui::errors::error_text;
use crate::ui::fields::Shown;
use crate::ui::kit::{invalid, record_clash, ChangedElsewhere, ClashRow, DraftKept, Made, SettingLoader, Write};
use leptos::prelude::*;
use std::rc::Rc;

fn problem_text(tr: Tr, field: PolicyField, problem: PolicyProblem) -> String {
    match problem {
        PolicyProblem::NotANumber if field == PolicyField::ServiceLevel => tr.policy_not_a_number().to_owned(),
        PolicyProblem::NotANumber => tr.policy_not_whole().to_owned(),
        PolicyProblem::OutOfRange { min, max } => tr.row_out_of_range(args::RowOutOfRange { min, max }),
        PolicyProblem::BandReversed => tr.policy_band_reversed().to_owned(),
    }
}

/// What the form opens with: the stored choice with its revision, and the draft shown — the
/// choice kept from an earlier save that could not be made, if any.
#[derive(Clone)]
struct Loaded {
    opened: Revised<PolicyChoice>,
    draft: PolicyDraft,
    kept: bool,
}

async fn load(app: AppState) -> Result<Loaded, StoreError> {
    let stored = parts::opened_policy(app).await?;
    Ok(match parts::kept_policy(app) {
        Some(kept) => Loaded { opened: kept.opened.unwrap_or(stored), draft: kept.draft.draft(), kept: true },
        None => Loaded { draft: stored.record.draft(), opened: stored, kept: false },
    })
}

#[component]
pub fn PolicySettings() -> impl IntoView {
    let app = use_app();
    let failed: fn(Tr, String) -> String = |tr, error| tr.policy_failed(args::PolicyFailed { error });
    view! {
        <SettingLoader load=move || load(app) failed let:loaded>
            <PolicyForm loaded />
        </SettingLoader>
    }
}

/// The choice as stored now with the people who may have stored it, read again on every write
/// (another tab's too).
type Current = LocalResource<(Option<Revised<PolicyChoice>>, Rc<Vec<User>>)>;

/// Who made `revision` and when, naming people from `current` once it is read.
fn made_by(tr: Tr, current: Current, revision: Option<Revision>) -> Made {
    let people = current.get().map(|(_, people)| people).unwrap_or_default();
    let name = |id: Id| people.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default();
    Made::of(tr, revision, name)
}

/// Field `field` of `choice` (as the merge names it): its label and its value as the form shows it.
fn field_words(tr: Tr, field: &str, choice: &PolicyChoice) -> (String, String) {
    let shown = choice.draft();
    let (label, value) = match field {
        "service_level" => (tr.policy_service_level(), format!("{}%", shown.service_level_percent)),
        "cover_days_min" => (tr.policy_cover_min(), shown.cover_days_min),
        "cover_days_max" => (tr.policy_cover_max(), shown.cover_days_max),
        "dead_after_months" => (tr.policy_dead_months(), shown.dead_after_months),
        other => return (other.to_owned(), String::new()),
    };
    (label.to_owned(), value)
}

/// Each clashing field of a save as the dialog shows it.
fn clash_rows(tr: Tr, current: Current, clashed: &Clashed<PolicyChoice>) -> Vec<ClashRow> {
    let by = made_by(tr, current, clashed.stored.revision);
    let row = |clash: &crate::domain::merge::Clash| {
        let (name, stored) = field_words(tr, clash.field, &clashed.stored.record);
        let (_, mine) = field_words(tr, clash.field, &clashed.mine);
        ClashRow { name, stored, mine, by: by.clone(), typed: None }
    };
    clashed.clashes.iter().map(row).collect()
}

#[component]
fn PolicyForm(loaded: Loaded) -> impl IntoView {
    let app = use_app();
    let Loaded { opened, draft, kept } = loaded;
    let draft = RwSignal::new(draft);
    let kept = RwSignal::new(kept);
    // What the next save starts from: as opened, then as stored after each save, a clash the
    // user settled, or a change made elsewhere while the form was untouched.
    let base = RwSignal::new(opened);
    let clash = RwSignal::new_local(None::<Rc<Clashed<PolicyChoice>>>);
    // How the last save ended, until the next edit.
    let message = RwSignal::new(None::<(bool, String)>);
    let write = Write::new(move |choice: PolicyChoice| async move {
        let tr = app.tr_untracked();
        let opened = base.get_untracked();
        match parts::save_policy(app, &opened, choice).await {
            Ok(Saved::Stored { .. }) => {
                parts::discard_policy(app);
                kept.set(false);
                let stored = parts::opened_policy(app).await?;
                draft.set(stored.record.draft());
                base.set(stored);
                message.set(Some((true, tr.policy_saved().to_owned())));
                Ok(())
            }
            Ok(Saved::Clashed(clashed)) => {
                parts::keep_policy(app, &opened, &choice);
                clash.set(Some(Rc::from(clashed)));
                Ok(())
            }
            Err(error) => {
                parts::keep_policy(app, &opened, &choice);
                message.set(Some((false, tr.policy_failed(args::PolicyFailed { error: error_text(tr, &error) }))));
                Err(error)
            }
        }
    });
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        let resolved = clashed.resolve(&decisions);
        base.set(clashed.stored.clone());
        draft.set(resolved.draft());
        clash.set(None);
        write.start(resolved);
    });
    let current: Current = app.watch(move || async move {
        let stored = parts::opened_policy(app).await.ok();
        (stored, Rc::new(users::list(app).await.unwrap_or_default()))
    });
    // An untouched form follows what is stored; a touched one keeps its draft and says another
    // window changed it.
    Effect::new(move |_| {
        let Some((Some(now), _)) = current.get() else { return };
        let untouched = base.with_untracked(|b| draft.with_untracked(|d| *d == b.record.draft()));
        if untouched && !kept.get_untracked() && clash.with_untracked(Option::is_none) {
            draft.set(now.record.draft());
            base.set(now);
        }
    });
    let changed_elsewhere = Signal::derive_local(move || {
        let (now, _) = current.get()?;
        let revision = now?.revision.filter(|r| !browser::drawn_here(r.rev.tag))?;
        base.with(|b| b.revision != Some(revision)).then(|| {
            let tr = app.tr();
            let Made { user, time } = made_by(tr, current, Some(revision));
            tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
        })
    });
    let discard = move |_| {
        parts::discard_policy(app);
        kept.set(false);
        if let Some((Some(stored), _)) = current.get_untracked() {
            base.set(stored);
        }
        draft.set(base.with_untracked(|b| b.record.draft()));
    };
    let dialog = record_clash(
        clash,
        move |tr, clashed| clash_rows(tr, current, clashed),
        move |tr, revision| made_by(tr, current, revision),
        write.pending().into(),
        decide,
    );
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
        <ChangedElsewhere message=changed_elsewhere />
        <DraftKept kept=kept on_discard=Callback::new(discard) />
        {dialog}
        <section class="card" data-testid="policy-settings" inert=move || clash.with(Option::is_some)>
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
