//! The customer form's words for a save that met a change made elsewhere in the same fields
//! (the dialog itself is the kit's): each clashing field named and valued as the timeline words
//! it, with who stored it and when.

use super::detail::user_name;
use super::history::clash_words;
use crate::domain::customers::form;
use crate::domain::model::FieldChange;
use crate::domain::model::Id;
use crate::i18n::{args, Locale, Tr};
use crate::state::customers::{self, ClashAt, Clashes, CustomerFile, Decision};
use crate::state::{use_app, Revision};
use crate::ui::kit::{ClashDialog as KitClashDialog, ClashRow, Made};
use leptos::prelude::*;
use std::rc::Rc;

/// Who made `revision` and when, in words.
pub(super) fn made_by(tr: Tr, file: &CustomerFile, revision: Option<Revision>) -> Made {
    Made::of(tr, revision, |id| user_name(tr, file, id))
}

/// Whether the clash can be settled by typing a value: only plain text fields.
fn typed(at: &ClashAt) -> bool {
    match at {
        ClashAt::Customer(clash) => clash.item.is_none() && form::is_typed(clash.field, false),
        ClashAt::Contact(_, clash) => form::is_typed(clash.field, true),
        ClashAt::ContactRemoved(..) => false,
    }
}

/// The revision a clashing field was stored at: the customer's, or its contact's.
fn stored_revision(clashes: &Clashes, at: &ClashAt) -> Option<Revision> {
    let contact = |id: Id| clashes.stored.contacts.iter().find(|c| c.record.id == id).and_then(|c| c.revision);
    match at {
        ClashAt::Customer(_) => clashes.stored.customer.revision,
        ClashAt::Contact(id, _) | ClashAt::ContactRemoved(id, _) => contact(*id),
    }
}

/// The customer form's clash dialog: each clashing field worded as the timeline words a change.
#[component]
pub(super) fn ClashDialog(
    clashes: Rc<Clashes>,
    file: Rc<CustomerFile>,
    #[prop(into)] pending: Signal<bool>,
    on_decide: Callback<Vec<Decision>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let changes: Vec<_> = clashes.fields.iter().map(|(change, _)| change.clone()).collect();
    let latest = customers::latest_revision(&clashes.stored);
    let (clashes, file) = (StoredValue::new_local(clashes), StoredValue::new_local(file));
    let rows = Signal::derive_local(move || {
        let (tr, locale) = (app.tr(), app.locale.get());
        clashes.with_value(|clashes| file.with_value(|file| rows(tr, locale, clashes, file, &changes)))
    });
    let intro = Signal::derive_local(move || {
        let tr = app.tr();
        let Made { user, time } = file.with_value(|file| made_by(tr, file, latest));
        tr.clash_intro(args::ClashIntro { user: &user, time: &time })
    });
    view! { <KitClashDialog rows intro pending on_decide on_cancel /> }
}

/// Each clashing field as the dialog shows it.
fn rows(tr: Tr, locale: Locale, clashes: &Clashes, file: &CustomerFile, changes: &[FieldChange]) -> Vec<ClashRow> {
    let rows = clashes.fields.iter().map(|(change, at)| {
        let (name, stored, mine) = clash_words(tr, locale, file, changes, change);
        let removed = tr.clash_removed();
        let (stored, mine) = match at {
            ClashAt::ContactRemoved(..) if change.before.is_empty() => (removed.to_owned(), mine),
            ClashAt::ContactRemoved(..) if change.after.is_empty() => (stored, removed.to_owned()),
            _ => (stored, mine),
        };
        let typed = typed(at).then(|| change.after.clone());
        ClashRow { name, stored, mine, by: made_by(tr, file, stored_revision(clashes, at)), typed }
    });
    rows.collect()
}
