//! The sales funnel (销售漏斗): every opportunity of the workspace with the customers' names and
//! regions, the people and the funnel settings (cached until the next write); saving the
//! opportunity form; moving a stage through its gates; the settings; and the forecast. Every
//! write of an opportunity is one transaction holding it and its audit entry under its
//! customer's target, so it shows on the customer's timeline.

use super::app::{AppState, Notice};
use super::cache::Cached;
use super::{browser, drafts};
use crate::domain::date::Date;
use crate::domain::funnel::analytics::{stage_flow, StageFlow, StallRule};
use crate::domain::funnel::backtest::{backtest, deals_as_of, BacktestRow};
use crate::domain::funnel::deal::{Deal, DealKeys, Dimension};
use crate::domain::funnel::forecast::{forecast, Forecast, ForecastRequest};
use crate::domain::funnel::form::OpportunityDraft;
use crate::domain::funnel::settings::{FunnelSettings, SETTING_KEY};
use crate::domain::funnel::stage::MoveError;
use crate::domain::model::{Customer, FunnelStage, Id, Opportunity, Setting, User};
use crate::store::json::from_json;
use crate::store::{Reads, Revised, Store, StoreError};
pub use crate::usecases::opportunities::MoveDecision;
use crate::usecases::{self, Saved};
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// A customer as the funnel shows it.
#[derive(Clone, Debug, Default)]
pub struct CustomerRef {
    pub company: String,
    /// Province code (the region filter's key).
    pub province: String,
}

#[derive(Clone)]
pub struct FunnelBook {
    pub opportunities: Vec<Opportunity>,
    customers: HashMap<Id, CustomerRef>,
    users: HashMap<Id, User>,
    pub settings: FunnelSettings,
    /// The day the book was read: ages and the forecast count from it.
    pub today: Date,
}

impl FunnelBook {
    pub fn customer(&self, id: Id) -> Option<&CustomerRef> {
        self.customers.get(&id)
    }

    pub fn company(&self, id: Id) -> &str {
        self.customers.get(&id).map_or("", |c| c.company.as_str())
    }

    pub fn province(&self, id: Id) -> &str {
        self.customers.get(&id).map_or("", |c| c.province.as_str())
    }

    pub fn user_name(&self, id: Id) -> &str {
        self.users.get(&id).map_or("", |u| u.name.as_str())
    }

    /// Active people by name, and anyone who owns an opportunity.
    pub fn owners(&self) -> Vec<&User> {
        let owning: std::collections::HashSet<Id> = self.opportunities.iter().map(|o| o.owner).collect();
        let mut users: Vec<&User> = self.users.values().filter(|u| u.active || owning.contains(&u.id)).collect();
        users.sort_by(|a, b| a.name.cmp(&b.name));
        users
    }

    /// Customers by name, for the form's customer choice.
    pub fn customers_by_name(&self) -> Vec<(Id, &str)> {
        let mut list: Vec<(Id, &str)> = self.customers.iter().map(|(id, c)| (*id, c.company.as_str())).collect();
        list.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(&b.0)));
        list
    }

    /// Products named on opportunities, sorted.
    pub fn products(&self) -> Vec<&str> {
        let mut products: Vec<&str> =
            self.opportunities.iter().map(|o| o.product.as_str()).filter(|p| !p.is_empty()).collect();
        products.sort_unstable();
        products.dedup();
        products
    }

    /// Province codes of the customers with opportunities, sorted.
    pub fn regions(&self) -> Vec<&str> {
        let mut regions: Vec<&str> =
            self.opportunities.iter().map(|o| self.province(o.customer_id)).filter(|p| !p.is_empty()).collect();
        regions.sort_unstable();
        regions.dedup();
        regions
    }

    /// The region an opportunity's quota and forecast count it in: its customer's province, or
    /// without one (a deal without a customer, a customer abroad) its owner's office.
    pub fn sales_region(&self, opportunity: &Opportunity) -> &str {
        match self.province(opportunity.customer_id) {
            "" => self.users.get(&opportunity.owner).map_or("", |u| u.office.as_str()),
            province => province,
        }
    }

    /// Every sales region of the opportunities, "" (none) first: a forecast's region key is an
    /// index into this list.
    pub fn sales_regions(&self) -> Vec<&str> {
        let mut regions: Vec<&str> = self.opportunities.iter().map(|o| self.sales_region(o)).collect();
        regions.push("");
        regions.sort_unstable();
        regions.dedup();
        regions
    }

    /// Every product of the opportunities, "" (none) first: a forecast's product key is an index
    /// into this list.
    pub fn product_keys(&self) -> Vec<&str> {
        let mut products = self.products();
        products.insert(0, "");
        products
    }

    pub fn opportunity(&self, id: Id) -> Option<&Opportunity> {
        self.opportunities.iter().find(|o| o.id == id)
    }

    /// Every opportunity as the forecast reads it, with close dates as known on `known_on`.
    pub fn deals(&self, known_on: Date) -> Vec<Deal> {
        let regions = self.sales_regions();
        let products = self.product_keys();
        let region_key: HashMap<&str, u32> = regions.iter().enumerate().map(|(i, r)| (*r, i as u32)).collect();
        let product_key: HashMap<&str, u32> = products.iter().enumerate().map(|(i, p)| (*p, i as u32)).collect();
        let keys = |o: &Opportunity| DealKeys {
            owner: o.owner,
            region: region_key.get(self.sales_region(o)).copied().unwrap_or(0),
            product: product_key.get(o.product.as_str()).copied().unwrap_or(0),
        };
        deals_as_of(&self.opportunities, keys, known_on)
    }
}

thread_local! {
    static BOOK: Cached<u64, FunnelBook> = const { Cached::new() };
}

/// The active workspace's funnel, read again only after a write.
pub async fn book(app: AppState) -> Result<Rc<FunnelBook>, StoreError> {
    let revision = app.revision.get_untracked();
    if let Some(book) = BOOK.with(|b| b.get(&revision)) {
        return Ok(book);
    }
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let opportunities = reads.all::<Opportunity>();
    let customers = reads.all::<Customer>();
    let users = reads.all::<User>();
    let settings = reads.key::<Setting>(SETTING_KEY);
    let mut read = db.read_many(&reads).await?;
    let opportunities = read.take(opportunities);
    let customers = read
        .take(customers)
        .into_iter()
        .map(|c| (c.id, CustomerRef { company: c.company, province: c.province }))
        .collect();
    let users = read.take(users).into_iter().map(|u| (u.id, u)).collect();
    let settings = read.one(settings).and_then(|s| from_json(&s.value)).unwrap_or_default();
    let book = Rc::new(FunnelBook { opportunities, customers, users, settings, today: browser::today() });
    BOOK.with(|b| b.keep(revision, book.clone()));
    Ok(book)
}

/// The funnel settings with their revision, as the settings form opens them.
pub async fn opened_settings(app: AppState) -> Result<Revised<FunnelSettings>, StoreError> {
    usecases::opportunities::opened_settings(&*app.store().ok_or_else(StoreError::not_open)?).await
}

/// Saves the funnel settings from the revision the form opened (see
/// [`usecases::opportunities::save_settings`]); a save merged with a change made meanwhile says so.
pub async fn save_settings(
    app: AppState,
    opened: &Revised<FunnelSettings>,
    settings: &FunnelSettings,
) -> Result<Saved<FunnelSettings>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::opportunities::save_settings(&*db, &mut app.context(), opened, settings).await?;
    if let Saved::Stored { merged_with, .. } = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// The funnel settings form's name among kept drafts.
const SETTINGS_FORM: &str = "funnel_settings";

/// The funnel settings kept from a save that could not be made, with what they were opened from.
pub fn kept_settings(app: AppState) -> Option<drafts::Kept<Revised<FunnelSettings>, FunnelSettings>> {
    drafts::kept(app, SETTINGS_FORM, None)
}

/// Keeps `settings` (opened from `opened`) for this tab.
pub fn keep_settings(app: AppState, opened: &Revised<FunnelSettings>, settings: &FunnelSettings) {
    drafts::keep(app, SETTINGS_FORM, None, Some(opened), settings);
}

/// Forgets the kept funnel settings.
pub fn discard_settings(app: AppState) {
    drafts::discard(app, SETTINGS_FORM, None);
}

/// Opportunity `id` with its revision, as its form opens it.
pub async fn opened(app: AppState, id: Id) -> Result<Option<Revised<Opportunity>>, StoreError> {
    usecases::get_revised(&*app.store().ok_or_else(StoreError::not_open)?, id).await
}

/// Saves the form from the revision it opened (see [`usecases::opportunities::save`]); a save
/// merged with a change made meanwhile says so.
pub async fn save(
    app: AppState,
    opened: Option<&Revised<Opportunity>>,
    draft: &OpportunityDraft,
) -> Result<Saved<Opportunity>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::opportunities::save(&*db, &mut app.context(), opened, draft).await?;
    if let Saved::Stored { record, merged_with } = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        written_one(app, record);
    }
    Ok(saved)
}

/// The opportunity form's name among kept drafts.
const FORM: &str = "opportunities";

/// The draft kept for opportunity `id` (`None`: a new one's form) with what it was opened from.
pub fn kept_draft(app: AppState, id: Option<Id>) -> Option<drafts::Kept<Revised<Opportunity>, OpportunityDraft>> {
    drafts::kept(app, FORM, id)
}

/// Keeps `draft` (opened from `opened`) for this tab.
pub fn keep_draft(app: AppState, id: Option<Id>, opened: Option<&Revised<Opportunity>>, draft: &OpportunityDraft) {
    drafts::keep(app, FORM, id, opened, draft);
}

/// Forgets the draft kept for opportunity `id`.
pub fn discard_draft(app: AppState, id: Option<Id>) {
    drafts::discard(app, FORM, id);
}

/// Moves opportunity `id` to `to` today through the gates of the funnel settings (see
/// [`usecases::opportunities::move_to`]); a refused move writes nothing and returns its reason.
pub async fn move_to(
    app: AppState,
    id: Id,
    to: FunnelStage,
    decision: &MoveDecision,
) -> Result<Result<(), MoveError>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let gates = book(app).await?.settings.gates.clone();
    match usecases::opportunities::move_to(&*db, &mut app.context(), id, to, decision, &gates).await? {
        Ok(written) => {
            written_one(app, &written);
            Ok(Ok(()))
        }
        Err(refused) => Ok(Err(refused)),
    }
}

/// After a write of `written`: the cached book carried over with it, and the views told.
fn written_one(app: AppState, written: &Opportunity) {
    patch_book(app.revision.get_untracked(), written);
    app.changed();
}

/// Carries the cached book over to the next revision with `written` in it, when the cache is
/// the current revision's (nothing else was written since it was read): a moved card or a
/// saved form then costs no new read of every opportunity, customer and person.
fn patch_book(revision: u64, written: &Opportunity) {
    BOOK.with(|cached| {
        cached.carry(&revision, revision + 1, |book| match book.opportunities.iter_mut().find(|o| o.id == written.id) {
            Some(stored) => *stored = written.clone(),
            None => book.opportunities.push(written.clone()),
        })
    });
}

/// The forecast page's figures: the forecast from `cutoff` over `horizon_days`, the stage flow,
/// and the milliseconds the forecast took.
pub struct ForecastView {
    pub forecast: Forecast,
    pub flow: Vec<StageFlow>,
    pub compute_ms: f64,
    pub deals: usize,
    pub horizon_days: u32,
}

/// Monte Carlo draws of the forecast page.
pub const DRAWS: u32 = 10_000;
/// Calendar months the forecast page covers, this one first (whole months, so the last one is
/// not cut short).
pub const HORIZON_MONTHS: i32 = 6;

/// The forecast page's request: from today over [`HORIZON_MONTHS`] whole months.
fn page_request(book: &FunnelBook, group_by: Option<Dimension>) -> ForecastRequest {
    let last_day = (book.today.month_of() + HORIZON_MONTHS).first_day().add_days(-1);
    ForecastRequest {
        cutoff: book.today,
        horizon_days: last_day.days_since(book.today).max(1) as u32,
        draws: DRAWS,
        seed: 1,
        group_by,
        undated_known: true,
    }
}

pub fn forecast_view(book: &FunnelBook) -> ForecastView {
    let started = performance_now();
    let deals = book.deals(book.today);
    let request = page_request(book, None);
    let horizon_days = request.horizon_days;
    let forecast = forecast(&deals, &request, &book.settings.forecast);
    let compute_ms = performance_now() - started;
    let flow = stage_flow(&deals, book.today, true, StallRule::default());
    ForecastView { forecast, flow, compute_ms, deals: deals.len(), horizon_days }
}

/// The forecast page's forecast broken down by `dimension` (keys: owner ids, indexes into
/// [`FunnelBook::sales_regions`] or [`FunnelBook::product_keys`]).
pub fn breakdown(book: &FunnelBook, dimension: Dimension) -> Forecast {
    forecast(&book.deals(book.today), &page_request(book, Some(dimension)), &book.settings.forecast)
}

/// The backtest on `cutoff`: the forecast made with only what was known then, against what was
/// won in the following `horizon_days`.
pub fn backtest_on(book: &FunnelBook, cutoff: Date, horizon_days: u32) -> BacktestRow {
    let deals = book.deals(cutoff);
    backtest(&deals, cutoff, horizon_days, DRAWS, 1, &book.settings.forecast)
}

/// `performance.now()`: sub-millisecond time for measuring.
pub fn performance_now() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok();
    let now = performance.as_ref().and_then(|p| js_sys::Reflect::get(p, &"now".into()).ok());
    match (performance, now.and_then(|f| f.dyn_into::<js_sys::Function>().ok())) {
        (Some(p), Some(now)) => now.call0(&p).ok().and_then(|v| v.as_f64()).unwrap_or_default(),
        _ => js_sys::Date::now(),
    }
}
