//! Which customer field each column of an imported table fills.
//!
//! [`suggest`] matches every header, folded (case, width, spaces and punctuation ignored),
//! against the caller's extra synonyms (the translated headers our export writes), the stable
//! column names, and the English and Chinese names below, as written by a Chinese dealer's Excel
//! sheet or a US CRM's account export. A header not found is retried without bracketed parts and
//! marks ("国家（ISO 代码）", "Company*"). Some names fit two fields: the first one still free is
//! taken, in column order (a second "phone" column is the contact's). Mobile numbers and WeChat
//! IDs are personal, so when the table has a contact-name column they go to the contact first.
//! A field is filled by at most one column; an unmatched column is kept as a custom field under
//! its header; a column without a header, or a row number (序号, No.), is ignored.

use super::fold_key;
use crate::domain::customers::columns::CustomerColumn;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What one column becomes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Column(CustomerColumn),
    /// A custom field of the customer ([`crate::domain::model::Customer::custom`]) with this name.
    Custom(String),
    Ignore,
}

impl Target {
    /// The target as remembered: a column's stable name, `custom:<name>`, or empty for ignored.
    pub fn key(&self) -> String {
        match self {
            Target::Column(column) => column.as_str().to_owned(),
            Target::Custom(name) => format!("{CUSTOM_KEY}{name}"),
            Target::Ignore => String::new(),
        }
    }

    /// The target a [`Target::key`] names; `None` for a key this version does not know.
    pub fn from_key(key: &str) -> Option<Target> {
        if key.is_empty() {
            return Some(Target::Ignore);
        }
        match key.strip_prefix(CUSTOM_KEY) {
            Some(name) => Some(Target::Custom(name.to_owned())),
            None => CustomerColumn::parse(key).map(Target::Column),
        }
    }
}

const CUSTOM_KEY: &str = "custom:";

/// One target per header column, in column order. Saved per [`signature`], so the same file
/// layout is mapped the same way next time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping(pub Vec<Target>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingError {
    /// No column fills the company name, which every customer needs.
    NoCompanyColumn,
    /// Several columns (0-based, ascending) fill the same field.
    TargetUsedTwice { target: CustomerColumn, columns: Vec<usize> },
}

impl Mapping {
    /// Every problem of the mapping; `Ok` when it can be imported with.
    pub fn validate(&self) -> Result<(), Vec<MappingError>> {
        let mut columns: Vec<(CustomerColumn, Vec<usize>)> = Vec::new();
        for (i, target) in self.0.iter().enumerate() {
            if let Target::Column(column) = target {
                match columns.iter_mut().find(|(c, _)| c == column) {
                    Some((_, used)) => used.push(i),
                    None => columns.push((*column, vec![i])),
                }
            }
        }
        let mut errors = Vec::new();
        if !columns.iter().any(|(c, _)| *c == CustomerColumn::Company) {
            errors.push(MappingError::NoCompanyColumn);
        }
        errors.extend(
            columns
                .into_iter()
                .filter(|(_, used)| used.len() > 1)
                .map(|(target, columns)| MappingError::TargetUsedTwice { target, columns }),
        );
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The target of column `index`: columns past the mapping's end are ignored.
    pub fn target(&self, index: usize) -> &Target {
        self.0.get(index).unwrap_or(&Target::Ignore)
    }
}

use CustomerColumn as C;

/// Header names and the fields they may mean, in order of preference.
const SYNONYMS: &[(&[CustomerColumn], &[&str])] = &[
    (
        &[C::Company],
        &[
            "company",
            "company name",
            "customer",
            "customer name",
            "client",
            "client name",
            "account",
            "account name",
            "organization",
            "organisation",
            "business name",
            "firm",
            "公司",
            "公司名称",
            "公司名",
            "公司全称",
            "客户",
            "客户名称",
            "客户名",
            "客户全称",
            "单位",
            "单位名称",
            "企业",
            "企业名称",
            "名称",
        ],
    ),
    (
        &[C::Country],
        &[
            "country",
            "country/region",
            "nation",
            "office location",
            "headquarters",
            "hq",
            "hq country",
            "国家",
            "国家/地区",
            "国别",
            "所在国家",
        ],
    ),
    (&[C::Province], &["province", "state", "state/province", "province/state", "省", "省份", "所在省份", "省/直辖市"]),
    (&[C::City], &["city", "town", "城市", "市", "所在城市", "地市"]),
    (
        &[C::Address],
        &[
            "address",
            "street",
            "street address",
            "billing address",
            "mailing address",
            "地址",
            "详细地址",
            "公司地址",
            "联系地址",
            "通讯地址",
            "办公地址",
        ],
    ),
    (
        &[C::Phone, C::ContactPhone],
        &[
            "phone",
            "telephone",
            "tel",
            "phone number",
            "mobile",
            "mobile phone",
            "cell",
            "电话",
            "电话号码",
            "联系电话",
            "手机",
            "手机号",
            "手机号码",
            "座机",
            "固话",
            "办公电话",
            "公司电话",
        ],
    ),
    (
        &[C::Email, C::ContactEmail],
        &["email", "e-mail", "mail", "email address", "邮箱", "电子邮件", "电子邮箱", "邮件", "邮箱地址"],
    ),
    (&[C::WeChat, C::ContactWeChat], &["wechat", "weixin", "wechat id", "微信", "微信号"]),
    (
        &[C::OtherChannels],
        &["other channels", "other contact", "qq", "whatsapp", "skype", "其他联系方式", "其它联系方式"],
    ),
    (&[C::MainProducts], &["main products", "products", "product", "主营产品", "主营", "主营业务", "主要产品", "产品"]),
    (&[C::Industry], &["industry", "sector", "vertical", "行业", "所属行业", "行业类别", "行业分类"]),
    (
        &[C::ParentCompany],
        &[
            "parent company",
            "parent",
            "parent account",
            "subsidiary of",
            "group",
            "母公司",
            "所属集团",
            "集团",
            "总公司",
            "上级公司",
            "上级单位",
        ],
    ),
    (&[C::Source], &["source", "lead source", "customer source", "客户来源", "来源", "线索来源"]),
    (&[C::Communication], &["communication status", "communication", "沟通状态", "跟进状态"]),
    (
        &[C::CreditIndex],
        &["credit index", "credit score", "credit", "信用指数", "客户信用指数", "信用", "信用评分", "信用分"],
    ),
    (&[C::Lifecycle], &["lifecycle", "lifecycle stage", "customer status", "客户状态", "生命周期", "客户阶段"]),
    (&[C::LostKind], &["lost kind", "lost type", "churn type", "流失类型"]),
    (&[C::LostReason], &["lost reason", "churn reason", "流失原因"]),
    (&[C::CustomerType], &["customer type", "account type", "客户类型", "客户性质", "单位性质", "企业性质"]),
    (&[C::BuyerRole], &["buyer role", "购买角色"]),
    (&[C::Concern], &["concern", "main concern", "关注重点", "关注点"]),
    (&[C::Application], &["application", "应用领域", "应用", "用途"]),
    (
        &[C::TeamLead],
        &[
            "team lead",
            "owner",
            "account owner",
            "sales rep",
            "salesperson",
            "sales agent",
            "account manager",
            "负责人",
            "客户负责人",
            "业务员",
            "销售",
            "销售员",
            "客户经理",
            "跟进人",
            "所属销售",
        ],
    ),
    (&[C::TeamMembers], &["team members", "team", "客户团队成员", "团队成员", "协作人"]),
    (
        &[C::CreatedAt],
        &[
            "created at",
            "created",
            "created date",
            "date created",
            "创建时间",
            "创建日期",
            "录入时间",
            "录入日期",
            "建档日期",
        ],
    ),
    (
        &[C::ModifiedAt],
        &["modified at", "modified", "last modified", "updated at", "修改时间", "最近修改", "更新时间", "最后修改时间"],
    ),
    (
        &[C::ContactName],
        &["contact name", "contact", "contact person", "primary contact", "联系人", "联系人姓名", "姓名", "对接人"],
    ),
    (&[C::ContactTitle], &["contact title", "title", "job title", "position", "职务", "职位", "联系人职务"]),
    (&[C::ContactPhone], &["contact phone", "联系人电话", "联系人手机"]),
    (&[C::ContactEmail], &["contact email", "联系人邮箱"]),
    (&[C::ContactWeChat], &["contact wechat", "联系人微信"]),
    (&[C::ContactRole], &["contact role", "role", "采购角色", "角色", "联系人角色"]),
];

/// Channels that belong to a person rather than a company.
const PERSONAL: &[&str] = &[
    "mobile",
    "mobile phone",
    "cell",
    "手机",
    "手机号",
    "手机号码",
    "wechat",
    "weixin",
    "wechat id",
    "微信",
    "微信号",
];

/// Row numbers, not data.
const IGNORED: &[&str] = &["序号", "行号", "no", "row number"];

/// A mapping for `header`. `extra_synonyms` come first: the UI passes the headers it writes on
/// export, in the user's language, so an exported file always maps back.
pub fn suggest(header: &[String], extra_synonyms: &[(CustomerColumn, String)]) -> Mapping {
    let mut names: HashMap<String, Vec<CustomerColumn>> = HashMap::new();
    let mut add = |name: &str, columns: &[CustomerColumn]| {
        let entry = names.entry(fold_key(name)).or_default();
        for column in columns {
            if !entry.contains(column) {
                entry.push(*column);
            }
        }
    };
    // Names that mean exactly one field: the caller's and the stable ones.
    let mut exact = HashSet::new();
    for (column, name) in extra_synonyms {
        add(name, &[*column]);
        exact.insert(fold_key(name));
    }
    for column in CustomerColumn::ALL {
        add(column.as_str(), &[*column]);
        exact.insert(fold_key(column.as_str()));
    }
    for (columns, synonyms) in SYNONYMS {
        for synonym in *synonyms {
            add(synonym, columns);
        }
    }
    let personal: HashSet<String> = PERSONAL.iter().map(|name| fold_key(name)).collect();
    let ignored: HashSet<String> = IGNORED.iter().map(|name| fold_key(name)).collect();
    let candidates = |name: &str| -> (String, Vec<CustomerColumn>) {
        let mut key = fold_key(name);
        if !names.contains_key(&key) {
            key = fold_key(&without_brackets(name));
        }
        let columns = names.get(&key).cloned().unwrap_or_default();
        (key, columns)
    };
    let has_contact = header.iter().any(|name| candidates(name).1.first() == Some(&CustomerColumn::ContactName));
    let mut used = HashSet::new();
    let targets = header
        .iter()
        .map(|name| {
            let (key, mut columns) = candidates(name);
            if has_contact && personal.contains(&key) && !exact.contains(&key) {
                columns.reverse();
            }
            match columns.into_iter().find(|column| !used.contains(column)) {
                Some(column) => {
                    used.insert(column);
                    Target::Column(column)
                }
                None if key.is_empty() || ignored.contains(&key) => Target::Ignore,
                None => Target::Custom(name.clone()),
            }
        })
        .collect();
    Mapping(targets)
}

/// The key a mapping is remembered by: the folded header names in order, so the same layout
/// matches whatever the case, width or spacing of its headers.
pub fn signature(header: &[String]) -> String {
    header.iter().map(|name| fold_key(name)).collect::<Vec<_>>().join("\t")
}

/// `name` without bracketed parts: "Revenue (USD m)" → "Revenue ".
fn without_brackets(name: &str) -> String {
    let mut depth = 0usize;
    name.chars()
        .filter(|&c| match c {
            '(' | '（' | '[' | '【' => {
                depth += 1;
                false
            }
            ')' | '）' | ']' | '】' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_through_their_keys() {
        for (target, key) in [
            (Target::Column(CustomerColumn::Company), "company"),
            (Target::Column(CustomerColumn::ContactWeChat), "contact_wechat"),
            (Target::Custom("年营业额 (万元)".into()), "custom:年营业额 (万元)"),
            (Target::Custom(String::new()), "custom:"),
            (Target::Ignore, ""),
        ] {
            assert_eq!(target.key(), key);
            assert_eq!(Target::from_key(key), Some(target));
        }
        assert_eq!(Target::from_key("no_such_column"), None);
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    fn col(column: CustomerColumn) -> Target {
        Target::Column(column)
    }

    fn custom(name: &str) -> Target {
        Target::Custom(name.into())
    }

    #[test]
    fn maps_the_maven_accounts_header() {
        let maven = header(&[
            "account",
            "sector",
            "year_established",
            "revenue",
            "employees",
            "office_location",
            "subsidiary_of",
        ]);
        assert_eq!(
            suggest(&maven, &[]).0,
            [
                col(C::Company),
                col(C::Industry),
                custom("year_established"),
                custom("revenue"),
                custom("employees"),
                col(C::Country),
                col(C::ParentCompany),
            ]
        );
    }

    #[test]
    fn maps_a_chinese_dealer_sheet() {
        let sheet = header(&[
            "序号",
            "客户名称",
            "省份",
            "城市",
            "详细地址",
            "联系人",
            "职务",
            "手机",
            "电话",
            "邮箱",
            "微信",
            "主营产品",
            "行业",
            "所属集团",
            "客户来源",
            "客户类型",
            "信用指数",
            "业务员",
            "备注",
            "",
        ]);
        assert_eq!(
            suggest(&sheet, &[]).0,
            [
                Target::Ignore,
                col(C::Company),
                col(C::Province),
                col(C::City),
                col(C::Address),
                col(C::ContactName),
                col(C::ContactTitle),
                col(C::ContactPhone),
                col(C::Phone),
                col(C::Email),
                col(C::ContactWeChat),
                col(C::MainProducts),
                col(C::Industry),
                col(C::ParentCompany),
                col(C::Source),
                col(C::CustomerType),
                col(C::CreditIndex),
                col(C::TeamLead),
                custom("备注"),
                Target::Ignore,
            ]
        );
    }

    #[test]
    fn maps_headers_however_written() {
        for (name, target) in [
            ("Company Name", col(C::Company)),
            ("COMPANY_NAME", col(C::Company)),
            ("ｃｏｍｐａｎｙ", col(C::Company)),
            ("公司名称*", col(C::Company)),
            ("客户名称（必填）", col(C::Company)),
            ("E-Mail", col(C::Email)),
            ("Tel.", col(C::Phone)),
            ("国家/地区", col(C::Country)),
            ("Revenue (USD m)", custom("Revenue (USD m)")),
            ("contact_phone", col(C::ContactPhone)),
            ("team_members", col(C::TeamMembers)),
            ("#", Target::Ignore),
        ] {
            assert_eq!(suggest(&header(&[name]), &[]).0, [target], "{name}");
        }
    }

    #[test]
    fn extra_synonyms_map_exported_headers_back() {
        let extra = [(C::Country, "国家（ISO 代码，如 CN）".to_string()), (C::CreditIndex, "Kreditindex".to_string())];
        let exported = header(&["公司名称", "国家（ISO 代码，如 CN）", "Kreditindex"]);
        assert_eq!(suggest(&exported, &extra).0, [col(C::Company), col(C::Country), col(C::CreditIndex)]);
        // Stable names always map, whatever the language of the export.
        let stable: Vec<String> = CustomerColumn::ALL.iter().map(|c| c.as_str().to_owned()).collect();
        let expected: Vec<Target> = CustomerColumn::ALL.iter().map(|&c| col(c)).collect();
        assert_eq!(suggest(&stable, &[]).0, expected);
    }

    #[test]
    fn personal_channels_go_to_the_contact_when_there_is_one() {
        let without_contact = suggest(&header(&["公司名称", "手机", "微信"]), &[]);
        assert_eq!(without_contact.0, [col(C::Company), col(C::Phone), col(C::WeChat)]);
        let with_contact = suggest(&header(&["公司名称", "联系人", "手机", "微信", "电话"]), &[]);
        assert_eq!(
            with_contact.0,
            [col(C::Company), col(C::ContactName), col(C::ContactPhone), col(C::ContactWeChat), col(C::Phone)]
        );
    }

    #[test]
    fn every_synonym_means_one_group() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (group, (_, synonyms)) in SYNONYMS.iter().enumerate() {
            for synonym in *synonyms {
                let previous = seen.insert(fold_key(synonym), group);
                assert!(previous.is_none_or(|p| p == group), "{synonym} is in two groups");
            }
        }
        for name in PERSONAL.iter().chain(IGNORED) {
            assert!(seen.contains_key(&fold_key(name)) != IGNORED.contains(name), "{name}");
        }
    }

    #[test]
    fn a_field_is_taken_once() {
        let mapping = suggest(&header(&["公司", "客户名称", "phone", "mobile", "tel"]), &[]);
        assert_eq!(
            mapping.0,
            [col(C::Company), custom("客户名称"), col(C::Phone), col(C::ContactPhone), custom("tel")]
        );
        assert_eq!(mapping.validate(), Ok(()));
    }

    #[test]
    fn validation_lists_every_problem() {
        for (targets, errors) in [
            (vec![col(C::Company), col(C::Phone)], vec![]),
            (vec![col(C::Phone), custom("x"), Target::Ignore], vec![MappingError::NoCompanyColumn]),
            (
                vec![col(C::Phone), col(C::Company), col(C::Phone), col(C::Email), col(C::Phone), col(C::Email)],
                vec![
                    MappingError::TargetUsedTwice { target: C::Phone, columns: vec![0, 2, 4] },
                    MappingError::TargetUsedTwice { target: C::Email, columns: vec![3, 5] },
                ],
            ),
            (vec![custom("x"), custom("x"), col(C::Company)], vec![]),
        ] {
            let result = Mapping(targets.clone()).validate();
            assert_eq!(result, if errors.is_empty() { Ok(()) } else { Err(errors) }, "{targets:?}");
        }
        assert_eq!(Mapping(vec![col(C::Company)]).target(3), &Target::Ignore);
    }

    #[test]
    fn signatures_ignore_spelling_but_not_order() {
        let a = signature(&header(&["Company Name", "Phone", ""]));
        assert_eq!(a, "companyname\tphone\t");
        assert_eq!(signature(&header(&["company_name", "ＰＨＯＮＥ", " "])), a);
        assert_ne!(signature(&header(&["Phone", "Company Name", ""])), a);
        assert_ne!(signature(&header(&["Company Name", "Phone"])), a);
    }

    #[test]
    fn mappings_round_trip_through_json() {
        let mapping = Mapping(vec![col(C::Company), custom("年产值"), Target::Ignore]);
        let json = serde_json::to_string(&mapping).unwrap();
        assert_eq!(json, r#"[{"column":"company"},{"custom":"年产值"},"ignore"]"#);
        assert_eq!(serde_json::from_str::<Mapping>(&json).unwrap(), mapping);
    }
}
