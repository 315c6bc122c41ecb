//! Market-view writes: a machine seen on site logged, edited or deleted, and a market's size
//! typed, imported from a file or estimated from a national total; each checked first (refused
//! input writes nothing) and written in one transaction.

use super::{get_revised, retrying, save_opened, Context, Saved};
use crate::domain::fields::FormError;
use crate::domain::market::estimate::{self, Estimate};
use crate::domain::market::form::{MarketDraft, MarketField, SightingDraft, SightingError, SightingField};
use crate::domain::market::size::MarketKey;
use crate::domain::market::view::Filter;
use crate::domain::market::{Market, SiteSighting};
use crate::store::{Base, Key, Reads, Record, Revised, Store, StoreError};
use crate::usecases::parts::RecordCounts;
use std::collections::HashMap;

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
    let (mut stored, _) = replace_markets(store, ctx, |_| vec![draft.market(0)]).await?;
    Ok(Ok(stored.remove(0)))
}

/// Stores a market sizes file's rows (checked by
/// [`convert_markets`](crate::domain::import::markets::convert_markets)) in one transaction, as
/// [`save_market`] stores one size.
pub async fn import_markets(
    store: &impl Store,
    ctx: &mut Context,
    rows: &[Market],
) -> Result<RecordCounts, StoreError> {
    ctx.author()?;
    Ok(replace_markets(store, ctx, |_| rows.to_vec()).await?.1)
}

/// Stores the sizes `estimate` gives `filter`'s market (see [`estimate::plan`]) in one
/// transaction: each replaces an earlier estimate or is added; a typed or imported size, even
/// one stored since the plan was shown, is kept.
pub async fn save_estimates(
    store: &impl Store,
    ctx: &mut Context,
    estimate: &Estimate,
    filter: Filter,
) -> Result<RecordCounts, StoreError> {
    ctx.author()?;
    let planned = |stored: &[Market]| estimate::estimated_markets(&estimate::plan(estimate, filter, stored), filter);
    Ok(replace_markets(store, ctx, planned).await?.1)
}

/// Each of the markets `wanted` makes of the stored ones (their ids ignored) in place of the
/// stored size of the same market, or added; one write, from the revisions read.
async fn replace_markets(
    store: &impl Store,
    ctx: &mut Context,
    wanted: impl Fn(&[Market]) -> Vec<Market>,
) -> Result<(Vec<Market>, RecordCounts), StoreError> {
    retrying(async || {
        let mut reads = Reads::new();
        let all = reads.all::<Market>();
        let all = reads.with_revisions(all);
        let stored = store.read_many(&reads).await?.take_revised(all);
        let markets = wanted(&stored.iter().map(|m| m.record.clone()).collect::<Vec<_>>());
        let by_key: HashMap<MarketKey, &Revised<Market>> = stored.iter().map(|m| (m.record.market_key(), m)).collect();
        let (mut written, mut counts, mut batch) = (Vec::new(), RecordCounts::default(), ctx.batch());
        for market in &markets {
            let (id, base) = match by_key.get(&market.market_key()) {
                Some(same) => {
                    counts.updated += 1;
                    (same.record.id, same.base())
                }
                None => {
                    counts.created += 1;
                    (ctx.new_id(), Base::New)
                }
            };
            let market = Market { id, ..market.clone() };
            batch = batch.update(market.clone(), base);
            written.push(market);
        }
        store.write(batch).await?;
        Ok((written, counts))
    })
    .await
}
