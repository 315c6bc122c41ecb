//! The complaint section of a ticket's details form, shown while its kind is complaint: what it is
//! about (an order, a part or another ticket, offered only from the customer's own records), its
//! root cause and who answers for it. Saved with the details; a subject that is not the
//! customer's shows its problem under its picker.

use super::problem_at;
use crate::domain::model::{Id, ServiceTicket};
use crate::domain::service::form::Details;
use crate::domain::service::record::{RootCause, TicketKind};
use crate::domain::service::ticket::{TicketField, TicketProblem};
use crate::i18n::{Locale, Tr};
use crate::state::service::{self, ComplaintChoices, ServiceBook};
use crate::state::use_app;
use crate::ui::format;
use crate::ui::kit::FieldError;
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

/// A picker of one optional id: `options` as (id, words), "not set" first.
#[allow(clippy::too_many_arguments)]
fn picker(
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    options: Vec<(Id, String)>,
    draft: RwSignal<Details>,
    get: fn(&Details) -> Option<Id>,
    set: fn(&mut Details, Option<Id>),
    error: Signal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let items = options
        .into_iter()
        .map(|(id, words)| {
            view! { <option value=id.to_string() prop:selected=move || draft.with(|d| get(d) == Some(id))>{words}</option> }
        })
        .collect_view();
    view! {
        <label class="field">
            <span>{move || label(app.tr())}</span>
            <select
                data-testid=test_id
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                on:change=move |event| {
                    let id = event_target_value(&event).parse::<Id>().ok();
                    draft.update(|d| set(d, id));
                }
            >
                <option value="" prop:selected=move || draft.with(|d| get(d).is_none())>{move || app.tr().not_set()}</option>
                {items}
            </select>
            <FieldError error />
        </label>
    }
}

fn ticket_words(ticket: &ServiceTicket) -> String {
    format!("{} · {}", ticket.reference(), ticket.summary)
}

/// The pickers over `choices` for ticket `id`.
fn fields(
    tr: Tr,
    locale: Locale,
    id: Id,
    choices: &ComplaintChoices,
    book: &ServiceBook,
    draft: RwSignal<Details>,
    error: impl Fn(TicketField) -> Signal<Option<String>>,
) -> impl IntoView {
    let orders = choices
        .orders
        .iter()
        .map(|o| {
            let date = o.ordered.map(|d| format::date(tr, d)).unwrap_or_default();
            (o.id, format!("{} · {date}", o.number))
        })
        .collect();
    let parts = choices
        .parts
        .iter()
        .map(|p| {
            let name = if locale == Locale::ZhCn { &p.name_zh } else { &p.name_en };
            (p.id, format!("{} · {name}", p.number))
        })
        .collect();
    let tickets = choices.tickets.iter().filter(|t| t.id != id).map(|t| (t.id, ticket_words(t))).collect();
    let causes: Vec<(Id, String)> =
        RootCause::ALL.iter().enumerate().map(|(i, c)| (i as Id, labels::root_cause(tr, *c).to_owned())).collect();
    let mut people: Vec<(Id, String)> =
        book.users.iter().filter(|u| u.active).map(|u| (u.id, u.name.clone())).collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    view! {
        <fieldset class="complaint" data-testid="complaint-section">
            <legend>{tr.complaint_section()}</legend>
            <p class="muted">{tr.complaint_hint()}</p>
            <div class="form-grid">
                {picker("complaint-order", |t| t.complaint_about_order(), orders, draft, |d| d.about_order, |d, v| d.about_order = v, error(TicketField::AboutOrder))}
                {picker("complaint-part", |t| t.complaint_about_part(), parts, draft, |d| d.about_part, |d, v| d.about_part = v, error(TicketField::AboutPart))}
                {picker("complaint-ticket", |t| t.complaint_about_ticket(), tickets, draft, |d| d.about_ticket, |d, v| d.about_ticket = v, error(TicketField::AboutTicket))}
                {picker(
                    "complaint-cause",
                    |t| t.complaint_root_cause(),
                    causes,
                    draft,
                    |d| d.root_cause.and_then(|c| RootCause::ALL.iter().position(|x| *x == c)).map(|i| i as Id),
                    |d, v| d.root_cause = v.and_then(|i| RootCause::ALL.get(i as usize).copied()),
                    Signal::derive(|| None),
                )}
                {picker("complaint-owner", |t| t.complaint_owner(), people, draft, |d| d.complaint_owner, |d, v| d.complaint_owner = v, error(TicketField::ComplaintOwner))}
            </div>
        </fieldset>
    }
}

/// The complaint section while the draft's kind is complaint; its choices are read again on
/// every write.
#[component]
pub fn ComplaintSection(
    id: Id,
    customer: Id,
    draft: RwSignal<Details>,
    book: Signal<Rc<ServiceBook>, LocalStorage>,
    problems: RwSignal<Vec<TicketProblem>>,
    submitted: RwSignal<bool>,
) -> impl IntoView {
    let app = use_app();
    let choices = app.watch(move || service::complaint_choices(app, customer));
    let error = move |field: TicketField| {
        Signal::derive(move || submitted.get().then(|| problem_at(app.tr(), &problems.get(), field)).flatten())
    };
    let complaint = move || draft.with(|d| d.kind == TicketKind::Complaint);
    view! {
        <Show when=complaint>
            {move || {
                let Some(Ok(choices)) = choices.get() else { return None };
                Some(fields(app.tr(), app.locale.get(), id, &choices, &book.get(), draft, error))
            }}
        </Show>
    }
}
