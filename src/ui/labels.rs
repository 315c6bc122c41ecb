//! Translated names of the domain's enums, places, gate criteria and record kinds. A `match`
//! per enum, so a new variant without a label fails to compile.

use crate::domain::customers::columns::CustomerColumn;
use crate::domain::export::tables::{ContactColumn, InteractionColumn, OrderColumn};
use crate::domain::funnel::man::ManCombination;
use crate::domain::funnel::quota::Period;
use crate::domain::funnel::settings::custom_text;
use crate::domain::grading::grade::Grade;
use crate::domain::grading::indicators::{Indicator, Measure};
use crate::domain::grading::portfolio::{KeyTier, PortfolioSettings, RankMeasure, ServicePriority, Stance};
use crate::domain::grading::retention::{ChurnFlag, WinBackTask};
use crate::domain::grading::score::Basis;
use crate::domain::grading::settings::CompositionDirection;
use crate::domain::model::{
    Application, BuyerRole, CommunicationStatus, Concern, ContactRole, CustomerType, ForecastCategory, FunnelStage,
    InteractionKind, LeadSource, Lifecycle, LostKind, MachineStatus, OrderStatus, PartnerKind, ProductKind, UserRole,
};
use crate::domain::money::{format_cny, format_int};
use crate::domain::region::{self, MarketType};
use crate::domain::service::calendar::{Festival, Weekday};
use crate::domain::service::figures::Breakdown;
use crate::domain::service::queue::{Scope, Show};
use crate::domain::service::record::{
    HoldReason, Priority, QualityDimension, RootCause, TicketKind, TicketStatus, VisitResult,
};
use crate::i18n::{args, Locale, Tr};
use crate::state::sync;
use crate::state::Entity;
use crate::usecases::sync::Refused;

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
    weekday(Weekday) {
        Monday => weekday_mon,
        Tuesday => weekday_tue,
        Wednesday => weekday_wed,
        Thursday => weekday_thu,
        Friday => weekday_fri,
        Saturday => weekday_sat,
        Sunday => weekday_sun,
    }
    festival(Festival) {
        NewYear => festival_new_year,
        SpringFestival => festival_spring,
        Qingming => festival_qingming,
        Labour => festival_labour,
        DragonBoat => festival_dragon_boat,
        MidAutumn => festival_mid_autumn,
        National => festival_national,
        Company => festival_company,
    }
    ticket_status(TicketStatus) {
        Open => ticket_status_open,
        InProgress => ticket_status_in_progress,
        OnHold => ticket_status_on_hold,
        Resolved => ticket_status_resolved,
        Closed => ticket_status_closed,
        Reopened => ticket_status_reopened,
    }
    ticket_kind(TicketKind) {
        Repair => ticket_kind_repair,
        Maintenance => ticket_kind_maintenance,
        Inspection => ticket_kind_inspection,
        Complaint => ticket_kind_complaint,
        Warranty => ticket_kind_warranty,
        Inquiry => ticket_kind_inquiry,
    }
    priority(Priority) {
        Low => ticket_priority_low,
        Normal => ticket_priority_normal,
        High => ticket_priority_high,
        Urgent => ticket_priority_urgent,
    }
    hold_reason(HoldReason) {
        Customer => hold_reason_customer,
        Parts => hold_reason_parts,
    }
    visit_result(VisitResult) {
        Fixed => visit_result_fixed,
        Temporary => visit_result_temporary,
        NeedsParts => visit_result_needs_parts,
        NotFixed => visit_result_not_fixed,
    }
    root_cause(RootCause) {
        PartsLate => root_cause_parts_late,
        PartsWrong => root_cause_parts_wrong,
        RepairFailed => root_cause_repair_failed,
        Attitude => root_cause_attitude,
        PriceBilling => root_cause_price_billing,
        Other => root_cause_other,
    }
    quality_dimension(QualityDimension) {
        Reliability => quality_reliability,
        Timeliness => quality_timeliness,
        Consistency => quality_consistency,
        Attitude => quality_attitude,
        Facilities => quality_facilities,
    }
    queue_scope(Scope) {
        Mine => queue_scope_mine,
        Team => queue_scope_team,
        All => queue_scope_all,
    }
    breakdown(Breakdown) {
        Engineer => breakdown_engineer,
        Region => breakdown_region,
        Month => breakdown_month,
    }
    queue_show(Show) {
        Open => queue_show_open,
        Overdue => queue_show_overdue,
        All => queue_show_all,
    }
    machine_status(MachineStatus) {
        Active => machine_status_active,
        Idle => machine_status_idle,
        Scrapped => machine_status_scrapped,
    }
    grade(Grade) {
        A => grade_a,
        B => grade_b,
        C => grade_c,
        D => grade_d,
    }
    indicator(Indicator) {
        Profit => indicator_profit,
        SizeFrequency => indicator_size_frequency,
        Composition => indicator_composition,
        PaymentTerms => indicator_payment_terms,
        IndustryInfluence => indicator_industry_influence,
        Cooperation => indicator_cooperation,
        NewProduct => indicator_new_product,
        Shipping => indicator_shipping,
        Payment => indicator_payment,
        PriceSensitivity => indicator_price_sensitivity,
        Communication => indicator_communication,
        Claims => indicator_claims,
    }
    measure(Measure) {
        Margin => measure_margin,
        ProfitShare => measure_profit_share,
        AverageOrder => measure_average_order,
        OrdersPerYear => measure_orders_per_year,
        KindsPerOrder => measure_kinds_per_order,
        Prepaid => measure_prepaid,
        CreditDays => measure_credit_days,
        CooperationYears => measure_cooperation_years,
        ShippingDays => measure_shipping_days,
        PaymentDelay => measure_payment_delay,
        ClaimRate => measure_claim_rate,
        SettledClaims => measure_settled_claims,
        InfluenceRating => measure_influence_rating,
        NewProductRating => measure_new_product_rating,
        PriceSensitivityRating => measure_price_sensitivity_rating,
        CommunicationRating => measure_communication_rating,
    }
    basis(Basis) {
        Measured => basis_measured,
        Rated => basis_rated,
        NotRated => basis_not_rated,
        NoData => basis_no_data,
    }
    win_back_task(WinBackTask) {
        Apologise => win_back_apologise,
        Visit => win_back_visit,
        FindCause => win_back_find_cause,
        FixProductOrService => win_back_fix,
        WinBack => win_back_win_back,
        Differentiate => win_back_differentiate,
        ReduceEffort => win_back_reduce_effort,
        LetGo => win_back_let_go,
        RecordKind => win_back_record_kind,
    }
    rank_measure(RankMeasure) {
        Profit => rank_measure_profit,
        Revenue => rank_measure_revenue,
    }
    composition_direction(CompositionDirection) {
        Fewer => composition_fewer,
        More => composition_more,
    }
    stance(Stance) {
        Focus => stance_focus,
        Develop => stance_develop,
        DevelopWhenCapacity => stance_develop_when_capacity,
        Abandon => stance_abandon,
    }
    service_priority(ServicePriority) {
        First => priority_first,
        High => priority_high,
        Normal => priority_normal,
        Low => priority_low,
    }
    funnel_stage(FunnelStage) {
        Identify => stage_identify,
        Qualify => stage_qualify,
        Develop => stage_develop,
        Propose => stage_propose,
        Won => stage_won,
        Lost => stage_lost,
    }
    forecast_category(ForecastCategory) {
        Pipeline => forecast_category_pipeline,
        BestCase => forecast_category_best_case,
        Commit => forecast_category_commit,
        Closed => forecast_category_closed,
        Omitted => forecast_category_omitted,
    }
    user_role(UserRole) {
        Sales => user_role_sales,
        Service => user_role_service,
        Manager => user_role_manager,
    }
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
    contact_column(ContactColumn) {
        Company => field_company,
        Name => field_contact_name,
        Title => field_title,
        Phone => field_phone,
        Email => field_email,
        WeChat => field_wechat,
        Role => field_role,
        Primary => contact_primary,
    }
    interaction_column(InteractionColumn) {
        Date => column_date,
        Company => field_company,
        Kind => column_interaction_kind,
        By => column_by,
        Contact => column_contact,
        Notes => column_notes,
        FollowUp => column_follow_up,
        FollowUpDone => column_follow_up_done,
    }
    order_column(OrderColumn) {
        Number => column_order_number,
        Company => field_company,
        Status => column_status,
        Ordered => column_ordered,
        Ready => column_ready,
        Shipped => column_shipped,
        DocumentsSent => column_documents_sent,
        Paid => column_paid,
        PrepaidPercent => column_prepaid_percent,
        CreditDays => column_credit_days,
        Product => column_product,
        Kind => column_product_kind,
        Quantity => column_quantity,
        UnitPrice => column_unit_price,
        UnitCost => column_unit_cost,
        Revenue => column_revenue,
        Margin => column_margin,
    }
    order_status(OrderStatus) {
        Draft => order_status_draft,
        Confirmed => order_status_confirmed,
        Shipped => order_status_shipped,
        Completed => order_status_completed,
        Cancelled => order_status_cancelled,
    }
    product_kind(ProductKind) {
        Machine => product_kind_machine,
        Parts => product_kind_parts,
        Service => product_kind_service,
    }
    partner_kind(PartnerKind) {
        Bank => partner_kind_bank,
        Insurer => partner_kind_insurer,
        Courier => partner_kind_courier,
        Logistics => partner_kind_logistics,
        Other => partner_kind_other,
    }
}

/// The name of a customer column, as the form, the history and exported headers show it.
pub fn customer_column(tr: Tr, column: CustomerColumn) -> &'static str {
    use CustomerColumn as C;
    match column {
        C::Id => tr.field_id(),
        C::Company => tr.field_company(),
        C::Country => tr.field_country(),
        C::Province => tr.field_province(),
        C::City => tr.field_city(),
        C::Address => tr.field_address(),
        C::Phone => tr.field_phone(),
        C::Email => tr.field_email(),
        C::WeChat => tr.field_wechat(),
        C::OtherChannels => tr.field_other_channels(),
        C::MainProducts => tr.field_main_products(),
        C::Industry => tr.field_industry(),
        C::ParentCompany => tr.field_parent_company(),
        C::Source => tr.field_source(),
        C::Communication => tr.field_communication(),
        C::CreditIndex => tr.field_credit_index(),
        C::Lifecycle => tr.field_lifecycle(),
        C::LostKind => tr.field_lost_kind(),
        C::LostReason => tr.field_lost_reason(),
        C::CustomerType => tr.field_customer_type(),
        C::BuyerRole => tr.field_buyer_role(),
        C::Concern => tr.field_concern(),
        C::Application => tr.field_application(),
        C::TeamLead => tr.field_team_lead(),
        C::TeamMembers => tr.field_team_members(),
        C::CreatedAt => tr.field_created(),
        C::ModifiedAt => tr.field_modified(),
        C::ContactName => tr.field_contact_name_column(),
        C::ContactTitle => tr.field_contact_title_column(),
        C::ContactPhone => tr.field_contact_phone_column(),
        C::ContactEmail => tr.field_contact_email_column(),
        C::ContactWeChat => tr.field_contact_wechat_column(),
        C::ContactRole => tr.field_contact_role_column(),
    }
}

/// A stored enum value of `column` in words; other values as they are.
pub fn customer_value(tr: Tr, column: CustomerColumn, value: &str) -> Option<&'static str> {
    use CustomerColumn as C;
    match column {
        C::Source => LeadSource::parse(value).map(|v| lead_source(tr, v)),
        C::Communication => CommunicationStatus::parse(value).map(|v| communication(tr, v)),
        C::Lifecycle => Lifecycle::parse(value).map(|v| lifecycle(tr, v)),
        C::LostKind => LostKind::parse(value).map(|v| lost_kind(tr, v)),
        C::CustomerType => CustomerType::parse(value).map(|v| customer_type(tr, v)),
        C::BuyerRole => BuyerRole::parse(value).map(|v| buyer_role(tr, v)),
        C::Concern => Concern::parse(value).map(|v| concern(tr, v)),
        C::Application => Application::parse(value).map(|v| application(tr, v)),
        C::ContactRole => ContactRole::parse(value).map(|v| contact_role(tr, v)),
        _ => None,
    }
}

/// A churn-risk flag with the figures that raised it.
pub fn churn_flag(tr: Tr, flag: &ChurnFlag) -> String {
    match flag {
        ChurnFlag::OrderGap { days_since_last, usual_interval } => tr.churn_order_gap(args::ChurnOrderGap {
            days: format_int(i64::from(*days_since_last)),
            usual: format_int(i64::from(*usual_interval)),
        }),
        ChurnFlag::FallingValue { recent, previous } => tr.churn_falling_value(args::ChurnFallingValue {
            recent: format_cny(*recent),
            previous: format_cny(*previous),
        }),
        ChurnFlag::OpenClaims { count, amount } => tr.churn_open_claims(args::ChurnOpenClaims {
            count: format_int(i64::from(*count)),
            amount: format_cny(*amount),
        }),
        ChurnFlag::OverdueFollowUps { count, oldest_due } => tr.churn_overdue_follow_ups(args::ChurnOverdueFollowUps {
            count: format_int(i64::from(*count)),
            date: crate::ui::format::date(tr, *oldest_due),
        }),
        ChurnFlag::Complaints { count, latest, open, cause } => {
            let state = if *open { tr.churn_complaint_open() } else { tr.churn_complaint_closed() };
            let cause = cause.map_or_else(|| tr.churn_complaint_no_cause(), |c| root_cause(tr, c));
            tr.churn_complaints(args::ChurnComplaints {
                count: format_int(i64::from(*count)),
                ticket: &latest.reference,
                cause,
                state,
            })
        }
        ChurnFlag::LowRatings { count, latest, dimension, score } => tr.churn_low_ratings(args::ChurnLowRatings {
            count: format_int(i64::from(*count)),
            ticket: &latest.reference,
            dimension: quality_dimension(tr, *dimension),
            score: format_int(i64::from(*score)),
        }),
    }
}

/// The parts inventory's enums.
mod parts {
    use super::Tr;
    use crate::domain::parts::classify::{AbcClass, DemandClass, XyzClass};
    use crate::domain::parts::forecast::Method;
    use crate::domain::parts::plan::ReorderReason;
    use crate::domain::parts::policy::StockStatus;

    labels! {
        stock_status(StockStatus) {
            DeadStock => stock_status_dead,
            StockOutRisk => stock_status_stock_out_risk,
            BelowReorderPoint => stock_status_below_reorder,
            Excess => stock_status_excess,
            Healthy => stock_status_healthy,
        }
        demand_class(DemandClass) {
            Smooth => demand_class_smooth,
            Erratic => demand_class_erratic,
            Intermittent => demand_class_intermittent,
            Lumpy => demand_class_lumpy,
            NoDemand => demand_class_none,
        }
        abc_class(AbcClass) {
            A => abc_class_a,
            B => abc_class_b,
            C => abc_class_c,
        }
        xyz_class(XyzClass) {
            X => xyz_class_x,
            Y => xyz_class_y,
            Z => xyz_class_z,
        }
        method(Method) {
            Ses => method_ses,
            Croston => method_croston,
            Sba => method_sba,
            Tsb => method_tsb,
            Adida => method_adida,
            Imapa => method_imapa,
            Seasonal => method_seasonal,
            Combination => method_combination,
            Blend => method_blend,
        }
        reorder_reason(ReorderReason) {
            BelowReorderPoint => reorder_reason_below,
            StockOutRisk => reorder_reason_stock_out,
            InstalledBaseGrowth => reorder_reason_installed_base,
            PipelineDeliveries => reorder_reason_pipeline,
        }
    }
}

pub use parts::{abc_class, demand_class, method, reorder_reason, stock_status, xyz_class};

/// A key-account tier's name, the core and next tiers with their shares as the settings give them.
pub fn key_tier(tr: Tr, tier: KeyTier, settings: &PortfolioSettings) -> String {
    let percent = |p: f64| format!("{p}");
    match tier {
        KeyTier::Core => tr.tier_core(args::TierCore { percent: percent(settings.core_percent) }),
        KeyTier::Next => tr.tier_next(args::TierNext { percent: percent(settings.next_percent) }),
        KeyTier::Promising => tr.tier_promising().to_owned(),
        KeyTier::Designated => tr.tier_designated().to_owned(),
    }
}

pub fn province_name(locale: Locale, province: &region::Province) -> &'static str {
    match locale {
        Locale::ZhCn => province.name_zh,
        Locale::En => province.name_en,
    }
}

/// The name of gate criterion `id`: a built-in one translated, a user's one as written.
pub fn criterion_name(tr: Tr, id: &str) -> String {
    if let Some(text) = custom_text(id) {
        return text.to_owned();
    }
    match id {
        "identify_contact_known" => tr.criterion_identify_contact_known(),
        "identify_need_described" => tr.criterion_identify_need_described(),
        "qualify_money" => tr.criterion_qualify_money(),
        "qualify_authority" => tr.criterion_qualify_authority(),
        "qualify_need" => tr.criterion_qualify_need(),
        "develop_site_visit_done" => tr.criterion_develop_site_visit_done(),
        "develop_requirements_confirmed" => tr.criterion_develop_requirements_confirmed(),
        "propose_quote_sent" => tr.criterion_propose_quote_sent(),
        "propose_terms_agreed" => tr.criterion_propose_terms_agreed(),
        other => other,
    }
    .to_owned()
}

/// The default recommended strategy of a MAN combination, in the user's language.
pub fn default_strategy(tr: Tr, combination: ManCombination) -> &'static str {
    match combination {
        ManCombination::AllMet => tr.man_strategy_all_met(),
        ManCombination::NoNeed => tr.man_strategy_no_need(),
        ManCombination::NoAuthority => tr.man_strategy_no_authority(),
        ManCombination::NoMoney => tr.man_strategy_no_money(),
        ManCombination::MoneyOnly => tr.man_strategy_money_only(),
        ManCombination::AuthorityOnly => tr.man_strategy_authority_only(),
        ManCombination::NeedOnly => tr.man_strategy_need_only(),
        ManCombination::NoneMet => tr.man_strategy_none_met(),
    }
}

pub fn entity_label(tr: Tr, entity: Entity) -> &'static str {
    match entity {
        Entity::User => tr.entity_users(),
        Entity::Customer => tr.entity_customers(),
        Entity::Contact => tr.entity_contacts(),
        Entity::Interaction => tr.entity_interactions(),
        Entity::Order => tr.entity_orders(),
        Entity::Opportunity => tr.entity_opportunities(),
        Entity::Part => tr.entity_parts(),
        Entity::PartDemand => tr.entity_part_demand(),
        Entity::Stock => tr.entity_stock(),
        Entity::Machine => tr.entity_machines(),
        Entity::ServiceTicket => tr.entity_service_tickets(),
        Entity::Setting => tr.entity_settings(),
        Entity::Audit => tr.entity_audit(),
        Entity::Supplier => tr.entity_suppliers(),
        Entity::TradePartner => tr.entity_trade_partners(),
        Entity::Ratings => tr.entity_value_ratings(),
        Entity::GradeSnapshot => tr.entity_grade_snapshots(),
        Entity::Show => tr.entity_shows(),
        Entity::Lead => tr.entity_leads(),
        Entity::Sighting => tr.mkt_entity_sightings(),
        Entity::Market => tr.mkt_entity_markets(),
    }
}

/// A sales region by name: a province in the reader's language, an office as the company names it.
pub fn region_name(locale: Locale, region: &str) -> String {
    region::province(region).map_or(region, |p| province_name(locale, p)).to_owned()
}

/// A month or a quarter as the reader writes it.
pub fn period_label(tr: Tr, period: Period) -> String {
    match period {
        Period::Month(month) => {
            tr.forecast_month_label(args::ForecastMonthLabel { month: month.month(), year: month.year() % 100 })
        }
        Period::Quarter { year, quarter } => tr.forecast_quarter_label(args::ForecastQuarterLabel { quarter, year }),
    }
}

/// What the sync is doing, for the shell and the settings; `None` while it is off.
pub fn sync_status(tr: Tr, status: &sync::Status) -> Option<String> {
    use sync::Status::*;
    Some(match status {
        Off => return None,
        OtherWindow => tr.sync_status_other_window().to_owned(),
        Syncing => tr.sync_status_syncing().to_owned(),
        Synced => tr.sync_status_synced().to_owned(),
        Offline { waiting } => {
            tr.sync_status_offline(args::SyncStatusOffline { count: format_int(i64::from(*waiting)) })
        }
        SignedOut => tr.sync_status_signed_out().to_owned(),
        NoAccess => tr.sync_status_no_access().to_owned(),
        Failed { status, reason } => tr.sync_status_failed(args::SyncStatusFailed { status, reason }),
    })
}

/// Why the server's rules refused a record.
pub fn refused(tr: Tr, why: &Refused) -> String {
    match why {
        Refused::NoRole => tr.sync_refused_no_role().to_owned(),
        Refused::ManagerOnly => tr.sync_refused_manager_only().to_owned(),
        Refused::AuditEntry => tr.sync_refused_audit().to_owned(),
        Refused::Interaction => tr.sync_refused_interaction().to_owned(),
        Refused::Other(reason) => reason.clone(),
    }
}

/// How hot a trade-show lead is.
pub fn temperature(tr: Tr, temperature: crate::domain::shows::Temperature) -> &'static str {
    use crate::domain::shows::Temperature;
    match temperature {
        Temperature::Hot => tr.lead_hot(),
        Temperature::Warm => tr.lead_warm(),
        Temperature::Cold => tr.lead_cold(),
    }
}

pub fn product_line(tr: Tr, line: crate::domain::shows::ProductLine) -> &'static str {
    use crate::domain::shows::ProductLine;
    match line {
        ProductLine::Excavator => tr.lead_line_excavator(),
        ProductLine::Loader => tr.lead_line_loader(),
        ProductLine::Roller => tr.lead_line_roller(),
        ProductLine::Crane => tr.lead_line_crane(),
        ProductLine::Other => tr.lead_line_other(),
    }
}

pub fn tonnage_class(tr: Tr, class: crate::domain::shows::TonnageClass) -> &'static str {
    use crate::domain::shows::TonnageClass;
    match class {
        TonnageClass::Mini => tr.lead_tonnage_mini(),
        TonnageClass::Small => tr.lead_tonnage_small(),
        TonnageClass::Medium => tr.lead_tonnage_medium(),
        TonnageClass::Large => tr.lead_tonnage_large(),
    }
}

pub fn market_line(tr: Tr, line: crate::domain::market::size::ProductLine) -> &'static str {
    use crate::domain::market::size::ProductLine;
    match line {
        ProductLine::Excavator => tr.mkt_line_excavator(),
        ProductLine::Loader => tr.mkt_line_loader(),
        ProductLine::Bulldozer => tr.mkt_line_bulldozer(),
        ProductLine::Grader => tr.mkt_line_grader(),
        ProductLine::Roller => tr.mkt_line_roller(),
        ProductLine::Crane => tr.mkt_line_crane(),
        ProductLine::Forklift => tr.mkt_line_forklift(),
        ProductLine::Other => tr.mkt_line_other(),
    }
}

pub fn market_tonnage(tr: Tr, class: crate::domain::market::size::TonnageClass) -> &'static str {
    use crate::domain::market::size::TonnageClass;
    match class {
        TonnageClass::Small => tr.mkt_tonnage_small(),
        TonnageClass::Medium => tr.mkt_tonnage_medium(),
        TonnageClass::Large => tr.mkt_tonnage_large(),
    }
}

pub fn timeline(tr: Tr, timeline: crate::domain::shows::Timeline) -> &'static str {
    use crate::domain::shows::Timeline;
    match timeline {
        Timeline::Now => tr.lead_timeline_now(),
        Timeline::Quarter => tr.lead_timeline_quarter(),
        Timeline::Year => tr.lead_timeline_year(),
        Timeline::Later => tr.lead_timeline_later(),
    }
}
