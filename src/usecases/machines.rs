//! Installed-base writes: saving one machine (checked against the machines and customers as
//! stored now) and committing a machines file, each with the audit entries in one transaction.

use super::Context;
use crate::domain::audit;
use crate::domain::model::{AuditAction, Customer, Id, Machine};
use crate::domain::parts::machine_form::{check, machine_target, MachineDraft, MachineProblems, MachineRegister};
use crate::store::{Reads, Store, StoreError};
use std::collections::HashMap;

/// Saves the machine form (a new machine when `id` is `None`) with its audit entry in one
/// transaction, checked against the machines and customers as stored now; returns the
/// machine's id, or the draft's problems (nothing written).
pub async fn save(
    store: &impl Store,
    ctx: &mut Context,
    id: Option<Id>,
    draft: &MachineDraft,
) -> Result<Result<Id, MachineProblems>, StoreError> {
    let mut reads = Reads::new();
    let (machines, customers) = (reads.all::<Machine>(), reads.all::<Customer>());
    let mut read = store.read_many(&reads).await?;
    let (machines, customers) = (read.take(machines), read.take(customers));
    let register = MachineRegister::new(
        machines.iter().map(|m| (m.id, m.serial.as_str())),
        customers.iter().map(|c| (c.id, c.company.as_str())),
    );
    let before = id.and_then(|id| machines.iter().find(|m| m.id == id).cloned());
    let base = match &before {
        Some(before) => before.clone(),
        None => Machine { id: ctx.new_id(), ..Machine::default() },
    };
    let machine = match check(draft, &base, &register, ctx.today) {
        Ok(machine) => machine,
        Err(problems) => return Ok(Err(problems)),
    };
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let changes = audit::diff(before.as_ref(), Some(&machine));
    let entry = audit::entry_for(ctx.new_id(), ctx.now_ms, ctx.user, machine_target(machine.id), action, changes, "");
    store.write(ctx.batch().put(machine.clone()).put_all(entry)).await?;
    Ok(Ok(machine.id))
}

/// Stores a machines file's checked machines with an audit entry each, in one transaction;
/// returns how many were created and updated.
pub async fn commit(store: &impl Store, ctx: &mut Context, machines: &[Machine]) -> Result<(usize, usize), StoreError> {
    let stored: Vec<Machine> = store.get_all().await?;
    let before: HashMap<Id, Machine> = stored.into_iter().map(|m| (m.id, m)).collect();
    let (mut created, mut updated) = (0, 0);
    let mut batch = ctx.batch().put_all(machines.iter().cloned());
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
            ctx.new_id(),
            ctx.now_ms,
            ctx.user,
            machine_target(machine.id),
            action,
            changes,
            "",
        ));
    }
    store.write(batch).await?;
    Ok((created, updated))
}
