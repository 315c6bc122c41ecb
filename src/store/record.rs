//! Which store each record kind lives in, its key, and its index values.

use super::schema::{v1, v2, v3, v6, v7};
use crate::domain::date::Date;
use crate::domain::grading::indicators::Ratings;
use crate::domain::grading::snapshot::GradeSnapshot;
use crate::domain::market::{Market, SiteSighting};
use crate::domain::model::*;
use crate::domain::shows::{Lead, Show};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A primary or index key: a record id or a text (code, ISO date, enum name).
/// Serialises as the bare number or string, as IndexedDB compares keys.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(untagged)]
pub enum Key {
    Id(Id),
    Text(String),
}

impl From<Id> for Key {
    fn from(id: Id) -> Key {
        Key::Id(id)
    }
}

impl From<&str> for Key {
    fn from(text: &str) -> Key {
        Key::Text(text.to_string())
    }
}

impl From<String> for Key {
    fn from(text: String) -> Key {
        Key::Text(text)
    }
}

impl From<Date> for Key {
    fn from(date: Date) -> Key {
        Key::Text(date.to_string())
    }
}

/// A record kind kept in its own object store.
pub trait Record: Serialize + DeserializeOwned + Clone + 'static {
    const ENTITY: Entity;
    fn key(&self) -> Key;
    /// This record's value under `index`; `None` where an optional field is unset, so the
    /// record is not in that index (as IndexedDB skips an `undefined` key path). An empty text
    /// is a value like any other, as it is to IndexedDB.
    fn index_key(&self, index: &str) -> Option<Key>;
    fn into_any(self) -> AnyRecord;
    fn from_any(any: &AnyRecord) -> Option<&Self>;
    fn from_any_owned(any: AnyRecord) -> Option<Self>;
}

macro_rules! records {
    ($($variant:ident($ty:ty) => $store:expr, key: |$k:ident| $key:expr, indexes: { $($index:literal => |$r:ident| $value:expr),* $(,)? });+ $(;)?) => {
        /// Every record kind, named after its object store.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Entity { $($variant),+ }

        impl Entity {
            pub const ALL: &'static [Entity] = &[$(Entity::$variant),+];

            pub fn store_name(self) -> &'static str {
                match self { $(Entity::$variant => $store),+ }
            }

            /// The kind whose object store is `name`.
            pub fn from_store_name(name: &str) -> Option<Entity> {
                Entity::ALL.iter().copied().find(|e| e.store_name() == name)
            }
        }

        /// A record of any kind, for batches that span stores. Serialises as the record itself.
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        // Customers dominate batches anyway; boxing them would add an allocation per record.
        #[allow(clippy::large_enum_variant)]
        pub enum AnyRecord { $($variant($ty)),+ }

        impl AnyRecord {
            pub fn entity(&self) -> Entity {
                match self { $(AnyRecord::$variant(_) => Entity::$variant),+ }
            }

            pub fn key(&self) -> Key {
                match self { $(AnyRecord::$variant(r) => r.key()),+ }
            }

            pub fn index_key(&self, index: &str) -> Option<Key> {
                match self { $(AnyRecord::$variant(r) => r.index_key(index)),+ }
            }

            /// Reads a record of `entity`'s kind, for reads that span stores.
            pub fn deserialize_as<'de, D: serde::Deserializer<'de>>(
                entity: Entity,
                deserializer: D,
            ) -> Result<AnyRecord, D::Error> {
                match entity {
                    $(Entity::$variant => <$ty as serde::Deserialize>::deserialize(deserializer).map(AnyRecord::$variant)),+
                }
            }
        }

        $(
            impl Record for $ty {
                const ENTITY: Entity = Entity::$variant;

                fn key(&self) -> Key {
                    let $k = self;
                    $key
                }

                #[allow(unused_variables)]
                fn index_key(&self, index: &str) -> Option<Key> {
                    match index {
                        $($index => { let $r = self; $value })*
                        _ => None,
                    }
                }

                fn into_any(self) -> AnyRecord {
                    AnyRecord::$variant(self)
                }

                fn from_any(any: &AnyRecord) -> Option<&Self> {
                    match any {
                        AnyRecord::$variant(r) => Some(r),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }

                fn from_any_owned(any: AnyRecord) -> Option<Self> {
                    match any {
                        AnyRecord::$variant(r) => Some(r),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )+
    };
}

impl Entity {
    /// Whether records of this kind are keyed by a text (a setting's name, a snapshot's date)
    /// rather than a number.
    pub fn has_text_key(self) -> bool {
        matches!(self, Entity::Setting | Entity::GradeSnapshot)
    }

    /// Whether records of this kind are keyed by what they are about (a setting's name, a
    /// customer's ratings, a day's snapshot, a part's demand) rather than by a new id: two tabs
    /// or devices can then create the same key, which a new id never does.
    pub fn has_natural_key(self) -> bool {
        matches!(self, Entity::Setting | Entity::Ratings | Entity::GradeSnapshot | Entity::PartDemand)
    }
}

impl Key {
    /// The key of a deleted record's tombstone: its store and key (`customers/42`).
    pub fn tombstone_of(entity: Entity, key: &Key) -> String {
        match key {
            Key::Id(id) => format!("{}/{id}", entity.store_name()),
            Key::Text(text) => format!("{}/{text}", entity.store_name()),
        }
    }
}

fn text(value: &str) -> Option<Key> {
    Some(Key::from(value))
}

records! {
    User(User) => v1::USERS, key: |r| r.id.into(), indexes: {};
    Customer(Customer) => v1::CUSTOMERS, key: |r| r.id.into(), indexes: {
        "province" => |r| text(&r.province),
        "lifecycle" => |r| Some(r.lifecycle.as_str().into()),
        "company" => |r| text(&r.company),
    };
    Contact(Contact) => v1::CONTACTS, key: |r| r.id.into(), indexes: {
        "customer_id" => |r| Some(r.customer_id.into()),
    };
    Interaction(Interaction) => v1::INTERACTIONS, key: |r| r.id.into(), indexes: {
        "customer_id" => |r| Some(r.customer_id.into()),
        "follow_up" => |r| r.follow_up.map(Key::from),
    };
    Order(Order) => v1::ORDERS, key: |r| r.id.into(), indexes: {
        "customer_id" => |r| Some(r.customer_id.into()),
        "ordered" => |r| r.ordered.map(Key::from),
    };
    Opportunity(Opportunity) => v1::OPPORTUNITIES, key: |r| r.id.into(), indexes: {
        "customer_id" => |r| Some(r.customer_id.into()),
        "stage" => |r| Some(r.stage.as_str().into()),
        "owner" => |r| Some(r.owner.into()),
    };
    Part(Part) => v1::PARTS, key: |r| r.id.into(), indexes: {
        "number" => |r| text(&r.number),
    };
    PartDemand(PartDemand) => v1::PART_DEMAND, key: |r| r.part_id.into(), indexes: {};
    Stock(StockLevel) => v1::STOCK, key: |r| r.id.into(), indexes: {
        "part_id" => |r| Some(r.part_id.into()),
    };
    Machine(Machine) => v1::MACHINES, key: |r| r.id.into(), indexes: {
        "customer_id" => |r| Some(r.customer_id.into()),
        "serial" => |r| text(&r.serial),
        "model" => |r| text(&r.model),
    };
    ServiceTicket(ServiceTicket) => v1::SERVICE_TICKETS, key: |r| r.id.into(), indexes: {
        "customer_id" => |r| Some(r.customer_id.into()),
        "machine_id" => |r| r.machine_id.map(Key::from),
        "status" => |r| Some(r.status.as_str().into()),
    };
    Setting(Setting) => v1::SETTINGS, key: |r| r.key.as_str().into(), indexes: {};
    Audit(AuditEntry) => v1::AUDIT_LOG, key: |r| r.id.into(), indexes: {
        "target" => |r| text(&r.target),
        "at_ms" => |r| Some(Key::Id(r.at_ms.max(0) as u64)),
    };
    Supplier(Supplier) => v2::SUPPLIERS, key: |r| r.id.into(), indexes: {
        "name" => |r| text(&r.name),
    };
    TradePartner(TradePartner) => v2::TRADE_PARTNERS, key: |r| r.id.into(), indexes: {
        "name" => |r| text(&r.name),
        "kind" => |r| Some(r.kind.as_str().into()),
    };
    Ratings(Ratings) => v3::VALUE_RATINGS, key: |r| r.customer_id.into(), indexes: {};
    // A snapshot is always dated (`snapshot::snapshot` dates it); the empty key only keeps an
    // undated one from being a panic.
    GradeSnapshot(GradeSnapshot) => v3::GRADE_SNAPSHOTS, key: |r| r.date.map_or_else(|| Key::from(""), Key::from), indexes: {};
    Show(Show) => v6::SHOWS, key: |r| r.id.into(), indexes: {};
    Lead(Lead) => v6::LEADS, key: |r| r.id.into(), indexes: {
        "show_id" => |r| Some(r.show_id.into()),
        "mobile" => |r| text(&r.mobile),
    };
    Sighting(SiteSighting) => v7::SIGHTINGS, key: |r| r.id.into(), indexes: {};
    Market(Market) => v7::MARKETS, key: |r| r.id.into(), indexes: {};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema;

    /// The in-memory twin answers index queries from `index_key`; IndexedDB from the schema's
    /// key paths. Both must name the same indexes.
    #[test]
    fn every_schema_index_is_mapped_and_every_mapping_is_in_the_schema() {
        let samples: Vec<AnyRecord> = vec![
            User::default().into_any(),
            Customer { province: "CN-XJ".into(), company: "x".into(), ..Customer::default() }.into_any(),
            Contact::default().into_any(),
            Interaction { follow_up: Date::from_ymd(2024, 1, 1), ..Interaction::default() }.into_any(),
            Order { ordered: Date::from_ymd(2024, 1, 1), ..Order::default() }.into_any(),
            Opportunity::default().into_any(),
            Part { number: "P-1".into(), ..Part::default() }.into_any(),
            PartDemand::default().into_any(),
            StockLevel::default().into_any(),
            Machine { serial: "S".into(), model: "M".into(), ..Machine::default() }.into_any(),
            ServiceTicket { machine_id: Some(1), ..ServiceTicket::default() }.into_any(),
            Setting::default().into_any(),
            AuditEntry { target: "customers/1".into(), ..AuditEntry::default() }.into_any(),
            Supplier::default().into_any(),
            TradePartner::default().into_any(),
            Ratings::default().into_any(),
            GradeSnapshot::default().into_any(),
            Show::default().into_any(),
            Lead::default().into_any(),
            SiteSighting::default().into_any(),
            Market::default().into_any(),
        ];
        assert_eq!(samples.len(), Entity::ALL.len());
        let stores: Vec<_> = schema::STEPS.iter().flat_map(|s| s.stores.iter()).collect();
        for sample in &samples {
            let store = stores.iter().find(|s| s.name == sample.entity().store_name()).expect("store in schema");
            for index in store.indexes {
                assert!(sample.index_key(index.name).is_some(), "{}.{} unmapped", store.name, index.name);
            }
            assert_eq!(sample.index_key("not_an_index"), None);
        }
        assert_eq!(
            stores.len(),
            Entity::ALL.len() + 3,
            "every entity has a store, plus the ledger, tombstones, outbox"
        );
    }

    #[test]
    fn unset_options_are_not_indexed_but_empty_text_is() {
        let customer = Customer::default();
        assert_eq!(customer.index_key("province"), Some(Key::from("")));
        assert_eq!(customer.index_key("lifecycle"), Some(Key::from("potential")));
        assert_eq!(Interaction::default().index_key("follow_up"), None);
        assert_eq!(ServiceTicket::default().index_key("machine_id"), None);
        assert_eq!(TradePartner::default().index_key("kind"), Some(Key::from("bank")));
    }
}
