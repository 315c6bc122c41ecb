//! The numbers the market view judges by, each a default from the seed or the issue, and the
//! brands the dealer sells.

use crate::domain::fields::{setting_number_text, text_problem, typed_setting_number, FormError, MAX_TEXT};
use crate::domain::import::values::split_list;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MarketSettings {
    /// The share aimed at in every market. Default 25 %: 天远's choice, the share its capacity
    /// carries best — "not the higher the better" (seed 000).
    pub target_share: f64,
    /// A market is stable while its leader holds at most this many times the third player's
    /// share. Default 4 (三四规则, seed 000).
    pub stable_leader_to_third: f64,
    /// Two neighbours in the ranking are in equilibrium at about this ratio of shares.
    /// Default 2 (2:1, the rule's equilibrium, issue 23).
    pub equilibrium_ratio: f64,
    /// "About": a ratio within this fraction of [`MarketSettings::equilibrium_ratio`] (1.8–2.2
    /// for 2:1 by default, 10 %), as near as yearly unit counts can say.
    pub equilibrium_tolerance: f64,
    /// A player below this fraction of the leader's share cannot compete effectively.
    /// Default ¼ (issue 23).
    pub viable_of_leader: f64,
    /// The brands the dealer sells: a machine of theirs seen on site is ours, counted from the
    /// deliveries, never a competitor's.
    pub own_brands: Vec<String>,
}

impl Default for MarketSettings {
    fn default() -> MarketSettings {
        MarketSettings {
            target_share: 0.25,
            stable_leader_to_third: 4.0,
            equilibrium_ratio: 2.0,
            equilibrium_tolerance: 0.1,
            viable_of_leader: 0.25,
            own_brands: Vec::new(),
        }
    }
}

/// The settings record the market view's numbers are stored under.
pub const SETTING_KEY: &str = "market";

/// The numbers the market view judges by, as a user edits them (Settings → Market view): shares
/// in percent, ratios in times, our brands as a list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MarketSettingsDraft {
    pub target_share: String,
    pub stable_leader_to_third: String,
    pub equilibrium_ratio: String,
    pub equilibrium_tolerance: String,
    pub viable_of_leader: String,
    pub own_brands: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarketSettingField {
    TargetShare,
    StableLeaderToThird,
    EquilibriumRatio,
    EquilibriumTolerance,
    ViableOfLeader,
    OwnBrands,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarketSettingProblem {
    /// Not a number.
    NotANumber,
    /// A share outside 0–100 % (exclusive of 0: a target of nothing judges nothing).
    ShareOutOfRange,
    /// A ratio of players' shares below 1×: the rule compares a player with one ranked below it.
    RatioBelowOne,
    /// A brand too long or with control characters.
    Brand(FormError),
    /// More than [`MAX_OWN_BRANDS`] brands.
    TooManyBrands,
}

/// Most brands the dealer may call its own: a longer list is a pasted mistake.
pub const MAX_OWN_BRANDS: usize = 20;

/// The draft showing `settings`.
pub fn draft(settings: &MarketSettings) -> MarketSettingsDraft {
    let percent = |share: f64| setting_number_text(share * 100.0);
    MarketSettingsDraft {
        target_share: percent(settings.target_share),
        stable_leader_to_third: setting_number_text(settings.stable_leader_to_third),
        equilibrium_ratio: setting_number_text(settings.equilibrium_ratio),
        equilibrium_tolerance: percent(settings.equilibrium_tolerance),
        viable_of_leader: percent(settings.viable_of_leader),
        own_brands: settings.own_brands.join(", "),
    }
}

/// The brands typed, each once (case and surrounding spaces aside), in the order typed.
fn brands(text: &str) -> Vec<String> {
    let mut brands: Vec<String> = Vec::new();
    for brand in split_list(text) {
        if !brands.iter().any(|b| b.to_lowercase() == brand.to_lowercase()) {
            brands.push(brand.to_owned());
        }
    }
    brands
}

impl MarketSettingsDraft {
    /// The settings this draft types, or every field's problem in the form's order.
    pub fn validate(&self) -> Result<MarketSettings, Vec<(MarketSettingField, MarketSettingProblem)>> {
        use MarketSettingField::*;
        use MarketSettingProblem::*;
        let mut problems = Vec::new();
        let mut share = |field, text: &str| match typed_setting_number(text) {
            None => {
                problems.push((field, NotANumber));
                0.0
            }
            Some(percent) if percent <= 0.0 || percent > 100.0 => {
                problems.push((field, ShareOutOfRange));
                0.0
            }
            Some(percent) => percent / 100.0,
        };
        let target_share = share(TargetShare, &self.target_share);
        let equilibrium_tolerance = share(EquilibriumTolerance, &self.equilibrium_tolerance);
        let viable_of_leader = share(ViableOfLeader, &self.viable_of_leader);
        let mut ratio = |field, text: &str| match typed_setting_number(text) {
            None => {
                problems.push((field, NotANumber));
                0.0
            }
            Some(times) if times < 1.0 => {
                problems.push((field, RatioBelowOne));
                0.0
            }
            Some(times) => times,
        };
        let stable_leader_to_third = ratio(StableLeaderToThird, &self.stable_leader_to_third);
        let equilibrium_ratio = ratio(EquilibriumRatio, &self.equilibrium_ratio);
        let own_brands = brands(&self.own_brands);
        if let Some(error) = own_brands.iter().find_map(|b| text_problem(b, MAX_TEXT)) {
            problems.push((OwnBrands, Brand(error)));
        } else if own_brands.len() > MAX_OWN_BRANDS {
            problems.push((OwnBrands, TooManyBrands));
        }
        if !problems.is_empty() {
            let order =
                [TargetShare, StableLeaderToThird, EquilibriumRatio, EquilibriumTolerance, ViableOfLeader, OwnBrands];
            problems.sort_by_key(|(field, _)| order.iter().position(|f| f == field));
            return Err(problems);
        }
        Ok(MarketSettings {
            target_share,
            stable_leader_to_third,
            equilibrium_ratio,
            equilibrium_tolerance,
            viable_of_leader,
            own_brands,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MarketSettingField::*;
    use MarketSettingProblem::*;

    #[test]
    fn the_defaults_show_as_typed_and_read_back_unchanged() {
        let shown = draft(&MarketSettings::default());
        assert_eq!(
            shown,
            MarketSettingsDraft {
                target_share: "25".into(),
                stable_leader_to_third: "4".into(),
                equilibrium_ratio: "2".into(),
                equilibrium_tolerance: "10".into(),
                viable_of_leader: "25".into(),
                own_brands: String::new(),
            }
        );
        assert_eq!(shown.validate(), Ok(MarketSettings::default()));
    }

    #[test]
    fn our_brands_are_a_list_each_once() {
        let with = |text: &str| MarketSettingsDraft { own_brands: text.into(), ..draft(&MarketSettings::default()) };
        for (typed, expected) in [
            ("三一、 Sany ,sany；SANY\n三一重工", Ok(vec!["三一", "Sany", "三一重工"])),
            ("  ", Ok(vec![])),
            ("卡特\u{7}", Err(vec![(OwnBrands, Brand(FormError::ControlCharacters))])),
            (&"x".repeat(MAX_TEXT + 1), Err(vec![(OwnBrands, Brand(FormError::TooLong { max: MAX_TEXT }))])),
            (
                &(0..=MAX_OWN_BRANDS).map(|i| format!("B{i}")).collect::<Vec<_>>().join(","),
                Err(vec![(OwnBrands, TooManyBrands)]),
            ),
        ] {
            let got = with(typed).validate().map(|s| s.own_brands);
            let expected = expected.map(|b| b.into_iter().map(str::to_owned).collect::<Vec<_>>());
            assert_eq!(got, expected, "{typed}");
        }
        let saved = with("三一, Sany").validate().unwrap();
        assert_eq!(draft(&saved).own_brands, "三一, Sany");
    }

    #[test]
    fn each_field_reads_its_unit_or_says_what_is_wrong() {
        type Edit = fn(&mut MarketSettingsDraft, &str);
        /// The field read back, or the problem named.
        type Expected = Result<fn(&MarketSettings) -> f64, (MarketSettingField, MarketSettingProblem)>;
        let target: Edit = |d, t| d.target_share = t.into();
        let stable: Edit = |d, t| d.stable_leader_to_third = t.into();
        let equilibrium: Edit = |d, t| d.equilibrium_ratio = t.into();
        let tolerance: Edit = |d, t| d.equilibrium_tolerance = t.into();
        let viable: Edit = |d, t| d.viable_of_leader = t.into();
        let cases: &[(Edit, &str, Expected, f64)] = &[
            (target, "20", Ok(|s| s.target_share), 0.2),
            (target, "３０％", Ok(|s| s.target_share), 0.3),
            (target, "100", Ok(|s| s.target_share), 1.0),
            (target, "0", Err((TargetShare, ShareOutOfRange)), 0.0),
            (target, "120", Err((TargetShare, ShareOutOfRange)), 0.0),
            (target, "", Err((TargetShare, NotANumber)), 0.0),
            (target, "-5", Err((TargetShare, NotANumber)), 0.0),
            (stable, "3.5×", Ok(|s| s.stable_leader_to_third), 3.5),
            (stable, "1", Ok(|s| s.stable_leader_to_third), 1.0),
            (stable, "0.5", Err((StableLeaderToThird, RatioBelowOne)), 0.0),
            (equilibrium, "1.5x", Ok(|s| s.equilibrium_ratio), 1.5),
            (equilibrium, "two", Err((EquilibriumRatio, NotANumber)), 0.0),
            (tolerance, "5", Ok(|s| s.equilibrium_tolerance), 0.05),
            (viable, "33.3", Ok(|s| s.viable_of_leader), 0.333),
            (viable, "0", Err((ViableOfLeader, ShareOutOfRange)), 0.0),
        ];
        for (edit, text, expected, value) in cases {
            let mut d = draft(&MarketSettings::default());
            edit(&mut d, text);
            match (d.validate(), expected) {
                (Ok(settings), Ok(read)) => assert!((read(&settings) - value).abs() < 1e-9, "{text}"),
                (Err(problems), Err(problem)) => assert_eq!(problems, vec![*problem], "{text}"),
                (got, _) => panic!("{text}: {got:?}"),
            }
        }
    }

    #[test]
    fn every_problem_is_named_in_the_form_s_order() {
        let d = MarketSettingsDraft {
            target_share: "0".into(),
            stable_leader_to_third: "x".into(),
            equilibrium_ratio: "2".into(),
            equilibrium_tolerance: "10".into(),
            viable_of_leader: "200".into(),
            own_brands: String::new(),
        };
        assert_eq!(
            d.validate(),
            Err(vec![
                (TargetShare, ShareOutOfRange),
                (StableLeaderToThird, NotANumber),
                (ViableOfLeader, ShareOutOfRange)
            ])
        );
    }
}
