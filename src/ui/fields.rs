//! Form controls shared by pages: selects and shown problems.

use crate::i18n::Tr;
use crate::state::use_app;
use leptos::prelude::*;

/// A labelled select over `options` (value, label). `empty` names a first choice with the empty
/// value ("All" in a filter, "Not set" in a form). One non-generic component, so each use costs
/// no code of its own.
#[component]
pub fn SelectField(
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    options: Signal<Vec<(String, String)>>,
    current: Signal<String>,
    pick: Callback<String>,
    empty: Option<fn(Tr) -> &'static str>,
) -> impl IntoView {
    let app = use_app();
    let items = move || {
        options
            .get()
            .into_iter()
            .map(|(value, text)| {
                let selected = value.clone();
                view! { <option value=value prop:selected=move || current.with(|c| *c == selected)>{text}</option> }
            })
            .collect_view()
    };
    let empty = empty.map(|name| {
        view! { <option value="" prop:selected=move || current.with(String::is_empty)>{move || name(app.tr())}</option> }
    });
    view! {
        <label class="field">
            <span>{move || label(app.tr())}</span>
            <select data-testid=test_id on:change=move |event| pick.run(event_target_value(&event))>
                {empty}
                {items}
            </select>
        </label>
    }
}

/// Which problems a form shows: a field's once it was left, every one once a save was tried.
/// `Copy`, so every field's closures can hold it; each form words the problems itself.
pub struct Shown<F: Send + Sync + 'static, E: Send + Sync + 'static> {
    pub problems: Memo<Vec<(F, E)>>,
    pub touched: RwSignal<Vec<F>>,
    pub submitted: RwSignal<bool>,
}

impl<F: Send + Sync + 'static, E: Send + Sync + 'static> Clone for Shown<F, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static, E: Send + Sync + 'static> Copy for Shown<F, E> {}

impl<F, E> Shown<F, E>
where
    F: Copy + PartialEq + Send + Sync + 'static,
    E: Copy + PartialEq + Send + Sync + 'static,
{
    pub fn new(problems: Memo<Vec<(F, E)>>) -> Self {
        Shown { problems, touched: RwSignal::new(Vec::new()), submitted: RwSignal::new(false) }
    }

    /// The problem of `field`, once it may be shown.
    pub fn problem(self, field: F) -> Signal<Option<E>> {
        Signal::derive(move || {
            let shown = self.submitted.get() || self.touched.with(|t| t.contains(&field));
            let problem = self.problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, e)| *e));
            problem.filter(|_| shown)
        })
    }

    /// The problem of `field` in the user's language (worded by `word`), once it may be shown.
    pub fn problem_text(self, field: F, word: fn(Tr, E) -> String) -> Signal<Option<String>> {
        let app = use_app();
        let problem = self.problem(field);
        Signal::derive(move || problem.get().map(|error| word(app.tr(), error)))
    }

    pub fn touch(self, field: F) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }
}

/// A form's draft with the problems it shows, worded by `word`. `Copy`, so every field's
/// closures can hold it.
pub struct Form<D: Send + Sync + 'static, F: Send + Sync + 'static, E: Send + Sync + 'static> {
    pub draft: RwSignal<D>,
    pub shown: Shown<F, E>,
    word: fn(Tr, E) -> String,
}

impl<D: Send + Sync, F: Send + Sync, E: Send + Sync> Clone for Form<D, F, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync, F: Send + Sync, E: Send + Sync> Copy for Form<D, F, E> {}

impl<D, F, E> Form<D, F, E>
where
    D: Send + Sync + 'static,
    F: Copy + PartialEq + Send + Sync + 'static,
    E: Copy + PartialEq + Send + Sync + 'static,
{
    /// A form over `draft` whose problems are `problems` (checked as it changes).
    pub fn new(draft: RwSignal<D>, problems: Memo<Vec<(F, E)>>, word: fn(Tr, E) -> String) -> Self {
        Form { draft, shown: Shown::new(problems), word }
    }

    /// The problem of `field` in the user's language, once it may be shown.
    pub fn error(self, field: F) -> Signal<Option<String>> {
        self.shown.problem_text(field, self.word)
    }

    /// Shows `field`'s problem from now on (it was left).
    pub fn touch(self, field: F) {
        self.shown.touch(field);
    }
}

/// A select for one enum field of a form's draft: its values named in the user's language, the
/// draft read with `get` and changed with `set`. Only this glue is generic; every use shares the
/// one `SelectField`.
pub fn enum_select<D, T>(
    draft: RwSignal<D>,
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    values: &'static [T],
    name: fn(Tr, T) -> &'static str,
    get: impl Fn(&D) -> T + Copy + Send + Sync + 'static,
    set: impl Fn(&mut D, T) + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    D: Send + Sync + 'static,
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let app = use_app();
    let options = Signal::derive(move || {
        let tr = app.tr();
        values.iter().enumerate().map(|(i, v)| (i.to_string(), name(tr, *v).to_owned())).collect()
    });
    let current = Signal::derive(move || {
        let value = draft.with(get);
        values.iter().position(|v| *v == value).map(|i| i.to_string()).unwrap_or_default()
    });
    let pick = Callback::new(move |position: String| {
        if let Some(value) = position.parse::<usize>().ok().and_then(|i| values.get(i)) {
            draft.update(|d| set(d, *value));
        }
    });
    view! { <SelectField test_id label options current pick empty=None /> }
}
