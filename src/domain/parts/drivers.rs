//! Demand drivers the part's own history cannot see coming (DOMAIN.md §5): the installed base
//! (machines in the field: hours worked × consumption per 1,000 hours by model and age) and the
//! pipeline (machines the funnel expects to deliver, which need parts once running).
//!
//! - A machine works [`monthly_hours`] in each month after its delivery month: its hours per
//!   month, or, when that is not entered, its running hours spread over the months since
//!   delivery. Going forward only active machines work; for the history idle ones count too
//!   (they were working when the history was made) and scrapped ones do not (when they were
//!   scrapped is unknown).
//! - Consumption rates are learned from the part's history ([`learn_rates`]) per model and age
//!   band, by non-negative least squares weighted by the fleet's hours (for one cell this is
//!   total demand ÷ total hours); a (model, band) without hours in the history uses the part's
//!   pooled rate.
//! - The statistical forecast already carries the demand of the fleet as it was, so the
//!   installed base adds only its **change**: expected demand in each horizon month minus the
//!   mean expected over the last [`DriverSettings::recent_months`] history months.
//! - New machines from the pipeline work from the month after delivery at their model's mean
//!   hours in the fleet (else [`DriverSettings::new_machine_hours_per_month`]), at the youngest
//!   band's rate.

use super::forecast::PERIOD;
use crate::domain::date::{Date, Month};
use crate::domain::model::{Machine, MachineStatus};

#[derive(Clone, Debug, PartialEq)]
pub struct DriverSettings {
    /// Upper limits of the age bands in years: `[2, 5]` makes bands under 2, 2–5 and 5 and up.
    pub age_band_limits_years: Vec<u32>,
    /// History months the fleet's recent level is taken over.
    pub recent_months: usize,
    /// Hours per month of a new machine of a model the fleet does not have.
    pub new_machine_hours_per_month: f64,
}

impl Default for DriverSettings {
    fn default() -> DriverSettings {
        DriverSettings { age_band_limits_years: vec![2, 5], recent_months: 12, new_machine_hours_per_month: 150.0 }
    }
}

impl DriverSettings {
    /// The age band (0 = youngest) of a machine delivered `months` ago.
    pub fn age_band(&self, months: i32) -> usize {
        self.age_band_limits_years.iter().take_while(|&&limit| months >= limit as i32 * PERIOD as i32).count()
    }
}

/// A part's use on one model at one age.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsumptionRate {
    pub model: String,
    pub age_band: usize,
    pub per_1000_hours: f64,
}

/// A part's consumption rates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rates {
    pub cells: Vec<ConsumptionRate>,
    /// Total demand ÷ total fleet hours × 1,000: the rate where no cell applies.
    pub pooled_per_1000_hours: f64,
}

impl Rates {
    pub fn per_1000_hours(&self, model: &str, age_band: usize) -> f64 {
        self.cells
            .iter()
            .find(|c| c.model == model && c.age_band == age_band)
            .map_or(self.pooled_per_1000_hours, |c| c.per_1000_hours)
    }
}

/// Machines the funnel expects delivered in a month (a fraction: the expectation).
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedDelivery {
    pub model: String,
    pub month: Month,
    pub count: f64,
}

/// Each driver's contribution to a part's forecast, per horizon month.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DriverDemand {
    /// Expected demand of the active installed base (for showing; not added as a whole).
    pub installed_base: Vec<f64>,
    /// What the installed base adds to the statistical forecast: its change against the recent
    /// history (negative when the fleet shrinks).
    pub installed_base_change: Vec<f64>,
    /// Demand from machines still to be delivered.
    pub pipeline: Vec<f64>,
}

/// Hours `machine` works in `month`; `today` dates an estimate from its running hours.
pub fn monthly_hours(machine: &Machine, month: Month, today: Date) -> f64 {
    let Some(delivered) = machine.delivered else { return 0.0 };
    if month <= delivered.month_of() {
        return 0.0;
    }
    if machine.hours_per_month > 0 {
        return f64::from(machine.hours_per_month);
    }
    let months = today.month_of().since(delivered.month_of());
    if months > 0 {
        f64::from(machine.hours) / f64::from(months)
    } else {
        0.0
    }
}

/// Rates learned from `history` (month `i` is `start + i`, `None` unknown) and the machines
/// the part fits (see the module docs).
pub fn learn_rates(
    history: &[Option<u32>],
    start: Month,
    machines: &[Machine],
    today: Date,
    settings: &DriverSettings,
) -> Rates {
    let working: Vec<&Machine> = machines.iter().filter(|m| m.status != MachineStatus::Scrapped).collect();
    // Cells: (model, band); per known month the thousands of hours of each cell.
    let mut cells: Vec<(String, usize)> = Vec::new();
    let mut rows: Vec<(f64, Vec<(usize, f64)>)> = Vec::new();
    for (i, quantity) in history.iter().enumerate() {
        let Some(quantity) = quantity else { continue };
        let month = start + i as i32;
        let mut hours: Vec<(usize, f64)> = Vec::new();
        for machine in &working {
            let worked = monthly_hours(machine, month, today) / 1000.0;
            if worked <= 0.0 {
                continue;
            }
            let band = machine.delivered.map_or(0, |d| settings.age_band(month.since(d.month_of())));
            let cell = match cells.iter().position(|(model, b)| *model == machine.model && *b == band) {
                Some(cell) => cell,
                None => {
                    cells.push((machine.model.clone(), band));
                    cells.len() - 1
                }
            };
            match hours.iter_mut().find(|(c, _)| *c == cell) {
                Some((_, total)) => *total += worked,
                None => hours.push((cell, worked)),
            }
        }
        // A month without a working fleet says nothing about a rate per hour.
        if !hours.is_empty() {
            rows.push((f64::from(*quantity), hours));
        }
    }
    let total_demand: f64 = rows.iter().map(|(y, _)| y).sum();
    let total_hours: f64 = rows.iter().flat_map(|(_, h)| h.iter().map(|(_, x)| x)).sum();
    if total_hours <= 0.0 {
        return Rates::default();
    }
    let pooled = total_demand / total_hours;
    let rates = nonnegative_least_squares(&rows, cells.len(), pooled);
    Rates {
        cells: cells
            .into_iter()
            .zip(rates)
            .map(|((model, age_band), per_1000_hours)| ConsumptionRate { model, age_band, per_1000_hours })
            .collect(),
        pooled_per_1000_hours: pooled,
    }
}

/// Minimises Σ (y − Σ r·x)² / w over r ≥ 0, w the row's total hours (demand counts vary with
/// their mean), by coordinate descent from `start` for every rate.
fn nonnegative_least_squares(rows: &[(f64, Vec<(usize, f64)>)], cells: usize, start: f64) -> Vec<f64> {
    const SWEEPS: usize = 100;
    // A sweep that moves no rate by more than this share of the pooled rate has converged.
    const TOLERANCE: f64 = 1e-9;
    let mut rates = vec![start; cells];
    let weight = |hours: &[(usize, f64)]| 1.0 / hours.iter().map(|(_, x)| x).sum::<f64>();
    for _ in 0..SWEEPS {
        let mut moved: f64 = 0.0;
        for cell in 0..cells {
            let (mut gradient, mut curvature) = (0.0, 0.0);
            for (y, hours) in rows {
                let Some(&(_, x)) = hours.iter().find(|(c, _)| *c == cell) else { continue };
                let fitted: f64 = hours.iter().map(|&(c, x)| rates[c] * x).sum();
                let w = weight(hours);
                gradient += w * x * (y - fitted);
                curvature += w * x * x;
            }
            if curvature > 0.0 {
                let updated = (rates[cell] + gradient / curvature).max(0.0);
                moved = moved.max((updated - rates[cell]).abs());
                rates[cell] = updated;
            }
        }
        if moved <= TOLERANCE * start {
            break;
        }
    }
    rates
}

/// Each driver's demand for the `horizon` months from `first` (the month after the history,
/// whose last month is `first − 1`).
pub fn driver_demand(
    first: Month,
    horizon: usize,
    machines: &[Machine],
    deliveries: &[ExpectedDelivery],
    rates: &Rates,
    today: Date,
    settings: &DriverSettings,
) -> DriverDemand {
    let expected = |month: Month, include: &dyn Fn(&Machine) -> bool| -> f64 {
        machines
            .iter()
            .filter(|m| include(m))
            .map(|m| {
                let band = m.delivered.map_or(0, |d| settings.age_band(month.since(d.month_of())));
                monthly_hours(m, month, today) / 1000.0 * rates.per_1000_hours(&m.model, band)
            })
            .sum()
    };
    let active = |m: &Machine| m.status == MachineStatus::Active;
    let working = |m: &Machine| m.status != MachineStatus::Scrapped;
    let recent = settings.recent_months.max(1);
    let recent_level = (1..=recent).map(|back| expected(first + -(back as i32), &working)).sum::<f64>() / recent as f64;
    let installed_base: Vec<f64> = (0..horizon).map(|h| expected(first + h as i32, &active)).collect();

    let model_hours = |model: &str| {
        let hours: Vec<f64> = machines
            .iter()
            .filter(|m| m.model == model && m.status == MachineStatus::Active)
            .map(|m| monthly_hours(m, today.month_of(), today))
            .filter(|&h| h > 0.0)
            .collect();
        if hours.is_empty() {
            settings.new_machine_hours_per_month
        } else {
            hours.iter().sum::<f64>() / hours.len() as f64
        }
    };
    // Each delivery's demand per working month, computed once (the model's hours scan the fleet).
    let per_month: Vec<(Month, f64)> = deliveries
        .iter()
        .map(|d| (d.month, d.count * model_hours(&d.model) / 1000.0 * rates.per_1000_hours(&d.model, 0)))
        .collect();
    let pipeline = (0..horizon)
        .map(|h| {
            let month = first + h as i32;
            per_month.iter().filter(|(delivered, _)| *delivered < month).map(|(_, demand)| demand).sum()
        })
        .collect();
    DriverDemand {
        installed_base_change: installed_base.iter().map(|e| e - recent_level).collect(),
        installed_base,
        pipeline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(model: &str, delivered: (i32, u32), hours_per_month: u32, status: MachineStatus) -> Machine {
        Machine {
            model: model.to_owned(),
            delivered: Date::from_ymd(delivered.0, delivered.1, 15),
            hours_per_month,
            status,
            ..Machine::default()
        }
    }

    fn today() -> Date {
        Date::from_ymd(2024, 12, 31).unwrap()
    }

    #[test]
    fn machines_work_from_the_month_after_delivery() {
        let m = machine("SY215", (2024, 3), 200, MachineStatus::Active);
        assert_eq!(monthly_hours(&m, Month::new(2024, 3), today()), 0.0);
        assert_eq!(monthly_hours(&m, Month::new(2024, 4), today()), 200.0);
        // 900 running hours over the 9 months since March 2024.
        let estimated = Machine { hours_per_month: 0, hours: 900, ..m };
        assert_eq!(monthly_hours(&estimated, Month::new(2024, 6), today()), 100.0);
    }

    #[test]
    fn age_bands() {
        let settings = DriverSettings::default();
        for (months, band) in [(0, 0), (23, 0), (24, 1), (59, 1), (60, 2), (200, 2)] {
            assert_eq!(settings.age_band(months), band, "{months}");
        }
    }

    #[test]
    fn one_cell_learns_demand_per_thousand_hours() {
        // Two machines of 250 h/month from January 2024 (both young): 0.5 thousand hours a month
        // from February. A scrapped machine does not count.
        let machines = [
            machine("SY215", (2024, 1), 250, MachineStatus::Active),
            machine("SY215", (2024, 1), 250, MachineStatus::Idle),
            machine("SY215", (2023, 1), 900, MachineStatus::Scrapped),
        ];
        let history = [Some(1), Some(1), None, Some(2), Some(1), Some(1), Some(1)];
        let rates = learn_rates(&history, Month::new(2024, 1), &machines, today(), &DriverSettings::default());
        // January has no hours (delivered that month) and is left out; March is unknown. Five
        // known months Feb–Jul: demand 6 over 2.5 thousand hours.
        assert!((rates.pooled_per_1000_hours - 6.0 / 2.5).abs() < 1e-9, "{rates:?}");
        assert_eq!(rates.cells.len(), 1);
        assert!((rates.cells[0].per_1000_hours - 6.0 / 2.5).abs() < 1e-6);
    }

    #[test]
    fn two_models_are_told_apart() {
        // Model A alone for 6 months (1 thousand h/month, 3 a month), then B joins (1 thousand
        // h/month) and demand is 4: A uses 3, B 1 per 1,000 h.
        let mut machines = vec![machine("A", (2023, 12), 1000, MachineStatus::Active)];
        machines.push(machine("B", (2024, 6), 1000, MachineStatus::Active));
        let history = [Some(3), Some(3), Some(3), Some(3), Some(3), Some(3), Some(4), Some(4), Some(4), Some(4)];
        let rates = learn_rates(&history, Month::new(2024, 1), &machines, today(), &DriverSettings::default());
        assert!((rates.per_1000_hours("A", 0) - 3.0).abs() < 1e-6, "{rates:?}");
        assert!((rates.per_1000_hours("B", 0) - 1.0).abs() < 1e-6, "{rates:?}");
        // An unknown model gets the pooled rate: 34 over 14 thousand hours.
        assert!((rates.per_1000_hours("C", 0) - 34.0 / 14.0).abs() < 1e-9);
    }

    #[test]
    fn installed_base_change_and_pipeline_by_hand() {
        // Rate 2 per 1,000 h. Fleet: one active 500 h/month machine since 2023, one delivered
        // December 2024 (works from January 2025), one idle (worked in the history, not after).
        let rates = Rates { cells: vec![], pooled_per_1000_hours: 2.0 };
        let machines = [
            machine("A", (2023, 1), 500, MachineStatus::Active),
            machine("A", (2024, 12), 500, MachineStatus::Active),
            machine("A", (2023, 1), 500, MachineStatus::Idle),
        ];
        let deliveries = [ExpectedDelivery { model: "B".into(), month: Month::new(2025, 1), count: 0.5 }];
        let settings = DriverSettings { recent_months: 3, ..DriverSettings::default() };
        let got = driver_demand(Month::new(2025, 1), 2, &machines, &deliveries, &rates, today(), &settings);
        // Recent (Oct–Dec 2024): two machines × 0.5 thousand h × 2 = 2 a month. Forward: two
        // active machines × 0.5 × 2 = 2, so no change.
        assert_eq!(got.installed_base, [2.0, 2.0]);
        assert_eq!(got.installed_base_change, [0.0, 0.0]);
        // Half a B machine from February at 150 h/month (no B in the fleet): 0.5 · 0.15 · 2.
        assert_eq!(got.pipeline, [0.0, 0.15]);
    }
}
