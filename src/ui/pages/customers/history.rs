//! A customer's recorded changes on its timeline: what each audit entry did (a title per kind of
//! record it touched) and every field it changed, named and valued in the reader's language. Each
//! kind of field is labelled by one exhaustive `match`, so a field without a label does not
//! compile; a stored text this version does not know (a later version's field) shows as stored.

use super::detail::user_name;
use crate::domain::audit::{
    self, AuditField, ContactField, InteractionField, OpportunityField, OrderField, ProfileField, TargetKind,
    ValueField,
};
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::date::Date;
use crate::domain::grading::grade::Grade;
use crate::domain::model::{
    AuditAction, AuditEntry, ContactRole, FieldChange, ForecastCategory, FunnelStage, Id, InteractionKind, LeadSource,
    OrderStatus, ProductKind,
};
use crate::domain::region::{self, MarketType};
use crate::i18n::{args, Locale, Tr};
use crate::state::customers::CustomerFile;
use crate::ui::format::{self, LocalTime};
use crate::ui::labels;
use crate::ui::labels::{criterion_name, province_name};
use leptos::prelude::*;

/// A change as the user reads it: the field's name, and its values before and after.
type Described = (String, String, String);

/// The timeline entry of one audit entry of the customer's file.
pub(super) fn change_entry(
    tr: Tr,
    locale: Locale,
    file: &CustomerFile,
    entry: &AuditEntry,
    when: String,
    time: &LocalTime,
) -> AnyView {
    let fields: Vec<Option<AuditField>> =
        entry.changes.iter().map(|c| AuditField::parse(TargetKind::Customer, &c.field)).collect();
    let only =
        |kind: fn(&AuditField) -> bool| !fields.is_empty() && fields.iter().all(|f| f.as_ref().is_some_and(kind));
    let team_only = only(|f| matches!(f, AuditField::Customer(CustomerColumn::TeamLead | CustomerColumn::TeamMembers)));
    let interaction_only = only(|f| matches!(f, AuditField::Interaction(..)));
    let order_only = only(|f| matches!(f, AuditField::Order(..)));
    let value_only = only(|f| matches!(f, AuditField::Value(_)));
    let opportunity_only = only(|f| matches!(f, AuditField::Opportunity(..)));
    let title = if only(|f| *f == AuditField::Value(ValueField::Grade)) {
        tr.history_grade_changed().to_owned()
    } else if value_only {
        tr.history_ratings_changed().to_owned()
    } else if interaction_only {
        interaction_title(tr, entry, &fields)
    } else if order_only || opportunity_only {
        record_title(tr, file, entry, &fields)
    } else {
        match entry.action {
            AuditAction::Create => tr.history_created(),
            AuditAction::Update if team_only => tr.history_reassigned(),
            AuditAction::Update => tr.history_updated(),
            AuditAction::Delete => tr.history_deleted(),
            AuditAction::Bulk => tr.history_bulk(),
            AuditAction::Merge => tr.history_merged(),
        }
        .to_owned()
    };
    // A logged interaction stands on the timeline with its values already: its entry only says who and when.
    let listed = if (interaction_only || order_only) && entry.action == AuditAction::Create { 0 } else { fields.len() };
    let by = entry.user.map_or_else(|| tr.history_nobody().to_owned(), |id| user_name(tr, file, id));
    let changes = entry
        .changes
        .iter()
        .zip(&fields)
        .take(listed)
        .map(|(change, field)| {
            let (field, before, after) = describe_change(tr, locale, file, entry, field.as_ref(), change);
            // A creation has no "before" worth showing.
            let before = (entry.action != AuditAction::Create).then(|| view! { <del>{before}</del> " → " });
            view! {
                <li data-testid="history-change">
                    <span class="muted">{field}</span> " " {before} <ins>{after}</ins>
                </li>
            }
        })
        .collect_view();
    let reason = (!entry.reason.is_empty()).then(|| tr.history_reason(args::HistoryReason { reason: &entry.reason }));
    view! {
        <li class="timeline-entry change" data-testid="timeline-change">
            <span class="timeline-date muted">{when}</span>
            <span class="timeline-body">
                <strong>{title}</strong>
                <span class="muted">{tr.history_by(args::HistoryBy { user: by, time: &time.clock })}</span>
                <span data-testid="history-reason">{reason}</span>
                <ul class="changes">{changes}</ul>
            </span>
        </li>
    }
    .into_any()
}

/// A field two saves clash on, worded as the timeline words a change: its name, the stored value
/// (`before`) and mine (`after`). `clashing` are all the clash's fields (a removed contact is
/// named from them).
pub(super) fn clash_words(
    tr: Tr,
    locale: Locale,
    file: &CustomerFile,
    clashing: &[FieldChange],
    change: &FieldChange,
) -> Described {
    let entry = AuditEntry { changes: clashing.to_vec(), ..AuditEntry::default() };
    let field = AuditField::parse(TargetKind::Customer, &change.field);
    describe_change(tr, locale, file, &entry, field.as_ref(), change)
}

/// The stored text of a value that is empty, in words; any other as it is.
fn plain(tr: Tr, raw: &str) -> String {
    if raw.is_empty() {
        tr.history_empty_value().to_owned()
    } else {
        raw.to_owned()
    }
}

/// `change` named `name`, its values through `value`.
fn described(name: String, change: &FieldChange, value: impl Fn(&str) -> String) -> Described {
    (name, value(&change.before), value(&change.after))
}

/// The first of `after` and `before` that is not empty: a value a creation set or a deletion cleared.
fn recorded(change: &FieldChange) -> String {
    if change.after.is_empty() {
        change.before.clone()
    } else {
        change.after.clone()
    }
}

/// A change as the user reads it: the field's name, and its values in words.
fn describe_change(
    tr: Tr,
    locale: Locale,
    file: &CustomerFile,
    entry: &AuditEntry,
    field: Option<&AuditField>,
    change: &FieldChange,
) -> Described {
    match field {
        Some(AuditField::Customer(column)) => describe_customer_change(tr, locale, file, *column, change),
        Some(AuditField::Profile(field)) => describe_profile_change(tr, *field, change),
        Some(AuditField::Custom(name)) => described(name.clone(), change, |raw| plain(tr, raw)),
        Some(AuditField::Contact(id, field)) => describe_contact_change(tr, file, entry, *id, *field, change),
        Some(AuditField::Interaction(id, field)) => describe_interaction_change(tr, file, *id, *field, change),
        Some(AuditField::Order(_, field)) => describe_order_change(tr, file, *field, change),
        Some(AuditField::Opportunity(_, field)) => describe_opportunity_change(tr, file, *field, change),
        Some(AuditField::Value(field)) => describe_value_change(tr, *field, change),
        // Partners' and machines' fields are never read in a customer's file; an unknown text is data.
        Some(AuditField::Supplier(_) | AuditField::TradePartner(_) | AuditField::Machine(_)) | None => {
            described(change.field.clone(), change, |raw| plain(tr, raw))
        }
    }
}

/// A change of the customer's own field, named as its column.
fn describe_customer_change(
    tr: Tr,
    locale: Locale,
    file: &CustomerFile,
    column: CustomerColumn,
    change: &FieldChange,
) -> Described {
    described(labels::customer_column(tr, column).to_owned(), change, |raw| {
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        match column {
            CustomerColumn::TeamLead | CustomerColumn::TeamMembers => raw
                .split(',')
                .filter_map(|id| id.parse().ok())
                .map(|id| user_name(tr, file, id))
                .collect::<Vec<_>>()
                .join("、"),
            CustomerColumn::Province => region::province(raw).map_or(raw, |p| province_name(locale, p)).to_owned(),
            column => labels::customer_value(tr, column, raw).unwrap_or(raw).to_owned(),
        }
    })
}

/// A contact's change, named by the contact and its field.
fn describe_contact_change(
    tr: Tr,
    file: &CustomerFile,
    entry: &AuditEntry,
    id: Id,
    field: ContactField,
    change: &FieldChange,
) -> Described {
    let short = match field {
        ContactField::Name => tr.field_contact_name(),
        ContactField::Title => tr.field_title(),
        ContactField::Phone => tr.field_phone(),
        ContactField::Email => tr.field_email(),
        ContactField::WeChat => tr.field_wechat(),
        ContactField::Role => tr.field_role(),
        ContactField::Primary => tr.contact_primary(),
    };
    let name =
        tr.history_contact_field(args::HistoryContactField { name: contact_name(file, entry, id), field: short });
    described(name, change, |raw| {
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        match field {
            ContactField::Primary => tr.history_yes().to_owned(),
            ContactField::Role => ContactRole::parse(raw).map_or(raw, |r| labels::contact_role(tr, r)).to_owned(),
            ContactField::Name
            | ContactField::Title
            | ContactField::Phone
            | ContactField::Email
            | ContactField::WeChat => raw.to_owned(),
        }
    })
}

/// A contact's name now, or as the entry recorded it if the contact was since removed.
fn contact_name(file: &CustomerFile, entry: &AuditEntry, id: Id) -> String {
    if let Some(contact) = file.contacts.iter().find(|c| c.id == id) {
        return contact.name.clone();
    }
    let name = AuditField::Contact(id, ContactField::Name).to_string();
    entry.changes.iter().find(|c| c.field == name).map(recorded).unwrap_or_default()
}

/// What an entry of interaction changes did: logged one, closed or moved its follow-up, or edited it.
fn interaction_title(tr: Tr, entry: &AuditEntry, fields: &[Option<AuditField>]) -> String {
    let changed: Vec<(InteractionField, &str)> = entry
        .changes
        .iter()
        .zip(fields)
        .filter_map(|(c, field)| match field {
            Some(AuditField::Interaction(_, field)) => Some((*field, c.after.as_str())),
            _ => None,
        })
        .collect();
    match (entry.action, changed.as_slice()) {
        (AuditAction::Create, _) => {
            let kind =
                changed.iter().find(|(f, _)| *f == InteractionField::Kind).and_then(|(_, v)| InteractionKind::parse(v));
            tr.history_interaction_logged(args::HistoryInteractionLogged {
                kind: labels::interaction_kind(tr, kind.unwrap_or_default()),
            })
        }
        (_, [(InteractionField::FollowUpDone, _)]) => tr.history_follow_up_done().to_owned(),
        (_, [(InteractionField::FollowUp, _)]) => tr.history_follow_up_moved().to_owned(),
        _ => tr.history_interaction_edited().to_owned(),
    }
}

/// An interaction's change as the user reads it: which interaction and field, and its values.
fn describe_interaction_change(
    tr: Tr,
    file: &CustomerFile,
    id: Id,
    field: InteractionField,
    change: &FieldChange,
) -> Described {
    let name = match field {
        InteractionField::Kind => tr.column_interaction_kind(),
        InteractionField::Date => tr.column_date(),
        InteractionField::Contact => tr.column_contact(),
        InteractionField::Notes => tr.column_notes(),
        InteractionField::FollowUp => tr.column_follow_up(),
        InteractionField::FollowUpDone => tr.column_follow_up_done(),
    };
    let name = match file.interactions.iter().find(|i| i.id == id) {
        Some(interaction) => tr.history_interaction_field(args::HistoryInteractionField {
            kind: labels::interaction_kind(tr, interaction.kind),
            date: interaction.date.map_or_else(|| tr.not_recorded().to_owned(), |d| format::date(tr, d)),
            field: name,
        }),
        None => name.to_owned(),
    };
    described(name, change, |raw| {
        // A follow-up is either open or done: "empty" would read as unknown.
        if field == InteractionField::FollowUpDone {
            return if raw.is_empty() { tr.history_no() } else { tr.history_yes() }.to_owned();
        }
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        match field {
            InteractionField::Kind => {
                InteractionKind::parse(raw).map_or(raw, |k| labels::interaction_kind(tr, k)).to_owned()
            }
            InteractionField::Date | InteractionField::FollowUp => {
                Date::parse(raw).map_or_else(|_| raw.to_owned(), |d| format::date(tr, d))
            }
            InteractionField::Contact => raw
                .parse::<Id>()
                .ok()
                .and_then(|id| file.contacts.iter().find(|c| c.id == id))
                .map_or_else(|| raw.to_owned(), |c| c.name.clone()),
            InteractionField::Notes | InteractionField::FollowUpDone => raw.to_owned(),
        }
    })
}

/// What an entry of changes to one order or one opportunity did: created, edited or deleted which
/// (its number or title as stored, else as recorded in the entry).
fn record_title(tr: Tr, file: &CustomerFile, entry: &AuditEntry, fields: &[Option<AuditField>]) -> String {
    let named = |(change, field): (&FieldChange, &Option<AuditField>)| match field {
        Some(AuditField::Order(id, field)) => {
            let stored = file.orders.iter().find(|o| o.id == *id).map(|o| o.number.clone());
            stored.or_else(|| (*field == OrderField::Number).then(|| recorded(change)))
        }
        Some(AuditField::Opportunity(id, field)) => {
            let stored = file.opportunities.iter().find(|o| o.id == *id).map(|o| o.title.clone());
            stored.or_else(|| (*field == OpportunityField::Title).then(|| recorded(change)))
        }
        _ => None,
    };
    let name = entry.changes.iter().zip(fields).find_map(named).unwrap_or_default();
    let order = matches!(fields.first(), Some(Some(AuditField::Order(..))));
    match (order, entry.action) {
        (true, AuditAction::Create) => tr.history_order_created(args::HistoryOrderCreated { number: name }),
        (true, AuditAction::Delete) => tr.history_order_deleted(args::HistoryOrderDeleted { number: name }),
        (true, _) => tr.history_order_edited(args::HistoryOrderEdited { number: name }),
        (false, AuditAction::Create) => tr.history_opportunity_created(args::HistoryOpportunityCreated { title: name }),
        (false, AuditAction::Delete) => tr.history_opportunity_deleted(args::HistoryOpportunityDeleted { title: name }),
        (false, _) => tr.history_opportunity_changed(args::HistoryOpportunityChanged { title: name }),
    }
}

/// An order's change as the user reads it: the field's name, and its values in words.
fn describe_order_change(tr: Tr, file: &CustomerFile, field: OrderField, change: &FieldChange) -> Described {
    let name = match field {
        OrderField::Number => tr.column_order_number(),
        OrderField::Status => tr.column_status(),
        OrderField::Owner => tr.field_order_owner(),
        OrderField::Ordered => tr.column_ordered(),
        OrderField::Ready => tr.column_ready(),
        OrderField::Shipped => tr.column_shipped(),
        OrderField::DocumentsSent => tr.column_documents_sent(),
        OrderField::Paid => tr.column_paid(),
        OrderField::PrepaidPercent => tr.column_prepaid_percent(),
        OrderField::CreditDays => tr.column_credit_days(),
        OrderField::Lines => tr.section_order_lines(),
        OrderField::ClaimAmount => tr.field_claim_amount(),
        OrderField::ClaimReason => tr.field_claim_reason(),
        OrderField::ClaimSettled => tr.field_claim_settled(),
    };
    described(name.to_owned(), change, |raw| {
        if field == OrderField::ClaimSettled {
            return if raw.is_empty() { tr.history_no() } else { tr.history_yes() }.to_owned();
        }
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        match field {
            OrderField::Status => OrderStatus::parse(raw).map_or(raw, |s| labels::order_status(tr, s)).to_owned(),
            OrderField::Owner => raw.parse().map_or_else(|_| raw.to_owned(), |id| user_name(tr, file, id)),
            OrderField::Ordered
            | OrderField::Ready
            | OrderField::Shipped
            | OrderField::DocumentsSent
            | OrderField::Paid => Date::parse(raw).map_or_else(|_| raw.to_owned(), |d| format::date(tr, d)),
            OrderField::PrepaidPercent => format!("{raw} %"),
            OrderField::Lines => ProductKind::ALL.iter().fold(raw.to_owned(), |text, kind| {
                text.replace(&format!("[{}]", kind.as_str()), &format!("[{}]", labels::product_kind(tr, *kind)))
            }),
            OrderField::Number
            | OrderField::CreditDays
            | OrderField::ClaimAmount
            | OrderField::ClaimReason
            | OrderField::ClaimSettled => raw.to_owned(),
        }
    })
}

/// An opportunity's change as the user reads it: the field and its values.
fn describe_opportunity_change(
    tr: Tr,
    file: &CustomerFile,
    field: OpportunityField,
    change: &FieldChange,
) -> Described {
    let name = match field {
        OpportunityField::Title => tr.field_opportunity_title(),
        OpportunityField::Product => tr.field_product(),
        OpportunityField::Value => tr.field_value(),
        OpportunityField::Owner => tr.field_owner(),
        OpportunityField::Source => tr.field_opportunity_source(),
        OpportunityField::Stage => tr.field_stage(),
        OpportunityField::Man => tr.man_title(),
        OpportunityField::ExpectedClose => tr.field_expected_close(),
        OpportunityField::ForecastCategory => tr.field_forecast_category(),
        OpportunityField::CriteriaMet => tr.history_criteria_met(),
        OpportunityField::LostReason => tr.field_opportunity_lost_reason(),
        OpportunityField::Competitor => tr.field_competitor(),
        OpportunityField::GateOverrides => tr.history_gate_overrides(),
        OpportunityField::StrategyTask => tr.man_strategy_task_history(),
    };
    described(name.to_owned(), change, |raw| {
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        let label = match field {
            OpportunityField::Stage => FunnelStage::parse(raw).map(|s| labels::funnel_stage(tr, s).to_owned()),
            OpportunityField::Source => LeadSource::parse(raw).map(|s| labels::lead_source(tr, s).to_owned()),
            OpportunityField::ForecastCategory => {
                ForecastCategory::parse(raw).map(|c| labels::forecast_category(tr, c).to_owned())
            }
            OpportunityField::Owner => raw.parse().ok().map(|id| user_name(tr, file, id)),
            OpportunityField::CriteriaMet => Some(criteria_names(tr, raw)),
            OpportunityField::GateOverrides => Some(
                raw.split(audit::LINES_SEPARATOR)
                    .map(|line| override_in_words(tr, line))
                    .collect::<Vec<_>>()
                    .join(format::clause_separator(tr.0)),
            ),
            OpportunityField::Title
            | OpportunityField::Product
            | OpportunityField::Value
            | OpportunityField::Man
            | OpportunityField::StrategyTask
            | OpportunityField::ExpectedClose
            | OpportunityField::LostReason
            | OpportunityField::Competitor => None,
        };
        label.unwrap_or_else(|| raw.to_owned())
    })
}

/// Criterion ids (`a,b`) by their names in the reader's language.
fn criteria_names(tr: Tr, ids: &str) -> String {
    let names: Vec<String> = ids.split(',').filter(|id| !id.is_empty()).map(|id| criterion_name(tr, id)).collect();
    names.join(format::list_separator(tr.0))
}

/// A gate override as [`audit::override_text`] wrote it (`from>to ids: reason`), in words; a
/// text of another shape is shown as it is.
fn override_in_words(tr: Tr, line: &str) -> String {
    let parsed = line.split_once(' ').and_then(|(stages, rest)| {
        let (from, to) = stages.split_once('>')?;
        let (unmet, reason) = rest.split_once(": ")?;
        Some((FunnelStage::parse(from)?, FunnelStage::parse(to)?, unmet, reason))
    });
    match parsed {
        Some((from, to, unmet, reason)) => tr.history_override_value(args::HistoryOverrideValue {
            from: labels::funnel_stage(tr, from),
            to: labels::funnel_stage(tr, to),
            unmet: criteria_names(tr, unmet),
            reason,
        }),
        None => line.to_owned(),
    }
}

/// A value rating's or grade's change as the user reads it: the indicator or grade, and values.
/// A change of the customer's own field that is no column.
fn describe_profile_change(tr: Tr, field: ProfileField, change: &FieldChange) -> Described {
    match field {
        ProfileField::MarketOverride => {
            described(tr.market_override_field().to_owned(), change, |raw| match MarketType::parse(raw) {
                _ if raw.is_empty() => tr.market_follow_province().to_owned(),
                Some(market) => labels::market(tr, market).to_owned(),
                None => raw.to_owned(),
            })
        }
        ProfileField::KeyAccount => described(tr.key_account_field().to_owned(), change, |raw| match raw {
            "" => tr.history_empty_value().to_owned(),
            _ => tr.key_account_tag().to_owned(),
        }),
        ProfileField::KeyAccountReason => described(tr.key_account_reason().to_owned(), change, |raw| plain(tr, raw)),
    }
}

fn describe_value_change(tr: Tr, field: ValueField, change: &FieldChange) -> Described {
    let name = match field {
        ValueField::IndustryInfluence => tr.indicator_industry_influence(),
        ValueField::NewProduct => tr.indicator_new_product(),
        ValueField::PriceSensitivity => tr.value_price_sensitivity_rating(),
        ValueField::Communication => tr.indicator_communication(),
        ValueField::ConfirmedGrade => tr.value_confirmed_grade(),
        ValueField::Grade => tr.grades_grade(),
    };
    described(name.to_owned(), change, |raw| match Grade::parse(raw) {
        _ if raw.is_empty() => tr.history_empty_value().to_owned(),
        Some(grade) => labels::grade(tr, grade).to_owned(),
        None => raw.to_owned(),
    })
}
