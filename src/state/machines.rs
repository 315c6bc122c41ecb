//! The installed base: reading the machines with their customers' names, and saving one with
//! its audit entry in one transaction. A saved machine changes the workspace, so the parts are
//! planned again with it as a driver.

use super::app::AppState;
use super::import::one_import_at_a_time;
use crate::domain::model::{Customer, Id, Machine};
use crate::domain::parts::machine_form::{MachineDraft, MachineProblems, MachineRegister};
use crate::store::{Reads, Store, StoreError};
use crate::usecases;
use std::collections::HashMap;

/// Every machine, with the names of the customers (all of them, for the form's choice).
pub struct MachineBook {
    pub machines: Vec<Machine>,
    pub customers: HashMap<Id, String>,
}

impl MachineBook {
    pub fn customer_name(&self, id: Id) -> String {
        self.customers.get(&id).cloned().unwrap_or_default()
    }

    /// What a draft is checked against.
    pub fn register(&self) -> MachineRegister {
        MachineRegister::new(
            self.machines.iter().map(|m| (m.id, m.serial.as_str())),
            self.customers.iter().map(|(id, name)| (*id, name.as_str())),
        )
    }
}

/// Machines and customers, read in one transaction.
pub async fn book(app: AppState) -> Result<MachineBook, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let (machines, customers) = (reads.all::<Machine>(), reads.all::<Customer>());
    let mut read = db.read_many(&reads).await?;
    let (machines, customers) = (read.take(machines), read.take(customers));
    Ok(MachineBook { machines, customers: customers.into_iter().map(|c| (c.id, c.company)).collect() })
}

/// Saves the machine form (see [`usecases::machines::save`]); returns the machine's id, or the
/// draft's problems (nothing written).
pub async fn save(
    app: AppState,
    id: Option<Id>,
    draft: &MachineDraft,
) -> Result<Result<Id, MachineProblems>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::machines::save(&*db, &mut app.context(), id, draft).await?;
    if saved.is_ok() {
        app.changed();
    }
    Ok(saved)
}

/// Stores a machines file's checked machines (see [`usecases::machines::commit`]); returns how
/// many were created and updated.
pub async fn commit(app: AppState, machines: &[Machine]) -> Result<(usize, usize), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut ctx = app.context();
    one_import_at_a_time(app, usecases::machines::commit(&*db, &mut ctx, machines)).await
}
