//! Opportunity writes: saving the form and moving a stage through its gates, each the
//! opportunity and its audit entry under its customer's target in one transaction; the current
//! user is required as the author.

use super::{get_revised, retrying, settings, Context};
use crate::domain::audit;
use crate::domain::funnel::form::OpportunityDraft;
use crate::domain::funnel::gates::GateSettings;
use crate::domain::funnel::settings::{FunnelSettings, SETTING_KEY};
use crate::domain::funnel::stage::{move_stage, MoveError, Override};
use crate::domain::model::{AuditAction, FunnelStage, Id, Man, Opportunity};
use crate::store::{Base, Entity, Revised, Store, StoreError};

/// Saves the form as opportunity `id` (new when `None`) with one audit entry of the fields
/// changed under its customer's target, in one transaction; returns what was stored.
pub async fn save(
    store: &impl Store,
    ctx: &mut Context,
    id: Option<Id>,
    draft: &OpportunityDraft,
) -> Result<Opportunity, StoreError> {
    let user = ctx.author()?;
    let stored = match id {
        Some(id) => Some(
            get_revised::<Opportunity>(store, id)
                .await?
                .ok_or_else(|| StoreError::not_found(Entity::Opportunity, id))?,
        ),
        None => None,
    };
    let (before, base) = match &stored {
        Some(stored) => (Some(&stored.record), stored.base()),
        None => (None, Base::New),
    };
    let record = before.cloned().unwrap_or_else(|| Opportunity { id: ctx.new_id(), ..Opportunity::default() });
    let opportunity = draft.apply(&record, ctx.today);
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    write(store, ctx, before, base, &opportunity, action, user, "").await?;
    Ok(opportunity)
}

/// What the user decided when moving a card: criteria ticked and MAN set on the way, an
/// override reason for criteria left unmet, and for a loss its reason and competitor.
#[derive(Clone, Debug, Default)]
pub struct MoveDecision {
    pub ticked: Vec<String>,
    pub man: Option<Man>,
    pub override_reason: Option<String>,
    pub lost_reason: String,
    pub competitor: String,
}

/// Moves opportunity `id` to `to` today through `gates`: the decision's ticks and MAN are
/// applied first, then [`move_stage`]; a refused move writes nothing and returns its reason.
/// An override is kept on the opportunity and its reason is the audit entry's. Returns what was
/// stored.
pub async fn move_to(
    store: &impl Store,
    ctx: &mut Context,
    id: Id,
    to: FunnelStage,
    decision: &MoveDecision,
    gates: &GateSettings,
) -> Result<Result<Opportunity, MoveError>, StoreError> {
    let user = ctx.author()?;
    retrying(async || {
        let stored = get_revised::<Opportunity>(store, id).await?;
        let stored = stored.ok_or_else(|| StoreError::not_found(Entity::Opportunity, id))?;
        move_once(store, ctx, &stored, to, decision, gates, user).await
    })
    .await
}

/// [`move_to`] from `stored` as just read: refused whole if it changed meanwhile.
async fn move_once(
    store: &impl Store,
    ctx: &mut Context,
    stored: &Revised<Opportunity>,
    to: FunnelStage,
    decision: &MoveDecision,
    gates: &GateSettings,
    user: Id,
) -> Result<Result<Opportunity, MoveError>, StoreError> {
    let before = &stored.record;
    let mut after = before.clone();
    for tick in &decision.ticked {
        if !after.criteria_met.contains(tick) {
            after.criteria_met.push(tick.clone());
        }
    }
    if let Some(man) = decision.man {
        after.man = man;
    }
    if to == FunnelStage::Lost {
        after.lost_reason = decision.lost_reason.trim().to_owned();
        after.competitor = decision.competitor.trim().to_owned();
    }
    let override_ = decision.override_reason.as_ref().map(|reason| Override { by: user, reason: reason.clone() });
    if let Err(error) = move_stage(&mut after, to, ctx.today, gates, override_.as_ref()) {
        return Ok(Err(error));
    }
    let reason = after.gate_overrides.last().filter(|_| after.gate_overrides.len() > before.gate_overrides.len());
    let reason = reason.map(|o| o.reason.clone()).unwrap_or_default();
    write(store, ctx, Some(before), stored.base(), &after, AuditAction::Update, user, &reason).await?;
    Ok(Ok(after))
}

/// Stores `after` (read at `base`) and its audit entry.
#[allow(clippy::too_many_arguments)] // each is one fact of the entry; a struct would only rename them
async fn write(
    store: &impl Store,
    ctx: &mut Context,
    before: Option<&Opportunity>,
    base: Base,
    after: &Opportunity,
    action: AuditAction,
    user: Id,
    reason: &str,
) -> Result<(), StoreError> {
    let changes = audit::diff(before, Some(after));
    let entry = audit::entry(ctx.new_id(), ctx.now_ms, Some(user), after.customer_id, action, changes, reason);
    store.write(ctx.batch().update(after.clone(), base).create_all(entry)).await
}

/// Stores the funnel settings (stage probabilities, gates, quotas).
pub async fn save_settings(store: &impl Store, ctx: &mut Context, funnel: &FunnelSettings) -> Result<(), StoreError> {
    settings::write(store, ctx, SETTING_KEY, funnel).await
}
