//! The customer book (every customer of the active workspace with its search index) and the
//! customer file (one customer with everything related to it), read from the store for the
//! customer pages.

use super::app::{AppState, Notice};
use super::cache::Cached;
use super::grades::GradeBook;
use super::stored_setting::StoredSetting;
use super::{browser, drafts};
use crate::domain::audit;
use crate::domain::customers::duplicates::{DuplicateIndex, Match};
use crate::domain::customers::form::CustomerDraft;
use crate::domain::customers::query::{CustomerFilter, CustomerIndex, CustomerSort};
use crate::domain::grading::grade::Grade;
use crate::domain::model::{
    AuditEntry, Contact, Customer, Id, Interaction, Machine, Opportunity, Order, ServiceTicket, Setting, User,
};
use crate::domain::region::{self, MarketTypes};
use crate::domain::service::settings::{self as service, ServiceSettings};
use crate::i18n::Locale;
use crate::store::json::from_json;
use crate::store::{Reads, Store, StoreError};
use crate::usecases;
pub use crate::usecases::customers::{latest_revision, resolve, ClashAt, Clashes, Opened, Saved};
pub use crate::usecases::Decision;
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

pub struct CustomerBook {
    pub customers: Vec<Customer>,
    pub index: CustomerIndex,
    /// The dealer's table of market types.
    pub markets: MarketTypes,
    users: HashMap<Id, User>,
    duplicates: DuplicateIndex,
    /// Each customer's contacts, for duplicate checks of a stored customer.
    contacts: HashMap<Id, Vec<Contact>>,
}

impl CustomerBook {
    pub fn user(&self, id: Id) -> Option<&User> {
        self.users.get(&id)
    }

    /// Stored customers that `customer` (with `contacts`) may duplicate, strongest first.
    pub fn duplicates_of(&self, customer: &Customer, contacts: &[&Contact]) -> Vec<Match> {
        self.duplicates.matches(customer, contacts, None)
    }

    /// Stored customers that stored customer `id` may duplicate.
    pub fn duplicates_of_stored(&self, id: Id) -> Vec<Match> {
        let Some(customer) = self.customers.iter().find(|c| c.id == id) else { return Vec::new() };
        let contacts: Vec<&Contact> = self.contacts.get(&id).map(|c| c.iter().collect()).unwrap_or_default();
        self.duplicates.matches(customer, &contacts, None)
    }

    pub fn customer(&self, id: Id) -> Option<&Customer> {
        self.customers.iter().find(|c| c.id == id)
    }

    /// `grades` as [`CustomerBook::grades`] gives them, or empty while they are computed.
    pub fn query(&self, grades: &[Option<Grade>], filter: &CustomerFilter, sort: CustomerSort) -> Vec<usize> {
        self.index.query(&self.customers, grades, filter, sort)
    }

    /// Each customer's grade, in `customers` order, from the grade book.
    pub fn grades(&self, book: &GradeBook) -> Vec<Option<Grade>> {
        self.customers.iter().map(|c| book.score(c.id).and_then(|s| s.grade)).collect()
    }

    /// Everyone on at least one account team, by name, for the team filter.
    pub fn team_members(&self) -> Vec<&User> {
        let mut on_a_team: Vec<Id> = self
            .customers
            .iter()
            .flat_map(|c| std::iter::once(c.team.lead).chain(c.team.members.iter().copied()))
            .collect();
        on_a_team.sort_unstable();
        on_a_team.dedup();
        let mut users: Vec<&User> = on_a_team.iter().filter_map(|id| self.users.get(id)).collect();
        users.sort_by(|a, b| a.name.cmp(&b.name));
        users
    }
}

thread_local! {
    static BOOK: Cached<(u64, Locale), CustomerBook> = const { Cached::new() };
}

/// The active workspace's customer book, read again only after a write or a language change.
pub async fn book(app: AppState) -> Result<Rc<CustomerBook>, StoreError> {
    let revision = app.revision.get_untracked();
    let locale = app.locale.get_untracked();
    if let Some(book) = BOOK.with(|b| b.get(&(revision, locale))) {
        return Ok(book);
    }
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let (customers, contacts, users) = (reads.all::<Customer>(), reads.all::<Contact>(), reads.all::<User>());
    let markets = reads.key::<Setting>(region::SETTING_KEY);
    let mut read = db.read_many(&reads).await?;
    let (customers, contacts, users) = (read.take(customers), read.take(contacts), read.take(users));
    let markets: MarketTypes = read.one(markets).and_then(|s| from_json(&s.value)).unwrap_or_default();
    let companies: Vec<&str> = customers.iter().map(|c| c.company.as_str()).collect();
    let ranks = browser::collation_ranks(&companies, locale.tag());
    let index = CustomerIndex::build(&customers, &contacts, &ranks, &markets);
    let duplicates = DuplicateIndex::new(&customers, &contacts);
    let mut by_customer: HashMap<Id, Vec<Contact>> = HashMap::new();
    for contact in contacts {
        by_customer.entry(contact.customer_id).or_default().push(contact);
    }
    let book = Rc::new(CustomerBook {
        customers,
        index,
        markets,
        users: users.into_iter().map(|u| (u.id, u)).collect(),
        duplicates,
        contacts: by_customer,
    });
    BOOK.with(|b| b.keep((revision, locale), book.clone()));
    Ok(book)
}

/// One customer and everything recorded about it, read in one transaction.
pub struct CustomerFile {
    pub customer: Customer,
    pub contacts: Vec<Contact>,
    pub interactions: Vec<Interaction>,
    pub orders: Vec<Order>,
    pub machines: Vec<Machine>,
    pub opportunities: Vec<Opportunity>,
    pub tickets: Vec<ServiceTicket>,
    /// Every recorded change to the customer and its contacts, oldest first.
    pub history: Vec<AuditEntry>,
    /// The dealer's table of market types.
    pub markets: MarketTypes,
    /// The service desk's calendar and targets, for the tickets' SLA states.
    pub service: ServiceSettings,
    users: HashMap<Id, User>,
}

impl CustomerFile {
    pub fn user(&self, id: Id) -> Option<&User> {
        self.users.get(&id)
    }

    /// Active users by name, for choosing a new account lead.
    pub fn active_users(&self) -> Vec<&User> {
        let mut users: Vec<&User> = self.users.values().filter(|u| u.active).collect();
        users.sort_by(|a, b| a.name.cmp(&b.name));
        users
    }
}

/// The customer `id` with its related records, or `None` if this workspace has no such customer.
pub async fn file(app: AppState, id: Id) -> Result<Option<Rc<CustomerFile>>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let customer = reads.key::<Customer>(id);
    let contacts = reads.index::<Contact>("customer_id", id);
    let interactions = reads.index::<Interaction>("customer_id", id);
    let orders = reads.index::<Order>("customer_id", id);
    let machines = reads.index::<Machine>("customer_id", id);
    let opportunities = reads.index::<Opportunity>("customer_id", id);
    let tickets = reads.index::<ServiceTicket>("customer_id", id);
    let users = reads.all::<User>();
    let history = reads.index::<AuditEntry>("target", audit::customer_target(id));
    let markets = reads.key::<Setting>(region::SETTING_KEY);
    let service = reads.key::<Setting>(service::SETTING_KEY);
    let mut read = db.read_many(&reads).await?;
    let Some(customer) = read.one(customer) else {
        return Ok(None);
    };
    let mut contacts = read.take(contacts);
    contacts.sort_by_key(|c| (!c.primary, c.id));
    let mut history = read.take(history);
    // The history of customers merged into this one stays under their ids. Read after the
    // customer names them; entries never change, so the second read cannot disagree with it.
    if !customer.absorbed.is_empty() {
        let mut reads = Reads::new();
        let absorbed: Vec<_> = customer
            .absorbed
            .iter()
            .map(|id| reads.index::<AuditEntry>("target", audit::customer_target(*id)))
            .collect();
        let mut read = db.read_many(&reads).await?;
        history.extend(absorbed.into_iter().flat_map(|handle| read.take(handle)));
        history.sort_by_key(|entry| (entry.at_ms, entry.id));
    }
    Ok(Some(Rc::new(CustomerFile {
        customer,
        contacts,
        interactions: read.take(interactions),
        orders: read.take(orders),
        machines: read.take(machines),
        opportunities: read.take(opportunities),
        tickets: read.take(tickets),
        users: read.take(users).into_iter().map(|u| (u.id, u)).collect(),
        markets: read.one(markets).and_then(|s| from_json(&s.value)).unwrap_or_default(),
        service: read.one(service).and_then(|s| from_json(&s.value)).unwrap_or_default(),
        history,
    })))
}

/// Customer `id` and its contacts with their revisions, as the edit form opens them.
pub async fn opened(app: AppState, id: Id) -> Result<Option<Opened>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    usecases::customers::open(&*db, id).await
}

/// Saves the form from what it opened (see [`usecases::customers::save`]); a save merged with a
/// change made meanwhile says so in a notice.
pub async fn save(app: AppState, opened: Option<&Opened>, draft: &CustomerDraft) -> Result<Saved, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::customers::save(&*db, &mut app.context(), opened, draft).await?;
    if let Saved::Stored { merged_with, .. } = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// The customer form's name among kept drafts.
const FORM: &str = "customers";

/// A customer form's draft that could not be saved, with what it was opened from.
pub type KeptDraft = drafts::Kept<Opened, CustomerDraft>;

/// The draft kept for customer `id` (`None`: a new customer's form), if any.
pub fn kept_draft(app: AppState, id: Option<Id>) -> Option<KeptDraft> {
    drafts::kept(app, FORM, id)
}

/// Keeps `draft` (opened from `opened`) for this tab.
pub fn keep_draft(app: AppState, id: Option<Id>, opened: Option<&Opened>, draft: &CustomerDraft) {
    drafts::keep(app, FORM, id, opened, draft);
}

/// Forgets the draft kept for customer `id`.
pub fn discard_draft(app: AppState, id: Option<Id>) {
    drafts::discard(app, FORM, id);
}

/// Merges customer `other` into customer `kept` (see [`usecases::customers::merge`]); returns
/// how many records moved.
pub async fn merge(app: AppState, kept: Id, other: Id) -> Result<usize, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let moved = usecases::customers::merge(&*db, &mut app.context(), kept, other).await?;
    app.changed();
    Ok(moved)
}

/// Makes `to` the lead of customer `id`'s account team (see [`usecases::customers::reassign`]).
pub async fn reassign(app: AppState, id: Id, to: Id, keep_previous: bool, reason: &str) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    if usecases::customers::reassign(&*db, &mut app.context(), id, to, keep_previous, reason).await? {
        app.changed();
    }
    Ok(())
}

/// Hands every account of `from` to `to` (see [`usecases::customers::reassign_all`]); returns
/// how many customers changed.
pub async fn reassign_all(app: AppState, from: Id, to: Id, reason: &str) -> Result<usize, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let count = usecases::customers::reassign_all(&*db, &mut app.context(), from, to, reason).await?;
    app.changed();
    Ok(count)
}

/// The dealer's table of market types by province.
pub const MARKETS: StoredSetting<MarketTypes> = StoredSetting::new(region::SETTING_KEY, "market_types");
