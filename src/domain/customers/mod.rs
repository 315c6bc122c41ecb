//! Customers (客户): the form and its checks, the list's search, duplicates and merging, saved
//! list filters, and the spreadsheet columns a customer maps to.

pub mod columns;
pub mod duplicates;
pub mod form;
pub mod merge;
pub mod query;
pub mod saved_filters;
