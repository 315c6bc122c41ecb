//! The app-wide state every page reads through `use_app()`: language, route, workspace and its
//! connection, the revision views re-read on, alerts, progress and the current user.

use super::browser;
use super::route::Route;
use super::tabs;
use super::workspace::Workspace;
use crate::domain::customers::query::{CustomerFilter, CustomerSort};
use crate::domain::model::Id;
use crate::i18n::{Locale, Tr};
use crate::store::idb::{IdbStore, StoreEvent};
use crate::store::{StoreError, StoreErrorKind};
use crate::usecases::Context;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::rc::Rc;

const LOCALE_PREF: &str = "kehu.locale";
const WORKSPACE_PREF: &str = "kehu.workspace";

/// Each workspace has its own people, so its own current user.
fn user_pref(workspace: Workspace) -> String {
    format!("kehu.user.{}", workspace.key())
}

/// A condition the whole app must show until it is resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alert {
    /// Our database upgrade waits for other tabs to close.
    UpgradeBlocked,
    /// Another tab upgraded the database: this tab must reload.
    VersionChanged,
    /// A store operation failed.
    Store(StoreError),
}

/// Something the user should know that needs no action, shown until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A save was merged with a change made at `at_ms` (in another window or on another device).
    Merged { at_ms: i64 },
}

/// Work in progress that the user waits for, e.g. loading the demo workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Handles to the app's state; `Copy`, so every closure can hold one.
#[derive(Clone, Copy)]
pub struct AppState {
    pub locale: RwSignal<Locale>,
    pub route: RwSignal<Route>,
    /// The workspace shown.
    pub workspace: RwSignal<Workspace>,
    /// Whether the Demo workspace's database exists.
    pub demo_exists: RwSignal<bool>,
    /// The open connection to the active workspace, once opened. Pages never hold it: they
    /// track it through [`AppState::track_workspace`] and reach it through state's functions.
    pub(in crate::state) db: RwSignal<Option<Rc<IdbStore>>, LocalStorage>,
    /// A workspace is being opened (from the start until its connection is open or failed).
    opening: RwSignal<bool>,
    /// Bumped after every write, so views reading the store read again.
    pub revision: RwSignal<u64>,
    pub alert: RwSignal<Option<Alert>>,
    pub notice: RwSignal<Option<Notice>>,
    pub progress: RwSignal<Option<Progress>>,
    /// A new build is installed and waits for a reload.
    pub update_ready: RwSignal<bool>,
    /// The browser offers to install the app.
    pub can_install: RwSignal<bool>,
    /// The customer list's search, filters and order, kept while the user opens a customer.
    pub customer_filter: RwSignal<CustomerFilter>,
    pub customer_sort: RwSignal<CustomerSort>,
    /// Who is using this device in the active workspace: recorded on every change.
    pub current_user: RwSignal<Option<Id>>,
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// Creates the app state from the browser's preferences and opens the active workspace.
pub fn provide_app_state() -> AppState {
    let locale = browser::pref(LOCALE_PREF)
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_else(|| Locale::negotiate(browser::preferred_languages().iter().map(String::as_str)));
    browser::set_document_lang(locale.tag());
    let workspace = browser::pref(WORKSPACE_PREF).and_then(|k| Workspace::parse(&k)).unwrap_or_default();
    let app = AppState {
        locale: RwSignal::new(locale),
        route: RwSignal::new(Route::parse(&window().location().hash().unwrap_or_default())),
        workspace: RwSignal::new(workspace),
        demo_exists: RwSignal::new(false),
        db: RwSignal::new_local(None),
        opening: RwSignal::new(true),
        revision: RwSignal::new(0),
        alert: RwSignal::new(None),
        notice: RwSignal::new(None),
        progress: RwSignal::new(None),
        update_ready: RwSignal::new(false),
        can_install: RwSignal::new(false),
        customer_filter: RwSignal::new(CustomerFilter::default()),
        customer_sort: RwSignal::new(CustomerSort::default()),
        current_user: RwSignal::new(None),
    };
    provide_context(app);
    tabs::listen(app);
    spawn_local(async move {
        // Before the workspace opens, so this tab's first id is already its own.
        browser::claim_writer(super::sync::device_writers()).await;
        let demo_exists = browser::database_names().await.iter().any(|n| n == Workspace::Demo.db_name());
        app.demo_exists.set(demo_exists);
        // A remembered Demo workspace that was deleted meanwhile (e.g. in another tab) falls back.
        let start = if workspace == Workspace::Demo && !demo_exists { Workspace::Mine } else { workspace };
        app.open(start).await;
    });
    app
}

impl AppState {
    /// The strings of the current language (tracked: views re-render on a language switch).
    pub fn tr(&self) -> Tr {
        self.locale.get().tr()
    }

    /// The strings of the current language, for actions (untracked).
    pub fn tr_untracked(&self) -> Tr {
        self.locale.get_untracked().tr()
    }

    pub fn set_locale(&self, locale: Locale) {
        browser::set_pref(LOCALE_PREF, locale.tag());
        browser::set_document_lang(locale.tag());
        self.locale.set(locale);
    }

    /// Subscribes the calling view to the workspace's connection: it runs again when a
    /// workspace opens, is switched or closes.
    pub fn track_workspace(&self) {
        self.db.track();
    }

    /// A read of the store that runs again whenever a workspace opens or its data changes:
    /// what a page shows of the store. Views that also word data by language track
    /// `locale` inside `read`.
    pub fn watch<T, Fut>(&self, read: impl Fn() -> Fut + 'static) -> LocalResource<T>
    where
        T: 'static,
        Fut: Future<Output = T> + 'static,
    {
        let app = *self;
        LocalResource::new(move || {
            app.track_workspace();
            app.revision.track();
            read()
        })
    }

    /// Shows `route`, as following a link would.
    pub fn go(&self, route: Route) {
        browser::set_hash(&route.href());
    }

    /// Whether a workspace is open (tracked, like [`AppState::track_workspace`]).
    pub fn workspace_open(&self) -> bool {
        self.db.with(Option::is_some)
    }

    /// Whether a workspace is open now (untracked: for actions).
    pub fn workspace_open_untracked(&self) -> bool {
        self.db.with_untracked(Option::is_some)
    }

    /// The open store, if any (untracked: for actions, not views).
    pub(in crate::state) fn store(&self) -> Option<Rc<IdbStore>> {
        self.db.get_untracked()
    }

    /// The open store, once the workspace being opened is open (a file picked right after the
    /// page loads must not fail for it); `None` when opening it failed.
    pub(in crate::state) async fn open_store(&self) -> Option<Rc<IdbStore>> {
        while self.opening.get_untracked() {
            browser::sleep(20).await;
        }
        self.store()
    }

    /// Closes the current connection and opens `workspace`.
    pub async fn open(&self, workspace: Workspace) {
        if let Some(old) = self.db.get_untracked() {
            old.close();
        }
        self.db.set(None);
        self.opening.set(true);
        self.workspace.set(workspace);
        // Filters name the other workspace's people and places.
        self.customer_filter.set(CustomerFilter::default());
        browser::set_pref(WORKSPACE_PREF, workspace.key());
        self.current_user.set(browser::pref(&user_pref(workspace)).and_then(|id| id.parse().ok()));
        let app = *self;
        let events = Rc::new(move |event: StoreEvent| match event {
            StoreEvent::Wrote(entities) => {
                tabs::announce(workspace.db_name(), &entities);
                super::sync::request_round(app);
            }
            StoreEvent::Arrived(entities) => tabs::announce(workspace.db_name(), &entities),
            StoreEvent::UpgradeBlocked => app.alert.set(Some(Alert::UpgradeBlocked)),
            StoreEvent::UpgradeUnblocked => app.alert.set(None),
            StoreEvent::VersionChanged => app.alert.set(Some(Alert::VersionChanged)),
        });
        let opened = IdbStore::open(workspace.db_name(), events).await;
        self.opening.set(false);
        match opened {
            Ok(store) => {
                self.db.set(Some(Rc::new(store)));
                self.changed();
            }
            Err(error) => self.report(error),
        }
    }

    pub fn switch_to(&self, workspace: Workspace) {
        let app = *self;
        spawn_local(async move { app.open(workspace).await });
    }

    /// Shows a failed store operation; a closed connection means another tab upgraded.
    pub fn report(&self, error: StoreError) {
        let alert =
            if error.kind == StoreErrorKind::VersionChanged { Alert::VersionChanged } else { Alert::Store(error) };
        self.alert.set(Some(alert));
    }

    /// Makes `user` the one recorded on this device's changes in the active workspace.
    pub fn set_current_user(&self, user: Id) {
        browser::set_pref(&user_pref(self.workspace.get_untracked()), &user.to_string());
        self.current_user.set(Some(user));
    }

    /// Marks the store as changed so views read again.
    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// What a use case needs of the browser: the current user, the clock and new ids.
    pub(in crate::state) fn context(&self) -> Context {
        let user = self.current_user.get_untracked();
        Context::new(user, browser::now_ms(), browser::today(), browser::new_id, browser::new_id)
    }
}
