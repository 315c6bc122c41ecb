//! The customer form: a draft as the user types it, its validation (every problem with the field
//! it belongs to, so the form shows each next to its input), and turning a valid draft into the
//! customer and contacts to store.

use crate::domain::fields::{is_email, is_phone, split_products, text_problem, FormError, MAX_LONG_TEXT, MAX_TEXT};
use crate::domain::model::{AccountTeam, Contact, Customer, Id, Lifecycle};
use crate::domain::region;
use serde::{Deserialize, Serialize};

/// The customer as being edited: the record itself, except the two fields whose typed text must
/// survive until it is valid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerDraft {
    pub customer: Customer,
    /// As typed: products separated by commas, 、 or semicolons.
    pub main_products: String,
    /// As typed, so "abc" can be reported rather than lost.
    pub credit_index: String,
    /// The contacts as edited; id 0 for one not stored yet.
    pub contacts: Vec<Contact>,
}

/// Which input a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Company,
    Country,
    Province,
    City,
    Address,
    Phone,
    Email,
    WeChat,
    OtherChannels,
    MainProducts,
    Industry,
    ParentCompany,
    CreditIndex,
    LostKind,
    LostReason,
    KeyAccountReason,
    TeamLead,
    ContactName(usize),
    ContactTitle(usize),
    ContactPhone(usize),
    ContactEmail(usize),
    ContactWeChat(usize),
}

pub type FormProblems = Vec<(FormField, FormError)>;

/// Every problem of `draft`, in form order; empty when it can be saved.
pub fn validate(draft: &CustomerDraft) -> FormProblems {
    let mut problems = FormProblems::new();
    let mut check = |field: FormField, text: &str, max: usize| {
        if let Some(error) = text_problem(text, max) {
            problems.push((field, error));
        }
    };
    check(FormField::Company, &draft.customer.company, MAX_TEXT);
    check(FormField::City, &draft.customer.city, MAX_TEXT);
    check(FormField::Address, &draft.customer.address, MAX_TEXT);
    check(FormField::Phone, &draft.customer.phone, MAX_TEXT);
    check(FormField::Email, &draft.customer.email, MAX_TEXT);
    check(FormField::WeChat, &draft.customer.wechat, MAX_TEXT);
    check(FormField::OtherChannels, &draft.customer.other_channels, MAX_TEXT);
    check(FormField::MainProducts, &draft.main_products, MAX_LONG_TEXT);
    check(FormField::Industry, &draft.customer.industry, MAX_TEXT);
    check(FormField::ParentCompany, &draft.customer.parent_company, MAX_TEXT);
    check(FormField::LostReason, &draft.customer.lost_reason, MAX_LONG_TEXT);
    check(FormField::KeyAccountReason, &draft.customer.key_account_reason, MAX_LONG_TEXT);
    for (i, contact) in draft.contacts.iter().enumerate() {
        check(FormField::ContactName(i), &contact.name, MAX_TEXT);
        check(FormField::ContactTitle(i), &contact.title, MAX_TEXT);
        check(FormField::ContactPhone(i), &contact.phone, MAX_TEXT);
        check(FormField::ContactEmail(i), &contact.email, MAX_TEXT);
        check(FormField::ContactWeChat(i), &contact.wechat, MAX_TEXT);
    }
    let mut add = |field: FormField, error: FormError| {
        if !problems.iter().any(|(f, _)| *f == field) {
            problems.push((field, error));
        }
    };
    if draft.customer.company.trim().is_empty() {
        add(FormField::Company, FormError::Required);
    }
    let country = draft.customer.country.trim();
    let iso_code = country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic());
    if !country.is_empty() && !iso_code {
        add(FormField::Country, FormError::InvalidCountry);
    }
    if !draft.customer.province.is_empty() && region::province(&draft.customer.province).is_none() {
        add(FormField::Province, FormError::UnknownProvince);
    }
    if !draft.customer.phone.trim().is_empty() && !is_phone(draft.customer.phone.trim()) {
        add(FormField::Phone, FormError::InvalidPhone);
    }
    if !draft.customer.email.trim().is_empty() && !is_email(draft.customer.email.trim()) {
        add(FormField::Email, FormError::InvalidEmail);
    }
    let credit = draft.credit_index.trim();
    if !credit.is_empty() && credit.parse::<u8>().map_or(true, |n| n > 100) {
        add(FormField::CreditIndex, FormError::OutOfRange { min: 0, max: 100 });
    }
    if draft.customer.lifecycle == Lifecycle::Lost && draft.customer.lost_kind.is_none() {
        add(FormField::LostKind, FormError::Required);
    }
    // A key account by the company's word says why (seed 002), so the next person knows.
    if draft.customer.key_account && draft.customer.key_account_reason.trim().is_empty() {
        add(FormField::KeyAccountReason, FormError::Required);
    }
    if draft.customer.team.lead == 0 && !draft.customer.team.members.is_empty() {
        add(FormField::TeamLead, FormError::Required);
    }
    for (i, contact) in draft.contacts.iter().enumerate() {
        if contact.name.trim().is_empty() {
            add(FormField::ContactName(i), FormError::Required);
        }
        if !contact.phone.trim().is_empty() && !is_phone(contact.phone.trim()) {
            add(FormField::ContactPhone(i), FormError::InvalidPhone);
        }
        if !contact.email.trim().is_empty() && !is_email(contact.email.trim()) {
            add(FormField::ContactEmail(i), FormError::InvalidEmail);
        }
    }
    problems
}

impl CustomerDraft {
    /// A draft showing a stored customer and its contacts.
    pub fn of(customer: &Customer, contacts: &[Contact]) -> CustomerDraft {
        CustomerDraft {
            customer: customer.clone(),
            main_products: customer.main_products.join("、"),
            credit_index: customer.credit_index.to_string(),
            contacts: contacts.to_vec(),
        }
    }

    /// The customer to store: `base` (identity, stamps, custom fields) with this draft's values.
    /// Text is trimmed; a customer that is not lost keeps no lost kind or reason; the market type
    /// follows the province; the lead is not also a member. Call only when [`validate`] found
    /// nothing.
    pub fn apply(&self, base: &Customer) -> Customer {
        let mut customer = Customer {
            id: base.id,
            custom: base.custom.clone(),
            created_by: base.created_by,
            created_at: base.created_at,
            modified_by: base.modified_by,
            modified_at: base.modified_at,
            ..self.customer.clone()
        };
        for text in [
            &mut customer.company,
            &mut customer.city,
            &mut customer.address,
            &mut customer.phone,
            &mut customer.email,
            &mut customer.wechat,
            &mut customer.other_channels,
            &mut customer.industry,
            &mut customer.parent_company,
            &mut customer.lost_reason,
            &mut customer.key_account_reason,
        ] {
            *text = text.trim().to_owned();
        }
        customer.country = customer.country.trim().to_ascii_uppercase();
        let province = region::province(&customer.province);
        customer.province = province.map(|p| p.code.to_owned()).unwrap_or_default();
        customer.market = province.map(|p| p.market);
        customer.main_products = split_products(&self.main_products);
        customer.credit_index = self.credit_index.trim().parse().unwrap_or(0);
        if customer.lifecycle != Lifecycle::Lost {
            customer.lost_kind = None;
            customer.lost_reason.clear();
        }
        if !customer.key_account {
            customer.key_account_reason.clear();
        }
        let lead = customer.team.lead;
        let mut members: Vec<Id> = Vec::new();
        for member in std::mem::take(&mut customer.team.members) {
            if member != lead && member != 0 && !members.contains(&member) {
                members.push(member);
            }
        }
        customer.team = AccountTeam { lead, members };
        customer
    }

    /// The contacts to store for customer `customer_id`, new ones with id 0. Exactly one is
    /// primary when there are any: the one marked first, else the first.
    pub fn contacts_for(&self, customer_id: Id) -> Vec<Contact> {
        let primary = self.contacts.iter().position(|c| c.primary).unwrap_or(0);
        self.contacts
            .iter()
            .enumerate()
            .map(|(i, c)| Contact {
                id: c.id,
                customer_id,
                name: c.name.trim().to_owned(),
                title: c.title.trim().to_owned(),
                phone: c.phone.trim().to_owned(),
                email: c.email.trim().to_owned(),
                wechat: c.wechat.trim().to_owned(),
                role: c.role,
                primary: i == primary,
            })
            .collect()
    }
}

/// The customer's fields a user can type a value of their own into when two edits clash, by
/// their stored names (as `domain::merge` names them).
const TYPED_FIELDS: &[&str] = &[
    "company",
    "city",
    "address",
    "phone",
    "email",
    "wechat",
    "other_channels",
    "industry",
    "parent_company",
    "lost_reason",
    "key_account_reason",
];

/// A contact's fields a user can type a value into, by their stored names.
const TYPED_CONTACT_FIELDS: &[&str] = &["name", "title", "phone", "email", "wechat"];

/// Whether a clash on the customer's field `field` (or, with `contact`, a contact's) can be
/// settled by typing a third value; other fields are chosen from the two.
pub fn is_typed(field: &str, contact: bool) -> bool {
    if contact {
        TYPED_CONTACT_FIELDS.contains(&field)
    } else {
        TYPED_FIELDS.contains(&field)
    }
}

/// Puts `text` into the draft's field `field` (one of the [`is_typed`] ones; others are left).
pub fn set_text(draft: &mut CustomerDraft, field: &str, text: &str) {
    let customer = &mut draft.customer;
    let target = match field {
        "company" => &mut customer.company,
        "city" => &mut customer.city,
        "address" => &mut customer.address,
        "phone" => &mut customer.phone,
        "email" => &mut customer.email,
        "wechat" => &mut customer.wechat,
        "other_channels" => &mut customer.other_channels,
        "industry" => &mut customer.industry,
        "parent_company" => &mut customer.parent_company,
        "lost_reason" => &mut customer.lost_reason,
        "key_account_reason" => &mut customer.key_account_reason,
        _ => return,
    };
    *target = text.to_owned();
}

/// Puts `text` into the contact's field `field` (one of the [`is_typed`] ones).
pub fn set_contact_text(contact: &mut Contact, field: &str, text: &str) {
    let target = match field {
        "name" => &mut contact.name,
        "title" => &mut contact.title,
        "phone" => &mut contact.phone,
        "email" => &mut contact.email,
        "wechat" => &mut contact.wechat,
        _ => return,
    };
    *target = text.to_owned();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::LostKind;

    fn draft() -> CustomerDraft {
        with(|_| {})
    }

    /// A valid draft, then `edit`ed.
    fn with(edit: impl FnOnce(&mut Customer)) -> CustomerDraft {
        let mut customer = Customer {
            company: "湖南路桥建设集团有限公司".into(),
            country: "CN".into(),
            province: "CN-HN".into(),
            ..Customer::default()
        };
        edit(&mut customer);
        CustomerDraft { customer, credit_index: "80".into(), ..CustomerDraft::default() }
    }

    #[test]
    fn reports_each_problem_at_its_field() {
        let contact = |name: &str, phone: &str, email: &str| Contact {
            name: name.into(),
            phone: phone.into(),
            email: email.into(),
            ..Contact::default()
        };
        let cases: Vec<(CustomerDraft, FormProblems)> = vec![
            (draft(), vec![]),
            (with(|c| c.company = "  ".into()), vec![(FormField::Company, FormError::Required)]),
            (with(|c| c.company = "长".repeat(201)), vec![(FormField::Company, FormError::TooLong { max: 200 })]),
            (with(|c| c.company = "A\u{7}B".into()), vec![(FormField::Company, FormError::ControlCharacters)]),
            (with(|c| c.email = "sales@".into()), vec![(FormField::Email, FormError::InvalidEmail)]),
            (with(|c| c.phone = "12".into()), vec![(FormField::Phone, FormError::InvalidPhone)]),
            (
                CustomerDraft { credit_index: "101".into(), ..draft() },
                vec![(FormField::CreditIndex, FormError::OutOfRange { min: 0, max: 100 })],
            ),
            (
                CustomerDraft { credit_index: "高".into(), ..draft() },
                vec![(FormField::CreditIndex, FormError::OutOfRange { min: 0, max: 100 })],
            ),
            (with(|c| c.country = "China".into()), vec![(FormField::Country, FormError::InvalidCountry)]),
            (with(|c| c.province = "CN-XX".into()), vec![(FormField::Province, FormError::UnknownProvince)]),
            (with(|c| c.lifecycle = Lifecycle::Lost), vec![(FormField::LostKind, FormError::Required)]),
            (with(|c| c.team.members = vec![4]), vec![(FormField::TeamLead, FormError::Required)]),
            (with(|c| c.key_account = true), vec![(FormField::KeyAccountReason, FormError::Required)]),
            (
                with(|c| (c.key_account, c.key_account_reason) = (true, " \u{3000}".into())),
                vec![(FormField::KeyAccountReason, FormError::Required)],
            ),
            (with(|c| (c.key_account, c.key_account_reason) = (true, "行业标杆".into())), vec![]),
            (
                with(|c| c.key_account_reason = "因".repeat(2001)),
                vec![(FormField::KeyAccountReason, FormError::TooLong { max: MAX_LONG_TEXT })],
            ),
            (
                CustomerDraft {
                    contacts: vec![contact("王强", "13800138000", ""), contact("", "12", "x@y")],
                    ..draft()
                },
                vec![
                    (FormField::ContactName(1), FormError::Required),
                    (FormField::ContactPhone(1), FormError::InvalidPhone),
                    (FormField::ContactEmail(1), FormError::InvalidEmail),
                ],
            ),
            // Script is text like any other: stored as typed, rendered as text.
            (with(|c| c.company = "<script>alert(1)</script>".into()), vec![]),
        ];
        for (draft, expected) in cases {
            assert_eq!(validate(&draft), expected, "{draft:?}");
        }
    }

    #[test]
    fn applies_a_draft_onto_the_stored_customer() {
        let base = Customer { id: 9, created_by: 2, custom: vec![Default::default()], ..Customer::default() };
        let draft = with(|c| {
            c.id = 1;
            c.company = "  三一重工 ".into();
            c.country = "cn".into();
            c.lost_kind = Some(LostKind::Competitor);
            c.lost_reason = "价格".into();
            c.team = AccountTeam { lead: 3, members: vec![3, 4, 4, 0, 5] };
            c.key_account_reason = "未勾选".into();
        });
        let customer = CustomerDraft { main_products: "挖掘机、 装载机；压路机,,".into(), ..draft }.apply(&base);
        assert_eq!((customer.id, customer.created_by, customer.custom.len()), (9, 2, 1));
        assert_eq!((customer.company.as_str(), customer.country.as_str()), ("三一重工", "CN"));
        assert_eq!(customer.main_products, ["挖掘机", "装载机", "压路机"]);
        assert_eq!(customer.market, Some(region::MarketType::Enterprise));
        assert_eq!((customer.lost_kind, customer.lost_reason.as_str()), (None, ""), "not lost: no lost reason kept");
        assert_eq!(customer.key_account_reason, "", "no key account: no reason kept");
        let key = CustomerDraft::of(
            &Customer { key_account: true, key_account_reason: " 行业标杆 ".into(), ..base.clone() },
            &[],
        );
        assert_eq!(key.apply(&base).key_account_reason, "行业标杆");
        assert_eq!(customer.team, AccountTeam { lead: 3, members: vec![4, 5] });
        assert_eq!(customer.credit_index, 80);
    }

    #[test]
    fn draft_of_a_customer_applies_back_to_it() {
        let customer = Customer {
            id: 4,
            company: "徐州工程机械租赁".into(),
            country: "CN".into(),
            province: "CN-JS".into(),
            main_products: vec!["起重机".into(), "挖掘机".into()],
            credit_index: 66,
            lifecycle: Lifecycle::Lost,
            lost_kind: Some(LostKind::Dissatisfied),
            lost_reason: "售后慢".into(),
            market: Some(region::MarketType::Construction),
            team: AccountTeam { lead: 2, members: vec![6] },
            ..Customer::default()
        };
        assert_eq!(CustomerDraft::of(&customer, &[]).apply(&customer), customer);
    }

    #[test]
    fn exactly_one_contact_is_primary() {
        let named = |name: &str, primary: bool| Contact { name: name.into(), primary, ..Contact::default() };
        for (contacts, expected) in [
            (vec![named("甲", false), named("乙", false)], vec![true, false]),
            (vec![named("甲", false), named("乙", true), named("丙", true)], vec![false, true, false]),
            (vec![], vec![]),
        ] {
            let draft = CustomerDraft { contacts, ..draft() };
            let primary: Vec<bool> = draft.contacts_for(7).iter().map(|c| c.primary).collect();
            assert_eq!(primary, expected);
            assert!(draft.contacts_for(7).iter().all(|c| c.customer_id == 7));
        }
    }
}
