//! A setting stored as one structured record (the cockpit's thresholds, the service desk's
//! calendar and targets): read (the defaults until a user sets it), opened with its revision,
//! saved from that revision — merged with a change made meanwhile, which a notice then names, or
//! the clash handed back — and the draft of a save that could not be made kept for the tab.

use super::app::{AppState, Notice};
use super::drafts;
use crate::domain::merge::Mergeable;
use crate::store::{Revised, StoreError};
use crate::usecases::{settings, Saved};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::marker::PhantomData;

/// What a setting's form opens with (see [`StoredSetting::open_form`]).
#[derive(Clone)]
pub struct Opened<T> {
    /// The stored value with its revision: what the next save starts from.
    pub opened: Revised<T>,
    /// The value shown.
    pub shown: T,
    /// Whether `shown` was kept from a save that could not be made.
    pub kept: bool,
}

/// The setting stored under `key`, edited in the form named `form` among kept drafts.
pub struct StoredSetting<T> {
    key: &'static str,
    form: &'static str,
    kind: PhantomData<fn() -> T>,
}

impl<T> StoredSetting<T> {
    pub const fn new(key: &'static str, form: &'static str) -> Self {
        StoredSetting { key, form, kind: PhantomData }
    }
}

impl<T: Mergeable + Serialize + DeserializeOwned + Default + 'static> StoredSetting<T> {
    /// The stored value; the defaults when none is stored.
    pub async fn read(&self, app: AppState) -> Result<T, StoreError> {
        let db = app.store().ok_or_else(StoreError::not_open)?;
        Ok(settings::read(&*db, self.key).await?.unwrap_or_default())
    }

    /// The value with its revision, as its form opens it.
    pub async fn opened(&self, app: AppState) -> Result<Revised<T>, StoreError> {
        settings::open(&*app.store().ok_or_else(StoreError::not_open)?, self.key).await
    }

    /// Saves `mine` from the revision the form opened (see [`settings::save_opened`]); a save
    /// merged with a change made meanwhile says so. Pages reading the setting read it again.
    pub async fn save(&self, app: AppState, opened: &Revised<T>, mine: &T) -> Result<Saved<T>, StoreError> {
        let db = app.store().ok_or_else(StoreError::not_open)?;
        let saved = settings::save_opened(&*db, &mut app.context(), self.key, opened, mine).await?;
        if let Saved::Stored { merged_with, .. } = &saved {
            app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
            app.changed();
        }
        Ok(saved)
    }

    /// What the setting's form opens: the stored value with its revision, and the value shown —
    /// the one kept from an earlier save that could not be made, if any.
    pub async fn open_form(&self, app: AppState) -> Result<Opened<T>, StoreError>
    where
        T: Clone,
    {
        let stored = self.opened(app).await?;
        Ok(match self.kept(app) {
            Some(kept) => Opened { opened: kept.opened.unwrap_or(stored), shown: kept.draft, kept: true },
            None => Opened { shown: stored.record.clone(), opened: stored, kept: false },
        })
    }

    /// The value kept from a save that could not be made, with what it was opened from.
    pub fn kept(&self, app: AppState) -> Option<drafts::Kept<Revised<T>, T>> {
        drafts::kept(app, self.form, None)
    }

    /// Keeps `value` (opened from `opened`) for this tab.
    pub fn keep(&self, app: AppState, opened: &Revised<T>, value: &T)
    where
        T: Clone,
    {
        drafts::keep(app, self.form, None, Some(opened), value);
    }

    /// Forgets the kept value.
    pub fn discard(&self, app: AppState) {
        drafts::discard(app, self.form, None);
    }
}
