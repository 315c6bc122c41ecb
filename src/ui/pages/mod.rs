//! The pages, one folder (or file) per feature. A page imports nothing from another feature:
//! what several features show lives in `ui/` (labels, formats, problems, fields, tables).

pub mod customers;
pub mod dashboard;
pub mod follow_ups;
pub mod funnel;
pub mod grades;
pub mod import;
pub mod market;
pub mod not_found;
pub mod orders;
pub mod partners;
pub mod parts;
pub mod service;
pub mod settings;
pub mod shows;
