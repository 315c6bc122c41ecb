//! Settings → team sync: signing My workspace in to the company's server, what the sync is
//! doing, the records two devices changed at once and those the server refused, and signing out.

use crate::domain::model::UserRole;
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::sync::{self, use_sync, Account, SignInError};
use crate::state::use_app;
use crate::state::workspace::Workspace;
use crate::state::{Entity, Key};
use crate::ui::errors::error_text;
use crate::ui::kit::{record_name, DeleteConfirmation, ProgressBar, Resolver, SaveFailure, Write};
use crate::ui::labels;
use leptos::prelude::*;

#[component]
pub fn TeamSync() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    // Memos: the workspace signal is set again while a workspace opens, which must not redraw
    // the form under the user's typing.
    let on_demo = Memo::new(move |_| app.workspace.get() == Workspace::Demo);
    let account = Memo::new(move |_| sync.account.get());
    view! {
        <section class="card" data-testid="team-sync">
            <h2>{move || app.tr().sync_title()}</h2>
            {move || {
                if on_demo.get() {
                    view! { <p class="muted" data-testid="sync-demo">{move || app.tr().sync_demo_never()}</p> }.into_any()
                } else if let Some(account) = account.get() {
                    view! { <SignedIn account /> }.into_any()
                } else {
                    view! { <SignIn /> }.into_any()
                }
            }}
        </section>
    }
}

fn sign_in_error(tr: Tr, error: &SignInError, server: &str, name: &str, db: &str) -> String {
    match error {
        SignInError::Demo => tr.sync_error_demo().to_owned(),
        SignInError::OtherOrigin => tr.sync_error_other_origin(args::SyncErrorOtherOrigin { server }),
        SignInError::Unreachable => tr.sync_error_unreachable(args::SyncErrorUnreachable { server }),
        SignInError::Refused => tr.sync_error_refused().to_owned(),
        SignInError::NoDeviceNumber => tr.sync_error_no_device_number().to_owned(),
        SignInError::NoAccess => tr.sync_error_no_access(args::SyncErrorNoAccess { name, db }),
        SignInError::Server { status, reason } => tr.sync_error_server(args::SyncErrorServer { status, reason }),
        SignInError::Store(error) => error_text(tr, error),
    }
}

/// A labelled one-line control.
fn field(
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    kind: &'static str,
    value: RwSignal<String>,
    note: Option<fn(Tr) -> &'static str>,
) -> impl IntoView {
    let app = use_app();
    view! {
        <label class="field">
            <span>{move || label(app.tr())}</span>
            <input
                type=kind
                data-testid=test_id
                autocomplete=if kind == "password" { "current-password" } else { "off" }
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
            {note.map(|note| view! { <small class="muted">{move || note(app.tr())}</small> })}
        </label>
    }
}

/// What the sign-in form was given: server, database, user name and password.
type Typed = [String; 4];

#[component]
fn SignIn() -> impl IntoView {
    let app = use_app();
    let server = RwSignal::new(sync::DEFAULT_SERVER.to_owned());
    let db = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    // A refusal is this write's outcome, not a failure: only the store failing is one.
    let signing_in = Write::new(move |typed: Typed| async move {
        let [server, db, name, password] = &typed;
        match sync::sign_in(app, server, db, name, password).await {
            Ok(()) => Ok(None),
            Err(SignInError::Store(error)) => Err(error),
            Err(refused) => Ok(Some((refused, typed))),
        }
    });
    let outcome = signing_in.outcome();
    let problem = move || {
        if missing.get() {
            return Some(app.tr().sync_required().to_owned());
        }
        match outcome.get()? {
            Ok(refused) => {
                refused.map(|(error, [server, db, name, _])| sign_in_error(app.tr(), &error, &server, &name, &db))
            }
            Err(error) => Some(error_text(app.tr(), &error)),
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = [server, db, name, password].map(|s| s.get_untracked().trim().to_owned());
        missing.set(typed.iter().any(String::is_empty));
        if !missing.get_untracked() {
            signing_in.start(typed);
        }
    };
    let busy = signing_in.pending();
    view! {
        <p class="muted">{move || app.tr().sync_intro()}</p>
        <form class="sync-sign-in" on:submit=submit>
            {field("sync-server", |tr| tr.sync_server(), "text", server, Some(|tr| tr.sync_server_note()))}
            {field("sync-database", |tr| tr.sync_database(), "text", db, None)}
            {field("sync-user", |tr| tr.sync_user(), "text", name, None)}
            {field("sync-password", |tr| tr.sync_password(), "password", password, None)}
            <p class="error-text" role="alert" data-testid="sync-problem" hidden=move || problem().is_none()>
                {problem}
            </p>
            <button type="submit" class="button primary" data-testid="sync-sign-in" disabled=move || busy.get()>
                {move || if busy.get() { app.tr().sync_signing_in() } else { app.tr().sync_sign_in() }}
            </button>
        </form>
    }
}

/// A record named for the user, else the server's id of its document.
fn record_or_id(tr: Tr, record: &Option<(Entity, Key)>, title: Option<&String>, id: &str) -> String {
    match record {
        Some((entity, key)) => record_name(tr, *entity, key, title),
        None => id.to_owned(),
    }
}

/// The password prompt once the server ended this device's session.
#[component]
fn SignInAgain(account: Account) -> impl IntoView {
    let app = use_app();
    let password = RwSignal::new(String::new());
    let account = StoredValue::new(account);
    let signing_in = Write::new(move |typed: String| async move {
        let Account { server, db, name, .. } = account.get_value();
        match sync::sign_in(app, &server, &db, &name, &typed).await {
            Ok(()) => Ok(None),
            Err(SignInError::Store(error)) => Err(error),
            Err(refused) => Ok(Some(refused)),
        }
    });
    let outcome = signing_in.outcome();
    let problem = move || match outcome.get()? {
        Ok(refused) => refused.map(|e| account.with_value(|a| sign_in_error(app.tr(), &e, &a.server, &a.name, &a.db))),
        Err(error) => Some(error_text(app.tr(), &error)),
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        signing_in.start(password.get_untracked());
    };
    let busy = signing_in.pending();
    let hint =
        move || account.with_value(|a| app.tr().sync_sign_in_again_hint(args::SyncSignInAgainHint { name: &a.name }));
    view! {
        <form class="sync-sign-in" data-testid="sync-sign-in-again" on:submit=submit>
            <p>{hint}</p>
            {field("sync-password", |tr| tr.sync_password(), "password", password, None)}
            <p class="error-text" role="alert" data-testid="sync-problem" hidden=move || problem().is_none()>
                {problem}
            </p>
            <button type="submit" class="button primary" data-testid="sync-sign-in" disabled=move || busy.get()>
                {move || if busy.get() { app.tr().sync_signing_in() } else { app.tr().sync_sign_in_again() }}
            </button>
        </form>
    }
}

/// One list item per record, each named for the user.
fn named_records(
    records: Vec<(Entity, Key)>,
    title_of: impl Fn(&Option<(Entity, Key)>) -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    records
        .into_iter()
        .map(|record| {
            let record = Some(record);
            view! { <li>{move || record_or_id(app.tr(), &record, title_of(&record).as_ref(), "")}</li> }
        })
        .collect_view()
}

#[component]
fn SignedIn(account: Account) -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let again = account.clone();
    let Account { server, db, name, roles } = account;
    let roles = move || {
        let tr = app.tr();
        let named = roles.iter().map(|r| UserRole::parse(r).map_or(r.as_str(), |role| labels::user_role(tr, role)));
        named.collect::<Vec<_>>().join(", ")
    };
    // What the user calls the records listed below, read again as the lists change.
    let titles = LocalResource::new(move || {
        let records: Vec<(Entity, Key)> = sync
            .conflicts
            .get()
            .into_iter()
            .map(|c| (c.entity, c.key))
            .chain(sync.refused.get().into_iter().filter_map(|r| r.record))
            .chain(sync.held_back.get())
            .chain(sync.left_out.get().iter().filter_map(|id| sync::record_of(id)))
            .collect();
        let records_again = records.clone();
        async move { records_again.into_iter().zip(sync::named(app, records).await).collect::<Vec<_>>() }
    });
    let named_of = move |record: &(Entity, Key)| {
        let titles = titles.get().unwrap_or_default();
        titles.into_iter().find(|(t, _)| t == record).map(|(_, named)| named).unwrap_or_default()
    };
    let title_of = move |record: &Option<(Entity, Key)>| record.as_ref().and_then(|r| named_of(r).title);
    let resolving = RwSignal::new(None::<(Entity, Key)>);
    // How many changes made here the server has not got, read again as the sync moves.
    let waiting = LocalResource::new(move || {
        sync.status.track();
        sync::waiting(app)
    });
    let signing_out = Write::new(move |()| sync::sign_out(app));
    let busy = signing_out.pending();
    let sign_out = Callback::new(move |()| signing_out.start(()));
    let waiting_now = move || waiting.get().unwrap_or(0);
    view! {
        <p data-testid="sync-account">
            {move || app.tr().sync_signed_in(args::SyncSignedIn { name: &name, roles: roles(), db: &db, server: &server })}
        </p>
        <p class="sync-state" data-testid="sync-state">
            {move || labels::sync_status(app.tr(), &sync.status.get()).unwrap_or_default()}
        </p>
        {move || sync.receiving.get().map(|sync::Receiving { held, total }| {
            let label = app.tr().sync_receiving(args::SyncReceiving {
                held: format_int(held as i64),
                total: format_int(total as i64),
            });
            view! { <ProgressBar test_id="sync-progress" label done=held as usize total=total as usize /> }
        })}
        <Show when=move || matches!(sync.status.get(), sync::Status::NoAccess | sync::Status::Failed { .. })>
            <div class="banner warning" role="status" data-testid="sync-stopped">
                <p>
                    {move || if sync.status.get() == sync::Status::NoAccess {
                        app.tr().sync_no_access_hint()
                    } else {
                        app.tr().sync_failed_hint()
                    }}
                </p>
                <button type="button" class="button" data-testid="sync-retry" on:click=move |_| sync::retry(app)>
                    {move || app.tr().sync_retry()}
                </button>
            </div>
        </Show>
        <Show when=move || sync.status.get() == sync::Status::SignedOut>
            <SignInAgain account=again.clone() />
        </Show>
        <Show when=move || sync.conflicts.with(|c| !c.is_empty())>
            <div data-testid="sync-conflicts">
                <p>{move || app.tr().sync_conflicts(args::SyncConflicts { count: format_int(sync.conflicts.with(Vec::len) as i64) })}</p>
                <ul>
                    {move || sync.conflicts.get().into_iter().map(|c| {
                        let record = (c.entity, c.key);
                        let named = named_of(&record);
                        let name = record_name(app.tr(), record.0, &record.1, named.title.as_ref());
                        let page = named.page.map(|page| view! {
                            <a class="button secondary" href=page.href() data-testid="sync-conflict-open">{app.tr().sync_conflict_open()}</a>
                        });
                        view! {
                            <li class="sync-conflict-item">
                                <span>{name}</span>
                                {page}
                                <button type="button" class="button" data-testid="sync-resolve"
                                    on:click=move |_| resolving.set(Some(record.clone()))>
                                    {app.tr().sync_resolve()}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {move || resolving.get().map(|record| view! {
                    <Resolver record wording=None on_close=Callback::new(move |()| resolving.set(None)) />
                })}
            </div>
        </Show>
        <Show when=move || sync.refused.with(|r| !r.is_empty())>
            <div data-testid="sync-refused">
                <h3>{move || app.tr().sync_refused_title()}</h3>
                <ul>
                    {move || sync.refused.get().into_iter().map(|refusal| {
                        view! {
                            <li>
                                {move || {
                                    let title = title_of(&refusal.record);
                                    let named = record_or_id(app.tr(), &refusal.record, title.as_ref(), &refusal.id);
                                    let reason = labels::refused(app.tr(), &refusal.why);
                                    app.tr().sync_refused_item(args::SyncRefusedItem { record: named, reason })
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
        <Show when=move || sync.held_back.with(|h| !h.is_empty())>
            <div data-testid="sync-held-back">
                <h3>{move || app.tr().sync_held_back_title()}</h3>
                <ul>{move || named_records(sync.held_back.get(), title_of)}</ul>
            </div>
        </Show>
        <Show when=move || sync.left_out.with(|l| !l.is_empty())>
            <div data-testid="sync-left-out">
                <h3>{move || app.tr().sync_left_out_title()}</h3>
                <p class="hint">{move || app.tr().sync_left_out_note()}</p>
                <ul>
                    {move || sync.left_out.get().into_iter().map(|id| {
                        let record = sync::record_of(&id);
                        view! { <li>{move || record_or_id(app.tr(), &record, title_of(&record).as_ref(), &id)}</li> }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
        <SaveFailure failure=signing_out.failure() />
        <div class="actions">
            {move || if waiting_now() == 0 {
                view! {
                    <button type="button" class="button secondary" data-testid="sync-sign-out" disabled=move || busy.get()
                        on:click=move |_| sign_out.run(())>
                        {move || app.tr().sync_sign_out()}
                    </button>
                }.into_any()
            } else {
                view! {
                    <DeleteConfirmation
                        ask_id="sync-sign-out"
                        ask=Signal::derive(move || app.tr().sync_sign_out().to_owned())
                        question=Signal::derive(move || app.tr().sync_sign_out_waiting(args::SyncSignOutWaiting { count: format_int(i64::from(waiting_now())) }))
                        confirm=Signal::derive(move || app.tr().sync_sign_out_confirm().to_owned())
                        busy=Signal::derive(move || busy.get())
                        on_confirm=sign_out
                    />
                }.into_any()
            }}
        </div>
    }
}
