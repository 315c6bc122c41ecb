//! Suppliers and trade partners: reading the lists (with the locale's collation ranks of their
//! names) and saving or deleting one, each write one transaction with its audit entry.

use super::app::{AppState, Notice};
use super::browser;
use crate::domain::model::{Id, Supplier, TradePartner};
use crate::domain::partners::form::SupplierDraft;
use crate::store::{Reads, Revised, Store, StoreError};
use crate::usecases;
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
    let mut reads = Reads::new();
    let (suppliers, partners) = (reads.all::<Supplier>(), reads.all::<TradePartner>());
    let mut read = db.read_many(&reads).await?;
    let (suppliers, partners) = (read.take(suppliers), read.take(partners));
    let locale = app.locale.get_untracked().tag();
    let names: Vec<&str> = suppliers.iter().map(|s| s.name.as_str()).collect();
    let supplier_ranks = browser::collation_ranks(&names, locale);
    let names: Vec<&str> = partners.iter().map(|p| p.name.as_str()).collect();
    let partner_ranks = browser::collation_ranks(&names, locale);
    Ok(PartnerBook { suppliers, supplier_ranks, partners, partner_ranks })
}

/// Supplier `id` with its revision, as its form opens it.
pub async fn supplier(app: AppState, id: Id) -> Result<Option<Revised<Supplier>>, StoreError> {
    usecases::get_revised(&*app.store().ok_or_else(StoreError::not_open)?, id).await
}

/// Trade partner `id` with its revision, as its form opens it.
pub async fn trade_partner(app: AppState, id: Id) -> Result<Option<Revised<TradePartner>>, StoreError> {
    usecases::get_revised(&*app.store().ok_or_else(StoreError::not_open)?, id).await
}

/// A partner form's save done: a save merged with a change made meanwhile says so.
fn saved(app: AppState, (id, merged_with): usecases::partners::Saved) -> Id {
    app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
    app.changed();
    id
}

/// Saves the supplier form from what it opened (see [`usecases::partners::save_supplier`]).
pub async fn save_supplier(
    app: AppState,
    opened: Option<&Revised<Supplier>>,
    draft: &SupplierDraft,
) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    Ok(saved(app, usecases::partners::save_supplier(&*db, &mut app.context(), opened, draft).await?))
}

/// Saves the trade-partner form from what it opened (see
/// [`usecases::partners::save_trade_partner`]).
pub async fn save_trade_partner(
    app: AppState,
    opened: Option<&Revised<TradePartner>>,
    edited: &TradePartner,
) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    Ok(saved(app, usecases::partners::save_trade_partner(&*db, &mut app.context(), opened, edited).await?))
}

/// Deletes supplier `id`; the audit entry keeps every field it had.
pub async fn delete_supplier(app: AppState, id: Id) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::partners::delete_supplier(&*db, &mut app.context(), id).await?;
    app.changed();
    Ok(())
}

/// Deletes trade partner `id`; the audit entry keeps every field it had.
pub async fn delete_trade_partner(app: AppState, id: Id) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::partners::delete_trade_partner(&*db, &mut app.context(), id).await?;
    app.changed();
    Ok(())
}
