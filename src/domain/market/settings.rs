//! The numbers the market view judges by, each a default from the seed or the issue.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MarketSettings {
    /// The share aimed at in every market. Default 25 %: 天远's choice, the share its capacity
    /// carries best — "not the higher the better" (seed 000).
    pub target_share: f64,
    /// A market is stable while its leader holds at most this many times the third player's
    /// share. Default 4 (三四规则, seed 000).
    pub stable_leader_to_third: f64,
    /// Two neighbours in the ranking are in equilibrium at about this ratio of shares.
    /// Default 2 (2:1, the rule's equilibrium, issue 23).
    pub equilibrium_ratio: f64,
    /// "About": a ratio within this fraction of [`MarketSettings::equilibrium_ratio`] (1.8–2.2
    /// for 2:1 by default, 10 %), as near as yearly unit counts can say.
    pub equilibrium_tolerance: f64,
    /// A player below this fraction of the leader's share cannot compete effectively.
    /// Default ¼ (issue 23).
    pub viable_of_leader: f64,
}

impl Default for MarketSettings {
    fn default() -> MarketSettings {
        MarketSettings {
            target_share: 0.25,
            stable_leader_to_third: 4.0,
            equilibrium_ratio: 2.0,
            equilibrium_tolerance: 0.1,
            viable_of_leader: 0.25,
        }
    }
}
