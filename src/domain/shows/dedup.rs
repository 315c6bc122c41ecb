//! De-duplication at the booth: is the visitor already a customer, a contact or an earlier lead?
//! Chinese visitors give a mobile number, not an e-mail, so the mobile number is the key; the
//! company name is the second, compared without its legal form and bracketed place
//! (徐州恒达机械有限公司 is 徐州恒达机械 is 徐州恒达机械（徐州）有限公司).

use super::Lead;
use crate::domain::model::{Contact, Customer, Id};
use std::collections::HashMap;

/// A text that is not a Chinese mobile number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAMobile;

/// `text` as a Chinese mobile number: eleven digits starting 1[3-9], whatever the country code
/// (+86, 0086, 86), spaces, dashes, dots or brackets around it, full-width digits included.
pub fn mobile(text: &str) -> Result<String, NotAMobile> {
    let mut digits = String::new();
    for c in text.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '+' | '＋' if digits.is_empty() => {}
            ' ' | '\u{3000}' | '-' | '－' | '.' | '(' | ')' | '（' | '）' => {}
            _ => return Err(NotAMobile),
        }
    }
    let national = digits
        .strip_prefix("0086")
        .or_else(|| digits.strip_prefix("86").filter(|rest| rest.len() == 11))
        .unwrap_or(&digits);
    let bytes = national.as_bytes();
    if bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]) {
        Ok(national.to_owned())
    } else {
        Err(NotAMobile)
    }
}

/// Legal forms and group words dropped from the end of a company name, longest first.
const SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    "corporation",
    "company",
    "limited",
    "group",
    "corp",
    "ltd",
    "inc",
    "llc",
    "co",
];

/// `name` as companies compare: bracketed parts (a place: (深圳), （深圳）) and everything but
/// letters and digits dropped, lower-cased, legal-form suffixes removed (repeatedly: 集团有限公司).
pub fn company_key(name: &str) -> String {
    let mut kept = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ if c.is_alphanumeric() => kept.extend(c.to_lowercase()),
            _ => {}
        }
    }
    while let Some(rest) = SUFFIXES.iter().find_map(|suffix| kept.strip_suffix(suffix).filter(|rest| !rest.is_empty()))
    {
        kept = rest.to_owned();
    }
    kept
}

/// What a lead matched, found by which key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    Mobile,
    Company,
}

/// The record a lead matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    /// A contact of a customer, by its phone.
    Contact { customer: Id, contact: Id },
    /// A customer, by its own phone or its company name.
    Customer { customer: Id },
    /// A lead captured earlier (at this show or another) not yet a customer.
    Lead { lead: Id },
}

/// An existing record a lead being captured matches: what it is, by which key, and who owns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub matched: Matched,
    pub by: MatchedBy,
    /// The customer's company (or the earlier lead's company or name).
    pub name: String,
    /// The contact's (or earlier lead's) name, when a person matched.
    pub person: String,
    /// The customer's account lead, or the earlier lead's capturer.
    pub owner: Id,
}

impl Match {
    /// The customer a capture attaches to: the matched one, or none for an earlier lead.
    pub fn customer(&self) -> Option<Id> {
        match self.matched {
            Matched::Contact { customer, .. } | Matched::Customer { customer } => Some(customer),
            Matched::Lead { .. } => None,
        }
    }

    pub fn contact(&self) -> Option<Id> {
        match self.matched {
            Matched::Contact { contact, .. } => Some(contact),
            _ => None,
        }
    }
}

/// Customers, contacts and earlier leads by mobile number and by company key, built once per
/// read so each keystroke is a hash look-up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DedupIndex {
    by_mobile: HashMap<String, Match>,
    by_company: HashMap<String, Match>,
}

impl DedupIndex {
    /// Contacts win over their customer, customers over earlier leads, and earlier records over
    /// later ones (the first stored keeps a key).
    pub fn new(customers: &[Customer], contacts: &[Contact], leads: &[Lead]) -> DedupIndex {
        let mut index = DedupIndex::default();
        let by_id: HashMap<Id, &Customer> = customers.iter().map(|c| (c.id, c)).collect();
        for contact in contacts {
            let Some(customer) = by_id.get(&contact.customer_id) else { continue };
            if let Ok(number) = mobile(&contact.phone) {
                index.by_mobile.entry(number).or_insert_with(|| Match {
                    matched: Matched::Contact { customer: customer.id, contact: contact.id },
                    by: MatchedBy::Mobile,
                    name: customer.company.clone(),
                    person: contact.name.clone(),
                    owner: customer.team.lead,
                });
            }
        }
        for customer in customers {
            let found = |by| Match {
                matched: Matched::Customer { customer: customer.id },
                by,
                name: customer.company.clone(),
                person: String::new(),
                owner: customer.team.lead,
            };
            if let Ok(number) = mobile(&customer.phone) {
                index.by_mobile.entry(number).or_insert_with(|| found(MatchedBy::Mobile));
            }
            let key = company_key(&customer.company);
            if !key.is_empty() {
                index.by_company.entry(key).or_insert_with(|| found(MatchedBy::Company));
            }
        }
        for lead in leads.iter().filter(|lead| lead.customer_id.is_none() && lead.converted.is_none()) {
            let found = |by| Match {
                matched: Matched::Lead { lead: lead.id },
                by,
                name: if lead.company.is_empty() { lead.name.clone() } else { lead.company.clone() },
                person: lead.name.clone(),
                owner: lead.captured_by,
            };
            if !lead.mobile.is_empty() {
                index.by_mobile.entry(lead.mobile.clone()).or_insert_with(|| found(MatchedBy::Mobile));
            }
            let key = company_key(&lead.company);
            if !key.is_empty() {
                index.by_company.entry(key).or_insert_with(|| found(MatchedBy::Company));
            }
        }
        index
    }

    /// The record a visitor with `mobile` (as typed) and `company` matches: by mobile number
    /// first, a person being the strongest key, then by company.
    pub fn find(&self, mobile_text: &str, company: &str) -> Option<&Match> {
        mobile(mobile_text).ok().and_then(|number| self.by_mobile.get(&number)).or_else(|| {
            Some(company_key(company)).filter(|key| !key.is_empty()).and_then(|key| self.by_company.get(&key))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::AccountTeam;

    #[test]
    fn mobile_numbers_are_normalised_to_eleven_digits() {
        for (typed, expected) in [
            ("13812345678", Ok("13812345678")),
            ("+86 138 1234 5678", Ok("13812345678")),
            ("+86-138-1234-5678", Ok("13812345678")),
            ("0086 13812345678", Ok("13812345678")),
            ("8613812345678", Ok("13812345678")),
            ("(+86) 139.1234.5678", Ok("13912345678")),
            ("（０８６）", Err(NotAMobile)),
            ("１３８ １２３４ ５６７８", Ok("13812345678")),
            ("  199-0000-1111 ", Ok("19900001111")),
            ("12812345678", Err(NotAMobile)),
            ("1381234567", Err(NotAMobile)),
            ("138123456789", Err(NotAMobile)),
            ("010-12345678", Err(NotAMobile)),
            ("138 1234 567x", Err(NotAMobile)),
            ("1+3812345678", Err(NotAMobile)),
            ("", Err(NotAMobile)),
        ] {
            assert_eq!(mobile(typed).as_deref().map_err(|e| *e), expected, "{typed:?}");
        }
    }

    #[test]
    fn company_names_compare_without_legal_forms_and_places() {
        for (a, b) in [
            ("徐州恒达机械有限公司", "徐州恒达机械"),
            ("徐州恒达机械（徐州）有限公司", "徐州恒达机械"),
            ("恒达机械(深圳)有限责任公司", "恒达机械"),
            ("恒达集团股份有限公司", "恒达"),
            ("恒达集团有限公司", "恒达 集团"),
            ("Hengda Machinery Co., Ltd.", "hengda machinery"),
            ("HENGDA MACHINERY (SHENZHEN) CO. LTD", "Hengda Machinery"),
            ("Hengda Group Inc.", "hengda"),
        ] {
            assert_eq!(company_key(a), company_key(b), "{a} ~ {b}");
        }
        assert_ne!(company_key("恒达机械"), company_key("恒通机械"));
        assert_eq!(company_key("集团"), "集团", "a name that is only a suffix stays");
        assert_eq!(company_key("  "), "");
    }

    fn customer(id: Id, company: &str, phone: &str, owner: Id) -> Customer {
        Customer {
            id,
            company: company.into(),
            phone: phone.into(),
            team: AccountTeam { lead: owner, members: vec![] },
            ..Customer::default()
        }
    }

    #[test]
    fn a_visitor_matches_contacts_then_customers_then_earlier_leads() {
        let customers =
            [customer(1, "徐州恒达机械有限公司", "0516-8888888", 7), customer(2, "长沙远大路桥", "13900000002", 8)];
        let contacts = [Contact {
            id: 11,
            customer_id: 1,
            name: "李强".into(),
            phone: "138 0000 0001".into(),
            ..Contact::default()
        }];
        let leads = [
            Lead {
                id: 21,
                captured_by: 9,
                mobile: "13700000003".into(),
                company: "郑州新路".into(),
                name: "赵六".into(),
                ..Lead::default()
            },
            Lead { id: 22, mobile: "13900000002".into(), customer_id: Some(2), ..Lead::default() },
        ];
        let index = DedupIndex::new(&customers, &contacts, &leads);
        let found = |mobile: &str, company: &str| index.find(mobile, company).map(|m| (m.matched, m.by, m.owner));
        for (mobile, company, expected) in [
            ("+86 138-0000-0001", "", Some((Matched::Contact { customer: 1, contact: 11 }, MatchedBy::Mobile, 7))),
            ("13900000002", "", Some((Matched::Customer { customer: 2 }, MatchedBy::Mobile, 8))),
            ("13700000003", "", Some((Matched::Lead { lead: 21 }, MatchedBy::Mobile, 9))),
            ("", "徐州恒达机械（徐州）有限公司", Some((Matched::Customer { customer: 1 }, MatchedBy::Company, 7))),
            ("1360000", "郑州新路有限公司", Some((Matched::Lead { lead: 21 }, MatchedBy::Company, 9))),
            ("13600000000", "无名公司", None),
            ("", "", None),
        ] {
            assert_eq!(found(mobile, company), expected, "{mobile} {company}");
        }
        let contact = index.find("13800000001", "").unwrap();
        assert_eq!((contact.name.as_str(), contact.person.as_str()), ("徐州恒达机械有限公司", "李强"));
        assert_eq!((contact.customer(), contact.contact()), (Some(1), Some(11)));
    }
}
