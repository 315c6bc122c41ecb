//! Forecasting methods for monthly parts demand: simple exponential smoothing, Croston, SBA,
//! TSB, ADIDA and IMAPA temporal aggregation, a seasonal method for smooth series, and the
//! workspace-learned blend of [`super::blend`].
//!
//! Every method is fitted in one pass over the history and yields, for every origin `o` (after
//! `o` known months), the forecast it would have made then ([`Fit::levels`]). Forecasts are
//! flat over the horizon (times a seasonal index for [`Method::Seasonal`]), so the same fit gives
//! the final forecast, the in-sample one-step errors (the spread) and the rolling-origin holdout
//! errors of [`super::select`] without refitting.
//!
//! Missing months (`None`) carry no information, so they are **skipped**, never read as zero:
//! the methods see the known months in order ([`Observed`]); smoothing states do not move over a
//! gap and Croston's intervals count known months. Only the seasonal method looks at calendar
//! positions, which every known month keeps.

use super::blend::Blend;

/// Months in a year: the seasonal period.
pub const PERIOD: usize = 12;

/// The known months of a history, in order, with their calendar positions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observed {
    pub values: Vec<f64>,
    /// Month of the year (0–11) of each value.
    pub phases: Vec<u8>,
    /// Month of the year of the first month after the history: the horizon's first month.
    pub next_phase: u8,
}

impl Observed {
    /// `history[i]` is the demand in the month `i` after the first; `first_phase` is that first
    /// month's month of the year (0 = January).
    pub fn new(history: &[Option<u32>], first_phase: u8) -> Observed {
        let phase = |i: usize| ((usize::from(first_phase) + i) % PERIOD) as u8;
        let known = history.iter().flatten().count();
        let mut observed = Observed {
            values: Vec::with_capacity(known),
            phases: Vec::with_capacity(known),
            next_phase: phase(history.len()),
        };
        for (i, quantity) in history.iter().enumerate() {
            if let Some(quantity) = quantity {
                observed.values.push(f64::from(*quantity));
                observed.phases.push(phase(i));
            }
        }
        observed
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// A forecasting method. Parameters live in [`ForecastSettings`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// Simple exponential smoothing, its smoothing constant chosen from
    /// [`ForecastSettings::ses_alphas`] by in-sample one-step error.
    Ses,
    /// Croston: sizes and intervals between demands smoothed separately; size ÷ interval.
    Croston,
    /// Syntetos–Boylan approximation: Croston × (1 − α/2), which removes Croston's upward bias.
    Sba,
    /// Teunter–Syntetos–Babai: the probability of demand is smoothed every month (so it decays
    /// when a part stops selling), the size at demands; probability × size.
    Tsb,
    /// Aggregate–disaggregate: SES on overlapping sums of `k` months, `k` the mean interval
    /// between demands (ADI, rounded; at most [`ForecastSettings::max_aggregation`]), divided
    /// by `k`.
    Adida,
    /// The mean of ADIDA at every aggregation level from 1 to `k`.
    Imapa,
    /// Multiplicative calendar-month indices (from at least
    /// [`ForecastSettings::seasonal_min_years`] years) on SES of the deseasonalised demand.
    Seasonal,
    /// The mean of the [`ForecastSettings::combination`] methods' forecasts: averaging methods
    /// that err differently cancels part of their errors.
    Combination,
    /// The weighted means of the last [`ForecastSettings::blend_windows`] months, the weights
    /// learned from the whole workspace ([`super::blend`]); applies once they are learned.
    Blend,
}

impl Method {
    pub const ALL: [Method; 9] = [
        Method::Ses,
        Method::Croston,
        Method::Sba,
        Method::Tsb,
        Method::Adida,
        Method::Imapa,
        Method::Seasonal,
        Method::Combination,
        Method::Blend,
    ];

    /// The stable name stored and exported.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Ses => "ses",
            Method::Croston => "croston",
            Method::Sba => "sba",
            Method::Tsb => "tsb",
            Method::Adida => "adida",
            Method::Imapa => "imapa",
            Method::Seasonal => "seasonal",
            Method::Combination => "combination",
            Method::Blend => "blend",
        }
    }
}

/// Method parameters. The defaults are the textbook values for monthly spare-parts demand
/// (Syntetos & Boylan 2005; Teunter, Syntetos & Babai 2011); none is tuned to one data set.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastSettings {
    /// Smoothing constants SES (alone, in ADIDA/IMAPA and in the seasonal method) chooses from.
    pub ses_alphas: Vec<f64>,
    /// Croston's and SBA's smoothing constant for sizes and intervals.
    pub croston_alpha: f64,
    /// TSB's smoothing constant for demand sizes.
    pub tsb_alpha_size: f64,
    /// TSB's smoothing constant for the probability of demand.
    pub tsb_alpha_probability: f64,
    /// Full years of known months the seasonal method needs (each month of the year seen this
    /// often); with fewer, it is not offered.
    pub seasonal_min_years: usize,
    /// The highest aggregation level of ADIDA and IMAPA in months: a year, the planning
    /// horizon; very rare demand is not told apart better by longer sums, only more slowly.
    pub max_aggregation: usize,
    /// The methods [`Method::Combination`] averages (those that apply; itself is skipped).
    pub combination: Vec<Method>,
    /// The windows of [`Method::Blend`], in known months: half a year, the year, two years.
    pub blend_windows: Vec<usize>,
    /// The weights of [`Method::Blend`], learned by a workspace recompute; `None` until then.
    pub blend: Option<Blend>,
}

impl Default for ForecastSettings {
    fn default() -> ForecastSettings {
        ForecastSettings {
            ses_alphas: vec![0.05, 0.1, 0.15, 0.2, 0.3],
            croston_alpha: 0.1,
            tsb_alpha_size: 0.1,
            tsb_alpha_probability: 0.1,
            seasonal_min_years: 2,
            max_aggregation: 12,
            combination: vec![Method::Ses, Method::Tsb, Method::Adida, Method::Imapa],
            blend_windows: vec![6, 12, 24],
            blend: None,
        }
    }
}

/// A fitted method: the forecast made at every origin.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub method: Method,
    /// `levels[o]` is the (deseasonalised) monthly forecast made after the first `o` known
    /// months, `o` = 0..=n; `levels[0]` is 0 (nothing known).
    pub levels: Vec<f64>,
    /// Calendar-month indices (mean 1) for [`Method::Seasonal`].
    pub seasonal: Option<[f64; PERIOD]>,
}

impl Fit {
    /// The forecast made at `origin` for a month of the year `phase`.
    pub fn at(&self, origin: usize, phase: u8) -> f64 {
        let level = self.levels[origin];
        self.seasonal.map_or(level, |indices| level * indices[usize::from(phase)])
    }

    /// Root mean squared one-step in-sample error (from the second known month on): the spread
    /// of one month's demand around the forecast. 0 with fewer than two known months.
    pub fn one_step_rmse(&self, observed: &Observed) -> f64 {
        let n = observed.len();
        if n < 2 {
            return 0.0;
        }
        let values = &observed.values[1..];
        let sse: f64 = match self.seasonal {
            None => values.iter().zip(&self.levels[1..n]).map(|(v, l)| (v - l).powi(2)).sum(),
            Some(_) => values
                .iter()
                .zip(&observed.phases[1..])
                .enumerate()
                .map(|(t, (v, &phase))| (v - self.at(t + 1, phase)).powi(2))
                .sum(),
        };
        (sse / (n - 1) as f64).sqrt()
    }
}

/// A forecast: the expected demand of each horizon month and its spread.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Forecast {
    /// Expected demand per month, from the month after the history on; never negative.
    pub point: Vec<f64>,
    /// Standard deviation of each month's demand around `point` (the in-sample one-step error;
    /// months are taken as independent, so `k` months spread by `√k ×` this).
    pub spread: Vec<f64>,
}

/// Fits `method` to `observed`; `None` when the method does not apply (the seasonal method
/// without enough years or with no demand, the blend before its weights are learned).
pub fn fit(method: Method, observed: &Observed, settings: &ForecastSettings) -> Option<Fit> {
    fit_on(method, observed, settings, &mut Ladder::new(&observed.values, settings))
}

/// The fits of the methods of `methods` that apply, in order. SES, ADIDA and IMAPA all smooth
/// sums of the history at aggregation levels 1 to `k` (SES is level 1, ADIDA level `k`, IMAPA
/// their mean), so each level is smoothed once however many of them are fitted.
pub fn fit_all(methods: &[Method], observed: &Observed, settings: &ForecastSettings) -> Vec<Fit> {
    let mut ladder = Ladder::new(&observed.values, settings);
    methods.iter().filter_map(|&method| fit_on(method, observed, settings, &mut ladder)).collect()
}

fn fit_on(method: Method, observed: &Observed, settings: &ForecastSettings, ladder: &mut Ladder) -> Option<Fit> {
    let y = &observed.values;
    let (levels, seasonal) = match method {
        Method::Ses => (ladder.level(1).to_vec(), None),
        Method::Croston => (croston(y, settings.croston_alpha, 1.0), None),
        Method::Sba => (croston(y, settings.croston_alpha, 1.0 - settings.croston_alpha / 2.0), None),
        Method::Tsb => (tsb(y, settings.tsb_alpha_size, settings.tsb_alpha_probability), None),
        Method::Adida => (ladder.level(ladder.top).to_vec(), None),
        Method::Imapa => (ladder.mean(), None),
        Method::Seasonal => {
            let indices = seasonal_indices(observed, settings.seasonal_min_years)?;
            let adjusted: Vec<f64> =
                y.iter().zip(&observed.phases).map(|(v, &p)| v / indices[usize::from(p)]).collect();
            (ses_best(&adjusted, &settings.ses_alphas), Some(indices))
        }
        Method::Combination => (combination(observed, settings, ladder)?, None),
        Method::Blend => (settings.blend.as_ref()?.levels(y), None),
    };
    Some(Fit { method, levels, seasonal })
}

/// The forecast of `fit` for `horizon` months after the history.
pub fn forecast(fit: &Fit, observed: &Observed, horizon: usize) -> Forecast {
    let origin = observed.len();
    let spread = fit.one_step_rmse(observed);
    let phase = |h: usize| ((usize::from(observed.next_phase) + h) % PERIOD) as u8;
    Forecast { point: (0..horizon).map(|h| fit.at(origin, phase(h)).max(0.0)).collect(), spread: vec![spread; horizon] }
}

/// Fits `method` and forecasts `horizon` months; `None` when the method does not apply.
pub fn forecast_with(
    method: Method,
    observed: &Observed,
    horizon: usize,
    settings: &ForecastSettings,
) -> Option<Forecast> {
    fit(method, observed, settings).map(|fit| forecast(&fit, observed, horizon))
}

/// ADIDA's levels at every aggregation level from 1 to [`Ladder::top`], each computed when
/// first asked for.
struct Ladder<'a> {
    y: &'a [f64],
    alphas: &'a [f64],
    /// ADIDA's level and IMAPA's highest: the mean interval between demands, capped.
    top: usize,
    /// `levels[j]` are ADIDA's levels at aggregation `j + 1`.
    levels: Vec<Option<Vec<f64>>>,
    /// The rolling sums of the level being smoothed, kept from level to level.
    sums: Vec<f64>,
}

impl<'a> Ladder<'a> {
    fn new(y: &'a [f64], settings: &'a ForecastSettings) -> Ladder<'a> {
        let top = aggregation_level(y).min(settings.max_aggregation.max(1));
        Ladder { y, alphas: &settings.ses_alphas, top, levels: vec![None; top], sums: Vec::new() }
    }

    fn level(&mut self, k: usize) -> &[f64] {
        let (y, alphas, sums) = (self.y, self.alphas, &mut self.sums);
        self.levels[k - 1].get_or_insert_with(|| adida(y, k, alphas, sums))
    }

    /// IMAPA: the mean over levels 1 to `top`.
    fn mean(&mut self) -> Vec<f64> {
        let mut mean = vec![0.0; self.y.len() + 1];
        let top = self.top as f64;
        for k in 1..=self.top {
            for (total, value) in mean.iter_mut().zip(self.level(k)) {
                *total += value / top;
            }
        }
        mean
    }
}

/// The mean levels of the combined methods that apply, when any does. The seasonal method, the
/// blend and the combination itself are left out, so the combination stays flat and per part.
fn combination(observed: &Observed, settings: &ForecastSettings, ladder: &mut Ladder) -> Option<Vec<f64>> {
    let members: Vec<Fit> = settings
        .combination
        .iter()
        .filter(|&&m| !matches!(m, Method::Combination | Method::Seasonal | Method::Blend))
        .filter_map(|&m| fit_on(m, observed, settings, ladder))
        .collect();
    if members.is_empty() {
        return None;
    }
    let mut levels = vec![0.0; observed.len() + 1];
    for member in &members {
        for (total, level) in levels.iter_mut().zip(&member.levels) {
            *total += level / members.len() as f64;
        }
    }
    Some(levels)
}

/// SES with a fixed constant: the level starts at the first value.
pub fn ses(y: &[f64], alpha: f64) -> Vec<f64> {
    let mut levels = Vec::with_capacity(y.len() + 1);
    levels.push(0.0);
    levels.extend(ses_levels(y, alpha));
    levels
}

/// SES's level after each value of `y`.
fn ses_levels(y: &[f64], alpha: f64) -> impl Iterator<Item = f64> + '_ {
    let mut level = y.first().copied().unwrap_or(0.0);
    y.iter().map(move |&value| {
        level += alpha * (value - level);
        level
    })
}

/// SES with the constant of `alphas` that has the least in-sample one-step squared error (the
/// first of equals). Errors are summed without keeping levels; only the winner's are kept.
fn ses_best(y: &[f64], alphas: &[f64]) -> Vec<f64> {
    ses(y, best_alpha(y, alphas).unwrap_or(0.1))
}

/// The constant of `alphas` with the least in-sample one-step squared error on `y` (the first of
/// equals); `None` without constants. Constants are run in pairs: each one's recursion waits on
/// its own last level only, so two side by side keep the processor busy, and two levels and
/// sums stay in registers (also in wasm, where an array of them would live in memory).
fn best_alpha(y: &[f64], alphas: &[f64]) -> Option<f64> {
    let (&first, rest) = y.split_first().unwrap_or((&0.0, &[]));
    let mut best: Option<(f64, f64)> = None;
    for pair in alphas.chunks(2) {
        // A lone last constant runs beside itself.
        let (a, b) = (pair[0], pair[pair.len() - 1]);
        let (mut level_a, mut level_b, mut sum_a, mut sum_b) = (first, first, 0.0, 0.0);
        for &value in rest {
            let (error_a, error_b) = (value - level_a, value - level_b);
            sum_a += error_a * error_a;
            sum_b += error_b * error_b;
            level_a += a * error_a;
            level_b += b * error_b;
        }
        for (&alpha, error) in pair.iter().zip([sum_a, sum_b]) {
            if best.is_none_or(|(least, _)| error < least) {
                best = Some((error, alpha));
            }
        }
    }
    best.map(|(_, alpha)| alpha)
}

/// Croston's method times `factor` (1 for Croston, 1 − α/2 for SBA). Size and interval start
/// at the first demand and its position (1-based); before the first demand the forecast is 0.
fn croston(y: &[f64], alpha: f64, factor: f64) -> Vec<f64> {
    let mut levels = Vec::with_capacity(y.len() + 1);
    levels.push(0.0);
    let (mut size, mut interval, mut last_demand): (f64, f64, Option<usize>) = (0.0, 0.0, None);
    levels.extend(y.iter().enumerate().map(|(t, &value)| {
        if value > 0.0 {
            let gap = (t + 1 - last_demand.map_or(0, |d| d + 1)) as f64;
            if last_demand.is_none() {
                (size, interval) = (value, gap);
            } else {
                size += alpha * (value - size);
                interval += alpha * (gap - interval);
            }
            last_demand = Some(t);
        }
        if interval > 0.0 {
            factor * size / interval
        } else {
            0.0
        }
    }));
    levels
}

/// TSB: the probability starts at the first month's demand indicator, the size at the first
/// demand.
fn tsb(y: &[f64], alpha_size: f64, alpha_probability: f64) -> Vec<f64> {
    let mut levels = Vec::with_capacity(y.len() + 1);
    levels.push(0.0);
    let (mut probability, mut size): (f64, Option<f64>) = (0.0, None);
    levels.extend(y.iter().enumerate().map(|(t, &value)| {
        let occurred = if value > 0.0 { 1.0 } else { 0.0 };
        probability = if t == 0 { occurred } else { probability + alpha_probability * (occurred - probability) };
        if value > 0.0 {
            size = Some(size.map_or(value, |s| s + alpha_size * (value - s)));
        }
        probability * size.unwrap_or(0.0)
    }));
    levels
}

/// The mean interval between demands (known months ÷ months with demand), rounded, at least 1:
/// ADIDA's aggregation level and IMAPA's highest one.
pub fn aggregation_level(y: &[f64]) -> usize {
    let demands = y.iter().filter(|&&v| v > 0.0).count();
    if demands == 0 {
        return 1;
    }
    ((y.len() as f64 / demands as f64).round() as usize).max(1)
}

/// ADIDA at level `k`: SES on the sums of every `k` consecutive months (overlapping, so every
/// origin has a complete latest bucket), divided by `k`. Before `k` months are known the
/// forecast is the mean so far. `sums` is a buffer for the rolling sums.
fn adida(y: &[f64], k: usize, alphas: &[f64], sums: &mut Vec<f64>) -> Vec<f64> {
    if k <= 1 {
        return ses_best(y, alphas);
    }
    let mut levels = Vec::with_capacity(y.len() + 1);
    levels.push(0.0);
    let mut sum = 0.0;
    levels.extend(y.iter().enumerate().take(k - 1).map(|(t, &value)| {
        sum += value;
        sum / (t + 1) as f64
    }));
    if y.len() >= k {
        // Rolling sums: each window is the previous one plus its new month minus its oldest.
        sums.clear();
        let mut window: f64 = y[..k].iter().sum();
        sums.push(window);
        sums.extend(y[k..].iter().zip(y).map(|(newest, oldest)| {
            window += newest - oldest;
            window
        }));
        let alpha = best_alpha(sums, alphas).unwrap_or(0.1);
        levels.extend(ses_levels(sums, alpha).map(|level| level / k as f64));
    }
    levels
}

/// Each month of the year's mean demand over the overall mean, when every month of the year is
/// known at least `min_years` times and there is demand at all.
fn seasonal_indices(observed: &Observed, min_years: usize) -> Option<[f64; PERIOD]> {
    let mut sums = [0.0; PERIOD];
    let mut counts = [0usize; PERIOD];
    for (&value, &phase) in observed.values.iter().zip(&observed.phases) {
        sums[usize::from(phase)] += value;
        counts[usize::from(phase)] += 1;
    }
    if counts.iter().any(|&c| c < min_years.max(1)) {
        return None;
    }
    let means: [f64; PERIOD] = std::array::from_fn(|p| sums[p] / counts[p] as f64);
    let overall = means.iter().sum::<f64>() / PERIOD as f64;
    // A month of the year without any demand would make its index 0 and its months divide by 0.
    if overall <= 0.0 || means.iter().any(|&m| m <= 0.0) {
        return None;
    }
    let mut indices = [0.0; PERIOD];
    for (index, mean) in indices.iter_mut().zip(means) {
        *index = mean / overall;
    }
    Some(indices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(values: &[u32]) -> Observed {
        let history: Vec<Option<u32>> = values.iter().map(|&v| Some(v)).collect();
        Observed::new(&history, 0)
    }

    fn close(got: &[f64], expected: &[f64]) -> bool {
        got.len() == expected.len() && got.iter().zip(expected).all(|(g, e)| (g - e).abs() < 1e-9)
    }

    /// Checks a method's levels at every origin against hand-computed values.
    fn check(method: Method, settings: &ForecastSettings, values: &[u32], expected: &[f64]) {
        let fit = fit(method, &observed(values), settings).unwrap();
        assert!(close(&fit.levels, expected), "{method:?} {values:?}: {:?} != {expected:?}", fit.levels);
    }

    fn one_alpha(alpha: f64) -> ForecastSettings {
        ForecastSettings { ses_alphas: vec![alpha], ..ForecastSettings::default() }
    }

    #[test]
    fn ses_levels_by_hand() {
        // 2; 2 + 0.5(4 − 2) = 3; 3 + 0.5(0 − 3) = 1.5; 1.5 + 0.5(2 − 1.5) = 1.75.
        check(Method::Ses, &one_alpha(0.5), &[2, 4, 0, 2], &[0.0, 2.0, 3.0, 1.5, 1.75]);
    }

    #[test]
    fn ses_chooses_the_constant_with_least_one_step_error() {
        // A level shift is followed faster with α = 0.9: SSE 100·(1 + 0.01) vs 100·(1 + 0.81).
        let settings = ForecastSettings { ses_alphas: vec![0.1, 0.9], ..ForecastSettings::default() };
        check(Method::Ses, &settings, &[0, 10, 10], &[0.0, 0.0, 9.0, 9.9]);
    }

    #[test]
    fn croston_and_sba_by_hand() {
        // Demands 4 at position 2 (interval 2) and 8 at position 5 (interval 3), α = 0.1:
        // size 4 → 4.4, interval 2 → 2.1; forecast 4/2 = 2, then 4.4/2.1.
        let settings = ForecastSettings { croston_alpha: 0.1, ..ForecastSettings::default() };
        let after = 4.4 / 2.1;
        check(Method::Croston, &settings, &[0, 4, 0, 0, 8], &[0.0, 0.0, 2.0, 2.0, 2.0, after]);
        let f = 0.95;
        check(Method::Sba, &settings, &[0, 4, 0, 0, 8], &[0.0, 0.0, 2.0 * f, 2.0 * f, 2.0 * f, after * f]);
    }

    #[test]
    fn tsb_by_hand() {
        // p: 1, 0.9, 0.81, 0.829; size: 2, 2, 2, 2.2 (α 0.1 both).
        let settings =
            ForecastSettings { tsb_alpha_size: 0.1, tsb_alpha_probability: 0.1, ..ForecastSettings::default() };
        check(Method::Tsb, &settings, &[2, 0, 0, 4], &[0.0, 2.0, 1.8, 1.62, 0.829 * 2.2]);
        // No demand yet: nothing to forecast.
        check(Method::Tsb, &settings, &[0, 0], &[0.0, 0.0, 0.0]);
    }

    #[test]
    fn adida_smooths_overlapping_sums() {
        // ADI = 4 known / 2 demands = 2. First month alone: 2. Sums of 2: 2, 0, 2; SES α 0.5:
        // 2, 1, 1.5; ÷ 2.
        check(Method::Adida, &one_alpha(0.5), &[2, 0, 0, 2], &[0.0, 2.0, 1.0, 0.5, 0.75]);
    }

    #[test]
    fn imapa_averages_the_levels() {
        // k = 2: SES (α 0.5) 2, 1, 0.5, 1.25 and ADIDA(2) 2, 1, 0.5, 0.75; mean of the two.
        check(Method::Imapa, &one_alpha(0.5), &[2, 0, 0, 2], &[0.0, 2.0, 1.0, 0.5, 1.0]);
    }

    #[test]
    fn combination_averages_its_members() {
        // SES (α 0.5) 2, 3; Croston (α 0.1) 2/1, 2.2/1.
        let settings = ForecastSettings { combination: vec![Method::Ses, Method::Croston], ..one_alpha(0.5) };
        check(Method::Combination, &settings, &[2, 4], &[0.0, 2.0, 2.6]);
    }

    #[test]
    fn fitting_together_fits_each_method_as_alone() {
        let settings = ForecastSettings { combination: Method::ALL.to_vec(), ..ForecastSettings::default() };
        for values in
            [&[0, 3, 0, 0, 1, 0, 0, 0, 5, 0, 2, 0, 0, 4, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 2][..], &[1, 2, 3], &[]]
        {
            let observed = observed(values);
            let alone: Vec<Fit> = Method::ALL.iter().filter_map(|&m| fit(m, &observed, &settings)).collect();
            // In reverse too: IMAPA before SES, ADIDA after.
            assert_eq!(fit_all(&Method::ALL, &observed, &settings), alone, "{values:?}");
            let reversed: Vec<Method> = Method::ALL.iter().rev().copied().collect();
            let mut together = fit_all(&reversed, &observed, &settings);
            together.reverse();
            assert_eq!(together, alone, "{values:?}");
        }
    }

    #[test]
    fn the_blend_applies_once_learned() {
        let values = [2, 4, 0, 6];
        assert_eq!(fit(Method::Blend, &observed(&values), &ForecastSettings::default()), None);
        // Windows 1 and 3, half each: as in the blend module's own example.
        let blend = Blend { windows: vec![1, 3], weights: vec![0.5, 0.5], parts: 6 };
        let settings = ForecastSettings { blend: Some(blend), ..ForecastSettings::default() };
        check(Method::Blend, &settings, &values, &[0.0, 2.0, 3.5, 1.0, 3.0 + 5.0 / 3.0]);
        // Not part of the combination, which stays per part.
        let combined = ForecastSettings { combination: vec![Method::Ses, Method::Blend], ..settings.clone() };
        let ses = fit(Method::Ses, &observed(&values), &combined).unwrap();
        assert_eq!(fit(Method::Combination, &observed(&values), &combined).unwrap().levels, ses.levels);
    }

    #[test]
    fn aggregation_is_capped() {
        // ADI 4, capped at 2: the same as ADIDA(2) on this history.
        let settings = ForecastSettings { max_aggregation: 2, ..one_alpha(0.5) };
        let capped = fit(Method::Adida, &observed(&[0, 0, 0, 2, 0, 0, 0, 2]), &settings).unwrap();
        assert!(close(&capped.levels, &adida(&[0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 2.0], 2, &[0.5], &mut Vec::new())));
        assert!(!close(&capped.levels, &adida(&[0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 2.0], 4, &[0.5], &mut Vec::new())));
    }

    #[test]
    fn aggregation_level_is_the_rounded_mean_interval() {
        for (values, level) in
            [(&[1.0, 1.0][..], 1), (&[0.0, 0.0, 3.0][..], 3), (&[0.0, 2.0, 0.0, 0.0, 1.0][..], 3), (&[0.0; 4][..], 1)]
        {
            assert_eq!(aggregation_level(values), level, "{values:?}");
        }
    }

    #[test]
    fn seasonal_method_scales_a_deseasonalised_level() {
        // Two years of 1 in every month but 3 in December: indices 12/14 and 36/14.
        let mut values = [1u32; 24];
        values[11] = 3;
        values[23] = 3;
        let observed = observed(&values);
        let fit = fit(Method::Seasonal, &observed, &one_alpha(0.3)).unwrap();
        let low = 12.0 / 14.0;
        let indices = fit.seasonal.unwrap();
        assert!((indices[0] - low).abs() < 1e-9 && (indices[11] - 3.0 * low).abs() < 1e-9, "{indices:?}");
        // Deseasonalised every month is 14/12, so the level is too and the forecast is the index.
        let next = forecast(&fit, &observed, 12);
        assert!((next.point[0] - 1.0).abs() < 1e-9 && (next.point[11] - 3.0).abs() < 1e-9, "{:?}", next.point);
        assert!(next.spread[0] < 1e-9);
        // One year is not enough.
        assert_eq!(super::fit(Method::Seasonal, &super::tests::observed(&values[..12]), &one_alpha(0.3)), None);
    }

    #[test]
    fn missing_months_are_skipped_and_positions_kept() {
        let observed = Observed::new(&[None, Some(2), None, Some(4), None], 10);
        assert_eq!(observed.values, [2.0, 4.0]);
        assert_eq!(observed.phases, [11, 1]);
        assert_eq!(observed.next_phase, 3);
        // SES sees 2, 4: forecast 2 + 0.5·2 = 3 from the month after the history.
        let forecast = forecast_with(Method::Ses, &observed, 2, &one_alpha(0.5)).unwrap();
        assert!(close(&forecast.point, &[3.0, 3.0]));
        // One-step error: 4 − 2.
        assert!(close(&forecast.spread, &[2.0, 2.0]));
    }

    #[test]
    fn no_history_forecasts_nothing() {
        for method in Method::ALL.into_iter().filter(|&m| !matches!(m, Method::Seasonal | Method::Blend)) {
            let forecast = forecast_with(method, &Observed::default(), 3, &ForecastSettings::default()).unwrap();
            assert_eq!(forecast, Forecast { point: vec![0.0; 3], spread: vec![0.0; 3] }, "{method:?}");
        }
    }
}
