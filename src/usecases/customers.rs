//! Customer writes: saving the form, merging one customer into another and reassigning account
//! teams, each one transaction holding the records and their audit entries.

use super::{get_revised, retrying, Context, Decision};
use crate::domain::audit::{self, AuditField, ContactField};
use crate::domain::customers::form::{self, CustomerDraft};
use crate::domain::customers::merge as combine;
use crate::domain::merge::{self, Clash, DeletionClash, Mergeable};
use crate::domain::model::{
    AccountTeam, AuditAction, AuditEntry, Contact, Customer, FieldChange, Id, Interaction, Machine, Opportunity, Order,
    ServiceTicket,
};
use crate::store::{Base, Batch, Entity, Key, Reads, Record, Revised, Revision, Store, StoreError};
use serde::{Deserialize, Serialize};

/// The customer a form opened and its contacts, each with the revision it was read at: a save
/// merges against them what changed since.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opened {
    pub customer: Revised<Customer>,
    pub contacts: Vec<Revised<Contact>>,
}

impl Opened {
    /// The form's draft of what was opened.
    pub fn draft(&self) -> CustomerDraft {
        let contacts: Vec<Contact> = self.contacts.iter().map(|c| c.record.clone()).collect();
        CustomerDraft::of(&self.customer.record, &contacts)
    }

    fn contacts(&self) -> Vec<Contact> {
        self.contacts.iter().map(|c| c.record.clone()).collect()
    }
}

/// Customer `id` and its contacts with their revisions, as an edit form opens them; `None` when
/// there is no such customer.
pub async fn open(store: &impl Store, id: Id) -> Result<Option<Opened>, StoreError> {
    let mut reads = Reads::new();
    let customer = reads.key::<Customer>(id);
    let customer = reads.with_revisions(customer);
    let contacts = reads.index::<Contact>("customer_id", id);
    let contacts = reads.with_revisions(contacts);
    let mut read = store.read_many(&reads).await?;
    let Some(customer) = read.one_revised(customer) else { return Ok(None) };
    let mut contacts = read.take_revised(contacts);
    contacts.sort_by_key(|c| (!c.record.primary, c.record.id));
    Ok(Some(Opened { customer, contacts }))
}

/// How a save of the form ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    /// Stored. `merged_with` is the other write the save was merged with, when the customer or
    /// its contacts changed (in other fields) since the form opened.
    Stored { id: Id, merged_with: Option<Revision> },
    /// Changed since the form opened in the same fields as this save: nothing was stored.
    Clashed(Box<Clashes>),
}

/// What a save that clashed leaves the user to decide.
#[derive(Clone, Debug, PartialEq)]
pub struct Clashes {
    /// The customer as stored now: what a save of the decisions starts from.
    pub stored: Opened,
    /// Every change of this save that clashes with nothing, over the stored customer; the
    /// clashing fields still hold the stored values.
    pub merged: CustomerDraft,
    /// This save's customer and contacts as it would have stored them.
    pub mine: CustomerDraft,
    /// The clashing fields, named and worded as the history words a change (`before` the stored
    /// value, `after` mine), each with where it is in the draft.
    pub fields: Vec<(FieldChange, ClashAt)>,
}

/// Where a clash is in a customer's draft.
#[derive(Clone, Debug, PartialEq)]
pub enum ClashAt {
    Customer(Clash),
    Contact(Id, Clash),
    /// One side removed the contact, the other edited it.
    ContactRemoved(Id, DeletionClash),
}

/// Saves the form: the customer (new when `opened` is `None`), its contacts (those removed from
/// the form are deleted) and one audit entry listing every field this save changes — all in one
/// transaction, from the revisions the form opened. What changed meanwhile is merged in field by
/// field; when both changed a field to different values nothing is written and the clashes come
/// back for the user to decide ([`resolve`] then [`save`] again from [`Clashes::stored`]).
pub async fn save(
    store: &impl Store,
    ctx: &mut Context,
    opened: Option<&Opened>,
    draft: &CustomerDraft,
) -> Result<Saved, StoreError> {
    let Some(opened) = opened else { return create(store, ctx, draft).await };
    let id = opened.customer.record.id;
    let base = opened.customer.record.clone();
    let mine = Customer { modified_by: ctx.user.unwrap_or(0), modified_at: Some(ctx.today), ..draft.apply(&base) };
    let mut mine_contacts = draft.contacts_for(id);
    for contact in mine_contacts.iter_mut().filter(|c| c.id == 0) {
        contact.id = ctx.new_id();
    }
    retrying(async || {
        let stored = open(store, id).await?.ok_or_else(|| StoreError::not_found(Entity::Customer, id))?;
        let merged = merge::merge(Some(&base), Some(&mine), Some(&stored.customer.record));
        let contacts = merge::merge_records(&opened.contacts(), &mine_contacts, &stored.contacts(), |c| c.id);
        if !merged.is_clean() || !contacts.clashes.is_empty() {
            return Ok(Saved::Clashed(Box::new(clashes(stored, merged, contacts, &mine, &mine_contacts))));
        }
        let customer = merged.record.unwrap_or_else(|| mine.clone());
        store.write(merged_write(ctx, &stored, &customer, &contacts.records, &contacts.deleted)).await?;
        let changed_meanwhile = stored.customer.record != base || stored.contacts() != opened.contacts();
        let merged_with = changed_meanwhile.then(|| latest_revision(&stored)).flatten();
        Ok(Saved::Stored { id, merged_with })
    })
    .await
}

/// A new customer with its contacts and its creation entry.
async fn create(store: &impl Store, ctx: &mut Context, draft: &CustomerDraft) -> Result<Saved, StoreError> {
    let base = Customer {
        id: ctx.new_id(),
        created_by: ctx.user.unwrap_or(0),
        created_at: Some(ctx.today),
        ..Customer::default()
    };
    let customer = Customer { modified_by: ctx.user.unwrap_or(0), modified_at: Some(ctx.today), ..draft.apply(&base) };
    let mut contacts = draft.contacts_for(customer.id);
    for contact in contacts.iter_mut().filter(|c| c.id == 0) {
        contact.id = ctx.new_id();
    }
    let mut changes = audit::diff(None, Some(&customer));
    for contact in &contacts {
        changes.extend(audit::diff(None, Some(contact)));
    }
    let entry = audit::entry(ctx.new_id(), ctx.now_ms, ctx.user, customer.id, AuditAction::Create, changes, "");
    let batch = ctx.batch().create(customer.clone()).create_all(contacts).create_all(entry);
    store.write(batch).await?;
    Ok(Saved::Stored { id: customer.id, merged_with: None })
}

/// The write of a merged save over `stored`: the customer and contacts from the revisions just
/// read, and one entry with what this save changes of them.
fn merged_write(
    ctx: &mut Context,
    stored: &Opened,
    customer: &Customer,
    contacts: &[Contact],
    deleted: &[Id],
) -> Batch {
    let mut changes = audit::diff(Some(&stored.customer.record), Some(customer));
    let mut batch = ctx.batch().update(customer.clone(), stored.customer.base());
    for contact in contacts {
        let before = stored.contacts.iter().find(|c| c.record.id == contact.id);
        changes.extend(audit::diff(before.map(|c| &c.record), Some(contact)));
        batch = match before {
            Some(before) if before.record == *contact => batch,
            Some(before) => batch.update(contact.clone(), before.base()),
            None => batch.create(contact.clone()),
        };
    }
    for removed in stored.contacts.iter().filter(|c| deleted.contains(&c.record.id)) {
        changes.extend(audit::diff(Some(&removed.record), None));
        batch = batch.delete_at::<Contact>(Key::Id(removed.record.id), removed.base());
    }
    let entry = audit::entry(ctx.new_id(), ctx.now_ms, ctx.user, customer.id, AuditAction::Update, changes, "");
    batch.create_all(entry)
}

/// The most recent write among the stored customer's and contacts' revisions.
pub fn latest_revision(stored: &Opened) -> Option<Revision> {
    let contacts = stored.contacts.iter().filter_map(|c| c.revision);
    stored.customer.revision.into_iter().chain(contacts).max_by_key(|r| r.at_ms)
}

/// The clashes of a save, worded for the user.
fn clashes(
    stored: Opened,
    merged: merge::Merged<Customer>,
    contacts: merge::RecordsMerged<Contact>,
    mine: &Customer,
    mine_contacts: &[Contact],
) -> Clashes {
    let theirs = &stored.customer.record;
    let mut fields = Vec::new();
    let differences = audit::diff(Some(theirs), Some(mine));
    for clash in merged.clashes {
        let text = match &clash.item {
            Some(name) => AuditField::Custom(name.clone()).to_string(),
            None => clash.field.replace('.', "_"),
        };
        // A field the history does not word (the market, which follows the province) is
        // decided with the one it follows.
        if let Some(change) = differences.iter().find(|c| c.field == text) {
            fields.push((change.clone(), ClashAt::Customer(clash)));
        }
    }
    for record in contacts.clashes {
        let theirs = stored.contacts.iter().find(|c| c.record.id == record.id).map(|c| &c.record);
        let mine = mine_contacts.iter().find(|c| c.id == record.id);
        let differences = audit::diff(theirs, mine);
        if let Some(deletion) = record.deletion {
            let name = AuditField::Contact(record.id, ContactField::Name).to_string();
            let (before, after) = (theirs.map(|c| c.name.clone()), mine.map(|c| c.name.clone()));
            let change =
                FieldChange { field: name, before: before.unwrap_or_default(), after: after.unwrap_or_default() };
            fields.push((change, ClashAt::ContactRemoved(record.id, deletion)));
        }
        for clash in record.fields {
            let Some(field) = ContactField::parse(clash.field) else { continue };
            let text = AuditField::Contact(record.id, field).to_string();
            if let Some(change) = differences.iter().find(|c| c.field == text) {
                fields.push((change.clone(), ClashAt::Contact(record.id, clash)));
            }
        }
    }
    let merged_customer = merged.record.unwrap_or_else(|| theirs.clone());
    let mine_draft = CustomerDraft::of(mine, mine_contacts);
    Clashes { merged: CustomerDraft::of(&merged_customer, &contacts.records), mine: mine_draft, stored, fields }
}

/// The draft to save after the user decided every clash of `clashes`, in the order of its
/// fields: the merged draft with each decided value.
pub fn resolve(clashes: &Clashes, decisions: &[Decision]) -> CustomerDraft {
    let mut draft = clashes.merged.clone();
    for ((_, at), decision) in clashes.fields.iter().zip(decisions) {
        match (at, decision) {
            (_, Decision::KeepStored) => {}
            (ClashAt::Customer(clash), Decision::KeepMine) => {
                draft.customer.take(&clashes.mine.customer, clash);
                if clash.field == "main_products" {
                    draft.main_products = clashes.mine.main_products.clone();
                }
                if clash.field == "credit_index" {
                    draft.credit_index = clashes.mine.credit_index.clone();
                }
            }
            (ClashAt::Customer(clash), Decision::Typed(text)) => {
                form::set_text(&mut draft, clash.field, text);
            }
            (ClashAt::Contact(id, clash), decision) => {
                let mine = clashes.mine.contacts.iter().find(|c| c.id == *id);
                if let (Some(contact), Some(mine)) = (draft.contacts.iter_mut().find(|c| c.id == *id), mine) {
                    match decision {
                        Decision::Typed(text) => form::set_contact_text(contact, clash.field, text),
                        _ => contact.take(mine, clash),
                    }
                }
            }
            (ClashAt::ContactRemoved(id, _), Decision::KeepMine | Decision::Typed(_)) => {
                draft.contacts.retain(|c| c.id != *id);
                if let Some(mine) = clashes.mine.contacts.iter().find(|c| c.id == *id) {
                    draft.contacts.push(mine.clone());
                }
            }
        }
    }
    draft
}

/// Merges customer `other` into customer `kept` (see `domain::customers::merge`), in one transaction: the
/// kept customer with its gaps filled, every record of the other's file (contacts, interactions,
/// orders, opportunities, machines, service tickets and its history) moved to it, the other
/// deleted, and one audit entry naming the absorbed company. Returns how many records moved.
pub async fn merge(store: &impl Store, ctx: &mut Context, kept: Id, other: Id) -> Result<usize, StoreError> {
    retrying(async || merge_once(store, ctx, kept, other).await).await
}

/// [`merge`] from one read: both customers are written from the revisions read, so a save of
/// either meanwhile refuses it (and [`merge`] reads again).
async fn merge_once(store: &impl Store, ctx: &mut Context, kept: Id, other: Id) -> Result<usize, StoreError> {
    let mut reads = Reads::new();
    let kept_customer = reads.key::<Customer>(kept);
    let kept_customer = reads.with_revisions(kept_customer);
    let other_customer = reads.key::<Customer>(other);
    let other_customer = reads.with_revisions(other_customer);
    let kept_contacts = reads.index::<Contact>("customer_id", kept);
    let contacts = reads.index::<Contact>("customer_id", other);
    let contacts = reads.with_revisions(contacts);
    let interactions = reads.index::<Interaction>("customer_id", other);
    let interactions = reads.with_revisions(interactions);
    let orders = reads.index::<Order>("customer_id", other);
    let orders = reads.with_revisions(orders);
    let opportunities = reads.index::<Opportunity>("customer_id", other);
    let opportunities = reads.with_revisions(opportunities);
    let machines = reads.index::<Machine>("customer_id", other);
    let machines = reads.with_revisions(machines);
    let tickets = reads.index::<ServiceTicket>("customer_id", other);
    let tickets = reads.with_revisions(tickets);
    let mut read = store.read_many(&reads).await?;
    let before = read.one_revised(kept_customer).ok_or_else(|| StoreError::not_found(Entity::Customer, kept))?;
    let absorbed = read.one_revised(other_customer).ok_or_else(|| StoreError::not_found(Entity::Customer, other))?;
    let (kept_base, other_base) = (before.base(), absorbed.base());
    let (before, absorbed) = (before.record, absorbed.record);
    let has_primary = read.take(kept_contacts).iter().any(|c| c.primary);
    // Every moved record is written from the revision read: an edit of one meanwhile (in another
    // tab) refuses the merge, which then reads again, instead of being undone by it.
    let (contacts, contact_bases) = revised_parts(read.take_revised(contacts));
    let contacts = combine::move_contacts(contacts, kept, has_primary);
    let interactions = rewritten(read.take_revised(interactions), |r| Interaction { customer_id: kept, ..r });
    let orders = rewritten(read.take_revised(orders), |r| Order { customer_id: kept, ..r });
    let opportunities = rewritten(read.take_revised(opportunities), |r| Opportunity { customer_id: kept, ..r });
    let machines = rewritten(read.take_revised(machines), |r| Machine { customer_id: kept, ..r });
    let tickets = rewritten(read.take_revised(tickets), |r| ServiceTicket { customer_id: kept, ..r });
    let target = audit::customer_target(kept);
    let moved =
        contacts.len() + interactions.len() + orders.len() + opportunities.len() + machines.len() + tickets.len();
    let merged = Customer {
        modified_by: ctx.user.unwrap_or(0),
        modified_at: Some(ctx.today),
        ..combine::merge_customers(&before, &absorbed)
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
    let batch = ctx
        .batch()
        .update(merged, kept_base)
        .update_all(contacts.into_iter().zip(contact_bases))
        .update_all(interactions)
        .update_all(orders)
        .update_all(opportunities)
        .update_all(machines)
        .update_all(tickets)
        .create(entry)
        .delete_at::<Customer>(Key::Id(other), other_base);
    store.write(batch).await?;
    Ok(moved)
}

/// Records read with their revisions, apart from the bases a write of each expects.
fn revised_parts<R: Record>(revised: Vec<Revised<R>>) -> (Vec<R>, Vec<Base>) {
    revised.into_iter().map(|r| (r.base(), r.record)).map(|(base, record)| (record, base)).unzip()
}

/// Each record read, changed by `change`, with the base it was read at.
fn rewritten<R: Record>(revised: Vec<Revised<R>>, change: impl Fn(R) -> R) -> Vec<(R, Base)> {
    revised.into_iter().map(|r| (r.base(), r.record)).map(|(base, record)| (change(record), base)).collect()
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
    retrying(async || {
        let stored = get_revised::<Customer>(store, id).await?;
        let before = stored.ok_or_else(|| StoreError::not_found(Entity::Customer, id))?;
        let previous = before.record.team.lead;
        let mut members: Vec<Id> = before.record.team.members.iter().copied().filter(|m| *m != to).collect();
        if keep_previous && previous != 0 && previous != to && !members.contains(&previous) {
            members.insert(0, previous);
        }
        let team = AccountTeam { lead: to, members };
        let Some((customer, entry)) = team_change(ctx, &before.record, team, reason, AuditAction::Update) else {
            return Ok(false);
        };
        store.write(ctx.batch().update(customer, before.base()).create(entry)).await?;
        Ok(true)
    })
    .await
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
    retrying(async || {
        let mut reads = Reads::new();
        let all = reads.all::<Customer>();
        let all = reads.with_revisions(all);
        let customers = store.read_many(&reads).await?.take_revised(all);
        let mut batch = ctx.batch();
        let mut count = 0;
        for before in customers.iter().filter(|c| c.record.team.lead == from || c.record.team.members.contains(&from)) {
            let lead = if before.record.team.lead == from { to } else { before.record.team.lead };
            let members = before.record.team.members.iter().copied().filter(|m| *m != from && *m != lead).collect();
            let team = AccountTeam { lead, members };
            if let Some((customer, entry)) = team_change(ctx, &before.record, team, reason, AuditAction::Bulk) {
                batch = batch.update(customer, before.base()).create(entry);
                count += 1;
            }
        }
        store.write(batch).await?;
        Ok(count)
    })
    .await
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
