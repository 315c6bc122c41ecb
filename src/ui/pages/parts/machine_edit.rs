//! Add or edit a machine of the installed base. Problems show under their field once it was
//! left or a save was tried; the save checks again against what is stored then (a serial taken
//! meanwhile shows as a duplicate, nothing is written). A save starts from the revision the form
//! opened: a change made elsewhere meanwhile is merged, or, where it touched the same fields, put
//! to the user in the clash dialog; a draft that could not be saved is kept for the tab until
//! saved or discarded. Opened from a customer's page, a new machine starts with that customer
//! chosen, and the form returns there. A machine two synced devices changed at once is settled
//! here, in the same clash dialog. A stored machine's service tickets are listed below its form.

use super::machine_tickets::MachineTickets;
use crate::domain::merge::Mergeable;
use crate::domain::model::{Id, Machine, MachineStatus};
use crate::domain::money::format_int;
use crate::domain::parts::machine_form::{self, MachineDraft, MachineError, MachineField, MachineRegister};
use crate::i18n::{args, Tr};
use crate::state::machines::{self, MachineBook};
use crate::state::route::{Related, Route};
use crate::state::sync;
use crate::state::{browser, use_app, AppState, Clashed, Decision, Entity, Key, Revised, Revision, Saved, StoreError};
use crate::ui::fields::{enum_select, Shown};
use crate::ui::format;
use crate::ui::kit::{
    one_per_clash, record_clash, ChangedElsewhere, ClashRow, ConflictBanners, DraftKept, FormFooter, Made,
    RecordLoader, TextInput, TextKind, Wording, Write,
};
use crate::ui::labels;
use crate::ui::problems;
use leptos::prelude::*;
use std::rc::Rc;

type Form = Shown<MachineField, MachineError>;

/// Everything the form needs before it can show: the fleet it checks against, the machine as
/// opened (when editing), and the draft — the one kept from an earlier save that could not be
/// made, if any.
#[derive(Clone)]
struct Loaded {
    book: Rc<MachineBook>,
    opened: Option<Revised<Machine>>,
    draft: MachineDraft,
    kept: bool,
}

/// `customer`: the customer a new machine starts with.
async fn load(app: AppState, id: Option<Id>, customer: Option<Id>) -> Result<Option<Loaded>, StoreError> {
    let book = Rc::new(machines::book(app).await?);
    let opened = match id {
        None => None,
        Some(id) => match machines::opened(app, id).await? {
            Some(opened) => Some(opened),
            None => return Ok(None),
        },
    };
    if let Some(kept) = machines::kept_draft(app, id) {
        return Ok(Some(Loaded { book, opened: kept.opened, draft: kept.draft, kept: true }));
    }
    let machine = opened.as_ref().map_or_else(
        || Machine { customer_id: customer.unwrap_or_default(), status: MachineStatus::Active, ..Machine::default() },
        |opened| opened.record.clone(),
    );
    let draft = MachineDraft::of(&machine, &book.customer_name(machine.customer_id));
    Ok(Some(Loaded { book, opened, draft, kept: false }))
}

/// `customer`: the customer whose page opened the form for a new machine.
#[component]
pub fn MachineEdit(id: Option<Id>, #[prop(optional)] customer: Option<Id>) -> impl IntoView {
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        load(app, id, customer)
    });
    let back = customer.map_or(Route::Machines, |customer| Route::CustomerTab(customer, Related::Machines));
    let back_label = move || match customer {
        Some(customer) => match loaded.get() {
            Some(Ok(Some(loaded))) => loaded.book.customer_name(customer),
            _ => String::new(),
        },
        None => app.tr().machines_title().to_owned(),
    };
    view! {
        <section class="page" data-testid="machine-form">
            <a class="back-link" href=back.href() data-testid="machine-back">{move || format!("← {}", back_label())}</a>
            <h1>{move || if id.is_some() { app.tr().machine_edit_title() } else { app.tr().machine_new() }}</h1>
            {id.map(|id| conflicts(id, loaded))}
            // The language is read inside each branch: a language switch must not rebuild the
            // form and lose what was typed.
            <RecordLoader
                resource=loaded
                missing=Signal::derive(move || app.tr().machine_not_found().to_owned())
                let:loaded
            >
                <MachineForm id loaded back />
            </RecordLoader>
            {id.map(|id| view! { <MachineTickets id /> })}
        </section>
    }
}

#[component]
fn MachineForm(id: Option<Id>, loaded: Loaded, back: Route) -> impl IntoView {
    let app = use_app();
    let Loaded { book: opened_book, opened, draft, kept } = loaded;
    let draft = RwSignal::new(draft);
    // What the next save starts from: as opened, then as stored when the user settled a clash or
    // discarded a kept draft. A signal: the banner of a change made elsewhere compares with it.
    let base = RwSignal::new(opened);
    let kept = RwSignal::new(kept);
    let clash = RwSignal::new_local(None::<Rc<Clashed<Machine>>>);
    // The fleet and the machine as stored now, read again on every write (another tab's too).
    let current = app.watch(move || async move {
        let book = Rc::new(machines::book(app).await.ok()?);
        let machine = match id {
            Some(id) => machines::opened(app, id).await.ok().flatten(),
            None => None,
        };
        Some((book, machine))
    });
    let opened_book = StoredValue::new_local(opened_book);
    let book =
        Signal::derive_local(move || current.get().flatten().map_or_else(|| opened_book.get_value(), |(book, _)| book));
    let mut models: Vec<String> = opened_book.with_value(|b| b.machines.iter().map(|m| m.model.clone()).collect());
    models.sort();
    models.dedup();
    // Built again only when the fleet was read again, not on every keystroke.
    let register = Memo::new_with_compare(move |_| book.with(|b| b.register()), |_, _| true);
    let today = browser::today();
    // Only the id of the machine a draft is checked as matters: its own serial is no duplicate.
    let own = Machine { id: id.unwrap_or_default(), ..Machine::default() };
    let problems = Memo::new(move |_| {
        draft.with(|d| {
            register.with(|r: &MachineRegister| machine_form::check(d, &own, r, today).err().unwrap_or_default())
        })
    });
    let form = Form::new(problems);
    // Problems the save found against the store as it was then (a serial taken meanwhile).
    let refused = RwSignal::new(Vec::<(MachineField, MachineError)>::new());
    let write = Write::new(move |typed: MachineDraft| async move {
        let opened = base.get_untracked();
        let saved = machines::save(app, opened.as_ref(), &typed).await;
        if !matches!(saved, Ok(Ok(Saved::Stored { .. }))) {
            machines::keep_draft(app, id, opened.as_ref(), &typed);
        }
        match saved? {
            Ok(Saved::Stored { .. }) => {
                machines::discard_draft(app, id);
                app.go(back);
            }
            Ok(Saved::Clashed(clashed)) => clash.set(Some(Rc::from(clashed))),
            Err(problems) => refused.set(problems),
        }
        Ok(())
    });
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        let resolved = clashed.resolve(&decisions);
        let decided = book.with_untracked(|b| MachineDraft::of(&resolved, &b.customer_name(resolved.customer_id)));
        base.set(Some(clashed.stored.clone()));
        draft.set(decided.clone());
        refused.set(Vec::new());
        clash.set(None);
        write.start(decided);
    });
    // Back to the machine as stored now: a kept draft may have been opened before others saved.
    let discard = move |_| {
        machines::discard_draft(app, id);
        kept.set(false);
        refused.set(Vec::new());
        if let Some(stored) = current.get_untracked().flatten().and_then(|(_, machine)| machine) {
            base.set(Some(stored));
        }
        if let Some(opened) = base.get_untracked() {
            let machine = opened.record;
            draft.set(book.with_untracked(|b| MachineDraft::of(&machine, &b.customer_name(machine.customer_id))));
        }
    };
    let changed_elsewhere = Signal::derive_local(move || {
        let (book, now) = current.get().flatten()?;
        let now = now?;
        base.with(|base| base.as_ref().is_some_and(|b| *b != now)).then(|| {
            let tr = app.tr();
            let Made { user, time } = made_by(tr, &book, now.revision);
            tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
        })
    });
    let dialog = record_clash(
        clash,
        move |tr, clashed| clash_rows(tr, clashed, &book.get()),
        move |tr, revision| made_by(tr, &book.get(), revision),
        write.pending().into(),
        decide,
    );
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
        <DraftKept kept=kept on_discard=Callback::new(discard) />
        <ChangedElsewhere message=changed_elsewhere />
        {dialog}
        // Inert while the clash dialog is open: its decisions replace the draft, so an edit made
        // in the form meanwhile would be lost.
        <form
            class="customer-form"
            novalidate
            inert=move || clash.with(Option::is_some)
            on:submit=move |event| { event.prevent_default(); save(); }
        >
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

/// Who made `revision` and when, in words.
fn made_by(tr: Tr, book: &MachineBook, revision: Option<Revision>) -> Made {
    Made::of(tr, revision, |id| {
        book.user_name(id).map_or_else(|| tr.unknown_user(args::UnknownUser { id }), str::to_owned)
    })
}

/// A clashing field's name, as the form labels it (the id never changes, so never clashes).
fn field_label(tr: Tr, field: &'static str) -> &'static str {
    match field {
        "serial" => tr.machine_col_serial(),
        "model" => tr.machine_col_model(),
        "customer_id" => tr.machine_col_customer(),
        "delivered" => tr.machine_col_delivered(),
        "hours" => tr.machine_col_hours(),
        "hours_per_month" => tr.machine_col_hours_per_month(),
        "status" => tr.machine_col_status(),
        _ => field,
    }
}

/// `machine`'s `field` in words, as the installed base shows it.
fn words(tr: Tr, book: &MachineBook, machine: &Machine, field: &str) -> String {
    match field {
        "serial" => machine.serial.clone(),
        "model" => machine.model.clone(),
        "customer_id" if machine.customer_id == 0 => tr.not_set().to_owned(),
        "customer_id" => book.customer_name(machine.customer_id),
        "delivered" => machine.delivered.map_or_else(|| tr.not_set().to_owned(), |date| format::date(tr, date)),
        "hours" => format_int(i64::from(machine.hours)),
        "hours_per_month" => format_int(i64::from(machine.hours_per_month)),
        "status" => labels::machine_status(tr, machine.status).to_owned(),
        _ => String::new(),
    }
}

/// The banner of the machine's conflict between two devices, settled in the clash dialog worded
/// as the form words its fields.
fn conflicts(id: Id, loaded: LocalResource<Result<Option<Loaded>, StoreError>>) -> impl IntoView {
    let wording: Wording = Rc::new(move |tr, case| {
        let book = loaded.get_untracked()?.ok()??.book;
        Some(one_per_clash(clash_rows(tr, &sync::clashed::<Machine>(case)?, &book)))
    });
    view! { <ConflictBanners records=Signal::derive(move || vec![(Entity::Machine, Key::Id(id))]) wording /> }
}

/// Each clashing field as the dialog shows it: text fields may be typed anew.
fn clash_rows(tr: Tr, clashed: &Clashed<Machine>, book: &MachineBook) -> Vec<ClashRow> {
    let by = made_by(tr, book, clashed.stored.revision);
    let rows = clashed.clashes.iter().map(|clash| ClashRow {
        name: field_label(tr, clash.field).to_owned(),
        stored: words(tr, book, &clashed.stored.record, clash.field),
        mine: words(tr, book, &clashed.mine, clash.field),
        by: by.clone(),
        typed: Machine::is_text(clash.field).then(|| words(tr, book, &clashed.mine, clash.field)),
    });
    rows.collect()
}
