//! Demand classes: Syntetos–Boylan by ADI and CV², ABC by value and XYZ by variability.
//! Cut-offs are settings with the literature's defaults.

/// Syntetos–Boylan demand pattern.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DemandClass {
    /// Frequent demand of steady size.
    Smooth,
    /// Frequent demand of varying size.
    Erratic,
    /// Infrequent demand of steady size.
    Intermittent,
    /// Infrequent demand of varying size.
    Lumpy,
    /// No demand in any known month.
    #[default]
    NoDemand,
}

/// Cut-offs for the three classifications.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassSettings {
    /// Mean interval between demands from which demand is infrequent (Syntetos–Boylan: 1.32).
    pub adi_cutoff: f64,
    /// Squared coefficient of variation of demand sizes from which they vary (0.49).
    pub cv2_cutoff: f64,
    /// Share of total value the A parts make up together (the top 80 %).
    pub a_share: f64,
    /// Share of value A and B parts make up together (95 %); the rest is C.
    pub b_share: f64,
    /// Coefficient of variation of monthly demand below which a part is X.
    pub x_cv: f64,
    /// … below which it is Y; Z otherwise.
    pub y_cv: f64,
}

impl Default for ClassSettings {
    fn default() -> ClassSettings {
        ClassSettings { adi_cutoff: 1.32, cv2_cutoff: 0.49, a_share: 0.8, b_share: 0.95, x_cv: 0.5, y_cv: 1.0 }
    }
}

/// The demand statistics a class is read from.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DemandProfile {
    /// Average inter-demand interval: known months ÷ months with demand (∞ without demand).
    pub adi: f64,
    /// Squared coefficient of variation of the non-zero demands (population variance).
    pub cv2: f64,
    pub class: DemandClass,
}

/// ADI, CV² and the class of the known months `values`.
pub fn profile(values: &[f64], settings: &ClassSettings) -> DemandProfile {
    let sizes: Vec<f64> = values.iter().copied().filter(|&v| v > 0.0).collect();
    if sizes.is_empty() {
        return DemandProfile { adi: f64::INFINITY, cv2: 0.0, class: DemandClass::NoDemand };
    }
    let adi = values.len() as f64 / sizes.len() as f64;
    let (mean, variance) = mean_variance(&sizes);
    let cv2 = variance / (mean * mean);
    let class = match (adi < settings.adi_cutoff, cv2 < settings.cv2_cutoff) {
        (true, true) => DemandClass::Smooth,
        (true, false) => DemandClass::Erratic,
        (false, true) => DemandClass::Intermittent,
        (false, false) => DemandClass::Lumpy,
    };
    DemandProfile { adi, cv2, class }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbcClass {
    A,
    B,
    C,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum XyzClass {
    X,
    Y,
    Z,
}

/// ABC class of every part from its value (e.g. yearly demand × unit cost), in input order.
/// Parts are ranked by value, largest first; a part is A while the value before it is below
/// `a_share` of the total, B below `b_share`, else C, so the part that crosses a line still
/// belongs above it. Without any value every part is C.
pub fn abc(values: &[f64], settings: &ClassSettings) -> Vec<AbcClass> {
    let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
    let mut classes = vec![AbcClass::C; values.len()];
    if total <= 0.0 {
        return classes;
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let mut before = 0.0;
    for i in order {
        let share = before / total;
        classes[i] = if values[i] <= 0.0 {
            AbcClass::C
        } else if share < settings.a_share {
            AbcClass::A
        } else if share < settings.b_share {
            AbcClass::B
        } else {
            AbcClass::C
        };
        before += values[i].max(0.0);
    }
    classes
}

/// XYZ class from the coefficient of variation of the monthly demands (zeros included);
/// without demand, Z.
pub fn xyz(values: &[f64], settings: &ClassSettings) -> XyzClass {
    let (mean, variance) = mean_variance(values);
    if mean <= 0.0 {
        return XyzClass::Z;
    }
    let cv = variance.sqrt() / mean;
    if cv < settings.x_cv {
        XyzClass::X
    } else if cv < settings.y_cv {
        XyzClass::Y
    } else {
        XyzClass::Z
    }
}

/// Mean and population variance; (0, 0) for no values.
pub(crate) fn mean_variance(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (mean, values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[f64], adi: f64, cv2: f64, class: DemandClass) {
        let got = profile(values, &ClassSettings::default());
        assert!(
            (got.adi == adi || (got.adi - adi).abs() < 1e-9) && (got.cv2 - cv2).abs() < 1e-9,
            "{values:?}: {got:?}"
        );
        assert_eq!(got.class, class, "{values:?}");
    }

    #[test]
    fn syntetos_boylan_classes_at_their_cut_offs() {
        // Sizes 1 and 3: mean 2, variance 1, CV² 0.25.
        check(&[1.0, 3.0], 1.0, 0.25, DemandClass::Smooth);
        // Sizes 1, 1, 5: mean 7/3, variance 32/9, CV² 32/49 ≈ 0.653.
        check(&[1.0, 1.0, 5.0], 1.0, 32.0 / 49.0, DemandClass::Erratic);
        check(&[0.0, 1.0, 0.0, 3.0], 2.0, 0.25, DemandClass::Intermittent);
        check(&[0.0, 1.0, 0.0, 1.0, 0.0, 5.0], 2.0, 32.0 / 49.0, DemandClass::Lumpy);
        check(&[0.0, 0.0], f64::INFINITY, 0.0, DemandClass::NoDemand);
        // 33 months with demand in 25: ADI 1.32 exactly is already infrequent.
        let mut at_cut = vec![2.0; 25];
        at_cut.extend([0.0; 8]);
        check(&at_cut, 1.32, 0.0, DemandClass::Intermittent);
        let mut below = vec![2.0; 26];
        below.extend([0.0; 8]);
        check(&below, 34.0 / 26.0, 0.0, DemandClass::Smooth);
        // Sizes 3 and 17: mean 10, variance 49, CV² 0.49 exactly is already varying.
        check(&[3.0, 17.0], 1.0, 0.49, DemandClass::Erratic);
    }

    #[test]
    fn abc_by_cumulative_value_share() {
        let settings = ClassSettings::default();
        // Total 100: 70 (share before 0) A, 15 (before 70 %) A, 10 (before 85 %) B, 4 (95 %) C,
        // 1 C, 0 C.
        assert_eq!(
            abc(&[10.0, 70.0, 0.0, 4.0, 15.0, 1.0], &settings),
            [AbcClass::B, AbcClass::A, AbcClass::C, AbcClass::C, AbcClass::A, AbcClass::C]
        );
        assert_eq!(abc(&[0.0, 0.0], &settings), [AbcClass::C, AbcClass::C]);
    }

    #[test]
    fn xyz_by_coefficient_of_variation() {
        let settings = ClassSettings::default();
        for (values, class) in [
            (&[2.0, 2.0, 2.0][..], XyzClass::X),
            // Mean 2, sd 1: CV 0.5 is Y.
            (&[1.0, 3.0][..], XyzClass::Y),
            // Mean 1, sd 1: CV 1 is Z.
            (&[0.0, 2.0][..], XyzClass::Z),
            (&[0.0, 0.0][..], XyzClass::Z),
        ] {
            assert_eq!(xyz(values, &settings), class, "{values:?}");
        }
    }
}
