//! The import page's sales-pipeline kind: the pipeline file (picked on the page) and its product
//! price list (picked here), every row checked against the people, customers and products with
//! its errors by row and column, the counts by stage, what a re-import updates, a preview — and
//! then one all-or-nothing write of the opportunities and their audit entries.

use super::page::saving_bar;
use super::page::{error_row, error_table, file_summary, source_error, Loaded, LISTED_ERRORS, PREVIEW_ROWS};
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
use crate::ui::errors::error_text;
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::{format, labels};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;

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
pub fn PipelineImport(
    loaded: Rc<Loaded>,
    done: Callback<String>,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let app = use_app();
    let loaded = StoredValue::new_local(loaded);
    let stored = LocalResource::new(move || {
        app.track_workspace();
        pipeline_import::stored(app)
    });
    let products = RwSignal::new_local(None::<Products>);
    let checked = RwSignal::new_local(None::<Result<Rc<Checked>, String>>);
    let skip_errors = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let written = RwSignal::new(None::<(usize, usize)>);

    let on_products = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event.target().expect("a change has a target").unchecked_into();
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        checked.set(None);
        spawn_local(async move {
            let tr = app.tr_untracked();
            let name = file.name();
            let read = match browser::file_bytes(&file).await {
                Ok(bytes) => read_price_list(tr, &name, &bytes),
                Err(detail) => Products::Failed {
                    message: tr.import_error_unreadable(args::ImportErrorUnreadable { file: &name, detail }),
                    errors: Rc::default(),
                },
            };
            products.set(Some(read));
        });
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
        message.set(None);
        skip_errors.set(false);
        checked.set(Some(result));
    };

    let commit = move |_| {
        let Some(Ok(check)) = checked.get_untracked() else { return };
        let file = loaded.with_value(|l| l.file.clone());
        saving.set(true);
        message.set(None);
        spawn_local(async move {
            let tr = app.tr_untracked();
            let writes = check.writes.clone();
            let total = writes.len() * 2;
            written.set(Some((0, total)));
            let reason = tr.import_reason(args::ImportReason { file: &file });
            let outcome = pipeline_import::commit(app, writes, &reason, |done| written.set(Some((done, total)))).await;
            written.set(None);
            match outcome {
                Ok(()) => {
                    let c = check.counts;
                    done.run(tr.import_pipeline_done(args::ImportPipelineDone {
                        file: &file,
                        created: format_int(c.created as i64),
                        updated: format_int(c.updated as i64),
                        unchanged: format_int(c.unchanged as i64),
                    }))
                }
                // Nothing was written and the check still holds: the import can be tried again.
                Err(error) => {
                    message.set(Some((false, tr.import_failed(args::ImportFailed { detail: error_text(tr, &error) }))))
                }
            }
            saving.set(false);
        });
    };

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
            Some(Products::Failed { message, errors }) => {
                let items = errors
                    .iter()
                    .take(LISTED_ERRORS)
                    .map(|e| error_row(e.line, e.header.clone(), e.value.clone(), problem(tr, e.kind)))
                    .collect_view();
                view! {
                    <p class="error-text" role="alert" data-testid="import-products-error">{message}</p>
                    {(!errors.is_empty()).then(|| error_table(tr, items))}
                }
                .into_any()
            }
        }
    };
    let can_check = move || {
        matches!(products.get(), Some(Products::Read { .. })) && matches!(stored.get(), Some(Ok(_))) && !saving.get()
    };

    view! {
        <div class="card" data-testid="import-mapping">
            <p class="muted" data-testid="import-summary">{move || loaded.with_value(|l| file_summary(app.tr(), l))}</p>
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
                Some(Err(error)) => Some(view! { <p class="error-text" role="alert">{app.tr().import_failed(args::ImportFailed { detail: error_text(app.tr(), &error) })}</p> }),
                _ => None,
            }}
            <div class="actions">
                <button class="button" data-testid="import-check" disabled=move || !can_check() on:click=run_check>
                    {move || app.tr().import_check()}
                </button>
            </div>
            {move || checked.get().map(|result| match result {
                Err(text) => view! { <p class="error-text" role="alert" data-testid="import-pipeline-error">{text}</p> }.into_any(),
                Ok(check) => view! { <CheckResult loaded check skip_errors saving commit=Callback::new(commit) /> }.into_any(),
            })}
            {move || written.get().map(|(done, total)| saving_bar(app.tr(), done, total))}
        </div>
    }
}

/// The price list from a picked file: its products, or what is wrong with it.
fn read_price_list(tr: Tr, file: &str, bytes: &[u8]) -> Products {
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
    saving: RwSignal<bool>,
    commit: Callback<()>,
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
    let can_import = move || writes > 0 && (failed == 0 || skip_errors.get()) && !saving.get();
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
                let items = c
                    .errors
                    .iter()
                    .take(LISTED_ERRORS)
                    .map(|e| error_row(e.line, e.header.clone(), e.value.clone(), problem(tr, e.kind)))
                    .collect_view();
                let more = c.errors.len().saturating_sub(LISTED_ERRORS);
                view! {
                    <h3>{tr.import_errors_title()}</h3>
                    {error_table(tr, items)}
                    {(more > 0).then(|| view! { <p class="muted">{tr.import_errors_more(args::ImportErrorsMore { count: format_int(more as i64) })}</p> })}
                    <label class="check">
                        <input type="checkbox" data-testid="import-skip-errors" prop:checked=move || skip_errors.get()
                            on:change=move |event| skip_errors.set(event_target_checked(&event)) />
                        <span>{tr.import_skip_errors(args::ImportSkipErrors { count: format_int(failed as i64) })}</span>
                    </label>
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
                        view! {
                            <tr data-testid="import-preview-row">
                                <td>{format_int(row.line as i64)}</td>
                                <td>{row.external_id.clone()}</td>
                                <td>{users.get(&row.owner).cloned().unwrap_or_default()}</td>
                                <td>{customers.get(&row.customer).cloned().unwrap_or_default()}</td>
                                <td>{row.product.clone()}</td>
                                <td>{labels::funnel_stage(tr, row.stage)}</td>
                                <td class="num">{format_cny(row.value)}</td>
                                <td>{row.created.map(|d| format::date(tr, d)).unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <h3>{tr.import_preview_title(args::ImportPreviewTitle { count: format_int(c.preview.len() as i64) })}</h3>
                    {data_table("", None, vec![
                        heading(tr.import_error_row()),
                        heading(tr.import_pipeline_id()),
                        heading(tr.field_owner()),
                        heading(tr.field_company()),
                        heading(tr.field_product()),
                        heading(tr.field_stage()),
                        numeric(tr.field_value()),
                        heading(tr.import_pipeline_engaged()),
                    ], items)}
                }
            })
        })
    };
    view! {
        <div class="import-result" data-testid="import-result">
            {summary}
            {errors}
            {preview}
            <div class="actions">
                <button class="button" data-testid="import-confirm" disabled=move || !can_import() on:click=move |_| commit.run(())>
                    {move || if saving.get() {
                        app.tr().import_saving().to_owned()
                    } else {
                        app.tr().import_pipeline_confirm(args::ImportPipelineConfirm { count: format_int(writes as i64) })
                    }}
                </button>
            </div>
        </div>
    }
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
