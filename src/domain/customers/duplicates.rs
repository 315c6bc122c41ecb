//! Duplicate customers: the same company under another spelling, or the same phone or e-mail
//! address on another record. Used when a customer is created, when a file is imported, and to
//! merge two records into one.
//!
//! Companies compare by [`normalize_company`] (legal forms, width, case and punctuation
//! ignored), phones by [`normalize_phone`] (national digits), e-mail addresses by
//! [`normalize_email`]. A customer's phones and addresses include its contacts': a colleague's
//! mobile on another record is the strongest sign of one company entered twice. Phones shorter
//! than 7 digits (extensions, typos) never match.

use crate::domain::import::{normalize_company, normalize_email, normalize_phone};
use crate::domain::model::{Contact, Customer, Id};
use std::collections::{HashMap, HashSet};

/// Why two records look like one company, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchedBy {
    /// An imported row names the stored customer's id (our own export writes it).
    Id,
    Company,
    Phone,
    Email,
}

/// A stored customer that a new or imported one may duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub customer: Id,
    pub by: MatchedBy,
}

const MIN_PHONE_DIGITS: usize = 7;

/// Stored customers by normalised company, phone and e-mail.
#[derive(Clone, Debug, Default)]
pub struct DuplicateIndex {
    ids: HashSet<Id>,
    companies: HashMap<String, Vec<Id>>,
    phones: HashMap<String, Vec<Id>>,
    emails: HashMap<String, Vec<Id>>,
}

impl DuplicateIndex {
    pub fn new(customers: &[Customer], contacts: &[Contact]) -> DuplicateIndex {
        let mut by_customer: HashMap<Id, Vec<&Contact>> = HashMap::new();
        for contact in contacts {
            by_customer.entry(contact.customer_id).or_default().push(contact);
        }
        let mut index = DuplicateIndex::default();
        for customer in customers {
            index.add(customer, by_customer.get(&customer.id).map_or(&[][..], Vec::as_slice));
        }
        index
    }

    /// Adds a customer (e.g. one created earlier in the same import), with its contacts.
    pub fn add(&mut self, customer: &Customer, contacts: &[&Contact]) {
        let id = customer.id;
        self.ids.insert(id);
        let claim = |keys: &mut HashMap<String, Vec<Id>>, key: String| {
            let ids = keys.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        };
        let company = normalize_company(&customer.company);
        if !company.is_empty() {
            claim(&mut self.companies, company);
        }
        for phone in phones(customer, contacts) {
            claim(&mut self.phones, phone);
        }
        for email in emails(customer, contacts) {
            claim(&mut self.emails, email);
        }
    }

    /// Every stored customer that `customer` (with `contacts`, and the id a file row gave, if
    /// any) may duplicate, each once under its strongest reason, strongest first, then in the
    /// order they were added. A record never matches itself.
    pub fn matches(&self, customer: &Customer, contacts: &[&Contact], named_id: Option<Id>) -> Vec<Match> {
        let mut found: Vec<Match> = Vec::new();
        let mut push = |ids: &[Id], by: MatchedBy| {
            for &id in ids {
                if id == customer.id && customer.id != 0 {
                    continue;
                }
                match found.iter_mut().find(|m| m.customer == id) {
                    Some(existing) => existing.by = existing.by.min(by),
                    None => found.push(Match { customer: id, by }),
                }
            }
        };
        if let Some(id) = named_id.filter(|id| self.ids.contains(id)) {
            push(&[id], MatchedBy::Id);
        }
        if let Some(ids) = self.companies.get(&normalize_company(&customer.company)) {
            push(ids, MatchedBy::Company);
        }
        for phone in phones(customer, contacts) {
            if let Some(ids) = self.phones.get(&phone) {
                push(ids, MatchedBy::Phone);
            }
        }
        for email in emails(customer, contacts) {
            if let Some(ids) = self.emails.get(&email) {
                push(ids, MatchedBy::Email);
            }
        }
        found.sort_by_key(|m| m.by);
        found
    }
}

fn phones(customer: &Customer, contacts: &[&Contact]) -> Vec<String> {
    std::iter::once(customer.phone.as_str())
        .chain(contacts.iter().map(|c| c.phone.as_str()))
        .map(normalize_phone)
        .filter(|digits| digits.len() >= MIN_PHONE_DIGITS)
        .collect()
}

fn emails(customer: &Customer, contacts: &[&Contact]) -> Vec<String> {
    std::iter::once(customer.email.as_str())
        .chain(contacts.iter().map(|c| c.email.as_str()))
        .map(normalize_email)
        .filter(|email| !email.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: Id, company: &str, phone: &str, email: &str) -> Customer {
        Customer { id, company: company.into(), phone: phone.into(), email: email.into(), ..Customer::default() }
    }

    fn contact(customer_id: Id, phone: &str, email: &str) -> Contact {
        Contact { customer_id, phone: phone.into(), email: email.into(), ..Contact::default() }
    }

    fn stored() -> DuplicateIndex {
        DuplicateIndex::new(
            &[
                customer(1, "长沙中联重科工程机械有限公司", "0731-8888 1234", "sales@zoomlion.com"),
                customer(2, "Sany Heavy Industry Co., Ltd.", "", ""),
                customer(3, "徐工集团", "123", ""),
            ],
            &[contact(2, "+86 138-0013-8000", "Li.Na@Sany.com"), contact(99, "13900000000", "orphan@x.com")],
        )
    }

    #[test]
    fn finds_each_kind_of_duplicate() {
        let index = stored();
        for (company, phone, email, named_id, expected) in [
            ("长沙中联重科工程机械", "", "", None, vec![(1, MatchedBy::Company)]),
            ("Zoomlion Changsha", "+86 731 8888 1234", "", None, vec![(1, MatchedBy::Phone)]),
            ("Other", "", " SALES@zoomlion.com ", None, vec![(1, MatchedBy::Email)]),
            ("Other", "13800138000", "", None, vec![(2, MatchedBy::Phone)]),
            ("Other", "", "li.na@sany.com", None, vec![(2, MatchedBy::Email)]),
            ("ＳＡＮＹ Heavy Industry", "", "", None, vec![(2, MatchedBy::Company)]),
            ("Other", "", "", Some(3), vec![(3, MatchedBy::Id)]),
            ("Other", "", "", Some(42), vec![]),
            ("Other", "123", "", None, vec![]),
            ("Other", "13900000000", "orphan@x.com", None, vec![]),
            ("中联重科长沙分公司", "", "", None, vec![]),
            (
                "徐工集团有限公司",
                "13800138000",
                "sales@zoomlion.com",
                Some(1),
                vec![(1, MatchedBy::Id), (3, MatchedBy::Company), (2, MatchedBy::Phone)],
            ),
        ] {
            let found: Vec<(Id, MatchedBy)> = index
                .matches(&customer(0, company, phone, email), &[], named_id)
                .into_iter()
                .map(|m| (m.customer, m.by))
                .collect();
            assert_eq!(found, expected, "{company} {phone} {email} {named_id:?}");
        }
    }

    #[test]
    fn a_new_records_contacts_count_and_a_record_never_matches_itself() {
        let index = stored();
        let new_contact = contact(0, "138 0013 8000", "");
        let found = index.matches(&customer(0, "Other", "", ""), &[&new_contact], None);
        assert_eq!(found, [Match { customer: 2, by: MatchedBy::Phone }]);
        let itself = customer(1, "长沙中联重科工程机械有限公司", "0731-8888 1234", "sales@zoomlion.com");
        assert_eq!(index.matches(&itself, &[], Some(1)), []);
    }

    #[test]
    fn records_added_later_are_found_and_every_holder_of_a_key_matches() {
        let mut index = stored();
        index.add(&customer(10, "三一重工", "", "a@b.cn"), &[]);
        index.add(&customer(11, "三一重工有限公司", "", "a@b.cn"), &[]);
        let found = index.matches(&customer(0, "三一重工股份有限公司", "", "A@B.CN"), &[], None);
        let company = |id| Match { customer: id, by: MatchedBy::Company };
        assert_eq!(found, [company(10), company(11)]);
        // Each stored twin finds the other, whichever was added first.
        assert_eq!(index.matches(&customer(10, "三一重工", "", "a@b.cn"), &[], None), [company(11)]);
        assert_eq!(index.matches(&customer(11, "三一重工有限公司", "", ""), &[], None), [company(10)]);
    }
}
