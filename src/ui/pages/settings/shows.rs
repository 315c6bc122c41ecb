//! Settings → Trade shows: the days from a show's close to each lead's follow-up, by the lead's
//! temperature (hot 2, warm 7, cold 30 by default); the close proposes due dates by them. Saved
//! from the revision the form opened: another window's change to another temperature merges in,
//! one to the same temperature asks which to keep.

use crate::domain::shows::close::{DaysProblem, FollowUpDays, FollowUpDaysDraft, MAX_FOLLOW_UP_DAYS};
use crate::domain::shows::Temperature;
use crate::i18n::{args, Tr};
use crate::state::stored_setting::Opened;
use crate::state::{shows, use_app, Clashed};
use crate::ui::fields::Shown;
use crate::ui::kit::{ClashRow, Made, SettingForm, SettingLoader, SettingWords, TextInput, TextKind};
use crate::ui::labels;
use leptos::prelude::*;

/// A field's label in the user's language.
type Label = fn(Tr) -> &'static str;

const WORDS: SettingWords = SettingWords {
    saved: |tr| tr.show_days_saved(),
    failed: |tr, error| tr.show_days_failed(args::ShowDaysFailed { error }),
};

fn problem_text(tr: Tr, problem: DaysProblem) -> String {
    match problem {
        DaysProblem::NotWholeDays => tr.show_days_not_whole().to_owned(),
        DaysProblem::TooMany => tr.show_days_too_many(args::ShowDaysTooMany { max: MAX_FOLLOW_UP_DAYS }),
        DaysProblem::SoonerThanHotter => tr.show_days_sooner_than_hotter().to_owned(),
    }
}

/// The draft's text for `temperature`, to type into.
fn text_mut(draft: &mut FollowUpDaysDraft, temperature: Temperature) -> &mut String {
    match temperature {
        Temperature::Hot => &mut draft.hot,
        Temperature::Warm => &mut draft.warm,
        Temperature::Cold => &mut draft.cold,
    }
}

#[component]
pub fn ShowSettings() -> impl IntoView {
    let app = use_app();
    view! {
        <SettingLoader load=move || shows::FOLLOW_UP_DAYS.open_form(app) failed=WORDS.failed let:opened>
            <FollowUpDaysForm opened />
        </SettingLoader>
    }
}

/// A clash on one temperature's days in words (the merge names the field as the temperature).
fn clash_rows(tr: Tr, clashed: &Clashed<FollowUpDays>, by: Made) -> Vec<ClashRow> {
    clashed
        .clashes
        .iter()
        .map(|clash| {
            let days =
                |d: &FollowUpDays| Temperature::parse(clash.field).map(|t| d.of(t).to_string()).unwrap_or_default();
            ClashRow {
                name: Temperature::parse(clash.field).map_or(clash.field, |t| labels::temperature(tr, t)).to_owned(),
                stored: days(&clashed.stored.record),
                mine: days(&clashed.mine),
                by: by.clone(),
                typed: None,
            }
        })
        .collect()
}

#[component]
fn FollowUpDaysForm(opened: Opened<FollowUpDays>) -> impl IntoView {
    let app = use_app();
    let form = SettingForm::new(&shows::FOLLOW_UP_DAYS, opened, FollowUpDays::draft, &WORDS);
    let SettingForm { draft, write, .. } = form;
    let problems = Memo::new(move |_| draft.with(|d| d.validate().err().unwrap_or_default()));
    let shown = Shown::new(problems);
    let labels: [(Temperature, Label); 3] = [
        (Temperature::Hot, |tr| tr.lead_hot()),
        (Temperature::Warm, |tr| tr.lead_warm()),
        (Temperature::Cold, |tr| tr.lead_cold()),
    ];
    let fields = labels
        .into_iter()
        .map(|(temperature, label)| {
            view! {
                <TextInput
                    test_id=format!("follow-up-days-{}", temperature.as_str())
                    label
                    kind=TextKind::Whole
                    value=Signal::derive(move || draft.with(|d| d.text(temperature).to_owned()))
                    input=Callback::new(move |typed: String| form.edit(|d| *text_mut(d, temperature) = typed))
                    error=shown.problem_text(temperature, problem_text)
                    leave=Callback::new(move |()| shown.touch(temperature))
                    no_autofill=true
                />
            }
        })
        .collect_view();
    let save = move |_| {
        shown.submitted.set(true);
        if let Ok(days) = draft.with_untracked(FollowUpDaysDraft::validate) {
            write.start(days);
        }
    };
    view! {
        {form.banners_and_dialog(clash_rows)}
        <section class="card" data-testid="show-settings" inert=move || form.clashing()>
            <h2>{move || app.tr().show_days_title()}</h2>
            <p class="muted">{move || app.tr().show_days_hint()}</p>
            <div class="filter-grid">{fields}</div>
            <div class="actions">
                <button class="button" data-testid="show-settings-save" disabled=write.pending() on:click=save>
                    {move || app.tr().show_days_save()}
                </button>
            </div>
            {form.outcome("show-settings-message")}
        </section>
    }
}
