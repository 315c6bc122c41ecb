//! Supplier and trade-partner writes: saving or deleting one, each with its audit entry under
//! its own target in one transaction.

use super::{over_opened, retrying, Context};
use crate::domain::audit;
use crate::domain::model::{AuditAction, Id, Supplier, TradePartner};
use crate::domain::partners::form::{apply_trade_partner, SupplierDraft};
use crate::store::{Base, Key, Record, Revised, Revision, Store, StoreError};

fn action(updating: bool) -> AuditAction {
    if updating {
        AuditAction::Update
    } else {
        AuditAction::Create
    }
}

/// A partner form's save: the record's id and the other write it was merged with, if it
/// changed (in other fields) since the form opened.
pub type Saved = (Id, Option<Revision>);

/// Saves the supplier form (a new supplier when `opened` is `None`) with its audit entry in one
/// transaction, from the revision the form opened (see [`over_opened`]).
pub async fn save_supplier(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Revised<Supplier>>,
    draft: &SupplierDraft,
) -> Result<Saved, StoreError> {
    let stamped = |ctx: &Context, supplier: Supplier| Supplier {
        modified_by: ctx.user.unwrap_or(0),
        modified_at: Some(ctx.today),
        ..supplier
    };
    let Some(opened) = opened else {
        let new = Supplier {
            id: ctx.new_id(),
            created_by: ctx.user.unwrap_or(0),
            created_at: Some(ctx.today),
            ..Supplier::default()
        };
        let supplier = stamped(ctx, draft.apply(&new));
        let target = audit::supplier_target(supplier.id);
        write(store, ctx, None, Base::New, supplier, target).await?;
        return Ok((new.id, None));
    };
    let id = opened.record.id;
    let mine = stamped(ctx, draft.apply(&opened.record));
    retrying(async || {
        let over = over_opened(store, id, opened, mine.clone()).await?;
        write(store, ctx, Some(&over.before), over.base, over.record, audit::supplier_target(id)).await?;
        Ok((id, over.merged_with))
    })
    .await
}

/// Saves the trade-partner form (a new partner when `opened` is `None`) with its audit entry in
/// one transaction, from the revision the form opened (see [`over_opened`]).
pub async fn save_trade_partner(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Revised<TradePartner>>,
    edited: &TradePartner,
) -> Result<Saved, StoreError> {
    let stamped = |ctx: &Context, partner: TradePartner| TradePartner {
        modified_by: ctx.user.unwrap_or(0),
        modified_at: Some(ctx.today),
        ..partner
    };
    let Some(opened) = opened else {
        let new = TradePartner {
            id: ctx.new_id(),
            created_by: ctx.user.unwrap_or(0),
            created_at: Some(ctx.today),
            ..TradePartner::default()
        };
        let partner = stamped(ctx, apply_trade_partner(edited, &new));
        let target = audit::trade_partner_target(partner.id);
        write(store, ctx, None, Base::New, partner, target).await?;
        return Ok((new.id, None));
    };
    let id = opened.record.id;
    let mine = stamped(ctx, apply_trade_partner(edited, &opened.record));
    retrying(async || {
        let over = over_opened(store, id, opened, mine.clone()).await?;
        write(store, ctx, Some(&over.before), over.base, over.record, audit::trade_partner_target(id)).await?;
        Ok((id, over.merged_with))
    })
    .await
}

/// Stores `after` from `base` with the audit entry of what it changes of `before` (none: a new
/// record) under `target`.
async fn write<R: Record + audit::Audited>(
    store: &impl Store,
    ctx: &mut Context,
    before: Option<&R>,
    base: Base,
    after: R,
    target: String,
) -> Result<(), StoreError> {
    let changes = audit::diff(before, Some(&after));
    let entry = audit::entry_for(ctx.new_id(), ctx.now_ms, ctx.user, target, action(before.is_some()), changes, "");
    store.write(ctx.batch().update(after, base).create_all(entry)).await
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
