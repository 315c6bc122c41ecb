//! Customers (客户): the list with search, filters and saved filters; a customer's page with its
//! timeline, value card, machines, orders and deals; the create/edit form with duplicate warnings;
//! logging an interaction.

mod detail;
mod duplicates;
mod edit;
mod history;
mod list;
mod log_interaction;
mod value_card;

pub use detail::CustomerDetail;
pub use edit::CustomerEdit;
pub use list::Customers;
