//! The customer book (every customer of the active workspace with its search index) and the
//! customer file (one customer with everything related to it), read from the store for the
//! customer pages.

use super::app::AppState;
use super::browser;
use crate::domain::customer_query::{CustomerFilter, CustomerIndex, CustomerSort};
use crate::domain::model::{Contact, Customer, Id, Interaction, Machine, Opportunity, Order, User};
use crate::i18n::Locale;
use crate::store::{Entity, Key, Lookup, Store, StoreError, StoreErrorKind};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

pub struct CustomerBook {
    pub customers: Vec<Customer>,
    pub index: CustomerIndex,
    users: HashMap<Id, User>,
}

impl CustomerBook {
    pub fn user(&self, id: Id) -> Option<&User> {
        self.users.get(&id)
    }

    pub fn query(&self, filter: &CustomerFilter, sort: CustomerSort) -> Vec<usize> {
        self.index.query(&self.customers, filter, sort)
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
    /// The last book read, with the revision and locale it was read for: going from the list to
    /// a customer and back must not read 10,000 customers again.
    static BOOK: RefCell<Option<(u64, Locale, Rc<CustomerBook>)>> = const { RefCell::new(None) };
}

/// The active workspace's customer book, read again only after a write or a language change.
pub async fn book(app: AppState) -> Result<Rc<CustomerBook>, StoreError> {
    let revision = app.revision.get_untracked();
    let locale = app.locale.get_untracked();
    let cached = BOOK.with_borrow(|book| {
        book.as_ref().filter(|(r, l, _)| *r == revision && *l == locale).map(|(_, _, book)| book.clone())
    });
    if let Some(book) = cached {
        return Ok(book);
    }
    let db = app.store().ok_or_else(not_open)?;
    let mut read =
        db.read_many(&[Lookup::All(Entity::Customer), Lookup::All(Entity::Contact), Lookup::All(Entity::User)]).await?;
    let customers: Vec<Customer> = read.take(0);
    let contacts: Vec<Contact> = read.take(1);
    let users: Vec<User> = read.take(2);
    let companies: Vec<&str> = customers.iter().map(|c| c.company.as_str()).collect();
    let ranks = browser::collation_ranks(&companies, locale.tag());
    let index = CustomerIndex::build(&customers, &contacts, &ranks);
    let book = Rc::new(CustomerBook { customers, index, users: users.into_iter().map(|u| (u.id, u)).collect() });
    BOOK.set(Some((revision, locale, book.clone())));
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
    users: HashMap<Id, User>,
}

impl CustomerFile {
    pub fn user(&self, id: Id) -> Option<&User> {
        self.users.get(&id)
    }
}

/// The customer `id` with its related records, or `None` if this workspace has no such customer.
pub async fn file(app: AppState, id: Id) -> Result<Option<Rc<CustomerFile>>, StoreError> {
    let db = app.store().ok_or_else(not_open)?;
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
    })))
}

fn not_open() -> StoreError {
    StoreError::new(StoreErrorKind::Unavailable, "the workspace is not open")
}
