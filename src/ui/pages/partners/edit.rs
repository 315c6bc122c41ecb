//! Create, edit or delete a supplier or a trade partner. Problems show next to their field once
//! it was left or a save was tried; deleting asks first.

use crate::domain::fields::FormError;
use crate::domain::model::{Id, PartnerKind, Supplier, TradePartner, MAX_RATING};
use crate::domain::partners::form::{self as partner_form, PartnerField, PartnerProblems, SupplierDraft};
use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::state::{partners, use_app, AppState, Revised, StoreError};
use crate::ui::fields::{enum_select, Shown};
use crate::ui::kit::{
    DeleteConfirmation, FieldError, FormFooter, NoCurrentUser, RecordLoader, TextInput, TextKind, Write,
};
use crate::ui::labels;
use crate::ui::problems::form as problem_text;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// The form's validation state.
type Form = Shown<PartnerField, FormError>;

/// The name of `field` in its control's `data-testid`.
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
                None => Ok(Some((SupplierDraft::default(), None))),
                Some(id) => Ok(partners::supplier(app, id).await?.map(|s| (SupplierDraft::of(&s.record), Some(s)))),
            }
        },
        move |(draft, opened)| view! { <SupplierForm draft opened /> },
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
                None => Ok(Some((TradePartner::default(), None))),
                Some(id) => Ok(partners::trade_partner(app, id).await?.map(|p| (p.record.clone(), Some(p)))),
            }
        },
        move |(partner, opened)| view! { <TradePartnerForm partner opened /> },
    )
}

/// A write of the store, boxed so each form names its own.
type Writing = Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;

/// A form's record as typed, its problems and its write (saving it or deleting the stored one,
/// then back to the list); `Copy`, so every field can hold it.
struct Editor<T: Send + Sync + 'static> {
    draft: RwSignal<T>,
    form: Form,
    write: Write<Change<T>>,
}

impl<T: Send + Sync + 'static> Clone for Editor<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Editor<T> {}

impl<T: Clone + Send + Sync + 'static> Editor<T> {
    /// `save` writes a record from the revision the form opened.
    fn new(
        record: T,
        validate: fn(&T) -> PartnerProblems,
        back: Route,
        save: impl Fn(AppState, T) -> Writing + 'static,
        delete: fn(AppState, Id) -> Writing,
    ) -> Self {
        let app = use_app();
        let draft = RwSignal::new(record);
        let form = Form::new(Memo::new(move |_| draft.with(validate)));
        let write = Write::new(move |change: Change<T>| {
            let writing = match change {
                Change::Save(record) => save(app, record),
                Change::Delete(id) => delete(app, id),
            };
            async move {
                writing.await?;
                app.go(back);
                Ok(())
            }
        });
        Editor { draft, form, write }
    }

    /// Saves the draft, once it has no problems; shows them otherwise.
    fn save(self) {
        self.form.submitted.set(true);
        if self.form.problems.with_untracked(Vec::is_empty) {
            self.write.start(Change::Save(self.draft.get_untracked()));
        }
    }

    /// The text control of the draft's text at `get`/`set`.
    fn text(
        self,
        field: PartnerField,
        label: fn(Tr) -> &'static str,
        get: fn(&T) -> &String,
        set: fn(&mut T, String),
    ) -> impl IntoView {
        let draft = self.draft;
        let value = Signal::derive(move || draft.with(|d| get(d).clone()));
        let input = Callback::new(move |text: String| draft.update(|d| set(d, text)));
        text_input(self.form, field, label, value, input)
    }
}

#[component]
fn SupplierForm(draft: SupplierDraft, opened: Option<Revised<Supplier>>) -> impl IntoView {
    let app = use_app();
    let name = draft.supplier.name.clone();
    let id = opened.as_ref().map(|o| o.record.id);
    let save = move |app, draft: SupplierDraft| -> Writing {
        let opened = opened.clone();
        Box::pin(async move { partners::save_supplier(app, opened.as_ref(), &draft).await.map(drop) })
    };
    let editor = Editor::new(draft, partner_form::validate_supplier, Route::Suppliers, save, |app, id| {
        Box::pin(partners::delete_supplier(app, id))
    });
    let Editor { draft, form, write } = editor;
    let rating = move |field: PartnerField,
                       label: fn(Tr) -> &'static str,
                       get: fn(&Supplier) -> u8,
                       set: fn(&mut Supplier, u8)| {
        let value = Signal::derive(move || draft.with(|d| get(&d.supplier)));
        let pick = Callback::new(move |n: u8| draft.update(|d| set(&mut d.supplier, n)));
        view! { <RatingField form field label value pick /> }
    };
    view! {
        <form class="customer-form" novalidate on:submit=move |event| { event.prevent_default(); editor.save(); }>
            <fieldset class="card">
                <legend>{move || app.tr().section_supplier()}</legend>
                {editor.text(PartnerField::Name, |tr| tr.field_partner_name(), |d| &d.supplier.name, |d, v| d.supplier.name = v)}
                {editor.text(PartnerField::Contact, |tr| tr.field_contact_person(), |d| &d.supplier.contact, |d, v| d.supplier.contact = v)}
                {editor.text(PartnerField::Phone, |tr| tr.field_phone(), |d| &d.supplier.phone, |d, v| d.supplier.phone = v)}
                {editor.text(PartnerField::Email, |tr| tr.field_email(), |d| &d.supplier.email, |d, v| d.supplier.email = v)}
                {editor.text(PartnerField::WeChat, |tr| tr.field_wechat(), |d| &d.supplier.wechat, |d, v| d.supplier.wechat = v)}
                {editor.text(PartnerField::Address, |tr| tr.field_address(), |d| &d.supplier.address, |d, v| d.supplier.address = v)}
                {editor.text(PartnerField::Products, |tr| tr.field_products_supplied(), |d| &d.products, |d, v| d.products = v)}
                {editor.text(PartnerField::Notes, |tr| tr.field_notes(), |d| &d.supplier.notes, |d, v| d.supplier.notes = v)}
            </fieldset>
            <fieldset class="card ratings-card">
                <legend>{move || app.tr().section_ratings()}</legend>
                {rating(PartnerField::PriceLevel, |tr| tr.rating_price(), |s| s.price_level, |s, n| s.price_level = n)}
                {rating(PartnerField::DeliverySpeed, |tr| tr.rating_delivery(), |s| s.delivery_speed, |s, n| s.delivery_speed = n)}
                {rating(PartnerField::ServiceLevel, |tr| tr.rating_service(), |s| s.service_level, |s, n| s.service_level = n)}
                {rating(PartnerField::Quality, |tr| tr.rating_quality(), |s| s.quality, |s, n| s.quality = n)}
            </fieldset>
            <Footer form write id name save_id="save-supplier" />
        </form>
    }
}

#[component]
fn TradePartnerForm(partner: TradePartner, opened: Option<Revised<TradePartner>>) -> impl IntoView {
    let app = use_app();
    let name = partner.name.clone();
    let id = opened.as_ref().map(|o| o.record.id);
    let save = move |app, edited: TradePartner| -> Writing {
        let opened = opened.clone();
        Box::pin(async move { partners::save_trade_partner(app, opened.as_ref(), &edited).await.map(drop) })
    };
    let editor = Editor::new(partner, partner_form::validate_trade_partner, Route::TradePartners, save, |app, id| {
        Box::pin(partners::delete_trade_partner(app, id))
    });
    let Editor { draft, form, write } = editor;
    view! {
        <form class="customer-form" novalidate on:submit=move |event| { event.prevent_default(); editor.save(); }>
            <fieldset class="card">
                <legend>{move || app.tr().section_trade_partner()}</legend>
                {editor.text(PartnerField::Name, |tr| tr.field_partner_name(), |d| &d.name, |d, v| d.name = v)}
                {enum_select(draft, "field-kind", |tr| tr.field_partner_kind(), PartnerKind::ALL, labels::partner_kind, |d| d.kind, |d, v| d.kind = v)}
                {editor.text(PartnerField::Contact, |tr| tr.field_contact_person(), |d| &d.contact, |d, v| d.contact = v)}
                {editor.text(PartnerField::Phone, |tr| tr.field_phone(), |d| &d.phone, |d, v| d.phone = v)}
                {editor.text(PartnerField::Email, |tr| tr.field_email(), |d| &d.email, |d, v| d.email = v)}
                {editor.text(PartnerField::Address, |tr| tr.field_address(), |d| &d.address, |d, v| d.address = v)}
                {editor.text(PartnerField::Reference, |tr| tr.field_reference(), |d| &d.reference, |d, v| d.reference = v)}
                {editor.text(PartnerField::Notes, |tr| tr.field_notes(), |d| &d.notes, |d, v| d.notes = v)}
            </fieldset>
            <Footer form write id name save_id="save-trade-partner" />
        </form>
    }
}

/// A save or a delete of the form's record.
#[derive(Clone)]
enum Change<T> {
    Save(T),
    Delete(Id),
}

/// The form's problems summary, save button and (for a stored record) delete with confirmation.
#[component]
fn Footer<T: Clone + Send + Sync + 'static>(
    form: Form,
    write: Write<Change<T>>,
    id: Option<Id>,
    name: String,
    save_id: &'static str,
) -> impl IntoView {
    let app = use_app();
    let name = StoredValue::new(name);
    let delete = id.map(|id| {
        view! {
            <DeleteConfirmation
                ask_id="delete-partner"
                ask=Signal::derive(move || app.tr().partner_delete().to_owned())
                question=Signal::derive(move || app.tr().partner_delete_question(args::PartnerDeleteQuestion { name: name.get_value() }))
                confirm=Signal::derive(move || app.tr().partner_delete_confirm().to_owned())
                busy=write.pending()
                on_confirm=Callback::new(move |()| write.start(Change::Delete(id)))
            />
        }
    });
    view! {
        <NoCurrentUser />
        <FormFooter
            save_id
            problems=Signal::derive(move || form.problems.with(Vec::len))
            submitted=form.submitted
            pending=write.pending()
            failure=write.failure()
        >
            {delete}
        </FormFooter>
    }
}

fn text_input(
    form: Form,
    field: PartnerField,
    label: fn(Tr) -> &'static str,
    value: Signal<String>,
    input: Callback<String>,
) -> impl IntoView {
    let kind = match field {
        PartnerField::Notes => TextKind::Long,
        PartnerField::Email => TextKind::Email,
        PartnerField::Phone => TextKind::Phone,
        _ => TextKind::Text,
    };
    view! {
        <TextInput
            test_id=format!("field-{}", field_name(field))
            label
            kind
            value
            input
            error=form.problem_text(field, problem_text)
            leave=Callback::new(move |()| form.touch(field))
        />
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
            <FieldError error=form.problem_text(field, problem_text) />
        </div>
    }
}
