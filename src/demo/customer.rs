//! One customer with everything that hangs off it: contacts, interactions and follow-ups,
//! orders with claims, machines shipped, service tickets and opportunities walking the funnel.

use super::*;

// One customer with everything hanging off it

pub(super) struct CustomerCtx<'a> {
    pub(super) today: Date,
    pub(super) staff: &'a Staff,
    pub(super) profile: Profile,
    pub(super) habits: Habits,
    /// What the customer's service tickets draw from, apart from everything else.
    pub(super) tickets: std::cell::RefCell<Rng>,
}

impl CustomerCtx<'_> {
    pub(super) fn customer_record(&self, rng: &mut Rng, id: Id, identity: Identity) -> Customer {
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
            market_override: None,
            key_account: false,
            key_account_reason: String::new(),
            team,
            created_by,
            created_at: Some(created),
            modified_by,
            modified_at: Some(modified_at),
            absorbed: Vec::new(),
        }
    }

    /// A lead from the territory's salesperson (mostly) and a few colleagues.
    pub(super) fn account_team(&self, rng: &mut Rng) -> AccountTeam {
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

    pub(super) fn contacts(&self, rng: &mut Rng, customer: &Customer, ids: &mut Ids, out: &mut Vec<Contact>) {
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

    pub(super) fn interactions(
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
                // Past follow-ups were mostly done; the rest are overdue (docs/domain.md §8).
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
    pub(super) fn orders(&self, rng: &mut Rng, customer: &Customer, ids: &mut Ids, out: &mut DemoBatch) {
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

    pub(super) fn machine_lines(&self, rng: &mut Rng) -> Vec<OrderLine> {
        let habits = &self.habits;
        let traits = self.profile.tier.traits();
        // Reorders repeat the fleet's models; now and then a customer tries another.
        let model = if rng.chance(0.8) { *rng.pick(&habits.fleet) } else { pick_model(rng, &self.profile) };
        let margin = (habits.margin + rng.normal(0.0, 0.01)).clamp(0.05, 0.30);
        let price = Cny::from_yuan(model.list_wan as i64 * 10_000).scale(0.90 + rng.unit() * 0.09);
        let price = Cny((price.fen() / 10_000) * 10_000); // whole hundreds of yuan, as quoted
        let mut lines = vec![OrderLine {
            id: 0,
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

    pub(super) fn parts_lines(&self, rng: &mut Rng) -> Vec<OrderLine> {
        let margin = (self.habits.margin + 0.10).min(0.30);
        (0..rng.range_u32(1, 4))
            .map(|_| {
                let model = *rng.pick(&self.habits.fleet);
                part_line(rng, model, margin)
            })
            .collect()
    }

    pub(super) fn service_lines(&self, rng: &mut Rng) -> Vec<OrderLine> {
        let model = *rng.pick(&self.habits.fleet);
        let (name, lo, hi) = *rng.pick(SERVICES);
        let price = Cny::from_yuan(i64::from(rng.range_u32(lo, hi)));
        vec![OrderLine {
            id: 0,
            product: format!("{} {name}", model.code),
            kind: ProductKind::Service,
            quantity: 1,
            unit_price: price,
            unit_cost: price.scale(1.0 - (0.25 + rng.unit() * 0.05)),
        }]
    }

    pub(super) fn order(
        &self,
        rng: &mut Rng,
        customer: &Customer,
        ids: &mut Ids,
        ordered: Date,
        lines: Vec<OrderLine>,
    ) -> Order {
        let (today, habits) = (self.today, &self.habits);
        let machine = lines.iter().any(|l| l.kind == ProductKind::Machine);
        let id = next_id(&mut ids.order);
        let ready = ordered.add_days(if machine {
            days(rng, 3, 40)
        } else {
            // Parts are mostly on the shelf; a few wait for the factory (docs/domain.md §6 complaint).
            let (lo, hi) = choose(rng, &[((0, 3), 80), ((4, 15), 15), ((20, 45), 5)]);
            days(rng, lo, hi)
        });
        let shipped = ready.add_days(if rng.chance(0.9) { days(rng, 0, 5) } else { days(rng, 6, 20) });
        // Late paperwork is how a customer silently gets angry (docs/domain.md §3, seed 002).
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
    pub(super) fn deliver(
        &self,
        rng: &mut Rng,
        customer: &Customer,
        order: &Order,
        ids: &mut Ids,
        out: &mut DemoBatch,
    ) {
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

    /// The sales manager's ratings of a buying customer (most are rated) and, for some, the
    /// grade the manager confirmed: a judgement of the habits behind the orders (size, margin,
    /// prepayment, paying on time, claims) with the manager's own noise, so the learned grading
    /// has something real to learn and never a copy of the computed score.
    pub(super) fn ratings(&self, rng: &mut Rng, customer: &Customer) -> Option<Ratings> {
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
    pub(super) fn opportunities(&self, rng: &mut Rng, customer: &Customer, ids: &mut Ids, out: &mut Vec<Opportunity>) {
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

pub(super) fn claim(rng: &mut Rng, order: &Order, settle_rate: f64) -> Claim {
    let machine = order.lines.iter().any(|l| l.kind == ProductKind::Machine);
    let share = if machine { 0.005 + rng.unit() * 0.025 } else { 0.05 + rng.unit() * 0.25 };
    let amount = order.revenue().scale(share);
    Claim {
        amount: Cny((amount.fen() / 100).max(1) * 100),
        reason: rng.pick(CLAIM_REASONS).to_string(),
        settled: rng.chance(settle_rate),
    }
}

pub(super) fn lost_reason(rng: &mut Rng, kind: LostKind) -> String {
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
pub(super) fn part_line(rng: &mut Rng, model: &MachineModel, margin: f64) -> OrderLine {
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
        id: 0,
        product: format!("{} {}", model.code, part.zh),
        kind: ProductKind::Parts,
        quantity,
        unit_price: cost.scale(1.0 / (1.0 - margin)),
        unit_cost: cost,
    }
}

/// A part's cost: bigger machines take dearer parts.
pub(super) fn part_cost(rng: &mut Rng, part: &PartType, model: &MachineModel) -> Cny {
    let base = f64::from(rng.range_u32(part.cost.0, part.cost.1));
    let size = 0.7 + model.list_wan as f64 / 300.0;
    Cny::from_yuan((base * size).round().max(1.0) as i64)
}
