//! The show report: what each show, and each person who captured at a booth, brought in — leads,
//! duplicates caught, how many were contacted, the opportunities opened and their value, and
//! what a lead and a won deal cost.
//!
//! The rules, from what is stored:
//! - A lead is a **duplicate caught** when it was attached to an existing customer or contact as
//!   it was captured (`customer_id`), or an earlier lead (any show, captured before it) has its
//!   mobile number: the visitor was recognised at the booth instead of being entered twice.
//! - A lead is **contacted** when the follow-up its show's close made is done, or when its
//!   customer (the one it became, else the one it matched) has another interaction dated after
//!   the day the lead was captured, on the device's calendar (`day_of`: a lead taken at 07:00 in
//!   Beijing is that day's, not the UTC day before). A lead of an open show is contacted only by
//!   the latter.
//! - **Opportunities** are those the close opened from the leads' interests; **pipeline** sums
//!   the value of those still open, **won** of those won. One deleted since counts as opened,
//!   with no value.
//! - **Cost**: a show's cost. A person's share of it is the show's cost times their share of its
//!   leads, so the people's costs add up to the costs of the shows they captured at. Cost per lead
//!   and per won deal are that cost divided by the count, none when the count is zero.

use super::{Lead, Show};
use crate::domain::date::Date;
use crate::domain::model::{FunnelStage, Id, Interaction, Opportunity};
use crate::domain::money::Cny;
use std::collections::{BTreeMap, HashMap};

/// The figures of one row of the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub leads: usize,
    pub duplicates: usize,
    pub contacted: usize,
    pub opportunities: usize,
    pub pipeline: Cny,
    pub won: Cny,
    pub won_deals: usize,
    pub cost: Cny,
}

impl Figures {
    /// Contacted leads as a fraction of the leads; none without leads.
    pub fn contacted_share(&self) -> Option<f64> {
        (self.leads > 0).then(|| self.contacted as f64 / self.leads as f64)
    }

    pub fn cost_per_lead(&self) -> Option<Cny> {
        per(self.cost, self.leads)
    }

    pub fn cost_per_won_deal(&self) -> Option<Cny> {
        per(self.cost, self.won_deals)
    }

    fn add(&mut self, other: &Figures) {
        self.leads += other.leads;
        self.duplicates += other.duplicates;
        self.contacted += other.contacted;
        self.opportunities += other.opportunities;
        self.pipeline = Cny(self.pipeline.fen() + other.pipeline.fen());
        self.won = Cny(self.won.fen() + other.won.fen());
        self.won_deals += other.won_deals;
        self.cost = Cny(self.cost.fen() + other.cost.fen());
    }
}

/// `cost` shared over `count`, rounded to the fen.
fn per(cost: Cny, count: usize) -> Option<Cny> {
    (count > 0).then(|| Cny(share(cost.fen(), 1, count)))
}

/// `fen × part / whole`, rounded half away from zero.
fn share(fen: i64, part: usize, whole: usize) -> i64 {
    let (numerator, whole) = (i128::from(fen) * part as i128, whole as i128);
    let rounded = (numerator.abs() * 2 + whole) / (whole * 2);
    (rounded * numerator.signum()) as i64
}

/// The report over some shows: a row per show (in the order given), per person who captured
/// (most leads first, then by id), and their total.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub shows: Vec<(Id, Figures)>,
    pub staff: Vec<(Id, Figures)>,
    pub total: Figures,
}

/// The report of `shows`. `leads` may hold every lead (those of other shows are looked at only
/// to recognise a repeated mobile number); `opportunities` and `interactions` those the leads'
/// customers have.
pub fn report(
    shows: &[Show],
    leads: &[Lead],
    opportunities: &[Opportunity],
    interactions: &[Interaction],
    day_of: impl Fn(i64) -> Date,
) -> Report {
    let opportunities: HashMap<Id, &Opportunity> = opportunities.iter().map(|o| (o.id, o)).collect();
    let mut by_customer: HashMap<Id, Vec<&Interaction>> = HashMap::new();
    for interaction in interactions {
        by_customer.entry(interaction.customer_id).or_default().push(interaction);
    }
    let done: HashMap<Id, bool> = interactions.iter().map(|i| (i.id, i.follow_up_done)).collect();
    // The first capture of every mobile number, so a later one is known as a repeat.
    let mut first: HashMap<&str, (i64, Id)> = HashMap::new();
    for lead in leads.iter().filter(|l| !l.mobile.is_empty()) {
        let at = (lead.captured_at, lead.id);
        first.entry(lead.mobile.as_str()).and_modify(|seen| *seen = (*seen).min(at)).or_insert(at);
    }
    let figures = |lead: &Lead| {
        let repeat = first.get(lead.mobile.as_str()).is_some_and(|seen| *seen < (lead.captured_at, lead.id));
        let follow_up = lead.converted.as_ref().map(|c| c.follow_up_id);
        let captured = day_of(lead.captured_at);
        let customer = lead.converted.as_ref().map(|c| c.customer_id).or(lead.customer_id);
        let later = customer
            .and_then(|c| by_customer.get(&c))
            .is_some_and(|all| all.iter().any(|i| Some(i.id) != follow_up && i.date.is_some_and(|day| day > captured)));
        let followed = follow_up.and_then(|id| done.get(&id)).copied().unwrap_or(false);
        let opportunity = lead.converted.as_ref().and_then(|c| c.opportunity_id);
        let opened = opportunity.and_then(|id| opportunities.get(&id));
        let value = |won: bool| {
            opened
                .filter(|o| (o.stage == FunnelStage::Won) == won && (won || o.stage.is_open()))
                .map_or(Cny(0), |o| o.value)
        };
        Figures {
            leads: 1,
            duplicates: usize::from(lead.customer_id.is_some() || repeat),
            contacted: usize::from(followed || later),
            opportunities: usize::from(opportunity.is_some()),
            pipeline: value(false),
            won: value(true),
            won_deals: usize::from(opened.is_some_and(|o| o.stage == FunnelStage::Won)),
            cost: Cny(0),
        }
    };
    let mut report = Report::default();
    let mut staff: BTreeMap<Id, Figures> = BTreeMap::new();
    for show in shows {
        let mine: Vec<&Lead> = leads.iter().filter(|l| l.show_id == show.id).collect();
        let mut row = Figures { cost: show.cost, ..Figures::default() };
        let mut captured: BTreeMap<Id, usize> = BTreeMap::new();
        for lead in &mine {
            let one = figures(lead);
            row.add(&one);
            staff.entry(lead.captured_by).or_default().add(&one);
            *captured.entry(lead.captured_by).or_default() += 1;
        }
        for (person, count) in captured {
            let cost = share(show.cost.fen(), count, mine.len());
            staff.entry(person).or_default().add(&Figures { cost: Cny(cost), ..Figures::default() });
        }
        report.total.add(&row);
        report.shows.push((show.id, row));
    }
    report.staff = staff.into_iter().collect();
    report.staff.sort_by_key(|(id, f)| (std::cmp::Reverse(f.leads), *id));
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shows::Conversion;

    const DAY: i64 = 86_400_000;

    fn utc_day(at_ms: i64) -> Date {
        Date::from_days(at_ms.div_euclid(DAY) as i32)
    }

    fn lead(id: Id, show: Id, by: Id, day: i64, mobile: &str) -> Lead {
        Lead {
            id,
            show_id: show,
            captured_by: by,
            captured_at: day * DAY + 3_600_000,
            mobile: mobile.into(),
            ..Lead::default()
        }
    }

    fn converted(lead: Lead, customer: Id, follow_up: Id, opportunity: Option<Id>) -> Lead {
        let conversion = Conversion {
            customer_id: customer,
            follow_up_id: follow_up,
            opportunity_id: opportunity,
            ..Conversion::default()
        };
        Lead { converted: Some(conversion), ..lead }
    }

    fn interaction(id: Id, customer: Id, day: i32, done: bool) -> Interaction {
        Interaction {
            id,
            customer_id: customer,
            date: Some(Date::from_days(day)),
            follow_up: Some(Date::from_days(day + 2)),
            follow_up_done: done,
            ..Interaction::default()
        }
    }

    fn opportunity(id: Id, stage: FunnelStage, yuan: i64) -> Opportunity {
        Opportunity { id, stage, value: Cny::from_yuan(yuan), ..Opportunity::default() }
    }

    /// Two shows worked by people 5 and 6: figures worked out by hand in the comments.
    #[test]
    fn figures_per_show_per_person_and_in_total() {
        let shows = [
            Show { id: 1, cost: Cny::from_yuan(30_000), ..Show::default() },
            Show { id: 2, cost: Cny::from_yuan(10_000), ..Show::default() },
            Show { id: 3, cost: Cny::from_yuan(5_000), ..Show::default() },
        ];
        let leads = [
            // Show 1, closed on day 100: four leads.
            // 11 by 5: new customer 201, follow-up 301 done, opportunity 401 won ¥500,000.
            converted(lead(11, 1, 5, 99, "13800000001"), 201, 301, Some(401)),
            // 12 by 5: matched customer 202 at capture (a duplicate); follow-up 302 open, but a
            // call on day 105 (interaction 305) reached it; opportunity 402 open at ¥200,000.
            Lead { customer_id: Some(202), ..converted(lead(12, 1, 5, 99, "13800000002"), 202, 302, Some(402)) },
            // 13 by 6: follow-up 303 open, nothing later; opportunity 403 lost ¥90,000.
            converted(lead(13, 1, 6, 100, "13800000003"), 203, 303, Some(403)),
            // 14 by 6: follow-up 304 open, no opportunity; its customer's own follow-up
            // interaction on day 100 is not a later contact.
            converted(lead(14, 1, 6, 100, ""), 204, 304, None),
            // Show 2, open: two leads by 6. 21 repeats lead 11's mobile (a duplicate); 22 matched
            // customer 202, whose call on day 105 came after its capture on day 104.
            lead(21, 2, 6, 104, "13800000001"),
            Lead { customer_id: Some(202), ..lead(22, 2, 6, 104, "") },
            // A lead of a show not reported.
            lead(31, 9, 5, 1, "13800000009"),
        ];
        let interactions = [
            interaction(301, 201, 100, true),
            interaction(302, 202, 100, false),
            interaction(303, 203, 100, false),
            interaction(304, 204, 100, false),
            interaction(305, 202, 105, false),
        ];
        let opportunities = [
            opportunity(401, FunnelStage::Won, 500_000),
            opportunity(402, FunnelStage::Develop, 200_000),
            opportunity(403, FunnelStage::Lost, 90_000),
        ];
        let report = report(&shows, &leads, &opportunities, &interactions, utc_day);
        let yuan = Cny::from_yuan;
        let show1 = Figures {
            leads: 4,
            duplicates: 1,
            contacted: 2,
            opportunities: 3,
            pipeline: yuan(200_000),
            won: yuan(500_000),
            won_deals: 1,
            cost: yuan(30_000),
        };
        let show2 = Figures { leads: 2, duplicates: 2, contacted: 1, cost: yuan(10_000), ..Figures::default() };
        let show3 = Figures { cost: yuan(5_000), ..Figures::default() };
        assert_eq!(report.shows, [(1, show1), (2, show2), (3, show3)]);
        // Person 6: two of show 1's four leads (¥15,000) and both of show 2's (¥10,000).
        let six = Figures {
            leads: 4,
            duplicates: 2,
            contacted: 1,
            opportunities: 1,
            cost: yuan(25_000),
            ..Figures::default()
        };
        // Person 5: the other half of show 1.
        let five = Figures {
            leads: 2,
            duplicates: 1,
            contacted: 2,
            opportunities: 2,
            pipeline: yuan(200_000),
            won: yuan(500_000),
            won_deals: 1,
            cost: yuan(15_000),
        };
        assert_eq!(report.staff, [(6, six), (5, five)]);
        let total = Figures {
            leads: 6,
            duplicates: 3,
            contacted: 3,
            opportunities: 3,
            pipeline: yuan(200_000),
            won: yuan(500_000),
            won_deals: 1,
            cost: yuan(45_000),
        };
        assert_eq!(report.total, total);
        // ¥45,000 over 6 leads, over 1 won deal; half the leads contacted.
        assert_eq!(total.cost_per_lead(), Some(yuan(7_500)));
        assert_eq!(total.cost_per_won_deal(), Some(yuan(45_000)));
        assert_eq!(total.contacted_share(), Some(0.5));
        assert_eq!(six.cost_per_won_deal(), None);
        assert_eq!(show3.cost_per_lead(), None);
        assert_eq!(show3.contacted_share(), None);
    }

    #[test]
    fn a_cost_is_shared_to_the_fen() {
        for (fen, part, whole, expected) in [
            (100, 1, 3, 33),
            (200, 1, 3, 67),
            (100, 2, 3, 67),
            (1, 1, 2, 1),
            (-100, 1, 3, -33),
            (0, 1, 7, 0),
            (1_000_000_000_000, 3, 4, 750_000_000_000),
        ] {
            assert_eq!(share(fen, part, whole), expected, "{fen} × {part}/{whole}");
        }
        let show = Show { id: 1, cost: Cny(100), ..Show::default() };
        let leads = [lead(1, 1, 5, 0, ""), lead(2, 1, 6, 0, ""), lead(3, 1, 7, 0, "")];
        let report = report(&[show], &leads, &[], &[], utc_day);
        assert_eq!(
            report.staff.iter().map(|(id, f)| (*id, f.cost.fen())).collect::<Vec<_>>(),
            [(5, 33), (6, 33), (7, 33)]
        );
        assert_eq!(report.total.cost_per_lead(), Some(Cny(33)));
    }

    /// Captured at 07:00 in Beijing (23:00 UTC the day before), called back later that morning:
    /// the same day on the device's calendar, so not contacted; the next day's call counts.
    #[test]
    fn contacted_is_after_the_capture_day_on_the_devices_calendar() {
        const EIGHT_HOURS: i64 = 8 * 3_600_000;
        let beijing_day = |at_ms: i64| utc_day(at_ms + EIGHT_HOURS);
        let shows = [Show { id: 1, ..Show::default() }];
        let taken = Lead { captured_at: 101 * DAY - 3_600_000, customer_id: Some(201), ..lead(11, 1, 5, 0, "") };
        for (called_on, contacted_in_beijing, contacted_by_utc) in [(101, 0, 1), (102, 1, 1)] {
            let calls = [interaction(301, 201, called_on, false)];
            let contacted = |day_of: fn(i64) -> Date| {
                report(&shows, std::slice::from_ref(&taken), &[], &calls, day_of).total.contacted
            };
            assert_eq!(contacted(beijing_day), contacted_in_beijing, "called on day {called_on}");
            assert_eq!(contacted(utc_day), contacted_by_utc, "called on day {called_on}");
        }
    }
}
