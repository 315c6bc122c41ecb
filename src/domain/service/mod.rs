//! After-sales service: the working calendar, the SLA clock and the ticket rules a service desk
//! works by (docs/domain.md §6).
//!
//! - [`calendar`]: working days and hours in China local time, public holidays and make-up
//!   working days (调休), and working time between instants.
//! - [`sla`]: first-response and resolution targets per priority (and per customer), the
//!   ticket's clock that on-hold pauses, and each target's state at a moment.
//! - [`ticket`]: the status flow, the first-contact owner (首问负责制), meter readings, visits and
//!   the repeat-visit flag, and closing with a callback and the customer's rating.

pub mod calendar;
pub mod sla;
pub mod ticket;
