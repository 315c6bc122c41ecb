//! Calendar dates without a clock: the caller passes `today` in.
//!
//! Stored and exchanged as ISO `YYYY-MM-DD` strings, which sort like the dates they name,
//! so IndexedDB indexes over them order correctly.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A proleptic Gregorian date, counted in days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Shape,
    /// The month or day does not exist (e.g. 2023-02-29).
    OutOfRange,
}

impl Date {
    /// The date for a civil year, month (1–12) and day (1–31), if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// (year, month 1–12, day 1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn month(self) -> u32 {
        self.ymd().1
    }

    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// The same day `months` later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29).
    pub fn add_months(self, months: i32) -> Date {
        let (y, m, d) = self.ymd();
        let index = y * 12 + (m as i32 - 1) + months;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let day = d.min(days_in_month(year, month));
        Date(days_from_civil(year, month, day))
    }

    /// The month this date falls in.
    pub fn month_of(self) -> Month {
        let (y, m, _) = self.ymd();
        Month::new(y, m)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(DateError::Shape);
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = &text[range];
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DateError::Shape);
            }
            part.parse().map_err(|_| DateError::Shape)
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        Date::from_ymd(year as i32, month, day).ok_or(DateError::OutOfRange)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(|e| serde::de::Error::custom(format!("invalid date {text:?}: {e:?}")))
    }
}

/// A calendar month, counted from year 0 so months subtract and compare directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Month(i32);

impl Month {
    /// Month `month` (1–12) of `year`.
    pub fn new(year: i32, month: u32) -> Month {
        Month(year * 12 + month.clamp(1, 12) as i32 - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1–12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// Months from `earlier` to `self`.
    pub fn since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }

    pub fn first_day(self) -> Date {
        Date(days_from_civil(self.year(), self.month(), 1))
    }
}

/// `month + n` is the month `n` months later (earlier for negative `n`).
impl std::ops::Add<i32> for Month {
    type Output = Month;
    fn add(self, months: i32) -> Month {
        Month(self.0 + months)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's `days_from_civil`: exact for every proleptic Gregorian date.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn known_day_numbers() {
        for (text, days) in [
            ("1970-01-01", 0),
            ("1970-01-02", 1),
            ("1969-12-31", -1),
            ("2000-02-29", 11_016),
            ("2024-03-15", 19_797),
            ("2026-11-22", 20_779),
        ] {
            assert_eq!(d(text).days(), days, "{text}");
            assert_eq!(Date::from_days(days).to_string(), text);
        }
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = d("1900-01-01").days();
        let mut previous = None;
        for days in start..start + 146_097 {
            let date = Date::from_days(days);
            let (y, m, dd) = date.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(date));
            if let Some(p) = previous {
                assert!(date > p);
            }
            previous = Some(date);
        }
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for (text, error) in [
            ("2023-02-29", DateError::OutOfRange),
            ("2023-13-01", DateError::OutOfRange),
            ("2023-00-10", DateError::OutOfRange),
            ("2023-04-31", DateError::OutOfRange),
            ("2023-4-01", DateError::Shape),
            ("20230401", DateError::Shape),
            ("2023-04-0x", DateError::Shape),
            ("", DateError::Shape),
            ("２０２３-04-01", DateError::Shape),
        ] {
            assert_eq!(Date::parse(text), Err(error), "{text:?}");
        }
    }

    #[test]
    fn leap_years() {
        for (year, leap) in [(1900, false), (2000, true), (2023, false), (2024, true), (2100, false)] {
            assert_eq!(is_leap_year(year), leap, "{year}");
        }
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        for (from, months, to) in [
            ("2024-01-31", 1, "2024-02-29"),
            ("2023-01-31", 1, "2023-02-28"),
            ("2023-12-15", 1, "2024-01-15"),
            ("2024-03-31", -1, "2024-02-29"),
            ("2024-01-15", -13, "2022-12-15"),
            ("2024-05-10", 0, "2024-05-10"),
        ] {
            assert_eq!(d(from).add_months(months), d(to), "{from} + {months}");
        }
    }

    #[test]
    fn months_count_and_display() {
        let jan = Month::new(2024, 1);
        assert_eq!((jan + -1).to_string(), "2023-12");
        assert_eq!((jan + 14).to_string(), "2025-03");
        assert_eq!(Month::new(2025, 3).since(jan), 14);
        assert_eq!(d("2024-07-19").month_of(), Month::new(2024, 7));
        assert_eq!(Month::new(2024, 2).first_day(), d("2024-02-01"));
    }

    #[test]
    fn day_differences() {
        assert_eq!(d("2024-03-01").days_since(d("2024-02-01")), 29);
        assert_eq!(d("2024-02-01").days_since(d("2024-03-01")), -29);
        assert_eq!(d("2024-02-28").add_days(2), d("2024-03-01"));
    }
}
