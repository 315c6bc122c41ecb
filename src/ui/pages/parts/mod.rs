//! Parts planning: the parts list, a part's forecast and policy, the reorder list, and the
//! installed base of machines with its form.

mod list;
mod machine_edit;
mod machine_tickets;
mod machines;
mod part;
mod reorder;

pub use list::Parts;
pub use machine_edit::MachineEdit;
pub use machines::Machines;
pub use part::PartPage;
pub use reorder::Reorder;

use crate::i18n::Tr;
use crate::state::route::Route;
use crate::state::use_app;
use leptos::prelude::*;

/// A link to another parts page, drawn as a button (`class` adds e.g. `secondary`).
fn link_button(
    class: &'static str,
    test_id: &'static str,
    route: Route,
    label: fn(Tr) -> &'static str,
) -> impl IntoView {
    let app = use_app();
    view! {
        <a class=format!("button {class}").trim_end().to_owned() data-testid=test_id href=route.href()>
            {move || label(app.tr())}
        </a>
    }
}
