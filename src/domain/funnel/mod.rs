//! The sales funnel (销售漏斗, docs/domain.md §4): stages and their gates, MAN qualification,
//! forecast categories and quotas, and forecasts learned from the workspace's own history
//! with a range, conversion analytics, and a backtest that shows how accurate they have been.
//!
//! - [`stage`]: stage order, moves through the gates (overrides recorded), slipped close dates.
//! - [`gates`]: the promotion criteria per stage, as settings data with stable ids.
//! - [`man`]: the eight MAN combinations, their strategy ids and qualification.
//! - [`quota`]: forecast categories, periods, quotas and attainment.
//! - [`deal`]: an opportunity as plain data for the forecast, and as it stood on a past day.
//! - [`survival`], [`calibration`]: what history says (time to a result, run-rate, spread).
//! - [`forecast`]: the one forecast entry point (baseline and calibrated, Monte Carlo bands).
//! - [`analytics`]: conversion and days per stage, where deals stall.
//! - [`backtest`]: a forecast made on a past day against what happened.
//! - [`query`]: the opportunity list's filters and order (kanban and list).
//! - [`form`]: the opportunity form's draft, validation and the record it stores.
//! - [`settings`]: the funnel's settings record (gates, percentages, strategy texts, quotas).

pub mod analytics;
pub mod backtest;
pub mod calibration;
pub mod deal;
pub mod forecast;
pub mod form;
pub mod gates;
pub mod man;
pub mod query;
pub mod quota;
pub mod settings;
pub mod stage;
pub mod survival;
