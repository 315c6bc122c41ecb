//! The backup file's frame: the header, the stores in schema order and one record a line, and
//! the errors a file can have.

use super::*;

/// The `format` tag of every backup file.
pub const FORMAT: &str = "kehu-backup";
/// The layout of the file this build writes and reads (independent of the schema version).
pub const FORMAT_VERSION: u32 = 1;
/// How deeply arrays and objects may nest: a backup needs six levels.
pub(super) const MAX_DEPTH: usize = 64;
pub(super) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
pub(super) const BOM: &str = "\u{feff}";

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
    pub(super) records: Vec<AnyRecord>,
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

/// `text` as a JSON string: quotes, backslashes and control characters escaped, as serde_json
/// and `JSON.stringify` escape them; everything else as UTF-8.
pub(super) fn json_string(out: &mut String, text: &str) {
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
