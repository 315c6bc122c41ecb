//! The importer's record kinds besides customers, staff, demand and pipelines: parts master
//! data, stock on hand per location, machines in the field and market sizes. A picked file is
//! checked row by row against what is stored (parts by number, machines by serial, customers by
//! name, markets by province, line, year and class); rows with errors are listed
//! with their row, column and value, and only a file without any is written, in one
//! transaction.

use super::flow::{error_table, import_write, stored_read, stored_state, ConfirmButton, Report, Start};
use crate::domain::import::csv::Table;
use crate::domain::import::markets::convert_markets;
use crate::domain::import::records::{
    convert_machines, convert_parts, convert_stock, PartUpdate, RecordColumn, RecordErrorKind, RecordImport,
    RecordKind, RecordRowError, StockRow,
};
use crate::domain::market::Market;
use crate::domain::model::Machine;
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::browser;
use crate::state::route::Route;
use crate::state::StoreError;
use crate::state::{machines, market, parts, use_app, AppState};
use crate::ui::problems;
use leptos::prelude::*;
use std::rc::Rc;

/// A file's rows checked: what to write, or why not.
struct Checked {
    rows: usize,
    errors: Vec<RecordRowError>,
    failed_rows: usize,
    created: usize,
    updated: usize,
    write: Write,
}

enum Write {
    Parts(Vec<PartUpdate>),
    Stock(Vec<StockRow>),
    /// The file's machines and the stored ones they were checked against.
    Machines {
        machines: Vec<Machine>,
        checked_against: Vec<Machine>,
    },
    Markets(Vec<Market>),
}

/// Checks `table` as `kind` against the stored records.
async fn check(app: AppState, kind: RecordKind, table: &Table) -> Result<Checked, StoreError> {
    let rows = table.rows.len();
    Ok(match kind {
        RecordKind::Parts => {
            let numbers = parts::part_numbers(app).await?;
            let out = convert_parts(table);
            Checked::of(rows, out, |p| numbers.contains_key(&p.number), Write::Parts)
        }
        // A stock row sets a quantity whether or not one is stored: none counts as an update.
        RecordKind::Stock => {
            let numbers = parts::part_numbers(app).await?;
            Checked::of(rows, convert_stock(table, &numbers), |_| false, Write::Stock)
        }
        RecordKind::Machines => {
            let book = machines::book(app).await?;
            let out = convert_machines(table, &book.machines, book.register(), browser::today(), browser::new_id);
            let stored = |m: &Machine| book.machines.iter().any(|s| s.id == m.id);
            let checked_against = book.machines.clone();
            Checked::of(rows, out, stored, move |machines| Write::Machines { machines, checked_against })
        }
        RecordKind::Markets => {
            let stored = market::stored_markets(app).await?;
            Checked::of(rows, convert_markets(table), |m| stored.contains(&m.market_key()), Write::Markets)
        }
    })
}

impl Checked {
    /// The check of `rows` rows read as `out`, its records split by whether `stored` already.
    fn of<T>(
        rows: usize,
        out: RecordImport<T>,
        stored: impl Fn(&T) -> bool,
        write: impl FnOnce(Vec<T>) -> Write,
    ) -> Checked {
        let updated = out.records.iter().filter(|(_, record)| stored(record)).count();
        Checked {
            rows,
            created: out.records.len() - updated,
            updated,
            errors: out.errors,
            failed_rows: out.failed_rows,
            write: write(out.records.into_iter().map(|(_, record)| record).collect()),
        }
    }
}

fn column_name(tr: Tr, column: RecordColumn) -> &'static str {
    match column {
        RecordColumn::PartNumber => tr.record_col_part_number(),
        RecordColumn::NameZh => tr.record_col_name_zh(),
        RecordColumn::NameEn => tr.record_col_name_en(),
        RecordColumn::Models => tr.record_col_models(),
        RecordColumn::Category => tr.record_col_category(),
        RecordColumn::UnitCost => tr.record_col_unit_cost(),
        RecordColumn::UnitPrice => tr.record_col_unit_price(),
        RecordColumn::Supplier => tr.record_col_supplier(),
        RecordColumn::LeadTime => tr.record_col_lead_time(),
        RecordColumn::PackSize => tr.record_col_pack_size(),
        RecordColumn::Criticality => tr.record_col_criticality(),
        RecordColumn::Location => tr.record_col_location(),
        RecordColumn::OnHand => tr.record_col_on_hand(),
        RecordColumn::Serial => tr.machine_col_serial(),
        RecordColumn::Model => tr.machine_col_model(),
        RecordColumn::Customer => tr.machine_col_customer(),
        RecordColumn::Delivered => tr.machine_col_delivered(),
        RecordColumn::Hours => tr.machine_col_hours(),
        RecordColumn::HoursPerMonth => tr.machine_col_hours_per_month(),
        RecordColumn::Status => tr.machine_col_status(),
        RecordColumn::Province => tr.field_province(),
        RecordColumn::Line => tr.mkt_line(),
        RecordColumn::Year => tr.mkt_year(),
        RecordColumn::Units => tr.mkt_size_units(),
        RecordColumn::Tonnage => tr.mkt_tonnage(),
    }
}

fn problem(tr: Tr, kind: RecordErrorKind) -> String {
    match kind {
        RecordErrorKind::MissingColumn(column) => {
            tr.record_missing_column(args::RecordMissingColumn { column: column_name(tr, column) })
        }
        RecordErrorKind::TooFewCells { expected, found } => {
            tr.row_too_few_cells(args::RowTooFewCells { found, expected })
        }
        RecordErrorKind::Form(error) => problems::form(tr, error),
        RecordErrorKind::InvalidAmount => tr.problem_amount().to_owned(),
        RecordErrorKind::UnknownCriticality => tr.record_unknown_criticality().to_owned(),
        RecordErrorKind::UnknownPart => tr.record_unknown_part().to_owned(),
        RecordErrorKind::Duplicate { first_line } => {
            tr.record_duplicate(args::RecordDuplicate { first_line: format_int(first_line as i64) })
        }
        RecordErrorKind::Machine(error) => problems::machine(tr, error),
        RecordErrorKind::UnknownLine => tr.record_unknown_line().to_owned(),
        RecordErrorKind::UnknownTonnage => tr.record_unknown_tonnage().to_owned(),
    }
}

/// A parts, stock, machines or market sizes file picked on the import page.
#[component]
pub fn RecordsImport(kind: RecordKind, file: String, table: Table, report: Report) -> impl IntoView {
    let app = use_app();
    let table = Rc::new(table);
    let checked = stored_read(move || {
        let table = table.clone();
        async move { check(app, kind, &table).await.map(Rc::new) }
    });
    let file = StoredValue::new(file);
    let commit = import_write(report, None, move |checked: Rc<Checked>| async move {
        let tr = app.tr_untracked();
        let file = file.get_value();
        match &checked.write {
            Write::Parts(rows) => parts::commit_parts(app, rows).await.map(|c| {
                tr.import_parts_done(args::ImportPartsDone {
                    file: &file,
                    created: format_int(c.created as i64),
                    updated: format_int(c.updated as i64),
                })
            }),
            Write::Stock(rows) => parts::commit_stock(app, rows).await.map(|c| {
                tr.import_stock_done(args::ImportStockDone {
                    file: &file,
                    created: format_int(c.created as i64),
                    updated: format_int(c.updated as i64),
                })
            }),
            Write::Machines { machines: rows, checked_against } => {
                machines::commit(app, checked_against, rows).await.map(|(c, u)| {
                    tr.import_machines_done(args::ImportMachinesDone {
                        file: &file,
                        created: format_int(c as i64),
                        updated: format_int(u as i64),
                    })
                })
            }
            Write::Markets(rows) => market::import_markets(app, rows).await.map(|c| {
                tr.import_markets_done(args::ImportMarketsDone {
                    file: &file,
                    created: format_int(c.created as i64),
                    updated: format_int(c.updated as i64),
                })
            }),
        }
    });
    let start = Start::of(commit, move || checked.get_untracked().and_then(Result::ok));
    let next = match kind {
        RecordKind::Machines => Route::Machines,
        RecordKind::Parts | RecordKind::Stock => Route::Parts,
        RecordKind::Markets => Route::Market,
    };
    let shown = move |checked: Rc<Checked>| {
        let tr = app.tr();
        let summary = tr.import_records_rows(args::ImportRecordsRows {
            file: file.get_value(),
            rows: format_int(checked.rows as i64),
        });
        if checked.errors.is_empty() {
            let count = checked.created + checked.updated;
            view! {
                <p data-testid="import-records-summary">{summary}</p>
                // A stock row sets a quantity whether or not one is stored: no split.
                {(kind != RecordKind::Stock).then(|| view! {
                    <p data-testid="import-records-matches">
                        {tr.import_records_matches(args::ImportRecordsMatches {
                            new: format_int(checked.created as i64),
                            updated: format_int(checked.updated as i64),
                        })}
                    </p>
                })}
                <ConfirmButton
                    label=Signal::derive(move || app.tr().import_records_confirm(args::ImportRecordsConfirm { count: format_int(count as i64) }))
                    disabled=Signal::derive(move || start.pending.get() || count == 0)
                    confirm=start.run
                >
                    <a class="button secondary" href=next.href()>{move || app.tr().cancel()}</a>
                </ConfirmButton>
            }
            .into_any()
        } else {
            let problems =
                checked.errors.iter().map(|e| (e.line, e.header.clone(), e.value.clone(), problem(tr, e.kind)));
            view! {
                <p data-testid="import-records-summary">{summary}</p>
                <p class="error-text" role="alert" data-testid="import-records-errors">
                    {tr.import_records_has_errors(args::ImportRecordsHasErrors { rows: format_int(checked.failed_rows.max(1) as i64) })}
                </p>
                {error_table(tr, problems)}
            }
            .into_any()
        }
    };
    view! { <div class="card" data-testid="import-mapping">{move || stored_state(checked.get(), shown)}</div> }
}
