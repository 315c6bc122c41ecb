//! Interactions (往来记录) and their follow-ups: logging one from a customer's page, and the
//! follow-up queue's reads and actions. Every write is one transaction holding the interaction
//! and its audit entry under the customer's target, so it shows in the customer's history.

use super::app::AppState;
use crate::domain::date::Date;
use crate::domain::grading::retention::WinBackTask;
use crate::domain::interactions::follow_up::{self, Scope};
use crate::domain::interactions::form::InteractionDraft;
use crate::domain::interactions::win_back::WinBackDraft;
use crate::domain::model::{Customer, Id, Interaction, User};
use crate::store::{Reads, Store, StoreError};
use crate::usecases;
use std::collections::HashMap;

/// Saves a new interaction with `customer_id` (see [`usecases::interactions::log`]) and
/// returns its id.
pub async fn log(app: AppState, customer_id: Id, draft: &InteractionDraft) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let id = usecases::interactions::log(&*db, &mut app.context(), customer_id, draft).await?;
    app.changed();
    Ok(id)
}

/// Plans lost customer `customer_id`'s response as a follow-up (see
/// [`usecases::interactions::plan_win_back`]) and returns its id.
pub async fn plan_win_back(
    app: AppState,
    customer_id: Id,
    draft: &WinBackDraft,
    tasks: &[WinBackTask],
) -> Result<Id, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let id = usecases::interactions::plan_win_back(&*db, &mut app.context(), customer_id, draft, tasks).await?;
    app.changed();
    Ok(id)
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
    let mut reads = Reads::new();
    let (interactions, customers, users) = (reads.all::<Interaction>(), reads.all::<Customer>(), reads.all::<User>());
    let mut read = db.read_many(&reads).await?;
    Ok(FollowUpBook {
        interactions: read.take(interactions),
        customers: read.take(customers).into_iter().map(|c| (c.id, c)).collect(),
        users: read.take(users).into_iter().map(|u| (u.id, u)).collect(),
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
    let db = app.store().ok_or_else(StoreError::not_open)?;
    if usecases::interactions::complete_follow_up(&*db, &mut app.context(), id).await? {
        app.changed();
    }
    Ok(())
}

/// Moves interaction `id`'s open follow-up to `date`.
pub async fn reschedule_follow_up(app: AppState, id: Id, date: Date) -> Result<(), StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    if usecases::interactions::reschedule_follow_up(&*db, &mut app.context(), id, date).await? {
        app.changed();
    }
    Ok(())
}
