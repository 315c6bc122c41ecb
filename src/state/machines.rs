//! The installed base: reading the machines with their customers' names, and saving one with
//! its audit entry in one transaction. A saved machine changes the workspace, so the parts are
//! planned again with it as a driver.

use super::app::AppState;
use super::browser;
use crate::domain::audit;
use crate::domain::model::{AuditAction, Customer, Id, Machine};
use crate::domain::parts::machine_form::{check, machine_target, MachineDraft, MachineProblems, MachineRegister};
use crate::store::{Batch, Entity, Lookup, Store, StoreError};
use leptos::prelude::GetUntracked;
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
    let mut read = db.read_many(&[Lookup::All(Entity::Machine), Lookup::All(Entity::Customer)]).await?;
    let machines: Vec<Machine> = read.take(0);
    let customers: Vec<Customer> = read.take(1);
    Ok(MachineBook { machines, customers: customers.into_iter().map(|c| (c.id, c.company)).collect() })
}

/// Saves the machine form (a new machine when `id` is `None`) with its audit entry in one
/// transaction, checked against the machines and customers as stored now; returns the
/// machine's id, or the draft's problems (nothing written).
pub async fn save(
    app: AppState,
    id: Option<Id>,
    draft: &MachineDraft,
) -> Result<Result<Id, MachineProblems>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let book = book(app).await?;
    let before = id.and_then(|id| book.machines.iter().find(|m| m.id == id).cloned());
    let base = before.clone().unwrap_or_else(|| Machine { id: browser::new_id(), ..Machine::default() });
    let machine = match check(draft, &base, &book.register(), browser::today()) {
        Ok(machine) => machine,
        Err(problems) => return Ok(Err(problems)),
    };
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let changes = audit::diff(before.as_ref(), Some(&machine));
    let user = app.current_user.get_untracked();
    let entry =
        audit::entry_for(browser::new_id(), browser::now_ms(), user, machine_target(machine.id), action, changes, "");
    db.write(Batch::new().put(machine.clone()).put_all(entry)).await?;
    app.changed();
    Ok(Ok(machine.id))
}

/// Stores a machines file's checked machines with an audit entry each, in one transaction;
/// returns how many were created and updated.
pub async fn commit(app: AppState, machines: &[Machine]) -> Result<(usize, usize), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let stored: Vec<Machine> = db.get_all().await?;
    let before: HashMap<Id, Machine> = stored.into_iter().map(|m| (m.id, m)).collect();
    let user = app.current_user.get_untracked();
    let now_ms = browser::now_ms();
    let (mut created, mut updated) = (0, 0);
    let mut batch = Batch::new().put_all(machines.iter().cloned());
    for machine in machines {
        let old = before.get(&machine.id);
        let action = if old.is_some() {
            updated += 1;
            AuditAction::Update
        } else {
            created += 1;
            AuditAction::Create
        };
        let changes = audit::diff(old, Some(machine));
        batch = batch.put_all(audit::entry_for(
            browser::new_id(),
            now_ms,
            user,
            machine_target(machine.id),
            action,
            changes,
            "",
        ));
    }
    db.write(batch).await?;
    app.changed();
    Ok((created, updated))
}
