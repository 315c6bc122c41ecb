//! Search, sort and filter for the supplier and trade-partner lists. The lists are short (tens
//! to hundreds), so each query normalises as it goes; the search semantics are the customer
//! list's: every whitespace-separated term must be a substring of the normalised haystack.

use crate::domain::customers::query::normalise;
use crate::domain::model::{PartnerKind, Supplier, TradePartner};
use std::cmp::Ordering;

/// The supplier list's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SupplierSort {
    /// By the caller's collation of names.
    #[default]
    Name,
    /// Best average rating first; unrated suppliers last; ties by name.
    Rating,
}

impl SupplierSort {
    pub const ALL: &'static [SupplierSort] = &[SupplierSort::Name, SupplierSort::Rating];

    pub fn as_str(self) -> &'static str {
        match self {
            SupplierSort::Name => "name",
            SupplierSort::Rating => "rating",
        }
    }

    pub fn parse(text: &str) -> Option<SupplierSort> {
        SupplierSort::ALL.iter().copied().find(|s| s.as_str() == text)
    }
}

fn matches(haystack: &str, terms: &[&str]) -> bool {
    terms.iter().all(|term| haystack.contains(term))
}

/// Positions of the suppliers whose name, contact person or products hold every term of
/// `search`, in `sort` order. `name_rank[i]` is supplier `i`'s name's collation rank.
pub fn suppliers(suppliers: &[Supplier], name_rank: &[u32], search: &str, sort: SupplierSort) -> Vec<usize> {
    let query = normalise(search);
    let terms: Vec<&str> = query.split(' ').filter(|t| !t.is_empty()).collect();
    let mut found: Vec<usize> = (0..suppliers.len())
        .filter(|&i| {
            let s = &suppliers[i];
            let haystack = normalise(&format!("{}\n{}\n{}", s.name, s.contact, s.products.join("\n")));
            matches(&haystack, &terms)
        })
        .collect();
    let rank = |i: usize| name_rank.get(i).copied().unwrap_or(u32::MAX);
    let by_name = |a: usize, b: usize| rank(a).cmp(&rank(b)).then(a.cmp(&b));
    match sort {
        SupplierSort::Name => found.sort_by(|&a, &b| by_name(a, b)),
        SupplierSort::Rating => found.sort_by(|&a, &b| {
            let (x, y) = (suppliers[a].average_rating_tenths(), suppliers[b].average_rating_tenths());
            let by_rating = match (x, y) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            by_rating.then(by_name(a, b))
        }),
    }
    found
}

/// Positions of the trade partners of `kind` (every kind when `None`), by name rank.
pub fn trade_partners(partners: &[TradePartner], name_rank: &[u32], kind: Option<PartnerKind>) -> Vec<usize> {
    let mut found: Vec<usize> = (0..partners.len()).filter(|&i| kind.is_none_or(|k| partners[i].kind == k)).collect();
    found.sort_by_key(|&i| (name_rank.get(i).copied().unwrap_or(u32::MAX), i));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supplier(name: &str, contact: &str, products: &[&str], ratings: [u8; 4]) -> Supplier {
        let [price_level, delivery_speed, service_level, quality] = ratings;
        Supplier {
            name: name.into(),
            contact: contact.into(),
            products: products.iter().map(|p| p.to_string()).collect(),
            price_level,
            delivery_speed,
            service_level,
            quality,
            ..Supplier::default()
        }
    }

    /// Listed by position; `RANK` orders the names Hengli (1), 徐工 (2), 玉柴 (0), Zoomlion (3).
    fn list() -> Vec<Supplier> {
        vec![
            supplier("玉柴机器", "王工", &["发动机"], [3, 3, 0, 0]),
            supplier("Hengli Hydraulic", "Li Wei", &["Hydraulic pumps", "油缸"], [4, 5, 4, 5]),
            supplier("徐工配件", "张敏", &["液压泵", "滤芯"], [0, 0, 0, 0]),
            supplier("Zoomlion Parts", "赵刚", &["Filters"], [5, 4, 5, 4]),
        ]
    }

    const RANK: [u32; 4] = [2, 0, 1, 3];

    #[test]
    fn searches_name_contact_and_products_with_every_term() {
        for (search, expected) in [
            ("", vec![1, 2, 0, 3]),
            ("   ", vec![1, 2, 0, 3]),
            ("徐工", vec![2]),
            ("HENGLI", vec![1]),
            ("ｈｅｎｇｌｉ", vec![1]),
            ("王工", vec![0]),
            ("li wei", vec![1]),
            ("滤芯", vec![2]),
            ("filters", vec![3]),
            ("油缸 hengli", vec![1]),
            ("油缸 徐工", vec![]),
            ("pumps", vec![1]),
            ("挖掘机", vec![]),
        ] {
            assert_eq!(suppliers(&list(), &RANK, search, SupplierSort::Name), expected, "{search:?}");
        }
    }

    #[test]
    fn sorts_by_average_rating_with_unrated_last() {
        // Averages: 玉柴 3.0, Hengli 4.5, 徐工 none, Zoomlion 4.5 (tie: by name).
        assert_eq!(suppliers(&list(), &RANK, "", SupplierSort::Rating), vec![1, 3, 0, 2]);
        assert_eq!(suppliers(&list(), &RANK, "l", SupplierSort::Rating), vec![1, 3]);
    }

    #[test]
    fn filters_trade_partners_by_kind() {
        let partner = |name: &str, kind| TradePartner { name: name.into(), kind, ..TradePartner::default() };
        let partners = vec![
            partner("顺丰速运", PartnerKind::Courier),
            partner("建设银行", PartnerKind::Bank),
            partner("人保财险", PartnerKind::Insurer),
            partner("招商银行", PartnerKind::Bank),
        ];
        let rank = [3, 0, 1, 2];
        assert_eq!(trade_partners(&partners, &rank, None), vec![1, 2, 3, 0]);
        assert_eq!(trade_partners(&partners, &rank, Some(PartnerKind::Bank)), vec![1, 3]);
        assert_eq!(trade_partners(&partners, &rank, Some(PartnerKind::Logistics)), Vec::<usize>::new());
    }

    #[test]
    fn sort_names_round_trip() {
        for sort in SupplierSort::ALL {
            assert_eq!(SupplierSort::parse(sort.as_str()), Some(*sort));
        }
        assert_eq!(SupplierSort::parse("price"), None);
    }
}
