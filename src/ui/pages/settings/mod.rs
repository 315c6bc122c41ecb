//! Settings: language, people, team sync, the parts policy, the funnel's settings and quotas,
//! the cockpit's thresholds, export, backup and restore, and the demo workspace.

mod cockpit;
mod data;
mod funnel;
mod markets;
mod page;
mod parts_policy;
mod people;
mod sync;

pub use page::Settings;
