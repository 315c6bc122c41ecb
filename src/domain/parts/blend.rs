//! The learned blend: a weighted sum of a part's mean demand over its last few windows of months
//! (6, 12 and 24 by default), with weights learned from the whole workspace.
//!
//! One part's history is too short and noisy to tell apart methods that differ by a few per
//! cent, but thousands of parts together tell well how far the next year follows the last
//! half-year rather than the last two years: how much recent bursts fade (demand regresses to
//! the mean) and how fast demand declines as the machines or cars age. So the weights are
//! fitted over every part's history at every past origin that has a full horizon after it:
//! least squares of each forecast against the mean demand of the horizon that followed, each
//! part's errors scaled by its own one-step naive error (so large parts do not decide alone),
//! subject to the total forecast equalling the total demand (unbiased in units, as stock is).
//! Nothing is a constant tuned to one data set: the same code learns other weights from other
//! workspaces.

/// Weights learned by [`BlendLearner`], one per window.
#[derive(Clone, Debug, PartialEq)]
pub struct Blend {
    /// Window lengths in known months, as in [`super::forecast::ForecastSettings::blend_windows`].
    pub windows: Vec<usize>,
    pub weights: Vec<f64>,
    /// Parts whose histories taught the weights.
    pub parts: usize,
}

impl Blend {
    /// The forecast made after each number of known months `o` = 0..=n: the weighted means of
    /// the last `window` known months (of all of them while fewer are known), never negative;
    /// 0 with nothing known.
    pub fn levels(&self, values: &[f64]) -> Vec<f64> {
        /// One window's running sum, which gains the newest month and, once full, drops its
        /// oldest; with a full window's weight per month, so only the first months divide.
        struct Running {
            months: usize,
            weight: f64,
            per_month: f64,
            sum: f64,
        }
        let mut windows: Vec<Running> = self
            .windows
            .iter()
            .zip(&self.weights)
            .map(|(&window, &weight)| {
                let months = window.max(1);
                Running { months, weight, per_month: weight / months as f64, sum: 0.0 }
            })
            .collect();
        let mut levels = Vec::with_capacity(values.len() + 1);
        levels.push(0.0);
        levels.extend((1..=values.len()).map(|origin| {
            let mut level = 0.0;
            for window in windows.iter_mut() {
                window.sum += values[origin - 1];
                if origin > window.months {
                    window.sum -= values[origin - 1 - window.months];
                }
                let weight = if origin >= window.months { window.per_month } else { window.weight / origin as f64 };
                level += window.sum * weight;
            }
            level.max(0.0)
        }));
        levels
    }
}

/// `1 / c` for every count of months `c` up to the longest window (0 for none): means are then
/// taken without a division per origin, which would cost more than the rest of the sums.
fn inverses(windows: &[usize]) -> Vec<f64> {
    let longest = windows.iter().copied().max().unwrap_or(0).max(1);
    (0..=longest).map(|count| if count == 0 { 0.0 } else { 1.0 / count as f64 }).collect()
}

/// Makes `prefix[i]` the sum of the first `i` values.
fn fill_prefix_sums(prefix: &mut Vec<f64>, values: &[f64]) {
    prefix.clear();
    prefix.reserve(values.len() + 1);
    prefix.push(0.0);
    let mut total = 0.0;
    for value in values {
        total += value;
        prefix.push(total);
    }
}

/// The mean of the last `window` values before `origin` (of all of them while fewer), per
/// window; 0 at origin 0. `inverses` as made by [`inverses`] for these windows.
fn window_means<'a>(
    prefix: &'a [f64],
    origin: usize,
    windows: &'a [usize],
    inverses: &'a [f64],
) -> impl Iterator<Item = f64> + 'a {
    windows.iter().map(move |&window| {
        let from = origin.saturating_sub(window.max(1));
        (prefix[origin] - prefix[from]) * inverses[origin - from]
    })
}

/// The least-squares problem of the module docs, accumulated part by part.
#[derive(Clone, Debug)]
pub struct BlendLearner {
    windows: Vec<usize>,
    horizon: usize,
    min_train: usize,
    /// Σ w·x·xᵀ (row-major, upper triangle only), Σ w·x·t, Σ x and Σ t over every (part,
    /// origin): x the window means, t the horizon's mean demand, w the part's
    /// 1 / (one-step naive error)².
    gram: Vec<f64>,
    cross: Vec<f64>,
    feature_totals: Vec<f64>,
    target_total: f64,
    parts: usize,
    /// Reused per part: its known months, their prefix sums, one origin's window means, and
    /// the part's sums before its weight.
    known: Vec<f64>,
    prefix: Vec<f64>,
    means: Vec<f64>,
    part_sums: Vec<f64>,
    inverses: Vec<f64>,
}

impl BlendLearner {
    /// Learns weights for `windows` from origins that keep `min_train` known months before them
    /// and `horizon` after.
    pub fn new(windows: &[usize], horizon: usize, min_train: usize) -> BlendLearner {
        let k = windows.len();
        BlendLearner {
            windows: windows.to_vec(),
            horizon: horizon.max(1),
            min_train: min_train.max(1),
            gram: vec![0.0; k * k],
            cross: vec![0.0; k],
            feature_totals: vec![0.0; k],
            target_total: 0.0,
            parts: 0,
            known: Vec::new(),
            prefix: Vec::new(),
            means: vec![0.0; k],
            part_sums: vec![0.0; k * k + 2 * k],
            inverses: inverses(windows),
        }
    }

    /// Known months a part needs to teach anything: one origin with its training months before
    /// it and a full horizon after.
    pub fn months_needed(&self) -> usize {
        self.min_train + self.horizon
    }

    /// Adds one part's history, its unknown months skipped as the methods skip them.
    pub fn add_history(&mut self, history: &[Option<u32>]) {
        let mut known = std::mem::take(&mut self.known);
        known.clear();
        known.extend(history.iter().flatten().map(|&q| f64::from(q)));
        self.add(&known);
        self.known = known;
    }

    /// Adds one part's known months; a part too short for any origin, or without any change
    /// from month to month (no scale), teaches nothing.
    pub fn add(&mut self, values: &[f64]) {
        let n = values.len();
        if n < self.months_needed() {
            return;
        }
        let naive = values.windows(2).map(|pair| (pair[1] - pair[0]).powi(2)).sum::<f64>() / (n - 1) as f64;
        if naive <= 0.0 {
            return;
        }
        let weight = 1.0 / naive;
        fill_prefix_sums(&mut self.prefix, values);
        let k = self.windows.len();
        // The part's own sums first, weighted once at the end.
        self.part_sums.fill(0.0);
        let (gram, rest) = self.part_sums.split_at_mut(k * k);
        let (cross, totals) = rest.split_at_mut(k);
        let mut target_total = 0.0;
        let per_month = 1.0 / self.horizon as f64;
        for origin in self.min_train..=n - self.horizon {
            let means = window_means(&self.prefix, origin, &self.windows, &self.inverses);
            for (slot, mean) in self.means.iter_mut().zip(means) {
                *slot = mean;
            }
            let target = (self.prefix[origin + self.horizon] - self.prefix[origin]) * per_month;
            for (i, &xi) in self.means.iter().enumerate() {
                for (cell, &xj) in gram[i * k + i..(i + 1) * k].iter_mut().zip(&self.means[i..]) {
                    *cell += xi * xj;
                }
                cross[i] += xi * target;
                totals[i] += xi;
            }
            target_total += target;
        }
        for (total, part) in self.gram.iter_mut().zip(gram.iter()) {
            *total += weight * part;
        }
        for (total, part) in self.cross.iter_mut().zip(cross.iter()) {
            *total += weight * part;
        }
        for (total, part) in self.feature_totals.iter_mut().zip(totals.iter()) {
            *total += part;
        }
        self.target_total += target_total;
        self.parts += 1;
    }

    /// The weights, when enough parts taught them: at least [`MIN_PARTS_PER_WEIGHT`] per weight
    /// and some demand to learn from. Windows that no origin tells apart (all histories too short
    /// to reach them) share their weight equally.
    pub fn learn(&self) -> Option<Blend> {
        let k = self.windows.len();
        if k == 0 || self.parts < MIN_PARTS_PER_WEIGHT * k || self.target_total <= 0.0 {
            return None;
        }
        // Minimise Σ w(x·β − t)² subject to Σ (x·β − t) = 0: the Lagrange conditions are
        // 2·G·β + λ·g = 2·c and g·β = T, one linear system of k + 1 unknowns.
        let size = k + 1;
        let mut system = vec![0.0; size * (size + 1)];
        let scale = (0..k).map(|i| self.gram[i * k + i]).fold(0.0, f64::max);
        for i in 0..k {
            for j in 0..k {
                system[i * (size + 1) + j] = 2.0 * self.gram[i.min(j) * k + i.max(j)];
            }
            // A tiny ridge: identical windows (histories all shorter than the longer one) get
            // equal weights instead of an unsolvable system.
            system[i * (size + 1) + i] += 2.0 * RIDGE * scale;
            system[i * (size + 1) + k] = self.feature_totals[i];
            system[k * (size + 1) + i] = self.feature_totals[i];
            system[i * (size + 1) + size] = 2.0 * self.cross[i];
        }
        system[k * (size + 1) + size] = self.target_total;
        let solution = solve(&mut system, size)?;
        Some(Blend { windows: self.windows.clone(), weights: solution[..k].to_vec(), parts: self.parts })
    }
}

/// Parts needed per weight: fewer cannot tell the windows apart from one part's noise.
pub const MIN_PARTS_PER_WEIGHT: usize = 3;

/// Relative to the largest diagonal entry: far below any real difference between windows.
const RIDGE: f64 = 1e-9;

/// Solves the `size` × `size` system stored row by row with its right-hand side as the last
/// column, by Gaussian elimination with partial pivoting; `None` when it is singular.
fn solve(system: &mut [f64], size: usize) -> Option<Vec<f64>> {
    let width = size + 1;
    for column in 0..size {
        let pivot = (column..size)
            .max_by(|&a, &b| system[a * width + column].abs().total_cmp(&system[b * width + column].abs()))?;
        if system[pivot * width + column].abs() < f64::MIN_POSITIVE {
            return None;
        }
        for j in 0..width {
            system.swap(column * width + j, pivot * width + j);
        }
        for row in column + 1..size {
            let factor = system[row * width + column] / system[column * width + column];
            for j in column..width {
                system[row * width + j] -= factor * system[column * width + j];
            }
        }
    }
    let mut solution = vec![0.0; size];
    for row in (0..size).rev() {
        let rest: f64 = (row + 1..size).map(|j| system[row * width + j] * solution[j]).sum();
        solution[row] = (system[row * width + size] - rest) / system[row * width + row];
    }
    solution.iter().all(|v| v.is_finite()).then_some(solution)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(values: &[u32]) -> Vec<Option<u32>> {
        values.iter().map(|&v| Some(v)).collect()
    }

    fn close(got: &[f64], expected: &[f64]) -> bool {
        got.len() == expected.len() && got.iter().zip(expected).all(|(g, e)| (g - e).abs() < 1e-9)
    }

    #[test]
    fn levels_weigh_the_window_means() {
        // Windows 1 and 3, weights ½ each; values 2, 4, 0, 6.
        // Origin 1: ½·2 + ½·2; 2: ½·4 + ½·3; 3: ½·0 + ½·2; 4: ½·6 + ½·(10/3).
        let blend = Blend { windows: vec![1, 3], weights: vec![0.5, 0.5], parts: 1 };
        let levels = blend.levels(&[2.0, 4.0, 0.0, 6.0]);
        assert!(close(&levels, &[0.0, 2.0, 3.5, 1.0, 3.0 + 5.0 / 3.0]), "{levels:?}");
        // Never negative.
        let negative = Blend { windows: vec![1], weights: vec![-1.0], parts: 1 };
        assert!(close(&negative.levels(&[3.0]), &[0.0, 0.0]));
    }

    /// A learner over windows 1 and 2, horizon 1, min_train 2.
    fn learner() -> BlendLearner {
        BlendLearner::new(&[1, 2], 1, 2)
    }

    #[test]
    fn weights_by_hand() {
        // One window of 1, horizon 1, min_train 1: the forecast is β × last month.
        // Part a = 1, 3 (naive error² 4): origin 1 has x 1, t 3.
        // Part b = 2, 2, 6 (naive (0 + 16) / 2 = 8): origins 1 (x 2, t 2) and 2 (x 2, t 6).
        // Unbiased: β·(1 + 2 + 2) = 3 + 2 + 6, so β = 11/5 whatever the weighting.
        let mut one = BlendLearner::new(&[1], 1, 1);
        one.add_history(&observed(&[1, 3]));
        one.add_history(&observed(&[2, 2, 6]));
        one.add_history(&observed(&[5])); // too short: teaches nothing
        one.add_history(&observed(&[4, 4, 4])); // no scale: teaches nothing
        assert_eq!(one.parts, 2);
        assert!(one.learn().is_none(), "two parts are too few for a weight");
        one.add_history(&observed(&[1, 3]));
        let blend = one.learn().unwrap();
        // With a third part equal to a: 1 + 1 + 2 + 2 = 6 against 3 + 3 + 2 + 6 = 14.
        assert!(close(&blend.weights, &[14.0 / 6.0]), "{:?}", blend.weights);
        assert_eq!(blend.parts, 3);
    }

    #[test]
    fn weights_follow_what_came_next() {
        // Histories where the next month equals the mean of the last two: the weights are
        // (0, 1) exactly; the scaled errors are then all zero and the totals agree.
        let histories: [&[u32]; 6] = [
            &[0, 8, 4, 6, 5],
            &[16, 0, 8, 4, 6],
            &[8, 16, 12, 14, 13],
            &[4, 12, 8, 10, 9],
            &[24, 8, 16, 12, 14],
            &[0, 16, 8, 12, 10],
        ];
        let mut two = learner();
        for history in histories {
            two.add_history(&observed(history));
        }
        let blend = two.learn().unwrap();
        // Up to the ridge's nudge.
        let off = (blend.weights[0].abs()).max((blend.weights[1] - 1.0).abs());
        assert!(off < 1e-6, "{:?}", blend.weights);
    }

    #[test]
    fn windows_no_history_reaches_share_their_weight() {
        // Windows 2 and 3 with origins at 2 only: both means are the same, so each gets half
        // of what one window would.
        let mut same = BlendLearner::new(&[2, 3], 1, 2);
        for history in [&[1, 3, 4][..], &[2, 0, 2], &[5, 1, 2], &[0, 4, 1], &[3, 3, 6], &[2, 2, 1]] {
            same.add_history(&observed(history));
        }
        let blend = same.learn().unwrap();
        assert!((blend.weights[0] - blend.weights[1]).abs() < 1e-6, "{:?}", blend.weights);
        // Unbiased over the origins: Σ x = 2 + 1 + 3 + 2 + 3 + 2 = 13, Σ t = 4 + 2 + 2 + 1 + 6 + 1 = 16.
        assert!(((blend.weights[0] + blend.weights[1]) * 13.0 - 16.0).abs() < 1e-6, "{:?}", blend.weights);
    }

    #[test]
    fn nothing_to_learn_from() {
        let mut none = learner();
        assert_eq!(none.learn(), None);
        for _ in 0..10 {
            none.add_history(&observed(&[0, 1, 0, 0]));
        }
        // Every target is 0: there is no demand to be unbiased about.
        assert_eq!(none.learn(), None);
        assert_eq!(BlendLearner::new(&[], 1, 1).learn(), None);
    }

    #[test]
    fn the_solver_solves_and_refuses_singular_systems() {
        // x + y = 3, x − y = 1.
        let mut system = vec![1.0, 1.0, 3.0, 1.0, -1.0, 1.0];
        assert!(close(&solve(&mut system, 2).unwrap(), &[2.0, 1.0]));
        let mut singular = vec![1.0, 1.0, 3.0, 2.0, 2.0, 6.0];
        assert_eq!(solve(&mut singular, 2), None);
    }
}
