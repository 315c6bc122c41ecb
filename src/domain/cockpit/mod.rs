//! The manager's cockpit: KPI formulas, their thresholds and trends (issue 23).
//!
//! The cockpit is the first page of every visit: a tile per figure a dealer principal runs the
//! business by, each judged acceptable / warning / critical against lines the user can move,
//! with its trend against the previous period. The figures are computed from the totals the
//! pages behind the tiles already hold (quota attainment, grade counts, part plans…), never
//! recomputed another way, so a tile always equals its page.
//!
//! - [`judge`]: directions, lines and bands, judgements, trends, and the settings with their
//!   reference defaults.
//! - [`form`]: the thresholds as the settings form edits them, validated field by field.
//! - [`kpi`]: won vs quota, pipeline coverage, conversion, grade mix, parts fill rate, service
//!   absorption, SLA met, CSAT.
//! - [`stock`]: the whole dealer's stock value, dead stock and days of cover from the parts plans.

pub mod form;
pub mod judge;
pub mod kpi;
pub mod stock;
