//! The grading settings on the grades page: the weights, grade bars, capacity and D-share alert;
//! which way order composition scores and each measure's scoring rule (percentile or fixed bands); each grade's resource policy. Typed
//! into one draft, checked field by field, previewed (how many grades would change), then
//! applied together with a snapshot of the grades they give. The form saves from the revision it
//! opened: another window's change to other controls merges in, one to the same control asks
//! which to keep; settings not saved yet are kept for the tab.

use crate::domain::grading::form::{field_of, DraftError, DraftField, GradingDraft};
use crate::domain::grading::grade::Grade;
use crate::domain::grading::indicators::{Indicator, Measure};
use crate::domain::grading::portfolio::{RankMeasure, ServicePriority, Stance};
use crate::domain::grading::settings::{
    format_band_points, CompositionDirection, GradingSettings, Scale, SettingsError, FULL_WEIGHT,
};
use crate::domain::model::User;
use crate::domain::money::format_int;
use crate::i18n::{args, Locale, Tr};
use crate::state::grades::{self, GradeBook};
use crate::state::{browser, use_app, users, AppState, Clashed, Decision, Revised, Revision, Saved};
use crate::ui::errors::error_text;
use crate::ui::fields::{enum_select, Shown};
use crate::ui::format::list_separator;
use crate::ui::kit::{record_clash, ChangedElsewhere, ClashRow, DraftKept, Made, Write};
use crate::ui::labels;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// The form's edits while they are not saved: the page draws the form again after every write
/// (another tab's too), and those must outlive it.
struct Editing {
    workspace: String,
    base: Revised<GradingSettings>,
    draft: GradingDraft,
}

thread_local! {
    static EDITING: RefCell<Option<Editing>> = const { RefCell::new(None) };
}

/// What the form opens with: the edits not saved yet of this workspace (those kept from a save
/// that could not be made first), else the settings of `book`; and whether they were kept.
fn opening(app: AppState, book: &GradeBook) -> (Revised<GradingSettings>, GradingDraft, bool) {
    let workspace = app.workspace.get_untracked().db_name().to_owned();
    if let Some(kept) = grades::kept_settings(app) {
        let base = kept.opened.unwrap_or_else(|| Revised { record: book.settings.clone(), revision: None });
        return (base, GradingDraft::from_settings(&kept.draft), true);
    }
    let editing = EDITING.with(|e| e.borrow_mut().take()).filter(|e| e.workspace == workspace);
    match editing {
        Some(Editing { base, draft, .. }) => (base, draft, false),
        // The book's settings are what the form shows; their revision comes with the first read.
        None => (
            Revised { record: book.settings.clone(), revision: None },
            GradingDraft::from_settings(&book.settings),
            false,
        ),
    }
}

/// `message` is the page's: it outlives the redraw that applying causes.
#[component]
pub fn GradingForm(book: Rc<GradeBook>, message: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    let app = use_app();
    let (opened, draft, kept) = opening(app, &book);
    let draft = RwSignal::new(draft);
    let kept = RwSignal::new(kept);
    // What the next save starts from: as opened, then a clash the user settled.
    let base = RwSignal::new(opened);
    let clash = RwSignal::new_local(None::<Rc<Clashed<GradingSettings>>>);
    // Edits outlive the next drawing of the form; untouched ones follow the stored settings.
    Effect::new(move |_| {
        let (base, draft) = (base.get(), draft.get());
        let touched = draft != GradingDraft::from_settings(&base.record);
        let workspace = app.workspace.get_untracked().db_name().to_owned();
        EDITING.with(|e| *e.borrow_mut() = touched.then_some(Editing { workspace, base, draft }));
    });
    let problems = Memo::new(move |_| draft.with(|d| d.validate().err().unwrap_or_default()));
    let shown = Shown::new(problems);
    let book = StoredValue::new_local(book);
    let input = move |field: DraftField, test_id: String| text_input(draft, shown, message, field, test_id);

    let weights = Indicator::ALL
        .iter()
        .map(|&indicator| {
            view! {
                <label class="field compact">
                    <span>{move || labels::indicator(app.tr(), indicator)}</span>
                    {input(DraftField::Weight(indicator), format!("weight-{}", indicator.as_str()))}
                </label>
            }
        })
        .collect_view();
    let sum = move || draft.with(GradingDraft::weights_sum);
    let bar = |label: fn(Tr) -> &'static str, field: DraftField, test_id: &str| {
        view! {
            <label class="field compact">
                <span>{move || label(app.tr())}</span>
                {input(field, test_id.to_owned())}
            </label>
        }
    };
    let rules = Measure::ALL
        .iter()
        .map(|&measure| {
            let percentile = move || draft.with(|d| d.rules[measure.index()].percentile);
            view! {
                <tr data-testid=format!("rule-{}", measure.as_str())>
                    <th scope="row">{move || labels::measure(app.tr(), measure)}</th>
                    <td><div class="field">
                        <select data-testid=format!("rule-kind-{}", measure.as_str())
                            aria-label=move || app.tr().grading_rule()
                            on:change=move |e| {
                                let bands = event_target_value(&e) == "bands";
                                draft.update(|d| d.rules[measure.index()].percentile = !bands);
                            }>
                            <option value="percentile" prop:selected=percentile>{move || app.tr().grading_rule_percentile()}</option>
                            <option value="bands" prop:selected=move || !percentile()>{move || app.tr().grading_rule_bands()}</option>
                        </select>
                    </div></td>
                    <td class="band-points"><div class="field">
                        {move || (!percentile()).then(|| input(DraftField::Bands(measure), format!("bands-{}", measure.as_str())))}
                    </div></td>
                </tr>
            }
        })
        .collect_view();
    let policies = Grade::ALL
        .iter()
        .map(|&grade| {
            let i = grade.index();
            let advice = move || draft.with(|d| d.policies[i].advice.clone());
            view! {
                <div class="policy-row" data-testid=format!("policy-{}", grade.as_str())>
                    <span class=format!("grade-badge grade-{}", grade.as_str())>{move || labels::grade(app.tr(), grade)}</span>
                    <div class="filter-grid">
                        {enum_select(draft, "policy-stance", |t| t.grading_stance(), Stance::ALL, labels::stance,
                            move |d| d.policies[i].stance, move |d, v| d.policies[i].stance = v)}
                        <label class="field">
                            <span>{move || app.tr().grading_visit_days()}</span>
                            {input(DraftField::VisitDays(grade), format!("visit-days-{}", grade.as_str()))}
                        </label>
                        {enum_select(draft, "policy-priority", |t| t.grading_service_priority(), ServicePriority::ALL,
                            labels::service_priority, move |d| d.policies[i].service_priority, move |d, v| d.policies[i].service_priority = v)}
                    </div>
                    <label class="field">
                        <span>{move || app.tr().grading_advice()}</span>
                        <textarea rows="2" data-testid=format!("advice-{}", grade.as_str())
                            prop:value=advice
                            on:input=move |e| {
                                let text = event_target_value(&e);
                                draft.update(|d| d.policies[i].advice = text);
                            }></textarea>
                    </label>
                </div>
            }
        })
        .collect_view();
    let effect = move || {
        let proposed = draft.with(GradingDraft::validate).ok()?;
        Some(book.with_value(|b| b.preview(&proposed).changes.len()))
    };
    // Says how it went in the page's message, which outlives the redraw the save causes.
    let save = Write::new(move |settings: GradingSettings| async move {
        let opened = base.get_untracked();
        // The save redraws the form: what it does not store is kept for the tab below instead.
        EDITING.with(|e| e.borrow_mut().take());
        let saved = grades::save_settings(app, &opened, &settings).await;
        let tr = app.tr_untracked();
        match &saved {
            Ok(Ok((Saved::Stored { .. }, changed))) => {
                grades::discard_settings(app);
                let count = format_int(*changed as i64);
                message.set(Some((true, tr.grading_saved(args::GradingSaved { count }))));
            }
            Ok(Ok((Saved::Clashed(clashed), _))) => {
                grades::keep_settings(app, &opened, &settings);
                clash.set(Some(Rc::from(clashed.clone())));
            }
            Ok(Err(checks)) => {
                let text = checks.iter().map(|c| settings_problem(tr, c)).collect::<Vec<_>>().join(" ");
                message.set(Some((false, text)));
            }
            Err(error) => {
                grades::keep_settings(app, &opened, &settings);
                message.set(Some((
                    false,
                    tr.grades_save_failed(args::GradesSaveFailed { detail: error_text(tr, error) }),
                )));
            }
        }
        saved.map(drop)
    });
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        let resolved = clashed.resolve(&decisions);
        base.set(clashed.stored.clone());
        draft.set(GradingDraft::from_settings(&resolved));
        clash.set(None);
        save.start(resolved);
    });
    // The settings as stored now with the people who may have stored them, read again on every
    // write (another tab's too).
    let current = app.watch(move || async move {
        let stored = grades::opened_settings(app).await.ok();
        (stored, Rc::new(users::list(app).await.unwrap_or_default()))
    });
    // The form opened the book's settings: their revision is the one stored while they are.
    Effect::new(move |_| {
        let Some((Some(now), _)) = current.get() else { return };
        if base.with_untracked(|b| b.revision.is_none() && b.record == now.record) {
            base.set(now);
        }
    });
    let changed_elsewhere = Signal::derive_local(move || {
        let (now, people) = current.get()?;
        let now = now?;
        let revision = now.revision.filter(|r| !browser::drawn_here(r.rev.tag))?;
        base.with(|b| b.revision != Some(revision) && b.record != now.record).then(|| {
            let tr = app.tr();
            let Made { user, time } = made_by(tr, &people, Some(revision));
            tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
        })
    });
    let discard = move |_| {
        grades::discard_settings(app);
        EDITING.with(|e| e.borrow_mut().take());
        kept.set(false);
        let stored = book.with_value(|b| b.settings.clone());
        draft.set(GradingDraft::from_settings(&stored));
        base.set(Revised { record: stored, revision: None });
    };
    let people = move || current.get().map(|(_, people)| people).unwrap_or_default();
    let dialog = record_clash(
        clash,
        move |tr, clashed| clash_rows(tr, app.locale.get(), &people(), clashed),
        move |tr, revision| made_by(tr, &people(), revision),
        save.pending().into(),
        decide,
    );
    let apply = move |_| {
        shown.submitted.set(true);
        let Ok(settings) = draft.with_untracked(GradingDraft::validate) else {
            message.set(Some((false, app.tr_untracked().grading_fix_first().to_owned())));
            return;
        };
        save.start(settings);
    };
    let reset = move |_| draft.update(|d| *d = d.with_default_scoring());
    view! {
        <ChangedElsewhere message=changed_elsewhere />
        <DraftKept kept=kept on_discard=Callback::new(discard) />
        {dialog}
        <div class="card" data-testid="weights" inert=move || clash.with(Option::is_some)>
            <h2>{move || app.tr().grades_weights()}</h2>
            <p class="muted">{move || app.tr().grades_weights_hint()}</p>
            <div class="weights-grid">{weights}</div>
            <p data-testid="weights-sum" class=move || if sum() == FULL_WEIGHT { "muted" } else { "error-text" }>
                {move || app.tr().grades_weights_sum(args::GradesWeightsSum { sum: format!("{:.1}%", f64::from(sum()) / 10.0) })}
            </p>
            <div class="filter-grid">
                {bar(|t| t.grades_bar_a(), DraftField::BarA, "threshold-a")}
                {bar(|t| t.grades_bar_b(), DraftField::BarB, "threshold-b")}
                {bar(|t| t.grades_bar_c(), DraftField::BarC, "threshold-c")}
                {bar(|t| t.grades_capacity(), DraftField::Capacity, "capacity")}
                {bar(|t| t.grades_d_share_setting(), DraftField::DShare, "d-share")}
            </div>
            <p class="muted">{move || app.tr().grades_capacity_hint()}</p>
            <details class="settings-section" data-testid="rules-section">
                <summary>{move || app.tr().grading_rules()}</summary>
                <p class="muted">{move || app.tr().grading_rules_hint()}</p>
                // Full width, not in a grid cell: its choices are sentences.
                {enum_select(draft, "composition-direction", |t| t.grading_composition(), CompositionDirection::ALL,
                    labels::composition_direction, |d| d.composition, |d, v| d.set_composition(v))}
                <p class="muted">{move || app.tr().grading_composition_hint()}</p>
                <div class="table-scroll">
                    <table class="data-table rules-table">
                        <thead><tr>
                            <th>{move || app.tr().grading_measure()}</th>
                            <th>{move || app.tr().grading_rule()}</th>
                            <th>{move || app.tr().grading_bands()}</th>
                        </tr></thead>
                        <tbody>{rules}</tbody>
                    </table>
                </div>
            </details>
            <details class="settings-section" data-testid="key-accounts-section">
                <summary>{move || app.tr().key_accounts_settings()}</summary>
                <p class="muted">{move || app.tr().key_accounts_hint()}</p>
                <div class="filter-grid">
                    {bar(|t| t.grading_core_percent(), DraftField::CorePercent, "core-percent")}
                    {bar(|t| t.grading_next_percent(), DraftField::NextPercent, "next-percent")}
                    {enum_select(draft, "rank-by", |t| t.grading_rank_by(), RankMeasure::ALL,
                        labels::rank_measure, |d| d.rank_by, |d, v| d.rank_by = v)}
                </div>
            </details>
            <details class="settings-section" data-testid="churn-section">
                <summary>{move || app.tr().churn_settings()}</summary>
                <p class="muted">{move || app.tr().churn_settings_hint()}</p>
                <div class="filter-grid">
                    {bar(|t| t.churn_gap_factor(), DraftField::GapFactor, "churn-gap-factor")}
                    {bar(|t| t.churn_fall_percent(), DraftField::FallPercent, "churn-fall-percent")}
                    {bar(|t| t.churn_projection_years(), DraftField::ProjectionYears, "churn-projection-years")}
                </div>
            </details>
            <details class="settings-section" data-testid="policy-section">
                <summary>{move || app.tr().grading_policy()}</summary>
                <p class="muted">{move || app.tr().grading_policy_hint()}</p>
                <div class="policy-rows">{policies}</div>
            </details>
            <p data-testid="weights-preview">
                {move || effect().map(|count| app.tr().grades_preview(args::GradesPreview { count: format_int(count as i64) }))}
            </p>
            <ul class="error-list" data-testid="weights-problems">
                {move || shown.submitted.get().then(|| problems.get().into_iter().map(|(field, problem)| {
                    let tr = app.tr();
                    view! { <li class="error-text" role="alert">{tr.grading_problem_at(args::GradingProblemAt {
                        field: field_name(tr, field),
                        problem: problem_text(tr, problem),
                    })}</li> }
                }).collect_view())}
            </ul>
            <div class="actions">
                <button class="button" data-testid="weights-apply" on:click=apply disabled=save.pending()>
                    {move || app.tr().grades_apply()}
                </button>
                <button class="button secondary" data-testid="weights-reset" on:click=reset>
                    {move || app.tr().grades_reset()}
                </button>
            </div>
        </div>
    }
}

/// Who made `revision` and when, naming people from `people`.
fn made_by(tr: Tr, people: &[User], revision: Option<Revision>) -> Made {
    Made::of(tr, revision, |id| people.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default())
}

/// Each clashing control of a save as the dialog shows it.
fn clash_rows(tr: Tr, locale: Locale, people: &[User], clashed: &Clashed<GradingSettings>) -> Vec<ClashRow> {
    let by = made_by(tr, people, clashed.stored.revision);
    let row = |clash: &crate::domain::merge::Clash| {
        let (name, stored) = field_words(tr, locale, clash.field, &clashed.stored.record);
        let (_, mine) = field_words(tr, locale, clash.field, &clashed.mine);
        ClashRow { name, stored, mine, by: by.clone(), typed: None }
    };
    clashed.clashes.iter().map(row).collect()
}

/// Field `field` of `settings` (as the merge names it): its label and its value as the form shows
/// it, lists summarised.
fn field_words(tr: Tr, locale: Locale, field: &str, settings: &GradingSettings) -> (String, String) {
    let scoring = &settings.scoring;
    let shown = GradingDraft::from_settings(settings);
    let list = |items: Vec<String>| {
        if items.is_empty() {
            tr.history_empty_value().to_owned()
        } else {
            items.join(list_separator(locale))
        }
    };
    let (label, value) = match field {
        "scoring.weights" => {
            let weights = Indicator::ALL.iter().zip(&shown.weights);
            let items = weights.map(|(&i, percent)| format!("{} {percent}%", labels::indicator(tr, i))).collect();
            (tr.grading_field_weights().to_owned(), list(items))
        }
        "scoring.thresholds" => {
            let bars = [(Grade::A, &shown.bar_a), (Grade::B, &shown.bar_b), (Grade::C, &shown.bar_c)];
            let items = bars.iter().map(|(grade, bar)| format!("{} {bar}", labels::grade(tr, *grade))).collect();
            (tr.grading_field_bars().to_owned(), list(items))
        }
        "scoring.capacity_shift" => (tr.grades_capacity().to_owned(), shown.capacity),
        "scoring.composition_direction" => (
            tr.grading_composition().to_owned(),
            labels::composition_direction(tr, scoring.composition_direction).to_owned(),
        ),
        "portfolio.d_share_alert_percent" => (tr.grades_d_share_setting().to_owned(), shown.d_share),
        "portfolio.core_percent" => (tr.grading_core_percent().to_owned(), shown.core_percent),
        "portfolio.next_percent" => (tr.grading_next_percent().to_owned(), shown.next_percent),
        "portfolio.rank_by" => {
            (tr.grading_rank_by().to_owned(), labels::rank_measure(tr, settings.portfolio.rank_by).to_owned())
        }
        "retention.gap_factor" => (tr.churn_gap_factor().to_owned(), shown.gap_factor),
        "retention.fall_percent" => (tr.churn_fall_percent().to_owned(), shown.fall_percent),
        "retention.projection_years" => (tr.churn_projection_years().to_owned(), shown.projection_years),
        "scoring.rules" => {
            let rule = |measure: Measure| match scoring.rule(measure) {
                Scale::Percentile => tr.grading_rule_percentile().to_owned(),
                Scale::Bands(points) => format_band_points(&points),
            };
            let items =
                scoring.rules.iter().map(|r| format!("{}: {}", labels::measure(tr, r.measure), rule(r.measure)));
            (tr.grading_rules().to_owned(), list(items.collect()))
        }
        "portfolio.policies" => {
            let policy = |grade: Grade| {
                let p = settings.portfolio.policy(grade);
                let stance = labels::stance(tr, p.stance);
                let priority = labels::service_priority(tr, p.service_priority);
                format!("{} {stance} · {} · {priority}", labels::grade(tr, grade), p.visit_every_days)
            };
            (tr.grading_policy().to_owned(), list(Grade::ALL.iter().map(|g| policy(*g)).collect()))
        }
        other => (other.to_owned(), tr.history_empty_value().to_owned()),
    };
    (label, value)
}

/// One typed field of the draft with its problem beside it, shown once the field was left or
/// Apply was tried.
fn text_input(
    draft: RwSignal<GradingDraft>,
    shown: Shown<DraftField, DraftError>,
    message: RwSignal<Option<(bool, String)>>,
    field: DraftField,
    test_id: String,
) -> impl IntoView {
    let app = use_app();
    let problem = shown.problem(field);
    let error_id = format!("{test_id}-error");
    view! {
        <input type="text" inputmode=if matches!(field, DraftField::Bands(_)) { "text" } else { "decimal" }
            data-testid=test_id
            aria-invalid=move || problem.get().is_some().to_string()
            prop:value=move || draft.with(|d| d.text(field).unwrap_or_default().to_owned())
            on:input=move |e| {
                let text = event_target_value(&e);
                message.set(None);
                draft.update(|d| d.set_text(field, text));
            }
            on:change=move |_| shown.touch(field) />
        {move || problem.get().map(|p| view! {
            <span class="field-error" role="alert" data-testid=error_id.clone()>{problem_text(app.tr(), p)}</span>
        })}
    }
}

fn field_name(tr: Tr, field: DraftField) -> String {
    match field {
        DraftField::Weight(indicator) => labels::indicator(tr, indicator).to_owned(),
        DraftField::WeightsTotal => tr.grading_field_weights().to_owned(),
        DraftField::BarA => tr.grades_bar_a().to_owned(),
        DraftField::BarB => tr.grades_bar_b().to_owned(),
        DraftField::BarC => tr.grades_bar_c().to_owned(),
        DraftField::Bars => tr.grading_field_bars().to_owned(),
        DraftField::Capacity => tr.grades_capacity().to_owned(),
        DraftField::DShare => tr.grades_d_share_setting().to_owned(),
        DraftField::DefaultScores => tr.grading_field_default_scores().to_owned(),
        DraftField::Bands(measure) => labels::measure(tr, measure).to_owned(),
        DraftField::VisitDays(grade) => {
            tr.grading_field_visit_days(args::GradingFieldVisitDays { grade: labels::grade(tr, grade) })
        }
        DraftField::GapFactor => tr.churn_gap_factor().to_owned(),
        DraftField::FallPercent => tr.churn_fall_percent().to_owned(),
        DraftField::ProjectionYears => tr.churn_projection_years().to_owned(),
        DraftField::CorePercent => tr.grading_core_percent().to_owned(),
        DraftField::NextPercent => tr.grading_next_percent().to_owned(),
    }
}

fn problem_text(tr: Tr, problem: DraftError) -> String {
    match problem {
        DraftError::NotWeight => tr.grading_error_not_weight().to_owned(),
        DraftError::NotScore => tr.grading_error_not_score().to_owned(),
        DraftError::NotNumber => tr.grading_error_not_number().to_owned(),
        DraftError::WeightsSum { tenths } => {
            tr.grades_error_sum(args::GradesErrorSum { sum: format!("{:.1}%", f64::from(tenths) / 10.0) })
        }
        DraftError::BarsOrder => tr.grades_error_thresholds().to_owned(),
        DraftError::CapacityOutOfRange => tr.grades_error_capacity().to_owned(),
        DraftError::DefaultScoreOutOfRange => tr.grading_error_default_scores().to_owned(),
        DraftError::BadPoint { position } => tr.grading_error_bad_point(args::GradingErrorBadPoint { position }),
        DraftError::NoBands => tr.grading_error_no_bands().to_owned(),
        DraftError::BandsNotIncreasing => tr.grading_error_bands_order().to_owned(),
        DraftError::BandScoreOutOfRange => tr.grading_error_band_score().to_owned(),
        DraftError::BandsAgainstDirection => tr.grading_error_bands_direction().to_owned(),
        DraftError::DuplicateRule => tr.grading_error_duplicate_rule().to_owned(),
        DraftError::NotVisitDays => tr.grading_error_visit_days().to_owned(),
        DraftError::GapFactorOutOfRange => tr.churn_error_gap_factor().to_owned(),
        DraftError::FallPercentOutOfRange => tr.churn_error_fall_percent().to_owned(),
        DraftError::NotProjectionYears => tr.churn_error_projection_years().to_owned(),
        DraftError::CorePercentOutOfRange => tr.grading_error_core_percent().to_owned(),
        DraftError::NextPercentOutOfRange => tr.grading_error_next_percent().to_owned(),
        DraftError::TiersOverHundred => tr.grading_error_tiers_over().to_owned(),
    }
}

/// A check the store's save repeats (the draft passed it, so only a concurrent change fails it).
fn settings_problem(tr: Tr, problem: &SettingsError) -> String {
    problem_text(tr, field_of(problem.clone()).1)
}
