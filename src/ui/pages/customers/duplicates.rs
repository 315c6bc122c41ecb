//! Duplicate customers where the user meets them: a card on a customer's page listing records
//! that look like the same company, each with a confirmed merge into this one, and a warning on
//! the new-customer form while what is typed matches a stored customer.

use super::ConfirmCancel;
use crate::domain::customers::duplicates::{Match, MatchedBy};
use crate::domain::model::{Contact, Customer, Id};
use crate::i18n::{args, Tr};
use crate::state::customers::{self, CustomerBook};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::errors::error_text;
use crate::ui::kit::Write;
use leptos::prelude::*;
use std::rc::Rc;

fn reason(tr: Tr, by: MatchedBy) -> &'static str {
    match by {
        MatchedBy::Id => tr.duplicate_by_id(),
        MatchedBy::Company => tr.duplicate_by_company(),
        MatchedBy::Phone => tr.duplicate_by_phone(),
        MatchedBy::Email => tr.duplicate_by_email(),
    }
}

/// The customer book, read (or taken from its cache) for duplicate checks.
fn book_resource() -> LocalResource<Option<Rc<CustomerBook>>> {
    let app = use_app();
    app.watch(move || async move { customers::book(app).await.ok() })
}

/// Records that look like customer `id`, each with a merge into it. Shows nothing when none do.
/// It lives beside the customer's file, not in it, so the outcome of a merge stays on screen
/// while the file is read again.
#[component]
pub fn PossibleDuplicates(id: Id) -> impl IntoView {
    let app = use_app();
    let book = book_resource();
    let confirming = RwSignal::new(None::<Id>);
    let merge = Write::new(move |other: Id| async move {
        let moved = customers::merge(app, id, other).await;
        confirming.set(None);
        moved
    });
    let merged = merge.outcome();
    move || {
        let tr = app.tr();
        let book = book.get().flatten()?;
        let kept = book.customer(id)?.company.clone();
        let found: Vec<(Match, Customer)> = book
            .duplicates_of_stored(id)
            .into_iter()
            .filter_map(|m| book.customer(m.customer).map(|c| (m, c.clone())))
            .collect();
        let outcome = merged.get().map(|merged| match merged {
            Ok(moved) => (true, tr.merge_done(args::MergeDone { moved })),
            Err(error) => (false, tr.merge_failed(args::MergeFailed { detail: error_text(tr, &error) })),
        });
        if found.is_empty() && outcome.is_none() {
            return None;
        }
        let items = found
            .into_iter()
            .map(|(found, other)| {
                let other_id = other.id;
                let question = tr.merge_confirm(args::MergeConfirm { other: &other.company, kept: &kept });
                let asking = move || confirming.get() == Some(other_id);
                view! {
                    <li class="duplicate" data-testid="duplicate">
                        <a href=Route::Customer(other_id).href()>{other.company.clone()}</a>
                        <span class="muted">{reason(tr, found.by)}</span>
                        <Show
                            when=asking
                            fallback=move || view! {
                                <button class="button secondary" data-testid="merge" on:click=move |_| confirming.set(Some(other_id))>
                                    {move || app.tr().merge_into_this()}
                                </button>
                            }
                        >
                            <div class="notice" data-testid="merge-confirm">
                                <p>{question.clone()}</p>
                                <ConfirmCancel
                                    class="button danger"
                                    test_id="merge-confirm-button"
                                    label=|tr| tr.merge_confirm_button()
                                    pending=merge.pending()
                                    confirm=Callback::new(move |()| merge.start(other_id))
                                    cancel=Callback::new(move |()| confirming.set(None))
                                />
                            </div>
                        </Show>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="card duplicates" data-testid="duplicates">
                <h2>{tr.duplicates_title()}</h2>
                <p class="muted">{tr.duplicates_hint()}</p>
                <ul class="plain-list">{items}</ul>
                {outcome.map(|(ok, text)| view! {
                    <p class=if ok { "notice ok" } else { "error-text" } role=if ok { "status" } else { "alert" } data-testid="merge-message">{text}</p>
                })}
            </div>
        })
    }
}

/// While the new customer's company, phone or e-mail (or a contact's) matches stored customers,
/// names them with a link to each.
#[component]
pub fn DuplicateWarning(customer: Signal<Customer>, contacts: Signal<Vec<Contact>>) -> impl IntoView {
    let app = use_app();
    let book = book_resource();
    move || {
        let tr = app.tr();
        let book = book.get().flatten()?;
        let found: Vec<(Match, String)> = customer.with(|customer| {
            contacts.with(|contacts| {
                let contacts: Vec<&Contact> = contacts.iter().collect();
                book.duplicates_of(customer, &contacts)
                    .into_iter()
                    .filter_map(|m| book.customer(m.customer).map(|c| (m, c.company.clone())))
                    .collect()
            })
        });
        (!found.is_empty()).then(|| {
            let items = found
                .into_iter()
                .map(|(found, company)| {
                    view! {
                        <li>
                            <a href=Route::Customer(found.customer).href() data-testid="duplicate-link">{company}</a>
                            " "
                            <span class="muted">{reason(tr, found.by)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="notice" role="status" data-testid="duplicate-warning">
                    <p>{tr.form_duplicates()}</p>
                    <ul>{items}</ul>
                    <p>{tr.form_duplicates_hint()}</p>
                </div>
            }
        })
    }
}
