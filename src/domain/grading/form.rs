//! The grading settings as the user types them on the grades page: the 12 weights in percent,
//! the A/B/C bars, capacity and the D-share alert, which way order composition scores, each
//! measure's scaling rule (percentile, or banded `raw:score` points), each grade's resource
//! policy, and the churn thresholds with the retention projection's horizon. The draft holds the typed
//! texts; [`GradingDraft::validate`] ties every problem to its field, and a valid draft gives
//! the [`GradingSettings`] to store. Settings the page does not edit are kept as they were.

use super::grade::Grade;
use super::indicators::{Indicator, Measure};
use super::portfolio::{parse_visit_days, RankMeasure, ResourcePolicy, ServicePriority, Stance};
use super::retention::MAX_PROJECTION_YEARS;
use super::settings::{
    format_band_points, parse_band_points, parse_number, parse_score, parse_weight_percent, CompositionDirection,
    GradingSettings, Scale, ScoringSettings, SettingsError, Thresholds, Weights,
};

/// One measure's rule as edited: percentile, or the typed bands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleDraft {
    pub percentile: bool,
    /// `raw:score` points; kept while percentile is chosen, so switching back loses nothing.
    pub bands: String,
}

/// One grade's resource policy as edited.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicyDraft {
    pub stance: Stance,
    pub visit_days: String,
    pub service_priority: ServicePriority,
    pub advice: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GradingDraft {
    /// Percent, indexed by [`Indicator::index`].
    pub weights: [String; Indicator::COUNT],
    pub bar_a: String,
    pub bar_b: String,
    pub bar_c: String,
    pub capacity: String,
    pub d_share: String,
    /// Chosen, not typed; set through [`GradingDraft::set_composition`].
    pub composition: CompositionDirection,
    /// Indexed by [`Measure::index`].
    pub rules: [RuleDraft; Measure::COUNT],
    /// Indexed by [`Grade::index`].
    pub policies: [PolicyDraft; Grade::COUNT],
    /// Churn: times the usual order interval.
    pub gap_factor: String,
    /// Churn: percent the order value fell.
    pub fall_percent: String,
    /// Years the retention projection looks ahead.
    pub projection_years: String,
    /// Key accounts: the core and next tiers' shares, percent.
    pub core_percent: String,
    pub next_percent: String,
    /// Chosen, not typed.
    pub rank_by: RankMeasure,
    base: GradingSettings,
}

/// Where a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftField {
    Weight(Indicator),
    /// The weights together.
    WeightsTotal,
    BarA,
    BarB,
    BarC,
    /// The three bars together.
    Bars,
    Capacity,
    DShare,
    /// The not-rated and no-data scores, which this page does not edit.
    DefaultScores,
    Bands(Measure),
    VisitDays(Grade),
    GapFactor,
    FallPercent,
    ProjectionYears,
    CorePercent,
    NextPercent,
}

/// What is wrong there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftError {
    /// Not a percentage 0–100 with at most one decimal.
    NotWeight,
    /// Not a number 0–100.
    NotScore,
    NotNumber,
    /// The weights sum to this many tenths of a percent, not 100 %.
    WeightsSum {
        tenths: u32,
    },
    /// The bars do not fall from A to C.
    BarsOrder,
    /// With the capacity shift, the A bar passes 100 or the C bar falls below 0.
    CapacityOutOfRange,
    DefaultScoreOutOfRange,
    /// Point `position` (1-based) is not `raw:score`.
    BadPoint {
        position: usize,
    },
    NoBands,
    BandsNotIncreasing,
    BandScoreOutOfRange,
    /// The scores go against the chosen composition direction.
    BandsAgainstDirection,
    DuplicateRule,
    /// Not a whole number of days 0–3650.
    NotVisitDays,
    /// The order-gap multiple is outside 1–20.
    GapFactorOutOfRange,
    /// The value drop is not strictly between 0 and 100 %.
    FallPercentOutOfRange,
    /// Not a whole number of years 1–30.
    NotProjectionYears,
    /// The core share is not above 0 and at most 100 %.
    CorePercentOutOfRange,
    /// The next tier's share is outside 0–100 %.
    NextPercentOutOfRange,
    /// Core and next together pass 100 %.
    TiersOverHundred,
}

fn number_text(value: f64) -> String {
    // Display prints 55 for 55.0 and 7.5 for 7.5: what the user would type.
    format!("{value}")
}

impl GradingDraft {
    pub fn from_settings(settings: &GradingSettings) -> GradingDraft {
        let scoring = &settings.scoring;
        let rule = |measure: Measure| {
            let default = scoring.default_rule(measure);
            match scoring.rule(measure) {
                Scale::Bands(points) => RuleDraft { percentile: false, bands: format_band_points(&points) },
                Scale::Percentile => RuleDraft {
                    percentile: true,
                    bands: match default {
                        Scale::Bands(points) => format_band_points(&points),
                        Scale::Percentile => String::new(),
                    },
                },
            }
        };
        let policy = |grade: Grade| {
            let p = settings.portfolio.policy(grade);
            PolicyDraft {
                stance: p.stance,
                visit_days: p.visit_every_days.to_string(),
                service_priority: p.service_priority,
                advice: p.advice,
            }
        };
        GradingDraft {
            weights: std::array::from_fn(|i| number_text(scoring.weights.percent(Indicator::ALL[i]))),
            bar_a: number_text(scoring.thresholds.a),
            bar_b: number_text(scoring.thresholds.b),
            bar_c: number_text(scoring.thresholds.c),
            capacity: number_text(scoring.capacity_shift),
            d_share: number_text(settings.portfolio.d_share_alert_percent),
            composition: scoring.composition_direction,
            rules: std::array::from_fn(|i| rule(Measure::ALL[i])),
            policies: std::array::from_fn(|i| policy(Grade::ALL[i])),
            gap_factor: number_text(settings.retention.gap_factor),
            fall_percent: number_text(settings.retention.fall_percent),
            projection_years: settings.retention.projection_years.to_string(),
            core_percent: number_text(settings.portfolio.core_percent),
            next_percent: number_text(settings.portfolio.next_percent),
            rank_by: settings.portfolio.rank_by,
            base: settings.clone(),
        }
    }

    /// The scoring (weights, bars, capacity, rules) back at its defaults; the D-share alert and
    /// the policies as typed.
    pub fn with_default_scoring(&self) -> GradingDraft {
        let settings = GradingSettings { scoring: Default::default(), ..self.base.clone() };
        GradingDraft {
            d_share: self.d_share.clone(),
            policies: self.policies.clone(),
            gap_factor: self.gap_factor.clone(),
            fall_percent: self.fall_percent.clone(),
            projection_years: self.projection_years.clone(),
            core_percent: self.core_percent.clone(),
            next_percent: self.next_percent.clone(),
            rank_by: self.rank_by,
            ..GradingDraft::from_settings(&settings)
        }
    }

    /// Chooses which way composition scores. Its bands, when still the old direction's default,
    /// become the new one's: otherwise the choice would be refused as against its own bands.
    pub fn set_composition(&mut self, direction: CompositionDirection) {
        let default = |composition_direction| {
            ScoringSettings { composition_direction, ..ScoringSettings::default() }.default_rule(Measure::KindsPerOrder)
        };
        let rule = &mut self.rules[Measure::KindsPerOrder.index()];
        if let (Scale::Bands(old), Scale::Bands(new)) = (default(self.composition), default(direction)) {
            if parse_band_points(&rule.bands).as_ref() == Ok(&old) {
                rule.bands = format_band_points(&new);
            }
        }
        self.composition = direction;
    }

    /// The typed weights that are weights, summed in tenths of a percent (1000 = 100 %).
    pub fn weights_sum(&self) -> u32 {
        self.weights.iter().filter_map(|w| parse_weight_percent(w)).map(u32::from).sum()
    }

    /// The typed text of `field`; `None` for the fields that are checks across several texts.
    pub fn text(&self, field: DraftField) -> Option<&str> {
        let text = match field {
            DraftField::Weight(indicator) => &self.weights[indicator.index()],
            DraftField::BarA => &self.bar_a,
            DraftField::BarB => &self.bar_b,
            DraftField::BarC => &self.bar_c,
            DraftField::Capacity => &self.capacity,
            DraftField::DShare => &self.d_share,
            DraftField::Bands(measure) => &self.rules[measure.index()].bands,
            DraftField::VisitDays(grade) => &self.policies[grade.index()].visit_days,
            DraftField::GapFactor => &self.gap_factor,
            DraftField::FallPercent => &self.fall_percent,
            DraftField::ProjectionYears => &self.projection_years,
            DraftField::CorePercent => &self.core_percent,
            DraftField::NextPercent => &self.next_percent,
            DraftField::WeightsTotal | DraftField::Bars | DraftField::DefaultScores => return None,
        };
        Some(text)
    }

    /// Types `text` into `field` (no effect on the fields [`GradingDraft::text`] has no text for).
    pub fn set_text(&mut self, field: DraftField, text: String) {
        let slot = match field {
            DraftField::Weight(indicator) => &mut self.weights[indicator.index()],
            DraftField::BarA => &mut self.bar_a,
            DraftField::BarB => &mut self.bar_b,
            DraftField::BarC => &mut self.bar_c,
            DraftField::Capacity => &mut self.capacity,
            DraftField::DShare => &mut self.d_share,
            DraftField::Bands(measure) => &mut self.rules[measure.index()].bands,
            DraftField::VisitDays(grade) => &mut self.policies[grade.index()].visit_days,
            DraftField::GapFactor => &mut self.gap_factor,
            DraftField::FallPercent => &mut self.fall_percent,
            DraftField::ProjectionYears => &mut self.projection_years,
            DraftField::CorePercent => &mut self.core_percent,
            DraftField::NextPercent => &mut self.next_percent,
            DraftField::WeightsTotal | DraftField::Bars | DraftField::DefaultScores => return,
        };
        *slot = text;
    }

    /// The settings this draft gives, or every problem with its field (typing first, then the
    /// checks of [`super::settings::ScoringSettings::validate`]).
    pub fn validate(&self) -> Result<GradingSettings, Vec<(DraftField, DraftError)>> {
        let mut problems = Vec::new();
        let mut settings = self.base.clone();
        let mut weights = [0u16; Indicator::COUNT];
        for (i, text) in self.weights.iter().enumerate() {
            match parse_weight_percent(text) {
                Some(tenths) => weights[i] = tenths,
                None => problems.push((DraftField::Weight(Indicator::ALL[i]), DraftError::NotWeight)),
            }
        }
        settings.scoring.weights = Weights(weights);
        let mut score = |text: &str, field: DraftField| {
            parse_score(text).unwrap_or_else(|| {
                problems.push((field, DraftError::NotScore));
                0.0
            })
        };
        settings.scoring.thresholds = Thresholds {
            a: score(&self.bar_a, DraftField::BarA),
            b: score(&self.bar_b, DraftField::BarB),
            c: score(&self.bar_c, DraftField::BarC),
        };
        settings.portfolio.d_share_alert_percent = score(&self.d_share, DraftField::DShare);
        settings.scoring.capacity_shift = parse_number(&self.capacity).unwrap_or_else(|| {
            problems.push((DraftField::Capacity, DraftError::NotNumber));
            0.0
        });
        // Before the rules: a rule equal to the direction's default is not kept.
        settings.scoring.composition_direction = self.composition;
        settings.scoring.rules.clear();
        for (measure, rule) in Measure::ALL.iter().zip(&self.rules) {
            let scale = if rule.percentile {
                Scale::Percentile
            } else {
                match parse_band_points(&rule.bands) {
                    Ok(points) => Scale::Bands(points),
                    Err(error) => {
                        problems.push((DraftField::Bands(*measure), DraftError::BadPoint { position: error.position }));
                        continue;
                    }
                }
            };
            settings.scoring.set_rule(*measure, scale);
        }
        for (grade, policy) in Grade::ALL.iter().zip(&self.policies) {
            let Some(visit_every_days) = parse_visit_days(&policy.visit_days) else {
                problems.push((DraftField::VisitDays(*grade), DraftError::NotVisitDays));
                continue;
            };
            settings.portfolio.set_policy(ResourcePolicy {
                grade: *grade,
                stance: policy.stance,
                visit_every_days,
                service_priority: policy.service_priority,
                advice: policy.advice.trim().to_owned(),
            });
        }
        let mut number = |text: &str, field: DraftField| {
            parse_number(text).unwrap_or_else(|| {
                problems.push((field, DraftError::NotNumber));
                0.0
            })
        };
        settings.retention.gap_factor = number(&self.gap_factor, DraftField::GapFactor);
        settings.retention.fall_percent = number(&self.fall_percent, DraftField::FallPercent);
        settings.portfolio.core_percent = number(&self.core_percent, DraftField::CorePercent);
        settings.portfolio.next_percent = number(&self.next_percent, DraftField::NextPercent);
        settings.portfolio.rank_by = self.rank_by;
        match self.projection_years.trim().parse::<u32>() {
            Ok(years) if (1..=MAX_PROJECTION_YEARS).contains(&years) => settings.retention.projection_years = years,
            _ => problems.push((DraftField::ProjectionYears, DraftError::NotProjectionYears)),
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let checked: Vec<(DraftField, DraftError)> = settings.validate().into_iter().map(field_of).collect();
        if checked.is_empty() {
            Ok(settings)
        } else {
            Err(checked)
        }
    }
}

/// Where a settings check's problem is, and what it is.
pub fn field_of(error: SettingsError) -> (DraftField, DraftError) {
    match error {
        SettingsError::WeightsSum { tenths } => (DraftField::WeightsTotal, DraftError::WeightsSum { tenths }),
        SettingsError::ThresholdsOrder => (DraftField::Bars, DraftError::BarsOrder),
        SettingsError::CapacityOutOfRange => (DraftField::Capacity, DraftError::CapacityOutOfRange),
        SettingsError::DefaultScoreOutOfRange => (DraftField::DefaultScores, DraftError::DefaultScoreOutOfRange),
        SettingsError::DuplicateRule(m) => (DraftField::Bands(m), DraftError::DuplicateRule),
        SettingsError::NoBands(m) => (DraftField::Bands(m), DraftError::NoBands),
        SettingsError::BandsNotIncreasing(m) => (DraftField::Bands(m), DraftError::BandsNotIncreasing),
        SettingsError::BandScoreOutOfRange(m) => (DraftField::Bands(m), DraftError::BandScoreOutOfRange),
        SettingsError::BandsAgainstDirection(m) => (DraftField::Bands(m), DraftError::BandsAgainstDirection),
        SettingsError::GapFactorOutOfRange => (DraftField::GapFactor, DraftError::GapFactorOutOfRange),
        SettingsError::FallPercentOutOfRange => (DraftField::FallPercent, DraftError::FallPercentOutOfRange),
        SettingsError::ProjectionYearsOutOfRange => (DraftField::ProjectionYears, DraftError::NotProjectionYears),
        SettingsError::CorePercentOutOfRange => (DraftField::CorePercent, DraftError::CorePercentOutOfRange),
        SettingsError::NextPercentOutOfRange => (DraftField::NextPercent, DraftError::NextPercentOutOfRange),
        SettingsError::TiersOverHundred => (DraftField::NextPercent, DraftError::TiersOverHundred),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::settings::BandPoint;

    fn draft() -> GradingDraft {
        GradingDraft::from_settings(&GradingSettings::default())
    }

    fn problems(draft: &GradingDraft) -> Vec<(DraftField, DraftError)> {
        draft.validate().err().unwrap_or_default()
    }

    #[test]
    fn the_default_settings_round_trip_through_the_draft() {
        let d = draft();
        assert_eq!(d.weights[Indicator::Profit.index()], "20");
        assert_eq!(d.bar_a, "70");
        assert_eq!(d.capacity, "0");
        assert_eq!(
            d.rules[Measure::Margin.index()],
            RuleDraft { percentile: false, bands: "0:0, 5:25, 10:50, 20:85, 30:100".into() }
        );
        assert_eq!(d.rules[Measure::AverageOrder.index()], RuleDraft { percentile: true, bands: String::new() });
        assert_eq!(d.policies[Grade::A.index()].visit_days, "30");
        assert_eq!(d.weights_sum(), 1000);
        assert_eq!(
            d.validate(),
            Ok(GradingSettings { portfolio: with_explicit_policies(), ..GradingSettings::default() })
        );
    }

    /// The default portfolio settings with the policies written out, as a saved draft keeps them.
    fn with_explicit_policies() -> super::super::portfolio::PortfolioSettings {
        let mut portfolio = super::super::portfolio::PortfolioSettings::default();
        for grade in Grade::ALL {
            portfolio.set_policy(portfolio.policy(*grade));
        }
        portfolio
    }

    #[test]
    fn each_typing_problem_names_its_field() {
        let check = |edit: fn(&mut GradingDraft), expected: Vec<(DraftField, DraftError)>| {
            let mut d = draft();
            edit(&mut d);
            assert_eq!(problems(&d), expected);
        };
        check(
            |d| d.weights[Indicator::Claims.index()] = "6.05".into(),
            vec![(DraftField::Weight(Indicator::Claims), DraftError::NotWeight)],
        );
        check(|d| d.bar_b = "abc".into(), vec![(DraftField::BarB, DraftError::NotScore)]);
        check(|d| d.bar_a = "101".into(), vec![(DraftField::BarA, DraftError::NotScore)]);
        check(|d| d.d_share = "".into(), vec![(DraftField::DShare, DraftError::NotScore)]);
        check(|d| d.capacity = "5点".into(), vec![(DraftField::Capacity, DraftError::NotNumber)]);
        check(
            |d| d.rules[Measure::ShippingDays.index()].bands = "0:100, 3-80".into(),
            vec![(DraftField::Bands(Measure::ShippingDays), DraftError::BadPoint { position: 2 })],
        );
        check(
            |d| d.policies[Grade::C.index()].visit_days = "90.5".into(),
            vec![(DraftField::VisitDays(Grade::C), DraftError::NotVisitDays)],
        );
        // Typing problems come first: the sum is only checked once every weight is a number.
        check(
            |d| {
                d.weights[0] = "x".into();
                d.weights[1] = "50".into();
            },
            vec![(DraftField::Weight(Indicator::Profit), DraftError::NotWeight)],
        );
        let mut d = draft();
        d.weights[0] = "x".into();
        d.weights[1] = "50".into();
        // 100 % − 20 (profit, not a weight) − 15 + 50 (size and reorders).
        assert_eq!(d.weights_sum(), 1150);
    }

    #[test]
    fn the_settings_checks_name_their_fields() {
        let check = |edit: fn(&mut GradingDraft), expected: Vec<(DraftField, DraftError)>| {
            let mut d = draft();
            edit(&mut d);
            assert_eq!(problems(&d), expected);
        };
        check(
            |d| d.weights[0] = "30".into(),
            vec![(DraftField::WeightsTotal, DraftError::WeightsSum { tenths: 1100 })],
        );
        check(|d| d.bar_a = "50".into(), vec![(DraftField::Bars, DraftError::BarsOrder)]);
        check(|d| d.capacity = "31".into(), vec![(DraftField::Capacity, DraftError::CapacityOutOfRange)]);
        check(
            |d| d.rules[Measure::Margin.index()].bands = "10:0, 5:50".into(),
            vec![(DraftField::Bands(Measure::Margin), DraftError::BandsNotIncreasing)],
        );
        check(
            |d| d.rules[Measure::Margin.index()].bands = "0:0, 10:150".into(),
            vec![(DraftField::Bands(Measure::Margin), DraftError::BandScoreOutOfRange)],
        );
        check(
            |d| d.rules[Measure::Prepaid.index()].bands = " ".into(),
            vec![(DraftField::Bands(Measure::Prepaid), DraftError::NoBands)],
        );
        // Percentile ignores the kept band text, even when it would not parse.
        check(
            |d| {
                d.rules[Measure::Margin.index()] = RuleDraft { percentile: true, bands: "junk".into() };
            },
            vec![],
        );
    }

    #[test]
    fn a_valid_draft_gives_its_settings_and_keeps_the_rest() {
        let mut base = GradingSettings::default();
        base.scoring.unrated_score = 40.0;
        base.portfolio.core_percent = 8.0;
        let mut d = GradingDraft::from_settings(&base);
        d.weights[Indicator::Profit.index()] = "30".into();
        d.weights[Indicator::SizeFrequency.index()] = "5".into();
        d.bar_a = "75,5".into();
        d.capacity = "-2".into();
        d.rules[Measure::Margin.index()].percentile = true;
        d.rules[Measure::AverageOrder.index()] = RuleDraft { percentile: false, bands: "0:0；100000：100".into() };
        d.policies[Grade::B.index()] = PolicyDraft {
            stance: Stance::Focus,
            visit_days: "45".into(),
            service_priority: ServicePriority::First,
            advice: "  每季度技术交流  ".into(),
        };
        let settings = d.validate().expect("valid");
        assert_eq!(settings.scoring.weights.get(Indicator::Profit), 300);
        assert_eq!(settings.scoring.weights.get(Indicator::SizeFrequency), 50);
        assert_eq!(settings.scoring.thresholds.a, 75.5);
        assert_eq!(settings.scoring.capacity_shift, -2.0);
        assert_eq!(settings.scoring.rule(Measure::Margin), Scale::Percentile);
        assert_eq!(
            settings.scoring.rule(Measure::AverageOrder),
            Scale::Bands(vec![BandPoint { raw: 0.0, score: 0.0 }, BandPoint { raw: 100_000.0, score: 100.0 }])
        );
        // Unchanged measures keep no rule of their own.
        assert_eq!(settings.scoring.rules.len(), 2);
        let b = settings.portfolio.policy(Grade::B);
        assert_eq!((b.stance, b.visit_every_days, b.service_priority), (Stance::Focus, 45, ServicePriority::First));
        assert_eq!(b.advice, "每季度技术交流");
        assert_eq!(settings.scoring.unrated_score, 40.0);
        assert_eq!(settings.portfolio.core_percent, 8.0);
        // Read back, the draft shows what was saved.
        let again = GradingDraft::from_settings(&settings);
        assert_eq!(again.bar_a, "75.5");
        assert_eq!(again.rules[Measure::AverageOrder.index()].bands, "0:0, 100000:100");
        assert_eq!(again.validate(), Ok(settings));
    }

    /// Switching the composition direction turns default bands round and keeps the user's own;
    /// own bands against the direction are named at their field.
    #[test]
    fn the_composition_direction_is_chosen_with_its_bands() {
        let kinds = Measure::KindsPerOrder;
        let mut d = draft();
        assert_eq!(d.composition, CompositionDirection::Fewer);
        assert_eq!(d.rules[kinds.index()].bands, "1:100, 2:80, 5:40, 10:0");
        d.set_composition(CompositionDirection::More);
        assert_eq!(d.rules[kinds.index()].bands, "1:0, 2:20, 5:60, 10:100");
        let settings = d.validate().expect("valid");
        assert_eq!(settings.scoring.composition_direction, CompositionDirection::More);
        // The direction's own default is not kept as a rule.
        assert!(settings.scoring.rules.is_empty());
        let again = GradingDraft::from_settings(&settings);
        assert_eq!(
            (again.composition, again.rules[kinds.index()].bands.as_str()),
            (CompositionDirection::More, "1:0, 2:20, 5:60, 10:100")
        );
        // Own bands stay when the direction changes, and are refused where they go against it.
        d.rules[kinds.index()].bands = "1:0, 3:100".into();
        d.set_composition(CompositionDirection::Fewer);
        assert_eq!(d.rules[kinds.index()].bands, "1:0, 3:100");
        assert_eq!(problems(&d), vec![(DraftField::Bands(kinds), DraftError::BandsAgainstDirection)]);
        d.set_composition(CompositionDirection::More);
        assert_eq!(problems(&d), vec![]);
        // A reset goes back to the seed's direction.
        assert_eq!(d.with_default_scoring().composition, CompositionDirection::Fewer);
    }

    /// The churn thresholds and the projection's horizon (rule 7 of issue 24), each refused at
    /// its own field, hand-worked against the defaults 3×, 30 % and 5 years.
    #[test]
    fn churn_thresholds_and_the_horizon_are_checked_at_their_fields() {
        let d = draft();
        assert_eq!((d.gap_factor.as_str(), d.fall_percent.as_str(), d.projection_years.as_str()), ("3", "30", "5"));
        use DraftError as E;
        use DraftField as F;
        for (field, text, expected) in [
            (F::GapFactor, "2.5", vec![]),
            (F::GapFactor, "1", vec![]),
            (F::GapFactor, "20", vec![]),
            (F::GapFactor, "0.5", vec![(F::GapFactor, E::GapFactorOutOfRange)]),
            (F::GapFactor, "21", vec![(F::GapFactor, E::GapFactorOutOfRange)]),
            (F::GapFactor, "三", vec![(F::GapFactor, E::NotNumber)]),
            (F::FallPercent, "50", vec![]),
            (F::FallPercent, "0", vec![(F::FallPercent, E::FallPercentOutOfRange)]),
            (F::FallPercent, "100", vec![(F::FallPercent, E::FallPercentOutOfRange)]),
            (F::FallPercent, "", vec![(F::FallPercent, E::NotNumber)]),
            (F::ProjectionYears, "10", vec![]),
            (F::ProjectionYears, "1", vec![]),
            (F::ProjectionYears, "0", vec![(F::ProjectionYears, E::NotProjectionYears)]),
            (F::ProjectionYears, "31", vec![(F::ProjectionYears, E::NotProjectionYears)]),
            (F::ProjectionYears, "2.5", vec![(F::ProjectionYears, E::NotProjectionYears)]),
        ] {
            let mut typed = d.clone();
            typed.set_text(field, text.into());
            assert_eq!(typed.text(field), Some(text));
            assert_eq!(problems(&typed), expected, "{field:?} {text:?}");
        }
        let mut typed = d.clone();
        typed.gap_factor = "2".into();
        typed.fall_percent = "40".into();
        typed.projection_years = "10".into();
        let settings = typed.validate().expect("valid");
        let retention = &settings.retention;
        assert_eq!((retention.gap_factor, retention.fall_percent, retention.projection_years), (2.0, 40.0, 10));
        let again = GradingDraft::from_settings(&settings);
        assert_eq!(
            (again.gap_factor.as_str(), again.fall_percent.as_str(), again.projection_years.as_str()),
            ("2", "40", "10")
        );
        // Resetting the scoring keeps them as typed.
        assert_eq!(typed.with_default_scoring().projection_years, "10");
    }

    /// Key accounts (rule 5 of issue 24): the core and next shares at their fields, the ranking
    /// measure chosen.
    #[test]
    fn key_account_shares_and_measure_are_checked_at_their_fields() {
        let d = draft();
        assert_eq!((d.core_percent.as_str(), d.next_percent.as_str(), d.rank_by), ("5", "20", RankMeasure::Profit));
        use DraftError as E;
        use DraftField as F;
        for (core, next, expected) in [
            ("10", "30", vec![]),
            ("100", "0", vec![]),
            ("0", "20", vec![(F::CorePercent, E::CorePercentOutOfRange)]),
            ("5", "101", vec![(F::NextPercent, E::NextPercentOutOfRange)]),
            ("60", "50", vec![(F::NextPercent, E::TiersOverHundred)]),
            ("五", "20", vec![(F::CorePercent, E::NotNumber)]),
        ] {
            let typed = GradingDraft { core_percent: core.into(), next_percent: next.into(), ..d.clone() };
            assert_eq!(problems(&typed), expected, "{core} {next}");
        }
        let typed = GradingDraft { core_percent: "10".into(), rank_by: RankMeasure::Revenue, ..d.clone() };
        let settings = typed.validate().expect("valid");
        assert_eq!((settings.portfolio.core_percent, settings.portfolio.rank_by), (10.0, RankMeasure::Revenue));
        let again = GradingDraft::from_settings(&settings);
        assert_eq!((again.core_percent.as_str(), again.rank_by), ("10", RankMeasure::Revenue));
    }

    #[test]
    fn resetting_the_scoring_keeps_the_policies() {
        let mut d = draft();
        d.weights[0] = "99".into();
        d.capacity = "5".into();
        d.rules[Measure::Margin.index()].percentile = true;
        d.d_share = "4".into();
        d.policies[Grade::D.index()].advice = "转给代理商".into();
        let reset = d.with_default_scoring();
        assert_eq!((reset.weights, reset.capacity, reset.rules), (draft().weights, draft().capacity, draft().rules));
        assert_eq!(reset.d_share, "4");
        assert_eq!(reset.policies[Grade::D.index()].advice, "转给代理商");
    }

    #[test]
    fn typed_texts_reach_their_fields() {
        let mut d = draft();
        for (field, text) in [
            (DraftField::Weight(Indicator::Payment), "9"),
            (DraftField::BarB, "56"),
            (DraftField::DShare, "4"),
            (DraftField::Bands(Measure::CreditDays), "0:100, 60:0"),
            (DraftField::VisitDays(Grade::D), "365"),
        ] {
            d.set_text(field, text.to_owned());
            assert_eq!(d.text(field), Some(text));
        }
        assert_eq!(d.weights[Indicator::Payment.index()], "9");
        assert_eq!(d.rules[Measure::CreditDays.index()].bands, "0:100, 60:0");
        assert_eq!(d.policies[Grade::D.index()].visit_days, "365");
        let before = d.clone();
        d.set_text(DraftField::WeightsTotal, "1".into());
        assert_eq!(d, before);
        assert_eq!(d.text(DraftField::Bars), None);
    }

    #[test]
    fn weights_are_typed_in_percent_with_one_decimal() {
        for (text, expected) in [
            ("12.5", Some(125)),
            (" 20 ", Some(200)),
            ("0", Some(0)),
            ("100", Some(1000)),
            ("7,5", Some(75)),
            ("7，5", Some(75)),
            ("12.55", None),
            ("-1", None),
            ("100.1", None),
            ("", None),
            ("x", None),
        ] {
            assert_eq!(parse_weight_percent(text), expected, "{text:?}");
        }
    }

    #[test]
    fn typed_numbers_and_scores() {
        for (text, number, score) in [
            ("55", Some(55.0), Some(55.0)),
            (" 7,5 ", Some(7.5), Some(7.5)),
            ("-3", Some(-3.0), None),
            ("100.5", Some(100.5), None),
            ("", None, None),
            ("5a", None, None),
            ("NaN", None, None),
        ] {
            assert_eq!(parse_number(text), number, "{text:?}");
            assert_eq!(parse_score(text), score, "{text:?}");
        }
    }
}
