//! Pure business rules: inputs in, numbers and enums out. No browser, framework, clock or
//! translation calls live here, so everything is tested natively with `cargo test`.

pub mod audit;
pub mod columns;
pub mod customer_form;
pub mod customer_query;
pub mod date;
pub mod demo;
pub mod duplicates;
pub mod export;
pub mod follow_up;
pub mod funnel;
pub mod grading;
pub mod import;
pub mod interaction_form;
pub mod merge;
pub mod model;
pub mod money;
pub mod order_form;
pub mod partner_form;
pub mod partner_query;
pub mod parts;
pub mod region;
pub mod rng;
pub mod saved_filters;
pub mod xlsx;
