//! Create, edit or delete a customer's sales order (销售订单): number, status, owner, the
//! order's dates, payment terms, its lines with live totals, and an optional claim. Problems
//! show at their input once it was left or a save was tried; deleting asks first.

use crate::domain::model::{Id, OrderStatus, ProductKind};
use crate::domain::money::{format_cny, format_cny_compact, Cny};
use crate::domain::orders::form::{
    self as order_form, ClaimDraft, LineDraft, OrderDraft, OrderError, OrderField, MAX_LINES,
};
use crate::i18n::{args, Tr};
use crate::state::orders::{self, OrderForm};
use crate::state::route::Route;
use crate::state::{browser, use_app};
use crate::ui::fields::{self, enum_select, SelectField};
use crate::ui::format::margin_percent;
use crate::ui::kit::{
    DeleteConfirmation, FieldError, FormFooter, NoCurrentUser, RecordLoader, TextInput, TextKind, Write,
};
use crate::ui::labels;
use crate::ui::problems::order as problem_text;
use leptos::prelude::*;

#[component]
pub fn OrderEdit(customer_id: Id, id: Option<Id>) -> impl IntoView {
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        orders::form(app, customer_id, id)
    });
    view! {
        <section class="page" data-testid="order-form">
            <a class="back-link" href=Route::Customer(customer_id).href() data-testid="order-back">
                {move || format!("← {}", app.tr().form_back())}
            </a>
            // Only the load decides what shows: a language change must not rebuild the form
            // and lose what was typed.
            <RecordLoader
                resource=loaded
                missing=Signal::derive(move || app.tr().order_not_found().to_owned())
                missing_id="order-not-found"
                let:data
            >
                <OrderFormBody customer_id id data />
            </RecordLoader>
        </section>
    }
}

type Form = fields::Form<OrderDraft, OrderField, OrderError>;

impl Form {
    /// An input bound to the draft's text at `get`/`set`.
    fn input(
        self,
        field: OrderField,
        kind: TextKind,
        label: fn(Tr) -> &'static str,
        get: impl Fn(&OrderDraft) -> String + Copy + Send + Sync + 'static,
        set: impl Fn(&mut OrderDraft, String) + Copy + Send + Sync + 'static,
    ) -> AnyView {
        let value = Signal::derive(move || self.draft.with(get));
        let input = Callback::new(move |text: String| self.draft.update(|d| set(d, text)));
        self.control(field, kind, label, value, input)
    }

    /// The kit's text control; amounts are typed as text on the decimal keypad, as a number
    /// input would refuse `1,234.5`. Not generic, so the many bindings share it.
    fn control(
        self,
        field: OrderField,
        kind: TextKind,
        label: fn(Tr) -> &'static str,
        value: Signal<String>,
        input: Callback<String>,
    ) -> AnyView {
        view! {
            <TextInput
                test_id=test_id(field)
                label
                kind
                no_autofill=true
                value
                input
                error=self.error(field)
                leave=Callback::new(move |()| self.touch(field))
            />
        }
        .into_any()
    }

    /// An input bound to the text at `get`/`set` of part `at` of the draft.
    fn part_input<P: Part>(
        self,
        at: usize,
        field: OrderField,
        kind: TextKind,
        label: fn(Tr) -> &'static str,
        get: fn(&P) -> String,
        set: fn(&mut P, String),
    ) -> AnyView {
        let read = move |d: &OrderDraft| P::of(d, at).map(get).unwrap_or_default();
        let write = move |d: &mut OrderDraft, text: String| {
            if let Some(part) = P::of_mut(d, at) {
                set(part, text);
            }
        };
        self.input(field, kind, label, read, write)
    }
}

/// A part of the draft that may be gone by the time a field writes to it: line `at`, the claim.
trait Part: 'static {
    fn of(draft: &OrderDraft, at: usize) -> Option<&Self>;
    fn of_mut(draft: &mut OrderDraft, at: usize) -> Option<&mut Self>;
}

impl Part for LineDraft {
    fn of(draft: &OrderDraft, at: usize) -> Option<&Self> {
        draft.lines.get(at)
    }

    fn of_mut(draft: &mut OrderDraft, at: usize) -> Option<&mut Self> {
        draft.lines.get_mut(at)
    }
}

impl Part for ClaimDraft {
    fn of(draft: &OrderDraft, _: usize) -> Option<&Self> {
        draft.claim.as_ref()
    }

    fn of_mut(draft: &mut OrderDraft, _: usize) -> Option<&mut Self> {
        draft.claim.as_mut()
    }
}

fn test_id(field: OrderField) -> String {
    let name = match field {
        OrderField::Number => "number",
        OrderField::Owner => "owner",
        OrderField::Ordered => "ordered",
        OrderField::Ready => "ready",
        OrderField::Shipped => "shipped",
        OrderField::DocumentsSent => "documents-sent",
        OrderField::Paid => "paid",
        OrderField::PrepaidPercent => "prepaid",
        OrderField::CreditDays => "credit-days",
        OrderField::Lines => "lines",
        OrderField::Product(_) => "product",
        OrderField::Quantity(_) => "quantity",
        OrderField::UnitPrice(_) => "unit-price",
        OrderField::UnitCost(_) => "unit-cost",
        OrderField::ClaimAmount => "claim-amount",
        OrderField::ClaimReason => "claim-reason",
    };
    format!("order-{name}")
}

#[component]
fn OrderFormBody(customer_id: Id, id: Option<Id>, data: OrderForm) -> impl IntoView {
    let app = use_app();
    let today = browser::today();
    let OrderForm { customer, order, taken, owners } = data;
    let initial = match &order {
        Some(order) => OrderDraft::of(order),
        None => {
            let me = app.current_user.get_untracked().filter(|me| owners.iter().any(|u| u.id == *me));
            OrderDraft::new(order_form::next_number(&taken, today.year()), today, me)
        }
    };
    let number = StoredValue::new(initial.number.clone());
    let taken = StoredValue::new(taken);
    let draft = RwSignal::new(initial);
    let problems = Memo::new(move |_| draft.with(|d| taken.with_value(|t| order_form::validate(d, t))));
    let form = Form::new(draft, problems, problem_text);
    let back = Route::Customer(customer_id).href();
    let write = Write::new(move |change: Change| async move {
        match change {
            Change::Save(typed) => orders::save(app, customer_id, id, &typed).await.map(drop)?,
            Change::Delete(id, reason) => orders::delete(app, id, &reason).await?,
        }
        app.go(Route::Customer(customer_id));
        Ok(())
    });
    let save = move || {
        form.shown.submitted.set(true);
        if form.shown.problems.with_untracked(Vec::is_empty) {
            write.start(Change::Save(draft.get_untracked()));
        }
    };
    let owner_options: Vec<(String, String)> = owners.iter().map(|u| (u.id.to_string(), u.name.clone())).collect();
    let owner_options = Signal::derive(move || owner_options.clone());
    let date = move |field: OrderField,
                     label: fn(Tr) -> &'static str,
                     get: fn(&OrderDraft) -> &String,
                     set: fn(&mut OrderDraft, String)| {
        form.input(field, TextKind::Date, label, move |d| get(d).clone(), set)
    };
    view! {
        <div class="title-row">
            <h1>{move || if id.is_some() { app.tr().order_edit_title(args::OrderEditTitle { number: number.get_value() }) } else { app.tr().order_new_title().to_owned() }}</h1>
        </div>
        <p class="subtitle" data-testid="order-customer">{customer.company.clone()}</p>
        <NoCurrentUser />
        <form class="customer-form order-form" novalidate on:submit=move |event| { event.prevent_default(); save(); }>
            <fieldset class="card">
                <legend>{move || app.tr().section_order()}</legend>
                {form.input(OrderField::Number, TextKind::Text, |tr| tr.column_order_number(), |d| d.number.clone(), |d, v| d.number = v)}
                {enum_select(draft, "order-status", |tr| tr.column_status(), OrderStatus::ALL, labels::order_status, |d| d.status, |d, v| d.status = v)}
                <div class="field-group">
                    <SelectField
                        test_id="order-owner"
                        label=|tr| tr.field_order_owner()
                        options=owner_options
                        current=Signal::derive(move || draft.with(|d| d.owner.map(|o| o.to_string()).unwrap_or_default()))
                        pick=Callback::new(move |owner: String| draft.update(|d| d.owner = owner.parse().ok()))
                        empty=Some(|tr| tr.not_set())
                    />
                    <FieldError error=form.error(OrderField::Owner) />
                </div>
            </fieldset>
            <fieldset class="card">
                <legend>{move || app.tr().section_order_dates()}</legend>
                {date(OrderField::Ordered, |tr| tr.column_ordered(), |d| &d.ordered, |d, v| d.ordered = v)}
                {date(OrderField::Ready, |tr| tr.column_ready(), |d| &d.ready, |d, v| d.ready = v)}
                {date(OrderField::Shipped, |tr| tr.column_shipped(), |d| &d.shipped, |d, v| d.shipped = v)}
                {date(OrderField::DocumentsSent, |tr| tr.column_documents_sent(), |d| &d.documents_sent, |d, v| d.documents_sent = v)}
                {date(OrderField::Paid, |tr| tr.column_paid(), |d| &d.paid, |d, v| d.paid = v)}
            </fieldset>
            <fieldset class="card">
                <legend>{move || app.tr().section_payment_terms()}</legend>
                {form.input(OrderField::PrepaidPercent, TextKind::Whole, |tr| tr.column_prepaid_percent(), |d| d.prepaid_percent.clone(), |d, v| d.prepaid_percent = v)}
                {form.input(OrderField::CreditDays, TextKind::Whole, |tr| tr.column_credit_days(), |d| d.credit_days.clone(), |d, v| d.credit_days = v)}
            </fieldset>
            <Lines form />
            <Totals form />
            <ClaimFields form />
            <FormFooter
                save_id="save-order"
                problems=Signal::derive(move || form.shown.problems.with(Vec::len))
                submitted=form.shown.submitted
                pending=write.pending()
                failure=write.failure()
            >
                <a class="button secondary" href=back>{move || app.tr().cancel()}</a>
                {id.map(|id| view! { <DeleteOrder id write /> })}
            </FormFooter>
        </form>
    }
}

#[component]
fn Lines(form: Form) -> impl IntoView {
    let app = use_app();
    let draft = form.draft;
    // Only a change in the number of lines rebuilds the rows, so typing keeps focus.
    let count = Memo::new(move |_| draft.with(|d| d.lines.len()));
    let add = move |_: leptos::ev::MouseEvent| draft.update(|d| d.lines.push(LineDraft::default()));
    let lines_error = form.error(OrderField::Lines);
    view! {
        <fieldset class="card order-lines">
            <legend>{move || app.tr().section_order_lines()}</legend>
            {move || (0..count.get()).map(|index| view! { <LineRow form index /> }).collect_view()}
            <FieldError error=lines_error />
            <button
                type="button"
                class="button secondary"
                data-testid="add-line"
                disabled=move || { count.get() >= MAX_LINES }
                on:click=add
            >
                {move || app.tr().order_add_line()}
            </button>
        </fieldset>
    }
}

#[component]
fn LineRow(form: Form, index: usize) -> impl IntoView {
    let app = use_app();
    let draft = form.draft;
    let totals = Memo::new(move |_| draft.with(|d| d.lines.get(index).map(LineDraft::totals).unwrap_or_default()));
    let loses_money = Memo::new(move |_| draft.with(|d| d.lines.get(index).is_some_and(LineDraft::loses_money)));
    let remove = move |_| {
        draft.update(|d| {
            if index < d.lines.len() {
                d.lines.remove(index);
            }
        })
    };
    view! {
        <div class="order-line" data-testid="order-line">
            <div class="order-line-product">
                {form.part_input::<LineDraft>(index, OrderField::Product(index), TextKind::Text, |tr| tr.column_product(), |l| l.product.clone(), |l, v| l.product = v)}
            </div>
            {enum_select(
                draft,
                "order-kind",
                |tr| tr.column_product_kind(),
                ProductKind::ALL,
                labels::product_kind,
                move |d| d.lines.get(index).map(|l| l.kind).unwrap_or_default(),
                move |d, kind| if let Some(line) = d.lines.get_mut(index) { line.kind = kind },
            )}
            {form.part_input::<LineDraft>(index, OrderField::Quantity(index), TextKind::Whole, |tr| tr.column_quantity(), |l| l.quantity.clone(), |l, v| l.quantity = v)}
            {form.part_input::<LineDraft>(index, OrderField::UnitPrice(index), TextKind::Decimal, |tr| tr.column_unit_price(), |l| l.unit_price.clone(), |l, v| l.unit_price = v)}
            {form.part_input::<LineDraft>(index, OrderField::UnitCost(index), TextKind::Decimal, |tr| tr.column_unit_cost(), |l| l.unit_cost.clone(), |l, v| l.unit_cost = v)}
            <div class="order-line-footer">
                <span class="muted" data-testid="line-total">
                    {move || {
                        let t = totals.get();
                        app.tr().order_line_total(args::OrderLineTotal {
                            amount: format_cny(t.revenue),
                            margin: format_cny(t.margin),
                        })
                    }}
                </span>
                <Show when=move || loses_money.get()>
                    <span class="margin-warning" role="status" data-testid="negative-margin">
                        {move || app.tr().order_negative_margin()}
                    </span>
                </Show>
                <button type="button" class="button secondary" data-testid="remove-line" on:click=remove>
                    {move || app.tr().order_remove_line()}
                </button>
            </div>
        </div>
    }
}

/// Revenue, cost and margin of the lines, updated as they are typed: short (万 in Chinese) and
/// exact to the fen.
#[component]
fn Totals(form: Form) -> impl IntoView {
    let app = use_app();
    let totals = Memo::new(move |_| form.draft.with(OrderDraft::totals));
    let amount = move |test_id: &'static str, label: fn(Tr) -> &'static str, get: fn(&order_form::Totals) -> Cny| {
        view! {
            <div class="total" data-testid=test_id>
                <span class="total-label">{move || label(app.tr())}</span>
                <strong class="total-value">
                    {move || format_cny_compact(get(&totals.get()), app.locale.get().number_style())}
                </strong>
                <span class="muted total-exact">{move || format_cny(get(&totals.get()))}</span>
            </div>
        }
    };
    view! {
        <section class="card order-totals" data-testid="order-totals" aria-live="polite">
            {amount("total-revenue", |tr| tr.order_total_revenue(), |t| t.revenue)}
            {amount("total-cost", |tr| tr.order_total_cost(), |t| t.cost)}
            <div class="total" class:negative=move || { totals.get().margin < Cny::ZERO } data-testid="total-margin">
                <span class="total-label">{move || app.tr().order_total_margin()}</span>
                <strong class="total-value">
                    {move || format_cny_compact(totals.get().margin, app.locale.get().number_style())}
                </strong>
                <span class="muted total-exact" data-testid="total-margin-percent">
                    {move || format!("{} · {}", format_cny(totals.get().margin), margin_percent(totals.get().margin_percent))}
                </span>
            </div>
        </section>
    }
}

#[component]
fn ClaimFields(form: Form) -> impl IntoView {
    let app = use_app();
    let draft = form.draft;
    let has_claim = Memo::new(move |_| draft.with(|d| d.claim.is_some()));
    view! {
        <fieldset class="card">
            <legend>{move || app.tr().section_claim()}</legend>
            <label class="check wide-check">
                <input
                    type="checkbox"
                    data-testid="order-has-claim"
                    prop:checked=has_claim
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        draft.update(|d| d.claim = on.then(|| d.claim.take().unwrap_or_default()));
                    }
                />
                {move || app.tr().order_has_claim()}
            </label>
            <Show when=move || has_claim.get()>
                {form.part_input::<ClaimDraft>(0, OrderField::ClaimAmount, TextKind::Decimal, |tr| tr.field_claim_amount(), |c| c.amount.clone(), |c, v| c.amount = v)}
                {form.part_input::<ClaimDraft>(0, OrderField::ClaimReason, TextKind::Long, |tr| tr.field_claim_reason(), |c| c.reason.clone(), |c, v| c.reason = v)}
                <label class="check wide-check">
                    <input
                        type="checkbox"
                        data-testid="order-claim-settled"
                        prop:checked=move || draft.with(|d| d.claim.as_ref().is_some_and(|c| c.settled))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            draft.update(|d| if let Some(c) = d.claim.as_mut() { c.settled = on });
                        }
                    />
                    {move || app.tr().field_claim_settled()}
                </label>
            </Show>
        </fieldset>
    }
}

/// A save of the form's order, or a delete of the stored one with its reason.
#[derive(Clone)]
enum Change {
    Save(OrderDraft),
    Delete(Id, String),
}

/// Deletes the order after asking, with an optional reason kept in the history.
#[component]
fn DeleteOrder(id: Id, write: Write<Change>) -> impl IntoView {
    let app = use_app();
    let reason = RwSignal::new(String::new());
    view! {
        <DeleteConfirmation
            ask_id="delete-order"
            ask=Signal::derive(move || app.tr().order_delete().to_owned())
            question=Signal::derive(move || app.tr().order_delete_question().to_owned())
            confirm=Signal::derive(move || app.tr().order_delete_confirm().to_owned())
            busy=write.pending()
            on_confirm=Callback::new(move |()| write.start(Change::Delete(id, reason.get_untracked())))
        >
                <label class="field">
                    <span>{move || app.tr().order_delete_reason()}</span>
                    <input
                        type="text"
                        data-testid="delete-reason"
                        prop:value=reason
                        on:input=move |event| reason.set(event_target_value(&event))
                    />
                </label>
        </DeleteConfirmation>
    }
}
