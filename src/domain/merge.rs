//! The three-way merge of a record saved from a stale revision: `base` is what the user started
//! from, `mine` what they saved, `theirs` what is stored now. A field changed on one side takes
//! that side's value; changed on both to different values it is a [`Clash`] and keeps theirs
//! until the user picks. Stamps (who created or last wrote the record) never clash and take
//! mine, since the merged record is mine to write. Set fields apply each side's additions and
//! removals; keyed lists merge item by item, so two people adding different custom fields both
//! keep theirs.

use super::model::{
    Contact, Customer, Id, Interaction, Machine, Opportunity, Order, Part, ServiceTicket, Setting, StockLevel,
    Supplier, TradePartner, User,
};

/// One place two edits can clash: a field, or an item of a list field (by the item's key).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Clash {
    /// The field's name as stored; nested fields as `team.lead`.
    pub field: &'static str,
    /// The key of the clashing item of a keyed list; `None` for the field as a whole.
    pub item: Option<String>,
}

impl Clash {
    /// A clash on the whole field.
    pub fn field(field: &'static str) -> Clash {
        Clash { field, item: None }
    }

    /// A clash on the item `key` of a keyed list.
    pub fn item(field: &'static str, key: impl ToString) -> Clash {
        Clash { field, item: Some(key.to_string()) }
    }
}

/// A record kind the merge knows field by field.
pub trait Mergeable: Clone + PartialEq {
    /// Every field's stored name, each once (nested ones as `team.lead`).
    const FIELD_NAMES: &'static [&'static str];

    /// Merges `mine` into `theirs` field by field against `base`, or, with no base (both sides
    /// created the record), taking neither side as the original: every differing plain field
    /// clashes, set fields unite. Returns the clashes; for those `theirs` keeps its value.
    fn merge_fields(base: Option<&Self>, mine: &Self, theirs: &mut Self) -> Vec<Clash>;

    /// Copies field `clash` (or its list item) from `from` into `self`: used when the user keeps
    /// "mine" (or "stored") for a clash. A clash naming no field of this kind changes nothing.
    fn take(&mut self, from: &Self, clash: &Clash);

    /// Merges `mine` into `theirs` field by field against `base`; returns the clashes (fields
    /// both sides changed to different values); for those `theirs` keeps its value.
    fn merge_into(base: &Self, mine: &Self, theirs: &mut Self) -> Vec<Clash> {
        Self::merge_fields(Some(base), mine, theirs)
    }
}

/// A deletion on one side against an edit on the other: only the user can say which wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletionClash {
    MineDeletedTheirsEdited,
    MineEditedTheirsDeleted,
}

/// The result of merging one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged<T> {
    /// The record to store; `None` when it ends deleted (or a deletion clash keeps it deleted).
    pub record: Option<T>,
    /// Fields both sides changed differently; `record` holds theirs for each.
    pub clashes: Vec<Clash>,
    /// Set when one side deleted what the other edited; `record` is then theirs.
    pub deletion: Option<DeletionClash>,
}

impl<T> Merged<T> {
    fn clean(record: Option<T>) -> Merged<T> {
        Merged { record, clashes: Vec::new(), deletion: None }
    }

    fn deletion(record: Option<T>, deletion: DeletionClash) -> Merged<T> {
        Merged { record, clashes: Vec::new(), deletion: Some(deletion) }
    }

    /// Whether the merge needs no decision from the user.
    pub fn is_clean(&self) -> bool {
        self.clashes.is_empty() && self.deletion.is_none()
    }
}

/// Merges one record; `base`, `mine` and `theirs` are each `None` when absent (never created,
/// or deleted).
pub fn merge<T: Mergeable>(base: Option<&T>, mine: Option<&T>, theirs: Option<&T>) -> Merged<T> {
    match (base, mine, theirs) {
        _ if mine == base => Merged::clean(theirs.cloned()),
        _ if theirs == base || mine == theirs => Merged::clean(mine.cloned()),
        (base, Some(mine), Some(theirs)) => {
            let mut record = theirs.clone();
            let clashes = T::merge_fields(base, mine, &mut record);
            Merged { record: Some(record), clashes, deletion: None }
        }
        (_, Some(_), None) => Merged::deletion(None, DeletionClash::MineEditedTheirsDeleted),
        (_, None, theirs) => Merged::deletion(theirs.cloned(), DeletionClash::MineDeletedTheirsEdited),
    }
}

/// What kept one record of a set from merging cleanly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordClashes {
    pub id: Id,
    pub fields: Vec<Clash>,
    pub deletion: Option<DeletionClash>,
}

/// The result of merging a set of records edited together in one form.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordsMerged<T> {
    /// The records to store: theirs' order, then mine's additions in mine's order.
    pub records: Vec<T>,
    /// Ids stored now (in `theirs`) that the merge deletes.
    pub deleted: Vec<Id>,
    /// The records that need the user's decision, by id as first met in theirs, mine, then base.
    pub clashes: Vec<RecordClashes>,
}

/// Merges a set of records (e.g. a customer's contacts) record by record, matched by `key`.
pub fn merge_records<T: Mergeable>(base: &[T], mine: &[T], theirs: &[T], key: impl Fn(&T) -> Id) -> RecordsMerged<T> {
    let mut ids: Vec<Id> = Vec::new();
    for id in theirs.iter().chain(mine).chain(base).map(&key) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut merged = RecordsMerged { records: Vec::new(), deleted: Vec::new(), clashes: Vec::new() };
    for id in ids {
        let stored = find_by(theirs, &id, &key);
        let result = merge(find_by(base, &id, &key), find_by(mine, &id, &key), stored);
        if !result.is_clean() {
            merged.clashes.push(RecordClashes { id, fields: result.clashes, deletion: result.deletion });
        }
        match result.record {
            Some(record) => merged.records.push(record),
            None if stored.is_some() => merged.deleted.push(id),
            None => {}
        }
    }
    merged
}

/// The item of `items` whose key is `wanted`.
fn find_by<'a, V, K: PartialEq>(items: &'a [V], wanted: &K, key: &impl Fn(&V) -> K) -> Option<&'a V> {
    items.iter().find(|item| key(item) == *wanted)
}

/// One plain field: mine's change applies where theirs did not change; with no base every
/// difference is a clash.
fn merge_value<V: Clone + PartialEq>(
    field: &'static str,
    base: Option<&V>,
    mine: &V,
    theirs: &mut V,
    clashes: &mut Vec<Clash>,
) {
    if Some(mine) == base || mine == theirs {
        return;
    }
    if base == Some(theirs) {
        *theirs = mine.clone();
    } else {
        clashes.push(Clash::field(field));
    }
}

/// A set field: theirs without what mine removed, then what mine added (once).
fn merge_set<V: Clone + PartialEq>(base: &[V], mine: &[V], theirs: &mut Vec<V>) {
    theirs.retain(|item| !base.contains(item) || mine.contains(item));
    for item in mine {
        if !base.contains(item) && !theirs.contains(item) {
            theirs.push(item.clone());
        }
    }
}

/// A keyed list, item by item: an item mine added, changed or removed follows mine unless
/// theirs changed it too (to something else), which clashes on that item.
fn merge_keyed<V: Clone + PartialEq, K: PartialEq + ToString>(
    field: &'static str,
    base: &[V],
    mine: &[V],
    theirs: &mut Vec<V>,
    key: impl Fn(&V) -> K,
    clashes: &mut Vec<Clash>,
) {
    let mut keys: Vec<K> = Vec::new();
    for item_key in mine.iter().chain(base).map(&key) {
        if !keys.contains(&item_key) {
            keys.push(item_key);
        }
    }
    for item_key in keys {
        let (before, after) = (find_by(base, &item_key, &key), find_by(mine, &item_key, &key));
        if before == after {
            continue;
        }
        let position = theirs.iter().position(|item| key(item) == item_key);
        let stored = position.map(|p| &theirs[p]);
        if stored == before {
            replace_item(theirs, position, after);
        } else if stored != after {
            clashes.push(Clash::item(field, item_key));
        }
    }
}

/// Puts `item` at `position` (or at the end when there is none); `None` removes what is there.
fn replace_item<V: Clone>(items: &mut Vec<V>, position: Option<usize>, item: Option<&V>) {
    match (position, item) {
        (Some(p), Some(item)) => items[p] = item.clone(),
        (Some(p), None) => {
            items.remove(p);
        }
        (None, Some(item)) => items.push(item.clone()),
        (None, None) => {}
    }
}

/// Copies the item keyed `wanted` from `from` into `items` (removing it when `from` lacks it).
fn take_item<V: Clone, K: ToString>(items: &mut Vec<V>, from: &[V], wanted: &str, key: impl Fn(&V) -> K) {
    let position = items.iter().position(|item| key(item).to_string() == wanted);
    replace_item(items, position, from.iter().find(|item| key(item).to_string() == wanted));
}

/// The stored name of a field path: `team.lead`.
macro_rules! field_name {
    ($head:ident $(. $rest:ident)*) => {
        concat!(stringify!($head) $(, ".", stringify!($rest))*)
    };
}

/// Implements [`Mergeable`] for a record from its fields by kind: plain `fields`, `sets` of
/// items that are their own identity, `keyed` lists of items with a key field, and `stamps`.
/// Nested fields are written as paths (`team.lead`).
/// Sections without entries may be left out.
macro_rules! mergeable {
    (@all $record:ty {
        fields: [$($($field:ident).+),* $(,)?],
        sets: [$($($set:ident).+),* $(,)?],
        keyed: [$($($list:ident).+ by $key:ident),* $(,)?],
        stamps: [$($($stamp:ident).+),* $(,)?]
    }) => {
        impl Mergeable for $record {
            const FIELD_NAMES: &'static [&'static str] = &[
                $(field_name!($($field).+),)*
                $(field_name!($($set).+),)*
                $(field_name!($($list).+),)*
                $(field_name!($($stamp).+),)*
            ];

            fn merge_fields(base: Option<&Self>, mine: &Self, theirs: &mut Self) -> Vec<Clash> {
                let mut clashes = Vec::new();
                $(merge_value(
                    field_name!($($field).+),
                    base.map(|base| &base.$($field).+),
                    &mine.$($field).+,
                    &mut theirs.$($field).+,
                    &mut clashes,
                );)*
                $(merge_set(
                    base.map_or(&[][..], |base| &base.$($set).+[..]),
                    &mine.$($set).+,
                    &mut theirs.$($set).+,
                );)*
                $(merge_keyed(
                    field_name!($($list).+),
                    base.map_or(&[][..], |base| &base.$($list).+[..]),
                    &mine.$($list).+,
                    &mut theirs.$($list).+,
                    |item| item.$key.clone(),
                    &mut clashes,
                );)*
                $(theirs.$($stamp).+ = mine.$($stamp).+.clone();)*
                clashes
            }

            fn take(&mut self, from: &Self, clash: &Clash) {
                $(if clash.field == field_name!($($field).+) {
                    self.$($field).+ = from.$($field).+.clone();
                })*
                $(if clash.field == field_name!($($set).+) {
                    self.$($set).+ = from.$($set).+.clone();
                })*
                $(if clash.field == field_name!($($list).+) {
                    match &clash.item {
                        Some(wanted) => {
                            take_item(&mut self.$($list).+, &from.$($list).+, wanted, |item| item.$key.clone())
                        }
                        None => self.$($list).+ = from.$($list).+.clone(),
                    }
                })*
                $(if clash.field == field_name!($($stamp).+) {
                    self.$($stamp).+ = from.$($stamp).+.clone();
                })*
            }
        }
    };
    ($record:ty {
        fields: [$($fields:tt)*]
        $(, sets: [$($sets:tt)*])?
        $(, keyed: [$($keyed:tt)*])?
        $(, stamps: [$($stamps:tt)*])? $(,)?
    }) => {
        mergeable!(@all $record {
            fields: [$($fields)*],
            sets: [$($($sets)*)?],
            keyed: [$($($keyed)*)?],
            stamps: [$($($stamps)*)?]
        });
    };
}

mergeable! {
    Customer {
        fields: [
            id, company, country, province, city, address, phone, email, wechat, other_channels, industry,
            parent_company, source, communication, credit_index, lifecycle, lost_kind, lost_reason,
            customer_type, buyer_role, concern, application, market, team.lead,
        ],
        sets: [main_products, team.members],
        keyed: [custom by name],
        stamps: [created_by, created_at, modified_by, modified_at],
    }
}

mergeable! { Contact { fields: [id, customer_id, name, title, phone, email, wechat, role, primary] } }

mergeable! {
    Interaction { fields: [id, customer_id, contact_id, kind, date, by, notes, follow_up, follow_up_done] }
}

// `lines` is one plain field until order lines get ids of their own (a later step); then it
// becomes a keyed list.
mergeable! {
    Order {
        fields: [
            id, customer_id, number, status, owner, lines, ordered, ready, shipped, documents_sent, paid,
            prepaid_percent, credit_days, claim,
        ],
    }
}

// The stage history, close-date changes and gate overrides are logs each side only appends to,
// so they merge as sets: both sides' new entries are kept. MAN's three ticks merge one by one.
mergeable! {
    Opportunity {
        fields: [
            id, customer_id, title, product, value, owner, source, stage, man.money, man.authority, man.need,
            created, expected_close, lost_reason, competitor, forecast_category, external_id,
        ],
        sets: [history, close_date_changes, criteria_met, gate_overrides],
    }
}

mergeable! {
    Part {
        fields: [
            id, number, name_zh, name_en, category, unit_cost, unit_price, supplier, lead_time_days, pack_size,
            criticality,
        ],
        sets: [fits_models],
    }
}

mergeable! { StockLevel { fields: [id, part_id, location, on_hand] } }

mergeable! { Machine { fields: [id, serial, model, customer_id, delivered, hours, hours_per_month, status] } }

mergeable! {
    ServiceTicket {
        fields: [id, customer_id, machine_id, kind, status, summary, owner, opened, closed, visits, followed_up],
    }
}

mergeable! {
    Supplier {
        fields: [
            id, name, address, contact, phone, email, wechat, price_level, delivery_speed, service_level, quality,
            notes,
        ],
        sets: [products],
        stamps: [created_by, created_at, modified_by, modified_at],
    }
}

mergeable! {
    TradePartner {
        fields: [id, name, kind, contact, phone, email, address, reference, notes],
        stamps: [created_by, created_at, modified_by, modified_at],
    }
}

mergeable! { User { fields: [id, name, role, active, manager, office] } }

// A setting's value is one JSON text: two edits of it clash as a whole.
mergeable! { Setting { fields: [key, value] } }

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::model::{AccountTeam, CustomField, FunnelStage, Lifecycle, LostKind, OrderLine};
    use serde::Serialize;
    use Clash as C;
    use DeletionClash::{MineDeletedTheirsEdited, MineEditedTheirsDeleted};

    type Edit = fn(&mut Customer);

    fn custom(name: &str, value: &str) -> CustomField {
        CustomField { name: name.into(), value: value.into() }
    }

    fn day(day: u32) -> Option<Date> {
        Date::from_ymd(2024, 3, day)
    }

    fn base() -> Customer {
        Customer {
            id: 7,
            company: "Xiangjiang Machinery".into(),
            city: "Changsha".into(),
            main_products: vec!["dozer".into(), "mixer".into()],
            custom: vec![custom("employees", "12"), custom("founded", "1998")],
            team: AccountTeam { lead: 1, members: vec![1, 2] },
            modified_by: 1,
            modified_at: day(1),
            ..Customer::default()
        }
    }

    fn edited(edit: Edit) -> Customer {
        let mut customer = base();
        edit(&mut customer);
        customer
    }

    fn company_a(customer: &mut Customer) {
        customer.company = "A".into();
    }

    fn city_wuhan(customer: &mut Customer) {
        customer.city = "Wuhan".into();
    }

    fn company_b(customer: &mut Customer) {
        customer.company = "B".into();
    }

    fn lost(customer: &mut Customer) {
        customer.lifecycle = Lifecycle::Lost;
    }

    fn lost_to_competitor(customer: &mut Customer) {
        customer.lost_kind = Some(LostKind::Competitor);
    }

    fn company_and_city(customer: &mut Customer) {
        company_a(customer);
        city_wuhan(customer);
    }

    /// Runs `(name, mine, theirs, expected, clashes)` cases of edits to the same base customer.
    fn check_customer_merges(cases: Vec<(&str, Edit, Edit, Edit, Vec<Clash>)>) {
        for (name, mine, theirs, expected, clashes) in cases {
            let mut record = edited(theirs);
            assert_eq!(Customer::merge_into(&base(), &edited(mine), &mut record), clashes, "{name}");
            assert_eq!(record, edited(expected), "{name}");
        }
    }

    #[test]
    fn plain_fields_take_the_changed_side_and_clash_when_both_differ_and_stamps_take_mine() {
        check_customer_merges(vec![
            ("mine changed", company_a, |_| {}, company_a, vec![]),
            ("theirs changed", |_| {}, city_wuhan, city_wuhan, vec![]),
            ("disjoint fields", company_a, city_wuhan, company_and_city, vec![]),
            ("both to the same value", company_a, company_a, company_a, vec![]),
            ("both differently", company_a, company_b, company_b, vec![C::field("company")]),
            (
                "an enum both differently",
                |c| c.lifecycle = Lifecycle::Existing,
                lost,
                lost,
                vec![C::field("lifecycle")],
            ),
            ("an option on one side", lost_to_competitor, |_| {}, lost_to_competitor, vec![]),
            (
                "nested, both differently",
                |c| c.team.lead = 2,
                |c| c.team.lead = 3,
                |c| c.team.lead = 3,
                vec![C::field("team.lead")],
            ),
            (
                "nested, and its sibling",
                |c| c.team.lead = 2,
                |c| c.team.members.push(3),
                |c| (c.team.lead, c.team.members) = (2, vec![1, 2, 3]),
                vec![],
            ),
            (
                "both stamped with other edits",
                |c| (c.company, c.modified_by, c.modified_at) = ("A".into(), 2, day(2)),
                |c| (c.city, c.modified_by, c.modified_at) = ("Wuhan".into(), 3, day(3)),
                |c| (c.company, c.city, c.modified_by, c.modified_at) = ("A".into(), "Wuhan".into(), 2, day(2)),
                vec![],
            ),
            ("only stamps", |c| c.modified_by = 2, |c| c.modified_by = 3, |c| c.modified_by = 2, vec![]),
        ]);
    }

    #[test]
    fn sets_apply_both_sides_additions_and_removals() {
        let with =
            |products: &[&str]| Customer { main_products: products.iter().map(|p| p.to_string()).collect(), ..base() };
        for (name, mine, theirs, expected) in [
            (
                "both add",
                &["dozer", "mixer", "crane"][..],
                &["dozer", "mixer", "pump"][..],
                &["dozer", "mixer", "pump", "crane"][..],
            ),
            ("mine removes, theirs adds", &["dozer"], &["dozer", "mixer", "pump"], &["dozer", "pump"]),
            ("each removes another", &["dozer"], &["mixer"], &[]),
            (
                "both add the same",
                &["dozer", "mixer", "crane"],
                &["dozer", "mixer", "crane"],
                &["dozer", "mixer", "crane"],
            ),
            (
                "theirs reorders, mine adds",
                &["dozer", "mixer", "crane"],
                &["mixer", "dozer"],
                &["mixer", "dozer", "crane"],
            ),
        ] {
            let mut record = with(theirs);
            assert_eq!(Customer::merge_into(&base(), &with(mine), &mut record), vec![], "{name}");
            assert_eq!(record, with(expected), "{name}");
        }
    }

    #[test]
    fn keyed_lists_merge_item_by_item() {
        const STAFF: (&str, &str) = ("employees", "12");
        const STAFF_15: (&str, &str) = ("employees", "15");
        const FOUNDED: (&str, &str) = ("founded", "1998");
        const FOUNDED_97: (&str, &str) = ("founded", "1997");
        const FOUNDED_99: (&str, &str) = ("founded", "1999");
        const FLEET: (&str, &str) = ("fleet", "30");
        const FLEET_40: (&str, &str) = ("fleet", "40");
        const BANK: (&str, &str) = ("bank", "ICBC");
        let with =
            |fields: &[(&str, &str)]| Customer { custom: fields.iter().map(|(n, v)| custom(n, v)).collect(), ..base() };
        for (name, mine, theirs, expected, clashes) in [
            (
                "both add other keys",
                &[STAFF, FOUNDED, FLEET][..],
                &[STAFF, FOUNDED, BANK][..],
                &[STAFF, FOUNDED, BANK, FLEET][..],
                &[][..],
            ),
            (
                "both add the same item",
                &[STAFF, FOUNDED, FLEET],
                &[STAFF, FOUNDED, FLEET],
                &[STAFF, FOUNDED, FLEET],
                &[],
            ),
            (
                "both add one key differently",
                &[STAFF, FOUNDED, FLEET],
                &[STAFF, FOUNDED, FLEET_40],
                &[STAFF, FOUNDED, FLEET_40],
                &["fleet"],
            ),
            ("mine edits what theirs removed", &[STAFF_15, FOUNDED], &[FOUNDED], &[FOUNDED], &["employees"]),
            ("mine removes what theirs edited", &[FOUNDED], &[STAFF_15, FOUNDED], &[STAFF_15, FOUNDED], &["employees"]),
            ("mine removes, theirs unchanged", &[FOUNDED], &[STAFF, FOUNDED], &[FOUNDED], &[]),
            ("both edit differently", &[STAFF, FOUNDED_97], &[STAFF, FOUNDED_99], &[STAFF, FOUNDED_99], &["founded"]),
            ("both edit the same", &[STAFF, FOUNDED_97], &[STAFF, FOUNDED_97], &[STAFF, FOUNDED_97], &[]),
            ("each edits another item", &[STAFF_15, FOUNDED], &[STAFF, FOUNDED_99], &[STAFF_15, FOUNDED_99], &[]),
            (
                "both edit, mine adds",
                &[STAFF, FOUNDED_97, FLEET],
                &[STAFF, FOUNDED_99],
                &[STAFF, FOUNDED_99, FLEET],
                &["founded"],
            ),
        ] {
            let mut record = with(theirs);
            let expected_clashes: Vec<Clash> = clashes.iter().map(|key| C::item("custom", key)).collect();
            assert_eq!(Customer::merge_into(&base(), &with(mine), &mut record), expected_clashes, "{name}");
            assert_eq!(record, with(expected), "{name}");
        }
    }

    #[test]
    fn records_merge_deletions_and_creations() {
        let (base, a, b) = (Some(base()), Some(edited(company_a)), Some(edited(city_wuhan)));
        let both = Some(edited(company_and_city));
        let created = Some(Customer { company: "B".into(), city: "Wuhan".into(), ..base.clone().unwrap() });
        let united = edited(|c| {
            (c.company, c.main_products) = ("A".into(), ["dozer", "mixer", "crane"].map(String::from).to_vec())
        });
        let mine_created = Some(edited(|c| (c.company, c.main_products) = ("A".into(), vec!["crane".into()])));
        let clean = |record: &Option<Customer>| Merged::clean(record.clone());
        let deletion = |record: &Option<Customer>, clash| Merged::deletion(record.clone(), clash);
        let clashing = |record: &Option<Customer>, fields: &[&'static str]| Merged {
            clashes: fields.iter().map(|field| C::field(field)).collect(),
            ..clean(record)
        };
        for (name, base, mine, theirs, expected) in [
            ("mine unchanged", &base, &base, &b, clean(&b)),
            ("theirs unchanged", &base, &a, &base, clean(&a)),
            ("both edited", &base, &a, &b, clean(&both)),
            ("mine deleted, theirs edited", &base, &None, &b, deletion(&b, MineDeletedTheirsEdited)),
            ("mine edited, theirs deleted", &base, &a, &None, deletion(&None, MineEditedTheirsDeleted)),
            ("mine deleted, theirs unchanged", &base, &None, &base, clean(&None)),
            ("theirs deleted, mine unchanged", &base, &base, &None, clean(&None)),
            ("both deleted", &base, &None, &None, clean(&None)),
            ("created by mine only", &None, &a, &None, clean(&a)),
            ("created alike on both", &None, &a, &a, clean(&a)),
            ("created differently on both", &None, &a, &created, clashing(&created, &["company", "city"])),
            ("created on both: sets unite", &None, &mine_created, &a, clean(&Some(united))),
        ] {
            let merged = merge(base.as_ref(), mine.as_ref(), theirs.as_ref());
            assert_eq!(merged.is_clean(), expected.clashes.is_empty() && expected.deletion.is_none(), "{name}");
            assert_eq!(merged, expected, "{name}");
        }
    }

    fn contact(id: Id, name: &str) -> Contact {
        Contact { id, customer_id: 7, name: name.into(), ..Contact::default() }
    }

    #[test]
    fn a_forms_records_merge_by_id() {
        let (wang, li) = (contact(1, "Wang"), contact(2, "Li"));
        let (phoned, titled) =
            (Contact { phone: "138".into(), ..wang.clone() }, Contact { title: "CEO".into(), ..wang.clone() });
        let both = Contact { title: "CEO".into(), ..phoned.clone() };
        let renamed = |name: &str| Contact { name: name.into(), ..wang.clone() };
        let (stored, only_li) = (vec![wang.clone(), li.clone()], vec![li.clone()]);
        let with = |contact: &Contact| vec![contact.clone(), li.clone()];
        let deletion = |clash| vec![RecordClashes { id: 1, fields: vec![], deletion: Some(clash) }];
        for (name, mine, theirs, records, deleted, clashes) in [
            (
                "added on both sides",
                vec![wang.clone(), li.clone(), contact(3, "Zhao")],
                vec![wang.clone(), li.clone(), contact(4, "Sun")],
                vec![wang.clone(), li.clone(), contact(4, "Sun"), contact(3, "Zhao")],
                vec![],
                vec![],
            ),
            (
                "removed vs edited",
                only_li.clone(),
                with(&phoned),
                with(&phoned),
                vec![],
                deletion(MineDeletedTheirsEdited),
            ),
            (
                "edited vs removed",
                with(&phoned),
                only_li.clone(),
                only_li.clone(),
                vec![],
                deletion(MineEditedTheirsDeleted),
            ),
            ("removed vs unchanged", only_li.clone(), stored.clone(), only_li.clone(), vec![1], vec![]),
            ("disjoint fields of one contact", with(&phoned), with(&titled), with(&both), vec![], vec![]),
            (
                "one field of one contact differently",
                with(&renamed("Wang Wei")),
                with(&renamed("Wang Fang")),
                with(&renamed("Wang Fang")),
                vec![],
                vec![RecordClashes { id: 1, fields: vec![C::field("name")], deletion: None }],
            ),
        ] {
            let merged = merge_records(&stored, &mine, &theirs, |c| c.id);
            assert_eq!(merged, RecordsMerged { records, deleted, clashes }, "{name}");
        }
    }

    #[test]
    fn take_copies_the_chosen_side_of_a_clash() {
        let mine = edited(|c| {
            (c.company, c.team.members) = ("A".into(), vec![1]);
            c.custom[0].value = "15".into();
            c.custom.remove(1);
        });
        for (name, clash, expected) in [
            ("a field", C::field("company"), edited(company_a)),
            ("an edited item", C::item("custom", "employees"), edited(|c| c.custom[0].value = "15".into())),
            ("a removed item", C::item("custom", "founded"), edited(|c| c.custom.truncate(1))),
            ("a whole keyed list", C::field("custom"), edited(|c| c.custom = vec![custom("employees", "15")])),
            ("a nested set", C::field("team.members"), edited(|c| c.team.members = vec![1])),
            ("no such field", C::field("colour"), base()),
        ] {
            let mut record = base();
            record.take(&mine, &clash);
            assert_eq!(record, expected, "{name}");
        }
        let mut record = base();
        record.custom.clear();
        record.take(&mine, &C::item("custom", "employees"));
        assert_eq!(record.custom, vec![custom("employees", "15")], "an item theirs removed comes back");
    }

    #[test]
    fn other_kinds_merge_by_their_own_fields() {
        let opportunity = Opportunity { id: 3, stage: FunnelStage::Qualify, ..Opportunity::default() };
        let mut mine = opportunity.clone();
        (mine.man.money, mine.stage) = (true, FunnelStage::Develop);
        mine.criteria_met.push("qualify_money".into());
        let mut theirs = opportunity.clone();
        (theirs.man.need, theirs.stage) = (true, FunnelStage::Lost);
        theirs.criteria_met.push("qualify_need".into());
        assert_eq!(Opportunity::merge_into(&opportunity, &mine, &mut theirs), vec![C::field("stage")]);
        assert_eq!((theirs.man.money, theirs.man.need, theirs.stage), (true, true, FunnelStage::Lost));
        assert_eq!(theirs.criteria_met, ["qualify_need", "qualify_money"]);

        let line = |quantity| OrderLine { product: "SY215C".into(), quantity, ..OrderLine::default() };
        let order = Order { id: 4, lines: vec![line(1)], ..Order::default() };
        let mut stored = Order { lines: vec![line(3)], ..order.clone() };
        let merged = Order::merge_into(&order, &Order { lines: vec![line(2)], ..order.clone() }, &mut stored);
        assert_eq!((merged, stored.lines), (vec![C::field("lines")], vec![line(3)]), "order lines are one field");

        let setting = |value: &str| Setting { key: "funnel".into(), value: value.into() };
        let merged = merge(None, Some(&setting("{\"a\":1}")), Some(&setting("{\"a\":2}")));
        assert_eq!(merged.clashes, vec![C::field("value")], "settings created on both sides");
    }

    /// The stored names of `record`'s fields, nested objects opened where `listed` names a path
    /// into them.
    fn stored_names(record: &impl Serialize, listed: &[&str]) -> Vec<String> {
        fn names(value: &serde_json::Value, prefix: &str, listed: &[&str]) -> Vec<String> {
            let serde_json::Value::Object(fields) = value else { return Vec::new() };
            let mut found = Vec::new();
            for (name, value) in fields {
                let path = format!("{prefix}{name}");
                let nested = format!("{path}.");
                if value.is_object() && listed.iter().any(|l| l.starts_with(&nested)) {
                    found.extend(names(value, &nested, listed));
                } else {
                    found.push(path);
                }
            }
            found
        }
        names(&serde_json::to_value(record).unwrap(), "", listed)
    }

    #[test]
    fn every_kind_lists_each_of_its_fields_exactly_once() {
        fn sorted(names: impl IntoIterator<Item = impl ToString>) -> Vec<String> {
            let mut names: Vec<String> = names.into_iter().map(|n| n.to_string()).collect();
            names.sort_unstable();
            names
        }
        fn case<T: Mergeable + Serialize>(record: T) -> (Vec<String>, Vec<String>) {
            (sorted(T::FIELD_NAMES), sorted(stored_names(&record, T::FIELD_NAMES)))
        }
        // An opportunity writes `external_id` only when set.
        let opportunity = Opportunity { external_id: "D-1".into(), ..Opportunity::default() };
        for (kind, (listed, stored)) in [
            ("Customer", case(Customer::default())),
            ("Contact", case(Contact::default())),
            ("Interaction", case(Interaction::default())),
            ("Order", case(Order::default())),
            ("Opportunity", case(opportunity)),
            ("Part", case(Part::default())),
            ("StockLevel", case(StockLevel::default())),
            ("Machine", case(Machine::default())),
            ("ServiceTicket", case(ServiceTicket::default())),
            ("Supplier", case(Supplier::default())),
            ("TradePartner", case(TradePartner::default())),
            ("User", case(User::default())),
            ("Setting", case(Setting::default())),
        ] {
            let mut unique = listed.clone();
            unique.dedup();
            assert_eq!(unique, listed, "{kind} lists a field twice");
            assert_eq!(listed, stored, "{kind}");
        }
    }
}
