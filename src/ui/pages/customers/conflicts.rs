//! A customer's page over the records of its file that two devices changed at once (the
//! customer, its contacts, interactions, orders, deals and value ratings): each settled in the
//! clash dialog, its fields worded as the timeline words a change.

use super::detail::user_name;
use super::history::clash_words;
use crate::domain::model::FieldChange;
use crate::state::customers::CustomerFile;
use crate::state::sync::{self, Case};
use crate::state::{use_app, Entity, Key, StoreError};
use crate::ui::kit::{made, ClashRow, ConflictBanners, Wording};
use leptos::prelude::*;
use std::rc::Rc;

type FileRead = LocalResource<Result<Option<Rc<CustomerFile>>, StoreError>>;

/// The banners of the file's conflicts, each opening its dialog.
#[component]
pub(super) fn FileConflicts(file: FileRead) -> impl IntoView {
    let app = use_app();
    let records = Signal::derive(move || {
        file.get().and_then(Result::ok).flatten().map(|file| records_of(&file)).unwrap_or_default()
    });
    let wording: Wording = Rc::new(move |tr, case: &Case| {
        let file = file.get_untracked()?.ok()??;
        let locale = app.locale.get_untracked();
        let worded = sync::worded(case);
        let changes: Vec<FieldChange> = worded.iter().map(|(change, _)| change.clone()).collect();
        let by = made(tr, &case.winner, |id| user_name(tr, &file, id));
        let rows = worded.into_iter().map(|(change, decides)| {
            let (name, stored, mine) = clash_words(tr, locale, &file, &changes, &change);
            (ClashRow { name, stored, mine, by: by.clone(), typed: None }, decides)
        });
        Some(rows.collect())
    });
    view! { <ConflictBanners records wording /> }
}

/// Every record the file shows; its machines settle on their own page.
fn records_of(file: &CustomerFile) -> Vec<(Entity, Key)> {
    let id = file.customer.id;
    let mut records = vec![(Entity::Customer, Key::Id(id)), (Entity::Ratings, Key::Id(id))];
    records.extend(file.contacts.iter().map(|c| (Entity::Contact, Key::Id(c.id))));
    records.extend(file.interactions.iter().map(|i| (Entity::Interaction, Key::Id(i.id))));
    records.extend(file.orders.iter().map(|o| (Entity::Order, Key::Id(o.id))));
    records.extend(file.opportunities.iter().map(|o| (Entity::Opportunity, Key::Id(o.id))));
    records
}
