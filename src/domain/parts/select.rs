//! Automatic per-part method selection by rolling-origin holdout error on the part's own history.
//!
//! For each of the last [`SelectionSettings::holdout_origins`] origins `o`, each candidate's
//! forecast made after `o` known months is compared with the next
//! [`SelectionSettings::horizon`] known months (fewer near the end); the candidate with the least
//! mean squared error over all those (origin, month) pairs wins, the earlier candidate of equals.
//! Squared error is used because the forecast feeds safety stock and totals: it is minimised by
//! the mean, so the choice does not drift to forecasting zero as absolute error does on
//! intermittent demand. Nothing here is a constant tuned to one data set: each part's choice
//! comes from its own history.

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
    /// no holdout and [`fallback`] decides.
    pub min_train: usize,
}

impl Default for SelectionSettings {
    fn default() -> SelectionSettings {
        SelectionSettings {
            candidates: vec![
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
    /// the history was too short and [`fallback`] chose.
    pub errors: Vec<(Method, f64)>,
    /// [`calibration_sums`] of the part (taken from the candidates' fits when the reference
    /// method is one of them).
    pub calibration_sums: (f64, f64),
}

/// Mean squared error of `fit` over the rolling origins (see the module docs); `None` without
/// any origin.
pub fn holdout_error(fit: &Fit, observed: &Observed, settings: &SelectionSettings) -> Option<f64> {
    let (mut sum, mut count) = (0.0, 0usize);
    each_holdout_pair(fit, observed, settings, |actual, forecast| {
        sum += (actual - forecast) * (actual - forecast);
        count += 1;
    });
    (count > 0).then(|| sum / count as f64)
}

/// Calls `pair(actual, forecast)` for every (origin, month) pair of the holdout. A flat fit's
/// forecast is one level per origin, so its months are compared without looking it up again.
fn each_holdout_pair(fit: &Fit, observed: &Observed, settings: &SelectionSettings, mut pair: impl FnMut(f64, f64)) {
    let n = observed.len();
    let first = n.saturating_sub(settings.holdout_origins).max(settings.min_train.max(1));
    for origin in first..n {
        let months = origin..(origin + settings.horizon).min(n);
        match fit.seasonal {
            None => {
                let level = fit.levels[origin];
                observed.values[months].iter().for_each(|&actual| pair(actual, level));
            }
            Some(_) => months.for_each(|t| pair(observed.values[t], fit.at(origin, observed.phases[t]))),
        }
    }
}

/// The method for a history too short for a holdout: IMAPA, which is robust across demand
/// classes (Petropoulos & Kourentzes 2015) and has no parameter beyond SES's.
pub fn fallback() -> Method {
    Method::Imapa
}

/// Sums of the actual and the forecast demand over the holdout pairs of [`holdout_error`]:
/// what [`learn_calibration`] pools over a workspace's parts.
pub fn holdout_sums(fit: &Fit, observed: &Observed, settings: &SelectionSettings) -> (f64, f64) {
    let (mut actual, mut forecast) = (0.0, 0.0);
    each_holdout_pair(fit, observed, settings, |a, f| {
        actual += a;
        forecast += f;
    });
    (actual, forecast)
}

/// [`holdout_sums`] of the reference method ([`fallback`]) on `observed`: what a part gives
/// [`learn_calibration`]. Not the chosen method's: that one was picked for fitting this very
/// holdout, so it looks unbiased there even when it is not.
pub fn calibration_sums(observed: &Observed, forecast: &ForecastSettings, settings: &SelectionSettings) -> (f64, f64) {
    fit(fallback(), observed, forecast).map_or((0.0, 0.0), |fitted| holdout_sums(&fitted, observed, settings))
}

/// The factor that makes a workspace's forecasts unbiased over its parts' holdouts: total
/// actual ÷ total forecast demand, from every part's [`calibration_sums`] (1 when nothing was
/// forecast). Smoothed levels chase recent bursts and parts fade out of use, so forecasts tend
/// to run high; the factor is learned from the user's own history, never fixed.
pub fn learn_calibration(sums: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    let (actual, forecast) = sums.into_iter().fold((0.0, 0.0), |(a, f), (x, y)| (a + x, f + y));
    if forecast > 0.0 {
        actual / forecast
    } else {
        1.0
    }
}

/// Chooses among the candidates for `observed`; returns the choice's fit too.
pub fn select(observed: &Observed, forecast: &ForecastSettings, settings: &SelectionSettings) -> (Selection, Fit) {
    let mut errors = Vec::new();
    let mut best: Option<(f64, Fit)> = None;
    let mut reference = None;
    for fitted in fit_all(&settings.candidates, observed, forecast) {
        if fitted.method == fallback() {
            reference = Some(holdout_sums(&fitted, observed, settings));
        }
        let Some(error) = holdout_error(&fitted, observed, settings) else { continue };
        errors.push((fitted.method, error));
        if best.as_ref().is_none_or(|(least, _)| error < *least) {
            best = Some((error, fitted));
        }
    }
    let calibration_sums = reference.unwrap_or_else(|| calibration_sums(observed, forecast, settings));
    match best {
        Some((_, fitted)) => (Selection { method: fitted.method, errors, calibration_sums }, fitted),
        None => {
            let method = fallback();
            let fitted = fit(method, observed, forecast).expect("IMAPA applies to any history");
            (Selection { method, errors, calibration_sums }, fitted)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed(values: &[u32]) -> Observed {
        let history: Vec<Option<u32>> = values.iter().map(|&v| Some(v)).collect();
        Observed::new(&history, 0)
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
        // Actual 5 + 1 + 1, forecast 2 + 2 + 3.
        assert_eq!(holdout_sums(&fit, &observed(&[0, 0, 5, 1]), &settings), (7.0, 7.0));
        assert_eq!(holdout_sums(&fit, &observed(&[0, 0, 1, 1]), &settings), (3.0, 7.0));
        // Too short to keep two months before an origin.
        assert_eq!(holdout_error(&fit, &observed(&[0, 0]), &settings), None);
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
        assert_eq!(fitted.method, Method::Ses);
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
    fn calibration_pools_every_parts_holdout() {
        assert_eq!(learn_calibration([(3.0, 7.0), (5.0, 1.0)]), 1.0);
        assert_eq!(learn_calibration([(3.0, 4.0), (0.0, 2.0)]), 0.5);
        assert_eq!(learn_calibration([(3.0, 0.0)]), 1.0);
        assert_eq!(learn_calibration([]), 1.0);
    }

    #[test]
    fn short_histories_fall_back() {
        let (selection, fitted) =
            select(&observed(&[0, 3]), &ForecastSettings::default(), &SelectionSettings::default());
        assert_eq!(selection, Selection { method: Method::Imapa, errors: vec![], calibration_sums: (0.0, 0.0) });
        assert_eq!(fitted.levels.len(), 3);
    }
}
