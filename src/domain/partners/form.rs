//! The supplier and trade-partner forms: drafts, validation (each problem tied to its field, with
//! the customer form's rules for text, e-mail and phone) and turning a valid draft into the
//! record to store.

use crate::domain::fields::{is_email, is_phone, split_products, text_problem, FormError, MAX_LONG_TEXT, MAX_TEXT};
use crate::domain::model::{Supplier, TradePartner, MAX_RATING};
use serde::{Deserialize, Serialize};

/// Which input of either form a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerField {
    Name,
    Address,
    Contact,
    Phone,
    Email,
    WeChat,
    Products,
    PriceLevel,
    DeliverySpeed,
    ServiceLevel,
    Quality,
    Reference,
    Notes,
}

pub type PartnerProblems = Vec<(PartnerField, FormError)>;

/// The supplier as being edited; products as typed, so separators survive until saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupplierDraft {
    pub supplier: Supplier,
    /// Products separated by commas, 、 or semicolons.
    pub products: String,
}

/// Collects problems in form order, at most one per field: a field's first problem is the one
/// worth fixing first.
#[derive(Default)]
struct Problems(PartnerProblems);

impl Problems {
    fn add(&mut self, field: PartnerField, error: FormError) {
        if !self.0.iter().any(|(f, _)| *f == field) {
            self.0.push((field, error));
        }
    }

    fn text(&mut self, field: PartnerField, text: &str, max: usize) {
        if let Some(error) = text_problem(text, max) {
            self.add(field, error);
        }
    }

    fn required(&mut self, field: PartnerField, text: &str) {
        if text.trim().is_empty() {
            self.add(field, FormError::Required);
        }
    }

    fn contact(&mut self, phone: &str, email: &str) {
        if !phone.trim().is_empty() && !is_phone(phone.trim()) {
            self.add(PartnerField::Phone, FormError::InvalidPhone);
        }
        if !email.trim().is_empty() && !is_email(email.trim()) {
            self.add(PartnerField::Email, FormError::InvalidEmail);
        }
    }

    fn rating(&mut self, field: PartnerField, value: u8) {
        if value > MAX_RATING {
            self.add(field, FormError::OutOfRange { min: 0, max: u32::from(MAX_RATING) });
        }
    }
}

/// Every problem of a supplier draft, in form order; empty when it can be saved.
pub fn validate_supplier(draft: &SupplierDraft) -> PartnerProblems {
    let s = &draft.supplier;
    let mut problems = Problems::default();
    problems.text(PartnerField::Name, &s.name, MAX_TEXT);
    problems.required(PartnerField::Name, &s.name);
    problems.text(PartnerField::Address, &s.address, MAX_TEXT);
    problems.text(PartnerField::Contact, &s.contact, MAX_TEXT);
    problems.text(PartnerField::Phone, &s.phone, MAX_TEXT);
    problems.text(PartnerField::Email, &s.email, MAX_TEXT);
    problems.contact(&s.phone, &s.email);
    problems.text(PartnerField::WeChat, &s.wechat, MAX_TEXT);
    problems.text(PartnerField::Products, &draft.products, MAX_LONG_TEXT);
    problems.rating(PartnerField::PriceLevel, s.price_level);
    problems.rating(PartnerField::DeliverySpeed, s.delivery_speed);
    problems.rating(PartnerField::ServiceLevel, s.service_level);
    problems.rating(PartnerField::Quality, s.quality);
    problems.text(PartnerField::Notes, &s.notes, MAX_LONG_TEXT);
    problems.0
}

/// Every problem of a trade partner as edited, in form order; empty when it can be saved.
pub fn validate_trade_partner(p: &TradePartner) -> PartnerProblems {
    let mut problems = Problems::default();
    problems.text(PartnerField::Name, &p.name, MAX_TEXT);
    problems.required(PartnerField::Name, &p.name);
    problems.text(PartnerField::Contact, &p.contact, MAX_TEXT);
    problems.text(PartnerField::Phone, &p.phone, MAX_TEXT);
    problems.text(PartnerField::Email, &p.email, MAX_TEXT);
    problems.contact(&p.phone, &p.email);
    problems.text(PartnerField::Address, &p.address, MAX_TEXT);
    problems.text(PartnerField::Reference, &p.reference, MAX_TEXT);
    problems.text(PartnerField::Notes, &p.notes, MAX_LONG_TEXT);
    problems.0
}

fn trim(text: &mut String) {
    *text = text.trim().to_owned();
}

impl SupplierDraft {
    /// A draft showing a stored supplier.
    pub fn of(supplier: &Supplier) -> SupplierDraft {
        SupplierDraft { supplier: supplier.clone(), products: supplier.products.join("、") }
    }

    /// The supplier to store: `base`'s identity and stamps with this draft's values, trimmed.
    /// Call only when [`validate_supplier`] found nothing.
    pub fn apply(&self, base: &Supplier) -> Supplier {
        let mut supplier = Supplier {
            id: base.id,
            created_by: base.created_by,
            created_at: base.created_at,
            modified_by: base.modified_by,
            modified_at: base.modified_at,
            products: split_products(&self.products),
            ..self.supplier.clone()
        };
        for text in [
            &mut supplier.name,
            &mut supplier.address,
            &mut supplier.contact,
            &mut supplier.phone,
            &mut supplier.email,
            &mut supplier.wechat,
            &mut supplier.notes,
        ] {
            trim(text);
        }
        supplier
    }
}

/// The trade partner to store: `base`'s identity and stamps with `edited`'s values, trimmed.
/// Call only when [`validate_trade_partner`] found nothing.
pub fn apply_trade_partner(edited: &TradePartner, base: &TradePartner) -> TradePartner {
    let mut partner = TradePartner {
        id: base.id,
        created_by: base.created_by,
        created_at: base.created_at,
        modified_by: base.modified_by,
        modified_at: base.modified_at,
        ..edited.clone()
    };
    for text in [
        &mut partner.name,
        &mut partner.contact,
        &mut partner.phone,
        &mut partner.email,
        &mut partner.address,
        &mut partner.reference,
        &mut partner.notes,
    ] {
        trim(text);
    }
    partner
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::model::PartnerKind;

    /// A valid supplier draft, then `edit`ed.
    fn supplier(edit: impl FnOnce(&mut SupplierDraft)) -> SupplierDraft {
        let mut draft = SupplierDraft {
            supplier: Supplier { name: "徐州液压件有限公司".into(), quality: 4, ..Supplier::default() },
            products: "液压泵、油缸".into(),
        };
        edit(&mut draft);
        draft
    }

    fn partner(edit: impl FnOnce(&mut TradePartner)) -> TradePartner {
        let mut partner = TradePartner { name: "中国建设银行长沙分行".into(), ..TradePartner::default() };
        edit(&mut partner);
        partner
    }

    #[test]
    fn reports_each_supplier_problem_at_its_field() {
        use FormError::*;
        use PartnerField as F;
        let cases: Vec<(SupplierDraft, PartnerProblems)> = vec![
            (supplier(|_| {}), vec![]),
            (supplier(|d| d.supplier.name = " \t ".into()), vec![(F::Name, Required)]),
            (supplier(|d| d.supplier.name = "徐".repeat(201)), vec![(F::Name, TooLong { max: 200 })]),
            (supplier(|d| d.supplier.name = "A\u{0}".into()), vec![(F::Name, ControlCharacters)]),
            (supplier(|d| d.supplier.email = "sales@xcmg".into()), vec![(F::Email, InvalidEmail)]),
            (supplier(|d| d.supplier.email = "sales@xcmg.com".into()), vec![]),
            (supplier(|d| d.supplier.phone = "call us".into()), vec![(F::Phone, InvalidPhone)]),
            (supplier(|d| d.supplier.phone = "0516-8773 8888".into()), vec![]),
            (supplier(|d| d.supplier.quality = 6), vec![(F::Quality, OutOfRange { min: 0, max: 5 })]),
            (supplier(|d| d.supplier.price_level = 5), vec![]),
            (supplier(|d| d.products = "泵\u{1b}".into()), vec![(F::Products, ControlCharacters)]),
            (supplier(|d| d.supplier.notes = "第一行\n第二行\t好".into()), vec![]),
            (supplier(|d| d.supplier.notes = "长".repeat(2001)), vec![(F::Notes, TooLong { max: 2000 })]),
            (
                supplier(|d| {
                    d.supplier.name.clear();
                    d.supplier.email = "x@".into();
                    d.supplier.delivery_speed = 9;
                }),
                vec![(F::Name, Required), (F::Email, InvalidEmail), (F::DeliverySpeed, OutOfRange { min: 0, max: 5 })],
            ),
        ];
        for (draft, expected) in cases {
            assert_eq!(validate_supplier(&draft), expected, "{draft:?}");
        }
    }

    #[test]
    fn reports_each_trade_partner_problem_at_its_field() {
        use FormError::*;
        use PartnerField as F;
        let cases: Vec<(TradePartner, PartnerProblems)> = vec![
            (partner(|_| {}), vec![]),
            (partner(|p| p.name = String::new()), vec![(F::Name, Required)]),
            (partner(|p| p.phone = "95533".into()), vec![]),
            (partner(|p| p.phone = "955".into()), vec![(F::Phone, InvalidPhone)]),
            (partner(|p| p.email = "a b@ccb.com".into()), vec![(F::Email, InvalidEmail)]),
            (partner(|p| p.reference = "6217\u{7}".into()), vec![(F::Reference, ControlCharacters)]),
            (partner(|p| p.address = "路".repeat(201)), vec![(F::Address, TooLong { max: 200 })]),
            (partner(|p| p.kind = PartnerKind::Logistics), vec![]),
        ];
        for (partner, expected) in cases {
            assert_eq!(validate_trade_partner(&partner), expected, "{partner:?}");
        }
    }

    #[test]
    fn applies_a_supplier_draft_onto_the_stored_one() {
        let base = Supplier { id: 7, created_by: 2, created_at: Date::from_ymd(2025, 3, 1), ..Supplier::default() };
        let draft = supplier(|d| {
            d.supplier.id = 99;
            d.supplier.created_by = 5;
            d.supplier.name = "  徐工配件 ".into();
            d.supplier.email = " parts@xcmg.com ".into();
            d.products = "液压泵、 油缸；滤芯,,".into();
        });
        let stored = draft.apply(&base);
        assert_eq!((stored.id, stored.created_by, stored.created_at), (7, 2, base.created_at));
        assert_eq!((stored.name.as_str(), stored.email.as_str()), ("徐工配件", "parts@xcmg.com"));
        assert_eq!(stored.products, ["液压泵", "油缸", "滤芯"]);
        assert_eq!(stored.quality, 4);
        assert_eq!(SupplierDraft::of(&stored).apply(&stored), stored, "a stored supplier edits back to itself");
    }

    #[test]
    fn applies_a_trade_partner_onto_the_stored_one() {
        let base = TradePartner { id: 3, created_by: 1, ..TradePartner::default() };
        let edited = partner(|p| {
            p.id = 50;
            p.kind = PartnerKind::Insurer;
            p.reference = " PICC-2025-001 ".into();
        });
        let stored = apply_trade_partner(&edited, &base);
        assert_eq!((stored.id, stored.created_by, stored.kind), (3, 1, PartnerKind::Insurer));
        assert_eq!(stored.reference, "PICC-2025-001");
    }
}
