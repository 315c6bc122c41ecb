//! App-wide banners: database alerts, a waiting update, long-running work.

use crate::i18n::args;
use crate::state::browser;
use crate::state::StoreErrorKind;
use crate::state::{use_app, Alert, Notice};
use crate::ui::errors::error_text;
use crate::ui::format;
use leptos::prelude::*;

#[component]
pub fn Alerts() -> impl IntoView {
    let app = use_app();
    let alert = move || {
        app.alert.get().map(|alert| {
            let tr = app.tr();
            let (message, reload) = match &alert {
                Alert::UpgradeBlocked => (tr.alert_upgrade_blocked().to_owned(), false),
                Alert::VersionChanged => (tr.alert_version_changed().to_owned(), true),
                Alert::Store(error) => (error_text(tr, error), matches!(error.kind, StoreErrorKind::TooNew)),
            };
            let dismissable = !matches!(alert, Alert::UpgradeBlocked | Alert::VersionChanged);
            view! {
                <div class="banner error" role="alert" data-testid="alert">
                    <p>{message}</p>
                    <div class="banner-actions">
                        <Show when=move || reload>
                            <button class="button" data-testid="alert-reload" on:click=|_| browser::reload()>
                                {move || app.tr().reload()}
                            </button>
                        </Show>
                        <Show when=move || dismissable>
                            <button class="button secondary" on:click=move |_| app.alert.set(None)>
                                {move || app.tr().dismiss()}
                            </button>
                        </Show>
                    </div>
                </div>
            }
        })
    };
    let notice = move || {
        app.notice.get().map(|notice| {
            let message = match notice {
                Notice::Merged { at_ms } => {
                    app.tr().notice_merged(args::NoticeMerged { time: &format::local_time(at_ms).clock })
                }
            };
            view! {
                <div class="banner info" role="status" data-testid="notice">
                    <p>{message}</p>
                    <button class="button secondary" on:click=move |_| app.notice.set(None)>
                        {move || app.tr().dismiss()}
                    </button>
                </div>
            }
        })
    };
    view! {
        {alert}
        {notice}
        <Show when=move || app.update_ready.get()>
            <div class="banner info" role="status" data-testid="update-banner">
                <p>{move || app.tr().update_available()}</p>
                <button class="button" on:click=|_| browser::dispatch("kehu-apply-update")>
                    {move || app.tr().reload()}
                </button>
            </div>
        </Show>
        {move || {
            app.progress.get().map(|p| {
                let percent = (p.done * 100).checked_div(p.total).unwrap_or(0);
                view! {
                    <div class="banner info" role="status">
                        <p>{move || app.tr().loading_demo(args::LoadingDemo { percent })}</p>
                        <progress data-testid="progress" max="100" value=percent.to_string()></progress>
                    </div>
                }
            })
        }}
    }
}
