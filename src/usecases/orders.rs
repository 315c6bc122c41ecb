//! Sales-order writes: saving or deleting a customer's order, each the order and its audit entry
//! under the customer's target in one transaction; the current user is required as the author.

use super::Context;
use crate::domain::audit;
use crate::domain::model::{AuditAction, Id, Order};
use crate::domain::orders::form::{self as order_form, OrderDraft};
use crate::store::{Entity, Key, Store, StoreError};

/// Saves the form as customer `customer_id`'s order (new when `id` is `None`) with one audit
/// entry of the fields changed, in one transaction. Refused when the number is another order's.
/// Returns the order's id.
pub async fn save(
    store: &impl Store,
    ctx: &mut Context,
    customer_id: Id,
    id: Option<Id>,
    draft: &OrderDraft,
) -> Result<Id, StoreError> {
    let user = ctx.author()?;
    let orders: Vec<Order> = store.get_all().await?;
    let before = match id {
        Some(id) => {
            Some(orders.iter().find(|o| o.id == id).cloned().ok_or_else(|| StoreError::not_found(Entity::Order, id))?)
        }
        None => None,
    };
    // Another tab may have used the number since the form was opened.
    let taken: Vec<String> = orders.iter().filter(|o| Some(o.id) != id).map(|o| o.number.clone()).collect();
    if order_form::is_taken(&draft.number, &taken) {
        return Err(StoreError::number_taken(&draft.number));
    }
    let base = match &before {
        Some(before) => before.clone(),
        None => Order { id: ctx.new_id(), customer_id, ..Order::default() },
    };
    let order = draft.apply(&base);
    let changes = audit::diff(before.as_ref(), Some(&order));
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let mut batch = ctx.batch().put(order.clone());
    if let Some(entry) = audit::entry(ctx.new_id(), ctx.now_ms, Some(user), customer_id, action, changes, "") {
        batch = batch.put(entry);
    }
    store.write(batch).await?;
    Ok(order.id)
}

/// Deletes order `id`; its audit entry keeps every field it had and the optional `reason`.
pub async fn delete(store: &impl Store, ctx: &mut Context, id: Id, reason: &str) -> Result<(), StoreError> {
    let user = ctx.author()?;
    let before: Order = store.get(Key::Id(id)).await?.ok_or_else(|| StoreError::not_found(Entity::Order, id))?;
    let changes = audit::diff(Some(&before), None);
    let entry =
        audit::entry(ctx.new_id(), ctx.now_ms, Some(user), before.customer_id, AuditAction::Delete, changes, reason);
    store.write(ctx.batch().delete::<Order>(Key::Id(id)).put_all(entry)).await?;
    Ok(())
}
