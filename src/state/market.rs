//! The market view: the machines seen on site, the markets' sizes, the dealer's deliveries (its
//! machines, in their customers' provinces) and the settings judging them read in one
//! transaction; and the writes (log, edit or delete a sighting, type a market's size, import a
//! file of sizes, estimate sizes from a national total), each one transaction through
//! `usecases::market`.

use super::app::{AppState, Notice};
use super::import::one_import_at_a_time;
use super::stored_setting::StoredSetting;
use crate::domain::fields::FormError;
use crate::domain::market::estimate::Estimate;
use crate::domain::market::form::{MarketDraft, MarketField, SightingDraft};
use crate::domain::market::ours::Delivery;
use crate::domain::market::settings::{MarketSettings, SETTING_KEY};
use crate::domain::market::size::MarketKey;
use crate::domain::market::view::Filter;
use crate::domain::market::{Market, SiteSighting};
use crate::domain::model::{Customer, Id, Machine, Setting, User};
use crate::store::json::from_json;
use crate::store::{Key, Reads, Revised, Store, StoreError};
use crate::usecases::market::SightingProblems;
use crate::usecases::parts::RecordCounts;
use crate::usecases::{self, Saved};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// The target share and the rule's ratios (Settings → Market view).
pub const SETTINGS: StoredSetting<MarketSettings> = StoredSetting::new(SETTING_KEY, "market_settings");

pub struct MarketBook {
    /// Newest first (by the day seen, then as logged).
    pub sightings: Vec<Revised<SiteSighting>>,
    pub markets: Vec<Revised<Market>>,
    pub deliveries: Vec<Delivery>,
    users: HashMap<Id, String>,
    pub settings: MarketSettings,
}

impl MarketBook {
    /// User `id`'s name, if the workspace has the user.
    pub fn user_name(&self, id: Id) -> Option<&str> {
        self.users.get(&id).map(String::as_str)
    }

    pub fn sighting_records(&self) -> Vec<SiteSighting> {
        self.sightings.iter().map(|s| s.record.clone()).collect()
    }

    pub fn market_records(&self) -> Vec<Market> {
        self.markets.iter().map(|m| m.record.clone()).collect()
    }

    /// The province of the sighting logged last: where the next one is most likely seen.
    pub fn last_province(&self) -> String {
        self.sightings.iter().max_by_key(|s| s.record.id).map(|s| s.record.province.clone()).unwrap_or_default()
    }
}

pub async fn book(app: AppState) -> Result<MarketBook, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let sightings = reads.all::<SiteSighting>();
    let sightings = reads.with_revisions(sightings);
    let markets = reads.all::<Market>();
    let markets = reads.with_revisions(markets);
    let (machines, customers, users) = (reads.all::<Machine>(), reads.all::<Customer>(), reads.all::<User>());
    let settings = reads.key::<Setting>(Key::Text(SETTING_KEY.into()));
    let mut read = db.read_many(&reads).await?;
    let mut sightings = read.take_revised(sightings);
    sightings.sort_by(|a, b| b.record.seen_on.cmp(&a.record.seen_on).then(b.record.id.cmp(&a.record.id)));
    let provinces: HashMap<Id, String> = read.take(customers).into_iter().map(|c| (c.id, c.province)).collect();
    let deliveries = read
        .take(machines)
        .into_iter()
        .filter_map(|m| {
            Some(Delivery { province: provinces.get(&m.customer_id)?.clone(), delivered: m.delivered?, model: m.model })
        })
        .collect();
    Ok(MarketBook {
        sightings,
        markets: read.take_revised(markets),
        deliveries,
        users: read.take(users).into_iter().map(|u| (u.id, u.name)).collect(),
        settings: read.take(settings).first().and_then(|s| from_json(&s.value)).unwrap_or_default(),
    })
}

/// Sighting `id` with its revision, as its form opens it.
pub async fn opened(app: AppState, id: Id) -> Result<Option<Revised<SiteSighting>>, StoreError> {
    usecases::get_revised(&*app.store().ok_or_else(StoreError::not_open)?, id).await
}

/// Saves the sighting form from what it opened (see [`usecases::market::save_sighting`]); a save
/// merged with a change made meanwhile says so in a notice.
pub async fn save_sighting(
    app: AppState,
    opened: Option<Revised<SiteSighting>>,
    draft: SightingDraft,
) -> Result<Result<Saved<SiteSighting>, SightingProblems>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::market::save_sighting(&*db, &mut app.context(), opened.as_ref(), &draft).await?;
    if let Ok(Saved::Stored { merged_with, .. }) = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// Deletes sighting `shown` as the form showed it (refused when it changed since).
pub async fn delete_sighting(app: AppState, shown: Revised<SiteSighting>) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::market::delete_sighting(&*db, &mut app.context(), &shown).await?;
    app.changed();
    Ok(())
}

/// Stores a typed market size (see [`usecases::market::save_market`]).
pub async fn save_market(
    app: AppState,
    draft: MarketDraft,
) -> Result<Result<Market, Vec<(MarketField, FormError)>>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::market::save_market(&*db, &mut app.context(), &draft).await?;
    if saved.is_ok() {
        app.changed();
    }
    Ok(saved)
}

/// Deletes market size `shown` as the page showed it (refused when it changed since).
pub async fn delete_market(app: AppState, shown: Revised<Market>) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::market::delete_market(&*db, &mut app.context(), &shown).await?;
    app.changed();
    Ok(())
}

/// The markets a size is stored for, which an imported file's rows replace.
pub async fn stored_markets(app: AppState) -> Result<HashSet<MarketKey>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    Ok(db.get_all::<Market>().await?.iter().map(Market::market_key).collect())
}

/// Stores the sizes `estimate` gives `filter`'s market (see
/// [`usecases::market::save_estimates`]).
pub async fn save_estimates(app: AppState, estimate: Estimate, filter: Filter) -> Result<RecordCounts, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let counts = usecases::market::save_estimates(&*db, &mut app.context(), &estimate, filter).await?;
    app.changed();
    Ok(counts)
}

/// Stores a market sizes file's rows (see [`usecases::market::import_markets`]).
pub async fn import_markets(app: AppState, rows: &[Market]) -> Result<RecordCounts, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::market::import_markets(&*db, &mut ctx, rows)).await
}
