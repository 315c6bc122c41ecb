pub mod customer;
pub mod customer_edit;
pub mod customers;
pub mod dashboard;
pub mod data;
pub mod not_found;
pub mod people;
pub mod settings;
