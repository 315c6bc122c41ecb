//! Seeded, deterministic demo data: a Chinese construction-machinery dealer (代理商) with its staff,
//! customers, contacts, visits, orders, installed machines, service tickets, sales funnel and five
//! years of parts demand; then its markets, the competitors seen on site, its suppliers and
//! trade partners (`market.rs`).
//!
//! Everything follows from `(size, seed, today)`. Each customer and each part draws from its own
//! generator, forked from the seed by its index, so its data does not depend on batch boundaries
//! or on how the iterator is consumed. Only record ids (per-kind counters advanced in index order)
//! and the de-duplication of company names look at earlier entities, and those are produced in
//! the same order on every run.

use crate::domain::date::{Date, Month};
use crate::domain::grading::grade::Grade;
use crate::domain::grading::indicators::Ratings;
use crate::domain::model::{
    AccountTeam, Application, BuyerRole, Claim, CommunicationStatus, Concern, Contact, ContactRole, Criticality,
    Customer, CustomerType, FunnelStage, Id, Interaction, InteractionKind, LeadSource, Lifecycle, LostKind, Machine,
    MachineStatus, Man, Opportunity, Order, OrderLine, OrderStatus, Part, PartDemand, ProductKind, ServiceTicket,
    StageChange, StockLevel, TicketKind, TicketStatus, User, UserRole,
};
use crate::domain::money::Cny;
use crate::domain::region::{MarketType, Province, PROVINCES};
use crate::domain::rng::Rng;
use std::collections::HashSet;

mod catalogue;
mod customer;
mod market;
mod parts;
mod profiles;
mod service;
mod staff;
#[cfg(test)]
mod tests;

use catalogue::*;
use customer::*;
use parts::*;
use profiles::*;
use staff::*;

/// How much demo data to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoSize {
    /// A dealer of realistic size, for trade-show tablets and trying the product.
    Demo,
    /// Far more than any dealer has, to measure the app under load.
    Bench,
}

/// Record counts a size promises exactly; the other kinds follow from these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoPlan {
    pub users: usize,
    pub customers: usize,
    pub opportunities: usize,
    pub parts: usize,
}

impl DemoSize {
    pub fn plan(self) -> DemoPlan {
        match self {
            DemoSize::Demo => DemoPlan { users: 8, customers: 300, opportunities: 1_500, parts: 400 },
            DemoSize::Bench => DemoPlan { users: 40, customers: 10_000, opportunities: 50_000, parts: 20_000 },
        }
    }
}

/// One slice of the demo, small enough to write in one store transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DemoBatch {
    pub users: Vec<User>,
    pub customers: Vec<Customer>,
    pub contacts: Vec<Contact>,
    pub interactions: Vec<Interaction>,
    pub orders: Vec<Order>,
    pub opportunities: Vec<Opportunity>,
    pub parts: Vec<Part>,
    pub part_demand: Vec<PartDemand>,
    pub stock: Vec<StockLevel>,
    pub machines: Vec<Machine>,
    pub tickets: Vec<ServiceTicket>,
    pub ratings: Vec<Ratings>,
    pub sightings: Vec<crate::domain::market::SiteSighting>,
    pub markets: Vec<crate::domain::market::Market>,
    pub suppliers: Vec<crate::domain::model::Supplier>,
    pub trade_partners: Vec<crate::domain::model::TradePartner>,
}

impl DemoBatch {
    pub fn record_count(&self) -> usize {
        self.users.len()
            + self.customers.len()
            + self.contacts.len()
            + self.interactions.len()
            + self.orders.len()
            + self.opportunities.len()
            + self.parts.len()
            + self.part_demand.len()
            + self.stock.len()
            + self.machines.len()
            + self.tickets.len()
            + self.ratings.len()
            + self.sightings.len()
            + self.markets.len()
            + self.suppliers.len()
            + self.trade_partners.len()
    }
}

/// Customers per batch, each with all its related records.
const CUSTOMERS_PER_BATCH: usize = 250;
/// Parts per batch, each with its demand history and stock.
const PARTS_PER_BATCH: usize = 1_000;
/// Days over which opportunities arrive, ending today (or when a lost customer left): about
/// the three years the orders cover.
const OPPORTUNITY_HISTORY_DAYS: u32 = 1_000;
/// Months of parts demand history, ending with today's month.
const DEMAND_MONTHS: usize = 60;

// Fork streams: distinct so users, customer profiles, customer details and parts never share
// random numbers.
const USERS_STREAM: u64 = 1;
const PROFILES_STREAM: u64 = 2;
const CUSTOMERS_STREAM: u64 = 3;
const PARTS_STREAM: u64 = 4;
/// Opportunities draw from their own stream, so the funnel's flow can change without moving
/// any other record.
const OPPORTUNITIES_STREAM: u64 = 5;
/// Service tickets too: their histories can grow without moving a customer's orders or grade.
const TICKETS_STREAM: u64 = 6;
/// The markets, sightings and partners, drawn last from their own stream.
const MARKET_STREAM: u64 = 7;

/// Generates the demo batch by batch: first the users, then customers with everything that
/// hangs off them, then parts with their demand and stock.
pub struct DemoGenerator {
    today: Date,
    users: Vec<User>,
    staff: Staff,
    profiles: Vec<Profile>,
    customer_root: Rng,
    part_root: Rng,
    opportunity_root: Rng,
    ticket_root: Rng,
    market_root: Rng,
    tally: market::Tally,
    parts: usize,
    users_sent: bool,
    next_customer: usize,
    next_part: usize,
    ids: Ids,
    company_names: HashSet<String>,
}

impl DemoGenerator {
    pub fn new(size: DemoSize, seed: u64, today: Date) -> Self {
        let plan = size.plan();
        let mut root = Rng::new(seed);
        let users = make_users(plan.users, &mut root.fork(USERS_STREAM));
        let staff = Staff::from_users(&users);
        // Profiles are drawn up front because opportunities are shared out by customer weight,
        // which needs every customer's size and lifecycle before the first batch.
        let profile_root = root.fork(PROFILES_STREAM);
        let province_weights: Vec<u32> = PROVINCES.iter().map(province_weight).collect();
        let mut profiles: Vec<Profile> =
            (0..plan.customers).map(|i| Profile::draw(&mut entity_rng(profile_root, i), &province_weights)).collect();
        share_out_opportunities(&mut profiles, plan.opportunities);
        DemoGenerator {
            today,
            users,
            staff,
            profiles,
            customer_root: root.fork(CUSTOMERS_STREAM),
            part_root: root.fork(PARTS_STREAM),
            opportunity_root: root.fork(OPPORTUNITIES_STREAM),
            ticket_root: root.fork(TICKETS_STREAM),
            market_root: root.fork(MARKET_STREAM),
            tally: market::Tally::default(),
            parts: plan.parts,
            users_sent: false,
            next_customer: 0,
            next_part: 0,
            ids: Ids::default(),
            company_names: HashSet::with_capacity(plan.customers),
        }
    }

    /// Total work units (customers + parts) and units done so far, for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        (self.next_customer + self.next_part, self.profiles.len() + self.parts)
    }

    fn customer(&mut self, index: usize, out: &mut DemoBatch) {
        let profile = self.profiles[index];
        let mut rng = entity_rng(self.customer_root, index);
        let habits = Habits::draw(&mut rng, &profile, self.today);
        let identity = company_identity(&mut rng, &profile, &mut self.company_names);
        let tickets = std::cell::RefCell::new(entity_rng(self.ticket_root, index));
        let ctx = CustomerCtx { today: self.today, staff: &self.staff, profile, habits, tickets };
        let customer = ctx.customer_record(&mut rng, index as Id + 1, identity);
        let first_contact = out.contacts.len();
        ctx.contacts(&mut rng, &customer, &mut self.ids, &mut out.contacts);
        ctx.interactions(&mut rng, &customer, &out.contacts[first_contact..], &mut self.ids, &mut out.interactions);
        let first_machine = out.machines.len();
        ctx.orders(&mut rng, &customer, &mut self.ids, out);
        self.tally.add(&customer.province, &out.machines[first_machine..], self.today);
        ctx.opportunities(
            &mut entity_rng(self.opportunity_root, index),
            &customer,
            &mut self.ids,
            &mut out.opportunities,
        );
        out.ratings.extend(ctx.ratings(&mut rng, &customer));
        out.customers.push(customer);
    }

    fn part(&mut self, index: usize, out: &mut DemoBatch) {
        let mut rng = entity_rng(self.part_root, index);
        make_part(&mut rng, index, self.today, &mut self.ids, out);
    }
}

impl Iterator for DemoGenerator {
    type Item = DemoBatch;

    fn next(&mut self) -> Option<DemoBatch> {
        let mut batch = DemoBatch::default();
        if !self.users_sent {
            self.users_sent = true;
            batch.users = self.users.clone();
        } else if self.next_customer < self.profiles.len() {
            let end = (self.next_customer + CUSTOMERS_PER_BATCH).min(self.profiles.len());
            for index in self.next_customer..end {
                self.customer(index, &mut batch);
            }
            self.next_customer = end;
        } else if self.next_part < self.parts {
            let end = (self.next_part + PARTS_PER_BATCH).min(self.parts);
            for index in self.next_part..end {
                self.part(index, &mut batch);
            }
            self.next_part = end;
            if end == self.parts {
                // The last batch: the markets follow from every delivery, now all made.
                let mut rng = self.market_root;
                market::market(&mut rng, &self.tally, &self.staff, self.today, &mut self.ids, &mut batch);
            }
        } else {
            return None;
        }
        Some(batch)
    }
}

impl std::iter::FusedIterator for DemoGenerator {}

/// The generator of entity `index` of one kind: a function of the kind's root (hence the seed)
/// and the index only.
fn entity_rng(mut root: Rng, index: usize) -> Rng {
    root.fork(index as u64)
}

/// Per-kind id counters. Ids start at 1 and only grow, far below 2⁵³.
#[derive(Default)]
struct Ids {
    contact: Id,
    interaction: Id,
    order: Id,
    opportunity: Id,
    machine: Id,
    ticket: Id,
    stock: Id,
    market: Id,
    sighting: Id,
    supplier: Id,
    trade_partner: Id,
}

fn next_id(counter: &mut Id) -> Id {
    *counter += 1;
    *counter
}

/// A value drawn from a `(value, weight)` table.
fn choose<T: Copy, const N: usize>(rng: &mut Rng, table: &[(T, u32); N]) -> T {
    let weights = table.map(|(_, weight)| weight);
    table[rng.weighted_index(&weights)].0
}

/// A value of an enum drawn with weights given in the order of its `ALL` list.
fn choose_in<T: Copy>(rng: &mut Rng, all: &[T], weights: &[u32]) -> T {
    debug_assert_eq!(all.len(), weights.len());
    all[rng.weighted_index(weights)]
}

fn days(rng: &mut Rng, lo: u32, hi: u32) -> i32 {
    rng.range_u32(lo, hi) as i32
}

/// Days until the next event of a Poisson process with `per_year` events a year.
fn poisson_gap(rng: &mut Rng, per_year: f64) -> i32 {
    let mean = 365.0 / per_year;
    // At least a week: one customer does not place two orders of a kind in the same few days.
    ((-mean * (1.0 - rng.unit()).ln()).round() as i32).max(7)
}
