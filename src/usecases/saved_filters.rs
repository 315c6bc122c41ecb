//! The customer list's saved filters: one list per workspace, kept as one setting.

use super::{retrying, settings, Context};
use crate::domain::customers::saved_filters::{self, SavedFilter, SETTING_KEY};
use crate::store::{Store, StoreError};

/// The saved filters; none when the setting is missing or damaged (the picker starts empty).
pub async fn list(store: &impl Store) -> Result<Vec<SavedFilter>, StoreError> {
    Ok(settings::read(store, SETTING_KEY).await?.unwrap_or_default())
}

/// Saves `saved`, replacing a filter of the same name; returns the new list.
pub async fn save(store: &impl Store, ctx: &mut Context, saved: SavedFilter) -> Result<Vec<SavedFilter>, StoreError> {
    change(store, ctx, |filters| saved_filters::upsert(filters, saved.clone())).await
}

/// Deletes the filter named `name`; returns the new list.
pub async fn delete(store: &impl Store, ctx: &mut Context, name: &str) -> Result<Vec<SavedFilter>, StoreError> {
    change(store, ctx, |filters| saved_filters::remove(filters, name)).await
}

/// Applies `change` to the list as stored now and stores the result: a filter another window
/// saved meanwhile stays.
async fn change(
    store: &impl Store,
    ctx: &mut Context,
    change: impl Fn(Vec<SavedFilter>) -> Vec<SavedFilter>,
) -> Result<Vec<SavedFilter>, StoreError> {
    retrying(async || {
        let (stored, base) = settings::read_revised(store, SETTING_KEY).await?;
        let updated = change(stored.unwrap_or_default());
        store.write(ctx.batch().update(settings::setting(SETTING_KEY, &updated)?, base)).await?;
        Ok(updated)
    })
    .await
}
