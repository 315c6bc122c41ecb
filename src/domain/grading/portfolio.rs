//! Portfolio views (docs/domain.md §2): customers ranked by profit, not volume (big buyers squeezing
//! price are not valuable) — or by revenue, as seed 002 does, when the settings say so — with
//! cumulative shares for the Pareto chart; the key-account tiers (core ~5 %, the next ~20 %, both
//! settings; promising small customers; and those the company designates itself, seed 002's
//! "主观也是客观的"); the grade distribution with the D-share alert; and the resource policy of
//! each grade as data (the UI holds its text).

use crate::domain::date::Date;
use crate::domain::model::{labelled_enum, Customer, Id, Lifecycle, Order};
use crate::domain::money::Cny;
use serde::{Deserialize, Serialize};

use super::grade::Grade;
use super::indicators::counts;
use super::ledger::Positions;
use super::score::{CustomerScore, GradeCounts};
use super::settings::SettingsError;

labelled_enum!(
    /// What key accounts are ranked by: profit (seeds 001 and 003, the default) or revenue (seed 002).
    RankMeasure { Profit = "profit", Revenue = "revenue" }
);

labelled_enum!(
    /// How a grade is served (seed 000: focus on A and B, develop C when capacity allows,
    /// drop D).
    Stance { Focus = "focus", Develop = "develop", DevelopWhenCapacity = "develop_when_capacity", Abandon = "abandon" }
);

labelled_enum!(
    ServicePriority { First = "first", High = "high", Normal = "normal", Low = "low" }
);

/// How much effort customers of one grade get.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcePolicy {
    pub grade: Grade,
    pub stance: Stance,
    /// Days between planned visits; 0 = no planned visits.
    pub visit_every_days: u16,
    pub service_priority: ServicePriority,
    /// The company's own advice for the grade, shown on each customer of it; empty by default
    /// (the structured fields above say it in the user's language).
    pub advice: String,
}

/// The longest visit interval a policy takes, days: ten years, past which "no planned visits"
/// (0) says it better.
pub const MAX_VISIT_DAYS: u16 = 3650;

/// Days between visits as typed ("30"); `None` unless a whole number 0–[`MAX_VISIT_DAYS`].
pub fn parse_visit_days(text: &str) -> Option<u16> {
    text.trim().parse::<u16>().ok().filter(|d| *d <= MAX_VISIT_DAYS)
}

/// A: focus, visit monthly, first in line for service; B: develop, every two months, high;
/// C: develop when capacity allows, quarterly-ish (120 days), normal; D: abandon, no visits, low.
pub fn default_policies() -> Vec<ResourcePolicy> {
    let policy = |grade, stance, visit_every_days, service_priority| ResourcePolicy {
        grade,
        stance,
        visit_every_days,
        service_priority,
        advice: String::new(),
    };
    vec![
        policy(Grade::A, Stance::Focus, 30, ServicePriority::First),
        policy(Grade::B, Stance::Develop, 60, ServicePriority::High),
        policy(Grade::C, Stance::DevelopWhenCapacity, 120, ServicePriority::Normal),
        policy(Grade::D, Stance::Abandon, 0, ServicePriority::Low),
    ]
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortfolioSettings {
    /// Days of orders the ranking reads, ending today. Default 730 (two years): recent enough
    /// to be today's portfolio, long enough for machine buyers who order once a year.
    pub window_days: u32,
    /// The core tier: this top share of ranked customers. Default 5 %.
    pub core_percent: f64,
    /// The next tier: this share after the core. Default 20 %.
    pub next_percent: f64,
    /// What the ranking and its cumulative shares count. Default profit.
    pub rank_by: RankMeasure,
    /// Growth compares revenue of the last this many days with the same length before. Default 365.
    pub growth_days: u32,
    /// Promising: outside the top tiers, revenue growing by at least this much (or buying in
    /// the last growth period after nothing in the one before) … Default 30 %.
    pub promising_growth_percent: f64,
    /// … and a total score at least this. Default 55 (the default B bar).
    pub promising_min_score: f64,
    /// Warn when D customers exceed this share of active graded customers. Default 3 %.
    pub d_share_alert_percent: f64,
    pub policies: Vec<ResourcePolicy>,
}

impl Default for PortfolioSettings {
    fn default() -> Self {
        PortfolioSettings {
            window_days: 730,
            core_percent: 5.0,
            next_percent: 20.0,
            rank_by: RankMeasure::Profit,
            growth_days: 365,
            promising_growth_percent: 30.0,
            promising_min_score: 55.0,
            d_share_alert_percent: 3.0,
            policies: default_policies(),
        }
    }
}

impl PortfolioSettings {
    /// The key-account shares checked: a core of more than 0 and at most 100 %, a next tier of 0
    /// to 100 %, the two together at most 100 %.
    pub fn validate(&self) -> Vec<SettingsError> {
        let mut errors = Vec::new();
        if !(self.core_percent > 0.0 && self.core_percent <= 100.0) {
            errors.push(SettingsError::CorePercentOutOfRange);
        }
        if !(0.0..=100.0).contains(&self.next_percent) {
            errors.push(SettingsError::NextPercentOutOfRange);
        } else if errors.is_empty() && self.core_percent + self.next_percent > 100.0 {
            errors.push(SettingsError::TiersOverHundred);
        }
        errors
    }

    /// The policy of `grade`, the default one where the settings lack it.
    pub fn policy(&self, grade: Grade) -> ResourcePolicy {
        self.policies
            .iter()
            .find(|p| p.grade == grade)
            .cloned()
            .unwrap_or_else(|| default_policies().swap_remove(grade.index()))
    }

    /// Replaces the policy of `policy.grade`, keeping one per grade in grade order.
    pub fn set_policy(&mut self, policy: ResourcePolicy) {
        let mut policies: Vec<ResourcePolicy> = Grade::ALL.iter().map(|g| self.policy(*g)).collect();
        let index = policy.grade.index();
        policies[index] = policy;
        self.policies = policies;
    }
}

labelled_enum!(
    /// Key-account tiers (seed 002); designated: made a key account by the company, outside the
    /// core and next tiers.
    KeyTier { Core = "core", Next = "next", Promising = "promising", Designated = "designated" }
);

/// One ranked customer.
#[derive(Clone, Debug, PartialEq)]
pub struct ParetoRow {
    pub customer_id: Id,
    /// 1 for the most profitable.
    pub rank: u32,
    pub revenue: Cny,
    pub profit: Cny,
    /// The ranking measure (profit or revenue) of this and every higher-ranked customer, % of
    /// the total (profit may pass 100 before loss-making customers bring it back).
    pub cumulative_percent: f64,
    /// This rank, % of ranked customers.
    pub cumulative_customer_percent: f64,
    /// Revenue change over the growth period, %; `None` when there was none before.
    pub growth_percent: Option<f64>,
    pub tier: Option<KeyTier>,
    /// The company holds it a key account (whatever its tier).
    pub designated: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TierSummary {
    pub tier: KeyTier,
    pub customers: u32,
    pub revenue_percent: f64,
    pub profit_percent: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Portfolio {
    /// Customers not lost with counted orders in the window, the highest ranking measure first
    /// (ties: the other measure, then lower id).
    pub rows: Vec<ParetoRow>,
    pub revenue: Cny,
    pub profit: Cny,
    /// Core, next, promising.
    pub tiers: Vec<TierSummary>,
    /// The fewest top customers bringing 80 % of the ranking measure (the 80/20 check); `None`
    /// without any.
    pub customers_for_80_percent: Option<u32>,
}

/// The ranking and tiers; `scores` as recomputed for `customers` (for the promising tier).
pub fn portfolio(
    customers: &[Customer],
    orders: &[Order],
    scores: &[CustomerScore],
    settings: &PortfolioSettings,
    today: Date,
) -> Portfolio {
    let window = settings.window_days as i32;
    let growth = settings.growth_days.max(1) as i32;
    #[derive(Clone, Copy, Default)]
    struct Sums {
        in_window: bool,
        revenue: Cny,
        profit: Cny,
        recent: Cny,
        before: Cny,
    }
    let positions = Positions::new(customers);
    let mut sums = vec![Sums::default(); customers.len()];
    for order in orders.iter().filter(|o| counts(o, today)) {
        let Some(p) = positions.get(order.customer_id) else { continue };
        let age = today.days_since(order.ordered.expect("a counted order has a date"));
        let revenue = order.revenue();
        let s = &mut sums[p];
        if age < window {
            s.in_window = true;
            s.revenue += revenue;
            s.profit += revenue - order.cost();
        }
        if age < growth {
            s.recent += revenue;
        } else if age < 2 * growth {
            s.before += revenue;
        }
    }
    struct Ranked {
        position: usize,
        revenue: Cny,
        profit: Cny,
        recent: Cny,
        before: Cny,
    }
    let mut ranked: Vec<Ranked> = sums
        .iter()
        .enumerate()
        .filter(|(p, s)| s.in_window && customers[*p].lifecycle != Lifecycle::Lost)
        .map(|(position, s)| Ranked {
            position,
            revenue: s.revenue,
            profit: s.profit,
            recent: s.recent,
            before: s.before,
        })
        .collect();
    let key = |r: &Ranked| match settings.rank_by {
        RankMeasure::Profit => (r.profit, r.revenue),
        RankMeasure::Revenue => (r.revenue, r.profit),
    };
    ranked.sort_by(|a, b| key(b).cmp(&key(a)).then(customers[a.position].id.cmp(&customers[b.position].id)));
    let n = ranked.len();
    let revenue: Cny = ranked.iter().map(|r| r.revenue).sum();
    let profit: Cny = ranked.iter().map(|r| r.profit).sum();
    let share = |part: Cny, whole: Cny| if whole > Cny::ZERO { part.yuan() * 100.0 / whole.yuan() } else { 0.0 };
    let count_for = |percent: f64| ((n as f64 * percent / 100.0).ceil() as usize).min(n);
    let core = count_for(settings.core_percent);
    let top = count_for(settings.core_percent + settings.next_percent).max(core);

    let total = key_total(settings.rank_by, revenue, profit);
    let mut cumulative = Cny::ZERO;
    let rows: Vec<ParetoRow> = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            cumulative += key(r).0;
            let growth_percent = (r.before > Cny::ZERO).then(|| share(r.recent - r.before, r.before));
            let growing = match growth_percent {
                Some(g) => g >= settings.promising_growth_percent,
                None => r.recent > Cny::ZERO,
            };
            let designated = customers[r.position].key_account;
            let tier = if i < core {
                Some(KeyTier::Core)
            } else if i < top {
                Some(KeyTier::Next)
            } else if designated {
                Some(KeyTier::Designated)
            } else if growing && scores.get(r.position).is_some_and(|s| s.total >= settings.promising_min_score) {
                Some(KeyTier::Promising)
            } else {
                None
            };
            ParetoRow {
                customer_id: customers[r.position].id,
                rank: i as u32 + 1,
                revenue: r.revenue,
                profit: r.profit,
                cumulative_percent: share(cumulative, total),
                cumulative_customer_percent: (i + 1) as f64 * 100.0 / n as f64,
                growth_percent,
                tier,
                designated,
            }
        })
        .collect();
    let tiers = KeyTier::ALL
        .iter()
        .map(|&tier| {
            let members = rows.iter().filter(|r| r.tier == Some(tier));
            let (count, rev, prof) =
                members.fold((0, Cny::ZERO, Cny::ZERO), |(c, rv, pf), r| (c + 1, rv + r.revenue, pf + r.profit));
            TierSummary {
                tier,
                customers: count,
                revenue_percent: share(rev, revenue),
                profit_percent: share(prof, profit),
            }
        })
        .collect();
    let customers_for_80_percent = (total > Cny::ZERO)
        .then(|| rows.iter().position(|r| r.cumulative_percent >= 80.0 - 1e-9).map(|i| i as u32 + 1))
        .flatten();
    Portfolio { rows, revenue, profit, tiers, customers_for_80_percent }
}

/// The whole of the ranking measure over the ranked customers.
fn key_total(measure: RankMeasure, revenue: Cny, profit: Cny) -> Cny {
    match measure {
        RankMeasure::Profit => profit,
        RankMeasure::Revenue => revenue,
    }
}

/// Grades of active customers and the D-share alert.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Distribution {
    /// Every customer.
    pub all: GradeCounts,
    /// Existing (现有) customers: the ones being served.
    pub active: GradeCounts,
    /// D ÷ graded active customers, %; `None` without graded active customers.
    pub d_percent: Option<f64>,
    /// D share above the settings' threshold (docs/domain.md §2: keep it under 3 %).
    pub d_alert: bool,
}

pub fn distribution(customers: &[Customer], scores: &[CustomerScore], settings: &PortfolioSettings) -> Distribution {
    let all = GradeCounts::of(scores.iter().map(|s| s.grade));
    let active = GradeCounts::of(
        customers.iter().zip(scores).filter(|(c, _)| c.lifecycle == Lifecycle::Existing).map(|(_, s)| s.grade),
    );
    let graded: u32 = active.graded.iter().sum();
    let d_percent = (graded > 0).then(|| f64::from(active.get(Grade::D)) * 100.0 / f64::from(graded));
    let d_alert = d_percent.is_some_and(|d| d > settings.d_share_alert_percent);
    Distribution { all, active, d_percent, d_alert }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::fixtures::{customer, day, line, order};
    use crate::domain::model::ProductKind;

    fn score(customer_id: Id, total: f64, grade: Option<Grade>) -> CustomerScore {
        CustomerScore { customer_id, total, grade, ..CustomerScore::default() }
    }

    /// 20 customers: customer k (1..=20) made a profit of ¥(21 − k) × 1,000 on ten times that
    /// revenue, so the ranking follows the ids; customer 20's huge low-margin order adds volume,
    /// not rank.
    #[test]
    fn ranks_by_profit_and_marks_tiers() {
        let today = day(2024, 12, 31);
        let customers: Vec<Customer> = (1..=20).map(|id| customer(id, Lifecycle::Existing)).collect();
        let mut orders: Vec<Order> = (1..=20)
            .map(|id| {
                let profit = (21 - id as i64) * 1_000;
                order(id, day(2024, 6, 1), vec![line(ProductKind::Parts, 1, profit * 10, profit * 9)])
            })
            .collect();
        // Customer 20 buys the most but at ¥1 profit: still last but for its profit.
        orders.push(order(20, day(2024, 6, 1), vec![line(ProductKind::Machine, 1, 10_000_000, 9_999_999)]));
        // Customer 19 grew from ¥1,000 the year before; the others bought nothing then.
        orders.push(order(19, day(2023, 6, 1), vec![line(ProductKind::Parts, 1, 1_000, 1_000)]));
        // Orders outside the window and lost customers do not rank.
        orders.push(order(21, day(2024, 6, 1), vec![line(ProductKind::Parts, 1, 1_000_000, 0)]));
        orders.push(order(22, day(2020, 6, 1), vec![line(ProductKind::Parts, 1, 1_000_000, 0)]));
        let mut all = customers.clone();
        all.push(customer(21, Lifecycle::Lost));
        all.push(customer(22, Lifecycle::Existing));
        let mut scores: Vec<CustomerScore> = all.iter().map(|c| score(c.id, 50.0, Some(Grade::C))).collect();
        scores[18].total = 60.0; // customer 19
        scores[17].total = 54.0; // customer 18: growing but below the score bar
        scores[16].total = 80.0; // customer 17: new this year (nothing before), high score
        let got = portfolio(&all, &orders, &scores, &PortfolioSettings::default(), today);
        let ids: Vec<Id> = got.rows.iter().map(|r| r.customer_id).collect();
        assert_eq!(ids, (1..=20).collect::<Vec<_>>());
        // Core: ceil(20 × 5 %) = 1; next: ceil(20 × 25 %) − 1 = 4.
        let tiers: Vec<Option<KeyTier>> = got.rows.iter().map(|r| r.tier).collect();
        assert_eq!(tiers[0], Some(KeyTier::Core));
        assert!(tiers[1..5].iter().all(|t| *t == Some(KeyTier::Next)));
        assert_eq!(tiers[16], Some(KeyTier::Promising), "customer 17: new, score 80");
        assert_eq!(tiers[17], None, "customer 18: score 54");
        assert_eq!(tiers[18], Some(KeyTier::Promising), "customer 19: grew, score 60");
        assert_eq!(tiers[5], None, "customer 6: new but score 50");
        // Customer 19 grew from ¥1,000 to ¥20,000: +1,900 %.
        assert_eq!(got.rows[18].growth_percent, Some(1_900.0));
        assert_eq!(got.rows[0].growth_percent, None);
        // Total profit: 1,000 × (1 + … + 20) + 1 = 210,001.
        assert_eq!(got.profit, Cny::from_yuan(210_001));
        let first = &got.rows[0];
        assert!((first.cumulative_percent - 20_000.0 * 100.0 / 210_001.0).abs() < 1e-9);
        assert_eq!(first.cumulative_customer_percent, 5.0);
        assert!((got.rows[19].cumulative_percent - 100.0).abs() < 1e-9);
        // 80 % of 210,001 = 168,000.8: 20 + 19 + … + 10 = 165,000, + 9 = 174,000 at rank 12.
        assert_eq!(got.customers_for_80_percent, Some(12));
        let core = got.tiers[0];
        assert_eq!((core.tier, core.customers), (KeyTier::Core, 1));
        assert!((core.profit_percent - 20_000.0 * 100.0 / 210_001.0).abs() < 1e-9);
        assert_eq!(got.tiers[1].customers, 4);
        assert_eq!(got.tiers[2].customers, 2);
        assert_eq!(got.tiers[3].customers, 0);
        assert!(got.rows.iter().all(|r| !r.designated));
    }

    /// Rule 5 of issue 24, hand-worked on four customers: A ¥100 revenue ¥50 profit, B ¥400 / ¥40,
    /// C ¥300 / ¥30, D ¥200 / ¥20 (D designated a key account). By profit: A B C D; by revenue:
    /// B C D A. With a core of 25 % and next of 25 % (one customer each) D is designated unless
    /// it ranks into a tier.
    #[test]
    fn the_ranking_measure_tiers_and_designated_key_accounts_follow_the_settings() {
        let today = day(2024, 12, 31);
        let sale = |id, revenue, profit| {
            order(id, day(2024, 6, 1), vec![line(ProductKind::Parts, 1, revenue, revenue - profit)])
        };
        let orders = [sale(1, 100, 50), sale(2, 400, 40), sale(3, 300, 30), sale(4, 200, 20)];
        let mut customers: Vec<Customer> = (1..=4).map(|id| customer(id, Lifecycle::Existing)).collect();
        customers[3].key_account = true;
        let scores: Vec<CustomerScore> = customers.iter().map(|c| score(c.id, 40.0, Some(Grade::C))).collect();
        use KeyTier::{Core, Designated, Next};
        for (rank_by, core_percent, next_percent, ids, tiers, cumulative, for_80) in [
            (
                RankMeasure::Profit,
                25.0,
                25.0,
                [1, 2, 3, 4],
                [Some(Core), Some(Next), None, Some(Designated)],
                [35.7, 64.3, 85.7, 100.0],
                3,
            ),
            (
                RankMeasure::Revenue,
                25.0,
                25.0,
                [2, 3, 4, 1],
                [Some(Core), Some(Next), Some(Designated), None],
                [40.0, 70.0, 90.0, 100.0],
                3,
            ),
            // A core of 50 % takes two, a next of 50 % the other two: D is in a tier, still designated.
            (
                RankMeasure::Revenue,
                50.0,
                50.0,
                [2, 3, 4, 1],
                [Some(Core), Some(Core), Some(Next), Some(Next)],
                [40.0, 70.0, 90.0, 100.0],
                3,
            ),
            // The seed's 5 % and 20 %: ceil(4 × 5 %) = 1 core, ceil(4 × 25 %) − 1 = 0 next.
            (
                RankMeasure::Profit,
                5.0,
                20.0,
                [1, 2, 3, 4],
                [Some(Core), None, None, Some(Designated)],
                [35.7, 64.3, 85.7, 100.0],
                3,
            ),
        ] {
            let settings = PortfolioSettings { rank_by, core_percent, next_percent, ..PortfolioSettings::default() };
            let got = portfolio(&customers, &orders, &scores, &settings, today);
            let case = format!("{rank_by:?} {core_percent}/{next_percent}");
            assert_eq!(got.rows.iter().map(|r| r.customer_id).collect::<Vec<_>>(), ids, "{case}");
            assert_eq!(got.rows.iter().map(|r| r.tier).collect::<Vec<_>>(), tiers, "{case}");
            let shares: Vec<f64> = got.rows.iter().map(|r| (r.cumulative_percent * 10.0).round() / 10.0).collect();
            assert_eq!(shares, cumulative, "{case}");
            assert_eq!(got.customers_for_80_percent, Some(for_80), "{case}");
            let designated: Vec<Id> = got.rows.iter().filter(|r| r.designated).map(|r| r.customer_id).collect();
            assert_eq!(designated, [4], "{case}");
        }
    }

    #[test]
    fn key_account_shares_are_checked() {
        for (core_percent, next_percent, expected) in [
            (5.0, 20.0, vec![]),
            (100.0, 0.0, vec![]),
            (0.0, 20.0, vec![SettingsError::CorePercentOutOfRange]),
            (5.0, -1.0, vec![SettingsError::NextPercentOutOfRange]),
            (f64::NAN, 101.0, vec![SettingsError::CorePercentOutOfRange, SettingsError::NextPercentOutOfRange]),
            (60.0, 50.0, vec![SettingsError::TiersOverHundred]),
        ] {
            let settings = PortfolioSettings { core_percent, next_percent, ..PortfolioSettings::default() };
            assert_eq!(settings.validate(), expected, "{core_percent} {next_percent}");
        }
        let stored: PortfolioSettings = serde_json::from_str(r#"{"core_percent":10.0}"#).unwrap();
        assert_eq!((stored.core_percent, stored.rank_by), (10.0, RankMeasure::Profit));
    }

    #[test]
    fn an_empty_base_has_no_ranking() {
        let got = portfolio(&[], &[], &[], &PortfolioSettings::default(), day(2024, 1, 1));
        assert_eq!(got, Portfolio { tiers: got.tiers.clone(), ..Portfolio::default() });
        assert_eq!(got.customers_for_80_percent, None);
    }

    #[test]
    fn d_share_alert_counts_active_customers_only() {
        let check = |grades: &[(Lifecycle, Option<Grade>)], d_percent: Option<f64>, alert: bool| {
            let customers: Vec<Customer> = grades.iter().enumerate().map(|(i, (l, _))| customer(i as Id, *l)).collect();
            let scores: Vec<CustomerScore> =
                grades.iter().enumerate().map(|(i, (_, g))| score(i as Id, 0.0, *g)).collect();
            let got = distribution(&customers, &scores, &PortfolioSettings::default());
            assert_eq!((got.d_percent, got.d_alert), (d_percent, alert), "{grades:?}");
            assert_eq!(got.all.graded.iter().sum::<u32>() + got.all.ungraded, grades.len() as u32);
        };
        let mut base = vec![(Lifecycle::Existing, Some(Grade::A)); 32];
        base.push((Lifecycle::Existing, Some(Grade::D)));
        // 1 of 33 = 3.03 %: above 3 %.
        check(&base, Some(100.0 / 33.0), true);
        base.push((Lifecycle::Existing, Some(Grade::B)));
        // 1 of 34 = 2.94 %.
        check(&base, Some(100.0 / 34.0), false);
        // Lost D customers and ungraded prospects do not count.
        base.push((Lifecycle::Lost, Some(Grade::D)));
        base.push((Lifecycle::Potential, None));
        check(&base, Some(100.0 / 34.0), false);
        check(&[(Lifecycle::Potential, None)], None, false);
    }

    #[test]
    fn policies_default_per_grade() {
        let settings = PortfolioSettings {
            policies: vec![ResourcePolicy {
                grade: Grade::C,
                stance: Stance::Develop,
                visit_every_days: 90,
                service_priority: ServicePriority::High,
                advice: String::new(),
            }],
            ..PortfolioSettings::default()
        };
        assert_eq!(settings.policy(Grade::C).visit_every_days, 90);
        assert_eq!(settings.policy(Grade::A), default_policies()[0]);
        assert_eq!(settings.policy(Grade::D).stance, Stance::Abandon);
        let grades: Vec<Grade> = default_policies().iter().map(|p| p.grade).collect();
        assert_eq!(grades, Grade::ALL);
    }

    #[test]
    fn a_set_policy_replaces_only_its_grade() {
        let mut settings = PortfolioSettings { policies: Vec::new(), ..PortfolioSettings::default() };
        let advice = "季度拜访，优先备件".to_owned();
        settings.set_policy(ResourcePolicy {
            visit_every_days: 45,
            advice: advice.clone(),
            ..settings.policy(Grade::B)
        });
        assert_eq!(settings.policies.len(), Grade::COUNT);
        assert_eq!(settings.policy(Grade::B).visit_every_days, 45);
        assert_eq!(settings.policy(Grade::B).advice, advice);
        assert_eq!(settings.policy(Grade::B).stance, Stance::Develop);
        for grade in [Grade::A, Grade::C, Grade::D] {
            assert_eq!(settings.policy(grade), default_policies()[grade.index()]);
        }
    }

    #[test]
    fn visit_days_are_whole_days_up_to_ten_years() {
        for (text, expected) in [
            ("30", Some(30)),
            (" 0 ", Some(0)),
            ("3650", Some(3650)),
            ("3651", None),
            ("-1", None),
            ("7.5", None),
            ("", None),
        ] {
            assert_eq!(parse_visit_days(text), expected, "{text:?}");
        }
    }
}
