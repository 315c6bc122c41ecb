//! When a form's save meets a change made elsewhere in the same fields: the dialog that shows
//! each clashing field with the stored value (who saved it, when) and mine, and lets the user
//! keep either or type another; and the banner a form shows as soon as its record changes
//! elsewhere, before its user saves; the banner of a draft kept from a save that could not be
//! made. Each form words its own fields ([`ClashRow`]).

use crate::i18n::{args, Tr};
use crate::state::{use_app, Clashed, Decision, Revision};
use crate::ui::format;
use leptos::prelude::*;
use std::rc::Rc;

/// One clashing field as the dialog shows it, in the reader's language.
#[derive(Clone, Debug, PartialEq)]
pub struct ClashRow {
    /// The field's name, as its form labels it.
    pub name: String,
    /// The stored value, in words.
    pub stored: String,
    /// Mine, in words.
    pub mine: String,
    /// Who stored the value, and when.
    pub by: Made,
    /// What a "type another" choice starts from; `None` for fields that are not plain text.
    pub typed: Option<String>,
}

/// Who made a revision and when, in words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Made {
    pub user: String,
    pub time: String,
}

impl Made {
    /// `revision`'s author named by `name` (nobody when it names none) and its time (with the
    /// date when it was not today).
    pub fn of(tr: Tr, revision: Option<Revision>, name: impl Fn(crate::domain::model::Id) -> String) -> Made {
        let user = revision.and_then(|r| r.by).map_or_else(|| tr.history_nobody().to_owned(), name);
        let time = revision.map(|r| format::moment(tr, r.at_ms)).unwrap_or_default();
        Made { user, time }
    }
}

/// The dialog of a save's clashes. Every field starts on "mine"; `on_decide` gets one decision
/// per row, in order; `on_cancel` closes it, storing nothing. `intro` is the clashing write's
/// author and time, worded by the form's kind. `title` and `theirs` (the "mine" side) are worded
/// otherwise when the other side is not the reader's (another device's version of a synced record).
#[component]
pub fn ClashDialog(
    #[prop(into)] rows: Signal<Vec<ClashRow>, LocalStorage>,
    #[prop(into)] intro: Signal<String, LocalStorage>,
    #[prop(into)] pending: Signal<bool>,
    on_decide: Callback<Vec<Decision>>,
    on_cancel: Callback<()>,
    #[prop(optional, into)] title: Option<Signal<String, LocalStorage>>,
    #[prop(optional, into)] theirs: Option<Signal<String, LocalStorage>>,
) -> impl IntoView {
    let app = use_app();
    let decisions: Vec<RwSignal<Decision>> =
        rows.with_untracked(|rows| rows.iter().map(|_| RwSignal::new(Decision::KeepMine)).collect());
    let decisions = StoredValue::new(decisions);
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
    let fields = move || {
        let tr = app.tr();
        let mine = theirs.map_or_else(|| tr.clash_mine().to_owned(), |theirs| theirs.get());
        rows.with(|rows| {
            let field = |(i, row)| field(tr, i, row, &mine, decisions.with_value(|d| d[i]));
            rows.iter().enumerate().map(field).collect_view()
        })
    };
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
            <h2 id="clash-title">{move || title.map_or_else(|| app.tr().clash_title().to_owned(), |title| title.get())}</h2>
            <p>{intro}</p>
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

/// The clash dialog of a form's save while `clash` holds one: `rows` words its fields for the
/// reader, `made_by` names who stored the other write and when; deciding runs `on_decide`,
/// cancelling closes it.
pub fn record_clash<R: 'static>(
    clash: RwSignal<Option<Rc<Clashed<R>>>, LocalStorage>,
    rows: impl Fn(Tr, &Clashed<R>) -> Vec<ClashRow> + Copy + Send + Sync + 'static,
    made_by: impl Fn(Tr, Option<Revision>) -> Made + Copy + Send + Sync + 'static,
    pending: Signal<bool>,
    on_decide: Callback<Vec<Decision>>,
) -> impl IntoView {
    let app = use_app();
    move || {
        let clashed = clash.get()?;
        let revision = clashed.stored.revision;
        let rows = Signal::derive_local(move || rows(app.tr(), &clashed));
        let intro = Signal::derive_local(move || {
            let tr = app.tr();
            let Made { user, time } = made_by(tr, revision);
            tr.record_clash_intro(args::RecordClashIntro { user: &user, time: &time })
        });
        let on_cancel = Callback::new(move |()| clash.set(None));
        Some(view! { <ClashDialog rows intro pending on_decide on_cancel /> })
    }
}

/// One clashing field's fieldset with its choices; `mine` labels the "mine" side.
fn field(tr: Tr, i: usize, row: &ClashRow, mine: &str, decision: RwSignal<Decision>) -> impl IntoView {
    let group = format!("clash-{i}");
    let stored_label = tr.clash_stored(args::ClashStored { user: &row.by.user, time: &row.by.time });
    let typed_row = row.typed.clone().map(|start| {
        let is_typed: fn(&Decision) -> bool = |d| matches!(d, Decision::Typed(_));
        let text = move || decision.with(|d| if let Decision::Typed(text) = d { text.clone() } else { String::new() });
        view! {
            {choice(&group, format!("clash-typed-{i}"), decision, is_typed, Decision::Typed(start), tr.clash_typed().to_owned(), None)}
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
            <legend>{row.name.clone()}</legend>
            {choice(&group, format!("clash-stored-{i}"), decision, |d| *d == Decision::KeepStored, Decision::KeepStored, stored_label, Some(row.stored.clone()))}
            {choice(&group, format!("clash-mine-{i}"), decision, |d| *d == Decision::KeepMine, Decision::KeepMine, mine.to_owned(), Some(row.mine.clone()))}
            {typed_row}
        </fieldset>
    }
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

/// The banner of a form whose record was changed elsewhere since it opened, worded by the
/// form's kind; nothing while `message` is `None`.
#[component]
pub fn ChangedElsewhere(#[prop(into)] message: Signal<Option<String>, LocalStorage>) -> impl IntoView {
    move || {
        message.get().map(|message| {
            view! {
                <div class="banner info" role="status" data-testid="changed-elsewhere">
                    <p>{message}</p>
                </div>
            }
        })
    }
}

/// The banner of a form showing a draft kept from a save that could not be made, with the
/// button that discards it (`on_discard`); nothing while `kept` is false.
#[component]
pub fn DraftKept(#[prop(into)] kept: Signal<bool>, on_discard: Callback<()>) -> impl IntoView {
    let app = use_app();
    view! {
        <Show when=move || kept.get()>
            <div class="banner info" role="status" data-testid="draft-kept">
                <p>{move || app.tr().draft_kept()}</p>
                <button type="button" class="button secondary" data-testid="draft-discard" on:click=move |_| on_discard.run(())>
                    {move || app.tr().draft_discard()}
                </button>
            </div>
        </Show>
    }
}
