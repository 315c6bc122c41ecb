//! The machines seen on site, newest first: each opens its form to edit or delete it.

use crate::domain::region;
use crate::state::market;
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::format;
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::kit::Loader;
use crate::ui::labels::{self, province_name};
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn Sightings() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || async move { market::book(app).await.map(Rc::new) });
    view! {
        <section class="page" data-testid="sightings">
            <a class="back-link" href=Route::Market.href()>{move || format!("← {}", app.tr().mkt_title())}</a>
            <div class="page-head">
                <h1>{move || app.tr().mkt_sightings_title()}</h1>
                <a class="button" href=Route::NewSighting.href() data-testid="log-sighting">{move || app.tr().mkt_sighting_log()}</a>
            </div>
            <p class="muted">{move || app.tr().mkt_sightings_hint()}</p>
            <Loader resource=book let:book>
                {
                    let book = StoredValue::new_local(book);
                    move || book.with_value(|book| {
                    let tr = app.tr();
                    if book.sightings.is_empty() {
                        return view! { <p class="empty-state" data-testid="sightings-empty">{tr.mkt_sightings_empty()}</p> }.into_any();
                    }
                    let rows = book
                        .sightings
                        .iter()
                        .map(|s| {
                            let s = &s.record;
                            let province = region::province(&s.province)
                                .map_or_else(|| s.province.clone(), |p| province_name(tr.0, p).to_owned());
                            let class = s.tonnage.map(|t| labels::market_tonnage(tr, t)).unwrap_or_default();
                            let who = book.user_name(s.logged_by).unwrap_or_default().to_owned();
                            view! {
                                <tr data-testid="sighting-row">
                                    <td>{s.seen_on.map(|d| format::date(tr, d)).unwrap_or_default()}</td>
                                    <td><a href=Route::EditSighting(s.id).href() data-testid="sighting-link">{s.brand.clone()}</a></td>
                                    <td>{s.model.clone()}</td>
                                    <td>{labels::market_line(tr, s.line)}</td>
                                    <td>{class}</td>
                                    <td>{province}</td>
                                    <td>{s.place.clone()}</td>
                                    <td class="num">{s.units}</td>
                                    <td>{who}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    data_table(
                        "",
                        Some("sightings-table"),
                        vec![
                            heading(tr.mkt_sighting_seen_on()),
                            heading(tr.mkt_sighting_brand()),
                            heading(tr.mkt_sighting_model()),
                            heading(tr.mkt_line()),
                            heading(tr.mkt_tonnage()),
                            heading(tr.field_province()),
                            heading(tr.mkt_sighting_place()),
                            numeric(tr.mkt_sighting_units()),
                            heading(tr.mkt_sighting_logged_by()),
                        ],
                        rows,
                    )
                    .into_any()
                })
                }
            </Loader>
        </section>
    }
}
