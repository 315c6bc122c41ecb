//! Suppliers and trade partners: reading the lists (with the locale's collation ranks of their
//! names) and saving or deleting one, each write one transaction with its audit entry.

use super::app::AppState;
use super::browser;
use crate::domain::audit;
use crate::domain::date::Date;
use crate::domain::model::{AuditAction, Id, Supplier, TradePartner};
use crate::domain::partners::form::{apply_trade_partner, SupplierDraft};
use crate::store::{Batch, Entity, Key, Lookup, Record, Store, StoreError, StoreErrorKind};
use leptos::prelude::*;

/// Every supplier and trade partner, with each name's collation rank in the user's language.
pub struct PartnerBook {
    pub suppliers: Vec<Supplier>,
    pub supplier_ranks: Vec<u32>,
    pub partners: Vec<TradePartner>,
    pub partner_ranks: Vec<u32>,
}

/// Both lists, read in one transaction.
pub async fn book(app: AppState) -> Result<PartnerBook, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut read = db.read_many(&[Lookup::All(Entity::Supplier), Lookup::All(Entity::TradePartner)]).await?;
    let suppliers: Vec<Supplier> = read.take(0);
    let partners: Vec<TradePartner> = read.take(1);
    let locale = app.locale.get_untracked().tag();
    let names: Vec<&str> = suppliers.iter().map(|s| s.name.as_str()).collect();
    let supplier_ranks = browser::collation_ranks(&names, locale);
    let names: Vec<&str> = partners.iter().map(|p| p.name.as_str()).collect();
    let partner_ranks = browser::collation_ranks(&names, locale);
    Ok(PartnerBook { suppliers, supplier_ranks, partners, partner_ranks })
}

pub async fn supplier(app: AppState, id: Id) -> Result<Option<Supplier>, StoreError> {
    app.store().ok_or_else(StoreError::not_open)?.get(Key::Id(id)).await
}

pub async fn trade_partner(app: AppState, id: Id) -> Result<Option<TradePartner>, StoreError> {
    app.store().ok_or_else(StoreError::not_open)?.get(Key::Id(id)).await
}

/// Who is writing, and when.
struct Stamp {
    user: Option<Id>,
    now_ms: i64,
    today: Date,
}

fn stamp(app: AppState) -> Stamp {
    Stamp { user: app.current_user.get_untracked(), now_ms: browser::now_ms(), today: browser::today() }
}

fn action(updating: bool) -> AuditAction {
    if updating {
        AuditAction::Update
    } else {
        AuditAction::Create
    }
}

/// Saves the supplier form (a new supplier when `id` is `None`) with its audit entry in one
/// transaction; returns the supplier's id.
pub async fn save_supplier(app: AppState, id: Option<Id>, draft: &SupplierDraft) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let now = stamp(app);
    let before: Option<Supplier> = match id {
        Some(id) => Some(db.get(Key::Id(id)).await?.ok_or_else(|| gone("supplier", id))?),
        None => None,
    };
    let base = before.clone().unwrap_or_else(|| Supplier {
        id: browser::new_id(),
        created_by: now.user.unwrap_or(0),
        created_at: Some(now.today),
        ..Supplier::default()
    });
    let supplier = Supplier { modified_by: now.user.unwrap_or(0), modified_at: Some(now.today), ..draft.apply(&base) };
    let changes = audit::diff(before.as_ref(), Some(&supplier));
    let target = audit::supplier_target(supplier.id);
    let mut batch = Batch::new().put(supplier.clone());
    if let Some(entry) =
        audit::entry_for(browser::new_id(), now.now_ms, now.user, target, action(before.is_some()), changes, "")
    {
        batch = batch.put(entry);
    }
    db.write(batch).await?;
    app.changed();
    Ok(supplier.id)
}

/// Saves the trade-partner form (a new partner when `id` is `None`) with its audit entry in one
/// transaction; returns the partner's id.
pub async fn save_trade_partner(app: AppState, id: Option<Id>, edited: &TradePartner) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let now = stamp(app);
    let before: Option<TradePartner> = match id {
        Some(id) => Some(db.get(Key::Id(id)).await?.ok_or_else(|| gone("trade partner", id))?),
        None => None,
    };
    let base = before.clone().unwrap_or_else(|| TradePartner {
        id: browser::new_id(),
        created_by: now.user.unwrap_or(0),
        created_at: Some(now.today),
        ..TradePartner::default()
    });
    let partner = TradePartner {
        modified_by: now.user.unwrap_or(0),
        modified_at: Some(now.today),
        ..apply_trade_partner(edited, &base)
    };
    let changes = audit::diff(before.as_ref(), Some(&partner));
    let target = audit::trade_partner_target(partner.id);
    let mut batch = Batch::new().put(partner.clone());
    if let Some(entry) =
        audit::entry_for(browser::new_id(), now.now_ms, now.user, target, action(before.is_some()), changes, "")
    {
        batch = batch.put(entry);
    }
    db.write(batch).await?;
    app.changed();
    Ok(partner.id)
}

/// Deletes supplier `id`; the audit entry keeps every field it had.
pub async fn delete_supplier(app: AppState, id: Id) -> Result<(), StoreError> {
    delete::<Supplier>(app, id, "supplier", audit::supplier_target(id)).await
}

/// Deletes trade partner `id`; the audit entry keeps every field it had.
pub async fn delete_trade_partner(app: AppState, id: Id) -> Result<(), StoreError> {
    delete::<TradePartner>(app, id, "trade partner", audit::trade_partner_target(id)).await
}

/// Deletes record `id` of kind `R` with an audit entry under `target` listing what it held, in
/// one transaction.
async fn delete<R: Record + audit::Audited>(
    app: AppState,
    id: Id,
    kind: &str,
    target: String,
) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let before: R = db.get(Key::Id(id)).await?.ok_or_else(|| gone(kind, id))?;
    let now = stamp(app);
    let changes = audit::diff(Some(&before), None);
    let entry = audit::entry_for(browser::new_id(), now.now_ms, now.user, target, AuditAction::Delete, changes, "");
    db.write(Batch::new().delete::<R>(Key::Id(id)).put_all(entry)).await?;
    app.changed();
    Ok(())
}

fn gone(kind: &str, id: Id) -> StoreError {
    StoreError::new(StoreErrorKind::Other, format!("{kind} {id} no longer exists"))
}
