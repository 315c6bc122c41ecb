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
    /// Any other failure, e.g. an aborted transaction.
    Other,
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
        StoreError::new(StoreErrorKind::Unavailable, "the workspace is not open")
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
        write!(f, "{:?}", self.kind)?;
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
    }
}
