//! Settings: language, people, team sync, the parts policy, the funnel's settings and quotas,
//! the cockpit's thresholds, the market view's target and ratios, the trade shows' follow-up
//! days, the service desk's calendar and targets, the maintenance programmes, export, backup and restore, and the demo workspace.

mod cockpit;
mod data;
mod funnel;
mod maintenance;
mod market_view;
mod markets;
mod page;
mod parts_policy;
mod people;
mod service;
mod shows;
mod sync;

pub use page::Settings;
