//! Sales-order writes: saving or deleting a customer's order, each the order and its audit entry
//! under the customer's target in one transaction; the current user is required as the author.
//! The form saves from the revision it opened, its lines merged by their own ids (lines stored
//! before they had ids keyed by position, alike on every side: `Mergeable::keyed`).

use super::{save_opened, Context, Saved};
use crate::domain::audit;
use crate::domain::fields::is_taken;
use crate::domain::model::{AuditAction, Id, Order};
use crate::domain::orders::form::OrderDraft;
use crate::domain::orders::lines;
use crate::store::{Base, Entity, Key, Revised, Store, StoreError};

/// Order `id` with its revision and its lines keyed, as the form opens it.
pub async fn open(store: &impl Store, id: Id) -> Result<Option<Revised<Order>>, StoreError> {
    let opened = super::get_revised::<Order>(store, id).await?;
    Ok(opened.map(|Revised { record, revision }| Revised { record: lines::keyed(record), revision }))
}

/// Saves the form as customer `customer_id`'s order (new when `opened` is `None`) with one
/// audit entry of the fields changed, in one transaction, from the revision the form opened: a
/// change made since merges field by field and line by line, or comes back as
/// [`Saved::Clashed`] with nothing written. Lines added in the form get new ids. Refused when
/// the number is another order's, or the order is gone.
pub async fn save(
    store: &impl Store,
    ctx: &mut Context,
    customer_id: Id,
    opened: Option<&Revised<Order>>,
    draft: &OrderDraft,
) -> Result<Saved<Order>, StoreError> {
    let user = ctx.author()?;
    let id = opened.map(|o| o.record.id);
    let orders: Vec<Order> = store.get_all().await?;
    // Another tab may have used the number since the form was opened.
    let taken: Vec<String> = orders.iter().filter(|o| Some(o.id) != id).map(|o| o.number.clone()).collect();
    if is_taken(&draft.number, &taken) {
        return Err(StoreError::number_taken(&draft.number));
    }
    let Some(opened) = opened else {
        let new = Order { id: ctx.new_id(), customer_id, ..Order::default() };
        let order = with_line_ids(ctx, draft.apply(&new));
        write(store, ctx, user, None, Base::New, &order).await?;
        return Ok(Saved::Stored { record: order, merged_with: None });
    };
    let id = opened.record.id;
    let opened = Revised { record: lines::keyed(opened.record.clone()), revision: opened.revision };
    let mine = with_line_ids(ctx, draft.apply(&opened.record));
    save_opened(store, id, &opened, &mine, async |over| {
        write(store, ctx, user, Some(&over.before), over.base, &over.record).await
    })
    .await
}

/// `order` with a new id for each line added in the form.
fn with_line_ids(ctx: &mut Context, mut order: Order) -> Order {
    for line in order.lines.iter_mut().filter(|line| line.id == 0) {
        line.id = ctx.new_id();
    }
    order
}

/// Stores `order` from `base` with the audit entry of what it changes of `before` (none: a new
/// order) under its customer.
async fn write(
    store: &impl Store,
    ctx: &mut Context,
    user: Id,
    before: Option<&Order>,
    base: Base,
    order: &Order,
) -> Result<(), StoreError> {
    let changes = audit::diff(before, Some(order));
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let mut batch = ctx.batch().update(order.clone(), base);
    if let Some(entry) = audit::entry(ctx.new_id(), ctx.now_ms, Some(user), order.customer_id, action, changes, "") {
        batch = batch.create(entry);
    }
    store.write(batch).await
}

/// Deletes order `shown.record` as it was shown (at its revision): refused as changed when it
/// changed since, nothing written. Its audit entry keeps every field it had and the optional
/// `reason`.
pub async fn delete(
    store: &impl Store,
    ctx: &mut Context,
    shown: &Revised<Order>,
    reason: &str,
) -> Result<(), StoreError> {
    let user = ctx.author()?;
    let id = shown.record.id;
    let stored =
        super::get_revised::<Order>(store, id).await?.ok_or_else(|| StoreError::not_found(Entity::Order, id))?;
    if stored.revision != shown.revision {
        return Err(StoreError::changed(Entity::Order, &Key::Id(id)));
    }
    let before = stored.record;
    let changes = audit::diff(Some(&before), None);
    let entry =
        audit::entry(ctx.new_id(), ctx.now_ms, Some(user), before.customer_id, AuditAction::Delete, changes, reason);
    store.write(ctx.batch().delete_at::<Order>(Key::Id(id), shown.base()).put_all(entry)).await
}
