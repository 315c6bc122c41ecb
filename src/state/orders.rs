//! Sales orders (销售订单) from a customer's page: what the order form reads, and saving or
//! deleting one. Every write is one transaction holding the order and its audit entry under the
//! customer's target, so it shows in the customer's history.

use super::app::AppState;
use super::browser;
use crate::domain::audit;
use crate::domain::model::{AuditAction, Customer, Id, Order, User};
use crate::domain::orders::form::{self as order_form, OrderDraft};
use crate::store::{Batch, Entity, Key, Lookup, Store, StoreError, StoreErrorKind};
use leptos::prelude::*;

/// Everything the order form needs, read in one transaction.
#[derive(Clone)]
pub struct OrderForm {
    pub customer: Customer,
    /// The stored order when editing; `None` for a new one.
    pub order: Option<Order>,
    /// The numbers of the workspace's other orders, which this one may not reuse.
    pub taken: Vec<String>,
    /// Active users by name, and the stored owner even if no longer active.
    pub owners: Vec<User>,
}

/// The form's data for customer `customer_id` and its order `order_id` (a new order when
/// `None`); `None` when the customer, or that order of it, does not exist.
pub async fn form(app: AppState, customer_id: Id, order_id: Option<Id>) -> Result<Option<OrderForm>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut read = db
        .read_many(&[
            Lookup::Key(Entity::Customer, Key::Id(customer_id)),
            Lookup::All(Entity::Order),
            Lookup::All(Entity::User),
        ])
        .await?;
    let Some(customer) = read.take::<Customer>(0).pop() else { return Ok(None) };
    let orders: Vec<Order> = read.take(1);
    let order = match order_id {
        Some(id) => match orders.iter().find(|o| o.id == id && o.customer_id == customer_id) {
            Some(order) => Some(order.clone()),
            None => return Ok(None),
        },
        None => None,
    };
    let taken = orders.iter().filter(|o| Some(o.id) != order_id).map(|o| o.number.clone()).collect();
    let owner = order.as_ref().map(|o| o.owner);
    let mut owners: Vec<User> = read.take::<User>(2).into_iter().filter(|u| u.active || Some(u.id) == owner).collect();
    owners.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(OrderForm { customer, order, taken, owners }))
}

/// Saves the form as customer `customer_id`'s order (new when `id` is `None`) with one audit
/// entry of the fields changed, in one transaction; the current user is its author. Returns
/// the order's id.
pub async fn save(app: AppState, customer_id: Id, id: Option<Id>, draft: &OrderDraft) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let user = app.current_user.get_untracked();
    user.ok_or_else(no_author)?;
    let orders: Vec<Order> = db.get_all().await?;
    let before = match id {
        Some(id) => Some(orders.iter().find(|o| o.id == id).cloned().ok_or_else(|| gone(id))?),
        None => None,
    };
    // Another tab may have used the number since the form was opened.
    let taken: Vec<String> = orders.iter().filter(|o| Some(o.id) != id).map(|o| o.number.clone()).collect();
    if order_form::is_taken(&draft.number, &taken) {
        return Err(StoreError::new(StoreErrorKind::Other, format!("order number {} is already used", draft.number)));
    }
    let base = before.clone().unwrap_or_else(|| Order { id: browser::new_id(), customer_id, ..Order::default() });
    let order = draft.apply(&base);
    let changes = audit::diff(before.as_ref(), Some(&order));
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let mut batch = Batch::new().put(order.clone());
    if let Some(entry) = audit::entry(browser::new_id(), browser::now_ms(), user, customer_id, action, changes, "") {
        batch = batch.put(entry);
    }
    db.write(batch).await?;
    app.changed();
    Ok(order.id)
}

/// Deletes order `id`; its audit entry keeps every field it had and the optional `reason`.
pub async fn delete(app: AppState, id: Id, reason: &str) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let user = app.current_user.get_untracked();
    user.ok_or_else(no_author)?;
    let before: Order = db.get(Key::Id(id)).await?.ok_or_else(|| gone(id))?;
    let changes = audit::diff(Some(&before), None);
    let entry = audit::entry(
        browser::new_id(),
        browser::now_ms(),
        user,
        before.customer_id,
        AuditAction::Delete,
        changes,
        reason,
    );
    db.write(Batch::new().delete::<Order>(Key::Id(id)).put_all(entry)).await?;
    app.changed();
    Ok(())
}

fn no_author() -> StoreError {
    StoreError::new(StoreErrorKind::Other, "no current user to record it by")
}

fn gone(id: Id) -> StoreError {
    StoreError::new(StoreErrorKind::Other, format!("order {id} no longer exists"))
}
