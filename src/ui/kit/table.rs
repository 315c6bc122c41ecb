//! The data table the lists and previews draw: in a horizontal scroller for narrow screens, one
//! header row over the rows.

use leptos::attr::custom::custom_attribute;
use leptos::prelude::*;
use std::marker::PhantomData;

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

/// One column of a [`table`]: its heading beside how a row shows in it, so the two cannot drift
/// apart.
pub struct Column<'r, R> {
    heading: &'static str,
    numeric: bool,
    class: Option<&'static str>,
    test_id: Option<&'static str>,
    row_heading: bool,
    cell: Box<dyn Fn(&R) -> AnyView + 'r>,
}

/// Makes the columns of a table of `R`s: the row type is named once, so no cell needs it.
pub struct Columns<R>(PhantomData<fn(&R)>);

pub fn columns<R>() -> Columns<R> {
    Columns(PhantomData)
}

impl<R> Columns<R> {
    /// A column headed `heading` whose cells show `cell` of each row.
    pub fn text<'r, V: IntoView + 'static>(&self, heading: &'static str, cell: impl Fn(&R) -> V + 'r) -> Column<'r, R> {
        let cell = Box::new(move |row: &R| cell(row).into_any());
        Column { heading, numeric: false, class: None, test_id: None, row_heading: false, cell }
    }

    /// A column of numbers: heading and cells right-aligned (`class="num"`).
    pub fn number<'r, V: IntoView + 'static>(
        &self,
        heading: &'static str,
        cell: impl Fn(&R) -> V + 'r,
    ) -> Column<'r, R> {
        Column { numeric: true, ..self.text(heading, cell) }
    }
}

impl<R> Column<'_, R> {
    /// The class of its cells (`company`, `nowrap`).
    pub fn cells(mut self, class: &'static str) -> Self {
        self.class = Some(class);
        self
    }

    /// The `data-testid` of its cells.
    pub fn marked(mut self, test_id: &'static str) -> Self {
        self.test_id = Some(test_id);
        self
    }

    /// Its cells head their rows (`<th scope="row">`).
    pub fn row_heading(mut self) -> Self {
        self.row_heading = true;
        self
    }

    fn cell(&self, row: &R) -> AnyView {
        let class = if self.numeric { Some("num") } else { self.class };
        let content = (self.cell)(row);
        if self.row_heading {
            view! { <th scope="row" class=class data-testid=self.test_id>{content}</th> }.into_any()
        } else {
            view! { <td class=class data-testid=self.test_id>{content}</td> }.into_any()
        }
    }
}

/// What marks a table row: its `data-testid`, and the record it shows (`data-<name>`).
pub struct RowMark {
    test_id: String,
    record: (&'static str, Option<String>),
}

/// A row marked `test_id`.
pub fn mark(test_id: impl Into<String>) -> RowMark {
    RowMark { test_id: test_id.into(), record: ("data-id", None) }
}

impl RowMark {
    /// The record the row shows, as attribute `name` (`data-id`, `data-serial`).
    pub fn record(mut self, name: &'static str, value: String) -> Self {
        self.record = (name, Some(value));
        self
    }
}

/// `rows` as a [`data_table`] under `columns`, each row marked by `mark`.
pub fn table<R>(
    class: &'static str,
    testid: Option<&'static str>,
    columns: &[Column<'_, R>],
    rows: impl IntoIterator<Item = R>,
    mark: impl Fn(&R) -> RowMark,
) -> AnyView {
    let headings = columns.iter().map(|c| Heading { text: c.heading, numeric: c.numeric }).collect();
    let rows = rows.into_iter().map(|row| table_row(mark(&row), columns.iter().map(|c| c.cell(&row)).collect_view()));
    data_table(class, testid, headings, rows.collect_view()).into_any()
}

/// One row of cells; not generic, so every table shares it.
fn table_row(mark: RowMark, cells: Vec<AnyView>) -> AnyView {
    let (name, value) = mark.record;
    view! { <tr data-testid=mark.test_id {..custom_attribute(name, value)}>{cells}</tr> }.into_any()
}
