//! The people of a workspace: adding one, and storing a sales-team file's people.

use super::Context;
use crate::domain::model::{Id, User, UserRole};
use crate::store::{Store, StoreError};

/// Adds an active user named `name` and returns its id.
pub async fn add(store: &impl Store, ctx: &mut Context, name: &str, role: UserRole) -> Result<Id, StoreError> {
    let user = User { id: ctx.new_id(), name: name.trim().to_owned(), role, active: true, ..User::default() };
    let id = user.id;
    store.write(ctx.batch().put(user)).await?;
    Ok(id)
}

/// Writes the people of a sales-team file (new and updated) in one transaction.
pub async fn commit(store: &impl Store, ctx: &mut Context, users: Vec<User>) -> Result<(), StoreError> {
    store.write(ctx.batch().put_all(users)).await
}
