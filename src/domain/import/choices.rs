//! Value mapping: the words a file writes in a choice column (客户来源 "B2B网站", 省份 "苏")
//! mapped once onto Kehu's choices, so a row only fails for what is really wrong.
//!
//! [`unmatched`] lists each distinct word of every mapped choice column that is neither one of
//! the column's accepted texts ([`super::labels`], [`find_province`]) nor already mapped, with how
//! many rows use it and a suggested choice ([`Choices::suggest`]: synonyms in both languages,
//! province abbreviations such as 苏 for 江苏, and a word that holds exactly one choice's name).
//! The user's answers form a [`ValueMap`], kept per field (not per file layout: a dealer writes
//! the same words in every file) and applied by the conversion. "Keep as written"
//! ([`Choice::AsWritten`]) stores the field's "other" choice when it has one, and the word as a
//! custom field under the column's header, so nothing typed is lost.

use super::csv::TableRow;
use super::labels::{self, ValueLabels};
use super::mapping::{Mapping, Target};
use super::values::find_province;
use super::{country, fold_key};
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::region::{Province, PROVINCES};
use std::collections::{BTreeMap, HashMap};

/// Distinct words listed per column; past this many they are only counted.
pub const MAX_WORDS: usize = 200;

/// What one of a file's words becomes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Choice {
    /// One of the field's choices by its stable name (a province by its ISO code).
    Value(&'static str),
    /// The field's "other" choice (or none), with the word kept as a custom field.
    AsWritten,
    /// Not mapped: rows with it fail as a value the field does not know.
    Refused,
}

/// The stored form of [`Choice::AsWritten`]; no stable name is a star.
const AS_WRITTEN_KEY: &str = "*";

/// The choices of one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choices {
    Labels(&'static ValueLabels),
    Province,
}

impl Choices {
    /// The choices of a customer column; `None` for columns holding text, numbers or dates.
    pub fn of(column: CustomerColumn) -> Option<Choices> {
        match column {
            CustomerColumn::Province => Some(Choices::Province),
            _ => labels::for_column(column).map(Choices::Labels),
        }
    }

    /// The stable names (province codes), in the order the UI lists them.
    pub fn names(self) -> Vec<&'static str> {
        match self {
            Choices::Labels(labels) => labels.names.to_vec(),
            Choices::Province => PROVINCES.iter().map(|p| p.code).collect(),
        }
    }

    /// `name` as this field's `'static` stable name, when it is one.
    pub fn name(self, name: &str) -> Option<&'static str> {
        self.names().into_iter().find(|n| *n == name)
    }

    /// Whether the field takes `text` as it is.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            Choices::Labels(labels) => {
                let key = fold_key(text);
                labels.texts().any(|(_, t)| fold_key(t) == key)
            }
            Choices::Province => find_province(text).is_some(),
        }
    }

    /// The choice `text` most likely means, by synonym, abbreviation or a choice's name inside it.
    pub fn suggest(self, text: &str) -> Option<&'static str> {
        let key = fold_key(text);
        if key.is_empty() {
            return None;
        }
        match self {
            Choices::Labels(labels) => suggest_label(labels, &key),
            Choices::Province => suggest_province(&key).map(|p| p.code),
        }
    }

    /// The choice "keep as written" stores, when the field has one that means "other".
    pub fn other(self) -> Option<&'static str> {
        match self {
            Choices::Labels(labels) => labels.other.map(|i| labels.names[i]),
            Choices::Province => None,
        }
    }
}

/// Words people write for a choice beyond its labels and aliases: (stable name, word).
const SYNONYMS: &[(&str, &str)] = &[
    ("trade_show", "展销会"),
    ("trade_show", "博览会"),
    ("trade_show", "exhibition"),
    ("trade_show", "trade fair"),
    ("trade_show", "expo"),
    ("referral", "朋友介绍"),
    ("referral", "熟人介绍"),
    ("referral", "word of mouth"),
    ("b2b_site", "阿里巴巴"),
    ("b2b_site", "1688"),
    ("b2b_site", "alibaba"),
    ("b2b_site", "made in china"),
    ("search", "百度"),
    ("search", "baidu"),
    ("search", "google"),
    ("search", "seo"),
    ("customs_data", "进出口数据"),
    ("manufacturer_lead", "制造商"),
    ("manufacturer_lead", "主机厂"),
    ("manufacturer_lead", "原厂"),
    ("manufacturer_lead", "oem"),
    ("walk_in", "到店"),
    ("walk_in", "来访"),
    ("walk_in", "进店"),
    ("potential", "潜客"),
    ("potential", "意向客户"),
    ("potential", "lead"),
    ("target", "重点客户"),
    ("existing", "成交客户"),
    ("existing", "合作客户"),
    ("existing", "customer"),
    ("existing", "active"),
    ("lost", "丢失"),
    ("lost", "churned"),
    ("self_use", "个体"),
    ("self_use", "个人"),
    ("self_use", "个体户"),
    ("self_use", "私人老板"),
    ("large_contractor", "施工单位"),
    ("large_contractor", "总包"),
    ("large_contractor", "施工企业"),
    ("large_contractor", "contractor"),
    ("state_owned", "央企"),
    ("state_owned", "国有"),
    ("government", "事业单位"),
    ("government", "机关"),
    ("government", "public sector"),
    ("not_contacted", "未跟进"),
    ("not_contacted", "新线索"),
    ("contacted", "已沟通"),
    ("contacted", "联系过"),
    ("contacted", "初次接触"),
    ("in_discussion", "跟进中"),
    ("in_discussion", "沟通中"),
    ("in_discussion", "意向"),
    ("negotiating", "报价中"),
    ("negotiating", "议价"),
    ("cooperating", "已成交"),
    ("cooperating", "成交"),
    ("dormant", "暂停"),
    ("dormant", "搁置"),
    ("general_construction", "房建"),
    ("general_construction", "市政"),
    ("heavy_construction", "基建"),
    ("heavy_construction", "道路"),
    ("heavy_construction", "桥梁"),
    ("heavy_construction", "水利"),
    ("excavation", "土石方"),
    ("mining", "矿业"),
    ("mining", "煤矿"),
    ("mining", "采石场"),
    ("mining", "quarry"),
];

/// One-character abbreviations of provinces (简称), and their other short names.
const PROVINCE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("CN-BJ", "京"),
    ("CN-TJ", "津"),
    ("CN-HE", "冀"),
    ("CN-SX", "晋"),
    ("CN-NM", "蒙"),
    ("CN-NM", "内蒙"),
    ("CN-LN", "辽"),
    ("CN-JL", "吉"),
    ("CN-HL", "黑"),
    ("CN-SH", "沪"),
    ("CN-SH", "申"),
    ("CN-JS", "苏"),
    ("CN-ZJ", "浙"),
    ("CN-AH", "皖"),
    ("CN-FJ", "闽"),
    ("CN-JX", "赣"),
    ("CN-SD", "鲁"),
    ("CN-HA", "豫"),
    ("CN-HB", "鄂"),
    ("CN-HN", "湘"),
    ("CN-GD", "粤"),
    ("CN-GX", "桂"),
    ("CN-HI", "琼"),
    ("CN-CQ", "渝"),
    ("CN-SC", "川"),
    ("CN-SC", "蜀"),
    ("CN-GZ", "黔"),
    ("CN-GZ", "贵"),
    ("CN-YN", "滇"),
    ("CN-YN", "云"),
    ("CN-XZ", "藏"),
    ("CN-SN", "陕"),
    ("CN-SN", "秦"),
    ("CN-GS", "甘"),
    ("CN-GS", "陇"),
    ("CN-QH", "青"),
    ("CN-NX", "宁"),
    ("CN-XJ", "新"),
];

fn suggest_label(labels: &ValueLabels, key: &str) -> Option<&'static str> {
    let names = labels.names;
    let synonym = SYNONYMS.iter().find(|(name, word)| names.contains(name) && fold_key(word) == key);
    if let Some((name, _)) = synonym {
        return names.iter().copied().find(|n| n == name);
    }
    // The longest accepted text or synonym inside the word (or the word inside it) names the
    // choice, unless two choices tie.
    let texts = labels.texts().map(|(i, text)| (names[i], fold_key(text)));
    let synonyms = SYNONYMS.iter().filter(|(name, _)| names.contains(name)).map(|(name, word)| (*name, fold_key(word)));
    let mut best: Option<(usize, &'static str)> = None;
    let mut tied = false;
    for (name, text) in texts.chain(synonyms) {
        let length = text.chars().count();
        let inside = length >= 2 && (key.contains(text.as_str()) || (key.chars().count() >= 2 && text.contains(key)));
        match best {
            _ if !inside => {}
            Some((longest, _)) if length < longest => {}
            Some((longest, chosen)) if length == longest => tied |= chosen != name,
            _ => {
                best = Some((length, name));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, name)| name)
}

fn suggest_province(key: &str) -> Option<&'static Province> {
    let by_code = |code: &str| PROVINCES.iter().find(|p| p.code == code);
    if let Some((code, _)) = PROVINCE_ABBREVIATIONS.iter().find(|(_, short)| fold_key(short) == key) {
        return by_code(code);
    }
    // A place under its province ("江苏南京", "江苏省苏州市"): the province it starts with.
    let mut starting = PROVINCES.iter().filter(|p| {
        [p.name_zh, p.name_en].iter().any(|name| {
            let name = fold_key(name);
            key.starts_with(&name) && key.len() > name.len()
        })
    });
    match (starting.next(), starting.next()) {
        (Some(province), None) => Some(province),
        _ => None,
    }
}

/// The user's answers: per field (a column's stable name), the folded word and its choice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueMap(BTreeMap<String, BTreeMap<String, Choice>>);

impl ValueMap {
    pub const fn new() -> ValueMap {
        ValueMap(BTreeMap::new())
    }

    /// What `text` in `field` was mapped to.
    pub fn get(&self, field: CustomerColumn, text: &str) -> Option<&Choice> {
        self.0.get(field.as_str())?.get(&fold_key(text))
    }

    pub fn set(&mut self, field: CustomerColumn, text: &str, choice: Choice) {
        self.0.entry(field.as_str().to_owned()).or_default().insert(fold_key(text), choice);
    }

    /// This map with `newer`'s answers over it.
    pub fn merged(&self, newer: &ValueMap) -> ValueMap {
        let mut merged = self.clone();
        for (field, words) in &newer.0 {
            merged.0.entry(field.clone()).or_default().extend(words.iter().map(|(w, c)| (w.clone(), c.clone())));
        }
        merged
    }

    /// The map as stored: choices by stable name, "keep as written" as `*`; refusals are not
    /// remembered.
    pub fn to_stored(&self) -> BTreeMap<String, BTreeMap<String, String>> {
        let stored = self.0.iter().map(|(field, words)| {
            let words = words.iter().filter_map(|(word, choice)| {
                let key = match choice {
                    Choice::Value(name) => (*name).to_owned(),
                    Choice::AsWritten => AS_WRITTEN_KEY.to_owned(),
                    Choice::Refused => return None,
                };
                Some((word.clone(), key))
            });
            (field.clone(), words.collect::<BTreeMap<_, _>>())
        });
        stored.filter(|(_, words)| !words.is_empty()).collect()
    }

    /// A stored map read back; fields and choices this version does not know are left out.
    pub fn from_stored(stored: BTreeMap<String, BTreeMap<String, String>>) -> ValueMap {
        let mut map = ValueMap::new();
        for (field, words) in stored {
            let Some(column) = CustomerColumn::parse(&field) else { continue };
            let Some(choices) = Choices::of(column) else { continue };
            for (word, key) in words {
                let choice = match key.as_str() {
                    AS_WRITTEN_KEY => Choice::AsWritten,
                    name => match choices.name(name) {
                        Some(name) => Choice::Value(name),
                        None => continue,
                    },
                };
                map.0.entry(field.clone()).or_default().insert(word, choice);
            }
        }
        map
    }
}

/// A word of a choice column that the field does not take as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// As first written in the file (trimmed).
    pub text: String,
    /// Rows that use it, in any spelling that folds alike.
    pub count: usize,
    pub suggestion: Option<&'static str>,
}

/// The words of one mapped choice column to map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnWords {
    /// 0-based header index.
    pub column: usize,
    pub field: CustomerColumn,
    pub choices: Choices,
    /// In order of first appearance; at most [`MAX_WORDS`].
    pub words: Vec<Word>,
    /// Distinct words past [`MAX_WORDS`], not listed.
    pub more: usize,
}

/// Every word of the mapped choice columns of `rows` that needs mapping: not accepted as it is and
/// not in `known`. A province of a row whose country is not China is not one (the conversion
/// keeps it as a custom field).
pub fn unmatched(mapping: &Mapping, rows: impl Iterator<Item = TableRow>, known: &ValueMap) -> Vec<ColumnWords> {
    let mut columns: Vec<ColumnWords> = mapping
        .0
        .iter()
        .enumerate()
        .filter_map(|(column, target)| match target {
            Target::Column(field) => Choices::of(*field).map(|choices| ColumnWords {
                column,
                field: *field,
                choices,
                words: Vec::new(),
                more: 0,
            }),
            _ => None,
        })
        .collect();
    if columns.is_empty() {
        return columns;
    }
    let country_column = mapping.0.iter().position(|t| *t == Target::Column(CustomerColumn::Country));
    let mut countries: HashMap<String, bool> = HashMap::new();
    // Per column: folded word → its index in `words`, or `None` when it needs no mapping.
    let mut seen: Vec<HashMap<String, Option<usize>>> = vec![HashMap::new(); columns.len()];
    for row in rows {
        let foreign = country_column.and_then(|c| row.cells.get(c)).map(|cell| cell.trim()).is_some_and(|cell| {
            !cell.is_empty()
                && *countries
                    .entry(cell.to_owned())
                    .or_insert_with(|| country::resolve(cell).is_some_and(|c| c != "CN"))
        });
        for (entry, seen) in columns.iter_mut().zip(seen.iter_mut()) {
            let Some(text) = row.cells.get(entry.column).map(|cell| cell.trim()).filter(|c| !c.is_empty()) else {
                continue;
            };
            if foreign && entry.field == CustomerColumn::Province {
                continue;
            }
            let key = fold_key(text);
            let slot = match seen.get(&key) {
                Some(slot) => *slot,
                None => {
                    let needed = !entry.choices.accepts(text) && known.get(entry.field, text).is_none();
                    let slot = if !needed {
                        None
                    } else if entry.words.len() < MAX_WORDS {
                        let suggestion = entry.choices.suggest(text);
                        entry.words.push(Word { text: text.to_owned(), count: 0, suggestion });
                        Some(entry.words.len() - 1)
                    } else {
                        entry.more += 1;
                        None
                    };
                    seen.insert(key, slot);
                    slot
                }
            };
            if let Some(index) = slot {
                entry.words[index].count += 1;
            }
        }
    }
    columns.retain(|entry| !entry.words.is_empty() || entry.more > 0);
    columns
}

/// The listed words' answers: each the user's, else its suggestion, else refused.
pub fn answers(columns: &[ColumnWords], chosen: &ValueMap) -> ValueMap {
    let mut map = ValueMap::new();
    for entry in columns {
        for word in &entry.words {
            let choice = chosen
                .get(entry.field, &word.text)
                .cloned()
                .or_else(|| word.suggestion.map(Choice::Value))
                .unwrap_or(Choice::Refused);
            map.set(entry.field, &word.text, choice);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::super::csv::parse;
    use super::super::mapping::suggest;
    use super::*;

    #[test]
    fn suggestions_by_synonym_abbreviation_and_name_inside() {
        use CustomerColumn as C;
        for (field, text, expected) in [
            (C::Source, "B2B网站", Some("b2b_site")),
            (C::Source, "制造商线索", Some("manufacturer_lead")),
            (C::Source, "阿里巴巴", Some("b2b_site")),
            (C::Source, "老客户介绍", Some("referral")),
            (C::Source, "ＥＸＨＩＢＩＴＩＯＮ", Some("trade_show")),
            (C::Source, "Trade Fair", Some("trade_show")),
            (C::Source, "百度推广", Some("search")),
            (C::Source, "抖音", None),
            (C::Lifecycle, "意向客户", Some("potential")),
            (C::Lifecycle, "已流失客户", Some("lost")),
            (C::Lifecycle, "成交客户", Some("existing")),
            (C::CustomerType, "个体户", Some("self_use")),
            (C::CustomerType, "央企", Some("state_owned")),
            (C::CustomerType, "事业单位", Some("government")),
            (C::CustomerType, "外资企业", None),
            (C::Communication, "跟进中", Some("in_discussion")),
            (C::Communication, "已成交", Some("cooperating")),
            (C::Application, "煤矿", Some("mining")),
            (C::Application, "土石方工程", Some("excavation")),
            (C::Province, "苏", Some("CN-JS")),
            (C::Province, "湘", Some("CN-HN")),
            (C::Province, "江苏南京", Some("CN-JS")),
            (C::Province, "江苏省苏州市", Some("CN-JS")),
            (C::Province, "Jiangsu Nanjing", Some("CN-JS")),
            (C::Province, "苏州", None),
            (C::Province, "火星", None),
            (C::Province, "", None),
        ] {
            let choices = Choices::of(field).expect("a choice column");
            assert_eq!(choices.suggest(text), expected, "{field:?} {text}");
        }
    }

    #[test]
    fn accepted_texts_need_no_mapping() {
        for (field, text, accepted) in [
            (CustomerColumn::Source, "B2B 平台", true),
            (CustomerColumn::Source, "b2b", true),
            (CustomerColumn::Source, "B2B网站", false),
            (CustomerColumn::Province, "江苏省", true),
            (CustomerColumn::Province, "苏", false),
        ] {
            assert_eq!(Choices::of(field).unwrap().accepts(text), accepted, "{text}");
        }
        assert_eq!(Choices::of(CustomerColumn::Company), None);
        assert_eq!(Choices::of(CustomerColumn::Source).unwrap().other(), Some("other"));
        assert_eq!(Choices::of(CustomerColumn::Lifecycle).unwrap().other(), None);
        assert_eq!(Choices::of(CustomerColumn::Province).unwrap().other(), None);
    }

    #[test]
    fn distinct_words_with_counts_in_file_order() {
        let text = "公司,客户来源,省份,国家,客户状态\n\
                    A,B2B网站,苏,,现有客户\n\
                    B,ｂ２ｂ网站,江苏省,,现有\n\
                    C,展会,火星,,潜客\n\
                    D,抖音,California,US,\n\
                    E,抖音,苏,中国,\n\
                    F,朋友,湘,,潜客\n";
        let table = parse(text).unwrap();
        let mapping = suggest(&table.header, &[]);
        let mut known = ValueMap::new();
        known.set(CustomerColumn::Source, "朋友", Choice::Value("referral"));
        let found = unmatched(&mapping, table.rows.into_iter(), &known);
        /// A listed word: its text, count and suggestion.
        type Listed<'a> = (&'a str, usize, Option<&'a str>);
        let listed: Vec<(usize, CustomerColumn, Vec<Listed>)> = found
            .iter()
            .map(|c| (c.column, c.field, c.words.iter().map(|w| (w.text.as_str(), w.count, w.suggestion)).collect()))
            .collect();
        use CustomerColumn as C;
        assert_eq!(
            listed,
            [
                (1, C::Source, vec![("B2B网站", 2, Some("b2b_site")), ("抖音", 2, None)]),
                (2, C::Province, vec![("苏", 2, Some("CN-JS")), ("火星", 1, None), ("湘", 1, Some("CN-HN"))]),
                (4, C::Lifecycle, vec![("潜客", 2, Some("potential"))]),
            ]
        );
        assert!(found.iter().all(|c| c.more == 0));
    }

    #[test]
    fn words_past_the_limit_are_counted() {
        let mut text = String::from("company,source\n");
        for i in 0..MAX_WORDS + 5 {
            text.push_str(&format!("C{i},source {i}\nD{i},source {i}\n"));
        }
        let table = parse(&text).unwrap();
        let found = unmatched(&suggest(&table.header, &[]), table.rows.into_iter(), &ValueMap::new());
        assert_eq!((found[0].words.len(), found[0].more, found[0].words[0].count), (MAX_WORDS, 5, 2));
    }

    #[test]
    fn answers_take_the_users_choice_then_the_suggestion() {
        let table = parse("company,source\nA,B2B网站\nB,抖音\nC,百度\n").unwrap();
        let found = unmatched(&suggest(&table.header, &[]), table.rows.into_iter(), &ValueMap::new());
        let mut chosen = ValueMap::new();
        chosen.set(CustomerColumn::Source, "抖音", Choice::AsWritten);
        chosen.set(CustomerColumn::Source, "百度", Choice::Refused);
        let answered = answers(&found, &chosen);
        let source = CustomerColumn::Source;
        assert_eq!(answered.get(source, "b2b网站"), Some(&Choice::Value("b2b_site")));
        assert_eq!(answered.get(source, "抖音"), Some(&Choice::AsWritten));
        assert_eq!(answered.get(source, "百度"), Some(&Choice::Refused));
        assert_eq!(answers(&found, &ValueMap::new()).get(source, "抖音"), Some(&Choice::Refused));
    }

    #[test]
    fn the_conversion_applies_the_answers() {
        use super::super::customers::testing::convert;
        use super::super::customers::{ConvertContext, RowErrorKind};
        use crate::domain::model::{CustomField, CustomerType, LeadSource, Lifecycle};
        let table =
            parse("公司,客户来源,客户状态,客户类型,省份\nA,抖音,老主顾,央企,苏\nB,百度推广,潜客,外资,火星\n").unwrap();
        let mapping = suggest(&table.header, &[]);
        let mut values = ValueMap::new();
        use CustomerColumn as C;
        for (field, word, choice) in [
            (C::Source, "抖音", Choice::AsWritten),
            (C::Source, "百度推广", Choice::Refused),
            (C::Lifecycle, "老主顾", Choice::AsWritten),
            (C::Lifecycle, "潜客", Choice::Value("potential")),
            (C::CustomerType, "央企", Choice::Value("state_owned")),
            (C::CustomerType, "外资", Choice::AsWritten),
            (C::Province, "苏", Choice::Value("CN-JS")),
            (C::Province, "火星", Choice::AsWritten),
        ] {
            values.set(field, word, choice);
        }
        let converted = convert(&table, &mapping, &ConvertContext { values: &values, ..ConvertContext::default() });
        let a = &converted.rows[0];
        let written = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(name, value)| CustomField { name: (*name).into(), value: (*value).into() })
                .collect::<Vec<_>>()
        };
        assert_eq!(a.customer.source, LeadSource::Other, "the field's other choice");
        assert_eq!(a.customer.lifecycle, Lifecycle::Potential, "no other choice: as when empty");
        assert_eq!(a.customer.customer_type, CustomerType::StateOwned);
        assert_eq!((a.customer.province.as_str(), a.customer.country.as_str()), ("CN-JS", "CN"));
        assert_eq!(a.customer.custom, written(&[("客户来源", "抖音"), ("客户状态", "老主顾")]));
        assert!(!a.filled.contains(&C::Lifecycle), "an update keeps the stored status");
        assert!(a.filled.contains(&C::Source));
        assert_eq!(converted.rows.len(), 1);
        let refused: Vec<(usize, &str, bool)> = converted
            .errors
            .iter()
            .map(|e| (e.line, e.value.as_str(), matches!(e.kind, RowErrorKind::UnknownValue { .. })))
            .collect();
        assert_eq!(refused, [(3, "百度推广", true)], "a refused word fails its row; 火星 is kept as written");
    }

    #[test]
    fn stored_maps_read_back_without_refusals_or_unknown_names() {
        let mut map = ValueMap::new();
        map.set(CustomerColumn::Source, "B2B网站", Choice::Value("b2b_site"));
        map.set(CustomerColumn::Source, "抖音", Choice::AsWritten);
        map.set(CustomerColumn::Source, "百度", Choice::Refused);
        map.set(CustomerColumn::Province, "苏", Choice::Value("CN-JS"));
        let mut stored = map.to_stored();
        assert_eq!(stored["source"].len(), 2);
        assert_eq!(stored["source"]["抖音"], "*");
        let mut expected = map.clone();
        expected.set(CustomerColumn::Source, "百度", Choice::Refused);
        stored.get_mut("source").unwrap().insert("x".into(), "no_such_source".into());
        stored.insert("company".into(), BTreeMap::from([("a".into(), "b".into())]));
        stored.insert("nonsense".into(), BTreeMap::new());
        let read = ValueMap::from_stored(stored);
        assert_eq!(read.get(CustomerColumn::Source, "B2B网站"), Some(&Choice::Value("b2b_site")));
        assert_eq!(read.get(CustomerColumn::Source, "抖音"), Some(&Choice::AsWritten));
        assert_eq!(read.get(CustomerColumn::Source, "百度"), None);
        assert_eq!(read.get(CustomerColumn::Source, "x"), None);
        assert_eq!(read.get(CustomerColumn::Province, "苏"), Some(&Choice::Value("CN-JS")));
        assert_eq!(read.merged(&expected).get(CustomerColumn::Source, "百度"), Some(&Choice::Refused));
    }
}
