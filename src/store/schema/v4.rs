//! Version 4: revisions, so no write overwrites another unseen (docs/domain.md §9). Adds the
//! tombstones store — what a deletion leaves: the record's store, key and last revision, keyed
//! `store/key` — and a data migration giving every record an older version stored its first
//! revision. A record's first revision is tagged by a hash of its stored content, so the same
//! record migrated on two devices (restored from one backup, say) gets the same revision.
//! Frozen once released: later versions add steps of their own, never edit this one.

use super::{Migration, Step, StoreSpec};
use crate::store::revision::Rev;

pub const TOMBSTONES: &str = "tombstones";

pub const STEP: Step = Step {
    version: 4,
    stores: &[StoreSpec { name: TOMBSTONES, key_path: "id", indexes: &[] }],
    migration: Some(Migration::AddRevisions),
};

/// The first revision of a record stored before revisions existed, from its content as JSON.
pub fn first_revision(stored_json: &str) -> Rev {
    Rev { generation: 1, tag: fnv1a(stored_json.as_bytes()) }
}

/// FNV-1a, 64 bits: a stable hash needing no dependency; it names content, it guards nothing.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Changing v4 would leave databases upgraded to it behind: add a step instead.
    #[test]
    fn v4_is_frozen() {
        let shape: Vec<String> =
            STEP.stores.iter().map(|s| format!("{}({}):{}", s.name, s.key_path, s.indexes.len())).collect();
        assert_eq!(shape.join(" "), "tombstones(id):0");
        assert_eq!(STEP.migration, Some(Migration::AddRevisions));
    }

    #[test]
    fn a_first_revision_names_the_content() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let one = first_revision(r#"{"id":1,"company":"天山路桥"}"#);
        assert_eq!(one.generation, 1);
        assert_eq!(one, first_revision(r#"{"id":1,"company":"天山路桥"}"#));
        assert_ne!(one, first_revision(r#"{"id":1,"company":"天山路桥 "}"#));
    }
}
