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
use super::{EntityCounts, Reads, Store, StoreError, StoreErrorKind};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::{self, Write as _};
use std::io::{Read as _, Write as _};

/// The `format` tag of every backup file.
pub const FORMAT: &str = "kehu-backup";
/// The layout of the file this build writes and reads (independent of the schema version).
pub const FORMAT_VERSION: u32 = 1;
/// How deeply arrays and objects may nest: a backup needs six levels.
const MAX_DEPTH: usize = 64;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const BOM: &str = "\u{feff}";

/// A workspace's records with the facts the file header carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    /// The workspace it was made from, as the caller named it.
    pub workspace: String,
    /// When it was made, in milliseconds since the Unix epoch, as the caller said.
    pub created_ms: i64,
    /// The schema version of the file it was read from (older for a backup made by an older
    /// build); [`schema::VERSION`] for one made here. Its records are always in the current
    /// shape, so [`Backup::to_json`] writes [`schema::VERSION`].
    pub schema_version: u32,
    /// Sorted by kind (schema order), then key; at most one record per kind and key.
    records: Vec<AnyRecord>,
}

/// Whether [`Backup::encode`] compresses the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Plain JSON (`.json`).
    None,
    /// Gzip-compressed JSON (`.json.gz`): typically a tenth of the size.
    Gzip,
}

/// A place in the (decompressed) backup text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPosition {
    /// Bytes from the start of the text.
    pub offset: usize,
    /// From 1.
    pub line: usize,
    /// Characters from the start of the line, from 1.
    pub column: usize,
}

/// Why a file cannot be restored. Nothing stored is touched when reading fails.
#[derive(Clone, Debug, PartialEq)]
pub enum BackupError {
    /// The file ends before the backup does: cut off while saving or copying (or empty).
    Truncated { at: TextPosition },
    /// The JSON is malformed at `at`; `detail` says what was expected (English, for logs).
    Syntax { at: TextPosition, detail: &'static str },
    /// The file starts like gzip but does not decompress: damaged or cut off.
    Gzip { detail: String },
    /// Not a Kehu backup: another JSON document, or not JSON at all.
    NotABackup,
    /// A newer layout of the backup file than this build reads.
    FormatTooNew { found: u32, supported: u32 },
    /// Made by a newer build: its schema is newer than this build's (update the app first).
    TooNew { found: u32, supported: u32 },
    /// A header field (`format_version`, `schema_version`, `workspace`, `created_ms`,
    /// `stores`) is missing, repeated or of the wrong type.
    BadHeader { field: &'static str },
    /// A store Kehu never had.
    UnknownStore { store: String },
    /// A store the backup's schema version has is missing from it.
    MissingStore { store: &'static str },
    /// A store that is not a list of records, or appears twice.
    BadStore { store: String },
    /// Record number `record` (from 0) of `store` does not read as a record of that store;
    /// `detail` is serde's explanation (English, for logs).
    BadRecord { store: &'static str, record: usize, detail: String },
    /// Record number `record` of `store` has the key of an earlier one.
    DuplicateKey { store: &'static str, record: usize, key: Key },
    /// Record number `record` of `store` repeats an earlier record's value of a unique index.
    DuplicateIndexValue { store: &'static str, index: &'static str, record: usize, value: Key },
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl std::error::Error for BackupError {}

impl Backup {
    /// A backup of `records` (in any order; of records with the same kind and key, the last).
    pub fn new(workspace: impl Into<String>, created_ms: i64, mut records: Vec<AnyRecord>) -> Backup {
        // Stable, so equal keys keep their order and the last of each run is the last given.
        records.sort_by_cached_key(|r| (r.entity(), r.key()));
        let mut unique: Vec<AnyRecord> = Vec::with_capacity(records.len());
        for record in records {
            match unique.last_mut() {
                Some(last) if last.entity() == record.entity() && last.key() == record.key() => *last = record,
                _ => unique.push(record),
            }
        }
        Backup { workspace: workspace.into(), created_ms, schema_version: schema::VERSION, records: unique }
    }

    /// Every record, by kind in schema order, then by key.
    pub fn records(&self) -> &[AnyRecord] {
        &self.records
    }

    pub fn into_records(self) -> Vec<AnyRecord> {
        self.records
    }

    /// How many records of each kind the backup holds (to show before restoring).
    pub fn counts(&self) -> EntityCounts {
        EntityCounts(
            Entity::ALL.iter().map(|e| (*e, self.records.iter().filter(|r| r.entity() == *e).count() as u32)).collect(),
        )
    }

    /// The backup file's text. Fails (as [`StoreErrorKind::Data`]) only for a record JSON cannot
    /// hold: an id beyond 2⁵³ in the browser, say, which IndexedDB could not have stored either.
    pub fn to_json(&self) -> Result<String, StoreError> {
        let mut out = String::with_capacity(64 + self.records.len() * 320);
        out.push_str("{\"format\":");
        json_string(&mut out, FORMAT);
        let _ =
            write!(out, ",\"format_version\":{FORMAT_VERSION},\"schema_version\":{},\"workspace\":", schema::VERSION);
        json_string(&mut out, &self.workspace);
        let _ = write!(out, ",\"created_ms\":{},\n\"stores\":{{", self.created_ms);
        let mut rest = self.records.as_slice();
        for (i, entity) in Entity::ALL.iter().enumerate() {
            let count = rest.iter().take_while(|r| r.entity() == *entity).count();
            let (these, others) = rest.split_at(count);
            rest = others;
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            json_string(&mut out, entity.store_name());
            out.push_str(":[");
            for (j, record) in these.iter().enumerate() {
                out.push_str(if j == 0 { "\n" } else { ",\n" });
                codec::write(record, &mut out)
                    .map_err(|e| StoreError::new(StoreErrorKind::Data, e).in_store(entity.store_name()))?;
            }
            if !these.is_empty() {
                out.push('\n');
            }
            out.push(']');
        }
        out.push_str("\n}}\n");
        Ok(out)
    }

    /// The backup file's bytes, compressed or not.
    pub fn encode(&self, compression: Compression) -> Result<Vec<u8>, StoreError> {
        let json = self.to_json()?.into_bytes();
        match compression {
            Compression::None => Ok(json),
            Compression::Gzip => {
                // mtime 0 and OS 255 (flate2's defaults): the same JSON always gives the same bytes.
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::with_capacity(json.len() / 8), flate2::Compression::default());
                encoder
                    .write_all(&json)
                    .and_then(|()| encoder.finish())
                    .map_err(|e| StoreError::new(StoreErrorKind::Other, e.to_string()))
            }
        }
    }
}

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

/// Replaces everything in the workspace with the backup's records, in one transaction: on error
/// the workspace holds what it held before.
pub async fn restore<S: Store>(store: &S, backup: Backup) -> Result<(), StoreError> {
    store.replace_all(backup.into_records()).await
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
fn parse_with(bytes: &[u8], steps: &[Step], retired: &[&str]) -> Result<Backup, BackupError> {
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

fn saturate(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Line and column of byte `offset`, not counting a byte-order mark ending at `start`.
fn position(bytes: &[u8], start: usize, offset: usize) -> TextPosition {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(start, |i| i + 1).max(start).min(before.len());
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    // Count characters, not bytes: every byte but a UTF-8 continuation byte starts one.
    let column = 1 + before[line_start..].iter().filter(|b| (**b & 0xc0) != 0x80).count();
    TextPosition { offset, line, column }
}

/// `text` as a JSON string: quotes, backslashes and control characters escaped, as serde_json
/// and `JSON.stringify` escape them; everything else as UTF-8.
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    let mut run = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&text[run..]);
    out.push('"');
}

/// One record as JSON text and back (see the module documentation for why per target).
#[cfg(target_arch = "wasm32")]
mod codec {
    use super::{AnyRecord, Entity};
    use serde::Serialize;

    pub fn write(record: &AnyRecord, out: &mut String) -> Result<(), String> {
        let value = record.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| e.to_string())?;
        let text = js_sys::JSON::stringify(&value).map_err(|e| format!("{e:?}"))?;
        out.push_str(&String::from(text));
        Ok(())
    }

    /// `text` is one well-formed JSON value (the first pass checked it).
    pub fn read(entity: Entity, text: &str) -> Result<AnyRecord, String> {
        let value = js_sys::JSON::parse(text).map_err(|e| format!("{e:?}"))?;
        AnyRecord::deserialize_as(entity, serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| e.to_string())
    }
}

/// One record as JSON text and back (see the module documentation for why per target).
#[cfg(not(target_arch = "wasm32"))]
mod codec {
    use super::{AnyRecord, Entity};

    pub fn write(record: &AnyRecord, out: &mut String) -> Result<(), String> {
        out.push_str(&serde_json::to_string(record).map_err(|e| e.to_string())?);
        Ok(())
    }

    /// `text` is one well-formed JSON value (the first pass checked it).
    pub fn read(entity: Entity, text: &str) -> Result<AnyRecord, String> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let record = AnyRecord::deserialize_as(entity, &mut deserializer).map_err(|e| e.to_string())?;
        deserializer.end().map_err(|e| e.to_string())?;
        Ok(record)
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A cursor over the backup text, checking its JSON syntax.
struct Reader<'t> {
    text: &'t str,
    pos: usize,
    depth: usize,
}

/// Malformed JSON at byte `offset`; at the end of the text, the text was cut off.
#[derive(Debug)]
struct SyntaxError {
    offset: usize,
    detail: &'static str,
}

impl SyntaxError {
    fn in_text(self, text: &str, start: usize) -> BackupError {
        let at = position(text.as_bytes(), start, self.offset);
        if self.offset >= text.len() {
            BackupError::Truncated { at }
        } else {
            BackupError::Syntax { at, detail: self.detail }
        }
    }
}

/// A JSON number: an integer when it has neither fraction nor exponent and fits.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(v) => Some(v),
            _ => None,
        }
    }

    fn as_i64(self) -> Option<i64> {
        match self {
            Number::Unsigned(v) => i64::try_from(v).ok(),
            Number::Signed(v) => Some(v),
            Number::Float(_) => None,
        }
    }
}

/// A header field as found: absent (`None`), unusable (`Some(Err)`: wrong type or repeated), or
/// its value.
type Field<T> = Option<Result<T, ()>>;

/// Where a record's text starts and ends in the backup.
type Span = (usize, usize);

/// Each store's name with the span of each of its records (`None`: not an array).
type StoreOutline<'t> = Vec<(Cow<'t, str>, Option<Vec<Span>>)>;

/// The document's shape after the first pass: header values, and where each record starts.
#[derive(Default)]
struct Outline<'t> {
    format: Field<Cow<'t, str>>,
    format_version: Field<Number>,
    schema_version: Field<Number>,
    workspace: Field<Cow<'t, str>>,
    created_ms: Field<Number>,
    stores: Field<StoreOutline<'t>>,
}

fn note<T>(field: &mut Field<T>, value: Option<T>) {
    *field = Some(if field.is_some() { Err(()) } else { value.ok_or(()) });
}

type Syntax<T> = Result<T, SyntaxError>;

impl<'t> Reader<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn fail<T>(&self, detail: &'static str) -> Syntax<T> {
        Err(SyntaxError { offset: self.pos, detail })
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, detail: &'static str) -> Syntax<()> {
        self.skip_whitespace();
        if self.peek() != Some(byte) {
            return self.fail(detail);
        }
        self.pos += 1;
        Ok(())
    }

    /// Moves into the array or object opening here.
    fn enter(&mut self) -> Syntax<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.pos += 1;
        Ok(())
    }

    /// Moves to the next item of the array or object `enter` opened, past the comma before it;
    /// `false`, and out of it, at its closing `close`.
    fn next_item(&mut self, first: bool, close: u8) -> Syntax<bool> {
        self.skip_whitespace();
        if self.peek() == Some(close) {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        if !first {
            self.expect(b',', if close == b']' { "expected ',' or ']'" } else { "expected ',' or '}'" })?;
        }
        Ok(true)
    }

    fn literal(&mut self, word: &'static str) -> Syntax<()> {
        let rest = &self.text.as_bytes()[self.pos..];
        let same = rest.iter().zip(word.as_bytes()).take_while(|(a, b)| a == b).count();
        self.pos += same;
        if same < word.len() {
            return self.fail("expected a value");
        }
        Ok(())
    }

    fn string(&mut self) -> Syntax<Cow<'t, str>> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return self.fail("expected a string");
        }
        self.pos += 1;
        let text = self.text;
        let mut owned: Option<String> = None;
        let mut run = self.pos;
        loop {
            let Some(byte) = self.peek() else {
                return self.fail("unterminated string");
            };
            match byte {
                b'"' => {
                    let tail = &text[run..self.pos];
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut owned) => {
                            owned.push_str(tail);
                            Cow::Owned(owned)
                        }
                    });
                }
                b'\\' => {
                    let owned = owned.get_or_insert_with(String::new);
                    owned.push_str(&text[run..self.pos]);
                    self.pos += 1;
                    let escaped = match self.peek() {
                        Some(b'u') => {
                            self.pos += 1;
                            self.unicode_escape()?
                        }
                        Some(letter) => {
                            let escaped = match letter {
                                b'"' => '"',
                                b'\\' => '\\',
                                b'/' => '/',
                                b'b' => '\u{8}',
                                b'f' => '\u{c}',
                                b'n' => '\n',
                                b'r' => '\r',
                                b't' => '\t',
                                _ => return self.fail("invalid escape"),
                            };
                            self.pos += 1;
                            escaped
                        }
                        None => return self.fail("unterminated string"),
                    };
                    owned.push(escaped);
                    run = self.pos;
                }
                0..=0x1f => return self.fail("control character in string"),
                _ => self.pos += 1,
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair of two escapes.
    fn unicode_escape(&mut self) -> Syntax<char> {
        let high = self.hex4()?;
        let code = match high {
            0xd800..=0xdbff => {
                let rest = &self.text.as_bytes()[self.pos..];
                if !rest.starts_with(b"\\u") {
                    if b"\\u".starts_with(rest) {
                        self.pos = self.text.len();
                        return self.fail("unterminated string");
                    }
                    return self.fail("unpaired surrogate");
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return self.fail("unpaired surrogate");
                }
                0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
            }
            0xdc00..=0xdfff => return self.fail("unpaired surrogate"),
            code => code,
        };
        char::from_u32(code).map_or_else(|| self.fail("invalid \\u escape"), Ok)
    }

    fn hex4(&mut self) -> Syntax<u32> {
        let mut value = 0;
        for _ in 0..4 {
            let Some(digit) = self.peek().and_then(|b| char::from(b).to_digit(16)) else {
                return self.fail("invalid \\u escape");
            };
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    fn digits(&mut self) -> Syntax<()> {
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return self.fail("expected a digit");
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        Ok(())
    }

    fn number(&mut self) -> Syntax<Number> {
        self.skip_whitespace();
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits()?,
            _ => return self.fail(if negative { "expected a digit" } else { "expected a value" }),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        let text = &self.text[start..self.pos];
        if integer {
            if !negative {
                if let Ok(v) = text.parse::<u64>() {
                    return Ok(Number::Unsigned(v));
                }
            } else if let Ok(v) = text.parse::<i64>() {
                // `-0` is a float's negative zero: no integer is written that way.
                return Ok(if v == 0 { Number::Float(-0.0) } else { Number::Signed(v) });
            }
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Number::Float(v)),
            _ => Err(SyntaxError { offset: start, detail: "number out of range" }),
        }
    }

    /// Checks the syntax of the next value and moves past it.
    fn skip(&mut self) -> Syntax<()> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => {
                self.enter()?;
                let mut first = true;
                while self.next_item(first, b'}')? {
                    first = false;
                    self.string()?;
                    self.expect(b':', "expected ':'")?;
                    self.skip()?;
                }
            }
            Some(b'[') => {
                self.enter()?;
                let mut first = true;
                while self.next_item(first, b']')? {
                    first = false;
                    self.skip()?;
                }
            }
            Some(b'"') => {
                self.string()?;
            }
            Some(b't') => self.literal("true")?,
            Some(b'f') => self.literal("false")?,
            Some(b'n') => self.literal("null")?,
            _ => {
                self.number()?;
            }
        }
        Ok(())
    }

    fn string_or_skip(&mut self) -> Syntax<Option<Cow<'t, str>>> {
        self.skip_whitespace();
        if self.peek() == Some(b'"') {
            return self.string().map(Some);
        }
        self.skip().map(|()| None)
    }

    fn number_or_skip(&mut self) -> Syntax<Option<Number>> {
        self.skip_whitespace();
        if let Some(b'-' | b'0'..=b'9') = self.peek() {
            return self.number().map(Some);
        }
        self.skip().map(|()| None)
    }

    /// The first pass: checks the whole document's syntax, reads the header and notes where
    /// each record starts. Unknown header fields are skipped (a later file format may add some).
    fn outline(&mut self) -> Syntax<Outline<'t>> {
        let mut outline = Outline::default();
        self.skip_whitespace();
        if self.peek() != Some(b'{') {
            return self.fail("expected '{'");
        }
        self.enter()?;
        let mut first = true;
        while self.next_item(first, b'}')? {
            first = false;
            let key = self.string()?;
            self.expect(b':', "expected ':'")?;
            match key.as_ref() {
                "format" => note(&mut outline.format, self.string_or_skip()?),
                "format_version" => note(&mut outline.format_version, self.number_or_skip()?),
                "schema_version" => note(&mut outline.schema_version, self.number_or_skip()?),
                "workspace" => note(&mut outline.workspace, self.string_or_skip()?),
                "created_ms" => note(&mut outline.created_ms, self.number_or_skip()?),
                "stores" => {
                    let stores = self.stores()?;
                    note(&mut outline.stores, stores);
                }
                _ => self.skip()?,
            }
        }
        self.skip_whitespace();
        if self.pos < self.text.len() {
            return self.fail("text after the end of the backup");
        }
        Ok(outline)
    }

    fn stores(&mut self) -> Syntax<Option<StoreOutline<'t>>> {
        self.skip_whitespace();
        if self.peek() != Some(b'{') {
            return self.skip().map(|()| None);
        }
        self.enter()?;
        let mut stores = Vec::new();
        let mut first = true;
        while self.next_item(first, b'}')? {
            first = false;
            let name = self.string()?;
            self.expect(b':', "expected ':'")?;
            self.skip_whitespace();
            if self.peek() != Some(b'[') {
                self.skip()?;
                stores.push((name, None));
                continue;
            }
            self.enter()?;
            let mut spans = Vec::new();
            let mut first_record = true;
            while self.next_item(first_record, b']')? {
                first_record = false;
                self.skip_whitespace();
                let start = self.pos;
                self.skip()?;
                spans.push((start, self.pos));
            }
            stores.push((name, Some(spans)));
        }
        Ok(Some(stores))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::{Date, Month};
    use crate::domain::grading::indicators::Ratings;
    use crate::domain::grading::settings::Grade;
    use crate::domain::grading::snapshot::{GradeSnapshot, SnapshotEntry};
    use crate::domain::model::*;
    use crate::domain::money::Cny;
    use crate::store::schema::{IndexSpec, StoreSpec};
    use crate::store::Record;

    const CREATED: i64 = 1_717_171_717_000;

    fn date(text: &str) -> Option<Date> {
        Date::parse(text).ok()
    }

    /// Text that must survive as text: quotes, backslashes, every control character, markup,
    /// formulas, CJK and a character outside the BMP.
    fn awkward(n: u32) -> String {
        let controls: String = (0u8..0x20).map(char::from).collect();
        format!("新疆天山路桥 \"{n}\" \\ / <script> =SUM(A1) {controls}\u{7f} 😀 \u{2028}")
    }

    /// A record of every kind (two customers), with every awkward value JSON can meet.
    fn sample() -> Vec<AnyRecord> {
        let customer = |id: Id| Customer {
            id,
            company: awkward(id as u32),
            province: "CN-XJ".into(),
            main_products: vec!["挖掘机".into(), String::new()],
            industry: "矿业".into(),
            custom: vec![CustomField { name: "employees".into(), value: "2822".into() }],
            credit_index: 255,
            lifecycle: Lifecycle::Lost,
            lost_kind: Some(LostKind::Competitor),
            market: Some(crate::domain::region::MarketType::Resource),
            team: AccountTeam { lead: 3, members: vec![4, 5] },
            created_at: date("1969-12-31"),
            ..Customer::default()
        };
        vec![
            // Out of order on purpose: a backup sorts by kind, then key.
            AuditEntry {
                id: (1 << 53) - 1,
                at_ms: -1,
                user: Some(3),
                target: "customers/1".into(),
                action: AuditAction::Update,
                changes: vec![FieldChange { field: "company".into(), before: "a".into(), after: awkward(0) }],
                reason: "renamed after merger".into(),
            }
            .into_any(),
            customer(20).into_any(),
            customer(3).into_any(),
            User { id: 3, name: "李娜".into(), active: true, manager: Some(1), ..User::default() }.into_any(),
            Contact { id: 2, customer_id: 3, name: "王建国".into(), primary: true, ..Contact::default() }.into_any(),
            Interaction { id: 4, customer_id: 3, follow_up: date("2026-11-25"), ..Interaction::default() }.into_any(),
            Order {
                id: 7,
                customer_id: 3,
                lines: vec![OrderLine { quantity: u32::MAX, unit_price: Cny(i64::MIN), ..OrderLine::default() }],
                claim: Some(Claim { amount: Cny(12_345), reason: "运输损坏".into(), settled: true }),
                credit_days: u16::MAX,
                ..Order::default()
            }
            .into_any(),
            Opportunity {
                id: 9,
                history: vec![StageChange { stage: FunnelStage::Won, date: date("2026-03-02") }],
                ..Opportunity::default()
            }
            .into_any(),
            Part { id: 5, number: "SY-60234-01".into(), fits_models: vec!["SY215C".into()], ..Part::default() }
                .into_any(),
            PartDemand { part_id: 5, start: Some(Month::new(2022, 1)), quantities: vec![Some(0), None, Some(3)] }
                .into_any(),
            StockLevel { id: 6, part_id: 5, location: "总库".into(), on_hand: 12 }.into_any(),
            Machine { id: 8, serial: "SY215C-2024-00001".into(), customer_id: 3, ..Machine::default() }.into_any(),
            ServiceTicket { id: 10, customer_id: 3, machine_id: Some(8), ..ServiceTicket::default() }.into_any(),
            Setting { key: "grade.thresholds".into(), value: "[80,60,40]".into() }.into_any(),
            Setting { key: "a".into(), value: String::new() }.into_any(),
            TradePartner {
                id: 12,
                name: "中国建设银行长沙分行".into(),
                kind: PartnerKind::Bank,
                reference: awkward(12),
                created_at: date("2025-03-01"),
                ..TradePartner::default()
            }
            .into_any(),
            Supplier {
                id: 11,
                name: awkward(11),
                products: vec!["液压泵".into(), "滤芯".into()],
                price_level: 3,
                quality: 5,
                notes: "交货快\n价格偏高".into(),
                ..Supplier::default()
            }
            .into_any(),
            Ratings {
                customer_id: 3,
                industry_influence: 4,
                price_sensitivity: 5,
                confirmed_grade: Some(Grade::B),
                ..Ratings::default()
            }
            .into_any(),
            GradeSnapshot {
                date: date("2025-06-30"),
                entries: vec![SnapshotEntry { customer_id: 3, score_tenths: 612, grade: Some(Grade::B) }],
            }
            .into_any(),
        ]
    }

    /// `"schema_version":N,` as this build writes it.
    fn version_field() -> String {
        format!("\"schema_version\":{},", schema::VERSION)
    }

    fn backup() -> Backup {
        Backup::new("kehu-mine", CREATED, sample())
    }

    fn json() -> String {
        backup().to_json().unwrap()
    }

    fn parse(text: &str) -> Result<Backup, BackupError> {
        parse_backup(text.as_bytes())
    }

    fn reader(text: &str) -> Reader<'_> {
        Reader { text, pos: 0, depth: 0 }
    }

    #[test]
    fn backup_then_read_then_backup_is_byte_identical() {
        let first = json();
        let read = parse(&first).unwrap();
        assert_eq!(read, backup());
        assert_eq!(read.schema_version, schema::VERSION);
        assert_eq!(read.to_json().unwrap(), first);
    }

    #[test]
    fn the_file_holds_one_record_a_line_by_store_in_schema_order_and_by_key() {
        let small = Backup::new(
            "kehu-demo",
            7,
            vec![
                Setting { key: "b".into(), value: "2".into() }.into_any(),
                Setting { key: "a".into(), value: "1".into() }.into_any(),
                StockLevel { id: 10, part_id: 2, location: "总库".into(), on_hand: 1 }.into_any(),
                StockLevel { id: 9, ..StockLevel::default() }.into_any(),
            ],
        );
        let expected = r#"{"format":"kehu-backup","format_version":1,"schema_version":3,"workspace":"kehu-demo","created_ms":7,
"stores":{
"users":[],
"customers":[],
"contacts":[],
"interactions":[],
"orders":[],
"opportunities":[],
"parts":[],
"part_demand":[],
"stock":[
{"id":9,"part_id":0,"location":"","on_hand":0},
{"id":10,"part_id":2,"location":"总库","on_hand":1}
],
"machines":[],
"service_tickets":[],
"settings":[
{"key":"a","value":"1"},
{"key":"b","value":"2"}
],
"audit_log":[],
"suppliers":[],
"trade_partners":[],
"value_ratings":[],
"grade_snapshots":[]
}}
"#;
        assert_eq!(small.to_json().unwrap(), expected);
        assert_eq!(Entity::ALL.len(), 17, "a new kind adds a store to the expected file above");
        assert_eq!(schema::VERSION, 3, "a new step changes the version in the expected file above");
    }

    /// Any JSON layout reads: indented, header fields in another order, unknown header fields.
    #[test]
    fn any_json_layout_of_a_backup_reads() {
        let mut stores = serde_json::Map::new();
        for entity in Entity::ALL {
            let records: Vec<AnyRecord> = sample().into_iter().filter(|r| r.entity() == *entity).collect();
            stores.insert(entity.store_name().into(), serde_json::to_value(&records).unwrap());
        }
        let document = serde_json::json!({
            "stores": stores,
            "created_ms": CREATED,
            "workspace": "kehu-mine",
            "schema_version": schema::VERSION,
            "format_version": 1,
            "format": "kehu-backup",
            "comment": ["later formats may add fields", {"nested": null}],
        });
        let pretty = serde_json::to_string_pretty(&document).unwrap();
        assert_eq!(parse(&pretty).unwrap(), backup());
    }

    #[test]
    fn gzip_is_recognised_by_its_magic_bytes_and_round_trips() {
        let packed = backup().encode(Compression::Gzip).unwrap();
        let plain = backup().encode(Compression::None).unwrap();
        assert!(is_gzip(&packed) && !is_gzip(&plain));
        assert!(packed.len() < plain.len());
        assert_eq!(backup().encode(Compression::Gzip).unwrap(), packed, "deterministic");
        assert_eq!(parse_backup(&packed).unwrap(), backup());
        assert_eq!(parse_backup(&packed).unwrap().to_json().unwrap().into_bytes(), plain);
    }

    #[test]
    fn damaged_gzip_is_reported_as_such() {
        let packed = backup().encode(Compression::Gzip).unwrap();
        let cut = parse_backup(&packed[..packed.len() / 2]).unwrap_err();
        assert!(matches!(cut, BackupError::Gzip { .. }), "{cut:?}");
        let mut flipped = packed.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0xff;
        assert!(matches!(parse_backup(&flipped), Err(BackupError::Gzip { .. })));
        assert!(matches!(parse_backup(&GZIP_MAGIC), Err(BackupError::Gzip { .. })));
    }

    /// A file cut anywhere — even inside a multi-byte character or an escape — is truncated,
    /// and says where it ends.
    #[test]
    fn a_backup_cut_anywhere_is_truncated() {
        let text = json();
        let bytes = text.trim_end().as_bytes();
        for cut in 0..bytes.len() {
            match parse_backup(&bytes[..cut]) {
                Err(BackupError::Truncated { at }) => assert_eq!(at.offset, cut),
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
        assert!(parse_backup(bytes).is_ok());
        let at = match parse_backup(&bytes[..bytes.len() - 3]) {
            Err(BackupError::Truncated { at }) => at,
            other => panic!("{other:?}"),
        };
        assert_eq!((at.line, at.column), (text.lines().count() - 1, 2), "just after the last ']'");
        assert!(matches!(parse(""), Err(BackupError::Truncated { .. })));
        assert!(matches!(parse(" \n"), Err(BackupError::Truncated { .. })));
    }

    #[test]
    fn syntax_errors_say_where_in_lines_and_characters() {
        let at = |text: &str| match parse(text) {
            Err(BackupError::Syntax { at, detail }) => (at.line, at.column, detail),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(at("{\"format\":\"kehu-backup\",,}"), (1, 25, "expected a string"));
        assert_eq!(at("{\"a\":1}x"), (1, 8, "text after the end of the backup"));
        assert_eq!(at("{\n\"汉字\": tru }"), (2, 10, "expected a value"));
        assert_eq!(at("{\"a\" 1}"), (1, 6, "expected ':'"));
        assert_eq!(at("{\"a\":[1 2]}"), (1, 9, "expected ',' or ']'"));
        assert_eq!(at("{\"a\":01}"), (1, 7, "expected ',' or '}'"));
        assert_eq!(at("{\"a\":-x}"), (1, 7, "expected a digit"));
        assert_eq!(at("{\"a\":1.e5}"), (1, 8, "expected a digit"));
        assert_eq!(at("{\"a\":1e999}"), (1, 6, "number out of range"));
        assert_eq!(at("{\"a\":\"x\ty\"}"), (1, 8, "control character in string"));
        assert_eq!(at("{\"a\":\"\\x\"}"), (1, 8, "invalid escape"));
        assert_eq!(at("{\"a\":\"\\u12g4\"}"), (1, 11, "invalid \\u escape"));
        assert_eq!(at("{\"a\":\"\\ud83d\"}"), (1, 13, "unpaired surrogate"));
        assert_eq!(at("{\"a\":\"\\ude00\"}"), (1, 13, "unpaired surrogate"));
        assert_eq!(at("{\"a\":\"\\ud83d\\u0041\"}"), (1, 19, "unpaired surrogate"));
        assert_eq!(at(&format!("{{\"a\":{}1{}}}", "[".repeat(70), "]".repeat(70))), (1, 69, "nested too deeply"));
        let mut bytes = b"{\"a\":\"".to_vec();
        bytes.extend([0xff, b'"', b'}']);
        match parse_backup(&bytes) {
            Err(BackupError::Syntax { at, detail: "invalid UTF-8" }) => assert_eq!(at.offset, 6),
            other => panic!("{other:?}"),
        }
        // A byte-order mark is skipped and not counted as a column.
        let mut bom = BOM.as_bytes().to_vec();
        bom.extend(b"{,}");
        match parse_backup(&bom) {
            Err(BackupError::Syntax { at, .. }) => assert_eq!((at.offset, at.line, at.column), (4, 1, 2)),
            other => panic!("{other:?}"),
        }
        let mut with_bom = BOM.as_bytes().to_vec();
        with_bom.extend(json().bytes());
        assert_eq!(parse_backup(&with_bom).unwrap(), backup());
    }

    #[test]
    fn other_files_are_not_backups() {
        for text in [
            "[1,2]",
            "\"kehu-backup\"",
            "null",
            "{}",
            "{\"name\":\"kehu\",\"version\":\"0.1.0\"}",
            "{\"format\":\"kehu-export\",\"format_version\":1}",
            "{\"format\":1}",
            "id,company\n1,x\n",
            "<html></html>",
        ] {
            assert_eq!(parse(text), Err(BackupError::NotABackup), "{text}");
        }
        assert_eq!(parse_backup(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(BackupError::NotABackup));
        assert_eq!(parse_backup(b"PK\x03\x04\x14\0\x06\0"), Err(BackupError::NotABackup));
    }

    #[test]
    fn backups_from_a_newer_build_are_refused_with_both_versions() {
        let newer = json().replacen(&version_field(), &format!("\"schema_version\":{},", schema::VERSION + 1), 1);
        assert_eq!(parse(&newer), Err(BackupError::TooNew { found: schema::VERSION + 1, supported: schema::VERSION }));
        let huge = json().replacen(&version_field(), "\"schema_version\":99999999999,", 1);
        assert_eq!(parse(&huge), Err(BackupError::TooNew { found: u32::MAX, supported: schema::VERSION }));
        let format = json().replacen("\"format_version\":1,", "\"format_version\":2,", 1);
        assert_eq!(parse(&format), Err(BackupError::FormatTooNew { found: 2, supported: FORMAT_VERSION }));
    }

    #[test]
    fn header_fields_must_be_there_once_with_their_types() {
        let text = json();
        let current = version_field();
        let twice = current.repeat(2);
        for (from, to, field) in [
            ("\"format_version\":1,", "", "format_version"),
            ("\"format_version\":1,", "\"format_version\":0,", "format_version"),
            ("\"format_version\":1,", "\"format_version\":\"1\",", "format_version"),
            (current.as_str(), "", "schema_version"),
            (current.as_str(), "\"schema_version\":0,", "schema_version"),
            (current.as_str(), "\"schema_version\":1.0,", "schema_version"),
            (current.as_str(), "\"schema_version\":-1,", "schema_version"),
            (current.as_str(), twice.as_str(), "schema_version"),
            ("\"workspace\":\"kehu-mine\",", "", "workspace"),
            ("\"workspace\":\"kehu-mine\",", "\"workspace\":null,", "workspace"),
            ("\"created_ms\":1717171717000,", "", "created_ms"),
            ("\"created_ms\":1717171717000,", "\"created_ms\":1.5,", "created_ms"),
            ("\"created_ms\":1717171717000,", "\"created_ms\":9223372036854775808,", "created_ms"),
            ("\"stores\":{", "\"stores\":[],\"x\":{", "stores"),
        ] {
            assert!(text.contains(from), "{from}");
            assert_eq!(parse(&text.replacen(from, to, 1)), Err(BackupError::BadHeader { field }), "{from} → {to}");
        }
        let no_stores = "{\"format\":\"kehu-backup\",\"format_version\":1,\"schema_version\":1,\"workspace\":\"\",\"created_ms\":-5}";
        assert_eq!(parse(no_stores), Err(BackupError::BadHeader { field: "stores" }));
        // Header fields in another order, and unknown ones, are fine.
        let moved = text.replacen("\"format\":\"kehu-backup\",", "\"app\":{\"version\":[0,1]},", 1).replacen(
            "\n}}\n",
            "\n},\"format\":\"kehu-backup\"}",
            1,
        );
        assert_eq!(parse(&moved).unwrap(), backup());
        let negative = text.replacen("\"created_ms\":1717171717000,", "\"created_ms\":-5,", 1);
        assert_eq!(parse(&negative).unwrap().created_ms, -5);
    }

    #[test]
    fn stores_must_be_known_lists_each_once_and_all_there() {
        let text = Backup::new("kehu-mine", 0, Vec::new()).to_json().unwrap();
        assert!(parse(&text).is_ok());
        let unknown = text.replacen("\"users\":[", "\"quotes\":[],\n\"users\":[", 1);
        assert_eq!(parse(&unknown), Err(BackupError::UnknownStore { store: "quotes".into() }));
        let ledger = text.replacen("\"users\":[", "\"schema_ledger\":[],\n\"users\":[", 1);
        assert_eq!(parse(&ledger), Err(BackupError::UnknownStore { store: "schema_ledger".into() }));
        let twice = text.replacen("\"users\":[", "\"stock\":[],\n\"users\":[", 1);
        assert_eq!(parse(&twice), Err(BackupError::BadStore { store: "stock".into() }));
        let not_a_list = text.replacen("\"orders\":[]", "\"orders\":{}", 1);
        assert_eq!(parse(&not_a_list), Err(BackupError::BadStore { store: "orders".into() }));
        let missing = text.replacen("\"orders\":[],\n", "", 1);
        assert_eq!(parse(&missing), Err(BackupError::MissingStore { store: "orders" }));
        // A schema-2 backup must have the stores step 2 added; a schema-1 backup need not.
        let no_suppliers = text.replacen("\"suppliers\":[],\n", "", 1);
        assert_eq!(parse(&no_suppliers), Err(BackupError::MissingStore { store: "suppliers" }));
        let v1 = no_suppliers.replacen(&version_field(), "\"schema_version\":1,", 1).replacen(
            ",\n\"trade_partners\":[]",
            "",
            1,
        );
        assert_eq!(parse(&v1).map(|b| (b.schema_version, b.counts().total())), Ok((1, 0)));
    }

    #[test]
    fn a_record_that_does_not_read_names_its_store_and_position() {
        let text = json();
        let bad = |from: &str, to: &str| {
            assert!(text.contains(from), "{from}");
            parse(&text.replacen(from, to, 1)).unwrap_err()
        };
        // Records are one a line: change the second customer's only.
        let second = text.lines().find(|l| l.starts_with("{\"id\":20,")).unwrap();
        match bad(second, &second.replacen("\"credit_index\":255", "\"credit_index\":256", 1)) {
            BackupError::BadRecord { store: "customers", record: 1, detail } => {
                assert!(detail.contains("256"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
        match bad("\"lifecycle\":\"lost\"", "\"lifecycle\":\"zombie\"") {
            BackupError::BadRecord { store: "customers", record: 0, detail } => {
                assert!(detail.contains("zombie"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
        match bad("{\"key\":\"a\",\"value\":\"\"}", "[\"a\",\"b\",\"c\"]") {
            BackupError::BadRecord { store: "settings", record: 0, .. } => {}
            other => panic!("{other:?}"),
        }
        match bad("{\"key\":\"a\",\"value\":\"\"}", "42") {
            BackupError::BadRecord { store: "settings", record: 0, .. } => {}
            other => panic!("{other:?}"),
        }
        match bad("\"created_at\":\"1969-12-31\"", "\"created_at\":\"2023-02-29\"") {
            BackupError::BadRecord { store: "customers", record: 0, .. } => {}
            other => panic!("{other:?}"),
        }
        match bad("\"on_hand\":12", "\"on_hand\":-12") {
            BackupError::BadRecord { store: "stock", record: 0, .. } => {}
            other => panic!("{other:?}"),
        }
        // A field no build knows is ignored, as IndexedDB keeps it: it may come from a newer
        // build of the same schema version.
        let extra = text.replacen("\"on_hand\":12", "\"on_hand\":12,\"bin\":{\"row\":[1,\"a\"]}", 1);
        assert_eq!(parse(&extra).unwrap(), backup());
    }

    #[test]
    fn duplicate_keys_and_unique_index_values_are_refused() {
        let text = json();
        let setting = "{\"key\":\"a\",\"value\":\"\"}";
        let twice = text.replacen(setting, &format!("{setting},\n{setting}"), 1);
        assert_eq!(parse(&twice), Err(BackupError::DuplicateKey { store: "settings", record: 1, key: Key::from("a") }));
        let part = "{\"id\":5,\"number\":\"SY-60234-01\"";
        let clash = text.replacen(part, &format!("{{\"id\":6,\"number\":\"SY-60234-01\"}},\n{part}"), 1);
        assert_eq!(
            parse(&clash),
            Err(BackupError::DuplicateIndexValue {
                store: "parts",
                index: "number",
                record: 1,
                value: Key::from("SY-60234-01")
            })
        );
    }

    #[test]
    fn an_old_backup_reads_with_defaults_for_newer_fields() {
        let old = include_bytes!("../../tests/fixtures/backup/v1-before-custom-fields.json");
        let backup = parse_backup(old).unwrap();
        assert_eq!(
            (backup.workspace.as_str(), backup.created_ms, backup.schema_version),
            ("kehu-mine", 1_717_171_717_000, 1)
        );
        let records = backup.records();
        let customer = records.iter().find_map(Customer::from_any).unwrap();
        assert_eq!(customer.company, "新疆天山路桥工程有限公司");
        assert_eq!(customer.market, Some(crate::domain::region::MarketType::Resource));
        assert_eq!((customer.industry.as_str(), customer.parent_company.as_str()), ("", ""));
        assert!(customer.custom.is_empty());
        let user = records.iter().find_map(User::from_any).unwrap();
        assert_eq!((user.id, user.manager, user.office.as_str()), (3, None, ""));
        let audit = records.iter().find_map(AuditEntry::from_any).unwrap();
        assert_eq!((audit.at_ms, audit.reason.as_str()), (1_700_000_000_123, ""));
        assert_eq!(backup.counts().total(), 5);
        assert_eq!((backup.counts().get(Entity::Supplier), backup.counts().get(Entity::TradePartner)), (0, 0));
        // Written again, it is a current backup.
        assert!(backup.to_json().unwrap().contains("\"industry\":\"\""));
    }

    #[test]
    fn a_backup_with_suppliers_and_trade_partners_round_trips() {
        let text = json();
        assert!(text.contains("\n\"suppliers\":[\n{\"id\":11,"), "suppliers are a store of the file");
        let read = parse(&text).unwrap();
        let supplier = read.records().iter().find_map(Supplier::from_any).unwrap();
        assert_eq!((supplier.name.clone(), supplier.products.len(), supplier.quality), (awkward(11), 2, 5));
        let partner = read.records().iter().find_map(TradePartner::from_any).unwrap();
        assert_eq!((partner.kind, partner.reference.clone()), (PartnerKind::Bank, awkward(12)));
        assert_eq!((read.counts().get(Entity::Supplier), read.counts().get(Entity::TradePartner)), (1, 1));
        assert_eq!(read.to_json().unwrap(), text);
        // A supplier written before a field existed reads with its default.
        let older = text.replacen(",\"quality\":5", "", 1);
        let older = parse(&older).unwrap();
        assert_eq!(older.records().iter().find_map(Supplier::from_any).map(|s| s.quality), Some(0));
        let bad = text.replacen("\"kind\":\"bank\"", "\"kind\":\"casino\"", 1);
        assert!(matches!(parse(&bad), Err(BackupError::BadRecord { store: "trade_partners", record: 0, .. })));
    }

    /// A schema two steps long, as a later build would have: `audit_log` and its unique index
    /// added by step 2, and a retired store.
    static LATER: &[Step] = &[
        Step { version: 1, stores: &[] },
        Step {
            version: 2,
            stores: &[StoreSpec {
                name: "audit_log",
                key_path: "id",
                indexes: &[IndexSpec { name: "target", key_path: "target", unique: true }],
            }],
        },
        Step { version: 3, stores: &[] },
    ];

    #[test]
    fn a_store_a_later_step_added_may_be_missing_from_an_older_backup() {
        let without = json().replacen(&version_field(), "\"schema_version\":1,", 1).replacen(
            "\"audit_log\":[",
            "\"old_quotes\":[",
            1,
        );
        let with_steps = |text: &str| parse_with(text.as_bytes(), LATER, &["old_quotes"]);
        let read = with_steps(&without).unwrap();
        assert_eq!(read.schema_version, 1);
        assert_eq!(read.counts().get(Entity::Audit), 0, "the retired store's records are dropped");
        assert_eq!(read.counts().total(), backup().counts().total() - 1);
        let at_two = without.replacen("\"schema_version\":1,", "\"schema_version\":2,", 1);
        assert_eq!(with_steps(&at_two), Err(BackupError::MissingStore { store: "audit_log" }));
        let four = without.replacen("\"schema_version\":1,", "\"schema_version\":4,", 1);
        assert_eq!(with_steps(&four), Err(BackupError::TooNew { found: 4, supported: 3 }));
        // Unique indexes are checked as the schema defines them.
        let entry = |id| format!("{{\"id\":{id},\"target\":\"customers/1\"}}");
        let clash = json().replacen("\"audit_log\":[", &format!("\"audit_log\":[\n{},\n{},", entry(1), entry(2)), 1);
        assert_eq!(
            with_steps(&clash),
            Err(BackupError::DuplicateIndexValue {
                store: "audit_log",
                index: "target",
                record: 1,
                value: Key::from("customers/1")
            })
        );
        assert_eq!(parse(&without), Err(BackupError::UnknownStore { store: "old_quotes".into() }));
    }

    /// The frame's strings (the workspace name) are escaped as the records' are.
    #[test]
    fn strings_escape_as_serde_json_does_and_read_back() {
        let all: String = (0u32..0x300).filter_map(char::from_u32).chain(['😀', '\u{2028}', '\u{ffff}']).collect();
        let mut written = String::new();
        json_string(&mut written, &all);
        assert_eq!(written, serde_json::to_string(&all).unwrap());
        assert_eq!(reader(&written).string().unwrap(), all);
        let escapes = r#""\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\\u4E2D""#;
        assert_eq!(reader(escapes).string().unwrap(), "é😀/\u{8}\u{c}\n\r\t\"\\中");
        assert!(matches!(reader("\"plain\"").string().unwrap(), Cow::Borrowed("plain")));
        let named = Backup::new(all.clone(), 0, Vec::new());
        assert_eq!(parse(&named.to_json().unwrap()).unwrap().workspace, all);
    }

    #[test]
    fn numbers_are_integers_when_they_can_be() {
        let number = |text: &str| reader(text).number().unwrap();
        assert_eq!(number("18446744073709551615"), Number::Unsigned(u64::MAX));
        assert_eq!(number("-9223372036854775808"), Number::Signed(i64::MIN));
        assert_eq!(number("18446744073709551616"), Number::Float(18446744073709551616.0));
        assert_eq!(number("1.0"), Number::Float(1.0));
        assert_eq!(number("-1e3"), Number::Float(-1000.0));
        assert!(matches!(number("-0"), Number::Float(z) if z == 0.0 && z.is_sign_negative()));
        assert_eq!((Number::Unsigned(1 << 63).as_i64(), Number::Float(1.0).as_u64()), (None, None));
    }

    #[test]
    fn new_sorts_by_kind_and_key_and_keeps_the_last_of_equal_keys() {
        let backup = Backup::new(
            "w",
            0,
            vec![
                Setting { key: "x".into(), value: "old".into() }.into_any(),
                User { id: 2, ..User::default() }.into_any(),
                Setting { key: "x".into(), value: "new".into() }.into_any(),
                User { id: 1, ..User::default() }.into_any(),
            ],
        );
        let keys: Vec<(Entity, Key)> = backup.records().iter().map(|r| (r.entity(), r.key())).collect();
        assert_eq!(keys, vec![(Entity::User, Key::Id(1)), (Entity::User, Key::Id(2)), (Entity::Setting, "x".into())]);
        assert_eq!(Setting::from_any(&backup.records()[2]).unwrap().value, "new");
        assert_eq!(backup.counts().get(Entity::User), 2);
        assert_eq!(backup.counts().0.len(), Entity::ALL.len());
    }
}
