//! Hash routes (`#/settings`): they survive a reload on any static server, under any sub-path,
//! with no rewrite rules.

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Dashboard,
    Settings,
    NotFound,
}

impl Route {
    /// The route for a `location.hash` value (`""`, `"#/"`, `"#/settings"`, `"#/settings/"`…).
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_matches('/');
        let path = path.split(['?', '#']).next().unwrap_or_default();
        match path {
            "" | "dashboard" => Route::Dashboard,
            "settings" => Route::Settings,
            _ => Route::NotFound,
        }
    }

    /// The `href` of this route.
    pub fn href(self) -> &'static str {
        match self {
            Route::Dashboard | Route::NotFound => "#/",
            Route::Settings => "#/settings",
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
            ("#/customers/42", Route::NotFound),
            ("#/Settings", Route::NotFound),
        ] {
            assert_eq!(Route::parse(hash), route, "{hash:?}");
        }
    }

    #[test]
    fn hrefs_parse_back_to_their_route() {
        for route in [Route::Dashboard, Route::Settings] {
            assert_eq!(Route::parse(route.href()), route);
        }
    }
}
