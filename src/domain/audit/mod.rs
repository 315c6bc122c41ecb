//! Field-level history: what a write changed, as before/after text per field.
//!
//! A customer's history lives under one audit target, `customers/<id>`, so one index read finds
//! everything that happened to the customer's file: its own fields, its contacts', interactions'
//! (往来记录), orders' (lines summarised as one text) and opportunities' (MAN as the combination
//! code, stage gate overrides as one text), its value ratings and the grade changes snapshots
//! recorded. Suppliers, trade partners and machines are audited under `suppliers/<id>`,
//! `trade_partners/<id>` and `machines/<id>`. [`field`] names what changed as a type and keeps
//! the stored text; [`records`] lists each record's fields.

mod field;
mod records;

pub use field::{
    AuditField, ContactField, InteractionField, MachineField, OpportunityField, OrderField, ProfileField,
    SupplierField, TargetKind, TradePartnerField, ValueField,
};
pub use records::{line_text, override_text, LINES_SEPARATOR};

use super::model::{AuditAction, AuditEntry, FieldChange, Id};

/// A record whose fields the audit log compares.
pub trait Audited {
    /// Every audited field with its value as text, in a fixed order.
    fn fields(&self) -> Vec<(AuditField, String)>;
}

/// What changed from `before` to `after`; `None` on one side means created or deleted, and
/// then every non-empty field of the other side is listed.
pub fn diff<T: Audited>(before: Option<&T>, after: Option<&T>) -> Vec<FieldChange> {
    let before = before.map(Audited::fields).unwrap_or_default();
    let after = after.map(Audited::fields).unwrap_or_default();
    let value = |fields: &[(AuditField, String)], field: &AuditField| {
        fields.iter().find(|(f, _)| f == field).map(|(_, v)| v.clone()).unwrap_or_default()
    };
    let mut fields: Vec<&AuditField> = after.iter().map(|(f, _)| f).collect();
    fields.extend(before.iter().map(|(f, _)| f).filter(|f| !after.iter().any(|(a, _)| a == *f)));
    fields
        .into_iter()
        .filter_map(|field| {
            let (old, new) = (value(&before, field), value(&after, field));
            (old != new).then(|| field.change(old, new))
        })
        .collect()
}

/// The audit target of everything in customer `id`'s file.
pub fn customer_target(id: Id) -> String {
    TargetKind::Customer.target(id)
}

/// The audit target of supplier `id`.
pub fn supplier_target(id: Id) -> String {
    TargetKind::Supplier.target(id)
}

/// The audit target of trade partner `id`.
pub fn trade_partner_target(id: Id) -> String {
    TargetKind::TradePartner.target(id)
}

/// One audit entry for customer `customer`'s file; `None` when nothing changed (an update that
/// saved the same values).
pub fn entry(
    id: Id,
    at_ms: i64,
    user: Option<Id>,
    customer: Id,
    action: AuditAction,
    changes: Vec<FieldChange>,
    reason: &str,
) -> Option<AuditEntry> {
    entry_for(id, at_ms, user, customer_target(customer), action, changes, reason)
}

/// [`entry`] for any audit target.
pub fn entry_for(
    id: Id,
    at_ms: i64,
    user: Option<Id>,
    target: String,
    action: AuditAction,
    changes: Vec<FieldChange>,
    reason: &str,
) -> Option<AuditEntry> {
    (!changes.is_empty() || action == AuditAction::Delete).then(|| AuditEntry {
        id,
        at_ms,
        user,
        target,
        action,
        changes,
        reason: reason.trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::grading::grade::Grade;
    use crate::domain::grading::indicators::Ratings;
    use crate::domain::model::{AccountTeam, ContactRole, CustomField, InteractionKind, Lifecycle, LostKind};
    use crate::domain::model::{
        Contact, Customer, GateOverride, Interaction, Opportunity, Order, OrderLine, Supplier, TradePartner,
    };

    fn customer() -> Customer {
        Customer {
            id: 7,
            company: "长沙建工".into(),
            phone: "0731-8888 1234".into(),
            team: AccountTeam { lead: 3, members: vec![4, 5] },
            ..Customer::default()
        }
    }

    /// A change as (field, before, after).
    type Change<'a> = (&'a str, &'a str, &'a str);

    fn changed(changes: &[FieldChange]) -> Vec<Change<'_>> {
        changes.iter().map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str())).collect()
    }

    #[test]
    fn lists_only_changed_fields() {
        let before = customer();
        let cases: Vec<(Customer, Vec<Change>)> = vec![
            (before.clone(), vec![]),
            (
                Customer { company: "长沙建工集团".into(), ..before.clone() },
                vec![("company", "长沙建工", "长沙建工集团")],
            ),
            (
                Customer { team: AccountTeam { lead: 4, members: vec![3] }, ..before.clone() },
                vec![("team_lead", "3", "4"), ("team_members", "4,5", "3")],
            ),
            (
                Customer {
                    lifecycle: Lifecycle::Lost,
                    lost_kind: Some(LostKind::Competitor),
                    lost_reason: "价格".into(),
                    ..before.clone()
                },
                vec![("lifecycle", "potential", "lost"), ("lost_kind", "", "competitor"), ("lost_reason", "", "价格")],
            ),
            (
                Customer {
                    custom: vec![CustomField { name: "employees".into(), value: "12".into() }],
                    ..before.clone()
                },
                vec![("custom:employees", "", "12")],
            ),
            (
                Customer { main_products: vec!["挖掘机".into(), "装载机".into()], ..before.clone() },
                vec![("main_products", "", "挖掘机; 装载机")],
            ),
            // Stamps are the entry's own who/when, not changes.
            (Customer { modified_by: 9, modified_at: None, created_by: 2, ..before.clone() }, vec![]),
        ];
        for (after, expected) in cases {
            assert_eq!(changed(&diff(Some(&before), Some(&after))), expected);
        }
    }

    #[test]
    fn a_removed_custom_field_is_a_change_to_empty() {
        let before = Customer { custom: vec![CustomField { name: "revenue".into(), value: "5".into() }], ..customer() };
        assert_eq!(changed(&diff(Some(&before), Some(&customer()))), vec![("custom:revenue", "5", "")]);
    }

    #[test]
    fn creation_and_deletion_list_every_filled_field() {
        let contact = Contact {
            id: 11,
            customer_id: 7,
            name: "王强".into(),
            phone: "13800138000".into(),
            role: ContactRole::Purchaser,
            ..Contact::default()
        };
        let created = diff(None, Some(&contact));
        assert_eq!(
            changed(&created),
            vec![
                ("contacts/11/name", "", "王强"),
                ("contacts/11/phone", "", "13800138000"),
                ("contacts/11/role", "", "purchaser"),
            ]
        );
        let deleted = diff(Some(&contact), None);
        assert_eq!(deleted.len(), 3);
        assert!(deleted.iter().all(|c| c.after.is_empty()));
    }

    #[test]
    fn entries_skip_empty_updates_but_keep_deletions() {
        assert!(entry(1, 0, Some(3), 7, AuditAction::Update, vec![], "").is_none());
        let deleted = entry(1, 5, Some(3), 7, AuditAction::Delete, vec![], " 重复客户 ").unwrap();
        assert_eq!((deleted.target.as_str(), deleted.reason.as_str()), ("customers/7", "重复客户"));
    }

    #[test]
    fn interactions_are_audited_under_their_own_prefix() {
        let logged = Interaction {
            id: 21,
            customer_id: 7,
            kind: InteractionKind::Visit,
            date: Date::parse("2026-12-01").ok(),
            by: 3,
            contact_id: Some(11),
            notes: "看了 SY215C".into(),
            follow_up: Date::parse("2026-12-08").ok(),
            follow_up_done: false,
        };
        assert_eq!(
            changed(&diff(None, Some(&logged))),
            vec![
                ("interactions/21/kind", "", "visit"),
                ("interactions/21/date", "", "2026-12-01"),
                ("interactions/21/contact", "", "11"),
                ("interactions/21/notes", "", "看了 SY215C"),
                ("interactions/21/follow_up", "", "2026-12-08"),
            ]
        );
        let done = Interaction { follow_up_done: true, ..logged.clone() };
        assert_eq!(changed(&diff(Some(&logged), Some(&done))), vec![("interactions/21/follow_up_done", "", "true")]);
        let moved = Interaction { follow_up: Date::parse("2026-12-10").ok(), ..logged.clone() };
        assert_eq!(
            changed(&diff(Some(&logged), Some(&moved))),
            vec![("interactions/21/follow_up", "2026-12-08", "2026-12-10")]
        );
    }

    #[test]
    fn suppliers_and_partners_list_changed_fields_under_their_own_target() {
        let before = Supplier { id: 4, name: "徐工配件".into(), quality: 4, ..Supplier::default() };
        let after =
            Supplier {
                products: vec!["液压泵".into(), "滤芯".into()], quality: 5, price_level: 3, ..before.clone()
            };
        assert_eq!(
            changed(&diff(Some(&before), Some(&after))),
            vec![("products", "", "液压泵; 滤芯"), ("price_level", "", "3"), ("quality", "4", "5")]
        );
        assert_eq!(changed(&diff(None, Some(&before))), vec![("name", "", "徐工配件"), ("quality", "", "4")]);
        let bank =
            TradePartner {
                id: 9, name: "建设银行".into(), reference: "6217 0000".into(), ..TradePartner::default()
            };
        let courier = TradePartner { kind: crate::domain::model::PartnerKind::Courier, ..bank.clone() };
        assert_eq!(changed(&diff(Some(&bank), Some(&courier))), vec![("kind", "bank", "courier")]);
        let deleted =
            entry_for(1, 5, Some(3), trade_partner_target(9), AuditAction::Delete, diff(Some(&bank), None), "");
        let deleted = deleted.unwrap();
        assert_eq!(deleted.target, "trade_partners/9");
        assert_eq!(
            changed(&deleted.changes),
            vec![("name", "建设银行", ""), ("kind", "bank", ""), ("reference", "6217 0000", "")]
        );
        assert_eq!(supplier_target(4), "suppliers/4");
        assert!(entry_for(1, 0, None, supplier_target(4), AuditAction::Update, vec![], "").is_none());
    }

    #[test]
    fn orders_are_audited_under_their_prefix_with_lines_as_text() {
        use crate::domain::model::{Claim, OrderStatus, ProductKind};
        use crate::domain::money::Cny;
        let line = OrderLine {
            id: 0,
            product: "SY215C".into(),
            kind: ProductKind::Machine,
            quantity: 2,
            unit_price: Cny::from_yuan(1_200_000),
            unit_cost: Cny(100_000_050),
        };
        let before = Order {
            id: 12,
            customer_id: 7,
            number: "SO-2026-000012".into(),
            status: OrderStatus::Confirmed,
            owner: 3,
            lines: vec![line.clone()],
            ordered: Date::from_ymd(2026, 11, 2),
            ..Order::default()
        };
        let lines = "SY215C [machine] 2 × ¥1,200,000.00 / ¥1,000,000.50";
        assert_eq!(
            changed(&diff(None, Some(&before))),
            vec![
                ("orders/12/number", "", "SO-2026-000012"),
                ("orders/12/status", "", "confirmed"),
                ("orders/12/owner", "", "3"),
                ("orders/12/ordered", "", "2026-11-02"),
                ("orders/12/prepaid_percent", "", "0"),
                ("orders/12/credit_days", "", "0"),
                ("orders/12/lines", "", lines),
            ]
        );
        let parts =
            OrderLine { product: "滤芯".into(), kind: ProductKind::Parts, quantity: 10, ..OrderLine::default() };
        let after = Order {
            status: OrderStatus::Shipped,
            lines: vec![line, parts],
            claim: Some(Claim { amount: Cny::from_yuan(3_000), reason: "漏油".into(), settled: true }),
            ..before.clone()
        };
        assert_eq!(
            changed(&diff(Some(&before), Some(&after))),
            vec![
                ("orders/12/status", "confirmed", "shipped"),
                (
                    "orders/12/lines",
                    lines,
                    "SY215C [machine] 2 × ¥1,200,000.00 / ¥1,000,000.50; 滤芯 [parts] 10 × ¥0.00 / ¥0.00"
                ),
                ("orders/12/claim_amount", "", "¥3,000.00"),
                ("orders/12/claim_reason", "", "漏油"),
                ("orders/12/claim_settled", "", "true"),
            ]
        );
    }

    #[test]
    fn value_ratings_are_audited_under_the_value_prefix() {
        let before = Ratings { customer_id: 4, industry_influence: 3, ..Ratings::default() };
        let after =
            Ratings { price_sensitivity: 5, confirmed_grade: Some(Grade::B), industry_influence: 0, ..before.clone() };
        assert_eq!(
            changed(&diff(Some(&before), Some(&after))),
            vec![
                ("value/industry_influence", "3", ""),
                ("value/price_sensitivity", "", "5"),
                ("value/confirmed_grade", "", "b"),
            ]
        );
    }

    #[test]
    fn opportunity_changes_name_the_opportunity_and_read_man_and_overrides_as_text() {
        use crate::domain::model::{FunnelStage, Man};
        let before = Opportunity {
            id: 31,
            customer_id: 7,
            title: "二期".into(),
            value: crate::domain::money::Cny::from_yuan(900_000),
            owner: 3,
            stage: FunnelStage::Qualify,
            man: Man { money: true, authority: false, need: true },
            ..Opportunity::default()
        };
        let mut after = before.clone();
        after.stage = FunnelStage::Develop;
        after.man.authority = true;
        after.gate_overrides.push(GateOverride {
            by: 3,
            from: FunnelStage::Qualify,
            to: FunnelStage::Develop,
            unmet: vec!["qualify_money".into(), "qualify_authority".into()],
            reason: "预算已批".into(),
            ..GateOverride::default()
        });
        assert_eq!(
            changed(&diff(Some(&before), Some(&after))),
            vec![
                ("opportunities/31/stage", "qualify", "develop"),
                ("opportunities/31/man", "MaN", "MAN"),
                ("opportunities/31/gate_overrides", "", "qualify>develop qualify_money,qualify_authority: 预算已批"),
            ]
        );
        let created = diff(None, Some(&before));
        let created = changed(&created);
        assert_eq!(
            created[..4],
            [
                ("opportunities/31/title", "", "二期"),
                ("opportunities/31/value", "", "¥900,000.00"),
                ("opportunities/31/owner", "", "3"),
                ("opportunities/31/source", "", "trade_show"),
            ]
        );
    }
}
