//! Creating, resetting and deleting the Demo workspace.

use super::app::{AppState, Progress};
use super::browser;
use super::workspace::Workspace;
use crate::demo::DemoSize;
use crate::domain::date::Date;
use crate::domain::model::Setting;
use crate::store::idb::IdbStore;
use crate::store::{Store, StoreError};
use crate::usecases::demo::{parse_size, DATE_SETTING, SIZE_SETTING};
use crate::usecases::{self, Context};
use leptos::prelude::*;
use std::rc::Rc;

/// Fixed, so every trade-show tablet shows the same customers.
const DEMO_SEED: u64 = 20_261_122;

/// Generates the demo into a fresh Demo database (see [`usecases::demo::fill`]), reporting
/// progress and letting the page paint between batches.
async fn fill(store: &IdbStore, size: DemoSize, app: AppState) -> Result<(), StoreError> {
    // No one: a generated demo is nobody's change.
    let mut ctx = Context::new(None, browser::now_ms(), browser::today(), browser::new_id, browser::new_id);
    let between = |done, total| {
        app.progress.set(Some(Progress { done, total }));
        browser::sleep(0)
    };
    usecases::demo::fill(store, &mut ctx, size, DEMO_SEED, between).await
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

/// Restores the Demo workspace as generated (the booth kiosk's reset): generated again at the
/// size it was, from the same seed, as of today, so its counts equal a fresh demo's.
pub async fn reset(app: AppState) {
    let size = current(app).await.map_or(DemoSize::Demo, |(size, _)| size);
    create(app, size).await;
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
    let size = parse_size(&read(SIZE_SETTING).await?)?;
    let date = Date::parse(&read(DATE_SETTING).await?).ok()?;
    Some((size, date))
}
