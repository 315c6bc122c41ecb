//! Market view: market size, share against the target and the rule of three and four
//! (docs/domain.md §7).
//!
//! 天远 chose a 25 % share as the target its capacity carries best, and seed 000 expects the
//! dealers' markets to concentrate by the 三四规则; the market view shows, per province ×
//! product line × year (and tonnage class), where the dealer stands on both.
//!
//! - [`size`]: markets, their size typed or estimated from a national total and a share key.
//! - [`share`]: competitors' units from the machines seen on site, our share against the target.
//! - [`rule`]: the ranking and the rule of three and four's typed verdict.
//! - [`settings`]: the target and the rule's ratios.

pub mod rule;
pub mod settings;
pub mod share;
pub mod size;
