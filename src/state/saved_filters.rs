//! The customer list's saved filters (see [`usecases::saved_filters`]).
//!
//! Saving does not mark the workspace changed: no view but the filter picker reads the list,
//! and re-reading the whole customer book for it would cost a large workspace a second.

use super::app::AppState;
use crate::domain::customers::saved_filters::SavedFilter;
use crate::store::StoreError;
use crate::usecases;

pub async fn list(app: AppState) -> Result<Vec<SavedFilter>, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    usecases::saved_filters::list(&*store).await
}

/// Saves `saved`, replacing a filter of the same name; returns the new list.
pub async fn save(app: AppState, saved: SavedFilter) -> Result<Vec<SavedFilter>, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    usecases::saved_filters::save(&*store, &mut app.context(), saved).await
}

/// Deletes the filter named `name`; returns the new list.
pub async fn delete(app: AppState, name: &str) -> Result<Vec<SavedFilter>, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    usecases::saved_filters::delete(&*store, &mut app.context(), name).await
}
