//! The demand-history kind of the import page: parts matched by number, every row checked, and one
//! write only when no row has an error.

use super::flow::{
    error_table, import_write, stored_read, stored_state, summary, ConfirmButton, Report, Start, Written,
};
use super::page::Loaded;
use crate::domain::import::carparts::{convert_demand, DemandColumn, DemandErrorKind};
use crate::domain::model::Id;
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::{parts, use_app};
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

/// A demand-history file: its parts matched to stored parts by number (a new part for each
/// series without one), every row checked, and one write only when no row has an error.
#[component]
pub(super) fn DemandImport(loaded: Rc<Loaded>, report: Report) -> impl IntoView {
    let app = use_app();
    let converted = Rc::new(convert_demand(&loaded.source.table()));
    let numbers = stored_read(move || parts::part_numbers(app));
    let written = Written::new();
    let loaded = StoredValue::new_local(loaded);
    let converted = StoredValue::new_local(converted);
    let (series, known, missing) = converted.with_value(|c| {
        let known = c.series.iter().map(|s| s.demand.quantities.iter().flatten().count()).sum::<usize>();
        let all = c.series.iter().map(|s| s.demand.quantities.len()).sum::<usize>();
        (c.series.len(), known, all - known)
    });
    let has_errors = converted.with_value(|c| c.error_count > 0);
    let errors = move || {
        let tr = app.tr();
        converted.with_value(|c| {
            let problems =
                c.errors.iter().map(|e| (e.line, e.header.clone(), e.value.clone(), demand_problem(tr, e.kind)));
            view! {
                <p class="error-text" role="alert" data-testid="import-demand-errors">
                    {tr.import_demand_has_errors(args::ImportDemandHasErrors { rows: format_int(c.failed_rows.max(1) as i64) })}
                </p>
                {error_table(tr, problems)}
            }
            .into_any()
        })
    };
    let commit = import_write(report, Some(written), move |numbers: HashMap<String, Id>| {
        let file = loaded.with_value(|l| l.file.clone());
        let series = converted.with_value(|c| c.series.clone());
        async move {
            let step = written.start(series.len() * 2);
            let counts = parts::commit_demand(app, series, &numbers, step).await?;
            Ok(app.tr_untracked().import_demand_done(args::ImportDemandDone {
                file: &file,
                created: format_int(counts.created as i64),
                updated: format_int(counts.updated as i64),
            }))
        }
    });
    let start = Start::of(commit, move || numbers.get_untracked().and_then(Result::ok));
    view! {
        <div class="card" data-testid="import-mapping">
            {summary(loaded)}
            <p data-testid="import-demand-summary">
                {move || app.tr().import_demand_summary(args::ImportDemandSummary {
                    parts: format_int(series as i64),
                    known: format_int(known as i64),
                    missing: format_int(missing as i64),
                })}
            </p>
            {move || stored_state(numbers.get(), |stored| {
                if has_errors {
                    return errors();
                }
                let updated = converted.with_value(|c| c.series.iter().filter(|s| stored.contains_key(&s.part)).count());
                view! {
                    <p data-testid="import-demand-matches">
                        {move || app.tr().import_demand_matches(args::ImportDemandMatches {
                            created: format_int((series - updated) as i64),
                            updated: format_int(updated as i64),
                        })}
                    </p>
                    <ConfirmButton
                        label=Signal::derive(move || app.tr().import_demand_confirm(args::ImportDemandConfirm { count: format_int(series as i64) }))
                        disabled=Signal::derive(move || start.pending.get() || series == 0)
                        confirm=start.run
                    />
                }
                .into_any()
            })}
            {written.bar()}
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
