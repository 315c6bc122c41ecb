//! The working calendar SLA clocks run on (docs/domain.md §6): a service desk promises answers
//! and repairs in working time, so a call on Friday evening is not late on Saturday, and the
//! Spring Festival week does not count against the engineers. Kehu works in China local time
//! (UTC+8, no daylight saving), whatever the device's zone, because that is where the desk and
//! the customers are.
//!
//! - Working weekdays and working hours with the lunch break between them are settings
//!   (default Monday–Friday, 08:30–12:00 and 13:30–17:30).
//! - Public holidays are dated ranges and make-up working days (调休: a Saturday or Sunday worked
//!   in exchange) are dates; the defaults are the State Council's notices for 2025 and 2026, and
//!   later years are added in settings as each notice appears.
//! - Instants are milliseconds since the Unix epoch, like every other timestamp in the app.

use crate::domain::date::Date;
use crate::domain::model::labelled_enum;
use serde::{Deserialize, Serialize};

pub const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_DAY: i64 = 86_400_000;
const MINUTES_PER_DAY: u32 = 1_440;
/// China Standard Time is UTC+8 all year.
const CHINA_OFFSET_MS: i64 = 8 * 60 * MS_PER_MINUTE;

labelled_enum!(
    Weekday {
        Monday = "mon",
        Tuesday = "tue",
        Wednesday = "wed",
        Thursday = "thu",
        Friday = "fri",
        Saturday = "sat",
        Sunday = "sun",
    }
);

impl Weekday {
    pub fn of(date: Date) -> Weekday {
        // 1970-01-01 was a Thursday, the fourth day of a week starting on Monday.
        Weekday::ALL[(date.days() + 3).rem_euclid(7) as usize]
    }
}

labelled_enum!(
    /// Which holiday a range is: the seven of the State Council's notices, or a day the company
    /// itself closes.
    Festival {
        NewYear = "new_year",
        SpringFestival = "spring_festival",
        Qingming = "qingming",
        Labour = "labour",
        DragonBoat = "dragon_boat",
        MidAutumn = "mid_autumn",
        National = "national",
        Company = "company",
    }
);

/// Days off from `first` to `last`, both included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Holiday {
    pub festival: Festival,
    pub first: Option<Date>,
    pub last: Option<Date>,
}

/// One stretch of working time in a day, in minutes after local midnight (`end` excluded); the
/// gap between two stretches is a break.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkPeriod {
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalendarSettings {
    pub working_days: Vec<Weekday>,
    pub hours: Vec<WorkPeriod>,
    pub holidays: Vec<Holiday>,
    /// Weekend days worked in exchange for a holiday.
    pub makeup_days: Vec<Date>,
}

impl Default for CalendarSettings {
    /// An office week with a lunch break, and the official holidays of 2025 and 2026.
    fn default() -> CalendarSettings {
        let ymd = |(y, m, d)| Date::from_ymd(y, m, d);
        CalendarSettings {
            working_days: Weekday::ALL[..5].to_vec(),
            hours: vec![
                WorkPeriod { start: 8 * 60 + 30, end: 12 * 60 },
                WorkPeriod { start: 13 * 60 + 30, end: 17 * 60 + 30 },
            ],
            holidays: OFFICIAL_HOLIDAYS
                .iter()
                .map(|&(festival, first, last)| Holiday { festival, first: ymd(first), last: ymd(last) })
                .collect(),
            makeup_days: OFFICIAL_MAKEUP_DAYS.iter().filter_map(|&day| ymd(day)).collect(),
        }
    }
}

type Ymd = (i32, u32, u32);

// 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12),
// text at https://m.gmw.cn/2024-11/12/content_1303894933.htm; and 国务院办公厅关于2026年部分节假日
// 安排的通知 (2025-11-04), text at https://politics.gmw.cn/2025-11/04/content_38391083.htm.
// In 2025 National Day and Mid-Autumn share one eight-day break.
const OFFICIAL_HOLIDAYS: [(Festival, Ymd, Ymd); 13] = [
    (Festival::NewYear, (2025, 1, 1), (2025, 1, 1)),
    (Festival::SpringFestival, (2025, 1, 28), (2025, 2, 4)),
    (Festival::Qingming, (2025, 4, 4), (2025, 4, 6)),
    (Festival::Labour, (2025, 5, 1), (2025, 5, 5)),
    (Festival::DragonBoat, (2025, 5, 31), (2025, 6, 2)),
    (Festival::National, (2025, 10, 1), (2025, 10, 8)),
    (Festival::NewYear, (2026, 1, 1), (2026, 1, 3)),
    (Festival::SpringFestival, (2026, 2, 15), (2026, 2, 23)),
    (Festival::Qingming, (2026, 4, 4), (2026, 4, 6)),
    (Festival::Labour, (2026, 5, 1), (2026, 5, 5)),
    (Festival::DragonBoat, (2026, 6, 19), (2026, 6, 21)),
    (Festival::MidAutumn, (2026, 9, 25), (2026, 9, 27)),
    (Festival::National, (2026, 10, 1), (2026, 10, 7)),
];

// The "上班" days of the same two notices.
const OFFICIAL_MAKEUP_DAYS: [Ymd; 11] = [
    (2025, 1, 26),
    (2025, 2, 8),
    (2025, 4, 27),
    (2025, 9, 28),
    (2025, 10, 11),
    (2026, 1, 4),
    (2026, 2, 14),
    (2026, 2, 28),
    (2026, 5, 9),
    (2026, 9, 20),
    (2026, 10, 10),
];

/// The setting a calendar problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarField {
    WorkingDays,
    Hours,
    /// The holiday at this index.
    Holiday(usize),
    MakeupDays,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// No working weekday, no working hours, or a holiday without its dates.
    Required,
    /// A period that ends before it starts or after midnight.
    InvalidPeriod,
    /// Two periods share time.
    Overlap,
    /// A holiday whose last day is before its first.
    EndsBeforeStart,
    /// This make-up day falls inside a holiday.
    InHoliday(Date),
}

pub type CalendarProblem = (CalendarField, CalendarError);

/// Checked settings, ready to count working time.
#[derive(Clone, Debug)]
pub struct WorkingCalendar {
    working_days: [bool; 7],
    /// Sorted, disjoint.
    hours: Vec<WorkPeriod>,
    /// Day numbers, sorted.
    days_off: Vec<i32>,
    makeup_days: Vec<i32>,
    /// `worked_before[i]`: working milliseconds from the window's first day to its `i`-th day,
    /// so a span of days is a subtraction rather than a walk (a desk of 50,000 tickets asks
    /// for hundreds of thousands of spans).
    worked_before: Vec<i64>,
}

/// The days `worked_before` covers: 2000-01-01 to 2059-12-31; time outside is walked day by day.
const WINDOW: std::ops::Range<i32> = 10_957..32_872;

impl WorkingCalendar {
    /// The calendar of `settings`, or every problem with them.
    pub fn new(settings: &CalendarSettings) -> Result<WorkingCalendar, Vec<CalendarProblem>> {
        let mut problems = Vec::new();
        let mut working_days = [false; 7];
        for day in &settings.working_days {
            working_days[*day as usize] = true;
        }
        if !working_days.contains(&true) {
            problems.push((CalendarField::WorkingDays, CalendarError::Required));
        }
        let mut hours = settings.hours.clone();
        hours.sort_by_key(|p| p.start);
        if hours.is_empty() {
            problems.push((CalendarField::Hours, CalendarError::Required));
        } else if hours.iter().any(|p| p.start >= p.end || p.end > MINUTES_PER_DAY) {
            problems.push((CalendarField::Hours, CalendarError::InvalidPeriod));
        } else if hours.windows(2).any(|w| w[1].start < w[0].end) {
            problems.push((CalendarField::Hours, CalendarError::Overlap));
        }
        let mut days_off = Vec::new();
        for (index, holiday) in settings.holidays.iter().enumerate() {
            match (holiday.first, holiday.last) {
                (Some(first), Some(last)) if last < first => {
                    problems.push((CalendarField::Holiday(index), CalendarError::EndsBeforeStart))
                }
                (Some(first), Some(last)) => days_off.extend(first.days()..=last.days()),
                _ => problems.push((CalendarField::Holiday(index), CalendarError::Required)),
            }
        }
        days_off.sort_unstable();
        days_off.dedup();
        let mut makeup_days: Vec<i32> = settings.makeup_days.iter().map(|d| d.days()).collect();
        makeup_days.sort_unstable();
        makeup_days.dedup();
        if let Some(&day) = makeup_days.iter().find(|d| days_off.binary_search(d).is_ok()) {
            problems.push((CalendarField::MakeupDays, CalendarError::InHoliday(Date::from_days(day))));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut calendar = WorkingCalendar { working_days, hours, days_off, makeup_days, worked_before: Vec::new() };
        let mut worked = 0;
        calendar.worked_before = std::iter::once(0)
            .chain(WINDOW.map(|day| {
                worked += calendar.day_ms(Date::from_days(day));
                worked
            }))
            .collect();
        Ok(calendar)
    }

    /// Working milliseconds of the whole of `date`.
    fn day_ms(&self, date: Date) -> i64 {
        if !self.is_working_day_by_rule(date) {
            return 0;
        }
        self.hours.iter().map(|p| i64::from(p.end - p.start) * MS_PER_MINUTE).sum()
    }

    /// Working milliseconds of `date` between the instants `from` and `to`.
    fn day_ms_between(&self, date: Date, from: i64, to: i64) -> i64 {
        if !self.is_working_day(date) {
            return 0;
        }
        let overlap = |p: &WorkPeriod| (instant_at(date, p.end).min(to) - instant_at(date, p.start).max(from)).max(0);
        self.hours.iter().map(overlap).sum()
    }

    /// Working milliseconds of the whole days from `first` up to (not including) `end`.
    fn days_ms(&self, first: Date, end: Date) -> i64 {
        let index = |date: Date| WINDOW.contains(&date.days()).then(|| (date.days() - WINDOW.start) as usize);
        match (index(first), index(end.add_days(-1))) {
            (Some(a), Some(b)) if first < end => self.worked_before[b + 1] - self.worked_before[a],
            _ => (first.days()..end.days()).map(|day| self.day_ms(Date::from_days(day))).sum(),
        }
    }

    /// Whether `date` is worked: a make-up day always, a holiday never, else by its weekday.
    pub fn is_working_day(&self, date: Date) -> bool {
        // Inside the window a working day is one that adds working time (hours are never empty).
        let index = usize::try_from(date.days() - WINDOW.start).ok();
        match index.and_then(|i| self.worked_before.get(i..i + 2)) {
            Some(&[before, after]) => after > before,
            _ => self.is_working_day_by_rule(date),
        }
    }

    fn is_working_day_by_rule(&self, date: Date) -> bool {
        let day = date.days();
        if self.makeup_days.binary_search(&day).is_ok() {
            return true;
        }
        self.days_off.binary_search(&day).is_err() && self.working_days[Weekday::of(date) as usize]
    }

    /// Whether `instant` falls inside working hours of a working day.
    pub fn is_working_time(&self, instant: i64) -> bool {
        let (date, minute) = local_time(instant);
        self.is_working_day(date) && self.hours.iter().any(|p| (p.start..p.end).contains(&minute))
    }

    /// Working time from `from` to `to` in milliseconds; 0 when `to` is not after `from`.
    pub fn working_ms_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let (first, last) = (local_time(from).0, local_time(to).0);
        if first == last {
            return self.day_ms_between(first, from, to);
        }
        self.day_ms_between(first, from, to)
            + self.days_ms(first.add_days(1), last)
            + self.day_ms_between(last, from, to)
    }

    /// Whole working minutes from `from` to `to`.
    pub fn working_minutes_between(&self, from: i64, to: i64) -> i64 {
        self.working_ms_between(from, to) / MS_PER_MINUTE
    }

    /// The instant at which `ms` of working time have passed after `start`: the end of a
    /// period when it is used up exactly there (a target due at 12:00 is due before lunch).
    pub fn add_working_ms(&self, start: i64, ms: i64) -> i64 {
        if ms <= 0 {
            return start;
        }
        let mut left = ms;
        let mut date = local_time(start).0;
        let first_day = self.day_ms_between(date, start, instant_at(date.add_days(1), 0));
        if left > first_day {
            left -= first_day;
            date = date.add_days(1);
            // Whole days at once inside the window: the first day whose end covers what is left.
            let index = date.days() - WINDOW.start;
            if (0..WINDOW.len() as i32).contains(&index) {
                let base = self.worked_before[index as usize];
                let ends = &self.worked_before[index as usize + 1..];
                let day = ends.partition_point(|&worked| worked - base < left);
                if day < ends.len() {
                    let before = if day == 0 { base } else { ends[day - 1] };
                    left -= before - base;
                    date = date.add_days(day as i32);
                }
            }
        }
        // Ends: the calendar has a working weekday and holidays are finite.
        loop {
            if self.is_working_day(date) {
                for period in &self.hours {
                    let from = instant_at(date, period.start).max(start);
                    let available = instant_at(date, period.end) - from;
                    if available <= 0 {
                        continue;
                    }
                    if left <= available {
                        return from + left;
                    }
                    left -= available;
                }
            }
            date = date.add_days(1);
        }
    }

    /// The instant at which `minutes` working minutes have passed after `start`.
    pub fn add_working_minutes(&self, start: i64, minutes: i64) -> i64 {
        self.add_working_ms(start, minutes * MS_PER_MINUTE)
    }
}

/// The local (UTC+8) date of `instant` and the minute of that day.
pub fn local_time(instant: i64) -> (Date, u32) {
    let local = instant + CHINA_OFFSET_MS;
    let date = Date::from_days(local.div_euclid(MS_PER_DAY) as i32);
    (date, (local.rem_euclid(MS_PER_DAY) / MS_PER_MINUTE) as u32)
}

/// The instant of local (UTC+8) `minute` of `date`.
pub fn instant_at(date: Date, minute: u32) -> i64 {
    i64::from(date.days()) * MS_PER_DAY + i64::from(minute) * MS_PER_MINUTE - CHINA_OFFSET_MS
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The instant of a local "YYYY-MM-DD HH:MM".
    pub(in crate::domain::service) fn at(text: &str) -> i64 {
        let (date, time) = text.split_once(' ').unwrap();
        let (h, m) = time.split_once(':').unwrap();
        instant_at(Date::parse(date).unwrap(), h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap())
    }

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    pub(in crate::domain::service) fn official() -> WorkingCalendar {
        WorkingCalendar::new(&CalendarSettings::default()).unwrap()
    }

    #[test]
    fn local_time_is_utc_plus_eight() {
        // 2025-10-01 00:00 UTC is 08:00 in Beijing; 1970-01-01 00:00 local is 16:00 UTC the day before.
        assert_eq!(local_time(1_759_276_800_000), (d("2025-10-01"), 8 * 60));
        assert_eq!(instant_at(d("1970-01-01"), 0), -8 * 3_600_000);
        assert_eq!(local_time(-1), (d("1970-01-01"), 7 * 60 + 59));
        assert_eq!(at("2025-10-01 08:00"), 1_759_276_800_000);
    }

    #[test]
    fn weekdays() {
        for (date, weekday) in [
            ("1970-01-01", Weekday::Thursday),
            ("2025-01-28", Weekday::Tuesday),
            ("2025-09-28", Weekday::Sunday),
            ("2026-02-14", Weekday::Saturday),
            ("2026-12-07", Weekday::Monday),
            ("1969-12-29", Weekday::Monday),
        ] {
            assert_eq!(Weekday::of(d(date)), weekday, "{date}");
        }
    }

    #[test]
    fn default_data_matches_the_notices() {
        let settings = CalendarSettings::default();
        assert_eq!(settings.holidays.len(), OFFICIAL_HOLIDAYS.len());
        assert_eq!(settings.makeup_days.len(), OFFICIAL_MAKEUP_DAYS.len());
        // Each range as the notice states it, with the weekdays it names and its length ("共N天").
        for (festival, first, weekday, days) in [
            (Festival::NewYear, "2025-01-01", Weekday::Wednesday, 1),
            (Festival::SpringFestival, "2025-01-28", Weekday::Tuesday, 8),
            (Festival::Qingming, "2025-04-04", Weekday::Friday, 3),
            (Festival::Labour, "2025-05-01", Weekday::Thursday, 5),
            (Festival::DragonBoat, "2025-05-31", Weekday::Saturday, 3),
            (Festival::National, "2025-10-01", Weekday::Wednesday, 8),
            (Festival::NewYear, "2026-01-01", Weekday::Thursday, 3),
            (Festival::SpringFestival, "2026-02-15", Weekday::Sunday, 9),
            (Festival::Qingming, "2026-04-04", Weekday::Saturday, 3),
            (Festival::Labour, "2026-05-01", Weekday::Friday, 5),
            (Festival::DragonBoat, "2026-06-19", Weekday::Friday, 3),
            (Festival::MidAutumn, "2026-09-25", Weekday::Friday, 3),
            (Festival::National, "2026-10-01", Weekday::Thursday, 7),
        ] {
            let holiday = settings.holidays.iter().find(|h| h.first == Some(d(first))).unwrap();
            assert_eq!(holiday.festival, festival, "{first}");
            assert_eq!(Weekday::of(d(first)), weekday, "{first}");
            assert_eq!(holiday.last.unwrap().days_since(d(first)) + 1, days, "{first}");
        }
        // Every make-up day is a weekend day the notices name as worked.
        for day in &settings.makeup_days {
            assert!(matches!(Weekday::of(*day), Weekday::Saturday | Weekday::Sunday), "{day}");
        }
    }

    #[test]
    fn working_days() {
        let calendar = official();
        for (date, working) in [
            ("2025-09-26", true),  // Friday
            ("2025-09-27", false), // Saturday
            ("2025-09-28", true),  // Sunday, worked for National Day
            ("2025-10-01", false), // National Day
            ("2025-10-08", false), // last day of the eight-day break
            ("2025-10-09", true),  // Thursday after it
            ("2025-10-11", true),  // Saturday, worked
            ("2025-10-12", false), // Sunday
            ("2026-01-04", true),  // Sunday, worked for New Year
            ("2026-02-23", false), // 初七
            ("2026-02-24", true),  // back to work
            ("2027-01-01", true),  // Friday: no 2027 notice in the defaults
        ] {
            assert_eq!(calendar.is_working_day(d(date)), working, "{date}");
        }
        // The window's answer is the rule's, across both of its edges.
        for day in d("1999-12-01").days()..=d("2060-01-31").days() {
            let date = Date::from_days(day);
            assert_eq!(calendar.is_working_day(date), calendar.is_working_day_by_rule(date), "{date}");
        }
    }

    #[test]
    fn working_time() {
        let calendar = official();
        for (instant, working) in [
            ("2025-09-22 08:29", false),
            ("2025-09-22 08:30", true),
            ("2025-09-22 11:59", true),
            ("2025-09-22 12:00", false), // lunch
            ("2025-09-22 13:29", false),
            ("2025-09-22 13:30", true),
            ("2025-09-22 17:29", true),
            ("2025-09-22 17:30", false),
            ("2025-09-27 10:00", false), // Saturday
            ("2025-09-28 10:00", true),  // make-up Sunday
            ("2025-10-01 10:00", false), // National Day
        ] {
            assert_eq!(calendar.is_working_time(at(instant)), working, "{instant}");
        }
    }

    #[test]
    fn working_minutes_between_instants() {
        let calendar = official();
        for (from, to, minutes) in [
            // Mon 09:00→11:00, all morning time.
            ("2025-09-22 09:00", "2025-09-22 11:00", 120),
            // Mon 11:00→12:00 = 60, lunch off, 13:30→14:00 = 30.
            ("2025-09-22 11:00", "2025-09-22 14:00", 90),
            // Starting at lunch: 13:30→14:30 = 60.
            ("2025-09-22 12:30", "2025-09-22 14:30", 60),
            // Evening to the next morning before opening: nothing.
            ("2025-09-22 18:00", "2025-09-23 08:00", 0),
            // A whole day: 210 before lunch + 240 after.
            ("2025-09-22 00:00", "2025-09-23 00:00", 450),
            // Fri 16:00→17:30 = 90, Sat and Sun off, Mon 08:30→10:00 = 90.
            ("2025-09-19 16:00", "2025-09-22 10:00", 180),
            // Fri 16:00→17:30 = 90, Sat off, make-up Sun 28th 450, Mon 08:30→09:00 = 30.
            ("2025-09-26 16:00", "2025-09-29 09:00", 570),
            // Tue 30th 16:00→17:30 = 90, Oct 1–8 National Day, Thu 9th 08:30→09:30 = 60.
            ("2025-09-30 16:00", "2025-10-09 09:30", 150),
            // Fri 10th 17:00→17:30 = 30, make-up Sat 11th 450, Sun off, Mon 13th 08:30→09:00 = 30.
            ("2025-10-10 17:00", "2025-10-13 09:00", 510),
            // Fri 2026-02-13 17:00→17:30 = 30, make-up Sat 14th 08:30→09:00 = 30.
            ("2026-02-13 17:00", "2026-02-14 09:00", 60),
            // Sat 14th 17:00→17:30 = 30, Feb 15–23 Spring Festival, Tue 24th 08:30→09:00 = 30.
            ("2026-02-14 17:00", "2026-02-24 09:00", 60),
            // Backwards: nothing.
            ("2025-09-22 14:00", "2025-09-22 10:00", 0),
        ] {
            assert_eq!(calendar.working_minutes_between(at(from), at(to)), minutes, "{from} → {to}");
        }
        // Seconds count in milliseconds, and only whole minutes in minutes.
        let from = at("2025-09-22 09:00");
        assert_eq!(calendar.working_ms_between(from, from + 90_500), 90_500);
        assert_eq!(calendar.working_minutes_between(from, from + 90_500), 1);
    }

    #[test]
    fn adding_working_minutes() {
        let calendar = official();
        for (start, minutes, due) in [
            // Mon 11:30→12:00 = 30, lunch, 13:30 + 30.
            ("2025-09-22 11:30", 60, "2025-09-22 14:00"),
            // Used up exactly at noon: due at 12:00, not after lunch.
            ("2025-09-22 10:00", 120, "2025-09-22 12:00"),
            // Fri 17:00→17:30 = 30, weekend off, Mon 08:30 + 30.
            ("2025-09-19 17:00", 60, "2025-09-22 09:00"),
            // Tue 30th 17:00→17:30 = 30, Oct 1–8 off, Thu 9th 08:30 + 30.
            ("2025-09-30 17:00", 60, "2025-10-09 09:00"),
            // Fri 26th 17:00→17:30 = 30, Sat off, make-up Sun 28th 08:30 + 30.
            ("2025-09-26 17:00", 60, "2025-09-28 09:00"),
            // Sunday night + one whole working day: Mon 08:30→17:30.
            ("2025-09-21 20:00", 450, "2025-09-22 17:30"),
            // Nothing to add: the start itself, even off hours.
            ("2025-09-27 10:00", 0, "2025-09-27 10:00"),
        ] {
            assert_eq!(calendar.add_working_minutes(at(start), minutes), at(due), "{start} + {minutes}");
        }
    }

    #[test]
    fn hours_and_days_are_settings() {
        // A six-day week, 08:00–17:00 without a lunch break, no holidays.
        let settings = CalendarSettings {
            working_days: Weekday::ALL[..6].to_vec(),
            hours: vec![WorkPeriod { start: 8 * 60, end: 17 * 60 }],
            holidays: Vec::new(),
            makeup_days: Vec::new(),
        };
        let calendar = WorkingCalendar::new(&settings).unwrap();
        for (from, to, minutes) in [
            // Mon 11:00→14:00 straight through: 180.
            ("2025-09-22 11:00", "2025-09-22 14:00", 180),
            // Fri 16:00→17:00 = 60, Sat 08:00→17:00 = 540, Sun off, Mon 08:00→09:00 = 60.
            ("2025-09-26 16:00", "2025-09-29 09:00", 660),
            // National Day is a working Wednesday here: 540.
            ("2025-10-01 00:00", "2025-10-02 00:00", 540),
        ] {
            assert_eq!(calendar.working_minutes_between(at(from), at(to)), minutes, "{from} → {to}");
        }
    }

    #[test]
    fn refuses_unusable_settings() {
        let period = |start, end| WorkPeriod { start, end };
        let holiday = |first: &str, last: &str| Holiday {
            festival: Festival::Company,
            first: Date::parse(first).ok(),
            last: Date::parse(last).ok(),
        };
        let base = CalendarSettings::default();
        for (settings, problems) in [
            (
                CalendarSettings { working_days: Vec::new(), ..base.clone() },
                vec![(CalendarField::WorkingDays, CalendarError::Required)],
            ),
            (
                CalendarSettings { hours: Vec::new(), ..base.clone() },
                vec![(CalendarField::Hours, CalendarError::Required)],
            ),
            (
                CalendarSettings { hours: vec![period(600, 600)], ..base.clone() },
                vec![(CalendarField::Hours, CalendarError::InvalidPeriod)],
            ),
            (
                CalendarSettings { hours: vec![period(1200, 1500)], ..base.clone() },
                vec![(CalendarField::Hours, CalendarError::InvalidPeriod)],
            ),
            (
                CalendarSettings { hours: vec![period(780, 1000), period(500, 800)], ..base.clone() },
                vec![(CalendarField::Hours, CalendarError::Overlap)],
            ),
            (
                CalendarSettings {
                    holidays: vec![holiday("2027-02-10", "2027-02-12"), holiday("2027-05-05", "2027-05-01")],
                    makeup_days: Vec::new(),
                    ..base.clone()
                },
                vec![(CalendarField::Holiday(1), CalendarError::EndsBeforeStart)],
            ),
            (
                CalendarSettings { holidays: vec![holiday("", "2027-05-01")], makeup_days: Vec::new(), ..base.clone() },
                vec![(CalendarField::Holiday(0), CalendarError::Required)],
            ),
            (
                CalendarSettings { makeup_days: vec![d("2025-10-04")], ..base.clone() },
                vec![(CalendarField::MakeupDays, CalendarError::InHoliday(d("2025-10-04")))],
            ),
        ] {
            assert_eq!(WorkingCalendar::new(&settings).unwrap_err(), problems, "{settings:?}");
        }
        // Periods may be entered in any order.
        let afternoon_first = CalendarSettings { hours: base.hours.iter().rev().copied().collect(), ..base.clone() };
        let calendar = WorkingCalendar::new(&afternoon_first).unwrap();
        assert_eq!(calendar.working_minutes_between(at("2025-09-22 11:00"), at("2025-09-22 14:00")), 90);
    }

    #[test]
    fn weekday_names_round_trip() {
        for weekday in Weekday::ALL {
            assert_eq!(Weekday::parse(weekday.as_str()), Some(*weekday));
        }
        let json = serde_json::to_string(&CalendarSettings::default()).unwrap();
        assert_eq!(serde_json::from_str::<CalendarSettings>(&json).unwrap(), CalendarSettings::default());
        assert!(json.contains(r#""working_days":["mon","tue","wed","thu","fri"]"#), "{json}");
    }

    /// The day-by-day walk the spans of whole days stand in for.
    fn walked_ms(calendar: &WorkingCalendar, from: i64, to: i64) -> i64 {
        let mut total = 0;
        let mut date = local_time(from).0;
        while instant_at(date, 0) < to {
            total += calendar.day_ms_between(date, from, to);
            date = date.add_days(1);
        }
        total
    }

    #[test]
    fn spans_of_days_add_up_like_a_walk_inside_and_outside_the_window() {
        let calendar = official();
        let mut rng = crate::domain::rng::Rng::new(7);
        // From 1998 to 2061: both edges of the window and beyond.
        let (low, high) = (at("1998-06-01 00:00"), at("2061-06-01 00:00"));
        for _ in 0..400 {
            let from = low + (rng.unit() * (high - low) as f64) as i64;
            let span = (rng.unit() * 400.0 * 86_400_000.0) as i64;
            let to = from + span;
            let worked = calendar.working_ms_between(from, to);
            assert_eq!(worked, walked_ms(&calendar, from, to), "{from} → {to}");
            if worked > 0 {
                // Adding the time worked lands where the last of it was worked.
                let due = calendar.add_working_ms(from, worked);
                assert!(due <= to && calendar.working_ms_between(from, due) == worked, "{from} + {worked}");
                assert_eq!(calendar.working_ms_between(due, to), 0);
            }
        }
    }
}
