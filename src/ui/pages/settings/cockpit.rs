//! Settings → Cockpit thresholds: for each judged tile where it turns acceptable and beyond
//! which it is critical (both empty: no threshold), and the parts days-of-cover band; validated
//! field by field, and judging the cockpit's tiles at once once saved. The form saves from the
//! revision it opened: another window's change to other tiles merges in, one to the same tile
//! asks which to keep; thresholds not saved yet are kept for the tab.

use crate::domain::cockpit::form::{
    draft, LinesDraft, RuleField, ThresholdDraft, ThresholdField, ThresholdProblem, Unit,
};
use crate::domain::cockpit::judge::CockpitSettings;
use crate::i18n::{args, Tr};
use crate::state::stored_setting::Opened;
use crate::state::{cockpit, use_app, Clashed};
use crate::ui::kit::{invalid, ClashRow, Made, SettingForm, SettingLoader, SettingWords};
use leptos::prelude::*;

fn problem_text(tr: Tr, problem: ThresholdProblem) -> &'static str {
    match problem {
        ThresholdProblem::NotANumber => tr.thresholds_not_a_number(),
        ThresholdProblem::MissingLine => tr.thresholds_missing_line(),
        ThresholdProblem::LinesReversed => tr.thresholds_lines_reversed(),
        ThresholdProblem::BandReversed => tr.policy_band_reversed(),
    }
}

fn rule_label(tr: Tr, field: RuleField) -> &'static str {
    match field {
        RuleField::QuotaAttainment => tr.thresholds_quota_attainment(),
        RuleField::PipelineCoverage => tr.cockpit_coverage(),
        RuleField::Conversion => tr.thresholds_conversion(),
        RuleField::DShare => tr.cockpit_d_share(),
        RuleField::DeadStockShare => tr.thresholds_dead_share(),
        RuleField::SlaMet => tr.figure_sla_met(),
        RuleField::Csat => tr.figure_csat(),
    }
}

/// The test id of a rule's row.
fn rule_key(field: RuleField) -> &'static str {
    match field {
        RuleField::QuotaAttainment => "quota-attainment",
        RuleField::PipelineCoverage => "coverage",
        RuleField::Conversion => "conversion",
        RuleField::DShare => "d-share",
        RuleField::DeadStockShare => "dead-share",
        RuleField::SlaMet => "sla-met",
        RuleField::Csat => "csat",
    }
}

/// The merge's name of a rule's field.
fn merge_name(field: RuleField) -> &'static str {
    match field {
        RuleField::QuotaAttainment => "quota_attainment",
        RuleField::PipelineCoverage => "pipeline_coverage",
        RuleField::Conversion => "conversion",
        RuleField::DShare => "d_share",
        RuleField::DeadStockShare => "dead_stock_share",
        RuleField::SlaMet => "sla_met",
        RuleField::Csat => "csat",
    }
}

/// Reads one field's text from the draft.
type Getter = Box<dyn Fn(&ThresholdDraft) -> String + Send + Sync>;
/// Writes one field's text into the draft.
type Setter = Box<dyn Fn(&mut ThresholdDraft, String) + Send + Sync>;

const WORDS: SettingWords = SettingWords {
    saved: |tr| tr.thresholds_saved(),
    failed: |tr, error| tr.thresholds_failed(args::ThresholdsFailed { error }),
};

#[component]
pub fn ThresholdSettings() -> impl IntoView {
    let app = use_app();
    view! {
        <SettingLoader load=move || cockpit::THRESHOLDS.open_form(app) failed=WORDS.failed let:opened>
            <ThresholdForm opened />
        </SettingLoader>
    }
}

/// Field `field` of `settings` (as the merge names it): its label and its value as the form shows it.
fn field_words(tr: Tr, field: &str, settings: &CockpitSettings) -> (String, String) {
    let shown = draft(settings);
    if let Some(i) = RuleField::ALL.iter().position(|f| merge_name(*f) == field) {
        let LinesDraft { acceptable, critical } = &shown.lines[i];
        let value = tr.thresholds_lines_value(args::ThresholdsLinesValue { acceptable, critical });
        return (rule_label(tr, RuleField::ALL[i]).to_owned(), value);
    }
    if field == "days_of_cover" {
        let value = format!("{}–{} (±{})", shown.band_low, shown.band_high, shown.band_margin);
        return (tr.cockpit_days_of_cover().to_owned(), value);
    }
    (field.to_owned(), String::new())
}

fn clash_rows(tr: Tr, clashed: &Clashed<CockpitSettings>, by: Made) -> Vec<ClashRow> {
    let row = |clash: &crate::domain::merge::Clash| {
        let (name, stored) = field_words(tr, clash.field, &clashed.stored.record);
        let (_, mine) = field_words(tr, clash.field, &clashed.mine);
        ClashRow { name, stored, mine, by: by.clone(), typed: None }
    };
    clashed.clashes.iter().map(row).collect()
}

#[component]
fn ThresholdForm(opened: Opened<CockpitSettings>) -> impl IntoView {
    let app = use_app();
    let form = SettingForm::new(&cockpit::THRESHOLDS, opened, draft, &WORDS);
    let SettingForm { draft: shown_draft, base, write, .. } = form;
    let problems =
        Memo::new(move |_| shown_draft.with(|d| base.with(|b| d.validate(&b.record).err().unwrap_or_default())));
    let shown = crate::ui::fields::Shown::new(problems);
    let input = move |field: ThresholdField, test_id: String, label: String, get: Getter, set: Setter| {
        let problem = shown.problem(field);
        let error_id = format!("{test_id}-error");
        view! {
            <label class="field">
                <span>{label}</span>
                <input
                    type="text"
                    inputmode="decimal"
                    data-testid=test_id
                    aria-invalid=invalid(problem)
                    prop:value=move || shown_draft.with(|d| get(d))
                    on:input=move |e| {
                        let text = event_target_value(&e);
                        form.edit(|d| set(d, text));
                    }
                    on:blur=move |_| shown.touch(field)
                />
                {move || problem.get().map(|p| view! {
                    <span class="field-error" role="alert" data-testid=error_id.clone()>{problem_text(app.tr(), p)}</span>
                })}
            </label>
        }
    };
    let rows = move || {
        let tr = app.tr();
        RuleField::ALL
            .into_iter()
            .enumerate()
            .map(|(i, field)| {
                let unit = match field.unit() {
                    Unit::Percent => "%",
                    Unit::Times => "×",
                };
                let key = rule_key(field);
                view! {
                    <fieldset class="threshold-row" data-testid=format!("threshold-{key}")>
                        <legend>{rule_label(tr, field)} <span class="muted">{unit}</span></legend>
                        <div class="filter-grid">
                            {input(ThresholdField::Acceptable(field), format!("threshold-{key}-acceptable"),
                                tr.thresholds_acceptable().to_owned(),
                                Box::new(move |d: &ThresholdDraft| d.lines[i].acceptable.clone()), Box::new(move |d: &mut ThresholdDraft, v: String| d.lines[i].acceptable = v))}
                            {input(ThresholdField::Critical(field), format!("threshold-{key}-critical"),
                                tr.thresholds_critical().to_owned(),
                                Box::new(move |d: &ThresholdDraft| d.lines[i].critical.clone()), Box::new(move |d: &mut ThresholdDraft, v: String| d.lines[i].critical = v))}
                        </div>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let band = move || {
        let tr = app.tr();
        view! {
            <fieldset class="threshold-row" data-testid="threshold-band">
                <legend>{tr.cockpit_days_of_cover()}</legend>
                <div class="filter-grid">
                    {input(ThresholdField::BandLow, "threshold-band-low".into(), tr.policy_cover_min().to_owned(),
                        Box::new(|d: &ThresholdDraft| d.band_low.clone()), Box::new(|d: &mut ThresholdDraft, v: String| d.band_low = v))}
                    {input(ThresholdField::BandHigh, "threshold-band-high".into(), tr.policy_cover_max().to_owned(),
                        Box::new(|d: &ThresholdDraft| d.band_high.clone()), Box::new(|d: &mut ThresholdDraft, v: String| d.band_high = v))}
                    {input(ThresholdField::BandMargin, "threshold-band-margin".into(), tr.thresholds_band_margin().to_owned(),
                        Box::new(|d: &ThresholdDraft| d.band_margin.clone()), Box::new(|d: &mut ThresholdDraft, v: String| d.band_margin = v))}
                </div>
            </fieldset>
        }
    };
    let save = move |_| {
        shown.submitted.set(true);
        if let Ok(settings) = shown_draft.with_untracked(|d| base.with_untracked(|b| d.validate(&b.record))) {
            write.start(settings);
        }
    };
    view! {
        {form.banners_and_dialog(clash_rows)}
        <section class="card" data-testid="threshold-settings" inert=move || form.clashing()>
            <h2>{move || app.tr().thresholds_title()}</h2>
            <p class="muted">{move || app.tr().thresholds_hint()}</p>
            {rows}
            {band}
            <div class="actions">
                <button class="button" data-testid="thresholds-save" disabled=write.pending() on:click=save>
                    {move || app.tr().thresholds_save()}
                </button>
            </div>
            {form.outcome("thresholds-message")}
        </section>
    }
}
