//! Market-view writes: a machine seen on site logged, edited or deleted, and a market's size
//! typed; each checked first (refused input writes nothing) and written in one transaction.

use super::{get_revised, retrying, save_opened, Context, Saved};
use crate::domain::fields::FormError;
use crate::domain::market::form::{MarketDraft, MarketField, SightingDraft, SightingError, SightingField};
use crate::domain::market::{Market, SiteSighting};
use crate::store::{Base, Key, Reads, Record, Revised, Store, StoreError};

/// The sighting form's problems, when it was refused.
pub type SightingProblems = Vec<(SightingField, SightingError)>;

/// Saves the sighting form (a new sighting, logged by the current user, when `opened` is
/// `None`) from the revision it opened (see [`save_opened`]); refused with its problems, nothing
/// written, when the draft does not check.
pub async fn save_sighting(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Revised<SiteSighting>>,
    draft: &SightingDraft,
) -> Result<Result<Saved<SiteSighting>, SightingProblems>, StoreError> {
    let by = ctx.author()?;
    let problems = draft.validate(ctx.today);
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let Some(opened) = opened else {
        let sighting = draft.apply(&SiteSighting { id: ctx.new_id(), logged_by: by, ..SiteSighting::default() });
        store.write(ctx.batch().create(sighting.clone())).await?;
        return Ok(Ok(Saved::Stored { record: sighting, merged_with: None }));
    };
    let mine = draft.apply(&opened.record);
    let saved = save_opened(store, opened.record.id, opened, &mine, async |over| {
        store.write(ctx.batch().update(over.record.clone(), over.base)).await
    })
    .await?;
    Ok(Ok(saved))
}

/// Deletes sighting `shown` from the revision it was shown at: refused as changed when it changed
/// since, as not found when it is gone; nothing written then.
pub async fn delete_sighting(
    store: &impl Store,
    ctx: &mut Context,
    shown: &Revised<SiteSighting>,
) -> Result<(), StoreError> {
    delete(store, ctx, shown.record.id, shown).await
}

/// Deletes market size `shown` from the revision it was shown at, as [`delete_sighting`].
pub async fn delete_market(store: &impl Store, ctx: &mut Context, shown: &Revised<Market>) -> Result<(), StoreError> {
    delete(store, ctx, shown.record.id, shown).await
}

async fn delete<R: Record>(
    store: &impl Store,
    ctx: &mut Context,
    id: crate::domain::model::Id,
    shown: &Revised<R>,
) -> Result<(), StoreError> {
    get_revised::<R>(store, id).await?.ok_or_else(|| StoreError::not_found(R::ENTITY, id))?;
    store.write(ctx.batch().delete_at::<R>(Key::Id(id), shown.base())).await
}

/// Stores the size `draft` types for its market, typed: it replaces the size stored for the same
/// province, line, year and class (whatever its source), or adds the market. Refused with its
/// problems, nothing written, when the draft does not check.
pub async fn save_market(
    store: &impl Store,
    ctx: &mut Context,
    draft: &MarketDraft,
) -> Result<Result<Market, Vec<(MarketField, FormError)>>, StoreError> {
    ctx.author()?;
    let problems = draft.validate();
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let new_id = ctx.new_id();
    retrying(async || {
        let mut reads = Reads::new();
        let all = reads.all::<Market>();
        let all = reads.with_revisions(all);
        let stored = store.read_many(&reads).await?.take_revised(all);
        let wanted = draft.market(new_id).market_key();
        let (market, base) = match stored.into_iter().find(|m| m.record.market_key() == wanted) {
            Some(same) => (draft.market(same.record.id), same.base()),
            None => (draft.market(new_id), Base::New),
        };
        store.write(ctx.batch().update(market.clone(), base)).await?;
        Ok(Ok(market))
    })
    .await
}
