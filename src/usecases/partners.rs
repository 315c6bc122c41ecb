//! Supplier and trade-partner writes: saving or deleting one, each with its audit entry under
//! its own target in one transaction.

use super::Context;
use crate::domain::audit;
use crate::domain::model::{AuditAction, Id, Supplier, TradePartner};
use crate::domain::partners::form::{apply_trade_partner, SupplierDraft};
use crate::store::{Entity, Key, Record, Store, StoreError};

fn action(updating: bool) -> AuditAction {
    if updating {
        AuditAction::Update
    } else {
        AuditAction::Create
    }
}

/// Saves the supplier form (a new supplier when `id` is `None`) with its audit entry in one
/// transaction; returns the supplier's id.
pub async fn save_supplier(
    store: &impl Store,
    ctx: &mut Context,
    id: Option<Id>,
    draft: &SupplierDraft,
) -> Result<Id, StoreError> {
    let before: Option<Supplier> = match id {
        Some(id) => Some(store.get(Key::Id(id)).await?.ok_or_else(|| StoreError::not_found(Entity::Supplier, id))?),
        None => None,
    };
    let base = match &before {
        Some(before) => before.clone(),
        None => Supplier {
            id: ctx.new_id(),
            created_by: ctx.user.unwrap_or(0),
            created_at: Some(ctx.today),
            ..Supplier::default()
        },
    };
    let supplier = Supplier { modified_by: ctx.user.unwrap_or(0), modified_at: Some(ctx.today), ..draft.apply(&base) };
    let changes = audit::diff(before.as_ref(), Some(&supplier));
    let target = audit::supplier_target(supplier.id);
    let mut batch = ctx.batch().put(supplier.clone());
    if let Some(entry) =
        audit::entry_for(ctx.new_id(), ctx.now_ms, ctx.user, target, action(before.is_some()), changes, "")
    {
        batch = batch.put(entry);
    }
    store.write(batch).await?;
    Ok(supplier.id)
}

/// Saves the trade-partner form (a new partner when `id` is `None`) with its audit entry in one
/// transaction; returns the partner's id.
pub async fn save_trade_partner(
    store: &impl Store,
    ctx: &mut Context,
    id: Option<Id>,
    edited: &TradePartner,
) -> Result<Id, StoreError> {
    let before: Option<TradePartner> = match id {
        Some(id) => Some(store.get(Key::Id(id)).await?.ok_or_else(|| StoreError::not_found(Entity::TradePartner, id))?),
        None => None,
    };
    let base = match &before {
        Some(before) => before.clone(),
        None => TradePartner {
            id: ctx.new_id(),
            created_by: ctx.user.unwrap_or(0),
            created_at: Some(ctx.today),
            ..TradePartner::default()
        },
    };
    let partner = TradePartner {
        modified_by: ctx.user.unwrap_or(0),
        modified_at: Some(ctx.today),
        ..apply_trade_partner(edited, &base)
    };
    let changes = audit::diff(before.as_ref(), Some(&partner));
    let target = audit::trade_partner_target(partner.id);
    let mut batch = ctx.batch().put(partner.clone());
    if let Some(entry) =
        audit::entry_for(ctx.new_id(), ctx.now_ms, ctx.user, target, action(before.is_some()), changes, "")
    {
        batch = batch.put(entry);
    }
    store.write(batch).await?;
    Ok(partner.id)
}

/// Deletes supplier `id`; the audit entry keeps every field it had.
pub async fn delete_supplier(store: &impl Store, ctx: &mut Context, id: Id) -> Result<(), StoreError> {
    delete::<Supplier>(store, ctx, id, audit::supplier_target(id)).await
}

/// Deletes trade partner `id`; the audit entry keeps every field it had.
pub async fn delete_trade_partner(store: &impl Store, ctx: &mut Context, id: Id) -> Result<(), StoreError> {
    delete::<TradePartner>(store, ctx, id, audit::trade_partner_target(id)).await
}

/// Deletes record `id` of kind `R` with an audit entry under `target` listing what it held, in
/// one transaction.
async fn delete<R: Record + audit::Audited>(
    store: &impl Store,
    ctx: &mut Context,
    id: Id,
    target: String,
) -> Result<(), StoreError> {
    let before: R = store.get(Key::Id(id)).await?.ok_or_else(|| StoreError::not_found(R::ENTITY, id))?;
    let changes = audit::diff(Some(&before), None);
    let entry = audit::entry_for(ctx.new_id(), ctx.now_ms, ctx.user, target, AuditAction::Delete, changes, "");
    store.write(ctx.batch().delete::<R>(Key::Id(id)).put_all(entry)).await?;
    Ok(())
}
