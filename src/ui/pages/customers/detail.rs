//! One customer: profile, classification, contacts, account team, its machines in the field,
//! and a timeline of interactions and orders (each opening its form, with its totals), newest
//! first.

use super::duplicates::PossibleDuplicates;
use super::log_interaction::{CompleteFollowUp, LogInteraction};
use super::value_card::ValueCard;
use crate::domain::audit;
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::date::Date;
use crate::domain::grading::grade::Grade;
use crate::domain::model::{
    AuditAction, AuditEntry, Customer, FieldChange, ForecastCategory, FunnelStage, Id, Interaction, InteractionKind,
    LeadSource, Machine, MachineStatus, Order, OrderStatus, ProductKind,
};
use crate::domain::money::{format_cny, format_cny_compact, format_int, Cny};
use crate::domain::orders::form::Totals;
use crate::domain::region;
use crate::i18n::{args, Locale, Tr};
use crate::state::customers::{self, CustomerFile};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::format::margin_percent;
use crate::ui::format::{self, LocalTime};
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::kit::RecordLoader;
use crate::ui::labels;
use crate::ui::labels::criterion_name;
use crate::ui::labels::province_name;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

#[component]
pub fn CustomerDetail(id: Id) -> impl IntoView {
    let app = use_app();
    let file = LocalResource::new(move || {
        app.track_workspace();
        app.revision.track();
        customers::file(app, id)
    });
    view! {
        <section class="page" data-testid="customer-detail">
            <a class="back-link" href=Route::Customers.href() data-testid="back-to-customers">
                {move || format!("← {}", app.tr().customer_back())}
            </a>
            <RecordLoader
                resource=file
                missing=Signal::derive(move || app.tr().customer_not_found(args::CustomerNotFound { id }))
                missing_id="customer-not-found"
                let:file
            >
                {
                    let file = StoredValue::new_local(file);
                    move || file.with_value(|file| render_file(app.tr(), app.locale.get(), file))
                }
            </RecordLoader>
            <PossibleDuplicates id />
        </section>
    }
}

fn render_file(tr: Tr, locale: Locale, file: &Rc<CustomerFile>) -> impl IntoView {
    let customer = &file.customer;
    let revenue: Cny = file.orders.iter().filter(|o| counts_as_sale(o)).map(Order::revenue).sum();
    let sales = file.orders.iter().filter(|o| counts_as_sale(o)).count();
    let open_opportunities = file.opportunities.iter().filter(|o| o.stage.is_open()).count();
    view! {
        <header class="detail-header">
            <div class="title-row">
                <h1 data-testid="customer-company">{customer.company.clone()}</h1>
                <a class="button secondary" data-testid="edit-customer" href=Route::EditCustomer(customer.id).href()>
                    {tr.customer_edit()}
                </a>
            </div>
            <div class="row-tags">
                <span class=format!("tag lifecycle-{}", customer.lifecycle.as_str()) data-testid="customer-lifecycle">
                    {labels::lifecycle(tr, customer.lifecycle)}
                </span>
                <span class="tag">{labels::communication(tr, customer.communication)}</span>
            </div>
            <p class="muted" data-testid="customer-summary">
                {tr.summary_orders(args::SummaryOrders {
                    count: format_int(sales as i64),
                    amount: format_cny_compact(revenue, locale.number_style()),
                })}
                " · "
                {tr.summary_machines(args::SummaryMachines { count: format_int(file.machines.iter().filter(|m| m.status == MachineStatus::Active).count() as i64) })}
                " · "
                {tr.summary_opportunities(args::SummaryOpportunities { count: format_int(open_opportunities as i64) })}
            </p>
        </header>
        <div class="detail-grid">
            <div class="card">
                <h2>{tr.section_profile()}</h2>
                {profile(tr, locale, file)}
            </div>
            <div class="card">
                <h2>{tr.section_classification()}</h2>
                {classification(tr, customer)}
            </div>
            <div class="card">
                <h2>{tr.section_contacts()}</h2>
                {contacts(tr, file)}
            </div>
            <div class="card">
                <h2>{tr.section_team()}</h2>
                {team(tr, file)}
                <Reassign file=file.clone() />
            </div>
            <ValueCard id=customer.id />
        </div>
        {machines(tr, file)}
        <div class="card timeline-card">
            <div class="title-row">
                <h2>{tr.section_timeline()}</h2>
                <a class="button secondary" data-testid="add-order" href=Route::NewOrder(customer.id).href()>
                    {tr.order_add()}
                </a>
            </div>
            <LogInteraction file=file.clone() />
            {timeline(tr, locale, file)}
        </div>
    }
}

/// The customer's installed base, newest delivery first (undated last), each opening its form.
fn machines(tr: Tr, file: &CustomerFile) -> impl IntoView {
    let mut machines: Vec<&Machine> = file.machines.iter().collect();
    machines.sort_by(|a, b| b.delivered.cmp(&a.delivered).then_with(|| a.serial.cmp(&b.serial)));
    let list = if machines.is_empty() {
        view! { <p class="muted" data-testid="customer-machines-empty">{tr.customer_machines_empty()}</p> }.into_any()
    } else {
        let rows = machines
            .into_iter()
            .map(|m| {
                view! {
                    <tr data-testid="customer-machine" data-serial=m.serial.clone()>
                        <td><a href=Route::EditMachine(m.id).href()>{m.serial.clone()}</a></td>
                        <td>{m.model.clone()}</td>
                        <td>{m.delivered.map(|d| format::date(tr, d)).unwrap_or_default()}</td>
                        <td class="num">{format_int(i64::from(m.hours))}</td>
                        <td class="num">{format_int(i64::from(m.hours_per_month))}</td>
                        <td>{labels::machine_status(tr, m.status)}</td>
                    </tr>
                }
            })
            .collect_view();
        let headings = vec![
            heading(tr.machine_col_serial()),
            heading(tr.machine_col_model()),
            heading(tr.machine_col_delivered()),
            numeric(tr.machine_col_hours()),
            numeric(tr.machine_col_hours_per_month()),
            heading(tr.machine_col_status()),
        ];
        data_table("", None, headings, rows).into_any()
    };
    view! {
        <div class="card machines-card" data-testid="customer-machines">
            <div class="title-row">
                <h2 data-testid="customer-machines-title">
                    {tr.customer_machines_title(args::CustomerMachinesTitle { count: format_int(file.machines.len() as i64) })}
                </h2>
                <a
                    class="button secondary"
                    data-testid="customer-add-machine"
                    href=Route::NewCustomerMachine(file.customer.id).href()
                >
                    {tr.machines_add()}
                </a>
            </div>
            {list}
        </div>
    }
}

/// Cancelled and draft orders are not sales.
fn counts_as_sale(order: &Order) -> bool {
    !matches!(order.status, OrderStatus::Cancelled | OrderStatus::Draft)
}

fn facts(rows: Vec<(&'static str, String)>) -> impl IntoView {
    let rows = rows
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| view! { <dt>{label}</dt> <dd>{value}</dd> })
        .collect_view();
    view! { <dl class="facts">{rows}</dl> }
}

fn user_name(tr: Tr, file: &CustomerFile, id: Id) -> String {
    file.user(id).map_or_else(|| tr.unknown_user(args::UnknownUser { id }), |u| u.name.clone())
}

/// The date, and who, when a current user was picked at the time (0: nobody was).
fn stamped(tr: Tr, file: &CustomerFile, date: Option<Date>, by: Id) -> String {
    match date {
        Some(date) if by == 0 => format::date(tr, date),
        Some(date) => tr.record_by(args::RecordBy { date: format::date(tr, date), user: user_name(tr, file, by) }),
        None => String::new(),
    }
}

fn profile(tr: Tr, locale: Locale, file: &CustomerFile) -> impl IntoView {
    let c = &file.customer;
    let province = region::province(&c.province).map(|p| province_name(locale, p)).unwrap_or_default();
    let mut rows = vec![
        (tr.field_country(), c.country.clone()),
        (tr.field_province(), province.to_owned()),
        (tr.field_city(), c.city.clone()),
        (tr.field_address(), c.address.clone()),
        (tr.field_phone(), c.phone.clone()),
        (tr.field_email(), c.email.clone()),
        (tr.field_wechat(), c.wechat.clone()),
        (tr.field_other_channels(), c.other_channels.clone()),
        (tr.field_main_products(), c.main_products.join(format::list_separator(locale))),
        (tr.field_source(), labels::lead_source(tr, c.source).to_owned()),
        (tr.field_credit_index(), c.credit_index.to_string()),
    ];
    if let Some(kind) = c.lost_kind {
        rows.push((tr.field_lost_kind(), labels::lost_kind(tr, kind).to_owned()));
        rows.push((tr.field_lost_reason(), c.lost_reason.clone()));
    }
    rows.push((tr.field_created(), stamped(tr, file, c.created_at, c.created_by)));
    rows.push((tr.field_modified(), stamped(tr, file, c.modified_at, c.modified_by)));
    facts(rows)
}

fn classification(tr: Tr, c: &Customer) -> impl IntoView {
    let market = c.market.or_else(|| region::province(&c.province).map(|p| p.market));
    facts(vec![
        (tr.field_customer_type(), labels::customer_type(tr, c.customer_type).to_owned()),
        (tr.field_buyer_role(), labels::buyer_role(tr, c.buyer_role).to_owned()),
        (tr.field_concern(), labels::concern(tr, c.concern).to_owned()),
        (tr.field_application(), labels::application(tr, c.application).to_owned()),
        (tr.field_market(), market.map(|m| labels::market(tr, m).to_owned()).unwrap_or_default()),
    ])
}

fn contacts(tr: Tr, file: &CustomerFile) -> impl IntoView {
    if file.contacts.is_empty() {
        return view! { <p class="muted">{tr.contacts_none()}</p> }.into_any();
    }
    let items = file
        .contacts
        .iter()
        .map(|contact| {
            let channels = [contact.phone.as_str(), contact.email.as_str(), contact.wechat.as_str()]
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <li class="contact" data-testid="contact">
                    <strong>{contact.name.clone()}</strong>
                    <Show when={
                        let primary = contact.primary;
                        move || primary
                    }>
                        <span class="tag">{tr.contact_primary()}</span>
                    </Show>
                    <span class="muted">
                        {[contact.title.as_str(), labels::contact_role(tr, contact.role)]
                            .into_iter()
                            .filter(|t| !t.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · ")}
                    </span>
                    <span>{channels}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain-list">{items}</ul> }.into_any()
}

fn team(tr: Tr, file: &CustomerFile) -> impl IntoView {
    let team = &file.customer.team;
    if team.lead == 0 && team.members.is_empty() {
        return view! { <p class="muted">{tr.team_none()}</p> }.into_any();
    }
    let lead = (team.lead != 0).then(|| (tr.team_lead(), user_name(tr, file, team.lead)));
    let members = team.members.iter().map(|id| (tr.team_member(), user_name(tr, file, *id)));
    let items = lead
        .into_iter()
        .chain(members)
        .map(|(role, name)| view! { <li data-testid="team-member"><strong>{name}</strong> <span class="muted">{role}</span></li> })
        .collect_view();
    view! { <ul class="plain-list">{items}</ul> }.into_any()
}

/// A dated entry of the customer's history.
enum Entry<'a> {
    Interaction(&'a Interaction),
    Order(&'a Order),
    Change(&'a AuditEntry, LocalTime),
}

impl Entry<'_> {
    /// Newest first by day; within a day, recorded changes by their time.
    fn sort_key(&self) -> (Option<Date>, i64) {
        match self {
            Entry::Interaction(i) => (i.date, 0),
            Entry::Order(o) => (o.ordered, 0),
            Entry::Change(e, time) => (Some(time.date), e.at_ms),
        }
    }
}

fn timeline(tr: Tr, locale: Locale, file: &CustomerFile) -> impl IntoView {
    let mut entries: Vec<Entry> = file
        .interactions
        .iter()
        .map(Entry::Interaction)
        .chain(file.orders.iter().map(Entry::Order))
        .chain(file.history.iter().map(|e| Entry::Change(e, format::local_time(e.at_ms))))
        .collect();
    // Newest first; undated entries last.
    entries.sort_by_key(|e| std::cmp::Reverse(e.sort_key()));
    if entries.is_empty() {
        return view! { <p class="muted">{tr.timeline_none()}</p> }.into_any();
    }
    let items = entries
        .iter()
        .map(|entry| {
            let when = entry.sort_key().0.map(|d| format::date(tr, d)).unwrap_or_else(|| tr.not_recorded().to_owned());
            if let Entry::Change(change, time) = entry {
                return change_entry(tr, locale, file, change, when, time);
            }
            let (kind, title, detail, note, open_follow_up, link) = match entry {
                Entry::Interaction(i) => {
                    let follow_up = match (i.follow_up, i.follow_up_done) {
                        (Some(_), true) => tr.timeline_follow_up_done().to_owned(),
                        (Some(date), false) => tr.timeline_follow_up(args::TimelineFollowUp { date: format::date(tr, date) }),
                        (None, _) => String::new(),
                    };
                    (
                        "interaction",
                        labels::interaction_kind(tr, i.kind).to_owned(),
                        user_name(tr, file, i.by),
                        [i.notes.clone(), follow_up]
                            .into_iter()
                            .filter(|t| !t.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · "),
                        (i.follow_up.is_some() && !i.follow_up_done).then_some(i.id),
                        None,
                    )
                }
                Entry::Order(o) => {
                    let totals = Totals::of(o.revenue(), o.cost());
                    let claim = o.claim.as_ref().map(|c| tr.timeline_claim(args::TimelineClaim { reason: &c.reason }));
                    (
                        "order",
                        tr.timeline_order(args::TimelineOrder { number: &o.number }),
                        tr.timeline_order_detail(args::TimelineOrderDetail {
                            lines: format_int(o.lines.len() as i64),
                            amount: format_cny(o.revenue()),
                            status: labels::order_status(tr, o.status),
                        }),
                        [Some(tr.timeline_order_margin(args::TimelineOrderMargin {
                            amount: format_cny(totals.margin),
                            percent: margin_percent(totals.margin_percent),
                        })), claim]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · "),
                        None,
                        Some(Route::EditOrder(file.customer.id, o.id).href()),
                    )
                }
                Entry::Change(..) => unreachable!("handled above"),
            };
            view! {
                <li class=format!("timeline-entry {kind}") data-testid=format!("timeline-{kind}")>
                    <span class="timeline-date muted">{when}</span>
                    <span class="timeline-body">
                        {match link {
                            Some(href) => view! {
                                <a class="timeline-link" href=href data-testid="timeline-order-link"><strong>{title}</strong></a>
                            }
                            .into_any(),
                            None => view! { <strong>{title}</strong> }.into_any(),
                        }}
                        <span class="muted">{detail}</span>
                        <span>{note}</span>
                        {open_follow_up.map(|id| view! { <CompleteFollowUp id /> })}
                    </span>
                </li>
            }
            .into_any()
        })
        .collect_view();
    view! { <ol class="timeline">{items}</ol> }.into_any()
}

fn change_entry(
    tr: Tr,
    locale: Locale,
    file: &CustomerFile,
    entry: &AuditEntry,
    when: String,
    time: &LocalTime,
) -> AnyView {
    let team_only = entry.changes.iter().all(|c| c.field == "team_lead" || c.field == "team_members");
    let interaction_only =
        !entry.changes.is_empty() && entry.changes.iter().all(|c| audit::interaction_field(&c.field).is_some());
    let order_only = !entry.changes.is_empty() && entry.changes.iter().all(|c| audit::order_field(&c.field).is_some());
    let value_only = !entry.changes.is_empty() && entry.changes.iter().all(|c| audit::value_field(&c.field).is_some());
    let opportunity_only =
        !entry.changes.is_empty() && entry.changes.iter().all(|c| audit::opportunity_field(&c.field).is_some());
    let title = if value_only && entry.changes.iter().all(|c| c.field == audit::GRADE_FIELD) {
        tr.history_grade_changed().to_owned()
    } else if value_only {
        tr.history_ratings_changed().to_owned()
    } else if interaction_only {
        interaction_title(tr, entry)
    } else if order_only {
        order_title(tr, file, entry)
    } else if opportunity_only {
        opportunity_title(tr, file, entry)
    } else {
        match entry.action {
            AuditAction::Create => tr.history_created(),
            AuditAction::Update if team_only && !entry.changes.is_empty() => tr.history_reassigned(),
            AuditAction::Update => tr.history_updated(),
            AuditAction::Delete => tr.history_deleted(),
            AuditAction::Bulk => tr.history_bulk(),
            AuditAction::Merge => tr.history_merged(),
        }
        .to_owned()
    };
    // A logged interaction stands on the timeline with its values already: its entry only says who and when.
    let listed: &[FieldChange] =
        if (interaction_only || order_only) && entry.action == AuditAction::Create { &[] } else { &entry.changes };
    let by = entry.user.map_or_else(|| tr.history_nobody().to_owned(), |id| user_name(tr, file, id));
    let changes = listed
        .iter()
        .map(|change| {
            let (field, before, after) = describe_change(tr, locale, file, entry, change);
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

/// What an entry of interaction changes did: logged one, closed or moved its follow-up, or edited it.
fn interaction_title(tr: Tr, entry: &AuditEntry) -> String {
    let fields: Vec<(&str, &str)> = entry
        .changes
        .iter()
        .filter_map(|c| audit::interaction_field(&c.field).map(|(_, field)| (field, c.after.as_str())))
        .collect();
    match (entry.action, fields.as_slice()) {
        (AuditAction::Create, _) => {
            let kind = fields.iter().find(|(f, _)| *f == "kind").and_then(|(_, v)| InteractionKind::parse(v));
            tr.history_interaction_logged(args::HistoryInteractionLogged {
                kind: labels::interaction_kind(tr, kind.unwrap_or_default()),
            })
        }
        (_, [("follow_up_done", _)]) => tr.history_follow_up_done().to_owned(),
        (_, [("follow_up", _)]) => tr.history_follow_up_moved().to_owned(),
        _ => tr.history_interaction_edited().to_owned(),
    }
}

/// What an entry of order changes did: created, edited or deleted which order.
/// What an entry of opportunity changes did: created, changed or deleted which opportunity.
fn opportunity_title(tr: Tr, file: &CustomerFile, entry: &AuditEntry) -> String {
    let title = entry
        .changes
        .iter()
        .find_map(|c| {
            let (id, field) = audit::opportunity_field(&c.field)?;
            let stored = file.opportunities.iter().find(|o| o.id == id).map(|o| o.title.clone());
            stored.or_else(|| {
                (field == "title").then(|| if c.after.is_empty() { c.before.clone() } else { c.after.clone() })
            })
        })
        .unwrap_or_default();
    match entry.action {
        AuditAction::Create => tr.history_opportunity_created(args::HistoryOpportunityCreated { title }),
        AuditAction::Delete => tr.history_opportunity_deleted(args::HistoryOpportunityDeleted { title }),
        _ => tr.history_opportunity_changed(args::HistoryOpportunityChanged { title }),
    }
}

/// An opportunity's change as the user reads it: the field and its values.
fn describe_opportunity_change(
    tr: Tr,
    file: &CustomerFile,
    field: &str,
    change: &FieldChange,
) -> (String, String, String) {
    let name = match field {
        "title" => tr.field_opportunity_title(),
        "product" => tr.field_product(),
        "value" => tr.field_value(),
        "owner" => tr.field_owner(),
        "source" => tr.field_opportunity_source(),
        "stage" => tr.field_stage(),
        "man" => tr.man_title(),
        "expected_close" => tr.field_expected_close(),
        "forecast_category" => tr.field_forecast_category(),
        "criteria_met" => tr.history_criteria_met(),
        "lost_reason" => tr.field_opportunity_lost_reason(),
        "competitor" => tr.field_competitor(),
        "gate_overrides" => tr.history_gate_overrides(),
        other => other,
    };
    let value = |raw: &str| -> String {
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        let label = match field {
            "stage" => FunnelStage::parse(raw).map(|s| labels::funnel_stage(tr, s).to_owned()),
            "source" => LeadSource::parse(raw).map(|s| labels::lead_source(tr, s).to_owned()),
            "forecast_category" => ForecastCategory::parse(raw).map(|c| labels::forecast_category(tr, c).to_owned()),
            "owner" => raw.parse().ok().map(|id| user_name(tr, file, id)),
            "criteria_met" => Some(criteria_names(tr, raw)),
            "gate_overrides" => Some(
                raw.split(audit::LINES_SEPARATOR)
                    .map(|line| override_in_words(tr, line))
                    .collect::<Vec<_>>()
                    .join(format::clause_separator(tr.0)),
            ),
            _ => None,
        };
        label.unwrap_or_else(|| raw.to_owned())
    };
    (name.to_owned(), value(&change.before), value(&change.after))
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

fn order_title(tr: Tr, file: &CustomerFile, entry: &AuditEntry) -> String {
    let number = entry
        .changes
        .iter()
        .find_map(|c| {
            let (id, field) = audit::order_field(&c.field)?;
            let stored = file.orders.iter().find(|o| o.id == id).map(|o| o.number.clone());
            stored.or_else(|| {
                (field == "number").then(|| if c.after.is_empty() { c.before.clone() } else { c.after.clone() })
            })
        })
        .unwrap_or_default();
    match entry.action {
        AuditAction::Create => tr.history_order_created(args::HistoryOrderCreated { number }),
        AuditAction::Delete => tr.history_order_deleted(args::HistoryOrderDeleted { number }),
        _ => tr.history_order_edited(args::HistoryOrderEdited { number }),
    }
}

/// An order's change as the user reads it: the field's name, and its values in words.
fn describe_order_change(tr: Tr, file: &CustomerFile, field: &str, change: &FieldChange) -> (String, String, String) {
    let value = |raw: &str| -> String {
        if field == "claim_settled" {
            return if raw.is_empty() { tr.history_no() } else { tr.history_yes() }.to_owned();
        }
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        match field {
            "status" => OrderStatus::parse(raw).map_or(raw, |s| labels::order_status(tr, s)).to_owned(),
            "owner" => raw.parse().map_or_else(|_| raw.to_owned(), |id| user_name(tr, file, id)),
            "ordered" | "ready" | "shipped" | "documents_sent" | "paid" => {
                Date::parse(raw).map_or_else(|_| raw.to_owned(), |d| format::date(tr, d))
            }
            "prepaid_percent" => format!("{raw} %"),
            "lines" => ProductKind::ALL.iter().fold(raw.to_owned(), |text, kind| {
                text.replace(&format!("[{}]", kind.as_str()), &format!("[{}]", labels::product_kind(tr, *kind)))
            }),
            _ => raw.to_owned(),
        }
    };
    let name = match field {
        "number" => tr.column_order_number(),
        "status" => tr.column_status(),
        "owner" => tr.field_order_owner(),
        "ordered" => tr.column_ordered(),
        "ready" => tr.column_ready(),
        "shipped" => tr.column_shipped(),
        "documents_sent" => tr.column_documents_sent(),
        "paid" => tr.column_paid(),
        "prepaid_percent" => tr.column_prepaid_percent(),
        "credit_days" => tr.column_credit_days(),
        "lines" => tr.section_order_lines(),
        "claim_amount" => tr.field_claim_amount(),
        "claim_reason" => tr.field_claim_reason(),
        "claim_settled" => tr.field_claim_settled(),
        other => other,
    };
    (name.to_owned(), value(&change.before), value(&change.after))
}

/// A change as the user reads it: the field's name, and its values in words.
fn describe_change(
    tr: Tr,
    locale: Locale,
    file: &CustomerFile,
    entry: &AuditEntry,
    change: &FieldChange,
) -> (String, String, String) {
    if let Some((interaction, field)) = audit::interaction_field(&change.field) {
        return describe_interaction_change(tr, file, interaction, field, change);
    }
    if let Some((_, field)) = audit::order_field(&change.field) {
        return describe_order_change(tr, file, field, change);
    }
    if let Some(field) = audit::value_field(&change.field) {
        return describe_value_change(tr, field, change);
    }
    if let Some((_, field)) = audit::opportunity_field(&change.field) {
        return describe_opportunity_change(tr, file, field, change);
    }
    let (contact, field) = audit::split_field(&change.field);
    let column = match contact {
        Some(_) => CustomerColumn::parse(&format!("contact_{field}")),
        None => CustomerColumn::parse(field),
    };
    let value = |raw: &str| -> String {
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        if contact.is_some() && field == "primary" {
            return tr.history_yes().to_owned();
        }
        match column {
            Some(CustomerColumn::TeamLead | CustomerColumn::TeamMembers) => raw
                .split(',')
                .filter_map(|id| id.parse().ok())
                .map(|id| user_name(tr, file, id))
                .collect::<Vec<_>>()
                .join("、"),
            Some(CustomerColumn::Province) => {
                region::province(raw).map_or(raw, |p| province_name(locale, p)).to_owned()
            }
            Some(column) => labels::customer_value(tr, column, raw).unwrap_or(raw).to_owned(),
            None => raw.to_owned(),
        }
    };
    let name = match (contact, column, field.strip_prefix(audit::CUSTOM_PREFIX)) {
        (Some(id), _, _) => {
            let short = match field {
                "name" => tr.field_contact_name(),
                "title" => tr.field_title(),
                "phone" => tr.field_phone(),
                "email" => tr.field_email(),
                "wechat" => tr.field_wechat(),
                "role" => tr.field_role(),
                "primary" => tr.contact_primary(),
                other => other,
            };
            tr.history_contact_field(args::HistoryContactField { name: contact_name(file, entry, id), field: short })
        }
        (None, _, Some(custom)) => custom.to_owned(),
        (None, Some(column), None) => labels::customer_column(tr, column).to_owned(),
        (None, None, None) => field.to_owned(),
    };
    (name, value(&change.before), value(&change.after))
}

/// A value rating's or grade's change as the user reads it: the indicator or grade, and values.
fn describe_value_change(tr: Tr, field: &str, change: &FieldChange) -> (String, String, String) {
    let name = match field {
        "industry_influence" => tr.indicator_industry_influence(),
        "new_product" => tr.indicator_new_product(),
        "price_sensitivity" => tr.value_price_sensitivity_rating(),
        "communication" => tr.indicator_communication(),
        "confirmed_grade" => tr.value_confirmed_grade(),
        "grade" => tr.grades_grade(),
        other => other,
    };
    let value = |raw: &str| match Grade::parse(raw) {
        _ if raw.is_empty() => tr.history_empty_value().to_owned(),
        Some(grade) => labels::grade(tr, grade).to_owned(),
        None => raw.to_owned(),
    };
    (name.to_owned(), value(&change.before), value(&change.after))
}

/// An interaction's change as the user reads it: which interaction and field, and its values.
fn describe_interaction_change(
    tr: Tr,
    file: &CustomerFile,
    id: Id,
    field: &str,
    change: &FieldChange,
) -> (String, String, String) {
    let value = |raw: &str| -> String {
        // A follow-up is either open or done: "empty" would read as unknown.
        if field == "follow_up_done" {
            return if raw.is_empty() { tr.history_no() } else { tr.history_yes() }.to_owned();
        }
        if raw.is_empty() {
            return tr.history_empty_value().to_owned();
        }
        match field {
            "kind" => InteractionKind::parse(raw).map_or(raw, |k| labels::interaction_kind(tr, k)).to_owned(),
            "date" | "follow_up" => Date::parse(raw).map_or_else(|_| raw.to_owned(), |d| format::date(tr, d)),
            "contact" => raw
                .parse::<Id>()
                .ok()
                .and_then(|id| file.contacts.iter().find(|c| c.id == id))
                .map_or_else(|| raw.to_owned(), |c| c.name.clone()),
            _ => raw.to_owned(),
        }
    };
    let name = match field {
        "kind" => tr.column_interaction_kind(),
        "date" => tr.column_date(),
        "contact" => tr.column_contact(),
        "notes" => tr.column_notes(),
        "follow_up" => tr.column_follow_up(),
        "follow_up_done" => tr.column_follow_up_done(),
        other => other,
    };
    let name = match file.interactions.iter().find(|i| i.id == id) {
        Some(interaction) => tr.history_interaction_field(args::HistoryInteractionField {
            kind: labels::interaction_kind(tr, interaction.kind),
            date: interaction.date.map_or_else(|| tr.not_recorded().to_owned(), |d| format::date(tr, d)),
            field: name,
        }),
        None => name.to_owned(),
    };
    (name, value(&change.before), value(&change.after))
}

/// A contact's name now, or as the entry recorded it if the contact was since removed.
fn contact_name(file: &CustomerFile, entry: &AuditEntry, id: Id) -> String {
    if let Some(contact) = file.contacts.iter().find(|c| c.id == id) {
        return contact.name.clone();
    }
    let recorded = format!("{}{id}/name", audit::CONTACTS_PREFIX);
    entry
        .changes
        .iter()
        .find(|c| c.field == recorded)
        .map(|c| if c.after.is_empty() { c.before.clone() } else { c.after.clone() })
        .unwrap_or_default()
}

/// Hands the account to a new lead, with a reason kept in the history.
#[component]
fn Reassign(file: Rc<CustomerFile>) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let to = RwSignal::new(String::new());
    let keep = RwSignal::new(true);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let id = file.customer.id;
    let lead = file.customer.team.lead;
    let candidates: Vec<(String, String)> =
        file.active_users().into_iter().filter(|u| u.id != lead).map(|u| (u.id.to_string(), u.name.clone())).collect();
    let ready = move || to.with(|t| !t.is_empty()) && reason.with(|r| !r.trim().is_empty());
    let submit = move |_| {
        tried.set(true);
        if !ready() || busy.get_untracked() {
            return;
        }
        let Ok(new_lead) = to.get_untracked().parse::<Id>() else { return };
        busy.set(true);
        let why = reason.get_untracked();
        spawn_local(async move {
            if let Err(error) = customers::reassign(app, id, new_lead, keep.get_untracked(), &why).await {
                app.report(error);
            }
            busy.set(false);
        });
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button class="button secondary" data-testid="reassign" on:click=move |_| open.set(true)>
                    {move || app.tr().customer_reassign()}
                </button>
            }
        >
            <div class="reassign" data-testid="reassign-form">
                <h3>{move || app.tr().reassign_title()}</h3>
                <label class="field">
                    <span>{move || app.tr().reassign_to()}</span>
                    <select data-testid="reassign-to" on:change=move |event| to.set(event_target_value(&event))>
                        <option value="" prop:selected=move || to.with(String::is_empty)>{move || app.tr().not_set()}</option>
                        {candidates.iter().map(|(value, name)| view! { <option value=value.clone()>{name.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=keep on:change=move |event| keep.set(event_target_checked(&event)) />
                    {move || app.tr().reassign_keep()}
                </label>
                <label class="field">
                    <span>{move || app.tr().reassign_reason()}</span>
                    <input type="text" data-testid="reassign-reason" prop:value=reason on:input=move |event| reason.set(event_target_value(&event)) />
                </label>
                <Show when=move || tried.get() && !ready()>
                    <p class="field-error" role="alert">{move || app.tr().reassign_needs()}</p>
                </Show>
                <div class="actions">
                    <button class="button" data-testid="confirm-reassign" disabled=busy on:click=submit>
                        {move || app.tr().reassign_confirm()}
                    </button>
                    <button class="button secondary" on:click=move |_| open.set(false)>{move || app.tr().cancel()}</button>
                </div>
            </div>
        </Show>
    }
}
