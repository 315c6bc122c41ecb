//! Our share of a market and where it stands against the target (25 % by default, seed 000).
//!
//! Competitors' units come from a register the salespeople feed by logging the machines they
//! see on job sites (brand, model, tonnage class, province): a census, not a sales report, so
//! the market's size is still the typed or estimated figure. Machines of nobody's logging and
//! small brands stay in the size as "unaccounted", never dropped; when the units known exceed
//! the size (a low estimate), the known units are the size, so shares never add up past 100 %.

use super::settings::MarketSettings;
use super::size::{MarketKey, MarketSize, ProductLine, TonnageClass};
use crate::domain::date::Date;

/// Machines of one brand seen on a job site.
#[derive(Clone, Debug, PartialEq)]
pub struct Sighting {
    pub brand: String,
    pub model: String,
    pub line: ProductLine,
    pub tonnage: Option<TonnageClass>,
    /// ISO 3166-2:CN code.
    pub province: String,
    pub seen_on: Date,
    /// How many such machines were on the site.
    pub units: u32,
}

/// A competing brand and its units in one market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Competitor {
    /// As first written in the log.
    pub brand: String,
    pub units: u32,
}

/// The brands seen in `key`'s province, line and year (and class, where the key names one;
/// a sighting without a class then does not count), with their units, in order of first
/// sighting. Brands are the same whatever their case or surrounding spaces; the dealer's own
/// brands (`own_brands`) are not competitors, its units come from its orders.
pub fn competitor_units(sightings: &[Sighting], key: &MarketKey, own_brands: &[&str]) -> Vec<Competitor> {
    let same = |brand: &str| brand.trim().to_lowercase();
    let own: Vec<String> = own_brands.iter().map(|b| same(b)).collect();
    let mut competitors: Vec<(String, Competitor)> = Vec::new();
    for sighting in sightings.iter().filter(|s| {
        s.province == key.province
            && s.line == key.line
            && s.seen_on.year() == key.year
            && key.tonnage.is_none_or(|class| s.tonnage == Some(class))
    }) {
        let brand = same(&sighting.brand);
        if brand.is_empty() || own.contains(&brand) {
            continue;
        }
        match competitors.iter_mut().find(|(b, _)| *b == brand) {
            Some((_, competitor)) => competitor.units += sighting.units,
            None => competitors
                .push((brand, Competitor { brand: sighting.brand.trim().to_string(), units: sighting.units })),
        }
    }
    competitors.into_iter().map(|(_, competitor)| competitor).collect()
}

/// Our share of one market.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarketShare {
    /// The market's units: its size, or the units known when they are more.
    pub size: f64,
    /// The typed or estimated size was below the units known (ours + competitors').
    pub size_below_known: bool,
    pub ours: u32,
    /// Ours ÷ size; `None` for an empty market.
    pub share: Option<f64>,
    /// Share ÷ target: 1 and above is on target (the map's colour).
    pub of_target: Option<f64>,
    /// Units still to sell to reach the target (0 once reached).
    pub units_to_target: Option<f64>,
    /// Units neither ours nor a logged competitor's.
    pub unaccounted: f64,
}

pub fn market_share(size: MarketSize, ours: u32, competitors: &[Competitor], settings: &MarketSettings) -> MarketShare {
    let known = f64::from(ours) + competitors.iter().map(|c| f64::from(c.units)).sum::<f64>();
    let size_below_known = size.units() < known;
    let size = size.units().max(known);
    let share = (size > 0.0).then(|| f64::from(ours) / size);
    let of_target = share.filter(|_| settings.target_share > 0.0).map(|share| share / settings.target_share);
    let units_to_target = share.map(|_| (settings.target_share * size - f64::from(ours)).max(0.0));
    MarketShare { size, size_below_known, ours, share, of_target, units_to_target, unaccounted: size - known }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(
        brand: &str,
        line: ProductLine,
        tonnage: Option<TonnageClass>,
        province: &str,
        day: &str,
        units: u32,
    ) -> Sighting {
        Sighting {
            brand: brand.into(),
            model: String::new(),
            line,
            tonnage,
            province: province.into(),
            seen_on: Date::parse(day).unwrap(),
            units,
        }
    }

    #[test]
    fn sightings_add_up_per_brand_in_the_market() {
        use ProductLine::{Excavator as X, Loader as L};
        use TonnageClass::{Large, Medium};
        let log = [
            seen("三一", X, Some(Medium), "CN-JS", "2026-03-02", 3),
            seen(" Komatsu", X, Some(Large), "CN-JS", "2026-04-11", 2),
            seen("三一", X, None, "CN-JS", "2026-05-20", 1),
            seen("komatsu ", X, Some(Medium), "CN-JS", "2026-06-01", 1),
            // Another province, line or year, and our own brand, are not this market's.
            seen("三一", X, Some(Medium), "CN-ZJ", "2026-03-02", 9),
            seen("三一", L, Some(Medium), "CN-JS", "2026-03-02", 9),
            seen("三一", X, Some(Medium), "CN-JS", "2025-12-31", 9),
            seen("Tianyuan", X, Some(Medium), "CN-JS", "2026-03-02", 9),
            seen("  ", X, Some(Medium), "CN-JS", "2026-03-02", 9),
        ];
        let key = |tonnage| MarketKey { province: "CN-JS".into(), line: X, year: 2026, tonnage };
        let units = |tonnage| {
            competitor_units(&log, &key(tonnage), &["tianyuan"])
                .into_iter()
                .map(|c| (c.brand, c.units))
                .collect::<Vec<_>>()
        };
        // The whole line: 三一 3 + 1, Komatsu 2 + 1 (spelt as first logged).
        assert_eq!(units(None), vec![("三一".to_string(), 4), ("Komatsu".to_string(), 3)]);
        // Medium only: the unclassed 三一 sighting and the large Komatsu drop out.
        assert_eq!(units(Some(Medium)), vec![("三一".to_string(), 3), ("komatsu".to_string(), 1)]);
        assert_eq!(units(Some(TonnageClass::Small)), vec![]);
    }

    #[test]
    fn share_against_the_target() {
        let settings = MarketSettings::default();
        let rivals =
            |units: &[u32]| units.iter().map(|&units| Competitor { brand: "x".into(), units }).collect::<Vec<_>>();
        for (size, ours, competitors, expected) in [
            // 200 sold, 40 ours: 20 %, 0.8 of the 25 % target, 50 − 40 = 10 to go; 200 − 40 − 100 unaccounted.
            (MarketSize::Typed(200), 40, rivals(&[60, 40]), (200.0, false, Some(0.2), Some(0.8), Some(10.0), 60.0)),
            // 60 of 200: 30 %, 1.2 of target, nothing to go.
            (MarketSize::Typed(200), 60, rivals(&[50]), (200.0, false, Some(0.3), Some(1.2), Some(0.0), 90.0)),
            // An estimate of 80 below the 100 known: the size is 100, shares 25 % and 75 %.
            (MarketSize::Estimated(80.0), 25, rivals(&[75]), (100.0, true, Some(0.25), Some(1.0), Some(0.0), 0.0)),
            // Nothing ours in a market of 50.5 estimated: 0 %, 12.625 to go.
            (MarketSize::Estimated(50.5), 0, rivals(&[]), (50.5, false, Some(0.0), Some(0.0), Some(12.625), 50.5)),
            // An empty market: no share.
            (MarketSize::Typed(0), 0, rivals(&[]), (0.0, false, None, None, None, 0.0)),
        ] {
            let got = market_share(size, ours, &competitors, &settings);
            assert_eq!(
                (got.size, got.size_below_known, got.share, got.of_target, got.units_to_target, got.unaccounted),
                expected,
                "{size:?} {ours}"
            );
        }
        // A 0 % target has no ratio to show.
        let none = MarketSettings { target_share: 0.0, ..settings };
        assert_eq!(market_share(MarketSize::Typed(10), 5, &[], &none).of_target, None);
    }
}
