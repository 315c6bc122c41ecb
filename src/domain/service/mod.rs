//! After-sales service: the working calendar, the SLA clock and the ticket rules a service desk
//! works by (docs/domain.md §6).
//!
//! - [`calendar`]: working days and hours in China local time, public holidays and make-up
//!   working days (调休), and working time between instants.
//! - [`sla`]: first-response and resolution targets per priority (and per customer), the
//!   ticket's clock that on-hold pauses, and each target's state at a moment.
//! - [`figures`]: open tickets, SLA met, first-time fix, visits, time to resolve, callbacks and
//!   satisfaction, overall and by engineer, region or month.
//! - [`form`]: the call as taken and the work order's details, checked at their inputs.
//! - [`maintenance`]: programmes per model (hours or months, whichever first, with parts kits),
//!   each machine's next services projected, the due list and the kits as parts demand.
//! - [`maintenance_form`]: the programmes as the settings form types them.
//! - [`queue`]: whose tickets, which of them, most urgent first.
//! - [`record`]: the stored ticket (work order) with its moves, visits and closing.
//! - [`settings`]: the calendar, targets and repeat-visit threshold stored as one setting.
//! - [`settings_form`]: those settings as the settings form types them, each problem at its input.
//! - [`ticket`]: the status flow, the first-contact owner (首问负责制), meter readings, visits and
//!   the repeat-visit flag, and closing with a callback and the customer's rating.

pub mod calendar;
pub mod figures;
pub mod form;
pub mod maintenance;
pub mod maintenance_form;
pub mod queue;
pub mod record;
pub mod settings;
pub mod settings_form;
pub mod sla;
pub mod ticket;
