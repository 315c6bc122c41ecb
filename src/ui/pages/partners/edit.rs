//! Create, edit or delete a supplier or a trade partner. Problems show next to their field once
//! it was left or a save was tried; deleting asks first.

use crate::domain::fields::FormError;
use crate::domain::model::{Id, PartnerKind, Supplier, TradePartner, MAX_RATING};
use crate::domain::partners::form::{self as partner_form, PartnerField, SupplierDraft};
use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::state::StoreError;
use crate::state::{partners, use_app};
use crate::ui::fields::{enum_select, Shown};
use crate::ui::kit::DeleteConfirmation;
use crate::ui::kit::RecordLoader;
use crate::ui::kit::{invalid, SaveFailure};
use crate::ui::labels;
use crate::ui::problems::form as problem_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// The form's validation state.
type Form = Shown<PartnerField, FormError>;

fn field_name(field: PartnerField) -> &'static str {
    match field {
        PartnerField::Name => "name",
        PartnerField::Address => "address",
        PartnerField::Contact => "contact",
        PartnerField::Phone => "phone",
        PartnerField::Email => "email",
        PartnerField::WeChat => "wechat",
        PartnerField::Products => "products",
        PartnerField::PriceLevel => "price-level",
        PartnerField::DeliverySpeed => "delivery-speed",
        PartnerField::ServiceLevel => "service-level",
        PartnerField::Quality => "quality",
        PartnerField::Reference => "reference",
        PartnerField::Notes => "notes",
    }
}

/// Loads the record to edit (or a new one) and shows `body` with it; a missing record says so.
fn page<T, F, V>(
    test_id: &'static str,
    back: Route,
    title: fn(Tr, bool) -> &'static str,
    id: Option<Id>,
    load: impl Fn() -> F + Send + Sync + 'static,
    body: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Future<Output = Result<Option<T>, StoreError>> + 'static,
    V: IntoView + 'static,
{
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        load()
    });
    view! {
        <section class="page" data-testid=test_id>
            <a class="back-link" href=back.href()>{move || format!("← {}", app.tr().partners_back())}</a>
            <h1>{move || title(app.tr(), id.is_some())}</h1>
            // The language is read inside each branch, never here: a language switch must not
            // rebuild the form and lose what was typed.
            <RecordLoader
                resource=loaded
                missing=Signal::derive(move || app.tr().partner_not_found().to_owned())
                let:record
            >
                {body(record)}
            </RecordLoader>
        </section>
    }
}

#[component]
pub fn SupplierEdit(id: Option<Id>) -> impl IntoView {
    let app = use_app();
    page(
        "supplier-form",
        Route::Suppliers,
        |tr, editing| if editing { tr.supplier_edit_title() } else { tr.supplier_new() },
        id,
        move || async move {
            match id {
                None => Ok(Some(SupplierDraft::default())),
                Some(id) => Ok(partners::supplier(app, id).await?.map(|s| SupplierDraft::of(&s))),
            }
        },
        move |draft| view! { <SupplierForm id draft /> },
    )
}

#[component]
pub fn TradePartnerEdit(id: Option<Id>) -> impl IntoView {
    let app = use_app();
    page(
        "trade-partner-form",
        Route::TradePartners,
        |tr, editing| if editing { tr.trade_partner_edit_title() } else { tr.trade_partner_new() },
        id,
        move || async move {
            match id {
                None => Ok(Some(TradePartner::default())),
                Some(id) => partners::trade_partner(app, id).await,
            }
        },
        move |partner| view! { <TradePartnerForm id partner /> },
    )
}

/// Runs a save or delete, then goes to `done`; a failure stays on the form, saying why.
fn run<F>(busy: RwSignal<bool>, failure: RwSignal<Option<StoreError>>, done: Route, work: F)
where
    F: Future<Output = Result<(), StoreError>> + 'static,
{
    busy.set(true);
    failure.set(None);
    spawn_local(async move {
        match work.await {
            Ok(()) => {
                let _ = window().location().set_hash(&done.href());
            }
            Err(error) => {
                failure.set(Some(error));
                busy.set(false);
            }
        }
    });
}

#[component]
fn SupplierForm(id: Option<Id>, draft: SupplierDraft) -> impl IntoView {
    let app = use_app();
    let name = draft.supplier.name.clone();
    let draft = RwSignal::new(draft);
    let form = Form::new(Memo::new(move |_| draft.with(partner_form::validate_supplier)));
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<StoreError>);
    let save = move || {
        form.submitted.set(true);
        if !form.problems.with_untracked(Vec::is_empty) || busy.get_untracked() {
            return;
        }
        let draft = draft.get_untracked();
        run(busy, failure, Route::Suppliers, async move { partners::save_supplier(app, id, &draft).await.map(|_| ()) });
    };
    let delete =
        id.map(|id| Callback::new(move |()| run(busy, failure, Route::Suppliers, partners::delete_supplier(app, id))));
    let text = move |field: PartnerField,
                     label: fn(Tr) -> &'static str,
                     get: fn(&SupplierDraft) -> &String,
                     set: fn(&mut SupplierDraft, String)| {
        let value = Signal::derive(move || draft.with(|d| get(d).clone()));
        let input = Callback::new(move |text: String| draft.update(|d| set(d, text)));
        view! { <TextField form field label value input /> }
    };
    let rating = move |field: PartnerField,
                       label: fn(Tr) -> &'static str,
                       get: fn(&Supplier) -> u8,
                       set: fn(&mut Supplier, u8)| {
        let value = Signal::derive(move || draft.with(|d| get(&d.supplier)));
        let pick = Callback::new(move |n: u8| draft.update(|d| set(&mut d.supplier, n)));
        view! { <RatingField form field label value pick /> }
    };
    view! {
        <form class="customer-form" novalidate on:submit=move |event| { event.prevent_default(); save(); }>
            <fieldset class="card">
                <legend>{move || app.tr().section_supplier()}</legend>
                {text(PartnerField::Name, |tr| tr.field_partner_name(), |d| &d.supplier.name, |d, v| d.supplier.name = v)}
                {text(PartnerField::Contact, |tr| tr.field_contact_person(), |d| &d.supplier.contact, |d, v| d.supplier.contact = v)}
                {text(PartnerField::Phone, |tr| tr.field_phone(), |d| &d.supplier.phone, |d, v| d.supplier.phone = v)}
                {text(PartnerField::Email, |tr| tr.field_email(), |d| &d.supplier.email, |d, v| d.supplier.email = v)}
                {text(PartnerField::WeChat, |tr| tr.field_wechat(), |d| &d.supplier.wechat, |d, v| d.supplier.wechat = v)}
                {text(PartnerField::Address, |tr| tr.field_address(), |d| &d.supplier.address, |d, v| d.supplier.address = v)}
                {text(PartnerField::Products, |tr| tr.field_products_supplied(), |d| &d.products, |d, v| d.products = v)}
                {text(PartnerField::Notes, |tr| tr.field_notes(), |d| &d.supplier.notes, |d, v| d.supplier.notes = v)}
            </fieldset>
            <fieldset class="card ratings-card">
                <legend>{move || app.tr().section_ratings()}</legend>
                {rating(PartnerField::PriceLevel, |tr| tr.rating_price(), |s| s.price_level, |s, n| s.price_level = n)}
                {rating(PartnerField::DeliverySpeed, |tr| tr.rating_delivery(), |s| s.delivery_speed, |s, n| s.delivery_speed = n)}
                {rating(PartnerField::ServiceLevel, |tr| tr.rating_service(), |s| s.service_level, |s, n| s.service_level = n)}
                {rating(PartnerField::Quality, |tr| tr.rating_quality(), |s| s.quality, |s, n| s.quality = n)}
            </fieldset>
            <FormFooter form busy failure delete name test_id="save-supplier" />
        </form>
    }
}

#[component]
fn TradePartnerForm(id: Option<Id>, partner: TradePartner) -> impl IntoView {
    let app = use_app();
    let name = partner.name.clone();
    let draft = RwSignal::new(partner);
    let form = Form::new(Memo::new(move |_| draft.with(partner_form::validate_trade_partner)));
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<StoreError>);
    let save = move || {
        form.submitted.set(true);
        if !form.problems.with_untracked(Vec::is_empty) || busy.get_untracked() {
            return;
        }
        let edited = draft.get_untracked();
        run(busy, failure, Route::TradePartners, async move {
            partners::save_trade_partner(app, id, &edited).await.map(|_| ())
        });
    };
    let delete = id.map(|id| {
        Callback::new(move |()| run(busy, failure, Route::TradePartners, partners::delete_trade_partner(app, id)))
    });
    let text = move |field: PartnerField,
                     label: fn(Tr) -> &'static str,
                     get: fn(&TradePartner) -> &String,
                     set: fn(&mut TradePartner, String)| {
        let value = Signal::derive(move || draft.with(|d| get(d).clone()));
        let input = Callback::new(move |text: String| draft.update(|d| set(d, text)));
        view! { <TextField form field label value input /> }
    };
    view! {
        <form class="customer-form" novalidate on:submit=move |event| { event.prevent_default(); save(); }>
            <fieldset class="card">
                <legend>{move || app.tr().section_trade_partner()}</legend>
                {text(PartnerField::Name, |tr| tr.field_partner_name(), |d| &d.name, |d, v| d.name = v)}
                {enum_select(draft, "field-kind", |tr| tr.field_partner_kind(), PartnerKind::ALL, labels::partner_kind, |d| d.kind, |d, v| d.kind = v)}
                {text(PartnerField::Contact, |tr| tr.field_contact_person(), |d| &d.contact, |d, v| d.contact = v)}
                {text(PartnerField::Phone, |tr| tr.field_phone(), |d| &d.phone, |d, v| d.phone = v)}
                {text(PartnerField::Email, |tr| tr.field_email(), |d| &d.email, |d, v| d.email = v)}
                {text(PartnerField::Address, |tr| tr.field_address(), |d| &d.address, |d, v| d.address = v)}
                {text(PartnerField::Reference, |tr| tr.field_reference(), |d| &d.reference, |d, v| d.reference = v)}
                {text(PartnerField::Notes, |tr| tr.field_notes(), |d| &d.notes, |d, v| d.notes = v)}
            </fieldset>
            <FormFooter form busy failure delete name test_id="save-trade-partner" />
        </form>
    }
}

/// The form's problems summary, save button and (for a stored record) delete with confirmation.
#[component]
fn FormFooter(
    form: Form,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<StoreError>>,
    delete: Option<Callback<()>>,
    name: String,
    test_id: &'static str,
) -> impl IntoView {
    let app = use_app();
    let no_current_user = move || app.current_user.get().is_none();
    let name = StoredValue::new(name);
    let delete = delete.map(|delete| {
        view! {
            <DeleteConfirmation
                ask_id="delete-partner"
                ask=Signal::derive(move || app.tr().partner_delete().to_owned())
                question=Signal::derive(move || app.tr().partner_delete_question(args::PartnerDeleteQuestion { name: name.get_value() }))
                confirm=Signal::derive(move || app.tr().partner_delete_confirm().to_owned())
                busy
                on_confirm=delete
            />
        }
    });
    view! {
        <Show when=no_current_user>
            <p class="notice" data-testid="no-current-user">
                {move || app.tr().form_no_current_user()} " "
                <a href=Route::Settings.href()>{move || app.tr().nav_settings()}</a>
            </p>
        </Show>
        <SaveFailure failure />
        <Show when=move || form.submitted.get() && !form.problems.with(Vec::is_empty)>
            <p class="error-text" role="alert" data-testid="form-problems">
                {move || app.tr().form_has_problems(args::FormHasProblems { count: form.problems.with(Vec::len) })}
            </p>
        </Show>
        <div class="actions sticky-actions">
            <button type="submit" class="button" data-testid=test_id disabled=move || busy.get() || no_current_user()>
                {move || app.tr().form_save()}
            </button>
            {delete}
        </div>
    }
}

#[component]
fn TextField(
    form: Form,
    field: PartnerField,
    label: fn(Tr) -> &'static str,
    value: Signal<String>,
    input: Callback<String>,
) -> impl IntoView {
    let app = use_app();
    let problem = form.problem(field);
    let test_id = format!("field-{}", field_name(field));
    let invalid = invalid(problem);
    let control = if field == PartnerField::Notes {
        view! {
            <textarea
                rows="3"
                data-testid=test_id
                aria-invalid=invalid
                prop:value=value
                on:input=move |event| input.run(event_target_value(&event))
                on:blur=move |_| form.touch(field)
            ></textarea>
        }
        .into_any()
    } else {
        let input_type = match field {
            PartnerField::Email => "email",
            PartnerField::Phone => "tel",
            _ => "text",
        };
        view! {
            <input
                type=input_type
                data-testid=test_id
                aria-invalid=invalid
                prop:value=value
                on:input=move |event| input.run(event_target_value(&event))
                on:blur=move |_| form.touch(field)
            />
        }
        .into_any()
    };
    view! {
        <label class="field" class:wide=field == PartnerField::Notes>
            <span>{move || label(app.tr())}</span>
            {control}
            <FieldError problem />
        </label>
    }
}

/// One rating as a row of buttons: not rated, then 1 to 5.
#[component]
fn RatingField(
    form: Form,
    field: PartnerField,
    label: fn(Tr) -> &'static str,
    value: Signal<u8>,
    pick: Callback<u8>,
) -> impl IntoView {
    let app = use_app();
    let problem = form.problem(field);
    let name = field_name(field);
    let buttons = (0..=MAX_RATING)
        .map(|n| {
            view! {
                <button
                    type="button"
                    class="rating-button"
                    class:none=n == 0
                    data-testid=format!("rating-{name}-{n}")
                    aria-pressed=move || if value.get() == n { "true" } else { "false" }
                    on:click=move |_| {
                        pick.run(n);
                        form.touch(field);
                    }
                >
                    {move || if n == 0 { app.tr().rating_none().to_owned() } else { n.to_string() }}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="field rating-field" role="group" aria-label=move || label(app.tr()) data-testid=format!("field-{name}")>
            <span>{move || label(app.tr())}</span>
            <div class="rating-buttons">{buttons}</div>
            <FieldError problem />
        </div>
    }
}

#[component]
fn FieldError(problem: Signal<Option<FormError>>) -> impl IntoView {
    let app = use_app();
    view! {
        <Show when=move || problem.with(Option::is_some)>
            <span class="field-error" role="alert">{move || problem.get().map(|e| problem_text(app.tr(), e)).unwrap_or_default()}</span>
        </Show>
    }
}
