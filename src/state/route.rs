//! Hash routes (`#/settings`): they survive a reload on any static server, under any sub-path,
//! with no rewrite rules.

use crate::domain::model::Id;

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Dashboard,
    Customers,
    Customer(Id),
    NewCustomer,
    EditCustomer(Id),
    /// Customers or people from a CSV or spreadsheet file.
    Import,
    FollowUps,
    Settings,
    NotFound,
}

impl Route {
    /// The route for a `location.hash` value (`""`, `"#/"`, `"#/settings"`, `"#/settings/"`…).
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_matches('/');
        let path = path.split(['?', '#']).next().unwrap_or_default();
        match path.split_once('/') {
            None => match path {
                "" | "dashboard" => Route::Dashboard,
                "customers" => Route::Customers,
                "import" => Route::Import,
                "follow-ups" => Route::FollowUps,
                "settings" => Route::Settings,
                _ => Route::NotFound,
            },
            Some(("customers", "new")) => Route::NewCustomer,
            Some(("customers", rest)) => match rest.split_once('/') {
                None => rest.parse().map_or(Route::NotFound, Route::Customer),
                Some((id, "edit")) => id.parse().map_or(Route::NotFound, Route::EditCustomer),
                Some(_) => Route::NotFound,
            },
            Some(_) => Route::NotFound,
        }
    }

    /// The `href` of this route.
    pub fn href(self) -> String {
        match self {
            Route::Dashboard | Route::NotFound => "#/".into(),
            Route::Customers => "#/customers".into(),
            Route::Customer(id) => format!("#/customers/{id}"),
            Route::NewCustomer => "#/customers/new".into(),
            Route::EditCustomer(id) => format!("#/customers/{id}/edit"),
            Route::Import => "#/import".into(),
            Route::FollowUps => "#/follow-ups".into(),
            Route::Settings => "#/settings".into(),
        }
    }

    /// The navigation entry this page belongs to.
    pub fn section(self) -> Route {
        match self {
            Route::Customer(_) | Route::NewCustomer | Route::EditCustomer(_) | Route::Import => Route::Customers,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hashes() {
        for (hash, route) in [
            ("", Route::Dashboard),
            ("#", Route::Dashboard),
            ("#/", Route::Dashboard),
            ("#/dashboard", Route::Dashboard),
            ("#/settings", Route::Settings),
            ("#/settings/", Route::Settings),
            ("#settings", Route::Settings),
            ("#/settings?tab=storage", Route::Settings),
            ("#/customers", Route::Customers),
            ("#/customers/42", Route::Customer(42)),
            ("#/customers/42/", Route::Customer(42)),
            ("#/customers/x", Route::NotFound),
            ("#/customers/-1", Route::NotFound),
            ("#/customers/42/edit", Route::EditCustomer(42)),
            ("#/customers/42/edit/", Route::EditCustomer(42)),
            ("#/customers/new", Route::NewCustomer),
            ("#/import", Route::Import),
            ("#/import/", Route::Import),
            ("#/customers/42/delete", Route::NotFound),
            ("#/customers/x/edit", Route::NotFound),
            ("#/Settings", Route::NotFound),
            ("#/follow-ups", Route::FollowUps),
            ("#/follow-ups/", Route::FollowUps),
            ("#follow-ups?scope=team", Route::FollowUps),
            ("#/follow-ups/3", Route::NotFound),
            ("#/followups", Route::NotFound),
        ] {
            assert_eq!(Route::parse(hash), route, "{hash:?}");
        }
    }

    #[test]
    fn pages_belong_to_their_navigation_entry() {
        for (route, section) in [
            (Route::Customer(7), Route::Customers),
            (Route::EditCustomer(7), Route::Customers),
            (Route::NewCustomer, Route::Customers),
            (Route::Import, Route::Customers),
            (Route::FollowUps, Route::FollowUps),
            (Route::Settings, Route::Settings),
        ] {
            assert_eq!(route.section(), section, "{route:?}");
        }
    }

    #[test]
    fn hrefs_parse_back_to_their_route() {
        for route in [
            Route::Dashboard,
            Route::Customers,
            Route::Customer(7),
            Route::NewCustomer,
            Route::EditCustomer(7),
            Route::Import,
            Route::FollowUps,
            Route::Settings,
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }
}
