//! The page shown for a route the app does not know, with a way back to the dashboard.

use crate::state::route::Route;
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="page" data-testid="not-found">
            <h1>{move || app.tr().not_found_title()}</h1>
            <p>{move || app.tr().not_found_body()}</p>
            <a class="button" href=Route::Dashboard.href()>{move || app.tr().nav_dashboard()}</a>
        </section>
    }
}
