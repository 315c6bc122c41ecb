//! The frame around every page: top bar with the active workspace and language, navigation
//! (side in landscape, bottom in portrait), alerts, and the progress of long work.

use super::alerts::Alerts;
use super::kiosk::KioskBar;
use crate::domain::money::format_int;
use crate::i18n::{args, Locale};
use crate::state::browser;
use crate::state::kiosk::use_kiosk;
use crate::state::route::Route;
use crate::state::sync::{use_sync, Status};
use crate::state::use_app;
use crate::state::workspace::Workspace;
use crate::ui::labels;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let app = use_app();
    let kiosk = use_kiosk();
    let nav_link =
        move |route: Route, icon: &'static str, label: fn(crate::i18n::Tr) -> &'static str, test_id: &'static str| {
            view! {
                <a
                    href=route.href()
                    class="nav-link"
                    data-testid=test_id
                    aria-current=move || (app.route.get().section() == route).then_some("page")
                >
                    <span class="nav-icon" aria-hidden="true" inner_html=icon></span>
                    <span class="nav-label">{move || label(app.tr())}</span>
                </a>
            }
        };
    let nav = NodeRef::<leptos::html::Nav>::new();
    // The portrait bottom bar scrolls sideways: the current section's link is brought into view.
    Effect::new(move |_| {
        app.route.track();
        let Some(nav) = nav.get() else { return };
        request_animation_frame(move || {
            let current = nav.query_selector("[aria-current=page]").ok().flatten();
            if let Some(link) = current.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
                nav.set_scroll_left(link.offset_left() - (nav.client_width() - link.offset_width()) / 2);
            }
        });
    });
    view! {
        <div class="app">
            <header class="topbar">
                <a class="brand" href="#/">
                    <img src="icons/icon-192.png" alt="" width="32" height="32" />
                    <span>{move || app.tr().app_name()}</span>
                </a>
                <WorkspaceBadge />
                <SyncBadge />
                <div class="topbar-actions">
                    <Show when=move || app.can_install.get()>
                        <button class="button secondary" data-testid="install" on:click=|_| browser::dispatch("kehu-install")>
                            {move || app.tr().install_app()}
                        </button>
                    </Show>
                    <LanguageSwitch />
                </div>
            </header>
            <nav class="nav" node_ref=nav aria-label=move || app.tr().nav_label()>
                {nav_link(Route::Dashboard, ICON_DASHBOARD, |t| t.nav_dashboard(), "nav-dashboard")}
                {nav_link(Route::Customers, ICON_CUSTOMERS, |t| t.nav_customers(), "nav-customers")}
                {nav_link(Route::FollowUps, ICON_FOLLOW_UPS, |t| t.nav_follow_ups(), "nav-follow-ups")}
                {nav_link(Route::Grades, ICON_GRADES, |t| t.nav_grades(), "nav-grades")}
                {nav_link(Route::Funnel, ICON_FUNNEL, |t| t.nav_funnel(), "nav-funnel")}
                {nav_link(Route::Forecast, ICON_FORECAST, |t| t.nav_forecast(), "nav-forecast")}
                {nav_link(Route::Suppliers, ICON_PARTNERS, |t| t.nav_partners(), "nav-partners")}
                {nav_link(Route::Service, ICON_SERVICE, |t| t.nav_service(), "nav-service")}
                {nav_link(Route::Shows, ICON_SHOWS, |t| t.nav_shows(), "nav-shows")}
                {nav_link(Route::Market, ICON_MARKET, |t| t.mkt_nav(), "nav-market")}
                {nav_link(Route::Parts, ICON_PARTS, |t| t.nav_parts(), "nav-parts")}
                <Show when=move || !kiosk.locked()>
                    {nav_link(Route::Settings, ICON_SETTINGS, |t| t.nav_settings(), "nav-settings")}
                </Show>
            </nav>
            <main class="main">
                <Show when=move || kiosk.locked()>
                    <KioskBar />
                </Show>
                <Alerts />
                {children()}
            </main>
        </div>
    }
}

/// Always shows which workspace the user is looking at, so demo data is never mistaken for real.
#[component]
fn WorkspaceBadge() -> impl IntoView {
    let app = use_app();
    let kiosk = use_kiosk();
    let class = move || match app.workspace.get() {
        Workspace::Mine => "workspace-badge mine",
        Workspace::Demo => "workspace-badge demo",
    };
    view! {
        <a href=move || (!kiosk.locked()).then(|| Route::Settings.href()) class=class data-testid="workspace-badge"
            data-workspace=move || app.workspace.get().key()
            title=move || app.tr().workspace_active_hint()>
            {move || match app.workspace.get() {
                Workspace::Mine => app.tr().workspace_mine(),
                Workspace::Demo => app.tr().workspace_demo(),
            }}
        </a>
    }
}

/// What the team sync is doing, with the records two devices changed at once; nothing while it
/// is off (not signed in, or the Demo workspace).
#[component]
fn SyncBadge() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let text = move || match sync.receiving.get() {
        Some(receiving) => Some(app.tr().sync_status_receiving(args::SyncStatusReceiving {
            percent: format_int((receiving.held * 100 / receiving.total.max(1)) as i64),
        })),
        None => labels::sync_status(app.tr(), &sync.status.get()),
    };
    let class = move || match sync.status.get() {
        Status::Synced | Status::Syncing | Status::OtherWindow => "sync-badge",
        Status::Offline { .. } => "sync-badge offline",
        _ => "sync-badge failed",
    };
    let conflicts = move || {
        sync.conflicts.with(Vec::len)
            + sync.refused.with(Vec::len)
            + sync.held_back.with(Vec::len)
            + sync.left_out.with(Vec::len)
    };
    view! {
        <Show when=move || text().is_some()>
            <a href=Route::Settings.href() class=class data-testid="sync-status" role="status">
                {text}
                <Show when=move || { conflicts() > 0 }>
                    <span class="count" data-testid="sync-attention">{move || conflicts().to_string()}</span>
                </Show>
            </a>
        </Show>
    }
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="language-switch" role="group" aria-label=move || app.tr().language()>
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    view! {
                        <button
                            class="lang-button"
                            lang=locale.tag()
                            data-testid=format!("lang-{}", locale.tag())
                            aria-pressed=move || (app.locale.get() == locale).to_string()
                            on:click=move |_| app.set_locale(locale)
                        >
                            {move || match locale {
                                Locale::ZhCn => app.tr().language_zh(),
                                Locale::En => app.tr().language_en(),
                            }}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

const ICON_DASHBOARD: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M3 13h8V3H3zm0 8h8v-6H3zm10 0h8V11h-8zm0-18v6h8V3z"/></svg>"#;
const ICON_CUSTOMERS: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M9 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-3.3 0-7 1.7-7 4v2h14v-2c0-2.3-3.7-4-7-4zm7.5-2.2a3.3 3.3 0 1 0-1-6.4 5.5 5.5 0 0 1 0 6.2c.3.1.7.2 1 .2zm1.4 2.3c1.3.8 2.1 1.8 2.1 2.9v3h3v-2.5c0-1.7-2.4-3-5.1-3.4z"/></svg>"#;
const ICON_FOLLOW_UPS: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 16H5V9h14zm-8.5-2.6-3.5-3.5 1.4-1.4 2.1 2.1 4.6-4.6 1.4 1.4z"/></svg>"#;
const ICON_PARTNERS: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M3 21V9l6-4v4l6-4v4h6v12zm4-3h2v-3H7zm4 0h2v-3h-2zm4 0h2v-3h-2z"/></svg>"#;
const ICON_GRADES: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M4 20V10h3v10zm6.5 0V4h3v16zM17 20v-7h3v7z"/></svg>"#;
const ICON_PARTS: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M12 2 3 7v10l9 5 9-5V7zm0 2.3 6.5 3.6L12 11.5 5.5 7.9zM5 9.6l6 3.3v6.8l-6-3.3zm8 10.1v-6.8l6-3.3v6.8z"/></svg>"#;
const ICON_SERVICE: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M21 7.5a5.5 5.5 0 0 1-7.4 5.2L6 20.3 3.7 18l7.6-7.6A5.5 5.5 0 0 1 17.5 3l-3 3 .5 3 3 .5z"/></svg>"#;
const ICON_SHOWS: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M3 4h18v2l-2 1v11h1v2H4v-2h1V7L3 6zm4 3v11h3v-5h4v5h3V7z"/></svg>"#;
const ICON_MARKET: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M11 2v11h11A11 11 0 0 0 11 2zM9 4.2A9 9 0 1 0 19.8 15H9z"/></svg>"#;
const ICON_SETTINGS: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M19.4 13a7.5 7.5 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.3 7.3 0 0 0-1.7-1L15 3h-4l-.4 2.9a7.3 7.3 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7.3 7.3 0 0 0 1.7 1L11 21h4l.4-2.9a7.3 7.3 0 0 0 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z"/></svg>"#;
const ICON_FUNNEL: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M3 4h18l-7 8.5V19l-4 2v-8.5z"/></svg>"#;
const ICON_FORECAST: &str = r#"<svg viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M3 20h18v2H3zm2-3 4.5-5 3.5 3 6-7 1.5 1.3-7.3 8.5-3.5-3-3.2 3.6z"/></svg>"#;
