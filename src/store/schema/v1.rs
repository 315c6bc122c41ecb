//! Version 1: the first schema — every record kind of the foundation.
//! Frozen: later versions add steps of their own, never edit this one.

use super::{IndexSpec, Step, StoreSpec};

pub const USERS: &str = "users";
pub const CUSTOMERS: &str = "customers";
pub const CONTACTS: &str = "contacts";
pub const INTERACTIONS: &str = "interactions";
pub const ORDERS: &str = "orders";
pub const OPPORTUNITIES: &str = "opportunities";
pub const PARTS: &str = "parts";
pub const PART_DEMAND: &str = "part_demand";
pub const STOCK: &str = "stock";
pub const MACHINES: &str = "machines";
pub const SERVICE_TICKETS: &str = "service_tickets";
pub const SETTINGS: &str = "settings";
pub const AUDIT_LOG: &str = "audit_log";
/// Which schema steps ran on this database, and when.
pub const SCHEMA_LEDGER: &str = "schema_ledger";

const fn by(name: &'static str) -> IndexSpec {
    IndexSpec { name, key_path: name, unique: false }
}

const fn unique(name: &'static str) -> IndexSpec {
    IndexSpec { name, key_path: name, unique: true }
}

const fn store(name: &'static str, key_path: &'static str, indexes: &'static [IndexSpec]) -> StoreSpec {
    StoreSpec { name, key_path, indexes }
}

pub const STEP: Step = Step {
    version: 1,
    stores: &[
        store(USERS, "id", &[]),
        store(CUSTOMERS, "id", &[by("province"), by("lifecycle"), by("company")]),
        store(CONTACTS, "id", &[by("customer_id")]),
        store(INTERACTIONS, "id", &[by("customer_id"), by("follow_up")]),
        store(ORDERS, "id", &[by("customer_id"), by("ordered")]),
        store(OPPORTUNITIES, "id", &[by("customer_id"), by("stage"), by("owner")]),
        store(PARTS, "id", &[unique("number")]),
        store(PART_DEMAND, "part_id", &[]),
        store(STOCK, "id", &[by("part_id")]),
        store(MACHINES, "id", &[by("customer_id"), unique("serial"), by("model")]),
        store(SERVICE_TICKETS, "id", &[by("customer_id"), by("machine_id"), by("status")]),
        store(SETTINGS, "key", &[]),
        store(AUDIT_LOG, "id", &[by("target"), by("at_ms")]),
        store(SCHEMA_LEDGER, "version", &[]),
    ],
    migration: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Changing v1 would leave every existing database behind: add a step instead.
    #[test]
    fn v1_is_frozen() {
        let shape: Vec<String> = STEP
            .stores
            .iter()
            .map(|s| {
                let indexes: Vec<String> =
                    s.indexes.iter().map(|i| format!("{}{}", i.key_path, if i.unique { "!" } else { "" })).collect();
                format!("{}({}):{}", s.name, s.key_path, indexes.join(","))
            })
            .collect();
        assert_eq!(
            shape.join(" "),
            "users(id): customers(id):province,lifecycle,company contacts(id):customer_id \
             interactions(id):customer_id,follow_up orders(id):customer_id,ordered \
             opportunities(id):customer_id,stage,owner parts(id):number! part_demand(part_id): \
             stock(id):part_id machines(id):customer_id,serial!,model \
             service_tickets(id):customer_id,machine_id,status settings(key): \
             audit_log(id):target,at_ms schema_ledger(version):"
        );
    }
}
