//! The service desk: the tickets with the names they show (customers, machines, people), the
//! desk's settings and the maintenance programmes (for the due list), read in one transaction; taking a call, each step of the work and the
//! work order's details written through the use cases, every write refreshing the pages.

use super::app::{AppState, Notice};
use super::browser;
use super::stored_setting::StoredSetting;
use crate::domain::cockpit::judge::{self as cockpit, CockpitSettings};
use crate::domain::date::Date;
use crate::domain::model::{Customer, Id, Machine, Order, Part, ServiceTicket, Setting, User, UserRole};
use crate::domain::service::calendar::WorkingCalendar;
use crate::domain::service::figures::{facts, Context, Facts};
use crate::domain::service::form::{Details, NewTicket};
use crate::domain::service::maintenance::{self, DueRow, Fleet, MaintenanceSettings};
use crate::domain::service::queue::team_of;
use crate::domain::service::settings::{ServiceSettings, SETTING_KEY};
use crate::domain::service::ticket::TicketProblem;
use crate::store::json::from_json;
use crate::store::{Reads, Revised, Store, StoreError};
use crate::usecases::service::{self, Action};
use crate::usecases::{self, Saved};
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

/// Every ticket, with what the desk's pages name them by.
pub struct ServiceBook {
    pub tickets: Vec<ServiceTicket>,
    customers: HashMap<Id, String>,
    /// Each customer's province code (empty when none).
    pub provinces: HashMap<Id, String>,
    /// The overall rating that counts as satisfied, as the cockpit judges CSAT.
    pub satisfied_from: u8,
    pub machines: HashMap<Id, Machine>,
    pub users: Vec<User>,
    pub settings: ServiceSettings,
    pub calendar: WorkingCalendar,
    pub maintenance: MaintenanceSettings,
}

impl ServiceBook {
    pub fn customer_name(&self, id: Id) -> String {
        self.customers.get(&id).cloned().unwrap_or_default()
    }

    /// User `id`'s name, if the workspace has the user.
    pub fn user_name(&self, id: Id) -> Option<&str> {
        self.users.iter().find(|u| u.id == id).map(|u| u.name.as_str())
    }

    /// The machine as the desk names it: serial and model.
    pub fn machine_label(&self, id: Id) -> Option<String> {
        self.machines.get(&id).map(|m| format!("{} · {}", m.serial, m.model))
    }

    /// Customer `id`'s machines, by serial.
    pub fn machines_of(&self, customer: Id) -> Vec<&Machine> {
        let mut machines: Vec<&Machine> = self.machines.values().filter(|m| m.customer_id == customer).collect();
        machines.sort_by(|a, b| a.serial.cmp(&b.serial));
        machines
    }

    /// The customer named exactly `name`, if one is.
    pub fn customer_named(&self, name: &str) -> Option<Id> {
        self.customers.iter().find(|(_, company)| company.as_str() == name).map(|(id, _)| *id)
    }

    /// Every customer by name, for the call form's choice.
    pub fn customers_by_name(&self) -> Vec<(Id, &str)> {
        let mut customers: Vec<(Id, &str)> = self.customers.iter().map(|(id, name)| (*id, name.as_str())).collect();
        customers.sort_by(|a, b| a.1.cmp(b.1));
        customers
    }

    /// Active users who can work a ticket: the service staff first, then everyone else.
    pub fn engineers(&self) -> Vec<&User> {
        let mut people: Vec<&User> = self.users.iter().filter(|u| u.active).collect();
        people.sort_by_key(|u| (u.role != UserRole::Service, u.name.clone()));
        people
    }

    /// `me` and the people whose tickets `me` follows.
    pub fn team_of(&self, me: Id) -> Vec<Id> {
        team_of(&self.users, me)
    }

    pub fn ticket(&self, id: Id) -> Option<&ServiceTicket> {
        self.tickets.iter().find(|t| t.id == id)
    }

    /// Planned services due on or before `today + days` (overdue ones too), soonest first.
    pub fn due(&self, today: Date, days: u32) -> Vec<DueRow> {
        Fleet::new(&self.maintenance, self.machines.values(), &self.tickets, today).due(today, days)
    }

    /// What the desk's figures are computed with, at `now`.
    pub fn context(&self, now: i64) -> Context<'_> {
        Context {
            calendar: &self.calendar,
            sla: &self.settings.sla,
            tickets: &self.settings.tickets,
            satisfied_from: self.satisfied_from,
            now,
        }
    }

    /// The province code of `ticket`'s customer, empty when none: the figures' region.
    pub fn province_of(&self, ticket: &ServiceTicket) -> &str {
        self.provinces.get(&ticket.customer_id).map_or("", String::as_str)
    }

    /// Every ticket's facts at `now` (SLA states, flag, what the figures count), in the tickets'
    /// order, and how long working them out took in milliseconds.
    pub fn facts(&self, now: i64) -> (Vec<Facts>, f64) {
        let started = browser::now_precise_ms();
        let facts = facts(&self.tickets, &self.context(now));
        (facts, browser::now_precise_ms() - started)
    }
}

/// Tickets, customers, machines, users and the desk's settings, read in one transaction.
pub async fn book(app: AppState) -> Result<ServiceBook, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let tickets = reads.all::<ServiceTicket>();
    let (customers, machines, users) = (reads.all::<Customer>(), reads.all::<Machine>(), reads.all::<User>());
    let setting = reads.key::<Setting>(SETTING_KEY);
    let cockpit = reads.key::<Setting>(cockpit::SETTING_KEY);
    let maintenance = reads.key::<Setting>(maintenance::SETTING_KEY);
    let mut read = db.read_many(&reads).await?;
    let (tickets, customers) = (read.take(tickets), read.take(customers));
    let (machines, users) = (read.take(machines), read.take(users));
    let settings: ServiceSettings = read.one(setting).and_then(|s| from_json(&s.value)).unwrap_or_default();
    let cockpit: CockpitSettings = read.one(cockpit).and_then(|s| from_json(&s.value)).unwrap_or_default();
    let maintenance = read.one(maintenance).and_then(|s| from_json(&s.value)).unwrap_or_default();
    Ok(ServiceBook {
        tickets,
        provinces: customers.iter().map(|c| (c.id, c.province.clone())).collect(),
        customers: customers.into_iter().map(|c| (c.id, c.company)).collect(),
        satisfied_from: cockpit.csat_satisfied_from,
        machines: machines.into_iter().map(|m| (m.id, m)).collect(),
        users,
        calendar: settings.calendar(),
        settings,
        maintenance,
    })
}

/// Machine `id`'s tickets, with the desk's settings their SLA states are told by.
pub async fn machine_tickets(app: AppState, id: Id) -> Result<Rc<MachineTickets>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let tickets = reads.index::<ServiceTicket>("machine_id", id);
    let setting = reads.key::<Setting>(SETTING_KEY);
    let mut read = db.read_many(&reads).await?;
    let tickets = read.take(tickets);
    let settings = read.one(setting).and_then(|s| from_json(&s.value)).unwrap_or_default();
    Ok(Rc::new(MachineTickets { tickets, settings }))
}

/// What a complaint of customer `id` may point at: its orders (newest first), the parts that fit
/// its machines (by number), its tickets (newest first).
pub async fn complaint_choices(app: AppState, id: Id) -> Result<Rc<ComplaintChoices>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let orders = reads.index::<Order>("customer_id", id);
    let machines = reads.index::<Machine>("customer_id", id);
    let tickets = reads.index::<ServiceTicket>("customer_id", id);
    let parts = reads.all::<Part>();
    let mut read = db.read_many(&reads).await?;
    let models: Vec<String> = read.take(machines).into_iter().map(|m| m.model).collect();
    let mut orders = read.take(orders);
    orders.sort_by(|a, b| b.ordered.cmp(&a.ordered).then_with(|| b.number.cmp(&a.number)));
    let mut parts: Vec<Part> =
        read.take(parts).into_iter().filter(|p| p.fits_models.iter().any(|m| models.contains(m))).collect();
    parts.sort_by(|a, b| a.number.cmp(&b.number));
    let mut tickets = read.take(tickets);
    tickets.sort_by_key(|t| std::cmp::Reverse((t.opened_instant(), t.id)));
    Ok(Rc::new(ComplaintChoices { orders, parts, tickets }))
}

/// The records a complaint's pickers offer.
pub struct ComplaintChoices {
    pub orders: Vec<Order>,
    pub parts: Vec<Part>,
    pub tickets: Vec<ServiceTicket>,
}

/// A machine's tickets as its page lists them.
pub struct MachineTickets {
    pub tickets: Vec<ServiceTicket>,
    pub settings: ServiceSettings,
}

/// Ticket `id` with its revision, as the details form opens it.
pub async fn opened(app: AppState, id: Id) -> Result<Option<Revised<ServiceTicket>>, StoreError> {
    usecases::get_revised(&*app.store().ok_or_else(StoreError::not_open)?, id).await
}

/// Takes the call (see [`service::open`]): the new ticket, or the call's problems.
pub async fn open(app: AppState, call: &NewTicket) -> Result<Result<ServiceTicket, Vec<TicketProblem>>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let opened = service::open(&*db, &mut app.context(), call).await?;
    if opened.is_ok() {
        app.changed();
    }
    Ok(opened)
}

/// One step of the work on ticket `id` (see [`service::act`]).
pub async fn act(
    app: AppState,
    id: Id,
    action: &Action,
) -> Result<Result<ServiceTicket, Vec<TicketProblem>>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let done = service::act(&*db, &mut app.context(), id, action).await?;
    if done.is_ok() {
        app.changed();
    }
    Ok(done)
}

/// Saves the work order's details from the revision their form opened; a save merged with a
/// change made meanwhile says so.
pub async fn save_details(
    app: AppState,
    opened: &Revised<ServiceTicket>,
    details: &Details,
) -> Result<Result<Saved<ServiceTicket>, Vec<TicketProblem>>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = service::save_details(&*db, &mut app.context(), opened, details).await?;
    if let Ok(Saved::Stored { merged_with, .. }) = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// The desk's calendar, targets and repeat-visit threshold; tickets are judged by them at once.
pub const SETTINGS: StoredSetting<ServiceSettings> = StoredSetting::new(SETTING_KEY, "service_settings");

/// The machine models' maintenance programmes; the due list and the parts forecast follow them.
pub const MAINTENANCE: StoredSetting<MaintenanceSettings> =
    StoredSetting::new(maintenance::SETTING_KEY, "maintenance_settings");
