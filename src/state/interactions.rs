//! Interactions (往来记录) and their follow-ups: logging one from a customer's page, and the
//! follow-up queue's reads and actions. Every write is one transaction holding the interaction
//! and its audit entry under the customer's target, so it shows in the customer's history.

use super::app::AppState;
use super::browser;
use crate::domain::audit;
use crate::domain::date::Date;
use crate::domain::interactions::follow_up::{self, Scope};
use crate::domain::interactions::form::InteractionDraft;
use crate::domain::model::{AuditAction, Customer, Id, Interaction, User};
use crate::store::{Batch, Entity, Key, Lookup, Store, StoreError, StoreErrorKind};
use leptos::prelude::*;
use std::collections::HashMap;

/// Saves a new interaction with `customer_id`, recorded by the current user, and returns its id.
pub async fn log(app: AppState, customer_id: Id, draft: &InteractionDraft) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let user = app.current_user.get_untracked();
    let by = user.ok_or_else(|| StoreError::new(StoreErrorKind::Other, "no current user to record it by"))?;
    let interaction = draft.to_interaction(browser::new_id(), customer_id, by);
    let changes = audit::diff(None, Some(&interaction));
    let mut batch = Batch::new().put(interaction.clone());
    if let Some(entry) =
        audit::entry(browser::new_id(), browser::now_ms(), user, customer_id, AuditAction::Create, changes, "")
    {
        batch = batch.put(entry);
    }
    db.write(batch).await?;
    app.changed();
    Ok(interaction.id)
}

/// Everything the follow-up queue shows, read in one transaction.
pub struct FollowUpBook {
    pub interactions: Vec<Interaction>,
    pub customers: HashMap<Id, Customer>,
    users: HashMap<Id, User>,
}

impl FollowUpBook {
    pub fn user(&self, id: Id) -> Option<&User> {
        self.users.get(&id)
    }

    /// Everyone who recorded an open follow-up, by name, for the person picker.
    pub fn people(&self) -> Vec<&User> {
        let mut people: Vec<&User> = self.users.values().filter(|u| self.has_open(u.id)).collect();
        people.sort_by(|a, b| a.name.cmp(&b.name));
        people
    }

    fn has_open(&self, user: Id) -> bool {
        self.interactions.iter().any(|i| i.by == user && i.follow_up.is_some() && !i.follow_up_done)
    }
}

pub async fn follow_up_book(app: AppState) -> Result<FollowUpBook, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut read = db
        .read_many(&[Lookup::All(Entity::Interaction), Lookup::All(Entity::Customer), Lookup::All(Entity::User)])
        .await?;
    Ok(FollowUpBook {
        interactions: read.take(0),
        customers: read.take::<Customer>(1).into_iter().map(|c| (c.id, c)).collect(),
        users: read.take::<User>(2).into_iter().map(|u| (u.id, u)).collect(),
    })
}

/// How many follow-ups of `scope` are overdue on `today`.
pub async fn overdue_count(app: AppState, scope: Scope, today: Date) -> Result<usize, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let interactions: Vec<Interaction> = db.get_all().await?;
    Ok(follow_up::overdue_count(&interactions, scope, today))
}

/// Marks interaction `id`'s follow-up as done.
pub async fn complete_follow_up(app: AppState, id: Id) -> Result<(), StoreError> {
    update(app, id, |interaction| interaction.follow_up_done = true).await
}

/// Moves interaction `id`'s open follow-up to `date`.
pub async fn reschedule_follow_up(app: AppState, id: Id, date: Date) -> Result<(), StoreError> {
    update(app, id, |interaction| interaction.follow_up = Some(date)).await
}

/// Applies `change` to interaction `id` and stores it with the audit entry saying what changed.
async fn update(app: AppState, id: Id, change: impl FnOnce(&mut Interaction)) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let before: Interaction = db
        .get(Key::Id(id))
        .await?
        .ok_or_else(|| StoreError::new(StoreErrorKind::Other, format!("interaction {id} no longer exists")))?;
    let mut after = before.clone();
    change(&mut after);
    let changes = audit::diff(Some(&before), Some(&after));
    let user = app.current_user.get_untracked();
    let Some(entry) =
        audit::entry(browser::new_id(), browser::now_ms(), user, before.customer_id, AuditAction::Update, changes, "")
    else {
        return Ok(());
    };
    db.write(Batch::new().put(after).put(entry)).await?;
    app.changed();
    Ok(())
}
