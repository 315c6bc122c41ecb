//! Settings that hold a structured value as JSON text (see [`crate::store::json`]): reading one,
//! with `None` for a missing or damaged value so the defaults hold, and writing one.

use crate::domain::model::Setting;
use crate::store::json::{from_json, to_json};
use crate::store::{Batch, Key, Store, StoreError, StoreErrorKind};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The value stored under `key`; `None` when there is none or it is damaged.
pub async fn read<T: DeserializeOwned>(store: &impl Store, key: &str) -> Result<Option<T>, StoreError> {
    let setting: Option<Setting> = store.get(Key::Text(key.into())).await?;
    Ok(setting.and_then(|s| from_json(&s.value)))
}

/// Stores `value` under `key`, in one transaction.
pub async fn write<T: Serialize + ?Sized>(store: &impl Store, key: &str, value: &T) -> Result<(), StoreError> {
    store.write(Batch::new().put(setting(key, value)?)).await
}

/// The setting record of `value` under `key`, for a use case that writes it with other records.
pub fn setting<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<Setting, StoreError> {
    let value = to_json(value).ok_or_else(|| StoreError::new(StoreErrorKind::Data, key))?;
    Ok(Setting { key: key.into(), value })
}
