//! Market view: market size, share against the target and the rule of three and four
//! (docs/domain.md §7).
//!
//! 天远 chose a 25 % share as the target its capacity carries best, and seed 000 expects the
//! dealers' markets to concentrate by the 三四规则; the market view shows, per province ×
//! product line × year (and tonnage class), where the dealer stands on both.
//!
//! - [`size`]: markets, their size typed or estimated from a national total and a share key.
//! - [`estimate`]: the share key chosen, the plan of estimates beside the sizes it keeps.
//! - [`share`]: competitors' units from the machines seen on site, our share against the target.
//! - [`rule`]: the ranking and the rule of three and four's typed verdict.
//! - [`settings`]: the target and the rule's ratios.

pub mod estimate;
pub mod form;
pub mod ours;
pub mod rule;
pub mod settings;
pub mod share;
pub mod size;
pub mod view;

use crate::domain::date::Date;
use crate::domain::model::{labelled_enum, Id};
use serde::{Deserialize, Serialize};
use share::Sighting;
use size::{MarketKey, MarketSize, ProductLine, TonnageClass};

/// Machines a salesperson saw on a job site (schema v7 `sightings`): the competitor register is
/// this log, summed per brand ([`share::competitor_units`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteSighting {
    pub id: Id,
    pub brand: String,
    pub model: String,
    pub line: ProductLine,
    pub tonnage: Option<TonnageClass>,
    /// ISO 3166-2:CN code.
    pub province: String,
    /// The site, as the salesperson describes it (a town, a project).
    pub place: String,
    pub seen_on: Option<Date>,
    /// How many such machines were on the site.
    pub units: u32,
    /// The person who logged it.
    pub logged_by: Id,
    pub note: String,
}

impl SiteSighting {
    /// The sighting as the share rules count it; `None` while undated (never counted).
    pub fn counted(&self) -> Option<Sighting> {
        Some(Sighting {
            brand: self.brand.clone(),
            model: self.model.clone(),
            line: self.line,
            tonnage: self.tonnage,
            province: self.province.clone(),
            seen_on: self.seen_on?,
            units: self.units,
        })
    }
}

labelled_enum!(
    /// Where a market's size came from.
    SizeSource { Typed = "typed", Imported = "imported", Estimated = "estimated" }
);

/// One market's size (schema v7 `markets`): province × product line × year (× tonnage class).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Market {
    pub id: Id,
    /// ISO 3166-2:CN code.
    pub province: String,
    pub line: ProductLine,
    pub year: i32,
    /// `None`: the whole line.
    pub tonnage: Option<TonnageClass>,
    /// Machines sold. An estimate is stored rounded to whole machines: a share key's fractions
    /// are no knowledge, and whole numbers read the same in every JSON writer.
    pub units: u32,
    pub source: SizeSource,
}

impl Market {
    pub fn market_key(&self) -> MarketKey {
        MarketKey { province: self.province.clone(), line: self.line, year: self.year, tonnage: self.tonnage }
    }

    pub fn size(&self) -> MarketSize {
        match self.source {
            SizeSource::Estimated => MarketSize::Estimated(f64::from(self.units)),
            SizeSource::Typed | SizeSource::Imported => MarketSize::Typed(self.units),
        }
    }
}
