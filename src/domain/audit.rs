//! Field-level history: what a write changed, as before/after text per field.
//!
//! A customer's history lives under one audit target, `customers/<id>`, so one index read finds
//! everything that happened to the customer's file. Customer fields are named as the
//! spreadsheet columns are ([`CustomerColumn::as_str`]; custom fields as `custom:<name>`); a
//! contact's fields as `contacts/<contact id>/<field>`, an interaction's (往来记录) as
//! `interactions/<interaction id>/<field>`, an order's as `orders/<order id>/<field>` (its lines
//! summarised as one text), an opportunity's as `opportunities/<opportunity id>/<field>` (its MAN
//! as the combination code, stage gate overrides as one text). Users appear as their ids (names change;
//! the view resolves them). Created/modified stamps are not history of their own: the entry's
//! user and time already say it. Suppliers and trade partners are audited under
//! `suppliers/<id>` and `trade_partners/<id>`, their fields by their record names. A customer's
//! value ratings and grade changes are in its file too, as `value/<field>` (`value/grade` for a
//! grade a snapshot changed).

use super::customers::columns::CustomerColumn as Col;
use super::funnel::man::ManCombination;
use super::grading::grade::Grade;
use super::grading::indicators::Ratings;
use super::model::{
    AuditAction, AuditEntry, Contact, Customer, FieldChange, GateOverride, Id, Interaction, Opportunity, Order,
    OrderLine, Supplier, TradePartner,
};
use super::money::format_cny;

/// A record whose fields the audit log compares.
pub trait Audited {
    /// Every audited field with its value as text, in a fixed order.
    fn fields(&self) -> Vec<(String, String)>;
}

fn join_ids(ids: &[Id]) -> String {
    ids.iter().map(Id::to_string).collect::<Vec<_>>().join(",")
}

fn opt_text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl Audited for Customer {
    fn fields(&self) -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> = [
            (Col::Company, self.company.clone()),
            (Col::Country, self.country.clone()),
            (Col::Province, self.province.clone()),
            (Col::City, self.city.clone()),
            (Col::Address, self.address.clone()),
            (Col::Phone, self.phone.clone()),
            (Col::Email, self.email.clone()),
            (Col::WeChat, self.wechat.clone()),
            (Col::OtherChannels, self.other_channels.clone()),
            (Col::MainProducts, self.main_products.join("; ")),
            (Col::Industry, self.industry.clone()),
            (Col::ParentCompany, self.parent_company.clone()),
            (Col::Source, self.source.as_str().to_owned()),
            (Col::Communication, self.communication.as_str().to_owned()),
            (Col::CreditIndex, self.credit_index.to_string()),
            (Col::Lifecycle, self.lifecycle.as_str().to_owned()),
            (Col::LostKind, opt_text(self.lost_kind.map(|k| k.as_str()))),
            (Col::LostReason, self.lost_reason.clone()),
            (Col::CustomerType, self.customer_type.as_str().to_owned()),
            (Col::BuyerRole, self.buyer_role.as_str().to_owned()),
            (Col::Concern, self.concern.as_str().to_owned()),
            (Col::Application, self.application.as_str().to_owned()),
            (Col::TeamLead, if self.team.lead == 0 { String::new() } else { self.team.lead.to_string() }),
            (Col::TeamMembers, join_ids(&self.team.members)),
        ]
        .into_iter()
        .map(|(column, value)| (column.as_str().to_owned(), value))
        .collect();
        fields.extend(self.custom.iter().map(|f| (format!("{CUSTOM_PREFIX}{}", f.name), f.value.clone())));
        fields
    }
}

impl Audited for Contact {
    fn fields(&self) -> Vec<(String, String)> {
        let prefix = format!("{CONTACTS_PREFIX}{}/", self.id);
        [
            ("name", self.name.clone()),
            ("title", self.title.clone()),
            ("phone", self.phone.clone()),
            ("email", self.email.clone()),
            ("wechat", self.wechat.clone()),
            ("role", self.role.as_str().to_owned()),
            ("primary", if self.primary { "true".to_owned() } else { String::new() }),
        ]
        .into_iter()
        .map(|(field, value)| (format!("{prefix}{field}"), value))
        .collect()
    }
}

impl Audited for Interaction {
    fn fields(&self) -> Vec<(String, String)> {
        let prefix = format!("{INTERACTIONS_PREFIX}{}/", self.id);
        [
            ("kind", self.kind.as_str().to_owned()),
            ("date", opt_text(self.date)),
            ("contact", opt_text(self.contact_id)),
            ("notes", self.notes.clone()),
            ("follow_up", opt_text(self.follow_up)),
            ("follow_up_done", if self.follow_up_done { "true".to_owned() } else { String::new() }),
        ]
        .into_iter()
        .map(|(field, value)| (format!("{prefix}{field}"), value))
        .collect()
    }
}

/// An order line as the history shows it: `SY215C [machine] 2 × ¥1,200,000.00 / ¥1,000,000.00`
/// (quantity × unit price / unit cost; the view names the kind in the reader's language).
pub fn line_text(line: &OrderLine) -> String {
    format!(
        "{} [{}] {} × {} / {}",
        line.product,
        line.kind.as_str(),
        line.quantity,
        format_cny(line.unit_price),
        format_cny(line.unit_cost)
    )
}

/// The separator of [`line_text`]s in an order's `lines` field.
pub const LINES_SEPARATOR: &str = "; ";

impl Audited for Order {
    fn fields(&self) -> Vec<(String, String)> {
        let prefix = format!("{ORDERS_PREFIX}{}/", self.id);
        let claim = self.claim.as_ref();
        let lines: Vec<String> = self.lines.iter().map(line_text).collect();
        [
            ("number", self.number.clone()),
            ("status", self.status.as_str().to_owned()),
            ("owner", if self.owner == 0 { String::new() } else { self.owner.to_string() }),
            ("ordered", opt_text(self.ordered)),
            ("ready", opt_text(self.ready)),
            ("shipped", opt_text(self.shipped)),
            ("documents_sent", opt_text(self.documents_sent)),
            ("paid", opt_text(self.paid)),
            ("prepaid_percent", self.prepaid_percent.to_string()),
            ("credit_days", self.credit_days.to_string()),
            ("lines", lines.join(LINES_SEPARATOR)),
            ("claim_amount", opt_text(claim.map(|c| format_cny(c.amount)))),
            ("claim_reason", claim.map(|c| c.reason.clone()).unwrap_or_default()),
            ("claim_settled", if claim.is_some_and(|c| c.settled) { "true".to_owned() } else { String::new() }),
        ]
        .into_iter()
        .map(|(field, value)| (format!("{prefix}{field}"), value))
        .collect()
    }
}

/// A gate override as the history shows it: `qualify>develop qualify_money,qualify_authority: reason`
/// (criteria by id; the view names them in the reader's language).
pub fn override_text(o: &GateOverride) -> String {
    format!("{}>{} {}: {}", o.from.as_str(), o.to.as_str(), o.unmet.join(","), o.reason)
}

impl Audited for Opportunity {
    fn fields(&self) -> Vec<(String, String)> {
        let prefix = format!("{OPPORTUNITIES_PREFIX}{}/", self.id);
        let overrides: Vec<String> = self.gate_overrides.iter().map(override_text).collect();
        [
            ("title", self.title.clone()),
            ("product", self.product.clone()),
            ("value", format_cny(self.value)),
            ("owner", if self.owner == 0 { String::new() } else { self.owner.to_string() }),
            ("source", self.source.as_str().to_owned()),
            ("stage", self.stage.as_str().to_owned()),
            ("man", ManCombination::of(self.man).code().to_owned()),
            ("expected_close", opt_text(self.expected_close)),
            ("forecast_category", opt_text(self.forecast_category.map(|c| c.as_str()))),
            ("criteria_met", self.criteria_met.join(",")),
            ("lost_reason", self.lost_reason.clone()),
            ("competitor", self.competitor.clone()),
            ("gate_overrides", overrides.join(LINES_SEPARATOR)),
        ]
        .into_iter()
        .map(|(field, value)| (format!("{prefix}{field}"), value))
        .collect()
    }
}

/// A rating as text: empty when not rated, so an unrated field is no change from nothing.
fn rating(value: u8) -> String {
    if value == 0 {
        String::new()
    } else {
        value.to_string()
    }
}

fn named<const N: usize>(fields: [(&str, String); N]) -> Vec<(String, String)> {
    fields.into_iter().map(|(name, value)| (name.to_owned(), value)).collect()
}

impl Audited for Supplier {
    fn fields(&self) -> Vec<(String, String)> {
        named([
            ("name", self.name.clone()),
            ("address", self.address.clone()),
            ("contact", self.contact.clone()),
            ("phone", self.phone.clone()),
            ("email", self.email.clone()),
            ("wechat", self.wechat.clone()),
            ("products", self.products.join("; ")),
            ("price_level", rating(self.price_level)),
            ("delivery_speed", rating(self.delivery_speed)),
            ("service_level", rating(self.service_level)),
            ("quality", rating(self.quality)),
            ("notes", self.notes.clone()),
        ])
    }
}

impl Audited for TradePartner {
    fn fields(&self) -> Vec<(String, String)> {
        named([
            ("name", self.name.clone()),
            ("kind", self.kind.as_str().to_owned()),
            ("contact", self.contact.clone()),
            ("phone", self.phone.clone()),
            ("email", self.email.clone()),
            ("address", self.address.clone()),
            ("reference", self.reference.clone()),
            ("notes", self.notes.clone()),
        ])
    }
}

pub const CUSTOM_PREFIX: &str = "custom:";
pub const CONTACTS_PREFIX: &str = "contacts/";
pub const INTERACTIONS_PREFIX: &str = "interactions/";
pub const ORDERS_PREFIX: &str = "orders/";
pub const VALUE_PREFIX: &str = "value/";
/// The field of a grade change a snapshot recorded.
pub const GRADE_FIELD: &str = "value/grade";

impl Audited for Ratings {
    fn fields(&self) -> Vec<(String, String)> {
        [
            ("industry_influence", rating(self.industry_influence)),
            ("new_product", rating(self.new_product)),
            ("price_sensitivity", rating(self.price_sensitivity)),
            ("communication", rating(self.communication)),
            ("confirmed_grade", opt_text(self.confirmed_grade.map(Grade::as_str))),
        ]
        .into_iter()
        .map(|(name, value)| (format!("{VALUE_PREFIX}{name}"), value))
        .collect()
    }
}

/// A value field's name without its prefix; `None` for any other field.
pub fn value_field(field: &str) -> Option<&str> {
    field.strip_prefix(VALUE_PREFIX)
}
pub const OPPORTUNITIES_PREFIX: &str = "opportunities/";

/// What changed from `before` to `after`; `None` on one side means created or deleted, and
/// then every non-empty field of the other side is listed.
pub fn diff<T: Audited>(before: Option<&T>, after: Option<&T>) -> Vec<FieldChange> {
    let before = before.map(Audited::fields).unwrap_or_default();
    let after = after.map(Audited::fields).unwrap_or_default();
    let value = |fields: &[(String, String)], name: &str| {
        fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    };
    let mut names: Vec<&String> = after.iter().map(|(n, _)| n).collect();
    names.extend(before.iter().map(|(n, _)| n).filter(|n| !after.iter().any(|(a, _)| a == *n)));
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (value(&before, name), value(&after, name));
            (old != new).then(|| FieldChange { field: name.clone(), before: old, after: new })
        })
        .collect()
}

/// The audit target of everything in customer `id`'s file.
pub fn customer_target(id: Id) -> String {
    format!("customers/{id}")
}

/// The audit target of supplier `id`.
pub fn supplier_target(id: Id) -> String {
    format!("suppliers/{id}")
}

/// The audit target of trade partner `id`.
pub fn trade_partner_target(id: Id) -> String {
    format!("trade_partners/{id}")
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

/// A change's field, split into the contact it belongs to (if any) and the field name.
pub fn split_field(field: &str) -> (Option<Id>, &str) {
    match field.strip_prefix(CONTACTS_PREFIX).and_then(|rest| rest.split_once('/')) {
        Some((id, name)) => (id.parse().ok(), name),
        None => (None, field),
    }
}

/// An interaction's field as (interaction id, field name); `None` for any other field.
pub fn interaction_field(field: &str) -> Option<(Id, &str)> {
    let (id, name) = field.strip_prefix(INTERACTIONS_PREFIX)?.split_once('/')?;
    Some((id.parse().ok()?, name))
}

/// An order's field as (order id, field name); `None` for any other field.
pub fn order_field(field: &str) -> Option<(Id, &str)> {
    let (id, name) = field.strip_prefix(ORDERS_PREFIX)?.split_once('/')?;
    Some((id.parse().ok()?, name))
}

/// An opportunity's field as (opportunity id, field name); `None` for any other field.
pub fn opportunity_field(field: &str) -> Option<(Id, &str)> {
    let (id, name) = field.strip_prefix(OPPORTUNITIES_PREFIX)?.split_once('/')?;
    Some((id.parse().ok()?, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::model::{AccountTeam, ContactRole, CustomField, InteractionKind, Lifecycle, LostKind};

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
    fn splits_interaction_fields() {
        for (field, expected) in [
            ("interactions/21/follow_up", Some((21, "follow_up"))),
            ("interactions/x/notes", None),
            ("interactions/21", None),
            ("contacts/11/phone", None),
            ("company", None),
        ] {
            assert_eq!(interaction_field(field), expected, "{field}");
        }
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
    fn splits_contact_fields() {
        for (field, expected) in [
            ("contacts/11/phone", (Some(11), "phone")),
            ("company", (None, "company")),
            ("custom:contacts/x", (None, "custom:contacts/x")),
            ("contacts/x/phone", (None, "phone")),
        ] {
            assert_eq!(split_field(field), expected, "{field}");
        }
    }

    #[test]
    fn orders_are_audited_under_their_prefix_with_lines_as_text() {
        use crate::domain::model::{Claim, OrderStatus, ProductKind};
        use crate::domain::money::Cny;
        let line = OrderLine {
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
        for (field, expected) in [
            ("orders/12/status", Some((12, "status"))),
            ("interactions/12/date", None),
            ("orders/x/status", None),
            ("orders/12", None),
        ] {
            assert_eq!(order_field(field), expected, "{field}");
        }
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
        for (field, expected) in [("value/grade", Some("grade")), (GRADE_FIELD, Some("grade")), ("orders/1/x", None)] {
            assert_eq!(value_field(field), expected, "{field}");
        }
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
        for (field, expected) in [
            ("opportunities/31/stage", Some((31, "stage"))),
            ("orders/31/stage", None),
            ("opportunities/x/stage", None),
            ("opportunities/31", None),
        ] {
            assert_eq!(opportunity_field(field), expected, "{field}");
        }
    }
}
