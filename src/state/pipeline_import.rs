//! Importing a sales pipeline (Maven's `sales_pipeline.csv` and files like it): the stored
//! opportunities a re-import is matched against, and the commit — every new or changed
//! opportunity with its audit entry under its customer's target, in one transaction.

use super::app::AppState;
use super::browser;
use crate::domain::audit;
use crate::domain::import::pipeline::PipelineWrite;
use crate::domain::model::{AuditAction, Opportunity};
use crate::store::{Entity, Reads, Record, Store, StoreError};
use leptos::prelude::GetUntracked;

/// Every stored opportunity, for matching the file's ids.
pub async fn stored(app: AppState) -> Result<Vec<Opportunity>, StoreError> {
    let store = app.open_store().await.ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let opportunities = reads.all::<Opportunity>();
    Ok(store.read_many(&reads).await?.take(opportunities))
}

/// Writes `writes` and one audit entry each (reason `reason`) in one `put_stream`
/// transaction: a failed import writes nothing. `progress` hears how many records of
/// `2 × writes` have gone out.
pub async fn commit(
    app: AppState,
    writes: Vec<PipelineWrite>,
    reason: &str,
    progress: impl FnMut(usize),
) -> Result<(), StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let user = app.current_user.get_untracked();
    let at_ms = browser::now_ms();
    let records = writes.into_iter().flat_map(|write| {
        let (before, after, action) = match write {
            PipelineWrite::Created(after) => (None, after, AuditAction::Create),
            PipelineWrite::Updated { before, after } => (Some(*before), after, AuditAction::Update),
        };
        let changes = audit::diff(before.as_ref(), Some(&after));
        let entry = audit::entry(browser::new_id(), at_ms, user, after.customer_id, action, changes, reason);
        [Some(after.into_any()), entry.map(Record::into_any)]
    });
    let result = store.put_stream(&[Entity::Opportunity, Entity::Audit], records.flatten(), progress).await;
    app.changed();
    result
}
