//! The customer list's saved filters: one list per workspace, kept as one setting.

use super::settings;
use crate::domain::customers::saved_filters::{self, SavedFilter, SETTING_KEY};
use crate::store::{Store, StoreError};

/// The saved filters; none when the setting is missing or damaged (the picker starts empty).
pub async fn list(store: &impl Store) -> Result<Vec<SavedFilter>, StoreError> {
    Ok(settings::read(store, SETTING_KEY).await?.unwrap_or_default())
}

/// Saves `saved`, replacing a filter of the same name; returns the new list.
pub async fn save(store: &impl Store, saved: SavedFilter) -> Result<Vec<SavedFilter>, StoreError> {
    let updated = saved_filters::upsert(list(store).await?, saved);
    settings::write(store, SETTING_KEY, &updated).await?;
    Ok(updated)
}

/// Deletes the filter named `name`; returns the new list.
pub async fn delete(store: &impl Store, name: &str) -> Result<Vec<SavedFilter>, StoreError> {
    let updated = saved_filters::remove(list(store).await?, name);
    settings::write(store, SETTING_KEY, &updated).await?;
    Ok(updated)
}
