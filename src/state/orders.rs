//! Sales orders (销售订单) from a customer's page: what the order form reads, and saving or
//! deleting one. Every write is one transaction holding the order and its audit entry under the
//! customer's target, so it shows in the customer's history. The form saves from the revision
//! it opened; a draft that could not be saved is kept for the tab.

use super::app::{AppState, Notice};
use super::drafts;
use crate::domain::model::{Customer, Id, Order, User};
use crate::domain::orders::form::OrderDraft;
use crate::domain::orders::lines;
use crate::store::{Reads, Revised, Store, StoreError};
use crate::usecases::{self, Saved};
use leptos::prelude::*;

/// Everything the order form needs, read in one transaction.
#[derive(Clone)]
pub struct OrderForm {
    pub customer: Customer,
    /// The stored order with its revision, lines keyed, when editing; `None` for a new one.
    pub order: Option<Revised<Order>>,
    /// The numbers of the workspace's other orders, which this one may not reuse.
    pub taken: Vec<String>,
    /// Active users by name, and the stored owner even if no longer active.
    pub owners: Vec<User>,
    /// Every user, to name who saved a change made elsewhere.
    pub users: Vec<User>,
}

/// The form's data for customer `customer_id` and its order `order_id` (a new order when
/// `None`); `None` when the customer, or that order of it, does not exist.
pub async fn form(app: AppState, customer_id: Id, order_id: Option<Id>) -> Result<Option<OrderForm>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let (customer, orders, users) = (reads.key::<Customer>(customer_id), reads.all::<Order>(), reads.all::<User>());
    let orders = reads.with_revisions(orders);
    let mut read = db.read_many(&reads).await?;
    let Some(customer) = read.one(customer) else { return Ok(None) };
    let orders = read.take_revised(orders);
    let order = match order_id {
        Some(id) => match orders.iter().find(|o| o.record.id == id && o.record.customer_id == customer_id) {
            Some(order) => Some(Revised { record: lines::keyed(order.record.clone()), revision: order.revision }),
            None => return Ok(None),
        },
        None => None,
    };
    let taken = orders.iter().filter(|o| Some(o.record.id) != order_id).map(|o| o.record.number.clone()).collect();
    let owner = order.as_ref().map(|o| o.record.owner);
    let users = read.take(users);
    let mut owners: Vec<User> = users.iter().filter(|u| u.active || Some(u.id) == owner).cloned().collect();
    owners.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(OrderForm { customer, order, taken, owners, users }))
}

/// Order `id` as stored now with its revision, lines keyed; `None` when it is gone.
pub async fn opened(app: AppState, id: Id) -> Result<Option<Revised<Order>>, StoreError> {
    usecases::orders::open(&*app.store().ok_or_else(StoreError::not_open)?, id).await
}

/// Saves the form as customer `customer_id`'s order from the revision it opened (see
/// [`usecases::orders::save`]); a save merged with a change made meanwhile says so.
pub async fn save(
    app: AppState,
    customer_id: Id,
    opened: Option<&Revised<Order>>,
    draft: &OrderDraft,
) -> Result<Saved<Order>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::orders::save(&*db, &mut app.context(), customer_id, opened, draft).await?;
    if let Saved::Stored { merged_with, .. } = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// Deletes the order as it was `shown` (see [`usecases::orders::delete`]): refused when it
/// changed since.
pub async fn delete(app: AppState, shown: &Revised<Order>, reason: &str) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::orders::delete(&*db, &mut app.context(), shown, reason).await?;
    app.changed();
    Ok(())
}

/// The order form's name among kept drafts.
const FORM: &str = "orders";

/// An order form's draft that could not be saved, with the revision it was opened from.
pub type KeptDraft = drafts::Kept<Revised<Order>, OrderDraft>;

/// The draft kept for order `id`, if any.
pub fn kept_draft(app: AppState, id: Id) -> Option<KeptDraft> {
    drafts::kept(app, FORM, Some(id))
}

/// Keeps `draft` of order `id` (opened from `opened`) for this tab.
pub fn keep_draft(app: AppState, id: Id, opened: &Revised<Order>, draft: &OrderDraft) {
    drafts::keep(app, FORM, Some(id), Some(opened), draft);
}

/// Forgets the draft kept for order `id`.
pub fn discard_draft(app: AppState, id: Id) {
    drafts::discard(app, FORM, Some(id));
}
