//! Pages and components. Every user-visible string comes from `i18n`; views read state
//! through `state::use_app()` and never touch the store's internals.

mod alerts;
mod errors;
mod fields;
mod format;
mod kiosk;
mod kit;
mod labels;
mod machines;
mod pages;
mod problems;
mod shell;
mod tickets;

use crate::state::{self, route::Route};
use leptos::prelude::*;

/// Mounts the app on the page.
pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let app = state::provide_app_state();
    state::sync::provide(app);
    let kiosk = state::kiosk::provide(app);
    let _hashchange = window_event_listener(leptos::ev::hashchange, move |_| {
        let route = Route::parse(&window().location().hash().unwrap_or_default());
        let same_page = app.route.get_untracked().page() == route.page();
        app.route.set(route);
        // A new page starts at its top, not where the previous one was scrolled to; another tab
        // of the same page stays where the user tapped it.
        if !same_page {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    // A customer's tabs are one page: changing the tab keeps the page (and what it read).
    let page = Memo::new(move |_| app.route.get().page());
    let _update = window_event_listener_untyped("kehu-update-ready", move |_| app.update_ready.set(true));
    let _install = window_event_listener_untyped("kehu-install-ready", move |_| app.can_install.set(true));
    let _installed = window_event_listener_untyped("kehu-installed", move |_| app.can_install.set(false));
    // pwa.js may have seen these before the app listened.
    let flags = window();
    let flag = |name: &str| js_sys::Reflect::get(&flags, &name.into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
    app.update_ready.set(flag("kehuUpdateReady"));
    app.can_install.set(flag("kehuCanInstall"));

    view! {
        <shell::Shell>
            {move || match page.get() {
                // The booth kiosk refuses by route too, so a typed URL reaches no more than the nav.
                route if kiosk.locked() && !route.in_kiosk() => kiosk::KioskRefused().into_any(),
                Route::Dashboard => pages::dashboard::Dashboard().into_any(),
                Route::Customers => pages::customers::Customers().into_any(),
                Route::Customer(id) | Route::CustomerTab(id, _) => view! { <pages::customers::CustomerDetail id /> }.into_any(),
                Route::NewCustomer => view! { <pages::customers::CustomerEdit id=None /> }.into_any(),
                Route::EditCustomer(id) => view! { <pages::customers::CustomerEdit id=Some(id) /> }.into_any(),
                Route::NewOrder(customer_id) => view! { <pages::orders::OrderEdit customer_id id=None /> }.into_any(),
                Route::EditOrder(customer_id, id) => view! { <pages::orders::OrderEdit customer_id id=Some(id) /> }.into_any(),
                Route::Import => pages::import::Import().into_any(),
                Route::FollowUps => pages::follow_ups::FollowUps().into_any(),
                Route::Grades => pages::grades::Grades().into_any(),
                Route::Suppliers => view! { <pages::partners::Partners tab=pages::partners::Tab::Suppliers /> }.into_any(),
                Route::TradePartners => view! { <pages::partners::Partners tab=pages::partners::Tab::TradePartners /> }.into_any(),
                Route::NewSupplier => view! { <pages::partners::SupplierEdit id=None /> }.into_any(),
                Route::EditSupplier(id) => view! { <pages::partners::SupplierEdit id=Some(id) /> }.into_any(),
                Route::NewTradePartner => view! { <pages::partners::TradePartnerEdit id=None /> }.into_any(),
                Route::EditTradePartner(id) => view! { <pages::partners::TradePartnerEdit id=Some(id) /> }.into_any(),
                Route::Settings => pages::settings::Settings().into_any(),
                Route::Parts => pages::parts::Parts().into_any(),
                Route::Part(id) => view! { <pages::parts::PartPage id /> }.into_any(),
                Route::Reorder => pages::parts::Reorder().into_any(),
                Route::Machines => pages::parts::Machines().into_any(),
                Route::NewMachine => view! { <pages::parts::MachineEdit id=None /> }.into_any(),
                Route::NewCustomerMachine(customer) => view! { <pages::parts::MachineEdit id=None customer /> }.into_any(),
                Route::EditMachine(id) => view! { <pages::parts::MachineEdit id=Some(id) /> }.into_any(),
                Route::Funnel => view! { <pages::funnel::Funnel view=pages::funnel::View::Board /> }.into_any(),
                Route::FunnelList => view! { <pages::funnel::Funnel view=pages::funnel::View::List /> }.into_any(),
                Route::NewOpportunity => view! { <pages::funnel::OpportunityPage id=None /> }.into_any(),
                Route::Opportunity(id) => view! { <pages::funnel::OpportunityPage id=Some(id) /> }.into_any(),
                Route::Forecast => pages::funnel::ForecastPage().into_any(),
                Route::Service => pages::service::Service().into_any(),
                Route::ServiceDue => pages::service::DueList().into_any(),
                Route::NewTicket => view! { <pages::service::TicketCall /> }.into_any(),
                Route::NewCustomerTicket(customer) => view! { <pages::service::TicketCall customer /> }.into_any(),
                Route::Ticket(id) => view! { <pages::service::TicketPage id /> }.into_any(),
                Route::Shows => pages::shows::Shows().into_any(),
                Route::Show(id) => view! { <pages::shows::ShowPage id /> }.into_any(),
                Route::Capture(id) => view! { <pages::shows::Capture id /> }.into_any(),
                Route::ShowsReport => pages::shows::ShowsReport().into_any(),
                Route::Market => pages::market::MarketPage().into_any(),
                Route::Sightings => pages::market::Sightings().into_any(),
                Route::NewSighting => view! { <pages::market::SightingEdit id=None /> }.into_any(),
                Route::EditSighting(id) => view! { <pages::market::SightingEdit id=Some(id) /> }.into_any(),
                Route::NotFound => pages::not_found::NotFound().into_any(),
            }}
        </shell::Shell>
    }
}
