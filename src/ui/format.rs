//! Locale-aware formatting for views: numeric rules live in `domain::money`, words in `i18n`.

use crate::domain::date::{Date, Month};
use crate::i18n::{args, Locale, Tr};
use crate::state::browser;

/// `22 Nov 2026` / `2026年11月22日`.
pub fn date(tr: Tr, date: Date) -> String {
    let (year, month, day) = date.ymd();
    tr.date_long(args::DateLong { day, month: month_name(tr, month), year })
}

/// `Nov 2026` / `2026年11月`.
pub fn month(tr: Tr, month: Month) -> String {
    tr.month_year(args::MonthYear { month: month_name(tr, month.month()), year: month.year() })
}

/// The short name of month 1–12.
fn month_name(tr: Tr, month: u32) -> &'static str {
    match month {
        1 => tr.month_1(),
        2 => tr.month_2(),
        3 => tr.month_3(),
        4 => tr.month_4(),
        5 => tr.month_5(),
        6 => tr.month_6(),
        7 => tr.month_7(),
        8 => tr.month_8(),
        9 => tr.month_9(),
        10 => tr.month_10(),
        11 => tr.month_11(),
        _ => tr.month_12(),
    }
}

/// A moment in the device's time zone: its day and `HH:MM`.
pub struct LocalTime {
    pub date: Date,
    pub clock: String,
}

pub fn local_time(at_ms: i64) -> LocalTime {
    let moment = js_sys::Date::new(&(at_ms as f64).into());
    LocalTime {
        date: browser::local_day(at_ms),
        clock: format!("{:02}:{:02}", moment.get_hours(), moment.get_minutes()),
    }
}

/// When `at_ms` was, for a stored value's author line: the time of day when it was today, the
/// date too when it was not (another device's change may be days old).
pub fn moment(tr: Tr, at_ms: i64) -> String {
    let then = local_time(at_ms);
    if then.date == local_time(js_sys::Date::now() as i64).date {
        then.clock
    } else {
        format!("{} {}", date(tr, then.date), then.clock)
    }
}

/// Between the items of a list in running text (`挖掘机、装载机`, `excavators, loaders`).
pub fn list_separator(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "、",
        Locale::En => ", ",
    }
}

/// Between clauses that each say something (reasons, suggestions).
pub fn clause_separator(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "；",
        Locale::En => "; ",
    }
}

/// A margin as a percentage of revenue, `12.5 %`; a dash without revenue.
pub fn margin_percent(percent: Option<f64>) -> String {
    percent.map_or_else(|| "–".to_owned(), |p| format!("{p:.1} %"))
}
