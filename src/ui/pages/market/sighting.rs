//! Logging machines seen on a job site, built for a thumb on a tablet: the brands seen before as
//! chips (most logged first; a new one typed), the product line and the tonnage class as tap
//! targets, the province preselected from the last sighting, and "Save and next", which keeps
//! the site (province, place, day) for the next machine on it. Opened on a logged sighting, the
//! same form edits it from the revision it opened — a change made elsewhere meanwhile merged, or
//! put to the user in the clash dialog — and deletes it.

use crate::domain::market::form::{self, SightingDraft, SightingError, SightingField};
use crate::domain::market::size::{ProductLine, TonnageClass};
use crate::domain::market::SiteSighting;
use crate::domain::merge::Mergeable;
use crate::domain::model::Id;
use crate::domain::region::{self, PROVINCES};
use crate::i18n::{args, Tr};
use crate::state::market::{self, MarketBook};
use crate::state::route::Route;
use crate::state::{browser, use_app, AppState, Clashed, Decision, Revised, Revision, Saved, StoreError};
use crate::ui::fields::{SelectField, Shown};
use crate::ui::format;
use crate::ui::kit::{
    record_clash, segments, ClashRow, DeleteConfirmation, FieldError, FormFooter, Made, NoCurrentUser, RecordLoader,
    SaveFailure, TextInput, TextKind, Write,
};
use crate::ui::labels::{self, province_name};
use crate::ui::problems;
use leptos::prelude::*;
use std::rc::Rc;

type Form = Shown<SightingField, SightingError>;

#[derive(Clone)]
struct Loaded {
    book: Rc<MarketBook>,
    opened: Option<Revised<SiteSighting>>,
}

async fn load(app: AppState, id: Option<Id>) -> Result<Option<Loaded>, StoreError> {
    let book = Rc::new(market::book(app).await?);
    let opened = match id {
        None => None,
        Some(id) => match market::opened(app, id).await? {
            Some(opened) => Some(opened),
            None => return Ok(None),
        },
    };
    Ok(Some(Loaded { book, opened }))
}

#[component]
pub fn SightingEdit(id: Option<Id>) -> impl IntoView {
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        load(app, id)
    });
    view! {
        <section class="page sighting-page" data-testid="sighting-form">
            <a class="back-link" href=Route::Sightings.href() data-testid="sighting-back">
                {move || format!("← {}", app.tr().mkt_sightings_title())}
            </a>
            <h1>{move || if id.is_some() { app.tr().mkt_sighting_edit_title() } else { app.tr().mkt_sighting_new_title() }}</h1>
            <NoCurrentUser />
            <RecordLoader resource=loaded missing=Signal::derive(move || app.tr().mkt_sighting_missing().to_owned()) missing_id="sighting-missing" let:loaded>
                <SightingForm id loaded />
            </RecordLoader>
        </section>
    }
}

#[component]
fn SightingForm(id: Option<Id>, loaded: Loaded) -> impl IntoView {
    let app = use_app();
    let Loaded { book, opened } = loaded;
    let today = browser::today();
    let fresh = move |province: &str| SightingDraft::fresh(today, province);
    let first = opened.as_ref().map_or_else(|| fresh(&book.last_province()), |o| SightingDraft::of(&o.record));
    let draft = RwSignal::new(first);
    let base = RwSignal::new(opened);
    let clash = RwSignal::new_local(None::<Rc<Clashed<SiteSighting>>>);
    // The sightings the chips rank brands by: those stored, and each one logged here since.
    let seen = RwSignal::new(book.sighting_records());
    let book = StoredValue::new_local(book);
    let problems = Memo::new(move |_| draft.with(|d| d.validate(today)));
    let form = Form::new(problems);
    let refused = RwSignal::new(Vec::<(SightingField, SightingError)>::new());
    let last_saved = RwSignal::new(None::<String>);
    let write = Write::new(move |typed: SightingDraft| async move {
        match market::save_sighting(app, base.get_untracked(), typed.clone()).await? {
            Ok(Saved::Stored { record, .. }) if id.is_none() => {
                // The next machine is most likely on the same site, seen the same day.
                last_saved.set(Some(format!("{} × {}", record.brand, record.units)));
                seen.update(|s| s.push(record));
                draft.set(SightingDraft {
                    place: typed.place.clone(),
                    seen_on: typed.seen_on.clone(),
                    line: typed.line,
                    ..fresh(&typed.province)
                });
                form.submitted.set(false);
                form.touched.set(Vec::new());
            }
            Ok(Saved::Stored { .. }) => app.go(Route::Sightings),
            Ok(Saved::Clashed(clashed)) => clash.set(Some(Rc::from(clashed))),
            Err(problems) => refused.set(problems),
        }
        Ok(())
    });
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        let decided = SightingDraft::of(&clashed.resolve(&decisions));
        base.set(Some(clashed.stored.clone()));
        draft.set(decided.clone());
        clash.set(None);
        write.start(decided);
    });
    let dialog = record_clash(
        clash,
        move |tr, clashed| book.with_value(|b| clash_rows(tr, clashed, b)),
        move |tr, revision| book.with_value(|b| made_by(tr, b, revision)),
        write.pending().into(),
        decide,
    );
    let save = move || {
        form.submitted.set(true);
        refused.set(Vec::new());
        if form.problems.with_untracked(Vec::is_empty) {
            write.start(draft.get_untracked());
        }
    };
    let problem = move |field: SightingField| {
        let shown = form.problem(field);
        Signal::derive(move || {
            let problem =
                shown.get().or_else(|| refused.with(|r| r.iter().find(|(f, _)| *f == field).map(|(_, e)| *e)));
            problem.map(|e| problems::sighting(app.tr(), e))
        })
    };
    let text = move |field: SightingField,
                     test_id: &'static str,
                     label: fn(Tr) -> &'static str,
                     kind: TextKind,
                     get: fn(&SightingDraft) -> &String,
                     set: fn(&mut SightingDraft, String)| {
        view! {
            <TextInput
                test_id
                label
                kind
                no_autofill=true
                value=Signal::derive(move || draft.with(|d| get(d).clone()))
                input=Callback::new(move |text: String| draft.update(|d| set(d, text)))
                error=problem(field)
                leave=Callback::new(move |()| form.touch(field))
            />
        }
    };
    let brand_chip = move |brand: String| {
        let pressed = brand.clone();
        let picked = brand.clone();
        view! {
            <button
                type="button"
                class="chip big"
                data-testid="sighting-brand-chip"
                aria-pressed=move || if draft.with(|d| d.brand.trim() == pressed) { "true" } else { "false" }
                on:click=move |_| draft.update(|d| d.brand = picked.clone())
            >
                {brand}
            </button>
        }
    };
    let brand_chips = move || seen.with(|s| form::brands(s)).into_iter().map(brand_chip).collect_view();
    let province_options = Signal::derive(move || {
        let locale = app.locale.get();
        PROVINCES.iter().map(|p| (p.code.to_owned(), province_name(locale, p).to_owned())).collect::<Vec<_>>()
    });
    let line_error = problem(SightingField::Line);
    let delete = id.map(|_| {
        let remove = Write::new(move |shown: Revised<SiteSighting>| async move {
            market::delete_sighting(app, shown).await?;
            app.go(Route::Sightings);
            Ok(())
        });
        view! {
            <DeleteConfirmation
                ask_id="delete-sighting"
                ask=Signal::derive(move || app.tr().mkt_sighting_delete().to_owned())
                question=Signal::derive(move || app.tr().mkt_sighting_delete_question().to_owned())
                confirm=Signal::derive(move || app.tr().mkt_sighting_delete().to_owned())
                busy=remove.pending()
                on_confirm=Callback::new(move |()| {
                    if let Some(shown) = base.get_untracked() {
                        remove.start(shown);
                    }
                })
            />
            <SaveFailure failure=remove.failure() />
        }
    });
    view! {
        <Show when=move || last_saved.with(Option::is_some)>
            <p class="notice saved" role="status" data-testid="sighting-saved">
                {move || app.tr().mkt_sighting_saved(args::MktSightingSaved { what: last_saved.get().unwrap_or_default() })}
            </p>
        </Show>
        {dialog}
        <form
            class="capture-form"
            novalidate
            data-testid="sighting-edit"
            inert=move || clash.with(Option::is_some)
            on:submit=move |event| { event.prevent_default(); save(); }
        >
            <fieldset class="capture-group">
                <legend>{move || app.tr().mkt_sighting_brand()}</legend>
                <div class="chips" data-testid="sighting-brands">{brand_chips}</div>
                {text(SightingField::Brand, "sighting-brand", |tr| tr.mkt_sighting_brand_typed(), TextKind::Text, |d| &d.brand, |d, v| d.brand = v)}
                {text(SightingField::Model, "sighting-model", |tr| tr.mkt_sighting_model(), TextKind::Text, |d| &d.model, |d, v| d.model = v)}
            </fieldset>
            <fieldset class="capture-group" aria-invalid=move || if line_error.with(Option::is_some) { "true" } else { "false" }>
                <legend>{move || app.tr().mkt_line()}</legend>
                <div class="chips">
                    {segments(draft, "sighting-line", ProductLine::ALL, ProductLine::as_str, labels::market_line, |d| d.line, |d, v| d.line = v)}
                </div>
                <FieldError error=line_error />
                <div class="chips" role="group" aria-label=move || app.tr().mkt_tonnage()>
                    {segments(draft, "sighting-tonnage", TonnageClass::ALL, TonnageClass::as_str, labels::market_tonnage, |d| d.tonnage, |d, v| d.tonnage = v)}
                </div>
            </fieldset>
            <fieldset class="capture-group">
                <legend>{move || app.tr().mkt_sighting_site()}</legend>
                <div class="capture-row">
                    <SelectField
                        test_id="sighting-province"
                        label=|tr| tr.field_province()
                        options=province_options
                        current=Signal::derive(move || draft.with(|d| d.province.clone()))
                        pick=Callback::new(move |code: String| draft.update(|d| d.province = code))
                        empty=Some(|tr: Tr| tr.mkt_province_pick())
                    />
                    {text(SightingField::Place, "sighting-place", |tr| tr.mkt_sighting_place(), TextKind::Text, |d| &d.place, |d, v| d.place = v)}
                </div>
                <FieldError error=problem(SightingField::Province) />
                <div class="capture-row">
                    {text(SightingField::SeenOn, "sighting-seen-on", |tr| tr.mkt_sighting_seen_on(), TextKind::Date, |d| &d.seen_on, |d, v| d.seen_on = v)}
                    {text(SightingField::Units, "sighting-units", |tr| tr.mkt_sighting_units(), TextKind::Whole, |d| &d.units, |d, v| d.units = v)}
                </div>
                {text(SightingField::Note, "sighting-note", |tr| tr.mkt_sighting_note(), TextKind::Long, |d| &d.note, |d, v| d.note = v)}
            </fieldset>
            {match id {
                None => view! {
                    <div class="actions sticky-actions">
                        <button
                            type="submit"
                            class="button capture-save"
                            data-testid="sighting-save-next"
                            disabled=move || write.pending().get() || app.current_user.get().is_none()
                        >
                            {move || app.tr().mkt_sighting_save_next()}
                        </button>
                    </div>
                    <SaveFailure failure=write.failure() />
                }
                .into_any(),
                Some(_) => view! {
                    <FormFooter
                        save_id="sighting-save"
                        problems=Signal::derive(move || form.problems.with(Vec::len).max(refused.with(Vec::len)))
                        submitted=form.submitted
                        pending=write.pending()
                        failure=write.failure()
                    >
                        {delete}
                    </FormFooter>
                }
                .into_any(),
            }}
        </form>
    }
}

/// Who made `revision` and when, in words.
fn made_by(tr: Tr, book: &MarketBook, revision: Option<Revision>) -> Made {
    Made::of(tr, revision, |id| {
        book.user_name(id).map_or_else(|| tr.unknown_user(args::UnknownUser { id }), str::to_owned)
    })
}

/// A clashing field's name, as the form labels it.
fn field_label(tr: Tr, field: &'static str) -> &'static str {
    match field {
        "brand" => tr.mkt_sighting_brand(),
        "model" => tr.mkt_sighting_model(),
        "line" => tr.mkt_line(),
        "tonnage" => tr.mkt_tonnage(),
        "province" => tr.field_province(),
        "place" => tr.mkt_sighting_place(),
        "seen_on" => tr.mkt_sighting_seen_on(),
        "units" => tr.mkt_sighting_units(),
        "note" => tr.mkt_sighting_note(),
        _ => field,
    }
}

/// `sighting`'s `field` in words, as the list shows it.
fn words(tr: Tr, sighting: &SiteSighting, field: &str) -> String {
    match field {
        "brand" => sighting.brand.clone(),
        "model" => sighting.model.clone(),
        "line" => labels::market_line(tr, sighting.line).to_owned(),
        "tonnage" => {
            sighting.tonnage.map_or_else(|| tr.not_set().to_owned(), |t| labels::market_tonnage(tr, t).to_owned())
        }
        "province" => region::province(&sighting.province)
            .map_or_else(|| sighting.province.clone(), |p| province_name(tr.0, p).to_owned()),
        "place" => sighting.place.clone(),
        "seen_on" => sighting.seen_on.map_or_else(|| tr.not_set().to_owned(), |d| format::date(tr, d)),
        "units" => sighting.units.to_string(),
        "note" => sighting.note.clone(),
        _ => String::new(),
    }
}

fn clash_rows(tr: Tr, clashed: &Clashed<SiteSighting>, book: &MarketBook) -> Vec<ClashRow> {
    let by = made_by(tr, book, clashed.stored.revision);
    clashed
        .clashes
        .iter()
        .map(|clash| ClashRow {
            name: field_label(tr, clash.field).to_owned(),
            stored: words(tr, &clashed.stored.record, clash.field),
            mine: words(tr, &clashed.mine, clash.field),
            by: by.clone(),
            typed: SiteSighting::is_text(clash.field).then(|| words(tr, &clashed.mine, clash.field)),
        })
        .collect()
}
