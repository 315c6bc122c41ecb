//! A list of machines as a table, drawn alike on a customer's page and in the installed base.

use crate::domain::model::{Id, Machine};
use crate::domain::money::format_int;
use crate::i18n::Tr;
use crate::state::route::Route;
use crate::ui::format;
use crate::ui::kit::table::{columns, mark, table};
use crate::ui::labels;
use leptos::prelude::*;

/// `machines` as a table marked `testid` (class `class`), each row marked `row_testid` with its
/// serial in `data-serial`. `customer` names a machine's customer where the list spans customers.
pub fn machine_table<'m>(
    tr: Tr,
    class: &'static str,
    testid: Option<&'static str>,
    row_testid: &'static str,
    machines: impl IntoIterator<Item = &'m Machine>,
    customer: Option<&dyn Fn(Id) -> String>,
) -> AnyView {
    let c = columns::<&Machine>();
    let mut columns = vec![
        c.text(tr.machine_col_serial(), |m| view! { <a href=Route::EditMachine(m.id).href()>{m.serial.clone()}</a> }),
        c.text(tr.machine_col_model(), |m| m.model.clone()),
        c.text(tr.machine_col_delivered(), |m| m.delivered.map(|d| format::date(tr, d))),
        c.number(tr.machine_col_hours(), |m| format_int(i64::from(m.hours))),
        c.number(tr.machine_col_hours_per_month(), |m| format_int(i64::from(m.hours_per_month))),
        c.text(tr.machine_col_status(), |m| labels::machine_status(tr, m.status)),
    ];
    if let Some(customer) = customer {
        columns.insert(2, c.text(tr.machine_col_customer(), move |m| customer(m.customer_id)));
    }
    let row_mark = |m: &&Machine| mark(row_testid).record("data-serial", m.serial.clone());
    table(class, testid, &columns, machines, row_mark)
}
