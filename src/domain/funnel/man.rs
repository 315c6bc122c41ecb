//! MAN qualification (docs/domain.md §4): money (购买力), authority (决定权) and need (需求), each met
//! or not. The eight combinations are written with upper case for met, lower case for unmet
//! (`MAN` … `man`); each has a recommended strategy, whose text the UI keeps (and the user edits)
//! under [`ManCombination::strategy_id`].

use crate::domain::model::Man;

/// One of the eight MAN combinations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ManCombination {
    /// `MAN`: all three met.
    AllMet,
    /// `MAn`: money and authority, no established need.
    NoNeed,
    /// `MaN`: money and need, not yet the decision maker.
    NoAuthority,
    /// `mAN`: authority and need, money missing.
    NoMoney,
    /// `Man`: money only.
    MoneyOnly,
    /// `mAn`: authority only.
    AuthorityOnly,
    /// `maN`: need only.
    NeedOnly,
    /// `man`: none met.
    NoneMet,
}

/// How far MAN qualifies an opportunity, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Qualification {
    /// All three met: qualified to advance.
    Qualified,
    /// Two of three: worth pursuing while working on the missing one.
    Conditional,
    /// One of three: keep developing before investing heavily.
    Weak,
    /// None met: not an opportunity yet.
    Unqualified,
}

impl ManCombination {
    pub const ALL: [ManCombination; 8] = [
        ManCombination::AllMet,
        ManCombination::NoNeed,
        ManCombination::NoAuthority,
        ManCombination::NoMoney,
        ManCombination::MoneyOnly,
        ManCombination::AuthorityOnly,
        ManCombination::NeedOnly,
        ManCombination::NoneMet,
    ];

    pub fn of(man: Man) -> ManCombination {
        match (man.money, man.authority, man.need) {
            (true, true, true) => ManCombination::AllMet,
            (true, true, false) => ManCombination::NoNeed,
            (true, false, true) => ManCombination::NoAuthority,
            (false, true, true) => ManCombination::NoMoney,
            (true, false, false) => ManCombination::MoneyOnly,
            (false, true, false) => ManCombination::AuthorityOnly,
            (false, false, true) => ManCombination::NeedOnly,
            (false, false, false) => ManCombination::NoneMet,
        }
    }

    pub fn man(self) -> Man {
        let code = self.code().as_bytes();
        Man { money: code[0] == b'M', authority: code[1] == b'A', need: code[2] == b'N' }
    }

    /// The combination as the method writes it: `MAN`, `MAn`, … `man` (not translated).
    pub fn code(self) -> &'static str {
        match self {
            ManCombination::AllMet => "MAN",
            ManCombination::NoNeed => "MAn",
            ManCombination::NoAuthority => "MaN",
            ManCombination::NoMoney => "mAN",
            ManCombination::MoneyOnly => "Man",
            ManCombination::AuthorityOnly => "mAn",
            ManCombination::NeedOnly => "maN",
            ManCombination::NoneMet => "man",
        }
    }

    /// The combination for a code, exactly as [`ManCombination::code`] writes it.
    pub fn parse(code: &str) -> Option<ManCombination> {
        ManCombination::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The stable key of this combination's recommended strategy (its text lives in the UI's
    /// settings and translations).
    pub fn strategy_id(self) -> &'static str {
        match self {
            ManCombination::AllMet => "man_close_actively",
            ManCombination::NoNeed => "man_develop_need",
            ManCombination::NoAuthority => "man_reach_decision_maker",
            ManCombination::NoMoney => "man_arrange_financing",
            ManCombination::MoneyOnly => "man_money_only",
            ManCombination::AuthorityOnly => "man_authority_only",
            ManCombination::NeedOnly => "man_need_only",
            ManCombination::NoneMet => "man_not_yet",
        }
    }

    /// How many of the three conditions are met.
    pub fn met(self) -> u8 {
        let man = self.man();
        u8::from(man.money) + u8::from(man.authority) + u8::from(man.need)
    }

    pub fn qualification(self) -> Qualification {
        match self.met() {
            3 => Qualification::Qualified,
            2 => Qualification::Conditional,
            1 => Qualification::Weak,
            _ => Qualification::Unqualified,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn man(money: bool, authority: bool, need: bool) -> Man {
        Man { money, authority, need }
    }

    #[test]
    fn every_combination_has_its_code_strategy_and_qualification() {
        use ManCombination as C;
        use Qualification as Q;
        let check = |input: Man, code: &str, combination: C, qualification: Q| {
            let of = C::of(input);
            assert_eq!((of, of.code(), of.qualification()), (combination, code, qualification), "{input:?}");
            assert_eq!(of.man(), input, "{code} round-trips");
            assert_eq!(C::parse(code), Some(of));
        };
        check(man(true, true, true), "MAN", C::AllMet, Q::Qualified);
        check(man(true, true, false), "MAn", C::NoNeed, Q::Conditional);
        check(man(true, false, true), "MaN", C::NoAuthority, Q::Conditional);
        check(man(false, true, true), "mAN", C::NoMoney, Q::Conditional);
        check(man(true, false, false), "Man", C::MoneyOnly, Q::Weak);
        check(man(false, true, false), "mAn", C::AuthorityOnly, Q::Weak);
        check(man(false, false, true), "maN", C::NeedOnly, Q::Weak);
        check(man(false, false, false), "man", C::NoneMet, Q::Unqualified);
        assert_eq!(C::parse("MAM"), None);
        assert_eq!(C::parse("man "), None);
    }

    #[test]
    fn codes_and_strategy_ids_are_distinct() {
        let mut codes: Vec<_> = ManCombination::ALL.iter().map(|c| c.code()).collect();
        let mut ids: Vec<_> = ManCombination::ALL.iter().map(|c| c.strategy_id()).collect();
        codes.sort_unstable();
        codes.dedup();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!((codes.len(), ids.len()), (8, 8));
    }
}
