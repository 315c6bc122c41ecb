//! Importing files: customers, parts, stock, machines, demand histories and the pipeline, each
//! checked row by row before one all-or-nothing import.

mod customers;
mod demand;
mod flow;
mod page;
mod pipeline;
mod records;
mod users;
mod values;

pub use page::Import;
