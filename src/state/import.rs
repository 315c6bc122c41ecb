//! Importing a file: what the import is checked against (stored customers, contacts, people and
//! the mapping remembered for the file's layout, read in one transaction), the row conversion
//! run in time slices so the page shows progress and can stop it, and the commit: everything an
//! import writes, in one transaction.

use super::app::AppState;
use super::browser;
use crate::domain::customers::duplicates::DuplicateIndex;
use crate::domain::import::customers::{Conversion, ConvertContext, Converted, ImportRow};
use crate::domain::import::mapping::{Mapping, Target};
use crate::domain::import::plan::{self, creation_entry, DuplicatePolicy, PlanCounts, Planner, RowMatch, Stamp, Write};
use crate::domain::import::source::Source;
use crate::domain::model::{Contact, Customer, Setting, User};
use crate::store::{Entity, Reads, Record, Store, StoreError};
use crate::usecases;
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
    let store = app.open_store().await.ok_or_else(StoreError::not_open)?;
    let mut reads = Reads::new();
    let (customers, contacts, users) = (reads.all(), reads.all(), reads.all());
    let setting = reads.key::<Setting>(setting_key(signature));
    let mut found = store.read_many(&reads).await?;
    let setting = found.one(setting);
    Ok(ImportContext {
        customers: found.take(customers),
        contacts: found.take(contacts),
        users: found.take(users),
        remembered: setting.and_then(|s| decode_mapping(&s.value)).filter(|m| m.0.len() == columns),
    })
}

/// Every row checked: what the conversion counted, what each ready row's write needs, and the
/// first ready rows for the preview. Nothing more of the rows is kept: the import converts them
/// again from the file as it writes them.
pub struct Checked {
    /// The mapping the rows were converted with.
    pub mapping: Mapping,
    pub converted: Converted,
    /// One per ready row, in file order.
    pub matches: Vec<RowMatch>,
    pub preview: Vec<ImportRow>,
}

/// Converts every row of `source` and matches the ready ones against the stored customers,
/// yielding to the page every [`SLICE_MS`]; `progress` hears the rows done so far. `None` when
/// `cancelled` said so between two slices.
pub async fn check(
    source: &Source,
    mapping: Mapping,
    context: &ImportContext,
    preview_rows: usize,
    progress: impl Fn(usize),
    cancelled: impl Fn() -> bool,
) -> Option<Checked> {
    let mut conversion = Conversion::new(source.header.clone(), &mapping, &ConvertContext { users: &context.users });
    let index = DuplicateIndex::new(&context.customers, &context.contacts);
    let mut matches = Vec::new();
    let mut preview = Vec::new();
    let mut rows = source.rows().peekable();
    let mut done = 0;
    while rows.peek().is_some() {
        let started = js_sys::Date::now();
        while rows.peek().is_some() && js_sys::Date::now() - started < SLICE_MS {
            for row in rows.by_ref().take(ROWS_PER_CHECK) {
                done += 1;
                let Some(ready) = conversion.row(&row) else { continue };
                matches.push(plan::match_row(&ready, &index));
                if preview.len() < preview_rows {
                    preview.push(ready);
                }
            }
        }
        progress(done);
        browser::sleep(0).await;
        if cancelled() {
            return None;
        }
    }
    let converted = conversion.finish();
    Some(Checked { mapping, converted, matches, preview })
}

/// What an import writes, decided when it is committed.
pub struct Commit<'a> {
    pub source: &'a Source,
    /// The check of this source: its mapping is the one imported with.
    pub checked: &'a Checked,
    pub context: &'a ImportContext,
    pub policy: DuplicatePolicy,
    pub reason: &'a str,
    /// The remembered mapping's layout.
    pub signature: &'a str,
}

/// Writes the ready rows as the plan says (customers, contacts and their audit entries) and
/// remembers the mapping for the file's layout — one transaction: a failed import writes
/// nothing. Each row is converted again and planned as the store takes it, so the records are
/// never all held at once; `progress` hears how many have gone out of [`plan::records_bound`]
/// + 1. Returns what was done.
pub async fn commit_customers(
    app: AppState,
    commit: Commit<'_>,
    progress: impl FnMut(usize),
) -> Result<PlanCounts, StoreError> {
    let store = app.store().ok_or_else(StoreError::not_open)?;
    let stamp = Stamp { user: app.current_user.get_untracked(), today: browser::today(), at_ms: browser::now_ms() };
    let Commit { source, checked, context, policy, reason, signature } = commit;
    let mapping = &checked.mapping;
    let planner = RefCell::new(Planner::new(&context.customers, &context.contacts, policy, stamp, reason));
    let remembered = Setting { key: setting_key(signature), value: encode_mapping(mapping) };
    let mut conversion = Conversion::new(source.header.clone(), mapping, &ConvertContext { users: &context.users });
    let mut new_id = browser::new_id;
    let records = source
        .rows()
        .filter_map(|row| conversion.row(&row))
        .zip(checked.matches.iter())
        .filter_map(|(row, found)| planner.borrow_mut().plan_row(row, found.matched, &mut new_id))
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
    let result = usecases::users::commit(&*store, users).await;
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
