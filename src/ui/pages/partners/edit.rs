//! Create, edit or delete a supplier or a trade partner. Problems show next to their field once
//! it was left or a save was tried; deleting asks first. A save starts from the revision the
//! form opened: a change made elsewhere meanwhile is merged, or, where it touched the same
//! fields, put to the user in the clash dialog; a draft that could not be saved is kept for the
//! tab until saved or discarded; a record two synced devices changed at once is settled here, in
//! the same clash dialog. Both forms share all of this ([`Editor`]); each words its own
//! fields ([`PartnerForm`]).

use crate::domain::fields::FormError;
use crate::domain::model::{Id, PartnerKind, Supplier, TradePartner, MAX_RATING};
use crate::domain::partners::form::{self as partner_form, PartnerField, PartnerProblems, SupplierDraft};
use crate::i18n::{args, Tr};
use crate::state::partners::{self, PartnerRecord};
use crate::state::route::Route;
use crate::state::sync;
use crate::state::{use_app, users, AppState, Clashed, Decision, Key, Revised, Revision, Saved, StoreError};
use crate::ui::fields::{enum_select, Shown};
use crate::ui::kit::{
    made, one_per_clash, record_clash, ChangedElsewhere, ClashRow, ConflictBanners, DeleteConfirmation, DraftKept,
    FieldError, FormFooter, Made, NoCurrentUser, RecordLoader, TextInput, TextKind, Wording, Write,
};
use crate::ui::labels;
use crate::ui::problems::form as problem_text;
use leptos::prelude::*;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

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

/// A partner kind as its form words it in the clash dialog.
trait PartnerForm: PartnerRecord {
    /// The name of stored field `field`, as the form labels it.
    fn label(tr: Tr, field: &'static str) -> &'static str;

    /// Stored field `field` in words; a text field as it is.
    fn words(&self, tr: Tr, field: &str) -> String;
}

/// A rating in words: a number, or not rated.
fn rating_words(tr: Tr, rating: u8) -> String {
    if rating == 0 {
        tr.rating_none().to_owned()
    } else {
        rating.to_string()
    }
}

impl PartnerForm for Supplier {
    fn label(tr: Tr, field: &'static str) -> &'static str {
        match field {
            "name" => tr.field_partner_name(),
            "address" => tr.field_address(),
            "contact" => tr.field_contact_person(),
            "phone" => tr.field_phone(),
            "email" => tr.field_email(),
            "wechat" => tr.field_wechat(),
            "notes" => tr.field_notes(),
            "products" => tr.field_products_supplied(),
            "price_level" => tr.rating_price(),
            "delivery_speed" => tr.rating_delivery(),
            "service_level" => tr.rating_service(),
            "quality" => tr.rating_quality(),
            // The id and the stamps never clash.
            _ => field,
        }
    }

    fn words(&self, tr: Tr, field: &str) -> String {
        match field {
            "name" => self.name.clone(),
            "address" => self.address.clone(),
            "contact" => self.contact.clone(),
            "phone" => self.phone.clone(),
            "email" => self.email.clone(),
            "wechat" => self.wechat.clone(),
            "notes" => self.notes.clone(),
            // As the form shows them.
            "products" => SupplierDraft::of(self).products,
            "price_level" => rating_words(tr, self.price_level),
            "delivery_speed" => rating_words(tr, self.delivery_speed),
            "service_level" => rating_words(tr, self.service_level),
            "quality" => rating_words(tr, self.quality),
            _ => String::new(),
        }
    }
}

impl PartnerForm for TradePartner {
    fn label(tr: Tr, field: &'static str) -> &'static str {
        match field {
            "name" => tr.field_partner_name(),
            "kind" => tr.field_partner_kind(),
            "contact" => tr.field_contact_person(),
            "phone" => tr.field_phone(),
            "email" => tr.field_email(),
            "address" => tr.field_address(),
            "reference" => tr.field_reference(),
            "notes" => tr.field_notes(),
            // The id and the stamps never clash.
            _ => field,
        }
    }

    fn words(&self, tr: Tr, field: &str) -> String {
        match field {
            "name" => self.name.clone(),
            "kind" => labels::partner_kind(tr, self.kind).to_owned(),
            "contact" => self.contact.clone(),
            "phone" => self.phone.clone(),
            "email" => self.email.clone(),
            "address" => self.address.clone(),
            "reference" => self.reference.clone(),
            "notes" => self.notes.clone(),
            _ => String::new(),
        }
    }
}

/// Everything a form needs before it can show: the record as opened (when editing), the draft
/// — the one kept from an earlier save that could not be made, if any — and the users' names.
struct Loaded<R: PartnerRecord> {
    opened: Option<Revised<R>>,
    draft: R::Draft,
    kept: bool,
    users: Rc<HashMap<Id, String>>,
}

impl<R: PartnerRecord> Clone for Loaded<R> {
    fn clone(&self) -> Self {
        Loaded { opened: self.opened.clone(), draft: self.draft.clone(), kept: self.kept, users: self.users.clone() }
    }
}

async fn load<R: PartnerRecord>(app: AppState, id: Option<Id>) -> Result<Option<Loaded<R>>, StoreError> {
    let users = Rc::new(users::list(app).await?.into_iter().map(|u| (u.id, u.name)).collect());
    let opened = match id {
        None => None,
        Some(id) => match partners::opened::<R>(app, id).await? {
            Some(opened) => Some(opened),
            None => return Ok(None),
        },
    };
    if let Some(kept) = partners::kept_draft::<R>(app, id) {
        return Ok(Some(Loaded { opened: kept.opened, draft: kept.draft, kept: true, users }));
    }
    let draft = opened.as_ref().map_or_else(|| R::default().draft(), |opened| opened.record.draft());
    Ok(Some(Loaded { opened, draft, kept: false, users }))
}

/// Loads the record to edit (or a new one) and shows `body` with it; a missing record says so.
fn page<R, V>(
    test_id: &'static str,
    back: Route,
    title: fn(Tr, bool) -> &'static str,
    id: Option<Id>,
    body: impl Fn(Loaded<R>) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    R: PartnerForm,
    V: IntoView + 'static,
{
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        load::<R>(app, id)
    });
    let conflicts = id.map(|id| conflicts(id, loaded));
    view! {
        <section class="page" data-testid=test_id>
            <a class="back-link" href=back.href()>{move || format!("← {}", app.tr().partners_back())}</a>
            <h1>{move || title(app.tr(), id.is_some())}</h1>
            {conflicts}
            // The language is read inside each branch, never here: a language switch must not
            // rebuild the form and lose what was typed.
            <RecordLoader
                resource=loaded
                missing=Signal::derive(move || app.tr().partner_not_found().to_owned())
                let:loaded
            >
                {body(loaded)}
            </RecordLoader>
        </section>
    }
}

#[component]
pub fn SupplierEdit(id: Option<Id>) -> impl IntoView {
    page::<Supplier, _>(
        "supplier-form",
        Route::Suppliers,
        |tr, editing| if editing { tr.supplier_edit_title() } else { tr.supplier_new() },
        id,
        move |loaded| view! { <SupplierForm id loaded /> },
    )
}

#[component]
pub fn TradePartnerEdit(id: Option<Id>) -> impl IntoView {
    page::<TradePartner, _>(
        "trade-partner-form",
        Route::TradePartners,
        |tr, editing| if editing { tr.trade_partner_edit_title() } else { tr.trade_partner_new() },
        id,
        move |loaded| view! { <TradePartnerForm id loaded /> },
    )
}

/// The banner of the record's conflict between two synced devices, settled in the clash dialog
/// worded as the form words its fields.
fn conflicts<R: PartnerForm>(id: Id, loaded: LocalResource<Result<Option<Loaded<R>>, StoreError>>) -> impl IntoView {
    let wording: Wording = Rc::new(move |tr, case| {
        let users = loaded.get_untracked()?.ok()??.users;
        let by = made(tr, &case.winner, |id| {
            users.get(&id).cloned().unwrap_or_else(|| tr.unknown_user(args::UnknownUser { id }))
        });
        Some(one_per_clash(partner_rows(tr, &sync::clashed::<R>(case)?, by)))
    });
    view! { <ConflictBanners records=Signal::derive(move || vec![(R::ENTITY, Key::Id(id))]) wording /> }
}

/// Each clashing field as the dialog shows it, the stored side made `by`: text fields may be
/// typed anew.
fn partner_rows<R: PartnerForm>(tr: Tr, clashed: &Clashed<R>, by: Made) -> Vec<ClashRow> {
    let shown = |text: String| if text.is_empty() { tr.not_set().to_owned() } else { text };
    let rows = clashed.clashes.iter().map(|clash| ClashRow {
        name: R::label(tr, clash.field).to_owned(),
        stored: shown(clashed.stored.record.words(tr, clash.field)),
        mine: shown(clashed.mine.words(tr, clash.field)),
        by: by.clone(),
        typed: R::is_text(clash.field).then(|| clashed.mine.words(tr, clash.field)),
    });
    rows.collect()
}

/// A deletion of the store, boxed so each form names its own.
type Deleting = Pin<Box<dyn Future<Output = Result<(), StoreError>>>>;

/// A form's record as typed, its problems, its write (saving it or deleting the stored one, then
/// back to the list), what the next save starts from, and a clash waiting for the user's
/// decisions; `Copy`, so every field can hold it.
struct Editor<R: PartnerForm> {
    id: Option<Id>,
    draft: RwSignal<R::Draft>,
    form: Form,
    write: Write<Change<R::Draft>>,
    /// As opened, then as stored when the user settled a clash or discarded a kept draft. A
    /// signal: the banner of a change made elsewhere compares with it.
    base: RwSignal<Option<Revised<R>>>,
    /// Whether the draft shown is one kept from an earlier save.
    kept: RwSignal<bool>,
    clash: RwSignal<Option<Rc<Clashed<R>>>, LocalStorage>,
    /// The record as stored now, read again on every write (another tab's too).
    current: LocalResource<Option<Revised<R>>>,
    users: StoredValue<Rc<HashMap<Id, String>>, LocalStorage>,
}

impl<R: PartnerForm> Clone for Editor<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: PartnerForm> Copy for Editor<R> {}

impl<R: PartnerForm> Editor<R> {
    fn new(
        id: Option<Id>,
        loaded: Loaded<R>,
        validate: fn(&R::Draft) -> PartnerProblems,
        back: Route,
        delete: fn(AppState, Revised<R>) -> Deleting,
    ) -> Self {
        let app = use_app();
        let Loaded { opened, draft, kept, users } = loaded;
        let draft = RwSignal::new(draft);
        let form = Form::new(Memo::new(move |_| draft.with(validate)));
        let base = RwSignal::new(opened);
        let clash = RwSignal::new_local(None::<Rc<Clashed<R>>>);
        let write = Write::new(move |change: Change<R::Draft>| async move {
            match change {
                Change::Save(typed) => {
                    let opened = base.get_untracked();
                    let saved = partners::save(app, opened.as_ref(), &typed).await;
                    if !matches!(saved, Ok(Saved::Stored { .. })) {
                        partners::keep_draft::<R>(app, id, opened.as_ref(), &typed);
                    }
                    if let Saved::Clashed(clashed) = saved? {
                        clash.set(Some(Rc::from(clashed)));
                        return Ok(());
                    }
                }
                // From the revision shown: a record changed meanwhile is refused, not deleted unseen.
                Change::Delete => match base.get_untracked() {
                    Some(shown) => delete(app, shown).await?,
                    None => return Ok(()),
                },
            }
            partners::discard_draft::<R>(app, id);
            app.go(back);
            Ok(())
        });
        let current = app.watch(move || async move {
            match id {
                Some(id) => partners::opened::<R>(app, id).await.ok().flatten(),
                None => None,
            }
        });
        Editor {
            id,
            draft,
            form,
            write,
            base,
            kept: RwSignal::new(kept),
            clash,
            current,
            users: StoredValue::new_local(users),
        }
    }

    /// Saves the draft, once it has no problems; shows them otherwise.
    fn save(self) {
        self.form.submitted.set(true);
        if self.form.problems.with_untracked(Vec::is_empty) {
            self.write.start(Change::Save(self.draft.get_untracked()));
        }
    }

    /// Saves the clashed draft as the user decided each clash, from the record as stored now.
    fn decide(self, decisions: &[Decision]) {
        let Some(clashed) = self.clash.get_untracked() else { return };
        let decided = clashed.resolve(decisions).draft();
        self.base.set(Some(clashed.stored.clone()));
        self.draft.set(decided.clone());
        self.clash.set(None);
        self.write.start(Change::Save(decided));
    }

    /// Forgets the kept draft: back to the record as stored now (a kept draft may have been
    /// opened before others saved).
    fn discard(self, app: AppState) {
        partners::discard_draft::<R>(app, self.id);
        self.kept.set(false);
        if let Some(stored) = self.current.get_untracked().flatten() {
            self.base.set(Some(stored));
        }
        if let Some(opened) = self.base.get_untracked() {
            self.draft.set(opened.record.draft());
        }
    }

    /// Who made `revision` and when, in words.
    fn made_by(self, tr: Tr, revision: Option<Revision>) -> Made {
        self.users.with_value(|users| {
            Made::of(tr, revision, |id| {
                users.get(&id).cloned().unwrap_or_else(|| tr.unknown_user(args::UnknownUser { id }))
            })
        })
    }

    /// The banners above the form (a kept draft, a change made elsewhere) and the clash dialog
    /// while a save waits for the user's decisions.
    fn notices(self) -> impl IntoView {
        let app = use_app();
        let changed_elsewhere = Signal::derive_local(move || {
            let now = self.current.get().flatten()?;
            self.base.with(|base| base.as_ref().is_some_and(|b| *b != now)).then(|| {
                let tr = app.tr();
                let Made { user, time } = self.made_by(tr, now.revision);
                tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
            })
        });
        let on_decide = Callback::new(move |decisions: Vec<Decision>| self.decide(&decisions));
        let dialog = record_clash(
            self.clash,
            move |tr, clashed| self.clash_rows(tr, clashed),
            move |tr, revision| self.made_by(tr, revision),
            self.write.pending().into(),
            on_decide,
        );
        view! {
            <DraftKept kept=self.kept on_discard=Callback::new(move |()| self.discard(app)) />
            <ChangedElsewhere message=changed_elsewhere />
            {dialog}
        }
    }

    /// Each clashing field as the dialog shows it: text fields may be typed anew.
    fn clash_rows(self, tr: Tr, clashed: &Clashed<R>) -> Vec<ClashRow> {
        partner_rows(tr, clashed, self.made_by(tr, clashed.stored.revision))
    }

    /// Whether the form takes no edits: while the clash dialog is open, as its decisions replace
    /// the draft.
    fn inert(self) -> bool {
        self.clash.with(Option::is_some)
    }

    /// The text control of the draft's text at `get`/`set`.
    fn text(
        self,
        field: PartnerField,
        label: fn(Tr) -> &'static str,
        get: fn(&R::Draft) -> &String,
        set: fn(&mut R::Draft, String),
    ) -> impl IntoView {
        let draft = self.draft;
        let value = Signal::derive(move || draft.with(|d| get(d).clone()));
        let input = Callback::new(move |text: String| draft.update(|d| set(d, text)));
        text_input(self.form, field, label, value, input)
    }
}

#[component]
fn SupplierForm(id: Option<Id>, loaded: Loaded<Supplier>) -> impl IntoView {
    let app = use_app();
    let name = loaded.opened.as_ref().map(|o| o.record.name.clone()).unwrap_or_default();
    let editor = Editor::new(id, loaded, partner_form::validate_supplier, Route::Suppliers, |app, shown| {
        Box::pin(async move { partners::delete_supplier(app, &shown).await })
    });
    let Editor { draft, form, write, .. } = editor;
    let rating = move |field: PartnerField,
                       label: fn(Tr) -> &'static str,
                       get: fn(&Supplier) -> u8,
                       set: fn(&mut Supplier, u8)| {
        let value = Signal::derive(move || draft.with(|d| get(&d.supplier)));
        let pick = Callback::new(move |n: u8| draft.update(|d| set(&mut d.supplier, n)));
        view! { <RatingField form field label value pick /> }
    };
    view! {
        {editor.notices()}
        <form class="customer-form" novalidate inert=move || editor.inert() on:submit=move |event| { event.prevent_default(); editor.save(); }>
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
fn TradePartnerForm(id: Option<Id>, loaded: Loaded<TradePartner>) -> impl IntoView {
    let app = use_app();
    let name = loaded.opened.as_ref().map(|o| o.record.name.clone()).unwrap_or_default();
    let editor = Editor::new(id, loaded, partner_form::validate_trade_partner, Route::TradePartners, |app, shown| {
        Box::pin(async move { partners::delete_trade_partner(app, &shown).await })
    });
    let Editor { draft, form, write, .. } = editor;
    view! {
        {editor.notices()}
        <form class="customer-form" novalidate inert=move || editor.inert() on:submit=move |event| { event.prevent_default(); editor.save(); }>
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
    Delete,
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
    let delete = id.is_some().then(|| {
        view! {
            <DeleteConfirmation
                ask_id="delete-partner"
                ask=Signal::derive(move || app.tr().partner_delete().to_owned())
                question=Signal::derive(move || app.tr().partner_delete_question(args::PartnerDeleteQuestion { name: name.get_value() }))
                confirm=Signal::derive(move || app.tr().partner_delete_confirm().to_owned())
                busy=write.pending()
                on_confirm=Callback::new(move |()| write.start(Change::Delete))
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
