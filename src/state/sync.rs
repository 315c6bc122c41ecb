//! Team sync in the browser (docs/domain.md §10, docs/decisions/0001-sync-client.md): the
//! signed-in account, the bridge to PouchDB (`public/sync.js`, loaded only once a workspace
//! signs in), the rounds that hand the outbox over and take the team's changes in, and the
//! status the shell shows. One tab of the browser runs the sync (a Web Lock); the others see
//! its writes like any other tab's.

use super::app::AppState;
use super::browser;
use super::workspace::Workspace;
use crate::store::{Entity, Key, Store, StoreError};
use crate::usecases::sync::{
    self as usecase, Changes, Conflict, Doc, Refused, RemoteDoc, Replica, ReplicaError, SyncError,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the team server answers when it shares the app's origin (docs/sync/couchdb.md).
pub const DEFAULT_SERVER: &str = "/couchdb/";

const ACCOUNT_PREF: &str = "kehu.sync.account";
const SINCE_PREF: &str = "kehu.sync.since";
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
}

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
    /// No answer from the server (offline, or a wrong address).
    Unreachable,
    /// The server refused the name or password.
    Refused,
    /// Signed in, but the account may not read the company's database (or it does not exist).
    NoAccess,
    Server {
        status: u16,
        reason: String,
    },
    Store(StoreError),
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = KehuSync, js_name = open)]
    fn bridge_open(name: &str) -> JsValue;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = push, catch)]
    async fn bridge_push(handle: &JsValue, docs: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = changes, catch)]
    async fn bridge_changes(handle: &JsValue, since: &str, limit: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = signIn, catch)]
    async fn bridge_sign_in(base: &str, user: &str, password: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = signOut, catch)]
    async fn bridge_sign_out(base: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = start, catch)]
    fn bridge_start(handle: &JsValue, remote: &str, on_event: &js_sys::Function) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = stop, catch)]
    async fn bridge_stop(handle: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = pending, catch)]
    async fn bridge_pending(handle: &JsValue, remote: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = destroy, catch)]
    async fn bridge_destroy(handle: &JsValue) -> Result<JsValue, JsValue>;
}

fn get(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The items of `value` when it is an array (`Array.from` would throw on `undefined`).
fn items(value: JsValue) -> Vec<JsValue> {
    value.dyn_into::<js_sys::Array>().map(|a| a.to_vec()).unwrap_or_default()
}

/// A bridge failure as `{ status, reason }`.
fn replica_error(value: JsValue) -> ReplicaError {
    let status = get(&value, "status").as_f64().unwrap_or(0.0) as u16;
    let reason = get(&value, "reason").as_string().unwrap_or_else(|| format!("{value:?}"));
    ReplicaError { status, reason }
}

/// The local PouchDB, as the use cases' [`Replica`].
struct Bridge {
    handle: JsValue,
}

impl Replica for Bridge {
    async fn put(&self, docs: &[Doc]) -> Result<(), ReplicaError> {
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        let docs = serde::Serialize::serialize(docs, &serializer)
            .map_err(|e| ReplicaError { status: 400, reason: e.to_string() })?;
        bridge_push(&self.handle, docs).await.map(drop).map_err(replica_error)
    }

    async fn changes(&self, since: &str, limit: usize) -> Result<Changes, ReplicaError> {
        let answer = bridge_changes(&self.handle, since, limit as u32).await.map_err(replica_error)?;
        let docs = items(get(&answer, "results")).iter().map(|change| remote_doc(&get(change, "doc"))).collect();
        Ok(Changes { docs, last_seq: get(&answer, "last_seq").as_string().unwrap_or_else(|| since.to_owned()) })
    }
}

/// A replica document as the use cases read it; a record that does not read as its kind is
/// left out (and the document skipped as not Kehu's).
fn remote_doc(doc: &JsValue) -> RemoteDoc {
    let id = get(doc, "_id").as_string().unwrap_or_default();
    let record = usecase::record_of(&id).and_then(|(entity, _)| {
        let value = get(doc, "record");
        if value.is_undefined() {
            return None;
        }
        crate::store::AnyRecord::deserialize_as(entity, serde_wasm_bindgen::Deserializer::from(value)).ok()
    });
    let strings = |name: &str| items(get(doc, name)).iter().filter_map(JsValue::as_string).collect::<Vec<_>>();
    RemoteDoc {
        rev: get(doc, "_rev").as_string().unwrap_or_default(),
        deleted: get(doc, "_deleted").as_bool().unwrap_or(false),
        at_ms: get(doc, "at").as_f64().unwrap_or(0.0) as i64,
        by: get(doc, "by").as_f64().map(|by| by as u64),
        record,
        // A deletion that lost to an edit is a conflict too.
        conflicts: [strings("_conflicts"), strings("_deleted_conflicts")].concat(),
        id,
    }
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
}

/// Creates the sync's state and, when this browser is signed in, starts the sync once the
/// workspace is open.
pub fn provide(app: AppState) -> SyncState {
    let sync = SyncState {
        account: RwSignal::new(browser::pref(ACCOUNT_PREF).and_then(|p| Account::from_pref(&p))),
        status: RwSignal::new(Status::Off),
        refused: RwSignal::new(Vec::new()),
        conflicts: RwSignal::new(Vec::new()),
        held_back: RwSignal::new(Vec::new()),
    };
    provide_context(sync);
    SIGNALS.set(Some(sync));
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
        if e.status == 0 {
            SignInError::Unreachable
        } else {
            SignInError::Server { status: e.status, reason: e.reason }
        }
    };
    load_bridge().await.map_err(unreachable)?;
    let server = if server.ends_with('/') { server.to_owned() } else { format!("{server}/") };
    let mut account = Account { server, db: db.to_owned(), name: name.to_owned(), roles: Vec::new() };
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

/// How many changes made here the server has not got yet: the outbox and what the local
/// replica has not pushed.
pub async fn waiting(app: AppState) -> u32 {
    let outbox = match app.store() {
        Some(store) => store.outgoing(usecase::BATCH).await.map_or(0, |o| o.len() as u32),
        None => 0,
    };
    outbox + replica_pending().await
}

async fn replica_pending() -> u32 {
    let Some((handle, remote)) =
        ENGINE.with(|e| e.borrow().as_ref().map(|e| (e.bridge.handle.clone(), e.account.remote_url())))
    else {
        return 0;
    };
    bridge_pending(&handle, &remote).await.ok().and_then(|n| n.as_f64()).unwrap_or(0.0) as u32
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
            let _ = bridge_sign_out(&account.base()).await;
        }
    }
    if let Some(store) = app.store() {
        store.keep_outbox(false).await?;
    }
    browser::remove_pref(ACCOUNT_PREF);
    browser::remove_pref(SINCE_PREF);
    sync.account.set(None);
    sync.status.set(Status::Off);
    sync.refused.set(Vec::new());
    sync.conflicts.set(Vec::new());
    sync.held_back.set(Vec::new());
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
    match (kind.as_str(), status) {
        ("active", _) => sync.status.set(Status::Syncing),
        // The team's changes reached the local replica: take them in.
        ("change", _) if get(event, "direction").as_string().as_deref() == Some("pull") => request_round(app),
        ("denied", _) => {
            let id = get(event, "id").as_string().unwrap_or_default();
            let refusal = Refusal { record: usecase::record_of(&id), id, why: Refused::from_reason(&reason) };
            sync.refused.update(|refused| {
                if !refused.contains(&refusal) {
                    refused.push(refusal);
                }
            });
        }
        ("paused", None) => sync.status.set(Status::Synced),
        ("paused" | "error", Some(0)) => spawn_local(async move {
            let waiting = waiting(app).await;
            sync.status.set(Status::Offline { waiting });
        }),
        ("paused" | "error", Some(401)) => sync.status.set(Status::SignedOut),
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
            run_round(app).await;
            if !ROUND_AGAIN.get() {
                break;
            }
        }
        ROUND_RUNNING.set(false);
    });
}

async fn run_round(app: AppState) {
    let Some(sync) = signals() else { return };
    let Some(store) = app.store() else { return };
    let Some(handle) = ENGINE.with(|e| e.borrow().as_ref().map(|e| e.bridge.handle.clone())) else { return };
    let bridge = Bridge { handle };
    let since = browser::pref(SINCE_PREF).unwrap_or_else(|| "0".into());
    match usecase::round(&*store, &bridge, &since).await {
        Ok(round) => {
            browser::set_pref(SINCE_PREF, &round.since);
            let taken = round.taken_in;
            sync.conflicts.update(|conflicts| {
                conflicts.retain(|c| !taken.settled.iter().any(|(e, k)| c.entity == *e && c.key == *k));
                for conflict in taken.conflicts {
                    conflicts.retain(|c| c.entity != conflict.entity || c.key != conflict.key);
                    conflicts.push(conflict);
                }
            });
            sync.held_back.update(|held| {
                held.retain(|record| !taken.settled.contains(record));
                for record in taken.held_back {
                    if !held.contains(&record) {
                        held.push(record);
                    }
                }
            });
            if taken.stored > 0 {
                app.changed();
            }
        }
        Err(SyncError::Store(error)) => app.report(error),
        Err(SyncError::Replica(error)) => {
            sync.status.set(Status::Failed { status: error.status, reason: error.reason })
        }
    }
}

/// What the user calls each record (a company, a person, an order's number…), read from the
/// store; `None` for kinds named by their key alone, or a record no longer stored.
pub async fn titles(app: AppState, records: Vec<(Entity, Key)>) -> Vec<Option<String>> {
    use crate::domain::model::{Contact, Customer, Machine, Opportunity, Order, Part, Supplier, TradePartner, User};
    let Some(store) = app.store() else { return vec![None; records.len()] };
    let mut titles = Vec::with_capacity(records.len());
    for (entity, key) in records {
        let title = match entity {
            Entity::Customer => store.get::<Customer>(key).await.ok().flatten().map(|r| r.company),
            Entity::User => store.get::<User>(key).await.ok().flatten().map(|r| r.name),
            Entity::Contact => store.get::<Contact>(key).await.ok().flatten().map(|r| r.name),
            Entity::Order => store.get::<Order>(key).await.ok().flatten().map(|r| r.number),
            Entity::Opportunity => store.get::<Opportunity>(key).await.ok().flatten().map(|r| r.title),
            Entity::Part => store.get::<Part>(key).await.ok().flatten().map(|r| format!("{} {}", r.number, r.name_zh)),
            Entity::Machine => store.get::<Machine>(key).await.ok().flatten().map(|r| r.serial),
            Entity::Supplier => store.get::<Supplier>(key).await.ok().flatten().map(|r| r.name),
            Entity::TradePartner => store.get::<TradePartner>(key).await.ok().flatten().map(|r| r.name),
            _ => None,
        };
        titles.push(title.filter(|t| !t.trim().is_empty()));
    }
    titles
}
