//! The 12 indicators of docs/domain.md §2, the measures each is scored from, the user's ratings, and
//! the raw values a customer's orders give.
//!
//! An indicator is scored from one or two measures (order profit rate *and* share of total
//! profit, say); its score is the mean of its measures' scores, each 0–100 by its rule in
//! [`super::settings`]. Eight indicators are derived from orders, four are rated by the user.

use crate::domain::date::Date;
use crate::domain::model::{labelled_enum, Id, Order, OrderStatus, ProductKind};
use crate::domain::money::Cny;
use serde::{Deserialize, Serialize};

use super::grade::Grade;

labelled_enum!(
    /// The 12 weighted indicators of docs/domain.md §2, in its order.
    Indicator {
        /// 订单利润率 and share of total profit.
        Profit = "profit",
        /// 订单规模及翻单频率.
        SizeFrequency = "size_frequency",
        /// 订单组成结构: product varieties per order, scored in the direction the settings choose.
        Composition = "composition",
        /// 付款方式: more prepayment higher, longer credit lower.
        PaymentTerms = "payment_terms",
        /// 行业影响力 (rated).
        IndustryInfluence = "industry_influence",
        /// 合作时间 since the first order.
        Cooperation = "cooperation",
        /// 新产品开发能力 (rated).
        NewProduct = "new_product",
        /// 出货效率: order ready → shipped.
        Shipping = "shipping",
        /// 付款效率: documents sent → paid.
        Payment = "payment",
        /// 价格敏感度 (rated): higher sensitivity scores lower.
        PriceSensitivity = "price_sensitivity",
        /// 沟通效率 (rated).
        Communication = "communication",
        /// 索赔合理性: low claim rate, accepts fair settlement.
        Claims = "claims",
    }
);

labelled_enum!(
    /// What an indicator is scored from. Units are those of [`Raw`].
    Measure {
        /// Profit ÷ revenue of the counted orders, %.
        Margin = "margin",
        /// The customer's profit ÷ the whole base's profit, %.
        ProfitShare = "profit_share",
        /// Revenue per counted order, yuan.
        AverageOrder = "average_order",
        /// Counted orders per year since the first one (at least one year is assumed, so a
        /// new customer's two orders in a month are not read as 24 a year).
        OrdersPerYear = "orders_per_year",
        /// Product varieties (产品种类, seed 003) per order, mean: the distinct products of its
        /// lines, told apart by kind and name (trimmed, ASCII case ignored). The stored name is
        /// the one it had when it counted machine / parts / service, so stored rules still read.
        KindsPerOrder = "kinds_per_order",
        /// Share paid in advance, %, mean over orders.
        Prepaid = "prepaid",
        /// Agreed credit days, mean over orders.
        CreditDays = "credit_days",
        /// Years from the first counted order to today (to the last order for a lost customer).
        CooperationYears = "cooperation_years",
        /// Days from order ready to shipped, mean over shipped orders.
        ShippingDays = "shipping_days",
        /// Days paid after documents were sent beyond the agreed credit days, mean over paid
        /// orders (never below 0). The credit length itself is scored by payment terms; this
        /// scores keeping to them.
        PaymentDelay = "payment_delay",
        /// Shipped orders with a claim, %.
        ClaimRate = "claim_rate",
        /// Claims the customer settled fairly, % of its claims (no claims: no value).
        SettledClaims = "settled_claims",
        /// The user's rating 1–5.
        InfluenceRating = "influence_rating",
        NewProductRating = "new_product_rating",
        /// 1 = hardly sensitive, 5 = very sensitive.
        PriceSensitivityRating = "price_sensitivity_rating",
        CommunicationRating = "communication_rating",
    }
);

/// Where an indicator's values come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Orders,
    Rating,
}

impl Indicator {
    pub const COUNT: usize = 12;

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn source(self) -> Source {
        match self {
            Indicator::IndustryInfluence
            | Indicator::NewProduct
            | Indicator::PriceSensitivity
            | Indicator::Communication => Source::Rating,
            _ => Source::Orders,
        }
    }

    pub fn measures(self) -> &'static [Measure] {
        use Measure::*;
        match self {
            Indicator::Profit => &[Margin, ProfitShare],
            Indicator::SizeFrequency => &[AverageOrder, OrdersPerYear],
            Indicator::Composition => &[KindsPerOrder],
            Indicator::PaymentTerms => &[Prepaid, CreditDays],
            Indicator::IndustryInfluence => &[InfluenceRating],
            Indicator::Cooperation => &[CooperationYears],
            Indicator::NewProduct => &[NewProductRating],
            Indicator::Shipping => &[ShippingDays],
            Indicator::Payment => &[PaymentDelay],
            Indicator::PriceSensitivity => &[PriceSensitivityRating],
            Indicator::Communication => &[CommunicationRating],
            Indicator::Claims => &[ClaimRate, SettledClaims],
        }
    }

    /// Whether the indicator measures how much business there is. Without any counted order
    /// there is none, so it scores 0; the others (how the business goes) take the neutral
    /// no-data score instead.
    pub fn is_volume(self) -> bool {
        matches!(self, Indicator::Profit | Indicator::SizeFrequency | Indicator::Cooperation)
    }
}

impl Measure {
    pub const COUNT: usize = 16;

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn indicator(self) -> Indicator {
        Indicator::ALL
            .iter()
            .copied()
            .find(|indicator| indicator.measures().contains(&self))
            .expect("every measure belongs to one indicator")
    }
}

/// Whether an order counts for value and retention: confirmed, shipped or completed, and
/// ordered by `today`. Drafts are not yet orders and cancelled ones never became business.
pub fn counts(order: &Order, today: Date) -> bool {
    matches!(order.status, OrderStatus::Confirmed | OrderStatus::Shipped | OrderStatus::Completed)
        && order.ordered.is_some_and(|date| date <= today)
}

/// The user's assessment of one customer: the four rated indicators (1–5, 0 = not rated,
/// like supplier ratings) and the grade the user confirmed, which [`super::learn`] learns from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ratings {
    pub customer_id: Id,
    pub industry_influence: u8,
    pub new_product: u8,
    /// 1 = hardly sensitive to price, 5 = very sensitive.
    pub price_sensitivity: u8,
    pub communication: u8,
    pub confirmed_grade: Option<Grade>,
}

/// Highest rating; 0 means not rated.
pub const MAX_RATING: u8 = 5;

impl Ratings {
    /// The rating behind a rated measure, `None` when not rated (0 or out of range).
    pub fn rating(&self, measure: Measure) -> Option<u8> {
        let value = match measure {
            Measure::InfluenceRating => self.industry_influence,
            Measure::NewProductRating => self.new_product,
            Measure::PriceSensitivityRating => self.price_sensitivity,
            Measure::CommunicationRating => self.communication,
            _ => return None,
        };
        (1..=MAX_RATING).contains(&value).then_some(value)
    }
}

/// Sums over one customer's counted orders, from which its derived raw values follow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderTally {
    pub orders: u32,
    /// Fen.
    pub revenue: i64,
    /// Fen.
    pub cost: i64,
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// Orders with at least one line, and the sum of their product varieties.
    pub orders_with_lines: u32,
    pub varieties: u32,
    pub prepaid_percent: u32,
    pub credit_days: u32,
    pub shipped: u32,
    pub shipping_days: i64,
    pub paid: u32,
    pub payment_delay_days: i64,
    pub claims: u32,
    pub settled_claims: u32,
}

impl OrderTally {
    /// Adds one counted order and returns its revenue (so a caller binning revenue by date
    /// need not walk the lines again).
    pub fn add(&mut self, order: &Order) -> Cny {
        self.orders += 1;
        if let Some(date) = order.ordered {
            self.first = Some(self.first.map_or(date, |first| first.min(date)));
            self.last = Some(self.last.map_or(date, |last| last.max(date)));
        }
        // One pass over the lines: they are most of an order's bytes. An order has few lines, so
        // the products seen are searched in a list, borrowed, not hashed or copied.
        let mut products: Vec<(ProductKind, &str)> = Vec::new();
        let mut revenue = 0;
        for line in &order.lines {
            let quantity = i64::from(line.quantity);
            revenue += line.unit_price.fen() * quantity;
            self.cost += line.unit_cost.fen() * quantity;
            let product = (line.kind, line.product.trim());
            if !products.iter().any(|(kind, name)| *kind == product.0 && name.eq_ignore_ascii_case(product.1)) {
                products.push(product);
            }
        }
        if !products.is_empty() {
            self.orders_with_lines += 1;
            self.varieties += products.len() as u32;
        }
        self.prepaid_percent += u32::from(order.prepaid_percent.min(100));
        self.credit_days += u32::from(order.credit_days);
        if let Some(shipped) = order.shipped {
            self.shipped += 1;
            if let Some(ready) = order.ready {
                self.shipping_days += i64::from(shipped.days_since(ready).max(0));
            }
            if let Some(claim) = &order.claim {
                self.claims += 1;
                self.settled_claims += u32::from(claim.settled);
            }
        }
        if let (Some(sent), Some(paid)) = (order.documents_sent, order.paid) {
            self.paid += 1;
            let late = paid.days_since(sent) - i32::from(order.credit_days);
            self.payment_delay_days += i64::from(late.max(0));
        }
        self.revenue += revenue;
        Cny(revenue)
    }

    pub fn profit(&self) -> i64 {
        self.revenue - self.cost
    }

    /// The derived raw values. `total_profit` is the whole base's profit in fen; `cooperation_end`
    /// is today, or a lost customer's last order.
    pub fn raw(&self, total_profit: i64, cooperation_end: Date, today: Date) -> Raw {
        let mut raw = Raw::default();
        if self.orders == 0 {
            return raw;
        }
        let orders = f64::from(self.orders);
        let ratio = |part: f64, whole: f64| (whole > 0.0).then(|| part / whole);
        raw.set(Measure::Margin, ratio(self.profit() as f64 * 100.0, self.revenue as f64));
        raw.set(Measure::ProfitShare, ratio(self.profit() as f64 * 100.0, total_profit as f64));
        raw.set(Measure::AverageOrder, Some(self.revenue as f64 / 100.0 / orders));
        let first = self.first.unwrap_or(today);
        let span_years = f64::from(today.days_since(first).max(365)) / 365.25;
        raw.set(Measure::OrdersPerYear, Some(orders / span_years));
        raw.set(Measure::KindsPerOrder, ratio(f64::from(self.varieties), f64::from(self.orders_with_lines)));
        raw.set(Measure::Prepaid, Some(f64::from(self.prepaid_percent) / orders));
        raw.set(Measure::CreditDays, Some(f64::from(self.credit_days) / orders));
        raw.set(Measure::CooperationYears, Some(f64::from(cooperation_end.days_since(first).max(0)) / 365.25));
        raw.set(Measure::ShippingDays, ratio(self.shipping_days as f64, f64::from(self.shipped)));
        raw.set(Measure::PaymentDelay, ratio(self.payment_delay_days as f64, f64::from(self.paid)));
        raw.set(Measure::ClaimRate, ratio(f64::from(self.claims) * 100.0, f64::from(self.shipped)));
        raw.set(Measure::SettledClaims, ratio(f64::from(self.settled_claims) * 100.0, f64::from(self.claims)));
        raw
    }
}

/// A customer's raw value of each measure, `None` where there is nothing to measure (no
/// shipped order for shipping days, not rated, …).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Raw {
    pub values: [Option<f64>; Measure::COUNT],
}

impl Raw {
    pub fn get(&self, measure: Measure) -> Option<f64> {
        self.values[measure.index()]
    }

    pub fn set(&mut self, measure: Measure, value: Option<f64>) {
        self.values[measure.index()] = value;
    }

    /// Adds the rated measures from the user's ratings.
    pub fn rate(&mut self, ratings: &Ratings) {
        for indicator in Indicator::ALL.iter().filter(|i| i.source() == Source::Rating) {
            for &measure in indicator.measures() {
                self.set(measure, ratings.rating(measure).map(f64::from));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::fixtures::{day, line, order};
    use crate::domain::model::Claim;

    #[test]
    fn every_measure_belongs_to_exactly_one_indicator() {
        let mut seen = [0; Measure::COUNT];
        for indicator in Indicator::ALL {
            for measure in indicator.measures() {
                seen[measure.index()] += 1;
                assert_eq!(measure.indicator(), *indicator);
            }
        }
        assert_eq!(seen, [1; Measure::COUNT]);
        assert_eq!(Indicator::ALL.len(), Indicator::COUNT);
        assert_eq!(Measure::ALL.len(), Measure::COUNT);
        let rated = Indicator::ALL.iter().filter(|i| i.source() == Source::Rating).count();
        assert_eq!(rated, 4);
    }

    #[test]
    fn only_confirmed_shipped_and_completed_orders_up_to_today_count() {
        let today = day(2024, 6, 30);
        for (status, ordered, expected) in [
            (OrderStatus::Draft, Some(day(2024, 1, 1)), false),
            (OrderStatus::Cancelled, Some(day(2024, 1, 1)), false),
            (OrderStatus::Confirmed, Some(day(2024, 1, 1)), true),
            (OrderStatus::Shipped, Some(day(2024, 6, 30)), true),
            (OrderStatus::Completed, Some(day(2024, 1, 1)), true),
            (OrderStatus::Completed, Some(day(2024, 7, 1)), false),
            (OrderStatus::Completed, None, false),
        ] {
            let o = Order { status, ordered, ..Order::default() };
            assert_eq!(counts(&o, today), expected, "{status:?} {ordered:?}");
        }
    }

    #[test]
    fn ratings_outside_one_to_five_are_not_rated() {
        for (value, expected) in [(0, None), (1, Some(1)), (5, Some(5)), (6, None)] {
            let ratings = Ratings { communication: value, ..Ratings::default() };
            assert_eq!(ratings.rating(Measure::CommunicationRating), expected);
            assert_eq!(ratings.rating(Measure::Margin), None);
        }
    }

    /// Each derived measure from a small hand-built order list; values worked out by hand.
    #[test]
    fn derived_raw_values() {
        let today = day(2024, 12, 31);
        // Order 1: machine ¥100,000 cost ¥90,000 + parts ¥10,000 cost ¥6,000 (2 kinds),
        // ready 01-10 shipped 01-13 (3 days), documents 01-14 paid 03-14 (60 days, 30 credit → 30
        // late), 20 % prepaid, claim settled.
        let mut first = order(1, day(2024, 1, 1), vec![line(ProductKind::Machine, 1, 100_000, 90_000)]);
        first.lines.push(line(ProductKind::Parts, 2, 5_000, 3_000));
        first.ready = Some(day(2024, 1, 10));
        first.shipped = Some(day(2024, 1, 13));
        first.documents_sent = Some(day(2024, 1, 14));
        first.paid = Some(day(2024, 3, 14));
        first.prepaid_percent = 20;
        first.credit_days = 30;
        first.claim = Some(Claim { amount: Cny::from_yuan(1_000), reason: String::new(), settled: true });
        // Order 2: service ¥10,000 cost ¥7,000 (1 kind), ready 06-01 shipped 06-08 (7 days),
        // paid before documents (prepaid 100 %: no delay), no credit.
        let mut second = order(1, day(2024, 6, 1), vec![line(ProductKind::Service, 1, 10_000, 7_000)]);
        second.ready = Some(day(2024, 6, 1));
        second.shipped = Some(day(2024, 6, 8));
        second.documents_sent = Some(day(2024, 6, 9));
        second.paid = Some(day(2024, 6, 1));
        second.prepaid_percent = 100;
        let mut tally = OrderTally::default();
        tally.add(&first);
        tally.add(&second);
        // Revenue 110,000 + 10,000, cost 96,000 + 7,000, profit 17,000; the base's profit 80,000.
        let raw = tally.raw(8_000_000, today, today);
        let check = |measure: Measure, expected: Option<f64>| {
            let got = raw.get(measure);
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{measure:?}: {g} ≠ {e}"),
                _ => assert_eq!(got, expected, "{measure:?}"),
            }
        };
        check(Measure::Margin, Some(1_700.0 / 120.0));
        check(Measure::ProfitShare, Some(21.25));
        check(Measure::AverageOrder, Some(60_000.0));
        // 365 days since the first order: a full year, two orders.
        check(Measure::OrdersPerYear, Some(2.0 * 365.25 / 365.0));
        check(Measure::KindsPerOrder, Some(1.5));
        check(Measure::Prepaid, Some(60.0));
        check(Measure::CreditDays, Some(15.0));
        check(Measure::CooperationYears, Some(365.0 / 365.25));
        check(Measure::ShippingDays, Some(5.0));
        check(Measure::PaymentDelay, Some(15.0));
        check(Measure::ClaimRate, Some(50.0));
        check(Measure::SettledClaims, Some(100.0));
        check(Measure::InfluenceRating, None);
    }

    /// Order composition counts products, not kinds (machine / parts / service): hand-counted
    /// orders, one per case.
    #[test]
    fn composition_counts_distinct_products() {
        use crate::domain::model::OrderLine;
        use ProductKind::{Machine, Parts, Service};
        let named = |kind, product: &str| OrderLine { product: product.to_owned(), ..line(kind, 1, 100, 80) };
        for (lines, expected) in [
            (vec![named(Machine, "SD16 loader")], Some(1.0)),
            // A full solution: the machine, two parts, a service: four, where kinds counted three.
            (
                vec![
                    named(Machine, "SD16 loader"),
                    named(Parts, "Oil filter"),
                    named(Parts, "Bucket tooth"),
                    named(Service, "Delivery inspection"),
                ],
                Some(4.0),
            ),
            // Five part numbers on a parts order are five products, where kinds counted one.
            (["A", "B", "C", "D", "E"].map(|p| named(Parts, p)).to_vec(), Some(5.0)),
            // One product on several lines, spaced or cased differently, is one.
            (vec![named(Parts, "Oil filter"), named(Parts, " oil filter "), named(Parts, "OIL FILTER")], Some(1.0)),
            // The same name under two kinds is two products; unnamed lines of one kind are one.
            (vec![named(Parts, "Pump"), named(Service, "Pump"), line(Parts, 1, 5, 4), line(Parts, 2, 5, 4)], Some(3.0)),
            (vec![], None),
        ] {
            let mut tally = OrderTally::default();
            tally.add(&order(1, day(2024, 1, 1), lines.clone()));
            let today = day(2024, 12, 31);
            assert_eq!(tally.raw(0, today, today).get(Measure::KindsPerOrder), expected, "{lines:?}");
        }
        // The mean over orders with lines: (1 + 4) / 2.
        let mut tally = OrderTally::default();
        tally.add(&order(1, day(2024, 1, 1), vec![named(Machine, "SD16")]));
        tally.add(&order(1, day(2024, 2, 1), ["A", "B", "C", "D"].map(|p| named(Parts, p)).to_vec()));
        tally.add(&order(1, day(2024, 3, 1), vec![]));
        let today = day(2024, 12, 31);
        assert_eq!(tally.raw(0, today, today).get(Measure::KindsPerOrder), Some(2.5));
    }

    #[test]
    fn missing_dates_leave_their_measures_empty() {
        let today = day(2024, 12, 31);
        let o = order(1, day(2024, 12, 1), vec![line(ProductKind::Parts, 1, 100, 80)]);
        let mut tally = OrderTally::default();
        tally.add(&o);
        let raw = tally.raw(0, today, today);
        for measure in [Measure::ShippingDays, Measure::PaymentDelay, Measure::ClaimRate, Measure::SettledClaims] {
            assert_eq!(raw.get(measure), None, "{measure:?}");
        }
        // No profit in the base: no share. A month-old customer counts as one year.
        assert_eq!(raw.get(Measure::ProfitShare), None);
        assert_eq!(raw.get(Measure::OrdersPerYear), Some(365.25 / 365.0));
        assert_eq!(OrderTally::default().raw(100, today, today), Raw::default());
    }

    #[test]
    fn cooperation_of_a_lost_customer_ends_at_its_last_order() {
        let today = day(2024, 12, 31);
        let mut tally = OrderTally::default();
        tally.add(&order(1, day(2020, 1, 1), vec![]));
        tally.add(&order(1, day(2022, 1, 1), vec![]));
        let raw = tally.raw(0, tally.last.unwrap(), today);
        assert_eq!(raw.get(Measure::CooperationYears), Some(731.0 / 365.25));
        assert_eq!(raw.get(Measure::KindsPerOrder), None);
    }

    #[test]
    fn rated_measures_come_from_ratings() {
        let mut raw = Raw::default();
        raw.rate(&Ratings { industry_influence: 4, price_sensitivity: 2, ..Ratings::default() });
        assert_eq!(raw.get(Measure::InfluenceRating), Some(4.0));
        assert_eq!(raw.get(Measure::PriceSensitivityRating), Some(2.0));
        assert_eq!(raw.get(Measure::NewProductRating), None);
        assert_eq!(raw.get(Measure::CommunicationRating), None);
    }
}
