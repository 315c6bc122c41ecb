//! Settings → Data: how many records of each kind the workspace holds; Export, and Backup and
//! restore: records to spreadsheets and address books, and the whole workspace to one file and
//! back.

use crate::domain::export::csv::{write_csv, CsvEncoding};
use crate::domain::export::tables::{contact_rows, customer_rows, interaction_rows, order_rows, CustomerTableColumn};
use crate::domain::export::vcard::{contacts_vcard, VcardEntry};
use crate::domain::export::{Cell, ExportError, ExportFormat, ExportTable};
use crate::domain::money::{format_bytes, format_int};
use crate::domain::region;
use crate::domain::xlsx::{write_workbook, SheetData};
use crate::i18n::{args, Locale, Tr};
use crate::state::data::{self, Backup, BackupError, Compression, ExportData, RestoreError};
use crate::state::sync::use_sync;
use crate::state::workspace::Workspace;
use crate::state::{browser, use_app};
use crate::state::{Entity, Key};
use crate::ui::errors::error_text;
use crate::ui::fields::SelectField;
use crate::ui::kit;
use crate::ui::labels::entity_label;
use crate::ui::{format, labels};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The record kinds counted, in the order a dealer thinks of them.
const COUNTED: [Entity; 16] = [
    Entity::Customer,
    Entity::Contact,
    Entity::Interaction,
    Entity::Order,
    Entity::Opportunity,
    Entity::Machine,
    Entity::ServiceTicket,
    Entity::Show,
    Entity::Lead,
    Entity::Part,
    Entity::Stock,
    Entity::PartDemand,
    Entity::Supplier,
    Entity::TradePartner,
    Entity::User,
    Entity::Audit,
];

/// The records the workspace holds, kind by kind, counted again after every write.
#[component]
pub fn RecordCounts() -> impl IntoView {
    let app = use_app();
    let counts = app.watch(move || data::counts(app));
    let grid = move || {
        let tr = app.tr();
        match counts.get().flatten() {
            None => kit::loading(),
            Some(Err(error)) => kit::failed(error),
            Some(Ok(counts)) => {
                let tiles = COUNTED
                    .iter()
                    .map(|entity| {
                        view! {
                            <div class="tile" data-testid=format!("count-{}", entity.store_name())>
                                <span class="tile-value">{format_int(i64::from(counts.get(*entity)))}</span>
                                <span class="tile-label">{entity_label(tr, *entity)}</span>
                            </div>
                        }
                    })
                    .collect_view();
                view! { <div class="tiles" data-testid="record-counts">{tiles}</div> }.into_any()
            }
        }
    };
    view! {
        <section class="card" data-testid="data-counts">
            <h2>{move || app.tr().cockpit_records()}</h2>
            {grid}
        </section>
    }
}

/// The kind of record an export table holds, for its name in the user's language.
fn entity(table: ExportTable) -> Entity {
    match table {
        ExportTable::Customers => Entity::Customer,
        ExportTable::Contacts => Entity::Contact,
        ExportTable::Interactions => Entity::Interaction,
        ExportTable::Orders => Entity::Order,
    }
}

fn format_label(tr: Tr, format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Xlsx => tr.export_format_xlsx(),
        ExportFormat::Csv => tr.export_format_csv_utf8(),
        ExportFormat::CsvGbk => tr.export_format_csv_gbk(),
        ExportFormat::Vcard => tr.export_format_vcard(),
    }
}

/// A finished export file.
struct ExportFile {
    name: String,
    mime: &'static str,
    bytes: Vec<u8>,
    /// Rows (or cards) written.
    count: usize,
}

#[component]
pub fn ExportSection() -> impl IntoView {
    let app = use_app();
    let table = RwSignal::new(ExportTable::Customers);
    let format = RwSignal::new(ExportFormat::Xlsx);
    let tables = Signal::derive(move || {
        let tr = app.tr();
        ExportTable::ALL.iter().map(|&t| (t.as_str().to_owned(), entity_label(tr, entity(t)).to_owned())).collect()
    });
    let formats = Signal::derive(move || {
        let tr = app.tr();
        let chosen = table.get();
        ExportFormat::ALL
            .iter()
            .filter(|f| f.fits(chosen))
            .map(|&f| (f.as_str().to_owned(), format_label(tr, f).to_owned()))
            .collect()
    });
    let pick_table = Callback::new(move |key: String| {
        if let Some(picked) = ExportTable::parse(&key) {
            table.set(picked);
            if !format.get_untracked().fits(picked) {
                format.set(ExportFormat::Xlsx);
            }
        }
    });
    let pick_format = Callback::new(move |key: String| {
        if let Some(picked) = ExportFormat::parse(&key) {
            format.set(picked);
        }
    });
    // An export writes nothing to the store and words its own problems: an action, not a write.
    let export = Action::new_local(move |_: &()| async move {
        let tr = app.tr_untracked();
        let outcome = match data::export_data(app).await {
            Err(error) => Err(tr.export_failed(args::ExportFailed { detail: error_text(tr, &error) })),
            Ok(records) => {
                let chosen = table.get_untracked();
                let locale = app.locale.get_untracked();
                build(tr, locale, &records, chosen, format.get_untracked(), browser::today().to_string()).and_then(
                    |file| {
                        browser::download(&file.name, file.mime, &file.bytes)
                            .map_err(|detail| tr.export_failed(args::ExportFailed { detail }))?;
                        let count = format_int(file.count as i64);
                        Ok(if format.get_untracked() == ExportFormat::Vcard {
                            tr.export_cards_done(args::ExportCardsDone { cards: count, file: &file.name })
                        } else {
                            tr.export_done(args::ExportDone { rows: count, file: &file.name })
                        })
                    },
                )
            }
        };
        match outcome {
            Ok(done) => (true, done),
            Err(problem) => (false, problem),
        }
    });
    let busy = export.pending();
    let message = export.value();
    view! {
        <section class="card" data-testid="export">
            <h2>{move || app.tr().export_title()}</h2>
            <p class="muted">{move || app.tr().export_hint()}</p>
            <div class="filter-grid">
                <SelectField
                    test_id="export-table"
                    label=|tr| tr.export_what()
                    options=tables
                    current=Signal::derive(move || table.get().as_str().to_owned())
                    pick=pick_table
                    empty=None
                />
                <SelectField
                    test_id="export-format"
                    label=|tr| tr.export_format()
                    options=formats
                    current=Signal::derive(move || format.get().as_str().to_owned())
                    pick=pick_format
                    empty=None
                />
            </div>
            <div class="actions">
                <button class="button" data-testid="export-button" disabled=busy on:click=move |_| {
                    export.dispatch_local(());
                }>
                    {move || app.tr().export_button()}
                </button>
            </div>
            <Outcome message=Signal::derive(move || if busy.get() { None } else { message.get() }) test_id="export-message" />
        </section>
    }
}

/// A success (`true`) or failure message under an action.
#[component]
fn Outcome(#[prop(into)] message: Signal<Option<(bool, String)>>, test_id: &'static str) -> impl IntoView {
    move || {
        message.get().map(|(ok, text)| {
            view! {
                <p class=if ok { "notice ok" } else { "error-text" } role=if ok { "status" } else { "alert" } data-testid=test_id>
                    {text}
                </p>
            }
        })
    }
}

/// The file for `table` in `format`, with headers in the user's language.
fn build(
    tr: Tr,
    locale: Locale,
    records: &ExportData,
    table: ExportTable,
    format: ExportFormat,
    today: String,
) -> Result<ExportFile, String> {
    let ExportData { customers, contacts, users, interactions, orders } = records;
    let count = match table {
        ExportTable::Customers => customers.len(),
        ExportTable::Contacts => contacts.len(),
        ExportTable::Interactions => interactions.len(),
        ExportTable::Orders => orders.len(),
    };
    if count == 0 {
        return Err(tr.export_empty(args::ExportEmpty { records: entity_label(tr, entity(table)) }));
    }
    let stem = format!("kehu-{}-{today}", table.as_str());
    if format == ExportFormat::Vcard {
        let text = vcard(tr, locale, customers, contacts);
        return Ok(ExportFile { name: format!("{stem}.vcf"), mime: "text/vcard", bytes: text.into_bytes(), count });
    }
    let (header, rows): (Vec<String>, Vec<Vec<Cell>>) = match table {
        ExportTable::Customers => {
            let (columns, rows) = customer_rows(customers, contacts, users);
            let header = columns
                .into_iter()
                .map(|column| match column {
                    CustomerTableColumn::Field(field) => labels::customer_column(tr, field).to_owned(),
                    CustomerTableColumn::Custom(name) => name,
                })
                .collect();
            (header, rows)
        }
        ExportTable::Contacts => {
            let (columns, rows) = contact_rows(contacts, customers);
            (columns.into_iter().map(|c| labels::contact_column(tr, c).to_owned()).collect(), rows)
        }
        ExportTable::Interactions => {
            let (columns, rows) = interaction_rows(interactions, customers, contacts, users);
            (columns.into_iter().map(|c| labels::interaction_column(tr, c).to_owned()).collect(), rows)
        }
        ExportTable::Orders => {
            let (columns, rows) = order_rows(orders, customers);
            (columns.into_iter().map(|c| labels::order_column(tr, c).to_owned()).collect(), rows)
        }
    };
    let row_count = rows.len();
    let (bytes, extension, mime) = match format {
        ExportFormat::Csv | ExportFormat::CsvGbk => {
            let encoding = if format == ExportFormat::CsvGbk { CsvEncoding::Gbk } else { CsvEncoding::Utf8Bom };
            let bytes = write_csv(&header, &rows, encoding).map_err(|error| unencodable(tr, &header, error))?;
            (bytes, "csv", "text/csv")
        }
        _ => {
            let sheet = SheetData { name: entity_label(tr, entity(table)).to_owned(), header, rows };
            (write_workbook(&[sheet]), "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
    };
    Ok(ExportFile { name: format!("{stem}.{extension}"), mime, bytes, count: row_count })
}

fn unencodable(tr: Tr, header: &[String], error: ExportError) -> String {
    let column_name = |column: usize| header.get(column).cloned().unwrap_or_default();
    match error {
        // Spreadsheet rows count from 1, and the header is row 1.
        ExportError::Unencodable { row, column, character } => {
            tr.export_unencodable(args::ExportUnencodable { character, row: row + 2, column: column_name(column) })
        }
        ExportError::UnencodableHeader { column, character } => {
            tr.export_unencodable_header(args::ExportUnencodableHeader { column: column_name(column), character })
        }
    }
}

/// Every contact as a card with its company's name and address, places named in the user's
/// language.
fn vcard(
    tr: Tr,
    locale: Locale,
    customers: &[crate::domain::model::Customer],
    contacts: &[crate::domain::model::Contact],
) -> String {
    let by_id: std::collections::HashMap<_, _> = customers.iter().map(|c| (c.id, c)).collect();
    let codes: Vec<&str> = customers.iter().map(|c| c.country.as_str()).collect();
    let countries: std::collections::HashMap<&str, String> =
        codes.iter().copied().zip(browser::region_names(&codes, locale.tag())).collect();
    let entries: Vec<VcardEntry> = contacts
        .iter()
        .map(|contact| {
            let company = by_id.get(&contact.customer_id).copied();
            let province =
                company.and_then(|c| region::province(&c.province)).map_or("", |p| labels::province_name(locale, p));
            VcardEntry {
                contact,
                company: company.map_or("", |c| c.company.as_str()),
                address: company.map_or("", |c| c.address.as_str()),
                city: company.map_or("", |c| c.city.as_str()),
                province,
                country: company.and_then(|c| countries.get(c.country.as_str())).map_or("", String::as_str),
            }
        })
        .collect();
    contacts_vcard(&entries, tr.field_wechat())
}

/// The state of a restore: a file picked and read, waiting for the user to confirm.
struct Pending {
    file: String,
    backup: Backup,
}

#[component]
pub fn BackupSection() -> impl IntoView {
    let app = use_app();
    let gzip = RwSignal::new(true);
    let message = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(None::<Pending>);
    let sync = use_sync();
    let stored =
        app.watch(move || async move { data::counts(app).await.and_then(Result::ok).map_or(0, |c| c.total()) });
    let download = kit::Write::new(move |compression: Compression| async move {
        let tr = app.tr_untracked();
        let outcome = data::download_backup(app, compression).await;
        message.set(Some(match &outcome {
            Ok((file, size)) => {
                (true, tr.backup_done(args::BackupDone { file: file.clone(), size: format_bytes(*size as u64) }))
            }
            Err(error) => (false, tr.backup_failed(args::BackupFailed { detail: error_text(tr, error) })),
        }));
        outcome
    });
    // Reading a picked backup writes nothing and fails in its own terms: an action.
    let reading = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            let tr = app.tr_untracked();
            let name = file.name();
            match data::read_backup(&file).await {
                Ok(backup) => pending.set(Some(Pending { file: name, backup })),
                Err(RestoreError::Unreadable(detail)) => {
                    message.set(Some((false, tr.restore_unreadable(args::RestoreUnreadable { file: &name, detail }))))
                }
                Err(RestoreError::Invalid(error)) => message.set(Some((
                    false,
                    tr.restore_invalid(args::RestoreInvalid { file: &name, reason: backup_error(tr, &error) }),
                ))),
            }
        }
    });
    // A workspace that syncs with a team only gets back what it no longer holds: replacing
    // everything would overwrite the team's records with the backup's.
    let synced = Memo::new(move |_| sync.account.with(Option::is_some) && app.workspace.get() == Workspace::Mine);
    let restore = kit::Write::new(move |()| {
        let taken = pending.write().take();
        async move {
            let Some(Pending { file, backup }) = taken else { return Ok(()) };
            let tr = app.tr_untracked();
            let count = backup.counts().total();
            let outcome = if synced.get_untracked() {
                data::restore_missing(app, backup).await.map(|restored| {
                    tr.restore_done_synced(args::RestoreDoneSynced {
                        added: format_int(restored.added as i64),
                        held: format_int(restored.held as i64),
                        file: &file,
                    })
                })
            } else {
                let done = tr.restore_done(args::RestoreDone { count: format_int(count as i64), file: file.clone() });
                data::restore(app, backup).await.map(|()| done)
            };
            message.set(Some(match &outcome {
                Ok(done) => (true, done.clone()),
                Err(error) => (false, tr.restore_failed(args::RestoreFailed { detail: error_text(tr, error) })),
            }));
            outcome.map(drop)
        }
    });
    let (downloading, reading_file, restoring) = (download.pending(), reading.pending(), restore.pending());
    let busy = move || downloading.get() || reading_file.get() || restoring.get();
    let start_download = move |_| {
        message.set(None);
        download.start(if gzip.get_untracked() { Compression::Gzip } else { Compression::None });
    };
    let picked = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event.target().expect("a change has a target").unchecked_into();
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // The same file picked again must fire `change` again.
        input.set_value("");
        message.set(None);
        pending.set(None);
        reading.dispatch_local(file);
    };
    let confirm = move |_| restore.start(());
    let summary = move || {
        let tr = app.tr();
        pending.with(|shown| {
            shown.as_ref().map(|Pending { backup, .. }| {
            let made = format::local_time(backup.created_ms);
            let time = format!("{} {}", format::date(tr, made.date), made.clock);
            let counts = backup.counts();
            let kinds = Entity::ALL
                .iter()
                .filter(|entity| counts.get(**entity) > 0)
                .map(|entity| {
                    view! {
                        <li>
                            {entity_label(tr, *entity)}
                            ": "
                            {format_int(counts.get(*entity).into())}
                        </li>
                    }
                })
                .collect_view();
            let now = stored.get().unwrap_or(0);
            view! {
                <div class="restore-summary" data-testid="restore-summary">
                    <p>
                        {tr.restore_summary(args::RestoreSummary {
                            workspace: &backup.workspace,
                            time,
                            schema: backup.schema_version,
                            count: format_int(counts.total() as i64),
                        })}
                    </p>
                    <ul class="counts">{kinds}</ul>
                    {if synced.get() {
                        view! { <p class="notice" data-testid="restore-synced">{tr.restore_warning_synced()}</p> }.into_any()
                    } else {
                        view! { <p class="notice">{tr.restore_warning(args::RestoreWarning { count: format_int(now as i64) })}</p> }.into_any()
                    }}
                    <div class="actions">
                        <button class=if synced.get() { "button" } else { "button danger" } data-testid="restore-confirm" disabled=busy on:click=confirm>
                            {if synced.get() { tr.restore_confirm_synced() } else { tr.restore_confirm() }}
                        </button>
                        <button class="button secondary" disabled=busy on:click=move |_| pending.set(None)>
                            {tr.cancel()}
                        </button>
                    </div>
                </div>
            }
        })
        })
    };
    view! {
        <section class="card" data-testid="backup">
            <h2>{move || app.tr().backup_title()}</h2>
            <p class="muted">{move || if synced.get() { app.tr().backup_hint_synced() } else { app.tr().backup_hint() }}</p>
            <label class="check">
                <input type="checkbox" data-testid="backup-gzip" prop:checked=move || gzip.get() on:change=move |e| gzip.set(event_target_checked(&e)) />
                <span>{move || app.tr().backup_gzip()}</span>
            </label>
            <div class="actions">
                <button class="button" data-testid="backup-download" disabled=busy on:click=start_download>
                    {move || app.tr().backup_download()}
                </button>
                <label class="button secondary file-button">
                    <span>{move || app.tr().restore_pick()}</span>
                    <input type="file" accept=".json,.gz,application/json,application/gzip" data-testid="restore-file" disabled=busy on:change=picked />
                </label>
            </div>
            {summary}
            <Outcome message test_id="backup-message" />
        </section>
    }
}

/// What is wrong with a backup file, in words (positions from 1, records from 1).
fn backup_error(tr: Tr, error: &BackupError) -> String {
    let key = |key: &Key| match key {
        Key::Id(id) => id.to_string(),
        Key::Text(text) => text.clone(),
    };
    match error {
        BackupError::Truncated { at } => {
            tr.backup_error_truncated(args::BackupErrorTruncated { line: at.line, column: at.column })
        }
        BackupError::Syntax { at, .. } => {
            tr.backup_error_syntax(args::BackupErrorSyntax { line: at.line, column: at.column })
        }
        BackupError::Gzip { .. } => tr.backup_error_gzip().to_owned(),
        BackupError::NotABackup => tr.backup_error_not_a_backup().to_owned(),
        BackupError::FormatTooNew { found, supported } => {
            tr.backup_error_format_too_new(args::BackupErrorFormatTooNew { found, supported })
        }
        BackupError::TooNew { found, supported } => {
            tr.backup_error_too_new(args::BackupErrorTooNew { found, supported })
        }
        BackupError::BadHeader { field } => tr.backup_error_header(args::BackupErrorHeader { field }),
        BackupError::UnknownStore { store } | BackupError::BadStore { store } => {
            tr.backup_error_store(args::BackupErrorStore { store })
        }
        BackupError::MissingStore { store } => tr.backup_error_store(args::BackupErrorStore { store }),
        BackupError::BadRecord { store, record, detail } => {
            tr.backup_error_record(args::BackupErrorRecord { record: record + 1, store, detail })
        }
        BackupError::DuplicateKey { store, record, key: value } => {
            tr.backup_error_duplicate(args::BackupErrorDuplicate {
                record: record + 1,
                store,
                index: "id",
                value: key(value),
            })
        }
        BackupError::DuplicateIndexValue { store, index, record, value } => tr
            .backup_error_duplicate(args::BackupErrorDuplicate { record: record + 1, store, index, value: key(value) }),
    }
}
