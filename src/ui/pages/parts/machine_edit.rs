//! Add or edit a machine of the installed base. Problems show under their field once it was
//! left or a save was tried; the save checks again against what is stored then (a serial taken
//! meanwhile shows as a duplicate, nothing is written). Opened from a customer's page, a new
//! machine starts with that customer chosen, and the form returns there.

use crate::domain::model::{Id, Machine, MachineStatus};
use crate::domain::parts::machine_form::{self, MachineDraft, MachineError, MachineField};
use crate::i18n::Tr;
use crate::state::browser;
use crate::state::machines::{self, MachineBook};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::fields::{enum_select, Shown};
use crate::ui::kit::{FormFooter, RecordLoader, TextInput, TextKind, Write};
use crate::ui::labels;
use crate::ui::problems;
use leptos::prelude::*;
use std::rc::Rc;

type Form = Shown<MachineField, MachineError>;

/// `customer`: the customer whose page opened the form for a new machine.
#[component]
pub fn MachineEdit(id: Option<Id>, #[prop(optional)] customer: Option<Id>) -> impl IntoView {
    let app = use_app();
    // The machine to edit (a new one for `id: None`) with the fleet its form checks against.
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        async move {
            let book = Rc::new(machines::book(app).await?);
            let machine = match id {
                Some(id) => book.machines.iter().find(|m| m.id == id).cloned(),
                None => Some(Machine {
                    customer_id: customer.unwrap_or_default(),
                    status: MachineStatus::Active,
                    ..Machine::default()
                }),
            };
            Ok(machine.map(|machine| (book, machine)))
        }
    });
    let back = customer.map_or(Route::Machines, Route::Customer);
    let back_label = move || match customer {
        Some(customer) => match loaded.get() {
            Some(Ok(Some((book, _)))) => book.customer_name(customer),
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
            <RecordLoader
                resource=loaded
                missing=Signal::derive(move || app.tr().machine_not_found().to_owned())
                let:((book, machine))
            >
                <MachineForm id book machine back />
            </RecordLoader>
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
    let write = Write::new(move |typed: MachineDraft| async move {
        match machines::save(app, id, &typed).await? {
            Ok(_) => app.go(back),
            Err(problems) => refused.set(problems),
        }
        Ok(())
    });
    let save = move || {
        form.submitted.set(true);
        if form.problems.with_untracked(Vec::is_empty) {
            write.start(draft.get_untracked());
        }
    };
    let problem = move |field: MachineField| {
        let shown = form.problem(field);
        Signal::derive(move || {
            let problem =
                shown.get().or_else(|| refused.with(|r| r.iter().find(|(f, _)| *f == field).map(|(_, e)| *e)));
            problem.map(|e| problems::machine(app.tr(), e))
        })
    };
    let text = move |field: MachineField,
                     label: fn(Tr) -> &'static str,
                     kind: TextKind,
                     note: Option<fn(Tr) -> &'static str>,
                     get: fn(&MachineDraft) -> &String,
                     set: fn(&mut MachineDraft, String)| {
        let value = Signal::derive(move || draft.with(|d| get(d).clone()));
        let input = Callback::new(move |text: String| {
            refused.update(|r| r.retain(|(f, _)| *f != field));
            draft.update(|d| set(d, text));
        });
        let list = (field == MachineField::Model).then_some("machine-models");
        view! {
            <TextInput
                test_id=format!("field-{}", field.as_str().replace('_', "-"))
                label
                kind
                note
                list
                value
                input
                error=problem(field)
                leave=Callback::new(move |()| form.touch(field))
            />
        }
    };
    let model_options = models.into_iter().map(|m| view! { <option value=m></option> }).collect_view();
    view! {
        <form class="customer-form" novalidate on:submit=move |event| { event.prevent_default(); save(); }>
            <fieldset class="card">
                <legend>{move || app.tr().machines_title()}</legend>
                {text(MachineField::Serial, |tr| tr.machine_col_serial(), TextKind::Text, None, |d| &d.serial, |d, v| d.serial = v)}
                {text(MachineField::Model, |tr| tr.machine_col_model(), TextKind::Text, None, |d| &d.model, |d, v| d.model = v)}
                <datalist id="machine-models">{model_options}</datalist>
                {text(MachineField::Customer, |tr| tr.machine_col_customer(), TextKind::Text, Some(|tr| tr.machine_customer_hint()), |d| &d.customer, |d, v| d.customer = v)}
                {text(MachineField::Delivered, |tr| tr.machine_col_delivered(), TextKind::Date, None, |d| &d.delivered, |d, v| d.delivered = v)}
                {text(MachineField::Hours, |tr| tr.machine_col_hours(), TextKind::Whole, None, |d| &d.hours, |d, v| d.hours = v)}
                {text(MachineField::HoursPerMonth, |tr| tr.machine_col_hours_per_month(), TextKind::Whole, Some(|tr| tr.machine_hours_hint()), |d| &d.hours_per_month, |d, v| d.hours_per_month = v)}
                {enum_select(draft, "field-status", |tr| tr.machine_col_status(), MachineStatus::ALL, labels::machine_status, |d: &MachineDraft| d.status, |d: &mut MachineDraft, s| d.status = s)}
            </fieldset>
            // A machine's save needs no current user.
            <FormFooter
                save_id="save-machine"
                anyone=true
                problems=Signal::derive(move || form.problems.with(Vec::len).max(refused.with(Vec::len)))
                submitted=form.submitted
                pending=write.pending()
                failure=write.failure()
            />
        </form>
    }
}
