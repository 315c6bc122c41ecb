//! Who the customers are before any record is drawn: tier, province, lifecycle, buying and
//! paying habits, the machines they run and the company names they trade under.

use super::*;

// Customer profiles and opportunity quotas

/// How big a buyer a customer is. Few key accounts buy most machines (docs/domain.md §2: the core 5 %
/// bring over half the revenue).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tier {
    Key,
    Large,
    Medium,
    Small,
}

pub(super) struct TierTraits {
    pub(super) machine_orders_per_year: f64,
    pub(super) max_units: u32,
    /// Machine margin range; big buyers squeeze prices.
    pub(super) margin: (f64, f64),
    pub(super) contacts: (u32, u32),
    pub(super) interactions: (u32, u32),
    pub(super) members: (u32, u32),
    /// Share of the funnel this tier gets, relative to a small customer.
    pub(super) opportunity_weight: u64,
    /// Years of cooperation for customers who buy.
    pub(super) years: (u32, u32),
}

impl Tier {
    pub(super) fn traits(self) -> &'static TierTraits {
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
pub(super) struct Profile {
    pub(super) province: &'static Province,
    pub(super) application: Application,
    pub(super) tier: Tier,
    pub(super) customer_type: CustomerType,
    pub(super) lifecycle: Lifecycle,
    pub(super) opportunities: u32,
}

impl Profile {
    /// A profile in a province drawn with `province_weights` (one per entry of `PROVINCES`).
    pub(super) fn draw(rng: &mut Rng, province_weights: &[u32]) -> Profile {
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
    pub(super) fn opportunity_weight(&self) -> u64 {
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
pub(super) fn province_weight(province: &Province) -> u32 {
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
pub(super) fn share_out_opportunities(profiles: &mut [Profile], total: usize) {
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

// Customer habits and identity

/// How a customer buys and pays; drives its orders.
pub(super) struct Habits {
    /// First order: cooperation starts here (合作时间).
    pub(super) since: Date,
    /// Today, or the last day a lost customer still ordered.
    pub(super) until: Date,
    pub(super) margin: f64,
    pub(super) prepaid_percent: u8,
    pub(super) credit_days: u16,
    /// Days a slow payer adds to its credit terms (0 for prompt payers).
    pub(super) late_days: u32,
    pub(super) claim_rate: f64,
    /// Chance a claim is settled fairly.
    pub(super) settle_rate: f64,
    pub(super) lost_kind: Option<LostKind>,
    /// The models the fleet is built on: reorders mostly repeat them.
    pub(super) fleet: [&'static MachineModel; 2],
    pub(super) credit_index: u8,
}

impl Habits {
    pub(super) fn draw(rng: &mut Rng, profile: &Profile, today: Date) -> Habits {
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
pub(super) fn pick_model(rng: &mut Rng, profile: &Profile) -> &'static MachineModel {
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
pub(super) struct Identity {
    pub(super) company: String,
    pub(super) domain: String,
    pub(super) city: &'static str,
}

/// A unique, real-looking Chinese company or office name.
pub(super) fn company_identity(rng: &mut Rng, profile: &Profile, taken: &mut HashSet<String>) -> Identity {
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

pub(super) fn firm_name(rng: &mut Rng, profile: &Profile, city: &str, code: &str) -> (String, String) {
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

pub(super) fn government_name(rng: &mut Rng, city: &str, code: &str) -> (String, String) {
    let (office, ascii) = *rng.pick(GOVERNMENT_OFFICES);
    // Municipalities (北京, 重庆…) have the province as their city: "北京市" either way.
    let name = if rng.chance(0.7) {
        format!("{city}市{office}")
    } else {
        format!("{city}市{}{office}", rng.pick(DISTRICTS))
    };
    (name, format!("{ascii}.{code}.gov.cn"))
}
