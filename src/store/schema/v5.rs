//! Version 5: team sync (docs/domain.md §10). Adds the outbox — for each record this device
//! changed since it last handed its changes to the sync replica, the revisions it made
//! meanwhile, keyed `store/key` like the tombstones — so a change made offline, or in a tab
//! closed before the hand-off, still reaches the team with its whole history. Empty and unused
//! until the workspace signs in to a team server.
//! Frozen once released: later versions add steps of their own, never edit this one.

use super::{Step, StoreSpec};

pub const OUTBOX: &str = "outbox";

pub const STEP: Step =
    Step { version: 5, stores: &[StoreSpec { name: OUTBOX, key_path: "id", indexes: &[] }], migration: None };

#[cfg(test)]
mod tests {
    use super::*;

    /// Changing v5 would leave databases upgraded to it behind: add a step instead.
    #[test]
    fn v5_is_frozen() {
        let shape: Vec<String> =
            STEP.stores.iter().map(|s| format!("{}({}):{}", s.name, s.key_path, s.indexes.len())).collect();
        assert_eq!(shape.join(" "), "outbox(id):0");
        assert_eq!(STEP.migration, None);
    }
}
