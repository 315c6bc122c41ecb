//! Import: a CSV file or workbook of customers (or of sales teams) → its encoding and
//! delimiter, the column mapping, a check of every row with progress and Cancel, the errors by
//! row and column, what to do with rows that match stored customers, a preview — and then one
//! all-or-nothing write.

use super::customers::CustomerImport;
use super::demand::DemandImport;
use super::flow::Report;
use super::pipeline::PipelineImport;
use super::records::RecordsImport;
use super::users::UserImport;
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::import::csv::{CsvError, TableRow, DELIMITERS};
use crate::domain::import::decode::{DecodeError, TextEncoding};
use crate::domain::import::mapping::{self, Mapping};
use crate::domain::import::records::RecordKind;
use crate::domain::import::source::{
    self, FileKind, Source, SourceError, SourceFormat, TextChoice, WorkbookKind, MAX_FILE_BYTES,
};
use crate::domain::money::{format_bytes, format_int};
use crate::domain::xlsx::XlsxError;
use crate::i18n::{args, Locale, Tr};
use crate::state::import::{self, Checked, ImportContext};
use crate::state::route::Route;
use crate::state::{browser, use_app, AppState};
use crate::ui::errors::error_text;
use crate::ui::fields::SelectField;
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Converted rows shown before the import.
pub(super) const PREVIEW_ROWS: usize = 20;
/// Example values shown per column in the mapping.
pub(super) const SAMPLES: usize = 3;
/// Rows looked at for examples: a column empty in all of them shows none.
pub(super) const SAMPLE_ROWS: usize = 50;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Customers,
    Users,
    /// Parts demand history in long format (part, month, quantity).
    Demand,
    Parts,
    Stock,
    Machines,
    /// Market sizes per province, product line, year (and tonnage class).
    Markets,
    /// A sales pipeline with its product price list.
    Opportunities,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::Customers,
        Kind::Users,
        Kind::Demand,
        Kind::Parts,
        Kind::Stock,
        Kind::Machines,
        Kind::Markets,
        Kind::Opportunities,
    ];

    fn key(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::Users => "users",
            Kind::Demand => "demand",
            Kind::Parts => "parts",
            Kind::Stock => "stock",
            Kind::Machines => "machines",
            Kind::Markets => "markets",
            Kind::Opportunities => "opportunities",
        }
    }

    fn label(self, tr: Tr) -> &'static str {
        match self {
            Kind::Customers => tr.import_kind_customers(),
            Kind::Users => tr.import_kind_users(),
            Kind::Demand => tr.import_kind_demand(),
            Kind::Parts => tr.import_kind_parts(),
            Kind::Stock => tr.import_kind_stock(),
            Kind::Machines => tr.import_kind_machines(),
            Kind::Markets => tr.import_kind_markets(),
            Kind::Opportunities => tr.import_kind_opportunities(),
        }
    }
}

/// A picked file, read and checked through, with what it is checked against. Every pass over
/// its rows (a check, the import) reads them again from the source.
pub struct Loaded {
    pub(super) file: String,
    pub(super) source: Source,
    /// The first rows, for the mapping's examples.
    pub(super) head: Vec<TableRow>,
    pub(super) context: ImportContext,
    pub(super) signature: String,
    /// The workbook's sheet picked by name; `None`: the first.
    pub(super) sheet: Option<String>,
}

/// Why a picked file was not read: the message, whether another encoding or delimiter may read
/// it, and the other sheets of a workbook whose first sheet is empty.
struct Refusal {
    text: String,
    fixable: bool,
    sheets: Vec<String>,
}

#[derive(Clone)]
pub(super) enum Check {
    NotYet,
    Running { done: usize, total: usize },
    Done(Rc<Checked>),
}

#[component]
pub fn Import() -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(Kind::Customers);
    // The picked file, to read again with another encoding or delimiter. Its bytes are let go
    // once read: the source keeps the decoded text, so a large file is not held twice.
    let picked = StoredValue::new_local(None::<web_sys::File>);
    let choice = RwSignal::new(TextChoice::default());
    let loaded = RwSignal::new_local(None::<Rc<Loaded>>);
    let mapping = RwSignal::new(Mapping::default());
    let remembered = RwSignal::new(false);
    let check = RwSignal::new_local(Check::NotYet);
    let cancel = RwSignal::new(false);
    // Why the file cannot be read, or how the last import ended (`true`: it worked).
    let message = RwSignal::new(None::<(bool, String)>);
    // Whether the failed read was of text that another encoding or delimiter may fix.
    let text_options = RwSignal::new(false);
    // The other sheets of a workbook whose first sheet is empty, to read one of instead.
    let sheets = RwSignal::new(Vec::<String>::new());

    // Reading a file writes nothing and fails in its own terms: an action, not a write.
    let reading = Action::new_local(move |picked: &web_sys::File| {
        let read = load(app, picked.clone(), choice.get_untracked());
        async move {
            match read.await {
                Ok(ready) => {
                    remembered.set(ready.context.remembered.is_some());
                    mapping.set(
                        ready
                            .context
                            .remembered
                            .clone()
                            .unwrap_or_else(|| mapping::suggest(&ready.source.header, &export_headers())),
                    );
                    text_options.set(matches!(ready.source.format, SourceFormat::Text { .. }));
                    loaded.set(Some(Rc::new(ready)));
                }
                Err(refusal) => {
                    message.set(Some((false, refusal.text)));
                    text_options.set(refusal.fixable);
                    sheets.set(refusal.sheets);
                }
            }
        }
    });
    let reading_file = reading.pending();
    let read = move || {
        let Some(picked) = picked.get_value() else { return };
        loaded.set(None);
        sheets.set(Vec::new());
        check.set(Check::NotYet);
        reading.dispatch_local(picked);
    };
    let reading_text = move || {
        let file = picked.with_value(|f| f.as_ref().map(web_sys::File::name))?;
        reading_file.get().then(|| app.tr().import_reading(args::ImportReading { file: &file }))
    };
    let kinds = Signal::derive(move || {
        let tr = app.tr();
        Kind::ALL.iter().map(|k| (k.key().to_owned(), k.label(tr).to_owned())).collect()
    });
    let pick_kind = Callback::new(move |key: String| {
        kind.set(Kind::ALL.into_iter().find(|k| k.key() == key).unwrap_or(Kind::Customers));
        check.set(Check::NotYet);
    });
    let on_file = move |event: leptos::ev::Event| {
        let Some(file) = picked_file(&event) else { return };
        message.set(None);
        choice.set(TextChoice::default());
        if file.size() > MAX_FILE_BYTES as f64 {
            let tr = app.tr_untracked();
            let size = format_bytes(file.size() as u64);
            let max = format_bytes(MAX_FILE_BYTES as u64);
            message.set(Some((
                false,
                tr.import_error_too_large(args::ImportErrorTooLarge { file: file.name(), size, max }),
            )));
            return;
        }
        picked.set_value(Some(file));
        read();
    };
    let reread = move |update: TextChoice| {
        choice.set(update);
        message.set(None);
        read();
    };

    view! {
        <section class="page wide" data-testid="import">
            <a class="back-link" href=Route::Customers.href()>{move || format!("← {}", app.tr().customer_back())}</a>
            <h1>{move || app.tr().import_title()}</h1>
            <div class="card">
                <p class="muted">{move || app.tr().import_hint(args::ImportHint { max: format_bytes(MAX_FILE_BYTES as u64) })}</p>
                <div class="import-kind">
                    <SelectField test_id="import-kind" label=|tr| tr.import_kind() options=kinds
                        current=Signal::derive(move || kind.get().key().to_owned()) pick=pick_kind empty=None />
                </div>
                <div class="actions">
                    <label class="button file-button">
                        <span>{move || app.tr().import_pick()}</span>
                        <input
                            type="file"
                            accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods,text/csv,text/plain"
                            data-testid="import-file"
                            disabled=move || reading_file.get()
                            on:change=on_file
                        />
                    </label>
                </div>
                {move || reading_text().map(|text| view! { <p class="muted" role="status">{text}</p> })}
                {move || text_options.get().then(|| view! { <TextOptions choice reread /> })}
                {move || {
                    message.get().map(|(ok, text)| {
                        view! {
                            <p class=if ok { "notice ok" } else { "error-text" } role=if ok { "status" } else { "alert" } data-testid="import-message">
                                {text}
                            </p>
                        }
                    })
                }}
                {move || {
                    let names = sheets.get();
                    (!names.is_empty()).then(|| {
                        let buttons = names
                            .into_iter()
                            .enumerate()
                            .map(|(i, name)| {
                                let sheet = name.clone();
                                view! {
                                    <button class="button secondary" data-testid=format!("import-sheet-{i}")
                                        on:click=move |_| reread(TextChoice { sheet: Some(sheet.clone()), ..TextChoice::default() })>
                                        {name}
                                    </button>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="actions" data-testid="import-sheets">
                                <span class="muted">{move || app.tr().import_other_sheets()}</span>
                                {buttons}
                            </div>
                        }
                    })
                }}
                {move || {
                    message.with(|m| matches!(m, Some((true, _)))).then(|| if matches!(kind.get(), Kind::Demand | Kind::Parts | Kind::Stock | Kind::Machines) {
                        view! {
                            <a class="button secondary" data-testid="import-show-parts" href=Route::Parts.href()>
                                {move || app.tr().import_view_parts()}
                            </a>
                        }
                        .into_any()
                    } else if kind.get() == Kind::Markets {
                        view! {
                            <a class="button secondary" data-testid="import-show-market" href=Route::Market.href()>
                                {move || app.tr().import_view_market()}
                            </a>
                        }
                        .into_any()
                    } else if kind.get() == Kind::Opportunities {
                        view! {
                            <a class="button secondary" data-testid="import-show-funnel" href=Route::Funnel.href()>
                                {move || app.tr().import_view_funnel()}
                            </a>
                        }
                        .into_any()
                    } else {
                        view! {
                            <a class="button secondary" data-testid="import-show-customers" href=Route::Customers.href()>
                                {move || app.tr().import_view_customers()}
                            </a>
                        }
                        .into_any()
                    })
                }}
            </div>
            {move || {
                let ready = loaded.get()?;
                let done = Callback::new(move |text: String| {
                    message.set(Some((true, text)));
                    loaded.set(None);
                    text_options.set(false);
                    check.set(Check::NotYet);
                });
                let report = Report { done, message };
                Some(match kind.get() {
                    Kind::Customers => view! {
                        <CustomerImport loaded=ready mapping remembered check cancel report />
                    }
                    .into_any(),
                    Kind::Users => view! { <UserImport loaded=ready report /> }.into_any(),
                    Kind::Demand => view! { <DemandImport loaded=ready report /> }.into_any(),
                    Kind::Parts | Kind::Stock | Kind::Machines | Kind::Markets => {
                        let records = match kind.get() {
                            Kind::Parts => RecordKind::Parts,
                            Kind::Stock => RecordKind::Stock,
                            Kind::Markets => RecordKind::Markets,
                            _ => RecordKind::Machines,
                        };
                        view! { <RecordsImport kind=records file=ready.file.clone() table=ready.source.table() report /> }.into_any()
                    }
                    Kind::Opportunities => view! { <PipelineImport loaded=ready report /> }.into_any(),
                })
            }}
        </section>
    }
}

/// Reads the picked file as a table and what it is checked against. On failure, the message
/// and whether another encoding or delimiter may read it.
async fn load(app: AppState, picked: web_sys::File, choice: TextChoice) -> Result<Loaded, Refusal> {
    let tr = app.tr_untracked();
    let file = &picked.name();
    let unreadable = |detail: String| Refusal {
        text: tr.import_error_unreadable(args::ImportErrorUnreadable { file, detail }),
        fixable: false,
        sheets: Vec::new(),
    };
    let bytes = browser::file_bytes(&picked).await.map_err(unreadable)?;
    let sheet = choice.sheet.clone();
    let source = source::read(file, &bytes, choice).map_err(|error| {
        let fixable = matches!(error, SourceError::Text(DecodeError::UnknownEncoding { .. }) | SourceError::Csv(_));
        let sheets = match &error {
            SourceError::EmptySheet { others, .. } => others.clone(),
            _ => Vec::new(),
        };
        Refusal { text: source_error(tr, file, &error), fixable, sheets }
    })?;
    let signature = mapping::signature(&source.header);
    let context = import::context(app, &signature, source.header.len())
        .await
        .map_err(|error| unreadable(error_text(tr, &error)))?;
    let head = source.rows().take(SAMPLE_ROWS).collect();
    Ok(Loaded { file: file.to_owned(), head, source, context, signature, sheet })
}

/// The column names our export writes, in both languages, so an exported file maps back
/// whatever language it was exported in.
pub(super) fn export_headers() -> Vec<(CustomerColumn, String)> {
    Locale::ALL
        .iter()
        .flat_map(|locale| {
            CustomerColumn::ALL.iter().map(|column| (*column, labels::customer_column(locale.tr(), *column).to_owned()))
        })
        .collect()
}

/// The encoding and delimiter, detected or as the user picks them.
#[component]
pub(super) fn TextOptions(choice: RwSignal<TextChoice>, reread: impl Fn(TextChoice) + Copy + 'static) -> impl IntoView {
    let encoding = text_option(
        "import-encoding",
        |tr| tr.import_encoding(),
        TextEncoding::ALL,
        encoding_label,
        Signal::derive(move || choice.get().encoding),
        move |encoding| reread(TextChoice { encoding, ..choice.get_untracked() }),
    );
    let delimiter = text_option(
        "import-delimiter",
        |tr| tr.import_delimiter(),
        &DELIMITERS,
        delimiter_label,
        Signal::derive(move || choice.get().delimiter),
        move |delimiter| reread(TextChoice { delimiter, ..choice.get_untracked() }),
    );
    view! {
        <div class="filter-grid" data-testid="import-text-options">
            {encoding}
            {delimiter}
        </div>
    }
}

/// A select of one text option: detected (the empty value), or one of `all` by its name.
fn text_option<T: Copy + PartialEq + Send + Sync + 'static>(
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    all: &'static [T],
    name: fn(Tr, T) -> &'static str,
    current: Signal<Option<T>>,
    pick: impl Fn(Option<T>) + 'static,
) -> impl IntoView {
    let app = use_app();
    let options = move || {
        let tr = app.tr();
        let current = current.get();
        all.iter()
            .enumerate()
            .map(|(i, value)| {
                let selected = current == Some(*value);
                view! { <option value=i.to_string() prop:selected=selected>{name(tr, *value)}</option> }
            })
            .collect_view()
    };
    view! {
        <label class="field">
            <span>{move || label(app.tr())}</span>
            <select
                data-testid=test_id
                on:change=move |event| pick(event_target_value(&event).parse::<usize>().ok().and_then(|i| all.get(i).copied()))
            >
                <option value="" prop:selected=move || current.get().is_none()>{move || app.tr().import_encoding_detect()}</option>
                {options}
            </select>
        </label>
    }
}

pub(super) fn file_summary(tr: Tr, loaded: &Loaded) -> String {
    let summary = tr.import_file_summary(args::ImportFileSummary {
        file: &loaded.file,
        rows: format_int(loaded.source.rows as i64),
        columns: format_int(loaded.source.header.len() as i64),
    });
    match loaded.source.format {
        SourceFormat::Workbook { kind, misnamed } => {
            let sheet = match &loaded.sheet {
                Some(sheet) => tr.import_format_sheet(args::ImportFormatSheet { sheet }),
                None => tr.import_format_workbook().to_owned(),
            };
            if !misnamed {
                return format!("{summary} · {sheet}");
            }
            let kind = match kind {
                WorkbookKind::Xlsx => "XLSX",
                WorkbookKind::Xls => "XLS",
                WorkbookKind::Ods => "ODS",
            };
            format!("{summary} · {sheet} · {}", tr.import_format_misnamed(args::ImportFormatMisnamed { kind }))
        }
        SourceFormat::Text { encoding, delimiter } => {
            format!("{summary} · {} · {}", encoding_label(tr, encoding), delimiter_label(tr, delimiter))
        }
    }
}

pub(super) fn encoding_label(tr: Tr, encoding: TextEncoding) -> &'static str {
    match encoding {
        TextEncoding::Utf8 => tr.encoding_utf8(),
        TextEncoding::Utf8Bom => tr.encoding_utf8_bom(),
        TextEncoding::Gb18030 => tr.encoding_gb18030(),
        TextEncoding::Utf16Le => tr.encoding_utf16le(),
        TextEncoding::Utf16Be => tr.encoding_utf16be(),
    }
}

pub(super) fn delimiter_label(tr: Tr, delimiter: char) -> &'static str {
    match delimiter {
        '\t' => tr.delimiter_tab(),
        ';' => tr.delimiter_semicolon(),
        '|' => tr.delimiter_pipe(),
        '，' => tr.delimiter_fullwidth_comma(),
        _ => tr.delimiter_comma(),
    }
}

/// Why the file cannot be read as a table, in words (rows and columns counted from 1).
pub(super) fn source_error(tr: Tr, file: &str, error: &SourceError) -> String {
    match error {
        SourceError::TooLarge { bytes, max } => tr.import_error_too_large(args::ImportErrorTooLarge {
            file,
            size: format_bytes(*bytes as u64),
            max: format_bytes(*max as u64),
        }),
        SourceError::Text(DecodeError::Empty) | SourceError::Workbook(XlsxError::Empty) => {
            tr.import_error_empty(args::ImportErrorEmpty { file })
        }
        SourceError::Text(DecodeError::Spreadsheet) => tr.import_error_corrupt(args::ImportErrorCorrupt { file }),
        SourceError::Text(DecodeError::Binary) => tr.import_error_binary(args::ImportErrorBinary { file }),
        SourceError::Text(DecodeError::UnknownEncoding { line, byte_offset }) => {
            tr.import_error_encoding(args::ImportErrorEncoding { file, line, offset: byte_offset + 1 })
        }
        SourceError::Csv(CsvError::NoHeader) => tr.import_error_no_header(args::ImportErrorNoHeader { file }),
        SourceError::Csv(CsvError::UnclosedQuote { line, column }) => {
            tr.import_error_unclosed_quote(args::ImportErrorUnclosedQuote { file, line, column: column + 1 })
        }
        SourceError::Csv(CsvError::DuplicateHeader { first, column, name }) => {
            tr.import_error_duplicate_header(args::ImportErrorDuplicateHeader {
                file,
                column: column + 1,
                first: first + 1,
                name,
            })
        }
        SourceError::Csv(CsvError::WrongDelimiter { delimiter, line }) => {
            tr.import_error_wrong_delimiter(args::ImportErrorWrongDelimiter {
                file,
                line,
                delimiter: delimiter_label(tr, *delimiter),
            })
        }
        SourceError::Workbook(XlsxError::NotASpreadsheet) => {
            tr.import_error_not_spreadsheet(args::ImportErrorNotSpreadsheet { file })
        }
        SourceError::Workbook(XlsxError::Truncated) => tr.import_error_truncated(args::ImportErrorTruncated { file }),
        SourceError::Workbook(XlsxError::Corrupt) => tr.import_error_corrupt(args::ImportErrorCorrupt { file }),
        SourceError::Workbook(XlsxError::Password) => tr.import_error_password(args::ImportErrorPassword { file }),
        SourceError::Workbook(XlsxError::NoSheet) => tr.import_error_no_sheet(args::ImportErrorNoSheet { file }),
        SourceError::Mislabelled { actual } => match actual {
            FileKind::Text => tr.import_error_is_text(args::ImportErrorIsText { file }),
            FileKind::Image { format } => tr.import_error_is_image(args::ImportErrorIsImage { file, format }),
            FileKind::Pdf => tr.import_error_is_pdf(args::ImportErrorIsPdf { file }),
            FileKind::WordDocument => tr.import_error_is_word(args::ImportErrorIsWord { file }),
            FileKind::Presentation => tr.import_error_is_presentation(args::ImportErrorIsPresentation { file }),
        },
        SourceError::NoRows { columns } => {
            tr.import_error_no_rows(args::ImportErrorNoRows { file, columns: format_int(*columns as i64) })
        }
        SourceError::EmptySheet { sheet, .. } => {
            tr.import_error_empty_sheet(args::ImportErrorEmptySheet { file, sheet })
        }
    }
}

/// The file a file input holds, let go by the input so that the same file picked again (after
/// fixing it) fires `change` again.
pub(super) fn picked_file(event: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event.target()?.unchecked_into();
    let file = input.files().and_then(|files| files.get(0))?;
    input.set_value("");
    Some(file)
}
