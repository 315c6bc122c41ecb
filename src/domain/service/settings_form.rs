//! The service desk's settings as a user edits them (Settings → Service desk): working days,
//! working periods typed `HH:MM`, holidays and make-up days typed `YYYY-MM-DD`, SLA targets
//! typed in hours (decimals allowed, kept to the minute), the at-risk share and the repeat-visit
//! threshold. [`SettingsDraft::validate`] ties every problem to its input: what the text itself
//! gets wrong, then what [`ServiceSettings::check`] finds in the settings it gives.

use super::calendar::{CalendarError, CalendarField, Festival, Holiday, Weekday, WorkPeriod};
use super::record::Priority;
use super::settings::ServiceSettings;
use super::sla::{default_targets, CustomerTargets, PriorityTargets, SlaField, SlaTargets, Target};
use crate::domain::date::Date;
use crate::domain::fields::FormError;
use crate::domain::model::Id;

const MINUTES_PER_DAY: u32 = 1_440;

/// One end of a working period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    Start,
    End,
}

/// The input a problem belongs to. Indexes are the draft's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsField {
    WorkingDays,
    /// The periods as a whole (none, or two sharing time).
    Periods,
    Period(usize, End),
    HolidayFirst(usize),
    HolidayLast(usize),
    Makeup(usize),
    Target(Priority, Target),
    Customer(usize),
    CustomerTarget(usize, Target),
    AtRisk,
    RepeatVisits,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsError {
    Form(FormError),
    /// Not a number (of hours, percent or visits).
    NotANumber,
    /// Not a time of day `HH:MM` from 00:00 to 24:00.
    InvalidTime,
    /// Not a date `YYYY-MM-DD`.
    InvalidDate,
    Calendar(CalendarError),
    /// The customer already has targets for this priority in an earlier row.
    DuplicateContract,
}

pub type SettingsProblem = (SettingsField, SettingsError);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodDraft {
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HolidayDraft {
    pub festival: Festival,
    pub first: String,
    pub last: String,
}

/// Both targets in hours as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetsDraft {
    pub first_response: String,
    pub resolution: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContractDraft {
    /// None until a customer is chosen.
    pub customer_id: Option<Id>,
    pub priority: Priority,
    pub targets: TargetsDraft,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsDraft {
    pub working_days: Vec<Weekday>,
    pub periods: Vec<PeriodDraft>,
    pub holidays: Vec<HolidayDraft>,
    pub makeup_days: Vec<String>,
    /// Indexed like [`Priority::ALL`].
    pub targets: Vec<TargetsDraft>,
    pub contracts: Vec<ContractDraft>,
    pub at_risk_percent: String,
    pub repeat_visits: String,
}

/// `minute` after midnight as `HH:MM`.
pub fn format_time(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// `HH:MM` (or `H:MM`) from 00:00 to 24:00 as minutes after midnight.
pub fn parse_time(text: &str) -> Option<u32> {
    let (hours, minutes) = text.trim().split_once([':', '：'])?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || minutes.len() != 2 || !digits(minutes) {
        return None;
    }
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    let minute = hours * 60 + minutes;
    (minutes < 60 && minute <= MINUTES_PER_DAY).then_some(minute)
}

/// Minutes as hours with up to two decimals: 90 → `1.5`. Two decimals bring back the same
/// minute when parsed (an error of at most 0.3 minute).
pub fn format_hours(minutes: u32) -> String {
    let text = format!("{:.2}", f64::from(minutes) / 60.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Hours as typed (`1.5`, `0.25`, `8`) to the nearest minute.
pub fn parse_hours(text: &str) -> Result<u32, SettingsError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SettingsError::Form(FormError::Required));
    }
    if !text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(SettingsError::NotANumber);
    }
    let hours: f64 = text.parse().map_err(|_| SettingsError::NotANumber)?;
    // Anything beyond the range is refused by the check, so saturating is enough here.
    Ok((hours * 60.0).round().min(f64::from(u32::MAX)) as u32)
}

fn parse_whole(text: &str) -> Result<u32, SettingsError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SettingsError::Form(FormError::Required));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SettingsError::NotANumber);
    }
    Ok(text.parse().unwrap_or(u32::MAX))
}

fn parse_date(text: &str) -> Result<Date, SettingsError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SettingsError::Form(FormError::Required));
    }
    Date::parse(text).map_err(|_| SettingsError::InvalidDate)
}

/// The minutes of both targets as typed; a target that does not parse gets its problem and a
/// valid stand-in, so the check reports only the targets that parsed.
fn target_minutes(
    problems: &mut Vec<SettingsProblem>,
    typed: &TargetsDraft,
    field: impl Fn(Target) -> SettingsField,
) -> SlaTargets {
    let mut minutes = |target: Target, text: &str| {
        parse_hours(text).unwrap_or_else(|error| {
            problems.push((field(target), error));
            1
        })
    };
    SlaTargets {
        first_response_minutes: minutes(Target::FirstResponse, &typed.first_response),
        resolution_minutes: minutes(Target::Resolution, &typed.resolution),
    }
}

fn targets_draft(targets: SlaTargets) -> TargetsDraft {
    TargetsDraft {
        first_response: format_hours(targets.first_response_minutes),
        resolution: format_hours(targets.resolution_minutes),
    }
}

/// The form's texts for `settings`.
pub fn draft(settings: &ServiceSettings) -> SettingsDraft {
    let calendar = &settings.calendar;
    let sla = &settings.sla;
    SettingsDraft {
        working_days: Weekday::ALL.iter().copied().filter(|d| calendar.working_days.contains(d)).collect(),
        periods: calendar
            .hours
            .iter()
            .map(|p| PeriodDraft { start: format_time(p.start), end: format_time(p.end) })
            .collect(),
        holidays: calendar
            .holidays
            .iter()
            .map(|h| HolidayDraft {
                festival: h.festival,
                first: h.first.map(|d| d.to_string()).unwrap_or_default(),
                last: h.last.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
        makeup_days: calendar.makeup_days.iter().map(Date::to_string).collect(),
        targets: Priority::ALL
            .iter()
            .map(|&p| {
                let set = sla.priorities.iter().find(|t| t.priority == p).map(|t| t.targets);
                targets_draft(set.unwrap_or_else(|| default_targets(p)))
            })
            .collect(),
        contracts: sla
            .customers
            .iter()
            .map(|c| ContractDraft {
                customer_id: Some(c.customer_id),
                priority: c.priority,
                targets: targets_draft(c.targets),
            })
            .collect(),
        at_risk_percent: sla.at_risk_percent.to_string(),
        repeat_visits: settings.tickets.repeat_visit_threshold.to_string(),
    }
}

impl SettingsDraft {
    /// The settings the texts give, over `base` (which keeps anything the form does not show),
    /// or every problem, each at its input.
    pub fn validate(&self, base: &ServiceSettings) -> Result<ServiceSettings, Vec<SettingsProblem>> {
        let mut problems = Vec::new();
        let mut settings = base.clone();

        let calendar = &mut settings.calendar;
        calendar.working_days = Weekday::ALL.iter().copied().filter(|d| self.working_days.contains(d)).collect();
        calendar.hours.clear();
        for (i, period) in self.periods.iter().enumerate() {
            let start = parse_time(&period.start);
            let end = parse_time(&period.end);
            if start.is_none() {
                problems.push((SettingsField::Period(i, End::Start), SettingsError::InvalidTime));
            }
            match (start, end) {
                (_, None) => problems.push((SettingsField::Period(i, End::End), SettingsError::InvalidTime)),
                (Some(start), Some(end)) if end <= start => problems
                    .push((SettingsField::Period(i, End::End), SettingsError::Calendar(CalendarError::InvalidPeriod))),
                (Some(start), Some(end)) => calendar.hours.push(WorkPeriod { start, end }),
                (None, Some(_)) => {}
            }
        }
        let periods_typed = calendar.hours.len() == self.periods.len();

        // Rows that parse, with the draft row each stored one came from.
        calendar.holidays.clear();
        let mut holiday_rows = Vec::new();
        for (i, holiday) in self.holidays.iter().enumerate() {
            let first = parse_date(&holiday.first).map_err(|e| problems.push((SettingsField::HolidayFirst(i), e)));
            let last = parse_date(&holiday.last).map_err(|e| problems.push((SettingsField::HolidayLast(i), e)));
            if let (Ok(first), Ok(last)) = (first, last) {
                calendar.holidays.push(Holiday { festival: holiday.festival, first: Some(first), last: Some(last) });
                holiday_rows.push(i);
            }
        }
        calendar.makeup_days.clear();
        for (i, text) in self.makeup_days.iter().enumerate() {
            match parse_date(text) {
                Ok(day) => calendar.makeup_days.push(day),
                Err(error) => problems.push((SettingsField::Makeup(i), error)),
            }
        }

        settings.sla.priorities = Priority::ALL
            .iter()
            .zip(&self.targets)
            .map(|(&priority, typed)| PriorityTargets {
                priority,
                targets: target_minutes(&mut problems, typed, |target| SettingsField::Target(priority, target)),
            })
            .collect();
        settings.sla.customers.clear();
        let mut contract_rows = Vec::new();
        for (i, contract) in self.contracts.iter().enumerate() {
            let targets =
                target_minutes(&mut problems, &contract.targets, |target| SettingsField::CustomerTarget(i, target));
            let Some(customer_id) = contract.customer_id else {
                problems.push((SettingsField::Customer(i), SettingsError::Form(FormError::Required)));
                continue;
            };
            let same = |c: &CustomerTargets| c.customer_id == customer_id && c.priority == contract.priority;
            if settings.sla.customers.iter().any(same) {
                problems.push((SettingsField::Customer(i), SettingsError::DuplicateContract));
                continue;
            }
            settings.sla.customers.push(CustomerTargets { customer_id, priority: contract.priority, targets });
            contract_rows.push(i);
        }
        match parse_whole(&self.at_risk_percent) {
            Ok(percent) => settings.sla.at_risk_percent = percent.min(u32::from(u8::MAX)) as u8,
            Err(error) => problems.push((SettingsField::AtRisk, error)),
        }
        match parse_whole(&self.repeat_visits) {
            Ok(visits) => settings.tickets.repeat_visit_threshold = visits,
            Err(error) => problems.push((SettingsField::RepeatVisits, error)),
        }

        let Err(found) = settings.check() else {
            return if problems.is_empty() { Ok(settings) } else { Err(problems) };
        };
        for (field, error) in found.calendar {
            let at = match field {
                CalendarField::WorkingDays => SettingsField::WorkingDays,
                // Each period was checked above; what is left concerns them all.
                CalendarField::Hours if !periods_typed => continue,
                CalendarField::Hours => SettingsField::Periods,
                CalendarField::Holiday(index) => SettingsField::HolidayLast(holiday_rows[index]),
                CalendarField::MakeupDays => {
                    let CalendarError::InHoliday(day) = error else { continue };
                    let row = self.makeup_days.iter().position(|t| parse_date(t) == Ok(day));
                    SettingsField::Makeup(row.unwrap_or_default())
                }
            };
            problems.push((at, SettingsError::Calendar(error)));
        }
        for (field, error) in found.sla {
            let at = match field {
                SlaField::Priority(priority, target) => SettingsField::Target(priority, target),
                SlaField::Customer(id, priority, target) => {
                    let row = settings.sla.customers.iter().position(|c| c.customer_id == id && c.priority == priority);
                    SettingsField::CustomerTarget(contract_rows[row.unwrap_or_default()], target)
                }
                SlaField::AtRiskPercent => SettingsField::AtRisk,
            };
            problems.push((at, SettingsError::Form(error)));
        }
        if let Some(error) = found.repeat_visits {
            problems.push((SettingsField::RepeatVisits, SettingsError::Form(error)));
        }
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> ServiceSettings {
        ServiceSettings::default()
    }

    #[test]
    fn times_parse_and_format() {
        let cases: [(&str, Option<u32>); 10] = [
            ("08:30", Some(510)),
            ("8:30", Some(510)),
            (" 13:30 ", Some(810)),
            ("17：30", Some(1050)),
            ("24:00", Some(1440)),
            ("00:00", Some(0)),
            ("24:01", None),
            ("12:60", None),
            ("1230", None),
            ("8:3", None),
        ];
        for (text, minute) in cases {
            assert_eq!(parse_time(text), minute, "{text}");
        }
        assert_eq!(format_time(510), "08:30");
        assert_eq!(format_time(1440), "24:00");
    }

    #[test]
    fn hours_parse_and_format_to_the_minute() {
        let cases: [(&str, Result<u32, SettingsError>); 8] = [
            ("1.5", Ok(90)),
            ("0.5", Ok(30)),
            ("15", Ok(900)),
            (" 0.25 ", Ok(15)),
            ("0", Ok(0)),
            ("", Err(SettingsError::Form(FormError::Required))),
            ("-1", Err(SettingsError::NotANumber)),
            ("1h", Err(SettingsError::NotANumber)),
        ];
        for (text, minutes) in cases {
            assert_eq!(parse_hours(text), minutes, "{text}");
        }
        for (minutes, text) in [(90, "1.5"), (30, "0.5"), (900, "15"), (20, "0.33"), (1, "0.02")] {
            assert_eq!(format_hours(minutes), text);
            assert_eq!(parse_hours(text), Ok(minutes), "{text} round trip");
        }
        assert_eq!(parse_hours("1..5"), Err(SettingsError::NotANumber));
    }

    #[test]
    fn the_defaults_round_trip() {
        let settings = defaults();
        let shown = draft(&settings);
        assert_eq!(shown.periods[0], PeriodDraft { start: "08:30".into(), end: "12:00".into() });
        assert_eq!(shown.targets[Priority::High as usize].resolution, "15");
        assert_eq!(shown.validate(&settings), Ok(settings));
    }

    #[test]
    fn changes_are_stored() {
        let mut typed = draft(&defaults());
        typed.working_days.push(Weekday::Saturday);
        typed.periods.push(PeriodDraft { start: "18:00".into(), end: "19:30".into() });
        typed.holidays.push(HolidayDraft {
            festival: Festival::Company,
            first: "2027-01-04".into(),
            last: "2027-01-05".into(),
        });
        typed.makeup_days.push("2027-01-10".into());
        typed.targets[Priority::High as usize].resolution = "7.5".into();
        typed.contracts.push(ContractDraft {
            customer_id: Some(7),
            priority: Priority::Urgent,
            targets: TargetsDraft { first_response: "0.25".into(), resolution: "4".into() },
        });
        typed.at_risk_percent = "80".into();
        typed.repeat_visits = "4".into();
        let saved = typed.validate(&defaults()).unwrap();
        assert_eq!(saved.calendar.working_days.len(), 6);
        assert_eq!(saved.calendar.hours[2], WorkPeriod { start: 1080, end: 1170 });
        assert_eq!(saved.calendar.holidays.last().unwrap().first, Date::from_ymd(2027, 1, 4));
        assert_eq!(saved.calendar.makeup_days.last(), Date::from_ymd(2027, 1, 10).as_ref());
        assert_eq!(saved.sla.targets(Priority::High, 1).resolution_minutes, 450);
        assert_eq!(
            saved.sla.targets(Priority::Urgent, 7),
            SlaTargets { first_response_minutes: 15, resolution_minutes: 240 }
        );
        assert_eq!(saved.sla.at_risk_percent, 80);
        assert_eq!(saved.tickets.repeat_visit_threshold, 4);
        assert_eq!(draft(&saved), typed);
    }

    /// A case's name, the edit to the default draft, and the problems it gives.
    type Case = (&'static str, Box<dyn Fn(&mut SettingsDraft)>, Vec<SettingsProblem>);

    #[test]
    fn each_problem_is_at_its_input() {
        use SettingsError::*;
        use SettingsField as F;
        let range = FormError::OutOfRange { min: 1, max: 112_500 };
        let contract = ContractDraft {
            customer_id: Some(7),
            priority: Priority::High,
            targets: TargetsDraft { first_response: "1".into(), resolution: "8".into() },
        };
        let holiday = |first: &str, last: &str| HolidayDraft {
            festival: Festival::Company,
            first: first.into(),
            last: last.into(),
        };
        let cases: Vec<Case> = vec![
            (
                "no weekday",
                Box::new(|d| d.working_days.clear()),
                vec![(F::WorkingDays, Calendar(CalendarError::Required))],
            ),
            ("no period", Box::new(|d| d.periods.clear()), vec![(F::Periods, Calendar(CalendarError::Required))]),
            (
                "period ends before it starts",
                Box::new(|d| d.periods[1].end = "13:00".into()),
                vec![(F::Period(1, End::End), Calendar(CalendarError::InvalidPeriod))],
            ),
            (
                "period typed wrong, no extra problem for the periods",
                Box::new(|d| d.periods[0].start = "8h30".into()),
                vec![(F::Period(0, End::Start), InvalidTime)],
            ),
            (
                "periods overlap",
                Box::new(|d| d.periods[1].start = "11:00".into()),
                vec![(F::Periods, Calendar(CalendarError::Overlap))],
            ),
            (
                "holiday dates",
                Box::new(move |d| {
                    d.holidays.push(holiday("2027-13-01", ""));
                    d.holidays.push(holiday("2027-05-03", "2027-05-01"));
                }),
                vec![
                    (F::HolidayFirst(13), InvalidDate),
                    (F::HolidayLast(13), Form(FormError::Required)),
                    (F::HolidayLast(14), Calendar(CalendarError::EndsBeforeStart)),
                ],
            ),
            (
                "make-up day inside a holiday",
                Box::new(|d| d.makeup_days.push("2026-10-02".into())),
                vec![(F::Makeup(11), Calendar(CalendarError::InHoliday(Date::from_ymd(2026, 10, 2).unwrap())))],
            ),
            (
                "make-up day typed wrong",
                Box::new(|d| d.makeup_days[0] = "26/1/2025".into()),
                vec![(F::Makeup(0), InvalidDate)],
            ),
            (
                "targets of 0 and too long",
                Box::new(|d| {
                    d.targets[Priority::High as usize].resolution = "0".into();
                    d.targets[Priority::Low as usize].first_response = "1876".into();
                    d.targets[Priority::Normal as usize].first_response = "x".into();
                }),
                vec![
                    (F::Target(Priority::Normal, Target::FirstResponse), NotANumber),
                    (F::Target(Priority::Low, Target::FirstResponse), Form(range)),
                    (F::Target(Priority::High, Target::Resolution), Form(range)),
                ],
            ),
            (
                "contracts",
                Box::new(move |d| {
                    let mut zero = contract.clone();
                    zero.targets.first_response = "0".into();
                    d.contracts = vec![ContractDraft::default(), zero, contract.clone()];
                }),
                vec![
                    (F::CustomerTarget(0, Target::FirstResponse), Form(FormError::Required)),
                    (F::CustomerTarget(0, Target::Resolution), Form(FormError::Required)),
                    (F::Customer(0), Form(FormError::Required)),
                    (F::Customer(2), DuplicateContract),
                    (F::CustomerTarget(1, Target::FirstResponse), Form(range)),
                ],
            ),
            (
                "at risk and repeat visits",
                Box::new(|d| {
                    d.at_risk_percent = "100".into();
                    d.repeat_visits = "1".into();
                }),
                vec![
                    (F::AtRisk, Form(FormError::OutOfRange { min: 1, max: 99 })),
                    (F::RepeatVisits, Form(FormError::OutOfRange { min: 2, max: 10 })),
                ],
            ),
            (
                "numbers typed wrong",
                Box::new(|d| {
                    d.at_risk_percent = "75%".into();
                    d.repeat_visits = String::new();
                }),
                vec![(F::AtRisk, NotANumber), (F::RepeatVisits, Form(FormError::Required))],
            ),
        ];
        for (name, edit, expected) in cases {
            let mut typed = draft(&defaults());
            edit(&mut typed);
            assert_eq!(typed.validate(&defaults()), Err(expected), "{name}");
        }
    }
}
