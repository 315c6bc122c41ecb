//! Customer-value writes: a customer's ratings, today's grade snapshot (alone or with new
//! grading settings) and a new demo's month-end grade history, each one transaction with the
//! audit entries of what changed.

use super::{get_revised, rebase, retrying};
use super::{settings, Context, Saved};
use crate::domain::audit::{self, AuditField, ValueField};
use crate::domain::grading::grade::Grade;
use crate::domain::grading::indicators::Ratings;
use crate::domain::grading::score::CustomerScore;
use crate::domain::grading::settings::GradingSettings;
use crate::domain::grading::snapshot::{self, GradeSnapshot};
use crate::domain::model::{AuditAction, Customer, Id, Interaction, Order, Setting};
use crate::store::{Base, Batch, Entity, Handle, Key, Reads, Revised, Store, StoreError};

/// The settings store's key of the grading settings.
pub const SETTINGS_KEY: &str = "grading.settings";
/// The settings store's key of the latest snapshot's date.
pub const LAST_SNAPSHOT_KEY: &str = "grading.last_snapshot";

/// Stores a customer's ratings, `mine` as changed from `shown` (what the card showed), with the
/// audit entry of what changed, in one transaction: a rating another window saved since keeps
/// its value unless this save changed the same one, which is refused as changed, nothing
/// written. Whether anything changed (nothing is written otherwise).
pub async fn save_ratings(
    store: &impl Store,
    ctx: &mut Context,
    shown: &Ratings,
    mine: Ratings,
) -> Result<bool, StoreError> {
    let customer = mine.customer_id;
    // The card shows the ratings without their revision: what it showed is the merge's base.
    let shown = Revised { record: shown.clone(), revision: None };
    retrying(async || {
        let stored = get_revised::<Ratings>(store, customer).await?;
        let (action, base) = match &stored {
            Some(stored) => (AuditAction::Update, stored.base()),
            None => (AuditAction::Create, Base::New),
        };
        let unrated = || Revised { record: Ratings { customer_id: customer, ..Ratings::default() }, revision: None };
        let theirs = stored.clone().unwrap_or_else(unrated);
        let (ratings, _) = rebase(&shown, mine.clone(), &theirs)
            .map_err(|_| StoreError::changed(Entity::Ratings, &Key::Id(customer)))?;
        let changes = audit::diff(stored.as_ref().map(|s| &s.record), Some(&ratings));
        let Some(entry) = audit::entry(ctx.new_id(), ctx.now_ms, ctx.user, customer, action, changes, "") else {
            return Ok(false);
        };
        store.write(ctx.batch().update(ratings, base).create(entry)).await?;
        Ok(true)
    })
    .await
}

/// Keeps `scores` as today's snapshot (replacing one taken earlier today) and puts every grade
/// that changed since `latest` (the latest snapshot; without one every grade) on its
/// customer's timeline, in one transaction. Returns how many grades changed.
pub async fn take_snapshot(
    store: &impl Store,
    ctx: &mut Context,
    latest: Option<&GradeSnapshot>,
    scores: &[CustomerScore],
) -> Result<usize, StoreError> {
    let (batch, changed) = snapshot_batch(ctx, latest, scores);
    store.write(batch).await?;
    Ok(changed)
}

/// Stores grading settings from the revision the form opened (see [`settings::save_opened`]) with
/// the snapshot of the grades the stored settings give (`scores_of` them; see [`take_snapshot`]),
/// in one transaction. Returns how it ended and how many grades changed (none on a clash).
pub async fn save_settings(
    store: &impl Store,
    ctx: &mut Context,
    opened: &Revised<GradingSettings>,
    grading: &GradingSettings,
    latest: Option<&GradeSnapshot>,
    scores_of: impl Fn(&GradingSettings) -> Vec<CustomerScore>,
) -> Result<(Saved<GradingSettings>, usize), StoreError> {
    let mut changed = 0;
    let with = |ctx: &mut Context, stored: &GradingSettings| {
        let (batch, count) = snapshot_batch(ctx, latest, &scores_of(stored));
        changed = count;
        batch
    };
    let saved = settings::save_opened_with(store, ctx, SETTINGS_KEY, opened, grading, with).await?;
    let changed = if matches!(saved, Saved::Stored { .. }) { changed } else { 0 };
    Ok((saved, changed))
}

/// The grading settings with their revision, as the form opens them.
pub async fn opened_settings(store: &impl Store) -> Result<Revised<GradingSettings>, StoreError> {
    settings::open(store, SETTINGS_KEY).await
}

/// Today's snapshot of `scores` with the audit entries of the grades changed since `latest`,
/// and how many changed.
fn snapshot_batch(ctx: &mut Context, latest: Option<&GradeSnapshot>, scores: &[CustomerScore]) -> (Batch, usize) {
    let today = ctx.today;
    let now = snapshot::snapshot(scores, today);
    let older = latest.cloned().unwrap_or_default();
    let (user, at_ms) = (ctx.user, ctx.now_ms);
    let batch = grade_changes(ctx.batch(), &older, &now, user, at_ms, ctx);
    let count = snapshot::diff(&older, &now).len();
    (batch.put(now).put(Setting { key: LAST_SNAPSHOT_KEY.into(), value: today.to_string() }), count)
}

/// `batch` with an audit entry by `user` at `at_ms` for each grade that differs from `older`
/// to `newer`.
fn grade_changes(
    mut batch: Batch,
    older: &GradeSnapshot,
    newer: &GradeSnapshot,
    user: Option<Id>,
    at_ms: i64,
    ctx: &mut Context,
) -> Batch {
    for change in snapshot::diff(older, newer) {
        let grade = |g: Option<Grade>| g.map(|g| g.as_str().to_owned()).unwrap_or_default();
        let field = AuditField::Value(ValueField::Grade).change(grade(change.from), grade(change.to));
        if let Some(entry) =
            audit::entry(ctx.new_id(), at_ms, user, change.customer_id, AuditAction::Update, vec![field], "")
        {
            batch = batch.put(entry);
        }
    }
    batch
}

/// Months of month-end grade history a workspace generated with years of orders starts with.
const HISTORY_MONTHS: u32 = 12;

/// What a recompute reads: the handles of its lookups.
pub struct Inputs {
    pub customers: Handle<Customer>,
    pub orders: Handle<Order>,
    pub interactions: Handle<Interaction>,
    pub ratings: Handle<Ratings>,
}

impl Inputs {
    pub fn read(reads: &mut Reads) -> Inputs {
        Inputs { customers: reads.all(), orders: reads.all(), interactions: reads.all(), ratings: reads.all() }
    }
}

/// Writes the month-end grade history of everything in `store` up to `ctx.today` (see
/// [`snapshot::month_end_history`]) with each change between consecutive months on the
/// customer's timeline at its month's end, by no one, in one transaction: a new demo has grade
/// trends.
pub async fn write_history(store: &impl Store, ctx: &mut Context) -> Result<(), StoreError> {
    let mut reads = Reads::new();
    let inputs = Inputs::read(&mut reads);
    let mut read = store.read_many(&reads).await?;
    let (customers, orders) = (read.take(inputs.customers), read.take(inputs.orders));
    let (interactions, ratings) = (read.take(inputs.interactions), read.take(inputs.ratings));
    let settings = GradingSettings::default();
    let history =
        snapshot::month_end_history(&customers, &orders, &interactions, &ratings, &settings, ctx.today, HISTORY_MONTHS);
    let mut batch = ctx.batch();
    for pair in history.windows(2) {
        // Noon, so the day is the month's last in every time zone.
        let at_ms = pair[1].date.map_or(0, |d| (i64::from(d.days()) * 86_400 + 43_200) * 1000);
        batch = grade_changes(batch, &pair[0], &pair[1], None, at_ms, ctx);
    }
    if let Some(date) = history.last().and_then(|s| s.date) {
        batch = batch.put(Setting { key: LAST_SNAPSHOT_KEY.into(), value: date.to_string() });
    }
    store.write(batch.put_all(history)).await
}
