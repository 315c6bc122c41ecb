//! The customer book (every customer of the active workspace with its search index) and the
//! customer file (one customer with everything related to it), read from the store for the
//! customer pages.

use super::app::AppState;
use super::browser;
use super::cache::Cached;
use super::grades::GradeBook;
use crate::domain::audit;
use crate::domain::customers::duplicates::{DuplicateIndex, Match};
use crate::domain::customers::form::CustomerDraft;
use crate::domain::customers::merge;
use crate::domain::customers::query::{CustomerFilter, CustomerIndex, CustomerSort};
use crate::domain::grading::grade::Grade;
use crate::domain::model::{
    AccountTeam, AuditAction, AuditEntry, Contact, Customer, Id, Interaction, Machine, Opportunity, Order,
    ServiceTicket, User,
};
use crate::i18n::Locale;
use crate::store::{Batch, Entity, Key, Lookup, Store, StoreError, StoreErrorKind};
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

pub struct CustomerBook {
    pub customers: Vec<Customer>,
    pub index: CustomerIndex,
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
    let mut read =
        db.read_many(&[Lookup::All(Entity::Customer), Lookup::All(Entity::Contact), Lookup::All(Entity::User)]).await?;
    let customers: Vec<Customer> = read.take(0);
    let contacts: Vec<Contact> = read.take(1);
    let users: Vec<User> = read.take(2);
    let companies: Vec<&str> = customers.iter().map(|c| c.company.as_str()).collect();
    let ranks = browser::collation_ranks(&companies, locale.tag());
    let index = CustomerIndex::build(&customers, &contacts, &ranks);
    let duplicates = DuplicateIndex::new(&customers, &contacts);
    let mut by_customer: HashMap<Id, Vec<Contact>> = HashMap::new();
    for contact in contacts {
        by_customer.entry(contact.customer_id).or_default().push(contact);
    }
    let book = Rc::new(CustomerBook {
        customers,
        index,
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
    /// Every recorded change to the customer and its contacts, oldest first.
    pub history: Vec<AuditEntry>,
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
    let key = Key::Id(id);
    let by_customer = |entity| Lookup::Index(entity, "customer_id", key.clone());
    let mut read = db
        .read_many(&[
            Lookup::Key(Entity::Customer, key.clone()),
            by_customer(Entity::Contact),
            by_customer(Entity::Interaction),
            by_customer(Entity::Order),
            by_customer(Entity::Machine),
            by_customer(Entity::Opportunity),
            Lookup::All(Entity::User),
            Lookup::Index(Entity::Audit, "target", Key::Text(audit::customer_target(id))),
        ])
        .await?;
    let Some(customer) = read.take::<Customer>(0).pop() else {
        return Ok(None);
    };
    let mut contacts: Vec<Contact> = read.take(1);
    contacts.sort_by_key(|c| (!c.primary, c.id));
    Ok(Some(Rc::new(CustomerFile {
        customer,
        contacts,
        interactions: read.take(2),
        orders: read.take(3),
        machines: read.take(4),
        opportunities: read.take(5),
        users: read.take::<User>(6).into_iter().map(|u| (u.id, u)).collect(),
        history: read.take(7),
    })))
}

/// Saves the form: the customer (new when `id` is `None`), its contacts (those removed from the
/// form are deleted) and one audit entry listing every field changed — all in one transaction.
/// Returns the customer's id.
pub async fn save(app: AppState, id: Option<Id>, draft: &CustomerDraft) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let user = app.current_user.get_untracked();
    let now = browser::now_ms();
    let today = browser::today();
    let (before, stored_contacts) = match id {
        Some(id) => {
            let key = Key::Id(id);
            let mut read = db
                .read_many(&[
                    Lookup::Key(Entity::Customer, key.clone()),
                    Lookup::Index(Entity::Contact, "customer_id", key),
                ])
                .await?;
            let before = read.take::<Customer>(0).pop().ok_or_else(|| gone(id))?;
            (Some(before), read.take::<Contact>(1))
        }
        None => (None, Vec::new()),
    };
    let base = before.clone().unwrap_or_else(|| Customer {
        id: browser::new_id(),
        created_by: user.unwrap_or(0),
        created_at: Some(today),
        ..Customer::default()
    });
    let customer = Customer { modified_by: user.unwrap_or(0), modified_at: Some(today), ..draft.apply(&base) };
    let mut contacts = draft.contacts_for(customer.id);
    for contact in contacts.iter_mut().filter(|c| c.id == 0) {
        contact.id = browser::new_id();
    }
    let mut changes = audit::diff(before.as_ref(), Some(&customer));
    for contact in &contacts {
        changes.extend(audit::diff(stored_contacts.iter().find(|c| c.id == contact.id), Some(contact)));
    }
    let removed: Vec<&Contact> = stored_contacts.iter().filter(|c| !contacts.iter().any(|n| n.id == c.id)).collect();
    for contact in &removed {
        changes.extend(audit::diff(Some(*contact), None));
    }
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let mut batch = Batch::new().put(customer.clone()).put_all(contacts);
    for contact in removed {
        batch = batch.delete::<Contact>(Key::Id(contact.id));
    }
    if let Some(entry) = audit::entry(browser::new_id(), now, user, customer.id, action, changes, "") {
        batch = batch.put(entry);
    }
    db.write(batch).await?;
    app.changed();
    Ok(customer.id)
}

/// Merges customer `other` into customer `kept` (see `domain::merge`), in one transaction: the
/// kept customer with its gaps filled, every record of the other's file (contacts, interactions,
/// orders, opportunities, machines, service tickets and its history) moved to it, the other
/// deleted, and one audit entry naming the absorbed company. Returns how many records moved.
pub async fn merge(app: AppState, kept: Id, other: Id) -> Result<usize, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let user = app.current_user.get_untracked();
    let of_other = |entity| Lookup::Index(entity, "customer_id", Key::Id(other));
    let mut read = db
        .read_many(&[
            Lookup::Key(Entity::Customer, Key::Id(kept)),
            Lookup::Key(Entity::Customer, Key::Id(other)),
            Lookup::Index(Entity::Contact, "customer_id", Key::Id(kept)),
            of_other(Entity::Contact),
            of_other(Entity::Interaction),
            of_other(Entity::Order),
            of_other(Entity::Opportunity),
            of_other(Entity::Machine),
            of_other(Entity::ServiceTicket),
            Lookup::Index(Entity::Audit, "target", Key::Text(audit::customer_target(other))),
        ])
        .await?;
    let before = read.take::<Customer>(0).pop().ok_or_else(|| gone(kept))?;
    let absorbed = read.take::<Customer>(1).pop().ok_or_else(|| gone(other))?;
    let has_primary = read.take::<Contact>(2).iter().any(|c| c.primary);
    let contacts = merge::move_contacts(read.take(3), kept, has_primary);
    let interactions: Vec<Interaction> =
        read.take::<Interaction>(4).into_iter().map(|r| Interaction { customer_id: kept, ..r }).collect();
    let orders: Vec<Order> = read.take::<Order>(5).into_iter().map(|r| Order { customer_id: kept, ..r }).collect();
    let opportunities: Vec<Opportunity> =
        read.take::<Opportunity>(6).into_iter().map(|r| Opportunity { customer_id: kept, ..r }).collect();
    let machines: Vec<Machine> =
        read.take::<Machine>(7).into_iter().map(|r| Machine { customer_id: kept, ..r }).collect();
    let tickets: Vec<ServiceTicket> =
        read.take::<ServiceTicket>(8).into_iter().map(|r| ServiceTicket { customer_id: kept, ..r }).collect();
    let target = audit::customer_target(kept);
    let history: Vec<AuditEntry> =
        read.take::<AuditEntry>(9).into_iter().map(|e| AuditEntry { target: target.clone(), ..e }).collect();
    let moved = contacts.len()
        + interactions.len()
        + orders.len()
        + opportunities.len()
        + machines.len()
        + tickets.len()
        + history.len();
    let merged = Customer {
        modified_by: user.unwrap_or(0),
        modified_at: Some(browser::today()),
        ..merge::merge_customers(&before, &absorbed)
    };
    let mut changes = audit::diff(Some(&before), Some(&merged));
    for contact in &contacts {
        changes.extend(audit::diff(None, Some(contact)));
    }
    let reason = format!("{} (#{other})", absorbed.company);
    let entry = AuditEntry {
        id: browser::new_id(),
        at_ms: browser::now_ms(),
        user,
        target,
        action: AuditAction::Merge,
        changes,
        reason,
    };
    let batch = Batch::new()
        .put(merged)
        .put_all(contacts)
        .put_all(interactions)
        .put_all(orders)
        .put_all(opportunities)
        .put_all(machines)
        .put_all(tickets)
        .put_all(history)
        .put(entry)
        .delete::<Customer>(Key::Id(other));
    db.write(batch).await?;
    app.changed();
    Ok(moved)
}

/// Makes `to` the lead of customer `id`'s account team, keeping the previous lead as a member
/// when `keep_previous`; the audit entry carries who, when and `reason`.
pub async fn reassign(app: AppState, id: Id, to: Id, keep_previous: bool, reason: &str) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let before: Customer = db.get(Key::Id(id)).await?.ok_or_else(|| gone(id))?;
    let previous = before.team.lead;
    let mut members: Vec<Id> = before.team.members.iter().copied().filter(|m| *m != to).collect();
    if keep_previous && previous != 0 && previous != to && !members.contains(&previous) {
        members.insert(0, previous);
    }
    let team = AccountTeam { lead: to, members };
    if let Some((customer, entry)) = team_change(app, &before, team, reason, AuditAction::Update) {
        db.write(Batch::new().put(customer).put(entry)).await?;
        app.changed();
    }
    Ok(())
}

/// Hands every account led by `from` to `to` (a departing salesperson's book) and takes `from`
/// off the teams they were a member of: one transaction, one audit entry per customer.
/// Returns how many customers changed.
pub async fn reassign_all(app: AppState, from: Id, to: Id, reason: &str) -> Result<usize, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let customers: Vec<Customer> = db.get_all().await?;
    let mut batch = Batch::new();
    let mut count = 0;
    for before in customers.iter().filter(|c| c.team.lead == from || c.team.members.contains(&from)) {
        let lead = if before.team.lead == from { to } else { before.team.lead };
        let members = before.team.members.iter().copied().filter(|m| *m != from && *m != lead).collect();
        if let Some((customer, entry)) =
            team_change(app, before, AccountTeam { lead, members }, reason, AuditAction::Bulk)
        {
            batch = batch.put(customer).put(entry);
            count += 1;
        }
    }
    db.write(batch).await?;
    app.changed();
    Ok(count)
}

/// `before` with `team`, stamped by the current user, and the audit entry saying so; `None`
/// when the team is unchanged.
fn team_change(
    app: AppState,
    before: &Customer,
    team: AccountTeam,
    reason: &str,
    action: AuditAction,
) -> Option<(Customer, AuditEntry)> {
    let user = app.current_user.get_untracked();
    let customer =
        Customer { team, modified_by: user.unwrap_or(0), modified_at: Some(browser::today()), ..before.clone() };
    let changes = audit::diff(Some(before), Some(&customer));
    let entry = audit::entry(browser::new_id(), browser::now_ms(), user, customer.id, action, changes, reason)?;
    Some((customer, entry))
}

fn gone(id: Id) -> StoreError {
    StoreError::new(StoreErrorKind::Other, format!("customer {id} no longer exists"))
}
