//! The three-way merge of a record saved from a stale revision: `base` is what the user started
//! from, `mine` what they saved, `theirs` what is stored now. A field changed on one side takes
//! that side's value; changed on both to different values it is a [`Clash`] and keeps theirs
//! until the user picks. Stamps (who created or last wrote the record) never clash and take
//! mine, since the merged record is mine to write. Set fields apply each side's additions and
//! removals; keyed lists merge item by item, so two people adding different custom fields both
//! keep theirs.

use super::cockpit::judge::CockpitSettings;
use super::grading::indicators::Ratings;
use super::grading::settings::GradingSettings;
use super::market::settings::MarketSettings;
use super::market::{Market, SiteSighting};
use super::model::{
    Contact, Customer, Id, Interaction, Machine, Opportunity, Order, Part, ServiceTicket, Setting, StockLevel,
    Supplier, TradePartner, User,
};
use super::parts::policy_form::PolicyChoice;
use super::region::MarketTypes;
use super::service::maintenance::MaintenanceSettings;
use super::service::settings::ServiceSettings;
use super::shows::close::FollowUpDays;
use super::shows::{Lead, Show};

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

    /// The record as every side of a merge sees it: items of keyed lists that were stored before
    /// they had keys are keyed alike on each side (order lines by position).
    fn keyed(self) -> Self;

    /// Copies field `clash` (or its list item) from `from` into `self`: used when the user keeps
    /// "mine" (or "stored") for a clash. A clash naming no field of this kind changes nothing.
    fn take(&mut self, from: &Self, clash: &Clash);

    /// Whether `field` is text the user may type a third value of when both sides changed it.
    fn is_text(field: &str) -> bool;

    /// Sets text field `field` to `text`; any other field is left as it is.
    fn set_text(&mut self, field: &str, text: &str);

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
    let keyed = |record: Option<&T>| record.cloned().map(T::keyed);
    let (base, mine, theirs) = (keyed(base), keyed(mine), keyed(theirs));
    let (base, mine, theirs) = (base.as_ref(), mine.as_ref(), theirs.as_ref());
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

/// Implements [`Mergeable`] for a record from its fields by kind: plain `fields`, `texts` (plain
/// `String` fields a user may type a third value of), `sets` of items that are their own
/// identity, `keyed` lists of items with a key field, and `stamps`; `keys_with` names the
/// function keying items stored without keys (see [`Mergeable::keyed`]). Nested fields are
/// written as paths (`team.lead`). Sections without entries may be left out.
macro_rules! mergeable {
    (@all $record:ty {
        fields: [$($($field:ident).+),* $(,)?],
        texts: [$($text:ident),* $(,)?],
        sets: [$($($set:ident).+),* $(,)?],
        keyed: [$($($list:ident).+ by $key:ident),* $(,)?],
        stamps: [$($($stamp:ident).+),* $(,)?],
        keys_with: [$($keys_with:path)?]
    }) => {
        impl Mergeable for $record {
            fn keyed(self) -> Self {
                let record = self;
                $(let record = $keys_with(record);)?
                record
            }

            const FIELD_NAMES: &'static [&'static str] = &[
                $(field_name!($($field).+),)*
                $(stringify!($text),)*
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
                $(merge_value(stringify!($text), base.map(|base| &base.$text), &mine.$text, &mut theirs.$text, &mut clashes);)*
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

            fn is_text(field: &str) -> bool {
                [$(stringify!($text)),*].contains(&field)
            }

            #[allow(unused_variables)] // kinds without text fields
            fn set_text(&mut self, field: &str, text: &str) {
                $(if field == stringify!($text) {
                    self.$text = text.to_owned();
                })*
            }

            fn take(&mut self, from: &Self, clash: &Clash) {
                $(if clash.field == field_name!($($field).+) {
                    self.$($field).+ = from.$($field).+.clone();
                })*
                $(if clash.field == stringify!($text) {
                    self.$text = from.$text.clone();
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
        $(, texts: [$($texts:tt)*])?
        $(, sets: [$($sets:tt)*])?
        $(, keyed: [$($keyed:tt)*])?
        $(, stamps: [$($stamps:tt)*])?
        $(, keys_with: $keys_with:path)? $(,)?
    }) => {
        mergeable!(@all $record {
            fields: [$($fields)*],
            texts: [$($($texts)*)?],
            sets: [$($($sets)*)?],
            keyed: [$($($keyed)*)?],
            stamps: [$($($stamps)*)?],
            keys_with: [$($keys_with)?]
        });
    };
}

mergeable! {
    Customer {
        fields: [
            id, company, country, province, city, address, phone, email, wechat, other_channels, industry,
            parent_company, source, communication, credit_index, lifecycle, lost_kind, lost_reason,
            customer_type, buyer_role, concern, application, market, market_override, key_account,
            key_account_reason, team.lead,
        ],
        sets: [main_products, team.members, absorbed],
        keyed: [custom by name],
        stamps: [created_by, created_at, modified_by, modified_at],
    }
}

mergeable! { Contact { fields: [id, customer_id, name, title, phone, email, wechat, role, primary] } }

mergeable! {
    Interaction { fields: [id, customer_id, contact_id, kind, date, by, notes, follow_up, follow_up_done] }
}

// Lines merge one by one by their own ids, so two people editing different lines both keep
// theirs; lines stored before they had ids are keyed by position first (`orders::lines::keyed`).
mergeable! {
    Order {
        fields: [
            id, customer_id, status, owner, ordered, ready, shipped, documents_sent, paid, prepaid_percent,
            credit_days, claim,
        ],
        texts: [number],
        keyed: [lines by id],
        keys_with: crate::domain::orders::lines::keyed,
    }
}

// The stage history, close-date changes and gate overrides are logs each side only appends to,
// so they merge as sets: both sides' new entries are kept. MAN's three ticks merge one by one.
mergeable! {
    Opportunity {
        fields: [
            id, customer_id, value, owner, source, stage, man.money, man.authority, man.need, created, expected_close,
            forecast_category, external_id, strategy_task,
        ],
        texts: [title, product, lost_reason, competitor],
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

mergeable! {
    Machine { fields: [id, customer_id, delivered, hours, hours_per_month, status], texts: [serial, model] }
}

mergeable! {
    ServiceTicket {
        fields: [
            id, customer_id, machine_id, kind, status, owner, opened, closed, visits, followed_up, priority, opened_at,
            meter, closing, about_order, about_part, about_ticket, root_cause, complaint_owner, interval,
        ],
        texts: [number, summary, complaint, cause, correction],
        sets: [assignees, changes, site_visits],
    }
}

// The calendar, the targets and the threshold are each edited as a whole on their own card.
mergeable! { ServiceSettings { fields: [calendar, sla, tickets] } }

// The programmes are edited as one form: a save replaces them whole.
mergeable! { MaintenanceSettings { fields: [programmes] } }

mergeable! {
    Supplier {
        fields: [id, price_level, delivery_speed, service_level, quality],
        texts: [name, address, contact, phone, email, wechat, notes],
        sets: [products],
        stamps: [created_by, created_at, modified_by, modified_at],
    }
}

mergeable! {
    TradePartner {
        fields: [id, kind],
        texts: [name, contact, phone, email, address, reference, notes],
        stamps: [created_by, created_at, modified_by, modified_at],
    }
}

mergeable! { User { fields: [id, name, role, active, manager, office] } }

mergeable! {
    Ratings { fields: [customer_id, industry_influence, new_product, price_sensitivity, communication, confirmed_grade] }
}

// A show's staff merges as a set: two people adding different staff both keep theirs.
mergeable! {
    Show {
        fields: [id, starts, ends, cost, closed],
        texts: [name, place, booth],
        sets: [staff],
        stamps: [created_by, created_at, modified_by, modified_at],
    }
}

// A lead's interest is one answer to one question, so it merges whole; MAN's ticks one by one.
mergeable! {
    Lead {
        fields: [
            id, show_id, captured_by, captured_at, mobile, province, interest, man.money, man.authority, man.need,
            financing, trade_in, temperature, customer_id, contact_id, converted,
        ],
        texts: [name, company, note],
    }
}

// A sighting's class and line are answers of their own: each merges whole, field by field.
mergeable! {
    SiteSighting {
        fields: [id, line, tonnage, province, seen_on, units, logged_by],
        texts: [brand, model, place, note],
    }
}

mergeable! { Market { fields: [id, province, line, year, tonnage, units, source] } }

// A setting's value is one JSON text: two edits of it clash as a whole. The settings forms merge
// their structured values instead (these below, and `FunnelSettings` by its own places).
mergeable! { Setting { fields: [key, value] } }

mergeable! { PolicyChoice { fields: [service_level, cover_days_min, cover_days_max, dead_after_months] } }

// A tile's two lines (and the band's three numbers) are one control group each: they must stay in
// order, so they merge whole.
mergeable! {
    CockpitSettings {
        fields: [
            quota_attainment, pipeline_coverage, conversion, d_share, days_of_cover, stock_value, dead_stock_share,
            fill_rate, service_absorption, sla_met, csat, csat_satisfied_from, flat_within,
        ],
    }
}

// Our brands merge as a set: two windows adding different brands both keep theirs.
mergeable! {
    MarketSettings {
        fields: [target_share, stable_leader_to_third, equilibrium_ratio, equilibrium_tolerance, viable_of_leader],
        sets: [own_brands],
    }
}

mergeable! { FollowUpDays { fields: [hot, warm, cold] } }

// One field per control or group of the grading form: the weights must sum to 100 % and the bars
// fall from A to C, so each group merges whole; the rules and the grade policies are one section
// each; what the form does not edit merges by its own fields.
mergeable! {
    GradingSettings {
        fields: [
            scoring.weights, scoring.rules, scoring.thresholds, scoring.capacity_shift,
            scoring.composition_direction, scoring.unrated_score, scoring.no_data_score, portfolio.window_days,
            portfolio.core_percent, portfolio.next_percent, portfolio.rank_by, portfolio.growth_days, portfolio.promising_growth_percent,
            portfolio.promising_min_score, portfolio.d_share_alert_percent, portfolio.policies, retention.gap_factor,
            retention.min_intervals, retention.value_window_days, retention.fall_percent,
            retention.min_previous_orders, retention.win_back_grade, retention.projection_years,
            retention.service_window_days, retention.low_rating, learning,
        ],
    }
}

// Each province set apart is its own item: two people setting different provinces both keep theirs.
mergeable! { MarketTypes { fields: [], keyed: [changed by province] } }

#[cfg(test)]
mod tests;
