//! Customer value and grades (DOMAIN.md §2–3): the grade book (every customer scored and graded
//! from one consistent read, cached until the next write), the grading settings, a customer's
//! ratings, and dated grade snapshots whose changes go on the customers' timelines.

use super::app::AppState;
use super::browser;
use crate::domain::audit::{self, GRADE_FIELD};
use crate::domain::date::Date;
use crate::domain::grading::indicators::Ratings;
use crate::domain::grading::retention::ChurnRisk;
use crate::domain::grading::score::{recompute, CustomerScore};
use crate::domain::grading::settings::{Grade, GradingSettings, SettingsError};
use crate::domain::grading::snapshot::{self, GradeSnapshot};
use crate::domain::model::{AuditAction, Customer, FieldChange, Id, Interaction, Order, Setting};
use crate::store::{Batch, Entity, Key, Lookup, Store, StoreError, StoreErrorKind};
use leptos::prelude::GetUntracked;
use std::cell::RefCell;
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
    pub ratings: Vec<Ratings>,
    pub settings: GradingSettings,
    /// One per customer, in `customers` order.
    pub scores: Vec<CustomerScore>,
    pub churn: Vec<ChurnRisk>,
    /// The latest snapshot, to compare the current grades with.
    pub last_snapshot: Option<GradeSnapshot>,
    /// How long the recompute took, ms (shown, and read by `bench/run grades`).
    pub recompute_ms: f64,
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

    /// How many customers' grades differ from the latest snapshot's (all graded ones when there
    /// is none yet).
    pub fn changed_since_snapshot(&self, today: Date) -> usize {
        let now = snapshot::snapshot(&self.scores, today);
        snapshot::diff(self.last_snapshot.as_ref().unwrap_or(&GradeSnapshot::default()), &now).len()
    }
}

thread_local! {
    static BOOK: RefCell<Option<(u64, Rc<GradeBook>)>> = const { RefCell::new(None) };
}

/// The grade book as of now: read and recomputed once per revision of the workspace.
pub async fn book(app: AppState) -> Result<Rc<GradeBook>, StoreError> {
    let revision = app.revision.get_untracked();
    if let Some(book) = BOOK.with_borrow(|b| b.as_ref().filter(|(r, _)| *r == revision).map(|(_, b)| b.clone())) {
        return Ok(book);
    }
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let mut read = db
        .read_many(&[
            Lookup::All(Entity::Customer),
            Lookup::All(Entity::Order),
            Lookup::All(Entity::Interaction),
            Lookup::All(Entity::Ratings),
            Lookup::Key(Entity::Setting, Key::Text(SETTINGS_KEY.into())),
            Lookup::Key(Entity::Setting, Key::Text(LAST_SNAPSHOT_KEY.into())),
        ])
        .await?;
    let customers: Vec<Customer> = read.take(0);
    let orders: Vec<Order> = read.take(1);
    let interactions: Vec<Interaction> = read.take(2);
    let ratings: Vec<Ratings> = read.take(3);
    let settings = read.take::<Setting>(4).pop().and_then(|s| browser::from_json(&s.value)).unwrap_or_default();
    let last_date = read.take::<Setting>(5).pop().and_then(|s| Date::parse(&s.value).ok());
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
        ratings,
        settings,
        scores: recomputed.scores,
        churn: recomputed.churn,
        last_snapshot,
        recompute_ms,
        by_id,
    });
    BOOK.set(Some((revision, book.clone())));
    Ok(book)
}

/// Stores `settings` after checking them; their problems otherwise.
pub async fn save_settings(
    app: AppState,
    settings: &GradingSettings,
) -> Result<Result<(), Vec<SettingsError>>, StoreError> {
    let problems = settings.scoring.validate();
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let db = app.store().ok_or_else(StoreError::not_open)?;
    let value = browser::to_json(settings).ok_or_else(|| StoreError::new(StoreErrorKind::Data, "grading settings"))?;
    db.write(Batch::new().put(Setting { key: SETTINGS_KEY.into(), value })).await?;
    app.changed();
    Ok(Ok(()))
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
    let today = browser::today();
    let now = snapshot::snapshot(&book.scores, today);
    let older = book.last_snapshot.clone().unwrap_or_default();
    let changes = snapshot::diff(&older, &now);
    let user = app.current_user.get_untracked();
    let at_ms = browser::now_ms();
    let mut batch = Batch::new();
    for change in &changes {
        let grade = |g: Option<Grade>| g.map(|g| g.as_str().to_owned()).unwrap_or_default();
        let field = FieldChange { field: GRADE_FIELD.into(), before: grade(change.from), after: grade(change.to) };
        if let Some(entry) =
            audit::entry(browser::new_id(), at_ms, user, change.customer_id, AuditAction::Update, vec![field], "")
        {
            batch = batch.put(entry);
        }
    }
    let count = changes.len();
    batch = batch.put(now).put(Setting { key: LAST_SNAPSHOT_KEY.into(), value: today.to_string() });
    db.write(batch).await?;
    app.changed();
    Ok(count)
}
