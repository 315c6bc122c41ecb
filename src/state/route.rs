//! Hash routes (`#/settings`): they survive a reload on any static server, under any sub-path,
//! with no rewrite rules.

use crate::domain::model::Id;

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Dashboard,
    Customers,
    /// A customer's page on its default list (the history).
    Customer(Id),
    /// A customer's page on one of its related lists.
    CustomerTab(Id, Related),
    NewCustomer,
    EditCustomer(Id),
    /// A new sales order of customer `.0`.
    NewOrder(Id),
    /// Customer `.0`'s sales order `.1`.
    EditOrder(Id, Id),
    /// Customers or people from a CSV or spreadsheet file.
    Import,
    FollowUps,
    /// Customer value: grades, key accounts, retention and the learned grading.
    Grades,
    /// Suppliers & partners, on the suppliers tab.
    Suppliers,
    /// Suppliers & partners, on the trade partners tab.
    TradePartners,
    NewSupplier,
    EditSupplier(Id),
    NewTradePartner,
    EditTradePartner(Id),
    Settings,
    /// The parts list with stock, cover, class and status.
    Parts,
    Part(Id),
    /// The reorder suggestions for purchasing.
    Reorder,
    /// The installed base: machines in the field.
    Machines,
    NewMachine,
    /// A new machine of customer `.0`, from its page (the form starts with it chosen).
    NewCustomerMachine(Id),
    EditMachine(Id),
    /// The funnel as a kanban by stage.
    Funnel,
    /// The funnel as a filtered list.
    FunnelList,
    NewOpportunity,
    Opportunity(Id),
    Forecast,
    /// The service desk's queue.
    Service,
    /// The planned services due, a tab of the service desk.
    ServiceDue,
    /// Taking a call as a new ticket.
    NewTicket,
    /// A new ticket of customer `.0`, from its page.
    NewCustomerTicket(Id),
    Ticket(Id),
    /// Trade shows: the list, and a new show's form.
    Shows,
    /// A show with its leads and its close.
    Show(Id),
    /// Quick capture of leads at show `.0`'s booth.
    Capture(Id),
    /// The report over every show, by show and by person.
    ShowsReport,
    /// The market view: share by province against the target, the rule of three and four.
    Market,
    /// The machines seen on site, newest first.
    Sightings,
    /// Logging machines seen on a site.
    NewSighting,
    EditSighting(Id),
    NotFound,
}

/// The related lists of a customer's page, one shown at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Related {
    Contacts,
    Orders,
    Opportunities,
    Machines,
    Tickets,
    #[default]
    History,
}

impl Related {
    pub const ALL: [Related; 6] = [
        Related::History,
        Related::Contacts,
        Related::Orders,
        Related::Opportunities,
        Related::Machines,
        Related::Tickets,
    ];

    /// Its path segment, also its test id's end.
    pub fn as_str(self) -> &'static str {
        match self {
            Related::Contacts => "contacts",
            Related::Orders => "orders",
            Related::Opportunities => "opportunities",
            Related::Machines => "machines",
            Related::Tickets => "tickets",
            Related::History => "history",
        }
    }

    fn parse(text: &str) -> Option<Related> {
        Related::ALL.into_iter().find(|r| r.as_str() == text)
    }
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
                "grades" => Route::Grades,
                "partners" => Route::Suppliers,
                "settings" => Route::Settings,
                "parts" => Route::Parts,
                "funnel" => Route::Funnel,
                "forecast" => Route::Forecast,
                "service" => Route::Service,
                "shows" => Route::Shows,
                "market" => Route::Market,
                _ => Route::NotFound,
            },
            Some(("customers", "new")) => Route::NewCustomer,
            Some(("customers", rest)) => match rest.split_once('/') {
                None => rest.parse().map_or(Route::NotFound, Route::Customer),
                Some((id, "edit")) => id.parse().map_or(Route::NotFound, Route::EditCustomer),
                Some((id, tab)) if Related::parse(tab).is_some() => match (id.parse(), Related::parse(tab)) {
                    (Ok(id), Some(tab)) => Route::CustomerTab(id, tab),
                    _ => Route::NotFound,
                },
                Some((id, rest)) => match (id.parse::<Id>(), rest.split_once('/')) {
                    (Ok(customer), Some(("orders", "new"))) => Route::NewOrder(customer),
                    (Ok(customer), Some(("machines", "new"))) => Route::NewCustomerMachine(customer),
                    (Ok(customer), Some(("tickets", "new"))) => Route::NewCustomerTicket(customer),
                    (Ok(customer), Some(("orders", order))) => {
                        order.parse().map_or(Route::NotFound, |order| Route::EditOrder(customer, order))
                    }
                    _ => Route::NotFound,
                },
            },
            Some(("partners", rest)) => match rest.split_once('/') {
                None if rest == "trade" => Route::TradePartners,
                Some(("suppliers", "new")) => Route::NewSupplier,
                Some(("suppliers", id)) => id.parse().map_or(Route::NotFound, Route::EditSupplier),
                Some(("trade", "new")) => Route::NewTradePartner,
                Some(("trade", id)) => id.parse().map_or(Route::NotFound, Route::EditTradePartner),
                _ => Route::NotFound,
            },
            Some(("parts", "reorder")) => Route::Reorder,
            Some(("parts", "machines")) => Route::Machines,
            Some(("parts", rest)) if rest.starts_with("machines/") => match &rest["machines/".len()..] {
                "new" => Route::NewMachine,
                id => id.parse().map_or(Route::NotFound, Route::EditMachine),
            },
            Some(("parts", id)) => id.parse().map_or(Route::NotFound, Route::Part),
            Some(("service", "new")) => Route::NewTicket,
            Some(("service", "due")) => Route::ServiceDue,
            Some(("service", id)) => id.parse().map_or(Route::NotFound, Route::Ticket),
            Some(("shows", "report")) => Route::ShowsReport,
            Some(("shows", rest)) => match rest.split_once('/') {
                None => rest.parse().map_or(Route::NotFound, Route::Show),
                Some((id, "capture")) => id.parse().map_or(Route::NotFound, Route::Capture),
                _ => Route::NotFound,
            },
            Some(("market", "sightings")) => Route::Sightings,
            Some(("market", rest)) => match rest.split_once('/') {
                Some(("sightings", "new")) => Route::NewSighting,
                Some(("sightings", id)) => id.parse().map_or(Route::NotFound, Route::EditSighting),
                _ => Route::NotFound,
            },
            Some(("funnel", "list")) => Route::FunnelList,
            Some(("opportunities", "new")) => Route::NewOpportunity,
            Some(("opportunities", id)) => id.parse().map_or(Route::NotFound, Route::Opportunity),
            Some(_) => Route::NotFound,
        }
    }

    /// The `href` of this route.
    pub fn href(self) -> String {
        match self {
            Route::Dashboard | Route::NotFound => "#/".into(),
            Route::Customers => "#/customers".into(),
            Route::Customer(id) => format!("#/customers/{id}"),
            Route::CustomerTab(id, tab) => format!("#/customers/{id}/{}", tab.as_str()),
            Route::NewCustomer => "#/customers/new".into(),
            Route::EditCustomer(id) => format!("#/customers/{id}/edit"),
            Route::NewOrder(customer) => format!("#/customers/{customer}/orders/new"),
            Route::EditOrder(customer, order) => format!("#/customers/{customer}/orders/{order}"),
            Route::Import => "#/import".into(),
            Route::FollowUps => "#/follow-ups".into(),
            Route::Grades => "#/grades".into(),
            Route::Suppliers => "#/partners".into(),
            Route::TradePartners => "#/partners/trade".into(),
            Route::NewSupplier => "#/partners/suppliers/new".into(),
            Route::EditSupplier(id) => format!("#/partners/suppliers/{id}"),
            Route::NewTradePartner => "#/partners/trade/new".into(),
            Route::EditTradePartner(id) => format!("#/partners/trade/{id}"),
            Route::Settings => "#/settings".into(),
            Route::Parts => "#/parts".into(),
            Route::Part(id) => format!("#/parts/{id}"),
            Route::Reorder => "#/parts/reorder".into(),
            Route::Machines => "#/parts/machines".into(),
            Route::NewMachine => "#/parts/machines/new".into(),
            Route::NewCustomerMachine(customer) => format!("#/customers/{customer}/machines/new"),
            Route::EditMachine(id) => format!("#/parts/machines/{id}"),
            Route::Funnel => "#/funnel".into(),
            Route::FunnelList => "#/funnel/list".into(),
            Route::NewOpportunity => "#/opportunities/new".into(),
            Route::Opportunity(id) => format!("#/opportunities/{id}"),
            Route::Forecast => "#/forecast".into(),
            Route::Service => "#/service".into(),
            Route::ServiceDue => "#/service/due".into(),
            Route::NewTicket => "#/service/new".into(),
            Route::NewCustomerTicket(customer) => format!("#/customers/{customer}/tickets/new"),
            Route::Ticket(id) => format!("#/service/{id}"),
            Route::Shows => "#/shows".into(),
            Route::Show(id) => format!("#/shows/{id}"),
            Route::Capture(id) => format!("#/shows/{id}/capture"),
            Route::ShowsReport => "#/shows/report".into(),
            Route::Market => "#/market".into(),
            Route::Sightings => "#/market/sightings".into(),
            Route::NewSighting => "#/market/sightings/new".into(),
            Route::EditSighting(id) => format!("#/market/sightings/{id}"),
        }
    }

    /// The page this route shows: a customer's tabs are one page, kept while the tab changes.
    pub fn page(self) -> Route {
        match self {
            Route::CustomerTab(id, _) => Route::Customer(id),
            other => other,
        }
    }

    /// Whether the booth kiosk shows this page to visitors: not settings (and with them the
    /// workspace switch, backups and exports of data), imports, nor the reorder list's export.
    pub fn in_kiosk(self) -> bool {
        !matches!(self.section(), Route::Settings) && !matches!(self, Route::Import | Route::Reorder)
    }

    /// The navigation entry this page belongs to.
    pub fn section(self) -> Route {
        match self {
            Route::Customer(_)
            | Route::CustomerTab(..)
            | Route::NewCustomer
            | Route::EditCustomer(_)
            | Route::NewOrder(_)
            | Route::EditOrder(..)
            | Route::NewCustomerMachine(_)
            | Route::NewCustomerTicket(_)
            | Route::Import => Route::Customers,
            Route::TradePartners
            | Route::NewSupplier
            | Route::EditSupplier(_)
            | Route::NewTradePartner
            | Route::EditTradePartner(_) => Route::Suppliers,
            Route::Part(_) | Route::Reorder | Route::Machines | Route::NewMachine | Route::EditMachine(_) => {
                Route::Parts
            }
            Route::FunnelList | Route::NewOpportunity | Route::Opportunity(_) => Route::Funnel,
            Route::ServiceDue | Route::NewTicket | Route::Ticket(_) => Route::Service,
            Route::Show(_) | Route::Capture(_) | Route::ShowsReport => Route::Shows,
            Route::Sightings | Route::NewSighting | Route::EditSighting(_) => Route::Market,
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
            ("#/grades", Route::Grades),
            ("#/customers/42/delete", Route::NotFound),
            ("#/customers/42/orders/new", Route::NewOrder(42)),
            ("#/customers/42/orders/new/", Route::NewOrder(42)),
            ("#/customers/42/orders/9", Route::EditOrder(42, 9)),
            ("#/customers/42/orders/9/", Route::EditOrder(42, 9)),
            ("#/customers/42/orders", Route::CustomerTab(42, Related::Orders)),
            ("#/customers/42/orders/", Route::CustomerTab(42, Related::Orders)),
            ("#/customers/42/history", Route::CustomerTab(42, Related::History)),
            ("#/customers/42/contacts", Route::CustomerTab(42, Related::Contacts)),
            ("#/customers/42/opportunities", Route::CustomerTab(42, Related::Opportunities)),
            ("#/customers/x/contacts", Route::NotFound),
            ("#/customers/42/orders/x", Route::NotFound),
            ("#/customers/42/orders/-9", Route::NotFound),
            ("#/customers/x/orders/new", Route::NotFound),
            ("#/customers/42/orders/9/edit", Route::NotFound),
            ("#/customers/42/machines/new", Route::NewCustomerMachine(42)),
            ("#/customers/42/tickets/new", Route::NewCustomerTicket(42)),
            ("#/customers/42/tickets", Route::CustomerTab(42, Related::Tickets)),
            ("#/service", Route::Service),
            ("#/service/", Route::Service),
            ("#/service/new", Route::NewTicket),
            ("#/service/12", Route::Ticket(12)),
            ("#/service/x", Route::NotFound),
            ("#/shows", Route::Shows),
            ("#/shows/3", Route::Show(3)),
            ("#/shows/report", Route::ShowsReport),
            ("#/shows/3/capture", Route::Capture(3)),
            ("#/shows/3/capture/", Route::Capture(3)),
            ("#/shows/x/capture", Route::NotFound),
            ("#/shows/3/leads", Route::NotFound),
            ("#/customers/42/machines/new/", Route::NewCustomerMachine(42)),
            ("#/customers/42/machines", Route::CustomerTab(42, Related::Machines)),
            ("#/customers/42/machines/7", Route::NotFound),
            ("#/customers/x/machines/new", Route::NotFound),
            ("#/customers/42/invoices/9", Route::NotFound),
            ("#/customers/x/edit", Route::NotFound),
            ("#/Settings", Route::NotFound),
            ("#/follow-ups", Route::FollowUps),
            ("#/follow-ups/", Route::FollowUps),
            ("#follow-ups?scope=team", Route::FollowUps),
            ("#/follow-ups/3", Route::NotFound),
            ("#/followups", Route::NotFound),
            ("#/partners", Route::Suppliers),
            ("#/partners/", Route::Suppliers),
            ("#/partners/trade", Route::TradePartners),
            ("#/partners/trade/", Route::TradePartners),
            ("#/partners/suppliers/new", Route::NewSupplier),
            ("#/partners/suppliers/17", Route::EditSupplier(17)),
            ("#/partners/suppliers/17/", Route::EditSupplier(17)),
            ("#/partners/trade/new", Route::NewTradePartner),
            ("#/partners/trade/9", Route::EditTradePartner(9)),
            ("#/partners/suppliers", Route::NotFound),
            ("#/partners/suppliers/x", Route::NotFound),
            ("#/partners/trade/-3", Route::NotFound),
            ("#/partners/trade/9/edit", Route::NotFound),
            ("#/partners/banks", Route::NotFound),
            ("#/parts", Route::Parts),
            ("#/parts/", Route::Parts),
            ("#/parts/17", Route::Part(17)),
            ("#/parts/17/", Route::Part(17)),
            ("#/parts/reorder", Route::Reorder),
            ("#/parts/reorder/", Route::Reorder),
            ("#/parts/x", Route::NotFound),
            ("#/parts/17/edit", Route::NotFound),
            ("#/parts/machines", Route::Machines),
            ("#/parts/machines/", Route::Machines),
            ("#/parts/machines/new", Route::NewMachine),
            ("#/parts/machines/12", Route::EditMachine(12)),
            ("#/parts/machines/x", Route::NotFound),
            ("#/parts/machines/12/edit", Route::NotFound),
            ("#/funnel", Route::Funnel),
            ("#/funnel/", Route::Funnel),
            ("#/funnel/list", Route::FunnelList),
            ("#/funnel/board", Route::NotFound),
            ("#/opportunities/new", Route::NewOpportunity),
            ("#/opportunities/31", Route::Opportunity(31)),
            ("#/opportunities/31/", Route::Opportunity(31)),
            ("#/opportunities/x", Route::NotFound),
            ("#/opportunities/31/edit", Route::NotFound),
            ("#/opportunities", Route::NotFound),
            ("#/forecast", Route::Forecast),
            ("#/forecast/2024", Route::NotFound),
        ] {
            assert_eq!(Route::parse(hash), route, "{hash:?}");
        }
    }

    #[test]
    fn a_customers_tabs_are_one_page() {
        assert_eq!(Route::CustomerTab(7, Related::Orders).page(), Route::Customer(7));
        assert_eq!(Route::Customer(7).page(), Route::Customer(7));
        assert_eq!(Route::Ticket(3).page(), Route::Ticket(3));
    }

    #[test]
    fn pages_belong_to_their_navigation_entry() {
        for (route, section) in [
            (Route::Customer(7), Route::Customers),
            (Route::CustomerTab(7, Related::Machines), Route::Customers),
            (Route::EditCustomer(7), Route::Customers),
            (Route::NewCustomer, Route::Customers),
            (Route::NewOrder(7), Route::Customers),
            (Route::EditOrder(7, 9), Route::Customers),
            (Route::NewCustomerMachine(7), Route::Customers),
            (Route::Import, Route::Customers),
            (Route::FollowUps, Route::FollowUps),
            (Route::Settings, Route::Settings),
            (Route::Parts, Route::Parts),
            (Route::Part(7), Route::Parts),
            (Route::Reorder, Route::Parts),
            (Route::Machines, Route::Parts),
            (Route::NewMachine, Route::Parts),
            (Route::EditMachine(7), Route::Parts),
            (Route::FunnelList, Route::Funnel),
            (Route::NewOpportunity, Route::Funnel),
            (Route::Opportunity(7), Route::Funnel),
            (Route::Forecast, Route::Forecast),
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
            Route::CustomerTab(7, Related::Tickets),
            Route::CustomerTab(7, Related::History),
            Route::NewCustomer,
            Route::EditCustomer(7),
            Route::NewOrder(7),
            Route::EditOrder(7, 9),
            Route::Import,
            Route::FollowUps,
            Route::Settings,
            Route::Suppliers,
            Route::TradePartners,
            Route::NewSupplier,
            Route::EditSupplier(7),
            Route::NewTradePartner,
            Route::EditTradePartner(7),
            Route::Parts,
            Route::Part(7),
            Route::Reorder,
            Route::Machines,
            Route::NewMachine,
            Route::NewCustomerMachine(7),
            Route::EditMachine(7),
            Route::Funnel,
            Route::FunnelList,
            Route::NewOpportunity,
            Route::Opportunity(7),
            Route::Forecast,
            Route::Service,
            Route::ServiceDue,
            Route::NewTicket,
            Route::NewCustomerTicket(7),
            Route::Ticket(7),
            Route::Shows,
            Route::Show(7),
            Route::ShowsReport,
            Route::Capture(7),
            Route::Market,
            Route::Sightings,
            Route::NewSighting,
            Route::EditSighting(7),
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }

    #[test]
    fn the_kiosk_refuses_settings_imports_and_exports() {
        for (route, shown) in [
            (Route::Settings, false),
            (Route::Import, false),
            (Route::Reorder, false),
            (Route::Dashboard, true),
            (Route::Customer(7), true),
            (Route::Shows, true),
            (Route::Capture(7), true),
            (Route::NotFound, true),
        ] {
            assert_eq!(route.in_kiosk(), shown, "{route:?}");
        }
    }

    #[test]
    fn partner_pages_belong_to_the_partners_entry() {
        for route in [
            Route::Suppliers,
            Route::TradePartners,
            Route::NewSupplier,
            Route::EditSupplier(7),
            Route::NewTradePartner,
            Route::EditTradePartner(7),
        ] {
            assert_eq!(route.section(), Route::Suppliers, "{route:?}");
        }
        assert_eq!(Route::Import.section(), Route::Customers);
    }

    #[test]
    fn ticket_pages_belong_to_the_service_entry_unless_opened_from_a_customer() {
        for route in [Route::Service, Route::ServiceDue, Route::NewTicket, Route::Ticket(7)] {
            assert_eq!(route.section(), Route::Service, "{route:?}");
        }
        assert_eq!(Route::NewCustomerTicket(7).section(), Route::Customers);
    }

    #[test]
    fn show_pages_belong_to_the_shows_entry() {
        for route in [Route::Shows, Route::Show(7), Route::Capture(7), Route::ShowsReport] {
            assert_eq!(route.section(), Route::Shows, "{route:?}");
        }
    }

    #[test]
    fn market_pages_belong_to_the_market_entry() {
        for (hash, route) in [
            ("#/market", Route::Market),
            ("#/market/sightings", Route::Sightings),
            ("#/market/sightings/new", Route::NewSighting),
            ("#/market/sightings/9", Route::EditSighting(9)),
            ("#/market/sightings/x", Route::NotFound),
            ("#/market/sizes", Route::NotFound),
        ] {
            assert_eq!(Route::parse(hash), route, "{hash}");
            if route != Route::NotFound {
                assert_eq!(route.section(), Route::Market, "{route:?}");
            }
        }
    }
}
