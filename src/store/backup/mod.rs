//! Backup and restore of a whole workspace as one versioned JSON file, optionally gzipped.
//!
//! ```text
//! {"format":"kehu-backup","format_version":1,"schema_version":1,"workspace":"kehu-mine","created_ms":1700000000000,
//! "stores":{
//! "users":[
//! {"id":1,"name":"李娜",…},
//! {"id":2,…}
//! ],
//! "customers":[],
//! …
//! }}
//! ```
//!
//! Every object store of [`Entity::ALL`] appears, in schema order, its records in key order, one
//! record a line, each serialised with the same serde representation the store keeps. The caller
//! passes the workspace name and the time, so the same data gives the same bytes: backup →
//! restore → backup is byte-identical (the conformance suite checks it on both stores).
//!
//! Reading validates everything before anything is stored ([`parse_backup`]): JSON syntax (with
//! the line and column of a problem; a cut-off file reads as [`BackupError::Truncated`]), the
//! header, every store name, every record against its kind, and duplicate keys and unique index
//! values. [`restore`] then replaces the workspace in one transaction ([`Store::replace_all`]), so
//! a failure — a full disk, say — leaves what was stored untouched.
//!
//! Older backups: schema steps only add (stores, indexes, fields), and every model struct is
//! `#[serde(default)]`, so a record written by an older build reads with defaults for the fields
//! it lacks, and a store a later step added may be missing. Should a step ever need to transform
//! records, that transformation belongs after parsing here, keyed on `Backup::schema_version`.
//!
//! How records become text, and why it differs by target: the browser build writes each record
//! with serde-wasm-bindgen (`json_compatible`) and the engine's `JSON.stringify`, and reads it
//! with `JSON.parse` and serde-wasm-bindgen — the serde code the IndexedDB store already
//! instantiates for every record kind, so backups add no per-kind serde code to the wasm (a
//! hand-written `serde::Serializer`/`Deserializer` pair, tried first, cost 70 KB gzipped).
//! Native builds (the in-memory store, tests) use serde_json. Both write the same bytes for
//! every record kind — compact, fields in declaration order, `None` as `null`, integers as
//! digits, the same string escapes — which the conformance case
//! `a_backup_file_is_the_same_on_every_store` checks against one fixture on both targets. They
//! would differ on floats (`1` against `1.0`) and on some maps (JavaScript orders integer-like
//! keys first; a `HashMap` has no order at all), which no record has: a model change that adds
//! one must sort that out, and the fixture test will say so. The file's
//! frame — header, store names, layout — and the first reading pass (JSON syntax with positions,
//! header, where each record starts and ends) are plain code here, identical everywhere; no
//! value tree is built, so a large backup is not held twice in memory.

use super::record::{AnyRecord, Entity, Key};
use super::schema::{self, Step};
use super::{EntityCounts, Reads, Stamp, Store, StoreError, StoreErrorKind};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::{self, Write as _};
use std::io::{Read as _, Write as _};

mod codec;
mod format;
mod json;
#[cfg(test)]
mod tests;

use format::*;
pub use format::{Backup, BackupError, Compression, TextPosition, FORMAT, FORMAT_VERSION};
use json::*;

/// Reads every record of the workspace in one transaction: a consistent snapshot.
pub async fn read<S: Store>(store: &S, workspace: &str, created_ms: i64) -> Result<Backup, StoreError> {
    let mut reads = Reads::new();
    for entity in Entity::ALL {
        reads.all_of(*entity);
    }
    let found = store.read_many(&reads).await?;
    Ok(Backup::new(workspace, created_ms, found.into_records()))
}

/// The backup file of the workspace: [`read`] then [`Backup::encode`].
pub async fn export<S: Store>(
    store: &S,
    workspace: &str,
    created_ms: i64,
    compression: Compression,
) -> Result<Vec<u8>, StoreError> {
    read(store, workspace, created_ms).await?.encode(compression)
}

/// Replaces everything in the workspace with the backup's records, in one transaction, each at a
/// first revision of `stamp` (a backup from before revisions existed gets them this way too): on
/// error the workspace holds what it held before.
pub async fn restore<S: Store>(store: &S, stamp: Stamp, backup: Backup) -> Result<(), StoreError> {
    store.replace_all(stamp, backup.into_records()).await
}

/// Whether `bytes` start like a gzip file.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// Reads and validates a backup file, plain or gzipped (recognised by its magic bytes).
pub fn parse_backup(bytes: &[u8]) -> Result<Backup, BackupError> {
    parse_with(bytes, schema::STEPS, schema::RETIRED)
}

/// [`parse_backup`] against a given schema, so tests can exercise later steps and retired stores.
pub(super) fn parse_with(bytes: &[u8], steps: &[Step], retired: &[&str]) -> Result<Backup, BackupError> {
    let unpacked;
    let bytes = if is_gzip(bytes) {
        // Grown as it fills: a damaged header's size field is no basis for a reservation.
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| BackupError::Gzip { detail: e.to_string() })?;
        unpacked = out;
        unpacked.as_slice()
    } else {
        bytes
    };
    let start = if bytes.starts_with(BOM.as_bytes()) { BOM.len() } else { 0 };
    // Anything that does not open with an object is some other file, not a damaged backup.
    match bytes[start..].iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err(BackupError::Truncated { at: position(bytes, start, bytes.len()) }),
        Some(b'{') => {}
        Some(_) => return Err(BackupError::NotABackup),
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            return Err(BackupError::Truncated { at: position(bytes, start, bytes.len()) })
        }
        Err(e) => {
            let at = position(bytes, start, e.valid_up_to());
            return Err(BackupError::Syntax { at, detail: "invalid UTF-8" });
        }
    };
    let outline = Reader { text, pos: start, depth: 0 }.outline().map_err(|e| e.in_text(text, start))?;

    if outline.format.as_ref().and_then(|f| f.as_ref().ok()).map(|f| f.as_ref()) != Some(FORMAT) {
        return Err(BackupError::NotABackup);
    }
    let format_version = outline.format_version.and_then(|v| v.ok()).and_then(Number::as_u64);
    match format_version {
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(BackupError::FormatTooNew { found: saturate(v), supported: FORMAT_VERSION })
        }
        Some(1..) => {}
        _ => return Err(BackupError::BadHeader { field: "format_version" }),
    }
    let supported = steps.last().map_or(0, |s| s.version);
    let schema_version = match outline.schema_version.and_then(|v| v.ok()).and_then(Number::as_u64) {
        Some(v) if v > u64::from(supported) => return Err(BackupError::TooNew { found: saturate(v), supported }),
        Some(v @ 1..) => saturate(v),
        _ => return Err(BackupError::BadHeader { field: "schema_version" }),
    };
    let Some(Ok(workspace)) = outline.workspace else {
        return Err(BackupError::BadHeader { field: "workspace" });
    };
    let Some(created_ms) = outline.created_ms.and_then(|v| v.ok()).and_then(Number::as_i64) else {
        return Err(BackupError::BadHeader { field: "created_ms" });
    };
    let Some(Ok(stores)) = outline.stores else {
        return Err(BackupError::BadHeader { field: "stores" });
    };

    let mut found: Vec<(Entity, Vec<Span>)> = Vec::with_capacity(stores.len());
    for (name, spans) in stores {
        let entity = Entity::ALL.iter().copied().find(|e| e.store_name() == name);
        if entity.is_none() && !retired.contains(&name.as_ref()) {
            return Err(BackupError::UnknownStore { store: name.into_owned() });
        }
        let repeated = found.iter().any(|(e, _)| e.store_name() == name);
        let Some(spans) = spans.filter(|_| !repeated) else {
            return Err(BackupError::BadStore { store: name.into_owned() });
        };
        // A retired store's records belong to no current kind: they are dropped.
        if let Some(entity) = entity {
            found.push((entity, spans));
        }
    }
    for entity in Entity::ALL {
        let added_in = steps.iter().find(|s| s.stores.iter().any(|st| st.name == entity.store_name()));
        let required = added_in.is_some_and(|step| step.version <= schema_version);
        if required && !found.iter().any(|(e, _)| e == entity) {
            return Err(BackupError::MissingStore { store: entity.store_name() });
        }
    }

    let mut records = Vec::with_capacity(found.iter().map(|(_, s)| s.len()).sum());
    for (entity, spans) in found {
        let store = entity.store_name();
        let first = records.len();
        let mut keys = BTreeSet::new();
        for (record, (start, end)) in spans.into_iter().enumerate() {
            let value = codec::read(entity, &text[start..end]).map_err(|detail| BackupError::BadRecord {
                store,
                record,
                detail,
            })?;
            let key = value.key();
            if keys.contains(&key) {
                return Err(BackupError::DuplicateKey { store, record, key });
            }
            keys.insert(key);
            records.push(value);
        }
        let unique = steps.iter().flat_map(|s| s.stores).filter(|s| s.name == store).flat_map(|s| s.indexes);
        for index in unique.filter(|i| i.unique) {
            let mut seen = BTreeSet::new();
            for (record, value) in records[first..].iter().enumerate() {
                if let Some(value) = value.index_key(index.name) {
                    if seen.contains(&value) {
                        return Err(BackupError::DuplicateIndexValue { store, index: index.name, record, value });
                    }
                    seen.insert(value);
                }
            }
        }
    }
    let mut backup = Backup::new(workspace.into_owned(), created_ms, records);
    backup.schema_version = schema_version;
    Ok(backup)
}

pub(super) fn saturate(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
