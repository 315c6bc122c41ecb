//! Country names as spreadsheets write them, to ISO 3166-1 alpha-2 codes.
//!
//! Accepted: any assigned alpha-2 code; the English or Chinese name, or a common alias
//! (alpha-3 code, "USA", "Korea", "Holland", 韩国, 中国大陆…) of the countries in [`COUNTRIES`]
//! (every country of the Maven sample, China's main trade partners, and the names one typo away
//! from them, so that a typo cannot land on the wrong neighbour); and a typo of an English name:
//! a Latin input is accepted when exactly one country has a name within edit distance 1 of it
//! (2 for names longer than 8 letters), counting a swap of two neighbouring letters as one edit.
//! "Philipines" is the Philippines; "Austrlia" is as close to Austria as to Australia, so it is
//! refused.

use super::fold_key;

pub struct Country {
    pub code: &'static str,
    pub name_en: &'static str,
    pub name_zh: &'static str,
    /// Other names and codes people write.
    pub aliases: &'static [&'static str],
}

const fn c(
    code: &'static str,
    name_en: &'static str,
    name_zh: &'static str,
    aliases: &'static [&'static str],
) -> Country {
    Country { code, name_en, name_zh, aliases }
}

pub const COUNTRIES: &[Country] = &[
    c(
        "CN",
        "China",
        "中国",
        &["CHN", "PRC", "People's Republic of China", "Mainland China", "中华人民共和国", "中国大陆"],
    ),
    c("HK", "Hong Kong", "中国香港", &["HKG", "Hong Kong SAR", "香港"]),
    c("MO", "Macao", "中国澳门", &["MAC", "Macau", "澳门"]),
    c("TW", "Taiwan", "中国台湾", &["TWN", "台湾"]),
    c("US", "United States", "美国", &["USA", "United States of America", "America", "美利坚合众国"]),
    c("CA", "Canada", "加拿大", &["CAN"]),
    c("MX", "Mexico", "墨西哥", &["MEX"]),
    c("GT", "Guatemala", "危地马拉", &["GTM"]),
    c("HN", "Honduras", "洪都拉斯", &["HND"]),
    c("SV", "El Salvador", "萨尔瓦多", &["SLV"]),
    c("CR", "Costa Rica", "哥斯达黎加", &["CRI"]),
    c("PA", "Panama", "巴拿马", &["PAN"]),
    c("CU", "Cuba", "古巴", &["CUB"]),
    c("DO", "Dominican Republic", "多米尼加", &["DOM"]),
    c("JM", "Jamaica", "牙买加", &["JAM"]),
    c("CO", "Colombia", "哥伦比亚", &["COL"]),
    c("VE", "Venezuela", "委内瑞拉", &["VEN"]),
    c("EC", "Ecuador", "厄瓜多尔", &["ECU"]),
    c("PE", "Peru", "秘鲁", &["PER"]),
    c("BO", "Bolivia", "玻利维亚", &["BOL"]),
    c("BR", "Brazil", "巴西", &["BRA", "Brasil"]),
    c("PY", "Paraguay", "巴拉圭", &["PRY"]),
    c("UY", "Uruguay", "乌拉圭", &["URY"]),
    c("CL", "Chile", "智利", &["CHL"]),
    c("AR", "Argentina", "阿根廷", &["ARG"]),
    c("GB", "United Kingdom", "英国", &["GBR", "UK", "Great Britain", "Britain", "England"]),
    c("IE", "Ireland", "爱尔兰", &["IRL"]),
    c("IS", "Iceland", "冰岛", &["ISL"]),
    c("FR", "France", "法国", &["FRA"]),
    c("DE", "Germany", "德国", &["DEU", "Deutschland"]),
    c("NL", "Netherlands", "荷兰", &["NLD", "The Netherlands", "Holland"]),
    c("BE", "Belgium", "比利时", &["BEL"]),
    c("LU", "Luxembourg", "卢森堡", &["LUX"]),
    c("CH", "Switzerland", "瑞士", &["CHE"]),
    c("AT", "Austria", "奥地利", &["AUT"]),
    c("IT", "Italy", "意大利", &["ITA"]),
    c("MT", "Malta", "马耳他", &["MLT"]),
    c("ES", "Spain", "西班牙", &["ESP"]),
    c("PT", "Portugal", "葡萄牙", &["PRT"]),
    c("GR", "Greece", "希腊", &["GRC"]),
    c("CY", "Cyprus", "塞浦路斯", &["CYP"]),
    c("SE", "Sweden", "瑞典", &["SWE"]),
    c("NO", "Norway", "挪威", &["NOR"]),
    c("DK", "Denmark", "丹麦", &["DNK"]),
    c("FI", "Finland", "芬兰", &["FIN"]),
    c("EE", "Estonia", "爱沙尼亚", &["EST"]),
    c("LV", "Latvia", "拉脱维亚", &["LVA"]),
    c("LT", "Lithuania", "立陶宛", &["LTU"]),
    c("PL", "Poland", "波兰", &["POL"]),
    c("CZ", "Czechia", "捷克", &["CZE", "Czech Republic"]),
    c("SK", "Slovakia", "斯洛伐克", &["SVK"]),
    c("SI", "Slovenia", "斯洛文尼亚", &["SVN"]),
    c("HU", "Hungary", "匈牙利", &["HUN"]),
    c("HR", "Croatia", "克罗地亚", &["HRV"]),
    c("RS", "Serbia", "塞尔维亚", &["SRB"]),
    c("RO", "Romania", "罗马尼亚", &["ROU"]),
    c("BG", "Bulgaria", "保加利亚", &["BGR"]),
    c("UA", "Ukraine", "乌克兰", &["UKR"]),
    c("BY", "Belarus", "白俄罗斯", &["BLR"]),
    c("RU", "Russia", "俄罗斯", &["RUS", "Russian Federation"]),
    c("TR", "Turkey", "土耳其", &["TUR", "Türkiye", "Turkiye"]),
    c("GE", "Georgia", "格鲁吉亚", &["GEO"]),
    c("AZ", "Azerbaijan", "阿塞拜疆", &["AZE"]),
    c("KZ", "Kazakhstan", "哈萨克斯坦", &["KAZ"]),
    c("UZ", "Uzbekistan", "乌兹别克斯坦", &["UZB"]),
    c("KG", "Kyrgyzstan", "吉尔吉斯斯坦", &["KGZ"]),
    c("TJ", "Tajikistan", "塔吉克斯坦", &["TJK"]),
    c("TM", "Turkmenistan", "土库曼斯坦", &["TKM"]),
    c("MN", "Mongolia", "蒙古", &["MNG", "蒙古国"]),
    c("AF", "Afghanistan", "阿富汗", &["AFG"]),
    c("IR", "Iran", "伊朗", &["IRN"]),
    c("IQ", "Iraq", "伊拉克", &["IRQ"]),
    c("SY", "Syria", "叙利亚", &["SYR"]),
    c("LB", "Lebanon", "黎巴嫩", &["LBN"]),
    c("JO", "Jordan", "约旦", &["JOR"]),
    c("IL", "Israel", "以色列", &["ISR"]),
    c("SA", "Saudi Arabia", "沙特阿拉伯", &["SAU", "KSA", "沙特"]),
    c("AE", "United Arab Emirates", "阿联酋", &["ARE", "UAE", "Emirates", "阿拉伯联合酋长国"]),
    c("QA", "Qatar", "卡塔尔", &["QAT"]),
    c("KW", "Kuwait", "科威特", &["KWT"]),
    c("BH", "Bahrain", "巴林", &["BHR"]),
    c("OM", "Oman", "阿曼", &["OMN"]),
    c("YE", "Yemen", "也门", &["YEM"]),
    c("IN", "India", "印度", &["IND"]),
    c("PK", "Pakistan", "巴基斯坦", &["PAK"]),
    c("BD", "Bangladesh", "孟加拉国", &["BGD", "孟加拉"]),
    c("LK", "Sri Lanka", "斯里兰卡", &["LKA"]),
    c("NP", "Nepal", "尼泊尔", &["NPL"]),
    c("MM", "Myanmar", "缅甸", &["MMR", "Burma"]),
    c("TH", "Thailand", "泰国", &["THA"]),
    c("LA", "Laos", "老挝", &["LAO", "Lao PDR"]),
    c("KH", "Cambodia", "柬埔寨", &["KHM"]),
    c("VN", "Vietnam", "越南", &["VNM"]),
    c("MY", "Malaysia", "马来西亚", &["MYS"]),
    c("SG", "Singapore", "新加坡", &["SGP"]),
    c("ID", "Indonesia", "印度尼西亚", &["IDN", "印尼"]),
    c("BN", "Brunei", "文莱", &["BRN"]),
    c("PH", "Philippines", "菲律宾", &["PHL"]),
    c("JP", "Japan", "日本", &["JPN"]),
    c("KR", "South Korea", "韩国", &["KOR", "Korea", "Republic of Korea", "Korea, Republic of", "大韩民国", "南韩"]),
    c("KP", "North Korea", "朝鲜", &["PRK", "DPRK"]),
    c("AU", "Australia", "澳大利亚", &["AUS", "澳洲"]),
    c("NZ", "New Zealand", "新西兰", &["NZL"]),
    c("PG", "Papua New Guinea", "巴布亚新几内亚", &["PNG"]),
    c("FJ", "Fiji", "斐济", &["FJI"]),
    c("EG", "Egypt", "埃及", &["EGY"]),
    c("LY", "Libya", "利比亚", &["LBY"]),
    c("TN", "Tunisia", "突尼斯", &["TUN"]),
    c("DZ", "Algeria", "阿尔及利亚", &["DZA"]),
    c("MA", "Morocco", "摩洛哥", &["MAR"]),
    c("SD", "Sudan", "苏丹", &["SDN"]),
    c("ET", "Ethiopia", "埃塞俄比亚", &["ETH"]),
    c("KE", "Kenya", "肯尼亚", &["KEN"]),
    c("UG", "Uganda", "乌干达", &["UGA"]),
    c("RW", "Rwanda", "卢旺达", &["RWA"]),
    c("TZ", "Tanzania", "坦桑尼亚", &["TZA"]),
    c("NG", "Nigeria", "尼日利亚", &["NGA"]),
    c("NE", "Niger", "尼日尔", &["NER"]),
    c("GH", "Ghana", "加纳", &["GHA"]),
    c("CI", "Côte d'Ivoire", "科特迪瓦", &["CIV", "Ivory Coast", "Cote d'Ivoire"]),
    c("SN", "Senegal", "塞内加尔", &["SEN"]),
    c("GM", "Gambia", "冈比亚", &["GMB", "The Gambia"]),
    c("GN", "Guinea", "几内亚", &["GIN"]),
    c("ML", "Mali", "马里", &["MLI"]),
    c("CM", "Cameroon", "喀麦隆", &["CMR"]),
    c("CG", "Congo", "刚果（布）", &["COG", "Republic of the Congo", "Congo-Brazzaville", "刚果共和国"]),
    c(
        "CD",
        "DR Congo",
        "刚果（金）",
        &["COD", "DRC", "Democratic Republic of the Congo", "Congo-Kinshasa", "刚果民主共和国"],
    ),
    c("AO", "Angola", "安哥拉", &["AGO"]),
    c("ZM", "Zambia", "赞比亚", &["ZMB"]),
    c("ZW", "Zimbabwe", "津巴布韦", &["ZWE"]),
    c("MZ", "Mozambique", "莫桑比克", &["MOZ"]),
    c("MG", "Madagascar", "马达加斯加", &["MDG"]),
    c("NA", "Namibia", "纳米比亚", &["NAM"]),
    c("BW", "Botswana", "博茨瓦纳", &["BWA"]),
    c("ZA", "South Africa", "南非", &["ZAF"]),
];

/// Every assigned ISO 3166-1 alpha-2 code, so codes of countries without names here still pass.
pub const ISO_CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU \
ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Shorter Latin inputs are only matched exactly: one edit away from a four-letter name is
/// another name too often.
const MIN_FUZZY_LETTERS: usize = 4;

/// The ISO code `text` names, or `None` when it names no country or could be several.
pub fn resolve(text: &str) -> Option<&'static str> {
    let trimmed = text.trim();
    if trimmed.len() == 2 {
        let upper = trimmed.to_ascii_uppercase();
        if let Some(code) = ISO_CODES.split(' ').find(|&code| code == upper) {
            return Some(code);
        }
    }
    let key = fold_key(trimmed);
    if key.is_empty() {
        return None;
    }
    let names = |country: &'static Country| {
        [country.name_en, country.name_zh].into_iter().chain(country.aliases.iter().copied())
    };
    if let Some(country) = COUNTRIES.iter().find(|country| names(country).any(|name| fold_key(name) == key)) {
        return Some(country.code);
    }
    let letters: Vec<char> = key.chars().collect();
    // Latin letters only (accented ones included): Chinese names are too short for typos.
    let latin = letters.iter().all(|&c| c.is_alphabetic() && c < '\u{0250}');
    if letters.len() < MIN_FUZZY_LETTERS || !latin {
        return None;
    }
    let mut found = None;
    for country in COUNTRIES {
        let near = names(country).map(fold_key).any(|name| {
            let name: Vec<char> = name.chars().collect();
            let allowed = if name.len() > 8 { 2 } else { 1 };
            name.len() >= MIN_FUZZY_LETTERS && edit_distance(&letters, &name) <= allowed
        });
        if near {
            if found.is_some() {
                return None;
            }
            found = Some(country.code);
        }
    }
    found
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours each cost one.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d = vec![0; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn resolves_codes_names_aliases_and_typos() {
        for (text, code) in [
            ("CN", Some("CN")),
            ("cn", Some("CN")),
            (" us ", Some("US")),
            ("FJ", Some("FJ")),
            ("AQ", Some("AQ")),
            ("XX", None),
            ("UK", Some("GB")),
            ("United States", Some("US")),
            ("UNITED STATES", Some("US")),
            ("U.S.A.", Some("US")),
            ("USA", Some("US")),
            ("美国", Some("US")),
            ("中国", Some("CN")),
            ("中华人民共和国", Some("CN")),
            ("ＣＨＩＮＡ", Some("CN")),
            ("Korea", Some("KR")),
            ("Korea, Republic of", Some("KR")),
            ("韩国", Some("KR")),
            ("Philipines", Some("PH")),
            ("Phillipines", Some("PH")),
            ("Philippines", Some("PH")),
            ("Germnay", Some("DE")),
            ("Chna", Some("CN")),
            ("Untied States", Some("US")),
            ("Brasil", Some("BR")),
            ("Türkiye", Some("TR")),
            ("Perú", Some("PE")),
            ("Côte d'Ivoire", Some("CI")),
            ("Holland", Some("NL")),
            ("Congo", Some("CG")),
            ("DRC", Some("CD")),
            ("Austrlia", None),
            ("Iram", None),
            ("Nigera", None),
            ("Atlantis", None),
            ("USB", None),
            ("德过", None),
            ("", None),
            ("  ", None),
        ] {
            assert_eq!(resolve(text), code, "{text:?}");
        }
    }

    #[test]
    fn every_maven_office_location_resolves() {
        for (text, code) in [
            ("United States", "US"),
            ("Kenya", "KE"),
            ("Philipines", "PH"),
            ("Belgium", "BE"),
            ("Brazil", "BR"),
            ("China", "CN"),
            ("Germany", "DE"),
            ("Italy", "IT"),
            ("Japan", "JP"),
            ("Jordan", "JO"),
            ("Korea", "KR"),
            ("Norway", "NO"),
            ("Panama", "PA"),
            ("Poland", "PL"),
            ("Romania", "RO"),
        ] {
            assert_eq!(resolve(text), Some(code), "{text}");
        }
    }

    #[test]
    fn the_table_is_consistent() {
        let codes: Vec<&str> = ISO_CODES.split(' ').collect();
        assert_eq!(codes.len(), 249);
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        assert!(COUNTRIES.len() >= 60);
        let mut names: HashMap<String, &str> = HashMap::new();
        for country in COUNTRIES {
            assert!(codes.contains(&country.code), "{}", country.code);
            for name in [country.name_en, country.name_zh].iter().chain(country.aliases) {
                let previous = names.insert(fold_key(name), country.code);
                assert!(previous.is_none(), "{name} is listed twice");
                // A name must resolve to its own country, exactly or by typo tolerance.
                assert_eq!(resolve(name), Some(country.code), "{name}");
            }
        }
    }

    #[test]
    fn edit_distances() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        for (a, b, distance) in [
            ("", "", 0),
            ("abc", "", 3),
            ("kitten", "sitting", 3),
            ("philipines", "philippines", 1),
            ("ab", "ba", 1),
            ("chian", "china", 1),
        ] {
            assert_eq!(edit_distance(&chars(a), &chars(b)), distance, "{a} {b}");
        }
    }
}
