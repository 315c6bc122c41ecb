//! A failed store operation in the user's language, worded by its kind: the browser's own
//! message (English, technical) never reaches the page.

use crate::i18n::{args, Tr};
use crate::state::{Entity, StoreError, StoreErrorKind};
use crate::ui::labels::entity_label;

/// What `error` means to the user, in `tr`'s language, naming the kind of record it concerns
/// where the kind of error alone does not say.
pub fn error_text(tr: Tr, error: &StoreError) -> String {
    let message = kind_text(tr, error);
    let store = error.store.and_then(|name| Entity::ALL.iter().copied().find(|e| e.store_name() == name));
    match (error.kind, store) {
        (StoreErrorKind::Constraint | StoreErrorKind::Data | StoreErrorKind::Other, Some(entity)) => {
            tr.error_in_store(args::ErrorInStore { message, kind: entity_label(tr, entity) })
        }
        _ => message,
    }
}

fn kind_text(tr: Tr, error: &StoreError) -> String {
    match error.kind {
        StoreErrorKind::QuotaExceeded => tr.alert_quota_exceeded().to_owned(),
        StoreErrorKind::UpgradeBlocked => tr.alert_upgrade_blocked().to_owned(),
        StoreErrorKind::VersionChanged => tr.alert_version_changed().to_owned(),
        StoreErrorKind::TooNew => tr.alert_too_new().to_owned(),
        StoreErrorKind::Unavailable => tr.alert_unavailable().to_owned(),
        StoreErrorKind::Constraint => tr.error_constraint().to_owned(),
        StoreErrorKind::Data => tr.error_data().to_owned(),
        StoreErrorKind::NotOpen => tr.error_not_open().to_owned(),
        StoreErrorKind::NotFound { entity, id } => {
            tr.error_not_found(args::ErrorNotFound { kind: entity_label(tr, entity), id })
        }
        StoreErrorKind::NoCurrentUser => tr.error_no_current_user().to_owned(),
        StoreErrorKind::NumberTaken => tr.problem_order_number_taken().to_owned(),
        StoreErrorKind::ReasonRequired => tr.error_reason_required().to_owned(),
        StoreErrorKind::Changed { entity } => tr.error_changed(args::ErrorChanged { kind: entity_label(tr, entity) }),
        StoreErrorKind::Busy => tr.error_busy().to_owned(),
        StoreErrorKind::Other => tr.alert_store_failed().to_owned(),
    }
}
