//! The work on a ticket, each step applied to the ticket as stored now: moves through the status
//! flow (start, hold with its reason, resume, resolve, reopen), engineers joining, site visits
//! and the hour-meter reading. Each form shows its problems at its inputs; a move another person
//! made meanwhile shows as a problem with the step, nothing written.

use super::{problem_at, status_problems};
use crate::domain::date::Date;
use crate::domain::model::{Id, ServiceTicket};
use crate::domain::service::calendar::local_time;
use crate::domain::service::record::{HoldReason, TicketStatus, Visit, VisitResult};
use crate::domain::service::ticket::{can_move, Move, TicketField, TicketProblem};
use crate::i18n::Tr;
use crate::state::service::{self, ServiceBook};
use crate::state::{browser, use_app, AppState};
use crate::ui::fields::SelectField;
use crate::ui::kit::{SaveFailure, TextInput, TextKind, Write};
use crate::ui::labels;
use crate::usecases::service::Action;
use leptos::prelude::*;
use std::rc::Rc;

/// A write of one action on ticket `id`: its problems go to `problems`, and `done` runs once it
/// is stored.
pub(super) fn acting(
    app: AppState,
    id: Id,
    problems: RwSignal<Vec<TicketProblem>>,
    done: impl Fn() + Copy + 'static,
) -> Write<Action> {
    Write::new(move |action: Action| async move {
        match service::act(app, id, &action).await? {
            Ok(_) => {
                problems.set(Vec::new());
                done();
            }
            Err(found) => problems.set(found),
        }
        Ok(())
    })
}

/// The engineers a select offers, the service staff first: (id, name).
fn engineer_options(book: &ServiceBook) -> Vec<(String, String)> {
    book.engineers().into_iter().map(|u| (u.id.to_string(), u.name.clone())).collect()
}

/// Hours worked as typed (`1.5`, `1,5`, `２`) in whole minutes; 0 when not a number, which the
/// visit's check refuses at its input.
fn worked_minutes(text: &str) -> u32 {
    let typed = crate::domain::fields::half_width_number(text, &['h', '小', '时']).replace(',', ".");
    typed.parse::<f64>().ok().filter(|h| h.is_finite() && *h > 0.0).map_or(0, |h| (h * 60.0).round().min(1e6) as u32)
}

/// The status buttons the ticket's status allows, and the hold with its reason.
#[component]
pub(super) fn Steps(id: Id, ticket: Signal<Option<ServiceTicket>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let problems = RwSignal::new(Vec::<TicketProblem>::new());
    let act = acting(app, id, problems, || {});
    let hold = RwSignal::new(HoldReason::Parts);
    let status = move || ticket.with(|t| t.as_ref().map(|t| t.status));
    let allowed = move |to: TicketStatus| status().is_some_and(|from| can_move(from, to));
    let button = move |test_id: &'static str, to: TicketStatus, label: fn(Tr) -> &'static str, step: fn() -> Move| {
        view! {
            <Show when=move || allowed(to)>
                <button type="button" class="button" data-testid=test_id disabled=move || act.pending().get()
                    on:click=move |_| act.start(Action::Step(step()))>
                    {move || label(app.tr())}
                </button>
            </Show>
        }
    };
    let start_label = move || match status() {
        Some(TicketStatus::OnHold) => app.tr().ticket_resume(),
        Some(TicketStatus::Reopened) => app.tr().ticket_work_again(),
        _ => app.tr().ticket_start(),
    };
    view! {
        <div class="actions ticket-steps" data-testid="ticket-steps">
            <Show when=move || allowed(TicketStatus::InProgress)>
                <button type="button" class="button" data-testid="ticket-start" disabled=move || act.pending().get()
                    on:click=move |_| act.start(Action::Step(Move::Start))>
                    {start_label}
                </button>
            </Show>
            <Show when=move || allowed(TicketStatus::OnHold)>
                <span class="hold">
                    <SelectField
                        test_id="hold-reason"
                        label=|t| t.ticket_hold_reason()
                        options=Signal::derive(move || {
                            let tr = app.tr();
                            HoldReason::ALL.iter().map(|r| (r.as_str().to_owned(), labels::hold_reason(tr, *r).to_owned())).collect()
                        })
                        current=Signal::derive(move || hold.get().as_str().to_owned())
                        pick=Callback::new(move |value: String| hold.set(HoldReason::parse(&value).unwrap_or_default()))
                        empty=None
                    />
                    <button type="button" class="button secondary" data-testid="ticket-hold" disabled=move || act.pending().get()
                        on:click=move |_| act.start(Action::Step(Move::Hold(hold.get_untracked())))>
                        {move || app.tr().ticket_hold()}
                    </button>
                </span>
            </Show>
            {button("ticket-resolve", TicketStatus::Resolved, |t| t.ticket_resolve(), || Move::Resolve)}
            {button("ticket-reopen", TicketStatus::Reopened, |t| t.ticket_reopen(), || Move::Reopen)}
        </div>
        {move || {
            let tr = app.tr();
            status_problems(tr, &problems.get())
                .into_iter()
                .map(|text| view! { <p class="error-text" role="alert" data-testid="step-problem">{text}</p> })
                .collect_view()
        }}
        <SaveFailure failure=act.failure() />
    }
}

/// An engineer joining the ticket.
#[component]
pub(super) fn Assign(id: Id, book: Signal<Rc<ServiceBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let problems = RwSignal::new(Vec::<TicketProblem>::new());
    let chosen = RwSignal::new(String::new());
    let act = acting(app, id, problems, move || chosen.set(String::new()));
    view! {
        <div class="inline-form" data-testid="assign">
            <SelectField
                test_id="assign-engineer"
                label=|t| t.ticket_assign_engineer()
                options=Signal::derive(move || book.with(|b| engineer_options(b)))
                current=chosen.into()
                pick=Callback::new(move |value: String| chosen.set(value))
                empty=Some(|t| t.ticket_choose_engineer())
            />
            <button type="button" class="button secondary" data-testid="assign-save" disabled=move || act.pending().get()
                on:click=move |_| act.start(Action::Assign(chosen.get_untracked().parse().unwrap_or(0)))>
                {move || app.tr().ticket_assign()}
            </button>
            {move || problem_at(app.tr(), &problems.get(), TicketField::Assignee)
                .or_else(|| status_problems(app.tr(), &problems.get()).into_iter().next())
                .map(|text| view! { <p class="error-text" data-testid="error-assignee">{text}</p> })}
            <SaveFailure failure=act.failure() />
        </div>
    }
}

/// A visit as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct VisitDraft {
    date: String,
    engineer: String,
    hours: String,
    result: VisitResult,
    fault: String,
}

/// Logging a site visit: the date (today at the desk), the engineer (the user, when one), the
/// hours worked, how it left the machine and the fault worked on (the ticket's summary to start
/// with: visits for the same fault are counted together).
#[component]
pub(super) fn VisitForm(id: Id, summary: String, book: Signal<Rc<ServiceBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    // The desk's day: China's, as the ticket's opening and its SLA clock are.
    let today = local_time(browser::now_ms()).0;
    let start = move || VisitDraft {
        date: today.to_string(),
        engineer: app.current_user.get_untracked().map(|u| u.to_string()).unwrap_or_default(),
        hours: String::new(),
        result: VisitResult::Fixed,
        fault: summary.clone(),
    };
    let draft = RwSignal::new(start());
    let problems = RwSignal::new(Vec::<TicketProblem>::new());
    let act = acting(app, id, problems, move || draft.update(|d| d.hours = String::new()));
    let error = move |field| Signal::derive(move || problem_at(app.tr(), &problems.get(), field));
    let text = move |field: TicketField,
                     test_id: &'static str,
                     label: fn(Tr) -> &'static str,
                     kind: TextKind,
                     get: fn(&VisitDraft) -> &String,
                     set: fn(&mut VisitDraft, String)| {
        view! {
            <TextInput
                test_id
                label
                kind
                value=Signal::derive(move || draft.with(|d| get(d).clone()))
                input=Callback::new(move |text: String| draft.update(|d| set(d, text)))
                error=error(field)
            />
        }
    };
    let submit = move || {
        let typed = draft.get_untracked();
        act.start(Action::Visit(Visit {
            date: Date::parse(typed.date.trim()).ok(),
            engineer: typed.engineer.parse().unwrap_or(0),
            worked_minutes: worked_minutes(&typed.hours),
            result: typed.result,
            fault: typed.fault.clone(),
        }));
    };
    view! {
        <form class="visit-form" novalidate data-testid="visit-form" on:submit=move |event| { event.prevent_default(); submit(); }>
            <div class="form-grid">
                {text(TicketField::VisitDate, "visit-date", |t| t.visit_date(), TextKind::Date, |d| &d.date, |d, v| d.date = v)}
                <SelectField
                    test_id="visit-engineer"
                    label=|t| t.visit_engineer()
                    options=Signal::derive(move || book.with(|b| engineer_options(b)))
                    current=Signal::derive(move || draft.with(|d| d.engineer.clone()))
                    pick=Callback::new(move |value: String| draft.update(|d| d.engineer = value))
                    empty=Some(|t| t.ticket_choose_engineer())
                />
                {text(TicketField::VisitHours, "visit-hours", |t| t.visit_hours(), TextKind::Decimal, |d| &d.hours, |d, v| d.hours = v)}
                {crate::ui::fields::enum_select(draft, "visit-result", |t| t.visit_result(), VisitResult::ALL, labels::visit_result, |d: &VisitDraft| d.result, |d: &mut VisitDraft, r| d.result = r)}
            </div>
            {move || error(TicketField::VisitEngineer).get().map(|text| view! { <p class="error-text" data-testid="error-visit-engineer">{text}</p> })}
            {text(TicketField::VisitFault, "visit-fault", |t| t.visit_fault(), TextKind::Text, |d| &d.fault, |d, v| d.fault = v)}
            {move || status_problems(app.tr(), &problems.get()).into_iter().map(|text| view! { <p class="error-text" role="alert">{text}</p> }).collect_view()}
            <SaveFailure failure=act.failure() />
            <div class="actions">
                <button type="submit" class="button" data-testid="visit-save" disabled=move || act.pending().get()>
                    {move || app.tr().visit_save()}
                </button>
            </div>
        </form>
    }
}

/// The hour meter read on the ticket's machine.
#[component]
pub(super) fn MeterForm(id: Id) -> impl IntoView {
    let app = use_app();
    let typed = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<TicketProblem>::new());
    let act = acting(app, id, problems, move || typed.set(String::new()));
    let error = Signal::derive(move || {
        let tr = app.tr();
        let found = problems.get();
        problem_at(tr, &found, TicketField::Meter)
            .or_else(|| problem_at(tr, &found, TicketField::Machine))
            .or_else(|| status_problems(tr, &found).into_iter().next())
    });
    view! {
        <form class="inline-form" novalidate data-testid="meter-form"
            on:submit=move |event| { event.prevent_default(); act.start(Action::Meter(typed.get_untracked())); }>
            <TextInput
                test_id="meter-reading"
                label=|t| t.ticket_meter()
                kind=TextKind::Whole
                value=typed
                input=Callback::new(move |text: String| typed.set(text))
                error
            />
            <button type="submit" class="button secondary" data-testid="meter-save" disabled=move || act.pending().get()>
                {move || app.tr().ticket_meter_save()}
            </button>
            <SaveFailure failure=act.failure() />
        </form>
    }
}
