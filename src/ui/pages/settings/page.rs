//! Settings: language, workspaces (incl. the Demo workspace), team sync, people, the parts, funnel,
//! cockpit, market view and trade show settings, the market types of provinces, the records held, export,
//! backup and restore, storage, and version.

use crate::demo::{DemoSize, DemoSize::*};
use crate::domain::money::{format_bytes, format_int};
use crate::i18n::args;
use crate::state::browser::{self, StorageStatus};
use crate::state::demo;
use crate::state::use_app;
use crate::state::workspace::Workspace;
use crate::ui::format;
use crate::ui::shell::LanguageSwitch;
use leptos::prelude::*;

#[component]
pub fn Settings() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="page settings" data-testid="settings">
            <h1>{move || app.tr().settings_title()}</h1>
            <section class="card">
                <h2>{move || app.tr().language()}</h2>
                <LanguageSwitch />
            </section>
            <Workspaces />
            <super::sync::TeamSync />
            <super::people::People />
            <super::parts_policy::PolicySettings />
            <super::funnel::FunnelSettingsSection />
            <super::markets::MarketTypeSettings />
            <super::cockpit::ThresholdSettings />
            <super::market_view::MarketViewSettings />
            <super::shows::ShowSettings />
            <super::service::ServiceDeskSettings />
            <super::maintenance::MaintenanceSettingsSection />
            <super::data::RecordCounts />
            <super::data::ExportSection />
            <super::data::BackupSection />
            <StorageSection />
            <section class="card">
                <h2>{move || app.tr().about_title()}</h2>
                <p data-testid="version">
                    {move || app.tr().about_version(args::AboutVersion {
                        version: env!("CARGO_PKG_VERSION"),
                        schema: crate::state::data::SCHEMA_VERSION,
                    })}
                </p>
            </section>
        </section>
    }
}

#[component]
fn Workspaces() -> impl IntoView {
    let app = use_app();
    let busy = move || app.progress.get().is_some();
    let confirm_delete = RwSignal::new(false);
    let demo_size = app.watch(move || {
        let on_demo = app.workspace.get() == Workspace::Demo;
        async move {
            if on_demo {
                demo::current(app).await
            } else {
                None
            }
        }
    });
    // Creating and deleting the demo report through `app.progress` and `app.alert`: no outcome here.
    let creating = Action::new_local(move |size: &DemoSize| demo::create(app, *size));
    let deleting = Action::new_local(move |_: &()| demo::delete(app));
    let create = move |size: DemoSize| {
        creating.dispatch_local(size);
    };
    let row = move |workspace: Workspace| {
        let active = move || app.workspace.get() == workspace;
        view! {
            <div class="workspace-row" data-testid=format!("workspace-{}", workspace.key())>
                <div>
                    <strong>
                        {move || match workspace {
                            Workspace::Mine => app.tr().workspace_mine(),
                            Workspace::Demo => app.tr().workspace_demo(),
                        }}
                    </strong>
                    <p class="muted">
                        {move || match workspace {
                            Workspace::Mine => app.tr().workspace_mine_hint(),
                            Workspace::Demo => app.tr().workspace_demo_hint(),
                        }}
                    </p>
                </div>
                <Show
                    when=active
                    fallback=move || {
                        view! {
                            <button
                                class="button"
                                data-testid=format!("open-{}", workspace.key())
                                disabled=busy
                                on:click=move |_| app.switch_to(workspace)
                            >
                                {move || app.tr().workspace_open()}
                            </button>
                        }
                    }
                >
                    <span class="pill" data-testid="active-workspace">{move || app.tr().workspace_active()}</span>
                </Show>
            </div>
        }
    };
    view! {
        <section class="card">
            <h2>{move || app.tr().workspaces_title()}</h2>
            {row(Workspace::Mine)}
            <Show
                when=move || app.demo_exists.get()
                fallback=move || {
                    view! {
                        <div class="workspace-row">
                            <div>
                                <strong>{move || app.tr().workspace_demo()}</strong>
                                <p class="muted">{move || app.tr().workspace_demo_hint()}</p>
                            </div>
                            <div class="actions">
                                <button class="button" data-testid="create-demo" disabled=busy on:click=move |_| create(Demo)>
                                    {move || app.tr().demo_create()}
                                </button>
                                <button class="button secondary" data-testid="create-bench" disabled=busy on:click=move |_| create(Bench)>
                                    {move || app.tr().demo_create_bench(args::DemoCreateBench { customers: format_int(Bench.plan().customers as i64) })}
                                </button>
                            </div>
                        </div>
                    }
                }
            >
                {row(Workspace::Demo)}
                <div class="actions">
                    <span class="muted" data-testid="demo-size">
                        {move || {
                            let tr = app.tr();
                            demo_size.get().flatten().map(|(size, date)| {
                                let size = match size {
                                    Bench => tr.demo_size_bench(),
                                    Demo => tr.demo_size_demo(),
                                };
                                tr.demo_generated(args::DemoGenerated { size, date: format::date(tr, date) })
                            })
                        }}
                    </span>
                    <button
                        class="button secondary"
                        data-testid="reset-demo"
                        disabled=busy
                        on:click=move |_| create(demo_size.get_untracked().flatten().map_or(Demo, |(size, _)| size))
                    >
                        {move || app.tr().demo_reset()}
                    </button>
                    <Show
                        when=move || confirm_delete.get()
                        fallback=move || {
                            view! {
                                <button class="button danger" data-testid="delete-demo" disabled=busy on:click=move |_| confirm_delete.set(true)>
                                    {move || app.tr().demo_delete()}
                                </button>
                            }
                        }
                    >
                        <button
                            class="button danger"
                            data-testid="confirm-delete-demo"
                            on:click=move |_| {
                                confirm_delete.set(false);
                                deleting.dispatch_local(());
                            }
                        >
                            {move || app.tr().demo_delete_confirm()}
                        </button>
                        <button class="button secondary" on:click=move |_| confirm_delete.set(false)>
                            {move || app.tr().cancel()}
                        </button>
                    </Show>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn StorageSection() -> impl IntoView {
    let app = use_app();
    let asking = Action::new_local(|_: &()| browser::request_persistence());
    // Read again once the browser answered.
    let status = app.watch(move || {
        asking.version().track();
        browser::storage_status()
    });
    let ask = move |_| {
        asking.dispatch_local(());
    };
    let text = move || {
        let tr = app.tr();
        let StorageStatus { persisted, usage, quota } = status.get().unwrap_or_default();
        let persistence = match persisted {
            Some(true) => tr.storage_persisted(),
            Some(false) => tr.storage_not_persisted(),
            None => tr.storage_unknown(),
        };
        let usage = match (usage, quota) {
            (Some(usage), Some(quota)) => tr.storage_usage(args::StorageUsage {
                used: format_bytes(usage as u64),
                quota: format_bytes(quota as u64),
            }),
            _ => tr.storage_usage_unknown().to_string(),
        };
        (persistence, usage, persisted == Some(true))
    };
    view! {
        <section class="card">
            <h2>{move || app.tr().storage_title()}</h2>
            <p data-testid="storage-persisted">{move || text().0}</p>
            <p data-testid="storage-usage">{move || text().1}</p>
            <Show when=move || !text().2>
                <button class="button secondary" data-testid="persist" on:click=ask>
                    {move || app.tr().storage_persist()}
                </button>
            </Show>
        </section>
    }
}
