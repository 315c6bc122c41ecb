//! A form's text controls and their error lines, announced to screen readers as they appear.

use crate::i18n::{args, Tr};
use crate::state::{use_app, StoreError};
use crate::ui::errors::error_text;
use leptos::prelude::*;

/// The problem of one field, in the user's language, under its control; nothing while the
/// field has none. Pair it with `aria-invalid` on the control ([`invalid`]).
#[component]
pub fn FieldError(
    /// The problem's text, once the form shows it.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <Show when=move || error.with(Option::is_some)>
            <span class="field-error" role="alert" data-testid="field-error">{move || error.get().unwrap_or_default()}</span>
        </Show>
    }
}

/// The `aria-invalid` value of a control whose field shows `problem`.
pub fn invalid<E: Send + Sync + 'static>(problem: Signal<Option<E>>) -> impl Fn() -> &'static str + Copy {
    move || if problem.with(Option::is_some) { "true" } else { "false" }
}

/// Why a form's save or delete failed, under its buttons; nothing while it has not.
#[component]
pub fn SaveFailure(
    /// The failed write's error, until the next try.
    #[prop(into)]
    failure: Signal<Option<StoreError>>,
) -> impl IntoView {
    let app = use_app();
    let text = move || {
        failure.with(|f| {
            f.as_ref().map(|error| {
                let tr = app.tr();
                tr.form_save_failed(args::FormSaveFailed { error: error_text(tr, error) })
            })
        })
    };
    view! {
        <Show when=move || failure.with(Option::is_some)>
            <p class="error-text" role="alert">{text}</p>
        </Show>
    }
}

/// How a [`TextInput`] is typed and drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    Text,
    Email,
    Phone,
    /// A number the browser's spinner may step (`type="number"`).
    Number,
    /// A whole number typed on the numeric keypad (counts, hours).
    Whole,
    /// An amount typed on the decimal keypad.
    Decimal,
    Date,
    /// A PIN: digits on the numeric keypad, hidden as typed.
    Pin,
    /// A few lines (notes): a `<textarea>` over the form's full width.
    Long,
}

impl TextKind {
    /// The `type` and `inputmode` of its `<input>`.
    fn input(self) -> (&'static str, Option<&'static str>) {
        match self {
            TextKind::Email => ("email", None),
            TextKind::Phone => ("tel", None),
            TextKind::Number => ("number", None),
            TextKind::Whole => ("text", Some("numeric")),
            TextKind::Decimal => ("text", Some("decimal")),
            TextKind::Date => ("date", None),
            TextKind::Pin => ("password", Some("numeric")),
            TextKind::Text | TextKind::Long => ("text", None),
        }
    }
}

/// A labelled text control with its error line and `aria-invalid`. One non-generic
/// component, so each form's fields cost no code of their own.
#[component]
pub fn TextInput(
    /// The control's `data-testid`.
    #[prop(into)]
    test_id: String,
    /// The label, in the user's language.
    label: fn(Tr) -> &'static str,
    /// How the control is typed.
    kind: TextKind,
    /// What the control shows.
    #[prop(into)]
    value: Signal<String>,
    /// Runs with the text on every keystroke.
    input: Callback<String>,
    /// The field's problem, in the user's language, once the form shows it.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Runs when the control is left (a form shows a field's problem from then on).
    #[prop(optional)]
    leave: Option<Callback<()>>,
    /// A hint shown in the empty control (its placeholder).
    #[prop(optional)]
    hint: Option<fn(Tr) -> &'static str>,
    /// A note shown under the control (what to type, where the value comes from).
    #[prop(optional_no_strip)]
    note: Option<fn(Tr) -> &'static str>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional_no_strip)]
    list: Option<&'static str>,
    /// Keeps the browser from offering what was typed in other forms (numbers, codes).
    #[prop(optional)]
    no_autofill: bool,
    /// Rows of a [`TextKind::Long`] control; 3 when not given.
    #[prop(optional)]
    rows: Option<u8>,
) -> impl IntoView {
    let app = use_app();
    let aria_invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
    let on_input = move |event: leptos::ev::Event| input.run(event_target_value(&event));
    let on_blur = move |_| {
        if let Some(leave) = leave {
            leave.run(());
        }
    };
    let placeholder = move || hint.map(|hint| hint(app.tr()));
    let autocomplete = no_autofill.then_some("off");
    let shared = view! {
        <{..} data-testid=test_id aria-invalid=aria_invalid placeholder=placeholder prop:value=value on:input=on_input on:blur=on_blur />
    };
    let control = if kind == TextKind::Long {
        view! { <textarea rows=rows.unwrap_or(3) {..shared}></textarea> }.into_any()
    } else {
        let (input_type, inputmode) = kind.input();
        view! { <input type=input_type inputmode=inputmode autocomplete=autocomplete list={list} {..shared} /> }
            .into_any()
    };
    view! {
        <label class="field" class:wide=kind == TextKind::Long>
            <span>{move || label(app.tr())}</span>
            {control}
            {note.map(|note| view! { <span class="muted small">{move || note(app.tr())}</span> })}
            <FieldError error />
        </label>
    }
}

/// A row of tap targets choosing one of `values` for a field of draft `D` (or none: a second tap
/// clears it); each button's test id is `{group}-{value}`.
pub fn segments<D, T>(
    draft: RwSignal<D>,
    group: &'static str,
    values: &'static [T],
    as_str: fn(T) -> &'static str,
    name: fn(Tr, T) -> &'static str,
    get: fn(&D) -> Option<T>,
    set: fn(&mut D, Option<T>),
) -> impl IntoView
where
    D: Send + Sync + 'static,
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let app = use_app();
    values
        .iter()
        .map(|value| {
            let value = *value;
            view! {
                <button
                    type="button"
                    class="chip big"
                    data-testid=format!("{group}-{}", as_str(value))
                    aria-pressed=move || if draft.with(|d| get(d) == Some(value)) { "true" } else { "false" }
                    on:click=move |_| draft.update(|d| set(d, if get(d) == Some(value) { None } else { Some(value) }))
                >
                    {move || name(app.tr(), value)}
                </button>
            }
        })
        .collect_view()
}
