//! Opportunity writes: saving the form and moving a stage through its gates, each the
//! opportunity and its audit entry under its customer's target in one transaction; the current
//! user is required as the author.

use super::{get_revised, retrying, save_opened, settings, Context, Saved};
use crate::domain::audit;
use crate::domain::funnel::form::OpportunityDraft;
use crate::domain::funnel::gates::GateSettings;
use crate::domain::funnel::settings::{FunnelSettings, SETTING_KEY};
use crate::domain::funnel::stage::{move_stage, MoveError, Override};
use crate::domain::model::{AuditAction, FunnelStage, Id, Man, Opportunity};
use crate::store::{Base, Entity, Revised, Store, StoreError};

/// Saves the form — a new opportunity when `opened` is `None` — with one audit entry of the
/// fields changed under its customer's target, in one transaction, from the revision the form
/// opened: a change made since in other fields is merged in, one in the same fields comes back
/// as [`Saved::Clashed`] with nothing written (see [`save_opened`]).
pub async fn save(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Revised<Opportunity>>,
    draft: &OpportunityDraft,
) -> Result<Saved<Opportunity>, StoreError> {
    let user = ctx.author()?;
    let Some(opened) = opened else {
        let opportunity = draft.apply(&Opportunity { id: ctx.new_id(), ..Opportunity::default() }, ctx.today);
        write(store, ctx, None, Base::New, &opportunity, AuditAction::Create, user, "").await?;
        return Ok(Saved::Stored { record: opportunity, merged_with: None });
    };
    let mine = draft.apply(&opened.record, ctx.today);
    save_opened(store, opened.record.id, opened, &mine, async |over| {
        write(store, ctx, Some(&over.before), over.base, &over.record, AuditAction::Update, user, "").await
    })
    .await
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

/// The funnel settings with their revision, as the settings form opens them.
pub async fn opened_settings(store: &impl Store) -> Result<Revised<FunnelSettings>, StoreError> {
    settings::open(store, SETTING_KEY).await
}

/// Stores the funnel settings (stage probabilities, gates, strategies, quotas) from the revision
/// the form opened (see [`settings::save_opened`]): merged place by place with a change made
/// since, or its clashes.
pub async fn save_settings(
    store: &impl Store,
    ctx: &mut Context,
    opened: &Revised<FunnelSettings>,
    funnel: &FunnelSettings,
) -> Result<Saved<FunnelSettings>, StoreError> {
    settings::save_opened(store, ctx, SETTING_KEY, opened, funnel).await
}
