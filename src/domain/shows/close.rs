//! Closing a show: one follow-up per lead, owned by the matched customer's account lead or
//! shared round-robin among the show's staff, due a number of days after the close by the lead's
//! temperature; and the "not yet contacted" queue those follow-ups form per owner.

use super::{Lead, Show, Temperature};
use crate::domain::date::Date;
use crate::domain::model::{Id, Interaction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The setting holding [`FollowUpDays`].
pub const SETTING_KEY: &str = "shows.follow_up_days";

/// Days from the close to a lead's follow-up, by temperature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpDays {
    pub hot: u16,
    pub warm: u16,
    pub cold: u16,
}

impl Default for FollowUpDays {
    fn default() -> FollowUpDays {
        FollowUpDays { hot: 2, warm: 7, cold: 30 }
    }
}

impl FollowUpDays {
    pub fn of(self, temperature: Temperature) -> u16 {
        match temperature {
            Temperature::Hot => self.hot,
            Temperature::Warm => self.warm,
            Temperature::Cold => self.cold,
        }
    }
}

/// The longest wait offered for a follow-up: a year.
pub const MAX_FOLLOW_UP_DAYS: u16 = 365;

/// [`FollowUpDays`] as typed in Settings → Trade shows: whole days per temperature, hottest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUpDaysDraft {
    pub hot: String,
    pub warm: String,
    pub cold: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DaysProblem {
    /// Not a whole number of days.
    NotWholeDays,
    /// More than [`MAX_FOLLOW_UP_DAYS`].
    TooMany,
    /// Sooner than a hotter lead's: a hotter lead never waits longer.
    SoonerThanHotter,
}

impl FollowUpDays {
    pub fn draft(&self) -> FollowUpDaysDraft {
        FollowUpDaysDraft { hot: self.hot.to_string(), warm: self.warm.to_string(), cold: self.cold.to_string() }
    }
}

impl FollowUpDaysDraft {
    /// What is typed for `temperature`.
    pub fn text(&self, temperature: Temperature) -> &str {
        match temperature {
            Temperature::Hot => &self.hot,
            Temperature::Warm => &self.warm,
            Temperature::Cold => &self.cold,
        }
    }

    /// The days this draft types, or each temperature's problem, hottest first.
    pub fn validate(&self) -> Result<FollowUpDays, Vec<(Temperature, DaysProblem)>> {
        let mut problems = Vec::new();
        let mut days = [0u16; 3];
        let mut hotter: Option<u16> = None;
        for (i, temperature) in Temperature::ALL.iter().copied().enumerate() {
            let text = crate::domain::fields::half_width_number(self.text(temperature), &['天', 'd']);
            let read = match text.parse::<u16>() {
                Ok(n) if n > MAX_FOLLOW_UP_DAYS => Err(DaysProblem::TooMany),
                Ok(n) if hotter.is_some_and(|h| n < h) => Err(DaysProblem::SoonerThanHotter),
                Ok(n) => Ok(n),
                Err(_) if text.chars().all(|c| c.is_ascii_digit()) && !text.is_empty() => Err(DaysProblem::TooMany),
                Err(_) => Err(DaysProblem::NotWholeDays),
            };
            match read {
                Ok(n) => {
                    days[i] = n;
                    hotter = Some(n);
                }
                Err(problem) => problems.push((temperature, problem)),
            }
        }
        if problems.is_empty() {
            Ok(FollowUpDays { hot: days[0], warm: days[1], cold: days[2] })
        } else {
            Err(problems)
        }
    }
}

/// One lead's follow-up as proposed, for the user to change before the close is committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub lead: Id,
    pub owner: Id,
    pub due: Date,
}

/// The follow-up of every lead of `show` not yet converted, in capture order: a lead matched to
/// a customer goes to its account lead (`owner_of`), the others round-robin over the show's
/// staff (the capturer when the show has none).
pub fn plan(
    show: &Show,
    leads: &[Lead],
    owner_of: impl Fn(Id) -> Option<Id>,
    days: FollowUpDays,
    today: Date,
) -> Vec<Assignment> {
    let mut open: Vec<&Lead> = leads.iter().filter(|l| l.show_id == show.id && l.converted.is_none()).collect();
    open.sort_by_key(|l| (l.captured_at, l.id));
    let mut turn = 0;
    open.into_iter()
        .map(|lead| {
            let owner = lead.customer_id.and_then(&owner_of).filter(|owner| *owner != 0).unwrap_or_else(|| match show
                .staff
                .get(turn % show.staff.len().max(1))
            {
                Some(staffer) => {
                    turn += 1;
                    *staffer
                }
                None => lead.captured_by,
            });
            Assignment { lead: lead.id, owner, due: today.add_days(i32::from(days.of(lead.temperature))) }
        })
        .collect()
}

/// Why a close cannot be committed as proposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseError {
    AlreadyClosed,
    NoLeads,
    /// An assignment names a lead of another show, or one already converted, or twice.
    UnknownLead(Id),
    /// An assignment has nobody to follow up.
    NoOwner(Id),
    /// Due before the day of the close.
    DueInPast(Id),
}

/// Checks `assignments` (as the user confirmed them) against the show and its leads.
pub fn check(show: &Show, leads: &[Lead], assignments: &[Assignment], today: Date) -> Result<(), CloseError> {
    if show.closed.is_some() {
        return Err(CloseError::AlreadyClosed);
    }
    if assignments.is_empty() {
        return Err(CloseError::NoLeads);
    }
    let mut seen = Vec::new();
    for a in assignments {
        let open = leads.iter().any(|l| l.id == a.lead && l.show_id == show.id && l.converted.is_none());
        if !open || seen.contains(&a.lead) {
            return Err(CloseError::UnknownLead(a.lead));
        }
        seen.push(a.lead);
        if a.owner == 0 {
            return Err(CloseError::NoOwner(a.lead));
        }
        if a.due < today {
            return Err(CloseError::DueInPast(a.lead));
        }
    }
    Ok(())
}

/// The converted leads of a show whose follow-up is still open, by owner (ascending id), each
/// owner's oldest due first: the people the show's visitors still wait for.
pub fn not_contacted<'a>(leads: &'a [Lead], interactions: &[Interaction]) -> BTreeMap<Id, Vec<(&'a Lead, Date)>> {
    let mut queue: BTreeMap<Id, Vec<(&Lead, Date)>> = BTreeMap::new();
    for lead in leads {
        let Some(conversion) = &lead.converted else { continue };
        let follow_up = interactions.iter().find(|i| i.id == conversion.follow_up_id);
        if let Some(Interaction { follow_up: Some(due), follow_up_done: false, .. }) = follow_up {
            queue.entry(conversion.owner).or_default().push((lead, *due));
        }
    }
    for leads in queue.values_mut() {
        leads.sort_by_key(|(lead, due)| (*due, lead.id));
    }
    queue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shows::Conversion;

    #[test]
    fn follow_up_days_typed_are_read_or_say_what_is_wrong() {
        use DaysProblem::*;
        use Temperature::*;
        let typed = |hot: &str, warm: &str, cold: &str| {
            FollowUpDaysDraft { hot: hot.into(), warm: warm.into(), cold: cold.into() }.validate()
        };
        let days = |hot, warm, cold| Ok(FollowUpDays { hot, warm, cold });
        for (draft, expected) in [
            (FollowUpDays::default().draft().validate(), days(2, 7, 30)),
            (typed("1", "3", "14"), days(1, 3, 14)),
            (typed(" ０ ", "0", "0"), days(0, 0, 0)),
            (typed("2天", "7 天", "365"), days(2, 7, 365)),
            (typed("2", "2", "2"), days(2, 2, 2)),
            (typed("", "7", "30"), Err(vec![(Hot, NotWholeDays)])),
            (typed("1.5", "7", "30"), Err(vec![(Hot, NotWholeDays)])),
            (typed("-1", "7", "30"), Err(vec![(Hot, NotWholeDays)])),
            (typed("2", "366", "400"), Err(vec![(Warm, TooMany), (Cold, TooMany)])),
            (typed("2", "7", "99999999"), Err(vec![(Cold, TooMany)])),
            (typed("7", "2", "30"), Err(vec![(Warm, SoonerThanHotter)])),
            (typed("2", "30", "7"), Err(vec![(Cold, SoonerThanHotter)])),
        ] {
            assert_eq!(draft, expected);
        }
    }

    fn lead(id: Id, at: i64, temperature: Temperature, customer: Option<Id>) -> Lead {
        Lead { id, show_id: 1, captured_by: 9, captured_at: at, temperature, customer_id: customer, ..Lead::default() }
    }

    #[test]
    fn follow_ups_go_to_the_customer_owner_or_round_robin_over_the_staff() {
        let today = Date::from_ymd(2026, 11, 28).unwrap();
        let show = Show { id: 1, staff: vec![5, 6], ..Show::default() };
        let leads = [
            lead(13, 3, Temperature::Cold, None),
            lead(11, 1, Temperature::Hot, None),
            lead(12, 2, Temperature::Warm, Some(100)),
            lead(14, 4, Temperature::Hot, Some(101)),
            lead(15, 5, Temperature::Warm, None),
            Lead { show_id: 2, ..lead(16, 0, Temperature::Hot, None) },
        ];
        let owner_of = |customer| (customer == 100).then_some(7);
        let planned: Vec<(Id, Id, i32)> = plan(&show, &leads, owner_of, FollowUpDays::default(), today)
            .iter()
            .map(|a| (a.lead, a.owner, a.due.days_since(today)))
            .collect();
        assert_eq!(planned, [(11, 5, 2), (12, 7, 7), (13, 6, 30), (14, 5, 2), (15, 6, 7)]);
        let alone = Show { staff: vec![], ..show.clone() };
        assert!(plan(&alone, &leads, owner_of, FollowUpDays::default(), today)
            .iter()
            .all(|a| a.owner == 9 || a.owner == 7));
    }

    #[test]
    fn a_close_is_checked_before_anything_is_written() {
        let today = Date::from_ymd(2026, 11, 28).unwrap();
        let show = Show { id: 1, ..Show::default() };
        let leads = [lead(11, 1, Temperature::Hot, None), lead(12, 2, Temperature::Hot, None)];
        let ok = |lead| Assignment { lead, owner: 5, due: today };
        let converted = [Lead { converted: Some(Conversion::default()), ..leads[0].clone() }];
        for (show, leads, assignments, expected) in [
            (&show, &leads[..], vec![ok(11), ok(12)], Ok(())),
            (&Show { closed: Some(today), ..show.clone() }, &leads[..], vec![ok(11)], Err(CloseError::AlreadyClosed)),
            (&show, &leads[..], vec![], Err(CloseError::NoLeads)),
            (&show, &leads[..], vec![ok(11), ok(11)], Err(CloseError::UnknownLead(11))),
            (&show, &leads[..], vec![ok(99)], Err(CloseError::UnknownLead(99))),
            (&show, &converted[..], vec![ok(11)], Err(CloseError::UnknownLead(11))),
            (&show, &leads[..], vec![Assignment { owner: 0, ..ok(12) }], Err(CloseError::NoOwner(12))),
            (&show, &leads[..], vec![Assignment { due: today.add_days(-1), ..ok(12) }], Err(CloseError::DueInPast(12))),
        ] {
            assert_eq!(check(show, leads, &assignments, today), expected, "{assignments:?}");
        }
    }

    #[test]
    fn the_queue_holds_open_follow_ups_by_owner() {
        let day = |d| Date::from_ymd(2026, 12, d);
        let converted = |id, owner, follow_up_id| Lead {
            id,
            converted: Some(Conversion { owner, follow_up_id, ..Conversion::default() }),
            ..Lead::default()
        };
        let leads =
            [converted(1, 5, 101), converted(2, 5, 102), converted(3, 6, 103), converted(4, 6, 104), Lead::default()];
        let interactions = [
            Interaction { id: 101, follow_up: day(9), ..Interaction::default() },
            Interaction { id: 102, follow_up: day(3), ..Interaction::default() },
            Interaction { id: 103, follow_up: day(3), follow_up_done: true, ..Interaction::default() },
            Interaction { id: 104, follow_up: day(30), ..Interaction::default() },
        ];
        let queue: Vec<(Id, Vec<Id>)> = not_contacted(&leads, &interactions)
            .into_iter()
            .map(|(owner, leads)| (owner, leads.iter().map(|(l, _)| l.id).collect()))
            .collect();
        assert_eq!(queue, [(5, vec![2, 1]), (6, vec![4])]);
    }
}
