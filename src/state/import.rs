//! Importing a file: the row conversion run in time slices so the page shows progress and can
//! stop it, between reading what the import is checked against and the commit (both in
//! [`usecases::customer_import`]).

use super::app::AppState;
use super::browser;
use crate::domain::import::choices::ValueMap;
use crate::domain::import::mapping::Mapping;
use crate::domain::import::plan::PlanCounts;
use crate::domain::import::source::Source;
use crate::domain::model::User;
use crate::store::StoreError;
use crate::usecases;
use crate::usecases::customer_import::Check;
pub use crate::usecases::customer_import::{Checked, Commit, ImportContext};
use leptos::prelude::*;
use std::future::Future;

/// Rows converted between two looks at the clock.
const ROWS_PER_CHECK: usize = 250;
/// Longest stretch of conversion before the page gets to paint and take a tap on Cancel.
const SLICE_MS: f64 = 40.0;

/// What a file of `columns` columns with layout `signature` is checked against.
pub async fn context(app: AppState, signature: &str, columns: usize) -> Result<ImportContext, StoreError> {
    let store = app.open_store().await.ok_or_else(StoreError::not_open)?;
    usecases::customer_import::context(&*store, signature, columns).await
}

/// Converts every row of `source` (with the words mapped in `values`) and matches the ready ones against the stored customers,
/// yielding to the page every [`SLICE_MS`]; `progress` hears the rows done so far. `None` when
/// `cancelled` said so between two slices.
pub async fn check(
    source: &Source,
    mapping: Mapping,
    values: ValueMap,
    context: &ImportContext,
    preview_rows: usize,
    progress: impl Fn(usize),
    cancelled: impl Fn() -> bool,
) -> Option<Checked> {
    let mut check = Check::new(source, &mapping, &values, context, preview_rows);
    let mut more = check.has_more();
    while more {
        let started = js_sys::Date::now();
        while more && js_sys::Date::now() - started < SLICE_MS {
            more = check.step(ROWS_PER_CHECK);
        }
        progress(check.done());
        browser::sleep(0).await;
        if cancelled() {
            return None;
        }
    }
    Some(check.finish())
}

/// Runs an import's write unless another window is importing into the same workspace (which
/// refuses it: two imports planned against the same records would each undo or duplicate the
/// other's); the workspace counts as changed either way, as the import page reads it again.
pub(in crate::state) async fn one_import_at_a_time<T>(
    app: AppState,
    write: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    let lock = format!("kehu-import-{}", app.workspace.get_untracked().db_name());
    let result = browser::exclusively(&lock, write).await.unwrap_or_else(|| Err(StoreError::busy()));
    app.changed();
    result
}

/// Writes what the import plans, in one transaction (see [`usecases::customer_import::commit`]).
pub async fn commit_customers(
    app: AppState,
    commit: Commit<'_>,
    progress: impl FnMut(usize),
) -> Result<PlanCounts, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::customer_import::commit(&*store, &mut ctx, commit, progress)).await
}

/// Writes the people of a sales-team file (new and updated) in one transaction.
pub async fn commit_users(app: AppState, users: Vec<User>) -> Result<(), StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::users::commit(&*store, &mut ctx, users)).await
}
