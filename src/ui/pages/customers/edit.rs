//! Create or edit a customer with its contacts and account team. Problems show next to their
//! field once it was left or a save was tried; nothing is saved while any remain. A save starts
//! from the revisions the form opened: a change made elsewhere meanwhile is merged, or, where it
//! touched the same fields, put to the user in the clash dialog; a draft that could not be saved
//! is kept for the tab until saved or discarded.

use super::clash::{made_by, ClashDialog};
use super::duplicates::DuplicateWarning;
use crate::domain::customers::form::{self as customer_form, CustomerDraft, FormField};
use crate::domain::fields::FormError;
use crate::domain::model::{
    Application, BuyerRole, CommunicationStatus, Concern, Contact, ContactRole, Customer, CustomerType, Id, LeadSource,
    Lifecycle, LostKind, User,
};
use crate::domain::region::{MarketType, PROVINCES};
use crate::i18n::{args, Tr};
use crate::state::customers::{self, Clashes, CustomerFile, Decision, Opened, Saved};
use crate::state::route::Route;
use crate::state::StoreError;
use crate::state::{use_app, users, AppState};
use crate::ui::fields::{self, enum_select, SelectField};
use crate::ui::kit::{
    ChangedElsewhere, DraftKept, FieldError, FormFooter, Made, NoCurrentUser, RecordLoader, TextInput, TextKind, Write,
};
use crate::ui::labels;
use crate::ui::labels::province_name;
use crate::ui::problems::form as problem_text;
use leptos::prelude::*;
use std::rc::Rc;

/// Everything the form needs before it can show: the stored customer with its revisions and its
/// file (when editing), the users, and the draft — the one kept from an earlier save that could
/// not be made, if any.
#[derive(Clone)]
struct Loaded {
    draft: CustomerDraft,
    users: Vec<User>,
    opened: Option<Opened>,
    file: Option<Rc<CustomerFile>>,
    kept: bool,
}

async fn load(app: AppState, id: Option<Id>) -> Result<Option<Loaded>, StoreError> {
    let users = users::list(app).await?;
    let (opened, file) = match id {
        None => (None, None),
        Some(id) => match customers::opened(app, id).await? {
            Some(opened) => (Some(opened), customers::file(app, id).await?),
            None => return Ok(None),
        },
    };
    if let Some(kept) = customers::kept_draft(app, id) {
        return Ok(Some(Loaded { draft: kept.draft, users, opened: kept.opened, file, kept: true }));
    }
    let draft = match &opened {
        Some(opened) => opened.draft(),
        None => {
            let mut customer = Customer { country: "CN".into(), ..Customer::default() };
            customer.team.lead = app.current_user.get_untracked().unwrap_or(0);
            CustomerDraft { customer, credit_index: "0".into(), ..CustomerDraft::default() }
        }
    };
    Ok(Some(Loaded { draft, users, opened, file, kept: false }))
}

#[component]
pub fn CustomerEdit(id: Option<Id>) -> impl IntoView {
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        load(app, id)
    });
    let back = id.map_or(Route::Customers, Route::Customer).href();
    view! {
        <section class="page" data-testid="customer-form">
            <a class="back-link" href=back>{move || format!("← {}", app.tr().form_back())}</a>
            <h1>{move || if id.is_some() { app.tr().form_edit_title() } else { app.tr().form_new_title() }}</h1>
            // The language is read inside each branch, never here: a language switch must not
            // rebuild the form and lose what was typed.
            <RecordLoader
                resource=loaded
                missing=Signal::derive(move || app.tr().customer_not_found(args::CustomerNotFound { id: id.unwrap_or(0) }))
                let:loaded
            >
                <FormBody id loaded />
            </RecordLoader>
        </section>
    }
}

type Form = fields::Form<CustomerDraft, FormField, FormError>;

fn not_set(tr: Tr) -> &'static str {
    tr.not_set()
}

fn follow_province(tr: Tr) -> &'static str {
    tr.market_follow_province()
}

#[component]
fn FormBody(id: Option<Id>, loaded: Loaded) -> impl IntoView {
    let app = use_app();
    let Loaded { draft, users, opened, file, kept } = loaded;
    let draft = RwSignal::new(draft);
    let form = Form::new(draft, Memo::new(move |_| draft.with(customer_form::validate)), problem_text);
    // What the next save starts from: as opened, then as stored when the user settled a clash or
    // discarded a kept draft. A signal: the banner of a change made elsewhere compares with it.
    let base = RwSignal::new(opened);
    let kept = RwSignal::new(kept);
    let clash = RwSignal::new_local(None::<Rc<Clashes>>);
    let write = Write::new(move |draft: CustomerDraft| async move {
        let opened = base.get_untracked();
        match customers::save(app, opened.as_ref(), &draft).await {
            Ok(Saved::Stored { id: saved, .. }) => {
                customers::discard_draft(app, id);
                app.go(Route::Customer(saved));
                Ok(())
            }
            Ok(Saved::Clashed(clashes)) => {
                customers::keep_draft(app, id, opened.as_ref(), &draft);
                clash.set(Some(Rc::from(clashes)));
                Ok(())
            }
            Err(error) => {
                customers::keep_draft(app, id, opened.as_ref(), &draft);
                Err(error)
            }
        }
    });
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashes) = clash.get_untracked() else { return };
        let resolved = customers::resolve(&clashes, &decisions);
        base.set(Some(clashes.stored.clone()));
        draft.set(resolved.clone());
        clash.set(None);
        write.start(resolved);
    });
    // The customer as stored now, read again on every write (another tab's too).
    let current = app.watch(move || async move {
        match id {
            Some(id) => customers::opened(app, id).await.ok().flatten(),
            None => None,
        }
    });
    // Back to the customer as stored now: a kept draft may have been opened before others saved.
    let discard = move |_| {
        customers::discard_draft(app, id);
        kept.set(false);
        if let Some(stored) = current.get_untracked().flatten() {
            base.set(Some(stored));
        }
        if let Some(opened) = base.get_untracked() {
            draft.set(opened.draft());
        }
    };
    let file = StoredValue::new_local(file);
    let changed_elsewhere = Signal::derive_local(move || {
        let now = current.get().flatten()?;
        let file = file.get_value()?;
        base.with(|base| base.as_ref().is_some_and(|b| *b != now)).then(|| {
            let tr = app.tr();
            let Made { user, time } = made_by(tr, &file, customers::latest_revision(&now));
            tr.changed_elsewhere(args::ChangedElsewhere { user: &user, time: &time })
        })
    });
    let dialog = move || {
        let clashes = clash.get()?;
        let file = file.get_value()?;
        let cancel = Callback::new(move |()| clash.set(None));
        Some(view! { <ClashDialog clashes file pending=write.pending() on_decide=decide on_cancel=cancel /> })
    };
    let active_users: Vec<(String, String)> =
        users.iter().filter(|u| u.active).map(|u| (u.id.to_string(), u.name.clone())).collect();
    let active_users = StoredValue::new(active_users);
    let save = move || {
        form.shown.submitted.set(true);
        if form.shown.problems.with_untracked(Vec::is_empty) {
            write.start(draft.get_untracked());
        }
    };
    let text = move |field: FormField,
                     label: fn(Tr) -> &'static str,
                     get: fn(&CustomerDraft) -> &String,
                     set: fn(&mut CustomerDraft, String)| {
        let value = Signal::derive(move || draft.with(|d| get(d).clone()));
        let input = Callback::new(move |text: String| draft.update(|d| set(d, text)));
        text_input(form, field, label, value, input)
    };
    let province_options = Signal::derive(move || {
        let locale = app.locale.get();
        PROVINCES.iter().map(|p| (p.code.to_owned(), province_name(locale, p).to_owned())).collect::<Vec<_>>()
    });
    view! {
        <NoCurrentUser />
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
                <legend>{move || app.tr().section_profile()}</legend>
                {text(FormField::Company, |tr| tr.field_company(), |d| &d.customer.company, |d, v| d.customer.company = v)}
                {text(FormField::Industry, |tr| tr.field_industry(), |d| &d.customer.industry, |d, v| d.customer.industry = v)}
                {text(FormField::ParentCompany, |tr| tr.field_parent_company(), |d| &d.customer.parent_company, |d, v| d.customer.parent_company = v)}
                {text(FormField::Country, |tr| tr.field_country_code(), |d| &d.customer.country, |d, v| d.customer.country = v)}
                <SelectField
                    test_id="field-province"
                    label=|tr| tr.field_province()
                    options=province_options
                    current=Signal::derive(move || draft.with(|d| d.customer.province.clone()))
                    pick=Callback::new(move |code: String| draft.update(|d| d.customer.province = code))
                    empty=Some(not_set)
                />
                {text(FormField::City, |tr| tr.field_city(), |d| &d.customer.city, |d, v| d.customer.city = v)}
                {text(FormField::Address, |tr| tr.field_address(), |d| &d.customer.address, |d, v| d.customer.address = v)}
                {text(FormField::Phone, |tr| tr.field_phone(), |d| &d.customer.phone, |d, v| d.customer.phone = v)}
                {text(FormField::Email, |tr| tr.field_email(), |d| &d.customer.email, |d, v| d.customer.email = v)}
                {text(FormField::WeChat, |tr| tr.field_wechat(), |d| &d.customer.wechat, |d, v| d.customer.wechat = v)}
                {text(FormField::OtherChannels, |tr| tr.field_other_channels(), |d| &d.customer.other_channels, |d, v| d.customer.other_channels = v)}
                {text(FormField::MainProducts, |tr| tr.field_main_products(), |d| &d.main_products, |d, v| d.main_products = v)}
                {text(FormField::CreditIndex, |tr| tr.field_credit_index(), |d| &d.credit_index, |d, v| d.credit_index = v)}
            </fieldset>
            <fieldset class="card">
                <legend>{move || app.tr().section_classification()}</legend>
                {enum_select(form.draft, "field-lifecycle", |tr| tr.field_lifecycle(), Lifecycle::ALL, labels::lifecycle, |d| d.customer.lifecycle, |d, v| d.customer.lifecycle = v)}
                <Show when=move || draft.with(|d| d.customer.lifecycle == Lifecycle::Lost)>
                    <SelectField
                        test_id="field-lost-kind"
                        label=|tr| tr.field_lost_kind()
                        options=Signal::derive(move || {
                            let tr = app.tr();
                            LostKind::ALL.iter().map(|k| (k.as_str().to_owned(), labels::lost_kind(tr, *k).to_owned())).collect::<Vec<_>>()
                        })
                        current=Signal::derive(move || draft.with(|d| d.customer.lost_kind.map(|k| k.as_str().to_owned()).unwrap_or_default()))
                        pick=Callback::new(move |kind: String| draft.update(|d| d.customer.lost_kind = LostKind::parse(&kind)))
                        empty=Some(not_set)
                    />
                    <FieldError error=form.error(FormField::LostKind) />
                    {text(FormField::LostReason, |tr| tr.field_lost_reason(), |d| &d.customer.lost_reason, |d, v| d.customer.lost_reason = v)}
                </Show>
                {enum_select(form.draft, "field-customer-type", |tr| tr.field_customer_type(), CustomerType::ALL, labels::customer_type, |d| d.customer.customer_type, |d, v| d.customer.customer_type = v)}
                {enum_select(form.draft, "field-buyer-role", |tr| tr.field_buyer_role(), BuyerRole::ALL, labels::buyer_role, |d| d.customer.buyer_role, |d, v| d.customer.buyer_role = v)}
                {enum_select(form.draft, "field-concern", |tr| tr.field_concern(), Concern::ALL, labels::concern, |d| d.customer.concern, |d, v| d.customer.concern = v)}
                {enum_select(form.draft, "field-application", |tr| tr.field_application(), Application::ALL, labels::application, |d| d.customer.application, |d, v| d.customer.application = v)}
                <SelectField
                    test_id="field-market-override"
                    label=|tr| tr.market_override_field()
                    options=Signal::derive(move || {
                        let tr = app.tr();
                        MarketType::ALL.iter().map(|m| (m.as_str().to_owned(), labels::market(tr, *m).to_owned())).collect::<Vec<_>>()
                    })
                    current=Signal::derive(move || draft.with(|d| d.customer.market_override.map(|m| m.as_str().to_owned()).unwrap_or_default()))
                    pick=Callback::new(move |market: String| draft.update(|d| d.customer.market_override = MarketType::parse(&market)))
                    empty=Some(follow_province)
                />
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="field-key-account"
                        prop:checked=move || draft.with(|d| d.customer.key_account)
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            draft.update(|d| d.customer.key_account = on);
                        }
                    />
                    {move || app.tr().key_account_field()}
                </label>
                <Show when=move || draft.with(|d| d.customer.key_account)>
                    {text(FormField::KeyAccountReason, |tr| tr.key_account_reason(), |d| &d.customer.key_account_reason, |d, v| d.customer.key_account_reason = v)}
                </Show>
                {enum_select(form.draft, "field-source", |tr| tr.field_source(), LeadSource::ALL, labels::lead_source, |d| d.customer.source, |d, v| d.customer.source = v)}
                {enum_select(form.draft, "field-communication", |tr| tr.field_communication(), CommunicationStatus::ALL, labels::communication, |d| d.customer.communication, |d, v| d.customer.communication = v)}
            </fieldset>
            <fieldset class="card">
                <legend>{move || app.tr().section_team()}</legend>
                <SelectField
                    test_id="field-team-lead"
                    label=|tr| tr.team_lead()
                    options=Signal::derive(move || active_users.get_value())
                    current=Signal::derive(move || draft.with(|d| if d.customer.team.lead == 0 { String::new() } else { d.customer.team.lead.to_string() }))
                    pick=Callback::new(move |id: String| draft.update(|d| d.customer.team.lead = id.parse().unwrap_or(0)))
                    empty=Some(not_set)
                />
                <FieldError error=form.error(FormField::TeamLead) />
                <div class="checks" role="group" aria-label=move || app.tr().team_member()>
                    {active_users.get_value().into_iter().map(|(id, name)| {
                        let member: Id = id.parse().unwrap_or(0);
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-testid=format!("team-member-{name}")
                                    prop:checked=move || draft.with(|d| d.customer.team.members.contains(&member))
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        draft.update(|d| {
                                            d.customer.team.members.retain(|m| *m != member);
                                            if on { d.customer.team.members.push(member); }
                                        });
                                    }
                                />
                                {name}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <ContactsFields form />
            {id.is_none().then(|| {
                let customer = Signal::derive(move || draft.with(|d| d.apply(&Customer::default())));
                let contacts = Signal::derive(move || draft.with(|d| d.contacts_for(0)));
                view! { <DuplicateWarning customer contacts /> }
            })}
            <FormFooter
                save_id="save-customer"
                problems=Signal::derive(move || form.shown.problems.with(Vec::len))
                submitted=form.shown.submitted
                pending=write.pending()
                failure=write.failure()
            />
        </form>
    }
}

#[component]
fn ContactsFields(form: Form) -> impl IntoView {
    let app = use_app();
    let draft = form.draft;
    // Only a change in the number of contacts rebuilds the rows, so typing keeps focus.
    let count = Memo::new(move |_| draft.with(|d| d.contacts.len()));
    let add =
        move |_| draft.update(|d| d.contacts.push(Contact { primary: d.contacts.is_empty(), ..Default::default() }));
    view! {
        <fieldset class="card">
            <legend>{move || app.tr().section_contacts()}</legend>
            {move || (0..count.get()).map(|i| view! { <ContactRow form index=i /> }).collect_view()}
            <button type="button" class="button secondary" data-testid="add-contact" on:click=add>
                {move || app.tr().form_add_contact()}
            </button>
        </fieldset>
    }
}

#[component]
fn ContactRow(form: Form, index: usize) -> impl IntoView {
    let app = use_app();
    let draft = form.draft;
    let field = move |field: FormField,
                      label: fn(Tr) -> &'static str,
                      get: fn(&Contact) -> &String,
                      set: fn(&mut Contact, String)| {
        let value =
            Signal::derive(move || draft.with(|d| d.contacts.get(index).map(|c| get(c).clone()).unwrap_or_default()));
        let input = Callback::new(move |text: String| {
            draft.update(|d| {
                if let Some(c) = d.contacts.get_mut(index) {
                    set(c, text)
                }
            })
        });
        text_input(form, field, label, value, input)
    };
    let role_options = Signal::derive(move || {
        let tr = app.tr();
        ContactRole::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), labels::contact_role(tr, *r).to_owned()))
            .collect::<Vec<_>>()
    });
    view! {
        <div class="contact-fields" data-testid="contact-fields">
            {field(FormField::ContactName(index), |tr| tr.field_contact_name(), |c| &c.name, |c, v| c.name = v)}
            {field(FormField::ContactTitle(index), |tr| tr.field_title(), |c| &c.title, |c, v| c.title = v)}
            {field(FormField::ContactPhone(index), |tr| tr.field_phone(), |c| &c.phone, |c, v| c.phone = v)}
            {field(FormField::ContactEmail(index), |tr| tr.field_email(), |c| &c.email, |c, v| c.email = v)}
            {field(FormField::ContactWeChat(index), |tr| tr.field_wechat(), |c| &c.wechat, |c, v| c.wechat = v)}
            <SelectField
                test_id="field-contact-role"
                label=|tr| tr.field_role()
                options=role_options
                current=Signal::derive(move || draft.with(|d| d.contacts.get(index).map(|c| c.role.as_str().to_owned()).unwrap_or_default()))
                pick=Callback::new(move |role: String| draft.update(|d| {
                    if let (Some(c), Some(role)) = (d.contacts.get_mut(index), ContactRole::parse(&role)) { c.role = role; }
                }))
                empty=None
            />
            <div class="actions">
                <label class="check">
                    <input
                        type="radio"
                        name="primary-contact"
                        prop:checked=move || draft.with(|d| d.contacts.get(index).is_some_and(|c| c.primary))
                        on:change=move |_| draft.update(|d| for (i, c) in d.contacts.iter_mut().enumerate() { c.primary = i == index; })
                    />
                    {move || app.tr().contact_primary()}
                </label>
                <button
                    type="button"
                    class="button danger"
                    data-testid="remove-contact"
                    on:click=move |_| {
                        form.shown.touched.update(|t| t.retain(|f| !is_contact_field(*f)));
                        draft.update(|d| { if index < d.contacts.len() { d.contacts.remove(index); } });
                    }
                >
                    {move || app.tr().form_remove_contact()}
                </button>
            </div>
        </div>
    }
}

/// Contact problems are by position: after a removal the positions shift, so touched marks go.
fn is_contact_field(field: FormField) -> bool {
    matches!(
        field,
        FormField::ContactName(_)
            | FormField::ContactTitle(_)
            | FormField::ContactPhone(_)
            | FormField::ContactEmail(_)
            | FormField::ContactWeChat(_)
    )
}

fn field_test_id(field: FormField) -> String {
    let name = match field {
        FormField::Company => "company",
        FormField::Country => "country",
        FormField::Province => "province",
        FormField::City => "city",
        FormField::Address => "address",
        FormField::Phone => "phone",
        FormField::Email => "email",
        FormField::WeChat => "wechat",
        FormField::OtherChannels => "other-channels",
        FormField::MainProducts => "main-products",
        FormField::Industry => "industry",
        FormField::ParentCompany => "parent-company",
        FormField::CreditIndex => "credit-index",
        FormField::LostKind => "lost-kind",
        FormField::LostReason => "lost-reason",
        FormField::KeyAccountReason => "key-account-reason",
        FormField::TeamLead => "team-lead",
        FormField::ContactName(_) => "contact-name",
        FormField::ContactTitle(_) => "contact-title",
        FormField::ContactPhone(_) => "contact-phone",
        FormField::ContactEmail(_) => "contact-email",
        FormField::ContactWeChat(_) => "contact-wechat",
    };
    format!("field-{name}")
}

fn text_input(
    form: Form,
    field: FormField,
    label: fn(Tr) -> &'static str,
    value: Signal<String>,
    input: Callback<String>,
) -> impl IntoView {
    let kind = match field {
        FormField::Email | FormField::ContactEmail(_) => TextKind::Email,
        FormField::Phone | FormField::ContactPhone(_) => TextKind::Phone,
        FormField::CreditIndex => TextKind::Number,
        _ => TextKind::Text,
    };
    view! {
        <TextInput
            test_id=field_test_id(field)
            label
            kind
            value
            input
            error=form.error(field)
            leave=Callback::new(move |()| form.touch(field))
        />
    }
}
