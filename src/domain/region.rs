//! China's provincial-level regions and the market type each belongs to (docs/domain.md §1, seed 000).

use serde::{Deserialize, Serialize};

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
}
