//! Thin wrappers over the browser services the app uses: local storage for small preferences,
//! the storage manager, timers, the clock, and events to and from `pwa.js`.

use crate::domain::date::Date;
use indexed_db_futures::factory::DBFactory;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn window() -> web_sys::Window {
    web_sys::window().expect("Kehu runs in a browser window")
}

/// A remembered preference, if storage is available and holds one.
pub fn pref(key: &str) -> Option<String> {
    window().local_storage().ok().flatten()?.get_item(key).ok().flatten()
}

/// Remembers a preference; silently skipped where storage is unavailable (private modes),
/// since every preference has a sensible default.
pub fn set_pref(key: &str, value: &str) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(key, value);
    }
}

/// Forgets a preference.
pub fn remove_pref(key: &str) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.remove_item(key);
    }
}

/// The page's address.
pub fn location_href() -> String {
    window().location().href().unwrap_or_default()
}

/// Loads the script `file` (beside the app's own files) and waits until it has run; the error
/// names what failed.
pub async fn load_script(file: &str) -> Result<(), String> {
    let document = window().document().ok_or("no document")?;
    let script = document.create_element("script").map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::new_with_base(file, &document.base_uri().ok().flatten().unwrap_or_else(location_href))
        .map_err(|e| format!("{e:?}"))?;
    script.set_attribute("src", &url.href()).map_err(|e| format!("{e:?}"))?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    let body = document.body().ok_or("no body")?;
    body.append_child(&script).map_err(|e| format!("{e:?}"))?;
    JsFuture::from(loaded).await.map(drop).map_err(|_| format!("{file} did not load"))
}

/// The HTTP status a GET of `url` answers with the browser's cookies for it; `None` when the
/// server cannot be reached.
pub async fn fetch_status(url: &str) -> Option<u16> {
    let fetch = js_sys::Reflect::get(&js_sys::global(), &"fetch".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"credentials".into(), &"include".into()).ok()?;
    let promise = fetch.call2(&JsValue::NULL, &url.into(), &init).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let response = JsFuture::from(promise).await.ok()?;
    js_sys::Reflect::get(&response, &"status".into()).ok()?.as_f64().map(|s| s as u16)
}

/// What this tab keeps under `key` for as long as it lives, reloads included.
pub fn tab_value(key: &str) -> Option<String> {
    window().session_storage().ok().flatten()?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key` for this tab (`None` forgets it); skipped where storage is
/// unavailable, as for preferences.
pub fn set_tab_value(key: &str, value: Option<&str>) {
    if let Some(storage) = window().session_storage().ok().flatten() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

/// The user's preferred languages, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    window().navigator().languages().iter().filter_map(|v| v.as_string()).collect()
}

pub fn set_document_lang(tag: &str) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Today in the user's time zone.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::from_ymd(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .expect("the browser's date is valid")
}

/// The device's calendar day at `at_ms`.
pub fn local_day(at_ms: i64) -> Date {
    let moment = js_sys::Date::new(&(at_ms as f64).into());
    Date::from_ymd(moment.get_full_year() as i32, moment.get_month() + 1, moment.get_date())
        .unwrap_or_else(|| Date::from_days(at_ms.div_euclid(86_400_000) as i32))
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A monotonic clock with sub-millisecond resolution, for timing work (`performance.now()`).
pub fn now_precise_ms() -> f64 {
    let Ok(performance) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")) else {
        return js_sys::Date::now();
    };
    js_sys::Reflect::get(&performance, &JsValue::from_str("now"))
        .ok()
        .and_then(|now| now.dyn_ref::<js_sys::Function>().and_then(|f| f.call0(&performance).ok()))
        .and_then(|value| value.as_f64())
        .unwrap_or_else(js_sys::Date::now)
}

/// How many writers (tabs, devices) an id tells apart: the low bits of every new id.
const WRITERS: u64 = crate::usecases::sync::DEVICES * crate::usecases::sync::WRITERS_PER_DEVICE;

thread_local! {
    /// The millisecond of this tab's last id: each id takes a millisecond of its own, so a burst
    /// (an import) runs ahead of the clock and a later id is still larger.
    static LAST_MS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// This tab's writer number: drawn when it starts, then one no other tab holds (see
    /// [`claim_writer`]).
    static WRITER: std::cell::Cell<u64> = std::cell::Cell::new(random_writer());
    /// Every writer number this tab has written with, so its own earlier writes stay its own
    /// after it takes a number of its device's (see [`drawn_here`]).
    static HELD: std::cell::RefCell<Vec<u64>> = std::cell::RefCell::new(vec![WRITER.get()]);
    /// Lets go of the lock on the writer number this tab holds.
    static RELEASE: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

fn random_writer() -> u64 {
    (js_sys::Math::random() * WRITERS as f64) as u64 % WRITERS
}

/// How many numbers a tab tries before it keeps the one it drew.
const CLAIM_TRIES: usize = 32;

/// Claims a writer number no other tab of this browser holds, with a Web Lock held until the
/// tab closes or claims again, so two tabs never make the same id in the same millisecond.
/// Signed in to a team, the numbers are `device`'s (the device's own, claimed from the server):
/// then no other device makes this tab's ids either. Past the device's numbers (more tabs than
/// it owns), a tab writes with one another tab holds; the store then refuses the rare new record
/// that would replace one, rather than losing either.
pub async fn claim_writer(device: Option<std::ops::Range<u64>>) {
    let holding = RELEASE.with_borrow(Option::is_some);
    if holding && device.as_ref().is_some_and(|writers| writers.contains(&WRITER.get())) {
        return;
    }
    let candidates: Vec<u64> = match &device {
        Some(writers) => writers.clone().collect(),
        None => (0..CLAIM_TRIES).map(|_| random_writer()).collect(),
    };
    for writer in candidates {
        match try_lock(&format!("kehu-writer-{writer}")).await {
            Lock::Granted(release) => return take_writer(writer, Some(release)),
            Lock::HeldElsewhere => continue,
            Lock::Unsupported => break,
        }
    }
    // Every number taken, or a browser without locks: a device's first number still keeps
    // other devices' ids apart; without one, the number drawn at start stays.
    if let Some(writers) = device {
        take_writer(writers.start, None);
    }
}

/// Writes with `writer` from now on, letting another tab take the number held before.
fn take_writer(writer: u64, lock: Option<js_sys::Function>) {
    if let Some(previous) = RELEASE.replace(lock) {
        let _ = previous.call0(&JsValue::NULL);
    }
    WRITER.set(writer);
    HELD.with_borrow_mut(|held| held.push(writer));
}

/// A new record id: a millisecond × 2048 plus this tab's writer number. Two tabs writing in the
/// same millisecond get different ids (each claims its own number), and even if they did not, a
/// new record never replaces a stored one (the store refuses it). Ids
/// from one tab increase; they stay below 2⁵³ until 2109 and, starting at 2⁵¹, above every id
/// the earlier scheme (ms × 1024) gave before 2041 and the demo generator's small ones.
pub fn new_id() -> crate::domain::model::Id {
    let ms = LAST_MS.with(|last| {
        let ms = (now_ms() as u64).max(last.get() + 1);
        last.set(ms);
        ms
    });
    ms * WRITERS + WRITER.with(std::cell::Cell::get)
}

/// Whether this tab drew `id` (an id, or a write's tag) from [`new_id`], by its writer part (a
/// write synced from another device may share it).
pub fn drawn_here(id: u64) -> bool {
    HELD.with(|held| held.borrow().contains(&(id % WRITERS)))
}

/// Runs `work` holding the browser's lock `name` (the Web Locks API, shared by every tab of the
/// origin); `None` without running it when another tab holds the lock. Where the browser has
/// no locks, `work` runs unguarded: IndexedDB still keeps each write whole.
pub async fn exclusively<T>(name: &str, work: impl std::future::Future<Output = T>) -> Option<T> {
    match try_lock(name).await {
        Lock::Granted(release) => {
            let done = work.await;
            let _ = release.call0(&JsValue::NULL);
            Some(done)
        }
        Lock::HeldElsewhere => None,
        Lock::Unsupported => Some(work.await),
    }
}

/// What asking for a Web Lock gave.
enum Lock {
    /// Held until the function is called.
    Granted(js_sys::Function),
    HeldElsewhere,
    /// The browser has no locks.
    Unsupported,
}

/// Asks for the browser's lock `name` unless another tab holds it.
async fn try_lock(name: &str) -> Lock {
    lock(name, true).await
}

/// Waits for the browser's lock `name` and holds it for the tab's life. Where the browser has
/// no locks, returns at once.
pub async fn hold_lock(name: &str) {
    if let Lock::Granted(release) = lock(name, false).await {
        // Never called: the lock goes when the tab does.
        std::mem::forget(release);
    }
}

/// Asks for the browser's lock `name`: at once or not at all (`if_available`), or once every
/// tab before this one has let it go.
async fn lock(name: &str, if_available: bool) -> Lock {
    let locks = js_sys::Reflect::get(&window().navigator(), &"locks".into()).ok().filter(|l| l.is_object());
    let request = locks
        .as_ref()
        .and_then(|locks| js_sys::Reflect::get(locks, &"request".into()).ok())
        .and_then(|request| request.dyn_into::<js_sys::Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else { return Lock::Unsupported };
    // The lock is held until the promise the callback returns settles: `release` settles it.
    let mut release = None;
    let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut granted_to = None;
    let granted = js_sys::Promise::new(&mut |resolve, _| granted_to = Some(resolve));
    let (Some(release), Some(granted_to)) = (release, granted_to) else { return Lock::Unsupported };
    let callback = Closure::once_into_js(move |lock: JsValue| {
        let _ = granted_to.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
        held
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::from_bool(if_available));
    if request.call3(&locks, &name.into(), &options, &callback).is_err() {
        return Lock::Unsupported;
    }
    match JsFuture::from(granted).await.ok().and_then(|v| v.as_bool()) {
        Some(true) => Lock::Granted(release),
        _ => Lock::HeldElsewhere,
    }
}

/// Resolves after `ms` milliseconds; with 0, lets the browser paint before work goes on.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Tells `pwa.js` something (apply the waiting update, show the install prompt).
pub fn dispatch(event: &str) {
    if let Ok(event) = web_sys::Event::new(event) {
        let _ = window().dispatch_event(&event);
    }
}

/// Navigates to `hash` (a route's `#/…`), adding a history entry as a link does.
pub fn set_hash(hash: &str) {
    let _ = window().location().set_hash(hash);
}

pub fn reload() {
    let _ = window().location().reload();
}

/// The names of the databases this origin holds.
pub async fn database_names() -> Vec<String> {
    let Ok(factory) = DBFactory::new() else {
        return Vec::new();
    };
    match factory.databases() {
        Ok(request) => match request.await {
            Ok(list) => list.into_iter().filter_map(Result::ok).map(|info| info.name().to_string()).collect(),
            Err(_) => Vec::new(),
        },
        Err(_) => Vec::new(),
    }
}

/// Whether the browser will keep this origin's data under storage pressure, and how much
/// it uses of how much it may.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StorageStatus {
    pub persisted: Option<bool>,
    pub usage: Option<f64>,
    pub quota: Option<f64>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = window().navigator();
    // Missing in insecure contexts and some embedded browsers.
    js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?.dyn_into().ok()
}

async fn resolve(promise: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
    JsFuture::from(promise.ok()?).await.ok()
}

pub async fn storage_status() -> StorageStatus {
    let Some(manager) = storage_manager() else {
        return StorageStatus::default();
    };
    let persisted = resolve(manager.persisted()).await.and_then(|v| v.as_bool());
    let estimate = resolve(manager.estimate()).await;
    let field = |name: &str| {
        estimate.as_ref().and_then(|e| js_sys::Reflect::get(e, &JsValue::from_str(name)).ok()).and_then(|v| v.as_f64())
    };
    StorageStatus { persisted, usage: field("usage"), quota: field("quota") }
}

/// Asks the browser to keep this origin's data; returns whether it agreed.
pub async fn request_persistence() -> Option<bool> {
    resolve(storage_manager()?.persist()).await.and_then(|v| v.as_bool())
}

/// Each text's position in the locale's collation (pinyin order for Chinese, from the browser's
/// ICU data, which saves shipping a collation table); equal texts share a position.
pub fn collation_ranks(texts: &[&str], locale_tag: &str) -> Vec<u32> {
    let collator = js_sys::Intl::Collator::new(&js_sys::Array::of1(&locale_tag.into()), &js_sys::Object::new());
    let sorted: js_sys::Array = texts.iter().map(|text| JsValue::from_str(text)).collect();
    // Array.prototype.sort with the collator's comparison, which js-sys does not wrap.
    if let Ok(sort) = js_sys::Reflect::get(&sorted, &"sort".into()) {
        let _ = sort.unchecked_into::<js_sys::Function>().call1(&sorted, &collator.compare());
    }
    let mut rank = std::collections::HashMap::with_capacity(texts.len());
    for (position, text) in sorted.iter().enumerate() {
        rank.entry(text.as_string().unwrap_or_default()).or_insert(position as u32);
    }
    texts.iter().map(|text| rank.get(*text).copied().unwrap_or(u32::MAX)).collect()
}

/// Offers `bytes` to the user as a downloaded file named `file_name` (an object URL on a
/// clicked link: works offline and needs no server).
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_message)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_message)?;
    let document = window().document().ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").map_err(js_message)?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The click has started the download; the URL may go once the current task is done.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 0);
    Ok(())
}

/// The whole content of a file the user picked.
pub async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(js_message)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The message of a thrown JavaScript value (an `Error`'s, or the value itself as text).
fn js_message(error: JsValue) -> String {
    js_sys::Reflect::get(&error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

/// The names of ISO country codes in the locale's language, from the browser's `Intl.DisplayNames`
/// (saves shipping a table of ~250 names in two languages); a code the browser cannot name
/// stays as it is.
pub fn region_names(codes: &[&str], locale_tag: &str) -> Vec<String> {
    let names = (|| {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor: js_sys::Function =
            js_sys::Reflect::get(&intl, &"DisplayNames".into()).ok()?.dyn_into().ok()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"type".into(), &"region".into()).ok()?;
        let arguments = js_sys::Array::of2(&js_sys::Array::of1(&locale_tag.into()), &options);
        let names = js_sys::Reflect::construct(&constructor, &arguments).ok()?;
        let of: js_sys::Function = js_sys::Reflect::get(&names, &"of".into()).ok()?.dyn_into().ok()?;
        Some((names, of))
    })();
    codes
        .iter()
        .map(|code| {
            names
                .as_ref()
                .filter(|_| !code.is_empty())
                .and_then(|(names, of)| of.call1(names, &JsValue::from_str(code)).ok()?.as_string())
                .unwrap_or_else(|| (*code).to_owned())
        })
        .collect()
}
