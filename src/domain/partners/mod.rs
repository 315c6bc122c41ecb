//! Suppliers and trade partners: their forms and list queries.

pub mod form;
pub mod query;
