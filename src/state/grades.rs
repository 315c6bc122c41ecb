//! Customer value and grades (DOMAIN.md §2–3): the grade book (every customer scored and graded
//! from one consistent read, cached until the next write), the grading settings, a customer's
//! ratings, and dated grade snapshots whose changes go on the customers' timelines.

use super::app::AppState;
use super::browser;
use super::cache::Cached;
use crate::domain::audit::{self, GRADE_FIELD};
use crate::domain::date::Date;
use crate::domain::grading::indicators::Ratings;
use crate::domain::grading::retention::ChurnRisk;
use crate::domain::grading::score::{compare, preview, recompute, CustomerScore, Preview, Recomputed};
use crate::domain::grading::settings::{Grade, GradingSettings, SettingsError};
use crate::domain::grading::snapshot::{self, GradeSnapshot, TrendPoint};
use crate::domain::model::{AuditAction, Customer, FieldChange, Id, Interaction, Order, Setting};
use crate::store::{Batch, Entity, Handle, Reads, Store, StoreError, StoreErrorKind};
use leptos::prelude::GetUntracked;
use std::collections::HashMap;
use std::rc::Rc;

/// The settings store's key of the grading settings.
const SETTINGS_KEY: &str = "grading.settings";
/// The settings store's key of the latest snapshot's date.
const LAST_SNAPSHOT_KEY: &str = "grading.last_snapshot";

/// Every customer with its score, from one snapshot of the workspace.
pub struct GradeBook {
    pub customers: Vec<Customer>,
    pub orders: Vec<Order>,
    /// Read for the follow-ups the churn flags check, kept for previews that recompute.
    pub interactions: Vec<Interaction>,
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
        recompute(&self.customers, &self.orders, &self.interactions, &self.ratings, settings, browser::today())
    }

    /// How many customers' grades differ from the latest snapshot's (all graded ones when there
    /// is none yet).
    pub fn changed_since_snapshot(&self, today: Date) -> usize {
        let now = snapshot::snapshot(&self.scores, today);
        snapshot::diff(self.last_snapshot.as_ref().unwrap_or(&GradeSnapshot::default()), &now).len()
    }
}

/// What a recompute reads: the handles of its lookups.
struct Inputs {
    customers: Handle<Customer>,
    orders: Handle<Order>,
    interactions: Handle<Interaction>,
    ratings: Handle<Ratings>,
}

impl Inputs {
    fn read(reads: &mut Reads) -> Inputs {
        Inputs { customers: reads.all(), orders: reads.all(), interactions: reads.all(), ratings: reads.all() }
    }
}

/// The kinds the book is computed from: writes of any other kind (machines, deals, parts) keep
/// it, so the customer list's grades do not read every order again after them.
const READS: [Entity; 6] =
    [Entity::Customer, Entity::Order, Entity::Interaction, Entity::Ratings, Entity::Setting, Entity::GradeSnapshot];

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
    let mut read = db.read_many(&reads).await?;
    let customers = read.take(inputs.customers);
    let orders = read.take(inputs.orders);
    let interactions = read.take(inputs.interactions);
    let ratings = read.take(inputs.ratings);
    let settings = read.one(settings).and_then(|s| browser::from_json(&s.value)).unwrap_or_default();
    let last_date = read.one(last_date).and_then(|s| Date::parse(&s.value).ok());
    let last_snapshot = match last_date {
        Some(date) => db.get::<GradeSnapshot>(date.into()).await?,
        None => None,
    };
    let started = browser::now_precise_ms();
    let recomputed = recompute(&customers, &orders, &interactions, &ratings, &settings, browser::today());
    let recompute_ms = browser::now_precise_ms() - started;
    let by_id = customers.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let book = Rc::new(GradeBook {
        customers,
        orders,
        interactions,
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

/// Stores `settings` after checking them, with the snapshot of the grades they give (a
/// recompute keeps a dated snapshot, and puts each changed grade on its customer's timeline), in
/// one transaction; how many grades changed, or the settings' problems.
pub async fn save_settings(
    app: AppState,
    settings: &GradingSettings,
) -> Result<Result<usize, Vec<SettingsError>>, StoreError> {
    let problems = settings.scoring.validate();
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let book = book(app).await?;
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let value = browser::to_json(settings).ok_or_else(|| StoreError::new(StoreErrorKind::Data, "grading settings"))?;
    let scores = book.recomputed(settings).scores;
    let (batch, changed) = snapshot_batch(app, &book, &scores);
    db.write(batch.put(Setting { key: SETTINGS_KEY.into(), value })).await?;
    app.changed();
    Ok(Ok(changed))
}

/// Stores a customer's ratings with the audit entry of what changed, in one transaction.
/// Whether anything changed (nothing is written otherwise).
pub async fn save_ratings(app: AppState, ratings: Ratings) -> Result<bool, StoreError> {
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let before: Option<Ratings> = db.get(ratings.customer_id.into()).await?;
    let changes = audit::diff(before.as_ref(), Some(&ratings));
    let user = app.current_user.get_untracked();
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let Some(entry) =
        audit::entry(browser::new_id(), browser::now_ms(), user, ratings.customer_id, action, changes, "")
    else {
        return Ok(false);
    };
    db.write(Batch::new().put(ratings).put(entry)).await?;
    app.changed();
    Ok(true)
}

/// Keeps today's grades as a snapshot (replacing one taken earlier today) and puts every grade
/// that changed since the latest snapshot on its customer's timeline (the first snapshot puts
/// every grade there), in one transaction.
/// Returns how many grades changed.
pub async fn take_snapshot(app: AppState) -> Result<usize, StoreError> {
    let book = book(app).await?;
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let (batch, count) = snapshot_batch(app, &book, &book.scores);
    db.write(batch).await?;
    app.changed();
    Ok(count)
}

/// Today's snapshot of `scores` with the audit entries of the grades changed since the book's
/// latest snapshot, and how many changed.
fn snapshot_batch(app: AppState, book: &GradeBook, scores: &[CustomerScore]) -> (Batch, usize) {
    let today = browser::today();
    let now = snapshot::snapshot(scores, today);
    let older = book.last_snapshot.clone().unwrap_or_default();
    let batch = grade_changes(Batch::new(), &older, &now, app.current_user.get_untracked(), browser::now_ms());
    let count = snapshot::diff(&older, &now).len();
    (batch.put(now).put(Setting { key: LAST_SNAPSHOT_KEY.into(), value: today.to_string() }), count)
}

/// `batch` with an audit entry for each grade that differs from `older` to `newer`.
fn grade_changes(
    mut batch: Batch,
    older: &GradeSnapshot,
    newer: &GradeSnapshot,
    user: Option<Id>,
    at_ms: i64,
) -> Batch {
    for change in snapshot::diff(older, newer) {
        let grade = |g: Option<Grade>| g.map(|g| g.as_str().to_owned()).unwrap_or_default();
        let field = FieldChange { field: GRADE_FIELD.into(), before: grade(change.from), after: grade(change.to) };
        if let Some(entry) =
            audit::entry(browser::new_id(), at_ms, user, change.customer_id, AuditAction::Update, vec![field], "")
        {
            batch = batch.put(entry);
        }
    }
    batch
}

/// Months of month-end grade history a workspace generated with years of orders starts with.
const HISTORY_MONTHS: u32 = 12;

/// Writes the month-end grade history of everything in `store` (see
/// [`snapshot::month_end_history`]) with each change between consecutive months on the
/// customer's timeline at its month's end, in one transaction: a new demo has grade trends.
pub async fn write_history(store: &impl Store, today: Date) -> Result<(), StoreError> {
    let mut reads = Reads::new();
    let inputs = Inputs::read(&mut reads);
    let mut read = store.read_many(&reads).await?;
    let (customers, orders) = (read.take(inputs.customers), read.take(inputs.orders));
    let (interactions, ratings) = (read.take(inputs.interactions), read.take(inputs.ratings));
    let settings = GradingSettings::default();
    let history =
        snapshot::month_end_history(&customers, &orders, &interactions, &ratings, &settings, today, HISTORY_MONTHS);
    let mut batch = Batch::new();
    for pair in history.windows(2) {
        // Noon, so the day is the month's last in every time zone.
        let at_ms = pair[1].date.map_or(0, |d| (i64::from(d.days()) * 86_400 + 43_200) * 1000);
        batch = grade_changes(batch, &pair[0], &pair[1], None, at_ms);
    }
    if let Some(date) = history.last().and_then(|s| s.date) {
        batch = batch.put(Setting { key: LAST_SNAPSHOT_KEY.into(), value: date.to_string() });
    }
    store.write(batch.put_all(history)).await
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
