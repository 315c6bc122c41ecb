//! A year's market sizes estimated from a national total (CCMA's yearly excavator sales, say)
//! split by a share key the user chooses: last year's sizes of the same line and class, the
//! machines seen on site, or weights typed per province (GDP, fixed-asset investment…).
//!
//! A typed or imported size is knowledge: an estimate never replaces one, and the plan shows it
//! beside the estimate instead. An earlier estimate of the same market is replaced. A province
//! the key gives no weight gets no estimate (unknown is not zero). The whole machines add up to
//! the national total (largest remainders).

use super::share::Sighting;
use super::size::{estimate_sizes, MarketKey};
use super::view::{size_of, Filter};
use super::{Market, SiteSighting, SizeSource};
use crate::domain::fields::{half_width_number, typed_setting_number, FormError};
use crate::domain::import::values::find_province;
use crate::domain::region::PROVINCES;

/// Most machines a national total may count in a year.
pub const MAX_NATIONAL_UNITS: u32 = 10_000_000;

/// Where a province's weight comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ShareKey {
    /// Each province's size the year before, of the same line and class.
    #[default]
    LastYear,
    /// The machines of the line (and class) seen on site in each province, in any year.
    Sightings,
    /// Weights typed one province a line.
    Typed,
}

impl ShareKey {
    pub const ALL: [ShareKey; 3] = [ShareKey::LastYear, ShareKey::Sightings, ShareKey::Typed];

    pub fn as_str(self) -> &'static str {
        match self {
            ShareKey::LastYear => "last-year",
            ShareKey::Sightings => "sightings",
            ShareKey::Typed => "typed",
        }
    }
}

/// What is wrong with one typed line of weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightProblem {
    UnknownProvince,
    /// No number of zero or more after the province.
    NotAWeight,
    /// The province already has a weight on `first_line`.
    Duplicate {
        first_line: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EstimateProblem {
    /// The national total.
    National(FormError),
    /// A typed line of weights (1-based).
    Weight { line: usize, problem: WeightProblem },
    /// The key gives no province any weight: nothing to split by.
    EmptyKey,
}

/// The estimate form as typed and tapped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EstimateDraft {
    pub national: String,
    pub key: ShareKey,
    /// Province and weight, one a line ("江苏 12.8", "CN-GD, 13.6").
    pub weights: String,
}

/// Each province (ISO code) with its weight.
pub type Weights = Vec<(String, f64)>;

/// A checked estimate: the national total and each province's weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub national: u32,
    pub weights: Weights,
}

/// Weights typed one province a line: the province (code or name, either language), then its
/// weight (thousands separators and a trailing `%` allowed). Empty lines are skipped.
pub fn typed_weights(text: &str) -> Result<Weights, Vec<(usize, WeightProblem)>> {
    let (mut weights, mut problems) = (Vec::<(String, f64, usize)>::new(), Vec::new());
    for (i, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() {
            continue;
        }
        let separator = |c: char| c.is_whitespace() || ",，:：".contains(c);
        // Province names hold no digits: the weight starts at the first one; without one, the
        // weight is the last word after a province.
        let (head, rest) = match line.find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
            Some(at) => line.split_at(at),
            None => match line.rsplit_once(separator) {
                Some((name, rest)) if find_province(name).is_some() => (name, rest),
                _ => (line, ""),
            },
        };
        let head = head.trim_end();
        let negative = head.ends_with(['-', '−']);
        let name = head.trim_end_matches(['-', '−']).trim_end_matches(separator);
        let weight = typed_setting_number(&half_width_number(rest, &[]).replace([',', '，'], "")).filter(|_| !negative);
        match (find_province(name), weight) {
            (None, _) => problems.push((i, WeightProblem::UnknownProvince)),
            (_, None) => problems.push((i, WeightProblem::NotAWeight)),
            (Some(province), Some(weight)) => match weights.iter().find(|(code, _, _)| code == province.code) {
                Some(&(_, _, first_line)) => problems.push((i, WeightProblem::Duplicate { first_line })),
                None => weights.push((province.code.to_owned(), weight, i)),
            },
        }
    }
    match problems.is_empty() {
        true => Ok(weights.into_iter().map(|(code, weight, _)| (code, weight)).collect()),
        false => Err(problems),
    }
}

/// The weights of a key computed from what is stored, every province in [`PROVINCES`] order.
fn stored_weights(key: ShareKey, filter: Filter, markets: &[Market], sightings: &[SiteSighting]) -> Weights {
    let counted: Vec<Sighting> = sightings.iter().filter_map(SiteSighting::counted).collect();
    PROVINCES
        .iter()
        .map(|p| {
            let weight = match key {
                ShareKey::LastYear => {
                    let key = MarketKey {
                        province: p.code.to_owned(),
                        line: filter.line,
                        year: filter.year - 1,
                        tonnage: filter.tonnage,
                    };
                    size_of(markets, &key).0.map_or(0.0, |size| size.units())
                }
                ShareKey::Sightings => counted
                    .iter()
                    .filter(|s| {
                        s.province == p.code
                            && s.line == filter.line
                            && filter.tonnage.is_none_or(|class| s.tonnage == Some(class))
                    })
                    .map(|s| f64::from(s.units))
                    .sum(),
                ShareKey::Typed => 0.0,
            };
            (p.code.to_owned(), weight)
        })
        .collect()
}

impl EstimateDraft {
    /// The estimate for `filter`'s market in every province, or every problem.
    pub fn validate(
        &self,
        filter: Filter,
        markets: &[Market],
        sightings: &[SiteSighting],
    ) -> Result<Estimate, Vec<EstimateProblem>> {
        let mut problems = Vec::new();
        let national = half_width_number(&self.national, &['台']).replace([',', '，', ' '], "");
        let national = match national.parse::<u32>() {
            _ if national.is_empty() => {
                problems.push(EstimateProblem::National(FormError::Required));
                0
            }
            Ok(units) if (1..=MAX_NATIONAL_UNITS).contains(&units) => units,
            _ => {
                problems.push(EstimateProblem::National(FormError::OutOfRange { min: 1, max: MAX_NATIONAL_UNITS }));
                0
            }
        };
        let weights = match self.key {
            ShareKey::Typed => typed_weights(&self.weights).unwrap_or_else(|lines| {
                problems.extend(lines.into_iter().map(|(line, problem)| EstimateProblem::Weight { line, problem }));
                Vec::new()
            }),
            key => stored_weights(key, filter, markets, sightings),
        };
        let no_weight = weights.iter().all(|(_, weight)| *weight <= 0.0);
        if no_weight && !problems.iter().any(|p| matches!(p, EstimateProblem::Weight { .. })) {
            problems.push(EstimateProblem::EmptyKey);
        }
        match problems.is_empty() {
            true => Ok(Estimate { national, weights }),
            false => Err(problems),
        }
    }
}

/// One province in a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedSize {
    /// ISO 3166-2:CN code.
    pub province: String,
    /// The province's weight ÷ the key's total weight.
    pub key_share: f64,
    /// The province's whole machines of the national total.
    pub units: u32,
    /// The typed or imported size kept instead of the estimate.
    pub kept: Option<(SizeSource, u32)>,
}

/// The sizes `estimate` gives `filter`'s market, the provinces with weight in [`PROVINCES`]
/// order, beside the typed or imported sizes they leave alone.
pub fn plan(estimate: &Estimate, filter: Filter, markets: &[Market]) -> Vec<PlannedSize> {
    let Some(split) = estimate_sizes(estimate.national, &estimate.weights) else { return Vec::new() };
    let units = largest_remainders(estimate.national, &split.iter().map(|e| e.size.units()).collect::<Vec<_>>());
    let mut planned: Vec<PlannedSize> = split
        .into_iter()
        .zip(units)
        .filter(|(e, _)| e.key_share > 0.0)
        .map(|(e, units)| {
            let key = MarketKey {
                province: e.province.clone(),
                line: filter.line,
                year: filter.year,
                tonnage: filter.tonnage,
            };
            let kept = markets
                .iter()
                .find(|m| m.market_key() == key && m.source != SizeSource::Estimated)
                .map(|m| (m.source, m.units));
            PlannedSize { province: e.province, key_share: e.key_share, units, kept }
        })
        .collect();
    planned.sort_by_key(|p| PROVINCES.iter().position(|q| q.code == p.province));
    planned
}

/// Whole numbers adding up to `total`, each the floor of its share plus one for the largest
/// fractions (ties: the first).
fn largest_remainders(total: u32, shares: &[f64]) -> Vec<u32> {
    let mut units: Vec<u32> = shares.iter().map(|s| s.floor() as u32).collect();
    let short = total.saturating_sub(units.iter().sum());
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| (shares[b] - shares[b].floor()).total_cmp(&(shares[a] - shares[a].floor())).then(a.cmp(&b)));
    for &i in order.iter().take(short as usize) {
        units[i] += 1;
    }
    units
}

/// The markets a plan writes: an estimate for each province without a typed or imported size.
pub fn estimated_markets(planned: &[PlannedSize], filter: Filter) -> Vec<Market> {
    planned
        .iter()
        .filter(|p| p.kept.is_none())
        .map(|p| Market {
            id: 0,
            province: p.province.clone(),
            line: filter.line,
            year: filter.year,
            tonnage: filter.tonnage,
            units: p.units,
            source: SizeSource::Estimated,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::market::size::{ProductLine, TonnageClass};

    const FILTER: Filter = Filter { line: ProductLine::Excavator, year: 2026, tonnage: None };

    fn market(province: &str, year: i32, tonnage: Option<TonnageClass>, units: u32, source: SizeSource) -> Market {
        Market { id: 1, province: province.into(), line: ProductLine::Excavator, year, tonnage, units, source }
    }

    fn typed(national: &str, weights: &str) -> EstimateDraft {
        EstimateDraft { national: national.into(), key: ShareKey::Typed, weights: weights.into() }
    }

    #[test]
    fn typed_weights_read_a_province_and_a_number_a_line() {
        use WeightProblem::*;
        assert_eq!(
            typed_weights("江苏省 12,800.5\n\nCN-GD，13600\n  sichuan:６０００  \n"),
            Ok(vec![("CN-JS".into(), 12_800.5), ("CN-GD".into(), 13_600.0), ("CN-SC".into(), 6_000.0)])
        );
        assert_eq!(
            typed_weights("火星 3\n江苏\n江苏 1\n广东 -2\n苏 1\n江苏省 4"),
            Err(vec![
                (1, UnknownProvince),
                (2, NotAWeight),
                (4, NotAWeight),
                (5, UnknownProvince),
                (6, Duplicate { first_line: 3 })
            ])
        );
    }

    #[test]
    fn a_national_total_needs_whole_machines_and_a_key_with_weight() {
        use EstimateProblem::*;
        let range = National(FormError::OutOfRange { min: 1, max: MAX_NATIONAL_UNITS });
        for (draft, expected) in [
            (typed("", "江苏 1"), vec![National(FormError::Required)]),
            (typed("0", "江苏 1"), vec![range]),
            (typed("2.5", "江苏 1"), vec![range]),
            (typed("10", "江苏 0"), vec![EmptyKey]),
            (typed("10", ""), vec![EmptyKey]),
            (typed("x", "江苏 x"), vec![range, Weight { line: 1, problem: WeightProblem::NotAWeight }]),
            (EstimateDraft { national: "100".into(), ..EstimateDraft::default() }, vec![EmptyKey]),
        ] {
            assert_eq!(draft.validate(FILTER, &[], &[]), Err(expected), "{draft:?}");
        }
        let ok = typed("２０,０００台", "江苏 1").validate(FILTER, &[], &[]).unwrap();
        assert_eq!(ok, Estimate { national: 20_000, weights: vec![("CN-JS".into(), 1.0)] });
    }

    #[test]
    fn last_years_sizes_and_sightings_are_keys() {
        let markets = [
            market("CN-JS", 2025, None, 300, SizeSource::Typed),
            market("CN-SC", 2025, Some(TonnageClass::Small), 60, SizeSource::Imported),
            market("CN-SC", 2025, Some(TonnageClass::Large), 40, SizeSource::Estimated),
            market("CN-GD", 2024, None, 999, SizeSource::Typed),
        ];
        let draft = EstimateDraft { national: "1000".into(), key: ShareKey::LastYear, weights: String::new() };
        let weights = draft.validate(FILTER, &markets, &[]).unwrap().weights;
        let with_weight: Vec<(&str, f64)> =
            weights.iter().filter(|(_, w)| *w > 0.0).map(|(p, w)| (p.as_str(), *w)).collect();
        // Sichuan's classes add up to its line; Guangdong's size is two years old.
        assert_eq!(with_weight, [("CN-JS", 300.0), ("CN-SC", 100.0)]);

        let seen = |province: &str, tonnage, units| SiteSighting {
            brand: "卡特".into(),
            line: ProductLine::Excavator,
            tonnage,
            province: province.into(),
            seen_on: Date::parse("2024-05-01").ok(),
            units,
            ..SiteSighting::default()
        };
        let sightings = [
            seen("CN-XJ", Some(TonnageClass::Large), 3),
            seen("CN-XJ", None, 1),
            seen("CN-NM", Some(TonnageClass::Small), 2),
        ];
        let draft = EstimateDraft { key: ShareKey::Sightings, ..draft };
        let large = Filter { tonnage: Some(TonnageClass::Large), ..FILTER };
        let weights = draft.validate(large, &markets, &sightings).unwrap().weights;
        assert_eq!(weights.iter().filter(|(_, w)| *w > 0.0).collect::<Vec<_>>(), [&("CN-XJ".to_owned(), 3.0)]);
    }

    #[test]
    fn a_plan_adds_up_to_the_total_and_keeps_typed_sizes() {
        let markets = [
            market("CN-JS", 2026, None, 1_234, SizeSource::Typed),
            market("CN-ZJ", 2026, None, 50, SizeSource::Estimated),
            market("CN-SC", 2026, Some(TonnageClass::Large), 7, SizeSource::Imported),
        ];
        // Thirds of 100: 33.3 each, the first fraction gets the odd machine.
        let estimate = Estimate {
            national: 100,
            weights: vec![("CN-ZJ".into(), 1.0), ("CN-JS".into(), 1.0), ("CN-SC".into(), 1.0), ("CN-XZ".into(), 0.0)],
        };
        let planned = plan(&estimate, FILTER, &markets);
        type Row<'a> = (&'a str, u32, Option<(SizeSource, u32)>);
        let rows: Vec<Row> = planned.iter().map(|p| (p.province.as_str(), p.units, p.kept)).collect();
        // PROVINCES order; Tibet has no weight, no estimate; Sichuan's imported size is of a class.
        assert_eq!(rows, [("CN-JS", 33, Some((SizeSource::Typed, 1_234))), ("CN-ZJ", 34, None), ("CN-SC", 33, None)]);
        assert_eq!(planned.iter().map(|p| p.units).sum::<u32>(), 100);
        let written = estimated_markets(&planned, FILTER);
        assert_eq!(
            written.iter().map(|m| (m.province.as_str(), m.units, m.source)).collect::<Vec<_>>(),
            [("CN-ZJ", 34, SizeSource::Estimated), ("CN-SC", 33, SizeSource::Estimated)]
        );
        assert_eq!(largest_remainders(10, &[2.5, 2.5, 5.0]), [3, 2, 5]);
        assert_eq!(largest_remainders(7, &[]), Vec::<u32>::new());
    }
}
