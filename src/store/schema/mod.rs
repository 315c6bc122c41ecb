//! The IndexedDB schema as data: one module per migration step, each listing only what it adds.
//!
//! Steps are additive: a later step may add stores and indexes, never rename, change or drop
//! what an earlier step created (a user's database from any older version must still upgrade).
//! `tests::steps_are_additive` and `v1::tests::v1_is_frozen` guard this.

pub mod v1;
pub mod v2;
pub mod v3;
pub mod v4;
pub mod v5;
pub mod v6;
pub mod v7;

/// An index: its name, the record field it indexes, and whether values must be unique.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexSpec {
    pub name: &'static str,
    pub key_path: &'static str,
    pub unique: bool,
}

/// An object store added by a step, with its indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreSpec {
    pub name: &'static str,
    pub key_path: &'static str,
    pub indexes: &'static [IndexSpec],
}

/// A change to the stored records a step makes, in its upgrade transaction, after adding its
/// stores: all or nothing with the new version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Migration {
    /// Every record without a revision gets its first ([`v4::first_revision`]).
    AddRevisions,
}

/// One schema version: the stores it adds to the previous one, and the migration of the records
/// it needs. (Indexes on a store an earlier step created would need the upgrade transaction; the
/// first step that wants one adds that.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub version: u32,
    pub stores: &'static [StoreSpec],
    pub migration: Option<Migration>,
}

/// Every step, oldest first. Opening a database runs each step above its current version.
pub const STEPS: &[Step] = &[v1::STEP, v2::STEP, v3::STEP, v4::STEP, v5::STEP, v6::STEP, v7::STEP];

/// The schema version this build writes.
pub const VERSION: u32 = STEPS[STEPS.len() - 1].version;

/// Names once used and since retired: never to be reused for something else.
pub const RETIRED: &[&str] = &[];

/// The steps to run to bring a database from `current` to `target`.
pub fn pending(steps: &'static [Step], current: u32, target: u32) -> impl Iterator<Item = &'static Step> {
    steps.iter().filter(move |s| s.version > current && s.version <= target)
}

/// The index named `index` of store `store`, as the whole schema defines it.
pub fn index(store: &str, index: &str) -> Option<IndexSpec> {
    STEPS
        .iter()
        .flat_map(|step| step.stores)
        .filter(|s| s.name == store)
        .flat_map(|s| s.indexes)
        .find(|i| i.name == index)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn versions_count_up_from_one() {
        for (i, step) in STEPS.iter().enumerate() {
            assert_eq!(step.version as usize, i + 1);
        }
        assert_eq!(VERSION as usize, STEPS.len());
    }

    #[test]
    fn steps_are_additive() {
        let mut stores = BTreeSet::new();
        let mut indexes = BTreeSet::new();
        for step in STEPS {
            for store in step.stores {
                assert!(!RETIRED.contains(&store.name), "{} is retired", store.name);
                assert!(stores.insert(store.name), "store {} created twice", store.name);
                for index in store.indexes {
                    assert!(indexes.insert((store.name, index.name)), "{}.{}", store.name, index.name);
                }
            }
        }
    }

    #[test]
    fn an_older_database_gets_exactly_the_stores_of_the_steps_it_missed() {
        let added = |from| pending(STEPS, from, VERSION).flat_map(|s| s.stores).map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(
            added(1),
            [
                "suppliers",
                "trade_partners",
                "value_ratings",
                "grade_snapshots",
                "tombstones",
                "outbox",
                "shows",
                "leads",
                "sightings",
                "markets"
            ]
        );
        assert_eq!(
            added(2),
            ["value_ratings", "grade_snapshots", "tombstones", "outbox", "shows", "leads", "sightings", "markets"]
        );
        assert_eq!(added(3), ["tombstones", "outbox", "shows", "leads", "sightings", "markets"]);
        assert_eq!(added(4), ["outbox", "shows", "leads", "sightings", "markets"]);
        assert_eq!(added(5), ["shows", "leads", "sightings", "markets"]);
        assert_eq!(added(6), ["sightings", "markets"]);
        assert_eq!(added(7), [""; 0]);
    }

    #[test]
    fn pending_runs_only_missing_steps() {
        const TWO: &[Step] =
            &[Step { version: 1, stores: &[], migration: None }, Step { version: 2, stores: &[], migration: None }];
        for (current, target, expected) in [(0, 2, vec![1, 2]), (1, 2, vec![2]), (2, 2, vec![]), (0, 1, vec![1])] {
            let versions: Vec<u32> = pending(TWO, current, target).map(|s| s.version).collect();
            assert_eq!(versions, expected, "{current} → {target}");
        }
    }

    #[test]
    fn finds_indexes_by_store_and_name() {
        assert_eq!(index("parts", "number").map(|i| i.unique), Some(true));
        assert_eq!(index("contacts", "customer_id").map(|i| i.key_path), Some("customer_id"));
        assert_eq!(index("contacts", "nope"), None);
        assert_eq!(index("suppliers", "name").map(|i| i.unique), Some(false));
        assert_eq!(index("trade_partners", "kind").map(|i| i.key_path), Some("kind"));
    }
}
