//! Follow-ups as an iCalendar file (RFC 5545) for the user's phone or desktop calendar: one
//! all-day event per follow-up, optionally with a reminder at 9:00 that day.
//!
//! Each event's `UID` is derived from its interaction, so importing a newer export updates the
//! events instead of duplicating them in calendars that honour UIDs.

use super::{push_escaped, push_line};
use crate::domain::date::Date;
use crate::domain::model::Id;

/// One follow-up to put in the calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct FollowUpEvent {
    /// The interaction that asked for the follow-up.
    pub interaction_id: Id,
    pub date: Date,
    /// The title, composed by the caller in the user's language ("Follow up: 三一重工").
    pub summary: String,
    /// The interaction's notes.
    pub description: String,
    /// Whether to remind at 9:00 on the day.
    pub alarm: bool,
}

/// A moment in UTC, to the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    pub date: Date,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Timestamp {
    /// The UTC moment `ms` milliseconds after the Unix epoch (what `Date.now()` gives).
    pub fn from_unix_ms(ms: i64) -> Timestamp {
        let seconds = ms.div_euclid(1000);
        let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        Timestamp {
            date: Date::from_days(days as i32),
            hour: (second_of_day / 3600) as u8,
            minute: (second_of_day / 60 % 60) as u8,
            second: (second_of_day % 60) as u8,
        }
    }
}

/// The calendar: `stamp` (now, from the caller) is every event's `DTSTAMP`; `product_id` the
/// `PRODID`, e.g. `-//Kehu//Kehu 1.0//EN`.
pub fn follow_ups_ics(items: &[FollowUpEvent], stamp: Timestamp, product_id: &str) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, &format!("PRODID:{product_id}"));
    push_line(&mut out, "CALSCALE:GREGORIAN");
    let (y, m, d) = stamp.date.ymd();
    let dtstamp = format!("DTSTAMP:{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", stamp.hour, stamp.minute, stamp.second);
    for item in items {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:interaction-{}@kehu", item.interaction_id));
        push_line(&mut out, &dtstamp);
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", basic_date(item.date)));
        // DTEND is exclusive: a one-day event ends the next day.
        push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", basic_date(item.date.add_days(1))));
        text_property(&mut out, "SUMMARY", &item.summary);
        text_property(&mut out, "DESCRIPTION", &item.description);
        // An all-day reminder should not mark the whole day busy.
        push_line(&mut out, "TRANSP:TRANSPARENT");
        if item.alarm {
            push_line(&mut out, "BEGIN:VALARM");
            push_line(&mut out, "ACTION:DISPLAY");
            // A DISPLAY alarm must carry the text it shows.
            text_property(&mut out, "DESCRIPTION", &item.summary);
            // An all-day event starts at midnight local time: 9 hours later is 9:00 that day.
            push_line(&mut out, "TRIGGER:PT9H");
            push_line(&mut out, "END:VALARM");
        }
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// `YYYYMMDD`, the DATE form of RFC 5545.
fn basic_date(date: Date) -> String {
    let (y, m, d) = date.ymd();
    format!("{y:04}{m:02}{d:02}")
}

fn text_property(out: &mut String, name: &str, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    let mut line = format!("{name}:");
    push_escaped(&mut line, text.trim());
    push_line(out, &line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn event(id: Id, day: &str) -> FollowUpEvent {
        FollowUpEvent {
            interaction_id: id,
            date: date(day),
            summary: "Follow up: 三一重工".into(),
            description: String::new(),
            alarm: false,
        }
    }

    fn stamp() -> Timestamp {
        Timestamp { date: date("2024-03-05"), hour: 8, minute: 4, second: 9 }
    }

    fn lines(text: &str) -> Vec<&str> {
        text.strip_suffix("\r\n").unwrap().split("\r\n").collect()
    }

    #[test]
    fn a_calendar_with_one_event() {
        let mut item = event(42, "2024-03-20");
        item.description = "报价单已发; 等回复, 周五再打".into();
        item.alarm = true;
        assert_eq!(
            lines(&follow_ups_ics(&[item], stamp(), "-//Kehu//Kehu 1.0//EN")),
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Kehu//Kehu 1.0//EN",
                "CALSCALE:GREGORIAN",
                "BEGIN:VEVENT",
                "UID:interaction-42@kehu",
                "DTSTAMP:20240305T080409Z",
                "DTSTART;VALUE=DATE:20240320",
                "DTEND;VALUE=DATE:20240321",
                "SUMMARY:Follow up: 三一重工",
                r"DESCRIPTION:报价单已发\; 等回复\, 周五再打",
                "TRANSP:TRANSPARENT",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:Follow up: 三一重工",
                "TRIGGER:PT9H",
                "END:VALARM",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        );
    }

    #[test]
    fn no_alarm_and_no_description_when_not_given() {
        let text = follow_ups_ics(&[event(1, "2024-03-20")], stamp(), "p");
        assert!(!text.contains("VALARM"));
        assert!(!text.contains("DESCRIPTION"));
    }

    #[test]
    fn an_empty_calendar_is_still_a_calendar() {
        assert_eq!(
            lines(&follow_ups_ics(&[], stamp(), "p")),
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:p", "CALSCALE:GREGORIAN", "END:VCALENDAR"]
        );
    }

    #[test]
    fn all_day_events_end_the_next_day() {
        for (day, start, end) in [
            ("2024-03-20", "20240320", "20240321"),
            ("2024-01-31", "20240131", "20240201"),
            ("2024-02-28", "20240228", "20240229"),
            ("2023-02-28", "20230228", "20230301"),
            ("2024-12-31", "20241231", "20250101"),
            ("0999-12-31", "09991231", "10000101"),
        ] {
            let text = follow_ups_ics(&[event(1, day)], stamp(), "p");
            assert!(text.contains(&format!("\r\nDTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}\r\n")), "{day}");
        }
    }

    #[test]
    fn uids_are_stable_per_interaction() {
        let items = [event(7, "2024-03-20"), event(1_700_000_000_123, "2024-03-21")];
        let first = follow_ups_ics(&items, stamp(), "p");
        let later = Timestamp { date: date("2025-01-01"), ..stamp() };
        let second = follow_ups_ics(&items, later, "p");
        let uids = |text: &str| text.lines().filter(|l| l.starts_with("UID:")).map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(uids(&first), ["UID:interaction-7@kehu", "UID:interaction-1700000000123@kehu"]);
        assert_eq!(uids(&first), uids(&second));
        assert_ne!(first, second);
    }

    #[test]
    fn long_text_folds_and_escapes() {
        let mut item = event(3, "2024-03-20");
        item.description = "客户反馈:\n1. 发货单据晚了三天, 不满意\r\n2. 配件价格偏高; 要求九五折\\优惠".repeat(3);
        let text = follow_ups_ics(&[item.clone()], stamp(), "p");
        assert!(lines(&text).iter().all(|l| l.len() <= 75));
        let unfolded = text.replace("\r\n ", "");
        let description = unfolded.lines().find(|l| l.starts_with("DESCRIPTION:")).unwrap();
        let mut expected = String::from("DESCRIPTION:");
        push_escaped(&mut expected, &item.description);
        assert_eq!(description, expected);
        assert!(expected.contains(r"\n1. 发货单据晚了三天\, 不满意\n2. 配件价格偏高\; 要求九五折\\优惠"));
    }

    #[test]
    fn timestamps_from_unix_milliseconds() {
        for (ms, expected) in [
            (0, ("1970-01-01", 0, 0, 0)),
            (1_709_625_849_999, ("2024-03-05", 8, 4, 9)),
            (951_782_400_000, ("2000-02-29", 0, 0, 0)),
            (-1, ("1969-12-31", 23, 59, 59)),
        ] {
            let (day, hour, minute, second) = expected;
            assert_eq!(Timestamp::from_unix_ms(ms), Timestamp { date: date(day), hour, minute, second }, "{ms}");
        }
    }
}
