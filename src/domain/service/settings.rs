//! The service desk's settings as one stored setting: the working calendar, the SLA targets
//! and the repeat-visit threshold, checked together so a form shows every problem at once.

use super::calendar::{CalendarProblem, CalendarSettings, WorkingCalendar};
use super::sla::{SlaProblem, SlaSettings};
use super::ticket::TicketSettings;
use crate::domain::fields::FormError;
use serde::{Deserialize, Serialize};

/// The settings record's key.
pub const SETTING_KEY: &str = "service";

/// Visits for one fault a desk may tolerate before a ticket is flagged: from the second to
/// the tenth.
pub const REPEAT_VISITS: std::ops::RangeInclusive<u32> = 2..=10;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceSettings {
    pub calendar: CalendarSettings,
    pub sla: SlaSettings,
    pub tickets: TicketSettings,
}

/// Every problem of the settings, by part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceProblems {
    pub calendar: Vec<CalendarProblem>,
    pub sla: Vec<SlaProblem>,
    pub repeat_visits: Option<FormError>,
}

impl ServiceProblems {
    pub fn is_empty(&self) -> bool {
        self.calendar.is_empty() && self.sla.is_empty() && self.repeat_visits.is_none()
    }
}

impl ServiceSettings {
    /// The checked settings' calendar, or every problem.
    pub fn check(&self) -> Result<WorkingCalendar, ServiceProblems> {
        let calendar = WorkingCalendar::new(&self.calendar);
        let problems = ServiceProblems {
            calendar: calendar.as_ref().err().cloned().unwrap_or_default(),
            sla: self.sla.check(),
            repeat_visits: (!REPEAT_VISITS.contains(&self.tickets.repeat_visit_threshold))
                .then_some(FormError::OutOfRange { min: *REPEAT_VISITS.start(), max: *REPEAT_VISITS.end() }),
        };
        match calendar {
            Ok(calendar) if problems.is_empty() => Ok(calendar),
            _ => Err(problems),
        }
    }

    /// The calendar to count by: these settings' when they hold, else the defaults' (a stored
    /// setting another release wrote wrong must not stop the desk).
    pub fn calendar(&self) -> WorkingCalendar {
        WorkingCalendar::new(&self.calendar)
            .or_else(|_| WorkingCalendar::new(&CalendarSettings::default()))
            .expect("the default calendar is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::super::calendar::tests::at;
    use super::super::calendar::{CalendarError, CalendarField};
    use super::super::record::Priority;
    use super::super::sla::{SlaField, Target};
    use super::*;

    #[test]
    fn the_defaults_hold_and_every_part_is_checked() {
        assert!(ServiceSettings::default().check().is_ok());
        let mut bad = ServiceSettings::default();
        bad.calendar.working_days.clear();
        bad.sla.priorities[0].targets.first_response_minutes = 0;
        bad.tickets.repeat_visit_threshold = 1;
        let problems = bad.check().unwrap_err();
        assert_eq!(problems.calendar, vec![(CalendarField::WorkingDays, CalendarError::Required)]);
        assert_eq!(
            problems.sla,
            vec![(
                SlaField::Priority(Priority::Low, Target::FirstResponse),
                FormError::OutOfRange { min: 1, max: 112_500 }
            )]
        );
        assert_eq!(problems.repeat_visits, Some(FormError::OutOfRange { min: 2, max: 10 }));
        // Counting goes on by the defaults: a Monday hour is working time.
        let hour = bad.calendar().working_ms_between(at("2025-09-22 09:00"), at("2025-09-22 10:00"));
        assert_eq!(hour, 3_600_000);
    }
}
