//! The records Kehu keeps, as plain data. Every struct takes `#[serde(default)]` so a record
//! written before a field existed still reads (schema changes are additive only).

use super::date::{Date, Month};
use super::money::Cny;
use super::region::MarketType;
pub use super::service::record::{ServiceTicket, TicketKind, TicketStatus};
use serde::{Deserialize, Serialize};

/// Record identifier, unique within its kind. Kept below 2⁵³ so JavaScript numbers hold it exactly.
pub type Id = u64;

macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            #[default]
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name stored, exported and indexed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} {text:?}", stringify!($name)))
                })
            }
        }
    };
}
pub(crate) use labelled_enum;

labelled_enum!(
    /// A person working in the dealer (salesperson, service engineer, manager).
    UserRole { Sales = "sales", Service = "service", Manager = "manager" }
);

labelled_enum!(
    /// 现有 / 目标 / 潜在, plus lost (流失) customers who are still tracked (docs/domain.md §3).
    Lifecycle { Potential = "potential", Target = "target", Existing = "existing", Lost = "lost" }
);

labelled_enum!(
    /// 政府 / 国营企业 / 大型承包商 / 自买自用.
    CustomerType { SelfUse = "self_use", LargeContractor = "large_contractor", StateOwned = "state_owned", Government = "government" }
);

labelled_enum!(
    /// Whether the customer owns the equipment (所有者) or buys it for others (购买者).
    BuyerRole { Owner = "owner", Purchaser = "purchaser" }
);

labelled_enum!(
    /// What the customer cares about most.
    Concern { Price = "price", Performance = "performance", Productivity = "productivity", Reputation = "reputation" }
);

labelled_enum!(
    /// 采矿 / 挖掘 / 重型建筑 / 一般建筑.
    Application { GeneralConstruction = "general_construction", HeavyConstruction = "heavy_construction", Excavation = "excavation", Mining = "mining" }
);

labelled_enum!(
    /// 客户来源.
    LeadSource {
        TradeShow = "trade_show",
        Referral = "referral",
        B2bSite = "b2b_site",
        Search = "search",
        CustomsData = "customs_data",
        ManufacturerLead = "manufacturer_lead",
        WalkIn = "walk_in",
        Other = "other",
    }
);

labelled_enum!(
    /// 沟通状态: where the conversation with the customer stands.
    CommunicationStatus { NotContacted = "not_contacted", Contacted = "contacted", InDiscussion = "in_discussion", Negotiating = "negotiating", Cooperating = "cooperating", Dormant = "dormant" }
);

labelled_enum!(
    /// Why a lost customer left (docs/domain.md §3); each kind has its own response.
    LostKind { Dissatisfied = "dissatisfied", Competitor = "competitor", NegativeValue = "negative_value", Involuntary = "involuntary" }
);

labelled_enum!(
    /// A contact's part in the purchase decision, and on site.
    ContactRole { DecisionMaker = "decision_maker", Influencer = "influencer", User = "user", Purchaser = "purchaser", Operator = "operator" }
);

labelled_enum!(
    /// 往来记录 kinds.
    InteractionKind { Visit = "visit", Call = "call", Email = "email", WeChat = "wechat", TradeShow = "trade_show", Meeting = "meeting" }
);

labelled_enum!(
    OrderStatus { Draft = "draft", Confirmed = "confirmed", Shipped = "shipped", Completed = "completed", Cancelled = "cancelled" }
);

labelled_enum!(
    /// What an order line sells.
    ProductKind { Machine = "machine", Parts = "parts", Service = "service" }
);

labelled_enum!(
    /// The five funnel stages of docs/domain.md §4; the fifth (销售结果) ends as won or lost.
    FunnelStage { Identify = "identify", Qualify = "qualify", Develop = "develop", Propose = "propose", Won = "won", Lost = "lost" }
);

labelled_enum!(
    /// How badly a missing part stops a machine.
    Criticality { Low = "low", Medium = "medium", High = "high" }
);

labelled_enum!(
    MachineStatus { Active = "active", Idle = "idle", Scrapped = "scrapped" }
);

labelled_enum!(
    /// `Merge`: another record of the same company was absorbed into this one.
    AuditAction { Create = "create", Update = "update", Delete = "delete", Bulk = "bulk", Merge = "merge" }
);

labelled_enum!(
    /// What a trade partner does for the dealer (docs/domain.md §1).
    PartnerKind { Bank = "bank", Insurer = "insurer", Courier = "courier", Logistics = "logistics", Other = "other" }
);

impl FunnelStage {
    pub fn is_open(self) -> bool {
        !matches!(self, FunnelStage::Won | FunnelStage::Lost)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    pub id: Id,
    pub name: String,
    pub role: UserRole,
    pub active: bool,
    /// Who this user reports to.
    pub manager: Option<Id>,
    /// Regional office or branch, as the company names it.
    pub office: String,
}

/// A customer belongs to the company: a team with one lead, never a single salesperson.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountTeam {
    pub lead: Id,
    pub members: Vec<Id>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Customer {
    pub id: Id,
    pub company: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// ISO 3166-2:CN code, for customers in China.
    pub province: String,
    pub city: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub other_channels: String,
    pub main_products: Vec<String>,
    pub industry: String,
    /// The group this company belongs to (母公司), by name.
    pub parent_company: String,
    /// Facts without a field of their own (e.g. an imported file's extra columns), in column order.
    pub custom: Vec<CustomField>,
    pub source: LeadSource,
    pub communication: CommunicationStatus,
    /// 客户信用指数, 0–100.
    pub credit_index: u8,
    pub lifecycle: Lifecycle,
    pub lost_kind: Option<LostKind>,
    pub lost_reason: String,
    pub customer_type: CustomerType,
    pub buyer_role: BuyerRole,
    pub concern: Concern,
    pub application: Application,
    /// The province's market type by the built-in table when the customer was saved or
    /// imported. What the customer is judged by is [`super::region::MarketTypes::of`]: the
    /// dealer's table, or `market_override`.
    pub market: Option<MarketType>,
    /// The market type the user set for this customer whatever its province's (a mining
    /// company in 江苏); `None` follows the province, and is not written, so a customer without
    /// one is stored (and backed up) as before the field existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market_override: Option<MarketType>,
    /// A key account because the company says so (seed 002: "主观也是客观的"), whatever its
    /// ranking. Not written when unset, as `market_override`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub key_account: bool,
    /// Why the company holds it a key account; required with `key_account`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key_account_reason: String,
    pub team: AccountTeam,
    pub created_by: Id,
    pub created_at: Option<Date>,
    pub modified_by: Id,
    pub modified_at: Option<Date>,
    /// The customers merged into this one. Their history stays under their own ids, since
    /// audit entries never change (a synced team's server refuses it), and is read with this
    /// customer's.
    pub absorbed: Vec<Id>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomField {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub id: Id,
    pub customer_id: Id,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub role: ContactRole,
    pub primary: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Interaction {
    pub id: Id,
    pub customer_id: Id,
    pub contact_id: Option<Id>,
    pub kind: InteractionKind,
    pub date: Option<Date>,
    pub by: Id,
    pub notes: String,
    pub follow_up: Option<Date>,
    pub follow_up_done: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderLine {
    /// The line's own id, so two edits of one order merge line by line. Lines stored before
    /// lines had ids have none (0) and are keyed by position where an order is edited
    /// (`orders::lines::keyed`); not written when 0, so such lines are stored as before.
    #[serde(skip_serializing_if = "is_unset")]
    pub id: Id,
    pub product: String,
    pub kind: ProductKind,
    pub quantity: u32,
    pub unit_price: Cny,
    pub unit_cost: Cny,
}

/// Whether an order line's id is unset: a line stored before lines had ids.
fn is_unset(id: &Id) -> bool {
    *id == 0
}

/// A claim against an order (索赔) and how it was settled.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Claim {
    pub amount: Cny,
    pub reason: String,
    /// Whether the customer accepted a fair settlement.
    pub settled: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Order {
    pub id: Id,
    pub customer_id: Id,
    pub number: String,
    pub status: OrderStatus,
    pub owner: Id,
    pub lines: Vec<OrderLine>,
    pub ordered: Option<Date>,
    pub ready: Option<Date>,
    pub shipped: Option<Date>,
    pub documents_sent: Option<Date>,
    pub paid: Option<Date>,
    /// Share paid in advance, 0–100 %.
    pub prepaid_percent: u8,
    pub credit_days: u16,
    pub claim: Option<Claim>,
}

impl Order {
    pub fn revenue(&self) -> Cny {
        self.lines.iter().map(|l| l.unit_price * i64::from(l.quantity)).sum()
    }

    pub fn cost(&self) -> Cny {
        self.lines.iter().map(|l| l.unit_cost * i64::from(l.quantity)).sum()
    }
}

/// MAN qualification (docs/domain.md §4): money, authority, need — each met or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Man {
    pub money: bool,
    pub authority: bool,
    pub need: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StageChange {
    pub stage: FunnelStage,
    pub date: Option<Date>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Opportunity {
    pub id: Id,
    pub customer_id: Id,
    pub title: String,
    pub product: String,
    pub value: Cny,
    pub owner: Id,
    pub source: LeadSource,
    pub stage: FunnelStage,
    pub man: Man,
    pub created: Option<Date>,
    pub expected_close: Option<Date>,
    /// Every stage entered, oldest first.
    pub history: Vec<StageChange>,
    pub lost_reason: String,
    pub competitor: String,
    /// The owner's call for forecasts; `None` until made (counted as pipeline, see
    /// `funnel::quota::category`).
    pub forecast_category: Option<ForecastCategory>,
    /// Every change of `expected_close`, oldest first: a later date is a slip.
    pub close_date_changes: Vec<CloseDateChange>,
    /// Ids of the stage-gate criteria ticked as met (`funnel::gates`).
    pub criteria_met: Vec<String>,
    /// Stage moves made with unmet gate criteria, oldest first.
    pub gate_overrides: Vec<GateOverride>,
    /// The deal's id in the file it was imported from (empty when entered here), so importing
    /// the same file again updates it instead of adding it twice. Not written when empty, so
    /// records and backups of opportunities entered here are as before.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub external_id: String,
    /// The MAN combination (its code, e.g. `mAN`) whose strategy is recorded on the opportunity
    /// as a task: with only that one condition missing, the opportunity may leave qualification
    /// without an override (seed 003: no money yet is machinery's normal case, met by financing).
    /// Not written when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub strategy_task: String,
}

labelled_enum!(
    /// Where the owner puts an opportunity in the forecast (pipeline → best case → commit), closed
    /// when won, omitted when left out on purpose.
    ForecastCategory { Pipeline = "pipeline", BestCase = "best_case", Commit = "commit", Closed = "closed", Omitted = "omitted" }
);

/// One change of an opportunity's expected close date, made on `changed`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloseDateChange {
    pub changed: Option<Date>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// A stage move made although gate criteria were unmet: who decided, when, why, and what was unmet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GateOverride {
    pub date: Option<Date>,
    pub by: Id,
    pub from: FunnelStage,
    pub to: FunnelStage,
    /// Ids of the criteria unmet at the move.
    pub unmet: Vec<String>,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Part {
    pub id: Id,
    pub number: String,
    pub name_zh: String,
    pub name_en: String,
    pub category: String,
    pub fits_models: Vec<String>,
    pub unit_cost: Cny,
    pub unit_price: Cny,
    pub supplier: String,
    pub lead_time_days: u16,
    pub pack_size: u32,
    pub criticality: Criticality,
}

/// Monthly demand of one part: `quantities[i]` is the demand in month `start + i`;
/// `None` where the month is unknown (not zero: zero is a known month without sales).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartDemand {
    pub part_id: Id,
    pub start: Option<Month>,
    pub quantities: Vec<Option<u32>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockLevel {
    pub id: Id,
    pub part_id: Id,
    pub location: String,
    pub on_hand: u32,
}

/// A machine the dealer sold and still serves: the installed base that drives parts demand.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Machine {
    pub id: Id,
    pub serial: String,
    pub model: String,
    pub customer_id: Id,
    pub delivered: Option<Date>,
    pub hours: u32,
    pub hours_per_month: u32,
    pub status: MachineStatus,
}

/// Highest supplier rating; 0 means not rated.
pub const MAX_RATING: u8 = 5;

/// A supplier of machines, parts or services, rated by the dealer (docs/domain.md §1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Supplier {
    pub id: Id,
    pub name: String,
    pub address: String,
    /// The contact person's name.
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub wechat: String,
    pub products: Vec<String>,
    /// Ratings 1–[`MAX_RATING`] (higher is better), 0 = not rated.
    pub price_level: u8,
    pub delivery_speed: u8,
    pub service_level: u8,
    pub quality: u8,
    pub notes: String,
    pub created_by: Id,
    pub created_at: Option<Date>,
    pub modified_by: Id,
    pub modified_at: Option<Date>,
}

impl Supplier {
    /// Price, delivery, service and quality, in that order.
    pub fn ratings(&self) -> [u8; 4] {
        [self.price_level, self.delivery_speed, self.service_level, self.quality]
    }

    /// The mean of the given ratings in tenths (43 = 4.3), rounded; `None` when none is given.
    /// Integer tenths keep sorting and display free of float edge cases.
    pub fn average_rating_tenths(&self) -> Option<u32> {
        let rated: Vec<u32> = self.ratings().into_iter().filter(|r| *r > 0).map(u32::from).collect();
        let count = rated.len() as u32;
        (count > 0).then(|| (rated.iter().sum::<u32>() * 10 + count / 2) / count)
    }
}

/// A bank, insurer, courier or logistics company the dealer works with (docs/domain.md §1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TradePartner {
    pub id: Id,
    pub name: String,
    pub kind: PartnerKind,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// Account number, policy number or customer number with this partner.
    pub reference: String,
    pub notes: String,
    pub created_by: Id,
    pub created_at: Option<Date>,
    pub modified_by: Id,
    pub modified_at: Option<Date>,
}

/// A named setting, its value JSON-encoded so settings of any shape share one store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Setting {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Who changed what, when: kept for every write so history survives staff turnover.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditEntry {
    pub id: Id,
    /// Milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub user: Option<Id>,
    /// The changed record as `store/key`, e.g. `customers/42`: one index finds a record's history.
    pub target: String,
    pub action: AuditAction,
    pub changes: Vec<FieldChange>,
    /// Why, where the user gave a reason (an ownership change always has one).
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_totals_multiply_quantities() {
        let order = Order {
            lines: vec![
                OrderLine {
                    quantity: 2,
                    unit_price: Cny::from_yuan(100),
                    unit_cost: Cny::from_yuan(70),
                    ..OrderLine::default()
                },
                OrderLine {
                    quantity: 1,
                    unit_price: Cny::from_yuan(50),
                    unit_cost: Cny::from_yuan(20),
                    ..OrderLine::default()
                },
            ],
            ..Order::default()
        };
        assert_eq!(order.revenue(), Cny::from_yuan(250));
        assert_eq!(order.cost(), Cny::from_yuan(160));
    }

    #[test]
    fn enum_names_round_trip_and_are_distinct() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            name: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            let mut names: Vec<_> = all.iter().map(|v| name(*v)).collect();
            for value in all {
                assert_eq!(parse(name(*value)), Some(*value));
            }
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), all.len());
            assert_eq!(parse("no_such_value"), None);
        }
        check(Lifecycle::ALL, Lifecycle::as_str, Lifecycle::parse);
        check(LeadSource::ALL, LeadSource::as_str, LeadSource::parse);
        check(FunnelStage::ALL, FunnelStage::as_str, FunnelStage::parse);
        check(InteractionKind::ALL, InteractionKind::as_str, InteractionKind::parse);
        check(TicketStatus::ALL, TicketStatus::as_str, TicketStatus::parse);
        check(PartnerKind::ALL, PartnerKind::as_str, PartnerKind::parse);
        assert_eq!(LeadSource::B2bSite.as_str(), "b2b_site");
        assert_eq!(InteractionKind::WeChat.as_str(), "wechat");
    }

    #[test]
    fn supplier_average_counts_only_given_ratings() {
        let rated = |price_level, delivery_speed, service_level, quality| Supplier {
            price_level,
            delivery_speed,
            service_level,
            quality,
            ..Supplier::default()
        };
        for (supplier, expected) in [
            (rated(0, 0, 0, 0), None),
            (rated(5, 0, 0, 0), Some(50)),
            (rated(4, 5, 0, 4), Some(43)),
            (rated(1, 2, 0, 0), Some(15)),
            (rated(5, 5, 5, 4), Some(48)),
            (rated(1, 1, 1, 2), Some(13)),
        ] {
            assert_eq!(supplier.average_rating_tenths(), expected, "{:?}", supplier.ratings());
        }
    }

    #[test]
    fn only_won_and_lost_are_closed_stages() {
        let open: Vec<_> = FunnelStage::ALL.iter().filter(|s| s.is_open()).collect();
        assert_eq!(open.len(), 4);
        assert!(!FunnelStage::Won.is_open() && !FunnelStage::Lost.is_open());
    }
}
