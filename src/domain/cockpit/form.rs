//! The cockpit's thresholds as a user edits them (Settings → Cockpit thresholds): for each tile
//! the line where it turns acceptable and the line beyond which it is critical, and the parts
//! days-of-cover band. The draft holds the typed texts; [`ThresholdDraft::validate`] ties each
//! problem to its field and a valid draft gives the [`CockpitSettings`] stored under
//! [`super::judge::SETTING_KEY`]. Both lines empty means the tile has no threshold.

use super::judge::{Band, CockpitSettings, Direction, Limits, Rule};
use crate::domain::fields::{setting_number_text, typed_setting_number};

/// The tiles whose two lines the form edits, in the form's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleField {
    QuotaAttainment,
    PipelineCoverage,
    Conversion,
    DShare,
    DeadStockShare,
    SlaMet,
    Csat,
}

/// How a rule's lines are typed: ratios in percent, coverage in times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Times,
}

impl RuleField {
    pub const ALL: [RuleField; 7] = [
        RuleField::QuotaAttainment,
        RuleField::PipelineCoverage,
        RuleField::Conversion,
        RuleField::DShare,
        RuleField::DeadStockShare,
        RuleField::SlaMet,
        RuleField::Csat,
    ];

    pub fn unit(self) -> Unit {
        match self {
            RuleField::PipelineCoverage => Unit::Times,
            _ => Unit::Percent,
        }
    }

    pub fn rule(self, settings: &CockpitSettings) -> Rule {
        match self {
            RuleField::QuotaAttainment => settings.quota_attainment,
            RuleField::PipelineCoverage => settings.pipeline_coverage,
            RuleField::Conversion => settings.conversion,
            RuleField::DShare => settings.d_share,
            RuleField::DeadStockShare => settings.dead_stock_share,
            RuleField::SlaMet => settings.sla_met,
            RuleField::Csat => settings.csat,
        }
    }

    fn rule_mut(self, settings: &mut CockpitSettings) -> &mut Rule {
        match self {
            RuleField::QuotaAttainment => &mut settings.quota_attainment,
            RuleField::PipelineCoverage => &mut settings.pipeline_coverage,
            RuleField::Conversion => &mut settings.conversion,
            RuleField::DShare => &mut settings.d_share,
            RuleField::DeadStockShare => &mut settings.dead_stock_share,
            RuleField::SlaMet => &mut settings.sla_met,
            RuleField::Csat => &mut settings.csat,
        }
    }

    fn scale(self) -> f64 {
        match self.unit() {
            Unit::Percent => 100.0,
            Unit::Times => 1.0,
        }
    }
}

/// One rule's two lines as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinesDraft {
    pub acceptable: String,
    pub critical: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThresholdDraft {
    /// Indexed like [`RuleField::ALL`].
    pub lines: [LinesDraft; 7],
    pub band_low: String,
    pub band_high: String,
    pub band_margin: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdField {
    Acceptable(RuleField),
    Critical(RuleField),
    BandLow,
    BandHigh,
    BandMargin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdProblem {
    /// Not a number of zero or more.
    NotANumber,
    /// One line typed and the other left empty.
    MissingLine,
    /// The critical line is on the acceptable side of the acceptable line.
    LinesReversed,
    /// The band's upper end is below its lower end.
    BandReversed,
}

/// The draft showing `settings`.
pub fn draft(settings: &CockpitSettings) -> ThresholdDraft {
    let lines = RuleField::ALL.map(|field| match field.rule(settings).limits {
        Some(limits) => LinesDraft {
            acceptable: setting_number_text(limits.acceptable * field.scale()),
            critical: setting_number_text(limits.critical * field.scale()),
        },
        None => LinesDraft::default(),
    });
    let band = settings.days_of_cover;
    ThresholdDraft {
        lines,
        band_low: setting_number_text(band.low),
        band_high: setting_number_text(band.high),
        band_margin: setting_number_text(band.margin),
    }
}

impl ThresholdDraft {
    /// `opened` with this draft's lines and band (what the form does not show stays), or every
    /// field's problem in field order.
    pub fn validate(
        &self,
        opened: &CockpitSettings,
    ) -> Result<CockpitSettings, Vec<(ThresholdField, ThresholdProblem)>> {
        let mut problems = Vec::new();
        let mut settings = opened.clone();
        for (field, lines) in RuleField::ALL.into_iter().zip(&self.lines) {
            let mut read = |f, text: &str| match (text.trim().is_empty(), typed_setting_number(text)) {
                (true, _) => Ok(None),
                (false, Some(value)) => Ok(Some(value / field.scale())),
                (false, None) => {
                    problems.push((f, ThresholdProblem::NotANumber));
                    Err(())
                }
            };
            let acceptable = read(ThresholdField::Acceptable(field), &lines.acceptable);
            let critical = read(ThresholdField::Critical(field), &lines.critical);
            let rule = field.rule_mut(&mut settings);
            match (acceptable, critical) {
                (Ok(None), Ok(None)) => rule.limits = None,
                (Ok(Some(acceptable)), Ok(Some(critical))) => {
                    let reversed = match rule.direction {
                        Direction::HigherIsBetter => critical > acceptable,
                        Direction::LowerIsBetter => critical < acceptable,
                    };
                    if reversed {
                        problems.push((ThresholdField::Critical(field), ThresholdProblem::LinesReversed));
                    }
                    rule.limits = Some(Limits { acceptable, critical });
                }
                (Ok(None), Ok(Some(_))) => {
                    problems.push((ThresholdField::Acceptable(field), ThresholdProblem::MissingLine))
                }
                (Ok(Some(_)), Ok(None)) => {
                    problems.push((ThresholdField::Critical(field), ThresholdProblem::MissingLine))
                }
                _ => {}
            }
        }
        let mut band = |field, text: &str| {
            let value = typed_setting_number(text);
            if value.is_none() {
                problems.push((field, ThresholdProblem::NotANumber));
            }
            value
        };
        let low = band(ThresholdField::BandLow, &self.band_low);
        let high = band(ThresholdField::BandHigh, &self.band_high);
        let margin = band(ThresholdField::BandMargin, &self.band_margin);
        if let (Some(low), Some(high), Some(margin)) = (low, high, margin) {
            if high < low {
                problems.push((ThresholdField::BandHigh, ThresholdProblem::BandReversed));
            }
            settings.days_of_cover = Band { low, high, margin };
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RuleField::*;
    use ThresholdField::{Acceptable, BandHigh, BandLow, Critical};
    use ThresholdProblem::*;

    fn with_lines(field: RuleField, acceptable: &str, critical: &str) -> ThresholdDraft {
        let mut d = draft(&CockpitSettings::default());
        d.lines[RuleField::ALL.iter().position(|f| *f == field).unwrap()] =
            LinesDraft { acceptable: acceptable.into(), critical: critical.into() };
        d
    }

    #[test]
    fn the_defaults_show_in_the_units_typed() {
        let d = draft(&CockpitSettings::default());
        // Pipeline coverage 3–4×, D share 3 %, the 130–150-day band with its 20-day margin.
        assert_eq!(d.lines[1], LinesDraft { acceptable: "4".into(), critical: "3".into() });
        assert_eq!(d.lines[3], LinesDraft { acceptable: "3".into(), critical: "3".into() });
        assert_eq!(d.lines[0], LinesDraft::default());
        assert_eq!((d.band_low.as_str(), d.band_high.as_str(), d.band_margin.as_str()), ("130", "150", "20"));
        assert_eq!(d.validate(&CockpitSettings::default()), Ok(CockpitSettings::default()));
    }

    #[test]
    fn lines_are_read_in_their_unit_and_direction() {
        let defaults = CockpitSettings::default();
        let limits = |acceptable, critical| Some(Limits { acceptable, critical });
        for (field, acceptable, critical, expected) in [
            (QuotaAttainment, "100%", "８０", limits(1.0, 0.8)),
            (PipelineCoverage, "5", "2.5×", limits(5.0, 2.5)),
            (DShare, "2", "5", limits(0.02, 0.05)),
            (DShare, "", "", None),
            (PipelineCoverage, "4", "4", limits(4.0, 4.0)),
            // The service desk's shares, in percent like the others.
            (SlaMet, "90", "80", limits(0.9, 0.8)),
            (Csat, "85 %", "70", limits(0.85, 0.7)),
            (SlaMet, "", "", None),
        ] {
            let settings = with_lines(field, acceptable, critical).validate(&defaults).unwrap();
            assert_eq!(field.rule(&settings).limits, expected, "{field:?} {acceptable} {critical}");
        }
    }

    #[test]
    fn problems_are_tied_to_their_fields() {
        let defaults = CockpitSettings::default();
        for (d, expected) in [
            (with_lines(Conversion, "abc", "10"), vec![(Acceptable(Conversion), NotANumber)]),
            (with_lines(Conversion, "-5", "10"), vec![(Acceptable(Conversion), NotANumber)]),
            (with_lines(Conversion, "30", ""), vec![(Critical(Conversion), MissingLine)]),
            (with_lines(Conversion, "", "10"), vec![(Acceptable(Conversion), MissingLine)]),
            // Higher is better: critical above acceptable is reversed; lower is better: below.
            (with_lines(PipelineCoverage, "3", "4"), vec![(Critical(PipelineCoverage), LinesReversed)]),
            (with_lines(DShare, "5", "2"), vec![(Critical(DShare), LinesReversed)]),
            (with_lines(Csat, "70", "80"), vec![(Critical(Csat), LinesReversed)]),
            (
                ThresholdDraft { band_low: "160".into(), band_high: "150".into(), ..draft(&defaults) },
                vec![(BandHigh, BandReversed)],
            ),
            (ThresholdDraft { band_low: "".into(), ..draft(&defaults) }, vec![(BandLow, NotANumber)]),
        ] {
            assert_eq!(d.validate(&defaults), Err(expected), "{d:?}");
        }
    }

    #[test]
    fn what_the_form_does_not_show_stays() {
        let defaults = CockpitSettings::default();
        let opened = CockpitSettings { flat_within: 0.05, csat_satisfied_from: 5, ..defaults };
        let saved = with_lines(DShare, "1", "4").validate(&opened).unwrap();
        assert_eq!((saved.flat_within, saved.csat_satisfied_from), (0.05, 5));
        assert_eq!(saved.d_share.limits, Some(Limits { acceptable: 0.01, critical: 0.04 }));
        assert_eq!(saved.d_share.direction, Direction::LowerIsBetter);
    }
}
