//! Retention and lost customers (docs/domain.md §3): the yearly repurchase rate (回头率), the cohort
//! table by first-order year, the projection "at this rate, N % are gone in five years"
//! (1 − 0.8⁵ = 67.2 %), churn-risk flags that each carry their reason, and the response to each
//! kind of lost customer as a list of win-back tasks.
//!
//! The service desk feeds the flags too (issue 21, seed 002): a complaint still open, or closed
//! within the service window, and a closing rated low on any service-quality dimension within
//! that window, each naming the ticket that raised it.
//!
//! Only counted orders ([`super::indicators::counts`]) are read. Years are calendar years; the
//! current year is marked partial, since its customers may still order.

use crate::domain::date::Date;
use crate::domain::model::{labelled_enum, Customer, Id, Interaction, Lifecycle, LostKind, Order};
use crate::domain::money::Cny;
use crate::domain::service::record::{QualityDimension, RootCause, ServiceTicket, TicketKind, TicketStatus};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::grade::Grade;
use super::indicators::counts;
use super::ledger::{IdHash, Ledger};
use super::score::CustomerScore;
use super::settings::SettingsError;

/// Thresholds of the churn flags and the win-back policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetentionSettings {
    /// An order gap is suspicious beyond this many times the customer's usual (median) interval
    /// between orders. Default 3: a customer ordering at random at its usual rate goes that long
    /// without an order about one time in eight (2× would flag one in four).
    pub gap_factor: f64,
    /// Intervals needed before a customer has a "usual" interval. Default 2 (three orders).
    pub min_intervals: u32,
    /// Length of the two periods compared for falling order value, days. Default 365.
    pub value_window_days: u32,
    /// Order value is falling when the last period is this many percent below the one before.
    /// Default 30.
    pub fall_percent: f64,
    /// Orders the earlier period needs before a fall counts: one or two (a machine bought once)
    /// are no trend to fall from. Default 3.
    pub min_previous_orders: u32,
    /// A competitor-lost customer is worth winning back at this grade or better. Default B.
    pub win_back_grade: Grade,
    /// Years the retention projection looks ahead. Default 5, as docs/domain.md §3's example.
    pub projection_years: u32,
    /// Days a closed complaint or a low closing rating keeps warning. Default 180: a season's
    /// work, long enough for the customer's next purchase decision.
    pub service_window_days: u32,
    /// A closing rated this or lower on any dimension warns. Default 2 of 5 (dissatisfied).
    pub low_rating: u8,
}

/// The widest gap factor, fall and projection the settings accept.
pub const MAX_GAP_FACTOR: f64 = 20.0;
pub const MAX_PROJECTION_YEARS: u32 = 30;

impl RetentionSettings {
    /// What the settings form edits, checked: a gap factor of 1 (any gap longer than usual) to
    /// [`MAX_GAP_FACTOR`], a fall strictly between 0 and 100 %, and 1 to
    /// [`MAX_PROJECTION_YEARS`] projected years.
    pub fn validate(&self) -> Vec<SettingsError> {
        let mut errors = Vec::new();
        if !(1.0..=MAX_GAP_FACTOR).contains(&self.gap_factor) {
            errors.push(SettingsError::GapFactorOutOfRange);
        }
        if !(self.fall_percent > 0.0 && self.fall_percent < 100.0) {
            errors.push(SettingsError::FallPercentOutOfRange);
        }
        if !(1..=MAX_PROJECTION_YEARS).contains(&self.projection_years) {
            errors.push(SettingsError::ProjectionYearsOutOfRange);
        }
        errors
    }
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings {
            gap_factor: 3.0,
            min_intervals: 2,
            value_window_days: 365,
            fall_percent: 30.0,
            min_previous_orders: 3,
            win_back_grade: Grade::B,
            projection_years: 5,
            service_window_days: 180,
            low_rating: 2,
        }
    }
}

/// A warning sign and the figures behind it (docs/domain.md §3).
#[derive(Clone, Debug, PartialEq)]
pub enum ChurnFlag {
    /// No order for `days_since_last` days, against a usual interval of `usual_interval` days.
    OrderGap { days_since_last: i32, usual_interval: i32 },
    /// Order value of the last period against the one before.
    FallingValue { recent: Cny, previous: Cny },
    /// Claims the customer has not settled.
    OpenClaims { count: u32, amount: Cny },
    /// Follow-ups past their date and not done.
    OverdueFollowUps { count: u32, oldest_due: Date },
    /// Complaints open, or closed within the service window: `count` of them, the latest named.
    Complaints { count: u32, latest: TicketMention, open: bool, cause: Option<RootCause> },
    /// Closings within the service window rated low: `count` of them, the latest named with its
    /// lowest dimension and score.
    LowRatings { count: u32, latest: TicketMention, dimension: QualityDimension, score: u8 },
}

/// The ticket a service flag names, as people quote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketMention {
    pub id: Id,
    pub reference: String,
}

/// The service flags of each customer (by id) from `tickets` on `today`.
fn service_flags(
    tickets: &[ServiceTicket],
    settings: &RetentionSettings,
    today: Date,
) -> HashMap<Id, Vec<ChurnFlag>, IdHash> {
    let within = |ticket: &ServiceTicket| {
        ticket.closed.or(ticket.opened).is_some_and(|d| today.days_since(d) <= settings.service_window_days as i32)
    };
    let mention = |ticket: &ServiceTicket| TicketMention { id: ticket.id, reference: ticket.reference() };
    // Per customer: the latest complaint and the latest low rating, with their counts.
    let mut found: HashMap<Id, [Option<(u32, &ServiceTicket)>; 2], IdHash> = HashMap::default();
    let mut sorted: Vec<&ServiceTicket> = tickets.iter().collect();
    sorted.sort_by_key(|t| (t.opened_instant(), t.id));
    for ticket in sorted {
        let open = ticket.status != TicketStatus::Closed;
        let complaint = ticket.kind == TicketKind::Complaint && (open || within(ticket));
        let low = within(ticket) && ticket.lowest_score().is_some_and(|(_, score)| score <= settings.low_rating);
        let slots = found.entry(ticket.customer_id).or_default();
        for (slot, hit) in slots.iter_mut().zip([complaint, low]) {
            if hit {
                let count = slot.map_or(0, |(count, _)| count);
                *slot = Some((count + 1, ticket));
            }
        }
    }
    found
        .into_iter()
        .map(|(customer, [complaint, low])| {
            let complaint = complaint.map(|(count, t)| ChurnFlag::Complaints {
                count,
                latest: mention(t),
                open: t.status != TicketStatus::Closed,
                cause: t.root_cause,
            });
            let low = low.and_then(|(count, t)| {
                let (dimension, score) = t.lowest_score()?;
                Some(ChurnFlag::LowRatings { count, latest: mention(t), dimension, score })
            });
            (customer, complaint.into_iter().chain(low).collect())
        })
        .collect()
}

/// A customer with at least one warning sign.
#[derive(Clone, Debug, PartialEq)]
pub struct ChurnRisk {
    pub customer_id: Id,
    pub flags: Vec<ChurnFlag>,
}

/// Churn risks of the customers that buy (at least one counted order) and are not lost yet.
pub fn churn_risks(
    customers: &[Customer],
    orders: &[Order],
    interactions: &[Interaction],
    tickets: &[ServiceTicket],
    settings: &RetentionSettings,
    today: Date,
) -> Vec<ChurnRisk> {
    let ledger = Ledger::new(customers, orders, settings.value_window_days, today);
    churn_risks_ledger(customers, &ledger, interactions, tickets, settings, today)
}

/// `ledger` built with `settings.value_window_days`.
pub(super) fn churn_risks_ledger(
    customers: &[Customer],
    ledger: &Ledger,
    interactions: &[Interaction],
    tickets: &[ServiceTicket],
    settings: &RetentionSettings,
    today: Date,
) -> Vec<ChurnRisk> {
    let mut service = service_flags(tickets, settings, today);
    let mut overdue: Vec<Option<(u32, Date)>> = vec![None; customers.len()];
    for interaction in interactions {
        let Some(due) = interaction.follow_up.filter(|due| *due < today && !interaction.follow_up_done) else {
            continue;
        };
        let Some(p) = ledger.positions.get(interaction.customer_id) else { continue };
        let entry = overdue[p].get_or_insert((0, due));
        entry.0 += 1;
        entry.1 = entry.1.min(due);
    }
    let mut risks = Vec::new();
    let mut gaps = Vec::new();
    for (p, customer) in customers.iter().enumerate() {
        let dates = ledger.dates(p);
        if customer.lifecycle == Lifecycle::Lost || dates.is_empty() {
            continue;
        }
        let mut flags = Vec::new();
        if let Some(flag) = order_gap(dates, settings, today, &mut gaps) {
            flags.push(flag);
        }
        let activity = &ledger.activity[p];
        let floor = activity.previous.yuan() * (1.0 - settings.fall_percent / 100.0);
        let trend = activity.previous_orders >= settings.min_previous_orders.max(1);
        if trend && activity.previous > Cny::ZERO && activity.recent.yuan() < floor {
            flags.push(ChurnFlag::FallingValue { recent: activity.recent, previous: activity.previous });
        }
        if activity.open_claims > 0 {
            flags.push(ChurnFlag::OpenClaims { count: activity.open_claims, amount: activity.open_claim_amount });
        }
        if let Some((count, oldest_due)) = overdue[p] {
            flags.push(ChurnFlag::OverdueFollowUps { count, oldest_due });
        }
        flags.extend(service.remove(&customer.id).unwrap_or_default());
        if !flags.is_empty() {
            risks.push(ChurnRisk { customer_id: customer.id, flags });
        }
    }
    risks
}

/// `dates` oldest first; `gaps` is scratch space reused across customers.
fn order_gap(dates: &[Date], settings: &RetentionSettings, today: Date, gaps: &mut Vec<i32>) -> Option<ChurnFlag> {
    gaps.clear();
    gaps.extend(dates.windows(2).map(|w| w[1].days_since(w[0])).filter(|gap| *gap > 0));
    if gaps.len() < settings.min_intervals.max(1) as usize {
        return None;
    }
    gaps.sort_unstable();
    let n = gaps.len();
    // The median: one outlier gap does not make the usual one.
    let usual_interval = if n % 2 == 1 { gaps[n / 2] } else { (gaps[n / 2 - 1] + gaps[n / 2]) / 2 };
    let days_since_last = today.days_since(*dates.last()?);
    (f64::from(days_since_last) > settings.gap_factor * f64::from(usual_interval))
        .then_some(ChurnFlag::OrderGap { days_since_last, usual_interval })
}

/// Repurchase (回头率) in one year: of the customers who ordered in the year before, how many
/// ordered again in this one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YearRate {
    pub year: i32,
    /// Customers with an order in `year − 1`.
    pub base: u32,
    /// Of those, customers with an order in `year`.
    pub returned: u32,
    /// `returned ÷ base`, `None` when the base is empty.
    pub rate: Option<f64>,
    /// The current year: not over yet.
    pub partial: bool,
}

/// A first-order year's customers and how many of them ordered in each year since.
#[derive(Clone, Debug, PartialEq)]
pub struct Cohort {
    pub year: i32,
    pub size: u32,
    /// `active[k]`: customers of the cohort ordering in `year + k`, up to the current year
    /// (`active[0] == size`).
    pub active: Vec<u32>,
}

/// The repurchase and cohort views.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Retention {
    /// From the year after the first order to the current year.
    pub years: Vec<YearRate>,
    /// Σ returned ÷ Σ base over complete years: the rate the projection uses.
    pub rate: Option<f64>,
    pub cohorts: Vec<Cohort>,
}

/// The repurchase rates and cohorts of every customer that placed a counted order.
pub fn retention(orders: &[Order], today: Date) -> Retention {
    let mut years_of: HashMap<Id, Vec<i32>, IdHash> = HashMap::default();
    for order in orders.iter().filter(|o| counts(o, today)) {
        let year = order.ordered.expect("a counted order has a date").year();
        years_of.entry(order.customer_id).or_default().push(year);
    }
    let current = today.year();
    let Some(first) = years_of.values().flatten().min().copied() else { return Retention::default() };
    let span = (current - first + 1) as usize;
    // Per year: customers ordering in it, and in it and the year before.
    let mut ordering = vec![0u32; span];
    let mut repeated = vec![0u32; span];
    let mut cohorts: Vec<Cohort> = (first..=current)
        .map(|year| Cohort { year, size: 0, active: vec![0; (current - year + 1) as usize] })
        .collect();
    for years in years_of.values_mut() {
        years.sort_unstable();
        years.dedup();
        let cohort = &mut cohorts[(years[0] - first) as usize];
        cohort.size += 1;
        for (i, year) in years.iter().enumerate() {
            let at = (year - first) as usize;
            ordering[at] += 1;
            if i > 0 && years[i - 1] == year - 1 {
                repeated[at] += 1;
            }
            cohort.active[(year - cohort.year) as usize] += 1;
        }
    }
    let years: Vec<YearRate> = (1..span)
        .map(|at| {
            let (base, returned) = (ordering[at - 1], repeated[at]);
            let rate = (base > 0).then(|| f64::from(returned) / f64::from(base));
            YearRate { year: first + at as i32, base, returned, rate, partial: first + at as i32 == current }
        })
        .collect();
    let complete = years.iter().filter(|y| !y.partial);
    let (base, returned) = complete.fold((0, 0), |(b, r), y| (b + y.base, r + y.returned));
    let rate = (base > 0).then(|| f64::from(returned) / f64::from(base));
    cohorts.retain(|c| c.size > 0);
    Retention { years, rate, cohorts }
}

/// Where today's customers stand after some years at a constant repurchase rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    pub years: u32,
    /// rate^years.
    pub remaining: f64,
    /// 1 − rate^years.
    pub lost: f64,
}

/// docs/domain.md §3: keeping `rate` of the customers each year, after each of 1..=`years` years.
pub fn projection(rate: f64, years: u32) -> Vec<Projection> {
    (1..=years)
        .map(|n| {
            let remaining = rate.clamp(0.0, 1.0).powi(n as i32);
            Projection { years: n, remaining, lost: 1.0 - remaining }
        })
        .collect()
}

labelled_enum!(
    /// A step of the response to a lost customer (docs/domain.md §3). Text lives in the UI.
    WinBackTask {
        Apologise = "apologise",
        Visit = "visit",
        FindCause = "find_cause",
        FixProductOrService = "fix_product_or_service",
        WinBack = "win_back",
        Differentiate = "differentiate",
        ReduceEffort = "reduce_effort",
        LetGo = "let_go",
        /// The kind of loss is not recorded: record it first.
        RecordKind = "record_kind",
    }
);

/// The response to a lost customer of `kind` with `grade`: dissatisfied customers get an
/// apology, a visit, the cause found and fixed; competitor losses are won back only if their
/// value justifies it (grade `win_back_grade` or better), else let go; negative-value customers
/// get less effort and are let go; involuntary losses need no action.
pub fn win_back_tasks(
    kind: Option<LostKind>,
    grade: Option<Grade>,
    settings: &RetentionSettings,
) -> &'static [WinBackTask] {
    use WinBackTask::*;
    match kind {
        None => &[RecordKind],
        Some(LostKind::Dissatisfied) => &[Apologise, Visit, FindCause, FixProductOrService],
        Some(LostKind::Competitor) if grade.is_some_and(|g| g <= settings.win_back_grade) => {
            &[Visit, WinBack, Differentiate]
        }
        Some(LostKind::Competitor) => &[LetGo],
        Some(LostKind::NegativeValue) => &[ReduceEffort, LetGo],
        Some(LostKind::Involuntary) => &[],
    }
}

/// A lost customer with its evaluation kept and its response.
#[derive(Clone, Debug, PartialEq)]
pub struct LostCustomer {
    pub customer_id: Id,
    pub kind: Option<LostKind>,
    pub total: f64,
    pub grade: Option<Grade>,
    pub tasks: &'static [WinBackTask],
}

/// Every lost customer; `scores` as [`super::score::recompute`] returned them for `customers`.
pub fn lost_customers(
    customers: &[Customer],
    scores: &[CustomerScore],
    settings: &RetentionSettings,
) -> Vec<LostCustomer> {
    customers
        .iter()
        .zip(scores)
        .filter(|(c, _)| c.lifecycle == Lifecycle::Lost)
        .map(|(c, s)| LostCustomer {
            customer_id: c.id,
            kind: c.lost_kind,
            total: s.total,
            grade: s.grade,
            tasks: win_back_tasks(c.lost_kind, s.grade, settings),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::fixtures::{customer, day, line, order};
    use crate::domain::model::{Claim, OrderStatus, ProductKind};

    #[test]
    fn projection_of_the_domain_example() {
        // 100 customers keeping 80 % a year: after five years 32.768 remain, 67.232 are gone.
        let five = projection(0.8, 5);
        assert_eq!(five.len(), 5);
        for (got, (years, remaining)) in five.iter().zip([(1, 0.8), (2, 0.64), (3, 0.512), (4, 0.4096), (5, 0.32768)]) {
            assert_eq!(got.years, years);
            assert!((got.remaining - remaining).abs() < 1e-12 && (got.lost - (1.0 - remaining)).abs() < 1e-12);
        }
        assert!((five[4].lost - 0.67232).abs() < 1e-12);
        assert_eq!(projection(1.0, 3)[2].lost, 0.0);
        assert_eq!(projection(1.5, 1)[0].remaining, 1.0);
        assert!(projection(0.9, 0).is_empty());
    }

    #[test]
    fn repurchase_rates_and_cohorts() {
        let today = day(2024, 6, 30);
        let o = |id, year| order(id, day(year, 3, 1), vec![line(ProductKind::Parts, 1, 100, 50)]);
        let mut cancelled = o(4, 2022);
        cancelled.status = OrderStatus::Cancelled;
        // Customer 1: 2021, 2022, 2023, 2024. Customer 2: 2021, 2023 (twice). Customer 3: 2022,
        // 2023. Customer 4: 2023 (its 2022 order was cancelled).
        let orders = [
            o(1, 2021),
            o(1, 2022),
            o(1, 2023),
            o(1, 2024),
            o(2, 2021),
            o(2, 2023),
            o(2, 2023),
            o(3, 2022),
            o(3, 2023),
            cancelled,
            o(4, 2023),
        ];
        let got = retention(&orders, today);
        let rate = |year, base, returned, rate: Option<f64>, partial| YearRate { year, base, returned, rate, partial };
        assert_eq!(
            got.years,
            vec![
                // 2022: of {1, 2} only 1 returned.
                rate(2022, 2, 1, Some(0.5), false),
                // 2023: of {1, 3} both returned.
                rate(2023, 2, 2, Some(1.0), false),
                // 2024 so far: of {1, 2, 3, 4} only 1.
                rate(2024, 4, 1, Some(0.25), true),
            ]
        );
        // Complete years: 3 of 4.
        assert_eq!(got.rate, Some(0.75));
        let cohort = |year, size, active: Vec<u32>| Cohort { year, size, active };
        assert_eq!(
            got.cohorts,
            vec![cohort(2021, 2, vec![2, 1, 2, 1]), cohort(2022, 1, vec![1, 1, 0]), cohort(2023, 1, vec![1, 0])]
        );
        assert_eq!(retention(&[], today), Retention::default());
    }

    fn risks(customers: &[Customer], orders: &[Order], interactions: &[Interaction], today: Date) -> Vec<ChurnRisk> {
        churn_risks(customers, orders, interactions, &[], &RetentionSettings::default(), today)
    }

    #[test]
    fn order_gap_against_the_usual_interval() {
        let today = day(2024, 12, 31);
        let every = |days: &[i32]| -> Vec<Order> {
            days.iter()
                .map(|d| order(1, day(2024, 1, 1).add_days(*d), vec![line(ProductKind::Parts, 1, 100, 50)]))
                .collect()
        };
        let one = [customer(1, Lifecycle::Existing)];
        // Orders every 30 days, last on day 60 (2024-03-01): 305 days > 2 × 30.
        assert_eq!(
            risks(&one, &every(&[0, 30, 60]), &[], today),
            vec![ChurnRisk {
                customer_id: 1,
                flags: vec![ChurnFlag::OrderGap { days_since_last: 305, usual_interval: 30 }]
            }]
        );
        // Gaps 100 and 200 → usual 150; last on day 300: 65 days since, no flag.
        assert_eq!(risks(&one, &every(&[0, 100, 300]), &[], today), vec![]);
        // Two orders are one interval: no usual interval yet.
        assert_eq!(risks(&one, &every(&[0, 30]), &[], today), vec![]);
        // Same-day orders are one visit, not a zero interval.
        assert_eq!(risks(&one, &every(&[300, 300, 330, 360]), &[], today), vec![]);
        // Lost customers and prospects are not at risk.
        assert_eq!(risks(&[customer(1, Lifecycle::Lost)], &every(&[0, 30, 60]), &[], today), vec![]);
    }

    /// The churn thresholds are the settings' (rule 7 of issue 24), hand-worked: orders every 30
    /// days, the last 100 days ago, and ¥1,000 in three orders last year against ¥600 this year
    /// (40 % down).
    #[test]
    fn churn_thresholds_follow_the_settings() {
        let today = day(2024, 12, 31);
        let value = |date: Date, yuan| order(1, date, vec![line(ProductKind::Parts, 1, yuan, 0)]);
        let last = today.add_days(-100);
        let orders = [
            value(day(2023, 10, 1), 300),
            value(day(2023, 10, 31), 300),
            value(day(2023, 11, 30), 400),
            value(last.add_days(-30), 300),
            value(last, 300),
        ];
        let one = [customer(1, Lifecycle::Existing)];
        let gap = ChurnFlag::OrderGap { days_since_last: 100, usual_interval: 30 };
        let fall = ChurnFlag::FallingValue { recent: Cny::from_yuan(600), previous: Cny::from_yuan(1_000) };
        for (gap_factor, fall_percent, expected) in [
            // Defaults 3× and 30 %: 100 > 90 days, 40 % > 30 %.
            (3.0, 30.0, vec![gap.clone(), fall.clone()]),
            // A patient dealer: 100 < 120 days; a fall of 40 % is under 50 %.
            (4.0, 50.0, vec![]),
            (4.0, 40.0, vec![]),
            (3.3, 39.0, vec![gap.clone(), fall.clone()]),
            (3.4, 39.0, vec![fall.clone()]),
        ] {
            let settings = RetentionSettings { gap_factor, fall_percent, ..RetentionSettings::default() };
            let flags: Vec<ChurnFlag> =
                churn_risks(&one, &orders, &[], &[], &settings, today).into_iter().flat_map(|r| r.flags).collect();
            assert_eq!(flags, expected, "{gap_factor}× {fall_percent}%");
        }
    }

    #[test]
    fn retention_settings_are_checked() {
        let check = |settings: RetentionSettings, expected: Vec<SettingsError>| {
            assert_eq!(settings.validate(), expected, "{settings:?}");
        };
        let d = RetentionSettings::default;
        check(d(), vec![]);
        assert_eq!(d().projection_years, 5);
        check(RetentionSettings { gap_factor: 1.0, fall_percent: 0.5, projection_years: 30, ..d() }, vec![]);
        check(RetentionSettings { gap_factor: 0.9, ..d() }, vec![SettingsError::GapFactorOutOfRange]);
        check(RetentionSettings { gap_factor: f64::NAN, ..d() }, vec![SettingsError::GapFactorOutOfRange]);
        check(RetentionSettings { fall_percent: 100.0, ..d() }, vec![SettingsError::FallPercentOutOfRange]);
        check(RetentionSettings { fall_percent: 0.0, ..d() }, vec![SettingsError::FallPercentOutOfRange]);
        check(
            RetentionSettings { projection_years: 0, gap_factor: 25.0, ..d() },
            vec![SettingsError::GapFactorOutOfRange, SettingsError::ProjectionYearsOutOfRange],
        );
        // Settings stored before the horizon existed read with five years.
        let stored: RetentionSettings = serde_json::from_str(r#"{"gap_factor":2.0}"#).unwrap();
        assert_eq!((stored.gap_factor, stored.projection_years), (2.0, 5));
    }

    #[test]
    fn falling_order_value_compares_two_periods() {
        let today = day(2024, 12, 31);
        let value = |date, yuan| order(1, date, vec![line(ProductKind::Parts, 1, yuan, 0)]);
        let one = [customer(1, Lifecycle::Existing)];
        let check = |orders: &[Order], expected: Option<(i64, i64)>| {
            let flags: Vec<ChurnFlag> = risks(&one, orders, &[], today).into_iter().flat_map(|r| r.flags).collect();
            let expected: Vec<ChurnFlag> = expected
                .map(|(recent, previous)| ChurnFlag::FallingValue {
                    recent: Cny::from_yuan(recent),
                    previous: Cny::from_yuan(previous),
                })
                .into_iter()
                .collect();
            assert_eq!(flags, expected);
        };
        let before = |last: i64| {
            vec![value(day(2023, 10, 1), 300), value(day(2023, 10, 31), 300), value(day(2023, 11, 1), last)]
        };
        let with = |mut orders: Vec<Order>, recent: i64| {
            orders.push(value(day(2024, 11, 1), recent));
            orders
        };
        // ¥1,000 in three orders last year, ¥600 this year: 40 % down.
        check(&with(before(400), 600), Some((600, 1_000)));
        // ¥800 is 20 % down: under the 30 % bar.
        check(&with(before(400), 800), None);
        // One big order before is no trend.
        check(&[value(day(2023, 11, 1), 1_000), value(day(2024, 11, 1), 100)], None);
        // Nothing before: nothing to fall from.
        check(&[value(day(2024, 11, 1), 10)], None);
    }

    #[test]
    fn open_claims_and_overdue_follow_ups() {
        let today = day(2024, 12, 31);
        let claimed = |settled, yuan| {
            let mut o = order(1, day(2024, 12, 1), vec![line(ProductKind::Parts, 1, 100, 50)]);
            o.claim = Some(Claim { amount: Cny::from_yuan(yuan), reason: String::new(), settled });
            o
        };
        let follow_up = |customer_id, due, done| Interaction {
            customer_id,
            follow_up: Some(due),
            follow_up_done: done,
            ..Interaction::default()
        };
        let customers =
            [customer(1, Lifecycle::Existing), customer(2, Lifecycle::Existing), customer(3, Lifecycle::Target)];
        let orders = [claimed(false, 300), claimed(true, 50), claimed(false, 200), order(2, day(2024, 12, 1), vec![])];
        let interactions = [
            follow_up(2, day(2024, 12, 20), false),
            follow_up(2, day(2024, 12, 10), false),
            follow_up(2, day(2024, 12, 5), true),
            follow_up(2, day(2024, 12, 31), false),
            // A prospect's overdue follow-up is a sales task, not a churn sign.
            follow_up(3, day(2024, 12, 1), false),
            follow_up(99, day(2024, 12, 1), false),
        ];
        assert_eq!(
            risks(&customers, &orders, &interactions, today),
            vec![
                ChurnRisk {
                    customer_id: 1,
                    flags: vec![ChurnFlag::OpenClaims { count: 2, amount: Cny::from_yuan(500) }]
                },
                ChurnRisk {
                    customer_id: 2,
                    flags: vec![ChurnFlag::OverdueFollowUps { count: 2, oldest_due: day(2024, 12, 10) }]
                },
            ]
        );
    }

    #[test]
    fn win_back_responses_by_kind() {
        let settings = RetentionSettings::default();
        use WinBackTask::*;
        for (kind, grade, expected) in [
            (Some(LostKind::Dissatisfied), Some(Grade::D), &[Apologise, Visit, FindCause, FixProductOrService][..]),
            (Some(LostKind::Competitor), Some(Grade::A), &[Visit, WinBack, Differentiate][..]),
            (Some(LostKind::Competitor), Some(Grade::B), &[Visit, WinBack, Differentiate][..]),
            (Some(LostKind::Competitor), Some(Grade::C), &[LetGo][..]),
            (Some(LostKind::Competitor), None, &[LetGo][..]),
            (Some(LostKind::NegativeValue), Some(Grade::A), &[ReduceEffort, LetGo][..]),
            (Some(LostKind::Involuntary), Some(Grade::A), &[][..]),
            (None, Some(Grade::B), &[RecordKind][..]),
        ] {
            assert_eq!(win_back_tasks(kind, grade, &settings), expected, "{kind:?} {grade:?}");
        }
    }

    #[test]
    fn lost_customers_keep_their_evaluation() {
        let mut lost = customer(2, Lifecycle::Lost);
        lost.lost_kind = Some(LostKind::Competitor);
        let customers = [customer(1, Lifecycle::Existing), lost];
        let score = |customer_id, total, grade| CustomerScore { customer_id, total, grade, ..CustomerScore::default() };
        let scores = [score(1, 80.0, Some(Grade::A)), score(2, 72.0, Some(Grade::A))];
        assert_eq!(
            lost_customers(&customers, &scores, &RetentionSettings::default()),
            vec![LostCustomer {
                customer_id: 2,
                kind: Some(LostKind::Competitor),
                total: 72.0,
                grade: Some(Grade::A),
                tasks: &[WinBackTask::Visit, WinBackTask::WinBack, WinBackTask::Differentiate],
            }]
        );
    }

    /// Issue 21: the service desk's signals, hand-worked on 2024-12-31 with the default window
    /// of 180 days (back to 2024-07-04) and low ratings of 2 or less.
    #[test]
    fn complaints_and_low_ratings_warn_within_the_service_window() {
        use crate::domain::service::record::{Closing, Rating};
        let today = day(2024, 12, 31);
        let orders = [order(1, day(2024, 12, 1), vec![line(ProductKind::Parts, 1, 100, 50)])];
        let ticket = |id, kind, closed: Option<Date>, lowest: Option<u8>| ServiceTicket {
            id,
            number: format!("SR-2024-{id:06}"),
            customer_id: 1,
            kind,
            status: if closed.is_some() { TicketStatus::Closed } else { TicketStatus::InProgress },
            opened: Some(day(2024, 1, 2)),
            closed,
            root_cause: (kind == TicketKind::Complaint).then_some(RootCause::PartsLate),
            closing: lowest.map(|score| Closing {
                rating: Some(Rating {
                    reliability: 4,
                    timeliness: score,
                    consistency: 4,
                    attitude: 5,
                    facilities: 4,
                    comment: String::new(),
                }),
                ..Closing::default()
            }),
            ..ServiceTicket::default()
        };
        let complaint = |id, count, open| ChurnFlag::Complaints {
            count,
            latest: TicketMention { id, reference: format!("SR-2024-{id:06}") },
            open,
            cause: Some(RootCause::PartsLate),
        };
        let low = |id, count, score| ChurnFlag::LowRatings {
            count,
            latest: TicketMention { id, reference: format!("SR-2024-{id:06}") },
            dimension: QualityDimension::Timeliness,
            score,
        };
        let old = Some(day(2024, 7, 3));
        let recent = Some(day(2024, 7, 4));
        for (tickets, expected) in [
            // An open complaint warns whatever its age.
            (vec![ticket(1, TicketKind::Complaint, None, None)], vec![complaint(1, 1, true)]),
            // Closed within the window it still warns; a day older, it does not.
            (vec![ticket(1, TicketKind::Complaint, recent, Some(4))], vec![complaint(1, 1, false)]),
            (vec![ticket(1, TicketKind::Complaint, old, Some(4))], vec![]),
            // A repair rated 2 on timeliness warns; 3 does not; rated low too long ago does not.
            (vec![ticket(2, TicketKind::Repair, recent, Some(2))], vec![low(2, 1, 2)]),
            (vec![ticket(2, TicketKind::Repair, recent, Some(3))], vec![]),
            (vec![ticket(2, TicketKind::Repair, old, Some(1))], vec![]),
            // Both, counted, the latest named.
            (
                vec![
                    ticket(3, TicketKind::Complaint, None, None),
                    ticket(4, TicketKind::Complaint, recent, Some(1)),
                    ticket(5, TicketKind::Repair, recent, Some(2)),
                ],
                vec![complaint(4, 2, false), low(5, 2, 2)],
            ),
        ] {
            let flags: Vec<ChurnFlag> = churn_risks(
                &[customer(1, Lifecycle::Existing)],
                &orders,
                &[],
                &tickets,
                &RetentionSettings::default(),
                today,
            )
            .into_iter()
            .flat_map(|r| r.flags)
            .collect();
            assert_eq!(flags, expected, "{tickets:?}");
        }
        // A lost customer's complaint is the win-back's business, not a churn warning.
        let lost = [customer(1, Lifecycle::Lost)];
        let open = [ticket(1, TicketKind::Complaint, None, None)];
        assert_eq!(churn_risks(&lost, &orders, &[], &open, &RetentionSettings::default(), today), vec![]);
    }
}
