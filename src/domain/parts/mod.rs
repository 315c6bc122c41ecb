//! Parts demand forecasting and stock policy (docs/domain.md §5). Pure: histories, stock and
//! settings in, numbers and enums out.
//!
//! - [`classify`]: Syntetos–Boylan class (ADI, CV²), ABC by value, XYZ by variability.
//! - [`forecast`]: SES, Croston, SBA, TSB, ADIDA, IMAPA and a seasonal method, each a point
//!   forecast per month and a spread; missing months are skipped, never read as zero.
//! - [`blend`]: the blend of recent mean demands whose weights the whole workspace teaches.
//! - [`select`]: automatic per-part choice by rolling-origin holdout error.
//! - [`drivers`]: installed-base and pipeline demand, with rates learned from history.
//! - [`policy`]: safety stock, reorder point, order-up-to level, days of cover, status.
//! - [`plan`]: the per-part recompute over a plain slice, and reorder suggestions.
//! - [`workspace`]: a stored part's plan with its models' installed base and pipeline.
//! - [`machine_form`]: the installed base's machines as a form and import validate them.
//! - [`policy_form`]: the stock-policy settings the user edits, validated.

pub mod blend;
pub mod classify;
pub mod drivers;
pub mod forecast;
pub mod machine_form;
pub mod plan;
pub mod policy;
pub mod policy_form;
pub mod select;
pub mod workspace;
