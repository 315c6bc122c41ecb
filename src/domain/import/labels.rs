//! How a spreadsheet may write the values of the customer enums: the stable name, the English
//! or the Chinese label the UI shows (the same words as `locales/*.json`, checked by a test),
//! or a common short form. Matching ignores case, width, spaces and punctuation.

use crate::domain::customers::columns::CustomerColumn;

/// One enum's values in the order of its `ALL`.
#[derive(Debug, PartialEq, Eq)]
pub struct ValueLabels {
    /// The stable names (`as_str`).
    pub names: &'static [&'static str],
    pub en: &'static [&'static str],
    pub zh: &'static [&'static str],
    /// Other ways people write a value: (index into `names`, text).
    pub aliases: &'static [(usize, &'static str)],
    /// The value that stands for "none of these", stored for a word kept as written.
    pub other: Option<usize>,
}

impl ValueLabels {
    /// Every accepted text with the index of the value it names.
    pub fn texts(&self) -> impl Iterator<Item = (usize, &'static str)> + '_ {
        let listed = |list: &'static [&'static str]| list.iter().copied().enumerate();
        listed(self.names).chain(listed(self.en)).chain(listed(self.zh)).chain(self.aliases.iter().copied())
    }
}

pub const LIFECYCLE: ValueLabels = ValueLabels {
    names: &["potential", "target", "existing", "lost"],
    en: &["Potential", "Target", "Existing", "Lost"],
    zh: &["潜在客户", "目标客户", "现有客户", "流失客户"],
    aliases: &[(0, "潜在"), (0, "prospect"), (1, "目标"), (2, "现有"), (2, "老客户"), (3, "流失"), (3, "已流失")],
    other: None,
};

pub const CUSTOMER_TYPE: ValueLabels = ValueLabels {
    names: &["self_use", "large_contractor", "state_owned", "government"],
    en: &["Owner-operator", "Large contractor", "State-owned enterprise", "Government"],
    zh: &["自买自用", "大型承包商", "国营企业", "政府"],
    aliases: &[(0, "自用"), (1, "承包商"), (2, "国企"), (2, "国有企业"), (2, "SOE"), (3, "政府机关"), (3, "政府部门")],
    other: None,
};

pub const BUYER_ROLE: ValueLabels = ValueLabels {
    names: &["owner", "purchaser"],
    en: &["Equipment owner", "Purchaser for others"],
    zh: &["所有者", "购买者"],
    aliases: &[(0, "设备所有者"), (1, "采购方")],
    other: None,
};

pub const CONCERN: ValueLabels = ValueLabels {
    names: &["price", "performance", "productivity", "reputation"],
    en: &["Price", "Performance", "Productivity", "Reputation"],
    zh: &["价格", "性能", "生产效率", "品牌声誉"],
    aliases: &[(2, "效率"), (3, "品牌"), (3, "声誉"), (3, "口碑")],
    other: None,
};

pub const APPLICATION: ValueLabels = ValueLabels {
    names: &["general_construction", "heavy_construction", "excavation", "mining"],
    en: &["General construction", "Heavy construction", "Excavation", "Mining"],
    zh: &["一般建筑", "重型建筑", "挖掘", "采矿"],
    aliases: &[(2, "土方"), (3, "矿山")],
    other: None,
};

pub const LEAD_SOURCE: ValueLabels = ValueLabels {
    names: &["trade_show", "referral", "b2b_site", "search", "customs_data", "manufacturer_lead", "walk_in", "other"],
    en: &[
        "Trade show",
        "Referral",
        "B2B site",
        "Search engine",
        "Customs data",
        "Manufacturer lead",
        "Walk-in",
        "Other",
    ],
    zh: &["展会", "转介绍", "B2B 平台", "搜索引擎", "海关数据", "厂家线索", "上门客户", "其他"],
    aliases: &[
        (0, "展览会"),
        (1, "介绍"),
        (1, "推荐"),
        (2, "B2B"),
        (3, "搜索"),
        (4, "海关"),
        (5, "厂家"),
        (6, "上门"),
        (7, "其它"),
    ],
    other: Some(7),
};

pub const COMMUNICATION: ValueLabels = ValueLabels {
    names: &["not_contacted", "contacted", "in_discussion", "negotiating", "cooperating", "dormant"],
    en: &["Not contacted", "Contacted", "In discussion", "Negotiating", "Cooperating", "Dormant"],
    zh: &["未联系", "已联系", "洽谈中", "谈判中", "合作中", "休眠"],
    aliases: &[(2, "洽谈"), (3, "谈判"), (4, "合作"), (4, "已合作"), (5, "沉睡")],
    other: None,
};

pub const LOST_KIND: ValueLabels = ValueLabels {
    names: &["dissatisfied", "competitor", "negative_value", "involuntary"],
    en: &["Left dissatisfied", "Lost to a competitor", "Negative value", "Involuntary"],
    zh: &["不满意流失", "竞争流失", "负价值客户", "无意离去"],
    aliases: &[(0, "不满意"), (1, "竞争对手"), (2, "负价值"), (3, "无意流失")],
    other: None,
};

pub const CONTACT_ROLE: ValueLabels = ValueLabels {
    names: &["decision_maker", "influencer", "user", "purchaser", "operator"],
    en: &["Decision maker", "Influencer", "User", "Purchaser", "Operator"],
    zh: &["决策者", "影响者", "使用者", "采购员", "操作手"],
    aliases: &[(3, "采购"), (4, "操作员"), (4, "机手")],
    other: None,
};

/// The labels of an enum column; `None` for columns holding text, numbers or dates.
pub fn for_column(column: CustomerColumn) -> Option<&'static ValueLabels> {
    match column {
        CustomerColumn::Lifecycle => Some(&LIFECYCLE),
        CustomerColumn::CustomerType => Some(&CUSTOMER_TYPE),
        CustomerColumn::BuyerRole => Some(&BUYER_ROLE),
        CustomerColumn::Concern => Some(&CONCERN),
        CustomerColumn::Application => Some(&APPLICATION),
        CustomerColumn::Source => Some(&LEAD_SOURCE),
        CustomerColumn::Communication => Some(&COMMUNICATION),
        CustomerColumn::LostKind => Some(&LOST_KIND),
        CustomerColumn::ContactRole => Some(&CONTACT_ROLE),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fold_key;
    use super::*;
    use crate::domain::model::{
        Application, BuyerRole, CommunicationStatus, Concern, ContactRole, CustomerType, LeadSource, Lifecycle,
        LostKind,
    };
    use std::collections::HashMap;

    /// (labels, stable names of the enum, locale key prefix)
    fn tables() -> Vec<(&'static ValueLabels, Vec<&'static str>, &'static str)> {
        fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|&v| name(v)).collect()
        }
        vec![
            (&LIFECYCLE, names(Lifecycle::ALL, Lifecycle::as_str), "lifecycle_"),
            (&CUSTOMER_TYPE, names(CustomerType::ALL, CustomerType::as_str), "customer_type_"),
            (&BUYER_ROLE, names(BuyerRole::ALL, BuyerRole::as_str), "buyer_role_"),
            (&CONCERN, names(Concern::ALL, Concern::as_str), "concern_"),
            (&APPLICATION, names(Application::ALL, Application::as_str), "application_"),
            (&LEAD_SOURCE, names(LeadSource::ALL, LeadSource::as_str), "source_"),
            (&COMMUNICATION, names(CommunicationStatus::ALL, CommunicationStatus::as_str), "communication_"),
            (&LOST_KIND, names(LostKind::ALL, LostKind::as_str), "lost_kind_"),
            (&CONTACT_ROLE, names(ContactRole::ALL, ContactRole::as_str), "contact_role_"),
        ]
    }

    #[test]
    fn tables_follow_the_enums_and_the_ui_labels() {
        let locale = |json: &str| -> HashMap<String, String> { serde_json::from_str(json).expect("locale JSON") };
        let en = locale(include_str!("../../../locales/en.json"));
        let zh = locale(include_str!("../../../locales/zh-CN.json"));
        for (labels, names, prefix) in tables() {
            assert_eq!(labels.names, names.as_slice());
            for (i, name) in names.iter().enumerate() {
                let key = format!("{prefix}{name}");
                assert_eq!(Some(&labels.en[i].to_owned()), en.get(&key), "{key}");
                assert_eq!(Some(&labels.zh[i].to_owned()), zh.get(&key), "{key}");
            }
        }
    }

    #[test]
    fn no_text_names_two_values() {
        for (labels, names, _) in tables() {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (index, text) in labels.texts() {
                assert!(index < names.len(), "{text}");
                let previous = seen.insert(fold_key(text), index);
                assert!(previous.is_none_or(|p| p == index), "{text} names two values");
            }
        }
    }

    #[test]
    fn enum_columns_have_labels() {
        let with_labels: Vec<_> =
            CustomerColumn::ALL.iter().filter(|&&c| for_column(c).is_some()).map(|c| c.as_str()).collect();
        assert_eq!(
            with_labels,
            [
                "source",
                "communication",
                "lifecycle",
                "lost_kind",
                "customer_type",
                "buyer_role",
                "concern",
                "application",
                "contact_role"
            ]
        );
    }
}
