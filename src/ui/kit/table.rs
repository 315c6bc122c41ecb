//! The data table the lists and previews draw: in a horizontal scroller for narrow screens, one
//! header row over the rows.

use leptos::prelude::*;

/// A column heading; numeric columns are right-aligned, like their cells (`class="num"`).
pub struct Heading {
    text: &'static str,
    numeric: bool,
}

pub fn heading(text: &'static str) -> Heading {
    Heading { text, numeric: false }
}

pub fn numeric(text: &'static str) -> Heading {
    Heading { text, numeric: true }
}

/// `rows` under `headings`; `class` is added to the table's `data-table`, `testid` marks it.
pub fn data_table(
    class: &'static str,
    testid: Option<&'static str>,
    headings: Vec<Heading>,
    rows: impl IntoView + 'static,
) -> impl IntoView {
    let headings =
        headings.into_iter().map(|h| view! { <th class=h.numeric.then_some("num")>{h.text}</th> }).collect_view();
    view! {
        <div class="table-scroll">
            <table class=format!("data-table {class}").trim_end().to_owned() data-testid=testid>
                <thead>
                    <tr>{headings}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
