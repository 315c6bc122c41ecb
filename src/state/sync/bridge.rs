//! The wasm side of `public/sync.js` (`window.KehuSync`): its calls, and the local PouchDB as
//! the use cases' [`Replica`], its documents read into [`RemoteDoc`]s.

use super::usecase;
use crate::usecases::sync::{Changes, Doc, RemoteDoc, Replica, ReplicaError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = KehuSync, js_name = open)]
    pub(super) fn bridge_open(name: &str) -> JsValue;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = push, catch)]
    pub(super) async fn bridge_push(handle: &JsValue, docs: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = changes, catch)]
    pub(super) async fn bridge_changes(handle: &JsValue, since: &str, limit: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = leaves, catch)]
    pub(super) async fn bridge_leaves(handle: &JsValue, id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = revision, catch)]
    pub(super) async fn bridge_revision(handle: &JsValue, id: &str, rev: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = signIn, catch)]
    pub(super) async fn bridge_sign_in(base: &str, user: &str, password: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = session, catch)]
    pub(super) async fn bridge_session(base: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = signOut, catch)]
    pub(super) async fn bridge_sign_out(base: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = claimDevice, catch)]
    pub(super) async fn bridge_claim_device(remote: &str, user: &str, devices: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = releaseDevice, catch)]
    pub(super) async fn bridge_release_device(remote: &str, number: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = start, catch)]
    pub(super) fn bridge_start(handle: &JsValue, remote: &str, on_event: &js_sys::Function)
        -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = stop, catch)]
    pub(super) async fn bridge_stop(handle: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = pending, catch)]
    pub(super) async fn bridge_pending(handle: &JsValue, remote: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = KehuSync, js_name = destroy, catch)]
    pub(super) async fn bridge_destroy(handle: &JsValue) -> Result<JsValue, JsValue>;
}

pub(super) fn get(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The items of `value` when it is an array (`Array.from` would throw on `undefined`).
pub(super) fn items(value: JsValue) -> Vec<JsValue> {
    value.dyn_into::<js_sys::Array>().map(|a| a.to_vec()).unwrap_or_default()
}

/// A bridge failure as `{ status, reason }`.
pub(super) fn replica_error(value: JsValue) -> ReplicaError {
    let status = get(&value, "status").as_f64().unwrap_or(0.0) as u16;
    let reason = get(&value, "reason").as_string().unwrap_or_else(|| format!("{value:?}"));
    ReplicaError { status, reason }
}

/// The local PouchDB, as the use cases' [`Replica`].
pub(super) struct Bridge {
    pub(super) handle: JsValue,
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

    async fn leaves(&self, id: &str) -> Result<Vec<RemoteDoc>, ReplicaError> {
        let answer = bridge_leaves(&self.handle, id).await.map_err(replica_error)?;
        Ok(items(answer).iter().map(remote_doc).collect())
    }

    async fn revision(&self, id: &str, rev: &str) -> Result<Option<RemoteDoc>, ReplicaError> {
        let answer = bridge_revision(&self.handle, id, rev).await.map_err(replica_error)?;
        Ok((!answer.is_null()).then(|| remote_doc(&answer)))
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
        history: history(&get(doc, "_revisions")),
        resolved: get(doc, "resolved").as_bool().unwrap_or(false),
        id,
    }
}

/// CouchDB's `_revisions` (`{ start, ids }`) as revisions, newest first.
fn history(revisions: &JsValue) -> Vec<String> {
    let Some(start) = get(revisions, "start").as_f64() else { return Vec::new() };
    let tags = items(get(revisions, "ids"));
    tags.iter()
        .enumerate()
        .filter_map(|(step, tag)| Some(format!("{}-{}", (start as usize).checked_sub(step)?, tag.as_string()?)))
        .collect()
}
