//! Saved customer-list filters: a name, the filter and the order, kept per workspace (they name
//! its people and places) as one list in the settings store.
//!
//! Names compare trimmed and ignoring case and width, so "A-客户" and "ａ-客户" are one filter:
//! saving under an existing name replaces it in place. The list keeps the order filters were
//! first saved in.

use crate::domain::customers::query::{CustomerFilter, CustomerSort};
use crate::domain::import::fold_case_and_width;
use serde::{Deserialize, Serialize};

/// The settings key of the list.
pub const SETTING_KEY: &str = "customers.saved_filters";
pub const MAX_NAME: usize = 60;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedFilter {
    pub name: String,
    pub filter: CustomerFilter,
    pub sort: CustomerSort,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    TooLong { max: usize },
}

/// The name as saved, or why it cannot be.
pub fn check_name(name: &str) -> Result<String, NameProblem> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        Err(NameProblem::Empty)
    } else if name.chars().count() > MAX_NAME {
        Err(NameProblem::TooLong { max: MAX_NAME })
    } else {
        Ok(name)
    }
}

fn same_name(a: &str, b: &str) -> bool {
    fold_case_and_width(a) == fold_case_and_width(b)
}

/// `list` with `saved` added, or replacing the filter of the same name where it was.
pub fn upsert(mut list: Vec<SavedFilter>, saved: SavedFilter) -> Vec<SavedFilter> {
    match list.iter_mut().find(|s| same_name(&s.name, &saved.name)) {
        Some(existing) => *existing = saved,
        None => list.push(saved),
    }
    list
}

/// `list` without the filter named `name`.
pub fn remove(mut list: Vec<SavedFilter>, name: &str) -> Vec<SavedFilter> {
    list.retain(|s| !same_name(&s.name, name));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customers::query::SortKey;
    use crate::domain::model::Lifecycle;

    fn saved(name: &str, lifecycle: Option<Lifecycle>) -> SavedFilter {
        SavedFilter {
            name: name.into(),
            filter: CustomerFilter { lifecycle, ..CustomerFilter::default() },
            ..SavedFilter::default()
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        let long = "长".repeat(MAX_NAME + 1);
        for (name, expected) in [
            ("  新疆 矿山客户 ", Ok("新疆 矿山客户".to_owned())),
            ("a\n\tb", Ok("a b".to_owned())),
            ("   ", Err(NameProblem::Empty)),
            ("", Err(NameProblem::Empty)),
            (long.as_str(), Err(NameProblem::TooLong { max: MAX_NAME })),
            (&"长".repeat(MAX_NAME), Ok("长".repeat(MAX_NAME))),
        ] {
            assert_eq!(check_name(name), expected, "{name:?}");
        }
    }

    #[test]
    fn saving_under_an_existing_name_replaces_it_in_place() {
        let list = vec![saved("A-客户", None), saved("潜在", Some(Lifecycle::Potential))];
        let list = upsert(list, saved("ａ-客户", Some(Lifecycle::Existing)));
        let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["ａ-客户", "潜在"]);
        assert_eq!(list[0].filter.lifecycle, Some(Lifecycle::Existing));
        let list = upsert(list, saved("流失", Some(Lifecycle::Lost)));
        assert_eq!(list.len(), 3);
        let list = remove(list, "A-客户");
        let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["潜在", "流失"]);
        assert_eq!(remove(list.clone(), "nope"), list);
    }

    #[test]
    fn a_saved_list_reads_back_and_tolerates_missing_fields() {
        let list = vec![SavedFilter {
            name: "重点".into(),
            filter: CustomerFilter {
                text: "长沙".into(), province: Some("CN-HN".into()), ..CustomerFilter::default()
            },
            sort: CustomerSort { key: SortKey::CreditIndex, descending: true },
        }];
        let text = serde_json::to_string(&list).unwrap();
        assert_eq!(serde_json::from_str::<Vec<SavedFilter>>(&text).unwrap(), list);
        let old: Vec<SavedFilter> = serde_json::from_str(r#"[{"name":"x"}]"#).unwrap();
        assert_eq!(old, [SavedFilter { name: "x".into(), ..SavedFilter::default() }]);
    }
}
