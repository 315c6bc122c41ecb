//! Planned maintenance: programmes per machine model — intervals of "every N hours or M months,
//! whichever first", each with the parts kit it uses —, each machine's next service per interval
//! projected from its last one and its observed hours, the services due within a window, and
//! their kits as expected parts demand. The programmes as the settings form types them are in
//! [`super::maintenance_form`].
//!
//! - A machine's working rate is observed: its hour-meter readings on tickets, from 0 h at
//!   delivery, give hours per day over the span they cover; without a reading its entered hours
//!   per month; without those, its hours over the days since delivery.
//! - Its hours today are the latest reading carried forward at that rate, or its stored hours
//!   when they are higher (set since by the machine form or an import, so taken as of today).
//! - An interval's last service is the latest planned-maintenance ticket for it that is resolved
//!   or closed (at its meter reading, else at the hours estimated for its date). The next is due
//!   at those hours + N or that date + M months, whichever comes first (an interval with 0 hours
//!   counts months only, and the other way round); a missed one is overdue.
//! - A machine without such a ticket is taken as serviced on schedule from its delivery before
//!   the desk kept records: its next service is the schedule's first one after today.
//! - Only active machines are projected: an idle machine logs no hours, a scrapped one is gone.
//! - Kits feed the parts forecast as the **timing** of known services: the kits due each month
//!   minus the fleet's steady monthly rate of them, which the part's history already carries
//!   (as the installed base adds only its change). A part no kit uses gets nothing.

use super::calendar::local_time;
use super::record::{ServiceTicket, TicketKind, TicketStatus};
use crate::domain::date::{Date, Month};
use crate::domain::model::{Id, Machine, MachineStatus};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The settings record's key.
pub const SETTING_KEY: &str = "maintenance";

/// Days in a month on average, for rates given per month.
const DAYS_PER_MONTH: f64 = 30.44;

/// Services a schedule is stepped through at most per machine and interval (an interval of 1 h
/// on a machine decades old must not hang the tab).
const MAX_STEPS: usize = 5_000;

/// One part of a kit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KitLine {
    pub part_number: String,
    pub quantity: u32,
}

/// A service done every `hours` or every `months`, whichever comes first (0: not counted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Interval {
    /// What the desk calls it ("500 h"); names the interval on its tickets.
    pub name: String,
    pub hours: u32,
    pub months: u32,
    pub kit: Vec<KitLine>,
}

/// A model's maintenance programme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Programme {
    pub model: String,
    pub intervals: Vec<Interval>,
}

/// Every model's programme, stored as one setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MaintenanceSettings {
    pub programmes: Vec<Programme>,
}

fn interval(name: &str, hours: u32, months: u32, kit: &[(&str, u32)]) -> Interval {
    Interval {
        name: name.to_owned(),
        hours,
        months,
        kit: kit
            .iter()
            .map(|&(part_number, quantity)| KitLine { part_number: part_number.to_owned(), quantity })
            .collect(),
    }
}

impl Default for MaintenanceSettings {
    /// A 20–25 t excavator's schedule as its operation manuals lay it out: engine oil and filter
    /// with the fuel filters every 500 h or 6 months, hydraulic return and pilot filters every
    /// 1,000 h or a year, the air filter every 2,000 h or a year, hydraulic oil every 4,000 h or
    /// 2 years — for the demo fleet's three most common excavators, with the demo catalogue's
    /// parts (an interval whose parts the catalogue lacks keeps the labour without a kit).
    fn default() -> MaintenanceSettings {
        MaintenanceSettings {
            programmes: vec![
                Programme {
                    model: "SY215C".into(),
                    intervals: vec![
                        interval("500 h", 500, 6, &[("SY-63823-01", 1), ("SY-70742-01", 1)]),
                        interval("1,000 h", 1_000, 12, &[("SY-64600-02", 1), ("SY-69188-03", 1)]),
                        interval("2,000 h", 2_000, 12, &[("SY-71038-02", 1)]),
                        interval("4,000 h", 4_000, 24, &[("SY-67264-02", 1)]),
                    ],
                },
                Programme {
                    model: "XE215DA".into(),
                    intervals: vec![
                        interval("500 h", 500, 6, &[("XG-69410-03", 1), ("XG-73443-02", 2), ("XG-69151-02", 1)]),
                        interval("2,000 h", 2_000, 12, &[("XG-72740-02", 1)]),
                        interval("4,000 h", 4_000, 24, &[]),
                    ],
                },
                Programme {
                    model: "SY245H".into(),
                    intervals: vec![
                        interval("500 h", 500, 6, &[("SY-71482-01", 1), ("SY-60863-01", 2), ("SY-64674-02", 1)]),
                        interval("1,000 h", 1_000, 12, &[("SY-66524-01", 1)]),
                        interval("2,000 h", 2_000, 12, &[("SY-68226-02", 1)]),
                        interval("4,000 h", 4_000, 24, &[]),
                    ],
                },
            ],
        }
    }
}

/// Two names (models, intervals, part numbers) are the same trimmed and case-folded.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl MaintenanceSettings {
    pub fn programme(&self, model: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| same_name(&p.model, model))
    }
}

/// An hour-meter reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    pub date: Date,
    pub hours: u32,
}

/// How a machine works: its hours on a date and the rate it adds them at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usage {
    pub anchor: Date,
    pub hours: f64,
    pub per_day: f64,
}

impl Usage {
    /// The machine's hours at `date` (before the anchor too, never below 0).
    pub fn hours_at(&self, date: Date) -> f64 {
        (self.hours + self.per_day * f64::from(date.days_since(self.anchor))).max(0.0)
    }

    /// The day the machine reaches `hours`; `None` when it never will (it logs none). A mark
    /// passed already falls before the anchor (the anchor itself when the rate is 0).
    pub fn date_at(&self, hours: f64) -> Option<Date> {
        if self.per_day > 0.0 {
            Some(self.anchor.add_days(((hours - self.hours) / self.per_day).ceil() as i32))
        } else {
            (hours <= self.hours).then_some(self.anchor)
        }
    }
}

/// How `machine` works, from its `readings` (any order) as of `today` (see the module docs).
pub fn usage(machine: &Machine, readings: &[Reading], today: Date) -> Usage {
    let latest = readings.iter().filter(|r| r.date <= today).max_by_key(|r| (r.date, r.hours));
    let first = machine
        .delivered
        .map(|date| Reading { date, hours: 0 })
        .into_iter()
        .chain(readings.iter().copied())
        .filter(|r| r.date <= today)
        .min_by_key(|r| (r.date, r.hours));
    let observed = match (first, latest) {
        (Some(first), Some(last)) if last.date > first.date && last.hours > first.hours => {
            Some(f64::from(last.hours - first.hours) / f64::from(last.date.days_since(first.date)))
        }
        _ => None,
    };
    let per_day = observed.unwrap_or_else(|| {
        if machine.hours_per_month > 0 {
            f64::from(machine.hours_per_month) / DAYS_PER_MONTH
        } else {
            match machine.delivered.map(|d| today.days_since(d)) {
                Some(days) if days > 0 => f64::from(machine.hours) / f64::from(days),
                _ => 0.0,
            }
        }
    });
    match latest {
        Some(last) if last.hours >= machine.hours => Usage { anchor: last.date, hours: f64::from(last.hours), per_day },
        _ => Usage { anchor: today, hours: f64::from(machine.hours), per_day },
    }
}

/// Which limit of an interval comes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DueBy {
    Hours,
    Months,
}

/// A service: done (the last) or due (the next).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Service {
    pub date: Date,
    /// The hour meter at it (estimated for a service due).
    pub hours: f64,
}

/// The next service of `interval` after `last`, and which limit brings it; `None` for an
/// interval with neither limit, or one by hours only on a machine that logs none.
pub fn next_service(interval: &Interval, last: Service, usage: &Usage) -> Option<(Service, DueBy)> {
    let by_hours = (interval.hours > 0)
        .then(|| usage.date_at(last.hours + f64::from(interval.hours)))
        .flatten()
        .map(|date| (Service { date, hours: last.hours + f64::from(interval.hours) }, DueBy::Hours));
    let by_months = (interval.months > 0).then(|| {
        let date = last.date.add_months(interval.months as i32);
        (Service { date, hours: usage.hours_at(date) }, DueBy::Months)
    });
    match (by_hours, by_months) {
        (Some(hours), Some(months)) => Some(if months.0.date < hours.0.date { months } else { hours }),
        (one, other) => one.or(other),
    }
}

/// Whether `ticket` is planned maintenance of `interval` on `machine`.
pub fn is_for(ticket: &ServiceTicket, machine: Id, interval: &str) -> bool {
    ticket.kind == TicketKind::Maintenance
        && ticket.machine_id == Some(machine)
        && !ticket.interval.trim().is_empty()
        && same_name(&ticket.interval, interval)
}

/// Whether the work of `ticket` is done (resolved or closed).
pub fn is_done(ticket: &ServiceTicket) -> bool {
    matches!(ticket.status, TicketStatus::Resolved | TicketStatus::Closed)
}

/// The day a done ticket's work was done: its closing, else its last move to resolved.
fn done_on(ticket: &ServiceTicket) -> Option<Date> {
    ticket.closed.or_else(|| {
        ticket.changes.iter().rev().find(|c| c.status == TicketStatus::Resolved).map(|c| local_time(c.at).0)
    })
}

/// Where a machine stands for one interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    pub next: Service,
    pub by: DueBy,
    /// Whether a ticket recorded the last service (else the schedule is assumed kept).
    pub recorded: bool,
}

/// The next service of `interval` on `machine`, given the machine's `tickets` (see the module
/// docs); `None` when it cannot be told (no delivery date nor record, or no limit reached).
pub fn project(
    machine: &Machine,
    interval: &Interval,
    tickets: &[&ServiceTicket],
    usage: &Usage,
    today: Date,
) -> Option<Projection> {
    let recorded = tickets
        .iter()
        .filter(|t| is_for(t, machine.id, &interval.name) && is_done(t))
        .filter_map(|t| done_on(t).map(|date| (date, t.meter)))
        .max_by_key(|(date, _)| *date);
    if let Some((date, meter)) = recorded {
        let last = Service { date, hours: meter.map_or_else(|| usage.hours_at(date), f64::from) };
        return next_service(interval, last, usage).map(|(next, by)| Projection { next, by, recorded: true });
    }
    let mut last = Service { date: machine.delivered?, hours: 0.0 };
    for _ in 0..MAX_STEPS {
        let (next, by) = next_service(interval, last, usage)?;
        if next.date > today {
            return Some(Projection { next, by, recorded: false });
        }
        last = next;
    }
    None
}

/// A service due within the window asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct DueRow {
    pub machine_id: Id,
    pub customer_id: Id,
    pub interval: String,
    /// The interval's months (for saying why a service due by them is).
    pub months: u32,
    pub date: Date,
    pub by: DueBy,
    /// The hour meter due at (by hours) or expected on the date (by months).
    pub hours: u32,
    pub overdue: bool,
    /// The open planned-maintenance ticket for it, if one is.
    pub ticket: Option<Id>,
}

/// A workspace's machines with what projecting them takes: their programmes and their tickets.
pub struct Fleet<'a> {
    settings: &'a MaintenanceSettings,
    machines: Vec<(&'a Machine, &'a Programme, Vec<&'a ServiceTicket>, Usage)>,
}

impl<'a> Fleet<'a> {
    /// The active machines of `machines` that have a programme, as of `today`.
    pub fn new(
        settings: &'a MaintenanceSettings,
        machines: impl IntoIterator<Item = &'a Machine>,
        tickets: &'a [ServiceTicket],
        today: Date,
    ) -> Fleet<'a> {
        let mut by_machine: HashMap<Id, Vec<&ServiceTicket>> = HashMap::new();
        for ticket in tickets {
            if let Some(machine) = ticket.machine_id {
                by_machine.entry(machine).or_default().push(ticket);
            }
        }
        let machines = machines
            .into_iter()
            .filter(|m| m.status == MachineStatus::Active)
            .filter_map(|m| {
                let programme = settings.programme(&m.model)?;
                let tickets = by_machine.remove(&m.id).unwrap_or_default();
                let readings: Vec<Reading> =
                    tickets.iter().filter_map(|t| Some(Reading { date: t.opened?, hours: t.meter? })).collect();
                Some((m, programme, tickets, usage(m, &readings, today)))
            })
            .collect();
        Fleet { settings, machines }
    }

    pub fn settings(&self) -> &MaintenanceSettings {
        self.settings
    }

    /// Services due on or before `today + days` (overdue ones too), soonest first.
    pub fn due(&self, today: Date, days: u32) -> Vec<DueRow> {
        let until = today.add_days(days as i32);
        let mut rows = Vec::new();
        for (machine, programme, tickets, usage) in &self.machines {
            for interval in &programme.intervals {
                let Some(projection) = project(machine, interval, tickets, usage, today) else { continue };
                if projection.next.date > until {
                    continue;
                }
                let open = tickets.iter().find(|t| is_for(t, machine.id, &interval.name) && !is_done(t));
                rows.push(DueRow {
                    machine_id: machine.id,
                    customer_id: machine.customer_id,
                    interval: interval.name.clone(),
                    months: interval.months,
                    date: projection.next.date,
                    by: projection.by,
                    hours: projection.next.hours.round() as u32,
                    overdue: projection.next.date < today,
                    ticket: open.map(|t| t.id),
                });
            }
        }
        rows.sort_by_key(|r| (r.date, r.machine_id));
        rows
    }

    /// Every kit part's expected demand over `horizon` months from `first` (see [`KitDemand`]),
    /// by part number as stored in the programmes (case-folded).
    pub fn kit_demand(&self, today: Date, first: Month, horizon: usize) -> HashMap<String, KitDemand> {
        let mut demand: HashMap<String, KitDemand> = HashMap::new();
        let soon = today.add_days(90);
        let end = first + horizon as i32;
        for (machine, programme, tickets, usage) in &self.machines {
            for interval in programme.intervals.iter().filter(|i| !i.kit.is_empty()) {
                let Some(projection) = project(machine, interval, tickets, usage, today) else { continue };
                let per_month = services_per_month(interval, usage.per_day);
                let mut next = (projection.next, projection.by);
                let mut months = Vec::new();
                let mut within_90 = 0;
                for _ in 0..MAX_STEPS {
                    let (service, _) = next;
                    let month = service.date.month_of();
                    if month >= end {
                        break;
                    }
                    within_90 += u32::from(service.date <= soon);
                    // An overdue service is bought at once; one due before the first forecast
                    // month (this month) is this month's demand, which the forecast does not cover.
                    if service.date < today {
                        months.push(0);
                    } else if month >= first {
                        months.push(month.since(first) as usize);
                    }
                    match next_service(interval, service, usage) {
                        Some(following) => next = following,
                        None => break,
                    }
                }
                for line in &interval.kit {
                    let entry = demand
                        .entry(line.part_number.trim().to_lowercase())
                        .or_insert_with(|| KitDemand { due: vec![0.0; horizon], ..KitDemand::default() });
                    let quantity = f64::from(line.quantity);
                    for &i in &months {
                        entry.due[i] += quantity;
                    }
                    entry.steady += quantity * per_month;
                    entry.services_within_90_days += within_90;
                    entry.units_within_90_days += within_90 * line.quantity;
                }
            }
        }
        demand
    }
}

/// How many times a month `interval` comes round on average at `per_day` hours a day.
fn services_per_month(interval: &Interval, per_day: f64) -> f64 {
    let by_hours = if interval.hours > 0 { per_day * DAYS_PER_MONTH / f64::from(interval.hours) } else { 0.0 };
    let by_months = if interval.months > 0 { 1.0 / f64::from(interval.months) } else { 0.0 };
    by_hours.max(by_months)
}

/// One part's demand from the kits of planned services.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KitDemand {
    /// Units the services due in each forecast month take.
    pub due: Vec<f64>,
    /// Units a month the fleet's services take on average, which the part's history carries.
    pub steady: f64,
    /// Services (machine and interval) using the part due within 90 days, overdue ones too.
    pub services_within_90_days: u32,
    pub units_within_90_days: u32,
}

impl KitDemand {
    /// What the kits add to the statistical forecast in each month: the kits due less the steady
    /// rate the history carries, so only their timing is added.
    pub fn change(&self) -> Vec<f64> {
        self.due.iter().map(|due| due - self.steady).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service::record::StatusChange;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn every(hours: u32, months: u32) -> Interval {
        interval("500 h", hours, months, &[("P-1", 2)])
    }

    /// Delivered a year before 2026-03-01 with `hours` on the meter then, nothing entered per month.
    fn machine(id: Id, hours: u32) -> Machine {
        Machine {
            id,
            customer_id: 7,
            model: "SY215C".into(),
            delivered: Some(day("2025-03-01")),
            hours,
            status: MachineStatus::Active,
            ..Machine::default()
        }
    }

    fn maintenance(
        id: Id,
        machine: Id,
        status: TicketStatus,
        closed: Option<&str>,
        meter: Option<u32>,
    ) -> ServiceTicket {
        ServiceTicket {
            id,
            kind: TicketKind::Maintenance,
            machine_id: Some(machine),
            interval: "500 H ".into(),
            status,
            closed: closed.map(day),
            meter,
            ..ServiceTicket::default()
        }
    }

    #[test]
    fn whichever_comes_first() {
        let usage = |per_day| Usage { anchor: day("2026-01-01"), hours: 1_000.0, per_day };
        let last = Service { date: day("2026-01-01"), hours: 1_000.0 };
        for (interval, per_day, expected) in [
            // 5 h a day reaches 1,500 h in 100 days, before 6 months.
            (every(500, 6), 5.0, Some(("2026-04-11", 1_500.0, DueBy::Hours))),
            // 1 h a day would take 500 days: the months come first.
            (every(500, 6), 1.0, Some(("2026-07-01", 1_181.0, DueBy::Months))),
            (every(500, 6), 0.0, Some(("2026-07-01", 1_000.0, DueBy::Months))),
            (every(500, 0), 0.0, None),
            (every(0, 24), 5.0, Some(("2028-01-01", 4_650.0, DueBy::Months))),
            (every(0, 0), 5.0, None),
        ] {
            let found = next_service(&interval, last, &usage(per_day)).map(|(s, by)| (s.date.to_string(), s.hours, by));
            let expected = expected.map(|(date, hours, by)| (date.to_owned(), hours, by));
            assert_eq!(found, expected, "{interval:?} at {per_day} h a day");
        }
    }

    #[test]
    fn usage_from_readings_else_what_is_entered() {
        let today = day("2026-03-01");
        let reading = |date, hours| Reading { date: day(date), hours };
        let per_month = Machine { hours_per_month: 152, ..machine(1, 1_200) };
        for (machine, readings, expected) in [
            // No reading: the entered hours a month, from the stored hours today.
            (per_month.clone(), vec![], ("2026-03-01", 1_200.0, 152.0 / 30.44)),
            // Readings: their rate from 0 h at delivery, carried from the latest.
            (
                per_month.clone(),
                vec![reading("2025-09-01", 900), reading("2026-01-01", 1_460)],
                ("2026-01-01", 1_460.0, 1_460.0 / 306.0),
            ),
            // A reading later than the stored hours cannot be older than them... unless the
            // machine form set them higher since: then they count, as of today.
            (
                Machine { hours: 1_600, ..per_month },
                vec![reading("2026-01-01", 1_460)],
                ("2026-03-01", 1_600.0, 1_460.0 / 306.0),
            ),
            // Nothing entered: the stored hours over the days since delivery.
            (machine(1, 1_460), vec![], ("2026-03-01", 1_460.0, 4.0)),
            (Machine { delivered: None, ..machine(1, 1_460) }, vec![], ("2026-03-01", 1_460.0, 0.0)),
            // A reading dated after today is not yet taken.
            (machine(1, 1_460), vec![reading("2026-04-01", 2_000)], ("2026-03-01", 1_460.0, 4.0)),
        ] {
            let usage = usage(&machine, &readings, today);
            assert_eq!(usage.anchor, day(expected.0), "{readings:?}");
            assert_eq!(usage.hours, expected.1, "{readings:?}");
            assert!((usage.per_day - expected.2).abs() < 1e-9, "{readings:?}: {}", usage.per_day);
        }
    }

    #[test]
    fn projected_from_the_last_service_or_the_schedule_kept() {
        let today = day("2026-03-01");
        let m = machine(1, 1_460);
        let usage = usage(&m, &[], today);
        let resolved = ServiceTicket {
            changes: vec![StatusChange { at: 1_769_904_000_000, status: TicketStatus::Resolved, hold: None }],
            ..maintenance(4, 1, TicketStatus::Resolved, None, Some(1_300))
        };
        for (tickets, expected) in [
            // No record: 500 h on 2025-07-04, 1,000 h on 2025-11-06 were kept; 1,500 h is next.
            (vec![], ("2026-03-11", 1_500.0, DueBy::Hours, false)),
            // Serviced at 400 h on 2025-06-01: 900 h fell on 2025-10-12, overdue.
            (
                vec![maintenance(2, 1, TicketStatus::Closed, Some("2025-06-01"), Some(400))],
                ("2025-10-12", 900.0, DueBy::Hours, true),
            ),
            // No meter read: the hours estimated for the day (1,348 h on 2026-02-01).
            (
                vec![maintenance(2, 1, TicketStatus::Closed, Some("2026-02-01"), None)],
                ("2026-06-06", 1_848.0, DueBy::Hours, true),
            ),
            // An open ticket, another interval's and another machine's do not count.
            (
                vec![
                    maintenance(2, 1, TicketStatus::InProgress, None, Some(1_400)),
                    ServiceTicket {
                        interval: "1,000 h".into(),
                        ..maintenance(3, 1, TicketStatus::Closed, Some("2026-02-01"), None)
                    },
                    maintenance(5, 9, TicketStatus::Closed, Some("2026-02-01"), None),
                ],
                ("2026-03-11", 1_500.0, DueBy::Hours, false),
            ),
            // Resolved, not yet closed: done on the day it was resolved (2026-02-01 in China).
            (vec![resolved], ("2026-05-25", 1_800.0, DueBy::Hours, true)),
        ] {
            let tickets: Vec<&ServiceTicket> = tickets.iter().collect();
            let found = project(&m, &every(500, 6), &tickets, &usage, today).unwrap();
            assert_eq!(
                (found.next.date.to_string(), found.next.hours, found.by, found.recorded),
                (expected.0.to_owned(), expected.1, expected.2, expected.3),
                "{tickets:?}"
            );
        }
    }

    #[test]
    fn the_due_list_shows_an_open_ticket_instead_of_offering_another() {
        let today = day("2026-03-01");
        let settings = MaintenanceSettings {
            programmes: vec![Programme {
                model: "sy215c".into(),
                intervals: vec![every(500, 6), interval("10 y", 0, 120, &[])],
            }],
        };
        let machines = vec![
            machine(1, 1_460),
            Machine { customer_id: 8, ..machine(2, 1_000) },
            Machine { status: MachineStatus::Idle, ..machine(3, 1_460) },
            Machine { model: "XE60DA".into(), ..machine(4, 1_460) },
        ];
        let tickets = vec![maintenance(9, 2, TicketStatus::Open, None, None)];
        let fleet = Fleet::new(&settings, &machines, &tickets, today);
        let row = |machine_id, customer_id, date, by, hours, ticket| DueRow {
            machine_id,
            customer_id,
            interval: "500 h".into(),
            months: 6,
            date: day(date),
            by,
            hours,
            overdue: false,
            ticket,
        };
        assert_eq!(fleet.due(today, 10), vec![row(1, 7, "2026-03-11", DueBy::Hours, 1_500, None)]);
        // Machine 2 logs 1,000 h a year: 500 h on 2025-08-31, then 6 months on 2026-02-28 came
        // a day before 1,000 h, and again on 2026-08-28 before 1,497 h.
        assert_eq!(
            fleet.due(today, 200),
            vec![
                row(1, 7, "2026-03-11", DueBy::Hours, 1_500, None),
                row(2, 8, "2026-08-28", DueBy::Months, 1_493, Some(9)),
            ]
        );
    }

    #[test]
    fn kits_due_by_forecast_month() {
        let today = day("2026-03-01");
        let settings = MaintenanceSettings {
            programmes: vec![Programme { model: "SY215C".into(), intervals: vec![every(500, 6)] }],
        };
        // 10 h a day: 4,000 h on 2026-04-05, 4,500 h on 2026-05-25, 5,000 h on 2026-07-14.
        let machines = vec![machine(1, 3_650), Machine { model: "XE60DA".into(), ..machine(2, 3_650) }];
        let fleet = Fleet::new(&settings, &machines, &[], today);
        let demand = fleet.kit_demand(today, Month::new(2026, 4), 3);
        let p1 = &demand["p-1"];
        assert_eq!(p1.due, vec![2.0, 2.0, 0.0]);
        assert!((p1.steady - 2.0 * 10.0 * 30.44 / 500.0).abs() < 1e-9);
        assert_eq!((p1.services_within_90_days, p1.units_within_90_days), (2, 4));
        assert_eq!(p1.change(), vec![2.0 - p1.steady, 2.0 - p1.steady, -p1.steady]);
        assert_eq!(demand.len(), 1);
        // An overdue service is bought in the first month; one due this month is this month's.
        let overdue = [maintenance(3, 1, TicketStatus::Closed, Some("2026-01-01"), Some(3_000))];
        let fleet = Fleet::new(&settings, &machines, &overdue, today);
        // 3,500 h fell on 2026-02-14: overdue; then 4,000 h on 2026-04-05 and so on.
        assert_eq!(fleet.kit_demand(today, Month::new(2026, 4), 3)["p-1"].due, vec![4.0, 2.0, 0.0]);
    }
}
