//! The stock-policy settings a user edits (Settings → Parts stock policy): target service level,
//! the days-of-cover band and the months without demand that make stock dead. The draft holds
//! the typed texts; [`PolicyDraft::validate`] ties each problem to its field and a valid draft
//! gives the [`PolicyChoice`] stored in the settings store under [`SETTING_KEY`].

use super::policy::PolicySettings;
use serde::{Deserialize, Serialize};

/// The settings-store key of the workspace's [`PolicyChoice`].
pub const SETTING_KEY: &str = "parts.policy";

/// Service levels offered, in percent: below 50 % the safety stock would be negative; 99.9 %
/// already needs 3.1 spreads.
pub const SERVICE_LEVEL_PERCENT: (f64, f64) = (50.0, 99.9);
/// Days of cover a band may name: up to two years.
pub const COVER_DAYS: (u32, u32) = (1, 730);
/// Months without demand before stock is dead: up to ten years.
pub const DEAD_MONTHS: (u32, u32) = (1, 120);

/// What the user chose; stored as JSON. Missing fields read as the defaults.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyChoice {
    /// 0.5–0.999.
    pub service_level: f64,
    pub cover_days_min: u32,
    pub cover_days_max: u32,
    pub dead_after_months: u32,
}

impl Default for PolicyChoice {
    fn default() -> PolicyChoice {
        let defaults = PolicySettings::default();
        PolicyChoice {
            service_level: defaults.service_level,
            cover_days_min: defaults.cover_days_min,
            cover_days_max: defaults.cover_days_max,
            dead_after_months: defaults.dead_after_months as u32,
        }
    }
}

impl PolicyChoice {
    /// `settings` with this choice applied (the review period stays).
    pub fn apply(&self, settings: &PolicySettings) -> PolicySettings {
        PolicySettings {
            service_level: self.service_level,
            cover_days_min: self.cover_days_min,
            cover_days_max: self.cover_days_max,
            dead_after_months: self.dead_after_months as usize,
            ..settings.clone()
        }
    }

    /// The draft showing this choice (the service level in percent).
    pub fn draft(&self) -> PolicyDraft {
        PolicyDraft {
            service_level_percent: trim_number(self.service_level * 100.0),
            cover_days_min: self.cover_days_min.to_string(),
            cover_days_max: self.cover_days_max.to_string(),
            dead_after_months: self.dead_after_months.to_string(),
        }
    }
}

/// `95`, `97.5`: no trailing zeros, at most two decimals.
fn trim_number(value: f64) -> String {
    let text = format!("{:.2}", value);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyDraft {
    pub service_level_percent: String,
    pub cover_days_min: String,
    pub cover_days_max: String,
    pub dead_after_months: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyField {
    ServiceLevel,
    CoverDaysMin,
    CoverDaysMax,
    DeadAfterMonths,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PolicyProblem {
    /// Not a number (whole where whole numbers are asked for).
    NotANumber,
    OutOfRange {
        min: f64,
        max: f64,
    },
    /// The band's upper bound is below its lower bound.
    BandReversed,
}

impl PolicyDraft {
    /// The choice, or every field's problem in field order.
    pub fn validate(&self) -> Result<PolicyChoice, Vec<(PolicyField, PolicyProblem)>> {
        let mut problems = Vec::new();
        let (low, high) = SERVICE_LEVEL_PERCENT;
        let service = match number(&self.service_level_percent) {
            // Two decimals of a percent are kept; the division must not leave 0.9990000000000001.
            Some(percent) if (low..=high).contains(&percent) => Some((percent * 100.0).round() / 10_000.0),
            Some(_) => {
                problems.push((PolicyField::ServiceLevel, PolicyProblem::OutOfRange { min: low, max: high }));
                None
            }
            None => {
                problems.push((PolicyField::ServiceLevel, PolicyProblem::NotANumber));
                None
            }
        };
        let mut whole = |field, text: &str, (min, max): (u32, u32)| match whole_number(text) {
            Some(value) if (min..=max).contains(&value) => Some(value),
            Some(_) => {
                problems.push((field, PolicyProblem::OutOfRange { min: f64::from(min), max: f64::from(max) }));
                None
            }
            None => {
                problems.push((field, PolicyProblem::NotANumber));
                None
            }
        };
        let cover_min = whole(PolicyField::CoverDaysMin, &self.cover_days_min, COVER_DAYS);
        let cover_max = whole(PolicyField::CoverDaysMax, &self.cover_days_max, COVER_DAYS);
        let dead = whole(PolicyField::DeadAfterMonths, &self.dead_after_months, DEAD_MONTHS);
        if let (Some(min), Some(max)) = (cover_min, cover_max) {
            if max < min {
                problems.push((PolicyField::CoverDaysMax, PolicyProblem::BandReversed));
            }
        }
        match (service, cover_min, cover_max, dead) {
            (Some(service_level), Some(cover_days_min), Some(cover_days_max), Some(dead_after_months))
                if problems.is_empty() =>
            {
                Ok(PolicyChoice { service_level, cover_days_min, cover_days_max, dead_after_months })
            }
            _ => Err(problems),
        }
    }
}

/// Full-width digits and a trailing `%` are read as typed on a Chinese keyboard.
fn normalise(text: &str) -> String {
    crate::domain::fields::half_width_number(text, &['%', '％'])
}

fn number(text: &str) -> Option<f64> {
    let text = normalise(text);
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.');
    plain.then(|| text.parse::<f64>().ok()).flatten().filter(|v| v.is_finite())
}

fn whole_number(text: &str) -> Option<u32> {
    let text = normalise(text);
    (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(service: &str, min: &str, max: &str, dead: &str) -> PolicyDraft {
        PolicyDraft {
            service_level_percent: service.into(),
            cover_days_min: min.into(),
            cover_days_max: max.into(),
            dead_after_months: dead.into(),
        }
    }

    fn check(input: PolicyDraft, expected: Result<PolicyChoice, Vec<(PolicyField, PolicyProblem)>>) {
        assert_eq!(input.validate(), expected, "{input:?}");
    }

    fn choice(service_level: f64, cover_days_min: u32, cover_days_max: u32, dead_after_months: u32) -> PolicyChoice {
        PolicyChoice { service_level, cover_days_min, cover_days_max, dead_after_months }
    }

    #[test]
    fn drafts_are_validated_field_by_field() {
        use PolicyField::*;
        use PolicyProblem::*;
        check(draft("95", "130", "150", "12"), Ok(choice(0.95, 130, 150, 12)));
        check(draft(" 97.5% ", "１３０", "150", "24"), Ok(choice(0.975, 130, 150, 24)));
        check(draft("99.9", "150", "150", "1"), Ok(choice(0.999, 150, 150, 1)));
        check(draft("50", "1", "730", "120"), Ok(choice(0.5, 1, 730, 120)));
        check(draft("", "130", "150", "12"), Err(vec![(ServiceLevel, NotANumber)]));
        check(draft("-5", "130", "150", "12"), Err(vec![(ServiceLevel, NotANumber)]));
        check(draft("100", "130", "150", "12"), Err(vec![(ServiceLevel, OutOfRange { min: 50.0, max: 99.9 })]));
        check(draft("49.9", "130", "150", "12"), Err(vec![(ServiceLevel, OutOfRange { min: 50.0, max: 99.9 })]));
        check(draft("95", "130.5", "150", "12"), Err(vec![(CoverDaysMin, NotANumber)]));
        check(
            draft("95", "0", "731", "0"),
            Err(vec![
                (CoverDaysMin, OutOfRange { min: 1.0, max: 730.0 }),
                (CoverDaysMax, OutOfRange { min: 1.0, max: 730.0 }),
                (DeadAfterMonths, OutOfRange { min: 1.0, max: 120.0 }),
            ]),
        );
        check(draft("95", "150", "130", "12"), Err(vec![(CoverDaysMax, BandReversed)]));
        check(
            draft("x", "150", "130", "abc"),
            Err(vec![(ServiceLevel, NotANumber), (DeadAfterMonths, NotANumber), (CoverDaysMax, BandReversed)]),
        );
    }

    #[test]
    fn a_choice_shows_as_its_draft_and_applies_to_the_policy() {
        let defaults = PolicyChoice::default();
        assert_eq!(defaults, choice(0.95, 130, 150, 12));
        assert_eq!(defaults.draft(), draft("95", "130", "150", "12"));
        assert_eq!(choice(0.975, 140, 160, 6).draft().validate(), Ok(choice(0.975, 140, 160, 6)));
        let applied = choice(0.99, 100, 120, 6).apply(&PolicySettings::default());
        assert_eq!(
            applied,
            PolicySettings {
                service_level: 0.99,
                cover_days_min: 100,
                cover_days_max: 120,
                dead_after_months: 6,
                ..PolicySettings::default()
            }
        );
    }
}
