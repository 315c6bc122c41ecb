//! Store errors as owned data (kind, store, detail), flattened from `DOMException`s, so the UI can
//! name each kind in the user's language.

use super::Entity;
use crate::domain::model::Id;
use std::fmt;

/// What went wrong, as owned data: the UI turns each kind into a translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreErrorKind {
    /// The browser refused more storage (`QuotaExceededError`).
    QuotaExceeded,
    /// The upgrade waits for another tab that still has the old version open.
    UpgradeBlocked,
    /// Another tab opened a newer version; this connection was closed and the page must reload.
    VersionChanged,
    /// The database is newer than this build (an older cached app met newer data).
    TooNew,
    /// A unique index would hold the same value twice (e.g. two parts with one number).
    Constraint,
    /// A record could not be converted to or from its stored form.
    Data,
    /// IndexedDB is missing or disabled (some private-browsing modes).
    Unavailable,
    /// No workspace is open (it closed meanwhile: a switch, another tab's upgrade).
    NotOpen,
    /// Any other failure, e.g. an aborted transaction.
    Other,
    /// The record an action works on is not stored (deleted meanwhile, e.g. in another tab).
    NotFound { entity: Entity, id: Id },
    /// The action records its author, and no current user is chosen on this device.
    NoCurrentUser,
    /// Another order already holds this number (compared as the order form compares them).
    NumberTaken,
    /// The change is kept in the history with its reason, and none was given.
    ReasonRequired,
    /// A record changed (or appeared, or went) since the write read it: another tab or device
    /// wrote it meanwhile. Nothing was written; the use case merges or asks.
    Changed { entity: Entity },
    /// Another window is importing into this workspace; one import runs at a time.
    Busy,
}

impl StoreErrorKind {
    /// The kind's name without its data, as [`StoreError`]'s text starts.
    pub fn name(self) -> &'static str {
        match self {
            StoreErrorKind::QuotaExceeded => "QuotaExceeded",
            StoreErrorKind::UpgradeBlocked => "UpgradeBlocked",
            StoreErrorKind::VersionChanged => "VersionChanged",
            StoreErrorKind::TooNew => "TooNew",
            StoreErrorKind::Constraint => "Constraint",
            StoreErrorKind::Data => "Data",
            StoreErrorKind::Unavailable => "Unavailable",
            StoreErrorKind::NotOpen => "NotOpen",
            StoreErrorKind::Other => "Other",
            StoreErrorKind::NotFound { .. } => "NotFound",
            StoreErrorKind::NoCurrentUser => "NoCurrentUser",
            StoreErrorKind::NumberTaken => "NumberTaken",
            StoreErrorKind::ReasonRequired => "ReasonRequired",
            StoreErrorKind::Changed { .. } => "Changed",
            StoreErrorKind::Busy => "Busy",
        }
    }
}

/// A failed store operation: its kind, the store concerned, and the browser's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    pub kind: StoreErrorKind,
    pub store: Option<&'static str>,
    pub detail: String,
}

impl StoreError {
    pub fn new(kind: StoreErrorKind, detail: impl Into<String>) -> StoreError {
        StoreError { kind, store: None, detail: detail.into() }
    }

    /// An action found no open workspace (it closed meanwhile: a switch, another tab's upgrade).
    pub fn not_open() -> StoreError {
        StoreError::new(StoreErrorKind::NotOpen, "the workspace is not open")
    }

    /// Record `id` of `entity` is not stored.
    pub fn not_found(entity: Entity, id: Id) -> StoreError {
        StoreError::new(StoreErrorKind::NotFound { entity, id }, format!("#{id} no longer exists"))
            .in_store(entity.store_name())
    }

    /// The action needs a current user to record as its author.
    pub fn no_current_user() -> StoreError {
        StoreError::new(StoreErrorKind::NoCurrentUser, "no current user to record it by")
    }

    /// Order number `number` is held by another order.
    pub fn number_taken(number: &str) -> StoreError {
        StoreError::new(StoreErrorKind::NumberTaken, format!("order number {number} is already used"))
    }

    /// The action needs a reason for the history.
    pub fn reason_required() -> StoreError {
        StoreError::new(StoreErrorKind::ReasonRequired, "a reason is required")
    }

    /// The record under `key` of `entity` is not at the revision the write expected.
    pub fn changed(entity: Entity, key: &super::Key) -> StoreError {
        StoreError::new(StoreErrorKind::Changed { entity }, format!("{key:?} changed since it was read"))
            .in_store(entity.store_name())
    }

    /// Another window holds the workspace's import.
    pub fn busy() -> StoreError {
        StoreError::new(StoreErrorKind::Busy, "another window is importing into this workspace")
    }

    pub fn in_store(mut self, store: &'static str) -> StoreError {
        self.store = Some(store);
        self
    }

    /// The kind for a `DOMException` name (https://webidl.spec.whatwg.org/#idl-DOMException-error-names).
    pub fn kind_for_dom_name(name: &str) -> StoreErrorKind {
        match name {
            "QuotaExceededError" => StoreErrorKind::QuotaExceeded,
            "ConstraintError" => StoreErrorKind::Constraint,
            "DataError" | "DataCloneError" => StoreErrorKind::Data,
            "VersionError" => StoreErrorKind::TooNew,
            "InvalidStateError" | "TransactionInactiveError" => StoreErrorKind::VersionChanged,
            "SecurityError" | "UnknownError" | "NotSupportedError" => StoreErrorKind::Unavailable,
            _ => StoreErrorKind::Other,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.name())?;
        if let Some(store) = self.store {
            write!(f, " in {store}")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for StoreError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_exception_names_map_to_kinds() {
        for (name, kind) in [
            ("QuotaExceededError", StoreErrorKind::QuotaExceeded),
            ("ConstraintError", StoreErrorKind::Constraint),
            ("DataError", StoreErrorKind::Data),
            ("DataCloneError", StoreErrorKind::Data),
            ("VersionError", StoreErrorKind::TooNew),
            ("InvalidStateError", StoreErrorKind::VersionChanged),
            ("UnknownError", StoreErrorKind::Unavailable),
            ("AbortError", StoreErrorKind::Other),
        ] {
            assert_eq!(StoreError::kind_for_dom_name(name), kind, "{name}");
        }
    }

    #[test]
    fn display_names_kind_store_and_detail() {
        let error = StoreError::new(StoreErrorKind::Constraint, "number not unique").in_store("parts");
        assert_eq!(error.to_string(), "Constraint in parts: number not unique");
        let error = StoreError::not_found(Entity::Customer, 7);
        assert_eq!(error.kind, StoreErrorKind::NotFound { entity: Entity::Customer, id: 7 });
        assert_eq!(error.to_string(), "NotFound in customers: #7 no longer exists");
    }
}
