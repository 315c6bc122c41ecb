//! Other tabs of this browser on the same workspace: each write is announced on a
//! `BroadcastChannel`, and a write another tab announces makes this tab's views read again and
//! its cached books recompute, so no tab goes on showing what was true before.

use super::app::AppState;
use crate::store::Entity;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const CHANNEL: &str = "kehu-writes";

/// The channel and its listener, alive as long as the app.
struct Tabs {
    channel: web_sys::BroadcastChannel,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

thread_local! {
    static TABS: RefCell<Option<Tabs>> = const { RefCell::new(None) };
}

/// A write's announcement: the database and its kinds' stores, one line of text, so the message
/// needs no serialisation of its own.
fn message(database: &str, entities: &[Entity]) -> String {
    let stores: Vec<&str> = entities.iter().map(|e| e.store_name()).collect();
    format!("{database}\t{}", stores.join(","))
}

fn parse(message: &str) -> Option<(&str, Vec<Entity>)> {
    let (database, stores) = message.split_once('\t')?;
    Some((database, stores.split(',').filter_map(Entity::from_store_name).collect()))
}

/// Listens for other tabs' writes to the active workspace's database; where the browser has no
/// `BroadcastChannel` each tab stays on its own, as before.
pub fn listen(app: AppState) {
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        let Some((database, entities)) = parse(&text) else { return };
        let Some(store) = app.store() else { return };
        if store.name() == database {
            store.written_elsewhere(&entities);
            app.changed();
            super::sync::request_round(app);
        }
    });
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    TABS.with(|tabs| *tabs.borrow_mut() = Some(Tabs { channel, _on_message: on_message }));
}

/// Tells the other tabs that this one wrote `entities` of `database`.
pub fn announce(database: &str, entities: &[Entity]) {
    TABS.with(|tabs| {
        if let Some(tabs) = tabs.borrow().as_ref() {
            let _ = tabs.channel.post_message(&JsValue::from_str(&message(database, entities)));
        }
    });
}
