//! The value step of the customer import: each word of a choice column that Kehu does not know,
//! with how many rows use it and a select of the field's choices (the suggestion preselected),
//! "keep as written" and "not mapped".

use super::customers::column_name;
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::import::choices::{Choice, Choices, ColumnWords, ValueMap};
use crate::domain::money::format_int;
use crate::domain::region;
use crate::i18n::{args, Locale, Tr};
use crate::state::use_app;
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::labels;
use leptos::prelude::*;

/// The select's value of "keep as written"; "not mapped" is the empty value.
const AS_WRITTEN: &str = "*";

/// The words to map of every mapped choice column; `chosen` holds the user's answers, and
/// `changed` hears each one (a check done before is no longer current).
#[component]
pub(super) fn ValueStep(
    header: Vec<String>,
    columns: Vec<ColumnWords>,
    chosen: RwSignal<ValueMap>,
    changed: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let words: usize = columns.iter().map(|c| c.words.len()).sum();
    let sections = move || {
        let (tr, locale) = (app.tr(), app.locale.get());
        columns.iter().map(|entry| section(tr, locale, &header, entry, chosen, changed)).collect_view()
    };
    view! {
        <section class="import-values" data-testid="import-values">
            <h2>{move || app.tr().import_values_title()}</h2>
            <p class="muted">{move || app.tr().import_values_hint(args::ImportValuesHint { count: format_int(words as i64) })}</p>
            {sections}
        </section>
    }
}

/// One column's words, each with its select.
fn section(
    tr: Tr,
    locale: Locale,
    header: &[String],
    entry: &ColumnWords,
    chosen: RwSignal<ValueMap>,
    changed: Callback<()>,
) -> impl IntoView {
    let (field, column, choices) = (entry.field, entry.column, entry.choices);
    let title = tr.import_values_column(args::ImportValuesColumn {
        column: &column_name(tr, header, column),
        field: labels::customer_column(tr, field),
    });
    let rows = entry
        .words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let text = word.text.clone();
            let suggestion = word.suggestion;
            let current = Memo::new({
                let text = text.clone();
                move |_| {
                    chosen.with(|map| match map.get(field, &text) {
                        Some(choice) => key(choice),
                        None => suggestion.unwrap_or_default().to_owned(),
                    })
                }
            });
            let pick = {
                let text = text.clone();
                move |event: leptos::ev::Event| {
                    let choice = match event_target_value(&event).as_str() {
                        "" => Choice::Refused,
                        AS_WRITTEN => Choice::AsWritten,
                        name => match choices.name(name) {
                            Some(name) => Choice::Value(name),
                            None => return,
                        },
                    };
                    chosen.update(|map| map.set(field, &text, choice));
                    changed.run(());
                }
            };
            let options = choices
                .names()
                .into_iter()
                .map(|name| {
                    let label = choice_label(tr, locale, choices, field, name);
                    view! { <option value=name prop:selected=move || current.get() == name>{label}</option> }
                })
                .collect_view();
            view! {
                <tr data-testid="import-value-row">
                    <th scope="row" class="value-word">{text.clone()}</th>
                    <td class="num">{format_int(word.count as i64)}</td>
                    <td>
                        <select data-testid=format!("import-value-{column}-{i}") aria-label=text on:change=pick>
                            {options}
                            <option value=AS_WRITTEN prop:selected=move || current.get() == AS_WRITTEN>
                                {tr.import_value_as_written()}
                            </option>
                            <option value="" prop:selected=move || current.get().is_empty()>
                                {tr.import_value_not_mapped()}
                            </option>
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let more = entry.more;
    view! {
        <h3>{title}</h3>
        {data_table(
            "import-values-table",
            None,
            vec![heading(tr.import_value_word()), numeric(tr.import_value_rows()), heading(tr.import_value_choice())],
            rows,
        )}
        {(more > 0).then(|| view! {
            <p class="muted">{tr.import_values_more(args::ImportValuesMore { count: format_int(more as i64) })}</p>
        })}
    }
}

/// A choice's stored key in a select: its stable name, `*` for "keep as written", empty for none.
fn key(choice: &Choice) -> String {
    match choice {
        Choice::Value(name) => (*name).to_owned(),
        Choice::AsWritten => AS_WRITTEN.to_owned(),
        Choice::Refused => String::new(),
    }
}

/// A choice in the user's language.
fn choice_label(tr: Tr, locale: Locale, choices: Choices, field: CustomerColumn, name: &'static str) -> &'static str {
    match choices {
        Choices::Province => region::province(name).map_or(name, |p| labels::province_name(locale, p)),
        Choices::Labels(_) => labels::customer_value(tr, field, name).unwrap_or(name),
    }
}
