//! Settings that hold a structured value as JSON text (see [`crate::store::json`]): reading one,
//! with `None` for a missing or damaged value so the defaults hold, and writing one.

use super::{get_revised, Context};
use crate::domain::model::Setting;
use crate::store::json::{from_json, to_json};
use crate::store::{Base, Key, Store, StoreError, StoreErrorKind};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The value stored under `key`; `None` when there is none or it is damaged.
pub async fn read<T: DeserializeOwned>(store: &impl Store, key: &str) -> Result<Option<T>, StoreError> {
    let setting: Option<Setting> = store.get(Key::Text(key.into())).await?;
    Ok(setting.and_then(|s| from_json(&s.value)))
}

/// The value stored under `key` with the base a write of it from this read expects; `None` as
/// [`read`] says.
pub async fn read_revised<T: DeserializeOwned>(store: &impl Store, key: &str) -> Result<(Option<T>, Base), StoreError> {
    let stored = get_revised::<Setting>(store, key).await?;
    let base = stored.as_ref().map_or(Base::New, |s| s.base());
    Ok((stored.and_then(|s| from_json(&s.record.value)), base))
}

/// Stores `value` under `key`, in one transaction.
pub async fn write<T: Serialize + ?Sized>(
    store: &impl Store,
    ctx: &mut Context,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    store.write(ctx.batch().put(setting(key, value)?)).await
}

/// The setting record of `value` under `key`, for a use case that writes it with other records.
pub fn setting<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<Setting, StoreError> {
    let value = to_json(value).ok_or_else(|| StoreError::new(StoreErrorKind::Data, key))?;
    Ok(Setting { key: key.into(), value })
}
