//! The maintenance programmes as the settings form types them: per model, each interval's name,
//! hours, months and kit (one part a line, `SY-63823-01 × 2`; a line without a quantity takes
//! one), each problem at its input.
//!
//! - A model is required and has one programme; an interval's name is required and unique
//!   within its programme.
//! - Hours 0–[`MAX_INTERVAL_HOURS`], months 0–[`MAX_INTERVAL_MONTHS`], empty is 0; at least one
//!   of the two is set.
//! - Every kit part is in the parts catalogue, at most once, 1–[`MAX_KIT_QUANTITY`] of it.

use super::maintenance::{same_name, Interval, KitLine, MaintenanceSettings, Programme};
use crate::domain::fields::{half_width_number, text_problem, FormError, MAX_TEXT};

pub const MAX_INTERVAL_HOURS: u32 = 20_000;
pub const MAX_INTERVAL_MONTHS: u32 = 120;
pub const MAX_KIT_QUANTITY: u32 = 999;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntervalDraft {
    pub name: String,
    pub hours: String,
    pub months: String,
    pub kit: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgrammeDraft {
    pub model: String,
    pub intervals: Vec<IntervalDraft>,
}

/// Which input a problem is at: programme `.0`'s model, or its interval `.1`'s inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaintenanceField {
    Model(usize),
    Name(usize, usize),
    Hours(usize, usize),
    Months(usize, usize),
    Kit(usize, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaintenanceError {
    Form(FormError),
    /// Another programme (or interval of the programme) has this name.
    Duplicate,
    /// Neither hours nor months.
    NoLimit,
    /// Kit line `line` (from 1) reads as no part number and quantity.
    KitUnreadable {
        line: usize,
    },
    /// Kit line `line`'s part is not in the catalogue.
    KitUnknownPart {
        line: usize,
    },
    /// Kit line `line`'s part is on an earlier line too.
    KitRepeated {
        line: usize,
    },
    /// Kit line `line`'s quantity is out of 1–[`MAX_KIT_QUANTITY`].
    KitQuantity {
        line: usize,
    },
}

pub type MaintenanceProblem = (MaintenanceField, MaintenanceError);

/// The drafts of `settings`, as the form opens them.
pub fn drafts(settings: &MaintenanceSettings) -> Vec<ProgrammeDraft> {
    let number = |n: u32| if n == 0 { String::new() } else { n.to_string() };
    settings
        .programmes
        .iter()
        .map(|p| ProgrammeDraft {
            model: p.model.clone(),
            intervals: p
                .intervals
                .iter()
                .map(|i| IntervalDraft {
                    name: i.name.clone(),
                    hours: number(i.hours),
                    months: number(i.months),
                    kit: i
                        .kit
                        .iter()
                        .map(|l| format!("{} × {}", l.part_number, l.quantity))
                        .collect::<Vec<_>>()
                        .join("\n"),
                })
                .collect(),
        })
        .collect()
}

/// A whole number typed in any width, with `unit` letters after it and digit groups; empty is 0.
fn whole(text: &str, units: &[char], max: u32) -> Result<u32, FormError> {
    let typed: String = half_width_number(text, units).chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect();
    if typed.is_empty() {
        return Ok(0);
    }
    let range = FormError::OutOfRange { min: 0, max };
    if typed.len() > 9 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(range);
    }
    typed.parse::<u32>().ok().filter(|n| *n <= max).ok_or(range)
}

/// One kit line as typed: the part number and the quantity (`None` when unreadable).
fn kit_line(line: &str) -> Option<(String, Option<u32>)> {
    let line: String = line
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    let digits = line.len() - line.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, tail) = line.split_at(line.len() - digits);
    // A quantity follows a separator; digits right after the number's own dash are the number.
    let separated = head.trim_end();
    let (number, quantity) = match separated.strip_suffix(['×', '*', 'x', 'X']) {
        Some(number)
            if digits > 0 && (number.ends_with(' ') || separated.ends_with('×') || separated.ends_with('*')) =>
        {
            (number.trim(), Some(tail.parse::<u32>().ok()))
        }
        _ if digits > 0 && head.ends_with(' ') => (separated, Some(tail.parse::<u32>().ok())),
        _ => (line.as_str(), None),
    };
    if number.is_empty() || number.contains(char::is_whitespace) {
        return None;
    }
    Some((number.to_owned(), quantity.unwrap_or(Some(1))))
}

/// The kit typed, or its problem; `parts` holds the catalogue's part numbers.
fn kit(text: &str, parts: &[&str]) -> Result<Vec<KitLine>, MaintenanceError> {
    let mut kit: Vec<KitLine> = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let line_no = i + 1;
        let (number, quantity) = kit_line(line).ok_or(MaintenanceError::KitUnreadable { line: line_no })?;
        let stored =
            parts.iter().find(|p| same_name(p, &number)).ok_or(MaintenanceError::KitUnknownPart { line: line_no })?;
        let quantity = quantity
            .filter(|q| (1..=MAX_KIT_QUANTITY).contains(q))
            .ok_or(MaintenanceError::KitQuantity { line: line_no })?;
        if kit.iter().any(|l| same_name(&l.part_number, stored)) {
            return Err(MaintenanceError::KitRepeated { line: line_no });
        }
        kit.push(KitLine { part_number: (*stored).to_owned(), quantity });
    }
    Ok(kit)
}

fn name_problem(text: &str) -> Option<FormError> {
    if text.trim().is_empty() {
        Some(FormError::Required)
    } else {
        text_problem(text, MAX_TEXT)
    }
}

/// The settings the drafts make, or every problem; `parts` holds the catalogue's part numbers.
pub fn validate(drafts: &[ProgrammeDraft], parts: &[&str]) -> Result<MaintenanceSettings, Vec<MaintenanceProblem>> {
    let mut problems = Vec::new();
    let mut programmes = Vec::new();
    for (p, draft) in drafts.iter().enumerate() {
        if let Some(error) = name_problem(&draft.model) {
            problems.push((MaintenanceField::Model(p), MaintenanceError::Form(error)));
        } else if drafts[..p].iter().any(|other| same_name(&other.model, &draft.model)) {
            problems.push((MaintenanceField::Model(p), MaintenanceError::Duplicate));
        }
        let mut intervals = Vec::new();
        for (i, typed) in draft.intervals.iter().enumerate() {
            if let Some(error) = name_problem(&typed.name) {
                problems.push((MaintenanceField::Name(p, i), MaintenanceError::Form(error)));
            } else if draft.intervals[..i].iter().any(|other| same_name(&other.name, &typed.name)) {
                problems.push((MaintenanceField::Name(p, i), MaintenanceError::Duplicate));
            }
            let hours = whole(&typed.hours, &['h', 'H', '小', '时'], MAX_INTERVAL_HOURS);
            let months = whole(&typed.months, &['个', '月'], MAX_INTERVAL_MONTHS);
            match (hours, months) {
                (Err(error), _) => problems.push((MaintenanceField::Hours(p, i), MaintenanceError::Form(error))),
                (Ok(0), Ok(0)) => problems.push((MaintenanceField::Hours(p, i), MaintenanceError::NoLimit)),
                _ => {}
            }
            if let Err(error) = months {
                problems.push((MaintenanceField::Months(p, i), MaintenanceError::Form(error)));
            }
            let kit = kit(&typed.kit, parts).unwrap_or_else(|error| {
                problems.push((MaintenanceField::Kit(p, i), error));
                Vec::new()
            });
            intervals.push(Interval {
                name: typed.name.trim().to_owned(),
                hours: hours.unwrap_or(0),
                months: months.unwrap_or(0),
                kit,
            });
        }
        programmes.push(Programme { model: draft.model.trim().to_owned(), intervals });
    }
    if problems.is_empty() {
        Ok(MaintenanceSettings { programmes })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTS: &[&str] = &["SY-63823-01", "XG-69410-03", "SY-70742-01"];

    fn draft(model: &str, intervals: &[(&str, &str, &str, &str)]) -> ProgrammeDraft {
        ProgrammeDraft {
            model: model.into(),
            intervals: intervals
                .iter()
                .map(|&(name, hours, months, kit)| IntervalDraft {
                    name: name.into(),
                    hours: hours.into(),
                    months: months.into(),
                    kit: kit.into(),
                })
                .collect(),
        }
    }

    #[test]
    fn kit_lines_as_people_type_them() {
        for (typed, expected) in [
            ("SY-63823-01", Some(("SY-63823-01", Some(1)))),
            ("SY-63823-01 × 2", Some(("SY-63823-01", Some(2)))),
            ("SY-63823-01×2", Some(("SY-63823-01", Some(2)))),
            ("SY-63823-01 x 3", Some(("SY-63823-01", Some(3)))),
            ("SY-63823-01 *4", Some(("SY-63823-01", Some(4)))),
            ("SY-63823-01 5", Some(("SY-63823-01", Some(5)))),
            ("ＳＹ-63823-01 ×２", Some(("SY-63823-01", Some(2)))),
            ("XG-69410-03 X 2", Some(("XG-69410-03", Some(2)))),
            ("XG-69410-03", Some(("XG-69410-03", Some(1)))),
            ("SY-63823-01 × 99999999999", Some(("SY-63823-01", None))),
            ("oil filter 2", None),
        ] {
            let found = kit_line(typed);
            let expected = expected.map(|(n, q)| (n.to_owned(), q));
            assert_eq!(found, expected, "{typed:?}");
        }
    }

    #[test]
    fn drafts_round_trip_the_defaults() {
        let defaults = MaintenanceSettings::default();
        let parts: Vec<&str> = defaults
            .programmes
            .iter()
            .flat_map(|p| &p.intervals)
            .flat_map(|i| &i.kit)
            .map(|l| l.part_number.as_str())
            .collect();
        assert_eq!(validate(&drafts(&defaults), &parts), Ok(defaults));
    }

    #[test]
    fn every_problem_at_its_input() {
        let required = MaintenanceError::Form(FormError::Required);
        for (drafts, expected) in [
            (
                vec![draft(" sy215c ", &[("500 h", "500 h", "6", "sy-63823-01 × 2\n\nSY-70742-01")])],
                Ok(MaintenanceSettings {
                    programmes: vec![Programme {
                        model: "sy215c".into(),
                        intervals: vec![Interval {
                            name: "500 h".into(),
                            hours: 500,
                            months: 6,
                            kit: vec![
                                KitLine { part_number: "SY-63823-01".into(), quantity: 2 },
                                KitLine { part_number: "SY-70742-01".into(), quantity: 1 },
                            ],
                        }],
                    }],
                }),
            ),
            (
                vec![draft("", &[("", "", "", "")]), draft("SY215C", &[]), draft("sy215c ", &[])],
                Err(vec![
                    (MaintenanceField::Model(0), required),
                    (MaintenanceField::Name(0, 0), required),
                    (MaintenanceField::Hours(0, 0), MaintenanceError::NoLimit),
                    (MaintenanceField::Model(2), MaintenanceError::Duplicate),
                ]),
            ),
            (
                vec![draft(
                    "SY215C",
                    &[
                        ("500 h", "-5", "abc", "SY-00000-01"),
                        ("500 H", "20001", "121", "SY-63823-01 × 0"),
                        ("1,000 h", "1,000", "", "SY-63823-01\nSY-63823-01 × 2"),
                        ("2,000 h", "2000", "12", "SY-63823-01\noil filter 2"),
                    ],
                )],
                Err(vec![
                    (
                        MaintenanceField::Hours(0, 0),
                        MaintenanceError::Form(FormError::OutOfRange { min: 0, max: 20_000 }),
                    ),
                    (
                        MaintenanceField::Months(0, 0),
                        MaintenanceError::Form(FormError::OutOfRange { min: 0, max: 120 }),
                    ),
                    (MaintenanceField::Kit(0, 0), MaintenanceError::KitUnknownPart { line: 1 }),
                    (MaintenanceField::Name(0, 1), MaintenanceError::Duplicate),
                    (
                        MaintenanceField::Hours(0, 1),
                        MaintenanceError::Form(FormError::OutOfRange { min: 0, max: 20_000 }),
                    ),
                    (
                        MaintenanceField::Months(0, 1),
                        MaintenanceError::Form(FormError::OutOfRange { min: 0, max: 120 }),
                    ),
                    (MaintenanceField::Kit(0, 1), MaintenanceError::KitQuantity { line: 1 }),
                    (MaintenanceField::Kit(0, 2), MaintenanceError::KitRepeated { line: 2 }),
                    (MaintenanceField::Kit(0, 3), MaintenanceError::KitUnreadable { line: 2 }),
                ]),
            ),
        ] {
            assert_eq!(validate(&drafts, PARTS), expected, "{drafts:?}");
        }
    }
}
