//! Taking a call: who is calling (a customer by name, with a list to pick from), which machine,
//! what kind of job, how urgent, what is wrong, and the hour meter if the customer reads it out.
//! Whoever saves it owns the ticket to the end (首问负责制). Problems show at their input once it
//! was left or a save was tried; the save checks again against what is stored then (a machine
//! deleted meanwhile is refused at its input, nothing written). Opened from a customer's page the
//! form starts with that customer and returns there on cancel.

use super::problem_at;
use crate::domain::model::Id;
use crate::domain::service::form::NewTicket;
use crate::domain::service::record::{Priority, TicketKind};
use crate::domain::service::ticket::{TicketError, TicketField, TicketProblem};
use crate::i18n::Tr;
use crate::state::route::Route;
use crate::state::service::{self, ServiceBook};
use crate::state::{browser, use_app};
use crate::ui::fields::{enum_select, SelectField};
use crate::ui::kit::{FormFooter, Loader, TextInput, TextKind, Write};
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

/// The call as typed: the customer by name until it names a stored one.
#[derive(Clone, Debug, Default, PartialEq)]
struct CallDraft {
    customer: String,
    machine: Option<Id>,
    kind: TicketKind,
    priority: Priority,
    summary: String,
    complaint: String,
    meter: String,
}

impl CallDraft {
    /// The call with the customer named by `book`, or 0 when no stored customer has the name.
    fn call(&self, book: &ServiceBook) -> NewTicket {
        let customer_id = book.customer_named(self.customer.trim()).unwrap_or(0);
        NewTicket {
            customer_id,
            machine_id: self.machine,
            kind: self.kind,
            priority: self.priority,
            summary: self.summary.clone(),
            complaint: self.complaint.clone(),
            meter: self.meter.clone(),
            interval: String::new(),
        }
    }
}

/// `customer`: the customer whose page opened the form.
#[component]
pub fn TicketCall(#[prop(optional)] customer: Option<Id>) -> impl IntoView {
    let app = use_app();
    let book = LocalResource::new(move || {
        app.track_workspace();
        async move { service::book(app).await.map(Rc::new) }
    });
    let back = customer.map_or(Route::Service, Route::Customer);
    view! {
        <section class="page" data-testid="ticket-call">
            <a class="back-link" href=back.href() data-testid="call-back">{move || format!("← {}", app.tr().form_back())}</a>
            <h1>{move || app.tr().ticket_new()}</h1>
            <p class="subtitle">{move || app.tr().ticket_call_hint()}</p>
            <Loader resource=book let:book>
                <CallForm book customer />
            </Loader>
        </section>
    }
}

#[component]
fn CallForm(book: Rc<ServiceBook>, customer: Option<Id>) -> impl IntoView {
    let app = use_app();
    let book = StoredValue::new_local(book);
    let start = CallDraft {
        customer: customer.map(|id| book.with_value(|b| b.customer_name(id))).unwrap_or_default(),
        priority: Priority::Normal,
        ..CallDraft::default()
    };
    let draft = RwSignal::new(start);
    let submitted = RwSignal::new(false);
    let touched = RwSignal::new(Vec::<TicketField>::new());
    // Problems the save found against the store as it was then.
    let refused = RwSignal::new(Vec::<TicketProblem>::new());
    let problems = Memo::new(move |_| {
        let typed = draft.get();
        book.with_value(|b| {
            let call = typed.call(b);
            let machine = call.machine_id.and_then(|id| b.machines.get(&id));
            let exists = call.customer_id != 0;
            let mut problems = call.check(exists, machine, 1, browser::now_ms()).err().unwrap_or_default();
            // A name typed that no customer has is a wrong name, not a missing one.
            if !exists && !typed.customer.trim().is_empty() {
                for problem in problems.iter_mut().filter(|(f, _)| *f == TicketField::Customer) {
                    problem.1 = TicketError::UnknownCustomer;
                }
            }
            problems
        })
    });
    let error = move |field: TicketField| {
        Signal::derive(move || {
            let shown = submitted.get() || touched.with(|t| t.contains(&field));
            let tr = app.tr();
            problem_at(tr, &refused.get(), field)
                .or_else(|| shown.then(|| problem_at(tr, &problems.get(), field)).flatten())
        })
    };
    let write = Write::new(move |call: NewTicket| async move {
        match service::open(app, &call).await? {
            Ok(ticket) => app.go(Route::Ticket(ticket.id)),
            Err(problems) => refused.set(problems),
        }
        Ok(())
    });
    let save = move || {
        submitted.set(true);
        if problems.with_untracked(Vec::is_empty) {
            write.start(book.with_value(|b| draft.get_untracked().call(b)));
        }
    };
    let text = move |field: TicketField,
                     test_id: &'static str,
                     label: fn(Tr) -> &'static str,
                     kind: TextKind,
                     get: fn(&CallDraft) -> &String,
                     set: fn(&mut CallDraft, String)| {
        let list = (field == TicketField::Customer).then_some("call-customers");
        view! {
            <TextInput
                test_id
                label
                kind
                list
                value=Signal::derive(move || draft.with(|d| get(d).clone()))
                input=Callback::new(move |text: String| {
                    refused.update(|r| r.retain(|(f, _)| *f != field));
                    draft.update(|d| set(d, text));
                })
                error=error(field)
                leave=Callback::new(move |()| touched.update(|t| t.push(field)))
            />
        }
    };
    let customer_options = book.with_value(|b| {
        b.customers_by_name()
            .into_iter()
            .map(|(_, name)| view! { <option value=name.to_owned()></option> })
            .collect_view()
    });
    let machine_options = Signal::derive(move || {
        let named = draft.with(|d| d.customer.trim().to_owned());
        book.with_value(|b| {
            let id = b.customer_named(&named).unwrap_or(0);
            b.machines_of(id).into_iter().map(|m| (m.id.to_string(), format!("{} · {}", m.serial, m.model))).collect()
        })
    });
    view! {
        <form class="customer-form" novalidate on:submit=move |event| { event.prevent_default(); save(); }>
            <fieldset class="card">
                <legend>{move || app.tr().ticket_call_who()}</legend>
                {text(TicketField::Customer, "field-customer", |t| t.ticket_col_customer(), TextKind::Text, |d| &d.customer, |d, v| { d.customer = v; d.machine = None; })}
                <datalist id="call-customers">{customer_options}</datalist>
                <SelectField
                    test_id="field-machine"
                    label=|t| t.ticket_machine()
                    options=machine_options
                    current=Signal::derive(move || draft.with(|d| d.machine.map(|m| m.to_string()).unwrap_or_default()))
                    pick=Callback::new(move |value: String| {
                        refused.update(|r| r.retain(|(f, _)| *f != TicketField::Machine));
                        draft.update(|d| d.machine = value.parse().ok());
                    })
                    empty=Some(|t| t.ticket_no_machine())
                />
                {move || error(TicketField::Machine).get().map(|text| view! { <p class="error-text" data-testid="error-machine">{text}</p> })}
                {text(TicketField::Meter, "field-meter", |t| t.ticket_meter(), TextKind::Whole, |d| &d.meter, |d, v| d.meter = v)}
            </fieldset>
            <fieldset class="card">
                <legend>{move || app.tr().ticket_call_what()}</legend>
                {enum_select(draft, "field-kind", |t| t.ticket_kind(), TicketKind::ALL, labels::ticket_kind, |d: &CallDraft| d.kind, |d: &mut CallDraft, k| d.kind = k)}
                {enum_select(draft, "field-priority", |t| t.ticket_col_priority(), Priority::ALL, labels::priority, |d: &CallDraft| d.priority, |d: &mut CallDraft, p| d.priority = p)}
                {text(TicketField::Summary, "field-summary", |t| t.ticket_col_summary(), TextKind::Text, |d| &d.summary, |d, v| d.summary = v)}
                {text(TicketField::Complaint, "field-complaint", |t| t.ticket_complaint(), TextKind::Long, |d| &d.complaint, |d, v| d.complaint = v)}
            </fieldset>
            <FormFooter
                save_id="save-ticket"
                problems=Signal::derive(move || problems.with(Vec::len).max(refused.with(Vec::len)))
                submitted=submitted
                pending=write.pending()
                failure=write.failure()
            />
        </form>
    }
}
