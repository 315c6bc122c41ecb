//! The rule of three and four (三四规则, BCG; seed 000, issue 23) in one market: in a stable
//! market the leader holds at most four times the share of the third; two neighbours at about
//! 2:1 are in equilibrium; a player below a quarter of the leader's share cannot compete
//! effectively. The verdict is typed, with the numbers it rests on; the page words it.
//!
//! Decisions the rule leaves open:
//! - Players are ranked by units (shares of one market order alike); a brand without units is
//!   no player. Ties share a rank (1, 2, 2, 4) and are listed us first, then by brand, so the
//!   order is stable; the third *player* is the third in that list, and its share is the same
//!   whichever of a tie stands there, so leader ÷ third does not depend on the order.
//! - A tie for first makes every tied player a leader, us included.
//! - With fewer than three players the rule's test of stability does not apply: the verdict
//!   says so; the 2:1 pairs and the quarter-of-the-leader line still do.
//! - Exactly a quarter of the leader is still viable: the rule rules out players *below* it.

use super::settings::MarketSettings;
use super::share::{Competitor, MarketShare};

/// Who a ranked player is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Player {
    Us,
    Competitor(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    pub player: Player,
    pub units: u32,
    /// 1 for the leader; tied players share a rank.
    pub rank: u32,
    /// Units ÷ the market's size.
    pub share: f64,
    /// Share ÷ the leader's share.
    pub of_leader: f64,
    /// At or above the viability line (a quarter of the leader by default).
    pub viable: bool,
}

/// Whether the market has settled into the rule's shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Structure {
    /// Fewer than three players have units.
    TooFewPlayers { players: usize },
    /// The leader holds at most four times the third's share: the market follows the rule.
    Stable { leader_to_third: f64 },
    /// The leader holds more: the market has not settled yet.
    NotYetStable { leader_to_third: f64 },
}

/// Two neighbours in the ranking at about 2:1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Equilibrium {
    /// Positions in [`RuleOfThreeAndFour::ranking`], the larger first; `lower` is `upper + 1`.
    pub upper: usize,
    pub lower: usize,
    /// Upper's share ÷ lower's.
    pub ratio: f64,
}

/// Where we stand, and so what the rule predicts for us.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Standing {
    /// We sold nothing in this market.
    Absent,
    /// We hold the largest share (alone, or tied when `over_next` is 1): ours to defend.
    /// `over_next` is our share ÷ the next player's; `None` when nobody else has units.
    Leader { over_next: Option<f64> },
    /// At least a quarter of the leader's share: a viable challenger.
    Challenger { rank: u32, of_leader: f64 },
    /// Below a quarter of the leader's share: the rule says we cannot compete effectively here.
    BelowViability { rank: u32, of_leader: f64 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleOfThreeAndFour {
    pub ranking: Vec<Ranked>,
    pub structure: Structure,
    pub equilibria: Vec<Equilibrium>,
    pub us: Standing,
}

/// The verdict for the market `share` describes, whose competitors are `competitors` (one entry
/// per brand, as [`super::share::competitor_units`] gives them).
pub fn rule_of_three_and_four(
    share: &MarketShare,
    competitors: &[Competitor],
    settings: &MarketSettings,
) -> RuleOfThreeAndFour {
    let mut players: Vec<(Player, u32)> = std::iter::once((Player::Us, share.ours))
        .chain(competitors.iter().map(|c| (Player::Competitor(c.brand.clone()), c.units)))
        .filter(|(_, units)| *units > 0)
        .collect();
    players.sort_by(|(a, a_units), (b, b_units)| {
        b_units.cmp(a_units).then_with(|| match (a, b) {
            (Player::Us, _) => std::cmp::Ordering::Less,
            (_, Player::Us) => std::cmp::Ordering::Greater,
            (Player::Competitor(a), Player::Competitor(b)) => a.cmp(b),
        })
    });
    let leader_units = players.first().map_or(0, |(_, units)| *units);
    let ranking: Vec<Ranked> = players
        .iter()
        .map(|(player, units)| {
            let of_leader = ratio(*units, leader_units);
            Ranked {
                player: player.clone(),
                units: *units,
                rank: 1 + players.iter().filter(|(_, other)| other > units).count() as u32,
                // Players have units, so the size (at least the units known) is positive.
                share: f64::from(*units) / share.size,
                of_leader,
                viable: of_leader >= settings.viable_of_leader,
            }
        })
        .collect();
    let structure = match ranking.get(2) {
        None => Structure::TooFewPlayers { players: ranking.len() },
        Some(third) => {
            let leader_to_third = ratio(ranking[0].units, third.units);
            if leader_to_third <= settings.stable_leader_to_third {
                Structure::Stable { leader_to_third }
            } else {
                Structure::NotYetStable { leader_to_third }
            }
        }
    };
    let equilibria = ranking
        .windows(2)
        .enumerate()
        .map(|(upper, pair)| Equilibrium { upper, lower: upper + 1, ratio: ratio(pair[0].units, pair[1].units) })
        .filter(|pair| (pair.ratio / settings.equilibrium_ratio - 1.0).abs() <= settings.equilibrium_tolerance)
        .collect();
    let us = match ranking.iter().position(|r| r.player == Player::Us) {
        None => Standing::Absent,
        Some(at) if ranking[at].rank == 1 => {
            Standing::Leader { over_next: ranking.get(at + 1).map(|next| ratio(ranking[at].units, next.units)) }
        }
        Some(at) if ranking[at].viable => {
            Standing::Challenger { rank: ranking[at].rank, of_leader: ranking[at].of_leader }
        }
        Some(at) => Standing::BelowViability { rank: ranking[at].rank, of_leader: ranking[at].of_leader },
    };
    RuleOfThreeAndFour { ranking, structure, equilibria, us }
}

/// Ratios of shares of one market are ratios of units, taken exactly from the counts so a
/// market at the 4× line is not pushed over it by rounding. Ranked players have units, so
/// `below` is never zero.
fn ratio(above: u32, below: u32) -> f64 {
    f64::from(above) / f64::from(below)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::market::share::market_share;
    use crate::domain::market::size::MarketSize;

    fn verdict(size: u32, ours: u32, rivals: &[(&str, u32)]) -> RuleOfThreeAndFour {
        verdict_with(size, ours, rivals, &MarketSettings::default())
    }

    fn verdict_with(size: u32, ours: u32, rivals: &[(&str, u32)], settings: &MarketSettings) -> RuleOfThreeAndFour {
        let competitors: Vec<Competitor> =
            rivals.iter().map(|(brand, units)| Competitor { brand: brand.to_string(), units: *units }).collect();
        let share = market_share(MarketSize::Typed(size), ours, &competitors, settings);
        rule_of_three_and_four(&share, &competitors, settings)
    }

    fn names(verdict: &RuleOfThreeAndFour) -> Vec<(String, u32)> {
        let name = |p: &Player| match p {
            Player::Us => "us".to_string(),
            Player::Competitor(brand) => brand.clone(),
        };
        verdict.ranking.iter().map(|r| (name(&r.player), r.rank)).collect()
    }

    #[test]
    fn classifies_markets_by_hand() {
        for (ours, rivals, structure, us) in [
            // 40 % / 20 % / 10 %: leader ÷ third = 4, at the line: stable. We lead 2:1 over B.
            (
                80,
                &[("B", 40), ("C", 20)][..],
                Structure::Stable { leader_to_third: 4.0 },
                Standing::Leader { over_next: Some(2.0) },
            ),
            // A 50 %, us 20 %, C 10 %: A ÷ C = 5 > 4, not yet stable; us ÷ A = 0.4, viable.
            (
                40,
                &[("A", 100), ("C", 20)][..],
                Structure::NotYetStable { leader_to_third: 5.0 },
                Standing::Challenger { rank: 2, of_leader: 0.4 },
            ),
            // A 30 %, B 25 %, C 20 %, us 6 %: A ÷ C = 1.5, stable; us ÷ A = 0.2 < ¼.
            (
                12,
                &[("A", 60), ("B", 50), ("C", 40)][..],
                Structure::Stable { leader_to_third: 1.5 },
                Standing::BelowViability { rank: 4, of_leader: 0.2 },
            ),
            // Exactly a quarter of the leader (15 of 60) is still viable.
            (
                15,
                &[("A", 60), ("B", 50), ("C", 40)][..],
                Structure::Stable { leader_to_third: 1.5 },
                Standing::Challenger { rank: 4, of_leader: 0.25 },
            ),
            // We sold nothing: absent; A ÷ C = 60 ÷ 10 = 6.
            (
                0,
                &[("A", 60), ("B", 30), ("C", 10)][..],
                Structure::NotYetStable { leader_to_third: 6.0 },
                Standing::Absent,
            ),
        ] {
            let got = verdict(200, ours, rivals);
            assert_eq!((got.structure, got.us), (structure, us), "{ours} {rivals:?}");
        }
    }

    #[test]
    fn neighbours_at_about_two_to_one_are_in_equilibrium() {
        // 100 : 50 : 27 : 10 → ratios 2.0, 1.85, 2.7: the first two pairs are within 1.8–2.2.
        let got = verdict(400, 50, &[("A", 100), ("C", 27), ("D", 10)]);
        let pairs: Vec<(usize, usize, f64)> = got.equilibria.iter().map(|e| (e.upper, e.lower, e.ratio)).collect();
        assert_eq!(pairs.len(), 2);
        assert_eq!((pairs[0].0, pairs[0].1, pairs[0].2), (0, 1, 2.0));
        assert_eq!((pairs[1].0, pairs[1].1), (1, 2));
        assert!((pairs[1].2 - 50.0 / 27.0).abs() < 1e-12);
        // D at 10 % of A is below the quarter line, the others are not.
        assert_eq!(got.ranking.iter().map(|r| r.viable).collect::<Vec<_>>(), vec![true, true, true, false]);
        // A tolerance of 5 % (1.9–2.1) keeps only the exact 2:1 pair.
        let strict = MarketSettings { equilibrium_tolerance: 0.05, ..MarketSettings::default() };
        assert_eq!(verdict_with(400, 50, &[("A", 100), ("C", 27), ("D", 10)], &strict).equilibria.len(), 1);
    }

    #[test]
    fn ties_share_a_rank_and_list_us_first() {
        // Us and B tie for first at 30, A and C tie at 10: ranks 1, 1, 3, 3; leader ÷ third = 3.
        let got = verdict(100, 30, &[("C", 10), ("B", 30), ("A", 10)]);
        assert_eq!(names(&got), vec![("us".into(), 1), ("B".into(), 1), ("A".into(), 3), ("C".into(), 3)]);
        assert_eq!(got.structure, Structure::Stable { leader_to_third: 3.0 });
        // A tied leader leads by 1×.
        assert_eq!(got.us, Standing::Leader { over_next: Some(1.0) });
        // Tied behind the leader: us and C at 20 share rank 2 behind A at 80.
        let got = verdict(200, 20, &[("C", 20), ("A", 80)]);
        assert_eq!(names(&got), vec![("A".into(), 1), ("us".into(), 2), ("C".into(), 2)]);
        assert_eq!(got.us, Standing::Challenger { rank: 2, of_leader: 0.25 });
        assert_eq!(got.structure, Structure::Stable { leader_to_third: 4.0 });
    }

    #[test]
    fn fewer_than_three_players() {
        // Alone: leader with nobody next; the rule's stability test does not apply.
        let got = verdict(50, 10, &[("B", 0)]);
        assert_eq!(
            (got.structure, got.us),
            (Structure::TooFewPlayers { players: 1 }, Standing::Leader { over_next: None })
        );
        // Two players at 40 and 10: 4:1, no equilibrium; at exactly ¼ of the leader we are viable.
        let got = verdict(50, 10, &[("A", 40)]);
        assert_eq!(got.structure, Structure::TooFewPlayers { players: 2 });
        assert_eq!(got.us, Standing::Challenger { rank: 2, of_leader: 0.25 });
        assert!(got.equilibria.is_empty());
        // Two players at 2:1: an equilibrium even without a third.
        let got = verdict(50, 20, &[("A", 40)]);
        assert_eq!(got.equilibria, vec![Equilibrium { upper: 0, lower: 1, ratio: 2.0 }]);
        // Nobody sold anything.
        let got = verdict(0, 0, &[]);
        assert_eq!(
            (got.ranking.len(), got.structure, got.us),
            (0, Structure::TooFewPlayers { players: 0 }, Standing::Absent)
        );
    }

    #[test]
    fn shares_are_of_the_market_size() {
        // 200 sold: A 80 = 40 %, us 40 = 20 % (half the leader); the 80 others are not players.
        let got = verdict(200, 40, &[("A", 80)]);
        let shares: Vec<(f64, f64)> = got.ranking.iter().map(|r| (r.share, r.of_leader)).collect();
        assert_eq!(shares, vec![(0.4, 1.0), (0.2, 0.5)]);
    }
}
