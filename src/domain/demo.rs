//! Seeded, deterministic demo data: a Chinese construction-machinery dealer (代理商) with its staff,
//! customers, contacts, visits, orders, installed machines, service tickets, sales funnel and five
//! years of parts demand.
//!
//! Everything follows from `(size, seed, today)`. Each customer and each part draws from its own
//! generator, forked from the seed by its index, so its data does not depend on batch boundaries
//! or on how the iterator is consumed. Only record ids (per-kind counters advanced in index order)
//! and the de-duplication of company names look at earlier entities, and those are produced in
//! the same order on every run.

use super::date::{Date, Month};
use super::grading::indicators::Ratings;
use super::grading::settings::Grade;
use super::model::{
    AccountTeam, Application, BuyerRole, Claim, CommunicationStatus, Concern, Contact, ContactRole, Criticality,
    Customer, CustomerType, FunnelStage, Id, Interaction, InteractionKind, LeadSource, Lifecycle, LostKind, Machine,
    MachineStatus, Man, Opportunity, Order, OrderLine, OrderStatus, Part, PartDemand, ProductKind, ServiceTicket,
    StageChange, StockLevel, TicketKind, TicketStatus, User, UserRole,
};
use super::money::Cny;
use super::region::{MarketType, Province, PROVINCES};
use super::rng::Rng;
use std::collections::HashSet;

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
        let ctx = CustomerCtx { today: self.today, staff: &self.staff, profile, habits };
        let customer = ctx.customer_record(&mut rng, index as Id + 1, identity);
        let first_contact = out.contacts.len();
        ctx.contacts(&mut rng, &customer, &mut self.ids, &mut out.contacts);
        ctx.interactions(&mut rng, &customer, &out.contacts[first_contact..], &mut self.ids, &mut out.interactions);
        ctx.orders(&mut rng, &customer, &mut self.ids, out);
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

// ---------------------------------------------------------------------------------------------
// Staff

/// The dealer's people, by what they do for customers.
struct Staff {
    /// Active salespeople: account-team leads and members.
    sales: Vec<Id>,
    /// Salespeople who left; they created old customers, which stayed with the company.
    former_sales: Vec<Id>,
    service: Vec<Id>,
    managers: Vec<Id>,
}

impl Staff {
    fn from_users(users: &[User]) -> Staff {
        let ids = |role, active| users.iter().filter(|u| u.role == role && u.active == active).map(|u| u.id).collect();
        Staff {
            sales: ids(UserRole::Sales, true),
            former_sales: ids(UserRole::Sales, false),
            service: ids(UserRole::Service, true),
            managers: ids(UserRole::Manager, true),
        }
    }
}

/// Branch offices; each manager runs one, and the staff of a manager work from it.
const OFFICES: &[&str] = &["长沙总部", "成都分公司", "乌鲁木齐办事处", "杭州分公司", "呼和浩特办事处"];

fn make_users(count: usize, rng: &mut Rng) -> Vec<User> {
    let managers = (count / 20).max(1);
    let service = (count / 4).max(1);
    let former = (count / 20).max(1);
    let mut names = HashSet::new();
    (0..count)
        .map(|i| {
            let role = if i < managers {
                UserRole::Manager
            } else if i < managers + service {
                UserRole::Service
            } else {
                UserRole::Sales
            };
            let name = loop {
                let person = Person::draw(rng);
                if names.insert(person.name.clone()) {
                    break person.name;
                }
            };
            // The last salespeople are the ones who left: their accounts must not leave with them.
            let manager = (role != UserRole::Manager).then(|| (i % managers) as Id + 1);
            let office = OFFICES[i % managers % OFFICES.len()].to_string();
            User { id: i as Id + 1, name, role, active: i < count - former, manager, office }
        })
        .collect()
}

/// The sector a customer reports, by what its machines do.
fn industry_of(application: Application) -> &'static str {
    match application {
        Application::Mining => "矿业",
        Application::Excavation => "土石方工程",
        Application::HeavyConstruction => "基础设施建设",
        Application::GeneralConstruction => "建筑施工",
    }
}

/// A Chinese name with the pinyin used for e-mail addresses and WeChat ids.
struct Person {
    name: String,
    surname: &'static str,
    given: String,
}

impl Person {
    fn draw(rng: &mut Rng) -> Person {
        let (surname_zh, surname) = *rng.pick(SURNAMES);
        let mut name = String::from(surname_zh);
        let mut given = String::new();
        let chars = if rng.chance(0.7) { 2 } else { 1 };
        for _ in 0..chars {
            let (zh, pinyin) = *rng.pick(GIVEN_NAMES);
            name.push_str(zh);
            given.push_str(pinyin);
        }
        Person { name, surname, given }
    }
}

// ---------------------------------------------------------------------------------------------
// Customer profiles and opportunity quotas

/// How big a buyer a customer is. Few key accounts buy most machines (DOMAIN.md §2: the core 5 %
/// bring over half the revenue).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tier {
    Key,
    Large,
    Medium,
    Small,
}

struct TierTraits {
    machine_orders_per_year: f64,
    max_units: u32,
    /// Machine margin range; big buyers squeeze prices.
    margin: (f64, f64),
    contacts: (u32, u32),
    interactions: (u32, u32),
    members: (u32, u32),
    /// Share of the funnel this tier gets, relative to a small customer.
    opportunity_weight: u64,
    /// Years of cooperation for customers who buy.
    years: (u32, u32),
}

impl Tier {
    fn traits(self) -> &'static TierTraits {
        match self {
            Tier::Key => &TierTraits {
                machine_orders_per_year: 5.0,
                max_units: 4,
                margin: (0.05, 0.10),
                contacts: (3, 4),
                interactions: (6, 12),
                members: (1, 2),
                opportunity_weight: 8,
                years: (3, 9),
            },
            Tier::Large => &TierTraits {
                machine_orders_per_year: 2.0,
                max_units: 3,
                margin: (0.08, 0.15),
                contacts: (2, 4),
                interactions: (4, 8),
                members: (1, 2),
                opportunity_weight: 4,
                years: (1, 9),
            },
            Tier::Medium => &TierTraits {
                machine_orders_per_year: 0.8,
                max_units: 2,
                margin: (0.11, 0.19),
                contacts: (1, 3),
                interactions: (2, 6),
                members: (0, 1),
                opportunity_weight: 2,
                years: (1, 8),
            },
            Tier::Small => &TierTraits {
                machine_orders_per_year: 0.3,
                max_units: 1,
                margin: (0.14, 0.22),
                contacts: (1, 2),
                interactions: (1, 4),
                members: (0, 1),
                opportunity_weight: 1,
                years: (1, 7),
            },
        }
    }
}

/// The classification of a customer, drawn before any batch (see `DemoGenerator::new`).
#[derive(Clone, Copy)]
struct Profile {
    province: &'static Province,
    application: Application,
    tier: Tier,
    customer_type: CustomerType,
    lifecycle: Lifecycle,
    opportunities: u32,
}

impl Profile {
    /// A profile in a province drawn with `province_weights` (one per entry of `PROVINCES`).
    fn draw(rng: &mut Rng, province_weights: &[u32]) -> Profile {
        let province = &PROVINCES[rng.weighted_index(province_weights)];
        // Mining follows the resource regions; coastal construction markets build towns and roads.
        let application = choose_in(
            rng,
            Application::ALL,
            match province.market {
                MarketType::Resource => &[12, 22, 24, 42],
                MarketType::Construction => &[42, 30, 22, 6],
                MarketType::Enterprise => &[30, 30, 25, 15],
            },
        );
        let tier = choose(rng, &[(Tier::Key, 5), (Tier::Large, 15), (Tier::Medium, 35), (Tier::Small, 45)]);
        // CustomerType::ALL: self-use, large contractor, state-owned, government.
        let mut type_weights = match tier {
            Tier::Key => [2, 50, 38, 10],
            Tier::Large => [15, 48, 27, 10],
            Tier::Medium => [55, 30, 9, 6],
            Tier::Small => [82, 10, 2, 6],
        };
        match application {
            // Roads, dams and railways are built by state firms and commissioned by government.
            Application::HeavyConstruction => {
                type_weights[2] *= 2;
                type_weights[3] *= 2;
            }
            // Government offices do not run mines or dig foundations themselves.
            Application::Mining | Application::Excavation => type_weights[3] = 0,
            Application::GeneralConstruction => {}
        }
        let customer_type = choose_in(rng, CustomerType::ALL, &type_weights);
        // Lifecycle::ALL: potential, target, existing, lost. Key accounts are mostly won already.
        let lifecycle =
            choose_in(rng, Lifecycle::ALL, if tier == Tier::Key { &[4, 10, 80, 6] } else { &[14, 15, 65, 6] });
        Profile { province, application, tier, customer_type, lifecycle, opportunities: 0 }
    }

    /// Relative share of the funnel: big customers and those being won get the most.
    fn opportunity_weight(&self) -> u64 {
        let lifecycle = match self.lifecycle {
            Lifecycle::Potential => 2,
            Lifecycle::Target => 4,
            Lifecycle::Existing => 3,
            Lifecycle::Lost => 1,
        };
        self.tier.traits().opportunity_weight * lifecycle
    }
}

/// The dealer is based in Xinjiang (its main store and 乌鲁木齐库) and sells most where mining
/// and energy keep machines busy; remote regions have few customers.
fn province_weight(province: &Province) -> u32 {
    match (province.code, province.market) {
        ("CN-XJ", _) => 40,
        ("CN-XZ" | "CN-QH" | "CN-HI", _) => 2,
        (_, MarketType::Resource) => 8,
        (_, MarketType::Construction) => 5,
        (_, MarketType::Enterprise) => 4,
    }
}

/// Shares `total` opportunities out in proportion to customer weights, exactly (largest
/// remainder, ties to the lower index), in integers so every platform agrees.
fn share_out_opportunities(profiles: &mut [Profile], total: usize) {
    let weights: Vec<u64> = profiles.iter().map(Profile::opportunity_weight).collect();
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return;
    }
    let total = total as u64;
    let mut given = 0;
    let mut remainders = Vec::with_capacity(profiles.len());
    for (index, (profile, weight)) in profiles.iter_mut().zip(&weights).enumerate() {
        let share = total * weight;
        profile.opportunities = (share / sum) as u32;
        given += share / sum;
        remainders.push((share % sum, index));
    }
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, index) in remainders.iter().take((total - given) as usize) {
        profiles[index].opportunities += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Customer habits and identity

/// How a customer buys and pays; drives its orders.
struct Habits {
    /// First order: cooperation starts here (合作时间).
    since: Date,
    /// Today, or the last day a lost customer still ordered.
    until: Date,
    margin: f64,
    prepaid_percent: u8,
    credit_days: u16,
    /// Days a slow payer adds to its credit terms (0 for prompt payers).
    late_days: u32,
    claim_rate: f64,
    /// Chance a claim is settled fairly.
    settle_rate: f64,
    lost_kind: Option<LostKind>,
    /// The models the fleet is built on: reorders mostly repeat them.
    fleet: [&'static MachineModel; 2],
    credit_index: u8,
}

impl Habits {
    fn draw(rng: &mut Rng, profile: &Profile, today: Date) -> Habits {
        let traits = profile.tier.traits();
        let lost_kind =
            (profile.lifecycle == Lifecycle::Lost).then(|| choose_in(rng, LostKind::ALL, &[25, 40, 15, 20]));
        let years = rng.range_u32(traits.years.0, traits.years.1) as i32;
        let (since, until) = if profile.lifecycle == Lifecycle::Lost {
            // Lost customers bought for a few years and stopped between three months and
            // two and a half years ago.
            let until = today.add_days(-days(rng, 90, 900));
            (until.add_days(-365 * years.max(2) - days(rng, 0, 300)), until)
        } else {
            (today.add_days(-365 * years + days(rng, 0, 300)), today)
        };

        let customer_type = profile.customer_type;
        // Prepayment and credit terms by customer kind: government and state firms pay late but
        // surely; small owners pay a deposit and finance the rest.
        let prepaid_percent = match customer_type {
            CustomerType::SelfUse => choose(rng, &[(20, 10), (30, 40), (50, 25), (100, 25)]),
            CustomerType::LargeContractor => choose(rng, &[(10, 30), (20, 40), (30, 30)]),
            CustomerType::StateOwned => choose(rng, &[(0, 40), (10, 40), (20, 20)]),
            CustomerType::Government => choose(rng, &[(0, 70), (10, 30)]),
        };
        let credit_days = match customer_type {
            _ if prepaid_percent == 100 => 0,
            CustomerType::SelfUse => choose(rng, &[(0, 30), (30, 40), (60, 30)]),
            CustomerType::LargeContractor => choose(rng, &[(30, 30), (60, 40), (90, 30)]),
            CustomerType::StateOwned => choose(rng, &[(60, 30), (90, 45), (180, 25)]),
            CustomerType::Government => choose(rng, &[(90, 40), (180, 60)]),
        };
        let troubled = matches!(lost_kind, Some(LostKind::NegativeValue | LostKind::Dissatisfied));
        let slow = rng.chance(if lost_kind == Some(LostKind::NegativeValue) { 0.8 } else { 0.15 });
        let late_days = if slow { rng.range_u32(20, 120) } else { 0 };

        let base_credit = match customer_type {
            CustomerType::SelfUse => 55.0,
            CustomerType::LargeContractor => 66.0,
            CustomerType::StateOwned => 74.0,
            CustomerType::Government => 80.0,
        };
        let penalty = if slow { 15.0 } else { 0.0 } + if troubled { 10.0 } else { 0.0 };
        let credit_index = rng.normal(base_credit - penalty, 12.0).round().clamp(0.0, 100.0) as u8;

        let mut margin = traits.margin.0 + rng.unit() * (traits.margin.1 - traits.margin.0);
        if lost_kind == Some(LostKind::NegativeValue) {
            margin = 0.05;
        }
        let fleet = [pick_model(rng, profile), pick_model(rng, profile)];
        Habits {
            since,
            until,
            margin,
            prepaid_percent,
            credit_days,
            late_days,
            claim_rate: if troubled { 0.15 } else { 0.03 },
            settle_rate: if troubled { 0.45 } else { 0.8 },
            lost_kind,
            fleet,
            credit_index,
        }
    }
}

/// A machine model suited to the customer's work; big buyers run big machines.
fn pick_model(rng: &mut Rng, profile: &Profile) -> &'static MachineModel {
    let weights: Vec<u32> = MODELS
        .iter()
        .map(|m| {
            let fit = m.by_application[profile.application as usize];
            match profile.tier {
                Tier::Key | Tier::Large => fit * (m.list_wan + 60) / 60,
                Tier::Medium => fit,
                Tier::Small => fit * 100 / (m.list_wan + 40),
            }
        })
        .collect();
    &MODELS[rng.weighted_index(&weights)]
}

/// A company's name, e-mail domain and the city it sits in.
struct Identity {
    company: String,
    domain: String,
    city: &'static str,
}

/// A unique, real-looking Chinese company or office name.
fn company_identity(rng: &mut Rng, profile: &Profile, taken: &mut HashSet<String>) -> Identity {
    let province = profile.province;
    let city = *rng.pick(province.cities);
    let code = province.code.trim_start_matches("CN-").to_ascii_lowercase();
    // A handful of fresh draws nearly always finds a free name; a branch office name is the
    // last resort and always unique.
    let mut last = None;
    for _ in 0..8 {
        let (company, domain) = if profile.customer_type == CustomerType::Government {
            government_name(rng, city, &code)
        } else {
            firm_name(rng, profile, city, &code)
        };
        if taken.insert(company.clone()) {
            return Identity { company, domain, city };
        }
        last = Some((company, domain));
    }
    let (base, domain) = last.expect("eight attempts were made");
    let suffix = if profile.customer_type == CustomerType::Government { "工程处" } else { "分公司" };
    let company = (1..)
        .map(|n| if n == 1 { format!("{base}{city}{suffix}") } else { format!("{base}{city}第{n}{suffix}") })
        .find(|name| taken.insert(name.clone()))
        .expect("an unused branch number exists");
    Identity { company, domain, city }
}

fn firm_name(rng: &mut Rng, profile: &Profile, city: &str, code: &str) -> (String, String) {
    let province = profile.province;
    let prefix = match rng.below(3) {
        0 => province.name_zh.to_string(),
        1 => format!("{city}市"),
        _ => city.to_string(),
    };
    let (brand, brand_ascii) = *rng.pick(BRANDS);
    let industries = INDUSTRIES.iter().filter(|i| i.application == profile.application).collect::<Vec<_>>();
    let industry = *rng.pick(&industries);
    let big = matches!(profile.tier, Tier::Key | Tier::Large);
    let works = industry.zh.strip_suffix("工程");
    // 集团 and 股份 forms belong to big firms; a small owner of a works business often runs an
    // unincorporated 工程队 ("XX土石方工程队", never "XX土石方工程工程队").
    let name = match (industry.zh.ends_with("集团"), big, profile.customer_type, works) {
        (true, _, _, _) => format!("{}有限公司", industry.zh),
        (false, false, CustomerType::SelfUse, Some(trade)) if rng.chance(0.2) => format!("{trade}工程队"),
        (false, true, _, _) => {
            let form =
                choose(rng, &[("有限公司", 45), ("有限责任公司", 20), ("股份有限公司", 20), ("集团有限公司", 15)]);
            format!("{}{form}", industry.zh)
        }
        _ => format!("{}{}", industry.zh, choose(rng, &[("有限公司", 70), ("有限责任公司", 30)])),
    };
    let tld = choose(rng, &[("com.cn", 50), ("com", 40), ("cn", 10)]);
    (format!("{prefix}{brand}{name}"), format!("{brand_ascii}{}-{code}.{tld}", industry.ascii))
}

fn government_name(rng: &mut Rng, city: &str, code: &str) -> (String, String) {
    let (office, ascii) = *rng.pick(GOVERNMENT_OFFICES);
    // Municipalities (北京, 重庆…) have the province as their city: "北京市" either way.
    let name = if rng.chance(0.7) {
        format!("{city}市{office}")
    } else {
        format!("{city}市{}{office}", rng.pick(DISTRICTS))
    };
    (name, format!("{ascii}.{code}.gov.cn"))
}

// ---------------------------------------------------------------------------------------------
// One customer with everything hanging off it

struct CustomerCtx<'a> {
    today: Date,
    staff: &'a Staff,
    profile: Profile,
    habits: Habits,
}

impl CustomerCtx<'_> {
    fn customer_record(&self, rng: &mut Rng, id: Id, identity: Identity) -> Customer {
        let (profile, habits, today) = (&self.profile, &self.habits, self.today);
        let province = profile.province;
        let team = self.account_team(rng);
        let created = match profile.lifecycle {
            Lifecycle::Existing | Lifecycle::Lost => habits.since.add_days(-days(rng, 0, 90)),
            Lifecycle::Target => today.add_days(-days(rng, 30, 700)),
            Lifecycle::Potential => today.add_days(-days(rng, 1, 365)),
        };
        let created_by = match self.staff.former_sales.first() {
            // Old accounts were often opened by someone who has since left.
            Some(&former) if today.days_since(created) > 730 && rng.chance(0.3) => former,
            _ => team.lead,
        };
        let modified_at = today.add_days(-days(rng, 0, today.days_since(created).clamp(0, 180) as u32));
        let modified_by = if rng.chance(0.1) { *rng.pick(&self.staff.managers) } else { team.lead };
        let communication = choose_in(
            rng,
            CommunicationStatus::ALL,
            match profile.lifecycle {
                Lifecycle::Potential => &[45, 40, 15, 0, 0, 0],
                Lifecycle::Target => &[0, 20, 45, 35, 0, 0],
                Lifecycle::Existing => &[0, 0, 3, 10, 80, 7],
                Lifecycle::Lost => &[0, 15, 0, 0, 0, 85],
            },
        );
        let concern = choose_in(
            rng,
            Concern::ALL,
            match profile.customer_type {
                CustomerType::SelfUse => &[50, 20, 22, 8],
                CustomerType::LargeContractor => &[25, 25, 35, 15],
                CustomerType::StateOwned => &[15, 30, 20, 35],
                CustomerType::Government => &[20, 25, 10, 45],
            },
        );
        let buyer_role = choose_in(
            rng,
            BuyerRole::ALL,
            match profile.customer_type {
                CustomerType::SelfUse => &[92, 8],
                CustomerType::LargeContractor => &[70, 30],
                CustomerType::StateOwned => &[55, 45],
                CustomerType::Government => &[30, 70],
            },
        );
        let mut main_products: Vec<String> = habits.fleet.iter().map(|m| m.kind.to_string()).collect();
        main_products.dedup();
        let small_owner = profile.customer_type == CustomerType::SelfUse && profile.tier == Tier::Small;
        let email = match profile.customer_type {
            // A small owner uses a personal QQ mailbox, not a company domain.
            _ if small_owner => format!("{}@qq.com", rng.range_u32(10_000_000, 2_999_999_999)),
            CustomerType::Government => format!("{}@{}", rng.pick(&["office", "bgs", "sbk"]), identity.domain),
            _ => format!("{}@{}", rng.pick(&["sales", "info", "office", "purchase", "sb"]), identity.domain),
        };
        let lost_reason = match habits.lost_kind {
            Some(kind) => lost_reason(rng, kind),
            None => String::new(),
        };
        let other_channels = match rng.below(10) {
            0 => format!("QQ {}", rng.range_u32(100_000_000, 999_999_999)),
            1 => "钉钉工作群".to_string(),
            _ => String::new(),
        };
        Customer {
            id,
            company: identity.company,
            country: "CN".to_string(),
            province: province.code.to_string(),
            city: identity.city.to_string(),
            address: address(rng, identity.city),
            phone: if small_owner { mobile(rng) } else { landline(rng, identity.city) },
            email,
            wechat: wechat_id(rng, identity.domain.split(['.', '-']).next().unwrap_or("kehu")),
            other_channels,
            main_products,
            industry: industry_of(profile.application).to_string(),
            parent_company: String::new(),
            custom: Vec::new(),
            source: choose_in(rng, LeadSource::ALL, &[18, 22, 8, 8, 3, 20, 15, 6]),
            communication,
            credit_index: habits.credit_index,
            lifecycle: profile.lifecycle,
            lost_kind: habits.lost_kind,
            lost_reason,
            customer_type: profile.customer_type,
            buyer_role,
            concern,
            application: profile.application,
            market: Some(province.market),
            team,
            created_by,
            created_at: Some(created),
            modified_by,
            modified_at: Some(modified_at),
        }
    }

    /// A lead from the territory's salesperson (mostly) and a few colleagues.
    fn account_team(&self, rng: &mut Rng) -> AccountTeam {
        let sales = &self.staff.sales;
        let territory = PROVINCES.iter().position(|p| p.code == self.profile.province.code).unwrap_or(0);
        let lead = if rng.chance(0.8) { sales[territory % sales.len()] } else { *rng.pick(sales) };
        let (lo, hi) = self.profile.tier.traits().members;
        let wanted = (rng.range_u32(lo, hi) as usize).min(sales.len() - 1);
        let mut members = Vec::with_capacity(wanted);
        while members.len() < wanted {
            let member = *rng.pick(sales);
            if member != lead && !members.contains(&member) {
                members.push(member);
            }
        }
        AccountTeam { lead, members }
    }

    fn contacts(&self, rng: &mut Rng, customer: &Customer, ids: &mut Ids, out: &mut Vec<Contact>) {
        let (lo, hi) = self.profile.tier.traits().contacts;
        let count = rng.range_u32(lo, hi);
        let government = self.profile.customer_type == CustomerType::Government;
        let mut names = HashSet::new();
        for n in 0..count {
            let person = loop {
                let person = Person::draw(rng);
                if names.insert(person.name.clone()) {
                    break person;
                }
            };
            // The first contact is the primary one: whoever decides or buys.
            let (title, role) = match (n, government) {
                (0, true) => choose(
                    rng,
                    &[(("处长", ContactRole::DecisionMaker), 50), (("采购科长", ContactRole::Purchaser), 50)],
                ),
                (0, false) => choose(
                    rng,
                    &[
                        (("总经理", ContactRole::DecisionMaker), 45),
                        (("董事长", ContactRole::DecisionMaker), 10),
                        (("采购经理", ContactRole::Purchaser), 35),
                        (("设备部长", ContactRole::Influencer), 10),
                    ],
                ),
                _ => *rng.pick(if government { GOVERNMENT_TITLES } else { COMPANY_TITLES }),
            };
            let email = if government || rng.chance(0.6) {
                format!("{}.{}@{}", person.given, person.surname, customer.email.split('@').nth(1).unwrap_or("qq.com"))
            } else {
                format!("{}{}@{}", person.surname, person.given, rng.pick(&["163.com", "qq.com", "126.com"]))
            };
            out.push(Contact {
                id: next_id(&mut ids.contact),
                customer_id: customer.id,
                name: person.name,
                title: title.to_string(),
                phone: mobile(rng),
                email,
                wechat: wechat_id(rng, &format!("{}{}", person.surname, person.given)),
                role,
                primary: n == 0,
            });
        }
    }

    fn interactions(
        &self,
        rng: &mut Rng,
        customer: &Customer,
        contacts: &[Contact],
        ids: &mut Ids,
        out: &mut Vec<Interaction>,
    ) {
        let today = self.today;
        let (lo, hi) = match self.profile.lifecycle {
            Lifecycle::Existing => self.profile.tier.traits().interactions,
            Lifecycle::Target => (2, 6),
            Lifecycle::Potential => (0, 3),
            Lifecycle::Lost => (0, 2),
        };
        let mut dates: Vec<Date> = (0..rng.range_u32(lo, hi)).map(|_| today.add_days(-days(rng, 0, 364))).collect();
        dates.sort_unstable();
        let model = self.habits.fleet[0].code;
        for date in dates {
            let kind = choose_in(rng, InteractionKind::ALL, &[25, 30, 8, 25, 4, 8]);
            let roll = rng.below(20);
            let by = if roll >= 17 {
                // Service engineers call on customers too; their visits count as contact.
                *rng.pick(&self.staff.service)
            } else if roll >= 12 && !customer.team.members.is_empty() {
                *rng.pick(&customer.team.members)
            } else {
                customer.team.lead
            };
            let template = *rng.pick(interaction_notes(kind));
            let competitor = *rng.pick(COMPETITORS);
            let notes = template.replace("{model}", model).replace("{competitor}", competitor);
            let (follow_up, follow_up_done) = if rng.chance(0.35) {
                let due = date.add_days(days(rng, 2, 14));
                // Past follow-ups were mostly done; the rest are overdue (DOMAIN.md §8).
                (Some(due), due < today && rng.chance(0.85))
            } else {
                (None, false)
            };
            out.push(Interaction {
                id: next_id(&mut ids.interaction),
                customer_id: customer.id,
                contact_id: (!contacts.is_empty() && rng.chance(0.9)).then(|| rng.pick(contacts).id),
                kind,
                date: Some(date),
                by,
                notes,
                follow_up,
                follow_up_done,
            });
        }
    }

    /// Orders from the first order to `until`, then the machines they delivered and the service
    /// tickets on those machines.
    fn orders(&self, rng: &mut Rng, customer: &Customer, ids: &mut Ids, out: &mut DemoBatch) {
        if !matches!(self.profile.lifecycle, Lifecycle::Existing | Lifecycle::Lost) {
            return;
        }
        let habits = &self.habits;
        let traits = self.profile.tier.traits();
        // Machine purchases: a Poisson process from the first order on.
        let mut machine_dates = vec![habits.since];
        loop {
            let last = *machine_dates.last().expect("starts with the first order");
            let next = last.add_days(poisson_gap(rng, traits.machine_orders_per_year));
            if next > habits.until {
                break;
            }
            machine_dates.push(next);
        }
        let mut events: Vec<(Date, Vec<OrderLine>)> = Vec::new();
        let mut units_by_date = Vec::with_capacity(machine_dates.len());
        for date in machine_dates {
            let lines = self.machine_lines(rng);
            units_by_date
                .push((date, lines.iter().filter(|l| l.kind == ProductKind::Machine).map(|l| l.quantity).sum::<u32>()));
            events.push((date, lines));
        }
        // Parts and service follow the installed base: more machines in the field, more orders.
        let mut date = habits.since.add_days(days(rng, 10, 40));
        loop {
            let in_field: u32 = units_by_date.iter().take_while(|(d, _)| *d < date).map(|(_, u)| u).sum();
            date = date.add_days(poisson_gap(rng, (1.5 + 0.6 * f64::from(in_field)).min(18.0)));
            if date > habits.until {
                break;
            }
            let lines = if rng.chance(0.15) { self.service_lines(rng) } else { self.parts_lines(rng) };
            events.push((date, lines));
        }
        events.sort_by_key(|(date, _)| *date);

        for (ordered, lines) in events {
            let order = self.order(rng, customer, ids, ordered, lines);
            if order.shipped.is_some() {
                self.deliver(rng, customer, &order, ids, out);
            }
            out.orders.push(order);
        }
    }

    fn machine_lines(&self, rng: &mut Rng) -> Vec<OrderLine> {
        let habits = &self.habits;
        let traits = self.profile.tier.traits();
        // Reorders repeat the fleet's models; now and then a customer tries another.
        let model = if rng.chance(0.8) { *rng.pick(&habits.fleet) } else { pick_model(rng, &self.profile) };
        let margin = (habits.margin + rng.normal(0.0, 0.01)).clamp(0.05, 0.30);
        let price = Cny::from_yuan(model.list_wan as i64 * 10_000).scale(0.90 + rng.unit() * 0.09);
        let price = Cny((price.fen() / 10_000) * 10_000); // whole hundreds of yuan, as quoted
        let mut lines = vec![OrderLine {
            product: model.code.to_string(),
            kind: ProductKind::Machine,
            quantity: rng.range_u32(1, traits.max_units),
            unit_price: price,
            unit_cost: price.scale(1.0 - margin),
        }];
        if rng.chance(0.2) {
            // A starter kit of wear parts sold with the machine.
            lines.push(part_line(rng, model, (habits.margin + 0.10).min(0.30)));
        }
        lines
    }

    fn parts_lines(&self, rng: &mut Rng) -> Vec<OrderLine> {
        let margin = (self.habits.margin + 0.10).min(0.30);
        (0..rng.range_u32(1, 4))
            .map(|_| {
                let model = *rng.pick(&self.habits.fleet);
                part_line(rng, model, margin)
            })
            .collect()
    }

    fn service_lines(&self, rng: &mut Rng) -> Vec<OrderLine> {
        let model = *rng.pick(&self.habits.fleet);
        let (name, lo, hi) = *rng.pick(SERVICES);
        let price = Cny::from_yuan(i64::from(rng.range_u32(lo, hi)));
        vec![OrderLine {
            product: format!("{} {name}", model.code),
            kind: ProductKind::Service,
            quantity: 1,
            unit_price: price,
            unit_cost: price.scale(1.0 - (0.25 + rng.unit() * 0.05)),
        }]
    }

    fn order(&self, rng: &mut Rng, customer: &Customer, ids: &mut Ids, ordered: Date, lines: Vec<OrderLine>) -> Order {
        let (today, habits) = (self.today, &self.habits);
        let machine = lines.iter().any(|l| l.kind == ProductKind::Machine);
        let id = next_id(&mut ids.order);
        let ready = ordered.add_days(if machine {
            days(rng, 3, 40)
        } else {
            // Parts are mostly on the shelf; a few wait for the factory (DOMAIN.md §6 complaint).
            let (lo, hi) = choose(rng, &[((0, 3), 80), ((4, 15), 15), ((20, 45), 5)]);
            days(rng, lo, hi)
        });
        let shipped = ready.add_days(if rng.chance(0.9) { days(rng, 0, 5) } else { days(rng, 6, 20) });
        // Late paperwork is how a customer silently gets angry (DOMAIN.md §3, seed 002).
        let documents = shipped.add_days(if rng.chance(0.92) { days(rng, 0, 4) } else { days(rng, 10, 40) });
        let terms =
            if habits.prepaid_percent == 100 { 0.0 } else { f64::from(habits.credit_days) * (0.8 + rng.unit() * 0.4) };
        let late = if habits.late_days > 0 { days(rng, habits.late_days / 2, habits.late_days) } else { 0 };
        let paid = documents.add_days(terms.round() as i32 + late + days(rng, 0, 3));

        let recent = today.days_since(ordered) < 14;
        let mut order = Order {
            id,
            customer_id: customer.id,
            number: format!("SO-{}-{id:06}", ordered.year()),
            owner: customer.team.lead,
            lines,
            ordered: Some(ordered),
            prepaid_percent: habits.prepaid_percent,
            credit_days: habits.credit_days,
            ..Order::default()
        };
        if recent && rng.chance(0.25) {
            order.status = OrderStatus::Draft;
        } else if !recent && rng.chance(0.02) {
            order.status = OrderStatus::Cancelled;
        } else {
            let known = |date: Date| (date <= today).then_some(date);
            order.ready = known(ready);
            order.shipped = known(shipped);
            order.documents_sent = known(documents);
            order.paid = known(paid);
            order.status = if order.paid.is_some() {
                OrderStatus::Completed
            } else if order.shipped.is_some() {
                OrderStatus::Shipped
            } else {
                OrderStatus::Confirmed
            };
            if order.shipped.is_some() && rng.chance(habits.claim_rate) {
                order.claim = Some(claim(rng, &order, habits.settle_rate));
            }
        }
        order
    }

    /// Machines for every unit shipped, and service tickets on them.
    fn deliver(&self, rng: &mut Rng, customer: &Customer, order: &Order, ids: &mut Ids, out: &mut DemoBatch) {
        let today = self.today;
        let delivered = order.shipped.expect("only shipped orders deliver");
        let (lo, hi) = match self.profile.application {
            Application::Mining => (180, 250),
            Application::Excavation => (130, 200),
            Application::HeavyConstruction => (110, 180),
            Application::GeneralConstruction => (80, 140),
        };
        for line in order.lines.iter().filter(|l| l.kind == ProductKind::Machine) {
            for _ in 0..line.quantity {
                let id = next_id(&mut ids.machine);
                let hours_per_month = rng.range_u32(lo, hi);
                let months = f64::from(today.days_since(delivered).max(0) as u32) / 30.44;
                let age_years = months / 12.0;
                let status = if age_years > 6.0 && rng.chance(0.25) {
                    MachineStatus::Scrapped
                } else if rng.chance(if self.profile.lifecycle == Lifecycle::Lost { 0.35 } else { 0.06 }) {
                    MachineStatus::Idle
                } else {
                    MachineStatus::Active
                };
                // Idle and scrapped machines stopped clocking hours some time ago.
                let worked = if status == MachineStatus::Active { 1.0 } else { 0.5 + rng.unit() * 0.4 };
                let noise = 0.85 + rng.unit() * 0.3;
                let machine = Machine {
                    id,
                    serial: format!("{}-{}-{id:05}", line.product, delivered.year()),
                    model: line.product.clone(),
                    customer_id: customer.id,
                    delivered: Some(delivered),
                    hours: (months * f64::from(hours_per_month) * noise * worked).round() as u32,
                    hours_per_month,
                    status,
                };
                let tickets =
                    if rng.chance((0.15 + 0.1 * age_years).min(0.7)) { 1 + u32::from(rng.chance(0.3)) } else { 0 };
                for _ in 0..tickets {
                    let ticket = self.ticket(rng, customer, Some(&machine), ids);
                    out.tickets.push(ticket);
                }
                out.machines.push(machine);
            }
        }
        // A complaint about the order itself, with no machine at fault.
        if order.claim.is_some() && rng.chance(0.5) {
            let ticket = self.ticket(rng, customer, None, ids);
            out.tickets.push(ticket);
        }
    }

    fn ticket(&self, rng: &mut Rng, customer: &Customer, machine: Option<&Machine>, ids: &mut Ids) -> ServiceTicket {
        let today = self.today;
        let since = machine.and_then(|m| m.delivered).unwrap_or(today.add_days(-365));
        let opened = since.add_days(days(rng, 7, today.days_since(since).max(8) as u32)).min(today);
        let kind =
            if machine.is_some() { choose_in(rng, TicketKind::ALL, &[38, 38, 14, 10]) } else { TicketKind::Complaint };
        let age = today.days_since(opened);
        // TicketStatus::ALL: open, in progress, resolved, closed. Old tickets are closed.
        let status = choose_in(
            rng,
            TicketStatus::ALL,
            match age {
                0..=9 => &[40, 40, 20, 0],
                10..=45 => &[0, 15, 25, 60],
                _ => &[0, 0, 5, 95],
            },
        );
        // "Five visits and still broken" is the failure case: a few tickets need four or more.
        let visits =
            if status == TicketStatus::Open { 1 } else { choose(rng, &[(1, 52), (2, 28), (3, 13), (4, 4), (5, 3)]) };
        let closed = (status == TicketStatus::Closed)
            .then(|| opened.add_days(days(rng, 1, 5 * u32::from(visits) + 3)).min(today));
        let model = machine.map_or("", |m| m.model.as_str());
        ServiceTicket {
            id: next_id(&mut ids.ticket),
            customer_id: customer.id,
            machine_id: machine.map(|m| m.id),
            kind,
            status,
            summary: rng.pick(ticket_summaries(kind)).replace("{model}", model),
            owner: *rng.pick(&self.staff.service),
            opened: Some(opened),
            closed,
            visits,
            // The call-back after the job (third impression) is mostly done, not always.
            followed_up: status == TicketStatus::Closed && rng.chance(0.88),
        }
    }

    /// The sales manager's ratings of a buying customer (most are rated) and, for some, the
    /// grade the manager confirmed: a judgement of the habits behind the orders (size, margin,
    /// prepayment, paying on time, claims) with the manager's own noise, so the learned grading
    /// has something real to learn and never a copy of the computed score.
    fn ratings(&self, rng: &mut Rng, customer: &Customer) -> Option<Ratings> {
        if !matches!(customer.lifecycle, Lifecycle::Existing | Lifecycle::Lost) || !rng.chance(0.75) {
            return None;
        }
        let h = &self.habits;
        let size = match self.profile.tier {
            Tier::Key => 3.0,
            Tier::Large => 2.0,
            Tier::Medium => 1.0,
            Tier::Small => 0.0,
        };
        let level = |x: f64| x.round().clamp(1.0, 5.0) as u8;
        let margin = (h.margin - 0.05) / 0.17;
        let judgement = 0.8 * size + 1.6 * margin + 0.9 * f64::from(h.prepaid_percent) / 100.0
            - f64::from(h.late_days) / 50.0
            - 6.0 * h.claim_rate
            + rng.normal(0.0, 0.35);
        let judged = match judgement {
            j if j >= 2.2 => Grade::A,
            j if j >= 1.4 => Grade::B,
            j if j >= 0.5 => Grade::C,
            _ => Grade::D,
        };
        let confirmed_grade = rng.chance(0.5).then_some(judged);
        Some(Ratings {
            customer_id: customer.id,
            industry_influence: level(1.0 + size + rng.normal(0.3, 0.7)),
            new_product: level(rng.normal(3.0, 1.0)),
            price_sensitivity: level(5.0 - 3.0 * margin + rng.normal(0.0, 0.6)),
            communication: level(4.5 - f64::from(h.late_days) / 40.0 + rng.normal(0.0, 0.7)),
            confirmed_grade,
        })
    }

    /// The customer's opportunities as a steady flow in time: each arrives on a day of the
    /// history window and walks the funnel, a few weeks per stage, dropping out or moving on at
    /// each gate, until its result or today. So what is open today is what has not finished
    /// yet, and every past day's open deals resolve as the history says, which is how a dealer's
    /// book looks (and what a backtest on the demo needs to mean anything).
    fn opportunities(&self, rng: &mut Rng, customer: &Customer, ids: &mut Ids, out: &mut Vec<Opportunity>) {
        let profile = &self.profile;
        // A lost customer's deals stop when it left: one still open then is lost that day.
        let end = if profile.lifecycle == Lifecycle::Lost { self.habits.until } else { self.today };
        // The chance to pass each open stage's gate (from 资质判定 on, the last one is the
        // win): prospects are not qualified yet, targets are not won yet (a win would make them
        // customers), customers who left were won less often towards the end.
        let passes: [f64; 4] = match profile.lifecycle {
            Lifecycle::Potential => [0.6, 0.0, 0.0, 0.0],
            Lifecycle::Target => [0.75, 0.7, 0.75, 0.0],
            Lifecycle::Existing => [0.8, 0.8, 0.85, 0.65],
            Lifecycle::Lost => [0.75, 0.7, 0.75, 0.45],
        };
        for _ in 0..profile.opportunities {
            let model = if rng.chance(0.7) { *rng.pick(&self.habits.fleet) } else { pick_model(rng, profile) };
            let quantity = rng.range_u32(1, profile.tier.traits().max_units.max(2));
            let created = end.add_days(-days(rng, 0, OPPORTUNITY_HISTORY_DAYS));
            let mut history = vec![StageChange { stage: FunnelStage::Identify, date: Some(created) }];
            let (mut rank, mut date) = (0, created);
            // The walk, with the day the next step would happen when it is still ahead.
            let next_step = loop {
                let next = date.add_days(days(rng, 7, 60));
                let passed = rng.chance(passes[rank]);
                if next > end {
                    if profile.lifecycle == Lifecycle::Lost {
                        date = end.max(date.add_days(1));
                        history.push(StageChange { stage: FunnelStage::Lost, date: Some(date) });
                        break None;
                    }
                    break Some(next);
                }
                date = next;
                let stage = match (passed, rank) {
                    (false, _) => FunnelStage::Lost,
                    (true, 3) => FunnelStage::Won,
                    (true, _) => FunnelStage::ALL[rank + 1],
                };
                history.push(StageChange { stage, date: Some(date) });
                if !stage.is_open() {
                    break None;
                }
                rank += 1;
            };
            let stage = history.last().map_or(FunnelStage::Identify, |h| h.stage);
            let expected_close = match next_step {
                // Some forecasts slipped: the expected date passed and the deal is still open.
                Some(_) if rng.chance(0.15) => self.today.add_days(-days(rng, 1, 60)),
                // The owner's guess: the stages still ahead, a month each.
                Some(next) => next.add_days(30 * (3 - rank as i32) + days(rng, 0, 40) - 20),
                None => date.add_days(days(rng, 0, 60) - 30),
            }
            .max(created);
            // Each of money, authority and need is likelier met the further the deal got.
            let met = match stage {
                FunnelStage::Identify => 0.35,
                FunnelStage::Qualify => 0.6,
                FunnelStage::Develop => 0.75,
                FunnelStage::Propose => 0.85,
                FunnelStage::Won => 0.95,
                FunnelStage::Lost => 0.5,
            };
            let man = Man { money: rng.chance(met), authority: rng.chance(met), need: rng.chance(met.max(0.6)) };
            let (lost_reason, competitor) = if stage == FunnelStage::Lost {
                let competitor = loop {
                    let c = *rng.pick(COMPETITORS);
                    if c != model.brand {
                        break c;
                    }
                };
                (rng.pick(OPPORTUNITY_LOST_REASONS).replace("{competitor}", competitor), competitor.to_string())
            } else {
                (String::new(), String::new())
            };
            let owner = match customer.team.members.first() {
                Some(_) if rng.chance(0.2) => *rng.pick(&customer.team.members),
                _ => customer.team.lead,
            };
            out.push(Opportunity {
                id: next_id(&mut ids.opportunity),
                customer_id: customer.id,
                title: format!("{}：{quantity}台{}{}", rng.pick(projects(profile.application)), model.code, model.kind),
                product: model.code.to_string(),
                value: Cny::from_yuan(model.list_wan as i64 * 10_000) * i64::from(quantity),
                owner,
                source: if rng.chance(0.6) {
                    customer.source
                } else {
                    choose_in(rng, LeadSource::ALL, &[18, 22, 8, 8, 3, 20, 15, 6])
                },
                stage,
                man,
                created: Some(created),
                expected_close: Some(expected_close),
                history,
                lost_reason,
                competitor,
                ..Opportunity::default()
            });
        }
    }
}

fn claim(rng: &mut Rng, order: &Order, settle_rate: f64) -> Claim {
    let machine = order.lines.iter().any(|l| l.kind == ProductKind::Machine);
    let share = if machine { 0.005 + rng.unit() * 0.025 } else { 0.05 + rng.unit() * 0.25 };
    let amount = order.revenue().scale(share);
    Claim {
        amount: Cny((amount.fen() / 100).max(1) * 100),
        reason: rng.pick(CLAIM_REASONS).to_string(),
        settled: rng.chance(settle_rate),
    }
}

fn lost_reason(rng: &mut Rng, kind: LostKind) -> String {
    let reasons: &[&str] = match kind {
        LostKind::Dissatisfied => &[
            "配件供应不及时，设备多次停工",
            "同一故障反复维修，五次上门仍未修好",
            "单证寄送屡次延误，客户不满但未明说",
            "服务工程师响应慢，工地等待时间长",
        ],
        LostKind::Competitor => {
            &["{competitor}报价更低且账期更长", "{competitor}在当地新设服务站", "改用{competitor}整机加融资租赁方案"]
        }
        LostKind::NegativeValue => &["长期压价且回款拖欠，利润为负", "索赔频繁、账期过长，主动减少投入"],
        LostKind::Involuntary => &["公司破产清算", "项目完工后退出工程行业", "企业被兼并重组", "老板转行，设备已转让"],
    };
    let reason = *rng.pick(reasons);
    let competitor = *rng.pick(COMPETITORS);
    reason.replace("{competitor}", competitor)
}

/// One line of parts for `model`.
fn part_line(rng: &mut Rng, model: &MachineModel, margin: f64) -> OrderLine {
    // Wear parts dominate what customers buy over the counter; major components are rarer.
    let major = rng.chance(0.15);
    let part = loop {
        let p = rng.pick(PART_TYPES);
        if major || p.wear != Wear::Slow {
            break p;
        }
    };
    let cost = part_cost(rng, part, model);
    let quantity = match part.wear {
        Wear::Fast => rng.range_u32(2, 20),
        Wear::Steady => rng.range_u32(1, 6),
        Wear::Slow => 1,
    };
    OrderLine {
        product: format!("{} {}", model.code, part.zh),
        kind: ProductKind::Parts,
        quantity,
        unit_price: cost.scale(1.0 / (1.0 - margin)),
        unit_cost: cost,
    }
}

/// A part's cost: bigger machines take dearer parts.
fn part_cost(rng: &mut Rng, part: &PartType, model: &MachineModel) -> Cny {
    let base = f64::from(rng.range_u32(part.cost.0, part.cost.1));
    let size = 0.7 + model.list_wan as f64 / 300.0;
    Cny::from_yuan((base * size).round().max(1.0) as i64)
}

// ---------------------------------------------------------------------------------------------
// Contact details

fn mobile(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(MOBILE_PREFIXES), rng.below(100_000_000))
}

/// A landline with the city's area code: 3-digit codes take 8-digit numbers, 4-digit ones 7.
fn landline(rng: &mut Rng, city: &str) -> String {
    match area_code(city) {
        Some(code) if code.len() == 3 => format!("{code}-{}", rng.range_u32(20_000_000, 89_999_999)),
        Some(code) => format!("{code}-{}", rng.range_u32(2_000_000, 8_999_999)),
        None => mobile(rng),
    }
}

fn wechat_id(rng: &mut Rng, stem: &str) -> String {
    if rng.chance(0.3) {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let tail: String = (0..12).map(|_| char::from(*rng.pick(ALPHABET))).collect();
        format!("wxid_{tail}")
    } else {
        format!("{stem}{}", rng.range_u32(1, 9_999))
    }
}

fn address(rng: &mut Rng, city: &str) -> String {
    format!(
        "{city}市{}{}{}{}号",
        rng.pick(DISTRICTS),
        rng.pick(ROADS),
        rng.pick(&["路", "大道", "街"]),
        rng.range_u32(1, 999)
    )
}

// ---------------------------------------------------------------------------------------------
// Parts

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wear {
    /// Consumables and wear parts (filters, teeth, oil): sold nearly every month.
    Fast,
    Steady,
    /// Major components: rare, lumpy demand.
    Slow,
}

/// Syntetos–Boylan demand classes, by inter-demand interval and size variability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum DemandClass {
    Smooth,
    Erratic,
    Intermittent,
    Lumpy,
}

fn make_part(rng: &mut Rng, index: usize, today: Date, ids: &mut Ids, out: &mut DemoBatch) {
    let id = index as Id + 1;
    let kind = rng.pick(PART_TYPES);
    let model = rng.pick(MODELS);
    let mut fits_models = vec![model.code.to_string()];
    for _ in 0..rng.below(3) {
        let other = rng.pick(MODELS);
        if other.brand == model.brand && other.kind == model.kind && !fits_models.iter().any(|m| m == other.code) {
            fits_models.push(other.code.to_string());
        }
    }
    let cost = part_cost(rng, kind, model);
    // 37 is coprime to 90,000, so the body number is unique for every index below that.
    let body = 10_000 + (index * 37 + 50_234) % 90_000;
    let suppliers = suppliers(kind.category);
    out.parts.push(Part {
        id,
        number: format!("{}-{body:05}-{:02}", model.part_prefix, rng.range_u32(1, 3)),
        name_zh: format!("{} {}", model.code, kind.zh),
        name_en: format!("{}, {}", kind.en, model.code),
        category: kind.category.to_string(),
        fits_models,
        unit_cost: cost,
        unit_price: cost.scale(1.25 + rng.unit() * 0.35),
        supplier: rng.pick(suppliers).to_string(),
        lead_time_days: rng.range_u32(u32::from(kind.lead.0), u32::from(kind.lead.1)) as u16,
        pack_size: *rng.pick(kind.packs),
        criticality: kind.criticality,
    });

    let start = today.month_of() + -(DEMAND_MONTHS as i32 - 1);
    let quantities = demand_series(rng, kind.wear, start);
    out.stock.extend(stock_levels(rng, id, &quantities, ids));
    out.part_demand.push(PartDemand { part_id: id, start: Some(start), quantities });
}

/// Monthly demand with many zero months: the class fixes how often demand comes (ADI) and how
/// much its size varies (CV²), so the mix covers every Syntetos–Boylan class.
fn demand_series(rng: &mut Rng, wear: Wear, start: Month) -> Vec<Option<u32>> {
    let class = choose_in(
        rng,
        &[DemandClass::Smooth, DemandClass::Erratic, DemandClass::Intermittent, DemandClass::Lumpy],
        match wear {
            Wear::Fast => &[30, 25, 25, 20],
            Wear::Steady => &[8, 10, 42, 40],
            Wear::Slow => &[2, 3, 45, 50],
        },
    );
    let adi = match class {
        DemandClass::Smooth | DemandClass::Erratic => 1.0 + rng.unit() * 0.25,
        DemandClass::Intermittent | DemandClass::Lumpy => 1.6 + rng.unit() * 6.4,
    };
    let cv2 = match class {
        DemandClass::Smooth | DemandClass::Intermittent => 0.05 + rng.unit() * 0.25,
        DemandClass::Erratic | DemandClass::Lumpy => 0.7 + rng.unit() * 1.1,
    };
    let mean = match wear {
        Wear::Fast => 4.0 + rng.unit() * 21.0,
        Wear::Steady => 1.5 + rng.unit() * 4.5,
        Wear::Slow => 1.0 + rng.unit() * 1.5,
    };
    // Parts introduced recently have no history before their launch.
    let launched = if rng.chance(0.07) { rng.range_u32(12, 48) as usize } else { 0 };
    let sigma = (1.0 + cv2).ln().sqrt();
    (0..DEMAND_MONTHS)
        .map(|i| {
            if i < launched {
                return None;
            }
            // Sites stop for winter and the Spring Festival; spring and autumn are busiest.
            let season = SEASON[(start + i as i32).month() as usize - 1];
            if !rng.chance(season / adi) {
                return Some(0);
            }
            let size = match class {
                DemandClass::Smooth | DemandClass::Intermittent => rng.normal(mean, mean * cv2.sqrt()),
                // Log-normal with the class's variability: mostly small, sometimes a big job.
                DemandClass::Erratic | DemandClass::Lumpy => {
                    mean * (sigma * rng.normal(0.0, 1.0) - sigma * sigma / 2.0).exp()
                }
            };
            Some(size.round().max(1.0) as u32)
        })
        .collect()
}

/// Stock in the main store and sometimes a branch: mostly a few months of demand, some parts
/// out of stock and some far over-stocked (the cash a better forecast frees).
fn stock_levels(rng: &mut Rng, part_id: Id, demand: &[Option<u32>], ids: &mut Ids) -> Vec<StockLevel> {
    let recent: Vec<u32> = demand.iter().rev().take(12).flatten().copied().collect();
    let monthly = f64::from(recent.iter().sum::<u32>()) / recent.len().max(1) as f64;
    let months_of_cover = match rng.below(100) {
        0..=11 => 0.0,
        12..=21 => 12.0 + rng.unit() * 24.0,
        _ => 2.0 + rng.unit() * 5.0,
    };
    let mut total = (monthly * months_of_cover).round() as u32;
    if monthly == 0.0 && months_of_cover > 0.0 {
        // Dead stock: bought once, never sold since.
        total = rng.range_u32(0, 6);
    }
    let branch = rng.chance(0.35).then(|| *rng.pick(BRANCH_STORES));
    let at_branch = if branch.is_some() { (f64::from(total) * (0.3 + rng.unit() * 0.3)).round() as u32 } else { 0 };
    let mut levels = vec![StockLevel {
        id: next_id(&mut ids.stock),
        part_id,
        location: "总库".to_string(),
        on_hand: total - at_branch,
    }];
    if let Some(location) = branch {
        levels.push(StockLevel {
            id: next_id(&mut ids.stock),
            part_id,
            location: location.to_string(),
            on_hand: at_branch,
        });
    }
    levels
}

// ---------------------------------------------------------------------------------------------
// Catalogues

struct MachineModel {
    code: &'static str,
    brand: &'static str,
    /// Prefix of the brand's part numbers.
    part_prefix: &'static str,
    kind: &'static str,
    /// List price in 万元 (10,000 yuan).
    list_wan: u32,
    /// How well it suits each application, in `Application::ALL` order: general construction,
    /// heavy construction, excavation, mining.
    by_application: [u32; 4],
}

const fn model(
    code: &'static str,
    brand: &'static str,
    part_prefix: &'static str,
    kind: &'static str,
    list_wan: u32,
    by_application: [u32; 4],
) -> MachineModel {
    MachineModel { code, brand, part_prefix, kind, list_wan, by_application }
}

/// The dealer's line: excavators, loaders, rollers, dozers, cranes and graders from four makers,
/// priced ¥34万–¥285万 list.
const MODELS: &[MachineModel] = &[
    model("XE60DA", "徐工", "XG", "挖掘机", 34, [30, 2, 18, 0]),
    model("SY75C", "三一", "SY", "挖掘机", 36, [35, 4, 20, 0]),
    model("SY135C", "三一", "SY", "挖掘机", 48, [25, 10, 22, 3]),
    model("SY215C", "三一", "SY", "挖掘机", 86, [14, 20, 30, 12]),
    model("XE215DA", "徐工", "XG", "挖掘机", 82, [10, 15, 25, 8]),
    model("SY245H", "三一", "SY", "挖掘机", 108, [4, 14, 18, 14]),
    model("SY365H", "三一", "SY", "挖掘机", 165, [0, 8, 12, 22]),
    model("XE370CA", "徐工", "XG", "挖掘机", 158, [0, 8, 10, 18]),
    model("SY550H", "三一", "SY", "挖掘机", 285, [0, 2, 4, 16]),
    model("ZL50GN", "徐工", "XG", "装载机", 36, [22, 12, 10, 16]),
    model("LW600KN", "徐工", "XG", "装载机", 48, [4, 8, 4, 14]),
    model("CLG856H", "柳工", "LG", "装载机", 42, [14, 12, 8, 12]),
    model("XS263J", "徐工", "XG", "压路机", 52, [12, 22, 0, 0]),
    model("SSR220C", "三一", "SY", "压路机", 58, [8, 18, 0, 0]),
    model("SD22", "山推", "ST", "推土机", 112, [0, 8, 14, 12]),
    model("SD32", "山推", "ST", "推土机", 175, [0, 4, 4, 12]),
    model("STC250", "三一", "SY", "起重机", 168, [8, 16, 0, 2]),
    model("QY25K5", "徐工", "XG", "起重机", 172, [8, 16, 0, 2]),
    model("SMG200C", "三一", "SY", "平地机", 78, [4, 12, 0, 3]),
];

struct PartType {
    zh: &'static str,
    en: &'static str,
    category: &'static str,
    /// Cost range in yuan for a mid-size machine.
    cost: (u32, u32),
    wear: Wear,
    criticality: Criticality,
    packs: &'static [u32],
    /// Supplier lead time range in days: imported components take longest.
    lead: (u16, u16),
}

const fn part(
    (zh, en): (&'static str, &'static str),
    category: &'static str,
    cost: (u32, u32),
    wear: Wear,
    criticality: Criticality,
    packs: &'static [u32],
    lead: (u16, u16),
) -> PartType {
    PartType { zh, en, category, cost, wear, criticality, packs, lead }
}

use Criticality::{High, Low, Medium};
use Wear::{Fast, Slow, Steady};

const PART_TYPES: &[PartType] = &[
    part(("液压泵", "Hydraulic pump"), "液压件", (18_000, 65_000), Slow, High, &[1], (20, 60)),
    part(("主控阀", "Main control valve"), "液压件", (15_000, 45_000), Slow, High, &[1], (20, 60)),
    part(("回转马达", "Swing motor"), "液压件", (12_000, 30_000), Slow, High, &[1], (15, 45)),
    part(("行走马达", "Travel motor"), "液压件", (15_000, 38_000), Slow, High, &[1], (15, 45)),
    part(("液压油缸", "Hydraulic cylinder"), "液压件", (6_000, 20_000), Slow, High, &[1], (10, 30)),
    part(("高压油管", "High-pressure hose"), "液压件", (180, 900), Steady, Medium, &[1, 2], (3, 10)),
    part(("油缸密封件包", "Cylinder seal kit"), "密封件", (150, 600), Steady, Medium, &[1, 2], (5, 15)),
    part(("O型圈", "O-ring"), "密封件", (2, 15), Fast, Low, &[10, 20, 50], (3, 10)),
    part(("斗齿", "Bucket tooth"), "工作装置", (80, 260), Fast, Medium, &[5, 10], (3, 10)),
    part(("齿座", "Tooth adapter"), "工作装置", (200, 600), Steady, Medium, &[1, 5], (5, 15)),
    part(("侧刃", "Side cutter"), "工作装置", (300, 900), Steady, Low, &[2], (5, 15)),
    part(("铲斗", "Bucket"), "工作装置", (8_000, 25_000), Slow, Medium, &[1], (15, 40)),
    part(("销轴", "Pin"), "工作装置", (120, 800), Steady, Medium, &[1, 2], (5, 20)),
    part(("衬套", "Bushing"), "工作装置", (60, 300), Steady, Medium, &[2, 5], (5, 20)),
    part(("履带板", "Track shoe"), "底盘件", (250, 700), Steady, Medium, &[5, 10], (7, 25)),
    part(("支重轮", "Track roller"), "底盘件", (900, 2_500), Steady, Medium, &[1, 2], (7, 25)),
    part(("托链轮", "Carrier roller"), "底盘件", (600, 1_500), Steady, Low, &[1, 2], (7, 25)),
    part(("引导轮", "Idler"), "底盘件", (2_500, 6_000), Slow, Medium, &[1], (10, 30)),
    part(("驱动轮", "Sprocket"), "底盘件", (2_000, 5_500), Slow, Medium, &[1], (10, 30)),
    part(("履带链节总成", "Track link assembly"), "底盘件", (12_000, 30_000), Slow, Medium, &[1], (15, 40)),
    part(("机油滤芯", "Engine oil filter"), "滤清器", (45, 160), Fast, Medium, &[1, 5, 10], (3, 7)),
    part(("柴油滤芯", "Fuel filter"), "滤清器", (60, 200), Fast, Medium, &[1, 5, 10], (3, 7)),
    part(("空气滤芯", "Air filter"), "滤清器", (180, 600), Fast, Medium, &[1, 2], (3, 7)),
    part(("液压回油滤芯", "Hydraulic return filter"), "滤清器", (200, 600), Fast, Medium, &[1, 2], (3, 10)),
    part(("先导滤芯", "Pilot filter"), "滤清器", (80, 240), Fast, Low, &[1, 5], (3, 10)),
    part(("油水分离器", "Fuel water separator"), "滤清器", (150, 450), Steady, Medium, &[1], (3, 10)),
    part(("发动机总成", "Engine assembly"), "发动机件", (90_000, 220_000), Slow, High, &[1], (30, 60)),
    part(("涡轮增压器", "Turbocharger"), "发动机件", (6_000, 18_000), Slow, High, &[1], (15, 45)),
    part(("喷油器", "Fuel injector"), "发动机件", (1_500, 4_500), Steady, High, &[1, 6], (10, 30)),
    part(("水泵", "Water pump"), "发动机件", (1_200, 3_500), Slow, Medium, &[1], (7, 20)),
    part(("风扇皮带", "Fan belt"), "发动机件", (80, 300), Steady, Medium, &[1, 2], (3, 10)),
    part(("散热器", "Radiator"), "发动机件", (4_000, 12_000), Slow, Medium, &[1], (10, 30)),
    part(("起动马达", "Starter motor"), "电气件", (2_000, 5_500), Slow, High, &[1], (7, 20)),
    part(("发电机", "Alternator"), "电气件", (1_500, 4_000), Slow, Medium, &[1], (7, 20)),
    part(("蓄电池", "Battery"), "电气件", (600, 1_500), Steady, Medium, &[1, 2], (3, 7)),
    part(("控制器", "Controller"), "电气件", (8_000, 25_000), Slow, High, &[1], (20, 60)),
    part(("显示屏", "Monitor"), "电气件", (3_000, 9_000), Slow, Low, &[1], (15, 45)),
    part(("传感器", "Sensor"), "电气件", (300, 1_500), Steady, Medium, &[1], (7, 30)),
    part(("回转支承", "Slewing bearing"), "传动件", (25_000, 60_000), Slow, High, &[1], (30, 60)),
    part(("终传动减速机", "Final drive"), "传动件", (18_000, 45_000), Slow, High, &[1], (20, 60)),
    part(("液压油（18L）", "Hydraulic oil (18 L)"), "油品", (450, 800), Fast, Low, &[1, 4], (3, 7)),
    part(("发动机机油（18L）", "Engine oil (18 L)"), "油品", (350, 700), Fast, Low, &[1, 4], (3, 7)),
    part(("润滑脂", "Grease"), "油品", (120, 300), Fast, Low, &[10], (3, 7)),
    part(("雨刮器", "Wiper"), "驾驶室", (40, 120), Steady, Low, &[1, 5], (3, 15)),
    part(("司机座椅", "Operator seat"), "驾驶室", (1_500, 4_000), Slow, Low, &[1], (10, 30)),
];

fn suppliers(category: &str) -> &'static [&'static str] {
    match category {
        "液压件" | "密封件" => &[
            "江苏恒立液压股份有限公司",
            "川崎精密机械（苏州）有限公司",
            "博世力士乐（常州）有限公司",
            "烟台艾迪精密机械股份有限公司",
        ],
        "发动机件" => {
            &["潍柴动力股份有限公司", "东风康明斯发动机有限公司", "广西玉柴机器股份有限公司", "上海日野发动机有限公司"]
        }
        "滤清器" | "油品" => &[
            "弗列加过滤系统（上海）有限公司",
            "唐纳森（无锡）过滤器有限公司",
            "中国石化长城润滑油",
            "壳牌（中国）有限公司",
        ],
        "电气件" => &["博世汽车部件（长沙）有限公司", "湖南三一智能控制设备有限公司", "徐州徐工汽车电器有限公司"],
        _ => &[
            "三一重机配件中心",
            "徐工集团备件公司",
            "山推股份配件分公司",
            "宁波伏龙同步带有限公司",
            "泉州恒鑫底盘件有限公司",
        ],
    }
}

/// Share of a month's chance of demand, January to December.
const SEASON: [f64; 12] = [0.7, 0.45, 1.1, 1.15, 1.15, 1.1, 1.0, 1.0, 1.1, 1.1, 0.95, 0.8];

const BRANCH_STORES: &[&str] = &["乌鲁木齐库", "库尔勒库", "哈密库", "包头库", "鄂尔多斯库"];

const SERVICES: &[(&str, u32, u32)] = &[
    ("250小时首保", 800, 1_500),
    ("500小时定期保养", 1_200, 2_800),
    ("1000小时保养", 2_000, 4_500),
    ("维修工时", 1_500, 8_000),
    ("上门服务费", 500, 1_500),
];

const COMPETITORS: &[&str] =
    &["三一", "徐工", "卡特彼勒", "柳工", "临工", "小松", "中联重科", "山推", "日立建机", "沃尔沃"];

const OPPORTUNITY_LOST_REASONS: &[&str] = &[
    "价格高于{competitor}约8%",
    "{competitor}交货期更短",
    "{competitor}提供更长账期",
    "客户资金未到位，改租{competitor}设备",
    "老板与{competitor}代理商关系更近",
    "对我方售后响应不满意，选择{competitor}",
];

const CLAIM_REASONS: &[&str] =
    &["到货配件型号不符", "液压油管渗漏", "交货延误影响开工", "发动机故障停机", "随车资料缺失", "运输途中磕碰掉漆"];

struct Industry {
    zh: &'static str,
    ascii: &'static str,
    application: Application,
}

const fn industry(zh: &'static str, ascii: &'static str, application: Application) -> Industry {
    Industry { zh, ascii, application }
}

const INDUSTRIES: &[Industry] = &[
    industry("矿业", "mining", Application::Mining),
    industry("煤业", "coal", Application::Mining),
    industry("矿山工程", "mine", Application::Mining),
    industry("砂石", "sand", Application::Mining),
    industry("能源", "energy", Application::Mining),
    industry("土石方工程", "earthwork", Application::Excavation),
    industry("基础工程", "foundation", Application::Excavation),
    industry("爆破工程", "blasting", Application::Excavation),
    industry("机械施工", "works", Application::Excavation),
    industry("路桥工程", "bridge", Application::HeavyConstruction),
    industry("水利水电工程", "hydro", Application::HeavyConstruction),
    industry("交通建设", "transport", Application::HeavyConstruction),
    industry("公路工程", "highway", Application::HeavyConstruction),
    industry("隧道工程", "tunnel", Application::HeavyConstruction),
    industry("建设集团", "group", Application::HeavyConstruction),
    industry("建筑工程", "build", Application::GeneralConstruction),
    industry("市政工程", "municipal", Application::GeneralConstruction),
    industry("机械租赁", "rental", Application::GeneralConstruction),
    industry("建设工程", "construct", Application::GeneralConstruction),
    industry("园林绿化工程", "garden", Application::GeneralConstruction),
];

/// Trade-name words with the ASCII used in the company's e-mail domain.
const BRANDS: &[(&str, &str)] = &[
    ("天山", "tianshan"),
    ("宏达", "hongda"),
    ("恒昌", "hengchang"),
    ("鑫源", "xinyuan"),
    ("华建", "huajian"),
    ("中盛", "zhongsheng"),
    ("金泰", "jintai"),
    ("永盛", "yongsheng"),
    ("瑞丰", "ruifeng"),
    ("鼎盛", "dingsheng"),
    ("宏远", "hongyuan"),
    ("广汇", "guanghui"),
    ("建邦", "jianbang"),
    ("联创", "lianchuang"),
    ("泰和", "taihe"),
    ("正元", "zhengyuan"),
    ("昌盛", "changsheng"),
    ("顺通", "shuntong"),
    ("安泰", "antai"),
    ("华通", "huatong"),
    ("新宇", "xinyu"),
    ("大成", "dacheng"),
    ("众鑫", "zhongxin"),
    ("博远", "boyuan"),
    ("荣达", "rongda"),
    ("兴业", "xingye"),
    ("诚信", "chengxin"),
    ("德润", "derun"),
    ("锦程", "jincheng"),
    ("伟业", "weiye"),
    ("恒通", "hengtong"),
    ("祥瑞", "xiangrui"),
    ("天成", "tiancheng"),
    ("华盛", "huasheng"),
    ("宏基", "hongji"),
    ("远大", "yuanda"),
    ("振华", "zhenhua"),
    ("同力", "tongli"),
    ("金鹏", "jinpeng"),
    ("天宇", "tianyu"),
    ("晟达", "shengda"),
    ("凯旋", "kaixuan"),
    ("盛世", "shengshi"),
    ("富源", "fuyuan"),
    ("长城", "changcheng"),
    ("海川", "haichuan"),
    ("万通", "wantong"),
    ("宝丰", "baofeng"),
    ("嘉禾", "jiahe"),
    ("亿达", "yida"),
    ("腾飞", "tengfei"),
    ("铭泰", "mingtai"),
    ("恒信", "hengxin"),
    ("中鼎", "zhongding"),
    ("永固", "yonggu"),
    ("巨力", "juli"),
    ("金石", "jinshi"),
    ("昆仑", "kunlun"),
    ("北方", "beifang"),
    ("西部", "xibu"),
    ("东升", "dongsheng"),
    ("隆盛", "longsheng"),
];

const GOVERNMENT_OFFICES: &[(&str, &str)] = &[
    ("市政工程管理处", "szgc"),
    ("公路管理局", "glj"),
    ("水利局", "slj"),
    ("交通运输局", "jtj"),
    ("城市管理局", "cgj"),
    ("住房和城乡建设局", "zjj"),
    ("公路养护中心", "glyh"),
    ("园林绿化局", "ylj"),
    ("水务局", "swj"),
    ("应急管理局", "yjj"),
];

const DISTRICTS: &[&str] =
    &["高新区", "经开区", "新区", "城关区", "工业园区", "开发区", "城南区", "城北区", "东城区", "西城区"];

const ROADS: &[&str] = &[
    "建设", "人民", "解放", "长江", "黄河", "迎宾", "工业", "创业", "友谊", "胜利", "和平", "团结", "新华", "中山",
    "朝阳", "环城", "昆仑", "天山", "振兴", "发展",
];

const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("马", "ma"),
    ("罗", "luo"),
    ("梁", "liang"),
    ("宋", "song"),
    ("郑", "zheng"),
    ("谢", "xie"),
    ("韩", "han"),
    ("唐", "tang"),
    ("冯", "feng"),
    ("于", "yu"),
    ("董", "dong"),
    ("程", "cheng"),
    ("曹", "cao"),
    ("袁", "yuan"),
    ("邓", "deng"),
    ("许", "xu"),
    ("沈", "shen"),
    ("曾", "zeng"),
    ("彭", "peng"),
    ("吕", "lv"),
    ("苏", "su"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("贾", "jia"),
    ("丁", "ding"),
    ("魏", "wei"),
    ("薛", "xue"),
    ("叶", "ye"),
    ("任", "ren"),
    ("姚", "yao"),
];

const GIVEN_NAMES: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("辉", "hui"),
    ("建", "jian"),
    ("国", "guo"),
    ("华", "hua"),
    ("志", "zhi"),
    ("鹏", "peng"),
    ("斌", "bin"),
    ("海", "hai"),
    ("波", "bo"),
    ("峰", "feng"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("凯", "kai"),
    ("晨", "chen"),
    ("俊", "jun"),
    ("文", "wen"),
    ("亮", "liang"),
    ("红", "hong"),
    ("新", "xin"),
    ("东", "dong"),
    ("春", "chun"),
    ("玉", "yu"),
    ("德", "de"),
    ("成", "cheng"),
];

const COMPANY_TITLES: &[(&str, ContactRole)] = &[
    ("总经理", ContactRole::DecisionMaker),
    ("副总经理", ContactRole::DecisionMaker),
    ("采购经理", ContactRole::Purchaser),
    ("采购员", ContactRole::Purchaser),
    ("设备部长", ContactRole::Influencer),
    ("设备主管", ContactRole::Influencer),
    ("财务经理", ContactRole::Influencer),
    ("项目经理", ContactRole::User),
    ("机务队长", ContactRole::User),
    ("机手", ContactRole::Operator),
    ("机手", ContactRole::Operator),
];

const GOVERNMENT_TITLES: &[(&str, ContactRole)] = &[
    ("副处长", ContactRole::DecisionMaker),
    ("设备科长", ContactRole::Influencer),
    ("采购专员", ContactRole::Purchaser),
    ("养护队长", ContactRole::User),
    ("机手", ContactRole::Operator),
];

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
    "158", "159", "166", "173", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198",
    "199",
];

fn projects(application: Application) -> &'static [&'static str] {
    match application {
        Application::Mining => &["露天矿扩产", "煤矿剥离", "砂石骨料线", "矿区道路"],
        Application::Excavation => &["土方开挖", "基坑开挖", "管网沟槽", "场地平整"],
        Application::HeavyConstruction => &["高速公路标段", "水库枢纽", "铁路路基", "机场跑道"],
        Application::GeneralConstruction => &["市政道路", "厂房基础", "老旧设备更新", "园区建设"],
    }
}

fn interaction_notes(kind: InteractionKind) -> &'static [&'static str] {
    match kind {
        InteractionKind::Visit => &[
            "上门拜访，了解{model}使用情况，客户反馈油耗偏高",
            "走访工地，客户新接项目，预计需要增加设备",
            "陪同服务工程师回访，客户对保养服务满意",
            "拜访老板，沟通年度采购计划",
            "到矿区查看设备工况，建议更换斗齿",
        ],
        InteractionKind::Call => &[
            "电话跟进报价，客户在比较{competitor}的价格",
            "电话回访维修情况，设备已恢复正常",
            "催收{model}尾款，客户承诺月底付款",
            "电话确认配件到货时间",
        ],
        InteractionKind::Email => {
            &["邮件发送正式报价单和合同草稿", "发送对账单，请财务核对", "发送{model}技术参数和配置清单"]
        }
        InteractionKind::WeChat => &[
            "微信发送{model}配置单和报价",
            "客户微信询问配件价格",
            "微信发送保养提醒",
            "客户发来设备故障视频，已转服务部",
        ],
        InteractionKind::TradeShow => &["上海宝马展现场交流，留下名片", "长沙国际工程机械展参观{model}样机"],
        InteractionKind::Meeting => {
            &["在公司会议室洽谈融资租赁方案", "组织技术交流会，介绍{model}新机型", "与客户设备部开年度服务协议会议"]
        }
    }
}

fn ticket_summaries(kind: TicketKind) -> &'static [&'static str] {
    match kind {
        TicketKind::Repair => &[
            "{model} 液压泵异响，动臂提升无力",
            "{model} 发动机水温过高报警",
            "{model} 回转马达漏油",
            "{model} 行走跑偏",
            "{model} 油缸内泄，铲斗自动下沉",
            "{model} 空调不制冷",
        ],
        TicketKind::Maintenance => &[
            "{model} 首次250小时保养",
            "{model} 500小时定期保养",
            "{model} 1000小时保养，更换液压油滤芯",
            "{model} 2000小时大保养",
        ],
        TicketKind::Inspection => &["{model} 年度安全检查", "{model} 开工前巡检", "{model} 冬季防冻检查"],
        TicketKind::Complaint => {
            &["配件到货延误，影响工地施工", "维修后同一故障再次出现", "服务工程师到场不及时", "随车资料和发票寄送延误"]
        }
    }
}

/// Telephone area codes of the cities in `PROVINCES`.
fn area_code(city: &str) -> Option<&'static str> {
    Some(match city {
        "北京" => "010",
        "天津" => "022",
        "石家庄" => "0311",
        "唐山" => "0315",
        "邯郸" => "0310",
        "保定" => "0312",
        "太原" => "0351",
        "大同" => "0352",
        "长治" => "0355",
        "朔州" => "0349",
        "呼和浩特" => "0471",
        "包头" => "0472",
        "鄂尔多斯" => "0477",
        "赤峰" => "0476",
        "沈阳" | "抚顺" => "024",
        "大连" => "0411",
        "鞍山" => "0412",
        "长春" => "0431",
        "吉林" => "0432",
        "延吉" => "0433",
        "哈尔滨" => "0451",
        "大庆" => "0459",
        "鸡西" => "0467",
        "齐齐哈尔" => "0452",
        "上海" => "021",
        "南京" => "025",
        "苏州" => "0512",
        "无锡" => "0510",
        "徐州" => "0516",
        "南通" => "0513",
        "杭州" => "0571",
        "宁波" => "0574",
        "温州" => "0577",
        "绍兴" => "0575",
        "台州" => "0576",
        "合肥" => "0551",
        "芜湖" => "0553",
        "淮南" => "0554",
        "马鞍山" => "0555",
        "福州" => "0591",
        "厦门" => "0592",
        "泉州" => "0595",
        "龙岩" => "0597",
        "南昌" => "0791",
        "赣州" => "0797",
        "九江" => "0792",
        "萍乡" => "0799",
        "济南" => "0531",
        "青岛" => "0532",
        "临沂" => "0539",
        "济宁" => "0537",
        "潍坊" => "0536",
        "郑州" => "0371",
        "洛阳" => "0379",
        "平顶山" => "0375",
        "南阳" => "0377",
        "武汉" => "027",
        "宜昌" => "0717",
        "襄阳" => "0710",
        "十堰" => "0719",
        "长沙" | "株洲" => "0731",
        "衡阳" => "0734",
        "岳阳" => "0730",
        "广州" => "020",
        "深圳" => "0755",
        "佛山" => "0757",
        "东莞" => "0769",
        "惠州" => "0752",
        "南宁" => "0771",
        "柳州" => "0772",
        "桂林" => "0773",
        "玉林" => "0775",
        "海口" | "三亚" => "0898",
        "重庆" => "023",
        "成都" => "028",
        "攀枝花" => "0812",
        "绵阳" => "0816",
        "宜宾" => "0831",
        "达州" => "0818",
        "贵阳" | "遵义" => "0851",
        "六盘水" => "0858",
        "毕节" => "0857",
        "昆明" => "0871",
        "曲靖" => "0874",
        "玉溪" => "0877",
        "蒙自" => "0873",
        "拉萨" => "0891",
        "日喀则" => "0892",
        "西安" => "029",
        "榆林" => "0912",
        "延安" => "0911",
        "宝鸡" => "0917",
        "兰州" => "0931",
        "金昌" => "0935",
        "白银" => "0943",
        "酒泉" => "0937",
        "西宁" => "0971",
        "格尔木" => "0979",
        "银川" => "0951",
        "石嘴山" => "0952",
        "乌鲁木齐" => "0991",
        "克拉玛依" => "0990",
        "哈密" => "0902",
        "库尔勒" => "0996",
        "伊宁" => "0999",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::fmt::Debug;
    use std::hash::Hash;
    use std::sync::OnceLock;

    const SEED: u64 = 20_261_122;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 22).expect("valid date")
    }

    impl DemoBatch {
        fn absorb(&mut self, other: DemoBatch) {
            self.users.extend(other.users);
            self.customers.extend(other.customers);
            self.contacts.extend(other.contacts);
            self.interactions.extend(other.interactions);
            self.orders.extend(other.orders);
            self.opportunities.extend(other.opportunities);
            self.parts.extend(other.parts);
            self.part_demand.extend(other.part_demand);
            self.stock.extend(other.stock);
            self.machines.extend(other.machines);
            self.tickets.extend(other.tickets);
        }
    }

    fn merged(generator: DemoGenerator) -> DemoBatch {
        generator.fold(DemoBatch::default(), |mut all, batch| {
            all.absorb(batch);
            all
        })
    }

    /// The Demo workspace, generated once and shared by the tests.
    fn demo() -> &'static DemoBatch {
        static DEMO: OnceLock<DemoBatch> = OnceLock::new();
        DEMO.get_or_init(|| merged(DemoGenerator::new(DemoSize::Demo, SEED, today())))
    }

    fn days_ago(days: i32) -> Date {
        today().add_days(-days)
    }

    #[test]
    fn plans_are_as_promised() {
        for (size, users, customers, opportunities, parts) in
            [(DemoSize::Demo, 8, 300, 1_500, 400), (DemoSize::Bench, 40, 10_000, 50_000, 20_000)]
        {
            assert_eq!(size.plan(), DemoPlan { users, customers, opportunities, parts });
        }
    }

    #[test]
    fn same_inputs_same_data_whatever_the_consumption() {
        let all: Vec<DemoBatch> = DemoGenerator::new(DemoSize::Demo, SEED, today()).collect();
        // Pull a few batches, ask for progress in between, then drain the rest.
        let mut generator = DemoGenerator::new(DemoSize::Demo, SEED, today());
        let mut stepwise: Vec<DemoBatch> = generator.by_ref().take(3).collect();
        let _ = generator.progress();
        stepwise.extend(generator);
        assert_eq!(all, stepwise);
        assert_eq!(&merged(DemoGenerator::new(DemoSize::Demo, SEED, today())), demo());

        for (seed, day) in [(SEED + 1, today()), (SEED, today().add_days(1))] {
            let other = merged(DemoGenerator::new(DemoSize::Demo, seed, day));
            assert_ne!(other.customers, demo().customers, "seed {seed}, today {day}");
        }
    }

    #[test]
    fn batches_come_in_order_with_progress() {
        let plan = DemoSize::Demo.plan();
        let total = plan.customers + plan.parts;
        let mut generator = DemoGenerator::new(DemoSize::Demo, SEED, today());
        assert_eq!(generator.progress(), (0, total));

        let users = generator.next().expect("users first");
        assert_eq!((users.users.len(), users.record_count()), (plan.users, plan.users));
        let mut done = 0;
        let mut parts_started = false;
        while let Some(batch) = generator.next() {
            let (now, of) = generator.progress();
            assert_eq!(of, total);
            assert_eq!(now, done + batch.customers.len() + batch.parts.len(), "progress counts work units");
            done = now;
            assert!(batch.users.is_empty());
            if batch.parts.is_empty() {
                assert!(!parts_started, "customers all come before parts");
                assert!((1..=CUSTOMERS_PER_BATCH).contains(&batch.customers.len()));
            } else {
                parts_started = true;
                assert!(batch.customers.is_empty() && batch.parts.len() <= PARTS_PER_BATCH);
                assert_eq!(batch.part_demand.len(), batch.parts.len());
            }
        }
        assert_eq!(generator.progress(), (total, total));
        assert!(generator.next().is_none(), "stays finished");
    }

    #[test]
    fn demo_meets_its_plan_exactly() {
        let (plan, demo) = (DemoSize::Demo.plan(), demo());
        assert_eq!(demo.users.len(), plan.users);
        assert_eq!(demo.customers.len(), plan.customers);
        assert_eq!(demo.opportunities.len(), plan.opportunities);
        assert_eq!(demo.parts.len(), plan.parts);
        assert_eq!(demo.part_demand.len(), plan.parts);
        // Users: 1–2 managers, some service engineers, mostly sales; one salesperson left.
        let count = |role| demo.users.iter().filter(|u| u.role == role).count();
        assert_eq!(count(UserRole::Manager), 1);
        assert!(count(UserRole::Sales) > count(UserRole::Service));
        let inactive: Vec<_> = demo.users.iter().filter(|u| !u.active).collect();
        assert_eq!(inactive.len(), 1);
        assert_eq!(inactive[0].role, UserRole::Sales);
    }

    #[test]
    fn ids_are_unique_per_kind_and_fit_javascript_numbers() {
        let d = demo();
        let kinds: [(&str, Vec<Id>); 10] = [
            ("users", d.users.iter().map(|r| r.id).collect()),
            ("customers", d.customers.iter().map(|r| r.id).collect()),
            ("contacts", d.contacts.iter().map(|r| r.id).collect()),
            ("interactions", d.interactions.iter().map(|r| r.id).collect()),
            ("orders", d.orders.iter().map(|r| r.id).collect()),
            ("opportunities", d.opportunities.iter().map(|r| r.id).collect()),
            ("parts", d.parts.iter().map(|r| r.id).collect()),
            ("stock", d.stock.iter().map(|r| r.id).collect()),
            ("machines", d.machines.iter().map(|r| r.id).collect()),
            ("tickets", d.tickets.iter().map(|r| r.id).collect()),
        ];
        for (kind, ids) in kinds {
            assert!(!ids.is_empty(), "{kind}");
            let unique: HashSet<_> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "{kind} ids unique");
            assert_eq!(ids.iter().min(), Some(&1), "{kind} ids start at 1");
            assert!(ids.iter().all(|&id| id < 1 << 53), "{kind}");
        }
        for (kind, texts) in [
            ("company names", d.customers.iter().map(|c| c.company.as_str()).collect::<Vec<_>>()),
            ("order numbers", d.orders.iter().map(|o| o.number.as_str()).collect()),
            ("part numbers", d.parts.iter().map(|p| p.number.as_str()).collect()),
            ("serials", d.machines.iter().map(|m| m.serial.as_str()).collect()),
        ] {
            assert_eq!(texts.iter().collect::<HashSet<_>>().len(), texts.len(), "{kind} unique");
        }
    }

    #[test]
    fn every_reference_points_at_an_existing_record() {
        let d = demo();
        let users: HashMap<Id, &User> = d.users.iter().map(|u| (u.id, u)).collect();
        let customers: HashMap<Id, &Customer> = d.customers.iter().map(|c| (c.id, c)).collect();
        let contacts: HashMap<Id, &Contact> = d.contacts.iter().map(|c| (c.id, c)).collect();
        let machines: HashMap<Id, &Machine> = d.machines.iter().map(|m| (m.id, m)).collect();
        let parts: HashSet<Id> = d.parts.iter().map(|p| p.id).collect();
        let is_user = |id: &Id| users.contains_key(id);

        for c in &d.customers {
            let lead = users[&c.team.lead];
            assert!(lead.active && lead.role == UserRole::Sales, "{}: lead is an active salesperson", c.company);
            assert!(c.team.members.len() <= 2 && !c.team.members.contains(&c.team.lead));
            assert!(c.team.members.iter().all(|m| users[m].role == UserRole::Sales));
            assert!(is_user(&c.created_by) && is_user(&c.modified_by));
        }
        for c in &d.contacts {
            assert!(customers.contains_key(&c.customer_id));
        }
        for i in &d.interactions {
            assert!(customers.contains_key(&i.customer_id) && is_user(&i.by));
            if let Some(contact) = i.contact_id {
                assert_eq!(contacts[&contact].customer_id, i.customer_id, "interaction {} contact", i.id);
            }
        }
        for o in &d.orders {
            assert_eq!(o.owner, customers[&o.customer_id].team.lead, "order {} owner is the team lead", o.id);
        }
        for o in &d.opportunities {
            assert!(customers.contains_key(&o.customer_id) && is_user(&o.owner));
        }
        for m in &d.machines {
            assert!(customers.contains_key(&m.customer_id));
        }
        for t in &d.tickets {
            assert!(customers.contains_key(&t.customer_id));
            assert_eq!(users[&t.owner].role, UserRole::Service, "ticket {} owner", t.id);
            if let Some(machine) = t.machine_id {
                assert_eq!(machines[&machine].customer_id, t.customer_id, "ticket {} machine", t.id);
            }
        }
        assert!(d.part_demand.iter().all(|p| parts.contains(&p.part_id)));
        assert!(d.stock.iter().all(|s| parts.contains(&s.part_id)));
    }

    fn covers<T: Copy + Eq + Hash + Debug>(what: &str, all: &[T], seen: impl IntoIterator<Item = T>) {
        let seen: HashSet<T> = seen.into_iter().collect();
        for value in all {
            assert!(seen.contains(value), "no {what} is {value:?}");
        }
    }

    #[test]
    fn every_classification_value_appears() {
        let d = demo();
        let c = &d.customers;
        covers("customer lifecycle", Lifecycle::ALL, c.iter().map(|c| c.lifecycle));
        covers("customer type", CustomerType::ALL, c.iter().map(|c| c.customer_type));
        covers("application", Application::ALL, c.iter().map(|c| c.application));
        covers("market", &MarketType::ALL, c.iter().filter_map(|c| c.market));
        covers("concern", Concern::ALL, c.iter().map(|c| c.concern));
        covers("buyer role", BuyerRole::ALL, c.iter().map(|c| c.buyer_role));
        covers("source", LeadSource::ALL, c.iter().map(|c| c.source));
        covers("communication", CommunicationStatus::ALL, c.iter().map(|c| c.communication));
        covers("lost kind", LostKind::ALL, c.iter().filter_map(|c| c.lost_kind));
        covers("contact role", ContactRole::ALL, d.contacts.iter().map(|c| c.role));
        covers("interaction", InteractionKind::ALL, d.interactions.iter().map(|i| i.kind));
        covers("order status", OrderStatus::ALL, d.orders.iter().map(|o| o.status));
        covers("product kind", ProductKind::ALL, d.orders.iter().flat_map(|o| o.lines.iter().map(|l| l.kind)));
        covers("funnel stage", FunnelStage::ALL, d.opportunities.iter().map(|o| o.stage));
        covers("machine status", MachineStatus::ALL, d.machines.iter().map(|m| m.status));
        covers("ticket kind", TicketKind::ALL, d.tickets.iter().map(|t| t.kind));
        covers("ticket status", TicketStatus::ALL, d.tickets.iter().map(|t| t.status));
        covers("criticality", Criticality::ALL, d.parts.iter().map(|p| p.criticality));
        covers("user role", UserRole::ALL, d.users.iter().map(|u| u.role));
    }

    #[test]
    fn customers_are_consistent() {
        let d = demo();
        let ordering: HashSet<Id> = d.orders.iter().map(|o| o.customer_id).collect();
        for c in &d.customers {
            let province = crate::domain::region::province(&c.province).expect("known province");
            assert_eq!(c.market, Some(province.market), "{}", c.company);
            assert!(province.cities.contains(&c.city.as_str()) && c.address.starts_with(&c.city));
            assert!(!c.company.is_empty() && !c.phone.is_empty() && c.email.contains('@') && !c.wechat.is_empty());
            assert!(!c.main_products.is_empty() && c.credit_index <= 100);
            let (created, modified) = (c.created_at.expect("created"), c.modified_at.expect("modified"));
            assert!(created <= modified && modified <= today(), "{}", c.company);
            let lost = c.lifecycle == Lifecycle::Lost;
            assert_eq!(c.lost_kind.is_some(), lost, "{}", c.company);
            assert_eq!(!c.lost_reason.is_empty(), lost, "{}", c.company);
            let buys = matches!(c.lifecycle, Lifecycle::Existing | Lifecycle::Lost);
            assert_eq!(ordering.contains(&c.id), buys, "{} {:?} has orders iff it buys", c.company, c.lifecycle);
            let cooperating = c.communication == CommunicationStatus::Cooperating;
            assert!(!cooperating || c.lifecycle == Lifecycle::Existing, "{}", c.company);
        }
        // Most customers are existing ones; a few percent are lost.
        let share = |lifecycle| {
            d.customers.iter().filter(|c| c.lifecycle == lifecycle).count() as f64 / d.customers.len() as f64
        };
        assert!(share(Lifecycle::Existing) > 0.5);
        assert!((0.01..0.12).contains(&share(Lifecycle::Lost)));
        // Resource regions weigh most, and mining is likelier there than on the coast.
        let mining_share = |market| {
            let in_market: Vec<_> = d.customers.iter().filter(|c| c.market == Some(market)).collect();
            in_market.iter().filter(|c| c.application == Application::Mining).count() as f64 / in_market.len() as f64
        };
        assert!(mining_share(MarketType::Resource) > mining_share(MarketType::Construction));
    }

    #[test]
    fn each_customer_has_contacts_with_exactly_one_primary() {
        let d = demo();
        let mut by_customer: HashMap<Id, Vec<&Contact>> = HashMap::new();
        for contact in &d.contacts {
            by_customer.entry(contact.customer_id).or_default().push(contact);
        }
        for c in &d.customers {
            let contacts = &by_customer[&c.id];
            assert!((1..=4).contains(&contacts.len()), "{}", c.company);
            assert_eq!(contacts.iter().filter(|k| k.primary).count(), 1, "{}", c.company);
            assert!(contacts.iter().all(|k| !k.name.is_empty() && k.phone.len() == 11 && !k.title.is_empty()));
        }
    }

    #[test]
    fn order_dates_follow_the_order_flow() {
        for o in &demo().orders {
            let flow = [o.ordered, o.ready, o.shipped, o.documents_sent, o.paid];
            let known: Vec<Date> = flow.iter().map_while(|d| *d).collect();
            assert!(flow[known.len()..].iter().all(Option::is_none), "order {}: no date after a missing one", o.id);
            assert!(known.windows(2).all(|w| w[0] <= w[1]), "order {} dates in order: {flow:?}", o.id);
            assert!(known.last().is_some_and(|&d| d <= today()), "order {} dates not after today", o.id);
            let expected_known = match o.status {
                OrderStatus::Draft | OrderStatus::Cancelled => 1..=1,
                OrderStatus::Confirmed => 1..=2,
                OrderStatus::Shipped => 3..=4,
                OrderStatus::Completed => 5..=5,
            };
            assert!(expected_known.contains(&known.len()), "order {} {:?} with {flow:?}", o.id, o.status);
            assert!(o.claim.is_none() || o.shipped.is_some(), "claims follow delivery");
            assert!(!o.lines.is_empty() && o.prepaid_percent <= 100);
            for line in &o.lines {
                let margin = 1.0 - line.unit_cost.yuan() / line.unit_price.yuan();
                assert!((0.045..=0.305).contains(&margin), "order {} margin {margin}", o.id);
                if line.kind == ProductKind::Machine {
                    let price = line.unit_price;
                    assert!(Cny::from_yuan(300_000) <= price && price <= Cny::from_yuan(3_000_000), "{price:?}");
                }
            }
        }
    }

    #[test]
    fn orders_cover_three_years_and_stop_for_lost_customers() {
        let d = demo();
        let first = d.orders.iter().filter_map(|o| o.ordered).min().expect("orders exist");
        let last = d.orders.iter().filter_map(|o| o.ordered).max().expect("orders exist");
        assert!(first <= today().add_months(-36), "history starts {first}");
        assert!(last >= days_ago(30), "history reaches today: {last}");
        let lost: HashSet<Id> = d.customers.iter().filter(|c| c.lifecycle == Lifecycle::Lost).map(|c| c.id).collect();
        for o in d.orders.iter().filter(|o| lost.contains(&o.customer_id)) {
            assert!(o.ordered.is_some_and(|d| d < days_ago(80)), "lost customer ordered {:?}", o.ordered);
        }
        let statuses: HashSet<_> =
            d.orders.iter().filter(|o| o.ordered < Some(days_ago(365))).map(|o| o.status).collect();
        assert!(!statuses.contains(&OrderStatus::Draft), "old orders are not drafts");
        let claims = d.orders.iter().filter(|o| o.claim.is_some()).count() as f64 / d.orders.len() as f64;
        assert!((0.01..0.1).contains(&claims), "claim rate {claims}");
    }

    #[test]
    fn key_accounts_bring_most_of_the_revenue() {
        let d = demo();
        let mut revenue: HashMap<Id, i64> = HashMap::new();
        for o in d.orders.iter().filter(|o| o.status != OrderStatus::Cancelled) {
            *revenue.entry(o.customer_id).or_default() += o.revenue().fen();
        }
        let mut sorted: Vec<i64> = revenue.into_values().collect();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let total: i64 = sorted.iter().sum();
        let top: i64 = sorted.iter().take(d.customers.len() / 20).sum();
        assert!(top as f64 / total as f64 > 0.35, "top 5 % bring {:.0} %", 100.0 * top as f64 / total as f64);
    }

    #[test]
    fn machines_are_the_units_shipped() {
        let d = demo();
        let mut shipped_units: HashMap<(Id, &str), u32> = HashMap::new();
        for o in d.orders.iter().filter(|o| o.shipped.is_some()) {
            for line in o.lines.iter().filter(|l| l.kind == ProductKind::Machine) {
                *shipped_units.entry((o.customer_id, line.product.as_str())).or_default() += line.quantity;
            }
        }
        let mut machines: HashMap<(Id, &str), u32> = HashMap::new();
        for m in &d.machines {
            *machines.entry((m.customer_id, m.model.as_str())).or_default() += 1;
            let delivered = m.delivered.expect("delivered");
            assert!(delivered <= today() && m.serial.starts_with(&m.model));
            assert!((80..=250).contains(&m.hours_per_month), "{}", m.hours_per_month);
            let months = f64::from(today().days_since(delivered) as u32) / 30.44;
            assert!(f64::from(m.hours) <= months * f64::from(m.hours_per_month) * 1.2 + 1.0, "{}", m.serial);
        }
        assert_eq!(machines, shipped_units);
        let active = d.machines.iter().filter(|m| m.status == MachineStatus::Active).count();
        assert!(active * 10 > d.machines.len() * 7, "mostly active");
    }

    #[test]
    fn service_tickets_are_plausible() {
        let d = demo();
        for t in &d.tickets {
            let opened = t.opened.expect("opened");
            assert!(opened <= today() && (1..=5).contains(&t.visits), "ticket {}", t.id);
            assert_eq!(t.closed.is_some(), t.status == TicketStatus::Closed, "ticket {}", t.id);
            assert!(t.closed.is_none_or(|c| opened <= c && c <= today()));
            assert!(!t.followed_up || t.status == TicketStatus::Closed);
            assert!(!t.summary.is_empty());
            if opened < days_ago(45) {
                assert!(matches!(t.status, TicketStatus::Resolved | TicketStatus::Closed), "old ticket {} open", t.id);
            }
        }
        assert!(d.tickets.iter().any(|t| t.visits >= 4), "some jobs take four visits or more");
        let closed: Vec<_> = d.tickets.iter().filter(|t| t.status == TicketStatus::Closed).collect();
        assert!(closed.iter().filter(|t| t.followed_up).count() * 10 > closed.len() * 7, "closed mostly followed up");
    }

    #[test]
    fn opportunity_histories_walk_the_funnel() {
        let d = demo();
        for o in &d.opportunities {
            let stages: Vec<FunnelStage> = o.history.iter().map(|h| h.stage).collect();
            let dates: Vec<Date> = o.history.iter().map(|h| h.date.expect("dated")).collect();
            assert_eq!(stages.first(), Some(&FunnelStage::Identify), "opportunity {}", o.id);
            assert_eq!(stages.last(), Some(&o.stage), "opportunity {} ends in its stage", o.id);
            let open_part = if o.stage == FunnelStage::Lost { &stages[..stages.len() - 1] } else { &stages[..] };
            assert_eq!(open_part, &FunnelStage::ALL[..open_part.len()], "opportunity {}: stages in order", o.id);
            assert!(dates.windows(2).all(|w| w[0] < w[1]), "opportunity {}: dates increase", o.id);
            assert_eq!(o.created, dates.first().copied());
            assert!(dates.last().is_some_and(|&d| d <= today()));
            let expected = o.expected_close.expect("expected close");
            assert!(o.created.is_some_and(|c| c <= expected));
            let lost = o.stage == FunnelStage::Lost;
            assert_eq!(lost, !o.lost_reason.is_empty() && !o.competitor.is_empty(), "opportunity {}", o.id);
            assert!(o.value >= Cny::from_yuan(300_000) && !o.title.is_empty() && !o.product.is_empty());
        }
        let open: Vec<_> = d.opportunities.iter().filter(|o| o.stage.is_open()).collect();
        let slipped = open.iter().filter(|o| o.expected_close < Some(today())).count();
        assert!(slipped > 0 && slipped * 4 < open.len(), "some open deals slipped: {slipped} of {}", open.len());
        // A steady flow: what is open is what has not finished yet (a few weeks per stage), so
        // about a tenth of three years' deals, in every open stage; a third of those decided won.
        let share =
            |stage| d.opportunities.iter().filter(|o| o.stage == stage).count() as f64 / d.opportunities.len() as f64;
        let open_share = open.len() as f64 / d.opportunities.len() as f64;
        assert!((0.04..0.2).contains(&open_share), "open {open_share:.3}");
        for stage in [FunnelStage::Identify, FunnelStage::Qualify, FunnelStage::Develop, FunnelStage::Propose] {
            assert!(share(stage) > 0.005, "{stage:?}: {:.3}", share(stage));
        }
        let won = share(FunnelStage::Won) / (share(FunnelStage::Won) + share(FunnelStage::Lost));
        assert!((0.15..0.4).contains(&won), "won {won:.2} of the decided");
        for o in &open {
            let since = o.history.last().and_then(|h| h.date).expect("dated");
            assert!(today().days_since(since) <= 60, "opportunity {} is unfinished, not forgotten", o.id);
        }
        // Prospects have not bought yet; a lost customer's deals ended when it left.
        let lifecycle: HashMap<Id, Lifecycle> = d.customers.iter().map(|c| (c.id, c.lifecycle)).collect();
        for o in &d.opportunities {
            match lifecycle[&o.customer_id] {
                Lifecycle::Potential | Lifecycle::Target => {
                    assert_ne!(o.stage, FunnelStage::Won, "opportunity {}", o.id)
                }
                Lifecycle::Lost => assert!(!o.stage.is_open(), "opportunity {}", o.id),
                Lifecycle::Existing => {}
            }
        }
        // Deals arrive and are won at a steady pace: each of the last eight quarters has new
        // deals and wins.
        for quarter in 0..8 {
            let (from, to) = (days_ago(91 * (quarter + 1)), days_ago(91 * quarter));
            let within = |day: Option<Date>| day.is_some_and(|day| from < day && day <= to);
            let created = d.opportunities.iter().filter(|o| within(o.created)).count();
            let wins = d
                .opportunities
                .iter()
                .filter(|o| o.stage == FunnelStage::Won && within(o.history.last().and_then(|h| h.date)))
                .count();
            assert!(created > 80 && wins > 15, "quarter {quarter} back: {created} new, {wins} won");
        }
    }

    /// The forecast on the demo made on past days, against what was then won: the demo's deal
    /// flow is one a forecast can learn from (`examples/funnel_demo_backtest.rs` prints it).
    #[test]
    fn the_demo_backtests_like_a_real_book() {
        use crate::domain::funnel::backtest::{backtest, deals_as_of, relative_error};
        use crate::domain::funnel::calibration::ForecastSettings;
        use crate::domain::funnel::deal::DealKeys;
        let d = demo();
        let keys = |o: &Opportunity| DealKeys { owner: o.owner, ..DealKeys::default() };
        let rows: Vec<_> = (0..6)
            .map(|k| {
                let cutoff = days_ago(90 + 45 * k);
                let deals = deals_as_of(&d.opportunities, keys, cutoff);
                backtest(&deals, cutoff, 90, 1_000, 1, &ForecastSettings::default())
            })
            .collect();
        let errors: Vec<f64> = rows.iter().filter_map(|r| relative_error(r.calibrated.expected, r.actual)).collect();
        assert_eq!(errors.len(), rows.len(), "something was won after every cutoff");
        let mean_abs = errors.iter().map(|e| e.abs()).sum::<f64>() / errors.len() as f64;
        let inside = rows.iter().filter(|r| r.inside_band()).count();
        assert!(mean_abs < 0.25 && inside >= 4, "mean |error| {mean_abs:.3}, {inside} of 6 inside P10–P90: {errors:?}");
        assert!(
            rows.iter().all(|r| r.open_deals < 250),
            "no pile of open deals: {:?}",
            rows.iter().map(|r| r.open_deals).collect::<Vec<_>>()
        );
    }

    #[test]
    fn interactions_and_follow_ups_cover_the_past_year() {
        let d = demo();
        for i in &d.interactions {
            let date = i.date.expect("dated");
            assert!(days_ago(365) <= date && date <= today(), "interaction {}", i.id);
            assert!(i.follow_up.is_none_or(|f| f > date) && !i.notes.contains('{'));
            assert!(!i.follow_up_done || i.follow_up.is_some_and(|f| f < today()));
        }
        let with_follow_up: Vec<_> = d.interactions.iter().filter(|i| i.follow_up.is_some()).collect();
        let overdue = with_follow_up.iter().filter(|i| !i.follow_up_done && i.follow_up < Some(today())).count();
        let upcoming = with_follow_up
            .iter()
            .filter(|i| i.follow_up.is_some_and(|f| f >= today() && f <= today().add_days(7)))
            .count();
        let done = with_follow_up.iter().filter(|i| i.follow_up_done).count();
        assert!(
            overdue > 0 && upcoming > 0 && done > with_follow_up.len() / 2,
            "{overdue} overdue, {upcoming} upcoming, {done} done"
        );
    }

    /// Syntetos–Boylan class of a demand series, or `None` with fewer than two demands.
    fn demand_class(quantities: &[Option<u32>]) -> Option<DemandClass> {
        let known: Vec<u32> = quantities.iter().flatten().copied().collect();
        let sizes: Vec<f64> = known.iter().filter(|&&q| q > 0).map(|&q| f64::from(q)).collect();
        if sizes.len() < 2 {
            return None;
        }
        let adi = known.len() as f64 / sizes.len() as f64;
        let mean = sizes.iter().sum::<f64>() / sizes.len() as f64;
        let cv2 = sizes.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / sizes.len() as f64 / (mean * mean);
        Some(match (adi < 1.32, cv2 < 0.49) {
            (true, true) => DemandClass::Smooth,
            (true, false) => DemandClass::Erratic,
            (false, true) => DemandClass::Intermittent,
            (false, false) => DemandClass::Lumpy,
        })
    }

    #[test]
    fn part_demand_is_intermittent_and_mixed() {
        let d = demo();
        let start = today().month_of() + -59;
        let (mut zeros, mut known) = (0, 0);
        for series in &d.part_demand {
            assert_eq!((series.start, series.quantities.len()), (Some(start), 60));
            let launched = series.quantities.iter().take_while(|q| q.is_none()).count();
            assert!(series.quantities[launched..].iter().all(Option::is_some), "only leading months unknown");
            assert!(launched < 60);
            zeros += series.quantities.iter().filter(|q| **q == Some(0)).count();
            known += 60 - launched;
        }
        let zero_share = zeros as f64 / known as f64;
        assert!((0.5..=0.85).contains(&zero_share), "zero share {zero_share:.2}");
        assert!(d.part_demand.iter().any(|p| p.quantities[0].is_none()), "some parts launched late");
        let classes = d.part_demand.iter().filter_map(|p| demand_class(&p.quantities));
        covers(
            "demand class",
            &[DemandClass::Smooth, DemandClass::Erratic, DemandClass::Intermittent, DemandClass::Lumpy],
            classes,
        );
    }

    #[test]
    fn parts_and_stock_are_plausible() {
        let d = demo();
        for p in &d.parts {
            assert!(p.unit_price > p.unit_cost && p.unit_cost > Cny::ZERO, "{}", p.number);
            assert!((3..=60).contains(&p.lead_time_days) && p.pack_size >= 1, "{}", p.number);
            assert!(!p.name_zh.is_empty() && !p.name_en.is_empty() && !p.fits_models.is_empty());
            let stock: Vec<_> = d.stock.iter().filter(|s| s.part_id == p.id).collect();
            assert!((1..=2).contains(&stock.len()) && stock[0].location == "总库", "{}", p.number);
        }
        assert!(d.stock.iter().any(|s| s.on_hand == 0) && d.stock.iter().any(|s| s.on_hand > 0));
    }

    #[test]
    fn every_city_has_an_area_code() {
        for province in PROVINCES {
            for city in province.cities {
                assert!(area_code(city).is_some(), "{city}");
            }
        }
    }

    #[test]
    fn bench_meets_its_plan() {
        let plan = DemoSize::Bench.plan();
        let mut counts = [0usize; 4];
        let mut names = HashSet::with_capacity(plan.customers);
        for batch in DemoGenerator::new(DemoSize::Bench, SEED, today()) {
            let mut primaries: HashMap<Id, usize> = batch.customers.iter().map(|c| (c.id, 0)).collect();
            for contact in &batch.contacts {
                *primaries.get_mut(&contact.customer_id).expect("contact of a customer in its batch") +=
                    usize::from(contact.primary);
            }
            assert!(primaries.values().all(|&p| p == 1), "every customer has one primary contact");
            assert!(batch.customers.iter().all(|c| names.insert(c.company.clone())), "company names unique");
            counts[0] += batch.users.len();
            counts[1] += batch.customers.len();
            counts[2] += batch.opportunities.len();
            counts[3] += batch.parts.len();
        }
        assert_eq!(counts, [plan.users, plan.customers, plan.opportunities, plan.parts]);
    }

    /// The demo teaches the learned grading: enough confirmed grades of every grade, and ratings
    /// in 1–5 (0 is "not rated", never generated).
    #[test]
    fn the_demo_carries_ratings_and_confirmed_grades_of_every_grade() {
        let ratings: Vec<Ratings> = DemoGenerator::new(DemoSize::Demo, SEED, today()).flat_map(|b| b.ratings).collect();
        let mut per_grade = [0; 4];
        for grade in ratings.iter().filter_map(|r| r.confirmed_grade) {
            per_grade[grade.index()] += 1;
        }
        assert!(ratings.len() > 150, "{}", ratings.len());
        assert!(per_grade.iter().all(|&n| n >= 8), "{per_grade:?}");
        assert!(ratings.iter().all(|r| [r.industry_influence, r.new_product, r.price_sensitivity, r.communication]
            .iter()
            .all(|v| (1..=5).contains(v))));
    }
}
