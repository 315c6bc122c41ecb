//! Time to a result, learned from deals whose clock started on a known day: how likely a deal
//! is to be won (or still open) a given number of days after its start, with deals still open
//! counted as far as they are known (right-censored), so a young workspace's open deals do not
//! read as never winning. This is the Aalen–Johansen estimate of won/lost as competing results,
//! by whole days.

/// What became of one deal `age` days after its clock started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Won,
    Lost,
    /// Still open at that age when the history ends.
    Open,
}

/// Cumulative chances by age in days.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimeToResult {
    /// `won[t]`: chance of being won within `t` days of the start.
    won: Vec<f64>,
    /// `open[t]`: chance of being still open after `t` days.
    open: Vec<f64>,
    /// Deals with a result (won or lost) among those counted.
    pub results: usize,
    pub wins: usize,
    /// Deals counted, open ones included.
    pub deals: usize,
}

impl TimeToResult {
    /// The estimate from `(age, exit)` per deal.
    pub fn estimate(exits: impl IntoIterator<Item = (u32, Exit)>) -> TimeToResult {
        let mut counts: Vec<[u32; 3]> = Vec::new();
        for (age, exit) in exits {
            let age = age as usize;
            if counts.len() <= age {
                counts.resize(age + 1, [0; 3]);
            }
            counts[age][exit as usize] += 1;
        }
        let deals: u32 = counts.iter().flatten().sum();
        let (mut won_so_far, mut open_so_far, mut at_risk) = (0.0, 1.0, f64::from(deals));
        let (mut won, mut open) = (Vec::with_capacity(counts.len()), Vec::with_capacity(counts.len()));
        let (mut wins, mut losses) = (0, 0);
        for [w, l, censored] in counts {
            if at_risk > 0.0 {
                won_so_far += open_so_far * f64::from(w) / at_risk;
                open_so_far *= 1.0 - f64::from(w + l) / at_risk;
            }
            won.push(won_so_far);
            open.push(open_so_far);
            at_risk -= f64::from(w + l + censored);
            wins += w as usize;
            losses += l as usize;
        }
        TimeToResult { won, open, results: wins + losses, wins, deals: deals as usize }
    }

    /// Chance of being won within `age` days (`0` before the start).
    pub fn won_by(&self, age: i64) -> f64 {
        if age < 0 {
            return 0.0;
        }
        // Beyond `usize` (wasm32 has 32 bits) is beyond every age seen: the curve's end.
        let age = usize::try_from(age).unwrap_or(usize::MAX);
        self.won.get(age).or(self.won.last()).copied().unwrap_or(0.0)
    }

    /// Chance of being still open after `age` days.
    pub fn open_after(&self, age: i64) -> f64 {
        if age < 0 {
            return 1.0;
        }
        let age = usize::try_from(age).unwrap_or(usize::MAX);
        self.open.get(age).or(self.open.last()).copied().unwrap_or(1.0)
    }

    /// Chance that a deal still open at `age` is won in the days `(age + from, age + to]`.
    pub fn won_between(&self, age: i64, from: i64, to: i64) -> f64 {
        let open = self.open_after(age);
        if open <= 0.0 {
            return 0.0;
        }
        ((self.won_by(age + to) - self.won_by(age + from)) / open).clamp(0.0, 1.0)
    }

    /// Chance that a deal still open at `age` is ever won (within the ages seen so far). A deal
    /// older than every past win gets nothing: that is how ageing lowers a deal's chances.
    pub fn eventually_won(&self, age: i64) -> f64 {
        self.won_between(age, 0, self.won.len() as i64)
    }

    /// The longest age seen.
    pub fn max_age(&self) -> usize {
        self.won.len().saturating_sub(1)
    }
}

/// How deals leave one stage, by days since they entered it: the chance of being still in it
/// and the cumulative chance of each way out ([`Leave`]), deals still in it counted as far as
/// they are known (Aalen–Johansen with competing exits, by whole days). A deal in a stage is
/// judged by deals that stayed in it as long, not by every deal that entered it then and is
/// unresolved: those may be stages further on and closer to a result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sojourn {
    /// `stay[t]`: chance of being still in the stage after `t` days.
    stay: Vec<f64>,
    /// `left[t][l]`: chance of having left by way `l` ([`Leave::index`]) within `t` days.
    left: Vec<[f64; LEAVES]>,
}

/// A way out of a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    Won,
    Lost,
    /// Into the open stage of this rank (on, or back).
    To(usize),
}

const LEAVES: usize = 6;

impl Leave {
    fn index(self) -> usize {
        match self {
            Leave::Won => 0,
            Leave::Lost => 1,
            Leave::To(rank) => 2 + rank.min(LEAVES - 3),
        }
    }
}

impl Sojourn {
    /// The estimate from `(days in the stage, how it was left)` per deal; `None` for a deal
    /// still in it when the history ends.
    pub fn estimate(stays: impl IntoIterator<Item = (u32, Option<Leave>)>) -> Sojourn {
        let mut counts = SojournCounts::default();
        for (age, leave) in stays {
            counts.add(age, leave);
        }
        counts.estimate()
    }
}

/// Stays counted by days and way out, as a calibration meets them (no list of every stay).
#[derive(Clone, Debug, Default)]
pub struct SojournCounts {
    counts: Vec<[u32; LEAVES + 1]>,
}

impl SojournCounts {
    pub fn add(&mut self, age: u32, leave: Option<Leave>) {
        let age = age as usize;
        if self.counts.len() <= age {
            self.counts.resize(age + 1, [0; LEAVES + 1]);
        }
        self.counts[age][leave.map_or(LEAVES, Leave::index)] += 1;
    }

    pub fn estimate(self) -> Sojourn {
        let counts = self.counts;
        let mut at_risk = f64::from(counts.iter().flatten().sum::<u32>());
        let (mut stay_so_far, mut left_so_far) = (1.0, [0.0; LEAVES]);
        let (mut stay, mut left) = (Vec::with_capacity(counts.len()), Vec::with_capacity(counts.len()));
        for row in counts {
            let gone: u32 = row[..LEAVES].iter().sum();
            if at_risk > 0.0 {
                for (total, &n) in left_so_far.iter_mut().zip(&row[..LEAVES]) {
                    *total += stay_so_far * f64::from(n) / at_risk;
                }
                stay_so_far *= 1.0 - f64::from(gone) / at_risk;
            }
            stay.push(stay_so_far);
            left.push(left_so_far);
            at_risk -= f64::from(gone + row[LEAVES]);
        }
        Sojourn { stay, left }
    }
}

impl Sojourn {
    /// Chance of being still in the stage after `age` days.
    pub fn stay(&self, age: i64) -> f64 {
        if age < 0 {
            return 1.0;
        }
        let age = usize::try_from(age).unwrap_or(usize::MAX);
        self.stay.get(age).or(self.stay.last()).copied().unwrap_or(1.0)
    }

    /// Chance of having left by `leave` within `age` days.
    pub fn left_by(&self, age: i64, leave: Leave) -> f64 {
        if age < 0 {
            return 0.0;
        }
        let age = usize::try_from(age).unwrap_or(usize::MAX);
        self.left.get(age).or(self.left.last()).map_or(0.0, |l| l[leave.index()])
    }

    /// The longest stay seen.
    pub fn max_age(&self) -> usize {
        self.stay.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn without_open_deals_it_is_the_plain_share() {
        // 4 deals: won at day 2 and 5, lost at day 3 and 5.
        let t = TimeToResult::estimate([(2, Exit::Won), (3, Exit::Lost), (5, Exit::Won), (5, Exit::Lost)]);
        for (age, won, open) in
            [(0, 0.0, 1.0), (2, 0.25, 0.75), (3, 0.25, 0.5), (4, 0.25, 0.5), (5, 0.5, 0.0), (9, 0.5, 0.0)]
        {
            assert!(close(t.won_by(age), won) && close(t.open_after(age), open), "age {age}");
        }
        assert_eq!((t.results, t.wins, t.deals, t.max_age()), (4, 2, 4, 5));
        assert!(close(t.won_between(2, 0, 3), 1.0 / 3.0), "one of the three still open at day 2 is won by day 5");
        assert!(close(t.eventually_won(3), 0.5));
        assert_eq!(t.eventually_won(5), 0.0, "nobody is open past the last result");
        assert_eq!(t.won_by(-1), 0.0);
        // "Ever" is asked as a huge age, beyond a 32-bit usize: it is the curve's end, not "before the start".
        for age in [i64::from(u32::MAX) + 1, i64::MAX / 4, i64::MAX] {
            assert!(close(t.won_by(age), 0.5) && close(t.open_after(age), 0.0), "age {age}");
        }
        assert_eq!(t.open_after(-1), 1.0);
    }

    #[test]
    fn open_deals_count_while_they_are_known() {
        // Two won at day 1; two still open at day 1 (known only that far); one won at day 4.
        let t =
            TimeToResult::estimate([(1, Exit::Won), (1, Exit::Won), (1, Exit::Open), (1, Exit::Open), (4, Exit::Won)]);
        // Day 1: 2 of 5 won → 0.4, open 0.6. Day 4: at risk 1, won → won 0.4 + 0.6 = 1.0.
        assert!(close(t.won_by(1), 0.4) && close(t.open_after(1), 0.6));
        assert!(close(t.won_by(4), 1.0) && close(t.open_after(4), 0.0));
        assert_eq!((t.results, t.wins, t.deals), (3, 3, 5));
    }

    #[test]
    fn a_stage_is_left_by_competing_ways() {
        // 5 deals: won at day 2, on to rank 2 at day 2, lost at day 4, still in at day 3, on to
        // rank 3 at day 6.
        let s = Sojourn::estimate([
            (2, Some(Leave::Won)),
            (2, Some(Leave::To(2))),
            (4, Some(Leave::Lost)),
            (3, None),
            (6, Some(Leave::To(3))),
        ]);
        // Day 2: 2 of 5 leave (stay 0.6, 0.2 each way). Day 4: 1 of the 2 left at risk (stay
        // 0.3, lost 0.3). Day 6: the last one (stay 0, to rank 3: 0.3).
        for (age, stay, won, lost, on2, on3) in [
            (1, 1.0, 0.0, 0.0, 0.0, 0.0),
            (2, 0.6, 0.2, 0.0, 0.2, 0.0),
            (4, 0.3, 0.2, 0.3, 0.2, 0.0),
            (9, 0.0, 0.2, 0.3, 0.2, 0.3),
        ] {
            assert!(close(s.stay(age), stay), "stay at {age}: {}", s.stay(age));
            let by = |l| s.left_by(age, l);
            assert!(close(by(Leave::Won), won) && close(by(Leave::Lost), lost), "age {age}");
            assert!(close(by(Leave::To(2)), on2) && close(by(Leave::To(3)), on3), "age {age}");
        }
        assert_eq!((s.stay(-1), s.left_by(-1, Leave::Won), s.max_age()), (1.0, 0.0, 6));
        assert_eq!(s.stay(i64::MAX), 0.0, "beyond 32 bits is the end");
    }

    #[test]
    fn no_history_means_no_chance() {
        let t = TimeToResult::estimate([]);
        assert_eq!((t.won_by(10), t.open_after(10), t.won_between(0, 0, 90)), (0.0, 1.0, 0.0));
    }
}
