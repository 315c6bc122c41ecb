//! Importing a sales pipeline (Maven's `sales_pipeline.csv` and files like it): the stored
//! opportunities a re-import is matched against, and the commit — every new or changed
//! opportunity with its audit entry under its customer's target, in one transaction.

use super::app::AppState;
use super::import::one_import_at_a_time;
use crate::domain::import::pipeline::PipelineWrite;
use crate::domain::model::Opportunity;
use crate::store::{Reads, Store, StoreError};
use crate::usecases;

/// Every stored opportunity, for matching the file's ids.
pub async fn stored(app: AppState) -> Result<Vec<Opportunity>, StoreError> {
    let store = app.open_store().await.ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let opportunities = reads.all::<Opportunity>();
    Ok(store.read_many(&reads).await?.take(opportunities))
}

/// Writes `writes` with an audit entry each (see [`usecases::pipeline_import::commit`]); the
/// workspace counts as changed even when the write failed.
pub async fn commit(
    app: AppState,
    writes: Vec<PipelineWrite>,
    reason: &str,
    progress: impl FnMut(usize),
) -> Result<(), StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::pipeline_import::commit(&*store, &mut ctx, writes, reason, progress)).await
}
