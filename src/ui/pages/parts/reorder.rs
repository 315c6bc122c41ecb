//! The reorder suggestions (#/parts/reorder): what to order, how many and why, most urgent
//! first, exported for the purchasing department as XLSX or CSV (UTF-8 with BOM, so Excel reads
//! the Chinese names) with headers in the user's language.

use super::list::{part_name, status_key, with_book};
use crate::domain::export::csv::{write_csv, CsvEncoding};
use crate::domain::export::Cell;
use crate::domain::money::{format_cny, format_int, Cny};
use crate::domain::xlsx::{write_workbook, SheetData};
use crate::i18n::{args, Locale, Tr};
use crate::state::parts::{PartRow, PartsBook};
use crate::state::route::Route;
use crate::state::{browser, use_app};
use crate::ui::kit::table::{self, columns};
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

/// Lines shown on the page; the export always holds every line.
const SHOWN: usize = 500;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
}

#[component]
pub fn Reorder() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="page wide" data-testid="reorder">
            <a class="back-link" href=Route::Parts.href()>{move || format!("← {}", app.tr().part_back())}</a>
            <h1>{move || app.tr().reorder_title()}</h1>
            <p class="muted">{move || app.tr().reorder_hint()}</p>
            {with_book(app, |book| view! { <ReorderList book /> }.into_any())}
        </section>
    }
}

fn order_value(row: &PartRow) -> Cny {
    Cny(row.part.unit_cost.fen() * i64::from(row.order_quantity))
}

#[component]
fn ReorderList(book: Rc<PartsBook>) -> impl IntoView {
    let app = use_app();
    let book = StoredValue::new_local(book);
    let message = RwSignal::new(None::<(bool, String)>);
    let count = book.with_value(|b| b.reorder().len());
    let total = book.with_value(|b| Cny(b.reorder().iter().map(|r| order_value(r).fen()).sum()));
    let export = move |format: Format| {
        let tr = app.tr_untracked();
        let zh = app.locale.get_untracked() == Locale::ZhCn;
        let outcome = book.with_value(|b| {
            let lines = b.reorder();
            let (header, rows) = export_table(tr, zh, &lines);
            let stem = format!("kehu-reorder-{}", browser::today());
            let (name, mime, bytes) = match format {
                Format::Xlsx => {
                    let sheet = SheetData { name: tr.reorder_sheet().to_owned(), header, rows };
                    (format!("{stem}.xlsx"), XLSX_MIME, write_workbook(&[sheet]))
                }
                Format::Csv => {
                    // UTF-8 encodes every character, so this cannot fail.
                    let bytes = write_csv(&header, &rows, CsvEncoding::Utf8Bom).unwrap_or_default();
                    (format!("{stem}.csv"), "text/csv", bytes)
                }
            };
            browser::download(&name, mime, &bytes)
                .map(|()| {
                    tr.reorder_exported(args::ReorderExported { count: format_int(lines.len() as i64), file: &name })
                })
                .map_err(|error| tr.reorder_export_failed(args::ReorderExportFailed { error }))
        });
        message.set(Some(match outcome {
            Ok(text) => (true, text),
            Err(text) => (false, text),
        }));
    };
    let lines = move || {
        let tr = app.tr();
        let zh = app.locale.get() == Locale::ZhCn;
        book.with_value(|b| {
        let c = columns::<&PartRow>();
        let columns = [
            c.text(tr.reorder_col_part(), |row| view! { <a href=Route::Part(row.part.id).href()>{row.part.number.clone()}</a> }),
            c.text(tr.reorder_col_name(), |row| part_name(zh, &row.part)),
            c.text(tr.reorder_col_supplier(), |row| row.part.supplier.clone()),
            c.text(tr.reorder_col_status(), |row| {
                view! { <span class=format!("tag status-{}", status_key(row.status))>{labels::stock_status(tr, row.status)}</span> }
            }),
            c.number(tr.reorder_col_on_hand(), |row| format_int(i64::from(row.on_hand))),
            c.number(tr.part_col_reorder_point(), |row| format_int(i64::from(row.reorder_point))),
            c.number(tr.part_col_order_up_to(), |row| format_int(i64::from(row.order_up_to))),
            c.number(tr.reorder_col_quantity(), |row| {
                view! { <strong data-testid="reorder-quantity">{format_int(i64::from(row.order_quantity))}</strong> }
            }),
            c.number(tr.reorder_col_value(), |row| format_cny(order_value(row))),
            c.text(tr.reorder_col_reasons(), |row| {
                let reasons: Vec<&str> = row.reasons.iter().map(|r| labels::reorder_reason(tr, *r)).collect();
                reasons.join(tr.reorder_reason_separator())
            }),
        ];
        let row_mark = |row: &&PartRow| table::mark("reorder-line").record("data-id", row.part.id.to_string());
        table::table("reorder-table", None, &columns, b.reorder().into_iter().take(SHOWN), row_mark)
        })
    };
    view! {
        <div class="card">
            <div class="title-row">
                <p data-testid="reorder-count">{move || app.tr().reorder_count(args::ReorderCount {
                    count: format_int(count as i64),
                    value: format_cny(total),
                })}</p>
                <div class="actions">
                    <button class="button" data-testid="reorder-export-xlsx" disabled=count == 0 on:click=move |_| export(Format::Xlsx)>
                        {move || app.tr().reorder_export_xlsx()}
                    </button>
                    <button class="button secondary" data-testid="reorder-export-csv" disabled=count == 0 on:click=move |_| export(Format::Csv)>
                        {move || app.tr().reorder_export_csv()}
                    </button>
                </div>
            </div>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice ok" } else { "error-text" } role=if ok { "status" } else { "alert" } data-testid="reorder-message">{text}</p>
            })}
            {move || if count == 0 {
                view! { <p class="empty-state" data-testid="reorder-empty">{app.tr().reorder_empty()}</p> }.into_any()
            } else {
                view! {
                    {lines}
                    {(count > SHOWN).then(|| view! {
                        <p class="muted">{move || app.tr().reorder_more(args::ReorderMore { count: format_int((count - SHOWN) as i64) })}</p>
                    })}
                }
                .into_any()
            }}
        </div>
    }
}

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The export's header and rows: numbers as numbers, so a spreadsheet sums them.
fn export_table(tr: Tr, zh: bool, lines: &[&PartRow]) -> (Vec<String>, Vec<Vec<Cell>>) {
    let header = [
        tr.reorder_col_part(),
        tr.reorder_col_name(),
        tr.reorder_col_supplier(),
        tr.reorder_col_status(),
        tr.reorder_col_on_hand(),
        tr.part_col_reorder_point(),
        tr.part_col_order_up_to(),
        tr.reorder_col_quantity(),
        tr.reorder_col_unit_cost(),
        tr.reorder_col_value(),
        tr.reorder_col_lead_time(),
        tr.reorder_col_reasons(),
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = lines
        .iter()
        .map(|row| {
            let reasons: Vec<&str> = row.reasons.iter().map(|r| labels::reorder_reason(tr, *r)).collect();
            vec![
                Cell::text(&row.part.number),
                Cell::text(&part_name(zh, &row.part)),
                Cell::text(&row.part.supplier),
                Cell::text(labels::stock_status(tr, row.status)),
                Cell::Integer(i64::from(row.on_hand)),
                Cell::Integer(i64::from(row.reorder_point)),
                Cell::Integer(i64::from(row.order_up_to)),
                Cell::Integer(i64::from(row.order_quantity)),
                Cell::Number(row.part.unit_cost.yuan()),
                Cell::Number(order_value(row).yuan()),
                Cell::Integer(i64::from(row.part.lead_time_days)),
                Cell::text(&reasons.join(tr.reorder_reason_separator())),
            ]
        })
        .collect();
    (header, rows)
}
