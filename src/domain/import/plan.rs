//! What an import writes: converted rows checked against the stored customers, turned into the
//! customers, contacts and audit entries of one all-or-nothing write.
//!
//! A row that matches a stored customer ([`DuplicateIndex`]: the id our export writes, the
//! normalised company, a phone or an e-mail address) is skipped, updates that customer, or is
//! created anyway, as the user chose. An update overwrites only what the row filled: an empty
//! cell keeps the stored value, custom fields merge by name, and the row's contact updates the
//! customer's contact of the same name (or joins the customer's contacts). An update that changes
//! nothing writes nothing. Every created or changed customer gets one audit entry with its
//! field-level changes, so the import shows on each customer's timeline.

use super::customers::ImportRow;
use super::fold_key;
use crate::domain::audit;
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::customers::duplicates::{DuplicateIndex, Match};
use crate::domain::date::Date;
use crate::domain::model::{AuditAction, AuditEntry, Contact, Customer, FieldChange, Id, LeadSource};
use std::collections::{HashMap, HashSet};

/// What to do with a row that matches a stored customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DuplicatePolicy {
    #[default]
    Skip,
    Update,
    /// Import it as another customer.
    Create,
}

/// Who imports, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub user: Option<Id>,
    pub today: Date,
    pub at_ms: i64,
}

/// One customer the import writes, with its contact and audit entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    /// A new customer. Its entry (every field it starts with) is derived as it is written, by
    /// [`creation_entry`], so a large import never holds a second copy of every new customer.
    Created { customer: Customer, contact: Option<Contact>, entry_id: Id },
    /// A stored customer with what the row changed, and the entry listing the changes.
    Updated { customer: Customer, contact: Option<Contact>, entry: AuditEntry },
}

/// How many rows an import created, updated, left unchanged and skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanCounts {
    pub created: usize,
    pub updated: usize,
    /// Matched rows whose update would change nothing.
    pub unchanged: usize,
    pub skipped: usize,
}

impl Write {
    /// Records it puts: the customer, its contact if any, and its audit entry.
    pub fn records(&self) -> usize {
        match self {
            Write::Created { contact, .. } | Write::Updated { contact, .. } => 2 + usize::from(contact.is_some()),
        }
    }
}

/// What the check learned of a ready row that its write needs: the stored customer it most
/// likely duplicates, and whether it brings a contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowMatch {
    pub matched: Option<Match>,
    pub has_contact: bool,
}

/// `row` checked against the stored customers: its strongest match.
pub fn match_row(row: &ImportRow, index: &DuplicateIndex) -> RowMatch {
    let contacts: Vec<&Contact> = row.contact.iter().collect();
    RowMatch {
        matched: index.matches(&row.customer, &contacts, row.id).into_iter().next(),
        has_contact: row.contact.is_some(),
    }
}

/// At most how many records an import of rows checked as `matches` puts under `policy`: exact
/// but for updates that turn out to change nothing. For a progress bar before the write.
pub fn records_bound(matches: &[RowMatch], policy: DuplicatePolicy) -> usize {
    matches
        .iter()
        .filter(|row| !(row.matched.is_some() && policy == DuplicatePolicy::Skip))
        .map(|row| 2 + usize::from(row.has_contact))
        .sum()
}

/// The audit entry of a customer the import creates: who, when, why, and every field it starts
/// with (its contact's too).
pub fn creation_entry(
    customer: &Customer,
    contact: Option<&Contact>,
    entry_id: Id,
    stamp: Stamp,
    reason: &str,
) -> Option<AuditEntry> {
    let mut changes = audit::diff(None, Some(customer));
    if let Some(contact) = contact {
        changes.extend(audit::diff(None, Some(contact)));
    }
    audit::entry(entry_id, stamp.at_ms, stamp.user, customer.id, AuditAction::Create, changes, reason)
}

/// Turns checked rows into writes one row at a time, so an import can hand each to the store as
/// it is made and never hold them all: `rows` matched (by `match_row`) among `customers`
/// (with their `contacts`). A new customer keeps the id its row names when no stored or imported
/// customer has it (a re-import into another workspace keeps ids); otherwise, and for every
/// contact and audit entry, ids come from the caller's `new_id`. `reason` is recorded on every
/// audit entry.
pub struct Planner<'a> {
    taken: HashSet<Id>,
    stored: HashMap<Id, &'a Customer>,
    contacts_of: HashMap<Id, Vec<&'a Contact>>,
    policy: DuplicatePolicy,
    stamp: Stamp,
    reason: &'a str,
    pub counts: PlanCounts,
}

impl<'a> Planner<'a> {
    pub fn new(
        customers: &'a [Customer],
        contacts: &'a [Contact],
        policy: DuplicatePolicy,
        stamp: Stamp,
        reason: &'a str,
    ) -> Planner<'a> {
        let mut contacts_of: HashMap<Id, Vec<&Contact>> = HashMap::new();
        for contact in contacts {
            contacts_of.entry(contact.customer_id).or_default().push(contact);
        }
        Planner {
            taken: customers.iter().map(|c| c.id).collect(),
            stored: customers.iter().map(|c| (c.id, c)).collect(),
            contacts_of,
            policy,
            stamp,
            reason,
            counts: PlanCounts::default(),
        }
    }

    /// What `row` (which `matched` a stored customer, or not) writes; `None` when it is skipped
    /// or its update changes nothing. The row is consumed: a new customer is the row's own
    /// record, not a copy of it.
    pub fn plan_row(
        &mut self,
        row: ImportRow,
        matched: Option<Match>,
        new_id: &mut impl FnMut() -> Id,
    ) -> Option<Write> {
        let (stamp, reason) = (self.stamp, self.reason);
        let target = matched.and_then(|m| self.stored.get(&m.customer).copied());
        match (target, self.policy) {
            (Some(_), DuplicatePolicy::Skip) => {
                self.counts.skipped += 1;
                None
            }
            (Some(before), DuplicatePolicy::Update) => {
                let owned = self.contacts_of.get(&before.id).map_or(&[][..], Vec::as_slice);
                let Some((after, contact, changes)) = update(before, owned, &row, stamp, new_id) else {
                    self.counts.unchanged += 1;
                    return None;
                };
                let entry =
                    audit::entry(new_id(), stamp.at_ms, stamp.user, after.id, AuditAction::Update, changes, reason)
                        .expect("an update that changes something has an entry");
                self.counts.updated += 1;
                Some(Write::Updated { customer: after, contact, entry })
            }
            _ => {
                let id = match row.id {
                    Some(id) if !self.taken.contains(&id) => id,
                    _ => new_id(),
                };
                self.taken.insert(id);
                let (customer, contact) = create(row, id, stamp, new_id);
                self.counts.created += 1;
                Some(Write::Created { customer, contact, entry_id: new_id() })
            }
        }
    }
}

fn create(row: ImportRow, id: Id, stamp: Stamp, new_id: &mut impl FnMut() -> Id) -> (Customer, Option<Contact>) {
    // Without a source column the source is not known: not the model's default (a trade show).
    let source = if row.filled.contains(&CustomerColumn::Source) { row.customer.source } else { LeadSource::Other };
    let customer = Customer {
        id,
        source,
        created_by: stamp.user.unwrap_or(0),
        created_at: row.customer.created_at.or(Some(stamp.today)),
        modified_by: stamp.user.unwrap_or(0),
        modified_at: row.customer.modified_at.or(Some(stamp.today)),
        ..row.customer
    };
    let contact = row.contact.map(|c| Contact { id: new_id(), customer_id: id, ..c });
    (customer, contact)
}

/// `before` with what `row` filled; `None` when that changes nothing. Returns the customer, the
/// contact written (changed or added), and the changes.
fn update(
    before: &Customer,
    contacts: &[&Contact],
    row: &ImportRow,
    stamp: Stamp,
    new_id: &mut impl FnMut() -> Id,
) -> Option<(Customer, Option<Contact>, Vec<FieldChange>)> {
    let mut after = before.clone();
    for column in &row.filled {
        copy_column(&mut after, &row.customer, *column);
    }
    for field in &row.customer.custom {
        match after.custom.iter_mut().find(|f| f.name == field.name) {
            Some(stored) => stored.value.clone_from(&field.value),
            None => after.custom.push(field.clone()),
        }
    }
    let mut changes = audit::diff(Some(before), Some(&after));
    let contact = row.contact.as_ref().and_then(|imported| {
        let same = contacts.iter().find(|c| fold_key(&c.name) == fold_key(&imported.name)).copied();
        let mut contact = match same {
            Some(stored) => stored.clone(),
            None => Contact {
                id: new_id(),
                customer_id: before.id,
                primary: !contacts.iter().any(|c| c.primary),
                ..Contact::default()
            },
        };
        for column in &row.filled {
            copy_contact_column(&mut contact, imported, *column);
        }
        let contact_changes = audit::diff(same, Some(&contact));
        (!contact_changes.is_empty()).then(|| {
            changes.extend(contact_changes);
            contact
        })
    });
    if changes.is_empty() {
        return None;
    }
    after.modified_by = stamp.user.unwrap_or(0);
    after.modified_at = Some(stamp.today);
    Some((after, contact, changes))
}

/// Copies the customer field `column` holds from `from` to `to`. Place columns carry the whole
/// place (country, province and market), as the importer resolved them together.
fn copy_column(to: &mut Customer, from: &Customer, column: CustomerColumn) {
    use CustomerColumn as C;
    match column {
        C::Id | C::CreatedAt => {}
        C::Company => to.company.clone_from(&from.company),
        C::Country | C::Province => {
            to.country.clone_from(&from.country);
            to.province.clone_from(&from.province);
            to.market = from.market;
        }
        C::City => to.city.clone_from(&from.city),
        C::Address => to.address.clone_from(&from.address),
        C::Phone => to.phone.clone_from(&from.phone),
        C::Email => to.email.clone_from(&from.email),
        C::WeChat => to.wechat.clone_from(&from.wechat),
        C::OtherChannels => to.other_channels.clone_from(&from.other_channels),
        C::MainProducts => to.main_products.clone_from(&from.main_products),
        C::Industry => to.industry.clone_from(&from.industry),
        C::ParentCompany => to.parent_company.clone_from(&from.parent_company),
        C::Source => to.source = from.source,
        C::Communication => to.communication = from.communication,
        C::CreditIndex => to.credit_index = from.credit_index,
        C::Lifecycle => to.lifecycle = from.lifecycle,
        C::LostKind => to.lost_kind = from.lost_kind,
        C::LostReason => to.lost_reason.clone_from(&from.lost_reason),
        C::CustomerType => to.customer_type = from.customer_type,
        C::BuyerRole => to.buyer_role = from.buyer_role,
        C::Concern => to.concern = from.concern,
        C::Application => to.application = from.application,
        C::TeamLead => to.team.lead = from.team.lead,
        C::TeamMembers => to.team.members.clone_from(&from.team.members),
        // The stored record's own stamp is set when something changes.
        C::ModifiedAt => {}
        C::ContactName | C::ContactTitle | C::ContactPhone | C::ContactEmail | C::ContactWeChat | C::ContactRole => {}
    }
    // A lead who was a member is a member no more, as the importer and the form keep it.
    let lead = to.team.lead;
    to.team.members.retain(|m| *m != lead);
}

fn copy_contact_column(to: &mut Contact, from: &Contact, column: CustomerColumn) {
    use CustomerColumn as C;
    match column {
        C::ContactName => to.name.clone_from(&from.name),
        C::ContactTitle => to.title.clone_from(&from.title),
        C::ContactPhone => to.phone.clone_from(&from.phone),
        C::ContactEmail => to.email.clone_from(&from.email),
        C::ContactWeChat => to.wechat.clone_from(&from.wechat),
        C::ContactRole => to.role = from.role,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::csv::parse;
    use super::super::customers::testing::convert;
    use super::super::customers::ConvertContext;
    use super::super::mapping::suggest;
    use super::*;
    use crate::domain::customers::duplicates::MatchedBy;
    use crate::domain::model::{AccountTeam, ContactRole, CustomField, LeadSource, Lifecycle, User};

    fn today() -> Date {
        Date::from_ymd(2026, 12, 1).expect("a valid date")
    }

    fn stamp() -> Stamp {
        Stamp { user: Some(7), today: today(), at_ms: 1_800_000_000_000 }
    }

    fn rows(text: &str) -> Vec<ImportRow> {
        let table = parse(text).expect("a table");
        let users = [
            User { id: 7, name: "王伟".into(), ..User::default() },
            User { id: 8, name: "李娜".into(), ..User::default() },
        ];
        let converted = convert(
            &table,
            &suggest(&table.header, &[]),
            &ConvertContext { users: &users, ..ConvertContext::default() },
        );
        assert_eq!(converted.errors, []);
        converted.rows
    }

    fn stored() -> (Vec<Customer>, Vec<Contact>) {
        let customers = vec![
            Customer {
                id: 1,
                company: "三一重工有限公司".into(),
                city: "长沙".into(),
                phone: "0731-8888 1234".into(),
                lifecycle: Lifecycle::Existing,
                team: AccountTeam { lead: 8, members: vec![7] },
                custom: vec![CustomField { name: "等级".into(), value: "A".into() }],
                created_at: Date::from_ymd(2020, 1, 2),
                ..Customer::default()
            },
            Customer { id: 2, company: "徐工集团".into(), email: "info@xcmg.com".into(), ..Customer::default() },
        ];
        let contacts =
            vec![Contact { id: 10, customer_id: 1, name: "张三".into(), primary: true, ..Contact::default() }];
        (customers, contacts)
    }

    /// A plan and the records it writes, in write order, creation entries derived as the store
    /// would get them.
    struct Run {
        customers: Vec<Customer>,
        contacts: Vec<Contact>,
        audit: Vec<AuditEntry>,
        created: usize,
        updated: usize,
        unchanged: usize,
        skipped: usize,
        len: usize,
        empty: bool,
    }

    fn run(text: &str, policy: DuplicatePolicy) -> Run {
        let (customers, contacts) = stored();
        let rows = rows(text);
        let index = DuplicateIndex::new(&customers, &contacts);
        let matches: Vec<RowMatch> = rows.iter().map(|row| match_row(row, &index)).collect();
        let mut next = 100;
        let mut new_id = || {
            next += 1;
            next
        };
        let bound = records_bound(&matches, policy);
        let mut planner = Planner::new(&customers, &contacts, policy, stamp(), "accounts.csv");
        let writes: Vec<Write> = rows
            .into_iter()
            .zip(matches)
            .filter_map(|(row, checked)| planner.plan_row(row, checked.matched, &mut new_id))
            .collect();
        let counts = planner.counts;
        let mut out = Run {
            customers: Vec::new(),
            contacts: Vec::new(),
            audit: Vec::new(),
            created: counts.created,
            updated: counts.updated,
            unchanged: counts.unchanged,
            skipped: counts.skipped,
            len: writes.iter().map(Write::records).sum(),
            empty: writes.is_empty(),
        };
        assert!(out.len <= bound, "{} records, bound {bound}", out.len);
        if out.unchanged == 0 {
            assert_eq!(out.len, bound, "exact without unchanged updates");
        }
        for write in writes {
            match write {
                Write::Created { customer, contact, entry_id } => {
                    out.audit.extend(creation_entry(&customer, contact.as_ref(), entry_id, stamp(), "accounts.csv"));
                    out.customers.push(customer);
                    out.contacts.extend(contact);
                }
                Write::Updated { customer, contact, entry } => {
                    out.audit.push(entry);
                    out.customers.push(customer);
                    out.contacts.extend(contact);
                }
            }
        }
        assert_eq!(out.len, out.customers.len() + out.contacts.len() + out.audit.len(), "len counts every record");
        out
    }

    const FILE: &str = "公司名称,城市,邮箱,客户状态,负责人,联系人,联系人职务,等级,备注\n\
                        三一重工,,,,王伟,张三,采购经理,B,\n\
                        徐工集团,,info@xcmg.com,,,,,,\n\
                        柳工,柳州,,潜在,,,,,新客户\n";

    #[test]
    fn finds_the_strongest_match_of_each_row() {
        let (customers, contacts) = stored();
        let rows = rows(FILE);
        let index = DuplicateIndex::new(&customers, &contacts);
        let found: Vec<Option<Match>> = rows.iter().map(|row| match_row(row, &index).matched).collect();
        assert_eq!(
            found,
            [
                Some(Match { customer: 1, by: MatchedBy::Company }),
                Some(Match { customer: 2, by: MatchedBy::Company }),
                None
            ]
        );
    }

    #[test]
    fn each_policy_counts_and_writes_what_it_says() {
        for (policy, counts, customers) in [
            (DuplicatePolicy::Skip, (1, 0, 0, 2), vec![101]),
            (DuplicatePolicy::Update, (1, 1, 1, 0), vec![1, 102]),
            (DuplicatePolicy::Create, (3, 0, 0, 0), vec![101, 104, 106]),
        ] {
            let plan = run(FILE, policy);
            assert_eq!((plan.created, plan.updated, plan.unchanged, plan.skipped), counts, "{policy:?}");
            let ids: Vec<Id> = plan.customers.iter().map(|c| c.id).collect();
            assert_eq!(ids, customers, "{policy:?}");
            assert_eq!(plan.audit.len(), plan.customers.len(), "one entry per customer written");
            let targets: Vec<String> = plan.audit.iter().map(|e| e.target.clone()).collect();
            let expected: Vec<String> = customers.iter().map(|id| audit::customer_target(*id)).collect();
            assert_eq!(targets, expected);
            assert!(plan.audit.iter().all(|e| e.user == Some(7) && e.reason == "accounts.csv"));
        }
    }

    #[test]
    fn an_update_overwrites_only_filled_cells_and_merges_custom_fields_and_contacts() {
        let plan = run(FILE, DuplicatePolicy::Update);
        let sany = &plan.customers[0];
        assert_eq!(sany.company, "三一重工", "the company cell is filled");
        assert_eq!(sany.city, "长沙", "an empty cell keeps the stored city");
        assert_eq!(sany.lifecycle, Lifecycle::Existing);
        assert_eq!(sany.team, AccountTeam { lead: 7, members: vec![] }, "the new lead leaves the members");
        assert_eq!(sany.custom, [CustomField { name: "等级".into(), value: "B".into() }]);
        assert_eq!(sany.created_at, Date::from_ymd(2020, 1, 2));
        assert_eq!((sany.modified_by, sany.modified_at), (7, Some(today())));
        assert_eq!(plan.contacts.len(), 1);
        let contact = &plan.contacts[0];
        assert_eq!((contact.id, contact.customer_id, contact.title.as_str()), (10, 1, "采购经理"));
        assert!(contact.primary);
        let fields: Vec<&str> = plan.audit[0].changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["company", "team_lead", "team_members", "custom:等级", "contacts/10/title"]);
        assert_eq!(plan.audit[0].action, AuditAction::Update);
    }

    #[test]
    fn a_new_contact_joins_the_customer_and_is_primary_only_when_none_is() {
        let text = "公司名称,联系人,联系人电话,采购角色\n三一重工,李四,13800138000,决策者\n徐工,王五,13900139000,\n";
        let plan = run(text, DuplicatePolicy::Update);
        let added: Vec<(Id, Id, &str, bool)> =
            plan.contacts.iter().map(|c| (c.id, c.customer_id, c.name.as_str(), c.primary)).collect();
        assert_eq!(added, [(101, 1, "李四", false), (103, 2, "王五", true)]);
        assert_eq!(plan.contacts[0].role, ContactRole::DecisionMaker);
        assert!(plan.audit[0].changes.iter().any(|c| c.field == "contacts/101/name" && c.after == "李四"));
    }

    #[test]
    fn an_update_that_changes_nothing_writes_nothing() {
        let text = "公司名称,城市\n三一重工有限公司,长沙\n";
        let plan = run(text, DuplicatePolicy::Update);
        assert_eq!((plan.updated, plan.unchanged, plan.len), (0, 1, 0));
        assert!(plan.empty);
    }

    #[test]
    fn new_customers_are_stamped_and_keep_free_ids_from_the_file() {
        let text = "id,company,created_at\n2,Liugong,2019-05-06\n555,Shantui,\n555,Lonking,\n";
        let plan = run(text, DuplicatePolicy::Create);
        let made: Vec<(Id, &str)> = plan.customers.iter().map(|c| (c.id, c.company.as_str())).collect();
        assert_eq!(made, [(101, "Liugong"), (555, "Shantui"), (104, "Lonking")], "2 is stored, 555 taken once");
        let liugong = &plan.customers[0];
        assert_eq!((liugong.created_by, liugong.created_at), (7, Date::from_ymd(2019, 5, 6)));
        assert_eq!(plan.customers[1].created_at, Some(today()));
        assert!(plan.customers.iter().all(|c| c.source == LeadSource::Other), "no source column: not known");
        let with_source = run("company,source\nLiugong,展会\nShantui,referral\n", DuplicatePolicy::Create);
        let sources: Vec<LeadSource> = with_source.customers.iter().map(|c| c.source).collect();
        assert_eq!(sources, [LeadSource::TradeShow, LeadSource::Referral]);
        assert_eq!(plan.audit[0].action, AuditAction::Create);
        assert!(plan.audit[0].changes.iter().any(|c| c.field == "company" && c.after == "Liugong"));
    }

    #[test]
    fn an_id_match_updates_that_customer_even_under_another_name() {
        let text = "id,company,city\n2,XCMG Machinery,徐州\n";
        let plan = run(text, DuplicatePolicy::Update);
        assert_eq!(plan.customers[0].id, 2);
        assert_eq!(plan.customers[0].company, "XCMG Machinery");
        assert_eq!(plan.customers[0].city, "徐州");
    }
}
