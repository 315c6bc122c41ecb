//! When a save meets a change made elsewhere in the same fields: the dialog that shows each
//! clashing field with the stored value (who saved it, when) and mine, and lets the user keep
//! either or type another; and the banner a form shows as soon as its customer changes
//! elsewhere, before its user saves.

use super::detail::user_name;
use super::history::clash_words;
use crate::domain::customers::form;
use crate::domain::model::FieldChange;
use crate::domain::model::Id;
use crate::i18n::{args, Locale, Tr};
use crate::state::customers::{self, ClashAt, Clashes, CustomerFile, Decision};
use crate::state::{use_app, Revision};
use crate::ui::format;
use leptos::prelude::*;
use std::rc::Rc;

/// Who made `revision` and when, in words.
pub(super) fn made_by(tr: Tr, file: &CustomerFile, revision: Option<Revision>) -> (String, String) {
    let user = revision.and_then(|r| r.by).map_or_else(|| tr.history_nobody().to_owned(), |id| user_name(tr, file, id));
    let time = revision.map(|r| format::local_time(r.at_ms).clock).unwrap_or_default();
    (user, time)
}

/// Whether the clash can be settled by typing a value: only plain text fields.
fn typed(at: &ClashAt) -> bool {
    match at {
        ClashAt::Customer(clash) => clash.item.is_none() && form::is_typed(clash.field, false),
        ClashAt::Contact(_, clash) => form::is_typed(clash.field, true),
        ClashAt::ContactRemoved(..) => false,
    }
}

/// The revision a clashing field was stored at: the customer's, or its contact's.
fn stored_revision(clashes: &Clashes, at: &ClashAt) -> Option<Revision> {
    let contact = |id: Id| clashes.stored.contacts.iter().find(|c| c.record.id == id).and_then(|c| c.revision);
    match at {
        ClashAt::Customer(_) => clashes.stored.customer.revision,
        ClashAt::Contact(id, _) | ClashAt::ContactRemoved(id, _) => contact(*id),
    }
}

/// The dialog of a save's clashes. Every field starts on "mine"; `on_decide` gets one decision
/// per field, in order; `on_cancel` closes it, storing nothing.
#[component]
pub(super) fn ClashDialog(
    clashes: Rc<Clashes>,
    file: Rc<CustomerFile>,
    #[prop(into)] pending: Signal<bool>,
    on_decide: Callback<Vec<Decision>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let decisions: Vec<RwSignal<Decision>> = clashes.fields.iter().map(|_| RwSignal::new(Decision::KeepMine)).collect();
    let decisions = StoredValue::new(decisions);
    let changes: Vec<_> = clashes.fields.iter().map(|(change, _)| change.clone()).collect();
    let (user, time) = made_by(app.tr_untracked(), &file, customers::latest_revision(&clashes.stored));
    let (clashes, file) = (StoredValue::new_local(clashes), StoredValue::new_local(file));
    let fields = move || {
        let tr = app.tr();
        let locale = app.locale.get();
        clashes.with_value(|clashes| file.with_value(|file| rows(tr, locale, clashes, file, &changes, decisions)))
    };
    let decide = move |_| on_decide.run(decisions.with_value(|d| d.iter().map(|s| s.get_untracked()).collect()));
    // The dialog opens at the head of a long form whose save button is at its foot: brought into
    // view and focused, or a user at the button would see nothing happen.
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            let _ = dialog.focus();
            dialog.scroll_into_view();
        }
    });
    view! {
        <div
            class="clash-dialog card"
            role="dialog"
            aria-modal="true"
            aria-labelledby="clash-title"
            tabindex="-1"
            node_ref=dialog
            data-testid="clash-dialog"
        >
            <h2 id="clash-title">{move || app.tr().clash_title()}</h2>
            <p>{move || app.tr().clash_intro(args::ClashIntro { user: &user, time: &time })}</p>
            {fields}
            <div class="actions">
                <button type="button" class="button" data-testid="clash-save" disabled=pending on:click=decide>
                    {move || app.tr().clash_save()}
                </button>
                <button type="button" class="button secondary" data-testid="clash-cancel" on:click=move |_| on_cancel.run(())>
                    {move || app.tr().cancel()}
                </button>
            </div>
        </div>
    }
}

/// One fieldset per clashing field, each with its choices.
fn rows(
    tr: Tr,
    locale: Locale,
    clashes: &Clashes,
    file: &CustomerFile,
    changes: &[FieldChange],
    decisions: StoredValue<Vec<RwSignal<Decision>>>,
) -> impl IntoView {
    let rows = clashes.fields.iter().enumerate().map(|(i, (change, at))| {
        let (name, stored, mine) = clash_words(tr, locale, file, changes, change);
        let removed = tr.clash_removed();
        let (stored, mine) = match at {
            ClashAt::ContactRemoved(..) if change.before.is_empty() => (removed.to_owned(), mine),
            ClashAt::ContactRemoved(..) if change.after.is_empty() => (stored, removed.to_owned()),
            _ => (stored, mine),
        };
        let (user, time) = made_by(tr, file, stored_revision(clashes, at));
        let decision = decisions.with_value(|d| d[i]);
        let group = format!("clash-{i}");
        let stored_label = tr.clash_stored(args::ClashStored { user: &user, time: &time });
        let typed_row = typed(at).then(|| {
            let typed = Decision::Typed(change.after.clone());
            let is_typed: fn(&Decision) -> bool = |d| matches!(d, Decision::Typed(_));
            let text = move || decision.with(|d| if let Decision::Typed(text) = d { text.clone() } else { String::new() });
            view! {
                {choice(&group, format!("clash-typed-{i}"), decision, is_typed, typed, tr.clash_typed().to_owned(), None)}
                <input
                    class="clash-text"
                    data-testid=format!("clash-text-{i}")
                    aria-label=tr.clash_typed()
                    prop:value=text
                    on:input=move |event| decision.set(Decision::Typed(event_target_value(&event)))
                />
            }
        });
        view! {
            <fieldset class="clash" data-testid="clash-field">
                <legend>{name}</legend>
                {choice(&group, format!("clash-stored-{i}"), decision, |d| *d == Decision::KeepStored, Decision::KeepStored, stored_label, Some(stored))}
                {choice(&group, format!("clash-mine-{i}"), decision, |d| *d == Decision::KeepMine, Decision::KeepMine, tr.clash_mine().to_owned(), Some(mine))}
                {typed_row}
            </fieldset>
        }
    });
    rows.collect_view()
}

/// One choice of a clash: a radio of `group`, checked while `decision` is `checked`, that makes
/// it `pick`; labelled `label`, with the value it keeps.
fn choice(
    group: &str,
    test_id: String,
    decision: RwSignal<Decision>,
    checked: fn(&Decision) -> bool,
    pick: Decision,
    label: String,
    value: Option<String>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="radio"
                name=group.to_owned()
                data-testid=test_id
                prop:checked=move || decision.with(checked)
                on:change=move |_| decision.set(pick.clone())
            />
            <span class="muted">{label}</span>
            {value.map(|value| view! { " " <strong class="clash-value">{value}</strong> })}
        </label>
    }
}
