//! Settings → Planned maintenance: each machine model's programme — its intervals (a name, every
//! N hours, every M months, whichever first) and the parts kit of each (one part number a line,
//! `× quantity`) — each problem at its input, kit parts checked against the parts catalogue.
//! The form saves from the revision it opened; the programmes are one whole, so a change saved
//! elsewhere meanwhile asks which to keep; a draft not saved is kept for the tab.

use crate::domain::service::maintenance::MaintenanceSettings;
use crate::domain::service::maintenance_form::{
    drafts, validate, IntervalDraft, MaintenanceError, MaintenanceField, ProgrammeDraft,
};
use crate::i18n::{args, Tr};
use crate::state::stored_setting::Opened;
use crate::state::{parts, service, use_app, AppState, Clashed, StoreError};
use crate::ui::kit::{invalid, ClashRow, Made, SettingForm, SettingLoader, SettingWords};
use crate::ui::problems;
use leptos::prelude::*;
use std::rc::Rc;

fn problem_text(tr: Tr, error: MaintenanceError) -> String {
    match error {
        MaintenanceError::Form(error) => problems::form(tr, error),
        MaintenanceError::Duplicate => tr.maintenance_duplicate().to_owned(),
        MaintenanceError::NoLimit => tr.maintenance_no_limit().to_owned(),
        MaintenanceError::KitUnreadable { line } => {
            tr.maintenance_kit_unreadable(args::MaintenanceKitUnreadable { line })
        }
        MaintenanceError::KitUnknownPart { line } => tr.maintenance_kit_unknown(args::MaintenanceKitUnknown { line }),
        MaintenanceError::KitRepeated { line } => tr.maintenance_kit_repeated(args::MaintenanceKitRepeated { line }),
        MaintenanceError::KitQuantity { line } => tr.maintenance_kit_quantity(args::MaintenanceKitQuantity { line }),
    }
}

/// The form's setting, and the catalogue's part numbers, which kits are checked against.
async fn load(app: AppState) -> Result<(Opened<MaintenanceSettings>, Rc<Vec<String>>), StoreError> {
    let opened = service::MAINTENANCE.open_form(app).await?;
    Ok((opened, Rc::new(parts::part_numbers(app).await?.into_keys().collect())))
}

const WORDS: SettingWords = SettingWords {
    saved: |tr| tr.maintenance_saved(),
    failed: |tr, error| tr.maintenance_failed(args::MaintenanceFailed { error }),
};

#[component]
pub fn MaintenanceSettingsSection() -> impl IntoView {
    let app = use_app();
    view! {
        <SettingLoader load=move || load(app) failed=WORDS.failed let:loaded>
            <MaintenanceForm opened=loaded.0 parts=loaded.1 />
        </SettingLoader>
    }
}

/// The programmes as the clash dialog words them: each model with its intervals' names.
fn summary(settings: &MaintenanceSettings) -> String {
    let programme = |p: &crate::domain::service::maintenance::Programme| {
        let names: Vec<&str> = p.intervals.iter().map(|i| i.name.as_str()).collect();
        format!("{} ({})", p.model, names.join(", "))
    };
    settings.programmes.iter().map(programme).collect::<Vec<_>>().join("; ")
}

/// The programmes, one whole, as the clash dialog's one row.
fn clash_rows(tr: Tr, clashed: &Clashed<MaintenanceSettings>, by: Made) -> Vec<ClashRow> {
    vec![ClashRow {
        name: tr.maintenance_title().to_owned(),
        stored: summary(&clashed.stored.record),
        mine: summary(&clashed.mine),
        by,
        typed: None,
    }]
}

#[component]
fn MaintenanceForm(opened: Opened<MaintenanceSettings>, parts: Rc<Vec<String>>) -> impl IntoView {
    let app = use_app();
    let form = SettingForm::new(&service::MAINTENANCE, opened, drafts, &WORDS);
    let SettingForm { draft: shown_draft, write, .. } = form;
    let parts = StoredValue::new_local(parts);
    let check = move |d: &Vec<ProgrammeDraft>| {
        parts.with_value(|parts| validate(d, &parts.iter().map(String::as_str).collect::<Vec<_>>()))
    };
    let problems = Memo::new(move |_| shown_draft.with(|d| check(d).err().unwrap_or_default()));
    let shown = crate::ui::fields::Shown::<MaintenanceField, MaintenanceError>::new(problems);
    // The form's shape: rows are drawn again only when a programme or interval comes or goes.
    let shape = Memo::new(move |_| shown_draft.with(|d| d.iter().map(|p| p.intervals.len()).collect::<Vec<_>>()));
    let input = move |field: MaintenanceField,
                      test_id: String,
                      label: fn(Tr) -> &'static str,
                      multiline: bool,
                      get: fn(&[ProgrammeDraft], MaintenanceField) -> Option<String>,
                      set: fn(&mut [ProgrammeDraft], MaintenanceField, String)| {
        let problem = shown.problem(field);
        let error_id = format!("{test_id}-error");
        let value = move || shown_draft.with(|d| get(d, field).unwrap_or_default());
        let typed = move |text: String| {
            form.edit(|d| set(d, field, text));
        };
        let control = if multiline {
            view! {
                <textarea rows="3" data-testid=test_id aria-invalid=invalid(problem) prop:value=value
                    on:input=move |e| typed(event_target_value(&e)) on:blur=move |_| shown.touch(field)></textarea>
            }
            .into_any()
        } else {
            view! {
                <input type="text" data-testid=test_id aria-invalid=invalid(problem) prop:value=value
                    on:input=move |e| typed(event_target_value(&e)) on:blur=move |_| shown.touch(field) />
            }
            .into_any()
        };
        view! {
            <label class="field">
                <span>{move || label(app.tr())}</span>
                {control}
                {move || problem.get().map(|p| view! {
                    <span class="field-error" role="alert" data-testid=error_id.clone()>{problem_text(app.tr(), p)}</span>
                })}
            </label>
        }
    };
    let interval_row = move |p: usize, i: usize| {
        let id = |name: &str| format!("maintenance-{p}-{i}-{name}");
        view! {
            <div class="filter-grid maintenance-interval" data-testid=format!("maintenance-{p}-{i}")>
                {input(MaintenanceField::Name(p, i), id("name"), |t| t.maintenance_interval_name(), false, get_text, set_text)}
                {input(MaintenanceField::Hours(p, i), id("hours"), |t| t.maintenance_hours(), false, get_text, set_text)}
                {input(MaintenanceField::Months(p, i), id("months"), |t| t.maintenance_months(), false, get_text, set_text)}
                {input(MaintenanceField::Kit(p, i), id("kit"), |t| t.maintenance_kit(), true, get_text, set_text)}
                <button type="button" class="button secondary" data-testid=id("remove")
                    on:click=move |_| shown_draft.update(|d| { d[p].intervals.remove(i); })>
                    {move || app.tr().maintenance_remove_interval()}
                </button>
            </div>
        }
    };
    let programmes = move || {
        shape
            .get()
            .into_iter()
            .enumerate()
            .map(|(p, intervals)| {
                view! {
                    <fieldset class="threshold-row" data-testid=format!("maintenance-programme-{p}")>
                        <legend>{move || shown_draft.with(|d| d.get(p).map(|d| d.model.clone()).unwrap_or_default())}</legend>
                        <div class="filter-grid">
                            {input(MaintenanceField::Model(p), format!("maintenance-{p}-model"), |t| t.maintenance_model(), false, get_text, set_text)}
                        </div>
                        {(0..intervals).map(|i| interval_row(p, i)).collect_view()}
                        <div class="actions">
                            <button type="button" class="button secondary" data-testid=format!("maintenance-{p}-add")
                                on:click=move |_| shown_draft.update(|d| d[p].intervals.push(IntervalDraft::default()))>
                                {move || app.tr().maintenance_add_interval()}
                            </button>
                            <button type="button" class="button secondary" data-testid=format!("maintenance-{p}-remove")
                                on:click=move |_| shown_draft.update(|d| { d.remove(p); })>
                                {move || app.tr().maintenance_remove_programme()}
                            </button>
                        </div>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let add_programme = move |_| {
        shown_draft.update(|d| {
            d.push(ProgrammeDraft { intervals: vec![IntervalDraft::default()], ..ProgrammeDraft::default() })
        })
    };
    let save = move |_| {
        shown.submitted.set(true);
        if let Ok(settings) = shown_draft.with_untracked(check) {
            write.start(settings);
        }
    };
    view! {
        {form.banners_and_dialog(clash_rows)}
        <section class="card" data-testid="maintenance-settings" inert=move || form.clashing()>
            <h2>{move || app.tr().maintenance_title()}</h2>
            <p class="muted">{move || app.tr().maintenance_hint()}</p>
            {programmes}
            <div class="actions">
                <button type="button" class="button secondary" data-testid="maintenance-add-programme" on:click=add_programme>
                    {move || app.tr().maintenance_add_programme()}
                </button>
                <button class="button" data-testid="maintenance-save" disabled=write.pending() on:click=save>
                    {move || app.tr().maintenance_save()}
                </button>
            </div>
            {form.outcome("maintenance-message")}
        </section>
    }
}

/// The text at `field` in the drafts.
fn get_text(d: &[ProgrammeDraft], field: MaintenanceField) -> Option<String> {
    let interval = |p: usize, i: usize| d.get(p).and_then(|p| p.intervals.get(i));
    match field {
        MaintenanceField::Model(p) => d.get(p).map(|p| p.model.clone()),
        MaintenanceField::Name(p, i) => interval(p, i).map(|i| i.name.clone()),
        MaintenanceField::Hours(p, i) => interval(p, i).map(|i| i.hours.clone()),
        MaintenanceField::Months(p, i) => interval(p, i).map(|i| i.months.clone()),
        MaintenanceField::Kit(p, i) => interval(p, i).map(|i| i.kit.clone()),
    }
}

/// Sets the text at `field` in the drafts (nothing when it is gone).
fn set_text(d: &mut [ProgrammeDraft], field: MaintenanceField, text: String) {
    let slot = match field {
        MaintenanceField::Model(p) => d.get_mut(p).map(|p| &mut p.model),
        MaintenanceField::Name(p, i) => d.get_mut(p).and_then(|p| p.intervals.get_mut(i)).map(|i| &mut i.name),
        MaintenanceField::Hours(p, i) => d.get_mut(p).and_then(|p| p.intervals.get_mut(i)).map(|i| &mut i.hours),
        MaintenanceField::Months(p, i) => d.get_mut(p).and_then(|p| p.intervals.get_mut(i)).map(|i| &mut i.months),
        MaintenanceField::Kit(p, i) => d.get_mut(p).and_then(|p| p.intervals.get_mut(i)).map(|i| &mut i.kit),
    };
    if let Some(slot) = slot {
        *slot = text;
    }
}
