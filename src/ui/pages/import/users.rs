//! The sales-team kind of the import page: the people a file names, new or updated, then one write.

use super::flow::{error_table, headings, import_write, summary, text_row, ConfirmButton, Report};
use super::page::Loaded;
use crate::domain::import::users::{convert_users, UserErrorKind, UserRowError, UsersError};
use crate::domain::model::{Id, User};
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::import;
use crate::state::use_app;
use crate::ui::kit::table::data_table;
use crate::ui::labels;
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

/// A sales-team file: the people it names, new or updated, then one write.
#[component]
pub(super) fn UserImport(loaded: Rc<Loaded>, report: Report) -> impl IntoView {
    let app = use_app();
    let existing: HashMap<Id, User> = loaded.context.users.iter().map(|u| (u.id, u.clone())).collect();
    let converted = convert_users(&loaded.source.table(), &loaded.context.users);
    let file = loaded.file.clone();
    let loaded = StoredValue::new_local(loaded);
    match converted {
        Err(error) => {
            let text = move || users_error(app.tr(), &file, &error);
            view! {
                <div class="card" data-testid="import-mapping">
                    {summary(loaded)}
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
            let table = move || {
                let tr = app.tr();
                let rows = users
                    .iter()
                    .map(|user| {
                        let status = match existing.get(&user.id) {
                            None => tr.import_user_new(),
                            Some(old) if old == user => tr.import_user_unchanged(),
                            Some(_) => tr.import_user_updated(),
                        };
                        let manager = user.manager.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
                        let role = labels::user_role(tr, user.role).to_owned();
                        let cells = vec![user.name.clone(), role, manager, user.office.clone(), status.to_owned()];
                        text_row("import-user-row", cells, None)
                    })
                    .collect_view();
                let columns = [
                    Tr::people_name,
                    Tr::people_role,
                    Tr::import_user_manager,
                    Tr::import_user_office,
                    Tr::import_user_status,
                ];
                data_table("", None, headings(tr, &columns), rows)
            };
            let changed = StoredValue::new(changed);
            let commit = import_write(report, None, move |()| {
                let file = loaded.with_value(|l| l.file.clone());
                async move {
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
                    import::commit_users(app, people).await?;
                    Ok(text)
                }
            });
            view! {
                <div class="card" data-testid="import-mapping">
                    {summary(loaded)}
                    {table}
                    <ConfirmButton
                        label=Signal::derive(move || app.tr().import_users_confirm(args::ImportUsersConfirm { count: format_int((created + updated) as i64) }))
                        disabled=commit.pending()
                        confirm=Callback::new(move |()| commit.start(()))
                    />
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
            let problems = rows.iter().map(|error: &UserRowError| {
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
                (error.line, error.header.clone(), error.value.clone(), problem)
            });
            error_table(tr, problems)
        }
    }
}
