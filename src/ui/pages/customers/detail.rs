//! One customer: profile, classification, account team and value card on top, then its related
//! lists behind tabs with their counts — the history (filtered and paged), contacts, orders,
//! opportunities, machines, service tickets — one shown at a time, the tab in the route so a
//! reload or Back keeps it.

use super::conflicts::FileConflicts;
use super::duplicates::PossibleDuplicates;
use super::log_interaction::LogInteraction;
use super::related;
use super::timeline::{self, TimelineView};
use super::value_card::ValueCard;
use super::{alerted, ConfirmCancel, Unfold};
use crate::domain::date::Date;
use crate::domain::model::{CustomField, Id, MachineStatus, Order, OrderStatus};
use crate::domain::money::{format_cny_compact, format_int, Cny};
use crate::domain::region;
use crate::i18n::{args, Locale, Tr};
use crate::state::customers::{self, CustomerFile};
use crate::state::route::{Related, Route};
use crate::state::use_app;
use crate::ui::format;
use crate::ui::kit::{RecordLoader, Write};
use crate::ui::labels;
use crate::ui::labels::province_name;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn CustomerDetail(id: Id) -> impl IntoView {
    let app = use_app();
    let file = app.watch(move || customers::file(app, id));
    let tab = Memo::new(move |_| match app.route.get() {
        Route::CustomerTab(_, tab) => tab,
        _ => Related::default(),
    });
    let history = TimelineView::new();
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
                    move || file.with_value(|file| render_file(app.tr(), app.locale.get(), file, tab, history))
                }
            </RecordLoader>
            <PossibleDuplicates id />
        </section>
    }
}

fn render_file(
    tr: Tr,
    locale: Locale,
    file: &Rc<CustomerFile>,
    tab: Memo<Related>,
    history: TimelineView,
) -> impl IntoView {
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
                <h2>{tr.section_team()}</h2>
                {team(tr, file)}
                <Reassign file=file.clone() />
            </div>
            <ValueCard id=customer.id />
        </div>
        {related_lists(tr, locale, file, tab, history)}
    }
}

/// How many records the related list `tab` holds.
fn count(file: &CustomerFile, tab: Related) -> usize {
    match tab {
        Related::Contacts => file.contacts.len(),
        Related::Orders => file.orders.len(),
        Related::Opportunities => file.opportunities.len(),
        Related::Machines => file.machines.len(),
        Related::Tickets => file.tickets.len(),
        Related::History => timeline::count(file),
    }
}

fn tab_label(tr: Tr, tab: Related) -> &'static str {
    match tab {
        Related::Contacts => tr.section_contacts(),
        Related::Orders => tr.related_orders(),
        Related::Opportunities => tr.related_opportunities(),
        Related::Machines => tr.related_machines(),
        Related::Tickets => tr.related_tickets(),
        Related::History => tr.section_timeline(),
    }
}

/// The tabs with their counts, and the list of the chosen one.
fn related_lists(
    tr: Tr,
    locale: Locale,
    file: &Rc<CustomerFile>,
    tab: Memo<Related>,
    history: TimelineView,
) -> impl IntoView {
    let id = file.customer.id;
    let tabs = Related::ALL
        .into_iter()
        .map(|related| {
            view! {
                <a
                    class="tab"
                    role="tab"
                    href=Route::CustomerTab(id, related).href()
                    aria-selected=move || (tab.get() == related).to_string()
                    data-testid=format!("related-tab-{}", related.as_str())
                >
                    {tab_label(tr, related)}
                    " "
                    <span class="tab-count" data-testid="related-count">{format_int(count(file, related) as i64)}</span>
                </a>
            }
        })
        .collect_view();
    // Local: the file is not `Send`.
    let file = StoredValue::new_local(file.clone());
    let panel = move || {
        file.with_value(|file| match tab.get() {
            Related::History => view! {
                <div class="title-row">
                    <h2>{tr.section_timeline()}</h2>
                    <a class="button secondary" data-testid="add-order" href=Route::NewOrder(id).href()>
                        {tr.order_add()}
                    </a>
                </div>
                <LogInteraction file=file.clone() />
                {timeline::timeline(tr, locale, file, history)}
            }
            .into_any(),
            Related::Contacts => related::contacts(tr, file),
            Related::Orders => related::orders(tr, file),
            Related::Opportunities => related::opportunities(tr, file),
            Related::Machines => related::machines(tr, file),
            Related::Tickets => related::tickets(tr, file),
        })
    };
    view! {
        <nav class="tabs related-tabs" role="tablist" data-testid="related-tabs">{tabs}</nav>
        <div class="card related-panel" role="tabpanel" data-testid=move || format!("related-{}", tab.get().as_str())>
            {panel}
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
