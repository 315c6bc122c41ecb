//! The dealer's markets, the competitors its salespeople saw on site, and the suppliers and
//! trade partners it works with: one story with its deliveries. Every province where the dealer
//! delivered machines this year or last gets a market size per line, chosen so our share spreads
//! from far below the 25 % target (a province entered lately) to above it (Xinjiang, home); the
//! rest of each market goes to four competing brands, about two thirds of whose machines were
//! logged on job sites.

use super::*;
use crate::domain::market::ours::classify;
use crate::domain::market::size::ProductLine;
use crate::domain::market::{Market, SiteSighting, SizeSource};
use crate::domain::model::{PartnerKind, Supplier, TradePartner};
use std::collections::BTreeMap;

/// Brands the dealer does not sell, as salespeople write them.
const RIVALS: &[&str] = &["卡特彼勒", "小松", "日立建机", "临工", "中联重科", "沃尔沃", "斗山"];
/// Each rival's part of what is neither ours nor unaccounted, largest first.
const RIVAL_PARTS: [f64; 4] = [0.42, 0.27, 0.19, 0.12];
/// Where on a site machines are seen.
const SITES: &[&str] = &["高速公路项目", "露天煤矿", "水利工程", "工业园区平整", "铁路站场", "砂石料场"];

/// Our deliveries this year and last, by province code, year and line.
#[derive(Default)]
pub(super) struct Tally(BTreeMap<(&'static str, i32, ProductLine), u32>);

impl Tally {
    /// Counts `machines` of a customer in `province` delivered within the two years up to `today`.
    pub(super) fn add(&mut self, province: &str, machines: &[Machine], today: Date) {
        let Some(province) = PROVINCES.iter().find(|p| p.code == province) else { return };
        for machine in machines {
            let (Some(delivered), Some((line, _))) = (machine.delivered, classify(&machine.model)) else { continue };
            if delivered.year() >= today.year() - 1 && delivered <= today {
                *self.0.entry((province.code, delivered.year(), line)).or_default() += 1;
            }
        }
    }
}

/// The markets and the sightings in them, the suppliers and the trade partners, from `rng`.
pub(super) fn market(rng: &mut Rng, tally: &Tally, staff: &Staff, today: Date, ids: &mut Ids, out: &mut DemoBatch) {
    for (&(code, year, line), &ours) in &tally.0 {
        let Some(province) = PROVINCES.iter().find(|p| p.code == code) else { continue };
        // Home is on target; elsewhere the share spreads from 4 % to 32 %.
        let share = if code == "CN-XJ" { 0.26 + rng.unit() * 0.08 } else { 0.04 + rng.unit() * 0.28 };
        let size = ((f64::from(ours) / share).round() as u32).max(ours + 4);
        let source = if rng.chance(0.7) { SizeSource::Typed } else { SizeSource::Imported };
        let id = next_id(&mut ids.market);
        out.markets.push(Market { id, province: code.into(), line, year, tonnage: None, units: size, source });
        // A sixth of the market nobody logs: small brands, sites nobody visited.
        let rivals_units = f64::from(size - ours) * (0.75 + rng.unit() * 0.1);
        let first = rng.range_u32(0, RIVALS.len() as u32 - 1) as usize;
        for (n, part) in RIVAL_PARTS.iter().enumerate() {
            let brand = RIVALS[(first + n * 2) % RIVALS.len()];
            let mut left = (rivals_units * part * (0.55 + rng.unit() * 0.2)).round() as u32;
            while left > 0 {
                let units = rng.range_u32(1, 3).min(left);
                left -= units;
                let first_day = Date::from_ymd(year, 1, 1).expect("1 January exists");
                let last_day = if year == today.year() { today } else { first_day.add_days(364) };
                let span = last_day.days_since(first_day).max(0) as u32;
                let seen_on = first_day.add_days(rng.range_u32(0, span) as i32);
                let city = *rng.pick(province.cities);
                out.sightings.push(SiteSighting {
                    id: next_id(&mut ids.sighting),
                    brand: brand.into(),
                    model: String::new(),
                    line,
                    tonnage: None,
                    province: code.into(),
                    place: format!("{city} {}", rng.pick(SITES)),
                    seen_on: Some(seen_on),
                    units,
                    logged_by: *rng.pick(&staff.sales),
                    note: String::new(),
                });
            }
        }
    }
    partners(rng, staff, today, ids, out);
}

/// The suppliers the dealer buys from and rates, and its bank, insurer and carriers.
fn partners(rng: &mut Rng, staff: &Staff, today: Date, ids: &mut Ids, out: &mut DemoBatch) {
    const SUPPLIERS: &[(&str, &str, &str, [u8; 4])] = &[
        ("三一重机（新疆）销售服务有限公司", "乌鲁木齐", "挖掘机、压路机、起重机", [3, 4, 4, 5]),
        ("徐工集团工程机械股份有限公司", "徐州", "挖掘机、装载机、起重机", [4, 3, 4, 4]),
        ("广西柳工机械股份有限公司", "柳州", "装载机", [4, 4, 3, 4]),
        ("山推工程机械股份有限公司", "济宁", "推土机", [4, 3, 3, 4]),
        ("恒立液压（新疆）配件中心", "乌鲁木齐", "液压泵、多路阀、油缸", [3, 5, 4, 4]),
        ("宁波中策动力机电集团", "宁波", "斗齿、履带板", [5, 3, 3, 3]),
    ];
    const PARTNERS: &[(&str, PartnerKind, &str)] = &[
        ("中国建设银行乌鲁木齐分行", PartnerKind::Bank, "6500 1234 5678"),
        ("中国人民财产保险新疆分公司", PartnerKind::Insurer, "PICC-XJ-2024-0193"),
        ("顺丰速运乌鲁木齐分部", PartnerKind::Courier, "0991-SF-88231"),
        ("新疆天山物流有限公司", PartnerKind::Logistics, "TS-LOG-0452"),
    ];
    let since = today.add_days(-700);
    for (name, city, products, [price, delivery, service, quality]) in SUPPLIERS {
        let by = *rng.pick(&staff.managers);
        out.suppliers.push(Supplier {
            id: next_id(&mut ids.supplier),
            name: (*name).into(),
            address: format!("{city}市"),
            products: products.split('、').map(str::to_owned).collect(),
            price_level: *price,
            delivery_speed: *delivery,
            service_level: *service,
            quality: *quality,
            created_by: by,
            created_at: Some(since),
            modified_by: by,
            modified_at: Some(since),
            ..Supplier::default()
        });
    }
    for (name, kind, reference) in PARTNERS {
        let by = *rng.pick(&staff.managers);
        out.trade_partners.push(TradePartner {
            id: next_id(&mut ids.trade_partner),
            name: (*name).into(),
            kind: *kind,
            reference: (*reference).into(),
            address: "乌鲁木齐市".into(),
            created_by: by,
            created_at: Some(since),
            modified_by: by,
            modified_at: Some(since),
            ..TradePartner::default()
        });
    }
}
