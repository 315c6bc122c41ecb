//! Importing files: customers, parts, stock, machines, demand histories and the pipeline, each
//! checked row by row before one all-or-nothing import.

mod page;
mod pipeline;
mod records;

pub use page::Import;
