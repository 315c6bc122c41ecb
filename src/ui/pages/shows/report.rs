//! The show report (`domain::shows::report`): by show with their total, and by the person who
//! captured, over every show (#/shows/report) or on one show's page; exported as XLSX or CSV
//! (UTF-8 with BOM, so Excel reads the Chinese names) with headers in the user's language.

use crate::domain::export::csv::{write_csv, CsvEncoding};
use crate::domain::export::Cell;
use crate::domain::model::Id;
use crate::domain::money::{format_cny_compact, Cny, NumberStyle};
use crate::domain::shows::report::Figures;
use crate::domain::xlsx::{write_workbook, SheetData};
use crate::i18n::{args, Tr};
use crate::state::kiosk::use_kiosk;
use crate::state::route::Route;
use crate::state::shows::{self, ReportBook};
use crate::state::{browser, use_app};
use crate::ui::kit::table::{self, columns};
use crate::ui::kit::Loader;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn ShowsReport() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="page wide" data-testid="shows-report">
            <a class="back-link" href=Route::Shows.href()>{move || format!("← {}", app.tr().shows_title())}</a>
            <h1>{move || app.tr().shows_report_title()}</h1>
            <ReportCard only=None />
        </section>
    }
}

/// What a row of the report is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Subject {
    Show(Id),
    Person(Id),
    Total,
}

#[derive(Clone)]
struct Row {
    subject: Subject,
    name: String,
    figures: Figures,
}

fn rows(tr: Tr, book: &ReportBook) -> (Vec<Row>, Vec<Row>) {
    let mut shows: Vec<Row> = book
        .report
        .shows
        .iter()
        .map(|(id, figures)| Row { subject: Subject::Show(*id), name: book.show_name(*id), figures: *figures })
        .collect();
    if shows.len() > 1 {
        shows.push(Row {
            subject: Subject::Total,
            name: tr.shows_report_total().to_owned(),
            figures: book.report.total,
        });
    }
    let people = book
        .report
        .staff
        .iter()
        .map(|(id, figures)| Row { subject: Subject::Person(*id), name: book.user_name(*id), figures: *figures })
        .collect();
    (shows, people)
}

/// The report of show `only`, or of every show.
#[component]
pub fn ReportCard(only: Option<Id>) -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || async move { shows::report_book(app, only).await.map(Rc::new) });
    view! {
        <div class="card wide-card" data-testid="show-report">
            <Loader resource=book let:book>
                <ReportTables book only />
            </Loader>
        </div>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
}

#[component]
fn ReportTables(book: Rc<ReportBook>, only: Option<Id>) -> impl IntoView {
    let app = use_app();
    let kiosk = use_kiosk();
    let message = RwSignal::new(None::<(bool, String)>);
    let book = StoredValue::new_local(book);
    let export = move |format: Format| {
        let tr = app.tr_untracked();
        let (header, cells) = book.with_value(|b| export_table(tr, b));
        let stem = match only {
            Some(id) => format!("kehu-show-{id}-report-{}", browser::today()),
            None => format!("kehu-shows-report-{}", browser::today()),
        };
        let (name, mime, bytes) = match format {
            Format::Xlsx => {
                let sheet = SheetData { name: tr.shows_report_sheet().to_owned(), header, rows: cells };
                (format!("{stem}.xlsx"), XLSX_MIME, write_workbook(&[sheet]))
            }
            // UTF-8 encodes every character, so this cannot fail.
            Format::Csv => (
                format!("{stem}.csv"),
                "text/csv",
                write_csv(&header, &cells, CsvEncoding::Utf8Bom).unwrap_or_default(),
            ),
        };
        message.set(Some(match browser::download(&name, mime, &bytes) {
            Ok(()) => (true, tr.shows_report_exported(args::ShowsReportExported { file: &name })),
            Err(error) => (false, tr.shows_report_export_failed(args::ShowsReportExportFailed { error })),
        }));
    };
    let tables = move || {
        let tr = app.tr();
        let style = app.locale.get().number_style();
        book.with_value(|b| {
            let (shows, people) = rows(tr, b);
            let by_show = table_of(tr, style, tr.shows_report_show(), "report-shows", shows);
            let by_person = table_of(tr, style, tr.shows_report_person(), "report-staff", people);
            view! {
                <h3>{tr.shows_report_by_show()}</h3>
                {by_show}
                <h3>{tr.shows_report_by_person()}</h3>
                {by_person}
            }
        })
    };
    let empty = book.with_value(|b| b.report.shows.is_empty());
    view! {
        <div class="title-row">
            <h2>{move || app.tr().shows_report_title()}</h2>
            <div class="actions">
                {only.is_some().then(|| view! {
                    <a class="button secondary" href=Route::ShowsReport.href() data-testid="report-all">
                        {move || app.tr().shows_report_all()}
                    </a>
                })}
                // The booth kiosk exports nothing.
                <Show when=move || !kiosk.locked()>
                    <button class="button" data-testid="report-export-xlsx" disabled=empty on:click=move |_| export(Format::Xlsx)>
                        {move || app.tr().shows_report_export_xlsx()}
                    </button>
                    <button class="button secondary" data-testid="report-export-csv" disabled=empty on:click=move |_| export(Format::Csv)>
                        {move || app.tr().shows_report_export_csv()}
                    </button>
                </Show>
            </div>
        </div>
        <p class="muted">{move || app.tr().shows_report_hint()}</p>
        {move || message.get().map(|(ok, text)| view! {
            <p class=if ok { "notice ok" } else { "error-text" } role=if ok { "status" } else { "alert" } data-testid="report-message">{text}</p>
        })}
        {move || if empty {
            view! { <p class="empty-state" data-testid="report-empty">{app.tr().shows_empty()}</p> }.into_any()
        } else {
            tables.into_any()
        }}
    }
}

/// A money figure as the tables show it: `¥7.5K`, `¥0.75万`; a dash when there is none.
fn money(amount: Option<Cny>, style: NumberStyle) -> String {
    amount.map_or_else(|| "–".to_owned(), |a| format_cny_compact(a, style))
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| format!("{:.0}%", s * 100.0))
}

fn table_of(tr: Tr, style: NumberStyle, first: &'static str, test_id: &'static str, rows: Vec<Row>) -> AnyView {
    let c = columns::<Row>();
    let columns = [
        c.text(first, |row| match row.subject {
            Subject::Show(id) => view! { <a href=Route::Show(id).href()>{row.name.clone()}</a> }.into_any(),
            Subject::Person(_) => row.name.clone().into_any(),
            Subject::Total => view! { <strong>{row.name.clone()}</strong> }.into_any(),
        })
        .row_heading()
        .marked("report-name"),
        c.number(tr.shows_report_leads(), |row| row.figures.leads).marked("report-leads"),
        c.number(tr.shows_report_duplicates(), |row| row.figures.duplicates).marked("report-duplicates"),
        c.number(tr.shows_report_contacted(), |row| {
            format!("{} · {}", row.figures.contacted, percent(row.figures.contacted_share()))
        })
        .marked("report-contacted"),
        c.number(tr.shows_report_opportunities(), |row| row.figures.opportunities).marked("report-opportunities"),
        c.number(tr.shows_report_pipeline(), move |row| money(Some(row.figures.pipeline), style))
            .marked("report-pipeline"),
        c.number(tr.shows_report_won(), move |row| {
            format!("{} · {}", money(Some(row.figures.won), style), row.figures.won_deals)
        })
        .marked("report-won"),
        c.number(tr.shows_report_cost(), move |row| money(Some(row.figures.cost), style)).marked("report-cost"),
        c.number(tr.shows_report_cost_per_lead(), move |row| money(row.figures.cost_per_lead(), style))
            .marked("report-cost-per-lead"),
        c.number(tr.shows_report_cost_per_won(), move |row| money(row.figures.cost_per_won_deal(), style))
            .marked("report-cost-per-won"),
    ];
    let mark = |row: &Row| match row.subject {
        Subject::Show(id) | Subject::Person(id) => table::mark("report-row").record("data-id", id.to_string()),
        Subject::Total => table::mark("report-total"),
    };
    table::table("report-data", Some(test_id), &columns, rows, mark)
}

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The export's header and rows, the shows (and their total) then the people: numbers as
/// numbers and amounts in yuan, so a spreadsheet sums them.
fn export_table(tr: Tr, book: &ReportBook) -> (Vec<String>, Vec<Vec<Cell>>) {
    let header = [
        tr.shows_report_kind(),
        tr.shows_report_name(),
        tr.shows_report_leads(),
        tr.shows_report_duplicates(),
        tr.shows_report_contacted(),
        tr.shows_report_contacted_percent(),
        tr.shows_report_opportunities(),
        tr.shows_report_pipeline(),
        tr.shows_report_won(),
        tr.shows_report_won_deals(),
        tr.shows_report_cost(),
        tr.shows_report_cost_per_lead(),
        tr.shows_report_cost_per_won(),
    ]
    .map(str::to_owned)
    .to_vec();
    let (shows, people) = rows(tr, book);
    let amount = |a: Option<Cny>| a.map_or(Cell::Empty, |a| Cell::Number(a.yuan()));
    let cells = shows
        .iter()
        .chain(&people)
        .map(|row| {
            let f = &row.figures;
            let kind = match row.subject {
                Subject::Show(_) => tr.shows_report_show(),
                Subject::Person(_) => tr.shows_report_person(),
                Subject::Total => tr.shows_report_total(),
            };
            vec![
                Cell::text(kind),
                Cell::text(&row.name),
                Cell::Integer(f.leads as i64),
                Cell::Integer(f.duplicates as i64),
                Cell::Integer(f.contacted as i64),
                f.contacted_share().map_or(Cell::Empty, |s| Cell::Number((s * 1000.0).round() / 10.0)),
                Cell::Integer(f.opportunities as i64),
                amount(Some(f.pipeline)),
                amount(Some(f.won)),
                Cell::Integer(f.won_deals as i64),
                amount(Some(f.cost)),
                amount(f.cost_per_lead()),
                amount(f.cost_per_won_deal()),
            ]
        })
        .collect();
    (header, cells)
}
