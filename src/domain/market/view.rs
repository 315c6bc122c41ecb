//! The market page's figures: for one product line, year and (optionally) tonnage class, every
//! province's size, our units, the competitors' units, our share against the target, the rule
//! of three and four's verdict and the map colour.

use super::ours::{our_units, Delivery};
use super::rule::{rule_of_three_and_four, RuleOfThreeAndFour};
use super::settings::MarketSettings;
use super::share::{competitor_units, market_share, Competitor, MarketShare, Sighting};
use super::size::{MarketKey, MarketSize, ProductLine, TonnageClass};
use super::{Market, SiteSighting, SizeSource};
use crate::domain::region::PROVINCES;

/// Which markets the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Filter {
    pub line: ProductLine,
    pub year: i32,
    /// `None`: the whole line.
    pub tonnage: Option<TonnageClass>,
}

/// How a province's share stands against the target: the map's colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    /// No market size known: no share to judge.
    NoSize,
    /// Below half the target.
    FarBelow,
    /// Half the target or more, below it.
    Below,
    /// At or above the target.
    OnTarget,
}

impl Band {
    pub const ALL: [Band; 4] = [Band::OnTarget, Band::Below, Band::FarBelow, Band::NoSize];

    /// Its stable name (CSS class and test id).
    pub fn as_str(self) -> &'static str {
        match self {
            Band::NoSize => "no-size",
            Band::FarBelow => "far-below",
            Band::Below => "below",
            Band::OnTarget => "on-target",
        }
    }
}

/// Every province's tile on the map's grid, (column, row): a tile-grid map of China, each
/// province one square placed near where it lies.
pub const TILES: &[(&str, u8, u8)] = &[
    ("CN-HL", 7, 0),
    ("CN-XJ", 0, 1),
    ("CN-NM", 4, 1),
    ("CN-BJ", 5, 1),
    ("CN-JL", 7, 1),
    ("CN-GS", 2, 2),
    ("CN-NX", 3, 2),
    ("CN-SX", 4, 2),
    ("CN-HE", 5, 2),
    ("CN-TJ", 6, 2),
    ("CN-LN", 7, 2),
    ("CN-XZ", 0, 3),
    ("CN-QH", 1, 3),
    ("CN-SN", 3, 3),
    ("CN-HA", 4, 3),
    ("CN-SD", 5, 3),
    ("CN-SC", 2, 4),
    ("CN-CQ", 3, 4),
    ("CN-HB", 4, 4),
    ("CN-AH", 5, 4),
    ("CN-JS", 6, 4),
    ("CN-SH", 7, 4),
    ("CN-YN", 2, 5),
    ("CN-GZ", 3, 5),
    ("CN-HN", 4, 5),
    ("CN-JX", 5, 5),
    ("CN-ZJ", 6, 5),
    ("CN-GX", 3, 6),
    ("CN-GD", 4, 6),
    ("CN-FJ", 5, 6),
    ("CN-HI", 4, 7),
];

/// One province's market.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceMarket {
    /// ISO 3166-2:CN code.
    pub province: &'static str,
    /// The size stored for the market (`None`: none typed, imported or estimated).
    pub size: Option<MarketSize>,
    /// Where the size came from; `None` when it adds up the classes' sizes or there is none.
    pub source: Option<SizeSource>,
    pub share: MarketShare,
    /// Brands in order of first sighting.
    pub competitors: Vec<Competitor>,
    pub rule: RuleOfThreeAndFour,
    pub band: Band,
}

impl ProvinceMarket {
    /// Whether anything is known of this market: a size, our units or a competitor's.
    pub fn has_data(&self) -> bool {
        self.size.is_some() || self.share.ours > 0 || !self.competitors.is_empty()
    }
}

/// Every province in [`PROVINCES`] order. A market's size is its own row; for a whole line
/// without a row of its own, the rows of its classes added up.
pub fn provinces(
    markets: &[Market],
    sightings: &[SiteSighting],
    deliveries: &[Delivery],
    filter: Filter,
    settings: &MarketSettings,
) -> Vec<ProvinceMarket> {
    let counted: Vec<Sighting> = sightings.iter().filter_map(SiteSighting::counted).collect();
    let own_brands: Vec<&str> = settings.own_brands.iter().map(String::as_str).collect();
    PROVINCES
        .iter()
        .map(|province| {
            let key = MarketKey {
                province: province.code.to_owned(),
                line: filter.line,
                year: filter.year,
                tonnage: filter.tonnage,
            };
            let (size, source) = size_of(markets, &key);
            let competitors = competitor_units(&counted, &key, &own_brands);
            let ours = our_units(deliveries, &key);
            let share = market_share(size.unwrap_or(MarketSize::Typed(0)), ours, &competitors, settings);
            let rule = rule_of_three_and_four(&share, &competitors, settings);
            let band = match (size, share.of_target) {
                (Some(_), Some(of_target)) if of_target >= 1.0 => Band::OnTarget,
                (Some(_), Some(of_target)) if of_target >= 0.5 => Band::Below,
                (Some(_), Some(_)) => Band::FarBelow,
                _ => Band::NoSize,
            };
            ProvinceMarket { province: province.code, size, source, share, competitors, rule, band }
        })
        .collect()
}

/// The size stored for `key` with its source, or for a whole line without a row of its own its
/// classes' sizes added up (no source).
pub(super) fn size_of(markets: &[Market], key: &MarketKey) -> (Option<MarketSize>, Option<SizeSource>) {
    if let Some(market) = markets.iter().find(|m| m.market_key() == *key) {
        return (Some(market.size()), Some(market.source));
    }
    if key.tonnage.is_some() {
        return (None, None);
    }
    let classes: Vec<&Market> = markets
        .iter()
        .filter(|m| m.province == key.province && m.line == key.line && m.year == key.year && m.tonnage.is_some())
        .collect();
    let total: f64 = classes.iter().map(|m| m.size().units()).sum();
    let estimated = classes.iter().any(|m| m.source == SizeSource::Estimated);
    match classes.is_empty() {
        true => (None, None),
        false if estimated => (Some(MarketSize::Estimated(total)), None),
        false => (Some(MarketSize::Typed(total.round() as u32)), None),
    }
}

/// The years the page offers: those of any market, sighting or delivery, and `this_year`,
/// newest first.
pub fn years(markets: &[Market], sightings: &[SiteSighting], deliveries: &[Delivery], this_year: i32) -> Vec<i32> {
    let mut years: Vec<i32> = markets
        .iter()
        .map(|m| m.year)
        .chain(sightings.iter().filter_map(|s| s.seen_on.map(|d| d.year())))
        .chain(deliveries.iter().map(|d| d.delivered.year()))
        .chain([this_year])
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::market::rule::Standing;

    fn market(province: &str, tonnage: Option<TonnageClass>, units: u32, source: SizeSource) -> Market {
        Market { id: 1, province: province.into(), line: ProductLine::Excavator, year: 2026, tonnage, units, source }
    }

    fn seen(brand: &str, province: &str, units: u32) -> SiteSighting {
        SiteSighting {
            brand: brand.into(),
            line: ProductLine::Excavator,
            tonnage: Some(TonnageClass::Medium),
            province: province.into(),
            seen_on: Some(Date::parse("2026-06-01").unwrap()),
            units,
            ..SiteSighting::default()
        }
    }

    fn delivered(province: &str, n: usize) -> Vec<Delivery> {
        (0..n)
            .map(|_| Delivery {
                model: "SY215C".into(),
                province: province.into(),
                delivered: Date::parse("2026-03-01").unwrap(),
            })
            .collect()
    }

    #[test]
    fn every_province_with_its_share_band_and_verdict() {
        let markets = [
            market("CN-JS", None, 200, SizeSource::Typed),
            market("CN-ZJ", Some(TonnageClass::Medium), 30, SizeSource::Typed),
            market("CN-ZJ", Some(TonnageClass::Small), 11, SizeSource::Estimated),
            market("CN-AH", None, 100, SizeSource::Imported),
        ];
        let sightings = [seen("卡特", "CN-JS", 80), seen("小松", "CN-JS", 20), seen("卡特", "CN-AH", 5)];
        let mut deliveries = delivered("CN-JS", 40);
        deliveries.extend(delivered("CN-ZJ", 12));
        deliveries.extend(delivered("CN-HN", 3));
        let filter = Filter { line: ProductLine::Excavator, year: 2026, tonnage: None };
        let all = provinces(&markets, &sightings, &deliveries, filter, &MarketSettings::default());
        assert_eq!(all.len(), PROVINCES.len());
        let at = |code: &str| all.iter().find(|p| p.province == code).unwrap();
        // Jiangsu: 40 of 200 = 20 %, 0.8 of the target; 卡特 80 leads, us 0.5 of it.
        let js = at("CN-JS");
        assert_eq!((js.share.share, js.band, js.source), (Some(0.2), Band::Below, Some(SizeSource::Typed)));
        assert_eq!(js.rule.us, Standing::Challenger { rank: 2, of_leader: 0.5 });
        // Zhejiang: no line row; its classes add up to 41 (one estimated): 12 ours ≈ 29 %.
        let zj = at("CN-ZJ");
        assert_eq!((zj.size, zj.source, zj.band), (Some(MarketSize::Estimated(41.0)), None, Band::OnTarget));
        // Anhui: nothing of ours in 100: far below; Hunan: ours but no size.
        assert_eq!((at("CN-AH").band, at("CN-AH").rule.us), (Band::FarBelow, Standing::Absent));
        assert_eq!((at("CN-HN").band, at("CN-HN").has_data()), (Band::NoSize, true));
        assert!(!at("CN-XZ").has_data());
        // The medium class alone: Zhejiang's own row, 12 of 30 = 40 %.
        let medium = Filter { tonnage: Some(TonnageClass::Medium), ..filter };
        let all = provinces(&markets, &sightings, &deliveries, medium, &MarketSettings::default());
        let zj = all.iter().find(|p| p.province == "CN-ZJ").unwrap();
        assert_eq!((zj.size, zj.share.share), (Some(MarketSize::Typed(30)), Some(0.4)));
        // Jiangsu has no medium row: no size.
        assert_eq!(all.iter().find(|p| p.province == "CN-JS").unwrap().size, None);
        // 卡特 as our own brand: its machines are no competitor's, and we lead Jiangsu alone.
        let ours = MarketSettings { own_brands: vec![" 卡特".into()], ..MarketSettings::default() };
        let all = provinces(&markets, &sightings, &deliveries, filter, &ours);
        let js = all.iter().find(|p| p.province == "CN-JS").unwrap();
        assert_eq!(js.competitors, vec![Competitor { brand: "小松".into(), units: 20 }]);
        assert_eq!(js.rule.us, Standing::Leader { over_next: Some(2.0) });
    }

    #[test]
    fn every_province_has_one_tile_of_its_own() {
        let mut codes: Vec<&str> = TILES.iter().map(|(code, _, _)| *code).collect();
        codes.sort_unstable();
        let mut provinces: Vec<&str> = PROVINCES.iter().map(|p| p.code).collect();
        provinces.sort_unstable();
        assert_eq!(codes, provinces);
        let mut cells: Vec<(u8, u8)> = TILES.iter().map(|(_, column, row)| (*column, *row)).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), TILES.len());
    }

    #[test]
    fn years_offered_newest_first() {
        let markets = [Market { year: 2024, ..Market::default() }];
        let sightings = [seen("卡特", "CN-JS", 1), SiteSighting::default()];
        assert_eq!(years(&markets, &sightings, &delivered("CN-JS", 2), 2026), vec![2026, 2024]);
    }
}
