//! Pure business rules: inputs in, numbers and enums out. No browser, framework, clock or
//! translation calls live here, so everything is tested natively with `cargo test`.
//!
//! One folder per area of the business; the modules at this level are the vocabulary every
//! area shares (records, dates, money, regions, field checks, audit entries, a seeded RNG, the
//! XLSX format).

pub mod audit;
pub mod cockpit;
pub mod customers;
pub mod date;
pub mod export;
pub mod fields;
pub mod funnel;
pub mod grading;
pub mod import;
pub mod interactions;
pub mod market;
pub mod merge;
pub mod model;
pub mod money;
pub mod orders;
pub mod partners;
pub mod parts;
pub mod region;
pub mod rng;
pub mod service;
pub mod shows;
pub mod xlsx;
