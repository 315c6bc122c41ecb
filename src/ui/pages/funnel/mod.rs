//! The sales funnel: the kanban board and list, an opportunity's page, and the forecast with its
//! breakdown.

mod board;
mod breakdown;
mod forecast;
mod opportunity;

pub use board::{Funnel, View};
pub use forecast::ForecastPage;
pub use opportunity::OpportunityPage;
