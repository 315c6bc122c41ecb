//! Creating, resetting and deleting the Demo workspace.

use super::app::{AppState, Progress};
use super::browser;
use super::workspace::Workspace;
use crate::demo::{DemoBatch, DemoGenerator, DemoSize};
use crate::domain::date::Date;
use crate::domain::model::Setting;
use crate::store::idb::IdbStore;
use crate::store::{Batch, Store, StoreError};
use crate::usecases::{self, Context};
use leptos::prelude::*;
use std::rc::Rc;

/// The settings key recording which size the demo was generated at; written last, so it is
/// present only once the demo is complete.
pub const DEMO_SIZE_SETTING: &str = "demo.size";
/// The settings key recording the day the demo was generated (its data ends that day).
pub const DEMO_DATE_SETTING: &str = "demo.generated";

/// Fixed, so every trade-show tablet shows the same customers.
const DEMO_SEED: u64 = 20_261_122;

pub fn size_key(size: DemoSize) -> &'static str {
    match size {
        DemoSize::Demo => "demo",
        DemoSize::Bench => "bench",
    }
}

pub fn parse_size(key: &str) -> Option<DemoSize> {
    [DemoSize::Demo, DemoSize::Bench].into_iter().find(|s| size_key(*s) == key)
}

fn to_batch(b: DemoBatch) -> Batch {
    Batch::new()
        .put_all(b.users)
        .put_all(b.customers)
        .put_all(b.contacts)
        .put_all(b.interactions)
        .put_all(b.orders)
        .put_all(b.opportunities)
        .put_all(b.parts)
        .put_all(b.part_demand)
        .put_all(b.stock)
        .put_all(b.machines)
        .put_all(b.tickets)
        .put_all(b.ratings)
}

/// Generates the demo into a fresh Demo database, batch by batch, reporting progress.
/// The size marker is written last, so a half-loaded demo is recognisable and never shown
/// as complete; on failure the half-written database is deleted.
async fn fill(store: &IdbStore, size: DemoSize, app: AppState) -> Result<(), StoreError> {
    let today = browser::today();
    let mut generator = DemoGenerator::new(size, DEMO_SEED, today);
    while let Some(batch) = generator.next() {
        store.write(to_batch(batch)).await?;
        let (done, total) = generator.progress();
        app.progress.set(Some(Progress { done, total }));
        browser::sleep(0).await;
    }
    let mut history = Context::new(None, browser::now_ms(), today, browser::new_id);
    usecases::grades::write_history(store, &mut history).await?;
    // Setting values are JSON: a quoted ASCII string is its own Debug rendering.
    let generated = Setting { key: DEMO_DATE_SETTING.into(), value: format!("{:?}", today.to_string()) };
    let marker = Setting { key: DEMO_SIZE_SETTING.into(), value: format!("{:?}", size_key(size)) };
    store.write(Batch::new().put(generated).put(marker)).await
}

/// (Re)creates the Demo workspace at `size` and switches to it.
pub async fn create(app: AppState, size: DemoSize) {
    if app.progress.get_untracked().is_some() {
        return;
    }
    app.progress.set(Some(Progress { done: 0, total: 1 }));
    if app.workspace.get_untracked() == Workspace::Demo {
        if let Some(store) = app.store() {
            store.close();
        }
        app.db.set(None);
    }
    let result = async {
        IdbStore::delete(Workspace::Demo.db_name()).await?;
        let store = IdbStore::open(Workspace::Demo.db_name(), Rc::new(|_| {})).await?;
        let filled = fill(&store, size, app).await;
        store.close();
        filled
    }
    .await;
    app.progress.set(None);
    match result {
        Ok(()) => {
            app.demo_exists.set(true);
            app.open(Workspace::Demo).await;
        }
        Err(error) => {
            let _ = IdbStore::delete(Workspace::Demo.db_name()).await;
            app.demo_exists.set(false);
            app.report(error);
            if app.workspace.get_untracked() == Workspace::Demo {
                app.open(Workspace::Mine).await;
            }
        }
    }
}

/// Deletes the Demo workspace, switching back to the user's data if it was shown.
pub async fn delete(app: AppState) {
    if app.workspace.get_untracked() == Workspace::Demo {
        app.open(Workspace::Mine).await;
    }
    match IdbStore::delete(Workspace::Demo.db_name()).await {
        Ok(()) => app.demo_exists.set(false),
        Err(error) => app.report(error),
    }
}

/// The size and day the Demo workspace was generated, if it is complete.
pub async fn current(app: AppState) -> Option<(DemoSize, Date)> {
    let store = app.store()?;
    let store = &*store;
    let read = |key: &'static str| async move {
        let setting: Setting = store.get(key.into()).await.ok()??;
        Some(setting.value.trim_matches('"').to_string())
    };
    let size = parse_size(&read(DEMO_SIZE_SETTING).await?)?;
    let date = Date::parse(&read(DEMO_DATE_SETTING).await?).ok()?;
    Some((size, date))
}
