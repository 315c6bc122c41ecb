//! Supplier and trade-partner writes: saving or deleting one, each with its audit entry under
//! its own target in one transaction.

use super::{get_revised, save_opened, Context, Saved};
use crate::domain::audit;
use crate::domain::model::{AuditAction, Id, Supplier, TradePartner};
use crate::domain::partners::form::{apply_trade_partner, SupplierDraft};
use crate::store::{Base, Key, Record, Revised, Store, StoreError};

fn action(updating: bool) -> AuditAction {
    if updating {
        AuditAction::Update
    } else {
        AuditAction::Create
    }
}

/// Saves the supplier form (a new supplier when `opened` is `None`) with its audit entry in one
/// transaction, from the revision the form opened (see [`save_opened`]).
pub async fn save_supplier(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Revised<Supplier>>,
    draft: &SupplierDraft,
) -> Result<Saved<Supplier>, StoreError> {
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
        write(store, ctx, None, Base::New, supplier.clone(), target).await?;
        return Ok(Saved::Stored { record: supplier, merged_with: None });
    };
    let id = opened.record.id;
    let mine = stamped(ctx, draft.apply(&opened.record));
    save_opened(store, id, opened, &mine, async |over| {
        write(store, ctx, Some(&over.before), over.base, over.record.clone(), audit::supplier_target(id)).await
    })
    .await
}

/// Saves the trade-partner form (a new partner when `opened` is `None`) with its audit entry in
/// one transaction, from the revision the form opened (see [`save_opened`]).
pub async fn save_trade_partner(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Revised<TradePartner>>,
    edited: &TradePartner,
) -> Result<Saved<TradePartner>, StoreError> {
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
        write(store, ctx, None, Base::New, partner.clone(), target).await?;
        return Ok(Saved::Stored { record: partner, merged_with: None });
    };
    let id = opened.record.id;
    let mine = stamped(ctx, apply_trade_partner(edited, &opened.record));
    save_opened(store, id, opened, &mine, async |over| {
        write(store, ctx, Some(&over.before), over.base, over.record.clone(), audit::trade_partner_target(id)).await
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

/// Deletes supplier `shown` from the revision it was shown at: refused as changed when it changed
/// since and as not found when it is gone, nothing written; the audit entry keeps every field
/// it had.
pub async fn delete_supplier(
    store: &impl Store,
    ctx: &mut Context,
    shown: &Revised<Supplier>,
) -> Result<(), StoreError> {
    let id = shown.record.id;
    delete(store, ctx, id, shown, audit::supplier_target(id)).await
}

/// Deletes trade partner `shown` from the revision it was shown at, as [`delete_supplier`].
pub async fn delete_trade_partner(
    store: &impl Store,
    ctx: &mut Context,
    shown: &Revised<TradePartner>,
) -> Result<(), StoreError> {
    let id = shown.record.id;
    delete(store, ctx, id, shown, audit::trade_partner_target(id)).await
}

/// Deletes record `id` of kind `R` at the revision `shown` has, with an audit entry under
/// `target` listing what it held, in one transaction.
async fn delete<R: Record + audit::Audited>(
    store: &impl Store,
    ctx: &mut Context,
    id: Id,
    shown: &Revised<R>,
    target: String,
) -> Result<(), StoreError> {
    // A record deleted meanwhile is gone: a second deletion would only write a second entry.
    get_revised::<R>(store, id).await?.ok_or_else(|| StoreError::not_found(R::ENTITY, id))?;
    let changes = audit::diff(Some(&shown.record), None);
    let entry = audit::entry_for(ctx.new_id(), ctx.now_ms, ctx.user, target, AuditAction::Delete, changes, "");
    store.write(ctx.batch().delete_at::<R>(Key::Id(id), shown.base()).put_all(entry)).await
}
