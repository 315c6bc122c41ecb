//! Version 6: trade shows (issue 22) — the shows the dealer exhibits at and the leads captured
//! at their booths, each lead indexed by its show and by its mobile number (the key visitors
//! are recognised by).
//! Frozen once released: later versions add steps of their own, never edit this one.

use super::{IndexSpec, Step, StoreSpec};

pub const SHOWS: &str = "shows";
pub const LEADS: &str = "leads";

pub const STEP: Step = Step {
    version: 6,
    stores: &[
        StoreSpec { name: SHOWS, key_path: "id", indexes: &[] },
        StoreSpec {
            name: LEADS,
            key_path: "id",
            indexes: &[
                IndexSpec { name: "show_id", key_path: "show_id", unique: false },
                IndexSpec { name: "mobile", key_path: "mobile", unique: false },
            ],
        },
    ],
    migration: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Changing v6 would leave databases upgraded to it behind: add a step instead.
    #[test]
    fn v6_is_frozen() {
        let shape: Vec<String> =
            STEP.stores.iter().map(|s| format!("{}({}):{}", s.name, s.key_path, s.indexes.len())).collect();
        assert_eq!(shape.join(" "), "shows(id):0 leads(id):2");
        assert_eq!(STEP.migration, None);
    }
}
