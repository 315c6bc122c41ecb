//! The two market forms: a machine seen on site (a few taps on a tablet) and a market's size
//! typed for one row; every problem tied to its field.

use super::size::{ProductLine, TonnageClass};
use super::{Market, SiteSighting, SizeSource};
use crate::domain::date::Date;
use crate::domain::fields::{half_width_number, text_problem, FormError, MAX_LONG_TEXT, MAX_TEXT};
use crate::domain::region;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SightingField {
    Brand,
    Model,
    Line,
    Province,
    Place,
    SeenOn,
    Units,
    Note,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SightingError {
    Form(FormError),
    InvalidDate,
    /// Seen after today: a typing slip.
    InFuture,
}

/// Most machines one sighting may count: a bigger site is logged in parts.
pub const MAX_UNITS_SEEN: u32 = 500;

/// The sighting form as typed and tapped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SightingDraft {
    pub brand: String,
    pub model: String,
    pub line: Option<ProductLine>,
    pub tonnage: Option<TonnageClass>,
    pub province: String,
    pub place: String,
    pub seen_on: String,
    pub units: String,
    pub note: String,
}

impl SightingDraft {
    /// A new sighting's form: seen today, one machine, in the province logged last.
    pub fn fresh(today: Date, province: &str) -> SightingDraft {
        SightingDraft {
            province: province.to_owned(),
            seen_on: today.to_string(),
            units: "1".into(),
            ..SightingDraft::default()
        }
    }

    pub fn of(sighting: &SiteSighting) -> SightingDraft {
        SightingDraft {
            brand: sighting.brand.clone(),
            model: sighting.model.clone(),
            line: Some(sighting.line),
            tonnage: sighting.tonnage,
            province: sighting.province.clone(),
            place: sighting.place.clone(),
            seen_on: sighting.seen_on.map(|d| d.to_string()).unwrap_or_default(),
            units: sighting.units.to_string(),
            note: sighting.note.clone(),
        }
    }

    /// Every problem, in form order; empty when the sighting can be saved.
    pub fn validate(&self, today: Date) -> Vec<(SightingField, SightingError)> {
        let mut problems = Vec::new();
        let mut text = |field, text: &str, required: bool, max| {
            if required && text.trim().is_empty() {
                problems.push((field, SightingError::Form(FormError::Required)));
            } else if let Some(error) = text_problem(text, max) {
                problems.push((field, SightingError::Form(error)));
            }
        };
        text(SightingField::Brand, &self.brand, true, MAX_TEXT);
        text(SightingField::Model, &self.model, false, MAX_TEXT);
        if self.line.is_none() {
            problems.push((SightingField::Line, SightingError::Form(FormError::Required)));
        }
        match self.province.as_str() {
            "" => problems.push((SightingField::Province, SightingError::Form(FormError::Required))),
            code if region::province(code).is_none() => {
                problems.push((SightingField::Province, SightingError::Form(FormError::UnknownProvince)))
            }
            _ => {}
        }
        if let Some(error) = text_problem(&self.place, MAX_TEXT) {
            problems.push((SightingField::Place, SightingError::Form(error)));
        }
        match self.seen_on.trim() {
            "" => problems.push((SightingField::SeenOn, SightingError::Form(FormError::Required))),
            text => match Date::parse(text) {
                Err(_) => problems.push((SightingField::SeenOn, SightingError::InvalidDate)),
                Ok(day) if day > today => problems.push((SightingField::SeenOn, SightingError::InFuture)),
                Ok(_) => {}
            },
        }
        if whole(&self.units, 1, MAX_UNITS_SEEN).is_none() {
            let range = FormError::OutOfRange { min: 1, max: MAX_UNITS_SEEN };
            problems.push((SightingField::Units, SightingError::Form(range)));
        }
        if let Some(error) = text_problem(&self.note, MAX_LONG_TEXT) {
            problems.push((SightingField::Note, SightingError::Form(error)));
        }
        problems
    }

    /// `sighting` with this draft's values. Call only when [`SightingDraft::validate`] found nothing.
    pub fn apply(&self, sighting: &SiteSighting) -> SiteSighting {
        SiteSighting {
            brand: self.brand.trim().to_owned(),
            model: self.model.trim().to_owned(),
            line: self.line.unwrap_or_default(),
            tonnage: self.tonnage,
            province: self.province.clone(),
            place: self.place.trim().to_owned(),
            seen_on: Date::parse(self.seen_on.trim()).ok(),
            units: whole(&self.units, 1, MAX_UNITS_SEEN).unwrap_or(1),
            note: self.note.trim().to_owned(),
            ..sighting.clone()
        }
    }
}

/// A whole number in `min..=max`: full-width digits, thousands separators and a trailing 台
/// (units) as people type them.
fn whole(text: &str, min: u32, max: u32) -> Option<u32> {
    half_width_number(text, &['台'])
        .replace([',', '，', ' '], "")
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
}

/// The brands to offer as chips, most logged first (ties: logged first), spelt as first logged;
/// the same brand in another case or with spaces around is one chip.
pub fn brands(log: &[SiteSighting]) -> Vec<String> {
    let mut counted: Vec<(String, String, u32)> = Vec::new();
    for sighting in log {
        let same = sighting.brand.trim().to_lowercase();
        if same.is_empty() {
            continue;
        }
        match counted.iter_mut().find(|(b, _, _)| *b == same) {
            Some((_, _, times)) => *times += 1,
            None => counted.push((same, sighting.brand.trim().to_owned(), 1)),
        }
    }
    // A stable sort keeps first-logged order among equals.
    counted.sort_by_key(|(_, _, times)| std::cmp::Reverse(*times));
    counted.into_iter().map(|(_, brand, _)| brand).collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarketField {
    Province,
    Year,
    Units,
}

/// Years a market size may be typed for.
pub const YEARS: (u32, u32) = (2000, 2100);
/// Most machines one province's market may take in a year.
pub const MAX_MARKET_UNITS: u32 = 1_000_000;

/// A market's size as typed on the market page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MarketDraft {
    pub province: String,
    pub line: ProductLine,
    pub year: String,
    pub tonnage: Option<TonnageClass>,
    pub units: String,
}

impl MarketDraft {
    /// Every problem, in form order; empty when the size can be saved.
    pub fn validate(&self) -> Vec<(MarketField, FormError)> {
        let mut problems = Vec::new();
        match self.province.as_str() {
            "" => problems.push((MarketField::Province, FormError::Required)),
            code if region::province(code).is_none() => {
                problems.push((MarketField::Province, FormError::UnknownProvince))
            }
            _ => {}
        }
        if whole(&self.year, YEARS.0, YEARS.1).is_none() {
            problems.push((MarketField::Year, FormError::OutOfRange { min: YEARS.0, max: YEARS.1 }));
        }
        match self.units.trim() {
            "" => problems.push((MarketField::Units, FormError::Required)),
            text if whole(text, 0, MAX_MARKET_UNITS).is_none() => {
                problems.push((MarketField::Units, FormError::OutOfRange { min: 0, max: MAX_MARKET_UNITS }))
            }
            _ => {}
        }
        problems
    }

    /// The market this draft types. Call only when [`MarketDraft::validate`] found nothing.
    pub fn market(&self, id: crate::domain::model::Id) -> Market {
        Market {
            id,
            province: self.province.clone(),
            line: self.line,
            year: whole(&self.year, YEARS.0, YEARS.1).unwrap_or(YEARS.0) as i32,
            tonnage: self.tonnage,
            units: whole(&self.units, 0, MAX_MARKET_UNITS).unwrap_or(0),
            source: SizeSource::Typed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-12-07").unwrap()
    }

    fn good() -> SightingDraft {
        SightingDraft {
            brand: " 卡特彼勒 ".into(),
            line: Some(ProductLine::Excavator),
            tonnage: Some(TonnageClass::Medium),
            place: "徐州 地铁6号线工地".into(),
            units: "２".into(),
            ..SightingDraft::fresh(today(), "CN-JS")
        }
    }

    #[test]
    fn a_sighting_needs_a_brand_a_line_a_province_a_past_day_and_units() {
        use SightingError::{Form, InFuture, InvalidDate};
        use SightingField::*;
        let required = Form(FormError::Required);
        let units = Form(FormError::OutOfRange { min: 1, max: MAX_UNITS_SEEN });
        let good = good();
        for (draft, expected) in [
            (good.clone(), vec![]),
            (SightingDraft { brand: "  ".into(), ..good.clone() }, vec![(Brand, required)]),
            (SightingDraft { line: None, ..good.clone() }, vec![(Line, required)]),
            (SightingDraft { province: String::new(), ..good.clone() }, vec![(Province, required)]),
            (
                SightingDraft { province: "CN-XX".into(), ..good.clone() },
                vec![(Province, Form(FormError::UnknownProvince))],
            ),
            (SightingDraft { seen_on: "2026-13-01".into(), ..good.clone() }, vec![(SeenOn, InvalidDate)]),
            (SightingDraft { seen_on: "2026-12-08".into(), ..good.clone() }, vec![(SeenOn, InFuture)]),
            (SightingDraft { seen_on: " ".into(), ..good.clone() }, vec![(SeenOn, required)]),
            (SightingDraft { units: "0".into(), ..good.clone() }, vec![(Units, units)]),
            (SightingDraft { units: "501".into(), ..good.clone() }, vec![(Units, units)]),
            (SightingDraft { units: "two".into(), ..good.clone() }, vec![(Units, units)]),
            (SightingDraft { note: "a\u{7}".into(), ..good.clone() }, vec![(Note, Form(FormError::ControlCharacters))]),
        ] {
            assert_eq!(draft.validate(today()), expected, "{draft:?}");
        }
    }

    #[test]
    fn a_sighting_is_stored_trimmed_and_reopens_as_typed() {
        let stored = good().apply(&SiteSighting { id: 7, logged_by: 3, ..SiteSighting::default() });
        assert_eq!(
            (stored.id, stored.logged_by, stored.brand.as_str(), stored.units, stored.seen_on),
            (7, 3, "卡特彼勒", 2, Some(today()))
        );
        assert_eq!(SightingDraft::of(&stored).apply(&stored), stored);
    }

    #[test]
    fn brand_chips_most_logged_first() {
        let seen = |brand: &str| SiteSighting { brand: brand.into(), ..SiteSighting::default() };
        let log = [seen("Komatsu"), seen("三一"), seen(" komatsu"), seen(""), seen("卡特"), seen("卡特")];
        assert_eq!(brands(&log), vec!["Komatsu", "卡特", "三一"]);
    }

    #[test]
    fn a_market_size_needs_a_known_province_a_year_and_whole_units() {
        let good = MarketDraft {
            province: "CN-JS".into(),
            line: ProductLine::Excavator,
            year: "2026".into(),
            tonnage: None,
            units: "1,200".into(),
        };
        let years = FormError::OutOfRange { min: YEARS.0, max: YEARS.1 };
        let units = FormError::OutOfRange { min: 0, max: MAX_MARKET_UNITS };
        for (draft, expected) in [
            (good.clone(), vec![]),
            (
                MarketDraft { province: "XX".into(), ..good.clone() },
                vec![(MarketField::Province, FormError::UnknownProvince)],
            ),
            (MarketDraft { year: "26".into(), ..good.clone() }, vec![(MarketField::Year, years)]),
            (MarketDraft { units: String::new(), ..good.clone() }, vec![(MarketField::Units, FormError::Required)]),
            (MarketDraft { units: "-3".into(), ..good.clone() }, vec![(MarketField::Units, units)]),
            (MarketDraft { units: "2.5".into(), ..good.clone() }, vec![(MarketField::Units, units)]),
        ] {
            assert_eq!(draft.validate(), expected, "{draft:?}");
        }
        let market = good.market(9);
        assert_eq!((market.year, market.units, market.source), (2026, 1200, SizeSource::Typed));
        assert_eq!(market.size(), super::super::size::MarketSize::Typed(1200));
    }
}
