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
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub struct DriverSettings {
    /// Upper limits of the age bands in years, ascending: `[2, 5]` makes bands under 2, 2–5 and
    /// 5 and up (band 0 the youngest).
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

/// A part's use on one model at one age.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsumptionRate {
    /// Shared by every part of the model's designs: a workspace's parts copy no names.
    pub model: Rc<str>,
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
            .find(|c| &*c.model == model && c.age_band == age_band)
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

/// Which machines a month's hours count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counted {
    /// Active and idle machines: the fleet that made the history.
    Working,
    /// Active machines only: the fleet going forward.
    Active,
}

/// One model's machines as cumulative hours by delivery month.
#[derive(Clone, Debug, PartialEq)]
struct ModelFleet {
    /// The earliest delivery month.
    first: Month,
    /// Index `i`: hours a month worked by the machines delivered in `first + i` or before.
    working: Vec<f64>,
    active: Vec<f64>,
    /// Mean hours a month of the model's active machines working this month.
    active_mean_hours: Option<f64>,
}

impl ModelFleet {
    /// Hours a month of the machines delivered in `month` or before.
    fn delivered_by(&self, month: Month, counted: Counted) -> f64 {
        let cumulative = match counted {
            Counted::Working => &self.working,
            Counted::Active => &self.active,
        };
        let i = month.since(self.first);
        if i < 0 {
            0.0
        } else {
            cumulative[(i as usize).min(cumulative.len() - 1)]
        }
    }
}

/// The installed base as hours by model, month and age band, built once for a workspace and
/// shared by every part: a machine works a constant number of hours a month after delivery
/// ([`monthly_hours`]), so the hours of one age band in a month are those of the machines
/// delivered within the band's window, a difference of two cumulative sums. A part's rates and
/// driver demand then cost a few lookups per model and month, however large the fleet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fleet {
    by_model: HashMap<String, ModelFleet>,
    /// [`DriverSettings::age_band_limits_years`] in months.
    band_limits: Vec<i32>,
}

impl Fleet {
    /// The fleet of `machines` (scrapped ones and those without a delivery date never work);
    /// `today` dates the hours of machines whose hours per month are not entered.
    pub fn new(machines: &[Machine], today: Date, settings: &DriverSettings) -> Fleet {
        let mut deliveries: HashMap<&str, Vec<(Month, f64, bool)>> = HashMap::new();
        for machine in machines.iter().filter(|m| m.status != MachineStatus::Scrapped) {
            let Some(delivered) = machine.delivered else { continue };
            let month = delivered.month_of();
            let hours = monthly_hours(machine, month + 1, today);
            if hours > 0.0 {
                let active = machine.status == MachineStatus::Active;
                deliveries.entry(machine.model.as_str()).or_default().push((month, hours, active));
            }
        }
        let by_model = deliveries
            .into_iter()
            .map(|(model, mut list)| {
                list.sort_by_key(|&(month, _, _)| month);
                let first = list[0].0;
                let months = list[list.len() - 1].0.since(first) as usize + 1;
                let (mut working, mut active) = (vec![0.0; months], vec![0.0; months]);
                let (mut now_hours, mut now_count) = (0.0, 0usize);
                for &(month, hours, is_active) in &list {
                    let i = month.since(first) as usize;
                    working[i] += hours;
                    if is_active {
                        active[i] += hours;
                        if month < today.month_of() {
                            now_hours += hours;
                            now_count += 1;
                        }
                    }
                }
                for i in 1..months {
                    working[i] += working[i - 1];
                    active[i] += active[i - 1];
                }
                let active_mean_hours = (now_count > 0).then(|| now_hours / now_count as f64);
                (model.to_owned(), ModelFleet { first, working, active, active_mean_hours })
            })
            .collect();
        let band_limits = settings.age_band_limits_years.iter().map(|&years| years as i32 * PERIOD as i32).collect();
        Fleet { by_model, band_limits }
    }

    pub fn is_empty(&self) -> bool {
        self.by_model.is_empty()
    }

    /// Whether any of `models` has machines that work.
    pub fn has_any(&self, models: &[String]) -> bool {
        models.iter().any(|m| self.by_model.contains_key(m))
    }

    fn bands(&self) -> usize {
        self.band_limits.len() + 1
    }

    /// `models` with machines, each once, in the given order.
    fn of<'a>(&'a self, models: &'a [String]) -> Vec<(&'a str, &'a ModelFleet)> {
        let mut found: Vec<(&str, &ModelFleet)> = Vec::with_capacity(models.len());
        for model in models {
            if let Some(fleet) = self.by_model.get(model) {
                if !found.iter().any(|(m, _)| m == model) {
                    found.push((model, fleet));
                }
            }
        }
        found
    }

    /// Thousands of hours worked in `month` by `fleet`'s machines of age band `band`: those
    /// delivered between the band's ages (a machine works from the month after delivery).
    fn thousand_hours(&self, fleet: &ModelFleet, month: Month, band: usize, counted: Counted) -> f64 {
        let youngest = if band == 0 { 1 } else { self.band_limits[band - 1].max(1) };
        let Some(&oldest) = self.band_limits.get(band) else {
            return fleet.delivered_by(month + -youngest, counted) / 1000.0;
        };
        if oldest <= youngest {
            return 0.0;
        }
        (fleet.delivered_by(month + -youngest, counted) - fleet.delivered_by(month + -oldest, counted)) / 1000.0
    }
}

/// Rates learned from `history` (month `i` is `start + i`, `None` unknown) and the fleet of
/// `models` (see the module docs).
pub fn learn_rates(history: &[Option<u32>], start: Month, fleet: &Fleet, models: &[String]) -> Rates {
    rates_from(history, &Design::new(history, start, fleet, models))
}

/// The fleet's half of [`learn_rates`] for one set of models over one set of known months:
/// everything but the demand itself.
#[derive(Clone, Debug, Default, PartialEq)]
struct Design {
    models: Vec<Rc<str>>,
    /// (model in `models`, band) of each cell, in the order they first work, older bands first
    /// within a model.
    cells: Vec<(usize, usize)>,
    /// Per known month with a working fleet: its index in the history and its first entry.
    rows: Vec<(usize, usize)>,
    /// (cell, thousands of hours) of each row's working cells, rows one after the other.
    entries: Vec<(usize, f64)>,
    /// Σ w·x_c·x_k over the rows, `w` the row's inverse total hours: demand counts vary with
    /// their mean, so busier months weigh less per unit.
    gram: Vec<f64>,
    total_hours: f64,
}

impl Design {
    fn new(history: &[Option<u32>], start: Month, fleet: &Fleet, models: &[String]) -> Design {
        let models = fleet.of(models);
        let bands = fleet.bands();
        let mut design = Design { models: models.iter().map(|(m, _)| Rc::from(*m)).collect(), ..Design::default() };
        let mut cell_of: Vec<Option<usize>> = vec![None; models.len() * bands];
        for (i, quantity) in history.iter().enumerate() {
            if quantity.is_none() {
                continue;
            }
            let month = start + i as i32;
            let from = design.entries.len();
            for (m, (_, model_fleet)) in models.iter().enumerate() {
                for band in (0..bands).rev() {
                    let worked = fleet.thousand_hours(model_fleet, month, band, Counted::Working);
                    if worked <= 0.0 {
                        continue;
                    }
                    let cell = *cell_of[m * bands + band].get_or_insert_with(|| {
                        design.cells.push((m, band));
                        design.cells.len() - 1
                    });
                    design.entries.push((cell, worked));
                }
            }
            // A month without a working fleet says nothing about a rate per hour.
            if design.entries.len() > from {
                design.rows.push((i, from));
            }
        }
        let cells = design.cells.len();
        let (mut gram, mut total_hours) = (vec![0.0; cells * cells], 0.0);
        for r in 0..design.rows.len() {
            let hours = design.row(r);
            let row_total: f64 = hours.iter().map(|(_, x)| x).sum();
            total_hours += row_total;
            let w = 1.0 / row_total;
            for &(c, xc) in hours {
                for &(k, xk) in hours {
                    gram[c * cells + k] += w * xc * xk;
                }
            }
        }
        Design { gram, total_hours, ..design }
    }

    fn row(&self, r: usize) -> &[(usize, f64)] {
        &self.entries[self.rows[r].1..self.rows.get(r + 1).map_or(self.entries.len(), |next| next.1)]
    }
}

/// The [`Design`]s of a workspace's parts by models and known months: parts that fit the same
/// models and whose histories are known in the same months (as one import gives them) share
/// one, so a workspace recompute builds each once.
#[derive(Debug, Default)]
pub struct RateLearner {
    /// By models, then by [`RateLearner::months_key`].
    designs: HashMap<Vec<String>, HashMap<Vec<u64>, Design>>,
    /// The key being looked up, reused: a part whose design exists copies nothing.
    months_key: Vec<u64>,
}

impl RateLearner {
    /// [`learn_rates`], with the fleet's half built once per models and known months.
    pub fn learn(&mut self, history: &[Option<u32>], start: Month, fleet: &Fleet, models: &[String]) -> Rates {
        // The first month and the number of months, then one bit per month: set when known.
        self.months_key.clear();
        self.months_key.push((i64::from(start.year()) * 12 + i64::from(start.month())) as u64);
        self.months_key.push(history.len() as u64);
        for chunk in history.chunks(64) {
            self.months_key.push(chunk.iter().enumerate().fold(0, |bits, (i, q)| bits | (u64::from(q.is_some()) << i)));
        }
        if !self.designs.contains_key(models) {
            self.designs.insert(models.to_vec(), HashMap::new());
        }
        let by_months = self.designs.get_mut(models).expect("inserted above");
        if !by_months.contains_key(&self.months_key[..]) {
            by_months.insert(self.months_key.clone(), Design::new(history, start, fleet, models));
        }
        rates_from(history, &by_months[&self.months_key[..]])
    }
}

/// The rates of `history` on its [`Design`]: minimises Σ w·(y − Σ r·x)² over r ≥ 0 by
/// coordinate descent from the pooled rate for every cell (for one cell this is total demand ÷
/// total hours).
fn rates_from(history: &[Option<u32>], design: &Design) -> Rates {
    if design.total_hours <= 0.0 {
        return Rates::default();
    }
    let cells = design.cells.len();
    let demand = |r: usize| f64::from(history[design.rows[r].0].unwrap_or(0));
    let mut target = vec![0.0; cells];
    let mut total_demand = 0.0;
    for r in 0..design.rows.len() {
        let (y, hours) = (demand(r), design.row(r));
        total_demand += y;
        let w = 1.0 / hours.iter().map(|(_, x)| x).sum::<f64>();
        for &(c, xc) in hours {
            target[c] += w * xc * y;
        }
    }
    let pooled = total_demand / design.total_hours;
    let rates = nonnegative_least_squares(&design.gram, &target, pooled);
    Rates {
        cells: design
            .cells
            .iter()
            .zip(rates)
            .map(|(&(m, age_band), per_1000_hours)| ConsumptionRate {
                model: design.models[m].clone(),
                age_band,
                per_1000_hours,
            })
            .collect(),
        pooled_per_1000_hours: pooled,
    }
}

/// Minimises ½ rᵀ·gram·r − targetᵀ·r over r ≥ 0 (the weighted normal equations) by coordinate
/// descent from `start` for every rate: a sweep costs cells², however many months there are.
fn nonnegative_least_squares(gram: &[f64], target: &[f64], start: f64) -> Vec<f64> {
    const SWEEPS: usize = 100;
    // A sweep that moves no rate by more than this share of the pooled rate has converged.
    const TOLERANCE: f64 = 1e-9;
    let cells = target.len();
    let mut rates = vec![start; cells];
    for _ in 0..SWEEPS {
        let mut moved: f64 = 0.0;
        for cell in 0..cells {
            let row = &gram[cell * cells..(cell + 1) * cells];
            let curvature = row[cell];
            if curvature > 0.0 {
                let gradient = target[cell] - row.iter().zip(&rates).map(|(g, r)| g * r).sum::<f64>();
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
/// whose last month is `first − 1`) from the fleet of `models` and their `deliveries`.
pub fn driver_demand(
    first: Month,
    horizon: usize,
    fleet: &Fleet,
    models: &[String],
    deliveries: &[ExpectedDelivery],
    rates: &Rates,
    settings: &DriverSettings,
) -> DriverDemand {
    let models = fleet.of(models);
    let bands = fleet.bands();
    let rate: Vec<f64> =
        models.iter().flat_map(|(model, _)| (0..bands).map(|band| rates.per_1000_hours(model, band))).collect();
    let expected = |month: Month, counted: Counted| -> f64 {
        models
            .iter()
            .enumerate()
            .map(|(m, (_, model_fleet))| {
                (0..bands)
                    .map(|band| fleet.thousand_hours(model_fleet, month, band, counted) * rate[m * bands + band])
                    .sum::<f64>()
            })
            .sum()
    };
    let recent = settings.recent_months.max(1);
    let recent_level =
        (1..=recent).map(|back| expected(first + -(back as i32), Counted::Working)).sum::<f64>() / recent as f64;
    let installed_base: Vec<f64> = (0..horizon).map(|h| expected(first + h as i32, Counted::Active)).collect();

    // Each delivery's demand per working month: a new machine works its model's mean hours.
    let per_month: Vec<(Month, f64)> = deliveries
        .iter()
        .map(|d| {
            let hours = fleet
                .by_model
                .get(&d.model)
                .and_then(|f| f.active_mean_hours)
                .unwrap_or(settings.new_machine_hours_per_month);
            (d.month, d.count * hours / 1000.0 * rates.per_1000_hours(&d.model, 0))
        })
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
        // One 100 h machine delivered in January 2015: in the month `age` months later its hours
        // are all in one band (under 2 years, 2–5, 5 and up), none in the delivery month.
        let fleet =
            Fleet::new(&[machine("A", (2015, 1), 100, MachineStatus::Active)], today(), &DriverSettings::default());
        let model = &fleet.by_model["A"];
        for (age, band) in
            [(0, None), (1, Some(0)), (23, Some(0)), (24, Some(1)), (59, Some(1)), (60, Some(2)), (200, Some(2))]
        {
            let month = Month::new(2015, 1) + age;
            let hours: Vec<f64> = (0..3).map(|b| fleet.thousand_hours(model, month, b, Counted::Active)).collect();
            let expected: Vec<f64> = (0..3).map(|b| if Some(b) == band { 0.1 } else { 0.0 }).collect();
            assert_eq!(hours, expected, "age {age}");
        }
    }

    #[test]
    fn the_fleet_is_shared_hours_by_model() {
        let machines = [
            machine("SY215", (2022, 3), 100, MachineStatus::Active),
            machine("SY215", (2022, 3), 150, MachineStatus::Active),
            machine("SY215", (2022, 3), 80, MachineStatus::Idle),
            machine("SY215", (2022, 3), 500, MachineStatus::Scrapped),
            machine("SY215", (2023, 1), 120, MachineStatus::Active),
            // Running hours only: 2,400 h over the 24 months from 2022-12 to 2024-12.
            Machine { hours: 2_400, ..machine("XE60", (2022, 12), 0, MachineStatus::Active) },
            Machine { delivered: None, ..machine("XE60", (2020, 1), 100, MachineStatus::Active) },
            machine("ZX200", (2024, 12), 0, MachineStatus::Active),
        ];
        let settings = DriverSettings { age_band_limits_years: vec![], ..DriverSettings::default() };
        let fleet = Fleet::new(&machines, today(), &settings);
        // ZX200 never works (no hours, delivered this month); the undated XE60 is left out.
        assert!(fleet.has_any(&["ZX200".into(), "XE60".into()]) && !fleet.has_any(&["ZX200".into()]));
        let sy215 = &fleet.by_model["SY215"];
        let at = |year, month, counted| fleet.thousand_hours(sy215, Month::new(year, month), 0, counted);
        assert_eq!(at(2022, 3, Counted::Working), 0.0);
        assert!((at(2022, 4, Counted::Working) - 0.33).abs() < 1e-12);
        assert!((at(2022, 4, Counted::Active) - 0.25).abs() < 1e-12);
        assert!((at(2030, 1, Counted::Active) - 0.37).abs() < 1e-12);
        // A new SY215 works the mean of the active machines, not of any sum of them.
        assert!((sy215.active_mean_hours.unwrap() - 370.0 / 3.0).abs() < 1e-9);
        assert_eq!(fleet.by_model["XE60"].active_mean_hours, Some(100.0));
        assert!(Fleet::new(&[], today(), &settings).is_empty());
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
        let fleet = Fleet::new(&machines, today(), &DriverSettings::default());
        let rates = learn_rates(&history, Month::new(2024, 1), &fleet, &["SY215".into()]);
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
        let fleet = Fleet::new(&machines, today(), &DriverSettings::default());
        let rates = learn_rates(&history, Month::new(2024, 1), &fleet, &["A".into(), "B".into()]);
        assert!((rates.per_1000_hours("A", 0) - 3.0).abs() < 1e-6, "{rates:?}");
        assert!((rates.per_1000_hours("B", 0) - 1.0).abs() < 1e-6, "{rates:?}");
        // An unknown model gets the pooled rate: 34 over 14 thousand hours.
        assert!((rates.per_1000_hours("C", 0) - 34.0 / 14.0).abs() < 1e-9);
    }

    #[test]
    fn the_learner_shares_a_design_only_where_it_is_the_same() {
        let mut machines = vec![machine("A", (2023, 12), 1000, MachineStatus::Active)];
        machines.push(machine("B", (2024, 6), 1000, MachineStatus::Active));
        let fleet = Fleet::new(&machines, today(), &DriverSettings::default());
        let models: Vec<String> = vec!["A".into(), "B".into()];
        let start = Month::new(2024, 1);
        let histories = [
            vec![Some(3), Some(3), Some(3), Some(3), Some(3), Some(3), Some(4), Some(4), Some(4), Some(4)],
            vec![Some(1), Some(0), Some(2), Some(1), Some(1), Some(0), Some(9), Some(7), Some(8), Some(9)],
            // Other months known: its own design, not the first one's.
            vec![Some(3), None, None, Some(3), Some(3), Some(3), Some(9), None, Some(8), Some(9)],
        ];
        let mut learner = RateLearner::default();
        for history in histories.iter().chain(&histories) {
            assert_eq!(learner.learn(history, start, &fleet, &models), learn_rates(history, start, &fleet, &models));
        }
        // Other models: another design too.
        let only_a = ["A".to_owned()];
        let rates = learner.learn(&histories[0], start, &fleet, &only_a);
        assert_eq!(rates, learn_rates(&histories[0], start, &fleet, &only_a));
        assert_eq!(rates.cells.len(), 1);
        assert_eq!(learner.designs.values().map(HashMap::len).sum::<usize>(), 3);
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
        let fleet = Fleet::new(&machines, today(), &settings);
        let models = ["A".into(), "B".into()];
        let got = driver_demand(Month::new(2025, 1), 2, &fleet, &models, &deliveries, &rates, &settings);
        // Recent (Oct–Dec 2024): two machines × 0.5 thousand h × 2 = 2 a month. Forward: two
        // active machines × 0.5 × 2 = 2, so no change.
        assert_eq!(got.installed_base, [2.0, 2.0]);
        assert_eq!(got.installed_base_change, [0.0, 0.0]);
        // Half a B machine from February at 150 h/month (no B in the fleet): 0.5 · 0.15 · 2.
        assert_eq!(got.pipeline, [0.0, 0.15]);
        // An A machine at A's mean active hours (500), a part fitting A twice counted once.
        let deliveries = [ExpectedDelivery { model: "A".into(), month: Month::new(2025, 1), count: 0.5 }];
        let twice = ["A".into(), "A".into()];
        let got = driver_demand(Month::new(2025, 1), 2, &fleet, &twice, &deliveries, &rates, &settings);
        assert_eq!((got.installed_base, got.pipeline), (vec![2.0, 2.0], vec![0.0, 0.5]));
    }
}
