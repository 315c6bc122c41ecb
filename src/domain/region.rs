//! China's provincial-level regions and the market type each belongs to (docs/domain.md §1, seed 000),
//! and the dealer's own table of market types ([`MarketTypes`], a setting): the seed names examples
//! for one product line (loaders), so which type 山东 or 河南 is stays the dealer's judgement.

use serde::{Deserialize, Serialize};

use super::model::Customer;

/// What drives machinery demand in a region (seed 000, 天远).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarketType {
    /// 资源型: mining and energy regions.
    Resource,
    /// 建筑型: coastal construction regions.
    Construction,
    /// 企业型: regions driven by enterprises and infrastructure.
    Enterprise,
}

impl MarketType {
    pub const ALL: [MarketType; 3] = [MarketType::Resource, MarketType::Construction, MarketType::Enterprise];

    /// The stable name, as serde writes it: what the history stores.
    pub fn as_str(self) -> &'static str {
        match self {
            MarketType::Resource => "resource",
            MarketType::Construction => "construction",
            MarketType::Enterprise => "enterprise",
        }
    }

    pub fn parse(text: &str) -> Option<MarketType> {
        MarketType::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// A provincial-level region: ISO 3166-2:CN code, names, and market type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Province {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub market: MarketType,
    /// Main cities, for addresses.
    pub cities: &'static [&'static str],
}

const fn p(
    code: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    market: MarketType,
    cities: &'static [&'static str],
) -> Province {
    Province { code, name_zh, name_en, market, cities }
}

use MarketType::{Construction as C, Enterprise as E, Resource as R};

/// Mainland provincial-level regions. The seed names the examples (新疆 内蒙古 山西 四川 resource;
/// 江浙沿海 construction; 云南 广西 湖南 湖北 福建 enterprise); the rest follow the same logic:
/// mining and energy bases are resource markets, coastal urban economies construction markets.
pub const PROVINCES: &[Province] = &[
    p("CN-BJ", "北京", "Beijing", C, &["北京"]),
    p("CN-TJ", "天津", "Tianjin", C, &["天津"]),
    p("CN-HE", "河北", "Hebei", R, &["石家庄", "唐山", "邯郸", "保定"]),
    p("CN-SX", "山西", "Shanxi", R, &["太原", "大同", "长治", "朔州"]),
    p("CN-NM", "内蒙古", "Inner Mongolia", R, &["呼和浩特", "包头", "鄂尔多斯", "赤峰"]),
    p("CN-LN", "辽宁", "Liaoning", R, &["沈阳", "大连", "鞍山", "抚顺"]),
    p("CN-JL", "吉林", "Jilin", E, &["长春", "吉林", "延吉"]),
    p("CN-HL", "黑龙江", "Heilongjiang", R, &["哈尔滨", "大庆", "鸡西", "齐齐哈尔"]),
    p("CN-SH", "上海", "Shanghai", C, &["上海"]),
    p("CN-JS", "江苏", "Jiangsu", C, &["南京", "苏州", "无锡", "徐州", "南通"]),
    p("CN-ZJ", "浙江", "Zhejiang", C, &["杭州", "宁波", "温州", "绍兴", "台州"]),
    p("CN-AH", "安徽", "Anhui", E, &["合肥", "芜湖", "淮南", "马鞍山"]),
    p("CN-FJ", "福建", "Fujian", E, &["福州", "厦门", "泉州", "龙岩"]),
    p("CN-JX", "江西", "Jiangxi", E, &["南昌", "赣州", "九江", "萍乡"]),
    p("CN-SD", "山东", "Shandong", C, &["济南", "青岛", "临沂", "济宁", "潍坊"]),
    p("CN-HA", "河南", "Henan", E, &["郑州", "洛阳", "平顶山", "南阳"]),
    p("CN-HB", "湖北", "Hubei", E, &["武汉", "宜昌", "襄阳", "十堰"]),
    p("CN-HN", "湖南", "Hunan", E, &["长沙", "株洲", "衡阳", "岳阳"]),
    p("CN-GD", "广东", "Guangdong", C, &["广州", "深圳", "佛山", "东莞", "惠州"]),
    p("CN-GX", "广西", "Guangxi", E, &["南宁", "柳州", "桂林", "玉林"]),
    p("CN-HI", "海南", "Hainan", C, &["海口", "三亚"]),
    p("CN-CQ", "重庆", "Chongqing", E, &["重庆"]),
    p("CN-SC", "四川", "Sichuan", R, &["成都", "攀枝花", "绵阳", "宜宾", "达州"]),
    p("CN-GZ", "贵州", "Guizhou", R, &["贵阳", "六盘水", "遵义", "毕节"]),
    p("CN-YN", "云南", "Yunnan", E, &["昆明", "曲靖", "玉溪", "蒙自"]),
    p("CN-XZ", "西藏", "Tibet", R, &["拉萨", "日喀则"]),
    p("CN-SN", "陕西", "Shaanxi", R, &["西安", "榆林", "延安", "宝鸡"]),
    p("CN-GS", "甘肃", "Gansu", R, &["兰州", "金昌", "白银", "酒泉"]),
    p("CN-QH", "青海", "Qinghai", R, &["西宁", "格尔木"]),
    p("CN-NX", "宁夏", "Ningxia", R, &["银川", "石嘴山"]),
    p("CN-XJ", "新疆", "Xinjiang", R, &["乌鲁木齐", "克拉玛依", "哈密", "库尔勒", "伊宁"]),
];

/// The region with this ISO code.
pub fn province(code: &str) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| p.code == code)
}

/// The setting holding the dealer's [`MarketTypes`].
pub const SETTING_KEY: &str = "region.market_types";

/// A province whose market type the dealer set apart from the built-in table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvinceMarket {
    /// The province's ISO code.
    pub province: String,
    pub market: MarketType,
}

/// The province → market type table the dealer judges by: the built-in one ([`Province::market`])
/// where the dealer changed nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MarketTypes {
    /// Only the provinces set apart from the built-in table, in [`PROVINCES`] order, so a
    /// province left alone follows the built-in table.
    pub changed: Vec<ProvinceMarket>,
}

/// What is wrong with a stored table, at the province it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarketTypesError {
    /// The code names no province.
    UnknownProvince(String),
    /// The province is set twice.
    Duplicate(String),
}

impl MarketTypes {
    /// The market type of the province `code` under this table; `None` for no known province.
    pub fn market(&self, code: &str) -> Option<MarketType> {
        let built_in = province(code)?.market;
        Some(self.changed.iter().find(|c| c.province == code).map_or(built_in, |c| c.market))
    }

    /// The market type `customer` is judged by: its own override (a mining company in 江苏),
    /// else its province's under this table.
    pub fn of(&self, customer: &Customer) -> Option<MarketType> {
        customer.market_override.or_else(|| self.market(&customer.province))
    }

    /// Sets province `code` to `market`; setting it back to the built-in type keeps nothing.
    pub fn set(&mut self, code: &str, market: MarketType) {
        self.changed.retain(|c| c.province != code);
        let Some(built_in) = province(code) else { return };
        if built_in.market != market {
            self.changed.push(ProvinceMarket { province: built_in.code.to_owned(), market });
            self.changed.sort_by_key(|c| PROVINCES.iter().position(|p| p.code == c.province));
        }
    }

    /// Forgets the provinces no region has the code of (a damaged or foreign table's).
    pub fn drop_unknown(&mut self) {
        self.changed.retain(|c| province(&c.province).is_some());
    }

    /// Every problem of the table, each at its province; empty when it may be stored.
    pub fn validate(&self) -> Vec<MarketTypesError> {
        let mut errors = Vec::new();
        for (i, change) in self.changed.iter().enumerate() {
            if province(&change.province).is_none() {
                errors.push(MarketTypesError::UnknownProvince(change.province.clone()));
            } else if self.changed[..i].iter().any(|c| c.province == change.province) {
                errors.push(MarketTypesError::Duplicate(change.province.clone()));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_examples_have_their_market_type() {
        for (code, market) in [
            ("CN-XJ", MarketType::Resource),
            ("CN-NM", MarketType::Resource),
            ("CN-SX", MarketType::Resource),
            ("CN-SC", MarketType::Resource),
            ("CN-JS", MarketType::Construction),
            ("CN-ZJ", MarketType::Construction),
            ("CN-YN", MarketType::Enterprise),
            ("CN-GX", MarketType::Enterprise),
            ("CN-HN", MarketType::Enterprise),
            ("CN-HB", MarketType::Enterprise),
            ("CN-FJ", MarketType::Enterprise),
        ] {
            assert_eq!(province(code).map(|p| p.market), Some(market), "{code}");
        }
    }

    #[test]
    fn codes_are_unique_and_every_region_has_a_city() {
        let mut codes: Vec<_> = PROVINCES.iter().map(|p| p.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), PROVINCES.len());
        assert_eq!(PROVINCES.len(), 31);
        assert!(PROVINCES.iter().all(|p| !p.cities.is_empty()));
        assert_eq!(province("CN-XX"), None);
    }

    fn changed(pairs: &[(&str, MarketType)]) -> MarketTypes {
        MarketTypes {
            changed: pairs.iter().map(|&(p, market)| ProvinceMarket { province: p.into(), market }).collect(),
        }
    }

    /// The dealer's table: the built-in type where nothing is set, the set one elsewhere, and a
    /// customer's own override above both.
    #[test]
    fn the_dealers_table_and_a_customers_override_decide_the_market_type() {
        use MarketType::{Construction, Enterprise, Resource};
        let table = changed(&[("CN-SD", Resource), ("CN-HA", Construction)]);
        for (code, built_in, dealers) in [
            ("CN-SD", Some(Construction), Some(Resource)),
            ("CN-HA", Some(Enterprise), Some(Construction)),
            ("CN-JS", Some(Construction), Some(Construction)),
            ("CN-XJ", Some(Resource), Some(Resource)),
            ("CN-XX", None, None),
            ("", None, None),
        ] {
            assert_eq!(MarketTypes::default().market(code), built_in, "{code}");
            assert_eq!(table.market(code), dealers, "{code}");
        }
        for (province, override_, expected) in [
            ("CN-JS", Some(Resource), Some(Resource)),
            ("CN-JS", None, Some(Construction)),
            ("CN-SD", None, Some(Resource)),
            ("CN-SD", Some(Enterprise), Some(Enterprise)),
            ("", Some(Resource), Some(Resource)),
            ("", None, None),
        ] {
            let customer = Customer { province: province.into(), market_override: override_, ..Customer::default() };
            assert_eq!(table.of(&customer), expected, "{province} {override_:?}");
        }
    }

    /// Setting keeps only what differs from the built-in table, in the table's order.
    #[test]
    fn setting_keeps_only_changes_in_order() {
        use MarketType::{Construction, Enterprise, Resource};
        let mut table = MarketTypes::default();
        table.set("CN-HA", Construction);
        table.set("CN-SD", Resource);
        table.set("CN-JS", Construction);
        table.set("CN-XX", Resource);
        assert_eq!(table, changed(&[("CN-SD", Resource), ("CN-HA", Construction)]));
        table.set("CN-HA", Enterprise);
        assert_eq!(table, changed(&[("CN-SD", Resource)]));
        table.set("CN-SD", Enterprise);
        assert_eq!(table, changed(&[("CN-SD", Enterprise)]));
    }

    #[test]
    fn a_stored_table_is_checked_province_by_province() {
        use MarketType::{Enterprise, Resource};
        for (table, expected) in [
            (changed(&[]), vec![]),
            (changed(&[("CN-SD", Resource)]), vec![]),
            (changed(&[("CN-XX", Resource)]), vec![MarketTypesError::UnknownProvince("CN-XX".into())]),
            (changed(&[("CN-SD", Resource), ("CN-SD", Enterprise)]), vec![MarketTypesError::Duplicate("CN-SD".into())]),
        ] {
            assert_eq!(table.validate(), expected, "{table:?}");
        }
        let mut damaged = changed(&[("CN-XX", Resource), ("CN-SD", Resource), ("CN-SD", Enterprise)]);
        damaged.drop_unknown();
        assert_eq!(damaged.validate(), vec![MarketTypesError::Duplicate("CN-SD".into())]);
        // Choosing the province again leaves one entry.
        damaged.set("CN-SD", Enterprise);
        assert!(damaged.validate().is_empty());
        let text = serde_json::to_string(&changed(&[("CN-SD", Resource)])).unwrap();
        assert_eq!(text, r#"{"changed":[{"province":"CN-SD","market":"resource"}]}"#);
        assert_eq!(serde_json::from_str::<MarketTypes>("{}").unwrap(), MarketTypes::default());
        for market in MarketType::ALL {
            assert_eq!(serde_json::to_string(&market).unwrap(), format!("\"{}\"", market.as_str()));
            assert_eq!(MarketType::parse(market.as_str()), Some(market));
        }
        assert_eq!(MarketType::parse("ocean"), None);
    }
}
