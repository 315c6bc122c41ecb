//! The dealer's people (sales, service, managers by office) and the Chinese names, phones,
//! WeChat ids and addresses every generated person and company uses.

use super::*;

// Staff

/// The dealer's people, by what they do for customers.
pub(super) struct Staff {
    /// Active salespeople: account-team leads and members.
    pub(super) sales: Vec<Id>,
    /// Salespeople who left; they created old customers, which stayed with the company.
    pub(super) former_sales: Vec<Id>,
    pub(super) service: Vec<Id>,
    pub(super) managers: Vec<Id>,
}

impl Staff {
    pub(super) fn from_users(users: &[User]) -> Staff {
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
pub(super) const OFFICES: &[&str] = &["长沙总部", "成都分公司", "乌鲁木齐办事处", "杭州分公司", "呼和浩特办事处"];

pub(super) fn make_users(count: usize, rng: &mut Rng) -> Vec<User> {
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
pub(super) fn industry_of(application: Application) -> &'static str {
    match application {
        Application::Mining => "矿业",
        Application::Excavation => "土石方工程",
        Application::HeavyConstruction => "基础设施建设",
        Application::GeneralConstruction => "建筑施工",
    }
}

/// A Chinese name with the pinyin used for e-mail addresses and WeChat ids.
pub(super) struct Person {
    pub(super) name: String,
    pub(super) surname: &'static str,
    pub(super) given: String,
}

impl Person {
    pub(super) fn draw(rng: &mut Rng) -> Person {
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

// Contact details

pub(super) fn mobile(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(MOBILE_PREFIXES), rng.below(100_000_000))
}

/// A landline with the city's area code: 3-digit codes take 8-digit numbers, 4-digit ones 7.
pub(super) fn landline(rng: &mut Rng, city: &str) -> String {
    match area_code(city) {
        Some(code) if code.len() == 3 => format!("{code}-{}", rng.range_u32(20_000_000, 89_999_999)),
        Some(code) => format!("{code}-{}", rng.range_u32(2_000_000, 8_999_999)),
        None => mobile(rng),
    }
}

pub(super) fn wechat_id(rng: &mut Rng, stem: &str) -> String {
    if rng.chance(0.3) {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let tail: String = (0..12).map(|_| char::from(*rng.pick(ALPHABET))).collect();
        format!("wxid_{tail}")
    } else {
        format!("{stem}{}", rng.range_u32(1, 9_999))
    }
}

pub(super) fn address(rng: &mut Rng, city: &str) -> String {
    format!(
        "{city}市{}{}{}{}号",
        rng.pick(DISTRICTS),
        rng.pick(ROADS),
        rng.pick(&["路", "大道", "街"]),
        rng.range_u32(1, 999)
    )
}
