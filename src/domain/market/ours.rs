//! The dealer's own units in a market: the machines it delivered (the installed base), counted
//! in their customer's province and their delivery's year.
//!
//! A machine record names its model, not its line or class, so both are read off the model:
//! first a word naming the line (挖掘机, loader…), then the model-code prefixes of the makers a
//! Chinese dealer sells (SY215C, XE215DA: excavators; ZL50GN, LW600KN, CLG856H: loaders…). An
//! excavator's class comes from the digits after the prefix, which these makers use for the
//! operating weight in units of 100 kg (SY215C ≈ 21.5 t), against CCMA's under 20 t, 20–30 t and
//! over 30 t. A model read as neither counts in no market: it is shown as unclassified instead.

use super::size::{MarketKey, ProductLine, TonnageClass};
use crate::domain::date::Date;

/// Words naming a line, in Chinese and English, checked before model codes.
const WORDS: &[(&str, ProductLine)] = &[
    ("挖掘机", ProductLine::Excavator),
    ("挖机", ProductLine::Excavator),
    ("excavator", ProductLine::Excavator),
    ("装载机", ProductLine::Loader),
    ("铲车", ProductLine::Loader),
    ("loader", ProductLine::Loader),
    ("推土机", ProductLine::Bulldozer),
    ("dozer", ProductLine::Bulldozer),
    ("平地机", ProductLine::Grader),
    ("grader", ProductLine::Grader),
    ("压路机", ProductLine::Roller),
    ("roller", ProductLine::Roller),
    ("起重机", ProductLine::Crane),
    ("吊车", ProductLine::Crane),
    ("crane", ProductLine::Crane),
    ("叉车", ProductLine::Forklift),
    ("forklift", ProductLine::Forklift),
];

/// Model-code prefixes of the makers' codes.
const PREFIXES: &[(&str, ProductLine)] = &[
    ("SSR", ProductLine::Roller),
    ("SMG", ProductLine::Grader),
    ("STC", ProductLine::Crane),
    ("CLG8", ProductLine::Loader),
    ("SY", ProductLine::Excavator),
    ("XE", ProductLine::Excavator),
    ("ZL", ProductLine::Loader),
    ("LW", ProductLine::Loader),
    ("XS", ProductLine::Roller),
    ("SD", ProductLine::Bulldozer),
    ("QY", ProductLine::Crane),
    ("GR", ProductLine::Grader),
];

/// The line (and, for excavators, the class) a machine's model names; `None` when unknown.
pub fn classify(model: &str) -> Option<(ProductLine, Option<TonnageClass>)> {
    let lower = model.to_lowercase();
    let code = model.trim().to_uppercase();
    if let Some((_, line)) = WORDS.iter().find(|(word, _)| lower.contains(word)) {
        // Only the makers' codes carry the weight; a named machine's digits may mean anything.
        return Some((*line, None));
    }
    let (_, line) = PREFIXES.iter().find(|(prefix, _)| code.starts_with(prefix))?;
    let class = (*line == ProductLine::Excavator).then(|| excavator_class(&code)).flatten();
    Some((*line, class))
}

/// CCMA's class of an excavator whose code carries its weight in 100 kg after a letter prefix.
fn excavator_class(code: &str) -> Option<TonnageClass> {
    let digits: String = code.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    let hundred_kg: u32 = digits.parse().ok()?;
    Some(match hundred_kg {
        0..200 => TonnageClass::Small,
        200..=300 => TonnageClass::Medium,
        _ => TonnageClass::Large,
    })
}

/// A machine the dealer delivered, where and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub model: String,
    /// The customer's province (ISO 3166-2:CN code).
    pub province: String,
    pub delivered: Date,
}

/// Our units in `key`'s market: the deliveries in its province and year whose model is of its
/// line (and class, where the key names one; an unclassed model then does not count).
pub fn our_units(deliveries: &[Delivery], key: &MarketKey) -> u32 {
    deliveries
        .iter()
        .filter(|d| d.province == key.province && d.delivered.year() == key.year)
        .filter(|d| match classify(&d.model) {
            Some((line, class)) => line == key.line && key.tonnage.is_none_or(|wanted| class == Some(wanted)),
            None => false,
        })
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProductLine::*;
    use TonnageClass::*;

    #[test]
    fn models_name_their_line_and_an_excavator_its_class() {
        for (model, expected) in [
            ("SY215C", Some((Excavator, Some(Medium)))),
            ("XE60DA", Some((Excavator, Some(Small)))),
            ("SY365H", Some((Excavator, Some(Large)))),
            ("SY200", Some((Excavator, Some(Medium)))),
            ("SY300", Some((Excavator, Some(Medium)))),
            ("CLG856H", Some((Loader, None))),
            ("ZL50GN", Some((Loader, None))),
            ("ssr220c", Some((Roller, None))),
            ("SMG200C", Some((Grader, None))),
            ("STC250", Some((Crane, None))),
            ("SD22", Some((Bulldozer, None))),
            // A word wins over the code: this SY-coded machine is called a crane.
            ("SY 随车起重机", Some((Crane, None))),
            ("卡特 320 挖掘机", Some((Excavator, None))),
            ("Excavator", Some((Excavator, None))),
            ("液压油滤芯", None),
            ("", None),
        ] {
            assert_eq!(classify(model), expected, "{model}");
        }
    }

    #[test]
    fn our_units_are_deliveries_in_the_market() {
        let at = |model: &str, province: &str, day: &str| Delivery {
            model: model.into(),
            province: province.into(),
            delivered: Date::parse(day).unwrap(),
        };
        let deliveries = [
            at("SY215C", "CN-JS", "2026-02-01"),
            at("SY215C", "CN-JS", "2026-11-30"),
            at("SY75C", "CN-JS", "2026-05-01"),
            at("ZL50GN", "CN-JS", "2026-05-01"),
            at("SY215C", "CN-ZJ", "2026-05-01"),
            at("SY215C", "CN-JS", "2025-12-31"),
            at("Excavator", "CN-JS", "2026-05-01"),
        ];
        let key = |line, tonnage| MarketKey { province: "CN-JS".into(), line, year: 2026, tonnage };
        assert_eq!(our_units(&deliveries, &key(Excavator, None)), 4);
        assert_eq!(our_units(&deliveries, &key(Excavator, Some(Medium))), 2);
        // The unclassed "Excavator" counts in the line, in no class.
        assert_eq!(our_units(&deliveries, &key(Excavator, Some(Small))), 1);
        assert_eq!(our_units(&deliveries, &key(Loader, None)), 1);
        assert_eq!(our_units(&deliveries, &key(Crane, None)), 0);
    }
}
