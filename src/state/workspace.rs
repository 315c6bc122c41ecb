//! Workspaces: each is its own IndexedDB database, so a trade-show demo never touches real data.

/// A workspace the user can switch to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Workspace {
    /// The user's own records: the default.
    #[default]
    Mine,
    /// Generated demo records, created, reset and deleted from Settings.
    Demo,
}

impl Workspace {
    pub const ALL: [Workspace; 2] = [Workspace::Mine, Workspace::Demo];

    /// The IndexedDB database holding this workspace.
    pub fn db_name(self) -> &'static str {
        match self {
            Workspace::Mine => "kehu-mine",
            Workspace::Demo => "kehu-demo",
        }
    }

    /// The name remembered in local storage.
    pub fn key(self) -> &'static str {
        match self {
            Workspace::Mine => "mine",
            Workspace::Demo => "demo",
        }
    }

    pub fn parse(key: &str) -> Option<Workspace> {
        Workspace::ALL.into_iter().find(|w| w.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_databases_differ() {
        for workspace in Workspace::ALL {
            assert_eq!(Workspace::parse(workspace.key()), Some(workspace));
        }
        assert_ne!(Workspace::Mine.db_name(), Workspace::Demo.db_name());
        assert_eq!(Workspace::parse("bench"), None);
        assert_eq!(Workspace::default(), Workspace::Mine);
    }
}
