//! Customer writes: saving the form, merging one customer into another and reassigning account
//! teams, each one transaction holding the records and their audit entries.

use super::Context;
use crate::domain::audit;
use crate::domain::customers::form::CustomerDraft;
use crate::domain::customers::merge;
use crate::domain::model::{
    AccountTeam, AuditAction, AuditEntry, Contact, Customer, Id, Interaction, Machine, Opportunity, Order,
    ServiceTicket,
};
use crate::store::{Batch, Entity, Key, Reads, Store, StoreError};

/// Saves the form: the customer (new when `id` is `None`), its contacts (those removed from the
/// form are deleted) and one audit entry listing every field changed — all in one transaction.
/// Returns the customer's id.
pub async fn save(
    store: &impl Store,
    ctx: &mut Context,
    id: Option<Id>,
    draft: &CustomerDraft,
) -> Result<Id, StoreError> {
    let (before, stored_contacts) = match id {
        Some(id) => {
            let mut reads = Reads::new();
            let (customer, contacts) = (reads.key::<Customer>(id), reads.index::<Contact>("customer_id", id));
            let mut read = store.read_many(&reads).await?;
            let before = read.one(customer).ok_or_else(|| StoreError::not_found(Entity::Customer, id))?;
            (Some(before), read.take(contacts))
        }
        None => (None, Vec::new()),
    };
    let base = match &before {
        Some(before) => before.clone(),
        None => Customer {
            id: ctx.new_id(),
            created_by: ctx.user.unwrap_or(0),
            created_at: Some(ctx.today),
            ..Customer::default()
        },
    };
    let customer = Customer { modified_by: ctx.user.unwrap_or(0), modified_at: Some(ctx.today), ..draft.apply(&base) };
    let mut contacts = draft.contacts_for(customer.id);
    for contact in contacts.iter_mut().filter(|c| c.id == 0) {
        contact.id = ctx.new_id();
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
    if let Some(entry) = audit::entry(ctx.new_id(), ctx.now_ms, ctx.user, customer.id, action, changes, "") {
        batch = batch.put(entry);
    }
    store.write(batch).await?;
    Ok(customer.id)
}

/// Merges customer `other` into customer `kept` (see `domain::customers::merge`), in one transaction: the
/// kept customer with its gaps filled, every record of the other's file (contacts, interactions,
/// orders, opportunities, machines, service tickets and its history) moved to it, the other
/// deleted, and one audit entry naming the absorbed company. Returns how many records moved.
pub async fn merge(store: &impl Store, ctx: &mut Context, kept: Id, other: Id) -> Result<usize, StoreError> {
    let mut reads = Reads::new();
    let kept_customer = reads.key::<Customer>(kept);
    let other_customer = reads.key::<Customer>(other);
    let kept_contacts = reads.index::<Contact>("customer_id", kept);
    let contacts = reads.index::<Contact>("customer_id", other);
    let interactions = reads.index::<Interaction>("customer_id", other);
    let orders = reads.index::<Order>("customer_id", other);
    let opportunities = reads.index::<Opportunity>("customer_id", other);
    let machines = reads.index::<Machine>("customer_id", other);
    let tickets = reads.index::<ServiceTicket>("customer_id", other);
    let history = reads.index::<AuditEntry>("target", audit::customer_target(other));
    let mut read = store.read_many(&reads).await?;
    let before = read.one(kept_customer).ok_or_else(|| StoreError::not_found(Entity::Customer, kept))?;
    let absorbed = read.one(other_customer).ok_or_else(|| StoreError::not_found(Entity::Customer, other))?;
    let has_primary = read.take(kept_contacts).iter().any(|c| c.primary);
    let contacts = merge::move_contacts(read.take(contacts), kept, has_primary);
    let interactions: Vec<Interaction> =
        read.take(interactions).into_iter().map(|r| Interaction { customer_id: kept, ..r }).collect();
    let orders: Vec<Order> = read.take(orders).into_iter().map(|r| Order { customer_id: kept, ..r }).collect();
    let opportunities: Vec<Opportunity> =
        read.take(opportunities).into_iter().map(|r| Opportunity { customer_id: kept, ..r }).collect();
    let machines: Vec<Machine> = read.take(machines).into_iter().map(|r| Machine { customer_id: kept, ..r }).collect();
    let tickets: Vec<ServiceTicket> =
        read.take(tickets).into_iter().map(|r| ServiceTicket { customer_id: kept, ..r }).collect();
    let target = audit::customer_target(kept);
    let history: Vec<AuditEntry> =
        read.take(history).into_iter().map(|e| AuditEntry { target: target.clone(), ..e }).collect();
    let moved = contacts.len()
        + interactions.len()
        + orders.len()
        + opportunities.len()
        + machines.len()
        + tickets.len()
        + history.len();
    let merged = Customer {
        modified_by: ctx.user.unwrap_or(0),
        modified_at: Some(ctx.today),
        ..merge::merge_customers(&before, &absorbed)
    };
    let mut changes = audit::diff(Some(&before), Some(&merged));
    for contact in &contacts {
        changes.extend(audit::diff(None, Some(contact)));
    }
    let reason = format!("{} (#{other})", absorbed.company);
    let entry = AuditEntry {
        id: ctx.new_id(),
        at_ms: ctx.now_ms,
        user: ctx.user,
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
    store.write(batch).await?;
    Ok(moved)
}

/// Makes `to` the lead of customer `id`'s account team, keeping the previous lead as a member
/// when `keep_previous`; the audit entry carries who, when and `reason`, which is required.
/// Whether anything changed (an unchanged team writes nothing).
pub async fn reassign(
    store: &impl Store,
    ctx: &mut Context,
    id: Id,
    to: Id,
    keep_previous: bool,
    reason: &str,
) -> Result<bool, StoreError> {
    require_reason(reason)?;
    let before: Customer = store.get(Key::Id(id)).await?.ok_or_else(|| StoreError::not_found(Entity::Customer, id))?;
    let previous = before.team.lead;
    let mut members: Vec<Id> = before.team.members.iter().copied().filter(|m| *m != to).collect();
    if keep_previous && previous != 0 && previous != to && !members.contains(&previous) {
        members.insert(0, previous);
    }
    let team = AccountTeam { lead: to, members };
    let Some((customer, entry)) = team_change(ctx, &before, team, reason, AuditAction::Update) else {
        return Ok(false);
    };
    store.write(Batch::new().put(customer).put(entry)).await?;
    Ok(true)
}

/// Hands every account led by `from` to `to` (a departing salesperson's book) and takes `from`
/// off the teams they were a member of: one transaction, one audit entry per customer, the
/// required `reason` on each. Returns how many customers changed.
pub async fn reassign_all(
    store: &impl Store,
    ctx: &mut Context,
    from: Id,
    to: Id,
    reason: &str,
) -> Result<usize, StoreError> {
    require_reason(reason)?;
    let customers: Vec<Customer> = store.get_all().await?;
    let mut batch = Batch::new();
    let mut count = 0;
    for before in customers.iter().filter(|c| c.team.lead == from || c.team.members.contains(&from)) {
        let lead = if before.team.lead == from { to } else { before.team.lead };
        let members = before.team.members.iter().copied().filter(|m| *m != from && *m != lead).collect();
        if let Some((customer, entry)) =
            team_change(ctx, before, AccountTeam { lead, members }, reason, AuditAction::Bulk)
        {
            batch = batch.put(customer).put(entry);
            count += 1;
        }
    }
    store.write(batch).await?;
    Ok(count)
}

/// A reassignment stays explainable in the history only with its reason (the forms ask for one).
fn require_reason(reason: &str) -> Result<(), StoreError> {
    if reason.trim().is_empty() {
        return Err(StoreError::reason_required());
    }
    Ok(())
}

/// `before` with `team`, stamped by the current user, and the audit entry saying so; `None`
/// when the team is unchanged.
fn team_change(
    ctx: &mut Context,
    before: &Customer,
    team: AccountTeam,
    reason: &str,
    action: AuditAction,
) -> Option<(Customer, AuditEntry)> {
    let customer =
        Customer { team, modified_by: ctx.user.unwrap_or(0), modified_at: Some(ctx.today), ..before.clone() };
    let changes = audit::diff(Some(before), Some(&customer));
    let entry = audit::entry(ctx.new_id(), ctx.now_ms, ctx.user, customer.id, action, changes, reason)?;
    Some((customer, entry))
}
