//! Import: a CSV file or workbook of customers (or of sales teams) → its encoding and
//! delimiter, the column mapping, a check of every row with progress and Cancel, the errors by
//! row and column, what to do with rows that match stored customers, a preview — and then one
//! all-or-nothing write.

use super::import_parts::RecordsImport;
use crate::domain::columns::CustomerColumn;
use crate::domain::duplicates::MatchedBy;
use crate::domain::import::carparts::{convert_demand, DemandColumn, DemandErrorKind};
use crate::domain::import::csv::{CsvError, TableRow, DELIMITERS};
use crate::domain::import::customers::{RowError, RowErrorKind};
use crate::domain::import::decode::{DecodeError, TextEncoding};
use crate::domain::import::mapping::{self, Mapping, MappingError, Target};
use crate::domain::import::parts_records::RecordKind;
use crate::domain::import::plan::{self, DuplicatePolicy};
use crate::domain::import::source::{self, Source, SourceError, SourceFormat, TextChoice, MAX_FILE_BYTES};
use crate::domain::import::users::{convert_users, UserErrorKind, UserRowError, UsersError};
use crate::domain::model::{Id, User};
use crate::domain::money::{format_bytes, format_int};
use crate::domain::region;
use crate::domain::xlsx::XlsxError;
use crate::i18n::{args, Locale, Tr};
use crate::state::import::{self, Checked, ImportContext};
use crate::state::route::Route;
use crate::state::{browser, parts, use_app, AppState};
use crate::ui::labels;
use crate::ui::pages::customers::province_name;
use crate::ui::pages::import_pipeline::PipelineImport;
use crate::ui::table::{data_table, heading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Converted rows shown before the import.
pub(super) const PREVIEW_ROWS: usize = 20;
/// Row errors listed; the rest are counted.
pub(super) const LISTED_ERRORS: usize = 200;
/// Example values shown per column in the mapping.
const SAMPLES: usize = 3;
/// Rows looked at for examples: a column empty in all of them shows none.
const SAMPLE_ROWS: usize = 50;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Customers,
    Users,
    /// Parts demand history in long format (part, month, quantity).
    Demand,
    Parts,
    Stock,
    Machines,
    /// A sales pipeline with its product price list.
    Opportunities,
}

impl Kind {
    const ALL: [Kind; 7] =
        [Kind::Customers, Kind::Users, Kind::Demand, Kind::Parts, Kind::Stock, Kind::Machines, Kind::Opportunities];

    fn key(self) -> &'static str {
        match self {
            Kind::Customers => "customers",
            Kind::Users => "users",
            Kind::Demand => "demand",
            Kind::Parts => "parts",
            Kind::Stock => "stock",
            Kind::Machines => "machines",
            Kind::Opportunities => "opportunities",
        }
    }
}

/// A picked file, read and checked through, with what it is checked against. Every pass over
/// its rows (a check, the import) reads them again from the source.
pub struct Loaded {
    pub(super) file: String,
    pub(super) source: Source,
    /// The first rows, for the mapping's examples.
    head: Vec<TableRow>,
    pub(super) context: ImportContext,
    signature: String,
}

#[derive(Clone)]
enum Check {
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
    let busy = RwSignal::new(None::<String>);
    // Why the file cannot be read, or how the last import ended (`true`: it worked).
    let message = RwSignal::new(None::<(bool, String)>);
    // Whether the failed read was of text that another encoding or delimiter may fix.
    let text_options = RwSignal::new(false);

    let read = move || {
        let Some(picked) = picked.get_value() else { return };
        let file = picked.name();
        let tr = app.tr_untracked();
        busy.set(Some(tr.import_reading(args::ImportReading { file: &file })));
        loaded.set(None);
        check.set(Check::NotYet);
        spawn_local(async move {
            let read = match browser::file_bytes(&picked).await {
                Ok(bytes) => load(app, &file, &bytes, choice.get_untracked()).await,
                Err(detail) => {
                    Err((tr.import_error_unreadable(args::ImportErrorUnreadable { file: &file, detail }), false))
                }
            };
            match read {
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
                Err((problem, fixable)) => {
                    message.set(Some((false, problem)));
                    text_options.set(fixable);
                }
            }
            busy.set(None);
        });
    };
    let on_file = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event.target().expect("a change has a target").unchecked_into();
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        // The same file picked again (after fixing it) must fire `change` again.
        input.set_value("");
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
                    <label class="field">
                        <span>{move || app.tr().import_kind()}</span>
                        <select
                            data-testid="import-kind"
                            on:change=move |event| {
                                let key = event_target_value(&event);
                                kind.set(Kind::ALL.into_iter().find(|k| k.key() == key).unwrap_or(Kind::Customers));
                                check.set(Check::NotYet);
                            }
                        >
                            <option value=Kind::Customers.key() prop:selected=move || kind.get() == Kind::Customers>
                                {move || app.tr().import_kind_customers()}
                            </option>
                            <option value=Kind::Users.key() prop:selected=move || kind.get() == Kind::Users>
                                {move || app.tr().import_kind_users()}
                            </option>
                            <option value=Kind::Demand.key() prop:selected=move || kind.get() == Kind::Demand>
                                {move || app.tr().import_kind_demand()}
                            </option>
                            <option value=Kind::Parts.key() prop:selected=move || kind.get() == Kind::Parts>
                                {move || app.tr().import_kind_parts()}
                            </option>
                            <option value=Kind::Stock.key() prop:selected=move || kind.get() == Kind::Stock>
                                {move || app.tr().import_kind_stock()}
                            </option>
                            <option value=Kind::Machines.key() prop:selected=move || kind.get() == Kind::Machines>
                                {move || app.tr().import_kind_machines()}
                            </option>
                            <option value=Kind::Opportunities.key() prop:selected=move || kind.get() == Kind::Opportunities>
                                {move || app.tr().import_kind_opportunities()}
                            </option>
                        </select>
                    </label>
                </div>
                <div class="actions">
                    <label class="button file-button">
                        <span>{move || app.tr().import_pick()}</span>
                        <input
                            type="file"
                            accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods,text/csv,text/plain"
                            data-testid="import-file"
                            disabled=move || busy.with(Option::is_some)
                            on:change=on_file
                        />
                    </label>
                </div>
                {move || busy.get().map(|text| view! { <p class="muted" role="status">{text}</p> })}
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
                    message.with(|m| matches!(m, Some((true, _)))).then(|| if matches!(kind.get(), Kind::Demand | Kind::Parts | Kind::Stock | Kind::Machines) {
                        view! {
                            <a class="button secondary" data-testid="import-show-parts" href=Route::Parts.href()>
                                {move || app.tr().import_view_parts()}
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
                let done = move |text: String| {
                    message.set(Some((true, text)));
                    loaded.set(None);
                    text_options.set(false);
                    check.set(Check::NotYet);
                };
                Some(match kind.get() {
                    Kind::Customers => view! {
                        <CustomerImport loaded=ready mapping remembered check cancel done=Callback::new(done) message />
                    }
                    .into_any(),
                    Kind::Users => view! { <UserImport loaded=ready done=Callback::new(done) message /> }.into_any(),
                    Kind::Demand => view! { <DemandImport loaded=ready done=Callback::new(done) message /> }.into_any(),
                    Kind::Parts | Kind::Stock | Kind::Machines => {
                        let records = match kind.get() {
                            Kind::Parts => RecordKind::Parts,
                            Kind::Stock => RecordKind::Stock,
                            _ => RecordKind::Machines,
                        };
                        view! { <RecordsImport kind=records file=ready.file.clone() table=ready.source.table() done=Callback::new(done) message /> }.into_any()
                    }
                    Kind::Opportunities => view! { <PipelineImport loaded=ready done=Callback::new(done) message /> }.into_any(),
                })
            }}
        </section>
    }
}

/// Reads the file as a table and what it is checked against. On failure, the message and
/// whether another encoding or delimiter may read it.
async fn load(app: AppState, file: &str, bytes: &[u8], choice: TextChoice) -> Result<Loaded, (String, bool)> {
    let tr = app.tr_untracked();
    let source = source::read(file, bytes, choice).map_err(|error| {
        let fixable = matches!(error, SourceError::Text(DecodeError::UnknownEncoding { .. }) | SourceError::Csv(_));
        (source_error(tr, file, &error), fixable)
    })?;
    let signature = mapping::signature(&source.header);
    let context = import::context(app, &signature, source.header.len())
        .await
        .map_err(|error| (tr.import_error_unreadable(args::ImportErrorUnreadable { file, detail: error }), false))?;
    Ok(Loaded { file: file.to_owned(), head: source.rows().take(SAMPLE_ROWS).collect(), source, context, signature })
}

/// The column names our export writes, in both languages, so an exported file maps back
/// whatever language it was exported in.
fn export_headers() -> Vec<(CustomerColumn, String)> {
    Locale::ALL
        .iter()
        .flat_map(|locale| {
            CustomerColumn::ALL.iter().map(|column| (*column, labels::customer_column(locale.tr(), *column).to_owned()))
        })
        .collect()
}

/// The encoding and delimiter, detected or as the user picks them.
#[component]
fn TextOptions(choice: RwSignal<TextChoice>, reread: impl Fn(TextChoice) + Copy + 'static) -> impl IntoView {
    let app = use_app();
    let encodings = move || {
        let tr = app.tr();
        let current = choice.get().encoding;
        TextEncoding::ALL
            .iter()
            .enumerate()
            .map(|(i, encoding)| {
                let selected = current == Some(*encoding);
                view! { <option value=i.to_string() prop:selected=selected>{encoding_label(tr, *encoding)}</option> }
            })
            .collect_view()
    };
    let delimiters = move || {
        let tr = app.tr();
        let current = choice.get().delimiter;
        DELIMITERS
            .iter()
            .enumerate()
            .map(|(i, delimiter)| {
                let selected = current == Some(*delimiter);
                view! { <option value=i.to_string() prop:selected=selected>{delimiter_label(tr, *delimiter)}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="filter-grid" data-testid="import-text-options">
            <label class="field">
                <span>{move || app.tr().import_encoding()}</span>
                <select
                    data-testid="import-encoding"
                    on:change=move |event| {
                        let encoding = event_target_value(&event).parse::<usize>().ok().and_then(|i| TextEncoding::ALL.get(i).copied());
                        reread(TextChoice { encoding, ..choice.get_untracked() });
                    }
                >
                    <option value="" prop:selected=move || choice.get().encoding.is_none()>{move || app.tr().import_encoding_detect()}</option>
                    {encodings}
                </select>
            </label>
            <label class="field">
                <span>{move || app.tr().import_delimiter()}</span>
                <select
                    data-testid="import-delimiter"
                    on:change=move |event| {
                        let delimiter = event_target_value(&event).parse::<usize>().ok().and_then(|i| DELIMITERS.get(i).copied());
                        reread(TextChoice { delimiter, ..choice.get_untracked() });
                    }
                >
                    <option value="" prop:selected=move || choice.get().delimiter.is_none()>{move || app.tr().import_encoding_detect()}</option>
                    {delimiters}
                </select>
            </label>
        </div>
    }
}

pub(super) fn file_summary(tr: Tr, loaded: &Loaded) -> String {
    let summary = tr.import_file_summary(args::ImportFileSummary {
        file: &loaded.file,
        rows: format_int(loaded.source.rows as i64),
        columns: format_int(loaded.source.header.len() as i64),
    });
    match loaded.source.format {
        SourceFormat::Workbook => format!("{summary} · {}", tr.import_format_workbook()),
        SourceFormat::Text { encoding, delimiter } => {
            format!("{summary} · {} · {}", encoding_label(tr, encoding), delimiter_label(tr, delimiter))
        }
    }
}

#[component]
fn CustomerImport(
    loaded: Rc<Loaded>,
    mapping: RwSignal<Mapping>,
    remembered: RwSignal<bool>,
    check: RwSignal<Check, LocalStorage>,
    cancel: RwSignal<bool>,
    done: Callback<String>,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let app = use_app();
    let loaded = StoredValue::new_local(loaded);
    let policy = RwSignal::new(DuplicatePolicy::Skip);
    let skip_errors = RwSignal::new(false);
    let saving = RwSignal::new(false);
    // Records sent to the store so far, of how many, while the import writes.
    let written = RwSignal::new(None::<(usize, usize)>);
    let problems = Memo::new(move |_| mapping.with(|m| m.validate().err().unwrap_or_default()));

    let run_check = move |_| {
        let ready = loaded.get_value();
        let total = ready.source.rows;
        cancel.set(false);
        message.set(None);
        check.set(Check::Running { done: 0, total });
        let chosen = mapping.get_untracked();
        spawn_local(async move {
            let progress = |done| check.set(Check::Running { done, total });
            let cancelled = || cancel.get_untracked();
            match import::check(&ready.source, chosen, &ready.context, PREVIEW_ROWS, progress, cancelled).await {
                None => {
                    check.set(Check::NotYet);
                    message.set(Some((false, app.tr_untracked().import_cancelled().to_owned())));
                }
                Some(checked) => check.set(Check::Done(Rc::new(checked))),
            }
        });
    };

    let commit = move |_| {
        let Check::Done(checked) = check.get_untracked() else { return };
        let ready = loaded.get_value();
        saving.set(true);
        message.set(None);
        spawn_local(async move {
            let tr = app.tr_untracked();
            let reason = tr.import_reason(args::ImportReason { file: &ready.file });
            let chosen = policy.get_untracked();
            let total = plan::records_bound(&checked.matches, chosen) + 1;
            written.set(Some((0, total)));
            let progress = |done| written.set(Some((done, total)));
            let commit = import::Commit {
                source: &ready.source,
                checked: &checked,
                context: &ready.context,
                policy: chosen,
                reason: &reason,
                signature: &ready.signature,
            };
            let outcome = import::commit_customers(app, commit, progress).await;
            written.set(None);
            match outcome {
                Ok(counts) => done.run(tr.import_done(args::ImportDone {
                    file: &ready.file,
                    created: format_int(counts.created as i64),
                    updated: format_int(counts.updated as i64),
                    unchanged: format_int(counts.unchanged as i64),
                    skipped: format_int(counts.skipped as i64),
                })),
                // Nothing was written and the check still holds: the import can be tried again.
                Err(error) => message.set(Some((false, tr.import_failed(args::ImportFailed { detail: error })))),
            }
            saving.set(false);
        });
    };

    let header = loaded.with_value(|l| l.source.header.clone());
    let rows = move || {
        let tr = app.tr();
        let header = header.clone();
        header
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
            .collect_view()
    };

    view! {
        <div class="card" data-testid="import-mapping">
            <h2>{move || app.tr().import_mapping_title()}</h2>
            <p class="muted" data-testid="import-summary">{move || loaded.with_value(|l| file_summary(app.tr(), l))}</p>
            <p class="muted">
                {move || if remembered.get() { app.tr().import_mapping_remembered() } else { app.tr().import_mapping_hint() }}
            </p>
            <div class="table-scroll">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th>{move || app.tr().import_column()}</th>
                            <th>{move || app.tr().import_sample()}</th>
                            <th>{move || app.tr().import_target()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
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
                    let percent = (done * 100).checked_div(total).unwrap_or(100);
                    Some(view! {
                        <div class="import-progress" data-testid="import-progress">
                            <span>{app.tr().import_checking(args::ImportChecking {
                                done: format_int(done as i64),
                                total: format_int(total as i64),
                            })}</span>
                            <progress max="100" value=percent.to_string()></progress>
                            <button class="button secondary" data-testid="import-cancel" on:click=move |_| cancel.set(true)>
                                {app.tr().cancel()}
                            </button>
                        </div>
                    }
                    .into_any())
                }
                Check::Done(checked) => Some(view! {
                    <CheckResult loaded=loaded.get_value() checked mapping policy skip_errors saving commit=Callback::new(commit) />
                    {move || written.get().map(|(done, total)| {
                        let percent = (done * 100).checked_div(total).unwrap_or(100);
                        view! {
                            <div class="import-progress" data-testid="import-saving">
                                <span>{app.tr().import_saving_progress(args::ImportSavingProgress {
                                    done: format_int(done as i64),
                                    total: format_int(total as i64),
                                })}</span>
                                <progress max="100" value=percent.to_string()></progress>
                            </div>
                        }
                    })}
                }
                .into_any()),
                Check::NotYet => None,
            }}
        </div>
    }
}

/// A few non-empty values of column `index` among the first rows.
fn samples(head: &[TableRow], index: usize) -> Vec<String> {
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

fn column_name(tr: Tr, header: &[String], index: usize) -> String {
    match header.get(index).map(String::as_str) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => tr.import_column_unnamed(args::ImportColumnUnnamed { number: index + 1 }),
    }
}

/// What column `index` becomes.
#[component]
fn TargetSelect(
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
fn CheckResult(
    loaded: Rc<Loaded>,
    checked: Rc<Checked>,
    mapping: RwSignal<Mapping>,
    policy: RwSignal<DuplicatePolicy>,
    skip_errors: RwSignal<bool>,
    saving: RwSignal<bool>,
    commit: Callback<()>,
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
    let can_import = move || ready > 0 && (failed == 0 || skip_errors.get()) && !saving.get();
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
                    let items = converted
                        .errors
                        .iter()
                        .take(LISTED_ERRORS)
                        .map(|error| {
                            let problem = mapping.with_untracked(|m| row_problem(tr, m, error));
                            let column = error.column.map(|c| match error.header.as_str() {
                                "" => tr.import_column_unnamed(args::ImportColumnUnnamed { number: c + 1 }),
                                header => header.to_owned(),
                            });
                            error_row(error.line, column.unwrap_or_default(), error.value.clone(), problem)
                        })
                        .collect_view();
                    let more = converted.error_count.saturating_sub(LISTED_ERRORS.min(converted.errors.len()));
                    view! {
                        <h3>{tr.import_errors_title()}</h3>
                        {error_table(tr, items)}
                        {(more > 0).then(|| view! { <p class="muted">{tr.import_errors_more(args::ImportErrorsMore { count: format_int(more as i64) })}</p> })}
                        <label class="check">
                            <input type="checkbox" data-testid="import-skip-errors" prop:checked=move || skip_errors.get()
                                on:change=move |event| skip_errors.set(event_target_checked(&event)) />
                            <span>{tr.import_skip_errors(args::ImportSkipErrors { count: format_int(failed as i64) })}</span>
                        </label>
                    }
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
                            view! {
                                <tr data-testid="import-preview-row">
                                    <td>{format_int(row.line as i64)}</td>
                                    <td>{c.company.clone()}</td>
                                    <td>{place}</td>
                                    <td>{channels}</td>
                                    <td>{contact}</td>
                                    <td>{lead}</td>
                                    <td>{duplicate}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <h3>{tr.import_preview_title(args::ImportPreviewTitle { count: format_int(rows.len().min(PREVIEW_ROWS) as i64) })}</h3>
                        {data_table("", None, vec![
                            heading(tr.import_error_row()),
                            heading(tr.field_company()),
                            heading(tr.field_country()),
                            heading(tr.field_phone()),
                            heading(tr.field_contact_name()),
                            heading(tr.team_lead()),
                            heading(tr.import_matches()),
                        ], items)}
                    }
                })
            })}
            <Show when=show_fix>
                <p class="muted">{move || app.tr().import_fix_errors()}</p>
            </Show>
            <div class="actions">
                <button class="button" data-testid="import-confirm" disabled=move || !can_import() on:click=move |_| commit.run(())>
                    {move || if saving.get() { app.tr().import_saving().to_owned() } else { app.tr().import_confirm(args::ImportConfirm { count: format_int(count() as i64) }) }}
                </button>
            </div>
        </div>
    }
}

fn matched_by(tr: Tr, by: MatchedBy) -> &'static str {
    match by {
        MatchedBy::Id => tr.field_id(),
        MatchedBy::Company => tr.field_company(),
        MatchedBy::Phone => tr.field_phone(),
        MatchedBy::Email => tr.field_email(),
    }
}

/// A sales-team file: the people it names, new or updated, then one write.
#[component]
fn UserImport(loaded: Rc<Loaded>, done: Callback<String>, message: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    let app = use_app();
    let existing: HashMap<Id, User> = loaded.context.users.iter().map(|u| (u.id, u.clone())).collect();
    let converted = convert_users(&loaded.source.table(), &loaded.context.users);
    let saving = RwSignal::new(false);
    let file = loaded.file.clone();
    let loaded = StoredValue::new_local(loaded);
    let summary = move || loaded.with_value(|l| file_summary(app.tr(), l));
    match converted {
        Err(error) => {
            let text = move || users_error(app.tr(), &file, &error);
            view! {
                <div class="card" data-testid="import-mapping">
                    <p class="muted" data-testid="import-summary">{summary}</p>
                    <div class="error-text" role="alert" data-testid="import-users-error">{text}</div>
                </div>
            }
            .into_any()
        }
        Ok(users) => {
            let changed: Vec<User> = users.iter().filter(|u| existing.get(&u.id) != Some(*u)).cloned().collect();
            let created = changed.iter().filter(|u| !existing.contains_key(&u.id)).count();
            let updated = changed.len() - created;
            let names: HashMap<Id, String> =
                users.iter().chain(existing.values()).map(|u| (u.id, u.name.clone())).collect();
            let rows = move || {
                let tr = app.tr();
                users
                    .iter()
                    .map(|user| {
                        let status = match existing.get(&user.id) {
                            None => tr.import_user_new(),
                            Some(old) if old == user => tr.import_user_unchanged(),
                            Some(_) => tr.import_user_updated(),
                        };
                        let manager = user.manager.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
                        view! {
                            <tr data-testid="import-user-row">
                                <td>{user.name.clone()}</td>
                                <td>{labels::user_role(tr, user.role)}</td>
                                <td>{manager}</td>
                                <td>{user.office.clone()}</td>
                                <td>{status}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let changed = StoredValue::new(changed);
            let commit = move |_| {
                saving.set(true);
                message.set(None);
                let file = loaded.with_value(|l| l.file.clone());
                spawn_local(async move {
                    let tr = app.tr_untracked();
                    let people = changed.get_value();
                    let text = if people.is_empty() {
                        tr.import_users_nothing(args::ImportUsersNothing { file: &file })
                    } else {
                        tr.import_users_done(args::ImportUsersDone {
                            file: &file,
                            created: format_int(created as i64),
                            updated: format_int(updated as i64),
                        })
                    };
                    match import::commit_users(app, people).await {
                        Ok(()) => done.run(text),
                        Err(error) => {
                            message.set(Some((false, tr.import_failed(args::ImportFailed { detail: error }))))
                        }
                    }
                    saving.set(false);
                });
            };
            view! {
                <div class="card" data-testid="import-mapping">
                    <p class="muted" data-testid="import-summary">{summary}</p>
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th>{move || app.tr().people_name()}</th>
                                    <th>{move || app.tr().people_role()}</th>
                                    <th>{move || app.tr().import_user_manager()}</th>
                                    <th>{move || app.tr().import_user_office()}</th>
                                    <th>{move || app.tr().import_user_status()}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <div class="actions">
                        <button class="button" data-testid="import-confirm" disabled=move || saving.get() on:click=commit>
                            {move || app.tr().import_users_confirm(args::ImportUsersConfirm { count: format_int((created + updated) as i64) })}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

/// A demand-history file: its parts matched to stored parts by number (a new part for each
/// series without one), every row checked, and one write only when no row has an error.
#[component]
fn DemandImport(
    loaded: Rc<Loaded>,
    done: Callback<String>,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let app = use_app();
    let converted = Rc::new(convert_demand(&loaded.source.table()));
    let numbers = LocalResource::new(move || {
        app.db.track();
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
                Err(error) => message.set(Some((false, tr.import_failed(args::ImportFailed { detail: error })))),
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
                Some(Err(error)) => view! { <p class="error-text" role="alert">{app.tr().import_failed(args::ImportFailed { detail: error })}</p> }.into_any(),
                Some(Ok(_)) => errors().into_any(),
                None => view! { <p class="muted">{app.tr().loading()}</p> }.into_any(),
            }}
            {move || written.get().map(|(done, total)| {
                let percent = (done * 100).checked_div(total).unwrap_or(100);
                view! {
                    <div class="import-progress" data-testid="import-saving">
                        <span>{app.tr().import_saving_progress(args::ImportSavingProgress {
                            done: format_int(done as i64),
                            total: format_int(total as i64),
                        })}</span>
                        <progress max="100" value=percent.to_string()></progress>
                    </div>
                }
            })}
        </div>
    }
}

fn demand_problem(tr: Tr, kind: DemandErrorKind) -> String {
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

/// The problems of a file, a row each: row number, column, offending value, what is wrong.
pub(super) fn error_table(tr: Tr, rows: impl IntoView) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data-table errors">
                <thead>
                    <tr>
                        <th>{tr.import_error_row()}</th>
                        <th>{tr.import_column()}</th>
                        <th>{tr.import_error_value()}</th>
                        <th>{tr.import_error_problem()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

pub(super) fn error_row(line: usize, column: String, value: String, problem: String) -> impl IntoView {
    view! {
        <tr data-testid="import-error">
            <td>{format_int(line as i64)}</td>
            <td>{column}</td>
            <td class="value">{value}</td>
            <td>{problem}</td>
        </tr>
    }
}

fn encoding_label(tr: Tr, encoding: TextEncoding) -> &'static str {
    match encoding {
        TextEncoding::Utf8 => tr.encoding_utf8(),
        TextEncoding::Utf8Bom => tr.encoding_utf8_bom(),
        TextEncoding::Gb18030 => tr.encoding_gb18030(),
        TextEncoding::Utf16Le => tr.encoding_utf16le(),
        TextEncoding::Utf16Be => tr.encoding_utf16be(),
    }
}

fn delimiter_label(tr: Tr, delimiter: char) -> &'static str {
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
    }
}

fn mapping_error(tr: Tr, header: &[String], error: &MappingError) -> String {
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
fn row_problem(tr: Tr, mapping: &Mapping, error: &RowError) -> String {
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

fn users_error(tr: Tr, file: &str, error: &UsersError) -> AnyView {
    match error {
        UsersError::NoAgentColumn => {
            view! { <p>{tr.import_users_no_agent(args::ImportUsersNoAgent { file })}</p> }.into_any()
        }
        UsersError::Rows(rows) => {
            let items = rows
                .iter()
                .take(LISTED_ERRORS)
                .map(|error: &UserRowError| {
                    let problem = match error.kind {
                        UserErrorKind::MissingName => tr.user_missing_name().to_owned(),
                        UserErrorKind::ConflictingManager { first_line } => {
                            tr.user_conflicting_manager(args::UserConflictingManager { line: first_line })
                        }
                        UserErrorKind::ConflictingOffice { first_line } => {
                            tr.user_conflicting_office(args::UserConflictingOffice { line: first_line })
                        }
                        UserErrorKind::OwnManager => tr.user_own_manager().to_owned(),
                        UserErrorKind::TooLong { max } => tr.row_too_long(args::RowTooLong { max }),
                        UserErrorKind::ControlCharacters => tr.row_control_characters().to_owned(),
                    };
                    error_row(error.line, error.header.clone(), error.value.clone(), problem)
                })
                .collect_view();
            error_table(tr, items).into_any()
        }
    }
}
