//! Customer value and grades (docs/domain.md §2–3): the grade book (every customer scored and graded
//! from one consistent read, cached until the next write), the grading settings, a customer's
//! ratings, and dated grade snapshots whose changes go on the customers' timelines.

use super::app::{AppState, Notice};
use super::cache::Cached;
use super::{browser, drafts};
use crate::domain::date::Date;
use crate::domain::grading::indicators::Ratings;
use crate::domain::grading::retention::ChurnRisk;
use crate::domain::grading::score::{compare, preview, recompute, CustomerScore, Preview, Recomputed};
use crate::domain::grading::settings::{GradingSettings, SettingsError};
use crate::domain::grading::snapshot::{self, GradeSnapshot, TrendPoint};
use crate::domain::model::{Customer, Id, Interaction, Order, ServiceTicket, Setting, TicketKind};
use crate::store::json::from_json;
use crate::store::{Entity, Reads, Revised, Store, StoreError};
use crate::usecases::grades::{Inputs, LAST_SNAPSHOT_KEY, SETTINGS_KEY};
use crate::usecases::{self, Saved};
use leptos::prelude::{GetUntracked, Set};
use std::collections::HashMap;
use std::rc::Rc;

/// Every customer with its score, from one snapshot of the workspace.
pub struct GradeBook {
    pub customers: Vec<Customer>,
    pub orders: Vec<Order>,
    /// Read for the follow-ups the churn flags check, kept for previews that recompute.
    pub interactions: Vec<Interaction>,
    /// The tickets the churn flags read (complaints and rated closings), kept likewise.
    pub tickets: Vec<ServiceTicket>,
    pub ratings: Vec<Ratings>,
    pub settings: GradingSettings,
    /// One per customer, in `customers` order.
    pub scores: Vec<CustomerScore>,
    pub churn: Vec<ChurnRisk>,
    /// The latest snapshot, to compare the current grades with.
    pub last_snapshot: Option<GradeSnapshot>,
    /// How long the recompute took, ms (shown, and read by `bench/run grades`).
    pub recompute_ms: f64,
    /// The workspace revision it was read at (pages mark it, so a test can wait for a redraw);
    /// a book kept across writes of other kinds keeps its revision.
    pub revision: u64,
    by_id: HashMap<Id, usize>,
}

impl GradeBook {
    pub fn customer(&self, id: Id) -> Option<&Customer> {
        self.by_id.get(&id).map(|&i| &self.customers[i])
    }

    pub fn score(&self, id: Id) -> Option<&CustomerScore> {
        self.by_id.get(&id).map(|&i| &self.scores[i])
    }

    pub fn ratings_of(&self, id: Id) -> Ratings {
        self.ratings
            .iter()
            .find(|r| r.customer_id == id)
            .cloned()
            .unwrap_or(Ratings { customer_id: id, ..Ratings::default() })
    }

    pub fn churn_of(&self, id: Id) -> Option<&ChurnRisk> {
        self.churn.iter().find(|r| r.customer_id == id)
    }

    /// What `proposed` would change. New weights, bars or missing-value scores only regrade the
    /// scores; new rules change measured scores, so they recompute.
    pub fn preview(&self, proposed: &GradingSettings) -> Preview {
        if proposed.scoring.rules == self.settings.scoring.rules {
            preview(&self.scores, &proposed.scoring)
        } else {
            compare(&self.scores, &self.recomputed(proposed).scores)
        }
    }

    fn recomputed(&self, settings: &GradingSettings) -> Recomputed {
        recompute(
            &self.customers,
            &self.orders,
            &self.interactions,
            &self.tickets,
            &self.ratings,
            settings,
            browser::today(),
        )
    }

    /// How many customers' grades differ from the latest snapshot's (all graded ones when there
    /// is none yet).
    pub fn changed_since_snapshot(&self, today: Date) -> usize {
        let now = snapshot::snapshot(&self.scores, today);
        snapshot::diff(self.last_snapshot.as_ref().unwrap_or(&GradeSnapshot::default()), &now).len()
    }
}

/// The kinds the book is computed from: writes of any other kind (machines, deals, parts) keep
/// it, so the customer list's grades do not read every order again after them.
const READS: [Entity; 7] = [
    Entity::Customer,
    Entity::Order,
    Entity::Interaction,
    Entity::ServiceTicket,
    Entity::Ratings,
    Entity::Setting,
    Entity::GradeSnapshot,
];

thread_local! {
    static BOOK: Cached<Vec<u64>, GradeBook> = const { Cached::new() };
}

/// The grade book as of now: read and recomputed once per write of what it reads.
pub async fn book(app: AppState) -> Result<Rc<GradeBook>, StoreError> {
    let revision = app.revision.get_untracked();
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let stamps: Vec<u64> = READS.iter().map(|&entity| db.write_stamp(entity)).collect();
    if let Some(book) = BOOK.with(|b| b.get(&stamps)) {
        return Ok(book);
    }
    let mut reads = Reads::new();
    let inputs = Inputs::read(&mut reads);
    let settings = reads.key::<Setting>(SETTINGS_KEY);
    let last_date = reads.key::<Setting>(LAST_SNAPSHOT_KEY);
    let tickets = reads.all::<ServiceTicket>();
    let mut read = db.read_many(&reads).await?;
    let customers = read.take(inputs.customers);
    let orders = read.take(inputs.orders);
    let interactions = read.take(inputs.interactions);
    let ratings = read.take(inputs.ratings);
    // Only complaints and rated closings can warn: the rest of the desk is not kept.
    let tickets: Vec<ServiceTicket> = read
        .take(tickets)
        .into_iter()
        .filter(|t| t.kind == TicketKind::Complaint || t.lowest_score().is_some())
        .collect();
    let settings = read.one(settings).and_then(|s| from_json(&s.value)).unwrap_or_default();
    let last_date = read.one(last_date).and_then(|s| Date::parse(&s.value).ok());
    let last_snapshot = match last_date {
        Some(date) => db.get::<GradeSnapshot>(date.into()).await?,
        None => None,
    };
    let started = browser::now_precise_ms();
    let recomputed = recompute(&customers, &orders, &interactions, &tickets, &ratings, &settings, browser::today());
    let recompute_ms = browser::now_precise_ms() - started;
    let by_id = customers.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let book = Rc::new(GradeBook {
        customers,
        orders,
        interactions,
        tickets,
        ratings,
        settings,
        scores: recomputed.scores,
        churn: recomputed.churn,
        last_snapshot,
        recompute_ms,
        revision,
        by_id,
    });
    BOOK.with(|b| b.keep(stamps, book.clone()));
    Ok(book)
}

/// The grading settings with their revision, as the form opens them.
pub async fn opened_settings(app: AppState) -> Result<Revised<GradingSettings>, StoreError> {
    usecases::grades::opened_settings(&*app.store().ok_or_else(StoreError::not_open)?).await
}

/// Stores `settings` after checking them, from the revision the form opened, with the snapshot
/// of the grades the stored settings give (see [`usecases::grades::save_settings`]); how it
/// ended with how many grades changed, or the settings' problems. A save merged with a change
/// made meanwhile says so.
pub async fn save_settings(
    app: AppState,
    opened: &Revised<GradingSettings>,
    settings: &GradingSettings,
) -> Result<Result<(Saved<GradingSettings>, usize), Vec<SettingsError>>, StoreError> {
    let problems = settings.validate();
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let book = book(app).await?;
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let latest = book.last_snapshot.as_ref();
    let scores_of = |stored: &GradingSettings| book.recomputed(stored).scores;
    let saved = usecases::grades::save_settings(&*db, &mut app.context(), opened, settings, latest, scores_of).await?;
    if let (Saved::Stored { merged_with, .. }, _) = &saved {
        app.notice.set(merged_with.map(|revision| Notice::Merged { at_ms: revision.at_ms }));
        app.changed();
    }
    Ok(Ok(saved))
}

/// The grading settings form's name among kept drafts.
const SETTINGS_FORM: &str = "grading_settings";

/// The grading settings kept from a save that could not be made, with what they were opened from.
pub fn kept_settings(app: AppState) -> Option<drafts::Kept<Revised<GradingSettings>, GradingSettings>> {
    drafts::kept(app, SETTINGS_FORM, None)
}

/// Keeps `settings` (opened from `opened`) for this tab.
pub fn keep_settings(app: AppState, opened: &Revised<GradingSettings>, settings: &GradingSettings) {
    drafts::keep(app, SETTINGS_FORM, None, Some(opened), settings);
}

/// Forgets the kept grading settings.
pub fn discard_settings(app: AppState) {
    drafts::discard(app, SETTINGS_FORM, None);
}

/// Stores a customer's ratings (see [`usecases::grades::save_ratings`]); whether anything
/// changed.
pub async fn save_ratings(app: AppState, shown: &Ratings, ratings: Ratings) -> Result<bool, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let changed = usecases::grades::save_ratings(&*db, &mut app.context(), shown, ratings).await?;
    if changed {
        app.changed();
    }
    Ok(changed)
}

/// Keeps today's grades as a snapshot (see [`usecases::grades::take_snapshot`]); returns how
/// many grades changed.
pub async fn take_snapshot(app: AppState) -> Result<usize, StoreError> {
    let book = book(app).await?;
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let latest = book.last_snapshot.as_ref();
    let changed = usecases::grades::take_snapshot(&*db, &mut app.context(), latest, &book.scores).await?;
    app.changed();
    Ok(changed)
}

thread_local! {
    static SNAPSHOTS: Cached<u64, Vec<GradeSnapshot>> = const { Cached::new() };
}

/// A customer's grade over the stored snapshots, oldest first; the snapshots are read once per
/// revision of the workspace.
pub async fn trend(app: AppState, customer_id: Id) -> Result<Vec<TrendPoint>, StoreError> {
    let revision = app.revision.get_untracked();
    let snapshots = match SNAPSHOTS.with(|s| s.get(&revision)) {
        Some(snapshots) => snapshots,
        None => {
            let db = app.store().ok_or_else(StoreError::not_open)?;
            let snapshots = Rc::new(db.get_all::<GradeSnapshot>().await?);
            SNAPSHOTS.with(|s| s.keep(revision, snapshots.clone()));
            snapshots
        }
    };
    Ok(snapshot::trend(&snapshots, customer_id))
}
