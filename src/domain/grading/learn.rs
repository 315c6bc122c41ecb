//! Learned grading (seed 001): a multinomial logistic regression that learns the grades the user
//! confirmed from the customers' 12 indicator scores, and predicts the grade of every customer
//! without one. Its quality is shown as stratified k-fold cross-validated accuracy with a
//! confusion matrix; with too few labels it says so instead of predicting.
//!
//! Pure arithmetic, fully deterministic: features are standardised on the training set, the
//! weights start at zero, full-batch gradient descent runs a fixed number of steps, and folds
//! are drawn with the seeded [`Rng`].

use crate::domain::model::Id;
use crate::domain::rng::Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::grade::Grade;
use super::indicators::{Indicator, Ratings};
use super::score::CustomerScore;

/// Indicator scores plus a constant.
const FEATURES: usize = Indicator::COUNT + 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LearnSettings {
    /// Cross-validation folds. Default 5.
    pub folds: u32,
    /// Fewest labelled customers to learn from. Default 20.
    pub min_labelled: u32,
    /// Fewest labels of each grade the user has used (a grade nobody confirmed is never
    /// predicted). Default 5, so every training fold holds each grade.
    pub min_per_grade: u32,
    /// Gradient-descent steps. Default 300.
    pub iterations: u32,
    /// Step size on standardised features. Default 0.5.
    pub learning_rate: f64,
    /// L2 penalty, keeping weights finite when grades separate perfectly. Default 0.001.
    pub l2: f64,
    /// Seed of the fold assignment. Default 1.
    pub seed: u64,
}

impl Default for LearnSettings {
    fn default() -> Self {
        LearnSettings {
            folds: 5,
            min_labelled: 20,
            min_per_grade: 5,
            iterations: 300,
            learning_rate: 0.5,
            l2: 0.001,
            seed: 1,
        }
    }
}

/// A trained classifier.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Per-indicator mean and standard deviation of the training set.
    pub mean: [f64; Indicator::COUNT],
    pub sd: [f64; Indicator::COUNT],
    /// Per grade, a weight per standardised indicator and the intercept last.
    pub weights: [[f64; FEATURES]; Grade::COUNT],
    /// Grades present in the training labels; only these are predicted.
    pub grades: [bool; Grade::COUNT],
}

impl Model {
    fn features(&self, scores: &[f64; Indicator::COUNT]) -> [f64; FEATURES] {
        let mut x = [1.0; FEATURES];
        for i in 0..Indicator::COUNT {
            x[i] = (scores[i] - self.mean[i]) / self.sd[i];
        }
        x
    }

    /// Probabilities per grade (0 for grades not learned).
    fn probabilities(&self, x: &[f64; FEATURES]) -> [f64; Grade::COUNT] {
        let mut logits = [f64::NEG_INFINITY; Grade::COUNT];
        for ((logit, weights), learned) in logits.iter_mut().zip(&self.weights).zip(self.grades) {
            if learned {
                *logit = weights.iter().zip(x).map(|(w, v)| w * v).sum();
            }
        }
        let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exp = logits.map(|l| if l.is_finite() { (l - top).exp() } else { 0.0 });
        let sum: f64 = exp.iter().sum();
        exp.map(|e| e / sum)
    }

    /// The most likely grade of a customer with these indicator scores, and its probability.
    pub fn predict(&self, scores: &[f64; Indicator::COUNT]) -> (Grade, f64) {
        let p = self.probabilities(&self.features(scores));
        let best = (0..Grade::COUNT).fold(0, |best, g| if p[g] > p[best] { g } else { best });
        (Grade::ALL[best], p[best])
    }
}

/// Fits a model to indicator scores `xs` with grade indices `ys`.
fn train(xs: &[[f64; Indicator::COUNT]], ys: &[usize], settings: &LearnSettings) -> Model {
    let n = xs.len() as f64;
    let mut mean = [0.0; Indicator::COUNT];
    let mut sd = [0.0; Indicator::COUNT];
    for x in xs {
        for i in 0..Indicator::COUNT {
            mean[i] += x[i] / n;
        }
    }
    for x in xs {
        for i in 0..Indicator::COUNT {
            sd[i] += (x[i] - mean[i]).powi(2) / n;
        }
    }
    // A constant indicator (everyone unrated, say) carries nothing; 1 keeps it at 0.
    let sd = sd.map(|v| if v > 1e-12 { v.sqrt() } else { 1.0 });
    let mut grades = [false; Grade::COUNT];
    for y in ys {
        grades[*y] = true;
    }
    let mut model = Model { mean, sd, weights: [[0.0; FEATURES]; Grade::COUNT], grades };
    let features: Vec<[f64; FEATURES]> = xs.iter().map(|x| model.features(x)).collect();
    for _ in 0..settings.iterations {
        let mut gradient = [[0.0; FEATURES]; Grade::COUNT];
        for (x, y) in features.iter().zip(ys) {
            let p = model.probabilities(x);
            for g in 0..Grade::COUNT {
                let error = p[g] - if g == *y { 1.0 } else { 0.0 };
                for (slot, v) in gradient[g].iter_mut().zip(x) {
                    *slot += error * v;
                }
            }
        }
        for g in (0..Grade::COUNT).filter(|g| grades[*g]) {
            for (f, (weight, slope)) in model.weights[g].iter_mut().zip(gradient[g]).enumerate() {
                // The intercept is not penalised: it only sets how common a grade is.
                let penalty = if f < Indicator::COUNT { settings.l2 * *weight } else { 0.0 };
                *weight -= settings.learning_rate * (slope / n + penalty);
            }
        }
    }
    model
}

/// Not enough confirmed grades to learn from, with what is there and what is needed.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelShortage {
    pub labelled: u32,
    /// Indexed by [`Grade::index`].
    pub per_grade: [u32; Grade::COUNT],
    pub min_labelled: u32,
    pub min_per_grade: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction {
    pub customer_id: Id,
    pub grade: Grade,
    pub probability: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Trained {
    pub labelled: u32,
    pub folds: u32,
    /// Share of labelled customers whose held-out prediction matched, 0–1.
    pub accuracy: f64,
    /// `confusion[confirmed][predicted]`, counts over the held-out folds.
    pub confusion: [[u32; Grade::COUNT]; Grade::COUNT],
    /// Every customer without a confirmed grade, in the order of `scores`.
    pub predictions: Vec<Prediction>,
    /// Trained on every label.
    pub model: Model,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Learned {
    NotEnoughLabels(LabelShortage),
    Trained(Box<Trained>),
}

/// Learns from the confirmed grades in `ratings` and the customers' indicator scores.
pub fn learn(scores: &[CustomerScore], ratings: &[Ratings], settings: &LearnSettings) -> Learned {
    let confirmed: HashMap<Id, Grade> =
        ratings.iter().filter_map(|r| Some((r.customer_id, r.confirmed_grade?))).collect();
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for score in scores {
        if let Some(grade) = confirmed.get(&score.customer_id) {
            xs.push(score.indicator_scores());
            ys.push(grade.index());
        }
    }
    let mut per_grade = [0u32; Grade::COUNT];
    for y in &ys {
        per_grade[*y] += 1;
    }
    let labelled = ys.len() as u32;
    let used: Vec<u32> = per_grade.iter().copied().filter(|c| *c > 0).collect();
    if labelled < settings.min_labelled || used.len() < 2 || used.iter().any(|c| *c < settings.min_per_grade) {
        return Learned::NotEnoughLabels(LabelShortage {
            labelled,
            per_grade,
            min_labelled: settings.min_labelled,
            min_per_grade: settings.min_per_grade,
        });
    }

    let folds = settings.folds.clamp(2, settings.min_per_grade.max(2)) as usize;
    let fold_of = stratified_folds(&ys, folds, settings.seed);
    let mut confusion = [[0u32; Grade::COUNT]; Grade::COUNT];
    for fold in 0..folds {
        let (train_x, train_y): (Vec<_>, Vec<_>) =
            xs.iter().zip(&ys).zip(&fold_of).filter(|(_, f)| **f != fold).map(|((x, y), _)| (*x, *y)).unzip();
        let model = train(&train_x, &train_y, settings);
        for ((x, y), _) in xs.iter().zip(&ys).zip(&fold_of).filter(|(_, f)| **f == fold) {
            confusion[*y][model.predict(x).0.index()] += 1;
        }
    }
    let correct: u32 = (0..Grade::COUNT).map(|g| confusion[g][g]).sum();
    let model = train(&xs, &ys, settings);
    let predictions = scores
        .iter()
        .filter(|s| !confirmed.contains_key(&s.customer_id))
        .map(|s| {
            let (grade, probability) = model.predict(&s.indicator_scores());
            Prediction { customer_id: s.customer_id, grade, probability }
        })
        .collect();
    Learned::Trained(Box::new(Trained {
        labelled,
        folds: folds as u32,
        accuracy: f64::from(correct) / f64::from(labelled),
        confusion,
        predictions,
        model,
    }))
}

/// A fold per sample: each grade's samples shuffled with `seed`, then dealt round the folds,
/// so every fold holds each grade in proportion.
fn stratified_folds(ys: &[usize], folds: usize, seed: u64) -> Vec<usize> {
    let mut rng = Rng::new(seed);
    let mut fold_of = vec![0; ys.len()];
    // Each grade is dealt on from where the last one stopped, so fold sizes differ by one at most.
    let mut dealt = 0;
    for g in 0..Grade::COUNT {
        let mut members: Vec<usize> = (0..ys.len()).filter(|i| ys[*i] == g).collect();
        for i in (1..members.len()).rev() {
            members.swap(i, rng.below(i as u64 + 1) as usize);
        }
        for member in members {
            fold_of[member] = dealt % folds;
            dealt += 1;
        }
    }
    fold_of
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::score::{Basis, IndicatorScore};
    use crate::domain::grading::settings::{Thresholds, Weights};

    /// `n` customers with uniformly random indicator scores, labelled by a known rule: the
    /// default weights and thresholds 60/50/40 (so all four grades are common).
    fn labelled_base(n: usize, seed: u64) -> (Vec<CustomerScore>, Vec<Ratings>) {
        let mut rng = Rng::new(seed);
        let rule = Thresholds { a: 60.0, b: 50.0, c: 40.0 };
        let mut scores = Vec::new();
        let mut ratings = Vec::new();
        for id in 1..=n as Id {
            let mut score = CustomerScore { customer_id: id, counted_orders: 1, ..CustomerScore::default() };
            for slot in &mut score.indicators {
                *slot = IndicatorScore { score: rng.unit() * 100.0, basis: Basis::Measured };
            }
            let total = Weights::default().total(&score.indicator_scores());
            ratings.push(Ratings { customer_id: id, confirmed_grade: Some(rule.grade(total)), ..Ratings::default() });
            scores.push(score);
        }
        (scores, ratings)
    }

    fn trained(learned: Learned) -> Trained {
        match learned {
            Learned::Trained(t) => *t,
            Learned::NotEnoughLabels(shortage) => panic!("not enough labels: {shortage:?}"),
        }
    }

    /// The rule is linear in the scores, so the model should find it: over 85 % of held-out
    /// customers graded as the rule grades them (a majority guess scores about 35 %).
    #[test]
    fn learns_a_known_linear_rule() {
        let (scores, ratings) = labelled_base(600, 42);
        let got = trained(learn(&scores, &ratings, &LearnSettings::default()));
        assert_eq!((got.labelled, got.folds), (600, 5));
        assert!(got.accuracy > 0.85, "cross-validated accuracy {}", got.accuracy);
        assert_eq!(got.confusion.iter().flatten().sum::<u32>(), 600);
        // Errors only between neighbouring grades: A is never taken for D or the reverse.
        assert_eq!((got.confusion[0][3], got.confusion[3][0]), (0, 0));
        assert!(got.predictions.is_empty(), "everyone is labelled");
    }

    #[test]
    fn predicts_unlabelled_customers() {
        let (mut scores, mut ratings) = labelled_base(300, 7);
        // Two extra customers without a label: one excellent, one poor everywhere.
        for (id, value) in [(1_001, 95.0), (1_002, 5.0)] {
            let mut score = CustomerScore { customer_id: id, counted_orders: 1, ..CustomerScore::default() };
            score.indicators = [IndicatorScore { score: value, basis: Basis::Measured }; Indicator::COUNT];
            scores.push(score);
        }
        ratings.push(Ratings { customer_id: 1_002, confirmed_grade: None, ..Ratings::default() });
        let got = trained(learn(&scores, &ratings, &LearnSettings::default()));
        let grades: Vec<(Id, Grade)> = got.predictions.iter().map(|p| (p.customer_id, p.grade)).collect();
        assert_eq!(grades, [(1_001, Grade::A), (1_002, Grade::D)]);
        assert!(got.predictions.iter().all(|p| p.probability > 0.5 && p.probability <= 1.0));
    }

    #[test]
    fn is_deterministic() {
        let (scores, ratings) = labelled_base(200, 3);
        let settings = LearnSettings::default();
        assert_eq!(learn(&scores, &ratings, &settings), learn(&scores, &ratings, &settings));
    }

    #[test]
    fn too_few_labels_are_reported_not_predicted() {
        let (scores, ratings) = labelled_base(60, 9);
        let only =
            |keep: &dyn Fn(&Ratings) -> bool| -> Vec<Ratings> { ratings.iter().filter(|r| keep(r)).cloned().collect() };
        let check =
            |ratings: Vec<Ratings>, expected_labelled: u32| match learn(&scores, &ratings, &LearnSettings::default()) {
                Learned::NotEnoughLabels(shortage) => {
                    assert_eq!(shortage.labelled, expected_labelled);
                    assert_eq!(shortage.per_grade.iter().sum::<u32>(), expected_labelled);
                    assert_eq!((shortage.min_labelled, shortage.min_per_grade), (20, 5));
                }
                Learned::Trained(_) => panic!("learned from {expected_labelled} labels"),
            };
        // Fewer than 20 labels.
        check(only(&|r| r.customer_id <= 19), 19);
        // One grade only.
        let b_only = only(&|r| r.confirmed_grade == Some(Grade::B));
        let count = b_only.len() as u32;
        check(b_only, count);
        // A grade with fewer than five labels.
        let mut a_seen = 0;
        let few_a: Vec<Ratings> = ratings
            .iter()
            .filter(|r| {
                r.confirmed_grade != Some(Grade::A) || {
                    a_seen += 1;
                    a_seen <= 4
                }
            })
            .cloned()
            .collect();
        let count = few_a.len() as u32;
        check(few_a, count);
        // Labels of customers not in the scores do not count.
        let strangers: Vec<Ratings> =
            ratings.iter().map(|r| Ratings { customer_id: r.customer_id + 10_000, ..r.clone() }).collect();
        check(strangers, 0);
    }

    #[test]
    fn folds_are_stratified() {
        let ys: Vec<usize> = (0..50).map(|i| if i < 10 { 0 } else { 1 + i % 3 }).collect();
        let folds = stratified_folds(&ys, 5, 1);
        for fold in 0..5 {
            let in_fold: Vec<usize> = (0..ys.len()).filter(|i| folds[*i] == fold).collect();
            assert_eq!(in_fold.iter().filter(|i| ys[**i] == 0).count(), 2, "fold {fold}");
            assert_eq!(in_fold.len(), 10, "fold {fold}");
        }
        assert_ne!(stratified_folds(&ys, 5, 1), stratified_folds(&ys, 5, 2));
    }
}
