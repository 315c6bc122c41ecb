//! The dashboard: what the active workspace holds, until the analytics fill it.

use crate::domain::follow_up::Scope;
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::state::workspace::Workspace;
use crate::state::{browser, interactions, use_app};
use crate::store::{Entity, Store};
use leptos::prelude::*;

/// The record kinds shown, in the order a dealer thinks of them.
const TILES: [Entity; 14] = [
    Entity::Customer,
    Entity::Contact,
    Entity::Interaction,
    Entity::Order,
    Entity::Opportunity,
    Entity::Machine,
    Entity::ServiceTicket,
    Entity::Part,
    Entity::Stock,
    Entity::PartDemand,
    Entity::Supplier,
    Entity::TradePartner,
    Entity::User,
    Entity::Audit,
];

pub fn entity_label(tr: Tr, entity: Entity) -> &'static str {
    match entity {
        Entity::User => tr.entity_users(),
        Entity::Customer => tr.entity_customers(),
        Entity::Contact => tr.entity_contacts(),
        Entity::Interaction => tr.entity_interactions(),
        Entity::Order => tr.entity_orders(),
        Entity::Opportunity => tr.entity_opportunities(),
        Entity::Part => tr.entity_parts(),
        Entity::PartDemand => tr.entity_part_demand(),
        Entity::Stock => tr.entity_stock(),
        Entity::Machine => tr.entity_machines(),
        Entity::ServiceTicket => tr.entity_service_tickets(),
        Entity::Setting => tr.entity_settings(),
        Entity::Audit => tr.entity_audit(),
        Entity::Supplier => tr.entity_suppliers(),
        Entity::TradePartner => tr.entity_trade_partners(),
        Entity::Ratings => tr.entity_value_ratings(),
        Entity::GradeSnapshot => tr.entity_grade_snapshots(),
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let app = use_app();
    let counts = LocalResource::new(move || {
        let db = app.db.get();
        app.revision.track();
        async move {
            match db {
                Some(db) => Some(db.counts().await),
                None => None,
            }
        }
    });
    let body = move || {
        let tr = app.tr();
        match counts.get().flatten() {
            None => view! { <p class="muted" data-testid="loading">{tr.loading()}</p> }.into_any(),
            Some(Err(error)) => view! {
                <p class="error-text" role="alert">{tr.dashboard_read_failed(args::DashboardReadFailed { detail: error.to_string() })}</p>
            }
            .into_any(),
            Some(Ok(counts)) => {
                let empty = counts.total() == 0;
                let tiles = TILES
                    .iter()
                    .map(|entity| {
                        view! {
                            <div class="tile" data-testid=format!("count-{}", entity.store_name())>
                                <span class="tile-value">{format_int(i64::from(counts.get(*entity)))}</span>
                                <span class="tile-label">{entity_label(tr, *entity)}</span>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <Show when=move || empty>
                        <div class="empty-state" data-testid="empty-workspace">
                            <p>{move || app.tr().dashboard_empty()}</p>
                            <a class="button" href=Route::Settings.href()>{move || app.tr().dashboard_go_to_demo()}</a>
                        </div>
                    </Show>
                    <div class="tiles" data-testid="dashboard-ready">{tiles}</div>
                }
                .into_any()
            }
        }
    };
    // Read apart from the counts, so a large workspace's tiles never wait for it.
    let overdue = LocalResource::new(move || {
        app.db.track();
        app.revision.track();
        let scope = app.current_user.get().map_or(Scope::Everyone, Scope::Person);
        interactions::overdue_count(app, scope, browser::today())
    });
    let overdue_link = move || {
        let count = overdue.get().and_then(Result::ok).filter(|n| *n > 0)?;
        Some(view! {
            <a class="overdue-link" href=Route::FollowUps.href() data-testid="dashboard-overdue">
                {move || app.tr().dashboard_overdue(args::DashboardOverdue { count: format_int(count as i64) })}
            </a>
        })
    };
    view! {
        <section class="page" data-testid="dashboard">
            <h1>{move || app.tr().dashboard_title()}</h1>
            <p class="subtitle">
                {move || match app.workspace.get() {
                    Workspace::Mine => app.tr().dashboard_subtitle_mine(),
                    Workspace::Demo => app.tr().dashboard_subtitle_demo(),
                }}
            </p>
            {overdue_link}
            {body}
        </section>
    }
}
