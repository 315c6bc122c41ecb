//! The demo's promises: exact plans, determinism, consistent references, and data that looks
//! like a real dealer's book to every analysis.

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
        self.sightings.extend(other.sightings);
        self.markets.extend(other.markets);
        self.suppliers.extend(other.suppliers);
        self.trade_partners.extend(other.trade_partners);
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
    let share =
        |lifecycle| d.customers.iter().filter(|c| c.lifecycle == lifecycle).count() as f64 / d.customers.len() as f64;
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
    let statuses: HashSet<_> = d.orders.iter().filter(|o| o.ordered < Some(days_ago(365))).map(|o| o.status).collect();
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
        assert!(opened <= today() && t.visits <= 5, "ticket {}", t.id);
        assert_eq!(usize::from(t.visits), t.site_visits.len(), "ticket {}", t.id);
        assert_eq!(t.visits == 0, t.status == TicketStatus::Open, "ticket {}: worked once moved", t.id);
        assert_eq!(t.changes.last().map(|c| c.status), (t.status != TicketStatus::Open).then_some(t.status));
        assert!(t.owner > 0 && t.has_history(), "ticket {}", t.id);
        assert_eq!(t.closed.is_some(), t.status == TicketStatus::Closed, "ticket {}", t.id);
        assert!(t.closed.is_none_or(|c| opened <= c && c <= today()));
        assert!(!t.followed_up || t.status == TicketStatus::Closed);
        assert!(!t.summary.is_empty());
        if opened < days_ago(45) {
            assert!(matches!(t.status, TicketStatus::Resolved | TicketStatus::Closed), "old ticket {} open", t.id);
        }
    }
    assert!(d.tickets.iter().any(|t| t.visits >= 4), "some jobs take four visits or more");
    let numbers: HashSet<&str> = d.tickets.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(numbers.len(), d.tickets.len(), "ticket numbers are unique");
    assert!(d.tickets.iter().all(|t| t.number.starts_with(&format!("SR-{}-", t.opened.unwrap().year()))));
    let closed: Vec<_> = d.tickets.iter().filter(|t| t.status == TicketStatus::Closed).collect();
    assert!(closed.iter().filter(|t| t.followed_up).count() * 10 > closed.len() * 7, "closed mostly followed up");
    assert!(closed.iter().all(|t| t.closing.is_some()), "closed with the follow-up");
    let rated = closed.iter().filter(|t| t.closing.as_ref().is_some_and(|c| c.rating.is_some())).count();
    assert!(rated * 2 > closed.len(), "most closed jobs rated: {rated} of {}", closed.len());
    for status in [TicketStatus::OnHold, TicketStatus::InProgress, TicketStatus::Resolved] {
        assert!(d.tickets.iter().any(|t| t.status == status), "some tickets {status:?}");
    }
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
    let upcoming =
        with_follow_up.iter().filter(|i| i.follow_up.is_some_and(|f| f >= today() && f <= today().add_days(7))).count();
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

#[test]
fn the_markets_follow_the_deliveries_home_on_target_new_provinces_far_below() {
    use crate::domain::market::ours::Delivery;
    use crate::domain::market::settings::MarketSettings;
    use crate::domain::market::size::ProductLine;
    use crate::domain::market::view::{provinces, Band, Filter};
    let d = demo();
    assert_eq!((d.suppliers.len(), d.trade_partners.len()), (6, 4));
    assert!(d.sightings.iter().all(|s| s.seen_on.is_some_and(|day| day <= today()) && s.units >= 1));
    let province = |id| d.customers.iter().find(|c| c.id == id).map(|c| c.province.clone()).unwrap_or_default();
    let deliveries: Vec<Delivery> = d
        .machines
        .iter()
        .filter_map(|m| {
            Some(Delivery { model: m.model.clone(), province: province(m.customer_id), delivered: m.delivered? })
        })
        .collect();
    let sightings = d.sightings.clone();
    let filter = Filter { line: ProductLine::Excavator, year: today().year(), tonnage: None };
    let all = provinces(&d.markets, &sightings, &deliveries, filter, &MarketSettings::default());
    let home = all.iter().find(|p| p.province == "CN-XJ").expect("Xinjiang");
    assert_eq!(home.band, Band::OnTarget, "{home:?}");
    assert!(home.competitors.len() >= 3, "the rule of three and four has players to rank");
    assert!(all.iter().any(|p| matches!(p.band, Band::FarBelow | Band::Below)), "some provinces still to win");
    // Every market's known units fit in its size: the story adds up.
    assert!(all.iter().all(|p| !p.share.size_below_known), "sizes cover ours and the competitors seen");
}
