//! Stage order and moves: the five stages of docs/domain.md §4 walked forward through their gates,
//! stepped back freely, ended as won or lost; every move entered in the stage history with its
//! date, and every change of the expected close date recorded (a later date is a slip).

use super::gates::{unmet, GateSettings};
use crate::domain::date::Date;
use crate::domain::model::{CloseDateChange, FunnelStage, GateOverride, Id, Opportunity, StageChange};

/// The open stages in funnel order.
pub const OPEN_STAGES: [FunnelStage; 4] =
    [FunnelStage::Identify, FunnelStage::Qualify, FunnelStage::Develop, FunnelStage::Propose];

/// Position in the funnel: 0 for 鉴别商机 … 3 for 制定方案, 4 for both results.
pub fn rank(stage: FunnelStage) -> usize {
    OPEN_STAGES.iter().position(|&s| s == stage).unwrap_or(OPEN_STAGES.len())
}

/// The stage after an open one (won after the proposal); `None` for a result.
pub fn next(stage: FunnelStage) -> Option<FunnelStage> {
    match stage {
        FunnelStage::Won | FunnelStage::Lost => None,
        _ => Some(OPEN_STAGES.get(rank(stage) + 1).copied().unwrap_or(FunnelStage::Won)),
    }
}

/// Why a stage move is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoveError {
    /// The opportunity is already in that stage.
    SameStage,
    /// Won and lost are final.
    Closed,
    /// A lost opportunity needs its reason first.
    MissingLostReason,
    /// Gate criteria of the stages left are unmet (ids, in funnel then gate order); moving needs
    /// an override.
    Blocked { unmet: Vec<String> },
    /// An override needs a reason to log.
    MissingOverrideReason,
}

/// The user's explicit decision to move past unmet criteria.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Override {
    pub by: Id,
    pub reason: String,
}

/// The gate criteria unmet for moving `opportunity` to `to`: those of every stage left on the way
/// forward (none for a step back or a loss).
pub fn unmet_for_move(opportunity: &Opportunity, to: FunnelStage, gates: &GateSettings) -> Vec<String> {
    let backward = rank(to) <= rank(opportunity.stage) && to != FunnelStage::Won;
    if to == FunnelStage::Lost || backward {
        return Vec::new();
    }
    OPEN_STAGES[rank(opportunity.stage).min(OPEN_STAGES.len())..rank(to).min(OPEN_STAGES.len())]
        .iter()
        .flat_map(|&stage| unmet(opportunity, stage, gates))
        .collect()
}

/// Moves `opportunity` to `to` on `on`, entering it in the history. Forward moves pass the
/// gates of every stage left; with unmet criteria they are refused unless `override_` is given,
/// and then the returned record says who moved past what and why (the caller logs it; it is also
/// kept on the opportunity). Nothing changes when the move is refused.
pub fn move_stage(
    opportunity: &mut Opportunity,
    to: FunnelStage,
    on: Date,
    gates: &GateSettings,
    override_: Option<&Override>,
) -> Result<Option<GateOverride>, MoveError> {
    let from = opportunity.stage;
    if to == from {
        return Err(MoveError::SameStage);
    }
    if !from.is_open() {
        return Err(MoveError::Closed);
    }
    if to == FunnelStage::Lost && opportunity.lost_reason.trim().is_empty() {
        return Err(MoveError::MissingLostReason);
    }
    let unmet = unmet_for_move(opportunity, to, gates);
    let record = match (unmet.is_empty(), override_) {
        (true, _) => None,
        (false, None) => return Err(MoveError::Blocked { unmet }),
        (false, Some(o)) if o.reason.trim().is_empty() => return Err(MoveError::MissingOverrideReason),
        (false, Some(o)) => {
            Some(GateOverride { date: Some(on), by: o.by, from, to, unmet, reason: o.reason.trim().to_owned() })
        }
    };
    opportunity.stage = to;
    opportunity.history.push(StageChange { stage: to, date: Some(on) });
    if let Some(record) = &record {
        opportunity.gate_overrides.push(record.clone());
    }
    Ok(record)
}

/// When the opportunity entered its current stage, as the history says.
pub fn entered_current_stage(opportunity: &Opportunity) -> Option<Date> {
    opportunity.history.iter().rev().find(|c| c.stage == opportunity.stage).and_then(|c| c.date)
}

/// The day a won or lost opportunity was decided.
pub fn closed_on(opportunity: &Opportunity) -> Option<Date> {
    (!opportunity.stage.is_open()).then(|| entered_current_stage(opportunity)).flatten()
}

/// Sets the expected close date, recording the change on `on`; `None` when the date is unchanged.
pub fn change_expected_close(opportunity: &mut Opportunity, to: Option<Date>, on: Date) -> Option<CloseDateChange> {
    if opportunity.expected_close == to {
        return None;
    }
    let change = CloseDateChange { changed: Some(on), from: opportunity.expected_close, to };
    opportunity.expected_close = to;
    opportunity.close_date_changes.push(change.clone());
    Some(change)
}

/// A change that pushed the close date later (a date given up counts as a slip too).
pub fn is_slip(change: &CloseDateChange) -> bool {
    match (change.from, change.to) {
        (Some(from), Some(to)) => to > from,
        (Some(_), None) => true,
        _ => false,
    }
}

/// How often the close date slipped, and by how many days in all.
pub fn slips(opportunity: &Opportunity) -> (usize, i32) {
    opportunity.close_date_changes.iter().filter(|c| is_slip(c)).fold((0, 0), |(count, days), c| {
        let pushed = match (c.from, c.to) {
            (Some(from), Some(to)) => to.days_since(from),
            _ => 0,
        };
        (count + 1, days + pushed)
    })
}

/// The expected close date as it stood at the end of `day`: the last change made by then, the
/// date before the first change when all came later, the current date when none is recorded.
pub fn expected_close_as_of(opportunity: &Opportunity, day: Date) -> Option<Date> {
    let changes = &opportunity.close_date_changes;
    match changes.iter().rev().find(|c| c.changed.is_some_and(|d| d <= day)) {
        Some(change) => change.to,
        None => changes.first().map_or(opportunity.expected_close, |c| c.from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Man;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn at(stage: FunnelStage) -> Opportunity {
        Opportunity {
            stage,
            history: vec![StageChange { stage, date: Some(d("2024-01-10")) }],
            ..Opportunity::default()
        }
    }

    #[test]
    fn order_and_next() {
        use FunnelStage as S;
        let check = |stage, rank_: usize, next_| assert_eq!((rank(stage), next(stage)), (rank_, next_), "{stage:?}");
        check(S::Identify, 0, Some(S::Qualify));
        check(S::Qualify, 1, Some(S::Develop));
        check(S::Develop, 2, Some(S::Propose));
        check(S::Propose, 3, Some(S::Won));
        check(S::Won, 4, None);
        check(S::Lost, 4, None);
    }

    #[test]
    fn moves_through_gates() {
        use FunnelStage as S;
        let gates = GateSettings::default();
        let all_met = || {
            let mut o = at(S::Identify);
            o.man = Man { money: true, authority: true, need: true };
            o.criteria_met = ["identify_contact_known", "identify_need_described", "develop_site_visit_done"]
                .map(String::from)
                .to_vec();
            o
        };
        let blocked = |ids: &[&str]| Err(MoveError::Blocked { unmet: ids.iter().map(|s| s.to_string()).collect() });
        let check = |mut o: Opportunity, to, expected: Result<Option<GateOverride>, MoveError>| {
            let before = o.clone();
            let result = move_stage(&mut o, to, d("2024-02-01"), &gates, None);
            assert_eq!(result, expected, "{:?} → {to:?}", before.stage);
            if result.is_ok() {
                assert_eq!(
                    (o.stage, o.history.last()),
                    (to, Some(&StageChange { stage: to, date: Some(d("2024-02-01")) }))
                );
            } else {
                assert_eq!(o, before, "a refused move changes nothing");
            }
        };
        check(at(S::Identify), S::Qualify, blocked(&["identify_contact_known", "identify_need_described"]));
        check(all_met(), S::Qualify, Ok(None));
        check(all_met(), S::Develop, Ok(None));
        check(all_met(), S::Propose, blocked(&["develop_requirements_confirmed"]));
        check(
            all_met(),
            S::Won,
            blocked(&["develop_requirements_confirmed", "propose_quote_sent", "propose_terms_agreed"]),
        );
        // mAN (no money yet) with its strategy as the task leaves qualification; maN does not.
        let qualifying = |man, task: &str| Opportunity { man, strategy_task: task.into(), ..at(S::Qualify) };
        let no_money = Man { money: false, authority: true, need: true };
        check(qualifying(no_money, "mAN"), S::Develop, Ok(None));
        check(qualifying(no_money, ""), S::Develop, blocked(&["qualify_money"]));
        check(
            qualifying(Man { need: true, ..Man::default() }, "maN"),
            S::Develop,
            blocked(&["qualify_money", "qualify_authority"]),
        );
        check(at(S::Propose), S::Develop, Ok(None));
        check(at(S::Propose), S::Identify, Ok(None));
        check(at(S::Qualify), S::Lost, Err(MoveError::MissingLostReason));
        check(Opportunity { lost_reason: "价格".into(), ..at(S::Qualify) }, S::Lost, Ok(None));
        check(at(S::Won), S::Propose, Err(MoveError::Closed));
        check(at(S::Lost), S::Identify, Err(MoveError::Closed));
        check(at(S::Develop), S::Develop, Err(MoveError::SameStage));
    }

    #[test]
    fn override_moves_past_unmet_criteria_and_is_recorded() {
        let gates = GateSettings::default();
        let mut o = at(FunnelStage::Qualify);
        o.man.need = true;
        let without_reason = Override { by: 4, reason: "  ".into() };
        assert_eq!(
            move_stage(&mut o, FunnelStage::Develop, d("2024-03-01"), &gates, Some(&without_reason)),
            Err(MoveError::MissingOverrideReason)
        );
        let decided = Override { by: 4, reason: " 老客户，预算已批 ".into() };
        let record = move_stage(&mut o, FunnelStage::Develop, d("2024-03-01"), &gates, Some(&decided)).unwrap();
        let expected = GateOverride {
            date: Some(d("2024-03-01")),
            by: 4,
            from: FunnelStage::Qualify,
            to: FunnelStage::Develop,
            unmet: vec!["qualify_money".into(), "qualify_authority".into()],
            reason: "老客户，预算已批".into(),
        };
        assert_eq!(record, Some(expected.clone()));
        assert_eq!((o.stage, o.gate_overrides.as_slice()), (FunnelStage::Develop, &[expected][..]));
        assert_eq!(entered_current_stage(&o), Some(d("2024-03-01")));
        assert_eq!(closed_on(&o), None);
    }

    #[test]
    fn close_date_changes_and_slips() {
        let mut o = Opportunity { expected_close: Some(d("2024-05-31")), ..Opportunity::default() };
        assert_eq!(change_expected_close(&mut o, Some(d("2024-05-31")), d("2024-04-01")), None);
        let slip = change_expected_close(&mut o, Some(d("2024-06-30")), d("2024-05-20")).unwrap();
        assert!(is_slip(&slip));
        assert!(!is_slip(&change_expected_close(&mut o, Some(d("2024-06-15")), d("2024-06-01")).unwrap()));
        assert!(is_slip(&change_expected_close(&mut o, Some(d("2024-07-15")), d("2024-06-10")).unwrap()));
        assert_eq!(slips(&o), (2, 30 + 30));
        for (day, expected) in [
            ("2024-01-01", "2024-05-31"),
            ("2024-05-19", "2024-05-31"),
            ("2024-05-20", "2024-06-30"),
            ("2024-06-05", "2024-06-15"),
            ("2024-12-31", "2024-07-15"),
        ] {
            assert_eq!(expected_close_as_of(&o, d(day)), Some(d(expected)), "{day}");
        }
        assert_eq!(expected_close_as_of(&Opportunity::default(), d("2024-01-01")), None);
    }
}
