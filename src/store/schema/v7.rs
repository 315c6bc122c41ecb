//! Version 7: the market view (issue 23) — the machines salespeople see on job sites (the
//! competitor register) and the markets' sizes, province × product line × year (× class).
//! Frozen once released: later versions add steps of their own, never edit this one.

use super::{Step, StoreSpec};

pub const SIGHTINGS: &str = "sightings";
pub const MARKETS: &str = "markets";

pub const STEP: Step = Step {
    version: 7,
    stores: &[
        StoreSpec { name: SIGHTINGS, key_path: "id", indexes: &[] },
        StoreSpec { name: MARKETS, key_path: "id", indexes: &[] },
    ],
    migration: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Changing v7 would leave databases upgraded to it behind: add a step instead.
    #[test]
    fn v7_is_frozen() {
        let shape: Vec<String> =
            STEP.stores.iter().map(|s| format!("{}({}):{}", s.name, s.key_path, s.indexes.len())).collect();
        assert_eq!(shape.join(" "), "sightings(id):0 markets(id):0");
        assert_eq!(STEP.migration, None);
    }
}
