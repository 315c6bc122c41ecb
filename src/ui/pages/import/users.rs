//! The sales-team kind of the import page: the people a file names, new or updated, then one write.

use super::page::*;
use crate::domain::import::users::{convert_users, UserErrorKind, UserRowError, UsersError};
use crate::domain::model::{Id, User};
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::import;
use crate::state::use_app;
use crate::ui::errors::error_text;
use crate::ui::labels;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::rc::Rc;

/// A sales-team file: the people it names, new or updated, then one write.
#[component]
pub(super) fn UserImport(
    loaded: Rc<Loaded>,
    done: Callback<String>,
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let app = use_app();
    let existing: HashMap<Id, User> = loaded.context.users.iter().map(|u| (u.id, u.clone())).collect();
    let converted = convert_users(&loaded.source.table(), &loaded.context.users);
    let saving = RwSignal::new(false);
    let file = loaded.file.clone();
    let loaded = StoredValue::new_local(loaded);
    let summary = move || loaded.with_value(|l| file_summary(app.tr(), l));
    match converted {
        Err(error) => {
            let text = move || users_error(app.tr(), &file, &error);
            view! {
                <div class="card" data-testid="import-mapping">
                    <p class="muted" data-testid="import-summary">{summary}</p>
                    <div class="error-text" role="alert" data-testid="import-users-error">{text}</div>
                </div>
            }
            .into_any()
        }
        Ok(users) => {
            let changed: Vec<User> = users.iter().filter(|u| existing.get(&u.id) != Some(*u)).cloned().collect();
            let created = changed.iter().filter(|u| !existing.contains_key(&u.id)).count();
            let updated = changed.len() - created;
            let names: HashMap<Id, String> =
                users.iter().chain(existing.values()).map(|u| (u.id, u.name.clone())).collect();
            let rows = move || {
                let tr = app.tr();
                users
                    .iter()
                    .map(|user| {
                        let status = match existing.get(&user.id) {
                            None => tr.import_user_new(),
                            Some(old) if old == user => tr.import_user_unchanged(),
                            Some(_) => tr.import_user_updated(),
                        };
                        let manager = user.manager.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
                        view! {
                            <tr data-testid="import-user-row">
                                <td>{user.name.clone()}</td>
                                <td>{labels::user_role(tr, user.role)}</td>
                                <td>{manager}</td>
                                <td>{user.office.clone()}</td>
                                <td>{status}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let changed = StoredValue::new(changed);
            let commit = move |_| {
                saving.set(true);
                message.set(None);
                let file = loaded.with_value(|l| l.file.clone());
                spawn_local(async move {
                    let tr = app.tr_untracked();
                    let people = changed.get_value();
                    let text = if people.is_empty() {
                        tr.import_users_nothing(args::ImportUsersNothing { file: &file })
                    } else {
                        tr.import_users_done(args::ImportUsersDone {
                            file: &file,
                            created: format_int(created as i64),
                            updated: format_int(updated as i64),
                        })
                    };
                    match import::commit_users(app, people).await {
                        Ok(()) => done.run(text),
                        Err(error) => message.set(Some((
                            false,
                            tr.import_failed(args::ImportFailed { detail: error_text(tr, &error) }),
                        ))),
                    }
                    saving.set(false);
                });
            };
            view! {
                <div class="card" data-testid="import-mapping">
                    <p class="muted" data-testid="import-summary">{summary}</p>
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th>{move || app.tr().people_name()}</th>
                                    <th>{move || app.tr().people_role()}</th>
                                    <th>{move || app.tr().import_user_manager()}</th>
                                    <th>{move || app.tr().import_user_office()}</th>
                                    <th>{move || app.tr().import_user_status()}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <div class="actions">
                        <button class="button" data-testid="import-confirm" disabled=move || saving.get() on:click=commit>
                            {move || app.tr().import_users_confirm(args::ImportUsersConfirm { count: format_int((created + updated) as i64) })}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

pub(super) fn users_error(tr: Tr, file: &str, error: &UsersError) -> AnyView {
    match error {
        UsersError::NoAgentColumn => {
            view! { <p>{tr.import_users_no_agent(args::ImportUsersNoAgent { file })}</p> }.into_any()
        }
        UsersError::Rows(rows) => {
            let items = rows
                .iter()
                .take(LISTED_ERRORS)
                .map(|error: &UserRowError| {
                    let problem = match error.kind {
                        UserErrorKind::MissingName => tr.user_missing_name().to_owned(),
                        UserErrorKind::ConflictingManager { first_line } => {
                            tr.user_conflicting_manager(args::UserConflictingManager { line: first_line })
                        }
                        UserErrorKind::ConflictingOffice { first_line } => {
                            tr.user_conflicting_office(args::UserConflictingOffice { line: first_line })
                        }
                        UserErrorKind::OwnManager => tr.user_own_manager().to_owned(),
                        UserErrorKind::TooLong { max } => tr.row_too_long(args::RowTooLong { max }),
                        UserErrorKind::ControlCharacters => tr.row_control_characters().to_owned(),
                    };
                    error_row(error.line, error.header.clone(), error.value.clone(), problem)
                })
                .collect_view();
            error_table(tr, items).into_any()
        }
    }
}
