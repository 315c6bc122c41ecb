//! One customer: profile, classification, contacts, account team, its machines in the field,
//! and a timeline of interactions and orders (each opening its form, with its totals), newest
//! first.

use super::conflicts::FileConflicts;
use super::duplicates::PossibleDuplicates;
use super::history::change_entry;
use super::log_interaction::{CompleteFollowUp, LogInteraction};
use super::value_card::ValueCard;
use super::{alerted, dotted, ConfirmCancel, Unfold};
use crate::domain::date::Date;
use crate::domain::model::{
    AuditEntry, CustomField, Id, Interaction, Machine, MachineStatus, Order, OrderStatus, ServiceTicket,
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
use crate::ui::kit::table::{columns, mark, table};
use crate::ui::kit::{RecordLoader, Write};
use crate::ui::labels;
use crate::ui::labels::province_name;
use crate::ui::machines::machine_table;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn CustomerDetail(id: Id) -> impl IntoView {
    let app = use_app();
    let file = app.watch(move || customers::file(app, id));
    view! {
        <section class="page" data-testid="customer-detail">
            <a class="back-link" href=Route::Customers.href() data-testid="back-to-customers">
                {move || format!("← {}", app.tr().customer_back())}
            </a>
            <FileConflicts file />
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
                {customer.key_account.then(|| view! {
                    <span class="tag key-account" data-testid="customer-key-account">{tr.key_account_tag()}</span>
                })}
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
            <div class="card" data-testid="customer-classification">
                <h2>{tr.section_classification()}</h2>
                {classification(tr, file)}
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
        {tickets(tr, file)}
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
        machine_table(tr, "", None, "customer-machine", machines, None)
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

/// The customer's service tickets, newest first, each opening its page.
fn tickets(tr: Tr, file: &CustomerFile) -> impl IntoView {
    let mut tickets: Vec<&ServiceTicket> = file.tickets.iter().collect();
    tickets.sort_by_key(|t| (std::cmp::Reverse(t.opened_instant()), std::cmp::Reverse(t.id)));
    let list = if tickets.is_empty() {
        view! { <p class="muted" data-testid="customer-tickets-empty">{tr.customer_tickets_empty()}</p> }.into_any()
    } else {
        let c = columns::<&ServiceTicket>();
        let columns = [
            c.text(tr.ticket_col_number(), |t| view! { <a href=Route::Ticket(t.id).href()>{t.reference()}</a> })
                .row_heading(),
            c.text(tr.ticket_opened(), |t| t.opened.map(|d| format::date(tr, d))),
            c.text(tr.ticket_col_summary(), |t| t.summary.clone()),
            c.text(tr.ticket_col_status(), |t| labels::ticket_status(tr, t.status)),
            c.number(tr.ticket_col_visits(), |t| format_int(i64::from(t.visits))),
        ];
        table("", None, &columns, tickets, |t| mark("customer-ticket").record("data-id", t.id.to_string()))
    };
    view! {
        <div class="card machines-card" data-testid="customer-tickets">
            <div class="title-row">
                <h2 data-testid="customer-tickets-title">
                    {tr.customer_tickets_title(args::CustomerTicketsTitle { count: format_int(file.tickets.len() as i64) })}
                </h2>
                <a class="button secondary" data-testid="customer-add-ticket" href=Route::NewCustomerTicket(file.customer.id).href()>
                    {tr.ticket_new()}
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

pub(super) fn user_name(tr: Tr, file: &CustomerFile, id: Id) -> String {
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
    view! {
        {facts(rows)}
        {custom_facts(&c.custom)}
    }
}

/// Facts without a field of their own (an imported file's extra columns, words kept as
/// written), under their own names.
fn custom_facts(fields: &[CustomField]) -> impl IntoView {
    let rows = fields
        .iter()
        .filter(|field| !field.value.is_empty())
        .map(|field| view! { <dt>{field.name.clone()}</dt> <dd>{field.value.clone()}</dd> })
        .collect_view();
    (!fields.is_empty()).then(|| view! { <dl class="facts" data-testid="customer-custom">{rows}</dl> })
}

fn classification(tr: Tr, file: &CustomerFile) -> impl IntoView {
    let c = &file.customer;
    let market = file.markets.of(c).map(|m| match c.market_override {
        Some(_) => tr.market_set_for_customer(args::MarketSetForCustomer { market: labels::market(tr, m) }),
        None => labels::market(tr, m).to_owned(),
    });
    let mut rows = vec![
        (tr.field_customer_type(), labels::customer_type(tr, c.customer_type).to_owned()),
        (tr.field_buyer_role(), labels::buyer_role(tr, c.buyer_role).to_owned()),
        (tr.field_concern(), labels::concern(tr, c.concern).to_owned()),
        (tr.field_application(), labels::application(tr, c.application).to_owned()),
        (tr.field_market(), market.unwrap_or_default()),
    ];
    if c.key_account {
        rows.push((tr.key_account_field(), c.key_account_reason.clone()));
    }
    facts(rows)
}

fn contacts(tr: Tr, file: &CustomerFile) -> impl IntoView {
    if file.contacts.is_empty() {
        return view! { <p class="muted">{tr.contacts_none()}</p> }.into_any();
    }
    let items = file
        .contacts
        .iter()
        .map(|contact| {
            let channels = dotted([contact.phone.as_str(), contact.email.as_str(), contact.wechat.as_str()]);
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
                        {dotted([contact.title.as_str(), labels::contact_role(tr, contact.role)])}
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
                        dotted([i.notes.as_str(), follow_up.as_str()]),
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

/// Hands the account to a new lead, with a reason kept in the history.
#[component]
fn Reassign(file: Rc<CustomerFile>) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let to = RwSignal::new(String::new());
    let keep = RwSignal::new(true);
    let reason = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let id = file.customer.id;
    let lead = file.customer.team.lead;
    let candidates: Vec<(String, String)> =
        file.active_users().into_iter().filter(|u| u.id != lead).map(|u| (u.id.to_string(), u.name.clone())).collect();
    let ready = move || to.with(|t| !t.is_empty()) && reason.with(|r| !r.trim().is_empty());
    let write = Write::new(move |(new_lead, keep, why): (Id, bool, String)| async move {
        alerted(app, customers::reassign(app, id, new_lead, keep, &why).await)
    });
    let submit = move |()| {
        tried.set(true);
        if !ready() {
            return;
        }
        let Ok(new_lead) = to.get_untracked().parse::<Id>() else { return };
        write.start((new_lead, keep.get_untracked(), reason.get_untracked()));
    };
    view! {
        <Unfold open class="button secondary" test_id="reassign" label=|tr| tr.customer_reassign()>
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
                <ConfirmCancel
                    class="button"
                    test_id="confirm-reassign"
                    label=|tr| tr.reassign_confirm()
                    pending=write.pending()
                    confirm=Callback::new(submit)
                    cancel=Callback::new(move |()| open.set(false))
                />
            </div>
        </Unfold>
    }
}
