//! The people of the active workspace: users are names in this offline app, picked as the
//! device's current user and placed on account teams.

use super::app::AppState;
use crate::domain::model::{Id, User, UserRole};
use crate::store::{Store, StoreError};
use crate::usecases;

/// Every user, active first, then by name.
pub async fn list(app: AppState) -> Result<Vec<User>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut users: Vec<User> = db.get_all().await?;
    users.sort_by(|a, b| b.active.cmp(&a.active).then_with(|| a.name.cmp(&b.name)));
    Ok(users)
}

/// Adds an active user named `name` and returns its id.
pub async fn add(app: AppState, name: &str, role: UserRole) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let id = usecases::users::add(&*db, &mut app.context(), name, role).await?;
    app.changed();
    Ok(id)
}
