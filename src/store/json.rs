//! A value as JSON text and back, for the settings that hold structured values (saved filters,
//! an import's remembered mapping, the funnel, grading and stock-policy settings). The browser
//! build goes through `JSON.stringify`/`JSON.parse`, so the wasm carries no serde_json; native
//! builds (the memory store, tests) use serde_json. Both read what either wrote.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// `value` as JSON text; `None` when it cannot be (a map with non-text keys).
#[cfg(target_arch = "wasm32")]
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// The value `text` holds; `None` when it is damaged or of another shape.
#[cfg(target_arch = "wasm32")]
pub fn from_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_wasm_bindgen::from_value(js_sys::JSON::parse(text).ok()?).ok()
}

/// `value` as JSON text; `None` when it cannot be (a map with non-text keys).
#[cfg(not(target_arch = "wasm32"))]
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// The value `text` holds; `None` when it is damaged or of another shape.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}
