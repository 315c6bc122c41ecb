//! The customer list's saved filters, one list per workspace in the settings store.
//!
//! Saving does not mark the workspace changed: no view but the filter picker reads the list,
//! and re-reading the whole customer book for it would cost a large workspace a second.

use super::app::AppState;
use super::browser;
use crate::domain::customers::saved_filters::{self, SavedFilter, SETTING_KEY};
use crate::domain::model::Setting;
use crate::store::{Batch, Key, Store, StoreError};

pub async fn list(app: AppState) -> Result<Vec<SavedFilter>, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let setting: Option<Setting> = store.get(Key::Text(SETTING_KEY.into())).await?;
    Ok(setting.and_then(|s| decode(&s.value)).unwrap_or_default())
}

/// Saves `saved`, replacing a filter of the same name; returns the new list.
pub async fn save(app: AppState, saved: SavedFilter) -> Result<Vec<SavedFilter>, StoreError> {
    let updated = saved_filters::upsert(list(app).await?, saved);
    write(app, &updated).await?;
    Ok(updated)
}

/// Deletes the filter named `name`; returns the new list.
pub async fn delete(app: AppState, name: &str) -> Result<Vec<SavedFilter>, StoreError> {
    let updated = saved_filters::remove(list(app).await?, name);
    write(app, &updated).await?;
    Ok(updated)
}

async fn write(app: AppState, list: &[SavedFilter]) -> Result<(), StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    store.write(Batch::new().put(Setting { key: SETTING_KEY.into(), value: encode(list) })).await
}

fn encode(list: &[SavedFilter]) -> String {
    browser::to_json(list).unwrap_or_else(|| "[]".into())
}

/// The stored list; `None` when the setting is damaged (the picker then starts empty).
fn decode(text: &str) -> Option<Vec<SavedFilter>> {
    browser::from_json(text)
}
