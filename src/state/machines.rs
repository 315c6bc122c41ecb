//! The installed base: reading the machines with their customers' names, and saving one with
//! its audit entry in one transaction from the revision its form opened (a draft that could not
//! be saved kept for the tab). A saved machine changes the workspace, so the parts are
//! planned again with it as a driver.

use super::app::{AppState, Notice};
use super::drafts;
use super::import::one_import_at_a_time;
use crate::domain::model::{Customer, Id, Machine, User};
use crate::domain::parts::machine_form::{MachineDraft, MachineProblems, MachineRegister};
use crate::store::{Reads, Revised, Store, StoreError};
use crate::usecases::{self, Saved};
use leptos::prelude::*;
use std::collections::HashMap;

/// Every machine, with the names of the customers (all of them, for the form's choice) and of
/// the users (who changed a machine the form has open).
pub struct MachineBook {
    pub machines: Vec<Machine>,
    pub customers: HashMap<Id, String>,
    users: HashMap<Id, String>,
}

impl MachineBook {
    pub fn customer_name(&self, id: Id) -> String {
        self.customers.get(&id).cloned().unwrap_or_default()
    }

    /// User `id`'s name, if the workspace has the user.
    pub fn user_name(&self, id: Id) -> Option<&str> {
        self.users.get(&id).map(String::as_str)
    }

    /// What a draft is checked against.
    pub fn register(&self) -> MachineRegister {
        MachineRegister::new(
            self.machines.iter().map(|m| (m.id, m.serial.as_str())),
            self.customers.iter().map(|(id, name)| (*id, name.as_str())),
        )
    }
}

/// Machines, customers and users, read in one transaction.
pub async fn book(app: AppState) -> Result<MachineBook, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let (machines, customers, users) = (reads.all::<Machine>(), reads.all::<Customer>(), reads.all::<User>());
    let mut read = db.read_many(&reads).await?;
    let (machines, customers, users) = (read.take(machines), read.take(customers), read.take(users));
    Ok(MachineBook {
        machines,
        customers: customers.into_iter().map(|c| (c.id, c.company)).collect(),
        users: users.into_iter().map(|u| (u.id, u.name)).collect(),
    })
}

/// Machine `id` with its revision, as its form opens it.
pub async fn opened(app: AppState, id: Id) -> Result<Option<Revised<Machine>>, StoreError> {
    usecases::get_revised(&*app.store().ok_or_else(StoreError::not_open)?, id).await
}

/// Saves the machine form from what it opened (see [`usecases::machines::save`]); returns how the
/// save ended, or the draft's problems (nothing written). A save merged with a change made
/// meanwhile says so in a notice.
pub async fn save(
    app: AppState,
    opened: Option<&Revised<Machine>>,
    draft: &MachineDraft,
) -> Result<Result<Saved<Machine>, MachineProblems>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::machines::save(&*db, &mut app.context(), opened, draft).await?;
    if let Ok(Saved::Stored { merged_with, .. }) = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// The machine form's name among kept drafts.
const FORM: &str = "machines";

/// A machine form's draft that could not be saved, with what it was opened from.
pub type KeptDraft = drafts::Kept<Revised<Machine>, MachineDraft>;

/// The draft kept for machine `id` (`None`: a new machine's form), if any.
pub fn kept_draft(app: AppState, id: Option<Id>) -> Option<KeptDraft> {
    drafts::kept(app, FORM, id)
}

/// Keeps `draft` (opened from `opened`) for this tab.
pub fn keep_draft(app: AppState, id: Option<Id>, opened: Option<&Revised<Machine>>, draft: &MachineDraft) {
    drafts::keep(app, FORM, id, opened, draft);
}

/// Forgets the draft kept for machine `id`.
pub fn discard_draft(app: AppState, id: Option<Id>) {
    drafts::discard(app, FORM, id);
}

/// Stores a machines file's machines, checked against `checked_against` (see
/// [`usecases::machines::commit`]); returns how many were created and updated.
pub async fn commit(
    app: AppState,
    checked_against: &[Machine],
    machines: &[Machine],
) -> Result<(usize, usize), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::machines::commit(&*db, &mut ctx, checked_against, machines)).await
}
