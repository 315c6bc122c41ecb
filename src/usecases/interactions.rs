//! Interaction (往来记录) writes: logging one, planning a lost customer's response as a
//! follow-up, and marking a follow-up done or moving it, each
//! the interaction and its audit entry under the customer's target in one transaction.

use super::Context;
use super::{get_revised, retrying};
use crate::domain::audit;
use crate::domain::date::Date;
use crate::domain::grading::retention::WinBackTask;
use crate::domain::interactions::form::InteractionDraft;
use crate::domain::interactions::win_back::WinBackDraft;
use crate::domain::model::{AuditAction, Id, Interaction};
use crate::store::{Entity, Store, StoreError};

/// Saves a new interaction with `customer_id`, recorded by the current user (required), and
/// returns its id.
pub async fn log(
    store: &impl Store,
    ctx: &mut Context,
    customer_id: Id,
    draft: &InteractionDraft,
) -> Result<Id, StoreError> {
    let by = ctx.author()?;
    let interaction = draft.to_interaction(ctx.new_id(), customer_id, by);
    let changes = audit::diff(None, Some(&interaction));
    let mut batch = ctx.batch().put(interaction.clone());
    if let Some(entry) = audit::entry(ctx.new_id(), ctx.now_ms, ctx.user, customer_id, AuditAction::Create, changes, "")
    {
        batch = batch.put(entry);
    }
    store.write(batch).await?;
    Ok(interaction.id)
}

/// Plans lost customer `customer_id`'s response (`tasks`) as a follow-up owned by the draft's
/// owner, with the entry of the current user (required) who planned it; returns its id.
pub async fn plan_win_back(
    store: &impl Store,
    ctx: &mut Context,
    customer_id: Id,
    draft: &WinBackDraft,
    tasks: &[WinBackTask],
) -> Result<Id, StoreError> {
    let by = ctx.author()?;
    let interaction = draft.to_interaction(ctx.new_id(), customer_id, tasks, ctx.today);
    let changes = audit::diff(None, Some(&interaction));
    let mut batch = ctx.batch().put(interaction.clone());
    if let Some(entry) = audit::entry(ctx.new_id(), ctx.now_ms, Some(by), customer_id, AuditAction::Create, changes, "")
    {
        batch = batch.put(entry);
    }
    store.write(batch).await?;
    Ok(interaction.id)
}

/// Marks interaction `id`'s follow-up as done; whether anything changed.
pub async fn complete_follow_up(store: &impl Store, ctx: &mut Context, id: Id) -> Result<bool, StoreError> {
    update(store, ctx, id, |interaction| interaction.follow_up_done = true).await
}

/// Moves interaction `id`'s open follow-up to `date`; whether anything changed.
pub async fn reschedule_follow_up(
    store: &impl Store,
    ctx: &mut Context,
    id: Id,
    date: Date,
) -> Result<bool, StoreError> {
    update(store, ctx, id, |interaction| interaction.follow_up = Some(date)).await
}

/// Applies `change` to interaction `id` and stores it with the audit entry saying what changed;
/// nothing is written when nothing changed.
async fn update(
    store: &impl Store,
    ctx: &mut Context,
    id: Id,
    change: impl Fn(&mut Interaction),
) -> Result<bool, StoreError> {
    retrying(async || {
        let stored = get_revised::<Interaction>(store, id).await?;
        let stored = stored.ok_or_else(|| StoreError::not_found(Entity::Interaction, id))?;
        let before = &stored.record;
        let mut after = before.clone();
        change(&mut after);
        let changes = audit::diff(Some(before), Some(&after));
        let Some(entry) =
            audit::entry(ctx.new_id(), ctx.now_ms, ctx.user, before.customer_id, AuditAction::Update, changes, "")
        else {
            return Ok(false);
        };
        store.write(ctx.batch().update(after, stored.base()).create(entry)).await?;
        Ok(true)
    })
    .await
}
