//! Trade shows: the list with each show's lead counts, one show with its leads, the follow-ups
//! its close would make and the queue of those not yet contacted, the capture page's show with
//! the de-duplication index over customers, contacts and earlier leads; and the writes (save a
//! show, capture a lead, close the show), each one transaction through `usecases::shows`.

use super::app::{AppState, Notice};
use super::stored_setting::StoredSetting;
use crate::domain::model::{Contact, Customer, Id, Interaction, Opportunity, Setting, User};
use crate::domain::shows::close::{self, Assignment, CloseError, FollowUpDays};
use crate::domain::shows::dedup::{DedupIndex, Match};
use crate::domain::shows::form::{LeadDraft, ShowDraft};
use crate::domain::shows::report::{self, Report};
use crate::domain::shows::{Lead, Show};
use crate::store::json::from_json;
use crate::store::{Key, Reads, Revised, Store, StoreError};
use crate::usecases::shows::Closed;
use crate::usecases::{self, Saved};
use leptos::prelude::*;

/// The days from a show's close to each lead's follow-up (Settings → Trade shows).
pub const FOLLOW_UP_DAYS: StoredSetting<FollowUpDays> = StoredSetting::new(close::SETTING_KEY, "follow_up_days");

/// Every show, newest first, with its leads and the people who may work a booth.
pub struct ShowsBook {
    pub shows: Vec<Show>,
    pub leads: Vec<Lead>,
    pub users: Vec<User>,
}

impl ShowsBook {
    pub fn lead_count(&self, show: Id) -> usize {
        self.leads.iter().filter(|l| l.show_id == show).count()
    }
}

pub async fn book(app: AppState) -> Result<ShowsBook, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let (shows, leads, users) = (reads.all::<Show>(), reads.all::<Lead>(), reads.all::<User>());
    let mut read = db.read_many(&reads).await?;
    let mut shows = read.take(shows);
    shows.sort_by(|a, b| b.starts.cmp(&a.starts).then(b.id.cmp(&a.id)));
    Ok(ShowsBook { shows, leads: read.take(leads), users: read.take(users) })
}

/// One show as its page shows it.
pub struct ShowBook {
    pub show: Revised<Show>,
    /// In capture order.
    pub leads: Vec<Lead>,
    pub users: Vec<User>,
    pub customers: Vec<Customer>,
    /// The follow-ups a close would make now (open shows).
    pub plan: Vec<Assignment>,
    pub interactions: Vec<Interaction>,
}

impl ShowBook {
    pub fn user_name(&self, id: Id) -> String {
        self.users.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default()
    }
}

pub async fn show_book(app: AppState, id: Id) -> Result<Option<ShowBook>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let show = reads.key::<Show>(id);
    let show = reads.with_revisions(show);
    let leads = reads.index::<Lead>("show_id", id);
    let (users, customers) = (reads.all::<User>(), reads.all::<Customer>());
    let interactions = reads.all::<Interaction>();
    let days = reads.key::<Setting>(close::SETTING_KEY);
    let mut read = db.read_many(&reads).await?;
    let Some(show) = read.one_revised(show) else { return Ok(None) };
    let mut leads = read.take(leads);
    leads.sort_by_key(|l| (l.captured_at, l.id));
    let customers = read.take(customers);
    let days: FollowUpDays = read.one(days).and_then(|s| from_json(&s.value)).unwrap_or_default();
    let owner_of = |c: Id| customers.iter().find(|customer| customer.id == c).map(|customer| customer.team.lead);
    let plan = close::plan(&show.record, &leads, owner_of, days, super::browser::today());
    Ok(Some(ShowBook { show, leads, users: read.take(users), customers, plan, interactions: read.take(interactions) }))
}

/// The show report over every show, or over one: its figures with the names its rows show.
pub struct ReportBook {
    pub report: Report,
    pub shows: Vec<Show>,
    pub users: Vec<User>,
}

impl ReportBook {
    pub fn show_name(&self, id: Id) -> String {
        self.shows.iter().find(|s| s.id == id).map(|s| s.name.clone()).unwrap_or_default()
    }

    pub fn user_name(&self, id: Id) -> String {
        self.users.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default()
    }
}

/// The report of show `only`, or of every show (newest first) when `None`.
pub async fn report_book(app: AppState, only: Option<Id>) -> Result<ReportBook, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let (shows, leads, users) = (reads.all::<Show>(), reads.all::<Lead>(), reads.all::<User>());
    let (opportunities, interactions) = (reads.all::<Opportunity>(), reads.all::<Interaction>());
    let mut read = db.read_many(&reads).await?;
    let mut shows = read.take(shows);
    shows.sort_by(|a, b| b.starts.cmp(&a.starts).then(b.id.cmp(&a.id)));
    let reported: Vec<Show> = shows.iter().filter(|s| only.is_none_or(|id| s.id == id)).cloned().collect();
    let (leads, opportunities, interactions) = (read.take(leads), read.take(opportunities), read.take(interactions));
    let report = report::report(&reported, &leads, &opportunities, &interactions, super::browser::local_day);
    Ok(ReportBook { report, shows, users: read.take(users) })
}

/// What the capture page needs: the show, how many leads it has, and the index a typed mobile
/// number or company is looked up in.
pub struct CaptureBook {
    pub show: Show,
    pub captured: usize,
    pub index: DedupIndex,
    pub users: Vec<User>,
}

pub async fn capture_book(app: AppState, id: Id) -> Result<Option<CaptureBook>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let show = reads.key::<Show>(id);
    let (customers, contacts, leads) = (reads.all::<Customer>(), reads.all::<Contact>(), reads.all::<Lead>());
    let users = reads.all::<User>();
    let mut read = db.read_many(&reads).await?;
    let Some(show) = read.one(show) else { return Ok(None) };
    let leads = read.take(leads);
    let captured = leads.iter().filter(|l| l.show_id == id).count();
    let index = DedupIndex::new(&read.take(customers), &read.take(contacts), &leads);
    Ok(Some(CaptureBook { show, captured, index, users: read.take(users) }))
}

/// Show `id` with its revision, as its form opens it.
pub async fn opened(app: AppState, id: Id) -> Result<Option<Revised<Show>>, StoreError> {
    usecases::get_revised(&*app.store().ok_or_else(StoreError::not_open)?, Key::Id(id)).await
}

/// Saves the show form from what it opened (see [`usecases::shows::save_show`]).
pub async fn save_show(
    app: AppState,
    opened: Option<Revised<Show>>,
    draft: ShowDraft,
) -> Result<Saved<Show>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let saved = usecases::shows::save_show(&*db, &mut app.context(), opened.as_ref(), &draft).await?;
    if let Saved::Stored { merged_with, .. } = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(saved)
}

/// Stores a captured lead (see [`usecases::shows::capture`]).
pub async fn capture(
    app: AppState,
    show: Id,
    draft: LeadDraft,
    matched: Option<Match>,
) -> Result<Result<Lead, CloseError>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let captured = usecases::shows::capture(&*db, &mut app.context(), show, &draft, matched.as_ref()).await?;
    app.changed();
    Ok(captured)
}

/// Closes the show as its confirm table shows it (see [`usecases::shows::close_show`]).
pub async fn close(
    app: AppState,
    opened: Revised<Show>,
    assignments: Vec<Assignment>,
) -> Result<Result<Closed, CloseError>, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let closed = usecases::shows::close_show(&*db, &mut app.context(), &opened, &assignments).await?;
    app.changed();
    Ok(closed)
}
