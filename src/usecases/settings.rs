//! Settings that hold a structured value as JSON text (see [`crate::store::json`]): reading one,
//! with `None` for a missing or damaged value so the defaults hold, and the record of one. A
//! settings form opens one with its revision and saves from it, merging the structured values
//! field by field with what another tab stored meanwhile.

use super::{get_revised, rebase, retrying, Context, Saved};
use crate::domain::merge::Mergeable;
use crate::domain::model::Setting;
use crate::store::json::{from_json, to_json};
use crate::store::{Base, Batch, Key, Revised, Store, StoreError, StoreErrorKind};
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

/// The setting record of `value` under `key`, for a use case that writes it with other records.
pub fn setting<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<Setting, StoreError> {
    let value = to_json(value).ok_or_else(|| StoreError::new(StoreErrorKind::Data, key))?;
    Ok(Setting { key: key.into(), value })
}

/// The value stored under `key` with its setting's revision, as a form opens it: the defaults
/// when none is stored (revision `None`) or it is damaged.
pub async fn open<T: DeserializeOwned + Default>(store: &impl Store, key: &str) -> Result<Revised<T>, StoreError> {
    Ok(opened(get_revised::<Setting>(store, key).await?))
}

fn opened<T: DeserializeOwned + Default>(stored: Option<Revised<Setting>>) -> Revised<T> {
    match stored {
        Some(stored) => {
            Revised { record: from_json(&stored.record.value).unwrap_or_default(), revision: stored.revision }
        }
        None => Revised { record: T::default(), revision: None },
    }
}

/// Saves `mine`, a form's value of setting `key` built over `opened`, from the revision the form
/// opened: as it is when the setting did not change since, merged with the change when it touched
/// other fields (`merged_with` names it), or handed back as [`Saved::Clashed`] with nothing
/// written when it touched the same ones. Tried again when another write lands in between.
pub async fn save_opened<T: Mergeable + Serialize + DeserializeOwned + Default>(
    store: &impl Store,
    ctx: &mut Context,
    key: &str,
    opened: &Revised<T>,
    mine: &T,
) -> Result<Saved<T>, StoreError> {
    save_opened_with(store, ctx, key, opened, mine, |ctx, _| ctx.batch()).await
}

/// [`save_opened`] in one transaction with the records `with` adds for the value written (a
/// snapshot of what the value gives): `with` returns the write without the setting.
pub async fn save_opened_with<T: Mergeable + Serialize + DeserializeOwned + Default>(
    store: &impl Store,
    ctx: &mut Context,
    key: &str,
    opened: &Revised<T>,
    mine: &T,
    mut with: impl FnMut(&mut Context, &T) -> Batch,
) -> Result<Saved<T>, StoreError> {
    retrying(async || {
        let stored = get_revised::<Setting>(store, key).await?;
        let base = stored.as_ref().map_or(Base::New, Revised::base);
        let stored: Revised<T> = self::opened(stored);
        let (record, merged_with) = match rebase(opened, mine.clone(), &stored) {
            Ok(rebased) => rebased,
            Err(clashed) => return Ok(Saved::Clashed(Box::new(clashed))),
        };
        store.write(with(ctx, &record).update(setting(key, &record)?, base)).await?;
        Ok(Saved::Stored { record, merged_with })
    })
    .await
}
