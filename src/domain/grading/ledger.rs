//! What the computations read from the orders, per customer, in one pass over them in the
//! order given: the indicators' tallies, the churn flags' recent and previous order value and
//! open claims, and each customer's order dates (sorted, for its usual interval). Orders are
//! most of a workspace's bytes, so each is read once.

use crate::domain::date::Date;
use crate::domain::model::{Customer, Id, Order};
use crate::domain::money::Cny;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use super::indicators::{counts, OrderTally};

/// Positions of customers in the slice given, by id.
pub(super) struct Positions(HashMap<Id, usize, IdHash>);

impl Positions {
    pub(super) fn new(customers: &[Customer]) -> Positions {
        let mut map = HashMap::with_capacity_and_hasher(customers.len(), IdHash);
        map.extend(customers.iter().enumerate().map(|(p, c)| (c.id, p)));
        Positions(map)
    }

    pub(super) fn get(&self, id: Id) -> Option<usize> {
        self.0.get(&id).copied()
    }
}

/// Order value by period and unsettled claims of one customer.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Activity {
    /// Revenue of the last `window` days.
    pub(super) recent: Cny,
    /// Revenue of the `window` days before those, and its orders.
    pub(super) previous: Cny,
    pub(super) previous_orders: u32,
    pub(super) open_claims: u32,
    pub(super) open_claim_amount: Cny,
}

pub(super) struct Ledger {
    pub(super) positions: Positions,
    /// Indexed by customer position, like `activity`.
    pub(super) tallies: Vec<OrderTally>,
    pub(super) activity: Vec<Activity>,
    /// Customer `p`'s order dates are `dates[date_starts[p]..date_starts[p + 1]]`.
    date_starts: Vec<usize>,
    dates: Vec<Date>,
}

impl Ledger {
    /// Counted orders of the customers given; `window` days is the period order value is
    /// compared over.
    pub(super) fn new(customers: &[Customer], orders: &[Order], window: u32, today: Date) -> Ledger {
        let positions = Positions::new(customers);
        let mut tallies = vec![OrderTally::default(); customers.len()];
        let mut activity = vec![Activity::default(); customers.len()];
        let window = window.max(1) as i32;
        let mut dated: Vec<(u32, Date)> = Vec::with_capacity(orders.len());
        for order in orders {
            let Some(p) = positions.get(order.customer_id).filter(|_| counts(order, today)) else { continue };
            let date = order.ordered.expect("a counted order has a date");
            let revenue = tallies[p].add(order);
            let a = &mut activity[p];
            match today.days_since(date) {
                age if age < window => a.recent += revenue,
                age if age < 2 * window => {
                    a.previous += revenue;
                    a.previous_orders += 1;
                }
                _ => {}
            }
            if let Some(claim) = order.claim.as_ref().filter(|c| !c.settled) {
                a.open_claims += 1;
                a.open_claim_amount += claim.amount;
            }
            dated.push((p as u32, date));
        }
        // Counting sort of the dates by customer, then each customer's few dates in order.
        let mut date_starts = vec![0; customers.len() + 1];
        for (p, _) in &dated {
            date_starts[*p as usize + 1] += 1;
        }
        for p in 0..customers.len() {
            date_starts[p + 1] += date_starts[p];
        }
        let mut fill = date_starts.clone();
        let mut dates = vec![today; dated.len()];
        for (p, date) in dated {
            let slot = &mut fill[p as usize];
            dates[*slot] = date;
            *slot += 1;
        }
        for p in 0..customers.len() {
            dates[date_starts[p]..date_starts[p + 1]].sort_unstable();
        }
        Ledger { positions, tallies, activity, date_starts, dates }
    }

    /// The counted order dates of the customer at `position`, oldest first.
    pub(super) fn dates(&self, position: usize) -> &[Date] {
        &self.dates[self.date_starts[position]..self.date_starts[position + 1]]
    }
}

/// Hashes record ids with one multiplication (Fibonacci hashing) instead of SipHash: ids are
/// our own numbers, not attacker input, and a lookup per order is the pass's main cost.
#[derive(Clone, Copy, Default)]
pub(super) struct IdHash;

pub(super) struct IdHasher(u64);

impl BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

const FIBONACCI: u64 = 0x9E37_79B9_7F4A_7C15;

impl Hasher for IdHasher {
    /// The product's well-mixed high bits rotated down: the table indexes by the low bits, and
    /// browser ids (milliseconds × 1024 + a counter) share their low bits.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(FIBONACCI);
        }
    }

    fn write_u64(&mut self, id: u64) {
        self.0 = (self.0 ^ id).wrapping_mul(FIBONACCI);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::fixtures::{customer, day, line, order};
    use crate::domain::model::{Claim, Lifecycle, OrderStatus, ProductKind};

    #[test]
    fn one_pass_sorts_dates_and_bins_value() {
        let today = day(2024, 12, 31);
        let customers = [customer(10, Lifecycle::Existing), customer(20, Lifecycle::Existing)];
        let mut claimed = order(20, day(2023, 6, 1), vec![line(ProductKind::Parts, 2, 100, 50)]);
        claimed.claim = Some(Claim { amount: Cny::from_yuan(30), reason: String::new(), settled: false });
        let mut draft = order(10, day(2024, 2, 1), vec![line(ProductKind::Parts, 1, 999, 0)]);
        draft.status = OrderStatus::Draft;
        let orders = [
            order(10, day(2024, 5, 1), vec![line(ProductKind::Parts, 1, 100, 50)]),
            claimed,
            order(99, day(2024, 5, 1), vec![]),
            order(10, day(2022, 1, 1), vec![line(ProductKind::Parts, 1, 7, 0)]),
            draft,
            order(10, day(2024, 3, 1), vec![line(ProductKind::Machine, 1, 1_000, 900)]),
        ];
        let ledger = Ledger::new(&customers, &orders, 365, today);
        assert_eq!(ledger.dates(0), [day(2022, 1, 1), day(2024, 3, 1), day(2024, 5, 1)]);
        assert_eq!(ledger.dates(1), [day(2023, 6, 1)]);
        assert_eq!(ledger.tallies[0].orders, 3);
        assert_eq!(ledger.tallies[0].revenue, 110_700);
        let expected = |recent, previous, previous_orders, open_claims, amount| Activity {
            recent: Cny::from_yuan(recent),
            previous: Cny::from_yuan(previous),
            previous_orders,
            open_claims,
            open_claim_amount: Cny::from_yuan(amount),
        };
        assert_eq!(ledger.activity[0], expected(1_100, 0, 0, 0, 0));
        assert_eq!(ledger.activity[1], expected(0, 200, 1, 1, 30));
        assert_eq!(ledger.positions.get(20), Some(1));
        assert_eq!(ledger.positions.get(99), None);
    }

    #[test]
    fn browser_ids_spread_over_the_table() {
        // Ids one millisecond apart (× 1024, counter 0) must not share a bucket's low bits.
        let mut buckets = [0u32; 64];
        for ms in 0..6_400u64 {
            let mut hasher = IdHash.build_hasher();
            hasher.write_u64((1_700_000_000_000 + ms) * 1024);
            buckets[(hasher.finish() % 64) as usize] += 1;
        }
        assert!(buckets.iter().all(|b| (50..150).contains(b)), "{buckets:?}");
    }
}
