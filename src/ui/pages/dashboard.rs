//! The dashboard: what the active workspace holds, until the analytics fill it.

use crate::domain::interactions::follow_up::Scope;
use crate::domain::money::format_int;
use crate::i18n::args;
use crate::state::route::Route;
use crate::state::workspace::Workspace;
use crate::state::{browser, interactions, use_app};
use crate::state::{data, Entity};
use crate::ui::kit::{failed, loading};
use crate::ui::labels::entity_label;
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

#[component]
pub fn Dashboard() -> impl IntoView {
    let app = use_app();
    let counts = app.watch(move || data::counts(app));
    let body = move || {
        let tr = app.tr();
        match counts.get().flatten() {
            None => loading(),
            Some(Err(error)) => failed(error),
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
    let overdue = app.watch(move || {
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
