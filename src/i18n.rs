//! Languages and the typed translation table generated from `locales/*.json` by `build.rs`.

use crate::domain::money::NumberStyle;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// BCP 47 tag, as in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The locale serving a BCP 47 tag: any Chinese tag (zh, zh-TW, zh-Hans-CN…) gets Simplified
    /// Chinese, which Traditional-script readers understand better than English.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let language = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match language.as_str() {
            "zh" => Some(Locale::ZhCn),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The first supported locale among the user's preferences, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred.into_iter().find_map(Locale::from_tag).unwrap_or_default()
    }

    pub fn number_style(self) -> NumberStyle {
        match self {
            Locale::En => NumberStyle::Western,
            Locale::ZhCn => NumberStyle::Chinese,
        }
    }

    pub fn tr(self) -> Tr {
        Tr(self)
    }
}

/// The strings of one locale: `Tr(locale).settings_title()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr(pub Locale);

include!(concat!(env!("OUT_DIR"), "/strings.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_languages_negotiate_to_a_supported_locale() {
        for (preferred, expected) in [
            (vec!["zh-CN", "en"], Locale::ZhCn),
            (vec!["zh"], Locale::ZhCn),
            (vec!["zh-TW"], Locale::ZhCn),
            (vec!["zh_Hans_CN"], Locale::ZhCn),
            (vec!["en-US", "zh-CN"], Locale::En),
            (vec!["fr-FR", "de"], Locale::En),
            (vec!["fr-FR", "ZH-cn"], Locale::ZhCn),
            (vec![], Locale::En),
            (vec![""], Locale::En),
        ] {
            assert_eq!(Locale::negotiate(preferred.iter().copied()), expected, "{preferred:?}");
        }
    }

    /// A value for each placeholder that no other one contains, nor any message.
    fn sample(name: &str) -> String {
        format!("⟦{name}⟧")
    }

    #[test]
    fn every_message_puts_each_value_where_its_placeholder_is() {
        for (locale, file) in
            [(Locale::En, include_str!("../locales/en.json")), (Locale::ZhCn, include_str!("../locales/zh-CN.json"))]
        {
            let templates: std::collections::BTreeMap<String, String> = serde_json::from_str(file).unwrap();
            let rendered = render_all(locale, sample);
            assert_eq!(rendered.len(), templates.len(), "{locale:?}: every key is rendered");
            for (key, actual) in rendered {
                // Substituted by hand, so a generated method that swaps, drops or repeats a value
                // (or renders another locale's text) differs.
                let mut expected = String::new();
                let mut rest = templates[key].as_str();
                while let Some(open) = rest.find('{') {
                    let close = open + rest[open..].find('}').unwrap();
                    expected += &rest[..open];
                    expected += &sample(&rest[open + 1..close]);
                    rest = &rest[close + 1..];
                }
                expected += rest;
                assert_eq!(actual, expected, "{locale:?} {key}");
            }
        }
    }

    #[test]
    fn month_and_quarter_labels_read_as_each_locale_writes_them() {
        for (locale, month, quarter) in [(Locale::En, "6/26", "Q2 2026"), (Locale::ZhCn, "26年6月", "2026年第2季度")]
        {
            let tr = locale.tr();
            assert_eq!(tr.forecast_month_label(args::ForecastMonthLabel { month: 6, year: 26 }), month);
            assert_eq!(tr.forecast_quarter_label(args::ForecastQuarterLabel { quarter: 2, year: 2026 }), quarter);
        }
    }

    #[test]
    fn every_locale_round_trips_its_tag() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }
}
