//! The import page's sales-pipeline kind: the pipeline file (picked on the page) and its product
//! price list (picked here), every row checked against the people, customers and products with
//! its errors by row and column, the counts by stage, what a re-import updates, a preview — and
//! then one all-or-nothing write of the opportunities and their audit entries.

use super::flow::{
    error_table, failed, headings, import_write, preview_table, skippable_errors, stored_read, summary, text_row,
    ConfirmButton, Problem, Report, Start, Written, LISTED_ERRORS,
};
use super::page::{picked_file, source_error, Loaded, PREVIEW_ROWS};
use crate::domain::date::Date;
use crate::domain::import::pipeline::{
    convert_pipeline, plan_pipeline, read_products, CatalogueProduct, PipelineContext, PipelineCounts, PipelineError,
    PipelineErrorKind, PipelineRowError, PipelineWrite,
};
use crate::domain::import::source::{self, TextChoice};
use crate::domain::model::{FunnelStage, Id};
use crate::domain::money::{format_cny, format_int, Cny};
use crate::i18n::{args, Tr};
use crate::state::{browser, pipeline_import, use_app};
use crate::ui::kit::table::{heading, numeric};
use crate::ui::{format, labels};
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

/// The price list as read: its products, or why it cannot be used.
#[derive(Clone)]
enum Products {
    Read {
        file: String,
        products: Rc<Vec<CatalogueProduct>>,
    },
    /// A message for the whole file, or its rows' problems.
    Failed {
        message: String,
        errors: Rc<Vec<PipelineRowError>>,
    },
}

/// A preview row: what one converted row becomes.
#[derive(Clone)]
struct PreviewRow {
    line: usize,
    external_id: String,
    owner: Id,
    customer: Id,
    product: String,
    stage: FunnelStage,
    value: Cny,
    created: Option<Date>,
}

/// Every row checked and planned: what the import would write.
struct Checked {
    writes: Vec<PipelineWrite>,
    counts: PipelineCounts,
    ready: usize,
    failed_rows: usize,
    errors: Vec<PipelineRowError>,
    by_stage: Vec<(FunnelStage, usize)>,
    without_account: usize,
    preview: Vec<PreviewRow>,
}

#[component]
pub fn PipelineImport(loaded: Rc<Loaded>, report: Report) -> impl IntoView {
    let app = use_app();
    let loaded = StoredValue::new_local(loaded);
    let stored = stored_read(move || pipeline_import::stored(app));
    let checked = RwSignal::new_local(None::<Result<Rc<Checked>, String>>);
    let skip_errors = RwSignal::new(false);
    let written = Written::new();

    // Reading a picked price list is no write: an action, its last value the list.
    let reading = Action::new_local(move |file: &web_sys::File| read_price_list(app.tr_untracked(), file.clone()));
    let products = reading.value();
    let on_products = move |event: leptos::ev::Event| {
        let Some(file) = picked_file(&event) else { return };
        checked.set(None);
        reading.dispatch_local(file);
    };

    let run_check = move |_| {
        let Some(Products::Read { products: list, .. }) = products.get_untracked() else { return };
        let Some(Ok(stored)) = stored.get_untracked() else { return };
        let tr = app.tr_untracked();
        let result = loaded.with_value(|l| {
            let ctx = PipelineContext { users: &l.context.users, customers: &l.context.customers, products: &list };
            match convert_pipeline(&l.source.table(), &ctx) {
                Ok(import) => {
                    let mut by_stage: Vec<(FunnelStage, usize)> = Vec::new();
                    for row in &import.rows {
                        match by_stage.iter_mut().find(|(s, _)| *s == row.opportunity.stage) {
                            Some((_, n)) => *n += 1,
                            None => by_stage.push((row.opportunity.stage, 1)),
                        }
                    }
                    by_stage.sort_by_key(|(s, _)| FunnelStage::ALL.iter().position(|x| x == s));
                    let preview = import
                        .rows
                        .iter()
                        .take(PREVIEW_ROWS)
                        .map(|r| PreviewRow {
                            line: r.line,
                            external_id: r.external_id.clone(),
                            owner: r.opportunity.owner,
                            customer: r.opportunity.customer_id,
                            product: r.opportunity.product.clone(),
                            stage: r.opportunity.stage,
                            value: r.opportunity.value,
                            created: r.opportunity.created,
                        })
                        .collect();
                    let without_account = import.rows.iter().filter(|r| r.opportunity.customer_id == 0).count();
                    let ready = import.rows.len();
                    let (writes, counts) = plan_pipeline(import.rows, &stored, browser::new_id);
                    Ok(Rc::new(Checked {
                        writes,
                        counts,
                        ready,
                        failed_rows: import.failed_rows,
                        errors: import.errors,
                        by_stage,
                        without_account,
                        preview,
                    }))
                }
                Err(PipelineError::MissingColumn(column)) => {
                    Err(tr.import_pipeline_missing_column(args::ImportPipelineMissingColumn { file: &l.file, column }))
                }
            }
        });
        report.message.set(None);
        skip_errors.set(false);
        checked.set(Some(result));
    };

    let commit = import_write(report, Some(written), move |check: Rc<Checked>| {
        let file = loaded.with_value(|l| l.file.clone());
        async move {
            let tr = app.tr_untracked();
            let writes = check.writes.clone();
            let step = written.start(writes.len() * 2);
            let reason = tr.import_reason(args::ImportReason { file: &file });
            pipeline_import::commit(app, writes, &reason, step).await?;
            let c = check.counts;
            Ok(tr.import_pipeline_done(args::ImportPipelineDone {
                file: &file,
                created: format_int(c.created as i64),
                updated: format_int(c.updated as i64),
                unchanged: format_int(c.unchanged as i64),
            }))
        }
    });
    let saving = commit.pending();
    let start = Start::of(commit, move || checked.get_untracked().and_then(Result::ok));

    let products_view = move || {
        let tr = app.tr();
        match products.get() {
            None => view! { <p class="muted">{tr.import_pipeline_needs_products()}</p> }.into_any(),
            Some(Products::Read { file, products }) => {
                let names = products
                    .iter()
                    .map(|p| format!("{} {}", p.name, format_cny(p.list_price)))
                    .collect::<Vec<_>>()
                    .join(format::list_separator(app.locale.get()));
                view! {
                    <p data-testid="import-products-summary">
                        {tr.import_pipeline_products_read(args::ImportPipelineProductsRead {
                            file: &file,
                            count: format_int(products.len() as i64),
                        })}
                    </p>
                    <p class="muted">{names}</p>
                }
                .into_any()
            }
            Some(Products::Failed { message, errors }) => view! {
                <p class="error-text" role="alert" data-testid="import-products-error">{message}</p>
                {(!errors.is_empty()).then(|| error_table(tr, errors.iter().map(|e| problem_row(tr, e))))}
            }
            .into_any(),
        }
    };
    let can_check = move || {
        matches!(products.get(), Some(Products::Read { .. })) && matches!(stored.get(), Some(Ok(_))) && !saving.get()
    };

    view! {
        <div class="card" data-testid="import-mapping">
            {summary(loaded)}
            <h2>{move || app.tr().import_pipeline_products()}</h2>
            <p class="muted">{move || app.tr().import_pipeline_products_hint()}</p>
            <div class="actions">
                <label class="button secondary file-button">
                    <span>{move || app.tr().import_pipeline_pick_products()}</span>
                    <input type="file" accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods,text/csv,text/plain"
                        data-testid="import-products-file" disabled=move || saving.get() on:change=on_products />
                </label>
            </div>
            {products_view}
            {move || match stored.get() {
                Some(Err(error)) => Some(failed(error)),
                _ => None,
            }}
            <div class="actions">
                <button class="button" data-testid="import-check" disabled=move || !can_check() on:click=run_check>
                    {move || app.tr().import_check()}
                </button>
            </div>
            {move || checked.get().map(|result| match result {
                Err(text) => view! { <p class="error-text" role="alert" data-testid="import-pipeline-error">{text}</p> }.into_any(),
                Ok(check) => view! { <CheckResult loaded check skip_errors start /> }.into_any(),
            })}
            {written.bar()}
        </div>
    }
}

/// The price list in a picked file: its products, or what is wrong with it.
async fn read_price_list(tr: Tr, file: web_sys::File) -> Products {
    let name = file.name();
    match browser::file_bytes(&file).await {
        Ok(bytes) => price_list(tr, &name, &bytes),
        Err(detail) => Products::Failed {
            message: tr.import_error_unreadable(args::ImportErrorUnreadable { file: &name, detail }),
            errors: Rc::default(),
        },
    }
}

/// The price list read from a file's bytes.
fn price_list(tr: Tr, file: &str, bytes: &[u8]) -> Products {
    let failed = |message: String, errors: Vec<PipelineRowError>| Products::Failed { message, errors: Rc::new(errors) };
    let source = match source::read(file, bytes, TextChoice::default()) {
        Ok(source) => source,
        Err(error) => return failed(source_error(tr, file, &error), Vec::new()),
    };
    match read_products(&source.table()) {
        Ok((products, errors)) if errors.is_empty() => {
            Products::Read { file: file.to_owned(), products: Rc::new(products) }
        }
        Ok((_, errors)) => failed(tr.import_pipeline_products_errors().to_owned(), errors),
        Err(PipelineError::MissingColumn(column)) => {
            failed(tr.import_pipeline_missing_column(args::ImportPipelineMissingColumn { file, column }), Vec::new())
        }
    }
}

#[component]
fn CheckResult(
    loaded: StoredValue<Rc<Loaded>, LocalStorage>,
    check: Rc<Checked>,
    skip_errors: RwSignal<bool>,
    start: Start,
) -> impl IntoView {
    let app = use_app();
    let (ready, failed) = (check.ready, check.failed_rows);
    let counts = check.counts;
    let writes = check.writes.len();
    let (users, customers): (HashMap<Id, String>, HashMap<Id, String>) = loaded.with_value(|l| {
        (
            l.context.users.iter().map(|u| (u.id, u.name.clone())).collect(),
            l.context.customers.iter().map(|c| (c.id, c.company.clone())).collect(),
        )
    });
    let check = StoredValue::new_local(check);
    let can_import = move || writes > 0 && (failed == 0 || skip_errors.get()) && !start.pending.get();
    let summary = move || {
        let tr = app.tr();
        let separator = format::list_separator(app.locale.get());
        check.with_value(|c| {
            let stages = c
                .by_stage
                .iter()
                .map(|(stage, n)| tr.import_pipeline_stage_count(args::ImportPipelineStageCount {
                    stage: labels::funnel_stage(tr, *stage),
                    count: format_int(*n as i64),
                }))
                .collect::<Vec<_>>()
                .join(separator);
            view! {
                <p data-testid="import-counts">{tr.import_result(args::ImportResult {
                    ready: format_int(ready as i64),
                    failed: format_int(failed as i64),
                })}</p>
                <p data-testid="import-pipeline-stages">{tr.import_pipeline_stages(args::ImportPipelineStages { stages })}</p>
                {(c.without_account > 0).then(|| view! {
                    <p class="muted" data-testid="import-pipeline-no-account">
                        {tr.import_pipeline_without_account(args::ImportPipelineWithoutAccount { count: format_int(c.without_account as i64) })}
                    </p>
                })}
                {(counts.updated + counts.unchanged > 0).then(|| view! {
                    <p class="notice" data-testid="import-duplicates">
                        {tr.import_pipeline_matches(args::ImportPipelineMatches {
                            updated: format_int(counts.updated as i64),
                            unchanged: format_int(counts.unchanged as i64),
                        })}
                    </p>
                })}
            }
        })
    };
    let errors = move || {
        let tr = app.tr();
        check.with_value(|c| {
            (!c.errors.is_empty()).then(|| {
                let more = c.errors.len().saturating_sub(LISTED_ERRORS);
                view! {
                    {skippable_errors(tr, c.errors.iter().map(|e| problem_row(tr, e)), more, failed, skip_errors)}
                    <Show when=move || !skip_errors.get()>
                        <p class="muted">{move || app.tr().import_fix_errors()}</p>
                    </Show>
                }
            })
        })
    };
    let preview = move || {
        let tr = app.tr();
        check.with_value(|c| {
            (!c.preview.is_empty()).then(|| {
                let items = c
                    .preview
                    .iter()
                    .map(|row| {
                        let cells = vec![
                            format_int(row.line as i64),
                            row.external_id.clone(),
                            users.get(&row.owner).cloned().unwrap_or_default(),
                            customers.get(&row.customer).cloned().unwrap_or_default(),
                            row.product.clone(),
                            labels::funnel_stage(tr, row.stage).to_owned(),
                            format_cny(row.value),
                            row.created.map(|d| format::date(tr, d)).unwrap_or_default(),
                        ];
                        text_row("import-preview-row", cells, Some((6, "num")))
                    })
                    .collect_view();
                let columns: [fn(Tr) -> &'static str; 6] = [
                    Tr::import_error_row,
                    Tr::import_pipeline_id,
                    Tr::field_owner,
                    Tr::field_company,
                    Tr::field_product,
                    Tr::field_stage,
                ];
                let mut columns = headings(tr, &columns);
                columns.extend([numeric(tr.field_value()), heading(tr.import_pipeline_engaged())]);
                preview_table(tr, c.preview.len(), columns, items)
            })
        })
    };
    view! {
        <div class="import-result" data-testid="import-result">
            {summary}
            {errors}
            {preview}
            <ConfirmButton
                label=Signal::derive(move || if start.pending.get() {
                    app.tr().import_saving().to_owned()
                } else {
                    app.tr().import_pipeline_confirm(args::ImportPipelineConfirm { count: format_int(writes as i64) })
                })
                disabled=Signal::derive(move || !can_import())
                confirm=start.run
            />
        </div>
    }
}

/// A problem of the pipeline or the price list as a row of the error table.
fn problem_row(tr: Tr, error: &PipelineRowError) -> Problem {
    (error.line, error.header.clone(), error.value.clone(), problem(tr, error.kind))
}

/// What is wrong with a cell of the pipeline or the price list, in words.
fn problem(tr: Tr, kind: PipelineErrorKind) -> String {
    use PipelineErrorKind as K;
    match kind {
        K::Missing => tr.problem_required().to_owned(),
        K::UnknownStage => tr.pipeline_unknown_stage().to_owned(),
        K::UnknownUser => tr.row_unknown_user().to_owned(),
        K::AmbiguousUser => tr.row_ambiguous_user().to_owned(),
        K::UnknownCustomer => tr.pipeline_unknown_customer().to_owned(),
        K::UnknownProduct => tr.pipeline_unknown_product().to_owned(),
        K::AmbiguousProduct => tr.pipeline_ambiguous_product().to_owned(),
        K::InvalidDate => tr.row_invalid_date().to_owned(),
        K::InvalidAmount => tr.pipeline_invalid_amount().to_owned(),
        K::MissingCloseDate => tr.pipeline_missing_close_date().to_owned(),
        K::CloseBeforeEngage => tr.pipeline_close_before_engage().to_owned(),
        K::TooFewCells => tr.pipeline_too_few_cells().to_owned(),
        K::DuplicateId { first_line } => tr.pipeline_duplicate_id(args::PipelineDuplicateId { line: first_line }),
    }
}
