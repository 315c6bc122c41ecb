//! Settings: language, people, the parts policy, the funnel's settings and quotas, export, backup
//! and restore, and the demo workspace.

mod data;
mod funnel;
mod page;
mod parts_policy;
mod people;

pub use page::Settings;
