//! Reading single cell values: dates, whole numbers, provinces and lists.

use super::{fold_key, fold_width};
use crate::domain::date::Date;
use crate::domain::region::{Province, PROVINCES};

/// Excel serial day numbers accepted as dates. Below, a number of up to four digits is a year
/// or a count, not a date ("2024" is not 1905-07-16); above is past 9999-12-31.
const EXCEL_SERIALS: std::ops::RangeInclusive<f64> = 10_000.0..=2_958_465.0;
/// Excel serial of 1970-01-01 (serials above 60 count from 1899-12-30, after Lotus' leap bug).
const EXCEL_UNIX_EPOCH: i32 = 25_569;

/// A date as spreadsheets write it: `2024-03-05`, `2024-3-5`, `2024/3/5`, `2024.3.5`,
/// `2024年3月5日`, `20240305`, or an Excel serial number (XLSX dates are numbers); a time after
/// the date is ignored. Day-first and month-first forms (`5/3/2024`) are refused: which one a
/// file means cannot be known.
pub fn parse_date(text: &str) -> Option<Date> {
    let folded: String = text.trim().chars().map(fold_width).collect();
    let date = match folded.split_once([' ', 'T']) {
        Some((date, time)) if time.trim_start().starts_with(|c: char| c.is_ascii_digit()) && time.contains(':') => date,
        Some(_) => return None,
        None => folded.as_str(),
    };
    if !date.is_empty() && date.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        if date.len() == 8 && !date.contains('.') {
            let number = |range: std::ops::Range<usize>| date[range].parse::<u32>().ok();
            return Date::from_ymd(number(0..4)? as i32, number(4..6)?, number(6..8)?);
        }
        if let Ok(serial) = date.parse::<f64>() {
            return EXCEL_SERIALS.contains(&serial).then(|| Date::from_days(serial as i32 - EXCEL_UNIX_EPOCH));
        }
    }
    let dashed = date.replace(['年', '月'], "-");
    let dashed = dashed.strip_suffix(['日', '号']).unwrap_or(&dashed);
    let separator = dashed.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = dashed.split(separator).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok())?
    };
    Date::from_ymd(digits(year, 4..=4)? as i32, digits(month, 1..=2)?, digits(day, 1..=2)?)
}

/// A whole number, also written as a decimal with a zero fraction ("85.0", as spreadsheets
/// store numbers) or in full-width digits.
pub fn parse_whole_number(text: &str) -> Option<i64> {
    let folded: String = text.trim().chars().map(fold_width).collect();
    if !folded.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+')) {
        return None;
    }
    folded.parse::<i64>().ok().or_else(|| {
        let number = folded.parse::<f64>().ok()?;
        (number.fract() == 0.0 && number.abs() < 9e15).then_some(number as i64)
    })
}

/// Items of a list typed in one cell, separated as people do in both languages.
pub fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', '；', '、', ',', '，', '/', '\n']).map(str::trim).filter(|item| !item.is_empty())
}

/// Suffixes of province names, folded: administrative words in Chinese, English and pinyin.
const PROVINCE_SUFFIXES: &[&str] = &[
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "自治区",
    "省",
    "市",
    "autonomousregion",
    "municipality",
    "province",
    "sheng",
    "city",
    "shi",
];

/// Names a province goes by besides its Chinese and English names.
const PROVINCE_ALIASES: &[(&str, &str)] = &[
    ("CN-NM", "Nei Mongol"),
    ("CN-NM", "Neimenggu"),
    ("CN-XZ", "Xizang"),
    ("CN-GX", "Guangxi Zhuang"),
    ("CN-NX", "Ningxia Hui"),
    ("CN-XJ", "Xinjiang Uygur"),
    ("CN-XJ", "Xinjiang Uyghur"),
];

/// The province `text` names: its ISO code (`CN-SC` or `SC`), its Chinese name with or without
/// 省/市/自治区, or its English or pinyin name.
pub fn find_province(text: &str) -> Option<&'static Province> {
    let key = fold_key(text);
    let stem = PROVINCE_SUFFIXES.iter().find_map(|suffix| key.strip_suffix(suffix));
    let found = [Some(key.as_str()), stem].into_iter().flatten().filter(|k| !k.is_empty()).find_map(|k| {
        PROVINCES.iter().find(|p| {
            let aliases = PROVINCE_ALIASES.iter().filter(|(code, _)| *code == p.code).map(|(_, alias)| *alias);
            [p.code, &p.code[3..], p.name_zh, p.name_en].into_iter().chain(aliases).any(|name| fold_key(name) == k)
        })
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_people_write() {
        for (text, date) in [
            ("2024-03-05", Some("2024-03-05")),
            ("2024-3-5", Some("2024-03-05")),
            ("2024/3/5", Some("2024-03-05")),
            ("2024.3.5", Some("2024-03-05")),
            ("2024年3月5日", Some("2024-03-05")),
            ("2024年03月05号", Some("2024-03-05")),
            ("２０２４－０３－０５", Some("2024-03-05")),
            ("20240305", Some("2024-03-05")),
            (" 2024-03-05 14:30:00 ", Some("2024-03-05")),
            ("2024-03-05T14:30:00Z", Some("2024-03-05")),
            ("45356", Some("2024-03-05")),
            ("45356.75", Some("2024-03-05")),
            ("25569", Some("1970-01-01")),
            ("2024", None),
            ("5/3/2024", None),
            ("03/05/2024", None),
            ("2024-02-30", None),
            ("2024-3", None),
            ("2024-3-5-1", None),
            ("2024/3-5", None),
            ("2024-03-05 later", None),
            ("20241305", None),
            ("99999999", None),
            ("-45356", None),
            ("yesterday", None),
            ("", None),
        ] {
            assert_eq!(parse_date(text), date.map(|d| Date::parse(d).unwrap()), "{text:?}");
        }
    }

    #[test]
    fn whole_numbers() {
        for (text, number) in [
            ("85", Some(85)),
            (" 85 ", Some(85)),
            ("85.0", Some(85)),
            ("８５", Some(85)),
            ("-5", Some(-5)),
            ("85.5", None),
            ("85%", None),
            ("eighty", None),
            ("inf", None),
            ("", None),
        ] {
            assert_eq!(parse_whole_number(text), number, "{text:?}");
        }
    }

    #[test]
    fn lists_split_on_both_languages_separators() {
        let items: Vec<_> = split_list("挖掘机、装载机；压路机,  起重机/泵车\n塔机，;").collect();
        assert_eq!(items, ["挖掘机", "装载机", "压路机", "起重机", "泵车", "塔机"]);
    }

    #[test]
    fn provinces_by_code_and_name() {
        for (text, code) in [
            ("CN-SC", Some("CN-SC")),
            ("cn-sc", Some("CN-SC")),
            ("SC", Some("CN-SC")),
            ("四川", Some("CN-SC")),
            ("四川省", Some("CN-SC")),
            ("Sichuan", Some("CN-SC")),
            ("Sichuan Province", Some("CN-SC")),
            ("SICHUAN SHENG", Some("CN-SC")),
            ("北京市", Some("CN-BJ")),
            ("Beijing Shi", Some("CN-BJ")),
            ("广西壮族自治区", Some("CN-GX")),
            ("Guangxi Zhuang Autonomous Region", Some("CN-GX")),
            ("内蒙古自治区", Some("CN-NM")),
            ("Inner Mongolia", Some("CN-NM")),
            ("Neimenggu", Some("CN-NM")),
            ("新疆维吾尔自治区", Some("CN-XJ")),
            ("宁夏回族自治区", Some("CN-NX")),
            ("西藏", Some("CN-XZ")),
            ("Xizang", Some("CN-XZ")),
            ("Shaanxi", Some("CN-SN")),
            ("Shanxi", Some("CN-SX")),
            ("湖南", Some("CN-HN")),
            ("ＨＵＮＡＮ", Some("CN-HN")),
            ("长沙", None),
            ("California", None),
            ("省", None),
            ("", None),
        ] {
            assert_eq!(find_province(text).map(|p| p.code), code, "{text:?}");
        }
    }
}
