//! Sales orders (销售订单) from a customer's page: what the order form reads, and saving or
//! deleting one. Every write is one transaction holding the order and its audit entry under the
//! customer's target, so it shows in the customer's history.

use super::app::AppState;
use crate::domain::model::{Customer, Id, Order, User};
use crate::domain::orders::form::OrderDraft;
use crate::store::{Reads, Store, StoreError};
use crate::usecases;

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
    let mut reads = Reads::new();
    let (customer, orders, users) = (reads.key::<Customer>(customer_id), reads.all::<Order>(), reads.all::<User>());
    let mut read = db.read_many(&reads).await?;
    let Some(customer) = read.one(customer) else { return Ok(None) };
    let orders = read.take(orders);
    let order = match order_id {
        Some(id) => match orders.iter().find(|o| o.id == id && o.customer_id == customer_id) {
            Some(order) => Some(order.clone()),
            None => return Ok(None),
        },
        None => None,
    };
    let taken = orders.iter().filter(|o| Some(o.id) != order_id).map(|o| o.number.clone()).collect();
    let owner = order.as_ref().map(|o| o.owner);
    let mut owners: Vec<User> = read.take(users).into_iter().filter(|u| u.active || Some(u.id) == owner).collect();
    owners.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(OrderForm { customer, order, taken, owners }))
}

/// Saves the form as customer `customer_id`'s order (see [`usecases::orders::save`]); returns
/// the order's id.
pub async fn save(app: AppState, customer_id: Id, id: Option<Id>, draft: &OrderDraft) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let id = usecases::orders::save(&*db, &mut app.context(), customer_id, id, draft).await?;
    app.changed();
    Ok(id)
}

/// Deletes order `id` (see [`usecases::orders::delete`]).
pub async fn delete(app: AppState, id: Id, reason: &str) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::orders::delete(&*db, &mut app.context(), id, reason).await?;
    app.changed();
    Ok(())
}
