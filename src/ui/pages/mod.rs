pub mod customer;
pub mod customers;
pub mod dashboard;
pub mod not_found;
pub mod settings;
