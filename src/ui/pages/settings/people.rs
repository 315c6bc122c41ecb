//! Settings → people: who is using this device (recorded on every change), adding people, and
//! handing a departing salesperson's accounts to a colleague in one step.

use crate::domain::model::{Id, User, UserRole};
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::{customers, use_app, users};
use crate::ui::kit::{Loader, TextInput, TextKind, Write};
use crate::ui::labels;
use leptos::prelude::*;

#[component]
pub fn People() -> impl IntoView {
    let app = use_app();
    let people = app.watch(move || users::list(app));
    // Outlives the list's re-render after the reassignment's own write.
    let reassigned = RwSignal::new(None::<usize>);
    view! {
        <section class="card" data-testid="people">
            <h2>{move || app.tr().people_title()}</h2>
            <Loader resource=people let:list>
                {
                    let list = StoredValue::new(list);
                    view! {
                        <CurrentUser list />
                        <AddUser />
                        <ReassignAll list done=reassigned />
                    }
                }
            </Loader>
        </section>
    }
}

/// A one-line text control typing into `value`.
fn text_field(
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let input = Callback::new(move |text| value.set(text));
    view! { <TextInput test_id label kind=TextKind::Text value input error /> }
}

fn options(list: &[User], active_only: bool) -> Vec<(Id, String)> {
    list.iter().filter(|u| u.active || !active_only).map(|u| (u.id, u.name.clone())).collect()
}

#[component]
fn CurrentUser(list: StoredValue<Vec<User>>) -> impl IntoView {
    let app = use_app();
    let choices = list.with_value(|l| options(l, true));
    view! {
        <label class="field">
            <span>{move || app.tr().people_current()}</span>
            <select
                data-testid="current-user"
                on:change=move |event| {
                    if let Ok(id) = event_target_value(&event).parse() {
                        app.set_current_user(id);
                    }
                }
            >
                <option value="" prop:selected=move || app.current_user.get().is_none()>{move || app.tr().not_set()}</option>
                {choices
                    .into_iter()
                    .map(|(id, name)| {
                        view! { <option value=id.to_string() prop:selected=move || app.current_user.get() == Some(id)>{name}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn AddUser() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(UserRole::Sales);
    let tried = RwSignal::new(false);
    let adding = Write::new(move |(typed, role): (String, UserRole)| async move {
        let added = users::add(app, &typed, role).await;
        match &added {
            Ok(id) => {
                // The first person added is almost always the one holding the tablet.
                if app.current_user.get_untracked().is_none() {
                    app.set_current_user(*id);
                }
                name.set(String::new());
                tried.set(false);
            }
            Err(error) => app.report(error.clone()),
        }
        added.map(drop)
    });
    let add = move |_| {
        tried.set(true);
        let typed = name.get_untracked();
        if !typed.trim().is_empty() {
            adding.start((typed, role.get_untracked()));
        }
    };
    view! {
        <div class="inline-form">
            {text_field("new-user-name", |tr| tr.people_name(), name, Signal::derive(move || {
                (tried.get() && name.with(|n| n.trim().is_empty())).then(|| app.tr().problem_required().to_owned())
            }))}
            <label class="field">
                <span>{move || app.tr().people_role()}</span>
                <select data-testid="new-user-role" on:change=move |e| {
                    if let Some(r) = UserRole::parse(&event_target_value(&e)) { role.set(r); }
                }>
                    {UserRole::ALL.iter().map(|r| {
                        let r = *r;
                        view! { <option value=r.as_str() prop:selected=move || role.get() == r>{move || labels::user_role(app.tr(), r)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button class="button secondary" data-testid="add-user" on:click=add>{move || app.tr().people_add()}</button>
        </div>
    }
}

/// `done` holds how many customers the last run reassigned.
#[component]
fn ReassignAll(list: StoredValue<Vec<User>>, done: RwSignal<Option<usize>>) -> impl IntoView {
    let app = use_app();
    let from = RwSignal::new(None::<Id>);
    let to = RwSignal::new(None::<Id>);
    let reason = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let reassigning = Write::new(move |(from_id, to_id, why): (Id, Id, String)| async move {
        let reassigned = customers::reassign_all(app, from_id, to_id, &why).await;
        match &reassigned {
            Ok(count) => {
                done.set(Some(*count));
                tried.set(false);
            }
            Err(error) => app.report(error.clone()),
        }
        reassigned.map(drop)
    });
    let ready = move || {
        from.get().is_some() && to.get().is_some() && from.get() != to.get() && reason.with(|r| !r.trim().is_empty())
    };
    let run = move |_| {
        tried.set(true);
        let (Some(from_id), Some(to_id)) = (from.get_untracked(), to.get_untracked()) else { return };
        if ready() {
            reassigning.start((from_id, to_id, reason.get_untracked()));
        }
    };
    let select = move |test_id: &'static str, target: RwSignal<Option<Id>>, active_only: bool| {
        let choices = list.with_value(|l| options(l, active_only));
        view! {
            <select data-testid=test_id on:change=move |e| target.set(event_target_value(&e).parse().ok())>
                <option value="" prop:selected=move || target.get().is_none()>{move || app.tr().not_set()}</option>
                {choices.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <div class="reassign-all">
            <h3>{move || app.tr().reassign_all_title()}</h3>
            <p class="muted">{move || app.tr().reassign_all_hint()}</p>
            <div class="inline-form">
                <label class="field"><span>{move || app.tr().reassign_all_from()}</span>{select("reassign-all-from", from, false)}</label>
                <label class="field"><span>{move || app.tr().reassign_to()}</span>{select("reassign-all-to", to, true)}</label>
                {text_field("reassign-all-reason", |tr| tr.reassign_reason(), reason, Signal::derive(|| None))}
                <button class="button danger" data-testid="reassign-all" disabled=reassigning.pending() on:click=run>
                    {move || app.tr().reassign_all_confirm()}
                </button>
            </div>
            <Show when=move || tried.get() && !ready()>
                <p class="field-error" role="alert">{move || app.tr().reassign_all_needs()}</p>
            </Show>
            <Show when=move || done.get().is_some()>
                <p class="notice" data-testid="reassign-all-done" role="status">
                    {move || app.tr().reassign_all_done(args::ReassignAllDone { count: format_int(done.get().unwrap_or(0) as i64) })}
                </p>
            </Show>
        </div>
    }
}
