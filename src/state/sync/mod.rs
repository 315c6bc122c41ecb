//! Team sync in the browser (docs/domain.md §10, docs/decisions/0001-sync-client.md): the
//! signed-in account, the bridge to PouchDB (`public/sync.js`, loaded only once a workspace
//! signs in), the rounds that hand the outbox over and take the team's changes in, and the
//! status the shell shows. One tab of the browser runs the sync (a Web Lock); the others see
//! its writes like any other tab's. `bridge.rs` is the wasm side of `public/sync.js`;
//! `names.rs` names the records the sync lists.

use super::app::AppState;
use super::browser;
use super::workspace::Workspace;
use crate::store::{Entity, Key, Store, StoreError};
use crate::usecases::conflicts;
pub use crate::usecases::conflicts::{clashed, worded, Case, Choice, Outcome, Settled, Version};
use crate::usecases::sync::{self as usecase, Conflict, Refused};
pub use crate::usecases::sync::{record_of, ReplicaError, SyncError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod bridge;
mod names;

use bridge::{
    bridge_claim_device, bridge_destroy, bridge_open, bridge_pending, bridge_release_device, bridge_session,
    bridge_sign_in, bridge_sign_out, bridge_start, bridge_stop, get, items, replica_error, Bridge,
};
pub use names::{named, people, Named};

/// Where the team server answers when it shares the app's origin (docs/sync/couchdb.md).
pub const DEFAULT_SERVER: &str = "/couchdb/";

const ACCOUNT_PREF: &str = "kehu.sync.account";
const SINCE_PREF: &str = "kehu.sync.since";
/// The conflicts waiting for a decision, one per line: every tab of the browser lists them, and
/// they outlive a reload (the changes feed reports a conflict once).
const CONFLICTS_PREF: &str = "kehu.sync.conflicts";
/// The records the server refused, one per line (the document's id, the server's reason): the
/// replication reports a refusal once, and the record stays flagged until a push of it passes.
const REFUSED_PREF: &str = "kehu.sync.refused";
/// The team's documents left out as not Kehu's, one id per line: written or edited outside Kehu
/// (their revisions are not Kehu's), or not a record Kehu reads.
const LEFT_OUT_PREF: &str = "kehu.sync.left_out";
/// Set by a tab that settled a conflict, so the tab that syncs replicates it at once.
const NUDGE_PREF: &str = "kehu.sync.nudge";
/// This device's number among the team's devices and the database it was claimed from
/// (`<number> <remote url>`): its tabs write with that number's writer numbers.
const DEVICE_PREF: &str = "kehu.sync.device";
/// The Web Lock of the tab that runs the sync.
const LOCK: &str = "kehu-sync";
/// The local replica's database, beside the workspace's own.
const REPLICA_DB: &str = "kehu-mine-sync";
/// The bridge's scripts, in the order they must load.
const BRIDGE: [&str; 3] = ["pouchdb.min.js", "pouchdb.indexeddb.min.js", "sync.js"];

/// Who this device is signed in as, on which server and company database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// The server's address as the user gave it, ending in `/` (`/couchdb/` on the app's origin).
    pub server: String,
    pub db: String,
    pub name: String,
    pub roles: Vec<String>,
}

impl Account {
    fn to_pref(&self) -> String {
        [self.server.as_str(), &self.db, &self.name, &self.roles.join(",")].join("\t")
    }

    fn from_pref(text: &str) -> Option<Account> {
        let mut parts = text.split('\t');
        let (server, db, name, roles) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let roles = roles.split(',').filter(|r| !r.is_empty()).map(str::to_owned).collect();
        Some(Account { server: server.into(), db: db.into(), name: name.into(), roles })
    }

    /// The server's address made absolute against the page's: PouchDB takes anything else for
    /// a local database's name.
    fn base(&self) -> String {
        web_sys::Url::new_with_base(&self.server, &browser::location_href()).map_or(self.server.clone(), |u| u.href())
    }

    /// Whether the server shares the page's origin, the only one the app may reach.
    fn on_own_origin(&self) -> bool {
        let page = browser::location_href();
        match (web_sys::Url::new(&page), web_sys::Url::new_with_base(&self.server, &page)) {
            (Ok(page), Ok(server)) => page.origin() == server.origin(),
            _ => false,
        }
    }

    fn remote_url(&self) -> String {
        format!("{}{}", self.base(), self.db)
    }
}

/// What the shell says of the sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not signed in, or the Demo workspace (which never syncs).
    Off,
    /// Another window of this browser runs the sync.
    OtherWindow,
    Syncing,
    Synced,
    /// The server cannot be reached; `waiting` changes will go when it can.
    Offline {
        waiting: u32,
    },
    /// The server no longer knows this device's session: sign in again.
    SignedOut,
    /// The account is not (or no longer) a member of the company's database.
    NoAccess,
    Failed {
        status: u16,
        reason: String,
    },
}

/// A record the server's rules refused: it stays here, flagged, until it changes or is removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The document's id, as the server names it.
    pub id: String,
    pub record: Option<(Entity, Key)>,
    pub why: Refused,
}

/// The sync's signals, beside the app's.
#[derive(Clone, Copy)]
pub struct SyncState {
    pub account: RwSignal<Option<Account>>,
    pub status: RwSignal<Status>,
    pub refused: RwSignal<Vec<Refusal>>,
    pub conflicts: RwSignal<Vec<Conflict>>,
    /// The team's records a unique value stored here kept out (see `usecases::sync::TakenIn`).
    pub held_back: RwSignal<Vec<(Entity, Key)>>,
    /// The team's documents left out as not Kehu's, by id (see [`LEFT_OUT_PREF`]).
    pub left_out: RwSignal<Vec<String>>,
    /// While the team's records come in: how many of them this device holds, of how many.
    pub receiving: RwSignal<Option<Receiving>>,
}

/// The progress of taking the team's records in (a first sync of a large company).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receiving {
    pub held: u64,
    pub total: u64,
}

/// Below this many records still to come, no progress is shown: a batch arrives at once.
const SHOWN_FROM: u64 = usecase::BATCH as u64;

pub fn use_sync() -> SyncState {
    expect_context::<SyncState>()
}

/// The sync's signals for work that runs outside any view (rounds, the replication's events),
/// where no context can be read.
fn signals() -> Option<SyncState> {
    SIGNALS.get()
}

/// Why signing in failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInError {
    /// The Demo workspace never syncs.
    Demo,
    /// The server is on another origin: the app's content security policy lets it reach its own
    /// origin only, so the server must sit behind the same proxy (docs/sync/couchdb.md).
    OtherOrigin,
    /// No answer from the server (offline, or a wrong address).
    Unreachable,
    /// The server refused the name or password.
    Refused,
    /// Signed in, but the account may not read the company's database (or it does not exist).
    NoAccess,
    /// Every device number of the team is held by a signed-in device.
    NoDeviceNumber,
    Server {
        status: u16,
        reason: String,
    },
    Store(StoreError),
}

/// The running sync of this tab.
struct Engine {
    bridge: Bridge,
    account: Account,
    _on_event: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    /// A round runs; another asked for meanwhile runs right after it.
    static ROUND_RUNNING: Cell<bool> = const { Cell::new(false) };
    static ROUND_AGAIN: Cell<bool> = const { Cell::new(false) };
    static BRIDGE_LOADED: Cell<bool> = const { Cell::new(false) };
    static SIGNALS: Cell<Option<SyncState>> = const { Cell::new(None) };
    /// This tab holds the sync's lock: it keeps it for its life, through restarts.
    static LOCK_HELD: Cell<bool> = const { Cell::new(false) };
    static STARTING: Cell<bool> = const { Cell::new(false) };
    /// This tab's handle on the replica when another tab runs the sync.
    static SPARE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static NUDGED: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Records the rounds stored that the open page has not read yet, and when it last did.
    static UNSHOWN: Cell<bool> = const { Cell::new(false) };
    static SHOWN_AT: Cell<i64> = const { Cell::new(0) };
    static SHOW_SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

fn stored_conflicts() -> Vec<Conflict> {
    browser::pref(CONFLICTS_PREF).map(|text| text.lines().filter_map(Conflict::from_line).collect()).unwrap_or_default()
}

fn stored_refusals() -> Vec<Refusal> {
    let lines = browser::pref(REFUSED_PREF).unwrap_or_default();
    let refusal = |line: &str| {
        let (id, reason) = line.split_once('\t')?;
        Some(Refusal { record: usecase::record_of(id), id: id.to_owned(), why: Refused::from_reason(reason) })
    };
    lines.lines().filter_map(refusal).collect()
}

/// Remembers the refusals listed now, for the other tabs and the next session.
fn keep_refusals(sync: SyncState) {
    keep_lines(
        REFUSED_PREF,
        sync.refused.with_untracked(|r| r.iter().map(|r| format!("{}\t{}", r.id, r.why.reason())).collect()),
    );
}

/// Remembers the conflicts listed now, for the other tabs and the next session.
fn keep_conflicts(sync: SyncState) {
    keep_lines(CONFLICTS_PREF, sync.conflicts.with_untracked(|c| c.iter().map(Conflict::to_line).collect()));
}

/// Remembers the documents left out now, for the other tabs and the next session.
fn keep_left_out(sync: SyncState) {
    keep_lines(LEFT_OUT_PREF, sync.left_out.get_untracked());
}

fn keep_lines(pref: &str, lines: Vec<String>) {
    if lines.is_empty() {
        browser::remove_pref(pref);
    } else {
        browser::set_pref(pref, &lines.join("\n"));
    }
}

fn stored_left_out() -> Vec<String> {
    browser::pref(LEFT_OUT_PREF).map(|text| text.lines().map(str::to_owned).collect()).unwrap_or_default()
}

/// Another tab changed the sync's prefs (`key`; `None` when it cleared them all).
fn on_storage(app: AppState, sync: SyncState, key: Option<&str>) {
    let changed = |pref: &str| key.is_none_or(|key| key == pref);
    if changed(CONFLICTS_PREF) {
        let stored = stored_conflicts();
        if sync.conflicts.with_untracked(|c| *c != stored) {
            sync.conflicts.set(stored);
        }
    }
    if changed(REFUSED_PREF) {
        let refused = stored_refusals();
        if sync.refused.with_untracked(|r| *r != refused) {
            sync.refused.set(refused);
        }
    }
    if changed(LEFT_OUT_PREF) {
        let left_out = stored_left_out();
        if sync.left_out.with_untracked(|l| *l != left_out) {
            sync.left_out.set(left_out);
        }
    }
    if changed(NUDGE_PREF) {
        let nudge = browser::pref(NUDGE_PREF);
        if NUDGED.replace(nudge.clone()) != nudge && nudge.is_some() {
            // A write to the replica from another tab: the live replication here may not see it.
            spawn_local(restart(app, sync));
        }
    }
    // The number is kept before the account at sign-in: either may be the last to arrive.
    if changed(DEVICE_PREF) || changed(ACCOUNT_PREF) {
        if let Some(writers) = device_writers() {
            spawn_local(browser::claim_writer(Some(writers)));
        }
    }
}

/// Creates the sync's state and, when this browser is signed in, starts the sync once the
/// workspace is open.
pub fn provide(app: AppState) -> SyncState {
    let sync = SyncState {
        account: RwSignal::new(browser::pref(ACCOUNT_PREF).and_then(|p| Account::from_pref(&p))),
        status: RwSignal::new(Status::Off),
        refused: RwSignal::new(stored_refusals()),
        conflicts: RwSignal::new(stored_conflicts()),
        held_back: RwSignal::new(Vec::new()),
        left_out: RwSignal::new(stored_left_out()),
        receiving: RwSignal::new(None),
    };
    provide_context(sync);
    SIGNALS.set(Some(sync));
    NUDGED.set(browser::pref(NUDGE_PREF));
    window_event_listener_untyped("storage", move |event| {
        let key = event.dyn_ref::<web_sys::StorageEvent>().and_then(web_sys::StorageEvent::key);
        on_storage(app, sync, key.as_deref());
    });
    // Back online: replicate at once rather than when the replication's back-off next retries.
    window_event_listener_untyped("online", move |_| spawn_local(restart(app, sync)));
    Effect::new(move |_| {
        let open = app.workspace_open() && app.workspace.get() == Workspace::Mine;
        if open && sync.account.get_untracked().is_some() {
            spawn_local(start(app, sync));
        } else if !open {
            spawn_local(stop(sync));
        }
    });
    sync
}

/// Loads the bridge's scripts, once.
async fn load_bridge() -> Result<(), ReplicaError> {
    if BRIDGE_LOADED.get() {
        return Ok(());
    }
    for file in BRIDGE {
        browser::load_script(file).await.map_err(|reason| ReplicaError { status: 0, reason })?;
    }
    BRIDGE_LOADED.set(true);
    Ok(())
}

/// Signs in to `server`'s company database `db`: the workspace starts keeping its outbox (so
/// everything it holds goes to the team) and syncing.
pub async fn sign_in(app: AppState, server: &str, db: &str, name: &str, password: &str) -> Result<(), SignInError> {
    if app.workspace.get_untracked() != Workspace::Mine {
        return Err(SignInError::Demo);
    }
    let unreachable = |e: ReplicaError| {
        if is_unreachable(e.status) {
            SignInError::Unreachable
        } else {
            SignInError::Server { status: e.status, reason: e.reason }
        }
    };
    let server = if server.ends_with('/') { server.to_owned() } else { format!("{server}/") };
    let mut account = Account { server, db: db.to_owned(), name: name.to_owned(), roles: Vec::new() };
    if !account.on_own_origin() {
        return Err(SignInError::OtherOrigin);
    }
    load_bridge().await.map_err(unreachable)?;
    let signed = bridge_sign_in(&account.base(), name, password).await.map_err(|e| match replica_error(e) {
        ReplicaError { status: 401, .. } => SignInError::Refused,
        other => unreachable(other),
    })?;
    account.roles = items(get(&signed, "roles")).iter().filter_map(JsValue::as_string).collect();
    match browser::fetch_status(&account.remote_url()).await {
        Some(200) => {}
        Some(401 | 403 | 404) => return Err(SignInError::NoAccess),
        Some(status) => return Err(SignInError::Server { status, reason: String::new() }),
        None => return Err(SignInError::Unreachable),
    }
    if device_number(&account).is_none() {
        match claim_device(&account).await {
            Ok(Some(_)) => {}
            Ok(None) => return Err(SignInError::NoDeviceNumber),
            Err(error) => return Err(unreachable(error)),
        }
    }
    let Some(store) = app.open_store().await else { return Err(SignInError::Unreachable) };
    if !store.keeps_outbox().await.map_err(SignInError::Store)? {
        store.keep_outbox(true).await.map_err(SignInError::Store)?;
    }
    browser::set_pref(ACCOUNT_PREF, &account.to_pref());
    let Some(sync) = signals() else { return Ok(()) };
    sync.account.set(Some(account));
    // Signing in again (the server's session ended) restarts the replication that stopped.
    restart(app, sync).await;
    start(app, sync).await;
    Ok(())
}

/// This device's number in `account`'s team, when it claimed one.
fn device_number(account: &Account) -> Option<u64> {
    let pref = browser::pref(DEVICE_PREF)?;
    let (number, remote) = pref.split_once(' ')?;
    (remote == account.remote_url()).then(|| number.parse().ok()).flatten()
}

/// The writer numbers this device writes with: its team number's, once it has one.
pub fn device_writers() -> Option<std::ops::Range<u64>> {
    let account = browser::pref(ACCOUNT_PREF).and_then(|p| Account::from_pref(&p))?;
    device_number(&account).map(usecase::device_writers)
}

/// Claims a device number from the team's server and starts writing with its writer numbers;
/// `None` when the team has none free.
async fn claim_device(account: &Account) -> Result<Option<u64>, ReplicaError> {
    let claimed = bridge_claim_device(&account.remote_url(), &account.name, usecase::DEVICES as u32)
        .await
        .map_err(replica_error)?;
    let Some(number) = claimed.as_f64().map(|n| n as u64) else { return Ok(None) };
    browser::set_pref(DEVICE_PREF, &format!("{number} {}", account.remote_url()));
    browser::claim_writer(Some(usecase::device_writers(number))).await;
    Ok(Some(number))
}

/// Whether a failure's status says the server cannot be reached: no answer, or the proxy in
/// front of it saying so (502, 503, 504).
fn is_unreachable(status: u16) -> bool {
    matches!(status, 0 | 502 | 503 | 504)
}

/// How many records changed here the server has not got yet: in the outbox, in the local
/// replica not yet pushed, or refused by the server — each once, though a record being handed
/// over sits in the first two at once.
pub async fn waiting(app: AppState) -> u32 {
    let mut ids: HashSet<String> = match app.store() {
        Some(store) => store.outbox_ids().await.unwrap_or_default().into_iter().collect(),
        None => HashSet::new(),
    };
    ids.extend(replica_pending().await);
    if let Some(sync) = signals() {
        sync.refused.with_untracked(|refused| ids.extend(refused.iter().map(|r| r.id.clone())));
    }
    ids.len() as u32
}

async fn replica_pending() -> Vec<String> {
    let Some((handle, remote)) =
        ENGINE.with(|e| e.borrow().as_ref().map(|e| (e.bridge.handle.clone(), e.account.remote_url())))
    else {
        return Vec::new();
    };
    bridge_pending(&handle, &remote)
        .await
        .map(|ids| items(ids).iter().filter_map(JsValue::as_string).collect())
        .unwrap_or_default()
}

/// Signs out: stops syncing, forgets the account and this device's replica. The workspace's
/// records stay; the caller has asked the user first when [`waiting`] was not 0.
pub async fn sign_out(app: AppState) -> Result<(), StoreError> {
    let Some(sync) = signals() else { return Ok(()) };
    let engine = ENGINE.with(|e| e.borrow_mut().take());
    // Signing out works offline too: a session the server cannot be told of, or a replica
    // already gone, is nothing to stop for.
    if let Some(engine) = &engine {
        let _ = bridge_stop(&engine.bridge.handle).await;
        let _ = bridge_destroy(&engine.bridge.handle).await;
    }
    if let Some(account) = sync.account.get_untracked() {
        if load_bridge().await.is_ok() {
            // Offline, the number stays held: the team loses one of its numbers, never an id.
            if let Some(number) = device_number(&account) {
                let _ = bridge_release_device(&account.remote_url(), number as u32).await;
            }
            let _ = bridge_sign_out(&account.base()).await;
        }
    }
    if let Some(store) = app.store() {
        store.keep_outbox(false).await?;
    }
    browser::remove_pref(ACCOUNT_PREF);
    browser::remove_pref(DEVICE_PREF);
    browser::remove_pref(SINCE_PREF);
    browser::remove_pref(CONFLICTS_PREF);
    browser::remove_pref(REFUSED_PREF);
    browser::remove_pref(LEFT_OUT_PREF);
    sync.account.set(None);
    sync.status.set(Status::Off);
    sync.refused.set(Vec::new());
    sync.conflicts.set(Vec::new());
    sync.held_back.set(Vec::new());
    sync.left_out.set(Vec::new());
    sync.receiving.set(None);
    Ok(())
}

/// Runs the sync in this tab once it holds the sync's lock (at once, or when the tab that held
/// it closes).
async fn start(app: AppState, sync: SyncState) {
    if ENGINE.with(|e| e.borrow().is_some()) || STARTING.replace(true) {
        return;
    }
    if !LOCK_HELD.get() {
        sync.status.set(Status::OtherWindow);
        browser::hold_lock(LOCK).await;
        LOCK_HELD.set(true);
    }
    start_holding_the_lock(app, sync).await;
    STARTING.set(false);
}

async fn start_holding_the_lock(app: AppState, sync: SyncState) {
    let Some(account) = sync.account.get_untracked() else { return };
    if ENGINE.with(|e| e.borrow().is_some()) || app.workspace.get_untracked() != Workspace::Mine {
        return;
    }
    if let Err(error) = load_bridge().await {
        sync.status.set(Status::Failed { status: error.status, reason: error.reason });
        return;
    }
    // A device signed in before devices claimed numbers claims one as soon as the server
    // answers; until then its ids stay apart from its own tabs' only.
    if device_number(&account).is_none() {
        let _ = claim_device(&account).await;
    }
    let handle = bridge_open(REPLICA_DB);
    let on_event = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| on_event(app, sync, &event));
    if let Err(error) = bridge_start(&handle, &account.remote_url(), on_event.as_ref().unchecked_ref()) {
        let error = replica_error(error);
        sync.status.set(Status::Failed { status: error.status, reason: error.reason });
        return;
    }
    ENGINE.with(|e| *e.borrow_mut() = Some(Engine { bridge: Bridge { handle }, account, _on_event: on_event }));
    sync.status.set(Status::Syncing);
    request_round(app);
}

/// Starts the replication again after it stopped on the server's refusal or an error (the
/// account was given its role back, the server was mended).
pub fn retry(app: AppState) {
    if let Some(sync) = signals() {
        spawn_local(restart(app, sync));
    }
}

/// Stops and starts the live replication again (the network is back).
async fn restart(app: AppState, sync: SyncState) {
    if ENGINE.with(|e| e.borrow().is_none()) {
        return;
    }
    stop(sync).await;
    start(app, sync).await;
}

async fn stop(sync: SyncState) {
    let engine = ENGINE.with(|e| e.borrow_mut().take());
    if let Some(engine) = engine {
        // A replication that already ended on an error has nothing left to stop.
        let _ = bridge_stop(&engine.bridge.handle).await;
    }
    sync.status.set(Status::Off);
}

/// What the live replication said.
fn on_event(app: AppState, sync: SyncState, event: &JsValue) {
    let kind = get(event, "kind").as_string().unwrap_or_default();
    let status = get(event, "status").as_f64().map(|s| s as u16);
    let reason = get(event, "reason").as_string().unwrap_or_default();
    let offline = matches!(sync.status.get_untracked(), Status::Offline { .. });
    match (kind.as_str(), status) {
        // A retry while the server is away starts like any replication: it is back only once
        // something moves or the replication settles without an error.
        ("active", _) if !offline => sync.status.set(Status::Syncing),
        ("change", _) => {
            if offline {
                sync.status.set(Status::Syncing);
            }
            if get(event, "direction").as_string().as_deref() == Some("pull") {
                // The team's changes reached the local replica: take them in.
                request_round(app);
            } else {
                // A record the server took is no longer refused.
                let ids: Vec<String> = items(get(event, "ids")).iter().filter_map(JsValue::as_string).collect();
                if sync.refused.with_untracked(|r| r.iter().any(|r| ids.contains(&r.id))) {
                    sync.refused.update(|refused| refused.retain(|r| !ids.contains(&r.id)));
                    keep_refusals(sync);
                }
            }
        }
        ("denied", _) => {
            let id = get(event, "id").as_string().unwrap_or_default();
            let refusal = Refusal { record: usecase::record_of(&id), id, why: Refused::from_reason(&reason) };
            sync.refused.update(|refused| {
                refused.retain(|r| r.id != refusal.id);
                refused.push(refusal);
            });
            keep_refusals(sync);
        }
        ("progress", _) => {
            let number = |name| get(event, name).as_f64().unwrap_or(0.0) as u64;
            let (held, total) = (number("held"), number("total"));
            let shown = sync.receiving.get_untracked().is_some();
            sync.receiving
                .set((held < total && (shown || total - held >= SHOWN_FROM)).then_some(Receiving { held, total }));
        }
        ("paused", None) => {
            sync.receiving.set(None);
            sync.status.set(Status::Synced);
        }
        ("paused" | "error", Some(status)) if is_unreachable(status) => spawn_local(async move {
            let waiting = waiting(app).await;
            sync.status.set(Status::Offline { waiting });
        }),
        // A server that answers a member it no longer admits with 401 (not 403) still knows the
        // session: only a session it forgot means signing in again.
        ("paused" | "error", Some(401)) => spawn_local(async move {
            let Some(account) = sync.account.get_untracked() else { return };
            let known = bridge_session(&account.base()).await.ok().and_then(|name| name.as_string());
            sync.status.set(if known.as_deref() == Some(&account.name) { Status::NoAccess } else { Status::SignedOut });
        }),
        ("paused" | "error", Some(403)) => sync.status.set(Status::NoAccess),
        ("paused" | "error", Some(status)) => sync.status.set(Status::Failed { status, reason }),
        _ => {}
    }
}

/// Runs a round now, or right after the one running.
pub fn request_round(app: AppState) {
    if ENGINE.with(|e| e.borrow().is_none()) {
        return;
    }
    if ROUND_RUNNING.get() {
        ROUND_AGAIN.set(true);
        return;
    }
    ROUND_RUNNING.set(true);
    spawn_local(async move {
        loop {
            ROUND_AGAIN.set(false);
            if run_round(app).await {
                UNSHOWN.set(true);
                show(app);
            }
            if !ROUND_AGAIN.get() {
                break;
            }
        }
        ROUND_RUNNING.set(false);
    });
}

/// How often, at most, the open page reads again while a large sync brings the team's records
/// in: a page that reads the whole book after every batch would slow the sync down more the
/// more it holds.
const SHOW_EVERY_MS: i64 = 5_000;

/// Has the open page read again what the rounds stored: at once, except during a large sync,
/// where it does when it last did long enough ago, else once that time has passed.
fn show(app: AppState) {
    if !UNSHOWN.get() {
        return;
    }
    let since = browser::now_ms() - SHOWN_AT.get();
    let receiving = signals().is_some_and(|sync| sync.receiving.get_untracked().is_some());
    if !receiving || since >= SHOW_EVERY_MS {
        UNSHOWN.set(false);
        SHOWN_AT.set(browser::now_ms());
        app.changed();
    } else if !SHOW_SCHEDULED.replace(true) {
        spawn_local(async move {
            browser::sleep((SHOW_EVERY_MS - since) as i32).await;
            SHOW_SCHEDULED.set(false);
            show(app);
        });
    }
}

/// One round; whether it stored anything the open page shows.
async fn run_round(app: AppState) -> bool {
    let Some(sync) = signals() else { return false };
    let Some(store) = app.store() else { return false };
    let Some(handle) = ENGINE.with(|e| e.borrow().as_ref().map(|e| e.bridge.handle.clone())) else { return false };
    let bridge = Bridge { handle };
    let since = browser::pref(SINCE_PREF).unwrap_or_else(|| "0".into());
    let round = match usecase::round(&*store, &bridge, &since).await {
        Ok(round) => round,
        Err(error) => {
            failed(app, sync, error);
            return false;
        }
    };
    let taken = round.taken_in;
    // A conflict that needs no decision is settled at once; its settled revision comes in
    // with the next round. One that could not be settled now is listed like any other.
    let reported = taken.conflicts.clone();
    let (conflicts, merged) = match conflicts::settle_clean(&*store, &bridge, &mut app.context(), taken.conflicts).await
    {
        Ok(settled) => settled,
        Err(error) => {
            failed(app, sync, error);
            (reported, 0)
        }
    };
    if merged > 0 {
        ROUND_AGAIN.set(true);
    }
    sync.conflicts.update(|listed| {
        listed.retain(|c| !taken.settled.iter().any(|(e, k)| c.entity == *e && c.key == *k));
        for conflict in conflicts {
            listed.retain(|c| c.entity != conflict.entity || c.key != conflict.key);
            listed.push(conflict);
        }
    });
    keep_conflicts(sync);
    // Only once the conflicts it reported are remembered: the feed reports each once.
    browser::set_pref(SINCE_PREF, &round.since);
    sync.left_out.update(|left_out| {
        left_out.retain(|id| usecase::record_of(id).is_none_or(|record| !taken.settled.contains(&record)));
        for id in &taken.skipped {
            if !left_out.contains(id) {
                left_out.push(id.clone());
            }
        }
    });
    keep_left_out(sync);
    sync.held_back.update(|held| {
        held.retain(|record| !taken.settled.contains(record));
        for record in taken.held_back {
            if !held.contains(&record) {
                held.push(record);
            }
        }
    });
    let mut stored = taken.stored;
    // A change sent from here may have freed the part number or serial a held-back record
    // needs; the feed will not bring that record again by itself.
    let held = sync.held_back.get_untracked();
    if round.handed_over > 0 && !held.is_empty() {
        match usecase::take_in_again(&*store, &bridge, &held).await {
            Ok(again) => {
                stored += again.stored;
                sync.held_back.update(|held| held.retain(|record| !again.settled.contains(record)));
            }
            Err(error) => failed(app, sync, error),
        }
    }
    stored > 0
}

fn failed(app: AppState, sync: SyncState, error: SyncError) {
    match error {
        SyncError::Store(error) => app.report(error),
        SyncError::Replica(error) => sync.status.set(Status::Failed { status: error.status, reason: error.reason }),
    }
}

/// The replica, from any tab: the running sync's, or a handle of this tab's own.
async fn replica() -> Result<Bridge, ReplicaError> {
    if let Some(handle) = ENGINE.with(|e| e.borrow().as_ref().map(|e| e.bridge.handle.clone())) {
        return Ok(Bridge { handle });
    }
    load_bridge().await?;
    let handle = SPARE.with(|spare| spare.borrow_mut().get_or_insert_with(|| bridge_open(REPLICA_DB)).clone());
    Ok(Bridge { handle })
}

/// The conflict on `record` as the replica holds it now; `None` once nothing is left to settle.
pub async fn open_conflict(record: (Entity, Key)) -> Result<Option<Case>, SyncError> {
    conflicts::open(&replica().await?, record.0, &record.1).await
}

/// Settles `case` as the user chose; the team gets it with the next replication.
pub async fn settle_conflict(app: AppState, case: Case, choice: Choice) -> Result<Settled, SyncError> {
    let Some(store) = app.open_store().await else { return Ok(Settled::ChangedHere) };
    let bridge = replica().await?;
    let keep = conflicts::kept(&case, &choice);
    let settled = conflicts::settle(&*store, &bridge, &mut app.context(), &case, keep).await?;
    if settled == Settled::Done {
        if ENGINE.with(|e| e.borrow().is_some()) {
            request_round(app);
        } else {
            browser::set_pref(NUDGE_PREF, &browser::new_id().to_string());
        }
    }
    Ok(settled)
}
