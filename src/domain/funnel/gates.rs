//! Stage gates (阶段升级标准): the promotion criteria an opportunity must meet to leave a stage,
//! as data the user edits in Settings. Each criterion has a stable id (the UI names it; the
//! opportunity stores the ids ticked in `criteria_met`). Money, authority and need criteria are
//! not ticked but read from the opportunity's MAN, which is how MAN feeds qualification. One
//! missing MAN condition is no exception but a case with its strategy (seed 003): recorded on the
//! opportunity as a task, it stands in for that condition; two or more missing still need an
//! override.

use super::man::ManCombination;
use crate::domain::model::{labelled_enum, FunnelStage, Opportunity};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// How a criterion is decided: ticked by hand, or read from one MAN condition.
    CriterionCheck { Ticked = "ticked", Money = "money", Authority = "authority", Need = "need" }
);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Criterion {
    /// Stable, unique across all gates.
    pub id: String,
    pub check: CriterionCheck,
}

/// The criteria to meet before leaving `stage` for a later one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StageGate {
    pub stage: FunnelStage,
    pub criteria: Vec<Criterion>,
}

/// Every stage's gate; a stage without one can be left freely.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GateSettings {
    pub gates: Vec<StageGate>,
}

impl Default for GateSettings {
    /// Criteria after the funnel's method: a named need and contact before qualifying, MAN before
    /// development, a confirmed requirement before a proposal, an accepted quote before the result.
    fn default() -> GateSettings {
        let ticked = |id: &str| Criterion { id: id.to_owned(), check: CriterionCheck::Ticked };
        let man = |id: &str, check| Criterion { id: id.to_owned(), check };
        let gate = |stage, criteria| StageGate { stage, criteria };
        GateSettings {
            gates: vec![
                gate(FunnelStage::Identify, vec![ticked("identify_contact_known"), ticked("identify_need_described")]),
                gate(
                    FunnelStage::Qualify,
                    vec![
                        man("qualify_money", CriterionCheck::Money),
                        man("qualify_authority", CriterionCheck::Authority),
                        man("qualify_need", CriterionCheck::Need),
                    ],
                ),
                gate(
                    FunnelStage::Develop,
                    vec![ticked("develop_site_visit_done"), ticked("develop_requirements_confirmed")],
                ),
                gate(FunnelStage::Propose, vec![ticked("propose_quote_sent"), ticked("propose_terms_agreed")]),
            ],
        }
    }
}

impl GateSettings {
    pub fn gate(&self, stage: FunnelStage) -> Option<&StageGate> {
        self.gates.iter().find(|g| g.stage == stage)
    }
}

/// Whether `opportunity` meets `criterion` now.
pub fn is_met(opportunity: &Opportunity, criterion: &Criterion) -> bool {
    match criterion.check {
        CriterionCheck::Ticked => opportunity.criteria_met.contains(&criterion.id),
        CriterionCheck::Money => opportunity.man.money,
        CriterionCheck::Authority => opportunity.man.authority,
        CriterionCheck::Need => opportunity.man.need,
    }
}

/// Whether `opportunity` misses exactly one MAN condition and has the strategy of that
/// combination recorded as a task: its MAN criteria then count as met.
pub fn strategy_covers(opportunity: &Opportunity) -> bool {
    let combination = ManCombination::of(opportunity.man);
    combination.met() == 2 && opportunity.strategy_task == combination.code()
}

/// The ids of the criteria of `stage`'s gate that `opportunity` does not meet, in gate order;
/// MAN criteria the recorded strategy covers ([`strategy_covers`]) are not among them.
pub fn unmet(opportunity: &Opportunity, stage: FunnelStage, settings: &GateSettings) -> Vec<String> {
    let covered = strategy_covers(opportunity);
    let waived = |c: &Criterion| covered && c.check != CriterionCheck::Ticked;
    let counts = |c: &&Criterion| !(is_met(opportunity, c) || waived(c));
    settings
        .gate(stage)
        .map(|gate| gate.criteria.iter().filter(counts).map(|c| c.id.clone()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Man;

    #[test]
    fn default_gates_cover_every_open_stage_with_unique_ids() {
        let settings = GateSettings::default();
        let stages: Vec<FunnelStage> = settings.gates.iter().map(|g| g.stage).collect();
        assert_eq!(stages, FunnelStage::ALL[..4]);
        let mut ids: Vec<&str> = settings.gates.iter().flat_map(|g| g.criteria.iter().map(|c| c.id.as_str())).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn unmet_criteria_follow_ticks_and_man() {
        let settings = GateSettings::default();
        let check = |ticked: &[&str], man: Man, stage, expected: &[&str]| {
            let opportunity = Opportunity {
                criteria_met: ticked.iter().map(|t| t.to_string()).collect(),
                man,
                ..Opportunity::default()
            };
            assert_eq!(unmet(&opportunity, stage, &settings), expected, "{ticked:?} {man:?} {stage:?}");
        };
        let none = Man::default();
        let all = Man { money: true, authority: true, need: true };
        use FunnelStage as S;
        check(&[], none, S::Identify, &["identify_contact_known", "identify_need_described"]);
        check(&["identify_need_described"], none, S::Identify, &["identify_contact_known"]);
        check(&["identify_contact_known", "identify_need_described"], none, S::Identify, &[]);
        check(&[], none, S::Qualify, &["qualify_money", "qualify_authority", "qualify_need"]);
        check(&[], Man { need: true, ..none }, S::Qualify, &["qualify_money", "qualify_authority"]);
        check(&["qualify_money"], none, S::Qualify, &["qualify_money", "qualify_authority", "qualify_need"]);
        check(&[], all, S::Qualify, &[]);
        check(&["propose_quote_sent"], all, S::Propose, &["propose_terms_agreed"]);
        check(&[], none, S::Won, &[]);
    }

    /// Rule 6 of issue 24, by hand: one condition missing with its combination's strategy
    /// recorded as a task leaves qualification; without the task, with another combination's,
    /// or with two missing, the MAN criteria stay unmet.
    #[test]
    fn one_missing_condition_with_its_strategy_as_a_task_passes_qualification() {
        let settings = GateSettings::default();
        let man = |code: &str| ManCombination::ALL.into_iter().find(|c| c.code() == code).unwrap().man();
        for (code, task, expected) in [
            ("mAN", "mAN", vec![]),
            ("MaN", "MaN", vec![]),
            ("MAn", "MAn", vec![]),
            ("mAN", "", vec!["qualify_money"]),
            ("mAN", "MaN", vec!["qualify_money"]),
            ("maN", "maN", vec!["qualify_money", "qualify_authority"]),
            ("man", "man", vec!["qualify_money", "qualify_authority", "qualify_need"]),
            ("MAN", "mAN", vec![]),
        ] {
            let opportunity = Opportunity { man: man(code), strategy_task: task.into(), ..Opportunity::default() };
            assert_eq!(unmet(&opportunity, FunnelStage::Qualify, &settings), expected, "{code} with task {task:?}");
            assert_eq!(strategy_covers(&opportunity), expected.is_empty() && code != "MAN", "{code} {task:?}");
        }
        // Ticked criteria are not covered by a strategy.
        let opportunity = Opportunity { man: man("mAN"), strategy_task: "mAN".into(), ..Opportunity::default() };
        assert_eq!(unmet(&opportunity, FunnelStage::Identify, &settings).len(), 2);
    }

    #[test]
    fn settings_round_trip_through_json() {
        let settings = GateSettings::default();
        let json = serde_json::to_string(&settings).unwrap();
        assert!(json.contains("\"check\":\"money\""), "{json}");
        assert_eq!(serde_json::from_str::<GateSettings>(&json).unwrap(), settings);
        assert_eq!(serde_json::from_str::<GateSettings>("{}").unwrap(), settings, "missing gates read as defaults");
    }
}
