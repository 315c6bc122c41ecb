//! Each audited record's fields as text, in a fixed order: the customer's by their spreadsheet
//! columns and custom fields, its contacts', interactions', orders' and opportunities' under
//! their ids, its value ratings, and suppliers' and trade partners' under their own targets.
//! Users appear as their ids (names change; the view resolves them). Created/modified stamps are
//! not history of their own: the entry's user and time already say it.

use super::field::{
    AuditField, ContactField, InteractionField, OpportunityField, OrderField, ProfileField, SupplierField,
    TradePartnerField, ValueField,
};
use super::Audited;
use crate::domain::customers::columns::CustomerColumn as Col;
use crate::domain::funnel::man::ManCombination;
use crate::domain::grading::grade::Grade;
use crate::domain::grading::indicators::Ratings;
use crate::domain::model::{
    Contact, Customer, GateOverride, Id, Interaction, Opportunity, Order, OrderLine, Supplier, TradePartner,
};
use crate::domain::money::format_cny;

fn join_ids(ids: &[Id]) -> String {
    ids.iter().map(Id::to_string).collect::<Vec<_>>().join(",")
}

fn opt_text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A flag as text: empty when unset, so an unset flag is no change from nothing.
fn flag(set: bool) -> String {
    if set {
        "true".to_owned()
    } else {
        String::new()
    }
}

/// A user id as text: empty for nobody.
fn user(id: Id) -> String {
    if id == 0 {
        String::new()
    } else {
        id.to_string()
    }
}

/// `fields` under one record: each sub-field wrapped by `field`.
fn under<F, const N: usize>(field: impl Fn(F) -> AuditField, fields: [(F, String); N]) -> Vec<(AuditField, String)> {
    fields.into_iter().map(|(name, value)| (field(name), value)).collect()
}

impl Audited for Customer {
    fn fields(&self) -> Vec<(AuditField, String)> {
        let mut fields = under(
            AuditField::Customer,
            [
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
                (Col::TeamLead, user(self.team.lead)),
                (Col::TeamMembers, join_ids(&self.team.members)),
            ],
        );
        fields.extend([
            (AuditField::Profile(ProfileField::MarketOverride), opt_text(self.market_override.map(|m| m.as_str()))),
            (AuditField::Profile(ProfileField::KeyAccount), flag(self.key_account)),
            (AuditField::Profile(ProfileField::KeyAccountReason), self.key_account_reason.clone()),
        ]);
        fields.extend(self.custom.iter().map(|f| (AuditField::Custom(f.name.clone()), f.value.clone())));
        fields
    }
}

impl Audited for Contact {
    fn fields(&self) -> Vec<(AuditField, String)> {
        use ContactField as F;
        under(
            |field| AuditField::Contact(self.id, field),
            [
                (F::Name, self.name.clone()),
                (F::Title, self.title.clone()),
                (F::Phone, self.phone.clone()),
                (F::Email, self.email.clone()),
                (F::WeChat, self.wechat.clone()),
                (F::Role, self.role.as_str().to_owned()),
                (F::Primary, flag(self.primary)),
            ],
        )
    }
}

impl Audited for Interaction {
    fn fields(&self) -> Vec<(AuditField, String)> {
        use InteractionField as F;
        under(
            |field| AuditField::Interaction(self.id, field),
            [
                (F::Kind, self.kind.as_str().to_owned()),
                (F::Date, opt_text(self.date)),
                (F::Contact, opt_text(self.contact_id)),
                (F::Notes, self.notes.clone()),
                (F::FollowUp, opt_text(self.follow_up)),
                (F::FollowUpDone, flag(self.follow_up_done)),
            ],
        )
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
    fn fields(&self) -> Vec<(AuditField, String)> {
        use OrderField as F;
        let claim = self.claim.as_ref();
        let lines: Vec<String> = self.lines.iter().map(line_text).collect();
        under(
            |field| AuditField::Order(self.id, field),
            [
                (F::Number, self.number.clone()),
                (F::Status, self.status.as_str().to_owned()),
                (F::Owner, user(self.owner)),
                (F::Ordered, opt_text(self.ordered)),
                (F::Ready, opt_text(self.ready)),
                (F::Shipped, opt_text(self.shipped)),
                (F::DocumentsSent, opt_text(self.documents_sent)),
                (F::Paid, opt_text(self.paid)),
                (F::PrepaidPercent, self.prepaid_percent.to_string()),
                (F::CreditDays, self.credit_days.to_string()),
                (F::Lines, lines.join(LINES_SEPARATOR)),
                (F::ClaimAmount, opt_text(claim.map(|c| format_cny(c.amount)))),
                (F::ClaimReason, claim.map(|c| c.reason.clone()).unwrap_or_default()),
                (F::ClaimSettled, flag(claim.is_some_and(|c| c.settled))),
            ],
        )
    }
}

/// A gate override as the history shows it: `qualify>develop qualify_money,qualify_authority: reason`
/// (criteria by id; the view names them in the reader's language).
pub fn override_text(o: &GateOverride) -> String {
    format!("{}>{} {}: {}", o.from.as_str(), o.to.as_str(), o.unmet.join(","), o.reason)
}

impl Audited for Opportunity {
    fn fields(&self) -> Vec<(AuditField, String)> {
        use OpportunityField as F;
        let overrides: Vec<String> = self.gate_overrides.iter().map(override_text).collect();
        under(
            |field| AuditField::Opportunity(self.id, field),
            [
                (F::Title, self.title.clone()),
                (F::Product, self.product.clone()),
                (F::Value, format_cny(self.value)),
                (F::Owner, user(self.owner)),
                (F::Source, self.source.as_str().to_owned()),
                (F::Stage, self.stage.as_str().to_owned()),
                (F::Man, ManCombination::of(self.man).code().to_owned()),
                (F::ExpectedClose, opt_text(self.expected_close)),
                (F::ForecastCategory, opt_text(self.forecast_category.map(|c| c.as_str()))),
                (F::CriteriaMet, self.criteria_met.join(",")),
                (F::LostReason, self.lost_reason.clone()),
                (F::Competitor, self.competitor.clone()),
                (F::GateOverrides, overrides.join(LINES_SEPARATOR)),
                (F::StrategyTask, self.strategy_task.clone()),
            ],
        )
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

impl Audited for Supplier {
    fn fields(&self) -> Vec<(AuditField, String)> {
        use SupplierField as F;
        under(
            AuditField::Supplier,
            [
                (F::Name, self.name.clone()),
                (F::Address, self.address.clone()),
                (F::Contact, self.contact.clone()),
                (F::Phone, self.phone.clone()),
                (F::Email, self.email.clone()),
                (F::WeChat, self.wechat.clone()),
                (F::Products, self.products.join("; ")),
                (F::PriceLevel, rating(self.price_level)),
                (F::DeliverySpeed, rating(self.delivery_speed)),
                (F::ServiceLevel, rating(self.service_level)),
                (F::Quality, rating(self.quality)),
                (F::Notes, self.notes.clone()),
            ],
        )
    }
}

impl Audited for TradePartner {
    fn fields(&self) -> Vec<(AuditField, String)> {
        use TradePartnerField as F;
        under(
            AuditField::TradePartner,
            [
                (F::Name, self.name.clone()),
                (F::Kind, self.kind.as_str().to_owned()),
                (F::Contact, self.contact.clone()),
                (F::Phone, self.phone.clone()),
                (F::Email, self.email.clone()),
                (F::Address, self.address.clone()),
                (F::Reference, self.reference.clone()),
                (F::Notes, self.notes.clone()),
            ],
        )
    }
}

impl Audited for Ratings {
    fn fields(&self) -> Vec<(AuditField, String)> {
        use ValueField as F;
        under(
            AuditField::Value,
            [
                (F::IndustryInfluence, rating(self.industry_influence)),
                (F::NewProduct, rating(self.new_product)),
                (F::PriceSensitivity, rating(self.price_sensitivity)),
                (F::Communication, rating(self.communication)),
                (F::ConfirmedGrade, opt_text(self.confirmed_grade.map(Grade::as_str))),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::{MachineField, TargetKind};
    use crate::domain::model::{CustomField, Machine};

    /// A record's fields without its values.
    fn names<T: Audited>(record: &T) -> Vec<AuditField> {
        record.fields().into_iter().map(|(field, _)| field).collect()
    }

    #[test]
    fn every_record_lists_each_of_its_fields_once_and_they_read_back_in_its_target() {
        let customer = Customer {
            custom: vec![CustomField { name: "employees".into(), value: "12".into() }],
            ..Customer::default()
        };
        let cases: Vec<(TargetKind, Vec<AuditField>, Vec<AuditField>)> = vec![
            (
                TargetKind::Customer,
                names(&customer),
                Col::ALL
                    .iter()
                    .filter(|c| !c.is_contact() && !matches!(c, Col::Id | Col::CreatedAt | Col::ModifiedAt))
                    .map(|&c| AuditField::Customer(c))
                    .chain(ProfileField::ALL.iter().map(|&f| AuditField::Profile(f)))
                    .chain([AuditField::Custom("employees".into())])
                    .collect(),
            ),
            (
                TargetKind::Customer,
                names(&Contact { id: 11, ..Contact::default() }),
                ContactField::ALL.iter().map(|&f| AuditField::Contact(11, f)).collect(),
            ),
            (
                TargetKind::Customer,
                names(&Interaction { id: 21, ..Interaction::default() }),
                InteractionField::ALL.iter().map(|&f| AuditField::Interaction(21, f)).collect(),
            ),
            (
                TargetKind::Customer,
                names(&Order { id: 12, ..Order::default() }),
                OrderField::ALL.iter().map(|&f| AuditField::Order(12, f)).collect(),
            ),
            (
                TargetKind::Customer,
                names(&Opportunity { id: 31, ..Opportunity::default() }),
                OpportunityField::ALL.iter().map(|&f| AuditField::Opportunity(31, f)).collect(),
            ),
            (
                TargetKind::Customer,
                names(&Ratings::default()),
                // A grade change is written by a snapshot, not read off the ratings.
                ValueField::ALL.iter().filter(|&&f| f != ValueField::Grade).map(|&f| AuditField::Value(f)).collect(),
            ),
            (
                TargetKind::Supplier,
                names(&Supplier::default()),
                SupplierField::ALL.iter().map(|&f| AuditField::Supplier(f)).collect(),
            ),
            (
                TargetKind::TradePartner,
                names(&TradePartner::default()),
                TradePartnerField::ALL.iter().map(|&f| AuditField::TradePartner(f)).collect(),
            ),
            (
                TargetKind::Machine,
                names(&Machine::default()),
                MachineField::ALL.iter().map(|&f| AuditField::Machine(f)).collect(),
            ),
        ];
        for (kind, fields, expected) in cases {
            assert_eq!(fields, expected, "{kind:?}");
            for field in fields {
                assert_eq!(AuditField::parse(kind, &field.to_string()), Some(field.clone()), "{kind:?}");
            }
        }
    }
}
