//! Add or edit a machine of the installed base. Problems show under their field once it was
//! left or a save was tried; the save checks again against what is stored then (a serial taken
//! meanwhile shows as a duplicate, nothing is written). Opened from a customer's page, a new
//! machine starts with that customer chosen, and the form returns there.

use crate::domain::model::{Id, Machine, MachineStatus};
use crate::domain::parts::machine_form::{self, MachineDraft, MachineError, MachineField};
use crate::i18n::{args, Tr};
use crate::state::browser;
use crate::state::machines::{self, MachineBook};
use crate::state::route::Route;
use crate::state::use_app;
use crate::state::StoreError;
use crate::ui::fields::{enum_select, Shown};
use crate::ui::kit::{invalid, Loader, SaveFailure};
use crate::ui::labels;
use crate::ui::problems;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

type Form = Shown<MachineField, MachineError>;

fn field_name(field: MachineField) -> &'static str {
    match field {
        MachineField::Serial => "serial",
        MachineField::Model => "model",
        MachineField::Customer => "customer",
        MachineField::Delivered => "delivered",
        MachineField::Hours => "hours",
        MachineField::HoursPerMonth => "hours-per-month",
        MachineField::Status => "status",
    }
}

/// `customer`: the customer whose page opened the form for a new machine.
#[component]
pub fn MachineEdit(id: Option<Id>, #[prop(optional)] customer: Option<Id>) -> impl IntoView {
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        async move { machines::book(app).await.map(Rc::new) }
    });
    let back = customer.map_or(Route::Machines, Route::Customer);
    let back_label = move || match customer {
        Some(customer) => match loaded.get() {
            Some(Ok(book)) => book.customer_name(customer),
            _ => String::new(),
        },
        None => app.tr().machines_title().to_owned(),
    };
    view! {
        <section class="page" data-testid="machine-form">
            <a class="back-link" href=back.href() data-testid="machine-back">{move || format!("← {}", back_label())}</a>
            <h1>{move || if id.is_some() { app.tr().machine_edit_title() } else { app.tr().machine_new() }}</h1>
            // The language is read inside each branch: a language switch must not rebuild the
            // form and lose what was typed.
            <Loader resource=loaded let:book>
                {
                    let stored = id.map(|id| book.machines.iter().find(|m| m.id == id).cloned());
                    match stored {
                        Some(None) => view! { <p class="empty-state">{move || app.tr().machine_not_found()}</p> }.into_any(),
                        Some(Some(machine)) => view! { <MachineForm id book machine back /> }.into_any(),
                        None => {
                            let machine = Machine {
                                customer_id: customer.unwrap_or_default(),
                                status: MachineStatus::Active,
                                ..Machine::default()
                            };
                            view! { <MachineForm id book machine back /> }.into_any()
                        }
                    }
                }
            </Loader>
        </section>
    }
}

#[component]
fn MachineForm(id: Option<Id>, book: Rc<MachineBook>, machine: Machine, back: Route) -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(MachineDraft::of(&machine, &book.customer_name(machine.customer_id)));
    let register = StoredValue::new_local(book.register());
    let today = browser::today();
    let mut models: Vec<String> = book.machines.iter().map(|m| m.model.clone()).collect();
    models.sort();
    models.dedup();
    let problems = Memo::new(move |_| {
        draft.with(|d| register.with_value(|r| machine_form::check(d, &machine, r, today).err().unwrap_or_default()))
    });
    let form = Form::new(problems);
    // Problems the save found against the store as it was then (a serial taken meanwhile).
    let refused = RwSignal::new(Vec::<(MachineField, MachineError)>::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<StoreError>);
    let save = move || {
        form.submitted.set(true);
        if !form.problems.with_untracked(Vec::is_empty) || busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let typed = draft.get_untracked();
        spawn_local(async move {
            match machines::save(app, id, &typed).await {
                Ok(Ok(_)) => {
                    let _ = window().location().set_hash(&back.href());
                }
                Ok(Err(problems)) => {
                    refused.set(problems);
                    busy.set(false);
                }
                Err(error) => {
                    failure.set(Some(error));
                    busy.set(false);
                }
            }
        });
    };
    let text = move |field: MachineField,
                     label: fn(Tr) -> &'static str,
                     kind: &'static str,
                     hint: Option<fn(Tr) -> &'static str>,
                     get: fn(&MachineDraft) -> &String,
                     set: fn(&mut MachineDraft, String)| {
        let value = Signal::derive(move || draft.with(|d| get(d).clone()));
        let input = Callback::new(move |text: String| {
            refused.update(|r| r.retain(|(f, _)| *f != field));
            draft.update(|d| set(d, text));
        });
        view! { <TextField form refused field label kind hint value input /> }
    };
    let model_options = models.into_iter().map(|m| view! { <option value=m></option> }).collect_view();
    view! {
        <form class="customer-form" novalidate on:submit=move |event| { event.prevent_default(); save(); }>
            <fieldset class="card">
                <legend>{move || app.tr().machines_title()}</legend>
                {text(MachineField::Serial, |tr| tr.machine_col_serial(), "text", None, |d| &d.serial, |d, v| d.serial = v)}
                {text(MachineField::Model, |tr| tr.machine_col_model(), "model", None, |d| &d.model, |d, v| d.model = v)}
                <datalist id="machine-models">{model_options}</datalist>
                {text(MachineField::Customer, |tr| tr.machine_col_customer(), "text", Some(|tr| tr.machine_customer_hint()), |d| &d.customer, |d, v| d.customer = v)}
                {text(MachineField::Delivered, |tr| tr.machine_col_delivered(), "date", None, |d| &d.delivered, |d, v| d.delivered = v)}
                {text(MachineField::Hours, |tr| tr.machine_col_hours(), "number", None, |d| &d.hours, |d, v| d.hours = v)}
                {text(MachineField::HoursPerMonth, |tr| tr.machine_col_hours_per_month(), "number", Some(|tr| tr.machine_hours_hint()), |d| &d.hours_per_month, |d, v| d.hours_per_month = v)}
                {enum_select(draft, "field-status", |tr| tr.machine_col_status(), MachineStatus::ALL, labels::machine_status, |d: &MachineDraft| d.status, |d: &mut MachineDraft, s| d.status = s)}
            </fieldset>
            <SaveFailure failure />
            <Show when=move || form.submitted.get() && !(form.problems.with(Vec::is_empty) && refused.with(Vec::is_empty))>
                <p class="error-text" role="alert" data-testid="form-problems">
                    {move || app.tr().form_has_problems(args::FormHasProblems { count: form.problems.with(Vec::len).max(refused.with(Vec::len)) })}
                </p>
            </Show>
            <div class="actions sticky-actions">
                <button type="submit" class="button" data-testid="save-machine" disabled=busy>
                    {move || app.tr().form_save()}
                </button>
            </div>
        </form>
    }
}

#[component]
fn TextField(
    form: Form,
    refused: RwSignal<Vec<(MachineField, MachineError)>>,
    field: MachineField,
    label: fn(Tr) -> &'static str,
    kind: &'static str,
    hint: Option<fn(Tr) -> &'static str>,
    value: Signal<String>,
    input: Callback<String>,
) -> impl IntoView {
    let app = use_app();
    let shown = form.problem(field);
    let problem = Signal::derive(move || {
        shown.get().or_else(|| refused.with(|r| r.iter().find(|(f, _)| *f == field).map(|(_, e)| *e)))
    });
    let (input_type, mode, list) = match kind {
        "date" => ("date", None, None),
        "number" => ("text", Some("numeric"), None),
        "model" => ("text", None, Some("machine-models")),
        _ => ("text", None, None),
    };
    view! {
        <label class="field">
            <span>{move || label(app.tr())}</span>
            <input
                type=input_type
                inputmode=mode
                list=list
                data-testid=format!("field-{}", field_name(field))
                aria-invalid=invalid(problem)
                prop:value=value
                on:input=move |event| input.run(event_target_value(&event))
                on:blur=move |_| form.touch(field)
            />
            {hint.map(|hint| view! { <span class="muted small">{move || hint(app.tr())}</span> })}
            <Show when=move || problem.with(Option::is_some)>
                <span class="field-error" role="alert">
                    {move || problem.get().map(|e| problems::machine(app.tr(), e)).unwrap_or_default()}
                </span>
            </Show>
        </label>
    }
}
