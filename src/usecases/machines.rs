//! Installed-base writes: saving one machine from the revision its form opened (checked against
//! the machines and customers as stored now, merged with a change made since or handed back to
//! decide) and committing a machines file, each with the audit entries in one transaction.

use super::{save_opened, Context, Saved};
use crate::domain::audit;
use crate::domain::model::{AuditAction, Customer, Id, Machine};
use crate::domain::parts::machine_form::{check, machine_target, MachineDraft, MachineProblems, MachineRegister};
use crate::store::{Base, Entity, Key, Reads, Revised, Store, StoreError};
use std::collections::HashMap;

/// Saves the machine form (a new machine when `opened` is `None`) with its audit entry in one
/// transaction, from the revision the form opened (see [`save_opened`]). The draft is checked
/// against the machines and customers as stored now: its problems (a serial taken meanwhile
/// among them) come back with nothing written.
pub async fn save(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Revised<Machine>>,
    draft: &MachineDraft,
) -> Result<Result<Saved<Machine>, MachineProblems>, StoreError> {
    let mut reads = Reads::new();
    let (machines, customers) = (reads.all::<Machine>(), reads.all::<Customer>());
    let mut read = store.read_many(&reads).await?;
    let (machines, customers) = (read.take(machines), read.take(customers));
    let register = MachineRegister::new(
        machines.iter().map(|m| (m.id, m.serial.as_str())),
        customers.iter().map(|c| (c.id, c.company.as_str())),
    );
    let Some(opened) = opened else {
        let new = Machine { id: ctx.new_id(), ..Machine::default() };
        let machine = match check(draft, &new, &register, ctx.today) {
            Ok(machine) => machine,
            Err(problems) => return Ok(Err(problems)),
        };
        write(store, ctx, None, Base::New, &machine).await?;
        return Ok(Ok(Saved::Stored { record: machine, merged_with: None }));
    };
    let mine = match check(draft, &opened.record, &register, ctx.today) {
        Ok(machine) => machine,
        Err(problems) => return Ok(Err(problems)),
    };
    let saved = save_opened(store, mine.id, opened, &mine, async |over| {
        write(store, ctx, Some(&over.before), over.base, &over.record).await
    })
    .await?;
    Ok(Ok(saved))
}

/// Stores `after` from `base` with the audit entry of what it changes of `before` (none: a new
/// machine).
async fn write(
    store: &impl Store,
    ctx: &mut Context,
    before: Option<&Machine>,
    base: Base,
    after: &Machine,
) -> Result<(), StoreError> {
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let changes = audit::diff(before, Some(after));
    let entry = audit::entry_for(ctx.new_id(), ctx.now_ms, ctx.user, machine_target(after.id), action, changes, "");
    store.write(ctx.batch().update(after.clone(), base).create_all(entry)).await
}

/// Stores a machines file's checked machines with an entry each, in one transaction: each
/// stored machine from the revision read here, refused whole (nothing written) when one changed
/// since the file was checked against `checked_against` (the machines as the check read them).
/// Returns how many were created and updated.
pub async fn commit(
    store: &impl Store,
    ctx: &mut Context,
    checked_against: &[Machine],
    machines: &[Machine],
) -> Result<(usize, usize), StoreError> {
    let mut reads = Reads::new();
    let all = reads.all::<Machine>();
    let all = reads.with_revisions(all);
    let stored: HashMap<Id, Revised<Machine>> =
        store.read_many(&reads).await?.take_revised(all).into_iter().map(|m| (m.record.id, m)).collect();
    let (mut created, mut updated) = (0, 0);
    let mut batch = ctx.batch();
    for machine in machines {
        let checked = checked_against.iter().find(|m| m.id == machine.id);
        let now = stored.get(&machine.id);
        if checked != now.map(|m| &m.record) {
            return Err(StoreError::changed(Entity::Machine, &Key::Id(machine.id)));
        }
        let (action, base) = match now {
            Some(now) => {
                updated += 1;
                (AuditAction::Update, now.base())
            }
            None => {
                created += 1;
                (AuditAction::Create, Base::New)
            }
        };
        let changes = audit::diff(checked, Some(machine));
        let target = machine_target(machine.id);
        let entry = audit::entry_for(ctx.new_id(), ctx.now_ms, ctx.user, target, action, changes, "");
        batch = batch.update(machine.clone(), base).put_all(entry);
    }
    store.write(batch).await?;
    Ok((created, updated))
}
