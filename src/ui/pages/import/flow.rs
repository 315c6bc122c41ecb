//! What every import kind draws and does the same way: the file's summary, the problems by row
//! and column, the read it checks against, the confirm button, and the one write with its bar
//! and its report to the page.

use super::page::{file_summary, Loaded};
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::{use_app, StoreError};
use crate::ui::errors::error_text;
use crate::ui::kit::table::{data_table, heading, Heading};
use crate::ui::kit::{loading, ProgressBar, Write};
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;

/// Row errors listed; the rest are counted.
pub(super) const LISTED_ERRORS: usize = 200;

/// How an import kind reports to the page: its success text (the page shows it and lets the
/// file go), or why its write failed (in the page's message, the check still holding).
#[derive(Clone, Copy)]
pub(super) struct Report {
    pub done: Callback<String>,
    pub message: RwSignal<Option<(bool, String)>>,
}

/// Records sent to the store so far, of how many, while an import writes.
#[derive(Clone, Copy)]
pub(super) struct Written(RwSignal<Option<(usize, usize)>>);

impl Written {
    pub fn new() -> Self {
        Written(RwSignal::new(None))
    }

    /// Starts the bar at none of `total`; the returned step moves it.
    pub fn start(self, total: usize) -> impl Fn(usize) {
        self.0.set(Some((0, total)));
        move |done| self.0.set(Some((done, total)))
    }

    /// The bar, while the write runs.
    pub fn bar(self) -> impl IntoView {
        let app = use_app();
        move || {
            self.0.get().map(|(done, total)| {
                let label = app.tr().import_saving_progress(args::ImportSavingProgress {
                    done: format_int(done as i64),
                    total: format_int(total as i64),
                });
                view! { <ProgressBar test_id="import-saving" label done total /> }
            })
        }
    }
}

/// An import's one write: `work` returns the success text; either way its bar, if it has one,
/// goes away and the outcome is reported to the page.
pub(super) fn import_write<I, Fut>(
    report: Report,
    written: Option<Written>,
    work: impl Fn(I) -> Fut + 'static,
) -> Write<I>
where
    I: Clone + 'static,
    Fut: Future<Output = Result<String, StoreError>> + 'static,
{
    let app = use_app();
    Write::new(move |input| {
        report.message.set(None);
        let work = work(input);
        async move {
            let outcome = work.await;
            if let Some(written) = written {
                written.0.set(None);
            }
            match outcome {
                Ok(text) => {
                    report.done.run(text);
                    Ok(())
                }
                // Nothing was written and the check still holds: the import can be tried again.
                Err(error) => {
                    report.message.set(Some((false, failed_text(app.tr_untracked(), &error))));
                    Err(error)
                }
            }
        }
    })
}

/// The import's write as its check result starts it: whether it runs, and how to start it.
#[derive(Clone, Copy)]
pub(super) struct Start {
    pub pending: Memo<bool>,
    pub run: Callback<()>,
}

impl Start {
    /// Starts `write` with what `current` holds then, if anything.
    pub fn of<I>(write: Write<I>, current: impl Fn() -> Option<I> + Send + Sync + 'static) -> Start
    where
        I: Clone + 'static,
    {
        let run = Callback::new(move |()| {
            if let Some(input) = current() {
                write.start(input);
            }
        });
        Start { pending: write.pending(), run }
    }
}

/// What an import checks its rows against, read once the workspace is open (a file picked while
/// it opens is checked once it is) and not again when the import's own write changes it.
pub(super) fn stored_read<T: 'static, Fut>(read: impl Fn() -> Fut + 'static) -> LocalResource<T>
where
    Fut: Future<Output = T> + 'static,
{
    let app = use_app();
    LocalResource::new(move || {
        app.track_workspace();
        read()
    })
}

/// Shows a read of what the import checks against: loading, why it failed, or `loaded`.
pub(super) fn stored_state<T>(read: Option<Result<T, StoreError>>, loaded: impl FnOnce(T) -> AnyView) -> AnyView {
    match read {
        None => loading(),
        Some(Err(error)) => failed(error),
        Some(Ok(value)) => loaded(value),
    }
}

/// A failed read, as the import words it.
pub(super) fn failed(error: StoreError) -> AnyView {
    let app = use_app();
    view! { <p class="error-text" role="alert">{move || failed_text(app.tr(), &error)}</p> }.into_any()
}

fn failed_text(tr: Tr, error: &StoreError) -> String {
    tr.import_failed(args::ImportFailed { detail: error_text(tr, error) })
}

/// The picked file's name, size and format, atop its card.
pub(super) fn summary(loaded: StoredValue<Rc<Loaded>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    view! { <p class="muted" data-testid="import-summary">{move || loaded.with_value(|l| file_summary(app.tr(), l))}</p> }
}

/// One problem of a file: its row (from 1), column, offending value and what is wrong.
pub(super) type Problem = (usize, String, String, String);

/// The first problems of a file, a row each: row number, column, offending value, what is wrong.
pub(super) fn error_table(tr: Tr, problems: impl Iterator<Item = Problem>) -> AnyView {
    let rows = problems
        .take(LISTED_ERRORS)
        .map(|(line, column, value, problem)| {
            text_row("import-error", vec![format_int(line as i64), column, value, problem], Some((2, "value")))
        })
        .collect_view();
    let columns = [Tr::import_error_row, Tr::import_column, Tr::import_error_value, Tr::import_error_problem];
    data_table("errors", None, headings(tr, &columns), rows).into_any()
}

/// A file's problems, how many `more` there are than listed, and the choice to import the rows
/// without any (`failed` of them have one).
pub(super) fn skippable_errors(
    tr: Tr,
    problems: impl Iterator<Item = Problem>,
    more: usize,
    failed: usize,
    skip_errors: RwSignal<bool>,
) -> AnyView {
    view! {
        <h3>{tr.import_errors_title()}</h3>
        {error_table(tr, problems)}
        {(more > 0).then(|| view! { <p class="muted">{tr.import_errors_more(args::ImportErrorsMore { count: format_int(more as i64) })}</p> })}
        <label class="check">
            <input type="checkbox" data-testid="import-skip-errors" prop:checked=move || skip_errors.get()
                on:change=move |event| skip_errors.set(event_target_checked(&event)) />
            <span>{tr.import_skip_errors(args::ImportSkipErrors { count: format_int(failed as i64) })}</span>
        </label>
    }
    .into_any()
}

/// The button that imports, saying how much; `children` stand beside it.
#[component]
pub(super) fn ConfirmButton(
    /// What the button says, in the user's language.
    #[prop(into)]
    label: Signal<String>,
    /// While true the button is disabled (nothing to import, or the write runs).
    #[prop(into)]
    disabled: Signal<bool>,
    /// Starts the import.
    confirm: Callback<()>,
    /// What stands beside the button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="actions">
            <button class="button" data-testid="import-confirm" disabled=disabled on:click=move |_| confirm.run(())>
                {label}
            </button>
            {children.map(|children| children())}
        </div>
    }
}

/// Plain column headings, each one of `tr`'s strings.
pub(super) fn headings(tr: Tr, names: &[fn(Tr) -> &'static str]) -> Vec<Heading> {
    names.iter().map(|name| heading(name(tr))).collect()
}

/// The first rows as the import will write them, under how many they are.
pub(super) fn preview_table(tr: Tr, count: usize, headings: Vec<Heading>, rows: impl IntoView + 'static) -> AnyView {
    view! {
        <h3>{tr.import_preview_title(args::ImportPreviewTitle { count: format_int(count as i64) })}</h3>
        {data_table("", None, headings, rows)}
    }
    .into_any()
}

/// A table row of text cells marked `test_id`; the cell at `class.0`, if any, has class
/// `class.1` (a number, an offending value).
pub(super) fn text_row(test_id: &'static str, cells: Vec<String>, class: Option<(usize, &'static str)>) -> AnyView {
    let cells = cells
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let class = class.and_then(|(at, name)| (at == i).then_some(name));
            view! { <td class=class>{text}</td> }
        })
        .collect_view();
    view! { <tr data-testid=test_id>{cells}</tr> }.into_any()
}
