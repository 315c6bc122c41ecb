//! What a market is (province × product line × year, and tonnage class where given) and how
//! many machines it took: typed by the user (or imported), or estimated from a national total —
//! e.g. CCMA's monthly excavator sales — split by a share key the user chooses (a province's
//! share of GDP, of past deliveries…). The key is input data; its weights are normalised here.

use crate::domain::model::labelled_enum;

labelled_enum!(
    /// Machine families as the industry association (CCMA) reports sales.
    ProductLine {
        Excavator = "excavator",
        Loader = "loader",
        Bulldozer = "bulldozer",
        Grader = "grader",
        Roller = "roller",
        Crane = "crane",
        Forklift = "forklift",
        Other = "other",
    }
);

labelled_enum!(
    /// Size classes within a line (for excavators CCMA's under 20 t, 20–30 t, over 30 t).
    TonnageClass { Small = "small", Medium = "medium", Large = "large" }
);

/// One market. `tonnage: None` is the whole line, every class together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MarketKey {
    /// ISO 3166-2:CN code, as [`crate::domain::region::PROVINCES`] names provinces.
    pub province: String,
    pub line: ProductLine,
    pub year: i32,
    pub tonnage: Option<TonnageClass>,
}

/// Machines sold in a market in its year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MarketSize {
    /// Typed or imported by the user.
    Typed(u32),
    /// A share of a national total: fractional, as the key splits it.
    Estimated(f64),
}

impl MarketSize {
    pub fn units(self) -> f64 {
        match self {
            MarketSize::Typed(units) => f64::from(units),
            MarketSize::Estimated(units) => units,
        }
    }
}

/// One province's share of a national total.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub province: String,
    /// The province's weight ÷ the key's total weight.
    pub key_share: f64,
    pub size: MarketSize,
}

/// The national total split by `key` (province code, weight), one estimate per province in the
/// key's order. A province listed twice has its weights added; a weight that is negative or not
/// a number counts as zero. `None` when the weights add up to nothing: no split to make.
pub fn estimate_sizes(national_units: u32, key: &[(String, f64)]) -> Option<Vec<Estimate>> {
    let mut weights: Vec<(&str, f64)> = Vec::new();
    for (province, weight) in key {
        let weight = if weight.is_finite() { weight.max(0.0) } else { 0.0 };
        match weights.iter_mut().find(|(p, _)| p == province) {
            Some((_, total)) => *total += weight,
            None => weights.push((province, weight)),
        }
    }
    let total: f64 = weights.iter().map(|(_, w)| w).sum();
    (total > 0.0).then(|| {
        weights
            .into_iter()
            .map(|(province, weight)| Estimate {
                province: province.to_string(),
                key_share: weight / total,
                size: MarketSize::Estimated(f64::from(national_units) * weight / total),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(rows: &[(&str, f64)]) -> Vec<(String, f64)> {
        rows.iter().map(|(p, w)| (p.to_string(), *w)).collect()
    }

    #[test]
    fn national_totals_split_by_the_key() {
        for (national, rows, expected) in [
            // GDP-like weights 12.5 : 7.5 : 5 of 25 → 50 %, 30 %, 20 % of 20,000 machines.
            (
                20_000,
                key(&[("CN-JS", 12.5), ("CN-SC", 7.5), ("CN-NM", 5.0)]),
                Some(vec![("CN-JS", 0.5, 10_000.0), ("CN-SC", 0.3, 6_000.0), ("CN-NM", 0.2, 4_000.0)]),
            ),
            // Past deliveries 30 and 10 (Jiangsu twice: 20 + 10): 75 % and 25 % of 1,000.
            (
                1_000,
                key(&[("CN-JS", 20.0), ("CN-SX", 10.0), ("CN-JS", 10.0)]),
                Some(vec![("CN-JS", 0.75, 750.0), ("CN-SX", 0.25, 250.0)]),
            ),
            // A negative or NaN weight counts as nothing: 3 of 3 is everything; ⅓ of 10 is fractional.
            (
                10,
                key(&[("CN-HB", 3.0), ("CN-HN", -2.0), ("CN-YN", f64::NAN)]),
                Some(vec![("CN-HB", 1.0, 10.0), ("CN-HN", 0.0, 0.0), ("CN-YN", 0.0, 0.0)]),
            ),
            (500, key(&[("CN-HB", 0.0)]), None),
            (500, key(&[]), None),
        ] {
            let got = estimate_sizes(national, &rows).map(|estimates| {
                estimates.into_iter().map(|e| (e.province, e.key_share, e.size.units())).collect::<Vec<_>>()
            });
            let expected =
                expected.map(|rows| rows.into_iter().map(|(p, share, units)| (p.to_string(), share, units)).collect());
            assert_eq!(got, expected, "{rows:?}");
        }
        let thirds = estimate_sizes(10, &key(&[("CN-HB", 1.0), ("CN-HN", 2.0)])).unwrap();
        assert!((thirds[0].size.units() - 10.0 / 3.0).abs() < 1e-12);
        assert_eq!(MarketSize::Typed(42).units(), 42.0);
    }
}
