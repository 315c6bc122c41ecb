//! One customer: profile, classification, contacts, account team, and a timeline of
//! interactions and orders, newest first.

use super::customers::province_name;
use crate::domain::date::Date;
use crate::domain::model::{Customer, Id, Interaction, Order, OrderStatus};
use crate::domain::money::{format_cny, format_cny_compact, format_int, Cny};
use crate::domain::region;
use crate::i18n::{Locale, Tr};
use crate::state::customers::{self, CustomerFile};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::{format, labels};
use leptos::prelude::*;

#[component]
pub fn CustomerDetail(id: Id) -> impl IntoView {
    let app = use_app();
    let file = LocalResource::new(move || {
        app.db.track();
        app.revision.track();
        customers::file(app, id)
    });
    view! {
        <section class="page" data-testid="customer-detail">
            <a class="back-link" href=Route::Customers.href() data-testid="back-to-customers">
                {move || format!("← {}", app.tr().customer_back())}
            </a>
            {move || {
                let tr = app.tr();
                match file.get() {
                    None => view! { <p class="muted" data-testid="loading">{tr.loading()}</p> }.into_any(),
                    Some(Err(error)) => view! {
                        <p class="error-text" role="alert">{tr.customers_loading_failed(error.to_string())}</p>
                    }
                    .into_any(),
                    Some(Ok(None)) => view! {
                        <p class="empty-state" data-testid="customer-not-found">{tr.customer_not_found(id)}</p>
                    }
                    .into_any(),
                    Some(Ok(Some(file))) => render_file(tr, app.locale.get(), &file).into_any(),
                }
            }}
        </section>
    }
}

fn render_file(tr: Tr, locale: Locale, file: &CustomerFile) -> impl IntoView {
    let customer = &file.customer;
    let revenue: Cny = file.orders.iter().filter(|o| counts_as_sale(o)).map(Order::revenue).sum();
    let sales = file.orders.iter().filter(|o| counts_as_sale(o)).count();
    let open_opportunities = file.opportunities.iter().filter(|o| o.stage.is_open()).count();
    view! {
        <header class="detail-header">
            <h1 data-testid="customer-company">{customer.company.clone()}</h1>
            <div class="row-tags">
                <span class=format!("tag lifecycle-{}", customer.lifecycle.as_str()) data-testid="customer-lifecycle">
                    {labels::lifecycle(tr, customer.lifecycle)}
                </span>
                <span class="tag">{labels::communication(tr, customer.communication)}</span>
            </div>
            <p class="muted" data-testid="customer-summary">
                {tr.summary_orders(format_int(sales as i64), format_cny_compact(revenue, locale.number_style()))}
                " · "
                {tr.summary_machines(format_int(file.machines.len() as i64))}
                " · "
                {tr.summary_opportunities(format_int(open_opportunities as i64))}
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
            </div>
        </div>
        <div class="card timeline-card">
            <h2>{tr.section_timeline()}</h2>
            {timeline(tr, file)}
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
    file.user(id).map_or_else(|| tr.unknown_user(id), |u| u.name.clone())
}

fn stamped(tr: Tr, file: &CustomerFile, date: Option<Date>, by: Id) -> String {
    match date {
        Some(date) => tr.record_by(format::date(tr, date), user_name(tr, file, by)),
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
        (tr.field_main_products(), c.main_products.join(locale_list_separator(locale))),
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

fn locale_list_separator(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "、",
        Locale::En => ", ",
    }
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
}

impl Entry<'_> {
    fn date(&self) -> Option<Date> {
        match self {
            Entry::Interaction(i) => i.date,
            Entry::Order(o) => o.ordered,
        }
    }
}

fn timeline(tr: Tr, file: &CustomerFile) -> impl IntoView {
    let mut entries: Vec<Entry> =
        file.interactions.iter().map(Entry::Interaction).chain(file.orders.iter().map(Entry::Order)).collect();
    // Newest first; undated entries last.
    entries.sort_by_key(|e| std::cmp::Reverse(e.date()));
    if entries.is_empty() {
        return view! { <p class="muted">{tr.timeline_none()}</p> }.into_any();
    }
    let items = entries
        .iter()
        .map(|entry| {
            let when = entry.date().map(|d| format::date(tr, d)).unwrap_or_else(|| tr.not_recorded().to_owned());
            let (kind, title, detail, note) = match entry {
                Entry::Interaction(i) => {
                    let follow_up = match (i.follow_up, i.follow_up_done) {
                        (Some(_), true) => tr.timeline_follow_up_done().to_owned(),
                        (Some(date), false) => tr.timeline_follow_up(format::date(tr, date)),
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
                    )
                }
                Entry::Order(o) => (
                    "order",
                    tr.timeline_order(&o.number),
                    tr.timeline_order_detail(
                        format_int(o.lines.len() as i64),
                        format_cny(o.revenue()),
                        labels::order_status(tr, o.status),
                    ),
                    o.claim.as_ref().map(|c| tr.timeline_claim(&c.reason)).unwrap_or_default(),
                ),
            };
            view! {
                <li class=format!("timeline-entry {kind}") data-testid=format!("timeline-{kind}")>
                    <span class="timeline-date muted">{when}</span>
                    <span class="timeline-body">
                        <strong>{title}</strong>
                        <span class="muted">{detail}</span>
                        <span>{note}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline">{items}</ol> }.into_any()
}
