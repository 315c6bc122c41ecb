//! Version 3: customer value (docs/domain.md §2) — the user's ratings of each customer (keyed by the
//! customer: one per customer) and dated grade snapshots (keyed by their date: one per day).
//! Frozen once released: later versions add steps of their own, never edit this one.

use super::{Step, StoreSpec};

pub const VALUE_RATINGS: &str = "value_ratings";
pub const GRADE_SNAPSHOTS: &str = "grade_snapshots";

pub const STEP: Step = Step {
    version: 3,
    stores: &[
        StoreSpec { name: VALUE_RATINGS, key_path: "customer_id", indexes: &[] },
        StoreSpec { name: GRADE_SNAPSHOTS, key_path: "date", indexes: &[] },
    ],
    migration: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Changing v3 would leave databases upgraded to it behind: add a step instead.
    #[test]
    fn v3_is_frozen() {
        let shape: Vec<String> =
            STEP.stores.iter().map(|s| format!("{}({}):{}", s.name, s.key_path, s.indexes.len())).collect();
        assert_eq!(shape.join(" "), "value_ratings(customer_id):0 grade_snapshots(date):0");
    }
}
