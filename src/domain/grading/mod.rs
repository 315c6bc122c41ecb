//! Customer value and grades (客户价值评估 / 客户分级, docs/domain.md §2 and §3): the 12-indicator
//! score, A/B/C/D grades with capacity, explanations, grade snapshots, the portfolio views
//! (Pareto, key-account tiers, D-share), retention and churn risk, lost customers' responses,
//! and a classifier that learns the user's own grading.
//!
//! Everything is a function of plain slices, the settings and `today`. Results carry enums and
//! numbers only; the UI names them.
//!
//! - [`indicators`] — the indicators, their measures, the user's [`indicators::Ratings`] and
//!   the raw values derived from a customer's orders.
//! - [`grade`] — the A/B/C/D grades.
//! - [`settings`] — weights, scaling rules, grade thresholds, capacity and their validation.
//! - [`form`] — the grading settings as typed on the grades page, checked field by field.
//! - [`score`] — [`score::recompute`], the one entry point that scores and grades every
//!   customer and flags churn risks; regrading and the preview of a settings change.
//! - [`explain`] — one customer's breakdown and what would move it to the next grade.
//! - [`snapshot`] — dated grade snapshots and the changes between two of them.
//! - [`portfolio`] — Pareto by profit, key-account tiers, grade distribution and the D-share
//!   alert, resource policy per grade.
//! - [`retention`] — repurchase rate, cohorts, the §3 projection, churn flags, lost customers.
//! - [`learn`] — multinomial logistic regression over the indicator scores, cross-validated.
//! - `ledger` — the one pass over the orders the computations share.

pub mod explain;
pub mod form;
pub mod grade;
pub mod indicators;
pub mod learn;
mod ledger;
pub mod portfolio;
pub mod retention;
pub mod score;
pub mod settings;
pub mod snapshot;

#[cfg(test)]
mod fixtures;
