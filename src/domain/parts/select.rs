//! Automatic per-part method selection by rolling-origin holdout error on the part's own history.
//!
//! For each of the last [`SelectionSettings::holdout_origins`] origins `o`, each candidate's
//! forecast made after `o` known months is compared with the next
//! [`SelectionSettings::horizon`] known months (fewer near the end). Squared error is used
//! because the forecast feeds safety stock and totals: it is minimised by the mean, so the
//! choice does not drift to forecasting zero as absolute error does on intermittent demand.
//!
//! The workspace's learned blend ([`super::blend`]) is the incumbent: no part's own history
//! decides its weights, so its holdout error is an honest estimate, while the least of several
//! candidates' errors on a few years of noisy months (their constants fitted to those very
//! months) is flattered by the choice itself. So the candidate with the least error does not
//! replace the blend but pulls it toward itself ([`Pull`]), as far as its lead is more than
//! noise: with `t` the mean advantage per origin over its standard error, the forecast moves
//! `1 − 1/t²` of the way (none for `t ≤ 1`): the share of the measured lead that an
//! empirical-Bayes estimate keeps (a normal prior centred on no lead, its spread estimated from
//! the lead itself, shrinks a lead by `σ²/lead²` = `1/t²`). So a lead twice its standard error
//! moves the forecast three quarters of the way, and a lead within its noise leaves the blend
//! as it is; a hard switch at a significance bar would throw away the leads just below it and
//! trust those just above it fully. The origins' windows overlap (each month is in up
//! to `horizon` of them), so the mean's variance is taken that many times larger than for
//! independent origins. The seasonal method does not pull: its indices are fitted on the
//! holdout's own months, so its holdout measures fit rather than forecast. A history too short
//! for any holdout gets the blend as it is.
//! Without the blend (nothing learned yet), the least error wins, the earlier candidate of
//! equals, and [`fallback`] decides for short histories.

use super::forecast::{fit, fit_all, Fit, ForecastSettings, Method, Observed};

#[derive(Clone, Debug, PartialEq)]
pub struct SelectionSettings {
    /// Methods competing, in order of preference for equal errors.
    pub candidates: Vec<Method>,
    /// Origins evaluated, the latest ones.
    pub holdout_origins: usize,
    /// Months after each origin compared.
    pub horizon: usize,
    /// Known months every origin keeps before it; with fewer months than this plus one there is
    /// no holdout and the blend, or else [`fallback`], is used.
    pub min_train: usize,
}

impl Default for SelectionSettings {
    fn default() -> SelectionSettings {
        SelectionSettings {
            candidates: vec![
                Method::Blend,
                Method::Imapa,
                Method::Adida,
                Method::Tsb,
                Method::Sba,
                Method::Ses,
                Method::Seasonal,
                Method::Croston,
            ],
            holdout_origins: 12,
            horizon: 12,
            min_train: 12,
        }
    }
}

/// The chosen method and every candidate's holdout error.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub method: Method,
    /// Mean squared holdout error per candidate that applies, in candidate order; empty when
    /// the history was too short for a holdout.
    pub errors: Vec<(Method, f64)>,
    /// [`calibration_sums`] of the part (taken from the candidates' fits when the reference
    /// method is one of them).
    pub calibration_sums: CalibrationSums,
}

/// A per-part method's pull on the blend: the forecast moves `weight` of the way from the
/// blend's toward `method`'s.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pull {
    pub method: Method,
    /// `1 − 1/t²`, in (0, 1].
    pub weight: f64,
    /// The method's mean lead per holdout origin over its standard error.
    pub t: f64,
}

impl Pull {
    /// The pull of a lead of `t` standard errors; none within noise (`t ≤ 1`).
    pub fn of(method: Method, t: f64) -> Option<Pull> {
        (t > 1.0).then(|| Pull { method, weight: 1.0 - 1.0 / (t * t), t })
    }
}

/// The fits a part's forecast is made from: the chosen method's and, when a per-part method
/// leads it by more than noise (see the module docs), that method's pull with its fit.
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    pub fit: Fit,
    pub toward: Option<(Pull, Fit)>,
}

impl Chosen {
    /// The pull on the chosen fit, if any.
    pub fn pull(&self) -> Option<Pull> {
        self.toward.as_ref().map(|(pull, _)| *pull)
    }
}

/// What a part gives [`learn_calibration`], from the reference method's fit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CalibrationSums {
    /// Σ actual and Σ forecast demand over the holdout pairs of [`holdout_error`].
    pub actual: f64,
    pub forecast: f64,
    /// Σ actual and Σ forecast over the window before: as many origins before the holdout's
    /// first, each compared with its months before that first origin.
    pub earlier_actual: f64,
    pub earlier_forecast: f64,
    /// Σ actual², Σ actual × forecast and Σ forecast² over the holdout pairs: the holdout's
    /// squared error with any factor on the forecast.
    pub squares: (f64, f64, f64),
}

impl CalibrationSums {
    fn plus(self, other: CalibrationSums) -> CalibrationSums {
        CalibrationSums {
            actual: self.actual + other.actual,
            forecast: self.forecast + other.forecast,
            earlier_actual: self.earlier_actual + other.earlier_actual,
            earlier_forecast: self.earlier_forecast + other.earlier_forecast,
            squares: (
                self.squares.0 + other.squares.0,
                self.squares.1 + other.squares.1,
                self.squares.2 + other.squares.2,
            ),
        }
    }

    /// The holdout's squared error with the forecast times `factor`.
    fn squared_error(&self, factor: f64) -> f64 {
        let (aa, af, ff) = self.squares;
        aa - 2.0 * factor * af + factor * factor * ff
    }
}

/// Mean squared error of `fit` over the rolling origins (see the module docs); `None` without
/// any origin.
pub fn holdout_error(fit: &Fit, observed: &Observed, settings: &SelectionSettings) -> Option<f64> {
    Holdout::new(observed, settings).error(fit, observed)
}

/// The holdout of one history, summed per origin once: a flat fit's squared error over an
/// origin's months is Σa² − 2·f·Σa + m·f² (m months, actual a, forecast f), so each candidate
/// costs a few terms per origin however long the horizon.
struct Holdout {
    /// The holdout's origins: the last [`SelectionSettings::holdout_origins`] that keep
    /// [`SelectionSettings::min_train`] months before them.
    origins: std::ops::Range<usize>,
    horizon: usize,
    /// Per origin: months compared, Σ actual, Σ actual².
    windows: Vec<Window>,
    /// As many origins before the holdout's first, each compared with its months before that
    /// first origin: where the calibration checks itself.
    earlier_origins: std::ops::Range<usize>,
    earlier: Vec<Window>,
}

#[derive(Clone, Copy, Default)]
struct Window {
    months: f64,
    actual: f64,
    squares: f64,
}

impl Window {
    fn new(values: &[f64]) -> Window {
        values.iter().fold(Window { months: values.len() as f64, ..Window::default() }, |w, &a| Window {
            actual: w.actual + a,
            squares: w.squares + a * a,
            ..w
        })
    }

    /// The squared error of forecasting `level` for every month; never negative, as rounding
    /// of the expanded sum could make a perfect forecast's.
    fn squared_error(&self, level: f64) -> f64 {
        (self.squares - 2.0 * level * self.actual + self.months * level * level).max(0.0)
    }
}

impl Holdout {
    fn new(observed: &Observed, settings: &SelectionSettings) -> Holdout {
        let n = observed.len();
        let first = n.saturating_sub(settings.holdout_origins).max(settings.min_train.max(1));
        let windows_to = |origins: std::ops::Range<usize>, end: usize| -> Vec<Window> {
            origins.map(|o| Window::new(&observed.values[o..(o + settings.horizon).min(end)])).collect()
        };
        let origins = first.min(n)..n;
        let earlier_origins =
            first.saturating_sub(settings.holdout_origins).max(settings.min_train.max(1))..first.min(n);
        Holdout {
            windows: windows_to(origins.clone(), n),
            earlier: windows_to(earlier_origins.clone(), first),
            origins,
            horizon: settings.horizon,
            earlier_origins,
        }
    }

    /// The squared error of `fit` over the months after the `i`-th origin, and their number.
    fn origin_error(&self, fit: &Fit, observed: &Observed, i: usize) -> (f64, f64) {
        let origin = self.origins.start + i;
        let window = &self.windows[i];
        let level = fit.levels[origin];
        let error = match &fit.seasonal {
            None => window.squared_error(level),
            Some(indices) => {
                let months = origin..(origin + self.horizon).min(observed.len());
                observed.values[months.clone()]
                    .iter()
                    .zip(&observed.phases[months])
                    .map(|(actual, &phase)| (actual - level * indices[usize::from(phase)]).powi(2))
                    .sum()
            }
        };
        (error, window.months)
    }

    fn error(&self, fit: &Fit, observed: &Observed) -> Option<f64> {
        let (sum, months) = (0..self.windows.len()).fold((0.0, 0.0), |(sum, months), i| {
            let (error, count) = self.origin_error(fit, observed, i);
            (sum + error, months + count)
        });
        (months > 0.0).then(|| sum / months)
    }

    fn sums(&self, fit: &Fit, observed: &Observed) -> CalibrationSums {
        let mut sums = CalibrationSums::default();
        for (origin, window) in self.origins.clone().zip(&self.windows) {
            match fit.seasonal {
                None => {
                    let level = fit.levels[origin];
                    sums.actual += window.actual;
                    sums.forecast += window.months * level;
                    sums.squares.0 += window.squares;
                    sums.squares.1 += level * window.actual;
                    sums.squares.2 += window.months * level * level;
                }
                Some(_) => {
                    for t in origin..(origin + self.horizon).min(observed.len()) {
                        let (a, f) = (observed.values[t], fit.at(origin, observed.phases[t]));
                        sums.actual += a;
                        sums.forecast += f;
                        sums.squares = (sums.squares.0 + a * a, sums.squares.1 + a * f, sums.squares.2 + f * f);
                    }
                }
            }
        }
        for (origin, window) in self.earlier_origins.clone().zip(&self.earlier) {
            sums.earlier_actual += window.actual;
            sums.earlier_forecast += match fit.seasonal {
                None => window.months * fit.levels[origin],
                Some(_) => (origin..(origin + self.horizon).min(self.origins.start))
                    .map(|t| fit.at(origin, observed.phases[t]))
                    .sum(),
            };
        }
        sums
    }

    /// `challenger`'s mean lead over `incumbent` per origin in standard errors (see the module
    /// docs); infinite for a lead without any variance, `None` with fewer than two origins or
    /// no lead.
    fn lead_t(
        &self,
        challenger: &Fit,
        incumbent: &Fit,
        observed: &Observed,
        settings: &SelectionSettings,
    ) -> Option<f64> {
        // Welford's running mean and sum of squared deviations of the advantage per origin.
        let (mut origins, mut mean, mut squares) = (0usize, 0.0, 0.0);
        for i in 0..self.windows.len() {
            let per_month = |fit| {
                let (error, months) = self.origin_error(fit, observed, i);
                error / months.max(1.0)
            };
            let advantage = per_month(incumbent) - per_month(challenger);
            origins += 1;
            let delta = advantage - mean;
            mean += delta / origins as f64;
            squares += delta * (advantage - mean);
        }
        if origins < 2 || mean <= 0.0 {
            return None;
        }
        let variance = squares / (origins - 1) as f64;
        let overlap = settings.horizon.clamp(1, origins) as f64;
        let standard_error = (variance * overlap / origins as f64).sqrt();
        Some(if standard_error > 0.0 { mean / standard_error } else { f64::INFINITY })
    }
}

/// The method for a history too short for a holdout when there is no blend, and the
/// calibration's reference: IMAPA, which is robust across demand classes (Petropoulos &
/// Kourentzes 2015) and has no parameter beyond SES's.
pub fn fallback() -> Method {
    Method::Imapa
}

/// The [`CalibrationSums`] of `fit`: what [`learn_calibration`] pools over a workspace's parts.
pub fn holdout_sums(fit: &Fit, observed: &Observed, settings: &SelectionSettings) -> CalibrationSums {
    Holdout::new(observed, settings).sums(fit, observed)
}

/// [`holdout_sums`] of the reference method ([`fallback`]) on `observed`: what a part gives
/// [`learn_calibration`]. Not the chosen method's: that one was picked for fitting this very
/// holdout, so it looks unbiased there even when it is not.
pub fn calibration_sums(
    observed: &Observed,
    forecast: &ForecastSettings,
    settings: &SelectionSettings,
) -> CalibrationSums {
    fit(fallback(), observed, forecast)
        .map_or_else(CalibrationSums::default, |fitted| holdout_sums(&fitted, observed, settings))
}

/// The factor that makes a workspace's forecasts unbiased over its parts' holdouts: total
/// actual ÷ total forecast demand, from every part's [`calibration_sums`]. Smoothed levels chase
/// recent bursts and parts fade out of use, so forecasts tend to run high; but where demand
/// follows a growing fleet the holdouts look under-forecast while the installed-base driver
/// already adds the growth. So the factor is used only where the same rule worked before: the
/// factor learned on the window before the holdout must lower the holdout's squared error.
/// Otherwise, or without anything forecast in either window, the factor is 1.
pub fn learn_calibration(sums: impl IntoIterator<Item = CalibrationSums>) -> f64 {
    let total = sums.into_iter().fold(CalibrationSums::default(), CalibrationSums::plus);
    if total.forecast <= 0.0 || total.earlier_forecast <= 0.0 {
        return 1.0;
    }
    let earlier = total.earlier_actual / total.earlier_forecast;
    if total.squared_error(earlier) < total.squared_error(1.0) {
        total.actual / total.forecast
    } else {
        1.0
    }
}

/// Chooses among the candidates for `observed` (see the module docs); returns the fits the
/// forecast is made from too.
pub fn select(observed: &Observed, forecast: &ForecastSettings, settings: &SelectionSettings) -> (Selection, Chosen) {
    let mut errors = Vec::with_capacity(settings.candidates.len());
    // The least error among the methods whose holdout is out of sample, and the seasonal
    // method's apart: its indices are fitted on the holdout's own months, so its lead there is
    // no evidence for a pull.
    let mut best: Option<(f64, Fit)> = None;
    let mut seasonal: Option<(f64, Fit)> = None;
    let mut blend = None;
    let mut reference = None;
    let holdout = Holdout::new(observed, settings);
    for fitted in fit_all(&settings.candidates, observed, forecast) {
        if fitted.method == fallback() {
            reference = Some(holdout.sums(&fitted, observed));
        }
        let error = holdout.error(&fitted, observed);
        if let Some(error) = error {
            errors.push((fitted.method, error));
        }
        if fitted.method == Method::Blend {
            blend = Some((error, fitted));
            continue;
        }
        let Some(error) = error else { continue };
        let slot = if fitted.seasonal.is_some() { &mut seasonal } else { &mut best };
        if slot.as_ref().is_none_or(|(least, _)| error < *least) {
            *slot = Some((error, fitted));
        }
    }
    let calibration_sums = reference.unwrap_or_else(|| calibration_sums(observed, forecast, settings));
    let (fit, toward) = match (blend, best) {
        (Some((blend_error, blend)), Some((error, challenger))) => {
            // A lower error overall first: the lead per origin alone could favour one that is
            // ahead at most origins yet behind in total.
            let t = blend_error
                .filter(|&b| error < b)
                .and_then(|_| holdout.lead_t(&challenger, &blend, observed, settings));
            let pull = t.and_then(|t| Pull::of(challenger.method, t));
            (blend, pull.map(|pull| (pull, challenger)))
        }
        (Some((_, blend)), None) => (blend, None),
        (None, best) => match least_of(best, seasonal, &settings.candidates) {
            Some((_, fitted)) => (fitted, None),
            None => (fit(fallback(), observed, forecast).expect("IMAPA applies to any history"), None),
        },
    };
    (Selection { method: fit.method, errors, calibration_sums }, Chosen { fit, toward })
}

/// The lesser error of two, the earlier in `candidates` of equals.
fn least_of(a: Option<(f64, Fit)>, b: Option<(f64, Fit)>, candidates: &[Method]) -> Option<(f64, Fit)> {
    let rank = |fit: &Fit| candidates.iter().position(|&m| m == fit.method);
    match (a, b) {
        (Some(a), Some(b)) => Some(if (b.0, rank(&b.1)) < (a.0, rank(&a.1)) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// How far `method`'s root mean squared holdout error lies from the blend's, as a fraction of
/// the blend's (−0.023 when 2.3 % lower), from [`Selection::errors`]; `None` without both or
/// when the blend's is 0.
pub fn change_against_blend(errors: &[(Method, f64)], method: Method) -> Option<f64> {
    let rmse = |wanted: Method| errors.iter().find(|(m, _)| *m == wanted).map(|(_, squared)| squared.sqrt());
    let blend = rmse(Method::Blend).filter(|&b| b > 0.0)?;
    Some(rmse(method)? / blend - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parts::blend::Blend;

    fn observed(values: &[u32]) -> Observed {
        let history: Vec<Option<u32>> = values.iter().map(|&v| Some(v)).collect();
        Observed::new(&history, 0)
    }

    #[test]
    fn change_against_the_blend() {
        // Mean squared errors: the blend's RMSE is 2, ADIDA's 1.5, SES's 3.
        let errors = [(Method::Blend, 4.0), (Method::Adida, 2.25), (Method::Ses, 9.0)];
        assert_eq!(change_against_blend(&errors, Method::Adida), Some(-0.25));
        assert_eq!(change_against_blend(&errors, Method::Ses), Some(0.5));
        assert_eq!(change_against_blend(&errors, Method::Blend), Some(0.0));
        assert_eq!(change_against_blend(&errors, Method::Tsb), None, "no holdout error for TSB");
        assert_eq!(change_against_blend(&errors[1..], Method::Adida), None, "no blend");
        assert_eq!(change_against_blend(&[(Method::Blend, 0.0), (Method::Ses, 1.0)], Method::Ses), None);
    }

    #[test]
    fn holdout_error_by_hand() {
        // Levels 0, 1, 2, 3, 4 made after 0..=4 months; origins 2 and 3 (min_train 2), horizon
        // 2: origin 2 predicts 2 for months 2 and 3 (values 5, 1), origin 3 predicts 3 for
        // month 3. Errors 3², 1², 2²: mean 14/3.
        let fit = Fit { method: Method::Ses, levels: vec![0.0, 1.0, 2.0, 3.0, 4.0], seasonal: None };
        let settings =
            SelectionSettings { holdout_origins: 5, horizon: 2, min_train: 2, ..SelectionSettings::default() };
        let error = holdout_error(&fit, &observed(&[0, 0, 5, 1]), &settings).unwrap();
        assert!((error - 14.0 / 3.0).abs() < 1e-12, "{error}");
        // Only the last origin.
        let last = SelectionSettings { holdout_origins: 1, ..settings.clone() };
        assert_eq!(holdout_error(&fit, &observed(&[0, 0, 5, 1]), &last), Some(4.0));
        // Actual 5 + 1 + 1, forecast 2 + 2 + 3; no origin before the holdout's.
        let sums = |values: &[u32], settings: &SelectionSettings| holdout_sums(&fit, &observed(values), settings);
        let expected =
            CalibrationSums { actual: 7.0, forecast: 7.0, squares: (27.0, 15.0, 17.0), ..Default::default() };
        assert_eq!(sums(&[0, 0, 5, 1], &settings), expected);
        let expected = CalibrationSums { actual: 3.0, forecast: 7.0, squares: (3.0, 7.0, 17.0), ..Default::default() };
        assert_eq!(sums(&[0, 0, 1, 1], &settings), expected);
        // One holdout origin (3: value 1 against 3) and one before it (2: month 2 only, value
        // 5 against 2; month 3 is the holdout's).
        let one = SelectionSettings { holdout_origins: 1, min_train: 1, ..settings.clone() };
        let expected = CalibrationSums {
            actual: 1.0,
            forecast: 3.0,
            earlier_actual: 5.0,
            earlier_forecast: 2.0,
            squares: (1.0, 3.0, 9.0),
        };
        assert_eq!(sums(&[0, 0, 5, 1], &one), expected);
        // Too short to keep two months before an origin.
        assert_eq!(holdout_error(&fit, &observed(&[0, 0]), &settings), None);
    }

    #[test]
    fn the_summed_holdout_is_the_holdout_month_by_month() {
        // Random histories and forecasts, flat and seasonal, against the pairs counted one by one.
        let mut rng = crate::domain::rng::Rng::new(11);
        let settings =
            SelectionSettings { holdout_origins: 5, horizon: 4, min_train: 3, ..SelectionSettings::default() };
        for case in 0..200 {
            let n: usize = 1 + case % 17;
            let values: Vec<u32> = (0..n).map(|_| rng.below(6) as u32).collect();
            let observed = observed(&values);
            let mut indices = [1.0; crate::domain::parts::forecast::PERIOD];
            indices.iter_mut().for_each(|i| *i = 0.5 + rng.unit());
            let levels: Vec<f64> = (0..=n).map(|_| rng.unit() * 4.0).collect();
            let seasonal = (case % 2 == 1).then_some(indices);
            let fit = Fit { method: Method::Ses, levels, seasonal };
            let (mut pairs, mut sum, mut sums) = (0, 0.0, CalibrationSums::default());
            let first = n.saturating_sub(5).max(3);
            for origin in first..n {
                for t in origin..(origin + 4).min(n) {
                    let (a, f) = (observed.values[t], fit.at(origin, observed.phases[t]));
                    (pairs, sum) = (pairs + 1, sum + (a - f) * (a - f));
                    sums.actual += a;
                    sums.forecast += f;
                    sums.squares = (sums.squares.0 + a * a, sums.squares.1 + a * f, sums.squares.2 + f * f);
                }
            }
            for origin in first.saturating_sub(5).max(3)..first {
                for t in origin..(origin + 4).min(first) {
                    sums.earlier_actual += observed.values[t];
                    sums.earlier_forecast += fit.at(origin, observed.phases[t]);
                }
            }
            let error = holdout_error(&fit, &observed, &settings);
            assert_eq!(error.is_some(), pairs > 0, "case {case}");
            assert!(error.is_none_or(|e| (e - sum / pairs as f64).abs() < 1e-9), "case {case}: {error:?}");
            let summed = holdout_sums(&fit, &observed, &settings);
            let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
            assert!(
                close(summed.actual, sums.actual)
                    && close(summed.forecast, sums.forecast)
                    && close(summed.earlier_actual, sums.earlier_actual)
                    && close(summed.earlier_forecast, sums.earlier_forecast)
                    && close(summed.squares.0, sums.squares.0)
                    && close(summed.squares.1, sums.squares.1)
                    && close(summed.squares.2, sums.squares.2),
                "case {case}: {summed:?} against {sums:?}"
            );
        }
    }

    #[test]
    fn selection_follows_each_history() {
        let settings = SelectionSettings {
            candidates: vec![Method::Ses, Method::Tsb],
            holdout_origins: 6,
            horizon: 3,
            min_train: 6,
        };
        let forecast = ForecastSettings { ses_alphas: vec![0.3], ..ForecastSettings::default() };
        // A level shift up is followed by SES (α 0.3), not by TSB's slowly smoothed size.
        let up = observed(&[1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9]);
        let (selection, fitted) = select(&up, &forecast, &settings);
        assert_eq!(selection.method, Method::Ses, "{selection:?}");
        assert_eq!((fitted.fit.method, fitted.toward), (Method::Ses, None));
        assert_eq!(selection.errors.len(), 2);
        // IMAPA is no candidate here, so it is fitted for the calibration sums alone.
        assert_eq!(selection.calibration_sums, calibration_sums(&up, &forecast, &settings));
        // Demand every other month of one size: TSB (probability tending to ½ × size 4) beats
        // SES with α 0.9, which swings between about 0.4 and 3.6 with every month.
        let alternating = observed(&[4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 0]);
        let forecast = ForecastSettings { ses_alphas: vec![0.9], ..forecast };
        assert_eq!(select(&alternating, &forecast, &settings).0.method, Method::Tsb);
    }

    #[test]
    fn lead_by_hand() {
        // Three origins of one month each (horizon 1: no overlap). The incumbent forecasts 0,
        // the challenger 1: per origin the challenger is ahead by a² − (a − 1)² = 2a − 1.
        let incumbent = Fit { method: Method::Blend, levels: vec![0.0; 5], seasonal: None };
        let challenger = Fit { method: Method::Ses, levels: vec![1.0; 5], seasonal: None };
        let settings =
            SelectionSettings { holdout_origins: 3, horizon: 1, min_train: 1, ..SelectionSettings::default() };
        let lead = |values: &[u32], settings: &SelectionSettings| {
            let observed = observed(values);
            Holdout::new(&observed, settings).lead_t(&challenger, &incumbent, &observed, settings)
        };
        let close = |got: Option<f64>, expected: f64| got.is_some_and(|t| (t - expected).abs() < 1e-12);
        // Months 2, 2, 1: ahead by 3, 3, 1; mean 7/3, variance 4/3, standard error 2/3: 3.5 of them.
        assert!(close(lead(&[5, 2, 2, 1], &settings), 3.5));
        // Months 2, 0, 1: ahead by 3, −1, 1; mean 1, standard error √(4/3): √(3/4) of them.
        assert!(close(lead(&[5, 2, 0, 1], &settings), 0.75f64.sqrt()));
        // Horizon 3: origin 1 sees months 2, 0, 1 (ahead by 3, −1, 1: mean 1), origin 2 sees 0, 1
        // (mean 0), origin 3 sees 1. Ahead by 1, 0, 1: mean 2/3, variance 1/3. As independent
        // origins that would be 2 standard errors; each month is in up to 3 windows, so the
        // standard error is √3 × larger and the lead 2/√3 of them.
        let overlapping = SelectionSettings { horizon: 3, ..settings.clone() };
        assert!(close(lead(&[5, 2, 0, 1], &overlapping), 2.0 / 3f64.sqrt()));
        // Ahead by 1 at every origin: no variance, as sure as it gets.
        assert_eq!(lead(&[5, 1, 1, 1], &settings), Some(f64::INFINITY));
        // Behind: no lead. One origin is no evidence at all.
        assert_eq!(lead(&[5, 0, 0, 1], &settings), None);
        let one = SelectionSettings { holdout_origins: 1, ..settings };
        assert_eq!(lead(&[5, 2, 2, 2], &one), None);
    }

    #[test]
    fn pulls_follow_the_lead() {
        // Two standard errors: three quarters of the way; one or less: none; no variance: all.
        assert_eq!(Pull::of(Method::Ses, 2.0), Some(Pull { method: Method::Ses, weight: 0.75, t: 2.0 }));
        assert_eq!(Pull::of(Method::Ses, 1.0), None);
        assert_eq!(Pull::of(Method::Ses, 0.5), None);
        assert_eq!(Pull::of(Method::Tsb, f64::INFINITY).map(|p| p.weight), Some(1.0));
        let weight = |t| Pull::of(Method::Ses, t).unwrap().weight;
        assert!(weight(1.5) < weight(3.0) && weight(3.0) < 1.0);
    }

    /// `candidates` over six origins of three months, the blend the mean of the last 12 months
    /// and SES's α 0.5.
    fn against_the_year_mean(candidates: Vec<Method>) -> (SelectionSettings, ForecastSettings) {
        let settings = SelectionSettings { candidates, holdout_origins: 6, horizon: 3, min_train: 6 };
        let blend = Blend { windows: vec![12], weights: vec![1.0], parts: 9 };
        (settings, ForecastSettings { ses_alphas: vec![0.5], blend: Some(blend), ..ForecastSettings::default() })
    }

    #[test]
    fn the_blend_is_pulled_as_far_as_the_lead_is_more_than_noise() {
        let (settings, forecast) = against_the_year_mean(vec![Method::Blend, Method::Ses]);
        // A level shift: SES (α 0.5) catches up within months while the year's mean lags at
        // every origin, far beyond noise: nearly all the way to SES.
        let up = observed(&[1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9]);
        let (selection, fitted) = select(&up, &forecast, &settings);
        let pull = fitted.pull().expect("SES leads");
        assert_eq!((selection.method, pull.method), (Method::Blend, Method::Ses));
        assert!(pull.weight > 0.9, "{pull:?}");
        assert_eq!((fitted.fit.method, fitted.toward.map(|(_, f)| f.method)), (Method::Blend, Some(Method::Ses)));
        // Noise around a falling level: SES errs a third less over these six origins, but
        // not consistently: the lead is within its noise and the blend stays as it is.
        let noisy = observed(&[2, 3, 2, 2, 3, 3, 2, 0, 1, 0, 0, 1]);
        let (selection, fitted) = select(&noisy, &forecast, &settings);
        assert_eq!((selection.method, fitted.toward), (Method::Blend, None));
        let error = |method| selection.errors.iter().find(|(m, _)| *m == method).unwrap().1;
        assert!(error(Method::Ses) < 0.7 * error(Method::Blend), "{selection:?}");
        // Too short for a holdout: the workspace's blend as it is.
        let (selection, fitted) = select(&observed(&[0, 3, 1]), &forecast, &settings);
        assert_eq!((selection.method, selection.errors.len(), fitted.pull()), (Method::Blend, 0, None));
        assert!((fitted.fit.levels[3] - 4.0 / 3.0).abs() < 1e-12);
        // Without learned weights the blend does not apply, and the least error decides.
        let unlearned = ForecastSettings { blend: None, ..forecast };
        let (selection, fitted) = select(&noisy, &unlearned, &settings);
        assert_eq!((selection.method, fitted.toward), (Method::Ses, None));
    }

    #[test]
    fn the_seasonal_method_does_not_pull() {
        // Three years of 1 a month but 13 every December: the seasonal method foresees the
        // Decembers from indices fitted on these very months, so its lead is no evidence.
        let (settings, forecast) = against_the_year_mean(vec![Method::Blend, Method::Seasonal]);
        let values: Vec<u32> = (0..36).map(|m| if m % 12 == 11 { 13 } else { 1 }).collect();
        let (selection, fitted) = select(&observed(&values), &forecast, &settings);
        let error = |method| selection.errors.iter().find(|(m, _)| *m == method).unwrap().1;
        assert!(error(Method::Seasonal) < 0.5 * error(Method::Blend), "{selection:?}");
        assert_eq!((selection.method, fitted.toward), (Method::Blend, None));
        // Without the blend it competes as any method does.
        let unlearned = ForecastSettings { blend: None, ..forecast };
        assert_eq!(select(&observed(&values), &unlearned, &settings).0.method, Method::Seasonal);
    }

    #[test]
    fn calibration_is_learned_where_it_worked_before() {
        // Holdout pairs (4, 5) twice: squared error 2 unscaled. Before the holdout, actual ÷
        // forecast was 0.9: scaled by it the holdout errs 32 − 72 + 40.5 = 0.5 < 2, so the
        // holdout's own factor 8 / 10 applies.
        let helped = CalibrationSums {
            actual: 8.0,
            forecast: 10.0,
            earlier_actual: 9.0,
            earlier_forecast: 10.0,
            squares: (32.0, 40.0, 50.0),
        };
        assert!((learn_calibration([helped]) - 0.8).abs() < 1e-12);
        // Pooled over parts: the same totals in two halves.
        let half = |s: CalibrationSums| CalibrationSums {
            actual: s.actual / 2.0,
            forecast: s.forecast / 2.0,
            earlier_actual: s.earlier_actual / 2.0,
            earlier_forecast: s.earlier_forecast / 2.0,
            squares: (s.squares.0 / 2.0, s.squares.1 / 2.0, s.squares.2 / 2.0),
        };
        assert!((learn_calibration([half(helped), half(helped)]) - 0.8).abs() < 1e-12);
        // Before, demand ran 1.2 × the forecast: scaled by that the holdout errs 32 − 96 + 72 =
        // 8 > 2, so no factor.
        let hurt = CalibrationSums { earlier_actual: 12.0, ..helped };
        assert_eq!(learn_calibration([hurt]), 1.0);
        // Nothing forecast before the holdout, or at all: no evidence, no factor.
        assert_eq!(learn_calibration([CalibrationSums { earlier_forecast: 0.0, ..helped }]), 1.0);
        assert_eq!(learn_calibration([CalibrationSums { forecast: 0.0, ..helped }]), 1.0);
        assert_eq!(learn_calibration([]), 1.0);
    }

    #[test]
    fn short_histories_fall_back() {
        let (selection, fitted) =
            select(&observed(&[0, 3]), &ForecastSettings::default(), &SelectionSettings::default());
        assert_eq!(
            selection,
            Selection { method: Method::Imapa, errors: vec![], calibration_sums: CalibrationSums::default() }
        );
        assert_eq!((fitted.fit.levels.len(), fitted.toward), (3, None));
    }
}
