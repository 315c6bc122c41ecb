//! A form's draft that could not be saved (a clash not yet decided, a refused write), with the
//! revision it was opened from: kept for its tab until saved or discarded, so a reload loses
//! nothing and a clash dialog is never skipped.

use super::app::AppState;
use super::browser;
use crate::domain::model::Id;
use crate::store::json::{from_json, to_json};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A kept draft and what its form opened.
#[derive(Serialize, Deserialize)]
pub struct Kept<O, D> {
    pub opened: Option<O>,
    pub draft: D,
}

/// The tab's key of form `form`'s draft for record `id` (`None`: a new record's form) in the
/// active workspace.
fn key(app: AppState, form: &str, id: Option<Id>) -> String {
    let workspace = app.workspace.get_untracked().db_name();
    format!("kehu.draft.{workspace}.{form}.{}", id.map_or_else(|| "new".to_owned(), |id| id.to_string()))
}

/// The draft form `form` kept for record `id`, if any.
pub fn kept<O: DeserializeOwned, D: DeserializeOwned>(app: AppState, form: &str, id: Option<Id>) -> Option<Kept<O, D>> {
    from_json(&browser::tab_value(&key(app, form, id))?)
}

/// Keeps `draft` of form `form` (opened from `opened`) for this tab.
pub fn keep<O: Serialize + Clone, D: Serialize + Clone>(
    app: AppState,
    form: &str,
    id: Option<Id>,
    opened: Option<&O>,
    draft: &D,
) {
    let kept = Kept { opened: opened.cloned(), draft: draft.clone() };
    if let Some(json) = to_json(&kept) {
        browser::set_tab_value(&key(app, form, id), Some(&json));
    }
}

/// Forgets the draft form `form` kept for record `id`.
pub fn discard(app: AppState, form: &str, id: Option<Id>) {
    browser::set_tab_value(&key(app, form, id), None);
}
