//! Suppliers and trade partners: reading the lists (with the locale's collation ranks of their
//! names) and saving or deleting one, each write one transaction with its audit entry. A form
//! saves from the revision it opened; a draft that could not be saved is kept for the tab.

use super::app::{AppState, Notice};
use super::{browser, drafts};
use crate::domain::merge::Mergeable;
use crate::domain::model::{Id, Supplier, TradePartner};
use crate::domain::partners::form::SupplierDraft;
use crate::store::{Reads, Record, Revised, Store, StoreError};
use crate::usecases::{self, Saved};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

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

/// A partner kind with its form: the draft the form edits, its name among kept drafts, and
/// its save (from the revision the form opened).
pub trait PartnerRecord: Mergeable + Record + Default + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The record as its form edits it.
    type Draft: Clone + Serialize + DeserializeOwned + Send + Sync + 'static;
    /// The form's name among kept drafts.
    const FORM: &'static str;

    /// A draft showing this record.
    fn draft(&self) -> Self::Draft;

    /// Saves the form (a new record when `opened` is `None`) through the kind's use case.
    fn save_form(
        app: AppState,
        opened: Option<&Revised<Self>>,
        draft: &Self::Draft,
    ) -> impl Future<Output = Result<Saved<Self>, StoreError>>;
}

impl PartnerRecord for Supplier {
    type Draft = SupplierDraft;
    const FORM: &'static str = "suppliers";

    fn draft(&self) -> SupplierDraft {
        SupplierDraft::of(self)
    }

    /// See [`usecases::partners::save_supplier`].
    async fn save_form(
        app: AppState,
        opened: Option<&Revised<Supplier>>,
        draft: &SupplierDraft,
    ) -> Result<Saved<Supplier>, StoreError> {
        let db = app.store().ok_or_else(StoreError::not_open)?;
        usecases::partners::save_supplier(&*db, &mut app.context(), opened, draft).await
    }
}

impl PartnerRecord for TradePartner {
    type Draft = TradePartner;
    const FORM: &'static str = "trade_partners";

    fn draft(&self) -> TradePartner {
        self.clone()
    }

    /// See [`usecases::partners::save_trade_partner`].
    async fn save_form(
        app: AppState,
        opened: Option<&Revised<TradePartner>>,
        edited: &TradePartner,
    ) -> Result<Saved<TradePartner>, StoreError> {
        let db = app.store().ok_or_else(StoreError::not_open)?;
        usecases::partners::save_trade_partner(&*db, &mut app.context(), opened, edited).await
    }
}

/// Partner `id` of kind `R` with its revision, as its form opens it.
pub async fn opened<R: PartnerRecord>(app: AppState, id: Id) -> Result<Option<Revised<R>>, StoreError> {
    usecases::get_revised(&*app.store().ok_or_else(StoreError::not_open)?, id).await
}

/// Saves a partner form from what it opened; a save merged with a change made meanwhile says so
/// in a notice, one that clashed with it comes back to decide (nothing written).
pub async fn save<R: PartnerRecord>(
    app: AppState,
    opened: Option<&Revised<R>>,
    draft: &R::Draft,
) -> Result<Saved<R>, StoreError> {
    let saved = R::save_form(app, opened, draft).await?;
    if let Saved::Stored { merged_with, .. } = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// A partner form's draft that could not be saved, with what it was opened from.
pub type KeptDraft<R> = drafts::Kept<Revised<R>, <R as PartnerRecord>::Draft>;

/// The draft kept for partner `id` of kind `R` (`None`: a new partner's form), if any.
pub fn kept_draft<R: PartnerRecord>(app: AppState, id: Option<Id>) -> Option<KeptDraft<R>> {
    drafts::kept(app, R::FORM, id)
}

/// Keeps `draft` of partner `id` of kind `R` (opened from `opened`) for this tab.
pub fn keep_draft<R: PartnerRecord>(app: AppState, id: Option<Id>, opened: Option<&Revised<R>>, draft: &R::Draft) {
    drafts::keep(app, R::FORM, id, opened, draft);
}

/// Forgets the draft kept for partner `id` of kind `R`.
pub fn discard_draft<R: PartnerRecord>(app: AppState, id: Option<Id>) {
    drafts::discard(app, R::FORM, id);
}

/// Deletes supplier `shown` as the form showed it (refused when it changed since).
pub async fn delete_supplier(app: AppState, shown: &Revised<Supplier>) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::partners::delete_supplier(&*db, &mut app.context(), shown).await?;
    app.changed();
    Ok(())
}

/// Deletes trade partner `shown` as the form showed it (refused when it changed since).
pub async fn delete_trade_partner(app: AppState, shown: &Revised<TradePartner>) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::partners::delete_trade_partner(&*db, &mut app.context(), shown).await?;
    app.changed();
    Ok(())
}
