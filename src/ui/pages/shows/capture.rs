//! Quick capture at the booth, built for a thumb on a tablet: the mobile number first (the key
//! a visitor is recognised by, matched at once against customers, contacts and earlier leads),
//! then everything else as tap targets — hot/warm/cold, the product line, the tonnage class,
//! the timeline, MAN, financing and trade-in — and one "Save and next" that keeps the show and
//! the capturing person. A hot lead with an interest takes the mobile number and six taps at most.

use crate::domain::model::Man;
use crate::domain::region::PROVINCES;
use crate::domain::shows::card;
use crate::domain::shows::close::CloseError;
use crate::domain::shows::dedup::{Match, Matched};
use crate::domain::shows::form::{LeadDraft, LeadError, LeadField};
use crate::domain::shows::{Lead, ProductLine, Temperature, Timeline, TonnageClass};
use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::state::shows::{self, CaptureBook};
use crate::state::use_app;
use crate::ui::fields::{Form, SelectField};
use crate::ui::kit::{segments, NoCurrentUser, RecordLoader, SaveFailure, TextInput, TextKind, Write};
use crate::ui::labels::{self, province_name};
use crate::ui::problems;
use leptos::prelude::*;
use std::rc::Rc;

/// What the capture page keeps across reads of the store (each saved lead, and any other tab's
/// write, reads the show again): the draft, the write and what it last said.
#[derive(Clone, Copy)]
struct Capturing {
    form: Form<LeadDraft, LeadField, LeadError>,
    write: Write<(LeadDraft, Option<Match>), Result<Lead, CloseError>>,
    last_saved: RwSignal<Option<String>>,
    refused: RwSignal<Option<String>>,
}

#[component]
pub fn Capture(id: crate::domain::model::Id) -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || async move { shows::capture_book(app, id).await.map(|b| b.map(Rc::new)) });
    let draft = RwSignal::new(LeadDraft::default());
    let problems = Memo::new(move |_| draft.with(LeadDraft::validate));
    let form = Form::new(draft, problems, problems::lead);
    let last_saved = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<String>);
    let write = Write::new(move |(draft, matched): (LeadDraft, Option<Match>)| shows::capture(app, id, draft, matched));
    let outcome = write.outcome();
    Effect::new(move |_| match outcome.get() {
        Some(Ok(Ok(lead))) => {
            let who = [&lead.name, &lead.company, &lead.mobile].into_iter().find(|t| !t.is_empty()).cloned();
            last_saved.set(who);
            refused.set(None);
            draft.set(LeadDraft::default());
            form.shown.submitted.set(false);
            form.shown.touched.set(Vec::new());
        }
        Some(Ok(Err(error))) => refused.set(Some(problems::close(app.tr_untracked(), error))),
        _ => {}
    });
    let capturing = Capturing { form, write, last_saved, refused };
    view! {
        <section class="page capture-page" data-testid="capture">
            <RecordLoader resource=book missing=Signal::derive(move || app.tr().show_missing().to_owned()) missing_id="show-missing" let:book>
                <CaptureForm book capturing />
            </RecordLoader>
        </section>
    }
}

/// A toggle over one yes/no of the draft.
fn toggle(
    draft: RwSignal<LeadDraft>,
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    get: fn(&LeadDraft) -> bool,
    set: fn(&mut LeadDraft, bool),
) -> impl IntoView {
    let app = use_app();
    view! {
        <button
            type="button"
            class="chip big"
            data-testid=test_id
            aria-pressed=move || if draft.with(get) { "true" } else { "false" }
            on:click=move |_| draft.update(|d| { let now = get(d); set(d, !now) })
        >
            {move || label(app.tr())}
        </button>
    }
}

/// What the typed mobile number or company matched, in words.
fn match_text(tr: Tr, found: &Match, owner: String) -> String {
    match found.matched {
        Matched::Contact { .. } => tr.lead_match_contact(args::LeadMatchContact {
            person: found.person.clone(),
            company: found.name.clone(),
            owner,
        }),
        Matched::Customer { .. } => {
            tr.lead_match_customer(args::LeadMatchCustomer { company: found.name.clone(), owner })
        }
        Matched::Lead { .. } => tr.lead_match_lead(args::LeadMatchLead { name: found.name.clone(), owner }),
    }
}

#[component]
fn CaptureForm(book: Rc<CaptureBook>, capturing: Capturing) -> impl IntoView {
    let app = use_app();
    let Capturing { form, write, last_saved, refused } = capturing;
    let draft = form.draft;
    let problems = form.shown.problems;
    let show_id = book.show.id;
    let show_name = book.show.name.clone();
    let closed = book.show.closed.is_some();
    let captured = book.captured;
    let book = StoredValue::new_local(book);
    let found = Memo::new(move |_| draft.with(|d| book.with_value(|b| b.index.find(&d.mobile, &d.company).cloned())));
    let save = move || {
        form.shown.submitted.set(true);
        if problems.with_untracked(Vec::is_empty) {
            write.start((draft.get_untracked(), found.get_untracked()));
        }
    };
    let text = move |field: LeadField,
                     test_id: &'static str,
                     label: fn(Tr) -> &'static str,
                     kind: TextKind,
                     get: fn(&LeadDraft) -> &String,
                     set: fn(&mut LeadDraft, String)| {
        view! {
            <TextInput
                test_id
                label
                kind
                no_autofill=true
                value=Signal::derive(move || draft.with(|d| get(d).clone()))
                input=Callback::new(move |text: String| draft.update(|d| set(d, text)))
                error=form.error(field)
                leave=Callback::new(move |_| form.touch(field))
            />
        }
    };
    let match_line = move || {
        found.get().map(|found| {
            let owner = book.with_value(|b| b.users.iter().find(|u| u.id == found.owner).map(|u| u.name.clone()));
            let text = match_text(app.tr(), &found, owner.unwrap_or_else(|| app.tr().history_nobody().to_owned()));
            view! { <p class="notice match" role="status" data-testid="lead-match">{text}</p> }
        })
    };
    let card_text = RwSignal::new(String::new());
    let card_problem = RwSignal::new(false);
    let fill_from_card = move |_| match card::parse(&card_text.get_untracked()) {
        Ok(card) => {
            card_problem.set(false);
            card_text.set(String::new());
            draft.update(|d| {
                d.name = card.name;
                d.company = card.company;
                if !card.phone.is_empty() {
                    d.mobile = card.phone;
                }
                if !card.email.is_empty() && d.note.is_empty() {
                    d.note = card.email;
                }
            });
        }
        Err(_) => card_problem.set(true),
    };
    let province_options = Signal::derive(move || {
        let locale = app.locale.get();
        PROVINCES.iter().map(|p| (p.code.to_owned(), province_name(locale, p).to_owned())).collect::<Vec<_>>()
    });
    let temperatures = Temperature::ALL
        .iter()
        .map(|t| {
            let t = *t;
            view! {
                <button
                    type="button"
                    class=format!("segment temperature-{}", t.as_str())
                    data-testid=format!("lead-temperature-{}", t.as_str())
                    aria-pressed=move || if draft.with(|d| d.temperature == t) { "true" } else { "false" }
                    on:click=move |_| draft.update(|d| d.temperature = t)
                >
                    {move || labels::temperature(app.tr(), t)}
                </button>
            }
        })
        .collect_view();
    let man = |test_id, label: fn(Tr) -> &'static str, get: fn(&Man) -> bool, set: fn(&mut Man, bool)| {
        view! {
            <button
                type="button"
                class="chip big"
                data-testid=test_id
                aria-pressed=move || if draft.with(|d| get(&d.man)) { "true" } else { "false" }
                on:click=move |_| draft.update(|d| { let now = get(&d.man); set(&mut d.man, !now) })
            >
                {move || label(app.tr())}
            </button>
        }
    };
    view! {
        <div class="capture-head">
            <a href=Route::Show(show_id).href() data-testid="capture-back">{show_name}</a>
            <h1>{move || app.tr().capture_title()}</h1>
            <p class="muted" data-testid="capture-count">
                {move || app.tr().capture_count(args::CaptureCount { count: captured })}
            </p>
        </div>
        <NoCurrentUser />
        <Show when=move || closed>
            <p class="notice" data-testid="capture-closed">{move || app.tr().show_close_already()}</p>
        </Show>
        <Show when=move || last_saved.with(Option::is_some)>
            <p class="notice saved" role="status" data-testid="lead-saved">
                {move || app.tr().lead_saved(args::LeadSaved { who: last_saved.get().unwrap_or_default() })}
            </p>
        </Show>
        <form class="capture-form" novalidate data-testid="capture-form" on:submit=move |event| { event.prevent_default(); save(); }>
            {text(LeadField::Mobile, "lead-mobile", |tr| tr.lead_mobile(), TextKind::Phone, |d| &d.mobile, |d, v| d.mobile = v)}
            {match_line}
            <div class="segmented capture-temperature" role="group" aria-label=move || app.tr().lead_temperature()>
                {temperatures}
            </div>
            <fieldset class="capture-group">
                <legend>{move || app.tr().lead_interest()}</legend>
                <div class="chips">
                    {segments(draft, "lead-line", ProductLine::ALL, ProductLine::as_str, labels::product_line, |d| d.interest.line, |d, v| d.interest.line = v)}
                </div>
                <div class="chips">
                    {segments(draft, "lead-tonnage", TonnageClass::ALL, TonnageClass::as_str, labels::tonnage_class, |d| d.interest.tonnage, |d, v| d.interest.tonnage = v)}
                </div>
                <div class="chips">
                    {segments(draft, "lead-timeline", Timeline::ALL, Timeline::as_str, labels::timeline, |d| d.interest.timeline, |d, v| d.interest.timeline = v)}
                </div>
                <div class="capture-row">
                    {text(LeadField::Model, "lead-model", |tr| tr.lead_model(), TextKind::Text, |d| &d.interest.model, |d, v| d.interest.model = v)}
                    {text(LeadField::Quantity, "lead-quantity", |tr| tr.lead_quantity(), TextKind::Whole, |d| &d.quantity, |d, v| d.quantity = v)}
                </div>
            </fieldset>
            <fieldset class="capture-group">
                <legend>{move || app.tr().man_title()}</legend>
                <div class="chips">
                    {man("lead-man-money", |tr| tr.man_money(), |m| m.money, |m, v| m.money = v)}
                    {man("lead-man-authority", |tr| tr.man_authority(), |m| m.authority, |m, v| m.authority = v)}
                    {man("lead-man-need", |tr| tr.man_need(), |m| m.need, |m, v| m.need = v)}
                    {toggle(draft, "lead-financing", |tr| tr.lead_financing(), |d| d.financing, |d, v| d.financing = v)}
                    {toggle(draft, "lead-trade-in", |tr| tr.lead_trade_in(), |d| d.trade_in, |d, v| d.trade_in = v)}
                </div>
            </fieldset>
            <fieldset class="capture-group">
                <legend>{move || app.tr().lead_who()}</legend>
                <div class="capture-row">
                    {text(LeadField::Name, "lead-name", |tr| tr.lead_name(), TextKind::Text, |d| &d.name, |d, v| d.name = v)}
                    {text(LeadField::Company, "lead-company", |tr| tr.lead_company(), TextKind::Text, |d| &d.company, |d, v| d.company = v)}
                </div>
                <SelectField
                    test_id="lead-province"
                    label=|tr| tr.field_province()
                    options=province_options
                    current=Signal::derive(move || draft.with(|d| d.province.clone()))
                    pick=Callback::new(move |code: String| draft.update(|d| d.province = code))
                    empty=Some(|tr: Tr| tr.lead_province_unknown())
                />
                {text(LeadField::Note, "lead-note", |tr| tr.lead_note(), TextKind::Long, |d| &d.note, |d, v| d.note = v)}
            </fieldset>
            <details class="capture-group">
                <summary data-testid="lead-card-open">{move || app.tr().lead_card()}</summary>
                <p class="muted small">{move || app.tr().lead_card_hint()}</p>
                <textarea
                    rows="4"
                    data-testid="lead-card-text"
                    prop:value=card_text
                    on:input=move |event| card_text.set(event_target_value(&event))
                ></textarea>
                <Show when=move || card_problem.get()>
                    <span class="field-error" role="alert" data-testid="lead-card-error">{move || app.tr().lead_card_not_card()}</span>
                </Show>
                <button type="button" class="button secondary" data-testid="lead-card-fill" on:click=fill_from_card>
                    {move || app.tr().lead_card_fill()}
                </button>
            </details>
            <Show when=move || refused.with(Option::is_some)>
                <p class="error-text" role="alert">{move || refused.get().unwrap_or_default()}</p>
            </Show>
            <SaveFailure failure=write.failure() />
            <div class="actions sticky-actions">
                <button
                    type="submit"
                    class="button capture-save"
                    data-testid="lead-save"
                    disabled=move || write.pending().get() || closed || app.current_user.get().is_none()
                >
                    {move || app.tr().lead_save_next()}
                </button>
            </div>
        </form>
    }
}
