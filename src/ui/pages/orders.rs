//! Create, edit or delete a customer's sales order (销售订单): number, status, owner, the
//! order's dates, payment terms, its lines with live totals, and an optional claim. Problems
//! show at their input once it was left or a save was tried; deleting asks first. A save starts
//! from the revision the form opened: a change made elsewhere meanwhile is merged (field by
//! field, line by line), or, where it touched the same field or line, put to the user in the
//! clash dialog; a draft that could not be saved is kept for the tab until saved or discarded.
//! An order two synced devices changed at once is settled here too, in the same dialog.

use crate::domain::audit;
use crate::domain::date::Date;
use crate::domain::merge::Mergeable;
use crate::domain::model::{Id, Order, OrderLine, OrderStatus, ProductKind, User};
use crate::domain::money::{format_cny, format_cny_compact, Cny};
use crate::domain::orders::form::{
    self as order_form, ClaimDraft, LineDraft, OrderDraft, OrderError, OrderField, MAX_LINES,
};
use crate::i18n::{args, Tr};
use crate::state::orders::{self, OrderForm};
use crate::state::route::Route;
use crate::state::sync;
use crate::state::{browser, use_app, Clashed, Decision, Entity, Key, Revised, Revision, Saved};
use crate::ui::fields::{self, enum_select, SelectField};
use crate::ui::format::{self, margin_percent};
use crate::ui::kit::{
    one_per_clash, record_clash, ChangedElsewhere, ClashRow, ConflictBanners, DeleteConfirmation, DraftKept,
    FieldError, FormFooter, Made, NoCurrentUser, RecordLoader, TextInput, TextKind, Wording, Write,
};
use crate::ui::labels;
use crate::ui::problems::order as problem_text;
use leptos::prelude::*;
use std::rc::Rc;

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
    let OrderForm { customer, order, taken, owners, users } = data;
    let kept_draft = id.and_then(|id| orders::kept_draft(app, id));
    let kept = RwSignal::new(kept_draft.is_some());
    let (initial, opened) = match (kept_draft, order) {
        (Some(kept), order) => (kept.draft, kept.opened.or(order)),
        (None, Some(order)) => (OrderDraft::of(&order.record), Some(order)),
        (None, None) => {
            let me = app.current_user.get_untracked().filter(|me| owners.iter().any(|u| u.id == *me));
            (OrderDraft::new(order_form::next_number(&taken, today.year()), today, me), None)
        }
    };
    let number = StoredValue::new(initial.number.clone());
    let taken = StoredValue::new(taken);
    let users = StoredValue::new(users);
    let draft = RwSignal::new(initial);
    let problems = Memo::new(move |_| draft.with(|d| taken.with_value(|t| order_form::validate(d, t))));
    let form = Form::new(draft, problems, problem_text);
    let back = Route::Customer(customer_id).href();
    // What the next save (or a delete) starts from: as opened, then as stored when the user
    // settled a clash or discarded a kept draft. A signal: the banner compares with it.
    let base = RwSignal::new(opened);
    let clash = RwSignal::new_local(None::<Rc<Clashed<Order>>>);
    let write = Write::new(move |change: Change| async move {
        let opened = base.get_untracked();
        match (change, opened) {
            (Change::Save(typed), opened) => match orders::save(app, customer_id, opened.as_ref(), &typed).await {
                Ok(Saved::Stored { .. }) => {
                    if let Some(id) = id {
                        orders::discard_draft(app, id);
                    }
                }
                Ok(Saved::Clashed(clashed)) => {
                    keep(app, opened.as_ref(), &typed);
                    clash.set(Some(Rc::from(clashed)));
                    return Ok(());
                }
                Err(error) => {
                    keep(app, opened.as_ref(), &typed);
                    return Err(error);
                }
            },
            (Change::Delete(reason), Some(shown)) => orders::delete(app, &shown, &reason).await?,
            (Change::Delete(_), None) => return Ok(()),
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
    // The decisions replace the draft, which is checked again before it is saved from the
    // order as stored now.
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        base.set(Some(clashed.stored.clone()));
        draft.set(OrderDraft::of(&clashed.resolve(&decisions)));
        clash.set(None);
        save();
    });
    // The order as stored now, read again on every write (another tab's too).
    let current = app.watch(move || async move {
        match id {
            Some(id) => orders::opened(app, id).await.ok().flatten(),
            None => None,
        }
    });
    // Back to the order as stored now: a kept draft may have been opened before others saved.
    let discard = move |_| {
        if let Some(id) = id {
            orders::discard_draft(app, id);
        }
        kept.set(false);
        if let Some(stored) = current.get_untracked().flatten() {
            base.set(Some(stored));
        }
        if let Some(opened) = base.get_untracked() {
            draft.set(OrderDraft::of(&opened.record));
        }
    };
    let changed_elsewhere = Signal::derive_local(move || {
        let now = current.get().flatten()?;
        base.with(|base| base.as_ref().is_some_and(|b| b.revision != now.revision)).then(|| {
            let tr = app.tr();
            let Made { user, time } = users.with_value(|users| made_by(tr, users, now.revision));
            tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
        })
    });
    let dialog = record_clash(
        clash,
        move |tr, clashed| users.with_value(|users| clash_rows(tr, users, clashed)),
        move |tr, revision| users.with_value(|users| made_by(tr, users, revision)),
        write.pending().into(),
        decide,
    );
    // Two synced devices' versions of this order, worded as a save's clash.
    let wording: Wording = Rc::new(move |tr, case| {
        let clashed = sync::clashed::<Order>(case)?;
        Some(one_per_clash(users.with_value(|users| clash_rows(tr, users, &clashed))))
    });
    let conflicts = id.map(|id| {
        view! { <ConflictBanners records=Signal::derive(move || vec![(Entity::Order, Key::Id(id))]) wording /> }
    });
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
        {conflicts}
        <DraftKept kept=kept on_discard=Callback::new(discard) />
        <ChangedElsewhere message=changed_elsewhere />
        {dialog}
        // Inert while the clash dialog is open: its decisions replace the draft, so an edit made
        // in the form meanwhile would be lost.
        <form
            class="customer-form order-form"
            novalidate
            inert=move || clash.with(Option::is_some)
            on:submit=move |event| { event.prevent_default(); save(); }
        >
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
                {id.map(|_| view! { <DeleteOrder write /> })}
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

/// A save of the form's order, or a delete of the stored one, as the form opened it, with its
/// reason.
#[derive(Clone)]
enum Change {
    Save(OrderDraft),
    Delete(String),
}

/// Keeps `draft` of the stored order `opened` for the tab; a new order's form keeps none.
fn keep(app: crate::state::AppState, opened: Option<&Revised<Order>>, draft: &OrderDraft) {
    if let Some(opened) = opened {
        orders::keep_draft(app, opened.record.id, opened, draft);
    }
}

/// Who made `revision` and when, in words.
fn made_by(tr: Tr, users: &[User], revision: Option<Revision>) -> Made {
    Made::of(tr, revision, |id| user_name(tr, users, id))
}

fn user_name(tr: Tr, users: &[User], id: Id) -> String {
    users.iter().find(|u| u.id == id).map_or_else(|| tr.unknown_user(args::UnknownUser { id }), |u| u.name.clone())
}

/// Each clash of a save as the dialog shows it: a field by the form's label, a line by its
/// position, their values in words; only text fields (the number) may be typed.
fn clash_rows(tr: Tr, users: &[User], clashed: &Clashed<Order>) -> Vec<ClashRow> {
    let by = made_by(tr, users, clashed.stored.revision);
    let (stored, mine) = (&clashed.stored.record, &clashed.mine);
    let rows = clashed.clashes.iter().map(|clash| {
        let (name, stored, mine) = match clash.item.as_deref().and_then(|key| key.parse::<Id>().ok()) {
            Some(line) => {
                let position = |order: &Order| order.lines.iter().position(|l| l.id == line);
                let position = position(mine).or_else(|| position(stored)).unwrap_or(0) + 1;
                let words = |order: &Order| order.lines.iter().find(|l| l.id == line).map(|l| line_words(tr, l));
                let removed = || tr.clash_removed().to_owned();
                let name = tr.order_clash_line(args::OrderClashLine { position });
                (name, words(stored).unwrap_or_else(removed), words(mine).unwrap_or_else(removed))
            }
            None => {
                let words = |order: &Order| field_words(tr, users, order, clash.field);
                (field_name(tr, clash.field).to_owned(), words(stored), words(mine))
            }
        };
        let typed = Order::is_text(clash.field).then(|| clashed.mine.number.clone());
        ClashRow { name, stored, mine, by: by.clone(), typed }
    });
    rows.collect()
}

/// A field of the order by the form's label.
fn field_name(tr: Tr, field: &str) -> &'static str {
    match field {
        "number" => tr.column_order_number(),
        "status" => tr.column_status(),
        "owner" => tr.field_order_owner(),
        "ordered" => tr.column_ordered(),
        "ready" => tr.column_ready(),
        "shipped" => tr.column_shipped(),
        "documents_sent" => tr.column_documents_sent(),
        "paid" => tr.column_paid(),
        "prepaid_percent" => tr.column_prepaid_percent(),
        "credit_days" => tr.column_credit_days(),
        "claim" => tr.section_claim(),
        "lines" => tr.section_order_lines(),
        _ => tr.section_order(),
    }
}

/// Field `field` of `order` in words: dates as the app writes them, money in yuan, a status by
/// its label, an owner by name.
fn field_words(tr: Tr, users: &[User], order: &Order, field: &str) -> String {
    let empty = || tr.history_empty_value().to_owned();
    let date = |date: Option<Date>| date.map_or_else(empty, |d| format::date(tr, d));
    match field {
        "number" if order.number.is_empty() => empty(),
        "number" => order.number.clone(),
        "status" => labels::order_status(tr, order.status).to_owned(),
        "owner" if order.owner == 0 => tr.history_nobody().to_owned(),
        "owner" => user_name(tr, users, order.owner),
        "ordered" => date(order.ordered),
        "ready" => date(order.ready),
        "shipped" => date(order.shipped),
        "documents_sent" => date(order.documents_sent),
        "paid" => date(order.paid),
        "prepaid_percent" => format!("{} %", order.prepaid_percent),
        "credit_days" => order.credit_days.to_string(),
        "claim" => order.claim.as_ref().map_or_else(empty, |claim| {
            let mut parts = vec![format_cny(claim.amount), claim.reason.clone()];
            parts.extend(claim.settled.then(|| tr.field_claim_settled().to_owned()));
            parts.join(format::list_separator(tr.0))
        }),
        "lines" => order.lines.iter().map(|l| line_words(tr, l)).collect::<Vec<_>>().join(audit::LINES_SEPARATOR),
        _ => empty(),
    }
}

/// A line as the history words it, its kind named in the reader's language.
fn line_words(tr: Tr, line: &OrderLine) -> String {
    let kind = line.kind.as_str();
    audit::line_text(line).replacen(&format!("[{kind}]"), &format!("[{}]", labels::product_kind(tr, line.kind)), 1)
}

/// Deletes the order after asking, with an optional reason kept in the history.
#[component]
fn DeleteOrder(write: Write<Change>) -> impl IntoView {
    let app = use_app();
    let reason = RwSignal::new(String::new());
    view! {
        <DeleteConfirmation
            ask_id="delete-order"
            ask=Signal::derive(move || app.tr().order_delete().to_owned())
            question=Signal::derive(move || app.tr().order_delete_question().to_owned())
            confirm=Signal::derive(move || app.tr().order_delete_confirm().to_owned())
            busy=write.pending()
            on_confirm=Callback::new(move |()| write.start(Change::Delete(reason.get_untracked())))
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
