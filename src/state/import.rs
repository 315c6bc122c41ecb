//! Importing a file: what the import is checked against (stored customers, contacts, people and
//! the mapping remembered for the file's layout, read in one transaction), the row conversion
//! run in time slices so the page shows progress and can stop it, and the commit: everything an
//! import writes, in one transaction.

use super::app::AppState;
use super::browser;
use crate::domain::duplicates::Match;
use crate::domain::import::csv::Table;
use crate::domain::import::customers::ImportRow;
use crate::domain::import::customers::{Conversion, ConvertContext, Converted};
use crate::domain::import::mapping::{Mapping, Target};
use crate::domain::import::plan::{creation_entry, DuplicatePolicy, PlanCounts, Planner, Stamp, Write};
use crate::domain::model::{Contact, Customer, Setting, User};
use crate::store::{Batch, Entity, Key, Lookup, Record, Store, StoreError};
use leptos::prelude::GetUntracked;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

/// Rows converted between two looks at the clock.
const ROWS_PER_CHECK: usize = 250;
/// Longest stretch of conversion before the page gets to paint and take a tap on Cancel.
const SLICE_MS: f64 = 40.0;

/// What an import is checked against, from one snapshot of the workspace.
pub struct ImportContext {
    pub customers: Vec<Customer>,
    pub contacts: Vec<Contact>,
    pub users: Vec<User>,
    /// The mapping last used for a file with this layout, if it still fits.
    pub remembered: Option<Mapping>,
}

fn setting_key(signature: &str) -> String {
    format!("import.mapping.{signature}")
}

pub async fn context(app: AppState, signature: &str, columns: usize) -> Result<ImportContext, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let mut found = store
        .read_many(&[
            Lookup::All(Entity::Customer),
            Lookup::All(Entity::Contact),
            Lookup::All(Entity::User),
            Lookup::Key(Entity::Setting, Key::Text(setting_key(signature))),
        ])
        .await?;
    let setting: Option<Setting> = found.take(3).into_iter().next();
    Ok(ImportContext {
        customers: found.take(0),
        contacts: found.take(1),
        users: found.take(2),
        remembered: setting.and_then(|s| decode_mapping(&s.value)).filter(|m| m.0.len() == columns),
    })
}

/// Converts every row (the table is consumed row by row), yielding to the page every
/// [`SLICE_MS`]; `progress` hears the rows done so far. `None` when `cancelled` said so between
/// two slices.
pub async fn convert(
    table: Table,
    mapping: &Mapping,
    users: &[User],
    progress: impl Fn(usize),
    cancelled: impl Fn() -> bool,
) -> Option<Converted> {
    let mut conversion = Conversion::new(table, mapping, &ConvertContext { users });
    while !conversion.is_done() {
        let started = js_sys::Date::now();
        while !conversion.is_done() && js_sys::Date::now() - started < SLICE_MS {
            conversion.step(ROWS_PER_CHECK);
        }
        progress(conversion.done());
        browser::sleep(0).await;
        if cancelled() {
            return None;
        }
    }
    Some(conversion.finish())
}

/// What an import writes, decided when it is committed.
pub struct Commit<'a> {
    pub rows: Vec<ImportRow>,
    /// Each row's match among the stored customers, from `plan::find_duplicates`.
    pub matches: &'a [Option<Match>],
    pub context: &'a ImportContext,
    pub policy: DuplicatePolicy,
    pub reason: &'a str,
    /// The remembered mapping's layout and the mapping.
    pub signature: &'a str,
    pub mapping: &'a Mapping,
}

/// Writes the rows as the plan says (customers, contacts and their audit entries) and remembers
/// the mapping for the file's layout — one transaction: a failed import writes nothing. Each row
/// is planned as the store takes it, so the records are never all held at once; `progress`
/// hears how many have gone out of [`plan::records_bound`] + 1. Returns what was done.
pub async fn commit_customers(
    app: AppState,
    commit: Commit<'_>,
    progress: impl FnMut(usize),
) -> Result<PlanCounts, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let stamp = Stamp { user: app.current_user.get_untracked(), today: browser::today(), at_ms: browser::now_ms() };
    let Commit { rows, matches, context, policy, reason, signature, mapping } = commit;
    let planner = RefCell::new(Planner::new(&context.customers, &context.contacts, policy, stamp, reason));
    let remembered = Setting { key: setting_key(signature), value: encode_mapping(mapping) };
    let mut new_id = browser::new_id;
    let records = rows
        .into_iter()
        .zip(matches.iter().copied().chain(std::iter::repeat(None)))
        .filter_map(|(row, matched)| planner.borrow_mut().plan_row(row, matched, &mut new_id))
        .flat_map(|write| {
            let (customer, contact, entry) = match write {
                Write::Created { customer, contact, entry_id } => {
                    let entry = creation_entry(&customer, contact.as_ref(), entry_id, stamp, reason);
                    (customer, contact, entry)
                }
                Write::Updated { customer, contact, entry } => (customer, contact, Some(entry)),
            };
            [Some(customer.into_any()), contact.map(Record::into_any), entry.map(Record::into_any)]
        })
        .flatten()
        .chain(std::iter::once(remembered.into_any()));
    let kinds = [Entity::Customer, Entity::Contact, Entity::Audit, Entity::Setting];
    let result = store.put_stream(&kinds, records, progress).await;
    app.changed();
    result.map(|()| planner.into_inner().counts)
}

/// Writes the people of a sales-team file (new and updated) in one transaction.
pub async fn commit_users(app: AppState, users: Vec<User>) -> Result<(), StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let result = store.write(Batch::new().put_all(users)).await;
    app.changed();
    result
}

/// A mapping as a JSON array of [`Target::key`]s.
fn encode_mapping(mapping: &Mapping) -> String {
    let keys: js_sys::Array = mapping.0.iter().map(|target| JsValue::from_str(&target.key())).collect();
    js_sys::JSON::stringify(&keys).ok().and_then(|text| text.as_string()).unwrap_or_default()
}

/// The mapping a setting holds; `None` when it is damaged or names a target this version lacks.
fn decode_mapping(text: &str) -> Option<Mapping> {
    let keys: js_sys::Array = js_sys::JSON::parse(text).ok()?.dyn_into().ok()?;
    keys.iter().map(|key| key.as_string().and_then(|k| Target::from_key(&k))).collect::<Option<Vec<_>>>().map(Mapping)
}
