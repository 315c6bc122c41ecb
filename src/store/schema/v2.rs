//! Version 2: suppliers and trade partners (docs/domain.md §1), each indexed by name; trade partners
//! also by kind, for the list's filter.
//! Frozen once released: later versions add steps of their own, never edit this one.

use super::{IndexSpec, Step, StoreSpec};

pub const SUPPLIERS: &str = "suppliers";
pub const TRADE_PARTNERS: &str = "trade_partners";

const NAME: IndexSpec = IndexSpec { name: "name", key_path: "name", unique: false };
const KIND: IndexSpec = IndexSpec { name: "kind", key_path: "kind", unique: false };

pub const STEP: Step = Step {
    version: 2,
    stores: &[
        StoreSpec { name: SUPPLIERS, key_path: "id", indexes: &[NAME] },
        StoreSpec { name: TRADE_PARTNERS, key_path: "id", indexes: &[NAME, KIND] },
    ],
    migration: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Changing v2 would leave databases upgraded to it behind: add a step instead.
    #[test]
    fn v2_is_frozen() {
        let shape: Vec<String> = STEP
            .stores
            .iter()
            .map(|s| {
                let indexes: Vec<String> =
                    s.indexes.iter().map(|i| format!("{}{}", i.key_path, if i.unique { "!" } else { "" })).collect();
                format!("{}({}):{}", s.name, s.key_path, indexes.join(","))
            })
            .collect();
        assert_eq!(shape.join(" "), "suppliers(id):name trade_partners(id):name,kind");
    }
}
