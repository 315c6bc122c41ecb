//! Committing a sales-pipeline import: every new or changed opportunity with its audit entry
//! under its customer's target, in one `put_stream` transaction.

use super::Context;
use crate::domain::audit;
use crate::domain::import::pipeline::PipelineWrite;
use crate::domain::model::AuditAction;
use crate::store::{Base, Entity, Put, Record, Store, StoreError};

/// Writes `writes` and one audit entry each (reason `reason`) in one `put_stream`
/// transaction: a failed import writes nothing. `progress` hears how many records of
/// `2 × writes` have gone out.
pub async fn commit(
    store: &impl Store,
    ctx: &mut Context,
    writes: Vec<PipelineWrite>,
    reason: &str,
    progress: impl FnMut(usize),
) -> Result<(), StoreError> {
    let (user, at_ms) = (ctx.user, ctx.now_ms);
    let stamp = ctx.stamp();
    let records = writes.into_iter().flat_map(|write| {
        let (before, after, action, base) = match write {
            PipelineWrite::Created(after) => (None, after, AuditAction::Create, Base::New),
            PipelineWrite::Updated { before, after } => (Some(*before), after, AuditAction::Update, Base::Latest),
        };
        let changes = audit::diff(before.as_ref(), Some(&after));
        let entry = audit::entry(ctx.new_id(), at_ms, user, after.customer_id, action, changes, reason);
        [Some(Put { record: after.into_any(), base }), entry.map(|e| Put { record: e.into_any(), base: Base::New })]
    });
    store.put_stream(stamp, &[Entity::Opportunity, Entity::Audit], records.flatten(), progress).await
}
