//! The demand-history kind of the import page: parts matched by number, every row checked, and one
//! write only when no row has an error.

use super::page::saving_bar;
use super::page::*;
use crate::domain::import::carparts::{convert_demand, DemandColumn, DemandErrorKind};
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::{parts, use_app};
use crate::ui::errors::error_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// A demand-history file: its parts matched to stored parts by number (a new part for each
/// series without one), every row checked, and one write only when no row has an error.
#[component]
pub(super) fn DemandImport(
    loaded: Rc<Loaded>,
    done: Callback<String>,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let app = use_app();
    let converted = Rc::new(convert_demand(&loaded.source.table()));
    let numbers = LocalResource::new(move || {
        app.track_workspace();
        parts::part_numbers(app)
    });
    let saving = RwSignal::new(false);
    let written = RwSignal::new(None::<(usize, usize)>);
    let loaded = StoredValue::new_local(loaded);
    let converted = StoredValue::new_local(converted);
    let summary = move || loaded.with_value(|l| file_summary(app.tr(), l));
    let (series, known, missing) = converted.with_value(|c| {
        let known = c.series.iter().map(|s| s.demand.quantities.iter().flatten().count()).sum::<usize>();
        let all = c.series.iter().map(|s| s.demand.quantities.len()).sum::<usize>();
        (c.series.len(), known, all - known)
    });
    let has_errors = converted.with_value(|c| c.error_count > 0);
    let errors = move || {
        let tr = app.tr();
        converted.with_value(|c| {
            let items = c
                .errors
                .iter()
                .take(LISTED_ERRORS)
                .map(|e| error_row(e.line, e.header.clone(), e.value.clone(), demand_problem(tr, e.kind)))
                .collect_view();
            view! {
                <p class="error-text" role="alert" data-testid="import-demand-errors">
                    {tr.import_demand_has_errors(args::ImportDemandHasErrors { rows: format_int(c.failed_rows.max(1) as i64) })}
                </p>
                {error_table(tr, items)}
            }
        })
    };
    let commit = move |_| {
        let Some(Ok(numbers)) = numbers.get_untracked() else { return };
        saving.set(true);
        message.set(None);
        let file = loaded.with_value(|l| l.file.clone());
        let series = converted.with_value(|c| c.series.clone());
        spawn_local(async move {
            let tr = app.tr_untracked();
            let total = series.len() * 2;
            written.set(Some((0, total)));
            let outcome = parts::commit_demand(app, series, &numbers, |done| written.set(Some((done, total)))).await;
            written.set(None);
            match outcome {
                Ok(counts) => done.run(tr.import_demand_done(args::ImportDemandDone {
                    file: &file,
                    created: format_int(counts.created as i64),
                    updated: format_int(counts.updated as i64),
                })),
                Err(error) => {
                    message.set(Some((false, tr.import_failed(args::ImportFailed { detail: error_text(tr, &error) }))))
                }
            }
            saving.set(false);
        });
    };
    view! {
        <div class="card" data-testid="import-mapping">
            <p class="muted" data-testid="import-summary">{summary}</p>
            <p data-testid="import-demand-summary">
                {move || app.tr().import_demand_summary(args::ImportDemandSummary {
                    parts: format_int(series as i64),
                    known: format_int(known as i64),
                    missing: format_int(missing as i64),
                })}
            </p>
            {move || match numbers.get() {
                Some(Ok(stored)) if !has_errors => {
                    let updated = converted.with_value(|c| c.series.iter().filter(|s| stored.contains_key(&s.part)).count());
                    let tr = app.tr();
                    view! {
                        <p data-testid="import-demand-matches">
                            {tr.import_demand_matches(args::ImportDemandMatches {
                                created: format_int((series - updated) as i64),
                                updated: format_int(updated as i64),
                            })}
                        </p>
                        <div class="actions">
                            <button class="button" data-testid="import-confirm" disabled=move || saving.get() || series == 0 on:click=commit>
                                {move || app.tr().import_demand_confirm(args::ImportDemandConfirm { count: format_int(series as i64) })}
                            </button>
                        </div>
                    }
                    .into_any()
                }
                Some(Err(error)) => view! { <p class="error-text" role="alert">{app.tr().import_failed(args::ImportFailed { detail: error_text(app.tr(), &error) })}</p> }.into_any(),
                Some(Ok(_)) => errors().into_any(),
                None => view! { <p class="muted">{app.tr().loading()}</p> }.into_any(),
            }}
            {move || written.get().map(|(done, total)| saving_bar(app.tr(), done, total))}
        </div>
    }
}

pub(super) fn demand_problem(tr: Tr, kind: DemandErrorKind) -> String {
    match kind {
        DemandErrorKind::MissingColumn(column) => tr.demand_missing_column(args::DemandMissingColumn {
            column: match column {
                DemandColumn::Part => tr.demand_column_part(),
                DemandColumn::Month => tr.demand_column_month(),
                DemandColumn::Quantity => tr.demand_column_quantity(),
            },
        }),
        DemandErrorKind::TooFewCells { expected, found } => {
            tr.row_too_few_cells(args::RowTooFewCells { found, expected })
        }
        DemandErrorKind::MissingPart => tr.demand_missing_part().to_owned(),
        DemandErrorKind::InvalidMonth => tr.demand_invalid_month().to_owned(),
        DemandErrorKind::InvalidQuantity => tr.demand_invalid_quantity().to_owned(),
        DemandErrorKind::OutOfRange { min, max } => tr.row_out_of_range(args::RowOutOfRange { min, max }),
        DemandErrorKind::DuplicateMonth { first_line } => {
            tr.demand_duplicate_month(args::DemandDuplicateMonth { line: first_line })
        }
    }
}
