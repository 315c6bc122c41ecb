//! A customer's related lists, each one tap away on its page: contacts, orders, opportunities,
//! machines and service tickets (the history is `timeline`).

use super::dotted;
use crate::domain::model::{Machine, Opportunity, Order};
use crate::domain::money::{format_cny, format_int};
use crate::domain::orders::form::Totals;
use crate::i18n::{args, Tr};
use crate::state::browser;
use crate::state::customers::CustomerFile;
use crate::state::route::Route;
use crate::ui::format::{self, margin_percent};
use crate::ui::kit::table::{columns, mark, table};
use crate::ui::labels;
use crate::ui::machines::machine_table;
use crate::ui::tickets::ticket_table;
use leptos::prelude::*;

pub(super) fn contacts(tr: Tr, file: &CustomerFile) -> AnyView {
    if file.contacts.is_empty() {
        return view! { <p class="muted" data-testid="contacts-empty">{tr.contacts_none()}</p> }.into_any();
    }
    let items = file
        .contacts
        .iter()
        .map(|contact| {
            let channels = dotted([contact.phone.as_str(), contact.email.as_str(), contact.wechat.as_str()]);
            view! {
                <li class="contact" data-testid="contact">
                    <strong>{contact.name.clone()}</strong>
                    {contact.primary.then(|| view! { <span class="tag">{tr.contact_primary()}</span> })}
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

/// The customer's orders, newest first, each opening its form.
pub(super) fn orders(tr: Tr, file: &CustomerFile) -> AnyView {
    let add = view! {
        <a class="button secondary" data-testid="add-order" href=Route::NewOrder(file.customer.id).href()>
            {tr.order_add()}
        </a>
    };
    if file.orders.is_empty() {
        return view! { {add} <p class="muted" data-testid="customer-orders-empty">{tr.customer_orders_empty()}</p> }
            .into_any();
    }
    let mut orders: Vec<&Order> = file.orders.iter().collect();
    orders.sort_by(|a, b| b.ordered.cmp(&a.ordered).then_with(|| b.number.cmp(&a.number)));
    let customer = file.customer.id;
    let c = columns::<&Order>();
    let columns = [
        c.text(tr.column_order_number(), move |o| {
            view! { <a href=Route::EditOrder(customer, o.id).href() data-testid="customer-order-link">{o.number.clone()}</a> }
        })
        .row_heading(),
        c.text(tr.column_ordered(), |o| o.ordered.map(|d| format::date(tr, d))),
        c.text(tr.column_status(), |o| labels::order_status(tr, o.status)),
        c.number(tr.order_total_revenue(), |o| format_cny(o.revenue())),
        c.number(tr.order_total_margin(), |o| margin_percent(Totals::of(o.revenue(), o.cost()).margin_percent)),
    ];
    let list = table("", None, &columns, orders, |o| mark("customer-order").record("data-id", o.id.to_string()));
    view! { {add} {list} }.into_any()
}

/// The customer's opportunities, open ones first, each opening its page.
pub(super) fn opportunities(tr: Tr, file: &CustomerFile) -> AnyView {
    if file.opportunities.is_empty() {
        return view! { <p class="muted" data-testid="customer-opportunities-empty">{tr.customer_opportunities_empty()}</p> }
            .into_any();
    }
    let mut deals: Vec<&Opportunity> = file.opportunities.iter().collect();
    deals.sort_by(|a, b| {
        b.stage.is_open().cmp(&a.stage.is_open()).then_with(|| b.expected_close.cmp(&a.expected_close))
    });
    let c = columns::<&Opportunity>();
    let columns = [
        c.text(tr.field_opportunity_title(), |o| {
            view! { <a href=Route::Opportunity(o.id).href() data-testid="customer-opportunity-link">{o.title.clone()}</a> }
        })
        .row_heading(),
        c.text(tr.field_stage(), |o| labels::funnel_stage(tr, o.stage)),
        c.number(tr.customer_opportunity_value(), |o| format_cny(o.value)),
        c.text(tr.field_expected_close(), |o| o.expected_close.map(|d| format::date(tr, d))),
    ];
    table("", None, &columns, deals, |o| mark("customer-opportunity").record("data-id", o.id.to_string()))
}

/// The customer's installed base, newest delivery first (undated last), each opening its form.
pub(super) fn machines(tr: Tr, file: &CustomerFile) -> AnyView {
    let mut machines: Vec<&Machine> = file.machines.iter().collect();
    machines.sort_by(|a, b| b.delivered.cmp(&a.delivered).then_with(|| a.serial.cmp(&b.serial)));
    let list = if machines.is_empty() {
        view! { <p class="muted" data-testid="customer-machines-empty">{tr.customer_machines_empty()}</p> }.into_any()
    } else {
        machine_table(tr, "", None, "customer-machine", machines, None)
    };
    view! {
        <div data-testid="customer-machines">
            <div class="title-row">
                <h2 data-testid="customer-machines-title">
                    {tr.customer_machines_title(args::CustomerMachinesTitle { count: format_int(file.machines.len() as i64) })}
                </h2>
                <a class="button secondary" data-testid="customer-add-machine" href=Route::NewCustomerMachine(file.customer.id).href()>
                    {tr.machines_add()}
                </a>
            </div>
            {list}
        </div>
    }
    .into_any()
}

/// The customer's service tickets, newest first, each opening its page.
pub(super) fn tickets(tr: Tr, file: &CustomerFile) -> AnyView {
    let list = if file.tickets.is_empty() {
        view! { <p class="muted" data-testid="customer-tickets-empty">{tr.customer_tickets_empty()}</p> }.into_any()
    } else {
        ticket_table(tr, &file.tickets, &file.service, browser::now_ms(), "customer-ticket")
    };
    view! {
        <div data-testid="customer-tickets">
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
    .into_any()
}
