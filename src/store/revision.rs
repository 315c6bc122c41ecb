//! Revisions: every stored record carries one, and every write makes a new one. A revision is
//! shaped like CouchDB's `_rev` — a generation counting the record's writes and a tag naming
//! the write that made it (`"3-0001a2b3c4d5e6f7"`) — so records can later travel to a CouchDB
//! server as they are. A write says what it expects to find ([`Base`]), and the store checks
//! that inside the write's transaction: a record changed since it was read is refused, never
//! silently overwritten.

use crate::domain::model::Id;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One revision of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rev {
    /// How many writes made this record, this one included (1 for a new record).
    pub generation: u32,
    /// The write that made it; unique per write across devices (taken from a new id).
    pub tag: u64,
}

impl Rev {
    /// The revision a write with `tag` makes on top of `previous` (none: a new record).
    pub fn after(previous: Option<Rev>, tag: u64) -> Rev {
        Rev { generation: previous.map_or(1, |p| p.generation.saturating_add(1)), tag }
    }

    /// Reads the stored text form; `None` for anything else.
    pub fn parse(text: &str) -> Option<Rev> {
        let (generation, tag) = text.split_once('-')?;
        if tag.len() != 16 {
            return None;
        }
        Some(Rev { generation: generation.parse().ok()?, tag: u64::from_str_radix(tag, 16).ok()? })
    }
}

impl Rev {
    /// The tag as its revision prints it, without the generation (a CouchDB history's ids).
    pub fn tag_text(&self) -> String {
        format!("{:016x}", self.tag)
    }
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.generation, self.tag_text())
    }
}

/// A record's revision with who made it and when: what a form needs to name the revision it
/// started from, and what a merge notice or a conflict dialog tells the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub rev: Rev,
    /// When the write was made, in ms since the epoch.
    pub at_ms: i64,
    /// Who made it; `None` for writes without a current user (the demo, a migration).
    pub by: Option<Id>,
}

/// What a write expects to find under the record's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// Nothing: the record is new. A stored record with the key refuses the write.
    New,
    /// This revision: the record as it was read. Any other refuses the write.
    At(Rev),
    /// Whatever is there: records derived from others (a demand history, a day's grade
    /// snapshot), whose last computation is right whoever wrote before.
    Latest,
}

/// Who writes and when: every record a write puts or deletes gets a revision tagged by it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stamp {
    pub tag: u64,
    pub at_ms: i64,
    pub by: Option<Id>,
}

impl Stamp {
    /// The revision this write gives a record whose stored revision is `previous`.
    pub fn revision(&self, previous: Option<Rev>) -> Revision {
        Revision { rev: Rev::after(previous, self.tag), at_ms: self.at_ms, by: self.by }
    }
}

/// Whether a write expecting `base` may replace what is stored (`stored`: its revision, or
/// `None` when nothing is).
pub fn base_holds(base: Base, stored: Option<Option<Rev>>) -> bool {
    match (base, stored) {
        (Base::Latest, _) => true,
        (Base::New, stored) => stored.is_none(),
        (Base::At(rev), Some(stored)) => stored == Some(rev),
        (Base::At(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_print_and_parse_like_couchdb_revs() {
        let rev = Rev { generation: 3, tag: 0x1a2b };
        assert_eq!(rev.to_string(), "3-0000000000001a2b");
        assert_eq!(Rev::parse("3-0000000000001a2b"), Some(rev));
        for bad in ["", "3", "3-", "x-0000000000001a2b", "3-1a2b", "3-zz00000000001a2b", "-0000000000001a2b"] {
            assert_eq!(Rev::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn each_write_counts_one_generation_up() {
        assert_eq!(Rev::after(None, 9), Rev { generation: 1, tag: 9 });
        assert_eq!(Rev::after(Some(Rev { generation: 4, tag: 1 }), 9), Rev { generation: 5, tag: 9 });
    }

    #[test]
    fn a_base_holds_only_against_what_it_expects() {
        let (r1, r2) = (Rev { generation: 1, tag: 1 }, Rev { generation: 2, tag: 2 });
        for (base, stored, holds) in [
            (Base::New, None, true),
            (Base::New, Some(Some(r1)), false),
            (Base::New, Some(None), false),
            (Base::At(r1), Some(Some(r1)), true),
            (Base::At(r1), Some(Some(r2)), false),
            (Base::At(r1), Some(None), false),
            (Base::At(r1), None, false),
            (Base::Latest, None, true),
            (Base::Latest, Some(Some(r2)), true),
        ] {
            assert_eq!(base_holds(base, stored), holds, "{base:?} against {stored:?}");
        }
    }
}
