//! Demand drivers the part's own history cannot see coming (docs/domain.md §5): the installed base
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
        each_once(models).filter_map(|model| Some((model.as_str(), self.by_model.get(model)?))).collect()
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
    rates_from(history, &Design::new(history, start, fleet, models), &mut RateSolver::default())
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
    /// (cell, share of the row's hours) of each row's working cells, rows one after the other:
    /// `w·x_c`, `w` the row's inverse total hours, which is all a part's demand is weighed by.
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
            let range = design.row(r);
            let hours = &mut design.entries[range];
            let row_total: f64 = hours.iter().map(|(_, x)| x).sum();
            total_hours += row_total;
            let w = 1.0 / row_total;
            for &(c, xc) in hours.iter() {
                for &(k, xk) in hours.iter() {
                    gram[c * cells + k] += w * xc * xk;
                }
            }
            for (_, x) in hours.iter_mut() {
                *x *= w;
            }
        }
        Design { gram, total_hours, ..design }
    }

    /// The range of row `r`'s entries.
    fn row(&self, r: usize) -> std::ops::Range<usize> {
        self.rows[r].1..self.rows.get(r + 1).map_or(self.entries.len(), |next| next.1)
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
    solver: RateSolver,
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
        rates_from(history, &by_months[&self.months_key[..]], &mut self.solver)
    }
}

/// The rates of `history` on its [`Design`]: minimises Σ w·(y − Σ r·x)² over r ≥ 0 (for one
/// cell this is total demand ÷ total hours).
fn rates_from(history: &[Option<u32>], design: &Design, solver: &mut RateSolver) -> Rates {
    if design.total_hours <= 0.0 {
        return Rates::default();
    }
    solver.target.clear();
    solver.target.resize(design.cells.len(), 0.0);
    let mut total_demand = 0.0;
    for r in 0..design.rows.len() {
        let y = f64::from(history[design.rows[r].0].unwrap_or(0));
        total_demand += y;
        for &(c, share) in &design.entries[design.row(r)] {
            solver.target[c] += share * y;
        }
    }
    let pooled = total_demand / design.total_hours;
    solver.solve(&design.gram);
    Rates {
        cells: design
            .cells
            .iter()
            .zip(&solver.rates)
            .map(|(&(m, age_band), &per_1000_hours)| ConsumptionRate {
                model: design.models[m].clone(),
                age_band,
                per_1000_hours,
            })
            .collect(),
        pooled_per_1000_hours: pooled,
    }
}

/// Non-negative least squares on the normal equations, its buffers kept from part to part.
#[derive(Debug, Default)]
struct RateSolver {
    target: Vec<f64>,
    rates: Vec<f64>,
    free: Vec<bool>,
    /// The free cells, the Cholesky factor of their gram and their solution.
    index: Vec<usize>,
    lower: Vec<f64>,
    solution: Vec<f64>,
}

impl RateSolver {
    /// Makes `rates` minimise ½ rᵀ·gram·r − targetᵀ·r over r ≥ 0 by Lawson and Hanson's active
    /// set: rates are freed one at a time, the one whose gradient gains most, and the free ones
    /// solved exactly; a solution that turns a free rate negative stops at the boundary and
    /// binds it again. A part's demand is mostly a few cells, most rates end at 0 and each solve
    /// is a few cells square, so this is exact and cheap where coordinate descent crawls along
    /// correlated age bands.
    fn solve(&mut self, gram: &[f64]) {
        let cells = self.target.len();
        // Gains below this share of the largest target are rounding, not a reason to free a
        // rate: it also keeps a cell whose hours repeat another's (a singular gram) at 0.
        let tolerance = 1e-10 * self.target.iter().fold(0.0_f64, |m, t| m.max(t.abs()));
        self.rates.clear();
        self.rates.resize(cells, 0.0);
        self.free.clear();
        self.free.resize(cells, false);
        self.solution.resize(cells, 0.0);
        self.lower.resize(cells * cells, 0.0);
        // Each freeing is kept by a solve that improves the objective, so this bound is never
        // met in exact arithmetic; it stops rounding from cycling.
        for _ in 0..3 * cells {
            let gain = |cell: usize| {
                self.target[cell]
                    - gram[cell * cells..(cell + 1) * cells].iter().zip(&self.rates).map(|(g, r)| g * r).sum::<f64>()
            };
            let Some((entering, best)) =
                (0..cells).filter(|&c| !self.free[c]).map(|c| (c, gain(c))).max_by(|a, b| a.1.total_cmp(&b.1))
            else {
                break;
            };
            if best <= tolerance {
                break;
            }
            self.free[entering] = true;
            loop {
                if !self.solve_free(gram) {
                    self.free[entering] = false;
                    return;
                }
                let (rates, solution, free) = (&mut self.rates, &self.solution, &mut self.free);
                if solution.iter().zip(free.iter()).all(|(&z, &f)| !f || z > 0.0) {
                    rates.copy_from_slice(solution);
                    break;
                }
                // Step towards the solution until the first free rate reaches 0, and bind it:
                // bound by name, not by its rounded value, so every pass binds one and this loop
                // ends within `cells` passes.
                let Some((blocking, step)) = (0..cells)
                    .filter(|&c| free[c] && solution[c] <= 0.0)
                    .map(|c| (c, rates[c] / (rates[c] - solution[c])))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                else {
                    // Only a solution that is not a number gets here: keep the last rates.
                    return;
                };
                for ((rate, &solved), free) in rates.iter_mut().zip(solution).zip(free.iter_mut()) {
                    *rate += step * (solved - *rate);
                    if *free && *rate <= 0.0 {
                        (*free, *rate) = (false, 0.0);
                    }
                }
                (free[blocking], rates[blocking]) = (false, 0.0);
            }
        }
    }

    /// Makes `solution` solve the normal equations on the free cells with the others at 0, by
    /// Cholesky; false when those cells' gram is not positive definite.
    fn solve_free(&mut self, gram: &[f64]) -> bool {
        let cells = self.target.len();
        let RateSolver { target, free, index, lower, solution, .. } = self;
        index.clear();
        index.extend((0..cells).filter(|&c| free[c]));
        let n = index.len();
        for i in 0..n {
            for j in 0..=i {
                let dot: f64 = (0..j).map(|k| lower[i * n + k] * lower[j * n + k]).sum();
                let entry = gram[index[i] * cells + index[j]] - dot;
                if i == j {
                    if entry <= 1e-12 * gram[index[i] * cells + index[i]] {
                        return false;
                    }
                    lower[i * n + i] = entry.sqrt();
                } else {
                    lower[i * n + j] = entry / lower[j * n + j];
                }
            }
        }
        // Forward then back substitution in the first `n` slots, then each to its cell's slot.
        for i in 0..n {
            let dot: f64 = (0..i).map(|k| lower[i * n + k] * solution[k]).sum();
            solution[i] = (target[index[i]] - dot) / lower[i * n + i];
        }
        for i in (0..n).rev() {
            let dot: f64 = (i + 1..n).map(|k| lower[k * n + i] * solution[k]).sum();
            solution[i] = (solution[i] - dot) / lower[i * n + i];
        }
        // Each free cell's slot is at or after its solved one, so from the last on none is
        // overwritten before it moves.
        solution[n..].fill(0.0);
        for i in (0..n).rev() {
            let value = solution[i];
            solution[i] = 0.0;
            solution[index[i]] = value;
        }
        true
    }
}

/// Each driver's demand for the `horizon` months from `first` (the month after the history,
/// whose last month is `first − 1`) from the fleet of `models` and their `deliveries`.
pub fn driver_demand(
    first: Month,
    horizon: usize,
    fleet: &Fleet,
    models: &[String],
    deliveries: &[&ExpectedDelivery],
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
    // Deliveries come grouped by model, so each model is looked up once.
    let mut per_thousand: Option<(&str, f64)> = None;
    let per_month: Vec<(Month, f64)> = deliveries
        .iter()
        .map(|d| {
            let per_machine = match per_thousand {
                Some((model, demand)) if model == d.model => demand,
                _ => {
                    let hours = fleet
                        .by_model
                        .get(&d.model)
                        .and_then(|f| f.active_mean_hours)
                        .unwrap_or(settings.new_machine_hours_per_month);
                    let demand = hours / 1000.0 * rates.per_1000_hours(&d.model, 0);
                    per_thousand = Some((&d.model, demand));
                    demand
                }
            };
            (d.month, d.count * per_machine)
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

/// `models` without repeats, in order: a part that lists a model twice fits it once, so its
/// machines and deliveries count once.
pub(super) fn each_once(models: &[String]) -> impl Iterator<Item = &String> {
    models.iter().enumerate().filter(|(i, model)| !models[..*i].contains(model)).map(|(_, model)| model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_model_once_in_order() {
        let models: Vec<String> = ["SY215C", "SY75C", "SY215C", "SY365H", "SY75C"].map(String::from).to_vec();
        assert_eq!(each_once(&models).collect::<Vec<_>>(), ["SY215C", "SY75C", "SY365H"]);
        assert_eq!(each_once(&[]).count(), 0);
    }

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
        // Model A alone for 6 months (1 thousand h/month), then B joins (1 thousand h/month).
        let mut machines = vec![machine("A", (2023, 12), 1000, MachineStatus::Active)];
        machines.push(machine("B", (2024, 6), 1000, MachineStatus::Active));
        let fleet = Fleet::new(&machines, today(), &DriverSettings::default());
        // (demand before B, demand after, A's and B's rate, the pooled rate)
        let cases = [
            // 3 then 4: A uses 3, B 1 per 1,000 h; 34 over 14 thousand hours pooled.
            (3, 4, 3.0, 1.0, 34.0 / 14.0),
            // 3 then 2: unbound, B would use −1. With B at 0, A's rate is Σ w·x·y / Σ w·x² with
            // x = 1 every month and w = 1 before B, ½ after: (6·3 + 4·½·2) / (6 + 4·½) = 22/8.
            (3, 2, 22.0 / 8.0, 0.0, 26.0 / 14.0),
        ];
        for (before, after, a, b, pooled) in cases {
            let history: Vec<Option<u32>> = (0..10).map(|i| Some(if i < 6 { before } else { after })).collect();
            let rates = learn_rates(&history, Month::new(2024, 1), &fleet, &["A".into(), "B".into()]);
            assert!((rates.per_1000_hours("A", 0) - a).abs() < 1e-9, "{rates:?}");
            assert!((rates.per_1000_hours("B", 0) - b).abs() < 1e-9, "{rates:?}");
            // An unknown model gets the pooled rate.
            assert!((rates.per_1000_hours("C", 0) - pooled).abs() < 1e-9);
        }
    }

    #[test]
    fn nonnegative_least_squares_meets_its_optimality_conditions() {
        // Random problems of 1–6 cells: at the optimum a positive rate has no gradient left and a
        // zero rate's gradient points below 0 (freeing it would not gain).
        let mut rng = crate::domain::rng::Rng::new(5);
        for problem in 0..500 {
            let cells = 1 + problem % 6;
            let rows = cells + rng.below(8) as usize;
            let x: Vec<f64> = (0..rows * cells).map(|_| if rng.chance(0.3) { 0.0 } else { rng.unit() }).collect();
            let y: Vec<f64> = (0..rows).map(|_| rng.unit() * 4.0 - 1.0).collect();
            let mut gram = vec![0.0; cells * cells];
            let mut target = vec![0.0; cells];
            for r in 0..rows {
                for c in 0..cells {
                    target[c] += x[r * cells + c] * y[r];
                    for k in 0..cells {
                        gram[c * cells + k] += x[r * cells + c] * x[r * cells + k];
                    }
                }
            }
            let mut solver = RateSolver { target, ..RateSolver::default() };
            solver.solve(&gram);
            let (target, rates) = (&solver.target, &solver.rates);
            for c in 0..cells {
                let gradient: f64 = target[c] - (0..cells).map(|k| gram[c * cells + k] * rates[k]).sum::<f64>();
                assert!(rates[c] >= 0.0, "problem {problem}: {rates:?}");
                if rates[c] > 0.0 {
                    assert!(gradient.abs() < 1e-8, "problem {problem}, cell {c}: gradient {gradient}");
                } else {
                    assert!(gradient < 1e-8, "problem {problem}, cell {c}: gradient {gradient}");
                }
            }
        }
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
        let delivery = ExpectedDelivery { model: "B".into(), month: Month::new(2025, 1), count: 0.5 };
        let settings = DriverSettings { recent_months: 3, ..DriverSettings::default() };
        let fleet = Fleet::new(&machines, today(), &settings);
        let models = ["A".into(), "B".into()];
        let got = driver_demand(Month::new(2025, 1), 2, &fleet, &models, &[&delivery], &rates, &settings);
        // Recent (Oct–Dec 2024): two machines × 0.5 thousand h × 2 = 2 a month. Forward: two
        // active machines × 0.5 × 2 = 2, so no change.
        assert_eq!(got.installed_base, [2.0, 2.0]);
        assert_eq!(got.installed_base_change, [0.0, 0.0]);
        // Half a B machine from February at 150 h/month (no B in the fleet): 0.5 · 0.15 · 2.
        assert_eq!(got.pipeline, [0.0, 0.15]);
        // An A machine at A's mean active hours (500), a part fitting A twice counted once.
        let delivery = ExpectedDelivery { model: "A".into(), month: Month::new(2025, 1), count: 0.5 };
        let twice = ["A".into(), "A".into()];
        let got = driver_demand(Month::new(2025, 1), 2, &fleet, &twice, &[&delivery], &rates, &settings);
        assert_eq!((got.installed_base, got.pipeline), (vec![2.0, 2.0], vec![0.0, 0.5]));
    }
}
