//! The installed base's records (docs/domain.md §5): the machine form's draft, its validation (each
//! problem tied to its field, so a form shows it under the input and an imported row under its
//! column), the machine a valid draft stores, the machines list's search, and a machine's
//! audited fields (under `machines/<id>`).
//!
//! - The serial is required and unique in the workspace, compared with case and width folded.
//! - The model is free text: a model the catalogue does not know is still a machine in the
//!   field, and parts that fit it by name get its demand.
//! - The customer is optional (a dealer's own demonstration machine has none); when given it
//!   must name a stored customer.
//! - The delivery date (`YYYY-MM-DD`) is required and not in the future: a machine works from
//!   the month after it, and without it the drivers cannot count the machine.
//! - Running hours 0–[`MAX_HOURS`] and hours per month 0–[`MAX_HOURS_PER_MONTH`], whole numbers.

use crate::domain::audit::{AuditField, Audited, TargetKind};
use crate::domain::date::Date;
use crate::domain::fields::{text_problem, FormError, MAX_TEXT};
use crate::domain::import::fold_case_and_width;
use crate::domain::model::{Id, Machine, MachineStatus};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Running hours a machine can have clocked: 30 years around the clock.
pub const MAX_HOURS: u32 = 262_800;
/// Hours in the longest month.
pub const MAX_HOURS_PER_MONTH: u32 = 744;

/// Which input (or imported column) a problem belongs to: the machine's fields, as audited.
pub use crate::domain::audit::MachineField;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineError {
    Form(FormError),
    /// Another machine has this serial.
    DuplicateSerial,
    /// No stored customer has this name.
    UnknownCustomer,
    /// Not a `YYYY-MM-DD` date.
    InvalidDate,
    FutureDate,
    /// Not one of active, idle, scrapped (an imported cell).
    UnknownStatus,
}

pub type MachineProblems = Vec<(MachineField, MachineError)>;

/// The machine as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MachineDraft {
    pub serial: String,
    pub model: String,
    /// The customer's name.
    pub customer: String,
    pub delivered: String,
    pub hours: String,
    pub hours_per_month: String,
    pub status: MachineStatus,
}

impl MachineDraft {
    /// A draft showing a stored machine; `customer_name` names its customer. Zero hours show
    /// as an empty input (what empty reads as).
    pub fn of(machine: &Machine, customer_name: &str) -> MachineDraft {
        let hours = |n: u32| if n == 0 { String::new() } else { n.to_string() };
        MachineDraft {
            serial: machine.serial.clone(),
            model: machine.model.clone(),
            customer: customer_name.to_owned(),
            delivered: machine.delivered.map(|d| d.to_string()).unwrap_or_default(),
            hours: hours(machine.hours),
            hours_per_month: hours(machine.hours_per_month),
            status: machine.status,
        }
    }
}

/// What a draft is checked against: the workspace's serials and customers.
#[derive(Clone, Debug, Default)]
pub struct MachineRegister {
    serials: HashMap<String, Id>,
    customers: HashMap<String, Id>,
}

impl MachineRegister {
    pub fn new<'a>(
        machines: impl IntoIterator<Item = (Id, &'a str)>,
        customers: impl IntoIterator<Item = (Id, &'a str)>,
    ) -> MachineRegister {
        MachineRegister {
            serials: machines.into_iter().map(|(id, serial)| (fold_case_and_width(serial), id)).collect(),
            customers: customers.into_iter().map(|(id, name)| (fold_case_and_width(name), id)).collect(),
        }
    }

    /// The machine holding `serial`.
    pub fn serial_holder(&self, serial: &str) -> Option<Id> {
        self.serials.get(&fold_case_and_width(serial)).copied()
    }

    /// Takes `serial` for machine `id` (so a second row of one import with it is a duplicate).
    pub fn claim(&mut self, serial: &str, id: Id) {
        self.serials.insert(fold_case_and_width(serial), id);
    }

    pub fn customer(&self, name: &str) -> Option<Id> {
        self.customers.get(&fold_case_and_width(name)).copied()
    }
}

fn number(text: &str, max: u32) -> Result<u32, MachineError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    let out_of_range = MachineError::Form(FormError::OutOfRange { min: 0, max });
    let digits: String = text.chars().filter(|&c| c != ',').collect();
    match digits.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(out_of_range),
    }
}

/// The machine a draft stores (`base` gives its id), or every problem in form order, at most
/// one per field. `base` is the machine being edited or the new one (its own serial is no
/// duplicate).
pub fn check(
    draft: &MachineDraft,
    base: &Machine,
    register: &MachineRegister,
    today: Date,
) -> Result<Machine, MachineProblems> {
    let mut problems: MachineProblems = Vec::new();
    let mut add = |field, error| {
        if !problems.iter().any(|(f, _)| *f == field) {
            problems.push((field, error));
        }
    };
    let serial = draft.serial.trim();
    if let Some(error) = text_problem(serial, MAX_TEXT) {
        add(MachineField::Serial, MachineError::Form(error));
    } else if serial.is_empty() {
        add(MachineField::Serial, MachineError::Form(FormError::Required));
    } else if register.serial_holder(serial).is_some_and(|holder| holder != base.id) {
        add(MachineField::Serial, MachineError::DuplicateSerial);
    }
    let model = draft.model.trim();
    if let Some(error) = text_problem(model, MAX_TEXT) {
        add(MachineField::Model, MachineError::Form(error));
    } else if model.is_empty() {
        add(MachineField::Model, MachineError::Form(FormError::Required));
    }
    let customer_name = draft.customer.trim();
    let customer = if customer_name.is_empty() { Some(0) } else { register.customer(customer_name) };
    if customer.is_none() {
        add(MachineField::Customer, MachineError::UnknownCustomer);
    }
    let delivered = match Date::parse(draft.delivered.trim()) {
        Ok(date) if date > today => {
            add(MachineField::Delivered, MachineError::FutureDate);
            None
        }
        Ok(date) => Some(date),
        Err(_) if draft.delivered.trim().is_empty() => {
            add(MachineField::Delivered, MachineError::Form(FormError::Required));
            None
        }
        Err(_) => {
            add(MachineField::Delivered, MachineError::InvalidDate);
            None
        }
    };
    let hours = number(&draft.hours, MAX_HOURS).map_err(|e| add(MachineField::Hours, e)).unwrap_or(0);
    let hours_per_month = number(&draft.hours_per_month, MAX_HOURS_PER_MONTH)
        .map_err(|e| add(MachineField::HoursPerMonth, e))
        .unwrap_or(0);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Machine {
        id: base.id,
        serial: serial.to_owned(),
        model: model.to_owned(),
        customer_id: customer.unwrap_or(0),
        delivered,
        hours,
        hours_per_month,
        status: draft.status,
    })
}

/// The status a cell names: its stored name, or the English or Chinese word.
pub fn parse_status(text: &str) -> Option<MachineStatus> {
    let folded = fold_case_and_width(text);
    match folded.as_str() {
        "" | "active" | "在用" | "运行" | "正常" => Some(MachineStatus::Active),
        "idle" | "闲置" | "停用" => Some(MachineStatus::Idle),
        "scrapped" | "报废" => Some(MachineStatus::Scrapped),
        _ => None,
    }
}

/// The audit target of machine `id`.
pub fn machine_target(id: Id) -> String {
    TargetKind::Machine.target(id)
}

impl Audited for Machine {
    fn fields(&self) -> Vec<(AuditField, String)> {
        use MachineField as F;
        [
            (F::Serial, self.serial.clone()),
            (F::Model, self.model.clone()),
            (F::Customer, if self.customer_id == 0 { String::new() } else { self.customer_id.to_string() }),
            (F::Delivered, self.delivered.map(|d| d.to_string()).unwrap_or_default()),
            (F::Hours, self.hours.to_string()),
            (F::HoursPerMonth, self.hours_per_month.to_string()),
            (F::Status, self.status.as_str().to_owned()),
        ]
        .into_iter()
        .map(|(field, value)| (AuditField::Machine(field), value))
        .collect()
    }
}

/// Indexes of the `machines` whose serial, model or customer name (`customer_name` of its id)
/// holds every term of `text` (case and width folded), in serial order.
pub fn search(machines: &[Machine], customer_name: impl Fn(Id) -> String, text: &str) -> Vec<usize> {
    let terms: Vec<String> = text.split_whitespace().map(fold_case_and_width).collect();
    let mut found: Vec<usize> = (0..machines.len())
        .filter(|&i| {
            let m = &machines[i];
            let haystack = fold_case_and_width(&format!("{}\n{}\n{}", m.serial, m.model, customer_name(m.customer_id)));
            terms.iter().all(|t| haystack.contains(t.as_str()))
        })
        .collect();
    found.sort_by(|&a, &b| machines[a].serial.cmp(&machines[b].serial));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::diff;

    fn today() -> Date {
        Date::from_ymd(2025, 6, 30).unwrap()
    }

    fn register() -> MachineRegister {
        MachineRegister::new([(7, "SY215C-2024-00001")], [(3, "长沙中联重科工程机械有限公司"), (4, "Acme Mining")])
    }

    fn draft() -> MachineDraft {
        MachineDraft {
            serial: " SY215C-2025-00042 ".into(),
            model: "SY215C".into(),
            customer: "acme mining".into(),
            delivered: "2025-03-15".into(),
            hours: "1,250".into(),
            hours_per_month: "160".into(),
            status: MachineStatus::Active,
        }
    }

    fn new_machine() -> Machine {
        Machine { id: 99, ..Machine::default() }
    }

    #[test]
    fn a_valid_draft_stores_the_machine() {
        let machine = check(&draft(), &new_machine(), &register(), today()).unwrap();
        assert_eq!(
            machine,
            Machine {
                id: 99,
                serial: "SY215C-2025-00042".into(),
                model: "SY215C".into(),
                customer_id: 4,
                delivered: Date::from_ymd(2025, 3, 15),
                hours: 1_250,
                hours_per_month: 160,
                status: MachineStatus::Active,
            }
        );
        // No customer, an unknown model and empty numbers are fine.
        let bare = MachineDraft { customer: " ".into(), model: "XYZ-9".into(), hours: "".into(), ..draft() };
        let machine = check(&bare, &new_machine(), &register(), today()).unwrap();
        assert_eq!((machine.customer_id, machine.hours, machine.model.as_str()), (0, 0, "XYZ-9"));
        // The stored draft reads back as typed, zero hours as nothing typed.
        let shown = MachineDraft::of(&machine, "");
        assert_eq!(
            (shown.delivered.as_str(), shown.hours.as_str(), shown.hours_per_month.as_str()),
            ("2025-03-15", "", "160")
        );
    }

    #[test]
    fn every_problem_is_tied_to_its_field() {
        use MachineError::*;
        use MachineField as F;
        let range = |max| Form(FormError::OutOfRange { min: 0, max });
        let cases: Vec<(MachineDraft, Vec<(MachineField, MachineError)>)> = vec![
            (MachineDraft { serial: "sy215c-2024-00001".into(), ..draft() }, vec![(F::Serial, DuplicateSerial)]),
            (MachineDraft { serial: "  ".into(), ..draft() }, vec![(F::Serial, Form(FormError::Required))]),
            (MachineDraft { model: "".into(), ..draft() }, vec![(F::Model, Form(FormError::Required))]),
            (MachineDraft { customer: "Nobody Ltd".into(), ..draft() }, vec![(F::Customer, UnknownCustomer)]),
            (MachineDraft { delivered: "15/03/2025".into(), ..draft() }, vec![(F::Delivered, InvalidDate)]),
            (MachineDraft { delivered: "2025-02-30".into(), ..draft() }, vec![(F::Delivered, InvalidDate)]),
            (MachineDraft { delivered: "2025-07-01".into(), ..draft() }, vec![(F::Delivered, FutureDate)]),
            (MachineDraft { delivered: "".into(), ..draft() }, vec![(F::Delivered, Form(FormError::Required))]),
            (MachineDraft { hours: "12.5".into(), ..draft() }, vec![(F::Hours, range(MAX_HOURS))]),
            (MachineDraft { hours: "-3".into(), ..draft() }, vec![(F::Hours, range(MAX_HOURS))]),
            (MachineDraft { hours_per_month: "745".into(), ..draft() }, vec![(F::HoursPerMonth, range(744))]),
            (
                MachineDraft { serial: "".into(), delivered: "soon".into(), hours_per_month: "x".into(), ..draft() },
                vec![
                    (F::Serial, Form(FormError::Required)),
                    (F::Delivered, InvalidDate),
                    (F::HoursPerMonth, range(744)),
                ],
            ),
        ];
        for (draft, expected) in cases {
            assert_eq!(check(&draft, &new_machine(), &register(), today()), Err(expected), "{draft:?}");
        }
        // Editing machine 7 keeps its own serial; a claimed serial is taken.
        let own = MachineDraft { serial: "SY215C-2024-00001".into(), ..draft() };
        assert!(check(&own, &Machine { id: 7, ..Machine::default() }, &register(), today()).is_ok());
        let mut register = register();
        register.claim("SY215C-2025-00042", 98);
        assert_eq!(check(&draft(), &new_machine(), &register, today()), Err(vec![(F::Serial, DuplicateSerial)]));
    }

    #[test]
    fn statuses_read_in_either_language() {
        for (text, status) in [
            ("", Some(MachineStatus::Active)),
            ("Active", Some(MachineStatus::Active)),
            ("闲置", Some(MachineStatus::Idle)),
            ("SCRAPPED", Some(MachineStatus::Scrapped)),
            ("报废", Some(MachineStatus::Scrapped)),
            ("sold", None),
        ] {
            assert_eq!(parse_status(text), status, "{text}");
        }
    }

    #[test]
    fn changes_are_audited_by_field() {
        let before = check(&draft(), &new_machine(), &register(), today()).unwrap();
        let after = Machine { hours: 1_400, status: MachineStatus::Idle, ..before.clone() };
        let changes: Vec<(String, String, String)> =
            diff(Some(&before), Some(&after)).into_iter().map(|c| (c.field, c.before, c.after)).collect();
        assert_eq!(
            changes,
            [
                ("hours".to_owned(), "1250".to_owned(), "1400".to_owned()),
                ("status".to_owned(), "active".to_owned(), "idle".to_owned()),
            ]
        );
        assert_eq!(machine_target(99), "machines/99");
    }

    #[test]
    fn search_matches_serial_model_and_customer() {
        let machines = [
            Machine { serial: "B-2".into(), model: "SY215C".into(), customer_id: 4, ..Machine::default() },
            Machine { serial: "A-1".into(), model: "XE60".into(), customer_id: 3, ..Machine::default() },
            Machine { serial: "C-3".into(), model: "SY215C".into(), customer_id: 0, ..Machine::default() },
        ];
        let name = |id: Id| match id {
            3 => "长沙中联".to_owned(),
            4 => "Acme Mining".to_owned(),
            _ => String::new(),
        };
        assert_eq!(search(&machines, name, ""), [1, 0, 2]);
        assert_eq!(search(&machines, name, "sy215c"), [0, 2]);
        assert_eq!(search(&machines, name, "ACME ｓｙ215"), [0]);
        assert_eq!(search(&machines, name, "中联"), [1]);
        assert!(search(&machines, name, "zzz").is_empty());
    }
}
