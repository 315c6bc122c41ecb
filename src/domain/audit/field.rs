//! What an audit entry changed, as a type: [`AuditField`] names a field of a customer's file (the
//! customer's own columns, custom fields, a contact's, an interaction's, an order's, an
//! opportunity's, a value rating's) or of a supplier, trade partner or machine. Stored entries
//! keep the text [`AuditField`] formats to, which is the text written before the type existed;
//! a text is read back in its target's context ([`TargetKind`]), since a supplier's `phone` and
//! a customer's `phone` are different fields written the same way.

use crate::domain::customers::columns::CustomerColumn;
use crate::domain::model::{labelled_enum, FieldChange, Id};
use std::fmt;

labelled_enum!(
    /// What an audit target holds, by the store its records live in (`customers/<id>`…).
    TargetKind { Customer = "customers", Supplier = "suppliers", TradePartner = "trade_partners", Machine = "machines" }
);

impl TargetKind {
    /// The audit target of record `id` of this kind.
    pub fn target(self, id: Id) -> String {
        format!("{}/{id}", self.as_str())
    }
}

labelled_enum!(
    /// A contact's audited fields.
    ContactField {
        Name = "name",
        Title = "title",
        Phone = "phone",
        Email = "email",
        WeChat = "wechat",
        Role = "role",
        Primary = "primary",
    }
);

labelled_enum!(
    /// An interaction's (往来记录) audited fields.
    InteractionField {
        Kind = "kind",
        Date = "date",
        Contact = "contact",
        Notes = "notes",
        FollowUp = "follow_up",
        FollowUpDone = "follow_up_done",
    }
);

labelled_enum!(
    /// An order's audited fields; its lines are one field, summarised as text.
    OrderField {
        Number = "number",
        Status = "status",
        Owner = "owner",
        Ordered = "ordered",
        Ready = "ready",
        Shipped = "shipped",
        DocumentsSent = "documents_sent",
        Paid = "paid",
        PrepaidPercent = "prepaid_percent",
        CreditDays = "credit_days",
        Lines = "lines",
        ClaimAmount = "claim_amount",
        ClaimReason = "claim_reason",
        ClaimSettled = "claim_settled",
    }
);

labelled_enum!(
    /// An opportunity's audited fields; its MAN is one field (the combination code), and so are
    /// its gate overrides.
    OpportunityField {
        Title = "title",
        Product = "product",
        Value = "value",
        Owner = "owner",
        Source = "source",
        Stage = "stage",
        Man = "man",
        ExpectedClose = "expected_close",
        ForecastCategory = "forecast_category",
        CriteriaMet = "criteria_met",
        LostReason = "lost_reason",
        Competitor = "competitor",
        GateOverrides = "gate_overrides",
        StrategyTask = "strategy_task",
    }
);

labelled_enum!(
    /// A customer's value ratings, and the grade a snapshot changed.
    ValueField {
        IndustryInfluence = "industry_influence",
        NewProduct = "new_product",
        PriceSensitivity = "price_sensitivity",
        Communication = "communication",
        ConfirmedGrade = "confirmed_grade",
        Grade = "grade",
    }
);

labelled_enum!(
    /// A supplier's audited fields.
    SupplierField {
        Name = "name",
        Address = "address",
        Contact = "contact",
        Phone = "phone",
        Email = "email",
        WeChat = "wechat",
        Products = "products",
        PriceLevel = "price_level",
        DeliverySpeed = "delivery_speed",
        ServiceLevel = "service_level",
        Quality = "quality",
        Notes = "notes",
    }
);

labelled_enum!(
    /// A trade partner's audited fields.
    TradePartnerField {
        Name = "name",
        Kind = "kind",
        Contact = "contact",
        Phone = "phone",
        Email = "email",
        Address = "address",
        Reference = "reference",
        Notes = "notes",
    }
);

labelled_enum!(
    /// A machine's audited fields.
    MachineField {
        Serial = "serial",
        Model = "model",
        Customer = "customer",
        Delivered = "delivered",
        Hours = "hours",
        HoursPerMonth = "hours_per_month",
        Status = "status",
    }
);

labelled_enum!(
    /// A customer's audited fields that are no spreadsheet column: set on the form only.
    ProfileField {
        MarketOverride = "market_override",
        KeyAccount = "key_account",
        KeyAccountReason = "key_account_reason",
    }
);

/// One field an audit entry changed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AuditField {
    /// A customer's own field, named as its spreadsheet column.
    Customer(CustomerColumn),
    /// A customer's own field that is no column, stored under its own name as columns are.
    Profile(ProfileField),
    /// A custom field of the customer, by its name.
    Custom(String),
    Contact(Id, ContactField),
    Interaction(Id, InteractionField),
    Order(Id, OrderField),
    Opportunity(Id, OpportunityField),
    Value(ValueField),
    Supplier(SupplierField),
    TradePartner(TradePartnerField),
    Machine(MachineField),
}

const CUSTOM_PREFIX: &str = "custom:";
const CONTACTS: &str = "contacts";
const INTERACTIONS: &str = "interactions";
const ORDERS: &str = "orders";
const OPPORTUNITIES: &str = "opportunities";
const VALUE: &str = "value";

impl fmt::Display for AuditField {
    /// The text stored in [`FieldChange::field`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditField::Customer(column) => f.write_str(column.as_str()),
            AuditField::Profile(field) => f.write_str(field.as_str()),
            AuditField::Custom(name) => write!(f, "{CUSTOM_PREFIX}{name}"),
            AuditField::Contact(id, field) => write!(f, "{CONTACTS}/{id}/{}", field.as_str()),
            AuditField::Interaction(id, field) => write!(f, "{INTERACTIONS}/{id}/{}", field.as_str()),
            AuditField::Order(id, field) => write!(f, "{ORDERS}/{id}/{}", field.as_str()),
            AuditField::Opportunity(id, field) => write!(f, "{OPPORTUNITIES}/{id}/{}", field.as_str()),
            AuditField::Value(field) => write!(f, "{VALUE}/{}", field.as_str()),
            AuditField::Supplier(field) => f.write_str(field.as_str()),
            AuditField::TradePartner(field) => f.write_str(field.as_str()),
            AuditField::Machine(field) => f.write_str(field.as_str()),
        }
    }
}

impl AuditField {
    /// The field a stored text names under a target of `kind`; `None` for a text this version
    /// does not know (a later version's field).
    pub fn parse(kind: TargetKind, text: &str) -> Option<AuditField> {
        match kind {
            TargetKind::Customer => in_customer_file(text),
            TargetKind::Supplier => SupplierField::parse(text).map(AuditField::Supplier),
            TargetKind::TradePartner => TradePartnerField::parse(text).map(AuditField::TradePartner),
            TargetKind::Machine => MachineField::parse(text).map(AuditField::Machine),
        }
    }

    /// This field's change from `before` to `after`, as stored.
    pub fn change(&self, before: String, after: String) -> FieldChange {
        FieldChange { field: self.to_string(), before, after }
    }
}

fn in_customer_file(text: &str) -> Option<AuditField> {
    // Custom field names are the user's and may hold `/`, so their prefix goes first.
    if let Some(name) = text.strip_prefix(CUSTOM_PREFIX) {
        return Some(AuditField::Custom(name.to_owned()));
    }
    let Some((head, rest)) = text.split_once('/') else {
        return CustomerColumn::parse(text)
            .map(AuditField::Customer)
            .or_else(|| ProfileField::parse(text).map(AuditField::Profile));
    };
    if head == VALUE {
        return ValueField::parse(rest).map(AuditField::Value);
    }
    let (id, name) = rest.split_once('/')?;
    let id: Id = id.parse().ok()?;
    match head {
        CONTACTS => ContactField::parse(name).map(|f| AuditField::Contact(id, f)),
        INTERACTIONS => InteractionField::parse(name).map(|f| AuditField::Interaction(id, f)),
        ORDERS => OrderField::parse(name).map(|f| AuditField::Order(id, f)),
        OPPORTUNITIES => OpportunityField::parse(name).map(|f| AuditField::Opportunity(id, f)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AuditField as F;

    /// Every field of every record kind as stored before fields were typed: stored history
    /// must keep reading, so these texts never change.
    fn stored_texts() -> Vec<(TargetKind, AuditField, &'static str)> {
        use CustomerColumn as C;
        use TargetKind::{Customer as InFile, Machine as M, Supplier as S, TradePartner as T};
        vec![
            (InFile, F::Customer(C::Id), "id"),
            (InFile, F::Customer(C::Company), "company"),
            (InFile, F::Customer(C::Country), "country"),
            (InFile, F::Customer(C::Province), "province"),
            (InFile, F::Customer(C::City), "city"),
            (InFile, F::Customer(C::Address), "address"),
            (InFile, F::Customer(C::Phone), "phone"),
            (InFile, F::Customer(C::Email), "email"),
            (InFile, F::Customer(C::WeChat), "wechat"),
            (InFile, F::Customer(C::OtherChannels), "other_channels"),
            (InFile, F::Customer(C::MainProducts), "main_products"),
            (InFile, F::Customer(C::Industry), "industry"),
            (InFile, F::Customer(C::ParentCompany), "parent_company"),
            (InFile, F::Customer(C::Source), "source"),
            (InFile, F::Customer(C::Communication), "communication"),
            (InFile, F::Customer(C::CreditIndex), "credit_index"),
            (InFile, F::Customer(C::Lifecycle), "lifecycle"),
            (InFile, F::Customer(C::LostKind), "lost_kind"),
            (InFile, F::Customer(C::LostReason), "lost_reason"),
            (InFile, F::Customer(C::CustomerType), "customer_type"),
            (InFile, F::Customer(C::BuyerRole), "buyer_role"),
            (InFile, F::Customer(C::Concern), "concern"),
            (InFile, F::Customer(C::Application), "application"),
            (InFile, F::Customer(C::TeamLead), "team_lead"),
            (InFile, F::Customer(C::TeamMembers), "team_members"),
            (InFile, F::Customer(C::CreatedAt), "created_at"),
            (InFile, F::Customer(C::ModifiedAt), "modified_at"),
            (InFile, F::Customer(C::ContactName), "contact_name"),
            (InFile, F::Customer(C::ContactTitle), "contact_title"),
            (InFile, F::Customer(C::ContactPhone), "contact_phone"),
            (InFile, F::Customer(C::ContactEmail), "contact_email"),
            (InFile, F::Customer(C::ContactWeChat), "contact_wechat"),
            (InFile, F::Customer(C::ContactRole), "contact_role"),
            (InFile, F::Profile(ProfileField::MarketOverride), "market_override"),
            (InFile, F::Profile(ProfileField::KeyAccount), "key_account"),
            (InFile, F::Profile(ProfileField::KeyAccountReason), "key_account_reason"),
            (InFile, F::Custom("employees".into()), "custom:employees"),
            (InFile, F::Custom("年产值/万".into()), "custom:年产值/万"),
            (InFile, F::Custom("contacts/x".into()), "custom:contacts/x"),
            (InFile, F::Custom(String::new()), "custom:"),
            (InFile, F::Contact(11, ContactField::Name), "contacts/11/name"),
            (InFile, F::Contact(11, ContactField::Title), "contacts/11/title"),
            (InFile, F::Contact(11, ContactField::Phone), "contacts/11/phone"),
            (InFile, F::Contact(11, ContactField::Email), "contacts/11/email"),
            (InFile, F::Contact(11, ContactField::WeChat), "contacts/11/wechat"),
            (InFile, F::Contact(11, ContactField::Role), "contacts/11/role"),
            (InFile, F::Contact(11, ContactField::Primary), "contacts/11/primary"),
            (InFile, F::Interaction(21, InteractionField::Kind), "interactions/21/kind"),
            (InFile, F::Interaction(21, InteractionField::Date), "interactions/21/date"),
            (InFile, F::Interaction(21, InteractionField::Contact), "interactions/21/contact"),
            (InFile, F::Interaction(21, InteractionField::Notes), "interactions/21/notes"),
            (InFile, F::Interaction(21, InteractionField::FollowUp), "interactions/21/follow_up"),
            (InFile, F::Interaction(21, InteractionField::FollowUpDone), "interactions/21/follow_up_done"),
            (InFile, F::Order(12, OrderField::Number), "orders/12/number"),
            (InFile, F::Order(12, OrderField::Status), "orders/12/status"),
            (InFile, F::Order(12, OrderField::Owner), "orders/12/owner"),
            (InFile, F::Order(12, OrderField::Ordered), "orders/12/ordered"),
            (InFile, F::Order(12, OrderField::Ready), "orders/12/ready"),
            (InFile, F::Order(12, OrderField::Shipped), "orders/12/shipped"),
            (InFile, F::Order(12, OrderField::DocumentsSent), "orders/12/documents_sent"),
            (InFile, F::Order(12, OrderField::Paid), "orders/12/paid"),
            (InFile, F::Order(12, OrderField::PrepaidPercent), "orders/12/prepaid_percent"),
            (InFile, F::Order(12, OrderField::CreditDays), "orders/12/credit_days"),
            (InFile, F::Order(12, OrderField::Lines), "orders/12/lines"),
            (InFile, F::Order(12, OrderField::ClaimAmount), "orders/12/claim_amount"),
            (InFile, F::Order(12, OrderField::ClaimReason), "orders/12/claim_reason"),
            (InFile, F::Order(12, OrderField::ClaimSettled), "orders/12/claim_settled"),
            (InFile, F::Opportunity(31, OpportunityField::Title), "opportunities/31/title"),
            (InFile, F::Opportunity(31, OpportunityField::Product), "opportunities/31/product"),
            (InFile, F::Opportunity(31, OpportunityField::Value), "opportunities/31/value"),
            (InFile, F::Opportunity(31, OpportunityField::Owner), "opportunities/31/owner"),
            (InFile, F::Opportunity(31, OpportunityField::Source), "opportunities/31/source"),
            (InFile, F::Opportunity(31, OpportunityField::Stage), "opportunities/31/stage"),
            (InFile, F::Opportunity(31, OpportunityField::Man), "opportunities/31/man"),
            (InFile, F::Opportunity(31, OpportunityField::ExpectedClose), "opportunities/31/expected_close"),
            (InFile, F::Opportunity(31, OpportunityField::ForecastCategory), "opportunities/31/forecast_category"),
            (InFile, F::Opportunity(31, OpportunityField::CriteriaMet), "opportunities/31/criteria_met"),
            (InFile, F::Opportunity(31, OpportunityField::LostReason), "opportunities/31/lost_reason"),
            (InFile, F::Opportunity(31, OpportunityField::Competitor), "opportunities/31/competitor"),
            (InFile, F::Opportunity(31, OpportunityField::GateOverrides), "opportunities/31/gate_overrides"),
            (InFile, F::Opportunity(31, OpportunityField::StrategyTask), "opportunities/31/strategy_task"),
            (InFile, F::Value(ValueField::IndustryInfluence), "value/industry_influence"),
            (InFile, F::Value(ValueField::NewProduct), "value/new_product"),
            (InFile, F::Value(ValueField::PriceSensitivity), "value/price_sensitivity"),
            (InFile, F::Value(ValueField::Communication), "value/communication"),
            (InFile, F::Value(ValueField::ConfirmedGrade), "value/confirmed_grade"),
            (InFile, F::Value(ValueField::Grade), "value/grade"),
            (S, F::Supplier(SupplierField::Name), "name"),
            (S, F::Supplier(SupplierField::Address), "address"),
            (S, F::Supplier(SupplierField::Contact), "contact"),
            (S, F::Supplier(SupplierField::Phone), "phone"),
            (S, F::Supplier(SupplierField::Email), "email"),
            (S, F::Supplier(SupplierField::WeChat), "wechat"),
            (S, F::Supplier(SupplierField::Products), "products"),
            (S, F::Supplier(SupplierField::PriceLevel), "price_level"),
            (S, F::Supplier(SupplierField::DeliverySpeed), "delivery_speed"),
            (S, F::Supplier(SupplierField::ServiceLevel), "service_level"),
            (S, F::Supplier(SupplierField::Quality), "quality"),
            (S, F::Supplier(SupplierField::Notes), "notes"),
            (T, F::TradePartner(TradePartnerField::Name), "name"),
            (T, F::TradePartner(TradePartnerField::Kind), "kind"),
            (T, F::TradePartner(TradePartnerField::Contact), "contact"),
            (T, F::TradePartner(TradePartnerField::Phone), "phone"),
            (T, F::TradePartner(TradePartnerField::Email), "email"),
            (T, F::TradePartner(TradePartnerField::Address), "address"),
            (T, F::TradePartner(TradePartnerField::Reference), "reference"),
            (T, F::TradePartner(TradePartnerField::Notes), "notes"),
            (M, F::Machine(MachineField::Serial), "serial"),
            (M, F::Machine(MachineField::Model), "model"),
            (M, F::Machine(MachineField::Customer), "customer"),
            (M, F::Machine(MachineField::Delivered), "delivered"),
            (M, F::Machine(MachineField::Hours), "hours"),
            (M, F::Machine(MachineField::HoursPerMonth), "hours_per_month"),
            (M, F::Machine(MachineField::Status), "status"),
        ]
    }

    #[test]
    fn every_field_formats_to_its_stored_text_and_parses_back() {
        for (kind, field, text) in stored_texts() {
            assert_eq!(field.to_string(), text, "{field:?}");
            assert_eq!(AuditField::parse(kind, text), Some(field.clone()), "{text}");
            let change = field.change("a".into(), "b".into());
            assert_eq!((change.field.as_str(), change.before.as_str(), change.after.as_str()), (text, "a", "b"));
        }
    }

    #[test]
    fn the_stored_texts_cover_every_field() {
        let table: Vec<AuditField> = stored_texts().into_iter().map(|(_, field, _)| field).collect();
        let every: Vec<AuditField> = [
            CustomerColumn::ALL.iter().map(|&f| F::Customer(f)).collect::<Vec<_>>(),
            ProfileField::ALL.iter().map(|&f| F::Profile(f)).collect(),
            ContactField::ALL.iter().map(|&f| F::Contact(11, f)).collect(),
            InteractionField::ALL.iter().map(|&f| F::Interaction(21, f)).collect(),
            OrderField::ALL.iter().map(|&f| F::Order(12, f)).collect(),
            OpportunityField::ALL.iter().map(|&f| F::Opportunity(31, f)).collect(),
            ValueField::ALL.iter().map(|&f| F::Value(f)).collect(),
            SupplierField::ALL.iter().map(|&f| F::Supplier(f)).collect(),
            TradePartnerField::ALL.iter().map(|&f| F::TradePartner(f)).collect(),
            MachineField::ALL.iter().map(|&f| F::Machine(f)).collect(),
        ]
        .concat();
        let missing: Vec<&AuditField> = every.iter().filter(|f| !table.contains(f)).collect();
        assert_eq!(missing, Vec::<&AuditField>::new());
    }

    #[test]
    fn every_field_round_trips_with_any_id() {
        let ids: [Id; 4] = [0, 1, 4_711, (1 << 53) - 1];
        let mut fields: Vec<(TargetKind, AuditField)> = Vec::new();
        fields.extend(CustomerColumn::ALL.iter().map(|&f| (TargetKind::Customer, F::Customer(f))));
        fields.extend(ProfileField::ALL.iter().map(|&f| (TargetKind::Customer, F::Profile(f))));
        fields.extend(ValueField::ALL.iter().map(|&f| (TargetKind::Customer, F::Value(f))));
        fields.extend(SupplierField::ALL.iter().map(|&f| (TargetKind::Supplier, F::Supplier(f))));
        fields.extend(TradePartnerField::ALL.iter().map(|&f| (TargetKind::TradePartner, F::TradePartner(f))));
        fields.extend(MachineField::ALL.iter().map(|&f| (TargetKind::Machine, F::Machine(f))));
        for id in ids {
            fields.extend(ContactField::ALL.iter().map(|&f| (TargetKind::Customer, F::Contact(id, f))));
            fields.extend(InteractionField::ALL.iter().map(|&f| (TargetKind::Customer, F::Interaction(id, f))));
            fields.extend(OrderField::ALL.iter().map(|&f| (TargetKind::Customer, F::Order(id, f))));
            fields.extend(OpportunityField::ALL.iter().map(|&f| (TargetKind::Customer, F::Opportunity(id, f))));
        }
        for name in ["", "employees", "a/b/c", "custom:x", "value/grade"] {
            fields.push((TargetKind::Customer, F::Custom(name.into())));
        }
        for (kind, field) in fields {
            assert_eq!(AuditField::parse(kind, &field.to_string()), Some(field.clone()), "{field:?}");
        }
    }

    #[test]
    fn a_text_reads_in_its_targets_context() {
        use TargetKind::{Customer, Machine, Supplier, TradePartner};
        for (kind, text, expected) in [
            (Customer, "phone", Some(F::Customer(CustomerColumn::Phone))),
            (Supplier, "phone", Some(F::Supplier(SupplierField::Phone))),
            (TradePartner, "phone", Some(F::TradePartner(TradePartnerField::Phone))),
            (Machine, "phone", None),
            (Customer, "name", None),
            (Customer, "kind", None),
            (TradePartner, "kind", Some(F::TradePartner(TradePartnerField::Kind))),
            (Supplier, "kind", None),
            (Supplier, "company", None),
            (Supplier, "custom:employees", None),
            (Supplier, "contacts/11/name", None),
            (Machine, "value/grade", None),
            (Customer, "status", None),
            (Machine, "status", Some(F::Machine(MachineField::Status))),
        ] {
            assert_eq!(AuditField::parse(kind, text), expected, "{kind:?} {text}");
        }
    }

    #[test]
    fn unknown_or_malformed_texts_do_not_parse() {
        for text in [
            "contacts/x/phone",
            "contacts/11",
            "contacts/11/birthday",
            "interactions/21",
            "interactions/x/notes",
            "orders/12",
            "orders/x/status",
            "orders/12/colour",
            "opportunities/31",
            "opportunities/31/stage/extra",
            "value/",
            "value/loyalty",
            "machines/4/hours",
            "revenue",
            "",
        ] {
            assert_eq!(AuditField::parse(TargetKind::Customer, text), None, "{text}");
        }
    }

    #[test]
    fn targets_name_their_store_and_id() {
        for (kind, target) in [
            (TargetKind::Customer, "customers/7"),
            (TargetKind::Supplier, "suppliers/7"),
            (TargetKind::TradePartner, "trade_partners/7"),
            (TargetKind::Machine, "machines/7"),
        ] {
            assert_eq!(kind.target(7), target);
        }
    }
}
