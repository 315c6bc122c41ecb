//! Translated names of the domain's enums. A `match` per enum, so a new variant without a
//! label fails to compile.

use crate::domain::model::{
    Application, BuyerRole, CommunicationStatus, Concern, ContactRole, CustomerType, InteractionKind, LeadSource,
    Lifecycle, LostKind, OrderStatus,
};
use crate::domain::region::MarketType;
use crate::i18n::Tr;

macro_rules! labels {
    ($($fn_name:ident($ty:ident) { $($variant:ident => $key:ident),+ $(,)? })+) => {
        $(
            pub fn $fn_name(tr: Tr, value: $ty) -> &'static str {
                match value {
                    $($ty::$variant => tr.$key()),+
                }
            }
        )+
    };
}

labels! {
    lifecycle(Lifecycle) {
        Potential => lifecycle_potential,
        Target => lifecycle_target,
        Existing => lifecycle_existing,
        Lost => lifecycle_lost,
    }
    customer_type(CustomerType) {
        SelfUse => customer_type_self_use,
        LargeContractor => customer_type_large_contractor,
        StateOwned => customer_type_state_owned,
        Government => customer_type_government,
    }
    buyer_role(BuyerRole) {
        Owner => buyer_role_owner,
        Purchaser => buyer_role_purchaser,
    }
    concern(Concern) {
        Price => concern_price,
        Performance => concern_performance,
        Productivity => concern_productivity,
        Reputation => concern_reputation,
    }
    application(Application) {
        GeneralConstruction => application_general_construction,
        HeavyConstruction => application_heavy_construction,
        Excavation => application_excavation,
        Mining => application_mining,
    }
    market(MarketType) {
        Resource => market_resource,
        Construction => market_construction,
        Enterprise => market_enterprise,
    }
    lead_source(LeadSource) {
        TradeShow => source_trade_show,
        Referral => source_referral,
        B2bSite => source_b2b_site,
        Search => source_search,
        CustomsData => source_customs_data,
        ManufacturerLead => source_manufacturer_lead,
        WalkIn => source_walk_in,
        Other => source_other,
    }
    communication(CommunicationStatus) {
        NotContacted => communication_not_contacted,
        Contacted => communication_contacted,
        InDiscussion => communication_in_discussion,
        Negotiating => communication_negotiating,
        Cooperating => communication_cooperating,
        Dormant => communication_dormant,
    }
    lost_kind(LostKind) {
        Dissatisfied => lost_kind_dissatisfied,
        Competitor => lost_kind_competitor,
        NegativeValue => lost_kind_negative_value,
        Involuntary => lost_kind_involuntary,
    }
    contact_role(ContactRole) {
        DecisionMaker => contact_role_decision_maker,
        Influencer => contact_role_influencer,
        User => contact_role_user,
        Purchaser => contact_role_purchaser,
        Operator => contact_role_operator,
    }
    interaction_kind(InteractionKind) {
        Visit => interaction_visit,
        Call => interaction_call,
        Email => interaction_email,
        WeChat => interaction_wechat,
        TradeShow => interaction_trade_show,
        Meeting => interaction_meeting,
    }
    order_status(OrderStatus) {
        Draft => order_status_draft,
        Confirmed => order_status_confirmed,
        Shipped => order_status_shipped,
        Completed => order_status_completed,
        Cancelled => order_status_cancelled,
    }
}
