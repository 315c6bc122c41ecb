//! Importing a customer file: what the import is checked against (stored customers, contacts,
//! people and the mapping remembered for the file's layout, read in one transaction), the check
//! of its rows in steps (the page yields between them to show progress and take a tap on
//! Cancel), and the commit: everything the import writes, in one transaction.

use super::settings;
use super::Context;
use crate::domain::customers::duplicates::DuplicateIndex;
use crate::domain::import::choices::ValueMap;
use crate::domain::import::customers::{Conversion, ConvertContext, Converted, ImportRow};
use crate::domain::import::mapping::{Mapping, Target};
use crate::domain::import::plan::{self, creation_entry, DuplicatePolicy, PlanCounts, Planner, RowMatch, Stamp, Write};
use crate::domain::import::source::{Source, SourceRows};
use crate::domain::model::{Contact, Customer, Id, Setting, User};
use crate::store::json::from_json;
use crate::store::{AnyRecord, Base, Entity, Put, Reads, Record, Store, StoreError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::iter::Peekable;

/// What an import is checked against, from one snapshot of the workspace.
pub struct ImportContext {
    pub customers: Vec<Customer>,
    pub contacts: Vec<Contact>,
    pub users: Vec<User>,
    /// What each stored customer's and contact's update expects: the revision it was read at,
    /// so a record changed since the check refuses the whole import instead of being undone.
    pub bases: HashMap<(Entity, Id), Base>,
    /// The mapping last used for a file with this layout, if it still fits.
    pub remembered: Option<Mapping>,
    /// The words of choice columns mapped in earlier imports, per field.
    pub values: ValueMap,
}

/// Every row checked: what the conversion counted, what each ready row's write needs, and the
/// first ready rows for the preview. Nothing more of the rows is kept: the import converts them
/// again from the file as it writes them.
pub struct Checked {
    /// The mapping the rows were converted with.
    pub mapping: Mapping,
    /// The words mapped (remembered, and this import's answers: a choice, kept as written, or
    /// refused).
    pub values: ValueMap,
    pub converted: Converted,
    /// One per ready row, in file order.
    pub matches: Vec<RowMatch>,
    pub preview: Vec<ImportRow>,
}

/// Checking a file's rows: each converted and, when ready, matched against the stored
/// customers, a step at a time.
pub struct Check<'a> {
    mapping: &'a Mapping,
    values: &'a ValueMap,
    conversion: Conversion<'a>,
    index: DuplicateIndex,
    rows: Peekable<SourceRows<'a>>,
    matches: Vec<RowMatch>,
    preview: Vec<ImportRow>,
    preview_rows: usize,
    done: usize,
}

impl<'a> Check<'a> {
    /// A check of `source` converted with `mapping` and the words mapped in `values` (those
    /// remembered with this import's answers), keeping the first `preview_rows` ready rows.
    pub fn new(
        source: &'a Source,
        mapping: &'a Mapping,
        values: &'a ValueMap,
        context: &'a ImportContext,
        preview_rows: usize,
    ) -> Check<'a> {
        let ctx = ConvertContext { users: &context.users, values };
        Check {
            mapping,
            values,
            conversion: Conversion::new(source.header.clone(), mapping, &ctx),
            index: DuplicateIndex::new(&context.customers, &context.contacts),
            rows: source.rows().peekable(),
            matches: Vec::new(),
            preview: Vec::new(),
            preview_rows,
            done: 0,
        }
    }

    /// Checks up to `rows` more rows; whether any remain.
    pub fn step(&mut self, rows: usize) -> bool {
        for row in self.rows.by_ref().take(rows) {
            self.done += 1;
            let Some(ready) = self.conversion.row(&row) else { continue };
            self.matches.push(plan::match_row(&ready, &self.index));
            if self.preview.len() < self.preview_rows {
                self.preview.push(ready);
            }
        }
        self.has_more()
    }

    /// Whether rows remain to be checked.
    pub fn has_more(&mut self) -> bool {
        self.rows.peek().is_some()
    }

    /// Rows checked so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// What the check found of every row.
    pub fn finish(self) -> Checked {
        let (mapping, values) = (self.mapping.clone(), self.values.clone());
        Checked { mapping, values, converted: self.conversion.finish(), matches: self.matches, preview: self.preview }
    }
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

/// The settings store's key of the mapping remembered for a file layout.
pub fn setting_key(signature: &str) -> String {
    format!("import.mapping.{signature}")
}

/// The settings store's key of the words mapped in customer files, per field.
pub const VALUES_KEY: &str = "import.values.customers";

/// What a file of `columns` columns with layout `signature` is checked against.
pub async fn context(store: &impl Store, signature: &str, columns: usize) -> Result<ImportContext, StoreError> {
    let mut reads = Reads::new();
    let (customers, contacts, users) = (reads.all::<Customer>(), reads.all::<Contact>(), reads.all());
    let (customers, contacts) = (reads.with_revisions(customers), reads.with_revisions(contacts));
    let setting = reads.key::<Setting>(setting_key(signature));
    let values = reads.key::<Setting>(VALUES_KEY.to_owned());
    let mut found = store.read_many(&reads).await?;
    let setting = found.one(setting);
    let values = found.one(values).and_then(|s| from_json(&s.value)).map(ValueMap::from_stored).unwrap_or_default();
    let (customers, contacts) = (found.take_revised(customers), found.take_revised(contacts));
    let mut bases = HashMap::with_capacity(customers.len() + contacts.len());
    bases.extend(customers.iter().map(|c| ((Entity::Customer, c.record.id), c.base())));
    bases.extend(contacts.iter().map(|c| ((Entity::Contact, c.record.id), c.base())));
    Ok(ImportContext {
        customers: customers.into_iter().map(|c| c.record).collect(),
        contacts: contacts.into_iter().map(|c| c.record).collect(),
        users: found.take(users),
        bases,
        remembered: setting.and_then(|s| decode_mapping(&s.value)).filter(|m| m.0.len() == columns),
        values,
    })
}

/// Writes the ready rows as the plan says (customers, contacts and their audit entries) and
/// remembers the mapping for the file's layout and the words mapped — one transaction: a failed import writes
/// nothing. Each row is converted again and planned as the store takes it, so the records are
/// never all held at once; `progress` hears how many have gone out of
/// [`records_bound`](crate::domain::import::plan::records_bound) + 1. Returns what was done.
pub async fn commit(
    store: &impl Store,
    ctx: &mut Context,
    commit: Commit<'_>,
    progress: impl FnMut(usize),
) -> Result<PlanCounts, StoreError> {
    let stamp = Stamp { user: ctx.user, today: ctx.today, at_ms: ctx.now_ms };
    let revision = ctx.stamp();
    let Commit { source, checked, context, policy, reason, signature } = commit;
    let mapping = &checked.mapping;
    let planner = RefCell::new(Planner::new(&context.customers, &context.contacts, policy, stamp, reason));
    let remembered = settings::setting(&setting_key(signature), &encode_mapping(mapping))?;
    let values = context.values.merged(&checked.values);
    let words = settings::setting(VALUES_KEY, &values.to_stored())?;
    let convert = ConvertContext { users: &context.users, values: &values };
    let mut conversion = Conversion::new(source.header.clone(), mapping, &convert);
    let mut new_id = || ctx.new_id();
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
            // An update's contact may be one the customer already has (matched by name).
            let base = |entity, id| context.bases.get(&(entity, id)).copied().unwrap_or(Base::New);
            let put = |record: AnyRecord, base| Put { record, base };
            let customer_base = base(Entity::Customer, customer.id);
            [
                Some(put(customer.into_any(), customer_base)),
                contact.map(|c| {
                    let contact_base = base(Entity::Contact, c.id);
                    put(c.into_any(), contact_base)
                }),
                entry.map(|e| put(e.into_any(), Base::New)),
            ]
        })
        .flatten()
        .chain([remembered, words].map(|setting| Put { record: setting.into_any(), base: Base::Latest }));
    let kinds = [Entity::Customer, Entity::Contact, Entity::Audit, Entity::Setting];
    store.put_stream(revision, &kinds, records, progress).await?;
    Ok(planner.into_inner().counts)
}

/// A mapping as its [`Target::key`]s, as stored.
fn encode_mapping(mapping: &Mapping) -> Vec<String> {
    mapping.0.iter().map(Target::key).collect()
}

/// The mapping a setting holds; `None` when it is damaged or names a target this version lacks.
fn decode_mapping(text: &str) -> Option<Mapping> {
    let keys: Vec<String> = from_json(text)?;
    keys.iter().map(|key| Target::from_key(key)).collect::<Option<Vec<_>>>().map(Mapping)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::json::to_json;

    #[test]
    fn a_mapping_reads_back_as_stored_and_a_damaged_one_reads_as_none() {
        let mapping = Mapping(vec![Target::Ignore]);
        let text = to_json(&encode_mapping(&mapping)).unwrap();
        assert_eq!(decode_mapping(&text), Some(mapping));
        assert_eq!(decode_mapping("[\"no-such-target\"]"), None);
        assert_eq!(decode_mapping("{"), None);
    }
}
