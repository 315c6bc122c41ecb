//! The customer kind of the import page: the column mapping with samples, the words of choice
//! columns to map ([`super::values`]), the check of every row
//! with progress and Cancel, what to do with rows matching stored customers, and the import.

use super::flow::{
    headings, import_write, preview_table, skippable_errors, text_row, ConfirmButton, Report, Start, Written,
    LISTED_ERRORS,
};
use super::page::*;
use super::values::ValueStep;
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::customers::duplicates::MatchedBy;
use crate::domain::import::choices::{self, ValueMap};
use crate::domain::import::csv::TableRow;
use crate::domain::import::customers::{RowError, RowErrorKind};
use crate::domain::import::mapping::{Mapping, MappingError, Target};
use crate::domain::import::plan::{self, DuplicatePolicy};
use crate::domain::model::Id;
use crate::domain::money::format_int;
use crate::domain::region;
use crate::i18n::{args, Tr};
use crate::state::import::{self, Checked};
use crate::state::{browser, use_app};
use crate::ui::kit::table::data_table;
use crate::ui::kit::ProgressBar;
use crate::ui::labels;
use crate::ui::labels::province_name;
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

#[component]
pub(super) fn CustomerImport(
    loaded: Rc<Loaded>,
    mapping: RwSignal<Mapping>,
    remembered: RwSignal<bool>,
    check: RwSignal<Check, LocalStorage>,
    cancel: RwSignal<bool>,
    report: Report,
) -> impl IntoView {
    let app = use_app();
    let loaded = StoredValue::new_local(loaded);
    let policy = RwSignal::new(DuplicatePolicy::Skip);
    let skip_errors = RwSignal::new(false);
    let written = Written::new();
    let problems = Memo::new(move |_| mapping.with(|m| m.validate().err().unwrap_or_default()));
    // The words of mapped choice columns Kehu does not know yet, and the user's answers.
    let words = Memo::new(move |_| {
        mapping.with(|m| loaded.with_value(|l| choices::unmatched(m, l.source.rows(), &l.context.values)))
    });
    let chosen = RwSignal::new(ValueMap::new());

    // A time-sliced pass with its own progress and Cancel: an action, not a write.
    let checking = Action::new_local(move |(picked, values): &(Mapping, ValueMap)| {
        let (ready, picked, values) = (loaded.get_value(), picked.clone(), values.clone());
        async move {
            let total = ready.source.rows;
            let progress = |done| check.set(Check::Running { done, total });
            let cancelled = || cancel.get_untracked();
            let checked =
                import::check(&ready.source, picked, values, &ready.context, PREVIEW_ROWS, progress, cancelled);
            match checked.await {
                None => {
                    check.set(Check::NotYet);
                    report.message.set(Some((false, app.tr_untracked().import_cancelled().to_owned())));
                }
                Some(checked) => check.set(Check::Done(Rc::new(checked))),
            }
        }
    });
    let run_check = move |_| {
        cancel.set(false);
        report.message.set(None);
        check.set(Check::Running { done: 0, total: loaded.with_value(|l| l.source.rows) });
        let answers = words.with_untracked(|words| chosen.with_untracked(|chosen| choices::answers(words, chosen)));
        let values = loaded.with_value(|l| l.context.values.merged(&answers));
        checking.dispatch_local((mapping.get_untracked(), values));
    };

    let commit = import_write(report, Some(written), move |checked: Rc<Checked>| {
        let ready = loaded.get_value();
        async move {
            let tr = app.tr_untracked();
            let reason = tr.import_reason(args::ImportReason { file: &ready.file });
            let chosen = policy.get_untracked();
            let step = written.start(plan::records_bound(&checked.matches, chosen) + 1);
            let commit = import::Commit {
                source: &ready.source,
                checked: &checked,
                context: &ready.context,
                policy: chosen,
                reason: &reason,
                signature: &ready.signature,
            };
            let counts = import::commit_customers(app, commit, step).await?;
            Ok(tr.import_done(args::ImportDone {
                file: &ready.file,
                created: format_int(counts.created as i64),
                updated: format_int(counts.updated as i64),
                unchanged: format_int(counts.unchanged as i64),
                skipped: format_int(counts.skipped as i64),
            }))
        }
    });
    let saving = commit.pending();
    let start = Start::of(commit, move || match check.get_untracked() {
        Check::Done(checked) => Some(checked),
        _ => None,
    });

    let header = loaded.with_value(|l| l.source.header.clone());
    let table = move || {
        let tr = app.tr();
        let rows = header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let samples = loaded.with_value(|l| samples(&l.head, i));
                view! {
                    <tr>
                        <th scope="row">{column_name(tr, &header, i)}</th>
                        <td class="muted samples">{samples.join(" · ")}</td>
                        <td><TargetSelect index=i header=name.clone() mapping check /></td>
                    </tr>
                }
            })
            .collect_view();
        let columns = headings(tr, &[Tr::import_column, Tr::import_sample, Tr::import_target]);
        data_table("import-mapping-table", None, columns, rows)
    };

    view! {
        <div class="card" data-testid="import-mapping">
            <h2>{move || app.tr().import_mapping_title()}</h2>
            {super::flow::summary(loaded)}
            <p class="muted">
                {move || if remembered.get() { app.tr().import_mapping_remembered() } else { app.tr().import_mapping_hint() }}
            </p>
            {table}
            {move || {
                let tr = app.tr();
                problems.with(|problems| {
                    problems
                        .iter()
                        .map(|problem| {
                            let text = loaded.with_value(|l| mapping_error(tr, &l.source.header, problem));
                            view! { <p class="error-text" role="alert" data-testid="mapping-error">{text}</p> }
                        })
                        .collect_view()
                })
            }}
            {move || {
                let columns = words.get();
                let header = loaded.with_value(|l| l.source.header.clone());
                let changed = Callback::new(move |()| check.set(Check::NotYet));
                (!columns.is_empty()).then(|| view! { <ValueStep header columns chosen changed /> })
            }}
            <div class="actions">
                <button
                    class="button"
                    data-testid="import-check"
                    disabled=move || !problems.with(Vec::is_empty) || matches!(check.get(), Check::Running { .. }) || saving.get()
                    on:click=run_check
                >
                    {move || app.tr().import_check()}
                </button>
            </div>
            {move || match check.get() {
                Check::Running { done, total } => {
                    let label = app.tr().import_checking(args::ImportChecking {
                        done: format_int(done as i64),
                        total: format_int(total as i64),
                    });
                    let cancel = Callback::new(move |()| cancel.set(true));
                    Some(view! { <ProgressBar test_id="import-progress" label done total cancel /> }.into_any())
                }
                Check::Done(checked) => Some(view! {
                    <CheckResult
                        loaded=loaded.get_value()
                        checked
                        mapping
                        policy
                        skip_errors
                        start
                    />
                    {written.bar()}
                }
                .into_any()),
                Check::NotYet => None,
            }}
        </div>
    }
}

/// A few non-empty values of column `index` among the first rows.
pub(super) fn samples(head: &[TableRow], index: usize) -> Vec<String> {
    head.iter()
        .filter_map(|row| row.cells.get(index).map(|cell| cell.trim()).filter(|cell| !cell.is_empty()))
        .take(SAMPLES)
        .map(|cell| {
            let short: String = cell.chars().take(40).collect();
            if short.len() < cell.len() {
                format!("{short}…")
            } else {
                short
            }
        })
        .collect()
}

pub(super) fn column_name(tr: Tr, header: &[String], index: usize) -> String {
    match header.get(index).map(String::as_str) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => tr.import_column_unnamed(args::ImportColumnUnnamed { number: index + 1 }),
    }
}

/// What column `index` becomes.
#[component]
pub(super) fn TargetSelect(
    index: usize,
    header: String,
    mapping: RwSignal<Mapping>,
    check: RwSignal<Check, LocalStorage>,
) -> impl IntoView {
    let app = use_app();
    let current = move || mapping.with(|m| m.target(index).key());
    let custom = Target::Custom(header.clone()).key();
    let fields = move || {
        let tr = app.tr();
        CustomerColumn::ALL
            .iter()
            .map(|column| {
                let key = column.as_str();
                view! { <option value=key prop:selected=move || current() == key>{labels::customer_column(tr, *column)}</option> }
            })
            .collect_view()
    };
    let custom_label = header.clone();
    let custom_key = custom.clone();
    view! {
        <select
            data-testid=format!("import-target-{index}")
            on:change=move |event| {
                if let Some(target) = Target::from_key(&event_target_value(&event)) {
                    mapping.update(|m| {
                        if m.0.len() <= index {
                            m.0.resize(index + 1, Target::Ignore);
                        }
                        m.0[index] = target;
                    });
                    check.set(Check::NotYet);
                }
            }
        >
            {fields}
            <Show when=move || !custom_label.is_empty()>
                <option value=custom_key.clone() prop:selected={
                    let key = custom.clone();
                    move || current() == key
                }>{
                    let name = header.clone();
                    move || app.tr().import_target_custom(args::ImportTargetCustom { name: &name })
                }</option>
            </Show>
            <option value="" prop:selected=move || current().is_empty()>{move || app.tr().import_target_ignore()}</option>
        </select>
    }
}

#[component]
pub(super) fn CheckResult(
    loaded: Rc<Loaded>,
    checked: Rc<Checked>,
    mapping: RwSignal<Mapping>,
    policy: RwSignal<DuplicatePolicy>,
    skip_errors: RwSignal<bool>,
    start: Start,
) -> impl IntoView {
    let app = use_app();
    let (ready, failed) = (checked.converted.ready, checked.converted.failed_rows);
    let mut by_reason: Vec<(MatchedBy, usize)> = Vec::new();
    for found in checked.matches.iter().filter_map(|row| row.matched) {
        match by_reason.iter_mut().find(|(by, _)| *by == found.by) {
            Some((_, count)) => *count += 1,
            None => by_reason.push((found.by, 1)),
        }
    }
    by_reason.sort();
    let matched: usize = by_reason.iter().map(|(_, n)| n).sum();
    let users: HashMap<Id, String> = loaded.context.users.iter().map(|u| (u.id, u.name.clone())).collect();
    let customers: HashMap<Id, String> = loaded.context.customers.iter().map(|c| (c.id, c.company.clone())).collect();
    let checked = StoredValue::new_local(checked);
    let show_fix = move || failed > 0 && !skip_errors.get();
    let can_import = move || ready > 0 && (failed == 0 || skip_errors.get()) && !start.pending.get();
    let count = move || {
        let skipped = if policy.get() == DuplicatePolicy::Skip { matched } else { 0 };
        ready.saturating_sub(skipped)
    };
    view! {
        <div class="import-result" data-testid="import-result">
            <p data-testid="import-counts">{move || app.tr().import_result(args::ImportResult {
                ready: format_int(ready as i64),
                failed: format_int(failed as i64),
            })}</p>
            {move || checked.with_value(|checked| {
                let tr = app.tr();
                let converted = &checked.converted;
                (converted.error_count > 0).then(|| {
                    let problems = converted.errors.iter().map(move |error| {
                        let problem = mapping.with_untracked(|m| row_problem(tr, m, error));
                        let column = error.column.map(|c| match error.header.as_str() {
                            "" => tr.import_column_unnamed(args::ImportColumnUnnamed { number: c + 1 }),
                            header => header.to_owned(),
                        });
                        (error.line, column.unwrap_or_default(), error.value.clone(), problem)
                    });
                    let more = converted.error_count.saturating_sub(LISTED_ERRORS.min(converted.errors.len()));
                    skippable_errors(tr, problems, more, failed, skip_errors)
                })
            })}
            {move || {
                let tr = app.tr();
                (matched > 0).then(|| {
                    let reasons = by_reason
                        .iter()
                        .map(|(by, n)| {
                            let n = format_int(*n as i64);
                            match by {
                                MatchedBy::Id => tr.import_matched_by_id(args::ImportMatchedById { count: n }),
                                MatchedBy::Company => tr.import_matched_by_company(args::ImportMatchedByCompany { count: n }),
                                MatchedBy::Phone => tr.import_matched_by_phone(args::ImportMatchedByPhone { count: n }),
                                MatchedBy::Email => tr.import_matched_by_email(args::ImportMatchedByEmail { count: n }),
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(crate::ui::format::list_separator(app.locale.get()));
                    let choices = [
                        (DuplicatePolicy::Skip, "skip", tr.import_policy_skip()),
                        (DuplicatePolicy::Update, "update", tr.import_policy_update()),
                        (DuplicatePolicy::Create, "create", tr.import_policy_create()),
                    ]
                    .into_iter()
                    .map(|(value, key, label)| {
                        view! {
                            <label class="check">
                                <input type="radio" name="import-policy" data-testid=format!("import-policy-{key}")
                                    prop:checked=move || policy.get() == value on:change=move |_| policy.set(value) />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view();
                    view! {
                        <p class="notice" data-testid="import-duplicates">{tr.import_duplicates(args::ImportDuplicates {
                            count: format_int(matched as i64),
                            reasons,
                        })}</p>
                        <fieldset class="choices">
                            <legend>{tr.import_policy()}</legend>
                            {choices}
                        </fieldset>
                    }
                })
            }}
            {move || checked.with_value(|checked| {
                let tr = app.tr();
                let locale = app.locale.get();
                let rows = &checked.preview;
                let shown: Vec<&str> = rows.iter().take(PREVIEW_ROWS).map(|r| r.customer.country.as_str()).collect();
                let countries: HashMap<String, String> = shown
                    .iter()
                    .map(|code| (*code).to_owned())
                    .zip(browser::region_names(&shown, locale.tag()))
                    .collect();
                (!rows.is_empty()).then(|| {
                    let items = rows
                        .iter()
                        .zip(&checked.matches)
                        .take(PREVIEW_ROWS)
                        .map(|(row, found)| {
                            let c = &row.customer;
                            let region = match region::province(&c.province) {
                                Some(province) => province_name(locale, province).to_owned(),
                                None => countries.get(&c.country).cloned().unwrap_or_default(),
                            };
                            let place = [region.as_str(), c.city.as_str()]
                                .into_iter()
                                .filter(|p| !p.is_empty())
                                .collect::<Vec<_>>()
                                .join(" ");
                            let channels = [c.phone.as_str(), c.email.as_str()]
                                .into_iter()
                                .filter(|p| !p.is_empty())
                                .collect::<Vec<_>>()
                                .join(" · ");
                            let contact = row.contact.as_ref().map(|k| k.name.clone()).unwrap_or_default();
                            let lead = users.get(&c.team.lead).cloned().unwrap_or_default();
                            let duplicate = found
                                .matched
                                .and_then(|m| customers.get(&m.customer).map(|name| format!("{} ({})", name, matched_by(tr, m.by))))
                                .unwrap_or_default();
                            let line = format_int(row.line as i64);
                            text_row("import-preview-row", vec![line, c.company.clone(), place, channels, contact, lead, duplicate], None)
                        })
                        .collect_view();
                    let columns: [fn(Tr) -> &'static str; 7] = [
                        Tr::import_error_row,
                        Tr::field_company,
                        Tr::field_country,
                        Tr::field_phone,
                        Tr::field_contact_name,
                        Tr::team_lead,
                        Tr::import_matches,
                    ];
                    preview_table(tr, rows.len().min(PREVIEW_ROWS), headings(tr, &columns), items)
                })
            })}
            <Show when=show_fix>
                <p class="muted">{move || app.tr().import_fix_errors()}</p>
            </Show>
            <ConfirmButton
                label=Signal::derive(move || if start.pending.get() { app.tr().import_saving().to_owned() } else { app.tr().import_confirm(args::ImportConfirm { count: format_int(count() as i64) }) })
                disabled=Signal::derive(move || !can_import())
                confirm=start.run
            />
        </div>
    }
}

pub(super) fn matched_by(tr: Tr, by: MatchedBy) -> &'static str {
    match by {
        MatchedBy::Id => tr.field_id(),
        MatchedBy::Company => tr.field_company(),
        MatchedBy::Phone => tr.field_phone(),
        MatchedBy::Email => tr.field_email(),
    }
}

pub(super) fn mapping_error(tr: Tr, header: &[String], error: &MappingError) -> String {
    match error {
        MappingError::NoCompanyColumn => tr.import_no_company_column().to_owned(),
        MappingError::TargetUsedTwice { target, columns } => {
            let names: Vec<String> = columns.iter().map(|c| column_name(tr, header, *c)).collect();
            tr.import_target_twice(args::ImportTargetTwice {
                field: labels::customer_column(tr, *target),
                columns: names.join("、"),
            })
        }
    }
}

/// What is wrong with a row's cell, in words.
pub(super) fn row_problem(tr: Tr, mapping: &Mapping, error: &RowError) -> String {
    use RowErrorKind as K;
    match error.kind {
        K::MissingCompany => tr.row_missing_company().to_owned(),
        K::TooManyCells { expected, found } => tr.row_too_many_cells(args::RowTooManyCells { found, expected }),
        K::TooFewCells { expected, found } => tr.row_too_few_cells(args::RowTooFewCells { found, expected }),
        K::InvalidEmail => tr.row_invalid_email().to_owned(),
        K::InvalidPhone => tr.row_invalid_phone().to_owned(),
        K::UnknownCountry => tr.row_unknown_country().to_owned(),
        K::UnknownProvince => tr.row_unknown_province().to_owned(),
        K::UnknownValue { allowed } => {
            let column = error.column.and_then(|c| match mapping.target(c) {
                Target::Column(column) => Some(*column),
                _ => None,
            });
            let names: Vec<&str> = allowed
                .iter()
                .map(|name| column.and_then(|c| labels::customer_value(tr, c, name)).unwrap_or(name))
                .collect();
            tr.row_unknown_value(args::RowUnknownValue { allowed: names.join(" / ") })
        }
        K::InvalidNumber => tr.row_invalid_number().to_owned(),
        K::OutOfRange { min, max } => tr.row_out_of_range(args::RowOutOfRange { min, max }),
        K::InvalidDate => tr.row_invalid_date().to_owned(),
        K::UnknownUser => tr.row_unknown_user().to_owned(),
        K::AmbiguousUser => tr.row_ambiguous_user().to_owned(),
        K::TooLong { max } => tr.row_too_long(args::RowTooLong { max }),
        K::ControlCharacters => tr.row_control_characters().to_owned(),
        K::MissingLostKind => tr.row_missing_lost_kind().to_owned(),
        K::MissingContactName => tr.row_missing_contact_name().to_owned(),
        K::MissingTeamLead => tr.row_missing_team_lead().to_owned(),
        K::DuplicateInFile { first_line } => tr.row_duplicate_in_file(args::RowDuplicateInFile { line: first_line }),
    }
}
